"""The consolidated client report: one self-contained HTML file per run, ready to hand to a client.

``build_report(run_dir)`` reads the stage results of a run (``results/*.json``), its figures and the
client config, and writes ``report.html``:

1. a **cover** (client name and logo, assessment date, prepared for / by, confidentiality mark) and a
   **contents** list linking every section (:mod:`.report_front`);
2. an **executive summary** a manager reads in two minutes: the decision, its reasons (one line per
   stage), what to do next, and one line per stage that is not in the report (left out and what it
   needs, or failed and where its executed notebook is);
3. one **section per stage** that ran, from the stage's ``report.py`` (found through the stage
   registry, so a new stage adds its section without touching this module);
4. a short **about** part (software version, run, questionnaire overlays).

What a reader sees holds no id, code, snake_case name or True/False: ids become names from the
questionnaires, the catalogues and the plan, in the client's language (:mod:`sedamkit.core.names`); every
number, percentage, amount and date is written once, one way, by :mod:`sedamkit.core.numfmt`; a part
whose input is missing says in one line what is missing. French reports get French spacing before
``: ; ? !`` (:mod:`.report_text`). Respondents are shown as pseudonyms unless the client's
``report: {respondents: roles | names}`` asks otherwise (:mod:`sedamkit.core.respondents`).

- Figures and the logo are embedded as data URIs; the file makes no external request.
- Every figure has a text alternative built from the data it shows.
- Every piece of client-provided text is escaped (:func:`~sedamkit.core.text.esc`).
- The HTML is plain (h1–h3, p, ul/ol/li, table with thead/tbody, figure/img/figcaption) so that it can
  be converted to other formats.
- Print: A4 by default, US Letter with ``report: {paper: letter}``; each section starts a page (see
  :mod:`.report_style` for the hooks a PDF engine can use).
- Tables are also exported as CSV and XLSX under ``exports/``, with cells that a spreadsheet would run
  as a formula neutralised by a leading apostrophe.
- ``report.pdf`` is printed offline with WeasyPrint when it is installed (:mod:`.pdf`), with
  ``report.docx`` and ``exports/tables.xlsx`` beside it (:mod:`.deliverables`).
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..core.fileio import atomic_write_text
from ..core.text import esc, markdown_html, safe_cell
from .pdf import chromium, html_to_pdf  # noqa: F401 — chromium: kept where callers import it
from .report_context import ReportContext, export_table

__all__ = ["build_report", "build_pdf", "safe_cell", "export_table", "summary_items", "esc", "markdown_html",
           "ReportContext"]


def _sections(ctx: "ReportContext"):
    """``(stage, summary lines, html)`` for every stage with a result and a report section."""
    from ..stages import STAGES

    for st in STAGES:
        if st.id in ctx.results and st.report:
            lines, body = st.call("report", ctx)
            yield st, lines, body


def summary_items(ctx: ReportContext) -> list[str]:
    """The executive summary's lines of every stage section, as HTML."""
    return [line[1] if isinstance(line, tuple) else line for _, lines, _ in _sections(ctx) for line in lines]


def _overlay_lines(manifest: dict, tr) -> str:
    """One line per questionnaire overlay the run used (name, version, file), for the about part."""
    over = manifest.get("questionnaires") or {}
    from .report_names import humanise

    lines = [tr("report.overlay", spec=humanise(sid), name=o.get("name", ""), version=o.get("version", ""), file=o.get("file", ""))
             for sid, o in over.items() if isinstance(o, dict)]
    return "".join(f"<p class='muted overlay'>{esc(x)}</p>" for x in lines)


def _context(run_dir: Path) -> ReportContext:
    """The run's manifest, client config and results, read once."""
    from ..core.results import read_result
    from ..stages import STAGES

    from .runner import read_manifest, run_state

    manifest = read_manifest(run_dir)  # RUN006 when broken
    if manifest.get("status"):
        manifest["status"] = run_state(manifest)  # a run whose process is gone shows as interrupted
    client = {}
    if manifest.get("client_dir") and (Path(manifest["client_dir"]) / "client.yaml").is_file():
        from ..core.config import load_client

        client = load_client(manifest["client_dir"])
    results = {}
    for s in STAGES:
        try:
            results[s.id] = read_result(run_dir, s.id)
        except Exception:
            continue
    # a run made in a non-English edition keeps its language (runner._run_language); else the client's, as it is now
    lang = manifest.get("edition_language") or client.get("language") or \
        (manifest.get("parameters") or {}).get("language") or "en"
    return ReportContext(run_dir, client, results, manifest, language=lang)


def render(ctx: ReportContext) -> str:
    """The report's HTML for a context (what :func:`build_report` writes)."""
    import re

    from .report_front import confidentiality, contents, cover, executive_summary, not_in_report
    from .report_style import css, text_colour
    from .report_text import french_spacing

    tr, manifest = ctx.tr, ctx.manifest
    name = ctx.client.get("name") or manifest.get("client") or tr("report.client")
    colour = ctx.client.get("colour", "#0072B2")
    colour = colour if re.fullmatch(r"#[0-9a-fA-F]{6}", str(colour)) else "#0072B2"
    rep = ctx.client.get("report") if isinstance(ctx.client.get("report"), dict) else {}
    paper = rep.get("paper", "a4")
    summary, sections, toc = [], [], [("summary", tr("report.summary"))]
    for st, lines, body in _sections(ctx):
        summary += lines
        title = f"{st.number}. {tr('stage.' + st.id)}"
        toc.append((st.id, title))
        sections.append(f"<section id='{esc(st.id)}' class='report-section' data-title='{esc(title)}'>"
                        f"<h2>{esc(title)} <span class='muted'>({tr('report.clause')} {esc(st.clause)})</span></h2>"
                        f"{body}</section>")
    toc.append(("about", tr("report.about")))
    mark = confidentiality(ctx)
    when = manifest.get("finished") or _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    about = tr("rpt.about_text", version=manifest.get("sedamkit_version", ""), run=ctx.run_dir.name, when=ctx.date(when))
    doc = f"""<!DOCTYPE html>
<html lang="{esc(ctx.language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{esc(name)} — {esc(tr('report.title'))}</title>
<style>:root{{--brand:{colour};--fg:{text_colour(colour)}}}{css(paper)}</style></head>
<body data-paper="{esc(paper)}" data-confidentiality="{esc(mark)}">
{cover(ctx, name)}
<main>
{('<p class="print-mark">' + esc(mark) + '</p>') if mark else ''}
{contents(ctx, toc)}
{executive_summary(ctx, summary, not_in_report(ctx))}
{''.join(sections)}
<section id="about" class="report-section" data-title="{esc(tr('report.about'))}"><h2>{esc(tr('report.about'))}</h2>
<p class="muted">{esc(about)} {esc(tr('report.sources'))}</p>
{_overlay_lines(manifest, tr)}
</section>
</main></body></html>
"""
    return french_spacing(doc) if ctx.language == "fr" else doc


def build_report(run_dir, *, pdf: bool = True, log=print) -> Path:
    """Write ``<run_dir>/report.html`` (and ``report.pdf``, ``report.docx``, ``exports/tables.xlsx``); return the HTML path."""
    run_dir = Path(run_dir)
    ctx = _context(run_dir)
    doc = render(ctx)
    try:
        out = atomic_write_text(run_dir / "report.html", doc)
    except OSError as e:
        from ..core.errors import Problem, SedamError

        raise SedamError(Problem("RUN007", str(run_dir), None, f"cannot write report.html there ({e.strerror or e})",
                                 "make the run folder writable, or free some space"), "no report was written") from None
    if pdf:
        build_pdf(out, log=log)
    from .deliverables import build_extras  # report.docx, exports/tables.xlsx (made from the finished HTML)

    build_extras(out, log=log)
    return out


def build_pdf(html_path, *, log=print) -> Path | None:
    """Print ``html_path`` to a PDF beside it, offline (WeasyPrint: :func:`sedamkit.delivery.pdf.html_to_pdf`);
    skip with a message when absent."""
    return html_to_pdf(html_path, log=log, what="report.pdf")
