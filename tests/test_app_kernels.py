"""The workshop server's rule for the kernels of pages left (sedamkit.ui.app_voila.WorkshopKernelManager),
without a browser or a kernel: a fake clock and a fake kernel table, the culler's rounds run by hand.

A kernel is freed only when it has had no connection continuously for the limit; a page that has not
connected yet gets the longer first-connection wait; kernels waiting in Voila's pool, busy kernels and
kernels with a connection are never freed. The browser test is tests/test_browser_left_pages.py.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from sedamkit.core.errors import SedamError

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)
LIMIT = 3          # seconds without a connection (the browser test's order of size; the default is 600)
PAGE_ENV = {"VOILA_PREHEAT": "False", "SCRIPT_NAME": "/voila/render/index.ipynb"}
POOL_ENV = {"VOILA_PREHEAT": "True"}


class Table:
    """A WorkshopKernelManager over a fake kernel table and a fake clock; ``at(s)`` runs one culler round
    ``s`` seconds after T0 and returns the ids of the kernels still there."""

    def __init__(self, limit=LIMIT, grace=120):
        from sedamkit.ui.app_voila import WorkshopKernelManager

        self.now = T0
        km = WorkshopKernelManager(cull_idle_timeout=limit, cull_interval=1, first_connection_grace=grace)
        km._now = lambda: self.now
        km._initialized_culler = True      # no periodic callback: the rounds are run by the test
        self.shut: list[str] = []

        async def shutdown_kernel(kernel_id, *args, **kwargs):
            self.shut.append(kernel_id)
            del km._kernels[kernel_id]
            km._kernel_connections.pop(kernel_id, None)

        km.shutdown_kernel = shutdown_kernel
        self.km = km

    def clock(self, seconds):
        self.now = T0 + timedelta(seconds=seconds)

    def start(self, kernel_id, env=PAGE_ENV, *, at=0.0, state="idle"):
        """A kernel as Jupyter's table holds it once started (last activity: its start)."""
        self.clock(at)
        self.km._kernels[kernel_id] = SimpleNamespace(last_activity=self.now, execution_state=state,
                                                      kernel_name="python3",
                                                      kernel_spec=SimpleNamespace(metadata={}))
        self.km._kernel_connections[kernel_id] = 0
        self.km.watch_kernel(kernel_id, env)

    def activity(self, kernel_id, at):
        self.clock(at)
        self.km._kernels[kernel_id].last_activity = self.now

    def connect(self, kernel_id, at):
        self.clock(at)
        self.km.notify_connect(kernel_id)

    def disconnect(self, kernel_id, at):
        self.clock(at)
        self.km.notify_disconnect(kernel_id)

    def at(self, seconds) -> set:
        self.clock(seconds)
        asyncio.run(self.km.cull_kernels())
        return set(self.km._kernels)

    def rounds(self, start, stop, step=1.0) -> list[set]:
        out, t = [], start
        while t <= stop:
            out.append(self.at(t))
            t += step
        return out


def _done(result):
    """A finished pool task of Voila's (what ``_pools`` holds)."""
    async def make():
        f = asyncio.get_running_loop().create_future()
        f.set_result(result)
        return f

    return asyncio.run(make())


# -- the rule -----------------------------------------------------------------------------------------------

def test_an_open_connection_is_never_freed_however_old_its_last_activity():
    t = Table()
    t.start("open")
    t.connect("open", at=2)
    t.km._kernels["open"].last_activity = T0 - timedelta(days=1)
    assert all("open" in seen for seen in t.rounds(3, 600, step=7))
    assert t.at(86_400) == {"open"} and t.shut == []


def test_a_page_that_never_connected_gets_the_longer_wait_then_is_freed(caplog):
    t = Table()
    t.start("slow", at=0)                 # handed to its page at its start (a page not preheated)
    t.activity("slow", at=20)             # the page's cells ran until 20 s; the page is still arriving
    # far beyond the 3 s limit, not yet the first-connection wait (120 s after its last activity)
    assert all("slow" in seen for seen in t.rounds(21, 139))
    with caplog.at_level(logging.INFO):
        assert "slow" not in t.at(141)
    assert t.shut == ["slow"]
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "never connected" in said and "'index'" in said


def test_the_first_connection_wait_is_never_shorter_than_the_limit():
    t = Table(limit=300, grace=120)
    t.start("k")
    assert "k" in t.at(200)               # 120 s are not enough: the limit (300 s) is longer
    assert "k" not in t.at(301)


def test_a_brief_disconnect_keeps_the_kernel():
    t = Table()
    t.start("k")
    t.connect("k", at=1)
    # idle for a long time with its page open: its last activity is 100 s old when the connection drops
    t.disconnect("k", at=100)
    assert all("k" in seen for seen in t.rounds(100, 102.5, step=0.5))   # 2.5 s without: still there
    t.connect("k", at=102.8)              # the page came back (wifi, laptop lid)
    assert all("k" in seen for seen in t.rounds(103, 400, step=3))
    assert t.shut == []


def test_a_long_disconnect_frees_the_kernel_and_says_so(caplog):
    t = Table()
    t.start("k", env={"VOILA_PREHEAT": "False", "SCRIPT_NAME": "/voila/render/01_self_assessment.ipynb"})
    t.connect("k", at=1)
    t.disconnect("k", at=50)              # the tab was closed
    assert "k" in t.at(52.9)
    with caplog.at_level(logging.INFO):
        assert "k" not in t.at(53.1)
    assert t.shut == ["k"] and t.km.freed == [("k", "01_self_assessment", pytest.approx(3.1))]
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "page left" in said and "'01_self_assessment'" in said and "no connection for 3 s" in said


def test_activity_after_the_last_connection_closed_counts():
    t = Table()
    t.start("k")
    t.connect("k", at=1)
    t.disconnect("k", at=10)
    t.activity("k", at=12)                # output still coming (a cell that was running)
    assert "k" in t.at(14.5)              # 4.5 s since the close, 2.5 s since the last activity
    assert "k" not in t.at(15.5)


def test_two_connections_one_closed_keeps_the_kernel():
    t = Table()
    t.start("k")
    t.connect("k", at=1)
    t.connect("k", at=2)
    t.disconnect("k", at=3)
    assert "k" in t.at(100)
    t.disconnect("k", at=100)
    assert "k" in t.at(102) and "k" not in t.at(104)


def test_a_busy_kernel_without_a_connection_is_kept():
    t = Table()
    t.start("k", state="busy")
    t.connect("k", at=1)
    t.disconnect("k", at=2)
    assert "k" in t.at(1000)
    t.km._kernels["k"].execution_state = "idle"
    assert "k" not in t.at(1001)


def test_preheated_kernels_in_the_pool_are_never_freed_and_a_handed_one_gets_the_first_connection_wait():
    t = Table()
    t.start("pooled", env=POOL_ENV)
    t.start("other", env=POOL_ENV)
    t.km._pools = {"01_self_assessment.ipynb": [_done({"kernel_id": "pooled"})],
                   "index.ipynb": [_done({"kernel_id": "other"})]}
    t.km.notebook_data = {"01_self_assessment.ipynb": {"kernel_ids": {"pooled"}}}
    t.km._get_notebook_from_kernel = lambda k: next(
        (n for n, d in t.km.notebook_data.items() if k in d["kernel_ids"]), None)
    assert t.at(3600) == {"pooled", "other"}          # an hour in the pool, never connected: kept
    t.km._pools["01_self_assessment.ipynb"].pop(0)    # a visitor's page took it (Voila's get_rendered_notebook)
    assert t.at(3601) == {"pooled", "other"}          # first seen out of the pool: handed now
    assert all("pooled" in seen for seen in t.rounds(3602, 3720, step=6))
    assert "pooled" not in t.at(3722) and "other" in t.at(3722)
    assert t.km.freed[0][:2] == ("pooled", "01_self_assessment")


def test_a_kernel_still_starting_or_with_the_rule_off_is_kept():
    t = Table()
    t.km._kernels["starting"] = SimpleNamespace(last_activity=T0, execution_state="starting",
                                                kernel_name="python3", kernel_spec=SimpleNamespace(metadata={}))
    assert "starting" in t.at(10_000)                  # not followed yet (start_kernel has not returned)
    off = Table(limit=0)
    off.start("k")
    assert "k" in off.at(10_000)


def test_kernels_shut_down_elsewhere_are_forgotten():
    t = Table()
    t.start("k")
    del t.km._kernels["k"]                             # e.g. Voila's own shutdown, or the server stopping
    t.at(1)
    assert "k" not in t.km._watched


# -- the options: sedam app --left-page-minutes, start(), voila_command --------------------------------------

def test_the_limit_reaches_voila_as_the_kernel_managers_options():
    from sedamkit.ui import app_server

    cmd = app_server.voila_command("/nb/app", 9999, python="py")
    assert {"--WorkshopKernelManager.cull_idle_timeout=600", "--WorkshopKernelManager.cull_interval=60",
            "--WorkshopKernelManager.first_connection_grace=120"} <= set(cmd)
    short = app_server.voila_command("/nb/app", 9999, python="py", left_page_seconds=8)
    assert "--WorkshopKernelManager.cull_idle_timeout=8" in short
    assert "--WorkshopKernelManager.cull_interval=2" in short          # looked at more often than the limit
    never = app_server.voila_command("/nb/app", 9999, python="py", left_page_seconds=0)
    assert not [c for c in never if "cull" in c]


@pytest.mark.parametrize("minutes", ["-1", "1441", "nan", "0.5"])
def test_a_bad_left_page_time_is_a_coded_problem_with_the_fix(minutes, monkeypatch, tmp_path, capsys):
    from sedamkit.delivery.cli import main

    monkeypatch.setenv("SEDAM_HOME", str(tmp_path))
    assert main(["app", "--no-browser", "--left-page-minutes", minutes]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "WEB013" in text and "1440 minutes" in text


def test_start_checks_the_limit_before_anything_starts():
    import sedamkit.ui.app as app

    with pytest.raises(SedamError) as e:
        app.start(None, left_page_seconds=-5)
    assert e.value.codes == ["WEB013"]


def test_sedam_app_says_when_kernels_are_given_back_and_passes_the_limit_on(monkeypatch, capsys, tmp_path):
    from sedamkit.delivery import cli
    from sedamkit.ui import app_server

    monkeypatch.setenv("SEDAM_HOME", str(tmp_path))
    made = {}

    class Proc:
        def wait(self):
            return 0

    def fake_start(client, port, **kw):
        made.update(kw)
        return app_server.AppServer(Proc(), 8866, "/c/acme", code="AB3K7Q", facilitator_key="made-key-1")

    monkeypatch.setattr(app_server, "start", fake_start)
    monkeypatch.setattr(app_server.AppServer, "stop", lambda self, timeout=15.0: 0)
    assert cli.main(["app", "--no-browser", "--left-page-minutes", "2.5"]) == 0
    assert made["left_page_seconds"] == 150
    out = capsys.readouterr().out
    assert "gives its kernel back once its last answers are saved" in out
    assert "a page gone without a word after 2.5 minute(s) without a connection" in out
    assert cli.main(["app", "--no-browser", "--left-page-minutes", "0"]) == 0
    assert made["left_page_seconds"] == 0 and "keeps it until the server stops" in capsys.readouterr().out
    assert cli.main(["app", "--no-browser"]) == 0 and made["left_page_seconds"] == 600
