"""Where things live: the workspace, the demo client, answers and runs.

The *workspace* is the folder that holds ``notebooks/``, ``datasets/``, ``answers/``
and ``runs/``: the folder named by the ``SEDAM_HOME`` environment variable; else an *edition
folder* (one holding :data:`EDITION_MARKER`, written by ``sedam edition``) that holds the current
folder; else the checkout sedamkit was installed from; else the current folder. Relative paths given to sedamkit are resolved
against the workspace, never against the kernel's working directory (which differs
between JupyterLab, papermill and Voila).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from .errors import Problem, SedamError

__all__ = ["PACKAGE_DIR", "EDITION_MARKER", "edition_root", "edition_language", "data_dir", "templates_dir", "inside_demo", "working_source", "working_copy", "workspace", "scratch", "resolve", "demo_dir", "notebooks_dir", "is_demo", "default_answers_dir",
           "default_output_dir"]


#: The installed package's folder: the notebooks, the data files and the demo client ship inside it,
#: so an installed wheel runs anywhere.
PACKAGE_DIR = Path(__file__).resolve().parents[1]


#: The file that marks an edition folder (a student or trainer edition copied anywhere): its manifest.
EDITION_MARKER = "EDITION.json"


def edition_root(start=None) -> Path | None:
    """The edition folder holding ``start`` (default: the current folder), or None.

    An edition folder is one with an :data:`EDITION_MARKER` file; a notebook opened in it, or in one of
    its subfolders (``app/``), works there: answers and runs are kept in that folder, wherever it was
    copied to.
    """
    try:
        here = Path(start or Path.cwd()).resolve()
    except OSError:  # the current folder was deleted
        return None
    for d in (here, *here.parents):
        if (d / EDITION_MARKER).is_file():
            return d
    return None


def edition_language(start=None) -> str | None:
    """The language of the edition around ``start`` (default: the current folder) when it is not English,
    else None (no edition, an English one, or a manifest that cannot be read).

    It is the default language of runs and notebooks made inside the edition: a class that was handed a
    French edition reads French wherever the client's data comes from. The order is: a ``language``
    given explicitly (a notebook's ``language=`` parameter, ``?language=`` of an app page, a run's
    ``language`` parameter), then this, then the client's ``language:``, then English. An English
    edition, the default build, sets nothing: a French client's runs stay French there.
    """
    import json

    root = edition_root(start)
    if root is None:
        return None
    try:
        lang = json.loads((root / EDITION_MARKER).read_text(encoding="utf-8")).get("language")
    except (OSError, ValueError, AttributeError):
        return None
    from .i18n import LANGUAGES, normalise_language

    lang = normalise_language(lang) if isinstance(lang, str) else "en"
    return lang if lang != "en" and lang in LANGUAGES else None


def workspace() -> Path:
    """``SEDAM_HOME`` when set; else the edition folder around the current folder (:func:`edition_root`);
    else the checkout the kit is installed from (editable install); else the current folder."""
    env = os.environ.get("SEDAM_HOME")
    if env:
        return Path(env).expanduser().resolve()
    edition = edition_root()
    if edition is not None:
        return edition
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "sedamkit").resolve() == PACKAGE_DIR:
        return checkout
    return Path.cwd().resolve()


def data_dir() -> Path:
    """The package's data files (questionnaires, catalogues, rules, translations)."""
    return PACKAGE_DIR / "data"


def templates_dir() -> Path:
    return PACKAGE_DIR / "templates"


def scratch() -> Path:
    """Where interactive sessions keep answers copies and results: the workspace, or the
    folder named by ``SEDAM_SCRATCH`` (the test-suite points it at a temporary folder)."""
    env = os.environ.get("SEDAM_SCRATCH")
    return Path(env).expanduser().resolve() if env else workspace()


def resolve(p) -> Path:
    """An absolute path: ``p`` itself when absolute, else relative to the workspace."""
    p = Path(p).expanduser()
    return p if p.is_absolute() else (workspace() / p).resolve()


def demo_dir() -> Path:
    """The demo client, shipped inside the package (``sedamkit/datasets/demo``; ``datasets/demo`` in a
    checkout points there); when the installed package lacks it, the copy in the edition folder
    (``<edition>/datasets/demo``, see :func:`edition_root`). Never written: interactive work on it goes
    to a copy."""
    d = PACKAGE_DIR / "datasets" / "demo"
    if (d / "client.yaml").is_file():
        return d
    edition = edition_root()
    if edition is not None and (edition / "datasets" / "demo" / "client.yaml").is_file():
        return edition / "datasets" / "demo"
    raise SedamError(Problem("PARAM003", str(d), "client_dir", "the demo client is not here",
                             "reinstall sedamkit (the demo ships inside the package), or pass client_dir"))


def notebooks_dir() -> Path:
    """The stage notebooks, shipped inside the package (``notebooks/`` in a checkout points there)."""
    return PACKAGE_DIR / "notebooks"


def is_demo(client_dir) -> bool:
    try:
        return Path(client_dir).resolve() == demo_dir().resolve()
    except SedamError:
        return False


def default_answers_dir(client_dir, client_id: str, interactive: bool) -> Path:
    """Where a notebook reads and saves answers when no ``answers_dir`` is given.

    A real client's answers live in its own folder (``<client_dir>/answers``). The committed demo
    client is read-only: in interactive mode its answers are copied once into
    ``<workspace>/answers/<client_id>/`` and the form saves there, so the demo data never changes
    and a learner's answers never land in the repository.
    """
    client_dir = Path(client_dir)
    if not (interactive and is_demo(client_dir)):
        return client_dir / "answers"
    target = scratch() / "answers" / client_id
    source = client_dir / "answers"
    if source.is_dir():
        for f in source.rglob("*.json"):
            dest = target / f.relative_to(source)
            if not dest.exists():  # never overwrite what a learner saved
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, dest)
    target.mkdir(parents=True, exist_ok=True)
    return target


def default_output_dir(client_id: str) -> Path:
    """Interactive sessions write their results to ``<workspace>/runs/<client_id>/lab``."""
    return scratch() / "runs" / client_id / "lab"


def inside_demo(path) -> bool:
    """Whether ``path`` lies in the committed demo client's folder (which is never written)."""
    try:
        demo = demo_dir().resolve()
    except SedamError:
        return False
    p = Path(path).resolve()
    return p == demo or demo in p.parents


def working_source(client_file, working_file) -> Path:
    """The file a batch run reads: the working copy when it exists, else the client's file."""
    working_file = Path(working_file)
    return working_file if working_file.is_file() else Path(client_file)


def working_copy(client_file, working_file, interactive: bool, *, validate, blank, exists_code: str,
                 demo_code: str) -> Path:
    """The *working-copy rule* for files that editors change (the plan, the assessment).

    - **Batch**: :func:`working_source`; nothing is written.
    - **Interactive**: the editor works on ``working_file``. When it does not exist yet it is
      created once from ``client_file`` (copied as written, comments included; ``validate(path)``
      first, so an invalid file is reported and not copied) or, when the client has no such
      file, from ``blank()`` (YAML text). An existing copy is never replaced, so edits survive a
      restart. A working copy inside the committed demo folder is refused with ``demo_code``.
    """
    from .fileio import write_new

    working_file = Path(working_file)
    if not interactive:
        return working_source(client_file, working_file)
    if inside_demo(working_file):
        raise SedamError(Problem(demo_code, str(working_file), "answers_dir", "the demo client's folder is read-only",
                                 "leave answers_dir as None: interactive demo sessions work in the scratch folder"))
    if working_file.is_file():
        return working_file
    client_file = Path(client_file)
    if client_file.is_file():
        validate(client_file)
        text = client_file.read_text(encoding="utf-8")
    else:
        text = blank()
    try:
        write_new(working_file, text, exists_code)
    except SedamError as e:  # another kernel created it meanwhile: use theirs
        if e.codes != [exists_code]:
            raise
    return working_file
