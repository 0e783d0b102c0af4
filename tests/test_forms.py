"""The widget form: every change is saved, a reopened form shows the saved answers."""
import json

from sedamkit.core.answers import read_answers
from sedamkit.ui.forms import NA, QuestionnaireForm


def test_answers_are_saved_on_every_change_and_restored(spec, tmp_path):
    path = tmp_path / "01_necessity_feasibility" / "me.json"
    form = QuestionnaireForm(spec, path, "me")
    assert not path.exists()                     # nothing written before the first answer
    form.answer("talent_specify", 4)
    assert json.loads(path.read_text())["answers"] == {"talent_specify": 4}
    form.answer("funding_budget", None, comment="Budget talks in March")
    saved = read_answers(path, spec)
    assert saved["answers"] == {"talent_specify": 4, "funding_budget": None}
    assert saved["comments"] == {"funding_budget": "Budget talks in March"}

    again = QuestionnaireForm(spec, path, "me")  # as after a kernel restart
    assert again._choices["talent_specify"].value == 4
    assert again._choices["funding_budget"].value == NA
    assert again._comments["funding_budget"].value == "Budget talks in March"
    assert again.progress.value == 2


def test_clearing_an_answer_removes_it(spec, tmp_path):
    path = tmp_path / "me.json"
    form = QuestionnaireForm(spec, path, "me")
    form.answer("talent_specify", 2)
    form._choices["talent_specify"].value = None
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
    form.answer("talent_specify", 3)
    assert seen == [{"talent_specify": 3}]


# -- two forms answering as one respondent (two tabs, or JupyterLab and the app) ------------------------

def test_two_forms_on_one_respondent_never_undo_each_other(spec, tmp_path):
    path = tmp_path / "01_necessity_feasibility" / "ceo.json"
    tab1, tab2 = QuestionnaireForm(spec, path, "ceo"), QuestionnaireForm(spec, path, "ceo")
    tab1.answer("talent_specify", 4)
    tab2.answer("funding_budget", 2, comment="Budget in March")   # different items: both kept
    tab1.answer("talent_learning_time", None)
    tab2.answer("talent_specify", 5)                              # the same item: the later write wins
    tab1.answer("funding_case", 3)
    saved = read_answers(path, spec)
    assert saved["answers"] == {"talent_specify": 5, "funding_budget": 2, "talent_learning_time": None, "funding_case": 3}
    assert saved["comments"] == {"funding_budget": "Budget in March"}
    # each form shows the merged answers and says so: never silently
    assert tab1._choices["talent_specify"].value == 5 and tab1._choices["funding_budget"].value == 2
    assert tab1._comments["funding_budget"].value == "Budget in March"
    assert "updated with answers saved elsewhere" in tab1.status.value
    assert tab1.progress.value == 4 and tab1.doc["answers"] == saved["answers"]
    tab1.answer("funding_case", 4)                               # nothing new elsewhere: a plain save
    assert "elsewhere" not in tab1.status.value


def test_sync_takes_in_a_save_made_elsewhere_without_saving(spec, tmp_path):
    path = tmp_path / "ceo.json"
    tab1, tab2 = QuestionnaireForm(spec, path, "ceo"), QuestionnaireForm(spec, path, "ceo")
    assert tab1.sync() is False                                  # no file yet: nothing to do
    tab2.answer("talent_specify", 3, comment="Two developers")
    before = path.read_bytes()
    assert tab1.sync() is True and tab1.sync() is False          # the second check is a cheap no-op
    assert tab1._choices["talent_specify"].value == 3 and tab1._comments["talent_specify"].value == "Two developers"
    assert "updated with answers saved elsewhere" in tab1.status.value
    assert path.read_bytes() == before                           # syncing never writes


def test_a_form_whose_save_fails_keeps_the_change_and_sends_it_later(spec, tmp_path, monkeypatch):
    import sedamkit.core.answers as A

    path = tmp_path / "ceo.json"
    form = QuestionnaireForm(spec, path, "ceo")
    monkeypatch.setattr(A, "LOCK_TIMEOUT", 0.1)
    with A.answers_lock(path):                                  # another save holds the lock
        form.answer("talent_specify", 4)
    assert "not saved" in form.status.value and "ANS012" in form.status.value
    assert str(tmp_path) not in form.status.value and "Traceback" not in form.status.value
    form.answer("funding_budget", 1)
    assert read_answers(path, spec)["answers"] == {"talent_specify": 4, "funding_budget": 1}
    assert "✔" in form.status.value


def test_a_name_is_kept_in_the_file(spec, tmp_path):
    from sedamkit.core.answers import safe_respondent_id

    rid = safe_respondent_id("José")
    form = QuestionnaireForm(spec, tmp_path / f"{rid}.json", rid, name="José")
    form.answer("talent_specify", 2)
    assert json.loads((tmp_path / f"{rid}.json").read_text(encoding="utf-8"))["name"] == "José"
