"""Stage 04 analysis pieces: Kano categories and performance, the metrics table, reliability, IPA,
sentiment by touchpoint and unobserved touchpoints."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ...core.errors import Problem, SedamError
from ...core.i18n import normalise_language, t as _t
from .inputs import CES_AGREE_MIN, CES_SCALE, COMMENT_CHARS, CSAT_SCALE, DesignInputs

__all__ = ["focus_feature", "kano_categories", "kano_performance", "must_be_weak", "answer_grid", "metrics_table", "latest_metrics",
           "plot_metric_trend", "reliability", "ipa_table", "sentiment_by_touchpoint", "negative_comments",
           "sentiment_misses", "kano_summary_shown", "unobserved_touchpoints", "region_tests", "delight", "DELIGHT_COMPOUND"]


# ---------------------------------------------------------------------------------------------- Kano
def kano_categories(inputs: DesignInputs) -> pd.DataFrame:
    """The Kano summary (:func:`sedamkit.methods.kano.summary`) with a readable ``category_name`` column."""
    from ...methods.kano import CATEGORY_NAMES, summary

    s = summary(inputs.categories)
    s.insert(s.columns.get_loc("category") + 1, "category_name", s["category"].map(CATEGORY_NAMES))
    return s


def kano_performance(inputs: DesignInputs, summary=None, curve=None) -> pd.DataFrame:
    """How each Kano feature performs today, from the ratings of the touchpoints that deliver it.

    Returns
    -------
    pandas.DataFrame
        One row per feature: ``feature``, ``category``, ``importance`` (mean stated importance,
        NaN when not asked), ``touchpoints`` (linked ids, comma-separated), ``worst_touchpoint``
        (the linked touchpoint with the lowest mean rating), ``performance`` (its mean rating),
        ``mean_performance`` (mean of the linked touchpoints' means), ``weak`` (worst mean below
        the journey's neutral point) and ``must_be_weak`` (weak and category M). Without a journey or
        touchpoint ratings every feature's performance is unknown (NaN, never weak).
    """
    from ...methods.journey import emotion_curve

    summary = kano_categories(inputs) if summary is None else summary
    rated_journey = inputs.journey is not None and inputs.ratings is not None
    if curve is None and rated_journey:
        curve = emotion_curve(inputs.journey, inputs.ratings)
    means = {} if curve is None else dict(zip(curve["touchpoint"], curve["mean"]))
    neutral = inputs.journey.scale["neutral"] if inputs.journey is not None else float("nan")
    rows = []
    for r in summary.itertuples():
        tps = inputs.links.get(r.feature, [])
        rated = {t: means[t] for t in tps if t in means and not math.isnan(means[t])}
        worst = min(rated, key=rated.get) if rated else None
        perf = rated[worst] if worst else float("nan")
        weak = bool(worst is not None and perf < neutral)
        rows.append({"feature": r.feature, "category": r.category,
                     "importance": getattr(r, "importance", float("nan")), "touchpoints": ", ".join(tps),
                     "worst_touchpoint": worst, "performance": perf,
                     "mean_performance": float(np.mean(list(rated.values()))) if rated else float("nan"),
                     "weak": weak, "must_be_weak": weak and r.category == "M"})
    return pd.DataFrame(rows)


def must_be_weak(performance: pd.DataFrame, journey=None) -> list[dict]:
    """Records of the must-be features that perform weakly (see :func:`kano_performance`)."""
    names = {} if journey is None else dict(zip(journey.touchpoints["touchpoint"], journey.touchpoints["name"]))
    sub = performance[performance["must_be_weak"]]
    return [{"feature": r.feature, "category": r.category, "touchpoints": r.touchpoints.split(", "),
             "worst_touchpoint": r.worst_touchpoint, "touchpoint_name": names.get(r.worst_touchpoint),
             "mean_rating": round(float(r.performance), 2)} for r in sub.itertuples()]


def answer_grid(categories: pd.DataFrame, feature: str, language: str | None = "en") -> pd.DataFrame:
    """How respondents answered one feature: a 5 × 5 table of answer pairs, with the category of each cell.

    Rows are the functional answer (feature present), columns the dysfunctional answer (feature
    absent); a cell reads ``"37 · A"``: 37 respondents gave that pair, which the evaluation table
    classifies as attractive. The answers and the corner label are in ``language`` (``kfr.kano.answer.<n>``);
    the category letters are the method's in every language.
    """
    from ...methods.kano import ANSWERS, classify

    words = ANSWERS if normalise_language(language) == "en" else {n: _t(f"kfr.kano.answer.{n}", language) for n in ANSWERS}

    sub = categories[categories["feature"] == feature]
    if sub.empty:
        raise SedamError(Problem("KANO005", None, "feature", f"no feature {feature!r} in the survey",
                                 f"use one of: {', '.join(map(str, categories['feature'].unique()))}"))
    counts = pd.crosstab(sub["functional"], sub["dysfunctional"]).reindex(index=range(1, 6), columns=range(1, 6),
                                                                          fill_value=0)
    grid = pd.DataFrame({words[d]: [f"{counts.loc[f, d]} · {classify(f, d)}" for f in range(1, 6)]
                         for d in range(1, 6)}, index=[words[f] for f in range(1, 6)])
    grid.index.name = _t("kfr.kano.grid_corner", language)
    return grid


# ---------------------------------------------------------------------------------------------- metrics
def metrics_table(cx_survey: pd.DataFrame, *, by_region: bool = True) -> pd.DataFrame:
    """NPS, CSAT and CES per quarter, overall and per region, with 95 % intervals (tidy).

    Returns
    -------
    pandas.DataFrame
        ``quarter``, ``region`` ("All" for the whole quarter), ``metric`` (``nps`` points,
        ``csat`` % satisfied, ``ces`` mean on 1–7, ``ces_agree`` % agreeing), ``value``,
        ``ci_low``, ``ci_high``, ``n``.
    """
    from ...core.errors import Problems
    from ...core.tables import periods
    from ...methods import cx

    probs = Problems()
    order, labels = periods(cx_survey, "quarter", probs, forms=("quarter",), what="the cx_survey data")
    probs.raise_if_any("the quarters of the survey cannot be read")
    cx_survey = cx_survey.assign(quarter=pd.Categorical(labels, categories=list(order)))
    groups = [["quarter"]] + ([["quarter", "region"]] if by_region and "region" in cx_survey.columns else [])
    parts = []
    for by in groups:
        tabs = cx.survey_metrics(cx_survey, by=by, csat_scale=CSAT_SCALE, ces_scale=CES_SCALE,
                                 agree_min=CES_AGREE_MIN)        # the groups combined once for the three
        tabs["nps"] = tabs["nps"].rename(columns={"nps": "value"})
        tabs["csat"] = tabs["csat"].rename(columns={"csat": "value"})
        ces = tabs.pop("ces")
        tabs["ces"] = ces.rename(columns={"mean": "value", "mean_ci_low": "ci_low", "mean_ci_high": "ci_high"})
        tabs["ces_agree"] = ces.rename(columns={"pct_agree": "value", "agree_ci_low": "ci_low",
                                                "agree_ci_high": "ci_high"})
        for metric, t in tabs.items():
            t = t[by + ["value", "ci_low", "ci_high", "n"]].copy()
            if "region" not in by:
                t["region"] = "All"
            t["metric"] = metric
            parts.append(t)
    out = pd.concat(parts, ignore_index=True)
    out["_q"] = out["quarter"].map({q: i for i, q in enumerate(order)}).astype(int)   # date order, never text order
    out["quarter"] = out["quarter"].astype(str)
    regions = ["All"] + sorted(r for r in out["region"].unique() if r != "All")
    out["_r"] = out["region"].map({r: i for i, r in enumerate(regions)})
    out["_m"] = out["metric"].map({"nps": 0, "csat": 1, "ces": 2, "ces_agree": 3})
    out = out.sort_values(["_m", "_q", "_r"], kind="stable").drop(columns=["_r", "_m", "_q"])
    return out[["quarter", "region", "metric", "value", "ci_low", "ci_high", "n"]].reset_index(drop=True)


#: metric -> (survey column, the lowest answer that counts for a share) of the region tests
_TESTED = {"nps": ("nps", None), "csat": ("csat", CSAT_SCALE[1] - 1), "ces": ("ces", None)}


def region_tests(cx_survey: pd.DataFrame, quarter=None) -> list[dict]:
    """Every pair of regions compared on NPS, CSAT and CES in one quarter (the latest by default), with a
    proper test of the difference (:mod:`sedamkit.methods.cx_compare`), Holm-corrected per metric.

    Each record: ``metric``, ``quarter``, ``region_a`` (the higher value), ``region_b``, ``value_a``,
    ``value_b``, ``n_a``, ``n_b``, ``difference`` (a − b ≥ 0: NPS points, CSAT percentage points, CES
    scale points; 3 decimals), ``ci_low``, ``ci_high``, ``p_value``, ``p_adjusted`` (6 decimals), ``method``,
    ``significant``
    (adjusted p below 0.05) and ``worst_best`` (True for the pair of the lowest and the highest region).
    Empty without a ``region`` column or with fewer than two regions.
    """
    from ...core.errors import Problems
    from ...core.tables import periods
    from ...methods.cx_compare import group_tests

    if "region" not in cx_survey.columns or cx_survey["region"].dropna().nunique() < 2:
        return []
    probs = Problems()
    order, labels = periods(cx_survey, "quarter", probs, forms=("quarter",), what="the cx_survey data")
    probs.raise_if_any("the quarters of the survey cannot be read")
    quarter = str(list(order)[-1]) if quarter is None else str(quarter)
    sub = cx_survey[pd.Series(labels, index=cx_survey.index).astype(str) == quarter]
    out = []
    for metric, (col, cut) in _TESTED.items():
        t = group_tests(sub, metric, col, "region", cut=cut,
                        scale={"csat": CSAT_SCALE, "ces": CES_SCALE}.get(metric))
        t = t.dropna(subset=["p_value"])
        if t.empty:
            continue
        rows = []
        for r in t.to_dict("records"):
            if r["value_a"] < r["value_b"]:               # orient every pair: the better region first
                r = {**r, "group_a": r["group_b"], "group_b": r["group_a"], "value_a": r["value_b"],
                     "value_b": r["value_a"], "n_a": r["n_b"], "n_b": r["n_a"], "difference": -r["difference"],
                     "ci_low": -r["ci_high"], "ci_high": -r["ci_low"]}
            rows.append(r)
        big = max(range(len(rows)), key=lambda i: rows[i]["difference"])
        for i, r in enumerate(rows):
            out.append({"metric": metric, "quarter": quarter, "region_a": r["group_a"], "region_b": r["group_b"],
                        **{k: round(float(r[k]), 3) for k in ("value_a", "value_b", "difference", "ci_low",
                                                              "ci_high")},
                        **{k: round(float(r[k]), 6) for k in ("p_value", "p_adjusted")},
                        "n_a": int(r["n_a"]), "n_b": int(r["n_b"]), "method": r["method"],
                        "significant": bool(r["significant"]), "worst_best": i == big})
    return out


#: A comment counts as delighted when its touchpoint got the top rating and VADER's compound score is at
#: least this (clearly positive words, not only "ok").
DELIGHT_COMPOUND = 0.5


def delight(inputs: DesignInputs, quarter=None, *, language: str | None = None) -> dict:
    """Indicators of customer delight beside satisfaction (ISO 23592's top of the pyramid; 24082's
    delight), from what the client's data holds, for one quarter (the survey's latest by default):

    * ``csat_top_box`` — the share giving the highest CSAT answer ("very satisfied", 5 of 5): CSAT
      counts the top two answers, delight only the top one;
    * ``nps_top_score`` — the share answering 10 of 10 ("would certainly recommend");
    * ``delighted_comments`` — among touchpoint ratings with a comment, the share whose rating is the
      top of the journey's scale and whose words are clearly positive (VADER compound ≥
      :data:`DELIGHT_COMPOUND`; English words only). Needs the journey and the touchpoint ratings.

    Returns ``{name: {value (percent), ci_low, ci_high (Wilson, percent), n, label}}``; an indicator the
    data cannot give is left out (``{}`` without a survey or ratings). The labels are in ``language``
    (default: the client's).
    """
    from ...core.i18n import t
    from ...methods.statistics import wilson_interval

    lang = language or (inputs.client or {}).get("language", "en")
    out = {}

    def add(name, hits, n):
        if n <= 0:
            return
        lo, hi = wilson_interval(hits, n)
        out[name] = {"value": round(100 * hits / n, 2), "ci_low": round(100 * float(lo), 2),
                     "ci_high": round(100 * float(hi), 2), "n": int(n), "label": t(f"std.delight.{name}", lang)}

    cx_ = inputs.cx_survey
    if cx_ is not None:
        from ...core.errors import Problems
        from ...core.tables import numeric, periods

        probs = Problems()
        order, labels = periods(cx_, "quarter", probs, forms=("quarter",), what="the cx_survey data")
        probs.raise_if_any("the quarters of the survey cannot be read")
        quarter = str(list(order)[-1]) if quarter is None else str(quarter)
        sub = cx_[pd.Series(labels, index=cx_.index).astype(str) == quarter]
        c = numeric(sub, "csat", probs, lo=CSAT_SCALE[0], hi=CSAT_SCALE[1], what="CSAT answers")
        s = numeric(sub, "nps", probs, lo=0, hi=10, what="NPS answers")
        probs.raise_if_any("cannot compute the delight indicators")
        add("csat_top_box", int((c == CSAT_SCALE[1]).sum()), int((~np.isnan(c)).sum()))
        add("nps_top_score", int((s == 10).sum()), int((~np.isnan(s)).sum()))
    r = inputs.ratings
    if r is not None and inputs.journey is not None and "comment" in r.columns:
        from ...methods.sentiment import score_comments

        if quarter is not None and "quarter" in r.columns and (r["quarter"].astype(str) == quarter).any():
            r = r[r["quarter"].astype(str) == quarter]
        scored = score_comments(r)
        if len(scored) and "rating" in scored.columns:
            top = inputs.journey.scale["max"]
            hits = int(((pd.to_numeric(scored["rating"], errors="coerce") >= top)
                        & (scored["compound"] >= DELIGHT_COMPOUND)).sum())
            add("delighted_comments", hits, len(scored))
    return out


def latest_metrics(table: pd.DataFrame) -> pd.DataFrame:
    """The latest quarter of :func:`metrics_table` (by date, never by text), one row per region, metrics
    side by side."""
    last = _quarters(table)[-1]
    sub = table[table["quarter"] == last]
    wide = sub.pivot(index="region", columns="metric", values="value")
    order = ["All"] + sorted(r for r in wide.index if r != "All")
    wide = wide.reindex(order)[["nps", "csat", "ces", "ces_agree"]]
    for m in ("nps", "csat", "ces", "ces_agree"):
        lo = sub.pivot(index="region", columns="metric", values="ci_low")[m].reindex(order)
        hi = sub.pivot(index="region", columns="metric", values="ci_high")[m].reindex(order)
        wide[f"{m}_interval"] = [f"{a:.1f} – {b:.1f}" for a, b in zip(lo, hi)]
    wide.insert(0, "quarter", last)
    wide.columns.name = None
    return wide.reset_index()


def _quarters(table) -> list:
    """The quarter labels of a metrics table in date order (a coded DATA004 for a label not like 2025Q1;
    DATA005 when there is none)."""
    from ...core.errors import Problems
    from ...core.tables import periods, require_rows

    probs = Problems()
    if not require_rows(table, probs, what="the metrics table"):
        probs.raise_if_any("no quarter to show")
    order, _ = periods(table, "quarter", probs, forms=("quarter",), what="the metrics table")
    probs.raise_if_any("the quarters of the metrics table cannot be read")
    return list(order)


_METRIC_LABELS = {"nps": "NPS (points, −100 to 100)", "csat": "CSAT (% satisfied, top-2-box)",
                  "ces": "CES (mean, 1–7, higher = easier)", "ces_agree": "CES (% agreeing it was easy)"}


def plot_metric_trend(table: pd.DataFrame, metric: str = "nps", *, ax=None, title=None, language="en"):
    """One metric of :func:`metrics_table` by quarter: the whole company with its 95 % interval as a band,
    each region as a line with its own marker and line style; returns the Axes. Fixed text is in
    ``language`` (``ui_fig.yaml``)."""
    from ...core.i18n import catalogue, t
    from ...methods.plots import PALETTE, get_ax, spread_apart

    ax = get_ax(ax, figsize=(8, 4))
    sub = table[table["metric"] == metric]
    quarters = _quarters(sub)
    x = {q: i for i, q in enumerate(quarters)}
    allq = sub[sub["region"] == "All"].sort_values("quarter", key=lambda s: s.map(x))
    xs = allq["quarter"].map(x)
    ax.fill_between(xs, allq["ci_low"], allq["ci_high"], color="#bbbbbb", alpha=0.5, label=t("fig.trend.band", language))
    ax.plot(xs, allq["value"], color=PALETTE[7], linewidth=2.5, marker="o", label=t("fig.trend.all", language))
    styles = ["--", "-.", ":", (0, (5, 1))]
    ends = []
    for i, (region, g) in enumerate((r, g) for r, g in sub.groupby("region", sort=True) if r != "All"):
        g = g.sort_values("quarter", key=lambda s: s.map(x))
        ax.plot(g["quarter"].map(x), g["value"], color=PALETTE[i % 7], linestyle=styles[i % len(styles)],
                marker="s^Dv"[i % 4], markersize=5, linewidth=1.5, label=region)
        ends.append((region, x[g["quarter"].iloc[-1]], float(g["value"].iloc[-1]), PALETTE[i % 7]))
    # end-of-line names, moved apart where two regions end close together (they never overlap)
    ax.autoscale_view()
    lo, hi = ax.get_ylim()
    ys = spread_apart([e[2] for e in ends], 0.075 * (hi - lo))
    for (region, xe, _, colour), ye in zip(ends, ys):
        ax.annotate(region, (xe, ye), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8,
                    color=colour)
    ax.set_xticks(range(len(quarters)))
    ax.set_xticklabels(quarters, fontsize=8)
    ax.set_xlim(-0.3, len(quarters) - 0.3 + 0.6)
    key = f"fig.trend.{metric}"
    ax.set_ylabel(t(key, language) if key in catalogue() else _METRIC_LABELS.get(metric, metric))
    ax.set_title(title or t("fig.trend.title", language, metric=metric.upper().replace("_", " ")))
    ax.grid(axis="y", color="#eeeeee")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return ax


def reliability(data: pd.DataFrame, items=None, *, language: str = "en") -> dict:
    """Cronbach's alpha for a block of Likert items, or the reason it is not computed.

    ``items`` lists the columns of one multi-item scale (e.g. five statements about the same
    visit, all on 1–5). Without them no alpha is computed: alpha measures whether several items
    measure one thing, and single items on different scales (NPS 0–10, CSAT 1–5, CES 1–7) are not
    such a block.

    Returns ``{"computed": bool, "reason": str}`` plus ``alpha``, ``ci_low``, ``ci_high``, ``n``,
    ``k`` when computed; the reason is in ``language`` (``en`` or ``fr``).
    """
    from ...methods.cx import cronbach_alpha

    if not items:
        from .texts import reliability_reason

        return {"computed": False, "reason": reliability_reason(language)}
    r = cronbach_alpha(data, list(items)).iloc[0]
    return {"computed": True, "reason": "", "alpha": round(float(r["alpha"]), 3),
            "ci_low": round(float(r["ci_low"]), 3), "ci_high": round(float(r["ci_high"]), 3),
            "n": int(r["n"]), "k": int(r["k"])}


def ipa_table(inputs: DesignInputs, performance=None) -> pd.DataFrame | None:
    """Importance–performance analysis of the Kano features, or None when the data does not allow it.

    Importance is the mean self-stated importance from the Kano survey (1–5); performance is the
    mean rating of the touchpoints that deliver the feature (:func:`kano_performance`,
    ``mean_performance``, on the journey's scale). Both need the same 1–5 scale, which the demo
    has. The two numbers come from different surveys, so read the grid as a conversation starter.
    Features no touchpoint delivers are left out. The crosshair is at the means of the features.
    """
    from ...methods.cx import ipa

    if inputs.journey is None or inputs.categories is None:
        return None
    perf = kano_performance(inputs) if performance is None else performance
    scale = inputs.journey.scale
    sub = perf.dropna(subset=["importance", "mean_performance"])
    if len(sub) < 3 or (scale["min"], scale["max"]) != (1, 5):
        return None
    frame = pd.DataFrame({"feature": sub["feature"], "importance": sub["importance"],
                          "performance": sub["mean_performance"]})
    return ipa(frame, item="feature", crosshair="means", scale=(1, 5))


# ---------------------------------------------------------------------------------------------- sentiment
def sentiment_by_touchpoint(scored: pd.DataFrame, journey) -> pd.DataFrame:
    """:func:`sedamkit.methods.sentiment.shares` per touchpoint, in journey order, with the touchpoint's ``name``."""
    from ...methods.sentiment import shares

    s = shares(scored, by="touchpoint")
    tps = journey.touchpoints[["order", "touchpoint", "name"]]
    out = tps.merge(s, on="touchpoint", how="inner").sort_values("order").drop(columns="order")
    return out.reset_index(drop=True)


def negative_comments(scored: pd.DataFrame, k: int = 8, *, chars: int = COMMENT_CHARS) -> pd.DataFrame:
    """The ``k`` most negative *distinct* comments (identical texts counted once, ``times`` says how often).

    Returns ``touchpoint``, ``comment`` (cut to ``chars`` characters), ``compound``, ``times``,
    ``mean_rating`` (of the rows with that comment, when ratings are present).
    """
    agg = {"compound": ("compound", "first"), "times": ("compound", "size")}
    if "rating" in scored.columns:
        agg["mean_rating"] = ("rating", "mean")
    g = scored.groupby(["touchpoint", "comment"], sort=False).agg(**agg).reset_index()
    g = g.sort_values(["compound", "times"], ascending=[True, False], kind="stable").head(k)
    g["comment"] = [c if len(c) <= chars else c[: chars - 1].rstrip() + "…" for c in g["comment"].astype(str)]
    return g.reset_index(drop=True)


def sentiment_misses(scored: pd.DataFrame, *, low: float = 2, language: str | None = "en") -> pd.DataFrame:
    """Comments whose customer rated the touchpoint ``low`` or less but that VADER did not read as negative.

    A screening aid for the limits of the method: each row is a distinct comment with ``times``. The
    ``sentiment`` word is in ``language`` (``kfr.fig.sentiment.<label>``, as the sentiment chart names it).
    """
    if "rating" not in scored.columns:
        return scored.iloc[0:0]
    sub = scored[(scored["rating"] <= low) & (scored["sentiment"] != "negative")]
    g = sub.groupby(["touchpoint", "comment", "sentiment"], sort=False).agg(
        compound=("compound", "first"), times=("compound", "size")).reset_index()
    g = g.sort_values("times", ascending=False, kind="stable").reset_index(drop=True)
    if normalise_language(language) != "en" and len(g):
        g["sentiment"] = [_t(f"kfr.fig.sentiment.{x}", language) if x in ("negative", "neutral", "positive") else x
                          for x in g["sentiment"]]
    return g


def kano_summary_shown(summary: pd.DataFrame, language: str | None = "en") -> pd.DataFrame:
    """A Kano summary table (:func:`sedamkit.methods.kano.summary`) as a notebook shows it: the
    ``category_name`` in ``language`` (``fig.kano.cat.<letter>``, the chart's words); the category letters and
    every number as they are. English gives ``summary`` itself.

    >>> kano_summary_shown(pd.DataFrame({"category": ["M"], "category_name": ["must-be"]}), "fr")["category_name"].tolist()
    ['obligatoire']
    """
    if normalise_language(language) == "en" or "category_name" not in summary or "category" not in summary:
        return summary
    names = [_t(f"fig.kano.cat.{c}", language) if c in ("A", "O", "M", "I", "R", "Q") else n
             for c, n in zip(summary["category"], summary["category_name"])]
    return summary.assign(category_name=names)


# ---------------------------------------------------------------------------------------------- journey extras
def unobserved_touchpoints(journey) -> pd.DataFrame:
    """Touchpoints with no data point at all (24082 5.5.4: every touchpoint that matters should be observed),
    moments of truth first."""
    from ...methods.journey import data_points

    inv = data_points(journey)
    tps = journey.touchpoints
    seen = set(inv.loc[inv["data_point"].notna(), "touchpoint"])
    out = tps[~tps["touchpoint"].isin(seen)][["touchpoint", "name", "stage", "owner", "moment_of_truth"]]
    return out.sort_values("moment_of_truth", ascending=False, kind="stable").reset_index(drop=True)


def focus_feature(categories) -> str:
    """The feature to look at first in a Kano study: the one most respondents call must-be (ties by
    name), else the first feature of the survey. Chosen from the client's data, never written in.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"feature": ["a", "b", "b", "a", "b"], "category": ["O", "M", "M", "M", "A"]})
    >>> focus_feature(c)
    'b'
    """
    counts = categories.loc[categories["category"] == "M", "feature"].astype(str).value_counts()
    if len(counts):
        best = counts.max()
        return sorted(counts[counts == best].index)[0]
    feats = categories["feature"]
    return str(feats.cat.categories[0] if hasattr(feats, "cat") else sorted(map(str, feats.unique()))[0])
