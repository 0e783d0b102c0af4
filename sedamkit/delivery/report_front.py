"""The front of the report: the cover, the contents, the executive summary, and the one line of each
stage that has no section (left out, failed).

The cover shows the client's name and logo (:mod:`sedamkit.core.logo`), the assessment date (the date
the stages' results were made), who it is prepared for (the contact person of client.yaml) and by (the
``prepared_by:`` setting), and a confidentiality mark (``report: {confidentiality: ...}``; ``false``
for none). The executive summary puts the decision first, then its reasons (one line per stage), then
what to do next.
"""
from __future__ import annotations

from ..core.text import esc

__all__ = ["cover", "contents", "executive_summary", "not_in_report", "confidentiality", "assessment_date"]


def confidentiality(ctx) -> str:
    """The confidentiality mark ("" when the client set ``report: {confidentiality: false}``)."""
    rep = ctx.client.get("report") or {}
    mark = rep.get("confidentiality", True) if isinstance(rep, dict) else True
    if mark is False:
        return ""
    return ctx.tr("rpt.confidential") if mark in (True, None, "") else str(mark)


def assessment_date(ctx) -> str:
    """The date of the assessment: when the run's stages made their results (the run's end)."""
    import datetime as _dt

    when = ctx.manifest.get("finished") or ctx.manifest.get("started")
    if not when:
        dates = [r.get("_created") for r in ctx.results.values() if isinstance(r, dict) and r.get("_created")]
        when = max(dates) if dates else _dt.date.today().isoformat()
    return ctx.date(str(when)[:10])


def cover(ctx, name: str) -> str:
    """The cover block: logo, client name, subtitle, date, prepared for / by, confidentiality."""
    from ..core.logo import find_logo, logo_data_uri

    logo = find_logo(ctx.client)
    img = (f"<img class='logo' src='{logo_data_uri(logo)}' alt='{esc(ctx.tr('rpt.logo_alt', client=name))}'>"
           if logo else "")
    contact = ctx.client.get("contact") or {}
    rows = [(ctx.tr("rpt.cover_date"), assessment_date(ctx))]
    if isinstance(contact, dict) and contact.get("name"):
        who = str(contact["name"]) + (f", {contact['role']}" if contact.get("role") else "")
        rows.append((ctx.tr("rpt.prepared_for"), who))
    if ctx.client.get("prepared_by"):
        rows.append((ctx.tr("rpt.prepared_by"), str(ctx.client["prepared_by"])))
    if ctx.client.get("sector"):
        rows.append((ctx.tr("rpt.sector"), str(ctx.client["sector"])))
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    mark = confidentiality(ctx)
    return (f"<header class='cover'>{img}<h1>{esc(name)}</h1><p class='subtitle'>{esc(ctx.tr('report.subtitle'))}</p>"
            f"<dl>{dl}</dl>" + (f"<p class='mark'>{esc(mark)}</p>" if mark else "") + "</header>")


def contents(ctx, entries) -> str:
    """The contents list: ``entries`` are ``(anchor id, title)``, each a link to its section."""
    items = "".join(f"<li><a href='#{esc(a)}'>{esc(t)}</a></li>" for a, t in entries)
    return f"<nav class='contents' aria-labelledby='contents-h'><h2 id='contents-h'>{esc(ctx.tr('report.contents'))}</h2><ol>{items}</ol></nav>"


def executive_summary(ctx, lines, missing) -> str:
    """The summary: the decision, the reasons (one line per stage), what to do next, what is missing.

    ``lines`` are ``(kind, html)`` pairs from the stage sections (kind ``decision``, ``reason``,
    ``next``, or ``next6`` for stage 06's ranked actions, which replace the other hints when present);
    plain strings count as reasons.
    """
    by = {"decision": [], "reason": [], "next": [], "next6": []}
    for line in lines:
        kind, text = line if isinstance(line, tuple) else ("reason", line)
        by.setdefault(kind, []).append(text)
    if by.pop("next6"):  # the ranked actions of stage 06 replace the other stages' hints
        by["next"] = [text for kind, text in (x for x in lines if isinstance(x, tuple)) if kind == "next6"]
    out = ['<section id="summary">' + f"<h2>{esc(ctx.tr('report.summary'))}</h2><div class='summary'>"]
    if by["decision"]:
        out.append("".join(f"<p class='decision'>{d}</p>" for d in by["decision"]))
    if by["reason"]:
        out.append(f"<h3>{esc(ctx.tr('rpt.sum_why'))}</h3><ul>" + "".join(f"<li>{r}</li>" for r in by["reason"]) + "</ul>")
    if by["next"]:
        out.append(f"<h3>{esc(ctx.tr('rpt.sum_next_h'))}</h3><ol>" + "".join(f"<li>{n}</li>" for n in by["next"]) + "</ol>")
    if not any(by.values()):
        out.append(f"<p>{esc(ctx.tr('report.no_results'))}</p>")
    if missing:
        out.append(f"<h3>{esc(ctx.tr('rpt.sum_missing_h'))}</h3><ul class='not-in-report'>"
                   + "".join(f"<li>{esc(m)}</li>" for m in missing) + "</ul>")
    out.append("</div></section>")
    return "".join(out)


def not_in_report(ctx) -> list[str]:
    """One line per stage of the run without a section: left out (and what it needs), failed (and where
    its executed notebook is, relative to the run folder), or not run."""
    from ..stages import STAGES

    entries = {e.get("stage"): e for e in ctx.manifest.get("stages") or []}
    out = []
    for st in STAGES:
        if not st.runs or st.id in ctx.results:
            continue
        title = ctx.stage_title(st.id)
        e = entries.get(st.id)
        if e and e.get("status") == "failed":
            nb = e.get("notebook") or f"notebooks/{st.notebook}"
            out.append(ctx.tr("rpt.stage_failed", stage=title, notebook=str(nb)))
        elif e and e.get("status") == "skipped":
            need = [u for u in st.upstream if u not in ctx.results]
            if need:
                out.append(ctx.tr("rpt.stage_needs", stage=title, other=ctx.stage_title(need[0])))
            else:
                inputs = [ctx.tr(f"rpt.input.{i.key}") if _has(f"rpt.input.{i.key}") else i.what
                          for i in st.inputs]
                out.append(ctx.tr("rpt.stage_no_inputs", stage=title, inputs=ctx.join(inputs)))
        elif ctx.manifest.get("stages") is not None:
            out.append(ctx.tr("rpt.stage_not_selected", stage=title))
    return out


def _has(key):
    from .report_names import has_key

    return has_key(key)
