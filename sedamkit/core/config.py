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
from .schema import check, load_schema

__all__ = ["load_client", "validate_client_config", "LANGUAGES", "FIELDS"]

#: The structure of client.yaml (``sedamkit/data/schemas/client.schema.json``).
SCHEMA = load_schema("client")
LANGUAGES = tuple(SCHEMA["properties"]["language"]["enum"])
ID_PATTERN = re.compile(SCHEMA["properties"]["id"]["pattern"])
#: field -> the kinds of value it takes
FIELDS = {k: v.get("type", "str|list") for k, v in SCHEMA["properties"].items()}


def validate_client_config(cfg, file: str, client_dir: Path | None = None, stage_ids=None) -> Problems:
    """Every problem in a client config dict: the schema's, then the files it names and (given
    ``stage_ids``, the ids of the stage registry) the stages it lists."""
    probs = Problems(file)
    if not isinstance(cfg, dict):
        probs.add("CFG002", None, "the file is empty or not a mapping", "copy the template with 'sedam new-client'")
        return probs
    check(cfg, SCHEMA, probs, code="CFG002")
    stages = cfg.get("stages", "all")
    if isinstance(stages, list) and stage_ids:
        known = set(stage_ids)
        for n, s in enumerate(stages):
            if isinstance(s, str) and s not in known:
                probs.add("CFG003", f"stages[{n}]", f"unknown stage {s!r}",
                          f"use stage ids: {', '.join(sorted(known - {'00_start_here'}))}")
    data = cfg.get("data") if isinstance(cfg.get("data"), dict) else {}
    named = [(f"data.{k}", "data file", v) for k, v in data.items()]
    named += [(k, f"{k} file", cfg.get(k)) for k in ("plan", "application", "journey")]
    for where, what, rel in named:
        if client_dir is not None and isinstance(rel, str) and not (client_dir / rel).is_file():
            probs.add("CFG004", where, f"{what} {rel!r} not found in {client_dir}",
                      "put the file there, fix the path, or remove the entry")
    return probs


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
