"""The journey file: the :class:`Journey` it becomes, and its loading and validation (JRN001–JRN005).
See :mod:`sedamkit.methods.journey` for the file's fields."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import Problems

__all__ = ["Journey", "OWNERS", "CHANNELS", "MOVES", "load_journey", "journey_from_dict"]

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
