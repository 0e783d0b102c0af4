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
CFG009  a path in the config leads outside the client folder (absolute, ``..`` or a symlink) and
        ``allow_outside`` does not list the folder it leads to
CFG010  a questionnaire's thresholds contradict each other (``not_now_below`` above ``go_min_overall``,
        counting the questionnaire's own values for the ones the config leaves out)
CFG011  two client folders checked together (``sedam validate DIR1 DIR2``) have the same id

``questionnaires:`` names a per-client overlay file for a shipped questionnaire (see
:func:`sedamkit.core.spec.apply_overlay`); the overlay's own content is checked with the questionnaire codes.

Paths stay inside the client folder, so a run reads nothing the folder does not hold. To read a file
kept elsewhere on purpose, list its folder under ``allow_outside`` (absolute, or relative to the client
folder).
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
    named += [(k, f"{k} file", cfg.get(k)) for k in ("plan", "application", "journey", "previous_actions", "logo")]
    overlays = cfg.get("questionnaires") if isinstance(cfg.get("questionnaires"), dict) else {}
    named += [(f"questionnaires.{k}", "questionnaire overlay", v) for k, v in overlays.items()]
    _check_overlay_names(overlays, probs)
    if client_dir is not None:
        client_dir = Path(client_dir)
        roots = _allowed_roots(cfg, client_dir)
    for where, what, rel in named:
        if client_dir is None or not isinstance(rel, str):
            continue
        outside = _leaves(client_dir, rel, roots)
        if outside:
            probs.add("CFG009", where, f"{what} {rel!r} {outside}",
                      "copy the file into the client folder and give its path relative to it (e.g. data/x.csv), "
                      "or list the folder it is in under allow_outside")
        elif not _is_file(client_dir / rel):
            probs.add("CFG004", where, f"{what} {str(rel)[:200]!r} not found in {client_dir}",
                      "put the file there, fix the path, or remove the entry")
    _check_thresholds(cfg.get("thresholds"), probs)
    if client_dir is not None and not (cfg.get("logo") and any(p.code == "CFG004" and p.where == "logo" for p in probs)):
        from .logo import find_logo, logo_problems  # the report cover's logo (RPT001-RPT004)

        probs.extend(logo_problems(find_logo({**cfg, "dir": client_dir})).items)
    return probs


def _is_file(path: Path) -> bool:
    """A regular file at ``path`` (False for a name the system refuses, e.g. too long)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _allowed_roots(cfg, client_dir: Path) -> list:
    """The client folder and the folders ``allow_outside`` lists, resolved."""
    roots = [client_dir.resolve()]
    extra = cfg.get("allow_outside")
    for p in extra if isinstance(extra, list) else ():
        if isinstance(p, str) and p.strip():
            roots.append((client_dir / p).resolve())
    return roots


def _leaves(client_dir: Path, rel: str, roots) -> str | None:
    """Why ``rel`` leads outside the client folder and every allowed folder, or None when it does not."""
    target = (client_dir / rel).resolve()
    if any(target == r or r in target.parents for r in roots):
        return None
    if Path(rel).is_absolute():
        return "is an absolute path outside the client folder"
    if ".." in Path(rel).parts:
        return "uses '..' to leave the client folder"
    return f"leads outside the client folder through a symlink (to {target})"


def _check_overlay_names(overlays: dict, probs) -> None:
    """Each key of ``questionnaires:`` names a shipped questionnaire (``CFG002``, with a "did you mean")."""
    import difflib

    from .spec import list_specs

    names = list_specs()
    for name in overlays:
        if name not in names:
            close = difflib.get_close_matches(str(name), names, n=1)
            probs.add("CFG002", f"questionnaires.{name}", f"no questionnaire called {name!r}",
                      f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(names)}")


def _check_thresholds(thresholds, probs) -> None:
    """Threshold overrides name a shipped questionnaire (``CFG007``) and agree with each other (``CFG010``)."""
    if not isinstance(thresholds, dict):
        return
    import difflib

    from .spec import list_specs, load_spec

    names = list_specs()
    for name, over in thresholds.items():
        if name not in names:
            close = difflib.get_close_matches(str(name), names, n=1)
            probs.add("CFG007", f"thresholds.{name}", f"no questionnaire called {name!r}",
                      f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(names)}")
            continue
        if not isinstance(over, dict):
            continue  # the schema reports it
        try:
            base = dict(load_spec(name).decision or {})
        except SedamError:
            base = {}
        merged = {**base, **{k: v for k, v in over.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}}
        low, go = merged.get("not_now_below"), merged.get("go_min_overall")
        if isinstance(low, (int, float)) and isinstance(go, (int, float)) and low > go:
            src = lambda k: "" if k in over else ", the questionnaire's value"  # noqa: E731
            probs.add("CFG010", f"thresholds.{name}",
                      f"not_now_below ({low}{src('not_now_below')}) is above go_min_overall ({go}{src('go_min_overall')})",
                      "keep not_now_below at or below go_min_overall")


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
