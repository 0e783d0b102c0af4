"""English and French: every id has both languages, fallback warns with the ids, stage 01 runs in French."""
import re
import warnings

import nbformat
import pytest

from sedamkit import i18n
from sedamkit.core.errors import SedamError
from sedamkit.core.spec import list_specs, load_spec, spec_from_dict

from conftest import ROOT



@pytest.mark.parametrize("name", list_specs())
def test_every_questionnaire_text_declares_its_languages(name):
    spec = load_spec(name)
    for lang in spec.languages:
        assert i18n.missing_in_spec(spec, lang) == [], (name, lang)


def test_stage_01_has_every_item_and_ui_string_in_english_and_french(spec):
    assert set(spec.languages) == {"en", "fr"}
    ids = i18n.spec_text_ids(spec)
    assert {f"items.{i}.text" for i in spec.item_ids} <= set(ids)       # every item id is covered
    assert i18n.missing_in_spec(spec, "en") == [] and i18n.missing_in_spec(spec, "fr") == []
    for key, texts in ids.items():                                      # translated, not copied
        assert texts["fr"].strip() and texts["fr"] != texts["en"], key


def test_every_ui_string_has_both_languages_and_the_same_placeholders():
    cat = i18n.catalogue()
    assert i18n.missing("en") == [] and i18n.missing("fr") == []
    for key, texts in cat.items():
        assert set(re.findall(r"{(\w+)}", texts["en"])) == set(re.findall(r"{(\w+)}", texts["fr"])), key


def test_the_forms_use_only_existing_keys():
    src = (ROOT / "sedamkit" / "ui" / "forms.py").read_text()
    used = set(re.findall(r"""ui\[["'](form\.\w+)["']\]""", src))
    assert used and used <= set(i18n.catalogue())


def test_glossary_has_25_terms_in_both_languages():
    g = i18n.glossary()
    assert len(g) >= 25
    assert not i18n.validate_glossary(i18n.load_glossary())
    for term in ("service_excellence", "sedam", "daap", "digital_approach", "touchpoint", "data_point",
                 "moment_of_truth", "kano_must_be", "kano_attractive", "nps", "csat", "ces", "co_creation",
                 "customer_journey", "persona", "pain_point", "kpi"):
        assert term in set(g["id"]), term
    fr = i18n.glossary("fr")
    assert fr.set_index("id").loc["touchpoint", "term_fr"] == "point de contact"
    assert fr.set_index("id").loc["nps", "definition"].startswith("Part des promoteurs")


def test_missing_translation_falls_back_to_english_with_one_warning_listing_the_ids():
    cat = {"a.one": {"en": "One"}, "a.two": {"en": "Two", "fr": "Deux"}, "a.three": {"en": "Three"}}
    with pytest.warns(i18n.MissingTranslationWarning, match=r"I18N002.*a\.one, a\.three"):
        assert i18n.t("a.one", "fr", cat=cat) == "One"
    assert i18n.t("a.two", "fr", cat=cat) == "Deux"
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # the same gap is not warned about twice
        assert i18n.t("a.three", "fr", cat=cat) == "Three"


def test_a_questionnaire_without_french_warns_listing_its_ids_and_shows_english(spec_data, tmp_path):
    from sedamkit.ui.forms import QuestionnaireForm

    spec_data["languages"] = ["en"]
    spec_data["items"][0]["text"].pop("fr")
    spec_data["areas"][0]["title"].pop("fr")
    spec = spec_from_dict(spec_data)
    spec.language = "fr"          # as with_overrides(language="fr") sets it (that call warns on its own)
    gaps = i18n.missing_in_spec(spec, "fr")
    assert gaps == ["areas.strategy_impact.title", "items.need_strategy_gap_tools.text"]
    with pytest.warns(i18n.MissingTranslationWarning, match="items.need_strategy_gap_tools.text"):
        form = QuestionnaireForm(spec, tmp_path / "me.json", "me")
    assert "Our service excellence goals" in form._choices["need_strategy_gap_tools"].tooltip
    assert form._comments["need_strategy_gap_tools"].description == "Commentaire"


def test_unknown_key_and_bad_catalogues_are_coded_errors():
    with pytest.raises(SedamError) as e:
        i18n.t("form.no_such_key", "en")
    assert e.value.codes == ["I18N001"]
    assert [p.code for p in i18n.validate_catalogue({"x": {"fr": "seulement"}, "y": "flat"}).items] == ["I18N003", "I18N003"]
    probs = i18n.validate_glossary({"t": {"en": {"term": "T", "definition": "D"}, "fr": {"term": "T"}}})
    assert [(p.code, p.where) for p in probs.items] == [("I18N004", "t.fr.definition")]


def test_the_form_speaks_french(spec, tmp_path):
    from sedamkit.ui.forms import QuestionnaireForm

    fr = spec.with_overrides(language="fr")
    form = QuestionnaireForm(fr, tmp_path / "me.json", "me")
    choice = form._choices["talent_specify"]
    assert "Nous employons des personnes" in choice.tooltip
    assert choice.options[-1][0] == "Je ne sais pas"
    assert form._comments["talent_specify"].placeholder == "Preuve ou commentaire (facultatif)"
    form.answer("talent_specify", 4)
    assert "enregistré dans" in form.status.value


def test_stage_01_runs_in_french_on_the_demo_client(demo_copy, tmp_path):
    from sedamkit.core.results import read_result
    from sedamkit.delivery.runner import run_notebook

    out = tmp_path / "run"
    executed = tmp_path / "01_fr.ipynb"
    run_notebook(ROOT / "notebooks" / "01_necessity_feasibility.ipynb", executed,
                 {"client_dir": str(demo_copy), "answers_dir": str(demo_copy / "answers"), "output_dir": str(out),
                  "interactive": False, "language": "fr"}, cwd=tmp_path)
    result = read_result(out, "01_necessity_feasibility")
    titles = [a["title"] for a in result["areas"]]
    assert "Financement" in titles and "Compétences numériques" in titles
    shown = "".join(str(o) for c in nbformat.read(executed, as_version=4).cells if c.cell_type == "code"
                    for o in c.get("outputs", []))
    assert "Sécurité des données et vie privée" in shown and "Nous employons des personnes" in shown
