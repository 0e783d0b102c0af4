"""Notebooks as files: committed without outputs, python3 kernel, the same skeleton everywhere."""
import json

import nbformat
import pytest

from sedamkit.core.params import PARAMETERS

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_there_are_notebooks():
    assert {p.stem for p in NOTEBOOKS} >= {"00_start_here", "01_necessity_feasibility"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them before committing"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_skeleton(path):
    import papermill

    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    # papermill silently skips lines it cannot parse; every parameter must be seen by it
    assert set(papermill.inspect_notebook(str(path))) == set(PARAMETERS)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "import sedamkit as sk" in code and "import *" not in code and "!pip" not in code
    first = nb.cells[0].source
    assert first.startswith("# ") and "Time:" in first and "clause" in first.lower()
    assert "Key points" in nb.cells[-1].source
    meta = nb.metadata["sedam"]
    assert meta["stage"] == path.stem and meta["teach_minutes"] > 0


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if not p.stem.startswith(("00", "90"))], ids=lambda p: p.stem)
def test_every_exercise_has_a_solution_and_a_check(path):
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    solutions = [i for i, c in enumerate(cells) if "solution" in c.metadata.get("tags", [])]
    assert len(solutions) >= 2, "at least two exercises per stage notebook"
    for i in solutions:
        after = cells[i + 1]
        assert after.cell_type == "code" and "sk.exercises.check" in after.source, \
            f"cell {i + 1} after the solution must be its check"
        before = cells[i - 1]
        assert before.cell_type == "code" and "None" in before.source, "the learner's cell precedes the solution"
