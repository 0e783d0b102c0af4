"""Operational KPIs the evaluation stage reads: retention, employee turnover, cost reduction,
process completion time and employee satisfaction (with Wilson or t intervals)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import Problems
from ..core.tables import as_list, numeric, require_columns, rows_text
from .cx_base import bincount, check_confidence, group_codes
from .statistics import t_interval, wilson_interval

__all__ = ['retention_rate', 'employee_turnover', 'cost_reduction_rate', 'process_completion_time', 'employee_satisfaction', 'mean_table']


def _sums(data, by, columns):
    keys, codes = group_codes(data, by)
    out = keys.copy()
    for c, arr in columns.items():
        tot = bincount(codes, len(keys), np.nan_to_num(arr))
        whole = np.all(np.isfinite(tot)) and np.all(np.abs(tot) < 2 ** 53) and np.all(tot == np.round(tot))
        out[c] = tot.astype(np.int64) if whole and c != "cost" else tot   # never a wrapped-around integer
    return out


def _check_counts(data, cols, probs):
    arrs = {}
    for c in cols:
        a = numeric(data, c, probs, what="counts")
        neg = a < 0
        if neg.any():
            probs.add("CX002", f"column '{c}', {rows_text(data.index[neg])}", "negative counts",
                      "counts must be 0 or more")
        arrs[c] = a
    return arrs


def retention_rate(data, *, start="customers_start", retained="customers_retained", end=None, new=None,
                   by=None, confidence=0.95):
    """Customer retention rate: the share of customers at the start of a period still customers at its end.

    ``retention = retained / start``. When ``retained`` is not recorded, pass
    ``end`` and ``new`` (customers at the end, new customers won in the
    period) and ``retained = end − new`` is used — the usual
    ``(E − N) / S`` formula. Rows are summed within each group first, so a
    group of regions gives the pooled rate.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``customers_start``, ``customers_retained``,
        ``retention_rate`` (percent), ``ci_low``, ``ci_high`` (percent, Wilson).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"region": ["N", "S"], "customers_start": [200, 100], "customers_retained": [170, 80]})
    >>> retention_rate(df)[["customers_start", "customers_retained", "retention_rate"]].round(2)
       customers_start  customers_retained  retention_rate
    0              300                 250           83.33
    """
    probs = Problems()
    by = as_list(by)
    cols = [start] + ([retained] if end is None else [end, new])
    require_columns(data, cols + by, what="retention data", probs=probs)
    probs.raise_if_any("cannot compute the retention rate")
    a = _check_counts(data, cols, probs)
    ret = a[retained] if end is None else a[end] - a[new]
    over = ret > a[start]
    if over.any():
        probs.add("CX002", f"column '{retained if end is None else end}', {rows_text(data.index[over])}",
                  "more customers retained than there were at the start", "check the two columns")
    probs.raise_if_any("cannot compute the retention rate")
    out = _sums(data, by, {"customers_start": a[start], "customers_retained": ret})
    with np.errstate(invalid="ignore", divide="ignore"):
        out["retention_rate"] = 100 * out["customers_retained"] / out["customers_start"]
    lo, hi = wilson_interval(out["customers_retained"], out["customers_start"], confidence)
    out["ci_low"], out["ci_high"] = 100 * lo, 100 * hi
    return out


def employee_turnover(data, *, leavers="leavers", employees="employees", by=None, confidence=0.95):
    """Employee turnover rate: leavers in the period divided by the average headcount.

    ``employees`` is one column (average or start headcount) or a pair
    ``[start, end]`` whose mean is used. Rows are summed within groups. The
    Wilson interval treats each employee as a trial, which is approximate.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``leavers``, ``headcount``, ``turnover_rate`` (percent),
        ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> import pandas as pd
    >>> employee_turnover(pd.DataFrame({"leavers": [3, 2], "employees": [40, 60]}))[["turnover_rate"]]
       turnover_rate
    0            5.0
    """
    probs = Problems()
    by = as_list(by)
    emp = as_list(employees)
    require_columns(data, [leavers] + emp + by, what="turnover data", probs=probs)
    probs.raise_if_any("cannot compute employee turnover")
    a = _check_counts(data, [leavers] + emp, probs)
    probs.raise_if_any("cannot compute employee turnover")
    head = np.mean([a[c] for c in emp], axis=0)
    out = _sums(data, by, {"leavers": a[leavers], "headcount": head})
    with np.errstate(invalid="ignore", divide="ignore"):
        out["turnover_rate"] = 100 * out["leavers"] / out["headcount"]
    lo, hi = wilson_interval(np.minimum(out["leavers"], out["headcount"]), out["headcount"], confidence)
    out["ci_low"], out["ci_high"] = 100 * lo, 100 * hi
    return out


def cost_reduction_rate(data, *, cost="operating_cost", jobs=None, period="quarter", by=None, baseline=None):
    """Cost reduction rate of each period against a baseline: ``(baseline − current) / baseline``.

    With ``jobs`` (a column of jobs done) the rate compares the cost *per job* (costs and jobs summed
    within ``by`` × ``period``, then divided), as the KPI defines it: a period that spends more in
    total but serves many more jobs is a reduction. Without ``jobs`` it compares total costs. The
    baseline is, per group, the first period's unit cost (sorting ``period``), or the value given as
    ``baseline`` (a number, or a dict from group key to number, in the same unit). Positive means
    the cost went down; negative means it rose. No interval: this is an accounting ratio.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``period`` (named as the input column), ``cost`` (total cost),
        ``jobs`` (with ``jobs`` only), ``unit_cost`` (cost per job, or the total cost),
        ``baseline_cost`` (in the unit of ``unit_cost``), ``cost_reduction_rate`` (percent).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"quarter": ["2024Q1", "2024Q2", "2024Q3"], "operating_cost": [100.0, 95.0, 90.0]})
    >>> cost_reduction_rate(df)["cost_reduction_rate"].tolist()
    [0.0, 5.0, 10.0]
    >>> df["jobs"] = [10, 9, 10]          # 10.0, 10.56, 9.0 per job
    >>> cost_reduction_rate(df, jobs="jobs")["cost_reduction_rate"].round(1).tolist()
    [0.0, -5.6, 10.0]
    """
    probs = Problems()
    by = as_list(by)
    require_columns(data, [cost, period] + by + ([jobs] if jobs else []), what="cost data", probs=probs)
    probs.raise_if_any("cannot compute the cost reduction rate")
    c = numeric(data, cost, probs, what="costs")
    cols = {"cost": c}
    if jobs:
        cols["jobs"] = numeric(data, jobs, probs, what="jobs")
    probs.raise_if_any("cannot compute the cost reduction rate")
    out = _sums(data, by + [period], cols)
    if jobs:
        if (out["jobs"] <= 0).any():
            probs.add("CX002", jobs, "a period has no jobs, so it has no cost per job",
                      "give the number of jobs done in every period (more than 0)")
            probs.raise_if_any("cannot compute the cost reduction rate")
        out["unit_cost"] = out["cost"] / out["jobs"]
    else:
        out["unit_cost"] = out["cost"].astype(float)
    if by:
        first = out.groupby(by, sort=False)["unit_cost"].transform("first")
    else:
        first = pd.Series(out["unit_cost"].iloc[0], index=out.index)
    if baseline is None:
        base = first
    elif isinstance(baseline, dict):
        keys = out[by[0]] if len(by) == 1 else pd.Series(list(zip(*[out[b] for b in by])), index=out.index)
        base = keys.map(baseline).astype(float)
    else:
        base = pd.Series(float(baseline), index=out.index)
    if (base <= 0).any() or base.isna().any():
        probs.add("CX002", "baseline", "the baseline cost is missing, zero or negative for some groups",
                  "give a positive baseline for every group")
        probs.raise_if_any("cannot compute the cost reduction rate")
    out["baseline_cost"] = base.to_numpy()
    out["cost_reduction_rate"] = 100 * (out["baseline_cost"] - out["unit_cost"]) / out["baseline_cost"]
    return out


def mean_table(data, by, *, value=None, mean=None, sd=None, n=None, confidence=0.95, what="data",
                prefix="mean"):
    """Group means with t intervals, from raw values or from per-row (mean, sd, n) summaries."""
    probs = Problems()
    by = as_list(by)
    cols = [value] if value is not None else [mean, sd, n]
    if value is None and None in (mean, sd, n):
        probs.add("CX001", "columns", "give either the value column or all of the mean, sd and n columns",
                  "pass value=... for raw data, or mean=..., sd=..., n=... for summaries")
        probs.raise_if_any(f"cannot summarise {what}")
    require_columns(data, cols + by, what=what, probs=probs)
    check_confidence(confidence, probs)
    probs.raise_if_any(f"cannot summarise {what}")
    keys, codes = group_codes(data, by)
    ng = len(keys)
    if value is not None:
        x = numeric(data, value, probs, what=what)
        probs.raise_if_any(f"cannot summarise {what}")
        ok = ~np.isnan(x)
        codes, x = codes[ok], x[ok]
        cnt = bincount(codes, ng)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = bincount(codes, ng, x) / cnt
            ss = bincount(codes, ng, (x - m[codes]) ** 2)
    else:
        mu = numeric(data, mean, probs, what=what)
        s = numeric(data, sd, probs, what=what)
        k = numeric(data, n, probs, what=what)
        for col, arr, word in ((n, k, "negative counts"), (sd, s, "negative standard deviations")):
            neg = arr < 0
            if neg.any():
                probs.add("CX002", f"column '{col}', {rows_text(data.index[neg])}", word,
                          "counts and standard deviations must be 0 or more")
        probs.raise_if_any(f"cannot summarise {what}")
        # pooled mean and the exact pooled sum of squares around it
        cnt = bincount(codes, ng, k)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = bincount(codes, ng, k * mu) / cnt
            ss = bincount(codes, ng, (k - 1) * s * s + k * (mu - m[codes]) ** 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        sdv = np.sqrt(ss / (cnt - 1))
    out = keys.copy()
    out["n"] = cnt.astype(np.int64)
    out[prefix] = m
    out["sd"] = sdv
    out["ci_low"], out["ci_high"] = t_interval(m, sdv, cnt, confidence)
    return out


def process_completion_time(data, *, minutes=None, mean=None, sd=None, n=None, by=None, confidence=0.95):
    """Mean process completion time (minutes) with a t interval.

    Give ``minutes`` for one row per completed process, or ``mean``, ``sd`` and
    ``n`` columns for rows that already summarise a batch (e.g. one row per
    quarter and region); batches are pooled exactly.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``n`` (processes), ``mean_minutes``, ``sd``,
        ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> import pandas as pd
    >>> process_completion_time(pd.DataFrame({"minutes": [50, 60, 70]}), minutes="minutes")[["n", "mean_minutes"]]
       n  mean_minutes
    0  3          60.0
    """
    if minutes is None and mean is None:
        minutes = "minutes"
    return mean_table(data, by, value=minutes, mean=mean, sd=sd, n=n, confidence=confidence,
                       what="process times", prefix="mean_minutes")


def employee_satisfaction(data, *, score=None, mean=None, sd=None, n=None, by=None, confidence=0.95):
    """Mean employee satisfaction with a t interval.

    Give ``score`` for one row per employee answer, or ``mean``, ``sd`` and ``n``
    columns for rows that summarise a survey wave (pooled exactly).

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``n`` (answers), ``mean_satisfaction``, ``sd``,
        ``ci_low``, ``ci_high`` (on the survey's own scale).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"esat_mean": [3.0, 4.0], "esat_sd": [1.0, 1.0], "esat_n": [10, 30]})
    >>> employee_satisfaction(df, mean="esat_mean", sd="esat_sd", n="esat_n")[["n", "mean_satisfaction"]]
        n  mean_satisfaction
    0  40               3.75
    """
    if score is None and mean is None:
        score = "score"
    return mean_table(data, by, value=score, mean=mean, sd=sd, n=n, confidence=confidence,
                       what="employee satisfaction", prefix="mean_satisfaction")
