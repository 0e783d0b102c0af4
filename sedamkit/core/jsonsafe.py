"""The one conversion of analysis output to plain JSON values (stage results, reports).

Results are written as JSON and read back by later stages, the report and other tools, so what a
stage hands over must be plain ``dict`` / ``list`` / ``str`` / ``int`` / ``float`` / ``bool`` /
``None``. :func:`json_safe` turns what pandas and numpy produce into that:

* numpy and pandas scalars → the Python number or bool (``numpy.float64(2.5)`` → ``2.5``);
* NaN, ``NaT`` and ``pandas.NA`` → ``None``;
* infinity → ``None`` (or, with ``infinity="text"``, the strings ``"inf"`` / ``"-inf"``: stage 05's
  result has always written an exact change's z-score that way);
* timestamps, dates and times → ISO strings (``isoformat()``);
* a DataFrame → its records (one dict per row), a Series → a list; tuples and sets → lists;
* mapping keys → strings, as JSON writes them; anything else → ``str(value)``.

The module imports neither numpy nor pandas: it recognises their objects by their methods.

>>> import math
>>> json_safe({"a": float("nan"), "b": (1, 2.5), 3: None})
{'a': None, 'b': [1, 2.5], '3': None}
>>> json_safe([math.inf, -math.inf]), json_safe([math.inf, -math.inf], infinity="text")
([None, None], ['inf', '-inf'])
>>> import datetime as dt
>>> json_safe({"due": dt.date(2025, 12, 31), "at": dt.datetime(2025, 11, 15)})
{'due': '2025-12-31', 'at': '2025-11-15T00:00:00'}
>>> import numpy as np, pandas as pd
>>> json_safe({"n": np.int64(3), "x": np.float64("nan"), "ok": np.bool_(True), "t": pd.Timestamp("2025-02-14")})
{'n': 3, 'x': None, 'ok': True, 't': '2025-02-14T00:00:00'}
>>> records(pd.DataFrame({"k": ["K1", "K2"], "v": [1.5, float("nan")], "when": [pd.NaT, pd.Timestamp("2025-01-01")]}))
[{'k': 'K1', 'v': 1.5, 'when': None}, {'k': 'K2', 'v': None, 'when': '2025-01-01T00:00:00'}]
>>> json_number(2.345), json_number(float("nan")), json_number(None), json_number(7.123, digits=1)
(2.35, None, None, 7.1)
>>> float_or_nan(None), float_or_nan("2")
(nan, 2.0)
"""
from __future__ import annotations

import math

__all__ = ["json_safe", "records", "json_number", "float_or_nan", "json_default"]

_INFINITY = ("null", "text")


def _is_missing(value) -> bool:
    """NaN (any float kind), ``NaT`` or ``pandas.NA``."""
    name = type(value).__name__
    if name in ("NaTType", "NAType"):
        return True
    try:
        return isinstance(value, float) and math.isnan(value)
    except TypeError:
        return False


def _scalar(value, infinity: str):
    """One scalar as a plain JSON value."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if _is_missing(value):
        return None
    if type(value).__module__ == "numpy" and hasattr(value, "item"):  # numpy scalars: numbers, bools
        return _scalar(value.item(), infinity)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isinf(value):
            return None if infinity == "null" else ("inf" if value > 0 else "-inf")
        return float(value)
    if hasattr(value, "isoformat"):  # datetime, date, time, pandas.Timestamp
        return value.isoformat()
    if hasattr(value, "item"):  # other array scalars
        return _scalar(value.item(), infinity)
    return str(value)


def _key(key) -> str:
    """A mapping key as JSON writes it (``True`` → ``"true"``, ``None`` → ``"null"``, ``3`` → ``"3"``)."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return {None: "null", True: "true", False: "false"}[key]
    plain = _scalar(key, "text")
    return plain if isinstance(plain, str) else str(plain)


def json_safe(value, *, infinity: str = "null"):
    """``value`` as plain JSON data (rules in the module docstring).

    Parameters
    ----------
    value : object
        A mapping, list, DataFrame, Series or scalar, nested in any way.
    infinity : {"null", "text"}
        How infinite numbers are written: ``None`` (default) or ``"inf"`` / ``"-inf"``.

    Returns
    -------
    object
        The same structure made of dicts, lists, str, int, float, bool and None only.
    """
    if infinity not in _INFINITY:
        raise ValueError(f"infinity must be one of {_INFINITY}, got {infinity!r}")
    if isinstance(value, dict):
        return {_key(k): json_safe(v, infinity=infinity) for k, v in value.items()}
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # DataFrame
        return records(value, infinity=infinity)
    if hasattr(value, "tolist") and hasattr(value, "index"):  # Series
        return [json_safe(v, infinity=infinity) for v in value.tolist()]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_safe(v, infinity=infinity) for v in value]
    return _scalar(value, infinity)


def records(frame, *, infinity: str = "null") -> list[dict]:
    """A DataFrame as JSON-safe records: one dict per row, columns in order (see :func:`json_safe`)."""
    return [json_safe(rec, infinity=infinity) for rec in frame.to_dict("records")]


def json_number(value, digits: int | None = 2):
    """A number for a result: rounded to ``digits`` (None: not rounded); None when missing or infinite."""
    if value is None or _is_missing(value):
        return None
    x = float(value)
    if math.isinf(x):
        return None
    return x if digits is None else round(x, digits)


def float_or_nan(value) -> float:
    """The reverse direction, for tables: ``None`` → NaN, anything else ``float(value)``."""
    return math.nan if value is None else float(value)


def json_default(value):
    """A ``default=`` for :func:`json.dumps`: what :func:`json_safe` makes of a value JSON cannot write."""
    return json_safe(value)
