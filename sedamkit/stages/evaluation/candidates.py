"""Stage 05's improvement candidates for stage 06: off-track and not-measurable KPIs, approaches rated
poorly, a mission to revise and regions that lag."""
from __future__ import annotations

from ...core.errors import Problems

__all__ = ["candidates", "LAGGING_FROM"]

STAGE = "05_evaluation"
#: A region lagging on at least this many KPIs becomes a candidate.
LAGGING_FROM = 2


def _kpi_candidates(kpis, plan_kpis, candidate, heading_for):
    out = []
    for kid, k in kpis.items():
        if k.get("status") == "off_track":
            out.append(candidate(STAGE, "kpi_off_track", kid, f"Get {kid} {k.get('name')} back on track",
                                 f"latest {k.get('latest'):.2f} vs expected {k.get('expected'):.2f} "
                                 f"(target {k.get('target'):g})",
                                 heading_for("kpi_off_track", kpi=k.get("kpi"),
                                             elements=(plan_kpis.get(kid) or {}).get("elements")), "high"))
        elif k.get("status") == "not_measurable":
            out.append(candidate(STAGE, "kpi_not_measurable", kid, f"Start measuring {kid} {k.get('name')}",
                                 str(k.get("reason") or "no data").split(": ", 1)[-1], "optimize_daap", "medium"))
    return out


def _mission_candidate(m, candidate):
    weak = "; ".join(w.get("text", "") for w in m.get("weak_items") or [])
    return candidate(STAGE, "mission", "mission", "Revise and spread the mission",
                     f"mission review {m.get('overall')} / 100; weak: {weak}" if weak else "mission review: revise",
                     "business_model", "medium")


def candidates(results: dict) -> list[dict]:
    """Stage 05's findings as candidates, in this order: KPIs (off track → heading by KPI; not
    measurable → 8.2.2), approaches rated poorly (8.2.2), the mission when its verdict is ``revise``
    (8.2.5), regions lagging on :data:`LAGGING_FROM` KPIs or more (8.2.3).

    Parameters
    ----------
    results : dict
        ``{stage_id: result data}`` of the earlier stages (stage 02's KPIs give a custom KPI's elements).

    Returns
    -------
    list of dict
        :func:`sedamkit.stages.improvement.headings.candidate` dicts; ``IMP001`` is raised for a
        list field of the wrong type.

    >>> r5 = {"kpis": [{"kpi_id": "K9", "name": "Calls", "kpi": "custom", "status": "not_measurable",
    ...                 "reason": "EVAL103: data file ops.csv is missing"}],
    ...       "mission": {"verdict": "revise", "overall": 55.0, "weak_items": []}}
    >>> [(c["kind"], c["detail"]) for c in candidates({STAGE: r5})]
    [('kpi_not_measurable', 'data file ops.csv is missing'), ('mission', 'mission review: revise')]
    """
    from ..improvement.headings import candidate, heading_for, listed

    r5 = results.get(STAGE)
    if not r5:
        return []
    probs = Problems()
    kpis = {k.get("kpi_id"): k for k in listed(r5, "kpis", STAGE, probs)}
    approaches = listed(r5, "approaches", STAGE, probs)
    lagging = listed(r5, "lagging_regions", STAGE, probs)
    probs.raise_if_any("an earlier result cannot be read")
    plan_kpis = {k.get("id"): k for k in ((results.get("02_daap") or {}).get("kpis") or [])}
    out = _kpi_candidates(kpis, plan_kpis, candidate, heading_for)
    for a in approaches:
        if a.get("poor"):
            weak = str(a.get("weak_on") or "").replace("used", "adequately used").replace(",", ", ")
            out.append(candidate(STAGE, "approach_poor", a.get("approach"), f"Rethink {a.get('name')}",
                                 f"rated poorly on: {weak}", "optimize_daap", "medium", weak_on=a.get("weak_on")))
    m = r5.get("mission") or {}
    if m.get("verdict") == "revise":
        out.append(_mission_candidate(m, candidate))
    for reg in lagging:
        if int(reg.get("n_lagging") or 0) >= LAGGING_FROM:
            out.append(candidate(STAGE, "region_lagging", reg.get("region"), f"Help {reg.get('region')} catch up",
                                 f"lags on {reg.get('kpis')} ({reg.get('gaps')})", "customer_centric", "medium"))
    return out
