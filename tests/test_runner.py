"""Running a client's stages with papermill: results, manifest, failures kept, bad input refused."""
import json

import nbformat
import pytest

from sedamkit import runner
from sedamkit.core.errors import SedamError


@pytest.fixture(scope="module")
def stage01_run(tmp_path_factory):
    import shutil

    from conftest import ROOT

    base = tmp_path_factory.mktemp("run01")
    client = base / "demo"
    shutil.copytree(ROOT / "datasets/demo", client)
    run_dir = runner.run_client(client, runs_root=base / "runs", stages=["01_necessity_feasibility"], progress=False,
                                log=None)
    return client, run_dir


def test_stage01_result_from_a_papermill_run(stage01_run):
    _, run_dir = stage01_run
    doc = json.loads((run_dir / "results/01_necessity_feasibility.json").read_text())
    data = doc["data"]
    assert doc["stage"] == "01_necessity_feasibility" and doc["client"] == "demo"
    assert data["decision"] == "prepare_first"
    assert data["respondents"] == ["ceo", "cfo", "it_lead", "ops_lead"]
    assert "security_privacy" in data["blocking_gaps"] and len(data["weakest"]) == 3
    assert {a["area"] for a in data["areas"] if not a["consensus"]} == set(data["no_consensus"]) != set()
    assert (run_dir / "figures/01_readiness_radar.png").stat().st_size > 10_000
    assert not (run_dir / "figures/01_readiness_radar.svg").exists()  # SVG only on request


def test_manifest_traces_the_run(stage01_run):
    client, run_dir = stage01_run
    m = json.loads((run_dir / "run.json").read_text())
    assert m["status"] == "ok" and m["client"] == "demo"
    assert m["parameters"]["interactive"] is False
    assert m["stages"][0]["stage"] == "01_necessity_feasibility" and m["stages"][0]["status"] == "ok"
    assert m["stages"][0]["seconds"] > 0
    assert "answers/01_necessity_feasibility/ceo.json" in m["inputs"]
    assert m["versions"]["papermill"] and m["started"] <= m["finished"]


def test_executed_notebook_ran_in_batch_mode_and_checks_passed(stage01_run):
    _, run_dir = stage01_run
    nb = nbformat.read(run_dir / "notebooks/01_necessity_feasibility.ipynb", as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    assert html.count("✔ Correct") == 2  # the model answers pass their checks
    assert "injected-parameters" in {t for c in nb.cells for t in c.metadata.get("tags", [])}


def test_demo_answers_are_untouched_by_runs(stage01_run, root):
    client, _ = stage01_run
    for f in (root / "datasets/demo/answers/01_necessity_feasibility").glob("*.json"):
        assert (client / "answers/01_necessity_feasibility" / f.name).read_bytes() == f.read_bytes()


def test_misspelled_parameter_is_refused_before_anything_runs(demo_copy, tmp_path):
    with pytest.raises(SedamError) as ei:
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01"], extra_parameters={"languag": "en"},
                          log=None)
    assert ei.value.codes == ["PARAM001"] and "language" in ei.value.problems[0].fix
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("edit, code", [
    (lambda c: (c / "client.yaml").write_text((c / "client.yaml").read_text().replace("language: en", "langauge: en")), "CFG002"),
    (lambda c: (c / "client.yaml").write_text((c / "client.yaml").read_text().replace("stages: all", "stages: [01_necessity, 02_daap]")), "CFG003"),
    (lambda c: (c / "answers/01_necessity_feasibility/cfo.json").write_text(
        (c / "answers/01_necessity_feasibility/cfo.json").read_text().replace('"version": 2', '"version": 0')), "ANS004"),
    (lambda c: (c / "answers/01_necessity_feasibility/cfo.json").write_text("{oops"), "ANS001"),
])
def test_bad_inputs_fail_validation_and_write_nothing(demo_copy, tmp_path, edit, code):
    edit(demo_copy)
    with pytest.raises(SedamError) as ei:
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", log=None)
    assert code in ei.value.codes
    assert not (tmp_path / "runs").exists()


def test_a_failing_stage_stops_the_run_and_keeps_the_notebook(demo_copy, tmp_path, monkeypatch, root):
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    nb = nbformat.read(root / "notebooks/01_necessity_feasibility.ipynb", as_version=4)
    nb.cells.insert(5, nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')"))
    nbformat.write(nb, nbdir / "01_necessity_feasibility.ipynb")
    monkeypatch.setattr("sedamkit.core.paths.notebooks_dir", lambda: nbdir)
    with pytest.raises(runner.RunFailed) as ei:
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01"], progress=False, log=None)
    err = ei.value
    assert err.codes == ["RUN001"] and "01_necessity_feasibility" in str(err) and "broken on purpose" in str(err)
    m = json.loads((err.run_dir / "run.json").read_text())
    assert m["status"] == "failed" and m["stages"][0]["error"]["type"] == "RuntimeError"
    assert (err.run_dir / "notebooks/01_necessity_feasibility.ipynb").is_file()


def test_runs_never_overwrite_each_other(tmp_path):
    a = runner._new_run_dir(tmp_path, "x")
    b = runner._new_run_dir(tmp_path, "x")
    assert a != b and a.is_dir() and b.is_dir()


def test_stages_share_one_kernel_but_not_their_variables(demo_copy, tmp_path, monkeypatch, root):
    """Stage 02 runs in the kernel stage 01 used (imports paid once) but sees none of its variables,
    and its cells are numbered from 1 as in a kernel of its own."""
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    for name in ("01_necessity_feasibility", "02_daap"):
        nb = nbformat.read(root / f"notebooks/{name}.ipynb", as_version=4)
        if name.startswith("01"):
            nb.cells.append(nbformat.v4.new_code_cell("leftover_from_01 = os.getpid() if 'os' in dir() else "
                                                      "__import__('os').getpid()"))
        else:
            nb.cells.insert(2, nbformat.v4.new_code_cell(
                "import os\nassert 'leftover_from_01' not in globals(), 'namespace not cleared'\n"
                "print('pid', os.getpid(), 'cwd', os.getcwd())\n"
                "print('history', get_ipython().history_manager.enabled)"))
        nbformat.write(nb, nbdir / f"{name}.ipynb")
    monkeypatch.setattr("sedamkit.core.paths.notebooks_dir", lambda: nbdir)
    run_dir = runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01", "02"], progress=False,
                                log=None, report=False)
    nb1 = nbformat.read(run_dir / "notebooks/01_necessity_feasibility.ipynb", as_version=4)
    nb2 = nbformat.read(run_dir / "notebooks/02_daap.ipynb", as_version=4)
    counts = [c.execution_count for c in nb2.cells if c.cell_type == "code" and c.execution_count]
    assert counts[0] == 1 and counts == sorted(counts)
    printed = "".join(o.get("text", "") for c in nb2.cells if c.cell_type == "code" for o in c.outputs)
    assert f"cwd {run_dir}" in printed
    assert any("image/png" in o.get("data", {}) for c in nb1.cells if c.cell_type == "code" for o in c.outputs)
    # the restarted cell numbers must not make IPython's history print an error into the notebooks
    # ("Session/line number was not unique in database"): the runner's kernels keep no history
    assert "history False" in printed
    errors = [o.get("text", "") for c in nb2.cells if c.cell_type == "code" for o in c.outputs
              if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert not [e for e in errors if "ERROR" in e or "History" in e], errors


def test_a_failing_stage_stops_only_the_stages_that_need_it(demo_copy, tmp_path, monkeypatch, root):
    """Stage 02 fails; stage 03 needs it and is skipped with the reason; stage 01, before it, is kept."""
    from sedamkit.stages import get

    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    for name in ("01_necessity_feasibility", "02_daap", "03_application"):
        nb = nbformat.read(root / f"notebooks/{name}.ipynb", as_version=4)
        if name.startswith("02"):
            nb.cells.insert(4, nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')"))
        nbformat.write(nb, nbdir / f"{name}.ipynb")
    monkeypatch.setattr("sedamkit.core.paths.notebooks_dir", lambda: nbdir)
    with pytest.raises(runner.RunFailed) as ei:
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01", "02", "03"], progress=False,
                          log=None)
    m = json.loads((ei.value.run_dir / "run.json").read_text())
    status = {e["stage"]: e for e in m["stages"]}
    assert status["01_necessity_feasibility"]["status"] == "ok"
    assert status["02_daap"]["status"] == "failed"
    if "02_daap" in get("03_application").upstream:
        assert status["03_application"]["status"] == "skipped"
        assert "02_daap" in status["03_application"]["reason"]
    else:
        assert status["03_application"]["status"] == "ok"
    assert not (ei.value.run_dir / "report.html").exists()


def test_figures_in_the_formats_asked_for(demo_copy, tmp_path):
    """PNG by default (the report reads it); SVG too when the client or the command line asks; an unknown
    format is CFG012 before anything runs."""
    run = runner.run_client(demo_copy, runs_root=tmp_path / "a", stages=["01"], progress=False, log=None, pdf=False,
                            report=False)
    assert list((run / "figures").glob("*.svg")) == [] and list((run / "figures").glob("*.png"))
    run = runner.run_client(demo_copy, runs_root=tmp_path / "b", stages=["01"], progress=False, log=None, pdf=False,
                            report=False, figures="png,svg")
    pngs = sorted(p.stem for p in (run / "figures").glob("*.png"))
    assert pngs and sorted(p.stem for p in (run / "figures").glob("*.svg")) == pngs
    assert json.loads((run / "run.json").read_text())["figure_formats"] == ["png", "svg"]
    with open(demo_copy / "client.yaml", "a", encoding="utf-8") as fh:
        fh.write("figures: [png, svg, gif]\n")
    with pytest.raises(SedamError) as ei:
        runner.validate_client(demo_copy)
    assert ei.value.codes == ["CFG012"]
    with pytest.raises(SedamError) as ei:
        runner.run_client(demo_copy, runs_root=tmp_path / "c", stages=["01"], progress=False, log=None, figures="tiff")
    assert "CFG012" in ei.value.codes and not (tmp_path / "c").exists()
