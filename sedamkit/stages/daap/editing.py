"""Editing helpers: a new plan, KPIs from the catalogue, and add / update / remove of goals, KPIs,
phases and risks, preparation and principle answers. Every helper returns a new validated plan and
leaves its input unchanged."""
from __future__ import annotations

import copy

from ...core.errors import Problem, SedamError
from .common import SECTIONS
from .validate import validate_plan

__all__ = ["new_plan", "kpi_from_catalogue", "add_item", "update_item", "remove_item", "add_goal", "update_goal",
           "remove_goal", "add_kpi", "update_kpi", "remove_kpi", "add_phase", "update_phase", "remove_phase",
           "add_risk", "update_risk", "remove_risk", "set_preparation", "answer_principle"]


def new_plan(client: str, mission: str, start, end, *, title: str | None = None) -> dict:
    """An empty but valid plan to start editing from.

    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p["period"], p["goals"]
    ({'start': '2025-01-01', 'end': '2025-12-31'}, [])
    """
    plan = {"client": client, "title": title or f"Digital approach application programme — {client}",
            "version": 1, "mission": mission, "period": {"start": start, "end": end},
            "goals": [], "kpis": [], "phases": [], "risks": [], "preparation": {}, "principles": {}}
    return validate_plan(plan)


def kpi_from_catalogue(kpi: str, id: str, *, target, due, baseline=None, elements=None, goals=None) -> dict:
    """A KPI entry for a plan built from the KPI catalogue (name, unit, direction filled in).

    >>> kpi_from_catalogue("nps", "K9", target=30, due="2025-12-31")["direction"]
    'higher'
    """
    from ...methods.catalogue import load_kpis

    cat = load_kpis()
    if kpi not in cat:
        raise SedamError(Problem("PLAN014", None, "kpi", f"{kpi!r} is not in the KPI catalogue",
                                 "use one of: " + ", ".join(cat)))
    e = cat[kpi]
    out = {"id": id, "kpi": kpi, "name": e["name"], "baseline": baseline, "target": target, "unit": e["unit"],
           "direction": e["direction"], "due": due, "elements": list(elements or e.get("elements") or [])}
    if goals:
        out["goals"] = list(goals)
    return out


def _section(section):
    if section not in SECTIONS:
        raise SedamError(Problem("PLAN001", None, section, f"{section!r} is not an editable list",
                                 "use one of: " + ", ".join(SECTIONS)))


def _find(plan, section, item_id):
    for i, item in enumerate(plan.get(section) or []):
        if isinstance(item, dict) and item.get("id") == item_id:
            return i
    raise SedamError(Problem("PLAN018", None, section, f"no {SECTIONS[section]} with id {item_id!r}",
                             "pick one of: " + ", ".join(str(x.get("id")) for x in plan.get(section) or [])))


def add_item(plan, section: str, item: dict, *, catalogue=None) -> dict:
    """Return a new validated plan with ``item`` appended to ``section`` (goals, kpis, phases, risks).

    The input plan is not changed; an invalid result raises :class:`SedamError` (e.g. ``PLAN004``
    for a duplicate id).

    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p2 = add_item(p, "goals", {"id": "G1", "text": "Hear every customer", "elements": ["E5"]})
    >>> len(p["goals"]), len(p2["goals"])
    (0, 1)
    """
    _section(section)
    new = copy.deepcopy(plan)
    new.setdefault(section, [])
    new[section] = list(new[section] or []) + [copy.deepcopy(item)]
    return validate_plan(new, catalogue=catalogue)


def update_item(plan, section: str, item_id: str, changes: dict, *, catalogue=None) -> dict:
    """Return a new validated plan with the fields in ``changes`` set on the item ``item_id``.

    A change to ``None`` removes that field (so an optional field can be cleared).

    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p = add_goal(p, {"id": "G1", "text": "Hear every customer", "elements": ["E5"]})
    >>> update_goal(p, "G1", {"elements": ["E5", "E9"]})["goals"][0]["elements"]
    ['E5', 'E9']
    """
    _section(section)
    new = copy.deepcopy(plan)
    i = _find(new, section, item_id)
    for key, val in changes.items():
        if val is None:
            new[section][i].pop(key, None)
        else:
            new[section][i][key] = copy.deepcopy(val)
    return validate_plan(new, catalogue=catalogue)


def remove_item(plan, section: str, item_id: str, *, catalogue=None) -> dict:
    """Return a new validated plan without the item ``item_id`` of ``section``.

    Removing a goal that phases or KPIs still name raises ``PLAN012``: edit those first.
    """
    _section(section)
    new = copy.deepcopy(plan)
    del new[section][_find(new, section, item_id)]
    return validate_plan(new, catalogue=catalogue)


def add_goal(plan, goal, **kw):
    """:func:`add_item` for ``goals``."""
    return add_item(plan, "goals", goal, **kw)


def update_goal(plan, goal_id, changes, **kw):
    """:func:`update_item` for ``goals``."""
    return update_item(plan, "goals", goal_id, changes, **kw)


def remove_goal(plan, goal_id, **kw):
    """:func:`remove_item` for ``goals``."""
    return remove_item(plan, "goals", goal_id, **kw)


def add_kpi(plan, kpi, **kw):
    """:func:`add_item` for ``kpis`` (see also :func:`kpi_from_catalogue`)."""
    return add_item(plan, "kpis", kpi, **kw)


def update_kpi(plan, kpi_id, changes, **kw):
    """:func:`update_item` for ``kpis``.

    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p = add_kpi(p, kpi_from_catalogue("csat", "K1", baseline=70, target=80, due="2025-12-31"))
    >>> update_kpi(p, "K1", {"target": 85})["kpis"][0]["target"]
    85
    """
    return update_item(plan, "kpis", kpi_id, changes, **kw)


def remove_kpi(plan, kpi_id, **kw):
    """:func:`remove_item` for ``kpis``."""
    return remove_item(plan, "kpis", kpi_id, **kw)


def add_phase(plan, phase, **kw):
    """:func:`add_item` for ``phases``."""
    return add_item(plan, "phases", phase, **kw)


def update_phase(plan, phase_id, changes, **kw):
    """:func:`update_item` for ``phases``."""
    return update_item(plan, "phases", phase_id, changes, **kw)


def remove_phase(plan, phase_id, **kw):
    """:func:`remove_item` for ``phases``."""
    return remove_item(plan, "phases", phase_id, **kw)


def add_risk(plan, risk, **kw):
    """:func:`add_item` for ``risks``."""
    return add_item(plan, "risks", risk, **kw)


def update_risk(plan, risk_id, changes, **kw):
    """:func:`update_item` for ``risks``."""
    return update_item(plan, "risks", risk_id, changes, **kw)


def remove_risk(plan, risk_id, **kw):
    """:func:`remove_item` for ``risks``."""
    return remove_item(plan, "risks", risk_id, **kw)


def set_preparation(plan, item: str, status: str, *, notes: str | None = None, owner: str | None = None) -> dict:
    """Return a new validated plan with the preparation ``item`` set to ``status``.

    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> set_preparation(p, "team", "done", notes="four people")["preparation"]["team"]
    {'status': 'done', 'notes': 'four people'}
    """
    new = copy.deepcopy(plan)
    entry = {"status": status}
    if notes:
        entry["notes"] = notes
    if owner:
        entry["owner"] = owner
    new.setdefault("preparation", {})
    new["preparation"] = dict(new["preparation"] or {}, **{item: entry})
    return validate_plan(new)


def answer_principle(plan, question: str, answer, *, evidence: str | None = None) -> dict:
    """Return a new validated plan with the principle ``question`` answered (1–5, or None to clear).

    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> answer_principle(p, "security_1", 4, evidence="encryption audit 2024")["principles"]
    {'security_1': {'answer': 4, 'evidence': 'encryption audit 2024'}}
    """
    new = copy.deepcopy(plan)
    new.setdefault("principles", {})
    new["principles"] = dict(new["principles"] or {})
    if answer is None and not evidence:
        new["principles"].pop(question, None)
    else:
        entry = {"answer": answer}
        if evidence:
            entry["evidence"] = evidence
        new["principles"][question] = entry
    return validate_plan(new)
