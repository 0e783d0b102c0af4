"""Structure checks from JSON Schemas, reported as coded problems.

Every input file's structure (types, required fields, allowed values, ranges, patterns) is a
JSON Schema in ``sedamkit/data/schemas/<name>.schema.json``; code keeps only the checks a schema
cannot express (ids that refer to each other, dates in order). :func:`check` turns every schema
error into a :class:`~sedamkit.core.errors.Problem`:

* the code is the nearest ``x-code`` found on the failing sub-schema or its parents, else the
  ``code`` argument;
* the fix is the failing sub-schema's ``x-fix`` when it has one, else a fix written from the
  schema (the allowed fields, values or range);
* the message is the failing sub-schema's ``x-message`` when it has one, else written from the
  error; ``x-message`` is formatted with ``value`` (the value found), ``field`` (the last part of
  its place) and ``type`` (the value's Python type name);
* ``x-code``, ``x-message`` and ``x-fix`` may also be a mapping from a JSON Schema keyword
  (``type``, ``pattern``, ``required`` …) to the text for errors of that keyword, with ``"*"``
  for the others;
* a property's ``x-missing`` (``code``, ``message``, ``fix``, each optional) is used when that
  required property is absent;
* the place is a dotted path such as ``items[3] (need_cx_friction).scale`` (``ids=False``: without
  the ``(id)``).

:func:`document_order` sorts problems by where they are in the data, so schema problems and the
checks made in code read in one order.

>>> from sedamkit.core.errors import Problems
>>> schema = {"type": "object", "properties": {"colour": {"type": "string", "pattern": "^#[0-9a-f]{6}$",
...           "x-code": "CFG005", "x-fix": "write it as #rrggbb"}}, "additionalProperties": False}
>>> probs = Problems("client.yaml")
>>> check({"colour": "red", "color": 1}, schema, probs, code="CFG002")
>>> for p in probs.items: print(p)
[CFG002] client.yaml: (top level): unknown field 'color'. Fix: did you mean 'colour'?
[CFG005] client.yaml: colour: 'red' is not in the expected form. Fix: write it as #rrggbb
>>> schema = {"type": "object", "required": ["level"], "properties": {"level": {
...           "type": "integer", "maximum": 4, "x-code": {"type": "LVL002", "*": "LVL001"},
...           "x-message": "level {value!r} is not a whole number up to 4",
...           "x-missing": {"code": "LVL003", "message": "no {field} given"}}}}
>>> probs = Problems("f.yaml")
>>> check({"level": 5}, schema, probs, code="LVL000"); check({"level": "x"}, schema, probs, code="LVL000")
>>> check({}, schema, probs, code="LVL000")
>>> for p in probs.items: print(p)
[LVL001] f.yaml: level: level 5 is not a whole number up to 4. Fix: use a value within the allowed range (maximum: 4)
[LVL002] f.yaml: level: level 'x' is not a whole number up to 4. Fix: give a value of type integer
[LVL003] f.yaml: level: no level given. Fix: add 'level'
"""
from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache

from . import paths as _paths

__all__ = ["load_schema", "check", "where", "document_order", "import_jsonschema"]


@lru_cache(maxsize=None)
def _load(name: str) -> str:
    return (_paths.data_dir() / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")


def load_schema(name: str) -> dict:
    """The shipped schema ``name`` (a fresh copy each call)."""
    return json.loads(_load(name))


def where(parts, data, ids: bool = True) -> str:
    """A dotted path a person can follow, naming list entries by their ``id`` when they have one
    (and ``ids`` is true)."""
    out, node = "", data
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
            item = node[p] if isinstance(node, list) and 0 <= p < len(node) else None
            rid = item.get("id") if isinstance(item, dict) else None
            if ids and isinstance(rid, str):
                out += f" ({rid})"
            node = item
        else:
            out += ("." if out else "") + str(p)
            node = node.get(p) if isinstance(node, dict) else None
    return out


def _pick(schema, key: str, validator):
    """The schema's ``key`` for an error of ``validator`` (a plain value, or a mapping by keyword)."""
    val = schema.get(key) if isinstance(schema, dict) else None
    if isinstance(val, dict):
        return val.get(validator, val.get("*"))
    return val


_FIELD = re.compile(r"\{(value|field|type)(![rs])?(:[^{}]*)?\}")


def _fill(text: str, **vals) -> str:
    """``text`` with ``{value}``, ``{field}``, ``{type}`` (``!r`` and a format spec allowed) filled in;
    other braces (``{min: 1}`` in a fix) are left as written."""
    return _FIELD.sub(lambda m: ("{0" + (m[2] or "") + (m[3] or "") + "}").format(vals[m[1]]), text)


def _format(text: str, err) -> str:
    path = list(err.absolute_path)
    return _fill(text, value=err.instance, field=path[-1] if path else "", type=type(err.instance).__name__)


def _message(err) -> str:
    v = err.validator
    custom = _pick(err.schema, "x-message", v)
    if custom is not None:
        return _format(custom, err)
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
    v = err.validator
    custom = _pick(err.schema, "x-fix", v)
    if custom is not None:
        return _format(custom, err)
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
        found = _pick(e.schema, "x-code", err.validator if e is err else e.validator)
        if found is not None:
            return found
        e = e.parent
    return default


def import_jsonschema():
    """The ``jsonschema`` module, imported without the optional grammar package of its IRI format checks.

    When ``rfc3987_syntax`` is installed (JupyterLab's event schemas pull it in), importing jsonschema
    compiles about forty parser grammars at once: two seconds or more, paid in the ``sedam`` process and
    again in each run's kernel. The kit's schemas check no IRI format (the plan's dates use their own
    checker), so that one import is skipped while jsonschema loads; every other module, including any
    later ``import rfc3987_syntax``, is left as it was.
    """
    import sys

    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    blocked = "rfc3987_syntax" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None          # "import rfc3987_syntax" raises ImportError meanwhile
    try:
        import jsonschema
    finally:
        if blocked:
            del sys.modules["rfc3987_syntax"]
    return jsonschema


def check(data, schema, probs, *, code: str, file: str | None = None, ids: bool = True) -> None:
    """Add a problem to ``probs`` for every way ``data`` breaks ``schema`` (a dict or a shipped name).

    ``ids=False`` leaves the ``(id)`` of list entries out of the places."""
    jsonschema = import_jsonschema()

    schema = load_schema(schema) if isinstance(schema, str) else schema
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    extra = {"file": file} if file else {}
    for err in errors:
        for leaf in _leaves(err):
            place = where(leaf.absolute_path, data, ids)
            if leaf.validator == "required":  # one problem per missing field, placed at that field
                for name in [r for r in leaf.validator_value if isinstance(leaf.instance, dict) and r not in leaf.instance]:
                    _missing(leaf, name, place, probs, code, extra)
                continue
            probs.add(_code(leaf, code), place or "(top level)", _message(leaf), _fix(leaf), **extra)


def _missing(leaf, name, place, probs, code, extra):
    sub = leaf.schema.get("properties", {}).get(name, {})
    sub = sub if isinstance(sub, dict) else {}
    miss = sub.get("x-missing") or {}
    fix = _pick(sub, "x-fix", "required")
    vals = {"field": name, "value": None, "type": "NoneType"}
    probs.add(miss.get("code") or _code(leaf, code), f"{place}.{name}" if place else name,
              _fill(miss.get("message", "field {field!r} is missing"), **vals),
              _fill(miss["fix"], **vals) if "fix" in miss else f"add {name!r}" + (f": {fix}" if fix else ""), **extra)


_PART = re.compile(r"\[(\d+)\](?: \([^)]*\))?|([^.\[]+)")


def document_order(problems, data):
    """``problems`` sorted by their place in ``data``: list entries by position, fields in the order
    the data gives them, absent fields after the present ones; problems without a place first.

    >>> from sedamkit.core.errors import Problem
    >>> ps = [Problem("X", None, w, "m") for w in ("b[1].y", "a", "b[0].z", "b[0].x", None)]
    >>> [p.where for p in document_order(ps, {"a": 1, "b": [{"x": 1}, {}]})]
    [None, 'a', 'b[0].x', 'b[0].z', 'b[1].y']
    """
    def key(problem):
        node, out = data, []
        for index, name in _PART.findall("" if (problem.where or "(").startswith("(") else problem.where):
            if index:
                out.append(int(index))
                node = node[int(index)] if isinstance(node, list) and int(index) < len(node) else None
            else:
                keys = list(node) if isinstance(node, dict) else []
                out.append(keys.index(name) if name in keys else len(keys))
                node = node.get(name) if isinstance(node, dict) else None
        return out

    return sorted(problems, key=key)


def _leaves(err):
    """For oneOf/anyOf failures, the most telling branch's errors, else the error itself."""
    if err.validator in ("oneOf", "anyOf") and err.context:
        best = min(err.context, key=lambda e: (len(e.absolute_path) * -1, e.validator == "type"))
        return [best]
    return [err]
