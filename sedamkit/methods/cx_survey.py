"""Survey metrics: NPS (with its normal-approximation interval), CSAT (top-box share, Wilson
interval) and CES (mean with a t interval, share agreeing with a Wilson interval).

Every metric takes a DataFrame of individual answers plus column names and an optional ``by``; it
returns one row per group. See :mod:`sedamkit.methods.cx` for the conventions and error codes.
:func:`survey_metrics` gives the three for one table with its groups combined once (stage 04 uses it).

Whole-number answers on a scale from 0 up (the usual case) are counted per group and answer value with
one integer bincount (:class:`~sedamkit.methods.cx_base.Tally`), and every output is derived from
those exact counts; answers with decimals take the general path of float-weighted bincounts. Both give
the same numbers (``tests/test_cx_tally.py``).
"""
from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np
import pandas as pd

from ..core.errors import Problems
from ..core.tables import numeric
from .cx_base import Tally, bincount, check_confidence, check_scale, group_codes, keep_valid, prepare
from .statistics import t_interval, wilson_interval, z_value

__all__ = ['nps', 'nps_from_counts', 'csat', 'ces', 'survey_metrics']


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
    probs.raise_if_any("cannot compute NPS")
    return _metrics(data, by, [_nps_job(score)], confidence)["nps"]


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


def _nps_from_histogram(keys, h, confidence):
    n = h[:, :-1].sum(axis=1)
    return _nps_table(keys, n, h[:, 9:11].sum(axis=1), h[:, :7].sum(axis=1), confidence)


def _nps_job(score):
    return _Job("nps", score, 0, 10, "NPS", _nps_from_histogram, _nps_from_arrays)


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
    probs.raise_if_any("cannot compute CSAT")
    return _metrics(data, by, [_csat_job(score, lo, hi, hi - top + 1)], confidence)["csat"]


def _csat_from_arrays(keys, codes, s, cut, confidence):
    ng = len(keys)
    return _csat_table(keys, bincount(codes, ng), bincount(codes, ng, s >= cut), bincount(codes, ng, s), confidence)


def _csat_job(score, lo, hi, cut):
    def from_histogram(keys, h, confidence):
        answers = h[:, :-1]
        return _csat_table(keys, answers.sum(axis=1), _at_least(answers, cut), _moment(answers, 1), confidence)

    return _Job("csat", score, lo, hi, "CSAT", from_histogram,
                lambda keys, codes, s, confidence: _csat_from_arrays(keys, codes, s, cut, confidence))


def _csat_table(keys, n, sat, tot, confidence):
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
    probs.raise_if_any("cannot compute CES")
    return _metrics(data, by, [_ces_job(score, lo, hi, agree_min)], confidence)["ces"]


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
    agree = np.bincount(codes, weights=s >= agree_min, minlength=ng)[:ng]
    return _ces_table(keys, n, tot, sq, agree, confidence)


def _ces_job(score, lo, hi, agree_min):
    def from_histogram(keys, h, confidence):
        answers = h[:, :-1]
        return _ces_table(keys, answers.sum(axis=1), _moment(answers, 1), _moment(answers, 2),
                          _at_least(answers, agree_min), confidence)

    return _Job("ces", score, lo, hi, "CES", from_histogram,
                lambda keys, codes, s, confidence: _ces_from_arrays(keys, codes, s, agree_min, confidence))


def _ces_table(keys, n, tot, sq, agree, confidence):
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = tot / n
        ss = np.maximum(sq - tot * mean, 0.0)
        sd = np.sqrt(ss / (n - 1))
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


def survey_metrics(data, *, nps="nps", csat="csat", ces="ces", by=None, csat_scale=(1, 5), csat_top=2,
                   ces_scale=(1, 7), agree_min=5, confidence=0.95):
    """NPS, CSAT and CES of one table in one pass over its groups: what :func:`nps`, :func:`csat`
    and :func:`ces` return, with the group keys combined once for the three.

    Whole-number answers (the usual case) are counted per group and answer value with one integer
    :func:`numpy.bincount` per metric, and every count, share, mean and standard deviation is
    derived from those counts — exact, so the numbers equal those of the separate functions (and
    of a plain pandas ``groupby``). Answers with decimals take the general path.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per answer.
    nps, csat, ces : str or None
        The answer columns; None leaves that metric out.
    by : str or list of str, optional
        Group columns.
    csat_scale, csat_top
        ``scale`` and ``top`` of :func:`csat`.
    ces_scale, agree_min
        ``scale`` and ``agree_min`` of :func:`ces`.
    confidence : float

    Returns
    -------
    dict
        ``{"nps": …, "csat": …, "ces": …}`` (the metrics asked for), each the frame the separate
        function returns, with its columns.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"q": ["A", "A", "B"], "nps": [10, 3, 9], "csat": [5, 2, 4], "ces": [7, 6, 2]})
    >>> r = survey_metrics(df, by="q")
    >>> r["nps"][["q", "n", "nps"]]
       q  n    nps
    0  A  2    0.0
    1  B  1  100.0
    >>> r["csat"]["csat"].tolist(), r["ces"]["mean"].tolist()
    ([50.0, 100.0], [6.5, 2.0])
    """
    columns = [c for c in (nps, csat, ces) if c is not None]
    probs, by = prepare(data, columns, by, confidence, "survey data")
    jobs = []
    if nps is not None:
        jobs.append(_nps_job(nps))
    if csat is not None:
        lo, hi = check_scale(csat_scale, probs)
        if not (isinstance(csat_top, (int, np.integer)) and 1 <= csat_top <= (hi - lo if hi is not None else 1)):
            probs.add("CX001", "csat_top", f"csat_top must be a whole number from 1 to "
                      f"{hi - lo if hi else '?'}, got {csat_top!r}", "use e.g. csat_top=2 for top-2-box")
        elif lo is not None:
            jobs.append(_csat_job(csat, lo, hi, hi - csat_top + 1))
    if ces is not None:
        lo, hi = check_scale(ces_scale, probs)
        if lo is not None and not (lo < agree_min <= hi):
            probs.add("CX001", "agree_min", f"agree_min {agree_min!r} is not above the lowest point of {ces_scale}",
                      "use a point inside the scale, e.g. 5 on 1–7")
        elif lo is not None:
            jobs.append(_ces_job(ces, lo, hi, agree_min))
    probs.raise_if_any("cannot compute the survey metrics")
    return _metrics(data, by, jobs, confidence)


# ---------------------------------------------------------------------------------------------- shared path
class _Job(NamedTuple):
    """One metric to compute: its name, answer column, scale and the two ways to finish it."""
    name: str
    column: str
    lo: float
    hi: float
    what: str
    from_histogram: Callable     # (keys, counts per group and answer value, confidence) -> frame
    from_arrays: Callable        # (keys, group codes, answers, confidence) -> frame


#: The highest scale point still counted per answer value (a wider scale takes the general path).
_TALLY_MAX = 1000


def _whole_scale(lo, hi) -> bool:
    try:
        return float(lo).is_integer() and float(hi).is_integer() and 0 <= lo and hi <= _TALLY_MAX
    except (TypeError, ValueError):
        return False


def _whole_answers(data, job, missing_code, probs):
    """``(values, answers)``: the answers as whole numbers with ``missing_code`` for a missing one, or
    None when one has decimals; ``answers`` is the float column when it had to be read (None for
    an integer column inside the scale, used as it is: no float copy). Raises DATA002 problems."""
    raw = data[job.column]
    if isinstance(raw.dtype, np.dtype) and raw.dtype.kind in "iu":
        v = raw.to_numpy()
        if not len(v) or (v.min() >= job.lo and v.max() <= job.hi):
            return v, None
    s = numeric(data, job.column, probs, lo=job.lo, hi=job.hi, what=f"{job.what} answers")
    probs.raise_if_any(f"cannot compute {job.what}")
    filled = np.where(np.isnan(s), missing_code, s)
    v = filled.astype(np.intp)
    return (v if np.array_equal(v, filled) else None), s


def _metrics(data, by, jobs, confidence) -> dict:
    """``{job name: frame}``: counted per answer value when the answers are whole (:class:`Tally`, the
    groups combined once for every job), else by the general float path (group codes made once)."""
    whole = [_whole_scale(j.lo, j.hi) for j in jobs]
    width = max((int(j.hi) for j, w in zip(jobs, whole) if w), default=0) + 2
    tally, grouped, out = None, None, {}
    for job, w in zip(jobs, whole):
        probs = Problems()
        values, s = _whole_answers(data, job, width - 1, probs) if w else (None, None)
        if values is not None:
            tally = tally or Tally(data, by, width)
            h = tally.histogram(values)
            keys, used = tally.groups(h)
            out[job.name] = job.from_histogram(keys, h[used], confidence)
            continue
        if s is None:
            s = numeric(data, job.column, probs, lo=job.lo, hi=job.hi, what=f"{job.what} answers")
            probs.raise_if_any(f"cannot compute {job.what}")
        grouped = grouped or group_codes(data, by)
        out[job.name] = job.from_arrays(grouped[0], *keep_valid(grouped[1], s, ~np.isnan(s)), confidence)
    return out


def _at_least(answers, cut):
    """Per group, the answers of ``cut`` or more (float, as a weighted bincount gives it)."""
    return answers[:, max(int(np.ceil(cut)), 0):].sum(axis=1).astype(float)


def _moment(answers, k):
    """Per group, the sum of the answers to the power ``k`` (exact integers, as float)."""
    return (answers @ (np.arange(answers.shape[1], dtype=np.int64) ** k)).astype(float)
