"""Stage 03, application across the nine elements (sedamkit.application)."""
from __future__ import annotations

import json

import pytest
import yaml

from sedamkit import application as app
from sedamkit import plan as pl
from sedamkit.core.errors import SedamError

ELEMENTS = [f"E{i}" for i in range(1, 10)]

# a tiny catalogue so coverage counts can be worked out by hand
TINY = {"families": {"f": {"name": "F"}, "g": {"name": "G"}},
        "approaches": [
            {"id": "a1", "name": "A1", "family": "f", "description": "d",
             "elements": [{"element": "E1", "source": "clause", "clause": "7.2.1.1"},
                          {"element": "E2", "source": "kit"}]},
            {"id": "a2", "name": "A2", "family": "f", "description": "d",
             "elements": [{"element": "E1", "source": "kit"}]},
            {"id": "a3", "name": "A3", "family": "g", "description": "d",
             "elements": [{"element": "E2", "source": "clause", "clause": "7.2.2.2"}]},
            {"id": "a4", "name": "A4", "family": "g", "description": "d",
             "elements": [{"element": "E3", "source": "kit"}, {"element": "E2", "source": "kit"}]},
            {"id": "a5", "name": "A5", "family": "g", "description": "d",
             "elements": [{"element": "E3", "source": "clause", "clause": "7.3.1"}]},
        ]}


def blank(**maturity):
    a = {"client": "T", "elements": {el: {"maturity": maturity.get(el, 4), "in_use": []} for el in ELEMENTS}}
    return a


def write(tmp_path, data, name="application.yaml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return p


# ---------------------------------------------------------------- files
def test_demo_assessment_validates_without_warnings():
    a = app.load_assessment(app.DEMO_APPLICATION)
    assert sorted(a["elements"]) == ELEMENTS
    assert app.assessment_warnings(a) == []


def test_demo_assessment_and_plan_together():
    a, p = app.load_assessment(app.DEMO_APPLICATION), pl.load_plan(pl.DEMO_PLAN)
    cov = app.coverage_table(a, p)
    assert list(cov["element"]) == ELEMENTS
    assert (cov["n_in_use"] + cov["n_planned"] + cov["n_absent"] >= cov["n_catalogue"]).all()
    r = app.stage_result(a, p)
    assert json.loads(json.dumps(r)) == r
    assert r["priority_order"][0] == "E3"            # culture: weak and nothing new planned


def test_maturity_levels_cover_0_to_4():
    lv = app.maturity_levels()
    assert lv["level"].tolist() == [0, 1, 2, 3, 4]
    assert lv["description"].str.len().min() > 20


# ---------------------------------------------------------------- bad input
def test_unknown_approach_is_app005_with_file_and_field(tmp_path):
    a = blank()
    a["elements"]["E5"]["in_use"] = ["crm_system", "telepathy"]
    path = write(tmp_path, a)
    with pytest.raises(SedamError) as e:
        app.load_assessment(path)
    assert e.value.codes == ["APP005"]
    assert str(path) in str(e.value) and "elements.E5.in_use[1]" in str(e.value)


def test_unknown_element_is_app002(tmp_path):
    a = blank()
    a["elements"]["E10"] = {"maturity": 1}
    path = write(tmp_path, a)
    with pytest.raises(SedamError) as e:
        app.load_assessment(path)
    assert e.value.codes == ["APP002"]
    assert str(path) in str(e.value) and "elements.E10" in str(e.value)


def test_maturity_out_of_scale_missing_element_and_duplicates(tmp_path):
    a = blank()
    a["elements"]["E1"]["maturity"] = 5
    a["elements"]["E2"]["maturity"] = 2.5
    del a["elements"]["E3"]["maturity"]
    del a["elements"]["E9"]
    a["elements"]["E4"]["in_use"] = ["crm_system", "crm_system"]
    a["elements"]["E6"]["in_use"] = 42
    path = write(tmp_path, a)
    with pytest.raises(SedamError) as e:
        app.load_assessment(path)
    assert e.value.codes == ["APP004", "APP004", "APP004", "APP006", "APP001", "APP003"]
    text = str(e.value)
    for where in ("elements.E1.maturity", "elements.E2.maturity", "elements.E3.maturity", "elements.E4.in_use[1]",
                  "elements.E6.in_use", "elements.E9"):
        assert where in text


def test_not_a_mapping_and_unreadable(tmp_path):
    with pytest.raises(SedamError) as e:
        app.validate_assessment({"elements": ["E1"]})
    assert e.value.codes == ["APP001"]
    bad = tmp_path / "application.yaml"
    bad.write_text("elements: {E1: [\n", encoding="utf-8")
    with pytest.raises(SedamError) as e:
        app.load_assessment(bad)
    assert e.value.codes == ["APP000"]


def test_approach_for_an_unmapped_element_is_a_warning():
    a = blank()
    a["elements"]["E1"]["in_use"] = ["field_scheduling"]
    app.validate_assessment(a)
    assert [(w.code, w.where) for w in app.assessment_warnings(a)] == [("APP101", "elements.E1.in_use[0]")]
    s = app.approach_status(a)
    row = s[(s.element == "E1") & (s.approach == "field_scheduling")].iloc[0]
    assert (row.status, bool(row.mapped)) == ("in_use", False)


def test_bad_plan_argument_is_app007():
    with pytest.raises(SedamError) as e:
        app.coverage_table(blank(), {"nothing": "here"})
    assert e.value.codes == ["APP007"]


def test_save_never_overwrites_unless_asked(tmp_path):
    path = tmp_path / "application.yaml"
    a = app.new_assessment("T")
    app.save_assessment(a, path)
    with pytest.raises(SedamError) as e:
        app.save_assessment(app.set_element(a, "E1", maturity=2), path)
    assert e.value.codes == ["APP008"]
    assert app.load_assessment(path)["elements"]["E1"]["maturity"] == 0
    app.save_assessment(app.set_element(a, "E1", maturity=2), path, overwrite=True)
    assert app.load_assessment(path)["elements"]["E1"]["maturity"] == 2


def test_editing_helpers():
    a = app.new_assessment("T")
    b = app.add_in_use(a, "E5", "crm_system")
    assert a["elements"]["E5"]["in_use"] == [] and b["elements"]["E5"]["in_use"] == ["crm_system"]
    assert app.add_in_use(b, "E5", "crm_system")["elements"]["E5"]["in_use"] == ["crm_system"]
    assert app.remove_in_use(b, "E5", "crm_system")["elements"]["E5"]["in_use"] == []
    with pytest.raises(SedamError) as e:
        app.set_element(a, "E5", maturity=9)
    assert e.value.codes == ["APP004"]


# ---------------------------------------------------------------- coverage
def test_coverage_counts_by_hand():
    a = blank(E1=2, E2=1, E3=0)
    a["elements"]["E1"]["in_use"] = ["a1"]
    plan = {"planned_approaches": {"E1": ["a1", "a2"], "E2": ["a3"]}}
    cov = app.coverage_table(a, plan, catalogue=TINY).set_index("element")
    # E1: a1 in use, a2 planned; E2: a3 planned, a1 and a4 absent; E3: a4 and a5 absent
    assert cov.loc["E1", ["n_in_use", "n_planned", "n_absent", "n_catalogue"]].tolist() == [1, 1, 0, 2]
    assert cov.loc["E2", ["n_in_use", "n_planned", "n_absent", "n_catalogue"]].tolist() == [0, 1, 2, 3]
    assert cov.loc["E3", ["n_in_use", "n_planned", "n_absent", "n_catalogue"]].tolist() == [0, 0, 2, 2]
    assert cov.loc["E4", ["n_in_use", "n_planned", "n_absent", "n_catalogue"]].tolist() == [0, 0, 0, 0]
    assert (cov.loc["E1", "in_use"], cov.loc["E1", "planned"]) == ("a1", "a2")
    # gap: maturity below 3 or nothing in use
    assert cov["is_gap"].to_dict() == {"E1": True, "E2": True, "E3": True, "E4": True, "E5": True, "E6": True,
                                       "E7": True, "E8": True, "E9": True}
    a["elements"]["E4"]["in_use"] = ["a1"]          # maturity 4 and something in use
    assert not app.coverage_table(a, plan, catalogue=TINY).set_index("element").loc["E4", "is_gap"]


def test_planned_from_plan_and_from_stage_02_result_agree():
    p = pl.load_plan(pl.DEMO_PLAN)
    assert app.planned_by_element(p) == app.planned_by_element(pl.stage_result(p))
    assert app.planned_by_element(None) == {el: [] for el in ELEMENTS}


def test_approach_already_in_use_is_not_counted_as_planned():
    a = blank()
    a["elements"]["E9"]["in_use"] = ["kpi_dashboard"]
    cov = app.coverage_table(a, {"planned_approaches": {"E9": ["kpi_dashboard"]}}).set_index("element")
    assert cov.loc["E9", ["n_in_use", "n_planned"]].tolist() == [1, 0]


# ---------------------------------------------------------------- importance and priorities
PLAN_FOR_PRIORITY = {
    "goals": [{"id": "G1", "elements": ["E1"]}],
    "kpis": [{"id": "K1", "elements": ["E1", "E4"]}],
    "planned_approaches": {"E3": ["culture_videos"], "E4": ["digital_recruitment"], "E5": ["llm_text_analysis"],
                           "E6": ["vr_ar_preview"], "E7": ["idea_management_platform"], "E8": ["field_scheduling"],
                           "E9": ["process_mining"]},
}


def test_element_importance():
    imp = app.element_importance(PLAN_FOR_PRIORITY).set_index("element")
    assert imp.loc["E1", ["n_goals", "n_kpis", "importance", "importance_norm"]].tolist() == [1, 1, 2, 1.0]
    assert imp.loc["E4", "importance_norm"] == 0.5
    assert imp.loc["E9", "importance_norm"] == 0.0
    assert (app.element_importance(None)["importance_norm"] == 0).all()


def test_priority_scores_and_order_with_ties():
    a = blank(E1=4, E2=1, E3=2, E4=3, E5=2, E6=3, E7=3, E8=0, E9=4)
    a["elements"]["E5"]["in_use"] = ["crm_system"]
    pr = app.priorities(a, PLAN_FOR_PRIORITY)
    # score = 100 * (0.4 * (4 - m) / 4 + 0.3 * importance_norm + 0.3 * uncovered)
    expected = {"E1": 60.0,   # 0 + .3*1 + .3*1
                "E2": 60.0,   # .4*.75 + 0 + .3
                "E3": 20.0, "E4": 25.0, "E5": 20.0, "E6": 10.0, "E7": 10.0,
                "E8": 40.0,   # .4*1, planned
                "E9": 0.0}
    assert dict(zip(pr.element, pr.score)) == expected
    # ties: E2 before E1 (lower maturity); E3 before E5 (same maturity and importance, fewer in use);
    # E6 before E7 (complete tie, element order)
    assert pr["element"].tolist() == ["E2", "E1", "E8", "E4", "E3", "E5", "E6", "E7", "E9"]
    assert pr["rank"].tolist() == list(range(1, 10))


def test_priority_tie_on_importance():
    a = blank(E1=2, E2=2)
    plan = {"goals": [{"id": "G1", "elements": ["E2"]}, {"id": "G2", "elements": ["E1", "E2"]}], "kpis": [],
            "planned_approaches": {el: ["process_mining"] for el in ELEMENTS}}
    pr = app.priorities(a, plan, catalogue=None).set_index("element")
    assert pr.loc["E2", "score"] == pytest.approx(100 * (0.4 * 0.5 + 0.3 * 1.0))
    assert pr.loc["E1", "score"] == pytest.approx(100 * (0.4 * 0.5 + 0.3 * 0.5))


def test_priorities_are_deterministic():
    a, p = app.load_assessment(app.DEMO_APPLICATION), pl.load_plan(pl.DEMO_PLAN)
    assert app.priorities(a, p).equals(app.priorities(a, p))


def test_gap_list_reasons():
    a = blank(E1=1, E2=4)
    a["elements"]["E2"]["in_use"] = ["kpi_dashboard"]
    a["elements"]["E3"]["in_use"] = ["culture_videos"]
    g = app.gap_list(a, {"planned_approaches": {"E1": ["value_proposition_canvas"]}}).set_index("element")
    assert "E2" not in g.index and "E3" not in g.index
    assert g.loc["E1", "reasons"] == "maturity 1 below 3; nothing in use"
    assert g.loc["E4", "reasons"] == "nothing in use; no planned approach"


# ---------------------------------------------------------------- suggestions
def test_suggestions_exclude_in_use_and_planned_and_are_ordered():
    a = blank(E1=1, E2=1, E3=1)
    a["elements"]["E1"]["in_use"] = ["a1"]
    s = app.suggestions(a, {"planned_approaches": {"E2": ["a3"]}}, catalogue=TINY, per_element=None)
    got = {el: grp["approach"].tolist() for el, grp in s.groupby("element")}
    # E1: a1 in use -> a2; E2: a3 planned -> a1 (serves 2 gaps, clause? no: kit for E2) and a4 (2 gaps, kit):
    #     equal gap counts and sources -> catalogue order; E3: a4 (2 gaps) before a5 (1 gap)
    assert got == {"E1": ["a2"], "E2": ["a1", "a4"], "E3": ["a4", "a5"]}
    row = s[(s.element == "E3") & (s.approach == "a5")].iloc[0]
    assert (row.source, row.clause, row.serves_gaps) == ("clause", "7.3.1", 1)


def test_suggestions_prefer_clause_links_on_equal_gap_counts():
    tiny = json.loads(json.dumps(TINY))
    tiny["approaches"].append({"id": "a6", "name": "A6", "family": "f", "description": "d",
                               "elements": [{"element": "E3", "source": "kit"}]})
    tiny["approaches"].insert(0, {"id": "a0", "name": "A0", "family": "f", "description": "d",
                                  "elements": [{"element": "E5", "source": "kit"}]})
    a = blank(E3=1)
    s = app.suggestions(a, None, catalogue=tiny, per_element=None)
    assert s[s.element == "E3"]["approach"].tolist() == ["a4", "a5", "a6"]


def test_suggestions_on_the_full_catalogue_serve_the_element():
    a, p = app.load_assessment(app.DEMO_APPLICATION), pl.load_plan(pl.DEMO_PLAN)
    s = app.suggestions(a, p)
    st = app.approach_status(a, p)
    absent = set(zip(st.loc[st.status == "absent", "element"], st.loc[st.status == "absent", "approach"]))
    assert set(zip(s.element, s.approach)) <= absent
    assert s.groupby("element").size().max() <= 3


# ---------------------------------------------------------------- plot
def test_plot_coverage_returns_axes():
    from matplotlib.figure import Figure

    cov = app.coverage_table(app.load_assessment(app.DEMO_APPLICATION), pl.load_plan(pl.DEMO_PLAN))
    ax = Figure().add_subplot()
    assert app.plot_coverage(cov, ax=ax) is ax
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0].startswith("E1") and "GAP" in labels[0] and labels[7] == "E8"
    assert any("D3" in t.get_text() for t in ax.texts)


def test_runner_hook_validates_the_client_assessment(tmp_path):
    app.validate_client_inputs({"dir": app.DEMO_APPLICATION.parent}, None)
    with pytest.raises(SedamError) as e:
        app.validate_client_inputs({"dir": tmp_path, "application": "app.yaml"}, ["03_application"])
    assert e.value.codes == ["APP000"]


# ---------------------------------------------------------------- the structure schema
def test_application_schema_is_valid_json_schema():
    import jsonschema

    from sedamkit.core.schema import load_schema

    jsonschema.Draft202012Validator.check_schema(load_schema("application"))


@pytest.mark.parametrize("change, code, where", [
    (lambda a: a.pop("elements"), "APP001", "elements"),
    (lambda a: a["elements"].update(E2="high"), "APP001", "elements.E2"),
    (lambda a: a["elements"]["E3"].update(colour="red"), "APP001", "elements.E3"),
    (lambda a: a["elements"]["E4"].update(evidence=12), "APP001", "elements.E4.evidence"),
    (lambda a: a["elements"]["E5"].update(other_tools={"x": 1}), "APP001", "elements.E5.other_tools"),
    (lambda a: a["elements"]["E6"].update(maturity=True), "APP004", "elements.E6.maturity"),
    (lambda a: a["elements"]["E7"].update(maturity=-1), "APP004", "elements.E7.maturity"),
    (lambda a: a["elements"].update(e1={"maturity": 1}), "APP002", "elements.e1"),
    (lambda a: a["elements"].pop("E8"), "APP003", "elements.E8"),
])
def test_application_schema_codes_and_places(change, code, where):
    a = blank()
    change(a)
    with pytest.raises(SedamError) as e:
        app.validate_assessment(a, file="application.yaml")
    assert [(p.code, p.where) for p in e.value.problems] == [(code, where)]


def test_application_accepted_spellings():
    import datetime

    a = blank()
    a["assessed"] = datetime.date(2025, 2, 14)
    a["elements"]["E1"] = {"maturity": 2.0, "in_use": "crm_system"}
    a["elements"]["E2"] = None
    with pytest.raises(SedamError) as e:                     # an empty entry still needs a maturity
        app.validate_assessment(a)
    assert [(p.code, p.where) for p in e.value.problems] == [("APP004", "elements.E2.maturity")]
    a["elements"]["E2"] = {"maturity": 0}
    out = app.validate_assessment(a)
    assert out["assessed"] == "2025-02-14" and out["elements"]["E1"] == {"maturity": 2, "in_use": ["crm_system"],
                                                                         "other_tools": []}
    assert out["elements"]["E2"]["in_use"] == [] and type(out["elements"]["E1"]["maturity"]) is int
