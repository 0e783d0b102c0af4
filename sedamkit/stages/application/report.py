"""Stage 03's section of the client report: ``section(ctx)`` returns the executive-summary
lines and the section's HTML (``ctx`` is a :class:`sedamkit.delivery.report.ReportContext`)."""
from __future__ import annotations

from ...core.text import esc

__all__ = ["section"]


def section(ctx):
    import pandas as pd

    from ...core.model import ELEMENTS

    d = ctx.results["03_application"]
    names = {e.id: e.name for e in ELEMENTS}
    gaps = d.get("gaps", [])
    top = [f"{g['element']} {names.get(g['element'], '')}" for g in gaps[:3]]
    summary = [f"<b>{ctx.tr('report.sum_coverage')}:</b> "
               + esc(ctx.tr("report.sum_coverage_text", maturity=f"{d.get('maturity_mean', 0):.1f}", n=len(gaps)))
               + (f", {esc(ctx.tr('report.sum_first', items='; '.join(top)))}" if top else "") + "."]
    mat = d.get("maturity", {})
    alt = ("Coverage grid of the nine elements: maturity " + ", ".join(f"{k} {v}" for k, v in mat.items())
           + "; gaps at " + (", ".join(g["element"] for g in gaps) or "no element") + ".")
    body = [ctx.figure("03_coverage", alt, ctx.tr("report.cap_coverage"))]
    cov = pd.DataFrame(d.get("coverage", []))
    if not cov.empty:
        body.append(ctx.table(cov.reindex(columns=["element", "element_name", "maturity", "n_in_use", "n_planned",
                                                   "is_gap"]), "coverage", ctx.tr("report.cap_coverage_table")))
    if gaps:
        g = pd.DataFrame(gaps).reindex(columns=["rank", "element", "element_name", "maturity", "score", "reasons"])
        g["suggested approaches"] = g["element"].map(lambda e: ", ".join(d.get("suggestions", {}).get(e, [])))
        body.append(ctx.table(g, "gaps", ctx.tr("report.cap_gaps")))
    return summary, "\n".join(body)
