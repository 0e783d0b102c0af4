"""Nothing lost, nothing injected, never a traceback: faults planted in the demo client's data files
are found by ``validate_client`` (before any kernel) with the code the stage 04 / 05 loaders raise."""
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sedamkit
from sedamkit.core.errors import SedamError
from sedamkit.core.errors import Problems
from sedamkit.core.tables import period_label, periods

DEMO = Path(sedamkit.__file__).parent / "datasets" / "demo"


# ------------------------------------------------------------------ planting faults
def _cell(file, row, col, val):
    def plant(data):
        p = data / file
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
        df.loc[row, col] = val
        df.to_csv(p, index=False)
    return plant


def _header_only(file):
    def plant(data):
        p = data / file
        p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return plant


def _surrogate(data):
    p = data / "journey_ratings.csv"
    t = p.read_text(encoding="utf-8").replace("Clear confirmation straight away", "Clear \ud83d confirmation", 1)
    p.write_bytes(t.encode("utf-8", "surrogatepass"))     # what a broken export writes


#: name -> (plant, expected code). Row 5 of the frame is file row 7 (header = row 1).
FAULTS = {
    "cx_text_in_nps": (_cell("cx_survey.csv", 5, "nps", "ten"), "DATA002"),
    "cx_quarter_slash": (_cell("cx_survey.csv", 5, "quarter", "Q1/2025"), "DATA004"),
    "cx_quarter_5": (_cell("cx_survey.csv", 5, "quarter", "2025-Q5"), "DATA004"),
    "cx_header_only": (_header_only("cx_survey.csv"), "DATA005"),
    "ratings_text": (_cell("journey_ratings.csv", 5, "rating", "good"), "DATA002"),
    "ratings_quarter_space": (_cell("journey_ratings.csv", 5, "quarter", "Q1 2025"), "DATA004"),
    "ratings_header_only": (_header_only("journey_ratings.csv"), "DATA005"),
    "ratings_surrogate": (_surrogate, "IO002"),
    "kano_importance_text": (_cell("kano_survey.csv", 5, "online_booking_importance", "high"), "DATA002"),
    "kano_header_only": (_header_only("kano_survey.csv"), "DATA005"),
    "ops_text": (_cell("operations.csv", 2, "leavers", "three"), "DATA002"),
    "ops_quarter": (_cell("operations.csv", 2, "quarter", "Q1 2025"), "EVAL005"),
    "ops_negative_customers": (_cell("operations.csv", 2, "customers_start", "-5"), "CX002"),
    "ops_negative_jobs": (_cell("operations.csv", 2, "jobs_completed", "-5"), "CX002"),
    "ops_negative_esat_n": (_cell("operations.csv", 2, "esat_n", "-1"), "CX002"),
    "ops_inf_cost": (_cell("operations.csv", 2, "operating_cost", "inf"), "DATA002"),
    "ops_header_only": (_header_only("operations.csv"), "DATA005"),
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """name -> client folder with that one fault (made once per module)."""
    out = {}
    for name, (plant, _) in FAULTS.items():
        tmp = tmp_path_factory.mktemp(name) / "client"
        shutil.copytree(DEMO, tmp)
        plant(tmp / "data")
        out[name] = tmp
    return out


@pytest.fixture(scope="module")
def validated(planted):
    """name -> the SedamError validate_client raised (None when it passed)."""
    from sedamkit.delivery.runner import validate_client

    out = {}
    for name, folder in planted.items():
        try:
            validate_client(folder)
            out[name] = None
        except SedamError as e:
            out[name] = e
    return out


def _loader_codes(folder):
    """Codes the stage 04 and 05 loaders raise from the client's inputs (what the notebooks stop on)."""
    from sedamkit.core.config import load_client
    from sedamkit.stages.customer_experience.api import latest_metrics, load_inputs, metrics_table
    from sedamkit.stages.daap.api import load_plan
    from sedamkit.stages.evaluation.api import kpi_values

    client = load_client(folder)
    codes = set()
    try:
        inp = load_inputs(client)
        latest_metrics(metrics_table(inp.cx_survey))
    except SedamError as e:
        codes |= set(e.codes)
    try:
        kpi_values(load_plan(Path(folder) / "plan.yaml"), client)
    except SedamError as e:
        codes |= set(e.codes)
    return codes


@pytest.mark.parametrize("name", list(FAULTS))
def test_validate_client_finds_each_planted_fault(validated, name):
    err = validated[name]
    assert err is not None, f"validate_client passed with the fault {name}"
    assert FAULTS[name][1] in err.codes, str(err)
    assert all(p.file for p in err.problems if p.code == FAULTS[name][1]), str(err)   # names the file


@pytest.mark.parametrize("name", list(FAULTS))
def test_every_code_the_loaders_raise_validation_raises_first(planted, validated, name):
    raised = _loader_codes(planted[name])
    assert raised, f"the loaders accept the fault {name}"
    assert raised <= set(validated[name].codes)


def test_demo_client_validates():
    from sedamkit.delivery.runner import validate_client

    validate_client(DEMO)


def test_bad_quarter_names_file_column_and_file_rows(validated):
    err = validated["cx_quarter_slash"]
    p = next(p for p in err.problems if p.code == "DATA004")
    assert p.file.endswith("cx_survey.csv") and p.where == "column 'quarter', row 7" and "Q1/2025" in p.message
    p = next(p for p in err.problems if p.code == "EVAL005")            # stage 05 reads the survey too
    assert p.file.endswith("cx_survey.csv") and "row 7" in p.where


def test_missing_kpi_column_is_a_validation_error(tmp_path):
    from sedamkit.delivery.runner import validate_client

    shutil.copytree(DEMO, tmp_path / "c")
    ops = tmp_path / "c" / "data" / "operations.csv"
    pd.read_csv(ops).drop(columns=["leavers"]).to_csv(ops, index=False)
    with pytest.raises(SedamError) as e:
        validate_client(tmp_path / "c")
    hit = [p for p in e.value.problems if p.code == "EVAL104"]
    assert hit and "leavers" in hit[0].where and "K6" in hit[0].where


# ------------------------------------------------------------------ period forms and date order
@pytest.mark.parametrize("label, start", [("2025Q1", "2025-01-01"), ("2025Q4", "2025-10-01"),
                                          ("2025-03", "2025-03-01"), ("2025", "2025-01-01"), (2025, "2025-01-01"),
                                          (" 2024Q2 ", "2024-04-01"), (2025.0, "2025-01-01")])
def test_accepted_period_forms(label, start):
    assert period_label(label).start_time == pd.Timestamp(start)


@pytest.mark.parametrize("label", ["Q1/2025", "2025-Q5", "Q1 2025", "2025-Q1", "2025q1", "2025Q0", "25Q1",
                                   "2025-13", "2025-03-01", "March 2025", "", None, float("nan"), 2025.5, "nan"])
def test_refused_period_forms(label):
    assert period_label(label) is None


def test_quarter_column_takes_quarters_only_and_orders_by_date():
    probs = Problems("f.csv")
    order, labels = periods(pd.DataFrame({"quarter": ["2025Q2", "2024Q4", "2025Q1", "2025-03"]}), "quarter", probs)
    assert list(order) == ["2024Q4", "2025Q1", "2025Q2"]
    assert [p.code for p in probs.items] == ["DATA004"] and probs.items[0].where == "column 'quarter', row 5"


def test_stray_label_never_becomes_the_headline_nps():
    from sedamkit.stages.customer_experience.api import latest_metrics, metrics_table

    rng = np.random.default_rng(1)
    df = pd.DataFrame({"quarter": ["2025Q1"] * 50 + ["2025Q2"] * 50, "region": "N",
                       "nps": rng.integers(7, 11, 100), "csat": 5, "ces": 6})
    df.loc[len(df)] = {"quarter": "Q1/2025", "region": "N", "nps": 0, "csat": 1, "ces": 1}   # sorts last as text
    with pytest.raises(SedamError) as e:
        metrics_table(df)
    assert e.value.codes == ["DATA004"] and "row 102" in str(e.value)
    t = metrics_table(df.iloc[:-1].iloc[::-1])                       # rows in any order
    assert latest_metrics(t)["quarter"].iloc[0] == "2025Q2"
    shuffled = t.sample(frac=1, random_state=0)
    assert latest_metrics(shuffled)["quarter"].iloc[0] == "2025Q2"


def test_stage05_latest_period_is_by_date_not_text():
    from sedamkit.stages.evaluation import api as ev

    plan = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
            "kpis": [{"id": "K1", "kpi": "custom", "name": "Calls", "unit": "n", "direction": "lower",
                      "baseline": 10, "target": 6, "due": "2025-12-31", "dataset": "ops", "columns": ["calls"]}]}
    # as text "2025-12" < "2025Q4", but December 2025 starts after the fourth quarter does
    df = pd.DataFrame({"quarter": ["2025-12", "2025Q4", "2025Q3"], "calls": [5.0, 9.0, 9.5]})
    v = ev.kpi_values(plan, datasets={"ops": df})
    assert list(v["period"]) == ["2025Q3", "2025Q4", "2025-12"]
    s = ev.kpi_status(v, plan)
    assert s["latest_period"].iloc[0] == "2025-12" and s["latest"].iloc[0] == 5.0


# ------------------------------------------------------------------ never a traceback
ODD = [np.nan, np.inf, -np.inf, 1e308, -1e308, 10 ** 30, "", " ", "text", "5,5", None, True, "1e999", "0x10", "-0"]


def _frames(column_names, n=12, seed=0):
    rng = np.random.default_rng(seed)
    for odd in ODD:
        for share in (1, n // 2):
            cols = {}
            for c in column_names:
                vals = list(rng.integers(1, 5, n).astype(object))
                for i in rng.choice(n, share, replace=False):
                    vals[i] = odd
                cols[c] = vals
            yield odd, pd.DataFrame(cols)


def _only_sedam_errors(fn, df):
    """Run ``fn``; a SedamError is an answer, any other exception fails the caller."""
    try:
        fn(df)
    except SedamError:
        pass


def test_cx_readers_give_only_sedam_errors():
    from sedamkit.methods import cx

    fns = [lambda d: cx.nps(d, "s", by="g"), lambda d: cx.csat(d, "s", by="g"), lambda d: cx.ces(d, "s", by="g"),
           lambda d: cx.retention_rate(d, start="a", retained="s", by="g"),
           lambda d: cx.employee_turnover(d, leavers="s", employees=["a"], by="g"),
           lambda d: cx.employee_satisfaction(d, mean="s", sd="a", n="a", by="g"),
           lambda d: cx.process_completion_time(d, mean="a", sd="s", n="s", by="g"),
           lambda d: cx.cost_reduction_rate(d, cost="s", period="g"),
           lambda d: cx.mean_table(d, ["g"], value="s")]
    for odd, df in _frames(["s", "a", "g"]):
        for fn in fns:
            try:
                _only_sedam_errors(fn, df)
            except Exception as e:  # noqa: BLE001
                pytest.fail(f"{type(e).__name__} with cell {odd!r}: {e}")


def test_kano_readers_give_only_sedam_errors():
    from sedamkit.methods import kano

    for odd, df in _frames(["app_functional", "app_dysfunctional", "app_importance", "respondent"]):
        for fn in (lambda d: kano.classify_survey(d), lambda d: kano.summary(kano.classify_survey(d))):
            try:
                _only_sedam_errors(fn, df)
            except Exception as e:  # noqa: BLE001
                pytest.fail(f"{type(e).__name__} with cell {odd!r}: {e}")


def test_journey_readers_give_only_sedam_errors():
    from sedamkit.methods import journey as jr

    j = jr.load_journey(DEMO / "journey.yaml")
    tps = list(j.touchpoints["touchpoint"])
    for odd, df in _frames(["rating", "touchpoint"]):
        df["touchpoint"] = [tps[i % len(tps)] if not isinstance(v, (float, str)) or v == v else v
                            for i, v in enumerate(df["touchpoint"])]
        for fn in (lambda d: jr.emotion_curve(j, d),):
            try:
                _only_sedam_errors(fn, df)
            except Exception as e:  # noqa: BLE001
                pytest.fail(f"{type(e).__name__} with cell {odd!r}: {e}")


def test_periods_reader_gives_only_sedam_errors():
    from sedamkit.stages.customer_experience.api import metrics_table

    for odd, df in _frames(["quarter", "nps", "csat", "ces"]):
        try:
            metrics_table(df)
        except SedamError:
            pass
        except Exception as e:  # noqa: BLE001
            pytest.fail(f"{type(e).__name__} with cell {odd!r}: {e}")
