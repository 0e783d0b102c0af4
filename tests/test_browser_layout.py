"""Browser tests of the workshop page layout and of names already in use: Playwright in Debian's Chromium,
offline (every request a page makes is checked, see tests/browser_support.py).

- The live panel never covers the answer buttons of the focused question: beside the form from 1100 px
  wide, below that a short bar pinned to the bottom (title and the two scores) with a button that opens
  the rest. Checked with bounding boxes at 1280×800 and 390×844; screenshots at 390, 1024, 1280, 1366
  and 1440 px wide (``test-output/app/layout/``).
- A typed name that already has answers is asked about ("is it you?") on the landing page and on a stage
  page; a blank name on the landing page gets a message.
"""
from __future__ import annotations

import re

import pytest

from browser_support import WAIT_MS, require_browser_stack, stopped_after
from test_browser_workshop import PAGE, Q1, Shots, Workshop, _answer, _buttons, _context, _start_as

pytestmark = pytest.mark.browser

WIDTHS = ((390, 844), (1024, 768), (1280, 800), (1366, 768), (1440, 900))
ITEMS = 6  # the first questions, focused one after the other


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    require_browser_stack("voila")
    w = Workshop(tmp_path_factory.mktemp("layout"))
    with stopped_after(w):
        w.ready()
        yield w


@pytest.fixture(scope="module")
def browser():
    require_browser_stack("voila")
    from playwright.sync_api import sync_playwright

    from browser_support import launch

    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


def _overlap(a, b) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def _panel(page):
    return page.locator(".sedam-form > .widget-output").last


def _check_focused_questions(page, width, height):
    """Focus the first answer of each of the first questions (as Tab does): its buttons are in view and
    the live panel covers none of them."""
    items = page.locator(".sedam-form .sedam-item")
    panel = _panel(page)
    for n in range(ITEMS):
        buttons = items.nth(n).locator(".widget-toggle-buttons button")
        buttons.first.focus()
        page.wait_for_timeout(50)  # the focus scroll
        p = panel.bounding_box()
        for k in range(buttons.count()):
            b = buttons.nth(k).bounding_box()
            assert b["y"] >= 0 and b["y"] + b["height"] <= height, f"{width}: question {n + 1} not in view ({b})"
            assert not _overlap(p, b), f"{width}×{height}: the panel {p} covers question {n + 1}'s button {b}"


def test_the_live_panel_never_covers_the_focused_question(demo, browser):
    from playwright.sync_api import expect

    shots = Shots("layout")
    for width, height in WIDTHS:
        context, guard, page = _context(browser, width=width, height=height)
        page.goto(demo.server.page_url(PAGE, respondent=f"Layout {width}"))
        expect(_buttons(page, Q1).first).to_be_visible()
        _answer(page, Q1, 3)
        expect(page.locator(".sedam-answered")).to_have_text(re.compile(r"^1/"))
        panel = _panel(page)
        shots.take(page, f"start_{width}", full_page=False)
        box = panel.bounding_box()
        form = page.locator(".sedam-form .sedam-item").first.bounding_box()
        if width >= 1100:  # beside the form, the whole panel in view, the chart at its drawn size
            assert box["x"] >= form["x"] + form["width"], f"{width}: the panel is not beside the form"
            assert box["y"] >= 0 and box["y"] + box["height"] <= height
            expect(page.locator(".sedam-live-chart")).to_be_visible()
            assert page.locator(".sedam-live-chart").evaluate("e => e.getBoundingClientRect().width") >= 371
            expect(page.locator(".sedam-live-toggle")).to_be_hidden()
            header = page.locator(".sedam-header").bounding_box()
            assert header["x"] + header["width"] <= box["x"], f"{width}: the panel covers the page's title"
        else:  # a short bar at the bottom: the title and the scores, the chart behind a button
            assert box["y"] + box["height"] == pytest.approx(height, abs=2) and box["height"] <= 0.2 * height, box
            expect(page.locator(".sedam-score-team")).to_be_visible()
            expect(page.locator(".sedam-live-chart")).to_be_hidden()
            toggle = page.locator(".sedam-live-toggle")
            expect(toggle).to_have_text(re.compile("Show the scores"))
            expect(toggle).to_have_attribute("aria-expanded", "false")
        if (width, height) in ((1280, 800), (390, 844)):
            _check_focused_questions(page, width, height)
            shots.take(page, f"focused_{width}", full_page=False)
        if width < 1100:  # opened, it shows the chart; closed again, the bar is short again
            toggle = page.locator(".sedam-live-toggle")
            toggle.click()
            expect(page.locator(".sedam-live-chart")).to_be_visible()
            expect(toggle).to_have_attribute("aria-expanded", "true")
            expect(toggle).to_have_text(re.compile("Hide the scores"))
            b = _buttons(page, Q1).nth(1)  # a redraw of the panel keeps it open (answered by keyboard: the
            b.focus()                      # opened panel may lie over the question, as asked)
            page.keyboard.press("Space")
            expect(b).to_have_class(re.compile(r"\bmod-active\b"))
            page.wait_for_timeout(300)
            expect(page.locator(".sedam-live-chart")).to_be_visible()
            shots.take(page, f"opened_{width}", full_page=False)
            toggle.click()
            expect(page.locator(".sedam-live-chart")).to_be_hidden()
        page.locator(".sedam-form .sedam-item:visible").last.scroll_into_view_if_needed()
        shots.take(page, f"end_{width}", full_page=False)
        context.close()
        assert guard.blocked == []


def test_the_landing_table_fits_a_phone(demo, browser):
    from playwright.sync_api import expect

    shots = Shots("layout_index")
    context, guard, page = _context(browser, width=390, height=844)
    page.goto(demo.server.page_url("index", respondent="Anne Marie", language="fr"))
    table = page.locator(".sedam-stages")
    expect(table).to_be_visible()
    head = page.locator(".sedam-stages th").last
    expect(head).to_have_text("Répondants")
    box = head.bounding_box()
    wrap = page.locator(".sedam-stages-wrap").bounding_box()
    assert box["x"] + box["width"] <= min(390, wrap["x"] + wrap["width"]) + 0.5, f"the Respondents column is cut off ({box})"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    shots.take(page, "index_phone", full_page=False)
    context.close()
    assert guard.blocked == []


def test_a_name_with_answers_is_asked_about_and_a_blank_one_is_told(demo, browser):
    from playwright.sync_api import expect

    shots = Shots("name_taken")
    first, guard1, page = _context(browser, width=1280, height=800)
    page.goto(demo.server.page_url(PAGE))
    _start_as(page, "Marie Dupont")
    _answer(page, Q1, 4)
    expect(page.locator(".sedam-answered")).to_have_text(re.compile(r"^1/"))
    first.close()
    # a second Marie types the same name on the landing page
    second, guard2, page = _context(browser, width=390, height=844)
    page.goto(demo.server.page_url("index"))
    page.locator(".sedam-landing input[name=respondent]").fill("Marie Dupont")
    page.locator(".sedam-landing button[type=submit]").click()
    asked = page.locator(".sedam-name-taken")
    expect(asked).to_contain_text("This name already has answers: is it you?")
    expect(asked).to_contain_text("add an initial")
    assert "respondent" not in (page.locator(".sedam-stage-link").first.get_attribute("href") or "")
    assert "typed" not in page.url  # a reload does not ask again
    shots.take(page, "index_asks", full_page=False)
    page.locator(".sedam-name-taken input[name=respondent]").fill("Marie D.")
    page.locator(".sedam-name-taken button[type=submit]").click()
    expect(page.locator(".sedam-landing b.sedam-respondent")).to_have_text("Marie D.")
    expect(page.locator(".sedam-name-taken")).to_have_count(0)
    # the first Marie, back later, says it is her
    page.goto(demo.server.page_url("index"))
    page.locator(".sedam-landing input[name=respondent]").fill("Marie Dupont")
    page.locator(".sedam-landing button[type=submit]").click()
    page.locator(".sedam-name-same").click()
    expect(page.locator(".sedam-landing b.sedam-respondent")).to_have_text("Marie Dupont")
    assert "respondent=Marie" in page.locator(".sedam-stage-link").first.get_attribute("href")
    # a blank name: a message, not the same page again
    page.goto(demo.server.page_url("index"))
    page.locator(".sedam-landing input[name=respondent]").fill("   ")
    page.locator(".sedam-landing button[type=submit]").click()
    expect(page.locator(".sedam-name-blank")).to_contain_text("Type your name first")
    shots.take(page, "index_blank", full_page=False)
    # on a stage page: the same question, with a button for each answer
    page.goto(demo.server.page_url(PAGE))
    box = page.locator(".sedam-name input")
    box.fill("Marie Dupont")
    page.locator(".sedam-name-button").click()
    expect(page.locator(".sedam-name-taken")).to_contain_text("This name already has answers: is it you?")
    expect(_buttons(page, Q1)).to_have_count(0)
    shots.take(page, "stage_asks", full_page=False)
    page.locator(".sedam-name-other").click()
    expect(box).to_have_value("")
    box.fill("Marie D")
    page.locator(".sedam-name-button").click()
    expect(_buttons(page, Q1).first).to_be_visible()
    expect(page.locator(".sedam-answered")).to_have_text(re.compile(r"^0/"))  # her own, empty answers
    page.goto(demo.server.page_url(PAGE))
    page.locator(".sedam-name input").fill("Marie Dupont")
    page.locator(".sedam-name-button").click()
    page.locator(".sedam-name-same").click()
    expect(page.locator(".sedam-answered")).to_have_text(re.compile(r"^1/"))  # the first Marie's answer
    second.close()
    assert guard1.blocked == [] and guard2.blocked == []
