"""Stage 02's section of the client report: ``section(ctx)`` returns the executive-summary lines and
the section's HTML (``ctx`` is a :class:`sedamkit.delivery.report.ReportContext`). Goals, KPIs, phases
and risks are shown by the plan's own words; approaches, elements and principles by the catalogue's
names; plan flags as plain sentences (what is missing), never as the plan's field names."""
from __future__ import annotations

from ...core.text import esc

__all__ = ["section", "plan_names"]


def plan_names(ctx, d) -> dict:
    """``{kind: {id: name}}`` for the plan's KPIs, goals, phases and risks and stage 01's areas."""
    areas = {a["area"]: a["title"] for a in (ctx.results.get("01_necessity_feasibility") or {}).get("areas") or []}
    return {"kpi": {k["id"]: ctx.kpi(k) for k in d.get("kpis") or []},
            "goal": {g["id"]: ctx.tr("rpt.goal_named", id=g["id"]) for g in d.get("goals") or []},
            "phase": {p["id"]: p.get("name") or p["id"] for p in d.get("phases") or []},
            "risk": {r: ctx.tr("rpt.risk_named", id=r) for r in (d.get("risks") or {}).get("high") or []},
            "area": areas, "touchpoint": {}}


def section(ctx):
    import pandas as pd

    d = ctx.results["02_daap"]
    tot = d.get("totals", {})
    risks = d.get("risks", {})
    period = d.get("period", {})
    cur = d.get("currency")
    names = plan_names(ctx, d)
    ignored = [names["area"].get(a, a) for a in (d.get("readiness") or {}).get("ignored_blocking", [])]
    text = ctx.tr("rpt.sum_plan", title=d.get("title") or ctx.tr("rpt.the_plan"),
                  phases=ctx.count("rpt.n_phases", tot.get("n_phases", 0)), start=ctx.date(period.get("start")),
                  end=ctx.date(period.get("end")), kpis=ctx.count("rpt.n_kpis", tot.get("n_kpis", 0)),
                  days=ctx.n(tot.get("people_days", 0)), budget=ctx.money(tot.get("budget", 0), cur))
    extra = []
    if ignored:
        extra.append(ctx.tr("rpt.sum_plan_ignored", areas=ctx.join(ignored)))
    if risks.get("unmitigated_high"):
        extra.append(ctx.count("rpt.sum_plan_risks", len(risks["unmitigated_high"])))
    summary = [("reason", f"<b>{esc(ctx.tr('report.sum_plan'))}:</b> " + esc(text) + "".join(f"; {esc(x)}" for x in extra) + ".")]
    body = [f"<p><b>{esc(ctx.tr('report.mission'))}.</b> {esc(d.get('mission'))}</p>"]
    goals = pd.DataFrame(d.get("goals", []))
    if not goals.empty:
        goals["elements_names"] = goals["elements"].map(lambda es: ", ".join(ctx.element(e) for e in es or []))
        body.append(ctx.table(goals, "plan_goals", ctx.tr("report.cap_goals"),
                              cols=[("id", "rpt.col.goal", "text"), ("text", "rpt.col.goal_text", "text"),
                                    ("elements_names", "rpt.col.elements", "text")]))
    kpis = pd.DataFrame(d.get("kpis", []))
    if not kpis.empty:
        kpis["kpi_name"] = [ctx.kpi(k) for k in d["kpis"]]
        kpis["direction_word"] = kpis["direction"].map(lambda x: ctx.tr(f"rpt.direction.{x}") if x in ("higher", "lower") else "")
        body.append(ctx.table(kpis, "plan_kpis", ctx.tr("report.cap_kpis"),
                              cols=[("kpi_name", "rpt.col.kpi", "text"), ("unit", "rpt.col.unit", "text"),
                                    ("direction_word", "rpt.col.direction", "text"), ("baseline", "rpt.col.baseline", "n1"),
                                    ("target", "rpt.col.target", "n1"), ("due", "rpt.col.due", "date")]))
    phases = pd.DataFrame(d.get("phases", []))
    alt = ctx.tr("rpt.alt_timeline") + ": " + "; ".join(
        ctx.tr("rpt.from_to", what=p["name"], start=ctx.date(p["start"]), end=ctx.date(p["end"])) for p in d.get("phases", [])) + "."
    body.append(ctx.figure("02_timeline", alt, ctx.tr("report.cap_timeline")))
    if not phases.empty:
        body.append(ctx.table(phases, "plan_phases", ctx.tr("report.cap_phases"), currency=cur,
                              cols=[("name", "rpt.col.phase", "text"), ("start", "rpt.col.start", "date"),
                                    ("end", "rpt.col.end", "date"), ("people_days", "rpt.col.people_days", "int"),
                                    ("budget", "rpt.col.budget", "money"), ("approaches", "rpt.col.approaches", "approaches")]))
    alt = ctx.count("rpt.alt_risks", risks.get("n_high", 0), threshold=ctx.n(risks.get("threshold")),
                    unmitigated=ctx.n(len(risks.get("unmitigated_high") or [])))
    body.append(ctx.figure("02_risk_matrix", alt, ctx.tr("report.cap_risks")))
    flags = pd.DataFrame(d.get("flags", []))
    if not flags.empty:
        flags["severity_word"] = flags["severity"].map(lambda s: ctx.tr(f"rpt.severity.{s}") if s in ("high", "medium", "low") else "")
        flags["what"] = [ctx.flag_text(f, names) for f in d["flags"]]
        export = None
        if ctx.language != "en":  # the workbook's sheet says what the report says, in its language
            from ..improvement.texts import flag_fix

            export = flags.assign(message=flags["what"], fix=[flag_fix(ctx, f.get("code"), f.get("id"), f.get("fix"))
                                                              for f in d["flags"]])
        body.append(ctx.table(flags, "plan_flags", ctx.tr("report.cap_flags"), export=export,
                              cols=[("severity_word", "rpt.col.severity", "text"), ("what", "rpt.col.needed", "text")]))
    prin = d.get("principles", {})
    alt = ctx.tr("rpt.alt_principles") + ": " + "; ".join(
        f"{ctx.principle(k)} {ctx.tr('rpt.unanswered') if v is None else ctx.n(v)}" for k, v in prin.items()) + "."
    body.append(ctx.figure("02_principles", alt, ctx.tr("report.cap_principles")))
    prep = d.get("preparation", {})
    if prep:
        items = "".join(f"<li>{esc(ctx.prep_item(k))} — {esc(ctx.tr('rpt.prep_status.' + v) if v in ('done', 'in_progress', 'not_started') else v)}</li>"
                        for k, v in prep.get("items", {}).items())
        body.append(f"<p>{esc(ctx.tr('rpt.preparation', score=ctx.pct(prep.get('score', 0))))}</p><ul>{items}</ul>")
    return summary, "\n".join(body)
