"""Numbers, percentages, money and dates written the way a reader of the chosen language writes them.

One place for every number a person reads — the report, the notebooks' panels, the app pages, exercise
feedback — so that one value is written one way everywhere. Formatting follows the locale data of Babel
(the CLDR), not hand-written rules: French uses a decimal comma, a narrow no-break space between
thousands, a no-break space before ``%``, and the currency after the amount.

A missing value (``None`` or NaN) is written as an em dash, never as ``nan``.

Examples
--------
>>> number(1234.5, "en", 1), number(1234.5, "fr", 1)
('1,234.5', '1\\u202f234,5')
>>> percent(0.614, "en"), percent(0.614, "fr")
('61%', '61\\xa0%')
>>> percent(61.4, "en", scale=100)
'61%'
>>> money(250000, "EUR", "en"), money(250000, "EUR", "fr")
('€250,000', '250\\u202f000\\xa0€')
>>> score(50.64, "en")
'51 / 100'
>>> date("2025-03-31", "en"), date("2025-03-31", "fr")
('31 March 2025', '31 mars 2025')
>>> signed(-1.66, "en", 1), signed(2, "fr", 0)
('−1.7', '+2')
>>> number(float("nan"), "en")
'—'
"""
from __future__ import annotations

import datetime as _dt
import math
import re

__all__ = ["LOCALES", "locale_of", "number", "percent", "money", "score", "date", "signed", "MISSING"]

#: The Babel locale used for each language the kit speaks.
LOCALES = {"en": "en_GB", "fr": "fr_FR"}
#: How a missing value is written.
MISSING = "—"


def locale_of(language: str | None) -> str:
    """The Babel locale of ``language`` (``en`` when unknown or empty)."""
    return LOCALES.get((language or "en").split("-")[0].split("_")[0].lower(), LOCALES["en"])


def _missing(x) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def _pattern(kind: str, language, decimals: int) -> str:
    """The locale's own pattern for ``kind`` with exactly ``decimals`` decimals."""
    from babel import Locale

    loc = Locale.parse(locale_of(language))
    pat = (loc.percent_formats[None] if kind == "percent" else loc.currency_formats["standard"]).pattern
    return re.sub(r"#,##0(\.0+)?", "#,##0" + ("." + "0" * decimals if decimals > 0 else ""), pat, count=1)


def number(x, language: str | None = "en", decimals: int = 0) -> str:
    """``x`` with ``decimals`` decimals and the language's separators."""
    from babel.numbers import format_decimal

    if _missing(x):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(round(float(x), decimals), format=pattern, locale=locale_of(language))


def percent(x, language: str | None = "en", decimals: int = 0, *, scale: int = 1) -> str:
    """``x`` as a percentage; ``scale=1`` when ``x`` is a share (0.61), ``scale=100`` when already in %."""
    from babel.numbers import format_percent

    if _missing(x):
        return MISSING
    return format_percent(float(x) / scale, format=_pattern("percent", language, decimals), locale=locale_of(language))


def money(x, currency: str | None = "EUR", language: str | None = "en", decimals: int = 0) -> str:
    """``x`` in ``currency`` (an ISO 4217 code such as EUR, GBP, USD), written for the language."""
    from babel.numbers import format_currency

    if _missing(x):
        return MISSING
    if not currency:
        return number(x, language, decimals)
    return format_currency(round(float(x), decimals), str(currency).upper(),
                           format=_pattern("currency", language, decimals), locale=locale_of(language),
                           currency_digits=False)


def score(x, language: str | None = "en", decimals: int = 0, out_of: int = 100) -> str:
    """A score on a 0–``out_of`` scale: ``51 / 100``."""
    return f"{number(x, language, decimals)} / {out_of}" if not _missing(x) else MISSING


def signed(x, language: str | None = "en", decimals: int = 1) -> str:
    """``x`` with its sign always written (a true minus sign, U+2212), for changes and differences."""
    if _missing(x):
        return MISSING
    v = round(float(x), decimals)
    body = number(abs(v), language, decimals)
    return ("−" if v < 0 else "+" if v > 0 else "") + body


def date(x, language: str | None = "en", style: str = "long") -> str:
    """A date (``datetime.date``, ``datetime`` or ISO text) in the language's ``long`` or ``medium`` style."""
    from babel.dates import format_date

    if x is None or x == "":
        return MISSING
    if isinstance(x, str):
        try:
            x = _dt.date.fromisoformat(x[:10])
        except ValueError:
            return x
    if isinstance(x, _dt.datetime):
        x = x.date()
    fmt = {"long": "d MMMM y", "medium": "d MMM y"}.get(style, style)
    return format_date(x, format=fmt, locale=locale_of(language))
