"""Stages 02 and 03 end to end (papermill via the runner), the working-copy rule and the exercise checks."""
import hashlib
import json
import shutil

import pytest

from sedamkit import application as A
from sedamkit import exercises as X
from sedamkit import plan as P
from sedamkit.core.errors import SedamError

from conftest import ROOT

DEMO = ROOT / "datasets" / "demo"


def _digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """Run 01 → 02 → 03 on a copy of the demo client; return (run folder, results)."""
    from sedamkit.delivery.runner import run_client

    before = _digest(DEMO)
    base = tmp_path_factory.mktemp("chain")
    client = base / "demo"
    shutil.copytree(DEMO, client)
    run = run_client(client, runs_root=base / "runs", stages=["01", "02", "03"], progress=False, log=None, pdf=False)
    res = {s: json.loads((run / "results" / f"{s}.json").read_text())["data"]
           for s in ("01_necessity_feasibility", "02_daap", "03_application")}
    assert _digest(DEMO) == before, "running the stages changed datasets/demo"
    return run, res


@pytest.mark.notebook
def test_02_names_the_blocking_gaps_of_01(chain):
    _, r = chain
    r01, r02 = r["01_necessity_feasibility"], r["02_daap"]
    ready = r02["readiness"]
    assert ready["source"] == "result" and ready["decision"] == r01["decision"]
    assert ready["blocking_gaps"] == r01["blocking_gaps"]
    assert set(ready["addressed"]) | set(ready["ignored_blocking"]) >= set(r01["blocking_gaps"])
    assert ready["ignored_blocking"] == ["personalization"]           # the demo plan leaves this one open
    assert {f["id"] for f in r02["flags"] if f["code"] == "PLAN208"} == {"personalization"}
    run, _ = chain
    client = json.loads((run / "run.json").read_text())["client_dir"]
    assert r02["plan_file"] == f"{client}/plan.yaml"   # no working copy in the client's answers: its plan file


@pytest.mark.notebook
def test_03_reads_the_planned_approaches_of_02(chain):
    _, r = chain
    r02, r03 = r["02_daap"], r["03_application"]
    assert r03["plan_source"] == "result"
    assert r03["plan_planned"] == r02["planned_approaches"]
    for el, planned in r02["planned_approaches"].items():
        assert r03["planned"][el] == [a for a in r03["planned"][el] if a in planned]
        assert set(r03["planned"][el]) == set(planned) - set(r03["in_use"][el])
    assert r03["priority_order"][0] == "E3" and len(r03["gaps"]) == 8


@pytest.mark.notebook
def test_run_writes_figures_and_executed_notebooks(chain):
    run, _ = chain
    figs = {p.name for p in (run / "figures").glob("*.png")}
    assert {"02_timeline.png", "02_risk_matrix.png", "02_principles.png", "03_coverage.png"} <= figs
    assert (run / "notebooks" / "02_daap.ipynb").is_file() and (run / "notebooks" / "03_application.ipynb").is_file()


def test_demo_plan_and_assessment_never_change_in_interactive_use(tmp_path):
    """The editors' working copies go to the answers folder, never over the client's file."""
    before = _digest(DEMO)
    wp = P.resolve_plan_path(DEMO / "plan.yaml", tmp_path, interactive=True)
    wa = A.resolve_assessment_path(DEMO / "application.yaml", tmp_path, interactive=True)
    assert wp == tmp_path / "02_daap" / "plan.yaml" and wa == tmp_path / "03_application" / "application.yaml"
    plan = P.set_preparation(P.load_plan(wp), "support_systems", "done")
    P.save_plan(plan, wp, overwrite=True)
    assert _digest(DEMO) == before
    # the copy is made once: a second call keeps the learner's edits
    assert P.resolve_plan_path(DEMO / "plan.yaml", tmp_path, interactive=True) == wp
    assert P.load_plan(wp)["preparation"]["support_systems"] == {"status": "done"}
    # batch reads the working copy when present, else the client's file, and writes nothing
    assert P.resolve_plan_path(DEMO / "plan.yaml", tmp_path, interactive=False) == wp
    empty = tmp_path / "other"
    assert P.resolve_plan_path(DEMO / "plan.yaml", empty, interactive=False) == DEMO / "plan.yaml"
    assert not empty.exists()


def test_working_copy_inside_the_demo_folder_is_refused():
    with pytest.raises(SedamError) as e:
        P.resolve_plan_path(DEMO / "plan.yaml", DEMO / "answers", interactive=True)
    assert e.value.codes == ["PLAN021"]
    with pytest.raises(SedamError) as e:
        A.resolve_assessment_path(DEMO / "application.yaml", DEMO / "answers", interactive=True)
    assert e.value.codes == ["APP009"]
    assert not (DEMO / "answers" / "02_daap").exists()


def test_runner_hook_validates_the_working_copy(demo_copy):
    wp = P.working_plan_path(demo_copy / "answers")
    wp.parent.mkdir()
    wp.write_text("mission: x\n")
    with pytest.raises(SedamError) as e:
        P.validate_client_inputs({"dir": str(demo_copy), "plan": "plan.yaml"})
    assert str(wp) in str(e.value)


def test_a_client_without_files_starts_from_blank_copies(tmp_path):
    wp = P.resolve_plan_path(tmp_path / "missing.yaml", tmp_path / "answers", interactive=True)
    wa = A.resolve_assessment_path(tmp_path / "missing.yaml", tmp_path / "answers", interactive=True, client_name="X")
    assert P.load_plan(wp)["goals"] == [] and A.load_assessment(wa)["client"] == "X"


# --------------------------------------------------------------------------- exercise checks
@pytest.fixture(scope="module")
def demo_plan():
    return P.load_plan(P.DEMO_PLAN)


@pytest.fixture(scope="module")
def readiness():
    return {"decision": "prepare_first", "blocking_gaps": ["talent", "data_collection", "data_analysis",
                                                            "personalization", "security_privacy"],
            "weakest": ["personalization", "security_privacy", "data_collection"], "areas": []}


def test_exercise_ids_are_registered():
    for ex in ("02_risk_scores", "02_flagged_risks", "02_ignored_gaps", "03_coverage_counts", "03_priority_score"):
        X.check(ex, None, **_ctx(ex))  # a missing answer gives feedback, never an exception


def _ctx(ex):
    plan = P.load_plan(P.DEMO_PLAN)
    if ex.startswith("02"):
        return {"plan": plan, **({"readiness": {"blocking_gaps": [], "weakest": [], "areas": []}}
                                  if ex == "02_ignored_gaps" else {})}
    return {"assessment": A.load_assessment(A.DEMO_APPLICATION), "plan": P.stage_result(plan), "element": "E4"}


@pytest.mark.parametrize("answer", [
    {"R1": 15, "R2": 8, "R3": 12, "R4": 12, "R5": 9, "R6": 6},
    {"r1": "15", "r2": 8.0, "R3": "12", "R4": 12.0, "r5": 9, "R6": "6"},
])
def test_risk_scores_right_in_any_form(demo_plan, answer):
    assert X.check("02_risk_scores", answer, plan=demo_plan).ok


def test_risk_scores_mistakes(demo_plan):
    t = P.risk_table(demo_plan)
    added = dict(zip(t.risk_id, t.likelihood + t.impact))
    fb = X.check("02_risk_scores", added, plan=demo_plan)
    assert not fb.ok and "added" in fb.message
    fb = X.check("02_risk_scores", {"R1": 15}, plan=demo_plan)
    assert not fb.ok and "left out" in fb.message


@pytest.mark.parametrize("answer", [["R4"], ["r4"], "R4", ("R4",), {"R4"}])
def test_flagged_risks_right_in_any_form(demo_plan, answer):
    assert X.check("02_flagged_risks", answer, plan=demo_plan).ok


def test_flagged_risks_mistakes(demo_plan):
    fb = X.check("02_flagged_risks", [], plan=demo_plan)        # R4 scores exactly 12
    assert not fb.ok and "≥ 12" in fb.message and "not > 12" in fb.message
    fb = X.check("02_flagged_risks", ["R1", "R3", "R4"], plan=demo_plan)
    assert not fb.ok and "mitigation" in fb.message


def test_flagged_risks_tells_added_from_gt():
    plan = P.new_plan("D", "m", "2025-01-01", "2025-12-31")
    for i, (lk, im) in enumerate([(2, 3), (4, 4), (3, 4)]):
        plan = P.add_risk(plan, {"id": f"R{i + 1}", "description": "d", "category": "privacy",
                                 "likelihood": lk, "impact": im})
    # scores 6, 16, 12 — none mitigated; right: R2, R3; '>' gives R2; added (5, 8, 7) gives none
    assert X.check("02_flagged_risks", ["R2", "R3"], plan=plan).ok
    assert "not > 12" in X.check("02_flagged_risks", ["R2"], plan=plan).message
    assert "added" in X.check("02_flagged_risks", [], plan=plan).message


def test_ignored_gaps(demo_plan, readiness):
    assert X.check("02_ignored_gaps", ["PERSONALIZATION"], plan=demo_plan, readiness=readiness).ok
    fb = X.check("02_ignored_gaps", ["data_analysis", "personalization"], plan=demo_plan, readiness=readiness)
    assert not fb.ok and "Phases" in fb.message
    fb = X.check("02_ignored_gaps", readiness["blocking_gaps"], plan=demo_plan, readiness=readiness)
    assert not fb.ok and "already addressed" in fb.message


@pytest.fixture(scope="module")
def app_inputs():
    return A.load_assessment(A.DEMO_APPLICATION), P.stage_result(P.load_plan(P.DEMO_PLAN))


@pytest.mark.parametrize("answer", [{"in_use": 2, "planned": 4}, {"In Use": "2", "PLANNED": 4.0}, (2, 4), ["2", "4"]])
def test_coverage_counts_right_in_any_form(app_inputs, answer):
    a, p = app_inputs
    assert A.pick_coverage_element(a, p) == "E4"
    assert X.check("03_coverage_counts", answer, assessment=a, plan=p, element="E4").ok


def test_coverage_counts_mistakes(app_inputs):
    a, p = app_inputs
    fb = X.check("03_coverage_counts", {"in_use": 2, "planned": 5}, assessment=a, plan=p, element="E4")
    assert not fb.ok and "already in use" in fb.message
    fb = X.check("03_coverage_counts", {"in_use": 6, "planned": 4}, assessment=a, plan=p, element="E4")
    assert not fb.ok and "not in use yet" in fb.message
    fb = X.check("03_coverage_counts", {"in_use": 3, "planned": 0}, assessment=a, plan=p, element="E3")
    assert not fb.ok and "other_tools" in fb.message


@pytest.mark.parametrize("answer", [70, "70", 70.2, "70.0"])
def test_priority_score_right_in_any_form(app_inputs, answer):
    a, p = app_inputs
    assert A.pick_priority_element(a, p) == "E3"
    assert X.check("03_priority_score", answer, assessment=a, plan=p, element="E3").ok


@pytest.mark.parametrize("answer, words", [(60, "left out importance"), (120, "raw count"), (50, "(4 − maturity)"),
                                           (40, "no planned approach"), (0.7, "Multiply by 100")])
def test_priority_score_mistakes(app_inputs, answer, words):
    a, p = app_inputs
    fb = X.check("03_priority_score", answer, assessment=a, plan=p, element="E3")
    assert not fb.ok and words in fb.message
