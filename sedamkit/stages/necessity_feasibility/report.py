"""Stage 01's section of the client report: ``section(ctx)`` returns the executive-summary lines
(``(kind, html)``: the decision and its reason) and the section's HTML (``ctx`` is a
:class:`sedamkit.delivery.report.ReportContext`). Areas are named by the questionnaire's titles in the
report's language; respondents appear only as the client's setting allows (pseudonyms by default)."""
from __future__ import annotations

from ...core.text import esc

__all__ = ["section"]


def section(ctx):
    import pandas as pd

    d = ctx.results["01_necessity_feasibility"]
    titles = {a["area"]: a["title"] for a in d["areas"]}
    label = ctx.tr(f"report.decision_{d['decision']}")
    n_resp = len(d.get("respondents") or [])
    blocking = [titles.get(a, a) for a in d.get("blocking_gaps") or []]
    decision = (f"<b>{esc(ctx.tr('report.decision'))}: {esc(label)}.</b> "
                + esc(ctx.count("rpt.readiness_overall", n_resp, score=ctx.score(d.get("overall")))))
    summary = [("decision", decision)]
    if blocking:
        summary.append(("reason", f"<b>{esc(ctx.tr('report.sum_readiness'))}:</b> "
                        + esc(ctx.tr("rpt.sum_blocking", areas=ctx.join(blocking))) + "."))
        summary.append(("next", esc(ctx.tr("rpt.next_blocking", areas=ctx.join(blocking[:3])))))
    elif d.get("weakest"):
        summary.append(("reason", f"<b>{esc(ctx.tr('report.sum_readiness'))}:</b> "
                        + esc(ctx.tr("rpt.sum_weakest", areas=ctx.join(titles.get(a, a) for a in d["weakest"][:3]))) + "."))
    areas = pd.DataFrame(d["areas"])
    groups = {g["group"]: g.get("title") or g["group"] for g in d.get("groups") or []}
    areas["group_title"] = areas["group"].map(lambda g: groups.get(g, g).split(":")[0].strip())
    areas["blocking_word"] = areas["blocking"].map(lambda b: ctx.tr("report.blocking_word") if b else "")
    areas["consensus_word"] = areas["consensus"].map(lambda c: ctx.tr("report.consensus_yes") if c
                                                     else ctx.tr("report.consensus_no"))
    cols = [("title", "rpt.col.area", "text"), ("group_title", "rpt.col.group", "text"),
            ("score", "rpt.col.score", "int"), ("sd", "rpt.col.spread", "int"),
            ("threshold", "rpt.col.threshold", "int"), ("consensus_word", "rpt.col.consensus", "text"),
            ("blocking_word", "rpt.col.blocking", "text")]
    if "dont_know" in areas and areas["dont_know"].fillna(0).any():
        cols.append(("dont_know", "rpt.col.dont_know", "int"))
    alt = ctx.tr("report.alt_radar") + ": " + "; ".join(
        f"{a['title']} {ctx.n(a['score'])}" for a in d["areas"] if a["score"] is not None) + "."
    nf = ""
    if d.get("need") is not None and d.get("feasibility") is not None:
        nf = esc(ctx.tr("rpt.need_feasibility", need=ctx.score(d["need"]), feasibility=ctx.score(d["feasibility"]))) + " "
    body = [f"<p><b>{esc(ctx.tr('report.decision'))}: {esc(label)}.</b> " + nf
            + " ".join(esc(r) for r in d.get("reasons") or []) + "</p>",
            ctx.figure("01_readiness_radar", alt, ctx.tr("report.cap_radar")),
            ctx.table(areas, "readiness_areas", ctx.tr("report.cap_areas"), cols=cols, export=pd.DataFrame(d["areas"]))]
    if d.get("no_consensus"):
        body.append(f"<p>{esc(ctx.tr('report.disagree'))}: " + esc(ctx.join(titles.get(a, a) for a in d["no_consensus"]))
                    + f" — {esc(ctx.tr('report.discuss'))}.</p>")
    labels = ctx.respondent_labels()
    if labels:
        who = ctx.join(labels[r] for r in sorted(labels))
        alt = ctx.tr("rpt.alt_heatmap", who=who)
        body.append(ctx.figure("01_respondent_heatmap", alt, ctx.tr("rpt.cap_heatmap")))
    return summary, "\n".join(body)
