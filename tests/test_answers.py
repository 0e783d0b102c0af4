"""Answers files: round trip, validation codes, atomic save, corrupt files left alone, CSV/Excel import."""
import json
import os

import pytest

from sedamkit import answers as A
from sedamkit.core.errors import SedamError


def doc_for(spec, **answers):
    d = A.new_answers(spec, "r1")
    d["answers"].update(answers)
    return d


def test_round_trip_keeps_answers_comments_and_dont_know(spec, tmp_path):
    path = A.answers_path(tmp_path, "01_necessity_feasibility", "r1")
    d = doc_for(spec, talent_specify=4, funding_budget=None)
    d["comments"] = {"talent_specify": "Two developers", "funding_case": "no answer yet but a note"}
    A.save_answers(path, d, spec)
    back = A.read_answers(path, spec)
    assert back["answers"] == {"talent_specify": 4, "funding_budget": None}
    assert back["comments"] == d["comments"]   # a comment without an answer is kept
    assert back["updated"]


@pytest.mark.parametrize("change, code, where", [
    (lambda d: d.update(questionnaire="daap_principles"), "ANS003", "questionnaire"),
    (lambda d: d.update(version=99), "ANS004", "version"),
    (lambda d: d["answers"].update(no_such_item=3), "ANS005", "no_such_item"),
    (lambda d: d["answers"].update(talent_specify=7), "ANS006", "talent_specify"),
    (lambda d: d["answers"].update(talent_specify="4"), "ANS006", "talent_specify"),
    (lambda d: d["answers"].update(talent_specify=True), "ANS006", "talent_specify"),
    (lambda d: d.pop("answers"), "ANS002", "answers"),
    (lambda d: d.update(respondent="../evil"), "ANS009", "respondent"),
])
def test_invalid_answers_get_a_coded_error(spec, tmp_path, change, code, where):
    d = doc_for(spec, talent_specify=3)
    change(d)
    p = tmp_path / "r1.json"
    p.write_text(json.dumps(d))
    with pytest.raises(SedamError) as ei:
        A.read_answers(p, spec)
    prob = next(x for x in ei.value.problems if x.code == code)
    assert prob.file == str(p) and where in prob.where and prob.fix


def test_corrupt_file_is_reported_and_left_untouched(spec, tmp_path):
    p = A.answers_path(tmp_path, "01_necessity_feasibility", "r1")
    p.parent.mkdir(parents=True)
    p.write_text('{"questionnaire": "necessity_feasibility", "answers": {"talent_sk')
    before = p.read_bytes()
    with pytest.raises(SedamError) as ei:
        A.read_answers(p, spec)
    assert ei.value.codes == ["ANS001"] and str(p) in str(ei.value)
    from sedamkit.ui.forms import QuestionnaireForm

    with pytest.raises(SedamError):
        QuestionnaireForm(spec, p, "r1")  # the form refuses to open rather than overwrite it
    assert p.read_bytes() == before


def test_interrupted_save_leaves_previous_file_intact(spec, tmp_path, monkeypatch):
    p = A.answers_path(tmp_path, "01_necessity_feasibility", "r1")
    A.save_answers(p, doc_for(spec, talent_specify=2), spec)
    before = p.read_bytes()

    def crash(*args, **kw):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        A.save_answers(p, doc_for(spec, talent_specify=5), spec)
    monkeypatch.undo()
    assert p.read_bytes() == before
    assert [f.name for f in p.parent.iterdir()] == ["r1.json"]  # no temporary file left behind


def test_invalid_answers_are_not_saved(spec, tmp_path):
    p = tmp_path / "r1.json"
    with pytest.raises(SedamError):
        A.save_answers(p, doc_for(spec, talent_specify=9), spec)
    assert not p.exists()


def test_load_all_collects_problems_from_every_file(spec, tmp_path):
    folder = tmp_path / "01_necessity_feasibility"
    A.save_answers(folder / "a.json", doc_for(spec, talent_specify=2), spec)
    for name, value in (("b", 8), ("c", 0)):
        d = doc_for(spec, talent_specify=3)
        d["answers"]["talent_specify"] = value
        (folder / f"{name}.json").write_text(json.dumps(d))
    with pytest.raises(SedamError) as ei:
        A.load_all(tmp_path, spec, "01_necessity_feasibility")
    files = {p.file for p in ei.value.problems}
    assert files == {str(folder / "b.json"), str(folder / "c.json")}
    with pytest.warns(UserWarning, match="b.json"):
        docs = A.load_all(tmp_path, spec, "01_necessity_feasibility", strict=False)
    assert [d["respondent"] for d in docs] == ["r1"]


def test_import_csv_export(spec, tmp_path):
    csv = tmp_path / "survey.csv"
    csv.write_text("timestamp,respondent,talent_specify,talent_learning_time,talent_specify__comment\n"
                   "2026-01-01,ana,4,n/a,Good team\n"
                   "2026-01-02,ben,2,,\n")
    docs = A.import_table(csv, spec)
    assert [d["respondent"] for d in docs] == ["ana", "ben"]
    assert docs[0]["answers"] == {"talent_specify": 4, "talent_learning_time": None}
    assert docs[0]["comments"] == {"talent_specify": "Good team"}
    assert docs[1]["answers"] == {"talent_specify": 2}


def test_import_excel_export(spec, tmp_path):
    import pandas as pd

    x = tmp_path / "survey.xlsx"
    pd.DataFrame({"respondent": ["ana"], "funding_budget": [5]}).to_excel(x, index=False)
    assert A.import_table(x, spec)[0]["answers"] == {"funding_budget": 5}


def test_import_reports_rows_and_columns(spec, tmp_path):
    csv = tmp_path / "survey.csv"
    csv.write_text("respondent,talent_specify\nana,4\nana,3\nbob,9\ncy,lots\n")
    with pytest.raises(SedamError) as ei:
        A.import_table(csv, spec)
    text = str(ei.value)
    assert "[ANS008]" in text and "row 3" in text
    assert "[ANS006]" in text and "row 4, column talent_specify" in text and "row 5, column talent_specify" in text
    csv.write_text("name,talent_specify\nana,4\n")
    assert A.import_table(csv, spec)[0]["respondent"] == "ana"  # a name column is found by itself
    with pytest.raises(SedamError) as ei:
        A.import_table(csv, spec, respondent_column="person")
    assert ei.value.codes == ["ANS007"]


# -- respondent ids and names --------------------------------------------------------------------------

@pytest.mark.parametrize("rid", ["ceo\n", "ceo\r\n", "", "-x", "a" * 65, "José", "Anne Marie"])
def test_respondent_ids_are_whole_matches(rid):
    with pytest.raises(SedamError) as ei:
        A.check_respondent(rid)
    assert ei.value.codes == ["ANS009"]


def test_safe_respondent_id_never_fails_on_a_name_and_never_collides():
    assert A.safe_respondent_id("ceo") == "ceo" and A.safe_respondent_id(" ceo\n") == "ceo"
    ids = {n: A.safe_respondent_id(n) for n in ("José", "Jose", "jose", "Anne Marie", "anne marie", "李雷", "Zoë O'Neil")}
    assert all(A.RESPONDENT_RE.fullmatch(i) for i in ids.values())
    assert len(set(ids.values())) == len(ids)
    assert ids["José"].startswith("jose-") and ids["Anne Marie"].startswith("anne-marie-")
    assert A.safe_respondent_id("José") == ids["José"]  # the same name, the same file
    with pytest.raises(SedamError) as ei:
        A.safe_respondent_id("  ")
    assert ei.value.codes == ["ANS009"]


def test_the_display_name_is_kept_and_accepted(spec, tmp_path):
    rid = A.safe_respondent_id("José")
    d = A.new_answers(spec, rid, name="José")
    d["answers"]["talent_specify"] = 3
    path = A.answers_path(tmp_path, "01_necessity_feasibility", rid)
    A.save_answers(path, d, spec)
    assert A.read_answers(path, spec)["name"] == "José"
    assert json.loads(path.read_text(encoding="utf-8"))["name"] == "José"
    d["name"] = 5
    assert [p.code for p in A.validate_answers(d, spec).items] == ["ANS002"]


def test_a_file_claiming_another_respondent_is_a_coded_error(spec, tmp_path):
    folder = tmp_path / "01_necessity_feasibility"
    A.save_answers(folder / "ceo.json", A.new_answers(spec, "ceo"), spec)
    twin = A.new_answers(spec, "ceo")
    twin["answers"]["talent_specify"] = 1
    folder.joinpath("cfo.json").write_text(json.dumps(twin))
    with pytest.raises(SedamError) as ei:
        A.load_all(tmp_path, spec, "01_necessity_feasibility")
    assert ei.value.codes == ["ANS011"] and ei.value.problems[0].file == str(folder / "cfo.json")
    with pytest.warns(UserWarning, match="cfo.json"):
        assert [d["respondent"] for d in A.load_all(tmp_path, spec, "01_necessity_feasibility", strict=False)] == ["ceo"]
    with pytest.raises(SedamError) as ei:  # a form for "cfo" never writes into a file of "ceo"
        A.merge_save(folder / "cfo.json", spec, "cfo", {"answers": {"talent_specify": 2}})
    assert ei.value.codes == ["ANS011"]


# -- survey tables ----------------------------------------------------------------------------------------

def test_import_gives_coded_problems_for_nan_inf_and_unreadable_labels(spec, tmp_path):
    csv = tmp_path / "survey.csv"
    csv.write_text("respondent,talent_specify,talent_learning_time,funding_budget\n"
                   "ana,nan,inf,4 - Disagree\n"
                   "ben,-inf,1e400,lots\n", encoding="utf-8")
    with pytest.raises(SedamError) as ei:
        A.import_table(csv, spec)
    assert ei.value.codes == ["ANS006"] * 6
    assert all(p.fix for p in ei.value.problems)
    assert "row 2, column talent_specify" in str(ei.value) and "row 3, column funding_budget" in str(ei.value)


def test_import_reads_numbers_with_their_labels_and_names(spec, tmp_path):
    csv = tmp_path / "survey.csv"
    csv.write_text("respondent,talent_specify,talent_learning_time,funding_budget\n"
                   "José,4 - Agree,Agree (4),strongly agree\n", encoding="utf-8")
    [doc] = A.import_table(csv, spec)
    assert doc["answers"] == {"talent_specify": 4, "talent_learning_time": 4, "funding_budget": 5}
    assert doc["name"] == "José" and A.RESPONDENT_RE.fullmatch(doc["respondent"])


def test_import_excel_with_nan_and_inf_numbers(spec, tmp_path):
    import pandas as pd

    x = tmp_path / "survey.xlsx"
    pd.DataFrame({"respondent": ["ana", "ben"], "funding_budget": [float("inf"), 3]}).to_excel(x, index=False)
    with pytest.raises(SedamError) as ei:
        A.import_table(x, spec)
    assert ei.value.codes == ["ANS006"] and "row 2" in str(ei.value)
