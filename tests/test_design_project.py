"""Companion 07 (ISO/TS 24082 clauses 4 and 5): the builders read the client's data, the checks give
specific feedback, bad input gets a coded problem."""
import pandas as pd
import pytest

from sedamkit.core.errors import SedamError
from sedamkit.stages.design_project import api as dp
from sedamkit.stages.design_project.exercises import SITUATIONS
from sedamkit.stages.exercises import check


@pytest.fixture(scope="module")
def demo():
    return dp.load_demo()


def test_four_principles_with_their_clauses():
    t = dp.principles_table()
    assert list(t.clause) == ["4.2", "4.3", "4.4", "4.5"]


def test_self_check_scores_and_flags_the_weak_principle():
    r = dp.self_check({1: 5, 2: 5, 3: 1, 4: 2, "7": "4"}).set_index("principle")
    assert r.loc["emotional", "score"] == 100 and not r.loc["emotional", "weak"]
    assert r.loc["adaptive", "score"] == 12.5 and r.loc["adaptive", "weak"]
    assert r.loc["co_creative", "n_answered"] == 0 and pd.isna(r.loc["co_creative", "score"])
    assert r.loc["consistent", "score"] == 75


@pytest.mark.parametrize("bad", [{1: 6}, {1: 2.5}, {1: "yes"}, {9: 3}, {True: 3}])
def test_self_check_refuses_bad_answers_with_a_code(bad):
    with pytest.raises(SedamError) as e:
        dp.self_check(bad)
    assert e.value.problems[0].code == "DES001"


def test_plan_is_scoped_on_the_clients_weakest_stage(demo):
    w = dp.weakest_stage(demo)
    curve = dp._curve(demo).dropna(subset=["mean"])
    assert w["mean"] == pytest.approx(curve.groupby("stage")["mean"].mean().min())
    for weeks in (6, 7, 8, 12, 20):
        plan = dp.project_plan(demo, weeks=weeks)
        assert plan.weeks.sum() == weeks and (plan.weeks >= 1).all()
    assert "Iterate" in set(plan.phase)                      # time for iteration is planned (5.2, 5.1.2)
    assert w["stage_name"] in plan.attrs["scope"] and w["touchpoint_name"] in plan.attrs["scope"]


def test_persona_and_empathy_map_come_from_the_data(demo):
    who = dp.persona(demo)
    assert who["customer_type"] == demo.kano_survey.customer_type.value_counts().index[0]
    assert who["channel"] == demo.cx_survey.channel.value_counts().index[0]
    em = dp.empathy_map(demo)
    assert list(em.quadrant) == ["says", "thinks", "does", "feels"]
    assert who["channel"] in em.set_index("quadrant").loc["does", "evidence"]


def test_challenge_puts_moments_of_truth_first_and_asks_open_questions(demo):
    ch = dp.design_challenge(demo)
    assert ch["hmw"] and all(q.startswith("How might we") and q.endswith("?") for q in ch["hmw"])
    tps = demo.journey.touchpoints.set_index("touchpoint")
    flags = [bool(tps.loc[t, "moment_of_truth"]) for t in ch["touchpoints"]]
    assert flags == sorted(flags, reverse=True)
    w = dp.weakest_stage(demo)
    assert w["stage_name"] in ch["problem"] and w["stage_name"] in ch["ideal"]


def test_value_proposition_rests_on_the_kano_categories(demo):
    from sedamkit.stages.customer_experience.analysis import kano_categories

    s = kano_categories(demo).set_index("feature")
    v = dp.value_proposition(demo)
    assert all(s.loc[f, "category"] == "M" for f in v["basics"])
    assert all(s.loc[f, "category"] == "A" for f in v["delighter"])
    assert demo.client["name"] in v["statement"]


@pytest.mark.parametrize("scores,verdict,weakest", [
    ((4, 4, 4), "go", "customer"), ((5, 2, 3), "rework", "capability"), ((2, 2, 5), "drop", "customer"),
    ((3, 3, 3), "go", "customer")])
def test_evaluation_needs_every_perspective(scores, verdict, weakest):
    r = dp.evaluate_design(dict(zip(dp.PERSPECTIVES, scores)))
    assert (r["verdict"], r["weakest"]) == (verdict, weakest)


@pytest.mark.parametrize("bad", [{"customer": 4, "capability": 4}, {"customer": 4, "capability": 0, "sustainability": 3},
                                 {"customer": "high", "capability": 4, "sustainability": 3}])
def test_evaluation_refuses_incomplete_options(bad):
    with pytest.raises(SedamError) as e:
        dp.evaluate_design(bad)
    assert e.value.problems[0].code == "DES002"


def test_principle_match_feedback_names_the_mismatch():
    right = {k: want for k, (_, want) in SITUATIONS.items()}
    assert check("07_principle_match", right).ok
    assert check("07_principle_match", {**right, "a": "4.3"}).ok          # clause numbers work too
    fb = check("07_principle_match", {**right, "a": "emotional"})
    assert not fb.ok and fb.message.startswith("a: not emotional")
    assert "situation(s) b, d" in check("07_principle_match", {"a": "adaptive", "b": "x", "c": "emotional"}).message


def test_hmw_check_catches_closed_or_vague_questions():
    ok = "How might we make the arrival time something customers can rely on?"
    assert check("07_hmw_question", ok, touchpoint="arrival_tracking", touchpoint_name="Arrival-time tracking").ok
    fb = check("07_hmw_question", "How might we fix arrival tracking by using an app?", touchpoint="arrival_tracking")
    assert not fb.ok and "solution open" in fb.message
    fb = check("07_hmw_question", "Make tracking better.", touchpoint="arrival_tracking")
    assert not fb.ok and "How might we" in fb.message and "question mark" in fb.message
    fb = check("07_hmw_question", "How might we make waiting at home less stressful for busy people?",
               touchpoint="invoice_payment", touchpoint_name="Invoice and payment")
    assert not fb.ok and "Name the touchpoint" in fb.message


def test_design_evaluation_check_recognises_averaging():
    option = {"customer": 5, "capability": 2, "sustainability": 4}
    assert check("07_design_evaluation", {"verdict": "rework", "weakest": "capability"}, option=option).ok
    fb = check("07_design_evaluation", {"verdict": "go", "weakest": "capability"}, option=option)
    assert not fb.ok and "averag" in fb.message


def test_idea_pipeline_keeps_the_evidence_and_fixes_weak_delighters_first(demo):
    from sedamkit.stages.customer_experience.analysis import kano_categories
    from sedamkit.stages.customer_experience.innovation import idea_pipeline

    p = idea_pipeline(demo)
    assert set(p.source) <= {"delighter", "new touchpoint", "rethink"} and p.evidence.str.len().gt(0).all()
    s = kano_categories(demo)
    assert (p.source == "delighter").sum() == (s.category == "A").sum()
    curve = dp._curve(demo).set_index("touchpoint")["mean"]
    for f in s.loc[s.category == "A", "feature"].astype(str):
        tps = demo.links.get(f) or []
        weak = any(curve.get(t, 5) < demo.journey.scale["neutral"] for t in tps)
        row = p[p.idea.str.contains(f.replace("_", " "))].iloc[0]
        assert ("reliably" in row.idea) == weak


def test_the_model_figure_has_five_steps_and_the_kit_map_leaves_out_teaching_notebooks():
    import matplotlib

    matplotlib.use("Agg")
    from sedamkit.core.model import MODEL_STEPS
    from sedamkit.methods import plots
    from sedamkit.stages import STAGES

    assert [s[0] for s in MODEL_STEPS] == [1, 2, 3, 4, 5]
    assert "04_customer_experience" in MODEL_STEPS[2][3]           # 7.4 sits inside application
    ax = plots.sedam_map(STAGES)
    numbers = [t.get_text() for t in ax.texts if t.get_text().isdigit()]
    assert numbers == ["1", "2", "3", "4", "5", "6"]
    ax = plots.sedam_model()
    assert "five steps" in ax.get_title()
