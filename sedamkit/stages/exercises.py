"""Exercise checks, as notebooks call them: ``sk.exercises.check("02_risk_scores", answer, plan=plan)``.

Each stage registers its checks (its definition's ``exercise_module``); :func:`check` loads them
from the stage registry on first use. Feedback and progress recording are
:mod:`sedamkit.core.exercises`, re-exported here.
"""
from __future__ import annotations

import importlib

from ..core import exercises as _core
from ..core.exercises import (EXERCISES, EXPECTED, RECORD_FILE, Feedback, check_number, exercise, read_record, record,
                              record_to)
from .necessity_feasibility.exercises import (check_decision, check_weighted_area_score, learner_and_team,
                                              pick_area_exercise, you_beside_team)
from .necessity_feasibility.notes import area_exercise_line, readiness_line, result_written_note

__all__ = ["check", "Feedback", "exercise", "check_number", "EXERCISES", "record", "record_to", "read_record",
           "RECORD_FILE", "pick_area_exercise", "check_weighted_area_score", "check_decision", "load_all", "expected",
           "reset_tries", "graded_hints", "EXPECTED",
           "learner_and_team", "you_beside_team", "readiness_line", "area_exercise_line", "result_written_note"]

#: Wrong tries per exercise in this kernel (the learner's own; model-answer runs are not counted).
_TRIES: dict = {}


def load_all() -> dict:
    """Import every stage's exercise module so :data:`EXERCISES` holds every check; return it."""
    from . import STAGES

    for s in STAGES:
        if s.exercise_module:
            importlib.import_module(f"sedamkit.{s.exercise_module}")
    return EXERCISES


def _registered(exercise_id: str, registry: dict):
    if exercise_id not in registry:
        load_all()
    if exercise_id not in registry:
        raise KeyError(f"no exercise {exercise_id!r}; known: {', '.join(sorted(registry))}")
    return registry[exercise_id]


_GRADED = {"on": None}


def graded_hints(on: bool | None) -> None:
    """Force graded hints on (``True``) or off (``False``); ``None``: on only inside an IPython kernel."""
    _GRADED["on"] = on


def _graded() -> bool:
    if _GRADED["on"] is not None:
        return bool(_GRADED["on"])
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    return get_ipython() is not None


def reset_tries(exercise_id: str | None = None) -> None:
    """Forget the wrong tries of one exercise (or of all), so the next hint is the first one again."""
    if exercise_id is None:
        _TRIES.clear()
    else:
        _TRIES.pop(exercise_id, None)


def check(exercise_id: str, answer, *, language: str | None = None, **context) -> Feedback:
    """Run the check registered for ``exercise_id``, grade its hint, record it when :func:`record_to` named a
    folder.

    Graded hints (for a person at a notebook: in an IPython kernel, or after ``graded_hints(True)``): the first
    wrong try of an exercise shows where to look (:func:`sedamkit.core.exercises.where`), later ones the check's
    own, narrower message. Scripts and tests get the check's message at once. The messages are in ``language``
    (default: the one :func:`record_to` was given, i.e. the stage's), numbers written its way. An empty answer (``None``) is not a
    try. A check run right after a model-answer cell is marked ``model_answer`` and neither counted nor recorded.

    >>> graded_hints(True)
    >>> fb = check("07_principle_match", {"a": "emotional", "b": "emotional", "c": "emotional", "d": "emotional"})
    >>> fb.ok, fb.message == _core.where("07_principle_match")
    (False, True)
    >>> check("07_principle_match", {"a": "emotional", "b": "emotional", "c": "emotional", "d": "x"}).message[:2]
    'Gi'
    >>> graded_hints(None); reset_tries()
    """
    fn = _registered(exercise_id, EXERCISES)
    with _core.language_of_feedback(language) as lang:
        result = fn(answer, **context)
    if not isinstance(result, Feedback):
        return result
    result.language = lang
    if _core.model_answer_ran():
        result.model_answer = True
        return result
    if not result.ok and answer is not None and _graded():
        _TRIES[exercise_id] = _TRIES.get(exercise_id, 0) + 1
        if _TRIES[exercise_id] == 1:
            result.message = _core.where(exercise_id, lang)
    if _core.RECORD_DIR is not None:
        record(result, _core.RECORD_DIR)
    return result


def expected(exercise_id: str, answer=None, **context) -> dict:
    """The expected answer of an exercise, from the same data and code as its check (``answer`` is ignored, so a
    check call can be turned into this one by its name alone).

    Returns :func:`sedamkit.core.exercises.answer_spec`'s dict: ``kind``, ``answer``, ``choices``, ``variants``,
    ``key``. Exercises with no single answer (a question to write) give ``kind: "open"``.

    >>> expected("07_design_evaluation", None, option={"name": "x", "customer": 4, "capability": 4,
    ...          "sustainability": 2})["answer"]["verdict"]["answer"]
    'rework'
    """
    del answer
    if exercise_id not in EXPECTED:
        _registered(exercise_id, EXERCISES)
    fn = EXPECTED.get(exercise_id)
    return _core.answer_spec(None, "open") if fn is None else fn(**context)
