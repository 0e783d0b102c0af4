"""`sedam new-client`: UTF-8 names as written, accents folded in the folder id, a template for every
input, and a folder whose only problems on validate are the inputs a new client has yet to add."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sedamkit.core.errors import SedamError
from sedamkit.delivery.cli import main
from sedamkit.delivery.runner import validate_client

ROOT = Path(__file__).resolve().parents[1]


def test_new_client_keeps_accents_and_slugs_them(tmp_path, capsys):
    assert main(["new-client", "Hôpitaux du Léman — Genève", "--dir", str(tmp_path)]) == 0
    d = tmp_path / "hopitaux-du-leman-geneve"
    assert d.is_dir(), list(tmp_path.iterdir())
    raw = (d / "client.yaml").read_text(encoding="utf-8")
    assert 'name: "Hôpitaux du Léman — Genève"' in raw and "\\u00f4" not in raw
    cfg = yaml.safe_load(raw)
    assert cfg["name"] == "Hôpitaux du Léman — Genève" and cfg["id"] == "hopitaux-du-leman-geneve"


def test_templates_for_every_input(tmp_path):
    assert main(["new-client", "Acme Bank", "--dir", str(tmp_path)]) == 0
    d = tmp_path / "acme-bank"
    from sedamkit.stages import STAGES

    datasets = {i.key for s in STAGES for i in s.inputs if i.kind == "dataset"}
    for key in datasets:
        header = (d / "data" / f"{key}.header.csv").read_text(encoding="utf-8").strip()
        assert "," in header and "\n" not in header, key
    assert (d / "answers" / "README.md").is_file() and (d / "questionnaires" / "README.md").is_file()
    text = (d / "client.yaml").read_text(encoding="utf-8")
    assert "questionnaires:" in text  # the overlay line is documented in the template
    for name in ("plan", "application", "journey", "previous_actions"):
        assert (d / f"{name}.template.yaml").is_file(), name
        assert f"{name}.template.yaml" in text, name        # client.yaml says where to start from


@pytest.mark.parametrize("name", ["plan", "application", "journey", "previous_actions"])
def test_each_template_validates_as_written(tmp_path, name, capsys):
    assert main(["new-client", "Acme Bank", "--dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "acme-bank" / f"{name}.template.yaml")]) == 0, capsys.readouterr().err
    assert "OK:" in capsys.readouterr().out


def test_a_new_client_with_its_templates_in_place_validates(tmp_path):
    """Copy each template to its real name, uncomment its line and add the self-assessment answers:
    the folder validates with no problem at all (the templates agree with each other: KPI ids, approaches)."""
    import shutil

    from sedamkit.core.paths import demo_dir

    assert main(["new-client", "Acme Bank", "--dir", str(tmp_path)]) == 0
    d = tmp_path / "acme-bank"
    for name in ("plan", "application", "journey", "previous_actions"):
        shutil.copyfile(d / f"{name}.template.yaml", d / f"{name}.yaml")
    text = (d / "client.yaml").read_text(encoding="utf-8")
    for name in ("plan", "application", "journey"):
        assert f"# {name}: {name}.yaml" in text, name
        text = text.replace(f"# {name}: {name}.yaml", f"{name}: {name}.yaml")
    (d / "client.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(demo_dir() / "answers" / "01_necessity_feasibility", d / "answers" / "01_necessity_feasibility")
    client = validate_client(d)
    assert client["plan"] == "plan.yaml" and client["journey"] == "journey.yaml"


def test_new_client_validates_but_for_what_it_must_still_get(tmp_path):
    assert main(["new-client", "Acme Bank", "--dir", str(tmp_path)]) == 0
    try:
        validate_client(tmp_path / "acme-bank")
    except SedamError as e:
        codes = {p.code for p in e.problems}
    else:
        codes = set()
    # the template itself is valid: no config, overlay or data problem, only stage 01's answers, which
    # a new client has yet to collect (the other stages' files are not named yet, so they are left out)
    assert codes == {"ANS010"}, codes


def test_new_client_relative_dir_is_the_current_folder(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "new-client", "Zoé Café", "--dir", "sub"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "sub" / "zoe-cafe" / "client.yaml").is_file()


def test_new_client_default_is_clients_in_sedam_home(tmp_path):
    home = tmp_path / "ws"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SEDAM_HOME": str(home)}
    out = subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "new-client", "Acme"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert (home / "clients" / "acme" / "client.yaml").is_file()


def test_validate_says_which_stages_a_run_would_leave_out(tmp_path, capsys):
    import shutil

    from sedamkit.core.paths import demo_dir

    assert main(["new-client", "Acme Bank", "--dir", str(tmp_path)]) == 0
    d = tmp_path / "acme-bank"
    shutil.copytree(demo_dir() / "answers" / "01_necessity_feasibility", d / "answers" / "01_necessity_feasibility")
    capsys.readouterr()
    assert main(["validate", str(d)]) == 0
    out = capsys.readouterr().out
    assert "OK: client folder" in out
    left = [line for line in out.splitlines() if "left out of a run" in line]
    assert [line.split(":")[1].split()[0] for line in left] == ["02_daap", "03_application", "04_customer_experience",
                                                                "05_evaluation", "06_improvement"]
    assert "plan.template.yaml" in left[0] and "needs stage 02_daap" in left[3]
