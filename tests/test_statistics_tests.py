"""Tests of a difference (Welch, Newcombe, NPS difference, Holm) against published values and values
computed once with SciPy 1.17 (scipy.stats.ttest_ind(equal_var=False), chi2_contingency without
correction, norm.sf); stage 04's region tests and delight indicators and stage 05's period tests on
the three shipped clients, as a user reads them."""
import math

import pandas as pd
import pytest

from sedamkit.core.config import load_client
from sedamkit.core.errors import SedamError
from sedamkit.methods import statistics as st
from sedamkit.methods.cx_compare import group_tests, pair_test

from conftest import ROOT

CLIENTS = ["demo", "brightlane", "hopitaux-estuaire"]
A = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
B = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]


# ------------------------------------------------------------------ the tests against references
def test_welch_matches_scipy_on_the_published_example():
    r = st.welch_test(A, B)
    assert r["t"] == pytest.approx(-2.455356398286006, rel=1e-9)
    assert r["df"] == pytest.approx(24.988529290231416, rel=1e-9)
    assert r["p_value"] == pytest.approx(0.021378001462866992, rel=1e-6)
    assert (r["ci_low"], r["ci_high"]) == pytest.approx((-3.984096267140929, -0.3492370661924069), rel=1e-6)


def test_welch_matches_scipy_on_unequal_groups_and_a_90_percent_interval():
    x = [7, 5, 5, 7, 5, 6, 6, 2, 1, 3, 2, 7, 7, 1, 4, 6, 1, 6, 1, 4, 6, 3, 3, 2, 6, 2, 7, 4, 4, 4, 5, 4, 4, 7, 6,
         6, 5, 5, 3, 7]
    y = [4, 2, 6, 2, 7, 5, 1, 1, 4, 1, 1, 4, 7, 4, 6, 7, 6, 5, 4, 4, 2, 4, 3, 2, 7]
    r = st.welch_test(x, y, confidence=0.90)
    assert r["t"] == pytest.approx(0.9976878080580242, rel=1e-9)
    assert r["df"] == pytest.approx(48.70769264341352, rel=1e-9)
    assert r["p_value"] == pytest.approx(0.3233615935247109, rel=1e-6)
    assert (r["ci_low"], r["ci_high"]) == pytest.approx((-0.3505248262200358, 1.3805248262200347), rel=1e-6)
    s = st.welch_from_stats(20.82, 2.98, 15, 22.99, 1.61, 15)      # from summary figures
    assert s["t"] == pytest.approx(-2.481283172069571, rel=1e-9)
    assert s["p_value"] == pytest.approx(0.021406845683069196, rel=1e-6)


def test_t_cdf_matches_scipy_at_fractional_degrees_of_freedom():
    assert st.t_cdf(2.2281, 10) == pytest.approx(0.9749983532067628, abs=1e-9)
    assert st.t_cdf(-1.3, 7.5) == pytest.approx(0.11606338940780439, abs=1e-9)


def test_newcombe_matches_the_published_example_and_the_z_test_matches_chi_square():
    r = st.newcombe_interval(56, 70, 48, 80)
    assert r["difference"] == pytest.approx(0.2)
    assert (round(r["ci_low"], 4), round(r["ci_high"], 4)) == (0.0524, 0.3339)    # Newcombe (1998), method 10
    assert r["p_value"] == pytest.approx(0.008045081368196585, rel=1e-6)          # chi-square without correction


def test_nps_difference_uses_the_sum_of_the_two_variances():
    r = st.nps_difference(50, 20, 100, 40, 30, 100)
    var = (0.5 + 0.2 - 0.3 ** 2) / 100 + (0.4 + 0.3 - 0.1 ** 2) / 100
    assert r["difference"] == pytest.approx(20.0)
    assert r["se"] == pytest.approx(100 * math.sqrt(var))
    assert r["p_value"] == pytest.approx(0.07941062599894227, rel=1e-6)           # 2 · norm.sf(z)


def test_holm_by_hand_and_its_edge_cases():
    adj, sig = st.holm([0.01, 0.04, 0.03, 0.005])
    assert adj == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert sig == [True, False, False, True]
    adj, sig = st.holm([0.5, float("nan"), 0.01])          # NaN is no test: two tests, not three
    assert adj[0] == pytest.approx(0.5) and math.isnan(adj[1]) and adj[2] == pytest.approx(0.02)
    assert sig == [False, False, True]
    assert st.holm([]) == ([], [])


def test_overlapping_intervals_can_hide_a_real_difference():
    """The reason for the tests: two 95 % intervals that overlap while the difference is significant."""
    a, b = [1] * 60 + [0] * 40, [1] * 46 + [0] * 54
    lo_a, _ = st.wilson_interval(60, 100)
    _, hi_b = st.wilson_interval(46, 100)
    assert float(lo_a) < float(hi_b)                        # the intervals overlap …
    r = pair_test("csat", [5 if x else 1 for x in a], [5 if x else 1 for x in b], cut=4)
    assert r["p_value"] < 0.05 and r["ci_low"] > 0          # … yet the difference is real


def test_group_tests_refuse_an_unknown_metric_and_a_share_without_its_cut():
    df = pd.DataFrame({"g": ["a", "b"], "x": [1, 2]})
    with pytest.raises(SedamError) as e:
        group_tests(df, "happiness", "x", "g")
    assert e.value.problems[0].code == "CX004"
    with pytest.raises(SedamError) as e:
        group_tests(df, "csat", "x", "g")
    assert e.value.problems[0].code == "CX004" and "cut" in str(e.value)
    with pytest.raises(SedamError) as e:
        group_tests(pd.DataFrame({"g": ["a", "b"], "x": [11, 2]}), "nps", "x", "g")
    assert e.value.problems[0].code == "DATA002"


def test_a_group_of_one_answer_is_not_tested():
    df = pd.DataFrame({"g": ["a", "b", "b", "b", "c", "c"], "x": [10, 0, 1, 2, 9, 10]})
    t = group_tests(df, "nps", "x", "g")
    one = t[(t.group_a == "a") | (t.group_b == "a")]
    assert len(one) == 2 and one["p_value"].isna().all() and not one["significant"].any()
    two = t[(t.group_a == "b") & (t.group_b == "c")].iloc[0]
    assert two["p_adjusted"] == pytest.approx(two["p_value"])        # the NaN rows are no tests for Holm
    from sedamkit.stages.customer_experience.analysis import region_tests

    survey = pd.DataFrame({"quarter": ["2025Q1"] * 6, "region": list("abbbcc"), "nps": [10, 0, 1, 2, 9, 10],
                           "csat": [5, 1, 2, 2, 5, 4], "ces": [7, 1, 2, 3, 6, 7]})
    rows = region_tests(survey)
    assert rows and all("a" not in (r["region_a"], r["region_b"]) for r in rows)


# ------------------------------------------------------------------ stage 04 on every client
@pytest.mark.parametrize("name", CLIENTS)
def test_region_tests_in_stage_04_result(name):
    from sedamkit.stages.customer_experience import api as cx

    inp = cx.load_inputs(load_client(ROOT / "datasets" / name))
    res = cx.stage_result(inp)
    tests = res["metrics"]["region_tests"]
    keys = {"metric", "region_a", "region_b", "difference", "ci_low", "ci_high", "p_value", "method", "significant"}
    assert tests and all(keys <= set(t) for t in tests)
    by_region = res["metrics"]["by_region"]
    k = len(by_region)
    for metric in ("nps", "csat", "ces"):
        rows = [t for t in tests if t["metric"] == metric]
        assert len(rows) == k * (k - 1) // 2                     # every pair of regions
        wb = [t for t in rows if t["worst_best"]]
        assert len(wb) == 1
        vals = {r: by_region[r][metric]["value"] for r in by_region}
        assert wb[0]["region_a"] == max(vals, key=vals.get) and wb[0]["region_b"] == min(vals, key=vals.get)
        for t in rows:                                          # the values are the table's values
            assert t["value_a"] == pytest.approx(vals[t["region_a"]], abs=0.01)
            assert t["difference"] >= 0 and t["ci_low"] <= t["difference"] <= t["ci_high"]
            assert t["p_adjusted"] >= t["p_value"]
            assert t["significant"] == (t["p_adjusted"] < 0.05)
    text = " ".join(res["findings"])
    assert "overlap" not in text
    if name == "demo":
        assert "Holm-adjusted p" in text and "larger than chance explains" in text


@pytest.mark.parametrize("name", CLIENTS)
def test_delight_indicators_beside_csat(name):
    from sedamkit.stages.customer_experience import api as cx

    cl = load_client(ROOT / "datasets" / name)
    inp = cx.load_inputs(cl)
    d = cx.stage_result(inp)["metrics"]["delight"]
    assert {"csat_top_box", "nps_top_score"} <= set(d)
    assert ("delighted_comments" in d) == (inp.ratings is not None)
    q = cx.stage_result(inp)["metrics"]["quarter"]
    sub = inp.cx_survey[inp.cx_survey["quarter"].astype(str) == q]
    assert d["csat_top_box"]["value"] == pytest.approx(100 * (sub["csat"] == 5).mean(), abs=0.01)
    assert d["nps_top_score"]["n"] == int(sub["nps"].notna().sum())
    for v in d.values():
        assert v["ci_low"] <= v["value"] <= v["ci_high"] and v["label"]
    csat = cx.stage_result(inp)["metrics"]["overall"]["csat"]["value"]
    assert d["csat_top_box"]["value"] < csat                     # delight is the top of satisfaction
    if cl.get("language") == "fr":
        assert d["csat_top_box"]["label"].startswith("Très satisfaits")


# ------------------------------------------------------------------ stage 05 on every client
@pytest.mark.parametrize("name", CLIENTS)
def test_period_tests_in_stage_05(name):
    from sedamkit import evaluation as ev

    cl = load_client(ROOT / "datasets" / name)
    pr = ev.compute_result(cl, "02_daap")
    tests = ev.period_tests(pr, cl)
    assert tests
    keys = {"kpi_id", "period_a", "period_b", "difference", "ci_low", "ci_high", "p_value", "method", "significant"}
    assert all(keys <= set(t) for t in tests)
    values = ev.kpi_values(pr, cl, strict=False)
    for t in [t for t in tests if t["region"] == ev.ALL]:
        v = values[(values.kpi_id == t["kpi_id"]) & (values.region == ev.ALL)].set_index("period")["value"]
        assert t["value_a"] == pytest.approx(v[t["period_a"]], abs=1e-4)      # same numbers as the KPI table
        assert t["value_b"] == pytest.approx(v[t["period_b"]], abs=1e-4)
        assert t["difference"] == pytest.approx(t["value_a"] - t["value_b"], abs=2e-4)
        assert t["p_adjusted"] == t["p_value"]                                # one question per KPI
    start = pd.Timestamp(pr["period"]["start"])
    assert all(pd.Period(t["period_b"], "Q").end_time < start for t in tests)  # the baseline period
    for kid in {t["kpi_id"] for t in tests}:
        regs = [t for t in tests if t["kpi_id"] == kid and t["region"] != ev.ALL]
        assert all(t["p_adjusted"] >= t["p_value"] for t in regs)
        if sum(0 < t["p_value"] < 1 for t in regs) > 1:
            assert any(t["p_adjusted"] > t["p_value"] for t in regs)          # Holm over the regions


def test_stage_05_result_carries_the_period_tests():
    from sedamkit import evaluation as ev

    cl = load_client(ROOT / "datasets" / "demo")
    res = ev.result_from_files(cl)
    pooled = {t["kpi_id"]: t for t in res["period_tests"] if t["region"] == ev.ALL}
    # every KPI with a sampling error is tested: the survey KPIs from their answers, the operations KPIs
    # from the counts or means, spreads and sizes of their rows; the cost ratio of totals is not
    assert set(pooled) == {k["kpi_id"] for k in res["kpis"]
                           if k["kpi"] != "cost_reduction_rate" and k["status"] != "not_measurable"}
    by_kpi = {k["kpi"]: k["kpi_id"] for k in res["kpis"]}
    assert pooled[by_kpi["ces"]]["method"] == "welch_t"
    assert pooled[by_kpi["retention_rate"]]["method"] == "newcombe"
    assert pooled[by_kpi["employee_turnover"]]["method"] == "newcombe"
    assert pooled[by_kpi["process_completion_time"]]["method"] == "welch_t"
    assert pooled[by_kpi["employee_satisfaction"]]["metric"] == "mean"


def test_operations_period_test_from_summary_rows():
    """A share from counts and a mean from (mean, sd, n) rows: pooled over regions exactly, then tested."""
    import pandas as pd

    from sedamkit import evaluation as ev
    from sedamkit.methods.statistics import newcombe_interval, welch_from_stats

    plan = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
            "kpis": [{"id": "R", "kpi": "retention_rate", "name": "Retention", "unit": "%", "direction": "higher",
                      "dataset": "ops", "columns": ["customers_start", "customers_retained"],
                      "function": "sedamkit.cx.retention_rate", "baseline": 80, "target": 85},
                     {"id": "T", "kpi": "process_completion_time", "name": "Time", "unit": "minutes",
                      "direction": "lower", "dataset": "ops", "function": "sedamkit.cx.process_completion_time",
                      "columns": ["m", "s", "jobs"], "baseline": 60, "target": 50}]}
    ops = pd.DataFrame({"quarter": ["2024Q4", "2024Q4", "2025Q2", "2025Q2"], "region": ["N", "S", "N", "S"],
                        "customers_start": [100, 300, 100, 300], "customers_retained": [80, 240, 90, 270],
                        "m": [60.0, 60.0, 50.0, 54.0], "s": [10.0, 10.0, 10.0, 10.0], "jobs": [50, 50, 50, 50]})
    tests = ev.period_tests(plan, None, datasets={"ops": ops})
    pooled = {t["kpi_id"]: t for t in tests if t["region"] == ev.ALL}
    want = newcombe_interval(360, 400, 320, 400)
    assert pooled["R"]["difference"] == pytest.approx(100 * want["difference"], abs=1e-4)
    assert pooled["R"]["p_value"] == pytest.approx(want["p_value"], abs=1e-6)
    assert (pooled["R"]["period_a"], pooled["R"]["period_b"]) == ("2025Q2", "2024Q4")
    # pooled mean 52 with the spread between the two regions added to the within-region spread
    sd_after = ((49 * 100 + 49 * 100 + 50 * 4 + 50 * 4) / 99) ** 0.5
    want = welch_from_stats(52.0, sd_after, 100, 60.0, 10.0, 100)
    assert pooled["T"]["value_a"] == pytest.approx(52.0) and pooled["T"]["n_a"] == 100
    assert pooled["T"]["p_value"] == pytest.approx(want["p_value"], abs=1e-6)
    assert pooled["T"]["improved"] is True                   # lower is better, and it fell significantly
    assert {t["region"] for t in tests if t["kpi_id"] == "T"} == {ev.ALL, "N", "S"}
