"""Stage 06: the one-page cycle summary and the stage result."""
from __future__ import annotations

from pathlib import Path

from ...core.jsonsafe import json_safe, records
from ...core.text import md, md_code
from .common import EARLIER_STAGES, HEADINGS, QUADRANT_LABELS
from .scores import by_heading

__all__ = ["cycle_summary", "stage_result"]


# =============================================================================== summary
def cycle_summary(results: dict, ranked=None, changes=None, plan_files=None, *, client_name=None) -> str:
    """A one-page Markdown summary of the cycle for the client: where they started (01), what they
    planned (02, 03), what happened (04, 05), what changes next (06)."""
    r1, r2, r3, r4, r5 = (results.get(s) or {} for s in EARLIER_STAGES)
    L = [f"# {md(client_name or r2.get('client') or 'Client')} — one service excellence cycle", ""]
    L.append("## Where we started")
    if r1:
        dec = {"go": "go", "prepare_first": "prepare first", "not_now": "not now"}.get(r1.get("decision"), r1.get("decision"))
        L.append(f"- Readiness {r1.get('overall', 0):.0f} / 100, decision **{dec}**; blocking gaps: "
                 f"{', '.join(map(md, r1.get('blocking_gaps') or [])) or 'none'}.")
    else:
        L.append("- No readiness assessment in this cycle.")
    if r3:
        L.append(f"- Digital maturity {r3.get('maturity_mean')} of 4 on average over the nine elements; "
                 f"first priorities: {', '.join(map(md, (r3.get('priority_order') or [])[:3]))}.")
    L += ["", "## What we planned"]
    if r2:
        t = r2.get("totals") or {}
        per = r2.get("period") or {}
        L.append(f"- {md(r2.get('title') or 'The plan')} ({per.get('start')} to {per.get('end')}): "
                 f"{len(r2.get('goals') or [])} goals, {t.get('n_kpis', len(r2.get('kpis') or []))} KPIs, "
                 f"{t.get('n_phases', len(r2.get('phases') or []))} phases, budget {t.get('budget', 0):,.0f} "
                 f"{md(r2.get('currency') or '')}.".replace(" .", "."))
    L += ["", "## What happened"]
    if r5:
        c = r5.get("status_counts") or {}
        L.append(f"- KPIs as of {r5.get('as_of')}: {c.get('met', 0)} met, {c.get('on_track', 0)} on track, "
                 f"{c.get('off_track', 0)} off track, {c.get('not_measurable', 0)} not measurable.")
        for k in r5.get("kpis") or []:
            if k.get("status") in ("met", "off_track"):
                L.append(f"  - {md(k['kpi_id'])} {md(k['name'])}: {k['latest']:.1f} against target {k['target']:g} — "
                         f"{k['status'].replace('_', ' ')}.")
        if r5.get("poorly_rated"):
            L.append(f"- Approaches rated poorly: {', '.join(map(md, r5['poorly_rated']))}.")
        lag = [x["region"] for x in r5.get("lagging_regions") or [] if int(x.get("n_lagging") or 0) >= 2]
        if lag:
            L.append(f"- Lagging region(s): {', '.join(map(md, lag))}.")
        m = r5.get("mission") or {}
        if m.get("verdict") and m.get("verdict") != "not_reviewed":
            L.append(f"- Mission review: {m.get('overall')} / 100 — {m.get('verdict')}.")
    if r4:
        mb = [m.get("feature") for m in r4.get("must_be_weak") or [] if isinstance(m, dict)]
        if mb:
            L.append(f"- Customers' basics not delivered well: {', '.join(map(md, mb))}.")
    L += ["", "## What changes next"]
    if ranked is not None and len(ranked):
        for r in ranked.head(5).itertuples():
            L.append(f"{r.rank}. **{md(r.title)}** — {QUADRANT_LABELS[r.quadrant]}, {HEADINGS[r.heading][1]} "
                     f"({HEADINGS[r.heading][0]}); from stage {r.source[:2]}.")
    if changes:
        n_auto = sum(1 for c in changes if c["applied"])
        L.append(f"- The plan gets {n_auto} change(s) now and {len(changes) - n_auto} to write by hand.")
    if plan_files:
        L.append(f"- New plan version: {md_code(Path(plan_files['new']).name)} beside {md_code(Path(plan_files['old']).name)} "
                 "(the old plan is unchanged).")
    return "\n".join(L)



# =============================================================================== result
def stage_result(candidates, ranked, changes, *, plan_files=None, summary=None, notes=None, last_cycle=None,
                 last_cycle_note="") -> dict:
    """The ``data`` of stage 06's result.

    Keys
    ----
    - ``candidates`` — records of :func:`rank` (candidate, source, kind, ref, title, detail, heading,
      severity, impact, effort, n, quadrant, net, rank)
    - ``n_candidates``, ``n_scored``, ``by_source`` — ``{stage id: count}``
    - ``by_heading`` — ``{heading: [candidate ids in rank order]}``; ``headings`` — ``{id: [clause, title]}``
    - ``quick_wins`` — ids; ``top_actions`` — ids of the actions taken into the plan
    - ``changes`` — the proposed changes (:func:`propose_changes`)
    - ``plan`` — ``{old, new, folder, rule, created}`` or None
    - ``summary`` — the one-page cycle summary (Markdown); ``notes`` — notes about missing results
    - ``last_cycle`` — per action of the last cycle (:func:`~sedamkit.stages.improvement.previous.last_cycle`):
      ``action``, ``target_kpi``, ``before``, ``after``, ``verdict`` (worked / not_yet / no_data) …;
      ``[]`` with ``last_cycle_note`` ("No previous cycle recorded …") when the client records none
    """
    keep = [c for c in ranked.columns if c not in ("comments", "fix", "code", "weak_on")]
    top = [c["candidate"] for c in changes if c.get("candidate")]
    out = {
        "candidates": records(ranked[keep], infinity="text"),
        "n_candidates": int(len(candidates)), "n_scored": int((ranked["quadrant"] != "not_scored").sum()),
        "by_source": {s: int(v) for s, v in candidates["source"].value_counts().sort_index().items()},
        "by_heading": by_heading(ranked), "headings": {h: list(v) for h, v in HEADINGS.items()},
        "quick_wins": ranked.loc[ranked["quadrant"] == "quick_win", "candidate"].tolist(),
        "top_actions": list(dict.fromkeys(top)),
        "changes": changes, "plan": plan_files, "summary": summary, "notes": list(notes or []),
        "last_cycle": list(last_cycle or []), "last_cycle_note": last_cycle_note or "",
    }
    return json_safe(out, infinity="text")


