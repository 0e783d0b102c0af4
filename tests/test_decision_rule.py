"""Stage 01's decision keeps need and feasibility apart; follow-ups are not scored; "don't know"
answers are counted; answers saved for version 1 of the questionnaire are read through its map."""
import json
import shutil
from pathlib import Path

import pytest

from sedamkit.core.answers import load_all, merge_save, read_answers, responses_frame
from sedamkit.core.spec import load_spec
from sedamkit.methods.scoring import readiness

ROOT = Path(__file__).resolve().parents[1]
V1 = ROOT / "tests" / "data" / "answers_v1"
DEMO = ROOT / "sedamkit" / "datasets" / "demo" / "answers"


@pytest.fixture(scope="module")
def spec():
    return load_spec("necessity_feasibility")


def _all(spec, need, feas, **over):
    """One respondent answering every need item ``need`` and every other item ``feas``."""
    roles = {g["id"]: g.get("role") for g in spec.groups}
    group = {a["id"]: a["group"] for a in spec.areas}
    ans = {}
    for it in spec.items:
        if it.show_if:
            continue
        ans[it.id] = need if roles[group[it.area]] == "need" else feas
    ans.update(over)
    return readiness(responses_frame([{"respondent": "r1", "answers": ans}], spec), spec)


def test_no_need_is_not_now_whatever_the_feasibility(spec):
    r = _all(spec, need=2, feas=5)       # need 25, feasibility 100
    assert r.roles["feasibility"]["mean"] == 100
    assert r.decision["decision"] == "not_now"
    assert "no clear need" in r.decision["reasons"][0]


def test_a_need_with_no_feasibility_is_not_now_and_says_why(spec):
    r = _all(spec, need=5, feas=1)
    assert r.decision["decision"] == "not_now"
    assert any("feasibility score 0" in x for x in r.decision["reasons"])


def test_need_and_enough_feasibility_go(spec):
    assert _all(spec, need=4, feas=5).decision["decision"] == "go"
    mid = _all(spec, need=4, feas=4, cap_security_access=2, cap_security_logging=2)
    assert mid.decision["decision"] == "prepare_first" and "security_privacy" in mid.decision["blocking_gaps"]


def test_need_areas_never_block(spec):
    r = _all(spec, need=4, feas=5, need_industry=1, need_customer_research=1)
    assert r.areas.set_index("area").loc["trends_and_demand", "mean"] == 0
    assert r.decision["decision"] == "go" and "trends_and_demand" not in r.decision["blocking_gaps"]


def test_unanswered_need_is_not_assessed(spec):
    r = _all(spec, need=None, feas=5)
    assert r.decision["decision"] == "not_assessed"


def test_a_follow_up_that_records_a_plan_does_not_move_the_score(spec):
    low = _all(spec, need=4, feas=4, cap_security_incidents=1, cap_security_followup=1)
    high = _all(spec, need=4, feas=4, cap_security_incidents=1, cap_security_followup=5)
    a, b = (x.areas.set_index("area").loc["security_privacy", "mean"] for x in (low, high))
    assert a == b
    assert high.follow_ups["value"].tolist() == [5.0]
    assert "recorded and not scored" in high.summary_markdown()


def test_dont_know_answers_are_counted_per_area(spec):
    r = _all(spec, need=4, feas=4, cap_analyse_current=None, cap_analyse_future=None, funding_case=None)
    dk = r.areas.set_index("area")["dont_know"]
    assert dk["data_analysis"] == 2 and dk["funding"] == 1 and dk["talent"] == 0
    assert r.to_result()["dont_know"] == 3
    assert "Analysing customer data 2" in r.summary_markdown()


def test_split_items_ask_one_thing_each(spec):
    ids = set(spec.item_ids)
    for old in ("need_strategy_gap", "need_cx_pain", "talent_skills", "talent_learning", "facilities_systems",
                "cap_interact_response", "cap_monitor_feedback", "cap_security_controls", "cap_privacy_consent",
                "need_technology_watch"):
        assert old not in ids
    assert spec.item("talent_technology_watch").area == "talent"     # a capability, not a need
    from sedamkit.core.answer_versions import version_map

    halves = [n for news in version_map(spec.id)[1]["items"].values() for n in news]
    for iid in halves:
        text = spec.text(spec.item(iid).text)
        assert " and " not in text.replace("rare and short", ""), iid   # one question each
        assert spec.text(spec.item(iid).text, "fr") != text, iid           # translated


def test_old_version_answers_are_read_through_the_map(spec, tmp_path):
    old = json.loads((V1 / "01_necessity_feasibility" / "ceo.json").read_text())
    assert old["version"] == 1 and spec.version == 2
    doc = read_answers(V1 / "01_necessity_feasibility" / "ceo.json", spec)
    assert doc["version"] == 2
    assert doc["answers"]["talent_specify"] == doc["answers"]["talent_improve"] == old["answers"]["talent_skills"]
    assert doc["carried_over"]["cap_privacy_rights"] == "cap_privacy_consent"
    assert doc["comments"]["need_cx_friction"] == old["comments"]["need_cx_pain"]
    docs = load_all(V1, spec, "01_necessity_feasibility")
    r = readiness(responses_frame(docs, spec), spec)
    assert r.areas["carried_over"].sum() > 0 and "earlier version" in r.summary_markdown()
    # the weights of the halves add up to the old weight: a carried-over area scores as before
    assert r.areas.set_index("area").loc["experience_impact", "carried_over"] == 8


def test_answering_again_clears_the_carried_over_mark(spec, tmp_path):
    folder = tmp_path / "01_necessity_feasibility"
    shutil.copytree(V1 / "01_necessity_feasibility", folder)
    saved, _ = merge_save(folder / "ceo.json", spec, "ceo", {"answers": {"talent_improve": 2}})
    assert saved["version"] == 2 and "talent_improve" not in saved["carried_over"]
    assert saved["carried_over"]["talent_specify"] == "talent_skills"
    again = read_answers(folder / "ceo.json", spec)
    assert again["answers"]["talent_improve"] == 2 and "talent_operate" in again["carried_over"]


def test_the_demo_answers_are_current(spec):
    docs = load_all(DEMO, spec, "01_necessity_feasibility")
    assert docs and all(d["version"] == spec.version and not d.get("carried_over") for d in docs)
    assert readiness(responses_frame(docs, spec), spec).decision["decision"] == "prepare_first"
