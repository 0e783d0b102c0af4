"""Stage 06, step 3: impact and effort scores, quadrants and the ranking."""
from __future__ import annotations

import copy
import math
import re
from pathlib import Path

from ...core.answers_check import saved_item_ids
from ...core.errors import Problem, SedamError
from .common import DIGITS, EFFORT_LOW_BELOW, HEADINGS, HEADINGS_FR, IMPACT_HIGH_ABOVE, QUADRANTS, STAGE, STAGE_NO

__all__ = ["scores_spec", "load_scores", "candidate_scores", "quadrant", "rank", "by_heading", "top_actions"]


# =============================================================================== scores
_SCALES = {
    "impact5": {"min": 1, "max": 5, "labels": {
        1: {"en": "Very small", "fr": "Très faible"}, 2: {"en": "Small", "fr": "Faible"},
        3: {"en": "Medium", "fr": "Moyen"}, 4: {"en": "Large", "fr": "Fort"}, 5: {"en": "Very large", "fr": "Très fort"}}},
    "effort5": {"min": 1, "max": 5, "labels": {
        1: {"en": "Very little", "fr": "Très peu"}, 2: {"en": "Little", "fr": "Peu"}, 3: {"en": "Some", "fr": "Moyen"},
        4: {"en": "Much", "fr": "Beaucoup"}, 5: {"en": "Very much", "fr": "Énormément"}}},
}


def scores_spec(candidates, *, answers_dir=None, language: str = "en", results: dict | None = None):
    """The impact/effort questionnaire for these candidates (``spec_from_dict``, id ``improvement_scores``).

    Groups are the 8.2 headings, areas the candidates, items ``<candidate>__impact`` (1 very small …
    5 very large) and ``<candidate>__effort`` (1 very little … 5 very much). Candidates scored in
    saved answers under ``answers_dir`` but no longer listed are kept in a group "no longer listed".
    The French texts rebuild each candidate's title and reason from its kind and subject, with the names
    of the earlier ``results`` (``{stage_id: data}``) where given (:mod:`sedamkit.stages.improvement.texts`).
    """
    from ...core.spec import spec_from_dict
    from ...core.text import french_spaces
    from .texts import former_candidate_title, in_language

    groups, areas, items = [], [], []
    present = set()
    french = in_language(candidates, results or {}, "fr") if len(candidates) else candidates
    fr_title = dict(zip(french["candidate"], french["title"])) if len(candidates) else {}
    fr_detail = dict(zip(french["candidate"], french["detail"])) if len(candidates) else {}
    for h, (clause, title) in HEADINGS.items():
        sub = candidates[candidates["heading"] == h] if len(candidates) else candidates
        if not len(sub):
            continue
        # the form shows the clause after the title ("(clause 8.2.2)"): it is not in the title too
        groups.append({"id": h, "clause": clause, "title": {"en": title, "fr": HEADINGS_FR[h]}})
        for r in sub.itertuples():
            present.add(r.candidate)
            areas.append({"id": r.candidate, "group": h, "clause": clause,
                          "title": {"en": r.title, "fr": french_spaces(fr_title.get(r.candidate) or r.title, "fr")}})
    extra = []
    if answers_dir is not None:
        for iid in sorted(saved_item_ids(Path(answers_dir) / STAGE / "scores")):
            m = re.match(r"^([a-z][a-z0-9_]*?)__(impact|effort)$", iid)
            if m and m.group(1) not in present and m.group(1) not in extra:
                extra.append(m.group(1))
    if extra:
        groups.append({"id": "no_longer_listed", "title": {"en": "No longer listed (kept, not used)",
                                                           "fr": "Plus dans la liste (conservées, non utilisées)"}})
        areas += [{"id": e, "group": "no_longer_listed",
                   "title": {"en": former_candidate_title(e, results, "en"),
                             "fr": french_spaces(former_candidate_title(e, results, "fr"), "fr")}}
                  for e in extra]
    for a in areas:
        det = det_fr = ""
        if a["id"] in present:
            det = str(candidates.loc[candidates["candidate"] == a["id"], "detail"].iloc[0])
            det_fr = str(fr_detail.get(a["id"]) or "")
            row = candidates.loc[candidates["candidate"] == a["id"]].iloc[0]
            if det_fr in (det, str(row.get("fix") or "")):   # no French words for it yet: the title says enough
                det_fr = ""
            det_fr = _without_repeat(det_fr, a["title"]["fr"])
            if _PLAN_FIELDS.search(det_fr):  # a fix for the plan's author (it names the plan file's fields)
                det_fr = ""
        src, src_fr = (f" [{det}]" if det else ""), (f" — {det_fr}" if det_fr else "")
        items.append({"id": f"{a['id']}__impact", "area": a["id"], "scale": "impact5", "clause": "8.2",
                      "text": {"en": f"Impact on customers or results if we do this: {a['title']['en']}{src}",
                               "fr": french_spaces(f"Effet sur les clients ou les résultats si nous le faisons : "
                                                   f"{a['title']['fr']}{src_fr}", "fr")}})
        items.append({"id": f"{a['id']}__effort", "area": a["id"], "scale": "effort5", "clause": "8.2",
                      "text": {"en": f"Effort (time, money, people) it takes: {a['title']['en']}",
                               "fr": french_spaces(f"Effort (temps, argent, personnes) nécessaire : {a['title']['fr']}",
                                                   "fr")}})
    if not items:
        groups = [{"id": "none", "title": {"en": "Nothing to improve was found", "fr": "Aucune piste trouvée"}}]
        areas = [{"id": "none_found", "group": "none", "title": {"en": "None", "fr": "Aucune"}}]
        items = [{"id": "none_found__impact", "area": "none_found", "scale": "impact5", "clause": "8.2",
                  "text": {"en": "No candidate.", "fr": "Aucune piste."}}]
    data = {"id": "improvement_scores", "version": 1, "stage": f"{STAGE}/scores", "clause": "8.2",
            "languages": ["en", "fr"],
            "title": {"en": "Impact and effort of each improvement candidate",
                      "fr": "Effet et effort de chaque piste d'amélioration"},
            "intro": {"en": "Score every candidate twice: how much it would change things for customers or results, "
                            "and how much work it needs. Use the comment for your reasoning.",
                      "fr": "Notez chaque piste deux fois : ce qu'elle changerait pour les clients ou les résultats, "
                            "et le travail qu'elle demande. Le commentaire sert à votre raisonnement."},
            "scales": copy.deepcopy(_SCALES), "groups": groups, "areas": areas, "items": items,
            "ui": {"comment_placeholder": {"en": "Why this score?", "fr": "Pourquoi cette note ?"}}}
    spec = spec_from_dict(data)
    spec.language = language or "en"
    return spec


#: Words of a plan file in a fix (``data_source``, ``half_yearly``, ``<id>``): such a fix is for the plan's author.
_PLAN_FIELDS = re.compile(r"\b[a-z]+_[a-z_]+\b|<id>")


def _without_repeat(detail: str, title: str) -> str:
    """A candidate's reason without its first part when the title already says it
    ("Le soutien est en place. — prévoir qui s'en charge" under a title naming "Le soutien est en place").

    >>> _without_repeat("Une équipe porte le programme — prévoir qui et quand", "Préparation : Une équipe porte le programme")
    'prévoir qui et quand'
    """
    first, sep, rest = detail.partition(" — ")
    return rest.strip() if sep and first.strip().rstrip(".") in title.replace("\u00a0", " ") else detail


def load_scores(answers_dir, spec) -> list[dict]:
    """Every respondent's scores (``answers/06_improvement/scores/*.json``)."""
    from ...core.answers import load_all

    return load_all(answers_dir, spec, f"{STAGE}/scores")


def candidate_scores(candidates, docs, spec):
    """``candidates`` with the mean scores: adds ``impact``, ``effort`` (means, NaN when nobody
    scored), ``n`` (respondents who scored both) and ``comments`` (joined)."""
    from ...core.answers import responses_frame

    r = responses_frame(docs, spec)
    r = r[r["item"].str.contains("__")]
    r = r.assign(candidate=r["item"].str.rsplit("__", n=1).str[0], what=r["item"].str.rsplit("__", n=1).str[1])
    out = candidates.copy()
    imp, eff, n, com = [], [], [], []
    for cid in out["candidate"]:
        sub = r[r["candidate"] == cid]
        i = sub.loc[sub["what"] == "impact", "value"]
        e = sub.loc[sub["what"] == "effort", "value"]
        imp.append(float(i.mean()) if i.notna().any() else math.nan)
        eff.append(float(e.mean()) if e.notna().any() else math.nan)
        both = sub.dropna(subset=["value"]).groupby("respondent")["what"].nunique()
        n.append(int((both == 2).sum()))
        com.append(" | ".join(f"{x.respondent}: {x.comment}" for x in sub.itertuples() if x.comment))
    out["impact"], out["effort"], out["n"], out["comments"] = imp, eff, n, com
    return out


def quadrant(impact, effort) -> str:
    """The impact/effort quadrant (boundaries in the module docstring).

    >>> quadrant(3.5, 2.5), quadrant(3.0, 2.0), quadrant(4, 3), quadrant(2, 2), quadrant(2, 5), quadrant(None, 2)
    ('quick_win', 'fill_in', 'major_project', 'fill_in', 'thankless', 'not_scored')
    """
    if impact is None or effort is None or impact != impact or effort != effort:
        return "not_scored"
    high = round(float(impact), DIGITS) > IMPACT_HIGH_ABOVE
    low = round(float(effort), DIGITS) < EFFORT_LOW_BELOW
    return {(True, True): "quick_win", (True, False): "major_project", (False, True): "fill_in",
            (False, False): "thankless"}[(high, low)]


def rank(scored):
    """Rank scored candidates: quadrant order, then ``net`` (impact − effort, larger first), higher
    impact, lower effort, earlier source stage, candidate id. Adds ``quadrant``, ``net``, ``rank``
    (1 = do first) and returns the frame sorted by rank."""
    import numpy as np

    df = scored.copy()
    df["quadrant"] = [quadrant(i, e) for i, e in zip(df["impact"], df["effort"])]
    df["net"] = df["impact"] - df["effort"]
    key = df.assign(_q=df["quadrant"].map({q: i for i, q in enumerate(QUADRANTS)}),
                    _net=-df["net"].fillna(-np.inf), _imp=-df["impact"].fillna(-np.inf),
                    _eff=df["effort"].fillna(np.inf), _src=df["source"].map(lambda s: STAGE_NO.get(s, 9)))
    key = key.sort_values(["_q", "_net", "_imp", "_eff", "_src", "candidate"], kind="stable")
    out = key.drop(columns=["_q", "_net", "_imp", "_eff", "_src"]).reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out


def by_heading(ranked) -> dict:
    """``{heading: [candidate ids in rank order]}`` for the four headings (empty lists included)."""
    return {h: ranked.loc[ranked["heading"] == h, "candidate"].tolist() for h in HEADINGS}


def top_actions(ranked, top: int = 5):
    """The actions to take into the plan: the first ``top`` ranked candidates that are quick wins,
    major projects or fill-ins (thankless and unscored candidates are never proposed)."""
    if not isinstance(top, int) or isinstance(top, bool) or top < 0:
        raise SedamError(Problem("IMP002", None, "top", f"top must be a whole number ≥ 0, got {top!r}", "use e.g. top=5"))
    ok = ranked[ranked["quadrant"].isin(["quick_win", "major_project", "fill_in"])]
    return ok.head(top).reset_index(drop=True)


