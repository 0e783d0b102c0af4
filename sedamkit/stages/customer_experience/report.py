"""Stage 04's section of the client report: ``section(ctx)`` returns the executive-summary
lines and the section's HTML (``ctx`` is a :class:`sedamkit.delivery.report.ReportContext`)."""
from __future__ import annotations

from ...core.text import esc

__all__ = ["section"]


def section(ctx):
    import pandas as pd

    d = ctx.results["04_customer_experience"]
    m = (d.get("metrics") or {}).get("overall", {})

    def fmt(key):
        v = m.get(key) or {}
        return f"{key.upper()} {v['value']:.1f} [{v['ci_low']:.1f}, {v['ci_high']:.1f}]" if v else ""

    q = (d.get("metrics") or {}).get("quarter", "")
    skipped = d.get("skipped") or {}
    metric_line = ", ".join(x for x in (fmt("nps"), fmt("csat"), fmt("ces")) if x)
    head = esc(ctx.tr("report.sum_cx", quarter=q)) if q else esc(ctx.tr("stage.04_customer_experience"))
    facts = [esc(metric_line)] if metric_line else []
    if "journey" not in skipped and "ratings" not in skipped:
        facts.append(esc(ctx.tr("report.sum_cx_text", pain=len(d.get("pain_points", [])),
                                mot=len(d.get("moments_at_risk", [])), privacy=len(d.get("privacy_gaps", [])))))
    elif d.get("kano"):
        facts.append(esc(ctx.tr("report.sum_cx_kano", n=len(d["kano"]), weak=len(d.get("must_be_weak") or []))))
    left = "; ".join(r.split(":")[0].strip() for r in skipped.values())
    summary = [f"<b>{head}:</b> " + "; ".join(facts)
               + (f" ({esc(ctx.tr('cx.left_out_short', parts=left))})" if left else "") + "."]
    body = []
    if skipped:
        body.append("<p class='muted'>" + "<br>".join(esc(ctx.tr("cx.left_out", reason=r))
                                                      for r in skipped.values()) + "</p>")
    body.append("<ul>" + "".join(f"<li>{esc(f)}</li>" for f in d.get("findings", [])) + "</ul>")
    kano = pd.DataFrame(d.get("kano") or [])
    if not kano.empty:
        alt = "Kano better/worse chart: " + "; ".join(
            f"{r.feature} {r.category_name} (better {r.better:.2f}, worse {r.worse:.2f})" for r in kano.itertuples()) + "."
        body.append(ctx.figure("04_kano_better_worse", alt, ctx.tr("report.cap_kano")))
        body.append(ctx.table(kano.reindex(columns=["feature", "category_name", "better", "worse", "significant", "n"]),
                              "kano", ctx.tr("report.cap_kano_table"), floatfmt="{:.2f}"))
    curve = d.get("moments_at_risk", []) + d.get("pain_points", [])
    alt = "Emotion curve along the journey; lowest touchpoints: " + "; ".join(
        f"{p['name']} {p['mean']:.1f}" for p in d.get("pain_points", [])[:5]) + "."
    if "ratings" not in skipped:
        body.append(ctx.figure("04_emotion_curve", alt, ctx.tr("report.cap_curve")))
    if curve:
        pp = pd.DataFrame(d.get("pain_points", [])).reindex(columns=["stage", "name", "mean", "n", "share_low"])
        body.append(ctx.table(pp, "pain_points", ctx.tr("report.cap_pain"), floatfmt="{:.2f}"))
    moves = pd.DataFrame(d.get("moves", []))
    if not moves.empty:
        body.append(ctx.table(moves.reindex(columns=["move", "name", "reason"]), "touchpoint_moves",
                              ctx.tr("report.cap_moves")))
    if d.get("privacy_gaps"):
        body.append(ctx.table(pd.DataFrame(d["privacy_gaps"]), "privacy_gaps",
                              ctx.tr("report.cap_privacy")))
    neg = pd.DataFrame(d.get("negative_comments", []))
    if not neg.empty:
        body.append(ctx.table(neg.reindex(columns=["touchpoint", "comment", "compound"]).head(8), "negative_comments",
                              ctx.tr("report.cap_negative"), floatfmt="{:.2f}"))
    return summary, "\n".join(body)
