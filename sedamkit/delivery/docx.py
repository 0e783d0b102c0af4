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
``<table>``                        a grid table, header row (``<th>`` cells) bold and repeated on
                                   every page; its ``<caption>`` a Caption paragraph above it
``<figure><img src="data:…">``     the PNG or JPEG, page wide; ``<figcaption>`` a Caption below;
                                   an image that cannot be embedded becomes its ``alt`` text
=================================  ==========================================================

``<head>``, ``<style>`` and ``<script>`` are left out. The page is A4 (Letter when the HTML's
``@page`` says ``size: letter``) with ``page X of Y`` at the foot in the report's language. The file is
written atomically beside the HTML.
"""
from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["html_to_docx", "parse_html", "Node"]

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP = {"head", "style", "script", "title", "template", "noscript"}
HEADINGS = {"h2": 1, "h3": 2, "h4": 3, "h5": 4, "h6": 5}
INLINE = {"b", "strong", "i", "em", "span", "a", "code", "small", "sup", "sub", "abbr", "time", "mark", "u",
          "label", "br", "q", "cite", "kbd", "samp", "var", "s", "del", "ins"}
#: elements that close an open <p> or <li> of the same kind (HTML's implied end tags, the common ones)
#: characters Word's XML cannot hold (control characters a client text might carry)
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
        return re.sub(r"\s+", " ", "".join(parts)).strip()


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


class _Writer:
    """Walks the tree and writes the document."""

    def __init__(self, doc, width):
        self.doc, self.width = doc, width
        self.figures = 0
        self.tables = 0

    # -- inline content -----------------------------------------------------------------
    def inline(self, para, node, bold=False, italic=False, mono=False):
        for c in node.children:
            if isinstance(c, str):
                text = _XML_BAD.sub("", re.sub(r"\s+", " ", c))
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
        if tag in SKIP:
            return
        if tag == "h1":
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

    def listing(self, n, tag, level):
        base = "List Bullet" if tag == "ul" else "List Number"
        style = base if level <= 1 else f"{base} {min(level, 3)}"
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
        self.tables += 1
        for i, (cells, row) in enumerate(zip(rows, table.rows)):
            # one row's cells, read once: python-docx's table.cell(i, j) rebuilds the whole table's cell
            # list on every call (most of the docx's time on a report with long tables)
            grid = row.cells
            j = 0
            for cell in cells:
                span = _span(cell)
                target = grid[j]
                if span > 1 and j + span - 1 < ncols:
                    target = target.merge(grid[j + span - 1])
                para = target.paragraphs[0]
                self.inline(para, cell, bold=i < header_rows or cell.tag == "th")
                self._tidy(para)
                j += span
            if i < header_rows:  # repeat the header row on every page
                tr_pr = table.rows[i]._tr.get_or_add_trPr()
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                tr_pr.append(el)

    def figure(self, n):
        for img in n.find_all("img"):
            self.image(img)
        cap = next(iter(n.find_all("figcaption")), None)
        if cap is not None and cap.text():
            self.paragraph(cap, style="Caption")

    def image(self, img, para=None):
        data = _decode_image(img.attrs.get("src", ""))
        if data is not None:
            try:
                run = (para or self.doc.add_paragraph()).add_run()
                run.add_picture(io.BytesIO(data), width=self.width)
                self.figures += 1
                return
            except Exception:  # an image python-docx cannot read: keep its text alternative
                pass
        alt = img.attrs.get("alt") or ""
        if alt:
            (para or self.doc.add_paragraph()).add_run(f"[{alt}]").italic = True


def _page_setup(doc, html: str, language: str):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from ..core.i18n import t

    letter = re.search(r"@page[^{]*\{[^}]*size\s*:\s*letter", html, re.I)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = (Mm(215.9), Mm(279.4)) if letter else (Mm(210), Mm(297))
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Mm(18))
    sec.top_margin, sec.bottom_margin = Mm(18), Mm(20)
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
    return sec.page_width - sec.left_margin - sec.right_margin


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
    width = _page_setup(doc, html, language)
    title = next(iter(tree.find_all("title")), None)
    doc.core_properties.title = title.text() if title is not None else ""
    doc.core_properties.language = language
    body = next(iter(tree.find_all("body")), tree)
    _Writer(doc, width).block(body)
    buf = io.BytesIO()
    doc.save(buf)
    return atomic_write_bytes(out, buf.getvalue())
