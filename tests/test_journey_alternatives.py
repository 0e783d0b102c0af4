"""Journey rules on alternative channels (ISO/TS 24082 5.5): alternatives are not a sequence, a little-used
touchpoint that is some customers' only way in is improved rather than dropped (4.3), and data points that
collect without a use are flagged (19384 7.4.2.3)."""
import copy

import pandas as pd

from sedamkit.core.paths import demo_dir
from sedamkit.methods import journey as J

BASE = {
    "journey": {"id": "j", "name": "Test", "scale": {"min": 1, "max": 5, "neutral": 3, "target": 4}},
    "stages": [{"id": "s1", "name": "Find"}, {"id": "s2", "name": "Order"}, {"id": "s3", "name": "Receive"}],
    "touchpoints": [
        {"id": "site", "name": "Site", "stage": "s1", "owner": "brand", "channel": "virtual"},
        {"id": "app_order", "name": "App", "stage": "s2", "owner": "brand", "channel": "virtual",
         "alternatives": "order"},
        {"id": "counter_order", "name": "Counter", "stage": "s2", "owner": "brand", "channel": "physical",
         "alternatives": "order"},
        {"id": "delivery", "name": "Delivery", "stage": "s3", "owner": "brand", "channel": "physical"},
    ],
}


def _ratings(spec):
    return pd.DataFrame([(tp, r) for tp, rs in spec.items() for r in rs], columns=["touchpoint", "rating"])


# app rated 4 by 40 people, the counter 2 by 5 people; site and delivery 4
RATINGS = _ratings({"site": [4] * 40, "app_order": [4] * 40, "counter_order": [2] * 5, "delivery": [4] * 40})


def test_alternatives_are_not_a_sequence():
    j = J.journey_from_dict(BASE)
    c = J.emotion_curve(j, RATINGS).set_index("touchpoint")
    assert c.loc["counter_order", "previous"] == "site"          # not the app, its alternative
    assert c.loc["counter_order", "step"] == -2
    assert c.loc["app_order", "step"] == 0
    assert c.loc["delivery", "previous"] == "app_order / counter_order"
    assert round(c.loc["delivery", "step"], 3) == round(4 - (40 * 4 + 5 * 2) / 45, 3)


def test_without_the_mark_the_same_touchpoints_read_as_steps():
    seq = copy.deepcopy(BASE)
    for t in seq["touchpoints"]:
        t.pop("alternatives", None)
    c = J.emotion_curve(J.journey_from_dict(seq), RATINGS).set_index("touchpoint")
    assert c.loc["counter_order", "previous"] == "app_order" and c.loc["delivery", "step"] == 2


def test_smooth_flow_never_fires_between_alternatives():
    two_apps = copy.deepcopy(BASE)
    two_apps["touchpoints"][2]["channel"] = "virtual"
    r = _ratings({"site": [3] * 40, "app_order": [5] * 40, "counter_order": [3] * 40, "delivery": [3] * 40})
    moves = J.suggest_moves(J.journey_from_dict(two_apps), r)
    smooth = moves[moves["move"] == "smooth the flow"]
    assert "counter_order" not in smooth["touchpoint"].tolist()   # 5 → 3 is a choice, not a hand-over


def test_remove_is_not_proposed_for_the_only_way_in():
    moves = J.suggest_moves(J.journey_from_dict(BASE), RATINGS)
    counter = moves[moves["touchpoint"] == "counter_order"]
    assert "remove" not in counter["move"].tolist()               # the only physical way to order
    keep = counter[counter["rule"] == "keep_sole_way_in"]
    assert len(keep) == 1 and "physical" in keep["reason"].iloc[0]
    both_virtual = copy.deepcopy(BASE)
    both_virtual["touchpoints"][2]["channel"] = "virtual"
    moves = J.suggest_moves(J.journey_from_dict(both_virtual), RATINGS)
    assert "remove" in moves.loc[moves["touchpoint"] == "counter_order", "move"].tolist()
    told = copy.deepcopy(both_virtual)
    told["touchpoints"][2]["only_way_for"] = "customers without a smartphone"
    moves = J.suggest_moves(J.journey_from_dict(told), RATINGS)
    reasons = moves.loc[moves["touchpoint"] == "counter_order", "reason"].tolist()
    assert "remove" not in moves.loc[moves["touchpoint"] == "counter_order", "move"].tolist()
    assert any("customers without a smartphone" in x for x in reasons)


def test_data_points_without_a_use_are_flagged():
    d = copy.deepcopy(BASE)
    d["data_points"] = [
        {"id": "dp1", "touchpoint": "site", "observes": "cookies", "method": "analytics", "personal_data": True,
         "privacy_measure": "consent banner", "used_for": "find drop-outs"},
        {"id": "dp2", "touchpoint": "delivery", "observes": "signature", "method": "handheld", "personal_data": True,
         "privacy_measure": "kept 30 days"},
    ]
    inv = J.data_points(J.journey_from_dict(d)).set_index("data_point")
    assert not inv.loc["dp1", "no_use"] and inv.loc["dp2", "no_use"]


def test_demo_marks_booking_channels_as_alternatives_and_treats_cookies_job_sheets_reviews_as_personal():
    j = J.load_journey(demo_dir() / "journey.yaml")
    alts = j.touchpoints.dropna(subset=["alternatives"])
    assert len(alts) >= 2 and alts["alternatives"].nunique() < len(alts)
    dp = J.data_points(j)
    for word in ("cookie", "job sheet", "review"):
        rows = dp[dp["method"].str.contains(word, case=False, na=False)
                  | dp["observes"].str.contains(word, case=False, na=False)
                  | dp["data_point"].str.replace("_", " ").str.contains(word, case=False, na=False)]
        assert len(rows) and rows["personal_data"].all(), word
