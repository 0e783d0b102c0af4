"""Validation of a DAAP plan: :func:`validate_plan` (errors ``PLAN0xx``) and :func:`plan_warnings`
(``PLAN1xx``). The codes are listed in :mod:`sedamkit.stages.daap.api`."""
from __future__ import annotations

import copy

from ...core.errors import Problem, Problems, SedamError
from .common import AREA_IDS, ELEMENT_IDS, SECTIONS, checks_data, is_num, is_text, parse_date, approach_links

__all__ = ["validate_plan", "plan_warnings"]


def _catalogue_ids(catalogue):
    from ...methods import catalogue as _c

    return set(_c.approach_ids(catalogue)), _c._cat(catalogue)


def _check(plan, file=None, catalogue=None, kpis=None, checks=None):
    """Validate; return (normalised plan, errors, warnings)."""
    from ...methods import catalogue as _c

    probs, warns = Problems(file), Problems(file)
    if not isinstance(plan, dict):
        probs.add("PLAN001", None, "the plan is not a mapping of fields",
                  "start from datasets/demo/plan.yaml or sedamkit.stages.daap.api.new_plan(...)")
        return plan, probs.items, warns.items
    plan = copy.deepcopy(plan)
    chk = checks_data(checks)
    kcat = _c.load_kpis() if kpis is None else kpis
    app_ids, _ = _catalogue_ids(catalogue)

    def elements_list(value, where, required=True):
        if value is None or value == []:
            if required:
                probs.add("PLAN002", where, "no elements given", "list one or more of E1 … E9, e.g. [E5, E6]")
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            probs.add("PLAN001", where, "elements must be a list", "write e.g. [E5, E6]")
            return []
        for j, el in enumerate(value):
            if el not in ELEMENT_IDS:
                probs.add("PLAN005", f"{where}[{j}]", f"unknown element {el!r}", "use one of E1 … E9")
        return value

    def areas_list(item, where):
        val = item.get("addresses")
        if val is None:
            return
        if isinstance(val, str):
            val = item["addresses"] = [val]
        if not isinstance(val, list):
            probs.add("PLAN001", f"{where}.addresses", "addresses must be a list of readiness area ids",
                      "write e.g. [talent, security_privacy]")
            return
        for j, a in enumerate(val):
            if a not in AREA_IDS:
                probs.add("PLAN013", f"{where}.addresses[{j}]", f"unknown readiness area {a!r}",
                          "use an area id of stage 01: " + ", ".join(AREA_IDS))

    def date_field(item, field, where, required=True):
        v = item.get(field)
        if v is None or v == "":
            if required:
                probs.add("PLAN002", f"{where}.{field}", f"'{field}' is missing", f"add '{field}: YYYY-MM-DD'")
            return None
        d = parse_date(v)
        if d is None:
            probs.add("PLAN007", f"{where}.{field}", f"{v!r} is not a date", "write the date as YYYY-MM-DD")
            return None
        item[field] = d.isoformat()
        return d

    for field in ("mission",):
        if not is_text(plan.get(field)):
            probs.add("PLAN002", field, "the mission statement is missing",
                      "add 'mission: <one or two sentences on what the programme is for>'")
    period = plan.get("period")
    p_start = p_end = None
    if not isinstance(period, dict):
        probs.add("PLAN002", "period", "the overall period is missing (6.2 a) 4))",
                  "add 'period: {start: YYYY-MM-DD, end: YYYY-MM-DD}'")
    else:
        p_start = date_field(period, "start", "period")
        p_end = date_field(period, "end", "period")
        if p_start and p_end and p_end < p_start:
            probs.add("PLAN008", "period.end", f"the period ends ({p_end}) before it starts ({p_start})",
                      "swap the dates or correct the end")

    sections = {}
    for sec in ("goals", "kpis", "phases", "risks"):
        val = plan.get(sec)
        if val is None:
            val = plan[sec] = []
        if not isinstance(val, list):
            probs.add("PLAN001", sec, f"'{sec}' must be a list", f"write '{sec}:' followed by '- id: …' entries")
            val = plan[sec] = []
        sections[sec] = val
        seen: dict[str, int] = {}
        for i, item in enumerate(val):
            where = f"{sec}[{i}]"
            if not isinstance(item, dict):
                probs.add("PLAN001", where, f"the {SECTIONS[sec]} entry is not a mapping", "write it as 'id: …, …'")
                continue
            iid = item.get("id")
            if not is_text(iid):
                probs.add("PLAN002", f"{where}.id", "'id' is missing", f"add a short id such as '{sec[0].upper()}{i + 1}'")
                continue
            item["id"] = iid = str(iid).strip()
            if iid in seen:
                probs.add("PLAN004", f"{where}.id", f"duplicate {SECTIONS[sec]} id {iid!r} (first at {sec}[{seen[iid]}])",
                          f"give every {SECTIONS[sec]} its own id")
            else:
                seen[iid] = i
    goal_ids = {g.get("id") for g in sections["goals"] if isinstance(g, dict)}

    def goal_refs(item, where):
        val = item.get("goals")
        if val is None:
            return
        if isinstance(val, str):
            val = item["goals"] = [val]
        if not isinstance(val, list):
            probs.add("PLAN001", f"{where}.goals", "goals must be a list of goal ids", "write e.g. [G1, G2]")
            return
        for j, g in enumerate(val):
            if g not in goal_ids:
                probs.add("PLAN012", f"{where}.goals[{j}]", f"no goal with id {g!r}",
                          "use an id from 'goals' (" + ", ".join(sorted(map(str, goal_ids))) + ")" if goal_ids
                          else "add the goal under 'goals' first")

    # goals
    for i, g in enumerate(sections["goals"]):
        if not isinstance(g, dict):
            continue
        where = f"goals[{i}]"
        if not is_text(g.get("text")):
            probs.add("PLAN002", f"{where}.text", "the goal has no text", "add 'text: <what the goal is>'")
        g["elements"] = elements_list(g.get("elements"), f"{where}.elements")
        areas_list(g, where)

    # KPIs
    for i, k in enumerate(sections["kpis"]):
        if not isinstance(k, dict):
            continue
        where = f"kpis[{i}]"
        kid = k.get("kpi")
        entry = None
        if not is_text(kid):
            probs.add("PLAN002", f"{where}.kpi", "'kpi' is missing",
                      "name a catalogue KPI (" + ", ".join(kcat) + ") or write 'kpi: custom'")
        elif kid != "custom":
            entry = kcat.get(kid)
            if entry is None:
                probs.add("PLAN014", f"{where}.kpi", f"{kid!r} is not in the KPI catalogue",
                          "use one of: " + ", ".join(kcat) + "; or write 'kpi: custom' with name, unit and direction")
        if entry is not None:
            k.setdefault("name", entry["name"])
            k.setdefault("unit", entry["unit"])
            k.setdefault("direction", entry["direction"])
            if not k.get("elements"):
                k["elements"] = list(entry.get("elements") or [])
        elif kid == "custom":
            for field in ("name", "unit"):
                if not is_text(k.get(field)):
                    probs.add("PLAN002", f"{where}.{field}", f"a custom KPI needs '{field}'", f"add '{field}: <text>'")
            if k.get("direction") is None:
                probs.add("PLAN002", f"{where}.direction", "a custom KPI needs a direction",
                          "add 'direction: higher' or 'direction: lower'")
            data = k.get("data")
            if data is not None and not (isinstance(data, dict) and is_text(data.get("column"))):
                probs.add("PLAN001", f"{where}.data", "'data' must name a dataset and a column",
                          "write data: {dataset: operations, column: callbacks}")
        if "target" not in k or k.get("target") is None or k.get("target") == "":
            probs.add("PLAN003", f"{where}.target", f"KPI {k.get('id', i)!r} has no target",
                      "add 'target: <number>' — the value to reach by the due date")
        elif not is_num(k["target"]):
            probs.add("PLAN011", f"{where}.target", f"target {k['target']!r} is not a number", "write a plain number")
        if k.get("baseline") is not None and not is_num(k["baseline"]):
            probs.add("PLAN011", f"{where}.baseline", f"baseline {k['baseline']!r} is not a number",
                      "write a plain number, or null when not known yet")
        d = k.get("direction")
        if d is not None and d not in chk["kpi"]["directions"]:
            probs.add("PLAN010", f"{where}.direction", f"direction {d!r} is not 'higher' or 'lower'",
                      "write 'direction: higher' (more is better) or 'direction: lower'")
        due = date_field(k, "due", where)
        if due and p_start and p_end and not (p_start <= due <= p_end):
            warns.add("PLAN103", f"{where}.due", f"KPI {k.get('id')!r} is due {due}, outside the period "
                      f"{p_start} – {p_end}", "move the due date or widen the period")
        # an unknown catalogue id already has its own problem; do not also ask for its elements
        k["elements"] = elements_list(k.get("elements"), f"{where}.elements",
                                      required=entry is not None or kid == "custom")
        goal_refs(k, where)
        b, t = k.get("baseline"), k.get("target")
        if is_num(b) and is_num(t) and d in ("higher", "lower") and ((d == "higher" and t < b)
                                                                          or (d == "lower" and t > b)):
            warns.add("PLAN101", f"{where}.target",
                      f"KPI {k.get('id')!r}: target {t} is {'below' if d == 'higher' else 'above'} the baseline {b}, "
                      f"but {'higher' if d == 'higher' else 'lower'} is better",
                      "check the target and the direction")

    # phases
    for i, p in enumerate(sections["phases"]):
        if not isinstance(p, dict):
            continue
        where = f"phases[{i}]"
        if not is_text(p.get("name")):
            probs.add("PLAN002", f"{where}.name", "the phase has no name", "add 'name: <text>'")
        s = date_field(p, "start", where)
        e = date_field(p, "end", where)
        if s and e and e < s:
            probs.add("PLAN008", f"{where}.end", f"phase {p.get('id')!r} ends ({e}) before it starts ({s})",
                      "correct the end date or swap start and end")
        elif s and e and p_start and p_end and (s < p_start or e > p_end):
            warns.add("PLAN102", where, f"phase {p.get('id')!r} ({s} – {e}) runs outside the period "
                      f"{p_start} – {p_end}", "move the phase or widen the period")
        goal_refs(p, where)
        areas_list(p, where)
        res = p.get("resources")
        if res is not None:
            if not isinstance(res, dict):
                probs.add("PLAN001", f"{where}.resources", "resources must be a mapping",
                          "write resources: {people_days: 20, budget: 10000}")
            else:
                for field in ("people_days", "budget"):
                    v = res.get(field)
                    if v is not None and (not is_num(v) or v < 0):
                        probs.add("PLAN011", f"{where}.resources.{field}", f"{field} {v!r} is not a number ≥ 0",
                                  "write a plain number (0 or more)")
        apps = p.get("approaches")
        if apps is None:
            p["approaches"] = []
        elif not isinstance(apps, list):
            probs.add("PLAN001", f"{where}.approaches", "approaches must be a list of catalogue ids",
                      "write e.g. [crm_system, online_survey]")
            p["approaches"] = []
        else:
            seen_a = set()
            for j, entry in enumerate(apps):
                aid, els = approach_links(entry)
                w = f"{where}.approaches[{j}]"
                if aid not in app_ids:
                    probs.add("PLAN006", w if not isinstance(entry, dict) else f"{w}.approach",
                              f"{aid!r} is not in the catalogue of digital approaches",
                              "pick an id from sedamkit.methods.catalogue.search(...)")
                elif aid in seen_a:
                    probs.add("PLAN004", w, f"approach {aid!r} listed twice in this phase", "list it once")
                seen_a.add(aid)
                if isinstance(entry, dict):
                    elements_list(els, f"{w}.elements")

    # risks
    rc = chk["risk"]
    for i, r in enumerate(sections["risks"]):
        if not isinstance(r, dict):
            continue
        where = f"risks[{i}]"
        if not is_text(r.get("description")):
            probs.add("PLAN002", f"{where}.description", "the risk has no description", "add 'description: <text>'")
        cat = r.get("category")
        if not is_text(cat):
            probs.add("PLAN002", f"{where}.category", "the risk has no category",
                      "add 'category:' with one of: " + ", ".join(rc["categories"]))
        elif cat not in rc["categories"]:
            probs.add("PLAN010", f"{where}.category", f"unknown risk category {cat!r}",
                      "use one of: " + ", ".join(rc["categories"]))
        for field in ("likelihood", "impact"):
            v = r.get(field)
            if v is None:
                probs.add("PLAN002", f"{where}.{field}", f"'{field}' is missing", f"add '{field}: <1-5>'")
            elif not (is_num(v) and float(v).is_integer() and 1 <= v <= 5):
                probs.add("PLAN009", f"{where}.{field}", f"{field} {v!r} is not a whole number from 1 to 5",
                          f"rate the {field} 1 (very low) … 5 (very high)")
        areas_list(r, where)

    # preparation
    prep = plan.get("preparation")
    statuses = chk["preparation"]["statuses"]
    item_ids = [x["id"] for x in chk["preparation"]["items"]]
    if prep is None:
        plan["preparation"] = {}
    elif not isinstance(prep, dict):
        probs.add("PLAN001", "preparation", "preparation must map checklist items to a status",
                  "write e.g. preparation: {team: done}")
        plan["preparation"] = {}
    else:
        for key, val in prep.items():
            where = f"preparation.{key}"
            if key not in item_ids:
                probs.add("PLAN016", where, f"unknown checklist item {key!r}", "use one of: " + ", ".join(item_ids))
            st = val.get("status") if isinstance(val, dict) else val
            if st not in statuses:
                probs.add("PLAN010", where if not isinstance(val, dict) else f"{where}.status",
                          f"status {st!r} is not one of {', '.join(statuses)}", "use " + " / ".join(statuses))

    # principles
    pr = plan.get("principles")
    q_ids = [q["id"] for q in chk["principles"]["questions"]]
    scale = sorted(int(x) for x in chk["principles"]["scale"])
    if pr is None:
        plan["principles"] = {}
    elif not isinstance(pr, dict):
        probs.add("PLAN001", "principles", "principles must map question ids to answers",
                  "write e.g. principles: {security_1: 4}")
        plan["principles"] = {}
    else:
        for key, val in pr.items():
            where = f"principles.{key}"
            if key not in q_ids:
                probs.add("PLAN015", where, f"unknown principle question {key!r}",
                          "use a question id from sedamkit.stages.daap.api.principle_questions()")
                continue
            ans = val.get("answer") if isinstance(val, dict) else val
            if ans is not None and not (is_num(ans) and float(ans).is_integer() and scale[0] <= ans <= scale[-1]):
                probs.add("PLAN015", where if not isinstance(val, dict) else f"{where}.answer",
                          f"answer {ans!r} is not on the {scale[0]}–{scale[-1]} scale",
                          f"answer {scale[0]} (not at all) … {scale[-1]} (fully), or leave it empty")
    return plan, probs.items, warns.items


def validate_plan(plan, *, file=None, catalogue=None, kpis=None, checks=None, strict=False) -> dict:
    """Check a plan; return a normalised copy or raise one :class:`SedamError` listing every problem.

    Normalising fills a catalogue KPI's ``name``, ``unit``, ``direction`` and ``elements`` when
    left out, turns dates into ``YYYY-MM-DD`` strings and empty sections into ``[]`` / ``{}``.
    Running it twice gives the same result.

    Parameters
    ----------
    plan : dict
        The plan (see the module docstring for the fields).
    file : str, optional
        File name shown in the problems.
    catalogue, kpis, checks : optional
        Approach catalogue, KPI catalogue and plan checks; default to the kit's own.
    strict : bool
        Also raise the warnings (``PLAN1xx``).

    Examples
    --------
    >>> bad = {"mission": "m", "period": {"start": "2025-01-01", "end": "2025-12-31"},
    ...        "kpis": [{"id": "K1", "kpi": "nps", "due": "2025-12-31"}],
    ...        "risks": [{"id": "R1", "description": "d", "category": "privacy", "likelihood": 7, "impact": 2}]}
    >>> try:
    ...     validate_plan(bad, file="plan.yaml")
    ... except SedamError as e:
    ...     print(e)
    2 problems in the plan:
      [PLAN003] plan.yaml: kpis[0].target: KPI 'K1' has no target. Fix: add 'target: <number>' — the value to reach by the due date
      [PLAN009] plan.yaml: risks[0].likelihood: likelihood 7 is not a whole number from 1 to 5. Fix: rate the likelihood 1 (very low) … 5 (very high)
    """
    out, errors, warns = _check(plan, file, catalogue, kpis, checks)
    if strict:
        errors = errors + warns
    if errors:
        n = len(errors)
        raise SedamError(errors, f"{n} problem in the plan" if n == 1 else f"{n} problems in the plan")
    return out


def plan_warnings(plan, *, file=None, catalogue=None, kpis=None, checks=None) -> list[Problem]:
    """The warn-level problems (``PLAN1xx``) of a plan; errors are ignored here.

    >>> from sedamkit.stages.daap.api import add_kpi, new_plan
    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p = add_kpi(p, {"id": "K1", "kpi": "ces", "baseline": 5.0, "target": 4.5, "due": "2025-06-30"})
    >>> [w.code for w in plan_warnings(p)]
    ['PLAN101']
    """
    return _check(plan, file, catalogue, kpis, checks)[2]
