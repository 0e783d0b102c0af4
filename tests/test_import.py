"""sedam import: survey exports as the tools write them, made here from the kit's own questionnaires."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sedamkit.core import survey_import as S
from sedamkit.core.errors import SedamError
from sedamkit.core.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def spec():
    return load_spec("necessity_feasibility")


def _people():
    return [("José Álvarez", "jose.alvarez@example.org"), ("Anne Marie Dupont", "am.dupont@example.org"),
            ("Li Lei", "li.lei@example.org")]


def _intended(spec, n_items=5):
    """What each person answered: item -> value (None = don't know)."""
    items = spec.item_ids[:n_items]
    out = []
    for k, _ in enumerate(_people()):
        ans = {iid: (1 + (k + j) % 5) for j, iid in enumerate(items)}
        if k == 1 and len(items) > 2:
            ans[items[2]] = None
        out.append(ans)
    return items, out


def _label(spec, iid, value, lang="en", form="{label}"):
    sc = spec.scales[spec.item(iid).scale]
    if value is None:
        return sc.na_label[lang]
    return form.format(n=value, label=sc.labels[value][lang])


def _check(spec, client, intended, ids):
    folder = client / "answers" / spec.stage
    for rid, ans in zip(ids, intended):
        doc = json.loads((folder / f"{rid}.json").read_text(encoding="utf-8"))
        assert doc["answers"] == ans, rid
    assert sorted(p.stem for p in folder.glob("*.json")) == sorted(ids)


def _write_csv(path, rows, *, encoding="utf-8", sep=","):
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _client(tmp_path):
    c = tmp_path / "client"
    (c / "answers").mkdir(parents=True)
    return c


def google_forms(spec, items, intended, lang="en", form="{label}"):
    head = ["Timestamp", "Email address"] + [spec.text(spec.item(i).text, lang) for i in items]
    rows = [head]
    for (name, email), ans in zip(_people(), intended):
        rows.append(["2026/11/30 10:00:00", email] + [_label(spec, i, ans[i], lang, form) for i in items])
    return rows


@pytest.mark.parametrize("form", ["{label}", "{n} - {label}", "{n} = {label}", "({n}) {label}", "{n}",
                                  "{n} – {label}", "{label} ({n})"])
def test_google_forms_csv_every_label_form(spec, tmp_path, form):
    items, intended = _intended(spec)
    f = _write_csv(tmp_path / "g.csv", google_forms(spec, items, intended, form=form))
    client = _client(tmp_path)
    out = S.import_export(f, client, spec)
    _check(spec, client, intended, ["jose-alvarez", "am-dupont", "li-lei"])
    assert out["respondents"] == 3


def test_french_export_with_french_texts_and_labels(spec, tmp_path):
    items, intended = _intended(spec)
    f = _write_csv(tmp_path / "fr.csv", google_forms(spec, items, intended, lang="fr"))
    client = _client(tmp_path)
    S.import_export(f, client, spec)
    _check(spec, client, intended, ["jose-alvarez", "am-dupont", "li-lei"])


@pytest.mark.parametrize("encoding,sep", [("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ";"), ("utf-16", "\t"),
                                          ("utf-8", ";"), ("cp1252", "\t")])
def test_each_encoding_and_delimiter(spec, tmp_path, encoding, sep):
    items, intended = _intended(spec)
    f = _write_csv(tmp_path / "e.csv", google_forms(spec, items, intended, lang="fr"), encoding=encoding, sep=sep)
    client = _client(tmp_path)
    S.import_export(f, client, spec)
    _check(spec, client, intended, ["jose-alvarez", "am-dupont", "li-lei"])
    doc = json.loads((client / "answers" / spec.stage / "jose-alvarez.json").read_text(encoding="utf-8"))
    assert doc["name"] == "jose.alvarez@example.org"


def test_microsoft_forms_xlsx(spec, tmp_path):
    items, intended = _intended(spec)
    rows = []
    for k, ((name, email), ans) in enumerate(zip(_people(), intended)):
        r = {"ID": k + 1, "Start time": "11/30/26 10:00:00", "Completion time": "11/30/26 10:05:00",
             "Email": email, "Name": name}
        r.update({spec.text(spec.item(i).text): _label(spec, i, ans[i], form="{label}") for i in items})
        rows.append(r)
    f = tmp_path / "ms.xlsx"
    pd.DataFrame(rows).to_excel(f, index=False)
    client = _client(tmp_path)
    S.import_export(f, client, spec)
    _check(spec, client, intended, ["jose-alvarez", "anne-marie-dupont", "li-lei"])
    doc = json.loads((client / "answers" / spec.stage / "jose-alvarez.json").read_text(encoding="utf-8"))
    assert doc["name"] == "José Álvarez"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_surveymonkey_two_header_rows(spec, tmp_path, kind):
    items, intended = _intended(spec)
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address"]
    sub = [""] * len(top)
    for i in items:
        top.append(spec.text(spec.item(i).text))
        sub.append("Response")
    rows = [top, sub]
    for k, ((name, email), ans) in enumerate(zip(_people(), intended)):
        rows.append([str(1000 + k), "42", "", "", "", email] + [_label(spec, i, ans[i]) for i in items])
    client = _client(tmp_path)
    if kind == "csv":
        f = _write_csv(tmp_path / "sm.csv", rows)
    else:
        f = tmp_path / "sm.xlsx"
        pd.DataFrame(rows).to_excel(f, index=False, header=False)
    S.import_export(f, client, spec)
    _check(spec, client, intended, ["jose-alvarez", "am-dupont", "li-lei"])


def test_qualtrics_three_header_rows(spec, tmp_path):
    items, intended = _intended(spec)
    names = ["StartDate", "EndDate", "ResponseId", "RecipientEmail"] + [f"Q1_{n + 1}" for n in range(len(items))]
    texts = ["Start Date", "End Date", "Response ID", "Recipient Email"] + \
        [f"How far do you agree? - {spec.text(spec.item(i).text)}" for i in items]  # a matrix question
    imp = ['{"ImportId":"startDate","timeZone":"America/Denver"}', '{"ImportId":"endDate"}',
           '{"ImportId":"_recordId"}', '{"ImportId":"recipientEmail"}'] + \
        [f'{{"ImportId":"QID{n + 1}"}}' for n in range(len(items))]
    rows = [names, texts, imp]
    for k, ((name, email), ans) in enumerate(zip(_people(), intended)):
        rows.append(["", "", f"R_{k}abc", email] + [_label(spec, i, ans[i], form="{n} - {label}") for i in items])
    client = _client(tmp_path)
    S.import_export(_write_csv(tmp_path / "q.csv", rows), client, spec)
    _check(spec, client, intended, ["jose-alvarez", "am-dupont", "li-lei"])


def test_limesurvey_codes_without_underscores(spec, tmp_path):
    items, intended = _intended(spec)
    rows = [["id", "submitdate", "lastpage", "startlanguage", "seed"] + [i.replace("_", "") for i in items]]
    for k, ans in enumerate(intended):
        rows.append([str(k + 1), "2026-11-30 10:00:00", "3", "en", "123"] +
                    ["" if ans[i] is None else f"{ans[i]}" for i in items])
    intended = [{k: v for k, v in a.items() if v is not None} for a in intended]  # empty = not answered
    client = _client(tmp_path)
    out = S.import_export(_write_csv(tmp_path / "ls.csv", rows), client, spec)
    _check(spec, client, intended, ["respondent-001", "respondent-002", "respondent-003"])
    assert out["respondents"] == 3


def test_spss_sav_with_value_labels(spec, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    items, intended = _intended(spec)
    df = pd.DataFrame({"email": [e for _, e in _people()],
                       **{i: [a[i] if a[i] is not None else 9 for a in intended] for i in items}})
    sc = spec.scales[spec.item(items[0]).scale]
    value_labels = {i: {**{v: sc.labels[v]["en"] for v in sc.values}, 9: "Don't know"} for i in items}
    f = tmp_path / "s.sav"
    pyreadstat.write_sav(df, str(f), column_labels=["Email"] + [spec.text(spec.item(i).text) for i in items],
                         variable_value_labels=value_labels)
    client = _client(tmp_path)
    S.import_export(f, client, spec)
    _check(spec, client, intended, ["jose-alvarez", "am-dupont", "li-lei"])


def test_dont_know_forms(spec, tmp_path):
    iid = spec.item_ids[0]
    rows = [["Name", iid]] + [[f"P{k}", v] for k, v in enumerate(["Don’t know", "DK", "Ne sais pas", "N/A", ""])]
    client = _client(tmp_path)
    S.import_export(_write_csv(tmp_path / "dk.csv", rows), client, spec)
    folder = client / "answers" / spec.stage
    got = [json.loads((folder / f"p{k}.json").read_text())["answers"] for k in range(5)]
    assert got == [{iid: None}] * 4 + [{}]


def test_everything_unmatched_is_listed_at_once_and_mapping_reused(spec, tmp_path):
    items, intended = _intended(spec, 2)
    rows = google_forms(spec, items, intended)
    rows[0].append("What colour is your logo?")
    for r in rows[1:]:
        r.append("blue")
    rows[1][2] = "Sort of"
    f = _write_csv(tmp_path / "u.csv", rows)
    client = _client(tmp_path)
    with pytest.raises(SedamError) as ei:
        S.import_export(f, client, spec)
    assert sorted(ei.value.codes) == ["ANS006", "ANS013"]
    text = str(ei.value)
    assert "What colour is your logo?" in text and "'Sort of'" in text and "columns:" in text and "values:" in text
    assert "respondent_column=" not in text and "mapping=" not in text
    assert not (client / "answers" / spec.stage).exists()  # nothing written
    mfile = client / "imports" / f"{spec.id}.mapping.yaml"
    import yaml

    m = yaml.safe_load(mfile.read_text(encoding="utf-8"))
    assert m["columns"]["What colour is your logo?"] is None
    assert mfile.read_text(encoding="utf-8").startswith("#")
    # the user fills in the file; the import uses it and keeps the edits
    text = mfile.read_text(encoding="utf-8").replace('"What colour is your logo?": null', '"What colour is your logo?": "skip"')
    text = text.replace("values: {}", 'values:\n  "Sort of": 3')
    text = text.replace('"jose.alvarez@example.org": "jose-alvarez"', '"jose.alvarez@example.org": "jalvarez"')
    mfile.write_text(text, encoding="utf-8")
    S.import_export(f, client, spec)
    intended[0][items[0]] = 3
    _check(spec, client, intended, ["jalvarez", "am-dupont", "li-lei"])  # the user's id wins
    m = yaml.safe_load(mfile.read_text(encoding="utf-8"))
    assert m["columns"]["What colour is your logo?"] == "skip" and m["values"] == {"Sort of": 3}


def test_user_respondent_id_in_mapping_wins(spec, tmp_path):
    items, intended = _intended(spec, 2)
    f = _write_csv(tmp_path / "g.csv", google_forms(spec, items, intended))
    client = _client(tmp_path)
    mfile = client / "imports" / f"{spec.id}.mapping.yaml"
    mfile.parent.mkdir()
    mfile.write_text('respondents:\n  "jose.alvarez@example.org": "jalvarez"\n', encoding="utf-8")
    S.import_export(f, client, spec)
    _check(spec, client, intended, ["jalvarez", "am-dupont", "li-lei"])
    assert '"jose.alvarez@example.org": "jalvarez"' in mfile.read_text(encoding="utf-8")


def test_a_file_that_maps_to_no_item_is_an_error(spec, tmp_path):
    f = _write_csv(tmp_path / "x.csv", [["Timestamp", "Email address"], ["2026", "a@b.org"]])
    with pytest.raises(SedamError) as ei:
        S.import_export(f, _client(tmp_path), spec)
    assert ei.value.codes == ["ANS014"]


def test_respondent_ids_accents_spaces_collisions_and_duplicates(spec, tmp_path):
    iid = spec.item_ids[0]
    rows = [["Name", iid], ["José Álvarez", "4"], ["Jose Alvarez", "3"], ["  Anne   Marie ", "2"]]
    client = _client(tmp_path)
    S.import_export(_write_csv(tmp_path / "r.csv", rows), client, spec)
    folder = client / "answers" / spec.stage
    assert sorted(p.stem for p in folder.glob("*.json")) == ["anne-marie", "jose-alvarez", "jose-alvarez-2"]
    rows.append(["José Álvarez", "5"])
    with pytest.raises(SedamError) as ei:
        S.import_export(_write_csv(tmp_path / "r2.csv", rows), _client(tmp_path / "b"), spec)
    assert ei.value.codes == ["ANS008"] and "row 5" in str(ei.value)


def test_existing_answers_are_not_overwritten_without_replace(spec, tmp_path):
    iid = spec.item_ids[0]
    client = _client(tmp_path)
    f = _write_csv(tmp_path / "a.csv", [["Name", iid], ["Ana", "4"]])
    S.import_export(f, client, spec)
    f = _write_csv(tmp_path / "a.csv", [["Name", iid], ["Ana", "2"]])
    with pytest.raises(SedamError) as ei:
        S.import_export(f, client, spec)
    assert ei.value.codes == ["ANS015"] and "--replace" in str(ei.value)
    path = client / "answers" / spec.stage / "ana.json"
    assert json.loads(path.read_text())["answers"] == {iid: 4}
    S.import_export(f, client, spec, replace=True)
    assert json.loads(path.read_text())["answers"] == {iid: 2}


def test_kano_importance_with_labels_is_counted():
    from sedamkit.methods import kano

    df = pd.DataFrame({"respondent": [1, 2, 3],
                       "chat_functional": ["like", "like", "expect"],
                       "chat_dysfunctional": ["dislike", "dislike", "dislike"],
                       "chat_importance": ["3 - Somewhat important", "5 – Extremely important", "(4) Very"]})
    cats = kano.classify_survey(df, respondent="respondent")
    assert cats["importance"].tolist() == [3.0, 5.0, 4.0]
    assert kano.summary(cats)["importance"].iloc[0] == pytest.approx(4.0)


def _sedam(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_end_to_end(spec, tmp_path):
    items, intended = _intended(spec)
    _write_csv(tmp_path / "g.csv", google_forms(spec, items, intended))
    client = _client(tmp_path)
    r = _sedam("import", "g.csv", "client", "--spec", spec.id, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Imported 3 respondents" in r.stdout and "mapping" in r.stdout
    # the form asked 5 questions: the others are named, with a code and a fix, never silently left out
    absent = len(spec.item_ids) - len(items)
    assert f"[ANS017] {absent} question(s)" in r.stdout and "stay unanswered" in r.stdout and "Fix:" in r.stdout
    _check(spec, client, intended, ["jose-alvarez", "am-dupont", "li-lei"])
    r = _sedam("import", "g.csv", "client", "--spec", spec.id, cwd=tmp_path)
    assert r.returncode == 1 and "[ANS015]" in r.stderr and "Traceback" not in r.stderr
    r = _sedam("import", "g.csv", "client", "--spec", spec.id, "--respondent-column", "Nope", cwd=tmp_path)
    assert r.returncode == 1 and "[ANS007]" in r.stderr and "--respondent-column" in r.stderr
    assert "Traceback" not in r.stderr
    r = _sedam("import", "g.csv", "client", "--spec", spec.id, "--replace", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = _sedam("import", "missing.csv", "client", "--spec", spec.id, cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "[IO001]" in r.stderr


def test_numbered_headers_typographic_quotes_and_anonymous_names(spec, tmp_path):
    items = [it for it in spec.items if "'" in spec.text(it.text)][:1] + spec.items[:2]
    head = ["ID", "Name", "Email"] + [f"{n + 1}. " + spec.text(it.text).replace("'", "’").upper() + " ?"
                                      for n, it in enumerate(items)]
    rows = [head, ["1", "Anonymous", "anonymous"] + [_label(spec, it.id, 5) for it in items],
            ["2", "Anonymous", "anonymous"] + ["2"] * len(items)]
    client = _client(tmp_path)
    out = S.import_export(_write_csv(tmp_path / "n.csv", rows), client, spec)
    folder = client / "answers" / spec.stage
    assert sorted(p.stem for p in folder.glob("*.json")) == ["respondent-001", "respondent-002"]
    doc = json.loads((folder / "respondent-001.json").read_text())
    assert doc["answers"] == {it.id: 5 for it in items}
    assert out["respondents"] == 2


def test_a_bad_id_in_the_mapping_file_is_coded(spec, tmp_path):
    iid = spec.item_ids[0]
    client = _client(tmp_path)
    (client / "imports").mkdir()
    (client / "imports" / f"{spec.id}.mapping.yaml").write_text('respondents:\n  "Ana": "a b"\ncolumns:\n'
                                                               '  "x": "no_such_item"\n', encoding="utf-8")
    with pytest.raises(SedamError) as ei:
        S.import_export(_write_csv(tmp_path / "a.csv", [["Name", iid, "x"], ["Ana", "4", "1"]]), client, spec)
    assert sorted(ei.value.codes) == ["ANS016", "ANS016"]


def test_rating_columns_read_numbers_with_labels_and_report_words():
    from sedamkit.core.errors import Problems
    from sedamkit.core.tables import numeric

    probs = Problems("cx.csv")
    df = pd.DataFrame({"rating": ["4 - Agree", "(5) Very", "5 – Extremely", 3, None, "lots"]})
    vals = numeric(df, "rating", probs, lo=1, hi=5)
    assert vals[:4].tolist() == [4, 5, 5, 3]
    assert [p.code for p in probs.items] == ["DATA002"] and "'lots'" in str(probs.items[0])


def test_google_forms_grid_and_mission_review_in_french(tmp_path):
    spec = load_spec("mission_review")
    items = spec.item_ids[:3]
    head = ["Horodateur", "Adresse e-mail"] + [f"Notez ces affirmations [{spec.text(spec.item(i).text, 'fr')}]"
                                               for i in items]
    rows = [head, ["2026", "c.roy@example.org"] + [_label(spec, i, 4, "fr", "{n} - {label}") for i in items]]
    client = _client(tmp_path)
    S.import_export(_write_csv(tmp_path / "grid.csv", rows, encoding="cp1252", sep=";"), client, spec)
    doc = json.loads((client / "answers" / "05_evaluation" / "mission" / "c-roy.json").read_text())
    assert doc["answers"] == {i: 4 for i in items}


def test_a_european_excel_data_file_reads_through_read_table(tmp_path):
    from sedamkit.core.tables import read_table

    f = tmp_path / "cx.csv"
    f.write_bytes("région;note;commentaire\nÎle-de-France;4,5;très bien\nNord;3;déçu\n".encode("cp1252"))
    df = read_table(f)
    assert list(df.columns) == ["région", "note", "commentaire"]
    assert df["note"].tolist() == [4.5, 3.0] and df["commentaire"].tolist() == ["très bien", "déçu"]


def test_a_shipped_clients_forms_export_imports_to_its_answer_files(tmp_path):
    """A client's self-assessment held as a Microsoft Forms export (the retailer in datasets/) imports
    through the command line to exactly the answer files the client ships (all but the save time)."""
    import shutil

    from conftest import ROOT

    exports = sorted((ROOT / "datasets").glob("*/exports/self-assessment.xlsx"))
    assert exports, "no shipped client holds its self-assessment as a survey export"
    for export in exports:
        shipped = export.parent.parent
        client = tmp_path / shipped.name
        shutil.copytree(shipped, client)
        stage = client / "answers" / "01_necessity_feasibility"
        shutil.rmtree(stage)
        r = subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "import", str(export), str(client),
                            "--spec", "necessity_feasibility"], capture_output=True, text=True, cwd=tmp_path)
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stdout + r.stderr
        want = sorted(p.name for p in (shipped / "answers" / "01_necessity_feasibility").glob("*.json"))
        assert sorted(p.name for p in stage.glob("*.json")) == want
        for name in want:
            got = json.loads((stage / name).read_text())
            ref = json.loads((shipped / "answers" / "01_necessity_feasibility" / name).read_text())
            got.pop("updated"), ref.pop("updated")
            assert got == ref, name
