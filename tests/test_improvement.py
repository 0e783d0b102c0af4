"""Stage 06: candidates with their source, the 8.2 headings, quadrant boundaries and ranking ties,
plan changes, versioning (the old plan byte-identical), the diff, validation codes and the checks."""
import json
import shutil

import pandas as pd
import pytest

from sedamkit import improvement as im
from sedamkit import plan as P
from sedamkit.core.errors import SedamError

from conftest import ROOT


# ------------------------------------------------------------------ candidates
def results_fixture():
    return {
        "01_necessity_feasibility": {"blocking_gaps": ["talent", "funding"],
                                     "areas": [{"area": "talent", "title": "Digital talent", "score": 30.0},
                                               {"area": "funding", "title": "Funding", "score": 40.0}]},
        "02_daap": {"readiness": {"ignored_blocking": ["funding"]},
                    "kpis": [{"id": "K1", "kpi": "nps", "elements": ["E5"]}, {"id": "K2", "kpi": "custom", "elements": ["E3"]}],
                    "flags": [{"severity": "high", "code": "PLAN201", "id": "R1", "message": "risk R1 unmitigated", "fix": "mitigate"},
                              {"severity": "high", "code": "PLAN208", "id": "funding", "message": "gap", "fix": "x"},
                              {"severity": "low", "code": "PLAN207", "id": "ethics", "message": "partly", "fix": "x"}]},
        "03_application": {"gaps": [{"rank": 2, "element": "E1", "element_name": "Vision", "dimension": "D1", "reasons": "r"},
                                    {"rank": 1, "element": "E6", "element_name": "Design", "dimension": "D3", "reasons": "r"},
                                    {"rank": 3, "element": "E8", "element_name": "Processes", "dimension": "D4", "reasons": "r"},
                                    {"rank": 4, "element": "E4", "element_name": "Engagement", "dimension": "D2", "reasons": "r"}]},
        "04_customer_experience": {"must_be_weak": [{"feature": "quote", "worst_touchpoint": "invoice", "mean_rating": 2.5}],
                                   "pain_points": [{"touchpoint": "invoice", "name": "Invoice", "mean": 2.0},
                                                   {"touchpoint": "phone", "name": "Phone", "mean": 2.4}]},
        "05_evaluation": {
            "kpis": [{"kpi_id": "K1", "kpi": "nps", "name": "NPS", "status": "off_track", "latest": 10.0, "expected": 20.0, "target": 30},
                     {"kpi_id": "K2", "kpi": "custom", "name": "Calls", "status": "off_track", "latest": 1.0, "expected": 2.0, "target": 3},
                     {"kpi_id": "K3", "kpi": "csat", "name": "CSAT", "status": "not_measurable", "reason": "EVAL103: file missing"},
                     {"kpi_id": "K4", "kpi": "ces", "name": "CES", "status": "met", "latest": 6.0, "target": 5}],
            "approaches": [{"approach": "chatbot", "name": "Chatbot", "poor": True, "weak_on": "suitable,used"},
                           {"approach": "crm_system", "name": "CRM", "poor": False}],
            "mission": {"verdict": "revise", "overall": 55.0, "weak_items": [{"text": "Staff know it"}]},
            "lagging_regions": [{"region": "South", "n_lagging": 3, "kpis": "K1,K2,K4", "gaps": "..."},
                                {"region": "North", "n_lagging": 1, "kpis": "K1", "gaps": "..."}]},
    }


def test_candidates_keep_their_source_and_follow_the_rules():
    c = im.collect_candidates(results_fixture()).set_index("candidate")
    assert c.loc["s01_gap_funding", "source"] == "01_necessity_feasibility"
    assert "s01_gap_talent" not in c.index                              # addressed by the plan
    assert list(c[c.source == "02_daap"].index) == ["s02_flag_plan201_r1"]   # PLAN208 covered by 01, low left out
    assert list(c[c.kind == "element_gap"].ref) == ["E6", "E1", "E8"]  # top 3 by priority rank
    assert list(c[c.kind == "pain_point"].ref) == ["phone"]            # invoice already named by the must-be
    assert "s05_region_south" in c.index and "s05_region_north" not in c.index
    h = c["heading"]
    assert h["s01_gap_funding"] == "business_model"
    assert h["s02_flag_plan201_r1"] == "optimize_daap"
    assert (h["s03_gap_e6"], h["s03_gap_e1"], h["s03_gap_e8"]) == ("customer_centric", "business_model", "internal_system")
    assert h["s04_mustbe_quote"] == h["s04_pain_phone"] == h["s05_region_south"] == "customer_centric"
    assert h["s05_kpi_k1"] == "customer_centric"                       # NPS: a customer KPI
    assert h["s05_kpi_k2"] == "internal_system"                        # custom KPI on E3 (D2)
    assert h["s05_unmeasured_k3"] == h["s05_approach_chatbot"] == "optimize_daap"
    assert h["s05_mission"] == "business_model"
    assert c.index.is_unique and all(i.islower() for i in c.index)


def test_bad_earlier_result_is_imp001_and_empty_results_give_no_candidates():
    with pytest.raises(SedamError) as e:
        im.collect_candidates({"02_daap": {"flags": "oops"}})
    assert e.value.codes == ["IMP001"]
    assert im.collect_candidates({}).empty


# ------------------------------------------------------------------ quadrants and ranking
@pytest.mark.parametrize("impact,effort,want", [
    (3.01, 2.99, "quick_win"), (3.0, 2.0, "fill_in"), (4.0, 3.0, "major_project"), (3.0, 3.0, "thankless"),
    (5, 1, "quick_win"), (float("nan"), 2, "not_scored")])
def test_quadrant_boundaries(impact, effort, want):
    assert im.quadrant(impact, effort) == want


def test_ranking_ties_are_broken_deterministically():
    c = pd.DataFrame({"candidate": ["s05_b", "s05_a", "s02_z", "s04_q", "s01_w", "s03_m", "s03_n"],
                      "source": ["05_evaluation", "05_evaluation", "02_daap", "04_customer_experience",
                                 "01_necessity_feasibility", "03_application", "03_application"],
                      "impact": [4.0, 4.0, 4.0, 5.0, 2.0, 4.5, None],
                      "effort": [2.0, 2.0, 2.0, 3.0, 4.0, 2.5, 1.0]})
    r = im.rank(c)
    # quick wins: s03_m (net 2.0) first; then three ties at net 2, impact 4, effort 2 -> earlier stage, then id
    assert r.candidate.tolist() == ["s03_m", "s02_z", "s05_a", "s05_b", "s04_q", "s01_w", "s03_n"]
    assert r["rank"].tolist() == list(range(1, 8))
    assert r.quadrant.tolist()[-3:] == ["major_project", "thankless", "not_scored"]
    assert im.rank(c.sample(frac=1, random_state=3)).candidate.tolist() == r.candidate.tolist()
    top = im.top_actions(r, top=10)
    assert "s01_w" not in set(top.candidate) and "s03_n" not in set(top.candidate)
    with pytest.raises(SedamError) as e:
        im.top_actions(r, top=-1)
    assert e.value.codes == ["IMP002"]


def test_scores_spec_and_scores(tmp_path):
    c = im.collect_candidates(results_fixture())
    spec = im.scores_spec(c, language="fr")
    assert spec.id == "improvement_scores" and spec.languages == ["en", "fr"]
    assert spec.item_ids[:2] == [f"{c[c.heading == 'optimize_daap'].candidate.iloc[0]}__impact",
                                 f"{c[c.heading == 'optimize_daap'].candidate.iloc[0]}__effort"]
    folder = tmp_path / "06_improvement" / "scores"
    folder.mkdir(parents=True)
    doc = {"questionnaire": "improvement_scores", "version": 1, "respondent": "a",
           "answers": {"s05_kpi_k1__impact": 4, "s05_kpi_k1__effort": 2, "gone_candidate__impact": 5}}
    (folder / "a.json").write_text(json.dumps(doc))
    spec = im.scores_spec(c, answers_dir=tmp_path)
    assert "gone_candidate__impact" in spec.item_ids                   # kept so the file stays valid
    s = im.candidate_scores(c, im.load_scores(tmp_path, spec), spec).set_index("candidate")
    assert (s.loc["s05_kpi_k1", "impact"], s.loc["s05_kpi_k1", "effort"], s.loc["s05_kpi_k1", "n"]) == (4.0, 2.0, 1)
    assert "gone_candidate" not in s.index


# ------------------------------------------------------------------ plan changes and versions
@pytest.fixture(scope="module")
def demo_cycle():
    from sedamkit import evaluation as ev
    from sedamkit.core.config import load_client

    client = load_client(ROOT / "datasets" / "demo")
    results = {}
    for s in im.EARLIER_STAGES:
        results[s] = ev.compute_result(client, s, results=results)
    cand = im.collect_candidates(results)
    spec = im.scores_spec(cand, answers_dir=ROOT / "datasets" / "demo" / "answers")
    ranked = im.rank(im.candidate_scores(cand, im.load_scores(ROOT / "datasets" / "demo" / "answers", spec), spec))
    return results, cand, ranked


def test_demo_ranking_and_changes(demo_cycle):
    results, cand, ranked = demo_cycle
    assert set(cand.source) == set(im.EARLIER_STAGES)                  # every stage contributes
    assert (ranked.quadrant != "not_scored").all()                    # the demo scores every candidate
    assert ranked.candidate.iloc[0] == "s04_mustbe_fixed_price_quote"
    plan = P.load_plan(P.DEMO_PLAN)
    changes = im.propose_changes(im.top_actions(ranked), plan, results)
    kinds = {c["change"] for c in changes}
    assert {"new_phase", "drop_approach", "manual", "update_kpi"} <= kinds
    met = [c for c in changes if c["candidate"] is None]
    assert {c["id"] for c in met} == {"K4", "K7"}
    k7 = next(c for c in met if c["id"] == "K7")["fields"]
    assert k7["target"] < k7["baseline"]                               # lower is better: the next target is lower
    new = im.apply_changes(plan, changes)
    assert new["version"] == 2 and str(new["period"]["end"]) == "2026-12-31"
    assert "chatbot" not in [a if isinstance(a, str) else a["approach"] for p in new["phases"] for a in p["approaches"]
                             if p["id"] == "P3"]
    assert plan["version"] == 1                                        # the input is not changed


def test_versioning_never_changes_the_old_plan(tmp_path, demo_cycle):
    results, _, ranked = demo_cycle
    src = tmp_path / "client_plan.yaml"
    shutil.copyfile(P.DEMO_PLAN, src)
    before = src.read_bytes()
    plan = P.load_plan(src)
    new = im.apply_changes(plan, im.propose_changes(im.top_actions(ranked), plan, results))
    out = tmp_path / "run"
    f = im.write_plan_version(new, src, output_dir=out)
    assert src.read_bytes() == before                                  # the evaluated plan: untouched
    assert (out / "plan" / "plan.yaml").read_bytes() == before         # its byte copy beside the new one
    assert f["new"].endswith("plan.v2.yaml") and f["created"]
    again = im.write_plan_version(new, src, output_dir=out)            # same plan: no duplicate version
    assert not again["created"] and again["new"] == f["new"]
    other = P.update_kpi(new, "K1", {"target": 83})
    assert im.write_plan_version(other, src, output_dir=out)["new"].endswith("plan.v3.yaml")
    assert (out / "plan" / "plan.yaml").read_bytes() == before
    diff = im.plan_diff(f["old"], f["new"])
    assert diff.startswith("--- plan.yaml\n+++ plan.v2.yaml") and "-version: 1" in diff and "+version: 2" in diff
    assert "+  name: Customer satisfaction" not in diff                # defaults do not show as changes


def test_interactive_version_goes_beside_the_working_copy(tmp_path):
    answers = tmp_path / "answers"
    work = answers / "02_daap" / "plan.yaml"
    work.parent.mkdir(parents=True)
    shutil.copyfile(P.DEMO_PLAN, work)
    plan = P.load_plan(work)
    new = P.update_kpi(plan, "K1", {"target": 84})
    f = im.write_plan_version(new, work, output_dir=tmp_path / "out", answers_dir=answers, interactive=True)
    assert f["new"] == str(answers / "02_daap" / "plan.v2.yaml")
    assert work.read_bytes() == P.DEMO_PLAN.read_bytes()
    f = im.write_plan_version(new, work, output_dir=tmp_path / "out2", answers_dir=answers, interactive=False)
    assert f["new"] == str(tmp_path / "out2" / "plan" / "plan.v2.yaml")   # batch: never beside the working copy


def test_bad_change_is_imp004():
    plan = P.load_plan(P.DEMO_PLAN)
    with pytest.raises(SedamError) as e:
        im.apply_changes(plan, [{"change": "update_kpi", "id": "K99", "fields": {"target": 1}, "applied": True}])
    assert e.value.codes[0] == "IMP004" and "PLAN018" in e.value.codes


def test_next_cycle_and_targets():
    assert im.next_cycle({"period": {"start": "2024-03-01", "end": "2024-02-29"}}) == {"start": "2024-03-01",
                                                                                      "end": "2025-02-28"}
    assert im.plan_target(98, 90, 97, "%") == 100.0
    assert im.plan_target(2.5, 3.2, 2.8, "%") == 2.1


def test_cycle_summary_has_the_four_parts(demo_cycle):
    results, _, ranked = demo_cycle
    text = im.cycle_summary(results, ranked, [], None)
    for part in ("Where we started", "What we planned", "What happened", "What changes next"):
        assert f"## {part}" in text
    assert "2 met, 1 on track, 5 off track, 1 not measurable" in text   # K8 (cost per job) is off track


def test_matrix_plot(demo_cycle):
    _, _, ranked = demo_cycle
    ax = im.plot_matrix(ranked)
    assert "QUICK WINS (do first)" in [t.get_text() for t in ax.texts]


# ------------------------------------------------------------------ runner hook
def test_validate_scores(demo_copy):
    from sedamkit.core.config import load_client

    client = load_client(demo_copy)
    im.validate_client_inputs(client, ["06_improvement"])
    f = demo_copy / "answers" / "06_improvement" / "scores" / "ceo.json"
    doc = json.loads(f.read_text())
    doc["answers"]["s05_kpi_k1_impact"] = 3
    doc["answers"]["s05_kpi_k3__effort"] = 0
    f.write_text(json.dumps(doc))
    shutil.copy(f, f.parent.parent / "ceo.json")
    with pytest.raises(SedamError) as e:
        im.validate_client_inputs(client, ["06_improvement"])
    assert sorted(set(e.value.codes)) == ["ANS006", "IMP003"]
    (f.parent / "bad.json").write_text("{not json")
    with pytest.raises(SedamError) as e:
        im.validate_client_inputs(client, ["06_improvement"])
    assert "ANS001" in e.value.codes


# ------------------------------------------------------------------ exercise checks
def test_quick_wins_check(demo_cycle):
    _, _, ranked = demo_cycle
    want = ranked.candidate.head(5).tolist()
    assert im.check_quick_wins(want, ranked).ok
    assert im.check_quick_wins(", ".join(want), ranked).ok
    by_impact = ranked.sort_values(["impact", "candidate"], ascending=[False, True], kind="stable")
    src = ranked.assign(_s=ranked.source.str[:2])
    by_impact = src.sort_values(["impact", "_s", "candidate"], ascending=[False, True, True], kind="stable").candidate.head(5).tolist()
    fb = im.check_quick_wins(by_impact, ranked)
    assert not fb.ok and "impact only" in fb.message
    fb = im.check_quick_wins(list(reversed(want)), ranked)
    assert not fb.ok and "wrong order" in fb.message
    assert not im.check_quick_wins(None, ranked).ok
    assert "Unknown" in im.check_quick_wins(["nope"] * 5, ranked).message


def test_headings_check():
    c = im.collect_candidates(results_fixture())
    sample = c[c.candidate.isin(["s02_flag_plan201_r1", "s05_kpi_k2", "s04_mustbe_quote", "s05_mission"])]
    right = {"s02_flag_plan201_r1": "8.2.2", "s05_kpi_k2": "internal", "s04_mustbe_quote": "Customer-centric service improvement",
             "s05_mission": "business_model"}
    assert im.check_headings(right, sample).ok
    fb = im.check_headings(dict(right, s02_flag_plan201_r1="8.2.3"), sample)
    assert not fb.ok and "programme itself" in fb.message and "8.2.2" not in fb.message   # never the heading
    fb = im.check_headings(dict(right, s05_kpi_k2="8.2.3"), sample)
    assert not fb.ok and "inside" in fb.message and "8.2.4" not in fb.message
    fb = im.check_headings(dict(right, s04_mustbe_quote="8.2.4"), sample)
    assert not fb.ok and "customers experience" in fb.message and "8.2.3" not in fb.message
    assert not im.check_headings({}, sample).ok


# ------------------------------------------------------------------ candidates per stage, from the registry
def test_each_stage_hands_its_own_candidates_in_stage_order():
    from sedamkit.stages import STAGES

    results = results_fixture()
    feeders = [s for s in STAGES if s.candidates]
    assert [s.id for s in feeders] == list(im.EARLIER_STAGES)
    rows = [c for s in feeders for c in s.call("candidates", results)]
    c = im.collect_candidates(results)
    assert list(zip(c.source, c.kind, c.ref)) == [(r["source"], r["kind"], str(r["ref"])) for r in rows]


def test_earlier_stages_come_from_stage06_definition():
    from sedamkit.stages import get, run_order

    s = get("06_improvement")
    assert im.EARLIER_STAGES == tuple(run_order(s.upstream + s.optional_upstream))


# ------------------------------------------------------------------ root cause before dropping (8.2)
def test_an_approach_is_dropped_only_after_its_root_cause_is_written():
    """An approach rated poorly on suitability is dropped only when the plan records why it failed
    (choices: root_cause); without one, the change is a manual step asking for the root cause first."""
    import copy

    import pandas as pd

    from conftest import ROOT
    from sedamkit.stages.daap.api import load_plan

    plan = load_plan(ROOT / "datasets" / "demo" / "plan.yaml")
    with_cause = {c["approach"] for c in plan["choices"] if c.get("root_cause")}
    phased = {a if isinstance(a, str) else a["approach"] for p in plan["phases"] for a in p.get("approaches") or []}
    with_cause_app = sorted(with_cause & phased)[0]
    without = sorted(phased - with_cause)[0]
    actions = pd.DataFrame([{"candidate": f"s05_approach_{a}", "kind": "approach_poor", "ref": a,
                             "title": f"Rethink {a}", "detail": "rated poorly", "quadrant": "quick_win",
                             "weak_on": "suitable", "fix": None} for a in (with_cause_app, without)])
    changes = im.propose_changes(actions, plan, {})
    drop = [c for c in changes if c["change"] == "drop_approach"]
    assert [c["fields"]["approach"] for c in drop] == [with_cause_app] * len(drop) and drop
    assert "root cause:" in drop[0]["reason"]
    manual = [c for c in changes if c["change"] == "manual" and c["id"] == without]
    assert len(manual) == 1 and "root cause first" in manual[0]["reason"] and not manual[0]["applied"]
    new = im.apply_changes(copy.deepcopy(plan), changes)
    still = {a if isinstance(a, str) else a["approach"] for p in new["phases"] for a in p.get("approaches") or []}
    assert without in still and with_cause_app not in still
