"""sedam batch writes portfolio.html and portfolio.csv: every client of a batch of the three clients in
datasets/ (and one that cannot start), links that resolve to the reports, the CSV's columns, a strict CSP
that allows only the page's own sorting script; in Chromium the table sorts by a click."""
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest

from sedamkit.delivery.portfolio import CSV_COLUMNS, SCRIPT

CLIENTS = ["demo", "hopitaux-estuaire", "brightlane"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    from conftest import ROOT
    from sedamkit.delivery.cli import main

    base = tmp_path_factory.mktemp("pf")
    for c in CLIENTS:
        shutil.copytree(ROOT / "datasets" / c, base / "clients" / c)
    broken = base / "clients" / "zz-broken"
    shutil.copytree(ROOT / "datasets/demo", broken)
    cfg = broken / "client.yaml"
    cfg.write_text(cfg.read_text().replace("id: demo", "id: zz-broken\ncolor: red"))
    code = main(["batch", str(base / "clients" / "*"), "--out", str(base / "runs"), "--no-pdf", "-q",
                 "--stages", "01,04", "--workers", "2"])
    return base / "runs", code


def test_the_portfolio_lists_every_client_with_links_and_csv_columns(batch):
    runs, code = batch
    assert code == 1                                                     # one client could not start
    html = (runs / "portfolio.html").read_text()
    csv = pd.read_csv(runs / "portfolio.csv")
    assert list(csv.columns) == CSV_COLUMNS
    assert sorted(csv["client"]) == sorted(CLIENTS + ["zz-broken"])
    ok = csv[csv["status"] == "ok"]
    assert sorted(ok["client"]) == sorted(CLIENTS)
    assert csv.set_index("client").loc["zz-broken", "status"] == "invalid"
    assert "CFG002" in csv.set_index("client").loc["zz-broken", "error"]
    assert ok["overall_readiness"].notna().all() and ok["decision"].notna().all()
    assert ok["nps"].notna().any()                                        # stage 04 ran for some
    rows = re.findall(r"<tr class='(ok|bad)'>(.*?)</tr>", html, re.S)
    assert len(rows) == 4 and [k for k, _ in rows].count("bad") == 1
    links = re.findall(r"<a href='([^']+)'>", html)
    assert len(links) == 3
    for link in links:
        target = (runs / unquote(link)).resolve()
        assert target.name == "report.html" and target.is_file()
    for name in ok["name"]:
        assert name.replace("'", "&#x27;") in html
    assert 'src="data:image/png;base64,' in html and "<figcaption>" in html
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "unsafe-eval" not in csp and "script-src 'unsafe-inline'" not in csp
    assert html.count("<script>") == 1 and SCRIPT in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)


def test_the_table_sorts_in_chromium_under_its_csp(batch):
    pytest.importorskip("playwright")
    from browser_support import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.skip("no Chromium")
    runs, _ = batch
    out = Path(__file__).resolve().parents[1] / "test-output" / "deliver"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = b.new_page(viewport={"width": 1200, "height": 900})
        errors, remote = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: remote.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        page.goto((runs / "portfolio.html").as_uri())
        col = "table.sortable tbody tr td:nth-child(4)"
        page.click("table.sortable th:nth-child(4) button")
        up = page.eval_on_selector_all(col, "els => els.map(e => e.getAttribute('data-v'))")
        page.click("table.sortable th:nth-child(4) button")
        down = page.eval_on_selector_all(col, "els => els.map(e => e.getAttribute('data-v'))")
        page.screenshot(path=str(out / "portfolio-test.png"), full_page=True)
        b.close()
    assert errors == [] and remote == []                                  # the script ran: CSP hash matches
    nums = [float(v) for v in up if v]
    assert nums == sorted(nums) and up[-1] == ""                          # a client without a value last
    assert [float(v) for v in down if v] == sorted(nums, reverse=True) and down[-1] == ""
