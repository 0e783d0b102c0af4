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
from ...core.schema import check, document_order

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


def maturity_levels(levels=None, language=None):
    """The 0–4 maturity scale as a DataFrame: ``level``, ``name``, ``description``, in ``language``
    (the kit's wording translated by :func:`sedamkit.core.kittext.kit_text`; levels a client wrote
    itself are kept as written).

    >>> maturity_levels()["name"].tolist()
    ['None', 'Initial', 'Developing', 'Established', 'Leading']
    >>> maturity_levels(language="fr")["name"].tolist()[:2]
    ['Aucune', 'Initiale']
    """
    import pandas as pd

    from ...core.kittext import kit_text

    lv = levels_or_default(levels)["levels"]
    return pd.DataFrame([{"level": int(k), "name": kit_text("maturity", int(k), language, shown=v["name"]),
                          "description": kit_text("maturity_desc", int(k), language, shown=v["description"])}
                         for k, v in sorted(lv.items(), key=lambda kv: int(kv[0]))],
                        columns=["level", "name", "description"])


# --------------------------------------------------------------------------- validation
# The structure of an assessment is sedamkit/data/schemas/application.schema.json.
def _check(data, file=None, catalogue=None):
    """(normalised copy, problems, warnings). The structure is ``application.schema.json``; code
    adds the approach ids (in the catalogue, listed once, mapped to the element)."""
    probs, warns = Problems(file), Problems(file)
    data = _normalise(copy.deepcopy(data))
    check(data, "application", probs, code="APP001", ids=False)
    els = data.get("elements") if isinstance(data, dict) else None
    if isinstance(els, dict):
        _check_in_use(els, catalogue, probs, warns)
        view = {**data, "elements": {**{k: v for k, v in els.items() if k not in ELEMENT_IDS},
                                     **{el: els.get(el) for el in ELEMENT_IDS}}}
        probs.items = document_order(probs.items, view)
        for entry in els.values():
            if isinstance(entry, dict) and isinstance(entry.get("maturity"), float) and entry["maturity"].is_integer():
                entry["maturity"] = int(entry["maturity"])
    return data, probs.items, warns.items


def _normalise(data):
    """The spellings an assessment may use on purpose: a date for ``assessed`` (ISO text), an empty
    element entry (``E7:``), no list or a single string for ``in_use`` / ``other_tools``."""
    if not isinstance(data, dict):
        return data
    d = data.get("assessed")
    if isinstance(d, (_dt.date, _dt.datetime)):
        data["assessed"] = (d.date() if isinstance(d, _dt.datetime) else d).isoformat()
    els = data.get("elements")
    for el, entry in (els.items() if isinstance(els, dict) else ()):
        if entry is None:
            entry = els[el] = {}
        if isinstance(entry, dict):
            for field in ("in_use", "other_tools"):
                val = entry.get(field)
                entry[field] = [] if val is None else [val] if isinstance(val, str) else val
    return data


def _check_in_use(els, catalogue, probs, warns):
    """Approach ids in use: in the catalogue (APP005), listed once (APP006), mapped to the element
    (else the warning APP101). A broken ``in_use`` (the schema reported it) becomes ``[]``."""
    from ...methods.catalogue import as_catalogue

    serves = {a["id"]: {lk["element"] for lk in a["elements"]} for a in as_catalogue(catalogue)["approaches"]}
    for el in ELEMENT_IDS:
        entry = els.get(el)
        if not isinstance(entry, dict):
            continue
        for field in ("in_use", "other_tools"):
            if not isinstance(entry[field], list):
                entry[field] = []
        seen = set()
        for j, aid in enumerate(entry["in_use"]):
            w = f"elements.{el}.in_use[{j}]"
            if not isinstance(aid, str) or aid not in serves:
                probs.add("APP005", w, f"{aid!r} is not in the catalogue of digital approaches",
                          "pick an id from sedamkit.methods.catalogue.search(...), or list the tool under 'other_tools'")
            elif aid in seen:
                probs.add("APP006", w, f"{aid!r} is listed twice", "list each approach once")
            elif el not in serves[aid]:
                warns.add("APP101", w, f"{aid!r} is in use for {el}, which the catalogue does not map it to",
                          "fine if deliberate; otherwise move it to the element it serves")
            if isinstance(aid, str):
                seen.add(aid)


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
