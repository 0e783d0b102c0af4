"""Stage 03's section of the client report: ``section(ctx)`` returns the executive-summary lines and
the section's HTML (``ctx`` is a :class:`sedamkit.delivery.report.ReportContext`). Elements and
approaches are shown by their catalogue names in the report's language; a gap's reasons are written
from its numbers."""
from __future__ import annotations

from ...core.text import esc

__all__ = ["section"]


def section(ctx):
    import pandas as pd

    d = ctx.results["03_application"]
    gaps = d.get("gaps", [])
    top = [ctx.element(g["element"]) for g in gaps[:3]]
    text = ctx.count("rpt.sum_coverage", len(gaps), maturity=ctx.n(d.get("maturity_mean", 0), 1))
    summary = [("reason", f"<b>{esc(ctx.tr('report.sum_coverage'))}:</b> " + esc(text)
                + (f"; {esc(ctx.tr('rpt.sum_first', items=ctx.join(top)))}" if top else "") + ".")]
    mat = d.get("maturity", {})
    alt = (ctx.tr("rpt.alt_coverage") + ": " + "; ".join(f"{ctx.element(k)} {ctx.n(v)}" for k, v in mat.items()) + ". "
           + ctx.tr("rpt.alt_coverage_gaps", elements=ctx.join(ctx.element(g["element"]) for g in gaps) or ctx.tr("rpt.none")) + ".")
    body = [ctx.figure("03_coverage", alt, ctx.tr("report.cap_coverage"))]
    cov = pd.DataFrame(d.get("coverage", []))
    if not cov.empty:
        cov["element_title"] = cov["element"].map(ctx.element)
        cov["maturity_word"] = cov["maturity"].map(lambda m: ctx.tr(f"rpt.maturity.{int(m)}") if m == m and m is not None else "")
        body.append(ctx.table(cov, "coverage", ctx.tr("report.cap_coverage_table"),
                              cols=[("element_title", "rpt.col.element", "text"), ("maturity_word", "rpt.col.maturity", "text"),
                                    ("n_in_use", "rpt.col.n_in_use", "int"), ("n_planned", "rpt.col.n_planned", "int"),
                                    ("is_gap", "rpt.col.is_gap", "yesno")]))
    if gaps:
        g = pd.DataFrame(gaps)
        g["position"] = range(1, len(g) + 1)  # gaps only: the priority rank counts every element
        g["element_title"] = g["element"].map(ctx.element)
        g["why"] = [ctx.gap_reasons(x) for x in gaps]
        g["suggested"] = g["element"].map(lambda e: ctx.approaches(d.get("suggestions", {}).get(e, [])))
        body.append(ctx.table(g, "gaps", ctx.tr("report.cap_gaps"),
                              cols=[("position", "rpt.col.rank", "int"), ("element_title", "rpt.col.element", "text"),
                                    ("why", "rpt.col.why", "text"), ("suggested", "rpt.col.suggested", "text")]))
    return summary, "\n".join(body)
