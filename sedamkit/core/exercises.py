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

``exercises.json`` (written atomically; one per student; ``student`` is :func:`learner_name`)::

    {"format": "sedam-exercises", "version": 1, "student": "ana", "updated": "2026-11-02T10:00:00+00:00",
     "exercises": {"01_decision": {"ok": true, "attempts": 3, "message": "go with 0 blocking area(s).",
                                   "first_ok": "2026-11-02T09:58:00+00:00", "last": "2026-11-02T10:00:00+00:00"}}}

``ok`` is true once any attempt was accepted (a later wrong attempt does not undo it);
``attempts`` counts every recorded check; ``message`` is the latest feedback.

Graded hints, the learner's own attempts
----------------------------------------
A check's own message names the slip it recognised, never the answer. :func:`sedamkit.stages.exercises.check`
grades what the learner reads: the first wrong try shows only *where to look* (:func:`where`, the catalogue key
``edu.where.<exercise id>``), later tries the check's narrower message. A check run right after a model-answer
cell (a cell whose code starts with :data:`MODEL_ANSWER_MARKER`, which every cell tagged ``solution`` does:
EDU010) is not the learner's attempt: it is shown, marked, and neither counted nor recorded. So a "Run All" of
the trainer's notebooks does not record every exercise as solved at the first try.

Expected answers
----------------
Each check can register the function giving its expected answer (``@exercise(id, expected=fn)``), from the
same data and the same code as the check. :func:`sedamkit.stages.exercises.expected` returns it with its
*kind* (``number``, ``choice``, ``set``, ``ordered``, ``mapping``, ``fields`` or ``open``), the choices it is
picked from and the ways it may be written, so a test can look for it in what a notebook shows
(``tests/test_fair_exercises.py``). After
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

__all__ = ["Feedback", "exercise", "check_number", "to_number", "EXERCISES", "EXPECTED", "record", "record_to",
           "feedback_language",
           "read_record", "RECORD_FILE", "MODEL_ANSWER_MARKER", "where", "answer_spec", "model_answer_ran",
           "note_cell", "learner_name", "NAME_FILE", "msg", "num", "percent_of",
           "language_of_feedback"]

#: The file name :func:`record` writes in a student's answers folder.
RECORD_FILE = "exercises.json"
#: Folder where :func:`check` records every result (None: nothing is recorded); see :func:`record_to`.
RECORD_DIR = None

#: Language of the feedback (set by :func:`record_to`, i.e. by ``sk.open_stage``).
LANGUAGE = "en"
#: The first line of every model-answer cell (the cells tagged ``solution``; EDU010 checks it).
MODEL_ANSWER_MARKER = "# Model answer"
#: Registry of exercise ids to their check functions; stage modules fill it with :func:`exercise`
#: and :func:`sedamkit.stages.exercises.check` runs them.
EXERCISES: dict = {}
#: Exercise ids to the function giving the expected answer (see :func:`answer_spec`).
EXPECTED: dict = {}
_LAST_CELL = {"model_answer": False}


def language_of_feedback(language: str | None = None):
    """A context manager: within it the checks' messages are in ``language`` (``None``: unchanged).

    :func:`sedamkit.stages.exercises.check` uses it for its ``language=`` argument.

    >>> with language_of_feedback("fr"):
    ...     msg("learn.ex.number_needed")[:6]
    'Écrive'
    """
    import contextlib

    @contextlib.contextmanager
    def _cm():
        global LANGUAGE
        before = LANGUAGE
        if language:
            from .i18n import normalise_language

            LANGUAGE = normalise_language(language)
        try:
            yield LANGUAGE
        finally:
            LANGUAGE = before
    return _cm()


def msg(key: str, **fields) -> str:
    """A check's message: the catalogue text ``key`` (``ui_learn.yaml``) in the feedback's language
    (:data:`LANGUAGE`), its ``{fields}`` filled in (write numbers with :func:`num` first)."""
    from .i18n import t

    return t(key, LANGUAGE, **fields)


def num(x, decimals: int | None = None) -> str:
    """A number of a check's message, written the way the feedback's language writes it (``62,5`` in French).

    ``decimals=None`` keeps up to three significant decimals and drops trailing zeros (like ``:g``).

    >>> num(62.5), num(3)
    ('62.5', '3')
    """
    from . import numfmt

    if decimals is None:
        try:
            v = float(x)
        except (TypeError, ValueError):
            return str(x)
        if math.isnan(v):
            return numfmt.MISSING
        text = f"{v:.3f}".rstrip("0").rstrip(".")
        decimals = len(text.split(".")[1]) if "." in text else 0
    return numfmt.number(x, LANGUAGE, decimals)


def exercise(exercise_id, *, expected=None):
    """Register a check under ``exercise_id``; ``expected`` gives its expected answer (:func:`answer_spec`)."""
    def wrap(fn):
        EXERCISES[exercise_id] = fn
        if expected is not None:
            EXPECTED[exercise_id] = expected
        fn.exercise_id = exercise_id
        return fn
    return wrap


def answer_spec(answer, kind: str, *, choices=None, variants=None, key=None) -> dict:
    """An expected answer as :func:`sedamkit.stages.exercises.expected` returns it (JSON-safe).

    ``kind``: ``number``; ``choice`` (one of ``choices``); ``set`` / ``ordered`` (items of ``choices``);
    ``mapping`` (``{row id: value}``); ``fields`` (``{field: answer_spec}``, all on the row ``key`` when
    given); ``open`` (no single answer). ``variants`` maps a value to the other ways it is written.

    >>> answer_spec(62.5, "number")["kind"]
    'number'
    """
    from .jsonsafe import json_safe

    return json_safe({"kind": kind, "answer": answer, "choices": list(choices or []),
                        "variants": {str(k): [str(x) for x in v] for k, v in (variants or {}).items()}, "key": key})


def where(exercise_id: str, language: str | None = None) -> str:
    """The first-try hint of an exercise: where to look (``edu.where.<id>``), in ``language``."""
    from .i18n import catalogue, t

    key = f"edu.where.{exercise_id}"
    if key not in catalogue():
        key = "edu.where.default"
    return t(key, language or LANGUAGE)


def note_cell(raw_cell: str) -> None:
    """Remember whether the cell about to run is a model answer (IPython's ``pre_run_cell`` calls it)."""
    _LAST_CELL["model_answer"] = str(raw_cell or "").lstrip().startswith(MODEL_ANSWER_MARKER)


def model_answer_ran() -> bool:
    """True when the cell run just before this one was a model answer (see :func:`note_cell`)."""
    return bool(_LAST_CELL.get("model_answer"))


def _watch_cells() -> None:
    """Hook :func:`note_cell` into the running IPython kernel, once (nothing outside IPython).

    ``pre_run_cell`` sees the check's own cell too, so the hook keeps the previous cell's flag in
    ``_LAST_CELL["model_answer"]`` and the current one in ``_LAST_CELL["current"]``.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover — IPython is a dependency
        return
    ip = get_ipython()
    if ip is None or getattr(ip, "_sedam_cell_watch", False):
        return

    def pre(info):
        _LAST_CELL["model_answer"] = _LAST_CELL.get("current", False)
        _LAST_CELL["current"] = str(info.raw_cell or "").lstrip().startswith(MODEL_ANSWER_MARKER)

    ip.events.register("pre_run_cell", pre)
    ip._sedam_cell_watch = True


@dataclass
class Feedback:
    ok: bool
    message: str
    exercise: str = ""

    #: True when the check ran right after a model answer (shown, not counted)
    model_answer: bool = False
    #: The language the message is in ("": :data:`LANGUAGE`); the labels follow it
    language: str = ""

    def _label(self):
        from .i18n import t

        return t("edu.feedback.correct" if self.ok else "edu.feedback.not_yet", self.language or LANGUAGE)

    def _repr_html_(self):
        from .i18n import t

        colour, mark = ("#006644", "✔") if self.ok else ("#8a3b00", "✘")
        note = (f" <i>({html.escape(t('edu.feedback.model_answer', self.language or LANGUAGE))})</i>"
                if self.model_answer else "")
        return (f"<div role='status' style='border-left:4px solid {colour};padding:4px 10px'>"
                f"<b style='color:{colour}'>{mark} {self._label()}</b> — "
                f"{html.escape(self.message)}{note}</div>")

    def __repr__(self):
        """``✘ Not yet: …`` — in French ``✘ Pas encore : …`` (a space before the colon)."""
        from .i18n import t

        return f"{'✔' if self.ok else '✘'} {self._label()}{t('pages.colon', self.language or LANGUAGE)} {self.message}"

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
        return Feedback(False, msg("learn.ex.number_needed"), exercise_id)
    if abs(x - expected) <= tol:
        return Feedback(True, msg("learn.ex.number_right", x=num(x)), exercise_id)
    for message, value in (mistakes or {}).items():
        if value is not None and abs(x - value) <= tol:
            return Feedback(False, message, exercise_id)
    return Feedback(False, msg("learn.ex.number_wrong", x=num(x)), exercise_id)


def percent_of(x, decimals: int = 0) -> str:
    """A percentage already on 0–100 (``61.4``), written the feedback's language's way (``61,4 %`` in French).

    >>> percent_of(61.43, 1)
    '61.4%'
    """
    from . import numfmt

    return numfmt.percent(x, LANGUAGE, decimals, scale=100)


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


def record_to(folder, *, language: str | None = None) -> None:
    """From now on, :func:`check` also records each result in ``<folder>/exercises.json``.

    ``None`` stops recording. A stage notebook (or :func:`sedamkit.open_stage`) can call it with
    the student's answers folder, so exercise completion reaches the class results. ``language`` is
    the language of the feedback. In a kernel it also starts watching for model-answer cells.
    """
    global RECORD_DIR
    RECORD_DIR = None if folder is None else str(folder)
    feedback_language(language)
    _watch_cells()


def feedback_language(language: str | None) -> None:
    """The language of the checks' feedback from now on (a batch run sets it too: a French client's executed
    notebooks say « Correct » in French, not only JupyterLab's)."""
    global LANGUAGE
    if language:
        from .i18n import normalise_language

        LANGUAGE = normalise_language(language)


#: The file, under ``<workspace>/answers/``, where ``sedam hand-in`` keeps the learner's name
#: (:data:`sedamkit.delivery.handin.SETTINGS_FILE`).
NAME_FILE = "student.json"


def learner_name() -> str:
    """Who is answering: the name ``sedam hand-in`` asked once and kept (``answers/student.json`` in the
    workspace), else the operating-system user; never the client's id.

    >>> isinstance(learner_name(), str) and learner_name() != ""
    True
    """
    import getpass
    import json as _json

    from .paths import workspace

    try:
        kept = _json.loads((workspace() / "answers" / NAME_FILE).read_text(encoding="utf-8")).get("name")
    except (OSError, ValueError, AttributeError):
        kept = None
    if kept and str(kept).strip():
        return str(kept).strip()
    try:
        return getpass.getuser() or "learner"
    except Exception:  # noqa: BLE001 — no user name in some containers
        return "learner"


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
    doc["student"] = student or learner_name()   # the learner, never the client's folder ("demo")
    doc["updated"] = now
    write_json(Path(folder) / RECORD_FILE, doc)
    return feedback
