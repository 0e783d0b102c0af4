"""Stage 02 — the DAAP, the digital approach application programme (clause 6.2).

A plan is a YAML file (a dict in Python) with these fields (``?`` = optional)::

    client?: Northwind Home Services
    title?: Digital service programme 2025
    version?: 1
    currency?: EUR
    mission: <text>                                  # 7.2.1.1 (E1); reviewed in 8.1.2 (stage 05)
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

from ...core.errors import Problem, Problems, SedamError  # noqa: F401  (sk.plan.SedamError is used)
from .common import DEMO_PLAN, READINESS_AREAS, load_checks
from .editing import (add_goal, add_item, add_kpi, add_phase, add_risk, answer_principle, kpi_from_catalogue,
                      new_plan, remove_goal, remove_item, remove_kpi, remove_phase, remove_risk, set_preparation,
                      update_goal, update_item, update_kpi, update_phase, update_risk)
from .exercises import check_flagged_risks, check_ignored_gaps, check_risk_scores, risk_score_parts
from .flags import flags_shown, plan_flags
from .gaps import check_gaps, gap_check_skipped_note, readiness_input, readiness_markdown
from .planfile import (WORKING_PLAN, latest_plan_path, load_plan, next_version_path, plan_source,
                       resolve_plan_path, save_plan, save_plan_version, to_yaml, validate_client_inputs,
                       working_plan_path)
from .programme import choices as approach_choices, delivery as programme_delivery, kpi_measurement
from .programme import delivery_shown as programme_delivery_shown, kpi_measurement_shown
from .preparation import preparation_items, preparation_score, preparation_summary
from .principles import plot_principles, principle_questions, principles_check
from .risks import plot_risk_matrix, risk_table
from .summary import stage_result
from .tables import addresses_table, goal_table, kpi_table, phase_table, planned_approaches
from .notes import plan_file_note, plan_heading, preparation_note, result_note, weak_principles_note
from .timeline import plot_timeline
from .validate import plan_warnings, validate_plan

__all__ = [
    "READINESS_AREAS", "DEMO_PLAN", "load_checks", "principle_questions", "preparation_items",
    "validate_plan", "plan_warnings", "load_plan", "save_plan", "save_plan_version", "next_version_path",
    "latest_plan_path", "new_plan", "kpi_from_catalogue",
    "add_item", "update_item", "remove_item", "add_goal", "update_goal", "remove_goal", "add_kpi",
    "update_kpi", "remove_kpi", "add_phase", "update_phase", "remove_phase", "add_risk", "update_risk",
    "remove_risk", "set_preparation", "answer_principle",
    "kpi_table", "phase_table", "planned_approaches", "risk_table", "preparation_summary",
    "preparation_score", "principles_check", "check_gaps", "plan_flags", "flags_shown", "stage_result",
    "plot_timeline", "plot_risk_matrix", "plot_principles", "validate_client_inputs",
    "WORKING_PLAN", "working_plan_path", "plan_source", "resolve_plan_path", "readiness_input", "readiness_markdown",
    "risk_score_parts", "check_risk_scores", "check_flagged_risks", "check_ignored_gaps", "goal_table",
    "addresses_table", "to_yaml", "kpi_measurement", "kpi_measurement_shown", "gap_check_skipped_note",
    "approach_choices", "programme_delivery", "programme_delivery_shown",
    "plan_file_note", "plan_heading", "result_note", "weak_principles_note", "preparation_note",
]
