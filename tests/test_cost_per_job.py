"""The cost reduction KPI is computed as kpis.yaml defines it: the cost of serving one job, against the
baseline year's cost per job. On the demo the cost per job rose, so the KPI is negative and not on track."""
import pandas as pd
import pytest

from sedamkit.core.config import load_client
from sedamkit.core.paths import demo_dir
from sedamkit.methods import cx


def test_more_jobs_for_a_little_more_money_is_a_reduction():
    df = pd.DataFrame({"quarter": ["2024Q1", "2024Q2"], "cost": [1000.0, 1100.0], "jobs": [100, 125]})
    rate = cx.cost_reduction_rate(df, cost="cost", jobs="jobs")["cost_reduction_rate"].tolist()
    assert rate == pytest.approx([0.0, 12.0])          # 10.00 → 8.80 per job
    total = cx.cost_reduction_rate(df, cost="cost")["cost_reduction_rate"].tolist()
    assert total == pytest.approx([0.0, -10.0])        # the total alone says the opposite


def test_demo_cost_per_job_rose_so_the_kpi_is_negative_and_off_track():
    from sedamkit.stages.evaluation.results import compute

    ops = pd.read_csv(demo_dir() / "data" / "operations.csv")
    base = ops[ops["quarter"].str.startswith("2024")]
    last = ops[ops["quarter"] == "2025Q4"]
    ref = base["operating_cost"].sum() / base["jobs_completed"].sum()
    now = last["operating_cost"].sum() / last["jobs_completed"].sum()
    assert now > ref * 1.04                            # about 5 % more per job
    k = next(k for k in compute(load_client(demo_dir()))["kpis"] if k["kpi"] == "cost_reduction_rate")
    assert k["latest"] == pytest.approx(100 * (ref - now) / ref, abs=0.01)
    assert k["latest"] < 0 and k["status"] != "on_track"
