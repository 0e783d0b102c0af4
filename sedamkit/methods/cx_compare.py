"""Is the difference between two regions (or two periods) real? Tests of a customer metric between
groups of individual answers.

Looking at whether two 95 % intervals overlap is not a test: two intervals can overlap while the
difference between the groups is clearly larger than its own uncertainty. Here the difference itself
gets an interval and a p-value:

* ``nps`` — the difference of the two scores (points) with the variance of each score,
  :func:`sedamkit.methods.statistics.nps_difference`;
* ``csat`` and ``ces_agree`` (shares, in percentage points) — Newcombe's interval and the
  two-proportion z-test, :func:`~sedamkit.methods.statistics.newcombe_interval`;
* ``ces`` and any ``mean`` (ratings) — Welch's t-test, :func:`~sedamkit.methods.statistics.welch_test`.

When several pairs are compared at once, the p-values are corrected with Holm's method
(:func:`~sedamkit.methods.statistics.holm`): with four regions there are six pairs, and one of six
tests at the 5 % level comes out "significant" by chance far more often than one in twenty.

Error codes
-----------
DATA001 / DATA002
    A column is missing / an answer is not a number or is off the scale.
CX004
    An unknown metric was asked for (use ``nps``, ``csat``, ``ces``, ``ces_agree`` or ``mean``).

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"region": ["N"] * 6 + ["S"] * 6, "score": [10, 9, 9, 10, 8, 9, 3, 5, 9, 6, 2, 7]})
>>> t = group_tests(df, "nps", "score", "region")
>>> t[["metric", "group_a", "group_b", "difference", "method", "significant"]].round(1).values.tolist()
[['nps', 'N', 'S', 133.3, 'nps_normal', True]]
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ..core.errors import Problems
from ..core.tables import numeric, require_columns
from .statistics import holm, newcombe_interval, nps_difference, welch_test

__all__ = ["METRIC_TESTS", "MIN_ANSWERS", "group_tests", "pair_test"]

#: metric -> the test of a difference it gets
METRIC_TESTS = {"nps": "nps_normal", "csat": "newcombe", "ces_agree": "newcombe", "ces": "welch_t",
                "mean": "welch_t", "share": "newcombe"}

#: A group needs at least this many answers to be tested (with fewer every result is NaN, never significant).
MIN_ANSWERS = 2

COLUMNS = ["metric", "group_a", "group_b", "value_a", "value_b", "n_a", "n_b", "difference", "ci_low", "ci_high",
           "p_value", "p_adjusted", "method", "significant"]


def _value(metric, s, cut):
    if metric == "nps":
        return 100 * (np.mean(s >= 9) - np.mean(s <= 6))
    if METRIC_TESTS[metric] == "newcombe":
        return 100 * np.mean(s >= cut)
    return float(np.mean(s))


def pair_test(metric, a, b, *, cut=None, confidence=0.95) -> dict:
    """The test of one metric between two arrays of individual answers (``a − b``).

    ``cut`` is the lowest answer that counts for a share (4 for top-2-box CSAT on 1–5, 5 for agreeing
    on the 1–7 CES). Shares and their differences are in percent / percentage points. A group with fewer
    than :data:`MIN_ANSWERS` answers is not tested (NaN difference, interval and p-value).

    >>> r = pair_test("csat", [5, 4, 4, 2], [1, 2, 4, 3], cut=4)
    >>> round(r["difference"], 1), r["method"]
    (50.0, 'newcombe')
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    kind = METRIC_TESTS[metric]
    if len(a) < MIN_ANSWERS or len(b) < MIN_ANSWERS:     # no test on one answer: everything NaN
        nan = float("nan")
        return {"difference": nan, "ci_low": nan, "ci_high": nan, "p_value": nan, "method": kind,
                "value_a": _value(metric, a, cut) if len(a) else nan,
                "value_b": _value(metric, b, cut) if len(b) else nan, "n_a": int(len(a)), "n_b": int(len(b))}
    if kind == "nps_normal":
        r = nps_difference((a >= 9).sum(), (a <= 6).sum(), len(a), (b >= 9).sum(), (b <= 6).sum(), len(b),
                           confidence)
    elif kind == "newcombe":
        r = newcombe_interval((a >= cut).sum(), len(a), (b >= cut).sum(), len(b), confidence)
        r.update({k: 100 * r[k] for k in ("difference", "ci_low", "ci_high")})
    else:
        r = welch_test(a, b, confidence)
    r.update({"value_a": _value(metric, a, cut) if len(a) else np.nan,
              "value_b": _value(metric, b, cut) if len(b) else np.nan, "n_a": int(len(a)), "n_b": int(len(b))})
    return r


def group_tests(data, metric, column, group, *, pairs=None, cut=None, scale=None, confidence=0.95,
                alpha=0.05) -> pd.DataFrame:
    """Every pair of groups (or the ``pairs`` given) compared on one metric, Holm-corrected.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per answer.
    metric : str
        ``nps`` (0–10 answers), ``csat`` / ``ces_agree`` / ``share`` (answers of ``cut`` or more count),
        ``ces`` / ``mean`` (the mean answer).
    column, group : str
        The answer column and the group column (region, quarter …).
    pairs : list of (a, b), optional
        The pairs to test; default every pair of groups (in sorted order, ``a`` before ``b``).
    cut : number, optional
        The lowest answer that counts for a share (required for the share metrics).
    scale : (low, high), optional
        Answers outside it are a coded ``DATA002`` (for ``nps`` the scale is 0–10).

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``metric``, ``group_a``, ``group_b``, ``value_a``, ``value_b`` (the metric in
        each group), ``n_a``, ``n_b``, ``difference`` (a − b, in the metric's unit: points, percentage
        points or scale points), ``ci_low``, ``ci_high`` (its interval), ``p_value`` (two-sided),
        ``p_adjusted`` (Holm over the rows), ``method``, ``significant`` (``p_adjusted < alpha``).
    """
    probs = Problems()
    if metric not in METRIC_TESTS:
        probs.add("CX004", "metric", f"no test for metric {metric!r}",
                  f"use one of: {', '.join(METRIC_TESTS)}")
        probs.raise_if_any("cannot compare the groups")
    if METRIC_TESTS[metric] == "newcombe" and cut is None:
        probs.add("CX004", "cut", f"metric {metric!r} is a share and needs cut= (the lowest answer that counts)",
                  "e.g. cut=4 for top-2-box CSAT on 1–5")
    require_columns(data, [column, group], what=f"the {metric} data", probs=probs)
    probs.raise_if_any("cannot compare the groups")
    lo, hi = (0, 10) if metric == "nps" else (scale or (None, None))
    s = numeric(data, column, probs, lo=lo, hi=hi, what=f"{metric} answers")
    probs.raise_if_any("cannot compare the groups")
    g = data[group].astype(str).where(data[group].notna())
    by = {k: s[(g == k).to_numpy()] for k in sorted(g.dropna().unique())}
    pairs = list(itertools.combinations(by, 2)) if pairs is None else [(str(a), str(b)) for a, b in pairs]
    rows = []
    for a, b in pairs:
        r = pair_test(metric, by.get(a, np.array([])), by.get(b, np.array([])), cut=cut, confidence=confidence)
        rows.append({"metric": metric, "group_a": a, "group_b": b, **r})
    out = pd.DataFrame(rows, columns=COLUMNS + ["t", "df", "z", "se"])
    adj, sig = holm(out["p_value"].to_numpy(dtype=float), alpha) if len(out) else ([], [])
    out["p_adjusted"], out["significant"] = adj, sig
    return out[COLUMNS].reset_index(drop=True)
