"""Readiness scores from questionnaire answers: pure functions, DataFrames in and out.

How a score is made
-------------------
1. Each answered, shown item is put on 0–100: ``(value - min) / (max - min) * 100``
   (reversed for items marked ``reverse``). "Don't know" and unanswered items are left out.
2. A respondent's score for an area (or group, or overall) is the weighted mean of their item
   scores in it, using the item weights. Items of weight 0 are not scored.
3. The workshop's score for an area is the mean of the respondents' area scores; the spread
   is their standard deviation (``sd``, n − 1 in the denominator). Respondents agree
   (``consensus``) when ``sd`` is at most the spec's ``scoring.consensus_max_sd``; with a
   single respondent ``sd`` is NaN and ``consensus`` is True.
4. The decision (see :func:`decide`) uses the thresholds in the spec's ``decision`` section.

Examples
--------
>>> import pandas as pd
>>> from sedamkit.core.spec import load_spec
>>> spec = load_spec("necessity_feasibility")
>>> docs = [{"respondent": "a", "answers": {"talent_skills": 5, "talent_learning": 2}},
...         {"respondent": "b", "answers": {"talent_skills": 3, "talent_learning": 3}}]
>>> from sedamkit.core.answers import responses_frame
>>> r = responses_frame(docs, spec)
>>> s = area_summary(r, spec).set_index("area")
>>> float(s.loc["talent", "mean"])   # a: (2*100 + 1*25)/3 = 75; b: 50
62.5
>>> round(float(s.loc["talent", "sd"]), 2)
17.68
"""
from __future__ import annotations

import math

__all__ = ["item_scores", "respondent_scores", "area_summary", "group_summary", "overall_summary",
           "decide", "weakest", "readiness", "Readiness"]


def item_scores(responses, spec):
    """Scored items: the rows of ``responses`` that count, with their 0–100 score.

    Columns: those of :func:`sedamkit.core.answers.responses_frame` plus ``weight`` (the item's
    weight) and ``score`` (0–100). Rows with no value, hidden items and weight-0 items are dropped.
    """
    df = responses[responses["visible"] & responses["value"].notna()].copy()
    items = {it.id: it for it in spec.items}
    lo = df["item"].map(lambda i: spec.scales[items[i].scale].min).astype(float)
    hi = df["item"].map(lambda i: spec.scales[items[i].scale].max).astype(float)
    rev = df["item"].map(lambda i: items[i].reverse).astype(bool)
    score = (df["value"] - lo) / (hi - lo) * 100.0
    df["score"] = score.where(~rev, 100.0 - score)
    df["weight"] = df["item"].map(lambda i: items[i].weight).astype(float)
    return df[df["weight"] > 0].reset_index(drop=True)


def respondent_scores(responses, spec, by: str = "area"):
    """Each respondent's weighted score per ``by`` ("area", "group" or "overall").

    Columns: ``respondent``, ``<by>`` (absent for "overall"), ``score`` (0–100),
    ``n_items`` (items that counted).
    """
    import pandas as pd

    s = item_scores(responses, spec)
    s["wx"] = s["score"] * s["weight"]
    keys = ["respondent"] + ([] if by == "overall" else [by])
    if s.empty:
        return pd.DataFrame(columns=keys + ["score", "n_items"])
    g = s.groupby(keys, sort=True)
    # clip: a weighted mean of values in [0, 100] can land a rounding error outside it
    out = (g["wx"].sum() / g["weight"].sum()).clip(0.0, 100.0).rename("score").to_frame()
    out["n_items"] = g["item"].count()
    return out.reset_index()


def _summarise(per_resp, key, max_sd):
    import pandas as pd

    g = per_resp.groupby(key)["score"]
    out = pd.DataFrame({"n": g.count(), "mean": g.mean(), "sd": g.std(ddof=1), "min": g.min(), "max": g.max()})
    out["consensus"] = out["sd"].isna() | (out["sd"] <= max_sd)
    return out


def area_summary(responses, spec):
    """The workshop view per area, in questionnaire order.

    Columns: ``area``; ``group``; ``title`` (in the spec's language); ``n`` (respondents with a
    score); ``mean``, ``sd``, ``min``, ``max`` of their 0–100 area scores (NaN when nobody
    answered); ``consensus`` (bool, see the module docstring); ``threshold`` (the score below which
    the area blocks a *go*: the larger of ``decision.blocking_below`` and the area's ``min_score``).
    """
    import pandas as pd

    per = respondent_scores(responses, spec, "area")
    summ = _summarise(per, "area", spec.scoring.get("consensus_max_sd", 20))
    base = pd.DataFrame({"area": [a["id"] for a in spec.areas],
                         "group": [a["group"] for a in spec.areas],
                         "title": [spec.text(a["title"]) for a in spec.areas],
                         "threshold": [max(spec.decision.get("blocking_below", 0), a.get("min_score", 0))
                                       for a in spec.areas]})
    out = base.merge(summ, left_on="area", right_index=True, how="left")
    out["n"] = out["n"].fillna(0).astype(int)
    out["consensus"] = out["consensus"].astype("boolean").fillna(True).astype(bool)
    return out[["area", "group", "title", "n", "mean", "sd", "min", "max", "consensus", "threshold"]]


def group_summary(responses, spec):
    """Like :func:`area_summary` per group. Columns: ``group``, ``title``, ``n``, ``mean``, ``sd``,
    ``min``, ``max``, ``consensus``."""
    import pandas as pd

    per = respondent_scores(responses, spec, "group")
    summ = _summarise(per, "group", spec.scoring.get("consensus_max_sd", 20))
    base = pd.DataFrame({"group": [g["id"] for g in spec.groups],
                         "title": [spec.text(g["title"]) for g in spec.groups]})
    out = base.merge(summ, left_on="group", right_index=True, how="left")
    out["n"] = out["n"].fillna(0).astype(int)
    out["consensus"] = out["consensus"].astype("boolean").fillna(True).astype(bool)
    return out


def overall_summary(responses, spec) -> dict:
    """Overall score: ``{"mean", "sd", "n", "by_respondent": {respondent: score}}``."""
    per = respondent_scores(responses, spec, "overall")
    sc = per.set_index("respondent")["score"]
    n = int(sc.count())
    return {"mean": float(sc.mean()) if n else math.nan,
            "sd": float(sc.std(ddof=1)) if n > 1 else math.nan,
            "n": n, "by_respondent": {k: float(v) for k, v in sc.items()}}


def weakest(areas, k: int = 3) -> list[str]:
    """Ids of the ``k`` areas with the lowest mean (ties broken by questionnaire order)."""
    a = areas.dropna(subset=["mean"]).reset_index(drop=True)
    a["_order"] = range(len(a))
    return a.sort_values(["mean", "_order"], kind="stable").head(k)["area"].tolist()


def decide(areas, overall: float, spec) -> dict:
    """The stage 01 decision from area means and the overall score.

    Rules (thresholds from ``spec.decision``; a client config may override them):

    - overall below ``not_now_below`` → ``"not_now"``;
    - otherwise, an area below its ``threshold`` — or with no answers at all — is a *blocking gap*;
    - no blocking gap and overall at least ``go_min_overall`` → ``"go"``;
    - anything else → ``"prepare_first"``.

    Returns ``{"decision", "blocking_gaps", "not_assessed", "reasons"}``; ``reasons`` are
    plain sentences for the report, in the spec's ``language``.

    >>> import pandas as pd
    >>> class S: decision = {"not_now_below": 40, "go_min_overall": 70, "blocking_below": 45}; language = "en"
    >>> a = pd.DataFrame({"area": ["x", "y"], "title": ["X", "Y"], "mean": [80.0, 44.9],
    ...                   "threshold": [45, 45]})
    >>> decide(a, 75, S)["decision"], decide(a, 75, S)["blocking_gaps"]
    ('prepare_first', ['y'])
    >>> decide(a.assign(mean=[80.0, 45.0]), 70, S)["decision"]
    'go'
    >>> decide(a, 39.99, S)["decision"]
    'not_now'
    """
    from ..core.i18n import t

    lang = getattr(spec, "language", "en")
    d = spec.decision
    not_now, go_min = d.get("not_now_below", 40), d.get("go_min_overall", 70)
    missing = areas[areas["mean"].isna()]
    low = areas[areas["mean"].notna() & (areas["mean"] < areas["threshold"])]
    blocking = low["area"].tolist() + missing["area"].tolist()
    reasons = []
    if overall is None or (isinstance(overall, float) and math.isnan(overall)):
        return {"decision": "not_assessed", "blocking_gaps": blocking, "not_assessed": missing["area"].tolist(),
                "reasons": [t("decision.reason_none", lang)]}
    if overall < not_now:
        decision = "not_now"
        reasons.append(t("decision.reason_not_now", lang, score=f"{overall:.0f}", threshold=not_now))
    elif not blocking and overall >= go_min:
        decision = "go"
        reasons.append(t("decision.reason_go", lang, score=f"{overall:.0f}", threshold=go_min))
    else:
        decision = "prepare_first"
        if overall < go_min:
            reasons.append(t("decision.reason_below_go", lang, score=f"{overall:.0f}", threshold=go_min))
    for _, r in low.iterrows():
        reasons.append(t("decision.reason_area_low", lang, area=r["title"], score=f"{r['mean']:.0f}",
                         threshold=f"{r['threshold']:.0f}"))
    for _, r in missing.iterrows():
        reasons.append(t("decision.reason_area_missing", lang, area=r["title"]))
    return {"decision": decision, "blocking_gaps": blocking, "not_assessed": missing["area"].tolist(),
            "reasons": reasons}


class Readiness:
    """Everything stage 01 computes from a set of answers.

    Attributes: ``areas`` (:func:`area_summary`), ``groups`` (:func:`group_summary`),
    ``overall`` (:func:`overall_summary`), ``decision`` (:func:`decide`), ``weakest`` (3 area ids),
    ``by_respondent`` (:func:`respondent_scores` per area).
    """

    def __init__(self, responses, spec):
        self.spec = spec
        self.responses = responses
        self.areas = area_summary(responses, spec)
        self.groups = group_summary(responses, spec)
        self.overall = overall_summary(responses, spec)
        self.by_respondent = respondent_scores(responses, spec, "area")
        self.weakest = weakest(self.areas, 3)
        self.decision = decide(self.areas, self.overall["mean"], spec)
        self.respondents = sorted(responses["respondent"].unique().tolist()) if len(responses) else []

    def summary_markdown(self) -> str:
        """The decision and its reasons as Markdown, for the notebook and the report (spec's language)."""
        from ..core.i18n import t

        lang = getattr(self.spec, "language", "en")
        label = t(f"report.decision_{self.decision['decision']}", lang)
        titles = dict(zip(self.areas["area"], self.areas["title"]))
        lines = [f"### {t('report.decision', lang)}: **{label}**", "",
                 t("report.overall", lang, score=f"{self.overall['mean']:.0f}", n=self.overall["n"]), ""]
        lines += [f"- {r}" for r in self.decision["reasons"]]
        if self.weakest:
            lines += ["", f"{t('report.weakest', lang)}: " + ", ".join(titles[a] for a in self.weakest) + "."]
        nc = self.areas.loc[~self.areas["consensus"], "title"].tolist()
        if nc:
            lines += ["", f"{t('report.disagree', lang)}: " + ", ".join(nc) + f" — {t('report.discuss', lang)}."]
        return "\n".join(lines)

    def _repr_markdown_(self):
        return self.summary_markdown()

    def to_result(self) -> dict:
        """The stage 01 result ``data`` (read by stage 02 and the report)."""
        blocking = set(self.decision["blocking_gaps"])
        areas = []
        for _, r in self.areas.iterrows():
            areas.append({"area": r["area"], "group": r["group"], "title": r["title"],
                          "score": _num(r["mean"]), "sd": _num(r["sd"]), "min": _num(r["min"]),
                          "max": _num(r["max"]), "n": int(r["n"]), "consensus": bool(r["consensus"]),
                          "threshold": float(r["threshold"]), "blocking": r["area"] in blocking})
        groups = [{"group": r["group"], "title": r["title"], "score": _num(r["mean"]), "sd": _num(r["sd"]),
                   "consensus": bool(r["consensus"])} for _, r in self.groups.iterrows()]
        return {"questionnaire": self.spec.id, "version": self.spec.version,
                "respondents": self.respondents, "overall": _num(self.overall["mean"]),
                "overall_sd": _num(self.overall["sd"]), "decision": self.decision["decision"],
                "reasons": self.decision["reasons"], "blocking_gaps": self.decision["blocking_gaps"],
                "weakest": self.weakest, "areas": areas, "groups": groups,
                "thresholds": dict(self.spec.decision),
                "no_consensus": self.areas.loc[~self.areas["consensus"], "area"].tolist()}


def readiness(responses, spec) -> Readiness:
    """Compute the whole readiness profile (see :class:`Readiness`)."""
    return Readiness(responses, spec)


def _num(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), 2)
