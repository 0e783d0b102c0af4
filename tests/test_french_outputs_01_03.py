"""A French client's run of stages 01-03 shows the kit's own text in French (issue #12).

One run of ``datasets/hopitaux-estuaire`` (French) through stages 01, 02 and 03. From the executed notebooks the
visible output text is collected (Markdown, the text of HTML tables, plain text, prints), the strings that come
from the client's own files are dropped, and what is left must be French where the kit wrote it: the clause guide
of notebook 03, the readiness summary and KPI measurement table of 02, the lines notebook 01 prints, the team
feedback and exercise lines of 03.

English-looking lines (two or more common English words on a line, as ``/work/notes/scan_en.py`` counts them),
measured before this change on the same client: 01: 0, 02: 14, 03: 43. After: 01: 0, 03: 0, 02: only the plan
flags (``sk.plan.plan_flags``), whose PLAN104/PLAN105 fixes stayed English until they got their French text; now
none in any of the three. The run's report and workbook are built too: the workbook's plan-checks sheet says what
the report says, in French. ``sedam validate`` of this client speaks French (its own lines; each problem's text is
the check's own).
"""
from __future__ import annotations

import csv
import html
import json
import re

import nbformat
import pytest
import yaml

from conftest import ROOT

CLIENT = ROOT / "datasets" / "hopitaux-estuaire"
EN_WORDS = set("the and of to is are with for this that from not you your each which be has have was were will "
               "no yet run these there their what when how".split())
#: English-looking lines per notebook before this change (see the module docstring).
BEFORE = {"01": 0, "02": 14, "03": 43}
#: Cells whose text another part owns: none left (the plan flags are French since they have their fixes).
NOT_OURS = ()


def _client_strings() -> list[str]:
    """Every text of the client's own files (YAML, JSON answers, CSV cells), longest first."""
    out: set[str] = set()

    def walk(x):
        if isinstance(x, dict):
            for v in x.values():                                  # keys are the kit's schema
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str) and len(x.strip()) >= 3:
            out.add(x.strip())

    for p in CLIENT.rglob("*"):
        if p.suffix in (".yaml", ".yml"):
            walk(yaml.safe_load(p.read_text(encoding="utf-8")))
        elif p.suffix == ".json":
            walk(json.loads(p.read_text(encoding="utf-8")))
        elif p.suffix == ".csv":
            with p.open(encoding="utf-8") as f:
                for row in csv.reader(f):
                    walk(row)
    return sorted(out, key=len, reverse=True)


def _visible(output) -> str:
    d = output.get("data", {})
    if "text/markdown" in d:
        return d["text/markdown"]
    if "text/html" in d:
        text = re.sub(r"<style.*?</style>", " ", d["text/html"], flags=re.S)
        return html.unescape(re.sub(r"<[^>]+>", "\n", text))
    if "text/plain" in d and "image/png" not in d:
        return d["text/plain"]
    return output.get("text", "") if output.get("output_type") == "stream" else ""


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    """``{notebook prefix: [(cell source, visible line without the client's strings)]}`` of a French run."""
    from sedamkit.delivery import runner

    run = runner.run_client(CLIENT, tmp_path_factory.mktemp("clz-runs"), stages=["01", "02", "03"],
                            report=True, pdf=False, progress=False, log=lambda *a, **k: None)
    client = _client_strings()
    whole, phrases = set(client), [s for s in client if " " in s]   # phrases: removed inside a line too
    out = {}
    for nb_path in sorted((run / "notebooks").glob("0[123]_*.ipynb")):
        lines = []
        for cell in nbformat.read(nb_path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for o in cell.get("outputs", []):
                for line in _visible(o).splitlines():
                    if line.strip() in whole:
                        continue                                  # a cell holding the client's value
                    for s in phrases:
                        if s in line:
                            line = line.replace(s, " ")
                    if line.strip():
                        lines.append((cell.source, line.strip()))
        out[nb_path.name[:2]] = lines
    assert set(out) == {"01", "02", "03"}
    out["run"] = run
    return out


def _english_looking(lines) -> list[str]:
    return [ln for src, ln in lines if not any(k in src for k in NOT_OURS)
            and sum(w in EN_WORDS for w in re.findall(r"[A-Za-z']+", ln.lower())) >= 2]


def _text(shown, nb, cell_key) -> str:
    return "\n".join(ln for src, ln in shown[nb] if cell_key in src)


def test_no_english_looking_line_is_left_in_notebooks_01_to_03(shown):
    for nb in ("01", "02", "03"):
        left = _english_looking(shown[nb])
        assert not left, f"notebook {nb}: {left[:10]}"
        assert len(left) <= BEFORE[nb]
    assert len(_english_looking(shown["03"])) < BEFORE["03"] and len(_english_looking(shown["02"])) < BEFORE["02"]


def test_notebook_01_prints_in_french(shown):
    text = "\n".join(ln for _, ln in shown["01"])
    assert re.search(r"Besoin : \d+,\d / 100 · faisabilité : \d+,\d / 100 \(répondants :", text)
    assert "Répondant :" in text and "domaine :" in text and "Résultat écrit dans" in text
    for english in ("Need:", "feasibility:", "Respondent:", "Result written to"):
        assert english not in text


def test_notebook_02_readiness_and_kpi_measurement_in_french(shown):
    ready = _text(shown, "02", "readiness_markdown")
    assert "D'après le résultat de l'étape 01" in ready and "écarts bloquants" in ready
    assert "From " not in ready and "blocking gaps" not in ready
    phases = _text(shown, "02", "programme_delivery_shown").splitlines()
    assert "not recorded" not in phases and any(re.fullmatch(r"\d+ phases? sur \d+ .*livrées?\.", x)
                                                for x in phases)
    kpis = _text(shown, "02", "kpi_measurement_shown").splitlines()
    assert {"Indicateur", "Responsable", "Source des données", "Fréquence", "Complet"} <= set(kpis)
    assert "Score de recommandation net (NPS)" in kpis and "non" in kpis
    assert not {"owner", "data_source", "frequency", "complete", "None", "False"} & set(kpis)


def test_notebook_03_clause_guide_in_french(shown):
    from sedamkit.core.kittext import kit_english, kit_text

    guide = _text(shown, "03", "clause_guide(")
    assert "Généralités" in guide and "dans l'aperçu" in guide and "numéro de la version de travail" in guide
    for clause, english in kit_english("clause_summary").items():
        assert english[:40] not in guide, clause                     # shown cut at 90 characters
        assert kit_text("clause_summary", clause, "fr")[:40] in guide, clause
    for clause, english in kit_english("clause_heading").items():
        if english != "General":
            assert english not in guide.splitlines(), clause
    assert "preview stops inside" not in guide and "working-draft" not in guide


def test_notebook_03_team_feedback_and_exercise_lines_in_french(shown):
    team = _text(shown, "03", "team_feedback_note")
    assert re.search(r"CSAT de l'organisation en .* : \*\*\d+,\d\s%\*\*", team), team
    assert "Organization's CSAT" not in team and "Section skipped" not in team
    assert "Reconnues pour cette période :" in _text(shown, "03", "recognised_note")
    cover = _text(shown, "03", "coverage_exercise_line")
    assert cover.startswith("Élément ") and "en usage :" in cover and "dans le programme :" in cover
    gaps = _text(shown, "03", "gap_list(")
    assert "sous 3" in gaps and not {"nothing in use", "no planned approach"} & set(gaps.replace(" ; ", "; ").split("; "))
    assert "below" not in gaps
    prio = _text(shown, "03", "priority_exercise_line")
    assert "maturité" in prio and "approches prévues" in prio and "pondérations" in prio
    assert not re.search(r"\d\.\d", prio.splitlines()[0])            # decimal commas


def test_notebook_02_plan_flags_are_french_with_their_codes(shown):
    flags = _text(shown, "02", "plan_flags(").splitlines()
    assert {"PLAN104", "PLAN105"} <= set(flags)                                  # codes kept
    assert any(x.startswith("ajouter owner (qui le mesure)") for x in flags)      # PLAN104's fix (cut at 50)
    assert any(x.startswith("ajouter « - approach: <id> » sous choices") for x in flags)      # PLAN105's
    assert not any(x.startswith(("add owner", "add '- approach", "give the reason")) for x in flags)
    assert {"élevée", "moyenne"} <= set(flags) and not {"high", "medium"} & set(flags)


def test_the_workbooks_plan_checks_are_the_reports_french_sentences(shown):
    import openpyxl

    wb = openpyxl.load_workbook(shown["run"] / "exports" / "tables.xlsx")
    rows = list(wb["Contrôles du plan"].iter_rows(values_only=True))
    head = list(rows[0])
    texts = [r[head.index(c)] for r in rows[1:] for c in ("message", "fix")]
    assert {r[head.index("code")] for r in rows[1:]} >= {"PLAN104", "PLAN105"}
    left = [x for x in texts if isinstance(x, str) and sum(w in EN_WORDS for w in re.findall(r"[A-Za-z']+", x.lower())) >= 2]
    assert not left, left
    from sedamkit.core.i18n import catalogue
    from sedamkit.delivery.workbook import sheet_names

    english = {v["en"] for k, v in catalogue().items() if k.startswith("deliver.sheet.") and v["en"] != v.get("fr")}
    assert not english & set(wb.sheetnames), sorted(english & set(wb.sheetnames))
    stems = ["programme_delivery", "delight", "last_cycle", "period_tests", "region_tests"]
    assert sheet_names(stems, "en") == ["Programme delivery", "Delight", "Last cycle", "Period tests", "Region tests"]
    assert sheet_names(stems, "fr") == ["Réalisation du programme", "Enchantement", "Cycle précédent",
                                        "Tests entre périodes", "Tests entre régions"]


def _validate(folder, capsys) -> tuple[int, str, str]:
    from sedamkit.delivery.cli import main

    rc = main(["validate", str(folder)])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_sedam_validate_speaks_the_clients_language(capsys, tmp_path):
    import shutil

    rc, out, _ = _validate(CLIENT, capsys)
    assert rc == 0 and out.startswith(f"OK : le dossier client {CLIENT} (Hôpitaux de l'Estuaire) est valide")
    assert "laissée de côté par une exécution : 06_improvement — le client n'a aucune de ses données (" in out
    assert "(pour l'inclure : les nommer dans client.yaml pour lancer cette étape)" in out
    assert "left out" not in out and "is valid" not in out and "the client has" not in out
    bad = tmp_path / "bad"
    shutil.copytree(CLIENT, bad)
    cfg = bad / "client.yaml"
    cfg.write_text(re.sub(r"(?m)^name:.*$", "name: 12", cfg.read_text(encoding="utf-8")), encoding="utf-8")
    rc, _, err = _validate(bad, capsys)
    lines = err.splitlines()
    assert rc == 1 and lines[0] == f"le dossier client {bad} a des problèmes :", lines[:2]
    assert lines[1].startswith("  [CFG002] ") and " À faire : " in lines[1] and "Fix:" not in err
    english = ROOT / "datasets" / "brightlane"                                   # an English client: as before
    rc, out, _ = _validate(english, capsys)
    assert out.splitlines() == [f"OK: client folder {english} (Brightlane Outfitters) is valid",
                                "  left out of a run: 06_improvement — the client has none of its inputs (impact and "
                                "effort scores, last cycle's actions (YAML)) (to include it: name them in client.yaml "
                                "to run this stage)"]


def test_sedam_validate_says_in_french_why_stages_are_left_out(capsys, tmp_path):
    import shutil

    folder = tmp_path / "noplan"
    shutil.copytree(CLIENT, folder)
    (folder / "plan.yaml").unlink()
    cfg = folder / "client.yaml"
    cfg.write_text(re.sub(r"(?m)^plan:.*\n", "", cfg.read_text(encoding="utf-8")), encoding="utf-8")
    rc, out, _ = _validate(folder, capsys)
    lines = out.splitlines()
    assert rc == 0 and len(lines) == 4, lines
    assert lines[1].startswith("  laissée de côté par une exécution : 02_daap — le client n'a pas le programme : "
                               "plan.yaml est absent") and "(« plan: plan.yaml »)" in lines[1]
    assert lines[2].startswith("  laissée de côté par une exécution : 05_evaluation — elle a besoin de l'étape 02_daap")
    assert not [ln for ln in lines if sum(w in EN_WORDS for w in re.findall(r"[A-Za-z']+", ln.lower())) >= 2]
