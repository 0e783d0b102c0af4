"""Data-table helpers shared by the methods and the stages: reading a dataset, checking its columns,
turning a column into numbers, and naming rows in problems.

Every helper reports problems with the DATA codes of :mod:`sedamkit.core.errors` (DATA001 a
column is missing, DATA002 a value is not a number or lies outside its scale, DATA004 a quarter label
is not of the form ``2025Q1`` and DATA005 a data file has no data rows); :func:`read_table`
reports a missing file with ``CFG004`` and an unreadable one with ``IO002`` (both codes can be
changed by the caller).

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"score": [9, "x", 11]})
>>> probs = Problems()
>>> numeric(df, "score", probs, lo=0, hi=10).tolist()
[9.0, nan, 11.0]
>>> [str(p) for p in probs.items]   # doctest: +NORMALIZE_WHITESPACE
["[DATA002] column 'score', row 3: data: values are not numbers (e.g. 'x'). Fix: write each value as a number, or a number with its label such as '3 - Somewhat important'",
 "[DATA002] column 'score', row 4: data: values outside the scale 0–10 (e.g. 11). Fix: check the scale parameter or correct those values"]
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problem, Problems, SedamError

__all__ = ["decode_text", "sniff_delimiter", "as_list", "require_columns", "rows_text", "file_row", "numeric", "read_table", "EXCEL_SUFFIXES",
           "PERIOD_FORMS", "period_label", "periods", "require_rows"]

#: File endings read with :func:`pandas.read_excel`; everything else is read as CSV.
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
#: Rows before the first data row in a file with one header row: the first data row is row 2.
HEADER_ROWS = 1


def as_list(by) -> list:
    """``None`` → ``[]``, a list or tuple → a list, anything else → a one-element list.

    >>> as_list(None), as_list("region"), as_list(("quarter", "region"))
    ([], ['region'], ['quarter', 'region'])
    """
    if by is None:
        return []
    if isinstance(by, (list, tuple)):
        return list(by)
    return [by]


def require_columns(data, columns, *, what="data", file=None, probs=None) -> Problems:
    """Add a DATA001 problem for every missing column; raise unless ``probs`` is given.

    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], what="the survey")
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: the survey cannot be used:
      [DATA001] column 'b': the survey has no column 'b'; columns present: a. Fix: rename the column or pass its name as a parameter
    """
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


def file_row(position: int) -> int:
    """The row number a person counts in the file for the data row at 0-based ``position``
    (the header is row 1, the first data row is row 2).

    >>> file_row(0), file_row(9)
    (2, 11)
    """
    return int(position) + HEADER_ROWS + 1


def rows_text(rows, limit=5) -> str:
    """``"row 4"`` or ``"rows 4, 8, 10 and 2 more"`` for problem messages, counted as a spreadsheet shows them.

    One convention everywhere the kit names a row of a table: the header is row 1 and the first data row
    is row 2 (:func:`file_row`), whether the table came from a data file, an answers table or a survey
    export. Integer row labels are 0-based positions (a table read from a file keeps its ``RangeIndex``,
    also after filtering), so label ``i`` is named row ``i + 2``; other labels (a feature's name) are
    named as they are.

    Parameters
    ----------
    rows : iterable
        Row labels: a DataFrame's index labels, or 0-based data-row positions.
    limit : int
        How many rows to name before "and N more".

    Examples
    --------
    >>> rows_text([0])
    'row 2'
    >>> rows_text(range(8))
    'rows 2, 3, 4, 5, 6 and 3 more'
    >>> rows_text(["video_consultation"])
    'row video_consultation'
    """
    import numbers

    labels = [file_row(r) if isinstance(r, numbers.Integral) and not isinstance(r, bool) else r for r in rows]
    head = ", ".join(str(x) for x in labels[:limit])
    more = len(labels) - limit
    return f"row {head}" if len(labels) == 1 else f"rows {head}" + (f" and {more} more" if more > 0 else "")


def numeric(data, column, probs, *, lo=None, hi=None, what="data") -> np.ndarray:
    """Column as a float array; non-numbers and values outside [lo, hi] become DATA002 problems
    (naming the column and the rows); missing values stay NaN. A number written with its label
    (``"3 - Somewhat important"``, ``"(5) Very"``, ``"4 – Agree"``) reads as its number
    (:func:`sedamkit.core.labels.labelled_numbers`, one parse per distinct value).

    >>> probs = Problems()
    >>> numeric(pd.DataFrame({"imp": ["3 - Somewhat important", "(5) Very", None]}), "imp", probs).tolist()
    [3.0, 5.0, nan]
    >>> len(probs)
    0
    """
    raw = data[column]
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        vals, bad = raw, None                          # nothing to coerce
    else:
        vals = pd.to_numeric(raw, errors="coerce")
        bad = vals.isna() & raw.notna()
        if bad.any():  # numbers written with their labels: read once per distinct value
            from .labels import labelled_numbers

            mask = bad.to_numpy()
            read, unread = labelled_numbers(raw[mask])
            arr0 = vals.to_numpy(dtype=float, na_value=np.nan).copy()
            arr0[mask] = read
            vals = pd.Series(arr0, index=raw.index)
            flags = np.zeros(len(raw), bool)
            flags[np.flatnonzero(mask)[np.isnan(read)]] = True   # no number in it (blank text too)
            bad = pd.Series(flags, index=raw.index)
    if bad is not None and bad.any():
        probs.add("DATA002", f"column '{column}', {rows_text(data.index[bad.to_numpy()])}",
                  f"{what}: values are not numbers (e.g. {raw[bad].iloc[0]!r})",
                  "write each value as a number, or a number with its label such as '3 - Somewhat important'")
    arr = vals.to_numpy(dtype=float, na_value=np.nan)
    inf = np.isinf(arr)
    if inf.any():
        probs.add("DATA002", f"column '{column}', {rows_text(data.index[inf])}",
                  f"{what}: values are not finite numbers (e.g. {arr[inf][0]!r})",
                  "correct or remove those values")
        arr = np.where(inf, np.nan, arr)
    if lo is not None or hi is not None:
        out = np.zeros(len(arr), bool)
        if lo is not None:
            out |= arr < lo
        if hi is not None:
            out |= arr > hi
        if out.any():
            probs.add("DATA002", f"column '{column}', {rows_text(data.index[out])}",
                      f"{what}: values outside the scale {lo}–{hi} (e.g. {arr[out][0]:g})",
                      "check the scale parameter or correct those values")
    return arr


def read_table(path, *, code="IO002", missing_code="CFG004", sheet=0, **kw) -> pd.DataFrame:
    """THE dataset reader: a CSV (or Excel) file as a DataFrame, or a coded :class:`SedamError`.

    Parameters
    ----------
    path : str or Path
    code : str
        Code for a file that exists but cannot be read as a table (default ``IO002``).
    missing_code : str
        Code for a file that does not exist (default ``CFG004``: the client config names it).
    sheet : int or str
        The Excel sheet (ignored for CSV).
    **kw
        Passed to :func:`pandas.read_csv` / :func:`pandas.read_excel` (e.g. ``dtype=object``).

    Examples
    --------
    >>> read_table("no/such/file.csv")
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: 1 problem found:
      [CFG004] no/such/file.csv: data file not found. Fix: put the file there or fix its path under 'data:' in client.yaml
    """
    import io

    from .fileio import read_bytes

    path = Path(path)
    try:
        exists = path.exists()
    except (OSError, ValueError):  # a name the system refuses (too long, NUL byte)
        exists = False
    if not exists:
        raise SedamError(Problem(missing_code, str(path)[:300], None, "data file not found",
                                 "put the file there or fix its path under 'data:' in client.yaml"))
    data = read_bytes(path, code=code)  # a folder or a named pipe is refused, never opened
    text = encoding = sep = None
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            return pd.read_excel(io.BytesIO(data), sheet_name=sheet, **kw)
        if "encoding" in kw:
            return pd.read_csv(io.BytesIO(data), **kw)
        text, encoding = decode_text(data)  # ValueError for broken UTF-8: IO002 below
        if "sep" not in kw and "delimiter" not in kw:
            sep = sniff_delimiter(text)
            kw = {"sep": sep, **({"decimal": ","} if sep == ";" else {}), **kw}
        return pd.read_csv(io.StringIO(text), **kw)
    except Exception as e:  # noqa: BLE001 — any parser error is the user's file, not our bug
        seen = f" (read as {encoding}" + (f", separated by {_SEP_NAMES.get(sep, repr(sep))}" if sep else "") + ")" \
            if encoding else ""
        raise SedamError(Problem(code, str(path), None, f"cannot be read as a table{seen}: {e}",
                                 "save it as a CSV file (comma, semicolon or tab separated; UTF-8, UTF-16 or "
                                 "Windows-1252) or as .xlsx, with one header row")) from None


_SEP_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def decode_text(data: bytes) -> tuple[str, str]:
    r"""``(text, encoding)`` of a text file's bytes: a byte-order mark says UTF-8 or UTF-16; without
    one, UTF-8 when the bytes are valid UTF-8, UTF-16 when every other byte is NUL, else Windows-1252
    (what Excel writes in much of Europe and the Americas), else Latin-1 (which reads any byte).

    >>> decode_text("Café;Thé".encode("cp1252")), decode_text("\ufeffCafé".encode("utf-8"))
    (('Café;Thé', 'windows-1252'), ('Café', 'utf-8-sig'))
    >>> decode_text("Café".encode("utf-16"))[0], decode_text("Café".encode("utf-8"))[1]
    ('Café', 'utf-8')
    """
    import codecs

    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    head = data[:4000]
    if len(head) >= 4 and head[1::2].count(0) > 0.4 * len(head[1::2]):
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    if len(head) >= 4 and head[0::2].count(0) > 0.4 * len(head[0::2]):
        return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    high = sum(b >= 0x80 for b in head)
    utf8ish = sum(len(m) for m in re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", head))
    if high and utf8ish >= 0.8 * high:
        raise ValueError("the file is UTF-8 with broken characters (an export error): save it again as UTF-8")
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str, candidates=",;\t|") -> str:
    r"""The field separator of a CSV text: of ``candidates``, the one that splits the first lines
    (quotes respected) into the same number of fields, most fields winning; a comma when none does.

    >>> sniff_delimiter("a;b;c\n1;2,5;3\n"), sniff_delimiter("a\tb\n1\t2\n"), sniff_delimiter('"x,y";z\n1;2\n')
    (';', '\t', ';')
    >>> sniff_delimiter("only\n1\n")
    ','
    """
    import csv

    lines = text[:20000].splitlines()[:30]
    if len(text) > 20000 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    sample = "\n".join(lines)
    best, best_key = ",", (0, 0)
    for sep in candidates:
        try:
            rows = [r for r in csv.reader(sample.splitlines(), delimiter=sep) if r]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        same = sum(len(r) == width for r in rows)
        key = (same / len(rows) >= 0.8, width)
        if key > best_key:
            best, best_key = sep, key
    return best


# ---------------------------------------------------------------------------------------------- periods
#: The period labels the kit reads, by form: the pattern and an example. Nothing else is a period:
#: ``Q1/2025``, ``2025-Q1``, ``Q1 2025``, ``2025q1`` or ``2025-Q5`` are refused (no guessing).
PERIOD_FORMS = {
    "quarter": (re.compile(r"^(\d{4})Q([1-4])$"), "2025Q1"),
    "month": (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "2025-03"),
    "year": (re.compile(r"^(\d{4})$"), "2025"),
}


def _label_text(value):
    """A cell as the label text it stands for ('' when empty): whole numbers read as numbers (2025.0) are
    written without the decimals; other text is stripped."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if value != value:
            return ""
        return str(int(value)) if np.isfinite(value) and float(value).is_integer() else str(value)
    if value is pd.NaT or value is pd.NA:
        return ""
    return str(value).strip()


def period_label(value, forms=("quarter", "month", "year")):
    """A period label as a :class:`pandas.Period`, or None when it is not in one of ``forms``
    (see :data:`PERIOD_FORMS`).

    >>> period_label("2025Q1"), period_label("2025-03"), period_label(2025)
    (Period('2025Q1', 'Q-DEC'), Period('2025-03', 'M'), Period('2025', 'Y-DEC'))
    >>> [period_label(x) for x in ("Q1/2025", "2025-Q5", "Q1 2025", "2025q1", "")]
    [None, None, None, None, None]
    >>> period_label("2025-03", forms=("quarter",)) is None
    True
    """
    text = _label_text(value)
    for form in forms:
        m = PERIOD_FORMS[form][0].match(text)
        if m:
            freq = {"quarter": "Q", "month": "M", "year": "Y"}[form]
            try:
                return pd.Period(text, freq=freq)
            except Exception:  # noqa: BLE001 — the patterns only let valid labels through
                return None
    return None


def periods(data, column, probs, *, forms=("quarter",), code="DATA004", what="data"):
    """``{label: pandas.Period}`` for the column's labels (text as written, stripped) and a Series of
    those label texts, one per row; every label not in ``forms`` (empty ones too) is one ``code``
    problem naming the column and the file rows (header = row 1). Labels are ordered by
    ``Period.start_time``, never as text.

    >>> probs = Problems("s.csv")
    >>> pmap, labels = periods(pd.DataFrame({"quarter": ["2025Q1", "Q1/2025", None]}), "quarter", probs)
    >>> pmap, labels.tolist()
    ({'2025Q1': Period('2025Q1', 'Q-DEC')}, ['2025Q1', 'Q1/2025', ''])
    >>> print(probs.items[0])  # doctest: +NORMALIZE_WHITESPACE
    [DATA004] s.csv: column 'quarter', rows 3, 4: data: period labels not of the form 2025Q1 (e.g. 'Q1/2025').
    Fix: write each period like 2025Q1 (4-digit year, Q, quarter 1-4); empty labels are not allowed
    """
    raw = data[column]
    cache: dict = {}
    texts = []
    for v in raw.tolist():
        key = (type(v), v) if v == v else (type(v), "nan")
        if key not in cache:
            t = _label_text(v)
            cache[key] = (t, period_label(t, forms))
        texts.append(cache[key][0])
    pmap = {t: p for t, p in cache.values() if p is not None}
    bad = [i for i, t in enumerate(texts) if t not in pmap]
    if bad:
        examples = " or ".join(PERIOD_FORMS[f][1] for f in forms)
        first = next((texts[i] for i in bad if texts[i]), "")
        hint = {"quarter": "2025Q1 (4-digit year, Q, quarter 1-4)", "month": "2025-03 (year-month)",
                "year": "2025 (year)"}
        probs.add(code, f"column '{column}', {rows_text(bad)}",
                  f"{what}: period labels not of the form {examples} (e.g. {first!r})",
                  "write each period like " + ", ".join(hint[f] for f in forms) + "; empty labels are not allowed")
    labels = pd.Series(texts, index=raw.index, dtype=object)
    return dict(sorted(pmap.items(), key=lambda kv: (kv[1].start_time, kv[1].end_time))), labels


def require_rows(data, probs, *, what="the data file") -> bool:
    """False (and a DATA005 problem) when a table has a header but no data rows.

    >>> probs = Problems("x.csv")
    >>> require_rows(pd.DataFrame({"a": []}), probs), probs.items[0].code
    (False, 'DATA005')
    """
    if len(data):
        return True
    probs.add("DATA005", None, f"{what} has a header but no data rows",
              "add the data rows, or remove the file from 'data:' in client.yaml")
    return False

