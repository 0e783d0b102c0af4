"""Browser tests: the Voila app and JupyterLab, driven with Playwright in Debian's Chromium.

Each test starts its own server on a free port of 127.0.0.1 with every Jupyter folder and the answers
scratch folder in its tmp folder, waits on the port and on page elements (never on fixed sleeps), blocks
and records every request that would leave the machine, and stops the server (its process group) at the
end. Screenshots: ``test-output/screenshots/<test>/`` at the repository root (paths are printed).

The two tests sit in separate classes so that ``pytest -n 2 --dist loadscope`` runs them side by side.
Without Chromium (or Playwright, Voila, JupyterLab) they skip with the reason; see tests/browser_support.py.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import time

import pytest

from browser_support import (ROOT, WAIT_MS, LabServer, Shots, jupyter_env, lab_settings, log_tail, open_page,
                             require_browser_stack, wait_until)

pytestmark = pytest.mark.browser

STAGE = "01_necessity_feasibility"
Q1, Q2, Q8 = "need_strategy_gap_tools", "need_strategy_gap_practices", "talent_specify"


def _buttons(scope, item_id):
    """The answer buttons of an item, in scale order (1 … 5, then "Don't know")."""
    return scope.locator(f".sedam-item-{item_id} button")


class TestVoilaApp:
    def test_answer_score_reload_and_file(self, tmp_path):
        require_browser_stack("voila")
        from playwright.sync_api import expect

        import sedamkit.ui.app as app

        env = jupyter_env(tmp_path)
        log = tmp_path / "voila.log"
        server = app.start(None, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, timeout=90)
        print(f"voila log: {log}")
        try:
            self._drive(app, server, tmp_path, expect)
        except BaseException:
            print(log_tail(log))
            raise
        finally:
            server.stop()

    def _drive(self, app, server, tmp_path, expect):
        from playwright.sync_api import sync_playwright

        shots = Shots("voila_app")
        t0 = time.monotonic()
        mark = lambda what: print(f"[{time.monotonic() - t0:5.1f} s] {what}")  # noqa: E731
        with sync_playwright() as pw:
            browser, context, guard, page = open_page(pw)

            # the server's root redirects to the landing page: the client and its stages, offline
            page.goto(f"{server.base_url}?token={server.code}")  # the join link's code, at the root
            landing = page.locator(".sedam-landing")
            expect(landing).to_be_visible()
            assert "/voila/render/index.ipynb" in page.url
            expect(landing.locator(".sedam-client")).to_contain_text("Northwind Home Services")
            expect(landing.locator(".sedam-progress").first).to_have_text(re.compile(r"^0/\d+$"))  # 01 is the first of several pages
            shots.take(page, "landing")
            mark("landing shown")

            # one page per stage, reached from the landing page in the same tab
            landing.locator(".sedam-stage-link").first.click()
            page.wait_for_url("**/voila/render/01_self_assessment.ipynb")
            # no shared default respondent: the page asks for a name and saves nothing before it
            name_box = page.locator(".sedam-name input")
            expect(name_box).to_be_visible()
            shots.take(page, "stage01_name_prompt", full_page=False)
            assert not (tmp_path / "scratch" / "answers" / "demo" / STAGE / "me.json").exists()
            name_box.fill("me")
            page.locator(".sedam-name-button").click()
            q1 = _buttons(page, Q1)
            expect(q1.first).to_be_visible()
            expect(page.locator(".sedam-client")).to_contain_text("Northwind Home Services")
            expect(page.locator(".sedam-stage")).to_contain_text("Stage 01")
            assert page.locator(".jp-InputArea:visible, .jp-CodeMirrorEditor:visible, .cm-editor:visible").count() == 0, \
                "code is visible in the app"
            you = page.locator(".sedam-score-you")
            expect(you).to_have_text("—")
            progress = page.locator(".sedam-form .widget-hprogress .widget-label, .sedam-form .widget-progress .widget-label")
            expect(progress.first).to_have_text(re.compile(r"^0/\d+$"))
            total = progress.first.inner_text().split("/")[1]
            shots.take(page, "stage01_empty", full_page=False)
            mark("stage page shown")

            # mouse: "5" on Q1 -> this respondent's score is 100, the progress counts it
            q1.nth(4).click()
            expect(q1.nth(4)).to_have_class(re.compile(r"\bmod-active\b"))
            expect(you).to_have_text("100")
            expect(progress.first).to_have_text(f"1/{total}")
            expect(page.locator(".sedam-answered")).to_have_text(f"1/{total}")

            # keyboard: Tab past "Don't know" to Q1's comment, type, Tab to Q2's "1", Space
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            comment = page.locator(f".sedam-comment-{Q1} input")
            expect(comment).to_be_focused()
            page.keyboard.type("Board minutes, March")
            page.keyboard.press("Tab")
            q2 = _buttons(page, Q2)
            expect(q2.first).to_be_focused()
            page.keyboard.press("Space")
            expect(q2.first).to_have_class(re.compile(r"\bmod-active\b"))
            expect(you).not_to_have_text("100")
            expect(progress.first).to_have_text(f"2/{total}")
            expect(page.locator(".sedam-form")).to_contain_text("saved at")  # never a server path in the app
            score_after = you.inner_text()
            assert re.fullmatch(r"\d+", score_after) and 0 < int(score_after) < 100, score_after
            shots.take(page, "stage01_answered", full_page=False)
            mark("answered by mouse and keyboard")

            # the file on disk: the demo's answers copy under the server's scratch folder
            path = tmp_path / "scratch" / "answers" / "demo" / STAGE / "me.json"
            doc = wait_until(lambda: (d := json.loads(path.read_text())) and
                             d.get("comments", {}).get(Q1) == "Board minutes, March" and d,
                             timeout=WAIT_MS / 1000, what=f"the comment in {path}")
            assert doc["answers"] == {Q1: 5, Q2: 1}
            assert doc["respondent"] == "me"
            committed = ROOT / "datasets" / "demo" / "answers" / STAGE
            assert not (committed / "me.json").exists(), "the committed demo data must never change"

            # reload: a new kernel; the same name asks whether it is the same person, then brings the answers back
            page.reload()
            expect(page.locator(".sedam-name input")).to_be_visible()
            page.locator(".sedam-name input").fill("me")
            page.locator(".sedam-name-button").click()
            same = page.get_by_role("button", name="Yes, continue as me")
            expect(same).to_be_visible()
            same.click()
            q1, q2 = _buttons(page, Q1), _buttons(page, Q2)
            expect(q1.nth(4)).to_have_class(re.compile(r"\bmod-active\b"))
            expect(q2.first).to_have_class(re.compile(r"\bmod-active\b"))
            expect(page.locator(f".sedam-comment-{Q1} input")).to_have_value("Board minutes, March")
            expect(progress.first).to_have_text(f"2/{total}")
            expect(you).to_have_text(score_after)
            shots.take(page, "stage01_after_reload")
            mark("reloaded, answers back")

            # the way back to the landing page (which counts answers: tests/test_app.py) keeps the tab
            expect(page.locator(".sedam-home")).to_have_attribute("href", "index.ipynb")


            context.close()
            browser.close()
        assert guard.blocked == [], f"requests that would have left the machine: {guard.blocked}"
        print("screenshots:", shots.dir)


class TestJupyterLab:
    def test_form_answer_survives_kernel_restart(self, tmp_path):
        require_browser_stack("jupyterlab")
        from playwright.sync_api import expect, sync_playwright

        # a copy of the stage notebook: JupyterLab autosaves outputs, the committed notebook stays clean
        root = tmp_path / "notebooks"
        root.mkdir()
        shutil.copy(ROOT / "notebooks" / f"{STAGE}.ipynb", root)
        env = jupyter_env(tmp_path)
        lab_settings(tmp_path / "jupyter_config_dir")
        log = tmp_path / "lab.log"
        server = LabServer(root, env, log)
        print(f"jupyterlab log: {log}")
        shots = Shots("jupyterlab")
        try:
            server.wait(timeout=90)
            with sync_playwright() as pw:
                browser, context, guard, page = open_page(pw)

                page.goto(server.url(f"lab/tree/{STAGE}.ipynb"))
                page.wait_for_function(
                    "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
                    " const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;"
                    " return !!k && k.status === 'idle'; }")
                shots.take(page, "opened", full_page=False)

                # run all cells; the form appears and reads no answers yet
                page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
                q8 = _buttons(page, Q8)
                q8.nth(3).scroll_into_view_if_needed()
                expect(q8.nth(3)).to_be_visible()
                for i in range(6):
                    expect(q8.nth(i)).not_to_have_class(re.compile(r"\bmod-active\b"))

                # answer one item with the mouse: "4"; the status line says where it went
                q8.nth(3).click()
                expect(q8.nth(3)).to_have_class(re.compile(r"\bmod-active\b"))
                expect(page.locator(".sedam-form").first).to_contain_text("saved to")
                path = tmp_path / "scratch" / "answers" / "demo" / STAGE / "me.json"
                wait_until(lambda: json.loads(path.read_text())["answers"].get(Q8) == 4,
                           timeout=WAIT_MS / 1000, what=f"{Q8}=4 in {path}")
                shots.take(page, "answered", full_page=False)

                # restart the kernel and run everything again; the new form shows the saved answer
                page.evaluate("() => document.querySelectorAll('.sedam-form')"
                              ".forEach(e => e.setAttribute('data-stale', '1'))")
                page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
                page.locator(".jp-Dialog .jp-mod-accept").click()
                fresh = _buttons(page.locator(".sedam-form:not([data-stale])"), Q8)
                fresh.nth(3).scroll_into_view_if_needed()
                expect(fresh.nth(3)).to_have_class(re.compile(r"\bmod-active\b"))
                expect(page.locator(".sedam-form[data-stale]")).to_have_count(0)
                shots.take(page, "restored_after_restart", full_page=False)

                context.close()
                browser.close()
            assert json.loads(path.read_text())["answers"] == {Q8: 4}
            assert guard.blocked == [], f"requests that would have left the machine: {guard.blocked}"
            print("screenshots:", shots.dir)
        except BaseException:
            print(log_tail(log))
            raise
        finally:
            server.stop()
