"""Stage 06's exercise checks (06-A quick wins, 06-B headings); importing registers them."""
from __future__ import annotations

import re

from ...core.exercises import Feedback, answer_spec, exercise, msg, num
from .common import HEADINGS, HEADINGS_FR, STAGE_NO

__all__ = ["check_quick_wins", "check_headings", "heading_exercise_sample", "expected_quick_wins", "expected_headings"]


def expected_quick_wins(ranked, k: int = 5, **_) -> dict:
    """Exercise 06-A's expected answer: the first ``k`` candidate ids in ranking order, among all candidates."""
    sc = ranked[ranked["quadrant"] != "not_scored"]
    return answer_spec(list(map(str, ranked["candidate"].head(min(k, len(sc))))), "ordered",
                       choices=list(map(str, ranked["candidate"])))


def expected_headings(candidates, **_) -> dict:
    """Exercise 06-B's expected answer: ``{candidate id: heading id}``; clause numbers and titles as variants."""
    variants = {h: [clause, title, HEADINGS_FR[h]] for h, (clause, title) in HEADINGS.items()}
    return answer_spec(dict(zip(map(str, candidates["candidate"]), map(str, candidates["heading"]))), "mapping",
                       variants=variants)


# =============================================================================== exercises
def _ids(answer):
    if isinstance(answer, str):
        answer = [x for x in re.split(r"[,\s;]+", answer) if x]
    try:
        return [str(x).strip() for x in answer]
    except TypeError:
        return None


@exercise("06_quick_wins", expected=expected_quick_wins)
def check_quick_wins(answer, ranked, k: int = 5) -> Feedback:
    """Exercise 06-A: the first ``k`` candidates in ranking order (a list of candidate ids).

    Recognised mistakes: ranking by impact only; by effort only; by impact − effort without the
    quadrants; the right candidates in the wrong order (ties); a thankless or unscored candidate listed.
    """
    import numpy as np

    eid = "06_quick_wins"
    ids = _ids(answer)
    if not ids or all(i in ("", "None") for i in ids):
        return Feedback(False, msg("learn.ex.06.qw_list", k=num(k)), eid)
    sc = ranked[ranked["quadrant"] != "not_scored"]
    k = min(k, len(sc))
    want = ranked["candidate"].head(k).tolist()
    if ids[:k] == want and len(ids) >= k:
        return Feedback(True, msg("learn.ex.06.qw_right", ids=", ".join(want)), eid)
    unknown = [i for i in ids if i not in set(ranked["candidate"])]
    if unknown:
        return Feedback(False, msg("learn.ex.06.qw_unknown", ids=", ".join(unknown[:3])), eid)
    if len(ids) < k:
        return Feedback(False, msg("learn.ex.06.qw_count", k=num(k), n=num(len(ids))), eid)
    ids = ids[:k]
    src = sc.assign(_src=sc["source"].map(lambda s: STAGE_NO.get(s, 9)))

    def order(cols, asc):
        return src.sort_values(cols + ["_src", "candidate"], ascending=asc + [True, True], kind="stable")["candidate"].head(k).tolist()

    if ids == order(["impact"], [False]):
        return Feedback(False, msg("learn.ex.06.qw_impact_only"), eid)
    if ids == order(["effort"], [True]):
        return Feedback(False, msg("learn.ex.06.qw_effort_only"), eid)
    net = src.assign(_net=src["impact"] - src["effort"])
    if ids == net.sort_values(["_net", "impact", "effort", "_src", "candidate"], ascending=[False, False, True, True, True],
                              kind="stable")["candidate"].head(k).tolist():
        return Feedback(False, msg("learn.ex.06.qw_net_only"), eid)
    if set(ids) == set(want):
        return Feedback(False, msg("learn.ex.06.qw_order"), eid)
    bad = ranked.set_index("candidate").loc[ids, "quadrant"]
    if (bad.isin(["thankless"])).any():
        return Feedback(False, msg("learn.ex.06.qw_thankless"), eid)
    del np
    return Feedback(False, msg("learn.ex.06.qw_not_yet"), eid)


def heading_exercise_sample(candidates, n: int = 4):
    """Up to ``n`` candidates of different kinds for exercise 06-B (first of each kind, source order)."""
    first = candidates.drop_duplicates("kind")
    return first.head(n)[["candidate", "source", "kind", "title", "detail"]].reset_index(drop=True)


def _norm_heading(x):
    s = str(x or "").strip().lower()
    for h, (clause, title) in HEADINGS.items():
        if s in (h, clause, title.lower(), HEADINGS_FR[h].lower()) or s.startswith(clause):
            return h
    aliases = {"daap": "optimize_daap", "plan": "optimize_daap", "customer": "customer_centric",
               "internal": "internal_system", "business": "business_model", "strategy": "business_model"}
    for a, h in aliases.items():
        if a in s:
            return h
    return s


@exercise("06_headings", expected=expected_headings)
def check_headings(answer, candidates) -> Feedback:
    """Exercise 06-B: the 8.2 heading of each candidate in ``candidates`` (``{candidate: heading}``;
    heading ids, clause numbers such as ``"8.2.3"`` or titles are accepted).

    Recognised mistakes: a plan flag or a poorly rated approach put under customer-centric (they change
    the plan: 8.2.2); an internal KPI (employee, process, cost) under customer-centric; a customer finding
    under the internal system; the mission anywhere but 8.2.5.
    """
    eid = "06_headings"
    if not isinstance(answer, dict) or not answer or all(v is None for v in answer.values()):
        return Feedback(False, msg("learn.ex.06.h_dict"), eid)
    want = dict(zip(candidates["candidate"], candidates["heading"]))
    kinds = dict(zip(candidates["candidate"], candidates["kind"]))
    missing = [c for c in want if answer.get(c) is None]
    if missing:
        return Feedback(False, msg("learn.ex.06.h_missing", ids=", ".join(missing)), eid)
    for cid, h in want.items():
        got = _norm_heading(answer[cid])
        if got not in HEADINGS:
            return Feedback(False, msg("learn.ex.06.h_unknown", cid=cid, given=repr(answer[cid])), eid)
        if got == h:
            continue
        kind = kinds[cid]
        if kind in ("plan_flag", "approach_poor", "kpi_not_measurable"):
            return Feedback(False, msg("learn.ex.06.h_programme", cid=cid), eid)
        if kind == "mission":
            return Feedback(False, msg("learn.ex.06.h_mission", cid=cid), eid)
        if h == "internal_system" and got == "customer_centric":
            return Feedback(False, msg("learn.ex.06.h_inside", cid=cid), eid)
        if h == "customer_centric" and got == "internal_system":
            return Feedback(False, msg("learn.ex.06.h_customers", cid=cid), eid)
        return Feedback(False, msg("learn.ex.06.h_not", cid=cid, heading=HEADINGS[got][0]), eid)
    return Feedback(True, msg("learn.ex.06.h_right", n=num(len(want))), eid)

