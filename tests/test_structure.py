"""The package's shape: layers that imports only go down, no private names across modules, one
registry of stages and one of error codes."""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "sedamkit"
LAYERS = {"core": 0, "methods": 1, "stages": 2, "ui": 3, "delivery": 4}


def _modules():
    for p in sorted(PKG.rglob("*.py")):
        rel = p.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        yield p, ".".join(parts), is_pkg


def _imports(path, modname, is_pkg):
    """(imported module, imported names, line) for every import in a module, absolute."""
    tree = ast.parse(path.read_text(), str(path))
    base = modname.split(".") if is_pkg else modname.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base[: len(base) - node.level + 1]
                mod = ".".join(parent + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            names = [a.name for a in node.names]
            if node.module is None:  # from . import x  → modules x
                for n in names:
                    yield f"{mod}.{n}", [], node.lineno
            else:
                yield mod, names, node.lineno
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, [], node.lineno


def _layer(modname):
    parts = modname.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 and parts[0] == "sedamkit" else None


def test_imports_only_point_down_the_layers():
    bad = []
    for path, mod, is_pkg in _modules():
        mine = _layer(mod)
        if mine is None:
            continue
        for target, _, line in _imports(path, mod, is_pkg):
            theirs = _layer(target)
            if theirs is not None and theirs > mine:
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not bad, "imports pointing up the layers:\n" + "\n".join(bad)


def test_stage_definitions_refer_only_down_or_across():
    from sedamkit.core.stagedef import StageDef
    from sedamkit.stages import STAGES

    fields = [f for f in StageDef.__dataclass_fields__ if f in
              ("report", "candidates", "compute", "validate", "exercise_module")]
    for st in STAGES:
        refs = [getattr(st, f) for f in fields] + [x for i in st.inputs for x in (i.validate, i.load)]
        for r in refs:
            if isinstance(r, str):
                assert _layer("sedamkit." + r.split(":")[0]) <= LAYERS["stages"], (st.id, r)


def test_no_module_imports_another_modules_private_names():
    bad = []
    for path, mod, is_pkg in _modules():
        for target, names, line in _imports(path, mod, is_pkg):
            if not target.startswith("sedamkit"):
                continue
            for n in names:
                if n.startswith("_") and not n.startswith("__"):
                    bad.append(f"{path.relative_to(ROOT)}:{line} imports {target}.{n}")
            last = target.split(".")[-1]
            if last.startswith("_") and last not in ("__init__", "__main__", "__version__"):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports private module {target}")
    assert not bad, "private names imported across modules:\n" + "\n".join(bad)


def _module_aliases(tree, modname, is_pkg):
    """Local names bound to sedamkit modules (``from ..methods import catalogue as _c``)."""
    base = modname.split(".") if is_pkg else modname.split(".")[:-1]
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            parent = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
            for a in node.names:
                full = f"{parent}.{a.name}"
                if (ROOT / Path(*full.split("."))).with_suffix(".py").is_file() or (ROOT / Path(*full.split("."))).is_dir():
                    out[a.asname or a.name] = full
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("sedamkit.") and a.asname:
                    out[a.asname] = a.name
    return out


def test_no_module_reaches_into_another_modules_private_names():
    bad = []
    for path, mod, is_pkg in _modules():
        tree = ast.parse(path.read_text(), str(path))
        aliases = _module_aliases(tree, mod, is_pkg)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    assert not bad, "private names of other modules used:\n" + "\n".join(bad)


def test_every_stage_is_one_package_with_a_definition():
    from sedamkit.core.paths import notebooks_dir
    from sedamkit.core.stagedef import ref
    from sedamkit.stages import STAGES, get
    from sedamkit.stages.exercises import load_all

    assert [s.number for s in STAGES] == sorted(s.number for s in STAGES)
    for s in STAGES:
        assert (notebooks_dir() / s.notebook).is_file(), s.id
        assert get(s.id) is s and get(str(s.number)) is s
        for name in ("report", "compute", "validate", "candidates"):
            if getattr(s, name):
                assert callable(ref(getattr(s, name))), (s.id, name)
        for ex in s.exercises:
            assert ex in load_all(), (s.id, ex)
    # the stage ids are written as a list nowhere else: the registry is the one place
    for p in PKG.rglob("*.py"):
        hits = re.findall(r"[(\[]\s*\"01_necessity_feasibility\",\s*\"02_daap\",\s*\"03_application\"", p.read_text())
        assert not hits, f"{p} lists the stages itself: use sedamkit.stages.STAGES"


def _used_codes():
    used = {}
    for p in list(PKG.rglob("*.py")) + list((PKG / "data" / "schemas").glob("*.json")):
        # doctest lines show made-up codes on purpose; they raise nothing
        text = "\n".join(line for line in p.read_text().splitlines()
                         if not line.lstrip().startswith((">>>", "...", "[")))
        for c in re.findall(r'"([A-Z]{2,5}\d{3})"', text):
            used.setdefault(c, p)
    return used


def test_every_code_used_is_in_the_registry_and_every_registered_code_is_used():
    from sedamkit.core.codes import CODES

    used = _used_codes()
    assert not sorted(set(used) - set(CODES)), "codes missing from sedamkit/data/error_codes.yaml"
    assert not sorted(set(CODES) - set(used)), "codes in the registry that nothing raises"
    assert all(isinstance(v, str) and v.strip() for v in CODES.values())


def test_each_prefix_has_one_meaning_and_the_docs_page_is_current():
    from sedamkit.core.codes import CODES, PREFIXES, markdown

    assert {c.rstrip("0123456789") for c in CODES} <= set(PREFIXES)
    # the web app and the application assessment no longer share APP codes
    app_src = (PKG / "ui" / "app.py").read_text()
    assert not re.search(r'"APP\d{3}"', app_src)
    assert (ROOT / "docs" / "error-codes.md").read_text() == markdown(), \
        "docs/error-codes.md is stale: write sedamkit.core.codes.markdown() to it"


@pytest.mark.parametrize("name", ["errors", "stages", "plan", "kano", "report", "open_stage"])
def test_the_public_surface_resolves(name):
    import sedamkit as sk

    assert getattr(sk, name) is not None


def test_each_notebook_header_matches_its_stage_definition():
    import json

    from sedamkit.core.paths import notebooks_dir
    from sedamkit.stages import STAGES

    for s in STAGES:
        meta = json.loads((notebooks_dir() / s.notebook).read_text())["metadata"].get("sedam", {})
        assert list(meta.get("exercises") or []) == list(s.exercises), s.id


def test_the_public_surface_page_is_current():
    from sedamkit.delivery.apidoc import markdown

    assert (ROOT / "docs" / "api.md").read_text() == markdown(), \
        "docs/api.md is stale: python -m sedamkit.delivery.apidoc > docs/api.md"
