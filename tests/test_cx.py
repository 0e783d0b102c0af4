"""Customer and operational metrics against hand-computed values."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sedamkit import cx
from sedamkit.core.errors import SedamError


def test_nps_published_check():
    # p = 1/2, passives 1/3, d = 1/6, n = 100
    r = cx.nps_from_counts(50, 100 / 3, 100 / 6).iloc[0]
    assert r["nps"] == pytest.approx(33.33, abs=0.005)
    assert r["se"] == pytest.approx(7.454, abs=0.0005)
    assert r["margin"] == pytest.approx(14.61, abs=0.005)


def test_nps_from_answers_matches_formula_and_groups():
    df = pd.DataFrame({
        "quarter": ["Q1"] * 6 + ["Q2"] * 4,
        "region": ["N", "N", "N", "S", "S", "S", "N", "N", "S", "S"],
        "score": [10, 9, 8, 7, 6, 0, 10, 10, 5, np.nan],
    })
    total = cx.nps(df).iloc[0]
    assert total["n"] == 9 and total["promoters"] == 4 and total["detractors"] == 3
    p, d = 4 / 9, 3 / 9
    assert total["nps"] == pytest.approx(100 * (p - d))
    assert total["se"] == pytest.approx(100 * math.sqrt((p + d - (p - d) ** 2) / 9))
    g = cx.nps(df, by=["quarter", "region"])
    assert g[["quarter", "region"]].values.tolist() == [["Q1", "N"], ["Q1", "S"], ["Q2", "N"], ["Q2", "S"]]
    assert g["nps"].round(2).tolist() == [66.67, -66.67, 100.0, -100.0]
    assert g["ci_low"].min() >= -100 and g["ci_high"].max() <= 100


def test_csat_top2_with_wilson_interval_by_hand():
    r = cx.csat(pd.DataFrame({"score": [5, 4, 4, 3, 2, 5, 1, 4, 5, 3]})).iloc[0]
    assert (r["n"], r["satisfied"], r["csat"]) == (10, 6, 60.0)
    # Wilson 95 % for 6 of 10: 0.3127 to 0.8318
    assert r["ci_low"] == pytest.approx(31.27, abs=0.01)
    assert r["ci_high"] == pytest.approx(83.18, abs=0.01)


def test_csat_configurable_scale():
    df = pd.DataFrame({"score": [10, 9, 8, 7, 1]})
    assert cx.csat(df, scale=(1, 10), top=3)["satisfied"].iloc[0] == 3
    with pytest.raises(SedamError) as exc:
        cx.csat(df)                                     # 1–5 scale: 10, 9, 8, 7 are outside
    assert exc.value.codes == ["DATA002"]
    assert "rows 2, 3, 4, 5" in exc.value.problems[0].where and "'score'" in exc.value.problems[0].where


def test_ces_mean_t_interval_and_agree_share_by_hand():
    r = cx.ces(pd.DataFrame({"score": [7, 6, 5, 4, 3]})).iloc[0]
    assert r["mean"] == 5 and r["sd"] == pytest.approx(math.sqrt(2.5))
    half = 2.7764 * math.sqrt(2.5) / math.sqrt(5)       # t(0.975, 4) = 2.7764 from a printed table
    assert r["mean_ci_low"] == pytest.approx(5 - half, abs=1e-3)
    assert r["mean_ci_high"] == pytest.approx(5 + half, abs=1e-3)
    assert (r["agree"], r["pct_agree"]) == (3, 60.0)
    r5 = cx.ces(pd.DataFrame({"score": [5, 4, 3, 2, 1]}), scale=(1, 5), agree_min=4).iloc[0]
    assert r5["agree"] == 2


def test_cronbach_alpha_and_feldt_interval_by_hand():
    # n = 11 respondents, k = 3 items -> F on (10, 20) degrees of freedom
    df = pd.DataFrame({
        "q1": [1, 2, 3, 4, 5, 3, 4, 2, 5, 4, 3],
        "q2": [2, 2, 3, 5, 5, 3, 4, 1, 4, 4, 2],
        "q3": [1, 3, 3, 4, 4, 2, 5, 2, 5, 3, 3],
    })
    x = df.to_numpy(float)
    alpha = 3 / 2 * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))
    r = cx.cronbach_alpha(df).iloc[0]
    assert r["alpha"] == pytest.approx(alpha)
    assert (r["n"], r["k"], r["n_dropped"]) == (11, 3, 0)
    # printed F table: F(0.975; 10, 20) = 2.7737, F(0.025; 10, 20) = 1 / F(0.975; 20, 10) = 1 / 3.4185
    assert r["ci_low"] == pytest.approx(1 - (1 - alpha) * 2.7737, abs=1e-3)
    assert r["ci_high"] == pytest.approx(1 - (1 - alpha) * (1 / 3.4185), abs=1e-3)
    assert r["ci_low"] < r["alpha"] < r["ci_high"]


def test_cronbach_alpha_drops_incomplete_rows_and_needs_two_items():
    df = pd.DataFrame({"a": [1, 2, 3, np.nan, 5], "b": [1, 2, 4, 4, 5]})
    assert cx.cronbach_alpha(df).iloc[0]["n_dropped"] == 1
    with pytest.raises(SedamError) as exc:
        cx.cronbach_alpha(df, items=["a"])
    assert exc.value.codes == ["CX001"]


def test_quantiles_against_printed_tables():
    assert cx.t_quantile(0.975, 4) == pytest.approx(2.7764, abs=1e-4)
    assert cx.t_quantile(0.95, 30) == pytest.approx(1.6973, abs=1e-4)
    assert cx.f_quantile(0.95, 5, 10) == pytest.approx(3.3258, abs=1e-4)
    assert cx.f_quantile(0.99, 2, 30) == pytest.approx(5.3903, abs=1e-4)


def test_missing_column_names_columns_present():
    with pytest.raises(SedamError) as exc:
        cx.nps(pd.DataFrame({"nps_score": [9]}), by="region")
    assert exc.value.codes == ["DATA001", "DATA001"]
    assert "'score'" in str(exc.value) and "'region'" in str(exc.value) and "nps_score" in str(exc.value)


def test_ipa_crosshair_means_vs_midpoint():
    df = pd.DataFrame({"item": ["a", "a", "b", "c", "d"], "importance": [5, 4, 4.0, 2.0, 2.0],
                       "performance": [2, 2, 4.5, 4.5, 2.0]})
    mid = cx.ipa(df, crosshair="midpoint").set_index("item")
    assert mid.loc["a", "importance"] == 4.5 and mid.loc["a", "n"] == 2
    assert mid["quadrant"].to_dict() == {"a": "Concentrate here", "b": "Keep up the good work",
                                         "d": "Low priority", "c": "Possible overkill"}
    means = cx.ipa(df, crosshair="means")
    assert means["importance_cut"].iloc[0] == pytest.approx((4.5 + 4 + 2 + 2) / 4)
    assert means["performance_cut"].iloc[0] == pytest.approx((2 + 4.5 + 4.5 + 2) / 4)
    with pytest.raises(SedamError) as exc:
        cx.ipa(df, crosshair="median")
    assert exc.value.codes == ["CX001"]
    ax = cx.plot_ipa(means)
    assert "Concentrate here" in {t.get_text() for t in ax.texts}


def test_retention_rate_both_formulas():
    df = pd.DataFrame({"region": ["N", "S"], "customers_start": [200, 100], "customers_retained": [170, 80],
                       "customers_end": [230, 95], "customers_new": [60, 15]})
    a = cx.retention_rate(df, by="region")
    assert a["retention_rate"].tolist() == [85.0, 80.0]
    b = cx.retention_rate(df, by="region", end="customers_end", new="customers_new")
    assert b["retention_rate"].tolist() == [85.0, 80.0]
    assert (a["ci_low"] < a["retention_rate"]).all() and (a["retention_rate"] < a["ci_high"]).all()
    bad = df.assign(customers_retained=[170, 120])
    with pytest.raises(SedamError) as exc:
        cx.retention_rate(bad)
    assert exc.value.codes == ["CX002"] and "row 3" in exc.value.problems[0].where


def test_turnover_with_average_headcount():
    df = pd.DataFrame({"leavers": [4], "employees_start": [90], "employees_end": [110]})
    r = cx.employee_turnover(df, employees=["employees_start", "employees_end"]).iloc[0]
    assert r["headcount"] == 100 and r["turnover_rate"] == 4.0


def test_cost_reduction_rate_per_group_against_first_period():
    df = pd.DataFrame({"region": ["N", "N", "S", "S"], "quarter": ["2024Q2", "2024Q1", "2024Q1", "2024Q2"],
                       "operating_cost": [90.0, 100.0, 200.0, 210.0]})
    r = cx.cost_reduction_rate(df, by="region")
    assert r[["region", "quarter", "cost_reduction_rate"]].values.tolist() == [
        ["N", "2024Q1", 0.0], ["N", "2024Q2", 10.0], ["S", "2024Q1", 0.0], ["S", "2024Q2", -5.0]]
    r2 = cx.cost_reduction_rate(df, by="region", baseline={"N": 80.0, "S": 200.0})
    assert r2["cost_reduction_rate"].tolist() == [-25.0, -12.5, 0.0, -5.0]


def test_means_from_summaries_equal_means_from_raw_values():
    rng = np.random.default_rng(1)
    raw = pd.DataFrame({"batch": np.repeat(["a", "b", "c"], [5, 8, 13]), "minutes": rng.normal(60, 10, 26)})
    direct = cx.process_completion_time(raw, minutes="minutes")
    agg = raw.groupby("batch")["minutes"].agg(["mean", "std", "size"]).reset_index()
    pooled = cx.process_completion_time(agg, mean="mean", sd="std", n="size")
    for col in ("n", "mean_minutes", "sd", "ci_low", "ci_high"):
        assert pooled[col].iloc[0] == pytest.approx(direct[col].iloc[0])
    es = cx.employee_satisfaction(raw.rename(columns={"minutes": "score"}), by="batch")
    assert es["n"].tolist() == [5, 8, 13]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_nps_bounds(scores):
    r = cx.nps(pd.DataFrame({"score": scores})).iloc[0]
    assert -100 <= r["nps"] <= 100
    assert r["promoters"] + r["passives"] + r["detractors"] == len(scores)
    assert r["se"] >= 0 and -100 <= r["ci_low"] <= r["nps"] <= r["ci_high"] <= 100


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 50), st.integers(1, 50))
def test_wilson_inside_unit_interval(k, extra):
    lo, hi = cx.wilson_interval(k, k + extra)
    assert 0 <= lo <= k / (k + extra) <= hi <= 1


def test_bench_quick_smoke():
    # the benchmark CLI runs end to end at small sizes and checks ours == numpy (no timing assertions)
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "sedamkit.delivery.bench", "--quick", "kano", "kano_text", "cx"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[1].split()[:2] == ["benchmark", "size"]
    table = out[2:out.index("")] if "" in out else out[2:]          # the ratio table ends at a blank line
    assert [line.split()[0] for line in table] == ["kano", "kano_text", "cx"]
    from sedamkit import bench

    res = bench.run(["cx"], quick=True, repeat=1)
    assert res[0]["name"] == "cx" and res[0]["ours"] > 0 and res[0]["numpy"] > 0
    with pytest.raises(SedamError):
        bench.run(["nope"], quick=True)
