"""Text from files, shown safely: one escaping helper for HTML and Markdown output, formula
neutralisation for spreadsheet cells, and a small Markdown-to-HTML for the report's prose."""
from __future__ import annotations

import html

__all__ = ["esc", "safe_cell", "markdown_html"]


def esc(x) -> str:
    """Escape any value for HTML text or attributes."""
    return html.escape("" if x is None else str(x), quote=True)


def safe_cell(value):
    """Neutralise spreadsheet formulas in text cells (CSV/XLSX injection).

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("-5 points"), safe_cell(-5), safe_cell("ok")
    ("'=HYPERLINK(1)", "'-5 points", -5, 'ok')
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def markdown_html(text: str) -> str:
    r"""A small, safe Markdown subset to HTML: headings, bullet and numbered lists, **bold**.

    The text is escaped first, so nothing in it can become markup of its own.

    >>> markdown_html("## Next\n- **Fix** <it>")
    '<h3>Next</h3>\n<ul><li><b>Fix</b> &lt;it&gt;</li></ul>'
    """
    import re

    out, open_list = [], None
    for raw in text.splitlines():
        line = esc(raw.rstrip())
        line = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", line)
        m_head = re.match(r"^(#{1,4})\s+(.*)$", line)
        m_item = re.match(r"^\s*(?:[-*]|(\d+)\.)\s+(.*)$", line)
        kind = "ol" if m_item and m_item.group(1) else "ul" if m_item else None
        if open_list and kind != open_list:
            out.append(f"</{open_list}>")
            open_list = None
        if m_head:
            level = min(len(m_head.group(1)) + 1, 5)
            out.append(f"<h{level}>{m_head.group(2)}</h{level}>")
        elif m_item:
            if not open_list:
                out.append(f"<{kind}>")
                open_list = kind
            out.append(f"<li>{m_item.group(2)}</li>")
        elif line.strip():
            out.append(f"<p>{line}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    return "\n".join(out).replace("<ul>\n<li>", "<ul><li>").replace("</li>\n</ul>", "</li></ul>")
