"""The portfolio of a batch: every client of ``sedam batch`` side by side, as ``portfolio.html`` and
``portfolio.csv`` in the batch's runs folder.

One row per client: its name, the status of its run (ok, failed, invalid, interrupted), the readiness
decision and overall score (stage 01), its three weakest areas, the NPS (stage 04), the KPIs off track
(stage 05) and a link to its report. Everything is read from each run's ``results/*.json``; a client
whose run failed or never started is listed with its status and what went wrong. The page is
self-contained (figure embedded, no external request, client text escaped); its table sorts by a click
on a column header through a small inline script allowed by its hash in the page's Content Security
Policy, which otherwise allows nothing but inline styles and embedded images. The CSV keeps the raw
values under stable column names (:data:`CSV_COLUMNS`) with formula cells neutralised.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
from pathlib import Path

from ..core.text import esc

__all__ = ["portfolio_rows", "write_portfolio", "CSV_COLUMNS"]

#: The columns of ``portfolio.csv``, in order.
CSV_COLUMNS = ["client", "name", "status", "decision", "overall_readiness", "weakest_areas", "nps",
               "kpis_off_track", "kpis_off_track_names", "report", "run_dir", "error"]

#: Sorts the table by the clicked column (numbers by their data-v value), toggling the direction.
SCRIPT = """document.querySelectorAll('table.sortable th button').forEach(function(b){
b.addEventListener('click',function(){var th=b.parentNode,tr=th.parentNode,i=Array.prototype.indexOf.call(tr.children,th);
var asc=th.getAttribute('aria-sort')!=='ascending';tr.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',asc?'ascending':'descending');var tb=th.closest('table').tBodies[0];
var rows=Array.prototype.slice.call(tb.rows);rows.sort(function(r1,r2){var a=r1.cells[i],c=r2.cells[i];
var x=a.getAttribute('data-v'),y=c.getAttribute('data-v');if(x===''||y===''){return (x==='')-(y==='');}
var d=(x!==null&&y!==null)?(parseFloat(x)-parseFloat(y)):a.textContent.localeCompare(c.textContent);return asc?d:-d;});
rows.forEach(function(r){tb.appendChild(r);});});});"""

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#1a1a1a;line-height:1.45}
header{padding:20px 32px;color:#fff;background:#0072B2} header h1{margin:0 0 4px 0;font-size:1.6em} header p{margin:0}
main{max-width:1100px;box-sizing:border-box;margin:0 auto;padding:8px 32px 40px}
table{border-collapse:collapse;margin:12px 0;font-size:.9em;width:100%;table-layout:auto}
td{overflow-wrap:anywhere}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top} th{background:#f0f0f0}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;text-align:left}
th[aria-sort=ascending] button::after{content:" \\25B2"} th[aria-sort=descending] button::after{content:" \\25BC"}
td.num{text-align:right;white-space:nowrap} tr.bad td{background:#fdecea}
figure{margin:12px 0} figure img{max-width:100%;height:auto} figcaption{font-size:.85em;color:#444}
.muted{color:#555;font-size:.85em}
"""


def _result(run_dir, stage: str):
    from ..core.results import read_result

    if not run_dir:
        return None
    try:
        doc = read_result(Path(run_dir), stage)
    except Exception:
        return None
    return doc.get("data", doc) if isinstance(doc, dict) else None


def _client_name(row, run_dir) -> str:
    from ..core.fileio import read_json

    if run_dir and (Path(run_dir) / "run.json").is_file():
        try:
            m = read_json(Path(run_dir) / "run.json", code="RUN006")
            return m.get("client_name") or m.get("client") or row["client"]
        except Exception:
            pass
    return row["client"]


def portfolio_rows(summary) -> list[dict]:
    """One dict per row of a batch summary (:func:`sedamkit.delivery.batch.run_batch`), with the
    :data:`CSV_COLUMNS` read from the client's run."""
    import math

    rows = []
    for _, r in summary.iterrows():
        run_dir = r.get("run_dir") if isinstance(r.get("run_dir"), str) else None
        s01 = _result(run_dir, "01_necessity_feasibility") or {}
        s04 = _result(run_dir, "04_customer_experience") or {}
        s05 = _result(run_dir, "05_evaluation") or {}
        titles = {a.get("area"): a.get("title") or a.get("area") for a in s01.get("areas") or []}
        nps = ((s04.get("metrics") or {}).get("overall") or {}).get("nps") or {}
        off = list(s05.get("off_track") or []) if s05 else []
        kpi_names = {k.get("kpi_id"): k.get("name") or k.get("kpi_id") for k in s05.get("kpis") or []}
        report = r.get("report") if isinstance(r.get("report"), str) else None
        error = r.get("error")
        rows.append({
            "client": r["client"], "name": _client_name(r, run_dir), "status": r["status"],
            "decision": s01.get("decision"), "overall_readiness": s01.get("overall"),
            "weakest_areas": "; ".join(str(titles.get(a, a)) for a in (s01.get("weakest") or [])[:3]) or None,
            "nps": nps.get("value"),
            "kpis_off_track": len(off) if s05 else None,
            "kpis_off_track_names": "; ".join(str(kpi_names.get(k, k)) for k in off) or None,
            "report": report, "run_dir": run_dir,
            "error": None if error is None or (isinstance(error, float) and math.isnan(error)) else str(error)})
    return rows


def _language(rows) -> str:
    """The clients' common language, else English."""
    from ..core.config import load_client
    from ..core.fileio import read_json
    from ..core.i18n import normalise_language

    langs = set()
    for r in rows:
        lang = None
        if r["run_dir"] and (Path(r["run_dir"]) / "run.json").is_file():
            try:
                m = read_json(Path(r["run_dir"]) / "run.json", code="RUN006")
                lang = (m.get("parameters") or {}).get("language")
                if not lang and m.get("client_dir"):
                    lang = load_client(m["client_dir"]).get("language")
            except Exception:
                lang = None
        langs.add(normalise_language(lang))
    return langs.pop() if len(langs) == 1 else "en"


def _figure(rows, tr, lang) -> str:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from ..core.numfmt import number
    from ..methods.plots import PALETTE

    shown = [r for r in rows if r["overall_readiness"] is not None]
    if not shown:
        return ""
    shown.sort(key=lambda r: r["overall_readiness"], reverse=True)
    colours = {"go": PALETTE[2], "prepare_first": PALETTE[1], "not_now": PALETTE[3]}
    hatches = {"go": "", "prepare_first": "//", "not_now": "xx"}
    fig, ax = plt.subplots(figsize=(7.5, 0.4 * len(shown) + 1.3), dpi=110)
    for i, r in enumerate(shown):
        ax.barh(i, r["overall_readiness"], color=colours.get(r["decision"], "#999999"),
                hatch=hatches.get(r["decision"], ".."), edgecolor="#333333", height=0.6)
        ax.text(min(r["overall_readiness"] + 1, 88), i, number(r["overall_readiness"], lang), va="center", fontsize=8)
    names = [r["name"] if len(r["name"]) <= 34 else r["name"][:32] + "…" for r in shown]
    ax.set_yticks(range(len(shown)), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(tr("deliver.pf.axis"), fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    from matplotlib.patches import Patch

    used = [d for d in ("go", "prepare_first", "not_now") if any(r["decision"] == d for r in shown)]
    ax.legend(handles=[Patch(facecolor=colours[d], hatch=hatches[d], edgecolor="#333333",
                             label=tr(f"report.decision_{d}")) for d in used],
              loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=max(1, len(used)), fontsize=8, frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    alt = tr("deliver.pf.fig_alt") + ": " + "; ".join(f"{r['name']} {number(r['overall_readiness'], lang)}"
                                                       for r in shown)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{esc(alt)}">'
            f"<figcaption>{esc(tr('deliver.pf.fig_caption'))}</figcaption></figure>")


def _html(rows, out_dir: Path, lang: str) -> str:
    from ..core.i18n import t
    from ..core.numfmt import MISSING, number

    def tr(key, **kw):
        return t(key, lang, **kw)

    def decision(d):
        return tr(f"report.decision_{d}") if d in ("go", "prepare_first", "not_now") else MISSING

    def status(s):
        return tr(f"deliver.pf.status_{s}") if s in ("ok", "failed", "invalid", "interrupted") else str(s)

    head = [("name", tr("deliver.pf.col_client")), ("status", tr("deliver.pf.col_status")),
            ("decision", tr("report.decision")), ("overall", tr("deliver.pf.col_overall")),
            ("weakest", tr("deliver.pf.col_weakest")), ("nps", "NPS"), ("off", tr("deliver.pf.col_off_track")),
            ("report", tr("deliver.pf.col_report"))]
    ths = "".join(f"<th scope='col'><button type='button'>{esc(label)}</button></th>" for _, label in head)
    body = []
    for r in rows:
        def num(x, decimals=0):
            return f"<td class='num' data-v='{'' if x is None else float(x)}'>{esc(number(x, lang, decimals))}</td>"
        if r["report"] and Path(r["report"]).is_file():
            href = Path(os.path.relpath(r["report"], out_dir)).as_posix()
            link = f"<a href='{esc(href)}'>{esc(tr('deliver.pf.open_report'))}</a>"
        else:
            link = esc(MISSING)
        st = esc(status(r["status"]))
        if r["status"] != "ok" and r["error"]:
            st += f"<br><span class='muted'>{esc(r['error'][:300])}</span>"
        off = r["kpis_off_track"]
        off_cell = (f"<td data-v='{'' if off is None else off}'><b>{esc(number(off, lang))}</b>"
                    + (f"<br><span class='muted'>{esc(r['kpis_off_track_names'])}</span>"
                       if r["kpis_off_track_names"] else "") + "</td>")
        body.append(f"<tr class='{'ok' if r['status'] == 'ok' else 'bad'}'><td>{esc(r['name'])}</td><td>{st}</td>"
                    f"<td>{esc(decision(r['decision']))}</td>{num(r['overall_readiness'])}"
                    f"<td>{esc(r['weakest_areas'] or MISSING)}</td>{num(r['nps'], 1)}{off_cell}<td>{link}</td></tr>")
    ok = sum(r["status"] == "ok" for r in rows)
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"
    return f"""<!DOCTYPE html>
<html lang="{esc(lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{esc(tr('deliver.pf.title'))}</title><style>{CSS}</style></head>
<body><header><h1>{esc(tr('deliver.pf.title'))}</h1><p>{esc(tr('deliver.pf.subtitle', ok=ok, n=len(rows)))}</p></header>
<main>
{_figure(rows, tr, lang)}
<table class="sortable"><caption>{esc(tr('deliver.pf.caption'))}</caption>
<thead><tr>{ths}</tr></thead><tbody>{''.join(body)}</tbody></table>
<p class="muted">{esc(tr('deliver.pf.note'))}</p>
</main><script>{SCRIPT}</script></body></html>
"""


def write_portfolio(summary, out_dir, language: str | None = None) -> tuple[Path, Path]:
    """Write ``portfolio.html`` and ``portfolio.csv`` in ``out_dir`` for a batch summary; return both."""
    import pandas as pd

    from ..core.fileio import atomic_write_text
    from ..core.text import write_table_safely

    out_dir = Path(out_dir)
    rows = portfolio_rows(summary)
    lang = language or _language(rows)
    html = atomic_write_text(out_dir / "portfolio.html", _html(rows, out_dir, lang))
    csv = write_table_safely(pd.DataFrame(rows, columns=CSV_COLUMNS), out_dir / "portfolio.csv")
    return html, csv
