"""The counted path of NPS, CSAT and CES (one integer histogram per metric, groups combined once) gives
exactly what the general float path gives, and what a plain pandas groupby gives, on random data with
missing answers, missing group keys and empty groups."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from sedamkit import cx
from sedamkit.core.errors import SedamError
from sedamkit.methods import cx_survey

BY = ["quarter", "region"]


def _general(monkeypatch, fn, *args, **kw):
    """``fn`` forced onto the general float path (no answer is counted per value)."""
    with monkeypatch.context() as m:
        m.setattr(cx_survey, "_whole_scale", lambda lo, hi: False)
        return fn(*args, **kw)


def _survey(seed, n=3000, *, dtype="int8", missing=0.1):
    rng = np.random.default_rng(seed)
    # no row has quarter Q3 or region D (categories without a row: empty groups); some keys are missing
    quarter = pd.Series(rng.choice(np.array(["Q1", "Q2", "Q4"], dtype=object), n)).where(rng.random(n) > 0.02)
    region = pd.Categorical.from_codes(rng.integers(-1, 3, n), categories=["A", "B", "C", "D"])
    df = pd.DataFrame({"quarter": quarter, "region": region,
                       "nps": rng.integers(0, 11, n), "csat": rng.integers(1, 6, n), "ces": rng.integers(1, 8, n)})
    for c in ("nps", "csat", "ces"):
        if missing:
            df[c] = df[c].astype(float).where(rng.random(n) > missing)
        elif dtype:
            df[c] = df[c].astype(dtype)
    return df


def _pandas_reference(df):
    """The metrics by a plain pandas groupby over the answered rows (observed groups only)."""
    g = df.groupby(BY, observed=True, sort=True)
    ref = pd.DataFrame({
        "n_rows": g.size(),
        "nps_n": g["nps"].count(),
        "promoters": g["nps"].agg(lambda s: (s >= 9).sum()),
        "detractors": g["nps"].agg(lambda s: (s <= 6).sum()),
        "csat_n": g["csat"].count(),
        "satisfied": g["csat"].agg(lambda s: (s >= 4).sum()),
        "csat_mean": g["csat"].mean(),
        "ces_mean": g["ces"].mean(),
        "ces_sd": g["ces"].std(),
        "agree": g["ces"].agg(lambda s: (s >= 5).sum()),
    })
    return ref.reset_index()


@pytest.mark.parametrize("missing", [0.0, 0.15])
def test_counted_path_equals_a_plain_pandas_groupby(missing):
    df = _survey(1, missing=missing)
    r = cx.survey_metrics(df, by=BY)
    ref = _pandas_reference(df)
    for name in ("nps", "csat", "ces"):
        assert r[name][BY].astype(str).values.tolist() == ref[BY].astype(str).values.tolist()
    assert "Q3" not in set(r["nps"]["quarter"]) and "D" not in set(r["nps"]["region"].astype(str))
    assert r["nps"]["n"].tolist() == ref["nps_n"].tolist()
    assert r["nps"]["promoters"].tolist() == ref["promoters"].tolist()
    assert r["nps"]["detractors"].tolist() == ref["detractors"].tolist()
    np.testing.assert_allclose(r["nps"]["nps"], 100 * (ref["promoters"] - ref["detractors"]) / ref["nps_n"])
    assert r["csat"]["n"].tolist() == ref["csat_n"].tolist()
    assert r["csat"]["satisfied"].tolist() == ref["satisfied"].tolist()
    np.testing.assert_allclose(r["csat"]["mean"], ref["csat_mean"], rtol=1e-12)
    np.testing.assert_allclose(r["ces"]["mean"], ref["ces_mean"], rtol=1e-12)
    np.testing.assert_allclose(r["ces"]["sd"], ref["ces_sd"], rtol=1e-9)
    assert r["ces"]["agree"].tolist() == ref["agree"].tolist()


@pytest.mark.parametrize("dtype,missing", [("int8", 0.0), ("int64", 0.0), ("uint8", 0.0), (None, 0.2)])
def test_counted_path_equals_the_general_path_exactly(monkeypatch, dtype, missing):
    df = _survey(2, dtype=dtype, missing=missing)
    fast = cx.survey_metrics(df, by=BY)
    slow = _general(monkeypatch, cx.survey_metrics, df, by=BY)
    for name in ("nps", "csat", "ces"):
        assert_frame_equal(fast[name], slow[name], check_exact=True)
    # and the separate functions give the same frames as the one entry point
    assert_frame_equal(cx.nps(df, "nps", by=BY), fast["nps"], check_exact=True)
    assert_frame_equal(cx.csat(df, "csat", by=BY), fast["csat"], check_exact=True)
    assert_frame_equal(cx.ces(df, "ces", by=BY), fast["ces"], check_exact=True)


def test_a_group_with_rows_but_no_answer_is_kept_with_zero_answers(monkeypatch):
    df = pd.DataFrame({"q": ["a", "a", "b", None], "nps": [10, 3, np.nan, 9], "csat": [5, 1, np.nan, 4],
                       "ces": [7, 1, np.nan, 2]})
    fast = cx.survey_metrics(df, by="q")
    slow = _general(monkeypatch, cx.survey_metrics, df, by="q")
    for name in ("nps", "csat", "ces"):
        assert_frame_equal(fast[name], slow[name], check_exact=True)
    assert fast["nps"]["q"].tolist() == ["a", "b"] and fast["nps"]["n"].tolist() == [2, 0]
    assert np.isnan(fast["ces"]["mean"].iloc[1])


def test_answers_with_decimals_take_the_general_path():
    df = pd.DataFrame({"ces": [4.5, 6.0, 7.0], "csat": [4, 5, 1], "nps": [1, 2, 3]})
    r = cx.survey_metrics(df)
    assert r["ces"]["mean"].iloc[0] == pytest.approx(17.5 / 3)


def test_without_groups_and_on_an_empty_table(monkeypatch):
    df = _survey(3, n=50)
    for d in (df, df.iloc[:0]):
        fast = cx.survey_metrics(d)
        slow = _general(monkeypatch, cx.survey_metrics, d)
        for name in ("nps", "csat", "ces"):
            assert_frame_equal(fast[name], slow[name], check_exact=True)
        assert len(fast["nps"]) == 1
    assert len(cx.survey_metrics(df.iloc[:0], by=BY)["nps"]) == 0


def test_out_of_scale_integers_are_coded_problems_and_metrics_can_be_left_out():
    df = pd.DataFrame({"nps": np.array([3, 11], dtype=np.int8), "csat": [1, 2], "ces": [1, 2]})
    with pytest.raises(SedamError) as e:
        cx.survey_metrics(df)
    assert e.value.problems[0].code == "DATA002" and "nps" in e.value.problems[0].where
    r = cx.survey_metrics(df, nps=None, ces=None)
    assert list(r) == ["csat"]
    with pytest.raises(SedamError) as e:
        cx.survey_metrics(df, nps=None, csat_top=9, agree_min=0)
    assert [p.code for p in e.value.problems] == ["CX001", "CX001"]


def test_other_scales_count_the_same(monkeypatch):
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"g": rng.integers(0, 4, 500), "csat": rng.integers(0, 11, 500), "ces": rng.integers(1, 6, 500)})
    kw = dict(nps=None, by="g", csat_scale=(0, 10), csat_top=3, ces_scale=(1, 5), agree_min=4)
    fast = cx.survey_metrics(df, **kw)
    slow = _general(monkeypatch, cx.survey_metrics, df, **kw)
    for name in ("csat", "ces"):
        assert_frame_equal(fast[name], slow[name], check_exact=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["x", "y", "z", None]), st.one_of(st.none(), st.integers(0, 10)),
                          st.one_of(st.none(), st.integers(1, 5)), st.one_of(st.none(), st.integers(1, 7))),
                max_size=60))
def test_counted_and_general_paths_agree_on_any_table(rows):
    df = pd.DataFrame(rows, columns=["g", "nps", "csat", "ces"]).astype({"nps": float, "csat": float, "ces": float})
    fast = cx.survey_metrics(df, by="g")
    orig = cx_survey._whole_scale
    cx_survey._whole_scale = lambda lo, hi: False
    try:
        slow = cx.survey_metrics(df, by="g")
    finally:
        cx_survey._whole_scale = orig
    for name in ("nps", "csat", "ces"):
        assert_frame_equal(fast[name], slow[name], check_exact=True)
