"""The one registry of error codes: every code the kit raises and its one meaning.

The table is ``sedamkit/data/error_codes.yaml``; ``docs/error-codes.md`` is generated from it
(:func:`markdown`). Each :class:`~sedamkit.core.errors.Problem` carries one of these codes; the
module that raises it documents the details in its docstring.

>>> CODES["ANS010"]
'a selected questionnaire stage has no answers yet'
>>> meaning("NOPE")
Traceback (most recent call last):
...
KeyError: 'NOPE'
"""
from __future__ import annotations

from . import paths as _paths
from .fileio import read_yaml

__all__ = ["CODES", "meaning", "markdown", "PREFIXES"]

#: code -> its meaning
CODES: dict = dict(read_yaml(_paths.data_dir() / "error_codes.yaml"))


def meaning(code: str) -> str:
    return CODES[code]


def _prefixes() -> dict:
    """prefix -> the kind of input, from the table in :mod:`sedamkit.core.errors`."""
    import re

    from . import errors

    return dict(re.findall(r"^([A-Z]{2,5})\s{2,}(\S.*)$", errors.__doc__, re.M))


PREFIXES = _prefixes()


def markdown() -> str:
    """``docs/error-codes.md``: every code by prefix, with its meaning."""
    out = ["# Error codes", "",
           "Every problem the kit reports carries one of these codes, with the file, the place, what is wrong",
           "and the fix. Generated from `sedamkit/data/error_codes.yaml` by `sedamkit.core.codes.markdown()`;",
           "a test fails when this page is stale.", ""]
    by_prefix: dict = {}
    for code in sorted(CODES):
        by_prefix.setdefault(code.rstrip("0123456789"), []).append(code)
    for prefix, codes in sorted(by_prefix.items()):
        out += [f"## {prefix} — {PREFIXES.get(prefix, '')}".rstrip(" —"), "", "| code | meaning |", "| --- | --- |"]
        out += [f"| {c} | {CODES[c].replace('|', '/')} |" for c in codes]
        out.append("")
    return "\n".join(out)
