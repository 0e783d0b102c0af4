"""Stage 04 exercise checks (registered on import): NPS from counts, Kano pairs, the Worse
coefficient and the moment of truth at risk."""
from __future__ import annotations

import pandas as pd

from ...core.exercises import Feedback, answer_spec, check_number, exercise, msg, num

__all__ = ["nps_exercise_counts", "pick_kano_pairs", "worse_exercise_counts", "check_nps_from_counts",
           "check_kano_pairs", "check_worse_coefficient", "check_moment_at_risk", "expected_nps", "expected_kano_pairs",
           "expected_worse", "expected_moment_at_risk", "write_kano_group_file", "KANO_GROUP_FILE"]

#: Where stage 04 leaves the group's Kano answers for the class results (``sedam class`` reads
#: ``<answers>/04_customer_experience/kano.csv``; see :mod:`sedamkit.delivery.classroom`).
KANO_GROUP_FILE = "04_customer_experience/kano.csv"


def write_kano_group_file(categories: pd.DataFrame, answers_dir):
    """Write the Kano answers stage 04 worked on as the group file the class results read; return its path.

    ``categories`` is :func:`sedamkit.methods.kano.classify_survey`'s output (``inputs.categories``); the file
    is its long layout, ``respondent, feature, functional, dysfunctional`` with the answer codes 1–5, one row per
    respondent and feature, written atomically to ``<answers_dir>/04_customer_experience/kano.csv``.
    """
    from pathlib import Path

    from ...core.fileio import atomic_write_text

    cols = ["respondent", "feature", "functional", "dysfunctional"]
    long = categories.dropna(subset=["functional", "dysfunctional"])[cols].copy()
    long["feature"] = long["feature"].astype(str)
    for c in ("functional", "dysfunctional"):
        long[c] = long[c].astype(int)
    return atomic_write_text(Path(answers_dir) / KANO_GROUP_FILE, long.to_csv(index=False))


def expected_nps(promoters: int, passives: int, detractors: int, **_) -> dict:
    """Exercise 04-C's expected answer: NPS in points."""
    n = promoters + passives + detractors
    return answer_spec(100 * (promoters - detractors) / n if n else None, "number")


def expected_kano_pairs(pairs, **_) -> dict:
    """Exercise 04-A's expected answer: each pair's category, keyed by ``"<respondent> <feature>"`` (the row the
    pair is shown on). Variants are the category names, except those that are also an answer's wording
    ("must-be"), which cannot tell a category from an answer."""
    from ...methods.kano import ANSWERS, CATEGORY_NAMES, classify

    words = {str(w).casefold() for w in ANSWERS.values()}
    variants = {c: [n for n in (name, name.capitalize()) if n.casefold() not in words] for c, name in CATEGORY_NAMES.items()}
    answer = {f"{r['respondent']} {r['feature']}": classify(r["functional"], r["dysfunctional"]) for _, r in pairs.iterrows()}
    return answer_spec(answer, "mapping", variants=variants)


def expected_worse(A: int, O: int, M: int, I: int, **_) -> dict:  # noqa: E741
    """Exercise 04-B's expected answer: the Worse coefficient."""
    base = A + O + M + I
    return answer_spec(-(O + M) / base if base else None, "number")


def expected_moment_at_risk(journey, ratings, **_) -> dict:
    """Exercise 04-D's expected answer: the moment of truth furthest below its target, among every touchpoint."""
    from ...methods.journey import emotion_curve, moments_at_risk

    risk = moments_at_risk(journey, ratings)
    curve = emotion_curve(journey, ratings)
    names = {str(r.touchpoint): [str(r.name)] for r in curve.itertuples()}
    return answer_spec(None if risk.empty else str(risk.iloc[0]["touchpoint"]), "choice", choices=list(names),
                       variants=names)


# ---------------------------------------------------------------------------------------------- exercises
def nps_exercise_counts(cx_survey: pd.DataFrame) -> dict:
    """Counts for exercise 04-A: the region with the lowest NPS in the latest quarter (whole quarter when
    there are no regions). Returns ``{quarter, region, promoters, passives, detractors}``."""
    from ...methods.cx import nps

    last = sorted(cx_survey["quarter"].astype(str).unique())[-1]
    sub = cx_survey[cx_survey["quarter"].astype(str) == last]
    if "region" in sub.columns:
        t = nps(sub, "nps", by="region").sort_values("nps", kind="stable").iloc[0]
        region = t["region"]
    else:
        t, region = nps(sub, "nps").iloc[0], "All"
    return {"quarter": last, "region": region, "promoters": int(t["promoters"]), "passives": int(t["passives"]),
            "detractors": int(t["detractors"])}


@exercise("04_nps_from_counts", expected=expected_nps)
def check_nps_from_counts(answer, promoters: int, passives: int, detractors: int, **_) -> Feedback:
    """Exercise 04-A: NPS from counts of promoters, passives and detractors.

    Accepted: the score in points, −100 to 100, as a number or text (``23.6``, ``"23.6"``, ``"+23.6"``),
    within half a point (so a whole-number answer is fine). A share such as 0.236 is **not** accepted:
    NPS is reported in points, and 0.24 in a report would read as a quarter of a point; the check
    says to multiply by 100. Recognised mistakes: passives counted as detractors, promoters' share only,
    forgot × 100, the difference of counts instead of shares, passives left out of the total, and the
    sign reversed.
    """
    eid = "04_nps_from_counts"
    n = promoters + passives + detractors
    if n == 0:
        return Feedback(False, msg("learn.ex.04.nps_no_answers"), eid)
    expected = 100 * (promoters - detractors) / n
    x = _answer_float(answer)
    if x is not None and abs(expected) >= 1 and abs(x - expected / 100) <= 0.005 and abs(x - expected) > 0.5:
        return Feedback(False, msg("learn.ex.04.nps_share", x=num(x)), eid)
    mistakes = {
        msg("learn.ex.04.nps_passives_detractors"): 100 * (promoters - passives - detractors) / n,
        msg("learn.ex.04.nps_promoters_only"): 100 * promoters / n,
        msg("learn.ex.04.nps_counts"): promoters - detractors,
        msg("learn.ex.04.nps_passives_out"):
            100 * (promoters - detractors) / (promoters + detractors) if promoters + detractors else None,
        msg("learn.ex.04.nps_sign"): -expected if abs(expected) > 0.5 else None,
    }
    fb = check_number(answer, expected, tol=0.5, mistakes=mistakes, exercise_id=eid)
    if fb.ok:
        fb.message = msg("learn.ex.04.nps_right", p=num(promoters), d=num(detractors), n=num(n),
                         nps=num(expected, 1))
    return fb


def _answer_float(answer):
    """A learner's number as float (text with %, comma decimals), or None."""
    from ...core.exercises import to_number

    return to_number(answer)


_CAT_WORDS = {
    "A": ("a", "attractive", "attractive quality", "delighter", "delight", "excitement", "exciter"),
    "O": ("o", "one-dimensional", "one dimensional", "onedimensional", "one-dim", "performance", "linear"),
    "M": ("m", "must-be", "must be", "mustbe", "must", "basic", "must-have", "must have", "threshold"),
    "I": ("i", "indifferent", "indifference", "neutral"),
    "R": ("r", "reverse", "reversed"),
    "Q": ("q", "questionable", "question", "contradictory"),
}
#: The French names a learner may write (the kit's own French, ``learn.kano.*`` and ``fig.kano.cat.*``, plus the
#: usual variants of French courses).
_CAT_WORDS_FR = {
    "A": ("attractive", "attractif", "enchantement", "attrayante", "séduction"),
    "O": ("proportionnelle", "proportionnel", "performance", "linéaire", "unidimensionnelle"),
    "M": ("obligatoire", "attente de base", "de base", "basique", "incontournable", "indispensable"),
    "I": ("indifférente", "indifférent", "indifferente", "neutre"),
    "R": ("inverse", "inversée", "inversé", "inversee"),
    "Q": ("douteuse", "douteux", "contradictoire", "discutable"),
}
_CAT_WORDS = {k: v + _CAT_WORDS_FR[k] for k, v in _CAT_WORDS.items()}
_CAT_LOOKUP = {w: k for k, words in _CAT_WORDS.items() for w in words}


def _category(text):
    if text is None:
        return None
    t = " ".join(str(text).strip().lower().replace("_", " ").split())
    return _CAT_LOOKUP.get(t) or _CAT_LOOKUP.get(t.replace(" ", "-"))


def pick_kano_pairs(survey: pd.DataFrame, categories: pd.DataFrame, cats=("O", "M", "I", "A")) -> pd.DataFrame:
    """Answer pairs for exercise 04-B: one real respondent per category in ``cats`` (in that order, which
    is not the M > O > A > I order of the lesson), with the answers as the respondent wrote them.

    Returns ``pair`` (1, 2, …), ``respondent``, ``feature``, ``functional``, ``dysfunctional`` (wording).
    Deterministic: the first respondent (in survey order) whose pair gives the category, each from a
    different feature when possible.
    """
    from ...methods.kano import ANSWERS

    rows, used = [], set()
    for cat in cats:
        sub = categories[(categories["category"] == cat)]
        fresh = sub[~sub["feature"].astype(str).isin(used)]
        pick = (fresh if len(fresh) else sub).head(1)
        if pick.empty:
            continue
        r = pick.iloc[0]
        used.add(str(r["feature"]))
        wf, wd = ANSWERS[int(r["functional"])], ANSWERS[int(r["dysfunctional"])]
        if "respondent" in survey.columns:
            src = survey[survey["respondent"] == r["respondent"]]
            if len(src):
                wf = src.iloc[0].get(f"{r['feature']}_functional", wf)
                wd = src.iloc[0].get(f"{r['feature']}_dysfunctional", wd)
        rows.append({"respondent": r["respondent"], "feature": str(r["feature"]), "functional": wf,
                     "dysfunctional": wd})
    out = pd.DataFrame(rows)
    out.insert(0, "pair", range(1, len(out) + 1))
    return out


def _as_answers(answer, k):
    if answer is None:
        return None
    if isinstance(answer, dict):
        vals = list(answer.values())
    elif isinstance(answer, str):
        parts = answer.replace(",", " ").replace(";", " ").split()
        vals = list(parts[0]) if len(parts) == 1 and len(parts[0]) == k and k > 1 else parts
    else:
        try:
            vals = list(answer)
        except TypeError:
            return None
    return vals


@exercise("04_kano_pairs", expected=expected_kano_pairs)
def check_kano_pairs(answer, pairs: pd.DataFrame) -> Feedback:
    """Exercise 04-B: the Kano category of each answer pair (standard evaluation table).

    ``answer`` is a list in pair order (or a dict whose values are in that order, or a string such
    as ``"M A O I"``). Each category may be a letter or a name in any case: ``"A"``, ``"attractive"``,
    ``"Must be"``, ``"one-dimensional"``, ``"performance"``, ``"delighter"``, ``"basic"``. Recognised:
    the pair read with functional and dysfunctional swapped, and names the kit does not know.
    """
    from ...methods.kano import classify

    eid = "04_kano_pairs"
    k = len(pairs)
    vals = _as_answers(answer, k)
    if not vals or all(v is None for v in vals):
        return Feedback(False, msg("learn.ex.04.kano_list", k=num(k)), eid)
    if len(vals) != k:
        return Feedback(False, msg("learn.ex.04.kano_count", k=num(k), n=num(len(vals))), eid)
    notes, swapped_pairs, right = [], [], 0
    for (_, row), given in zip(pairs.iterrows(), vals):
        want = classify(row["functional"], row["dysfunctional"])
        swapped = classify(row["dysfunctional"], row["functional"])
        got = _category(given)
        p = int(row["pair"])
        if got is None:
            notes.append(msg("learn.ex.04.kano_unknown", p=p, given=repr(given)))
        elif got == want:
            right += 1
        elif got == swapped:
            swapped_pairs.append(str(p))
        else:
            notes.append(msg("learn.ex.04.kano_wrong", p=p, category=msg(f"learn.kano.{got}"),
                             functional=repr(row["functional"]), dysfunctional=repr(row["dysfunctional"])))
    if swapped_pairs:
        notes.insert(0, msg("learn.ex.04.kano_swapped" if len(swapped_pairs) > 1 else "learn.ex.04.kano_swapped_one",
                            pairs=", ".join(swapped_pairs)))
    if right == k:
        names = ", ".join(f"{classify(r['functional'], r['dysfunctional'])}" for _, r in pairs.iterrows())
        return Feedback(True, msg("learn.ex.04.kano_right", k=num(k), names=names), eid)
    return Feedback(False, msg("learn.ex.04.kano_some", right=num(right), k=num(k)) + " " + "; ".join(notes) + ".",
                    eid)


def worse_exercise_counts(summary: pd.DataFrame) -> dict:
    """Counts for exercise 04-C: the must-be feature with the largest |worse| (else the feature with the
    largest |worse|). Returns ``{feature, A, O, M, I, R, Q}``."""
    sub = summary[summary["category"] == "M"]
    sub = sub if len(sub) else summary
    r = sub.sort_values("worse", kind="stable").iloc[0]
    return {"feature": str(r["feature"]), **{c: int(r[c]) for c in ("A", "O", "M", "I", "R", "Q")}}


@exercise("04_worse_coefficient", expected=expected_worse)
def check_worse_coefficient(answer, A: int, O: int, M: int, I: int, R: int = 0, Q: int = 0, **_) -> Feedback:  # noqa: E741
    """Exercise 04-C: the Worse coefficient, −(O + M) / (A + O + M + I).

    Accepted: the coefficient between −1 and 0 within 0.01 (``-0.74``, ``"-0.745"``). Recognised:
    the minus sign left off, reverse and questionable answers kept in the total, Better computed
    instead (A + O on top), only M on top (O forgotten), and a percentage instead of a coefficient.
    """
    eid = "04_worse_coefficient"
    base = A + O + M + I
    expected = -(O + M) / base
    x = _answer_float(answer)
    if x is not None and abs(x - 100 * expected) <= 0.5 and abs(expected) > 0.02:
        return Feedback(False, msg("learn.ex.04.worse_percent"), eid)
    mistakes = {
        msg("learn.ex.04.worse_sign"): -expected,
        msg("learn.ex.04.worse_rq"): -(O + M) / (base + R + Q) if R + Q else None,
        msg("learn.ex.04.worse_better"): (A + O) / base,
        msg("learn.ex.04.worse_better_top"): -(A + O) / base,
        msg("learn.ex.04.worse_no_o"): -M / base,
    }
    fb = check_number(answer, expected, tol=0.01, mistakes=mistakes, exercise_id=eid)
    if fb.ok:
        fb.message = msg("learn.ex.04.worse_right", A=num(A), O=num(O), M=num(M), I=num(I), worse=num(expected, 3))
    return fb


@exercise("04_moment_at_risk", expected=expected_moment_at_risk)
def check_moment_at_risk(answer, journey, ratings) -> Feedback:
    """Exercise 04-D: the moment of truth most at risk (largest shortfall below the target).

    Accepted: the touchpoint id or its name, any case, spaces or underscores. Recognised: a pain point
    that is not a moment of truth, a moment of truth at risk but not the worst, one that meets the
    target, and a name the journey does not have.
    """
    from ...methods.journey import emotion_curve, moments_at_risk

    eid = "04_moment_at_risk"
    risk = moments_at_risk(journey, ratings)
    curve = emotion_curve(journey, ratings)
    if risk.empty:
        return Feedback(False, msg("learn.ex.04.mot_none"), eid)
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return Feedback(False, msg("learn.ex.04.mot_text"), eid)

    def norm(s):
        return " ".join(str(s).strip().lower().replace("_", " ").replace("-", " ").split())

    lookup = {}
    for r in curve.itertuples():
        lookup[norm(r.touchpoint)] = r
        lookup[norm(r.name)] = r
    row = lookup.get(norm(answer))
    if row is None:
        return Feedback(False, msg("learn.ex.04.mot_unknown", answer=repr(answer)), eid)
    top = risk.iloc[0]
    if row.touchpoint == top["touchpoint"]:
        return Feedback(True, msg("learn.ex.04.mot_right", name=top["name"], mean=num(top["mean"], 2),
                                  gap=num(-top["gap"], 2), target=num(top["target"])), eid)
    if not row.moment_of_truth:
        return Feedback(False, msg("learn.ex.04.mot_not_mot", name=row.name, mean=num(row.mean, 2)), eid)
    if row.touchpoint in set(risk["touchpoint"]):
        return Feedback(False, msg("learn.ex.04.mot_not_worst", name=row.name), eid)
    return Feedback(False, msg("learn.ex.04.mot_meets", name=row.name, mean=num(row.mean, 2)), eid)
