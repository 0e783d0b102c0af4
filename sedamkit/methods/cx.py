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

The t and F quantiles are computed here (no SciPy needed) from the regularized
incomplete beta function; they agree with printed tables to four decimals.

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

import math
from statistics import NormalDist

import numpy as np
import pandas as pd

from ..core.errors import Problems

__all__ = [
    "nps", "nps_from_counts", "csat", "ces", "cronbach_alpha", "ipa", "plot_ipa",
    "retention_rate", "employee_turnover", "cost_reduction_rate", "process_completion_time",
    "employee_satisfaction", "wilson_interval", "t_quantile", "f_quantile",
]


# ----------------------------------------------------------------------------------------------
# small shared helpers (also used by kano, journey and sentiment)


def _as_list(by):
    if by is None:
        return []
    if isinstance(by, (list, tuple)):
        return list(by)
    return [by]


def _require_columns(data, columns, *, what="data", file=None, probs=None):
    """Add a DATA001 problem for every missing column; raise unless ``probs`` is given."""
    own = probs is None
    probs = Problems(file) if own else probs
    if not isinstance(data, pd.DataFrame):
        probs.add("DATA001", None, f"{what} must be a pandas DataFrame, got {type(data).__name__}",
                  "pass a DataFrame (e.g. pd.read_csv(...))")
    else:
        present = [str(c) for c in data.columns]
        missing = [c for c in columns if c is not None and c not in data.columns]
        for c in missing:
            probs.add("DATA001", f"column '{c}'",
                      f"{what} has no column '{c}'; columns present: {', '.join(present) or '(none)'}",
                      "rename the column or pass its name as a parameter")
    if own:
        probs.raise_if_any(f"{what} cannot be used")
    return probs


def _rows_text(labels, limit=5):
    labels = list(labels)
    head = ", ".join(str(x) for x in labels[:limit])
    more = len(labels) - limit
    return f"row {head}" if len(labels) == 1 else f"rows {head}" + (f" and {more} more" if more > 0 else "")


def _numeric(data, column, probs, *, lo=None, hi=None, what="data"):
    """Column as float array; non-numbers and values outside [lo, hi] become DATA002 problems."""
    raw = data[column]
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        vals, bad = raw, None                          # nothing to coerce
    else:
        vals = pd.to_numeric(raw, errors="coerce")
        bad = vals.isna() & raw.notna()
    if bad is not None and bad.any():
        probs.add("DATA002", f"column '{column}', {_rows_text(data.index[bad.to_numpy()])}",
                  f"{what}: values are not numbers (e.g. {raw[bad].iloc[0]!r})",
                  "correct or remove those values")
    arr = vals.to_numpy(dtype=float, na_value=np.nan)
    if lo is not None or hi is not None:
        out = np.zeros(len(arr), bool)
        if lo is not None:
            out |= arr < lo
        if hi is not None:
            out |= arr > hi
        if out.any():
            probs.add("DATA002", f"column '{column}', {_rows_text(data.index[out])}",
                      f"{what}: values outside the scale {lo}–{hi} (e.g. {arr[out][0]:g})",
                      "check the scale parameter or correct those values")
    return arr


def _check_confidence(confidence, probs):
    if not (isinstance(confidence, (int, float)) and 0 < confidence < 1):
        probs.add("CX001", "confidence", f"confidence must be between 0 and 1, got {confidence!r}",
                  "use e.g. 0.95")


def _group_codes(data, by):
    """(group frame, integer code per row) for the ``by`` columns (one group if by is empty).

    Groups are sorted by their keys; rows with a missing key get code −1 and are left out
    (as pandas' groupby does). Linear time: each column is factorized once and the codes combined.
    """
    if not by:
        return pd.DataFrame(index=[0]), np.zeros(len(data), dtype=np.intp)
    codes_list, uniques_list = [], []
    for col in by:
        series = data[col]
        if isinstance(series.dtype, pd.CategoricalDtype):
            # category order is the user's order (e.g. quarters); no need to factorize again
            c, u = series.cat.codes.to_numpy(), series.cat.categories
        else:
            c, u = pd.factorize(series, sort=True)
        codes_list.append(c)
        uniques_list.append(u)
    sizes = [max(len(u), 1) for u in uniques_list]
    has_missing = any(c.min() < 0 for c in codes_list if len(c))
    missing = np.zeros(len(data), bool)
    if has_missing:
        for c in codes_list:
            missing |= c < 0
    combined = np.zeros(len(data), dtype=np.intp)
    for c, size in zip(codes_list, sizes):
        combined *= size
        combined += np.where(missing, 0, c) if has_missing else c
    used = np.bincount(combined[~missing] if has_missing else combined, minlength=int(np.prod(sizes))) > 0
    if used.all() and not has_missing:
        codes = combined
    else:
        remap = np.cumsum(used) - 1
        codes = np.where(missing, -1, remap[combined])
    idx = np.unravel_index(np.flatnonzero(used), sizes)
    keys = pd.DataFrame({col: u.take(i) for col, u, i in zip(by, uniques_list, idx)})
    return keys.reset_index(drop=True), codes


def _keep(codes, s, ok):
    return (codes, s) if ok.all() else (codes[ok], s[ok])


def _bincount(codes, ng, weights=None):
    if len(codes) and codes.min() < 0:                  # rows whose group key is missing
        keep = codes >= 0
        codes = codes[keep]
        weights = None if weights is None else np.asarray(weights)[keep]
    return np.bincount(codes, weights=weights, minlength=ng)[:ng]


# ----------------------------------------------------------------------------------------------
# distributions (our own small implementation; no SciPy)


def _betacf(a, b, x, itmax=20000, eps=1e-15):
    # continued fraction for the incomplete beta function (modified Lentz method)
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, itmax + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < eps:
            break
    return h


def _betainc(a, b, x):
    """Regularized incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(lbeta + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1 - x) / b


def _f_cdf(x, d1, d2):
    if x <= 0:
        return 0.0
    return _betainc(d1 / 2, d2 / 2, d1 * x / (d1 * x + d2))


def _t_cdf(t, df):
    x = df / (df + t * t)
    tail = 0.5 * _betainc(df / 2, 0.5, x)
    return 1 - tail if t > 0 else tail


def _invert(cdf, p, lo, hi):
    while cdf(hi) < p:
        lo, hi = hi, hi * 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if cdf(mid) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, abs(hi)):
            break
    return (lo + hi) / 2


def t_quantile(p, df):
    """Quantile of Student's t distribution with ``df`` degrees of freedom.

    >>> round(t_quantile(0.975, 10), 4)
    2.2281
    """
    if df > 1000:
        # Cornish–Fisher expansion around the normal quantile; error far below 1e-6 here
        z = NormalDist().inv_cdf(p)
        return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1 - p, df)
    return _invert(lambda t: _t_cdf(t, df), p, 0.0, 10.0)


def f_quantile(p, d1, d2):
    """Quantile of the F distribution with ``d1`` and ``d2`` degrees of freedom.

    >>> round(f_quantile(0.975, 10, 20), 4)
    2.7737
    """
    return _invert(lambda x: _f_cdf(x, d1, d2), p, 0.0, 10.0)


def _z(confidence):
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(successes, n, confidence=0.95):
    """Wilson score interval for a proportion; arrays in, (low, high) arrays out (NaN where n = 0).

    >>> lo, hi = wilson_interval(40, 50)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.6696, 0.8876)
    """
    k = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    z = _z(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        den = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / den
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
        lo = np.where(k == 0, 0.0, np.clip(centre - half, 0, 1))      # exact ends, no rounding residue
        hi = np.where(k == n, 1.0, np.clip(centre + half, 0, 1))
    empty = ~(n > 0)
    return np.where(empty, np.nan, lo), np.where(empty, np.nan, hi)


def _t_interval(mean, sd, n, confidence):
    mean, sd, n = (np.asarray(x, dtype=float) for x in (mean, sd, n))
    lo = np.full(mean.shape, np.nan)
    hi = np.full(mean.shape, np.nan)
    for i in np.ndindex(mean.shape):
        if n[i] >= 2 and np.isfinite(sd[i]):
            half = t_quantile(0.5 + confidence / 2, n[i] - 1) * sd[i] / math.sqrt(n[i])
            lo[i], hi[i] = mean[i] - half, mean[i] + half
    return lo, hi


def _prepare(data, columns, by, confidence, what):
    probs = Problems()
    by = _as_list(by)
    _require_columns(data, list(columns) + by, what=what, probs=probs)
    if not probs:
        _check_confidence(confidence, probs)
    return probs, by


# ----------------------------------------------------------------------------------------------
# survey metrics


def nps(data, score="score", *, by=None, confidence=0.95):
    """Net Promoter Score with its standard error and margin of error.

    Answers 9–10 are promoters, 7–8 passives and 0–6 detractors; missing answers
    are left out. NPS = 100·(p − d). Its standard error is
    ``100·sqrt((p + d − (p − d)²) / n)`` and the margin is ``z·se``.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per answer.
    score : str
        Column with the 0–10 answer.
    by : str or list of str, optional
        Group columns (e.g. ``["quarter", "region"]``).
    confidence : float
        Confidence level of the interval (default 0.95).

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, then

        * ``n`` – answers counted;
        * ``promoters``, ``passives``, ``detractors`` – counts;
        * ``pct_promoters``, ``pct_passives``, ``pct_detractors`` – shares in percent;
        * ``nps`` – the score, −100 to 100;
        * ``se`` – its standard error (points);
        * ``margin`` – half-width of the interval (points);
        * ``ci_low``, ``ci_high`` – the interval, clipped to [−100, 100].

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"q": ["A", "A", "A", "B", "B"], "score": [10, 9, 3, 8, 0]})
    >>> nps(df, by="q")[["q", "n", "promoters", "detractors", "nps"]].round(1)
       q  n  promoters  detractors   nps
    0  A  3          2           1  33.3
    1  B  2          0           1 -50.0
    """
    probs, by = _prepare(data, [score], by, confidence, "NPS data")
    if probs:
        probs.raise_if_any("cannot compute NPS")
    s = _numeric(data, score, probs, lo=0, hi=10, what="NPS answers")
    probs.raise_if_any("cannot compute NPS")
    keys, codes = _group_codes(data, by)
    ok = ~np.isnan(s)
    return _nps_from_arrays(keys, *_keep(codes, s, ok), confidence)


def nps_from_counts(promoters, passives, detractors, *, confidence=0.95):
    """NPS, standard error and margin from counts (or from shares times n) already tallied.

    Parameters
    ----------
    promoters, passives, detractors : number or array-like
        Counts per group; fractional values are accepted (e.g. ``n·share``).
    confidence : float

    Returns
    -------
    pandas.DataFrame
        One row per element, with the columns of :func:`nps` (no group columns).

    Examples
    --------
    >>> r = nps_from_counts(50, 100 / 3, 100 / 6)
    >>> [round(float(r[c].iloc[0]), 2) for c in ("nps", "se", "margin")]
    [33.33, 7.45, 14.61]
    """
    prom, pas, det = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (promoters, passives, detractors))
    probs = Problems()
    _check_confidence(confidence, probs)
    if (prom < 0).any() or (pas < 0).any() or (det < 0).any():
        probs.add("CX002", "counts", "negative counts", "counts must be 0 or more")
    probs.raise_if_any("cannot compute NPS")
    return _nps_table(pd.DataFrame(index=range(len(prom))), prom + pas + det, prom, det, confidence)


def _nps_from_arrays(keys, codes, s, confidence):
    ng = len(keys)
    n = _bincount(codes, ng)
    prom = _bincount(codes, ng, s >= 9)
    det = _bincount(codes, ng, s <= 6)
    return _nps_table(keys, n, prom, det, confidence)


def _nps_table(keys, n, prom, det, confidence):
    out = keys.copy()
    n, prom, det = (np.asarray(x, dtype=float) for x in (n, prom, det))
    if np.all(n == np.round(n)) and np.all(prom == np.round(prom)) and np.all(det == np.round(det)):
        n, prom, det = (x.astype(np.int64) for x in (n, prom, det))
    with np.errstate(invalid="ignore", divide="ignore"):
        p, d = prom / n, det / n
        score = 100 * (p - d)
        se = 100 * np.sqrt((p + d - (p - d) ** 2) / n)
    margin = _z(confidence) * se
    out["n"] = n
    out["promoters"] = prom
    out["passives"] = n - prom - det
    out["detractors"] = det
    out["pct_promoters"] = 100 * p
    out["pct_passives"] = 100 * (1 - p - d)
    out["pct_detractors"] = 100 * d
    out["nps"] = score
    out["se"] = se
    out["margin"] = margin
    out["ci_low"] = np.clip(score - margin, -100, 100)
    out["ci_high"] = np.clip(score + margin, -100, 100)
    return out


def csat(data, score="score", *, by=None, scale=(1, 5), top=2, confidence=0.95):
    """Customer satisfaction as the top-box share, with a Wilson interval.

    An answer counts as satisfied when it is among the ``top`` highest points of
    ``scale`` (top-2-box on 1–5: answers 4 and 5).

    Parameters
    ----------
    data : pandas.DataFrame
    score : str
        Column with the answer.
    by : str or list of str, optional
        Group columns.
    scale : (int, int)
        Lowest and highest point of the scale (default 1–5).
    top : int
        Number of top points that count as satisfied (default 2).
    confidence : float

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, then ``n`` (answers), ``satisfied`` (count),
        ``csat`` (percent satisfied), ``ci_low``, ``ci_high`` (percent, Wilson)
        and ``mean`` (mean answer).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"score": [5, 4, 4, 3, 2, 5, 1, 4, 5, 3]})
    >>> csat(df)[["n", "satisfied", "csat"]]
        n  satisfied  csat
    0  10          6  60.0
    """
    probs, by = _prepare(data, [score], by, confidence, "CSAT data")
    lo, hi = _check_scale(scale, probs)
    if not (isinstance(top, (int, np.integer)) and 1 <= top <= (hi - lo if hi is not None else 1)):
        probs.add("CX001", "top", f"top must be a whole number from 1 to {hi - lo if hi else '?'}, got {top!r}",
                  "use e.g. top=2 for top-2-box")
    probs.raise_if_any("cannot compute CSAT")
    s = _numeric(data, score, probs, lo=lo, hi=hi, what="CSAT answers")
    probs.raise_if_any("cannot compute CSAT")
    keys, codes = _group_codes(data, by)
    ok = ~np.isnan(s)
    return _csat_from_arrays(keys, *_keep(codes, s, ok), hi - top + 1, confidence)


def _csat_from_arrays(keys, codes, s, cut, confidence):
    ng = len(keys)
    n = _bincount(codes, ng)
    sat = _bincount(codes, ng, s >= cut)
    tot = _bincount(codes, ng, s)
    out = keys.copy()
    out["n"] = n
    out["satisfied"] = sat.astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["csat"] = 100 * sat / n
        lo_, hi_ = wilson_interval(sat, n, confidence)
        out["ci_low"], out["ci_high"] = 100 * lo_, 100 * hi_
        out["mean"] = tot / n
    return out


def _check_scale(scale, probs):
    try:
        lo, hi = scale
        if not (lo < hi):
            raise ValueError
        return lo, hi
    except (TypeError, ValueError):
        probs.add("CX001", "scale", f"scale must be (lowest, highest) with lowest < highest, got {scale!r}",
                  "use e.g. scale=(1, 5)")
        return None, None


def ces(data, score="score", *, by=None, scale=(1, 7), agree_min=5, confidence=0.95):
    """Customer effort score: the mean answer and the share agreeing, with intervals.

    The usual item is "The company made it easy for me to handle my issue",
    answered on 1 (strongly disagree) to 7 (strongly agree); higher is better.
    An answer of ``agree_min`` or more counts as agreeing.

    Parameters
    ----------
    data : pandas.DataFrame
    score : str
        Column with the answer.
    by : str or list of str, optional
    scale : (int, int)
        Lowest and highest point (default 1–7).
    agree_min : int
        Lowest answer that counts as agreeing (default 5 on 1–7).
    confidence : float

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, then ``n``; ``mean``, ``sd``, ``mean_ci_low``,
        ``mean_ci_high`` (t interval); ``agree`` (count), ``pct_agree``,
        ``agree_ci_low``, ``agree_ci_high`` (percent, Wilson).

    Examples
    --------
    >>> import pandas as pd
    >>> ces(pd.DataFrame({"score": [7, 6, 5, 4, 3]}))[["n", "mean", "agree", "pct_agree"]]
       n  mean  agree  pct_agree
    0  5   5.0      3       60.0
    """
    probs, by = _prepare(data, [score], by, confidence, "CES data")
    lo, hi = _check_scale(scale, probs)
    if lo is not None and not (lo < agree_min <= hi):
        probs.add("CX001", "agree_min", f"agree_min {agree_min!r} is not above the lowest point of {scale}",
                  "use a point inside the scale, e.g. 5 on 1–7")
    probs.raise_if_any("cannot compute CES")
    s = _numeric(data, score, probs, lo=lo, hi=hi, what="CES answers")
    probs.raise_if_any("cannot compute CES")
    keys, codes = _group_codes(data, by)
    ok = ~np.isnan(s)
    return _ces_from_arrays(keys, *_keep(codes, s, ok), agree_min, confidence)


def _ces_from_arrays(keys, codes, s, agree_min, confidence):
    ng = len(keys)
    n = _bincount(codes, ng)
    tot = _bincount(codes, ng, s)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = tot / n
        dev = s - mean[codes]
        ss = _bincount(codes, ng, dev * dev)
        sd = np.sqrt(ss / (n - 1))
    agree = _bincount(codes, ng, s >= agree_min)
    out = keys.copy()
    out["n"] = n
    out["mean"] = mean
    out["sd"] = sd
    out["mean_ci_low"], out["mean_ci_high"] = _t_interval(mean, sd, n, confidence)
    out["agree"] = agree.astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["pct_agree"] = 100 * agree / n
        lo_, hi_ = wilson_interval(agree, n, confidence)
    out["agree_ci_low"], out["agree_ci_high"] = 100 * lo_, 100 * hi_
    return out


def cronbach_alpha(data, items=None, *, confidence=0.95):
    """Cronbach's alpha for a block of Likert items, with Feldt's interval.

    ``alpha = k/(k−1) · (1 − Σ var(item) / var(total))`` over respondents with all
    ``k`` items answered (rows with a missing item are left out). Feldt's
    interval: ``1 − (1 − alpha)·F`` with the upper and lower quantiles of the
    F distribution on ``n − 1`` and ``(n − 1)(k − 1)`` degrees of freedom.
    Around 0.7 or more is usually read as acceptable internal consistency.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, one column per item.
    items : list of str, optional
        The item columns (default: all columns).
    confidence : float

    Returns
    -------
    pandas.DataFrame
        One row: ``alpha``, ``ci_low``, ``ci_high``, ``n`` (complete rows used),
        ``k`` (items), ``n_dropped`` (rows left out for missing answers).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [1, 2, 3, 4, 5], "q3": [2, 2, 3, 5, 5]})
    >>> round(float(cronbach_alpha(df)["alpha"].iloc[0]), 4)
    0.9859
    """
    probs, _ = _prepare(data, list(items or []), None, confidence, "the item block")
    if probs:
        probs.raise_if_any("cannot compute Cronbach's alpha")
    items = list(items) if items is not None else list(data.columns)
    block = np.column_stack([_numeric(data, c, probs, what="item answers") for c in items]) if items else None
    k = len(items)
    if k < 2:
        probs.add("CX001", "items", f"alpha needs at least 2 items, got {k}", "pass two or more item columns")
    probs.raise_if_any("cannot compute Cronbach's alpha")
    complete = ~np.isnan(block).any(axis=1)
    x = block[complete]
    n = len(x)
    if n < 3:
        probs.add("CX001", "data", f"alpha needs at least 3 complete rows, got {n}", "collect more answers")
        probs.raise_if_any("cannot compute Cronbach's alpha")
    item_var = x.var(axis=0, ddof=1).sum()
    total_var = x.sum(axis=1).var(ddof=1)
    alpha = k / (k - 1) * (1 - item_var / total_var) if total_var > 0 else float("nan")
    df1, df2 = n - 1, (n - 1) * (k - 1)
    g = (1 - confidence) / 2
    lo = 1 - (1 - alpha) * f_quantile(1 - g, df1, df2)
    hi = 1 - (1 - alpha) * f_quantile(g, df1, df2)
    return pd.DataFrame({"alpha": [alpha], "ci_low": [lo], "ci_high": [hi], "n": [n], "k": [k],
                         "n_dropped": [int((~complete).sum())]})


# ----------------------------------------------------------------------------------------------
# importance–performance analysis

#: Quadrant names of the importance–performance grid (Martilla & James 1977).
IPA_QUADRANTS = {
    (True, False): "Concentrate here",       # important, performing poorly
    (True, True): "Keep up the good work",   # important, performing well
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}


def ipa(data, *, item="item", importance="importance", performance="performance", crosshair="means",
        scale=(1, 5)):
    """Importance–performance analysis: mean importance and performance per item and its quadrant.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent × item (or already one row per item).
    item, importance, performance : str
        Column names.
    crosshair : {"means", "midpoint"}
        Where the grid is split: at the means of the item means ("means", the
        data-centred view) or at the middle of ``scale`` ("midpoint").
    scale : (number, number)
        The answer scale; used for the midpoint and the plot limits.

    Returns
    -------
    pandas.DataFrame
        One row per item: ``item`` (named as the input column), ``n``,
        ``importance`` and ``performance`` (means), ``gap`` (performance −
        importance), ``importance_cut`` and ``performance_cut`` (the crosshair),
        ``quadrant`` (Concentrate here / Keep up the good work / Low priority /
        Possible overkill). Sorted with "Concentrate here" first, by gap.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"item": ["speed", "price", "app", "tone"], "importance": [4.6, 4.2, 2.1, 2.5],
    ...                    "performance": [2.4, 4.1, 4.4, 2.0]})
    >>> ipa(df, crosshair="midpoint")[["item", "quadrant"]]
        item               quadrant
    0  speed       Concentrate here
    1  price  Keep up the good work
    2   tone           Low priority
    3    app      Possible overkill
    """
    probs = Problems()
    _require_columns(data, [item, importance, performance], what="IPA data", probs=probs)
    if crosshair not in ("means", "midpoint"):
        probs.add("CX001", "crosshair", f"crosshair must be 'means' or 'midpoint', got {crosshair!r}",
                  "use crosshair='means' or crosshair='midpoint'")
    lo, hi = _check_scale(scale, probs)
    probs.raise_if_any("cannot run the importance–performance analysis")
    imp = _numeric(data, importance, probs, what="importance")
    perf = _numeric(data, performance, probs, what="performance")
    probs.raise_if_any("cannot run the importance–performance analysis")
    frame = pd.DataFrame({item: data[item].to_numpy(), "importance": imp, "performance": perf})
    g = frame.groupby(item, sort=False)
    out = g.agg(n=("importance", "size"), importance=("importance", "mean"),
                performance=("performance", "mean")).reset_index()
    out["gap"] = out["performance"] - out["importance"]
    if crosshair == "means":
        ic, pc = out["importance"].mean(), out["performance"].mean()
    else:
        ic = pc = (lo + hi) / 2
    out["importance_cut"] = ic
    out["performance_cut"] = pc
    out["quadrant"] = [IPA_QUADRANTS[(bool(i >= ic), bool(p >= pc))]
                       for i, p in zip(out["importance"], out["performance"])]
    order = {name: i for i, name in enumerate(IPA_QUADRANTS.values())}
    out["_o"] = out["quadrant"].map(order)
    return out.sort_values(["_o", "gap"], kind="stable").drop(columns="_o").reset_index(drop=True)


def plot_ipa(table, *, item=None, ax=None, scale=None, title="Importance–performance analysis"):
    """Plot the importance–performance grid from :func:`ipa` output; returns the Axes.

    Points are labelled with the item; the crosshair is drawn as dashed lines and
    each quadrant carries its name (so colour is not the only cue).
    """
    from .plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(6.5, 5))
    item = item or table.columns[0]
    ic = float(table["importance_cut"].iloc[0])
    pc = float(table["performance_cut"].iloc[0])
    colours = {q: PALETTE[i] for i, q in enumerate(IPA_QUADRANTS.values())}
    markers = dict(zip(IPA_QUADRANTS.values(), "o^sD"))
    for q, sub in table.groupby("quadrant", sort=False):
        ax.scatter(sub["performance"], sub["importance"], color=colours[q], marker=markers[q], s=50,
                   label=q, zorder=3)
    for _, r in table.iterrows():
        ax.annotate(str(r[item]), (r["performance"], r["importance"]), xytext=(4, 4),
                    textcoords="offset points", fontsize=8)
    ax.axvline(pc, color="#555555", linestyle="--", linewidth=1)
    ax.axhline(ic, color="#555555", linestyle="--", linewidth=1)
    if scale is not None:
        ax.set_xlim(*scale)
        ax.set_ylim(*scale)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    style = dict(fontsize=8, color="#444444", alpha=0.9)
    ax.text(x0 + 0.02 * (x1 - x0), y1 - 0.03 * (y1 - y0), "Concentrate here", va="top", **style)
    ax.text(x1 - 0.02 * (x1 - x0), y1 - 0.03 * (y1 - y0), "Keep up the good work", va="top", ha="right",
            **style)
    ax.text(x0 + 0.02 * (x1 - x0), y0 + 0.03 * (y1 - y0), "Low priority", **style)
    ax.text(x1 - 0.02 * (x1 - x0), y0 + 0.03 * (y1 - y0), "Possible overkill", ha="right", **style)
    ax.set_xlabel("performance (mean)")
    ax.set_ylabel("importance (mean)")
    ax.set_title(title)
    return ax


# ----------------------------------------------------------------------------------------------
# operational KPIs


def _sums(data, by, columns):
    keys, codes = _group_codes(data, by)
    out = keys.copy()
    for c, arr in columns.items():
        tot = _bincount(codes, len(keys), np.nan_to_num(arr))
        out[c] = tot.astype(np.int64) if np.all(tot == np.round(tot)) and c != "cost" else tot
    return out


def _check_counts(data, cols, probs):
    arrs = {}
    for c in cols:
        a = _numeric(data, c, probs, what="counts")
        neg = a < 0
        if neg.any():
            probs.add("CX002", f"column '{c}', {_rows_text(data.index[neg])}", "negative counts",
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
    by = _as_list(by)
    cols = [start] + ([retained] if end is None else [end, new])
    _require_columns(data, cols + by, what="retention data", probs=probs)
    probs.raise_if_any("cannot compute the retention rate")
    a = _check_counts(data, cols, probs)
    ret = a[retained] if end is None else a[end] - a[new]
    over = ret > a[start]
    if over.any():
        probs.add("CX002", f"column '{retained if end is None else end}', {_rows_text(data.index[over])}",
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
    by = _as_list(by)
    emp = _as_list(employees)
    _require_columns(data, [leavers] + emp + by, what="turnover data", probs=probs)
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


def cost_reduction_rate(data, *, cost="operating_cost", period="quarter", by=None, baseline=None):
    """Cost reduction rate of each period against a baseline: ``(baseline − cost) / baseline``.

    Costs are summed within ``by`` × ``period``. The baseline is, per group, the
    cost of the earliest period (sorting ``period``), or the value given as
    ``baseline`` (a number, or a dict from group key to number). Positive means
    costs went down. No interval: this is an accounting ratio, not a sample.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``period`` (named as the input column), ``cost``,
        ``baseline_cost``, ``cost_reduction_rate`` (percent).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"quarter": ["2024Q1", "2024Q2", "2024Q3"], "operating_cost": [100.0, 95.0, 90.0]})
    >>> cost_reduction_rate(df)["cost_reduction_rate"].tolist()
    [0.0, 5.0, 10.0]
    """
    probs = Problems()
    by = _as_list(by)
    _require_columns(data, [cost, period] + by, what="cost data", probs=probs)
    probs.raise_if_any("cannot compute the cost reduction rate")
    c = _numeric(data, cost, probs, what="costs")
    probs.raise_if_any("cannot compute the cost reduction rate")
    out = _sums(data, by + [period], {"cost": c})
    if by:
        first = out.groupby(by, sort=False)["cost"].transform("first")
    else:
        first = pd.Series(out["cost"].iloc[0], index=out.index)
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
    out["cost_reduction_rate"] = 100 * (out["baseline_cost"] - out["cost"]) / out["baseline_cost"]
    return out


def _mean_table(data, by, *, value=None, mean=None, sd=None, n=None, confidence=0.95, what="data",
                prefix="mean"):
    """Group means with t intervals, from raw values or from per-row (mean, sd, n) summaries."""
    probs = Problems()
    by = _as_list(by)
    cols = [value] if value is not None else [mean, sd, n]
    if value is None and None in (mean, sd, n):
        probs.add("CX001", "columns", "give either the value column or all of the mean, sd and n columns",
                  "pass value=... for raw data, or mean=..., sd=..., n=... for summaries")
        probs.raise_if_any(f"cannot summarise {what}")
    _require_columns(data, cols + by, what=what, probs=probs)
    _check_confidence(confidence, probs)
    probs.raise_if_any(f"cannot summarise {what}")
    keys, codes = _group_codes(data, by)
    ng = len(keys)
    if value is not None:
        x = _numeric(data, value, probs, what=what)
        probs.raise_if_any(f"cannot summarise {what}")
        ok = ~np.isnan(x)
        codes, x = codes[ok], x[ok]
        cnt = _bincount(codes, ng)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = _bincount(codes, ng, x) / cnt
            ss = _bincount(codes, ng, (x - m[codes]) ** 2)
    else:
        mu = _numeric(data, mean, probs, what=what)
        s = _numeric(data, sd, probs, what=what)
        k = _numeric(data, n, probs, what=what)
        probs.raise_if_any(f"cannot summarise {what}")
        # pooled mean and the exact pooled sum of squares around it
        cnt = _bincount(codes, ng, k)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = _bincount(codes, ng, k * mu) / cnt
            ss = _bincount(codes, ng, (k - 1) * s * s + k * (mu - m[codes]) ** 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        sdv = np.sqrt(ss / (cnt - 1))
    out = keys.copy()
    out["n"] = cnt.astype(np.int64)
    out[prefix] = m
    out["sd"] = sdv
    out["ci_low"], out["ci_high"] = _t_interval(m, sdv, cnt, confidence)
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
    return _mean_table(data, by, value=minutes, mean=mean, sd=sd, n=n, confidence=confidence,
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
    return _mean_table(data, by, value=score, mean=mean, sd=sd, n=n, confidence=confidence,
                       what="employee satisfaction", prefix="mean_satisfaction")
