"""Benchmarks: sedamkit's scoring against a plain NumPy lower bound, measured in the same run.

``python -m sedamkit.delivery.bench [names…] [--quick] [--repeat N]`` runs the
registered benchmarks (all by default) and prints, for each, the best time of
sedamkit's public functions, the best time of the shortest NumPy code that
computes the same numbers from ready-made integer arrays, and the ratio
ours / numpy (1.0 would mean no overhead at all). ``--quick`` uses small
sizes, for a smoke test.

The NumPy side is a *lower bound*, not a competitor: it skips validation,
text handling, group-key factorizing and building the tidy output frame.
Each benchmark checks that both sides give the same answer before timing.

Three benchmarks time whole runs instead: ``demo_run`` (the demo client's full run, one stage after
the other, beside the floor — as many bare kernel starts, with the same imports, as there are stages),
``demo_jobs`` (the same run with ``--jobs 2`` beside ``--jobs 1``) and ``batch`` (20 clients on 2
workers beside 1 worker). ``form_click`` times a burst of clicks on an app page's form (each saved at
once, the live panel drawn once after the burst) beside the same clicks with the panel drawn after each.
For those the two columns are labelled on each line.

To add a benchmark, decorate a function ``f(quick: bool) -> dict`` with
``@register("name")``; return ``size`` (text), ``ours`` and ``numpy``
(callables taking no arguments) and optionally ``check`` (a callable that
raises if the two disagree).

Examples
--------
After the table, :func:`extras` prints the start-up costs (``import sedamkit`` in a fresh interpreter,
``open_stage`` for the demo client), the preheated app page time when the app can report it, and a
projection of a 2,000-client batch on 1, 2, 16 and 64 workers from the measured per-client time.

>>> sorted(BENCHMARKS)
['batch', 'cx', 'demo_jobs', 'demo_run', 'form_click', 'kano', 'kano_text']
>>> r = run(["kano"], quick=True, repeat=1)
>>> r[0]["name"], r[0]["ratio"] > 0
('kano', True)
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

__all__ = ["BENCHMARKS", "register", "run", "extras", "projection", "main"]

#: Registered benchmarks: name → function(quick) returning a benchmark spec.
BENCHMARKS: dict = {}


def register(name):
    """Decorator: register ``f(quick) -> {"size", "ours", "numpy", "check"?}`` under ``name``."""
    def deco(fn):
        BENCHMARKS[name] = fn
        return fn
    return deco


def _best(fn, repeat):
    best = float("inf")
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


# ----------------------------------------------------------------------------------------------


@register("kano")
def _kano(quick):
    """Classify and summarise respondents × 10 features given as answer codes 1–5 (wide frame)."""
    from ..methods import kano

    n, k = (20_000, 10) if quick else (1_000_000, 10)
    rng = np.random.default_rng(1)
    f = rng.integers(1, 6, size=(k, n), dtype=np.int8)
    d = rng.integers(1, 6, size=(k, n), dtype=np.int8)
    wide = pd.DataFrame({**{f"f{j}_functional": f[j] for j in range(k)},
                         **{f"f{j}_dysfunctional": d[j] for j in range(k)}})
    table = kano.TABLES["standard"]

    def ours():
        return kano.summary(kano.classify_survey(wide))

    def lower_bound():
        cat = table[f, d]                                        # (k, n) category codes
        counts = np.stack([np.bincount(cat[j], minlength=6) for j in range(k)])
        a, o, m, i = counts[:, 0], counts[:, 1], counts[:, 2], counts[:, 3]
        base = a + o + m + i
        return counts, (a + o) / base, -(o + m) / base

    def check(o, b):
        counts, better, worse = b
        assert np.array_equal(o[list("AOMIRQ")].to_numpy(), counts)
        assert np.allclose(o["better"], better) and np.allclose(o["worse"], worse)

    return {"size": f"{n:,} respondents × {k} features", "ours": ours, "numpy": lower_bound, "check": check}


@register("kano_text")
def _kano_text(quick):
    """As ``kano`` but the answers are text wordings (the common case for exported surveys)."""
    from ..methods import kano

    n, k = (20_000, 10) if quick else (1_000_000, 10)
    rng = np.random.default_rng(2)
    words = np.array(["I like it", "I expect it", "I am neutral", "I can live with it", "I dislike it"],
                     dtype=object)
    f = rng.integers(1, 6, size=(k, n), dtype=np.int8)
    d = rng.integers(1, 6, size=(k, n), dtype=np.int8)
    wide = pd.DataFrame({**{f"f{j}_functional": words[f[j] - 1] for j in range(k)},
                         **{f"f{j}_dysfunctional": words[d[j] - 1] for j in range(k)}})
    table = kano.TABLES["standard"]
    lookup = {w: i + 1 for i, w in enumerate(words)}

    def ours():
        return kano.summary(kano.classify_survey(wide))

    def lower_bound():
        # the least one can do with text: factorize each column, map its few distinct words, look up
        counts = []
        for j in range(k):
            fc, fu = pd.factorize(wide[f"f{j}_functional"])
            dc, du = pd.factorize(wide[f"f{j}_dysfunctional"])
            fm = np.array([lookup[w] for w in fu], dtype=np.int8)
            dm = np.array([lookup[w] for w in du], dtype=np.int8)
            counts.append(np.bincount(table[fm[fc], dm[dc]], minlength=6))
        return np.stack(counts)

    def check(o, b):
        assert np.array_equal(o[list("AOMIRQ")].to_numpy(), b)

    return {"size": f"{n:,} respondents × {k} features (text)", "ours": ours, "numpy": lower_bound,
            "check": check}


@register("cx")
def _cx(quick):
    """NPS, CSAT and CES over ratings grouped by quarter × region."""
    from ..methods import cx

    n = 200_000 if quick else 10_000_000
    rng = np.random.default_rng(3)
    quarters = pd.Categorical.from_codes(rng.integers(0, 8, n), categories=[f"Q{i}" for i in range(8)])
    regions = pd.Categorical.from_codes(rng.integers(0, 3, n), categories=["Region A", "Region B", "Region C"])
    df = pd.DataFrame({"quarter": quarters, "region": regions,
                       "nps": rng.integers(0, 11, n, dtype=np.int8), "csat": rng.integers(1, 6, n, dtype=np.int8),
                       "ces": rng.integers(1, 8, n, dtype=np.int8)})
    g = (quarters.codes.astype(np.intp) * 3 + regions.codes)          # ready-made group codes
    nps_v, csat_v, ces_v = (df[c].to_numpy() for c in ("nps", "csat", "ces"))

    def ours():
        # the entry point stage 04's metrics_table calls: the three metrics of one table, grouped once
        r = cx.survey_metrics(df, by=["quarter", "region"])
        return r["nps"], r["csat"], r["ces"]

    def lower_bound():
        # the least NumPy can do from ready-made group codes: one integer histogram per metric (counts per
        # group and answer value), everything else from those 24 × 12 counts. (Float-weighted bincounts,
        # the floor of earlier sessions, take longer than the kit's own path now.)
        gw = g * 12
        v = np.arange(12)
        out = []
        for x in (nps_v, csat_v, ces_v):
            out.append(np.bincount(gw + x, minlength=24 * 12).reshape(24, 12))
        hn, hc, he = out
        cnt = hn.sum(1)
        p = hn[:, 9:].sum(1) / cnt
        dd = hn[:, :7].sum(1) / cnt
        score = 100 * (p - dd)
        se = 100 * np.sqrt((p + dd - (p - dd) ** 2) / cnt)
        csat = 100 * hc[:, 4:].sum(1) / cnt
        mean = (he @ v) / cnt
        var = ((he @ v ** 2) - cnt * mean ** 2) / (cnt - 1)
        agree = 100 * he[:, 5:].sum(1) / cnt
        return score, se, csat, mean, np.sqrt(var), agree

    def check(o, b):
        n_, c_, e_ = o
        score, se, csat, mean, sd, agree = b
        assert np.allclose(n_["nps"], score) and np.allclose(n_["se"], se)
        assert np.allclose(c_["csat"], csat)
        assert np.allclose(e_["mean"], mean) and np.allclose(e_["sd"], sd) and np.allclose(e_["pct_agree"], agree)

    return {"size": f"{n:,} ratings × 3 metrics, 24 groups", "ours": ours, "numpy": lower_bound, "check": check}


# ----------------------------------------------------------------------------------------------
# Runs of whole clients. These start Jupyter kernels, so they take minutes, not seconds.

def _demo_copies(root, n):
    import shutil

    from ..core.paths import demo_dir

    dirs = []
    for i in range(n):
        d = root / f"client{i:02d}"
        shutil.copytree(demo_dir(), d)
        cfg = d / "client.yaml"
        cfg.write_text(cfg.read_text().replace("id: demo", f"id: client{i:02d}"))
        dirs.append(d)
    return dirs


def _floor_notebook(path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("# Parameters\nclient_dir = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import sedamkit as sk, pandas, matplotlib.pyplot, ipywidgets")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@register("form_click")
def _form_click(quick):
    """A burst of clicks on an app page's form (stage 01, the demo team's answers, the live panel with its
    chart): each click saved at once and the live panel drawn once after the burst, beside the same clicks
    with the live panel drawn after every click. Divide by the clicks for the kernel time of one click."""
    import asyncio
    import os
    import shutil
    import tempfile
    from pathlib import Path

    from ..core.paths import demo_dir
    from ..ui.app import stage_page
    from ..ui.context import open_stage

    clicks = 5 if quick else 20
    tmp = Path(tempfile.mkdtemp(prefix="sedam-bench-"))
    shutil.copytree(Path(demo_dir()) / "answers", tmp / "answers")
    os.environ.setdefault("SEDAM_APP", "1")  # the app's status line
    forms = {}
    for key in ("debounced", "each"):
        ctx = open_stage("01_necessity_feasibility", answers_dir=str(tmp / "answers"), output_dir=str(tmp / "out"),
                         interactive=True, respondent=f"bench-{key}", language="fr")
        forms[key] = stage_page(ctx, "necessity_feasibility").form
        forms[key].live_delay = 0.4 if key == "debounced" else 0.0
    items = [i.id for i in forms["each"].spec.items if not i.show_if][:clicks]
    turn = {"n": 0}

    def burst(key):
        form = forms[key]
        turn["n"] += 1
        value = 1 + turn["n"] % 5                       # every click changes the answer

        async def clicks_in_a_kernel():                 # a kernel's event loop runs, as in the app
            for iid in items:
                form.answer(iid, value)
            if form._live_timer is not None:            # the one redraw the burst's timer would make
                form._live_timer.cancel()
                form._show_live()

        asyncio.run(clicks_in_a_kernel())
        return dict(form.doc["answers"])

    def check(a, b):  # the answers each form saved in its last burst
        if len(a) != clicks or len(b) != clicks:
            raise RuntimeError("the two forms saved different answers")

    return {"size": f"{clicks} clicks, stage 01", "ours": lambda: burst("debounced"), "numpy": lambda: burst("each"),
            "check": check, "labels": ("panel after burst", "panel per click")}


@register("demo_run")
def _demo_run(quick):
    """The demo client's full run (every stage, the report) beside the floor: as many bare kernel
    starts as there are stages, each importing what the notebooks import."""
    import tempfile
    from pathlib import Path

    from ..core.config import load_client
    from ..core.paths import demo_dir
    from .runner import run_client, run_notebook, stages_for

    tmp = Path(tempfile.mkdtemp(prefix="sedam-bench-"))
    client = _demo_copies(tmp, 1)[0]
    stages = stages_for(load_client(demo_dir()))
    if quick:
        stages = stages[:1]
    nb = _floor_notebook(tmp / "floor.ipynb")

    def ours():
        # one stage after the other, as a batch worker runs a client (and as the projection counts it)
        return run_client(client, runs_root=tmp / "runs", stages=stages, progress=False, log=None, pdf=False,
                          jobs=1)

    def floor():
        for i in range(len(stages)):
            run_notebook(nb, tmp / f"floor-{i}.ipynb", {}, cwd=tmp)

    return {"size": f"{len(stages)} stages + report", "ours": ours, "numpy": floor,
            "labels": ("demo run --jobs 1", "kernel floor")}


@register("demo_jobs")
def _demo_jobs(quick):
    """The demo client's full run with two stages side by side where they do not depend on each other
    (``sedam run --jobs 2``) beside the same run one stage after the other (ratio below 1 = a gain)."""
    import tempfile
    from pathlib import Path

    from ..core.config import load_client
    from ..core.paths import demo_dir
    from .runner import run_client, stages_for

    tmp = Path(tempfile.mkdtemp(prefix="sedam-bench-"))
    client = _demo_copies(tmp, 1)[0]
    stages = stages_for(load_client(demo_dir()))
    if quick:
        stages = ["01_necessity_feasibility", "04_customer_experience"]

    def run(jobs):
        return run_client(client, runs_root=tmp / f"runs{jobs}", stages=stages, progress=False, log=None,
                          pdf=False, jobs=jobs)

    return {"size": f"{len(stages)} stages + report", "ours": lambda: run(2), "numpy": lambda: run(1),
            "labels": ("--jobs 2", "--jobs 1")}


@register("batch")
def _batch(quick):
    """A batch of clients on 2 workers beside the same batch on 1 worker (ratio 0.5 = perfect scaling)."""
    import tempfile
    from pathlib import Path

    from .batch import run_batch

    n = 4 if quick else 20
    tmp = Path(tempfile.mkdtemp(prefix="sedam-bench-"))
    clients = _demo_copies(tmp, n)
    stages = ["01_necessity_feasibility"] if quick else None

    def batch(workers):
        s = run_batch(clients, runs_root=tmp / f"runs{workers}", workers=workers, stages=stages, progress=False,
                      pdf=False)
        if not (s["status"] == "ok").all():
            raise RuntimeError(f"batch failed:\n{s.to_string()}")
        return s

    return {"size": f"{n} clients" + (" (stage 01)" if quick else ", every stage"), "ours": lambda: batch(2),
            "numpy": lambda: batch(1), "labels": ("2 workers", "1 worker"), "repeat": 1}


# ----------------------------------------------------------------------------------------------


def run(names=None, *, quick=False, repeat=3, out=None):
    """Run benchmarks (all when ``names`` is empty); return one dict per benchmark.

    Each dict has ``name``, ``size``, ``ours`` and ``numpy`` (best seconds of
    ``repeat`` runs) and ``ratio`` (ours / numpy). Lines are printed to ``out``
    when given.
    """
    names = list(names or BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        from ..core.errors import Problem, SedamError

        raise SedamError(Problem("PARAM001", None, "names", f"unknown benchmark(s): {', '.join(unknown)}",
                                 f"use one of: {', '.join(BENCHMARKS)}"))
    results = []
    if out is not None:
        print("ratio = ours / base; base is a plain NumPy lower bound unless the line names it", file=out)
        print(f"{'benchmark':<10} {'size':<42} {'ours s':>10} {'base s':>9} {'ratio':>7}", file=out)
    for name in names:
        spec = BENCHMARKS[name](quick)
        reps = min(repeat, spec.get("repeat", repeat))
        t_ours, r_ours = _best(spec["ours"], reps)
        t_np, r_np = _best(spec["numpy"], reps)
        if "check" in spec:
            spec["check"](r_ours, r_np)
        labels = spec.get("labels", ("sedamkit", "numpy"))
        res = {"name": name, "size": spec["size"], "ours": t_ours, "numpy": t_np, "ratio": t_ours / t_np,
               "labels": labels}
        results.append(res)
        if out is not None:
            note = "" if labels == ("sedamkit", "numpy") else f"   ({labels[0]} / {labels[1]})"
            print(f"{name:<10} {res['size']:<42} {t_ours:>10.3f} {t_np:>9.3f} {res['ratio']:>7.2f}{note}",
                  file=out, flush=True)
    return results


def _import_time(repeat=3):
    """Seconds ``import sedamkit`` adds to a fresh interpreter (best of ``repeat``)."""
    import subprocess

    def once(code):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        return time.perf_counter() - t0

    return max(0.0, min(once("import sedamkit") for _ in range(repeat)) - min(once("pass") for _ in range(repeat)))


def _open_stage_time(repeat=3):
    """Seconds of ``open_stage`` for the demo client's stage 01 in batch mode (first call, then best)."""
    import tempfile

    from ..core.paths import demo_dir
    from ..ui.context import open_stage

    out = tempfile.mkdtemp(prefix="sedam-bench-")
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        open_stage("01_necessity_feasibility", client_dir=str(demo_dir()), output_dir=out, interactive=False)
        times.append(time.perf_counter() - t0)
    return times[0], min(times)


def _app_page_time(pages: int = 4):
    """(text, None) for the preheated app page loads in Chromium, or (None, reason) when it cannot run here.

    Starts ``sedam app`` for the demo client (a scratch answers folder, a workshop code, one preheated
    kernel per page), then opens stage 01's page ``pages`` times in one headless Chromium
    (``/usr/bin/chromium``, every non-loopback request blocked), each time once the pool holds a warm
    kernel again, and times the address to the visible form. The first load also fetches Voila's scripts;
    the later ones are what a participant waits for after that.
    """
    import os
    import statistics
    import subprocess
    import tempfile
    from pathlib import Path

    chromium = os.environ.get("SEDAM_CHROMIUM", "/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright

        from ..ui import app
        from ..ui.app_server import wait_until_ready
    except ImportError as e:
        return None, f"needs the app and browser extras ({e.name} is missing)"
    if not Path(chromium).is_file():
        return None, f"no Chromium at {chromium}"
    tmp = Path(tempfile.mkdtemp(prefix="sedam-bench-app-"))
    env = dict(os.environ, SEDAM_SCRATCH=str(tmp / "scratch"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    env.pop("QUERY_STRING", None)
    log = tmp / "voila.log"
    try:
        server = app.start(None, pool_size=1, preheat=("index", "01_self_assessment"), env=env,
                           stdout=log.open("w"), stderr=subprocess.STDOUT, timeout=90)
    except Exception as e:  # noqa: BLE001 - a benchmark line, not a failure
        return None, f"{type(e).__name__}: {e}"
    times = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.", "data:"))
                          else r.abort())
            page = context.new_page()
            page.set_default_timeout(120_000)
            for i in range(pages):
                used = log.read_text(errors="replace").count("Using pre-heated kernel")
                wait_until_ready(log, 2 + used, timeout=240)
                t0 = time.perf_counter()
                page.goto(server.page_url("01_self_assessment", respondent=f"Bench {i + 1}"))
                page.locator(".sedam-item-need_strategy_gap_tools button").first.wait_for(state="visible")
                times.append(time.perf_counter() - t0)
            browser.close()
    except Exception as e:  # noqa: BLE001
        return None, f"{type(e).__name__}: {e}"
    finally:
        server.stop()
    later = times[1:]
    load = os.getloadavg()[0]
    return (f"{times[0]:.2f} s first, {statistics.median(later):.2f} s later (median of {len(later)}; "
            f"address to visible form, Chromium; load average {load:.1f})"), None


def _room_server(pool_size: int):
    """A fresh ``sedam app`` for the room benchmarks (demo client, the landing page and stage 01 preheated,
    scratch and runtime folders of its own): ``(folder, log file, server)``."""
    import os
    import subprocess
    import tempfile
    from pathlib import Path

    from ..ui import app

    tmp = Path(tempfile.mkdtemp(prefix="sedam-bench-room-"))
    env = dict(os.environ, SEDAM_SCRATCH=str(tmp / "scratch"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    env.pop("QUERY_STRING", None)
    log = tmp / "voila.log"
    server = app.start(None, pool_size=pool_size, preheat=("index", "01_self_assessment"), env=env,
                       stdout=log.open("w"), stderr=subprocess.STDOUT, timeout=90)
    return tmp, log, server


def app_room_load(n: int = 10, pool_size: int = 1, *, timeout: float = 300.0) -> dict:
    """A room opening one page together: ``n`` browser contexts (``n`` laptops) open stage 01's page at the
    same moment on a fresh ``sedam app`` (demo client, ``pool_size`` preheated kernels for the landing page
    and stage 01, every non-loopback request blocked). Returns the seconds each took from the address to
    the visible form (sorted), how many first saw the "being prepared" notice, the memory of one warm
    kernel (MB, resident) and the load average. Needs Chromium and the app and browser extras."""
    import asyncio
    import os

    import psutil
    from playwright.async_api import async_playwright

    from ..ui.app_server import wait_until_ready

    chromium = os.environ.get("SEDAM_CHROMIUM", "/usr/bin/chromium")
    tmp, log, server = _room_server(pool_size)

    async def one(browser, i, out):
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        await context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.", "data:"))
                            else r.abort())
        page = await context.new_page()
        t0 = time.perf_counter()
        await page.goto(server.page_url("01_self_assessment", respondent=f"Room {i + 1}"), wait_until="commit",
                        timeout=timeout * 1000)
        try:
            await page.locator("#sedam-starting").first.wait_for(state="attached", timeout=1500)
            out["notice"] += 1
        except Exception:  # noqa: BLE001 - no notice: a warm kernel took this one
            pass
        await page.locator(".sedam-item-need_strategy_gap_tools button").first.wait_for(state="visible",
                                                                                        timeout=timeout * 1000)
        out["times"].append(time.perf_counter() - t0)
        await context.close()

    async def room():
        out = {"times": [], "notice": 0}
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=chromium, headless=True,
                                               args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            await asyncio.gather(*(one(browser, i, out) for i in range(n)))
            await browser.close()
        return out

    try:
        wait_until_ready(log, 2 * pool_size, timeout=timeout)
        kernels = [c for c in psutil.Process(server.process.pid).children(recursive=True)
                   if "ipykernel" in " ".join(c.cmdline())]
        kernel_mb = max(c.memory_info().rss for c in kernels) / 2**20 if kernels else float("nan")
        out = asyncio.run(room())
    finally:
        server.stop()
    return {"n": n, "pool_size": pool_size, "times": sorted(out["times"]), "notice": out["notice"],
            "kernel_mb": round(kernel_mb), "load": round(os.getloadavg()[0], 1)}


def app_room_http(n: int = 10, pool_size: int = 1, *, timeout: float = 300.0) -> dict:
    """As :func:`app_room_load` without browsers: ``n`` requests for stage 01's page at the same moment,
    each timed until the server has sent the whole page (its cells run; what the server owes the room,
    without ``n`` browsers competing for this machine's cores). Returns the sorted seconds and how many
    answers began with the "being prepared" notice (the kernel memory given is :data:`KERNEL_MB`)."""
    import os
    import threading
    import urllib.request
    from http.cookiejar import CookieJar

    from ..ui.app_server import KERNEL_MB, wait_until_ready

    tmp, log, server = _room_server(pool_size)
    times, notice, go = [], [], threading.Event()

    def one(i):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()),
                                             urllib.request.ProxyHandler({}))
        go.wait()
        t0 = time.perf_counter()
        with opener.open(server.page_url("01_self_assessment", respondent=f"Room {i + 1}"), timeout=timeout) as r:
            body = r.read().decode("utf-8", "replace")
        times.append(time.perf_counter() - t0)
        notice.append(body.lstrip().startswith("<!DOCTYPE html><meta charset") and "sedam-starting" in body[:600])

    try:
        wait_until_ready(log, 2 * pool_size, timeout=timeout)
        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        go.set()
        for t in threads:
            t.join()
    finally:
        server.stop()
    return {"n": n, "pool_size": pool_size, "times": sorted(times), "notice": sum(notice),
            "kernel_mb": KERNEL_MB, "load": round(os.getloadavg()[0], 1)}


def room_text(r: dict) -> str:
    """One line for :func:`app_room_load`'s result.

    >>> room_text({"n": 2, "pool_size": 1, "times": [1.5, 9.25], "notice": 1, "kernel_mb": 180, "load": 2.0})
    '2 at once, pool 1: 1.5-9.2 s (median 5.4 s; 1 saw the notice; 180 MB a warm kernel; load 2.0)'
    """
    import statistics

    t = r["times"]
    return (f"{r['n']} at once, pool {r['pool_size']}: {t[0]:.1f}-{t[-1]:.1f} s (median {statistics.median(t):.1f} s; "
            f"{r['notice']} saw the notice; {r['kernel_mb']} MB a warm kernel; load {r['load']})")


def projection(per_client: float, clients: int = 2000, workers=(1, 2, 16, 64)) -> dict:
    """Hours a batch of ``clients`` takes on each number of ``workers`` at ``per_client`` seconds each
    (one client per worker at a time, perfect scaling: a lower bound).

    >>> projection(36.0, 2000, (1, 2))
    {1: 20.0, 2: 10.0}
    """
    import math

    return {w: round(math.ceil(clients / w) * per_client / 3600, 2) for w in workers}


def extras(results, *, quick=False, out=sys.stdout) -> dict:
    """Print (and return) the start-up costs, the app page time and the 2,000-client projection."""
    repeat = 1 if quick else 3
    imp = _import_time(repeat)
    first, best = _open_stage_time(repeat)
    page, why = _app_page_time(2 if quick else 4)
    print(f"\nimport sedamkit           {imp:.3f} s (fresh interpreter, beyond python itself)", file=out)
    print(f"open_stage (stage 01)     {first:.3f} s first call, {best:.3f} s after", file=out)
    print("preheated app page        " + (page if why is None else f"n/a: {why}"), file=out)
    room = None
    if why is None and not quick:  # 10 requests for one page at once, server side (about a minute)
        try:
            room = room_text(app_room_http(10))
        except Exception as e:  # noqa: BLE001 - a benchmark line, not a failure
            room = f"n/a: {type(e).__name__}: {e}"
        print(f"room, 10 requests at once {room}", file=out)
    demo = next((r for r in results if r["name"] == "demo_run"), None)
    proj = None
    if demo is not None:
        per = demo["ours"]
        proj = projection(per)
        label = "stage 01 only, --quick" if quick else "every stage + report"
        print(f"2,000 clients at {per:.1f} s each ({label}):", file=out)
        for w, h in proj.items():
            print(f"  {w:>3} worker{'s' if w > 1 else ' '}  {h:>8.2f} h", file=out)
        print("  (one client per worker at a time; a worker is one core with about 1 GB)", file=out)
    else:
        print("2,000-client projection   n/a: run the demo_run benchmark to measure a client", file=out)
    return {"import_s": imp, "open_stage_s": (first, best), "app_page_s": page, "app_page_na": why, "app_room": room,
            "projection_h": proj}


def main(argv=None) -> int:
    """``python -m sedamkit.delivery.bench [names…] [--quick] [--repeat N]``."""
    ap = argparse.ArgumentParser(prog="python -m sedamkit.delivery.bench", description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*", help=f"benchmarks to run (default all: {', '.join(BENCHMARKS)})")
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    ap.add_argument("--repeat", type=int, default=None, help="runs per side; the best is kept (default 3, quick 1)")
    args = ap.parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 3)
    results = run(args.names, quick=args.quick, repeat=repeat, out=sys.stdout)
    extras(results, quick=args.quick, out=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
