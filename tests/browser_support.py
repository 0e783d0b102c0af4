"""Helpers for the browser tests (tests/test_browser.py): Chromium, request blocking, servers, screenshots.

- The browser is Debian's Chromium (``/usr/bin/chromium``) driven by Playwright from PyPI; Playwright's own
  browser download does not work here. ``.ci/run`` installs Chromium with apt-get when it is missing.
  Without it (or without Playwright, Voila or JupyterLab) the tests skip with the reason, also issued as a
  warning so it shows in pytest's summary.
- Every request the page makes goes through :class:`RequestGuard`: loopback is allowed, anything else is
  aborted and recorded, and the test asserts that nothing was attempted. Chromium's host resolver maps
  every other name to nothing as a second wall.
- Servers listen on free ports of 127.0.0.1, with the Jupyter config, data and runtime folders and the
  scratch folder (answers copies) in the test's tmp folder; they run in their own process group and are
  stopped with it.
- Screenshots go to ``test-output/screenshots/<test>/`` at the repository root (ignored by git); each path
  is printed.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("SEDAM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-default-apps", "--disable-extensions",
                 # second wall behind the request routing: no host name resolves except localhost
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2, EXCLUDE localhost"]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: element waits: generous for a busy 2-core machine (a kernel start plus the page's cells)
WAIT_MS = 90_000


class BrowserTestSkipped(UserWarning):
    """Why a browser test did not run (shown in pytest's warnings summary, never silent)."""


def skip(reason: str):
    warnings.warn(BrowserTestSkipped(reason), stacklevel=2)
    print(f"SKIPPED browser test: {reason}", file=sys.stderr)
    pytest.skip(reason)


def require_browser_stack(*modules: str) -> None:
    """Skip (with the reason) when Chromium, Playwright or a server package is missing."""
    if not Path(CHROMIUM).is_file():
        skip(f"Chromium not found at {CHROMIUM}: install it with 'apt-get install -y chromium' "
             "(.ci/run does this when it can); the browser tests did not run")
    for mod in ("playwright", *modules):
        try:
            __import__(mod)
        except ImportError:
            skip(f"the Python package {mod!r} is not installed (pip install -e '.[test,app,browser]'); "
                 "the browser tests did not run")


class RequestGuard:
    """Route every request of a browser context: loopback passes, everything else is aborted and recorded.

    ``blocked`` lists the URLs the page tried to reach outside this machine.
    """

    def __init__(self, context):
        self.blocked: list[str] = []
        context.route("**/*", self._route)
        context.on("request", self._seen)
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)

    @staticmethod
    def allowed(url: str) -> bool:
        u = urlparse(url)
        if u.scheme in ("data", "blob", "about", "chrome-error"):
            return True
        host = u.hostname or ""
        return host in LOOPBACK or host.startswith("127.")  # the whole loopback range (127.0.0.0/8)

    def _record(self, url):
        if url not in self.blocked:
            self.blocked.append(url)

    def _route(self, route):
        url = route.request.url
        if self.allowed(url):
            route.continue_()
        else:
            self._record(url)
            route.abort("blockedbyclient")

    def _seen(self, request):  # requests that bypass routing (e.g. from workers) are still recorded
        if not self.allowed(request.url):
            self._record(request.url)

    def _watch_page(self, page):
        page.on("websocket", lambda ws: None if self.allowed(ws.url) else self._record(ws.url))


def launch(playwright):
    """Debian's Chromium with the flags that work as root in a container."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def open_page(playwright):
    """Chromium, a 1400×1000 context whose every request passes a :class:`RequestGuard`, and a page
    with the long element timeouts a loaded 2-core machine needs. Returns (browser, context, guard, page)."""
    from playwright.sync_api import expect

    browser = launch(playwright)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    guard = RequestGuard(context)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    return browser, context, guard, page


def jupyter_env(tmp: Path, **extra) -> dict:
    """An environment whose Jupyter folders and SEDAM scratch folder are all under ``tmp``."""
    env = dict(os.environ)
    for key in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        d = tmp / key.lower()
        d.mkdir(parents=True, exist_ok=True)
        env[key] = str(d)
    env["SEDAM_SCRATCH"] = str(tmp / "scratch")
    env.pop("QUERY_STRING", None)
    env.pop("SEDAM_CLIENT", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def lab_settings(config_dir: Path) -> None:
    """JupyterLab user settings for a quiet, deterministic test session: no news fetch, every cell rendered."""
    settings = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                            "checkForUpdates": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    for rel, data in settings.items():
        p = config_dir / "lab" / "user-settings" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(data))


class LabServer:
    """A JupyterLab server on 127.0.0.1 with a known token, in its own process group."""

    TOKEN = "sedam-browser-test"

    def __init__(self, root_dir: Path, env: dict, log: Path):
        from sedamkit.ui.app import free_port

        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.TOKEN}", f"--ServerApp.root_dir={root_dir}",
               "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly", "--ServerApp.open_browser=False"]
        if os.geteuid() == 0:  # containers and CI run as root
            cmd.append("--ServerApp.allow_root=True")
        self.process = subprocess.Popen(cmd, cwd=str(root_dir), env=env, stdout=log.open("w"),
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def wait(self, timeout=90):
        from sedamkit.ui.app import wait_for_port

        return wait_for_port(self.port, timeout=timeout, process=self.process)

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}?token={self.TOKEN}"

    def stop(self):
        stop_process_group(self.process)


def stop_process_group(process, timeout: float = 15.0) -> None:
    """SIGTERM the process group (server and kernels), wait, then SIGKILL what is left."""
    import signal

    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=timeout)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def log_tail(path: Path, n: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


class Shots:
    """Numbered screenshots into ``test-output/screenshots/<name>/`` (emptied first)."""

    def __init__(self, name: str):
        self.dir = SCREENSHOTS / name
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.n = 0
        self.paths: list[Path] = []

    def take(self, page, label: str, full_page: bool = True) -> Path:
        self.n += 1
        path = self.dir / f"{self.n:02d}_{label}.png"
        page.screenshot(path=str(path), full_page=full_page)
        self.paths.append(path)
        print(f"screenshot: {path}")
        return path


@contextlib.contextmanager
def stopped_after(server, log=None):
    """``with stopped_after(server): ...``: run the block; if it fails, print the tail of the server's log
    (``log``, default ``server.log``) before the failure goes on; always stop the server (``server.stop()``)."""
    try:
        yield server
    except BaseException:
        print(log_tail(log if log is not None else server.log))
        raise
    finally:
        server.stop()


def wait_until(check, timeout: float = 30.0, what: str = "condition"):
    """Poll ``check()`` until it returns a truthy value (for files on disk); fail after ``timeout``."""
    t0 = time.monotonic()
    last = None
    while time.monotonic() - t0 < timeout:
        try:
            last = check()
        except (OSError, ValueError) as e:  # a file being swapped in, or not there yet
            last = e
        else:
            if last:
                return last
        time.sleep(0.05)  # polling interval, not a wait for something to happen
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")
