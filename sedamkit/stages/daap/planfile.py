"""Plan files: reading and writing a plan as YAML, numbered versions beside it, the runner hook,
and where the plan lives (the working-copy rule, see :func:`resolve_plan_path`)."""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from ...core.errors import Problem, SedamError
from ...core.fileio import read_yaml, write_new
from ...core.paths import working_copy, working_source
from .common import DEMO_PLAN
from .editing import new_plan
from .validate import validate_plan

__all__ = ["DEMO_PLAN", "load_plan", "to_yaml", "save_plan", "next_version_path", "latest_plan_path",
           "save_plan_version", "validate_client_inputs", "WORKING_PLAN", "working_plan_path", "plan_source",
           "resolve_plan_path"]


def load_plan(path, *, catalogue=None, strict=False) -> dict:
    """Read and validate a plan file (YAML). Problems name the file.

    >>> load_plan(DEMO_PLAN)["client"]
    'Northwind Home Services'
    """
    return validate_plan(read_yaml(path, code="PLAN000"), file=str(path), catalogue=catalogue, strict=strict)


def to_yaml(plan) -> str:
    import yaml

    return yaml.safe_dump(plan, sort_keys=False, allow_unicode=True, width=100)


def save_plan(plan, path, *, overwrite=False, catalogue=None) -> Path:
    """Validate ``plan`` and write it to ``path`` as YAML, atomically.

    An existing file is never replaced unless ``overwrite=True`` (``PLAN020``); use
    :func:`save_plan_version` to keep the old plan and write ``plan.v2.yaml`` beside it.
    Without ``overwrite`` the write is also race-free: the finished file is hard-linked into
    place, which fails if another process created the file meanwhile.

    Returns
    -------
    pathlib.Path
    """
    from ...core.fileio import atomic_write_text

    plan = validate_plan(plan, file=str(path), catalogue=catalogue)
    path = Path(path)
    text = to_yaml(plan)
    if overwrite:
        return atomic_write_text(path, text)
    return write_new(path, text, "PLAN020")


_VERSION = re.compile(r"^(?P<stem>.+?)(\.v(?P<n>\d+))?$")


def _versions(path):
    path = Path(path)
    stem = _VERSION.match(path.stem).group("stem")
    found = {}
    for p in path.parent.glob(f"{stem}*{path.suffix}"):
        m = _VERSION.match(p.stem)
        if m and m.group("stem") == stem:
            found[int(m.group("n") or 1)] = p
    return stem, found


def next_version_path(path) -> Path:
    """The next free version beside ``path``: ``plan.yaml`` → ``plan.v2.yaml`` → ``plan.v3.yaml`` …

    ``plan.yaml`` counts as version 1.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "plan.yaml").write_text("x")
    >>> next_version_path(d / "plan.yaml").name
    'plan.v2.yaml'
    """
    path = Path(path)
    stem, found = _versions(path)
    n = max(found, default=0) + 1
    return path.with_name(f"{stem}{path.suffix}" if n == 1 else f"{stem}.v{n}{path.suffix}")


def latest_plan_path(path) -> Path:
    """The newest existing version of ``path`` (``plan.yaml``, ``plan.v2.yaml`` …); ``path`` if none."""
    _, found = _versions(path)
    return found[max(found)] if found else Path(path)


def save_plan_version(plan, path, *, catalogue=None) -> Path:
    """Write ``plan`` as the next version beside ``path`` (see :func:`next_version_path`); the old
    files stay as they are. Returns the new path.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> save_plan(p, d / "plan.yaml").name, save_plan_version(p, d / "plan.yaml").name
    ('plan.yaml', 'plan.v2.yaml')
    """
    for _ in range(5):
        target = next_version_path(path)
        try:
            return save_plan(plan, target, catalogue=catalogue)
        except SedamError as e:
            if e.codes != ["PLAN020"]:
                raise
    raise SedamError(Problem("PLAN020", str(path), None, "could not find a free version name",
                             "remove stray plan.vN.yaml files or save under another name"))


def validate_client_inputs(client: dict, stage_ids=None) -> None:
    """Runner hook: when stage 02 is selected, load and validate the plan file the batch run will read.

    ``client`` is a loaded client config (``dir``, optional ``plan`` file name, default
    ``plan.yaml``). The runner passes ``<client>/answers`` as the answers folder, so this is the
    working copy ``answers/02_daap/plan.yaml`` when present, else the client's plan file (see
    :func:`resolve_plan_path`). Raises the plan's :class:`SedamError` (``PLAN000`` when missing).
    """
    if stage_ids is not None and "02_daap" not in stage_ids:
        return
    cdir = Path(client["dir"])
    load_plan(plan_source(cdir / (client.get("plan") or "plan.yaml"), cdir / "answers"))


#: Folder (under a stage's answers folder) and file name of the plan's working copy.
WORKING_PLAN = Path("02_daap") / "plan.yaml"


def working_plan_path(answers_dir) -> Path:
    """Where the plan's working copy lives: ``<answers_dir>/02_daap/plan.yaml``.

    >>> working_plan_path("/tmp/answers").as_posix()
    '/tmp/answers/02_daap/plan.yaml'
    """
    return Path(answers_dir) / WORKING_PLAN


def plan_source(client_plan, answers_dir) -> Path:
    """The plan file a run reads: the working copy when it exists, else the client's plan file.

    Nothing is created or changed (this is what batch runs use).
    """
    return working_source(client_plan, working_plan_path(answers_dir))


def resolve_plan_path(client_plan, answers_dir, interactive: bool) -> Path:
    """The plan file stage 02 reads and the editor saves to — the *working-copy rule*.

    - **Interactive** (JupyterLab, Voila): the editor works on a working copy,
      ``<answers_dir>/02_daap/plan.yaml``. When it does not exist yet it is created once from the
      client's plan file (copied as written, comments included); an existing copy is never
      replaced, so a learner's edits survive a restart. For the demo client ``answers_dir`` is
      already the scratch copy (``<scratch>/answers/demo``), so the committed ``datasets/demo``
      is never written; a working copy inside ``datasets/demo`` is refused (``PLAN021``).
    - **Batch** (papermill, ``sedam run``): the working copy when present, else the client's
      plan file (``client.yaml``'s ``plan:``, default ``plan.yaml``); nothing is written. A real
      client who edited the plan in JupyterLab (``answers_dir`` = the client's ``answers/``)
      therefore gets the edited plan in the next batch run; the client's ``plan.yaml`` itself
      is only ever changed by hand.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> p = resolve_plan_path(DEMO_PLAN, d, interactive=False)    # batch, no working copy yet
    >>> p == DEMO_PLAN, (d / "02_daap").exists()
    (True, False)
    >>> w = resolve_plan_path(DEMO_PLAN, d, interactive=True)     # interactive: copy made once
    >>> w.relative_to(d).as_posix(), w.read_text() == DEMO_PLAN.read_text()
    ('02_daap/plan.yaml', True)
    >>> resolve_plan_path(DEMO_PLAN, d, interactive=False) == w   # batch now reads the copy
    True
    """
    def blank():
        year = _dt.date.today().year
        return to_yaml(new_plan("New client", "Describe what the programme is for.", f"{year}-01-01",
                                 f"{year}-12-31"))

    return working_copy(client_plan, working_plan_path(answers_dir), interactive, validate=load_plan, blank=blank,
                        exists_code="PLAN020", demo_code="PLAN021")
