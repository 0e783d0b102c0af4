"""Kano: the published stp25kano table, the evaluation table, wordings, errors and properties."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sedamkit import kano
from sedamkit.core.errors import SedamError

# stp25kano README (simulated data, n = 296 per feature): counts in, everything else out.
PUBLISHED = [
    # feature, M, O, A, I, R, Q, mode, M>O>A>I, total %, category %, better, worse, fong a-b, critical, significant
    ("Service app", 95, 123, 45, 33, 0, 0, "O", "O", 89, 9, 0.568, -0.736, 28, 19.4, True),
    ("Excellent service", 101, 54, 54, 81, 3, 3, "M", "M", 71, 7, 0.372, -0.534, 20, 18.5, True),
    ("Hotline", 15, 24, 121, 124, 6, 6, "I", "A", 54, 1, 0.511, -0.137, 3, 19.8, False),
    ("Loan machine", 65, 87, 93, 51, 0, 0, "A", "O", 83, 2, 0.608, -0.514, 6, 18.5, False),
    ("Ready-to-use return", 9, 18, 83, 177, 6, 3, "I", "I", 37, 32, 0.352, -0.094, 94, 19.9, True),
]


@pytest.fixture(scope="module")
def published_summary():
    counts = pd.DataFrame([row[:7] for row in PUBLISHED], columns=["feature", "M", "O", "A", "I", "R", "Q"])
    return kano.summary_from_counts(counts)


@pytest.mark.parametrize("row", PUBLISHED, ids=[r[0] for r in PUBLISHED])
def test_published_table_every_cell(published_summary, row):
    (feature, m, o, a, i, r, q, mode, rule, total, strength, better, worse, diff, crit, sig) = row
    got = published_summary.set_index("feature").loc[feature]
    assert [got[k] for k in "MOAIRQ"] == [m, o, a, i, r, q]
    assert got["n"] == 296
    assert got["mode"] == mode
    assert got["category"] == rule
    assert round(100 * got["total_strength"]) == total
    assert round(100 * got["category_strength"]) == strength
    assert got["better"] == pytest.approx(better, abs=0.001)
    assert got["worse"] == pytest.approx(worse, abs=0.001)
    assert got["fong_diff"] == diff
    assert round(got["fong_critical"], 1) == crit
    assert bool(got["fong_significant"]) is sig


def test_published_table_from_respondent_rows(published_summary):
    # the same counts expanded to one row per respondent give the same summary through summary()
    rows = []
    for feature, *counts in (r[:7] for r in PUBLISHED):
        for cat, k in zip("MOAIRQ", counts):
            rows += [(feature, cat)] * k
    cats = pd.DataFrame(rows, columns=["feature", "category"])
    got = kano.summary(cats)
    pd.testing.assert_frame_equal(got[published_summary.columns], published_summary)


STANDARD = {
    1: "QAAAO",
    2: "RIIIM",
    3: "RIIIM",
    4: "RIIIM",
    5: "RRRRQ",
}


def test_standard_table_all_25_cells():
    for f, row in STANDARD.items():
        for d, expected in zip(range(1, 6), row):
            assert kano.classify(f, d) == expected, (f, d)


def test_pouliot_table_differs_only_at_22_and_44():
    for f in range(1, 6):
        for d in range(1, 6):
            std, pou = kano.classify(f, d), kano.classify(f, d, table="pouliot")
            if (f, d) in ((2, 2), (4, 4)):
                assert (std, pou) == ("I", "Q")
            else:
                assert std == pou


@pytest.mark.parametrize("text,code", [
    ("I like it", 1), ("i LIKE it.", 1), ("I expect it", 2), ("It must be that way", 2),
    ("I am neutral", 3), ("I’m neutral", 3), ("I can live with it", 4), ("I can tolerate it", 4),
    ("I dislike it", 5), ("  I   dislike it! ", 5), ("3", 3),
])
def test_wordings(text, code):
    assert kano.answer_codes([text]).tolist() == [code]


def test_custom_mapping_adds_wordings():
    assert kano.classify("Love it", "Hate it", mapping={"Love it": "like", "Hate it": 5}) == "O"


def test_unknown_wording_names_code_column_and_row():
    wide = pd.DataFrame({
        "app_functional": ["I like it", "I love it", "I like it", "I love it"],
        "app_dysfunctional": ["I dislike it", "I dislike it", "meh", "I dislike it"],
    }, index=[10, 11, 12, 13])
    with pytest.raises(SedamError) as exc:
        kano.classify_survey(wide)
    err = exc.value
    assert err.codes == ["KANO001", "KANO001"]          # both columns reported in one pass
    first, second = err.problems
    assert "app_functional" in first.where and "13" in first.where and "15" in first.where
    assert "I love it" in first.message
    assert "app_dysfunctional" in second.where and "row 14" in second.where and "meh" in second.message


def test_numeric_answer_out_of_range_is_kano002():
    with pytest.raises(SedamError) as exc:
        kano.classify(pd.Series([1, 7], name="f"), pd.Series([5, 5], name="d"))
    assert exc.value.codes == ["KANO002"]
    assert "'f'" in exc.value.problems[0].where and "row 3" in exc.value.problems[0].where


def test_missing_column_is_data001_listing_columns_present():
    long = pd.DataFrame({"feature": ["x"], "functional": [1], "dysfunctional": [5]})
    with pytest.raises(SedamError) as exc:
        kano.classify_survey(long, layout="long", importance="imp")
    assert exc.value.codes == ["DATA001"]
    msg = str(exc.value)
    assert "imp" in msg and "feature, functional, dysfunctional" in msg


def test_wide_feature_with_half_a_pair_is_kano005():
    wide = pd.DataFrame({"app_functional": [1], "chat_functional": [1], "chat_dysfunctional": [5]})
    with pytest.raises(SedamError) as exc:
        kano.classify_survey(wide)
    assert exc.value.codes == ["KANO005"]
    assert "app_dysfunctional" in str(exc.value)


def test_unknown_table_is_kano003():
    with pytest.raises(SedamError) as exc:
        kano.classify(1, 5, table="berger")
    assert exc.value.codes == ["KANO003"]


def test_wide_and_long_layouts_agree_and_keep_columns():
    wide = pd.DataFrame({
        "rid": ["r1", "r2"], "region": ["North", "South"],
        "app_functional": ["I like it", "I expect it"], "app_dysfunctional": ["I dislike it", "I dislike it"],
        "app_importance": [5, 3],
        "chat_functional": ["I am neutral", None], "chat_dysfunctional": ["I am neutral", "I dislike it"],
        "chat_importance": [2, 4],
    })
    out = kano.classify_survey(wide, respondent="rid", keep=["region"])
    assert list(out.columns) == ["respondent", "region", "feature", "functional", "dysfunctional", "category",
                                 "importance"]
    assert out["category"].astype(object).where(out["category"].notna(), None).tolist() == ["O", "M", "I", None]
    assert out["region"].tolist() == ["North", "South", "North", "South"]
    s = kano.summary(out)
    assert s["feature"].tolist() == ["app", "chat"]
    assert s["n"].tolist() == [2, 1]                     # the missing answer is not counted
    assert s["importance"].tolist() == [4.0, 3.0]
    long = out[["respondent", "feature", "functional", "dysfunctional"]].astype({"feature": str})
    again = kano.classify_survey(long)
    assert again["category"].tolist() == out["category"].tolist()


def test_summary_by_region():
    cats = pd.DataFrame({"region": ["N", "N", "S"], "feature": ["x", "x", "x"], "category": ["A", "A", "M"]})
    s = kano.summary(cats, by="region")
    assert s[["region", "feature", "category", "n"]].values.tolist() == [["N", "x", "A", 2], ["S", "x", "M", 1]]


def test_continuous_scores_by_hand():
    df = pd.DataFrame({"feature": ["x", "x", "x", "y"],
                       "functional": [1, 2, 3, 5], "dysfunctional": [5, 4, 3, 1]})
    out = kano.continuous(df).set_index("feature")
    # x: functional 4, 2, 0 -> mean 2, sd 2; dysfunctional 4, 2, 0 -> mean 2
    assert out.loc["x", "functional_mean"] == 2 and out.loc["x", "functional_sd"] == 2
    assert out.loc["x", "dysfunctional_mean"] == 2 and out.loc["x", "category"] == "O"
    assert out.loc["y", "functional_mean"] == -2 and out.loc["y", "dysfunctional_mean"] == -2
    assert out.loc["y", "category"] == "I"


def test_plots_return_axes_without_touching_pyplot(published_summary):
    import matplotlib

    before = dict(matplotlib.rcParams)
    ax = kano.plot_better_worse(published_summary)
    assert len(ax.collections) >= 3 and ax.get_xlim() == (0, 1)
    assert {t.get_text() for t in ax.texts} >= {"Attractive", "Must-be", "Service app"}
    df = pd.DataFrame({"feature": ["x", "x"], "functional": [1, 2], "dysfunctional": [5, 5]})
    ax2 = kano.plot_continuous(kano.continuous(df))
    assert ax2.get_xlabel().startswith("dysfunctional")
    assert dict(matplotlib.rcParams) == before


answers = st.integers(1, 5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(answers, answers), min_size=1, max_size=60), st.sampled_from(["standard", "pouliot"]))
def test_classify_agrees_with_dict_lookup(pairs, table):
    lookup = {(f, d): STANDARD[f][d - 1] for f in range(1, 6) for d in range(1, 6)}
    if table == "pouliot":
        lookup[(2, 2)] = lookup[(4, 4)] = "Q"
    f, d = zip(*pairs)
    got = kano.classify(list(f), list(d), table=table).tolist()
    assert got == [lookup[p] for p in pairs]
    words = {1: "I like it", 2: "I expect it", 3: "I am neutral", 4: "I can live with it", 5: "I dislike it"}
    assert kano.classify([words[x] for x in f], [words[x] for x in d], table=table).tolist() == got


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 500), min_size=6, max_size=6).filter(lambda c: sum(c[:4]) > 0))
def test_better_worse_bounds(c):
    counts = pd.DataFrame([["f"] + c], columns=["feature", "A", "O", "M", "I", "R", "Q"])
    r = kano.summary_from_counts(counts).iloc[0]
    assert 0 <= r["better"] <= 1 and -1 <= r["worse"] <= 0
    assert 0 <= r["total_strength"] <= 1 and 0 <= r["category_strength"] <= 1
    assert r["n"] == sum(c)
    assert r[r["mode"]] == max(c)
    assert math.isfinite(r["fong_critical"])


def test_classify_returns_series_on_input_index():
    f = pd.Series([1, 2], index=["a", "b"])
    out = kano.classify(f, np.array([5, 5]))
    assert out.index.tolist() == ["a", "b"] and out.tolist() == ["O", "M"]


def test_many_features_count_correctly():
    # 40 features: category codes are small ints internally; the tally must not overflow
    wide = pd.DataFrame({**{f"f{j}_functional": [1, 2, 3] for j in range(40)},
                         **{f"f{j}_dysfunctional": [5, 5, 3] for j in range(40)}})
    s = kano.summary(kano.classify_survey(wide))
    assert len(s) == 40
    assert (s[["O", "M", "I", "n"]].to_numpy() == [1, 1, 1, 3]).all()
