"""Text from files, shown safely: one escaping helper for HTML and Markdown output, formula
neutralisation for spreadsheet cells, and a small Markdown-to-HTML for the report's prose."""
from __future__ import annotations

import html

__all__ = ["french_spaces", "esc", "md", "md_code", "safe_cell", "safe_table", "write_table_safely", "markdown_html"]


def french_spaces(text, language) -> str:
    """``text`` with no-break spaces where French typography wants them (before ``:`` ``;`` ``?`` ``!`` ``»``,
    after ``«``), so a line never breaks there ("Autoévaluation" / ": nécessité"); other languages unchanged.

    >>> french_spaces("Autoévaluation : nécessité « Adéquation »", "fr") == "Autoévaluation\u00a0: nécessité «\u00a0Adéquation\u00a0»"
    True
    >>> french_spaces("Self-assessment: need", "en")
    'Self-assessment: need'
    """
    import re

    text = "" if text is None else str(text)
    if language != "fr":
        return text
    return re.sub(r"« ", "«\u00a0", re.sub(r" ([:;?!»])", "\u00a0\\1", text))


def esc(x) -> str:
    """Escape any value for HTML text or attributes.

    >>> esc('Acme <img src=x onerror="alert(1)">'), esc(None)
    ('Acme &lt;img src=x onerror=&quot;alert(1)&quot;&gt;', '')
    """
    return html.escape("" if x is None else str(x), quote=True)


#: characters that make Markdown of plain text: emphasis, code, links and images, tables,
#: strikethrough, LaTeX maths in JupyterLab, and the backslash itself
_MD_SPECIAL = "\\`*_[]()!|~$"
_MD_LINE_START = ("#", ">", "-", "+", "=")


def md(x) -> str:
    r"""Escape any value for Markdown text: shown as written, never markup, a link or an image.

    HTML is escaped (Markdown passes raw HTML through), the characters of emphasis, code spans,
    links, images, tables and maths get a backslash, and line breaks become spaces so the text cannot
    start a heading, a list or a quote of its own.

    >>> print(md("Acme <img src=x onerror=alert(1)>"))
    Acme &lt;img src=x onerror=alert\(1\)&gt;
    >>> print(md("[x](javascript:alert(1)) **b** `c` $5 a_b"))
    \[x\]\(javascript:alert\(1\)\) \*\*b\*\* \`c\` \$5 a\_b
    >>> print(md("# title\n- item")), md(None), md(3.5), md("First-time fix rate")
    \# title - item
    (None, '', '3.5', 'First-time fix rate')
    """
    text = " ".join(html.escape("" if x is None else str(x), quote=False).splitlines())
    text = "".join("\\" + c if c in _MD_SPECIAL else c for c in text)
    return "\\" + text if text[:1] in _MD_LINE_START else text


def md_code(x) -> str:
    r"""Any value as a Markdown code span (e.g. a path): no backtick in it can close the span early.

    >>> md_code("/runs/demo"), md_code("a`b")
    ('`/runs/demo`', '`` a`b ``')
    """
    import re

    text = " ".join(("" if x is None else str(x)).splitlines())
    fence = "`" * (max((len(r) for r in re.findall("`+", text)), default=0) + 1)
    pad = " " if len(fence) > 1 or text.startswith(("`", " ")) or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def safe_cell(value):
    """Neutralise spreadsheet formulas in text cells (CSV/XLSX injection).

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("-5 points"), safe_cell(-5), safe_cell("ok")
    ("'=HYPERLINK(1)", "'-5 points", -5, 'ok')
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def safe_table(df):
    """A copy of a table whose text cells and column names are neutralised (:func:`safe_cell`).

    >>> import pandas as pd
    >>> safe_table(pd.DataFrame({"=id": ["=1+1", "ok"], "n": [-1, 2]})).to_dict("list")
    {"'=id": ["'=1+1", 'ok'], 'n': [-1, 2]}
    """
    from pandas.api.types import is_object_dtype, is_string_dtype

    clean = df.copy()
    for col in clean.columns:
        if is_object_dtype(clean[col]) or is_string_dtype(clean[col]) or str(clean[col].dtype) == "category":
            clean[col] = clean[col].astype(object).map(safe_cell)
    clean.columns = [safe_cell(str(c)) for c in clean.columns]
    return clean


def write_table_safely(df, path, *, excel: bool = False, **to_csv):
    """Write a table as CSV (or XLSX with ``excel=True``) with every formula neutralised; atomic.

    The one writer for tables people open in a spreadsheet: the report's exports and ``sedam class``.
    ``to_csv`` options (``index``, ``float_format``…) pass on to pandas.

    >>> import pandas as pd, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> print(write_table_safely(pd.DataFrame({"a": ["=cmd", "@x"]}), out, index=False).read_text(), end="")
    a
    '=cmd
    '@x
    """
    import io
    from pathlib import Path

    from .fileio import atomic_write_bytes, atomic_write_text

    clean = safe_table(df)
    path = Path(path)
    if excel:
        buf = io.BytesIO()
        clean.to_excel(buf, **{"index": False, **to_csv})
        atomic_write_bytes(path, buf.getvalue())
        return path
    atomic_write_text(path, clean.to_csv(**{"index": False, **to_csv}))
    return path


def markdown_html(text: str) -> str:
    r"""A small, safe Markdown subset to HTML: headings, bullet and numbered lists, **bold**.

    The text is escaped first, so nothing in it can become markup of its own. Text escaped with
    :func:`md` reads as written: its backslash escapes and entities become the plain characters.

    >>> markdown_html("## Next\n- **Fix** <it>")
    '<h3>Next</h3>\n<ul><li><b>Fix</b> &lt;it&gt;</li></ul>'
    >>> markdown_html("- **" + md("a*b* <img src=x>") + "**")
    '<ul><li><b>a*b* &lt;img src=x&gt;</b></li></ul>'
    >>> markdown_html(md("# not a heading"))
    '<p># not a heading</p>'
    """
    import re

    out, open_list, kept = [], None, []
    for raw in text.splitlines():
        # md()'s escapes: entities back to characters, backslash-escaped characters kept aside
        raw = re.sub(r"\\([!-/:-@\[-`{-~])", lambda m: kept.append(m.group(1)) or f"\x00{len(kept) - 1}\x00",
                     html.unescape(raw))
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
    html_text = "\n".join(out).replace("<ul>\n<li>", "<ul><li>").replace("</li>\n</ul>", "</li></ul>")
    return re.sub("\x00(\\d+)\x00", lambda m: esc(kept[int(m.group(1))]), html_text)
