"""The parameters every stage notebook takes, checked before anything runs.

papermill only warns on an unknown parameter and guesses types; the kit refuses both with a code.

Error codes
-----------
PARAM001  an unknown parameter name (papermill only warns; we refuse)
PARAM002  a parameter of the wrong type
PARAM003  a folder or file given as a parameter does not exist
PARAM004  an unsupported language
PARAM005  an unknown stage
"""
from __future__ import annotations

from .errors import Problems

__all__ = ["PARAMETERS", "validate_parameters"]

#: The parameters every stage notebook accepts, with their types (None allowed where marked).
PARAMETERS = {
    "client_dir": (str, type(None)),
    "answers_dir": (str, type(None)),
    "output_dir": (str, type(None)),
    "interactive": (bool,),
    "language": (str, type(None)),
    "respondent": (str,),
}


def validate_parameters(params: dict, *, allowed: dict | None = None, source: str = "parameters") -> None:
    """Check parameter names and types before a notebook runs; raise every problem at once.

    >>> validate_parameters({"interactive": "false"})
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: the parameters are not valid:
      [PARAM002] parameters: interactive: should be bool, not str ('false'). Fix: write true or false without quotes
    """
    import difflib

    from .config import LANGUAGES

    allowed = PARAMETERS if allowed is None else allowed
    probs = Problems(source)
    for name, value in params.items():
        if name not in allowed:
            close = difflib.get_close_matches(name, list(allowed), n=1)
            probs.add("PARAM001", name, f"unknown parameter {name!r}",
                      f"did you mean {close[0]!r}?" if close else f"known parameters: {', '.join(allowed)}")
            continue
        types = allowed[name]
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            want = " or ".join("None" if t is type(None) else t.__name__ for t in types)
            fix = "write true or false without quotes" if bool in types else f"give a {want}"
            probs.add("PARAM002", name, f"should be {want}, not {type(value).__name__} ({value!r})", fix)
    lang = params.get("language")
    if isinstance(lang, str) and lang not in LANGUAGES:
        probs.add("PARAM004", "language", f"language {lang!r} is not supported",
                  f"use one of: {', '.join(LANGUAGES)}")
    probs.raise_if_any("the parameters are not valid")
