"""No demo id is written into package code or notebook code: everything must work for a client unlike
the demo. The ids are read FROM the demo's own files (client id, respondent ids, Kano feature ids,
region names, KPI ids), so a new demo id is covered without editing this test.

A string literal equal to one of them fails the test, in every ``sedamkit/**/*.py`` module and every
code cell of the shipped notebooks. Docstrings (and the doctests in them) are not code and are not
scanned. The allow list below is kept small; each entry says why.
"""
import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "sedamkit"
DEMO = PKG / "datasets" / "demo"

#: Files allowed to name demo ids, and why.
ALLOWED = {
    "sedamkit/delivery/datagen.py": "the generator that defines the demo data",
    "sedamkit/core/paths.py": "defines where the demo client folder is (datasets/demo)",
}


def demo_ids() -> dict:
    """id → what it is, from the demo's files."""
    client = yaml.safe_load((DEMO / "client.yaml").read_text(encoding="utf-8"))
    plan = yaml.safe_load((DEMO / "plan.yaml").read_text(encoding="utf-8"))
    kano = pd.read_csv(DEMO / "data" / "kano_survey.csv", nrows=1)
    ids = {client["id"]: "the demo's client id"}
    ids.update({r: "a demo region" for r in client.get("regions") or []})
    ids.update({p.stem: "a demo respondent id" for p in (DEMO / "answers").rglob("*.json")})
    ids.update({c[: -len("_functional")]: "a demo Kano feature" for c in kano.columns if c.endswith("_functional")})
    ids.update({k["id"]: "a demo KPI id" for k in plan["kpis"]})
    return ids


def _docstring_nodes(tree) -> set:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                out.add(id(body[0].value))
    return out


def literals(source: str):
    """``(line, text)`` of every string literal that is not a docstring."""
    tree = ast.parse(source)
    docs = _docstring_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.lineno, node.value


def hits(source: str, ids: dict, where: str) -> list[str]:
    return [f"{where}:{line}: {text!r} is {ids[text]}" for line, text in literals(source) if text in ids]


def _cell_source(cell) -> str:
    src = "".join(cell["source"])
    return "\n".join("pass" if re.match(r"\s*[%!]", line) else line for line in src.splitlines())


def test_the_demo_ids_are_read_from_the_demo_files():
    ids = demo_ids()
    kinds = set(ids.values())
    assert len(kinds) == 5, kinds
    assert len(ids) >= 20


def test_the_scan_finds_a_demo_id_written_as_a_literal():
    ids = demo_ids()
    feature = next(k for k, v in ids.items() if v == "a demo Kano feature")
    assert hits(f'focus = {feature!r}\n', ids, "x.py")
    assert not hits(f'def f():\n    """Example: {feature!r}."""\n', ids, "x.py")


def test_no_demo_id_in_package_code():
    ids = demo_ids()
    found = []
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ALLOWED or rel.startswith("sedamkit/datasets/"):
            continue
        found += hits(path.read_text(encoding="utf-8"), ids, rel)
    assert not found, "demo ids in package code:\n" + "\n".join(found)


@pytest.mark.parametrize("nb", sorted(p.name for p in (PKG / "notebooks").rglob("*.ipynb")))
def test_no_demo_id_in_notebook_code(nb):
    ids = demo_ids()
    path = next((PKG / "notebooks").rglob(nb))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for n, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            found += hits(_cell_source(cell), ids, f"{nb} cell {n}")
    assert not found, "demo ids in notebook code:\n" + "\n".join(found)
