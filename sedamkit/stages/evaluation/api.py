"""Stage 05 — evaluation against the plan (ISO/DTS 19384 clause 8.1).

This module is the stage's public face (``sk.evaluation``): it re-exports the names of the modules
beside it, one per job — :mod:`.common` (constants, answers folders, the plan), :mod:`.upstream`
(earlier results), :mod:`.mission`, :mod:`.kpi_values`, :mod:`.kpi_status`, :mod:`.approaches`,
:mod:`.compare` (periods and regions), :mod:`.plots`, :mod:`.outcome` (the stage result),
:mod:`.checks` (the runner hook) and :mod:`.exercises` (importing this module registers them).

Clause 8.1 is known to the kit by its headings only (8.1.1 general, 8.1.2 mission statement,
8.1.3 performance measurement indicators, 8.1.4 performance evaluation). The method below is the
kit's own, built on clause 6.2 a) 3) (KPIs with targets in the DAAP), 7.3.2.3 (comparing customer
feedback across periods and regions) and 7.3.2.4 (the list of indicators).

What stage 05 does
------------------
1. **Mission review** — the client's service excellence mission (``mission`` in ``client.yaml``, else
   the DAAP's) is reviewed with the shipped questionnaire ``mission_review`` (scored like stage 01:
   0–100 per area; :data:`MISSION_SOUND_FROM` and :data:`MISSION_WEAK_BELOW` give the verdict).
2. **KPIs from data** — :func:`kpi_values` computes every KPI of the plan from the dataset the KPI
   catalogue (or a custom KPI's ``data``) names, per period and per region, with intervals from
   :mod:`sedamkit.cx`. A KPI that cannot be computed gets one row with ``measurable = False`` and the
   reason (codes ``EVAL101``–``EVAL106``): it is never left out.
3. **Against the plan** — :func:`kpi_status` (rules below).
4. **Suitable, beneficial, adequately used** — each planned approach is rated 1–5 on the three
   criteria (:func:`approach_spec`, :func:`approach_ratings`); an approach whose mean on any criterion
   is below :data:`POOR_BELOW` (3, the middle of the scale; exactly 3 is not poor) is *rated poorly*
   and goes to stage 06.
5. **Periods and regions** (7.3.2.3) — :func:`period_changes` and :func:`lagging_regions`.

Status rules (:func:`kpi_status`)
---------------------------------
For each KPI, the *latest* value is the pooled value (all regions) of the latest period with data.

* A period's value stands for the **middle of the period** (a quarter's survey answers are spread
  over the quarter), so its date is ``as_of = period start + (period end − period start) / 2``,
  rounded down to the day (2025Q4 → 2025-11-15).
* Planned progress is linear from the baseline at the plan's start (``period.start`` of the DAAP) to
  the target at the KPI's due date: ``f = clip((as_of − start) / (due − start), 0, 1)`` and
  ``expected = baseline + f × (target − baseline)``.
* **met** — the target is reached in the KPI's direction: ``latest ≥ target`` (higher is better) or
  ``latest ≤ target`` (lower is better). Reaching the target exactly counts as met.
* **on track** — not met, and the latest value is at or beyond the expected point:
  ``latest ≥ expected`` (higher) or ``latest ≤ expected`` (lower). Exactly on the line is on track.
* **off track** — neither.
* **not measurable** — no value (no data column, file or rows).
* Values are compared after rounding to 9 decimals, so floating-point noise never decides a status.
* A KPI without a baseline in the plan uses the data's last value before the plan start (or its
  first value), and the row says so (``baseline_source = "data"``).

*Change larger than its uncertainty* (``significant``): the change is ``latest − baseline``; it is
larger than its uncertainty when the baseline lies outside the latest value's 95 % interval (on the
side of the change). The plan's baseline is taken as a fixed number. The cost reduction rate is an
accounting ratio without a sampling interval: any change counts (``uncertainty = "exact"``).

Answers layout
--------------
Each questionnaire of the stage has its own folder, so :func:`sedamkit.core.answers.load_all` validates
every file against the one spec it belongs to::

    answers/05_evaluation/mission/<respondent>.json      mission_review (shipped spec)
    answers/05_evaluation/approaches/<respondent>.json   approach_ratings (built from the plan)

The approach-ratings spec is built at run time from the plan. Item ids are
``<approach>__suitable``, ``<approach>__beneficial`` and ``<approach>__used``. An approach answered
earlier but no longer in the plan stays in the spec (group "no longer planned"), so a saved file
stays valid and nothing typed is lost; it is not scored.

Error codes
-----------
=======  =========================================================================
EVAL001  the plan (or stage 02 result) has no usable KPI list
EVAL002  a parameter is not valid (confidence, as_of, criterion)
EVAL003  an approach-ratings file is not valid (item id not ``<approach>__<criterion>``)
EVAL004  a rated approach is not in the catalogue of digital approaches
EVAL005  a period label cannot be read as a period (write e.g. 2025Q1, 2025-03 or 2025)
=======  =========================================================================

Reasons a KPI is not measurable (in the ``reason`` column, not raised)
----------------------------------------------------------------------
=======  =========================================================================
EVAL101  a custom KPI names no data column
EVAL102  the KPI's dataset is not named under ``data:`` in client.yaml
EVAL103  the data file named in client.yaml is missing
EVAL104  the dataset lacks a column the KPI needs
EVAL105  the dataset has no values for the KPI
EVAL106  the kit has no formula for this catalogue KPI
=======  =========================================================================

Bad values inside a dataset (text where a number belongs, answers off the scale) are raised as
``DATA002`` by :mod:`sedamkit.cx` (``strict=True``, the default) — a KPI is not hidden because its
data are wrong; with ``strict=False`` such a KPI is listed as not measurable with the problem.

Examples
--------
>>> import pandas as pd
>>> plan = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
...         "kpis": [{"id": "K1", "kpi": "custom", "name": "Calls", "unit": "n", "direction": "lower",
...                   "baseline": 10, "target": 6, "due": "2025-12-31", "dataset": "ops", "columns": ["calls"]}]}
>>> df = pd.DataFrame({"quarter": ["2025Q2", "2025Q2"], "region": ["N", "S"], "calls": [7.0, 9.0]})
>>> v = kpi_values(plan, datasets={"ops": df})
>>> s = kpi_status(v, plan)
>>> s[["kpi_id", "latest", "expected", "status"]].round(2).values.tolist()
[['K1', 8.0, 8.52, 'on_track']]
"""
from __future__ import annotations

from . import exercises as _exercises  # noqa: F401  (registers the exercise checks)
from .approaches import approach_ratings, approach_spec
from .checks import validate_client_inputs
from .common import (ALL, CRITERIA, MISSION_SOUND_FROM, MISSION_WEAK_BELOW, POOR_BELOW, STAGE, STATUS_LABELS,
                     STATUS_STYLE, STATUSES, answers_folder, load_answers, plan_result)
from .compare import lagging_regions, period_changes, period_tests
from ..daap.programme import delivery as programme_delivery
from .exercises import check_expected_value, check_statuses, first_values
from .kpi_status import expected_value, kpi_status, significant, status_counts, status_of, status_table
from .kpi_values import kpi_values
from .mission import MissionReview, mission_review, mission_text
from .outcome import result_from_files, stage_result
from .plots import plot_approach_ratings, plot_dashboard, plot_regions
from .upstream import compute_result, earlier_result
from .reasons import not_measurable
from .texts import mission_line, notebook_text, plan_line, result_line, status_line, status_word
from ..learner import mission_beside_team, ratings_beside_team

__all__ = [
    "STAGE", "STATUSES", "STATUS_LABELS", "STATUS_STYLE", "CRITERIA", "POOR_BELOW", "MISSION_SOUND_FROM",
    "MISSION_WEAK_BELOW", "ALL", "answers_folder", "load_answers", "earlier_result",
    "compute_result", "plan_result", "mission_text", "mission_review", "MissionReview", "kpi_values",
    "expected_value", "status_of", "kpi_status", "status_counts", "status_table", "approach_spec",
    "approach_ratings", "period_changes", "lagging_regions", "period_tests", "programme_delivery", "plot_dashboard", "plot_regions",
    "plot_approach_ratings", "stage_result", "result_from_files", "validate_client_inputs",
    "check_statuses", "check_expected_value", "first_values", "mission_beside_team", "ratings_beside_team", "not_measurable",
    "plan_line", "mission_line", "status_line", "status_word", "result_line", "notebook_text",
]

#: The former private name of :func:`sedamkit.stages.evaluation.kpi_status.significant` (kept for callers).
_significant = significant
