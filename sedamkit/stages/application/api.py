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

from .assessment import (DEMO_APPLICATION, add_in_use, assessment_warnings, load_assessment, load_levels,
                         maturity_levels, new_assessment, planned_by_element, remove_in_use, save_assessment,
                         set_element, validate_assessment)
from .coverage import (approach_status, coverage_table, element_importance, gap_list, priorities, stage_result,
                       suggestions)
from .clauses import clause_guide
from .exercises import (check_coverage_counts, check_priority_score, check_recognised_teams, pick_coverage_element,
                        pick_priority_element)
from .lines import coverage_exercise_line, priority_exercise_line, recognised_note, team_feedback_note
from .notes import assessment_note, plan_source_note, result_note
from .teams import MIN_TEAM_ANSWERS, TEAM_COLUMNS, recognised_teams, team_feedback, team_feedback_data, team_feedback_for
from .views import (WORKING_ASSESSMENT, assessment_source, plan_input, plot_coverage, planned_frame,
                    resolve_assessment_path, validate_client_inputs, working_assessment_path)

__all__ = ["DEMO_APPLICATION", "load_levels", "maturity_levels", "validate_assessment", "assessment_warnings",
           "load_assessment", "save_assessment", "new_assessment", "set_element", "add_in_use",
           "remove_in_use", "planned_by_element", "approach_status", "coverage_table", "element_importance",
           "gap_list", "priorities", "suggestions", "stage_result", "plot_coverage", "validate_client_inputs",
           "WORKING_ASSESSMENT", "working_assessment_path", "assessment_source", "resolve_assessment_path",
           "plan_input", "planned_frame", "pick_coverage_element", "check_coverage_counts", "pick_priority_element",
           "check_priority_score", "check_recognised_teams", "clause_guide", "team_feedback_data", "team_feedback",
           "recognised_teams", "MIN_TEAM_ANSWERS", "team_feedback_for", "TEAM_COLUMNS",
           "plan_source_note", "assessment_note", "result_note", "team_feedback_note", "recognised_note",
           "coverage_exercise_line", "priority_exercise_line"]
