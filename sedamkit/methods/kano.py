"""Kano analysis: which service features must be there, which delight, which
nobody cares about.

Each feature is asked about twice: *functional* ("how would you feel if the
feature were there?") and *dysfunctional* ("…if it were not there?"). Each
answer is one of five, coded here as

====  ===============  ==================================================
code  name             usual wordings (any case; more in :data:`WORDINGS`)
====  ===============  ==================================================
1     ``like``         "I like it", "I would enjoy it", "It pleases me"
2     ``must-be``      "I expect it", "It must be that way", "I take it for granted"
3     ``neutral``      "I am neutral", "I don't care", "Indifferent"
4     ``live with``    "I can live with it", "I can tolerate it", "I can accept it"
5     ``dislike``      "I dislike it", "I don't like it", "I can't accept it"
====  ===============  ==================================================

The pair of answers gives one category through the evaluation table of
Berger et al. (1993), rows functional, columns dysfunctional:

==========  ====  ====  ====  ====  ====
func \\ dys  1     2     3     4     5
==========  ====  ====  ====  ====  ====
1           Q     A     A     A     O
2           R     I     I     I     M
3           R     I     I     I     M
4           R     I     I     I     M
5           R     R     R     R     Q
==========  ====  ====  ====  ====  ====

A attractive (delights when there, not missed when absent), O one-dimensional
(the more the better), M must-be (taken for granted, angers when missing),
I indifferent, R reverse (the respondent would rather not have it),
Q questionable (contradictory answers). ``table="pouliot"`` also marks the
answer pairs (2, 2) and (4, 4) as Q, following Pouliot's stricter reading.

The workflow is ``classify_survey`` (answers → one category per respondent and
feature) → ``summary`` (one row per feature) → ``plot_better_worse``; the
continuous analysis (``continuous``, ``plot_continuous``) adds a second view
that keeps the strength of the answers.

Error codes
-----------
KANO001
    An answer wording is not known; names the column, the rows and the wording.
KANO002
    A numeric answer is not one of 1–5; names the column and the rows.
KANO003
    Unknown evaluation table name (use "standard" or "pouliot").
KANO004
    Functional and dysfunctional answers have different lengths.
KANO005
    A wide survey has no ``<feature>_functional`` / ``<feature>_dysfunctional``
    column pairs, or a feature has only one half of its pair.
KANO006
    A counts table has negative counts or a feature with no answers.
DATA001
    A required column is missing; the message lists the columns present.

Examples
--------
>>> classify("I like it", "I dislike it")
'O'
>>> import pandas as pd
>>> wide = pd.DataFrame({"app_functional": ["I like it", "I expect it", "I like it"],
...                      "app_dysfunctional": ["I can live with it", "I dislike it", "I am neutral"]})
>>> cats = classify_survey(wide)
>>> cats[["respondent", "feature", "category"]]
   respondent feature category
0           0     app        A
1           1     app        M
2           2     app        A
>>> summary(cats)[["feature", "A", "M", "n", "mode", "better", "worse"]].round(3)
  feature  A  M  n mode  better  worse
0     app  2  1  3    A   0.667 -0.333
"""
from __future__ import annotations

from .kano_classify import (ANSWERS, CATEGORIES, CATEGORY_NAMES, DYSFUNCTIONAL_SCORES, FUNCTIONAL_SCORES,
                            TABLES, WORDINGS, answer_codes, classify, classify_survey)
from .kano_classify import PRIORITY  # noqa: F401  (public constant, not in __all__)
from .kano_plots import plot_better_worse, plot_continuous
from .kano_summary import continuous, count_categories, summary, summary_from_counts

__all__ = [
    "CATEGORIES", "CATEGORY_NAMES", "ANSWERS", "WORDINGS", "TABLES", "FUNCTIONAL_SCORES",
    "DYSFUNCTIONAL_SCORES", "answer_codes", "classify", "classify_survey", "count_categories", "summary",
    "summary_from_counts", "continuous", "plot_better_worse", "plot_continuous",
]
