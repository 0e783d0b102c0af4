"""Notebook parameters and paths: checked with coded errors; the demo data is never written."""
import pytest

import sedamkit as sk
from sedamkit.core.errors import SedamError
from sedamkit.core.params import validate_parameters


@pytest.mark.parametrize("params, code, where", [
    ({"interactiv": False}, "PARAM001", "interactiv"),
    ({"interactive": "false"}, "PARAM002", "interactive"),
    ({"client_dir": 7}, "PARAM002", "client_dir"),
    ({"language": "de"}, "PARAM004", "language"),
])
def test_bad_parameters(params, code, where):
    with pytest.raises(SedamError) as ei:
        validate_parameters(params)
    p = ei.value.problems[0]
    assert (p.code, p.where) == (code, where) and p.fix


def test_misspelling_gets_a_suggestion():
    with pytest.raises(SedamError) as ei:
        validate_parameters({"output_dri": "x"})
    assert "output_dir" in ei.value.problems[0].fix


def test_interactive_demo_answers_go_to_a_copy(root, tmp_path, monkeypatch):
    monkeypatch.setenv("SEDAM_SCRATCH", str(tmp_path))
    ctx = sk.open_stage("01_necessity_feasibility")
    assert ctx.answers_dir == tmp_path / "answers" / "demo"
    assert (ctx.answers_dir / "01_necessity_feasibility" / "ceo.json").is_file()
    assert ctx.output_dir == tmp_path / "runs" / "demo" / "lab"
    spec = ctx.spec("necessity_feasibility")
    form = ctx.form(spec)
    form.answer("talent_specify", 5)
    assert (tmp_path / "answers/demo/01_necessity_feasibility/me.json").is_file()
    assert not (root / "datasets/demo/answers/01_necessity_feasibility/me.json").exists()
    # a learner's edit of a copied file survives the next open (never re-copied over)
    ceo = ctx.answers_dir / "01_necessity_feasibility" / "ceo.json"
    ceo.write_text(ceo.read_text().replace('"respondent": "ceo"', '"respondent": "ceo"'))
    marker = ceo.stat().st_mtime_ns
    sk.open_stage("01_necessity_feasibility")
    assert ceo.stat().st_mtime_ns == marker


def test_batch_mode_has_no_form_and_reads_client_answers(demo_copy, tmp_path):
    ctx = sk.open_stage("01_necessity_feasibility", client_dir=str(demo_copy), output_dir=str(tmp_path / "out"),
                        interactive=False)
    assert ctx.form(ctx.spec("necessity_feasibility")) is None
    assert ctx.answers_dir == demo_copy / "answers"
    assert len(ctx.answers(ctx.spec("necessity_feasibility"))) == 4


def test_client_thresholds_override_the_spec(demo_copy, tmp_path):
    cfg = demo_copy / "client.yaml"
    cfg.write_text(cfg.read_text().replace("go_min_overall: 70", "go_min_overall: 50\n    blocking_below: 20"))
    ctx = sk.open_stage("01_necessity_feasibility", client_dir=str(demo_copy), output_dir=str(tmp_path),
                        interactive=False)
    spec = ctx.spec("necessity_feasibility")
    assert spec.decision["go_min_overall"] == 50 and spec.decision["blocking_below"] == 20
    assert sk.spec.load_spec("necessity_feasibility").decision["go_min_overall"] == 70


def test_unknown_client_folder(tmp_path):
    with pytest.raises(SedamError) as ei:
        sk.open_stage("01_necessity_feasibility", client_dir=str(tmp_path / "nope"))
    assert ei.value.codes == ["PARAM003"]


def test_stage_results_chain(tmp_path):
    from sedamkit.core.results import read_result, write_result

    with pytest.raises(SedamError) as ei:
        read_result(tmp_path, "01_necessity_feasibility")
    assert ei.value.codes == ["RES001"] and "run notebook" in ei.value.problems[0].fix
    write_result(tmp_path, "01_necessity_feasibility", {"decision": "go"})
    assert read_result(tmp_path, "01_necessity_feasibility") == {"decision": "go"}
