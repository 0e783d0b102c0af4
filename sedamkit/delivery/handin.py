"""A learner's answers: hand them in (``sedam hand-in``), clear them after a backup (``sedam reset``).

Where a learner's answers are
-----------------------------
A learner working on the demo client saves into ``<workspace>/answers/<client id>/`` (see
:func:`sedamkit.core.paths.default_answers_dir`; in a student edition the workspace is the edition
folder). That folder starts with copies of the demo team's answers; the learner's own files are
``01_necessity_feasibility/me.json`` and the like, and ``exercises.json``. A real client's answers are
in ``<client>/answers/``.

Hand-in
-------
:func:`hand_in` zips the learner's own files (copies of the demo's answers, unchanged, are left out)
as ``<slug>/…`` into ``<workspace>/hand-in/<slug>.zip``, where the slug is a safe file name made from
the learner's name (:func:`sedamkit.core.answers.safe_respondent_id`). ``<slug>/manifest.json`` keeps
the name as typed, the date, the kit version, the client and the file list; ``sedam class`` shows
that name. The name is asked once and kept in ``<workspace>/answers/student.json``. An earlier
hand-in is never overwritten: the next one is ``<slug>-2.zip`` (unless ``replace=True``).

Reset
-----
:func:`reset` zips the whole answers folder into ``answers/.backups/<timestamp>.zip``, then removes
every answer (the backups and the learner's name stay). :func:`restore` puts a backup back (the
current answers are backed up first).

Error codes
-----------
CLS009  no name for the hand-in (not given, none kept, and no one to ask)
CLS010  nothing to hand in: the answers folder holds none of the learner's own files
CLS011  a backup to restore is missing, not a zip, or holds unsafe paths
CLS012  a reset was not confirmed (nothing was changed)
"""
from __future__ import annotations

import datetime as _dt
import io
import json
import shutil
import zipfile
from pathlib import Path

from ..core.errors import Problem, SedamError

__all__ = ["SETTINGS_FILE", "BACKUPS", "MANIFEST", "answers_root", "answers_folder", "own_files", "student_name",
           "hand_in", "reset", "restore"]

SETTINGS_FILE = "student.json"
BACKUPS = ".backups"
MANIFEST = "manifest.json"


def answers_root() -> Path:
    """``<workspace>/answers``: every learner answers folder (and the name, and the backups) is in it."""
    from ..core.paths import scratch

    return scratch() / "answers"


def answers_folder(client_dir=None) -> Path:
    """The learner's answers folder for ``client_dir`` (default: the demo client), as the notebooks use it."""
    from ..core import paths
    from ..core.config import load_client

    cdir = paths.demo_dir() if client_dir is None else Path(client_dir)
    if not paths.is_demo(cdir):
        return cdir / "answers"
    client = load_client(cdir)
    return answers_root() / (client.get("id") or cdir.name)


def own_files(folder, skip_demo_copies: bool = True) -> list[Path]:
    """The files in ``folder`` that are the learner's: every file except dot-files, the kept name and
    (with ``skip_demo_copies``) unchanged copies of the demo client's answers."""
    from ..core import paths

    folder = Path(folder)
    if not folder.is_dir():
        return []
    try:
        demo_answers = paths.demo_dir() / "answers"
    except SedamError:
        demo_answers = None
    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if not p.is_file() or any(part.startswith(".") for part in rel.parts) or rel.as_posix() == SETTINGS_FILE:
            continue
        if demo_answers is not None and skip_demo_copies:
            twin = demo_answers / rel
            if twin.is_file() and twin.read_bytes() == p.read_bytes():
                continue
        out.append(p)
    return out


def _settings() -> dict:
    f = answers_root() / SETTINGS_FILE
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def student_name(name: str | None = None, ask=None) -> str:
    """The learner's name: ``name`` (then kept), else the kept one, else asked through ``ask`` (then kept).

    Raises CLS009 when there is none and ``ask`` is None.
    """
    from ..core.fileio import write_json

    name = (name or "").strip()
    kept = str(_settings().get("name") or "").strip()
    if not name and kept:
        return kept
    if not name and ask is not None:
        name = (ask("Your name (as your trainer should see it): ") or "").strip()
    if not name:
        raise SedamError(Problem("CLS009", str(answers_root() / SETTINGS_FILE), "name", "no name to hand in under",
                                 "run 'sedam hand-in --name \"Your Name\"' once; the name is kept for next time"))
    if name != kept:
        write_json(answers_root() / SETTINGS_FILE, {**_settings(), "name": name})
    return name


def _free_name(out: Path, slug: str, replace: bool) -> Path:
    target = out / f"{slug}.zip"
    n = 2
    while target.exists() and not replace:
        target = out / f"{slug}-{n}.zip"
        n += 1
    return target


def hand_in(name: str | None = None, out_dir=None, *, client_dir=None, replace: bool = False, ask=None,
            now=None) -> Path:
    """Zip the learner's own answers under their name; return the zip (see the module docstring)."""
    from .. import __version__
    from ..core import paths
    from ..core.answers import safe_respondent_id
    from ..core.fileio import atomic_write_bytes

    folder = answers_folder(client_dir)
    files = own_files(folder, client_dir is None or paths.is_demo(client_dir))
    if not files:
        raise SedamError(Problem("CLS010", str(folder), None, "nothing to hand in: none of your own answers are here",
                                 "run this in your workbook folder (the one with README.md and EDITION.json), after "
                                 "answering in the notebooks (they save as you go)"))
    who = student_name(name, ask)
    slug = safe_respondent_id(who)
    out = Path(out_dir) if out_dir else paths.workspace() / "hand-in"
    target = _free_name(out, slug, replace)
    when = (now or _dt.datetime.now(_dt.timezone.utc)).isoformat(timespec="seconds")
    rels = [p.relative_to(folder).as_posix() for p in files]
    manifest = {"format": "sedam-hand-in", "version": 1, "name": who, "date": when, "kit_version": __version__,
                "client": folder.name, "files": rels}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p, rel in zip(files, rels):
            zf.writestr(f"{slug}/{rel}", p.read_bytes())
        zf.writestr(f"{slug}/{MANIFEST}", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return atomic_write_bytes(target, buf.getvalue())


# ---------------------------------------------------------------- reset
def _backup(root: Path, now=None) -> Path | None:
    from ..core.fileio import atomic_write_bytes

    files = [p for p in sorted(root.rglob("*")) if p.is_file() and BACKUPS not in p.relative_to(root).parts]
    if not files:
        return None
    stamp = (now or _dt.datetime.now(_dt.timezone.utc)).strftime("%Y%m%dT%H%M%S")
    target = root / BACKUPS / f"{stamp}.zip"
    n = 2
    while target.exists():
        target = root / BACKUPS / f"{stamp}-{n}.zip"
        n += 1
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in files:
            zf.writestr(p.relative_to(root).as_posix(), p.read_bytes())
    return atomic_write_bytes(target, buf.getvalue())


def _clear(root: Path) -> None:
    for p in root.iterdir():
        if p.name in (BACKUPS, SETTINGS_FILE):
            continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()


def reset(*, confirm=None, now=None) -> tuple[Path | None, int]:
    """Back up the answers folder, then clear it; return ``(backup zip or None, files removed)``.

    ``confirm`` is asked ``() -> bool`` before anything changes; None means confirmed (``--yes``).
    Raises CLS012 when it says no.
    """
    root = answers_root()
    if not root.is_dir():
        return None, 0
    n = sum(1 for p in root.rglob("*") if p.is_file() and BACKUPS not in p.relative_to(root).parts
            and p.relative_to(root).as_posix() != SETTINGS_FILE)
    if n == 0:
        return None, 0
    if confirm is not None and not confirm():
        raise SedamError(Problem("CLS012", str(root), None, "the reset was not confirmed; nothing was changed",
                                 "answer 'y', or run 'sedam reset --yes'"))
    backup = _backup(root, now)
    _clear(root)
    return backup, n


def restore(backup, *, now=None) -> tuple[Path, Path | None]:
    """Put the answers of ``backup`` (a zip made by :func:`reset`) back; return ``(answers folder, backup
    of what was there before, or None)``."""
    root = answers_root()
    backup = Path(backup)
    if not backup.exists() and (root / BACKUPS / backup.name).is_file():
        backup = root / BACKUPS / backup.name
    try:
        zf = zipfile.ZipFile(backup)
    except (OSError, zipfile.BadZipFile) as e:
        raise SedamError(Problem("CLS011", str(backup), None, f"not a backup that can be read ({e})",
                                 f"give a zip from {root / BACKUPS}")) from None
    with zf:
        names = zf.namelist()
        for m in names:
            parts = Path(m).parts
            if m.startswith("/") or ".." in parts or (parts and parts[0] == BACKUPS):
                raise SedamError(Problem("CLS011", str(backup), m, "the backup holds a path outside the answers folder",
                                         "restore a zip that 'sedam reset' wrote"))
        root.mkdir(parents=True, exist_ok=True)
        before = _backup(root, now)
        _clear(root)
        zf.extractall(root)
    return root, before
