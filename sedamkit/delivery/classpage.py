"""The class results as one printable page (``class.html``, A4), for the trainer's debrief.

:func:`class_page` lays out what :func:`sedamkit.delivery.classroom.load_class` found: a summary line,
one row per student (overall score, decision, completeness, status and the reason when something is
missing), the readiness and exercise figures side by side, and the files left out with their reason.
The page is self-contained (figures embedded as data URIs, no external request), every name and
reason from the class folder is escaped, and its print style fits one A4 page for a class of about
twenty (longer classes flow on to a second page without cutting a row).
"""
from __future__ import annotations

import base64
import datetime as _dt
from pathlib import Path

from ..core.text import esc

__all__ = ["class_page", "PAGE_CSS"]

PAGE_CSS = """
@page { size: A4; margin: 11mm 11mm 12mm 11mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8.5pt; color: #111; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 1mm 0; }
.sub { color: #444; margin: 0 0 2.5mm 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 2.5mm 0; }
th, td { border-bottom: 0.3mm solid #ccc; padding: 0.6mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: bold; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
.status-complete { color: #1a5e1a; }
.status-partial { color: #8a4b00; }
.status-no-answers { color: #9b1c1c; font-weight: bold; }
.figs { display: flex; gap: 3mm; break-inside: avoid; page-break-inside: avoid; margin-bottom: 2mm; }
.figs figure { margin: 0; flex: 1 1 0; text-align: center; }
.figs img { max-width: 100%; max-height: 88mm; object-fit: contain; }
.small { font-size: 7pt; color: #333; }
h2 { font-size: 9.5pt; margin: 1.5mm 0 1mm 0; }
@media screen { body { max-width: 190mm; margin: 8mm auto; } }
"""


def _img(path, alt: str) -> str:
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<figure><img src="data:image/png;base64,{data}" alt="{esc(alt)}"></figure>'


def _num(v, fmt="{:.0f}") -> str:
    return "—" if v is None or v != v else fmt.format(v)


def class_page(res, figures: dict | None = None, *, title: str = "Class results", folder: str = "",
               today=None) -> str:
    """The HTML page (a string) for ``res`` (:class:`~sedamkit.delivery.classroom.ClassResults`);
    ``figures`` maps ``class_readiness`` / ``class_exercises`` to PNG files to embed."""
    figures = figures or {}
    st = res.students
    day = (today or _dt.date.today()).isoformat()
    scored = st["overall"].dropna()
    counts = st["status"].value_counts().to_dict() if len(st) else {}
    lines = [f"{len(st)} students", f"{counts.get('complete', 0)} complete", f"{counts.get('partial', 0)} partial",
             f"{counts.get('no answers', 0)} with no answers (not scored)"]
    summary = " · ".join(lines)
    if len(scored):
        summary += f" · readiness mean {scored.mean():.0f} (from {scored.min():.0f} to {scored.max():.0f})"
    names = "real names" if res.real_names else "pseudonyms (S-…)"
    rows = []
    for r in st.itertuples():
        cls = "status-" + str(r.status).replace(" ", "-")
        rows.append(f"<tr><td>{esc(r.student)}</td><td class='n'>{_num(r.overall)}</td><td>{esc(r.decision or '—')}</td>"
                    f"<td class='n'>{esc(r.completeness)}</td><td class='{cls}'>{esc(r.status)}</td>"
                    f"<td>{esc(r.reason)}</td></tr>")
    top = res.disagreement.dropna(subset=["sd"]).head(3)
    split = ", ".join(f"{esc(r.title)} (sd {r.sd:.0f})" for r in top.itertuples())
    figs = "".join(_img(figures[k], alt) for k, alt in (
        ("class_readiness", "each student's score per area, with the class mean and the blocking threshold"),
        ("class_exercises", "per exercise, how many students are done, tried, not started"))
        if k in figures and Path(figures[k]).is_file())
    skipped = "".join(f"<li><code>{esc(r.file)}</code> [{esc(r.code)}] {esc(r.reason)}</li>"
                      for r in res.skipped.itertuples())
    return f"""<!DOCTYPE html>
<html lang="{esc(res.language)}"><head><meta charset="utf-8">
<title>{esc(title)}</title><style>{PAGE_CSS}</style></head><body>
<h1>{esc(title)}</h1>
<p class="sub">{esc(folder)} · {day} · shown under {names}</p>
<p>{summary}.{(' Most disagreement: ' + split + '.') if split else ''}</p>
<table><thead><tr><th>student</th><th>readiness</th><th>decision</th><th>done</th><th>status</th><th>what is missing</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<div class="figs">{figs}</div>
{f'<h2>Left out ({len(res.skipped)})</h2><ul class="small">{skipped}</ul>' if skipped else ''}
<p class="small">"done" counts the stage 01 answers, the Kano group file and each exercise of the course.
A student with no answers of their own is never scored.</p>
</body></html>
"""
