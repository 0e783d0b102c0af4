"""Stage 05, step 4: are the planned approaches suitable, beneficial and adequately used (clause 8.1.4)?"""
from __future__ import annotations

import copy
import math
import re
from pathlib import Path

from ...core.answers_check import saved_item_ids
from .common import CRITERIA, DIGITS, ITEM_RE, POOR_BELOW, STAGE, answers_folder

__all__ = ["planned_approaches", "approach_names", "approach_spec", "approach_ratings"]


# =============================================================================== approach ratings
def planned_approaches(pr):
    """[(approach, phase id, phase name)] in plan order, each approach once (its first phase)."""
    seen, out = set(), []
    for p in pr.get("phases") or []:
        for a in p.get("approaches") or []:
            aid = a if isinstance(a, str) else a.get("approach")
            if aid and aid not in seen:
                seen.add(aid)
                out.append((aid, p["id"], p.get("name", "")))
    return out


def approach_names(catalogue=None) -> dict:
    """``{approach id: name}`` of the catalogue of digital approaches."""
    from ...methods.catalogue import approach_names as names

    return names(catalogue)


def _names_in_languages(aid: str, names: dict) -> dict:
    """An approach's name in English and French: the kit's French name unless the client's catalogue
    renamed the approach (its wording wins, :func:`sedamkit.core.kittext.kit_text`)."""
    from ...core.kittext import kit_text

    shown = names.get(aid)
    return {"en": shown or aid, "fr": kit_text("approach", aid, "fr", shown=shown)}


_RATING_SCALE = {
    "min": 1, "max": 5, "allow_na": True, "na_label": {"en": "Don't know", "fr": "Je ne sais pas"},
    "labels": {1: {"en": "Not at all", "fr": "Pas du tout"}, 2: {"en": "Hardly", "fr": "À peine"},
               3: {"en": "Partly", "fr": "En partie"}, 4: {"en": "Largely", "fr": "Largement"},
               5: {"en": "Fully", "fr": "Entièrement"}}}
_CRITERION_TEXT = {
    "suitable": ("Suitable: {name} fits our customers, our staff and the size of our organization.",
                 "Adaptée : {name} convient à nos clients, à notre personnel et à la taille de notre organisation."),
    "beneficial": ("Beneficial: {name} brought a benefit we can point to (faster, easier, better rated, cheaper).",
                   "Bénéfique : {name} a apporté un gain que l'on peut montrer (plus rapide, plus simple, mieux noté, moins cher)."),
    "used": ("Adequately used: the people who should use {name} use it, as often as planned.",
             "Suffisamment utilisée : les personnes qui devraient utiliser {name} s'en servent, aussi souvent que prévu."),
}


def approach_spec(plan_or_result, *, answers_dir=None, language: str = "en", catalogue=None, stage: str = STAGE):
    """The approach-review questionnaire for this plan (built at run time with ``spec_from_dict``).

    One area per planned approach (grouped by its first phase), three items each:
    ``<approach>__suitable``, ``<approach>__beneficial``, ``<approach>__used`` on 1–5
    (1 not at all … 5 fully, "don't know" allowed), clause 8.1.4. Approaches found in saved answers
    under ``answers_dir`` but no longer planned are kept in a group "no longer planned".

    >>> pr = {"phases": [{"id": "P1", "name": "Start", "approaches": ["crm_system"]}]}
    >>> s = approach_spec(pr)
    >>> s.id, s.item_ids
    ('approach_ratings', ['crm_system__suitable', 'crm_system__beneficial', 'crm_system__used'])
    """
    from ...core.spec import spec_from_dict

    pr = plan_or_result if isinstance(plan_or_result, dict) else {}
    names = approach_names(catalogue)
    planned = planned_approaches(pr)
    extra = []
    if answers_dir is not None:
        ids = saved_item_ids(Path(answers_dir) / answers_folder("approaches", stage))
        known = {a for a, _, _ in planned}
        for iid in sorted(ids):
            m = ITEM_RE.match(iid)
            if m and m.group(1) not in known and m.group(1) not in extra:
                extra.append(m.group(1))
    groups, areas, items = [], [], []
    phase_seen = []
    for aid, pid, pname in planned:
        gid = re.sub(r"[^a-z0-9_]", "_", f"phase_{pid.lower()}")
        if gid not in phase_seen:
            phase_seen.append(gid)
            groups.append({"id": gid, "clause": "8.1.4", "title": {"en": f"{pid} {pname}".strip(),
                                                                    "fr": f"Phase {pid} : {pname}".strip()}})
        areas.append({"id": aid, "group": gid, "clause": "8.1.4", "title": _names_in_languages(aid, names)})
    if extra:
        groups.append({"id": "no_longer_planned", "title": {"en": "No longer in the plan (kept, not scored)",
                                                            "fr": "Plus dans le programme (conservées, non comptées)"}})
        for aid in extra:
            areas.append({"id": aid, "group": "no_longer_planned", "title": _names_in_languages(aid, names)})
    for a in areas:
        name = a["title"]
        for crit, (en, fr) in _CRITERION_TEXT.items():
            items.append({"id": f"{a['id']}__{crit}", "area": a["id"], "scale": "rate5", "clause": "8.1.4",
                          "text": {"en": en.format(name=name["en"]), "fr": fr.format(name=name["fr"])}})
    if not items:  # a plan without approaches: one placeholder area keeps the spec valid
        groups = [{"id": "none", "title": {"en": "No approaches planned", "fr": "Aucune approche prévue"}}]
        areas = [{"id": "none_planned", "group": "none", "title": {"en": "None", "fr": "Aucune"}}]
        items = [{"id": "none_planned__suitable", "area": "none_planned", "scale": "rate5", "clause": "8.1.4",
                  "text": {"en": "No approach is planned.", "fr": "Aucune approche n'est prévue."}}]
    data = {"id": "approach_ratings", "version": 1, "stage": answers_folder("approaches", stage), "clause": "8.1.4",
            "languages": ["en", "fr"],
            "title": {"en": "Are the digital approaches suitable, beneficial and adequately used?",
                      "fr": "Les approches numériques sont-elles adaptées, bénéfiques et suffisamment utilisées ?"},
            "intro": {"en": "Rate each approach of the plan on the three questions. Put your evidence in the comment: "
                            "a figure, an example, a complaint, a usage log.",
                      "fr": "Notez chaque approche du programme sur les trois questions. Donnez votre preuve en "
                            "commentaire : un chiffre, un exemple, une réclamation, un journal d'utilisation."},
            "scales": {"rate5": copy.deepcopy(_RATING_SCALE)}, "groups": groups, "areas": areas, "items": items,
            "ui": {"comment_placeholder": {"en": "Evidence (a figure, an example…)", "fr": "Preuve (un chiffre, un exemple…)"}}}
    spec = spec_from_dict(data)
    spec.language = language or "en"
    return spec


def approach_ratings(docs, spec, plan_or_result=None, *, catalogue=None):
    """Mean rating per planned approach and criterion, with the evidence given.

    Returns
    -------
    pandas.DataFrame
        One row per planned approach, in plan order: ``approach``, ``name``, ``phase_id``,
        ``suitable``, ``beneficial``, ``used`` (means on 1–5, NaN when nobody rated), ``n``
        (respondents who rated it at all), ``rated`` (bool), ``poor`` (bool: a criterion mean below
        :data:`POOR_BELOW`), ``weak_on`` (comma-separated criteria below it), ``evidence``
        (``respondent: comment`` joined with `` | ``).
    """
    import pandas as pd

    from ...core.answers import responses_frame

    pr = plan_or_result if isinstance(plan_or_result, dict) else {}
    names = approach_names(catalogue)
    r = responses_frame(docs, spec)
    r = r[r["item"].str.contains("__")]
    r = r.assign(approach=r["item"].str.split("__").str[0], criterion=r["item"].str.split("__").str[1])
    rows = []
    for aid, pid, _ in planned_approaches(pr):
        sub = r[r["approach"] == aid]
        means = {c: float(sub.loc[sub["criterion"] == c, "value"].mean()) if len(sub) else math.nan for c in CRITERIA}
        n = int(sub.dropna(subset=["value"])["respondent"].nunique()) if len(sub) else 0
        weak = [c for c in CRITERIA if means[c] == means[c] and round(means[c], DIGITS) < POOR_BELOW]
        ev = [f"{x.respondent}: {x.comment}" for x in sub.itertuples() if x.comment]
        rows.append({"approach": aid, "name": names.get(aid, aid), "phase_id": pid, **means, "n": n,
                     "rated": n > 0, "poor": bool(weak), "weak_on": ",".join(weak), "evidence": " | ".join(ev)})
    return pd.DataFrame(rows, columns=["approach", "name", "phase_id", *CRITERIA, "n", "rated", "poor", "weak_on",
                                       "evidence"])


