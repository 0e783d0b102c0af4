"""A client unlike the demo: no application assessment, no customer data or journey, no mission-review
answers, French. The stages whose inputs are all missing are left out with the reason (console,
run.json, report), the others run, and the report says in one line what is missing and how to add it."""
import json
import re
import shutil
import subprocess
import sys
from html import unescape

import pytest


@pytest.fixture(scope="module")
def sparse_run(tmp_path_factory, root):
    base = tmp_path_factory.mktemp("sparse")
    client = base / "hopital"
    shutil.copytree(root / "datasets" / "demo", client)
    (client / "application.yaml").unlink()
    (client / "journey.yaml").unlink()
    shutil.rmtree(client / "answers" / "05_evaluation" / "mission")
    cfg = (client / "client.yaml").read_text()
    cfg = cfg.replace("id: demo", "id: hopital").replace("name: Northwind Home Services", "name: Hôpital du Lac")
    cfg = cfg.replace("language: en", "language: fr").replace("application: application.yaml\n", "")
    cfg = cfg.replace("journey: journey.yaml\n", "")
    cfg = re.sub(r"  kano_survey: .*\n  touchpoint_ratings: .*\n  cx_survey: .*\n", "", cfg)
    (client / "client.yaml").write_text(cfg)
    r = subprocess.run([sys.executable, "-m", "sedamkit", "run", str(client), "--out", str(base / "runs"), "-q",
                        "--no-pdf"], capture_output=True, text=True, cwd=base)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    return r, next((base / "runs" / "hopital").iterdir())


def test_stages_without_inputs_are_left_out_with_the_reason(sparse_run):
    r, run_dir = sparse_run
    assert "03_application skipped" in r.stdout and "04_customer_experience skipped" in r.stdout
    stages = {s["stage"]: s for s in json.loads((run_dir / "run.json").read_text())["stages"]}
    assert stages["03_application"]["status"] == "skipped" and "assessment" in stages["03_application"]["reason"]
    assert stages["04_customer_experience"]["status"] == "skipped"
    assert all(stages[s]["status"] == "ok" for s in ("01_necessity_feasibility", "02_daap", "05_evaluation",
                                                     "06_improvement"))
    assert not (run_dir / "results" / "03_application.json").exists()


def test_the_report_says_what_is_missing_in_french(sparse_run):
    _, run_dir = sparse_run
    text = unescape(re.sub(r"<[^>]+>", " ", (run_dir / "report.html").read_text()))
    assert "Hôpital du Lac" in text
    assert "laissée de côté" in text and "application" in text.lower()
    assert "pas encore revue" in text and "answers/05_evaluation/mission/" in text
    assert "Traceback" not in text and "None" not in text
