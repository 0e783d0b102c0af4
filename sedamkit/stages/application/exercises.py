"""Stage 03 exercise checks (registered on import): coverage counts, the priority score and the teams a
recognition rule recognises."""
from __future__ import annotations

from ...core.exercises import Feedback, answer_spec, exercise, msg, num, percent_of
from .assessment import levels_or_default, planned_by_element, validate_assessment
from .coverage import coverage_table, priorities
from .views import planned_frame

__all__ = ['pick_coverage_element', 'check_coverage_counts', 'pick_priority_element', 'check_priority_score',
           'check_recognised_teams', 'expected_coverage_counts', 'expected_priority_score', 'expected_recognised_teams']


def expected_coverage_counts(assessment, plan, element: str, *, catalogue=None, **_) -> dict:
    """Exercise 03-A's expected answer: ``in_use`` and ``planned`` on the element's row."""
    row = coverage_table(assessment, plan, catalogue=catalogue).set_index("element").loc[element]
    return answer_spec({"in_use": answer_spec(int(row.n_in_use), "number"),
                        "planned": answer_spec(int(row.n_planned), "number")}, "fields", key=element)


def expected_priority_score(assessment, plan, element: str, *, catalogue=None, levels=None, **_) -> dict:
    """Exercise 03-B's expected answer: the element's priority score (0–100)."""
    pr = priorities(assessment, plan, catalogue=catalogue, levels=levels).set_index("element")
    return answer_spec(float(pr.loc[element, "score"]), "number")


def expected_recognised_teams(table, **_) -> dict:
    """Exercise 03-C's expected answer: the teams the recognition rule recognises, among all teams."""
    from .teams import recognised_teams

    if table is None:
        return answer_spec(None, "open")
    return answer_spec(sorted(map(str, recognised_teams(table))), "set", choices=list(map(str, table["team"])))


# --------------------------------------------------------------------------- exercises (stage 03)
def pick_coverage_element(assessment, plan=None) -> str:
    """The element for exercise 03-A: one where the plan names an approach already in use (so that
    slip shows), preferring one with new planned approaches too; else the element with most planned."""
    pf = planned_frame(plan, assessment)
    pf = pf.assign(overlap=pf.already_in_use != "", _o=range(len(pf)))
    best = pf.sort_values(["overlap", "n_new", "_o"], ascending=[False, False, True], kind="stable")
    both = pf[pf.overlap & (pf.n_new > 0)]
    return str((both if len(both) else best).iloc[0]["element"])


def _counts(answer):
    """(in_use, planned) from a dict with those keys (any case) or a pair; None if unreadable."""
    from ...core.exercises import to_number

    if hasattr(answer, "items"):
        low = {str(k).strip().casefold().replace(" ", "_").replace("-", "_"): v for k, v in dict(answer.items()).items()}
        if "in_use" not in low or "planned" not in low:
            return None
        pair = (low["in_use"], low["planned"])
    elif isinstance(answer, (list, tuple)) and len(answer) == 2:
        pair = tuple(answer)
    else:
        return None
    out = tuple(to_number(x) for x in pair)
    return None if None in out else out


@exercise("03_coverage_counts", expected=expected_coverage_counts)
def check_coverage_counts(answer, assessment, plan, element: str, *, catalogue=None):
    """Exercise 03-A: for one element, how many catalogue approaches are in use and how many are
    planned (in the plan and not already in use).

    ``answer`` is ``{"in_use": n, "planned": m}`` (keys in any case) or a pair ``(n, m)``; numbers
    may be text. Recognised mistakes: a planned approach that is already in use counted as planned
    too; planned approaches counted as in use; tools outside the catalogue (``other_tools``) counted.
    """
    ex = "03_coverage_counts"
    got = _counts(answer)
    if got is None:
        return Feedback(False, msg("learn.ex.03.counts_dict"), ex)
    row = coverage_table(assessment, plan, catalogue=catalogue).set_index("element").loc[element]
    want = (int(row.n_in_use), int(row.n_planned))
    if got == want:
        return Feedback(True, msg("learn.ex.03.counts_right", element=element, in_use=num(want[0]),
                                  planned=num(want[1])), ex)
    plan_all = planned_by_element(plan, catalogue=catalogue)[element]
    in_use = validate_assessment(assessment, catalogue=catalogue)["elements"][element]["in_use"]
    union = len(set(in_use) | set(plan_all))
    msgs = []
    if got[1] != want[1] and got[1] == len(plan_all):
        msgs.append(msg("learn.ex.03.counts_overlap"))
    if got[0] != want[0] and got[0] in (union, want[0] + want[1]):
        msgs.append(msg("learn.ex.03.counts_planned_in_use"))
    if got[0] != want[0] and got[0] == want[0] + int(row.n_other_tools) and row.n_other_tools:
        msgs.append(msg("learn.ex.03.counts_other_tools"))
    if msgs:
        return Feedback(False, " ".join(msgs), ex)
    which = [name for name, g, w in (("in_use", got[0], want[0]), ("planned", got[1], want[1])) if g != w]
    return Feedback(False, msg("learn.ex.03.counts_check", which=msg("learn.ex.and").join(which), element=element), ex)


def pick_priority_element(assessment, plan=None, *, catalogue=None, levels=None) -> str:
    """The element for exercise 03-B: the highest-ranked one where importance counts and
    maturity ≠ 2 (so weakness and maturity ÷ 4 differ); else the top-ranked element."""
    pr = priorities(assessment, plan, catalogue=catalogue, levels=levels)
    ok = pr[(pr.importance > 0) & (pr.maturity != 2)]
    return str((ok if len(ok) else pr).iloc[0]["element"])


@exercise("03_priority_score", expected=expected_priority_score)
def check_priority_score(answer, assessment, plan, element: str, *, catalogue=None, levels=None):
    """Exercise 03-B: an element's priority score (0–100) by hand.

    Numbers may be text; within 0.5 counts as right. Recognised mistakes: importance left out;
    importance as a raw count (not divided by the largest count); maturity ÷ 4 used instead of
    weakness (4 − maturity) ÷ 4; *uncovered* read as "nothing in use" instead of "no planned
    approach"; the result left on 0–1 (not × 100).
    """
    from ...core.exercises import check_number

    lv = levels_or_default(levels)
    w = lv["priority_weights"]
    pr = priorities(assessment, plan, catalogue=catalogue, levels=levels).set_index("element")
    r = pr.loc[element]
    raw = int(r.n_goals + r.n_kpis)
    exp = float(r.score)

    def s(weak=r.weakness, imp=r.importance, unc=r.uncovered):
        return 100 * (w["weakness"] * weak + w["importance"] * imp + w["uncovered"] * unc)

    mistakes = {
        msg("learn.ex.03.prio_no_importance", weight=num(w["importance"])): s(imp=0),
        msg("learn.ex.03.prio_raw_importance"): s(imp=raw),
        msg("learn.ex.03.prio_weakness"): s(weak=r.maturity / 4),
        msg("learn.ex.03.prio_uncovered"): s(unc=int(r.n_in_use == 0)),
        msg("learn.ex.03.prio_times_100"): exp / 100,
    }
    mistakes = {m: v for m, v in mistakes.items() if abs(v - exp) > 0.5}
    return check_number(answer, exp, tol=0.5, mistakes=mistakes, exercise_id="03_priority_score")


@exercise("03_recognised_teams", expected=expected_recognised_teams)
def check_recognised_teams(answer, table):
    """Exercise 03-C (7.3.2.4): which teams does the kit's recognition rule recognise in ``table``
    (:func:`sedamkit.stages.application.teams.team_feedback` output)?

    ``answer`` is a list of team names (any case), or an empty list. Recognised mistakes: a team taken for
    its CSAT point value above the organization's although its interval reaches below it; a team with too few
    answers to be reported."""
    from .teams import recognised_teams

    ex = "03_recognised_teams"
    if table is None:
        return Feedback(False, msg("learn.ex.03.no_survey"), ex)
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set)):
        return Feedback(False, msg("learn.ex.03.team_list"), ex)
    names = {str(t).strip().casefold(): str(t) for t in table["team"]}
    got = {str(a).strip().casefold() for a in answer}
    unknown = sorted(got - set(names))
    if unknown:
        return Feedback(False, msg("learn.ex.03.unknown_team", teams=", ".join(unknown)), ex)
    want = {t.casefold() for t in recognised_teams(table)}
    if got == want:
        return Feedback(True, msg("learn.ex.03.teams_right",
                                  teams=", ".join(names[t] for t in sorted(want)) or msg("learn.ex.none")), ex)
    bench = table.attrs.get("overall_csat")
    rows = table.assign(key=table["team"].astype(str).str.casefold()).set_index("key")
    msgs = []
    small = [names[t] for t in got - want if not rows.loc[t, "reportable"]]
    if small:
        msgs.append(msg("learn.ex.03.teams_small", teams=", ".join(small)))
    lucky = [names[t] for t in got - want if rows.loc[t, "reportable"] and rows.loc[t, "csat"] >= bench]
    if lucky:
        msgs.append(msg("learn.ex.03.teams_lucky", teams=", ".join(lucky), bench=percent_of(bench, 1)))
    missed = want - got
    if missed:  # how many, never which
        msgs.append(msg("learn.ex.03.teams_missed", n=len(missed)))
    return Feedback(False, " ".join(msgs) or msg("learn.ex.03.teams_compare"), ex)
