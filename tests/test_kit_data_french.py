"""The kit's own data texts in French (issues #14, #16): every text of the kit's data files has its French
(sedamkit.core.kittext), French editors, tables and figures show it, and a client's own wording wins."""
import re
import shutil

import pytest
import yaml

from sedamkit.core.i18n import catalogue
from sedamkit.core.kittext import KINDS, kit_english, kit_key, kit_text, missing_kit_texts


def _french_differs():
    """Every kit text (≥ 12 characters) whose French differs from its English: none may show in French."""
    cat = catalogue()
    out = set()
    for kind in KINDS:
        for ident, en in kit_english(kind).items():
            fr = (cat.get(kit_key(kind, ident)) or {}).get("fr")
            if fr and fr != en and len(en) >= 12:
                out.add(en)
    return out


def test_every_kit_text_has_a_french_version():
    assert missing_kit_texts("fr") == []
    n = sum(len(kit_english(k)) for k in KINDS)
    assert n > 150                                     # approaches, families, levels, questions, KPIs, ...


def test_the_english_copies_in_the_catalogue_still_match_the_data_files():
    from sedamkit.core import paths

    cat = yaml.safe_load((paths.data_dir() / "i18n" / "ui_kitfr.yaml").read_text(encoding="utf-8"))
    stale = []
    for kind in KINDS:
        for ident, en in kit_english(kind).items():
            entry = cat.get(kit_key(kind, ident)) or catalogue().get(kit_key(kind, ident))
            if entry["en"] != en:
                stale.append((kit_key(kind, ident), entry["en"], en))
    assert not stale, stale


def test_the_french_is_plain_french_not_a_copy():
    cat = catalogue()
    for kind in ("approach_desc", "family", "family_desc", "maturity_desc", "question"):
        for ident, en in kit_english(kind).items():
            fr = cat[kit_key(kind, ident)]["fr"]
            assert fr != en and not fr.startswith(" "), (kind, ident)
            if kind == "question":
                assert fr.endswith(" ?"), fr                  # French typography: a space before "?"


def test_a_clients_own_text_wins():
    assert kit_text("family_desc", "platforms", "fr", shown="Our channels") == "Our channels"
    assert kit_text("question", "security_1", "fr").startswith("Les données des clients")
    assert kit_text("question", "own_q", "fr", shown="Our question?") == "Our question?"
    assert kit_text("maturity_desc", 0, "en") == kit_english("maturity_desc")["0"]
    with pytest.raises(KeyError):
        kit_text("nope", "x", "fr")


def test_frames_the_notebooks_show_are_french():
    from sedamkit import application as A
    from sedamkit import catalogue as C
    from sedamkit import plan as P

    english = _french_differs()
    frames = [C.families_frame(language="fr"), C.approaches_frame(language="fr"), C.search(element="E5", language="fr"),
              A.maturity_levels(language="fr"), P.principle_questions(language="fr")]
    for df in frames:
        for col in df.columns:
            if df[col].dtype == object:
                shown = set(map(str, df[col]))
                assert not shown & english, (col, sorted(shown & english)[:3])
    assert "Plateformes et canaux" in set(frames[0]["family_name"])
    assert C.search("tableau de bord", language="fr")["approach"].tolist()[:1] == ["kpi_dashboard"]
    assert C.approaches_frame()["description"].iloc[0] == kit_english("approach_desc")["online_survey"]


def test_a_client_catalogue_keeps_its_own_names_in_french():
    from sedamkit import catalogue as C

    cat = C.load_catalogue()
    cat["families"]["platforms"]["name"] = "Nos canaux"
    cat["approaches"][0]["name"] = "Notre enquête maison"
    df = C.approaches_frame(cat, language="fr")
    assert df.iloc[0]["name"] == "Notre enquête maison"
    assert C.families_frame(cat, language="fr").set_index("family").at["platforms", "family_name"] == "Nos canaux"
    assert C.approach_label(cat["approaches"][0]["id"], "fr", "Notre enquête maison") == "Notre enquête maison"


# ------------------------------------------------------------------ the editors
@pytest.fixture
def files(tmp_path):
    pytest.importorskip("ipywidgets")
    from sedamkit import application as A
    from sedamkit import plan as P

    folder = tmp_path / "answers"
    folder.mkdir()
    plan, assessment = folder / "plan.yaml", folder / "application.yaml"
    shutil.copy(P.DEMO_PLAN, plan)
    shutil.copy(A.DEMO_APPLICATION, assessment)
    return plan, assessment


def _seen(widget) -> str:
    """Every text a person reads on a widget tree: HTML, labels, tooltips, options, tab titles."""
    import ipywidgets as w

    out, stack = [], [widget]
    while stack:
        x = stack.pop()
        stack.extend(getattr(x, "children", ()) or ())
        if isinstance(x, w.HTML):
            out.append(x.value)
        for attr in ("description", "tooltip", "placeholder"):
            v = getattr(x, attr, None)
            if isinstance(v, str):
                out.append(v)
        out += list(getattr(x, "_options_labels", ()) or ()) + list(getattr(x, "titles", ()) or ())
    return " ".join(out)


def test_french_editors_show_no_english_kit_text(files):
    from html import unescape

    from sedamkit import editors as E
    from sedamkit import plan as P

    plan, assessment = files
    plan_ed = E.plan_editor(plan, language="fr")
    assess_ed = E.assessment_editor(assessment, plan_result=P.stage_result(P.load_plan(plan)), language="fr")
    browser = E.catalogue_browser(language="fr")
    seen = [_seen(plan_ed.widget), _seen(browser.widget)]
    for el in [f"E{i}" for i in range(1, 10)]:
        assess_ed.element.value = el
        for level in range(5):
            assess_ed.maturity.value = level
            seen.append(_seen(assess_ed.widget))
    text = unescape(" ".join(seen))
    english = _french_differs()
    shown = sorted(x for x in english if x in text)
    assert not shown, shown[:5]
    for fr in (kit_text("question", "ethics_2", "fr"), kit_text("maturity_desc", 4, "fr"),
               kit_text("family", "analytics_ai", "fr"), kit_text("approach_desc", "chatbot", "fr")):
        assert fr in text, fr


def test_english_editors_keep_the_kit_english(files):
    from html import unescape

    from sedamkit import editors as E

    text = unescape(_seen(E.plan_editor(files[0], language="en").widget) + _seen(E.catalogue_browser().widget))
    assert kit_english("question")["ethics_2"] in text and kit_english("approach_desc")["chatbot"] in text


# ------------------------------------------------------------------ figures
def _figure_texts(fig) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.canvas.draw()
    return " ".join(t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")) if t.get_visible())


def test_stage04_figures_draw_their_text_in_french():
    import pandas as pd

    from sedamkit.methods import journey_plots, kano_plots, sentiment
    from sedamkit.methods.plots import new_figure

    cont = pd.DataFrame({"feature": ["f1"], "dysfunctional_mean": [1.0], "functional_mean": [2.5],
                         "dysfunctional_sd": [0.5], "functional_sd": [0.5]})
    cc = pd.DataFrame({"touchpoint": ["t"], "name": ["Accueil"], "customer_centricity": [4], "participation": [2]})
    sh = pd.DataFrame({"name": ["Accueil"], "pct_negative": [20.0], "pct_neutral": [30.0], "pct_positive": [50.0]})
    for draw, english in ((lambda ax: kano_plots.plot_continuous(cont, ax=ax, language="fr"),
                           ["Kano continuous", "how much", "one-dimensional", "must-be"]),
                          (lambda ax: journey_plots.plot_co_creation(cc, ax=ax, language="fr"),
                           ["Co-creation by", "provider", "self-service", "standard delivery"]),
                          (lambda ax: sentiment.plot_shares(sh, label="name", ax=ax, language="fr"),
                           ["Sentiment of", "share of comments", "negative", "positive"])):
        fig = new_figure(figsize=(7, 5))
        text = _figure_texts(draw(fig.add_subplot()).figure)
        assert not [e for e in english if e in text], text
    fig = new_figure(figsize=(7, 5))
    assert "Kano continuous analysis" in _figure_texts(kano_plots.plot_continuous(cont, ax=fig.add_subplot()).figure)


def test_kpi_titles_wrap_on_two_lines_and_reasons_are_french():
    from sedamkit.stages.evaluation.plots import _wrapped
    from sedamkit.stages.evaluation.reasons import reason_text

    for kpi in ("retention_rate", "employee_turnover", "process_completion_time", "cost_reduction_rate"):
        name = kit_english("kpi")[kpi]
        title = _wrapped({"id": "K1", "name": name, "kpi": kpi}, 26, "fr")
        lines = title.split("\n")
        assert len(lines) <= 2 and all(len(x) <= 26 for x in lines), title
        assert "…" not in title and title.replace("\n", " ") == "K1 " + kit_text("kpi", kpi, "fr"), title
    assert _wrapped({"id": "K2", "name": "Net promoter score (NPS)", "kpi": "nps"}, 26, "fr") == "K2 NPS"
    assert _wrapped({"id": "K9", "name": "Our own very long indicator name that goes on and on", "kpi": "custom"},
                    26, "fr").endswith("…")
    for reason in ("EVAL101: custom KPI names no data column; add data: {dataset, column} to the plan",
                   "EVAL102: client.yaml names no 'ops' data file (data: {ops: data/<file>.csv})",
                   "EVAL102: the KPI names no dataset", "EVAL103: data file data/x.csv is missing",
                   "EVAL104: dataset 'ops' has no column(s) calls, visits",
                   "EVAL105: dataset 'ops' has no values for this KPI", "EVAL106: the kit has no formula for 'x'",
                   "no value for this region"):
        fr = reason_text(reason, "fr")
        assert not re.search(r"\b(names|has no|missing|formula|the KPI|value for)\b", fr), fr
        assert not re.match(r"EVAL\d", fr)


# ------------------------------------------------------------------ notebook lines and learner text
def test_notebook_lines_come_from_the_catalogue_in_both_languages():
    import pandas as pd

    from sedamkit import application as A
    from sedamkit import plan as P
    from sedamkit.core.exercises import Feedback

    plan = P.load_plan(P.DEMO_PLAN)
    assert P.plan_file_note("/p/plan.yaml", "fr") == "Fichier du programme pour cette exécution : `/p/plan.yaml`"
    assert P.plan_file_note("/p/plan.yaml", "en") == "Plan file for this run: `/p/plan.yaml`"
    assert " au " in P.plan_heading(plan, "fr") and " to " in P.plan_heading(plan, "en")
    assert P.preparation_note(plan, "fr").startswith("Préparation : **")
    result = {"flags": [1, 2], "readiness": {"ignored_blocking": []}}
    assert P.result_note("/r.json", result, "fr").endswith("écarts bloquants ignorés : aucun.")
    weak = pd.DataFrame({"principle": ["inclusivity"], "principle_name": ["Inclusivity"], "status": ["weak"]})
    assert P.weak_principles_note(weak, "fr") == "Faibles ou sans réponse : Inclusion"
    assert A.plan_source_note("result", "en") == "Planned approaches come from: **stage 02 result**."
    assert "lue dans `/a.yaml`" in A.assessment_note({"client": "C*", "assessed": "2025"}, "/a.yaml", "fr")
    assert "C\\*" in A.assessment_note({"client": "C*", "assessed": "2025"}, "/a.yaml", "fr")   # client text escaped
    assert A.result_note("/r.json", {"gaps": [{"element": "E3"}], "priority_order": ["E3"]}, "fr").endswith(
        "écarts : E3 ; première priorité : E3.")
    assert repr(Feedback(False, "x", language="fr")).startswith("✘ Pas encore\u00a0: ") or \
        repr(Feedback(False, "x", language="fr")).startswith("✘ Pas encore : ")
    assert repr(Feedback(False, "x", language="en")).startswith("✘ Not yet: ")


def test_notebooks_call_the_functions_not_english_f_strings():
    import json

    from conftest import ROOT

    code = {nb: "".join("".join(c["source"]) for c in json.loads((ROOT / "notebooks" / f"{nb}.ipynb").read_text())["cells"]
                        if c["cell_type"] == "code") for nb in ("02_daap", "03_application", "04_customer_experience")}
    assert "Plan file for this run" not in code["02_daap"] and "sk.plan.plan_file_note(plan_path, ctx.language)" in code["02_daap"]
    for call in ("principle_questions(language=ctx.language)", "kpi_table(plan, language=ctx.language)",
                 "principles_check(plan, language=ctx.language)"):
        assert call in code["02_daap"], call
    for call in ("maturity_levels(language=ctx.language)", "families_frame(language=ctx.language)",
                 "suggestions(assessment, plan_result, language=ctx.language)"):
        assert call in code["03_application"], call
    assert code["04_customer_experience"].count("language=ctx.language") >= 3
    assert "Kano continuous analysis" not in code["04_customer_experience"]


def test_french_tables_name_kit_things_in_french():
    from sedamkit import application as A
    from sedamkit import catalogue as C
    from sedamkit import model as M
    from sedamkit import plan as P

    plan = P.load_plan(P.DEMO_PLAN)
    assessment = A.load_assessment(A.DEMO_APPLICATION)
    pr = P.stage_result(plan)
    english = _french_differs()
    frames = [C.kpis_frame(language="fr"), P.kpi_table(plan, language="fr"), P.principles_check(plan, language="fr"),
              M.elements_frame(language="fr"), A.priorities(assessment, pr, language="fr"),
              A.gap_list(assessment, pr, language="fr"), A.suggestions(assessment, pr, language="fr"),
              A.coverage_table(assessment, pr, language="fr")]
    for df in frames:
        for col in ("name", "element_name", "principle_name", "description"):
            if col in df.columns:
                assert not set(map(str, df[col])) & english, (col, sorted(set(df[col]) & english)[:3])
    assert P.kpi_table(plan)["name"].tolist() == [k["name"] for k in plan["kpis"]]      # no language: as stored
