"""Answers files: read, validate against a spec, save atomically, merge respondents.

One file per respondent and stage: ``<answers_dir>/<stage_id>/<respondent>.json``::

    {"questionnaire": "necessity_feasibility", "version": 1, "respondent": "ceo",
     "updated": "2026-11-22T10:00:00+00:00",
     "answers": {"need_strategy_gap_tools": 4, "talent_specify": null, ...},
     "comments": {"need_strategy_gap_tools": "Two projects stalled last year"}}

``null`` means "don't know" (allowed where the scale has ``allow_na``); an item
that is absent has not been answered yet. Saving never drops anything the user
typed: comments of items that became hidden are kept, and a corrupt file is
reported and left untouched.

Error codes
-----------
ANS001  the file cannot be read or is not valid JSON (it is left untouched)
ANS002  the file is not an answers object (missing or mistyped field)
ANS003  the answers belong to another questionnaire
ANS004  the answers belong to another version of the questionnaire
ANS005  unknown item id
ANS006  value outside the item's scale, or of the wrong type
ANS007  a CSV/Excel export has no respondent column
ANS008  the same respondent appears twice
ANS009  a respondent id that cannot be used as a file name
ANS011  the file's ``respondent`` differs from its file name (two people would be merged)
ANS012  another save holds the answers file's lock longer than the timeout

Respondents
-----------
A respondent id is the file's name: ``RESPONDENT_RE`` matches the whole string (``"ceo\\n"`` is
refused). :func:`safe_respondent_id` turns any name a person types (``"José"``, ``"Anne Marie"``)
into such an id; the name itself is kept in the document as ``"name"``.

Several writers
---------------
Two forms (two tabs, or JupyterLab and the app) may answer as the same respondent. They never undo
each other: :func:`merge_save` takes an exclusive lock (``fcntl.flock`` on the sibling file
``.<name>.json.lock``), re-reads the file, applies only the items and comments this writer changed,
and writes atomically (temporary file, then ``os.replace``). The later write of an item wins;
different items are all kept. :func:`file_version` is a cheap signature (inode, mtime, size) a form
compares to notice a save made elsewhere. The lock works between processes on one machine; on
network file systems (NFS, SMB) ``flock`` may be advisory-only or local to a client.
"""
from __future__ import annotations

from .schema import check

import contextlib
import datetime as _dt
import hashlib
import math
import os
import re
import time
import unicodedata
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; saves still merge, without a lock between processes
    fcntl = None

from .errors import Problem, Problems, SedamError
from .fileio import read_json, write_json

__all__ = ["Answers", "new_answers", "read_answers", "validate_answers", "save_answers", "answers_path",
           "load_all", "responses_frame", "import_table", "RESPONDENT_RE", "check_respondent",
           "safe_respondent_id", "merge_save", "file_version", "answers_lock", "CLEAR", "LOCK_TIMEOUT"]

#: a whole respondent id (``\\Z``, not ``$``: a trailing newline is not allowed)
RESPONDENT_RE = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")
#: seconds a save waits for another writer's lock before ANS012
LOCK_TIMEOUT = 10.0

Answers = dict  # the JSON document described above


def answers_path(answers_dir, stage_id: str, respondent: str) -> Path:
    """Where a respondent's answers for a stage live."""
    check_respondent(respondent)
    return Path(answers_dir) / stage_id / f"{respondent}.json"


def check_respondent(respondent: str, file=None) -> None:
    """ANS009 unless ``respondent`` is a whole valid id (see :data:`RESPONDENT_RE`)."""
    if not isinstance(respondent, str) or not RESPONDENT_RE.fullmatch(respondent):
        raise SedamError(Problem("ANS009", file, "respondent", f"respondent id {respondent!r} cannot be used",
                                 "use letters, digits, '-', '_' or '.', up to 64 characters (e.g. 'ceo' or 'r01')"))


def safe_respondent_id(name) -> str:
    """A respondent id (a file name) for any name a person types; never a traceback.

    A name that already is a valid id is kept as it is. Any other name is folded to ASCII (NFKD),
    lower case, with hyphens for spaces and punctuation, and gets a short suffix from a hash of
    the name, so two different names never share a file (``"José"`` and ``"Jose"``):

    >>> safe_respondent_id("ceo"), safe_respondent_id("  ceo ")
    ('ceo', 'ceo')
    >>> safe_respondent_id("José")[:5], safe_respondent_id("Anne Marie")[:11]
    ('jose-', 'anne-marie-')
    >>> safe_respondent_id("José") != safe_respondent_id("Jose") == "Jose"
    True
    >>> RESPONDENT_RE.fullmatch(safe_respondent_id("李雷")) is not None
    True
    >>> safe_respondent_id("   ")
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: 1 problem found:
      [ANS009] respondent: no name given. Fix: type your name (any letters), e.g. 'Anne Marie'
    """
    text = unicodedata.normalize("NFC", str(name if name is not None else "")).strip()
    if not text:
        raise SedamError(Problem("ANS009", None, "respondent", "no name given",
                                 "type your name (any letters), e.g. 'Anne Marie'"))
    if RESPONDENT_RE.fullmatch(text):
        return text
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:48].strip("-")
    suffix = hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
    return f"{slug}-{suffix}" if slug else f"r-{suffix}"


def new_answers(spec, respondent: str, name: str | None = None) -> dict:
    """An empty answers document for ``spec`` and ``respondent`` (``name``: the name as typed)."""
    check_respondent(respondent)
    doc = {"questionnaire": spec.id, "version": spec.version, "respondent": respondent,
           "updated": None, "answers": {}, "comments": {}}
    if name and name != respondent:
        doc["name"] = str(name)
    return doc


def validate_answers(doc, spec, file: str | None = None) -> Problems:
    """Every problem of an answers document against ``spec``."""
    probs = Problems(file)
    if not isinstance(doc, dict):
        probs.add("ANS002", None, "the file does not hold a JSON object", "start from a file saved by the form")
        return probs
    check(doc, "answers", probs, code="ANS002")
    if probs:
        return probs
    if doc["questionnaire"] != spec.id:
        probs.add("ANS003", "questionnaire", f"these answers are for {doc['questionnaire']!r}, not {spec.id!r}",
                  f"move the file to the folder of stage {doc['questionnaire']!r}, or answer {spec.id!r}")
        return probs
    if doc["version"] != spec.version:
        probs.add("ANS004", "version", f"answers are for version {doc['version']} of {spec.id!r}; the "
                  f"questionnaire is now version {spec.version}",
                  "re-answer with the current form, or migrate the item ids listed in the changelog")
    if not RESPONDENT_RE.fullmatch(doc["respondent"]):
        probs.add("ANS009", "respondent", f"respondent id {doc['respondent']!r} cannot be used",
                  "use letters, digits, '-', '_' or '.'")
    if "name" in doc and not (isinstance(doc["name"], str) and doc["name"].strip()):
        probs.add("ANS002", "name", f"the display name {doc['name']!r} is not a text",
                  "give the respondent's name as text, e.g. \"José\", or remove the field")
    known = set(spec.item_ids)
    for iid, value in doc["answers"].items():
        if iid not in known:
            probs.add("ANS005", iid, f"unknown item id {iid!r}",
                      "check the spelling against the questionnaire, or remove the entry")
            continue
        scale = spec.scales[spec.item(iid).scale]
        if value is None:
            if not scale.allow_na:
                probs.add("ANS006", iid, "'don't know' (null) is not allowed for this item",
                          f"give a whole number from {scale.min} to {scale.max}")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
            probs.add("ANS006", iid, f"value {value!r} is not a whole number",
                      f"give a whole number from {scale.min} to {scale.max}")
        elif not scale.min <= value <= scale.max:
            probs.add("ANS006", iid, f"value {value} is outside the scale {scale.min}–{scale.max}",
                      f"give a whole number from {scale.min} to {scale.max}")
    for iid in doc.get("comments", {}):
        if iid not in known:
            probs.add("ANS005", f"comments.{iid}", f"comment for unknown item id {iid!r}",
                      "check the spelling against the questionnaire")
    return probs


def read_answers(path, spec) -> dict:
    """Read and validate one answers file; raises a coded error listing every problem."""
    from .answer_versions import upgrade_answers

    doc = upgrade_answers(read_json(path, code="ANS001"), spec)  # an older version, read through its map
    validate_answers(doc, spec, file=str(path)).raise_if_any(f"the answers file {path} is not valid")
    doc.setdefault("comments", {})
    doc["answers"] = {k: (None if v is None else int(v)) for k, v in doc["answers"].items()}
    return doc


def _prepared(path, doc, spec) -> dict:
    """``doc`` stamped, validated (every problem raised at once) and in questionnaire order."""
    doc = dict(doc)
    doc["updated"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    validate_answers(doc, spec, file=str(path)).raise_if_any(f"not saved: the answers for {path} are not valid")
    # keep a stable order: items in questionnaire order
    order = {iid: n for n, iid in enumerate(spec.item_ids)}
    doc["answers"] = dict(sorted(doc["answers"].items(), key=lambda kv: order.get(kv[0], 1e9)))
    doc["comments"] = {k: v for k, v in sorted(doc.get("comments", {}).items(),
                                               key=lambda kv: order.get(kv[0], 1e9)) if v}
    return doc


def save_answers(path, doc, spec, *, timeout: float | None = None) -> Path:
    """Validate and save a whole answers document atomically (temporary file, then rename), under the
    file's lock. Forms use :func:`merge_save`, which keeps what other writers saved meanwhile."""
    doc = _prepared(path, doc, spec)
    with answers_lock(path, timeout):
        _clean_temporaries(path)
        return write_json(path, doc)


# -- several writers ---------------------------------------------------------------------------------

#: the value of an answer a writer cleared (in :func:`merge_save` changes)
CLEAR = type("Clear", (), {"__repr__": lambda self: "CLEAR"})()


def file_version(path):
    """A cheap signature of the file on disk (inode, mtime, size), ``None`` when there is none.

    Every save replaces the file (a new inode), so a save made elsewhere changes it."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _lock_problem(path, message):
    return SedamError(Problem("ANS012", str(path), None, message,
                              "wait a moment and answer again (your answer is kept in the form); if it "
                              "persists, close the other tab or notebook answering as this respondent"))


@contextlib.contextmanager
def answers_lock(path, timeout: float | None = None):
    """Hold the exclusive lock of the answers file ``path`` (``.<name>.lock`` beside it).

    Waits up to ``timeout`` seconds (default :data:`LOCK_TIMEOUT`), then raises ANS012. The lock
    file is removed on release; a waiter that locked a removed file (checked by inode) tries again,
    so two writers never both hold the lock.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    lock = path.with_name(f".{path.name}.lock")
    wait = LOCK_TIMEOUT if timeout is None else float(timeout)
    deadline = time.monotonic() + wait
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise _lock_problem(path, f"another save held the lock for more than {wait:g} s; "
                                            "not saved yet") from None
                    time.sleep(0.005)
                except OSError as e:  # e.g. a file system without locks
                    raise _lock_problem(path, f"the answers file cannot be locked ({e.strerror})") from None
            try:
                st = os.stat(lock)
                same = (st.st_ino, st.st_dev) == (os.fstat(fd).st_ino, os.fstat(fd).st_dev)
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            break
        os.close(fd)  # the previous holder removed this lock file: lock the new one
    try:
        yield
    finally:
        try:
            os.unlink(lock)
        except FileNotFoundError:
            pass
        os.close(fd)


def _clean_temporaries(path) -> None:
    """Remove temporary files an interrupted save of ``path`` left (called under the lock)."""
    path = Path(path)
    head = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except FileNotFoundError:
        return
    for n in names:
        if n.startswith(head) and n.endswith(".tmp"):
            try:
                os.unlink(path.parent / n)
            except FileNotFoundError:
                pass


def merge_save(path, spec, respondent: str, changes: dict, *, name: str | None = None,
               timeout: float | None = None, cache: dict | None = None) -> tuple[dict, object]:
    """Save one writer's changes into the answers file, keeping every other writer's.

    ``changes`` is ``{"answers": {item: value, null or CLEAR}, "comments": {item: text}}``: only the
    items this writer changed since it last read the file. Under the file's lock the file is read
    again, the changes are applied item by item (an empty comment removes it), and the result is
    validated and written atomically. Returns ``(document as saved, file_version(path))``.
    A corrupt file raises ANS001 and is left untouched; a lock not obtained in time raises ANS012.

    ``cache`` (a dict a writer keeps between its saves, empty at first) spares the next save the reading
    and validating: it holds the file's bytes and document as this save wrote them, and the next save uses
    that document only when the file still holds exactly those bytes (compared under the lock), so any
    other writer's save is always read.
    """
    path = Path(path)
    check_respondent(respondent, str(path))
    with answers_lock(path, timeout):
        _clean_temporaries(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raw = None
        if raw is not None and cache is not None and cache.get("raw") == raw:
            doc = cache["doc"]
        else:
            doc = read_answers(path, spec) if raw is not None else new_answers(spec, respondent)
        if doc["respondent"] != respondent:
            raise SedamError(Problem("ANS011", str(path), "respondent",
                                     f"the file holds the answers of {doc['respondent']!r}, not {respondent!r}",
                                     "open the form of that respondent, or answer under another name"))
        answers, comments = dict(doc["answers"]), dict(doc.get("comments") or {})
        carried = {k: v for k, v in (doc.get("carried_over") or {}).items() if k not in (changes.get("answers") or {})}
        doc = {k: v for k, v in doc.items() if k != "carried_over"} | ({"carried_over": carried} if carried else {})
        for iid, value in (changes.get("answers") or {}).items():
            if value is CLEAR:
                answers.pop(iid, None)
            else:
                answers[iid] = value
        for iid, text in (changes.get("comments") or {}).items():
            if text:
                comments[iid] = text
            else:
                comments.pop(iid, None)
        doc = dict(doc, answers=answers, comments=comments)
        if name and name != respondent:
            doc["name"] = str(name)
        doc = _prepared(path, doc, spec)
        write_json(path, doc)
        if cache is not None:  # what is on disk now, for this writer's next save
            cache.clear()
            cache.update(raw=path.read_bytes(), doc=dict(doc, answers=dict(doc["answers"]),
                                                         comments=dict(doc["comments"])))
        return doc, file_version(path)


def load_all(answers_dir, spec, stage_id: str | None = None, *, strict: bool = True) -> list[dict]:
    """Read every respondent's answers for a stage, sorted by respondent.

    With ``strict=True`` (the default) problems in *any* file are collected and raised together;
    with ``strict=False`` bad files are skipped with a warning naming them.
    """
    import warnings

    folder = Path(answers_dir) / (stage_id or spec.stage or spec.id)
    read, problems, files = [], [], {}
    for p in sorted(folder.glob("*.json")):
        try:
            read.append((p, read_answers(p, spec)))
        except SedamError as e:
            problems.extend(e.problems)
            continue
        files.setdefault(read[-1][1]["respondent"], []).append(p)
    twins = set()
    for rid, paths in files.items():  # two files naming one respondent would merge two people
        for p in paths if len(paths) > 1 else ():
            if p.stem != rid:
                twins.add(p)
                others = ", ".join(q.name for q in paths if q != p)
                problems.append(Problem("ANS011", str(p), "respondent",
                                        f"the file {p.name} holds the answers of {rid!r}, as {others} does; "
                                        "two people would be merged",
                                        f'set "respondent": "{p.stem}" in {p.name}, or merge the files by hand'))
    docs = [d for p, d in read if p not in twins]
    if problems:
        if strict:
            raise SedamError(problems, f"answers in {folder} have problems")
        warnings.warn("skipped answers files with problems:\n" + "\n".join(map(str, problems)), stacklevel=2)
    return docs


def responses_frame(docs, spec):
    """Long DataFrame of answers, one row per respondent and item shown to them.

    Columns: ``respondent``; ``item``; ``area``; ``group``; ``value`` (float, NaN for "don't know" or
    not yet answered); ``comment`` (str, "" when none); ``visible`` (bool, the item's ``show_if``
    holds for this respondent — hidden items are kept here but never scored); ``dont_know`` (bool,
    answered "don't know"); ``carried_over`` (bool, the answer was given to an older version's item,
    see :mod:`sedamkit.core.answer_versions`).
    """
    import pandas as pd

    area_group = {a["id"]: a["group"] for a in spec.areas}
    rows = []
    for d in docs:
        ans, com, carried = d["answers"], d.get("comments", {}), d.get("carried_over") or {}
        for it in spec.items:
            v = ans.get(it.id)
            rows.append({"respondent": d["respondent"], "item": it.id, "area": it.area,
                         "group": area_group[it.area], "value": math.nan if v is None else float(v),
                         "comment": com.get(it.id, ""), "visible": spec.visible(it, ans),
                         "dont_know": it.id in ans and v is None, "carried_over": it.id in carried})
    return pd.DataFrame(rows, columns=["respondent", "item", "area", "group", "value", "comment", "visible",
                                       "dont_know", "carried_over"])


def import_table(path, spec, *, respondent_column: str | None = None, mapping: dict | None = None,
                 sheet=0) -> list[dict]:
    """Answers from a survey export (CSV, Excel, SPSS): one row per respondent.

    The one import path, :func:`sedamkit.core.survey_import.plan_import`: columns match items by id
    or text in any language of the spec, answers are read as numbers, numbers with labels, labels or
    "don't know" forms, and every problem is reported at once with its row (the header is row 1) and
    column. Nothing is saved: ``sedam import`` saves (``survey_import.import_export``).
    """
    from .survey_import import plan_import

    return plan_import(path, spec, respondent_column=respondent_column, mapping=mapping, sheet=sheet)[0]
