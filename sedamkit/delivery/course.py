"""The course plan: a printable timetable of the workbook for the trainer (``COURSE.md`` in the trainer
edition, see :mod:`sedamkit.delivery.editions`).

The notebooks' ``metadata.sedam`` headers give each stage's minutes; :func:`schedule` spreads the
sessions over course days without splitting or reordering them, :func:`timetable` adds clock times
and the breaks, and :func:`course_plan` writes the Markdown page, in English or French (its fixed text is
``crs.*`` in ``sedamkit/data/i18n/ui_course.yaml``; the constants below keep the English names).

>>> plan = schedule([("00", 30), ("01", 75), ("02", 300)], day_minutes=360)
>>> [(s["notebook"], s["day"]) for s in plan]
[('00', 1), ('01', 1), ('02', 2)]
"""
from __future__ import annotations

from pathlib import Path

from ..core.errors import Problem, Problems

__all__ = ["DAY_MINUTES", "BREAKS", "OPENING", "APP_WORKSHOP", "CLASS_RESULTS", "CLOSING", "schedule", "timetable",
           "course_plan", "notebook_header"]

#: Teaching minutes in one course day (about six hours, breaks not included).
DAY_MINUTES = 360


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


def notebook_header(nb, path) -> tuple[dict, list[Problem]]:
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


def course_plan(paths=None, day_minutes: int = DAY_MINUTES, language: str | None = "en") -> str:
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

    ``language`` is the plan's language: its fixed text is ``crs.*`` in ``sedamkit/data/i18n/ui_course.yaml``
    (times and durations written the language's way, e.g. ``9 h 00`` in French), and each notebook's title
    and objectives come from the ``header:`` of its translation file (:func:`sedamkit.core.nbtext.apply_header`;
    a missing or stale header keeps its English — the edition build warns about it).
    """
    from ..core.i18n import normalise_language, t
    from ..core.nbtext import translate_notebook
    from ..core.paths import notebooks_dir
    from .editions import course_notebooks, exercises_frame, read_notebook, source_notebooks

    lang = normalise_language(language)
    if paths is None:
        paths = course_notebooks(source_notebooks(), notebooks_dir())
    else:
        paths = course_notebooks([Path(p) for p in paths])
    probs, rows = Problems(), []
    ex = exercises_frame(paths)
    for p in paths:
        nb = read_notebook(p)
        meta, problems = notebook_header(nb, p)
        probs.extend(problems)
        if lang != "en" and not problems:
            local = (translate_notebook(nb, lang, p, warn=False).metadata.get("sedam") or {})
            meta["title"], meta["objectives"] = local.get("title", meta["title"]), local.get("objectives", meta["objectives"])
        rows.append((p, meta))
    probs.raise_if_any("the notebooks' headers cannot make a course plan")

    def tr(key, **fields):
        return t(key, lang, **fields)

    def n_days(n):
        return tr("crs.days.one" if n == 1 else "crs.days.many", n=n)

    def hm(minutes):
        return _hm(minutes, lang)

    def clock(hhmm):
        return _clock(hhmm, lang)

    taught = [(p, m) for p, m in rows if m.get("audience") != "trainer"]
    tools = [(p, m) for p, m in rows if m.get("audience") == "trainer"]
    total_t = sum(m["teach_minutes"] for _, m in taught)
    total_p = sum(m["practise_minutes"] for _, m in taught)
    klass = next(((p, m) for p, m in tools if "class" in p.stem), None)
    extra = {k: (tr(f"crs.session.{k}.title"), minutes,
                 tr(f"crs.session.{k}.what", notebook=tr("crs.session.class.notebook")) if k == "class"
                 else tr(f"crs.session.{k}.what")) for k, _, minutes, _ in (OPENING, APP_WORKSHOP, CLASS_RESULTS, CLOSING)}
    if klass:
        t_, _, _ = extra["class"]
        extra["class"] = (t_, (klass[1]["teach_minutes"] + klass[1]["practise_minutes"]) or 30,
                          tr("crs.session.class.what", notebook=f"`{klass[0].name}`"))
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
    breaks = {name: f"crs.break.{key}" for (name, _, _), key in zip(BREAKS, ("morning", "lunch", "afternoon"))}

    L = [tr("crs.title"), "", tr("crs.generated"), "",
         tr("crs.summary", notebooks=_num(len(taught), lang), teach=_num(total_t, lang), practise=_num(total_p, lang),
            total=hm(total_t + total_p), exercises=_num(len(ex), lang), whole=hm(sum(m for _, m in sessions)),
            days=n_days(days)), "",
         tr("crs.overview"), "",
         tr("crs.overview.head"),
         "| --- | --- | --- | ---: | ---: | --- |"]
    for p, m in taught:
        L.append(f"| `{p.stem}` | {m['title']} | {', '.join(map(str, m['clauses']))} | {m['teach_minutes']} | "
                 f"{m['practise_minutes']} | {', '.join(f'`{e}`' for e in m['exercises']) or '—'} |")
    L += ["", tr("crs.schedule", days=n_days(days)), "",
          tr("crs.schedule.intro", hours=_num(day_minutes / 60, lang), start=clock(_hhmm(START)),
             morning=hm(BREAKS[0][1]), afternoon=hm(BREAKS[2][1])), ""]
    for d in range(1, days + 1):
        today = [r for r in table if r["day"] == d]
        used = sum(r["minutes"] for r in today if r["kind"] == "session")
        L += [tr("crs.day", day=d, start=clock(today[0]["start"]), end=clock(today[-1]["end"]), used=hm(used))
              + (tr("crs.day.over", day=hm(day_minutes)) if used > day_minutes else ""), "",
              tr("crs.day.head"), "| --- | --- | ---: | --- |"]
        for r in today:
            when = f"{clock(r['start'])}–{clock(r['end'])}"
            if r["kind"] == "break":
                name = tr(breaks[r["name"]]) if r["name"] in breaks else r["name"]
                L.append(f"| {when} | *{name}* | {r['minutes']} | |")
            elif r["name"] in by_name:
                m = by_name[r["name"]]
                L.append(f"| {when} | `{r['name']}` {m['title']} | {r['minutes']} | "
                         + tr("crs.day.notebook", teach=m["teach_minutes"], practise=m["practise_minutes"]) + " |")
            else:
                title, minutes, what = extra[r["name"]]
                L.append(f"| {when} | **{title}** | {r['minutes']} | {what} |")
        L.append("")
    if days > 2:
        L += [tr("crs.too_long", days=days, day=hm(day_minutes)), ""]
    L += [tr("crs.by_notebook"), "", tr("crs.by_notebook.intro"), ""]
    for p, m in taught:
        L += [f"### `{p.stem}` — {m['title']}", "",
              tr("crs.notebook.line", clauses=", ".join(map(str, m["clauses"])) or "—", teach=m["teach_minutes"],
                 practise=m["practise_minutes"]), "", tr("crs.objectives"), ""]
        L += [f"- {o}" for o in m["objectives"]] or ["- —"]
        mine = ex[ex["notebook"] == p.stem]
        if len(mine):
            L += ["", tr("crs.exercises"), ""]
            L += ["- " + tr("crs.exercise", exercise=r.exercise or "?", cell=r.cell + 1) for r in mine.itertuples()]
        L.append("")
    if tools:
        L += [tr("crs.tools"), ""]
        L += [tr("crs.tool", stem=p.stem, title=m["title"], objectives="; ".join(m["objectives"])) for p, m in tools]
        L.append("")
    return "\n".join(L)


def _hm(minutes: int, language: str = "en") -> str:
    """A duration: ``1 h 30 min`` / ``45 min`` (in French ``1 h 30`` / ``2 h`` / ``45 min``).

    >>> _hm(90), _hm(45), _hm(90, "fr"), _hm(120, "fr")
    ('1 h 30 min', '45 min', '1 h 30', '2 h')
    """
    h, m = divmod(int(minutes), 60)
    if language == "fr":
        return (f"{h} h {m:02d}" if m else f"{h} h") if h else f"{m} min"
    return f"{h} h {m:02d} min" if h else f"{m} min"


def _clock(hhmm: str, language: str = "en") -> str:
    """A clock time from ``"HH:MM"``: as it is in English, ``9 h 00`` in French.

    >>> _clock("09:00"), _clock("09:00", "fr"), _clock("13:15", "fr")
    ('09:00', '9 h 00', '13 h 15')
    """
    if language != "fr":
        return hhmm
    h, m = hhmm.split(":")
    return f"{int(h)} h {m}"


def _num(x, language: str = "en") -> str:
    """A number as prose writes it: ``6``, ``5.5``, ``1200`` in English; ``5,5`` and ``1 200`` in French.

    >>> _num(6.0), _num(5.5, "fr"), _num(1200, "fr"), _num(1200)
    ('6', '5,5', '1 200', '1200')
    """
    text = f"{x:g}" if isinstance(x, float) else str(x)
    if language != "fr":
        return text
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while len(digits) > 3:
        digits, tail = digits[:-3], digits[-3:]
        groups.insert(0, tail)
    whole = sign + " ".join([digits, *groups])
    return whole + ("," + frac if frac else "")
