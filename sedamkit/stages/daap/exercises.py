"""The checks of stage 02's exercises, registered with :func:`sedamkit.core.exercises.exercise`:
``02_risk_scores``, ``02_flagged_risks`` and ``02_ignored_gaps``."""
from __future__ import annotations

import re

from ...core.exercises import answer_spec, exercise
from .common import AREA_IDS, checks_data
from .gaps import check_gaps
from .risks import risk_table
from .validate import validate_plan

__all__ = ["risk_score_parts", "check_risk_scores", "check_flagged_risks", "check_ignored_gaps", "expected_risk_scores",
           "expected_flagged_risks", "expected_ignored_gaps"]


def expected_risk_scores(plan, *, checks=None, **_) -> dict:
    """Exercise 02-A's expected answer: ``{risk id: likelihood × impact}``."""
    tab = risk_score_parts(plan, checks=checks)
    return answer_spec({str(r): float(v) for r, v in zip(tab.risk_id, tab.score)}, "mapping")


def expected_flagged_risks(plan, *, checks=None, **_) -> dict:
    """Exercise 02-B's expected answer: the flagged risk ids, among every risk of the register."""
    tab = risk_score_parts(plan, checks=checks)
    return answer_spec(sorted(map(str, tab.loc[tab.flagged, "risk_id"])), "set", choices=list(map(str, tab.risk_id)))


def expected_ignored_gaps(plan, readiness, **_) -> dict:
    """Exercise 02-C's expected answer: the blocking gaps no goal, phase or risk addresses (area ids)."""
    if readiness is None:
        return answer_spec(None, "open")
    g = check_gaps(plan, readiness)
    return answer_spec(sorted(map(str, g.loc[g.ignored_blocking, "area"])), "set", choices=list(map(str, g["area"])))


def risk_score_parts(plan, *, checks=None):
    """Per risk: likelihood, impact, the right score (×) and what the usual slips give (+, mean, max).

    Used by the checks of exercises ``02_risk_scores`` and ``02_flagged_risks``.
    """
    tab = risk_table(plan, checks=checks)
    return tab.assign(added=tab.likelihood + tab.impact, mean=(tab.likelihood + tab.impact) / 2,
                      larger=tab[["likelihood", "impact"]].max(axis=1))


def _norm_ids(answer, known):
    """A learner's ids as a set of canonical ids (case and spaces ignored), or None if unreadable.

    Accepts a list, tuple, set, Series or a string such as ``"r1, R3"``; unknown ids are kept as typed.
    """
    if answer is None or answer is Ellipsis or isinstance(answer, dict):
        return None
    if isinstance(answer, str):
        parts = [p for p in re.split(r"[,;\s]+", answer) if p]
    else:
        try:
            parts = list(answer)
        except TypeError:
            return None
    canon = {str(k).strip().casefold(): k for k in known}
    return {canon.get(str(p).strip().casefold(), str(p).strip()) for p in parts if str(p).strip()}


def _id_feedback(got, expected, mistakes, ex, noun):
    """Compare id sets; name a typical mistake when the answer matches it (and not the right answer)."""
    from ...core.exercises import Feedback, msg

    if got == expected:
        return Feedback(True, msg("learn.ex.02.ids_right", ids=", ".join(sorted(expected)) or msg("learn.ex.none")), ex)
    hits = [m for m, ids in mistakes.items() if ids is not None and set(ids) != expected and set(ids) == got]
    if hits:
        return Feedback(False, msg("learn.ex.or").join(hits), ex)
    missing, extra = sorted(expected - got), sorted(got - expected)
    parts = []  # how many, never which: naming them would give the answer away
    if missing:
        parts.append(msg(f"learn.ex.02.{noun}_missing", n=len(missing)))
    if extra:
        parts.append(msg(f"learn.ex.02.{noun}_extra", n=len(extra)))
    text = "; ".join(parts)
    return Feedback(False, text[:1].upper() + text[1:] + msg("learn.ex.02.once_more"), ex)


@exercise("02_risk_scores", expected=expected_risk_scores)
def check_risk_scores(answer, plan, *, checks=None):
    """Exercise 02-A: the score of every risk in the register, as ``{risk id: score}``.

    Accepts ids in any case and numbers as int, float or text. Recognised mistakes: likelihood
    and impact added (or averaged, or the larger one taken) instead of multiplied; risks left out;
    unknown ids.
    """
    from ...core.exercises import Feedback, msg, num, to_number

    ex = "02_risk_scores"
    tab = risk_score_parts(plan, checks=checks).set_index("risk_id")
    if hasattr(answer, "items") and not isinstance(answer, dict):
        answer = dict(answer.items())
    if not isinstance(answer, dict) or not answer:
        return Feedback(False, msg("learn.ex.02.scores_dict"), ex)
    canon = {str(k).casefold(): k for k in tab.index}
    got, unknown = {}, []
    for k, v in answer.items():
        key = canon.get(str(k).strip().casefold())
        if key is None:
            unknown.append(str(k))
        else:
            got[key] = to_number(v)
    if unknown:
        return Feedback(False, msg("learn.ex.02.unknown_risk", ids=", ".join(unknown)), ex)
    missing = [r for r in tab.index if r not in got]
    if missing:
        return Feedback(False, msg("learn.ex.02.left_out", ids=", ".join(missing)), ex)
    blank = [r for r, v in got.items() if v is None]
    if blank:
        return Feedback(False, msg("learn.ex.02.blank", ids=", ".join(blank)), ex)
    wrong = [r for r in tab.index if abs(got[r] - tab.at[r, "score"]) > 1e-6]
    if not wrong:
        return Feedback(True, msg("learn.ex.02.scores_right", n=num(len(tab))), ex)
    for col in ("added", "mean", "larger"):
        telling = [r for r in wrong if tab.at[r, col] != tab.at[r, "score"]]
        if telling and all(abs(got[r] - tab.at[r, col]) <= 1e-6 for r in wrong):
            return Feedback(False, msg(f"learn.ex.02.scores_{col}"), ex)
    return Feedback(False, msg("learn.ex.02.scores_check", ids=", ".join(wrong)), ex)


@exercise("02_flagged_risks", expected=expected_flagged_risks)
def check_flagged_risks(answer, plan, *, checks=None):
    """Exercise 02-B: the ids of the risks that block the plan — score at or above the threshold
    and no mitigation written.

    Accepts a list, set, tuple or comma-separated text, ids in any order and case. Recognised
    mistakes: ``>`` instead of ``≥`` (a risk exactly at the threshold is high); likelihood and impact
    added; every high risk listed (mitigation ignored); every risk without a mitigation listed
    (threshold ignored).
    """
    from ...core.exercises import msg, num

    ex = "02_flagged_risks"
    chk = checks_data(checks)
    thr = chk["risk"]["threshold"]
    tab = risk_score_parts(plan, checks=checks)
    got = _norm_ids(answer, tab.risk_id)
    if got is None:
        from ...core.exercises import Feedback

        return Feedback(False, msg("learn.ex.02.risk_list"), ex)
    no_mit = ~tab.has_mitigation
    expected = set(tab.loc[tab.flagged, "risk_id"])
    mistakes = {
        msg("learn.ex.02.flag_at_threshold", thr=num(thr)): set(tab.loc[(tab.score > thr) & no_mit, "risk_id"]),
        msg("learn.ex.02.flag_added"): set(tab.loc[(tab.added >= thr) & no_mit, "risk_id"]),
        msg("learn.ex.02.flag_mitigated"): set(tab.loc[tab.at_threshold, "risk_id"]),
        msg("learn.ex.02.flag_unmitigated", thr=num(thr)): set(tab.loc[no_mit, "risk_id"]),
    }
    # two slips giving the same list: say both
    merged: dict = {}
    for m, ids in mistakes.items():
        merged.setdefault(frozenset(ids), []).append(m)
    return _id_feedback(got, expected, {msg("learn.ex.or").join(m): set(k) for k, m in merged.items()}, ex, "flagged")


@exercise("02_ignored_gaps", expected=expected_ignored_gaps)
def check_ignored_gaps(answer, plan, readiness):
    """Exercise 02-C: stage 01's blocking gaps that no goal, phase or risk of the plan addresses.

    Accepts area ids in any order and case. Recognised mistakes: only the goals' ``addresses``
    looked at (phases and risks count too); the weakest areas listed instead of the blocking ones;
    every blocking gap listed (what the plan addresses ignored).
    """
    from ...core.exercises import Feedback, msg

    ex = "02_ignored_gaps"
    if readiness is None:
        return Feedback(False, msg("learn.ex.02.no_stage01"), ex)
    g = check_gaps(plan, readiness)
    got = _norm_ids(answer, AREA_IDS)
    if got is None:
        return Feedback(False, msg("learn.ex.02.area_list"), ex)
    pl = validate_plan(plan)
    by_goals = {a for goal in pl["goals"] for a in goal.get("addresses") or []}
    blocking = set(g.loc[g.blocking, "area"])
    expected = set(g.loc[g.ignored_blocking, "area"])
    mistakes = {
        msg("learn.ex.02.gaps_goals_only"): blocking - by_goals,
        msg("learn.ex.02.gaps_weakest"): set(g.loc[g.weakest & ~g.addressed, "area"]),
        msg("learn.ex.02.gaps_addressed"): blocking,
    }
    return _id_feedback(got, expected, mistakes, ex, "ignored")
