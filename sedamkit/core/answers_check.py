"""Checks of answers folders whose questionnaire is built at run time (from the plan, or from a list).

Stage 05's approach ratings and stage 06's impact/effort scores have no shipped spec: their items
are ``<thing>__<criterion>`` for whatever the plan or the candidate list holds today. The runner
checks such folders before any notebook starts with :func:`check_generic_answers` (structure,
respondent, item ids, whole values on the scale), and the specs keep items found in saved files
(:func:`saved_item_ids`) so nothing typed earlier is lost.

>>> import json, re, tempfile, pathlib
>>> from sedamkit.core.errors import Problems
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> doc = {"questionnaire": "q", "respondent": "ana", "answers": {"crm__used": 4, "crm_used": 2, "x__used": 9}}
>>> _ = (d / "ana.json").write_text(json.dumps(doc))
>>> sorted(saved_item_ids(d))
['crm__used', 'crm_used', 'x__used']
>>> probs = Problems()
>>> check_generic_answers(d, "q", re.compile(r"^([a-z][a-z0-9_]*?)__(used)$"), probs, code_bad_id="EVAL003",
...                       known_ids={"crm"}, code_unknown="EVAL004", what="approach")
>>> [p.code for p in probs.items]
['EVAL003', 'EVAL004', 'ANS006']
"""
from __future__ import annotations

from pathlib import Path

from .answers import RESPONDENT_RE
from .errors import SedamError
from .fileio import read_json

__all__ = ["check_generic_answers", "saved_item_ids"]


def saved_item_ids(folder) -> set:
    """Item ids present in the answers files of ``folder`` (read leniently; unreadable files are skipped).

    Parameters
    ----------
    folder : path-like
        An answers sub-folder (``answers/05_evaluation/approaches``); it may not exist.

    Returns
    -------
    set of str
        Every key of the files' ``answers`` and ``comments`` objects.
    """
    ids = set()
    for p in sorted(Path(folder).glob("*.json")):
        try:
            doc = read_json(p, code="ANS001")
        except SedamError:  # a bad file is reported by the check itself
            continue
        if isinstance(doc, dict):
            for key in ("answers", "comments"):
                if isinstance(doc.get(key), dict):
                    ids.update(str(k) for k in doc[key])
    return ids


def _check_file_head(doc, questionnaire, probs, f) -> bool:
    """Structure, questionnaire and respondent of one file; False when its items cannot be checked."""
    if not isinstance(doc, dict) or not isinstance(doc.get("answers"), dict):
        probs.add("ANS002", "answers", "not an answers file (no 'answers' object)", "start from a file saved by the form",
                  file=f)
        return False
    if doc.get("questionnaire") != questionnaire:
        probs.add("ANS003", "questionnaire", f"these answers are for {doc.get('questionnaire')!r}, not {questionnaire!r}",
                  f"move the file to the folder of {doc.get('questionnaire')!r}", file=f)
        return False
    if not isinstance(doc.get("respondent"), str) or not RESPONDENT_RE.match(doc["respondent"]):
        probs.add("ANS009", "respondent", f"respondent id {doc.get('respondent')!r} cannot be used",
                  "use letters, digits, '-', '_' or '.'", file=f)
    return True


def _whole_on_scale(value, low, high) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and value == int(value) \
        and low <= value <= high


def check_generic_answers(folder, questionnaire: str, pattern, probs, *, code_bad_id: str, known_ids=None,
                          code_unknown=None, what: str = "id", low: int = 1, high: int = 5) -> None:
    """Structural check of the answers files in ``folder`` for a spec built at run time.

    Parameters
    ----------
    folder : path-like
        The answers sub-folder; a missing folder has nothing to check.
    questionnaire : str
        The id every file must name (``ANS003`` otherwise).
    pattern : re.Pattern
        Item ids must match it; ``group(1)`` is the thing rated (the approach, the candidate).
    probs : sedamkit.core.errors.Problems
        Problems are added here (nothing is raised): ``ANS001`` unreadable, ``ANS002`` not an answers
        file, ``ANS003`` other questionnaire, ``ANS009`` bad respondent id, ``code_bad_id`` an item id
        not matching ``pattern``, ``code_unknown`` a thing not in ``known_ids``, ``ANS006`` a value that
        is not a whole number from ``low`` to ``high`` (``null`` is allowed: don't know).
    code_bad_id : str
        The stage's code for a malformed item id (``EVAL003``, ``IMP003``).
    known_ids : set, optional
        The things that may be rated; None: any.
    code_unknown : str, optional
        The code for a thing not in ``known_ids``.
    what : str
        What the thing is called in messages (``approach``, ``candidate``).
    low, high : int
        The scale.
    """
    for p in sorted(Path(folder).glob("*.json")):
        try:
            doc = read_json(p, code="ANS001")
        except SedamError as e:
            probs.extend(e.problems)
            continue
        f = str(p)
        if not _check_file_head(doc, questionnaire, probs, f):
            continue
        for iid in list(doc["answers"]) + list(doc.get("comments") or {}):
            m = pattern.match(str(iid))
            if not m:
                probs.add(code_bad_id, iid, f"item id {iid!r} is not of the form <{what}>__<criterion>",
                          "use the ids the form writes", file=f)
                continue
            if known_ids is not None and m.group(1) not in known_ids:
                probs.add(code_unknown, iid, f"{what} {m.group(1)!r} is unknown", "check the spelling", file=f)
        for iid, value in doc["answers"].items():
            if value is not None and not _whole_on_scale(value, low, high):
                probs.add("ANS006", iid, f"value {value!r} is not a whole number from {low} to {high}",
                          f"give a whole number from {low} to {high}, or null for don't know", file=f)
