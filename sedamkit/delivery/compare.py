"""``sedam compare RUN_A RUN_B``: a progress report for a client's follow-up assessment.

Two runs of one client (an earlier assessment A and a follow-up B) side by side, from their stage results
(``results/*.json``) and ``run.json`` only:

1. readiness by area then and now, with the change, and the decision then and now (stage 01);
2. the KPIs against the plan then and now, with their status (stage 05);
3. the coverage of the nine elements: digital maturity then and now (stage 03);
4. the improvement actions of run A and whether they are done: A's actions for the next cycle
   (``next_cycle_actions.yaml``) with B's check of them (stage 06 ``last_cycle``), and A's top actions
   with whether B still raises them.

A part whose result is missing from either run says so in one line. The page is self-contained HTML
(``progress.html``, no external request, client text escaped) in the language of the follow-up's
client, and ``progress.pdf`` through :func:`sedamkit.delivery.pdf.html_to_pdf`.

Error codes
-----------
CMP001  the two runs belong to different clients
CMP002  a folder given is not a run folder (no ``run.json`` or no ``results/``)
CMP003  the same run was given twice
"""
from __future__ import annotations

import base64
import datetime as _dt
import io
import re
from pathlib import Path

from ..core.errors import Problem, SedamError
from ..core.text import esc
from .report_style import text_colour  # noqa: F401 — one contrast rule for every page the kit writes

__all__ = ["compare_runs", "load_run", "progress_tables", "brand_colour", "text_colour"]

_STAGES = {"01": "01_necessity_feasibility", "03": "03_application", "05": "05_evaluation", "06": "06_improvement"}

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#1a1a1a;line-height:1.45}
header{padding:20px 32px;color:var(--fg);background:var(--brand)} header h1{margin:0 0 4px 0;font-size:1.6em}
header p{margin:0} main{max-width:980px;margin:0 auto;padding:8px 32px 40px}
section{margin-top:24px;border-top:3px solid var(--brand);padding-top:6px}
table{border-collapse:collapse;margin:10px 0;font-size:.9em;width:100%}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0} td.num{text-align:right;white-space:nowrap}
.up{color:#006644} .down{color:#B3261E} .muted{color:#555;font-size:.85em}
figure{margin:10px 0} figure img{max-width:100%;height:auto} figcaption{font-size:.85em;color:#444}
@media print{header{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def brand_colour(client: dict) -> str:
    """The client's ``colour`` when it is a ``#rrggbb`` colour, else the kit's blue.

    >>> brand_colour({"colour": "#123456"}), brand_colour({"colour": "red;}"})
    ('#123456', '#0072B2')
    """
    colour = str((client or {}).get("colour") or "#0072B2")
    return colour if re.fullmatch(r"#[0-9a-fA-F]{6}", colour) else "#0072B2"


def _problem(code, path, message, fix):
    return SedamError(Problem(code, str(path), None, message, fix), "no progress report was written")


def load_run(run_dir) -> dict:
    """``{"dir", "manifest", "results": {stage id: data}, "client": config or {}}`` of a run folder
    (CMP002 when it is not one)."""
    from ..core.fileio import read_json
    from ..core.results import read_result

    run_dir = Path(run_dir)
    if not (run_dir / "run.json").is_file() or not (run_dir / "results").is_dir():
        raise _problem("CMP002", run_dir, "not a run folder (it needs run.json and results/)",
                       "give two folders written by 'sedam run', e.g. runs/<client>/<date-time>")
    manifest = read_json(run_dir / "run.json", code="RUN006")
    results = {}
    for sid in _STAGES.values():
        try:
            doc = read_result(run_dir, sid)
        except Exception:
            continue
        results[sid] = doc.get("data", doc) if isinstance(doc, dict) else doc
    client = {}
    cdir = manifest.get("client_dir")
    if cdir and (Path(cdir) / "client.yaml").is_file():
        try:
            from ..core.config import load_client

            client = load_client(cdir)
        except SedamError:
            client = {}
    return {"dir": run_dir, "manifest": manifest, "results": results, "client": client}


def _when(run: dict) -> str:
    m = run["manifest"]
    return str(m.get("finished") or m.get("started") or run["dir"].name)[:10]


def _change(a, b, lang, decimals=0):
    """``(text, css class)`` of the change from ``a`` to ``b``."""
    from ..core.numfmt import MISSING, signed

    if a is None or b is None:
        return MISSING, ""
    d = round(float(b) - float(a), decimals)
    return signed(d, lang, decimals), ("up" if d > 0 else "down" if d < 0 else "")


def progress_tables(a: dict, b: dict, lang: str = "en") -> dict:
    """The four parts as lists of row dicts (plain values, for tests and the HTML): ``readiness``,
    ``decision`` ``(then, now)``, ``kpis``, ``coverage``, ``actions``; a missing part is ``None``."""
    ra, rb = a["results"], b["results"]
    out: dict = {}
    s01 = _STAGES["01"]
    if s01 in ra and s01 in rb:
        then = {x["area"]: x for x in ra[s01].get("areas") or []}
        now = {x["area"]: x for x in rb[s01].get("areas") or []}
        rows = []
        for area in list(now) + [k for k in then if k not in now]:
            t_, n_ = then.get(area, {}), now.get(area, {})
            rows.append({"area": (n_ or t_).get("title") or area, "then": t_.get("score"), "now": n_.get("score")})
        out["readiness"] = rows
        out["overall"] = (ra[s01].get("overall"), rb[s01].get("overall"))
        out["decision"] = (ra[s01].get("decision"), rb[s01].get("decision"))
    else:
        out["readiness"] = out["overall"] = out["decision"] = None
    s05 = _STAGES["05"]
    if s05 in ra and s05 in rb:
        def by_id(res):
            return {k["kpi_id"]: k for k in res.get("kpis") or [] if k.get("region") in (None, "All", "all")}
        then, now = by_id(ra[s05]), by_id(rb[s05])
        out["kpis"] = [{"kpi": (now.get(k) or then.get(k)).get("name") or k, "unit": (now.get(k) or then.get(k)).get("unit"),
                        "target": (now.get(k) or then.get(k)).get("target"),
                        "then": then.get(k, {}).get("latest"), "then_status": then.get(k, {}).get("status"),
                        "now": now.get(k, {}).get("latest"), "now_status": now.get(k, {}).get("status")}
                       for k in list(now) + [k for k in then if k not in now]]
    else:
        out["kpis"] = None
    s03 = _STAGES["03"]
    if s03 in ra and s03 in rb:
        then = {c["element"]: c for c in ra[s03].get("coverage") or []}
        now = {c["element"]: c for c in rb[s03].get("coverage") or []}
        out["coverage"] = [{"element": (now.get(e) or then.get(e)).get("element_name") or e,
                            "then": then.get(e, {}).get("maturity"), "now": now.get(e, {}).get("maturity"),
                            "then_gap": then.get(e, {}).get("is_gap"), "now_gap": now.get(e, {}).get("is_gap")}
                           for e in sorted(set(then) | set(now))]
        out["maturity_mean"] = (ra[s03].get("maturity_mean"), rb[s03].get("maturity_mean"))
    else:
        out["coverage"] = out["maturity_mean"] = None
    out["actions"] = _actions(a, b)
    return out


def _actions(a: dict, b: dict):
    """Run A's improvement actions with their state in run B, or None when A has no stage 06 result."""
    from ..core.fileio import read_yaml

    s06 = _STAGES["06"]
    if s06 not in a["results"]:
        return None
    res_a, res_b = a["results"][s06], b["results"].get(s06)
    rows = []
    nxt = a["dir"] / "next_cycle_actions.yaml"
    planned = []
    if nxt.is_file():
        try:
            planned = (read_yaml(nxt) or {}).get("actions") or []
        except SedamError:
            planned = []
    checked = {}
    for x in (res_b or {}).get("last_cycle") or []:
        checked[(str(x.get("id")), str(x.get("action", "")).strip())] = x
    for act in planned:
        key = (str(act.get("id")), str(act.get("action", "")).strip())
        hit = checked.get(key)
        rows.append({"action": act.get("action", ""), "kind": "kpi",
                     "state": (hit.get("verdict") if hit else ("not_checked" if res_b is not None else "no_result")),
                     "label": (hit.get("verdict_label") if hit else None)})
    cands = {c["candidate"]: c for c in res_a.get("candidates") or []}
    still = {c["candidate"] for c in (res_b or {}).get("candidates") or []}
    for cid in res_a.get("top_actions") or []:
        c = cands.get(cid, {})
        src = c.get("source")
        if res_b is None:
            state = "no_result"
        elif cid in still:
            state = "open"
        elif src and not (b["dir"] / "results" / f"{src}.json").is_file():
            state = "unknown_stage"  # the stage that raised it did not run in the follow-up: not evidence
        else:
            state = "done"
        rows.append({"action": c.get("title") or cid, "kind": "top", "state": state, "label": None})
    return rows


def _figure(rows, lang, tr) -> str:
    """Readiness then and now, one pair of bars per area, as an embedded PNG figure."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from ..methods.plots import PALETTE

    rows = [r for r in rows if r["then"] is not None or r["now"] is not None]
    if not rows:
        return ""
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(rows) + 1.2), dpi=110)
    ys = range(len(rows))
    ax.barh([y + 0.2 for y in ys], [r["then"] or 0 for r in rows], height=0.38, color="#BBBBBB",
            label=tr("deliver.cmp.then"), hatch="//", edgecolor="#777777")
    ax.barh([y - 0.2 for y in ys], [r["now"] or 0 for r in rows], height=0.38, color=PALETTE[0],
            label=tr("deliver.cmp.now"))
    ax.set_yticks(list(ys), [r["area"] if len(r["area"]) <= 42 else r["area"][:40] + "…" for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(tr("deliver.cmp.score_axis"), fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8, frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    alt = "; ".join(f"{r['area']} {_num(r['then'], lang)} → {_num(r['now'], lang)}" for r in rows)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{esc(tr("deliver.cmp.fig_alt") + ": " + alt)}">'
            f"<figcaption>{esc(tr('deliver.cmp.fig_caption'))}</figcaption></figure>")


def _num(x, lang, decimals=0):
    from ..core.numfmt import number

    return number(x, lang, decimals)


def _table(head, rows, caption="") -> str:
    """An escaped table; a cell is text or ``(text, css class)``."""
    h = "".join(f"<th scope='col'>{esc(c)}</th>" for c in head)
    body = []
    for r in rows:
        cells = []
        for c in r:
            text, cls = c if isinstance(c, tuple) else (c, "")
            cells.append(f"<td class='{cls}'>{esc(text)}</td>" if cls else f"<td>{esc(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{h}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _missing_line(tr, stage_key, a, b) -> str:
    from ..stages import STAGES

    sid = _STAGES[stage_key]
    title = next((tr("stage." + s.id) for s in STAGES if s.id == sid), sid)
    which = [lbl for lbl, run in (("A", a), ("B", b)) if sid not in run["results"]]
    return (f"<p class='muted missing'>{esc(tr('deliver.cmp.missing', stage=title, runs=' & '.join(which) or 'A'))}"
            "</p>")


def _html(a, b, parts, lang) -> str:
    from ..core.i18n import t
    from ..core.numfmt import MISSING, date

    def tr(key, **kw):
        return t(key, lang, **kw)

    client = b["client"] or a["client"]
    name = client.get("name") or b["manifest"].get("client_name") or b["manifest"].get("client") or ""
    colour = brand_colour(client)
    then_label = tr("deliver.cmp.then_on", date=date(_when(a), lang))
    now_label = tr("deliver.cmp.now_on", date=date(_when(b), lang))
    sections = []

    def decision(x):
        return tr(f"report.decision_{x}") if x in ("go", "prepare_first", "not_now") else (x or MISSING)

    # 1. readiness and decision
    body = ""
    if parts["readiness"] is None:
        body = _missing_line(tr, "01", a, b)
    else:
        (o_then, o_now), (d_then, d_now) = parts["overall"], parts["decision"]
        body += (f"<p><b>{esc(tr('report.decision'))}:</b> {esc(decision(d_then))} → {esc(decision(d_now))}. "
                 f"{esc(tr('deliver.cmp.overall', then=_num(o_then, lang), now=_num(o_now, lang), change=_change(o_then, o_now, lang)[0]))}</p>")
        body += _figure(parts["readiness"], lang, tr)
        body += _table([tr("deliver.cmp.col_area"), then_label, now_label, tr("deliver.cmp.col_change")],
                       [[r["area"], (_num(r["then"], lang), "num"), (_num(r["now"], lang), "num"),
                         (lambda c: (c[0], "num " + c[1]))(_change(r["then"], r["now"], lang))]
                        for r in parts["readiness"]], tr("deliver.cmp.cap_readiness"))
    sections.append(("readiness", tr("deliver.cmp.h_readiness"), body))
    # 2. KPIs
    if parts["kpis"] is None:
        body = _missing_line(tr, "05", a, b)
    else:
        def status(s):
            return tr(f"report.status_{s}") if s in ("met", "on_track", "off_track", "not_measurable") else MISSING

        def val(x):
            return _num(x, lang, 1)
        body = _table([tr("deliver.cmp.col_kpi"), tr("deliver.cmp.col_unit"), tr("deliver.cmp.col_target"), then_label,
                       now_label],
                      [[k["kpi"], k["unit"] or "", (val(k["target"]), "num"),
                        f"{val(k['then'])} ({status(k['then_status'])})",
                        f"{val(k['now'])} ({status(k['now_status'])})"] for k in parts["kpis"]],
                      tr("deliver.cmp.cap_kpis"))
    sections.append(("kpis", tr("deliver.cmp.h_kpis"), body))
    # 3. coverage
    if parts["coverage"] is None:
        body = _missing_line(tr, "03", a, b)
    else:
        m_then, m_now = parts["maturity_mean"]
        body = f"<p>{esc(tr('deliver.cmp.maturity', then=_num(m_then, lang, 1), now=_num(m_now, lang, 1)))}</p>"
        gap = tr("deliver.cmp.gap")
        body += _table([tr("deliver.cmp.col_element"), then_label, now_label, tr("deliver.cmp.col_change")],
                       [[c["element"], (_num(c["then"], lang) + (f" ({gap})" if c["then_gap"] else ""), "num"),
                         (_num(c["now"], lang) + (f" ({gap})" if c["now_gap"] else ""), "num"),
                         (lambda ch: (ch[0], "num " + ch[1]))(_change(c["then"], c["now"], lang))]
                        for c in parts["coverage"]], tr("deliver.cmp.cap_coverage"))
    sections.append(("coverage", tr("deliver.cmp.h_coverage"), body))
    # 4. actions
    if parts["actions"] is None:
        body = _missing_line(tr, "06", a, b)
    elif not parts["actions"]:
        body = f"<p class='muted'>{esc(tr('deliver.cmp.no_actions'))}</p>"
    else:
        def state(r):
            if r["label"]:
                return r["label"]
            return tr(f"deliver.cmp.state_{r['state']}") if r["state"] in (
                "done", "open", "unknown_stage", "not_checked", "no_result", "worked", "not_yet", "no_data") else str(r["state"])
        body = _table([tr("deliver.cmp.col_action"), tr("deliver.cmp.col_kind"), tr("deliver.cmp.col_state")],
                      [[r["action"], tr(f"deliver.cmp.kind_{r['kind']}"), state(r)] for r in parts["actions"]],
                      tr("deliver.cmp.cap_actions"))
        if b["results"].get(_STAGES["06"]) is None:
            body += _missing_line(tr, "06", a, b)
    sections.append(("actions", tr("deliver.cmp.h_actions"), body))
    secs = "".join(f"<section id='{sid}'><h2>{i}. {esc(title)}</h2>{html}</section>"
                   for i, (sid, title, html) in enumerate(sections, 1))
    made = date(_dt.datetime.now(_dt.timezone.utc).date(), lang)
    return f"""<!DOCTYPE html>
<html lang="{esc(lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{esc(name)} — {esc(tr('deliver.cmp.title'))}</title>
<style>:root{{--brand:{colour};--fg:{text_colour(colour)}}}{CSS}</style></head>
<body><header><h1>{esc(name)}</h1><p>{esc(tr('deliver.cmp.title'))} · {esc(then_label)} → {esc(now_label)}</p></header>
<main>{secs}
<section id="about"><h2>{esc(tr('report.about'))}</h2><p class="muted">{esc(tr('deliver.cmp.about', a=a['dir'].name, b=b['dir'].name, when=made))}</p></section>
</main></body></html>
"""


def compare_runs(run_a, run_b, out_dir=None, *, pdf: bool = True, log=print) -> Path:
    """Write ``progress.html`` (and ``progress.pdf``) comparing ``run_a`` (then) with ``run_b`` (now);
    return the HTML path. ``out_dir`` defaults to ``<run_b>/compare``."""
    from ..core.fileio import atomic_write_text
    from ..core.i18n import normalise_language

    a, b = load_run(run_a), load_run(run_b)
    if a["dir"].resolve() == b["dir"].resolve():
        raise _problem("CMP003", a["dir"], "the same run was given twice",
                       "give the earlier assessment first and the follow-up second")
    ca, cb = a["manifest"].get("client"), b["manifest"].get("client")
    if not ca or ca != cb:
        raise SedamError(Problem("CMP001", str(b["dir"]), "client",
                                 f"the runs belong to different clients ({ca or '?'} and {cb or '?'})",
                                 "compare two runs of the same client folder (runs/<client>/...)"),
                         "no progress report was written")
    lang = normalise_language(b["client"].get("language") or (b["manifest"].get("parameters") or {}).get("language"))
    parts = progress_tables(a, b, lang)
    out = Path(out_dir) if out_dir else b["dir"] / "compare"
    try:
        html = atomic_write_text(out / "progress.html", _html(a, b, parts, lang))
    except OSError as e:
        raise SedamError(Problem("RUN007", str(out), None, f"cannot write progress.html there ({e.strerror or e})",
                                 "give a writable folder with --out"), "no progress report was written") from None
    if pdf:
        from .pdf import html_to_pdf

        html_to_pdf(html, log=log, what="progress.pdf")
    return html
