"""A client unlike the demo: no application assessment, no customer data or journey, no mission-review
answers, French. The stages whose inputs are all missing are left out with the reason (console,
run.json, report), the others run, and the report says in one line what is missing and how to add it."""
import json
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

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
    assert "Application aux neuf éléments : absente de cette exécution" in text.replace("\xa0", " ")
    assert "La mission n'a pas encore été revue" in text
    assert "Traceback" not in text and "None" not in text


# ------------------------------------------------------------------ stage 04 with part of its inputs
ROOT = Path(__file__).resolve().parents[1]
#: How each variant of the demo client is made: the client.yaml lines and files it loses.
STAGE04_VARIANTS = {
    "no_kano": (("  kano_survey: data/kano_survey.csv\n",), ("data/kano_survey.csv",)),
    "no_journey": (("journey: journey.yaml\n",), ("journey.yaml",)),
    "no_kano_no_journey": (("  kano_survey: data/kano_survey.csv\n", "journey: journey.yaml\n"),
                           ("data/kano_survey.csv", "journey.yaml")),
}


def _variant(base, name, *, client_id=None):
    """A copy of the demo client without the inputs of variant ``name``."""
    lines, files = STAGE04_VARIANTS[name]
    client = base / name
    shutil.copytree(ROOT / "datasets" / "demo", client)
    cfg = (client / "client.yaml").read_text()
    for line in lines:
        assert line in cfg
        cfg = cfg.replace(line, "")
    cfg = cfg.replace("id: demo", f"id: {client_id or name.replace('_', '-')}")
    (client / "client.yaml").write_text(cfg)
    for f in files:
        (client / f).unlink()
    return client



@pytest.mark.parametrize("name, parts", [("no_kano", {"kano"}), ("no_journey", {"journey", "ratings"}),
                                         ("no_kano_no_journey", {"kano", "journey", "ratings"})])
def test_stage_04_loads_what_the_client_has_and_says_what_is_missing(tmp_path, name, parts):
    from sedamkit.stages.customer_experience import api

    inp = api.load_inputs(_variant(tmp_path, name))
    assert set(inp.skipped) == parts
    assert [p for p in api.PARTS if inp.has(p)] == [p for p in api.PARTS if p not in parts]
    if "kano" in parts:
        assert inp.categories is None and inp.kano_survey is None
        assert inp.skipped["kano"].startswith("no Kano survey") and "kano_survey" in inp.skipped["kano"]
    if "journey" in parts:
        assert inp.journey is None and inp.ratings is None
        assert "journey.yaml" in inp.skipped["journey"] and "journey" in inp.skipped["ratings"]
    assert str(inp.note("metrics")) == "" and str(inp.note(sorted(parts)[0]))
    r = api.stage_result(inp)
    assert r["skipped"] == inp.skipped
    assert r["metrics"]["overall"]["nps"]["n"] > 0                            # the customer survey still counts
    if "kano" in parts:
        assert r["kano"] == [] and r["must_be_weak"] == [] and r["ipa"] is None
    else:
        assert r["kano"] and all(p["performance"] is None for p in r["kano_performance"])
    if "journey" in parts:
        assert r["journey"] is None and r["pain_points"] == r["moments_at_risk"] == r["privacy_gaps"] == []
    else:
        assert r["pain_points"] and r["privacy_gaps"]
    assert r["findings"] and not any("None" in f or "nan" in f for f in r["findings"])
    api.idea_pipeline(inp)                                                     # no error, maybe no idea


def test_ratings_without_a_journey_are_left_out_with_the_reason(tmp_path):
    from sedamkit.stages.customer_experience import api

    inp = api.load_inputs(_variant(tmp_path, "no_journey"))
    assert inp.skipped["ratings"].startswith("touchpoint ratings not used") and inp.ratings is None


def test_a_named_part_that_is_missing_is_an_error_not_a_skip(tmp_path):
    from sedamkit.core.errors import SedamError
    from sedamkit.stages.customer_experience import api

    client = _variant(tmp_path, "no_kano")
    (client / "journey.yaml").unlink()                                           # client.yaml still names it
    with pytest.raises(SedamError) as e:
        api.load_inputs(client)
    assert e.value.codes == ["CFG004"] and "journey" in str(e.value)
    with pytest.raises(SedamError) as e:
        api.load_inputs(ROOT / "datasets" / "demo").has("kanoo")
    assert e.value.codes == ["CX003"]


def test_skip_reasons_are_in_french_for_a_french_client(tmp_path):
    from sedamkit.stages.customer_experience import api

    client = _variant(tmp_path, "no_kano_no_journey")
    cfg = (client / "client.yaml").read_text().replace("language: en", "language: fr")
    (client / "client.yaml").write_text(cfg)
    inp = api.load_inputs(client)
    assert inp.skipped["kano"].startswith("pas d'enquête de Kano") and "parcours" in inp.skipped["journey"]


def test_the_design_project_works_on_the_demo_data_when_the_client_lacks_it(tmp_path):
    from sedamkit.stages.customer_experience import api
    from sedamkit.stages.design_project import api as dp

    inp, note = api.worked_example_inputs(_variant(tmp_path, "no_kano_no_journey"))
    assert not inp.skipped and "Kano" in note and "demo" in note
    assert dp.design_challenge(inp)["hmw"]
    inp, note = api.worked_example_inputs(ROOT / "datasets" / "demo")
    assert str(note) == ""


@pytest.fixture(scope="module")
def stage04_runs(tmp_path_factory):
    """Stage 04 alone, run by the command line for each variant of the demo client."""
    base = tmp_path_factory.mktemp("stage04")
    done = {}
    for name in STAGE04_VARIANTS:
        client = _variant(base, name)
        r = subprocess.run([sys.executable, "-m", "sedamkit", "run", str(client), "--out", str(base / "runs"), "-q",
                            "--no-pdf", "--stages", "04_customer_experience"], capture_output=True, text=True, cwd=base)
        assert r.returncode == 0, (name, r.stdout[-2000:], r.stderr[-3000:])
        done[name] = next((base / "runs" / name.replace("_", "-")).iterdir())
    return done


@pytest.mark.notebook
@pytest.mark.parametrize("name", list(STAGE04_VARIANTS))
def test_stage_04_runs_without_kano_or_journey_and_the_report_says_what_is_missing(stage04_runs, name):
    run_dir = stage04_runs[name]
    stages = {s["stage"]: s for s in json.loads((run_dir / "run.json").read_text())["stages"]}
    assert stages["04_customer_experience"]["status"] == "ok"
    data = json.loads((run_dir / "results" / "04_customer_experience.json").read_text())["data"]
    figures = {p.stem for p in (run_dir / "figures").glob("*.png")}
    assert "04_nps_trend" in figures
    assert ("04_kano_better_worse" in figures) == ("kano" not in data["skipped"])
    assert ("04_emotion_curve" in figures) == ("ratings" not in data["skipped"])
    text = unescape(re.sub(r"<[^>]+>", " ", (run_dir / "report.html").read_text()))
    from sedamkit.core.i18n import t

    for part in data["skipped"]:  # one line says what is missing, in plain words
        assert t(f"rpt.cx_missing.{part}", "en") in text or t(f"rpt.cx_part.{part}", "en") in text
    assert "Traceback" not in text
    nb = json.loads((run_dir / "notebooks" / "04_customer_experience.ipynb").read_text())
    shown = "".join("".join(o.get("data", {}).get("text/markdown", "")) for c in nb["cells"] if c["cell_type"] == "code"
                    for o in c.get("outputs", []))
    assert "no Kano survey" in shown if "kano" in data["skipped"] else "no Kano survey" not in shown
    assert ("no journey" in shown) == ("journey" in data["skipped"])
