"""Names already in use and blank names (the landing page and a stage page), and the facilitator view's
"Read at" time, outside a browser (the browser side: tests/test_browser_layout.py)."""
import shutil

import pytest

import sedamkit.ui.app as app
import sedamkit.ui.app_facilitator as fac
from sedamkit.ui.context import open_stage

from conftest import ROOT


@pytest.fixture
def answers(tmp_path, monkeypatch):
    monkeypatch.delenv("SEDAM_CLIENT", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    folder = tmp_path / "answers"
    shutil.copytree(ROOT / "datasets" / "demo" / "answers", folder)  # ceo.json and others have answers
    return folder


def _landing(answers, monkeypatch, query, language="fr"):
    monkeypatch.setenv("QUERY_STRING", query)
    return app.landing(answers_dir=str(answers), output_dir=str(answers.parent / "out"), language=language)


def test_a_typed_name_with_answers_is_asked_about_on_the_landing_page(answers, monkeypatch):
    land = _landing(answers, monkeypatch, "respondent=ceo&typed=1")
    assert land.ask == "taken"
    assert "Ce nom a déjà des réponses\u00a0: est-ce vous\u00a0?" in land.html and "ajoutez une initiale" in land.html
    assert 'class="sedam-name-same sedam-nav" href="index.ipynb?respondent=ceo"' in land.html  # "yes, it is me"
    assert 'href="01_self_assessment.ipynb"' in land.html  # the stage links name nobody yet
    assert 'name="typed" value="1"' in land.html  # "no": the form to type another name
    # the same name from a link or a reload (no typed=1), or a new name: no question
    assert _landing(answers, monkeypatch, "respondent=ceo").ask is None
    new = _landing(answers, monkeypatch, "respondent=Marie%20D.&typed=1")
    assert new.ask is None and "Marie" in new.html and "respondent=Marie+D." in new.html
    english = _landing(answers, monkeypatch, "respondent=ceo&typed=1", language="en")
    assert "This name already has answers: is it you?" in english.html and "Yes, continue as ceo" in english.html


def test_a_blank_name_on_the_landing_page_gets_a_message(answers, monkeypatch):
    land = _landing(answers, monkeypatch, "respondent=+++&typed=1")
    assert land.ask == "blank" and "Saisissez d’abord votre nom" in land.html
    assert _landing(answers, monkeypatch, "").ask is None


def test_a_stage_page_asks_before_opening_answers_under_a_name_in_use(answers, monkeypatch):
    ctx = open_stage("01_necessity_feasibility", answers_dir=str(answers), output_dir=str(answers.parent / "o"),
                     interactive=True, respondent="", language="fr")
    page = app.stage_page(ctx, "necessity_feasibility", chart=False)
    before = (answers / "01_necessity_feasibility" / "ceo.json").read_bytes()
    page.name_box.value = "ceo"  # Enter in the box, then the button: one question
    page.name_button.click()
    assert page.form is None and "est-ce vous" in page.message.value and page.same_button is not None
    assert page.same_button.description == "Oui, continuer en tant que ceo"
    assert page.other_button.description == "Non, changer de nom"
    page.other_button.click()  # "no": back to the name box, emptied
    assert page.form is None and page.name_box.value == "" and page.message.value == ""
    page.name_box.value = "ceo"  # asked again
    assert page.form is None and "est-ce vous" in page.message.value
    page.same_button.click()
    assert page.form is not None and page.form.doc["answers"]  # "yes, it is me": the answers there
    assert (answers / "01_necessity_feasibility" / "ceo.json").read_bytes() == before  # nothing written


def test_a_new_name_opens_the_form_at_once(answers):
    ctx = open_stage("01_necessity_feasibility", answers_dir=str(answers), output_dir=str(answers.parent / "o"),
                     interactive=True, respondent="")
    page = app.stage_page(ctx, "necessity_feasibility", chart=False)
    assert page.set_name("Marie Dupont") and page.form is not None and not page.form.doc["answers"]


def test_the_facilitator_view_shows_each_checks_time(answers, monkeypatch):
    ctx = open_stage("01_necessity_feasibility", answers_dir=str(answers), output_dir=str(answers.parent / "o"),
                     interactive=True, respondent="", language="fr")
    times = iter(["16:26:40", "16:26:43", "16:28:40"])
    monkeypatch.setattr(fac.time, "strftime", lambda fmt: next(times))
    view = fac.FacilitatorView(ctx, environ={})
    assert "Lu à 16:26:40" in view._stamp.value
    body = view._body.value
    assert view.refresh() is False and "Lu à 16:26:43" in view._stamp.value  # nothing changed: the time moves
    view.button.click()
    assert "Lu à 16:28:40" in view._stamp.value and view._body.value == body and view.reads == 1
