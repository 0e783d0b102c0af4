"""Stage 06's section of the client report: ``section(ctx)`` returns the executive-summary
lines and the section's HTML (``ctx`` is a :class:`sedamkit.delivery.report.ReportContext`)."""
from __future__ import annotations

from pathlib import Path

from ...core.text import esc, markdown_html

__all__ = ["section"]


def section(ctx):
    import pandas as pd

    d = ctx.results["06_improvement"]
    cands = pd.DataFrame(d.get("candidates", []))
    top = []
    if not cands.empty:
        by_id = cands.set_index("candidate")["title"].to_dict()
        top = [by_id.get(c, c) for c in d.get("top_actions", [])[:3]]
    new_plan = Path((d.get("plan") or {}).get("new") or "").name
    summary = [f"<b>{ctx.tr('report.sum_next')}:</b> " + esc("; ".join(top) or "—")
               + (f" ({esc(ctx.tr('report.sum_new_plan', file=new_plan))})" if new_plan else "") + "."]
    body = [markdown_html(d.get("summary", ""))]
    if not cands.empty:
        alt = ctx.tr("report.alt_matrix") + ": " + "; ".join(
            f"{r['title']} ({r['quadrant']})" for _, r in cands.head(8).iterrows()) + "."
        body.append(ctx.figure("06_impact_effort", alt, ctx.tr("report.cap_matrix")))
        body.append(ctx.table(cands.reindex(columns=["rank", "candidate", "title", "source", "heading", "quadrant",
                                                     "impact", "effort"]), "improvement_candidates",
                              ctx.tr("report.cap_candidates")))
    changes = pd.DataFrame(d.get("changes", []))
    if not changes.empty:
        body.append(ctx.table(changes.reindex(columns=["change", "section", "id", "applied", "reason"]),
                              "plan_changes", ctx.tr("report.cap_changes")))
    if new_plan:
        body.append(f"<p class='muted'>{esc(ctx.tr('report.new_plan_note', file=new_plan))}</p>")
    return summary, "\n".join(body)
