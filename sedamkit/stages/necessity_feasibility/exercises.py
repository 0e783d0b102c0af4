"""Stage 01's exercise checks: a weighted area score and the go / prepare first / not now decision."""
from __future__ import annotations

from ...core.exercises import Feedback, answer_spec, check_number, exercise, msg, to_number
from ..learner import learner_and_team  # shared by every stage; re-exported here for stage 01

__all__ = ["pick_area_exercise", "check_weighted_area_score", "check_decision", "expected_area_score",
           "expected_decision", "learner_and_team", "you_beside_team"]


def you_beside_team(mine, team, spec, language: str = "en"):
    """The learner's area scores beside the team's mean, labelled "you" and "the management team" in
    ``language`` (numbers on 0–100, one decimal); ``None`` when the learner has answered nothing yet."""
    from ...methods.scoring import respondent_scores
    from ..learner import beside_table

    if mine is None or not len(mine):
        return None
    you = respondent_scores(mine, spec, "area").groupby("area")["score"].mean()
    them = respondent_scores(team, spec, "area").groupby("area")["score"].mean()
    return beside_table({a["id"]: spec.text(a["title"]) for a in spec.areas}, you, them, language)


_DECISIONS = {"go": ["go"], "prepare_first": ["prepare first", "prepare-first"], "not_now": ["not now", "not-now"]}


def pick_area_exercise(responses, spec, area: str | None = None):
    """Choose (respondent, area) for exercise 01-A where weights make a visible difference.

    Prefers the pair whose weighted and plain means differ most, so a learner who forgets the
    weights gets a different number. ``area`` restricts the choice to one area.
    """
    from ...methods.scoring import item_scores

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


def expected_area_score(responses, spec, respondent: str, area: str, **_) -> dict:
    """Exercise 01-A's expected answer: the respondent's weighted area score (0–100)."""
    from ...methods.scoring import respondent_scores

    per = respondent_scores(responses, spec, "area")
    row = per[(per["respondent"] == respondent) & (per["area"] == area)]
    return answer_spec(None if row.empty else float(row["score"].iloc[0]), "number")


def expected_decision(readiness, **_) -> dict:
    """Exercise 01-B's expected answer: the decision and the blocking areas (ids; titles as variants)."""
    areas = readiness.areas
    titles = {str(a): [str(t)] for a, t in zip(areas["area"], areas["title"])}
    want = readiness.decision
    return answer_spec({"decision": answer_spec(want["decision"], "choice", choices=list(_DECISIONS), variants=_DECISIONS),
                        "blocking": answer_spec(sorted(want["blocking_gaps"]), "set", choices=list(titles),
                                                variants=titles)}, "fields")


@exercise("01_weighted_area_score", expected=expected_area_score)
def check_weighted_area_score(answer, responses, spec, respondent: str, area: str) -> Feedback:
    """Exercise 01-A: a respondent's score for one area, by hand.

    Recognised mistakes: a plain (unweighted) mean of the 0–100 scores; the weighted mean of the raw
    answers instead of 0–100 scores; a raw mean; counting "don't know" as zero.
    """
    from ...methods.scoring import item_scores, respondent_scores

    per = respondent_scores(responses, spec, "area")
    row = per[(per["respondent"] == respondent) & (per["area"] == area)]
    if row.empty:
        return Feedback(False, msg("learn.ex.01.nothing_in_area", respondent=respondent, area=area), "01_weighted_area_score")
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
        msg("learn.ex.01.plain_mean"): plain,
        msg("learn.ex.01.raw_answers"): raw_w,
        msg("learn.ex.01.dont_know_zero"): na_zero,
    }
    if expected >= 5:  # a share (0–1) only makes sense as a distinct mistake when it cannot be confused
        mistakes[msg("learn.ex.01.share")] = expected / 100
        x = to_number(answer)
        if x is not None and abs(x - expected / 100) <= 0.005:
            return Feedback(False, msg("learn.ex.01.share"), "01_weighted_area_score")
    if abs(plain - expected) < 0.5:
        mistakes.pop(next(iter(mistakes)))
    return check_number(answer, expected, tol=0.5, mistakes=mistakes, exercise_id="01_weighted_area_score")


@exercise("01_decision", expected=expected_decision)
def check_decision(answer, readiness) -> Feedback:
    """Exercise 01-B: which decision do the thresholds give, and which areas block it?

    ``answer`` is a dict ``{"decision": ..., "blocking": [area ids]}`` (any order, any case).
    """
    if isinstance(answer, (tuple, list)) and len(answer) == 2:   # ("go", []) is as good as the dict
        answer = {"decision": answer[0], "blocking": answer[1]}
    if not isinstance(answer, dict) or "decision" not in answer:
        return Feedback(False, msg("learn.ex.01.dict_needed"), "01_decision")
    if answer.get("decision") is None:
        return Feedback(False, msg("learn.ex.01.fill_in"), "01_decision")
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
            return Feedback(False, msg("learn.ex.01.go_blocked"), "01_decision")
        if got == "not_now":
            return Feedback(False, msg("learn.ex.01.not_now_rule"), "01_decision")
        if want["decision"] == "not_now":
            return Feedback(False, msg("learn.ex.01.need_first"), "01_decision")
        return Feedback(False, msg("learn.ex.01.other_decision", got=repr(got)), "01_decision")
    missing, extra = set(want["blocking_gaps"]) - blocking, blocking - set(want["blocking_gaps"])
    if missing:  # how many, never which: naming them would give the answer away
        return Feedback(False, msg("learn.ex.01.blocking_missing", n=len(missing)), "01_decision")
    if extra:
        return Feedback(False, msg("learn.ex.01.blocking_extra", n=len(extra)), "01_decision")
    return Feedback(True, msg("learn.ex.01.right", decision=want["decision"], n=len(blocking)), "01_decision")


# ---------------------------------------------------------------- recording progress
