"""report.docx as a consultant opens it (issue #14): converted to PDF by LibreOffice, its pages are the
report's paper (A4, or US Letter with ``report: {paper: letter}``), every section heading of the HTML is in
the PDF's text, no table is wider than the text and no figure taller than the page allows. The pages are
left as PNGs in test-output/docx/ to look at.

LibreOffice (``soffice``, Debian's ``libreoffice-writer-nogui``) and poppler's ``pdftotext``/``pdfinfo``
are needed for the PDF checks; without them those tests are skipped with the reason."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sedamkit.delivery.docx import FIGURE_HEIGHT, html_to_docx, parse_html

docx = pytest.importorskip("docx")
pytestmark = pytest.mark.notebook

OUT = Path(__file__).resolve().parents[1] / "test-output" / "docx"
TOOLS = ("soffice", "pdftotext", "pdfinfo")
needs_office = pytest.mark.skipif(
    not all(shutil.which(x) for x in TOOLS),
    reason="LibreOffice or poppler not installed (apt-get install libreoffice-writer-nogui poppler-utils): "
           "the docx is not converted to PDF here")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A run of the sparse French client (its report.html and report.docx)."""
    from conftest import ROOT
    from sedamkit.delivery import runner

    base = tmp_path_factory.mktemp("docx-pdf")
    return runner.run_client(ROOT / "datasets" / "hopitaux-estuaire", runs_root=base / "runs", progress=False,
                             log=None, pdf=False)


def _letter(run, tmp_path) -> Path:
    """The run's report.html as the report writes it for ``paper: letter``."""
    html = (run / "report.html").read_text(encoding="utf-8")
    html = re.sub(r"size:\s*A4", "size:letter", html).replace('data-paper="a4"', 'data-paper="letter"')
    page = tmp_path / "letter.html"
    page.write_text(html, encoding="utf-8")
    return html_to_docx(page)


def _to_pdf(docx_path: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
                   check=True, capture_output=True, timeout=240, env={**os.environ, "HOME": str(home)})
    pdf = tmp_path / (docx_path.stem + ".pdf")
    assert pdf.is_file()
    return pdf


def _page_size_mm(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    return w / 72 * 25.4, h / 72 * 25.4


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


@needs_office
@pytest.mark.parametrize("paper, size_mm", [("a4", (210, 297)), ("letter", (215.9, 279.4))])
def test_the_docx_prints_on_the_reports_paper_with_every_heading(run, tmp_path, paper, size_mm):
    out = run / "report.docx" if paper == "a4" else _letter(run, tmp_path)
    pdf = _to_pdf(out, tmp_path)
    w, h = _page_size_mm(pdf)
    assert abs(w - size_mm[0]) < 1 and abs(h - size_mm[1]) < 1, (paper, w, h)
    text = _words(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                                 text=True).stdout)
    flat = _words(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout)
    tree = parse_html((run / "report.html").read_text(encoding="utf-8"))
    headings = [x.text() for tag in ("h1", "h2", "h3") for x in tree.find_all(tag)]
    assert len(headings) > 8
    missing = [x for x in headings if _words(x) not in text and _words(x) not in flat]
    assert not missing, missing
    assert not re.search(r"<[A-Za-z/!]|&[A-Za-z#][A-Za-z0-9]*;", flat)             # no raw markup
    if paper == "a4":
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob("hopitaux-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(OUT / "hopitaux")], check=False)


def test_tables_fit_the_text_width_and_figures_the_page(run):
    d = docx.Document(run / "report.docx")
    sec = d.sections[0]
    width = sec.page_width - sec.left_margin - sec.right_margin
    height = sec.page_height - sec.top_margin - sec.bottom_margin
    assert d.tables
    for table in d.tables:
        grid = table._tbl.tblGrid.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol")
        total = sum(int(g.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w")) for g in grid)
        assert abs(total * 635 - width) <= 635 * len(grid) + 12700, (total * 635, width)   # twips -> EMU
        assert 'w:type="fixed"' in table._tbl.xml and "w:cantSplit" in table._tbl.xml
    assert d.inline_shapes
    for shape in d.inline_shapes:
        assert shape.width <= width + 1 and shape.height <= height * FIGURE_HEIGHT + 12700


def test_the_cover_mark_and_contents_read_as_in_the_report(run):
    d = docx.Document(run / "report.docx")
    html = (run / "report.html").read_text(encoding="utf-8")
    mark = re.search(r'data-confidentiality="([^"]+)"', html).group(1)
    assert mark.upper() in d.sections[0].header.paragraphs[0].text
    texts = [p.text for p in d.paragraphs]
    assert texts.count(mark) <= 1                               # the print-only mark is not repeated
    contents = [p for p in d.paragraphs if p.style.name == "List"]
    assert contents and contents[1].text.startswith("1. ")     # the entries' own numbers, no second number
    dl = next(p.text for p in d.paragraphs if p.text.startswith("Secteur"))
    assert re.match(r"Secteur\s:\s\S", dl), dl                   # one paragraph: term, French colon, value
    assert sum(1 for p in d.paragraphs if 'w:type="page"' in p._p.xml) >= 6     # the cover and each section


def _page_texts(pdf: Path) -> list[str]:
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split("\f")


@needs_office
def test_the_cover_shows_its_confidentiality_mark_once(run, tmp_path):
    html = (run / "report.html").read_text(encoding="utf-8")
    mark = re.search(r'data-confidentiality="([^"]+)"', html).group(1)
    d = docx.Document(run / "report.docx")
    assert d.sections[0].header.paragraphs[0].text == mark.upper()             # on every page, the cover too
    cover = []
    for p in d.paragraphs:
        if 'w:type="page"' in p._p.xml:
            break
        cover.append(p.text.strip().casefold())
    assert mark.casefold() not in cover, cover                                  # not a second time below the dates
    first = _page_texts(_to_pdf(run / "report.docx", tmp_path))[0]
    assert len(re.findall(re.escape(mark), first, flags=re.I)) == 1, first


def test_table_rows_hold_to_the_next_so_no_row_is_left_alone(run):
    from sedamkit.delivery.docx import SHORT_TABLE_ROWS

    d = docx.Document(run / "report.docx")

    def held(row):
        return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)

    for table in d.tables:
        rows = list(table.rows)
        if len(rows) < 2:
            continue
        assert not held(rows[-1])                                               # the table ends; what follows is free
        if len(rows) <= SHORT_TABLE_ROWS:
            assert all(held(r) for r in rows[:-1])                              # a short table moves as a whole
        else:
            assert held(rows[0]) and held(rows[-2])                             # header with a row; last row not alone


@needs_office
def test_no_short_table_is_split_and_no_last_row_stands_alone(tmp_path):
    """Tables placed at every height of a page: LibreOffice moves a short table whole to the next page rather
    than split it, and never prints a long table's last row alone at the top of a page (both happened)."""
    shorts = list(range(20, 62, 2))                         # filler lines before a 4-row table
    longs = [(k, n) for k in (14, 16) for n in range(24, 40)]   # filler lines, rows of a long table
    table = "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody>{}</tbody></table>"
    parts = [f"<section class='report-section'><h2>S {k}</h2>" + "".join(f"<p>filler {i}</p>" for i in range(k))
             + table.format("".join(f"<tr><td>S{k}R{r}</td><td>x</td></tr>" for r in range(4))) + "</section>"
             for k in shorts]
    parts += [f"<section class='report-section'><h2>L {k} {n}</h2>" + "".join(f"<p>filler {i}</p>" for i in range(k))
              + table.format("".join(f"<tr><td>L{k}x{n}R{r}</td><td>y</td></tr>" for r in range(n))) + "</section>"
              for k, n in longs]
    page = tmp_path / "tables.html"
    page.write_text("<html lang='en'><body><main>" + "".join(parts) + "</main></body></html>", encoding="utf-8")
    pages = _page_texts(_to_pdf(html_to_docx(page), tmp_path))
    where = {m: i for i, text in enumerate(pages) for m in re.findall(r"\b([SL][\dx]+R\d+)\b", text)}
    split = [k for k in shorts if len({where.get(f"S{k}R{r}") for r in range(4)}) != 1]
    alone = [(k, n) for k, n in longs if where.get(f"L{k}x{n}R{n - 1}") != where.get(f"L{k}x{n}R{n - 2}")]
    assert not split and not alone, (split, alone)
