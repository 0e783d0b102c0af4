"""The widget form: every change is saved, a reopened form shows the saved answers."""
import json

from sedamkit.core.answers import read_answers
from sedamkit.ui.forms import NA, QuestionnaireForm


def test_answers_are_saved_on_every_change_and_restored(spec, tmp_path):
    path = tmp_path / "01_necessity_feasibility" / "me.json"
    form = QuestionnaireForm(spec, path, "me")
    assert not path.exists()                     # nothing written before the first answer
    form.answer("talent_skills", 4)
    assert json.loads(path.read_text())["answers"] == {"talent_skills": 4}
    form.answer("funding_budget", None, comment="Budget talks in March")
    saved = read_answers(path, spec)
    assert saved["answers"] == {"talent_skills": 4, "funding_budget": None}
    assert saved["comments"] == {"funding_budget": "Budget talks in March"}

    again = QuestionnaireForm(spec, path, "me")  # as after a kernel restart
    assert again._choices["talent_skills"].value == 4
    assert again._choices["funding_budget"].value == NA
    assert again._comments["funding_budget"].value == "Budget talks in March"
    assert again.progress.value == 2


def test_clearing_an_answer_removes_it(spec, tmp_path):
    path = tmp_path / "me.json"
    form = QuestionnaireForm(spec, path, "me")
    form.answer("talent_skills", 2)
    form._choices["talent_skills"].value = None
    assert read_answers(path, spec)["answers"] == {}


def test_show_if_hides_and_keeps_what_was_typed(spec, tmp_path):
    path = tmp_path / "me.json"
    form = QuestionnaireForm(spec, path, "me")
    box = form._boxes["cap_security_followup"]
    assert box.layout.display == "none"
    form.answer("cap_security_incidents", 1)
    assert box.layout.display is None
    form.answer("cap_security_followup", 4, comment="Drill booked for May")
    form.answer("cap_security_incidents", 5)      # now hidden again ...
    assert box.layout.display == "none"
    saved = read_answers(path, spec)              # ... but nothing the user typed is dropped
    assert saved["answers"]["cap_security_followup"] == 4
    assert saved["comments"]["cap_security_followup"] == "Drill booked for May"


def test_every_choice_widget_has_a_label_and_tooltips(spec, tmp_path):
    form = QuestionnaireForm(spec, tmp_path / "me.json", "me")
    for item_id, w in form._choices.items():
        assert w.description, item_id
        assert len(w.tooltips) == len(w.options)
        assert form._comments[item_id].description


def test_live_view_and_callback_run_after_each_save(spec, tmp_path):
    seen = []
    form = QuestionnaireForm(spec, tmp_path / "me.json", "me", on_change=lambda d: seen.append(dict(d["answers"])),
                             live=lambda: "scores")
    form.answer("talent_skills", 3)
    assert seen == [{"talent_skills": 3}]
