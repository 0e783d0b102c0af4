"""The consolidated client report: one self-contained HTML file per run.

``build_report(run_dir)`` reads the stage results of a run (``results/*.json``), its
figures and the client config, and writes ``report.html``: the client's name and
colour, an executive summary (readiness decision, plan at a glance, coverage gaps,
customer-experience findings, KPI status, top improvement actions), then one section
per stage that ran. There is no code and no teaching scaffolding in it.

- Figures are embedded as data URIs; the file makes no external request.
- Every figure has a text alternative built from the data it shows.
- Every piece of client-provided text is escaped (``html.escape``).
- Tables are also exported as CSV and XLSX under ``exports/``, with cells that a
  spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``, tab or CR)
  neutralised by a leading apostrophe.
- ``report.pdf`` is printed with a headless Chromium when one is installed.

Each stage's section is its definition's ``report`` function (``stages/<stage>/report.py``),
found through the stage registry, so a new stage adds its section without touching this module. A
stage left out of the run says why, and a failed stage says so and where its executed notebook is.
"""
from __future__ import annotations

import base64
import datetime as _dt
from pathlib import Path

from ..core.fileio import atomic_write_text
from ..core.text import esc, markdown_html, safe_cell, write_table_safely
from .pdf import chromium, html_to_pdf  # noqa: F401 — chromium: kept where callers import it

__all__ = ["build_report", "build_pdf", "safe_cell", "export_table", "summary_items", "esc", "markdown_html",
           "ReportContext"]

def export_table(df, out_dir, name: str) -> list[Path]:
    """Write ``df`` as ``<out_dir>/exports/<name>.csv`` and ``.xlsx`` with text cells neutralised
    (:func:`~sedamkit.core.text.write_table_safely`, the kit's one writer for spreadsheet tables)."""
    folder = Path(out_dir) / "exports"
    csv = write_table_safely(df, folder / f"{name}.csv")
    xlsx = write_table_safely(df, folder / f"{name}.xlsx", excel=True, sheet_name=name[:31])
    return [csv, xlsx]


class ReportContext:
    """What a section function gets: the run folder, its results, the client, helpers."""

    def __init__(self, run_dir: Path, client: dict, results: dict, manifest: dict, language: str = "en"):
        self.run_dir, self.client, self.results, self.manifest = run_dir, client, results, manifest
        self.language = language
        self.exports: list[Path] = []

    def tr(self, key: str, **kw) -> str:
        """The report's fixed text ``key`` in the report's language (see :mod:`sedamkit.core.i18n`)."""
        from ..core.i18n import t

        return t(key, self.language, **kw)

    def figure(self, name: str, alt: str, caption: str = "") -> str:
        """An ``<figure>`` with the PNG embedded, or "" when the run has no such figure."""
        path = self.run_dir / "figures" / f"{name}.png"
        if not path.is_file():
            return ""
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
        return f'<figure><img src="data:image/png;base64,{data}" alt="{esc(alt)}">{cap}</figure>'

    def table(self, df, name: str | None = None, caption: str = "", floatfmt: str = "{:.1f}") -> str:
        """An escaped HTML table (and CSV/XLSX exports when ``name`` is given)."""
        import pandas as pd

        if name:
            self.exports += export_table(df, self.run_dir, name)
        head = "".join(f"<th scope='col'>{esc(c)}</th>" for c in df.columns)
        rows = []
        for _, r in df.iterrows():
            cells = []
            for v in r:
                if isinstance(v, float):
                    v = "" if pd.isna(v) else floatfmt.format(v)
                elif isinstance(v, (list, tuple)):
                    v = ", ".join(map(str, v))
                cells.append(f"<td>{esc(v)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        cap = f"<caption>{esc(caption)}</caption>" if caption else ""
        return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"




CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#1a1a1a;line-height:1.45}
header{padding:24px 32px;color:var(--fg);background:var(--brand)}
header h1{margin:0 0 4px 0;font-size:1.7em} header p{margin:0}
main{max-width:980px;margin:0 auto;padding:8px 32px 48px}
section{margin-top:28px;border-top:3px solid var(--brand);padding-top:8px}
table{border-collapse:collapse;margin:12px 0;font-size:.9em;width:100%}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}
figure{margin:12px 0} figure img{max-width:100%;height:auto} figcaption{font-size:.85em;color:#444}
.summary li{margin:4px 0} .muted{color:#555;font-size:.85em}
@media print{header{-webkit-print-color-adjust:exact;print-color-adjust:exact} section{break-inside:auto}}
"""


def _text_colour(hex_colour: str) -> str:
    """Black or white, whichever contrasts more with the brand colour (WCAG relative luminance)."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"


def _sections(ctx: "ReportContext"):
    """``(stage, summary lines, html)`` for every stage with a result and a report section."""
    from ..stages import STAGES

    for st in STAGES:
        if st.id in ctx.results and st.report:
            lines, body = st.call("report", ctx)
            yield st, lines, body


def summary_items(ctx: ReportContext) -> list[str]:
    return [line for _, lines, _ in _sections(ctx) for line in lines]


def _not_in_report(ctx: ReportContext) -> list[str]:
    """One line per stage of the run without a section: skipped (and why), failed (and where), not run."""
    from ..stages import STAGES

    entries = {e.get("stage"): e for e in ctx.manifest.get("stages") or []}
    out = []
    for st in STAGES:
        if not st.runs or st.id in ctx.results:
            continue
        title = ctx.tr("stage." + st.id)
        e = entries.get(st.id)
        if e and e.get("status") == "skipped":
            out.append(f"{title}: {ctx.tr('report.skipped')} — {e.get('reason', '')}"
                       + (f" ({e['fix']})" if e.get("fix") else ""))
        elif e and e.get("status") == "failed":
            out.append(f"{title}: {ctx.tr('report.failed', notebook=str(ctx.run_dir / e.get('notebook', '')))}")
        else:
            out.append(f"{title}: {ctx.tr('report.not_in_run')}")
    return out


def _overlay_lines(manifest: dict, tr) -> str:
    """One line per questionnaire overlay the run used (name, version, file), for the about part."""
    over = manifest.get("questionnaires") or {}
    lines = [tr("report.overlay", spec=sid, name=o.get("name", ""), version=o.get("version", ""), file=o.get("file", ""))
             for sid, o in over.items() if isinstance(o, dict)]
    return "".join(f"<p class='muted overlay'>{esc(x)}</p>" for x in lines)


def build_report(run_dir, *, pdf: bool = True, log=print) -> Path:
    """Write ``<run_dir>/report.html`` (and ``report.pdf`` when Chromium is present); return the HTML path."""
    import re

    from ..core.results import read_result
    from ..stages import STAGES

    from .runner import read_manifest, run_state

    run_dir = Path(run_dir)
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
    lang = client.get("language") or (manifest.get("parameters") or {}).get("language") or "en"
    ctx = ReportContext(run_dir, client, results, manifest, language=lang)
    tr = ctx.tr
    name = client.get("name") or manifest.get("client") or tr("report.client")
    colour = client.get("colour", "#0072B2")
    colour = colour if re.fullmatch(r"#[0-9a-fA-F]{6}", str(colour)) else "#0072B2"
    summary, sections = [], []
    for st, lines, body in _sections(ctx):
        summary += lines
        sections.append(f"<section id='{esc(st.id)}'><h2>{st.number}. {esc(tr('stage.' + st.id))} "
                        f"<span class='muted'>({tr('report.clause')} {esc(st.clause)})</span></h2>{body}</section>")
    missing = _not_in_report(ctx)
    when = manifest.get("finished") or _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    doc = f"""<!DOCTYPE html>
<html lang="{esc(lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{esc(name)} — {esc(tr('report.title'))}</title>
<style>:root{{--brand:{colour};--fg:{_text_colour(colour)}}}{CSS}</style></head>
<body>
<header><h1>{esc(name)}</h1><p>{esc(tr('report.subtitle'))}
{(' · ' + esc(client.get('sector'))) if client.get('sector') else ''}</p></header>
<main>
<section id="summary"><h2>{esc(tr('report.summary'))}</h2>
<ul class="summary">{''.join(f'<li>{s}</li>' for s in summary) or '<li>' + esc(tr('report.no_results')) + '</li>'}</ul>
{('<ul class="muted not-in-report">' + ''.join(f'<li>{esc(m)}</li>' for m in missing) + '</ul>') if missing else ''}
</section>
{''.join(sections)}
<section id="about"><h2>{esc(tr('report.about'))}</h2>
<p class="muted">{esc(tr('report.about_text', version=manifest.get('sedamkit_version', ''), run=run_dir.name,
                         client=manifest.get('client', ''), when=when))}
{esc(tr('report.sources'))}</p>
{_overlay_lines(manifest, tr)}
</section>
</main></body></html>
"""
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
    """Print ``html_path`` to a PDF beside it with headless Chromium, offline (:func:`sedamkit.delivery.pdf.html_to_pdf`);
    skip with a message when absent."""
    return html_to_pdf(html_path, log=log, what="report.pdf")
