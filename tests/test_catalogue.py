"""The catalogue of digital approaches and the KPI catalogue (sedamkit.catalogue)."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from sedamkit import catalogue as cat
from sedamkit.core.errors import SedamError

ELEMENTS = [f"E{i}" for i in range(1, 10)]
# the clause of each element in ISO/DTS 19384: a cited practice must sit under its element's clause
ELEMENT_CLAUSE = {"E1": "7.2.1", "E2": "7.2.2", "E3": "7.3.1", "E4": "7.3.2", "E5": "7.4.1", "E6": "7.4.2",
                  "E7": "7.4.3", "E8": "7.5.1", "E9": "7.5.2"}
DATA = Path(cat.__file__).parent / "data"


def tiny():
    return {"families": {"fam": {"name": "Fam"}},
            "approaches": [{"id": "a_one", "name": "A", "family": "fam", "description": "d",
                            "elements": [{"element": "E1", "source": "clause", "clause": "7.2.1.1"}]},
                           {"id": "a_two", "name": "B", "family": "fam", "description": "d",
                            "elements": [{"element": "E9", "source": "kit"}]}]}


# ---------------------------------------------------------------- the shipped catalogue
def test_catalogue_has_at_least_40_approaches_and_several_families():
    c = cat.load_catalogue()
    assert len(c["approaches"]) >= 40
    assert len(c["families"]) >= 6
    assert set(cat.families_frame()["n_approaches"]) - {0} == set(cat.families_frame()["n_approaches"])


def test_every_element_has_at_least_three_approaches():
    counts = cat.element_counts().set_index("element")["n_approaches"]
    assert list(counts.index) == ELEMENTS
    assert (counts >= 3).all(), counts[counts < 3]


def test_every_link_cites_a_clause_of_its_element_or_is_marked_kit():
    links = cat.approach_elements()
    assert set(links["source"]) <= {"clause", "kit"}
    cited = links[links.source == "clause"]
    assert cited["clause"].notna().all()
    for r in cited.itertuples():
        assert r.clause.startswith(ELEMENT_CLAUSE[r.element]), (r.approach, r.element, r.clause)
    # clause 7.5 is not in the sources: E8 and E9 links must be the kit's own
    assert (links[links.element.isin(["E8", "E9"])]["source"] == "kit").all()
    kit = links[links.source == "kit"]
    assert kit["clause"].isna().all()


def test_ids_are_unique_snake_case():
    ids = cat.approach_ids()
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


def test_load_catalogue_returns_a_copy():
    a = cat.load_catalogue()
    a["approaches"].clear()
    assert len(cat.load_catalogue()["approaches"]) >= 40


# ---------------------------------------------------------------- validation
def test_tiny_catalogue_is_valid():
    assert cat.validate_catalogue(tiny())["approaches"][1]["elements"][0]["clause"] is None


def test_duplicate_id_is_cat003():
    c = tiny()
    c["approaches"][1]["id"] = "a_one"
    with pytest.raises(SedamError) as e:
        cat.validate_catalogue(c, "cat.yaml")
    assert e.value.codes == ["CAT003"]
    assert "approaches[1].id" in str(e.value) and "cat.yaml" in str(e.value)


def test_unknown_element_is_cat004():
    c = tiny()
    c["approaches"][0]["elements"][0]["element"] = "E10"
    with pytest.raises(SedamError) as e:
        cat.validate_catalogue(c, "cat.yaml")
    assert e.value.codes == ["CAT004"]
    assert "approaches[0].elements[0].element" in str(e.value)


def test_missing_family_is_cat002_and_unknown_family_cat005():
    c = tiny()
    del c["approaches"][0]["family"]
    c["approaches"][1]["family"] = "nope"
    with pytest.raises(SedamError) as e:
        cat.validate_catalogue(c)
    assert e.value.codes == ["CAT002", "CAT005"]
    assert "approaches[0].family" in str(e.value)


def test_clause_link_without_clause_or_bad_source_is_cat006():
    c = tiny()
    c["approaches"][0]["elements"][0]["clause"] = "6.2"
    c["approaches"][1]["elements"][0]["source"] = "annex"
    with pytest.raises(SedamError) as e:
        cat.validate_catalogue(c)
    assert e.value.codes == ["CAT006", "CAT006"]


def test_validation_collects_every_problem():
    c = tiny()
    c["approaches"].append(copy.deepcopy(c["approaches"][1]))          # duplicate of a_two
    c["approaches"][1]["elements"] = [{"element": "E0", "source": "kit"}]  # unknown element
    c["approaches"][0]["id"] = "Bad Id"                                # not snake_case
    with pytest.raises(SedamError) as e:
        cat.validate_catalogue(c, "cat.yaml")
    assert e.value.codes == ["CAT007", "CAT004", "CAT003"]
    text = str(e.value)
    assert "approaches[0].id" in text and "approaches[1].elements[0].element" in text and "approaches[2].id" in text


def test_unreadable_catalogue_file_is_cat000(tmp_path):
    p = tmp_path / "approaches.yaml"
    p.write_text("approaches: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(SedamError) as e:
        cat.load_catalogue(p)
    assert e.value.codes == ["CAT000"]


# ---------------------------------------------------------------- search
def test_search_by_text_family_and_element():
    assert cat.search("journey")["approach"].tolist() == ["journey_mapping_software"]
    fam = cat.search(family="immersive_phygital")
    assert set(fam["family"]) == {"immersive_phygital"} and len(fam) >= 3
    e8 = cat.search(element="E8")
    assert all("E8" in els.split(",") for els in e8["elements"])
    assert len(e8) == cat.element_counts().set_index("element").loc["E8", "n_approaches"]
    both = cat.search("survey", element=["E4", "E5"])
    assert set(both["approach"]) == {"online_survey", "employee_survey", "kano_analysis"}
    assert cat.search("zzzz-not-there").empty


def test_search_by_source():
    kit_e7 = cat.search(element="E7", source="kit")
    assert (kit_e7["element_clauses"].str.contains("E7: kit")).all()
    assert "online_whiteboard" not in kit_e7["approach"].tolist()


def test_search_unknown_filter_is_cat009():
    with pytest.raises(SedamError) as e:
        cat.search(family="robots", element="E42")
    assert e.value.codes == ["CAT009", "CAT009"]


# ---------------------------------------------------------------- KPIs
def test_kpi_catalogue_holds_the_clause_7_3_2_4_kpis():
    k = cat.load_kpis()
    assert set(k) == {"csat", "nps", "ces", "retention_rate", "employee_satisfaction", "cost_reduction_rate",
                      "process_completion_time", "employee_turnover"}
    assert k["employee_turnover"]["direction"] == "lower"
    assert k["process_completion_time"]["direction"] == "lower"
    frame = cat.kpis_frame()
    assert frame["dataset"].notna().all() and (frame["columns"] != "").all()


def test_kpi_bad_direction_and_duplicate():
    data = {"kpis": [{"id": "x", "name": "X", "unit": "%", "direction": "up", "definition": "d"},
                     {"id": "x", "name": "X", "unit": "%", "direction": "higher", "definition": "d",
                      "elements": ["E99"]}]}
    with pytest.raises(SedamError) as e:
        cat.validate_kpis(data, "k.yaml")
    assert e.value.codes == ["CAT008", "CAT003", "CAT004"]


# ---------------------------------------------------------------- the structure schema
def test_catalogue_schema_is_valid_json_schema():
    import jsonschema

    from sedamkit.core.schema import load_schema

    jsonschema.Draft202012Validator.check_schema(load_schema("catalogue"))


@pytest.mark.parametrize("change, code, where", [
    (lambda c: c.pop("families"), "CAT001", "families"),
    (lambda c: c.update(approaches={}), "CAT001", "approaches"),
    (lambda c: c["approaches"][0].update(name="  "), "CAT002", "approaches[0].name"),
    (lambda c: c["approaches"][0].pop("elements"), "CAT002", "approaches[0].elements"),
    (lambda c: c["approaches"][1].update(colour="red"), "CAT001", "approaches[1]"),
    (lambda c: c["families"].update({"Bad-Fam": {"name": "B"}}), "CAT007", "families.Bad-Fam"),
    (lambda c: c["approaches"][0]["elements"][0].update(clause=7.2), "CAT006", "approaches[0].elements[0].clause"),
    (lambda c: c["approaches"][1]["elements"][0].pop("source"), "CAT006", "approaches[1].elements[0].source"),
])
def test_catalogue_schema_codes_and_places(change, code, where):
    c = tiny()
    change(c)
    with pytest.raises(SedamError) as e:
        cat.validate_catalogue(c, "cat.yaml")
    assert [(p.code, p.where) for p in e.value.problems] == [(code, where)]


def test_catalogue_accepted_spellings_of_links():
    c = tiny()
    c["approaches"][1]["elements"] = ["E9", {"element": "E8", "clause": "7.5.1"}]
    els = cat.validate_catalogue(c)["approaches"][1]["elements"]
    assert els == [{"element": "E9", "source": "kit", "clause": None},
                   {"element": "E8", "clause": "7.5.1", "source": "clause"}]


def test_approach_names_are_drawn_in_the_figures_language():
    """A French figure names the plan's approaches in French (the translations the report uses too)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from sedamkit.core.paths import demo_dir
    from sedamkit.methods.catalogue import approach_label
    from sedamkit.stages.daap.api import load_plan
    from sedamkit.stages.daap.timeline import plot_timeline

    en, fr = approach_label("crm_system", "en"), approach_label("crm_system", "fr")
    assert en != fr and fr
    ax = plot_timeline(load_plan(demo_dir() / "plan.yaml"), language="fr")
    FigureCanvasAgg(ax.figure).draw()
    drawn = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert fr.split()[0] in drawn and en not in drawn
