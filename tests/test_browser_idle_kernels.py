"""A workshop server gives back the kernel of a page that was left: Voila's own shutdown on leaving is refused
(see sedamkit/ui/app_voila.py), so Jupyter Server's idle culler shuts down a kernel once no browser has been
connected to it for ``idle_seconds``; a kernel whose page is still open is never culled, however idle.
Playwright in Debian's Chromium, offline (tests/browser_support.py)."""
from __future__ import annotations

import subprocess
import time

import pytest

import browser_support
from browser_support import WAIT_MS, RequestGuard, launch, require_browser_stack, stopped_after, wait_until

pytestmark = pytest.mark.browser


def _kernels(server) -> int:
    """Kernel processes the server has started and not yet stopped."""
    import psutil

    try:
        kids = psutil.Process(server.process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    n = 0
    for p in kids:
        try:
            n += any("ipykernel" in part for part in p.cmdline()) and p.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            continue
    return n


class _Server:
    def __init__(self, tmp):
        import sedamkit.ui.app as app

        self.log = tmp / "voila.log"
        self.server = app.start(None, pool_size=0, env=browser_support.jupyter_env(tmp), stdout=self.log.open("w"),
                                stderr=subprocess.STDOUT, timeout=90, idle_seconds=3, cull_interval=1)

    def stop(self):
        self.server.stop()


def test_a_left_page_gives_its_kernel_back_and_an_open_page_keeps_it(tmp_path):
    require_browser_stack("voila")
    from playwright.sync_api import expect, sync_playwright

    srv = _Server(tmp_path)
    with stopped_after(srv), sync_playwright() as pw:
        browser = launch(pw)
        pages = []
        for _ in range(2):
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            RequestGuard(context)
            page = context.new_page()
            page.set_default_timeout(WAIT_MS)
            page.goto(srv.server.page_url("index"))
            expect(page.locator(".sedam-landing")).to_be_visible(timeout=WAIT_MS)
            pages.append((context, page))
        wait_until(lambda: _kernels(srv.server) == 2, timeout=60, what="one kernel per open page")
        pages[0][0].close()                                   # the first participant closes the tab
        t0 = time.monotonic()
        wait_until(lambda: _kernels(srv.server) == 1, timeout=60, what="the left page's kernel shut down")
        print(f"left page's kernel culled {time.monotonic() - t0:.1f} s after the tab closed (idle limit 3 s)")
        # the open page has now been idle longer than the limit too; for several culler rounds it keeps its kernel
        for _ in range(30):
            assert _kernels(srv.server) == 1, "the kernel of a page still open was culled"
            time.sleep(0.2)  # watching that something does NOT happen: several culler rounds (1 s each)
        expect(pages[1][1].locator(".sedam-landing")).to_be_visible()
        browser.close()
    assert "Culling" in srv.log.read_text(errors="replace")      # Jupyter Server's culler did it, and says so
