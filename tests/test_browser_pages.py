"""Browser tests of the workshop pages (sedamkit.ui.app_pages, sedamkit.ui.app_facilitator) in the Voila app,
driven with Playwright in Debian's Chromium, offline (tests/browser_support.py).

- the stage 05 mission review answered in a browser lands in ``05_evaluation/mission/<id>.json``;
- the stage 06 scores of a French client, answered by a person whose name has accents and spaces, land in
  ``06_improvement/scores/<id>.json`` and the page speaks French;
- the facilitator view updates by itself when a second browser context answers, and shows the join link
  from ``SEDAM_APP_URL`` as a QR code;
- the approach ratings and the stage 02 plan editor page of another client.

Each test starts its own server on a free loopback port with every Jupyter folder and the answers scratch
folder in its tmp folder; non-demo clients are served from a copy, so nothing in ``datasets/`` changes.
Screenshots: ``test-output/app-pages/<test>/``.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import time

import pytest

import browser_support
from browser_support import ROOT, WAIT_MS, jupyter_env, open_page, require_browser_stack, stopped_after, wait_until

pytestmark = pytest.mark.browser



class Shots(browser_support.Shots):
    """Screenshots into ``test-output/app-pages/<name>/``."""

    def __init__(self, name):
        saved = browser_support.SCREENSHOTS
        browser_support.SCREENSHOTS = ROOT / "test-output" / "app-pages"
        try:
            super().__init__(name)
        finally:
            browser_support.SCREENSHOTS = saved


class Served:
    """The app for ``client`` (a copy in ``tmp`` unless it is the demo), with ``SEDAM_APP_URL`` set."""

    def __init__(self, tmp, client="demo"):
        require_browser_stack("voila")
        import sedamkit.ui.app as app

        if client == "demo":
            self.client_dir, cdir = None, ROOT / "datasets" / "demo"
            self.answers = tmp / "scratch" / "answers" / "demo"
        else:
            cdir = tmp / client
            shutil.copytree(ROOT / "datasets" / client, cdir)
            self.client_dir, self.answers = cdir, cdir / "answers"
        self.log = tmp / "voila.log"
        env = jupyter_env(tmp)                  # the server sets SEDAM_APP_URL to its own join link
        self.server = app.start(self.client_dir, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
                                timeout=90)
        self.t0 = time.monotonic()
        print(f"voila log: {self.log}")

    def url(self, notebook, **query):
        return self.server.page_url(notebook, **query)

    def mark(self, what):
        print(f"[{time.monotonic() - self.t0:5.1f} s] {what}")

    def stop(self):
        self.server.stop()


def _buttons(scope, item_id):
    return scope.locator(f".sedam-item-{item_id} button")


def _name(page, name):
    box = page.locator(".sedam-name input")
    box.fill(name)
    page.locator(".sedam-name-button").click()


def _safe_id(name):
    from sedamkit.core.answers import safe_respondent_id

    return safe_respondent_id(name)


def _run(tmp_path, client, body):
    served = Served(tmp_path, client)
    with stopped_after(served):
        body(served)


class TestMissionPage:
    def test_mission_review_answered_in_the_browser_lands_in_the_stage_file(self, tmp_path):
        from playwright.sync_api import expect, sync_playwright

        from sedamkit.core.spec import load_spec

        spec = load_spec("mission_review")
        first, second = spec.items[0].id, spec.items[1].id

        def body(s):
            shots = Shots("mission_review")
            with sync_playwright() as pw:
                browser, context, guard, page = open_page(pw)
                page.goto(s.url("05_mission_review"))
                expect(page.locator(".sedam-name input")).to_be_visible()
                expect(page.locator(".sedam-mission blockquote")).to_contain_text("Every household")
                s.mark("mission page shown")
                _name(page, "Anne Marie")
                q1 = _buttons(page, first)
                expect(q1.first).to_be_visible()
                expect(page.locator(".sedam-answered")).to_have_text(re.compile(r"^0/\d+$"))
                q1.nth(3).click()  # "4"
                expect(q1.nth(3)).to_have_class(re.compile(r"\bmod-active\b"))
                _buttons(page, second).nth(1).click()  # "2"
                expect(page.locator(".sedam-answered")).to_have_text(re.compile(r"^2/\d+$"))
                expect(page.locator(".sedam-live .sedam-verdict")).not_to_have_text("Not reviewed yet")
                shots.take(page, "answered", full_page=False)
                path = s.answers / "05_evaluation" / "mission" / f"{_safe_id('Anne Marie')}.json"
                doc = wait_until(lambda: (d := json.loads(path.read_text()))["answers"] == {first: 4, second: 2} and d,
                                 timeout=WAIT_MS / 1000, what=f"two answers in {path}")
                assert doc["name"] == "Anne Marie"
                context.close()
                browser.close()
            assert guard.blocked == [], guard.blocked
            assert not (ROOT / "datasets" / "demo" / "answers" / "05_evaluation" / "mission"
                        / f"{_safe_id('Anne Marie')}.json").exists()

        _run(tmp_path, "demo", body)


class TestFrenchScores:
    def test_scores_of_a_french_client_answered_by_a_name_with_accents(self, tmp_path):
        from playwright.sync_api import expect, sync_playwright

        name = "José Ñúñez Ó"

        def body(s):
            shots = Shots("scores_fr")
            with sync_playwright() as pw:
                browser, context, guard, page = open_page(pw)
                page.goto(s.url("06_scores"))
                _name(page, name)
                expect(page.locator(".sedam-stage")).to_contain_text("Effet et effort des améliorations")
                expect(page.locator(".sedam-page-lead")).to_contain_text("pistes d'amélioration")
                first = page.locator(".sedam-form [class*='sedam-item-'] button").first
                expect(first).to_be_visible()
                item = re.search(r"sedam-item-([a-z0-9_]+)",
                                 page.locator(".sedam-form [class*='sedam-item-']").first.get_attribute("class")).group(1)
                _buttons(page, item).nth(3).click()  # impact "4"
                expect(page.locator(".sedam-live")).to_contain_text("L'équipe jusqu'ici")
                expect(page.locator(".sedam-live .sedam-answered")).to_have_text(re.compile(r"^1/\d+$"))
                expect(page.locator(".sedam-live")).to_contain_text("4,0")
                shots.take(page, "answered_fr", full_page=False)
                path = s.answers / "06_improvement" / "scores" / f"{_safe_id(name)}.json"
                doc = wait_until(lambda: (d := json.loads(path.read_text()))["answers"] == {item: 4} and d,
                                 timeout=WAIT_MS / 1000, what=f"the score in {path}")
                assert doc["name"] == name
                # the candidates are French sentences: no English kit words, no codes, no ids, one clause
                form = page.locator(".sedam-form").inner_text()
                live = page.locator(".sedam-live").inner_text()
                for text in (form, live):
                    for english in ("Plan:", "Build up", "Rethink", "Close the gap", "Get ", "Start measuring",
                                    "is not started", "is not checked", "latest ", "expected"):
                        assert english not in text, english
                    assert not re.search(r"\bPLAN\d{3}\b|\bs0\d_[a-z]+_|\d\.\d\d\b", text), text[:400]
                assert "(8.2.2) (article 8.2.2)" not in form and "(article 8.2.2)" in form
                assert "Je ne sais pas" not in page.locator(".sedam-header").inner_text()
                context.close()
                browser.close()
            assert guard.blocked == [], guard.blocked

        _run(tmp_path, "hopitaux-estuaire", body)

    def test_a_french_page_waits_and_fails_in_french(self, tmp_path):
        """While a page runs, Voila's English "Running …", "Executing 2 of 3" and "Loading widget..." are the
        workshop's French words; an address the workshop lacks is a French 404 page, not Jupyter's."""
        from playwright.sync_api import expect, sync_playwright

        # what the page shows, frame by frame (a text replaced before the next frame is never seen)
        seen = """window.__seen = [];
          (function look() {
            var el = document.getElementById("loading_text");
            if (el && el.offsetParent !== null) { window.__seen.push(el.textContent); }
            document.querySelectorAll(".jp-OutputArea-output").forEach(function (n) {
              if (n.childElementCount === 0 && n.textContent) { window.__seen.push(n.textContent); }
            });
            requestAnimationFrame(look);
          })();"""

        def body(s):
            shots = Shots("waiting_fr")
            with sync_playwright() as pw:
                browser, context, guard, page = open_page(pw)
                context.add_init_script(seen)
                page.goto(s.url("06_scores", respondent="Chloé d'Arc"))
                expect(page.locator(".sedam-form")).to_be_visible()
                words = page.evaluate("window.__seen")
                s.mark(f"words seen while the page ran: {sorted(set(words))}")
                assert any("Préparation de la page" in w for w in words), words
                assert not [w for w in words if re.search(r"Executing|Reading|Running|Loading widget", w)], words
                response = page.goto(s.server.page_url("nonexistent"))
                assert response.status == 404
                expect(page.locator("h1")).to_have_text("Page introuvable")
                text = page.locator("body").inner_text()
                assert "Not Found" not in text and "does not exist" not in text
                shots.take(page, "not_found", full_page=False)
                page.locator("a").click()
                expect(page.locator(".sedam-landing")).to_be_visible()
                context.close()
                browser.close()
            assert guard.blocked == [], guard.blocked

        _run(tmp_path, "hopitaux-estuaire", body)


class TestFacilitator:
    def test_facilitator_view_updates_when_a_second_context_answers(self, tmp_path):
        from playwright.sync_api import expect, sync_playwright

        def body(s):
            shots = Shots("facilitator")
            with sync_playwright() as pw:
                browser, context, guard, page = open_page(pw)
                page.goto(s.url("facilitator"))
                count = page.locator(".sedam-count-01_self_assessment .sedam-count")
                expect(count).to_be_visible()
                before = int(count.inner_text())
                expect(page.locator(".sedam-qr svg")).to_be_visible()
                # the QR code and the link carry the server's own join link, workshop code included
                expect(page.locator(".sedam-join-link")).to_have_attribute("href", s.server.links[0])
                assert "token=" in s.server.links[0]
                expect(page.locator(".sedam-decision")).to_be_visible()
                shots.take(page, "before", full_page=True)
                s.mark(f"facilitator shown, {before} answered stage 01")

                # a participant in another browser context (own cookies, own kernel) answers stage 01
                other = browser.new_context(viewport={"width": 1000, "height": 900})
                guard2 = browser_support.RequestGuard(other)
                p2 = other.new_page()
                p2.set_default_timeout(WAIT_MS)
                p2.goto(s.url("01_self_assessment"))
                _name(p2, "Zoë Late")
                q = p2.locator(".sedam-form [class*='sedam-item-'] button").first
                q.click()
                expect(q).to_have_class(re.compile(r"\bmod-active\b"))
                expect(p2.locator(".sedam-answered")).to_have_text(re.compile(r"^1/\d+$"))  # saved, panel redrawn
                s.mark("second context answered")
                shots.take(p2, "participant", full_page=False)

                # the facilitator view re-reads by itself (no reload, no click)
                expect(count).to_have_text(str(before + 1), timeout=60_000)
                s.mark("facilitator updated")
                shots.take(page, "after", full_page=True)
                other.close()
                context.close()
                browser.close()
            assert guard.blocked == [] and guard2.blocked == [], (guard.blocked, guard2.blocked)

        _run(tmp_path, "demo", body)


class TestApproachesAndPlan:
    def test_approach_ratings_and_the_plan_editor_of_another_client(self, tmp_path):
        from playwright.sync_api import expect, sync_playwright

        def body(s):
            shots = Shots("approaches_plan")
            with sync_playwright() as pw:
                browser, context, guard, page = open_page(pw)
                page.goto(s.url("05_approach_ratings", respondent="Store Lead"))
                table = page.locator(".sedam-approach-table")
                expect(table).to_be_visible()
                first_row = table.locator("tbody tr").first
                approach = re.search(r"sedam-approach-([a-z0-9_]+)", first_row.get_attribute("class")).group(1)
                item = f"{approach}__suitable"
                _buttons(page, item).nth(0).click()  # "1": a poor rating, marked in the panel
                expect(first_row.locator(".sedam-weak").first).to_be_visible()
                shots.take(page, "approaches", full_page=False)
                path = s.answers / "05_evaluation" / "approaches" / f"{_safe_id('Store Lead')}.json"
                wait_until(lambda: json.loads(path.read_text())["answers"] == {item: 1},
                           timeout=WAIT_MS / 1000, what=f"the rating in {path}")
                s.mark("approach rated")

                page.goto(s.url("02_plan"))
                expect(page.locator(".sedam-editor-intro")).to_contain_text("02_daap/plan.yaml")
                expect(page.locator(".widget-tab, .jupyter-widget-tab, .lm-TabBar").first).to_be_visible()
                shots.take(page, "plan_editor", full_page=False)
                s.mark("plan editor shown")
                context.close()
                browser.close()
            assert guard.blocked == [], guard.blocked
            assert (s.answers / "02_daap" / "plan.yaml").is_file()

        _run(tmp_path, "brightlane", body)


class TestFrenchRoom:
    def test_two_participants_answer_the_mission_review_at_once_in_a_french_workshop(self, tmp_path):
        from playwright.sync_api import expect, sync_playwright

        from sedamkit.core.spec import load_spec

        item = load_spec("mission_review").items[0].id
        names = ("Anne Marie", "José Ñúñez")

        def body(s):
            shots = Shots("french_room")
            folder = s.answers / "05_evaluation" / "mission"
            before = len(list(folder.glob("*.json")))
            with sync_playwright() as pw:
                browser, context, guard, page = open_page(pw)
                other = browser.new_context(viewport={"width": 1400, "height": 1000})
                guard2 = browser_support.RequestGuard(other)
                p2 = other.new_page()
                p2.set_default_timeout(WAIT_MS)
                pages = (page, p2)
                for p in pages:  # both pages load at the same time (two kernels)
                    p.goto(s.url("05_mission_review"), wait_until="commit")
                for p, name in zip(pages, names):
                    expect(p.locator(".sedam-mission")).to_contain_text("Mission examinée")
                    _name(p, name)
                    expect(_buttons(p, item).first).to_be_visible()
                for i, p in enumerate(pages):  # answer one after the other without waiting for the saves
                    _buttons(p, item).nth(4 - i).click()
                for i, p in enumerate(pages):
                    expect(_buttons(p, item).nth(4 - i)).to_have_class(re.compile(r"\bmod-active\b"))
                    expect(p.locator(".sedam-live")).to_contain_text("L'équipe jusqu'ici")
                    expect(p.locator(".sedam-live .sedam-answered")).to_have_text(re.compile(r"^1/\d+$"))
                expect(p2.locator(".sedam-live .sedam-respondents")).to_have_text(str(before + 2))
                s.mark("two participants answered")
                shots.take(p2, "second_participant", full_page=False)
                for i, name in enumerate(names):
                    path = folder / f"{_safe_id(name)}.json"
                    wait_until(lambda p=path, v=5 - i: json.loads(p.read_text())["answers"] == {item: v},
                               timeout=WAIT_MS / 1000, what=f"{name}'s answer in {path}")
                assert len(list(folder.glob("*.json"))) == before + 2

                page.goto(s.url("facilitator"))
                count = page.locator(".sedam-count-05_mission_review .sedam-count")
                expect(count).to_have_text(str(before + 2))
                expect(page.locator(".sedam-facilitator")).to_contain_text("Combien ont répondu")
                expect(page.locator(".sedam-facilitator")).to_contain_text("Étape 05 : revue de la mission")
                shots.take(page, "facilitator_fr", full_page=True)
                other.close()
                context.close()
                browser.close()
            assert guard.blocked == [] and guard2.blocked == [], (guard.blocked, guard2.blocked)

        _run(tmp_path, "hopitaux-estuaire", body)
