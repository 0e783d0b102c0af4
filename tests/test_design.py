"""Stage 04, customer-experience design (sedamkit.design) and its notebook."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from sedamkit import design
from sedamkit.core.errors import SedamError
from sedamkit.stages.exercises import check
from sedamkit.methods.journey import journey_from_dict

from conftest import ROOT



@pytest.fixture(scope="module")
def inputs():
    return design.load_inputs(ROOT / "datasets" / "demo")


@pytest.fixture(scope="module")
def result(inputs):
    return design.stage_result(inputs)


# ---------------------------------------------------------------- stage result on the demo data
def test_result_is_strict_json_with_documented_keys(result):
    assert json.loads(json.dumps(result, allow_nan=False)) == result
    assert set(result) == {"journey", "links_source", "kano", "feature_links", "kano_performance", "must_be_weak",
                           "metrics", "metrics_trend", "reliability", "ipa", "pain_points", "moments_at_risk",
                           "moves", "privacy_gaps", "unobserved_touchpoints", "co_creation", "sentiment",
                           "negative_comments", "findings"}


def test_kano_categories_of_the_demo_features(result):
    kano = {k["feature"]: k for k in result["kano"]}
    assert kano["fixed_price_quote"]["category"] == "M"
    assert kano["arrival_tracking"]["category"] == "A"
    assert kano["loyalty_app"]["category"] == "I"
    # same_day_service: O 113 vs A 112 — a near tie, decided by M > O > A > I, and not significant
    assert kano["same_day_service"]["category"] == "O"
    assert kano["same_day_service"]["significant"] is False
    # Better/Worse of fixed_price_quote by hand: A 33, O 84, M 164, I 52
    assert kano["fixed_price_quote"]["better"] == pytest.approx((33 + 84) / 333, abs=1e-3)
    assert kano["fixed_price_quote"]["worse"] == pytest.approx(-(84 + 164) / 333, abs=1e-3)


def test_must_be_with_weak_performance(result):
    assert result["feature_links"]["fixed_price_quote"] == ["repair_work", "invoice_payment"]
    (m,) = result["must_be_weak"]
    assert m["feature"] == "fixed_price_quote"
    assert m["worst_touchpoint"] == "invoice_payment" and m["mean_rating"] < 3
    perf = {p["feature"]: p for p in result["kano_performance"]}
    assert perf["online_booking"]["weak"] and not perf["online_booking"]["must_be_weak"]   # O, not M
    assert perf["loyalty_app"]["worst_touchpoint"] is None and not perf["loyalty_app"]["weak"]


def test_journey_findings(result):
    pains = [p["touchpoint"] for p in result["pain_points"]]
    assert pains[0] == "printed_quote" and "arrival_tracking" in pains and "repair_work" not in pains
    assert [m["touchpoint"] for m in result["moments_at_risk"]] == ["online_booking", "technician_arrival"]
    assert [g["data_point"] for g in result["privacy_gaps"]] == ["dp_customer_photos"]
    # the printed quote is little used but the only way in for customers without e-mail (24082 4.3): improved,
    # not removed
    assert {m["move"] for m in result["moves"]} == {"optimize", "create", "smooth the flow"}
    assert any(m["touchpoint"] == "printed_quote" and m["rule"] == "keep_sole_way_in" for m in result["moves"])
    assert any(u["touchpoint"] == "technician_arrival" and u["moment_of_truth"]
               for u in result["unobserved_touchpoints"])


def test_metrics_latest_quarter(result, inputs):
    m = result["metrics"]
    assert m["quarter"] == "2025Q4" and set(m["by_region"]) == {"North", "Central", "South"}
    south = inputs.cx_survey.query("quarter == '2025Q4' and region == 'South'")["nps"]
    want = 100 * ((south >= 9).mean() - (south <= 6).mean())
    got = m["by_region"]["South"]["nps"]
    assert got["value"] == pytest.approx(want, abs=0.01) and got["ci_low"] < got["value"] < got["ci_high"]
    assert got["n"] == len(south)
    assert set(m["overall"]) == {"nps", "csat", "ces", "ces_agree"}
    assert result["reliability"]["computed"] is False and "Likert" in result["reliability"]["reason"]


def test_sentiment_and_comments(result):
    s = result["sentiment"]
    assert s["most_negative_touchpoint"]["touchpoint"] == "arrival_tracking"
    assert sum(s["overall"][f"pct_{k}"] for k in ("positive", "neutral", "negative")) == pytest.approx(100, abs=0.2)
    texts = [c["comment"] for c in result["negative_comments"]]
    assert len(texts) == len(set(texts)) == 8                       # distinct texts, counted in `times`
    assert all(len(t) <= design.COMMENT_CHARS for t in texts)
    assert result["negative_comments"][0]["compound"] <= result["negative_comments"][-1]["compound"]


def test_findings_are_short_sentences(result):
    f = result["findings"]
    assert any("fixed price quote" in x and "poorly" in x for x in f)
    assert any("no privacy measure" in x and "photos of the problem" in x for x in f)   # named, not by id
    assert any("South" in x for x in f)
    assert all(x.endswith(".") and len(x) < 300 for x in f)


def test_feature_links_from_the_journey_file_and_by_same_id(tmp_path):
    obj = yaml.safe_load((ROOT / "datasets/demo/journey.yaml").read_text())
    obj["journey"]["id"] = "other"
    j = journey_from_dict(obj)
    links, source = design.feature_links(j, ["online_booking", "eco_parts"])
    assert links == {"online_booking": ["online_booking"], "eco_parts": []} and "same id" in source
    obj["feature_links"] = {"eco_parts": ["repair_work"], "online_booking": "website"}
    p = tmp_path / "journey.yaml"
    p.write_text(yaml.safe_dump(obj))
    from sedamkit.methods.journey import load_journey
    links, source = design.feature_links(load_journey(p), ["online_booking", "eco_parts"])
    assert links == {"online_booking": ["website"], "eco_parts": ["repair_work"]} and "journey file" in source
    obj["feature_links"] = {"eco_parts": ["the_van"]}
    p.write_text(yaml.safe_dump(obj))
    with pytest.raises(SedamError) as e:
        design.feature_links(load_journey(p), ["eco_parts"])
    assert e.value.codes == ["JRN005"] and e.value.problems[0].where == "feature_links.eco_parts"


def test_answer_grid_counts_pairs(inputs):
    g = design.answer_grid(inputs.categories, "fixed_price_quote")
    assert g.shape == (5, 5) and g.loc["neutral", "dislike"].endswith("· M")
    with pytest.raises(SedamError):
        design.answer_grid(inputs.categories, "teleport")


def test_reliability_when_items_are_given():
    df = pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [1, 2, 3, 4, 5], "q3": [2, 2, 3, 5, 5]})
    r = design.reliability(df, ["q1", "q2", "q3"])
    assert r["computed"] and r["alpha"] == pytest.approx(0.986, abs=1e-3) and r["k"] == 3


# ---------------------------------------------------------------- exercise checks
@pytest.mark.parametrize("answer", [4.26, "4.3", "4.26%", " +4.3 ", 4])
def test_nps_check_accepts(answer):
    assert check("04_nps_from_counts", answer, promoters=83, passives=103, detractors=72).ok


@pytest.mark.parametrize("answer, words", [
    (100 * (83 - 103 - 72) / 258, "passives as detractors"),
    (100 * 83 / 258, "promoters only"),
    (0.0426, "multiply by 100"),
    (11, "subtracted the counts"),
    (100 * 11 / 155, "left the passives out"),
    (-4.26, "sign is reversed"),
    (None, "as a number"),
    (55, "is not it"),
])
def test_nps_check_names_the_mistake(answer, words):
    fb = check("04_nps_from_counts", answer, promoters=83, passives=103, detractors=72, quarter="q", region="r")
    assert not fb.ok and words in fb.message


PAIRS = pd.DataFrame({"pair": [1, 2, 3, 4],
                      "functional": ["I like it", "I am neutral", "I like it", "It must be that way"],
                      "dysfunctional": ["I dislike it", "I dislike it", "I am neutral", "I can live with it"]})


@pytest.mark.parametrize("answer", [["O", "M", "A", "I"], "o m a i", "OMAI", "O, M, A, I",
                                    ["one-dimensional", "Must be", "ATTRACTIVE", "indifferent"],
                                    {"1": "performance", "2": "basic", "3": "delighter", "4": "i"}])
def test_kano_pairs_accepts_letters_and_names(answer):
    assert check("04_kano_pairs", answer, pairs=PAIRS).ok


def test_kano_pairs_feedback():
    fb = check("04_kano_pairs", ["R", "R", "R", "I"], pairs=PAIRS)
    assert not fb.ok and "1 of 4" in fb.message and "pairs 1, 2, 3" in fb.message and "swapped" in fb.message
    fb = check("04_kano_pairs", ["O", "A", "A", "I"], pairs=PAIRS)
    assert not fb.ok and "pair 2: not attractive" in fb.message
    assert "one category per pair" in check("04_kano_pairs", ["O", "M"], pairs=PAIRS).message
    assert "not a Kano category" in check("04_kano_pairs", ["O", "M", "great", "I"], pairs=PAIRS).message
    assert "Give a list" in check("04_kano_pairs", None, pairs=PAIRS).message


COUNTS = {"feature": "fixed_price_quote", "A": 33, "O": 84, "M": 164, "I": 52, "R": 4, "Q": 15}


@pytest.mark.parametrize("answer", [-0.745, "-0.74", -0.7447])
def test_worse_accepts(answer):
    assert check("04_worse_coefficient", answer, **COUNTS).ok


@pytest.mark.parametrize("answer, words", [
    (0.745, "minus sign"), (-(84 + 164) / 352, "reverse (R) and questionable"), ((33 + 84) / 333, "That is Better"),
    (-164 / 333, "left out the one-dimensional"), (-74.5, "percentage"), ("abc", "as a number"),
])
def test_worse_names_the_mistake(answer, words):
    fb = check("04_worse_coefficient", answer, **COUNTS)
    assert not fb.ok and words in fb.message


@pytest.mark.parametrize("answer, ok, words", [
    ("online_booking", True, "below the target"), (" Online Booking ", True, ""),
    ("printed_quote", False, "not a moment of truth"), ("technician_arrival", False, "at risk too"),
    ("The repair", False, "reaches the target"), ("the van", False, "not a touchpoint"), (None, False, "id or name"),
])
def test_moment_at_risk(inputs, answer, ok, words):
    fb = check("04_moment_at_risk", answer, journey=inputs.journey, ratings=inputs.ratings)
    assert fb.ok is ok and words in fb.message


def test_exercise_helpers_pick_from_the_data(inputs):
    c = design.nps_exercise_counts(inputs.cx_survey)
    assert c["quarter"] == "2025Q4" and c["region"] == "South"
    pairs = design.pick_kano_pairs(inputs.kano_survey, inputs.categories)
    from sedamkit.methods.kano import classify
    assert [classify(f, d) for f, d in zip(pairs.functional, pairs.dysfunctional)] == ["O", "M", "I", "A"]
    assert design.worse_exercise_counts(design.kano_categories(inputs))["feature"] == "fixed_price_quote"


# ---------------------------------------------------------------- runner hook
def client_of(folder):
    from sedamkit.core.config import load_client
    return load_client(folder)


def test_validate_client_inputs_skips_other_stages(demo_copy):
    (demo_copy / "data" / "cx_survey.csv").write_text("quarter,region\n2025Q4,North\n")
    design.validate_client_inputs(client_of(demo_copy), ["01_necessity_feasibility"])   # not selected: no check


def test_validate_client_inputs_lists_every_problem(demo_copy):
    client = client_of(demo_copy)
    cx = pd.read_csv(demo_copy / "data" / "cx_survey.csv").drop(columns="ces")
    cx.to_csv(demo_copy / "data" / "cx_survey.csv", index=False)
    r = pd.read_csv(demo_copy / "data" / "journey_ratings.csv")
    r.loc[[3, 7], "touchpoint"] = "the_van"
    r.to_csv(demo_copy / "data" / "journey_ratings.csv", index=False)
    k = pd.read_csv(demo_copy / "data" / "kano_survey.csv")
    k.loc[5, "eco_parts_functional"] = "I adore it"
    k.to_csv(demo_copy / "data" / "kano_survey.csv", index=False)
    with pytest.raises(SedamError) as e:
        design.validate_client_inputs(client, [design.STAGE_ID])
    probs = {p.code: p for p in e.value.problems}
    assert set(probs) == {"DATA001", "JRN006", "KANO001"}
    assert probs["DATA001"].file.endswith("cx_survey.csv") and "ces" in probs["DATA001"].where
    assert probs["JRN006"].file.endswith("journey_ratings.csv") and "rows 5, 9" in probs["JRN006"].where
    assert probs["KANO001"].file.endswith("kano_survey.csv") and "eco_parts_functional" in probs["KANO001"].where


def test_validate_client_inputs_missing_file_and_key(demo_copy):
    client = client_of(demo_copy)
    (demo_copy / "data" / "kano_survey.csv").unlink()          # deleted after the config was loaded
    del client["data"]["cx_survey"]
    with pytest.raises(SedamError) as e:
        design.validate_client_inputs(client)
    assert e.value.codes == ["CFG004"]       # the named file that is gone; an unnamed key only leaves a part out
    wheres = {(Path(p.file).name, p.where) for p in e.value.problems}
    assert wheres == {("kano_survey.csv", None)}
    del client["data"]["kano_survey"]
    inp = design.load_inputs(client)
    assert set(inp.skipped) == {"kano", "metrics"} and inp.cx_survey is None and inp.categories is None
    assert "cx_survey" in inp.skipped["metrics"] and "client.yaml" in inp.skipped["metrics"]


def test_the_runner_calls_the_hook(demo_copy):
    from sedamkit import runner

    (demo_copy / "data" / "cx_survey.csv").write_text("quarter,nps,csat\n2025Q4,9,4\n")
    with pytest.raises(SedamError) as e:
        runner.validate_client(demo_copy, stages=[design.STAGE_ID])
    assert "DATA001" in e.value.codes


def test_bad_values_are_reported_with_rows(demo_copy):
    cx = pd.read_csv(demo_copy / "data" / "cx_survey.csv")
    cx.loc[2, "nps"] = 11
    cx.to_csv(demo_copy / "data" / "cx_survey.csv", index=False)
    with pytest.raises(SedamError) as e:
        design.load_inputs(demo_copy)
    assert e.value.codes == ["DATA002"] and "row 4" in e.value.problems[0].where


# ---------------------------------------------------------------- the notebook in a batch run
def test_stage_04_runs_with_papermill(tmp_path):
    from sedamkit import runner
    from sedamkit.core.results import read_result

    client = tmp_path / "demo"
    shutil.copytree(ROOT / "datasets" / "demo", client)
    run_dir = runner.run_client(client, runs_root=tmp_path / "runs", stages=["04"], progress=False, log=None,
                                pdf=False)
    data = read_result(run_dir, design.STAGE_ID)
    assert [m["feature"] for m in data["must_be_weak"]] == ["fixed_price_quote"]
    assert [g["data_point"] for g in data["privacy_gaps"]] == ["dp_customer_photos"]
    assert data["findings"]
    figures = {p.name for p in (run_dir / "figures").glob("04_*.png")}
    assert {"04_kano_better_worse.png", "04_emotion_curve.png", "04_nps_trend.png", "04_sentiment.png"} <= figures
