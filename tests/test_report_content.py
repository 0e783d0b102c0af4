"""What a client reads in the report: no ids or internal values, French complete, a summary a manager
reads in two minutes, one line for missing input, a cover and contents, respondents as pseudonyms, the
statistics of #17 as plain tables; and a full-page screenshot of every report (test-output/report/).

Each client of datasets/ is run once per test session in English and in French (a copy of the client
folder with ``language`` switched); the tests then read and re-render those runs."""
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from sedamkit.delivery import report as rep
from sedamkit.delivery.report_text import visible_text

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = ("demo", "hopitaux-estuaire", "brightlane")
CASES = [(c, lang) for c in CLIENTS for lang in ("en", "fr")]
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
BOOL = re.compile(r"\bTrue\b|\bFalse\b")
CODE = re.compile(r"[A-Z]{2,5}\d{3}")


def _client_copy(base: Path, cid: str, lang: str) -> Path:
    dst = base / "clients" / f"{cid}-{lang}"
    shutil.copytree(ROOT / "datasets" / cid, dst)
    cfg = dst / "client.yaml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(re.sub(r"(?m)^language: \w+", f"language: {lang}", text), encoding="utf-8")
    return dst


@pytest.fixture(scope="session")
def report_runs(tmp_path_factory):
    """``{(client, language): run folder}``: every client of datasets/ run once in each language."""
    from sedamkit import runner

    base = tmp_path_factory.mktemp("report-runs")
    runs = {}
    for cid, lang in CASES:
        client = _client_copy(base, cid, lang)
        runs[(cid, lang)] = runner.run_client(client, runs_root=base / "runs" / lang, progress=False, log=None, pdf=False)
    return runs


def _text(run: Path) -> tuple[str, list[str]]:
    return visible_text((run / "report.html").read_text(encoding="utf-8"))


def _rerender(run: Path, tmp_path: Path, edit_client=None, edit_manifest=None) -> str:
    """The report of a copy of ``run`` whose client folder (and manifest) were changed first."""
    new = tmp_path / "run"
    shutil.copytree(run, new)
    man = json.loads((new / "run.json").read_text())
    client = tmp_path / "client"
    shutil.copytree(man["client_dir"], client)
    if edit_client:
        cfg = yaml.safe_load((client / "client.yaml").read_text(encoding="utf-8"))
        edit_client(cfg, client)
        (client / "client.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    man["client_dir"] = str(client)
    if edit_manifest:
        edit_manifest(man, new)
    (new / "run.json").write_text(json.dumps(man))
    return rep.build_report(new, pdf=False).read_text(encoding="utf-8")


# ------------------------------------------------------------------ 1. no ids, codes or internal values
@pytest.mark.parametrize("cid, lang", CASES)
def test_no_id_code_boolean_or_backtick_in_the_visible_report(report_runs, cid, lang):
    text, alts = _text(report_runs[(cid, lang)])
    for where, t in (("text", text), ("alt texts", " | ".join(alts))):
        assert not SNAKE.findall(t), (where, sorted(set(SNAKE.findall(t)))[:20])
        assert not BOOL.findall(t), where
        assert not CODE.findall(t), (where, sorted(set(CODE.findall(t))))
        assert "`" not in t, where
        assert "(s)" not in t, "no '(s)' plurals"
        assert not re.search(r"\bnan\b|\bNone\b", t), where
    assert not re.search(r"by [-−]\d", text), "no arithmetic prose such as 'drops by -1.66'"
    assert "client.yaml" not in text and "data: {" not in text, "no panel tells the client to edit YAML"
    assert all(alts), "every image has a text alternative"


# ------------------------------------------------------------------ 2. French complete
@pytest.mark.parametrize("cid", CLIENTS)
def test_french_report_holds_no_english_fixed_text_and_writes_french_numbers(report_runs, cid):
    from sedamkit.core.i18n import catalogue

    run = report_runs[(cid, "fr")]
    ctx = rep._context(run)
    html = rep.render(ctx)
    text, alts = visible_text(html)
    plain = (text + " " + " ".join(alts)).replace("\u00a0", " ").replace("\u202f", " ")
    cat, leaks = catalogue(), []
    assert len(ctx.used_keys) > 100
    for key in sorted(ctx.used_keys):
        en, fr = cat[key]["en"], cat[key]["fr"]
        for frag in re.split(r"\{[^}]*\}", en):
            frag = frag.strip(" .,;:()—")
            if en != fr and len(frag) >= 10 and " " in frag and frag not in fr and frag in plain:
                leaks.append((key, frag))
    assert not leaks, leaks[:10]
    cells = re.findall(r"<td class='num'>([^<]*)</td>", html)
    assert cells and not [c for c in cells if re.search(r"\d\.\d", c)], "numbers use the decimal comma"
    assert any(re.search(r"\d,\d", c) for c in cells)
    assert re.search(r"\d\u202f\d{3}", html), "thousands are split by a narrow no-break space"
    assert not re.search(r"\S[:;?!](?= )", text.replace("://", "")), "a no-break space before : ; ? !"
    assert not re.search(r" [:;?!](?= )", text), "the space before : ; ? ! does not break"


# ------------------------------------------------------------------ 3. summary and missing input
@pytest.mark.parametrize("cid, lang", [("demo", "en"), ("hopitaux-estuaire", "fr"), ("brightlane", "en")])
def test_summary_gives_the_decision_its_reasons_and_what_to_do_next(report_runs, cid, lang):
    html = (report_runs[(cid, lang)] / "report.html").read_text(encoding="utf-8")
    summary = html[html.index('<section id="summary">'):]
    summary = summary[:summary.index("</section>")]
    assert summary.count("class='decision'") == 1
    assert "<ul>" in summary and "<ol>" in summary, "reasons, then what to do next"
    text, _ = visible_text(summary)
    assert "—." not in text and "Next actions: —" not in text
    words = len(text.split())
    assert words < 450, f"the summary is read in two minutes ({words} words)"


def test_a_skipped_stage_and_missing_inputs_say_so_in_one_line(report_runs):
    text, _ = _text(report_runs[("hopitaux-estuaire", "en")])
    assert "Continuous improvement: not in this run, because none of its inputs was supplied" in text
    assert "Not in this run" not in text
    assert text.count("Left out for want of data: the Kano classification (needs a Kano survey); the journey map") == 1
    bright, _ = _text(report_runs[("brightlane", "en")])
    assert bright.count("Left out for want of data: the journey map") == 1 and "No Kano survey" not in bright
    assert text.count("No approach has been rated yet") == 1
    assert "not rated" not in text
    html = (report_runs[("hopitaux-estuaire", "en")] / "report.html").read_text(encoding="utf-8")
    assert "06_impact_effort" not in html and "Emotion curve" not in html


def test_a_failed_stage_says_it_failed_and_where_its_notebook_is(report_runs, tmp_path):
    def fail_05(man, run):
        (run / "results" / "05_evaluation.json").unlink()
        for s in man["stages"]:
            if s["stage"] == "05_evaluation":
                s["status"] = "failed"
    html = _rerender(report_runs[("demo", "en")], tmp_path, edit_manifest=fail_05)
    text, _ = visible_text(html)
    assert "Evaluation: the stage failed; its executed notebook is notebooks/05_evaluation.ipynb in the run folder." in text
    assert "5. Evaluation" not in text and "6. Continuous improvement" in text
    assert str(tmp_path) not in text, "the notebook's place is relative to the run folder"


# ------------------------------------------------------------------ 4. cover, contents, print
def test_cover_contents_and_a4_by_default(report_runs):
    html = (report_runs[("demo", "en")] / "report.html").read_text(encoding="utf-8")
    cover = html[html.index("<header class='cover'>"):html.index("</header>")]
    text, _ = visible_text(cover)
    for part in ("Northwind Home Services", "Assessment date", "Prepared for", "Dana Whitfield", "Confidential"):
        assert part in text
    assert "Prepared by" not in text, "no prepared_by setting, no line"
    toc = re.findall(r"<li><a href='#([^']+)'>", html)
    assert toc[0] == "summary" and toc[-1] == "about" and len(toc) == 8
    assert all(f"id='{a}'" in html or f'id="{a}"' in html for a in toc), "every contents link has its section"
    assert "@page{size:A4" in html and 'data-paper="a4"' in html
    assert "break-after:avoid" in html and "break-before:page" in html and "td.num{white-space:nowrap" in html


def test_logo_prepared_by_letter_paper_and_a_custom_mark(report_runs, tmp_path):
    png = (report_runs[("demo", "en")] / "figures" / "02_timeline.png").read_bytes()

    def edit(cfg, folder):
        (folder / "logo.png").write_bytes(png)
        cfg.update(prepared_by="Example Consulting", report={"paper": "letter", "confidentiality": "Board only"})
    html = _rerender(report_runs[("demo", "en")], tmp_path, edit_client=edit)
    assert "<img class='logo' src='data:image/png;base64," in html
    text, alts = visible_text(html)
    assert "Prepared by" in text and "Example Consulting" in text and "Board only" in text
    assert "Logo of Northwind Home Services" in alts
    assert "@page{size:letter" in html and 'data-paper="letter"' in html


def test_no_confidentiality_mark_when_the_client_says_false(report_runs, tmp_path):
    html = _rerender(report_runs[("brightlane", "en")], tmp_path,
                     edit_client=lambda cfg, _: cfg.update(report={"confidentiality": False}))
    assert "Confidential" not in visible_text(html)[0] and 'data-confidentiality=""' in html


@pytest.mark.parametrize("name, content, code", [
    ("missing.png", None, "RPT001"),
    ("logo.png", b"not a picture", "RPT002"),
    ("logo.gif", b"GIF89a", "RPT002"),
    ("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024 + 1), "RPT003"),
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "RPT004"),
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><image href='https://evil.example/x.png'/></svg>", "RPT004"),
])
def test_a_bad_logo_is_a_coded_problem(tmp_path, name, content, code):
    from sedamkit.core.errors import SedamError
    from sedamkit.core.logo import logo_data_uri, logo_problems

    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    probs = logo_problems(path)
    assert [p.code for p in probs.items] == [code]
    with pytest.raises(SedamError, match=code):
        logo_data_uri(path)


def test_validate_reports_a_bad_logo_before_a_run(tmp_path):
    from sedamkit.core.config import validate_client_config

    (tmp_path / "logo.svg").write_text("<svg onload='x()'></svg>")
    cfg = {"name": "Acme", "id": "acme", "report": {"paper": "a5"}}
    codes = [p.code for p in validate_client_config(cfg, "client.yaml", tmp_path).items]
    assert "RPT004" in codes and "CFG002" in codes, codes
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><rect width='4' height='4'/></svg>")
    assert not validate_client_config({"name": "Acme", "id": "acme", "report": {"paper": "letter"}},
                                      "client.yaml", tmp_path).items


# ------------------------------------------------------------------ 5. respondents
def test_respondents_are_pseudonyms_by_default_in_text_and_figure(report_runs):
    run = report_runs[("brightlane", "en")]
    text, alts = _text(run)
    heat = [a for a in alts if a.startswith("Heat map")]
    assert heat and "Respondent A" in heat[0]
    for person in ("Grace Okafor", "grace-okafor", "Ken Watanabe", "ken-watanabe"):
        assert person not in text and person not in " ".join(alts)
    nb = json.loads((run / "notebooks" / "01_necessity_feasibility.ipynb").read_text())
    src = "".join("".join(c["source"]) for c in nb["cells"])
    assert "sk.respondents.labels(" in src and "labels=labels" in src, "the figure uses the shared labels"


def test_the_heat_map_figure_draws_the_labels_it_is_given():
    import matplotlib
    import pandas as pd

    matplotlib.use("Agg")
    from sedamkit.core.respondents import labels
    from sedamkit.methods.plots import respondent_heatmap

    by = pd.DataFrame({"respondent": ["ann", "bob"], "area": ["a", "a"], "score": [40.0, 60.0]})
    areas = pd.DataFrame({"area": ["a"], "title": ["Area"], "consensus": [True]})
    docs = [{"respondent": "ann", "role": "CFO", "name": "Ann"}, {"respondent": "bob", "name": "Bob"}]
    ax = respondent_heatmap(by, areas, labels=labels(["ann", "bob"], docs, {"report": {"respondents": "roles"}}))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["CFO", "Respondent A"]
    assert labels(["ann", "bob"], docs, {"report": {"respondents": "names"}}) == {"ann": "Ann", "bob": "Bob"}
    assert labels(["ann", "bob"], docs, {}, "fr") == {"ann": "Répondant A", "bob": "Répondant B"}


def test_names_are_shown_only_when_the_client_asks(report_runs, tmp_path):
    html = _rerender(report_runs[("brightlane", "en")], tmp_path,
                     edit_client=lambda cfg, _: cfg.update(report={"respondents": "names"}))
    assert "Grace Okafor" in " ".join(visible_text(html)[1])


# ------------------------------------------------------------------ 6. the #17 keys
def test_tests_of_regions_periods_delight_delivery_and_last_cycle_are_plain_tables(report_runs):
    html = (report_runs[("demo", "en")] / "report.html").read_text(encoding="utf-8")
    text, _ = visible_text(html)
    for caption in ("Differences between regions, Q4 2025", "Signs of delight beside satisfaction",
                    "KPI changes between periods, tested", "Phases: status, deliverables and spend against budget",
                    "Last cycle's actions: the KPI each targets, before and after"):
        assert caption in text
    for test_name in ("Welch's t-test", "Newcombe interval and two-proportion z-test", "NPS difference with its variance"):
        assert test_name in text
    assert "real difference (after Holm's correction)" in text and "may be noise" in text
    assert "Very satisfied (highest CSAT answer)" in text and "€41,500" in text and "worked" in text
    fr, _ = _text(report_runs[("demo", "fr")])
    assert "différence réelle (après correction de Holm)" in fr and "test t de Welch" in fr and "41\u202f500\u00a0€" in fr


def test_one_rendering_per_value(report_runs):
    text, _ = _text(report_runs[("demo", "en")])
    d1 = json.loads((report_runs[("demo", "en")] / "results" / "01_necessity_feasibility.json").read_text())["data"]
    overall = d1["overall"]
    assert f"{round(overall)} / 100" in text
    assert f"{overall:.2f}" not in text and f"{round(overall)}/100" not in text


# ------------------------------------------------------------------ 7. screenshots
@pytest.mark.browser
def test_screenshot_of_every_report(report_runs):
    from browser_support import RequestGuard, launch, require_browser_stack

    require_browser_stack()
    from playwright.sync_api import sync_playwright

    out = ROOT / "test-output" / "report"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for (cid, lang), run in sorted(report_runs.items()):
                context = browser.new_context(viewport={"width": 1100, "height": 900})
                guard = RequestGuard(context)
                page = context.new_page()
                page.set_content((run / "report.html").read_text(encoding="utf-8"), wait_until="load")
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{cid}-{lang}: the page is {overflow}px wider than the window"
                wide = page.evaluate("""[...document.querySelectorAll('table')].filter(
                    t => t.getBoundingClientRect().right > document.querySelector('main').getBoundingClientRect().right + 1).length""")
                assert wide == 0, f"{cid}-{lang}: {wide} tables overflow the page"
                shot = out / f"{cid}-{lang}.png"
                page.screenshot(path=str(shot), full_page=True)
                print("screenshot:", shot)
                assert not guard.blocked, guard.blocked
                context.close()
        finally:
            browser.close()
