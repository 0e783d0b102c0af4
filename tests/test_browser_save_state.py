"""Browser test of a stage page's save state (``sedam app``, Playwright in Debian's Chromium, offline):
a burst of clicks is all saved and shows "saving…" until it is, and a page whose server stops says that
its latest answers may not be saved — in the workshop's language. Screenshots: ``test-output/app/``."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from browser_support import ROOT, require_browser_stack, stopped_after, wait_until
from test_browser_workshop import STAGE, Q1, Shots, Workshop, _buttons, _context, _start_as

pytestmark = pytest.mark.browser

LOST_FR = "Connexion perdue — vos dernières réponses ne sont peut-être pas enregistrées. Rechargez la page."


def _saved(folder, name):
    for f in folder.glob("*.json"):
        doc = json.loads(f.read_text(encoding="utf-8"))
        if doc.get("name") == name:
            return doc["answers"]
    return {}


def test_clicks_show_saving_until_written_and_a_lost_server_is_said(tmp_path):
    require_browser_stack("voila")
    from playwright.sync_api import expect, sync_playwright

    from browser_support import launch

    client = tmp_path / "hopitaux"
    shutil.copytree(ROOT / "datasets" / "hopitaux-estuaire", client)
    shutil.rmtree(client / "answers" / STAGE, ignore_errors=True)
    w = Workshop(tmp_path / "srv", client=client)
    shots = Shots("save_state")
    with sync_playwright() as pw, stopped_after(w):
        browser = launch(pw)
        w.ready()
        context, guard, page = _context(browser)
        page.goto(w.server.page_url("01_self_assessment"))
        _start_as(page, "Chloé")
        form = page.locator(".sedam-form")
        # record whether the page ever said "saving…" (and never "saved") while clicks were on their way
        page.evaluate("""() => { window.sedamSawSaving = false;
            new MutationObserver(() => { if (document.body.classList.contains('sedam-saving')) {
                window.sedamSawSaving = true; } }).observe(document.body, {attributes: true}); }""")
        groups = form.locator(".widget-toggle-buttons")
        n = 12
        for i in range(n):                       # a quick burst: no wait between the clicks
            groups.nth(i).locator("button").nth(2).click()
        assert page.evaluate("window.sedamSawSaving")
        expect(form.locator(".sedam-progress")).to_contain_text(f"{n}/")
        expect(form.locator(".sedam-status")).to_contain_text("enregistré à")
        expect(form.locator(".sedam-pending")).to_be_hidden()   # "saving…" is gone once all are written
        assert len(_saved(client / "answers" / STAGE, "Chloé")) == n  # all on disk when the page says so
        # the live panel is drawn once after the burst, with every click in it
        expect(page.locator(".sedam-live .sedam-answered")).to_have_text(re.compile(rf"^{n}/\d+$"))
        expect(page.locator(".sedam-live")).to_contain_text("1 répondant")
        shots.take(page, "burst_saved", full_page=False)

        w.stop()                                 # the server goes away while the page is open
        expect(page.locator(".sedam-connection-lost")).to_have_text(LOST_FR, timeout=30_000)
        _buttons(page, Q1).nth(0).click(force=True)  # a click now cannot look saved
        expect(form.locator(".sedam-status")).to_be_hidden()
        shots.take(page, "server_lost", full_page=False)
        assert page.locator(".sedam-connection-lost").get_attribute("role") == "alert"
        context.close()
        browser.close()
        assert guard.blocked == []
