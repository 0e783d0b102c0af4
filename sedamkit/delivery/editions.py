"""Student and trainer editions of the notebooks, generated from one source.

The notebooks in ``notebooks/`` are the *source*: they hold the model answers (cells tagged
``solution``) and the trainer's notes (cells tagged ``trainer``). From them:

* the **student edition** (``dist/student/``) replaces every solution cell by a prompt cell
  (:data:`PROMPT`), drops the trainer notes and the notebooks meant for trainers only
  (``metadata.sedam.audience: trainer``, e.g. the class results), moves every cell that *reveals*
  an exercise's answer to just after that exercise's check (see below), and keeps everything else —
  above all the learner cells and the checks, so the feedback still works;
* the **trainer edition** (``dist/trainer/``) keeps every cell and adds ``COURSE.md``, a course
  plan built from each notebook's ``metadata.sedam`` header (see :func:`course_plan`).

``language`` (``sedam edition … --language fr``) gives an edition in another language: the Markdown of
every notebook and its header's title and objectives, the trainer's ``COURSE.md``, the prompts that
replace model answers and the student README are in that language and the ``language`` parameter's
default (:func:`edition_notebook`; the texts are in ``sedamkit/data/i18n/``; a cell without a current
translation keeps its English, see :mod:`sedamkit.core.nbtext`), and ``EDITION.json`` records it. Runs
and notebooks made inside a non-English edition use its language unless given one explicitly, even for
a client whose ``client.yaml`` says another (:func:`sedamkit.core.paths.edition_language`).

Both editions are written without outputs, atomically, and every ``.ipynb`` below
``notebooks/`` is included (subfolders too, ``.ipynb_checkpoints`` never). A manifest
(``EDITION.json``) lists what was written; a rebuild removes files that an earlier build wrote
and that no longer have a source, and never touches anything else.

A cell whose output shows an exercise's answer is marked with the exercise's id, as a tag
``reveals-<exercise id>`` or in ``metadata.sedam.reveals`` (a list of ids). The student edition moves
it to just after the check of the last exercise it reveals (keeping the other cells' order), and
records where it came from in ``metadata.sedam.moved_after`` (the id of the cell it followed). Such a
cell must only show things: cells below it, up to that check, must not need what it defines.

An *exercise* is a code cell tagged ``solution``; its code starts with ``# Model answer``
(:data:`sedamkit.core.exercises.MODEL_ANSWER_MARKER`), so a check run right after it is not
counted as the learner's attempt. Its shape is checked before anything is
written (:func:`validate_notebook`): the code cell before it is the learner's cell (it sets the
answer variable to ``None``), and the next code cell is the check (it calls
``sk.exercises.check…``). After writing, the student edition is searched for model answers
(:func:`find_model_answers`), so a leak fails the build instead of reaching students.

Error codes
-----------
EDU001  a solution cell is not followed by a check cell
EDU002  a check cell is not preceded by a solution cell
EDU003  a solution cell has no learner cell (a code cell setting the answer to ``None``) before it
EDU004  a generated student notebook still contains a model answer
EDU005  a notebook cannot be read
EDU006  a notebook's ``metadata.sedam`` header lacks what the course plan needs
EDU007  unknown edition kind, or an output folder that would overwrite the source notebooks
EDU009  a cell marked as revealing an exercise names an exercise whose check is not in the notebook
EDU010  a solution cell does not start with the model-answer marker (``# Model answer``)

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_code_cell("x = None"),
...     nbformat.v4.new_code_cell("# Model answer\\nx = 42", metadata={"tags": ["solution"]}),
...     nbformat.v4.new_code_cell("sk.exercises.check_number(x, 42)"),
...     nbformat.v4.new_markdown_cell("Ask the room.", metadata={"tags": ["trainer"]})])
>>> [c.source for c in student_notebook(nb).cells]
['x = None', '# Your answer here — then run the check below', 'sk.exercises.check_number(x, 42)']
>>> len(validate_notebook(nb, "demo.ipynb"))
0
>>> plan = schedule([("00", 30), ("01", 75), ("02", 300)], day_minutes=360)
>>> [(s["notebook"], s["day"]) for s in plan]
[('00', 1), ('01', 1), ('02', 2)]
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from ..core.errors import Problem, Problems, SedamError
from .course import BREAKS, DAY_MINUTES, course_plan, notebook_header, schedule, timetable  # noqa: F401 — re-exported

__all__ = ["KINDS", "PROMPT", "DAY_MINUTES", "build_edition", "student_notebook", "trainer_notebook",
           "validate_notebook", "validate_notebooks", "exercises_frame", "find_model_answers", "course_plan", "read_notebook",
           "course_notebooks", "reveals", "check_positions", "move_revealing_cells",
           "schedule", "timetable", "source_notebooks", "student_readme", "edition_notebook", "BREAKS"]

KINDS = ("student", "trainer")
#: What a solution cell becomes in the student edition.
PROMPT = "# Your answer here — then run the check below"
MANIFEST = "EDITION.json"
_CHECK = re.compile(r"\b(sk\.)?exercises\.check\w*\s*\(")
_LANGUAGE_DEFAULT = re.compile(r"^(language\s*=\s*)None\b", re.M)
_EX_ID = re.compile(r"""exercises\.check\(\s*["']([\w.-]+)["']""")


def _tags(cell) -> list:
    return list(cell.get("metadata", {}).get("tags", []) or [])


def _is_solution(cell) -> bool:
    return cell.get("cell_type") == "code" and "solution" in _tags(cell)


def _is_check(cell) -> bool:
    return cell.get("cell_type") == "code" and bool(_CHECK.search(cell.get("source", "")))


def reveals(cell) -> list:
    """The exercise ids a cell's output reveals: tags ``reveals-<id>`` and ``metadata.sedam.reveals``.

    >>> reveals({"metadata": {"tags": ["reveals-01_decision"], "sedam": {"reveals": "01_x"}}})
    ['01_decision', '01_x']
    """
    meta = (cell.get("metadata", {}) or {}).get("sedam", {}) or {}
    listed = meta.get("reveals") or []
    listed = [listed] if isinstance(listed, str) else list(listed)
    return [t[len("reveals-"):] for t in _tags(cell) if t.startswith("reveals-")] + [str(x) for x in listed]


def check_positions(cells) -> dict:
    """``{exercise id: index of its check cell}`` (the id in ``sk.exercises.check("…")``)."""
    out = {}
    for i, c in enumerate(cells):
        m = _EX_ID.search(c.get("source", "")) if _is_check(c) else None
        if m:
            out.setdefault(m.group(1), i)
    return out


def move_revealing_cells(cells) -> list:
    """The cells with each revealing cell (:func:`reveals`) moved to just after the check of the last
    exercise it reveals, when that check is below it; the moved cell's ``metadata.sedam.moved_after``
    names the cell it followed."""
    checks = check_positions(cells)
    after: dict = {}
    keep = []
    for i, c in enumerate(cells):
        targets = [checks[e] for e in reveals(c) if checks.get(e, -1) > i]
        if not targets:
            keep.append(c)
            continue
        c = copy.deepcopy(c)
        c.setdefault("metadata", {}).setdefault("sedam", {})["moved_after"] = cells[i - 1].get("id") if i else None
        after.setdefault(max(targets), []).append(c)
    out = []
    for c in keep:
        out.append(c)
        j = next((k for k, x in enumerate(cells) if x is c), None)
        out.extend(after.pop(j, []) if j is not None else [])
    return out


def _next_code(cells, i, step):
    j = i + step
    while 0 <= j < len(cells):
        if cells[j].get("cell_type") == "code":
            return j
        j += step
    return None


def course_notebooks(paths, src_dir=None) -> list[Path]:
    """The course notebooks among ``paths``: ``NN_*.ipynb`` directly in the notebooks folder."""
    return [p for p in paths if re.match(r"^\d\d_", p.name) and (src_dir is None or p.parent == Path(src_dir))]


def source_notebooks(src=None) -> list[Path]:
    """Every ``.ipynb`` below the notebooks folder (default ``<workspace>/notebooks``), sorted."""
    from ..core.paths import notebooks_dir

    root = Path(src) if src else notebooks_dir()
    return sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def read_notebook(path):
    """A notebook (nbformat v4), or EDU005 when it cannot be read."""
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except Exception as e:  # nbformat raises several kinds for a damaged file
        raise SedamError(Problem("EDU005", str(path), None, f"the notebook cannot be read ({e})",
                                 "repair it or restore it from git")) from None


# ---------------------------------------------------------------- validation
def validate_notebook(nb, name: str = "notebook") -> Problems:
    """Every problem with the exercise cells of one notebook (EDU001–EDU003), with cell indexes."""
    from ..core.exercises import MODEL_ANSWER_MARKER

    probs = Problems(name)
    cells = nb.cells
    checks = check_positions(cells)
    for i, c in enumerate(cells):
        unknown = [e for e in reveals(c) if e not in checks]
        if unknown:
            probs.add("EDU009", f"cell {i}", f"marked as revealing {', '.join(unknown)}, whose check is not in this "
                      "notebook", "use the id passed to sk.exercises.check(\"…\") below this cell")
        if _is_solution(c) and not c.source.lstrip().startswith(MODEL_ANSWER_MARKER):
            probs.add("EDU010", f"cell {i}", f"this solution cell does not start with {MODEL_ANSWER_MARKER!r}",
                      f"make {MODEL_ANSWER_MARKER!r} its first line, so its check is not taken for the learner's try")
        if _is_solution(c):
            j = _next_code(cells, i, +1)
            if j is None or not _is_check(cells[j]):
                probs.add("EDU001", f"cell {i}", "this solution cell is not followed by a check cell",
                          "add a code cell calling sk.exercises.check… right after the solution")
            k = _next_code(cells, i, -1)
            if k is None or _is_solution(cells[k]) or _is_check(cells[k]) or "None" not in cells[k].source:
                probs.add("EDU003", f"cell {i}", "no learner cell (setting the answer to None) before this solution",
                          "put a code cell such as 'my_answer = None' before the solution cell")
        elif _is_check(c):
            k = _next_code(cells, i, -1)
            if k is None or not _is_solution(cells[k]):
                probs.add("EDU002", f"cell {i}", "this check cell has no solution cell before it",
                          "add the model answer in a code cell tagged 'solution' just before the check")
    return probs


def validate_notebooks(paths=None) -> Problems:
    """Validate every source notebook; returns all problems together (nothing is raised)."""
    probs = Problems()
    for p in (source_notebooks() if paths is None else [Path(x) for x in paths]):
        try:
            nb = read_notebook(p)
        except SedamError as e:
            probs.extend(e.problems)
            continue
        probs.extend(validate_notebook(nb, str(p)).items)
    return probs


def exercises_frame(paths=None):
    """One row per exercise: ``notebook``, ``cell`` (index of the solution cell), ``exercise``
    (the id passed to ``sk.exercises.check("…")``, else the header's ``exercises`` list in order,
    else the check function's name), ``check``
    (the check cell's first line)."""
    import pandas as pd

    rows = []
    for p in (source_notebooks() if paths is None else [Path(x) for x in paths]):
        nb = read_notebook(p)
        cells = nb.cells
        declared = list((nb.metadata.get("sedam", {}) or {}).get("exercises", []) or [])
        sols = [i for i, c in enumerate(cells) if _is_solution(c)]
        for n, i in enumerate(sols):
            j = _next_code(cells, i, +1)
            src = cells[j].source if j is not None and _is_check(cells[j]) else ""
            m = _EX_ID.search(src)
            # an explicit id in sk.exercises.check("id", …); else the header's list, in order
            ex_id = m.group(1) if m else (declared[n] if len(declared) == len(sols) else "")
            if not ex_id:
                f = re.search(r"exercises\.(check_\w+)", src)
                ex_id = f.group(1) if f else ""
            rows.append({"notebook": p.stem, "cell": i, "exercise": ex_id,
                         "check": src.strip().splitlines()[0] if src.strip() else ""})
    return pd.DataFrame(rows, columns=["notebook", "cell", "exercise", "check"])


# ---------------------------------------------------------------- transformations
def _clean(nb):
    nb = copy.deepcopy(nb)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
        c.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("papermill", None)
    return nb


def student_notebook(nb):
    """The student copy of a notebook: solutions become :data:`PROMPT` cells, ``trainer`` cells go,
    cells that reveal an answer move below its check (:func:`move_revealing_cells`), outputs are
    stripped; learner cells and checks stay."""
    import nbformat

    out = _clean(nb)
    cells = []
    for c in out.cells:
        tags = _tags(c)
        if "trainer" in tags:
            continue
        if _is_solution(c) or (c.cell_type != "code" and "solution" in tags):
            cell = nbformat.v4.new_code_cell(PROMPT, metadata={"tags": ["answer"]})
            if c.get("id"):
                cell["id"] = c["id"]
            cells.append(cell)
            continue
        cells.append(c)
    out.cells = move_revealing_cells(cells)
    out.metadata.setdefault("sedam", {})["edition"] = "student"
    return out


def trainer_notebook(nb):
    """The trainer copy: every cell, outputs stripped."""
    out = _clean(nb)
    out.metadata.setdefault("sedam", {})["edition"] = "trainer"
    return out


def edition_notebook(nb, kind, language=None, name=None):
    """A notebook as an edition's reader gets it, in the edition's form and language.

    ``kind`` is ``student`` or ``trainer`` (:func:`student_notebook`, :func:`trainer_notebook`; None keeps
    the notebook as it is); its Markdown and answer prompts are then put in ``language``
    (:func:`sedamkit.core.nbtext.translate_notebook`; ``name`` is the notebook's file, which says whose
    translations apply). English, or no language, leaves the text as written."""
    from ..core.i18n import normalise_language, t
    from ..core.nbtext import translate_notebook

    out = student_notebook(nb) if kind == "student" else trainer_notebook(nb) if kind == "trainer" else nb
    lang = normalise_language(language)
    if lang == "en":
        return out
    out = translate_notebook(out, lang, name)
    prompt = t("nbt.prompt", lang)
    for c in out.cells:
        if c.cell_type == "code" and c.source == PROMPT:
            c.source = prompt
        elif c.cell_type == "code" and "parameters" in _tags(c):  # opened as it is, it speaks its edition's language
            c.source = _LANGUAGE_DEFAULT.sub(f'\\1"{lang}"', c.source)
    return out


def _significant_lines(source: str) -> set:
    lines = set()
    for line in source.splitlines():
        s = line.strip()
        if len(s) >= 16 and not s.startswith("#"):
            lines.add(s)
    return lines


def find_model_answers(student_dir, src=None) -> Problems:
    """Search the *generated* student notebooks for model answers (EDU004).

    A leak is a cell still tagged ``solution``, or a line of a source solution cell (16 characters
    or more, not a comment, and not also present in a non-solution cell of the source) found
    anywhere in the generated notebook.
    """
    import nbformat

    from ..core.paths import notebooks_dir

    probs = Problems()
    student_dir = Path(student_dir)
    root = Path(src) if src else notebooks_dir()
    for p in source_notebooks(root):
        target = student_dir / p.relative_to(root)
        if not target.exists():
            continue
        source = nbformat.read(str(p), as_version=4)
        sol, other = set(), set()
        for c in source.cells:
            (sol if "solution" in _tags(c) else other).update(_significant_lines(c.source))
        secret = sol - other
        gen = nbformat.read(str(target), as_version=4)
        for i, c in enumerate(gen.cells):
            if "solution" in _tags(c):
                probs.add("EDU004", f"cell {i}", "a cell is still tagged 'solution'", "rebuild the edition",
                          file=str(target))
            leaked = sorted(_significant_lines(c.source) & secret)
            if leaked:
                probs.add("EDU004", f"cell {i}", f"model answer line found: {leaked[0]!r}",
                          "move that line into the solution cell only, then rebuild", file=str(target))
    return probs


# ---------------------------------------------------------------- building
def build_edition(kind: str, out_dir=None, *, src=None, language: str = "en") -> list[Path]:
    """Write the ``student`` or ``trainer`` edition; return the files written.

    ``out_dir`` is the edition's folder (default ``<workspace>/dist/<kind>``); ``src`` the source
    notebooks folder (default ``<workspace>/notebooks``); ``language`` the language of its text (a
    language the kit has no notebook texts for is ``NBT006``). Every notebook is validated first
    (EDU001–EDU006, all problems at once) and nothing is written when one fails. The student
    edition is then searched for model answers (EDU004).
    """
    import nbformat

    from ..core.fileio import atomic_write_text, write_json
    from ..core.paths import notebooks_dir, workspace

    if kind not in KINDS:
        raise SedamError(Problem("EDU007", None, "kind", f"unknown edition {kind!r}", "use 'student' or 'trainer'"))
    language = _edition_language(language)
    src_dir = (Path(src) if src else notebooks_dir()).resolve()
    out = (Path(out_dir) if out_dir else workspace() / "dist" / kind).resolve()
    if out == src_dir or src_dir in out.parents or out in src_dir.parents:
        raise SedamError(Problem("EDU007", str(out), "out_dir", "the edition would be written over the source notebooks",
                                 "choose a folder outside notebooks/, e.g. dist/" + kind))
    paths = source_notebooks(src_dir)
    probs = validate_notebooks(paths)
    notebooks = {}
    for p in paths:
        nb = read_notebook(p)
        notebooks[p] = nb
        if kind == "trainer" and p in course_notebooks([p], src_dir):
            probs.extend(notebook_header(nb, p)[1])
    probs.raise_if_any(f"the {kind} edition was not written")

    written = []
    for p, nb in notebooks.items():
        meta = nb.metadata.get("sedam", {}) or {}
        if kind == "student" and meta.get("audience") == "trainer":
            continue
        new = edition_notebook(nb, kind, language, p)
        nbformat.validate(new)
        target = out / p.relative_to(src_dir)
        written.append(atomic_write_text(target, nbformat.writes(new) + "\n"))
    if kind == "trainer":
        plan = course_plan(course_notebooks(paths, src_dir), language=language)
        written.append(atomic_write_text(out / "COURSE.md", plan + "\n"))
    else:
        written += _copy_demo(out)
        written.append(atomic_write_text(out / "README.md", student_readme(language)))
    _remove_stale(out, written)
    # the manifest also marks the folder as an edition: notebooks opened in it keep their answers there
    # wherever it is copied (sedamkit.core.paths.edition_root)
    from .. import __version__

    write_json(out / MANIFEST, {"edition": kind, "kit_version": __version__, "language": language,
                                "files": [str(w.relative_to(out)) for w in written]})
    if kind == "student":
        find_model_answers(out, src_dir).raise_if_any("the student edition still contains model answers")
        written.append(_zip_edition(out))
    return written


def _copy_demo(out: Path) -> list[Path]:
    """The demo client's files, copied into ``<edition>/datasets/demo`` (used when the installed kit
    lacks its own copy, and there for students to open)."""
    from ..core.fileio import atomic_write_bytes
    from ..core.paths import demo_dir

    demo = demo_dir()
    return [atomic_write_bytes(out / "datasets" / demo.name / p.relative_to(demo), p.read_bytes())
            for p in sorted(demo.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]


def _zip_edition(out: Path) -> Path:
    """``<edition>.zip`` beside the edition folder, holding it as ``<edition name>/…`` (fixed dates, so two
    builds of the same sources give the same zip); written atomically."""
    import io
    import zipfile

    from ..core.fileio import atomic_write_bytes

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(out.rglob("*")):
            rel = p.relative_to(out)
            if p.is_file() and not ({".ipynb_checkpoints", "answers", "runs", "hand-in"} & set(rel.parts)):
                zf.writestr(zipfile.ZipInfo(f"{out.name}/{rel.as_posix()}", (2026, 1, 1, 0, 0, 0)), p.read_bytes())
    return atomic_write_bytes(out.with_name(out.name + ".zip"), buf.getvalue())


def _remove_stale(out: Path, written) -> None:
    """Delete files an earlier build listed in its manifest and this build did not write."""
    man = out / MANIFEST
    if not man.is_file():
        return
    try:
        old = json.loads(man.read_text(encoding="utf-8")).get("files", [])
    except (ValueError, AttributeError):
        return
    keep = {str(w.relative_to(out)) for w in written}
    for rel in old:
        f = (out / rel).resolve()
        if rel not in keep and out in f.parents and f.is_file():
            f.unlink()


def _edition_language(language) -> str:
    """The edition's language code; ``NBT006`` for one the kit has no notebook texts in."""
    from ..core.i18n import LANGUAGES, normalise_language
    from ..core.nbtext import available_languages

    lang = normalise_language(language)
    known = sorted({"en", *available_languages()} & set(LANGUAGES))
    if lang not in known:
        raise SedamError(Problem("NBT006", None, "--language", f"no notebook texts in language {language!r}",
                                 "use one of: " + ", ".join(known)))
    return lang


def student_readme(language: str | None = "en") -> str:
    """The student edition's README, in ``language``.

    It says how to install the kit, open the notebooks, where answers go and how to hand in. Plain words; the install command names this kit's version. The text is
    ``nbt.readme.student`` in ``sedamkit/data/i18n/ui_nbtext.yaml``."""
    from .. import __version__
    from ..core.i18n import t

    return t("nbt.readme.student", language, version=__version__)
