"""Everything a learner reads in French (issue #12): the checks' messages, the stage banner, the live panels.

Each check is run with ``language="fr"`` on a wrong and a right answer; the message must hold no English text of
the catalogue keys the check used (``ui_learn.yaml``), and its decimal numbers must use the decimal comma.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from sedamkit.core import exercises as core
from sedamkit.core import i18n
from sedamkit.stages import exercises as X

from conftest import ROOT

DEMO = ROOT / "datasets" / "demo"
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")   # 62.5 — but not the clause 8.2.3 nor an id


@pytest.fixture
def keys_used(monkeypatch):
    """The catalogue keys looked up while a check runs."""
    used = []
    real = i18n.t

    def spy(key, language="en", **kw):
        used.append(key)
        return real(key, language, **kw)

    monkeypatch.setattr(i18n, "t", spy)
    X.graded_hints(False)
    yield used
    X.graded_hints(None)


def _english_fragments(key) -> list[str]:
    """The fixed English parts of a catalogue text (between its placeholders), those long enough to tell."""
    texts = i18n.catalogue()[key]
    if texts.get("fr") == texts["en"]:
        return []                                            # the same in both languages (a formula)
    parts = re.split(r"\{[^{}]*\}", texts["en"].replace("{{", "").replace("}}", ""))
    return [p.strip(" .,:;—()") for p in parts if len(p.strip(" .,:;—()").split()) >= 3]


def french(used, exercise_id, answer, **context):
    """Run a check in French; assert its message is French and its numbers written the French way."""
    used.clear()
    fb = X.check(exercise_id, answer, language="fr", **context)
    keys = [k for k in used if k.startswith("learn.")]
    assert keys, f"{exercise_id}: the message comes from no catalogue key"
    for k in keys:
        for frag in _english_fragments(k):
            assert frag not in fb.message, f"{exercise_id}: English {frag!r} ({k}) in {fb.message!r}"
    assert not DECIMAL_POINT.search(fb.message), f"{exercise_id}: a decimal point in {fb.message!r}"
    assert core.LANGUAGE == "en"                              # the language is the check's only
    return fb


# ------------------------------------------------------------------------------------------------- the data
@pytest.fixture(scope="module")
def stage01():
    import sedamkit as sk

    ctx = sk.open_stage("01_necessity_feasibility", client_dir=str(DEMO), interactive=False, language="fr")
    spec = ctx.spec("necessity_feasibility")
    responses = ctx.responses(spec)
    who, area = X.pick_area_exercise(responses, spec)
    return responses, spec, who, area, sk.scoring.readiness(responses, spec)


@pytest.fixture(scope="module")
def plan():
    from sedamkit import plan as P

    return P.load_plan(P.DEMO_PLAN)


def test_core_number_check_in_french(keys_used):
    with core.language_of_feedback("fr"):
        right, wrong, empty = (core.check_number(a, 62.5) for a in ("62,5", 70.25, None))
    assert right.ok and right.message == "62,5 est juste." and "70,25" in wrong.message
    assert "Write" not in empty.message and core.LANGUAGE == "en"
    assert core.check_number(70.25, 62.5).message.startswith("70.25 is not it")


def test_stage01_checks_in_french(keys_used, stage01):
    responses, spec, who, area, ready = stage01
    ctx = dict(responses=responses, spec=spec, respondent=who, area=area)
    want = X.expected("01_weighted_area_score", **ctx)["answer"]
    assert not french(keys_used, "01_weighted_area_score", want + 7.3, **ctx).ok
    assert not french(keys_used, "01_weighted_area_score", want / 100, **ctx).ok        # a share
    assert french(keys_used, "01_weighted_area_score", round(want, 1), **ctx).ok
    decision = ready.decision
    assert not french(keys_used, "01_decision", {"decision": "go", "blocking": []}, readiness=ready).ok or \
        not decision["blocking_gaps"]
    assert not french(keys_used, "01_decision", "go", readiness=ready).ok
    assert french(keys_used, "01_decision", {"decision": decision["decision"], "blocking": decision["blocking_gaps"]},
                  readiness=ready).ok


def test_stage02_checks_in_french(keys_used, plan):
    from sedamkit import plan as P

    tab = P.risk_score_parts(plan)
    right = dict(zip(tab.risk_id, tab.score))
    assert french(keys_used, "02_risk_scores", right, plan=plan).ok
    assert not french(keys_used, "02_risk_scores", dict(zip(tab.risk_id, tab.added)), plan=plan).ok
    assert not french(keys_used, "02_risk_scores", {"nope": 1}, plan=plan).ok
    fb = french(keys_used, "02_flagged_risks", [], plan=plan)
    assert not fb.ok and "≥" in fb.message
    assert french(keys_used, "02_flagged_risks", sorted(tab.loc[tab.flagged, "risk_id"]), plan=plan).ok
    readiness = {"decision": "prepare_first", "blocking_gaps": ["talent", "data_collection", "data_analysis",
                                                                 "personalization", "security_privacy"],
                 "weakest": ["personalization", "security_privacy", "data_collection"], "areas": []}
    assert not french(keys_used, "02_ignored_gaps", readiness["blocking_gaps"], plan=plan, readiness=readiness).ok
    assert not french(keys_used, "02_ignored_gaps", ["talent"], plan=plan, readiness=readiness).ok
    assert french(keys_used, "02_ignored_gaps", ["personalization"], plan=plan, readiness=readiness).ok


def test_stage03_checks_in_french(keys_used):
    from sedamkit import application as A
    from sedamkit import plan as P

    a, p = A.load_assessment(A.DEMO_APPLICATION), P.stage_result(P.load_plan(P.DEMO_PLAN))
    ctx = dict(assessment=a, plan=p, element="E4")
    assert french(keys_used, "03_coverage_counts", {"in_use": 2, "planned": 4}, **ctx).ok
    assert not french(keys_used, "03_coverage_counts", {"in_use": 2, "planned": 5}, **ctx).ok
    ctx = dict(assessment=a, plan=p, element="E3")
    assert french(keys_used, "03_priority_score", 70, **ctx).ok
    for wrong in (60, 120, 0.7, 13.5):
        assert not french(keys_used, "03_priority_score", wrong, **ctx).ok
    assert not french(keys_used, "03_recognised_teams", ["x"], table=None).ok


def test_stage04_checks_in_french(keys_used):
    from sedamkit import design

    n = dict(promoters=83, passives=103, detractors=72)
    fb = french(keys_used, "04_nps_from_counts", 4.3, **n)
    assert fb.ok and "4,3" in fb.message
    for wrong in (0.043, -4.3, 32.2, 11):
        assert not french(keys_used, "04_nps_from_counts", wrong, **n).ok
    pairs = pd.DataFrame({"pair": [1, 2, 3, 4],
                          "functional": ["I like it", "I am neutral", "I like it", "It must be that way"],
                          "dysfunctional": ["I dislike it", "I dislike it", "I am neutral", "I can live with it"]})
    assert not french(keys_used, "04_kano_pairs", ["O", "A", "A", "I"], pairs=pairs).ok
    assert not french(keys_used, "04_kano_pairs", ["R", "R", "great", "I"], pairs=pairs).ok
    counts = {"feature": "fixed_price_quote", "A": 33, "O": 84, "M": 164, "I": 52, "R": 4, "Q": 15}
    fb = french(keys_used, "04_worse_coefficient", -0.745, **counts)
    assert fb.ok and "−0,745" in fb.message.replace("-", "−")
    for wrong in (0.745, -0.35, -74.5):
        assert not french(keys_used, "04_worse_coefficient", wrong, **counts).ok
    inputs = design.load_inputs(DEMO)
    ctx = dict(journey=inputs.journey, ratings=inputs.ratings)
    want = X.expected("04_moment_at_risk", **ctx)["answer"]
    assert french(keys_used, "04_moment_at_risk", want, **ctx).ok
    assert not french(keys_used, "04_moment_at_risk", "nowhere", **ctx).ok


def test_stage05_checks_in_french(keys_used):
    from sedamkit import evaluation as ev
    from sedamkit import plan as P
    from sedamkit.core.config import load_client

    pr = P.stage_result(P.load_plan(P.DEMO_PLAN))
    values = ev.kpi_values(pr, load_client(DEMO))
    status = ev.kpi_status(values, pr)
    right = dict(zip(status.kpi_id, status.status))
    ctx = dict(status=status, plan=pr, values=values)
    assert french(keys_used, "05_kpi_status", right, **ctx).ok
    for wrong in (dict(right, K6="met"), dict(right, K2="off track"), dict(right, K9="met"), {"K1": "met"}):
        assert not french(keys_used, "05_kpi_status", wrong, **ctx).ok
    r = status.set_index("kpi_id").loc["K2"]
    assert french(keys_used, "05_expected_value", r.expected, kpi_id="K2", **ctx).ok
    assert not french(keys_used, "05_expected_value", r.target, kpi_id="K2", **ctx).ok


def test_stage06_checks_in_french(keys_used):
    from sedamkit import evaluation as ev
    from sedamkit import improvement as im
    from sedamkit.core.config import load_client

    client, results = load_client(DEMO), {}
    for s in im.EARLIER_STAGES:
        results[s] = ev.compute_result(client, s, results=results)
    cand = im.collect_candidates(results)
    spec = im.scores_spec(cand, answers_dir=DEMO / "answers")
    ranked = im.rank(im.candidate_scores(cand, im.load_scores(DEMO / "answers", spec), spec))
    want = ranked.candidate.head(5).tolist()
    assert french(keys_used, "06_quick_wins", want, ranked=ranked).ok
    assert not french(keys_used, "06_quick_wins", list(reversed(want)), ranked=ranked).ok
    assert not french(keys_used, "06_quick_wins", ["nope"] * 5, ranked=ranked).ok
    sample = cand.drop_duplicates("kind").head(4)
    right = dict(zip(sample.candidate, sample.heading))
    assert french(keys_used, "06_headings", right, candidates=sample).ok
    other = {h: w for h, w in zip(im.HEADINGS, list(im.HEADINGS)[1:] + list(im.HEADINGS)[:1])}
    assert not french(keys_used, "06_headings", {c: other[h] for c, h in right.items()}, candidates=sample).ok


def test_stage07_checks_in_french(keys_used):
    right = X.expected("07_principle_match")["answer"]
    assert french(keys_used, "07_principle_match", right).ok
    assert not french(keys_used, "07_principle_match", {k: "emotional" for k in right}).ok
    assert not french(keys_used, "07_hmw_question", "build an app", touchpoint="arrival_tracking").ok
    option = {"name": "x", "customer": 4, "capability": 4, "sustainability": 2}
    fb = french(keys_used, "07_design_evaluation", {"verdict": "go", "weakest": "customer"}, option=option)
    assert not fb.ok and "3,3" in fb.message
    assert french(keys_used, "07_design_evaluation", {"verdict": "rework", "weakest": "sustainability"},
                  option=option).ok


def test_first_try_hint_is_french_and_never_the_answer(keys_used):
    X.graded_hints(True)
    X.reset_tries()
    try:
        option = {"name": "x", "customer": 4, "capability": 4, "sustainability": 2}
        fb = X.check("07_design_evaluation", {"verdict": "go", "weakest": "customer"}, option=option, language="fr")
        assert fb.message == core.where("07_design_evaluation", "fr") and "rework" not in fb.message
    finally:
        X.reset_tries()


# --------------------------------------------------------------------------------- banner and live panels
def test_the_stage_banner_is_french_for_a_french_client():
    import sedamkit as sk

    ctx = sk.open_stage("02_daap", client_dir=str(ROOT / "datasets" / "hopitaux-estuaire"), interactive=False)
    ctx.upstream("01_necessity_feasibility", required=False)
    text = ctx.summary()
    assert ctx.language == "fr" and "**Étape 02 :**" in text and "article 6.2" in text
    assert "Client :" in text and "mode :" in text and "résultats :" in text
    assert "Laissé de côté :* Nécessité et faisabilité :" in text
    for english in ("**Stage", "**Client:**", "batch (answers", "answers read from", "Left out", "*Note:*"):
        assert english not in text
    en = sk.open_stage("02_daap", client_dir=str(DEMO), interactive=False, language="en").summary()
    assert "**Stage 02:**" in en and "clause 6.2" in en


def test_live_panels_and_batch_notes_are_french():
    import sedamkit as sk

    ctx = sk.open_stage("05_evaluation", client_dir=str(DEMO), interactive=False, language="fr")
    assert ctx.batch_note("answers", "x").startswith("Mode lot : les réponses sont lues dans")
    html = ctx.live_table(pd.DataFrame({"title": ["<b>x</b>"], "n": [3], "mean": [3.25], "sd": [0.5]})).to_html()
    assert "moyenne" in html and "3,2" in html and "0,5" in html and "&lt;b&gt;" in html and "<b>x" not in html
    assert ctx.text("learn.live.all_respondents").startswith("En direct")


def test_stage04_inputs_summary_is_french_for_a_french_client():
    from sedamkit import design
    from sedamkit.core.config import load_client

    text = design.load_inputs(load_client(ROOT / "datasets" / "hopitaux-estuaire"))._repr_markdown_()
    assert "| donnée | fichier | taille |" in text and "lignes" in text and "*Laissé de côté :*" in text
    assert "Left out" not in text and " rows" not in text


def test_the_labels_follow_the_checks_language(keys_used):
    fb = X.check("07_design_evaluation", {"verdict": "go"}, option={"name": "x", "customer": 4, "capability": 4,
                                                                     "sustainability": 2}, language="fr")
    assert "Pas encore" in fb._repr_html_() and "Not yet" not in repr(fb)
