"""Stage 06 — continuous improvement (ISO/DTS 19384 clause 8.2).

Clause 8.2 is known to the kit by its headings only: 8.2.1 general, 8.2.2 optimizing the DAAP,
8.2.3 customer-centric service improvement, 8.2.4 internal service-system improvement, 8.2.5
improving the business development strategy and business model. The method below is the kit's own.

This module is the stage's public face (``sk.improvement``): it re-exports the names of the modules
beside it, one per job — :mod:`.common` (headings, quadrants, the stages that feed stage 06),
:mod:`.upstream`, :mod:`.headings`, :mod:`.collect` (candidates; each earlier stage's own part is
``sedamkit.stages.<stage>.candidates``), :mod:`.scores` (scores and ranking), :mod:`.changes` (plan
changes), :mod:`.versions` (plan versions and diff), :mod:`.summary` (summary and result),
:mod:`.plots`, :mod:`.checks` (the runner hook) and :mod:`.exercises` (importing this module registers them).

1. **Candidates** (:func:`collect_candidates`) — every earlier stage's result is searched for things
   to improve; each candidate keeps its ``source`` stage and the id it refers to (``ref``):

   ======  ==================================================================================
   source  what becomes a candidate
   ======  ==================================================================================
   01      blocking readiness gaps the plan does not address (all blocking gaps without stage 02)
   02      plan flags of severity high or medium (PLAN208/209/213 are left out: 01 and 05 cover them)
   03      the three element gaps with the highest priority
   04      Kano must-be features with weak performance; the three worst pain points (a touchpoint
           already named by a must-be candidate is not repeated)
   05      off-track KPIs, not-measurable KPIs, approaches rated poorly, a mission rated "revise",
           regions that lag on two KPIs or more
   ======  ==================================================================================

2. **Headings** (:data:`HEADINGS`, :func:`heading_for`) — each candidate goes under one of the four
   8.2 headings by these rules: plan flags, not-measurable KPIs and poorly rated approaches →
   *optimizing the DAAP*; Kano and journey findings, lagging regions and off-track customer KPIs
   (CSAT, NPS, CES, retention) → *customer-centric*; off-track internal KPIs (employee satisfaction
   and turnover, process time, cost) → *internal service system*; the mission → *business
   development strategy and model*. Readiness gaps and element gaps follow their area or dimension
   (:data:`AREA_HEADINGS`, :data:`DIMENSION_HEADINGS`); a custom KPI follows its first element.

3. **Scores and ranking** (:func:`candidate_scores`, :func:`rank`) — the learner scores each
   candidate's impact and effort 1–5 (questionnaire ``improvement_scores``, built at run time; items
   ``<candidate>__impact`` and ``<candidate>__effort``). The mean over respondents places it in a
   quadrant: **high impact** means impact above 3, **low effort** means effort below 3 (a mean of
   exactly 3 counts as low impact and as high effort: an average action is no quick win).
   Order: quick wins, major projects (high impact, high effort), fill-ins (low impact, low effort),
   thankless tasks (low impact, high effort), not scored. Within a quadrant: ``net = impact − effort``
   (larger first), then higher impact, then lower effort, then earlier source stage, then candidate id
   — so the ranking is deterministic.

4. **DAAP update** (:func:`propose_changes`, :func:`apply_changes`, :func:`write_plan_version`) —
   the top actions become changes to the plan for the next cycle (the year after the plan's end):
   an off-track KPI is re-based on its latest value and given the next cycle's due date, with a
   recovery phase; an approach rated poorly on suitability or benefit is dropped from its phases,
   one rated poorly only on use gets an adoption phase; gaps and findings get a phase (quick wins
   in the first quarter, larger actions over the first half); plan flags and the mission become
   *manual* changes (listed, not applied: a person must write them). Independently of the ranking,
   every met KPI gets a new target one planned step further (continuous improvement), capped at 100
   for percentages. The plan's period is extended to the next cycle and its version raised.

5. **Last cycle's actions** (:func:`check_last_cycle`, :mod:`.previous`) — when the client records the
   last cycle's actions (``previous_actions.yaml``), each is checked against the movement of the KPI it
   should move since it started: *worked*, *not yet* or *no data*. Without the file the result says in one
   line that no previous cycle is recorded. This cycle's KPI changes are written as
   ``next_cycle_actions.yaml`` for the next check.

Where the new plan goes
-----------------------
The old plan is never overwritten (:func:`sedamkit.stages.daap.api.save_plan_version` writes ``plan.v2.yaml``,
``plan.v3.yaml`` … beside it):

* interactive, when notebook 02's working copy ``<answers_dir>/02_daap/plan.yaml`` exists: the new
  version goes beside it, so the next cycle's notebook 02 can start from it;
* otherwise (every batch run): ``<output_dir>/plan/plan.yaml`` is a byte copy of the plan that was
  evaluated and the new version is ``<output_dir>/plan/plan.v2.yaml``; the client's folder is never
  written.

Writing the same plan twice does not create a second identical version.

Answers layout
--------------
``answers/06_improvement/scores/<respondent>.json`` (one questionnaire, its own sub-folder).
Scores for a candidate that is no longer listed are kept (group "no longer listed") and not used.

Error codes
-----------
=======  =========================================================================
IMP001   an earlier result has the wrong shape (e.g. ``flags`` is not a list)
IMP002   a parameter is not valid (``top``, unknown heading)
IMP003   a scores file is not valid (item id not ``<candidate>__impact|effort``)
IMP004   a proposed change cannot be applied to the plan (the plan's own PLAN code follows)
IMP005   the previous-actions file does not fit its schema
IMP006   a previous action names a KPI the plan does not have
IMP007   a previous action's ``since`` cannot be read as a period
=======  =========================================================================

Examples
--------
>>> import pandas as pd
>>> c = pd.DataFrame({"candidate": ["a", "b", "c"], "source": ["05_evaluation"] * 3,
...                   "impact": [4.0, 5.0, 4.0], "effort": [2.0, 4.0, 2.0]})
>>> rank(c)[["candidate", "quadrant", "rank"]].values.tolist()
[['a', 'quick_win', 1], ['c', 'quick_win', 2], ['b', 'major_project', 3]]
"""
from __future__ import annotations

from . import exercises as _exercises  # noqa: F401  (registers the exercise checks)
from .changes import apply_changes, next_cycle, plan_target, propose_changes
from .checks import validate_client_inputs
from .collect import collect_candidates
from .common import (AREA_HEADINGS, DIMENSION_HEADINGS, EARLIER_STAGES, EFFORT_LOW_BELOW, HEADINGS,
                     IMPACT_HIGH_ABOVE, QUADRANT_LABELS, QUADRANTS, STAGE)
from .exercises import check_headings, check_quick_wins, heading_exercise_sample
from .headings import heading_for
from .plots import plot_matrix
from .previous import (VERDICTS, check_last_cycle, last_cycle, last_cycle_note, load_previous_actions,
                       next_cycle_actions, previous_actions_file, write_next_cycle_actions)
from .scores import by_heading, candidate_scores, load_scores, quadrant, rank, scores_spec, top_actions
from .summary import cycle_summary, stage_result
from .upstream import earlier_results, plan_in_use
from .versions import changes_table, plan_diff, write_plan_version
from ..learner import scores_beside_team

from .texts import candidates_line, heading_lists, in_language, next_actions_line, plan_version_line, result_line
__all__ = [
    "STAGE", "HEADINGS", "AREA_HEADINGS", "DIMENSION_HEADINGS", "QUADRANTS", "IMPACT_HIGH_ABOVE",
    "EFFORT_LOW_BELOW", "EARLIER_STAGES", "earlier_results", "plan_in_use", "load_scores", "QUADRANT_LABELS",
    "collect_candidates", "heading_for", "scores_spec", "candidate_scores", "quadrant", "rank", "by_heading",
    "top_actions", "next_cycle", "propose_changes", "apply_changes", "plan_target", "write_plan_version",
    "plan_diff", "changes_table", "cycle_summary", "plot_matrix", "stage_result", "validate_client_inputs",
    "check_quick_wins", "check_headings", "heading_exercise_sample", "VERDICTS", "previous_actions_file",
    "scores_beside_team", "load_previous_actions", "last_cycle", "last_cycle_note", "check_last_cycle", "next_cycle_actions",
    "write_next_cycle_actions", "in_language", "heading_lists", "candidates_line", "plan_version_line",
    "next_actions_line", "result_line",
]
