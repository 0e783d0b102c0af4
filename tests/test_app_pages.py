"""The workshop pages of the app without a browser: the stage 05/06 questionnaire pages for every client,
the answers files they write, the facilitator view's numbers against stage 01's scoring, the join link,
the editor pages and the French texts (sedamkit.ui.app_pages, sedamkit.ui.app_facilitator)."""
import asyncio
import json
import re
import shutil

import nbformat
import pytest

import sedamkit.ui.app as app
import sedamkit.ui.app_facilitator as fac
import sedamkit.ui.app_pages as pages
from sedamkit.core.answers import load_all, responses_frame
from sedamkit.core.errors import SedamError
from sedamkit.methods.scoring import readiness
from sedamkit.ui.context import open_stage

from conftest import ROOT

CLIENTS = ("demo", "hopitaux-estuaire", "brightlane")
QUESTIONNAIRES = {"mission_review": "05_evaluation", "approach_ratings": "05_evaluation",
                  "improvement_scores": "06_improvement"}
FOLDERS = {"mission_review": "05_evaluation/mission", "approach_ratings": "05_evaluation/approaches",
           "improvement_scores": "06_improvement/scores"}


@pytest.fixture
def workshop(tmp_path, monkeypatch):
    """``open(client, stage, respondent="")``: a context on a copy of the client's answers (as the app has)."""
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("SEDAM_CLIENT", raising=False)
    monkeypatch.delenv(fac.URL_ENV, raising=False)

    def open_(client, stage, respondent=""):
        answers = tmp_path / client / "answers"
        if not answers.exists():
            shutil.copytree(ROOT / "datasets" / client / "answers", answers)
        return open_stage(stage, client_dir=str(ROOT / "datasets" / client), answers_dir=str(answers),
                          output_dir=str(tmp_path / client / "out"), respondent=respondent)

    return open_


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# -- the stage 05 and 06 pages -----------------------------------------------------------------------------

@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("questionnaire", sorted(QUESTIONNAIRES))
def test_each_page_is_built_for_each_client_and_saves_where_the_stage_reads(workshop, client, questionnaire):
    ctx = workshop(client, QUESTIONNAIRES[questionnaire])
    page = app.stage_page(ctx, questionnaire)
    assert isinstance(page, app.StagePage) and page.form is None and page.name_box is not None
    assert page.spec.stage == FOLDERS[questionnaire]
    assert page_title_in(page.header, pages.page_title(questionnaire, ctx.language))
    assert page.set_name("Anne Marie Ødegård")
    item = page.spec.items[0].id
    page.form.answer(item, 4, comment="seen <b>twice</b>")
    path = ctx.answers_dir / FOLDERS[questionnaire] / f"{ctx.respondent}.json"
    assert path == ctx.answers_file(page.spec) and path.is_file()
    doc = json.loads(path.read_text())
    assert doc["answers"] == {item: 4} and doc["name"] == "Anne Marie Ødegård"
    # what the stage itself reads from that folder holds the answer
    stage_docs = load_all(ctx.answers_dir, page.spec, FOLDERS[questionnaire])
    assert any(d["respondent"] == ctx.respondent and d["answers"].get(item) == 4 for d in stage_docs)
    live = page.live()._repr_html_()
    assert 'class="sedam-answered">1/' in live
    assert "<b>twice</b>" not in live  # comments never reach the panel unescaped


def page_title_in(header, title):
    return title in header


def test_the_approach_page_lists_the_plans_approaches_and_the_scores_page_the_stages_candidates(workshop):
    from sedamkit.stages.evaluation.api import earlier_result
    from sedamkit.stages.evaluation.approaches import planned_approaches
    from sedamkit.stages.improvement.api import collect_candidates, earlier_results

    ctx5 = workshop("brightlane", "05_evaluation", "r1")
    plan_r, _ = earlier_result(ctx5, "02_daap")
    spec = pages.page_spec(ctx5, "approach_ratings")
    assert [a["id"] for a in spec.areas] == [a for a, _, _ in planned_approaches(plan_r)]
    ctx6 = workshop("brightlane", "06_improvement", "r1")
    cands = collect_candidates(earlier_results(ctx6)[0])
    spec6 = pages.page_spec(ctx6, "improvement_scores")
    assert {a["id"] for a in spec6.areas} >= set(cands["candidate"])
    assert len(cands) > 0


def test_an_unknown_page_questionnaire_is_web007(workshop):
    with pytest.raises(SedamError) as e:
        pages.page_data(workshop("demo", "05_evaluation", "r1"), "kpi_status")
    assert e.value.codes == ["WEB007"]


def test_the_mission_page_shows_the_mission_escaped(workshop):
    ctx = workshop("demo", "05_evaluation", "r1")
    page = app.stage_page(ctx, "mission_review")
    assert "sedam-mission" in page.header and "<blockquote>" in page.header
    assert ctx.client["mission"][:20] in page.header


def test_a_page_with_nothing_to_ask_says_so_in_one_line(workshop, monkeypatch):
    import pandas as pd

    import sedamkit.stages.improvement.api as imp

    empty = imp.collect_candidates({}).iloc[0:0]
    monkeypatch.setattr(imp, "collect_candidates", lambda results: empty)
    ctx = workshop("brightlane", "06_improvement")
    page = app.stage_page(ctx, "improvement_scores")
    assert isinstance(page, pages.NothingToAsk) and page.form is None
    assert page.data.reason.count(".") == 1 and "nothing to score" in page.html
    assert isinstance(empty, pd.DataFrame)

    import sedamkit.stages.evaluation.api as ev

    monkeypatch.setattr(ev, "mission_text", lambda client, plan=None: {"text": "", "source": None})
    ctx = workshop("hopitaux-estuaire", "05_evaluation")
    page = app.stage_page(ctx, "mission_review")
    assert isinstance(page, pages.NothingToAsk)
    assert "rien à examiner" in page.html
    monkeypatch.setattr(ev, "approach_spec", ev.approach_spec)
    monkeypatch.setattr("sedamkit.stages.evaluation.approaches.planned_approaches", lambda plan: [])
    page = app.stage_page(ctx, "approach_ratings")
    assert isinstance(page, pages.NothingToAsk) and "rien à noter" in page.html


def test_a_broken_answers_file_is_shown_in_plain_words(workshop):
    ctx = workshop("brightlane", "05_evaluation")
    folder = ctx.answers_dir / "05_evaluation" / "mission"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken.json").write_text("{")
    page = app.stage_page(ctx, "mission_review")
    # Ann can answer; the team panel, which reads everyone's file, says which file is broken, in plain words
    assert page.set_name("Ann") is True and page.form is not None
    shown = " ".join(str(o.get("data", {}).get("text/html", "")) for o in page.form.output.outputs)
    assert "sedam-problem" in shown and "ANS001" in shown
    assert "Traceback" not in shown and str(ctx.answers_dir) not in shown
    assert (folder / "broken.json").read_text() == "{", "left untouched"


def test_french_pages_speak_french_with_french_numbers(workshop):
    ctx = workshop("hopitaux-estuaire", "05_evaluation", "r1")
    assert ctx.language == "fr"
    page = app.stage_page(ctx, "approach_ratings")
    assert "Notation des approches numériques" in page.header
    assert "Le programme compte" in page.lead
    page.form.answer(page.spec.items[0].id, 4)
    page.form.answer(page.spec.items[1].id, 3)
    h = page.live()._repr_html_()
    assert "L&#x27;équipe jusqu&#x27;ici" in h and "Adaptée" in h and "4,0" in h
    assert "The team" not in h and "Suitable" not in h
    ctx6 = workshop("hopitaux-estuaire", "06_improvement", "r1")
    h6 = app.stage_page(ctx6, "improvement_scores").live()._repr_html_()
    assert "non notée" in h6 and "Effet" in h6 and "Piste" in h6


def test_the_landing_page_lists_every_questionnaire_page(workshop):
    ctx = workshop("demo", "01_necessity_feasibility", "r1")
    land = app.landing(answers_dir=str(ctx.answers_dir), output_dir=str(ctx.output_dir), respondent="r1")
    assert [r["notebook"] for r in land.rows] == [s.notebook for s in app.APP_STAGES]
    rows = {r["notebook"]: r for r in land.rows}
    assert rows["05_mission_review"]["respondents"] == len(list((ctx.answers_dir / "05_evaluation" / "mission").glob("*.json")))
    assert rows["06_scores"]["total"] > 0 and rows["05_approach_ratings"]["answered"] == 0
    fr = workshop("hopitaux-estuaire", "01_necessity_feasibility", "r1")
    land_fr = app.landing(client_dir=str(fr.client_dir), answers_dir=str(fr.answers_dir),
                          output_dir=str(fr.output_dir), respondent="r1")
    assert "Revue de la mission" in land_fr.html and "Effet et effort des améliorations" in land_fr.html


def test_live_panels_follow_the_stage_scoring(workshop):
    from sedamkit.stages.evaluation.api import load_answers, mission_review

    ctx = workshop("demo", "05_evaluation", "r1")
    page = app.stage_page(ctx, "mission_review")
    review = mission_review(load_answers(ctx.answers_dir, page.spec, "mission"), page.spec)
    h = page.live()._repr_html_()
    assert f'class="sedam-score-team">{round(review.overall)}<' in h
    assert page.live() is page.live(), "unchanged answers: the panel is reused"
    flagged = set(review.areas.loc[~review.areas["consensus"], "area"])
    assert {m for m in re.findall(r'sedam-area-([a-z_]+) sedam-no-consensus', h)} == flagged


# -- the facilitator view ------------------------------------------------------------------------------------

@pytest.mark.parametrize("client", CLIENTS)
def test_facilitator_numbers_are_stage_01s_scoring_of_the_same_answers(workshop, client):
    ctx = workshop(client, "01_necessity_feasibility")
    view = fac.FacilitatorView(ctx, environ={})
    spec = ctx.spec("necessity_feasibility")
    ref = readiness(responses_frame(load_all(ctx.answers_dir, spec, ctx.stage.id), spec), spec)
    got = view.readiness.areas.set_index("area")
    exp = ref.areas.set_index("area")
    assert list(got.index) == list(exp.index)
    for col in ("n", "mean", "sd", "consensus"):
        assert got[col].fillna(-1).tolist() == exp[col].fillna(-1).tolist(), col
    assert view.readiness.decision == ref.decision
    from sedamkit.core.numfmt import number

    for area, r in exp.iterrows():  # every row of the page shows the stage's mean and spread
        row = re.search(rf'<tr class="sedam-area-{area}[^"]*">(.*?)</tr>', view.html).group(1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        assert cells[1] == number(r["mean"], ctx.language) and cells[2] == number(r["sd"], ctx.language)
        assert ("sedam-no-consensus" in re.search(rf'<tr class="sedam-area-{area}[^"]*">', view.html).group(0)) \
            == (not r["consensus"])
    n_files = len(list((ctx.answers_dir / ctx.stage.id).glob("*.json")))
    assert view.counts[0]["people"] == n_files
    assert f'class="sedam-count">{n_files}<' in view.html
    label = {"en": {"prepare_first": "Prepare first", "go": "Go", "not_now": "Not now"},
             "fr": {"prepare_first": "Se préparer d&#x27;abord", "go": "Feu vert", "not_now": "Pas maintenant"}}
    assert f'class="sedam-decision">{label[ctx.language][ref.decision["decision"]]}<' in view.html


def test_facilitator_refreshes_when_an_answer_arrives_and_only_then(workshop):
    ctx = workshop("brightlane", "01_necessity_feasibility")
    view = fac.FacilitatorView(ctx, environ={})
    before = view.counts[1]["people"]
    assert view.refresh() is False and view.reads == 1
    p2 = workshop("brightlane", "05_evaluation")
    page = app.stage_page(p2, "mission_review")
    page.set_name("Zoë Newcomer")
    page.form.answer(page.spec.items[0].id, 5)
    assert view.refresh() is True and view.reads == 2
    assert view.counts[1]["people"] == before + 1
    assert view.widget is not None and view._body.value == view.html
    view.button.click()  # the button re-reads too (nothing changed: no redraw)
    assert view.reads == 2


def test_facilitator_refreshes_on_its_own(workshop):
    ctx = workshop("demo", "01_necessity_feasibility")
    src = ctx.answers_dir / ctx.stage.id

    async def scenario():
        view = fac.facilitator_page(ctx, interval=0.05, environ={})
        assert view._task is not None
        doc = json.loads(next(src.glob("*.json")).read_text())
        doc["respondent"] = "late-comer"
        doc.pop("name", None)
        (src / "late-comer.json").write_text(json.dumps(doc))
        for _ in range(100):
            await asyncio.sleep(0.05)
            if view.reads > 1:
                break
        view.stop()
        return view

    view = asyncio.run(scenario())
    assert view.reads == 2 and view.counts[0]["people"] == len(list(src.glob("*.json")))
    async def bounded():  # the automatic re-reads end after refresh_for seconds
        view = fac.facilitator_page(ctx, interval=0.01, environ={}, refresh_for=0.05)
        await asyncio.sleep(0.3)
        return view._task.done()

    assert asyncio.run(bounded())
    # no running loop: a thread timer does the same
    threaded = fac.FacilitatorView(ctx, interval=0.05, environ={}).start()
    assert threaded._timer is not None
    threaded.stop()


def test_join_link_and_qr_code(workshop):
    ctx = workshop("demo", "01_necessity_feasibility")
    url = "http://192.168.0.20:8866/voila/render/index.ipynb?code=Kf3x"
    view = fac.FacilitatorView(ctx, environ={fac.URL_ENV: url})
    h = view.join_html()
    assert "<svg" in h and "segno" in h and f'href="{url}"' in h
    assert "http" not in re.sub(r'(href="[^"]+"|>[^<]*' + re.escape(url) + r"[^<]*<|<title>[^<]*</title>|aria-label=\"[^\"]*\")",
                                "", h), "the QR code is drawn inline, nothing fetched"
    nolink = fac.FacilitatorView(ctx, environ={}).join_html()
    assert "<svg" not in nolink and "SEDAM_APP_URL" in nolink
    with pytest.raises(SedamError) as e:
        fac.FacilitatorView(ctx, environ={fac.URL_ENV: "javascript:alert(1)"})
    assert e.value.codes == ["WEB030"]


def test_facilitator_view_in_french(workshop):
    ctx = workshop("hopitaux-estuaire", "01_necessity_feasibility")
    view = fac.FacilitatorView(ctx, environ={fac.URL_ENV: "https://atelier.local/voila/render/index.ipynb"})
    text = _text(view.html + view.join_html())
    for fr in ("Combien ont répondu", "La décision en l'état", "Étape 01 : préparation par domaine",
               "Rejoindre l'atelier", "relit les réponses toutes les 3 secondes"):
        assert fr.replace("'", "&#x27;") in text or fr in text, fr
    for en in ("How many", "decision as it stands", "Join the workshop", "agree"):
        assert en not in text, en


# -- the editor pages ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("client", CLIENTS)
def test_editor_pages_work_on_the_working_copies(workshop, client):
    from sedamkit.ui.editors import AssessmentEditor, PlanEditor

    committed_plan = (ROOT / "datasets" / client / "plan.yaml").read_bytes()
    ctx2 = workshop(client, "02_daap")
    plan = fac.plan_page(ctx2)
    assert isinstance(plan.editor, PlanEditor) and plan.path == ctx2.answers_dir / "02_daap" / "plan.yaml"
    ctx3 = workshop(client, "03_application")
    assessment = fac.assessment_page(ctx3)
    assert isinstance(assessment.editor, AssessmentEditor)
    assert assessment.path == ctx3.answers_dir / "03_application" / "application.yaml"
    for page in (plan, assessment):
        assert str(ctx2.answers_dir) not in page.header and str(ROOT) not in page.header  # no server path
        assert page.widget is not None
    assert (ROOT / "datasets" / client / "plan.yaml").read_bytes() == committed_plan
    if ctx2.language == "fr":
        assert "copie de travail" in plan.header and "Toutes les étapes" in plan.header


def test_links_keep_the_workshop_code_but_not_the_respondent(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "code=Kf3x&respondent=jose")
    h = fac.page_links("en")
    assert 'href="05_mission_review.ipynb?code=Kf3x"' in h and "respondent" not in h


# -- notebooks ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("stem,call", [("05_mission_review", 'sk.app.stage_page(ctx, "mission_review")'),
                                       ("05_approach_ratings", 'sk.app.stage_page(ctx, "approach_ratings")'),
                                       ("06_scores", 'sk.app.stage_page(ctx, "improvement_scores")'),
                                       ("facilitator", "sk.app_facilitator.facilitator_page(ctx)"),
                                       ("02_plan", "sk.app_facilitator.plan_page(ctx)"),
                                       ("03_assessment", "sk.app_facilitator.assessment_page(ctx)")])
def test_page_notebooks_call_the_package(stem, call):
    nb = nbformat.read(ROOT / "notebooks" / "app" / f"{stem}.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert call in code and f'open_stage("{nb.metadata["sedam"]["stage"]}"' in code
    assert "shown_as_problem" in code


# -- French words on the French pages (a first French workshop showed English, codes and ids) ---------------

_ENGLISH_CANDIDATE_WORDS = ("Plan:", "Build up", "Rethink", "Close the gap", "Start measuring", "back on track",
                            "Fix a basic", "Remove a pain point", "is not started", "is not checked", "latest ",
                            "expected", "blocking readiness gap", "No longer listed")


def _no_code_or_id(text):
    """No flag code, no candidate or item id, no English decimal point in ``text``."""
    return not re.search(r"\bPLAN\d{3}\b|\bs0\d_[a-z]+|\b[a-z]+_[a-z_]+\b|\d\.\d", text)


def test_the_french_scores_page_asks_in_french_without_codes_or_ids(workshop, tmp_path):
    ctx = workshop("hopitaux-estuaire", "06_improvement", "r1")
    # a candidate scored earlier and no longer listed is kept: it is named, not shown by its id
    old = ctx.answers_dir / "06_improvement" / "scores" / "ancien.json"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text(json.dumps({"respondent": "ancien", "questionnaire": "improvement_scores", "version": 1,
                               "answers": {"s01_gap_funding__impact": 4, "s02_flag_plan211_decision__impact": 2},
                               "comments": {}}), encoding="utf-8")
    page = app.stage_page(ctx, "improvement_scores")
    spec = page.spec
    texts = [spec.text(g["title"]) for g in spec.groups] + [spec.text(a["title"]) for a in spec.areas] \
        + [spec.text(i.text) for i in spec.items]
    every = "\n".join(texts)
    for english in _ENGLISH_CANDIDATE_WORDS:
        assert english not in every, english
    assert _no_code_or_id(every), [x for x in texts if not _no_code_or_id(x)][:3]
    assert any(t.startswith("Renforcer\u00a0: Financement") for t in texts)          # s01_gap_funding
    assert any("décision de maturité" in t for t in texts)                          # s02_flag_plan211_decision
    # the heading's clause is shown once, by the form
    assert "Optimiser le programme (DAAP)" in texts and not [g for g in texts if re.search(r"\(8\.2\.\d\)", g)]
    page.form.answer(spec.items[0].id, 4)
    page.form.answer(spec.items[1].id, 2)
    live = _text(page.live()._repr_html_())
    for english in _ENGLISH_CANDIDATE_WORDS:
        assert english not in live, english
    assert "4,0" in live and "2,0" in live
    # the page offers no "Don't know": the header does not promise it
    assert "Je ne sais pas" not in page.header and "enregistrés aussitôt" in page.header
    # under each question: French spacing before the semicolon
    assert "\u00a0; article 8.2" in _all_html(page.form.widget) and " ; article" not in _all_html(page.form.widget)
    assert "; article" not in _all_html(page.form.widget).replace("\u00a0; article", "")


def _all_html(widget):
    out, todo = [], [widget]
    while todo:
        x = todo.pop()
        todo += list(getattr(x, "children", ()) or ())
        if isinstance(getattr(x, "value", None), str):
            out.append(x.value)
    return " ".join(out)


def test_the_english_scores_page_keeps_its_words_and_shows_a_clause_once(workshop):
    ctx = workshop("demo", "06_improvement", "r1")
    page = app.stage_page(ctx, "improvement_scores")
    titles = [page.spec.text(g["title"]) for g in page.spec.groups]
    assert "Optimizing the DAAP" in titles and not [g for g in titles if "(8.2" in g]
    areas = [page.spec.text(a["title"]) for a in page.spec.areas]
    assert any(a.startswith("Plan: ") for a in areas) and "Don't know" not in page.header
    assert "(Very small … Very large; clause 8.2)" in _text(_all_html(page.form.widget))


def test_former_candidates_are_named_from_their_id():
    from sedamkit.stages.improvement.texts import former_candidate_title

    assert former_candidate_title("s01_gap_funding", {}, "fr") == "Renforcer : Financement"
    assert former_candidate_title("s01_gap_funding", {}, "en") == "Build up: Funding"
    assert former_candidate_title("s03_gap_e6", {}, "fr").startswith("Combler l'écart sur « Concevoir")
    assert former_candidate_title("s02_flag_plan211_decision", {}, "fr").startswith("Programme : ")
    assert former_candidate_title("nothing_like_an_id", {}, "fr") == "Une piste qui n’est plus dans la liste"


def test_the_french_approach_page_names_approaches_in_french(workshop):
    ctx = workshop("hopitaux-estuaire", "05_evaluation", "r1")
    page = app.stage_page(ctx, "approach_ratings")
    from sedamkit.core.kittext import kit_text
    from sedamkit.core.names import catalogue_names

    kit = [a["id"] for a in page.spec.areas if a["id"] in catalogue_names()]
    assert kit, "the French client plans kit approaches"
    for aid in kit:
        english = catalogue_names()[aid]
        french = kit_text("approach", aid, "fr")
        area = next(a for a in page.spec.areas if a["id"] == aid)
        assert page.spec.text(area["title"]) == french != english
        assert not [i for i in page.spec.items if i.area == aid and english in page.spec.text(i.text)]
    page.form.answer(page.spec.items[0].id, 2)
    live = _text(page.live()._repr_html_())
    assert catalogue_names()[kit[0]] not in live and kit_text("approach", kit[0], "fr") in live
    assert "Les approches numériques du programme" in page.header   # this page's line, not the KPI stage's
    assert "« Je ne sais pas »" in page.header                     # this page has that answer


def test_one_approach_is_counted_in_the_singular(workshop, monkeypatch):
    import sedamkit.stages.evaluation.approaches as ap

    ctx = workshop("hopitaux-estuaire", "05_evaluation", "r1")
    planned = ap.planned_approaches
    monkeypatch.setattr(ap, "planned_approaches", lambda pr: planned(pr)[:1])
    lead = _text(pages.page_data(ctx, "approach_ratings").lead)
    assert "Le programme compte 1 approche numérique ; notez-la" in lead and "approches" not in lead.split(";")[0]


def test_the_facilitator_notice_has_the_french_colon(workshop):
    ctx = workshop("hopitaux-estuaire", "02_daap")
    html = fac.FacilitatorOnly(ctx).html
    assert "Que faire :" in _text(html) and "Que faire:" not in _text(html)


def test_the_waiting_notice_and_the_loading_words_are_true_for_one_person():
    from sedamkit.ui.app_voila import loading_texts, starting_notice

    fr = starting_notice("fr")
    assert "Cela prend quelques secondes" in fr and "Beaucoup de personnes ouvrent des pages en même temps :" not in fr
    assert "Many people are opening pages at once, so" not in starting_notice("en")
    words = loading_texts("fr")
    assert words["running"].format(i=2, n=3) == "Préparation de la page (2 sur 3)…"
    assert not [w for w in words.values() if re.search(r"Executing|Loading widget|Running", w)]
