"""Exercise checks that give specific feedback.

Each check looks at a learner's answer, recognises the usual mistakes and says what
went wrong ("you used a plain mean: weights count"), not only right or wrong. A check
never raises on a wrong or missing answer: it returns a :class:`Feedback` that shows
itself in the notebook. ``Feedback.ok`` tells tests whether the answer was accepted.

Recording progress for the trainer
----------------------------------
:func:`record` adds a check's result to ``exercises.json`` in a student's answers folder (the
same folder that holds ``<stage_id>/<respondent>.json``), so the class results
(:mod:`sedamkit.classroom`) can show who completed what. A check cell can wrap its check::

    sk.exercises.record(sk.exercises.check_decision(my_decision, ready), ctx.answers_dir)

``exercises.json`` (written atomically; one per student)::

    {"format": "sedam-exercises", "version": 1, "student": "ana", "updated": "2026-11-02T10:00:00+00:00",
     "exercises": {"01_decision": {"ok": true, "attempts": 3, "message": "go with 0 blocking area(s).",
                                   "first_ok": "2026-11-02T09:58:00+00:00", "last": "2026-11-02T10:00:00+00:00"}}}

``ok`` is true once any attempt was accepted (a later wrong attempt does not undo it);
``attempts`` counts every recorded check; ``message`` is the latest feedback. After
``sk.exercises.record_to(ctx.answers_dir)`` every ``sk.exercises.check(...)`` records itself
(:func:`sedamkit.stages.exercises.check` reads :data:`RECORD_DIR`).

Error codes
-----------
CLS004  ``exercises.json`` cannot be read or does not have the shape above (it is left untouched)
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

__all__ = ["Feedback", "exercise", "check_number", "to_number", "EXERCISES", "record", "record_to", "read_record", "RECORD_FILE"]

#: The file name :func:`record` writes in a student's answers folder.
RECORD_FILE = "exercises.json"
#: Folder where :func:`check` records every result (None: nothing is recorded); see :func:`record_to`.
RECORD_DIR = None

#: Registry of exercise ids to their check functions; stage modules fill it with :func:`exercise`
#: and :func:`sedamkit.stages.exercises.check` runs them.
EXERCISES: dict = {}


def exercise(exercise_id):
    def wrap(fn):
        EXERCISES[exercise_id] = fn
        fn.exercise_id = exercise_id
        return fn
    return wrap


@dataclass
class Feedback:
    ok: bool
    message: str
    exercise: str = ""

    def _repr_html_(self):
        colour, mark = ("#006644", "✔") if self.ok else ("#8a3b00", "✘")
        return (f"<div role='status' style='border-left:4px solid {colour};padding:4px 10px'>"
                f"<b style='color:{colour}'>{mark} {'Correct' if self.ok else 'Not yet'}</b> — "
                f"{html.escape(self.message)}</div>")

    def __repr__(self):
        return f"{'✔ Correct' if self.ok else '✘ Not yet'}: {self.message}"

    def __bool__(self):
        return self.ok


def to_number(answer):
    if answer is None or answer is Ellipsis:
        return None
    try:
        x = float(str(answer).strip().rstrip("%").replace(",", "."))
    except ValueError:
        return None
    return None if math.isnan(x) else x


def check_number(answer, expected: float, *, tol: float = 0.5, mistakes: dict | None = None,
                 exercise_id: str = "") -> Feedback:
    """Accept any number (or numeric string, ``"62.5%"``) within ``tol`` of ``expected``.

    ``mistakes`` maps a message to the value a typical mistake gives; the first one within
    ``tol`` is reported.

    >>> check_number(62.4, 62.5).ok
    True
    >>> check_number("50", 62.5, mistakes={"You used a plain mean.": 50}).message
    'You used a plain mean.'
    """
    x = to_number(answer)
    if x is None:
        return Feedback(False, "Write your answer as a number in the cell above, then run this cell again.",
                        exercise_id)
    if abs(x - expected) <= tol:
        return Feedback(True, f"{x:g} is right.", exercise_id)
    for message, value in (mistakes or {}).items():
        if value is not None and abs(x - value) <= tol:
            return Feedback(False, message, exercise_id)
    return Feedback(False, f"{x:g} is not it. Work through the steps in the explanation once more.", exercise_id)


def _now() -> str:
    import datetime as _dt

    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def read_record(folder) -> dict:
    """Read ``<folder>/exercises.json`` (an empty record when there is none).

    Raises :class:`~sedamkit.core.errors.SedamError` CLS004 when the file is damaged or has another shape.

    >>> import tempfile
    >>> read_record(tempfile.mkdtemp())["exercises"]
    {}
    """
    from pathlib import Path

    from .errors import Problem, SedamError
    from .fileio import read_json

    path = Path(folder) / RECORD_FILE
    if not path.exists():
        return {"format": "sedam-exercises", "version": 1, "student": None, "updated": None, "exercises": {}}
    doc = read_json(path, code="CLS004")
    ok = isinstance(doc, dict) and isinstance(doc.get("exercises"), dict) and all(
        isinstance(v, dict) and isinstance(v.get("ok"), bool) for v in doc["exercises"].values())
    if not ok:
        raise SedamError(Problem("CLS004", str(path), "exercises", "not an exercises record (each exercise needs "
                                 "an 'ok' true/false)", "delete the file and run the checks again"))
    return doc


def record_to(folder) -> None:
    """From now on, :func:`check` also records each result in ``<folder>/exercises.json``.

    ``None`` stops recording. A stage notebook (or :func:`sedamkit.open_stage`) can call it with
    the student's answers folder, so exercise completion reaches the class results.
    """
    global RECORD_DIR
    RECORD_DIR = None if folder is None else str(folder)


def record(feedback: Feedback, folder, *, student: str | None = None) -> Feedback:
    """Add a check's result to ``<folder>/exercises.json`` and return the feedback unchanged.

    ``folder`` is the student's answers folder (``ctx.answers_dir``). Feedback without an
    exercise id is returned without being recorded. A damaged record is never overwritten
    (CLS004 is raised).

    >>> import tempfile, json, pathlib
    >>> d = tempfile.mkdtemp()
    >>> _ = record(Feedback(False, "not yet", "01_decision"), d)
    >>> _ = record(Feedback(True, "go", "01_decision"), d)
    >>> doc = json.loads((pathlib.Path(d) / "exercises.json").read_text())
    >>> doc["exercises"]["01_decision"]["ok"], doc["exercises"]["01_decision"]["attempts"]
    (True, 2)
    """
    from pathlib import Path

    from .fileio import write_json

    if not getattr(feedback, "exercise", ""):
        return feedback
    doc = read_record(folder)
    now = _now()
    entry = doc["exercises"].get(feedback.exercise, {"ok": False, "attempts": 0, "first_ok": None})
    entry["attempts"] = int(entry.get("attempts", 0)) + 1
    entry["message"] = feedback.message
    entry["last"] = now
    if feedback.ok and not entry.get("ok"):
        entry["first_ok"] = now
    entry["ok"] = bool(entry.get("ok")) or bool(feedback.ok)
    doc["exercises"][feedback.exercise] = entry
    doc["student"] = student or doc.get("student") or Path(folder).resolve().name
    doc["updated"] = now
    write_json(Path(folder) / RECORD_FILE, doc)
    return feedback
