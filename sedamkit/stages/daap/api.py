"""Stage 02 — the DAAP, the digital approach application programme (clause 6.2).

A plan is a YAML file (a dict in Python) with these fields (``?`` = optional)::

    client?: Northwind Home Services
    title?: Digital service programme 2025
    version?: 1
    currency?: EUR
    mission: <text>                                  # 6.2 a) 1)
    period: {start: 2025-01-01, end: 2025-12-31}     # 6.2 a) 4)
    goals:                                           # 6.2 a) 1)-2)
      - {id: G1, text: <text>, elements: [E5, E9], addresses?: [data_collection]}
    kpis:                                            # 6.2 a) 3)
      - id: K1
        kpi: csat                  # a catalogue id (sedamkit.methods.catalogue.load_kpis) or "custom"
        name?: <text>              # required for custom KPIs; defaults to the catalogue name
        baseline?: 78              # null when not known yet
        target: 85                 # required
        unit?: "%"                 # defaults from the catalogue; required for custom
        direction?: higher         # higher | lower is better; defaults from the catalogue
        due: 2025-12-31
        elements?: [E5]            # defaults to the catalogue's elements; required for custom
        goals?: [G1]
        data?: {dataset: operations, column: callbacks}   # custom KPIs: where evaluation finds it
    phases:                                          # 6.2 b) 1)-3)
      - id: P1
        name: <text>
        goals?: [G1]
        start: 2025-01-06
        end: 2025-03-31
        resources?: {people_days: 40, budget: 25000}
        approaches?: [crm_system, {approach: online_survey, elements: [E5]}]
        addresses?: [talent]
    risks:                                           # 6.2 b) 4)
      - {id: R1, description: <text>, category: privacy, likelihood: 3, impact: 4,
         owner?: <text>, mitigation?: <text>, addresses?: [security_privacy]}
    preparation:                                     # 6.2 c) 1)-5), ids in plan_checks.yaml
      team: done                   # or {status: done, notes: <text>, owner: <text>}
    principles:                                      # clause 4, question ids in plan_checks.yaml
      security_1: 4                # or {answer: 4, evidence: <text>}; 1-5, null = unanswered

An approach listed as a bare id serves every element the catalogue maps it to; the mapping form
``{approach: id, elements: [...]}`` narrows it to the elements the plan means. ``addresses`` lists
readiness area ids of stage 01 (:data:`READINESS_AREAS`).

Validation collects every problem, then raises one :class:`~sedamkit.core.errors.SedamError`.
Thresholds, the preparation items and the principle questions live in
``sedamkit/data/plan_checks.yaml``.

Error codes (raised)
--------------------
=======  ================================================================
PLAN000  the plan file cannot be read (missing, or not valid YAML)
PLAN001  the plan is not a mapping, or a section has the wrong type
PLAN002  a required field is missing or empty
PLAN003  a KPI has no target
PLAN004  duplicate id (goals, KPIs, phases or risks)
PLAN005  unknown element (not E1–E9)
PLAN006  unknown approach (not in the catalogue)
PLAN007  not a date (write YYYY-MM-DD)
PLAN008  an end date before its start date (a phase or the period)
PLAN009  risk likelihood or impact not a whole number from 1 to 5
PLAN010  a value not among the allowed choices (direction, risk category, checklist status)
PLAN011  not a number, or a negative resource
PLAN012  reference to a goal id that does not exist
PLAN013  unknown readiness area in ``addresses``
PLAN014  unknown KPI catalogue id (use ``kpi: custom`` for your own)
PLAN015  unknown principle question, or an answer off the 1–5 scale
PLAN016  unknown preparation checklist item
PLAN017  readiness data is not a stage-01 result
PLAN018  no item with that id (editing helpers)
PLAN020  the file exists and ``overwrite`` was not asked for
PLAN021  a working copy would be written inside the read-only demo client folder
=======  ================================================================

Warnings (listed by :func:`plan_warnings` and :func:`plan_flags`; errors only with ``strict=True``)
------------------------------------------------------------------------------------------------
=======  ================================================================
PLAN101  a KPI target on the wrong side of its baseline for its direction
PLAN102  a phase runs outside the overall period
PLAN103  a KPI is due outside the overall period
=======  ================================================================

A target on the wrong side of the baseline is a *warning*, not an error: a plan may accept a
worse value on purpose for a while (a dip during a system switch), yet it is usually a slip in
the target or the direction, so it is shown prominently (severity ``medium``). A target equal to
the baseline means "hold this level" and is fine.

Flags (:func:`plan_flags`; improvement candidates for stage 06)
---------------------------------------------------------------
=======  =========  ======================================================
code     severity   rule
=======  =========  ======================================================
PLAN201  high       risk score (likelihood × impact) at or above the threshold without a mitigation
PLAN202  high       no risk of category privacy or data_security in the register (6.2 b) 4))
PLAN203  low        only one of privacy / data_security is covered
PLAN204  medium     a preparation item is not started (a missing item counts as not started)
PLAN205  medium     a principle has no answer at all
PLAN206  high       a principle is weak (score below ``weak_below``)
PLAN207  low        a principle is partly answered
PLAN208  high       a blocking readiness gap of stage 01 is addressed by no goal, phase or risk
PLAN209  low        one of the three weakest readiness areas is addressed by nothing
PLAN210  medium     a goal has no KPI (none names it and none shares an element with it)
PLAN211  high       stage 01 decided "not now"
PLAN212  low        a KPI has no baseline
PLAN213  low        a custom KPI names no data column, so it cannot be computed automatically
PLAN214  high       the plan has no goals, no KPIs or no phases
PLAN215  medium     an element a goal ties to has no planned approach
PLAN216  medium     a high risk has no owner
=======  =========  ======================================================

Where the plan lives (the working-copy rule)
--------------------------------------------
Editing never changes the client's plan file. In interactive sessions the plan editor works on
``<answers_dir>/02_daap/plan.yaml``, copied once from the client's plan; batch runs read that
working copy when it exists, else the client's plan. See :func:`resolve_plan_path`.

Exercises (checks registered with :func:`sedamkit.core.exercises.exercise`)
-----------------------------------------------------------------------
``02_risk_scores`` (:func:`check_risk_scores`), ``02_flagged_risks`` (:func:`check_flagged_risks`),
``02_ignored_gaps`` (:func:`check_ignored_gaps`).

Examples
--------
>>> plan = load_plan(DEMO_PLAN)
>>> kpi_table(plan)[["kpi_id", "kpi", "baseline", "target"]].head(2).values.tolist()
[['K1', 'csat', 72.0, 82.0], ['K2', 'nps', 12.0, 30.0]]
>>> risk_table(plan)[["risk_id", "score", "level"]].head(2).values.tolist()
[['R1', 15, 'high'], ['R3', 12, 'high']]
"""
from __future__ import annotations

from ...core import paths as _paths

import copy
import datetime as _dt
import functools
import re
from importlib import resources
from pathlib import Path

from ...core.errors import Problem, Problems, SedamError
from ...core.exercises import exercise
from ...core.fileio import read_yaml, write_new
from ...core.paths import working_copy, working_source

__all__ = [
    "READINESS_AREAS", "DEMO_PLAN", "load_checks", "principle_questions", "preparation_items",
    "validate_plan", "plan_warnings", "load_plan", "save_plan", "save_plan_version", "next_version_path",
    "latest_plan_path", "new_plan", "kpi_from_catalogue",
    "add_item", "update_item", "remove_item", "add_goal", "update_goal", "remove_goal", "add_kpi",
    "update_kpi", "remove_kpi", "add_phase", "update_phase", "remove_phase", "add_risk", "update_risk",
    "remove_risk", "set_preparation", "answer_principle",
    "kpi_table", "phase_table", "planned_approaches", "risk_table", "preparation_summary",
    "preparation_score", "principles_check", "check_gaps", "plan_flags", "stage_result",
    "plot_timeline", "plot_risk_matrix", "plot_principles", "validate_client_inputs",
    "WORKING_PLAN", "working_plan_path", "plan_source", "resolve_plan_path", "readiness_input", "readiness_markdown",
    "risk_score_parts", "check_risk_scores", "check_flagged_risks", "check_ignored_gaps", "goal_table",
    "addresses_table",
]

_ELEMENT_IDS = tuple(f"E{i}" for i in range(1, 10))
_CHECKS_PATH = Path(str(resources.files("sedamkit") / "data" / "plan_checks.yaml"))
#: The demo client's plan (Northwind Home Services), shipped in the repository's datasets.
DEMO_PLAN = _paths.PACKAGE_DIR / "datasets" / "demo" / "plan.yaml"

#: Readiness area ids of stage 01, by group.
READINESS_AREAS = {
    "need": ("strategy_impact", "experience_impact", "trends_and_demand"),
    "foundations": ("talent", "digital_facilities", "technical_support", "funding"),
    "capabilities": ("data_collection", "data_analysis", "personalization", "smart_interaction",
                     "experience_monitoring", "internal_platforms", "digital_openness", "security_privacy"),
}
_AREA_IDS = tuple(a for g in READINESS_AREAS.values() for a in g)
_SECTIONS = {"goals": "goal", "kpis": "KPI", "phases": "phase", "risks": "risk"}
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


# --------------------------------------------------------------------------- checks data
@functools.lru_cache(maxsize=4)
def _checks_cached(path: str) -> dict:
    return read_yaml(path, code="PLAN000")


def load_checks(path=None) -> dict:
    """The plan checks (risk threshold, preparation items, principle questions) as a dict copy.

    >>> load_checks()["risk"]["threshold"]
    12
    """
    return copy.deepcopy(_checks_cached(str(path or _CHECKS_PATH)))


def _checks(checks):
    return _checks_cached(str(_CHECKS_PATH)) if checks is None else checks


def principle_questions(checks=None):
    """The principle-check questions (clause 4), one row each.

    Columns: ``question`` (id), ``principle`` (id of :data:`sedamkit.core.model.PRINCIPLES`),
    ``principle_name``, ``text``.

    >>> q = principle_questions()
    >>> bool(q.groupby("principle").size().between(2, 3).all()), q.principle.nunique()
    (True, 6)
    """
    import pandas as pd

    from ...core.model import PRINCIPLES

    rows = [{"question": q["id"], "principle": q["principle"], "principle_name": PRINCIPLES[q["principle"]][0],
             "text": q["text"]} for q in _checks(checks)["principles"]["questions"]]
    return pd.DataFrame(rows, columns=["question", "principle", "principle_name", "text"])


def preparation_items(checks=None):
    """The preparation checklist of clause 6.2 c), one row per item.

    Columns: ``item`` (id), ``clause``, ``label``.

    >>> preparation_items()["item"].tolist()
    ['team', 'shared_understanding', 'stakeholder_communication', 'planning_embedding', 'support_systems']
    """
    import pandas as pd

    return pd.DataFrame([{"item": i["id"], "clause": i["clause"], "label": i["label"]}
                         for i in _checks(checks)["preparation"]["items"]], columns=["item", "clause", "label"])


# --------------------------------------------------------------------------- validation helpers
def _date(value):
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v


def _is_text(v):
    return isinstance(v, str) and v.strip() != ""


def _catalogue_ids(catalogue):
    from ...methods import catalogue as _c

    return set(_c.approach_ids(catalogue)), _c._cat(catalogue)


def _approach_links(entry):
    """(approach id, explicit elements or None) of a phase's approach entry."""
    if isinstance(entry, dict):
        return entry.get("approach"), entry.get("elements")
    return entry, None


def _check(plan, file=None, catalogue=None, kpis=None, checks=None):
    """Validate; return (normalised plan, errors, warnings)."""
    from ...methods import catalogue as _c

    probs, warns = Problems(file), Problems(file)
    if not isinstance(plan, dict):
        probs.add("PLAN001", None, "the plan is not a mapping of fields",
                  "start from datasets/demo/plan.yaml or sedamkit.stages.daap.api.new_plan(...)")
        return plan, probs.items, warns.items
    plan = copy.deepcopy(plan)
    chk = _checks(checks)
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
            if el not in _ELEMENT_IDS:
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
            if a not in _AREA_IDS:
                probs.add("PLAN013", f"{where}.addresses[{j}]", f"unknown readiness area {a!r}",
                          "use an area id of stage 01: " + ", ".join(_AREA_IDS))

    def date_field(item, field, where, required=True):
        v = item.get(field)
        if v is None or v == "":
            if required:
                probs.add("PLAN002", f"{where}.{field}", f"'{field}' is missing", f"add '{field}: YYYY-MM-DD'")
            return None
        d = _date(v)
        if d is None:
            probs.add("PLAN007", f"{where}.{field}", f"{v!r} is not a date", "write the date as YYYY-MM-DD")
            return None
        item[field] = d.isoformat()
        return d

    for field in ("mission",):
        if not _is_text(plan.get(field)):
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
                probs.add("PLAN001", where, f"the {_SECTIONS[sec]} entry is not a mapping", "write it as 'id: …, …'")
                continue
            iid = item.get("id")
            if not _is_text(iid):
                probs.add("PLAN002", f"{where}.id", "'id' is missing", f"add a short id such as '{sec[0].upper()}{i + 1}'")
                continue
            item["id"] = iid = str(iid).strip()
            if iid in seen:
                probs.add("PLAN004", f"{where}.id", f"duplicate {_SECTIONS[sec]} id {iid!r} (first at {sec}[{seen[iid]}])",
                          f"give every {_SECTIONS[sec]} its own id")
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
        if not _is_text(g.get("text")):
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
        if not _is_text(kid):
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
                if not _is_text(k.get(field)):
                    probs.add("PLAN002", f"{where}.{field}", f"a custom KPI needs '{field}'", f"add '{field}: <text>'")
            if k.get("direction") is None:
                probs.add("PLAN002", f"{where}.direction", "a custom KPI needs a direction",
                          "add 'direction: higher' or 'direction: lower'")
            data = k.get("data")
            if data is not None and not (isinstance(data, dict) and _is_text(data.get("column"))):
                probs.add("PLAN001", f"{where}.data", "'data' must name a dataset and a column",
                          "write data: {dataset: operations, column: callbacks}")
        if "target" not in k or k.get("target") is None or k.get("target") == "":
            probs.add("PLAN003", f"{where}.target", f"KPI {k.get('id', i)!r} has no target",
                      "add 'target: <number>' — the value to reach by the due date")
        elif not _is_num(k["target"]):
            probs.add("PLAN011", f"{where}.target", f"target {k['target']!r} is not a number", "write a plain number")
        if k.get("baseline") is not None and not _is_num(k["baseline"]):
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
        if _is_num(b) and _is_num(t) and d in ("higher", "lower") and ((d == "higher" and t < b)
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
        if not _is_text(p.get("name")):
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
                    if v is not None and (not _is_num(v) or v < 0):
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
                aid, els = _approach_links(entry)
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
        if not _is_text(r.get("description")):
            probs.add("PLAN002", f"{where}.description", "the risk has no description", "add 'description: <text>'")
        cat = r.get("category")
        if not _is_text(cat):
            probs.add("PLAN002", f"{where}.category", "the risk has no category",
                      "add 'category:' with one of: " + ", ".join(rc["categories"]))
        elif cat not in rc["categories"]:
            probs.add("PLAN010", f"{where}.category", f"unknown risk category {cat!r}",
                      "use one of: " + ", ".join(rc["categories"]))
        for field in ("likelihood", "impact"):
            v = r.get(field)
            if v is None:
                probs.add("PLAN002", f"{where}.{field}", f"'{field}' is missing", f"add '{field}: <1-5>'")
            elif not (_is_num(v) and float(v).is_integer() and 1 <= v <= 5):
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
            if ans is not None and not (_is_num(ans) and float(ans).is_integer() and scale[0] <= ans <= scale[-1]):
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

    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p = add_kpi(p, {"id": "K1", "kpi": "ces", "baseline": 5.0, "target": 4.5, "due": "2025-06-30"})
    >>> [w.code for w in plan_warnings(p)]
    ['PLAN101']
    """
    return _check(plan, file, catalogue, kpis, checks)[2]


def _valid(plan, catalogue=None):
    return validate_plan(plan, catalogue=catalogue)


# --------------------------------------------------------------------------- files
def load_plan(path, *, catalogue=None, strict=False) -> dict:
    """Read and validate a plan file (YAML). Problems name the file.

    >>> load_plan(DEMO_PLAN)["client"]
    'Northwind Home Services'
    """
    return validate_plan(read_yaml(path, code="PLAN000"), file=str(path), catalogue=catalogue, strict=strict)


def _to_yaml(plan) -> str:
    import yaml

    return yaml.safe_dump(plan, sort_keys=False, allow_unicode=True, width=100)


def save_plan(plan, path, *, overwrite=False, catalogue=None) -> Path:
    """Validate ``plan`` and write it to ``path`` as YAML, atomically.

    An existing file is never replaced unless ``overwrite=True`` (``PLAN020``); use
    :func:`save_plan_version` to keep the old plan and write ``plan.v2.yaml`` beside it.
    Without ``overwrite`` the write is also race-free: the finished file is hard-linked into
    place, which fails if another process created the file meanwhile.

    Returns
    -------
    pathlib.Path
    """
    from ...core.fileio import atomic_write_text

    plan = validate_plan(plan, file=str(path), catalogue=catalogue)
    path = Path(path)
    text = _to_yaml(plan)
    if overwrite:
        return atomic_write_text(path, text)
    return write_new(path, text, "PLAN020")


_VERSION = re.compile(r"^(?P<stem>.+?)(\.v(?P<n>\d+))?$")


def _versions(path):
    path = Path(path)
    stem = _VERSION.match(path.stem).group("stem")
    found = {}
    for p in path.parent.glob(f"{stem}*{path.suffix}"):
        m = _VERSION.match(p.stem)
        if m and m.group("stem") == stem:
            found[int(m.group("n") or 1)] = p
    return stem, found


def next_version_path(path) -> Path:
    """The next free version beside ``path``: ``plan.yaml`` → ``plan.v2.yaml`` → ``plan.v3.yaml`` …

    ``plan.yaml`` counts as version 1.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "plan.yaml").write_text("x")
    >>> next_version_path(d / "plan.yaml").name
    'plan.v2.yaml'
    """
    path = Path(path)
    stem, found = _versions(path)
    n = max(found, default=0) + 1
    return path.with_name(f"{stem}{path.suffix}" if n == 1 else f"{stem}.v{n}{path.suffix}")


def latest_plan_path(path) -> Path:
    """The newest existing version of ``path`` (``plan.yaml``, ``plan.v2.yaml`` …); ``path`` if none."""
    _, found = _versions(path)
    return found[max(found)] if found else Path(path)


def save_plan_version(plan, path, *, catalogue=None) -> Path:
    """Write ``plan`` as the next version beside ``path`` (see :func:`next_version_path`); the old
    files stay as they are. Returns the new path.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> save_plan(p, d / "plan.yaml").name, save_plan_version(p, d / "plan.yaml").name
    ('plan.yaml', 'plan.v2.yaml')
    """
    for _ in range(5):
        target = next_version_path(path)
        try:
            return save_plan(plan, target, catalogue=catalogue)
        except SedamError as e:
            if e.codes != ["PLAN020"]:
                raise
    raise SedamError(Problem("PLAN020", str(path), None, "could not find a free version name",
                             "remove stray plan.vN.yaml files or save under another name"))


# --------------------------------------------------------------------------- editing helpers
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
    if section not in _SECTIONS:
        raise SedamError(Problem("PLAN001", None, section, f"{section!r} is not an editable list",
                                 "use one of: " + ", ".join(_SECTIONS)))


def _find(plan, section, item_id):
    for i, item in enumerate(plan.get(section) or []):
        if isinstance(item, dict) and item.get("id") == item_id:
            return i
    raise SedamError(Problem("PLAN018", None, section, f"no {_SECTIONS[section]} with id {item_id!r}",
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


# --------------------------------------------------------------------------- tables
def kpi_table(plan, *, kpis=None):
    """The plan's KPIs with their targets (6.2 a) 3)).

    Returns
    -------
    pandas.DataFrame
        One row per KPI, in plan order:

        - ``kpi_id`` — the plan's id (``K1`` …)
        - ``kpi`` — catalogue id or ``custom``
        - ``name``, ``unit``, ``direction`` (``higher`` / ``lower`` is better)
        - ``baseline``, ``target`` (float; baseline NaN when unknown)
        - ``change`` — target − baseline; ``change_pct`` — change as % of |baseline| (NaN if 0 or unknown)
        - ``target_ok`` — False when the target is on the wrong side of the baseline (PLAN101)
        - ``due`` — ``YYYY-MM-DD``
        - ``elements``, ``goals`` — comma-separated ids
        - ``computable`` — True for catalogue KPIs and custom KPIs that name a data column
        - ``dataset``, ``columns`` — where stage 05 computes it (comma-separated columns)

    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p = add_kpi(p, kpi_from_catalogue("ces", "K1", baseline=4.0, target=5.0, due="2025-12-31"))
    >>> kpi_table(p)[["kpi_id", "change", "change_pct", "target_ok", "computable"]].values.tolist()
    [['K1', 1.0, 25.0, True, True]]
    """
    import math

    import pandas as pd

    from ...methods.catalogue import load_kpis

    plan = _valid(plan)
    kcat = load_kpis() if kpis is None else kpis
    rows = []
    for k in plan["kpis"]:
        b = float(k["baseline"]) if _is_num(k.get("baseline")) else math.nan
        t = float(k["target"])
        d = k["direction"]
        entry = kcat.get(k["kpi"]) or {}
        comp = entry.get("compute") or {}
        data = k.get("data") or {}
        if k["kpi"] == "custom":
            dataset, cols, computable = data.get("dataset"), data.get("column") or "", bool(data.get("column"))
        else:
            dataset, cols, computable = comp.get("dataset"), ",".join(comp.get("columns") or []), True
        change = t - b
        rows.append({"kpi_id": k["id"], "kpi": k["kpi"], "name": k["name"], "unit": k["unit"], "direction": d,
                     "baseline": b, "target": t, "change": change,
                     "change_pct": (change / abs(b) * 100) if (b == b and b != 0) else math.nan,
                     "target_ok": not (b == b and ((d == "higher" and t < b) or (d == "lower" and t > b))),
                     "due": k["due"], "elements": ",".join(k["elements"]), "goals": ",".join(k.get("goals") or []),
                     "computable": computable, "dataset": dataset, "columns": cols})
    cols = ["kpi_id", "kpi", "name", "unit", "direction", "baseline", "target", "change", "change_pct", "target_ok",
            "due", "elements", "goals", "computable", "dataset", "columns"]
    return pd.DataFrame(rows, columns=cols)


def phase_table(plan):
    """The phases (6.2 b) 1)-3)).

    Returns
    -------
    pandas.DataFrame
        One row per phase, in plan order: ``phase_id``, ``name``, ``start``, ``end`` (Timestamps),
        ``days`` (end − start + 1), ``people_days``, ``budget`` (float, NaN when not given),
        ``goals``, ``approaches`` (comma-separated ids), ``n_approaches``.
    """
    import math

    import pandas as pd

    plan = _valid(plan)
    rows = []
    for p in plan["phases"]:
        res = p.get("resources") or {}
        s, e = pd.Timestamp(p["start"]), pd.Timestamp(p["end"])
        apps = [_approach_links(a)[0] for a in p["approaches"]]
        rows.append({"phase_id": p["id"], "name": p["name"], "start": s, "end": e, "days": (e - s).days + 1,
                     "people_days": float(res.get("people_days", math.nan)) if res.get("people_days") is not None else math.nan,
                     "budget": float(res["budget"]) if res.get("budget") is not None else math.nan,
                     "goals": ",".join(p.get("goals") or []), "approaches": ",".join(apps), "n_approaches": len(apps)})
    return pd.DataFrame(rows, columns=["phase_id", "name", "start", "end", "days", "people_days", "budget", "goals",
                                       "approaches", "n_approaches"])


def planned_approaches(plan, *, catalogue=None):
    """Which approach the plan brings to which element, in which phase (tidy).

    A bare approach id serves every element the catalogue maps it to; ``{approach, elements}``
    narrows it.

    Returns
    -------
    pandas.DataFrame
        One row per (element, approach, phase): ``element``, ``approach``, ``name`` (catalogue
        name), ``phase_id``, ``start``, ``end`` (``YYYY-MM-DD``). Sorted by element, start, approach.

    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p = add_phase(p, {"id": "P1", "name": "Listen", "start": "2025-01-01", "end": "2025-03-31",
    ...                   "approaches": ["crm_system", {"approach": "online_survey", "elements": ["E5"]}]})
    >>> planned_approaches(p)[["element", "approach"]].values.tolist()
    [['E5', 'crm_system'], ['E5', 'online_survey'], ['E8', 'crm_system']]
    """
    import pandas as pd

    from ...methods.catalogue import _cat

    plan = _valid(plan, catalogue)
    cat = {a["id"]: a for a in _cat(catalogue)["approaches"]}
    rows = []
    for p in plan["phases"]:
        for entry in p["approaches"]:
            aid, els = _approach_links(entry)
            a = cat[aid]
            for el in (els or [lk["element"] for lk in a["elements"]]):
                rows.append({"element": el, "approach": aid, "name": a["name"], "phase_id": p["id"],
                             "start": p["start"], "end": p["end"]})
    df = pd.DataFrame(rows, columns=["element", "approach", "name", "phase_id", "start", "end"])
    return df.sort_values(["element", "start", "approach"], kind="stable").reset_index(drop=True)


def _risk_level(score, chk):
    rc = chk["risk"]
    return "high" if score >= rc["threshold"] else ("medium" if score >= rc["medium_from"] else "low")


def risk_table(plan, *, checks=None):
    """The risk register with scores (6.2 b) 4)).

    ``score = likelihood × impact`` (1–25). A score at or above ``risk.threshold`` of
    ``plan_checks.yaml`` (12) is ``high``; from ``risk.medium_from`` (6) it is ``medium``.

    Returns
    -------
    pandas.DataFrame
        One row per risk, highest score first (ties in plan order): ``risk_id``, ``category``,
        ``description``, ``likelihood``, ``impact``, ``score``, ``level`` (low / medium / high),
        ``at_threshold`` (score ≥ threshold), ``privacy`` (category is privacy or data_security),
        ``owner``, ``mitigation``, ``has_mitigation``, ``flagged`` (at threshold and no mitigation).

    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p = add_risk(p, {"id": "R1", "description": "leak", "category": "privacy", "likelihood": 3, "impact": 4})
    >>> risk_table(p)[["score", "level", "flagged"]].values.tolist()
    [[12, 'high', True]]
    """
    import pandas as pd

    chk = _checks(checks)
    plan = validate_plan(plan, checks=checks)
    priv = set(chk["risk"]["privacy_categories"])
    rows = []
    for r in plan["risks"]:
        score = int(r["likelihood"]) * int(r["impact"])
        mit = (r.get("mitigation") or "").strip()
        at = score >= chk["risk"]["threshold"]
        rows.append({"risk_id": r["id"], "category": r["category"], "description": r["description"],
                     "likelihood": int(r["likelihood"]), "impact": int(r["impact"]), "score": score,
                     "level": _risk_level(score, chk), "at_threshold": at, "privacy": r["category"] in priv,
                     "owner": r.get("owner") or "", "mitigation": mit, "has_mitigation": bool(mit),
                     "flagged": at and not mit})
    df = pd.DataFrame(rows, columns=["risk_id", "category", "description", "likelihood", "impact", "score", "level",
                                     "at_threshold", "privacy", "owner", "mitigation", "has_mitigation", "flagged"])
    return df.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def _prep_status(val):
    return val.get("status") if isinstance(val, dict) else val


def preparation_summary(plan, *, checks=None):
    """Status of each preparation item of clause 6.2 c).

    Returns
    -------
    pandas.DataFrame
        One row per checklist item, in checklist order: ``item``, ``clause``, ``label``, ``status``
        (not_started / in_progress / done; a missing item is ``not_started``), ``weight`` (0, 0.5, 1
        from ``status_weights``), ``notes``, ``owner``.

    >>> p = set_preparation(new_plan("D", "m", "2025-01-01", "2025-12-31"), "team", "in_progress")
    >>> preparation_summary(p)[["item", "status", "weight"]].head(2).values.tolist()
    [['team', 'in_progress', 0.5], ['shared_understanding', 'not_started', 0.0]]
    """
    import pandas as pd

    chk = _checks(checks)
    plan = validate_plan(plan, checks=checks)
    w = chk["preparation"]["status_weights"]
    rows = []
    for it in chk["preparation"]["items"]:
        val = plan["preparation"].get(it["id"])
        st = _prep_status(val) or "not_started"
        extra = val if isinstance(val, dict) else {}
        rows.append({"item": it["id"], "clause": it["clause"], "label": it["label"], "status": st,
                     "weight": float(w[st]), "notes": extra.get("notes") or "", "owner": extra.get("owner") or ""})
    return pd.DataFrame(rows, columns=["item", "clause", "label", "status", "weight", "notes", "owner"])


def preparation_score(plan, *, checks=None) -> float:
    """Preparation progress 0–100: the mean status weight over all checklist items × 100.

    >>> p = new_plan("D", "m", "2025-01-01", "2025-12-31")
    >>> p = set_preparation(set_preparation(p, "team", "done"), "support_systems", "in_progress")
    >>> preparation_score(p)   # (1 + 0.5 + 0 + 0 + 0) / 5 * 100
    30.0
    """
    s = preparation_summary(plan, checks=checks)
    return round(float(s["weight"].mean() * 100), 2) if len(s) else 0.0


def principles_check(plan, *, checks=None):
    """Score the plan against the six principles of clause 4.

    Each principle's score is its mean answer on the 1–5 scale mapped to 0–100:
    ``(mean − 1) / 4 × 100``; unanswered questions are left out of the mean.

    Returns
    -------
    pandas.DataFrame
        One row per principle, in :data:`sedamkit.core.model.PRINCIPLES` order: ``principle``,
        ``principle_name``, ``n_questions``, ``answered``, ``mean_answer``, ``score`` (0–100, NaN
        when unanswered), ``with_evidence`` (answers that cite evidence), ``status``:
        ``unanswered`` (no answer), ``weak`` (score < ``weak_below``), ``incomplete`` (some
        questions open) or ``ok``.

    >>> p = new_plan("D", "m", "2025-01-01", "2025-12-31")
    >>> p = answer_principle(answer_principle(p, "security_1", 2), "security_2", 3)
    >>> row = principles_check(p).set_index("principle").loc["security"]
    >>> float(row.score), row.status   # mean 2.5 -> (2.5 - 1) / 4 * 100
    (37.5, 'weak')
    """
    import math

    import pandas as pd

    from ...core.model import PRINCIPLES

    chk = _checks(checks)
    plan = validate_plan(plan, checks=checks)
    weak = chk["principles"]["weak_below"]
    rows = []
    for pid, (pname, _) in PRINCIPLES.items():
        qs = [q["id"] for q in chk["principles"]["questions"] if q["principle"] == pid]
        answers, evid = [], 0
        for q in qs:
            val = plan["principles"].get(q)
            ans = val.get("answer") if isinstance(val, dict) else val
            if ans is not None:
                answers.append(float(ans))
                if isinstance(val, dict) and _is_text(val.get("evidence")):
                    evid += 1
        mean = sum(answers) / len(answers) if answers else math.nan
        score = (mean - 1) / 4 * 100 if answers else math.nan
        status = ("unanswered" if not answers else "weak" if score < weak
                  else "incomplete" if len(answers) < len(qs) else "ok")
        rows.append({"principle": pid, "principle_name": pname, "n_questions": len(qs), "answered": len(answers),
                     "mean_answer": mean, "score": round(score, 2) if answers else math.nan,
                     "with_evidence": evid, "status": status})
    return pd.DataFrame(rows, columns=["principle", "principle_name", "n_questions", "answered", "mean_answer",
                                       "score", "with_evidence", "status"])


def _readiness(readiness):
    probs = Problems()
    if not isinstance(readiness, dict):
        probs.add("PLAN017", "readiness", "readiness data is not a mapping",
                  "pass the data of stage 01's result: sedamkit.core.results.read_result(out, '01_necessity_feasibility')")
        probs.raise_if_any("cannot read the readiness data")
    for key in ("blocking_gaps", "weakest"):
        val = readiness.get(key, [])
        if not isinstance(val, list):
            probs.add("PLAN017", f"readiness.{key}", f"'{key}' is not a list of area ids", "re-run stage 01")
            continue
        for j, a in enumerate(val):
            if a not in _AREA_IDS:
                probs.add("PLAN017", f"readiness.{key}[{j}]", f"unknown readiness area {a!r}", "re-run stage 01")
    areas = readiness.get("areas", [])
    if not isinstance(areas, list) or not all(isinstance(a, dict) and "area" in a for a in areas):
        probs.add("PLAN017", "readiness.areas", "'areas' is not a list of {area, …} records", "re-run stage 01")
    probs.raise_if_any("the readiness data is not a stage-01 result")
    return readiness


def check_gaps(plan, readiness):
    """Which of stage 01's blocking gaps and weakest areas the plan addresses.

    An area is *addressed* when a goal, a phase or a risk lists its id under ``addresses``.

    Parameters
    ----------
    plan : dict
    readiness : dict
        The ``data`` of stage 01's result (``blocking_gaps``, ``weakest``, ``areas``).

    Returns
    -------
    pandas.DataFrame
        One row per area that is blocking or among the weakest (blocking first, in stage 01's
        order): ``area``, ``title``, ``group``, ``score`` (NaN when stage 01 gave none),
        ``blocking``, ``weakest``, ``addressed``, ``addressed_by`` (comma-separated goal / phase /
        risk ids), ``ignored_blocking`` (blocking and not addressed — the plan must fix these).

    >>> p = new_plan("D", "m", "2025-01-01", "2025-12-31")
    >>> p = add_goal(p, {"id": "G1", "text": "Train staff", "elements": ["E4"], "addresses": ["talent"]})
    >>> r = {"blocking_gaps": ["talent", "funding"], "weakest": ["funding", "personalization"], "areas": []}
    >>> check_gaps(p, r)[["area", "addressed", "ignored_blocking"]].values.tolist()
    [['talent', True, False], ['funding', False, True], ['personalization', False, False]]
    """
    import math

    import pandas as pd

    plan = _valid(plan)
    readiness = _readiness(readiness)
    info = {a["area"]: a for a in readiness.get("areas", [])}
    blocking = list(dict.fromkeys(readiness.get("blocking_gaps", [])))
    weakest = list(dict.fromkeys(readiness.get("weakest", [])))
    by: dict[str, list[str]] = {}
    for sec in ("goals", "phases", "risks"):
        for item in plan[sec]:
            for a in item.get("addresses") or []:
                by.setdefault(a, []).append(item["id"])
    group_of = {a: g for g, ids in READINESS_AREAS.items() for a in ids}
    rows = []
    for area in blocking + [a for a in weakest if a not in blocking]:
        meta = info.get(area, {})
        addressed = bool(by.get(area))
        rows.append({"area": area, "title": meta.get("title", area), "group": meta.get("group", group_of.get(area)),
                     "score": float(meta["score"]) if _is_num(meta.get("score")) else math.nan,
                     "blocking": area in blocking, "weakest": area in weakest, "addressed": addressed,
                     "addressed_by": ",".join(by.get(area, [])), "ignored_blocking": area in blocking and not addressed})
    return pd.DataFrame(rows, columns=["area", "title", "group", "score", "blocking", "weakest", "addressed",
                                       "addressed_by", "ignored_blocking"])


# --------------------------------------------------------------------------- flags
def plan_flags(plan, readiness=None, *, catalogue=None, checks=None):
    """Every flag on the plan, as one tidy frame (stage 06 collects these as improvement candidates).

    The rules and their codes are listed in the module docstring (``PLAN101``–``PLAN103`` and
    ``PLAN201``–``PLAN216``). Readiness rules run only when ``readiness`` is given.

    Returns
    -------
    pandas.DataFrame
        One row per flag, sorted by severity (high, medium, low) then by rule order:

        - ``source`` — ``kpi``, ``phase``, ``risk``, ``preparation``, ``principles``, ``readiness``,
          ``goal``, ``element`` or ``plan``
        - ``id`` — the KPI / risk / item / principle / area / element id it is about
        - ``severity`` — ``high``, ``medium`` or ``low``
        - ``code`` — the rule's code
        - ``message`` — what is wrong; ``fix`` — what to do

    >>> p = new_plan("D", "m", "2025-01-01", "2025-12-31")
    >>> f = plan_flags(p)
    >>> f[f.severity == "high"][["source", "code"]].values.tolist()[:2]
    [['plan', 'PLAN214'], ['risk', 'PLAN202']]
    """
    import pandas as pd

    chk = _checks(checks)
    plan = validate_plan(plan, catalogue=catalogue, checks=checks)
    rows = []

    def add(source, id_, severity, code, message, fix):
        rows.append({"source": source, "id": id_, "severity": severity, "code": code, "message": message, "fix": fix})

    empty = [s for s in ("goals", "kpis", "phases") if not plan[s]]
    if empty:
        add("plan", "plan", "high", "PLAN214", "the plan has no " + ", no ".join(empty),
            "add them (6.2 a) and b)): goals, KPIs with targets and phases")
    for w in plan_warnings(plan, catalogue=catalogue, checks=checks):
        src = w.where.split("[")[0].rstrip("s") if w.where else "plan"
        idx = int(re.search(r"\[(\d+)\]", w.where).group(1)) if w.where and "[" in w.where else None
        sec = w.where.split("[")[0] if w.where else None
        iid = plan[sec][idx]["id"] if idx is not None and sec in plan else "plan"
        add(src, iid, "medium", w.code, w.message, w.fix)
    # KPIs
    ktab = kpi_table(plan)
    for k in plan["kpis"]:
        if k.get("baseline") is None:
            add("kpi", k["id"], "low", "PLAN212", f"KPI {k['id']} has no baseline, so progress cannot be judged",
                "measure the current value and enter it as 'baseline'")
    for r in ktab[~ktab.computable].itertuples():
        add("kpi", r.kpi_id, "low", "PLAN213", f"custom KPI {r.kpi_id} names no data column; stage 05 cannot compute it",
            "add data: {dataset: <name>, column: <column>} or enter its values by hand in stage 05")
    # risks
    rtab = risk_table(plan, checks=checks)
    for r in rtab[rtab.flagged].itertuples():
        add("risk", r.risk_id, "high", "PLAN201",
            f"risk {r.risk_id} scores {r.score} (≥ {chk['risk']['threshold']}) and has no mitigation",
            "write how the risk will be reduced under 'mitigation'")
    for r in rtab[rtab.at_threshold & (rtab.owner == "")].itertuples():
        add("risk", r.risk_id, "medium", "PLAN216", f"high risk {r.risk_id} has no owner", "name an owner")
    pcats = chk["risk"]["privacy_categories"]
    present = set(rtab["category"])
    missing = [c for c in pcats if c not in present]
    if len(missing) == len(pcats):
        add("risk", "register", "high", "PLAN202",
            "the risk register has no privacy or data-security risk (6.2 b) 4) asks for these above all)",
            "add at least one risk of category " + " or ".join(pcats) + " with a mitigation")
    elif missing:
        add("risk", "register", "low", "PLAN203", "no risk of category " + ", ".join(missing) + " in the register",
            "consider whether such a risk applies and add it")
    # preparation
    for r in preparation_summary(plan, checks=checks).itertuples():
        if r.status == "not_started":
            add("preparation", r.item, "medium", "PLAN204", f"preparation item '{r.item}' ({r.clause}) is not started",
                r.label.rstrip(".") + " — plan who does this and when")
    # principles
    for r in principles_check(plan, checks=checks).itertuples():
        if r.status == "unanswered":
            add("principles", r.principle, "medium", "PLAN205", f"principle '{r.principle_name}' is not checked",
                "answer its questions in the principles check")
        elif r.status == "weak":
            add("principles", r.principle, "high", "PLAN206",
                f"principle '{r.principle_name}' is weak (score {r.score:.0f} of 100)",
                "change the plan so the approaches meet this principle, then answer again")
        elif r.status == "incomplete":
            add("principles", r.principle, "low", "PLAN207",
                f"principle '{r.principle_name}': {r.n_questions - r.answered} question(s) unanswered",
                "answer the remaining questions")
    # goals without KPIs
    for g in plan["goals"]:
        measured = any(g["id"] in (k.get("goals") or []) or set(k["elements"]) & set(g["elements"])
                       for k in plan["kpis"])
        if not measured:
            add("goal", g["id"], "medium", "PLAN210", f"goal {g['id']} has no KPI",
                "add a KPI that names the goal (goals: [" + g["id"] + "]) or ties to its elements")
    # elements of goals with no planned approach
    planned = set(planned_approaches(plan, catalogue=catalogue)["element"])
    goal_els = sorted({e for g in plan["goals"] for e in g["elements"]}, key=lambda e: int(e[1:]))
    for el in goal_els:
        if el not in planned:
            add("element", el, "medium", "PLAN215", f"element {el} is a goal's element but no phase plans an approach for it",
                f"add an approach serving {el} to a phase (sedamkit.methods.catalogue.search(element='{el}'))")
    # readiness
    if readiness is not None:
        readiness = _readiness(readiness)
        if readiness.get("decision") == "not_now":
            add("readiness", "decision", "high", "PLAN211",
                "stage 01 concluded 'not now'; the plan goes ahead against that advice",
                "address the blocking gaps first, or record why the plan proceeds")
        for r in check_gaps(plan, readiness).itertuples():
            if r.ignored_blocking:
                add("readiness", r.area, "high", "PLAN208", f"blocking gap '{r.area}' from stage 01 is not addressed",
                    f"add '{r.area}' to the 'addresses' of a goal, phase or risk mitigation that deals with it")
            elif r.weakest and not r.addressed:
                add("readiness", r.area, "low", "PLAN209", f"weak area '{r.area}' from stage 01 is not addressed",
                    f"consider a goal or phase that addresses '{r.area}'")
    df = pd.DataFrame(rows, columns=["source", "id", "severity", "code", "message", "fix"])
    df = df.assign(_s=df["severity"].map(_SEVERITY_ORDER)).sort_values("_s", kind="stable").drop(columns="_s")
    return df.reset_index(drop=True)


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
    chk = _checks(None)

    def clean(x):
        return None if isinstance(x, float) and math.isnan(x) else x

    kpis = [{"id": r.kpi_id, "kpi": r.kpi, "name": r.name, "unit": r.unit, "direction": r.direction,
             "baseline": clean(r.baseline), "target": r.target, "due": r.due,
             "elements": r.elements.split(",") if r.elements else [], "goals": r.goals.split(",") if r.goals else [],
             "computable": bool(r.computable), "dataset": r.dataset,
             "columns": r.columns.split(",") if r.columns else []} for r in ktab.itertuples()]
    phases = [{"id": p["id"], "name": p["name"], "start": p["start"], "end": p["end"], "goals": p.get("goals") or [],
               "approaches": [_approach_links(a)[0] for a in p["approaches"]],
               "people_days": (p.get("resources") or {}).get("people_days"),
               "budget": (p.get("resources") or {}).get("budget")} for p in plan["phases"]]
    per_el = {f"E{i}": list(dict.fromkeys(pa.loc[pa.element == f"E{i}", "approach"])) for i in range(1, 10)}
    ready = None
    if readiness is not None:
        g = check_gaps(plan, readiness)
        ready = {"decision": _readiness(readiness).get("decision"),
                 "blocking_gaps": list(dict.fromkeys(readiness.get("blocking_gaps") or [])),
                 "addressed": g.loc[g.addressed, "area"].tolist(),
                 "ignored_blocking": g.loc[g.ignored_blocking, "area"].tolist(),
                 "source": readiness_source}
    flags = plan_flags(plan, readiness, catalogue=catalogue)
    out = {
        "client": plan.get("client"), "title": plan.get("title"), "version": plan.get("version"),
        "mission": plan["mission"], "period": dict(plan["period"]), "currency": plan.get("currency"),
        "goals": [{"id": g["id"], "text": g["text"], "elements": g["elements"], "addresses": g.get("addresses") or []}
                  for g in plan["goals"]],
        "kpis": kpis, "phases": phases, "planned_approaches": per_el,
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


# --------------------------------------------------------------------------- plots
def plot_timeline(plan, *, ax=None, catalogue=None, show_kpis=True):
    """Gantt-style timeline of the phases, each bar labelled with its approaches.

    The overall period is shaded; KPI due dates are marked with diamonds along the top
    (``show_kpis``). Colours only tell phases apart; every bar carries its id and name.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import textwrap

    import matplotlib.dates as mdates

    from ...methods.catalogue import _cat
    from ...methods.plots import PALETTE, get_ax

    plan = validate_plan(plan, catalogue=catalogue)
    names = {a["id"]: a["name"] for a in _cat(catalogue)["approaches"]}
    phases = plan["phases"]
    ax = get_ax(ax, figsize=(10, 1.3 + 1.1 * max(len(phases), 1)))
    ps, pe = _date(plan["period"]["start"]), _date(plan["period"]["end"])
    ax.axvspan(mdates.date2num(ps), mdates.date2num(pe) + 1, color="#eeeeee", zorder=0, label="overall period")
    for i, p in enumerate(phases):
        s, e = mdates.date2num(_date(p["start"])), mdates.date2num(_date(p["end"])) + 1
        colour = PALETTE[i % len(PALETTE)]
        ax.barh(i, e - s, left=s, height=0.55, color=colour, alpha=0.35, edgecolor=colour, linewidth=1.5, zorder=2)
        apps = [names.get(_approach_links(a)[0], _approach_links(a)[0]) for a in p["approaches"]]
        label = "; ".join(apps) if apps else "(no approaches)"
        right = (e - mdates.date2num(ps)) > 0.6 * (mdates.date2num(pe) - mdates.date2num(ps))
        ax.text(e - 2 if right else s + 2, i, "\n".join(textwrap.wrap(label, 55)[:3]), va="center",
                ha="right" if right else "left", fontsize=7, zorder=3)
    ax.set_yticks(range(len(phases)))
    ax.set_yticklabels([f"{p['id']} {p['name']}" for p in phases], fontsize=8)
    ax.invert_yaxis()
    if show_kpis and plan["kpis"]:
        due: dict = {}
        for k in plan["kpis"]:
            due.setdefault(k["due"], []).append(k["id"])
        for d, ids in due.items():
            x = mdates.date2num(_date(d))
            ax.plot([x], [-0.7], marker="D", color=PALETTE[7], markersize=5, zorder=3, clip_on=False)
            ax.text(x - 5, -0.7, ",".join(ids) if len(ids) <= 3 else f"{len(ids)} KPIs", ha="right",
                    va="center", fontsize=7)
        ax.text(mdates.date2num(ps), -0.7, "KPI due ◆ ", ha="right", va="center", fontsize=7)
    ax.set_ylim(len(phases) - 0.4, -1.0)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#cccccc", linewidth=0.5, zorder=1)
    ax.set_title(f"DAAP timeline — {plan.get('client') or ''} (clause 6.2 b))".replace(" —  (", " ("), fontsize=10)
    return ax


def plot_risk_matrix(plan, *, ax=None, checks=None):
    """Likelihood × impact matrix with the risk ids placed in their cells.

    Cells are coloured and hatched by level (low / medium / high, from ``plan_checks.yaml``), and
    each cell shows its score; risks at or above the threshold without a mitigation are marked
    ``!`` and drawn bold.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Patch, Rectangle

    from ...methods.plots import STATUS_COLOURS, STATUS_HATCHES, get_ax, grid_1_to_5

    chk = _checks(checks)
    tab = risk_table(plan, checks=checks)
    ax = get_ax(ax, figsize=(6.5, 5.5))
    look = {"low": "good", "medium": "warn", "high": "bad"}
    for lk in range(1, 6):
        for im in range(1, 6):
            lvl = look[_risk_level(lk * im, chk)]
            ax.add_patch(Rectangle((lk - 0.5, im - 0.5), 1, 1, facecolor=STATUS_COLOURS[lvl], alpha=0.3,
                                   hatch=STATUS_HATCHES[lvl], edgecolor="white", linewidth=1.5))
            ax.text(lk + 0.45, im - 0.45, str(lk * im), ha="right", va="bottom", fontsize=6, color="#555555")
    for (lk, im), grp in tab.groupby(["likelihood", "impact"]):
        labels = [f"{r.risk_id}{'!' if r.flagged else ''}" for r in grp.itertuples()]
        bold = grp.flagged.any()
        ax.text(lk, im, "\n".join(labels[:4]) + ("\n…" if len(labels) > 4 else ""), ha="center", va="center",
                fontsize=8, weight="bold" if bold else "normal")
    grid_1_to_5(ax, "likelihood (1 very low … 5 very high)", "impact (1 very low … 5 very high)")
    ax.set_aspect("equal")
    thr = chk["risk"]["threshold"]
    ax.legend(handles=[Patch(facecolor=STATUS_COLOURS[look[k]], alpha=0.3, hatch=STATUS_HATCHES[look[k]], label=lab)
                       for k, lab in (("low", f"low (< {chk['risk']['medium_from']})"),
                                      ("medium", f"medium (< {thr})"), ("high", f"high (≥ {thr})"))],
              loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=7, title="score = L × I", title_fontsize=7)
    ax.set_title("Risk matrix (clause 6.2 b) 4)); ! = high and no mitigation", fontsize=9)
    return ax


def plot_principles(plan, *, ax=None, checks=None):
    """Horizontal bars of the principle scores (0–100), hatched by status, with the weak line.

    Unanswered principles are drawn as an empty, dotted bar labelled "not answered".

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ...methods.plots import STATUS_COLOURS, STATUS_HATCHES, get_ax

    chk = _checks(checks)
    pc = principles_check(plan, checks=checks)
    ax = get_ax(ax, figsize=(7, 3.5))
    look = {"ok": "good", "incomplete": "warn", "weak": "bad", "unanswered": "none"}
    for i, r in enumerate(pc.itertuples()):
        st = look[r.status]
        val = 0 if r.status == "unanswered" else r.score
        ax.barh(i, max(val, 1), color=STATUS_COLOURS[st], alpha=0.6, hatch=STATUS_HATCHES[st], edgecolor="#333333")
        ax.text(max(val, 1) + 1.5, i, "not answered" if r.status == "unanswered" else f"{val:.0f} ({r.status})",
                va="center", fontsize=8)
    ax.axvline(chk["principles"]["weak_below"], color="#333333", linestyle="--", linewidth=1)
    ax.set_yticks(range(len(pc)))
    ax.set_yticklabels(pc["principle_name"], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 115)
    ax.set_xlabel("score (0–100); dashed line: weak below")
    ax.set_title("Principles check (clause 4)", fontsize=10)
    return ax


def validate_client_inputs(client: dict, stage_ids=None) -> None:
    """Runner hook: when stage 02 is selected, load and validate the plan file the batch run will read.

    ``client`` is a loaded client config (``dir``, optional ``plan`` file name, default
    ``plan.yaml``). The runner passes ``<client>/answers`` as the answers folder, so this is the
    working copy ``answers/02_daap/plan.yaml`` when present, else the client's plan file (see
    :func:`resolve_plan_path`). Raises the plan's :class:`SedamError` (``PLAN000`` when missing).
    """
    if stage_ids is not None and "02_daap" not in stage_ids:
        return
    cdir = Path(client["dir"])
    load_plan(plan_source(cdir / (client.get("plan") or "plan.yaml"), cdir / "answers"))


# --------------------------------------------------------------------------- where the plan lives
#: Folder (under a stage's answers folder) and file name of the plan's working copy.
WORKING_PLAN = Path("02_daap") / "plan.yaml"


def working_plan_path(answers_dir) -> Path:
    """Where the plan's working copy lives: ``<answers_dir>/02_daap/plan.yaml``.

    >>> working_plan_path("/tmp/answers").as_posix()
    '/tmp/answers/02_daap/plan.yaml'
    """
    return Path(answers_dir) / WORKING_PLAN


def plan_source(client_plan, answers_dir) -> Path:
    """The plan file a run reads: the working copy when it exists, else the client's plan file.

    Nothing is created or changed (this is what batch runs use).
    """
    return working_source(client_plan, working_plan_path(answers_dir))


def resolve_plan_path(client_plan, answers_dir, interactive: bool) -> Path:
    """The plan file stage 02 reads and the editor saves to — the *working-copy rule*.

    - **Interactive** (JupyterLab, Voila): the editor works on a working copy,
      ``<answers_dir>/02_daap/plan.yaml``. When it does not exist yet it is created once from the
      client's plan file (copied as written, comments included); an existing copy is never
      replaced, so a learner's edits survive a restart. For the demo client ``answers_dir`` is
      already the scratch copy (``<scratch>/answers/demo``), so the committed ``datasets/demo``
      is never written; a working copy inside ``datasets/demo`` is refused (``PLAN021``).
    - **Batch** (papermill, ``sedam run``): the working copy when present, else the client's
      plan file (``client.yaml``'s ``plan:``, default ``plan.yaml``); nothing is written. A real
      client who edited the plan in JupyterLab (``answers_dir`` = the client's ``answers/``)
      therefore gets the edited plan in the next batch run; the client's ``plan.yaml`` itself
      is only ever changed by hand.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> p = resolve_plan_path(DEMO_PLAN, d, interactive=False)    # batch, no working copy yet
    >>> p == DEMO_PLAN, (d / "02_daap").exists()
    (True, False)
    >>> w = resolve_plan_path(DEMO_PLAN, d, interactive=True)     # interactive: copy made once
    >>> w.relative_to(d).as_posix(), w.read_text() == DEMO_PLAN.read_text()
    ('02_daap/plan.yaml', True)
    >>> resolve_plan_path(DEMO_PLAN, d, interactive=False) == w   # batch now reads the copy
    True
    """
    def blank():
        year = _dt.date.today().year
        return _to_yaml(new_plan("New client", "Describe what the programme is for.", f"{year}-01-01",
                                 f"{year}-12-31"))

    return working_copy(client_plan, working_plan_path(answers_dir), interactive, validate=load_plan, blank=blank,
                        exists_code="PLAN020", demo_code="PLAN021")


def readiness_input(ctx):
    """Stage 01's result for a stage-02 run, and where it came from.

    Returns ``(readiness, source)``: the ``data`` of ``01_necessity_feasibility`` in the run's output
    folder (``source = "result"``); when that stage has not been run into this folder, the readiness
    recomputed from the stage-01 answers in ``ctx.answers_dir`` (``"answers"``); else ``(None, "none")``
    — the readiness checks are then skipped.
    """
    from ...core.answers import load_all, responses_frame
    from ...methods.scoring import readiness

    sid = "01_necessity_feasibility"
    try:
        return ctx.read_result(sid), "result"
    except SedamError as e:
        if e.codes != ["RES001"]:
            raise
    spec = ctx.spec("necessity_feasibility")
    docs = load_all(ctx.answers_dir, spec, sid)
    if not docs:
        return None, "none"
    return readiness(responses_frame(docs, spec), spec).to_result(), "answers"


def readiness_markdown(readiness, source: str = "result") -> str:
    """A short Markdown summary of what stage 01 asks the plan to address."""
    if readiness is None:
        return ("**No stage 01 result and no stage 01 answers were found**, so the readiness checks are skipped. "
                "Run `01_necessity_feasibility.ipynb` with the same output folder first.")
    origin = {"result": "stage 01's result", "answers": "the stage 01 answers (stage 01 was not run into this "
              "output folder, so its readiness was recomputed)"}.get(source, source)
    titles = {a["area"]: a.get("title", a["area"]) for a in readiness.get("areas", [])}
    gaps = readiness.get("blocking_gaps") or []
    lines = [f"From {origin}: decision **{str(readiness.get('decision', '?')).replace('_', ' ')}**"
             + (f", overall {readiness['overall']:.0f} / 100." if _is_num(readiness.get("overall")) else ".")]
    if gaps:
        lines.append("The plan must address these **blocking gaps** (list their ids under `addresses` of a goal, "
                     "phase or risk):")
        lines += [f"- `{a}` — {titles.get(a, a)}" for a in gaps]
    else:
        lines.append("No blocking gaps.")
    weak = [a for a in readiness.get("weakest") or [] if a not in gaps]
    if weak:
        lines.append("Also weak: " + ", ".join(f"`{a}`" for a in weak) + ".")
    return "\n".join(lines)


# --------------------------------------------------------------------------- exercises (stage 02)
def _norm_ids(answer, known):
    """A learner's ids as a set of canonical ids (case and spaces ignored), or None if unreadable.

    Accepts a list, tuple, set, Series or a string such as ``"r1, R3"``; unknown ids are kept as typed.
    """
    if answer is None or answer is Ellipsis or isinstance(answer, dict):
        return None
    if isinstance(answer, str):
        parts = [p for p in re.split(r"[,;\s]+", answer) if p]
    else:
        try:
            parts = list(answer)
        except TypeError:
            return None
    canon = {str(k).strip().casefold(): k for k in known}
    return {canon.get(str(p).strip().casefold(), str(p).strip()) for p in parts if str(p).strip()}


def _id_feedback(got, expected, mistakes, ex, noun):
    """Compare id sets; name a typical mistake when the answer matches it (and not the right answer)."""
    from ...core.exercises import Feedback

    if got == expected:
        return Feedback(True, f"{', '.join(sorted(expected)) or 'none'} — right.", ex)
    hits = [msg for msg, ids in mistakes.items() if ids is not None and set(ids) != expected and set(ids) == got]
    if hits:
        return Feedback(False, " Or: ".join(hits), ex)
    missing, extra = sorted(expected - got), sorted(got - expected)
    parts = []
    if missing:
        parts.append(f"missing {noun}: {', '.join(missing)}")
    if extra:
        parts.append(f"not {noun}: {', '.join(extra)}")
    text = "; ".join(parts)
    return Feedback(False, text[:1].upper() + text[1:] + ". Go through the rule once more, item by item.", ex)


def risk_score_parts(plan, *, checks=None):
    """Per risk: likelihood, impact, the right score (×) and what the usual slips give (+, mean, max).

    Used by the checks of exercises ``02_risk_scores`` and ``02_flagged_risks``.
    """
    tab = risk_table(plan, checks=checks)
    return tab.assign(added=tab.likelihood + tab.impact, mean=(tab.likelihood + tab.impact) / 2,
                      larger=tab[["likelihood", "impact"]].max(axis=1))


@exercise("02_risk_scores")
def check_risk_scores(answer, plan, *, checks=None):
    """Exercise 02-A: the score of every risk in the register, as ``{risk id: score}``.

    Accepts ids in any case and numbers as int, float or text. Recognised mistakes: likelihood
    and impact added (or averaged, or the larger one taken) instead of multiplied; risks left out;
    unknown ids.
    """
    from ...core.exercises import Feedback, to_number

    ex = "02_risk_scores"
    tab = risk_score_parts(plan, checks=checks).set_index("risk_id")
    if hasattr(answer, "items") and not isinstance(answer, dict):
        answer = dict(answer.items())
    if not isinstance(answer, dict) or not answer:
        return Feedback(False, "Answer with a dict such as {'R1': 15, 'R2': 8, …}: one score per risk.", ex)
    canon = {str(k).casefold(): k for k in tab.index}
    got, unknown = {}, []
    for k, v in answer.items():
        key = canon.get(str(k).strip().casefold())
        if key is None:
            unknown.append(str(k))
        else:
            got[key] = to_number(v)
    if unknown:
        return Feedback(False, f"There is no risk {', '.join(unknown)} in the register; use the ids of risk_table(plan).", ex)
    missing = [r for r in tab.index if r not in got]
    if missing:
        return Feedback(False, f"You left out {', '.join(missing)}: give a score for every risk.", ex)
    blank = [r for r, v in got.items() if v is None]
    if blank:
        return Feedback(False, f"Write a number for {', '.join(blank)}.", ex)
    wrong = [r for r in tab.index if abs(got[r] - tab.at[r, "score"]) > 1e-6]
    if not wrong:
        return Feedback(True, f"All {len(tab)} scores are right: likelihood × impact.", ex)
    for col, msg in (("added", "You added likelihood and impact. The score multiplies them (1–25), so a likely "
                               "and severe risk stands out far more than an unlikely, mild one."),
                     ("mean", "You averaged likelihood and impact; the score is their product (likelihood × impact)."),
                     ("larger", "You took the larger of likelihood and impact; the score is their product.")):
        telling = [r for r in wrong if tab.at[r, col] != tab.at[r, "score"]]
        if telling and all(abs(got[r] - tab.at[r, col]) <= 1e-6 for r in wrong):
            return Feedback(False, msg, ex)
    return Feedback(False, f"Check {', '.join(wrong)}: score = likelihood × impact.", ex)


@exercise("02_flagged_risks")
def check_flagged_risks(answer, plan, *, checks=None):
    """Exercise 02-B: the ids of the risks that block the plan — score at or above the threshold
    and no mitigation written.

    Accepts a list, set, tuple or comma-separated text, ids in any order and case. Recognised
    mistakes: ``>`` instead of ``≥`` (a risk exactly at the threshold is high); likelihood and impact
    added; every high risk listed (mitigation ignored); every risk without a mitigation listed
    (threshold ignored).
    """
    ex = "02_flagged_risks"
    chk = _checks(checks)
    thr = chk["risk"]["threshold"]
    tab = risk_score_parts(plan, checks=checks)
    got = _norm_ids(answer, tab.risk_id)
    if got is None:
        from ...core.exercises import Feedback

        return Feedback(False, "Answer with a list of risk ids, e.g. ['R1'], or [] if none.", ex)
    no_mit = ~tab.has_mitigation
    expected = set(tab.loc[tab.flagged, "risk_id"])
    mistakes = {
        f"A risk scoring exactly {thr} counts: the rule is score ≥ {thr} (at or above), not > {thr}.":
            set(tab.loc[(tab.score > thr) & no_mit, "risk_id"]),
        "You added likelihood and impact; the score multiplies them before it is compared with the threshold.":
            set(tab.loc[(tab.added >= thr) & no_mit, "risk_id"]),
        "Some of these already have a mitigation: only high risks *without* a mitigation are flagged.":
            set(tab.loc[tab.at_threshold, "risk_id"]),
        f"A risk without a mitigation is only flagged when its score is at least {thr}; low and medium risks may "
        "stay unmitigated.": set(tab.loc[no_mit, "risk_id"]),
    }
    # two slips giving the same list: say both
    merged: dict = {}
    for msg, ids in mistakes.items():
        merged.setdefault(frozenset(ids), []).append(msg)
    return _id_feedback(got, expected, {" Or: ".join(m): set(k) for k, m in merged.items()}, ex, "flagged")


@exercise("02_ignored_gaps")
def check_ignored_gaps(answer, plan, readiness):
    """Exercise 02-C: stage 01's blocking gaps that no goal, phase or risk of the plan addresses.

    Accepts area ids in any order and case. Recognised mistakes: only the goals' ``addresses``
    looked at (phases and risks count too); the weakest areas listed instead of the blocking ones;
    every blocking gap listed (what the plan addresses ignored).
    """
    from ...core.exercises import Feedback

    ex = "02_ignored_gaps"
    if readiness is None:
        return Feedback(False, "There is no stage 01 result to compare with: run stage 01 first.", ex)
    g = check_gaps(plan, readiness)
    got = _norm_ids(answer, _AREA_IDS)
    if got is None:
        return Feedback(False, "Answer with a list of area ids, e.g. ['funding'], or [] if none.", ex)
    pl = _valid(plan)
    by_goals = {a for goal in pl["goals"] for a in goal.get("addresses") or []}
    blocking = set(g.loc[g.blocking, "area"])
    expected = set(g.loc[g.ignored_blocking, "area"])
    mistakes = {
        "Phases and risk mitigations can address a gap too, not only goals: look at every 'addresses'.":
            blocking - by_goals,
        "These are the weakest areas; the exercise asks for the blocking gaps (blocking_gaps of stage 01).":
            set(g.loc[g.weakest & ~g.addressed, "area"]),
        "Some blocking gaps are already addressed: keep only those no goal, phase or risk lists.": blocking,
    }
    return _id_feedback(got, expected, mistakes, ex, "ignored gaps")


# --------------------------------------------------------------------------- small views for the notebook
def goal_table(plan):
    """The goals (6.2 a) 1)-2)) with how many KPIs measure them.

    Returns
    -------
    pandas.DataFrame
        One row per goal: ``goal_id``, ``text``, ``elements``, ``addresses`` (comma-separated), ``n_kpis``
        (KPIs naming the goal or sharing an element with it).

    >>> goal_table(load_plan(DEMO_PLAN))[["goal_id", "elements", "n_kpis"]].head(2).values.tolist()
    [['G1', 'E5,E9', 4], ['G2', 'E6,E8', 6]]
    """
    import pandas as pd

    plan = _valid(plan)
    rows = [{"goal_id": g["id"], "text": g["text"], "elements": ",".join(g["elements"]),
             "addresses": ",".join(g.get("addresses") or []),
             "n_kpis": sum(1 for k in plan["kpis"] if g["id"] in (k.get("goals") or [])
                           or set(k["elements"]) & set(g["elements"]))} for g in plan["goals"]]
    return pd.DataFrame(rows, columns=["goal_id", "text", "elements", "addresses", "n_kpis"])


def addresses_table(plan):
    """Which goal, phase or risk says it addresses which stage-01 readiness area (tidy).

    Returns
    -------
    pandas.DataFrame
        Columns ``section`` (goals / phases / risks), ``id``, ``area``; one row per listed area.

    >>> addresses_table(load_plan(DEMO_PLAN)).query("area == 'talent'")["id"].tolist()
    ['G3', 'P2', 'R3']
    """
    import pandas as pd

    plan = _valid(plan)
    rows = [{"section": sec, "id": item["id"], "area": a}
            for sec in ("goals", "phases", "risks") for item in plan[sec] for a in item.get("addresses") or []]
    return pd.DataFrame(rows, columns=["section", "id", "area"])
