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
4. *Need* and *feasibility* are scored apart: each is the weighted mean over the items of the
   groups whose ``role`` is ``need`` (or ``feasibility``; a group without a role counts as
   feasibility). The decision (see :func:`decide`) judges them one after the other, with the
   thresholds in the spec's ``decision`` section: no need means *not now*, however feasible.
5. "Don't know" answers are counted per area (``dont_know``), and so are answers carried over
   from an older version of the questionnaire (``carried_over``). A *follow-up* (an item of
   weight 0 shown only after a low answer, e.g. "a date for a first exercise is agreed") records
   a plan: it is listed (:func:`follow_ups`), never scored.

Examples
--------
>>> import pandas as pd
>>> from sedamkit.core.spec import load_spec
>>> spec = load_spec("necessity_feasibility")
>>> docs = [{"respondent": "a", "answers": {"talent_specify": 5, "talent_learning_time": 2}},
...         {"respondent": "b", "answers": {"talent_specify": 3, "talent_learning_time": 3}}]
>>> from sedamkit.core.answers import responses_frame
>>> r = responses_frame(docs, spec)
>>> s = area_summary(r, spec).set_index("area")
>>> float(s.loc["talent", "mean"])   # weights 1 and 0.5 — a: (1*100 + 0.5*25)/1.5 = 75; b: 50
62.5
>>> round(float(s.loc["talent", "sd"]), 2)
17.68
"""
from __future__ import annotations

import math

__all__ = ["item_scores", "respondent_scores", "area_summary", "group_summary", "overall_summary",
           "role_summary", "group_roles", "follow_ups", "decide", "weakest", "readiness", "Readiness"]


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


def group_roles(spec) -> dict:
    """``{group id: "need" or "feasibility"}`` (a group without ``role`` counts as feasibility)."""
    return {g["id"]: g.get("role", "feasibility") for g in spec.groups}


def respondent_scores(responses, spec, by: str = "area"):
    """Each respondent's weighted score per ``by`` ("area", "group", "role" or "overall").

    Columns: ``respondent``, ``<by>`` (absent for "overall"), ``score`` (0–100),
    ``n_items`` (items that counted).
    """
    import pandas as pd

    s = item_scores(responses, spec)
    if by == "role":
        s["role"] = s["group"].map(group_roles(spec))
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
    the area blocks a *go*: the larger of ``decision.blocking_below`` and the area's ``min_score``;
    only feasibility areas block); ``role`` ("need" or "feasibility"); ``dont_know`` ("don't know"
    answers, over all respondents, to the items shown); ``carried_over`` (answers read from an older
    version of the questionnaire).
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
    out["role"] = out["group"].map(group_roles(spec))
    shown = responses[responses["visible"]] if len(responses) else responses
    for col in ("dont_know", "carried_over"):
        counts = shown[shown[col].astype(bool)].groupby("area").size() if col in shown and len(shown) else {}
        out[col] = out["area"].map(lambda a, c=counts: int(c.get(a, 0)) if len(c) else 0).astype(int)
    return out[["area", "group", "role", "title", "n", "mean", "sd", "min", "max", "consensus", "threshold",
                "dont_know", "carried_over"]]


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


def role_summary(responses, spec) -> dict:
    """Need and feasibility scored apart: ``{"need": {...}, "feasibility": {...}}``, each like
    :func:`overall_summary` (``mean`` NaN when nothing of that role was answered; ``present`` False
    when the questionnaire has no group of that role)."""
    per = respondent_scores(responses, spec, "role")
    roles = set(group_roles(spec).values())
    out = {}
    for role in ("need", "feasibility"):
        sc = per[per["role"] == role].set_index("respondent")["score"]
        n = int(sc.count())
        out[role] = {"mean": float(sc.mean()) if n else math.nan, "sd": float(sc.std(ddof=1)) if n > 1 else math.nan,
                     "n": n, "present": role in roles,
                     "by_respondent": {k: float(v) for k, v in sc.items()} if n else {}}
    return out


def follow_ups(responses, spec):
    """Follow-up answers: items of weight 0 with a ``show_if``, as shown to each respondent. They record
    a plan (a date agreed, an owner named) and never change a score.

    Columns: ``respondent``, ``item``, ``area``, ``text`` (spec's language), ``value`` (NaN for
    "don't know" or unanswered), ``comment``.
    """
    import pandas as pd

    ids = [it.id for it in spec.items if it.weight == 0 and it.show_if]
    cols = ["respondent", "item", "area", "text", "value", "comment"]
    if not ids or responses.empty:
        return pd.DataFrame(columns=cols)
    f = responses[responses["item"].isin(ids) & responses["visible"]].copy()
    f["text"] = f["item"].map(lambda i: spec.text(spec.item(i).text))
    return f[cols].reset_index(drop=True)


def weakest(areas, k: int = 3) -> list[str]:
    """Ids of the ``k`` areas with the lowest mean (ties broken by questionnaire order)."""
    a = areas.dropna(subset=["mean"]).reset_index(drop=True)
    a["_order"] = range(len(a))
    return a.sort_values(["mean", "_order"], kind="stable").head(k)["area"].tolist()


def decide(areas, feasibility: float, spec, need: float | None = None) -> dict:
    """The stage 01 decision: need first, then feasibility, each from its own score.

    Rules (thresholds from ``spec.decision``; a client config may override them):

    - ``need`` below ``need_min`` → ``"not_now"``, whatever the feasibility: without a need there is
      nothing to prepare for (``need=None``: the questionnaire asks no need, the rule is skipped;
      NaN: the need items have no answers → ``"not_assessed"``);
    - ``feasibility`` below ``not_now_below`` → ``"not_now"``;
    - a feasibility area (``role`` column; all areas when it is absent) below its ``threshold``, or
      with no answers at all, is a *blocking gap*; need areas never block;
    - no blocking gap and feasibility at least ``go_min_overall`` → ``"go"``;
    - anything else → ``"prepare_first"``.

    Returns ``{"decision", "blocking_gaps", "not_assessed", "reasons"}``; ``reasons`` are
    plain sentences for the report, in the spec's ``language``.

    >>> import pandas as pd
    >>> class S: decision = {"need_min": 50, "not_now_below": 40, "go_min_overall": 70, "blocking_below": 45}
    >>> S.language = "en"
    >>> a = pd.DataFrame({"area": ["x", "y"], "title": ["X", "Y"], "mean": [80.0, 44.9],
    ...                   "threshold": [45, 45]})
    >>> decide(a, 75, S)["decision"], decide(a, 75, S)["blocking_gaps"]
    ('prepare_first', ['y'])
    >>> decide(a.assign(mean=[80.0, 45.0]), 70, S, need=60)["decision"]
    'go'
    >>> decide(a.assign(mean=[80.0, 45.0]), 95, S, need=49.9)["decision"]   # no need: not now
    'not_now'
    >>> decide(a, 39.99, S, need=90)["decision"]
    'not_now'
    """
    from ..core.i18n import t

    lang = getattr(spec, "language", "en")
    d = spec.decision
    need_min, not_now, go_min = d.get("need_min", 50), d.get("not_now_below", 40), d.get("go_min_overall", 70)
    feas = areas[areas["role"] != "need"] if "role" in areas else areas
    missing = feas[feas["mean"].isna()]
    low = feas[feas["mean"].notna() & (feas["mean"] < feas["threshold"])]
    blocking = low["area"].tolist() + missing["area"].tolist()
    out = {"decision": None, "blocking_gaps": blocking, "not_assessed": missing["area"].tolist(), "reasons": []}
    reasons = out["reasons"]

    def nan(x):
        return x is None or (isinstance(x, float) and math.isnan(x))

    if need is not None and nan(need):
        out["decision"] = "not_assessed"
        reasons.append(t("decision.reason_need_none", lang))
        return out
    if nan(feasibility) and (need is None or need >= need_min):
        out["decision"] = "not_assessed"
        reasons.append(t("decision.reason_none", lang))
        return out
    if need is not None and need < need_min:
        out["decision"] = "not_now"
        reasons.append(t("decision.reason_no_need", lang, score=f"{need:.0f}", threshold=need_min))
        return out   # feasibility gaps are still in blocking_gaps, but they decide nothing without a need
    if need is not None:
        reasons.append(t("decision.reason_need", lang, score=f"{need:.0f}", threshold=need_min))
    if feasibility < not_now:
        out["decision"] = "not_now"
        reasons.append(t("decision.reason_not_now", lang, score=f"{feasibility:.0f}", threshold=not_now))
    elif not blocking and feasibility >= go_min:
        out["decision"] = "go"
        reasons.append(t("decision.reason_go", lang, score=f"{feasibility:.0f}", threshold=go_min))
    else:
        out["decision"] = "prepare_first"
        if feasibility < go_min:
            reasons.append(t("decision.reason_below_go", lang, score=f"{feasibility:.0f}", threshold=go_min))
    for _, r in low.iterrows():
        reasons.append(t("decision.reason_area_low", lang, area=r["title"], score=f"{r['mean']:.0f}",
                         threshold=f"{r['threshold']:.0f}"))
    for _, r in missing.iterrows():
        reasons.append(t("decision.reason_area_missing", lang, area=r["title"]))
    return out


class Readiness:
    """Everything stage 01 computes from a set of answers.

    Attributes: ``areas`` (:func:`area_summary`), ``groups`` (:func:`group_summary`),
    ``overall`` (:func:`overall_summary`), ``roles`` (need and feasibility, :func:`role_summary`),
    ``follow_ups`` (:func:`follow_ups`), ``decision`` (:func:`decide`), ``weakest`` (3 area ids),
    ``by_respondent`` (:func:`respondent_scores` per area).
    """

    def __init__(self, responses, spec):
        self.spec = spec
        self.responses = responses
        self.areas = area_summary(responses, spec)
        self.groups = group_summary(responses, spec)
        self.overall = overall_summary(responses, spec)
        self.roles = role_summary(responses, spec)
        self.follow_ups = follow_ups(responses, spec)
        self.by_respondent = respondent_scores(responses, spec, "area")
        self.weakest = weakest(self.areas, 3)
        need = self.roles["need"]["mean"] if self.roles["need"]["present"] else None
        self.decision = decide(self.areas, self.roles["feasibility"]["mean"], spec, need=need)
        self.respondents = sorted(responses["respondent"].unique().tolist()) if len(responses) else []

    def summary_markdown(self) -> str:
        """The decision and its reasons as Markdown, for the notebook and the report (spec's language)."""
        from ..core.i18n import t

        lang = getattr(self.spec, "language", "en")
        label = t(f"report.decision_{self.decision['decision']}", lang)
        titles = dict(zip(self.areas["area"], self.areas["title"]))
        lines = [f"### {t('report.decision', lang)}{t('pages.colon', lang)} **{label}**", ""]
        if self.roles["need"]["present"]:
            lines += [t("report.need_feasibility", lang, need=_fmt(self.roles["need"]["mean"]),
                        feasibility=_fmt(self.roles["feasibility"]["mean"]), n=self.overall["n"]), ""]
        else:
            lines += [t("report.overall", lang, score=_fmt(self.overall["mean"]), n=self.overall["n"]), ""]
        lines += [f"- {r}" for r in self.decision["reasons"]]
        dk = self.areas[self.areas["dont_know"] > 0]
        if len(dk):
            lines += ["", f"{t('report.dont_know', lang)}: " + ", ".join(
                f"{r['title']} {r['dont_know']}" for _, r in dk.iterrows()) + "."]
        co = int(self.areas["carried_over"].sum())
        if co:
            lines += ["", t("report.carried_over", lang, n=co)]
        fu = self.follow_ups.dropna(subset=["value"])
        for item, rows in fu.groupby("item", sort=False):
            top = self.spec.scales[self.spec.item(item).scale].max
            who = ", ".join(f"{r['respondent']} {r['value']:.0f} / {top}" for _, r in rows.iterrows())
            lines += ["", t("report.follow_up", lang, text=rows["text"].iloc[0], answers=who)]
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
                          "threshold": float(r["threshold"]), "blocking": r["area"] in blocking,
                          "role": r["role"], "dont_know": int(r["dont_know"]),
                          "carried_over": int(r["carried_over"])})
        groups = [{"group": r["group"], "title": r["title"], "score": _num(r["mean"]), "sd": _num(r["sd"]),
                   "consensus": bool(r["consensus"])} for _, r in self.groups.iterrows()]
        return {"questionnaire": self.spec.id, "version": self.spec.version,
                "respondents": self.respondents, "overall": _num(self.overall["mean"]),
                "overall_sd": _num(self.overall["sd"]), "need": _num(self.roles["need"]["mean"]),
                "feasibility": _num(self.roles["feasibility"]["mean"]), "decision": self.decision["decision"],
                "reasons": self.decision["reasons"], "blocking_gaps": self.decision["blocking_gaps"],
                "weakest": self.weakest, "areas": areas, "groups": groups,
                "thresholds": dict(self.spec.decision),
                "no_consensus": self.areas.loc[~self.areas["consensus"], "area"].tolist(),
                "dont_know": int(self.areas["dont_know"].sum()),
                "follow_ups": [{"respondent": f["respondent"], "item": f["item"], "area": f["area"],
                                "value": _num(f["value"]), "comment": f["comment"]}
                               for _, f in self.follow_ups.iterrows()]}


def readiness(responses, spec) -> Readiness:
    """Compute the whole readiness profile (see :class:`Readiness`)."""
    return Readiness(responses, spec)


def _fmt(x) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.0f}"


def _num(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), 2)
