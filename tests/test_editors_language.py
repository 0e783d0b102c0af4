"""The stage 02/03 editors in the client's language, with labels that are never cut and no server path
under the app (issue #16): every fixed text of sedamkit.ui.editors comes from ui_editors.yaml."""
import re
import shutil

import pytest

pytest.importorskip("ipywidgets")

import ipywidgets as w

from sedamkit import application as A
from sedamkit import editors as E
from sedamkit import plan as P
from sedamkit.core.i18n import catalogue


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "srv" / "workshop" / "answers"
    folder.mkdir(parents=True)
    plan, assessment = folder / "plan.yaml", folder / "application.yaml"
    shutil.copy(P.DEMO_PLAN, plan)
    shutil.copy(A.DEMO_APPLICATION, assessment)
    return plan, assessment


def _editors(files, language):
    plan, assessment = files
    plan_result = P.stage_result(P.load_plan(plan))
    return (E.plan_editor(plan, language=language),
            E.assessment_editor(assessment, plan_result=plan_result, language=language),
            E.catalogue_browser(language=language))


def _walk(widget):
    stack = [widget]
    while stack:
        x = stack.pop()
        yield x
        stack.extend(getattr(x, "children", ()) or ())


def _labels(widget) -> list[str]:
    """Every short text a person reads on a widget: labels, tooltips, placeholders, options, tab titles."""
    out = []
    for x in _walk(widget):
        for attr in ("description", "tooltip", "placeholder"):
            v = getattr(x, attr, None)
            if isinstance(v, str) and v:
                out.append(v)
        for opt in getattr(x, "_options_labels", ()) or ():
            out.append(opt)
        out += list(getattr(x, "titles", ()) or ())
    return out


def _html(widget) -> str:
    return " ".join(x.value for x in _walk(widget) if isinstance(x, w.HTML))


def _exercise(plan_ed, assess_ed):
    """Make the editors write every kind of status line: a save, a refused save, a refused removal."""
    plan_ed.preparation["team"].value = "in_progress"
    ok_plan = plan_ed.status.value
    plan_ed.kpis.pick.value = "K1"
    plan_ed.kpis.fields["due"].value = "2025-13-01"
    plan_ed.kpis.save_button.click()
    bad_plan = plan_ed.status.value
    plan_ed.goals.pick.value = E.NEW
    plan_ed.goals.remove_button.click()
    refused = plan_ed.status.value
    assess_ed.element.value = "E7"
    assess_ed.maturity.value = 2
    ok_assess = assess_ed.status.value
    return [ok_plan, bad_plan, refused, ok_assess]


def _english_only():
    """English texts of ui_editors.yaml that differ from their French (placeholders cut out)."""
    texts = []
    for key, tr in catalogue().items():
        if key.startswith("editors.") and tr["en"] != tr.get("fr"):
            texts += [part.strip(" .:—·()") for part in re.split(r"\{[^}]*\}", tr["en"])]
    return {x for x in texts if len(x) >= 3}


def test_french_editors_hold_no_english_catalogue_text(files):
    editors = _editors(files, "fr")
    statuses = _exercise(editors[0], editors[1])
    english = _english_only()
    labels = [lab.strip() for e in editors for lab in _labels(e.widget)]
    for lab in labels:
        assert lab not in english, lab
    html = " ".join([_html(e.widget) for e in editors] + statuses)
    for text in english:
        if len(text) >= 12:  # a sentence of the catalogue, not a word the data may share
            assert text not in html, text
    for fr in ("Enregistrer les informations du programme", "Éditeur du DAAP", "Prévu par le DAAP pour E7",
               "non enregistré", "choisissez d’abord l’objectif à supprimer", "Vision, mission et stratégie",
               "toutes les familles", "Préparation", "Principes"):
        assert fr in " ".join(labels) + html, fr
    assert "PLAN007" in statuses[1] and "Que faire" in statuses[1]


def test_english_editors_keep_their_english(files):
    plan_ed, assess_ed, browser = _editors(files, "en")
    assert plan_ed.general.save_button.description == "Save plan details"
    assert "Application assessment" in _html(assess_ed.widget)
    assert E.plan_editor(files[0]).language == "en"  # no language: English


@pytest.mark.parametrize("language", ("en", "fr"))
def test_labels_and_buttons_take_the_width_their_text_needs(files, language):
    for editor in _editors(files, language):
        for x in _walk(editor.widget):
            if getattr(x, "description", "") and hasattr(x, "style") and hasattr(x.style, "description_width"):
                assert x.style.description_width == "initial", x.description
            if isinstance(x, w.Button):
                assert x.layout.width == "auto", x.description
            if isinstance(x, w.Dropdown) and max(map(len, x._options_labels or ("",))) > 20:
                assert x.layout.width in ("auto", "95%"), x.description


def test_under_the_app_no_server_path_is_shown(files, monkeypatch):
    monkeypatch.setenv("SEDAM_APP", "1")
    plan_ed, assess_ed, browser = _editors(files, "en")
    statuses = _exercise(plan_ed, assess_ed)
    root = str(files[0].parents[2])
    seen = " ".join([_html(e.widget) for e in (plan_ed, assess_ed, browser)] + statuses
                    + [lab for e in (plan_ed, assess_ed) for lab in _labels(e.widget)])
    assert root not in seen and "/srv/workshop" not in seen
    assert "plan.yaml" in _html(plan_ed.widget) and "application.yaml" in _html(assess_ed.widget)
    monkeypatch.delenv("SEDAM_APP")
    assert str(files[0]) in _html(E.plan_editor(files[0]).widget)  # JupyterLab: the full path helps


def test_a_path_inside_a_problem_is_cut_under_the_app(monkeypatch):
    from sedamkit.core.errors import Problem, SedamError

    monkeypatch.setenv("SEDAM_APP", "1")
    err = SedamError(Problem("PLAN007", "/srv/ws/answers/02_daap/plan.yaml", "kpis[0].due", "bad date",
                             "write it as 2025-12-31"))
    text = E._problems_text(err, "fr")
    assert "/srv" not in text and "plan.yaml" in text and text.startswith("non enregistré")
    assert E.scrub_paths("OSError: [Errno 13] Permission denied: '/srv/ws/plan.yaml'").endswith("'plan.yaml'")


def test_the_app_pages_and_notebooks_pass_the_language():
    import json

    from conftest import ROOT

    for nb, calls in (("02_daap", ["plan_editor(plan_path, language=ctx.language)"]),
                      ("03_application", ["catalogue_browser(language=ctx.language)", "language=ctx.language"])):
        code = "".join("".join(c["source"]) for c in json.loads((ROOT / "notebooks" / f"{nb}.ipynb").read_text())["cells"])
        for call in calls:
            assert call in code, (nb, call)
    src = (ROOT / "sedamkit" / "ui" / "app_facilitator.py").read_text()
    assert src.count("language=ctx.language") >= 2


def test_long_goal_texts_are_not_cut_mid_word(files):
    plan_ed = E.plan_editor(files[0], language="fr")
    for label, value in plan_ed.goals.pick.options[1:] + plan_ed.kpis.fields["goals"].options:
        goal = next(g for g in plan_ed.plan["goals"] if g["id"] == value)
        text = " ".join(goal["text"].split())
        shown = label.split(" · ", 1)[1]
        assert shown == text or (shown.endswith("…") and text.startswith(shown[:-1]) and len(shown) > 50)


def test_the_french_plan_editor_words_its_problems_and_areas_in_french(files):
    """A French plan editor: an end before the start is said in French (code kept), the readiness areas a
    goal, phase or risk addresses are named, never shown as ids; English stays as the plan check words it."""
    fr = E.plan_editor(files[0], language="fr")
    fr.general.fields["end"].value = "2000-01-01"
    fr.general.save_button.click()
    status = fr.status.value
    assert "PLAN008" in status and "la période se termine (2000-01-01) avant de commencer" in status
    assert "Que faire\u00a0:" in status or "Que faire :" in status
    assert "the period ends" not in status and "swap the dates" not in status
    areas = dict((v, k) for k, v in fr.goals.fields["addresses"].options)
    assert areas["funding"] == "Financement" and areas["strategy_impact"] == "Effet sur la stratégie d'excellence de service"
    assert not [k for k in areas.values() if re.fullmatch(r"[a-z_]+", k)]
    en = E.plan_editor(files[0], language="en")
    en.general.fields["end"].value = "2000-01-01"
    en.general.save_button.click()
    assert "the period ends (2000-01-01) before it starts" in en.status.value
    assert "What to do: swap the dates or correct the end" in en.status.value
