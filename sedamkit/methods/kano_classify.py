"""Kano classification: answer wordings to codes, the evaluation tables, and one category per
respondent × feature (:func:`classify`, :func:`classify_survey`). See :mod:`sedamkit.methods.kano`."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core.errors import Problems
from ..core.tables import as_list, numeric, require_columns, rows_text

__all__ = ["CATEGORIES", "CATEGORY_NAMES", "ANSWERS", "PRIORITY", "WORDINGS", "TABLES", "FUNCTIONAL_SCORES",
           "DYSFUNCTIONAL_SCORES", "answer_codes", "classify", "classify_survey"]

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
    if pd.api.types.is_integer_dtype(s.dtype) and not pd.api.types.is_extension_array_dtype(s.dtype):
        arr = s.to_numpy()  # codes as they are: one range check, no float copy
        bad = (arr < 0) | (arr > 5)
        if bad.any():
            probs.add("KANO002", f"column '{column}', {rows_text(index[bad])}",
                      f"answer {arr[bad][0]} is not a Kano answer code ({_n_rows(int(bad.sum()))})",
                      "use 1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike")
            out = np.where(bad, 0, arr).astype(np.int8)
        else:
            out = arr.astype(np.int8, copy=False)
    elif isinstance(s.dtype, pd.CategoricalDtype):  # a categorical column: its few categories, coded once
        trial = Problems(file)
        cats = answer_codes(pd.Series(np.asarray(s.cat.categories, dtype=object)), mapping=mapping,
                            column=column, probs=trial)
        if trial:  # a bad category: read the values as plain answers, so the problems name the rows
            out = answer_codes(pd.Series(s.astype(object), index=index, name=s.name), mapping=mapping,
                               column=column, probs=probs)
        else:
            codes = s.cat.codes.to_numpy()
            out = np.where(codes < 0, 0, cats[np.maximum(codes, 0)]).astype(np.int8) if len(cats) else \
                np.zeros(len(s), np.int8)
    elif pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
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
                              f"'I can live with it', 'I dislike it' (or codes 1–5): change {str(u)!r} to one "
                              "of them in the file")
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
            imp = numeric(data, importance, probs, what="Kano importance")  # text is DATA002, never dropped
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
                iparts.append(numeric(data, name + importance_suffix, probs, what="Kano importance"))
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
    flat = f * np.int8(6)  # codes all the way: f·6 + d ≤ 35 fits int8, one lookup in the flat 6×6 table
    flat += d
    out["category"] = pd.Categorical.from_codes(np.take(tab.ravel(), flat), dtype=_CAT_DTYPE)
    if imp is not None:
        out["importance"] = imp
    return out
