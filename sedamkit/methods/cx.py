"""Customer and operational metrics: NPS, CSAT, CES, Cronbach's alpha,
importance–performance analysis and the KPI helpers the evaluation stage reads.

Every metric takes a DataFrame of individual answers (one row per respondent
or record) plus column names, and an optional ``by`` (a column name or a list
of them, e.g. ``["quarter", "region"]``). It returns one row per group, with
the group columns first, the counts, the metric and its interval. Without
``by`` there is one row for the whole frame.

Intervals
---------
* NPS: normal approximation with the per-respondent variance of a score that
  is +1 for a promoter, 0 for a passive and −1 for a detractor,
  ``p + d − (p − d)²`` (``p``, ``d`` the shares of promoters and detractors).
* Shares (CSAT, share agreeing in CES, retention, turnover): Wilson score
  interval, which behaves well near 0 % and 100 % and for small groups.
* Means (CES mean, completion time, employee satisfaction): Student t interval.
* Cronbach's alpha: Feldt's interval, based on the F distribution.

The t and F quantiles come from :mod:`sedamkit.methods.statistics` (no SciPy needed): the regularized
incomplete beta function gives them; they agree with printed tables to four decimals.

Error codes
-----------
DATA001
    A column the function needs is missing; the message lists the columns present.
DATA002
    A value that must be a number is not (or lies outside the scale); names column and row.
CX001
    A parameter is not valid (scale, confidence level, crosshair, too few items or rows).
CX002
    A KPI input is impossible (e.g. more customers retained than at the start, a
    negative count, a zero baseline cost); names the column and row.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"score": [10, 9, 9, 8, 7, 3]})
>>> nps(df).round(2)[["n", "promoters", "passives", "detractors", "nps", "se", "margin"]]
   n  promoters  passives  detractors    nps     se  margin
0  6          3         2           1  33.33  30.43   59.64
"""
from __future__ import annotations

from .cx_ipa import IPA_QUADRANTS, ipa, ipa_shown, plot_ipa, quadrant_names
from .cx_kpi import (cost_reduction_rate, employee_satisfaction, employee_turnover, mean_table,
                     process_completion_time, retention_rate)
from .cx_reliability import cronbach_alpha
from .cx_survey import ces, csat, nps, nps_from_counts, survey_metrics
from .statistics import f_quantile, t_interval, t_quantile, wilson_interval

__all__ = [
    "nps", "nps_from_counts", "csat", "ces", "survey_metrics", "cronbach_alpha", "ipa", "plot_ipa",
    "retention_rate", "employee_turnover", "cost_reduction_rate", "process_completion_time",
    "employee_satisfaction", "wilson_interval", "t_quantile", "f_quantile", "t_interval", "mean_table",
    "IPA_QUADRANTS", "ipa_shown", "quadrant_names",
]
