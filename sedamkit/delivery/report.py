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

Sections are plain functions registered per stage in :data:`SECTIONS`, so a new
stage adds its section without touching the others.
"""
from __future__ import annotations

import base64
import datetime as _dt
import html
import json
import shutil
import subprocess
from pathlib import Path

from ..core.fileio import atomic_write_bytes, atomic_write_text

__all__ = ["build_report", "build_pdf", "safe_cell", "export_table", "SECTIONS", "summary_items", "esc",
           "markdown_html"]

#: stage id -> function(ctx) returning (summary lines, section html)
SECTIONS: dict = {}


def section(stage_id):
    def wrap(fn):
        SECTIONS[stage_id] = fn
        return fn
    return wrap


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


def export_table(df, out_dir, name: str) -> list[Path]:
    """Write ``df`` as ``<out_dir>/exports/<name>.csv`` and ``.xlsx`` with text cells neutralised."""
    import io

    from pandas.api.types import is_object_dtype, is_string_dtype

    clean = df.copy()
    for col in clean.columns:
        if is_object_dtype(clean[col]) or is_string_dtype(clean[col]):
            clean[col] = clean[col].astype(object).map(safe_cell)
    clean.columns = [safe_cell(str(c)) for c in clean.columns]
    folder = Path(out_dir) / "exports"
    csv = atomic_write_text(folder / f"{name}.csv", clean.to_csv(index=False))
    buf = io.BytesIO()
    clean.to_excel(buf, index=False, sheet_name=name[:31])
    xlsx = atomic_write_bytes(folder / f"{name}.xlsx", buf.getvalue())
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




@section("01_necessity_feasibility")
def _section_01(ctx: ReportContext):
    import pandas as pd

    d = ctx.results["01_necessity_feasibility"]
    titles = {a["area"]: a["title"] for a in d["areas"]}
    label = ctx.tr(f"report.decision_{d['decision']}")
    blocking = [titles.get(a, a) for a in d["blocking_gaps"]]
    summary = [f"<b>{ctx.tr('report.sum_readiness')}:</b> "
               + esc(ctx.tr("report.sum_readiness_text", decision=label, score=f"{d['overall']:.0f}",
                            n=len(d["respondents"])))
               + (f"; {esc(ctx.tr('report.sum_blocking', gaps=', '.join(blocking)))}." if blocking else ".")]
    areas = pd.DataFrame(d["areas"])[["title", "group", "score", "sd", "threshold", "consensus", "blocking"]]
    areas = areas.rename(columns={"title": "area", "sd": "spread (sd)"})
    areas["consensus"] = areas["consensus"].map({True: ctx.tr("report.consensus_yes"),
                                                 False: ctx.tr("report.consensus_no")})
    areas["blocking"] = areas["blocking"].map({True: ctx.tr("report.blocking_word"), False: ""})
    alt = ctx.tr("report.alt_radar") + ": " + "; ".join(
        f"{a['title']} {a['score']:.0f}" for a in d["areas"] if a["score"] is not None) + "."
    body = [f"<p><b>{ctx.tr('report.decision')}: {esc(label)}.</b> " + " ".join(esc(r) for r in d["reasons"])
            + "</p>",
            ctx.figure("01_readiness_radar", alt, ctx.tr("report.cap_radar")),
            ctx.table(areas, "readiness_areas", ctx.tr("report.cap_areas"))]
    if d.get("no_consensus"):
        body.append(f"<p>{ctx.tr('report.disagree')}: " + esc(", ".join(titles[a] for a in d["no_consensus"]))
                    + f" — {ctx.tr('report.discuss')}.</p>")
    body.append(ctx.figure("01_respondent_heatmap", ctx.tr("report.alt_heatmap"), ctx.tr("report.cap_heatmap")))
    return summary, "\n".join(body)


@section("02_daap")
def _section_02(ctx: ReportContext):
    import pandas as pd

    d = ctx.results["02_daap"]
    tot = d.get("totals", {})
    risks = d.get("risks", {})
    ignored = (d.get("readiness") or {}).get("ignored_blocking", [])
    period = d.get("period", {})
    summary = [f"<b>{ctx.tr('report.sum_plan')}:</b> "
               + esc(ctx.tr("report.sum_plan_text", title=d.get("title") or "DAAP", phases=tot.get("n_phases", 0),
                            start=period.get("start"), end=period.get("end"), kpis=tot.get("n_kpis", 0),
                            days=f"{tot.get('people_days', 0):.0f}", budget=f"{tot.get('budget', 0):,.0f}",
                            currency=d.get("currency", "")))
               + (f"; {esc(ctx.tr('report.sum_plan_ignored', gaps=', '.join(ignored)))}" if ignored else "")
               + (f"; {esc(ctx.tr('report.sum_plan_risks', risks=', '.join(risks.get('unmitigated_high', []))))}"
                  if risks.get("unmitigated_high") else "") + "."]
    body = [f"<p><b>{ctx.tr('report.mission')}.</b> {esc(d.get('mission'))}</p>"]
    goals = pd.DataFrame(d.get("goals", []))
    if not goals.empty:
        body.append(ctx.table(goals.reindex(columns=["id", "text", "elements", "addresses"]), "plan_goals", ctx.tr("report.cap_goals")))
    kpis = pd.DataFrame(d.get("kpis", []))
    if not kpis.empty:
        body.append(ctx.table(kpis.reindex(columns=["id", "name", "unit", "direction", "baseline", "target", "due"]),
                              "plan_kpis", ctx.tr("report.cap_kpis")))
    phases = pd.DataFrame(d.get("phases", []))
    alt = "Timeline of the programme's phases: " + "; ".join(
        f"{p['name']} from {p['start']} to {p['end']}" for p in d.get("phases", [])) + "."
    body.append(ctx.figure("02_timeline", alt, ctx.tr("report.cap_timeline")))
    if not phases.empty:
        body.append(ctx.table(phases.reindex(columns=["id", "name", "start", "end", "people_days", "budget",
                                                      "approaches"]), "plan_phases", ctx.tr("report.cap_phases")))
    alt = (f"Risk matrix, likelihood by impact; {risks.get('n_high', 0)} risks at or above the threshold of "
           f"{risks.get('threshold')}: {', '.join(risks.get('high', []))}; without mitigation: "
           f"{', '.join(risks.get('unmitigated_high', [])) or 'none'}.")
    body.append(ctx.figure("02_risk_matrix", alt, ctx.tr("report.cap_risks")))
    flags = pd.DataFrame(d.get("flags", []))
    if not flags.empty:
        body.append(ctx.table(flags.reindex(columns=["severity", "source", "id", "message", "fix"]), "plan_flags",
                              ctx.tr("report.cap_flags")))
    prin = d.get("principles", {})
    alt = "Principles check, score 0 to 100: " + "; ".join(f"{k} {'unanswered' if v is None else round(v)}"
                                                           for k, v in prin.items()) + "."
    body.append(ctx.figure("02_principles", alt, ctx.tr("report.cap_principles")))
    prep = d.get("preparation", {})
    if prep:
        done = f"{prep.get('score', 0):.0f}"
        body.append(f"<p>{esc(ctx.tr('report.preparation', score=done))} — "
                    + esc(", ".join(f"{k.replace('_', ' ')}: {v.replace('_', ' ')}"
                                    for k, v in prep.get("items", {}).items())) + ".</p>")
    return summary, "\n".join(body)


@section("03_application")
def _section_03(ctx: ReportContext):
    import pandas as pd

    from ..core.model import ELEMENTS

    d = ctx.results["03_application"]
    names = {e.id: e.name for e in ELEMENTS}
    gaps = d.get("gaps", [])
    top = [f"{g['element']} {names.get(g['element'], '')}" for g in gaps[:3]]
    summary = [f"<b>{ctx.tr('report.sum_coverage')}:</b> "
               + esc(ctx.tr("report.sum_coverage_text", maturity=f"{d.get('maturity_mean', 0):.1f}", n=len(gaps)))
               + (f", {esc(ctx.tr('report.sum_first', items='; '.join(top)))}" if top else "") + "."]
    mat = d.get("maturity", {})
    alt = ("Coverage grid of the nine elements: maturity " + ", ".join(f"{k} {v}" for k, v in mat.items())
           + "; gaps at " + (", ".join(g["element"] for g in gaps) or "no element") + ".")
    body = [ctx.figure("03_coverage", alt, ctx.tr("report.cap_coverage"))]
    cov = pd.DataFrame(d.get("coverage", []))
    if not cov.empty:
        body.append(ctx.table(cov.reindex(columns=["element", "element_name", "maturity", "n_in_use", "n_planned",
                                                   "is_gap"]), "coverage", ctx.tr("report.cap_coverage_table")))
    if gaps:
        g = pd.DataFrame(gaps).reindex(columns=["rank", "element", "element_name", "maturity", "score", "reasons"])
        g["suggested approaches"] = g["element"].map(lambda e: ", ".join(d.get("suggestions", {}).get(e, [])))
        body.append(ctx.table(g, "gaps", ctx.tr("report.cap_gaps")))
    return summary, "\n".join(body)


@section("04_customer_experience")
def _section_04(ctx: ReportContext):
    import pandas as pd

    d = ctx.results["04_customer_experience"]
    m = (d.get("metrics") or {}).get("overall", {})

    def fmt(key):
        v = m.get(key) or {}
        return f"{key.upper()} {v['value']:.1f} [{v['ci_low']:.1f}, {v['ci_high']:.1f}]" if v else ""

    q = (d.get("metrics") or {}).get("quarter", "")
    metric_line = ", ".join(x for x in (fmt("nps"), fmt("csat"), fmt("ces")) if x)
    summary = [f"<b>{esc(ctx.tr('report.sum_cx', quarter=q))}:</b> {esc(metric_line)}; "
               + esc(ctx.tr("report.sum_cx_text", pain=len(d.get("pain_points", [])),
                            mot=len(d.get("moments_at_risk", [])), privacy=len(d.get("privacy_gaps", [])))) + "."]
    body = ["<ul>" + "".join(f"<li>{esc(f)}</li>" for f in d.get("findings", [])) + "</ul>"]
    kano = pd.DataFrame(d.get("kano", []))
    if not kano.empty:
        alt = "Kano better/worse chart: " + "; ".join(
            f"{r.feature} {r.category_name} (better {r.better:.2f}, worse {r.worse:.2f})" for r in kano.itertuples()) + "."
        body.append(ctx.figure("04_kano_better_worse", alt, ctx.tr("report.cap_kano")))
        body.append(ctx.table(kano.reindex(columns=["feature", "category_name", "better", "worse", "significant", "n"]),
                              "kano", ctx.tr("report.cap_kano_table"), floatfmt="{:.2f}"))
    curve = d.get("moments_at_risk", []) + d.get("pain_points", [])
    alt = "Emotion curve along the journey; lowest touchpoints: " + "; ".join(
        f"{p['name']} {p['mean']:.1f}" for p in d.get("pain_points", [])[:5]) + "."
    body.append(ctx.figure("04_emotion_curve", alt, ctx.tr("report.cap_curve")))
    if curve:
        pp = pd.DataFrame(d.get("pain_points", [])).reindex(columns=["stage", "name", "mean", "n", "share_low"])
        body.append(ctx.table(pp, "pain_points", ctx.tr("report.cap_pain"), floatfmt="{:.2f}"))
    moves = pd.DataFrame(d.get("moves", []))
    if not moves.empty:
        body.append(ctx.table(moves.reindex(columns=["move", "name", "reason"]), "touchpoint_moves",
                              ctx.tr("report.cap_moves")))
    if d.get("privacy_gaps"):
        body.append(ctx.table(pd.DataFrame(d["privacy_gaps"]), "privacy_gaps",
                              ctx.tr("report.cap_privacy")))
    neg = pd.DataFrame(d.get("negative_comments", []))
    if not neg.empty:
        body.append(ctx.table(neg.reindex(columns=["touchpoint", "comment", "compound"]).head(8), "negative_comments",
                              ctx.tr("report.cap_negative"), floatfmt="{:.2f}"))
    return summary, "\n".join(body)


STATUS_WORD = {"met": "report.status_met", "on_track": "report.status_on_track",
               "off_track": "report.status_off_track", "not_measurable": "report.status_not_measurable"}


@section("05_evaluation")
def _section_05(ctx: ReportContext):
    import pandas as pd

    d = ctx.results["05_evaluation"]
    counts = d.get("status_counts", {})
    count_text = ", ".join(f"{counts.get(k, 0)} {ctx.tr(v)}" for k, v in STATUS_WORD.items())
    lag = [r["region"] for r in d.get("lagging_regions", []) if r.get("n_lagging")]
    extra = []
    if d.get("off_track"):
        extra.append(ctx.tr("report.sum_off_track", kpis=", ".join(d["off_track"])))
    if d.get("poorly_rated"):
        extra.append(ctx.tr("report.sum_poor", items=", ".join(d["poorly_rated"])))
    if lag:
        extra.append(ctx.tr("report.sum_lagging", regions=", ".join(lag)))
    summary = [f"<b>{esc(ctx.tr('report.sum_kpis', as_of=d.get('as_of', '')))}:</b> {esc(count_text)}"
               + "".join(f"; {esc(x)}" for x in extra) + "."]
    body = []
    m = d.get("mission") or {}
    if m:
        body.append(f"<p><b>{ctx.tr('report.mission')}.</b> {esc(m.get('text'))} — "
                    + esc(ctx.tr("report.mission_review", score=f"{m.get('overall', 0):.0f}",
                                 verdict=m.get("verdict", ""))) + "</p>")
    kpis = pd.DataFrame(d.get("kpis", []))
    if not kpis.empty:
        kpis["status"] = kpis["status"].map(lambda s: ctx.tr(STATUS_WORD.get(s, "report.status_not_measurable")))
        alt = ctx.tr("report.alt_dashboard") + ": " + "; ".join(
            f"{r['kpi_id']} {r['name']}: {r['status']}" for _, r in kpis.iterrows()) + "."
        body.append(ctx.figure("05_kpi_dashboard", alt, ctx.tr("report.cap_dashboard")))
        body.append(ctx.table(kpis.reindex(columns=["kpi_id", "name", "unit", "direction", "baseline", "target",
                                                    "latest", "expected", "status", "significant"]),
                              "kpi_status", ctx.tr("report.cap_kpi_status")))
    lagging = pd.DataFrame(d.get("lagging_regions", []))
    if not lagging.empty:
        alt = ctx.tr("report.alt_regions") + ": " + "; ".join(
            f"{r['region']} {r['n_lagging']}/{r['n_kpis']}" for _, r in lagging.iterrows()) + "."
        body.append(ctx.figure("05_regions", alt, ctx.tr("report.cap_regions")))
        body.append(ctx.table(lagging.reindex(columns=["region", "n_lagging", "n_kpis", "kpis", "gaps"]),
                              "lagging_regions", ctx.tr("report.cap_lagging")))
    appr = pd.DataFrame(d.get("approaches", []))
    if not appr.empty:
        alt = ctx.tr("report.alt_approaches") + ": " + "; ".join(
            f"{r['name']} {r['suitable']}/{r['beneficial']}/{r['used']}" for _, r in appr.iterrows() if r["rated"]) + "."
        body.append(ctx.figure("05_approach_ratings", alt, ctx.tr("report.cap_approaches")))
        body.append(ctx.table(appr.reindex(columns=["name", "phase_id", "suitable", "beneficial", "used", "poor",
                                                    "weak_on"]), "approach_ratings", ctx.tr("report.cap_approaches")))
    return summary, "\n".join(body)


@section("06_improvement")
def _section_06(ctx: ReportContext):
    import pandas as pd

    d = ctx.results["06_improvement"]
    cands = pd.DataFrame(d.get("candidates", []))
    top = []
    if not cands.empty:
        by_id = cands.set_index("candidate")["title"].to_dict()
        top = [by_id.get(c, c) for c in d.get("top_actions", [])[:3]]
    new_plan = Path((d.get("plan") or {}).get("new") or "").name
    summary = [f"<b>{ctx.tr('report.sum_next')}:</b> " + esc("; ".join(top) or "—")
               + (f" ({esc(ctx.tr('report.sum_new_plan', file=new_plan))})" if new_plan else "") + "."]
    body = [markdown_html(d.get("summary", ""))]
    if not cands.empty:
        alt = ctx.tr("report.alt_matrix") + ": " + "; ".join(
            f"{r['title']} ({r['quadrant']})" for _, r in cands.head(8).iterrows()) + "."
        body.append(ctx.figure("06_impact_effort", alt, ctx.tr("report.cap_matrix")))
        body.append(ctx.table(cands.reindex(columns=["rank", "title", "source", "heading", "quadrant", "impact",
                                                     "effort"]), "improvement_candidates",
                              ctx.tr("report.cap_candidates")))
    changes = pd.DataFrame(d.get("changes", []))
    if not changes.empty:
        body.append(ctx.table(changes.reindex(columns=["change", "section", "id", "applied", "reason"]),
                              "plan_changes", ctx.tr("report.cap_changes")))
    if new_plan:
        body.append(f"<p class='muted'>{esc(ctx.tr('report.new_plan_note', file=new_plan))}</p>")
    return summary, "\n".join(body)


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


def summary_items(ctx: ReportContext) -> list[str]:
    out = []
    for sid, fn in SECTIONS.items():
        if sid in ctx.results:
            out += fn(ctx)[0]
    return out


def build_report(run_dir, *, pdf: bool = True, log=print) -> Path:
    """Write ``<run_dir>/report.html`` (and ``report.pdf`` when Chromium is present); return the HTML path."""
    import re

    from ..core.model import STAGES
    from ..core.results import read_result

    run_dir = Path(run_dir)
    manifest = json.loads((run_dir / "run.json").read_text()) if (run_dir / "run.json").is_file() else {}
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
    lang = client.get("language") or manifest.get("parameters", {}).get("language") or "en"
    ctx = ReportContext(run_dir, client, results, manifest, language=lang)
    tr = ctx.tr
    name = client.get("name") or manifest.get("client") or tr("report.client")
    colour = client.get("colour", "#0072B2")
    colour = colour if re.fullmatch(r"#[0-9a-fA-F]{6}", str(colour)) else "#0072B2"
    summary, sections = [], []
    names = {s.id: s for s in STAGES}
    for sid, fn in SECTIONS.items():
        if sid not in results:
            continue
        lines, body = fn(ctx)
        summary += lines
        st = names[sid]
        sections.append(f"<section id='{esc(sid)}'><h2>{st.number}. {esc(tr('stage.' + sid))} "
                        f"<span class='muted'>({tr('report.clause')} {esc(st.clause)})</span></h2>{body}</section>")
    missing = [tr("stage." + s) for s in names if s != "00_start_here" and s not in results]
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
{('<p class="muted">' + esc(tr('report.not_in_run')) + ': ' + esc(', '.join(missing)) + '.</p>') if missing else ''}
</section>
{''.join(sections)}
<section id="about"><h2>{esc(tr('report.about'))}</h2>
<p class="muted">{esc(tr('report.about_text', version=manifest.get('sedamkit_version', ''), run=run_dir.name,
                         client=manifest.get('client', ''), when=when))}
{esc(tr('report.sources'))}</p>
</section>
</main></body></html>
"""
    out = atomic_write_text(run_dir / "report.html", doc)
    if pdf:
        build_pdf(out, log=log)
    return out


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def build_pdf(html_path, *, log=print) -> Path | None:
    """Print ``html_path`` to a PDF beside it with headless Chromium; skip with a message when absent."""
    html_path = Path(html_path)
    exe = chromium()
    if not exe:
        if log:
            log("report.pdf skipped: no Chromium found (install Debian's 'chromium' package to get a PDF).")
        return None
    pdf = html_path.with_suffix(".pdf")
    tmp = pdf.with_name(f".{pdf.name}.tmp")
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
           f"--user-data-dir={html_path.parent / '.chromium-profile'}", f"--print-to-pdf={tmp}",
           html_path.resolve().as_uri()]
    try:
        subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        if log:
            log(f"report.pdf skipped: Chromium failed ({e}).")
        return None
    finally:
        shutil.rmtree(html_path.parent / ".chromium-profile", ignore_errors=True)
    if tmp.is_file() and tmp.stat().st_size > 0:
        tmp.replace(pdf)
        return pdf
    if log:
        log("report.pdf skipped: Chromium produced no file.")
    return None
