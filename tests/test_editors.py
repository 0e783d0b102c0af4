"""Widget editors, kernel-side: setting .value and clicking buttons fires the same handlers as a browser."""
import shutil

import pytest

pytest.importorskip("ipywidgets")

from sedamkit import application as A
from sedamkit import editors as E
from sedamkit import plan as P


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "02_daap" / "plan.yaml"
    path.parent.mkdir()
    shutil.copy(P.DEMO_PLAN, path)
    return path


@pytest.fixture
def editor(plan_file):
    return E.plan_editor(plan_file)


def test_every_input_has_a_label(editor):
    assert E.missing_labels(editor.widget) == []
    assert E.missing_labels(E.catalogue_browser().widget) == []
    assert E.missing_labels(E.assessment_editor(_assessment_copy(editor.path.parent)).widget) == []


def test_new_kpi_is_saved_and_restored_on_reopen(editor, plan_file):
    k = editor.kpis
    k.pick.value = E.NEW
    k.fields["id"].value = "K10"
    k.fields["kpi"].value = "nps"
    k.fields["baseline"].value = "12"
    k.fields["target"].value = "40,5"          # a decimal comma is read as a number
    k.fields["due"].value = "2025-12-31"
    k.save_button.click()
    assert "✔" in editor.status.value
    saved = P.load_plan(plan_file)["kpis"][-1]
    assert (saved["id"], saved["target"], saved["direction"]) == ("K10", 40.5, "higher")
    again = E.plan_editor(plan_file)
    again.kpis.pick.value = "K10"
    assert again.kpis.fields["target"].value == "40.5"


def test_invalid_edit_is_shown_with_its_code_kept_and_not_saved(editor, plan_file):
    before = plan_file.read_bytes()
    k = editor.kpis
    k.pick.value = "K1"
    k.fields["due"].value = "2025-13-01"
    k.save_button.click()
    assert "PLAN007" in editor.status.value and "✘" in editor.status.value
    assert k.fields["due"].value == "2025-13-01"   # what the user typed stays
    assert plan_file.read_bytes() == before
    k.fields["due"].value = "2025-12-31"
    k.fields["target"].value = "lots"
    k.save_button.click()
    assert "PLAN011" in editor.status.value and plan_file.read_bytes() == before


def test_risk_mitigation_clears_the_flag(editor, plan_file):
    r = editor.risks
    r.pick.value = "R4"
    assert "12" in editor.risk_score.value and "high" in editor.risk_score.value
    r.fields["mitigation"].value = "Keep the phone line; staff help at the first portal login."
    r.save_button.click()
    assert "R4" not in P.risk_table(P.load_plan(plan_file)).query("flagged")["risk_id"].tolist()


def test_removing_a_goal_still_referenced_is_refused(editor, plan_file):
    before = plan_file.read_bytes()
    editor.goals.pick.value = "G1"
    editor.goals.remove_button.click()
    assert "PLAN012" in editor.status.value and plan_file.read_bytes() == before


def test_phase_edit_keeps_narrowed_approaches(editor, plan_file):
    ph = editor.phases
    ph.pick.value = "P2"
    ph.fields["resources.budget"].value = "25000"
    ph.save_button.click()
    p2 = P.load_plan(plan_file)["phases"][1]
    assert p2["resources"] == {"people_days": 40, "budget": 25000}
    assert {"approach": "period_region_comparison", "elements": ["E5", "E9"]} in p2["approaches"]


def test_preparation_and_principles_save_on_change(editor, plan_file):
    editor.preparation["support_systems"].value = "done"
    editor.principles["environment_2"].value = 2
    editor.principles["security_1"].value = 5          # keeps the evidence already written
    plan = P.load_plan(plan_file)
    assert plan["preparation"]["support_systems"] == {"status": "done"}
    assert plan["principles"]["environment_2"] == {"answer": 2}
    assert plan["principles"]["security_1"]["evidence"].startswith("Supplier")
    again = E.plan_editor(plan_file)
    assert again.preparation["support_systems"].value == "done" and again.principles["environment_2"].value == 2


def test_general_fields_validate(editor, plan_file):
    before = plan_file.read_bytes()
    editor.general.fields["end"].value = "2024-01-01"
    editor.general.save_button.click()
    assert "PLAN008" in editor.status.value and plan_file.read_bytes() == before


def test_an_invalid_file_is_refused_and_left_alone(tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text("mission: x\nperiod: {start: 2025-01-01, end: 2024-01-01}\n")
    with pytest.raises(P.SedamError):
        E.plan_editor(bad)
    assert bad.read_text().startswith("mission: x")


def test_on_change_gets_the_saved_plan(plan_file):
    seen = []
    ed = E.plan_editor(plan_file, on_change=seen.append)
    ed.preparation["team"].value = "in_progress"
    assert seen and seen[-1]["preparation"]["team"]["status"] == "in_progress"


def _assessment_copy(folder):
    path = folder / "application.yaml"
    shutil.copy(A.DEMO_APPLICATION, path)
    return path


def test_assessment_editor_saves_and_restores(tmp_path):
    path = _assessment_copy(tmp_path)
    plan_result = P.stage_result(P.load_plan(P.DEMO_PLAN))
    ed = E.assessment_editor(path, plan_result=plan_result)
    ed.element.value = "E7"
    assert "Digital goal and performance management system" in ed.planned.value
    ed.maturity.value = 1
    ed.in_use.value = ("idea_management_platform",)
    ed.other_tools.value = "Suggestion box, Team chat"
    assert "✔" in ed.status.value
    e7 = A.load_assessment(path)["elements"]["E7"]
    assert e7["maturity"] == 1 and e7["in_use"] == ["idea_management_platform"]
    assert e7["other_tools"] == ["Suggestion box", "Team chat"]
    again = E.assessment_editor(path)
    again.element.value = "E7"
    assert again.maturity.value == 1 and again.in_use.value == ("idea_management_platform",)
    again.element.value = "E1"            # switching elements loads, it does not save
    assert A.load_assessment(path)["elements"]["E1"] == A.load_assessment(A.DEMO_APPLICATION)["elements"]["E1"]


def test_catalogue_browser_filters():
    b = E.catalogue_browser()
    n_all = len(b.frame)
    b.text.value = "SURVEY"
    b.element.value = "E4"
    assert b.frame["approach"].tolist() == ["online_survey", "employee_survey"]
    assert "2 approach(es)" in b.count.value and "employee_survey" in b.table.value
    b.text.value = ""
    b.element.value = None
    b.family.value = "platforms"
    assert 0 < len(b.frame) < n_all and set(b.frame["family"]) == {"platforms"}
