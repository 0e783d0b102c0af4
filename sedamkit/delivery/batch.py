"""Many clients at once: ``sedam batch`` runs each client in its own process (a spawn pool, one worker per
core) and returns a summary table.

One client's failure never stops or touches another's: each runs in its own process and run folder
(:func:`sedamkit.delivery.runner.run_client`). Workers die with their parent: each watches its parent
process and, when it is gone (even after ``kill -9``), stops its run (marked "interrupted") and its
kernels.

``dask=`` runs the same batch on Dask distributed instead (``sedam batch --dask local`` starts a
LocalCluster on this machine, bound to 127.0.0.1 with no dashboard; ``--scheduler tcp://HOST:PORT``
uses a running cluster): each client is one task calling the same function, so isolation (own run
folder, own kernel), progress, the summary table and the exit code are those of the process pool.
See docs/scaling.md.

Error codes
-----------
RUN010  Dask was asked for but ``distributed`` is not installed (``pip install 'sedamkit[dask]'``)
RUN011  the scheduler cannot be reached, or the local cluster cannot start
"""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from ..core.errors import Problem, SedamError
from .runner import Interrupted, RunFailed, run_client

__all__ = ["run_batch", "descendants"]


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, their children...), from psutil or ``/proc``."""
    try:
        import psutil

        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except ImportError:
        pass
    except Exception:
        return []
    kids: dict = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def _watch_parent(parent_pid: int, interval: float = 0.3, grace: float = 1.5) -> None:
    """In a batch worker: when the parent is gone (``kill -9`` included), stop the run (SIGTERM to
    ourselves marks run.json ``interrupted``), then kill every process below us and exit."""
    while os.getppid() == parent_pid:
        time.sleep(interval)
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # handled in the main thread by run_client, when one runs
    except OSError:
        pass
    time.sleep(grace)
    for _ in range(3):  # kernels first (their own session, so not in our group), then ourselves
        pids = descendants(os.getpid())
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.1)
    os._exit(70)


def _worker_init(parent_pid: int) -> None:
    """ProcessPoolExecutor initializer: a daemon thread that ends the worker when its parent dies."""
    if os.getppid() != parent_pid:  # the parent died while we started
        os._exit(70)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="sedam-parent-watch", daemon=True).start()


def _batch_one(args):
    client_dir, runs_root, stages, pdf = args
    t0 = time.perf_counter()
    row = {"client": Path(client_dir).name, "status": "ok", "seconds": None, "run_dir": None, "report": None,
           "error": None}
    try:
        # a worker is one core: its client's stages run one after the other (the batch runs clients side by side)
        run_dir = run_client(client_dir, runs_root=runs_root, stages=stages, progress=False, log=None, pdf=pdf,
                             jobs=1)
        row["run_dir"] = str(run_dir)
        rep = run_dir / "report.html"
        row["report"] = str(rep) if rep.is_file() else None
    except RunFailed as e:
        row.update(status="failed", run_dir=str(e.run_dir), error=str(e.problems[0]))
    except Interrupted:
        row.update(status="interrupted", error="stopped by SIGTERM")
    except SedamError as e:
        row.update(status="invalid", error="; ".join(str(p) for p in e.problems[:5])
                   + (f" (+{len(e.problems) - 5} more)" if len(e.problems) > 5 else ""))
    except Exception as e:  # one client's crash never stops the batch
        row.update(status="failed", error=f"{type(e).__name__}: {e}")
    row["seconds"] = round(time.perf_counter() - t0, 2)
    return row


def _dask_client(dask, workers):
    """A ``distributed.Client``: on a new LocalCluster (``dask="local"``, loopback only, no dashboard) or
    on the scheduler at ``dask`` (``tcp://HOST:PORT``); and the cluster to close (None for a remote one)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SedamError(Problem("RUN010", None, "--dask" if dask == "local" else "--scheduler",
                                 "Dask distributed is not installed",
                                 "pip install 'sedamkit[dask]' (or leave --dask/--scheduler out to use the "
                                 "process pool)"), "the batch was not started") from None
    cluster = None
    try:
        if dask == "local":
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None, scheduler_port=0, silence_logs=40)
            return Client(cluster), cluster
        return Client(dask, timeout="20s"), None
    except (OSError, TimeoutError, ValueError) as e:
        if cluster is not None:
            cluster.close()
        where = "a local cluster" if dask == "local" else f"the scheduler {dask}"
        raise SedamError(Problem("RUN011", None, "--dask" if dask == "local" else "--scheduler",
                                 f"cannot use {where} ({type(e).__name__}: {e})",
                                 "start the scheduler and its workers (docs/scaling.md) and give its address as "
                                 "tcp://HOST:PORT, or use --dask local"), "the batch was not started") from None


def _run_on_dask(jobs, dask, workers, bar):
    """Each job one task on Dask; rows as they finish (a task that dies becomes a failed row)."""
    client, cluster = _dask_client(dask, workers)
    from distributed import as_completed
    rows = []
    try:
        futures = {client.submit(_batch_one, job, pure=False, key=f"sedam-{Path(job[0]).name}-{i}"): job
                   for i, job in enumerate(jobs)}
        for fut in as_completed(futures):
            try:
                rows.append(fut.result())
            except Exception as e:  # the worker died or the task was lost: that client failed, not the batch
                rows.append({"client": Path(futures[fut][0]).name, "status": "failed", "seconds": None,
                             "run_dir": None, "report": None, "error": f"on Dask: {type(e).__name__}: {e}"})
            if bar:
                bar.update(1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return rows


def run_batch(client_dirs, runs_root=None, *, workers: int | None = None, stages=None, progress: bool = True,
              pdf: bool = True, dask: str | None = None, portfolio: bool = True):
    """Run many clients with a process pool (or on Dask); return a summary DataFrame.

    Columns: ``client``, ``status`` (ok | invalid | failed), ``seconds``, ``run_dir``, ``report``,
    ``error``. One client's failure never stops or touches another's run: each client runs in its
    own process and its own run folder. ``workers`` defaults to one per core.

    ``dask`` is None (the process pool), ``"local"`` (a LocalCluster of ``workers`` processes on
    127.0.0.1) or a scheduler address ``tcp://HOST:PORT`` (its workers must see the client folders and
    ``runs_root`` at the same paths; see docs/scaling.md).

    With ``portfolio`` (the default) the batch's runs folder also gets ``portfolio.html`` and
    ``portfolio.csv``: every client side by side (:mod:`sedamkit.delivery.portfolio`).
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed

    import pandas as pd

    dirs = [Path(d) for d in client_dirs]
    workers = max(1, workers or os.cpu_count() or 1)
    jobs = [(str(d), str(runs_root) if runs_root else None, stages, pdf) for d in dirs]
    rows = []
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(jobs), desc="clients", unit="client")
    if dask:
        rows = _run_on_dask(jobs, dask, workers, bar)
    elif workers == 1:
        for job in jobs:
            rows.append(_batch_one(job))
            if bar:
                bar.update(1)
    else:
        import multiprocessing

        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_worker_init, initargs=(os.getpid(),)) as pool:
            futures = [pool.submit(_batch_one, job) for job in jobs]
            for f in as_completed(futures):
                rows.append(f.result())
                if bar:
                    bar.update(1)
    if bar:
        bar.close()
    order = {str(d.name): i for i, d in enumerate(dirs)}
    df = pd.DataFrame(rows, columns=["client", "status", "seconds", "run_dir", "report", "error"])
    df = df.sort_values("client", key=lambda s: s.map(order)).reset_index(drop=True)
    if portfolio:
        from ..core.paths import workspace
        from .portfolio import write_portfolio

        root = Path(runs_root) if runs_root else workspace() / "runs"
        try:
            write_portfolio(df, root)
        except OSError as e:
            raise SedamError(Problem("RUN007", str(root), None, f"cannot write the portfolio there ({e.strerror or e})",
                                     "make the runs folder writable, or give another with --out"),
                             "the batch ran; its portfolio was not written") from None
    return df
