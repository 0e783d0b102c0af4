"""Stage 06: the one-page cycle summary and the stage result."""
from __future__ import annotations

from pathlib import Path

from ...core.jsonsafe import json_safe, records
from ...core.text import md, md_code
from .common import EARLIER_STAGES, HEADINGS
from .scores import by_heading

__all__ = ["cycle_summary", "stage_result"]


# =============================================================================== summary
def cycle_summary(results: dict, ranked=None, changes=None, plan_files=None, *, client_name=None,
                  language: str = "en") -> str:
    """A one-page Markdown summary of the cycle for the client: where they started (01), what they
    planned (02, 03), what happened (04, 05), what changes next (06); in ``language`` (``en`` or ``fr``:
    the fixed text from ``ui_frx.yaml``, numbers written that language's way, candidate titles as in
    :func:`~sedamkit.stages.improvement.texts.candidate_titles`)."""
    from ...core.prose import Prose
    from ..customer_experience.inputs import feature_label
    from ..evaluation.texts import approach_name
    from .texts import candidate_titles, heading_title, quadrant_word

    tx = Prose(language)
    en = tx.language == "en"
    r1, r2, r3, r4, r5 = (results.get(s) or {} for s in EARLIER_STAGES)
    L = [tx.tr("frx.sum.title", client=md(client_name or r2.get("client") or tx.tr("frx.sum.client"))), ""]
    L.append(tx.tr("frx.sum.h_started"))
    if r1:
        dec = r1.get("decision")
        dec = tx.tr(f"frx.sum.decision.{dec}") if dec in ("go", "prepare_first", "not_now") else dec
        areas = {a.get("area"): a.get("title") for a in r1.get("areas") or [] if isinstance(a, dict)}
        gaps = ", ".join(md(areas.get(g) or g) for g in r1.get("blocking_gaps") or []) or tx.tr("rpt.none")
        L.append(tx.tr("frx.sum.readiness", score=tx.n(r1.get("overall", 0)), decision=dec, gaps=gaps))
    else:
        L.append(tx.tr("frx.sum.no_readiness"))
    if r3:
        mat = r3.get("maturity_mean")
        L.append(tx.tr("frx.sum.maturity", maturity=mat if en else tx.n(mat, 2),
                       first=", ".join(map(md, (r3.get("priority_order") or [])[:3]))))
    L += ["", tx.tr("frx.sum.h_planned")]
    if r2:
        t = r2.get("totals") or {}
        per = r2.get("period") or {}
        budget = f"{t.get('budget', 0):,.0f}" if en else tx.n(t.get("budget", 0))
        L.append(tx.tr("frx.sum.plan", title=md(r2.get("title") or tx.tr("frx.sum.the_plan")),
                       start=per.get("start") if en else tx.date(per.get("start")),
                       end=per.get("end") if en else tx.date(per.get("end")),
                       goals=tx.count("frx.sum.n_goals", len(r2.get("goals") or [])),
                       kpis=tx.count("rpt.n_kpis", t.get("n_kpis", len(r2.get("kpis") or []))),
                       phases=tx.count("rpt.n_phases", t.get("n_phases", len(r2.get("phases") or []))),
                       budget=budget, currency=md(r2.get("currency") or "")).replace(" .", "."))
    L += ["", tx.tr("frx.sum.h_happened")]
    if r5:
        c = r5.get("status_counts") or {}
        L.append(tx.tr("frx.sum.kpis", as_of=r5.get("as_of") if en else tx.period(r5.get("as_of")),
                       counts=", ".join(tx.count(f"rpt.n_status.{s}", c.get(s, 0))
                                        for s in ("met", "on_track", "off_track", "not_measurable"))))
        for k in r5.get("kpis") or []:
            if k.get("status") in ("met", "off_track"):
                L.append(tx.tr("frx.sum.kpi", id=md(k["kpi_id"]), name=md(k["name"] if en else tx.kpi(k)),
                               latest=f"{k['latest']:.1f}" if en else tx.n(k["latest"], 1),
                               target=f"{k['target']:g}" if en else tx.g(k["target"]),
                               status=tx.tr(f"frx.ev.status.{k['status']}")))
        if r5.get("poorly_rated"):
            L.append(tx.tr("frx.sum.poor", items=", ".join(md(approach_name(tx, a)) for a in r5["poorly_rated"])))
        lag = [x["region"] for x in r5.get("lagging_regions") or [] if int(x.get("n_lagging") or 0) >= 2]
        if lag:
            L.append(tx.tr("frx.sum.lagging." + ("one" if len(lag) == 1 else "other"), regions=", ".join(map(md, lag))))
        m = r5.get("mission") or {}
        if m.get("verdict") and m.get("verdict") != "not_reviewed":
            L.append(tx.tr("frx.sum.mission", score=m.get("overall") if en else tx.n(m.get("overall")),
                           verdict=m.get("verdict") if en else tx.tr(f"rpt.mission_verdict.{m.get('verdict')}")))
    if r4:
        mb = [m.get("feature") for m in r4.get("must_be_weak") or [] if isinstance(m, dict)]
        if mb:
            L.append(tx.tr("frx.sum.basics", items=", ".join(md(feature_label(f)) for f in mb)))
    L += ["", tx.tr("frx.sum.h_next")]
    if ranked is not None and len(ranked):
        top = ranked.head(5)
        for r, title in zip(top.itertuples(), candidate_titles(top, results, language)):
            L.append(tx.tr("frx.sum.action", rank=r.rank, title=md(title), quadrant=quadrant_word(r.quadrant, language),
                           heading=heading_title(r.heading, language), stage=r.source[:2]))
    if changes:
        n_auto = sum(1 for c in changes if c["applied"])
        L.append(tx.tr("frx.sum.changes", now=tx.count("frx.sum.n_changes", n_auto), by_hand=tx.n(len(changes) - n_auto)))
    if plan_files:
        L.append(tx.tr("frx.sum.new_plan", new=md_code(Path(plan_files["new"]).name), old=md_code(Path(plan_files["old"]).name)))
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


