"""Customer journeys: stages, touchpoints, data points and co-creation, as data.

A journey is a YAML file (see ``datasets/demo/journey.yaml``)::

    journey:  {id: ..., name: ..., scale: {min: 1, max: 5, neutral: 3, target: 4}}
    stages:       [{id, name}, ...]                                   # in order
    touchpoints:  [{id, name, stage, owner, channel, moment_of_truth, description?}, ...]
    data_points:  [{id, touchpoint, observes, method, personal_data, privacy_measure?}, ...]
    co_creation:  [{touchpoint, customer_centricity, participation, note?}, ...]

``owner`` is who runs the touchpoint: ``brand`` (the organisation), ``partner``
(a supplier or intermediary acting for it), ``customer`` (something the
customer does or owns) or ``social`` (outside anyone's control: reviews,
word of mouth, media). ``channel`` is ``physical`` or ``virtual``. A *moment
of truth* is a touchpoint that decides how the customer judges the whole
service. ``scale`` describes the ratings: ``neutral`` is the point below
which a rating is negative, ``target`` the level a moment of truth should
reach (default: halfway between neutral and max).

Ratings are a separate DataFrame, one row per respondent and touchpoint
(``touchpoint``, ``rating``, optionally ``respondent`` and ``comment``). From
them come the emotion curve (:func:`emotion_curve`, :func:`plot_emotion_curve`),
pain points, moments of truth at risk and the suggested touchpoint moves —
optimize, create, smooth the flow, remove — which follow rules kept in a data
file (``sedamkit/data/journey_rules.yaml``), not in code.

Error codes
-----------
JRN001
    The journey or rules file cannot be read (missing, not valid YAML).
JRN002
    A required field is missing (names the field path, e.g. ``touchpoints[3].owner``).
JRN003
    A field has a value that is not allowed (owner, channel, yes/no field, scale, level).
JRN004
    Two stages, touchpoints or data points share an id.
JRN005
    A reference to an unknown stage or touchpoint.
JRN006
    Ratings name touchpoints the journey does not have (names the rows).
JRN007
    A rules file is not valid (unknown move, operator, scope or field).
DATA001 / DATA002
    A ratings column is missing / a rating is not a number or lies outside the scale.

Examples
--------
>>> j = journey_from_dict({
...     "journey": {"id": "demo", "name": "Demo", "scale": {"min": 1, "max": 5, "neutral": 3}},
...     "stages": [{"id": "book", "name": "Book"}, {"id": "visit", "name": "Visit"}],
...     "touchpoints": [
...         {"id": "web", "name": "Web form", "stage": "book", "owner": "brand", "channel": "virtual",
...          "moment_of_truth": False},
...         {"id": "door", "name": "At the door", "stage": "visit", "owner": "brand",
...          "channel": "physical", "moment_of_truth": True}]})
>>> import pandas as pd
>>> ratings = pd.DataFrame({"touchpoint": ["web", "web", "door", "door"], "rating": [2, 3, 4, 3]})
>>> emotion_curve(j, ratings)[["touchpoint", "n", "mean", "below_neutral"]]
  touchpoint  n  mean  below_neutral
0        web  2   2.5           True
1       door  2   3.5          False
>>> moments_at_risk(j, ratings)[["touchpoint", "mean", "target", "gap"]]
  touchpoint  mean  target  gap
0       door   3.5     4.0 -0.5
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.tables import numeric, require_columns, rows_text
from .statistics import t_interval
from ..core.errors import Problems

__all__ = [
    "Journey", "OWNERS", "CHANNELS", "MOVES", "load_journey", "journey_from_dict", "load_rules",
    "emotion_curve", "stage_summary", "pain_points", "moments_at_risk", "suggest_moves",
    "data_points", "privacy_gaps", "co_creation", "plot_emotion_curve", "plot_co_creation",
]

#: Touchpoint owners (who runs it) and the spellings accepted for each.
OWNERS = {
    "brand": ("brand", "brand-owned", "brand owned", "own", "organisation", "organization"),
    "partner": ("partner", "partner-owned", "partner owned"),
    "customer": ("customer", "customer-owned", "customer owned"),
    "social": ("social", "social/external", "external", "social-external", "earned"),
}
#: Touchpoint channels.
CHANNELS = ("physical", "virtual")
#: The four touchpoint moves.
MOVES = ("optimize", "create", "smooth the flow", "remove")

_OWNER_LOOKUP = {alias: key for key, aliases in OWNERS.items() for alias in aliases}
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
        "!=": operator.ne}
_TP_FIELDS = {"mean", "sd", "n", "share_low", "share_rated", "step", "previous", "moment_of_truth", "owner",
              "channel", "stage", "ci_low", "ci_high", "below_neutral"}
_STAGE_FIELDS = {"n_touchpoints", "mean", "min_mean", "max_mean", "brand_delight", "has_moment_of_truth",
                 "n"}


@dataclass
class Journey:
    """A validated journey. The frames are in journey order.

    Attributes
    ----------
    id, name : str
    scale : dict
        ``min``, ``max``, ``neutral``, ``target``.
    stages : pandas.DataFrame
        ``stage``, ``stage_name``, ``order``.
    touchpoints : pandas.DataFrame
        ``order``, ``stage``, ``touchpoint``, ``name``, ``owner``, ``channel``,
        ``moment_of_truth``, ``description``.
    data_points : pandas.DataFrame
        ``data_point``, ``touchpoint``, ``observes``, ``method``, ``personal_data``,
        ``privacy_measure``.
    co_creation : pandas.DataFrame
        ``touchpoint``, ``customer_centricity``, ``participation``, ``note``.
    file : str or None
        Where it was read from.
    meta : dict
        Anything else under ``journey:`` (organisation, persona …).
    """

    id: str
    name: str
    scale: dict
    stages: pd.DataFrame
    touchpoints: pd.DataFrame
    data_points: pd.DataFrame
    co_creation: pd.DataFrame
    file: str | None = None
    meta: dict = field(default_factory=dict)

    def __repr__(self):
        return (f"Journey({self.id!r}: {len(self.stages)} stages, {len(self.touchpoints)} touchpoints, "
                f"{len(self.data_points)} data points)")


# ----------------------------------------------------------------------------------------------
# loading and validation


def load_journey(path) -> Journey:
    """Read and validate a journey YAML file; every problem is reported at once (JRN codes).

    Examples
    --------
    >>> j = load_journey("no/such/journey.yaml")
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: 1 problem found:
      [JRN001] no/such/journey.yaml: file not found. Fix: check the path, or create the file
    """
    from ..core.fileio import read_yaml

    obj = read_yaml(path, code="JRN001")
    return journey_from_dict(obj, file=str(path))


def _bool(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, str) and v.strip().lower() in ("yes", "true", "y"):
        return True
    if isinstance(v, str) and v.strip().lower() in ("no", "false", "n"):
        return False
    return None


def _list(obj, key, probs, required=True):
    v = obj.get(key) if isinstance(obj, dict) else None
    if v is None:
        if required:
            probs.add("JRN002", key, f"'{key}' is missing", f"add a list under '{key}:'")
        return []
    if not isinstance(v, list):
        probs.add("JRN003", key, f"'{key}' must be a list, got {type(v).__name__}", "write it as a YAML list")
        return []
    return v


def _get(item, key, where, probs, required=True):
    if not isinstance(item, dict):
        probs.add("JRN003", where, f"expected a mapping, got {item!r}", "write 'key: value' pairs")
        return None
    v = item.get(key)
    if (v is None or (isinstance(v, str) and not v.strip())) and required:
        probs.add("JRN002", f"{where}.{key}", f"'{key}' is missing", f"add '{key}: ...'")
    return v


def journey_from_dict(obj, file=None) -> Journey:
    """Validate a journey given as a dict (the parsed YAML); see the module docstring for the fields."""
    probs = Problems(file)
    if not isinstance(obj, dict):
        probs.add("JRN003", None, "the journey file must be a mapping with 'journey', 'stages', 'touchpoints'",
                  "start from datasets/demo/journey.yaml")
        probs.raise_if_any("the journey is not valid")
    head = obj.get("journey") or {}
    if not isinstance(head, dict):
        probs.add("JRN003", "journey", "'journey' must be a mapping", "give id, name and scale under 'journey:'")
        head = {}
    jid = head.get("id") or (Path(file).stem if file else "journey")
    name = head.get("name")
    if not name:
        probs.add("JRN002", "journey.name", "'name' is missing", "add 'name: ...' under 'journey:'")
    scale = _scale(head.get("scale", {"min": 1, "max": 5}), probs)

    stage_rows, stage_ids = [], set()
    for i, s in enumerate(_list(obj, "stages", probs)):
        where = f"stages[{i}]"
        sid, sname = _get(s, "id", where, probs), _get(s, "name", where, probs, required=False)
        if sid is None:
            continue
        sid = str(sid)
        if sid in stage_ids:
            probs.add("JRN004", f"{where}.id", f"stage id '{sid}' is used twice", "give every stage its own id")
        stage_ids.add(sid)
        stage_rows.append({"stage": sid, "stage_name": str(sname or sid), "order": len(stage_rows) + 1})

    tp_rows, tp_ids = [], set()
    for i, t in enumerate(_list(obj, "touchpoints", probs)):
        where = f"touchpoints[{i}]"
        vals = {k: _get(t, k, where, probs) for k in ("id", "name", "stage", "owner", "channel")}
        if not isinstance(t, dict):
            continue
        mot_raw = t.get("moment_of_truth", False)
        mot = _bool(mot_raw)
        if mot is None:
            probs.add("JRN003", f"{where}.moment_of_truth", f"moment_of_truth must be yes or no, got {mot_raw!r}",
                      "write true or false")
        tid = None if vals["id"] is None else str(vals["id"])
        if tid is not None:
            if tid in tp_ids:
                probs.add("JRN004", f"{where}.id", f"touchpoint id '{tid}' is used twice",
                          "give every touchpoint its own id")
            tp_ids.add(tid)
        if vals["stage"] is not None and str(vals["stage"]) not in stage_ids:
            probs.add("JRN005", f"{where}.stage", f"unknown stage '{vals['stage']}'",
                      f"use one of: {', '.join(sorted(stage_ids)) or '(no stages defined)'}")
        owner = None
        if vals["owner"] is not None:
            owner = _OWNER_LOOKUP.get(str(vals["owner"]).strip().lower())
            if owner is None:
                probs.add("JRN003", f"{where}.owner", f"unknown owner '{vals['owner']}'",
                          "use brand, partner, customer or social")
        channel = None
        if vals["channel"] is not None:
            channel = str(vals["channel"]).strip().lower()
            if channel not in CHANNELS:
                probs.add("JRN003", f"{where}.channel", f"unknown channel '{vals['channel']}'",
                          "use physical or virtual")
        tp_rows.append({"stage": None if vals["stage"] is None else str(vals["stage"]), "touchpoint": tid,
                        "name": vals["name"], "owner": owner, "channel": channel, "moment_of_truth": bool(mot),
                        "description": t.get("description")})

    dp_rows, dp_ids = [], set()
    for i, d in enumerate(_list(obj, "data_points", probs, required=False)):
        where = f"data_points[{i}]"
        vals = {k: _get(d, k, where, probs) for k in ("id", "touchpoint", "observes", "method")}
        if not isinstance(d, dict):
            continue
        personal = _bool(d.get("personal_data"))
        if personal is None:
            probs.add("JRN003" if "personal_data" in d else "JRN002", f"{where}.personal_data",
                      f"personal_data must be yes or no, got {d.get('personal_data')!r}",
                      "say whether this data point identifies a person: true or false")
        if vals["id"] is not None:
            if str(vals["id"]) in dp_ids:
                probs.add("JRN004", f"{where}.id", f"data point id '{vals['id']}' is used twice",
                          "give every data point its own id")
            dp_ids.add(str(vals["id"]))
        if vals["touchpoint"] is not None and str(vals["touchpoint"]) not in tp_ids:
            probs.add("JRN005", f"{where}.touchpoint", f"unknown touchpoint '{vals['touchpoint']}'",
                      "use the id of a touchpoint defined under 'touchpoints'")
        measure = d.get("privacy_measure")
        measure = None if measure is None or (isinstance(measure, str) and not measure.strip()) else str(measure)
        dp_rows.append({"data_point": vals["id"], "touchpoint": vals["touchpoint"], "observes": vals["observes"],
                        "method": vals["method"], "personal_data": bool(personal), "privacy_measure": measure})

    cc_rows = []
    for i, c in enumerate(_list(obj, "co_creation", probs, required=False)):
        where = f"co_creation[{i}]"
        tp = _get(c, "touchpoint", where, probs)
        if not isinstance(c, dict):
            continue
        if tp is not None and str(tp) not in tp_ids:
            probs.add("JRN005", f"{where}.touchpoint", f"unknown touchpoint '{tp}'",
                      "use the id of a touchpoint defined under 'touchpoints'")
        levels = {}
        for k in ("customer_centricity", "participation"):
            v = _get(c, k, where, probs)
            if v is not None and not (isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v <= 5):
                probs.add("JRN003", f"{where}.{k}", f"{k} must be a level from 1 to 5, got {v!r}",
                          "rate it 1 (very low) to 5 (very high)")
                v = None
            levels[k] = v
        cc_rows.append({"touchpoint": tp, **levels, "note": c.get("note")})

    probs.raise_if_any("the journey is not valid")
    stages = pd.DataFrame(stage_rows, columns=["stage", "stage_name", "order"])
    tps = pd.DataFrame(tp_rows, columns=["stage", "touchpoint", "name", "owner", "channel", "moment_of_truth",
                                         "description"])
    # journey order: by stage order, then as listed
    tps["_s"] = tps["stage"].map(dict(zip(stages["stage"], stages["order"])))
    tps = tps.sort_values("_s", kind="stable").drop(columns="_s").reset_index(drop=True)
    tps.insert(0, "order", np.arange(1, len(tps) + 1))
    meta = {k: v for k, v in head.items() if k not in ("id", "name", "scale")}
    return Journey(id=str(jid), name=str(name), scale=scale, stages=stages, touchpoints=tps,
                   data_points=pd.DataFrame(dp_rows, columns=["data_point", "touchpoint", "observes", "method",
                                                              "personal_data", "privacy_measure"]),
                   co_creation=pd.DataFrame(cc_rows, columns=["touchpoint", "customer_centricity",
                                                              "participation", "note"]),
                   file=file, meta=meta)


def _scale(raw, probs):
    try:
        lo, hi = float(raw["min"]), float(raw["max"])
        neutral = float(raw.get("neutral", (lo + hi) / 2))
        target = float(raw.get("target", neutral + (hi - neutral) / 2))
        if not (lo < neutral < hi and lo < target <= hi):
            raise ValueError
    except (TypeError, KeyError, ValueError):
        probs.add("JRN003", "journey.scale", f"scale must give min < neutral < max (and target within), got {raw!r}",
                  "e.g. scale: {min: 1, max: 5, neutral: 3, target: 4}")
        return {"min": 1.0, "max": 5.0, "neutral": 3.0, "target": 4.0}
    return {"min": lo, "max": hi, "neutral": neutral, "target": target}


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
          mean from it (negative = the mood drops);
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
    out = out[["order", "stage", "stage_name", "touchpoint", "name", "owner", "channel", "moment_of_truth"]]
    out = out.merge(stats, left_on="touchpoint", right_index=True, how="left")
    out["n"] = out["n"].fillna(0).astype(np.int64)
    out["ci_low"], out["ci_high"] = t_interval(out["mean"], out["sd"], out["n"], confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_low"] = out["n_low"] / out["n"].where(out["n"] > 0)
        out["share_rated"] = out["n"] / max(int(out["n"].max()), 1)
    prev_id, prev_mean, steps, prevs = None, np.nan, [], []
    for tid, m in zip(out["touchpoint"], out["mean"]):
        prevs.append(prev_id)
        steps.append(m - prev_mean if prev_id is not None else np.nan)
        if not np.isnan(m):
            prev_id, prev_mean = tid, m
    out["previous"] = prevs
    out["step"] = steps
    out["below_neutral"] = out["mean"] < journey.scale["neutral"]
    return out.drop(columns="n_low").reset_index(drop=True)


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
# rules → moves


def _default_rules_path():
    return resources.files("sedamkit").joinpath("data", "journey_rules.yaml")


def load_rules(path=None) -> list[dict]:
    """Read and validate a rules file (default: ``sedamkit/data/journey_rules.yaml``); JRN007 on errors.

    >>> [r["move"] for r in load_rules()][:2]
    ['optimize', 'optimize']
    """
    from ..core.datafiles import load_data
    from ..core.fileio import read_yaml

    src = Path(str(_default_rules_path())) if path is None else Path(path)
    obj = load_data("journey_rules.yaml", code="JRN001") if path is None else read_yaml(src, code="JRN001")
    probs = Problems(str(src))
    rules = obj.get("rules") if isinstance(obj, dict) else None
    if not isinstance(rules, list) or not rules:
        probs.add("JRN007", "rules", "no list of rules found", "put the rules in a list under 'rules:'")
        probs.raise_if_any("the rules are not valid")
    for i, r in enumerate(rules):
        where = f"rules[{i}]"
        if not isinstance(r, dict):
            probs.add("JRN007", where, "a rule must be a mapping", "give id, move, when and reason")
            continue
        if r.get("move") not in MOVES:
            probs.add("JRN007", f"{where}.move", f"unknown move {r.get('move')!r}", f"use one of: {', '.join(MOVES)}")
        scope = r.get("scope", "touchpoint")
        if scope not in ("touchpoint", "stage"):
            probs.add("JRN007", f"{where}.scope", f"unknown scope {scope!r}", "use touchpoint or stage")
        fields = _TP_FIELDS if scope == "touchpoint" else _STAGE_FIELDS
        conds = r.get("when")
        if not isinstance(conds, list) or not conds:
            probs.add("JRN007", f"{where}.when", "no conditions given", "list conditions as {field, op, value}")
            continue
        for j, c in enumerate(conds):
            cw = f"{where}.when[{j}]"
            if not isinstance(c, dict) or c.get("field") not in fields:
                probs.add("JRN007", cw, f"unknown field {c.get('field') if isinstance(c, dict) else c!r}",
                          f"use one of: {', '.join(sorted(fields))}")
            elif c.get("op") not in _OPS:
                probs.add("JRN007", f"{cw}.op", f"unknown operator {c.get('op')!r}", f"use one of: {' '.join(_OPS)}")
    probs.raise_if_any("the rules are not valid")
    return rules


def _holds(row, cond, points):
    v = row.get(cond["field"])
    ref = cond.get("value")
    if isinstance(ref, str) and ref in points:
        ref = points[ref]
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return False
    try:
        return bool(_OPS[cond["op"]](v, ref))
    except TypeError:
        return False


class _Fmt(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _reason(text, row, points):
    vals = _Fmt({**{k: v for k, v in row.items() if v is not None}, **points})
    try:
        return str(text or "").format_map(vals)
    except (ValueError, TypeError, KeyError):
        return str(text or "")


def suggest_moves(journey: Journey, ratings, *, rules=None, **kw):
    """Suggest the four touchpoint moves from the emotion curve, following a rules file.

    Parameters
    ----------
    journey : Journey
    ratings : pandas.DataFrame
        As for :func:`emotion_curve`.
    rules : str, Path or list of dict, optional
        A rules file or already-loaded rules (default: the kit's
        ``journey_rules.yaml``; see that file for the rule language).

    Returns
    -------
    pandas.DataFrame
        One row per suggestion, in rule order then journey order: ``move``
        (optimize / create / smooth the flow / remove), ``rule`` (its id),
        ``stage``, ``touchpoint`` (empty for stage-level moves such as create),
        ``name``, ``mean`` (of the touchpoint, or of the stage) and ``reason``.
    """
    rules = load_rules(rules) if rules is None or isinstance(rules, (str, Path)) else rules
    curve = emotion_curve(journey, ratings, **kw)
    stages = stage_summary(journey, ratings, curve=curve)
    points = dict(journey.scale)
    rows = []
    for r in rules:
        scope = r.get("scope", "touchpoint")
        frame = curve if scope == "touchpoint" else stages
        for rec in frame.to_dict("records"):
            if all(_holds(rec, c, points) for c in r["when"]):
                rows.append({"move": r["move"], "rule": r.get("id", ""), "stage": rec["stage"],
                             "touchpoint": rec.get("touchpoint") if scope == "touchpoint" else None,
                             "name": rec.get("name") if scope == "touchpoint" else rec.get("stage_name"),
                             "mean": rec.get("mean"), "reason": _reason(r.get("reason"), rec, points)})
    return pd.DataFrame(rows, columns=["move", "rule", "stage", "touchpoint", "name", "mean", "reason"])


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
        data without a privacy measure). A final block lists touchpoints with no
        data point at all (``data_point`` None, ``observes`` "(nothing observed)").
    """
    tps = journey.touchpoints[["touchpoint", "name", "stage", "order"]].rename(columns={"name": "touchpoint_name"})
    dp = journey.data_points.merge(tps, on="touchpoint", how="left")
    dp["privacy_gap"] = dp["personal_data"] & dp["privacy_measure"].isna()
    missing = tps[~tps["touchpoint"].isin(dp["touchpoint"])].copy()
    missing["data_point"] = None
    missing["observes"] = "(nothing observed)"
    missing["personal_data"] = False
    missing["privacy_gap"] = False
    out = pd.concat([dp, missing], ignore_index=True) if len(missing) else dp
    out = out.sort_values("order", kind="stable")
    cols = ["data_point", "stage", "touchpoint", "touchpoint_name", "observes", "method", "personal_data",
            "privacy_measure", "privacy_gap"]
    return out.reindex(columns=cols).reset_index(drop=True)


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


# ----------------------------------------------------------------------------------------------
# plots


def plot_emotion_curve(curve, *, journey: Journey | None = None, ax=None, neutral=None, target=None,
                       title="Emotion curve"):
    """Plot :func:`emotion_curve` output; returns the Axes.

    The line joins the mean ratings in journey order, with the interval as
    error bars. Stars mark moments of truth, downward triangles pain points
    (below neutral), so the meaning does not rest on colour; dashed lines give
    neutral (and the target), and stage names run along the top.
    """
    from .plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(10, 4.5))
    if journey is not None:
        neutral = journey.scale["neutral"] if neutral is None else neutral
        target = journey.scale["target"] if target is None else target
    neutral = 3 if neutral is None else neutral
    x = np.arange(len(curve))
    y = curve["mean"].to_numpy(dtype=float)
    rated = ~np.isnan(y)
    ax.plot(x[rated], y[rated], color=PALETTE[0], linewidth=2, zorder=2)
    err = np.vstack([y - curve["ci_low"].to_numpy(float), curve["ci_high"].to_numpy(float) - y])
    ax.errorbar(x[rated], y[rated], yerr=np.nan_to_num(err[:, rated]), fmt="none", ecolor=PALETTE[5],
                elinewidth=1, capsize=3, zorder=1)
    pain = rated & (y < neutral)
    mot = curve["moment_of_truth"].to_numpy(bool)
    ax.scatter(x[rated & ~pain & ~mot], y[rated & ~pain & ~mot], color=PALETTE[0], s=40, zorder=3, label="touchpoint")
    ax.scatter(x[pain], y[pain], color=PALETTE[3], marker="v", s=80, zorder=4, label="pain point")
    ax.scatter(x[mot & rated], y[mot & rated], facecolor="none", edgecolor="black", marker="*", s=260,
               zorder=5, label="moment of truth")
    ax.axhline(neutral, color="#666666", linestyle="--", linewidth=1)
    # labels just outside the right spine (axes x, data y), so they never sit on the frame or a point
    ax.text(1.005, neutral, "neutral", transform=ax.get_yaxis_transform(), va="center", fontsize=7,
            color="#666666")
    if target is not None:
        ax.axhline(target, color=PALETTE[2], linestyle=":", linewidth=1)
        ax.text(1.005, target, "target", transform=ax.get_yaxis_transform(), va="center", fontsize=7,
                color=PALETTE[2])
    for i in np.where(~rated)[0]:
        ax.text(i, neutral, "not rated", rotation=90, ha="center", va="center", fontsize=7, color="#999999")
    # stage bands
    stages = curve["stage_name"].tolist()
    start = 0
    for i in range(1, len(stages) + 1):
        if i == len(stages) or stages[i] != stages[start]:
            if start > 0:
                ax.axvline(start - 0.5, color="#cccccc", linewidth=1)
            ax.text((start + i - 1) / 2, 1.01, stages[start], transform=ax.get_xaxis_transform(), ha="center",
                    va="bottom", fontsize=8, weight="bold")
            start = i
    ax.set_xticks(x)
    ax.set_xticklabels(curve["name"], rotation=35, ha="right", fontsize=8)
    lo = np.nanmin(np.append(curve["ci_low"].to_numpy(float), neutral)) if rated.any() else neutral - 1
    hi = np.nanmax(np.append(curve["ci_high"].to_numpy(float), target or neutral)) if rated.any() else neutral + 1
    ax.set_ylim(min(lo, neutral) - 0.3, hi + 0.3)
    ax.set_xlim(-0.6, len(curve) - 0.4)
    ax.set_ylabel("mean rating")
    ax.set_title(title, pad=18)
    ax.legend(fontsize=7, loc="lower left", frameon=False)
    return ax


def plot_co_creation(table, *, ax=None, split=3, title="Co-creation by touchpoint"):
    """Plot :func:`co_creation` output as a 5 × 5 grid; returns the Axes.

    x is the provider's customer-centricity, y the customer's participation,
    both 1–5. The four zones are shaded and named; each touchpoint is a labelled
    point (points sharing a cell are spread so all names stay readable).
    """
    from matplotlib.patches import Rectangle

    from .plots import PALETTE, get_ax, grid_1_to_5

    ax = get_ax(ax, figsize=(6.5, 6))
    edge = split - 0.5
    zones = [((0.5, edge), (0.5, edge), "standard delivery", "#eeeeee", ""),
             ((edge, 5.5), (0.5, edge), "provider-led care", "#d9e8f5", "//"),
             ((0.5, edge), (edge, 5.5), "customer self-service", "#fbe8c8", "\\\\"),
             ((edge, 5.5), (edge, 5.5), "co-creation", "#cdeee2", "xx")]
    for (x0, x1), (y0, y1), label, colour, hatch in zones:
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=colour, edgecolor="white", hatch=hatch,
                               alpha=0.6, zorder=0))
        ax.text(x0 + 0.08, y1 - 0.08, label, va="top", fontsize=8, color="#444444", weight="bold")
    cells = {}
    for _, r in table.iterrows():
        key = (r["customer_centricity"], r["participation"])
        k = cells.get(key, 0)
        cells[key] = k + 1
        dx, dy = 0.18 * math.cos(k * 2.1), 0.18 * math.sin(k * 2.1) if k else 0
        ax.scatter(key[0] + (dx if k else 0), key[1] + dy, color=PALETTE[0], s=45, zorder=3)
        ax.annotate(str(r.get("name") or r["touchpoint"]), (key[0] + (dx if k else 0), key[1] + dy),
                    xytext=(5, -3), textcoords="offset points", fontsize=7)
    grid_1_to_5(ax, "provider's customer-centricity (1 low – 5 high)", "customer's participation (1 low – 5 high)")
    ax.set_title(title)
    return ax
