"""Stage 05's section of the client report: ``section(ctx)`` returns the executive-summary lines and
the section's HTML (``ctx`` is a :class:`sedamkit.delivery.report.ReportContext`).

KPIs are shown by name with their status in words; the tested period changes (``period_tests``) get a
table with each test's name and a plain verdict after Holm's correction; the programme's own delivery
(``delivery``: phases, deliverables, status, spend) gets a table and one sentence. A part without
input (no mission review, no approach ratings) says in one line what is missing."""
from __future__ import annotations

from ...core.text import esc

__all__ = ["section", "STATUS_WORD"]

STATUS_WORD = {"met": "report.status_met", "on_track": "report.status_on_track",
               "off_track": "report.status_off_track", "not_measurable": "report.status_not_measurable"}
_PHASE_STATUS = ("planned", "in_progress", "delivered", "late", "cancelled")


def _kpi_names(ctx, d) -> dict:
    return {k["kpi_id"]: ctx.kpi(k) for k in d.get("kpis") or []}


def _period_tests(ctx, d, kpi_names) -> str:
    import pandas as pd

    t = pd.DataFrame(d.get("period_tests") or [])
    if t.empty:
        return ""
    t["kpi_name"] = t["kpi_id"].map(lambda k: kpi_names.get(k, k))
    t["where"] = t["region"].map(lambda r: ctx.tr("rpt.all_regions") if r in ("All", "all", None) else r)
    t["periods"] = [ctx.tr("rpt.vs", a=ctx.period(a), b=ctx.period(b)) for a, b in zip(t["period_a"], t["period_b"])]
    t["interval"] = [ctx.tr("rpt.interval", low=ctx.signed(lo, 1), high=ctx.signed(hi, 1)) for lo, hi in zip(t["ci_low"], t["ci_high"])]
    t["test"] = t["method"].map(lambda x: ctx.tr(f"std.test.{x}") if x in ("welch_t", "newcombe", "nps_normal") else ctx.humanise(x))
    t["verdict"] = t["significant"].map(lambda s: ctx.tr("std.test.significant") if s is True else ctx.tr("std.test.not_significant"))
    n_sig = int((t["significant"] == True).sum())  # noqa: E712 — NaN is not significant
    return (f"<h3>{esc(ctx.tr('rpt.h.period_tests'))}</h3><p>{esc(ctx.count('rpt.period_tests_lead', n_sig, total=ctx.n(len(t))))}</p>"
            + ctx.table(t, "period_tests", ctx.tr("rpt.cap_period_tests"),
                        cols=[("kpi_name", "rpt.col.kpi", "text"), ("where", "rpt.col.region", "text"),
                              ("periods", "rpt.col.periods", "text"), ("difference", "rpt.col.difference", "signed"),
                              ("interval", "rpt.col.interval", "text"), ("p_adjusted", "rpt.col.p_holm", "p"),
                              ("test", "rpt.col.test", "text"), ("verdict", "rpt.col.verdict", "text")]))


def _delivery(ctx, d) -> str:
    import pandas as pd

    from ..daap.programme import delivered_text

    rows = [r for r in d.get("delivery") or [] if r.get("phase") != "total"]
    if not rows:
        return ""
    cur = ((ctx.results.get("02_daap") or {}).get("currency"))
    t = pd.DataFrame(rows)
    t["status_word"] = t["status"].map(lambda s: ctx.tr(f"rpt.phase_status.{s}") if s in _PHASE_STATUS else ctx.tr("rpt.phase_status.none"))
    n_due = sum(bool(r.get("due")) for r in rows)
    n_done = sum(bool(r.get("due")) and bool(r.get("delivered")) for r in rows)
    lead = delivered_text(ctx, n_due, n_done)   # the sentence notebook 02 shows too (French agrees with the phases done)
    if not any(r.get("status") for r in rows if r.get("status") in _PHASE_STATUS):
        lead += " " + ctx.tr("rpt.delivery_missing")
    return (f"<h3>{esc(ctx.tr('rpt.h.delivery'))}</h3><p>{esc(lead)}</p>"
            + ctx.table(t, "programme_delivery", ctx.tr("rpt.cap_delivery"), currency=cur, export=pd.DataFrame(d["delivery"]),
                        cols=[("name", "rpt.col.phase", "text"), ("end", "rpt.col.end", "date"),
                              ("status_word", "rpt.col.status", "text"), ("deliverables", "rpt.col.deliverables", "int"),
                              ("budget", "rpt.col.budget", "money"), ("spent", "rpt.col.spent", "money"),
                              ("spend_ratio", "rpt.col.spend_ratio", "share")]))


def section(ctx):
    import pandas as pd

    d = ctx.results["05_evaluation"]
    counts = d.get("status_counts", {})
    names = _kpi_names(ctx, d)
    count_text = ", ".join(ctx.count(f"rpt.n_status.{k}", counts.get(k, 0)) for k in STATUS_WORD)
    lag = [r["region"] for r in d.get("lagging_regions", []) if r.get("n_lagging")]
    appr_names = {a["approach"]: ctx.approach(a["approach"], a.get("name")) for a in d.get("approaches") or []}
    extra = []
    if d.get("off_track"):
        extra.append(ctx.tr("rpt.sum_off_track", kpis=ctx.join(names.get(k, k) for k in d["off_track"])))
    if d.get("poorly_rated"):
        extra.append(ctx.tr("rpt.sum_poor", items=ctx.join(appr_names.get(a, ctx.approach(a)) for a in d["poorly_rated"])))
    if lag:
        extra.append(ctx.count("rpt.sum_lagging", len(lag), regions=ctx.join(lag)))
    head = ctx.tr("rpt.sum_kpis", as_of=ctx.period(d.get("as_of")))
    summary = [("reason", f"<b>{esc(head)}:</b> {esc(count_text)}" + "".join(f"; {esc(x)}" for x in extra) + ".")]
    if d.get("off_track"):
        summary.append(("next", esc(ctx.tr("rpt.next_off_track", kpis=ctx.join(names.get(k, k) for k in d["off_track"][:3])))))
    body = []
    m = d.get("mission") or {}
    if m and m.get("overall") is None:
        body.append(f"<p><b>{esc(ctx.tr('report.mission'))}.</b> {esc(m.get('text'))}</p>" + ctx.missing("rpt.mission_missing"))
    elif m:
        verdict = ctx.tr(f"rpt.mission_verdict.{m.get('verdict')}") if m.get("verdict") in ("sound", "revise") else str(m.get("verdict") or "")
        body.append(f"<p><b>{esc(ctx.tr('report.mission'))}.</b> {esc(m.get('text'))} — "
                    + esc(ctx.tr("rpt.mission_review", score=ctx.score(m["overall"]), verdict=verdict)) + "</p>")
    kpis = pd.DataFrame(d.get("kpis", []))
    if not kpis.empty:
        kpis["kpi_name"] = kpis["kpi_id"].map(lambda k: names.get(k, k))
        kpis["status_word"] = kpis["status"].map(lambda s: ctx.tr(STATUS_WORD.get(s, "report.status_not_measurable")))
        alt = ctx.tr("report.alt_dashboard") + ": " + "; ".join(f"{r['kpi_name']}: {r['status_word']}" for _, r in kpis.iterrows()) + "."
        body.append(ctx.figure("05_kpi_dashboard", alt, ctx.tr("report.cap_dashboard")))
        body.append(ctx.table(kpis, "kpi_status", ctx.tr("report.cap_kpi_status"), export=pd.DataFrame(d["kpis"]),
                              cols=[("kpi_name", "rpt.col.kpi", "text"), ("unit", "rpt.col.unit", "text"),
                                    ("baseline", "rpt.col.baseline", "n1"), ("target", "rpt.col.target", "n1"),
                                    ("latest", "rpt.col.latest", "n1"), ("expected", "rpt.col.expected", "n1"),
                                    ("status_word", "rpt.col.status", "text"), ("significant", "rpt.col.clear_change", "yesno")]))
    body.append(_period_tests(ctx, d, names))
    body.append(_delivery(ctx, d))
    lagging = pd.DataFrame(d.get("lagging_regions", []))
    if not lagging.empty:
        alt = ctx.tr("report.alt_regions") + ": " + "; ".join(
            ctx.tr("rpt.n_of", what=r["region"], n=ctx.n(r["n_lagging"]), total=ctx.n(r["n_kpis"])) for _, r in lagging.iterrows()) + "."
        body.append(ctx.figure("05_regions", alt, ctx.tr("report.cap_regions")))
        lagging["kpi_names"] = lagging["kpis"].map(lambda s: ", ".join(names.get(k, k) for k in str(s or "").split(",") if k))
        body.append(ctx.table(lagging, "lagging_regions", ctx.tr("report.cap_lagging"),
                              cols=[("region", "rpt.col.region", "text"), ("n_lagging", "rpt.col.n_lagging", "int"),
                                    ("n_kpis", "rpt.col.n_kpis", "int"), ("kpi_names", "rpt.col.kpis_lagging", "text")]))
    appr = pd.DataFrame(d.get("approaches", []))
    if not appr.empty and not appr["rated"].any():
        body.append(ctx.missing("rpt.approaches_missing"))
    elif not appr.empty:
        appr["approach_name"] = appr["approach"].map(lambda a: appr_names.get(a, a))
        appr["weak_words"] = appr["weak_on"].map(lambda w: ", ".join(ctx.tr(f"rpt.rating.{x.strip()}") if ctx.has(f"rpt.rating.{x.strip()}") else ctx.humanise(x)
                                                                for x in str(w or "").split(",") if x.strip()))
        rated = appr[appr["rated"]]
        alt = ctx.tr("report.alt_approaches") + ": " + "; ".join(
            f"{r['approach_name']} {ctx.n(r['suitable'], 1)} / {ctx.n(r['beneficial'], 1)} / {ctx.n(r['used'], 1)}" for _, r in rated.iterrows()) + "."
        body.append(ctx.figure("05_approach_ratings", alt, ctx.tr("report.cap_approaches")))
        body.append(ctx.table(rated, "approach_ratings", ctx.tr("rpt.cap_approach_table"), export=appr.drop(columns=["evidence"], errors="ignore"),
                              cols=[("approach_name", "rpt.col.approach", "text"), ("suitable", "rpt.col.suitable", "n1"),
                                    ("beneficial", "rpt.col.beneficial", "n1"), ("used", "rpt.col.used", "n1"),
                                    ("poor", "rpt.col.poor", "yesno"), ("weak_words", "rpt.col.weak_on", "text")]))
        if len(rated) < len(appr):
            body.append(ctx.missing("rpt.approaches_some_missing", n=ctx.n(len(appr) - len(rated))))
    return summary, "\n".join(b for b in body if b)
