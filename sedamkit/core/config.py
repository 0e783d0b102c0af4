"""Client configs: ``client.yaml`` in a client folder, validated with coded errors.

A client folder holds ``client.yaml``, ``answers/<stage>/<respondent>.json``, the
DAAP plan and the data files the config names. Every relative path in the config is
relative to the client folder.

Error codes
-----------
CFG001  ``client.yaml`` is missing or is not valid YAML
CFG002  a field is unknown (a typo?), missing, or of the wrong type
CFG003  an unknown stage in ``stages``
CFG004  a data file named in the config does not exist
CFG005  ``colour`` is not a ``#rrggbb`` colour
CFG006  an unsupported language
CFG007  an unknown threshold name, or a threshold outside 0–100
CFG008  ``id`` is not usable as a folder name
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import Problem, Problems, SedamError
from .fileio import read_yaml

__all__ = ["load_client", "validate_client_config", "LANGUAGES", "FIELDS"]

LANGUAGES = ("en", "fr")
ID_PATTERN = _ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
FIELDS = {
    "name": "str", "id": "str", "sector": "str", "language": "str", "contact": "dict", "colour": "str",
    "stages": "list|str", "data": "dict", "plan": "str", "application": "str", "journey": "str",
    "mission": "str", "thresholds": "dict", "regions": "list", "notes": "str",
}
_THRESHOLDS = {"not_now_below", "go_min_overall", "blocking_below", "consensus_max_sd"}


def validate_client_config(cfg, file: str, client_dir: Path | None = None, stage_ids=None) -> Problems:
    """Every problem in a client config dict. ``stage_ids`` (the ids of the stage registry) lets it
    check the ``stages`` list; without it only the list's shape is checked."""
    probs = Problems(file)
    if not isinstance(cfg, dict):
        probs.add("CFG002", None, "the file is empty or not a mapping", "copy the template with 'sedam new-client'")
        return probs
    types = {"str": str, "dict": dict, "list": list}
    for key, value in cfg.items():
        if key not in FIELDS:
            close = [f for f in FIELDS if _similar(key, f)]
            probs.add("CFG002", key, f"unknown field {key!r}",
                      f"did you mean {close[0]!r}?" if close else f"allowed fields: {', '.join(FIELDS)}")
            continue
        allowed = tuple(types[t] for t in FIELDS[key].split("|"))
        if not isinstance(value, allowed):
            probs.add("CFG002", key, f"{key!r} should be {FIELDS[key].replace('|', ' or ')}, "
                      f"not {type(value).__name__}", "see the comments in the client template")
    for key in ("name", "id"):
        if key not in cfg:
            probs.add("CFG002", key, f"field {key!r} is missing", f"add '{key}: ...'")
    if isinstance(cfg.get("id"), str) and not _ID.match(cfg["id"]):
        probs.add("CFG008", "id", f"id {cfg['id']!r} cannot be used as a folder name",
                  "use lower-case letters, digits, '-' or '_'")
    lang = cfg.get("language", "en")
    if isinstance(lang, str) and lang not in LANGUAGES:
        probs.add("CFG006", "language", f"language {lang!r} is not supported", f"use one of: {', '.join(LANGUAGES)}")
    colour = cfg.get("colour")
    if isinstance(colour, str) and not re.match(r"^#[0-9a-fA-F]{6}$", colour):
        probs.add("CFG005", "colour", f"{colour!r} is not a colour like '#0072B2'", "write it as #rrggbb")
    stages = cfg.get("stages", "all")
    if isinstance(stages, str) and stages != "all":
        probs.add("CFG003", "stages", f"stages should be 'all' or a list, not {stages!r}", "write stages: all")
    elif isinstance(stages, list) and stage_ids:
        known = set(stage_ids)
        for n, s in enumerate(stages):
            if s not in known:
                probs.add("CFG003", f"stages[{n}]", f"unknown stage {s!r}",
                          f"use stage ids: {', '.join(sorted(known - {'00_start_here'}))}")
    for key, rel in (cfg.get("data") or {}).items() if isinstance(cfg.get("data"), dict) else ():
        if client_dir is not None and isinstance(rel, str) and not (client_dir / rel).is_file():
            probs.add("CFG004", f"data.{key}", f"data file {rel!r} not found in {client_dir}",
                      "put the file there, fix the path, or remove the entry")
    for key in ("plan", "application", "journey"):
        rel = cfg.get(key)
        if client_dir is not None and isinstance(rel, str) and not (client_dir / rel).is_file():
            probs.add("CFG004", key, f"{key} file {rel!r} not found in {client_dir}",
                      "put the file there, fix the path, or remove the entry")
    th = cfg.get("thresholds") or {}
    if isinstance(th, dict):
        for q, values in th.items():
            if not isinstance(values, dict):
                probs.add("CFG007", f"thresholds.{q}", "should map threshold names to numbers",
                          "e.g. thresholds: {necessity_feasibility: {go_min_overall: 65}}")
                continue
            for name, v in values.items():
                if name not in _THRESHOLDS:
                    probs.add("CFG007", f"thresholds.{q}.{name}", f"unknown threshold {name!r}",
                              f"use one of: {', '.join(sorted(_THRESHOLDS))}")
                elif isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 100:
                    probs.add("CFG007", f"thresholds.{q}.{name}", f"{v!r} is not a number from 0 to 100",
                              "give a number from 0 to 100")
    return probs


def _similar(a: str, b: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.75


def load_client(client_dir, *, stage_ids=None) -> dict:
    """Read and validate ``<client_dir>/client.yaml``; return the config with defaults filled in.

    Added keys: ``dir`` (absolute client folder), and defaults ``language: en``, ``stages: all``,
    ``colour: #0072B2``, ``data: {}``, ``thresholds: {}``.
    """
    client_dir = Path(client_dir).resolve()
    path = client_dir / "client.yaml"
    if not path.is_file():
        raise SedamError(Problem("CFG001", str(path), None, "no client.yaml in this folder",
                                 "point to a client folder, or create one with 'sedam new-client NAME'"))
    cfg = read_yaml(path, code="CFG001")
    validate_client_config(cfg, str(path), client_dir, stage_ids).raise_if_any(f"the client config {path} is not valid")
    out = {"language": "en", "stages": "all", "colour": "#0072B2", "data": {}, "thresholds": {}, **cfg}
    out["dir"] = client_dir
    return out
