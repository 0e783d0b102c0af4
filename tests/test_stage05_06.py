"""Stages 05 and 06 end to end: papermill runs of the whole cycle on a copy of the demo client."""
import hashlib
import json

import pytest

from sedamkit.core.errors import SedamError
from sedamkit.delivery.runner import RunFailed, run_client, stages_for

pytestmark = pytest.mark.notebook


def _tree_hash(folder):
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    import shutil

    from conftest import ROOT

    base = tmp_path_factory.mktemp("cycle")
    client = base / "demo"
    shutil.copytree(ROOT / "datasets" / "demo", client)
    before = _tree_hash(client)
    run_dir = run_client(client, runs_root=base / "runs", progress=False, log=None, pdf=False)
    return client, before, run_dir


def _result(run_dir, stage):
    return json.loads((run_dir / "results" / f"{stage}.json").read_text())["data"]


def test_every_stage_ran(run):
    client, _, run_dir = run
    manifest = json.loads((run_dir / "run.json").read_text())
    assert manifest["status"] == "ok"
    ran = [s["stage"] for s in manifest["stages"]]
    assert ran == stages_for({"stages": "all"}) and ran[-2:] == ["05_evaluation", "06_improvement"]


def test_stage05_shows_every_status(run):
    _, _, run_dir = run
    r = _result(run_dir, "05_evaluation")
    assert {k["status"] for k in r["kpis"]} == {"met", "on_track", "off_track", "not_measurable"}
    assert r["not_measurable"] == ["K9"] and r["poorly_rated"]
    assert r["mission"]["verdict"] == "revise" and len(r["mission"]["respondents"]) == 3
    assert r["lagging_regions"][0]["region"] == "South"
    figures = {p.name for p in (run_dir / "figures").glob("05_*.png")}
    assert figures == {"05_kpi_dashboard.png", "05_regions.png", "05_approach_ratings.png"}


def test_stage06_reads_every_earlier_result(run):
    _, _, run_dir = run
    r = _result(run_dir, "06_improvement")
    have = [s for s in ("01_necessity_feasibility", "02_daap", "03_application", "04_customer_experience",
                        "05_evaluation") if (run_dir / "results" / f"{s}.json").is_file()]
    assert set(r["by_source"]) == set(have)
    assert r["notes"] == []                                            # nothing computed on the fly in a full run
    assert r["n_scored"] == r["n_candidates"]                          # the demo scores every candidate
    assert r["quick_wins"] and r["candidates"][0]["quadrant"] == "quick_win"
    assert set(r["by_heading"]) == {"optimize_daap", "customer_centric", "internal_system", "business_model"}
    assert "## What changes next" in r["summary"]
    assert (run_dir / "06_cycle_summary.md").read_text() == r["summary"]


def test_new_plan_version_in_the_run_and_client_untouched(run):
    client, before, run_dir = run
    r = _result(run_dir, "06_improvement")
    assert r["plan"]["new"] == str(run_dir / "plan" / "plan.v2.yaml")
    assert (run_dir / "plan" / "plan.yaml").read_bytes() == (client / "plan.yaml").read_bytes()
    from sedamkit.stages.daap.api import load_plan

    assert load_plan(run_dir / "plan" / "plan.v2.yaml")["version"] == 2
    assert _tree_hash(client) == before                                # a run never writes the client folder


def test_batch_without_the_plan_result_is_res001(tmp_path, demo_copy):
    with pytest.raises(RunFailed) as e:
        run_client(demo_copy, runs_root=tmp_path / "runs", stages=["05_evaluation"], progress=False, log=None, pdf=False)
    assert e.value.codes == ["RUN001"]
    manifest = json.loads((e.value.run_dir / "run.json").read_text())
    assert "RES001" in manifest["stages"][-1]["error"]["message"]     # run stage 02 first
    assert "[RES001]" in str(e.value)        # the console names the coded problem, not "1 problem found:"


def test_validation_fails_fast_on_bad_stage05_answers(tmp_path, demo_copy):
    (demo_copy / "answers" / "05_evaluation" / "stray.json").write_text("{}")
    with pytest.raises(SedamError) as e:
        run_client(demo_copy, runs_root=tmp_path / "runs", progress=False, log=None, pdf=False)
    assert "EVAL003" in e.value.codes
    assert not (tmp_path / "runs").exists()                             # nothing started, nothing written


def test_stage05_tests_period_changes_and_stage06_checks_last_cycle(run):
    """The tested changes and the last cycle's verdicts reach the results, the notebooks show them, and the
    next cycle's actions file is written in the run folder (never in the client folder)."""
    import nbformat
    import yaml

    client, _, run_dir = run
    r5 = _result(run_dir, "05_evaluation")
    assert {t["kpi_id"] for t in r5["period_tests"]} == {"K1", "K2", "K3", "K4", "K5", "K6", "K7"}  # K8 cost: a ratio of totals; K9: no data
    r6 = _result(run_dir, "06_improvement")
    assert [x["verdict"] for x in r6["last_cycle"]] == ["worked", "not_yet", "not_yet", "worked", "no_data"]
    assert r6["last_cycle_note"] == ""
    nb = nbformat.read(run_dir / "notebooks" / "06_improvement.ipynb", 4)
    shown = "".join(str(o.get("data", {}).get("text/plain", "")) for c in nb.cells if c.cell_type == "code"
                    for o in c.outputs)
    assert "Call back every customer" in shown and "not yet" in shown
    nxt = yaml.safe_load((run_dir / "next_cycle_actions.yaml").read_text(encoding="utf-8"))
    assert nxt["actions"] and all(a["target_kpi"].startswith("K") for a in nxt["actions"])
    assert not (client / "next_cycle_actions.yaml").exists()


def test_stage06_without_previous_actions_says_so_in_one_line(run, tmp_path):
    import shutil

    import nbformat

    client, _, run_dir = run
    other = tmp_path / "demo"
    shutil.copytree(client, other)
    (other / "previous_actions.yaml").unlink()
    new = run_client(other, runs_root=tmp_path / "runs", stages=["06_improvement"], progress=False, log=None,
                     pdf=False, report=False, from_run=run_dir)
    r6 = _result(new, "06_improvement")
    assert r6["last_cycle"] == [] and r6["last_cycle_note"].startswith("No previous cycle recorded")
    nb = nbformat.read(new / "notebooks" / "06_improvement.ipynb", 4)
    shown = "".join(str(o.get("data", {}).get("text/markdown", "")) for c in nb.cells if c.cell_type == "code"
                    for o in c.outputs)
    assert "No previous cycle recorded" in shown
