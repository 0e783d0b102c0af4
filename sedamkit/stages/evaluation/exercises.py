"""Stage 05's exercise checks (05-A the statuses, 05-B the expected point); importing registers them."""
from __future__ import annotations

from ...core.exercises import Feedback, answer_spec, check_number, exercise, msg, num
from .common import ALL, STATUS_LABELS, STATUSES, plan_result
from .kpi_status import expected_value, status_counts, status_of

__all__ = ["check_statuses", "check_expected_value", "first_values", "expected_statuses", "expected_point"]


def expected_statuses(status, **_) -> dict:
    """Exercise 05-A's expected answer: ``{kpi id: status}`` (labels as variants)."""
    variants = {s: [STATUS_LABELS[s], s.replace("_", " ")] for s in STATUSES}
    return answer_spec(dict(zip(map(str, status["kpi_id"]), map(str, status["status"]))), "mapping", variants=variants)


def expected_point(status, kpi_id: str, **_) -> dict:
    """Exercise 05-B's expected answer: the KPI's expected (on-track) point at its latest period."""
    rows = status.set_index("kpi_id")
    ok = kpi_id in rows.index and rows.loc[kpi_id, "status"] != "not_measurable"
    return answer_spec(float(rows.loc[kpi_id, "expected"]) if ok else None, "number")


# =============================================================================== exercises
def _status_key(x) -> str:
    return " ".join(str(x or "").strip().casefold().replace("-", " ").replace("_", " ").split())


def _status_aliases() -> dict:
    """Every way of writing a status a learner may use: the ids, and each language's label in the catalogue
    (``learn.status.*``; "atteint (met)" gives both "atteint" and "met"), plus a few common synonyms."""
    import re

    from ...core.i18n import catalogue

    out = {_status_key(s): s for s in STATUSES}
    for s in STATUSES:
        for text in catalogue()[f"learn.status.{s}"].values():
            for part in re.split(r"[()]", text):
                if _status_key(part):
                    out.setdefault(_status_key(part), s)
    extra = {"ontrack": "on_track", "offtrack": "off_track", "notmeasurable": "not_measurable",
             "not measured": "not_measurable", "n/a": "not_measurable", "na": "not_measurable",
             "reached": "met", "achieved": "met", "non mesuré": "not_measurable", "hors trajectoire": "off_track"}
    return {**extra, **out}


def _norm_status(x):
    """A learner's status in any accepted wording (English or French), as its id; anything else unchanged."""
    return _status_aliases().get(_status_key(x), str(x or "").strip())


@exercise("05_kpi_status", expected=expected_statuses)
def check_statuses(answer, status, plan=None, values=None) -> Feedback:
    """Exercise 05-A: the status of every KPI, by hand.

    ``answer``: ``{kpi_id: status}`` (``"on track"``, ``"On-track"`` and ``on_track`` are the same);
    ``status``: the output of :func:`kpi_status`. Recognised mistakes, for the first wrong KPI:
    "met" (or on track) for a lower-is-better KPI above its target (direction ignored); on track judged
    against the wrong baseline (the first measured value instead of the plan's); judged against the
    target instead of the planned path (off track although at or beyond the expected point); on track
    although below the expected point; a status for a KPI without data.
    """
    eid = "05_kpi_status"
    if isinstance(answer, (list, tuple)) and len(answer) == len(status):
        answer = dict(zip(status["kpi_id"], answer))
    if not isinstance(answer, dict) or not answer or all(v is None for v in answer.values()):
        return Feedback(False, msg("learn.ex.05.status_dict"), eid)
    want = dict(zip(status["kpi_id"], status["status"]))
    missing = [k for k in want if k not in answer or answer[k] is None]
    if missing:
        return Feedback(False, msg("learn.ex.05.status_missing", ids=", ".join(missing)), eid)
    rows = status.set_index("kpi_id")
    bad = [k for k, w in want.items() if _norm_status(answer[k]) in STATUSES and _norm_status(answer[k]) != w]
    lead = msg("learn.ex.05.status_lead", n=num(len(bad)), k=num(len(want))) + " " if bad else ""
    for kid, w in want.items():  # a hint for the first wrong KPI; never the status it should have
        got = _norm_status(answer[kid])
        if got not in STATUSES:
            return Feedback(False, msg("learn.ex.05.status_unknown", kid=kid, given=repr(answer[kid])), eid)
        if got == w:
            continue
        r = rows.loc[kid]
        if w == "not_measurable":
            return Feedback(False, lead + msg("learn.ex.05.status_judge_first", kid=kid), eid)
        if got == "not_measurable":
            return Feedback(False, lead + msg("learn.ex.05.status_has_value", kid=kid, latest=num(r["latest"], 2),
                                              period=r["latest_period"]), eid)
        flipped = status_of(-r["latest"], -r["target"], -r["expected"], r["direction"])
        if r["direction"] == "lower" and got in ("met", "on_track") and got == flipped:
            return Feedback(False, lead + msg("learn.ex.05.status_lower", kid=kid, latest=num(r["latest"], 2),
                                              target=num(r["target"])), eid)
        if r["direction"] == "higher" and got == flipped:
            return Feedback(False, lead + msg("learn.ex.05.status_higher", kid=kid), eid)
        if w == "on_track" and got == "off_track":
            return Feedback(False, lead + msg("learn.ex.05.status_path", kid=kid, latest=num(r["latest"], 2)), eid)
        if w == "off_track" and got == "on_track":
            first = first_values(values).get(kid) if values is not None else None
            if first is not None and plan is not None:
                e2 = expected_value(first, r["target"], plan_result(plan)["period"]["start"], r["due"], r["as_of"])
                if status_of(r["latest"], r["target"], e2, r["direction"]) == "on_track":
                    return Feedback(False, lead + msg("learn.ex.05.status_first_value", kid=kid,
                                                      baseline=num(r["baseline"])), eid)
            return Feedback(False, lead + msg("learn.ex.05.status_expected", kid=kid, latest=num(r["latest"], 2),
                                              baseline=num(r["baseline"]), target=num(r["target"])), eid)
        if w == "met":
            return Feedback(False, lead + msg("learn.ex.05.status_target", kid=kid, latest=num(r["latest"], 2),
                                              target=num(r["target"])), eid)
        return Feedback(False, lead + msg("learn.ex.05.status_not", kid=kid, status=msg(f"learn.status.{got}")), eid)
    counts = status_counts(status)
    return Feedback(True, msg("learn.ex.05.status_right", counts=", ".join(
        f"{num(counts[s])} {msg(f'learn.status.{s}')}" for s in STATUSES)), eid)


def first_values(values) -> dict:
    """``{kpi_id: first pooled value}`` — used by the checks to spot the wrong-baseline mistake."""
    meas = values[values["measurable"].astype(bool) & (values["region"] == ALL)].sort_values("period_start")
    return {k: float(g["value"].iloc[0]) for k, g in meas.groupby("kpi_id")}


@exercise("05_expected_value", expected=expected_point)
def check_expected_value(answer, status, kpi_id: str, plan=None, values=None) -> Feedback:
    """Exercise 05-B: the expected (on-track) point of one KPI at its latest period.

    Recognised mistakes: the end of the period used instead of its middle (which gives the target
    itself at the due date); the first measured value used as the baseline; the fraction of time
    taken from the whole plan period end instead of the KPI's due date; the target given instead.
    """
    eid = "05_expected_value"
    rows = status.set_index("kpi_id")
    if kpi_id not in rows.index or rows.loc[kpi_id, "status"] == "not_measurable":
        return Feedback(False, msg("learn.ex.05.pick_measurable", kid=kpi_id), eid)
    r = rows.loc[kpi_id]
    pr = plan_result(plan) if plan is not None else None
    start = pr["period"]["start"] if pr else None
    expected = float(r["expected"])
    mistakes = {}
    if pr is not None:
        import pandas as pd

        per = pd.Period(str(r["latest_period"]))
        mistakes[msg("learn.ex.05.exp_period_end")] = \
            expected_value(r["baseline"], r["target"], start, r["due"], per.end_time)
        if values is not None:
            fv = first_values(values).get(kpi_id)
            if fv is not None and abs(fv - r["baseline"]) > 1e-9:
                mistakes[msg("learn.ex.05.exp_first_value")] = expected_value(fv, r["target"], start, r["due"],
                                                                           r["as_of"])
        end = pr["period"].get("end")
        if end and str(end) != str(r["due"]):
            mistakes[msg("learn.ex.05.exp_plan_end")] = \
                expected_value(r["baseline"], r["target"], start, end, r["as_of"])
    mistakes[msg("learn.ex.05.exp_target")] = \
        float(r["target"])
    tol = max(abs(float(r["target"]) - float(r["baseline"])) * 0.01, 1e-6)
    mistakes = {m: v for m, v in mistakes.items() if abs(v - expected) > tol}
    return check_number(answer, expected, tol=tol, mistakes=mistakes, exercise_id=eid)

