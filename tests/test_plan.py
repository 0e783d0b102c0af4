"""Stage 02, the DAAP (sedamkit.plan): validation, scoring and flagging rules, files, result."""
from __future__ import annotations

import copy
import json
import math
import subprocess
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sedamkit import plan as pl
from sedamkit.core.errors import SedamError


def base():
    """A small valid plan every test starts from."""
    return {
        "client": "Test Co", "mission": "Serve well", "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "goals": [{"id": "G1", "text": "Hear customers", "elements": ["E5"]}],
        "kpis": [{"id": "K1", "kpi": "csat", "baseline": 70, "target": 80, "due": "2025-12-31", "goals": ["G1"]}],
        "phases": [{"id": "P1", "name": "Listen", "goals": ["G1"], "start": "2025-01-01", "end": "2025-06-30",
                    "resources": {"people_days": 10, "budget": 5000}, "approaches": ["online_survey"]}],
        "risks": [{"id": "R1", "description": "leak", "category": "privacy", "likelihood": 2, "impact": 3,
                   "owner": "DPO", "mitigation": "encrypt"}],
    }


def write(tmp_path, plan, name="plan.yaml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump(plan, sort_keys=False), encoding="utf-8")
    return p


def load_err(tmp_path, plan):
    path = write(tmp_path, plan)
    with pytest.raises(SedamError) as e:
        pl.load_plan(path)
    return e.value, str(path)


# ---------------------------------------------------------------- valid plans
def test_demo_plan_validates_without_warnings():
    p = pl.load_plan(pl.DEMO_PLAN)
    assert p["client"] == "Northwind Home Services"
    assert pl.plan_warnings(p) == []
    assert len(p["kpis"]) >= 8 and len(p["phases"]) >= 3 and len(p["risks"]) >= 5


def test_base_plan_is_valid_and_normalised():
    p = pl.validate_plan(base())
    k = p["kpis"][0]
    assert (k["name"], k["unit"], k["direction"], k["elements"]) == (
        "Customer satisfaction score (CSAT)", "%", "higher", ["E5", "E6", "E9"])
    assert pl.validate_plan(p) == p          # idempotent


def test_yaml_dates_are_accepted(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(base()).replace("'2025-01-01'", "2025-01-01"), encoding="utf-8")
    assert pl.load_plan(path)["period"]["start"] == "2025-01-01"


# ---------------------------------------------------------------- bad input, one at a time
def test_kpi_without_target_is_plan003(tmp_path):
    p = base()
    del p["kpis"][0]["target"]
    err, path = load_err(tmp_path, p)
    assert err.codes == ["PLAN003"]
    assert path in str(err) and "kpis[0].target" in str(err)


def test_phase_ending_before_it_starts_is_plan008(tmp_path):
    p = base()
    p["phases"][0]["end"] = "2024-12-01"
    err, path = load_err(tmp_path, p)
    assert err.codes == ["PLAN008"]
    assert path in str(err) and "phases[0].end" in str(err)


def test_risk_likelihood_of_7_is_plan009(tmp_path):
    p = base()
    p["risks"][0]["likelihood"] = 7
    err, path = load_err(tmp_path, p)
    assert err.codes == ["PLAN009"]
    assert path in str(err) and "risks[0].likelihood" in str(err)


def test_approach_not_in_catalogue_is_plan006(tmp_path):
    p = base()
    p["phases"][0]["approaches"].append("telepathy")
    err, path = load_err(tmp_path, p)
    assert err.codes == ["PLAN006"]
    assert path in str(err) and "phases[0].approaches[1]" in str(err) and "telepathy" in str(err)


def test_unknown_element_is_plan005(tmp_path):
    p = base()
    p["goals"][0]["elements"] = ["E5", "E10"]
    err, path = load_err(tmp_path, p)
    assert err.codes == ["PLAN005"]
    assert path in str(err) and "goals[0].elements[1]" in str(err)


def test_duplicate_ids_are_plan004(tmp_path):
    p = base()
    p["kpis"].append(copy.deepcopy(p["kpis"][0]))
    err, _ = load_err(tmp_path, p)
    assert err.codes == ["PLAN004"] and "kpis[1].id" in str(err)


def test_other_coded_problems():
    p = base()
    p["kpis"][0]["kpi"] = "happiness"                 # PLAN014
    p["kpis"][0]["direction"] = "up"                  # PLAN010
    p["phases"][0]["goals"] = ["G9"]                  # PLAN012
    p["phases"][0]["resources"]["budget"] = -1        # PLAN011
    p["goals"][0]["addresses"] = ["wizardry"]         # PLAN013
    p["principles"] = {"security_1": 9, "no_such": 3}  # PLAN015 x2
    p["preparation"] = {"team": "finished", "coffee": "done"}   # PLAN010, PLAN016
    p["period"]["end"] = "2025-13-45"                 # PLAN007
    with pytest.raises(SedamError) as e:
        pl.validate_plan(p)
    assert sorted(e.value.codes) == sorted(["PLAN014", "PLAN010", "PLAN012", "PLAN011", "PLAN013", "PLAN015",
                                            "PLAN015", "PLAN010", "PLAN016", "PLAN007"])


def test_custom_kpi_needs_name_unit_direction():
    p = base()
    p["kpis"].append({"id": "K2", "kpi": "custom", "target": 5, "due": "2025-12-31", "elements": ["E8"]})
    with pytest.raises(SedamError) as e:
        pl.validate_plan(p)
    assert e.value.codes == ["PLAN002", "PLAN002", "PLAN002"]
    assert "kpis[1].name" in str(e.value) and "kpis[1].direction" in str(e.value)


def test_validation_collects_several_problems_at_once(tmp_path):
    p = base()
    del p["kpis"][0]["target"]
    p["phases"][0]["end"] = "2024-12-01"
    p["risks"][0]["likelihood"] = 7
    p["phases"][0]["approaches"].append("telepathy")
    p["goals"][0]["elements"] = ["E0"]
    err, _ = load_err(tmp_path, p)
    assert sorted(err.codes) == ["PLAN003", "PLAN005", "PLAN006", "PLAN008", "PLAN009"]
    assert str(err).startswith("5 problems in the plan")


def test_not_a_mapping_and_unreadable_file(tmp_path):
    with pytest.raises(SedamError) as e:
        pl.validate_plan(["not", "a", "plan"])
    assert e.value.codes == ["PLAN001"]
    bad = tmp_path / "plan.yaml"
    bad.write_text("goals: [\n", encoding="utf-8")
    with pytest.raises(SedamError) as e:
        pl.load_plan(bad)
    assert e.value.codes == ["PLAN000"]


# ---------------------------------------------------------------- warnings
def test_target_on_wrong_side_is_a_warning_not_an_error():
    p = base()
    p["kpis"][0]["target"] = 65                          # csat: higher is better, baseline 70
    p["kpis"].append({"id": "K2", "kpi": "employee_turnover", "baseline": 20, "target": 25, "due": "2025-12-31"})
    p["kpis"].append({"id": "K3", "kpi": "employee_turnover", "baseline": 20, "target": 20, "due": "2025-12-31"})
    pl.validate_plan(p)                                  # does not raise
    warns = [w for w in pl.plan_warnings(p) if w.code not in ("PLAN104", "PLAN105")]   # owners, reasons: elsewhere
    assert [(w.code, w.where) for w in warns] == [("PLAN101", "kpis[0].target"), ("PLAN101", "kpis[1].target")]
    with pytest.raises(SedamError) as e:
        pl.validate_plan(p, strict=True)
    assert [c for c in e.value.codes if c not in ("PLAN104", "PLAN105")] == ["PLAN101", "PLAN101"]
    t = pl.kpi_table(p).set_index("kpi_id")
    assert t["target_ok"].tolist() == [False, False, True]
    f = pl.plan_flags(p)
    assert set(f.loc[f.code == "PLAN101", "id"]) == {"K1", "K2"}


def test_phase_and_kpi_outside_period_are_warnings():
    p = base()
    p["phases"][0]["end"] = "2026-03-31"
    p["kpis"][0]["due"] = "2026-06-30"
    assert [w.code for w in pl.plan_warnings(p) if w.code not in ("PLAN104", "PLAN105")] == ["PLAN103", "PLAN102"]


# ---------------------------------------------------------------- risks
def risks_plan(*lis, mitigation=""):
    p = base()
    p["risks"] = [{"id": f"R{i}", "description": "d", "category": "privacy", "likelihood": l, "impact": im,
                   "owner": "o", "mitigation": mitigation} for i, (l, im) in enumerate(lis, start=1)]
    return p


def test_risk_score_levels_and_threshold_boundary():
    # default thresholds: high from 12, medium from 6
    t = pl.risk_table(risks_plan((3, 4), (2, 5), (2, 3), (1, 5))).set_index("risk_id")
    assert t["score"].to_dict() == {"R1": 12, "R2": 10, "R3": 6, "R4": 5}
    assert t["level"].to_dict() == {"R1": "high", "R2": "medium", "R3": "medium", "R4": "low"}
    assert t["at_threshold"].to_dict() == {"R1": True, "R2": False, "R3": False, "R4": False}
    assert t["flagged"].to_dict() == {"R1": True, "R2": False, "R3": False, "R4": False}
    assert list(pl.risk_table(risks_plan((1, 5), (3, 4)))["risk_id"]) == ["R2", "R1"]   # highest first


def test_risk_threshold_comes_from_the_checks_file():
    checks = pl.load_checks()
    checks["risk"]["threshold"] = 10
    t = pl.risk_table(risks_plan((2, 5), (3, 3)), checks=checks).set_index("risk_id")
    assert t["at_threshold"].to_dict() == {"R1": True, "R2": False}


def test_high_risk_without_mitigation_or_owner_is_flagged():
    p = risks_plan((4, 4), (2, 2))
    p["risks"][0]["owner"] = ""
    f = pl.plan_flags(p)
    assert f.loc[f.code == "PLAN201", ["id", "severity"]].values.tolist() == [["R1", "high"]]
    assert f.loc[f.code == "PLAN216", "id"].tolist() == ["R1"]
    mitigated = pl.plan_flags(risks_plan((4, 4), mitigation="encrypt and review"))
    assert "PLAN201" not in set(mitigated.code)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5))
def test_risk_score_is_likelihood_times_impact(lk, im):
    r = pl.risk_table(risks_plan((lk, im))).iloc[0]
    assert r.score == lk * im
    assert r.level == ("high" if lk * im >= 12 else "medium" if lk * im >= 6 else "low")


def test_privacy_and_data_security_prompt():
    p = risks_plan((2, 2))
    p["risks"][0]["category"] = "technical"
    f = pl.plan_flags(p)
    assert f.loc[f.code == "PLAN202", "severity"].tolist() == ["high"]
    only_privacy = pl.plan_flags(risks_plan((2, 2)))
    assert "PLAN202" not in set(only_privacy.code)
    assert only_privacy.loc[only_privacy.code == "PLAN203", "message"].str.contains("data_security").all()
    both = risks_plan((2, 2), (1, 1))
    both["risks"][1]["category"] = "data_security"
    assert not {"PLAN202", "PLAN203"} & set(pl.plan_flags(both).code)


# ---------------------------------------------------------------- preparation
def test_preparation_summary_and_score():
    p = base()
    p["preparation"] = {"team": "done", "shared_understanding": {"status": "in_progress", "notes": "Feb"},
                        "stakeholder_communication": "not_started"}      # two items missing
    s = pl.preparation_summary(p).set_index("item")
    assert s["status"].tolist() == ["done", "in_progress", "not_started", "not_started", "not_started"]
    assert s.loc["shared_understanding", "notes"] == "Feb"
    assert pl.preparation_score(p) == pytest.approx((1 + 0.5) / 5 * 100)
    f = pl.plan_flags(p)
    assert f.loc[f.code == "PLAN204", "id"].tolist() == ["stakeholder_communication", "planning_embedding",
                                                          "support_systems"]
    all_done = copy.deepcopy(p)
    all_done["preparation"] = {i: "done" for i in pl.preparation_items()["item"]}
    assert pl.preparation_score(all_done) == 100.0


# ---------------------------------------------------------------- principles
def test_principles_scores_and_statuses():
    p = base()
    p["principles"] = {"best_fit_1": 5, "best_fit_2": 4, "best_fit_3": {"answer": 5, "evidence": "memo"},
                       "security_1": 2, "security_2": 2, "security_3": 3,
                       "ethics_1": 4, "ethics_2": None,
                       "environment_1": 3, "environment_2": 3}
    c = pl.principles_check(p).set_index("principle")
    assert c.loc["best_fit", "score"] == pytest.approx((14 / 3 - 1) / 4 * 100, abs=0.01)      # 91.67
    assert c.loc["best_fit", ["status", "with_evidence"]].tolist() == ["ok", 1]
    assert c.loc["security", "score"] == pytest.approx((7 / 3 - 1) / 4 * 100, abs=0.01)      # 33.33
    assert c.loc["security", "status"] == "weak"
    assert c.loc["ethics", ["score", "answered", "status"]].tolist() == [75.0, 1, "incomplete"]
    assert c.loc["environment", ["score", "status"]].tolist() == [50.0, "ok"]     # 50 is not below 50
    assert math.isnan(c.loc["inclusivity", "score"]) and c.loc["inclusivity", "status"] == "unanswered"
    f = pl.plan_flags(p)
    got = {(r.code, r.id) for r in f[f.source == "principles"].itertuples()}
    assert got == {("PLAN206", "security"), ("PLAN207", "ethics"), ("PLAN205", "inclusivity"),
                   ("PLAN205", "uniformity")}


def test_every_principle_has_two_or_three_questions():
    q = pl.principle_questions()
    assert q.principle.nunique() == 6
    assert q.groupby("principle").size().between(2, 3).all()


# ---------------------------------------------------------------- readiness gaps
READINESS = {
    "decision": "prepare_first", "overall": 58.0, "blocking_gaps": ["talent", "funding"],
    "weakest": ["funding", "personalization", "talent"],
    "areas": [{"area": "talent", "group": "foundations", "title": "Talent", "score": 35.0, "sd": 5.0,
               "consensus": True, "blocking": True},
              {"area": "funding", "group": "foundations", "title": "Funding", "score": None, "sd": None,
               "consensus": True, "blocking": True},
              {"area": "personalization", "group": "capabilities", "title": "Personalized solutions",
               "score": 48.0, "sd": 9.0, "consensus": False, "blocking": False}],
}


def test_check_gaps_addressed_by_goal_phase_or_risk():
    p = base()
    p["goals"][0]["addresses"] = ["talent"]
    p["risks"][0]["addresses"] = ["funding"]
    p["phases"][0]["addresses"] = ["talent"]
    g = pl.check_gaps(p, READINESS).set_index("area")
    assert list(g.index) == ["talent", "funding", "personalization"]
    assert g.loc["talent", "addressed_by"] == "G1,P1"
    assert g.loc["funding", "addressed_by"] == "R1"
    assert not g["ignored_blocking"].any()
    assert math.isnan(g.loc["funding", "score"])
    assert g.loc["personalization", ["blocking", "weakest", "addressed"]].tolist() == [False, True, False]


def test_ignored_blocking_gaps_are_flagged_high():
    p = base()
    p["goals"][0]["addresses"] = ["talent"]
    f = pl.plan_flags(p, READINESS)
    assert f.loc[f.code == "PLAN208", ["id", "severity"]].values.tolist() == [["funding", "high"]]
    assert f.loc[f.code == "PLAN209", ["id", "severity"]].values.tolist() == [["personalization", "low"]]
    assert "PLAN211" not in set(f.code)
    f2 = pl.plan_flags(p, dict(READINESS, decision="not_now"))
    assert "PLAN211" in set(f2.code)


def test_bad_readiness_is_plan017():
    with pytest.raises(SedamError) as e:
        pl.check_gaps(base(), {"blocking_gaps": ["moonshot"], "weakest": [], "areas": []})
    assert e.value.codes == ["PLAN017"]


# ---------------------------------------------------------------- other flags, flag frame
def test_flag_frame_shape_and_order():
    p = base()
    p["goals"].append({"id": "G2", "text": "Lead", "elements": ["E2"]})       # no KPI, no planned approach
    p["kpis"][0]["baseline"] = None
    f = pl.plan_flags(p)
    assert list(f.columns) == ["source", "id", "severity", "code", "message", "fix"]
    assert f["severity"].map({"high": 0, "medium": 1, "low": 2}).is_monotonic_increasing
    assert ("PLAN210", "G2") in set(zip(f.code, f.id))
    assert ("PLAN215", "E2") in set(zip(f.code, f.id))
    assert ("PLAN212", "K1") in set(zip(f.code, f.id))
    empty = pl.plan_flags(pl.new_plan("X", "m", "2025-01-01", "2025-12-31"))
    assert empty.loc[0, "code"] == "PLAN214"


def test_custom_kpi_computability():
    p = base()
    p["kpis"].append({"id": "K2", "kpi": "custom", "name": "First-time fix", "unit": "%", "direction": "higher",
                      "baseline": 70, "target": 80, "due": "2025-12-31", "elements": ["E8"]})
    t = pl.kpi_table(p).set_index("kpi_id")
    assert t["computable"].tolist() == [True, False]
    assert ("PLAN213", "K2") in set(zip(pl.plan_flags(p).code, pl.plan_flags(p).id))
    p["kpis"][1]["data"] = {"dataset": "operations", "column": "ftf"}
    assert pl.kpi_table(p).set_index("kpi_id").loc["K2", ["computable", "columns"]].tolist() == [True, "ftf"]


def test_demo_flags_include_the_teaching_cases():
    f = pl.plan_flags(pl.load_plan(pl.DEMO_PLAN))
    pairs = set(zip(f.code, f.id))
    assert ("PLAN201", "R4") in pairs            # high risk without mitigation
    assert ("PLAN206", "inclusivity") in pairs   # weak principle
    assert "PLAN202" not in set(f.code)


# ---------------------------------------------------------------- tables
def test_kpi_table_change_columns():
    t = pl.kpi_table(base())
    r = t.iloc[0]
    assert (r.baseline, r.target, r.change, round(r.change_pct, 4)) == (70.0, 80.0, 10.0, round(100 / 7, 4))
    assert (r.dataset, r.columns) == ("cx_survey", "csat")


def test_planned_approaches_respects_narrowed_elements():
    p = base()
    p["phases"][0]["approaches"] = ["crm_system", {"approach": "online_survey", "elements": ["E4"]}]
    pa = pl.planned_approaches(p)
    assert sorted(zip(pa.element, pa.approach)) == [("E4", "online_survey"), ("E5", "crm_system"),
                                                     ("E8", "crm_system")]


def test_phase_table():
    t = pl.phase_table(base())
    assert t.loc[0, ["days", "people_days", "budget", "approaches"]].tolist() == [181, 10.0, 5000.0, "online_survey"]


# ---------------------------------------------------------------- editing helpers
def test_add_update_remove_return_new_validated_plans():
    p = pl.validate_plan(base())
    before = copy.deepcopy(p)
    p2 = pl.add_kpi(p, pl.kpi_from_catalogue("nps", "K2", baseline=10, target=20, due="2025-12-31"))
    assert [k["id"] for k in p2["kpis"]] == ["K1", "K2"] and p == before
    p3 = pl.update_kpi(p2, "K2", {"target": 25, "baseline": None})
    assert p3["kpis"][1]["target"] == 25 and "baseline" not in p3["kpis"][1]
    assert [k["id"] for k in pl.remove_kpi(p3, "K2")["kpis"]] == ["K1"]
    p4 = pl.add_phase(p, {"id": "P2", "name": "Act", "start": "2025-07-01", "end": "2025-09-30",
                          "approaches": ["chatbot"]})
    assert pl.update_phase(p4, "P2", {"end": "2025-10-31"})["phases"][1]["end"] == "2025-10-31"
    p5 = pl.add_risk(p, {"id": "R2", "description": "outage", "category": "data_security", "likelihood": 2,
                         "impact": 4})
    assert pl.update_risk(p5, "R2", {"mitigation": "backups"})["risks"][1]["mitigation"] == "backups"
    assert len(pl.remove_risk(p5, "R2")["risks"]) == 1


def test_editing_errors():
    p = pl.validate_plan(base())
    with pytest.raises(SedamError) as e:
        pl.add_kpi(p, copy.deepcopy(p["kpis"][0]))
    assert e.value.codes == ["PLAN004"]
    with pytest.raises(SedamError) as e:
        pl.update_phase(p, "P1", {"end": "2024-01-01"})
    assert e.value.codes == ["PLAN008"]
    with pytest.raises(SedamError) as e:
        pl.remove_risk(p, "R9")
    assert e.value.codes == ["PLAN018"]
    with pytest.raises(SedamError) as e:
        pl.remove_goal(p, "G1")                 # still named by K1 and P1
    assert set(e.value.codes) == {"PLAN012"}
    with pytest.raises(SedamError) as e:
        pl.add_risk(p, {"id": "R2", "description": "x", "category": "privacy", "likelihood": 7, "impact": 1})
    assert e.value.codes == ["PLAN009"]


def test_preparation_and_principle_setters():
    p = pl.set_preparation(base(), "team", "done", owner="Ops")
    assert p["preparation"]["team"] == {"status": "done", "owner": "Ops"}
    with pytest.raises(SedamError) as e:
        pl.set_preparation(p, "team", "almost")
    assert e.value.codes == ["PLAN010"]
    p = pl.answer_principle(p, "ethics_1", 3)
    assert p["principles"]["ethics_1"] == {"answer": 3}
    assert "ethics_1" not in pl.answer_principle(p, "ethics_1", None)["principles"]


# ---------------------------------------------------------------- files
def test_save_never_overwrites_unless_asked(tmp_path):
    path = tmp_path / "plan.yaml"
    p = pl.validate_plan(base())
    pl.save_plan(p, path)
    assert pl.load_plan(path) == p
    original = path.read_text(encoding="utf-8")
    changed = pl.update_kpi(p, "K1", {"target": 90})
    with pytest.raises(SedamError) as e:
        pl.save_plan(changed, path)
    assert e.value.codes == ["PLAN020"] and str(path) in str(e.value)
    assert path.read_text(encoding="utf-8") == original
    pl.save_plan(changed, path, overwrite=True)
    assert pl.load_plan(path)["kpis"][0]["target"] == 90
    assert sorted(x.name for x in tmp_path.iterdir()) == ["plan.yaml"]      # no temp files left


def test_save_refuses_an_invalid_plan(tmp_path):
    p = base()
    del p["kpis"][0]["target"]
    with pytest.raises(SedamError) as e:
        pl.save_plan(p, tmp_path / "plan.yaml")
    assert e.value.codes == ["PLAN003"]
    assert not (tmp_path / "plan.yaml").exists()


def test_versions_are_written_beside_the_old_plan(tmp_path):
    path = tmp_path / "plan.yaml"
    p = pl.validate_plan(base())
    assert pl.latest_plan_path(path) == path
    pl.save_plan(p, path)
    v2 = pl.save_plan_version(pl.update_kpi(p, "K1", {"target": 85}), path)
    v3 = pl.save_plan_version(pl.update_kpi(p, "K1", {"target": 88}), path)
    assert (v2.name, v3.name) == ("plan.v2.yaml", "plan.v3.yaml")
    assert pl.load_plan(path)["kpis"][0]["target"] == 80
    assert pl.latest_plan_path(path) == v3
    assert pl.next_version_path(v2).name == "plan.v4.yaml"


# ---------------------------------------------------------------- result and plots
def test_stage_result_is_json_and_carries_what_later_stages_need(tmp_path):
    from sedamkit.core.results import read_result, write_result

    r = pl.stage_result(pl.load_plan(pl.DEMO_PLAN), READINESS)
    assert json.loads(json.dumps(r)) == r
    assert sorted(r["planned_approaches"]) == [f"E{i}" for i in range(1, 10)]
    assert "crm_system" in r["planned_approaches"]["E5"]
    k1 = r["kpis"][0]
    assert {"id", "kpi", "baseline", "target", "direction", "due", "elements", "computable"} <= set(k1)
    assert r["readiness"]["ignored_blocking"] == ["funding"]
    assert r["risks"]["unmitigated_high"] == ["R4"]
    assert r["totals"]["budget"] == 38000 + 22000 + 55000 + 18000
    write_result(tmp_path, "02_daap", r)
    assert read_result(tmp_path, "02_daap") == r


def test_plots_return_axes_and_leave_pyplot_alone():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    p = pl.load_plan(pl.DEMO_PLAN)
    n = len(plt.get_fignums())
    for fn in (pl.plot_timeline, pl.plot_risk_matrix, pl.plot_principles):
        ax = fn(p)
        assert hasattr(ax, "figure")
    assert len(plt.get_fignums()) == n
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    assert pl.plot_risk_matrix(p, ax=ax) is ax
    texts = {t.get_text() for t in ax.texts}
    assert "R4!" in texts and "R1" in texts


def test_import_does_not_load_matplotlib():
    code = ("import sys, sedamkit as sk; sk.plan; sk.catalogue; sk.application; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_runner_hook_validates_the_client_plan(tmp_path):
    pl.validate_client_inputs({"dir": pl.DEMO_PLAN.parent, "plan": "plan.yaml"}, ["02_daap"])
    pl.validate_client_inputs({"dir": tmp_path}, ["01_necessity_feasibility"])      # not selected: no check
    with pytest.raises(SedamError) as e:
        pl.validate_client_inputs({"dir": tmp_path}, ["02_daap"])
    assert e.value.codes == ["PLAN000"]


# ---------------------------------------------------------------- the plan's JSON Schema
def _schema_cases():
    """One broken plan per code the schema maps an error to (and where the problem shows)."""
    def with_(change):
        p = base()
        change(p)
        return p

    return {
        "PLAN001": (with_(lambda p: p.update(risks="not a list")), "risks"),
        "PLAN002": (with_(lambda p: p.update(mission="  ")), "mission"),
        "PLAN003": (with_(lambda p: p["kpis"][0].update(target=None)), "kpis[0].target"),
        "PLAN005": (with_(lambda p: p["goals"][0].update(elements=["E10"])), "goals[0].elements[0]"),
        "PLAN006": (with_(lambda p: p["phases"][0].update(approaches=[{"approach": "telepathy", "elements": ["E5"]}])),
                    "phases[0].approaches[0].approach"),
        "PLAN007": (with_(lambda p: p["kpis"][0].update(due="2025-02-30")), "kpis[0].due"),
        "PLAN009": (with_(lambda p: p["risks"][0].update(impact=2.5)), "risks[0].impact"),
        "PLAN010": (with_(lambda p: p["risks"][0].update(category="weather")), "risks[0].category"),
        "PLAN011": (with_(lambda p: p["kpis"][0].update(baseline="high")), "kpis[0].baseline"),
        "PLAN013": (with_(lambda p: p["risks"][0].update(addresses="wizardry")), "risks[0].addresses[0]"),
        "PLAN014": (with_(lambda p: p["kpis"][0].update(kpi="happiness")), "kpis[0].kpi"),
        "PLAN015": (with_(lambda p: p.update(principles={"ethics_1": {"answer": 0}})), "principles.ethics_1.answer"),
        "PLAN016": (with_(lambda p: p.update(preparation={"coffee": "done"})), "preparation.coffee"),
    }


def test_every_code_the_schema_maps_still_appears():
    from sedamkit.stages.daap.schema import schema_codes

    cases = _schema_cases()
    assert schema_codes() == set(cases)
    for code, (plan, where) in cases.items():
        with pytest.raises(SedamError) as e:
            pl.validate_plan(plan)
        assert [(p.code, p.where) for p in e.value.problems] == [(code, where)], code


def test_the_schema_file_is_a_valid_json_schema_and_every_error_is_coded():
    import jsonschema

    from sedamkit.stages.daap.schema import load_schema

    jsonschema.Draft202012Validator.check_schema(load_schema())
    p = base()
    p["goals"].append("not a mapping")
    p["kpis"].append({"kpi": "custom", "target": "", "due": None, "data": {"dataset": "x"}})
    p["phases"][0].update(resources=[], approaches="crm_system", goals=5)
    p["risks"][0].update(likelihood=True, description=None, addresses={})
    p["preparation"] = {"team": {"notes": "no status"}}
    p["principles"] = {"security_1": "yes", "no_such": 9}
    with pytest.raises(SedamError) as e:
        pl.validate_plan(p)
    got = [(x.code, x.where) for x in e.value.problems]
    assert all(x.fix and "schema" not in x.fix for x in e.value.problems), got   # none fell back to the generic text
    assert sorted(got) == sorted([
        ("PLAN001", "goals[1]"), ("PLAN002", "kpis[1].id"), ("PLAN003", "kpis[1].target"), ("PLAN002", "kpis[1].due"),
        ("PLAN001", "kpis[1].data"), ("PLAN002", "kpis[1].name"), ("PLAN002", "kpis[1].unit"),
        ("PLAN002", "kpis[1].direction"), ("PLAN002", "kpis[1].elements"), ("PLAN001", "phases[0].goals"),
        ("PLAN001", "phases[0].resources"), ("PLAN001", "phases[0].approaches"), ("PLAN002", "risks[0].description"),
        ("PLAN009", "risks[0].likelihood"), ("PLAN001", "risks[0].addresses"), ("PLAN010", "preparation.team.status"),
        ("PLAN015", "principles.security_1"), ("PLAN015", "principles.no_such")])
    assert got[0] == ("PLAN001", "goals[1]") and got[-1] == ("PLAN015", "principles.no_such")   # the plan's order


def test_schema_vocabularies_follow_the_checks_file():
    checks = pl.load_checks()
    checks["risk"]["categories"].append("weather")
    p = base()
    p["risks"][0]["category"] = "weather"
    assert pl.validate_plan(p, checks=checks)["risks"][0]["category"] == "weather"
    with pytest.raises(SedamError) as e:
        pl.validate_plan(p)
    assert e.value.codes == ["PLAN010"] and "use one of: privacy, data_security" in str(e.value)


def test_kpi_owner_source_frequency_and_approach_reasons_are_asked_for():
    p = pl.load_plan(pl.DEMO_PLAN)
    k = dict(p["kpis"][0]); k.pop("owner")
    bare = dict(p, kpis=[k] + p["kpis"][1:], choices=p["choices"][1:])
    codes = [(w.code, w.where) for w in pl.plan_warnings(bare)]
    assert ("PLAN104", "kpis[0]") in codes
    assert any(c == "PLAN105" and "crm_system" in w.message for (c, _), w in zip(codes, pl.plan_warnings(bare)))
    half = dict(p, choices=[dict(p["choices"][0], principles={"security": "encrypted"})] + p["choices"][1:])
    msg = [w.message for w in pl.plan_warnings(half) if w.code == "PLAN105"]
    assert msg and "inclusivity" in msg[0] and "security" not in msg[0].split("has no")[1]


def test_stage05_judges_the_delivery_of_the_programme():
    from sedamkit.stages.daap.programme import delivery

    d = delivery(pl.load_plan(pl.DEMO_PLAN), as_of="2025-12-31").set_index("phase")
    assert d.loc["P3", "status"] == "late" and not d.loc["P3", "delivered"]
    assert d.loc["total", "status"] == "2 of 4 phases due so far have been delivered."   # no "phase(s)"
    assert d.loc["total", "budget"] == 133000 and d.loc["P1", "spend_ratio"] > 1
