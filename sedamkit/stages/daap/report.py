"""Stage 02's section of the client report: ``section(ctx)`` returns the executive-summary
lines and the section's HTML (``ctx`` is a :class:`sedamkit.delivery.report.ReportContext`)."""
from __future__ import annotations

from ...core.text import esc

__all__ = ["section"]


def section(ctx):
    import pandas as pd

    d = ctx.results["02_daap"]
    tot = d.get("totals", {})
    risks = d.get("risks", {})
    ignored = (d.get("readiness") or {}).get("ignored_blocking", [])
    period = d.get("period", {})
    summary = [f"<b>{ctx.tr('report.sum_plan')}:</b> "
               + esc(ctx.tr("report.sum_plan_text", title=d.get("title") or "DAAP", phases=tot.get("n_phases", 0),
                            start=period.get("start"), end=period.get("end"), kpis=tot.get("n_kpis", 0),
                            days=f"{tot.get('people_days', 0):.0f}", budget=f"{tot.get('budget', 0):,.0f}",
                            currency=d.get("currency", "")))
               + (f"; {esc(ctx.tr('report.sum_plan_ignored', gaps=', '.join(ignored)))}" if ignored else "")
               + (f"; {esc(ctx.tr('report.sum_plan_risks', risks=', '.join(risks.get('unmitigated_high', []))))}"
                  if risks.get("unmitigated_high") else "") + "."]
    body = [f"<p><b>{ctx.tr('report.mission')}.</b> {esc(d.get('mission'))}</p>"]
    goals = pd.DataFrame(d.get("goals", []))
    if not goals.empty:
        body.append(ctx.table(goals.reindex(columns=["id", "text", "elements", "addresses"]), "plan_goals", ctx.tr("report.cap_goals")))
    kpis = pd.DataFrame(d.get("kpis", []))
    if not kpis.empty:
        body.append(ctx.table(kpis.reindex(columns=["id", "name", "unit", "direction", "baseline", "target", "due"]),
                              "plan_kpis", ctx.tr("report.cap_kpis")))
    phases = pd.DataFrame(d.get("phases", []))
    alt = "Timeline of the programme's phases: " + "; ".join(
        f"{p['name']} from {p['start']} to {p['end']}" for p in d.get("phases", [])) + "."
    body.append(ctx.figure("02_timeline", alt, ctx.tr("report.cap_timeline")))
    if not phases.empty:
        body.append(ctx.table(phases.reindex(columns=["id", "name", "start", "end", "people_days", "budget",
                                                      "approaches"]), "plan_phases", ctx.tr("report.cap_phases")))
    alt = (f"Risk matrix, likelihood by impact; {risks.get('n_high', 0)} risks at or above the threshold of "
           f"{risks.get('threshold')}: {', '.join(risks.get('high', []))}; without mitigation: "
           f"{', '.join(risks.get('unmitigated_high', [])) or 'none'}.")
    body.append(ctx.figure("02_risk_matrix", alt, ctx.tr("report.cap_risks")))
    flags = pd.DataFrame(d.get("flags", []))
    if not flags.empty:
        body.append(ctx.table(flags.reindex(columns=["severity", "source", "id", "message", "fix"]), "plan_flags",
                              ctx.tr("report.cap_flags")))
    prin = d.get("principles", {})
    alt = "Principles check, score 0 to 100: " + "; ".join(f"{k} {'unanswered' if v is None else round(v)}"
                                                           for k, v in prin.items()) + "."
    body.append(ctx.figure("02_principles", alt, ctx.tr("report.cap_principles")))
    prep = d.get("preparation", {})
    if prep:
        done = f"{prep.get('score', 0):.0f}"
        body.append(f"<p>{esc(ctx.tr('report.preparation', score=done))} — "
                    + esc(", ".join(f"{k.replace('_', ' ')}: {v.replace('_', ' ')}"
                                    for k, v in prep.get("items", {}).items())) + ".</p>")
    return summary, "\n".join(body)
