"""Exercise checks, as notebooks call them: ``sk.exercises.check("02_risk_scores", answer, plan=plan)``.

Each stage registers its checks (its definition's ``exercise_module``); :func:`check` loads them
from the stage registry on first use. Feedback and progress recording are
:mod:`sedamkit.core.exercises`, re-exported here.
"""
from __future__ import annotations

import importlib

from ..core import exercises as _core
from ..core.exercises import EXERCISES, RECORD_FILE, Feedback, check_number, exercise, read_record, record, record_to
from .necessity_feasibility.exercises import check_decision, check_weighted_area_score, pick_area_exercise

__all__ = ["check", "Feedback", "exercise", "check_number", "EXERCISES", "record", "record_to", "read_record",
           "RECORD_FILE", "pick_area_exercise", "check_weighted_area_score", "check_decision", "load_all"]


def load_all() -> dict:
    """Import every stage's exercise module so :data:`EXERCISES` holds every check; return it."""
    from . import STAGES

    for s in STAGES:
        if s.exercise_module:
            importlib.import_module(f"sedamkit.{s.exercise_module}")
    return EXERCISES


def check(exercise_id: str, answer, **context) -> Feedback:
    """Run the check registered for ``exercise_id``; record it when :func:`record_to` named a folder."""
    if exercise_id not in EXERCISES:
        load_all()
    if exercise_id not in EXERCISES:
        raise KeyError(f"no exercise {exercise_id!r}; known: {', '.join(sorted(EXERCISES))}")
    result = EXERCISES[exercise_id](answer, **context)
    if _core.RECORD_DIR is not None and isinstance(result, Feedback):
        record(result, _core.RECORD_DIR)
    return result
