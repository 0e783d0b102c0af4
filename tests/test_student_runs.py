"""`sedam run` inside a student edition: the executed notebooks in runs/ are the student form of the
stages (no model answer, no trainer note), so a learner who runs the demo there is not handed the
solutions through runs/."""
from __future__ import annotations

import json
import shutil

import nbformat

from sedamkit import editions
from sedamkit.delivery import runner


def _solutions_in(nb_path) -> list[str]:
    nb = nbformat.read(nb_path, as_version=4)
    return [c.source for c in nb.cells if {"solution", "trainer"} & set(c.metadata.get("tags", []))]


def test_runs_in_a_student_edition_carry_no_model_answers(tmp_path, monkeypatch, root):
    edition = tmp_path / "laptop" / "student"
    editions.build_edition("student", edition)
    client = edition / "datasets" / "demo"
    if not client.is_dir():                      # the edition ships the demo client for the notebooks
        shutil.copytree(root / "datasets" / "demo", client)
    monkeypatch.chdir(edition)
    monkeypatch.delenv("SEDAM_HOME", raising=False)
    run = runner.run_client(client, runs_root=edition / "runs", stages=["01"], progress=False, log=None,
                            report=False, pdf=False)
    executed = run / "notebooks" / "01_necessity_feasibility.ipynb"
    source = nbformat.read(root / "notebooks" / "01_necessity_feasibility.ipynb", as_version=4)
    assert [c for c in source.cells if "solution" in c.metadata.get("tags", [])], "the source has model answers"
    assert _solutions_in(executed) == []
    answers = [line.strip() for c in source.cells if "solution" in c.metadata.get("tags", [])
               for line in c.source.splitlines() if len(line.strip()) > 20 and not line.strip().startswith("#")]
    text = executed.read_text(encoding="utf-8")
    assert not [a for a in answers if json.dumps(a)[1:-1] in text]
    assert json.loads((run / "run.json").read_text())["edition"] == "student"
    assert (run / "results").is_dir() and any((run / "results").iterdir())   # the stage still computes its result


def test_runs_outside_an_edition_use_the_kit_notebooks(tmp_path, demo_copy):
    run = runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01"], progress=False, log=None,
                            report=False, pdf=False)
    assert json.loads((run / "run.json").read_text()).get("edition") is None
