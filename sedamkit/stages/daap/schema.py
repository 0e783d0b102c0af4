"""The plan's structure as a JSON Schema (``sedamkit/data/schemas/plan.schema.json``) and the map from
schema errors to coded problems (``PLAN0xx``).

The schema file says what each field must be (types, required fields, allowed values, ranges,
patterns). Values that come from the kit's data — KPI ids, approach ids, risk categories, checklist
items and statuses, principle questions and their scale, readiness areas — are filled in when the
validator is built (see :func:`vocabularies`):

- ``x-vocab: name`` appends the ids of vocabulary ``name`` to the subschema's ``enum``;
- ``x-range: name`` sets ``minimum`` and ``maximum`` from a ``(low, high)`` vocabulary;
- ``x-vocab-properties: [name, ref]`` gives the object one property per id, each checked by ``ref``.

Every subschema that can fail carries ``x-problem``: ``{keyword: [code, message, fix]}``, with
``"*"`` for any other failing keyword and ``"missing"`` for a required field that is absent or holds
one of its ``x-missing`` values (default ``[null]``). Messages and fixes are :meth:`str.format`
templates over :func:`template_names`. Where one field fails several keywords (``kpi: " "`` fails
``pattern`` and ``enum``), only the first problem is kept, the way a person would state it.

What a schema cannot say — dates in order, ids that refer to each other, duplicate ids — is checked
in :mod:`sedamkit.stages.daap.validate`.
"""
from __future__ import annotations

import copy
import functools
import json
import re

from ...core.errors import Problem
from ...core.paths import data_dir
from .common import AREA_IDS, SECTIONS, checks_data, is_num, parse_date

__all__ = ["SCHEMA_PATH", "load_schema", "vocabularies", "template_names", "schema_problems", "where_text",
           "problem_order", "schema_codes"]

#: The plan's JSON Schema, shipped with the package data.
SCHEMA_PATH = data_dir() / "schemas" / "plan.schema.json"

_TOP = ("mission", "period", "goals", "kpis", "phases", "risks", "preparation", "principles")
# when one field fails several keywords, keep the problem of the most basic one
_RANK = {"missing": 0, "type": 0, "not": 1, "anyOf": 1, "pattern": 1, "minItems": 1}


@functools.lru_cache(maxsize=1)
def _raw_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def load_schema() -> dict:
    """The schema as written in the file (vocabularies not filled in), a copy.

    >>> load_schema()["required"]
    ['mission', 'period']
    """
    return copy.deepcopy(_raw_schema())


def vocabularies(catalogue=None, kpis=None, checks=None) -> dict:
    """The ids the schema's ``x-vocab`` / ``x-range`` entries stand for, as tuples.

    >>> v = vocabularies()
    >>> v["statuses"], v["scale"]
    (('not_started', 'in_progress', 'done'), (1, 5))
    """
    from ...methods.catalogue import approach_ids, load_kpis

    chk = checks_data(checks)
    kcat = load_kpis() if kpis is None else kpis
    scale = sorted(int(x) for x in chk["principles"]["scale"])
    return {"areas": tuple(AREA_IDS), "kpi_ids": tuple(kcat), "directions": tuple(chk["kpi"]["directions"]),
            "approaches": tuple(approach_ids(catalogue)), "categories": tuple(chk["risk"]["categories"]),
            "prep_items": tuple(x["id"] for x in chk["preparation"]["items"]),
            "statuses": tuple(chk["preparation"]["statuses"]),
            "questions": tuple(q["id"] for q in chk["principles"]["questions"]), "scale": (scale[0], scale[-1])}


def template_names(vocab: dict) -> dict:
    """The vocabulary names a message template may use: each list joined with ``", "`` (and
    ``statuses_or`` joined with ``" / "``), ``scale_min`` and ``scale_max``. Per problem the mapper
    adds ``value`` (what was found), ``field`` (the field's name), and inside a goal / KPI / phase /
    risk entry ``id`` (its id, else its index), ``noun`` (goal, KPI …), ``letter`` and ``n`` (a
    suggested id such as ``K3``)."""
    names = {k: ", ".join(map(str, v)) for k, v in vocab.items() if k != "scale"}
    names.update(statuses_or=" / ".join(vocab["statuses"]), scale_min=vocab["scale"][0], scale_max=vocab["scale"][1])
    return names


def _fill(node, vocab):
    """Fill the ``x-vocab`` entries of a schema in place (see the module docstring)."""
    if isinstance(node, list):
        for x in node:
            _fill(x, vocab)
        return
    if not isinstance(node, dict):
        return
    if "x-vocab" in node:
        node["enum"] = list(node.get("enum", [])) + list(vocab[node["x-vocab"]])
    if "x-range" in node:
        node["minimum"], node["maximum"] = vocab[node["x-range"]]
    if "x-vocab-properties" in node:
        name, ref = node["x-vocab-properties"]
        node["properties"] = {k: {"$ref": ref} for k in vocab[name]}
    for key, val in node.items():
        if not key.startswith("x-"):
            _fill(val, vocab)


def _inline(node, root):
    """Replace each local ``$ref`` by the subschema it names (a ``$ref`` with other keywords beside it
    becomes one more ``allOf`` entry). Same errors, same subschemas in them, without the cost of
    resolving references on every check; the schema has no recursive references."""
    if isinstance(node, list):
        return [_inline(x, root) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: (v if k.startswith("x-") else _inline(v, root)) for k, v in node.items() if k != "$ref"}
    if "$ref" not in node:
        return out
    target = root
    for part in node["$ref"][2:].split("/"):
        target = target[part]
    target = _inline(target, root)
    if not out:
        return target
    out["allOf"] = [target] + list(out.get("allOf", []))
    return out


@functools.lru_cache(maxsize=8)
def _validator(vocab_items: tuple):
    from ...core.schema import import_jsonschema

    jsonschema = import_jsonschema()
    validators = jsonschema.validators

    schema = load_schema()
    _fill(schema, dict(vocab_items))
    schema = _inline(schema, schema)
    types = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many({
        "number": lambda _c, v: is_num(v),           # no bools, no NaN (a YAML .nan is not a number here)
        "integer": lambda _c, v: is_num(v) and float(v).is_integer()})
    formats = jsonschema.FormatChecker(formats=())
    formats.checks("plan-date")(lambda v: parse_date(v) is not None)
    cls = validators.extend(jsonschema.Draft202012Validator, type_checker=types)
    return cls(schema, format_checker=formats), schema


def _deref(node, root):
    while isinstance(node, dict) and "x-problem" not in node and str(node.get("$ref", "")).startswith("#/"):
        target = root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _located(err, root):
    """(instance path, subschema holding the texts, value found, failing keyword) for one error;
    a ``required`` error yields one row per missing field."""
    path = list(err.absolute_path)
    if err.validator == "required":
        for prop in err.validator_value:
            if isinstance(err.instance, dict) and prop not in err.instance:
                yield path + [prop], _deref(err.schema.get("properties", {}).get(prop, {}), root), None, "missing"
    elif "propertyNames" in err.absolute_schema_path:
        yield path + [err.instance], err.schema, err.instance, err.validator
    else:
        yield path, err.schema, err.instance, err.validator


def where_text(path, data) -> str | None:
    """A field path as problems show it: ``kpis[0].target``, ``preparation.team.status``.

    >>> where_text(["kpis", 0, "target"], {"kpis": [{}]})
    'kpis[0].target'
    """
    out, cur = "", data
    for step in path:
        if isinstance(cur, list) and isinstance(step, int):
            out += f"[{step}]"
            cur = cur[step] if 0 <= step < len(cur) else None
        else:
            out += ("." if out else "") + str(step)
            cur = cur.get(step) if isinstance(cur, dict) else None
    return out or None


def _names(path, value, plan, base):
    names = dict(base, value=value, field=next((s for s in reversed(path) if isinstance(s, str)), ""))
    if len(path) >= 2 and path[0] in SECTIONS and isinstance(path[1], int):
        item = plan[path[0]][path[1]]
        names.update(id=item.get("id", path[1]) if isinstance(item, dict) else path[1], noun=SECTIONS[path[0]],
                     letter=path[0][0].upper(), n=path[1] + 1)
    return names


def _texts(node, keyword, value):
    probs = node.get("x-problem") or {} if isinstance(node, dict) else {}
    missing = node.get("x-missing", [None]) if isinstance(node, dict) else [None]
    if keyword == "missing" or any(value is m or (type(value) is type(m) and value == m) for m in missing):
        return probs.get("missing") or probs.get("*")
    return probs.get(keyword) or probs.get("*")


def schema_problems(plan, vocab: dict, file=None) -> list[Problem]:
    """Every structure problem of ``plan`` (after the loose forms are normalised), as coded problems in
    the plan's field order. An error the schema file gives no texts for comes out as ``PLAN001`` with
    the validator's own message (a test checks that this never happens for the kit's schema)."""
    validator, root = _validator(tuple(sorted(vocab.items())))
    base = template_names(vocab)
    best: dict = {}
    for err in validator.iter_errors(plan):
        for path, node, value, keyword in _located(err, root):
            texts = _texts(node, keyword, value)
            where = where_text(path, plan)
            if texts is None:
                prob = Problem("PLAN001", file, where, err.message, "see sedamkit/data/schemas/plan.schema.json")
            else:
                names = _names(path, value, plan, base)
                prob = Problem(texts[0], file, where, texts[1].format(**names), texts[2].format(**names))
            key = (tuple(map(str, path)), id(node))
            rank = _RANK.get(keyword, 2)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, prob)
    return list(dict.fromkeys(p for _, p in best.values()))


_TOKEN = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def problem_order(where, plan) -> list[int]:
    """A sort key that puts problems in the plan's field order (sections in their usual order).

    >>> p = {"mission": "m", "kpis": [{"id": "K1", "due": "x"}, {"id": "K2"}]}
    >>> problem_order("kpis[1].id", p) > problem_order("kpis[0].due", p) > problem_order("mission", p)
    True
    """
    key, cur = [], plan
    for n, (idx, name) in enumerate(_TOKEN.findall(where or "")):
        if idx and isinstance(cur, list):
            i = int(idx)
            key.append(i)
            cur = cur[i] if i < len(cur) else None
        elif isinstance(cur, dict):
            order = list(_TOP) if n == 0 else list(cur)
            key.append(order.index(name) if name in order else len(order))
            cur = cur.get(name)
        else:
            key.append(0)
            cur = None
    return key


def schema_codes() -> set[str]:
    """Every code the schema file maps an error to.

    >>> sorted(schema_codes())[:3]
    ['PLAN001', 'PLAN002', 'PLAN003']
    """
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for texts in (node.get("x-problem") or {}).values():
                found.add(texts[0])
            for k, v in node.items():
                if k != "x-problem":
                    walk(v)
        elif isinstance(node, list):
            for x in node:
                walk(x)

    walk(_raw_schema())
    return found
