"""report.docx and exports/tables.xlsx on real runs (the demo, and the sparse French client): every <h2>
of the HTML is a heading, every table has its rows, every figure is embedded; the workbook holds every
exported table with readable, unique sheet names and neutralised formulas."""
import re

import pandas as pd
import pytest

from sedamkit.delivery.docx import html_to_docx, parse_html
from sedamkit.delivery.workbook import sheet_names, tables_workbook

docx = pytest.importorskip("docx")


@pytest.fixture(scope="module", params=["demo", "hopitaux-estuaire"])
def run(request, tmp_path_factory):
    from conftest import ROOT
    from sedamkit.delivery import runner

    base = tmp_path_factory.mktemp(request.param)
    return runner.run_client(ROOT / "datasets" / request.param, runs_root=base / "runs", progress=False, log=None,
                             pdf=False)


def test_the_docx_holds_every_heading_table_and_figure(run):
    html = (run / "report.html").read_text(encoding="utf-8")
    out = run / "report.docx"
    assert out.is_file() and not list(run.glob(".report.docx*"))   # written by build_report, atomically
    d = docx.Document(out)
    tree = parse_html(html)
    h2 = [h.text() for h in tree.find_all("h2")]
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert h2 and headings == h2
    html_tables = list(tree.find_all("table"))
    assert len(d.tables) == len(html_tables)
    for t_html, t_doc in zip(html_tables, d.tables):
        assert len(t_doc.rows) == len(list(t_html.find_all("tr")))
        header = t_doc.rows[0].cells[0].paragraphs[0].runs
        assert header and all(r.bold for r in header)                  # header row bold
    n_img = len(re.findall(r'<img [^>]*src="data:image/png', html))
    assert n_img and len(d.inline_shapes) == n_img
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert len(captions) >= len(list(tree.find_all("figcaption")))
    bullets = [p for p in d.paragraphs if p.style.name.startswith("List")]
    assert len(bullets) == len(list(tree.find_all("li")))
    lang = re.search(r'<html lang="(\w+)"', html).group(1)
    footer = d.sections[0].footer.paragraphs[0]
    assert ("sur" if lang == "fr" else "of") in footer.text and "NUMPAGES" in footer._p.xml
    assert abs(d.sections[0].page_width.mm - 210) < 0.5                # A4


def test_the_workbook_holds_every_exported_table(run):
    book = run / "exports" / "tables.xlsx"
    assert book.is_file()
    csvs = sorted((run / "exports").glob("*.csv"))
    sheets = pd.read_excel(book, sheet_name=None)
    names = list(sheets)
    assert len(names) == len(csvs) + 1                                  # a contents sheet first
    assert len({n.lower() for n in names}) == len(names) and all(len(n) <= 31 for n in names)
    assert all("_" not in n for n in names)                             # readable names, not file ids
    contents = sheets[names[0]]
    assert contents.iloc[:, 1].tolist() == [f"exports/{c.name}" for c in csvs]
    for csv, name in zip(csvs, names[1:]):
        assert len(sheets[name]) == len(pd.read_csv(csv)), name


def test_the_workbook_neutralises_formulas_and_names_long_or_odd_sheets(tmp_path):
    ex = tmp_path / "exports"
    ex.mkdir()
    pd.DataFrame({"who": ["=cmd|' /C calc'!A0", "@SUM(A1)", "fine"], "n": [1, -2, 3]}).to_csv(ex / "evil.csv",
                                                                                              index=False)
    pd.DataFrame({"a": [1]}).to_csv(ex / ("x" * 40 + ".csv"), index=False)
    pd.DataFrame({"a": [2]}).to_csv(ex / ("x" * 40 + "y.csv"), index=False)
    book = tables_workbook(tmp_path, "fr")
    sheets = pd.read_excel(book, sheet_name=None)
    assert list(sheets)[0] == "Sommaire"
    assert sheets["Evil"]["who"].tolist()[:2] == ["'=cmd|' /C calc'!A0", "'@SUM(A1)"]
    assert sheets["Evil"]["n"].tolist() == [1, -2, 3]                   # numbers stay numbers
    assert all(len(n) <= 31 for n in sheets) and len(set(sheets)) == 4
    assert tables_workbook(tmp_path / "nothing") is None
    assert sheet_names(["a:b", "a*b"]) == ["A b", "A b (2)"]


def test_docx_converter_on_hand_written_html(tmp_path):
    page = tmp_path / "r.html"
    page.write_text("""<!DOCTYPE html><html lang="en"><head><title>T</title><style>p{color:red}</style></head>
<body><header><h1>Client &amp; Co\x01</h1><p>sub\x02</p></header><h2>One <span>(x)</span></h2>
<p>Plain <b>bold</b> and <i>it</i><br>next</p><ul><li>a<ul><li>a1</li></ul></li><li>b</li></ul>
<table><caption>Cap</caption><thead><tr><th>h1</th><th>h2</th></tr></thead>
<tbody><tr><td colspan="2">wide</td></tr><tr><td colspan="x">odd</td><td>z</td></tr><tr><td>1</td><td>2</td></tr></tbody></table>
<figure><img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="an svg chart"><figcaption>Fig</figcaption></figure>
</body></html>""", encoding="utf-8")
    d = docx.Document(html_to_docx(page))
    texts = [(p.style.name, p.text) for p in d.paragraphs]
    assert ("Title", "Client & Co") in texts and ("Normal", "sub") in texts      # control characters dropped
    assert ("Title", "Client & Co") in texts and ("Heading 1", "One (x)") in texts
    assert ("List Bullet 2", "a1") in texts and ("Caption", "Cap") in texts and ("Caption", "Fig") in texts
    assert any(t == "[an svg chart]" for _, t in texts)                 # an image Word cannot hold: its text
    assert not any("color:red" in t for _, t in texts)
    assert len(d.tables[0].rows) == 4 and d.tables[0].cell(1, 0).text == "wide"
