"""Stage 05, step 1: the review of the service excellence mission (clause 8.1.2)."""
from __future__ import annotations

import math

from ...core.jsonsafe import json_number
from .common import MISSION_SOUND_FROM, MISSION_WEAK_BELOW

__all__ = ["mission_text", "MissionReview", "mission_review"]


# =============================================================================== mission review
def mission_text(client: dict, plan_or_result=None) -> dict:
    """The mission under review: ``{"text", "source"}`` — the client config's ``mission``, else the plan's.

    >>> mission_text({"mission": "Fix it right"}, {"mission": "Plan text"})
    {'text': 'Fix it right', 'source': 'client.yaml'}
    """
    text = str((client or {}).get("mission") or "").strip()
    if text:
        return {"text": text, "source": "client.yaml"}
    text = str((plan_or_result or {}).get("mission") or "").strip()
    return {"text": text, "source": "DAAP" if text else None}


class MissionReview:
    """Scores of the mission review (see :func:`mission_review`).

    Attributes: ``areas`` (:func:`sedamkit.methods.scoring.area_summary`), ``items`` (one row per item:
    ``item``, ``area``, ``text``, ``score`` mean 0–100, ``n``), ``overall`` (0–100 or NaN),
    ``verdict`` (``sound`` | ``revise`` | ``not_reviewed``), ``weak_items`` (item ids scoring below
    :data:`MISSION_WEAK_BELOW`), ``respondents``, ``comments`` (records).
    """

    def __init__(self, docs, spec, mission=None, language: str = "en"):
        from ...core.answers import responses_frame
        from ...methods.scoring import area_summary, item_scores, overall_summary

        self.spec, self.mission, self.language = spec, mission or {}, language
        r = responses_frame(docs, spec)
        self.respondents = sorted(r["respondent"].unique().tolist()) if len(r) else []
        self.areas = area_summary(r, spec)
        ov = overall_summary(r, spec)
        self.overall = ov["mean"]
        s = item_scores(r, spec)
        per = s.groupby("item")["score"].agg(["mean", "count"]) if len(s) else None
        rows = []
        for it in spec.items:
            m = float(per.loc[it.id, "mean"]) if per is not None and it.id in per.index else math.nan
            n = int(per.loc[it.id, "count"]) if per is not None and it.id in per.index else 0
            rows.append({"item": it.id, "area": it.area, "text": spec.text(it.text), "score": m, "n": n})
        import pandas as pd

        self.items = pd.DataFrame(rows, columns=["item", "area", "text", "score", "n"])
        self.weak_items = self.items.loc[self.items["score"] < MISSION_WEAK_BELOW, "item"].tolist()
        if not self.respondents or self.overall != self.overall:
            self.verdict = "not_reviewed"
        else:
            self.verdict = "sound" if self.overall >= MISSION_SOUND_FROM and not self.weak_items else "revise"
        self.comments = r.loc[r["comment"] != "", ["respondent", "item", "value", "comment"]].to_dict("records")

    def summary_markdown(self) -> str:
        """The mission, the verdict and the weak items in Markdown, in :attr:`language`."""
        from .texts import mission_summary

        return mission_summary(self, self.language)

    def _repr_markdown_(self):
        return self.summary_markdown()

    def to_result(self) -> dict:
        return {"text": self.mission.get("text"), "source": self.mission.get("source"),
                "respondents": self.respondents, "overall": json_number(self.overall), "verdict": self.verdict,
                "areas": {r.area: json_number(r.mean) for r in self.areas.itertuples()},
                "weak_items": [{"item": i, "text": t, "score": json_number(s)} for i, t, s in
                               self.items.loc[self.items["item"].isin(self.weak_items), ["item", "text", "score"]]
                               .itertuples(index=False)]}


def mission_review(docs, spec, mission=None, language: str = "en") -> MissionReview:
    """Score the mission review answers (``docs`` from :func:`load_answers`); see :class:`MissionReview`.

    Rules: items are scored 0–100 and weighted as in stage 01; the verdict is ``sound`` when the
    overall score is at least :data:`MISSION_SOUND_FROM` and no item is weak (mean below
    :data:`MISSION_WEAK_BELOW`), ``revise`` otherwise, ``not_reviewed`` without answers. ``language``
    is that of its Markdown summary (``en`` or ``fr``).

    >>> from sedamkit.core.spec import load_spec
    >>> spec = load_spec("mission_review")
    >>> docs = [{"respondent": "a", "answers": {i: 5 for i in spec.item_ids}}]
    >>> mission_review(docs, spec).verdict
    'sound'
    >>> docs[0]["answers"]["mission_staff_can_explain"] = 2
    >>> r = mission_review(docs, spec); r.verdict, r.weak_items
    ('revise', ['mission_staff_can_explain'])
    """
    return MissionReview(docs, spec, mission, language)

