"""Why a KPI is not measurable, in the reader's language.

:func:`~sedamkit.stages.evaluation.kpi_values.kpi_values` keeps the reason as ``"EVAL10x: <English
text>"`` (the code is the stable part; the text names the dataset, file or columns). :func:`reason_text`
turns it into the sentence of ``kfr.reason.<code>`` in the catalogue, with the names the English text
carries put back in; a reason it cannot read is shown as written.
"""
from __future__ import annotations

import re

__all__ = ["reason_text", "reason_shown", "not_measurable"]

#: (code, pattern of the English text, catalogue key): the first that matches is used.
_PATTERNS = [
    ("EVAL101", r"", "kfr.reason.EVAL101"),
    ("EVAL102", r"names no '(?P<name>[^']+)' data file", "kfr.reason.EVAL102.file"),
    ("EVAL102", r"", "kfr.reason.EVAL102"),
    ("EVAL103", r"data file (?P<file>.+?) cannot be read", "kfr.reason.EVAL103.unreadable"),
    ("EVAL103", r"data file (?P<file>.+?) is missing", "kfr.reason.EVAL103"),
    ("EVAL104", r"dataset '(?P<name>[^']+)' has no column\(s\) (?P<columns>.+)$", "kfr.reason.EVAL104"),
    ("EVAL105", r"dataset '(?P<name>[^']+)'", "kfr.reason.EVAL105"),
    ("EVAL106", r"formula for '(?P<name>[^']+)'", "kfr.reason.EVAL106"),
    (None, r"^no value for this region$", "kfr.reason.no_region_value"),
]


def _split(reason) -> tuple:
    """``(code, text)`` of ``"EVAL104: <text>"``; ``(None, reason)`` when it starts with no code."""
    text = "" if reason is None else str(reason)
    code, sep, rest = text.partition(": ")
    return (code, rest) if sep and re.fullmatch(r"[A-Z]{2,5}\d{3}", code) else (None, text)


def reason_text(reason, language: str | None = "en") -> str:
    """The reason a KPI is not measurable, without its code, in ``language``.

    >>> reason_text("EVAL104: dataset 'ops' has no column(s) calls", "fr")
    "le jeu de données « ops » n'a pas de colonne calls"
    >>> reason_text("EVAL104: dataset 'ops' has no column(s) calls", "en")
    "dataset 'ops' has no column(s) calls"
    >>> reason_text("something else", "fr")
    'something else'
    """
    from ...core.i18n import normalise_language, t

    code, rest = _split(reason)
    if normalise_language(language) == "en":
        return rest
    for c, pattern, key in _PATTERNS:
        if c != code:
            continue
        m = re.search(pattern, rest)
        if m:
            return t(key, language, **m.groupdict())
    return rest


def reason_shown(reason, language: str | None = "en") -> str:
    """:func:`reason_text` with its code in front, as tables show it (the code is what the docs and the fix
    list look up): ``"EVAL104 : le jeu de données « ops » …"`` in French, the reason as written in English.

    >>> reason_shown("EVAL104: dataset 'ops' has no column(s) calls", "fr")
    "EVAL104 : le jeu de données « ops » n'a pas de colonne calls"
    >>> reason_shown("EVAL104: dataset 'ops' has no column(s) calls", "en")
    "EVAL104: dataset 'ops' has no column(s) calls"
    """
    from ...core.i18n import normalise_language

    code, _ = _split(reason)
    if normalise_language(language) == "en":
        return "" if reason is None else str(reason)
    return f"{code} : {reason_text(reason, language)}" if code else reason_text(reason, language)


def not_measurable(values, language: str | None = "en"):
    """The KPIs of :func:`~sedamkit.stages.evaluation.kpi_values.kpi_values` that cannot be computed, one row
    each: ``kpi_id``, ``name`` and the ``reason`` in ``language`` (:func:`reason_shown`)."""
    out = values.loc[~values["measurable"], ["kpi_id", "name", "reason"]].copy()
    out["reason"] = [reason_shown(r, language) for r in out["reason"]]
    return out
