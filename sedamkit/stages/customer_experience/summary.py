"""Stage 04 result: :func:`stage_result`, its findings and the runner's input check."""
from __future__ import annotations

import json
import math

from .analysis import (delight, ipa_table, region_tests, kano_categories, kano_performance, metrics_table, must_be_weak, negative_comments,
                       reliability, sentiment_by_touchpoint, unobserved_touchpoints)
from .inputs import STAGE_ID, DesignInputs, feature_label, load_inputs

__all__ = ["findings", "stage_result", "validate_client_inputs"]


# ---------------------------------------------------------------------------------------------- result
def _num(x, nd=3):
    if x is None:
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return x
    return None if math.isnan(x) else round(x, nd)


def findings(result: dict, language: str = "en") -> list[str]:
    """Short sentences for the executive summary, from a :func:`stage_result` dict, in ``language``
    (see :func:`sedamkit.stages.customer_experience.texts.findings`)."""
    from .texts import findings as _texts

    return _texts(result, language)


def stage_result(inputs: DesignInputs, *, k_comments: int = 8, likert_items=None) -> dict:
    """The ``data`` of stage 04's result (JSON-ready; the notebook writes it with ``ctx.write_result``).

    Keys
    ----
    - ``journey`` — ``{id, name, scale}``; ``links_source`` — where the feature links came from
    - ``kano`` — per feature: ``feature``, ``category``, ``category_name``, ``better``, ``worse``,
      ``significant`` (Fong), ``n``, ``mode``, ``total_strength``, ``importance``
    - ``feature_links`` — ``{feature: [touchpoint ids]}``
    - ``kano_performance`` — per feature: ``feature``, ``category``, ``worst_touchpoint``,
      ``performance`` (its mean rating), ``weak``, ``must_be_weak``
    - ``must_be_weak`` — must-be features with weak performance (see the module docstring):
      ``feature``, ``category``, ``touchpoints``, ``worst_touchpoint``, ``touchpoint_name``, ``mean_rating``
    - ``metrics`` — ``{quarter, overall: {nps|csat|ces|ces_agree: {value, ci_low, ci_high, n}},
      by_region: {region: {...}}, region_tests: [...], delight: {...}}`` for the latest quarter;
      ``region_tests`` — every pair of regions per metric with a test of the difference
      (:func:`~sedamkit.stages.customer_experience.analysis.region_tests`: ``metric``, ``region_a``,
      ``region_b``, ``difference``, ``ci_low``, ``ci_high``, ``p_value``, ``p_adjusted``, ``method``,
      ``significant``, ``worst_best`` …); ``delight`` — ``{name: {value, ci_low, ci_high, n, label}}``
      (:func:`~sedamkit.stages.customer_experience.analysis.delight`); ``metrics_trend`` — overall per quarter
    - ``reliability`` — :func:`reliability`; ``ipa`` — records of :func:`ipa_table` or None
    - ``pain_points``, ``moments_at_risk`` — ``touchpoint``, ``name``, ``stage``, ``mean``, ``n``
      (plus ``share_low``, or ``target`` and ``gap``)
    - ``moves`` — ``move``, ``rule``, ``stage``, ``touchpoint``, ``name``, ``reason``
    - ``privacy_gaps`` — ``data_point``, ``touchpoint``, ``observes``; ``unobserved_touchpoints``
    - ``co_creation`` — per touchpoint: ``touchpoint``, ``zone``, ``intensity``
    - ``sentiment`` — ``overall`` shares, ``by_touchpoint`` records, ``most_negative_touchpoint``
    - ``negative_comments`` — the most negative distinct comments (client text, truncated)
    - ``findings`` — short sentences for the executive summary
    - ``skipped`` — only when a part is left out: ``{part: one-line reason}`` (see
      :data:`~sedamkit.stages.customer_experience.inputs.PARTS`); that part's fields are then empty
      (``[]``, ``{}`` or None)
    """
    parts = {**_kano_part(inputs), **_metrics_part(inputs, likert_items), **_journey_part(inputs, k_comments)}
    perf = parts.pop("_perf")
    ipa = ipa_table(inputs, perf) if perf is not None and inputs.journey is not None else None
    parts["ipa"] = None if ipa is None else [{"feature": r.feature, "importance": _num(r.importance),
                                              "performance": _num(r.performance), "quadrant": r.quadrant}
                                             for r in ipa.itertuples()]
    if inputs.skipped:
        parts["skipped"] = dict(inputs.skipped)
    out = _clean(json.loads(json.dumps(parts, default=lambda o: o.item() if hasattr(o, "item") else str(o))))
    out["findings"] = findings(out)
    return out


def _kano_part(inputs):
    """The Kano fields of the result (empty when the client has no Kano survey)."""
    if inputs.categories is None:
        return {"links_source": inputs.links_source, "kano": [], "feature_links": {}, "kano_performance": [],
                "must_be_weak": [], "_perf": None}
    summ = kano_categories(inputs)
    perf = kano_performance(inputs, summ)
    kano_cols = ["feature", "category", "category_name", "better", "worse", "fong_significant", "n", "mode",
                 "total_strength"] + (["importance"] if "importance" in summ.columns else [])
    return {
        "links_source": inputs.links_source,
        "kano": [{("significant" if k == "fong_significant" else k): (_num(v) if isinstance(v, float) else v)
                  for k, v in zip(kano_cols, row)} for row in summ[kano_cols].itertuples(index=False)],
        "feature_links": inputs.links,
        "kano_performance": [{"feature": r.feature, "category": r.category, "worst_touchpoint": r.worst_touchpoint,
                              "performance": _num(r.performance), "weak": bool(r.weak),
                              "must_be_weak": bool(r.must_be_weak)} for r in perf.itertuples()],
        "must_be_weak": must_be_weak(perf, inputs.journey),
        "_perf": perf,
    }


def _metrics_part(inputs, likert_items):
    """NPS, CSAT and CES of the latest quarter and by quarter (empty when there is no customer survey)."""
    if inputs.cx_survey is None:
        return {"metrics": {}, "metrics_trend": {},
                "reliability": {"computed": False, "reason": inputs.skipped.get("metrics", "")}}
    met = metrics_table(inputs.cx_survey)
    last = sorted(met["quarter"].unique())[-1]

    def block(sub):
        return {r.metric: {"value": _num(r.value, 2), "ci_low": _num(r.ci_low, 2), "ci_high": _num(r.ci_high, 2),
                           "n": int(r.n)} for r in sub.itertuples()}

    cur = met[met["quarter"] == last]
    metrics = {"quarter": last, "overall": block(cur[cur["region"] == "All"]),
               "by_region": {reg: block(g) for reg, g in cur[cur["region"] != "All"].groupby("region", sort=True)},
               "region_tests": region_tests(inputs.cx_survey, last), "delight": delight(inputs, last)}
    trend = {q: block(g) for q, g in met[met["region"] == "All"].groupby("quarter", sort=True)}
    return {"metrics": metrics, "metrics_trend": trend, "reliability": reliability(inputs.cx_survey, likert_items)}


def _tp_records(frame, extra=()):
    cols = ["touchpoint", "name", "stage", "mean", "n", *extra]
    return [{c: (_num(v) if c in ("mean", "gap", "target", "share_low") else
                 (int(v) if c == "n" else v)) for c, v in zip(cols, row)}
            for row in frame[cols].itertuples(index=False)]


def _journey_part(inputs, k_comments):
    """The journey's fields: its data points and co-creation (journey only), its pain points, moments at
    risk, moves and comments (journey and ratings); empty when the client lacks them."""
    from ...methods import journey as jr

    j = inputs.journey
    out = {"journey": None, "pain_points": [], "moments_at_risk": [], "moves": [], "privacy_gaps": [],
           "unobserved_touchpoints": [], "co_creation": [],
           "sentiment": {"overall": None, "by_touchpoint": [], "most_negative_touchpoint": None},
           "negative_comments": []}
    if j is None:
        return out
    out["journey"] = {"id": j.id, "name": j.name, "scale": j.scale}
    out["privacy_gaps"] = [{"data_point": r.data_point, "touchpoint": r.touchpoint, "observes": r.observes}
                           for r in jr.privacy_gaps(j).itertuples()]
    out["unobserved_touchpoints"] = [{"touchpoint": r.touchpoint, "name": r.name,
                                      "moment_of_truth": bool(r.moment_of_truth)}
                                     for r in unobserved_touchpoints(j).itertuples()]
    out["co_creation"] = [{"touchpoint": r.touchpoint, "zone": r.zone, "intensity": _num(r.intensity)}
                          for r in jr.co_creation(j).itertuples()]
    if inputs.ratings is None:
        return out
    out["pain_points"] = _tp_records(jr.pain_points(j, inputs.ratings), ("share_low",))
    out["moments_at_risk"] = _tp_records(jr.moments_at_risk(j, inputs.ratings), ("target", "gap"))
    out["moves"] = [{"move": r.move, "rule": r.rule, "stage": r.stage,
                     "touchpoint": r.touchpoint if isinstance(r.touchpoint, str) else None, "name": r.name,
                     "reason": r.reason} for r in jr.suggest_moves(j, inputs.ratings).itertuples()]
    out["sentiment"], out["negative_comments"] = _sentiment(inputs, k_comments)
    return out


def _sentiment(inputs, k_comments):
    from ...methods.sentiment import score_comments, shares

    sentiment = {"overall": None, "by_touchpoint": [], "most_negative_touchpoint": None}
    neg = []
    if "comment" not in inputs.ratings.columns:
        return sentiment, neg
    scored = score_comments(inputs.ratings)
    if not len(scored):
        return sentiment, neg
    o = shares(scored).iloc[0]
    sentiment["overall"] = {"n": int(o["n"]), **{f"pct_{k}": _num(o[f"pct_{k}"], 1)
                                                 for k in ("positive", "neutral", "negative")}}
    bt = sentiment_by_touchpoint(scored, inputs.journey)
    sentiment["by_touchpoint"] = [{"touchpoint": r.touchpoint, "name": r.name, "n": int(r.n),
                                   "pct_positive": _num(r.pct_positive, 1), "pct_neutral": _num(r.pct_neutral, 1),
                                   "pct_negative": _num(r.pct_negative, 1), "mean_compound": _num(r.mean_compound)}
                                  for r in bt.itertuples()]
    w = bt.sort_values("pct_negative", ascending=False, kind="stable").iloc[0]
    sentiment["most_negative_touchpoint"] = {"touchpoint": w["touchpoint"], "name": w["name"],
                                             "pct_negative": _num(w["pct_negative"], 1)}
    neg = [{"touchpoint": r.touchpoint, "comment": r.comment, "compound": _num(r.compound),
            "times": int(r.times)} for r in negative_comments(scored, k_comments).itertuples()]
    return sentiment, neg


def _clean(obj):
    """NaN (pandas' missing value) becomes None, so the result is strict JSON."""
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return obj


def validate_client_inputs(client: dict, stage_ids=None) -> None:
    """Runner hook: when stage 04 is selected, check its data files and journey (see :func:`load_inputs`).

    Raises one :class:`SedamError` listing every problem (file, column, rows).
    """
    if stage_ids is not None and STAGE_ID not in stage_ids:
        return
    load_inputs(client)
