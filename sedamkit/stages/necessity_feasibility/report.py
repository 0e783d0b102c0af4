"""Stage 01's section of the client report: ``section(ctx)`` returns the executive-summary
lines and the section's HTML (``ctx`` is a :class:`sedamkit.delivery.report.ReportContext`)."""
from __future__ import annotations

from ...core.text import esc

__all__ = ["section"]


def section(ctx):
    import pandas as pd

    d = ctx.results["01_necessity_feasibility"]
    titles = {a["area"]: a["title"] for a in d["areas"]}
    label = ctx.tr(f"report.decision_{d['decision']}")
    blocking = [titles.get(a, a) for a in d["blocking_gaps"]]
    summary = [f"<b>{ctx.tr('report.sum_readiness')}:</b> "
               + esc(ctx.tr("report.sum_readiness_text", decision=label, score=f"{d['overall']:.0f}",
                            n=len(d["respondents"])))
               + (f"; {esc(ctx.tr('report.sum_blocking', gaps=', '.join(blocking)))}." if blocking else ".")]
    cols = ["title", "group", "score", "sd", "threshold", "consensus", "blocking"]
    areas = pd.DataFrame(d["areas"])
    areas = areas[cols + [c for c in ("dont_know",) if c in areas]]
    areas = areas.rename(columns={"title": "area", "sd": "spread (sd)", "dont_know": "don't know"})
    areas["consensus"] = areas["consensus"].map({True: ctx.tr("report.consensus_yes"),
                                                 False: ctx.tr("report.consensus_no")})
    areas["blocking"] = areas["blocking"].map({True: ctx.tr("report.blocking_word"), False: ""})
    alt = ctx.tr("report.alt_radar") + ": " + "; ".join(
        f"{a['title']} {a['score']:.0f}" for a in d["areas"] if a["score"] is not None) + "."
    nf = (esc(ctx.tr("report.need_feasibility", need=f"{d['need']:.0f}", feasibility=f"{d['feasibility']:.0f}",
                     n=len(d["respondents"]))) + " ") if d.get("need") is not None and d.get("feasibility") is not None else ""
    body = [f"<p><b>{ctx.tr('report.decision')}: {esc(label)}.</b> " + nf + " ".join(esc(r) for r in d["reasons"])
            + "</p>",
            ctx.figure("01_readiness_radar", alt, ctx.tr("report.cap_radar")),
            ctx.table(areas, "readiness_areas", ctx.tr("report.cap_areas"))]
    if d.get("no_consensus"):
        body.append(f"<p>{ctx.tr('report.disagree')}: " + esc(", ".join(titles[a] for a in d["no_consensus"]))
                    + f" — {ctx.tr('report.discuss')}.</p>")
    body.append(ctx.figure("01_respondent_heatmap", ctx.tr("report.alt_heatmap"), ctx.tr("report.cap_heatmap")))
    return summary, "\n".join(body)
