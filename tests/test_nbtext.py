"""The notebooks' Markdown in French (sedamkit.core.nbtext): the translation files, their checks, and every
place the kit writes a notebook for a French reader (runs of a French client, editions in French)."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import warnings
from collections import Counter
from pathlib import Path

import nbformat
import pytest
import yaml

from sedamkit.core import nbtext
from sedamkit.core.errors import SedamError
from sedamkit.core.paths import notebooks_dir

#: Notebooks whose French texts are written by another part of the work (NBF) and not merged yet. The lead
#: empties this set when those files are merged; the completeness test fails for every notebook not in it.
AWAITING: set = set()

NOTEBOOKS = sorted(p for p in notebooks_dir().rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _md(nb):
    return [c for c in nb.cells if c.cell_type == "markdown" and c.source.strip()]


def _tiny(folder: Path, name="01_x.ipynb", texts=("# Title\n\nSome `code` here.", "## Part\n\n| a | b |\n| --- | --- |")):
    cells = [nbformat.v4.new_markdown_cell(t, id=f"m{i}") for i, t in enumerate(texts)]
    cells.insert(1, nbformat.v4.new_code_cell("x = 1", id="k1"))
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / name)
    return folder / name


def _write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _good(nb_path: Path, lang="fr") -> dict:
    nb = nbformat.read(nb_path, as_version=4)
    return {"format": 1, "notebook": nb_path.name, "language": lang,
            "cells": {c.id: {"source": nbtext.source_hash(c.source), "text": "FR " + c.source} for c in _md(nb)}}


@pytest.fixture
def texts_root(tmp_path, monkeypatch):
    """Translation files read from a scratch folder instead of the package's."""
    root = tmp_path / "texts"
    monkeypatch.setattr(nbtext, "texts_dir", lambda language: root / language)
    nbtext.clear_cache()
    yield root
    nbtext.clear_cache()


# ---------------------------------------------------------------- hashing and the format
def test_the_hash_is_the_agreed_one_over_the_joined_source(tmp_path):
    assert nbtext.source_hash("héllo\n") == hashlib.sha1("héllo\n".encode("utf-8")).hexdigest()[:12]
    path = tmp_path / "n.ipynb"
    raw = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A\nb", id="m0")])
    doc = json.loads(nbformat.writes(raw))
    doc["cells"][0]["source"] = ["# A\n", "b"]            # on disk a source is a list of lines
    path.write_text(json.dumps(doc))
    cell = nbformat.read(path, as_version=4).cells[0]
    assert nbtext.source_hash(cell.source) == nbtext.source_hash("# A\nb")


def test_a_hash_of_digits_written_without_quotes_still_matches():
    assert nbtext.same_hash(yaml.safe_load("x: 955884507079")["x"], "955884507079")
    assert nbtext.same_hash(yaml.safe_load("x: 012345670123")["x"], "012345670123")   # YAML 1.1 reads it as octal
    assert not nbtext.same_hash(12, "000000000012x"[:12]) and not nbtext.same_hash(True, "1")


def test_every_shipped_file_is_valid_and_names_its_place():
    files = sorted((Path(nbtext.texts_dir("fr"))).glob("*.yaml"))
    assert len(files) >= 5
    stems = {p.stem for p in NOTEBOOKS}
    for f in files:
        assert f.stem in stems, f"{f.name} translates no notebook"
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        assert nbtext.validate_texts(data, f.name, notebook=f.stem, language="fr").items == []
        assert nbtext.load_texts(f.stem, "fr") == data["cells"]


@pytest.mark.parametrize("content, code, where", [
    ("format: 1\ncells: [\n", "NBT001", None),
    ({"format": 2, "notebook": "01_x.ipynb", "language": "fr", "cells": {}}, "NBT002", "format"),
    ({"format": 1, "notebook": "01_x.ipynb", "language": "fr", "cells": {"m0": {"source": "xyz", "text": "a"}}},
     "NBT002", "cells.m0.source"),
    ({"format": 1, "notebook": "01_x.ipynb", "language": "fr", "cells": {"m0": {"source": "0123456789ab"}}},
     "NBT002", "cells.m0.text"),
    ({"format": 1, "notebook": "01_x.ipynb", "language": "fr", "cells": {"m0": {"source": "0123456789ab", "text": " "}}},
     "NBT002", "cells.m0.text"),
    ({"format": 1, "notebook": "01_x.ipynb", "language": "fr", "cells": {}, "extra": 1}, "NBT002", "(top level)"),
    ("format: 1\nnotebook: 01_x.ipynb\nlanguage: fr\ncells:\n  123:\n    source: 0123456789ab\n    text: a\n",
     "NBT002", "cells.123"),
    ({"format": 1, "notebook": "02_y.ipynb", "language": "fr", "cells": {}}, "NBT003", "notebook"),
    ({"format": 1, "notebook": "01_x.ipynb", "language": "de", "cells": {}}, "NBT003", "language"),
])
def test_a_broken_file_is_a_coded_problem_with_its_place_and_fix(tmp_path, content, code, where):
    path = _write(tmp_path / "fr" / "01_x.yaml", content)
    nbtext.clear_cache()
    with pytest.raises(SedamError) as e:
        nbtext.load_texts("01_x", "fr", path=path)
    p = e.value.problems[0]
    assert p.code == code and p.fix
    assert str(path) in (p.file or "")
    if where:
        assert p.where == where


# ---------------------------------------------------------------- translating
def test_current_texts_replace_the_english_and_code_cells_stay(tmp_path, texts_root):
    nb_path = _tiny(tmp_path / "nbs")
    _write(texts_root / "fr" / "01_x.yaml", _good(nb_path))
    nb = nbformat.read(nb_path, as_version=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = nbtext.translate_notebook(nb, "fr", nb_path)
    assert [c.source for c in out.cells] == ["FR " + nb.cells[0].source, "x = 1", "FR " + nb.cells[2].source]
    assert out.metadata["sedam"]["translation"] == {"language": "fr", "untranslated": []}
    assert nb.cells[0].source.startswith("# Title")          # the notebook given is not changed
    assert nbtext.translate_notebook(nb, "en", nb_path) is nb


def test_a_stale_or_missing_text_keeps_the_english_and_is_reported(tmp_path, texts_root):
    nb_path = _tiny(tmp_path / "nbs")
    data = _good(nb_path)
    data["cells"]["m0"]["source"] = nbtext.source_hash("# An older title")
    del data["cells"]["m1"]
    _write(texts_root / "fr" / "01_x.yaml", data)
    nb = nbformat.read(nb_path, as_version=4)
    with pytest.warns(nbtext.NotebookTextWarning, match=r"\[NBT004\].*m0 \(stale\), m1 \(missing\)"):
        out = nbtext.translate_notebook(nb, "fr", nb_path)
    assert [c.source for c in out.cells] == [c.source for c in nb.cells]
    assert out.metadata["sedam"]["translation"]["untranslated"] == ["m0", "m1"]


def test_a_broken_file_in_a_run_warns_and_keeps_the_english(tmp_path, texts_root):
    nb_path = _tiny(tmp_path / "nbs")
    _write(texts_root / "fr" / "01_x.yaml", "format: [\n")
    nb = nbformat.read(nb_path, as_version=4)
    with pytest.warns(nbtext.NotebookTextWarning, match="NBT001"):
        out = nbtext.translate_notebook(nb, "fr", nb_path)
    assert [c.source for c in out.cells] == [c.source for c in nb.cells]


def test_check_lists_missing_stale_placeholder_and_orphan_texts(tmp_path, texts_root):
    nb_path = _tiny(tmp_path / "nbs", texts=("# One", "## Two", "## Three"))
    data = _good(nb_path)
    data["cells"]["m1"]["source"] = "0" * 12
    data["cells"]["m2"]["text"] = "## Three"                   # still the English: a skeleton's placeholder
    data["cells"]["gone"] = {"source": "1" * 12, "text": "x"}
    _write(texts_root / "fr" / "01_x.yaml", data)
    gaps, probs = nbtext.check(["fr"], tmp_path / "nbs")
    assert [(g.cell, g.status, g.first_line) for g in gaps] == [("m1", "stale", "## Two"), ("m2", "placeholder", "## Three")]
    assert [(p.code, p.where) for p in probs.items] == [("NBT005", "cells.gone")]
    _write(texts_root / "fr" / "01_x.yaml", _good(nb_path))
    nbtext.clear_cache()
    gaps, probs = nbtext.check(["fr"], tmp_path / "nbs")
    assert gaps == [] and probs.items == []


def test_the_check_command_prints_each_gap_and_exits_1_when_there_is_one(capsys):
    gaps, probs = nbtext.check(["fr"])
    rc = nbtext.main(["check", "--language", "fr"])
    out = capsys.readouterr().out
    assert rc == (1 if gaps or probs.items else 0)
    for g in gaps:
        assert str(g) in out


def test_skeleton_writes_placeholders_and_keeps_current_texts(tmp_path, texts_root, capsys):
    nb_path = _tiny(tmp_path / "nbs", texts=("# One\n\ntext: with colon", "## Two\n\n  indented", "## Three  "))
    out = tmp_path / "sk" / "fr" / "01_x.yaml"
    assert nbtext.main(["skeleton", str(nb_path), "--language", "fr", "--out", str(out)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    nb = nbformat.read(nb_path, as_version=4)
    assert nbtext.validate_texts(data, str(out), notebook="01_x", language="fr").items == []
    assert {k: v["text"] for k, v in data["cells"].items()} == {c.id: c.source for c in _md(nb)}
    assert list(data["cells"]) == [c.id for c in _md(nb)]
    # translate one cell, let another go stale: a new skeleton keeps the first and shows the stale text as a comment
    data["cells"]["m0"]["text"] = "# Un"
    data["cells"]["m1"].update(source="0" * 12, text="## Deux (ancien)")
    _write(out, data)
    nbtext.clear_cache()
    assert nbtext.main(["skeleton", str(nb_path), "--language", "fr", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    again = yaml.safe_load(text)
    assert again["cells"]["m0"]["text"] == "# Un"
    assert again["cells"]["m1"] == {"source": nbtext.source_hash(nb.cells[2].source), "text": nb.cells[2].source}
    assert "#   ## Deux (ancien)" in text


def test_the_tool_refuses_an_unknown_notebook_or_english(tmp_path, capsys):
    assert nbtext.main(["skeleton", str(tmp_path / "nope.ipynb"), "--language", "fr"]) == 2
    assert "NBT006" in capsys.readouterr().err
    assert nbtext.main(["skeleton", str(NOTEBOOKS[0]), "--language", "en", "--out", str(tmp_path / "x.yaml")]) == 2
    assert "NBT006" in capsys.readouterr().err and not (tmp_path / "x.yaml").exists()
    assert nbtext.main(["check", "--language", "en"]) == 2
    assert "NBT006" in capsys.readouterr().err


# ---------------------------------------------------------------- the shipped French
@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if _md(nbformat.read(p, as_version=4))], ids=lambda p: p.stem)
def test_every_markdown_cell_has_a_current_french_text(path):
    gaps, probs = nbtext.notebook_gaps(path, "fr")
    if path.stem in AWAITING:
        if gaps or probs.items:
            pytest.xfail(f"{path.stem}: its French texts come from another part of the work (AWAITING)")
        pytest.fail(f"{path.stem} has every French text now: take it out of AWAITING")
    assert not probs.items, "\n".join(map(str, probs.items))
    assert not gaps, "run 'python -m sedamkit.core.nbtext check --language fr':\n" + "\n".join(map(str, gaps))


def _shape(md: str) -> dict:
    body = re.sub(r"```.*?```", "", md, flags=re.S)
    return {"headings": Counter(len(m) for m in re.findall(r"^(#{1,6})\s", body, re.M)),
            "code": Counter(re.findall(r"`[^`\n]+`", md)),
            "table rows": sum(1 for line in md.splitlines() if line.lstrip().startswith("|")),
            "links": Counter(re.findall(r"\]\(([^)\s]+)\)", md)),
            "html": Counter(re.findall(r"</?([a-zA-Z][\w-]*)", body))}


def _french_cells():
    for path in NOTEBOOKS:
        texts = nbtext.load_texts(path.stem, "fr") or {}
        nb = nbformat.read(path, as_version=4)
        for c in _md(nb):
            if c.id in texts:
                yield pytest.param(c.source, texts[c.id]["text"], id=f"{path.stem}-{c.id}")


@pytest.mark.parametrize("english, french", list(_french_cells()))
def test_a_french_text_keeps_the_structure_of_its_english_cell(english, french):
    en, fr = _shape(english), _shape(french)
    for part in en:
        assert fr[part] == en[part], f"{part}: English {en[part]} but French {fr[part]}"


# ---------------------------------------------------------------- where the kit writes notebooks for a reader
def test_a_french_edition_has_french_markdown_prompts_and_readme(tmp_path):
    from sedamkit import editions
    from sedamkit.core.i18n import t

    out = tmp_path / "student"
    editions.build_edition("student", out, language="fr")
    assert json.loads((out / "EDITION.json").read_text())["language"] == "fr"
    assert (out / "README.md").read_text(encoding="utf-8").startswith("# Cahier d'exercices SEDAM")
    texts = nbtext.load_texts("01_necessity_feasibility", "fr")
    nb = nbformat.read(out / "01_necessity_feasibility.ipynb", as_version=4)
    md = {c.id: c.source for c in _md(nb)}
    assert md and md == {k: v["text"] for k, v in texts.items() if k in md}
    assert "c27" not in md                                     # the trainer note is still left out
    prompts = [c.source for c in nb.cells if "answer" in c.metadata.get("tags", [])]
    assert prompts and set(prompts) == {t("nbt.prompt", "fr")}
    english = tmp_path / "en"
    editions.build_edition("student", english)
    assert json.loads((english / "EDITION.json").read_text())["language"] == "en"
    assert "# SEDAM workbook — student edition" in (english / "README.md").read_text(encoding="utf-8")


def test_a_french_edition_notebook_opened_as_it_is_speaks_french(tmp_path, demo_copy):
    from sedamkit import editions
    from sedamkit.delivery.runner import notebook_parameters as runner_parameters, run_notebook

    editions.build_edition("student", tmp_path / "s", language="fr")
    executed = tmp_path / "out.ipynb"
    run_notebook(tmp_path / "s" / "01_necessity_feasibility.ipynb", executed,          # no language given
                 {"client_dir": str(demo_copy), "answers_dir": str(demo_copy / "answers"),
                  "output_dir": str(tmp_path / "results"), "interactive": False}, cwd=tmp_path)
    assert runner_parameters(tmp_path / "s" / "01_necessity_feasibility.ipynb")["language"] == '"fr"'   # as written
    shown = "".join(json.dumps(c.outputs, ensure_ascii=False) for c in nbformat.read(executed, as_version=4).cells
                    if c.cell_type == "code")
    assert "Sécurité des données et vie privée" in shown            # the area titles of the French questionnaire


def test_a_trainer_edition_in_french_and_an_unknown_language(tmp_path):
    from sedamkit import editions

    editions.build_edition("trainer", tmp_path / "t", language="fr")
    nb = nbformat.read(tmp_path / "t" / "90_class_results.ipynb", as_version=4)
    assert _md(nb)[0].source.startswith("# 90 · Résultats de la classe")
    with pytest.raises(SedamError) as e:
        editions.build_edition("student", tmp_path / "x", language="de")
    assert e.value.codes == ["NBT006"] and not (tmp_path / "x").exists()


def test_sedam_edition_takes_a_language(tmp_path):
    from sedamkit.delivery.cli import main

    assert main(["edition", "trainer", "--out", str(tmp_path / "t"), "--language", "fr"]) == 0
    assert json.loads((tmp_path / "t" / "EDITION.json").read_text())["language"] == "fr"


def test_a_french_client_run_executes_notebooks_with_french_markdown(tmp_path, root):
    from sedamkit.delivery import runner

    client = tmp_path / "hopitaux-estuaire"
    shutil.copytree(root / "datasets" / "hopitaux-estuaire", client)
    run = runner.run_client(client, runs_root=tmp_path / "runs", stages=["01"], progress=False, log=None,
                            report=False, pdf=False)
    executed = nbformat.read(run / "notebooks" / "01_necessity_feasibility.ipynb", as_version=4)
    texts = nbtext.load_texts("01_necessity_feasibility", "fr")
    md = {c.id: c.source for c in _md(executed)}
    assert md == {k: v["text"] for k, v in texts.items()}
    assert executed.metadata["sedam"]["translation"] == {"language": "fr", "untranslated": []}
    assert all(o.get("output_type") != "error" for c in executed.cells if c.cell_type == "code" for o in c.outputs)
    shown = json.dumps([o.get("data", {}) for c in executed.cells if c.cell_type == "code" for o in c.outputs],
                       ensure_ascii=False)
    assert "✔ Juste" in shown and "✔ Correct" not in shown      # the checks' feedback is French in a batch run too


def test_an_english_run_keeps_the_kit_notebooks_markdown(tmp_path, demo_copy, root):
    from sedamkit.delivery import runner

    run = runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01"], progress=False, log=None,
                            report=False, pdf=False)
    executed = nbformat.read(run / "notebooks" / "01_necessity_feasibility.ipynb", as_version=4)
    source = nbformat.read(root / "notebooks" / "01_necessity_feasibility.ipynb", as_version=4)
    assert {c.id: c.source for c in _md(executed)} == {c.id: c.source for c in _md(source)}
    assert "translation" not in executed.metadata.get("sedam", {})


def test_student_form_and_language_compose_in_a_run_source(tmp_path):
    from sedamkit.delivery.runner import _source_notebook  # noqa: the runner's own composition, tested where it lives

    out = _source_notebook("01_necessity_feasibility.ipynb", tmp_path, "fr", student=True)
    nb = nbformat.read(out, as_version=4)
    assert not [c for c in nb.cells if {"solution", "trainer"} & set(c.metadata.get("tags", []))]
    assert _md(nb)[0].source.startswith("# 01 · Nécessité et faisabilité")
    plain = _source_notebook("01_necessity_feasibility.ipynb", tmp_path / "b", "fr", student=False)
    assert any("trainer" in c.metadata.get("tags", []) for c in nbformat.read(plain, as_version=4).cells)


# ---------------------------------------------------------------- the notebook's header (title and objectives, issue #12)
_HEADER = {"stage": "01_x", "title": "First steps", "objectives": ["Score the areas", "Decide: go or not"],
           "teach_minutes": 10, "practise_minutes": 5}


def _tiny_with_header(folder: Path, header=None) -> Path:
    path = _tiny(folder)
    nb = nbformat.read(path, as_version=4)
    nb.metadata["sedam"] = dict(header or _HEADER)
    nbformat.write(nb, path)
    return path


def _with_header(nb_path: Path, **change) -> dict:
    nb = nbformat.read(nb_path, as_version=4)
    data = _good(nb_path)
    data["header"] = {"source": nbtext.header_hash(nbtext.header_of(nb)), "title": "Premiers pas",
                      "objectives": ["Noter les domaines", "Décider : y aller ou non"], **change}
    return data


def test_the_header_hash_is_the_agreed_one():
    header = {"title": "Évaluer", "objectives": ["a", "b"]}
    agreed = hashlib.sha1(json.dumps(header, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]
    assert nbtext.header_hash(header) == agreed
    assert nbtext.header_hash({"objectives": ["a", "b"], "title": "Évaluer"}) == agreed


def test_a_current_header_translates_the_copys_title_and_objectives(tmp_path, texts_root):
    nb_path = _tiny_with_header(tmp_path / "nbs")
    _write(texts_root / "fr" / "01_x.yaml", _with_header(nb_path))
    nb = nbformat.read(nb_path, as_version=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = nbtext.translate_notebook(nb, "fr", nb_path)
    meta = out.metadata["sedam"]
    assert (meta["title"], meta["objectives"]) == ("Premiers pas", ["Noter les domaines", "Décider : y aller ou non"])
    assert meta["translation"] == {"language": "fr", "untranslated": []}
    assert meta["teach_minutes"] == 10 and meta["stage"] == "01_x"
    assert nb.metadata["sedam"]["title"] == "First steps"                  # the notebook given is not changed
    gaps, probs = nbtext.check(["fr"], tmp_path / "nbs")
    assert gaps == [] and probs.items == []


@pytest.mark.parametrize("change, status", [({"source": "0" * 12}, "stale"),
                                            ({"objectives": ["Noter les domaines"]}, "stale"),
                                            ({"title": "First steps", "objectives": ["Score the areas",
                                                                                     "Decide: go or not"]}, "placeholder"),
                                            (None, "missing")])
def test_a_stale_or_missing_header_keeps_the_english_and_is_reported(tmp_path, texts_root, change, status):
    nb_path = _tiny_with_header(tmp_path / "nbs")
    data = _with_header(nb_path, **(change or {}))
    if change is None:
        del data["header"]
    _write(texts_root / "fr" / "01_x.yaml", data)
    nb = nbformat.read(nb_path, as_version=4)
    with pytest.warns(nbtext.NotebookTextWarning, match=rf"\[NBT004\] the header \(title and objectives\) has no "
                      rf"current 'fr' text.*: header \({status}\)\."):
        out = nbtext.translate_notebook(nb, "fr", nb_path)
    meta = out.metadata["sedam"]
    assert (meta["title"], meta["objectives"]) == ("First steps", ["Score the areas", "Decide: go or not"])
    assert meta["translation"]["untranslated"] == ["header"]
    assert [c.source for c in out.cells] == ["FR " + nb.cells[0].source, "x = 1", "FR " + nb.cells[2].source]
    gaps, _ = nbtext.check(["fr"], tmp_path / "nbs")
    assert [(g.cell, g.status, g.first_line) for g in gaps] == [("header", status, "First steps")]


def test_the_french_course_plan_keeps_a_stale_header_in_english(tmp_path, texts_root):
    from sedamkit.delivery.course import course_plan

    nb_path = _tiny_with_header(tmp_path / "nbs", {**_HEADER, "exercises": [], "clauses": []})
    _write(texts_root / "fr" / "01_x.yaml", _with_header(nb_path))
    assert "Premiers pas" in course_plan([nb_path], language="fr")
    _write(texts_root / "fr" / "01_x.yaml", _with_header(nb_path, source="0" * 12))
    plan = course_plan([nb_path], language="fr")
    assert "Premiers pas" not in plan and "### `01_x` — First steps" in plan and "- Score the areas" in plan


def test_a_header_for_a_notebook_without_one_or_a_broken_header_is_a_problem(tmp_path, texts_root):
    nb_path = _tiny(tmp_path / "nbs")                                          # no metadata.sedam at all
    data = _good(nb_path)
    data["header"] = {"source": "1" * 12, "title": "Premiers pas", "objectives": []}
    _write(texts_root / "fr" / "01_x.yaml", data)
    _, probs = nbtext.check(["fr"], tmp_path / "nbs")
    assert [(p.code, p.where) for p in probs.items] == [("NBT005", "header")]
    for bad in ({"source": "xyz", "title": "T", "objectives": []}, {"source": "1" * 12, "title": "T", "objectives": "o"},
                {"source": "1" * 12, "title": " ", "objectives": []}, {"source": "1" * 12, "objectives": []},
                {"source": "1" * 12, "title": "T", "objectives": [], "extra": 1}):
        probs = nbtext.validate_texts({**data, "header": bad}, "x.yaml")
        assert probs.items and {p.code for p in probs.items} == {"NBT002"}, bad
        assert all(str(p.where).startswith("header") for p in probs.items), [str(p) for p in probs.items]


def test_skeleton_writes_the_header_and_keeps_a_current_one(tmp_path, texts_root):
    nb_path = _tiny_with_header(tmp_path / "nbs")
    out = tmp_path / "sk" / "fr" / "01_x.yaml"
    assert nbtext.main(["skeleton", str(nb_path), "--language", "fr", "--out", str(out)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert nbtext.validate_texts(data, str(out), notebook="01_x", language="fr").items == []
    assert list(data) == ["format", "notebook", "language", "header", "cells"]
    assert data["header"] == {"source": nbtext.header_hash(nbtext.header_of(nbformat.read(nb_path, as_version=4))),
                              "title": "First steps", "objectives": ["Score the areas", "Decide: go or not"]}
    data["header"].update(title="Premiers pas", objectives=["Noter", "Décider"])
    _write(out, data)
    nbtext.clear_cache()
    assert nbtext.main(["skeleton", str(nb_path), "--language", "fr", "--out", str(out)]) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["header"]["title"] == "Premiers pas"
    data["header"]["source"] = "0" * 12                                       # the English changed since
    _write(out, data)
    nbtext.clear_cache()
    assert nbtext.main(["skeleton", str(nb_path), "--language", "fr", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["header"]["title"] == "First steps" and "#   Premiers pas" in text
    assert "#   - Décider" in text


def test_every_shipped_notebook_header_has_a_current_french_one():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        english = nbtext.header_of(nb)
        if english is None:
            continue
        header = nbtext.load_header(path, "fr")
        assert header is not None, path.name
        assert nbtext.same_hash(header["source"], nbtext.header_hash(english)), path.name
        assert len(header["objectives"]) == len(english["objectives"]), path.name
        assert header["title"] != english["title"] and all(
            f != e for f, e in zip(header["objectives"], english["objectives"])), path.name
        meta = nbtext.translate_notebook(nb, "fr", path, warn=False).metadata["sedam"]
        assert (meta["title"], meta["objectives"]) == (header["title"], header["objectives"])
