"""Browser tests of the workshop server (``sedam app``): the code, typed names, two people at once, a French
workshop, the preheated load time and the host option — Playwright in Debian's Chromium, offline.

Each server runs the app with its Jupyter folders and answers scratch folder in a tmp folder, on a free
port, with a workshop code; the tests wait on the port, on the server's log (preheated kernels ready) and on
page elements, never on fixed sleeps. Every request a page makes is checked (nothing may leave the machine).
Screenshots: ``test-output/app/<test>/`` (paths printed). The host test binds ``0.0.0.0`` and reaches the
server on another loopback address (``127.0.0.2``): this workplace sends test traffic only to loopback
addresses, so the machine's outward address is not used. Without Chromium (or Playwright, Voila) the tests
skip with the reason (tests/browser_support.py).
"""
from __future__ import annotations

import json
import re
import shutil
import socket
import statistics
import subprocess
import time

import pytest

import browser_support
from browser_support import ROOT, WAIT_MS, RequestGuard, launch, require_browser_stack, stopped_after, wait_until

pytestmark = pytest.mark.browser

STAGE = "01_necessity_feasibility"
PAGE = "01_self_assessment"
Q1, Q2, Q3 = "need_strategy_gap_tools", "need_strategy_gap_practices", "talent_specify"
SHOTS = ROOT / "test-output" / "app"
PAGES = ("index", PAGE)  # preheated in these tests (other pages start a kernel when opened)


class Shots(browser_support.Shots):
    """Numbered screenshots into ``test-output/app/<name>/``."""

    def __init__(self, name):
        self.dir = SHOTS / name
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.n, self.paths = 0, []


class Workshop:
    """A running workshop server for a test module, with its log and answers folder."""

    def __init__(self, tmp, client=None, host=None, pool_size=1, preheat=PAGES, answers_client="demo"):
        import sedamkit.ui.app as app

        self.tmp = tmp
        self.log = tmp / "voila.log"
        env = browser_support.jupyter_env(tmp)
        self.server = app.start(client, host=host, pool_size=pool_size, preheat=preheat, env=env,
                                stdout=self.log.open("w"), stderr=subprocess.STDOUT, timeout=90)
        self.pages = len(preheat) * pool_size
        self.answers = (tmp / "scratch" / "answers" / "demo" / STAGE if client is None
                        else client / "answers" / STAGE)
        print(f"voila log: {self.log}")

    def ready(self, timeout=240):
        """Wait until every page's pool holds a warm kernel again: one more ready kernel in the log for
        each preheated kernel a page took (Voila logs "Using pre-heated kernel")."""
        from sedamkit.ui.app_server import wait_until_ready

        used = self.log.read_text(errors="replace").count("Using pre-heated kernel")
        return wait_until_ready(self.log, self.pages + used, timeout=timeout)

    def stop(self):
        self.server.stop()


def _context(browser, width=1400, height=1000, **kw):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": width, "height": height}, **kw)
    guard = RequestGuard(context)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    return context, guard, page


def _buttons(scope, item_id):
    return scope.locator(f".sedam-item-{item_id} button")


def _start_as(page, name):
    """Type ``name`` into a stage page's name prompt and wait for the form."""
    from playwright.sync_api import expect

    box = page.locator(".sedam-name input")
    expect(box).to_be_visible()
    box.fill(name)
    page.locator(".sedam-name-button").click()
    expect(_buttons(page, Q1).first).to_be_visible()


def _no_leak(page):
    """No server path, traceback or source on the page."""
    text = page.locator("body").inner_text()
    for bad in ("Traceback", str(ROOT), "/tmp/", "site-packages", "import sedamkit", "open_stage("):
        assert bad not in text, f"{bad!r} is shown to a participant"


def _answer(page, item, value_index):
    from playwright.sync_api import expect

    b = _buttons(page, item).nth(value_index)
    b.click()
    expect(b).to_have_class(re.compile(r"\bmod-active\b"))


# -- the demo workshop: one server for the tests that share it ----------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    require_browser_stack("voila")
    w = Workshop(tmp_path_factory.mktemp("workshop"))
    with stopped_after(w):
        w.ready()
        yield w


@pytest.fixture(scope="module")
def browser():
    require_browser_stack("voila")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


class TestDemoWorkshop:
    def test_preheated_pages_open_within_3_seconds(self, demo, browser):
        """First and later page loads, from the address to a visible form, with a warm kernel waiting."""
        from playwright.sync_api import expect

        context, guard, page = _context(browser)
        shots = Shots("preheated_load")
        times = []
        from playwright.sync_api import TimeoutError as PageTimeout

        for i, name in enumerate(["Load One", "Load Two", "Load Three", "Load Four"]):
            demo.ready()
            t0 = time.monotonic()
            # No retry: the stall of #16 (the server's wait for the visitor's cell that never woke, about 1
            # load in 40) is fixed (sedamkit.ui.app_voila.sliced_get_msg, tests/test_app_preheat.py); a page
            # that does not come within the element wait fails the test, with the server's log.
            try:
                page.goto(demo.server.page_url(PAGE, respondent=name), timeout=WAIT_MS)
            except PageTimeout:
                pytest.fail(f"preheated load of {name!r} did not come in {WAIT_MS / 1000:.0f} s; server log tail:\n"
                            f"{browser_support.log_tail(demo.log, 25)}")
            expect(_buttons(page, Q1).first).to_be_visible()
            times.append(time.monotonic() - t0)
            if i == 0:
                shots.take(page, "first_page", full_page=False)
                page.goto(demo.server.page_url("index"))  # the landing page, preheated too
                expect(page.locator(".sedam-landing")).to_be_visible()
        later = times[1:]
        print(f"preheated page load (address to visible form): first {times[0]:.2f} s, later "
              + ", ".join(f"{t:.2f}" for t in later) + f" s (median {statistics.median(later):.2f} s)")
        context.close()
        assert guard.blocked == []
        log = demo.log.read_text(errors="replace")
        assert "Error sending message" not in log  # no visitor's request lost (sedamkit.ui.app_voila)
        from sedamkit.ui.app_request import RETRY_MARK

        print(f"query socket retries in the server's log: {log.count(RETRY_MARK)}")
        # The target is 3 s on this 2-core machine. When other work loads it (1-minute load average above
        # twice the cores) the 3 s cannot be told apart from that work: the test then only checks that the
        # page did not wait for a kernel start (13-24 s) and says so.
        import os

        load = os.getloadavg()[0]
        busy = load > 2 * (os.cpu_count() or 1)
        limit = 10.0 if busy else 3.0
        if busy:
            print(f"NOTE: load average {load:.1f} on {os.cpu_count()} cores: checked against {limit:.0f} s, "
                  "not the 3 s target")
        assert min(later) <= limit, f"later pages took {later} s; the target is {limit:.0f} s (load {load:.1f})"

    def test_the_facilitator_key_and_the_code_leave_the_address(self, demo, browser):
        """The facilitator's link (code and key in the address) sets cookies and comes back without them;
        a reload still opens the view; a browser without the cookie, or with a wrong key, gets the notice."""
        from urllib.parse import urlencode

        from playwright.sync_api import expect

        from sedamkit.ui.app_server import KEY_COOKIE

        shots = Shots("facilitator_key")
        key, code = demo.server.facilitator_key, demo.server.code
        context, guard, page = _context(browser)
        page.goto(demo.server.page_url("facilitator"))
        view = page.locator(".sedam-facilitator")
        expect(view).to_be_visible()
        assert page.url.endswith("/voila/render/facilitator.ipynb"), page.url
        assert key not in page.url and code not in page.url
        cookie = next(c for c in context.cookies() if c["name"] == KEY_COOKIE)
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and key not in cookie["value"]
        assert cookie["path"] == "/"
        assert KEY_COOKIE not in page.evaluate("document.cookie")  # out of reach of the page's scripts
        shots.take(page, "facilitator_without_key_in_the_address", full_page=False)
        page.reload()
        expect(view).to_be_visible()
        _no_leak(page)
        # a participant's page: the code leaves the address too (Jupyter's login cookie keeps it)
        page.goto(demo.server.page_url(PAGE, respondent="Kim"))
        expect(_buttons(page, Q1).first).to_be_visible()
        assert code not in page.url and "respondent=Kim" in page.url
        context.close()
        assert guard.blocked == []
        # another browser: the workshop code alone, a wrong key, or a forged cookie get the notice
        other, guard2, page2 = _context(browser)
        base = f"{demo.server.base_url}voila/render/facilitator.ipynb"
        for query in ({"token": code}, {"token": code, "key": key[:-1] + ("x" if key[-1] != "x" else "y")}):
            page2.goto(f"{base}?{urlencode(query)}")
            notice = page2.locator(".sedam-facilitator-only")
            expect(notice).to_contain_text("WEB052")
            expect(page2.locator(".sedam-facilitator")).to_have_count(0)
            assert not any(c["name"] == KEY_COOKIE for c in other.cookies())
        shots.take(page2, "facilitator_refused_without_the_cookie", full_page=False)
        other.add_cookies([{"name": KEY_COOKIE, "value": "0" * 64, "url": demo.server.base_url}])
        page2.goto(base)
        expect(page2.locator(".sedam-facilitator-only")).to_contain_text("WEB052")
        other.close()
        assert guard2.blocked == []
        # no code at all: the code page, as for every page
        bare, guard3, page3 = _context(browser)
        assert page3.goto(base).status == 403
        bare.close()

    def test_refused_without_the_code_and_let_in_by_typing_it(self, demo, browser):
        from playwright.sync_api import expect

        context, guard, page = _context(browser)
        shots = Shots("code_refusal")
        resp = page.goto(demo.server.page_url(PAGE, with_code=False, respondent="Eve"))
        assert resp.status == 403
        expect(page.locator("h1")).to_have_text("This workshop needs its code")
        _no_leak(page)
        assert "jupyter" not in page.locator("body").inner_text().lower()
        shots.take(page, "refused")
        # the kernels' and the server's API refuse too (403), and so does the root
        # (a GET of an API is sent to the code page, as Jupyter does; the answer is still 403)
        for url, method in ((f"{demo.server.base_url}api/kernels/00000000-0000-0000-0000-000000000000", "get"),
                            (f"{demo.server.base_url}voila/api/shutdown/00000000-0000-0000-0000-000000000000", "post"),
                            (f"{demo.server.base_url}voila/api/contents/", "get"),
                            (demo.server.base_url, "get")):
            r = getattr(context.request, method)(url)
            assert r.status == 403, (url, r.status)
            assert "execution_state" not in r.text() and "Traceback" not in r.text(), url
        # a wrong code: 401 and the page says so; the right one, typed in small letters, opens the page
        page.locator("#sedam-code").fill("WRONG1")
        with page.expect_navigation():
            page.locator("button[type=submit]").click()
        expect(page.locator(".sedam-code-wrong")).to_be_visible()
        shots.take(page, "wrong_code")
        page.locator("#sedam-code").fill(demo.server.code.lower())
        page.locator("button[type=submit]").click()
        expect(page.locator(".sedam-who")).to_have_text("Eve")  # back on the page asked for, with its name
        assert "token" not in page.url
        shots.take(page, "let_in", full_page=False)
        context.close()
        assert guard.blocked == []

    def test_two_participants_answer_at_once(self, demo, browser):
        """Two browser contexts (two laptops) on the same page: both files kept, neither undoes the other."""
        from playwright.sync_api import expect

        shots = Shots("two_participants")
        (ca, ga, a), (cb, gb, b) = _context(browser), _context(browser, width=800, height=900)
        a.goto(demo.server.page_url(PAGE))
        b.goto(demo.server.page_url(PAGE))
        _start_as(a, "José")
        _start_as(b, "Anne Marie")
        expect(a.locator(".sedam-who")).to_have_text("José")
        expect(b.locator(".sedam-who")).to_have_text("Anne Marie")
        # interleaved answers on the same items and on different ones
        _answer(a, Q1, 4)
        _answer(b, Q1, 0)
        _answer(a, Q2, 3)
        _answer(b, Q3, 1)
        _answer(a, Q3, 4)
        expect(a.locator(".sedam-form")).to_contain_text("saved at")
        expect(a.locator(".sedam-answered")).to_have_text(re.compile(r"^3/"))
        expect(b.locator(".sedam-answered")).to_have_text(re.compile(r"^2/"))
        expect(a.locator(".sedam-score-team").first).to_be_visible()
        _no_leak(a)
        _no_leak(b)
        shots.take(a, "jose_wide", full_page=False)
        b.locator(f".sedam-item-{Q3}").scroll_into_view_if_needed()
        shots.take(b, "anne_marie_narrow", full_page=False)
        def doc(pattern):
            path = next(demo.answers.glob(pattern), None)
            return json.loads(path.read_text(encoding="utf-8")) if path else {}

        wait_until(lambda: doc("jose-*.json").get("answers") == {Q1: 5, Q2: 4, Q3: 5}, timeout=WAIT_MS / 1000,
                   what="José's three answers in his file")
        wait_until(lambda: doc("anne-marie-*.json").get("answers") == {Q1: 1, Q3: 2}, timeout=WAIT_MS / 1000,
                   what="Anne Marie's two answers in her file")
        assert doc("jose-*.json")["name"] == "José" and doc("anne-marie-*.json")["name"] == "Anne Marie"
        for ctx, guard in ((ca, ga), (cb, gb)):
            ctx.close()
            assert guard.blocked == []

    def test_a_page_left_gives_its_kernel_back_after_its_last_clicks_are_saved(self, demo, browser):
        """Three clicks, then at once to another page: the left page's kernel saves the three answers, then
        shuts down (its beacon let through, WorkshopShutdownHandler); the page now open keeps its kernel."""
        from playwright.sync_api import expect

        context, guard, page = _context(browser)
        demo.ready()
        page.goto(demo.server.page_url(PAGE, respondent="Léa Leaves"))
        expect(_buttons(page, Q1).first).to_be_visible()
        config = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        kid = page.evaluate(config)
        for item, i in ((Q1, 1), (Q2, 2), (Q3, 3)):
            _buttons(page, item).nth(i).click()      # no wait for the save: the page is left right away
        page.goto(demo.server.page_url("index"))
        expect(page.locator(".sedam-landing")).to_be_visible()
        log = lambda: demo.log.read_text(errors="replace")  # noqa: E731
        wait_until(lambda: f"page left: kernel {kid} shut down" in log(), timeout=WAIT_MS / 1000,
                   what="the left page's kernel shut down")
        path = next(demo.answers.glob("lea-leaves-*.json"))
        assert json.loads(path.read_text(encoding="utf-8"))["answers"] == {Q1: 2, Q2: 3, Q3: 4}
        assert f"403 POST /voila/api/shutdown/{kid}" not in log()  # the beacon was let through
        index_kernel = page.evaluate(config)
        time.sleep(3)  # watching that something does NOT happen: the open page's kernel is not shut down
        assert f"kernel {index_kernel} shut down" not in log()
        context.close()
        assert guard.blocked == []

    def test_names_with_accents_and_spaces_from_the_landing_page(self, demo, browser):
        from playwright.sync_api import expect

        shots = Shots("typed_names")
        context, guard, page = _context(browser)
        page.goto(demo.server.page_url("index"))
        landing = page.locator(".sedam-landing")
        expect(landing).to_be_visible()
        shots.take(page, "landing_asks_a_name", full_page=False)
        page.locator(".sedam-landing input[name=respondent]").fill("Zoë Ní Bhriain")
        page.locator(".sedam-landing button[type=submit]").click()
        expect(page.locator(".sedam-landing b.sedam-respondent")).to_have_text("Zoë Ní Bhriain")
        link = page.locator(".sedam-stage-link").first
        assert "respondent=Zo%C3%AB" in link.get_attribute("href")
        link.click()
        expect(page.locator(".sedam-who")).to_have_text("Zoë Ní Bhriain")
        _answer(page, Q1, 2)
        path = wait_until(lambda: next(demo.answers.glob("zoe-ni-bhriain-*.json"), None), timeout=60,
                          what="Zoë's answers file")
        doc = wait_until(lambda: (d := json.loads(path.read_text()))["answers"] and d, timeout=60, what="her answer")
        assert doc["answers"] == {Q1: 3} and doc["respondent"] == path.stem
        assert "Zoë Ní Bhriain" in path.read_text(encoding="utf-8")
        expect(page.locator(".sedam-answered")).to_have_text(re.compile(r"^1/"))  # the live panel caught up
        shots.take(page, "answering_as_zoe", full_page=False)
        # a blank name: the plain problem, nothing saved
        page.goto(demo.server.page_url(PAGE))
        page.locator(".sedam-name input").fill("   ")
        page.locator(".sedam-name-button").click()
        expect(page.locator(".sedam-problem")).to_contain_text("ANS009")
        _no_leak(page)
        shots.take(page, "blank_name", full_page=False)
        context.close()
        assert guard.blocked == []

    def test_the_live_panel_stays_in_view_and_its_chart_text_is_10pt(self, demo, browser):
        from playwright.sync_api import expect

        import sedamkit.ui.app as app

        shots = Shots("live_panel")
        for width, height, label in ((1400, 1000, "wide"), (820, 1000, "narrow")):
            context, guard, page = _context(browser, width=width, height=height)
            page.goto(demo.server.page_url(PAGE, respondent=f"Panel {label}"))
            expect(_buttons(page, Q1).first).to_be_visible()
            _answer(page, Q1, 3)
            expect(page.locator(".sedam-answered")).to_have_text(re.compile(r"^1/"))
            panel = page.locator(".sedam-live")
            chart = page.locator(".sedam-live-chart")
            if label == "narrow":  # a short bar: the chart opens with its button (tests/test_browser_layout.py)
                expect(chart).to_be_hidden()
                page.locator(".sedam-live-toggle").click()
            expect(chart).to_be_visible()
            last = page.locator(".sedam-form .sedam-item:visible").last
            last.scroll_into_view_if_needed()
            box = panel.bounding_box()
            assert box is not None and box["y"] < height and box["y"] + 40 > 0, f"{label}: the panel scrolled away ({box})"
            assert panel.is_visible()
            shown = chart.evaluate("e => e.getBoundingClientRect().width")
            if label == "wide":  # shown at its drawn size: the text is CHART_FONT_PT
                assert shown >= app.CHART_WIDTH_PX - 1, shown
                assert shown / app.CHART_WIDTH_PX * app.CHART_FONT_PT >= 10
            shots.take(page, f"scrolled_to_the_end_{label}", full_page=False)
            context.close()
            assert guard.blocked == []


    def test_a_room_opening_one_page_together_is_told_to_wait_and_gets_in(self, demo, browser):
        """Five laptops open stage 01 at the same moment (one warm kernel in the pool): the first gets the
        warm kernel, the others see "being prepared" at once (not a blank, hanging tab), then their form."""
        from playwright.sync_api import expect

        demo.ready()
        shots = Shots("room_at_once")
        people = [_context(browser, width=1000, height=700) for _ in range(5)]
        t0 = time.monotonic()
        for i, (_c, _g, page) in enumerate(people):
            page.goto(demo.server.page_url(PAGE, respondent=f"Room {i + 1}"), wait_until="commit")
        told = [p for _c, _g, p in people if p.locator("#sedam-starting").count()]
        assert told, "no page said it was being prepared"
        expect(told[0].locator("#sedam-starting")).to_contain_text("Your page is being prepared")
        shots.take(told[0], "being_prepared", full_page=False)
        times = []
        for _c, _g, page in people:
            expect(_buttons(page, Q1).first).to_be_visible()
            times.append(time.monotonic() - t0)
            expect(page.locator("#sedam-starting")).to_have_count(0)  # gone once the page is there
        shots.take(told[0], "then_the_form", full_page=False)
        # the notice went out before Voila's page: still a standards-mode page with the page's language
        assert told[0].evaluate("[document.compatMode, document.documentElement.lang]") == ["CSS1Compat", "en"]
        _no_leak(told[0])
        print(f"room of 5 at once (pool 1): forms visible after " + ", ".join(f"{t:.1f}" for t in times)
              + f" s; {len(told)} told to wait")
        for context, guard, _p in people:
            context.close()
            assert guard.blocked == []


# -- a French workshop ------------------------------------------------------------------------------------

def test_a_french_workshop_is_french_everywhere(tmp_path, browser):
    client = tmp_path / "hopitaux"
    shutil.copytree(ROOT / "datasets" / "hopitaux-estuaire", client)
    shutil.rmtree(client / "answers" / STAGE, ignore_errors=True)
    w = Workshop(tmp_path / "srv", client=client)
    from playwright.sync_api import expect

    shots = Shots("french_workshop")
    with stopped_after(w):
        w.ready()
        context, guard, page = _context(browser)
        assert page.goto(w.server.page_url("index", with_code=False)).status == 403
        expect(page.locator("h1")).to_have_text("Cet atelier demande son code")
        expect(page.locator("label[for=sedam-code]")).to_have_text("Code de l’atelier")
        shots.take(page, "code_page_fr")
        page.goto(w.server.page_url("index"))
        landing = page.locator(".sedam-landing")
        expect(landing.locator("h1")).to_have_text("Atelier SEDAM")
        for text in ("Hôpitaux de l'Estuaire", "Votre nom", "Étape", "Votre avancement", "Répondants",
                     "Autoévaluation : nécessité et faisabilité"):
            expect(landing).to_contain_text(text)
        wait_until(lambda: page.evaluate("document.documentElement.lang") == "fr", timeout=30, what="<html lang=fr>")
        assert page.title() == "Atelier SEDAM"
        shots.take(page, "landing_fr", full_page=False)
        landing.locator(".sedam-stage-link").first.click()
        expect(page.locator(".sedam-home")).to_have_text("← Toutes les étapes")
        expect(page.locator(".sedam-name")).to_contain_text("Votre nom")
        _start_as(page, "Hélène")
        header = page.locator(".sedam-header")
        for text in ("Étape 01", "Vous répondez en tant que", "article 6.1", "Hélène"):
            expect(header).to_contain_text(text)
        _answer(page, Q1, 4)
        expect(page.locator(".sedam-score-you")).to_have_text("100")
        expect(page.locator(".sedam-live")).to_contain_text("1 répondant")
        live = page.locator(".sedam-live")
        for text in ("Score de préparation en direct", "Votre score", "Score de l’équipe", "Décision de l’équipe",
                     "Vos réponses"):
            expect(live).to_contain_text(text)
        expect(page.locator(".sedam-form")).to_contain_text("enregistré à")
        body = page.locator("body").inner_text()
        for english in ("All stages", "Answering as", "Your score", "Team score", "saved to", "Live readiness"):
            assert english not in body, f"English on a French page: {english!r}"
        _no_leak(page)
        shots.take(page, "stage_fr", full_page=False)
        assert wait_until(lambda: next((client / "answers" / STAGE).glob("helene-*.json"), None), timeout=60,
                          what="Hélène's file")
        context.close()
        assert guard.blocked == []


# -- the host option ------------------------------------------------------------------------------------

def _reachable(host, port) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def test_the_host_option_serves_the_room_and_still_asks_for_the_code(tmp_path, demo, browser):
    from playwright.sync_api import expect

    other = "127.0.0.2"  # an address of this machine other than the default 127.0.0.1
    assert not _reachable(other, demo.server.port), "the default server must listen on 127.0.0.1 only"
    w = Workshop(tmp_path, host="0.0.0.0", preheat=("index",))
    shots = Shots("host_option")
    with stopped_after(w):
        assert _reachable(other, w.server.port)
        w.ready()
        base = f"http://{other}:{w.server.port}/voila/render/index.ipynb"
        context, guard, page = _context(browser)
        assert page.goto(base).status == 403
        expect(page.locator("h1")).to_have_text("This workshop needs its code")
        shots.take(page, "refused_on_127.0.0.2")
        page.goto(f"{base}?token={w.server.code}")
        expect(page.locator(".sedam-landing")).to_contain_text("Northwind Home Services")
        shots.take(page, "landing_on_127.0.0.2", full_page=False)
        context.close()
        assert guard.blocked == []
