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
        if isinstance(r.get("reason"), dict) and not isinstance(r["reason"].get("en"), str):
            probs.add("JRN007", f"{where}.reason", "a reason given per language has no English text",
                      "write the reason as one text, or as {en: ..., fr: ...}")
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


def _reason(text, row, points, language="en"):
    """A rule's reason for one row: the text in ``language`` (a rule's ``reason`` is one text, or a
    ``{en: ..., fr: ...}`` mapping; English when the language is missing), its placeholders filled and its
    numbers written the language's way. ``{drop}`` is the size of a fall (``-step``), so a text says
    "falls by 1.66" rather than "drops by -1.66"."""
    from ..core.prose import fill

    if isinstance(text, dict):
        text = text.get(language) or text.get("en") or ""
    vals = {k: v for k, v in row.items() if v is not None}
    step = vals.get("step")
    if isinstance(step, (int, float)) and not isinstance(step, bool) and not math.isnan(step):
        vals["drop"] = -step
    return fill(text, {**vals, **points}, language)


def _named(rec, names):
    """``rec`` with ``previous`` naming the touchpoint(s) before it ("Website", not the id "website")."""
    if not rec.get("previous"):
        return rec
    return {**rec, "previous": " / ".join(str(names.get(p) or p) for p in str(rec["previous"]).split(" / "))}


def suggest_moves(journey: Journey, ratings, *, rules=None, language: str = "en", **kw):
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
        ``name``, ``mean`` (of the touchpoint, or of the stage) and ``reason`` (in ``language``,
        ``en`` or ``fr``, with numbers written that language's way).
    """
    rules = load_rules(rules) if rules is None or isinstance(rules, (str, Path)) else rules
    curve = emotion_curve(journey, ratings, **kw)
    stages = stage_summary(journey, ratings, curve=curve)
    points = dict(journey.scale)
    names = dict(zip(curve["touchpoint"], curve["name"]))
    rows = []
    for r in rules:
        scope = r.get("scope", "touchpoint")
        frame = curve if scope == "touchpoint" else stages
        for rec in frame.to_dict("records"):
            if all(_holds(rec, c, points) for c in r["when"]):
                rows.append({"move": r["move"], "rule": r.get("id", ""), "stage": rec["stage"],
                             "touchpoint": rec.get("touchpoint") if scope == "touchpoint" else None,
                             "name": rec.get("name") if scope == "touchpoint" else rec.get("stage_name"),
                             "mean": rec.get("mean"), "reason": _reason(r.get("reason"), _named(rec, names), points, language)})
    return pd.DataFrame(rows, columns=["move", "rule", "stage", "touchpoint", "name", "mean", "reason"])
