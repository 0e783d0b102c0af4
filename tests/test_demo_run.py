"""The demo client end to end, as `make demo` runs it: every stage, the manifest, the report."""
import json
import re
import subprocess
import sys

import pytest

from sedamkit.stages import STAGES


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("demo-runs")
    r = subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "run", str(root / "datasets/demo"), "--out", str(out),
                        "-q"], capture_output=True, text=True, cwd=tmp_path_factory.mktemp("elsewhere"))
    assert r.returncode == 0, r.stderr[-3000:]
    run_dir = next((out / "demo").iterdir())
    assert f"Results are in {run_dir}" in r.stdout
    return run_dir


STAGE_IDS = [s.id for s in STAGES if s.runs]   # teaching-only notebooks (00, companion 07) are not run


def test_every_stage_ran_and_the_manifest_traces_it(demo_run, root):
    m = json.loads((demo_run / "run.json").read_text())
    assert m["status"] == "ok"
    assert [s["stage"] for s in m["stages"]] == STAGE_IDS
    assert all(s["status"] == "ok" and s["seconds"] > 0 for s in m["stages"])
    assert set(m["inputs"]) >= {"client.yaml", "plan.yaml", "data/cx_survey.csv"}
    import hashlib

    assert m["inputs"]["plan.yaml"] == hashlib.sha256((root / "datasets/demo/plan.yaml").read_bytes()).hexdigest()
    assert {"pandas", "papermill", "sedamkit", "python"} <= set(m["versions"])


@pytest.mark.parametrize("stage_id", STAGE_IDS)
def test_every_stage_wrote_its_result(demo_run, stage_id):
    doc = json.loads((demo_run / "results" / f"{stage_id}.json").read_text())
    assert doc["stage"] == stage_id and doc["client"] == "demo" and doc["data"]
    assert (demo_run / "notebooks" / f"{stage_id}.ipynb").is_file()


def test_results_chain_from_stage_to_stage(demo_run):
    r = {s: json.loads((demo_run / "results" / f"{s}.json").read_text())["data"] for s in STAGE_IDS}
    assert r["02_daap"]["readiness"]["blocking_gaps"] == r["01_necessity_feasibility"]["blocking_gaps"]
    assert r["03_application"]["plan_planned"] == r["02_daap"]["planned_approaches"]
    assert {k["kpi_id"] for k in r["05_evaluation"]["kpis"]} == {k["id"] for k in r["02_daap"]["kpis"]}
    assert all(r["05_evaluation"]["status_counts"][s] >= 1 for s in ("met", "on_track", "off_track", "not_measurable"))
    sources = {c["source"] for c in r["06_improvement"]["candidates"]}
    assert sources == set(STAGE_IDS[:5])


def test_report_has_a_summary_and_every_section(demo_run):
    html = (demo_run / "report.html").read_text()
    summary = html[html.index('id="summary"'):html.index("</section>", html.index('id="summary"'))]
    assert summary.count("class='decision'") == 1            # the decision, then one line per stage, then next steps
    assert summary.split("<ol>")[0].count("<li>") == len(STAGE_IDS) - 1 and "<ol>" in summary
    for sid in STAGE_IDS:
        assert f"id='{sid}'" in html, sid
    assert "<script" not in html.lower()
    assert not re.search(r"https?://", html)
    assert len(re.findall(r"<img [^>]*alt=\"[^\"]{20,}", html)) >= 10
    assert (demo_run / "exports" / "kpi_status.csv").is_file()


def test_new_plan_version_lands_in_the_run_not_the_client(demo_run, root):
    assert (demo_run / "plan" / "plan.v2.yaml").is_file()
    assert (demo_run / "plan" / "plan.yaml").read_bytes() == (root / "datasets/demo/plan.yaml").read_bytes()
    assert not list((root / "datasets/demo").glob("plan.v*.yaml"))


def test_the_demo_results_match_the_snapshot(demo_run, root):
    """The stage results (times and paths aside) equal tests/data/demo_results.json, taken before the
    package was reorganised into layers and stage packages. A deliberate change to a result updates
    the snapshot in the same commit (python tests/snapshot.py RUN_DIR writes it)."""
    import json as _json

    from snapshot import normalised_results

    want = _json.loads((root / "tests" / "data" / "demo_results.json").read_text())
    got = _json.loads(_json.dumps(normalised_results(demo_run, root / "datasets" / "demo")))
    assert sorted(got) == sorted(want)
    for stage in want:
        assert got[stage] == want[stage], f"the result of {stage} changed"


@pytest.mark.parametrize("stage_id", STAGE_IDS)
def test_every_figure_shows_as_an_image_in_the_executed_notebook(demo_run, stage_id):
    """A cell that ends with a figure has an image/png output; no figure is shown only as
    '<Figure size …>' text (as it is when figures are made without pyplot and no formatter is on)."""
    nb = json.loads((demo_run / "notebooks" / f"{stage_id}.ipynb").read_text())
    figure_cells = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        outs = cell.get("outputs", [])
        for o in outs:
            data = o.get("data", {})
            text = "".join(data.get("text/plain", ""))
            if text.startswith(("<Figure size", "<Axes:")):
                assert "image/png" in data, f"{stage_id}: a figure shown as text: {text[:60]}"
        last = "".join(cell["source"]).strip().splitlines()[-1:] or [""]
        if last[0].strip() in ("ax.figure", "fig", "display(ax.figure)"):
            figure_cells += 1
            assert any("image/png" in o.get("data", {}) for o in outs), f"{stage_id}: no image for {last[0]!r}"
    assert figure_cells >= 1


def test_a_saved_figure_is_shown_as_the_file_it_was_saved_to(demo_run):
    """A figure is drawn once: the image a notebook shows is the PNG in figures/ (drawing it a second time
    for the screen doubled a run's figure cost), shown at the notebook's usual size."""
    import base64

    nb = json.loads((demo_run / "notebooks" / "05_evaluation.ipynb").read_text())
    saved = (demo_run / "figures" / "05_kpi_dashboard.png").read_bytes()
    shown = [o for c in nb["cells"] if c["cell_type"] == "code" and 'save_figure(fig, "kpi_dashboard")' in "".join(c["source"])
             for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(shown) == 1
    assert base64.b64decode(shown[0]["data"]["image/png"]) == saved
    assert shown[0]["metadata"]["image/png"]["width"] < int.from_bytes(saved[16:20], "big")


def test_a_figure_changed_after_saving_is_drawn_again():
    import tempfile
    from pathlib import Path

    from sedamkit.methods.plots import figure_png, new_figure, save_figure

    fig = new_figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.plot([1, 2, 3])
    path = save_figure(ax, Path(tempfile.mkdtemp()), "x", formats=("png",))[0]
    assert figure_png(fig)[0] == path.read_bytes()
    ax.set_title("changed afterwards")
    fresh = figure_png(fig)
    assert isinstance(fresh, bytes) and fresh != path.read_bytes()
