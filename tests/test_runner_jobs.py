"""Stages side by side in one client run (``run_client(jobs=2)``, ``sedam run --jobs 2``): a stage starts only
after every stage it reads has ended, a failure leaves out only what needs it, each executed notebook is
complete, and run.json lists the stages in stage order."""
import json

import nbformat
import pytest

from sedamkit import runner
from sedamkit.core.errors import SedamError


def _notebooks(tmp_path, root, broken=()):
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    for p in (root / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(p, as_version=4)
        if p.stem in broken:
            nb.cells.insert(4, nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')"))
        nbformat.write(nb, nbdir / p.name)
    return nbdir


def _executed_completely(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    return all(c.execution_count for c in code)


def test_two_jobs_follow_the_dependencies_and_a_failure_stops_only_what_needs_it(demo_copy, tmp_path,
                                                                                  monkeypatch, root):
    """02 fails: 05 needs it and is skipped with the reason; 01 (before it) and 04 (beside it) run to the
    end; 03 only uses 02, so it still runs, after 02 ended."""
    from sedamkit.stages import get

    nbdir = _notebooks(tmp_path, root, broken=("02_daap",))
    monkeypatch.setattr("sedamkit.core.paths.notebooks_dir", lambda: nbdir)
    lines = []
    stages = ["01", "02", "03", "04", "05"]
    with pytest.raises(runner.RunFailed) as ei:
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=stages, progress=False,
                          log=lines.append, jobs=2)
    err = ei.value
    assert err.codes == ["RUN001"] and "02_daap" in str(err) and "broken on purpose" in str(err)
    m = json.loads((err.run_dir / "run.json").read_text())
    assert [e["stage"] for e in m["stages"]] == ["01_necessity_feasibility", "02_daap", "03_application",
                                                 "04_customer_experience", "05_evaluation"]
    st = {e["stage"]: e for e in m["stages"]}
    assert m["status"] == "failed" and not (err.run_dir / "report.html").exists()
    assert st["02_daap"]["status"] == "failed" and st["02_daap"]["error"]["type"] == "RuntimeError"
    assert "02_daap" in get("05_evaluation").upstream
    assert st["05_evaluation"]["status"] == "skipped" and "02_daap" in st["05_evaluation"]["reason"]
    for sid in ("01_necessity_feasibility", "03_application", "04_customer_experience"):
        assert st[sid]["status"] == "ok", st[sid]
        assert _executed_completely(err.run_dir / st[sid]["notebook"]), sid
        assert (err.run_dir / "results" / f"{sid}.json").is_file()
    # a stage starts once what it reads has ended (timestamps are whole seconds: compare as text, ISO order)
    assert st["02_daap"]["started"] >= st["01_necessity_feasibility"]["finished"]
    assert st["03_application"]["started"] >= st["02_daap"]["finished"]
    # one line when a stage starts and one when it ends, for every stage that ran; the skip is said once
    for sid in ("01_necessity_feasibility", "02_daap", "03_application", "04_customer_experience"):
        assert lines.count(f"→ {sid}") == 1
        assert sum(ln.startswith(("✓ " + sid, "✗ " + sid)) for ln in lines) == 1
    assert any(ln.startswith("✗ 02_daap") for ln in lines)
    assert sum(ln.startswith("– 05_evaluation skipped") for ln in lines) == 1
    assert lines.index("→ 04_customer_experience") < lines.index("→ 02_daap")   # beside 01, not after it


def test_two_jobs_give_the_results_one_job_gives(demo_copy, tmp_path):
    """The same stage results (their data), whichever way the stages were run."""
    stages = ["01", "02", "04"]
    runs = {j: runner.run_client(demo_copy, runs_root=tmp_path / f"runs{j}", stages=stages, progress=False,
                                 log=None, report=False, jobs=j) for j in (1, 2)}
    for sid in ("01_necessity_feasibility", "02_daap", "04_customer_experience"):
        a, b = (json.loads((runs[j] / "results" / f"{sid}.json").read_text())["data"] for j in (1, 2))
        assert a == b, sid
    m = json.loads((runs[2] / "run.json").read_text())
    assert m["status"] == "ok" and [e["status"] for e in m["stages"]] == ["ok"] * 3


def test_jobs_must_be_a_whole_number_from_one(demo_copy, tmp_path):
    for bad in (0, -1, 1.5, "2"):
        with pytest.raises(SedamError) as ei:
            runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01"], progress=False, log=None,
                              jobs=bad)
        assert ei.value.codes == ["PRF001"]
    assert not (tmp_path / "runs").exists()


def test_the_command_line_takes_jobs(demo_copy, tmp_path, monkeypatch, capsys):
    from sedamkit.delivery import cli

    seen = {}

    def fake_run_client(client, **kw):
        seen.update(kw)
        raise SedamError([], "stop here")

    monkeypatch.setattr(runner, "run_client", fake_run_client)
    cli.main(["run", str(demo_copy), "--jobs", "2", "--out", str(tmp_path / "runs")])
    assert seen["jobs"] == 2
    cli.main(["run", str(demo_copy), "--out", str(tmp_path / "runs")])
    assert seen["jobs"] == runner.DEFAULT_JOBS
