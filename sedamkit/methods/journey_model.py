"""The journey file: the :class:`Journey` it becomes, and its loading and validation (JRN001–JRN005);
its structure is ``sedamkit/data/schemas/journey.schema.json``.
See :mod:`sedamkit.methods.journey` for the file's fields."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import Problems
from ..core.schema import check, document_order

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
        ``moment_of_truth``, ``description``, ``alternatives`` (the name of a group of touchpoints of
        one stage that customers choose between, or None), ``only_way_for`` (the customers for whom
        it is the only way in, or None).
    data_points : pandas.DataFrame
        ``data_point``, ``touchpoint``, ``observes``, ``method``, ``personal_data``,
        ``privacy_measure``, ``used_for`` (what the data is used for, or None).
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


def _given(v) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


def _entries(obj, key):
    """(index, entry) for the mapping entries of the list ``obj[key]`` (the schema reports the rest)."""
    v = obj.get(key)
    return [(i, x) for i, x in enumerate(v) if isinstance(x, dict)] if isinstance(v, list) else []


def journey_from_dict(obj, file=None) -> Journey:
    """Validate a journey given as a dict (the parsed YAML); see the module docstring for the fields.

    The structure is ``sedamkit/data/schemas/journey.schema.json``; the code adds unique ids,
    references to stages and touchpoints, the order of the scale and the accepted spellings."""
    probs = Problems(file)
    data = copy.deepcopy(obj)
    if isinstance(data, dict) and data.get("journey") is None:
        data["journey"] = {}
    check(data, "journey", probs, code="JRN003", ids=False)
    if not isinstance(data, dict):
        probs.raise_if_any("the journey is not valid")
    head = data["journey"] if isinstance(data["journey"], dict) else {}
    scale = _scale(head.get("scale", {"min": 1, "max": 5}), probs)
    stage_rows = _stage_rows(data, probs)
    tp_rows = _touchpoint_rows(data, {r["stage"] for r in stage_rows}, probs)
    tp_ids = {r["touchpoint"] for r in tp_rows if r["touchpoint"] is not None}
    dp_rows = _data_point_rows(data, tp_ids, probs)
    cc_rows = _co_creation_rows(data, tp_ids, probs)
    probs.items = document_order(probs.items, data)
    probs.raise_if_any("the journey is not valid")

    stages = pd.DataFrame(stage_rows, columns=["stage", "stage_name", "order"])
    tps = pd.DataFrame(tp_rows, columns=["stage", "touchpoint", "name", "owner", "channel", "moment_of_truth",
                                         "description", "alternatives", "only_way_for"])
    # journey order: by stage order, then as listed
    tps["_s"] = tps["stage"].map(dict(zip(stages["stage"], stages["order"])))
    tps = tps.sort_values("_s", kind="stable").drop(columns="_s").reset_index(drop=True)
    tps.insert(0, "order", np.arange(1, len(tps) + 1))
    jid = head.get("id") or (Path(file).stem if file else "journey")
    meta = {k: v for k, v in head.items() if k not in ("id", "name", "scale")}
    return Journey(id=str(jid), name=str(head.get("name")), scale=scale, stages=stages, touchpoints=tps,
                   data_points=pd.DataFrame(dp_rows, columns=["data_point", "touchpoint", "observes", "method",
                                                              "personal_data", "privacy_measure", "used_for"]),
                   co_creation=pd.DataFrame(cc_rows, columns=["touchpoint", "customer_centricity",
                                                              "participation", "note"]),
                   file=file, meta=meta)


def _stage_rows(data, probs):
    rows, ids = [], set()
    for i, s in _entries(data, "stages"):
        if not _given(s.get("id")):
            continue
        sid = str(s["id"])
        if sid in ids:
            probs.add("JRN004", f"stages[{i}].id", f"stage id '{sid}' is used twice", "give every stage its own id")
        ids.add(sid)
        rows.append({"stage": sid, "stage_name": str(s.get("name") or sid), "order": len(rows) + 1})
    return rows


def _touchpoint_rows(data, stage_ids, probs):
    rows, ids = [], set()
    for i, t in _entries(data, "touchpoints"):
        where = f"touchpoints[{i}]"
        vals = {k: t.get(k) if _given(t.get(k)) else None for k in ("id", "name", "stage", "owner", "channel")}
        tid = None if vals["id"] is None else str(vals["id"])
        if tid is not None:
            if tid in ids:
                probs.add("JRN004", f"{where}.id", f"touchpoint id '{tid}' is used twice",
                          "give every touchpoint its own id")
            ids.add(tid)
        if vals["stage"] is not None and str(vals["stage"]) not in stage_ids:
            probs.add("JRN005", f"{where}.stage", f"unknown stage '{vals['stage']}'",
                      f"use one of: {', '.join(sorted(stage_ids)) or '(no stages defined)'}")
        owner = None if vals["owner"] is None else _OWNER_LOOKUP.get(str(vals["owner"]).strip().lower())
        if vals["owner"] is not None and owner is None:
            probs.add("JRN003", f"{where}.owner", f"unknown owner '{vals['owner']}'",
                      "use brand, partner, customer or social")
        channel = None if vals["channel"] is None else str(vals["channel"]).strip().lower()
        if channel is not None and channel not in CHANNELS:
            probs.add("JRN003", f"{where}.channel", f"unknown channel '{vals['channel']}'", "use physical or virtual")
        mot = _yes_no(t, "moment_of_truth", where, "write true or false", probs, default=False)
        alt, only = t.get("alternatives"), t.get("only_way_for")
        rows.append({"stage": None if vals["stage"] is None else str(vals["stage"]), "touchpoint": tid,
                     "name": vals["name"], "owner": owner, "channel": channel, "moment_of_truth": bool(mot),
                     "description": t.get("description"),
                     "alternatives": str(alt).strip() if _given(alt) else None,
                     "only_way_for": str(only).strip() if _given(only) else None})
    return rows


def _yes_no(entry, key, where, fix, probs, default=None):
    """A yes/no field: ``true``/``false`` or the words yes, no, y, n, true, false in any case (the
    schema reports values that are neither booleans nor text)."""
    raw = entry.get(key, default)
    val = _bool(raw)
    if val is None and isinstance(raw, str):
        probs.add("JRN003", f"{where}.{key}", f"{key} must be yes or no, got {raw!r}", fix)
    return val


def _data_point_rows(data, tp_ids, probs):
    rows, ids = [], set()
    for i, d in _entries(data, "data_points"):
        where = f"data_points[{i}]"
        vals = {k: d.get(k) if _given(d.get(k)) else None for k in ("id", "touchpoint", "observes", "method")}
        personal = _yes_no(d, "personal_data", where,
                           "say whether this data point identifies a person: true or false", probs)
        if vals["id"] is not None:
            if str(vals["id"]) in ids:
                probs.add("JRN004", f"{where}.id", f"data point id '{vals['id']}' is used twice",
                          "give every data point its own id")
            ids.add(str(vals["id"]))
        if vals["touchpoint"] is not None and str(vals["touchpoint"]) not in tp_ids:
            probs.add("JRN005", f"{where}.touchpoint", f"unknown touchpoint '{vals['touchpoint']}'",
                      "use the id of a touchpoint defined under 'touchpoints'")
        measure, use = d.get("privacy_measure"), d.get("used_for")
        rows.append({"data_point": vals["id"], "touchpoint": vals["touchpoint"], "observes": vals["observes"],
                     "method": vals["method"], "personal_data": bool(personal),
                     "privacy_measure": str(measure) if _given(measure) else None,
                     "used_for": str(use) if _given(use) else None})
    return rows


def _co_creation_rows(data, tp_ids, probs):
    rows = []
    for i, c in _entries(data, "co_creation"):
        tp = c.get("touchpoint")
        if _given(tp) and str(tp) not in tp_ids:
            probs.add("JRN005", f"co_creation[{i}].touchpoint", f"unknown touchpoint '{tp}'",
                      "use the id of a touchpoint defined under 'touchpoints'")
        rows.append({"touchpoint": tp, "customer_centricity": c.get("customer_centricity"),
                     "participation": c.get("participation"), "note": c.get("note")})
    return rows


def _scale(raw, probs):
    """The scale with its defaults; min < neutral < max and min < target <= max (an order a schema
    cannot state). A scale the schema already rejected gives the default 1–5 silently."""
    default = {"min": 1.0, "max": 5.0, "neutral": 3.0, "target": 4.0}
    nums = isinstance(raw, dict) and all(isinstance(raw.get(k, 0), (int, float)) and not isinstance(raw.get(k, 0), bool)
                                         for k in ("min", "max", "neutral", "target"))
    if not nums or "min" not in raw or "max" not in raw:
        return default
    lo, hi = float(raw["min"]), float(raw["max"])
    neutral = float(raw.get("neutral", (lo + hi) / 2))
    target = float(raw.get("target", neutral + (hi - neutral) / 2))
    if not (lo < neutral < hi and lo < target <= hi):
        probs.add("JRN003", "journey.scale", f"scale must give min < neutral < max (and target within), got {raw!r}",
                  "e.g. scale: {min: 1, max: 5, neutral: 3, target: 4}")
        return default
    return {"min": lo, "max": hi, "neutral": neutral, "target": target}
