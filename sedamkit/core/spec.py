"""Questionnaire specs: load, validate, and look up text in a language.

A spec is a YAML file (``sedamkit/data/questionnaires/*.yaml``) in the
XLSForm spirit: *scales* are defined once and referenced by name, *items*
carry stable snake_case ids, a scale, a weight, the clause they come from and
their text per language; *areas* group items for scoring, and *groups* group
areas. Thresholds for the stage decision live in the spec, not in code.

Validation collects every problem before raising one
:class:`~sedamkit.core.errors.SedamError`.

Error codes
-----------
SPEC001  the file does not have the expected structure (field missing, wrong type, unknown field)
SPEC002  duplicate id (item, area or group)
SPEC003  an item uses a scale that is not defined
SPEC004  a weight below zero
SPEC005  an item names an unknown area, or an area an unknown group
SPEC006  ``show_if`` names an unknown item, or one that comes later
SPEC007  text missing for a declared language
SPEC008  an id is not snake_case
SPEC009  a scale's bounds or labels are inconsistent
SPEC010  decision thresholds are inconsistent
SPEC011  an area has no items
SPEC012  the file is not valid YAML or cannot be read
SPEC013  a number is not finite (NaN or infinity), e.g. ``weight: .nan``
SPEC014  a client's questionnaire overlay names an unknown item or area, or the wrong questionnaire

Per-client overlays
-------------------
A client folder may adapt a shipped questionnaire without forking the package: client.yaml names
an overlay file per questionnaire (``questionnaires: {necessity_feasibility: questionnaires/necessity_feasibility.yaml}``)
that drops, adds or rewords items (in any language of the questionnaire), changes item weights, area
settings (``min_score``) and decision thresholds. :func:`apply_overlay` merges it into the shipped
questionnaire, and the result is checked with the same codes as a shipped one (a duplicate id is
``SPEC002``, a negative weight ``SPEC004``, a threshold off 0–100 ``SPEC010``); :func:`client_spec`
is the one place stages, notebooks and the app load a client's questionnaire.

Examples
--------
>>> spec = load_spec("necessity_feasibility")
>>> spec.id, len(spec.items) >= 24
('necessity_feasibility', True)
>>> spec.text(spec.items[0].text)[:4] != ""
True
"""
from __future__ import annotations

from . import paths as _paths

import copy
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, Problems, SedamError
from .fileio import read_yaml

__all__ = ["Spec", "Item", "Scale", "load_spec", "client_spec", "spec_from_dict", "validate_spec", "list_specs",
           "apply_overlay", "overlay_path", "load_overlay", "SPEC_DIR", "SCHEMA"]

SPEC_DIR = _paths.data_dir() / "questionnaires"
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")

_TEXT = {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}}
_ID = {"type": "string"}
SCHEMA = {
    "type": "object",
    "required": ["id", "version", "title", "languages", "scales", "groups", "areas", "items"],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "version": {"type": "integer", "minimum": 1},
        "stage": {"type": "string"},
        "clause": {"type": "string"},
        "title": _TEXT,
        "intro": _TEXT,
        "languages": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "scales": {"type": "object", "minProperties": 1, "additionalProperties": {
            "type": "object", "required": ["min", "max", "labels"], "additionalProperties": False,
            "properties": {"min": {"type": "integer"}, "max": {"type": "integer"},
                           "labels": {"type": "object", "additionalProperties": _TEXT},
                           "allow_na": {"type": "boolean"}, "na_label": _TEXT}}},
        "groups": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["id", "title"], "additionalProperties": False,
            "properties": {"id": _ID, "title": _TEXT, "clause": {"type": "string"}, "help": _TEXT,
                           "role": {"enum": ["need", "feasibility"]}}}},
        "areas": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["id", "group", "title"], "additionalProperties": False,
            "properties": {"id": _ID, "group": _ID, "title": _TEXT, "clause": {"type": "string"},
                           "min_score": {"type": "number", "minimum": 0, "maximum": 100}}}},
        "items": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["id", "area", "scale", "clause", "text"],
            "additionalProperties": False,
            "properties": {"id": _ID, "area": _ID, "scale": _ID, "weight": {"type": "number"},
                           "clause": {"type": "string"}, "text": _TEXT, "help": _TEXT,
                           "reverse": {"type": "boolean"},
                           "show_if": {"type": "object", "required": ["item"], "additionalProperties": False,
                                       "properties": {"item": _ID, "min": {"type": "number"},
                                                      "max": {"type": "number"},
                                                      "in": {"type": "array"}}}}}},
        "scoring": {"type": "object", "additionalProperties": False,
                    "properties": {"consensus_max_sd": {"type": "number", "minimum": 0}}},
        "decision": {"type": "object", "additionalProperties": False,
                     "properties": {"not_now_below": {"type": "number", "minimum": 0, "maximum": 100},
                                    "go_min_overall": {"type": "number", "minimum": 0, "maximum": 100},
                                    "blocking_below": {"type": "number", "minimum": 0, "maximum": 100},
                                    "need_min": {"type": "number", "minimum": 0, "maximum": 100}}},
        "ui": {"type": "object", "additionalProperties": _TEXT},
    },
}


@dataclass(frozen=True)
class Scale:
    id: str
    min: int
    max: int
    labels: dict          # {int value: {lang: text}}
    allow_na: bool = False
    na_label: dict | None = None

    @property
    def values(self) -> list[int]:
        return list(range(self.min, self.max + 1))


@dataclass(frozen=True)
class Item:
    id: str
    area: str
    scale: str
    clause: str
    text: dict
    weight: float = 1.0
    help: dict | None = None
    reverse: bool = False
    show_if: dict | None = None


@dataclass
class Spec:
    """A validated questionnaire. Build it with :func:`load_spec`."""

    id: str
    version: int
    title: dict
    languages: list
    scales: dict            # id -> Scale
    groups: list            # dicts: id, title, clause
    areas: list             # dicts: id, group, title, clause, min_score
    items: list             # Item
    decision: dict = field(default_factory=dict)
    scoring: dict = field(default_factory=dict)
    intro: dict | None = None
    ui: dict = field(default_factory=dict)
    stage: str | None = None
    clause: str | None = None
    path: str | None = None
    language: str = "en"
    overlay: dict | None = None   # {name, version, file, sha256} of the client's overlay, when one applies

    # -- lookups -------------------------------------------------------------
    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    @property
    def item_ids(self) -> list[str]:
        return [it.id for it in self.items]

    def items_frame(self):
        """The items as a DataFrame, in questionnaire order.

        Columns: ``item``, ``group``, ``area``, ``area_title``, ``scale``, ``weight``, ``clause``,
        ``text`` (in the spec's language), ``show_if`` (readable condition or "").
        """
        import pandas as pd

        groups = {a["id"]: a["group"] for a in self.areas}
        titles = {a["id"]: self.text(a["title"]) for a in self.areas}
        return pd.DataFrame([{
            "item": it.id, "group": groups[it.area], "area": it.area, "area_title": titles[it.area],
            "scale": it.scale, "weight": it.weight, "clause": it.clause, "text": self.text(it.text),
            "show_if": _cond_text(it.show_if)} for it in self.items])

    def area(self, area_id: str) -> dict:
        return next(a for a in self.areas if a["id"] == area_id)

    def text(self, obj, language: str | None = None) -> str:
        """The text of ``obj`` (a ``{lang: text}`` dict) in ``language``, falling back to English."""
        if obj is None:
            return ""
        if isinstance(obj, str):
            return obj
        lang = language or self.language
        return obj.get(lang) or obj.get("en") or next(iter(obj.values()))

    def ui_text(self, key: str, default: str = "", language: str | None = None) -> str:
        return self.text(self.ui.get(key), language) if key in self.ui else default

    def with_overrides(self, decision: dict | None = None, scoring: dict | None = None,
                       language: str | None = None) -> "Spec":
        """A copy with decision / scoring thresholds overridden (from a client config)."""
        new = copy.copy(self)
        new.decision = {**self.decision, **(decision or {})}
        new.scoring = {**self.scoring, **(scoring or {})}
        if language:
            if language not in self.languages:
                warnings.warn(f"questionnaire {self.id!r} has no {language!r} text; English is shown",
                              stacklevel=2)
            new.language = language
        return new

    def visible(self, item: Item, answers: dict) -> bool:
        """Whether ``item`` is shown given one respondent's ``answers`` (its ``show_if``)."""
        cond = item.show_if
        if not cond:
            return True
        v = answers.get(cond["item"])
        if v is None:
            return False
        if "in" in cond and v not in cond["in"]:
            return False
        if "min" in cond and v < cond["min"]:
            return False
        if "max" in cond and v > cond["max"]:
            return False
        return True


def _cond_text(cond) -> str:
    if not cond:
        return ""
    parts = [f"{cond['item']} in {cond['in']}" if "in" in cond else ""]
    if "min" in cond:
        parts.append(f"{cond['item']} ≥ {cond['min']}")
    if "max" in cond:
        parts.append(f"{cond['item']} ≤ {cond['max']}")
    return " and ".join(p for p in parts if p)


def list_specs() -> list[str]:
    """Ids of the questionnaires shipped with sedamkit."""
    return sorted(p.stem for p in SPEC_DIR.glob("*.yaml"))


def load_spec(name_or_path, language: str = "en") -> Spec:
    """Load and validate a questionnaire by shipped id (``"necessity_feasibility"``) or by path."""
    p = Path(name_or_path)
    if not p.suffix:
        p = SPEC_DIR / f"{name_or_path}.yaml"
        if not p.is_file():
            raise SedamError(Problem("SPEC012", str(p), None, f"no questionnaire called {name_or_path!r}",
                                     f"use one of: {', '.join(list_specs())}, or give a file path"))
    data = read_yaml(p, code="SPEC012")
    spec = spec_from_dict(data, file=str(p))
    spec.language = language
    return spec


def client_spec(client: dict, name: str, language: str | None = None) -> Spec:
    """A shipped questionnaire for one client: its overlay merged in (``questionnaires:`` in client.yaml,
    see :func:`apply_overlay`), then the client's threshold overrides (``thresholds: {name: {...}}``;
    ``consensus_max_sd`` tunes scoring, every other key a decision rule) and language."""
    ovl = overlay_path(client, name)
    spec = load_spec(name) if ovl is None else _overlaid(name, ovl)
    over = (client.get("thresholds") or {}).get(name, {}) or {}
    scoring = {k: v for k, v in over.items() if k == "consensus_max_sd"}
    decision = {k: v for k, v in over.items() if k != "consensus_max_sd"}
    return spec.with_overrides(decision=decision, scoring=scoring, language=language or client.get("language"))


def overlay_path(client: dict, name: str) -> Path | None:
    """The overlay file the client names for questionnaire ``name`` (absolute), or None."""
    rel = (client.get("questionnaires") or {}).get(name) if isinstance(client.get("questionnaires"), dict) else None
    if not isinstance(rel, str) or not rel:
        return None
    return Path(client.get("dir") or ".") / rel


def load_overlay(path) -> dict:
    """Read an overlay file and check its structure (``SPEC001``, ``SPEC004``, ``SPEC010``, ``SPEC012``)."""
    data, probs = _read_overlay(path)
    probs.raise_if_any(f"the questionnaire overlay {path} is not valid")
    return data


def _read_overlay(path):
    from .schema import check

    data = read_yaml(path, code="SPEC012")
    probs = Problems(str(path))
    if not isinstance(data, dict):
        probs.add("SPEC001", None, "the overlay is empty or not a mapping",
                  "start from the overlay template 'sedam new-client' writes (questionnaires/README.md)")
    else:
        check(data, "overlay", probs, code="SPEC001")
    return data, probs


def _overlaid(name: str, path: Path) -> Spec:
    """The shipped questionnaire ``name`` with the overlay at ``path`` merged in; every problem of the
    overlay (its structure, the ids it names, the merged questionnaire's checks) in one error."""
    import hashlib

    base = read_yaml(SPEC_DIR / f"{name}.yaml", code="SPEC012")
    ovl, probs = _read_overlay(path)
    if not isinstance(ovl, dict):
        probs.raise_if_any(f"the questionnaire overlay {path} is not valid")
    seen = {p.code for p in probs.items}
    usable = _usable(ovl)
    probs.extend(_overlay_problems(base, usable, str(path)).items)
    merged = _merge(base, usable)
    probs.extend([p for p in validate_spec(merged, file=str(path)).items if p.code not in seen])
    probs.raise_if_any(f"the questionnaire overlay {path} is not valid")
    spec = spec_from_dict(merged, file=str(path))
    spec.overlay = {"name": ovl.get("name") or path.stem, "version": ovl["version"], "file": str(path),
                    "sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest()}
    return spec


def _usable(ovl: dict) -> dict:
    """The parts of an overlay whose shape is right (the schema reports the others), for merging."""
    out = dict(ovl)
    for key, kind in (("drop", list), ("reword", dict), ("weights", dict), ("add", list), ("areas", dict),
                      ("thresholds", dict)):
        if key in out and not isinstance(out[key], kind):
            out.pop(key)
    out["drop"] = [x for x in out.get("drop") or [] if isinstance(x, str)]
    out["reword"] = {k: v for k, v in (out.get("reword") or {}).items() if isinstance(v, dict)}
    out["weights"] = {k: v for k, v in (out.get("weights") or {}).items()
                      if isinstance(v, (int, float)) and not isinstance(v, bool)}
    out["add"] = [x for x in out.get("add") or [] if isinstance(x, dict)]
    out["areas"] = {k: {f: x for f, x in v.items() if f != "min_score" or _in_0_100(x)}
                    for k, v in (out.get("areas") or {}).items() if isinstance(v, dict)}
    out["thresholds"] = {k: v for k, v in (out.get("thresholds") or {}).items()
                         if k in ("not_now_below", "go_min_overall", "blocking_below", "consensus_max_sd")
                         and _in_0_100(v)}
    return out


def _in_0_100(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100


def apply_overlay(base: dict, overlay: dict, file: str | None = None) -> dict:
    """The questionnaire dict ``base`` with a client's ``overlay`` merged in (both as read from YAML).

    In this order: ``drop`` removes items, ``reword`` replaces their text per language (the other
    languages keep theirs), ``weights`` sets item weights, ``add`` appends new items, ``areas`` sets
    an area's ``min_score`` (or title), ``thresholds`` sets decision rules (``consensus_max_sd`` goes
    to scoring). Raises ``SPEC014`` (with a "did you mean") for an item or area the questionnaire does
    not have, or an overlay of another questionnaire; the merged questionnaire must then pass
    :func:`validate_spec` (the caller builds it with :func:`spec_from_dict`).

    >>> base = {"id": "q", "items": [{"id": "a", "text": {"en": "A", "fr": "A fr"}, "weight": 1}],
    ...         "areas": [{"id": "x"}], "decision": {}}
    >>> out = apply_overlay(base, {"overlay_of": "q", "version": 1, "reword": {"a": {"en": "New A"}},
    ...                            "weights": {"a": 2}, "thresholds": {"go_min_overall": 60}})
    >>> out["items"][0]["text"], out["items"][0]["weight"], out["decision"]
    ({'en': 'New A', 'fr': 'A fr'}, 2, {'go_min_overall': 60})
    """
    _overlay_problems(base, overlay, file).raise_if_any(
        f"the questionnaire overlay {file or ''} does not fit {base.get('id')!r}".replace("  ", " "))
    return _merge(base, overlay)


def _overlay_problems(data: dict, overlay: dict, file: str | None) -> Problems:
    """``SPEC014`` for each item or area the overlay names that ``data`` lacks, and a wrong ``overlay_of``."""
    import difflib

    probs = Problems(file)
    if overlay.get("overlay_of") != data.get("id"):
        probs.add("SPEC014", "overlay_of", f"this overlay is for {overlay.get('overlay_of')!r}, not {data.get('id')!r}",
                  f"write overlay_of: {data.get('id')}, or name the file under its own questionnaire in client.yaml")
    ids = [it["id"] for it in data.get("items", [])]
    area_ids = [a["id"] for a in data.get("areas", [])]

    def unknown(kind, where, iid, known):
        close = difflib.get_close_matches(str(iid), known, n=1)
        probs.add("SPEC014", where, f"the questionnaire has no {kind} {iid!r}",
                  f"did you mean {close[0]!r}?" if close else f"use an id of the questionnaire ({', '.join(known[:8])} …)")

    for iid in overlay.get("drop") or []:
        if iid not in ids:
            unknown("item", f"drop ({iid})", iid, ids)
    for key in ("reword", "weights"):
        for iid in overlay.get(key) or {}:
            if iid not in ids:
                unknown("item", f"{key}.{iid}", iid, ids)
    for aid in overlay.get("areas") or {}:
        if aid not in area_ids:
            unknown("area", f"areas.{aid}", aid, area_ids)
    return probs


def _merge(base: dict, overlay: dict) -> dict:
    data = copy.deepcopy(base)
    dropped = set(overlay.get("drop") or [])
    data["items"] = [it for it in data["items"] if it["id"] not in dropped]
    for it in data["items"]:
        if it["id"] in (overlay.get("reword") or {}):
            it["text"] = {**it["text"], **overlay["reword"][it["id"]]}
        if it["id"] in (overlay.get("weights") or {}):
            it["weight"] = overlay["weights"][it["id"]]
    data["items"] += copy.deepcopy(overlay.get("add") or [])
    for a in data.get("areas", []):
        a.update(copy.deepcopy((overlay.get("areas") or {}).get(a["id"]) or {}))
    th = dict(overlay.get("thresholds") or {})
    if "consensus_max_sd" in th:
        data["scoring"] = {**(data.get("scoring") or {}), "consensus_max_sd": th.pop("consensus_max_sd")}
    if th:
        data["decision"] = {**(data.get("decision") or {}), **th}
    return data


def spec_from_dict(data, file: str | None = None) -> Spec:
    """Validate a spec given as a dict and build a :class:`Spec`; raises on any problem."""
    problems = validate_spec(data, file=file)
    problems.raise_if_any(f"the questionnaire {file or ''} is not valid".replace("  ", " "))
    scales = {sid: Scale(sid, s["min"], s["max"], {int(k): v for k, v in s["labels"].items()},
                         s.get("allow_na", False), s.get("na_label")) for sid, s in data["scales"].items()}
    items = [Item(id=i["id"], area=i["area"], scale=i["scale"], clause=i["clause"], text=i["text"],
                  weight=float(i.get("weight", 1.0)), help=i.get("help"), reverse=i.get("reverse", False),
                  show_if=i.get("show_if")) for i in data["items"]]
    return Spec(id=data["id"], version=data["version"], title=data["title"], languages=data["languages"],
                scales=scales, groups=data["groups"], areas=data["areas"], items=items,
                decision=dict(data.get("decision", {})), scoring=dict(data.get("scoring", {})),
                intro=data.get("intro"), ui=data.get("ui", {}), stage=data.get("stage"),
                clause=data.get("clause"), path=file)


def validate_spec(data, file: str | None = None) -> Problems:
    """Return every problem in a spec dict (an empty :class:`~sedamkit.core.errors.Problems` when valid)."""
    import math

    from .schema import import_jsonschema

    jsonschema = import_jsonschema()
    probs = Problems(file)
    if not isinstance(data, dict):
        probs.add("SPEC001", None, "the file is empty or not a mapping", "start from a shipped questionnaire")
        return probs
    for where, value in _non_finite(data):
        probs.add("SPEC013", where, f"{value!r} is not a finite number",
                  "write an ordinary number (a weight of 0 leaves the item unscored)")
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        if isinstance(err.instance, float) and not math.isfinite(err.instance):
            continue  # reported as SPEC013 above: JSON Schema cannot say "finite" (NaN passes every bound)
        where = _path(err.absolute_path, data)
        probs.add("SPEC001", where or "(top level)", _schema_message(err), _schema_fix(err))
    if probs:
        return probs  # the semantic checks below need the structure to be right

    langs = data["languages"]
    scales = data["scales"]
    for sid, s in scales.items():
        if s["min"] >= s["max"]:
            probs.add("SPEC009", f"scales.{sid}", f"min {s['min']} is not below max {s['max']}",
                      "set min below max, e.g. min: 1, max: 5")
        for k in s["labels"]:
            try:
                ok = s["min"] <= int(k) <= s["max"]
            except (TypeError, ValueError):
                ok = False
            if not ok:
                probs.add("SPEC009", f"scales.{sid}.labels.{k}", f"label key {k!r} is outside {s['min']}–{s['max']}",
                          "label only whole values within the scale")
    seen = {}
    for kind, rows in (("group", data["groups"]), ("area", data["areas"]), ("item", data["items"])):
        for n, row in enumerate(rows):
            rid = row["id"]
            where = f"{kind}s[{n}].id ({rid})"
            if not _SNAKE.match(rid):
                probs.add("SPEC008", where, f"id {rid!r} is not snake_case",
                          "use lower-case letters, digits and underscores, starting with a letter")
            if rid in seen:
                probs.add("SPEC002", where, f"id {rid!r} is used twice (first at {seen[rid]})",
                          "give every group, area and item its own id; answers are keyed by it")
            else:
                seen[rid] = where
    group_ids = {g["id"] for g in data["groups"]}
    area_ids = [a["id"] for a in data["areas"]]
    for n, a in enumerate(data["areas"]):
        if a["group"] not in group_ids:
            probs.add("SPEC005", f"areas[{n}].group", f"area {a['id']!r} names unknown group {a['group']!r}",
                      f"use one of: {', '.join(sorted(group_ids))}")
    earlier = set()
    used_areas = set()
    for n, it in enumerate(data["items"]):
        iid = it["id"]
        if it["scale"] not in scales:
            probs.add("SPEC003", f"items[{n}].scale ({iid})", f"scale {it['scale']!r} is not defined",
                      f"define it under 'scales' or use one of: {', '.join(scales)}")
        if it.get("weight", 1) < 0:
            probs.add("SPEC004", f"items[{n}].weight ({iid})", f"weight {it['weight']} is below zero",
                      "use a weight of 0 (not scored) or more")
        if it["area"] not in area_ids:
            probs.add("SPEC005", f"items[{n}].area ({iid})", f"unknown area {it['area']!r}",
                      f"use one of: {', '.join(area_ids)}")
        used_areas.add(it["area"])
        cond = it.get("show_if")
        if cond and cond["item"] not in earlier:
            probs.add("SPEC006", f"items[{n}].show_if ({iid})",
                      f"show_if refers to {cond['item']!r}, which is not an earlier item",
                      "refer to an item listed before this one")
        earlier.add(iid)
        for key in ("text", "help"):
            for lang in langs:
                if key in it and lang not in it[key]:
                    probs.add("SPEC007", f"items[{n}].{key} ({iid})", f"no {lang!r} text",
                              f"add '{lang}: ...' under {key}, or remove {lang!r} from languages")
    for n, a in enumerate(data["areas"]):
        if a["id"] not in used_areas:
            probs.add("SPEC011", f"areas[{n}] ({a['id']})", "no item belongs to this area",
                      "add items with this area, or remove the area")
        for lang in langs:
            if lang not in a["title"]:
                probs.add("SPEC007", f"areas[{n}].title ({a['id']})", f"no {lang!r} text",
                          f"add '{lang}: ...' under title")
    d = data.get("decision", {})
    if "not_now_below" in d and "go_min_overall" in d and d["not_now_below"] > d["go_min_overall"]:
        probs.add("SPEC010", "decision", f"not_now_below ({d['not_now_below']}) is above go_min_overall "
                  f"({d['go_min_overall']})", "keep not_now_below ≤ go_min_overall")
    return probs


def _non_finite(data, limit: int = 64):
    """(place, value) for every NaN or infinite float in ``data`` (nesting deeper than ``limit`` is
    left to the schema, which has no field that deep)."""
    import math

    stack = [((), data)]
    while stack:
        parts, node = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            yield _path(parts, data) or "(top level)", node
        elif len(parts) < limit and isinstance(node, dict):
            stack.extend(((*parts, k), v) for k, v in reversed(list(node.items())))
        elif len(parts) < limit and isinstance(node, (list, tuple)):
            stack.extend(((*parts, n), v) for n, v in reversed(list(enumerate(node))))


def _path(parts, data) -> str:
    out = ""
    node = data
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
            try:
                rid = node[p].get("id") if isinstance(node[p], dict) else None
            except Exception:
                rid = None
            node = node[p] if isinstance(node, list) and p < len(node) else None
            if rid:
                out += f" ({rid})"
        else:
            out += ("." if out else "") + str(p)
            node = node.get(p) if isinstance(node, dict) else None
    return out


def _schema_message(err) -> str:
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})), key=str)
        return f"unknown field(s) {', '.join(map(repr, extra))}"
    if err.validator == "required":
        return err.message.replace("is a required property", "is missing")
    return err.message


def _schema_fix(err) -> str:
    if err.validator == "additionalProperties":
        return f"check the spelling; allowed fields: {', '.join(sorted(err.schema.get('properties', {})))}"
    if err.validator == "required":
        return "add the missing field"
    if err.validator == "type":
        return f"give a value of type {err.validator_value}"
    if err.validator in ("minimum", "maximum"):
        return f"use a value within the allowed range ({err.validator}: {err.validator_value})"
    return "see the shipped questionnaires for a working example"
