"""The stage 03 assessment: maturity levels, validation (APP0xx), reading, writing and editing an
assessment, and the plan's planned approaches per element."""
from __future__ import annotations

import copy
import datetime as _dt
from pathlib import Path

from ...core import paths as _paths
from ...core.datafiles import load_data
from ...core.errors import Problem, Problems, SedamError
from ...core.fileio import read_yaml, write_new

__all__ = ["ELEMENT_IDS", "DEMO_APPLICATION", "load_levels", "levels_or_default", "maturity_levels",
           "validate_assessment", "assessment_warnings", "load_assessment", "save_assessment", "new_assessment",
           "set_element", "add_in_use", "remove_in_use", "planned_by_element", "goals_and_kpis"]

#: The nine elements of ISO/DTS 19384, E1 … E9.
ELEMENT_IDS = tuple(f"E{i}" for i in range(1, 10))
_LEVELS_PATH = "application_maturity.yaml"
#: The demo client's assessment (Northwind Home Services), shipped in the repository's datasets.
DEMO_APPLICATION = _paths.demo_dir() / "application.yaml"


def load_levels(path=None) -> dict:
    """The maturity levels, gap target and priority weights (a dict copy).

    >>> load_levels()["priority_weights"]
    {'weakness': 0.4, 'importance': 0.3, 'uncovered': 0.3}
    """
    return load_data(_LEVELS_PATH if path is None else Path(path), code="APP000")


def levels_or_default(levels):
    """``levels`` itself, or the kit's maturity levels (a copy) when None."""
    return load_levels() if levels is None else levels


def maturity_levels(levels=None):
    """The 0–4 maturity scale as a DataFrame: ``level``, ``name``, ``description``.

    >>> maturity_levels()["name"].tolist()
    ['None', 'Initial', 'Developing', 'Established', 'Leading']
    """
    import pandas as pd

    lv = levels_or_default(levels)["levels"]
    return pd.DataFrame([{"level": int(k), "name": v["name"], "description": v["description"]}
                         for k, v in sorted(lv.items(), key=lambda kv: int(kv[0]))],
                        columns=["level", "name", "description"])


# --------------------------------------------------------------------------- validation
def _check(data, file=None, catalogue=None):
    from ...methods.catalogue import as_catalogue

    probs, warns = Problems(file), Problems(file)
    if not isinstance(data, dict):
        probs.add("APP001", None, "the assessment is not a mapping", "start from datasets/demo/application.yaml")
        return data, probs.items, warns.items
    data = copy.deepcopy(data)
    cat = as_catalogue(catalogue)
    serves = {a["id"]: {lk["element"] for lk in a["elements"]} for a in cat["approaches"]}
    if data.get("assessed") is not None:
        d = data["assessed"]
        if isinstance(d, (_dt.date, _dt.datetime)):
            data["assessed"] = (d.date() if isinstance(d, _dt.datetime) else d).isoformat()
    els = data.get("elements")
    if not isinstance(els, dict):
        probs.add("APP001", "elements", "'elements' is missing or not a mapping of E1 … E9",
                  "add 'elements:' with one entry per element, e.g. 'E1: {maturity: 2, in_use: []}'")
        return data, probs.items, warns.items
    for el in els:
        if el not in ELEMENT_IDS:
            probs.add("APP002", f"elements.{el}", f"unknown element {el!r}", "use E1 … E9")
    for el in ELEMENT_IDS:
        where = f"elements.{el}"
        if el not in els:
            probs.add("APP003", where, f"element {el} is not assessed",
                      f"add '{el}: {{maturity: 0, in_use: []}}' if nothing supports it yet")
            continue
        entry = els[el]
        if entry is None:
            entry = els[el] = {}
        if not isinstance(entry, dict):
            probs.add("APP001", where, "the element entry is not a mapping", "write {maturity: 2, in_use: [...]}")
            continue
        m = entry.get("maturity")
        if m is None:
            probs.add("APP004", f"{where}.maturity", "maturity is missing", "rate the element 0 (none) … 4 (leading)")
        elif not (isinstance(m, (int, float)) and not isinstance(m, bool) and float(m).is_integer() and 0 <= m <= 4):
            probs.add("APP004", f"{where}.maturity", f"maturity {m!r} is not a whole number from 0 to 4",
                      "rate the element 0 (none) … 4 (leading); see sedamkit.stages.application.api.maturity_levels()")
        else:
            entry["maturity"] = int(m)
        for field in ("in_use", "other_tools"):
            val = entry.get(field)
            if val is None:
                entry[field] = []
            elif isinstance(val, str):
                entry[field] = [val]
            elif not isinstance(val, list):
                probs.add("APP001", f"{where}.{field}", f"'{field}' must be a list", f"write {field}: [a, b]")
                entry[field] = []
        seen = set()
        for j, aid in enumerate(entry["in_use"]):
            w = f"{where}.in_use[{j}]"
            if aid not in serves:
                probs.add("APP005", w, f"{aid!r} is not in the catalogue of digital approaches",
                          "pick an id from sedamkit.methods.catalogue.search(...), or list the tool under 'other_tools'")
            elif aid in seen:
                probs.add("APP006", w, f"{aid!r} is listed twice", "list each approach once")
            elif el not in serves[aid]:
                warns.add("APP101", w, f"{aid!r} is in use for {el}, which the catalogue does not map it to",
                          "fine if deliberate; otherwise move it to the element it serves")
            seen.add(aid)
        for field in ("evidence", "owner", "notes"):
            if entry.get(field) is not None and not isinstance(entry[field], str):
                probs.add("APP001", f"{where}.{field}", f"'{field}' must be text", "quote the text")
    return data, probs.items, warns.items


def validate_assessment(data, *, file=None, catalogue=None) -> dict:
    """Check an assessment; return a normalised copy or raise one :class:`SedamError` with every problem.

    Normalising turns missing lists into ``[]`` and maturities into ints.

    Examples
    --------
    >>> a = new_assessment("Demo")
    >>> a["elements"]["E5"] = {"maturity": 6, "in_use": ["crm_system", "magic_wand"]}
    >>> try:
    ...     validate_assessment(a, file="application.yaml")
    ... except SedamError as e:
    ...     print(e)
    2 problems in the application assessment:
      [APP004] application.yaml: elements.E5.maturity: maturity 6 is not a whole number from 0 to 4. Fix: rate the element 0 (none) … 4 (leading); see sedamkit.stages.application.api.maturity_levels()
      [APP005] application.yaml: elements.E5.in_use[1]: 'magic_wand' is not in the catalogue of digital approaches. Fix: pick an id from sedamkit.methods.catalogue.search(...), or list the tool under 'other_tools'
    """
    out, errors, _ = _check(data, file, catalogue)
    if errors:
        n = len(errors)
        raise SedamError(errors, f"{n} problem in the application assessment" if n == 1
                         else f"{n} problems in the application assessment")
    return out


def assessment_warnings(data, *, file=None, catalogue=None) -> list[Problem]:
    """Warn-level problems (``APP101``) of an assessment.

    >>> a = set_element(new_assessment("Demo"), "E1", in_use=["crm_system"])
    >>> [w.code for w in assessment_warnings(a)]
    ['APP101']
    """
    return _check(data, file, catalogue)[2]


def load_assessment(path, *, catalogue=None) -> dict:
    """Read and validate an assessment file.

    >>> load_assessment(DEMO_APPLICATION)["client"]
    'Northwind Home Services'
    """
    return validate_assessment(read_yaml(path, code="APP000"), file=str(path), catalogue=catalogue)


def save_assessment(assessment, path, *, overwrite=False, catalogue=None) -> Path:
    """Validate and write an assessment atomically; an existing file is kept unless ``overwrite``
    (``APP008``)."""
    import yaml

    from ...core.fileio import atomic_write_text

    a = validate_assessment(assessment, file=str(path), catalogue=catalogue)
    text = yaml.safe_dump(a, sort_keys=False, allow_unicode=True, width=100)
    return atomic_write_text(path, text) if overwrite else write_new(path, text, "APP008")


def new_assessment(client: str | None = None, *, assessed=None) -> dict:
    """A blank assessment: all nine elements at maturity 0 with nothing in use.

    >>> sorted(new_assessment()["elements"]) == [f"E{i}" for i in range(1, 10)]
    True
    """
    a = {"client": client, "assessed": assessed or _dt.date.today().isoformat(),
         "elements": {el: {"maturity": 0, "in_use": [], "evidence": ""} for el in ELEMENT_IDS}}
    return validate_assessment(a)


def set_element(assessment, element: str, *, maturity=None, in_use=None, evidence=None, other_tools=None,
                notes=None, catalogue=None) -> dict:
    """Return a new validated assessment with the given fields of ``element`` replaced
    (arguments left as None are kept).

    >>> a = set_element(new_assessment(), "E5", maturity=2, in_use=["crm_system"])
    >>> a["elements"]["E5"]["maturity"], a["elements"]["E5"]["in_use"]
    (2, ['crm_system'])
    """
    new = copy.deepcopy(assessment)
    new.setdefault("elements", {})
    entry = dict(new["elements"].get(element) or {})
    for key, val in (("maturity", maturity), ("in_use", in_use), ("evidence", evidence),
                     ("other_tools", other_tools), ("notes", notes)):
        if val is not None:
            entry[key] = copy.deepcopy(val)
    new["elements"][element] = entry
    return validate_assessment(new, catalogue=catalogue)


def add_in_use(assessment, element: str, approach: str, *, catalogue=None) -> dict:
    """Return a new validated assessment with ``approach`` marked in use for ``element`` (no-op if already)."""
    cur = list(((assessment.get("elements") or {}).get(element) or {}).get("in_use") or [])
    if approach not in cur:
        cur.append(approach)
    return set_element(assessment, element, in_use=cur, catalogue=catalogue)


def remove_in_use(assessment, element: str, approach: str, *, catalogue=None) -> dict:
    """Return a new validated assessment without ``approach`` in use for ``element``."""
    cur = [a for a in ((assessment.get("elements") or {}).get(element) or {}).get("in_use") or [] if a != approach]
    return set_element(assessment, element, in_use=cur, catalogue=catalogue)


# --------------------------------------------------------------------------- plan input
def planned_by_element(plan=None, *, catalogue=None) -> dict:
    """Planned approaches per element, from a plan dict or a stage-02 result.

    Returns ``{"E1": [ids], …, "E9": [ids]}`` (all nine keys). ``plan=None`` gives empty lists.

    >>> planned_by_element({"planned_approaches": {"E5": ["crm_system"]}})["E5"]
    ['crm_system']
    """
    out = {el: [] for el in ELEMENT_IDS}
    if plan is None:
        return out
    if isinstance(plan, dict) and isinstance(plan.get("planned_approaches"), dict):
        for el, ids in plan["planned_approaches"].items():
            if el in out:
                out[el] = list(dict.fromkeys(ids or []))
        return out
    if isinstance(plan, dict) and "phases" in plan and "mission" in plan:
        from ..daap.api import planned_approaches

        pa = planned_approaches(plan, catalogue=catalogue)
        for el in ELEMENT_IDS:
            out[el] = list(dict.fromkeys(pa.loc[pa.element == el, "approach"]))
        return out
    raise SedamError(Problem("APP007", None, "plan", "this is neither a DAAP plan nor a stage-02 result",
                             "pass sedamkit.stages.daap.api.load_plan(...) or read_result(out, '02_daap')"))


def goals_and_kpis(plan):
    """(goals, KPIs) of a plan, both lists (empty without a plan)."""
    if plan is None:
        return [], []
    return list(plan.get("goals") or []), list(plan.get("kpis") or [])
