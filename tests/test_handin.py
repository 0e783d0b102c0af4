"""A learner hands in their answers under their name, and clears them after a backup; the class
results read the hand-in zips, never score an empty or copied folder, and print on one A4 page."""
import json
import shutil
import subprocess
import zipfile

import pytest

from sedamkit import classroom
from sedamkit.core import paths
from sedamkit.core.errors import SedamError
from sedamkit.delivery import handin
from sedamkit.delivery.cli import main

STAGE01 = "01_necessity_feasibility"


@pytest.fixture
def learner(tmp_path, monkeypatch):
    """A learner's workspace: the demo team's answers copied in (as the notebooks do), plus their own me.json."""
    ws = tmp_path / "workbook"
    ws.mkdir()
    monkeypatch.setenv("SEDAM_HOME", str(ws))
    monkeypatch.setenv("SEDAM_SCRATCH", str(ws))
    folder = paths.default_answers_dir(paths.demo_dir(), "demo", interactive=True)
    assert (folder / STAGE01 / "ceo.json").is_file()          # the copies are there
    return ws, folder


def _answer(folder, value=4):
    doc = json.loads((paths.demo_dir() / "answers" / STAGE01 / "ceo.json").read_text())
    doc["respondent"] = "me"
    doc["answers"] = {k: value if isinstance(v, int) else v for k, v in doc["answers"].items()}
    (folder / STAGE01 / "me.json").write_text(json.dumps(doc))
    (folder / "exercises.json").write_text(json.dumps({
        "format": "sedam-exercises", "version": 1, "student": "me", "updated": "2026-11-02T11:00:00+00:00",
        "exercises": {"01_decision": {"ok": True, "attempts": 2, "message": "", "first_ok": None,
                                      "last": "2026-11-02T11:00:00+00:00"}}}))


def test_nothing_to_hand_in_before_any_answer(learner):
    with pytest.raises(SedamError, match="CLS010"):
        handin.hand_in("Ana Silva")


def test_a_hand_in_holds_only_the_learners_files_under_their_name(learner):
    ws, folder = learner
    _answer(folder)
    z = handin.hand_in("Ana Silva-Núñez <b>")
    assert z.parent == ws / "hand-in" and z.name.startswith("ana-silva-nunez") and z.suffix == ".zip"
    names = zipfile.ZipFile(z).namelist()
    slug = z.stem
    assert sorted(names) == sorted([f"{slug}/{STAGE01}/me.json", f"{slug}/exercises.json", f"{slug}/manifest.json"])
    man = json.loads(zipfile.ZipFile(z).read(f"{slug}/manifest.json"))
    assert man["name"] == "Ana Silva-Núñez <b>" and man["files"] == [f"{STAGE01}/me.json", "exercises.json"]
    assert man["kit_version"] and man["date"]
    # the name is kept: the next hand-in needs none, and never overwrites the first
    z2 = handin.hand_in()
    assert z2 != z and z2.name == f"{slug}-2.zip" and z.is_file()
    assert handin.hand_in(replace=True) == z


def test_the_name_is_asked_once_then_kept(learner):
    _, folder = learner
    _answer(folder)
    asked = []
    z = handin.hand_in(ask=lambda prompt: asked.append(prompt) or "Ben Okafor")
    assert asked and z.name.startswith("ben-okafor")
    z2 = handin.hand_in(ask=lambda prompt: pytest.fail("asked again"))
    assert z2.name.startswith(z.stem)


def test_the_command_without_a_name_and_no_terminal_says_how(learner, capsys):
    _, folder = learner
    _answer(folder)
    assert main(["hand-in"]) == 1
    err = capsys.readouterr().err
    assert "CLS009" in err and "--name" in err
    assert main(["hand-in", "--name", "Chloé Martin"]) == 0
    assert "hand-in" in capsys.readouterr().out


def test_reset_keeps_a_backup_and_restore_puts_it_back(learner, capsys):
    ws, folder = learner
    _answer(folder)
    handin.student_name("Dev Patel")
    before = sorted(p.relative_to(ws / "answers") for p in (ws / "answers").rglob("*") if p.is_file())
    assert main(["reset"]) == 1 and "CLS012" in capsys.readouterr().err     # no terminal: not confirmed
    assert (folder / STAGE01 / "me.json").is_file()
    assert main(["reset", "--yes"]) == 0
    out = capsys.readouterr().out
    backup = next((ws / "answers" / ".backups").glob("*.zip"))
    assert str(backup) in out and not folder.exists()
    assert handin.student_name() == "Dev Patel"                             # the name stays
    assert main(["reset", "--restore", str(backup)]) == 0
    after = sorted(p.relative_to(ws / "answers") for p in (ws / "answers").rglob("*")
                   if p.is_file() and ".backups" not in p.parts)
    assert after == [p for p in before if ".backups" not in p.parts]
    assert json.loads((folder / STAGE01 / "me.json").read_text())["respondent"] == "me"


def test_restore_refuses_a_zip_that_escapes(learner, tmp_path):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../evil.txt", "x")
    with pytest.raises(SedamError, match="CLS011"):
        handin.restore(bad)
    assert not (tmp_path / "evil.txt").exists()


# ---------------------------------------------------------------- class results
def test_class_reads_hand_ins_and_never_scores_empty_or_copied_folders(learner, tmp_path):
    ws, folder = learner
    klass = tmp_path / "class"
    klass.mkdir()
    _answer(folder)
    shutil.copy(handin.hand_in("Ana Silva"), klass)
    (klass / "empty.one").mkdir()                                   # handed in nothing
    copied = klass / "only.copies"                                  # opened the notebook, answered nothing
    shutil.copytree(paths.demo_dir() / "answers", copied)
    res = classroom.load_class(klass, real_names=True)
    st = res.students.set_index("student")
    assert set(st.index) == {"Ana Silva", "empty.one", "only.copies"}
    assert st.loc["Ana Silva", "status"] == "partial" and st.loc["Ana Silva", "overall"] == st.loc["Ana Silva", "overall"]
    assert st.loc["Ana Silva", "completeness"] == f"2/{2 + len(classroom._expected_exercises())}"
    assert "no Kano group file" in st.loc["Ana Silva", "reason"]
    for who in ("empty.one", "only.copies"):
        assert st.loc[who, "status"] == "no answers"
        assert st.loc[who, "overall"] != st.loc[who, "overall"]     # NaN: not scored
        assert st.loc[who, "decision"] == ""
    assert "copies of the demo team's answers" in st.loc["only.copies", "reason"]
    assert set(res.scores["student"]) == {"Ana Silva"}


def test_the_latest_of_two_hand_ins_counts(learner, tmp_path):
    _, folder = learner
    klass = tmp_path / "class"
    klass.mkdir()
    _answer(folder, 2)
    first = handin.hand_in("Ana", now=__import__("datetime").datetime(2026, 11, 2, 10))
    _answer(folder, 5)
    second = handin.hand_in(now=__import__("datetime").datetime(2026, 11, 2, 11))
    shutil.copy(first, klass)
    shutil.copy(second, klass)
    res = classroom.load_class(klass, real_names=True)
    assert list(res.students["student"]) == ["Ana"]
    assert res.students["overall"].iloc[0] == 100
    assert "an earlier hand-in" in " ".join(res.skipped["reason"])


def test_class_page_is_escaped_and_prints_on_one_a4_page(learner, tmp_path):
    _, folder = learner
    demo = classroom.demo_class(tmp_path / "class")
    _answer(folder)
    shutil.copy(handin.hand_in("<script>alert(1)</script>"), demo)
    out = classroom.class_report(demo, tmp_path / "out", real_names=True, pdf=True, log=None)
    html = (out / "class.html").read_text()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<tr>") == 1 + 9 and 'src="data:image/png;base64,' in html
    assert "@page { size: A4" in html
    from sedamkit.delivery.pdf import available

    if not available():
        pytest.skip("no WeasyPrint: the PDF half is not checked")
    info = subprocess.run(["pdfinfo", str(out / "class.pdf")], capture_output=True, text=True).stdout
    assert "Pages:           1" in info and "A4" in info
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(out / "class.pdf"), str(tmp_path / "pg")],
                   check=True)
    assert (tmp_path / "pg-1.png").stat().st_size > 10_000
