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
``sk.exercises.record_to(ctx.answers_dir)`` every ``sk.exercises.check(...)`` records itself.

Error codes
-----------
CLS004  ``exercises.json`` cannot be read or does not have the shape above (it is left untouched)
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

__all__ = ["Feedback", "check", "exercise", "check_number", "pick_area_exercise", "check_weighted_area_score", "check_decision", "EXERCISES",
           "record", "record_to", "read_record", "RECORD_FILE"]

#: The file name :func:`record` writes in a student's answers folder.
RECORD_FILE = "exercises.json"
#: Folder where :func:`check` records every result (None: nothing is recorded); see :func:`record_to`.
_RECORD_DIR = None

#: Registry of exercise ids to their check functions (used by the teaching tools).
EXERCISES: dict = {}


#: Modules whose exercise checks register themselves with :func:`exercise` on import.
EXERCISE_MODULES = ("plan", "application", "design", "evaluation", "improvement")


def check(exercise_id: str, answer, **context) -> "Feedback":
    """Run the check registered for ``exercise_id`` (see :data:`EXERCISES`).

    Stage modules register their checks with the :func:`exercise` decorator; this loads them on
    first use, so a notebook needs only ``sk.exercises.check("02_risk_score", my_answer, plan=plan)``.
    """
    import importlib

    from .. import PUBLIC_MODULES as _m

    def _public(name):
        return _m.get(name, name)

    if exercise_id not in EXERCISES:
        for name in EXERCISE_MODULES:
            try:
                importlib.import_module(f"sedamkit.{_public(name)}")
            except ImportError:
                pass
    if exercise_id not in EXERCISES:
        raise KeyError(f"no exercise {exercise_id!r}; known: {', '.join(sorted(EXERCISES))}")
    result = EXERCISES[exercise_id](answer, **context)
    if _RECORD_DIR is not None and isinstance(result, Feedback):
        record(result, _RECORD_DIR)
    return result


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


def _to_float(answer):
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
    x = _to_float(answer)
    if x is None:
        return Feedback(False, "Write your answer as a number in the cell above, then run this cell again.",
                        exercise_id)
    if abs(x - expected) <= tol:
        return Feedback(True, f"{x:g} is right.", exercise_id)
    for message, value in (mistakes or {}).items():
        if value is not None and abs(x - value) <= tol:
            return Feedback(False, message, exercise_id)
    return Feedback(False, f"{x:g} is not it. Work through the steps in the explanation once more.", exercise_id)


def pick_area_exercise(responses, spec, area: str | None = None):
    """Choose (respondent, area) for exercise 01-A where weights make a visible difference.

    Prefers the pair whose weighted and plain means differ most, so a learner who forgets the
    weights gets a different number. ``area`` restricts the choice to one area.
    """
    from ..methods.scoring import item_scores

    s = item_scores(responses, spec)
    if area is not None:
        s = s[s["area"] == area]
    if s.empty:
        raise ValueError("no answers to build the exercise from")
    s = s.assign(wx=s["score"] * s["weight"])
    g = s.groupby(["respondent", "area"])
    gap = (g["wx"].sum() / g["weight"].sum() - g["score"].mean()).abs()
    best = gap.sort_values(ascending=False, kind="stable").index[0]
    return best


@exercise("01_weighted_area_score")
def check_weighted_area_score(answer, responses, spec, respondent: str, area: str) -> Feedback:
    """Exercise 01-A: a respondent's score for one area, by hand.

    Recognised mistakes: a plain (unweighted) mean of the 0–100 scores; the weighted mean of the raw
    answers instead of 0–100 scores; a raw mean; counting "don't know" as zero.
    """
    from ..methods.scoring import item_scores, respondent_scores

    per = respondent_scores(responses, spec, "area")
    row = per[(per["respondent"] == respondent) & (per["area"] == area)]
    if row.empty:
        return Feedback(False, f"{respondent} answered nothing in {area}; pick another area.", "01_weighted_area_score")
    expected = float(row["score"].iloc[0])
    s = item_scores(responses, spec)
    s = s[(s["respondent"] == respondent) & (s["area"] == area)]
    raw = responses[(responses["respondent"] == respondent) & (responses["area"] == area) & responses["visible"]]
    plain = float(s["score"].mean())
    raw_w = float((s["value"] * s["weight"]).sum() / s["weight"].sum())
    na_zero = None
    if raw["value"].isna().any():  # "don't know" counted as the scale's lowest answer (score 0)
        w = raw["item"].map(lambda i: spec.item(i).weight)
        lo = raw["item"].map(lambda i: spec.scales[spec.item(i).scale].min)
        hi = raw["item"].map(lambda i: spec.scales[spec.item(i).scale].max)
        sc = ((raw["value"] - lo) / (hi - lo) * 100).fillna(0)
        na_zero = float((sc * w).sum() / w.sum())
    mistakes = {
        "You used a plain mean of the 0–100 scores: the item weights count — an item of weight 2 counts twice.": plain,
        "You averaged the raw answers (1–5). First turn each answer into 0–100 with (answer − 1) / 4 × 100.": raw_w,
        "You counted “don't know” as the lowest answer: leave it out of the score instead.": na_zero,
    }
    if expected >= 5:  # a share (0–1) only makes sense as a distinct mistake when it cannot be confused
        mistakes["You gave a share from 0 to 1: scores here are on 0–100, so multiply by 100."] = expected / 100
        x = _to_float(answer)
        if x is not None and abs(x - expected / 100) <= 0.005:
            return Feedback(False, "You gave a share from 0 to 1: scores here are on 0–100, so multiply by 100.",
                            "01_weighted_area_score")
    if abs(plain - expected) < 0.5:
        mistakes.pop(next(iter(mistakes)))
    return check_number(answer, expected, tol=0.5, mistakes=mistakes, exercise_id="01_weighted_area_score")


@exercise("01_decision")
def check_decision(answer, readiness) -> Feedback:
    """Exercise 01-B: which decision do the thresholds give, and which areas block it?

    ``answer`` is a dict ``{"decision": ..., "blocking": [area ids]}`` (any order, any case).
    """
    if isinstance(answer, (tuple, list)) and len(answer) == 2:   # ("go", []) is as good as the dict
        answer = {"decision": answer[0], "blocking": answer[1]}
    if not isinstance(answer, dict) or "decision" not in answer:
        return Feedback(False, "Answer with a dict like {'decision': 'go', 'blocking': []}.", "01_decision")
    if answer.get("decision") is None:
        return Feedback(False, "Fill in the decision ('go', 'prepare_first' or 'not_now') and the blocking areas, "
                        "then run this cell again.", "01_decision")
    want = readiness.decision
    got = str(answer.get("decision", "")).strip().lower().replace(" ", "_").replace("-", "_")
    got = {"prepare": "prepare_first", "notnow": "not_now", "no": "not_now"}.get(got, got)
    raw = answer.get("blocking") or []
    if isinstance(raw, str):
        raw = [x for x in raw.replace(";", ",").split(",") if x.strip()]
    # area ids or area titles, any case
    by_title = {str(t).strip().lower(): a for a, t in zip(readiness.areas["area"], readiness.areas["title"])}
    blocking = {by_title.get(str(a).strip().lower(), str(a).strip().lower()) for a in raw}
    if got != want["decision"]:
        if got == "go" and want["blocking_gaps"]:
            return Feedback(False, "A good overall score is not enough: an area below its threshold blocks a go.",
                            "01_decision")
        if got == "not_now":
            return Feedback(False, "Not now is only for an overall score below the not-now threshold.", "01_decision")
        return Feedback(False, f"The thresholds give another decision than {got!r}; compare the overall score and "
                        "each area with its threshold.", "01_decision")
    missing, extra = set(want["blocking_gaps"]) - blocking, blocking - set(want["blocking_gaps"])
    if missing:
        return Feedback(False, f"Right decision, but you missed blocking areas: {', '.join(sorted(missing))}. "
                        "Remember some areas have their own, higher threshold.", "01_decision")
    if extra:
        return Feedback(False, f"Right decision, but these areas do not block: {', '.join(sorted(extra))}.",
                        "01_decision")
    return Feedback(True, f"{want['decision']} with {len(blocking)} blocking area(s).", "01_decision")


# ---------------------------------------------------------------- recording progress
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
    global _RECORD_DIR
    _RECORD_DIR = None if folder is None else str(folder)


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
