"""Run a client's stages with papermill, one after the other in one kept kernel (or, with ``jobs=N`` /
``sedam run --jobs N``, up to N stages that do not depend on each other side by side); batch over clients.

``run_client(client_dir)`` validates everything first (config, answers, plan,
datasets — see :func:`validate_client`), so a bad input fails in a second and
nothing is written. It then executes the selected stage notebooks in order into a
new folder ``runs/<client>/<timestamp>/``:

- ``notebooks/<stage>.ipynb`` — the executed notebooks (kept when a stage fails);
- ``results/<stage>.json`` — stage results; ``figures/*.png`` — figures (SVG too on request, see
  :func:`sedamkit.methods.plots.figure_formats`);
- ``run.json`` — the manifest: parameters, versions, input file hashes, start, end,
  and per-stage duration and status.

The stages share one kernel (:class:`KernelSession`): imports are paid once, and before each stage the
namespace is cleared and the cell numbers restart, so each executed notebook is a complete record of
its own. A stage that fails stops only the stages that need it (they are skipped with the reason).

Earlier runs are never overwritten, and a run never writes into the client folder. ``run.json``
records the runner's pid and host: a run still marked "running" whose process is gone is shown as
"interrupted" (:func:`run_state`); a run stopped by Ctrl-C or SIGTERM marks itself so. Kernel IPC
sockets and connection files are removed on every way out of :func:`run_notebook`. Batch workers
watch their parent and exit with their kernels when it dies, even by ``kill -9``. Kernels talk to papermill over IPC sockets rather
than TCP ports, which avoids the port races seen when many kernels start in parallel.

Error codes
-----------
RUN001  a stage failed while running (the manifest and executed notebook say where)
RUN002  no notebook for a stage
RUN003  the report could not be built (the stage results are kept)
RUN004  no stage to run (an empty selection, or every selected stage left out for want of inputs)
RUN005  the run would write into the client folder (an output_dir, answers_dir or runs folder inside
        it, or ``interactive=true``, which saves answers there); refused before anything runs
RUN006  ``run.json`` of a run folder cannot be read or is not a run manifest
RUN007  an output folder cannot be written (read-only, full, or not a folder)
RUN008  ``from_run`` (``--from``) is not a run folder of this client
RUN009  the run named by ``from_run`` has no result of a stage that a selected stage needs
PRF001  ``jobs`` (``sedam run --jobs``) is not a whole number from 1
ANS010  a selected questionnaire stage has no answers yet
"""
from __future__ import annotations

import datetime as _dt
import glob
import hashlib
import os
import signal
import shutil
import socket
import tempfile
import threading
import time
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from ..core.errors import Problem, Problems, SedamError

__all__ = ["DEFAULT_JOBS", "IPCKernelManager", "run_client", "run_notebook", "validate_client", "stages_for", "left_out", "failure_summary",
           "RunFailed", "notebook_parameters", "run_state", "read_manifest"]

#: Stages a run executes side by side by default (``run_client(jobs=)``, ``sedam run --jobs``), chosen from the
#: demo run measured both ways on a 2-core machine (see ``docs/scaling.md``).
DEFAULT_JOBS = 1

#: kernel managers created in this process and not yet cleaned up (see :func:`run_notebook`)
_MANAGERS: list = []


class IPCKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels listen on IPC sockets, not TCP ports.

    Parallel runs with the TCP transport race for ports (papermill #511, jupyter_client #487);
    IPC sockets are files with unique names, so they cannot collide.
    """

    def __init__(self, **kw):
        kw.setdefault("transport", "ipc")
        # Without an explicit path every kernel started in the same working directory would use
        # ./kernel-ipc-N and processes could pick the same N at once; give each kernel its own prefix.
        kw.setdefault("ip", os.path.join(tempfile.gettempdir(), f"sedam-{uuid.uuid4().hex[:16]}-ipc"))
        super().__init__(**kw)
        self.sedam_thread = threading.get_ident()  # run_notebook cleans up the managers its own thread made
        _MANAGERS.append(self)


def _cleanup_kernel(km) -> None:
    """Kill the kernel of ``km`` if it still runs; remove its IPC sockets and connection file."""
    proc = getattr(getattr(km, "provisioner", None), "process", None)
    try:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)
    except Exception:  # already gone
        pass
    files = glob.glob(glob.escape(km.ip) + "-*") if km.transport == "ipc" and km.ip else []
    cf = getattr(km, "connection_file", None)
    for f in files + ([cf] if cf else []):
        try:
            os.remove(f)
        except OSError:
            pass


class Interrupted(KeyboardInterrupt):
    """SIGTERM during a run, raised in the main thread so the run can mark itself and clean up."""


class RunFailed(SedamError):
    """A stage failed; ``.run_dir`` holds the executed notebooks and the manifest."""

    def __init__(self, problem, run_dir):
        self.run_dir = Path(run_dir)
        super().__init__([problem], "the run stopped")


def stages_for(client: dict) -> list[str]:
    """Stage ids to run for a client: its ``stages`` list, or every stage a run executes, in stage order."""
    from ..stages import STAGES, run_order

    wanted = client.get("stages", "all")
    if wanted in (None, "all"):
        return [s.id for s in STAGES if s.runs]
    return run_order(wanted)


def _named(client: dict, inp) -> bool:
    """Whether the client names an input (an optional client file counts when its default exists)."""
    cdir = Path(client["dir"])
    if inp.kind == "dataset":
        return (client.get("data") or {}).get(inp.key) is not None
    if inp.kind == "client_file":
        return client.get(inp.key) is not None or (cdir / (inp.default or "")).is_file()
    folder = cdir / "answers" / inp.key
    return folder.is_dir() and any(folder.glob("*.json"))


def plan_stages(client: dict, stage_ids, *, chosen=None, language: str | None = "en") -> list[tuple]:
    """``(stage, skip)`` for each selected stage, in order; ``skip`` is None or a
    :class:`~sedamkit.core.stagedef.Skip` saying why the stage is left out.

    A stage is left out when it has inputs, every one is optional and the client names none of them,
    or when a stage it needs (``upstream``) is left out. A stage whose required client file (the
    plan) is neither named nor in its default place is left out too, unless it was chosen by name
    (``chosen``: the ``--stages`` ids, or the client's own ``stages`` list), when ``validate``
    reports the missing file instead. Parts of a running stage whose optional input is missing are
    the notebook's to skip (it says so there and in the report). The reasons are in ``language``
    (``sedam validate`` of a French client); a run keeps them in English in ``run.json``.
    """
    from ..core.i18n import normalise_language, t
    from ..core.stagedef import Skip
    from ..stages import get

    lang = normalise_language(language)

    def say(text_id, english, /, **kw):
        return english if lang == "en" else t(f"deliver.skip.{text_id}", lang, **kw)

    def what(i):
        key = f"rpt.input.{i.key}"
        return i.what or i.key if lang == "en" or not _has_text(key) else t(key, lang)

    if chosen is None:
        wanted = client.get("stages", "all")
        chosen = wanted if isinstance(wanted, list) else ()
    chosen = set(_known_ids(list(chosen)) or ())
    plan, skipped = [], {}
    for sid in stage_ids:
        st = get(sid)
        skip = None
        need = [u for u in st.upstream if u in skipped]
        absent = [i for i in st.inputs if i.required and i.kind == "client_file" and not _named(client, i)]
        if need:
            reason = skipped[need[0]].reason
            skip = Skip(st.id, st.name, say("needs", f"it needs stage {need[0]}, which is left out ({reason})",
                                            stage=need[0], reason=reason), skipped[need[0]].fix)
        elif not st.runs:
            skip = Skip(st.id, st.name, say("teaching", "it is for teaching only; a client run never executes it"),
                        say("teaching_fix", "open its notebook in Jupyter instead"))
        elif absent and st.id not in chosen:
            a = absent[0]
            file, stem = a.default or a.key, Path(a.default or a.key).stem
            skip = Skip(st.id, st.name,
                        say("no_file", f"the client has no {a.what or a.key}: {file} is not there and client.yaml "
                            "names none", what=what(a), file=file),
                        say("no_file_fix", f"write it (a new client's {stem}.template.yaml is a start) and name it in "
                            f"client.yaml ('{a.key}: {a.default}') to run this stage", stem=stem, field=a.key,
                            default=a.default))
        elif st.inputs and all(not i.required for i in st.inputs) and not any(_named(client, i) for i in st.inputs):
            whats = ", ".join(what(i) for i in st.inputs)
            skip = Skip(st.id, st.name, say("no_inputs", f"the client has none of its inputs ({whats})", inputs=whats),
                        say("no_inputs_fix", "name them in client.yaml to run this stage"))
        if skip:
            skipped[st.id] = skip
        plan.append((st, skip))
    return plan


def left_out(client: dict, stages=None, language: str | None = "en") -> list:
    """The :class:`~sedamkit.core.stagedef.Skip` of every selected stage a run would leave out, in stage
    order (``sedam validate`` prints them, so a consultant sees before a run what it will not cover), their
    reasons in ``language``."""
    stage_ids = list(stages) if stages else stages_for(client)
    return [skip for st, skip in plan_stages(client, stage_ids, chosen=stages, language=language) if skip and st.runs]


def _has_text(key: str) -> bool:
    from ..core.i18n import catalogue

    return key in catalogue()


def _reusable_results(from_run: Path, client: dict, planned, probs) -> dict:
    """``{stage id: result file}`` of the earlier run ``from_run`` for every stage that a running stage
    reads (needed or optional) and this run leaves out; ``RUN008`` / ``RUN009`` added to ``probs``."""
    from ..core.results import has_result, result_path

    try:
        manifest = read_manifest(from_run) if from_run.is_dir() else {}
    except SedamError as e:
        probs.extend(e.problems)
        return {}
    fix = "give a run folder of this client (runs/<client>/<time>), or leave --from out"
    if not (from_run / "results").is_dir() or not manifest:
        probs.add("RUN008", "--from", f"{from_run} is not a run folder (no run.json and results/ inside)", fix)
        return {}
    if manifest.get("client") != client["id"]:
        probs.add("RUN008", "--from", f"{from_run} is a run of client {manifest.get('client')!r}, "
                  f"not of {client['id']!r}", fix)
        return {}
    running = {st.id for st, skip in planned if skip is None}
    out = {}
    for st, skip in planned:
        if skip is not None:
            continue
        for u in (*st.upstream, *st.optional_upstream):
            if u in running or u in out:
                continue
            if has_result(from_run, u):
                out[u] = result_path(from_run, u)
            elif u in st.upstream:
                probs.add("RUN009", "--from", f"{from_run} has no result of stage {u}, which {st.id} needs",
                          f"name a run that includes {u}, or add {u} to --stages")
    return out


def _copy_results(reused: dict, run_dir: Path) -> dict:
    """Copy the lent result files into ``run_dir/results``; ``{stage: {from, sha256}}`` for run.json."""
    from ..core.fileio import atomic_write_bytes
    from ..core.results import result_path

    out = {}
    for sid, src in reused.items():
        data = Path(src).read_bytes()
        atomic_write_bytes(result_path(run_dir, sid), data)
        out[sid] = {"from": str(src), "sha256": hashlib.sha256(data).hexdigest()}
    return out


def notebook_parameters(path) -> dict:
    """The names and default values of a notebook's ``parameters`` cell."""
    import papermill

    return {k: v.get("default") for k, v in papermill.inspect_notebook(str(path)).items()}


def validate_client(client_dir, stages=None) -> dict:
    """Check a client folder before any notebook starts; raise every problem at once.

    Checks the config, every answers file of every questionnaire stage, and — when those stages
    are selected — the plan, the application assessment, the journey and the datasets with the
    stage modules' own validators. Returns the loaded config.
    """
    from ..core.config import load_client
    from ..stages import REGISTRY

    probs = Problems()
    config_ok = True
    try:
        client = load_client(client_dir, stage_ids=REGISTRY)
    except SedamError as e:
        # keep going with what can be read, so answers problems show up in the same pass
        raw = _raw_config(client_dir)
        if raw is None:
            raise
        probs.extend(e.problems)
        config_ok = False
        client = {"stages": "all", **raw, "dir": Path(client_dir).resolve()}
        if not isinstance(client.get("stages"), list) or not all(isinstance(s, str) for s in client["stages"]):
            client["stages"] = "all"
    client.setdefault("id", Path(client["dir"]).name)
    try:
        stage_ids = list(stages) if stages else stages_for(client)
    except Exception:
        stage_ids = stages_for({"stages": "all"})
    try:
        planned = plan_stages(client, stage_ids, chosen=stages)
    except SedamError as e:
        probs.extend(e.problems)
        planned = []
    _check_overlays(client, probs)
    for st, skip in planned:
        if skip:
            continue
        for inp in st.inputs:
            if inp.kind == "answers" and inp.required:
                _check_required_answers(client, st, probs)
            elif inp.validate and config_ok and (inp.required or _named(client, inp)):
                _collect(probs, inp.validate, client, stage_ids)
        if st.validate and config_ok:  # their inputs are named by a valid config
            _collect(probs, st.validate, client, stage_ids)
    probs.raise_if_any(f"the client folder {client['dir']} has problems")
    return client


def _raw_config(client_dir):
    """The client.yaml mapping as written (unvalidated), or None when it cannot be read at all."""
    from ..core.fileio import read_yaml

    path = Path(client_dir) / "client.yaml"
    try:
        raw = read_yaml(path)
    except SedamError:
        return None
    return raw if isinstance(raw, dict) else None


def _collect(probs, fn, *args) -> None:
    from ..core.stagedef import ref

    try:
        ref(fn)(*args)
    except SedamError as e:
        probs.extend(e.problems)


def _check_required_answers(client, stage, probs) -> None:
    """A required questionnaire's answers: each file valid, and at least one (``ANS010``)."""
    from ..core.answers import load_all

    for name in stage.questionnaires:
        spec = _client_spec_or_shipped(client, name)
        folder = Path(client["dir"]) / "answers" / spec.stage
        try:
            if not load_all(Path(client["dir"]) / "answers", spec, spec.stage):
                probs.add("ANS010", f"answers/{spec.stage}", f"no answers for stage {spec.stage}",
                          f"put one JSON file per respondent in {folder} (or import a survey table), "
                          "or leave the stage out of 'stages'", file=str(client["dir"]))
        except SedamError as e:
            probs.extend(e.problems)


def _client_spec_or_shipped(client, name, probs=None):
    """The client's questionnaire (overlay merged); the shipped one when the overlay has problems,
    which go to ``probs`` (so the answers are still checked in the same pass)."""
    from ..core.spec import client_spec, load_spec

    try:
        return client_spec(client, name)
    except SedamError as e:
        if probs is not None:
            probs.extend(e.problems)
        return load_spec(name)


def _check_overlays(client, probs) -> None:
    """Every overlay client.yaml names merges into its questionnaire (the SPEC codes)."""
    from ..core.spec import list_specs

    over = client.get("questionnaires")
    for name in over if isinstance(over, dict) else ():
        if name in list_specs() and isinstance(over[name], str) and (Path(client["dir"]) / over[name]).is_file():
            _client_spec_or_shipped(client, name, probs)


def _known_ids(stages):
    from ..stages import get

    if not stages:
        return None
    out = []
    for s in stages:
        try:
            out.append(get(s).id)
        except SedamError:
            pass
    return out


def _hash_inputs(client_dir: Path) -> dict:
    """sha256 of every file in the client folder (hidden ones left out), by path relative to it; a
    questionnaire overlay is among them (its name and version are also in the manifest's
    ``questionnaires``, see :func:`_overlays`)."""
    out = {}
    for p in sorted(client_dir.rglob("*")):
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(client_dir).parts):
            out[str(p.relative_to(client_dir))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _overlays(client: dict) -> dict:
    """questionnaire id -> {name, version, file, sha256} for each overlay the client uses."""
    from ..core.spec import client_spec

    out = {}
    over = client.get("questionnaires")
    for name in over if isinstance(over, dict) else ():
        info = dict(client_spec(client, name).overlay or {})
        if info:
            info["file"] = str(Path(info["file"]).relative_to(Path(client["dir"]).resolve())) \
                if Path(info["file"]).resolve().is_relative_to(Path(client["dir"]).resolve()) else info["file"]
            out[name] = info
    return out


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("sedamkit", "pandas", "numpy", "matplotlib", "papermill", "ipywidgets", "ipykernel",
                 "nbclient", "jupyter_client", "vaderSentiment", "jsonschema", "pyyaml"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    import platform

    out["python"] = platform.python_version()
    return out


def _new_run_dir(root: Path, client_id: str) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = root / client_id
    base.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        d = base / (stamp if n == 1 else f"{stamp}-{n}")
        try:
            d.mkdir()  # claiming the folder is atomic: a parallel run gets another name
            return d
        except FileExistsError:
            continue
    raise RuntimeError("could not create a run folder")


class KernelSession:
    """One ``python3`` kernel kept for the stages of one client run, so the imports are paid once.

    Before each stage :meth:`prepare` clears the kernel's namespace (IPython's ``reset``: no variable of an
    earlier stage is left), sets its working folder and restarts its execution counter, so each executed
    notebook reads as if it had its own kernel. Modules stay imported. A kernel that died, timed out or
    ran a failing stage is discarded (:meth:`discard`) and the next stage gets a new one. :meth:`close`
    kills the kernel and removes its IPC sockets and connection file.
    """

    def __init__(self, *, start_timeout: int = 120, env: dict | None = None):
        self.km = None
        self.start_timeout = start_timeout
        self.env = env

    def _start(self, cwd) -> None:
        from jupyter_core.utils import run_sync

        km = IPCKernelManager(kernel_name="python3")
        _MANAGERS.remove(km)  # this session cleans up its own kernel (by identity: safe beside other threads)
        self.km = km
        kw = {"env": {**os.environ, **self.env}} if self.env else {}
        # no IPython history: a kept kernel restarts its cell numbers for each stage, which IPython's history
        # database refuses ("Session/line number was not unique"), printing an error into the executed notebook;
        # a run's record is its notebooks, and parallel kernels then share no sqlite file either
        run_sync(km.start_kernel)(cwd=str(cwd) if cwd else None, extra_arguments=NO_HISTORY, **kw)

    def prepare(self, cwd) -> None:
        """Make sure a live kernel runs; clear its namespace and move it to ``cwd`` for the next notebook."""
        from jupyter_core.utils import run_sync

        if self.km is not None and not run_sync(self.km.is_alive)():
            self.discard()
        if self.km is None:
            self._start(cwd)
        run_sync(_prepare_kernel)(self.km, _PREPARE_CODE.format(cwd=str(cwd or os.getcwd())), self.start_timeout)

    def discard(self) -> None:
        """Drop the kernel (after a failure or a timeout); the next :meth:`prepare` starts a new one."""
        if self.km is not None:
            _cleanup_kernel(self.km)
            self.km = None

    close = discard

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


#: kernel arguments of every kernel the runner starts: IPython's history database off (see KernelSession._start)
NO_HISTORY = ["--HistoryManager.enabled=False"]

#: run silently before each stage in a kept kernel: an empty namespace, the run folder as working folder,
#: and the next cell numbered 1 (the code itself is not stored in the history, so it takes no number)
_PREPARE_CODE = ("get_ipython().reset(new_session=False)\n"
                 "import os as _sedam_os\n_sedam_os.chdir({cwd!r})\ndel _sedam_os\n"
                 "get_ipython().execution_count = 1\n")


async def _prepare_kernel(km, code, timeout):
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=timeout)
        reply = await kc.execute_interactive(code, silent=True, store_history=False, timeout=timeout,
                                             output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"the kernel could not be reset: {reply['content'].get('evalue')}")
    finally:
        kc.stop_channels()


#: Seconds between two saves of a notebook while it runs (papermill saves it whole, images included, up to
#: three times per cell: most of a stage's time outside its own cells).
SAVE_EVERY = 30.0


def _sparse_save(save):
    """``save`` called at most every :data:`SAVE_EVERY` seconds while a notebook runs; the complete notebook
    is still written when it ends or fails, and a long stage still shows its progress in the file."""
    last = [time.monotonic()]

    def sparse(**kw):
        if time.monotonic() - last[0] >= SAVE_EVERY:
            save(**kw)
            last[0] = time.monotonic()

    return sparse


def _kept_kernel_engine():
    """A papermill engine that runs a notebook on a kernel it is given (``km=``) and leaves it running,
    closing only its own client channels (papermill's own engine would leave them open)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    if "sedam-kept-kernel" in papermill_engines._engines:
        return "sedam-kept-kernel"

    class KeptKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            import logging

            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                                 kernel_name=kernel_name, log=logging.getLogger("papermill"),
                                 log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            client = PapermillNotebookClient(nb_man, **final)
            save = nb_man.save
            nb_man.save = _sparse_save(save)
            try:
                return client.execute()
            finally:
                nb_man.save = save          # papermill's closing save (also after a failure) writes it all
                if client.kc is not None:
                    client.kc.stop_channels()
                    client.kc = None

    papermill_engines.register("sedam-kept-kernel", KeptKernelEngine)
    return "sedam-kept-kernel"


def run_notebook(notebook, output, parameters: dict, *, cwd=None, progress=False,
                 timeout: int = 600, kernel: KernelSession | None = None) -> None:
    """Execute one notebook with papermill on the ``python3`` kernel over IPC.

    Parameters are checked against the notebook's ``parameters`` cell first: an unknown
    name or a wrong type is a coded error (papermill itself would only warn). ``progress`` is
    False, True, or a dict of tqdm options (e.g. ``{"desc": stage_id}``) for the cell progress bar.
    ``kernel`` is a :class:`KernelSession` to run in (its namespace cleared first); without one the
    notebook gets a kernel of its own, removed when the call ends. A ``timeout`` (seconds per cell) or a
    failure leaves a kept kernel discarded, so the next notebook starts clean.
    """
    import papermill

    from ..core.params import PARAMETERS, validate_parameters

    declared = notebook_parameters(notebook)
    allowed = {k: PARAMETERS.get(k, (object,)) for k in declared}
    validate_parameters(parameters, allowed=allowed, source=str(notebook))
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    before = {id(m) for m in list(_MANAGERS)}
    kw = {"kernel_manager_class": IPCKernelManager, "extra_arguments": NO_HISTORY}
    try:
        if kernel is not None:
            kernel.prepare(cwd)
            kw = {"km": kernel.km, "engine_name": _kept_kernel_engine()}
        papermill.execute_notebook(str(notebook), str(output), parameters=parameters, kernel_name="python3",
                                   progress_bar=progress, cwd=str(cwd) if cwd else None,
                                   execution_timeout=timeout, start_timeout=120, **kw)
    except BaseException:
        if kernel is not None:  # a failed, timed-out or interrupted notebook may leave the kernel busy or odd
            kernel.discard()
        raise
    finally:  # normal end, failure or Ctrl-C: no kernel, socket or connection file outlives the call
        # only the managers this call's thread made (another thread's run may be using its own); a kept
        # kernel's session removed its manager from the list and cleans it up itself
        me = threading.get_ident()
        mine = [m for m in list(_MANAGERS) if id(m) not in before and getattr(m, "sedam_thread", None) == me]
        for km in mine:
            try:
                _MANAGERS.remove(km)
            except ValueError:
                continue
            _cleanup_kernel(km)


def run_client(client_dir, runs_root=None, stages=None, *, progress: bool = True, extra_parameters=None,
               log=print, report: bool = True, pdf: bool = True, from_run=None, figures=None,
               jobs: int = DEFAULT_JOBS) -> Path:
    """Validate, then run a client's stages in order; return the run folder.

    ``jobs`` above 1 runs stages that do not depend on each other at the same time, each worker in a
    kernel of its own (see :func:`_run_parallel`); 1, the default, runs them one after the other.

    ``figures`` lists the formats each figure is saved in (``["png", "svg"]``; PNG is always kept, the
    report reads it); default: the client's ``figures:`` setting, else ``SEDAM_FIGURE_FORMATS``, else PNG.

    ``from_run``, an earlier run folder of the same client, lends the new run the results of the
    stages it does not run (``sedam run CLIENT --stages 05_evaluation --from RUN_DIR``): they are
    copied into the new run's ``results/`` and listed, with their hashes, under ``reused`` in run.json.

    Raises :class:`RunFailed` (``RUN001``) naming the stage and the cell when a stage fails; the
    executed notebooks and ``run.json`` stay in the run folder for inspection.
    """

    from .. import __version__
    from ..core.fileio import write_json
    from ..core.params import validate_parameters
    from ..core.paths import notebooks_dir, resolve, workspace
    from ..stages import get, run_order

    probs = Problems()
    for s in stages or ():
        try:
            get(s)
        except SedamError as e:
            probs.extend(e.problems)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        probs.add("PRF001", "--jobs", f"jobs must be a whole number from 1, got {jobs!r}",
                  "use --jobs 1 to run the stages one after the other, or --jobs 2 to run two side by side")
    probs.raise_if_any("the run was not started")
    client = validate_client(resolve(client_dir), stages=_known_ids(stages))
    cdir = Path(client["dir"])
    stage_ids = run_order(stages) if stages else stages_for(client)
    for s in stage_ids:
        if not (notebooks_dir() / (get(s).notebook or "")).is_file():
            probs.add("RUN002", s, "no notebook for this stage", "reinstall sedamkit, or leave the stage out of 'stages'")
    extra = dict(extra_parameters or {})
    if extra:
        validate_parameters(extra)
    root = Path(runs_root) if runs_root else workspace() / "runs"
    _check_outputs(cdir, extra, resolve(root), probs)
    planned = plan_stages(client, stage_ids, chosen=stages)
    if not any(skip is None for _, skip in planned):
        why = "; ".join(f"{st.id}: {skip.reason}" for st, skip in planned) or "the selection is empty"
        probs.add("RUN004", "stages", f"no stage to run ({why})",
                  "list stages by id (e.g. 01_necessity_feasibility), or give the client the inputs they need",
                  file=str(cdir / "client.yaml"))
    reused = _reusable_results(resolve(from_run), client, planned, probs) if from_run else {}
    formats = _figure_formats(figures, client, probs)
    probs.raise_if_any("the run was not started")

    try:
        run_dir = _new_run_dir(resolve(root), client["id"])
    except OSError as e:
        raise SedamError(_unwritable(resolve(root), e), "the run was not started") from None
    params = {"client_dir": str(cdir), "answers_dir": str(cdir / "answers"), "output_dir": str(run_dir),
              "interactive": False, "language": _run_language(client), "respondent": "me", **extra}
    manifest = {"client": client["id"], "client_name": client.get("name"), "client_dir": str(cdir),
                "run_dir": str(run_dir), "sedamkit_version": __version__, "versions": _versions(),
                "parameters": params, "inputs": _hash_inputs(cdir), "questionnaires": _overlays(client),
                "started": _now(), "finished": None, "status": "running", "stages": [], "figure_formats": formats,
                "pid": os.getpid(), "host": socket.gethostname(), "pid_started": _proc_start(os.getpid())}
    if "language" not in extra and params["language"] != client.get("language", "en"):
        manifest["edition_language"] = params["language"]  # made in a non-English edition: its report follows it
    if reused:
        manifest["from_run"] = str(resolve(from_run))
        manifest["reused"] = _copy_results(reused, run_dir)
    try:
        write_json(run_dir / "run.json", manifest)
    except OSError as e:
        raise SedamError(_unwritable(run_dir, e), "the run was not started") from None
    restore = _on_sigterm_raise()
    try:
        if jobs > 1 and sum(skip is None for _, skip in planned) > 1:
            return _run_parallel(run_dir, manifest, planned, params, log, report, pdf, jobs)
        return _run_stages(run_dir, manifest, planned, params, progress, log, report, pdf)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: say so in run.json, then stop as asked
        manifest["status"] = "interrupted"
        manifest["finished"] = _now()
        for entry in manifest["stages"]:
            if entry.get("status") == "running":
                entry["status"] = "interrupted"
        try:
            write_json(run_dir / "run.json", manifest)
        except OSError:
            pass
        raise
    finally:
        restore()


#: The formats a figure can be saved in.
FIGURE_FORMATS = ("png", "svg", "pdf")


def _student_workspace() -> bool:
    """Whether runs are made inside a student edition (an ``EDITION.json`` of kind ``student`` around the
    workspace): its runs must not carry the model answers and trainer notes of the kit's own notebooks."""
    import json

    from ..core.paths import EDITION_MARKER, edition_root

    root = edition_root()
    if root is None:
        return False
    try:
        return json.loads((root / EDITION_MARKER).read_text(encoding="utf-8")).get("edition") == "student"
    except (OSError, ValueError, AttributeError):
        return False


def _source_notebook(name: str, sources, language: str = "en", *, student: bool = True) -> Path:
    """The notebook a stage executes: the kit's own, or — when ``sources`` is set — its form for the
    reader, written into ``sources``: the student form in a student edition (``student``: model answers
    replaced by prompts, trainer notes dropped) and its Markdown in the client's ``language``
    (:func:`sedamkit.delivery.editions.edition_notebook`)."""
    from ..core.paths import notebooks_dir

    src = notebooks_dir() / name
    if not sources:
        return src
    import nbformat

    from .editions import edition_notebook

    out = Path(sources) / name
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(edition_notebook(nbformat.read(src, as_version=4), "student" if student else None, language, name),
                   out)
    return out


def _run_language(client: dict) -> str:
    """A run's default ``language``: the edition's when runs are made inside a non-English edition
    (:func:`sedamkit.core.paths.edition_language`), else the client's; a ``language`` in the run's extra
    parameters still wins."""
    from ..core.paths import edition_language

    return edition_language() or client.get("language", "en")


def _language(params: dict) -> str:
    """The language a run's notebooks are written in: the ``language`` parameter (the client's)."""
    from ..core.i18n import normalise_language

    return normalise_language(params.get("language"))


class _removed:
    """Remove a temporary folder (if any) on leaving the block."""

    def __init__(self, folder):
        self.folder = folder

    def __enter__(self):
        return self.folder

    def __exit__(self, *exc):
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)


def _figure_formats(figures, client: dict, probs) -> list[str]:
    """PNG plus the formats asked for: ``figures`` (``sedam run --figures``), else the client's ``figures:``,
    else ``SEDAM_FIGURE_FORMATS``; an unknown one is ``CFG012``."""
    from ..methods.plots import figure_formats

    if figures is None and client.get("figures") is None:
        return list(figure_formats())
    asked = figures if figures is not None else client.get("figures")
    asked = [f.strip().lower() for f in (asked.split(",") if isinstance(asked, str) else asked) if str(f).strip()]
    bad = [f for f in asked if f not in FIGURE_FORMATS]
    if bad:
        probs.add("CFG012", "--figures" if figures is not None else "figures", f"unknown figure format {bad[0]!r}",
                  "use png, svg or pdf, e.g. --figures png,svg")
    return list(dict.fromkeys(["png"] + [f for f in asked if f in FIGURE_FORMATS]))


def _run_stages(run_dir, manifest, planned, params, progress, log, report, pdf) -> Path:
    """Execute the planned stages in order in one kept kernel (see :class:`KernelSession`).

    A failing stage is recorded; the stages that need it (``upstream``) are skipped with the reason and
    the others still run; the report is built only when no stage failed; the first failure is raised.
    """
    from ..core.fileio import write_json
    from ..core.paths import notebooks_dir
    from ..core.stagedef import Skip

    failures, failed = [], {}  # failed: stage id -> why the stages that need it are left out
    formats = manifest.get("figure_formats") or ["png"]
    student, language = _student_workspace(), _language(params)
    sources = tempfile.mkdtemp(prefix="sedam-sources-") if student or language != "en" else None
    manifest["edition"] = "student" if student else manifest.get("edition")
    with KernelSession(env={"SEDAM_FIGURE_FORMATS": ",".join(formats)}) as kernel, _removed(sources):
        for st, skip in planned:
            sid = st.id
            need = [u for u in st.upstream if u in failed]
            if skip is None and need:
                skip = Skip(sid, st.name, f"it needs stage {need[0]}, which {failed[need[0]]}",
                            "fix that stage (see its executed notebook) and run again")
            if skip is not None:
                manifest["stages"].append({"stage": sid, "status": "skipped", "reason": skip.reason, "fix": skip.fix})
                if need:
                    failed[sid] = "was left out because a stage it needs failed"
                if log:
                    log(f"– {sid} skipped: {skip.reason}")
                continue
            entry = {"stage": sid, "notebook": f"notebooks/{sid}.ipynb", "status": "running", "started": _now()}
            manifest["stages"].append(entry)
            t0 = time.perf_counter()
            if log and not progress:
                log(f"→ {sid}")
            try:
                run_notebook(_source_notebook(st.notebook, sources, language, student=student),
                             run_dir / "notebooks" / f"{sid}.ipynb", params,
                             cwd=run_dir, progress={"desc": sid, "leave": True} if progress else False,
                             kernel=kernel)
                entry["status"] = "ok"
            except Exception as e:  # papermill's execution error carries the cell; keep everything for inspection
                entry["status"] = "failed"
                failed[sid] = "failed"
                failures.append(_stage_failure(run_dir, entry, e))
            entry["seconds"] = round(time.perf_counter() - t0, 2)
            entry["finished"] = _now()
            write_json(run_dir / "run.json", manifest)
    return _finish_run(run_dir, manifest, failures, log, report, pdf)


def _finish_run(run_dir, manifest, failures, log, report, pdf) -> Path:
    """After the stages: the report (only when no stage failed), the final run.json; the first failure raised."""
    from ..core.fileio import write_json

    write_json(run_dir / "run.json", manifest)  # the report reads it: stages skipped after the last one that ran too
    failure = failures[0] if failures else None
    if not failure and report:
        from .report import build_report

        try:
            build_report(run_dir, pdf=pdf, log=log)
        except Exception as e:  # the stages are done; a report problem must not hide them
            failure = Problem("RUN003", str(run_dir / "report.html"), "report", f"{type(e).__name__}: {e}",
                              "run 'sedam report RUN_DIR' to retry after fixing the cause")
            manifest["report_error"] = str(e)
    manifest["finished"] = _now()
    manifest["status"] = "failed" if failure else "ok"
    manifest["outputs"] = sorted(str(p.relative_to(run_dir)) for p in run_dir.rglob("*")
                                 if p.is_file() and p.name != "run.json")
    write_json(run_dir / "run.json", manifest)
    if failure:
        raise RunFailed(failure, run_dir)
    return run_dir


def _run_parallel(run_dir, manifest, planned, params, log, report, pdf, jobs) -> Path:
    """Execute the planned stages on ``jobs`` workers, each with its own kept kernel, following the stages'
    dependencies: a stage starts once every stage it reads that this run executes (``upstream`` and
    ``optional_upstream``) has ended, so it sees exactly the results it would see in order.

    Everything else is as :func:`_run_stages`: a failure leaves out only the stages that need the failed one
    (a stage that merely uses it still runs, without it), each executed notebook is complete, and the
    report is built only when no stage failed. ``run.json`` lists the stages in stage order whatever order
    they end in, and is written by this (the calling) thread only. The console gets one line per stage as
    it starts (``→``) and ends (``✓`` / ``✗`` with its seconds); no cell progress bars, which would mix.
    """
    import concurrent.futures as cf

    from ..core.fileio import write_json
    from ..core.stagedef import Skip

    order = [st.id for st, _ in planned]
    running_ids = {st.id for st, skip in planned if skip is None}
    waits = {st.id: [u for u in (*st.upstream, *st.optional_upstream) if u in running_ids and u != st.id]
             for st, _ in planned}
    entries: dict = {}
    failures, failed, done = {}, {}, set()  # failures: stage id -> its RUN001 problem (the first in stage order is raised)
    formats = manifest.get("figure_formats") or ["png"]
    sources = tempfile.mkdtemp(prefix="sedam-sources-") if _student_workspace() else None
    manifest["edition"] = "student" if sources else manifest.get("edition")
    env = {"SEDAM_FIGURE_FORMATS": ",".join(formats)}
    sessions = [KernelSession(env=env) for _ in range(jobs)]
    free = list(sessions)
    ran: dict = {id(k): set() for k in sessions}    # kernel -> the stages it ran (their modules are imported)

    def pick(st):
        """The free kernel that ran most of what ``st`` reads: its imports are warm there."""
        k = max(free, key=lambda k: len(ran[id(k)] & set(waits[st.id])))
        free.remove(k)
        ran[id(k)].add(st.id)
        return k

    def record(sid, entry):        # run.json's list stays in stage order, whatever order the stages end in
        entries[sid] = entry
        manifest["stages"] = [entries[i] for i in order if i in entries]

    def save():
        write_json(run_dir / "run.json", manifest)

    def execute(st, kernel):
        run_notebook(_source_notebook(st.notebook, sources), run_dir / "notebooks" / f"{st.id}.ipynb", params,
                     cwd=run_dir, progress=False, kernel=kernel)

    pending = list(planned)
    futures: dict = {}
    pool = cf.ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="sedam-stage")
    try:
        with _removed(sources):
            while pending or futures:
                before = len(entries)
                for st, skip in list(pending):      # decide, in stage order, every stage whose waits are over
                    if any(u not in done for u in waits[st.id]):
                        continue
                    need = [u for u in st.upstream if u in failed]
                    if skip is None and not need and len(futures) >= jobs:
                        continue                    # it can run, once a worker is free
                    pending.remove((st, skip))
                    if skip is None and need:
                        skip = Skip(st.id, st.name, f"it needs stage {need[0]}, which {failed[need[0]]}",
                                    "fix that stage (see its executed notebook) and run again")
                    if skip is not None:
                        record(st.id, {"stage": st.id, "status": "skipped", "reason": skip.reason, "fix": skip.fix})
                        if need:
                            failed[st.id] = "was left out because a stage it needs failed"
                        done.add(st.id)
                        if log:
                            log(f"– {st.id} skipped: {skip.reason}")
                        continue
                    record(st.id, {"stage": st.id, "notebook": f"notebooks/{st.id}.ipynb", "status": "running",
                                   "started": _now()})
                    if log:
                        log(f"→ {st.id}")
                    kernel = pick(st)
                    futures[pool.submit(execute, st, kernel)] = (st, time.perf_counter(), kernel)
                if len(entries) > before:
                    save()
                if not futures:
                    if pending and all(any(u not in done for u in waits[st.id]) for st, _ in pending):
                        raise RuntimeError(f"stages wait on each other: {[st.id for st, _ in pending]}")
                    continue
                ended, _ = cf.wait(list(futures), timeout=1.0, return_when=cf.FIRST_COMPLETED)
                for fut in sorted(ended, key=lambda f: order.index(futures[f][0].id)):  # stage order
                    st, t0, kernel = futures.pop(fut)
                    free.append(kernel)
                    entry = entries[st.id]
                    try:
                        fut.result()
                        entry["status"] = "ok"
                    except Exception as e:  # the executed notebook keeps the traceback
                        entry["status"] = "failed"
                        failed[st.id] = "failed"
                        failures[st.id] = _stage_failure(run_dir, entry, e)
                    entry["seconds"] = round(time.perf_counter() - t0, 2)
                    entry["finished"] = _now()
                    done.add(st.id)
                    if log:
                        log(f"{'✓' if entry['status'] == 'ok' else '✗'} {st.id} ({entry['seconds']:.1f} s)")
                if ended:
                    save()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for k in sessions:          # a stage still running fails at once when its kernel goes
            k.close()
        raise
    finally:
        pool.shutdown(wait=True)
        for k in sessions:
            k.close()
    save()
    return _finish_run(run_dir, manifest, [failures[sid] for sid in order if sid in failures], log, report, pdf)


def _stage_failure(run_dir, entry, e) -> Problem:
    """Record a stage's error in its manifest entry; the ``RUN001`` problem naming the stage and cell."""
    cell = getattr(e, "exec_count", None)
    entry["error"] = {"type": getattr(e, "ename", type(e).__name__),
                      "message": str(getattr(e, "evalue", e))[:2000], "cell": cell}
    return Problem("RUN001", str(run_dir / entry["notebook"]), f"stage {entry['stage']}, cell {cell}",
                   f"{entry['error']['type']}: {failure_summary(entry['error']['message'])}",
                   "open the executed notebook named here to see the full traceback")


def failure_summary(message: str, limit: int = 3) -> str:
    r"""What a failed cell's error says, in one line for the console: the coded problems of a
    :class:`SedamError` (``[KANO005] …``, up to ``limit``), not its "1 problem found:" heading; the first
    line of any other error.

    >>> failure_summary("1 problem found:\n  [KANO005] kano.csv: no feature columns. Fix: add them")
    '[KANO005] kano.csv: no feature columns. Fix: add them'
    >>> failure_summary("division by zero")
    'division by zero'
    """
    import re

    lines = [x.strip() for x in (message or "").splitlines() if x.strip()]
    coded = [x for x in lines if re.match(r"\[[A-Z]{2,5}\d{3}\]", x)]
    if coded:
        return " · ".join(coded[:limit]) + (f" (and {len(coded) - limit} more)" if len(coded) > limit else "")
    return lines[0] if lines else ""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_outputs(cdir: Path, extra: dict, root: Path, probs) -> None:
    """``RUN005`` for every way the run would write into the client folder (its inputs stay as they are)."""
    cdir = cdir.resolve()
    fix = "write outputs outside the client folder (runs/ in the workspace by default), or leave the option out"
    if extra.get("interactive") is True:
        probs.add("RUN005", "-p interactive", "interactive=true saves answers into the client folder during the run",
                  "leave interactive out (runs are never interactive); answer in Jupyter or 'sedam app' instead",
                  file=str(cdir))
    for key in ("output_dir", "answers_dir"):
        value = extra.get(key)
        if isinstance(value, str) and _inside(Path(value).expanduser().resolve(), cdir):
            probs.add("RUN005", f"-p {key}", f"{key} {value!r} is inside the client folder", fix, file=str(cdir))
    if _inside(root.resolve(), cdir):
        probs.add("RUN005", "--out", f"the runs folder {root} is inside the client folder", fix, file=str(cdir))


def _unwritable(folder: Path, e: OSError):
    return Problem("RUN007", str(folder), None, f"cannot write there ({e.strerror or e})",
                   "make the folder writable, free some space, or give another one with --out")


def _on_sigterm_raise():
    """Turn SIGTERM into :class:`Interrupted` in the main thread for the time of a run; return the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(signum, frame):
        raise Interrupted("SIGTERM")

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError):
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, old)


def _proc_start(pid: int):
    """The start time of a process in clock ticks (``/proc/<pid>/stat``), to tell a reused pid; None off Linux."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return int(fields[19]) if fields[0] != b"Z" else None
    except (OSError, IndexError, ValueError):
        return None


def _alive(pid: int, started) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    except OSError:
        return False
    now = _proc_start(pid)
    if os.path.isdir("/proc") and now is None:
        return False  # a zombie, or gone meanwhile
    return started is None or now is None or now == started


def run_state(manifest: dict) -> str:
    """A run's status as it stands: ``interrupted`` for a run marked ``running`` whose runner process
    (``pid`` on ``host`` in run.json) is gone; otherwise the recorded status."""
    status = manifest.get("status")
    pid = manifest.get("pid")
    if status == "running" and isinstance(pid, int) and not isinstance(pid, bool) \
            and manifest.get("host") == socket.gethostname() and not _alive(pid, manifest.get("pid_started")):
        return "interrupted"
    return status


def read_manifest(run_dir) -> dict:
    """``<run_dir>/run.json`` as a dict (``{}`` when there is none); ``RUN006`` when it cannot be read or
    does not have a manifest's shape."""
    path = Path(run_dir) / "run.json"
    if not path.exists():
        return {}
    fix = "restore run.json from a backup, or delete it to build the report from the results alone"
    try:
        import json

        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise SedamError(Problem("RUN006", str(path), None, f"cannot be read ({type(e).__name__}: {e})", fix)) from None
    shape = {"stages": list, "parameters": dict, "client_dir": str, "client": str, "status": str}
    bad = [k for k, t in shape.items() if k in doc and doc[k] is not None and not isinstance(doc[k], t)] \
        if isinstance(doc, dict) else None
    if bad is None or bad:
        raise SedamError(Problem("RUN006", str(path), ", ".join(bad or []) or None,
                                 "not a run manifest" + (f" ({', '.join(bad)} of the wrong type)" if bad else
                                                         " (not a JSON object)"), fix))
    if any(not isinstance(e, dict) for e in doc.get("stages") or []):
        raise SedamError(Problem("RUN006", str(path), "stages", "not a run manifest (a stage entry is not an object)",
                                 fix))
    return doc


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
