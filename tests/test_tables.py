"""The shared data-table helpers (sedamkit.core.tables) and statistics helpers."""
import numpy as np
import pandas as pd
import pytest

from sedamkit.core.errors import Problems, SedamError
from sedamkit.core import tables
from sedamkit.methods import cx, statistics


def test_rows_text_labels_and_file_rows():
    assert tables.rows_text([3]) == "row 5"        # header = row 1, label 0 = row 2
    assert tables.rows_text([3, 7]) == "rows 5, 9"
    assert tables.rows_text(range(8), limit=2) == "rows 2, 3 and 6 more"
    # as a person counts rows in the file: header is row 1, first data row is row 2
    assert tables.rows_text([0]) == "row 2"
    assert tables.rows_text([0, 3]) == "rows 2, 5"
    assert tables.rows_text(["eco_parts"]) == "row eco_parts"      # a label that is not a position
    assert tables.file_row(0) == 2


def test_require_columns_collects_or_raises():
    df = pd.DataFrame({"a": [1]})
    probs = Problems()
    tables.require_columns(df, ["a", "b", "c"], probs=probs)
    assert [p.code for p in probs.items] == ["DATA001", "DATA001"]
    with pytest.raises(SedamError) as e:
        tables.require_columns("not a frame", ["a"])
    assert e.value.codes == ["DATA001"]


def test_numeric_reports_non_numbers_and_out_of_scale():
    df = pd.DataFrame({"x": ["1", "two", "9"]}, index=[5, 6, 7])
    probs = Problems()
    out = tables.numeric(df, "x", probs, lo=0, hi=5)
    assert np.isnan(out[1]) and out[0] == 1
    assert [p.code for p in probs.items] == ["DATA002", "DATA002"]
    assert "row 8" in probs.items[0].where and "row 9" in probs.items[1].where


def test_read_table_csv_excel_missing_and_unreadable(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("a,b\n1,2\n")
    assert tables.read_table(p).to_dict("records") == [{"a": 1, "b": 2}]
    x = tmp_path / "t.xlsx"
    pd.DataFrame({"a": [3]}).to_excel(x, index=False)
    assert tables.read_table(x)["a"].tolist() == [3]
    with pytest.raises(SedamError) as e:
        tables.read_table(tmp_path / "none.csv")
    assert e.value.codes == ["CFG004"]
    with pytest.raises(SedamError) as e:
        tables.read_table(tmp_path / "none.csv", missing_code="EVAL103")
    assert e.value.codes == ["EVAL103"]
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(SedamError) as e:
        tables.read_table(bad)
    assert e.value.codes == ["IO002"]


def test_cx_facade_exports_every_name():
    for name in cx.__all__:
        assert hasattr(cx, name), name


def test_t_interval_matches_a_printed_table():
    lo, hi = statistics.t_interval([5.0, 1.0], [1.0, 1.0], [10, 1])
    half = 2.2622 * 1.0 / np.sqrt(10)                 # t(0.975, 9) = 2.2622
    assert lo[0] == pytest.approx(5 - half, abs=1e-4) and hi[0] == pytest.approx(5 + half, abs=1e-4)
    assert np.isnan(lo[1]) and np.isnan(hi[1])        # one value: no interval


# ---------------------------------------------------------------- cached loaders hand out copies
def test_load_data_returns_copies():
    from sedamkit.core.datafiles import load_data

    a = load_data("journey_rules.yaml")
    a["rules"].clear()
    assert load_data("journey_rules.yaml")["rules"]


def test_catalogue_accessors_return_copies():
    from sedamkit.methods import catalogue as c

    first = c.approaches()
    first[0]["name"] = "corrupted"
    first[0]["elements"].clear()
    del first[1:]
    c.approach("crm_system")["elements"].clear()
    c.families().clear()
    c.as_catalogue()["approaches"].clear()
    c.load_catalogue()["families"].clear()
    c.load_kpis()["nps"]["direction"] = "sideways"
    again = c.approaches()
    assert again[0]["name"] != "corrupted" and again[0]["elements"] and len(again) > 40
    assert c.approach("crm_system")["elements"] and c.families()
    assert c.load_kpis()["nps"]["direction"] == "higher"
    given = {"families": {}, "approaches": [{"id": "x", "name": "X", "elements": []}]}
    c.approaches(given)[0]["name"] = "Y"
    assert given["approaches"][0]["name"] == "X"


def test_levels_and_rules_loaders_return_copies():
    from sedamkit.methods import journey as jr
    from sedamkit.stages.application import api as app

    app.load_levels()["priority_weights"]["weakness"] = 99
    assert app.load_levels()["priority_weights"]["weakness"] == 0.4
    rules = jr.load_rules()
    rules[0]["move"] = "remove everything"
    assert jr.load_rules()[0]["move"] == "optimize"
