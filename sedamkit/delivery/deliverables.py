"""The deliverables made from a finished report: ``report.docx`` and ``exports/tables.xlsx``.

:func:`build_extras` is called once at the end of :func:`sedamkit.delivery.report.build_report`, after
``report.html`` is written. It works only from that HTML and the run folder's ``exports/``, so whatever
the report shows flows into the Word document and the workbook. A missing optional library (python-docx)
skips its file with one line; the HTML stays the deliverable.
"""
from __future__ import annotations

import re
from pathlib import Path

__all__ = ["build_extras"]


def build_extras(html_path, *, log=print) -> list[Path]:
    """Write ``report.docx`` beside ``html_path`` and ``exports/tables.xlsx`` in its run folder; return
    the files written."""
    from ..core.i18n import normalise_language
    from .workbook import tables_workbook

    html_path = Path(html_path)
    head = html_path.read_text(encoding="utf-8")[:4000]
    m = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z-]+)", head, re.I)
    language = normalise_language(m.group(1) if m else "en")
    made = []
    try:
        from .docx import html_to_docx

        made.append(html_to_docx(html_path))
    except ImportError:
        if log:
            log("report.docx skipped: python-docx is not installed (pip install python-docx).")
    book = tables_workbook(html_path.parent, language)
    if book:
        made.append(book)
    return made
