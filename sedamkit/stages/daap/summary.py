"""The ``data`` of stage 02's result: :func:`stage_result`."""
from __future__ import annotations

from .common import approach_links, checks_data
from .flags import plan_flags
from .gaps import check_gaps, check_readiness
from .preparation import preparation_score, preparation_summary
from .principles import principles_check
from .risks import risk_table
from .tables import kpi_table, phase_table, planned_approaches
from .validate import validate_plan

__all__ = ["stage_result"]


def stage_result(plan, readiness=None, *, catalogue=None, plan_file=None, readiness_source=None) -> dict:
    """The ``data`` of stage 02's result (write it with ``sedamkit.core.results.write_result``).

    Keys
    ----
    - ``client``, ``title``, ``version``, ``mission``, ``period`` (``{start, end}``), ``currency``
    - ``goals`` — list of ``{id, text, elements, addresses}``
    - ``kpis`` — list of KPI targets: ``{id, kpi, name, unit, direction, baseline, target, due,
      elements, goals, computable, dataset, columns}`` (stage 05 measures against these)
    - ``phases`` — list of ``{id, name, start, end, goals, approaches, people_days, budget}``
    - ``planned_approaches`` — ``{E1: [approach ids], …, E9: […]}`` (all nine keys; stage 03 reads it)
    - ``planned_detail`` — records of :func:`planned_approaches`
    - ``totals`` — ``{people_days, budget, n_phases, n_kpis, n_risks}``
    - ``risks`` — ``{threshold, n_high, high: [ids], unmitigated_high: [ids], privacy_covered: bool}``
    - ``preparation`` — ``{score, items: {item: status}}``
    - ``principles`` — ``{principle: score or None}``; ``weak_principles``; ``unanswered_principles``
    - ``readiness`` — ``{decision, blocking_gaps: [...], addressed: [...], ignored_blocking: [...],
      source}`` or None (``source``: ``result`` or ``answers``, see :func:`readiness_input`)
    - ``plan_file`` — the plan file the result was computed from (when given)
    - ``flags`` — records of :func:`plan_flags` (source, id, severity, code, message, fix)

    >>> from sedamkit.stages.daap.api import DEMO_PLAN, load_plan
    >>> r = stage_result(load_plan(DEMO_PLAN))
    >>> sorted(r["planned_approaches"]) == [f"E{i}" for i in range(1, 10)]
    True
    """
    import json
    import math

    plan = validate_plan(plan, catalogue=catalogue)
    ktab = kpi_table(plan)
    ptab = phase_table(plan)
    pa = planned_approaches(plan, catalogue=catalogue)
    rtab = risk_table(plan)
    pc = principles_check(plan)
    chk = checks_data(None)

    def clean(x):
        return None if isinstance(x, float) and math.isnan(x) else x

    kpis = [{"id": r.kpi_id, "kpi": r.kpi, "name": r.name, "unit": r.unit, "direction": r.direction,
             "baseline": clean(r.baseline), "target": r.target, "due": r.due,
             "elements": r.elements.split(",") if r.elements else [], "goals": r.goals.split(",") if r.goals else [],
             "computable": bool(r.computable), "dataset": r.dataset,
             "columns": r.columns.split(",") if r.columns else []} for r in ktab.itertuples()]
    extra = {k.get("id"): {f: k.get(f) for f in ("owner", "data_source", "frequency")}
             for k in plan.get("kpis") or [] if isinstance(k, dict)}
    for k in kpis:
        k.update(extra.get(k["id"], {}))
    phases = [{"id": p["id"], "name": p["name"], "start": p["start"], "end": p["end"], "goals": p.get("goals") or [],
               "approaches": [approach_links(a)[0] for a in p["approaches"]],
               "people_days": (p.get("resources") or {}).get("people_days"),
               "budget": (p.get("resources") or {}).get("budget"), "status": p.get("status"),
               "spent": p.get("spent"), "deliverables": list(p.get("deliverables") or [])} for p in plan["phases"]]
    per_el = {f"E{i}": list(dict.fromkeys(pa.loc[pa.element == f"E{i}", "approach"])) for i in range(1, 10)}
    ready = None if readiness is None else _readiness_summary(plan, readiness, readiness_source)
    flags = plan_flags(plan, readiness, catalogue=catalogue)
    out = {
        "client": plan.get("client"), "title": plan.get("title"), "version": plan.get("version"),
        "mission": plan["mission"], "period": dict(plan["period"]), "currency": plan.get("currency"),
        "goals": [{"id": g["id"], "text": g["text"], "elements": g["elements"], "addresses": g.get("addresses") or []}
                  for g in plan["goals"]],
        "kpis": kpis, "phases": phases, "planned_approaches": per_el,
        "choices": [dict(c) for c in plan.get("choices") or [] if isinstance(c, dict)],
        "planned_detail": pa.to_dict("records"),
        "totals": {"people_days": float(ptab["people_days"].sum()), "budget": float(ptab["budget"].sum()),
                   "n_phases": len(ptab), "n_kpis": len(ktab), "n_risks": len(rtab)},
        "risks": {"threshold": chk["risk"]["threshold"], "n_high": int(rtab.at_threshold.sum()),
                  "high": rtab.loc[rtab.at_threshold, "risk_id"].tolist(),
                  "unmitigated_high": rtab.loc[rtab.flagged, "risk_id"].tolist(),
                  "privacy_covered": bool(rtab.privacy.any())},
        "preparation": {"score": preparation_score(plan),
                        "items": dict(zip(*preparation_summary(plan)[["item", "status"]].T.values))},
        "principles": {r.principle: clean(r.score) for r in pc.itertuples()},
        "weak_principles": pc.loc[pc.status == "weak", "principle"].tolist(),
        "unanswered_principles": pc.loc[pc.status == "unanswered", "principle"].tolist(),
        "readiness": ready,
        "flags": flags.to_dict("records"),
        "plan_file": str(plan_file) if plan_file is not None else None,
    }
    return json.loads(json.dumps(out, default=lambda o: o.item() if hasattr(o, "item") else str(o)))


def _readiness_summary(plan, readiness, source):
    """The ``readiness`` entry of the result: stage 01's decision and which blocking gaps the plan addresses."""
    g = check_gaps(plan, readiness)
    return {"decision": check_readiness(readiness).get("decision"),
            "blocking_gaps": list(dict.fromkeys(readiness.get("blocking_gaps") or [])),
            "addressed": g.loc[g.addressed, "area"].tolist(),
            "ignored_blocking": g.loc[g.ignored_blocking, "area"].tolist(),
            "source": source}
