"""The sedam command as a user types it."""
import json
import subprocess
import sys

import pytest


def sedam(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


def test_validate_shipped_questionnaire(root):
    r = sedam("validate", root / "sedamkit/data/questionnaires/necessity_feasibility.yaml")
    assert r.returncode == 0 and "OK" in r.stdout


def test_validate_bad_questionnaire_lists_every_problem(root, tmp_path):
    text = (root / "sedamkit/data/questionnaires/necessity_feasibility.yaml").read_text()
    bad = tmp_path / "q.yaml"
    bad.write_text(text.replace("scale: agree5\n    weight: 2", "scale: agree9\n    weight: -2", 1))
    r = sedam("validate", bad)
    assert r.returncode == 1
    assert "[SPEC003]" in r.stderr and "[SPEC004]" in r.stderr and str(bad) in r.stderr


def test_validate_answers_file_and_table(root, tmp_path):
    r = sedam("validate", root / "datasets/demo/answers/01_necessity_feasibility/ceo.json")
    assert r.returncode == 0 and "ceo" in r.stdout
    doc = json.loads((root / "datasets/demo/answers/01_necessity_feasibility/ceo.json").read_text())
    doc["answers"]["talent_specify"] = 11
    doc["answers"]["talent_skils"] = 3
    bad = tmp_path / "ceo.json"
    bad.write_text(json.dumps(doc))
    r = sedam("validate", bad)
    assert r.returncode == 1 and "[ANS006]" in r.stderr and "[ANS005]" in r.stderr and "talent_skils" in r.stderr
    csv = tmp_path / "s.csv"
    csv.write_text("respondent,talent_specify\nana,4\n")
    r = sedam("validate", csv)                             # needs --spec
    assert r.returncode == 1 and "PARAM007" in r.stderr and "--spec" in r.stderr
    r = sedam("validate", csv, "--spec", "necessity_feasibility")
    assert r.returncode == 0 and "1 respondents" in r.stdout


def test_new_client_then_validate(tmp_path):
    r = sedam("new-client", "Acme Care", "--dir", tmp_path)
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "acme-care"
    assert (folder / "answers").is_dir() and (folder / "data").is_dir()
    text = (folder / "client.yaml").read_text()
    assert text.count("#") > 10                              # the template explains its fields
    r = sedam("validate", folder)
    assert r.returncode == 1 and "ANS010" in r.stderr        # no answers yet: says what to add
    again = sedam("new-client", "Acme Care", "--dir", tmp_path)
    assert again.returncode == 1 and "CFG014" in again.stderr and "already exists" in again.stderr


@pytest.mark.parametrize("name", ["", "   ", "東京", "!!!"])
def test_new_client_refuses_a_name_with_no_folder_name(tmp_path, name):
    r = sedam("new-client", name, "--dir", tmp_path)
    assert r.returncode == 1 and "CFG013" in r.stderr and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []                 # nothing written


def test_new_client_keeps_a_name_with_latin_letters_and_other_scripts(tmp_path):
    r = sedam("new-client", "Tokyo Clinic 東京", "--dir", tmp_path)
    assert r.returncode == 0, r.stderr
    assert "東京" in (tmp_path / "tokyo-clinic" / "client.yaml").read_text(encoding="utf-8")


def test_coded_usage_errors(tmp_path, demo_copy):
    r = sedam("run", demo_copy, "-p", "language", "--out", tmp_path / "runs")
    assert r.returncode == 1 and "PARAM006" in r.stderr and "-p language=fr" in r.stderr
    assert not (tmp_path / "runs").exists()
    (tmp_path / "empty").mkdir()
    r = sedam("report", tmp_path / "empty")
    assert r.returncode == 1 and "RUN012" in r.stderr and "Traceback" not in r.stderr


def test_run_refuses_bad_config_and_names_the_fix(demo_copy, tmp_path):
    cfg = demo_copy / "client.yaml"
    cfg.write_text(cfg.read_text().replace("colour:", "color:"))
    r = sedam("run", demo_copy, "--out", tmp_path / "runs", "-q")
    assert r.returncode == 1
    assert "[CFG002]" in r.stderr and "did you mean 'colour'" in r.stderr and "Nothing was run" in r.stderr
    assert not (tmp_path / "runs").exists()


def test_run_param_values_are_parsed_strictly():
    from sedamkit.delivery.cli import _parse_value

    assert _parse_value("false") is False and _parse_value("007") == "007" and _parse_value("12") == 12


def test_validate_lists_config_and_answers_problems_in_one_pass(demo_copy):
    cfg = demo_copy / "client.yaml"
    cfg.write_text(cfg.read_text().replace("colour:", "color:"))
    cfo = demo_copy / "answers/01_necessity_feasibility/cfo.json"
    doc = json.loads(cfo.read_text())
    doc["answers"]["talent_specify"] = 7
    cfo.write_text(json.dumps(doc))
    r = sedam("validate", demo_copy)
    assert r.returncode == 1
    assert "[CFG002]" in r.stderr and "colour" in r.stderr
    assert "[ANS006]" in r.stderr and "cfo.json" in r.stderr and "talent_specify" in r.stderr


@pytest.mark.parametrize("name, label", [("plan.yaml", "DAAP plan"), ("application.yaml", "application assessment"),
                                         ("journey.yaml", "journey")])
def test_validate_tells_plan_assessment_and_journey_apart(root, name, label):
    r = sedam("validate", root / "datasets/demo" / name)
    assert r.returncode == 0 and f"OK: {label}" in r.stdout


def test_validate_bad_plan_names_every_risk(root, tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text((root / "datasets/demo/plan.yaml").read_text().replace("likelihood: 3", "likelihood: 7"))
    r = sedam("validate", bad)
    assert r.returncode == 1 and "[PLAN009]" in r.stderr and "risks[0].likelihood" in r.stderr


def test_relative_paths_are_taken_from_the_current_folder(tmp_path, root):
    import shutil

    shutil.copytree(root / "datasets" / "demo", tmp_path / "clients" / "here")
    r = subprocess.run([sys.executable, "-m", "sedamkit", "validate", "clients/here"], capture_output=True,
                       text=True, cwd=tmp_path)
    assert r.returncode == 0 and "OK: client folder" in r.stdout and str(tmp_path) in r.stdout, r.stderr
