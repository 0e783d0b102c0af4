"""Validation of a DAAP plan: :func:`validate_plan` (errors ``PLAN0xx``) and :func:`plan_warnings`
(``PLAN1xx``). The codes are listed in :mod:`sedamkit.stages.daap.api`.

Three steps: the loose forms a person writes are normalised (a single id for a list, a catalogue
KPI's defaults, empty sections); the JSON Schema checks the structure
(:mod:`sedamkit.stages.daap.schema`); then the code below checks what a schema cannot say — dates
in order, ids that refer to each other, duplicate ids — and the warnings.
"""
from __future__ import annotations

import copy
from collections import OrderedDict
from pathlib import Path

from ...core.errors import Problem, Problems, SedamError
from .common import SECTIONS, approach_links, is_num, is_text, parse_date
from .programme import programme_warnings
from .schema import problem_order, schema_problems, vocabularies

__all__ = ["validate_plan", "plan_warnings"]

#: The fields of each section where a single id may stand for a list of one.
_LISTS = {"goals": ("elements", "addresses"), "kpis": ("elements", "goals"), "phases": ("goals", "addresses"),
          "risks": ("addresses",)}
_DATES = (("period", ("start", "end")), ("kpis", ("due",)), ("phases", ("start", "end")))


def _as_list(item, key):
    if isinstance(item.get(key), str):
        item[key] = [item[key]]


def _normalise(plan, kcat):
    """A copy of ``plan`` with the loose forms in one shape, before the schema checks it."""
    plan = copy.deepcopy(plan)
    for sec in SECTIONS:
        if plan.get(sec) is None:
            plan[sec] = []
    for key in ("preparation", "principles"):
        if plan.get(key) is None:
            plan[key] = {}
    for sec in SECTIONS:
        for item in plan[sec] if isinstance(plan[sec], list) else []:
            if not isinstance(item, dict):
                continue
            if is_text(item.get("id")):
                item["id"] = item["id"].strip()
            if sec == "kpis":
                _kpi_defaults(item, kcat)
            for key in _LISTS[sec]:
                _as_list(item, key)
            if sec == "phases":
                _phase_approaches(item)
    return plan


def _kpi_defaults(k, kcat):
    """Fill a catalogue KPI's name, unit, direction and elements when left out."""
    kid = k.get("kpi")
    entry = kcat.get(kid) if is_text(kid) and kid != "custom" else None
    if entry is not None:
        k.setdefault("name", entry["name"])
        k.setdefault("unit", entry["unit"])
        k.setdefault("direction", entry["direction"])
        if not k.get("elements"):
            k["elements"] = list(entry.get("elements") or [])


def _phase_approaches(p):
    if p.get("approaches") is None:
        p["approaches"] = []
    for entry in p["approaches"] if isinstance(p["approaches"], list) else []:
        if isinstance(entry, dict):
            _as_list(entry, "elements")


def _period(plan):
    period = plan.get("period")
    if not isinstance(period, dict):
        return None, None
    return parse_date(period.get("start")), parse_date(period.get("end"))


def _ids_and_refs(plan, probs):
    """Duplicate ids in each section (PLAN004) and goal ids that do not exist (PLAN012)."""
    for sec, noun in SECTIONS.items():
        seen: dict = {}
        for i, item in enumerate(plan[sec] if isinstance(plan[sec], list) else []):
            iid = item.get("id") if isinstance(item, dict) else None
            if not is_text(iid):
                continue
            if iid in seen:
                probs.add("PLAN004", f"{sec}[{i}].id", f"duplicate {noun} id {iid!r} (first at {sec}[{seen[iid]}])",
                          f"give every {noun} its own id")
            else:
                seen[iid] = i
    goal_ids = {g.get("id") for g in _items(plan, "goals") if is_text(g.get("id"))}
    fix = ("use an id from 'goals' (" + ", ".join(sorted(map(str, goal_ids))) + ")" if goal_ids
           else "add the goal under 'goals' first")
    for sec in ("kpis", "phases"):
        for i, item in enumerate(plan[sec] if isinstance(plan[sec], list) else []):
            refs = item.get("goals") if isinstance(item, dict) else None
            for j, g in enumerate(refs if isinstance(refs, list) else []):
                if is_text(g) and g not in goal_ids:  # a reference of another type is the schema's problem
                    probs.add("PLAN012", f"{sec}[{i}].goals[{j}]", f"no goal with id {g!r}", fix)


def _items(plan, sec):
    return [x for x in plan[sec] if isinstance(x, dict)] if isinstance(plan[sec], list) else []


def _dates_and_approaches(plan, app_ids, probs, warns):
    """End dates before start dates (PLAN008), an approach twice in a phase (PLAN004), phases outside
    the period (PLAN102)."""
    p_start, p_end = _period(plan)
    if p_start and p_end and p_end < p_start:
        probs.add("PLAN008", "period.end", f"the period ends ({p_end}) before it starts ({p_start})",
                  "swap the dates or correct the end")
    for i, p in enumerate(plan["phases"] if isinstance(plan["phases"], list) else []):
        if not isinstance(p, dict):
            continue
        s, e = parse_date(p.get("start")), parse_date(p.get("end"))
        if s and e and e < s:
            probs.add("PLAN008", f"phases[{i}].end", f"phase {p.get('id')!r} ends ({e}) before it starts ({s})",
                      "correct the end date or swap start and end")
        elif s and e and p_start and p_end and (s < p_start or e > p_end):
            warns.add("PLAN102", f"phases[{i}]", f"phase {p.get('id')!r} ({s} – {e}) runs outside the period "
                      f"{p_start} – {p_end}", "move the phase or widen the period")
        seen = set()
        for j, entry in enumerate(p["approaches"] if isinstance(p["approaches"], list) else []):
            aid = approach_links(entry)[0]
            if isinstance(aid, str) and aid in app_ids:
                if aid in seen:
                    probs.add("PLAN004", f"phases[{i}].approaches[{j}]", f"approach {aid!r} listed twice in this phase",
                              "list it once")
                seen.add(aid)


def _kpi_warnings(plan, warns):
    """KPIs due outside the period (PLAN103) and targets on the wrong side of the baseline (PLAN101)."""
    p_start, p_end = _period(plan)
    for i, k in enumerate(plan["kpis"] if isinstance(plan["kpis"], list) else []):
        if not isinstance(k, dict):
            continue
        due = parse_date(k.get("due"))
        if due and p_start and p_end and not (p_start <= due <= p_end):
            warns.add("PLAN103", f"kpis[{i}].due", f"KPI {k.get('id')!r} is due {due}, outside the period "
                      f"{p_start} – {p_end}", "move the due date or widen the period")
        b, t, d = k.get("baseline"), k.get("target"), k.get("direction")
        if is_num(b) and is_num(t) and d in ("higher", "lower") and ((d == "higher" and t < b)
                                                                        or (d == "lower" and t > b)):
            warns.add("PLAN101", f"kpis[{i}].target",
                      f"KPI {k.get('id')!r}: target {t} is {'below' if d == 'higher' else 'above'} the baseline {b}, "
                      f"but {'higher' if d == 'higher' else 'lower'} is better",
                      "check the target and the direction")


def _dates_as_text(plan):
    """Every valid date as ``YYYY-MM-DD`` text."""
    for sec, fields in _DATES:
        for item in [plan.get(sec)] if sec == "period" else _items(plan, sec):
            if not isinstance(item, dict):
                continue
            for field in fields:
                d = parse_date(item.get(field))
                if d is not None:
                    item[field] = d.isoformat()


def _check(plan, file=None, catalogue=None, kpis=None, checks=None):
    """Validate; return (normalised plan, errors, warnings)."""
    from ...methods.catalogue import load_kpis

    kcat = load_kpis() if kpis is None else kpis
    vocab = vocabularies(catalogue, kcat, checks)
    probs, warns = Problems(file), Problems(file)
    if not isinstance(plan, dict):
        return plan, schema_problems(plan, vocab, file), []
    plan = _normalise(plan, kcat)
    probs.extend(schema_problems(plan, vocab, file))
    _ids_and_refs(plan, probs)
    _kpi_warnings(plan, warns)                      # KPI warnings first, then the phases'
    programme_warnings(plan, warns)                 # owners, sources, frequencies; reasons and principles
    _dates_and_approaches(plan, set(vocab["approaches"]), probs, warns)
    _dates_as_text(plan)
    errors = sorted(probs.items, key=lambda p: problem_order(p.where, plan))
    return plan, errors, warns.items


_MEMO: OrderedDict = OrderedDict()


def _check_memo(plan, file=None, catalogue=None, kpis=None, checks=None):
    """:func:`_check` with a small memo: the tables, flags and result each validate the same plan
    again, and the schema check costs a few milliseconds. Only for the kit's own KPI catalogue and
    checks (a catalogue given as a path is fine); the plan's ``repr`` is the key, and every call gets
    its own copy of the normalised plan."""
    if kpis is not None or checks is not None or not (catalogue is None or isinstance(catalogue, (str, Path))):
        return _check(plan, file, catalogue, kpis, checks)
    key = (repr(plan), file, str(catalogue))
    hit = _MEMO.get(key)
    if hit is None:
        hit = _MEMO[key] = _check(plan, file, catalogue, kpis, checks)
        if len(_MEMO) > 32:
            _MEMO.popitem(last=False)
    else:
        _MEMO.move_to_end(key)
    out, errors, warns = hit
    return copy.deepcopy(out), list(errors), list(warns)


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
    out, errors, warns = _check_memo(plan, file, catalogue, kpis, checks)
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
    >>> [w.code for w in plan_warnings(p)]          # PLAN104: the KPI names no owner, source or frequency
    ['PLAN101', 'PLAN104']
    """
    return _check_memo(plan, file, catalogue, kpis, checks)[2]
