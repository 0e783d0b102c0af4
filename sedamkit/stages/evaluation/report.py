"""Stage 05's section of the client report: ``section(ctx)`` returns the executive-summary
lines and the section's HTML (``ctx`` is a :class:`sedamkit.delivery.report.ReportContext`)."""
from __future__ import annotations

from ...core.text import esc

__all__ = ["section", "STATUS_WORD"]

STATUS_WORD = {"met": "report.status_met", "on_track": "report.status_on_track",
               "off_track": "report.status_off_track", "not_measurable": "report.status_not_measurable"}


def section(ctx):
    import pandas as pd

    d = ctx.results["05_evaluation"]
    counts = d.get("status_counts", {})
    count_text = ", ".join(f"{counts.get(k, 0)} {ctx.tr(v)}" for k, v in STATUS_WORD.items())
    lag = [r["region"] for r in d.get("lagging_regions", []) if r.get("n_lagging")]
    extra = []
    if d.get("off_track"):
        extra.append(ctx.tr("report.sum_off_track", kpis=", ".join(d["off_track"])))
    if d.get("poorly_rated"):
        extra.append(ctx.tr("report.sum_poor", items=", ".join(d["poorly_rated"])))
    if lag:
        extra.append(ctx.tr("report.sum_lagging", regions=", ".join(lag)))
    summary = [f"<b>{esc(ctx.tr('report.sum_kpis', as_of=d.get('as_of', '')))}:</b> {esc(count_text)}"
               + "".join(f"; {esc(x)}" for x in extra) + "."]
    body = []
    m = d.get("mission") or {}
    if m and m.get("overall") is None:  # no mission-review answers: say what is missing and how to add it
        body.append(f"<p><b>{ctx.tr('report.mission')}.</b> {esc(m.get('text'))} — "
                    + esc(ctx.tr("report.mission_not_reviewed")) + "</p>")
    elif m:
        body.append(f"<p><b>{ctx.tr('report.mission')}.</b> {esc(m.get('text'))} — "
                    + esc(ctx.tr("report.mission_review", score=f"{m['overall']:.0f}",
                                 verdict=m.get("verdict", ""))) + "</p>")
    kpis = pd.DataFrame(d.get("kpis", []))
    if not kpis.empty:
        kpis["status"] = kpis["status"].map(lambda s: ctx.tr(STATUS_WORD.get(s, "report.status_not_measurable")))
        alt = ctx.tr("report.alt_dashboard") + ": " + "; ".join(
            f"{r['kpi_id']} {r['name']}: {r['status']}" for _, r in kpis.iterrows()) + "."
        body.append(ctx.figure("05_kpi_dashboard", alt, ctx.tr("report.cap_dashboard")))
        body.append(ctx.table(kpis.reindex(columns=["kpi_id", "name", "unit", "direction", "baseline", "target",
                                                    "latest", "expected", "status", "significant"]),
                              "kpi_status", ctx.tr("report.cap_kpi_status")))
    lagging = pd.DataFrame(d.get("lagging_regions", []))
    if not lagging.empty:
        alt = ctx.tr("report.alt_regions") + ": " + "; ".join(
            f"{r['region']} {r['n_lagging']}/{r['n_kpis']}" for _, r in lagging.iterrows()) + "."
        body.append(ctx.figure("05_regions", alt, ctx.tr("report.cap_regions")))
        body.append(ctx.table(lagging.reindex(columns=["region", "n_lagging", "n_kpis", "kpis", "gaps"]),
                              "lagging_regions", ctx.tr("report.cap_lagging")))
    appr = pd.DataFrame(d.get("approaches", []))
    if not appr.empty and not appr["rated"].any():
        body.append(f"<p>{esc(ctx.tr('report.approaches_not_rated'))}</p>")
    elif not appr.empty:
        alt = ctx.tr("report.alt_approaches") + ": " + "; ".join(
            f"{r['name']} {r['suitable']}/{r['beneficial']}/{r['used']}" for _, r in appr.iterrows() if r["rated"]) + "."
        body.append(ctx.figure("05_approach_ratings", alt, ctx.tr("report.cap_approaches")))
        body.append(ctx.table(appr.reindex(columns=["approach", "name", "phase_id", "suitable", "beneficial", "used", "poor",
                                                    "weak_on"]), "approach_ratings", ctx.tr("report.cap_approaches")))
    return summary, "\n".join(body)
