"""Stage 06's section of the client report: ``section(ctx)`` returns the executive-summary lines (the
top actions, as "what to do next") and the section's HTML (``ctx`` is a
:class:`sedamkit.delivery.report.ReportContext`).

Candidates are titled from what they are about (a KPI's, element's or approach's name), their source
is the stage's title, their heading and quadrant are words. Last cycle's actions (``last_cycle``,
``last_cycle_note``) get a table with each test's name and a plain verdict. Without impact and effort
scores the section says so in one line instead of an empty grid."""
from __future__ import annotations

from pathlib import Path

from ...core.text import esc
from .texts import names_for

__all__ = ["section"]


def _last_cycle(ctx, d, names) -> str:
    import pandas as pd

    rows = d.get("last_cycle") or []
    note = d.get("last_cycle_note") or ""
    if not rows:
        return (f"<h3>{esc(ctx.tr('rpt.h.last_cycle'))}</h3>" + ctx.missing("rpt.last_cycle_missing")) if not note else \
            f"<h3>{esc(ctx.tr('rpt.h.last_cycle'))}</h3><p>{esc(note)}</p>"
    t = pd.DataFrame(rows)
    t["kpi"] = [names["kpi"].get(r.get("target_kpi"), r.get("kpi_name") or r.get("target_kpi")) for r in rows]
    t["periods"] = [ctx.tr("rpt.vs", a=ctx.period(r.get("latest")), b=ctx.period(r.get("since")))
                    if r.get("latest") and r.get("since") else "—" for r in rows]
    t["test"] = t["method"].map(lambda x: ctx.tr(f"std.test.{x}") if x in ("welch_t", "newcombe", "nps_normal") else "")
    t["verdict_word"] = t["verdict"].map(lambda v: ctx.tr(f"std.verdict.{v}") if v in ("worked", "not_yet", "no_data") else str(v))
    n_worked = sum(r.get("verdict") == "worked" for r in rows)
    lead = ctx.count("rpt.last_cycle_lead", len(rows), worked=ctx.n(n_worked))
    return (f"<h3>{esc(ctx.tr('rpt.h.last_cycle'))}</h3><p>{esc(lead)}{(' ' + esc(note)) if note else ''}</p>"
            + ctx.table(t, "last_cycle", ctx.tr("rpt.cap_last_cycle"), export=pd.DataFrame(rows),
                        cols=[("action", "rpt.col.action", "text"), ("kpi", "rpt.col.kpi", "text"),
                              ("periods", "rpt.col.periods", "text"), ("before", "rpt.col.before", "n1"),
                              ("after", "rpt.col.after", "n1"), ("p_value", "rpt.col.p", "p"),
                              ("test", "rpt.col.test", "text"), ("verdict_word", "rpt.col.verdict", "text")]))


def section(ctx):
    import pandas as pd

    d = ctx.results["06_improvement"]
    names = names_for(ctx)
    cands = pd.DataFrame(d.get("candidates", []))
    scored = bool(d.get("n_scored")) if "n_scored" in d else not cands.empty
    summary = []
    if not cands.empty:
        cands["title_words"] = [ctx.candidate_title(c, names) for c in d["candidates"]]
        by_id = dict(zip(cands["candidate"], cands["title_words"]))
        quad = dict(zip(cands["candidate"], cands.get("quadrant", pd.Series([""] * len(cands)))))
        for c in (d.get("top_actions") or [])[:3]:
            q = quad.get(c)
            summary.append(("next6", esc(by_id.get(c, ctx.humanise(c)))
                            + (f" <span class='muted'>({esc(ctx.quadrant(q))})</span>" if q and scored else "")))
    new_plan = Path((d.get("plan") or {}).get("new") or "").name
    if new_plan:
        summary.append(("next6", esc(ctx.tr("rpt.sum_new_plan", file=new_plan))))
    body = []
    if not cands.empty:
        cands["source_title"] = cands["source"].map(ctx.stage_title)
        cands["heading_word"] = cands["heading"].map(ctx.heading)
        cands["quadrant_word"] = cands["quadrant"].map(lambda q: ctx.quadrant(q) if isinstance(q, str) and q else "")
        if scored:
            alt = ctx.tr("report.alt_matrix") + ": " + "; ".join(
                f"{r['title_words']} ({r['quadrant_word']})" for _, r in cands.head(8).iterrows()) + "."
            body.append(ctx.figure("06_impact_effort", alt, ctx.tr("report.cap_matrix")))
        else:
            body.append(ctx.missing("rpt.scores_missing"))
        cols = [("rank", "rpt.col.rank", "int"), ("title_words", "rpt.col.action", "text"),
                ("source_title", "rpt.col.source", "text"), ("heading_word", "rpt.col.heading", "text")]
        if scored:
            cols += [("quadrant_word", "rpt.col.quadrant", "text"), ("impact", "rpt.col.impact", "n1"),
                     ("effort", "rpt.col.effort", "n1")]
        body.append(ctx.table(cands, "improvement_candidates", ctx.tr("report.cap_candidates"),
                              export=pd.DataFrame(d["candidates"]), cols=cols))
    else:
        body.append(ctx.missing("rpt.no_candidates"))
    body.append(_last_cycle(ctx, d, names))
    changes = pd.DataFrame(d.get("changes", []))
    if not changes.empty:
        changes["what"] = [ctx.tr(f"rpt.change.{c.get('change')}") if ctx.has(f"rpt.change.{c.get('change')}") else ctx.humanise(c.get("change"))
                           for c in d["changes"]]
        changes["about"] = [by_id.get(c.get("candidate"), "") if not cands.empty else "" for c in d["changes"]]
        changes["done"] = changes["applied"].map(lambda a: ctx.tr("rpt.change_applied") if a else ctx.tr("rpt.change_by_hand"))
        body.append(ctx.table(changes, "plan_changes", ctx.tr("report.cap_changes"), export=changes.drop(columns=["fields", "old"], errors="ignore"),
                              cols=[("what", "rpt.col.change", "text"), ("about", "rpt.col.for_action", "text"),
                                    ("done", "rpt.col.applied", "text")]))
    if new_plan:
        body.append(f"<p class='muted'>{esc(ctx.tr('report.new_plan_note', file=new_plan))}</p>")
    return summary, "\n".join(b for b in body if b)
