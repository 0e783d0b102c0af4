"""The report's style sheet: screen and print (A4 by default, US Letter by ``report: {paper: letter}``).

Print rules: each section starts on a new page, headings and captions stay with what follows them
(``break-after: avoid``), figures and table rows are not split, numbers and dates never wrap.

Hooks for the PDF engine (page numbers, running header): the ``@page`` rule has the paper size and
margins; ``<body data-paper="a4|letter" data-confidentiality="...">`` and ``<html lang>`` carry the
settings; every section is a ``<section class="report-section" data-title="...">``, and the
confidentiality mark is repeated in ``<p class="print-mark">`` (shown only in print).
"""
from __future__ import annotations

__all__ = ["PAPERS", "css", "text_colour"]

#: CSS page sizes by the client's ``report.paper`` setting
PAPERS = {"a4": "A4", "letter": "letter"}

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#1a1a1a;line-height:1.45}
.cover{padding:40px 32px 32px;color:var(--fg);background:var(--brand)}
.cover .logo{max-height:72px;max-width:260px;display:block;margin-bottom:18px;background:#fff;padding:6px;border-radius:4px}
.cover h1{margin:0 0 6px 0;font-size:2em} .cover .subtitle{margin:0 0 18px 0;font-size:1.1em}
.cover dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
.cover dt{font-weight:600} .cover dd{margin:0}
.cover .mark{margin:18px 0 0 0;font-weight:700;text-transform:uppercase;letter-spacing:.06em;font-size:.85em}
main{max-width:980px;margin:0 auto;padding:8px 32px 48px}
nav.contents ol{columns:2;padding-left:0;list-style:none} nav.contents a{color:inherit}
section{margin-top:28px;border-top:3px solid var(--brand);padding-top:8px}
h2{font-size:1.35em} h3{font-size:1.08em;margin:18px 0 6px}
table{border-collapse:collapse;margin:12px 0;font-size:.88em;width:100%;table-layout:auto}
caption{text-align:left;font-weight:600;padding:4px 0;caption-side:top}
th,td{border:1px solid #bbb;padding:4px 7px;text-align:left;vertical-align:top;overflow-wrap:break-word;hyphens:auto}
td.num{white-space:nowrap;text-align:right;overflow-wrap:normal} th{background:#f0f0f0}
figure{margin:12px 0} figure img{max-width:100%;height:auto;display:block} figcaption{font-size:.85em;color:#444}
.summary .decision{font-size:1.12em} .summary li{margin:4px 0} .muted{color:#555;font-size:.85em}
.missing{color:#444;font-style:italic;border-left:3px solid #bbb;padding-left:8px}
.print-mark{display:none}
@page{size:PAPER;margin:16mm 14mm 18mm}
@media print{
 .cover{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 main{max-width:none;padding:0 4mm}
 section.report-section{break-before:page;border-top:none}
 h1,h2,h3,caption,figcaption{break-after:avoid;page-break-after:avoid}
 figure,tr,img{break-inside:avoid;page-break-inside:avoid}
 thead{display:table-header-group;break-after:avoid} tbody tr:first-child{break-before:avoid}
 table{break-before:auto} caption{break-after:avoid}
 .print-mark{display:block;font-size:.75em;color:#555;text-align:right;margin:0}
 nav.contents a{text-decoration:none}
}
"""


def css(paper: str | None = "a4") -> str:
    """The style sheet for ``paper`` (``a4`` or ``letter``; anything else is A4)."""
    return _CSS.replace("PAPER", PAPERS.get(str(paper or "a4").lower(), "A4"))


def text_colour(hex_colour: str) -> str:
    """Black or white, whichever contrasts more with the brand colour (WCAG relative luminance).

    >>> text_colour("#0072B2"), text_colour("#F0E442")
    ('#ffffff', '#000000')
    """
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"
