"""Tables notebooks show in the client's language: notebook 02's plan flags (the report's French sentences, with
what each flag is about named; English keeps the rules' own texts; stage 06 still reads plan_flags' data), the
delivery sentence, and stage 05's "not measurable" reasons (code kept)."""
from __future__ import annotations

import sedamkit as sk


def _flags(language):
    ctx = sk.open_stage("02_daap", interactive=False, language=language)
    plan = sk.plan.load_plan(ctx.client_file("plan", "plan.yaml"))
    readiness, _ = sk.plan.readiness_input(ctx)
    flags = sk.plan.plan_flags(plan, readiness)
    return flags, sk.plan.flags_shown(flags, plan, readiness, language)


def test_french_flags_are_french_and_name_what_they_are_about():
    data, shown = _flags("fr")
    assert len(shown) == len(data) > 3 and list(shown["code"]) == list(data["code"])
    english = ("has no", "is not", "write how", "add a KPI", "change the plan", "answer the")
    for text in list(shown["message"]) + list(shown["fix"]):
        assert not any(e in text for e in english), text
    assert not shown["message"].str.contains(r"\b[a-z]+_[a-z_]+\b", regex=True).any()   # no ids as names
    assert data["message"].tolist() != shown["message"].tolist()                         # the data is untouched


def test_english_flags_keep_the_rules_texts():
    data, shown = _flags("en")
    assert shown is data or shown.equals(data)


def test_the_delivery_sentence_agrees_in_french_in_notebook_and_report():
    from sedamkit.core.prose import Prose
    from sedamkit.stages.daap.programme import delivered_text

    fr = Prose("fr")
    assert delivered_text(fr, 2, 1) == "1 phase sur 2 attendue à ce jour a été livrée."   # not "1 phases sur 2"
    assert delivered_text(fr, 3, 2) == "2 phases sur 3 attendues à ce jour ont été livrées."
    assert delivered_text(Prose("en"), 1, 1) == "1 of 1 phase due so far has been delivered."


def test_not_measurable_reasons_keep_their_code_and_speak_french():
    import pandas as pd

    values = pd.DataFrame({"kpi_id": ["K1", "K2"], "name": ["Calls", "CSAT"], "measurable": [False, True],
                           "reason": ["EVAL104: dataset 'ops' has no column(s) calls", ""]})
    fr = sk.evaluation.not_measurable(values, "fr")
    assert fr.values.tolist() == [["K1", "Calls", "EVAL104 : le jeu de données « ops » n'a pas de colonne calls"]]
    en = sk.evaluation.not_measurable(values, "en")
    assert en["reason"].tolist() == ["EVAL104: dataset 'ops' has no column(s) calls"]
