"""Student and trainer editions from one source: exercise shape, no leaked model answers, course plan."""
import json
import re
import shutil

import nbformat
import pytest

from sedamkit import editions
from sedamkit.core.errors import SedamError

from conftest import ROOT

NB = (ROOT / "notebooks").resolve()
v4 = nbformat.v4


def _nb(*cells, sedam=None):
    nb = v4.new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["sedam"] = sedam or {"stage": "01_x", "title": "X", "teach_minutes": 10, "practise_minutes": 5,
                                     "objectives": ["o"], "exercises": ["01_x"], "clauses": ["6.1"]}
    return nb


def learner(src="answer = None"):
    return v4.new_code_cell(src)


def solution(src="# Model answer\nanswer = compute_the_model_answer(data)"):
    return v4.new_code_cell(src, metadata={"tags": ["solution"]})


def check(src="sk.exercises.check('01_x', answer)"):
    return v4.new_code_cell(src)


# ---------------------------------------------------------------- the real notebooks
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    student = editions.build_edition("student", out_dir=out / "student")
    trainer = editions.build_edition("trainer", out_dir=out / "trainer")
    return out, student, trainer


def test_every_source_notebook_has_well_formed_exercises():
    probs = editions.validate_notebooks()
    assert not probs, "\n".join(map(str, probs.items))


def test_every_exercise_has_a_check_and_every_check_a_solution():
    ex = editions.exercises_frame()
    assert len(ex) >= 2
    assert (ex["check"] != "").all(), ex
    assert (ex["exercise"] != "").all(), ex


def test_student_edition_has_no_model_answer_in_the_generated_files(built):
    out, student, _ = built
    sdir = out / "student"
    assert {p.name for p in student} >= {"00_start_here.ipynb", "01_necessity_feasibility.ipynb", "README.md"}
    # search the generated files themselves, as text, for every line of every model answer
    for src in editions.source_notebooks():
        target = sdir / src.relative_to(NB)
        if not target.exists():
            continue
        text = target.read_text(encoding="utf-8")
        source = nbformat.read(src, as_version=4)
        others = {ln.strip() for c in source.cells if "solution" not in c.metadata.get("tags", [])
                  for ln in c.source.splitlines()}
        for c in source.cells:
            if "solution" in c.metadata.get("tags", []):
                for ln in c.source.splitlines():
                    s = ln.strip()
                    if len(s) >= 16 and not s.startswith("#") and s not in others:
                        assert json.dumps(s)[1:-1] not in text, f"{target.name} still contains: {s}"
        gen = nbformat.read(target, as_version=4)
        assert not [c for c in gen.cells if "solution" in c.metadata.get("tags", [])]
        assert not [c for c in gen.cells if "trainer" in c.metadata.get("tags", [])]
        assert all(not c.get("outputs") for c in gen.cells if c.cell_type == "code")
    assert not editions.find_model_answers(sdir)


def test_student_edition_keeps_learner_cells_checks_and_prompts(built):
    out, _, _ = built
    src = nbformat.read(NB / "01_necessity_feasibility.ipynb", as_version=4)
    gen = nbformat.read(out / "student" / "01_necessity_feasibility.ipynb", as_version=4)
    n_solutions = sum("solution" in c.metadata.get("tags", []) for c in src.cells)
    prompts = [i for i, c in enumerate(gen.cells) if c.source == editions.PROMPT]
    assert len(prompts) == n_solutions >= 2
    for i in prompts:
        assert "None" in gen.cells[i - 1].source                    # the learner cell
        assert "sk.exercises.check" in gen.cells[i + 1].source      # the check stays
    assert gen.metadata["sedam"]["edition"] == "student"
    assert len({c.id for c in gen.cells}) == len(gen.cells)        # cell ids unique


def test_trainer_edition_keeps_everything_and_writes_the_course_plan(built):
    out, _, trainer = built
    gen = nbformat.read(out / "trainer" / "01_necessity_feasibility.ipynb", as_version=4)
    src = nbformat.read(NB / "01_necessity_feasibility.ipynb", as_version=4)
    assert [c.source for c in gen.cells] == [c.source for c in src.cells]
    course = (out / "trainer" / "COURSE.md").read_text()
    assert out / "trainer" / "COURSE.md" in trainer
    for p in NB.glob("[0-9][0-9]_*.ipynb"):
        meta = nbformat.read(p, as_version=4).metadata["sedam"]
        if meta.get("audience") == "trainer":
            continue
        assert f"`{p.stem}`" in course
        for objective in meta["objectives"]:
            assert objective in course
        for ex in meta.get("exercises", []):
            assert f"`{ex}`" in course
    days = re.search(r"^## Suggested schedule \((\d+) days\)$", course, re.M)
    assert days, "the course plan has no schedule heading"
    for d in range(1, int(days.group(1)) + 1):
        assert f"### Day {d} — 09:00 to " in course
    assert f"### Day {int(days.group(1)) + 1} " not in course


def test_papermill_runs_the_student_edition_and_checks_say_not_yet(built, demo_copy, tmp_path):
    from sedamkit.delivery.runner import run_notebook

    out, _, _ = built
    executed = tmp_path / "out.ipynb"
    run_notebook(out / "student" / "01_necessity_feasibility.ipynb", executed,
                 {"client_dir": str(demo_copy), "answers_dir": str(demo_copy / "answers"),
                  "output_dir": str(tmp_path / "results"), "interactive": False}, cwd=tmp_path)
    nb = nbformat.read(executed, as_version=4)
    checks = [c for c in nb.cells if c.cell_type == "code" and "sk.exercises.check" in c.source]
    assert checks
    for c in checks:
        shown = json.dumps(c.outputs)
        assert "Not yet" in shown, c.source
    assert (tmp_path / "results" / "results").exists() or list((tmp_path / "results").rglob("*.json"))


# ---------------------------------------------------------------- broken sources fail
def test_a_solution_without_a_check_fails_with_its_cell():
    probs = editions.validate_notebook(_nb(learner(), solution(), v4.new_code_cell("print('done')")), "x.ipynb")
    assert [(p.code, p.where) for p in probs.items] == [("EDU001", "cell 1")]


def test_a_check_without_a_solution_fails_with_its_cell():
    probs = editions.validate_notebook(_nb(learner(), check()), "x.ipynb")
    assert [(p.code, p.where, p.file) for p in probs.items] == [("EDU002", "cell 1", "x.ipynb")]


def test_a_solution_without_a_learner_cell_fails():
    probs = editions.validate_notebook(_nb(v4.new_code_cell("data = load()"), solution(), check()), "x.ipynb")
    assert [p.code for p in probs.items] == ["EDU003"]


def test_markdown_between_solution_and_check_is_allowed():
    nb = _nb(learner(), solution(), v4.new_markdown_cell("Now check it."), check())
    assert not editions.validate_notebook(nb)


def test_broken_source_writes_nothing_and_lists_every_problem(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    nbformat.write(_nb(learner(), solution(), v4.new_code_cell("x")), src / "01_a.ipynb")
    nbformat.write(_nb(learner(), check()), src / "02_b.ipynb")
    with pytest.raises(SedamError) as e:
        editions.build_edition("student", out_dir=tmp_path / "out", src=src)
    assert sorted(e.value.codes) == ["EDU001", "EDU002"]
    assert "01_a.ipynb" in str(e.value) and "02_b.ipynb" in str(e.value)
    assert not (tmp_path / "out").exists()


def test_a_leak_in_the_generated_files_is_found(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    nbformat.write(_nb(learner(), solution("# Model answer\nanswer = secret_formula(data) * 100"), check()), src / "01_a.ipynb")
    out = tmp_path / "student"
    editions.build_edition("student", out_dir=out, src=src)
    assert not editions.find_model_answers(out, src)
    leaky = nbformat.read(out / "01_a.ipynb", as_version=4)          # simulate a broken generator
    leaky.cells.append(v4.new_code_cell("answer = secret_formula(data) * 100"))
    nbformat.write(leaky, out / "01_a.ipynb")
    probs = editions.find_model_answers(out, src)
    assert [p.code for p in probs.items] == ["EDU004"] and "secret_formula" in str(probs.items[0])


def test_trainer_cells_and_trainer_only_notebooks_stay_out_of_the_student_edition(tmp_path):
    src = tmp_path / "notebooks"
    (src / "app").mkdir(parents=True)
    note = v4.new_markdown_cell("Ask the room which gap to close first.", metadata={"tags": ["trainer"]})
    nbformat.write(_nb(learner(), solution(), check(), note), src / "01_a.ipynb")
    tools = dict(_nb().metadata["sedam"], audience="trainer", stage="90_tools", exercises=[])
    nbformat.write(_nb(v4.new_code_cell("1"), sedam=tools), src / "90_tools.ipynb")
    nbformat.write(_nb(v4.new_code_cell("2"), sedam={}), src / "app" / "page.ipynb")
    student = editions.build_edition("student", out_dir=tmp_path / "s", src=src)
    names = sorted(str(p.relative_to(tmp_path / "s")) for p in student if "datasets" not in p.parts
                   and p.suffix != ".zip")
    assert names == ["01_a.ipynb", "README.md", "app/page.ipynb"]
    assert tmp_path / "s.zip" in student and (tmp_path / "s" / "datasets" / "demo" / "client.yaml") in student
    assert "Ask the room" not in (tmp_path / "s" / "01_a.ipynb").read_text()
    trainer = editions.build_edition("trainer", out_dir=tmp_path / "t", src=src)
    assert (tmp_path / "t" / "90_tools.ipynb") in trainer
    course = (tmp_path / "t" / "COURSE.md").read_text()
    assert "Trainer tools" in course and "90_tools" in course and "app/page" not in course


def test_a_rebuild_removes_what_an_earlier_build_wrote_and_nothing_else(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    nbformat.write(_nb(learner(), solution(), check()), src / "01_a.ipynb")
    nbformat.write(_nb(learner(), solution(), check()), src / "02_b.ipynb")
    out = tmp_path / "s"
    editions.build_edition("student", out_dir=out, src=src)
    (out / "my_notes.txt").write_text("mine")
    (src / "02_b.ipynb").unlink()
    editions.build_edition("student", out_dir=out, src=src)
    assert not (out / "02_b.ipynb").exists() and (out / "my_notes.txt").read_text() == "mine"


def test_unknown_kind_and_writing_over_the_source_are_refused(tmp_path):
    with pytest.raises(SedamError) as e:
        editions.build_edition("teacher", out_dir=tmp_path)
    assert e.value.codes == ["EDU007"]
    with pytest.raises(SedamError) as e:
        editions.build_edition("student", out_dir=NB / "student")
    assert e.value.codes == ["EDU007"]


def test_a_header_without_minutes_stops_the_trainer_edition(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    nbformat.write(_nb(v4.new_code_cell("1"), sedam={"title": "T", "objectives": []}), src / "01_a.ipynb")
    with pytest.raises(SedamError) as e:
        editions.build_edition("trainer", out_dir=tmp_path / "t", src=src)
    assert set(e.value.codes) == {"EDU006"} and "teach_minutes" in str(e.value)


def test_schedule_is_two_balanced_days_in_order_and_grows_when_needed():
    plan = editions.schedule([("00", 30), ("01", 75), ("02", 90), ("03", 90), ("04", 120), ("05", 90), ("06", 75)])
    assert [s["notebook"] for s in plan] == ["00", "01", "02", "03", "04", "05", "06"]
    loads = {}
    for s in plan:
        loads[s["day"]] = loads.get(s["day"], 0) + s["minutes"]
    assert sorted(loads) == [1, 2] and max(loads.values()) <= editions.DAY_MINUTES
    assert max(loads.values()) == 285                       # the best cut: 285 / 285
    big = editions.schedule([("a", 300)] * 3)
    assert [s["day"] for s in big] == [1, 2, 3]
    assert editions.schedule([]) == []


def test_cli_writes_both_editions(tmp_path):
    from sedamkit.delivery.cli import main

    assert main(["edition", "student", "--out", str(tmp_path / "s")]) == 0
    assert main(["edition", "trainer", "--out", str(tmp_path / "t")]) == 0
    assert (tmp_path / "t" / "COURSE.md").is_file() and (tmp_path / "s" / "01_necessity_feasibility.ipynb").is_file()
    shutil.rmtree(tmp_path)


def test_a_copied_edition_folder_is_its_own_workspace(tmp_path, monkeypatch):
    from sedamkit.core import paths

    editions.build_edition("student", out_dir=tmp_path / "handout" / "student")
    copy = tmp_path / "elsewhere" / "workbook"
    shutil.copytree(tmp_path / "handout" / "student", copy)
    monkeypatch.delenv("SEDAM_HOME", raising=False)
    monkeypatch.chdir(copy / "app")
    assert paths.edition_root() == copy.resolve() and paths.workspace() == copy.resolve()
    monkeypatch.chdir(tmp_path)
    assert paths.edition_root() is None
    # the kit without its own demo copy falls back to the edition's
    monkeypatch.setattr(paths, "PACKAGE_DIR", tmp_path / "no-package")
    monkeypatch.chdir(copy)
    assert paths.demo_dir() == copy.resolve() / "datasets" / "demo"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SedamError, match="PARAM003"):
        paths.demo_dir()


# ---------------------------------------------------------------- the printable timetable
def _day_tables(course):
    days = {}
    for block in course.split("### Day ")[1:]:
        n = int(block.split(" ", 1)[0])
        rows = [ln for ln in block.splitlines() if ln.startswith("| ") and "–" in ln.split("|")[1]]
        days[n] = [[c.strip() for c in r.strip("|").split("|")] for r in rows]
    return days


def test_course_md_is_a_timetable_with_opening_breaks_class_results_app_and_closing():
    course = editions.course_plan()
    days = _day_tables(course)
    assert sorted(days) == list(range(1, len(days) + 1)) and len(days) >= 2
    first, last = days[1], days[max(days)]
    assert first[0][0].startswith("09:00") and "**Opening**" in first[0][1]
    assert "**Closing**" in last[-1][1] and "**Class results**" in last[-2][1]
    assert any("**App workshop**" in r[1] for r in first)
    app = next(i for i, r in enumerate(first) if "**App workshop**" in r[1])
    assert "01_necessity_feasibility" in " ".join(r[1] for r in first[:app])      # after stage 01
    for n, rows in days.items():
        names = [r[1] for r in rows]
        teaching = sum(int(r[2]) for r in rows if not r[1].startswith("*"))
        assert "*morning break*" in names, (n, names)
        if rows[-1][0].split("–")[1] > "13:30":         # a day past lunch time has one lunch
            assert names.count("*lunch*") == 1 and names.index("*morning break*") < names.index("*lunch*"), (n, names)
        if teaching > 4 * 60 + 45:                       # a day that runs into the afternoon gets its break
            assert names.index("*lunch*") < names.index("*afternoon break*"), (n, names)
        for a, b in zip(rows, rows[1:]):                                           # clock times run on
            assert a[0].split("–")[1] == b[0].split("–")[0]
            start, end = (int(x[:2]) * 60 + int(x[3:]) for x in a[0].split("–"))
            assert end - start == int(a[2])
        lunch = next((r for r in rows if r[1] == "*lunch*"), None)
        assert lunch is None or "11:30" <= lunch[0][:5] <= "13:30", lunch
    every = " ".join(r[1] for rows in days.values() for r in rows)
    for p in NB.glob("[0-9][0-9]_*.ipynb"):
        if nbformat.read(p, as_version=4).metadata["sedam"].get("audience") != "trainer":
            assert f"`{p.stem}`" in every


def test_course_md_counts_cells_from_one_as_jupyterlab_does():
    import re

    course = editions.course_plan()
    found = 0
    for section in course.split("\n### `")[1:]:
        stem = section.split("`", 1)[0]
        nb = nbformat.read(NB / f"{stem}.ipynb", as_version=4)
        for ex, cell in re.findall(r"- `([\w.-]+)` — model answer in cell (\d+)", section):
            c = nb.cells[int(cell) - 1]                                            # cell 1 is the first
            assert "solution" in c.metadata.get("tags", []), (stem, ex, cell)
            found += 1
    assert found == len(editions.exercises_frame()) >= 10


def test_timetable_puts_breaks_between_sessions_never_inside():
    rows = editions.timetable([("a", 200), ("b", 200)], day_minutes=500, days=1)
    assert [(r["name"], r["start"], r["end"]) for r in rows] == [
        ("a", "09:00", "12:20"), ("lunch", "12:20", "13:20"), ("b", "13:20", "16:40")]
    assert editions.timetable([]) == []


# ---------------------------------------------------------------- cells that reveal an answer
def test_a_revealing_cell_moves_below_its_check_in_the_student_edition_only():
    show = v4.new_code_cell("table_with_the_answer", metadata={"tags": ["reveals-01_x"]})
    show["id"] = "show"
    first = v4.new_code_cell("data = load()")
    first["id"] = "first"
    nb = _nb(first, show, learner(), solution(), check(), v4.new_markdown_cell("next section"))
    assert not editions.validate_notebook(nb, "x.ipynb")
    student = [c.source for c in editions.student_notebook(nb).cells]
    assert student == ["data = load()", "answer = None", editions.PROMPT, "sk.exercises.check('01_x', answer)",
                       "table_with_the_answer", "next section"]
    moved = editions.student_notebook(nb).cells[4]
    assert moved.metadata["sedam"]["moved_after"] == "first"
    assert [c.source for c in editions.trainer_notebook(nb).cells][1] == "table_with_the_answer"   # kept in place


def test_a_revealing_cell_below_its_check_stays_and_metadata_marks_work_too():
    late = v4.new_code_cell("late", metadata={"sedam": {"reveals": ["01_x"]}})
    nb = _nb(learner(), solution(), check(), late)
    assert [c.source for c in editions.student_notebook(nb).cells][-1] == "late"
    early = v4.new_code_cell("early", metadata={"sedam": {"reveals": "01_x"}})
    assert [c.source for c in editions.student_notebook(_nb(early, learner(), solution(), check())).cells][-1] == "early"


def test_a_reveals_mark_naming_no_check_of_the_notebook_is_edu009():
    nb = _nb(v4.new_code_cell("x", metadata={"tags": ["reveals-09_nothing"]}), learner(), solution(), check())
    assert [(p.code, p.where) for p in editions.validate_notebook(nb, "x.ipynb").items] == [("EDU009", "cell 0")]


def test_a_solution_cell_without_the_model_answer_marker_is_edu010():
    nb = _nb(learner(), solution("answer = 42"), check())
    assert [(p.code, p.where) for p in editions.validate_notebook(nb, "x.ipynb").items] == [("EDU010", "cell 1")]


def test_every_marked_cell_of_the_real_notebooks_moves_below_its_check(built):
    out, _, _ = built
    moved = 0
    for src in editions.source_notebooks():
        target = out / "student" / src.relative_to(NB)
        if not target.exists():
            continue
        gen = nbformat.read(target, as_version=4)
        checks = editions.check_positions(gen.cells)
        for i, c in enumerate(gen.cells):
            for ex in editions.reveals(c):
                assert i > checks[ex], f"{target.name} cell {i} reveals {ex} above its check"
                moved += 1
    assert moved >= 10


# ---------------------------------------------------------------- the course plan and the editions in French (issue #12)
def _tiny_course(folder):
    """Four small notebooks: an intro, a stage with an exercise, one longer than a day, a trainer-only one."""
    def nb(stem, title, objectives, teach, practise, audience=None, exercise=None):
        cells = [v4.new_markdown_cell(f"# {title}", id="m0")]
        if exercise:
            cells += [v4.new_code_cell("answer = None", id="k0"),
                      v4.new_code_cell("# Model answer\nanswer = compute_the_model_answer(data)", id="k1",
                                       metadata={"tags": ["solution"]}),
                      v4.new_code_cell(f"sk.exercises.check('{exercise}', answer)", id="k2")]
        n = v4.new_notebook(cells=cells)
        n.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        n.metadata["sedam"] = {"stage": stem, "title": title, "teach_minutes": teach, "practise_minutes": practise,
                               "objectives": objectives, "exercises": [exercise] if exercise else [],
                               "clauses": ["6.1"] if exercise else []}
        if audience:
            n.metadata["sedam"]["audience"] = audience
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(n, folder / f"{stem}.ipynb")
        return folder / f"{stem}.ipynb"
    return [nb("00_intro", "Intro", ["Read the plan"], 20, 10),
            nb("01_first", "First steps", ["Score areas", "Decide"], 30, 45, exercise="01_score"),
            nb("02_long", "A long stage", [], 200, 190),
            nb("90_class_results", "Class results", ["Collect", "Debrief"], 10, 20, audience="trainer")]


def test_the_english_course_plan_is_byte_for_byte_what_it_was(tmp_path):
    # tests/data/course_plan_tiny_en.md was written by course_plan before it took a language: every line kind
    # (a day over the limit, three days, an empty objectives list, a trainer tool) comes out the same
    paths = _tiny_course(tmp_path / "nbs")
    expected = (ROOT / "tests" / "data" / "course_plan_tiny_en.md").read_text(encoding="utf-8")
    assert editions.course_plan(paths) == expected
    assert editions.course_plan(paths, language="en") == expected
    assert editions.course_plan(language="en") == editions.course_plan()


def _catalogue_fragments(prefix="crs."):
    """Per ``crs.*`` key, the pieces of its English between placeholders that have words in them and are not in
    its French (``| --- |``, ``min``, code in backticks are the same in both)."""
    from sedamkit.core.i18n import catalogue

    out = {}
    for key, texts in catalogue().items():
        if not key.startswith(prefix):
            continue
        frags = [f.strip() for f in re.split(r"\{[^}]*\}", texts["en"])]
        out[key] = [f for f in frags if re.search(r"[A-Za-z]{3}", f) and f not in texts["fr"]]
    return out


def test_the_french_course_plan_has_no_english_fixed_text_and_french_headers():
    import yaml

    from sedamkit.core import nbtext

    french = editions.course_plan(language="fr")
    frags = _catalogue_fragments()
    assert sum(1 for v in frags.values() if v) >= 30                   # every key with words but crs.tool
    assert "- `90_class_results` — Résultats de la classe : " in french
    left = [(k, f) for k, fs in frags.items() for f in fs                # as words: `03_coverage_counts` is no "over"
            if re.search(r"(?<![A-Za-z])" + re.escape(f) + r"(?![A-Za-z])", french)]
    assert left == [], left
    assert "# Plan du cours" in french and "| 9 h 00–9 h 15 | **Ouverture** |" in french
    assert "09:00" not in french and " min)" in french                     # times 9 h 00, durations 1 h 30 / 15 min
    for p in editions.source_notebooks():
        meta = nbformat.read(p, as_version=4).metadata.get("sedam") or {}
        if "title" not in meta:
            continue
        header = yaml.safe_load(nbtext.texts_file(p, "fr").read_text(encoding="utf-8"))["header"]
        assert header["title"] in french and meta["title"] not in french.replace(f"`{p.stem}`", "")
        for en, fr in zip(meta["objectives"], header["objectives"]):
            assert fr in french and en not in french


def test_the_french_trainer_edition_has_french_headers_and_a_french_course_plan(tmp_path):
    import yaml

    from sedamkit.core import nbtext

    with warnings_as_errors():
        written = editions.build_edition("trainer", out_dir=tmp_path / "t", language="fr")
    out = tmp_path / "t"
    course = (out / "COURSE.md").read_text(encoding="utf-8")
    assert course == editions.course_plan(language="fr") + "\n" and out / "COURSE.md" in written
    assert json.loads((out / "EDITION.json").read_text())["language"] == "fr"
    seen = 0
    for p in editions.course_notebooks(editions.source_notebooks(), NB):
        header = yaml.safe_load(nbtext.texts_file(p, "fr").read_text(encoding="utf-8"))["header"]
        meta = nbformat.read(out / p.name, as_version=4).metadata["sedam"]
        assert (meta["title"], meta["objectives"]) == (header["title"], header["objectives"])
        assert "header" not in meta["translation"]["untranslated"]
        assert header["title"] in course
        seen += 1
    assert seen == 9


def test_the_english_editions_are_what_they_were(tmp_path, built):
    out, _, _ = built
    assert (out / "trainer" / "COURSE.md").read_text(encoding="utf-8") == editions.course_plan() + "\n"
    for p in editions.source_notebooks():
        meta = nbformat.read(out / "trainer" / p.relative_to(NB), as_version=4).metadata.get("sedam") or {}
        src = nbformat.read(p, as_version=4).metadata.get("sedam") or {}
        assert (meta.get("title"), meta.get("objectives")) == (src.get("title"), src.get("objectives"))
        assert "translation" not in meta


def warnings_as_errors():
    import warnings

    class _ctx(warnings.catch_warnings):
        def __enter__(self):
            super().__enter__()
            warnings.simplefilter("error", __import__("sedamkit.core.nbtext", fromlist=["x"]).NotebookTextWarning)

    return _ctx()


def test_a_french_edition_is_the_default_language_of_runs_and_notebooks_in_it(tmp_path, monkeypatch, demo_copy):
    from sedamkit.core.paths import edition_language
    from sedamkit.delivery import runner
    from sedamkit.ui.context import open_stage

    monkeypatch.chdir(tmp_path)
    assert edition_language() is None and runner._run_language({"language": "en"}) == "en"
    (tmp_path / "EDITION.json").write_text(json.dumps({"edition": "trainer", "language": "en"}))
    assert edition_language() is None                            # an English edition leaves the client's
    assert runner._run_language({"language": "fr"}) == "fr"
    (tmp_path / "EDITION.json").write_text(json.dumps({"edition": "student", "language": "fr"}))
    (tmp_path / "app").mkdir()
    monkeypatch.chdir(tmp_path / "app")
    assert edition_language() == "fr" and edition_language(tmp_path / "elsewhere") == "fr"
    assert runner._run_language({"language": "en"}) == "fr"      # the demo says en; the class reads French
    ctx = open_stage("01_necessity_feasibility", client_dir=str(demo_copy), output_dir=str(tmp_path / "o"),
                     interactive=False)
    assert ctx.language == "fr"
    ctx = open_stage("01_necessity_feasibility", client_dir=str(demo_copy), output_dir=str(tmp_path / "o"),
                     interactive=False, language="en")           # given explicitly: that one
    assert ctx.language == "en"
    (tmp_path / "EDITION.json").write_text("{not json")
    assert edition_language() is None


def test_the_report_and_the_stage_notes_follow_the_runs_language_not_the_client_file(tmp_path, monkeypatch, demo_copy):
    from sedamkit.delivery import report
    from sedamkit.ui.context import open_stage

    run = tmp_path / "run"
    run.mkdir()
    (run / "run.json").write_text(json.dumps({"client": "x", "client_dir": str(demo_copy), "stages": [],
                                              "parameters": {"language": "fr"}, "edition_language": "fr"}))
    assert report._context(run).language == "fr"           # a run made in a French edition: its report is French
    (run / "run.json").write_text(json.dumps({"client": "x", "client_dir": str(demo_copy), "stages": [],
                                              "parameters": {"language": "fr"}}))
    assert report._context(run).language == "en"           # elsewhere the client's language, as before
    (tmp_path / "ed").mkdir()
    (tmp_path / "ed" / "EDITION.json").write_text(json.dumps({"edition": "student", "language": "fr"}))
    monkeypatch.chdir(tmp_path / "ed")
    ctx = open_stage("04_customer_experience", client_dir=str(demo_copy), output_dir=str(tmp_path / "o"),
                     interactive=False)
    assert ctx.language == ctx.client["language"] == "fr"


def test_the_demo_run_inside_a_french_edition_is_french(tmp_path, monkeypatch, demo_copy):
    from sedamkit.core import nbtext
    from sedamkit.delivery import runner

    (tmp_path / "ed").mkdir()
    (tmp_path / "ed" / "EDITION.json").write_text(json.dumps({"edition": "trainer", "language": "fr"}))
    monkeypatch.chdir(tmp_path / "ed")
    run = runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01"], progress=False, log=None,
                            report=False, pdf=False)                # the demo's client.yaml says language: en
    manifest = json.loads((run / "run.json").read_text())
    assert manifest["parameters"]["language"] == manifest["edition_language"] == "fr"
    executed = nbformat.read(run / "notebooks" / "01_necessity_feasibility.ipynb", as_version=4)
    texts = nbtext.load_texts("01_necessity_feasibility", "fr")
    assert {c.id: c.source for c in executed.cells if c.cell_type == "markdown" and c.source.strip()} == \
        {k: v["text"] for k, v in texts.items()}
    assert executed.metadata["sedam"]["title"] == nbtext.load_header("01_necessity_feasibility", "fr")["title"]
    shown = json.dumps([o.get("data", {}) for c in executed.cells if c.cell_type == "code" for o in c.outputs],
                       ensure_ascii=False)
    assert "✔ Juste" in shown and "✔ Correct" not in shown


def test_the_sessions_and_breaks_constants_say_what_the_catalogue_says():
    from sedamkit.core.i18n import t
    from sedamkit.delivery import course

    for key, title, _, what in (course.OPENING, course.APP_WORKSHOP, course.CLASS_RESULTS, course.CLOSING):
        assert title == t(f"crs.session.{key}.title")
        fields = {"notebook": t("crs.session.class.notebook")} if key == "class" else {}
        assert what == t(f"crs.session.{key}.what", **fields)
    assert [name for name, _, _ in course.BREAKS] == [t(f"crs.break.{k}") for k in ("morning", "lunch", "afternoon")]
