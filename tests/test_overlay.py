"""Per-client questionnaire overlays: merged into the shipped questionnaire, checked with its codes,
used by validate and the run, recorded in run.json and named in the report."""
from __future__ import annotations

import shutil
import subprocess
import sys
import os
from pathlib import Path

import pytest

from sedamkit.core.config import load_client
from sedamkit.core.errors import SedamError
from sedamkit.core.paths import demo_dir
from sedamkit.core.spec import client_spec, load_spec
from sedamkit.delivery.runner import _hash_inputs, _overlays, validate_client

ROOT = Path(__file__).resolve().parents[1]


def _client(tmp_path, overlay_text, *, key="necessity_feasibility"):
    d = tmp_path / "client"
    shutil.copytree(demo_dir(), d)
    text = (d / "client.yaml").read_text(encoding="utf-8").replace("\nid: demo\n", "\nid: overlay-test\n")
    text += f"questionnaires:\n  {key}: questionnaires/nf.yaml\n"
    (d / "client.yaml").write_text(text, encoding="utf-8")
    (d / "questionnaires").mkdir()
    (d / "questionnaires" / "nf.yaml").write_text(overlay_text, encoding="utf-8")
    return d


GOOD = """overlay_of: necessity_feasibility
name: Regional bank adaptation
version: 3
reword:
  need_cx_friction: {fr: "Nos clients se plaignent souvent de la lenteur des démarches"}
weights: {need_cx_delight: 2.5}
areas:
  security_privacy: {min_score: 80}
thresholds: {not_now_below: 35}
add:
  - id: need_branch_queues
    area: experience_impact
    scale: %s
    clause: "6.1.1"
    text: {en: "Queues at our branches put customers off", fr: "Les files d'attente en agence découragent les clients"}
"""


def _scale():
    return load_spec("necessity_feasibility").items[0].scale


def test_overlay_merges_rewords_weights_areas_thresholds(tmp_path):
    d = _client(tmp_path, GOOD % _scale())
    shipped = load_spec("necessity_feasibility")
    spec = client_spec(load_client(d), "necessity_feasibility")
    assert spec.item("need_cx_delight").weight == 2.5
    assert spec.area("security_privacy")["min_score"] == 80
    assert spec.decision["not_now_below"] == 35
    assert spec.item("need_cx_friction").text["fr"].startswith("Nos clients")
    assert spec.item("need_cx_friction").text["en"] == shipped.item("need_cx_friction").text["en"]  # other language kept
    assert spec.item_ids[-1] == "need_branch_queues" and len(spec.items) == len(shipped.items) + 1
    assert spec.overlay["name"] == "Regional bank adaptation" and spec.overlay["version"] == 3
    # the demo's answers still validate against the merged questionnaire (the new item is unanswered)
    validate_client(d)


def test_drop_makes_old_answers_unknown(tmp_path):
    d = _client(tmp_path, "overlay_of: necessity_feasibility\nversion: 1\ndrop: [need_industry]\n")
    spec = client_spec(load_client(d), "necessity_feasibility")
    assert "need_industry" not in spec.item_ids
    with pytest.raises(SedamError) as e:
        validate_client(d)
    assert {p.code for p in e.value.problems} == {"ANS005"}


@pytest.mark.parametrize("text, code, needle", [
    ("drop: [need_industri]", "SPEC014", "did you mean 'need_industry'"),
    ("reword: {no_such_item: {en: x}}", "SPEC014", "no item 'no_such_item'"),
    ("weights: {need_cx_delight: -1}", "SPEC004", "0 or more"),
    ("thresholds: {go_min_overal: 60}", "SPEC010", "did you mean 'go_min_overall'"),
    ("thresholds: {not_now_below: 120}", "SPEC010", "0 to 100"),
    ("thresholds: {not_now_below: 80}", "SPEC010", "not_now_below"),
    ("areas: {security_privacy: {min_score: 140}}", "SPEC010", "0 to 100"),
    ("areas: {security_privasy: {min_score: 40}}", "SPEC014", "did you mean 'security_privacy'"),
    ("add: [{id: need_cx_friction, area: strategy_impact, scale: SCALE, clause: '6.1', text: {en: a, fr: b}}]",
     "SPEC002", "used twice"),
    ("colour: red", "SPEC001", "unknown field"),
])
def test_bad_overlay_gets_the_spec_code(tmp_path, text, code, needle):
    d = _client(tmp_path, "overlay_of: necessity_feasibility\nversion: 1\n" + text.replace("SCALE", _scale()) + "\n")
    with pytest.raises(SedamError) as e:
        validate_client(d)
    hits = [p for p in e.value.problems if p.code == code]
    assert hits, [str(p) for p in e.value.problems]
    assert any(needle in str(p) for p in hits), [str(p) for p in hits]
    assert all(p.file and p.file.endswith("nf.yaml") for p in hits)


def test_overlay_of_another_questionnaire(tmp_path):
    d = _client(tmp_path, "overlay_of: mission_review\nversion: 1\n")
    with pytest.raises(SedamError) as e:
        validate_client(d)
    assert "SPEC014" in {p.code for p in e.value.problems}


def test_unknown_questionnaire_name_and_missing_file(tmp_path):
    d = _client(tmp_path, GOOD % _scale(), key="necessity_feasability")
    with pytest.raises(SedamError) as e:
        validate_client(d)
    assert any(p.code == "CFG002" and "did you mean 'necessity_feasibility'" in str(p) for p in e.value.problems)
    (d / "questionnaires" / "nf.yaml").unlink()
    with pytest.raises(SedamError) as e:
        validate_client(d)
    assert "CFG004" in {p.code for p in e.value.problems}


def test_overlay_recorded_for_run_json_and_report(tmp_path):
    d = _client(tmp_path, GOOD % _scale())
    client = load_client(d)
    info = _overlays(client)["necessity_feasibility"]
    assert info["file"] == "questionnaires/nf.yaml" and info["version"] == 3
    assert info["sha256"] == _hash_inputs(Path(client["dir"]))["questionnaires/nf.yaml"]
    from sedamkit.core.i18n import t
    from sedamkit.delivery.report import _overlay_lines

    html = _overlay_lines({"questionnaires": {"necessity_feasibility": info}}, lambda k, **kw: t(k, "en", **kw))
    assert "Regional bank adaptation, version 3 (questionnaires/nf.yaml)" in html


def test_cli_validate_reports_overlay_problem_without_traceback(tmp_path):
    d = _client(tmp_path, "overlay_of: necessity_feasibility\nversion: 1\nweights: {need_cx_delight: -2}\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "validate", str(d)], capture_output=True,
                         text=True, env=env, cwd=tmp_path)
    assert out.returncode == 1
    assert "[SPEC004]" in out.stderr and "Traceback" not in out.stderr
