"""Structure checks from JSON Schemas, reported as coded problems.

Every input file's structure (types, required fields, allowed values, ranges, patterns) is a
JSON Schema in ``sedamkit/data/schemas/<name>.schema.json``; code keeps only the checks a schema
cannot express (ids that refer to each other, dates in order). :func:`check` turns every schema
error into a :class:`~sedamkit.core.errors.Problem`:

* the code is the nearest ``x-code`` found on the failing sub-schema or its parents, else the
  ``code`` argument;
* the fix is the failing sub-schema's ``x-fix`` when it has one, else a fix written from the
  schema (the allowed fields, values or range);
* the place is a dotted path such as ``items[3] (need_cx_pain).scale``.

>>> from sedamkit.core.errors import Problems
>>> schema = {"type": "object", "properties": {"colour": {"type": "string", "pattern": "^#[0-9a-f]{6}$",
...           "x-code": "CFG005", "x-fix": "write it as #rrggbb"}}, "additionalProperties": False}
>>> probs = Problems("client.yaml")
>>> check({"colour": "red", "color": 1}, schema, probs, code="CFG002")
>>> for p in probs.items: print(p)
[CFG002] client.yaml: (top level): unknown field 'color'. Fix: did you mean 'colour'?
[CFG005] client.yaml: colour: 'red' is not in the expected form. Fix: write it as #rrggbb
"""
from __future__ import annotations

import difflib
import json
from functools import lru_cache

from . import paths as _paths

__all__ = ["load_schema", "check", "where"]


@lru_cache(maxsize=None)
def _load(name: str) -> str:
    return (_paths.data_dir() / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")


def load_schema(name: str) -> dict:
    """The shipped schema ``name`` (a fresh copy each call)."""
    return json.loads(_load(name))


def where(parts, data) -> str:
    """A dotted path a person can follow, naming list entries by their ``id`` when they have one."""
    out, node = "", data
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
            item = node[p] if isinstance(node, list) and 0 <= p < len(node) else None
            rid = item.get("id") if isinstance(item, dict) else None
            if isinstance(rid, str):
                out += f" ({rid})"
            node = item
        else:
            out += ("." if out else "") + str(p)
            node = node.get(p) if isinstance(node, dict) else None
    return out


def _message(err) -> str:
    v = err.validator
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return ("unknown field " if len(extra) == 1 else "unknown fields ") + ", ".join(map(repr, extra))
    if v == "required":
        return err.message.replace("is a required property", "is missing")
    if v == "type":
        want = err.validator_value if isinstance(err.validator_value, str) else " or ".join(err.validator_value)
        return f"{err.instance!r:.60} should be of type {want.replace('null', 'empty')}"
    if v == "pattern":
        return f"{err.instance!r:.60} is not in the expected form"
    if v == "enum":
        return f"{err.instance!r:.60} is not one of the allowed values"
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"{err.instance!r} is out of range"
    return err.message


def _fix(err) -> str:
    if "x-fix" in err.schema:
        return err.schema["x-fix"]
    v = err.validator
    if v == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = sorted(set(err.instance) - set(allowed))
        close = difflib.get_close_matches(str(extra[0]), allowed, n=1, cutoff=0.7) if len(extra) == 1 else []
        return f"did you mean {close[0]!r}?" if close else f"allowed fields: {', '.join(allowed)}"
    if v == "required":
        return "add the missing field"
    if v == "type":
        return f"give a value of type {err.validator_value}"
    if v == "enum":
        return "use one of: " + ", ".join(map(str, err.validator_value))
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        lo, hi = err.schema.get("minimum"), err.schema.get("maximum")
        return f"give a number from {lo} to {hi}" if lo is not None and hi is not None else \
            f"use a value within the allowed range ({v}: {err.validator_value})"
    return "see the documentation of this file's format"


def _code(err, default: str) -> str:
    e = err
    while e is not None:
        if isinstance(e.schema, dict) and "x-code" in e.schema:
            return e.schema["x-code"]
        e = e.parent
    return default


def check(data, schema, probs, *, code: str, file: str | None = None) -> None:
    """Add a problem to ``probs`` for every way ``data`` breaks ``schema`` (a dict or a shipped name)."""
    import jsonschema

    schema = load_schema(schema) if isinstance(schema, str) else schema
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    extra = {"file": file} if file else {}
    for err in errors:
        for leaf in _leaves(err):
            place = where(leaf.absolute_path, data)
            if leaf.validator == "required":  # one problem per missing field, placed at that field
                for name in [r for r in leaf.validator_value if isinstance(leaf.instance, dict) and r not in leaf.instance]:
                    sub = leaf.schema.get("properties", {}).get(name, {})
                    probs.add(_code(leaf, code), f"{place}.{name}" if place else name, f"field {name!r} is missing",
                              f"add {name!r}" + (f": {sub['x-fix']}" if "x-fix" in sub else ""), **extra)
                continue
            probs.add(_code(leaf, code), place or "(top level)", _message(leaf), _fix(leaf), **extra)


def _leaves(err):
    """For oneOf/anyOf failures, the most telling branch's errors, else the error itself."""
    if err.validator in ("oneOf", "anyOf") and err.context:
        best = min(err.context, key=lambda e: (len(e.absolute_path) * -1, e.validator == "type"))
        return [best]
    return [err]
