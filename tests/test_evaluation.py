"""Stage 05: KPI values against hand-computed numbers, status rules at their boundaries, uncertainty,
mission review, approach ratings, periods and regions, validation codes and the exercise checks."""
import json
import math
import shutil

import pandas as pd
import pytest

from sedamkit import evaluation as ev
from sedamkit.core.errors import SedamError

from conftest import ROOT


def plan(kpis, start="2025-01-01", end="2025-12-31", phases=()):
    return {"period": {"start": start, "end": end}, "kpis": kpis, "phases": list(phases), "client": "T"}


def kpi(id_, kind, columns, dataset="d", direction="higher", baseline=0.0, target=1.0, due="2025-12-31",
        unit="u", name=None):
    return {"id": id_, "kpi": kind, "name": name or kind, "unit": unit, "direction": direction,
            "baseline": baseline, "target": target, "due": due, "dataset": dataset, "columns": columns,
            "elements": ["E5"], "goals": []}


def pooled(values, kid, period=None):
    v = values[(values.kpi_id == kid) & (values.region == ev.ALL)]
    return v if period is None else v[v.period == period].iloc[0]


# ------------------------------------------------------------------ KPI formulas by hand
def test_customer_kpis_match_hand_computed_values():
    df = pd.DataFrame({"quarter": ["2025Q1"] * 6, "region": ["N", "N", "N", "S", "S", "S"],
                       "csat": [5, 4, 3, 2, 1, 5], "nps": [10, 9, 7, 6, 0, 9], "ces": [7, 6, 5, 4, 3, 5]})
    p = plan([kpi("K1", "csat", ["csat"]), kpi("K2", "nps", ["nps"]), kpi("K3", "ces", ["ces"])])
    v = ev.kpi_values(p, datasets={"d": df})
    assert pooled(v, "K1", "2025Q1").value == pytest.approx(50.0)          # 3 of 6 answers are 4-5
    assert pooled(v, "K2", "2025Q1").value == pytest.approx(100 * (3 - 2) / 6)  # 3 promoters, 2 detractors
    assert pooled(v, "K3", "2025Q1").value == pytest.approx(30 / 6)
    north = v[(v.kpi_id == "K1") & (v.region == "N")].iloc[0]
    assert north.value == pytest.approx(200 / 3) and north.n == 3          # 5, 4 satisfied of 3
    assert set(v.region) == {"All", "N", "S"}
    assert v.as_of.iloc[0] == pd.Timestamp("2025-02-14")                   # middle of Q1 (90 days), by day


def test_operations_kpis_match_hand_computed_values():
    df = pd.DataFrame({
        "quarter": ["2024Q4", "2024Q4", "2025Q1", "2025Q1"], "region": ["N", "S", "N", "S"],
        "customers_start": [100, 100, 200, 100], "customers_retained": [80, 90, 170, 80],
        "leavers": [2, 3, 4, 1], "employees_start": [40, 60, 50, 50],
        "esat_mean": [3.0, 4.0, 3.0, 4.0], "esat_sd": [1.0, 1.0, 0.5, 0.5], "esat_n": [10, 30, 20, 20],
        "process_minutes_mean": [100.0, 200.0, 90.0, 150.0], "process_minutes_sd": [10.0, 10.0, 10.0, 10.0],
        "jobs_completed": [10, 10, 30, 10], "operating_cost": [100.0, 100.0, 95.0, 110.0]})
    p = plan([kpi("K4", "retention_rate", ["customers_start", "customers_retained"]),
              kpi("K5", "employee_satisfaction", ["esat_mean", "esat_sd", "esat_n"]),
              kpi("K6", "employee_turnover", ["leavers", "employees_start"], direction="lower"),
              kpi("K7", "process_completion_time", ["process_minutes_mean", "process_minutes_sd", "jobs_completed"],
                  direction="lower"),
              kpi("K8", "cost_reduction_rate", ["operating_cost"])])
    v = ev.kpi_values(p, datasets={"d": df})
    assert pooled(v, "K4", "2025Q1").value == pytest.approx(250 / 300 * 100)
    assert pooled(v, "K5", "2024Q4").value == pytest.approx((10 * 3 + 30 * 4) / 40)
    assert pooled(v, "K6", "2024Q4").value == pytest.approx(5 / 100 * 100)
    assert pooled(v, "K7", "2025Q1").value == pytest.approx((30 * 90 + 10 * 150) / 40)
    # cost: reference = mean cost of the periods before the plan start (2024Q4 only: 200)
    assert pooled(v, "K8", "2025Q1").value == pytest.approx((200 - 205) / 200 * 100)
    n8 = v[(v.kpi_id == "K8") & (v.region == "N") & (v.period == "2025Q1")].iloc[0]
    assert n8.value == pytest.approx(5.0) and math.isnan(n8.ci_low)        # exact: no interval
    r = v[(v.kpi_id == "K4") & (v.period == "2025Q1")].set_index("region")
    assert r.loc["N", "ci_low"] < r.loc["N", "value"] < r.loc["N", "ci_high"]


def test_custom_kpi_is_a_mean_with_t_interval():
    df = pd.DataFrame({"month": ["2025-03"] * 3, "calls": [1.0, 2.0, 6.0]})
    k = kpi("K1", "custom", ["calls"], dataset="ops")
    v = ev.kpi_values(plan([k]), datasets={"ops": df}, period="month")
    row = pooled(v, "K1").iloc[0]
    assert row.value == pytest.approx(3.0) and row.ci_low < 3 < row.ci_high
    assert list(v.region) == ["All"]                                      # no region column: pooled only


# ------------------------------------------------------------------ not measurable, never skipped
def test_missing_data_is_listed_with_a_reason_code(tmp_path):
    (tmp_path / "ops.csv").write_text("quarter,x\n2025Q1,1\n")
    client = {"dir": tmp_path, "data": {"ops": "ops.csv", "gone": "nothere.csv"}}
    ks = [kpi("K1", "custom", [], dataset=None), kpi("K2", "csat", ["csat"], dataset="survey"),
          kpi("K3", "csat", ["csat"], dataset="gone"), kpi("K4", "csat", ["csat"], dataset="ops"),
          kpi("K5", "custom", ["x"], dataset="ops"), kpi("K6", "happiness", ["x"], dataset="ops")]
    v = ev.kpi_values(plan(ks), client)
    reasons = dict(zip(v[~v.measurable].kpi_id, v[~v.measurable].reason.str[:7]))
    assert reasons == {"K1": "EVAL101", "K2": "EVAL102", "K3": "EVAL103", "K4": "EVAL104", "K6": "EVAL106"}
    assert v[v.kpi_id == "K5"].measurable.all()
    s = ev.kpi_status(v, plan(ks))
    assert list(s.kpi_id) == ["K1", "K2", "K3", "K4", "K5", "K6"]          # every KPI, in plan order
    assert (s.set_index("kpi_id").drop("K5").status == "not_measurable").all()


def test_no_values_is_eval105():
    df = pd.DataFrame({"quarter": ["2025Q1", "2025Q2"], "x": [None, None]})
    v = ev.kpi_values(plan([kpi("K1", "custom", ["x"])]), datasets={"d": df})
    assert v.reason.iloc[0].startswith("EVAL105")


def test_bad_values_raise_with_codes_unless_not_strict():
    df = pd.DataFrame({"quarter": ["2025Q1", "2025Q1"], "csat": [5, "five"]})
    p = plan([kpi("K1", "csat", ["csat"])])
    with pytest.raises(SedamError) as e:
        ev.kpi_values(p, datasets={"d": df})
    assert "DATA002" in e.value.codes and "KPI K1" in str(e.value)
    v = ev.kpi_values(p, datasets={"d": df}, strict=False)
    assert not v.measurable.iloc[0] and v.reason.iloc[0].startswith("DATA002")


def test_bad_period_label_and_bad_parameters():
    df = pd.DataFrame({"quarter": ["Q1-25"], "csat": [5]})
    with pytest.raises(SedamError) as e:
        ev.kpi_values(plan([kpi("K1", "csat", ["csat"])]), datasets={"d": df})
    assert e.value.codes == ["EVAL005"]
    with pytest.raises(SedamError) as e:
        ev.kpi_values(plan([]), confidence=95)
    assert e.value.codes == ["EVAL002"]
    with pytest.raises(SedamError) as e:
        ev.plan_result({"nothing": 1})
    assert e.value.codes == ["EVAL001"]


# ------------------------------------------------------------------ status rules and boundaries
@pytest.mark.parametrize("latest,direction,want", [
    (82.0, "higher", "met"),            # exactly at the target: met
    (81.99, "higher", "on_track"),
    (80.0, "higher", "on_track"),       # exactly on the planned line: on track
    (79.99, "higher", "off_track"),
    (2.8, "lower", "met"),              # lower is better: at the target
    (2.79, "lower", "met"),
    (2.9, "lower", "on_track"),         # exactly on the line
    (2.91, "lower", "off_track"),
])
def test_status_boundaries(latest, direction, want):
    target, expected = (82.0, 80.0) if direction == "higher" else (2.8, 2.9)
    assert ev.status_of(latest, target, expected, direction) == want


def test_lower_is_better_above_target_is_never_met():
    assert ev.status_of(3.5, 2.8, 3.0, "lower") == "off_track"
    assert ev.status_of(float("nan"), 2.8, 3.0, "lower") == "not_measurable"
    with pytest.raises(SedamError) as e:
        ev.status_of(1, 2, 3, "up")
    assert e.value.codes == ["EVAL002"]


def test_floating_point_noise_does_not_decide():
    assert ev.status_of(0.1 + 0.2, 0.3, 0.2, "higher") == "met"


def test_expected_value_is_linear_and_clipped():
    assert ev.expected_value(70, 80, "2025-01-01", "2025-12-31", "2025-07-02") == pytest.approx(75.0)
    assert ev.expected_value(70, 80, "2025-01-01", "2025-12-31", "2024-06-01") == 70
    assert ev.expected_value(70, 80, "2025-01-01", "2025-12-31", "2027-01-01") == 80
    assert ev.expected_value(5, 3, "2025-01-01", "2025-01-01", "2025-01-01") == 3   # zero span: the target


def _one(values, baseline=10.0, target=20.0, direction="higher", due="2025-12-31"):
    df = pd.DataFrame({"quarter": [q for q, vals in values for _ in vals], "x": [x for _, vals in values for x in vals]})
    p = plan([kpi("K1", "custom", ["x"], baseline=baseline, target=target, direction=direction, due=due)])
    v = ev.kpi_values(p, datasets={"d": df})
    return ev.kpi_status(v, p).iloc[0], v, p


def test_status_uses_the_middle_of_the_latest_period_and_the_plan_baseline():
    # 2025Q2's middle is 2025-05-16: 135 of 364 days -> expected = 10 + 10 * 135/364 = 13.709
    row, _, _ = _one([("2024Q4", [30.0, 30.0]), ("2025Q2", [13.8, 13.8])])
    assert row.as_of == "2025-05-16" and row.expected == pytest.approx(10 + 10 * 135 / 364)
    assert row.status == "on_track" and row.baseline_source == "plan"
    row, _, _ = _one([("2025Q2", [13.6, 13.6])])
    assert row.status == "off_track"


def test_missing_baseline_comes_from_the_data_before_the_plan():
    row, _, _ = _one([("2024Q3", [9.0, 9.0]), ("2024Q4", [12.0, 12.0]), ("2025Q4", [19.0, 19.0])], baseline=None)
    assert row.baseline == 12.0 and row.baseline_source == "data"


def test_change_against_its_uncertainty():
    sig, _, _ = _one([("2025Q4", [14.0, 15.0, 16.0, 15.0])])          # interval ~[14.2, 15.8], baseline 10
    assert sig.significant == True and sig.uncertainty == "95% interval"  # noqa: E712
    noise, _, _ = _one([("2025Q4", [5.0, 15.0, 10.0, 20.0])])         # wide interval includes 10
    assert noise.significant == False  # noqa: E712
    assert ev._significant("cost_reduction_rate", 0.5, float("nan"), float("nan"), 0.0) == (True, "exact")
    assert ev._significant("csat", 70, float("nan"), float("nan"), 60) == (None, "no interval")


# ------------------------------------------------------------------ the demo client
@pytest.fixture(scope="module")
def demo():
    from sedamkit import plan as P
    from sedamkit.core.config import load_client

    client = load_client(ROOT / "datasets" / "demo")
    pr = P.stage_result(P.load_plan(P.DEMO_PLAN))
    values = ev.kpi_values(pr, client)
    return client, pr, values, ev.kpi_status(values, pr)


def test_demo_shows_every_status(demo):
    _, _, _, status = demo
    assert set(status.status) == set(ev.STATUSES)
    assert dict(zip(status.kpi_id, status.status))["K9"] == "not_measurable"
    assert dict(zip(status.kpi_id, status.status))["K7"] == "met"      # lower is better, below its target


def test_demo_regions_and_changes(demo):
    _, pr, values, _ = demo
    lag = ev.lagging_regions(values, pr)
    assert lag.iloc[0].region == "South" and lag.iloc[0].n_lagging >= 2
    ch = ev.period_changes(values, pr)
    assert set(ch["from_period"]) == {"2024Q4"} and set(ch["to_period"]) == {"2025Q4"}
    sig = ch.significant.fillna(False).tolist()
    assert sig == sorted(sig, reverse=True)                            # changes beyond uncertainty first


def test_demo_plots_render(demo):
    _, pr, values, status = demo
    fig = ev.plot_dashboard(values, status, pr)
    assert len([a for a in fig.axes if a.get_visible()]) == len(pr["kpis"])
    texts = " ".join(t.get_text() for a in fig.axes for t in a.texts)
    assert "NOT MEASURABLE" in texts and "MET" in texts                # status in words, not colour only
    ax = ev.plot_regions(values, pr)
    assert "7.3.2.3" in ax.get_title()


# ------------------------------------------------------------------ mission review and approaches
def test_mission_review_verdicts_and_source():
    from sedamkit.core.spec import load_spec

    spec = load_spec("mission_review")
    assert spec.languages == ["en", "fr"] and len(spec.items) >= 6
    assert ev.mission_review([], spec).verdict == "not_reviewed"
    four = {i: 4 for i in spec.item_ids}                               # every item 75: sound
    assert ev.mission_review([{"respondent": "a", "answers": four}], spec).verdict == "sound"
    three = {i: 3 for i in spec.item_ids}                              # 50 overall: revise, no weak item
    r = ev.mission_review([{"respondent": "a", "answers": three}], spec)
    assert r.verdict == "revise" and r.weak_items == []
    assert ev.mission_text({}, {"mission": "Plan"}) == {"text": "Plan", "source": "DAAP"}


def test_approach_spec_and_poor_boundary(tmp_path):
    pr = {"phases": [{"id": "P1", "name": "A", "approaches": ["crm_system", {"approach": "chatbot", "elements": ["E6"]}]}]}
    spec = ev.approach_spec(pr)
    assert spec.item_ids[:3] == ["crm_system__suitable", "crm_system__beneficial", "crm_system__used"]
    docs = [{"respondent": "a", "answers": {"crm_system__suitable": 3, "crm_system__beneficial": 3,
                                            "crm_system__used": 3, "chatbot__used": 2}, "comments": {"chatbot__used": "rare"}},
            {"respondent": "b", "answers": {"chatbot__used": 3}}]
    r = ev.approach_ratings(docs, spec, pr).set_index("approach")
    assert not r.loc["crm_system", "poor"]                             # exactly 3: not poor
    assert r.loc["chatbot", "poor"] and r.loc["chatbot", "weak_on"] == "used"   # 2.5 < 3
    assert r.loc["chatbot", "evidence"] == "a: rare"
    # an approach answered earlier but no longer planned stays in the spec, unscored
    folder = tmp_path / "05_evaluation" / "approaches"
    folder.mkdir(parents=True)
    (folder / "a.json").write_text(json.dumps({"questionnaire": "approach_ratings", "version": 1, "respondent": "a",
                                               "answers": {"kpi_dashboard__used": 4}}))
    spec2 = ev.approach_spec(pr, answers_dir=tmp_path)
    assert "kpi_dashboard__used" in spec2.item_ids
    assert len(ev.load_answers(tmp_path, spec2, "approaches")) == 1
    assert "kpi_dashboard" not in set(ev.approach_ratings(ev.load_answers(tmp_path, spec2, "approaches"), spec2, pr).approach)


# ------------------------------------------------------------------ runner hook
def test_validate_client_inputs_demo_passes_and_bad_files_have_codes(demo_copy):
    from sedamkit.core.config import load_client

    client = load_client(demo_copy)
    ev.validate_client_inputs(client, ["05_evaluation"])
    d = demo_copy / "answers" / "05_evaluation"
    doc = json.loads((d / "approaches" / "it_lead.json").read_text())
    doc["answers"]["teleporter__used"] = 4
    doc["answers"]["chatbot_used"] = 2
    doc["answers"]["crm_system__used"] = 9
    (d / "approaches" / "it_lead.json").write_text(json.dumps(doc))
    shutil.copy(d / "mission" / "ceo.json", d / "ceo.json")
    with pytest.raises(SedamError) as e:
        ev.validate_client_inputs(client, ["05_evaluation"])
    assert sorted(set(e.value.codes)) == ["ANS006", "EVAL003", "EVAL004"]
    ev.validate_client_inputs(client, ["01_necessity_feasibility"])   # stage not selected: not checked


# ------------------------------------------------------------------ exercise checks
def test_status_check_recognises_typical_mistakes(demo):
    _, pr, values, status = demo
    right = dict(zip(status.kpi_id, status.status))
    assert ev.check_statuses(right, status, pr, values).ok
    assert ev.check_statuses({k: v.replace("_", " ").title() for k, v in right.items()}, status).ok
    wrong = dict(right, K6="met")                                      # lower is better, above target
    fb = ev.check_statuses(wrong, status, pr, values)
    assert not fb.ok and "lower is better" in fb.message
    fb = ev.check_statuses(dict(right, K2="off track"), status, pr, values)
    assert "expected point" in fb.message and "on track" in fb.message
    fb = ev.check_statuses(dict(right, K9="met"), status, pr, values)
    assert "latest value" in fb.message and "not measurable" not in fb.message   # a hint, never the status
    assert not ev.check_statuses(None, status).ok


def test_expected_value_check_recognises_wrong_baseline_and_period_end(demo):
    _, pr, values, status = demo
    r = status.set_index("kpi_id").loc["K2"]
    assert ev.check_expected_value(r.expected, status, "K2", pr, values).ok
    first = ev.first_values(values)["K2"]
    wrong_base = ev.expected_value(first, r.target, "2025-01-01", r.due, r.as_of)
    fb = ev.check_expected_value(wrong_base, status, "K2", pr, values)
    assert not fb.ok and "baseline" in fb.message
    fb = ev.check_expected_value(ev.expected_value(r.baseline, r.target, "2025-01-01", r.due, "2025-12-31"),
                                 status, "K2", pr, values)
    assert not fb.ok and "middle" in fb.message
    assert not ev.check_expected_value(r.expected, status, "K9", pr, values).ok


# ------------------------------------------------------------------ the formula table
def test_every_catalogue_kpi_function_has_an_implementation():
    from sedamkit.methods.catalogue import load_kpis
    from sedamkit.stages.evaluation.kpi_values import CUSTOM_FUNCTION, FORMULAS, kpi_function

    functions = {k: e["compute"]["function"] for k, e in load_kpis().items()}
    assert functions and all(f in FORMULAS for f in functions.values()), functions
    assert all(kpi_function({"kpi": k}) == f for k, f in functions.items())
    assert kpi_function({"kpi": "custom"}) == CUSTOM_FUNCTION and CUSTOM_FUNCTION in FORMULAS


def test_stage05_result_is_plain_json():
    from sedamkit.core.jsonsafe import json_safe

    df = pd.DataFrame({"quarter": ["2024Q4", "2025Q2"], "region": ["N", "N"], "operating_cost": [100.0, 90.0]})
    p = plan([kpi("K1", "cost_reduction_rate", ["operating_cost"], baseline=None, target=20.0)])
    v = ev.kpi_values(p, datasets={"d": df})
    r = ev.stage_result(p, v, ev.kpi_status(v, p), changes=ev.period_changes(v, p))
    assert json_safe(r, infinity="text") == r == json.loads(json.dumps(r))
    assert r["changes"][0]["z"] == "inf"                               # exact change: written as before
