"""``report.docx``: the finished ``report.html`` converted to a Word document a consultant can edit.

The conversion reads the HTML with the standard library's :mod:`html.parser` into a small tree and
writes it with python-docx, element by element, so whatever the report holds flows into the document
with no layout written per section:

=================================  ==========================================================
HTML                               Word
=================================  ==========================================================
``<h1>``                           the document title
``<h2>`` / ``<h3>`` / ``<h4>``     Heading 1 / 2 / 3
``<p>``, text in a block           a paragraph; ``<b>``/``<strong>`` bold, ``<i>``/``<em>``
                                   italic, ``<code>`` monospace, ``<br>`` a line break
``<ul>`` / ``<ol>`` ``<li>``       List Bullet / List Number (nested lists one level deeper)
``<table>``                        a grid table as wide as the text, in a smaller type; each
                                   column as wide as its text asks (never narrower than its longest
                                   word when the page allows it); header row (``<th>`` cells) bold,
                                   shaded and repeated on every page; rows never split across pages;
                                   a short table kept on one page, a long one never leaving its last
                                   row alone; its ``<caption>`` a Caption paragraph kept with the table
``<figure><img src="data:…">``     the PNG or JPEG, centred, at most the text's width and about
                                   three fifths of its height (so the caption fits below it);
                                   ``<figcaption>`` a Caption; an image that cannot be embedded
                                   becomes its ``alt`` text
``<dl>`` ``<dt>`` ``<dd>``         one paragraph per term: **term :** value
``<nav>`` list                     the contents, one plain ``List`` paragraph per entry (the
                                   entries carry their own numbers)
``<header class="cover">``         the cover, alone on the first page; its confidentiality mark
                                   (``<p class="mark">``) left out when the page header prints it
``<section class=report-section>`` a stage section, starting on a new page (as the printed HTML)
=================================  ==========================================================

``<head>``, ``<style>``, ``<script>`` and the print-only mark (``.print-mark``) are left out; the
confidentiality mark (``<body data-confidentiality>``) is in the page header instead. The page is A4
(Letter when the HTML's ``@page`` says ``size: letter``) with ``page X of Y`` at the foot in the report's
language; the text is Arial (Liberation Sans where Arial is not installed). The file is written atomically
beside the HTML.
"""
from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["html_to_docx", "parse_html", "Node", "column_widths", "header_mark"]

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP = {"head", "style", "script", "title", "template", "noscript"}
HEADINGS = {"h2": 1, "h3": 2, "h4": 3, "h5": 4, "h6": 5}
INLINE = {"b", "strong", "i", "em", "span", "a", "code", "small", "sup", "sub", "abbr", "time", "mark", "u",
          "label", "br", "q", "cite", "kbd", "samp", "var", "s", "del", "ins"}
#: elements that close an open <p> or <li> of the same kind (HTML's implied end tags, the common ones)
#: characters Word's XML cannot hold (control characters a client text might carry)
#: HTML's collapsible white space — not the no-break spaces French numbers and colons carry
_SPACE = re.compile(r"[ \t\n\r\f]+")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_AUTO_CLOSE = {"p": {"p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "figure", "section"},
               "li": {"li"}, "tr": {"tr"}, "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}}


class Node:
    """An element of the parsed HTML: ``tag``, ``attrs`` (dict) and ``children`` (Nodes and strings)."""

    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs=None, parent=None):
        self.tag, self.attrs, self.children, self.parent = tag, dict(attrs or {}), [], parent

    def find_all(self, tag: str):
        """Every descendant element named ``tag``, in document order."""
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag:
                    yield c
                yield from c.find_all(tag)

    def text(self) -> str:
        """The text inside, whitespace collapsed."""
        parts = []

        def walk(n):
            for c in n.children:
                if isinstance(c, str):
                    parts.append(c)
                elif c.tag == "br":
                    parts.append(" ")
                elif c.tag not in SKIP:
                    walk(c)
        walk(self)
        return _SPACE.sub(" ", "".join(parts)).strip(" ")


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        for open_tag, closers in _AUTO_CLOSE.items():
            if tag in closers and self._open(open_tag, stop={"table", "ul", "ol"} - {tag}):
                self._close(open_tag)
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def _open(self, tag, stop=()):
        n = self.cur
        while n is not None and n.tag != "#root":
            if n.tag == tag:
                return True
            if n.tag in stop:
                return False
            n = n.parent
        return False

    def _close(self, tag):
        n = self.cur
        while n is not None and n.tag != "#root" and n.tag != tag:
            n = n.parent
        if n is not None and n.tag == tag:
            self.cur = n.parent

    def handle_endtag(self, tag):
        if tag not in VOID and self._open(tag):
            self._close(tag)

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(html: str) -> Node:
    """The HTML as a tree of :class:`Node` (root tag ``#root``).

    >>> t = parse_html("<p>a <b>b</b><p>c</p><ul><li>x<li>y</ul>")
    >>> [n.text() for n in t.find_all("p")], [n.text() for n in t.find_all("li")]
    (['a b', 'c'], ['x', 'y'])
    """
    b = _TreeBuilder()
    b.feed(html)
    b.close()
    return b.root


def _span(cell) -> int:
    """A cell's ``colspan`` (1 when absent or not a whole number)."""
    try:
        return max(1, min(64, int(cell.attrs.get("colspan") or 1)))
    except ValueError:
        return 1


def _decode_image(src: str) -> bytes | None:
    m = re.match(r"data:image/(png|jpe?g|gif|bmp);base64,(.*)", src or "", re.S | re.I)
    if not m:
        return None
    try:
        return base64.b64decode(m.group(2))
    except ValueError:
        return None


def _add_field(run, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) inside ``run``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


#: Type sizes (points) of the body text and of table cells, and the share of the text height a figure may take.
BODY_PT, TABLE_PT, FIGURE_HEIGHT = 10, 8.5, 0.6


def _classes(node) -> set:
    return set(str(node.attrs.get("class") or "").split())


def column_widths(rows, ncols: int, total: int, font_pt: float = TABLE_PT) -> list[int]:
    """Widths (EMU, summing to ``total``) of a table's ``ncols`` columns from their text: each column gets
    at least its longest word (up to 18 characters) and then a share of what is left in proportion to
    the room its longest cell asks for (up to 50 characters); a colspan cell counts for no column.

    >>> from sedamkit.delivery.docx import parse_html
    >>> t = parse_html("<table><tr><td>a</td><td>a much longer text in this column</td></tr></table>")
    >>> w = column_widths([list(t.find_all("td"))], 2, 1000)
    >>> sum(w), w[0] < w[1]
    (1000, True)
    """
    char, pad = font_pt * 0.62 * 12700, 2 * 0.1 * 914400  # EMU per character (bold allowed for), cell padding
    longest, need = [1] * ncols, [1] * ncols
    for cells in rows:
        j = 0
        for c in cells:
            span = _span(c)
            if span == 1 and j < ncols:
                text = c.text()
                # a no-break space holds a word together ("38 000 €"), as it does on the page
                longest[j] = max(longest[j], max((len(w) for w in _SPACE.split(text)), default=1))
                need[j] = max(need[j], len(text))
            j += span
    mins = [min(n, 18) * char + pad for n in longest]
    wants = [max(m, min(n, 50) * char + pad) for m, n in zip(mins, need)]
    if sum(wants) <= total:
        widths = [w * total / sum(wants) for w in wants]
    elif sum(mins) >= total:
        widths = [m * total / sum(mins) for m in mins]
    else:
        room = total - sum(mins)
        extra = [w - m for w, m in zip(wants, mins)]
        widths = [m + e * room / sum(extra) for m, e in zip(mins, extra)]
    out = [int(w) for w in widths]
    out[-1] += total - sum(out)
    return out


def _same_mark(a: str, b: str) -> bool:
    """Whether two confidentiality marks say the same (case and spacing aside)."""
    return _SPACE.sub(" ", a).strip().casefold() == _SPACE.sub(" ", b).strip().casefold()


class _Writer:
    """Walks the tree and writes the document."""

    def __init__(self, doc, width, height=None, language="en", mark=""):
        self.doc, self.width, self.height, self.language = doc, width, height, language
        self.mark, self.in_cover = mark, False   # the page header's confidentiality mark
        self.figures = 0
        self.tables = 0
        self.sections = 0

    # -- inline content -----------------------------------------------------------------
    def inline(self, para, node, bold=False, italic=False, mono=False):
        for c in node.children:
            if isinstance(c, str):
                text = _XML_BAD.sub("", _SPACE.sub(" ", c))
                if text:
                    run = para.add_run(text)
                    run.bold, run.italic = bold or None, italic or None
                    if mono:
                        run.font.name = "Consolas"
            elif c.tag == "br":
                para.add_run().add_break()
            elif c.tag in SKIP:
                continue
            elif c.tag == "img":
                self.image(c, para=para)
            else:
                self.inline(para, c, bold or c.tag in ("b", "strong", "th"), italic or c.tag in ("i", "em"),
                            mono or c.tag in ("code", "kbd", "samp"))

    @staticmethod
    def _tidy(para):
        """Strip the spaces HTML layout leaves at a paragraph's start and end."""
        runs = [r for r in para.runs if r.text]
        if runs:
            runs[0].text = runs[0].text.lstrip()
            runs[-1].text = runs[-1].text.rstrip()

    def paragraph(self, node, style=None):
        para = self.doc.add_paragraph(style=style)
        self.inline(para, node)
        self._tidy(para)
        return para

    # -- blocks -------------------------------------------------------------------------
    def block(self, node, list_level=0):
        pending = Node("#inline")
        for c in node.children:
            if isinstance(c, str) or c.tag in INLINE:
                pending.children.append(c)
                continue
            self._flush(pending)
            pending = Node("#inline")
            self.element(c, list_level)
        self._flush(pending)

    def _flush(self, pending):
        if pending.text():
            self.paragraph(pending)

    def element(self, n, list_level=0):
        tag = n.tag
        if tag in SKIP or "print-mark" in _classes(n):
            return
        if self.in_cover and "mark" in _classes(n) and self.mark and _same_mark(n.text(), self.mark):
            return  # the page header already prints it on the cover: once is enough
        if tag == "section" and "report-section" in _classes(n):
            self.sections += 1
            self._page_break()
            self.block(n, list_level)
        elif tag == "header" and "cover" in _classes(n):
            self.in_cover = True
            self.block(n, list_level)
            self.in_cover = False
            self._page_break()
        elif tag == "dl":
            self.definitions(n)
        elif tag == "nav":
            for lst in (c for c in n.children if isinstance(c, Node)):
                if lst.tag in ("ul", "ol"):
                    self.listing(lst, lst.tag, list_level + 1, style="List")
                else:
                    self.element(lst, list_level)
        elif tag == "h1":
            self.doc.add_heading(_XML_BAD.sub("", n.text()), level=0)
        elif tag in HEADINGS:
            h = self.doc.add_heading(level=HEADINGS[tag])
            self.inline(h, n)
            self._tidy(h)
        elif tag == "p":
            if n.text() or list(n.find_all("img")):
                self.paragraph(n)
        elif tag in ("ul", "ol"):
            self.listing(n, tag, list_level + 1)
        elif tag == "table":
            self.table(n)
        elif tag == "figure":
            self.figure(n)
        elif tag == "img":
            self.image(n)
        elif tag == "hr":
            self.doc.add_paragraph()
        else:  # header, main, section, div, article, nav, footer, details, #root...
            self.block(n, list_level)

    def _page_break(self):
        from docx.enum.text import WD_BREAK

        body = self.doc.paragraphs
        if body and not body[-1].text.strip() and not body[-1].runs:
            para = body[-1]  # an empty paragraph already at the end: break in it
        else:
            para = self.doc.add_paragraph()
        para.add_run().add_break(WD_BREAK.PAGE)

    def definitions(self, n):
        """``<dl>``: one paragraph per ``<dt>``, the term bold, then its ``<dd>`` values."""
        from ..core.i18n import t

        para = None
        for c in n.children:
            if not isinstance(c, Node):
                continue
            if c.tag == "dt":
                para = self.doc.add_paragraph()
                self.inline(para, c, bold=True)
                self._tidy(para)
                para.add_run(t("pages.colon", self.language) + " ").bold = True
            elif c.tag == "dd":
                if para is None:
                    para = self.doc.add_paragraph()
                self.inline(para, c)
                self._tidy(para)

    def listing(self, n, tag, level, style=None):
        base = "List Bullet" if tag == "ul" else "List Number"
        style = style or (base if level <= 1 else f"{base} {min(level, 3)}")
        for li in n.children:
            if not isinstance(li, Node) or li.tag != "li":
                continue
            inline = Node("#inline")
            inline.children = [c for c in li.children if isinstance(c, str) or c.tag in INLINE]
            para = self.doc.add_paragraph(style=style)
            self.inline(para, inline)
            self._tidy(para)
            for c in li.children:
                if isinstance(c, Node) and c.tag not in INLINE:
                    self.element(c, level)

    def table(self, n):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        rows, header_rows = [], 0
        for tr in n.find_all("tr"):
            cells = [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]
            if not cells:
                continue
            rows.append(cells)
            in_head = tr.parent is not None and tr.parent.tag == "thead"
            if (in_head or all(c.tag == "th" for c in cells)) and header_rows == len(rows) - 1:
                header_rows += 1
        caption = next((c for c in n.children if isinstance(c, Node) and c.tag == "caption"), None)
        if caption is not None and caption.text():
            self.paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
        if not rows:
            return
        ncols = max(sum(_span(c) for c in r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=ncols)
        table.style = "Table Grid"
        table.autofit = False
        self.tables += 1
        widths = column_widths(rows, ncols, int(self.width))
        for col, wd in zip(table.columns, widths):
            col.width = wd
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        table._tbl.tblPr.append(layout)
        for i, (cells, row) in enumerate(zip(rows, table.rows)):
            # one row's cells, read once: python-docx's table.cell(i, j) rebuilds the whole table's cell
            # list on every call (most of the docx's time on a report with long tables)
            grid = row.cells
            for cell_, wd in zip(grid, widths):
                cell_.width = wd
            j = 0
            for cell in cells:
                span = _span(cell)
                target = grid[j]
                if span > 1 and j + span - 1 < ncols:
                    target = target.merge(grid[j + span - 1])
                para = target.paragraphs[0]
                para.style = "Table Text"
                self.inline(para, cell, bold=i < header_rows or cell.tag == "th")
                self._tidy(para)
                if i < header_rows:
                    shade = OxmlElement("w:shd")
                    for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "E8EEF4")):
                        shade.set(qn(k), v)
                    target._tc.get_or_add_tcPr().append(shade)
                j += span
            tr_pr = row._tr.get_or_add_trPr()
            keep = OxmlElement("w:cantSplit")  # a row is never cut across two pages
            keep.set(qn("w:val"), "true")
            tr_pr.append(keep)
            if i < header_rows:  # repeat the header row on every page
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                tr_pr.append(el)
        _keep_rows_together(table, header_rows)
        self.doc.add_paragraph().paragraph_format.space_after = 0  # a table never touches what follows

    def figure(self, n):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        cap = next(iter(n.find_all("figcaption")), None)
        for img in n.find_all("img"):
            para = self.doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.keep_with_next = cap is not None and bool(cap.text())
            self.image(img, para=para)
        if cap is not None and cap.text():
            self.paragraph(cap, style="Caption")

    def image(self, img, para=None):
        data = _decode_image(img.attrs.get("src", ""))
        if data is not None:
            try:
                run = (para or self.doc.add_paragraph()).add_run()
                run.add_picture(io.BytesIO(data), **self._size(data))
                self.figures += 1
                return
            except Exception:  # an image python-docx cannot read: keep its text alternative
                pass
        alt = img.attrs.get("alt") or ""
        if alt:
            (para or self.doc.add_paragraph()).add_run(f"[{alt}]").italic = True


    def _size(self, data: bytes) -> dict:
        """``width`` (and ``height``) of a picture: the text's width, less when that would make it taller
        than :data:`FIGURE_HEIGHT` of the text's height."""
        from docx.image.image import Image

        try:
            img = Image.from_blob(data)
            aspect = img.px_height / img.px_width
        except Exception:  # not an image python-docx can read: add_picture reports it
            return {"width": self.width}
        width = self.width
        if self.height and width * aspect > self.height * FIGURE_HEIGHT:
            width = int(self.height * FIGURE_HEIGHT / aspect)
        return {"width": width, "height": int(width * aspect)}


#: A table of at most this many rows (header included) is kept on one page when it fits there.
SHORT_TABLE_ROWS = 15


def _keep_rows_together(table, header_rows: int) -> None:
    """Rows that never part: a short table (:data:`SHORT_TABLE_ROWS`) moves to the next page as a whole
    rather than split; a longer one keeps its header with its first row and its last row with the one
    before (no row printed alone at the top of a page). "Keep with next" on a row's paragraphs is how Word
    and LibreOffice hold a row to the next one; the last row's own setting is left as it is.
    """
    rows = list(table.rows)
    n = len(rows)
    if n < 2:
        return
    if n <= SHORT_TABLE_ROWS:
        held = range(n - 1)
    else:
        held = sorted(set(range(min(header_rows + 1, n - 1))) | {n - 2})
    for i in held:
        for cell in rows[i].cells:
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = True


def _styles(doc):
    """Arial body text and headings, and the smaller ``Table Text`` style of table cells."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def font(style, size=None):
        style.font.name = "Arial"
        rpr = style.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(rfonts)
        for k in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(k), "Arial")
        for k in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(k), None)
        if size:
            style.font.size = Pt(size)

    font(doc.styles["Normal"], BODY_PT)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption"):
        try:
            font(doc.styles[name])
        except KeyError:
            continue
    table = doc.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table.base_style = doc.styles["Normal"]
    font(table, TABLE_PT)
    table.paragraph_format.space_after = Pt(0)
    table.paragraph_format.space_before = Pt(0)
    table.paragraph_format.line_spacing = 1.0


def header_mark(html: str) -> str:
    """The confidentiality mark the page header carries (``<body data-confidentiality>``), "" for none.

    >>> header_mark('<body data-confidentiality="Confidentiel &amp; interne">'), header_mark("<body>")
    ('Confidentiel & interne', '')
    """
    from html import unescape

    m = re.search(r"<body[^>]*\bdata-confidentiality\s*=\s*[\"']([^\"']*)[\"']", html, re.I)
    return _XML_BAD.sub("", unescape(m.group(1).strip())) if m else ""


def _page_setup(doc, html: str, language: str):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from ..core.i18n import t

    letter = (re.search(r"@page[^{]*\{[^}]*size\s*:\s*letter", html, re.I)
              or re.search(r"<body[^>]*\bdata-paper\s*=\s*[\"']?letter", html, re.I))
    sec = doc.sections[0]
    sec.page_width, sec.page_height = (Mm(215.9), Mm(279.4)) if letter else (Mm(210), Mm(297))
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Mm(18))
    sec.top_margin, sec.bottom_margin = Mm(18), Mm(20)
    mark = header_mark(html)
    if mark:
        head = sec.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        head.add_run(mark.upper()).font.size = Pt(7.5)
    para = sec.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    template = t("deliver.pdf.page_of", language, page="\x00page\x00", pages="\x00pages\x00")
    for piece in re.split(r"(\x00pages?\x00)", template):
        if piece == "\x00page\x00":
            _add_field(para.add_run(), "PAGE")
        elif piece == "\x00pages\x00":
            _add_field(para.add_run(), "NUMPAGES")
        elif piece:
            para.add_run(piece)
    return (sec.page_width - sec.left_margin - sec.right_margin,
            sec.page_height - sec.top_margin - sec.bottom_margin)


def html_to_docx(html_path, docx_path=None) -> Path:
    """Convert ``html_path`` (the finished report) to ``docx_path`` (default: beside it, ``.docx``).

    Returns the path written. Raises ImportError when python-docx is not installed.
    """
    import docx

    from ..core.fileio import atomic_write_bytes
    from ..core.i18n import normalise_language

    html_path = Path(html_path)
    out = Path(docx_path) if docx_path else html_path.with_suffix(".docx")
    html = html_path.read_text(encoding="utf-8")
    tree = parse_html(html)
    lang_m = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z-]+)", html[:4000], re.I)
    language = normalise_language(lang_m.group(1) if lang_m else "en")
    doc = docx.Document()
    _styles(doc)
    width, height = _page_setup(doc, html, language)
    title = next(iter(tree.find_all("title")), None)
    doc.core_properties.title = title.text() if title is not None else ""
    doc.core_properties.language = language
    body = next(iter(tree.find_all("body")), tree)
    _Writer(doc, width, height, language, mark=header_mark(html)).block(body)
    buf = io.BytesIO()
    doc.save(buf)
    return atomic_write_bytes(out, buf.getvalue())
