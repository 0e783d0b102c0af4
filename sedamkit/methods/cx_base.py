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

__all__ = ["check_confidence", "check_scale", "group_codes", "keep_valid", "bincount", "prepare", "Tally"]


def check_confidence(confidence, probs):
    """CX001 unless ``confidence`` lies strictly between 0 and 1."""
    if not (isinstance(confidence, (int, float)) and 0 < confidence < 1):
        probs.add("CX001", "confidence", f"confidence must be between 0 and 1, got {confidence!r}",
                  "use e.g. 0.95")


def _factorized(data, by):
    """(codes per ``by`` column, their unique values, their sizes); a missing key has code −1."""
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
    return codes_list, uniques_list, [max(len(u), 1) for u in uniques_list]


def _missing_key(codes_list, n):
    """Rows with a missing key in any ``by`` column (None when there is none)."""
    if not any(len(c) and c.min() < 0 for c in codes_list):
        return None
    missing = np.zeros(n, bool)
    for c in codes_list:
        missing |= c < 0
    return missing


def _keys(by, uniques_list, sizes, used):
    """The group frame of the used cells of the key product, sorted by key."""
    idx = np.unravel_index(np.flatnonzero(used), sizes)
    keys = pd.DataFrame({col: u.take(i) for col, u, i in zip(by, uniques_list, idx)})
    return keys.reset_index(drop=True)


def group_codes(data, by):
    """(group frame, integer code per row) for the ``by`` columns (one group if by is empty).

    Groups are sorted by their keys; rows with a missing key get code −1 and are left out
    (as pandas' groupby does). Linear time: each column is factorized once and the codes combined.
    """
    if not by:
        return pd.DataFrame(index=[0]), np.zeros(len(data), dtype=np.intp)
    codes_list, uniques_list, sizes = _factorized(data, by)
    missing = _missing_key(codes_list, len(data))
    combined = np.zeros(len(data), dtype=np.intp)
    for c, size in zip(codes_list, sizes):
        combined *= size
        combined += c if missing is None else np.where(missing, 0, c)
    used = np.bincount(combined if missing is None else combined[~missing], minlength=int(np.prod(sizes))) > 0
    if used.all() and missing is None:
        codes = combined
    else:
        remap = np.cumsum(used) - 1
        codes = np.where(missing, -1, remap[combined]) if missing is not None else remap[combined]
    return _keys(by, uniques_list, sizes, used), codes


class Tally:
    """Per-group histograms of small whole-number answers, the groups built once for several columns.

    ``Tally(data, by, width)`` combines the ``by`` codes into one base code per row,
    ``(cell of the key product) · width``, with rows of a missing key sent to one extra cell that
    is dropped. :meth:`histogram` then counts ``base + answer`` with a single integer
    :func:`numpy.bincount` — no float weights, no copy of the column beyond that sum — and returns
    one row per cell of the key product and one column per answer value ``0 … width − 2``; the
    last column counts missing answers. :meth:`groups` gives the group frame and the cells used
    (a cell is used when it has a row, answered or not), the same groups as :func:`group_codes`.

    >>> import pandas as pd
    >>> t = Tally(pd.DataFrame({"q": ["b", "a", "b"]}), ["q"], width=4)
    >>> t.histogram(np.array([2, 0, 2], dtype=np.int8)).tolist()
    [[1, 0, 0, 0], [0, 0, 2, 0]]
    >>> keys, used = t.groups(t.histogram(np.array([2, 0, 2])))
    >>> keys["q"].tolist(), used.tolist()
    (['a', 'b'], [True, True])
    """

    def __init__(self, data, by, width):
        self.by, self.width = list(by), int(width)
        if not self.by:
            self.uniques, self.sizes, self.cells = [], [], 1
            self.base = np.zeros(len(data), dtype=np.intp)
            return
        codes_list, self.uniques, self.sizes = _factorized(data, self.by)
        self.cells = int(np.prod(self.sizes))
        missing = _missing_key(codes_list, len(data))
        base = codes_list[0].astype(np.intp)
        for c, size in zip(codes_list[1:], self.sizes[1:]):
            base *= size
            base += c
        base *= self.width
        if missing is not None:
            base[missing] = self.cells * self.width         # the dropped extra cell
        self.base = base

    def histogram(self, values):
        """Counts per (cell, value) of whole ``values`` in ``0 … width − 2`` (``width − 1``: missing)."""
        key = np.add(self.base, values, dtype=np.intp)
        counts = np.bincount(key, minlength=(self.cells + 1) * self.width)
        return counts[: self.cells * self.width].reshape(self.cells, self.width)

    def groups(self, histogram):
        """(group frame, used cells): every cell with a row when grouped; the one group otherwise."""
        if not self.by:
            return pd.DataFrame(index=[0]), np.ones(1, bool)
        used = histogram.sum(axis=1) > 0
        return _keys(self.by, self.uniques, self.sizes, used), used


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
