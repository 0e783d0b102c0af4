"""Stage 04, customer-experience design: the stage's inputs, its result and its exercise checks.

Stage 04 covers elements E5–E7 of ISO/DTS 19384 (clause 7.4: understanding customer needs,
designing and renewing the experience, service innovation) with the design activities of
ISO/TS 24082 (5.3 understanding the customer, 5.4 the design challenge, 5.5 touchpoints and data
points, 5.6 co-creation). The methods themselves live in their own modules — :mod:`sedamkit.kano`,
:mod:`sedamkit.cx`, :mod:`sedamkit.journey`, :mod:`sedamkit.sentiment`; this module reads a client's
data files for them, links Kano features to journey touchpoints, puts the pieces together into the
stage result and checks the notebook's exercises.

Inputs
------
The client config names four data keys (see ``datasets/demo/data/README.md``):

==================== ==========================================================================
key                  columns used
==================== ==========================================================================
kano_survey          ``<feature>_functional`` / ``<feature>_dysfunctional`` pairs (wide layout),
                     optionally ``<feature>_importance``, ``respondent``, ``region``
touchpoint_ratings   ``touchpoint``, ``rating``; optionally ``comment``, ``quarter``, ``region``
cx_survey            ``quarter``, ``nps`` (0–10), ``csat`` (1–5), ``ces`` (1–7); optionally ``region``
==================== ==========================================================================

and the journey file (``journey: journey.yaml``, see :mod:`sedamkit.journey`).

Feature → touchpoint links
--------------------------
Stage 06 takes "Kano must-be features with weak performance" as improvement candidates, so
this stage needs a way to say how well a feature performs today. It is the ratings of the
touchpoints that deliver the feature:

* the links come from the journey file's top-level ``feature_links:`` mapping
  (``{feature: [touchpoint ids]}``), else from ``sedamkit/data/design_links.yaml`` for the
  journey's id (the demo journey has links there), else a feature is linked to the touchpoint
  with the same id, if any;
* a feature **performs weakly** when at least one linked touchpoint has a mean rating below
  the journey's neutral point (i.e. it is a pain point); a feature without a rated touchpoint
  has unknown performance (never weak);
* a **must-be feature with weak performance** is a feature whose Kano category (after the
  M > O > A > I rule) is M and which performs weakly. These are the first things to fix: a
  missing basic angers customers whatever else is good.

Error codes
-----------
CFG004
    The config names no file for a data key, or the file does not exist.
IO002
    A data file cannot be read as a table (CSV or Excel).
DATA001 / DATA002
    A column is missing / a value is not a number or outside its scale (from :mod:`sedamkit.cx`).
KANO001 … KANO005
    Kano answers cannot be read (from :mod:`sedamkit.kano`).
JRN001 … JRN006
    The journey file or the ratings do not fit (from :mod:`sedamkit.journey`); JRN005 also
    for a feature link to an unknown touchpoint.

Every problem names its file; :func:`load_inputs` raises them together.

Examples
--------
>>> inp = load_inputs(DEMO_CLIENT)
>>> sorted(inp.links)[:2], inp.links["fixed_price_quote"]
(['arrival_tracking', 'eco_parts'], ['repair_work', 'invoice_payment'])
>>> r = stage_result(inp)
>>> [f["feature"] for f in r["must_be_weak"]]
['fixed_price_quote']
>>> [g["data_point"] for g in r["privacy_gaps"]]
['dp_customer_photos']
"""
from __future__ import annotations

from ...core import paths as _paths

import dataclasses
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from ...core.datafiles import load_data
from ...core.errors import Problem, Problems, SedamError
from ...core.exercises import Feedback, check_number, exercise
from ...core.tables import read_table, require_columns

__all__ = [
    "STAGE_ID", "DEMO_CLIENT", "DATA_KEYS", "CSAT_SCALE", "CES_SCALE", "CES_AGREE_MIN", "DesignInputs",
    "read_table", "load_inputs", "feature_links", "feature_label", "kano_categories", "kano_performance",
    "must_be_weak", "answer_grid", "metrics_table", "latest_metrics", "plot_metric_trend", "reliability",
    "ipa_table", "sentiment_by_touchpoint", "negative_comments", "sentiment_misses", "unobserved_touchpoints",
    "findings", "stage_result", "validate_client_inputs", "nps_exercise_counts", "pick_kano_pairs",
    "worse_exercise_counts", "check_nps_from_counts", "check_kano_pairs", "check_worse_coefficient",
    "check_moment_at_risk",
]

STAGE_ID = "04_customer_experience"
#: The demo client folder (shipped inside the package; see :func:`sedamkit.core.paths.demo_dir`).
DEMO_CLIENT = _paths.demo_dir()
#: Data keys this stage reads, with the columns each must have.
DATA_KEYS = {"kano_survey": [], "touchpoint_ratings": ["touchpoint", "rating"],
             "cx_survey": ["quarter", "nps", "csat", "ces"]}
#: Scales of the relationship survey: CSAT 1–5 (top-2-box), CES 1–7 (agree at 5 or more).
CSAT_SCALE = (1, 5)
CES_SCALE = (1, 7)
CES_AGREE_MIN = 5
#: Longest comment text kept in the stage result.
COMMENT_CHARS = 160


# ---------------------------------------------------------------------------------------------- inputs
@dataclasses.dataclass
class DesignInputs:
    """A client's validated stage-04 inputs (create with :func:`load_inputs`).

    Attributes
    ----------
    client : dict — the client config; ``files`` — path of every input by key
    kano_survey, ratings, cx_survey : pandas.DataFrame — the raw tables
    journey : sedamkit.methods.journey.Journey
    categories : pandas.DataFrame — :func:`sedamkit.methods.kano.classify_survey` output
    links : dict — feature → list of touchpoint ids (see :func:`feature_links`)
    links_source : str — where the links came from
    """

    client: dict
    files: dict
    kano_survey: pd.DataFrame
    ratings: pd.DataFrame
    cx_survey: pd.DataFrame
    journey: object
    categories: pd.DataFrame
    links: dict
    links_source: str

    def _repr_markdown_(self):
        rows = [("journey", self.files["journey"], f"{len(self.journey.touchpoints)} touchpoints, "
                 f"{len(self.journey.data_points)} data points")]
        rows += [(k, self.files[k], f"{len(getattr(self, a))} rows") for k, a in
                 (("kano_survey", "kano_survey"), ("touchpoint_ratings", "ratings"), ("cx_survey", "cx_survey"))]
        lines = ["| input | file | size |", "| --- | --- | --- |"]
        lines += [f"| {k} | `{Path(f).name}` | {s} |" for k, f, s in rows]
        return "\n".join(lines) + f"\n\nFeature → touchpoint links: {self.links_source}."


def _with_file(problems, file):
    return [p if p.file else dataclasses.replace(p, file=str(file)) for p in problems]


def _collect(_probs, _file, _fn, *args, **kw):
    """Run ``_fn``; add its SedamError problems (with ``_file`` filled in) to ``_probs``."""
    try:
        return _fn(*args, **kw)
    except SedamError as e:
        _probs.extend(_with_file(e.problems, _file))
        return None


def _client_dict(client):
    if isinstance(client, (str, Path)):
        from ...core.config import load_client

        client = load_client(client)
    return client


def load_inputs(client) -> DesignInputs:
    """Read and validate everything stage 04 needs; raise one :class:`SedamError` listing every problem.

    ``client`` is a loaded client config (``ctx.client``) or a client folder. The files are the
    ones ``ctx.data_path(key)`` and ``ctx.client_file("journey", "journey.yaml")`` name.
    """
    from ...methods import cx
    from ...methods import journey as jr
    from ...methods import kano

    client = _client_dict(client)
    cdir = Path(client["dir"])
    cfg_file = str(cdir / "client.yaml")
    probs = Problems()
    data = client.get("data") or {}
    files, tables = {}, {}
    for key, cols in DATA_KEYS.items():
        rel = data.get(key)
        if rel is None:
            probs.add("CFG004", f"data.{key}", f"the config names no {key!r} data file",
                      f"add 'data: {{{key}: data/<file>.csv}}' to client.yaml", file=cfg_file)
            continue
        files[key] = cdir / rel
        df = _collect(probs, files[key], read_table, files[key])
        if df is None:
            continue
        _collect(probs, files[key], require_columns, df, cols, what=f"the {key} data")
        tables[key] = df
    jfile = cdir / (client.get("journey") or "journey.yaml")
    files["journey"] = jfile
    j = _collect(probs, jfile, jr.load_journey, jfile)
    cats = None
    if "kano_survey" in tables:
        df = tables["kano_survey"]
        keep = [c for c in ("region",) if c in df.columns]
        resp = "respondent" if "respondent" in df.columns else None
        cats = _collect(probs, files["kano_survey"], kano.classify_survey, df, respondent=resp, keep=keep,
                        file=str(files["kano_survey"]))
    if "touchpoint_ratings" in tables and j is not None and not _missing(tables["touchpoint_ratings"],
                                                                          DATA_KEYS["touchpoint_ratings"]):
        _collect(probs, files["touchpoint_ratings"], jr.emotion_curve, j, tables["touchpoint_ratings"])
    if "cx_survey" in tables and not _missing(tables["cx_survey"], DATA_KEYS["cx_survey"]):
        df = tables["cx_survey"]
        f = files["cx_survey"]
        _collect(probs, f, cx.nps, df, "nps")
        _collect(probs, f, cx.csat, df, "csat", scale=CSAT_SCALE)
        _collect(probs, f, cx.ces, df, "ces", scale=CES_SCALE, agree_min=CES_AGREE_MIN)
    links, source = ({}, "")
    if j is not None and cats is not None:
        res = _collect(probs, jfile, feature_links, j, list(cats["feature"].cat.categories), file=jfile)
        if res is not None:
            links, source = res
    probs.raise_if_any(f"the stage 04 inputs of {cdir} have problems")
    return DesignInputs(client=client, files={k: str(v) for k, v in files.items()},
                        kano_survey=tables["kano_survey"], ratings=tables["touchpoint_ratings"],
                        cx_survey=tables["cx_survey"], journey=j, categories=cats, links=links,
                        links_source=source)


def _missing(df, cols):
    return [c for c in cols if c not in df.columns]


def feature_links(journey, features, *, file=None):
    """Which touchpoints deliver each Kano feature; returns ``(links, source)``.

    See the module docstring for the order in which links are looked for. Only ``features``
    get links; a touchpoint id the journey does not know is a JRN005 problem.

    >>> from sedamkit.methods.journey import load_journey
    >>> j = load_journey(DEMO_CLIENT / "journey.yaml")
    >>> links, source = feature_links(j, ["online_booking", "loyalty_app"])
    >>> links, source.split(" (")[0]
    ({'online_booking': ['online_booking'], 'loyalty_app': []}, 'sedamkit/data/design_links.yaml')
    """
    from ...core.fileio import read_yaml

    file = file or journey.file
    known = set(journey.touchpoints["touchpoint"])
    raw, source = None, None
    if journey.file and Path(journey.file).is_file():
        obj = read_yaml(journey.file, code="JRN001")
        if isinstance(obj, dict) and obj.get("feature_links") is not None:
            raw, source = obj["feature_links"], f"the journey file's feature_links ({Path(journey.file).name})"
    if raw is None:
        shipped = load_data("design_links.yaml")
        raw = (shipped.get("journeys") or {}).get(journey.id)
        if raw is not None:
            source = f"sedamkit/data/design_links.yaml (journey {journey.id})"
    probs = Problems(file)
    if raw is None:
        links = {f: [f] if f in known else [] for f in features}
        return links, "none given: features linked to touchpoints with the same id"
    if not isinstance(raw, dict):
        probs.add("JRN003", "feature_links", "feature_links must map feature ids to lists of touchpoint ids",
                  "write e.g. feature_links: {online_booking: [online_booking]}")
        probs.raise_if_any("the feature links are not valid")
    links = {}
    for f in features:
        tps = raw.get(f) or []
        tps = [tps] if isinstance(tps, str) else list(tps)
        for t in tps:
            if str(t) not in known:
                probs.add("JRN005", f"feature_links.{f}", f"unknown touchpoint '{t}'",
                          f"use one of: {', '.join(journey.touchpoints['touchpoint'])}")
        links[f] = [str(t) for t in tps]
    probs.raise_if_any("the feature links are not valid")
    return links, source


def feature_label(feature: str) -> str:
    """A readable label for a feature id: ``fixed_price_quote`` → ``fixed price quote``."""
    return str(feature).replace("_", " ")


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
        the journey's neutral point) and ``must_be_weak`` (weak and category M).
    """
    from ...methods.journey import emotion_curve

    summary = kano_categories(inputs) if summary is None else summary
    curve = emotion_curve(inputs.journey, inputs.ratings) if curve is None else curve
    means = dict(zip(curve["touchpoint"], curve["mean"]))
    neutral = inputs.journey.scale["neutral"]
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


def answer_grid(categories: pd.DataFrame, feature: str) -> pd.DataFrame:
    """How respondents answered one feature: a 5 × 5 table of answer pairs, with the category of each cell.

    Rows are the functional answer (feature present), columns the dysfunctional answer (feature
    absent); a cell reads ``"37 · A"``: 37 respondents gave that pair, which the evaluation table
    classifies as attractive.
    """
    from ...methods.kano import ANSWERS, classify

    sub = categories[categories["feature"] == feature]
    if sub.empty:
        raise SedamError(Problem("KANO005", None, "feature", f"no feature {feature!r} in the survey",
                                 f"use one of: {', '.join(map(str, categories['feature'].unique()))}"))
    counts = pd.crosstab(sub["functional"], sub["dysfunctional"]).reindex(index=range(1, 6), columns=range(1, 6),
                                                                          fill_value=0)
    grid = pd.DataFrame({ANSWERS[d]: [f"{counts.loc[f, d]} · {classify(f, d)}" for f in range(1, 6)]
                         for d in range(1, 6)}, index=[ANSWERS[f] for f in range(1, 6)])
    grid.index.name = "functional \\ dysfunctional"
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
    from ...methods import cx

    groups = [["quarter"]] + ([["quarter", "region"]] if by_region and "region" in cx_survey.columns else [])
    parts = []
    for by in groups:
        tabs = {"nps": cx.nps(cx_survey, "nps", by=by).rename(columns={"nps": "value"}),
                "csat": cx.csat(cx_survey, "csat", by=by, scale=CSAT_SCALE).rename(columns={"csat": "value"}),
                "ces": cx.ces(cx_survey, "ces", by=by, scale=CES_SCALE, agree_min=CES_AGREE_MIN)}
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
    out["quarter"] = out["quarter"].astype(str)
    regions = ["All"] + sorted(r for r in out["region"].unique() if r != "All")
    out["_r"] = out["region"].map({r: i for i, r in enumerate(regions)})
    out["_m"] = out["metric"].map({"nps": 0, "csat": 1, "ces": 2, "ces_agree": 3})
    out = out.sort_values(["_m", "quarter", "_r"], kind="stable").drop(columns=["_r", "_m"])
    return out[["quarter", "region", "metric", "value", "ci_low", "ci_high", "n"]].reset_index(drop=True)


def latest_metrics(table: pd.DataFrame) -> pd.DataFrame:
    """The latest quarter of :func:`metrics_table`, one row per region, metrics side by side."""
    last = sorted(table["quarter"].unique())[-1]
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


_METRIC_LABELS = {"nps": "NPS (points, −100 to 100)", "csat": "CSAT (% satisfied, top-2-box)",
                  "ces": "CES (mean, 1–7, higher = easier)", "ces_agree": "CES (% agreeing it was easy)"}


def plot_metric_trend(table: pd.DataFrame, metric: str = "nps", *, ax=None, title=None):
    """One metric of :func:`metrics_table` by quarter: the whole company with its 95 % interval as a band,
    each region as a line with its own marker and line style; returns the Axes."""
    from ...methods.plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(8, 4))
    sub = table[table["metric"] == metric]
    quarters = sorted(sub["quarter"].unique())
    x = {q: i for i, q in enumerate(quarters)}
    allq = sub[sub["region"] == "All"].sort_values("quarter")
    xs = allq["quarter"].map(x)
    ax.fill_between(xs, allq["ci_low"], allq["ci_high"], color="#bbbbbb", alpha=0.5, label="All: 95 % interval")
    ax.plot(xs, allq["value"], color=PALETTE[7], linewidth=2.5, marker="o", label="All regions")
    styles = ["--", "-.", ":", (0, (5, 1))]
    for i, (region, g) in enumerate((r, g) for r, g in sub.groupby("region", sort=True) if r != "All"):
        g = g.sort_values("quarter")
        ax.plot(g["quarter"].map(x), g["value"], color=PALETTE[i % 7], linestyle=styles[i % len(styles)],
                marker="s^Dv"[i % 4], markersize=5, linewidth=1.5, label=region)
        ax.annotate(region, (x[g["quarter"].iloc[-1]], g["value"].iloc[-1]), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8, color=PALETTE[i % 7])
    ax.set_xticks(range(len(quarters)))
    ax.set_xticklabels(quarters, fontsize=8)
    ax.set_xlim(-0.3, len(quarters) - 0.3 + 0.6)
    ax.set_ylabel(_METRIC_LABELS.get(metric, metric))
    ax.set_title(title or f"{metric.upper().replace('_', ' ')} by quarter and region")
    ax.grid(axis="y", color="#eeeeee")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return ax


def reliability(data: pd.DataFrame, items=None) -> dict:
    """Cronbach's alpha for a block of Likert items, or the reason it is not computed.

    ``items`` lists the columns of one multi-item scale (e.g. five statements about the same
    visit, all on 1–5). Without them no alpha is computed: alpha measures whether several items
    measure one thing, and single items on different scales (NPS 0–10, CSAT 1–5, CES 1–7) are not
    such a block.

    Returns ``{"computed": bool, "reason": str}`` plus ``alpha``, ``ci_low``, ``ci_high``, ``n``,
    ``k`` when computed.
    """
    from ...methods.cx import cronbach_alpha

    if not items:
        return {"computed": False,
                "reason": "the data has no multi-item Likert block: NPS, CSAT and CES are single items on "
                          "different scales, so there is no scale whose internal consistency alpha could measure"}
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


def sentiment_misses(scored: pd.DataFrame, *, low: float = 2) -> pd.DataFrame:
    """Comments whose customer rated the touchpoint ``low`` or less but that VADER did not read as negative.

    A screening aid for the limits of the method: each row is a distinct comment with ``times``.
    """
    if "rating" not in scored.columns:
        return scored.iloc[0:0]
    sub = scored[(scored["rating"] <= low) & (scored["sentiment"] != "negative")]
    g = sub.groupby(["touchpoint", "comment", "sentiment"], sort=False).agg(
        compound=("compound", "first"), times=("compound", "size")).reset_index()
    return g.sort_values("times", ascending=False, kind="stable").reset_index(drop=True)


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


# ---------------------------------------------------------------------------------------------- result
def _num(x, nd=3):
    if x is None:
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return x
    return None if math.isnan(x) else round(x, nd)


def findings(result: dict) -> list[str]:
    """Short sentences for the report's executive summary, from a :func:`stage_result` dict."""
    out = []
    kano = result["kano"]
    must = [k["feature"] for k in kano if k["category"] == "M"]
    delight = [k["feature"] for k in kano if k["category"] == "A"]
    if must:
        out.append("Must-be features (customers take them for granted): "
                   + ", ".join(feature_label(f) for f in must) + ".")
    for m in result["must_be_weak"]:
        out.append(f"The must-be feature '{feature_label(m['feature'])}' performs weakly: "
                   f"{m['touchpoint_name'] or m['worst_touchpoint']} is rated {m['mean_rating']:.2f} of 5, "
                   "below neutral; fix it before adding delighters.")
    if delight:
        out.append("Attractive features (delighters once the basics hold): "
                   + ", ".join(feature_label(f) for f in delight) + ".")
    m = result["metrics"]
    if m.get("overall"):
        o = m["overall"]
        out.append(f"{m['quarter']}: NPS {o['nps']['value']:.1f} (95 % interval {o['nps']['ci_low']:.1f} to "
                   f"{o['nps']['ci_high']:.1f}), CSAT {o['csat']['value']:.1f} % satisfied, "
                   f"CES {o['ces']['value']:.2f} of 7.")
        regions = m.get("by_region") or {}
        if len(regions) > 1:
            worst = min(regions, key=lambda r: regions[r]["nps"]["value"])
            best = max(regions, key=lambda r: regions[r]["nps"]["value"])
            sep = regions[worst]["nps"]["ci_high"] < regions[best]["nps"]["ci_low"]
            out.append(f"NPS is lowest in {worst} ({regions[worst]['nps']['value']:.1f}) and highest in {best} "
                       f"({regions[best]['nps']['value']:.1f}); the intervals "
                       + ("do not overlap, so the gap is real." if sep else "overlap, so the gap may be noise."))
    if result["pain_points"]:
        out.append("Pain points (mean rating below neutral): " + ", ".join(
            f"{p['name']} {p['mean']:.2f}" for p in result["pain_points"]) + ".")
    if result["moments_at_risk"]:
        out.append("Moments of truth below target: " + ", ".join(
            f"{p['name']} {p['mean']:.2f}" if p["mean"] is not None else f"{p['name']} (not rated)"
            for p in result["moments_at_risk"]) + f" (target {result['moments_at_risk'][0]['target']:g}).")
    if result["privacy_gaps"]:
        out.append("Privacy gap: personal data collected with no privacy measure at "
                   + ", ".join(f"{g['data_point']} ({g['touchpoint']})" for g in result["privacy_gaps"]) + ".")
    unobs = [u for u in result["unobserved_touchpoints"] if u["moment_of_truth"]]
    if unobs:
        out.append("Moments of truth with no data point: " + ", ".join(u["name"] for u in unobs) + ".")
    s = result["sentiment"]
    if s.get("overall"):
        worst = s["most_negative_touchpoint"]
        out.append(f"Comments: {s['overall']['pct_negative']:.0f} % read as negative by VADER; the most negative "
                   f"touchpoint is {worst['name']} ({worst['pct_negative']:.0f} % negative).")
    return out


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
      by_region: {region: {...}}}`` for the latest quarter; ``metrics_trend`` — overall per quarter
    - ``reliability`` — :func:`reliability`; ``ipa`` — records of :func:`ipa_table` or None
    - ``pain_points``, ``moments_at_risk`` — ``touchpoint``, ``name``, ``stage``, ``mean``, ``n``
      (plus ``share_low``, or ``target`` and ``gap``)
    - ``moves`` — ``move``, ``rule``, ``stage``, ``touchpoint``, ``name``, ``reason``
    - ``privacy_gaps`` — ``data_point``, ``touchpoint``, ``observes``; ``unobserved_touchpoints``
    - ``co_creation`` — per touchpoint: ``touchpoint``, ``zone``, ``intensity``
    - ``sentiment`` — ``overall`` shares, ``by_touchpoint`` records, ``most_negative_touchpoint``
    - ``negative_comments`` — the most negative distinct comments (client text, truncated)
    - ``findings`` — short sentences for the executive summary
    """
    from ...methods import journey as jr
    from ...methods.sentiment import score_comments, shares

    j = inputs.journey
    summ = kano_categories(inputs)
    curve = jr.emotion_curve(j, inputs.ratings)
    perf = kano_performance(inputs, summ, curve)
    met = metrics_table(inputs.cx_survey)
    last = sorted(met["quarter"].unique())[-1]

    def block(sub):
        return {r.metric: {"value": _num(r.value, 2), "ci_low": _num(r.ci_low, 2), "ci_high": _num(r.ci_high, 2),
                           "n": int(r.n)} for r in sub.itertuples()}

    cur = met[met["quarter"] == last]
    metrics = {"quarter": last, "overall": block(cur[cur["region"] == "All"]),
               "by_region": {reg: block(g) for reg, g in cur[cur["region"] != "All"].groupby("region", sort=True)}}
    trend = {q: block(g) for q, g in met[met["region"] == "All"].groupby("quarter", sort=True)}
    ipa = ipa_table(inputs, perf)

    def tp_records(frame, extra=()):
        cols = ["touchpoint", "name", "stage", "mean", "n", *extra]
        return [{c: (_num(v) if c in ("mean", "gap", "target", "share_low") else
                     (int(v) if c == "n" else v)) for c, v in zip(cols, row)}
                for row in frame[cols].itertuples(index=False)]

    moves = jr.suggest_moves(j, inputs.ratings)
    gaps = jr.privacy_gaps(j)
    cc = jr.co_creation(j)
    sentiment = {"overall": None, "by_touchpoint": [], "most_negative_touchpoint": None}
    neg = []
    if "comment" in inputs.ratings.columns:
        scored = score_comments(inputs.ratings)
        if len(scored):
            o = shares(scored).iloc[0]
            sentiment["overall"] = {"n": int(o["n"]), **{f"pct_{k}": _num(o[f"pct_{k}"], 1)
                                                         for k in ("positive", "neutral", "negative")}}
            bt = sentiment_by_touchpoint(scored, j)
            sentiment["by_touchpoint"] = [{"touchpoint": r.touchpoint, "name": r.name, "n": int(r.n),
                                           "pct_positive": _num(r.pct_positive, 1),
                                           "pct_neutral": _num(r.pct_neutral, 1),
                                           "pct_negative": _num(r.pct_negative, 1),
                                           "mean_compound": _num(r.mean_compound)} for r in bt.itertuples()]
            w = bt.sort_values("pct_negative", ascending=False, kind="stable").iloc[0]
            sentiment["most_negative_touchpoint"] = {"touchpoint": w["touchpoint"], "name": w["name"],
                                                     "pct_negative": _num(w["pct_negative"], 1)}
            neg = [{"touchpoint": r.touchpoint, "comment": r.comment, "compound": _num(r.compound),
                    "times": int(r.times)} for r in negative_comments(scored, k_comments).itertuples()]
    kano_cols = ["feature", "category", "category_name", "better", "worse", "fong_significant", "n", "mode",
                 "total_strength"] + (["importance"] if "importance" in summ.columns else [])
    out = {
        "journey": {"id": j.id, "name": j.name, "scale": j.scale},
        "links_source": inputs.links_source,
        "kano": [{("significant" if k == "fong_significant" else k): (_num(v) if isinstance(v, float) else v)
                  for k, v in zip(kano_cols, row)} for row in summ[kano_cols].itertuples(index=False)],
        "feature_links": inputs.links,
        "kano_performance": [{"feature": r.feature, "category": r.category, "worst_touchpoint": r.worst_touchpoint,
                              "performance": _num(r.performance), "weak": bool(r.weak),
                              "must_be_weak": bool(r.must_be_weak)} for r in perf.itertuples()],
        "must_be_weak": must_be_weak(perf, j),
        "metrics": metrics,
        "metrics_trend": trend,
        "reliability": reliability(inputs.cx_survey, likert_items),
        "ipa": None if ipa is None else [{"feature": r.feature, "importance": _num(r.importance),
                                          "performance": _num(r.performance), "quadrant": r.quadrant}
                                         for r in ipa.itertuples()],
        "pain_points": tp_records(jr.pain_points(j, inputs.ratings), ("share_low",)),
        "moments_at_risk": tp_records(jr.moments_at_risk(j, inputs.ratings), ("target", "gap")),
        "moves": [{"move": r.move, "rule": r.rule, "stage": r.stage,
                   "touchpoint": r.touchpoint if isinstance(r.touchpoint, str) else None, "name": r.name,
                   "reason": r.reason} for r in moves.itertuples()],
        "privacy_gaps": [{"data_point": r.data_point, "touchpoint": r.touchpoint, "observes": r.observes}
                         for r in gaps.itertuples()],
        "unobserved_touchpoints": [{"touchpoint": r.touchpoint, "name": r.name,
                                    "moment_of_truth": bool(r.moment_of_truth)}
                                   for r in unobserved_touchpoints(j).itertuples()],
        "co_creation": [{"touchpoint": r.touchpoint, "zone": r.zone, "intensity": _num(r.intensity)}
                        for r in cc.itertuples()],
        "sentiment": sentiment,
        "negative_comments": neg,
    }
    out = _clean(json.loads(json.dumps(out, default=lambda o: o.item() if hasattr(o, "item") else str(o))))
    out["findings"] = findings(out)
    return out


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


@exercise("04_nps_from_counts")
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
        return Feedback(False, "There are no answers to compute an NPS from.", eid)
    expected = 100 * (promoters - detractors) / n
    x = _answer_float(answer)
    if x is not None and abs(expected) >= 1 and abs(x - expected / 100) <= 0.005 and abs(x - expected) > 0.5:
        return Feedback(False, f"You have the share ({x:g}); NPS is reported in points from −100 to 100: "
                        "multiply by 100.", eid)
    mistakes = {
        "You counted the passives as detractors: passives (7–8) count in the total but on neither side.":
            100 * (promoters - passives - detractors) / n,
        "That is the share of promoters only: subtract the share of detractors.": 100 * promoters / n,
        "You subtracted the counts: turn them into shares of all answers first (divide by the total).":
            promoters - detractors,
        "You left the passives out of the total: divide by everyone who answered, passives included.":
            100 * (promoters - detractors) / (promoters + detractors) if promoters + detractors else None,
        "The sign is reversed: NPS is promoters minus detractors.": -expected if abs(expected) > 0.5 else None,
    }
    fb = check_number(answer, expected, tol=0.5, mistakes=mistakes, exercise_id=eid)
    if fb.ok:
        fb.message = f"NPS = 100 × ({promoters} − {detractors}) / {n} = {expected:.1f} points."
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


@exercise("04_kano_pairs")
def check_kano_pairs(answer, pairs: pd.DataFrame) -> Feedback:
    """Exercise 04-B: the Kano category of each answer pair (standard evaluation table).

    ``answer`` is a list in pair order (or a dict whose values are in that order, or a string such
    as ``"M A O I"``). Each category may be a letter or a name in any case: ``"A"``, ``"attractive"``,
    ``"Must be"``, ``"one-dimensional"``, ``"performance"``, ``"delighter"``, ``"basic"``. Recognised:
    the pair read with functional and dysfunctional swapped, and names the kit does not know.
    """
    from ...methods.kano import CATEGORY_NAMES, classify

    eid = "04_kano_pairs"
    k = len(pairs)
    vals = _as_answers(answer, k)
    if not vals or all(v is None for v in vals):
        return Feedback(False, f"Give a list of {k} categories, one per pair, e.g. ['M', 'A', 'O', 'I'].", eid)
    if len(vals) != k:
        return Feedback(False, f"There are {k} pairs but you gave {len(vals)} answers: one category per pair.", eid)
    notes, swapped_pairs, right = [], [], 0
    for (_, row), given in zip(pairs.iterrows(), vals):
        want = classify(row["functional"], row["dysfunctional"])
        swapped = classify(row["dysfunctional"], row["functional"])
        got = _category(given)
        p = int(row["pair"])
        if got is None:
            notes.append(f"pair {p}: {given!r} is not a Kano category (use A, O, M, I, R or Q, or their names)")
        elif got == want:
            right += 1
        elif got == swapped:
            swapped_pairs.append(str(p))
        else:
            notes.append(f"pair {p}: not {CATEGORY_NAMES[got]} — find the row of the functional answer "
                         f"({row['functional']!r}) and the column of the dysfunctional one ({row['dysfunctional']!r})")
    if swapped_pairs:
        notes.insert(0, f"pair{'s' if len(swapped_pairs) > 1 else ''} {', '.join(swapped_pairs)}: that is the "
                     "category you get with the two answers swapped — the rows of the table are the functional "
                     "answer (feature present), the columns the dysfunctional one (feature absent)")
    if right == k:
        names = ", ".join(f"{classify(r['functional'], r['dysfunctional'])}" for _, r in pairs.iterrows())
        return Feedback(True, f"All {k} pairs right ({names}).", eid)
    return Feedback(False, f"{right} of {k} right. " + "; ".join(notes) + ".", eid)


def worse_exercise_counts(summary: pd.DataFrame) -> dict:
    """Counts for exercise 04-C: the must-be feature with the largest |worse| (else the feature with the
    largest |worse|). Returns ``{feature, A, O, M, I, R, Q}``."""
    sub = summary[summary["category"] == "M"]
    sub = sub if len(sub) else summary
    r = sub.sort_values("worse", kind="stable").iloc[0]
    return {"feature": str(r["feature"]), **{c: int(r[c]) for c in ("A", "O", "M", "I", "R", "Q")}}


@exercise("04_worse_coefficient")
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
        return Feedback(False, "That is a percentage: the coefficient runs from −1 to 0, so divide by 100.", eid)
    mistakes = {
        "Right size, but Worse carries a minus sign: it measures how much satisfaction falls when the feature "
        "is missing.": -expected,
        "Leave the reverse (R) and questionable (Q) answers out of the total: the base is A + O + M + I.":
            -(O + M) / (base + R + Q) if R + Q else None,
        "That is Better, (A + O) / (A + O + M + I): Worse puts O + M on top, with a minus sign.": (A + O) / base,
        "That is −Better's numerator: Worse puts O + M on top, not A + O.": -(A + O) / base,
        "You left out the one-dimensional answers: a missing O feature also disappoints, so Worse counts O + M.":
            -M / base,
    }
    fb = check_number(answer, expected, tol=0.01, mistakes=mistakes, exercise_id=eid)
    if fb.ok:
        fb.message = f"Worse = −({O} + {M}) / ({A} + {O} + {M} + {I}) = {expected:.3f}."
    return fb


@exercise("04_moment_at_risk")
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
        return Feedback(False, "No moment of truth is below its target in these data: there is none at risk.", eid)
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return Feedback(False, "Write the touchpoint's id or name as text, e.g. 'repair_work'.", eid)

    def norm(s):
        return " ".join(str(s).strip().lower().replace("_", " ").replace("-", " ").split())

    lookup = {}
    for r in curve.itertuples():
        lookup[norm(r.touchpoint)] = r
        lookup[norm(r.name)] = r
    row = lookup.get(norm(answer))
    if row is None:
        return Feedback(False, f"{answer!r} is not a touchpoint of this journey; use an id from the emotion-curve "
                        "table.", eid)
    top = risk.iloc[0]
    if row.touchpoint == top["touchpoint"]:
        return Feedback(True, f"{top['name']}: a moment of truth rated {top['mean']:.2f}, "
                        f"{-top['gap']:.2f} below the target {top['target']:g}.", eid)
    if not row.moment_of_truth:
        return Feedback(False, f"{row.name} is rated {row.mean:.2f}, but it is not a moment of truth: look only at "
                        "the touchpoints marked with a star.", eid)
    if row.touchpoint in set(risk["touchpoint"]):
        return Feedback(False, f"{row.name} is at risk too, but another moment of truth falls further below the "
                        "target: compare the gaps.", eid)
    return Feedback(False, f"{row.name} is a moment of truth, but it reaches the target ({row.mean:.2f}); "
                    "look for one below it.", eid)
