"""Class results: the demo class, bad files skipped by name, pseudonyms, Kano against the model, CLI."""
import json
import shutil
import zipfile

import pandas as pd
import pytest

from sedamkit import classroom
from sedamkit.core.errors import SedamError
from sedamkit.core.exercises import Feedback, record


@pytest.fixture
def demo(tmp_path):
    return classroom.demo_class(tmp_path / "class")


def test_demo_class_is_deterministic(tmp_path):
    a = classroom.demo_class(tmp_path / "a")
    b = classroom.demo_class(tmp_path / "b")
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f


def test_every_student_is_read_and_bad_files_are_listed_by_name(demo):
    res = classroom.load_class(demo, salt="t")
    assert len(res.students) == 8                                        # the zip too, and the broken ones
    sk = res.skipped.set_index("code")
    assert set(res.skipped["code"]) == {"CLS003", "CLS005", "CLS006"}
    assert sk.loc["CLS003", "file"].endswith("01_necessity_feasibility/me.json")
    assert "not valid JSON" in sk.loc["CLS003", "reason"]
    assert sk.loc["CLS005", "file"].endswith("04_customer_experience/kano.csv")
    assert "meh, whatever" in sk.loc["CLS005", "reason"]
    assert sk.loc["CLS006", "file"] == "notes.txt"
    # the student with a broken answers file keeps their Kano and exercises; the one with a broken
    # Kano file keeps their scores
    broken_answers = res.students[res.students["respondents"] == 0]
    assert len(broken_answers) == 1 and broken_answers["kano_agreement"].notna().all()
    assert res.students["overall"].notna().sum() == 7
    assert res.students["kano_agreement"].notna().sum() == 7


def test_pseudonyms_by_default_real_names_only_when_asked(demo):
    res = classroom.load_class(demo, salt="t")
    assert all(s.startswith("S-") and len(s) == 8 for s in res.students["student"])
    text = pd.concat([res.students, res.skipped, res.kano, res.exercises, res.scores]).to_csv()
    assert "ana.silva" not in text and "hugo.moreau" not in text
    again = classroom.load_class(demo, salt="t")
    assert again.students["student"].tolist() == res.students["student"].tolist()
    assert classroom.load_class(demo, salt="other").students["student"].tolist() != res.students["student"].tolist()
    named = classroom.load_class(demo, real_names=True)
    assert "ana.silva" in named.students["student"].tolist() and "hugo.moreau" in named.students["student"].tolist()
    assert any(f.startswith("chloe.martin/") for f in named.skipped["file"])


def test_class_report_keeps_the_salt_so_pseudonyms_are_stable(demo, tmp_path):
    out = tmp_path / "out"
    classroom.class_report(demo, out, figures=False)
    first = pd.read_csv(out / "students.csv")["student"].tolist()
    classroom.class_report(demo, out, figures=False)
    assert pd.read_csv(out / "students.csv")["student"].tolist() == first
    assert (out / "salt.txt").is_file()
    assert "ana.silva" not in "".join(p.read_text() for p in out.glob("*.csv"))


def test_class_report_writes_tables_and_figures(demo, tmp_path):
    out = classroom.class_report(demo, tmp_path / "out")
    for name in ("students", "scores", "disagreement", "kano", "exercises", "skipped"):
        assert (out / f"{name}.csv").is_file()
    for fig in ("class_readiness", "class_disagreement", "class_kano", "class_exercises"):
        assert (out / "figures" / f"{fig}.png").is_file()
    meta = json.loads((out / "class.json").read_text())
    assert meta["students"] == 8 and meta["skipped"] == 3 and meta["real_names"] is False


def test_disagreement_is_sorted_and_matches_a_hand_computation(demo):
    res = classroom.load_class(demo, salt="t")
    d = res.disagreement
    assert d["sd"].dropna().is_monotonic_decreasing
    top = d.iloc[0]
    by_hand = res.scores[res.scores["area"] == top["area"]]["score"]
    assert top["sd"] == pytest.approx(by_hand.std(ddof=1))
    assert top["range"] == pytest.approx(by_hand.max() - by_hand.min())


def test_kano_groups_compare_with_the_model_and_a_swap_shows_as_reverse(demo):
    res = classroom.load_class(demo, real_names=True)
    model = dict(zip(res.model_kano["feature"], res.model_kano["category"]))
    assert len(model) == 7 and set(model.values()) <= set("AOMIRQ")
    k = res.kano
    assert (k["match"] == (k["category"] == k["model"])).all()
    swapped = k[k["student"] == "dev.patel"]                              # functional / dysfunctional swapped
    assert (swapped["category"] == "R").sum() >= 3
    assert res.students.set_index("student").loc["dev.patel", "kano_agreement"] < 0.5


def test_a_model_answer_file_in_the_class_folder_is_used(demo):
    model = demo / "_model" / "04_customer_experience"
    model.mkdir(parents=True)
    rows = [{"respondent": f"r{i}", "feature": "online_booking", "functional": "I like it",
             "dysfunctional": "I am neutral"} for i in range(5)]
    pd.DataFrame(rows).to_csv(model / "kano.csv", index=False)
    res = classroom.load_class(demo, salt="t")
    assert res.model_kano.to_dict("records") == [{"feature": "online_booking", "category": "A"}]
    assert "_model" not in res.students["source"].tolist() and len(res.students) == 8


def test_exercise_completion_reads_recorded_feedback(tmp_path):
    cls = tmp_path / "class"
    student = cls / "zoe"
    student.mkdir(parents=True)
    record(Feedback(False, "not yet", "01_decision"), student)
    record(Feedback(True, "right", "01_decision"), student)
    record(Feedback(False, "You used a plain mean", "01_weighted_area_score"), student)
    res = classroom.load_class(cls, real_names=True, exercises=["01_weighted_area_score", "01_decision", "02_x"])
    got = res.exercises.set_index("exercise")["status"].to_dict()
    assert got == {"01_weighted_area_score": "tried", "01_decision": "done", "02_x": "not started"}
    assert res.students["exercises_done"].tolist() == [1]


def test_partial_and_malformed_students_never_stop_the_class(tmp_path):
    cls = tmp_path / "class"
    (cls / "empty_student").mkdir(parents=True)
    (cls / "bad_record").mkdir()
    (cls / "bad_record" / "exercises.json").write_text('{"exercises": {"01_decision": {"ok": "yes"}}}')
    (cls / "broken.zip").write_bytes(b"this is not a zip")
    good = cls / "good" / "01_necessity_feasibility"
    good.mkdir(parents=True)
    (good / "me.json").write_text(json.dumps({"questionnaire": "necessity_feasibility", "version": 1,
                                              "respondent": "me", "answers": {"talent_specify": 7}}))
    (good / "other.json").write_text(json.dumps({"questionnaire": "necessity_feasibility", "version": 1,
                                                 "respondent": "other", "answers": {"talent_specify": 4}}))
    res = classroom.load_class(cls, real_names=True)
    codes = dict(zip(res.skipped["file"], res.skipped["code"]))
    assert codes == {"bad_record/exercises.json": "CLS004", "broken.zip": "CLS002",
                     "empty_student": "CLS007", "good/01_necessity_feasibility/me.json": "CLS003"}
    assert "outside the scale" in res.skipped.set_index("code").loc["CLS003", "reason"]
    row = res.students.set_index("student").loc["good"]
    assert row["respondents"] == 1 and row["overall"] == pytest.approx(75.0)   # falls back to 'other'


def test_a_zipped_class_and_a_zip_with_unsafe_paths(demo, tmp_path):
    zpath = tmp_path / "class.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for p in demo.rglob("*"):
            if p.is_file():
                zf.write(p, "class/" + str(p.relative_to(demo)))
    assert len(classroom.load_class(zpath, salt="t").students) == 8
    evil = demo / "mallory.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../../escape.txt", "x")
    res = classroom.load_class(demo, salt="t")
    assert res.skipped.set_index("file").loc["mallory.zip", "code"] == "CLS002"
    assert not (tmp_path / "escape.txt").exists()


def test_no_class_folder_or_no_student_is_an_error(tmp_path):
    with pytest.raises(SedamError) as e:
        classroom.load_class(tmp_path / "missing")
    assert e.value.codes == ["CLS001"]
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "readme.txt").write_text("x")
    with pytest.raises(SedamError) as e:
        classroom.load_class(tmp_path / "c")
    assert e.value.codes == ["CLS001"]


def test_french_titles(demo):
    res = classroom.load_class(demo, salt="t", language="fr")
    assert "Financement" in res.disagreement["title"].tolist()


def test_cli_class(demo, tmp_path, capsys):
    from sedamkit.delivery.cli import main

    code = main(["class", str(demo), "--out", str(tmp_path / "o")])
    assert code == 0
    assert (tmp_path / "o" / "students.csv").is_file()
    shutil.rmtree(tmp_path / "o")


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_class_csvs_never_start_a_cell_with_a_formula(demo, tmp_path):
    """A student folder and an exercise id starting with '=' are written neutralised (CSV injection)."""
    evil = "=HYPERLINK(\"http://x\";\"y\")"
    (demo / "ana.silva").rename(demo / "=cmd+calc")
    ex = demo / "=cmd+calc" / "exercises.json"
    record = json.loads(ex.read_text(encoding="utf-8"))
    record["student"] = "=cmd+calc"
    record["exercises"][evil] = {"ok": True, "attempts": 1, "message": "@SUM(1)", "first_ok": None,
                                 "last": "2026-11-02T11:00:00+00:00"}
    ex.write_text(json.dumps(record), encoding="utf-8")
    out = classroom.class_report(demo, tmp_path / "out", real_names=True, salt="t", figures=False)
    seen = set()
    for csv in sorted(out.glob("*.csv")):
        df = pd.read_csv(csv, dtype=str, keep_default_na=False)
        cells = list(df.columns) + [v for col in df.columns for v in df[col]]
        bad = [v for v in cells if v[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(v)]
        assert not bad, (csv.name, bad[:5])
        seen |= {v for v in cells if v.startswith("'=")}
    assert "'=cmd+calc" in seen and f"'{evil}" in seen      # the names are kept, only neutralised


def test_sedam_class_run_inside_the_class_folder_does_not_count_its_own_results(demo, monkeypatch):
    """``cd class && sedam class .`` writes to ./runs/class/…: that folder is never read as a student, on the
    first run or the next, and an empty class folder stays "no student" (CLS001)."""
    import subprocess
    import sys

    def sedam_class(folder):
        return subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "class", "."], cwd=folder,
                              capture_output=True, text=True, env=env)

    import os

    env = {k: v for k, v in os.environ.items() if k != "SEDAM_SCRATCH"} | {"SEDAM_HOME": str(demo)}

    expected = len(classroom.load_class(demo, salt="t").students)
    for _ in range(2):
        r = sedam_class(demo)
        assert r.returncode == 0, r.stderr
        (students,) = list(demo.rglob("students.csv"))                # written inside the class folder
        assert len(pd.read_csv(students)) == expected
    empty = demo.parent / "empty"
    empty.mkdir()
    r = sedam_class(empty)
    assert r.returncode == 1 and "CLS001" in r.stderr
