"""A French learner may answer the exercises in French: Kano categories by their French names, KPI statuses in
French, and a « Comment pourrions-nous … ? » question — the notebooks' French text says so."""
from __future__ import annotations

import pandas as pd
import pytest

from sedamkit.stages.exercises import check

PAIRS = pd.DataFrame({"pair": [1, 2, 3, 4],
                      "functional": ["I like it", "I am neutral", "I like it", "It must be that way"],
                      "dysfunctional": ["I dislike it", "I dislike it", "I am neutral", "I can live with it"]})


@pytest.mark.parametrize("answer", [["proportionnelle", "obligatoire", "attractive", "indifférente"],
                                    ["Proportionnelle", "Attente de base", "enchantement", "neutre"],
                                    {"1": "o", "2": "obligatoire", "3": "Attractive", "4": "indifferente"}])
def test_kano_pairs_accept_french_names(answer):
    assert check("04_kano_pairs", answer, pairs=PAIRS).ok


def test_kano_pairs_still_refuse_a_wrong_french_name():
    fb = check("04_kano_pairs", ["obligatoire", "obligatoire", "attractive", "indifférente"], pairs=PAIRS)
    assert not fb.ok


def _status():
    import sedamkit as sk

    plan = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
            "kpis": [{"id": "K1", "kpi": "custom", "name": "Calls", "unit": "n", "direction": "lower",
                      "baseline": 10, "target": 6, "due": "2025-12-31", "dataset": "ops", "columns": ["calls"]}]}
    df = pd.DataFrame({"quarter": ["2025Q2", "2025Q2"], "region": ["N", "S"], "calls": [7.0, 9.0]})
    return sk.evaluation.kpi_status(sk.evaluation.kpi_values(plan, datasets={"ops": df}), plan)


@pytest.mark.parametrize("given", ["en bonne voie", "En bonne voie", "on track", "on_track", "En-bonne-voie"])
def test_kpi_status_accepts_french_and_english(given):
    assert check("05_kpi_status", {"K1": given}, status=_status()).ok


@pytest.mark.parametrize("given", ["atteint", "en retard", "non mesurable"])
def test_a_wrong_french_status_is_judged_not_called_unknown(given):
    fb = check("05_kpi_status", {"K1": given}, status=_status())
    assert not fb.ok and "K1" in fb.message and repr(given) not in fb.message   # judged, not "not a status"


def test_an_unknown_status_is_still_named():
    fb = check("05_kpi_status", {"K1": "super"}, status=_status())
    assert not fb.ok and "'super'" in fb.message


def test_hmw_question_in_french():
    tp = dict(touchpoint="suivi_arrivee", touchpoint_name="Suivi de l'heure d'arrivée")
    assert check("07_hmw_question", "Comment pourrions-nous rendre l'heure d'arrivée vraiment fiable pour les clients ?",
                 **tp).ok
    fb = check("07_hmw_question", "Comment pourrions-nous améliorer le suivi avec une appli ?", **tp)
    assert not fb.ok and "solution" in fb.message.lower()
    fb = check("07_hmw_question", "Améliorer le suivi.", **tp)
    assert not fb.ok
    fb = check("07_hmw_question", "Comment pourrions-nous rendre l'attente moins pénible pour les familles ?",
               touchpoint="facture", touchpoint_name="Facture et paiement")
    assert not fb.ok                                                      # names no word of the touchpoint
