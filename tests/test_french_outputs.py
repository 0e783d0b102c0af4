"""Issue #12: what stages 04–07 print into their executed notebooks is French in a French run.

One module-scoped run of the demo in French (stages 04–06 through the runner, companion 07 through
``run_notebook`` with the same parameters); every visible output text is collected, every string that
comes from the demo client's own files (its YAML and CSV text values) is removed, and what is left must
hold no English sentence the kit made. Unit tests check each function that got a ``language``.
"""
from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo"

#: English words that mark a sentence (as /work/notes/scan_en.py counts them); two in a line = English.
EN = set("the and of to is are with for this that from not you your each which be has have was were will no yet "
         "run these there their what when how".split())
#: Names and words the kit keeps in any language (methods, scores, file names).
ALLOWED = {"nps", "csat", "ces", "vader", "kano", "holm", "better", "worse", "yaml", "json", "csv", "md"}


# ------------------------------------------------------------------------------------------ the run
@pytest.fixture(scope="module")
def french_notebooks(tmp_path_factory):
    from sedamkit.delivery import runner

    base = tmp_path_factory.mktemp("fr")
    # stages 04–06 read 02's result from the run: 01–03 run first, then 04–06 reuse them (as --from does)
    first = runner.run_client(DEMO, runs_root=base / "first", stages=["01", "02", "03"], progress=False, log=None,
                              report=False, pdf=False, extra_parameters={"language": "fr"})
    run_dir = runner.run_client(DEMO, runs_root=base / "runs", stages=["04", "05", "06"], progress=False, log=None,
                                report=False, pdf=False, extra_parameters={"language": "fr"}, from_run=first)
    nb_dir = Path(run_dir) / "notebooks"
    out07 = nb_dir / "07_design_project.ipynb"
    runner.run_notebook(ROOT / "notebooks" / "07_design_project.ipynb", out07,
                        {"client_dir": str(DEMO), "interactive": False, "language": "fr",
                         "output_dir": str(base / "out07"), "answers_dir": str(base / "answers07")})
    return {p.name[:2]: nbformat.read(p, as_version=4) for p in sorted(nb_dir.glob("0[4-7]_*.ipynb"))}


def _visible(output) -> list[str]:
    """The texts a learner sees in one output: table cells one by one, Markdown and stream lines."""
    d = output.get("data", {})
    if "text/html" in d:
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", d["text/html"], flags=re.S)
        rest = re.sub(r"<table.*?</table>", " ", d["text/html"], flags=re.S)
        return [html.unescape(re.sub(r"<[^>]+>", " ", c)) for c in cells] + \
            html.unescape(re.sub(r"<[^>]+>", " ", rest)).splitlines()
    if "text/markdown" in d:
        return d["text/markdown"].splitlines()
    if "text/plain" in d and "image/png" not in d:
        return d["text/plain"].splitlines()
    if output.get("output_type") == "stream":
        return output.get("text", "").splitlines()
    return []


def _client_strings() -> list[str]:
    """Every text value of the demo client's own files (YAML and CSV), longest first."""
    out = set()

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                walk(k)
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str) and len(x.strip()) > 2:
            out.add(x.strip())

    for f in DEMO.rglob("*.yaml"):
        walk(yaml.safe_load(f.read_text(encoding="utf-8")))
    for f in DEMO.rglob("*.csv"):
        with f.open(encoding="utf-8") as fh:
            for row in csv.reader(fh):
                walk(row)
    return sorted(out, key=len, reverse=True)


def _strip_client(line: str, client: list[str]) -> str:
    """``line`` without the client's own words: whole values, a value cut short with "..." in a table, and
    a piece of a value on a line of its own (a wrapped YAML line of a plan diff)."""
    line = line.replace("\\", "")
    core = line.strip().strip("“”«»\"' ")
    if core.endswith(("...", "…")):
        head = core.rstrip(".…").strip()
        if len(head) > 5 and any(s.startswith(head) or head in s for s in client):
            return ""
    piece = re.sub(r"^[\s+\-]*[a-z_]+:\s*", "", core).strip()
    if len(piece) > 12 and any(piece in s for s in client):
        return ""
    for s in client:
        if (len(s) >= 8 or " " in s) and s in line:   # whole values (short codes and words stay: they may be the kit's)
            line = line.replace(s, " ")
    return line


def _english_lines(nb, client) -> list[str]:
    bad = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        for o in c.get("outputs", []):
            for line in _visible(o):
                rest = _strip_client(line, client)
                rest = re.sub(r"`[^`]*`|/\S+", " ", rest)              # paths and code spans
                words = [w for w in re.findall(r"[A-Za-z']+", rest.lower()) if w not in ALLOWED]
                if sum(w in EN for w in words) >= 2:
                    bad.append(f"c{i}: {line.strip()[:160]}")
    return bad


@pytest.mark.parametrize("nb_id", ["04", "05", "06", "07"])
def test_no_kit_made_english_in_a_french_run(french_notebooks, nb_id):
    assert nb_id in french_notebooks, f"notebook {nb_id} did not run"
    client = _client_strings()
    bad = _english_lines(french_notebooks[nb_id], client)
    assert not bad, "English left in notebook " + nb_id + ":\n" + "\n".join(bad)


def test_french_run_speaks_french(french_notebooks):
    text = "\n".join(line for nb in french_notebooks.values() for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []) for line in _visible(o))
    for want in ("Moments de vérité en danger", "Comment pourrions-nous", "Verdict : revoir les points faibles",
                 "l'humeur baisse de", "Ce qui change ensuite"):
        assert want in text, want
    assert "respondent(s)" not in text and "drops by -" not in text
    assert not re.search(r"\d\.\d{2} points", text.split("Ce qui change ensuite")[0]), "decimal comma in French"


# ------------------------------------------------------------------------------------------ units
def test_prose_numbers_plural_and_fill():
    from sedamkit.core.prose import Prose, fill

    fr = Prose("fr")
    assert fr.count("frx.respondents", 3) == "3 répondants" and fr.count("frx.respondents", 0) == "0 répondant"
    assert Prose("en").count("frx.respondents", 1) == "1 respondent"
    assert fill("{mean:.2f} / {share:.0%}", {"mean": 1.5, "share": 0.25}, "fr") == "1,50 / 25\u00a0%"
    assert fill("{unknown} {mean:.1f}", {"mean": 2}, "en") == "{unknown} 2.0"


def test_stage04_findings_and_texts_in_both_languages():
    from sedamkit.stages.customer_experience import api as cx
    from sedamkit.stages.customer_experience.texts import notebook_text

    inputs = cx.load_inputs(cx.DEMO_CLIENT)
    res = cx.stage_result(inputs)
    en, fr = cx.findings(res, "en"), cx.findings(res, "fr")
    assert len(en) == len(fr) and res["findings"] == en
    assert any("Holm-adjusted p" in f for f in en) and any("ajusté par la méthode de Holm" in f for f in fr)
    assert not any(re.search(r"\d\.\d", f) for f in fr) and fr[0].startswith("T4 2025 : NPS 29,9")
    assert notebook_text("moments_at_risk", "en") == "**Moments of truth at risk** (below the target)"
    assert cx.reliability(inputs.cx_survey, language="fr")["reason"].startswith("les données n'ont pas")
    ideas = cx.idea_pipeline(inputs, "fr")
    assert len(ideas) == len(cx.idea_pipeline(inputs)) and ideas["idea"].str.contains("point de contact|Repenser|Rendre|Proposer").all()
    assert list(ideas["source"].unique()) == list(cx.idea_pipeline(inputs)["source"].unique())   # kinds stay ids
    labels = [d["label"] for d in cx.delight(inputs, language="fr").values()]
    assert labels and all("Very" not in x and "Would" not in x for x in labels)


def test_stage05_texts():
    from sedamkit.core.spec import load_spec
    from sedamkit.stages.evaluation import api as ev

    spec = load_spec("mission_review")
    docs = [{"respondent": r, "answers": {i: 3 for i in spec.item_ids}} for r in ("a", "b")]
    review = ev.mission_review(docs, spec, {"text": "Fix *it*", "source": "client.yaml"}, "fr")
    text = review.summary_markdown()
    assert "**Verdict : revoir les points faibles**" in text and "d'après 2 répondants" in text and "(s)" not in text
    assert r"Fix \*it\*" in text                                          # client text escaped
    en = ev.mission_review(docs, spec, {"text": "Fix it", "source": "client.yaml"}).summary_markdown()
    assert "from 2 respondents." in en
    assert ev.status_word("off_track", "fr") == "en retard"
    assert ev.mission_line({"text": "M", "source": None}, "fr") == "> **Mission revue** (source : aucune) : M"
    assert ev.result_line({"status_counts": {"met": 1}, "poorly_rated": ["Chatbot and virtual assistant"]}, "r.json", "fr") \
        == "Résultat écrit dans `r.json` — statuts : 1 atteint ; mal notées : Agent conversationnel et assistant virtuel."


def test_stage05_status_table_in_french():
    import pandas as pd

    from sedamkit.stages.evaluation import api as ev

    status = pd.DataFrame([{"kpi_id": "K1", "name": "CSAT", "unit": "%", "direction": "higher", "baseline": 70.0,
                            "target": 80.0, "latest_period": "2025Q4", "latest": 1234.5, "expected": 75.0, "change": 4.5,
                            "significant": True, "status": "on_track", "reason": ""}])
    fr = ev.status_table(status, "fr")
    assert list(fr.columns)[0] == "Indicateur" and fr.iloc[0]["statut"] == "➚ en bonne voie"
    assert fr.iloc[0]["dernière valeur"] == "1\u202f234,5 (T4 2025)" and fr.iloc[0]["au-delà de l'incertitude"] == "oui"
    assert ev.status_table(status).iloc[0]["status"] == "➚ on track"                # English as before


def test_stage06_texts():
    import pandas as pd

    from sedamkit.stages.improvement import api as im
    from sedamkit.stages.improvement.texts import candidate_titles, heading_title

    cands = pd.DataFrame([{"candidate": "s03_gap_e6", "source": "03_application", "kind": "element_gap", "ref": "E6",
                           "title": "Close the gap in E6 Designing", "quadrant": "quick_win"}])
    assert candidate_titles(cands, {}, "en") == ["Close the gap in E6 Designing"]
    assert candidate_titles(cands, {}, "fr") == ["Combler l'écart sur « Concevoir et renouveler des expériences client remarquables »"]
    assert heading_title("optimize_daap", "en") == "Optimizing the DAAP (8.2.2)"
    assert im.candidates_line(cands, "fr") == "**1 piste** — par étape d'origine : 03: 1"
    assert im.result_line({"n_candidates": 2, "quick_wins": ["a"], "changes": []}, "r.json", "en") == \
        "Result written to `r.json` — 2 candidates, 1 quick win, 0 plan changes."
    changes = [{"candidate": None, "change": "update_kpi", "id": "K4", "fields": {"target": 93.6}, "old": {"target": 89},
                "applied": True, "reason": "K4 met its target: the next target is one planned step further"}]
    t = im.changes_table(changes, cands, "fr")
    assert t.iloc[0]["pourquoi"].startswith("K4 a atteint sa cible") and t.iloc[0]["ce qui change"] == "cible : 89 → 93,6"
    assert im.changes_table(changes, cands).iloc[0]["why"] == changes[0]["reason"]


def test_stage06_cycle_summary_in_french():
    from sedamkit.stages.improvement import api as im

    results = {"01_necessity_feasibility": {"overall": 48.2, "decision": "prepare_first", "blocking_gaps": ["funding"]},
               "05_evaluation": {"as_of": "2025Q4", "status_counts": {"met": 1, "off_track": 2},
                                 "lagging_regions": [{"region": "South", "n_lagging": 3}]}}
    fr = im.cycle_summary(results, language="fr", client_name="Acme")
    assert "# Acme — un cycle d'excellence de service" in fr and "décision **se préparer d'abord**" in fr
    assert "Indicateurs au T4 2025 : 1 atteint, 0 en bonne voie, 2 en retard, 0 non mesurable." in fr
    assert "Région en retrait : South." in fr
    en = im.cycle_summary(results, client_name="Acme")
    assert "- Lagging region: South." in en and "(s)" not in en and "decision **prepare first**" in en


def test_move_reasons_follow_the_language():
    from sedamkit import journey as jr
    from sedamkit.stages.customer_experience import api as cx

    inputs = cx.load_inputs(cx.DEMO_CLIENT)
    en = jr.suggest_moves(inputs.journey, inputs.ratings)
    fr = jr.suggest_moves(inputs.journey, inputs.ratings, language="fr")
    assert list(en["move"]) == list(fr["move"])
    assert not any("drops by -" in r for r in en["reason"]) and any("falls by" in r for r in en["reason"])
    assert all(not re.search(r"\d\.\d", r) for r in fr["reason"])


def test_design_project_in_french():
    from sedamkit.stages.design_project import api as dp

    inputs = dp.load_demo()
    ch = dp.design_challenge(inputs, language="fr")
    assert ch["hmw"] and all(q.startswith("Comment pourrions-nous") and q.endswith(" ?") for q in ch["hmw"])
    assert ch["touchpoints"] == dp.design_challenge(inputs)["touchpoints"]
    assert dp.design_challenge(inputs)["hmw"][0].startswith("How might we")
    assert " et " in dp.value_proposition(inputs, language="fr")["statement"]
    plan = dp.project_plan(inputs, language="fr")
    assert plan["phase"].iloc[0] == "Planifier et organiser" and plan.attrs["scope"].startswith("Repenser l'étape")
    assert list(plan["weeks"]) == list(dp.project_plan(inputs)["weeks"])
    assert dp.empathy_map(inputs, language="fr")["source"].iloc[1] == "enquête de Kano"
    assert dp.principles_table("fr")["principle"].tolist()[0] == "Émotionnel"
    assert dp.self_check({1: 1, 2: 1}, "fr")["next_step"].iloc[0].startswith("à travailler en premier")
    assert dp.design_process("fr")["activity"].iloc[-1] == "Évaluer la conception"
    assert len(dp.perspective_lines("fr")) == 3 and dp.perspective_lines("en")[0].startswith("5.7.2 Customer perspective:")
    assert dp.model_question("Online booking", "fr").startswith("Comment pourrions-nous")
    from sedamkit.stages.exercises import check
    assert check("07_hmw_question", dp.model_question("Online booking", "fr"), touchpoint="online_booking",
                 touchpoint_name="Online booking").ok


def test_programme_delivery_in_french_without_plural_jargon():
    from sedamkit.stages.daap.programme import delivery

    plan = {"phases": [{"id": "P1", "name": "A", "end": "2025-03-31", "status": "delivered"},
                       {"id": "P2", "name": "B", "end": "2025-04-30"}]}
    fr = delivery(plan, as_of="2025-06-30", language="fr").set_index("phase")["status"]
    assert fr["P1"] == "livrée" and fr["P2"] == "non renseigné"
    assert fr["total"] == "1 phase sur 2 attendue à ce jour a été livrée."
    en = delivery(plan, as_of="2025-06-30").set_index("phase")["status"]
    assert en["P1"] == "delivered" and "(s)" not in en["total"]


def test_left_out_parts_are_said_in_the_notebook_language():
    from sedamkit.stages.customer_experience import api as cx

    fr = cx.load_inputs(ROOT / "datasets" / "brightlane", "fr")
    assert fr.note("ratings").startswith("pas de notes des points de contact")
    assert "Laissé de côté" in fr._repr_markdown_()
    assert cx.load_inputs(ROOT / "datasets" / "brightlane").note("ratings").startswith("no touchpoint ratings")


# ------------------------------------------------------------------------------------------ one-word leftovers
#: Kit-made English that the two-word scan cannot see: the IPA quadrants, the Kano answer grid's labels, the
#: Kano category names of the summary table and the sentiment words of the comments VADER misread.
SHORT_ENGLISH = {"04": {"Concentrate here", "Keep up the good work", "Low priority", "Possible overkill", "like",
                        "must-be", "neutral", "live with", "dislike", "functional \\ dysfunctional",
                        "one-dimensional", "indifferent", "reverse", "questionable", "positive", "negative"}}


def _cells(nb) -> list[str]:
    """Every table cell and plain-text token run a notebook shows (HTML cells, and plain text split on 2+ spaces)."""
    out = []
    for c in nb.cells:
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            d = o.get("data", {})
            if "text/html" in d:
                out += [html.unescape(re.sub(r"<[^>]+>", " ", x)).strip()
                        for x in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", d["text/html"], flags=re.S)]
            if "text/plain" in d and "image/png" not in d:
                out += [x.strip() for line in d["text/plain"].splitlines() for x in re.split(r"\s{2,}", line)]
    return out


def test_ipa_quadrants_and_the_kano_answer_grid_are_french(french_notebooks):
    cells = _cells(french_notebooks["04"])
    left = sorted(SHORT_ENGLISH["04"] & set(cells))
    assert not left, f"English table words in notebook 04: {left}"
    for want in ("Concentrer les efforts ici", "j'aime", "je m'en accommode", "fonctionnelle \\ dysfonctionnelle",
                 "obligatoire", "indifférente", "neutre"):
        assert want in cells, want


def test_ipa_and_answer_grid_keep_english_and_the_data():
    import pandas as pd

    from sedamkit import cx as sk_cx
    from sedamkit.stages.customer_experience import api as cx

    df = pd.DataFrame({"item": ["a", "b", "c", "d"], "importance": [4.6, 4.2, 2.1, 2.5],
                       "performance": [2.4, 4.1, 4.4, 2.0]})
    table = sk_cx.ipa(df, crosshair="midpoint")
    assert sk_cx.ipa_shown(table, "en") is table
    fr = sk_cx.ipa_shown(table, "fr")
    assert list(fr["quadrant"]) == ["Concentrer les efforts ici", "Maintenir le bon travail", "Faible priorité",
                                    "Effort peut-être excessif"]
    assert list(table["quadrant"])[0] == "Concentrate here"                        # the data is not touched
    inputs = cx.load_inputs(cx.DEMO_CLIENT)
    feature = cx.focus_feature(inputs.categories)
    en, fr = cx.answer_grid(inputs.categories, feature), cx.answer_grid(inputs.categories, feature, "fr")
    assert list(en.columns) == ["like", "must-be", "neutral", "live with", "dislike"]
    assert en.index.name == "functional \\ dysfunctional"
    assert list(fr.columns) == ["j'aime", "c'est normal", "neutre", "je m'en accommode", "je n'aime pas"]
    assert fr.values.tolist() == en.values.tolist()                              # counts and letters as they were
    summary = pd.DataFrame({"feature": ["a", "b"], "category": ["M", "I"], "category_name": ["must-be", "indifferent"]})
    assert cx.kano_summary_shown(summary, "en") is summary
    assert cx.kano_summary_shown(summary, "fr")["category_name"].tolist() == ["obligatoire", "indifférente"]
    scored = pd.DataFrame({"touchpoint": ["t", "t"], "comment": ["ok", "fine"], "sentiment": ["neutral", "positive"],
                           "compound": [0.0, 0.5], "rating": [1, 2]})
    assert set(cx.sentiment_misses(scored)["sentiment"]) == {"neutral", "positive"}
    assert set(cx.sentiment_misses(scored, language="fr")["sentiment"]) == {"neutre", "positif"}


def test_stage06_change_reasons_and_new_phase_names_in_french():
    import pandas as pd

    from sedamkit.stages.improvement import api as im
    from sedamkit.stages.improvement.texts import change_reason
    from sedamkit.core.prose import Prose

    plan = {"id": "P", "title": "T", "mission": "m", "period": {"start": "2025-01-01", "end": "2025-12-31"},
            "goals": [{"id": "G1", "text": "g", "elements": ["E6"]}],
            "kpis": [{"id": "K1", "kpi": "csat", "name": "CSAT", "unit": "%", "direction": "higher", "baseline": 70,
                      "target": 80, "due": "2025-12-31", "goals": ["G1"], "elements": ["E6"]},
                     {"id": "K2", "kpi": "custom", "name": "Calls", "unit": "n", "direction": "higher", "baseline": 1,
                      "target": 2, "due": "2025-12-31", "elements": ["E6"]}],
            "phases": [{"id": "P1", "name": "One", "start": "2025-01-01", "end": "2025-06-30",
                        "approaches": ["chatbot", "kpi_dashboard"]}],
            "choices": [{"approach": "chatbot", "reason": "r", "root_cause": "introduced without training"}],
            "risks": []}
    results = {"05_evaluation": {"kpis": [{"kpi_id": "K1", "status": "off_track", "latest": 72.0, "expected": 76.0,
                                           "target": 80, "baseline": 70}]},
               "02_daap": {"kpis": plan["kpis"], "goals": plan["goals"], "phases": plan["phases"]}}
    actions = pd.DataFrame([
        {"candidate": "a", "kind": "kpi_off_track", "ref": "K1", "title": "Recover K1", "detail": "", "quadrant": "quick_win"},
        {"candidate": "b", "kind": "kpi_not_measurable", "ref": "K2", "title": "Measure K2", "detail": "", "quadrant": "fill_in"},
        {"candidate": "c", "kind": "approach_poor", "ref": "chatbot", "title": "Rethink Chatbot", "detail": "",
         "weak_on": "suitable,beneficial", "quadrant": "quick_win"},
        {"candidate": "d", "kind": "approach_poor", "ref": "kpi_dashboard", "title": "Rethink KPI dashboard",
         "detail": "", "weak_on": "used", "quadrant": "quick_win"},
        {"candidate": "e", "kind": "plan_flag", "ref": "PLAN104_K1", "title": "Plan: K1", "detail": "",
         "fix": "add owner (who measures it)", "quadrant": "quick_win"},
        {"candidate": "f", "kind": "plan_flag", "ref": "PLAN105_chatbot", "title": "Plan: chatbot", "detail": "",
         "fix": "give the reason", "quadrant": "quick_win"}])
    en = im.propose_changes(actions, plan, results, language="en")
    assert en == im.propose_changes(actions, plan, results)                      # English as before
    assert [c["reason"] for c in en][:3] == ["K1 is off track: re-based on its latest value, due in the next cycle",
                                            "recovery phase for off-track K1",
                                            "K2 has no data; also name its data column in the plan (data: {dataset, column})"]
    fr = im.propose_changes(actions, plan, results, language="fr")
    assert [c["change"] for c in fr] == [c["change"] for c in en] and [c["fields"].get("id") for c in fr] == \
        [c["fields"].get("id") for c in en]
    reasons = [c["reason"] for c in fr]
    assert reasons[0].startswith("K1 est en retard") and reasons[1].startswith("phase de rattrapage pour K1")
    assert reasons[2].startswith("K2 n'a pas de données")
    assert any("cause profonde notée : introduced without training — retirée" in r for r in reasons)
    assert any("convient et aide, mais sert peu" in r for r in reasons)
    assert any(r.startswith("ajouter owner (qui le mesure)") for r in reasons)
    assert any(r.startswith("noter la raison et une courte vérification") for r in reasons)
    names = [c["fields"]["name"] for c in fr if c["change"] == "new_phase"]
    assert any(n.startswith("Redresser K1 :") for n in names) and any(n.startswith("Mesurer K2 :") for n in names)
    assert any(n.startswith("Prise en main :") for n in names)
    english = ("is off track", "has no data", "recovery phase", "rated poorly", "fits and helps", "add owner",
               "give the reason", "Recover ", "Measure ", "Adoption:")
    for text in reasons + names:
        assert not any(e in text for e in english), text
    # a plan without a recorded root cause: the change says to write it first, in French
    manual = {**plan, "choices": [{"approach": "chatbot", "reason": "r"}]}
    rc = [c["reason"] for c in im.propose_changes(actions.iloc[[2]], manual, results, language="fr")]
    assert rc and rc[0].startswith("Agent conversationnel") and "noter d'abord la cause profonde" in rc[0]
    # the notebook's table says the same as the stored reason, and an English result read in French is French
    table = im.changes_table(en, actions, "fr", results)
    assert not any(any(e in str(w) for e in english) for w in table["pourquoi"]), list(table["pourquoi"])
    assert change_reason(Prose("fr"), fr[0], actions.iloc[0].to_dict(), results) == reasons[0]
