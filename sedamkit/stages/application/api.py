"""Stage 03 — applying digital approaches across the four dimensions and nine elements (clause 7).

The assessment file (YAML; ``datasets/demo/application.yaml``) records, for every element
E1–E9, which catalogue approaches are in use and how mature the element's digital support is::

    client?: Northwind Home Services
    assessed?: 2025-02-14          # date of the assessment
    assessor?: Programme team
    elements:                      # all nine elements, E1 … E9
      E5:
        maturity: 2                # 0-4, levels in sedamkit/data/application_maturity.yaml
        in_use: [online_survey, crm_system]    # catalogue ids (sedamkit.catalogue)
        other_tools?: [Shared spreadsheet]     # tools outside the catalogue, free text
        evidence?: <text>          # what the maturity rating rests on
        owner?: <text>
        notes?: <text>

Planned approaches come from the DAAP: every function takes ``plan=``, either a plan dict
(:mod:`sedamkit.plan`) or the ``data`` of stage 02's result (it carries ``planned_approaches``,
``goals`` and ``kpis``).

Statuses
--------
For each element, every catalogue approach that serves it, and every approach in use for it, has
one status: ``in_use`` (listed under ``in_use``), ``planned`` (in the plan and not yet in use) or
``absent`` (serves the element per the catalogue, neither in use nor planned).

Gaps and priorities
-------------------
An element is a *gap* when its maturity is below ``target_maturity`` (3) or nothing is in use for
it. The priority score (0–100) of each element is::

    score = 100 × (0.4 × weakness + 0.3 × importance + 0.3 × uncovered)
    weakness   = (4 − maturity) / 4
    importance = (goals + KPIs of the plan tied to the element) / (largest such count; 0 if none)
    uncovered  = 1 if no planned approach (not already in use) serves the element, else 0

(weights in ``application_maturity.yaml``). Elements are ranked by score (highest first); ties are
broken by lower maturity, then more goals and KPIs, then fewer approaches in use, then element
order E1 … E9 — so the ranking is deterministic.

Suggestions for a gap are catalogue approaches serving the element that are neither in use nor
planned for it, ordered by how many gap elements they serve (one investment, several gaps), then
clause-cited links before the kit's own, then catalogue order.

Where the assessment lives
--------------------------
Editing never changes the client's assessment file: interactive sessions work on
``<answers_dir>/03_application/application.yaml`` (copied once); batch runs read that copy when it
exists, else the client's file (:func:`resolve_assessment_path`, the rule of
:func:`sedamkit.stages.daap.api.resolve_plan_path`).

Exercises
---------
``03_coverage_counts`` (:func:`check_coverage_counts`) and ``03_priority_score``
(:func:`check_priority_score`), registered with :func:`sedamkit.core.exercises.exercise`.

Error codes
-----------
======  ===============================================================
APP000  the assessment file cannot be read (missing, or not valid YAML)
APP001  the assessment is not a mapping, or a field has the wrong type
APP002  unknown element (not E1–E9)
APP003  an element is not assessed (all nine are needed)
APP004  maturity missing, or not a whole number from 0 to 4
APP005  unknown approach (not in the catalogue)
APP006  an approach listed twice for one element
APP007  ``plan`` is neither a plan nor a stage-02 result
APP008  the file exists and ``overwrite`` was not asked for
APP009  a working copy would be written inside the read-only demo client folder
APP101  (warning) an approach is in use for an element the catalogue does not map it to
======  ===============================================================

Examples
--------
>>> from sedamkit import plan as _plan
>>> a, p = load_assessment(DEMO_APPLICATION), _plan.load_plan(_plan.DEMO_PLAN)
>>> cov = coverage_table(a, p)
>>> list(cov.columns[:4])
['element', 'element_name', 'dimension', 'dimension_name']
>>> priorities(a, p)["element"].iloc[0]
'E3'
"""
from __future__ import annotations

from ...core import paths as _paths

import copy
import datetime as _dt
from pathlib import Path

from ...core.datafiles import load_data
from ...core.errors import Problem, Problems, SedamError
from ...core.exercises import exercise
from ...core.fileio import read_yaml, write_new
from ...core.paths import working_copy, working_source

__all__ = ["DEMO_APPLICATION", "load_levels", "maturity_levels", "validate_assessment", "assessment_warnings",
           "load_assessment", "save_assessment", "new_assessment", "set_element", "add_in_use",
           "remove_in_use", "planned_by_element", "approach_status", "coverage_table", "element_importance",
           "gap_list", "priorities", "suggestions", "stage_result", "plot_coverage", "validate_client_inputs",
           "WORKING_ASSESSMENT", "working_assessment_path", "assessment_source", "resolve_assessment_path",
           "plan_input", "planned_frame", "pick_coverage_element", "check_coverage_counts", "pick_priority_element",
           "check_priority_score"]

_ELEMENT_IDS = tuple(f"E{i}" for i in range(1, 10))
_LEVELS_PATH = "application_maturity.yaml"
#: The demo client's assessment (Northwind Home Services), shipped in the repository's datasets.
DEMO_APPLICATION = _paths.demo_dir() / "application.yaml"


def load_levels(path=None) -> dict:
    """The maturity levels, gap target and priority weights (a dict copy).

    >>> load_levels()["priority_weights"]
    {'weakness': 0.4, 'importance': 0.3, 'uncovered': 0.3}
    """
    return load_data(_LEVELS_PATH if path is None else Path(path), code="APP000")


def _lv(levels):
    return load_levels() if levels is None else levels


def maturity_levels(levels=None):
    """The 0–4 maturity scale as a DataFrame: ``level``, ``name``, ``description``.

    >>> maturity_levels()["name"].tolist()
    ['None', 'Initial', 'Developing', 'Established', 'Leading']
    """
    import pandas as pd

    lv = _lv(levels)["levels"]
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
        if el not in _ELEMENT_IDS:
            probs.add("APP002", f"elements.{el}", f"unknown element {el!r}", "use E1 … E9")
    for el in _ELEMENT_IDS:
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
         "elements": {el: {"maturity": 0, "in_use": [], "evidence": ""} for el in _ELEMENT_IDS}}
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
    out = {el: [] for el in _ELEMENT_IDS}
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
        for el in _ELEMENT_IDS:
            out[el] = list(dict.fromkeys(pa.loc[pa.element == el, "approach"]))
        return out
    raise SedamError(Problem("APP007", None, "plan", "this is neither a DAAP plan nor a stage-02 result",
                             "pass sedamkit.stages.daap.api.load_plan(...) or read_result(out, '02_daap')"))


def _goals_kpis(plan):
    if plan is None:
        return [], []
    return list(plan.get("goals") or []), list(plan.get("kpis") or [])


# --------------------------------------------------------------------------- tables
def approach_status(assessment, plan=None, *, catalogue=None):
    """Every (element, approach) pair with its status — the tidy base of the coverage views.

    Returns
    -------
    pandas.DataFrame
        Columns: ``element``, ``approach``, ``name``, ``family``, ``status`` (``in_use`` /
        ``planned`` / ``absent``), ``mapped`` (the catalogue maps the approach to this element),
        ``source`` (``clause`` / ``kit``, missing when not mapped), ``clause``. Sorted by element,
        status (in_use, planned, absent), then catalogue order.

    >>> a = set_element(new_assessment(), "E2", in_use=["kpi_dashboard"])
    >>> s = approach_status(a, {"planned_approaches": {"E2": ["webinars"]}})
    >>> s[s.element == "E2"]["status"].value_counts().to_dict()
    {'absent': 6, 'in_use': 1, 'planned': 1}
    """
    import pandas as pd

    from ...methods.catalogue import as_catalogue

    a = validate_assessment(assessment, catalogue=catalogue)
    cat = as_catalogue(catalogue)
    planned = planned_by_element(plan, catalogue=catalogue)
    order = {x["id"]: i for i, x in enumerate(cat["approaches"])}
    info = {x["id"]: x for x in cat["approaches"]}
    link = {(lk["element"], x["id"]): lk for x in cat["approaches"] for lk in x["elements"]}
    rows = []
    for el in _ELEMENT_IDS:
        in_use = a["elements"][el]["in_use"]
        ids = list(dict.fromkeys(in_use + [i for i in planned[el] if i in info]
                                 + [x["id"] for x in cat["approaches"] if (el, x["id"]) in link]))
        for aid in ids:
            st = "in_use" if aid in in_use else "planned" if aid in planned[el] else "absent"
            lk = link.get((el, aid))
            rows.append({"element": el, "approach": aid, "name": info[aid]["name"], "family": info[aid]["family"],
                         "status": st, "mapped": lk is not None, "source": lk["source"] if lk else None,
                         "clause": lk.get("clause") if lk else None, "_o": order[aid]})
    df = pd.DataFrame(rows, columns=["element", "approach", "name", "family", "status", "mapped", "source", "clause",
                                     "_o"])
    st_order = {"in_use": 0, "planned": 1, "absent": 2}
    df = df.assign(_s=df.status.map(st_order)).sort_values(["element", "_s", "_o"], kind="stable")
    return df.drop(columns=["_s", "_o"]).reset_index(drop=True)


def coverage_table(assessment, plan=None, *, catalogue=None, levels=None):
    """Coverage per element: maturity and counts of approaches in use, planned and absent.

    Returns
    -------
    pandas.DataFrame
        One row per element E1 … E9:

        - ``element``, ``element_name``, ``dimension`` (D1…D4), ``dimension_name``
        - ``maturity`` (0–4), ``maturity_name``
        - ``n_in_use`` — approaches in use (catalogue ids)
        - ``n_planned`` — approaches the plan adds (planned and not in use)
        - ``n_absent`` — catalogue approaches for the element neither in use nor planned
        - ``n_catalogue`` — catalogue approaches mapped to the element
        - ``n_other_tools`` — tools in use outside the catalogue
        - ``in_use``, ``planned`` — comma-separated ids
        - ``is_gap`` — maturity below ``target_maturity`` or nothing in use

    >>> a = set_element(new_assessment(), "E9", maturity=3, in_use=["kpi_dashboard"])
    >>> cov = coverage_table(a, {"planned_approaches": {"E9": ["kpi_dashboard", "process_mining"]}})
    >>> row = cov.set_index("element").loc["E9"]
    >>> int(row.n_in_use), int(row.n_planned), bool(row.is_gap)   # kpi_dashboard is in use already
    (1, 1, False)
    """
    import pandas as pd

    from ...methods.catalogue import as_catalogue
    from ...core.model import elements_frame

    lv = _lv(levels)
    a = validate_assessment(assessment, catalogue=catalogue)
    st = approach_status(a, plan, catalogue=catalogue)
    names = {int(k): v["name"] for k, v in lv["levels"].items()}
    cat = as_catalogue(catalogue)
    n_cat = {el: sum(1 for x in cat["approaches"] for lk in x["elements"] if lk["element"] == el)
             for el in _ELEMENT_IDS}
    rows = []
    for e in elements_frame().itertuples():
        sub = st[st.element == e.element]
        entry = a["elements"][e.element]
        m = entry["maturity"]
        n_use = int((sub.status == "in_use").sum())
        rows.append({"element": e.element, "element_name": e.element_name, "dimension": e.dimension,
                     "dimension_name": e.dimension_name, "maturity": m, "maturity_name": names.get(m, str(m)),
                     "n_in_use": n_use, "n_planned": int((sub.status == "planned").sum()),
                     "n_absent": int((sub.status == "absent").sum()), "n_catalogue": n_cat[e.element],
                     "n_other_tools": len(entry.get("other_tools") or []),
                     "in_use": ",".join(sub.loc[sub.status == "in_use", "approach"]),
                     "planned": ",".join(sub.loc[sub.status == "planned", "approach"]),
                     "is_gap": bool(m < lv["target_maturity"] or n_use == 0)})
    return pd.DataFrame(rows, columns=["element", "element_name", "dimension", "dimension_name", "maturity",
                                       "maturity_name", "n_in_use", "n_planned", "n_absent", "n_catalogue",
                                       "n_other_tools", "in_use", "planned", "is_gap"])


def element_importance(plan=None):
    """How many of the plan's goals and KPIs tie to each element.

    Returns
    -------
    pandas.DataFrame
        One row per element: ``element``, ``n_goals``, ``n_kpis``, ``importance`` (= n_goals +
        n_kpis), ``importance_norm`` (importance ÷ the largest importance; 0 when the plan ties
        nothing to any element).

    >>> p = {"goals": [{"id": "G1", "elements": ["E5", "E6"]}], "kpis": [{"id": "K1", "elements": ["E5"]}]}
    >>> element_importance(p).set_index("element").loc[["E5", "E6"], "importance_norm"].tolist()
    [1.0, 0.5]
    """
    import pandas as pd

    goals, kpis = _goals_kpis(plan)
    rows = []
    for el in _ELEMENT_IDS:
        ng = sum(1 for g in goals if el in (g.get("elements") or []))
        nk = sum(1 for k in kpis if el in (k.get("elements") or []))
        rows.append({"element": el, "n_goals": ng, "n_kpis": nk, "importance": ng + nk})
    df = pd.DataFrame(rows, columns=["element", "n_goals", "n_kpis", "importance"])
    top = df["importance"].max()
    return df.assign(importance_norm=(df["importance"] / top) if top > 0 else 0.0)


def priorities(assessment, plan=None, *, catalogue=None, levels=None):
    """Rank the elements: weak, important to the plan and not covered by a planned approach first.

    The score and the tie-breaking are defined in the module docstring.

    Returns
    -------
    pandas.DataFrame
        One row per element, best priority first: ``rank`` (1 …), ``element``, ``element_name``,
        ``dimension``, ``maturity``, ``n_in_use``, ``n_planned``, ``n_goals``, ``n_kpis``,
        ``weakness``, ``importance`` (normalised 0–1), ``uncovered`` (0/1), ``score`` (0–100,
        rounded to 2 decimals), ``is_gap``.

    >>> a = new_assessment()
    >>> for el, m in zip([f"E{i}" for i in range(1, 10)], [4, 4, 4, 4, 1, 1, 4, 4, 4]):
    ...     a = set_element(a, el, maturity=m, in_use=[] if m < 4 else ["kpi_dashboard"])
    >>> pr = priorities(a, {"goals": [{"id": "G1", "elements": ["E6"]}], "kpis": [],
    ...                     "planned_approaches": {"E5": ["crm_system"]}})
    >>> pr[["element", "score"]].head(2).values.tolist()    # E6: 100*(.4*.75+.3*1+.3*1); E5: 100*(.4*.75)
    [['E6', 90.0], ['E5', 30.0]]
    """
    lv = _lv(levels)
    w = lv["priority_weights"]
    cov = coverage_table(assessment, plan, catalogue=catalogue, levels=levels)
    imp = element_importance(plan)
    df = cov.merge(imp, on="element", how="left")
    weakness = (4 - df["maturity"]) / 4
    uncovered = (df["n_planned"] == 0).astype(int)
    score = 100 * (w["weakness"] * weakness + w["importance"] * df["importance_norm"] + w["uncovered"] * uncovered)
    df = df.assign(weakness=weakness, uncovered=uncovered, score=score.round(2), _o=range(len(df)))
    df = df.sort_values(["score", "maturity", "importance", "n_in_use", "_o"],
                        ascending=[False, True, False, True, True], kind="stable")
    df = df.assign(rank=range(1, len(df) + 1)).reset_index(drop=True)
    df = df.drop(columns=["importance"]).rename(columns={"importance_norm": "importance"})
    return df[["rank", "element", "element_name", "dimension", "maturity", "n_in_use", "n_planned", "n_goals",
               "n_kpis", "weakness", "importance", "uncovered", "score", "is_gap"]]


def gap_list(assessment, plan=None, *, catalogue=None, levels=None):
    """The gap elements with the reasons they are gaps, in priority order.

    Returns
    -------
    pandas.DataFrame
        One row per gap element: ``rank`` (priority rank among all elements), ``element``,
        ``element_name``, ``dimension``, ``maturity``, ``n_in_use``, ``n_planned``, ``score``,
        ``reasons`` (``; ``-separated: "maturity 1 below 3", "nothing in use",
        "no planned approach").

    >>> a = set_element(new_assessment(), "E1", maturity=3, in_use=["kpi_dashboard"])
    >>> "E1" in gap_list(a)["element"].tolist(), len(gap_list(a))
    (False, 8)
    """
    import pandas as pd

    lv = _lv(levels)
    pr = priorities(assessment, plan, catalogue=catalogue, levels=levels)
    rows = []
    for r in pr[pr.is_gap].itertuples():
        reasons = []
        if r.maturity < lv["target_maturity"]:
            reasons.append(f"maturity {r.maturity} below {lv['target_maturity']}")
        if r.n_in_use == 0:
            reasons.append("nothing in use")
        if r.n_planned == 0:
            reasons.append("no planned approach")
        rows.append({"rank": r.rank, "element": r.element, "element_name": r.element_name, "dimension": r.dimension,
                     "maturity": r.maturity, "n_in_use": r.n_in_use, "n_planned": r.n_planned, "score": r.score,
                     "reasons": "; ".join(reasons)})
    return pd.DataFrame(rows, columns=["rank", "element", "element_name", "dimension", "maturity", "n_in_use",
                                       "n_planned", "score", "reasons"])


def suggestions(assessment, plan=None, *, catalogue=None, per_element: int | None = 3, gaps_only=True, levels=None):
    """Catalogue approaches to consider for each gap (or every element with ``gaps_only=False``).

    Candidates serve the element (catalogue), and are neither in use nor planned for it. Order
    within an element: number of gap elements the approach serves (desc), clause-cited link before
    the kit's own, catalogue order.

    Returns
    -------
    pandas.DataFrame
        Columns: ``element``, ``element_rank`` (priority rank of the element), ``suggestion`` (1 …
        within the element), ``approach``, ``name``, ``family``, ``source``, ``clause``,
        ``serves_gaps`` (how many gap elements the approach serves), ``description``. Elements in
        priority order.

    >>> a = new_assessment()
    >>> s = suggestions(a, per_element=1)
    >>> s[s.element == "E7"][["approach", "serves_gaps"]].values.tolist()
    [['digital_management_system', 3]]
    """
    import pandas as pd

    from ...methods.catalogue import as_catalogue

    cat = as_catalogue(catalogue)
    pr = priorities(assessment, plan, catalogue=catalogue, levels=levels)
    st = approach_status(assessment, plan, catalogue=catalogue)
    gaps = set(pr.loc[pr.is_gap, "element"])
    targets = pr[pr.is_gap] if gaps_only else pr
    info = {x["id"]: x for x in cat["approaches"]}
    order = {x["id"]: i for i, x in enumerate(cat["approaches"])}
    n_gaps = {x["id"]: sum(1 for lk in x["elements"] if lk["element"] in gaps) for x in cat["approaches"]}
    rows = []
    for r in targets.itertuples():
        cand = st[(st.element == r.element) & (st.status == "absent")]
        cand = cand.assign(g_=cand.approach.map(n_gaps), c_=(cand.source != "clause").astype(int),
                           o_=cand.approach.map(order)).sort_values(["g_", "c_", "o_"], ascending=[False, True, True],
                                                                    kind="stable")
        if per_element is not None:
            cand = cand.head(per_element)
        for i, c in enumerate(cand.itertuples(), start=1):
            rows.append({"element": r.element, "element_rank": r.rank, "suggestion": i, "approach": c.approach,
                         "name": c.name, "family": c.family, "source": c.source, "clause": c.clause,
                         "serves_gaps": int(c.g_), "description": info[c.approach]["description"]})
    return pd.DataFrame(rows, columns=["element", "element_rank", "suggestion", "approach", "name", "family",
                                       "source", "clause", "serves_gaps", "description"])


def stage_result(assessment, plan=None, *, catalogue=None, levels=None, plan_source=None,
                 assessment_file=None) -> dict:
    """The ``data`` of stage 03's result.

    Keys
    ----
    - ``client``, ``assessed``
    - ``maturity`` — ``{E1: level, …}``; ``maturity_mean`` — mean over the nine elements
    - ``dimension_maturity`` — ``{D1: mean, …}``
    - ``in_use``, ``planned`` — ``{E1: [approach ids], …}`` (planned = in the plan, not yet in use)
    - ``coverage`` — records of :func:`coverage_table`
    - ``gaps`` — records of :func:`gap_list`
    - ``priorities`` — records of :func:`priorities` (rank order); ``priority_order`` — element ids
    - ``suggestions`` — ``{element: [approach ids]}`` for the gaps (top 3 each)
    - ``warnings`` — APP101 problems as text
    - ``plan_planned`` — ``{E1: [approach ids], …}``: everything the plan brings (stage 02's
      ``planned_approaches``), including approaches already in use
    - ``plan_source`` — where the plan came from (``result`` = stage 02's result, or a plan file);
      ``assessment_file`` — the assessment file read (when given)

    >>> from sedamkit import plan as _plan
    >>> r = stage_result(load_assessment(DEMO_APPLICATION), _plan.load_plan(_plan.DEMO_PLAN))
    >>> len(r["priority_order"]), round(r["maturity_mean"], 2)
    (9, 1.44)
    """
    import json

    a = validate_assessment(assessment, catalogue=catalogue)
    cov = coverage_table(a, plan, catalogue=catalogue, levels=levels)
    pr = priorities(a, plan, catalogue=catalogue, levels=levels)
    gl = gap_list(a, plan, catalogue=catalogue, levels=levels)
    sg = suggestions(a, plan, catalogue=catalogue, levels=levels)
    dims = cov.groupby("dimension", sort=True)["maturity"].mean().round(2).to_dict()
    out = {
        "client": a.get("client"), "assessed": a.get("assessed"),
        "maturity": dict(zip(cov.element, cov.maturity.astype(int))),
        "maturity_mean": round(float(cov.maturity.mean()), 2),
        "dimension_maturity": dims,
        "in_use": {r.element: r.in_use.split(",") if r.in_use else [] for r in cov.itertuples()},
        "planned": {r.element: r.planned.split(",") if r.planned else [] for r in cov.itertuples()},
        "coverage": cov.to_dict("records"),
        "gaps": gl.to_dict("records"),
        "priorities": pr.to_dict("records"),
        "priority_order": pr["element"].tolist(),
        "suggestions": {el: grp["approach"].tolist() for el, grp in sg.groupby("element", sort=False)},
        "warnings": [str(w) for w in assessment_warnings(a, catalogue=catalogue)],
        "plan_planned": planned_by_element(plan, catalogue=catalogue),
        "plan_source": plan_source,
        "assessment_file": str(assessment_file) if assessment_file is not None else None,
    }
    return json.loads(json.dumps(out, default=lambda o: o.item() if hasattr(o, "item") else str(o)))


# --------------------------------------------------------------------------- plot
def plot_coverage(coverage, *, ax=None, title=None):
    """Coverage grid: the nine elements as columns grouped by the four dimensions; rows are
    approaches in use, approaches planned and maturity.

    Count cells are shaded by count and print the number (an empty count is dotted); maturity cells
    use the traffic-light colours *and* hatches (0–1 bad, 2 warn, 3–4 good) and print the level
    name. Gap elements are outlined in bold and marked "gap".

    Parameters
    ----------
    coverage : pandas.DataFrame
        Output of :func:`coverage_table`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Rectangle

    from ...core.model import DIMENSIONS
    from ...methods.plots import PALETTE, STATUS_COLOURS, STATUS_HATCHES, get_ax

    cov = coverage.reset_index(drop=True)
    ax = get_ax(ax, figsize=(11, 4.2))
    n = len(cov)
    rows = [("in use", "n_in_use"), ("planned", "n_planned"), ("maturity (0–4)", "maturity")]
    top = max(int(cov[["n_in_use", "n_planned"]].to_numpy().max()), 1)
    for j, r in enumerate(cov.itertuples()):
        for i, (label, col) in enumerate(rows):
            y = len(rows) - 1 - i
            v = int(getattr(r, col))
            if col == "maturity":
                st = "bad" if v <= 1 else "warn" if v == 2 else "good"
                ax.add_patch(Rectangle((j, y), 1, 1, facecolor=STATUS_COLOURS[st], alpha=0.45,
                                       hatch=STATUS_HATCHES[st], edgecolor="white", linewidth=2))
                ax.text(j + 0.5, y + 0.5, f"{v}\n{r.maturity_name}", ha="center", va="center", fontsize=8)
            else:
                colour = PALETTE[0] if col == "n_in_use" else PALETTE[1]
                cell = Rectangle((j, y), 1, 1, facecolor=colour if v else "white",
                                 alpha=0.12 + 0.6 * v / top if v else 1.0, hatch="" if v else "..",
                                 edgecolor="white", linewidth=2)
                if not v and hasattr(cell, "set_hatchcolor"):
                    cell.set_hatchcolor("#bbbbbb")
                ax.add_patch(cell)
                ax.text(j + 0.5, y + 0.5, str(v), ha="center", va="center", fontsize=10,
                        weight="bold" if v else "normal", color="black" if v else "#777777")
        if bool(getattr(r, "is_gap", False)):
            ax.add_patch(Rectangle((j + 0.03, 0.03), 0.94, len(rows) - 0.06, fill=False, edgecolor="#000000",
                                   linewidth=2))
    # dimension headers
    for d in DIMENSIONS:
        idx = [j for j, r in enumerate(cov.itertuples()) if r.dimension == d.id]
        if not idx:
            continue
        x0, x1 = min(idx), max(idx) + 1
        ax.plot([x0 + 0.05, x1 - 0.05], [len(rows) + 0.15] * 2, color="#333333", linewidth=1.5)
        ax.text((x0 + x1) / 2, len(rows) + 0.25, f"{d.id} {d.name}", ha="center", va="bottom", fontsize=7.5,
                wrap=True)
        if x0 > 0:
            ax.axvline(x0, color="#333333", linewidth=1)
    ax.set_xlim(0, n)
    ax.set_ylim(0, len(rows) + 0.8)
    ax.set_xticks([j + 0.5 for j in range(n)])
    ax.set_xticklabels([f"{r.element}" + ("\nGAP" if bool(getattr(r, "is_gap", False)) else "")
                        for r in cov.itertuples()], fontsize=9)
    ax.tick_params(axis="x", length=0, pad=3)
    ax.set_yticks([len(rows) - 1 - i + 0.5 for i in range(len(rows))])
    ax.set_yticklabels([lab for lab, _ in rows], fontsize=9)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_title(title or "Digital approaches per element (clause 7): in use, planned, maturity; "
                 "bold outline = gap", fontsize=10)
    return ax


def validate_client_inputs(client: dict, stage_ids=None) -> None:
    """Runner hook: when stage 03 is selected, load and validate the client's assessment file.

    ``client`` is a loaded client config (``dir``, optional ``application`` file name, default
    ``application.yaml``). Raises the assessment's :class:`SedamError` (``APP000`` when missing).
    """
    if stage_ids is not None and "03_application" not in stage_ids:
        return
    cdir = Path(client["dir"])
    load_assessment(assessment_source(cdir / (client.get("application") or "application.yaml"), cdir / "answers"))


# --------------------------------------------------------------------------- where the assessment lives
#: Folder (under the answers folder) and file name of the assessment's working copy.
WORKING_ASSESSMENT = Path("03_application") / "application.yaml"


def working_assessment_path(answers_dir) -> Path:
    """Where the assessment's working copy lives: ``<answers_dir>/03_application/application.yaml``."""
    return Path(answers_dir) / WORKING_ASSESSMENT


def assessment_source(client_file, answers_dir) -> Path:
    """The assessment file a batch run reads: the working copy when it exists, else the client's file."""
    return working_source(client_file, working_assessment_path(answers_dir))


def resolve_assessment_path(client_file, answers_dir, interactive: bool, *, client_name=None) -> Path:
    """The assessment file stage 03 reads and the editor saves to — the same working-copy rule as
    the plan (:func:`sedamkit.stages.daap.api.resolve_plan_path`).

    Interactive: ``<answers_dir>/03_application/application.yaml``, copied once from the client's
    file (or a blank assessment when the client has none) and never replaced; refused inside the
    read-only demo folder (``APP009``). Batch: the working copy when present, else the client's
    file; nothing is written.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> resolve_assessment_path(DEMO_APPLICATION, d, False) == DEMO_APPLICATION
    True
    >>> resolve_assessment_path(DEMO_APPLICATION, d, True).relative_to(d).as_posix()
    '03_application/application.yaml'
    """
    import yaml

    def blank():
        return yaml.safe_dump(new_assessment(client_name), sort_keys=False, allow_unicode=True)

    return working_copy(client_file, working_assessment_path(answers_dir), interactive, validate=load_assessment,
                        blank=blank, exists_code="APP008", demo_code="APP009")


def plan_input(ctx):
    """Stage 02's result for a stage-03 run, and where it came from.

    Returns ``(plan_result, source)``: the ``data`` of ``02_daap`` in the run's output folder
    (``source = "result"``); when stage 02 has not been run into this folder, the stage-02 result
    computed from the plan file stage 02 would read (working copy, else the client's plan; ``source``
    is then ``"plan file <path>"``); ``(None, "none")`` when there is no plan at all.
    """
    from ..daap import api as _plan

    try:
        return ctx.read_result("02_daap"), "result"
    except SedamError as e:
        if e.codes != ["RES001"]:
            raise
    path = _plan.plan_source(ctx.client_file("plan", "plan.yaml"), ctx.answers_dir)
    if not path.is_file():
        return None, "none"
    return _plan.stage_result(_plan.load_plan(path), plan_file=path), f"plan file {path}"


def planned_frame(plan=None, assessment=None):
    """The plan's approaches per element, next to what is in use.

    Returns
    -------
    pandas.DataFrame
        One row per element: ``element``, ``planned`` (all approach ids the plan brings, comma-separated),
        ``already_in_use`` (those of them already in use — they do not count as planned), and
        ``n_new`` (planned and not in use). ``already_in_use`` is empty without an assessment.
    """
    import pandas as pd

    planned = planned_by_element(plan)
    in_use = {el: [] for el in _ELEMENT_IDS}
    if assessment is not None:
        a = validate_assessment(assessment)
        in_use = {el: a["elements"][el]["in_use"] for el in _ELEMENT_IDS}
    rows = [{"element": el, "planned": ", ".join(planned[el]),
             "already_in_use": ", ".join(x for x in planned[el] if x in in_use[el]),
             "n_new": sum(1 for x in planned[el] if x not in in_use[el])} for el in _ELEMENT_IDS]
    return pd.DataFrame(rows, columns=["element", "planned", "already_in_use", "n_new"])


# --------------------------------------------------------------------------- exercises (stage 03)
def pick_coverage_element(assessment, plan=None) -> str:
    """The element for exercise 03-A: one where the plan names an approach already in use (so that
    slip shows), preferring one with new planned approaches too; else the element with most planned."""
    pf = planned_frame(plan, assessment)
    pf = pf.assign(overlap=pf.already_in_use != "", _o=range(len(pf)))
    best = pf.sort_values(["overlap", "n_new", "_o"], ascending=[False, False, True], kind="stable")
    both = pf[pf.overlap & (pf.n_new > 0)]
    return str((both if len(both) else best).iloc[0]["element"])


def _counts(answer):
    """(in_use, planned) from a dict with those keys (any case) or a pair; None if unreadable."""
    from ...core.exercises import to_number

    if hasattr(answer, "items"):
        low = {str(k).strip().casefold().replace(" ", "_").replace("-", "_"): v for k, v in dict(answer.items()).items()}
        if "in_use" not in low or "planned" not in low:
            return None
        pair = (low["in_use"], low["planned"])
    elif isinstance(answer, (list, tuple)) and len(answer) == 2:
        pair = tuple(answer)
    else:
        return None
    out = tuple(to_number(x) for x in pair)
    return None if None in out else out


@exercise("03_coverage_counts")
def check_coverage_counts(answer, assessment, plan, element: str, *, catalogue=None):
    """Exercise 03-A: for one element, how many catalogue approaches are in use and how many are
    planned (in the plan and not already in use).

    ``answer`` is ``{"in_use": n, "planned": m}`` (keys in any case) or a pair ``(n, m)``; numbers
    may be text. Recognised mistakes: a planned approach that is already in use counted as planned
    too; planned approaches counted as in use; tools outside the catalogue (``other_tools``) counted.
    """
    from ...core.exercises import Feedback

    ex = "03_coverage_counts"
    got = _counts(answer)
    if got is None:
        return Feedback(False, "Answer with {'in_use': <number>, 'planned': <number>}.", ex)
    row = coverage_table(assessment, plan, catalogue=catalogue).set_index("element").loc[element]
    want = (int(row.n_in_use), int(row.n_planned))
    if got == want:
        return Feedback(True, f"{element}: {want[0]} in use, {want[1]} planned.", ex)
    plan_all = planned_by_element(plan, catalogue=catalogue)[element]
    in_use = validate_assessment(assessment, catalogue=catalogue)["elements"][element]["in_use"]
    union = len(set(in_use) | set(plan_all))
    msgs = []
    if got[1] != want[1] and got[1] == len(plan_all):
        msgs.append("An approach that is planned but already in use is not 'planned': it counts once, as in use.")
    if got[0] != want[0] and got[0] in (union, want[0] + want[1]):
        msgs.append("Planned approaches are not in use yet: count under in_use only what the assessment lists as in use.")
    if got[0] != want[0] and got[0] == want[0] + int(row.n_other_tools) and row.n_other_tools:
        msgs.append("Tools outside the catalogue (other_tools) are not counted; only catalogue approaches are.")
    if msgs:
        return Feedback(False, " ".join(msgs), ex)
    which = [name for name, g, w in (("in_use", got[0], want[0]), ("planned", got[1], want[1])) if g != w]
    return Feedback(False, f"Check {' and '.join(which)} for {element}: compare the assessment's in_use with the "
                    "plan's approaches for this element.", ex)


def pick_priority_element(assessment, plan=None, *, catalogue=None, levels=None) -> str:
    """The element for exercise 03-B: the highest-ranked one where importance counts and
    maturity ≠ 2 (so weakness and maturity ÷ 4 differ); else the top-ranked element."""
    pr = priorities(assessment, plan, catalogue=catalogue, levels=levels)
    ok = pr[(pr.importance > 0) & (pr.maturity != 2)]
    return str((ok if len(ok) else pr).iloc[0]["element"])


@exercise("03_priority_score")
def check_priority_score(answer, assessment, plan, element: str, *, catalogue=None, levels=None):
    """Exercise 03-B: an element's priority score (0–100) by hand.

    Numbers may be text; within 0.5 counts as right. Recognised mistakes: importance left out;
    importance as a raw count (not divided by the largest count); maturity ÷ 4 used instead of
    weakness (4 − maturity) ÷ 4; *uncovered* read as "nothing in use" instead of "no planned
    approach"; the result left on 0–1 (not × 100).
    """
    from ...core.exercises import check_number

    lv = _lv(levels)
    w = lv["priority_weights"]
    pr = priorities(assessment, plan, catalogue=catalogue, levels=levels).set_index("element")
    r = pr.loc[element]
    raw = int(r.n_goals + r.n_kpis)
    exp = float(r.score)

    def s(weak=r.weakness, imp=r.importance, unc=r.uncovered):
        return 100 * (w["weakness"] * weak + w["importance"] * imp + w["uncovered"] * unc)

    mistakes = {
        "You left out importance: elements the plan's goals and KPIs tie to rank higher (weight "
        f"{w['importance']}).": s(imp=0),
        "Importance is the element's goals + KPIs divided by the largest such count over the elements (0–1), "
        "not the raw count.": s(imp=raw),
        "Weakness is (4 − maturity) ÷ 4: a low maturity gives a high weakness, not the other way round.":
            s(weak=r.maturity / 4),
        "Uncovered means no planned approach serves the element (n_planned = 0), not 'nothing in use'.":
            s(unc=int(r.n_in_use == 0)),
        "Multiply by 100: the score is on 0–100.": exp / 100,
    }
    mistakes = {m: v for m, v in mistakes.items() if abs(v - exp) > 0.5}
    return check_number(answer, exp, tol=0.5, mistakes=mistakes, exercise_id="03_priority_score")
