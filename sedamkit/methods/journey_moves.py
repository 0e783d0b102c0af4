"""Rules → moves: the four touchpoint moves (optimize, create, smooth the flow, remove) suggested
from the emotion curve by the rules file (``sedamkit/data/journey_rules.yaml``; JRN007)."""
from __future__ import annotations

import math
import operator
from importlib import resources
from pathlib import Path

import pandas as pd

from ..core.errors import Problems
from .journey_curve import emotion_curve, stage_summary
from .journey_model import MOVES, Journey

__all__ = ["load_rules", "suggest_moves"]

_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
        "!=": operator.ne}
_TP_FIELDS = {"mean", "sd", "n", "share_low", "share_rated", "step", "previous", "moment_of_truth", "owner",
              "channel", "stage", "ci_low", "ci_high", "below_neutral", "sole_way"}
_STAGE_FIELDS = {"n_touchpoints", "mean", "min_mean", "max_mean", "brand_delight", "has_moment_of_truth",
                 "n"}


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
