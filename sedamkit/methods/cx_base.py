"""Grouping and parameter checks shared by the customer-metric modules (:mod:`.cx_survey`,
:mod:`.cx_reliability`, :mod:`.cx_ipa`, :mod:`.cx_kpi`).

Groups are computed in linear time: each ``by`` column is factorized once and the codes are
combined; per-group sums are :func:`numpy.bincount` calls.

>>> import pandas as pd
>>> keys, codes = group_codes(pd.DataFrame({"q": ["b", "a", "b"]}), ["q"])
>>> keys["q"].tolist(), codes.tolist()
(['a', 'b'], [1, 0, 1])
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import Problems
from ..core.tables import as_list, require_columns

__all__ = ["check_confidence", "check_scale", "group_codes", "keep_valid", "bincount", "prepare"]


def check_confidence(confidence, probs):
    """CX001 unless ``confidence`` lies strictly between 0 and 1."""
    if not (isinstance(confidence, (int, float)) and 0 < confidence < 1):
        probs.add("CX001", "confidence", f"confidence must be between 0 and 1, got {confidence!r}",
                  "use e.g. 0.95")


def group_codes(data, by):
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


def keep_valid(codes, s, ok):
    """``(codes, s)`` restricted to the rows where ``ok`` holds."""
    return (codes, s) if ok.all() else (codes[ok], s[ok])


def bincount(codes, ng, weights=None):
    """Per-group counts (or sums of ``weights``) for ``ng`` groups; rows with code −1 are left out."""
    if len(codes) and codes.min() < 0:                  # rows whose group key is missing
        keep = codes >= 0
        codes = codes[keep]
        weights = None if weights is None else np.asarray(weights)[keep]
    return np.bincount(codes, weights=weights, minlength=ng)[:ng]


def check_scale(scale, probs):
    """``(lowest, highest)`` of a scale, or CX001 and ``(None, None)``."""
    try:
        lo, hi = scale
        if not (lo < hi):
            raise ValueError
        return lo, hi
    except (TypeError, ValueError):
        probs.add("CX001", "scale", f"scale must be (lowest, highest) with lowest < highest, got {scale!r}",
                  "use e.g. scale=(1, 5)")
        return None, None


def prepare(data, columns, by, confidence, what):
    """(problems, by as a list) after checking the columns and the confidence level."""
    probs = Problems()
    by = as_list(by)
    require_columns(data, list(columns) + by, what=what, probs=probs)
    if not probs:
        check_confidence(confidence, probs)
    return probs, by
