"""What the ratings say about a journey: the emotion curve, stage summaries, pain points and moments
of truth at risk; and what the journey observes: the data-point inventory, privacy gaps and
co-creation per touchpoint."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import Problems
from ..core.tables import numeric, require_columns, rows_text
from .journey_model import Journey
from .statistics import t_interval

__all__ = ["emotion_curve", "stage_summary", "pain_points", "moments_at_risk", "data_points", "privacy_gaps",
           "CO_CREATION_ZONES", "co_creation"]


# ----------------------------------------------------------------------------------------------
# ratings → emotion curve


def _check_ratings(journey, ratings, touchpoint, rating):
    probs = Problems()
    require_columns(ratings, [touchpoint, rating], what="the ratings", probs=probs)
    probs.raise_if_any("the ratings cannot be used")
    known = set(journey.touchpoints["touchpoint"])
    tp = ratings[touchpoint].astype(object)
    unknown = ~tp.isin(known)
    for bad in pd.unique(tp[unknown]):
        rows = ratings.index[(tp == bad).to_numpy()]
        probs.add("JRN006", f"column '{touchpoint}', {rows_text(rows)}",
                  f"touchpoint '{bad}' is not in journey '{journey.id}' ({len(rows)} ratings)",
                  f"use one of: {', '.join(journey.touchpoints['touchpoint'])}")
    vals = numeric(ratings, rating, probs, lo=journey.scale["min"], hi=journey.scale["max"], what="ratings")
    probs.raise_if_any("the ratings cannot be used")
    return tp.to_numpy(), vals


def emotion_curve(journey: Journey, ratings, *, touchpoint="touchpoint", rating="rating", confidence=0.95):
    """The emotion curve: mean rating per touchpoint, in journey order.

    Parameters
    ----------
    journey : Journey
    ratings : pandas.DataFrame
        One row per rating; columns ``touchpoint`` (an id of the journey) and
        ``rating`` (on the journey's scale). Missing ratings are ignored.
    touchpoint, rating : str
        Column names.
    confidence : float
        For the t interval of each mean.

    Returns
    -------
    pandas.DataFrame
        One row per touchpoint of the journey (rated or not):

        * ``order``, ``stage``, ``stage_name``, ``touchpoint``, ``name``, ``owner``,
          ``channel``, ``moment_of_truth`` – from the journey;
        * ``n`` – ratings; ``mean``, ``sd``, ``ci_low``, ``ci_high`` – the mean
          rating and its interval (NaN when not rated);
        * ``share_low`` – share of ratings below neutral;
        * ``share_rated`` – ``n`` relative to the most-rated touchpoint (a proxy
          for how many customers meet it);
        * ``previous`` – the previous rated touchpoint; ``step`` – change of the
          mean from it (negative = the mood drops). Alternatives (touchpoints of one
          stage with the same ``alternatives`` name) are not a sequence: each is
          compared with what comes before the group, and what follows the group is
          compared with the group's mean over all its ratings (``previous`` names the
          alternatives joined by " / ");
        * ``alternatives``, ``only_way_for`` – from the journey; ``sole_way`` – True when
          some customers have no other way in: ``only_way_for`` is given, or no other
          alternative of its group is on the same channel (physical or virtual);
        * ``below_neutral`` – mean below the scale's neutral point.
    """
    tp, vals = _check_ratings(journey, ratings, touchpoint, rating)
    ok = ~np.isnan(vals)
    frame = pd.DataFrame({"touchpoint": tp[ok], "rating": vals[ok]})
    g = frame.groupby("touchpoint")["rating"]
    stats = pd.DataFrame({"n": g.size(), "mean": g.mean(), "sd": g.std(ddof=1),
                          "n_low": g.apply(lambda s: int((s < journey.scale["neutral"]).sum()))})
    out = journey.touchpoints.drop(columns="description").merge(journey.stages[["stage", "stage_name"]],
                                                                on="stage", how="left")
    out = out[["order", "stage", "stage_name", "touchpoint", "name", "owner", "channel", "moment_of_truth",
               "alternatives", "only_way_for"]]
    out = out.merge(stats, left_on="touchpoint", right_index=True, how="left")
    out["n"] = out["n"].fillna(0).astype(np.int64)
    out["ci_low"], out["ci_high"] = t_interval(out["mean"], out["sd"], out["n"], confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_low"] = out["n_low"] / out["n"].where(out["n"] > 0)
        out["share_rated"] = out["n"] / max(int(out["n"].max()), 1)
    out["previous"], out["step"] = _steps(out)
    out["sole_way"] = _sole_way(out)
    fill = out["sole_way"] & out["only_way_for"].isna()   # sole by channel: say which customers
    out.loc[fill, "only_way_for"] = "customers who keep to the " + out.loc[fill, "channel"].astype(str) + " channel"
    out["below_neutral"] = out["mean"] < journey.scale["neutral"]
    return out.drop(columns="n_low").reset_index(drop=True)


def _groups(curve):
    """Runs of the curve: a lone touchpoint, or the alternatives of one group within one stage."""
    runs, key = [], None
    for i, (stage, alt) in enumerate(zip(curve["stage"], curve["alternatives"])):
        k = (stage, alt) if alt is not None and alt == alt else None
        if k is not None and k == key:
            runs[-1].append(i)
        else:
            runs.append([i])
        key = k
    return runs


def _steps(curve):
    """``previous`` and ``step`` per row; alternatives are compared with what precedes their group."""
    prevs, steps = [None] * len(curve), [np.nan] * len(curve)
    prev_id, prev_mean = None, np.nan
    means, ns, ids = curve["mean"].to_numpy(), curve["n"].to_numpy(), curve["touchpoint"].tolist()
    for run in _groups(curve):
        for i in run:
            prevs[i] = prev_id
            steps[i] = means[i] - prev_mean if prev_id is not None else np.nan
        rated = [i for i in run if not np.isnan(means[i])]
        if rated:
            w = np.array([ns[i] for i in rated], dtype=float)
            prev_mean = float(np.average([means[i] for i in rated], weights=w)) if w.sum() > 0 else \
                float(np.mean([means[i] for i in rated]))
            prev_id = " / ".join(ids[i] for i in rated)
    return prevs, steps


def _sole_way(curve):
    """True where some customers have no other way in (see :func:`emotion_curve`)."""
    out = curve["only_way_for"].notna().to_numpy().copy()
    for run in _groups(curve):
        if len(run) < 2:
            continue
        chans = curve["channel"].iloc[run].tolist()
        for i, c in zip(run, chans):
            out[i] = out[i] or chans.count(c) == 1
    return out


def stage_summary(journey: Journey, ratings, **kw):
    """One row per stage: ``stage``, ``stage_name``, ``n_touchpoints``, ``n`` (ratings), ``mean``
    (mean of the touchpoint means), ``min_mean``, ``max_mean``, ``brand_delight`` (a brand-owned
    touchpoint reaches the target) and ``has_moment_of_truth``."""
    curve = kw.pop("curve", None)
    curve = emotion_curve(journey, ratings, **kw) if curve is None else curve
    target = journey.scale["target"]
    rows = []
    for _, st in journey.stages.iterrows():
        sub = curve[curve["stage"] == st["stage"]]
        brand = sub[(sub["owner"] == "brand") & (sub["mean"] >= target)]
        rows.append({"stage": st["stage"], "stage_name": st["stage_name"], "n_touchpoints": len(sub),
                     "n": int(sub["n"].sum()), "mean": sub["mean"].mean(), "min_mean": sub["mean"].min(),
                     "max_mean": sub["mean"].max(), "brand_delight": len(brand) > 0,
                     "has_moment_of_truth": bool(sub["moment_of_truth"].any())})
    return pd.DataFrame(rows)


def pain_points(journey: Journey, ratings, *, k=None, threshold=None, **kw):
    """Touchpoints that hurt: mean below ``threshold`` (default the neutral point), or the ``k`` lowest.

    Returns the :func:`emotion_curve` rows, lowest mean first (unrated
    touchpoints are never pain points).
    """
    curve = emotion_curve(journey, ratings, **kw)
    rated = curve[curve["n"] > 0].sort_values("mean", kind="stable")
    if k is not None:
        return rated.head(k).reset_index(drop=True)
    thr = journey.scale["neutral"] if threshold is None else threshold
    return rated[rated["mean"] < thr].reset_index(drop=True)


def moments_at_risk(journey: Journey, ratings, *, target=None, **kw):
    """Moments of truth whose mean rating is below the target (default the journey's ``scale.target``).

    A moment of truth has to be clearly good, not merely neutral, so the bar
    is higher than for a pain point.

    Returns
    -------
    pandas.DataFrame
        The :func:`emotion_curve` columns of those touchpoints plus ``target``
        and ``gap`` (mean − target, negative), worst first. Moments of truth
        nobody rated are listed too, with NaN mean — they are at risk because
        nobody watches them.
    """
    curve = emotion_curve(journey, ratings, **kw)
    target = journey.scale["target"] if target is None else float(target)
    mot = curve[curve["moment_of_truth"]].copy()
    mot["target"] = target
    mot["gap"] = mot["mean"] - target
    risky = mot[(mot["mean"] < target) | (mot["n"] == 0)]
    return risky.sort_values("gap", kind="stable", na_position="first").reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# data points and co-creation


def data_points(journey: Journey):
    """The data-point inventory, one row per data point, with privacy gaps flagged.

    Returns
    -------
    pandas.DataFrame
        ``data_point``, ``stage``, ``touchpoint``, ``touchpoint_name``,
        ``observes`` (what is observed), ``method`` (how), ``personal_data``,
        ``privacy_measure`` (None when none is recorded), ``privacy_gap`` (personal
        data without a privacy measure), ``used_for`` and ``no_use`` (collected with
        no use recorded: collect only what serves a purpose, 19384 7.4.2.3). A final
        block lists touchpoints with no data point at all (``data_point`` None,
        ``observes`` "(nothing observed)").
    """
    tps = journey.touchpoints[["touchpoint", "name", "stage", "order"]].rename(columns={"name": "touchpoint_name"})
    dp = journey.data_points.merge(tps, on="touchpoint", how="left")
    if "used_for" not in dp:
        dp["used_for"] = None
    dp["privacy_gap"] = dp["personal_data"] & dp["privacy_measure"].isna()
    dp["no_use"] = dp["used_for"].isna()
    missing = tps[~tps["touchpoint"].isin(dp["touchpoint"])].copy()
    missing["data_point"] = None
    missing["observes"] = "(nothing observed)"
    missing["personal_data"] = False
    missing["privacy_gap"] = False
    missing["no_use"] = False
    out = pd.concat([dp, missing], ignore_index=True) if len(missing) else dp
    out = out.sort_values("order", kind="stable")
    cols = ["data_point", "stage", "touchpoint", "touchpoint_name", "observes", "method", "personal_data",
            "privacy_measure", "privacy_gap", "used_for", "no_use"]
    return out.reindex(columns=cols).reset_index(drop=True)


def unused_data_points(journey: Journey):
    """Data points that collect without a recorded use (the :func:`data_points` columns)."""
    inv = data_points(journey)
    return inv[inv["no_use"].astype(bool) & inv["data_point"].notna()].reset_index(drop=True)


def privacy_gaps(journey: Journey):
    """Data points that record personal data but name no privacy measure (the :func:`data_points` columns)."""
    inv = data_points(journey)
    return inv[inv["privacy_gap"].astype(bool)].reset_index(drop=True)


#: Zones of the co-creation grid (our own names), by (high centricity, high participation).
CO_CREATION_ZONES = {
    (True, True): "co-creation",
    (True, False): "provider-led care",
    (False, True): "customer self-service",
    (False, False): "standard delivery",
}


def co_creation(journey: Journey, *, split=3):
    """Co-creation per touchpoint: the provider's customer-centricity and the customer's participation.

    Both are levels 1–5. ``intensity`` is their product scaled to 0–1, and
    ``zone`` names the quadrant (both at least ``split``: co-creation; only the
    provider high: provider-led care; only the customer high: customer
    self-service; neither: standard delivery).

    Returns
    -------
    pandas.DataFrame
        ``touchpoint``, ``name``, ``stage``, ``customer_centricity``,
        ``participation``, ``intensity``, ``zone``, ``note``.
    """
    cc = journey.co_creation.merge(journey.touchpoints[["touchpoint", "name", "stage", "order"]], on="touchpoint",
                                   how="left").sort_values("order", kind="stable")
    c = cc["customer_centricity"].astype(float)
    p = cc["participation"].astype(float)
    cc["intensity"] = (c - 1) * (p - 1) / 16
    cc["zone"] = [CO_CREATION_ZONES[(bool(a >= split), bool(b >= split))] for a, b in zip(c, p)]
    return cc[["touchpoint", "name", "stage", "customer_centricity", "participation", "intensity", "zone",
               "note"]].reset_index(drop=True)
