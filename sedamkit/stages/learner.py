"""A learner working on the demo client: their own answers kept apart from the demo team's, and shown beside them.

On the demo client, a learner answering a questionnaire in JupyterLab writes their own answers file next to
the demo team's. Mixed in, those answers would change the demo team's scores (and every exercise built on
them), so each stage's notebook splits them off with :func:`learner_and_team` and shows them beside the
team's with one of the ``*_beside_team`` tables. For any other client the learner *is* one of the team: every
answer counts, and the table compares the learner with the whole team.

The tables are plain :class:`pandas.DataFrame` objects with headers in the client's language; each returns
``None`` while the learner has answered nothing, so a notebook shows nothing rather than an empty table.
"""
from __future__ import annotations

__all__ = ["learner_and_team", "beside_table", "mission_beside_team", "ratings_beside_team",
           "scores_beside_team"]


def learner_and_team(answers, respondent: str, client_dir):
    """``(team, mine)`` from a long answers frame (a ``respondent`` column) or a list of answer documents
    (each with a ``respondent`` key).

    On the demo client ``team`` leaves out the learner (``respondent``), so a learner never changes the demo
    team's scores; for any other client ``team`` is every answer. ``mine`` holds the learner's rows or
    documents (possibly none), in the same form as ``answers``.

    >>> docs = [{"respondent": "ana"}, {"respondent": "me"}]
    >>> team, mine = learner_and_team(docs, "me", "/no/such/client")
    >>> [d["respondent"] for d in team], [d["respondent"] for d in mine]
    (['ana', 'me'], ['me'])
    """
    from ..core.paths import is_demo

    demo = is_demo(client_dir)
    if isinstance(answers, list):
        mine = [d for d in answers if str(d.get("respondent")) == str(respondent)]
        return ([d for d in answers if str(d.get("respondent")) != str(respondent)] if demo else answers), mine
    own = answers["respondent"].astype(str) == str(respondent)
    return (answers[~own] if demo else answers), answers[own]


def beside_table(labels: dict, you, team, language: str = "en", *, what: str = "edu.you.area",
                 team_key: str = "edu.you.team", digits: int = 1):
    """One row per entry of ``labels`` (id → shown name): the learner's value (``you``, a mapping or Series
    by id) beside the team's (``team``), under headers from the catalogue keys ``what`` / ``edu.you.you`` /
    ``team_key`` in ``language``; rows the learner left blank are dropped. ``None`` when every row is blank.

    >>> beside_table({"a": "Area A", "b": "Area B"}, {"a": 75.0}, {"a": 50.0, "b": 60.0})
         area   you  the management team
    0  Area A  75.0                 50.0
    """
    import pandas as pd

    from ..core.i18n import t

    ids = list(labels)
    you = pd.Series(you, dtype=float).reindex(ids)
    if you.isna().all():
        return None
    them = pd.Series(team, dtype=float).reindex(ids)
    out = pd.DataFrame({t(what, language): [labels[i] for i in ids],
                        t("edu.you.you", language): you.round(digits).to_numpy(),
                        t(team_key, language): them.round(digits).to_numpy()})
    return out[you.notna().to_numpy()].reset_index(drop=True)


def mission_beside_team(mine, team, spec, language: str = "en"):
    """Stage 05's mission review: the learner's area scores (0–100) beside the review team's mean.

    ``mine`` and ``team`` are answer documents as :func:`learner_and_team` returns them."""
    if not mine:
        return None
    from .evaluation.mission import mission_review

    you = mission_review(mine, spec).areas.set_index("area")["mean"]
    them = mission_review(team, spec).areas.set_index("area")["mean"] if team else {}
    labels = {a["id"]: spec.text(a["title"]) for a in spec.areas}
    return beside_table(labels, you, them, language, team_key="edu.you.review_team")


def _pair_labels(ids_names, parts, language: str) -> dict:
    from ..core.i18n import t

    return {f"{i}__{p}": f"{name} · {t(f'edu.you.part.{p}', language)}" for i, name in ids_names for p in parts}


def ratings_beside_team(mine, ratings, spec, plan_or_result, language: str = "en"):
    """Stage 05's approach ratings: the learner's rating (1–5) of each planned approach on each criterion
    beside the team's mean from ``ratings`` (:func:`sedamkit.stages.evaluation.approach_ratings` of the
    team's documents)."""
    if not mine:
        return None
    from .evaluation.approaches import approach_ratings
    from .evaluation.common import CRITERIA

    you = approach_ratings(mine, spec, plan_or_result)
    labels = _pair_labels(zip(ratings["approach"], ratings["name"]), CRITERIA, language)

    def flat(frame):
        return {f"{r['approach']}__{c}": r[c] for _, r in frame.iterrows() for c in CRITERIA}

    return beside_table(labels, flat(you), flat(ratings), language, what="edu.you.approach",
                        team_key="edu.you.raters", digits=2)


def scores_beside_team(candidates, mine, team, spec, language: str = "en"):
    """Stage 06's impact and effort: the learner's score (1–5) of each candidate beside the team's mean."""
    if not mine:
        return None
    from .improvement.scores import candidate_scores

    you = candidate_scores(candidates, mine, spec)
    them = candidate_scores(candidates, team, spec)
    labels = _pair_labels(zip(candidates["candidate"], candidates["title"]), ("impact", "effort"), language)

    def flat(frame):
        return {f"{r['candidate']}__{p}": r[p] for _, r in frame.iterrows() for p in ("impact", "effort")}

    return beside_table(labels, flat(you), flat(them), language, what="edu.you.candidate",
                        team_key="edu.you.scorers", digits=2)
