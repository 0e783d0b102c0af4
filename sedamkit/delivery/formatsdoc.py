"""``docs/data-formats.md``: every input file of a client folder, its fields, columns and allowed values.

The field tables are written from the JSON Schemas (``sedamkit/data/schemas``) and the stage
definitions' inputs (:data:`sedamkit.stages.STAGES`), so the page cannot drift from what ``sedam
validate`` checks; a test regenerates it and fails when the committed page is stale:
``python -m sedamkit.delivery.formatsdoc > docs/data-formats.md``.
"""
from __future__ import annotations

__all__ = ["markdown"]

#: schema name -> (file in a client folder, what it is)
FILES = {
    "client": ("client.yaml", "the client's config: name, id, language, the files below, thresholds, overlays"),
    "overlay": ("questionnaires/<questionnaire>.yaml", "a per-client questionnaire overlay (named under "
                "`questionnaires:` in client.yaml)"),
    "answers": ("answers/<stage>/<respondent>.json", "one respondent's answers to one questionnaire"),
    "plan": ("plan.yaml", "the DAAP plan (stage 02)"),
    "application": ("application.yaml", "the application assessment (stage 03)"),
    "journey": ("journey.yaml", "the customer journey (stage 04)"),
    "previous_actions": ("previous_actions.yaml", "last cycle's improvement actions, each with the KPI it should move "
                         "(stage 06, optional; template `previous_actions.template.yaml` in a new client's folder)"),
}


def _resolve(node, root):
    while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/"):
        target = root
        for part in node["$ref"][2:].split("/"):
            target = target.get(part, {})
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node if isinstance(node, dict) else {}


def _type(node, root) -> str:
    node = _resolve(node, root)
    if "const" in node:
        return f"`{node['const']}`"
    if "anyOf" in node or "oneOf" in node:
        return " or ".join(_type(n, root) for n in node.get("anyOf") or node.get("oneOf"))
    t = node.get("type", "any")
    t = " or ".join(t) if isinstance(t, list) else t
    if t == "array":
        return f"list of {_type(node.get('items', {}), root)}"
    return t


def _allowed(node, root) -> str:
    node = _resolve(node, root)
    out = []
    if "enum" in node:
        out.append("one of " + ", ".join(f"`{v}`" for v in node["enum"]))
    lo, hi = node.get("minimum"), node.get("maximum")
    if lo is not None or hi is not None:
        out.append(f"{'' if lo is None else lo}–{'' if hi is None else hi}".replace("–", " to ") if lo is not None
                   and hi is not None else (f"at least {lo}" if lo is not None else f"at most {hi}"))
    if "pattern" in node:
        out.append(f"matches `{node['pattern']}`")
    if node.get("minLength"):
        out.append("not empty")
    names = _resolve(node.get("propertyNames", {}), root)
    if "enum" in names:
        out.append("keys: " + ", ".join(f"`{v}`" for v in names["enum"]))
    items = _resolve(node.get("items", {}), root)
    if "enum" in items:
        out.append("each one of " + ", ".join(f"`{v}`" for v in items["enum"]))
    return "; ".join(out)


def _note(node, root) -> str:
    node = _resolve(node, root)
    text = node.get("x-fix") or node.get("description") or ""
    text = text.get("*", "") if isinstance(text, dict) else text
    return str(text).replace("|", "\\|").replace("\n", " ")


def _rows(node, root, prefix="", depth=0):
    node = _resolve(node, root)
    required = set(node.get("required", []))
    for name, sub in (node.get("properties") or {}).items():
        sub = _resolve(sub, root)
        path = f"{prefix}{name}"
        yield path, _type(sub, root), "yes" if name in required else "", _allowed(sub, root), _note(sub, root)
        if depth < 2:
            inner = _resolve(sub.get("items", {}), root) if sub.get("type") == "array" else sub
            if inner.get("properties"):
                yield from _rows(inner, root, f"{path}[]." if sub.get("type") == "array" else f"{path}.", depth + 1)
            extra = _resolve(inner.get("additionalProperties", {}), root) if isinstance(
                inner.get("additionalProperties"), dict) else {}
            if extra.get("properties"):
                yield from _rows(extra, root, f"{path}.<key>.", depth + 1)


def _table(schema_name: str) -> list[str]:
    from ..core.schema import load_schema

    root = load_schema(schema_name)
    out = ["| field | type | required | allowed values | note |", "| --- | --- | --- | --- | --- |"]
    for path, typ, req, allowed, note in _rows(root, root):
        out.append(f"| `{path}` | {typ} | {req} | {allowed} | {note} |")
    return out


def _datasets() -> list[str]:
    from ..core.paths import templates_dir
    from ..stages import STAGES

    out = ["| `data:` key | stage | what | columns the stage needs | header template |", "| --- | --- | --- | --- | --- |"]
    for st in STAGES:
        for inp in st.inputs:
            if inp.kind != "dataset":
                continue
            header = templates_dir() / "client" / "data" / f"{inp.key}.header.csv"
            cols = header.read_text(encoding="utf-8").strip() if header.is_file() else ""
            out.append(f"| `{inp.key}` | {st.id} | {inp.what} | {', '.join(f'`{c}`' for c in inp.columns) or '—'} "
                       f"| `{cols}` |")
    header = templates_dir() / "client" / "data" / "operations.header.csv"
    out.append("| any other key, e.g. `operations` | 05_evaluation | a file a plan KPI names as its `dataset` "
               "(`compute: {dataset, columns}` in plan.yaml); the KPI's columns must be in it | the KPI's columns "
               f"| `{header.read_text(encoding='utf-8').strip()}` |")
    return out


def _answers_inputs() -> list[str]:
    from ..stages import STAGES

    out = ["| folder under answers/ | stage | what | required |", "| --- | --- | --- | --- |"]
    for st in STAGES:
        for inp in st.inputs:
            if inp.kind == "answers":
                out.append(f"| `{inp.key}/` | {st.id} | {inp.what} | {'yes' if inp.required else 'no'} |")
    return out


def markdown() -> str:
    out = ["# Input formats", "",
           "Every file a client folder can hold, with its fields, columns and allowed values. The tables are "
           "generated from the JSON Schemas in `sedamkit/data/schemas/` and the stage definitions by "
           "`python -m sedamkit.delivery.formatsdoc`; a test fails when this page is stale. "
           "`sedam new-client NAME` writes a commented template of each; `sedam validate CLIENT_DIR` checks "
           "them all in one pass. Error codes are in [error-codes.md](error-codes.md); bringing a survey "
           "export (Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics, LimeSurvey, SPSS) into a client "
           "is in [importing.md](importing.md).", "",
           "Paths in client.yaml are relative to the client folder and must stay inside it. Paths typed on "
           "the command line are relative to the current folder; the workspace (where `clients/` and `runs/` "
           "go by default) is the current folder, or `SEDAM_HOME` when it is set.", "",
           "Row numbers in problem messages count as a spreadsheet shows them, in every file the kit reads "
           "(data files, answers tables, survey exports): the header is row 1 and the first data row is row 2. "
           "A survey export with two or three header rows counts those rows too.", ""]
    for name, (file, what) in FILES.items():
        out += [f"## `{file}`", "", f"{what[0].upper()}{what[1:]}. Schema: `sedamkit/data/schemas/{name}.schema.json`.",
                ""]
        if name == "overlay":
            out += ["An overlay adapts a shipped questionnaire for one client without changing the kit: it drops, "
                    "adds or rewords items (in any language of the questionnaire), sets item weights, an area's "
                    "`min_score` and decision thresholds. It is merged into the shipped questionnaire and checked "
                    "with the questionnaire codes (SPEC001–SPEC014); thresholds in client.yaml still override "
                    "its thresholds. Its name and version are written in run.json and the report. "
                    "`questionnaires/README.md` of a new client shows an example.", ""]
        out += _table(name) + [""]
    out += ["## Data files (`data:` in client.yaml)", "",
            "CSV (comma or semicolon) or Excel, one header row. A stage reads a file only when client.yaml names "
            "it under `data:`; `data/<key>.header.csv` of a new client holds the header row to start from. "
            "Kano surveys have three columns per feature: `<feature>_functional`, `<feature>_dysfunctional` "
            "and optionally `<feature>_importance`; quarters are written like `2025Q1`.", ""]
    out += _datasets() + ["", "## Answers folders", "",
                          "One JSON file per respondent (format above); the file name is the respondent id.", ""]
    out += _answers_inputs() + [""]
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown())
