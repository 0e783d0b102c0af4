"""Student and trainer editions of the notebooks, generated from one source.

The notebooks in ``notebooks/`` are the *source*: they hold the model answers (cells tagged
``solution``) and the trainer's notes (cells tagged ``trainer``). From them:

* the **student edition** (``dist/student/``) replaces every solution cell by a prompt cell
  (:data:`PROMPT`), drops the trainer notes and the notebooks meant for trainers only
  (``metadata.sedam.audience: trainer``, e.g. the class results), and keeps everything else —
  above all the learner cells and the checks, so the feedback still works;
* the **trainer edition** (``dist/trainer/``) keeps every cell and adds ``COURSE.md``, a course
  plan built from each notebook's ``metadata.sedam`` header (see :func:`course_plan`).

Both editions are written without outputs, atomically, and every ``.ipynb`` below
``notebooks/`` is included (subfolders too, ``.ipynb_checkpoints`` never). A manifest
(``EDITION.json``) lists what was written; a rebuild removes files that an earlier build wrote
and that no longer have a source, and never touches anything else.

An *exercise* is a code cell tagged ``solution``. Its shape is checked before anything is
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

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_code_cell("x = None"),
...     nbformat.v4.new_code_cell("x = 42", metadata={"tags": ["solution"]}),
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

__all__ = ["KINDS", "PROMPT", "DAY_MINUTES", "build_edition", "student_notebook", "trainer_notebook",
           "validate_notebook", "validate_notebooks", "exercises_frame", "find_model_answers", "course_plan",
           "schedule", "timetable", "source_notebooks", "student_readme", "BREAKS"]

KINDS = ("student", "trainer")
#: What a solution cell becomes in the student edition.
PROMPT = "# Your answer here — then run the check below"
#: Teaching minutes in one course day (about six hours, breaks not included).
DAY_MINUTES = 360
MANIFEST = "EDITION.json"
_CHECK = re.compile(r"\b(sk\.)?exercises\.check\w*\s*\(")
_EX_ID = re.compile(r"""exercises\.check\(\s*["']([\w.-]+)["']""")


def _tags(cell) -> list:
    return list(cell.get("metadata", {}).get("tags", []) or [])


def _is_solution(cell) -> bool:
    return cell.get("cell_type") == "code" and "solution" in _tags(cell)


def _is_check(cell) -> bool:
    return cell.get("cell_type") == "code" and bool(_CHECK.search(cell.get("source", "")))


def _next_code(cells, i, step):
    j = i + step
    while 0 <= j < len(cells):
        if cells[j].get("cell_type") == "code":
            return j
        j += step
    return None


def _course_notebooks(paths, src_dir=None) -> list[Path]:
    """The course notebooks among ``paths``: ``NN_*.ipynb`` directly in the notebooks folder."""
    return [p for p in paths if re.match(r"^\d\d_", p.name) and (src_dir is None or p.parent == Path(src_dir))]


def source_notebooks(src=None) -> list[Path]:
    """Every ``.ipynb`` below the notebooks folder (default ``<workspace>/notebooks``), sorted."""
    from ..core.paths import notebooks_dir

    root = Path(src) if src else notebooks_dir()
    return sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _read(path):
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except Exception as e:  # nbformat raises several kinds for a damaged file
        raise SedamError(Problem("EDU005", str(path), None, f"the notebook cannot be read ({e})",
                                 "repair it or restore it from git")) from None


# ---------------------------------------------------------------- validation
def validate_notebook(nb, name: str = "notebook") -> Problems:
    """Every problem with the exercise cells of one notebook (EDU001–EDU003), with cell indexes."""
    probs = Problems(name)
    cells = nb.cells
    for i, c in enumerate(cells):
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
            nb = _read(p)
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
        nb = _read(p)
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
    outputs are stripped; learner cells and checks stay."""
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
    out.cells = cells
    out.metadata.setdefault("sedam", {})["edition"] = "student"
    return out


def trainer_notebook(nb):
    """The trainer copy: every cell, outputs stripped."""
    out = _clean(nb)
    out.metadata.setdefault("sedam", {})["edition"] = "trainer"
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


# ---------------------------------------------------------------- course plan
def schedule(sessions, day_minutes: int = DAY_MINUTES, days: int = 2) -> list[dict]:
    """Spread sessions over course days, keeping their order.

    ``sessions`` is a list of ``(name, minutes)``. Sessions are never split or reordered (the
    stages build on each other). The number of days is ``days`` (two by default) or, when the
    sessions do not fit, the number a greedy next-fit packing into ``day_minutes`` needs (each
    session joins the current day while it fits, otherwise opens the next). The sessions are then
    cut into that many consecutive days so that the longest day is as short as possible (exact,
    by dynamic programming; among equally good cuts the one that ends day 1 earliest wins), so
    the days come out balanced rather than one full and one nearly empty. Days left empty are
    dropped. A session longer than ``day_minutes`` still gets a day (the plan flags it).

    Returns one dict per session: ``notebook``, ``minutes``, ``day`` (1, 2 …), ``start`` (minutes
    since the start of that day's teaching).

    >>> [(s["notebook"], s["day"], s["start"]) for s in schedule([("a", 200), ("b", 100), ("c", 150)])]
    [('a', 1, 0), ('b', 2, 0), ('c', 2, 100)]
    >>> [s["day"] for s in schedule([("a", 300), ("b", 300), ("c", 300)], day_minutes=360)]
    [1, 2, 3]
    """
    sessions = [(name, int(m)) for name, m in sessions]
    n = len(sessions)
    if n == 0:
        return []
    need, used = 1, 0
    for _, m in sessions:                       # greedy next-fit: how many days are needed
        if used and used + m > day_minutes:
            need, used = need + 1, 0
        used += m
    k = min(max(days, need), n)
    pre = [0]
    for _, m in sessions:
        pre.append(pre[-1] + m)
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(k + 1)]   # best[j][i]: first i sessions in j days
    cut = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0
    for j in range(1, k + 1):
        for i in range(1, n + 1):
            for m in range(j - 1, i):
                cost = max(best[j - 1][m], pre[i] - pre[m])
                if cost < best[j][i]:
                    best[j][i], cut[j][i] = cost, m
    bounds, i = [], n
    for j in range(k, 0, -1):
        bounds.append((cut[j][i], i))
        i = cut[j][i]
    out, day = [], 0
    for lo, hi in reversed(bounds):
        if lo == hi:
            continue
        day += 1
        start = 0
        for name, m in sessions[lo:hi]:
            out.append({"notebook": name, "minutes": m, "day": day, "start": start})
            start += m
    return out


def _header(nb, path) -> tuple[dict, list[Problem]]:
    meta = dict(nb.metadata.get("sedam", {}) or {})
    problems = []
    for key in ("title", "teach_minutes", "practise_minutes", "objectives"):
        if key not in meta:
            problems.append(Problem("EDU006", str(path), f"metadata.sedam.{key}", f"the header has no {key!r}",
                                    f"add '{key}' to the notebook's metadata.sedam"))
    meta.setdefault("stage", Path(path).stem)
    meta.setdefault("title", Path(path).stem)
    meta.setdefault("exercises", [])
    meta.setdefault("objectives", [])
    meta.setdefault("clauses", [])
    for key in ("teach_minutes", "practise_minutes"):
        try:
            meta[key] = int(meta.get(key) or 0)
        except (TypeError, ValueError):
            problems.append(Problem("EDU006", str(path), f"metadata.sedam.{key}", "not a whole number of minutes",
                                    "write the minutes as a number, e.g. 30"))
            meta[key] = 0
    return meta, problems


#: Sessions of the course that are not notebooks: ``(key, title, minutes, what happens)``.
OPENING = ("opening", "Opening", 15, "welcome; the aims and the plan of the course; everyone opens "
           "`00_start_here.ipynb` and runs its first cell (the install works)")
APP_WORKSHOP = ("app", "App workshop", 45, "`sedam app`: the group answers the stage 01 self-assessment in the "
                "browser, as a client's management team would, and compares with the notebook")
CLASS_RESULTS = ("class", "Class results", 30, "everyone runs `sedam hand-in` and sends the zip; the trainer runs "
                 "`sedam class FOLDER` (or opens the class results notebook), prints `class.html` and discusses where "
                 "the class disagreed")
CLOSING = ("closing", "Closing", 15, "key points of the six stages; what to do with a real client; feedback")
#: Breaks: ``(name, minutes, target teaching minutes into the day)``; each falls between two sessions,
#: at the gap nearest its target (sessions are never split).
BREAKS = (("morning break", 15, 90), ("lunch", 60, 180), ("afternoon break", 15, 285))
START = 9 * 60


def _nearest(gaps, target, lo=None, hi=None):
    ok = [g for g in gaps if (lo is None or g > lo) and (hi is None or g < hi)]
    return min(ok, key=lambda g: (abs(g - target), g)) if ok else None


def _day_breaks(minutes: list[int]) -> dict:
    """``{gap: (name, minutes)}`` for one day's sessions: gap ``k`` is after the ``k``-th session (teaching
    minutes since the day's start). Lunch first (days of four teaching hours or more), then the morning
    break before it and the afternoon break after it (each only when at least 45 minutes separate them).

    >>> _day_breaks([60, 60, 60, 60, 60, 60])
    {60: ('morning break', 15), 180: ('lunch', 60), 300: ('afternoon break', 15)}
    >>> _day_breaks([30, 30])
    {}
    """
    gaps, t = [], 0
    for m in minutes[:-1]:
        t += m
        gaps.append(t)
    total = sum(minutes)
    out = {}
    (mname, mmin, mt), (lname, lmin, lt), (aname, amin, at) = BREAKS
    lunch = _nearest(gaps, lt) if total >= 240 else None
    if lunch is not None:
        out[lunch] = (lname, lmin)
    morning = _nearest([g for g in gaps if g >= 45 and (lunch is None or lunch - g >= 45)], mt)
    if morning is not None and total >= 120:
        out[morning] = (mname, mmin)
    if lunch is not None:
        after = _nearest([g for g in gaps if g - lunch >= 45 and total - g >= 30], at)
        if after is not None:
            out[after] = (aname, amin)
    return dict(sorted(out.items()))


def timetable(sessions, day_minutes: int = DAY_MINUTES, days: int = 2) -> list[dict]:
    """The course days with clock times: :func:`schedule`'s days, each starting at 09:00, with its breaks
    (:data:`BREAKS`) put between sessions; ``days`` as for :func:`schedule`.

    ``sessions`` is a list of ``(name, minutes)``. Returns one dict per row, in order: ``day``,
    ``start`` and ``end`` (``"HH:MM"``), ``kind`` (``"session"`` or ``"break"``), ``name``, ``minutes``.

    >>> rows = timetable([("a", 90), ("b", 90), ("c", 90), ("d", 90)], day_minutes=400, days=1)
    >>> [(r["start"], r["name"]) for r in rows if r["day"] == 1]
    [('09:00', 'a'), ('10:30', 'morning break'), ('10:45', 'b'), ('12:15', 'lunch'), ('13:15', 'c'), ('14:45', 'afternoon break'), ('15:00', 'd')]
    """
    plan = schedule(sessions, day_minutes, days)
    rows = []
    for d in sorted({s["day"] for s in plan}):
        today = [s for s in plan if s["day"] == d]
        breaks = _day_breaks([s["minutes"] for s in today])
        clock, taught = START, 0
        for s in today:
            rows.append({"day": d, "start": _hhmm(clock), "end": _hhmm(clock + s["minutes"]), "kind": "session",
                         "name": s["notebook"], "minutes": s["minutes"]})
            clock += s["minutes"]
            taught += s["minutes"]
            if taught in breaks:
                name, m = breaks[taught]
                rows.append({"day": d, "start": _hhmm(clock), "end": _hhmm(clock + m), "kind": "break",
                             "name": name, "minutes": m})
                clock += m
    return rows


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def course_plan(paths=None, day_minutes: int = DAY_MINUTES) -> str:
    """The trainer's course plan (Markdown) from the notebooks' ``metadata.sedam`` headers: a timetable
    a trainer can print.

    For every notebook: title, clauses, objectives, minutes to teach and to practise, its exercises
    (ids and the cell of each model answer, counted from 1 at the top as JupyterLab shows them). Only
    the course notebooks (``NN_*.ipynb``) are planned; app pages and other notebooks in subfolders are
    copied but not scheduled. The timetable (:func:`timetable`): an opening session, the notebooks in
    order with the app workshop after stage 01, then the class results (hand-in and debrief) and a
    closing session, spread over days of ``day_minutes`` teaching minutes (two days for the whole
    workbook) from 09:00, with a morning break, lunch and an afternoon break between sessions. Notebooks
    for trainers only (``audience: trainer``) are listed as trainer tools; the class results session
    takes its minutes from the class results notebook when there is one. Raises EDU006 when a header
    lacks what the plan needs.
    """
    from ..core.paths import notebooks_dir

    if paths is None:
        paths = _course_notebooks(source_notebooks(), notebooks_dir())
    else:
        paths = _course_notebooks([Path(p) for p in paths])
    probs, rows = Problems(), []
    ex = exercises_frame(paths)
    for p in paths:
        nb = _read(p)
        meta, problems = _header(nb, p)
        probs.extend(problems)
        rows.append((p, meta))
    probs.raise_if_any("the notebooks' headers cannot make a course plan")

    taught = [(p, m) for p, m in rows if m.get("audience") != "trainer"]
    tools = [(p, m) for p, m in rows if m.get("audience") == "trainer"]
    total_t = sum(m["teach_minutes"] for _, m in taught)
    total_p = sum(m["practise_minutes"] for _, m in taught)
    klass = next(((p, m) for p, m in tools if "class" in p.stem), None)
    extra = {k: (title, minutes, what) for k, title, minutes, what in (OPENING, APP_WORKSHOP, CLASS_RESULTS, CLOSING)}
    if klass:
        t, _, what = extra["class"]
        extra["class"] = (t, (klass[1]["teach_minutes"] + klass[1]["practise_minutes"]) or 30,
                          what.replace("the class results notebook", f"`{klass[0].name}`"))
    sessions = [("opening", extra["opening"][1])]
    for p, m in taught:
        sessions.append((p.stem, m["teach_minutes"] + m["practise_minutes"]))
        if p.stem.startswith("01_"):
            sessions.append(("app", extra["app"][1]))
    if not any(name == "app" for name, _ in sessions):
        sessions.append(("app", extra["app"][1]))
    sessions += [("class", extra["class"][1]), ("closing", extra["closing"][1])]
    table = timetable(sessions, day_minutes)
    days = max((r["day"] for r in table), default=0)
    by_name = dict((p.stem, m) for p, m in taught)

    L = ["# Course plan", "",
         "Generated by `sedam edition trainer` from the header of each notebook (`metadata.sedam`). "
         "Edit the notebooks, not this file.", "",
         f"**{len(taught)} notebooks** · teach {total_t} min · practise {total_p} min · "
         f"total {_hm(total_t + total_p)} · {len(ex)} exercises · with the opening, the app workshop, the class "
         f"results and the closing: {_hm(sum(m for _, m in sessions))} over {days} day{'s' if days != 1 else ''}", "",
         "## Overview", "",
         "| notebook | title | clauses | teach | practise | exercises |",
         "| --- | --- | --- | ---: | ---: | --- |"]
    for p, m in taught:
        L.append(f"| `{p.stem}` | {m['title']} | {', '.join(map(str, m['clauses']))} | {m['teach_minutes']} | "
                 f"{m['practise_minutes']} | {', '.join(f'`{e}`' for e in m['exercises']) or '—'} |")
    L += ["", f"## Suggested schedule ({days} day{'s' if days != 1 else ''})", "",
          "Sessions stay in order and are never split. They are spread over two days (more only when they do not "
          f"fit in {day_minutes / 60:g} teaching hours a day), cut so that the longest day is as short as possible. "
          "Days start at 09:00. The morning break (15 min), lunch (one hour) and the afternoon break (15 min) fall "
          "between sessions, at the gap nearest 1 h 30, 3 h and 4 h 45 of teaching into the day.", ""]
    for d in range(1, days + 1):
        today = [r for r in table if r["day"] == d]
        used = sum(r["minutes"] for r in today if r["kind"] == "session")
        L += [f"### Day {d} — {today[0]['start']} to {today[-1]['end']}, {_hm(used)} of teaching"
              + (f" (over the {_hm(day_minutes)} day)" if used > day_minutes else ""), "",
              "| time | session | minutes | what happens |", "| --- | --- | ---: | --- |"]
        for r in today:
            when = f"{r['start']}–{r['end']}"
            if r["kind"] == "break":
                L.append(f"| {when} | *{r['name']}* | {r['minutes']} | |")
            elif r["name"] in by_name:
                m = by_name[r["name"]]
                L.append(f"| {when} | `{r['name']}` {m['title']} | {r['minutes']} | teach {m['teach_minutes']} min, "
                         f"practise {m['practise_minutes']} min |")
            else:
                title, minutes, what = extra[r["name"]]
                L.append(f"| {when} | **{title}** | {r['minutes']} | {what} |")
        L.append("")
    if days > 2:
        L += [f"> The course needs {days} days of {_hm(day_minutes)}. For two days, shorten practise time or "
              "set some exercises as homework.", ""]
    L += ["## Notebook by notebook", "",
          "Cells are counted as in JupyterLab: from 1 at the top of the notebook, markdown cells included.", ""]
    for p, m in taught:
        L += [f"### `{p.stem}` — {m['title']}", "",
              f"Clauses: {', '.join(map(str, m['clauses'])) or '—'} · teach {m['teach_minutes']} min · "
              f"practise {m['practise_minutes']} min", "", "Objectives:", ""]
        L += [f"- {o}" for o in m["objectives"]] or ["- —"]
        mine = ex[ex["notebook"] == p.stem]
        if len(mine):
            L += ["", "Exercises (model answer cell → check):", ""]
            L += [f"- `{r.exercise or '?'}` — model answer in cell {r.cell + 1}, its check in the next code cell"
                  for r in mine.itertuples()]
        L.append("")
    if tools:
        L += ["## Trainer tools", ""]
        L += [f"- `{p.stem}` — {m['title']}: " + "; ".join(m["objectives"]) for p, m in tools]
        L.append("")
    return "\n".join(L)


def _hm(minutes: int) -> str:
    h, m = divmod(int(minutes), 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


# ---------------------------------------------------------------- building
def build_edition(kind: str, out_dir=None, *, src=None) -> list[Path]:
    """Write the ``student`` or ``trainer`` edition; return the files written.

    ``out_dir`` is the edition's folder (default ``<workspace>/dist/<kind>``); ``src`` the source
    notebooks folder (default ``<workspace>/notebooks``). Every notebook is validated first
    (EDU001–EDU006, all problems at once) and nothing is written when one fails. The student
    edition is then searched for model answers (EDU004).
    """
    import nbformat

    from ..core.fileio import atomic_write_text, write_json
    from ..core.paths import notebooks_dir, workspace

    if kind not in KINDS:
        raise SedamError(Problem("EDU007", None, "kind", f"unknown edition {kind!r}", "use 'student' or 'trainer'"))
    src_dir = (Path(src) if src else notebooks_dir()).resolve()
    out = (Path(out_dir) if out_dir else workspace() / "dist" / kind).resolve()
    if out == src_dir or src_dir in out.parents or out in src_dir.parents:
        raise SedamError(Problem("EDU007", str(out), "out_dir", "the edition would be written over the source notebooks",
                                 "choose a folder outside notebooks/, e.g. dist/" + kind))
    paths = source_notebooks(src_dir)
    probs = validate_notebooks(paths)
    notebooks = {}
    for p in paths:
        nb = _read(p)
        notebooks[p] = nb
        if kind == "trainer" and p in _course_notebooks([p], src_dir):
            probs.extend(_header(nb, p)[1])
    probs.raise_if_any(f"the {kind} edition was not written")

    written = []
    for p, nb in notebooks.items():
        meta = nb.metadata.get("sedam", {}) or {}
        if kind == "student" and meta.get("audience") == "trainer":
            continue
        new = student_notebook(nb) if kind == "student" else trainer_notebook(nb)
        nbformat.validate(new)
        target = out / p.relative_to(src_dir)
        written.append(atomic_write_text(target, nbformat.writes(new) + "\n"))
    if kind == "trainer":
        written.append(atomic_write_text(out / "COURSE.md", course_plan(_course_notebooks(paths, src_dir)) + "\n"))
    else:
        written += _copy_demo(out)
        written.append(atomic_write_text(out / "README.md", student_readme()))
    _remove_stale(out, written)
    # the manifest also marks the folder as an edition: notebooks opened in it keep their answers there
    # wherever it is copied (sedamkit.core.paths.edition_root)
    from .. import __version__

    write_json(out / MANIFEST, {"edition": kind, "kit_version": __version__,
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
    return [atomic_write_bytes(out / "datasets" / "demo" / p.relative_to(demo), p.read_bytes())
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


def student_readme() -> str:
    """The student edition's README: how to install the kit, open the notebooks, where answers go, how
    to hand in. Plain words; the install command names this kit's version."""
    from .. import __version__

    return f"""# SEDAM workbook — student edition

This folder is your workbook. It holds the notebooks, the demo client's data (`datasets/demo/`) and,
once you start, your answers (`answers/`). You can copy or move the folder anywhere.

## 1. Install the kit (once)

You need Python 3.10 or newer. In a terminal, run the ONE command your trainer gives you, either

    pip install sedamkit-{__version__}-py3-none-any.whl

(with the file your trainer handed out, in the current folder), or

    pip install sedamkit

## 2. Open the notebooks

In a terminal, go into this folder and start JupyterLab:

    cd path/to/this/folder
    jupyter lab

(On a shared server that runs as root, add `--allow-root`.) Your browser opens. Open
`00_start_here.ipynb` first, then the stages in order, 01 to 06. Run the cells from the top
(Shift+Enter runs one cell).

## 3. The exercises

1. Read the task.
2. Write your answer in the cell that sets it to `None`, or in the cell marked "Your answer here".
3. Run the check cell below it: it tells you what is right or what to look at again. Try as often
   as you like.

## 4. Where your answers are saved

Everything you click in a questionnaire, and the result of every check, is saved at once in the
`answers/` folder inside this folder (your questionnaire answers as `me.json`, your exercise
results in `exercises.json`). Closing the browser or restarting loses nothing. The demo client's
own files are never changed.

## 5. Hand in

When your trainer asks, run in this folder:

    sedam hand-in

It asks your name once (and remembers it), then writes a zip named after you into `hand-in/`.
Send that zip to your trainer. Run it again later to hand in an updated copy: the earlier zip is kept.

To start again from scratch: `sedam reset` (it keeps a backup and tells you where).
"""
