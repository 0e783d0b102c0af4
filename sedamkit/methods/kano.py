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

import re

import numpy as np
import pandas as pd

from ..core.tables import as_list, require_columns, rows_text
from ..core.errors import Problems

__all__ = [
    "CATEGORIES", "CATEGORY_NAMES", "ANSWERS", "WORDINGS", "TABLES", "FUNCTIONAL_SCORES",
    "DYSFUNCTIONAL_SCORES", "answer_codes", "classify", "classify_survey", "count_categories", "summary",
    "summary_from_counts", "continuous", "plot_better_worse", "plot_continuous",
]

#: Category letters, in the order used for codes and columns.
CATEGORIES = ("A", "O", "M", "I", "R", "Q")
#: Long names of the categories.
CATEGORY_NAMES = {"A": "attractive", "O": "one-dimensional", "M": "must-be", "I": "indifferent",
                  "R": "reverse", "Q": "questionable"}
#: Answer names by code.
ANSWERS = {1: "like", 2: "must-be", 3: "neutral", 4: "live with", 5: "dislike"}
#: Priority used to break ties and for the M > O > A > I rule (R and Q come last).
PRIORITY = ("M", "O", "A", "I", "R", "Q")

_NAME_TO_CODE = {"like": 1, "must-be": 2, "must be": 2, "expect": 2, "neutral": 3, "live with": 4,
                 "live-with": 4, "tolerate": 4, "dislike": 5}

#: Known wordings (normalised: lower case, straight apostrophes, no final full stop) → answer code.
WORDINGS = {
    # 1 like
    "i like it": 1, "like": 1, "i like it that way": 1, "i would like it": 1, "i'd like it": 1,
    "i really like it": 1, "i would enjoy it": 1, "i enjoy it": 1, "it pleases me": 1,
    "it would please me": 1, "i would be pleased": 1, "i am delighted": 1, "delighted": 1, "satisfied": 1,
    # 2 must-be / expect
    "i expect it": 2, "expect": 2, "expect it": 2, "i expect it that way": 2, "i expect it to be that way": 2,
    "it must be that way": 2, "it must be": 2, "must be": 2, "must-be": 2, "it should be that way": 2,
    "i take it for granted": 2, "it's a basic necessity": 2, "it is a basic necessity": 2,
    "it's a must": 2, "it is a must": 2, "i expect it to be there": 2,
    # 3 neutral
    "i am neutral": 3, "i'm neutral": 3, "neutral": 3, "i don't care": 3, "i do not care": 3,
    "it doesn't matter": 3, "it does not matter": 3, "it doesn't matter to me": 3, "indifferent": 3,
    "i am indifferent": 3, "i'm indifferent": 3, "no feeling": 3, "i feel neutral": 3,
    # 4 live with
    "i can live with it": 4, "live with": 4, "live with it": 4, "i can live with it that way": 4,
    "i can tolerate it": 4, "tolerate": 4, "tolerate it": 4, "i can accept it": 4, "i can put up with it": 4,
    "i can live with that": 4, "i could live with it": 4,
    # 5 dislike
    "i dislike it": 5, "dislike": 5, "i dislike it that way": 5, "i don't like it": 5, "i do not like it": 5,
    "i hate it": 5, "i can't accept it": 5, "i cannot accept it": 5, "i can not accept it": 5,
    "i would dislike it": 5, "it bothers me": 5, "dissatisfied": 5, "i can't live with it": 5,
    "i cannot live with it": 5,
}

_Q, _A, _O, _M, _I, _R = 5, 0, 1, 2, 3, 4
_STANDARD = np.array([
    # dys: -   1   2   3   4   5
    [-1, -1, -1, -1, -1, -1],        # functional missing
    [-1, _Q, _A, _A, _A, _O],        # 1 like
    [-1, _R, _I, _I, _I, _M],        # 2 must-be
    [-1, _R, _I, _I, _I, _M],        # 3 neutral
    [-1, _R, _I, _I, _I, _M],        # 4 live with
    [-1, _R, _R, _R, _R, _Q],        # 5 dislike
], dtype=np.int8)
_POULIOT = _STANDARD.copy()
_POULIOT[2, 2] = _Q
_POULIOT[4, 4] = _Q
_STANDARD.setflags(write=False)
_POULIOT.setflags(write=False)
#: Evaluation tables as 6×6 arrays of category codes (index 0 = missing answer, −1 = no category).
TABLES = {"standard": _STANDARD, "pouliot": _POULIOT}

#: Scores of the continuous analysis, by answer code 1–5 (index 0 is a missing answer).
FUNCTIONAL_SCORES = np.array([np.nan, 4, 2, 0, -1, -2])
DYSFUNCTIONAL_SCORES = np.array([np.nan, -2, -1, 0, 2, 4])

_CAT_DTYPE = pd.CategoricalDtype(list(CATEGORIES))


def _normalise(text: str) -> str:
    t = str(text).replace("\u2019", "'").replace("\u2018", "'").strip().lower()
    t = re.sub(r"\s+", " ", t)
    return t.rstrip(".!").strip()


def _build_mapping(mapping):
    table = dict(WORDINGS)
    if mapping:
        for k, v in mapping.items():
            if isinstance(v, str):
                v = _NAME_TO_CODE.get(_normalise(v), WORDINGS.get(_normalise(v)))
            table[_normalise(k)] = v
    return table


def answer_codes(values, *, mapping=None, column=None, file=None, probs=None):
    """Turn answers (codes 1–5 or wordings) into an int8 array of codes, 0 for a missing answer.

    Parameters
    ----------
    values : array-like or pandas.Series
        Answers: numbers 1–5 (0 or NaN for no answer), or text in any known wording (see :data:`WORDINGS`;
        case, curly apostrophes and a final full stop do not matter).
    mapping : dict, optional
        Extra wordings, ``{"I love it": "like"}`` or ``{"I love it": 1}``; added to
        (and overriding) the known ones. Values are codes 1–5 or answer names
        (like, must-be, neutral, live with, dislike).
    column : str, optional
        Column name used in error messages.
    file : str, optional
        File name used in error messages.
    probs : sedamkit.core.errors.Problems, optional
        Collect problems here instead of raising.

    Returns
    -------
    numpy.ndarray of int8

    Raises
    ------
    SedamError
        KANO001 for an unknown wording, KANO002 for a number outside 1–5 (one
        problem per distinct bad value, naming the column and rows).

    Examples
    --------
    >>> answer_codes(["I like it", "It must be that way.", "i can TOLERATE it", None, 5]).tolist()
    [1, 2, 4, 0, 5]
    >>> answer_codes(["I love it"], mapping={"I love it": "like"}).tolist()
    [1]
    """
    own = probs is None
    probs = Problems(file) if own else probs
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    column = column if column is not None else (s.name if s.name is not None else "answers")
    index = s.index
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        arr = s.to_numpy(dtype=float, na_value=np.nan)
        miss = np.isnan(arr) | (arr == 0)           # 0 is this module's own code for "no answer"
        bad = ~miss & ~np.isin(arr, (1, 2, 3, 4, 5))
        if bad.any():
            probs.add("KANO002", f"column '{column}', {rows_text(index[bad])}",
                      f"answer {arr[bad][0]:g} is not a Kano answer code ({_n_rows(int(bad.sum()))})",
                      "use 1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike")
        out = np.where(miss | bad, 0, arr).astype(np.int8)
    else:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        table = _build_mapping(mapping)
        ucode = np.zeros(len(uniques), dtype=np.int8)
        for j, u in enumerate(uniques):
            code = None
            if isinstance(u, (int, float, np.integer, np.floating)) and not isinstance(u, bool):
                code = int(u) if float(u) in (1, 2, 3, 4, 5) else None
                kind = "KANO002"
            else:
                key = _normalise(u)
                code = int(key) if key in ("1", "2", "3", "4", "5") else table.get(key)
                kind = "KANO001"
            if code is None or not 1 <= code <= 5:
                rows = index[codes == j]
                if kind == "KANO001":
                    probs.add("KANO001", f"column '{column}', {rows_text(rows)}",
                              f"unknown answer wording {str(u)!r} ({_n_rows(len(rows))})",
                              "use a known wording such as 'I like it', 'I expect it', 'I am neutral', "
                              "'I can live with it', 'I dislike it' (or codes 1–5), or add it with "
                              f"mapping={{{str(u)!r}: 'like'}}")
                else:
                    probs.add("KANO002", f"column '{column}', {rows_text(rows)}",
                              f"answer {u!r} is not a Kano answer code ({_n_rows(len(rows))})",
                              "use 1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike")
                code = 0
            ucode[j] = code
        out = np.where(codes < 0, 0, ucode[np.maximum(codes, 0)]).astype(np.int8) if len(uniques) else \
            np.zeros(len(s), np.int8)
    if own:
        probs.raise_if_any("the Kano answers cannot be read")
    return out


def _n_rows(k):
    return "1 row" if k == 1 else f"{k} rows"


def _table(table, probs):
    if isinstance(table, str) and table in TABLES:
        return TABLES[table]
    probs.add("KANO003", "table", f"unknown evaluation table {table!r}", "use table='standard' or 'pouliot'")
    return None


def classify(functional, dysfunctional, table="standard", *, mapping=None):
    """Kano category of each functional / dysfunctional answer pair.

    Parameters
    ----------
    functional, dysfunctional : scalar, array-like or pandas.Series
        Answers as codes 1–5 or text wordings (see :func:`answer_codes`).
    table : {"standard", "pouliot"}
        The evaluation table; "pouliot" also codes (2, 2) and (4, 4) as Q.
    mapping : dict, optional
        Extra wordings (see :func:`answer_codes`).

    Returns
    -------
    str or pandas.Series
        For two scalars, the category letter (or None if an answer is missing).
        Otherwise a categorical Series named ``category`` with categories
        A, O, M, I, R, Q (NaN where an answer is missing), on the index of
        ``functional`` when it is a Series.

    Examples
    --------
    >>> classify(1, 3), classify(2, 5), classify(3, 3), classify(5, 1), classify(1, 1)
    ('A', 'M', 'I', 'R', 'Q')
    >>> classify(2, 2), classify(2, 2, table="pouliot")
    ('I', 'Q')
    >>> classify([1, 1, 4], ["I dislike it", "I am neutral", "I can live with it"]).tolist()
    ['O', 'A', 'I']
    """
    probs = Problems()
    tab = _table(table, probs)
    scalar = np.ndim(functional) == 0 and np.ndim(dysfunctional) == 0 and not isinstance(functional, pd.Series)
    f_in = [functional] if scalar else functional
    d_in = [dysfunctional] if scalar else dysfunctional
    if len(f_in) != len(d_in):
        probs.add("KANO004", None, f"{len(f_in)} functional answers but {len(d_in)} dysfunctional answers",
                  "pass one dysfunctional answer for every functional answer")
        probs.raise_if_any("cannot classify")
    f = answer_codes(f_in, mapping=mapping, column="functional" if not isinstance(f_in, pd.Series) else None,
                     probs=probs)
    d = answer_codes(d_in, mapping=mapping, column="dysfunctional" if not isinstance(d_in, pd.Series) else None,
                     probs=probs)
    probs.raise_if_any("cannot classify the Kano answers")
    cat = tab[f, d]
    if scalar:
        return None if cat[0] < 0 else CATEGORIES[cat[0]]
    index = functional.index if isinstance(functional, pd.Series) else None
    return pd.Series(pd.Categorical.from_codes(cat, dtype=_CAT_DTYPE), index=index, name="category")


def classify_survey(data, *, layout="auto", features=None, respondent=None, keep=None, table="standard",
                    mapping=None, feature="feature", functional="functional", dysfunctional="dysfunctional",
                    importance=None, suffixes=("_functional", "_dysfunctional"), importance_suffix="_importance",
                    file=None):
    """Classify a whole Kano survey; returns one row per respondent and feature.

    Two layouts are read (``layout="auto"`` picks "long" when the frame has the
    ``functional`` and ``dysfunctional`` columns, "wide" otherwise):

    * **wide** – one row per respondent, columns ``<feature>_functional`` and
      ``<feature>_dysfunctional`` for each feature, optionally
      ``<feature>_importance`` (self-stated importance, any numeric scale);
    * **long** – one row per respondent and feature, columns ``feature``,
      ``functional``, ``dysfunctional`` and optionally an importance column.

    All unknown wordings in all columns are reported together (KANO001).

    Parameters
    ----------
    data : pandas.DataFrame
    layout : {"auto", "wide", "long"}
    features : list of str, optional
        Wide layout: the features to use, in order (default: every pair found,
        in column order).
    respondent : str, optional
        Column identifying the respondent (default: the row index).
    keep : list of str, optional
        Further columns to carry into the output (e.g. ``["region"]``).
    table : {"standard", "pouliot"}
    mapping : dict, optional
        Extra answer wordings (see :func:`answer_codes`).
    feature, functional, dysfunctional : str
        Long layout column names.
    importance : str, optional
        Long layout: the importance column.
    suffixes : (str, str)
        Wide layout column suffixes.
    importance_suffix : str
        Wide layout importance suffix (used when such columns exist).
    file : str, optional
        Name used in error messages.

    Returns
    -------
    pandas.DataFrame
        ``respondent``, any ``keep`` columns, ``feature`` (categorical, in survey
        order), ``functional`` and ``dysfunctional`` (answer codes 1–5, 0 when
        missing), ``category`` (A/O/M/I/R/Q, NaN when an answer is missing), and
        ``importance`` when given.

    Examples
    --------
    >>> import pandas as pd
    >>> long = pd.DataFrame({"id": [1, 1, 2], "feature": ["app", "chat", "app"],
    ...                      "functional": ["I like it", "I expect it", 1],
    ...                      "dysfunctional": ["I dislike it", "I dislike it", 3]})
    >>> classify_survey(long, respondent="id")
       respondent feature  functional  dysfunctional category
    0           1     app           1              5        O
    1           1    chat           2              5        M
    2           2     app           1              3        A
    """
    probs = Problems(file)
    keep = as_list(keep)
    if not isinstance(data, pd.DataFrame):
        require_columns(data, [], what="the Kano survey", file=file)
    if layout == "auto":
        layout = "long" if functional in data.columns and dysfunctional in data.columns else "wide"
    tab = _table(table, probs)
    if layout not in ("wide", "long"):
        probs.add("KANO005", "layout", f"unknown layout {layout!r}", "use 'auto', 'wide' or 'long'")
    require_columns(data, [respondent] + keep, what="the Kano survey", probs=probs)
    resp = data[respondent].to_numpy() if respondent is not None and respondent in data.columns \
        else data.index.to_numpy()
    if layout == "long":
        require_columns(data, [feature, functional, dysfunctional, importance], what="the Kano survey",
                         probs=probs)
        probs.raise_if_any("the Kano survey cannot be read")
        f = answer_codes(data[functional], mapping=mapping, column=functional, probs=probs)
        d = answer_codes(data[dysfunctional], mapping=mapping, column=dysfunctional, probs=probs)
        imp = None
        if importance is not None:
            imp = pd.to_numeric(data[importance], errors="coerce").to_numpy(dtype=float)
        probs.raise_if_any("the Kano survey cannot be read")
        fcol = data[feature]
        feat = fcol.astype(pd.CategoricalDtype(pd.unique(fcol.dropna()))) if fcol.dtype != "category" else fcol
        out = pd.DataFrame({"respondent": resp})
        for k in keep:
            out[k] = data[k].to_numpy()
        out["feature"] = feat.to_numpy()
        out["feature"] = out["feature"].astype(feat.dtype)
    else:
        fs, ds = suffixes
        cols = [str(c) for c in data.columns]
        found = [c[: -len(fs)] for c in cols if c.endswith(fs)]
        dys_found = [c[: -len(ds)] for c in cols if c.endswith(ds)]
        if features is None:
            features = found + [x for x in dys_found if x not in found]
        features = list(features)
        for name in features:
            for suf in (fs, ds):
                if name + suf not in data.columns:
                    probs.add("KANO005", f"column '{name}{suf}'",
                              f"feature '{name}' has no column '{name}{suf}'; columns present: {', '.join(cols)}",
                              f"add the column or leave '{name}' out of features")
        if not features:
            probs.add("KANO005", None,
                      f"no '<feature>{fs}' / '<feature>{ds}' column pairs found; columns present: {', '.join(cols)}",
                      "name the answer columns e.g. 'online_booking_functional', or use the long layout")
        probs.raise_if_any("the Kano survey cannot be read")
        n = len(data)
        fparts, dparts, iparts = [], [], []
        has_imp = all(name + importance_suffix in data.columns for name in features)
        for name in features:
            fparts.append(answer_codes(data[name + fs], mapping=mapping, column=name + fs, probs=probs))
            dparts.append(answer_codes(data[name + ds], mapping=mapping, column=name + ds, probs=probs))
            if has_imp:
                iparts.append(pd.to_numeric(data[name + importance_suffix], errors="coerce").to_numpy(float))
        probs.raise_if_any("the Kano survey cannot be read")
        f = np.concatenate(fparts)
        d = np.concatenate(dparts)
        imp = np.concatenate(iparts) if has_imp else None
        out = pd.DataFrame({"respondent": np.tile(resp, len(features))})
        for k in keep:
            out[k] = np.tile(data[k].to_numpy(), len(features))
        out["feature"] = pd.Categorical.from_codes(np.repeat(np.arange(len(features)), n),
                                                   categories=features)
    out["functional"] = f
    out["dysfunctional"] = d
    out["category"] = pd.Categorical.from_codes(tab[f, d], dtype=_CAT_DTYPE)
    if imp is not None:
        out["importance"] = imp
    return out


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
    flat = codes.astype(np.intp) * 6 + ccode             # codes may be int8: widen before multiplying
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
        vals = pd.to_numeric(categories[importance], errors="coerce").to_numpy(float)
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
        vals = pd.to_numeric(data[importance], errors="coerce").to_numpy(float)
        okv = ~np.isnan(vals) & (codes >= 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out["importance"] = (np.bincount(codes[okv], vals[okv], ng)[:ng]
                                 / np.bincount(codes[okv], None, ng)[:ng])
    return out


_QUADRANT_LABELS = {"A": "Attractive", "O": "One-dimensional", "M": "Must-be", "I": "Indifferent"}


def plot_better_worse(table, *, ax=None, label="feature", category="category", title="Kano Better/Worse"):
    """Better/Worse scatter of :func:`summary` output; returns the Axes.

    x is the dissatisfaction when missing (|worse|), y the satisfaction when
    present (better); the lines at 0.5 split the square into the attractive
    (top left), one-dimensional (top right), must-be (bottom right) and
    indifferent (bottom left) quadrants. Markers differ by category, so colour
    is not the only cue.
    """
    from .plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(6.5, 5.5))
    colours = {k: PALETTE[i] for i, k in enumerate(CATEGORIES)}
    markers = dict(zip(CATEGORIES, "o^sDvX"))
    for cat, sub in table.groupby(category, sort=False):
        ax.scatter(-sub["worse"], sub["better"], s=60, color=colours.get(cat, PALETTE[7]),
                   marker=markers.get(cat, "o"), label=f"{cat} {CATEGORY_NAMES.get(cat, '')}", zorder=3)
    for _, r in table.iterrows():
        ax.annotate(str(r[label]), (-r["worse"], r["better"]), xytext=(5, 4), textcoords="offset points",
                    fontsize=8)
    ax.axhline(0.5, color="#666666", linestyle="--", linewidth=1)
    ax.axvline(0.5, color="#666666", linestyle="--", linewidth=1)
    style = dict(fontsize=9, color="#555555", weight="bold", alpha=0.8)
    ax.text(0.02, 0.98, "Attractive", va="top", **style)
    ax.text(0.98, 0.98, "One-dimensional", va="top", ha="right", **style)
    ax.text(0.98, 0.02, "Must-be", ha="right", **style)
    ax.text(0.02, 0.02, "Indifferent", **style)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("dissatisfaction when missing  |worse|")
    ax.set_ylabel("satisfaction when present  (better)")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return ax


def plot_continuous(table, *, ax=None, label="feature", spread=True, title="Kano continuous analysis"):
    """Plot :func:`continuous` output: dysfunctional mean (x) against functional mean (y); returns the Axes.

    With ``spread=True`` each point carries ±1 standard deviation bars, so a
    feature that splits respondents shows long bars. The dashed lines at 2
    give the quadrants, labelled A, O, M, I.
    """
    from .plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(6.5, 5.5))
    x, y = table["dysfunctional_mean"], table["functional_mean"]
    if spread:
        ax.errorbar(x, y, xerr=table["dysfunctional_sd"], yerr=table["functional_sd"], fmt="none",
                    ecolor=PALETTE[5], elinewidth=1, alpha=0.7, zorder=2)
    ax.scatter(x, y, s=55, color=PALETTE[0], zorder=3)
    for _, r in table.iterrows():
        ax.annotate(str(r[label]), (r["dysfunctional_mean"], r["functional_mean"]), xytext=(5, 4),
                    textcoords="offset points", fontsize=8)
    ax.axhline(2, color="#666666", linestyle="--", linewidth=1)
    ax.axvline(2, color="#666666", linestyle="--", linewidth=1)
    ax.axhline(0, color="#bbbbbb", linewidth=0.8)
    ax.axvline(0, color="#bbbbbb", linewidth=0.8)
    style = dict(fontsize=9, color="#555555", weight="bold", alpha=0.8)
    ax.text(-1.9, 3.9, "A attractive", va="top", **style)
    ax.text(3.9, 3.9, "O one-dimensional", va="top", ha="right", **style)
    ax.text(3.9, -1.9, "M must-be", ha="right", **style)
    ax.text(-1.9, -1.9, "I indifferent", **style)
    ax.set_xlim(-2, 4)
    ax.set_ylim(-2, 4)
    ax.set_xlabel("dysfunctional score (mean): how much its absence hurts")
    ax.set_ylabel("functional score (mean): how much its presence pleases")
    ax.set_title(title)
    return ax
