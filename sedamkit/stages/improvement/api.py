"""Stage 06 — continuous improvement (ISO/DTS 19384 clause 8.2).

Clause 8.2 is known to the kit by its headings only: 8.2.1 general, 8.2.2 optimizing the DAAP,
8.2.3 customer-centric service improvement, 8.2.4 internal service-system improvement, 8.2.5
improving the business development strategy and business model. The method below is the kit's own.

1. **Candidates** (:func:`collect_candidates`) — every earlier stage's result is searched for things
   to improve; each candidate keeps its ``source`` stage and the id it refers to (``ref``):

   ======  ==================================================================================
   source  what becomes a candidate
   ======  ==================================================================================
   01      blocking readiness gaps the plan does not address (all blocking gaps without stage 02)
   02      plan flags of severity high or medium (PLAN208/209/213 are left out: 01 and 05 cover them)
   03      the three element gaps with the highest priority
   04      Kano must-be features with weak performance; the three worst pain points (a touchpoint
           already named by a must-be candidate is not repeated)
   05      off-track KPIs, not-measurable KPIs, approaches rated poorly, a mission rated "revise",
           regions that lag on two KPIs or more
   ======  ==================================================================================

2. **Headings** (:data:`HEADINGS`, :func:`heading_for`) — each candidate goes under one of the four
   8.2 headings by these rules: plan flags, not-measurable KPIs and poorly rated approaches →
   *optimizing the DAAP*; Kano and journey findings, lagging regions and off-track customer KPIs
   (CSAT, NPS, CES, retention) → *customer-centric*; off-track internal KPIs (employee satisfaction
   and turnover, process time, cost) → *internal service system*; the mission → *business
   development strategy and model*. Readiness gaps and element gaps follow their area or dimension
   (:data:`AREA_HEADINGS`, :data:`DIMENSION_HEADINGS`); a custom KPI follows its first element.

3. **Scores and ranking** (:func:`candidate_scores`, :func:`rank`) — the learner scores each
   candidate's impact and effort 1–5 (questionnaire ``improvement_scores``, built at run time; items
   ``<candidate>__impact`` and ``<candidate>__effort``). The mean over respondents places it in a
   quadrant: **high impact** means impact above 3, **low effort** means effort below 3 (a mean of
   exactly 3 counts as low impact and as high effort: an average action is no quick win).
   Order: quick wins, major projects (high impact, high effort), fill-ins (low impact, low effort),
   thankless tasks (low impact, high effort), not scored. Within a quadrant: ``net = impact − effort``
   (larger first), then higher impact, then lower effort, then earlier source stage, then candidate id
   — so the ranking is deterministic.

4. **DAAP update** (:func:`propose_changes`, :func:`apply_changes`, :func:`write_plan_version`) —
   the top actions become changes to the plan for the next cycle (the year after the plan's end):
   an off-track KPI is re-based on its latest value and given the next cycle's due date, with a
   recovery phase; an approach rated poorly on suitability or benefit is dropped from its phases,
   one rated poorly only on use gets an adoption phase; gaps and findings get a phase (quick wins
   in the first quarter, larger actions over the first half); plan flags and the mission become
   *manual* changes (listed, not applied: a person must write them). Independently of the ranking,
   every met KPI gets a new target one planned step further (continuous improvement), capped at 100
   for percentages. The plan's period is extended to the next cycle and its version raised.

Where the new plan goes
-----------------------
The old plan is never overwritten (:func:`sedamkit.stages.daap.api.save_plan_version` writes ``plan.v2.yaml``,
``plan.v3.yaml`` … beside it):

* interactive, when notebook 02's working copy ``<answers_dir>/02_daap/plan.yaml`` exists: the new
  version goes beside it, so the next cycle's notebook 02 can start from it;
* otherwise (every batch run): ``<output_dir>/plan/plan.yaml`` is a byte copy of the plan that was
  evaluated and the new version is ``<output_dir>/plan/plan.v2.yaml``; the client's folder is never
  written.

Writing the same plan twice does not create a second identical version.

Answers layout
--------------
``answers/06_improvement/scores/<respondent>.json`` (one questionnaire, its own sub-folder).
Scores for a candidate that is no longer listed are kept (group "no longer listed") and not used.

Error codes
-----------
=======  =========================================================================
IMP001   an earlier result has the wrong shape (e.g. ``flags`` is not a list)
IMP002   a parameter is not valid (``top``, unknown heading)
IMP003   a scores file is not valid (item id not ``<candidate>__impact|effort``)
IMP004   a proposed change cannot be applied to the plan (the plan's own PLAN code follows)
=======  =========================================================================

Examples
--------
>>> import pandas as pd
>>> c = pd.DataFrame({"candidate": ["a", "b", "c"], "source": ["05_evaluation"] * 3,
...                   "impact": [4.0, 5.0, 4.0], "effort": [2.0, 4.0, 2.0]})
>>> rank(c)[["candidate", "quadrant", "rank"]].values.tolist()
[['a', 'quick_win', 1], ['c', 'quick_win', 2], ['b', 'major_project', 3]]
"""
from __future__ import annotations

import copy
import datetime as _dt
import difflib
import math
import re
import shutil
from pathlib import Path

from ...core.errors import Problem, Problems, SedamError
from ...core.exercises import Feedback, exercise

__all__ = [
    "STAGE", "HEADINGS", "AREA_HEADINGS", "DIMENSION_HEADINGS", "QUADRANTS", "IMPACT_HIGH_ABOVE",
    "EFFORT_LOW_BELOW", "EARLIER_STAGES", "earlier_results", "plan_in_use", "load_scores", "QUADRANT_LABELS", "collect_candidates", "heading_for", "scores_spec",
    "candidate_scores", "quadrant", "rank", "by_heading", "top_actions", "next_cycle", "propose_changes",
    "apply_changes", "plan_target", "write_plan_version", "plan_diff", "changes_table", "cycle_summary",
    "plot_matrix", "stage_result", "validate_client_inputs", "check_quick_wins", "check_headings",
    "heading_exercise_sample",
]

STAGE = "06_improvement"
EARLIER_STAGES = ("01_necessity_feasibility", "02_daap", "03_application", "04_customer_experience", "05_evaluation")
#: The four headings of clause 8.2: id → (clause, title).
HEADINGS = {
    "optimize_daap": ("8.2.2", "Optimizing the DAAP"),
    "customer_centric": ("8.2.3", "Customer-centric service improvement"),
    "internal_system": ("8.2.4", "Internal service-system improvement"),
    "business_model": ("8.2.5", "Business development strategy and business model"),
}
_HEADINGS_FR = {
    "optimize_daap": "Optimiser le programme (DAAP)",
    "customer_centric": "Amélioration du service centrée sur le client",
    "internal_system": "Amélioration du système de service interne",
    "business_model": "Stratégie de développement et modèle d'affaires",
}
#: Readiness areas of stage 01 → heading.
AREA_HEADINGS = {
    "strategy_impact": "business_model", "trends_and_demand": "business_model", "funding": "business_model",
    "experience_impact": "customer_centric", "data_collection": "customer_centric",
    "data_analysis": "customer_centric", "personalization": "customer_centric",
    "smart_interaction": "customer_centric", "experience_monitoring": "customer_centric",
    "talent": "internal_system", "digital_facilities": "internal_system", "technical_support": "internal_system",
    "internal_platforms": "internal_system", "digital_openness": "internal_system",
    "security_privacy": "internal_system",
}
#: Dimensions of the SEDAM model → heading (element gaps, custom KPIs).
DIMENSION_HEADINGS = {"D1": "business_model", "D2": "internal_system", "D3": "customer_centric",
                      "D4": "internal_system"}
_CUSTOMER_KPIS = ("csat", "nps", "ces", "retention_rate")
#: Quadrants of the impact/effort matrix, in ranking order.
QUADRANTS = ("quick_win", "major_project", "fill_in", "thankless", "not_scored")
QUADRANT_LABELS = {"quick_win": "quick win", "major_project": "major project", "fill_in": "fill-in",
                   "thankless": "thankless task", "not_scored": "not scored"}
#: Impact above this is high; effort below this is low (1–5 scale; 3 itself is neither).
IMPACT_HIGH_ABOVE = 3.0
EFFORT_LOW_BELOW = 3.0
_STAGE_NO = {s: i + 1 for i, s in enumerate(EARLIER_STAGES)}
_DIGITS = 9


# =============================================================================== earlier results
def earlier_results(ctx) -> tuple[dict, list[str]]:
    """Every earlier stage's result ``{stage_id: data}`` and the notes about missing ones.

    Stage 02's result is required (``RES001`` in batch mode when the run should have produced it);
    the others are optional: a missing one is computed from the client's files in interactive mode
    (see :func:`sedamkit.stages.evaluation.api.earlier_result`) or left out with a note.
    """
    from ..evaluation.api import earlier_result

    results, notes = {}, []
    for sid in EARLIER_STAGES:
        data, note = earlier_result(ctx, sid, results=results, required=(sid == "02_daap"))
        if data is not None:
            results[sid] = data
        if note:
            notes.append(note)
    return results, notes


def plan_in_use(ctx, results: dict) -> Path:
    """The plan file this cycle was evaluated against: the one stage 02's result names
    (``plan_file``), else the working copy or the client's plan (:func:`sedamkit.stages.daap.api.plan_source`)."""
    from ..daap.results import plan_file

    pf = (results.get("02_daap") or {}).get("plan_file")
    if pf and Path(pf).is_file():
        return Path(pf)
    return plan_file(ctx.client, ctx.answers_dir)


# =============================================================================== candidates
def _slug(*parts) -> str:
    s = "_".join(str(p) for p in parts if p not in (None, ""))
    s = re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")
    return s if re.match(r"^[a-z]", s) else f"c_{s}"


def _element_dimension(el):
    from ...core.model import element

    try:
        return element(el).dimension
    except KeyError:
        return None


def heading_for(kind: str, ref=None, *, kpi=None, elements=None, area=None, dimension=None) -> str:
    """The 8.2 heading of a candidate (rules in the module docstring).

    >>> heading_for("plan_flag"), heading_for("kpi_off_track", kpi="nps"), heading_for("kpi_off_track", kpi="employee_turnover")
    ('optimize_daap', 'customer_centric', 'internal_system')
    >>> heading_for("readiness_gap", area="funding"), heading_for("element_gap", dimension="D3")
    ('business_model', 'customer_centric')
    """
    if kind in ("plan_flag", "kpi_not_measurable", "approach_poor"):
        return "optimize_daap"
    if kind in ("must_be_weak", "pain_point", "region_lagging"):
        return "customer_centric"
    if kind == "mission":
        return "business_model"
    if kind == "readiness_gap":
        return AREA_HEADINGS.get(area or ref, "internal_system")
    if kind == "element_gap":
        return DIMENSION_HEADINGS.get(dimension or _element_dimension(ref), "internal_system")
    if kind == "kpi_off_track":
        if kpi in _CUSTOMER_KPIS:
            return "customer_centric"
        if kpi == "custom" and elements:
            return DIMENSION_HEADINGS.get(_element_dimension(elements[0]), "internal_system")
        return "internal_system"
    raise SedamError(Problem("IMP002", None, "kind", f"unknown candidate kind {kind!r}", "see the module docstring"))


def _list(result, key, stage, probs):
    v = (result or {}).get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        probs.add("IMP001", f"{stage}.{key}", f"{key!r} should be a list, not {type(v).__name__}",
                  f"re-run stage {stage} with this version of sedamkit")
        return []
    return v


def collect_candidates(results: dict):
    """Improvement candidates from the earlier stages' results (``{stage_id: data}``).

    Returns
    -------
    pandas.DataFrame
        One row per candidate, by source stage then the order found: ``candidate`` (stable
        snake_case id, e.g. ``s05_kpi_k3``), ``source`` (stage id), ``kind``, ``ref`` (the id it is
        about), ``title`` (short), ``detail`` (why), ``heading`` (one of :data:`HEADINGS`),
        ``severity`` (``high`` / ``medium`` / ``low``, from the source where it has one).
    """
    import pandas as pd

    probs = Problems()
    rows = []

    short = {"readiness_gap": "gap", "plan_flag": "flag", "element_gap": "gap", "must_be_weak": "mustbe",
             "pain_point": "pain", "kpi_off_track": "kpi", "kpi_not_measurable": "unmeasured",
             "approach_poor": "approach", "mission": "mission", "region_lagging": "region"}

    def add(source, kind, ref, title, detail, heading, severity="medium", **extra):
        rows.append({"candidate": _slug(f"s{source[:2]}", short[kind], None if kind == "mission" else ref),
                     "source": source, "kind": kind, "ref": str(ref), "title": title, "detail": detail,
                     "heading": heading, "severity": severity, **extra})

    r1, r2, r3 = (results.get(s) for s in EARLIER_STAGES[:3])
    r4, r5 = results.get("04_customer_experience"), results.get("05_evaluation")
    # 01 readiness gaps
    if r1:
        titles = {a.get("area"): a for a in _list(r1, "areas", "01_necessity_feasibility", probs)}
        gaps = list(r1.get("blocking_gaps") or [])
        if r2 and isinstance(r2.get("readiness"), dict) and "ignored_blocking" in r2["readiness"]:
            gaps = [g for g in gaps if g in set(r2["readiness"]["ignored_blocking"] or [])]
        for g in gaps:
            a = titles.get(g, {})
            score = a.get("score")
            add("01_necessity_feasibility", "readiness_gap", g, f"Build up: {a.get('title') or g}",
                f"blocking readiness gap (score {score:.0f} of 100)" if isinstance(score, (int, float))
                else "blocking readiness gap", heading_for("readiness_gap", area=g), "high")
    # 02 plan flags
    for f in _list(r2, "flags", "02_daap", probs):
        if f.get("severity") not in ("high", "medium") or f.get("code") in ("PLAN208", "PLAN209", "PLAN213"):
            continue
        add("02_daap", "plan_flag", f"{f.get('code')}_{f.get('id')}", f"Plan: {f.get('message')}",
            f"{f.get('code')}: {f.get('fix')}", "optimize_daap", f.get("severity"), fix=f.get("fix"),
            code=f.get("code"))
    # 03 element gaps (top 3)
    gaps3 = sorted(_list(r3, "gaps", "03_application", probs), key=lambda g: g.get("rank", 99))[:3]
    for g in gaps3:
        add("03_application", "element_gap", g.get("element"), f"Close the gap in {g.get('element')} "
            f"{g.get('element_name', '')}".strip(), g.get("reasons") or "element gap",
            heading_for("element_gap", g.get("element"), dimension=g.get("dimension")), "medium")
    # 04 Kano must-be weak, pain points
    seen_tp = set()
    for m in _list(r4, "must_be_weak", "04_customer_experience", probs):
        m = m if isinstance(m, dict) else {"feature": str(m)}
        feat = m.get("feature") or m.get("id") or "feature"
        tp = m.get("worst_touchpoint")
        seen_tp.add(tp)
        rating = m.get("mean_rating")
        add("04_customer_experience", "must_be_weak", feat, f"Fix a basic: {str(feat).replace('_', ' ')}",
            "must-be feature performing weakly" + (f" (worst touchpoint {m.get('touchpoint_name') or tp}, "
                                                   f"mean {rating:.2f})" if isinstance(rating, (int, float)) else ""),
            "customer_centric", "high")
    pains = [p if isinstance(p, dict) else {"touchpoint": str(p)} for p in _list(r4, "pain_points",
                                                                                  "04_customer_experience", probs)]
    pains = sorted(pains, key=lambda p: p.get("mean") if isinstance(p.get("mean"), (int, float)) else 99)
    for p in [p for p in pains if p.get("touchpoint") not in seen_tp][:3]:
        mean = p.get("mean")
        add("04_customer_experience", "pain_point", p.get("touchpoint"),
            f"Remove a pain point: {p.get('name') or p.get('touchpoint')}",
            f"pain point (mean rating {mean:.2f})" if isinstance(mean, (int, float)) else "pain point",
            "customer_centric", "medium")
    # 05 evaluation
    if r5:
        kp = {k.get("kpi_id"): k for k in _list(r5, "kpis", "05_evaluation", probs)}
        plan_k = {k.get("id"): k for k in ((r2 or {}).get("kpis") or [])}
        for kid, k in kp.items():
            if k.get("status") == "off_track":
                add("05_evaluation", "kpi_off_track", kid, f"Get {kid} {k.get('name')} back on track",
                    f"latest {k.get('latest'):.2f} vs expected {k.get('expected'):.2f} (target {k.get('target'):g})",
                    heading_for("kpi_off_track", kpi=k.get("kpi"),
                                elements=(plan_k.get(kid) or {}).get("elements")), "high")
            elif k.get("status") == "not_measurable":
                add("05_evaluation", "kpi_not_measurable", kid, f"Start measuring {kid} {k.get('name')}",
                    str(k.get("reason") or "no data").split(": ", 1)[-1], "optimize_daap", "medium")
        for a in _list(r5, "approaches", "05_evaluation", probs):
            if a.get("poor"):
                weak = str(a.get("weak_on") or "").replace("used", "adequately used").replace(",", ", ")
                add("05_evaluation", "approach_poor", a.get("approach"), f"Rethink {a.get('name')}",
                    f"rated poorly on: {weak}", "optimize_daap", "medium", weak_on=a.get("weak_on"))
        m = r5.get("mission") or {}
        if m.get("verdict") == "revise":
            weak = "; ".join(w.get("text", "") for w in m.get("weak_items") or [])
            add("05_evaluation", "mission", "mission", "Revise and spread the mission",
                f"mission review {m.get('overall')} / 100; weak: {weak}" if weak else "mission review: revise",
                "business_model", "medium")
        for reg in _list(r5, "lagging_regions", "05_evaluation", probs):
            if int(reg.get("n_lagging") or 0) >= 2:
                add("05_evaluation", "region_lagging", reg.get("region"), f"Help {reg.get('region')} catch up",
                    f"lags on {reg.get('kpis')} ({reg.get('gaps')})", "customer_centric", "medium")
    probs.raise_if_any("an earlier result cannot be read")
    cols = ["candidate", "source", "kind", "ref", "title", "detail", "heading", "severity"]
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=cols + ["fix", "code", "weak_on"])
    for c in ("fix", "code", "weak_on"):
        if c not in df:
            df[c] = None
    # ids are unique: a repeated id gets a suffix
    counts = {}
    ids = []
    for cid in df["candidate"]:
        counts[cid] = counts.get(cid, 0) + 1
        ids.append(cid if counts[cid] == 1 else f"{cid}_{counts[cid]}")
    df["candidate"] = ids
    return df[cols + ["fix", "code", "weak_on"]].reset_index(drop=True)


# =============================================================================== scores
_SCALES = {
    "impact5": {"min": 1, "max": 5, "labels": {
        1: {"en": "Very small", "fr": "Très faible"}, 2: {"en": "Small", "fr": "Faible"},
        3: {"en": "Medium", "fr": "Moyen"}, 4: {"en": "Large", "fr": "Fort"}, 5: {"en": "Very large", "fr": "Très fort"}}},
    "effort5": {"min": 1, "max": 5, "labels": {
        1: {"en": "Very little", "fr": "Très peu"}, 2: {"en": "Little", "fr": "Peu"}, 3: {"en": "Some", "fr": "Moyen"},
        4: {"en": "Much", "fr": "Beaucoup"}, 5: {"en": "Very much", "fr": "Énormément"}}},
}


def scores_spec(candidates, *, answers_dir=None, language: str = "en"):
    """The impact/effort questionnaire for these candidates (``spec_from_dict``, id ``improvement_scores``).

    Groups are the 8.2 headings, areas the candidates, items ``<candidate>__impact`` (1 very small …
    5 very large) and ``<candidate>__effort`` (1 very little … 5 very much). Candidates scored in
    saved answers under ``answers_dir`` but no longer listed are kept in a group "no longer listed".
    """
    from ...core.answers_check import saved_item_ids
    from ...core.spec import spec_from_dict

    groups, areas, items = [], [], []
    present = set()
    for h, (clause, title) in HEADINGS.items():
        sub = candidates[candidates["heading"] == h] if len(candidates) else candidates
        if not len(sub):
            continue
        groups.append({"id": h, "clause": clause, "title": {"en": f"{title} ({clause})", "fr": f"{_HEADINGS_FR[h]} ({clause})"}})
        for r in sub.itertuples():
            present.add(r.candidate)
            areas.append({"id": r.candidate, "group": h, "clause": clause,
                          "title": {"en": r.title, "fr": r.title}})
    extra = []
    if answers_dir is not None:
        for iid in sorted(saved_item_ids(Path(answers_dir) / STAGE / "scores")):
            m = re.match(r"^([a-z][a-z0-9_]*?)__(impact|effort)$", iid)
            if m and m.group(1) not in present and m.group(1) not in extra:
                extra.append(m.group(1))
    if extra:
        groups.append({"id": "no_longer_listed", "title": {"en": "No longer listed (kept, not used)",
                                                           "fr": "Plus dans la liste (conservées, non utilisées)"}})
        areas += [{"id": e, "group": "no_longer_listed", "title": {"en": e, "fr": e}} for e in extra]
    for a in areas:
        det = ""
        if a["id"] in present:
            det = str(candidates.loc[candidates["candidate"] == a["id"], "detail"].iloc[0])
        src = f" [{det}]" if det else ""
        items.append({"id": f"{a['id']}__impact", "area": a["id"], "scale": "impact5", "clause": "8.2",
                      "text": {"en": f"Impact on customers or results if we do this: {a['title']['en']}{src}",
                               "fr": f"Effet sur les clients ou les résultats si nous le faisons : {a['title']['en']}{src}"}})
        items.append({"id": f"{a['id']}__effort", "area": a["id"], "scale": "effort5", "clause": "8.2",
                      "text": {"en": f"Effort (time, money, people) it takes: {a['title']['en']}",
                               "fr": f"Effort (temps, argent, personnes) nécessaire : {a['title']['en']}"}})
    if not items:
        groups = [{"id": "none", "title": {"en": "Nothing to improve was found", "fr": "Aucune piste trouvée"}}]
        areas = [{"id": "none_found", "group": "none", "title": {"en": "None", "fr": "Aucune"}}]
        items = [{"id": "none_found__impact", "area": "none_found", "scale": "impact5", "clause": "8.2",
                  "text": {"en": "No candidate.", "fr": "Aucune piste."}}]
    data = {"id": "improvement_scores", "version": 1, "stage": f"{STAGE}/scores", "clause": "8.2",
            "languages": ["en", "fr"],
            "title": {"en": "Impact and effort of each improvement candidate",
                      "fr": "Effet et effort de chaque piste d'amélioration"},
            "intro": {"en": "Score every candidate twice: how much it would change things for customers or results, "
                            "and how much work it needs. Use the comment for your reasoning.",
                      "fr": "Notez chaque piste deux fois : ce qu'elle changerait pour les clients ou les résultats, "
                            "et le travail qu'elle demande. Le commentaire sert à votre raisonnement."},
            "scales": copy.deepcopy(_SCALES), "groups": groups, "areas": areas, "items": items,
            "ui": {"comment_placeholder": {"en": "Why this score?", "fr": "Pourquoi cette note ?"}}}
    spec = spec_from_dict(data)
    spec.language = language or "en"
    return spec


def load_scores(answers_dir, spec) -> list[dict]:
    """Every respondent's scores (``answers/06_improvement/scores/*.json``)."""
    from ...core.answers import load_all

    return load_all(answers_dir, spec, f"{STAGE}/scores")


def candidate_scores(candidates, docs, spec):
    """``candidates`` with the mean scores: adds ``impact``, ``effort`` (means, NaN when nobody
    scored), ``n`` (respondents who scored both) and ``comments`` (joined)."""
    from ...core.answers import responses_frame

    r = responses_frame(docs, spec)
    r = r[r["item"].str.contains("__")]
    r = r.assign(candidate=r["item"].str.rsplit("__", n=1).str[0], what=r["item"].str.rsplit("__", n=1).str[1])
    out = candidates.copy()
    imp, eff, n, com = [], [], [], []
    for cid in out["candidate"]:
        sub = r[r["candidate"] == cid]
        i = sub.loc[sub["what"] == "impact", "value"]
        e = sub.loc[sub["what"] == "effort", "value"]
        imp.append(float(i.mean()) if i.notna().any() else math.nan)
        eff.append(float(e.mean()) if e.notna().any() else math.nan)
        both = sub.dropna(subset=["value"]).groupby("respondent")["what"].nunique()
        n.append(int((both == 2).sum()))
        com.append(" | ".join(f"{x.respondent}: {x.comment}" for x in sub.itertuples() if x.comment))
    out["impact"], out["effort"], out["n"], out["comments"] = imp, eff, n, com
    return out


def quadrant(impact, effort) -> str:
    """The impact/effort quadrant (boundaries in the module docstring).

    >>> quadrant(3.5, 2.5), quadrant(3.0, 2.0), quadrant(4, 3), quadrant(2, 2), quadrant(2, 5), quadrant(None, 2)
    ('quick_win', 'fill_in', 'major_project', 'fill_in', 'thankless', 'not_scored')
    """
    if impact is None or effort is None or impact != impact or effort != effort:
        return "not_scored"
    high = round(float(impact), _DIGITS) > IMPACT_HIGH_ABOVE
    low = round(float(effort), _DIGITS) < EFFORT_LOW_BELOW
    return {(True, True): "quick_win", (True, False): "major_project", (False, True): "fill_in",
            (False, False): "thankless"}[(high, low)]


def rank(scored):
    """Rank scored candidates: quadrant order, then ``net`` (impact − effort, larger first), higher
    impact, lower effort, earlier source stage, candidate id. Adds ``quadrant``, ``net``, ``rank``
    (1 = do first) and returns the frame sorted by rank."""
    import numpy as np

    df = scored.copy()
    df["quadrant"] = [quadrant(i, e) for i, e in zip(df["impact"], df["effort"])]
    df["net"] = df["impact"] - df["effort"]
    key = df.assign(_q=df["quadrant"].map({q: i for i, q in enumerate(QUADRANTS)}),
                    _net=-df["net"].fillna(-np.inf), _imp=-df["impact"].fillna(-np.inf),
                    _eff=df["effort"].fillna(np.inf), _src=df["source"].map(lambda s: _STAGE_NO.get(s, 9)))
    key = key.sort_values(["_q", "_net", "_imp", "_eff", "_src", "candidate"], kind="stable")
    out = key.drop(columns=["_q", "_net", "_imp", "_eff", "_src"]).reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out


def by_heading(ranked) -> dict:
    """``{heading: [candidate ids in rank order]}`` for the four headings (empty lists included)."""
    return {h: ranked.loc[ranked["heading"] == h, "candidate"].tolist() for h in HEADINGS}


def top_actions(ranked, top: int = 5):
    """The actions to take into the plan: the first ``top`` ranked candidates that are quick wins,
    major projects or fill-ins (thankless and unscored candidates are never proposed)."""
    if not isinstance(top, int) or isinstance(top, bool) or top < 0:
        raise SedamError(Problem("IMP002", None, "top", f"top must be a whole number ≥ 0, got {top!r}", "use e.g. top=5"))
    ok = ranked[ranked["quadrant"].isin(["quick_win", "major_project", "fill_in"])]
    return ok.head(top).reset_index(drop=True)


# =============================================================================== plan changes
def _d(x):
    return x if isinstance(x, _dt.date) else _dt.date.fromisoformat(str(x)[:10])


def next_cycle(plan) -> dict:
    """The next cycle after the plan's period: ``{start, end}`` (ISO dates), one year long.

    >>> next_cycle({"period": {"start": "2025-01-01", "end": "2025-12-31"}})
    {'start': '2026-01-01', 'end': '2026-12-31'}
    """
    end = _d(plan["period"]["end"])
    start = end + _dt.timedelta(days=1)
    try:
        nend = end.replace(year=end.year + 1)
    except ValueError:  # 29 February
        nend = end.replace(year=end.year + 1, day=28)
    return {"start": start.isoformat(), "end": nend.isoformat()}


def _add_months(d, months):
    y, m = divmod(d.month - 1 + months, 12)
    import calendar

    return d.replace(year=d.year + y, month=m + 1, day=min(d.day, calendar.monthrange(d.year + y, m + 1)[1]))


def plan_target(latest, baseline, target, unit) -> float:
    """A met KPI's next target: one planned step beyond its latest value, capped at 100 for percentages.

    >>> plan_target(89.6, 85, 89, "%"), plan_target(155.4, 184, 160, "minutes"), plan_target(99, 90, 97, "%")
    (93.6, 131.4, 100.0)
    """
    step = float(target) - float(baseline)
    new = round(float(latest) + step, 2)
    if unit == "%":
        new = min(new, 100.0)
    return new


def propose_changes(actions, plan, results: dict, *, catalogue=None) -> list[dict]:
    """Turn the top actions (and met KPIs) into changes to the plan for the next cycle.

    Returns a list of dicts: ``candidate`` (id or None for the met-KPI rule), ``change``
    (``update_kpi``, ``new_phase``, ``drop_approach``, ``manual``), ``section`` (``kpis``,
    ``phases`` or None), ``id`` (the item changed or added), ``fields`` (dict of new values),
    ``old`` (dict of old values), ``applied`` (False for manual changes), ``reason`` (text).
    """
    from ...methods.catalogue import approach_ids

    known = set(approach_ids(catalogue))
    nc = next_cycle(plan)
    ns = _d(nc["start"])
    r5 = results.get("05_evaluation") or {}
    r3 = results.get("03_application") or {}
    status = {k.get("kpi_id"): k for k in r5.get("kpis") or []}
    kpis = {k["id"]: k for k in plan.get("kpis") or []}
    phases = plan.get("phases") or []
    goals = plan.get("goals") or []
    nums = [int(m.group(1)) for p in phases for m in [re.match(r"^P(\d+)$", str(p.get("id")))] if m]
    next_no = [max(nums, default=0) + 1]
    changes = []

    def phase(cand, name, *, approaches=(), goal_ids=(), addresses=(), big=False, reason=""):
        pid = f"P{next_no[0]}"
        next_no[0] += 1
        start = ns if not big or True else ns
        end = _add_months(ns, 6 if big else 3) - _dt.timedelta(days=1)
        fields = {"id": pid, "name": name[:80], "start": start.isoformat(), "end": end.isoformat()}
        if goal_ids:
            fields["goals"] = list(dict.fromkeys(goal_ids))
        fields["approaches"] = [a for a in approaches if (a if isinstance(a, str) else a["approach"]) in known]
        if addresses:
            fields["addresses"] = list(addresses)
        changes.append({"candidate": cand, "change": "new_phase", "section": "phases", "id": pid, "fields": fields,
                        "old": {}, "applied": True, "reason": reason})

    def goals_for(elements):
        return [g["id"] for g in goals if set(g.get("elements") or []) & set(elements or [])]

    for r in actions.itertuples():
        big = r.quadrant == "major_project"
        if r.kind == "kpi_off_track" and r.ref in kpis:
            k, s = kpis[r.ref], status.get(r.ref, {})
            fields = {"due": nc["end"]}
            if isinstance(s.get("latest"), (int, float)):
                fields["baseline"] = round(float(s["latest"]), 2)
            changes.append({"candidate": r.candidate, "change": "update_kpi", "section": "kpis", "id": r.ref,
                            "fields": fields, "old": {f: k.get(f) for f in fields}, "applied": True,
                            "reason": f"{r.ref} is off track: re-based on its latest value, due in the next cycle"})
            phase(r.candidate, f"Recover {r.ref}: {k.get('name') or k.get('kpi')}", goal_ids=k.get("goals") or [],
                  big=big, reason=f"recovery phase for off-track {r.ref}")
        elif r.kind == "kpi_not_measurable" and r.ref in kpis:
            phase(r.candidate, f"Measure {r.ref}: {kpis[r.ref].get('name') or r.ref}",
                  approaches=["automated_kpi_extraction"], goal_ids=kpis[r.ref].get("goals") or [], big=big,
                  reason=f"{r.ref} has no data; also name its data column in the plan (data: {{dataset, column}})")
        elif r.kind == "approach_poor":
            weak = set(str(r.weak_on or "").split(","))
            if weak & {"suitable", "beneficial"}:
                for p in phases:
                    ids = [a if isinstance(a, str) else a.get("approach") for a in p.get("approaches") or []]
                    if r.ref in ids:
                        changes.append({"candidate": r.candidate, "change": "drop_approach", "section": "phases",
                                        "id": p["id"], "fields": {"approach": r.ref}, "old": {"approaches": ids},
                                        "applied": True,
                                        "reason": f"{r.ref} rated poorly on {', '.join(sorted(weak - {''}))}: dropped"})
            else:
                phase(r.candidate, f"Adoption: {r.title.replace('Rethink ', '')}", approaches=[r.ref, "elearning_platform"],
                      big=big, reason=f"{r.ref} fits and helps but is little used: training and adoption")
        elif r.kind == "element_gap":
            sugg = (r3.get("suggestions") or {}).get(r.ref, [])[:2]
            phase(r.candidate, r.title, approaches=[{"approach": a, "elements": [r.ref]} for a in sugg],
                  goal_ids=goals_for([r.ref]), big=big, reason=f"element gap {r.ref}")
        elif r.kind == "readiness_gap":
            phase(r.candidate, r.title, addresses=[r.ref], big=big, reason=f"blocking readiness gap {r.ref}")
        elif r.kind in ("must_be_weak", "pain_point", "region_lagging"):
            els = ["E6", "E8"] if r.kind != "region_lagging" else ["E5", "E9"]
            phase(r.candidate, r.title, goal_ids=goals_for(els), big=big, reason=r.detail)
        else:  # plan flags, the mission: a person writes the change
            changes.append({"candidate": r.candidate, "change": "manual", "section": None, "id": r.ref,
                            "fields": {}, "old": {}, "applied": False,
                            "reason": (r.fix if isinstance(getattr(r, "fix", None), str) and r.fix else r.detail)})
    # continuous improvement: a met KPI gets the next target
    for kid, s in status.items():
        if s.get("status") == "met" and kid in kpis and isinstance(s.get("latest"), (int, float)):
            k = kpis[kid]
            base = k.get("baseline") if k.get("baseline") is not None else s.get("baseline")
            fields = {"baseline": round(float(s["latest"]), 2),
                      "target": plan_target(s["latest"], base, k["target"], k.get("unit")), "due": nc["end"]}
            changes.append({"candidate": None, "change": "update_kpi", "section": "kpis", "id": kid, "fields": fields,
                            "old": {f: k.get(f) for f in fields}, "applied": True,
                            "reason": f"{kid} met its target: the next target is one planned step further"})
    return changes


def apply_changes(plan, changes, *, catalogue=None) -> dict:
    """A new validated plan with the applied changes; the period extended to the next cycle and the
    version raised. The input plan is not changed. A change the plan rejects raises ``IMP004``
    followed by the plan's own problems."""
    from ..daap import api as _plan

    new = copy.deepcopy(plan)
    nc = next_cycle(plan)
    new["period"] = {"start": str(plan["period"]["start"]), "end": nc["end"]}
    new["version"] = int(plan.get("version") or 1) + 1
    try:
        for c in changes:
            if not c.get("applied"):
                continue
            if c["change"] == "update_kpi":
                new = _plan.update_kpi(new, c["id"], c["fields"], catalogue=catalogue)
            elif c["change"] == "new_phase":
                new = _plan.add_phase(new, c["fields"], catalogue=catalogue)
            elif c["change"] == "drop_approach":
                i = next(i for i, p in enumerate(new["phases"]) if p["id"] == c["id"])
                apps = [a for a in new["phases"][i].get("approaches") or []
                        if (a if isinstance(a, str) else a.get("approach")) != c["fields"]["approach"]]
                new = _plan.update_phase(new, c["id"], {"approaches": apps}, catalogue=catalogue)
        return _plan.validate_plan(new, catalogue=catalogue)
    except SedamError as e:
        raise SedamError([Problem("IMP004", None, "changes", "a proposed change does not fit the plan",
                                  "see the plan problems below")] + e.problems) from None


def write_plan_version(new_plan, old_plan_path, *, output_dir, answers_dir=None, interactive: bool = False) -> dict:
    """Write ``new_plan`` as a new version; never touch the old file (rules in the module docstring).

    Returns ``{"old": path, "new": path, "folder": path, "rule": text, "created": bool}``;
    ``created`` is False when the newest version already holds exactly this plan.
    """
    from ..daap import api as _plan

    old_plan_path = Path(old_plan_path)
    work = Path(answers_dir) / "02_daap" / "plan.yaml" if answers_dir is not None else None
    if interactive and work is not None and work.is_file():
        base, rule = work, "beside notebook 02's working copy (interactive)"
    else:
        base = Path(output_dir) / "plan" / "plan.yaml"
        rule = "in the run's output folder, next to a copy of the evaluated plan (the client folder is never written)"
        if not base.exists():
            base.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(old_plan_path, base)
    latest = _plan.latest_plan_path(base)
    text = _plan._to_yaml(_plan.validate_plan(new_plan))
    if latest != base and latest.read_text(encoding="utf-8") == text:
        return {"old": str(base), "new": str(latest), "folder": str(base.parent), "rule": rule, "created": False}
    path = _plan.save_plan_version(new_plan, base)
    return {"old": str(base), "new": str(path), "folder": str(base.parent), "rule": rule, "created": True}


def plan_diff(old_path, new_path, *, context: int = 2) -> str:
    """A unified diff (``difflib``) of the two plan files as text (``---`` old, ``+++`` new).

    The old plan is first validated and written the way every saved version is (catalogue defaults
    filled in, comments dropped), so the diff shows only what the update changed.
    """
    import yaml

    from ..daap.api import _to_yaml, validate_plan

    # compare like with like: the old plan validated and written the way a new version is written
    # (defaults such as a KPI's unit filled in, dates as text), so only real changes show
    a_norm = _to_yaml(validate_plan(yaml.safe_load(Path(old_path).read_text(encoding="utf-8")))).splitlines(keepends=True)
    b = Path(new_path).read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a_norm, b, fromfile=Path(old_path).name, tofile=Path(new_path).name, n=context))


def changes_table(changes, candidates=None):
    """The changes as a readable table: ``#``, ``change``, ``item``, ``what changes``, ``why``,
    ``applied`` ("yes" or "by hand"), ``from`` (candidate title or "met KPI rule")."""
    import pandas as pd

    titles = dict(zip(candidates["candidate"], candidates["title"])) if candidates is not None and len(candidates) else {}
    rows = []
    for n, c in enumerate(changes, 1):
        if c["change"] == "update_kpi":
            what = ", ".join(f"{k}: {c['old'].get(k)} → {v}" for k, v in c["fields"].items())
        elif c["change"] == "new_phase":
            f = c["fields"]
            apps = [a if isinstance(a, str) else a["approach"] for a in f.get("approaches") or []]
            what = f"{f['id']} “{f['name']}” {f['start']} to {f['end']}" + (f"; approaches: {', '.join(apps)}" if apps else "")
        elif c["change"] == "drop_approach":
            what = f"remove {c['fields']['approach']} from {c['id']}"
        else:
            what = "to write by hand"
        rows.append({"#": n, "change": c["change"].replace("_", " "), "item": c["id"], "what changes": what,
                     "why": c["reason"], "applied": "yes" if c["applied"] else "by hand",
                     "from": titles.get(c["candidate"], "met KPI rule" if c["candidate"] is None else c["candidate"])})
    return pd.DataFrame(rows, columns=["#", "change", "item", "what changes", "why", "applied", "from"])


# =============================================================================== summary
def cycle_summary(results: dict, ranked=None, changes=None, plan_files=None, *, client_name=None) -> str:
    """A one-page Markdown summary of the cycle for the client: where they started (01), what they
    planned (02, 03), what happened (04, 05), what changes next (06)."""
    r1, r2, r3, r4, r5 = (results.get(s) or {} for s in EARLIER_STAGES)
    L = [f"# {client_name or r2.get('client') or 'Client'} — one service excellence cycle", ""]
    L.append("## Where we started")
    if r1:
        dec = {"go": "go", "prepare_first": "prepare first", "not_now": "not now"}.get(r1.get("decision"), r1.get("decision"))
        L.append(f"- Readiness {r1.get('overall', 0):.0f} / 100, decision **{dec}**; blocking gaps: "
                 f"{', '.join(r1.get('blocking_gaps') or []) or 'none'}.")
    else:
        L.append("- No readiness assessment in this cycle.")
    if r3:
        L.append(f"- Digital maturity {r3.get('maturity_mean')} of 4 on average over the nine elements; "
                 f"first priorities: {', '.join((r3.get('priority_order') or [])[:3])}.")
    L += ["", "## What we planned"]
    if r2:
        t = r2.get("totals") or {}
        per = r2.get("period") or {}
        L.append(f"- {r2.get('title') or 'The plan'} ({per.get('start')} to {per.get('end')}): "
                 f"{len(r2.get('goals') or [])} goals, {t.get('n_kpis', len(r2.get('kpis') or []))} KPIs, "
                 f"{t.get('n_phases', len(r2.get('phases') or []))} phases, budget {t.get('budget', 0):,.0f} "
                 f"{r2.get('currency') or ''}.".replace(" .", "."))
    L += ["", "## What happened"]
    if r5:
        c = r5.get("status_counts") or {}
        L.append(f"- KPIs as of {r5.get('as_of')}: {c.get('met', 0)} met, {c.get('on_track', 0)} on track, "
                 f"{c.get('off_track', 0)} off track, {c.get('not_measurable', 0)} not measurable.")
        for k in r5.get("kpis") or []:
            if k.get("status") in ("met", "off_track"):
                L.append(f"  - {k['kpi_id']} {k['name']}: {k['latest']:.1f} against target {k['target']:g} — "
                         f"{k['status'].replace('_', ' ')}.")
        if r5.get("poorly_rated"):
            L.append(f"- Approaches rated poorly: {', '.join(r5['poorly_rated'])}.")
        lag = [x["region"] for x in r5.get("lagging_regions") or [] if int(x.get("n_lagging") or 0) >= 2]
        if lag:
            L.append(f"- Lagging region(s): {', '.join(lag)}.")
        m = r5.get("mission") or {}
        if m.get("verdict") and m.get("verdict") != "not_reviewed":
            L.append(f"- Mission review: {m.get('overall')} / 100 — {m.get('verdict')}.")
    if r4:
        mb = [m.get("feature") for m in r4.get("must_be_weak") or [] if isinstance(m, dict)]
        if mb:
            L.append(f"- Customers' basics not delivered well: {', '.join(mb)}.")
    L += ["", "## What changes next"]
    if ranked is not None and len(ranked):
        for r in ranked.head(5).itertuples():
            L.append(f"{r.rank}. **{r.title}** — {QUADRANT_LABELS[r.quadrant]}, {HEADINGS[r.heading][1]} "
                     f"({HEADINGS[r.heading][0]}); from stage {r.source[:2]}.")
    if changes:
        n_auto = sum(1 for c in changes if c["applied"])
        L.append(f"- The plan gets {n_auto} change(s) now and {len(changes) - n_auto} to write by hand.")
    if plan_files:
        L.append(f"- New plan version: `{Path(plan_files['new']).name}` beside `{Path(plan_files['old']).name}` "
                 "(the old plan is unchanged).")
    return "\n".join(L)


# =============================================================================== plot
def plot_matrix(ranked, *, ax=None, label_top: int = 12):
    """The impact/effort matrix: one point per scored candidate, quadrants shaded and named, the top
    ``label_top`` labelled with their rank. Marker shape = heading. Returns the Axes."""
    from matplotlib.lines import Line2D

    from ...methods.plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(8.5, 6.5))
    ax.axvspan(0.6, EFFORT_LOW_BELOW, ymin=(IMPACT_HIGH_ABOVE - 0.6) / 4.8, ymax=1, color="#009E73", alpha=0.10)
    ax.axvline(EFFORT_LOW_BELOW, color="#777777", linewidth=0.8, linestyle="--")
    ax.axhline(IMPACT_HIGH_ABOVE, color="#777777", linewidth=0.8, linestyle="--")
    for x, y, text in ((1.8, 5.25, "QUICK WINS (do first)"), (4.2, 5.25, "MAJOR PROJECTS"),
                       (1.8, 0.78, "FILL-INS"), (4.2, 0.78, "THANKLESS TASKS")):
        ax.text(x, y, text, ha="center", va="center", fontsize=8, color="#444444", weight="bold")
    markers = {"optimize_daap": "o", "customer_centric": "s", "internal_system": "^", "business_model": "D"}
    sc = ranked[ranked["quadrant"] != "not_scored"]
    jit = {}
    for r in sc.itertuples():
        key = (round(r.effort, 2), round(r.impact, 2))
        jit[key] = jit.get(key, -1) + 1
        dx = 0.09 * jit[key]
        colour = PALETTE[list(HEADINGS).index(r.heading)]
        ax.plot(r.effort + dx, r.impact, marker=markers[r.heading], color=colour, markersize=8, alpha=0.9,
                markeredgecolor="#333333", markeredgewidth=0.5, linestyle="none")
        if r.rank <= label_top:
            ax.annotate(str(r.rank), (r.effort + dx, r.impact), xytext=(-3, 6 + 7 * (jit[key] % 2)),
                        textcoords="offset points", fontsize=7)
    ax.set_xlim(0.6, 5.4)
    ax.set_ylim(0.6, 5.4)
    ax.set_xlabel("effort (1 very little … 5 very much)")
    ax.set_ylabel("impact (1 very small … 5 very large)")
    ax.set_title("Improvement candidates: impact against effort (clause 8.2); numbers = rank", fontsize=10)
    ax.legend(handles=[Line2D([], [], marker=markers[h], color=PALETTE[i], linestyle="none", markeredgecolor="#333333",
                              label=f"{HEADINGS[h][0]} {HEADINGS[h][1]}") for i, h in enumerate(HEADINGS)],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7)
    ax.set_aspect("equal")
    return ax


# =============================================================================== result
def stage_result(candidates, ranked, changes, *, plan_files=None, summary=None, notes=None) -> dict:
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
    """
    from ...core.jsonsafe import json_safe, records

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
    }
    return json_safe(out, infinity="text")


# =============================================================================== runner hook
def validate_client_inputs(client: dict, stage_ids=None) -> None:
    """Runner hook: when stage 06 is selected, check the score files
    (``answers/06_improvement/scores/*.json``): structure, item ids ``<candidate>__impact|effort``
    (``IMP003``) and values 1–5. Missing scores are allowed (candidates are then "not scored")."""
    if stage_ids is not None and STAGE not in stage_ids:
        return
    from ...core.answers_check import check_generic_answers

    adir = Path(client["dir"]) / "answers"
    probs = Problems()
    check_generic_answers(adir / STAGE / "scores", "improvement_scores",
                          re.compile(r"^([a-z][a-z0-9_]*?)__(impact|effort)$"), probs, code_bad_id="IMP003",
                          what="candidate")
    if (adir / STAGE).is_dir():
        for p in sorted((adir / STAGE).glob("*.json")):
            probs.add("IMP003", p.name, "answers of stage 06 belong in the sub-folder scores/",
                      f"move {p.name} to answers/{STAGE}/scores/", file=str(p))
    probs.raise_if_any("the stage 06 answers have problems")


# =============================================================================== exercises
def _ids(answer):
    if isinstance(answer, str):
        answer = [x for x in re.split(r"[,\s;]+", answer) if x]
    try:
        return [str(x).strip() for x in answer]
    except TypeError:
        return None


@exercise("06_quick_wins")
def check_quick_wins(answer, ranked, k: int = 5) -> Feedback:
    """Exercise 06-A: the first ``k`` candidates in ranking order (a list of candidate ids).

    Recognised mistakes: ranking by impact only; by effort only; by impact − effort without the
    quadrants; the right candidates in the wrong order (ties); a thankless or unscored candidate listed.
    """
    import numpy as np

    eid = "06_quick_wins"
    ids = _ids(answer)
    if not ids or all(i in ("", "None") for i in ids):
        return Feedback(False, f"List the first {k} candidate ids in order, e.g. ['s05_kpi_k3', …].", eid)
    sc = ranked[ranked["quadrant"] != "not_scored"]
    k = min(k, len(sc))
    want = ranked["candidate"].head(k).tolist()
    if ids[:k] == want and len(ids) >= k:
        return Feedback(True, f"Right: {', '.join(want)} — quick wins first, then by net value.", eid)
    unknown = [i for i in ids if i not in set(ranked["candidate"])]
    if unknown:
        return Feedback(False, f"Unknown candidate id(s): {', '.join(unknown[:3])}; copy the ids from the table.", eid)
    if len(ids) < k:
        return Feedback(False, f"Give {k} ids; you gave {len(ids)}.", eid)
    ids = ids[:k]
    src = sc.assign(_src=sc["source"].map(lambda s: _STAGE_NO.get(s, 9)))

    def order(cols, asc):
        return src.sort_values(cols + ["_src", "candidate"], ascending=asc + [True, True], kind="stable")["candidate"].head(k).tolist()

    if ids == order(["impact"], [False]):
        return Feedback(False, "You ranked by impact only. A quick win needs high impact *and* low effort: sort by "
                        "quadrant first, then by impact − effort.", eid)
    if ids == order(["effort"], [True]):
        return Feedback(False, "You ranked by effort only: cheap actions with little impact are fill-ins, not quick wins.", eid)
    net = src.assign(_net=src["impact"] - src["effort"])
    if ids == net.sort_values(["_net", "impact", "effort", "_src", "candidate"], ascending=[False, False, True, True, True],
                              kind="stable")["candidate"].head(k).tolist():
        return Feedback(False, "Net value is the right tie-breaker, but the quadrant comes first: a quick win (impact "
                        "above 3, effort below 3) beats any major project.", eid)
    if set(ids) == set(want):
        return Feedback(False, "The right candidates, in the wrong order. Within a quadrant: larger impact − effort "
                        "first, then higher impact, then lower effort, then earlier stage, then id.", eid)
    bad = ranked.set_index("candidate").loc[ids, "quadrant"]
    if (bad.isin(["thankless"])).any():
        return Feedback(False, "A thankless task (low impact, high effort) is never among the first actions.", eid)
    del np
    return Feedback(False, "Not yet: place each candidate in its quadrant (impact > 3? effort < 3?), take quick wins "
                    "first, then order by impact − effort.", eid)


def heading_exercise_sample(candidates, n: int = 4):
    """Up to ``n`` candidates of different kinds for exercise 06-B (first of each kind, source order)."""
    first = candidates.drop_duplicates("kind")
    return first.head(n)[["candidate", "source", "kind", "title", "detail"]].reset_index(drop=True)


def _norm_heading(x):
    s = str(x or "").strip().lower()
    for h, (clause, title) in HEADINGS.items():
        if s in (h, clause, title.lower(), _HEADINGS_FR[h].lower()) or s.startswith(clause):
            return h
    aliases = {"daap": "optimize_daap", "plan": "optimize_daap", "customer": "customer_centric",
               "internal": "internal_system", "business": "business_model", "strategy": "business_model"}
    for a, h in aliases.items():
        if a in s:
            return h
    return s


@exercise("06_headings")
def check_headings(answer, candidates) -> Feedback:
    """Exercise 06-B: the 8.2 heading of each candidate in ``candidates`` (``{candidate: heading}``;
    heading ids, clause numbers such as ``"8.2.3"`` or titles are accepted).

    Recognised mistakes: a plan flag or a poorly rated approach put under customer-centric (they change
    the plan: 8.2.2); an internal KPI (employee, process, cost) under customer-centric; a customer finding
    under the internal system; the mission anywhere but 8.2.5.
    """
    eid = "06_headings"
    if not isinstance(answer, dict) or not answer or all(v is None for v in answer.values()):
        return Feedback(False, "Answer with a dict {candidate id: heading}, e.g. {'s05_kpi_k3': '8.2.3'}.", eid)
    want = dict(zip(candidates["candidate"], candidates["heading"]))
    kinds = dict(zip(candidates["candidate"], candidates["kind"]))
    missing = [c for c in want if answer.get(c) is None]
    if missing:
        return Feedback(False, f"Give a heading for every candidate; missing: {', '.join(missing)}.", eid)
    for cid, h in want.items():
        got = _norm_heading(answer[cid])
        if got not in HEADINGS:
            return Feedback(False, f"{cid}: {answer[cid]!r} is not one of the four headings (8.2.2–8.2.5).", eid)
        if got == h:
            continue
        kind = kinds[cid]
        if kind in ("plan_flag", "approach_poor", "kpi_not_measurable"):
            return Feedback(False, f"{cid}: this changes the programme itself (a flag, a KPI without data or an "
                            "approach that does not work) — that is 8.2.2, optimizing the DAAP.", eid)
        if kind == "mission":
            return Feedback(False, f"{cid}: the mission belongs to the business development strategy and model (8.2.5).", eid)
        if h == "internal_system" and got == "customer_centric":
            return Feedback(False, f"{cid}: customers feel it in the end, but the fix is inside — staff, processes, "
                            "cost or platforms: 8.2.4.", eid)
        if h == "customer_centric" and got == "internal_system":
            return Feedback(False, f"{cid}: this is what customers experience (a KPI they give, a touchpoint, a "
                            "basic feature): 8.2.3.", eid)
        return Feedback(False, f"{cid}: not {HEADINGS[got][0]}; look at the rules in the table above.", eid)
    return Feedback(True, f"All {len(want)} headings right.", eid)
