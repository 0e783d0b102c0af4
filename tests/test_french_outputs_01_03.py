"""A French client's run of stages 01-03 shows the kit's own text in French (issue #12).

One run of ``datasets/hopitaux-estuaire`` (French) through stages 01, 02 and 03. From the executed notebooks the
visible output text is collected (Markdown, the text of HTML tables, plain text, prints), the strings that come
from the client's own files are dropped, and what is left must be French where the kit wrote it: the clause guide
of notebook 03, the readiness summary and KPI measurement table of 02, the lines notebook 01 prints, the team
feedback and exercise lines of 03.

English-looking lines (two or more common English words on a line, as ``/work/notes/scan_en.py`` counts them),
measured before this change on the same client: 01: 0, 02: 14, 03: 43. After: 01: 0, 03: 0, 02: only the plan
flags (``sk.plan.plan_flags``, whose messages another part translates).
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
#: A cell whose text another part owns (plan flags, stages/daap/flags.py): not counted here.
NOT_OURS = ("plan_flags(",)


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
                            report=False, pdf=False, progress=False, log=lambda *a, **k: None)
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
