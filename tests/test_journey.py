"""Journeys: hand-computed emotion curve, pain points, moments of truth, rule-based moves, privacy flags."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sedamkit import journey as jr
from sedamkit.core.errors import SedamError

ROOT = Path(__file__).resolve().parents[1]


def small_dict():
    return {
        "journey": {"id": "t", "name": "Test journey", "scale": {"min": 1, "max": 5, "neutral": 3, "target": 4}},
        "stages": [{"id": "s1", "name": "One"}, {"id": "s2", "name": "Two"}, {"id": "s3", "name": "Three"}],
        "touchpoints": [
            {"id": "a", "name": "A", "stage": "s1", "owner": "brand-owned", "channel": "virtual",
             "moment_of_truth": False},
            {"id": "b", "name": "B", "stage": "s1", "owner": "brand", "channel": "physical", "moment_of_truth": True},
            {"id": "c", "name": "C", "stage": "s2", "owner": "partner", "channel": "virtual", "moment_of_truth": "no"},
            {"id": "d", "name": "D", "stage": "s2", "owner": "brand", "channel": "virtual", "moment_of_truth": False},
            {"id": "e", "name": "E", "stage": "s3", "owner": "customer", "channel": "physical",
             "moment_of_truth": "yes"},
        ],
        "data_points": [
            {"id": "dp1", "touchpoint": "a", "observes": "clicks", "method": "analytics", "personal_data": True,
             "privacy_measure": "consent"},
            {"id": "dp2", "touchpoint": "c", "observes": "address", "method": "partner app", "personal_data": True},
            {"id": "dp3", "touchpoint": "c", "observes": "wait time", "method": "log", "personal_data": False},
        ],
        "co_creation": [
            {"touchpoint": "a", "customer_centricity": 4, "participation": 4},
            {"touchpoint": "c", "customer_centricity": 1, "participation": 5},
        ],
    }


@pytest.fixture
def small():
    return jr.journey_from_dict(small_dict(), file="t.yaml")


@pytest.fixture
def ratings():
    rows = [("a", r) for r in (5, 4, 5, 4)] + [("b", r) for r in (4, 3, 3, 4)] + \
           [("c", r) for r in (2, 2, 3, 1)] + [("d", 2)]
    return pd.DataFrame(rows, columns=["touchpoint", "rating"])


def test_emotion_curve_by_hand(small, ratings):
    c = jr.emotion_curve(small, ratings).set_index("touchpoint")
    assert c["n"].tolist() == [4, 4, 4, 1, 0]
    assert c["mean"].iloc[:4].tolist() == [4.5, 3.5, 2.0, 2.0] and np.isnan(c.loc["e", "mean"])
    assert c.loc["b", "step"] == -1.0 and c.loc["c", "step"] == -1.5 and c.loc["d", "step"] == 0.0
    assert c.loc["d", "previous"] == "c"
    assert c.loc["c", "share_low"] == 0.75 and c.loc["d", "share_rated"] == 0.25
    assert c["below_neutral"].tolist() == [False, False, True, True, False]
    assert c.loc["a", "ci_low"] < 4.5 < c.loc["a", "ci_high"]


def test_pain_points_below_neutral_and_bottom_k(small, ratings):
    assert jr.pain_points(small, ratings)["touchpoint"].tolist() == ["c", "d"]
    assert jr.pain_points(small, ratings, k=1)["touchpoint"].tolist() == ["c"]
    assert jr.pain_points(small, ratings, threshold=4)["touchpoint"].tolist() == ["c", "d", "b"]


def test_moments_of_truth_at_risk(small, ratings):
    risk = jr.moments_at_risk(small, ratings)
    assert risk["touchpoint"].tolist() == ["e", "b"]          # e unrated (nobody watches it), b 3.5 < 4
    assert risk.set_index("touchpoint").loc["b", "gap"] == -0.5
    assert jr.moments_at_risk(small, ratings, target=3.5)["touchpoint"].tolist() == ["e"]


def test_rule_based_moves(small, ratings):
    m = jr.suggest_moves(small, ratings)
    got = list(zip(m["move"], m["touchpoint"].fillna("-"), m["stage"]))
    assert got == [
        ("optimize", "b", "s1"),          # moment of truth below target
        ("optimize", "c", "s2"),          # pain point many meet
        ("remove", "d", "s2"),            # pain point few use
        ("smooth the flow", "b", "s1"),   # drop of 1.0
        ("smooth the flow", "c", "s2"),   # drop of 1.5
        ("create", "-", "s2"),            # no brand-owned touchpoint reaches 4
        ("create", "-", "s3"),
    ]
    assert "3.50" in m["reason"].iloc[0] and "'A'" in m.iloc[3]["reason"]   # the touchpoint before, by name
    assert "falls by 1.00" in m.iloc[3]["reason"]                            # a size, not "drops by -1.00"


def test_move_reasons_in_french(small, ratings):
    m = jr.suggest_moves(small, ratings, language="fr")
    assert m["reason"].iloc[0].startswith("un moment de vérité noté 3,50")
    assert "baisse de 1,00 points en venant de « A »" in m.iloc[3]["reason"]
    assert all(r and "points coming" not in r for r in m["reason"])


def test_rule_reason_per_language_needs_english(tmp_path):
    bad = {"rules": [{"id": "x", "move": "optimize", "reason": {"fr": "seulement"},
                      "when": [{"field": "mean", "op": "<", "value": 3}]}]}
    with pytest.raises(SedamError) as exc:
        jr.load_rules(_write_rules(tmp_path, bad))
    assert "rules[0].reason" in str(exc.value)


def _write_rules(folder, obj):
    path = folder / "rules.yaml"
    path.write_text(yaml.safe_dump(obj), encoding="utf-8")
    return path


def test_rules_come_from_a_data_file(small, ratings, tmp_path):
    rules = {"rules": [{"id": "strict", "move": "optimize",
                        "when": [{"field": "mean", "op": "<", "value": 4.6}]}]}
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(rules))
    m = jr.suggest_moves(small, ratings, rules=path)
    assert m["touchpoint"].tolist() == ["a", "b", "c", "d"] and set(m["move"]) == {"optimize"}
    bad = {"rules": [{"id": "x", "move": "delete", "when": [{"field": "mood", "op": "<<", "value": 1}]}]}
    path.write_text(yaml.safe_dump(bad))
    with pytest.raises(SedamError) as exc:
        jr.load_rules(path)
    assert exc.value.codes == ["JRN007", "JRN007"]
    assert "rules[0].move" in str(exc.value) and "mood" in str(exc.value)


def test_privacy_flag_and_inventory(small):
    inv = jr.data_points(small)
    assert inv.set_index("data_point").loc["dp2", "privacy_gap"]
    assert not inv.set_index("data_point").loc["dp3", "privacy_gap"]        # not personal: no gap
    assert jr.privacy_gaps(small)["data_point"].tolist() == ["dp2"]
    unobserved = inv[inv["data_point"].isna()]["touchpoint"].tolist()
    assert unobserved == ["b", "d", "e"]


def test_co_creation_zones_and_plot(small):
    cc = jr.co_creation(small)
    assert cc["zone"].tolist() == ["co-creation", "customer self-service"]
    assert cc["intensity"].tolist() == [9 / 16, 0.0]
    ax = jr.plot_co_creation(cc)
    labels = {t.get_text() for t in ax.texts}
    assert {"A", "C", "co-creation", "standard delivery"} <= labels


def test_emotion_curve_plot(small, ratings):
    ax = jr.plot_emotion_curve(jr.emotion_curve(small, ratings), journey=small)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B", "C", "D", "E"]
    assert {"One", "Two", "Three", "not rated"} <= {t.get_text() for t in ax.texts}


def test_validation_collects_every_problem():
    d = small_dict()
    d["journey"].pop("name")
    d["touchpoints"][1]["owner"] = "government"
    d["touchpoints"][2]["stage"] = "s9"
    d["touchpoints"][3]["id"] = "a"
    d["touchpoints"][4]["channel"] = "hybrid"
    d["data_points"][0]["touchpoint"] = "zz"
    d["co_creation"][0]["participation"] = 7
    with pytest.raises(SedamError) as exc:
        jr.journey_from_dict(d, file="bad.yaml")
    err = exc.value
    assert sorted(err.codes) == sorted(["JRN002", "JRN003", "JRN005", "JRN004", "JRN003", "JRN005", "JRN003"])
    wheres = {p.where for p in err.problems}
    assert {"journey.name", "touchpoints[1].owner", "touchpoints[2].stage", "touchpoints[3].id",
            "touchpoints[4].channel", "data_points[0].touchpoint", "co_creation[0].participation"} == wheres
    assert all(p.file == "bad.yaml" for p in err.problems)


def test_bad_yaml_file_is_jrn001(tmp_path):
    p = tmp_path / "j.yaml"
    p.write_text("journey: [unclosed\n")
    with pytest.raises(SedamError) as exc:
        jr.load_journey(p)
    assert exc.value.codes == ["JRN001"] and str(p) in str(exc.value)


def test_ratings_for_unknown_touchpoints_and_missing_columns(small):
    r = pd.DataFrame({"touchpoint": ["a", "zz", "a", "zz"], "rating": [3, 4, 9, 2]})
    with pytest.raises(SedamError) as exc:
        jr.emotion_curve(small, r)
    assert exc.value.codes == ["JRN006", "DATA002"]
    assert "rows 3, 5" in exc.value.problems[0].where and "'zz'" in exc.value.problems[0].message
    assert "row 4" in exc.value.problems[1].where
    with pytest.raises(SedamError) as exc:
        jr.emotion_curve(small, r.rename(columns={"rating": "score"}))
    assert exc.value.codes == ["DATA001"] and "score" in str(exc.value)


def test_demo_journey_is_complete():
    j = jr.load_journey(ROOT / "datasets/demo/journey.yaml")
    tps = j.touchpoints
    assert len(j.stages) == 5 and 10 <= len(tps) <= 12
    assert set(tps["owner"]) == set(jr.OWNERS) and set(tps["channel"]) == {"physical", "virtual"}
    assert tps["moment_of_truth"].sum() == 3
    assert len(jr.privacy_gaps(j)) >= 1
    assert set(j.co_creation["touchpoint"]) == set(tps["touchpoint"])


# ---------------------------------------------------------------- the structure schema
def test_journey_schema_is_valid_json_schema():
    import jsonschema

    from sedamkit.core.schema import load_schema

    jsonschema.Draft202012Validator.check_schema(load_schema("journey"))


@pytest.mark.parametrize("change, code, where", [
    (lambda d: d.pop("stages"), "JRN002", "stages"),
    (lambda d: d.update(touchpoints={"a": 1}), "JRN003", "touchpoints"),
    (lambda d: d["journey"].update(scale={"min": "low", "max": 5}), "JRN003", "journey.scale.min"),
    (lambda d: d["journey"].update(scale={"min": 1, "max": 5, "neutral": 6}), "JRN003", "journey.scale"),
    (lambda d: d["stages"].append("s4"), "JRN003", "stages[3]"),
    (lambda d: d["touchpoints"][0].update(name=" "), "JRN002", "touchpoints[0].name"),
    (lambda d: d["touchpoints"][0].update(colour="red"), "JRN003", "touchpoints[0]"),
    (lambda d: d["touchpoints"][1].update(moment_of_truth="maybe"), "JRN003", "touchpoints[1].moment_of_truth"),
    (lambda d: d["data_points"][2].pop("personal_data"), "JRN002", "data_points[2].personal_data"),
    (lambda d: d["co_creation"][1].update(customer_centricity="high"), "JRN003", "co_creation[1].customer_centricity"),
    (lambda d: d.update(feature_links=["a"]), "JRN003", "feature_links"),
])
def test_journey_schema_codes_and_places(change, code, where):
    d = small_dict()
    change(d)
    with pytest.raises(SedamError) as exc:
        jr.journey_from_dict(d, file="bad.yaml")
    got = [(p.code, p.where) for p in exc.value.problems]
    # a missing or broken list also leaves references to it unknown (JRN005); nothing else is reported
    assert (code, where) in got and {c for c, _ in got} <= {code, "JRN005"}


def test_journey_accepted_spellings():
    d = small_dict()
    d["touchpoints"][0].update(owner="Brand Owned ", channel="Virtual", moment_of_truth="Y")
    d["journey"].pop("scale")
    j = jr.journey_from_dict(d)
    assert j.touchpoints.loc[0, ["owner", "channel", "moment_of_truth"]].tolist() == ["brand", "virtual", True]
    assert j.scale == {"min": 1.0, "max": 5.0, "neutral": 3.0, "target": 4.0}
