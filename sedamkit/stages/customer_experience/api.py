"""Stage 04, customer-experience design: the stage's inputs, its result and its exercise checks.

Stage 04 covers elements E5–E7 of ISO/DTS 19384 (clause 7.4: understanding customer needs,
designing and renewing the experience, service innovation) with the design activities of
ISO/TS 24082 (5.3 understanding the customer, 5.4 the design challenge, 5.5 touchpoints and data
points, 5.6 co-creation). The methods themselves live in their own modules — :mod:`sedamkit.kano`,
:mod:`sedamkit.cx`, :mod:`sedamkit.journey`, :mod:`sedamkit.sentiment`; this module reads a client's
data files for them, links Kano features to journey touchpoints, puts the pieces together into the
stage result and checks the notebook's exercises.

Inputs
------
The client config names four data keys (see ``datasets/demo/data/README.md``):

==================== ==========================================================================
key                  columns used
==================== ==========================================================================
kano_survey          ``<feature>_functional`` / ``<feature>_dysfunctional`` pairs (wide layout),
                     optionally ``<feature>_importance``, ``respondent``, ``region``
touchpoint_ratings   ``touchpoint``, ``rating``; optionally ``comment``, ``quarter``, ``region``
cx_survey            ``quarter``, ``nps`` (0–10), ``csat`` (1–5), ``ces`` (1–7); optionally ``region``
==================== ==========================================================================

and the journey file (``journey: journey.yaml``, see :mod:`sedamkit.journey`).

Every one is optional. The stage has four parts (:data:`PARTS`): the Kano study (needs the Kano survey),
the customer metrics (the customer survey), the journey's data points and co-creation (the journey) and
the rated journey — emotion curve, pain points, moments of truth, moves, comments (the journey and the
touchpoint ratings). A part whose input the client does not name is left out:
:attr:`DesignInputs.skipped` holds a one-line reason per part (what is missing and how to add it, in the
client's language), the notebook shows it in place of the part (``inputs.has("kano")``,
``inputs.note("kano")``), the result carries it as ``skipped`` and its fields stay empty, and the report
says it in one line. An input the client names but that is missing or wrong is an error. A client with
none of the inputs has the whole stage left out by the runner.

Feature → touchpoint links
--------------------------
Stage 06 takes "Kano must-be features with weak performance" as improvement candidates, so
this stage needs a way to say how well a feature performs today. It is the ratings of the
touchpoints that deliver the feature:

* the links come from the journey file's top-level ``feature_links:`` mapping
  (``{feature: [touchpoint ids]}``), else from ``sedamkit/data/design_links.yaml`` for the
  journey's id (the demo journey has links there), else a feature is linked to the touchpoint
  with the same id, if any;
* a feature **performs weakly** when at least one linked touchpoint has a mean rating below
  the journey's neutral point (i.e. it is a pain point); a feature without a rated touchpoint
  has unknown performance (never weak);
* a **must-be feature with weak performance** is a feature whose Kano category (after the
  M > O > A > I rule) is M and which performs weakly. These are the first things to fix: a
  missing basic angers customers whatever else is good.

Error codes
-----------
CFG004
    A data file the config names does not exist.
CX003
    :meth:`DesignInputs.has` was asked about a part that is not in :data:`PARTS`.
IO002
    A data file cannot be read as a table (CSV or Excel).
DATA001 / DATA002
    A column is missing / a value is not a number or outside its scale (from :mod:`sedamkit.cx`).
DATA004
    A ``quarter`` label (cx survey, touchpoint ratings) is not of the form ``2025Q1`` or is empty;
    names the file, the column and the file rows (header = row 1). Quarters are ordered by date.
DATA005
    A data file has a header but no data rows.
KANO001 … KANO005
    Kano answers cannot be read (from :mod:`sedamkit.kano`).
JRN001 … JRN006
    The journey file or the ratings do not fit (from :mod:`sedamkit.journey`); JRN005 also
    for a feature link to an unknown touchpoint.

Every problem names its file; :func:`load_inputs` raises them together.

Examples
--------
>>> inp = load_inputs(DEMO_CLIENT)
>>> sorted(inp.links) == sorted(map(str, inp.categories["feature"].cat.categories))
True
>>> r = stage_result(inp)
>>> [f["category"] for f in r["must_be_weak"]]
['M']
>>> [g["data_point"] for g in r["privacy_gaps"]]
['dp_customer_photos']
"""
from __future__ import annotations

from .analysis import (answer_grid, focus_feature, ipa_table, kano_categories, kano_performance, latest_metrics, metrics_table,
                       must_be_weak, negative_comments, plot_metric_trend, region_tests, delight, DELIGHT_COMPOUND, reliability,
                       sentiment_by_touchpoint, sentiment_misses, kano_summary_shown, unobserved_touchpoints)
from .exercises import (check_kano_pairs, check_moment_at_risk, check_nps_from_counts, check_worse_coefficient,
                        nps_exercise_counts, pick_kano_pairs, worse_exercise_counts, write_kano_group_file)
from .inputs import (CES_AGREE_MIN, CES_SCALE, CSAT_SCALE, DATA_KEYS, DEMO_CLIENT, PARTS, STAGE_ID, DesignInputs,
                     Note, feature_label, feature_links, load_inputs, read_table, skip_reason,
                     worked_example_inputs)
from .inputs import COMMENT_CHARS  # noqa: F401  (public constant, not in __all__)
from .innovation import idea_pipeline
from .summary import findings, stage_result, validate_client_inputs
from .texts import notebook_text

__all__ = [
    "STAGE_ID", "DEMO_CLIENT", "DATA_KEYS", "CSAT_SCALE", "CES_SCALE", "CES_AGREE_MIN", "DesignInputs",
    "PARTS", "Note", "skip_reason", "worked_example_inputs", "read_table", "load_inputs", "feature_links", "feature_label", "kano_categories", "kano_performance",
    "must_be_weak", "answer_grid", "focus_feature", "metrics_table", "latest_metrics", "plot_metric_trend", "region_tests", "delight",
    "DELIGHT_COMPOUND", "reliability",
    "ipa_table", "sentiment_by_touchpoint", "negative_comments", "sentiment_misses", "kano_summary_shown", "unobserved_touchpoints",
    "findings", "stage_result", "validate_client_inputs", "nps_exercise_counts", "pick_kano_pairs",
    "worse_exercise_counts", "check_nps_from_counts", "check_kano_pairs", "check_worse_coefficient",
    "check_moment_at_risk", "idea_pipeline", "write_kano_group_file", "notebook_text",
]
