"""Sentiment: labels, shares per group, most negative comments, lazy imports."""
import subprocess
import sys

import pandas as pd
import pytest

from sedamkit import sentiment
from sedamkit.core.errors import SedamError


@pytest.fixture(scope="module")
def scored():
    df = pd.DataFrame({
        "touchpoint": ["web", "web", "web", "visit", "visit", "visit"],
        "comment": ["Booking was quick and easy, great!", "The form kept crashing. Awful, I gave up.",
                    "I booked a slot.", "Friendly technician, excellent work, thank you!",
                    "Terrible. He was three hours late and rude.", None],
    })
    return sentiment.score_comments(df)


def test_labels_follow_compound_cutoffs(scored):
    assert len(scored) == 5                                     # the missing comment is dropped
    assert scored["sentiment"].tolist() == ["positive", "negative", "neutral", "positive", "negative"]
    assert (scored.loc[scored["sentiment"] == "positive", "compound"] >= 0.05).all()
    assert (scored.loc[scored["sentiment"] == "negative", "compound"] <= -0.05).all()
    assert ((scored[["pos", "neu", "neg"]].sum(axis=1) - 1).abs() < 0.01).all()


def test_shares_per_touchpoint(scored):
    s = sentiment.shares(scored, by="touchpoint").set_index("touchpoint")
    assert s.loc["web", ["n", "positive", "neutral", "negative"]].tolist() == [3, 1, 1, 1]
    assert s.loc["visit", "pct_negative"] == 50.0
    assert (s[["pct_positive", "pct_neutral", "pct_negative"]].sum(axis=1) == 100).all()
    total = sentiment.shares(scored)
    assert total["n"].iloc[0] == 5 and "touchpoint" not in total.columns


def test_most_negative_first(scored):
    worst = sentiment.most_negative(scored, k=2)
    assert worst["comment"].str.contains("Terrible|crashing").all() and worst["compound"].is_monotonic_increasing
    per = sentiment.most_negative(scored, k=1, by="touchpoint")
    assert per["touchpoint"].tolist() == ["visit", "web"]


def test_missing_column_is_data001():
    with pytest.raises(SedamError) as exc:
        sentiment.score_comments(pd.DataFrame({"text": ["hi"]}))
    assert exc.value.codes == ["DATA001"] and "'comment'" in str(exc.value) and "text" in str(exc.value)


def test_plot(scored):
    ax = sentiment.plot_shares(sentiment.shares(scored, by="touchpoint"))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["visit", "web"]


def test_imports_are_lazy():
    code = ("import sys, sedamkit as sk; sk.sentiment; sk.kano; sk.cx; sk.journey; sk.datagen; "
            "print('matplotlib' in sys.modules, 'vaderSentiment' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
