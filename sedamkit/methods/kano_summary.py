"""Kano results per feature: category counts, the summary (mode, M > O > A > I rule, Better/Worse,
significance), summaries from counts and the continuous analysis. See :mod:`sedamkit.methods.kano`."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import Problems
from ..core.tables import as_list, numeric, require_columns, rows_text
from .kano_classify import CATEGORIES, DYSFUNCTIONAL_SCORES, FUNCTIONAL_SCORES, PRIORITY, answer_codes

__all__ = ["count_categories", "summary", "summary_from_counts", "continuous"]

def _feature_groups(frame, keys):
    """(group key frame in order of first appearance / category order, code per row)."""
    if len(keys) == 1:
        col = frame[keys[0]]
        if isinstance(col.dtype, pd.CategoricalDtype):
            codes = col.cat.codes.to_numpy()
            ncat = len(col.cat.categories)
            has_missing = len(codes) and codes.min() < 0
            used = np.bincount(codes[codes >= 0] if has_missing else codes, minlength=ncat) > 0
            if not used.all() or has_missing:
                remap = np.where(used, np.cumsum(used) - 1, -1)
                codes = np.where(codes >= 0, remap[codes], -1)
            return pd.DataFrame({keys[0]: col.cat.categories[used]}), codes
        codes, uniques = pd.factorize(col, sort=False)
        return pd.DataFrame({keys[0]: uniques}), codes
    mi = pd.MultiIndex.from_frame(frame[keys])
    codes, uniques = pd.factorize(mi, sort=False)
    k = uniques.to_frame(index=False)
    k.columns = keys
    return k, codes


def count_categories(categories, *, feature="feature", category="category", by=None):
    """Count the categories per feature (and per ``by`` group).

    Parameters
    ----------
    categories : pandas.DataFrame
        One row per respondent and feature, e.g. from :func:`classify_survey`.
    feature, category : str
        Column names.
    by : str or list of str, optional
        Further group columns (e.g. ``"region"``); they come first in the output.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``feature``, then ``A``, ``O``, ``M``, ``I``, ``R``,
        ``Q`` (counts) and ``n`` (their total; missing categories not counted).
    """
    by = as_list(by)
    require_columns(categories, by + [feature, category], what="the Kano categories")
    keys, codes = _feature_groups(categories, by + [feature])
    cat = categories[category]
    if isinstance(cat.dtype, pd.CategoricalDtype) and list(cat.cat.categories) == list(CATEGORIES):
        ccode = cat.cat.codes.to_numpy()
    else:
        lookup = {c: i for i, c in enumerate(CATEGORIES)}
        ccode = cat.map(lookup).fillna(-1).to_numpy().astype(np.int64)
    ng = len(keys)
    flat = codes.astype(np.intp)                         # codes may be int8: widen before multiplying
    flat *= 6                                            # in place: no second 8-byte copy of every row
    flat += ccode
    ok = (ccode >= 0) & (codes >= 0)
    tally = np.bincount(flat if ok.all() else flat[ok], minlength=ng * 6)[: ng * 6].reshape(ng, 6)
    out = keys.rename(columns={feature: "feature"}).copy()
    for j, c in enumerate(CATEGORIES):
        out[c] = tally[:, j]
    out["n"] = tally.sum(axis=1)
    return out


def summary(categories, *, feature="feature", category="category", importance=None, by=None, tie_margin=0.06):
    """One row per feature: counts, the category, Better/Worse, strengths and Fong's test.

    Parameters
    ----------
    categories : pandas.DataFrame
        One row per respondent and feature (from :func:`classify_survey`).
    feature, category : str
        Column names.
    importance : str, optional
        Column with self-stated importance; its mean is reported. Defaults to
        ``"importance"`` when that column exists.
    by : str or list of str, optional
        Further group columns (e.g. ``"region"``).
    tie_margin : float
        Margin (share of ``n``) within which the M > O > A > I rule decides
        between the two most frequent categories (default 0.06, six points).

    Returns
    -------
    pandas.DataFrame
        See :func:`summary_from_counts`, plus ``importance`` (mean) when given.

    Examples
    --------
    >>> import pandas as pd
    >>> cats = pd.DataFrame({"feature": ["x"] * 10, "category": list("AAAAOOOMMI")})
    >>> summary(cats)[["feature", "mode", "category", "better", "worse", "total_strength"]]
      feature mode category  better  worse  total_strength
    0       x    A        A     0.7   -0.5             0.9
    """
    if importance is None and isinstance(categories, pd.DataFrame) and "importance" in categories.columns:
        importance = "importance"
    counts = count_categories(categories, feature=feature, category=category, by=by)
    out = summary_from_counts(counts, tie_margin=tie_margin)
    if importance is not None:
        require_columns(categories, [importance], what="the Kano categories")
        keys, codes = _feature_groups(categories, as_list(by) + [feature])
        iprobs = Problems()  # "3 - Somewhat important" reads as 3; text with no number is DATA002
        vals = numeric(categories, importance, iprobs, what="Kano importance")
        iprobs.raise_if_any("the Kano importance cannot be read")
        ok = ~np.isnan(vals) & (codes >= 0)
        ng = len(keys)
        with np.errstate(invalid="ignore", divide="ignore"):
            out["importance"] = np.bincount(codes[ok], vals[ok], ng)[:ng] / np.bincount(codes[ok], None, ng)[:ng]
    return out


def summary_from_counts(counts, *, feature="feature", tie_margin=0.06, file=None):
    """Kano summary from a table of category counts (one row per feature).

    Parameters
    ----------
    counts : pandas.DataFrame
        Columns ``A``, ``O``, ``M``, ``I`` (``R`` and ``Q`` optional, taken as 0)
        and a feature column; any other columns (e.g. a region) are kept in front.
    feature : str
        The feature column (renamed ``feature`` in the output).
    tie_margin : float
        See :func:`summary`.
    file : str, optional
        Name used in error messages.

    Returns
    -------
    pandas.DataFrame
        Any extra input columns, then

        * ``feature``;
        * ``A``, ``O``, ``M``, ``I``, ``R``, ``Q`` – counts; ``n`` – their total;
        * ``mode`` – the most frequent category (ties go to the one first in
          M, O, A, I, R, Q);
        * ``category`` – the category to use: the mode, unless the two most
          frequent categories are within ``tie_margin``·n of each other, in which
          case the one ranking first in M > O > A > I wins (a must-be that is
          missed hurts more than an attractive that is absent);
        * ``total_strength`` – (A + O + M) / n, the share for whom the feature
          matters at all;
        * ``category_strength`` – (first − second largest count) / n;
        * ``better`` – (A + O) / (A + O + M + I), 0 to 1: how much satisfaction
          rises when the feature is there;
        * ``worse`` – −(O + M) / (A + O + M + I), −1 to 0: how much it falls
          when it is missing;
        * ``fong_diff`` – a − b, the two largest counts;
        * ``fong_critical`` – 1.65·√((a + b)(2n − a − b) / (2n));
        * ``fong_significant`` – True when ``fong_diff`` ≥ ``fong_critical``,
          i.e. the leading category is a real majority, not noise (Fong 1996).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"feature": ["Service app"], "M": [95], "O": [123], "A": [45], "I": [33]})
    >>> r = summary_from_counts(c).iloc[0]
    >>> r["category"], round(float(r["better"]), 3), round(float(r["worse"]), 3), round(float(r["fong_critical"]), 1)
    ('O', 0.568, -0.736, 19.4)
    """
    probs = Problems(file)
    require_columns(counts, [feature, "A", "O", "M", "I"], what="the Kano counts table", probs=probs)
    probs.raise_if_any("the Kano counts cannot be summarised")
    c = np.column_stack([pd.to_numeric(counts[k], errors="coerce").to_numpy(float) if k in counts.columns
                         else np.zeros(len(counts)) for k in CATEGORIES])
    bad_rows = np.isnan(c).any(axis=1) | (c < 0).any(axis=1)
    if bad_rows.any():
        probs.add("KANO006", rows_text(counts.index[bad_rows]), "counts are missing or negative",
                  "give whole numbers ≥ 0 in the columns A, O, M, I, R, Q")
    n = c.sum(axis=1)
    empty = (n == 0) & ~bad_rows
    if empty.any():
        probs.add("KANO006", rows_text(counts.index[empty]), "a feature has no answers",
                  "leave the feature out or add its counts")
    probs.raise_if_any("the Kano counts cannot be summarised")
    a_, o_, m_, i_ = c[:, 0], c[:, 1], c[:, 2], c[:, 3]
    # order categories by count, ties by priority M, O, A, I, R, Q
    prio = np.array([PRIORITY.index(k) for k in CATEGORIES])            # rank of each column
    order = np.lexsort((np.broadcast_to(prio, c.shape), -c))          # per row, last key first
    first, second = order[:, 0], order[:, 1]
    rows = np.arange(len(c))
    top1, top2 = c[rows, first], c[rows, second]
    close = (top1 - top2) <= tie_margin * n + 1e-9
    rule = np.where(close & (prio[second] < prio[first]), second, first)
    base = a_ + o_ + m_ + i_
    extra = [col for col in counts.columns if col not in (feature, *CATEGORIES, "n")]
    out = counts[extra].reset_index(drop=True).copy()
    out["feature"] = counts[feature].to_numpy()
    for j, k in enumerate(CATEGORIES):
        col = c[:, j]
        out[k] = col.astype(np.int64) if np.all(col == np.round(col)) else col
    out["n"] = n.astype(np.int64) if np.all(n == np.round(n)) else n
    cats = np.array(CATEGORIES)
    out["mode"] = cats[first]
    out["category"] = cats[rule]
    out["total_strength"] = (a_ + o_ + m_) / n
    out["category_strength"] = (top1 - top2) / n
    with np.errstate(invalid="ignore", divide="ignore"):
        out["better"] = (a_ + o_) / base
        out["worse"] = -(o_ + m_) / base
    out["fong_diff"] = top1 - top2
    out["fong_critical"] = 1.65 * np.sqrt((top1 + top2) * (2 * n - top1 - top2) / (2 * n))
    out["fong_significant"] = out["fong_diff"] >= out["fong_critical"]
    return out


def continuous(data, *, feature="feature", functional="functional", dysfunctional="dysfunctional",
               importance=None, by=None, mapping=None):
    """Continuous Kano analysis: mean functional and dysfunctional scores per feature.

    Answers are scored (functional: like 4, must-be 2, neutral 0, live with −1,
    dislike −2; dysfunctional: like −2, must-be −1, neutral 0, live with 2,
    dislike 4), so a feature sits in a plane where up means "pleases when
    present" and right means "hurts when absent". The quadrant split at 2
    gives a category: both ≥ 2 one-dimensional (O), only functional ≥ 2
    attractive (A), only dysfunctional ≥ 2 must-be (M), neither indifferent (I).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent and feature with answer codes or wordings, e.g.
        the output of :func:`classify_survey`.
    feature, functional, dysfunctional : str
        Column names.
    importance : str, optional
        Importance column (default ``"importance"`` when present).
    by : str or list of str, optional
    mapping : dict, optional
        Extra answer wordings.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``feature``, ``n`` (pairs with both answers),
        ``functional_mean``, ``functional_sd``, ``dysfunctional_mean``,
        ``dysfunctional_sd``, ``category`` (quadrant) and ``importance`` (mean,
        when given).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"feature": ["x", "x"], "functional": [1, 2], "dysfunctional": [5, 5]})
    >>> continuous(df)[["feature", "n", "functional_mean", "dysfunctional_mean", "category"]]
      feature  n  functional_mean  dysfunctional_mean category
    0       x  2              3.0                 4.0        O
    """
    by = as_list(by)
    if importance is None and isinstance(data, pd.DataFrame) and "importance" in data.columns:
        importance = "importance"
    probs = Problems()
    require_columns(data, by + [feature, functional, dysfunctional, importance], what="the Kano answers",
                     probs=probs)
    probs.raise_if_any("cannot run the continuous analysis")
    f = answer_codes(data[functional], mapping=mapping, column=functional, probs=probs)
    d = answer_codes(data[dysfunctional], mapping=mapping, column=dysfunctional, probs=probs)
    probs.raise_if_any("cannot run the continuous analysis")
    keys, codes = _feature_groups(data, by + [feature])
    ok = (f > 0) & (d > 0) & (codes >= 0)
    fs, ds, g = FUNCTIONAL_SCORES[f[ok]], DYSFUNCTIONAL_SCORES[d[ok]], codes[ok]
    ng = len(keys)
    n = np.bincount(g, minlength=ng)[:ng]

    def mean_sd(x):
        with np.errstate(invalid="ignore", divide="ignore"):
            m = np.bincount(g, x, ng)[:ng] / n
            sd = np.sqrt(np.bincount(g, (x - m[g]) ** 2, ng)[:ng] / (n - 1))
        return m, sd

    out = keys.rename(columns={feature: "feature"}).copy()
    out["n"] = n
    out["functional_mean"], out["functional_sd"] = mean_sd(fs)
    out["dysfunctional_mean"], out["dysfunctional_sd"] = mean_sd(ds)
    fm, dm = out["functional_mean"].to_numpy(), out["dysfunctional_mean"].to_numpy()
    cat = np.where(fm >= 2, np.where(dm >= 2, "O", "A"), np.where(dm >= 2, "M", "I"))
    out["category"] = np.where(np.isnan(fm), None, cat)
    if importance is not None:
        vals = numeric(data, importance, probs, what="Kano importance")  # labels read, never dropped
        probs.raise_if_any("cannot run the continuous analysis")
        okv = ~np.isnan(vals) & (codes >= 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out["importance"] = (np.bincount(codes[okv], vals[okv], ng)[:ng]
                                 / np.bincount(codes[okv], None, ng)[:ng])
    return out
