"""Scoring against hand-computed values, and properties that must hold for any answers."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sedamkit.core.answers import responses_frame
from sedamkit.methods.scoring import area_summary, decide, overall_summary, readiness, respondent_scores
from sedamkit.core.spec import spec_from_dict


def small_spec(weights=(2, 1, 1), reverse=False):
    return spec_from_dict({
        "id": "t", "version": 1, "title": {"en": "T"}, "languages": ["en"],
        "scales": {"s": {"min": 1, "max": 5, "labels": {1: {"en": "lo"}, 5: {"en": "hi"}}, "allow_na": True}},
        "groups": [{"id": "g", "title": {"en": "G"}}],
        "areas": [{"id": "a", "group": "g", "title": {"en": "A"}},
                  {"id": "b", "group": "g", "title": {"en": "B"}, "min_score": 60}],
        "items": [{"id": "a1", "area": "a", "scale": "s", "clause": "x", "text": {"en": "1"}, "weight": weights[0]},
                  {"id": "a2", "area": "a", "scale": "s", "clause": "x", "text": {"en": "2"}, "weight": weights[1],
                   "reverse": reverse},
                  {"id": "b1", "area": "b", "scale": "s", "clause": "x", "text": {"en": "3"}, "weight": weights[2]}],
        "scoring": {"consensus_max_sd": 20},
        "decision": {"not_now_below": 40, "go_min_overall": 70, "blocking_below": 45}})


def frame(spec, *docs):
    return responses_frame([{"respondent": f"r{i}", "answers": d} for i, d in enumerate(docs)], spec)


def test_hand_computed_area_group_and_overall_scores():
    spec = small_spec()
    r = frame(spec, {"a1": 5, "a2": 2, "b1": 4}, {"a1": 3, "a2": None, "b1": 2})
    # r0: a = (2*100 + 1*25)/3 = 75; b = 75; overall = (200 + 25 + 75)/4 = 75
    # r1: a = 50 (a2 is "don't know"); b = 25; overall = (2*50 + 25)/3 = 41.667
    per = respondent_scores(r, spec, "area").set_index(["respondent", "area"])["score"]
    assert per[("r0", "a")] == pytest.approx(75)
    assert per[("r1", "a")] == pytest.approx(50)
    s = area_summary(r, spec).set_index("area")
    assert s.loc["a", "mean"] == pytest.approx(62.5)
    assert s.loc["a", "sd"] == pytest.approx(math.sqrt(2) * 12.5)   # sd of (75, 50)
    assert bool(s.loc["a", "consensus"]) is True                       # 17.7 <= 20
    assert s.loc["b", "sd"] == pytest.approx(math.sqrt(2) * 25)       # 35.4 > 20
    assert bool(s.loc["b", "consensus"]) is False
    assert s.loc["b", "threshold"] == 60                               # the area's own min_score wins
    o = overall_summary(r, spec)
    assert o["mean"] == pytest.approx((75 + 125 / 3) / 2)


def test_reverse_items_and_hidden_items():
    spec = small_spec(reverse=True)
    r = frame(spec, {"a1": 5, "a2": 5})
    s = area_summary(r, spec).set_index("area")
    assert s.loc["a", "mean"] == pytest.approx((2 * 100 + 0) / 3)
    assert s.loc["b", "n"] == 0 and math.isnan(s.loc["b", "mean"])


def test_decision_rules_at_their_boundaries():
    spec = small_spec()
    areas = pd.DataFrame({"area": ["a", "b"], "title": ["A", "B"], "mean": [90.0, 60.0], "threshold": [45, 60]})
    assert decide(areas, 70.0, spec)["decision"] == "go"                # exactly at go_min_overall, b exactly at 60
    assert decide(areas, 69.99, spec)["decision"] == "prepare_first"
    low_b = areas.assign(mean=[90.0, 59.99])
    d = decide(low_b, 80.0, spec)
    assert d["decision"] == "prepare_first" and d["blocking_gaps"] == ["b"]
    assert decide(areas, 40.0, spec)["decision"] == "prepare_first"
    assert decide(areas, 39.99, spec)["decision"] == "not_now"
    missing = areas.assign(mean=[90.0, np.nan])
    d = decide(missing, 80.0, spec)
    assert d["decision"] == "prepare_first" and d["not_assessed"] == ["b"]


def test_demo_workshop_result(root):
    from sedamkit.core.answers import load_all
    from sedamkit.core.spec import load_spec

    spec = load_spec("necessity_feasibility")
    docs = load_all(root / "datasets/demo/answers", spec, "01_necessity_feasibility")
    assert len(docs) == 4
    res = readiness(responses_frame(docs, spec), spec).to_result()
    assert res["decision"] == "prepare_first"
    assert "security_privacy" in res["blocking_gaps"]
    assert len(res["weakest"]) == 3 and res["no_consensus"]            # the demo team disagrees somewhere
    assert all(0 <= a["score"] <= 100 for a in res["areas"])


# --- properties -------------------------------------------------------------------------
answer = st.one_of(st.none(), st.integers(1, 5))
answers_st = st.fixed_dictionaries({"a1": answer, "a2": answer, "b1": answer})
weights_st = st.tuples(*[st.floats(0.1, 10, allow_nan=False)] * 3)


@settings(max_examples=25, deadline=None)
@given(docs=st.lists(answers_st, min_size=1, max_size=5), weights=weights_st)
def test_scores_stay_within_0_and_100(docs, weights):
    spec = small_spec(weights)
    r = frame(spec, *docs)
    s = area_summary(r, spec)
    vals = pd.concat([s["mean"], s["min"], s["max"]]).dropna()
    assert ((vals >= 0) & (vals <= 100)).all()
    o = overall_summary(r, spec)["mean"]
    assert math.isnan(o) or 0 <= o <= 100


@settings(max_examples=25, deadline=None)
@given(docs=st.lists(answers_st, min_size=1, max_size=4), weights=weights_st, factor=st.sampled_from([2.0, 0.5, 3.0]))
def test_scaling_all_weights_does_not_change_scores(docs, weights, factor):
    a = small_spec(weights)
    b = small_spec(tuple(w * factor for w in weights))
    sa, sb = area_summary(frame(a, *docs), a), area_summary(frame(b, *docs), b)
    pd.testing.assert_series_equal(sa["mean"], sb["mean"], check_exact=False, rtol=1e-9)
    assert overall_summary(frame(a, *docs), a)["mean"] == pytest.approx(
        overall_summary(frame(b, *docs), b)["mean"], nan_ok=True)


@settings(max_examples=20, deadline=None)
@given(docs=st.lists(answers_st, min_size=1, max_size=4), perm=st.permutations([0, 1, 2]))
def test_item_order_does_not_change_scores(docs, perm):
    a = small_spec()
    b = small_spec()
    b.items = [a.items[i] for i in perm]
    sa, sb = area_summary(frame(a, *docs), a), area_summary(frame(b, *docs), b)
    pd.testing.assert_frame_equal(sa, sb)
