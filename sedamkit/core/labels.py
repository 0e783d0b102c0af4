"""Numbers written with their labels, and text compared as a person reads it.

Survey tools and spreadsheets write a rating in many ways: ``4``, ``4.0``, ``4 - Agree``,
``4 – Agree`` (en dash), ``4 = Agree``, ``4: Agree``, ``4. Agree``, ``4) Agree``, ``(4) Agree``,
``[4] Agree``, ``4 (Agree)``, ``Agree (4)``. :func:`split_labelled` reads any of them as its number
and its label; :func:`labelled_numbers` does it for a whole column, one parse per distinct value (a
million rows with five distinct answers cost five parses). The dataset helper
:func:`sedamkit.core.tables.numeric` and the survey import both use them, so a number written with
its label is read as its number everywhere, never silently dropped.

:func:`norm` folds a header or label for comparison: case, spaces, typographic quotes and
apostrophes, trailing punctuation and a leading question number (``3.``, ``Q3``) do not count.
:func:`is_dont_know` tells the usual "don't know" answers in English and French.

>>> split_labelled("4 - Agree"), split_labelled("(5) Very"), split_labelled("Agree (4)")
((4, 'Agree'), (5, 'Very'), (4, 'Agree'))
>>> split_labelled("3"), split_labelled("Agree"), split_labelled("1,200")
((3, ''), (None, 'Agree'), (None, '1,200'))
>>> norm("  Q3. Our  strategy’s aims?  ") == norm("our strategy's aims")
True
>>> is_dont_know("Don’t know"), is_dont_know("NSP"), is_dont_know("Agree")
(True, True, False)
"""
from __future__ import annotations

import math
import re
import unicodedata

import numpy as np

__all__ = ["split_labelled", "labelled_number", "labelled_numbers", "norm", "is_dont_know", "DONT_KNOW"]

_NUM = r"[+-]?\d+(?:[.,]\d+)?"
_LABEL = r"[^\W\d_].*"  # a label starts with a letter
_FORMS = (
    re.compile(rf"\A({_NUM})\s*(?:[-–—=:.)/|]|\s)\s*({_LABEL})\Z", re.S),      # 4 - Agree, 4) Agree, 4 Agree
    re.compile(rf"\A[(\[]\s*({_NUM})\s*[)\]]\s*[-–—=:.]?\s*({_LABEL})\Z", re.S),  # (4) Agree, [4] - Agree
    re.compile(rf"\A({_NUM})\s*[(\[]\s*({_LABEL}?)\s*[)\]]\Z", re.S),           # 4 (Agree)
)
_LABEL_FIRST = re.compile(rf"\A({_LABEL}?)\s*(?:[(\[]\s*({_NUM})\s*[)\]]|[-–—=:]\s*({_NUM}))\Z", re.S)  # Agree (4)
_PLAIN = re.compile(rf"\A{_NUM}\Z")


def _number(text: str):
    """``"4"`` → 4, ``"4.0"`` / ``"4,0"`` → 4, ``"3.5"`` → 3.5; None for NaN or infinity."""
    v = float(text.replace(",", "."))
    if not math.isfinite(v):
        return None
    return int(v) if v == int(v) else v


def split_labelled(text):
    """``(number, label)`` of a cell: the number it is written with (or None) and its label ('' if none).

    A plain number has an empty label; text without a number is ``(None, text)``. Thousands written
    with a comma (``1,200``) are not a number with a label: they come back as ``(None, text)``.

    >>> split_labelled("4 – Agree"), split_labelled("4 = Agree"), split_labelled("[2] Disagree")
    ((4, 'Agree'), (4, 'Agree'), (2, 'Disagree'))
    >>> split_labelled("4.0"), split_labelled(" 3 (Somewhat important) "), split_labelled("Very - 5")
    ((4, ''), (3, 'Somewhat important'), (5, 'Very'))
    >>> split_labelled("nan"), split_labelled("")
    ((None, 'nan'), (None, ''))
    """
    text = unicodedata.normalize("NFC", str(text)).strip()
    if _PLAIN.fullmatch(text):
        if "," in text and re.fullmatch(r"[+-]?\d{1,3},\d{3}", text):
            return None, text  # 1,200: a thousands separator, not a decimal comma
        return _number(text), ""
    for form in _FORMS:
        m = form.fullmatch(text)
        if m:
            return _number(m.group(1)), m.group(2).strip()
    m = _LABEL_FIRST.fullmatch(text)
    if m:
        return _number(m.group(2) or m.group(3)), m.group(1).strip()
    return None, text


def labelled_number(value):
    """The number of one cell (a number, or text a person wrote as a number with or without its
    label), or None when it holds no number.

    >>> labelled_number(4.0), labelled_number("3 - Somewhat important"), labelled_number("lots")
    (4, 3, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = float(value)
        return (int(v) if v == int(v) else v) if math.isfinite(v) else None
    return split_labelled(value)[0]


def labelled_numbers(values):
    """A column as floats: numbers as they are, text read by :func:`labelled_number` once per
    distinct value; returns ``(floats, unread)`` where ``unread`` marks the non-empty cells that hold
    no number (NaN where the cell was empty or unread).

    >>> import pandas as pd
    >>> vals, unread = labelled_numbers(pd.Series(["3 - Somewhat important", "(5) Very", None, "x", 2]))
    >>> vals.tolist(), unread.tolist()
    ([3.0, 5.0, nan, nan, 2.0], [False, False, False, True, False])
    """
    import pandas as pd

    s = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values.astype(object)
    empty = s.isna() | s.map(lambda v: isinstance(v, str) and not v.strip(), na_action="ignore").fillna(False)
    uniq = pd.unique(s[~empty])
    table = {}
    for u in uniq:
        n = labelled_number(u)
        table[u] = np.nan if n is None else float(n)
    out = s[~empty].map(table).astype(float)
    vals = np.full(len(s), np.nan)
    vals[~empty.to_numpy()] = out.to_numpy()
    unread = ~empty.to_numpy() & np.isnan(vals)
    return vals, unread


_QUOTES = str.maketrans({"’": "'", "‘": "'", "‛": "'", "´": "'", "`": "'", "ʼ": "'", "“": '"', "”": '"',
                         "„": '"', "«": '"', "»": '"', "\u00a0": " ", "\u202f": " ", "–": "-", "—": "-"})
_LEADING_NUMBER = re.compile(r"\A(?:q(?:uestion)?\s*)?\d+(?:[.)\]:]|\s*-\s)\s*|\Aq\d+\s+", re.I)
_TRAILING = re.compile(r"[\s.:;?!*…,]+\Z")


def norm(text) -> str:
    """``text`` folded for comparison: Unicode NFKC, typographic quotes and dashes made plain, case
    folded, runs of spaces made one, a leading question number (``3.``, ``3)``, ``Q3``, ``Q3.``) and
    trailing punctuation removed. Quotes around the whole text are dropped too.

    >>> norm("3. Don’t know ") , norm("Q12 How often?"), norm("«Plutôt d’accord»")
    ("don't know", 'how often', "plutôt d'accord")
    """
    t = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    t = " ".join(t.split()).casefold()
    t = t.strip('"').strip()
    t = _LEADING_NUMBER.sub("", t, count=1)
    t = _TRAILING.sub("", t)
    return t.strip('"').strip()


#: Answers that mean "don't know" (as :func:`norm` folds them); a scale's ``na_label`` is added by callers.
DONT_KNOW = frozenset({
    "don't know", "dont know", "do not know", "dk", "d/k", "n/a", "na", "n.a", "not applicable",
    "no opinion", "unsure", "not sure", "prefer not to say", "i don't know",
    "ne sais pas", "je ne sais pas", "nsp", "sans opinion", "non applicable", "ne se prononce pas",
    "sans objet", "je ne sais pas / sans opinion",
})


def is_dont_know(text, extra=()) -> bool:
    """Whether ``text`` is a "don't know" answer (:data:`DONT_KNOW`, or one of ``extra``, compared
    with :func:`norm`)."""
    t = norm(text)
    return t in DONT_KNOW or t in {norm(x) for x in extra}
