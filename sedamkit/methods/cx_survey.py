"""Survey metrics: NPS (with its normal-approximation interval), CSAT (top-box share, Wilson
interval) and CES (mean with a t interval, share agreeing with a Wilson interval).

Every metric takes a DataFrame of individual answers plus column names and an optional ``by``; it
returns one row per group. See :mod:`sedamkit.methods.cx` for the conventions and error codes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import Problems
from ..core.tables import numeric
from .cx_base import bincount, check_confidence, check_scale, group_codes, keep_valid, prepare
from .statistics import t_interval, wilson_interval, z_value

__all__ = ['nps', 'nps_from_counts', 'csat', 'ces']


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
    probs, by = prepare(data, [score], by, confidence, "NPS data")
    if probs:
        probs.raise_if_any("cannot compute NPS")
    s = numeric(data, score, probs, lo=0, hi=10, what="NPS answers")
    probs.raise_if_any("cannot compute NPS")
    keys, codes = group_codes(data, by)
    ok = ~np.isnan(s)
    return _nps_from_arrays(keys, *keep_valid(codes, s, ok), confidence)


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
    check_confidence(confidence, probs)
    if (prom < 0).any() or (pas < 0).any() or (det < 0).any():
        probs.add("CX002", "counts", "negative counts", "counts must be 0 or more")
    probs.raise_if_any("cannot compute NPS")
    return _nps_table(pd.DataFrame(index=range(len(prom))), prom + pas + det, prom, det, confidence)


def _nps_from_arrays(keys, codes, s, confidence):
    ng = len(keys)
    n = bincount(codes, ng)
    prom = bincount(codes, ng, s >= 9)
    det = bincount(codes, ng, s <= 6)
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
    margin = z_value(confidence) * se
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
    probs, by = prepare(data, [score], by, confidence, "CSAT data")
    lo, hi = check_scale(scale, probs)
    if not (isinstance(top, (int, np.integer)) and 1 <= top <= (hi - lo if hi is not None else 1)):
        probs.add("CX001", "top", f"top must be a whole number from 1 to {hi - lo if hi else '?'}, got {top!r}",
                  "use e.g. top=2 for top-2-box")
    keys, codes, s = _answered(data, score, by, probs, lo, hi, "CSAT")
    return _csat_from_arrays(keys, codes, s, hi - top + 1, confidence)


def _answered(data, score, by, probs, lo, hi, what):
    """Group keys, group codes and scores of the answered rows; raises every problem so far first."""
    probs.raise_if_any(f"cannot compute {what}")
    s = numeric(data, score, probs, lo=lo, hi=hi, what=f"{what} answers")
    probs.raise_if_any(f"cannot compute {what}")
    keys, codes = group_codes(data, by)
    return (keys, *keep_valid(codes, s, ~np.isnan(s)))


def _csat_from_arrays(keys, codes, s, cut, confidence):
    ng = len(keys)
    n = bincount(codes, ng)
    sat = bincount(codes, ng, s >= cut)
    tot = bincount(codes, ng, s)
    out = keys.copy()
    out["n"] = n
    out["satisfied"] = sat.astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["csat"] = 100 * sat / n
        lo_, hi_ = wilson_interval(sat, n, confidence)
        out["ci_low"], out["ci_high"] = 100 * lo_, 100 * hi_
        out["mean"] = tot / n
    return out


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
    probs, by = prepare(data, [score], by, confidence, "CES data")
    lo, hi = check_scale(scale, probs)
    if lo is not None and not (lo < agree_min <= hi):
        probs.add("CX001", "agree_min", f"agree_min {agree_min!r} is not above the lowest point of {scale}",
                  "use a point inside the scale, e.g. 5 on 1–7")
    keys, codes, s = _answered(data, score, by, probs, lo, hi, "CES")
    return _ces_from_arrays(keys, codes, s, agree_min, confidence)


def _ces_from_arrays(keys, codes, s, agree_min, confidence):
    ng = len(keys)
    if len(codes) and codes.min() < 0:                  # rows without a group key are left out once, here
        keep = codes >= 0
        codes, s = codes[keep], s[keep]
    n = np.bincount(codes, minlength=ng)[:ng]
    tot = np.bincount(codes, weights=s, minlength=ng)[:ng]
    # the sum of squares in one pass: answers lie on a short bounded scale (1–7 by default, checked above),
    # so the sums are exact in float64 and Σs² − n·mean² loses nothing to cancellation; this avoids
    # gathering each row's group mean, the costliest step of the two-pass form
    sq = np.bincount(codes, weights=s * s, minlength=ng)[:ng]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = tot / n
        ss = np.maximum(sq - tot * mean, 0.0)
        sd = np.sqrt(ss / (n - 1))
    agree = np.bincount(codes, weights=s >= agree_min, minlength=ng)[:ng]
    out = keys.copy()
    out["n"] = n
    out["mean"] = mean
    out["sd"] = sd
    out["mean_ci_low"], out["mean_ci_high"] = t_interval(mean, sd, n, confidence)
    out["agree"] = agree.astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["pct_agree"] = 100 * agree / n
        lo_, hi_ = wilson_interval(agree, n, confidence)
    out["agree_ci_low"], out["agree_ci_high"] = 100 * lo_, 100 * hi_
    return out
