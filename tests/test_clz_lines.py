"""The lines notebooks 01-03 print and the clause guide of 03, in English and French (issue #12)."""
from __future__ import annotations

from types import SimpleNamespace as N

import pandas as pd
import pytest

from sedamkit.core.datafiles import load_data
from sedamkit.core.i18n import catalogue
from sedamkit.core.kittext import kit_english, kit_key, kit_text
from sedamkit.stages.application import lines as L
from sedamkit.stages.application.clauses import clause_guide
from sedamkit.stages.application.teams import team_feedback_for
from sedamkit.stages.daap.gaps import gap_check_skipped_note, readiness_markdown
from sedamkit.stages.daap.programme import kpi_measurement_shown
from sedamkit.stages.necessity_feasibility import notes as N01

READY = N(roles={"need": {"mean": 74.06}, "feasibility": {"mean": 47.8}}, respondents=["a", "b"])
READINESS = {"decision": "prepare_first", "overall": 52.6, "blocking_gaps": ["funding"], "weakest": ["funding", "talent"],
             "areas": [{"area": "funding", "title": "Funding *now*"}]}


def test_every_clause_of_the_guide_has_a_french_heading_and_summary():
    cat = catalogue()
    clauses = [c for c in load_data("clauses.yaml")["clauses"] if c.get("summary")]
    assert len(clauses) >= 38 and all(c["doc"] == "19384" for c in clauses)
    for c in clauses:
        n = str(c["clause"])
        for kind, field in (("clause_heading", "heading"), ("clause_summary", "summary")):
            entry = cat[kit_key(kind, n)]
            assert entry["en"] == c[field] and entry.get("fr") and entry["fr"] != entry["en"], (n, kind)
    assert set(kit_english("clause_summary")) == {str(c["clause"]) for c in clauses}


def test_clause_guide_in_english_and_french():
    en, fr = clause_guide().set_index("clause"), clause_guide(language="fr").set_index("clause")
    assert list(en.index) == list(fr.index) and (en["approaches"] == fr["approaches"]).all()
    assert en.at["7.1", "heading"] == "General" and fr.at["7.1", "heading"] == "Généralités"
    assert en.at["7.5.1", "preview"] == "heading only; the kit's own material"
    assert fr.at["7.5.1", "preview"] == "titre seul ; contenu propre au kit"
    assert en.at["7.4.3.3", "preview"].endswith("(working-draft number)")
    assert fr.at["7.4.3.3", "preview"].endswith("(numéro de la version de travail)")
    assert fr.at["7.3.2", "summary"] == kit_text("clause_summary", "7.3.2", "fr") != en.at["7.3.2", "summary"]
    assert clause_guide("4", language="fr").at[0, "heading"] == "Basic principles"   # no kit French: as cited


def test_notebook_01_lines():
    assert N01.readiness_line(READY, "en") == "Need: 74.1 / 100 · feasibility: 47.8 / 100 (respondents: a, b)"
    assert N01.readiness_line(READY, "fr") == "Besoin : 74,1 / 100 · faisabilité : 47,8 / 100 (répondants : a, b)"
    assert N01.area_exercise_line("a", "funding", "en") == "Respondent: a, area: funding"
    assert N01.area_exercise_line("a", "funding", "fr") == "Répondant : a, domaine : funding"
    assert N01.result_written_note("/r/x.json", "en") == "Result written to `/r/x.json`."
    assert N01.result_written_note("/r/x.json", "fr") == "Résultat écrit dans `/r/x.json`."


def test_readiness_markdown_in_english_and_french():
    en = readiness_markdown(READINESS, "result", "en")
    assert en.startswith("From stage 01's result: decision **Prepare first**, overall 53 / 100.")
    assert "**blocking gaps**" in en and "- `funding` — Funding \\*now\\*" in en and "Also weak: `talent`." in en
    fr = readiness_markdown(READINESS, "answers", "fr")
    assert fr.startswith("D'après les réponses de l'étape 01 (") and "décision **Se préparer d'abord**" in fr
    assert "maturité globale 53 / 100." in fr and "Également faibles : `talent`." in fr
    assert readiness_markdown({"decision": "go", "blocking_gaps": []}, language="fr").endswith("Aucun écart bloquant.")
    assert readiness_markdown(None, language="fr").startswith("**Aucun résultat")
    assert readiness_markdown(None).startswith("**No stage 01 result")
    assert gap_check_skipped_note("en") == "No readiness data: the gap check is skipped."
    assert gap_check_skipped_note("fr").startswith("Aucune donnée de maturité")


def test_kpi_measurement_shown_in_english_and_french():
    plan = {"kpis": [{"id": "K1", "kpi": "nps", "owner": "CX lead", "data_source": "survey", "frequency": "monthly"},
                     {"id": "K2", "kpi": "custom", "name": "Calls <b>", "owner": "Ops"}]}
    en, fr = kpi_measurement_shown(plan, "en"), kpi_measurement_shown(plan, "fr")
    assert list(en.columns) == ["KPI", "Name", "Owner", "Data source", "Frequency", "Complete"]
    assert list(fr.columns) == ["Indicateur", "Nom", "Responsable", "Source des données", "Fréquence", "Complet"]
    assert en.iloc[0].tolist() == ["K1", "Net promoter score (NPS)", "CX lead", "survey", "monthly", "yes"]
    assert fr.iloc[0].tolist() == ["K1", "Score de recommandation net (NPS)", "CX lead", "survey", "monthly", "oui"]
    assert fr.iloc[1].tolist() == ["K2", "Calls <b>", "Ops", "—", "—", "non"]        # the client's own name stays


def test_team_feedback_notes_in_english_and_french(tmp_path):
    assert team_feedback_for({"dir": str(tmp_path)}, language="fr")[1].startswith("le client ne désigne aucune")
    (tmp_path / "cx.csv").write_text("quarter,csat,nps\n2025Q1,5,9\n")
    client = {"dir": str(tmp_path), "data": {"cx_survey": "cx.csv"}}
    assert "columns team, branch" in team_feedback_for(client)[1]
    assert "colonnes team, branch" in team_feedback_for(client, language="fr")[1]
    (tmp_path / "cx2.csv").write_text("quarter,branch,csat,nps\n2025Q1,A,5,9\n")
    table, note = team_feedback_for({"dir": str(tmp_path), "data": {"cx_survey": "cx2.csv"}}, language="fr")
    assert note == "les équipes sont la colonne « branch » de l'enquête"
    table.attrs["overall_csat"] = 73.14
    assert L.team_feedback_note(table, note, "fr") == ("Les équipes sont la colonne « branch » de l'enquête. "
                                                       "CSAT de l'organisation en 2025Q1 : **73,1\u00a0%**")
    en_note = team_feedback_for({"dir": str(tmp_path), "data": {"cx_survey": "cx2.csv"}})[1]
    assert L.team_feedback_note(table, en_note, "en") == ("Teams are the survey's 'branch' column. "
                                                          "Organization's CSAT in 2025Q1: **73.1%**")
    assert L.team_feedback_note(None, "no *survey*", "en") == "Section skipped: no \\*survey\\*."
    assert L.team_feedback_note(None, "x", "fr") == "Section ignorée : x."


def test_recognised_and_exercise_lines_in_english_and_french():
    assert L.recognised_note(["A_b"], "en") == "Recognised this period: A\\_b"
    assert L.recognised_note([], "en") == "Recognised this period: none"
    assert L.recognised_note([], "fr") == "Reconnues pour cette période : aucune"
    assert L.coverage_exercise_line("E4", [], ["x"], "en") == "Element E4\nin use: none\nin the plan: x"
    assert L.coverage_exercise_line("E4", ["x"], ["x", "y"], "fr") == "Élément E4\nen usage : x\ndans le programme : x, y"
    row = pd.Series({"maturity": 2, "n_planned": 1})
    weights = {"weakness": 0.4, "importance": 0.35}
    assert L.priority_exercise_line("E1", row, weights, 4.0, "en") == (
        "Element E1: maturity 2, planned approaches 1, weights weakness = 0.4, importance = 0.35, top 4")
    assert L.priority_exercise_line("E1", row, weights, 4.0, "fr") == (
        "Élément E1 : maturité 2, approches prévues 1, pondérations weakness = 0,4, importance = 0,35, maximum 4")


@pytest.mark.parametrize("kind", ["clause_heading", "clause_summary"])
def test_clause_kinds_fall_back_to_english_and_to_the_shown_text(kind):
    assert kit_text(kind, "7.2", "en") == kit_english(kind)["7.2"]
    assert kit_text(kind, "9.9", "fr", shown="Own") == "Own"


def test_gap_reasons_in_english_and_french():
    from sedamkit.stages.application.coverage import gap_list, new_assessment

    en, fr = gap_list(new_assessment()), gap_list(new_assessment(), language="fr")
    assert en["reasons"].iloc[0] == "maturity 0 below 3; nothing in use; no planned approach"
    assert fr["reasons"].iloc[0] == "maturité 0 sous 3 ; rien en usage ; aucune approche prévue"


def test_programme_delivery_shown_in_english_and_french():
    from sedamkit.stages.daap.programme import delivery, delivery_shown

    plan = {"phases": [{"id": "P1", "name": "A", "end": "2025-03-31", "status": "delivered", "budget": 10, "spent": 12},
                       {"id": "P2", "name": "B", "end": "2025-06-30", "budget": 5}]}
    en, fr = delivery_shown(plan, "en", as_of="2025-12-31"), delivery_shown(plan, "fr", as_of="2025-12-31")
    assert en["status"].tolist() == delivery(plan, as_of="2025-12-31")["status"].tolist()
    assert fr["status"].tolist() == delivery(plan, as_of="2025-12-31", language="fr")["status"].tolist()
    assert fr["status"].tolist()[1] != "not recorded" and "2" in fr["status"].tolist()[2]
    assert fr["spent"].tolist()[1] == "—" and fr["spend_ratio"].tolist()[0] == 1.2
