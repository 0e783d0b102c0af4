"""Plan flags (``PLAN1xx`` warnings and the ``PLAN2xx`` rules): the improvement candidates stage 06
collects. The rules are listed in :mod:`sedamkit.stages.daap.api`."""
from __future__ import annotations

import re

from .common import SEVERITY_ORDER, checks_data
from .gaps import check_gaps, check_readiness
from .preparation import preparation_summary
from .principles import principles_check
from .risks import risk_table
from .tables import kpi_table, planned_approaches
from .validate import plan_warnings, validate_plan

__all__ = ["plan_flags", "flags_shown"]


def plan_flags(plan, readiness=None, *, catalogue=None, checks=None):
    """Every flag on the plan, as one tidy frame (stage 06 collects these as improvement candidates).

    The rules and their codes are listed in the module docstring (``PLAN101``–``PLAN103`` and
    ``PLAN201``–``PLAN216``). Readiness rules run only when ``readiness`` is given.

    Returns
    -------
    pandas.DataFrame
        One row per flag, sorted by severity (high, medium, low) then by rule order:

        - ``source`` — ``kpi``, ``phase``, ``risk``, ``preparation``, ``principles``, ``readiness``,
          ``goal``, ``element`` or ``plan``
        - ``id`` — the KPI / risk / item / principle / area / element id it is about
        - ``severity`` — ``high``, ``medium`` or ``low``
        - ``code`` — the rule's code
        - ``message`` — what is wrong; ``fix`` — what to do

    >>> from sedamkit.stages.daap.api import new_plan
    >>> p = new_plan("D", "m", "2025-01-01", "2025-12-31")
    >>> f = plan_flags(p)
    >>> f[f.severity == "high"][["source", "code"]].values.tolist()[:2]
    [['plan', 'PLAN214'], ['risk', 'PLAN202']]
    """
    import pandas as pd

    plan = validate_plan(plan, catalogue=catalogue, checks=checks)
    rows: list[dict] = []

    def add(source, id_, severity, code, message, fix):
        rows.append({"source": source, "id": id_, "severity": severity, "code": code, "message": message, "fix": fix})

    empty = [s for s in ("goals", "kpis", "phases") if not plan[s]]
    if empty:
        add("plan", "plan", "high", "PLAN214", "the plan has no " + ", no ".join(empty),
            "add them (6.2 a) and b)): goals, KPIs with targets and phases")
    for w in plan_warnings(plan, catalogue=catalogue, checks=checks):
        src = w.where.split("[")[0].rstrip("s") if w.where else "plan"
        idx = int(re.search(r"\[(\d+)\]", w.where).group(1)) if w.where and "[" in w.where else None
        sec = w.where.split("[")[0] if w.where else None
        item = plan[sec][idx] if idx is not None and sec in plan else {}
        iid = (item.get("id") or item.get("approach") or "plan") if isinstance(item, dict) else "plan"   # choices name an approach
        add(src, iid, "medium", w.code, w.message, w.fix)
    _kpi_flags(plan, add)
    _risk_flags(plan, checks, add)
    _checklist_flags(plan, checks, add)
    _goal_flags(plan, catalogue, add)
    if readiness is not None:
        _readiness_flags(plan, readiness, add)
    df = pd.DataFrame(rows, columns=["source", "id", "severity", "code", "message", "fix"])
    df = df.assign(_s=df["severity"].map(SEVERITY_ORDER)).sort_values("_s", kind="stable").drop(columns="_s")
    return df.reset_index(drop=True)


def _kpi_flags(plan, add):
    """PLAN212 (no baseline) and PLAN213 (custom KPI without a data column)."""
    ktab = kpi_table(plan)
    for k in plan["kpis"]:
        if k.get("baseline") is None:
            add("kpi", k["id"], "low", "PLAN212", f"KPI {k['id']} has no baseline, so progress cannot be judged",
                "measure the current value and enter it as 'baseline'")
    for r in ktab[~ktab.computable].itertuples():
        add("kpi", r.kpi_id, "low", "PLAN213", f"custom KPI {r.kpi_id} names no data column; stage 05 cannot compute it",
            "add data: {dataset: <name>, column: <column>} or enter its values by hand in stage 05")


def _risk_flags(plan, checks, add):
    """PLAN201 (high, no mitigation), PLAN216 (high, no owner), PLAN202 / PLAN203 (privacy risks)."""
    chk = checks_data(checks)
    rtab = risk_table(plan, checks=checks)
    for r in rtab[rtab.flagged].itertuples():
        add("risk", r.risk_id, "high", "PLAN201",
            f"risk {r.risk_id} scores {r.score} (≥ {chk['risk']['threshold']}) and has no mitigation",
            "write how the risk will be reduced under 'mitigation'")
    for r in rtab[rtab.at_threshold & (rtab.owner == "")].itertuples():
        add("risk", r.risk_id, "medium", "PLAN216", f"high risk {r.risk_id} has no owner", "name an owner")
    pcats = chk["risk"]["privacy_categories"]
    present = set(rtab["category"])
    missing = [c for c in pcats if c not in present]
    if len(missing) == len(pcats):
        add("risk", "register", "high", "PLAN202",
            "the risk register has no privacy or data-security risk (6.2 b) 4) asks for these above all)",
            "add at least one risk of category " + " or ".join(pcats) + " with a mitigation")
    elif missing:
        add("risk", "register", "low", "PLAN203", "no risk of category " + ", ".join(missing) + " in the register",
            "consider whether such a risk applies and add it")


def _checklist_flags(plan, checks, add):
    """PLAN204 (preparation not started) and PLAN205-207 (principles unanswered, weak, incomplete)."""
    for r in preparation_summary(plan, checks=checks).itertuples():
        if r.status == "not_started":
            add("preparation", r.item, "medium", "PLAN204", f"preparation item '{r.item}' ({r.clause}) is not started",
                r.label.rstrip(".") + " — plan who does this and when")
    for r in principles_check(plan, checks=checks).itertuples():
        if r.status == "unanswered":
            add("principles", r.principle, "medium", "PLAN205", f"principle '{r.principle_name}' is not checked",
                "answer its questions in the principles check")
        elif r.status == "weak":
            add("principles", r.principle, "high", "PLAN206",
                f"principle '{r.principle_name}' is weak (score {r.score:.0f} of 100)",
                "change the plan so the approaches meet this principle, then answer again")
        elif r.status == "incomplete":
            add("principles", r.principle, "low", "PLAN207",
                f"principle '{r.principle_name}': {r.n_questions - r.answered} question(s) unanswered",
                "answer the remaining questions")


def _goal_flags(plan, catalogue, add):
    """PLAN210 (goal without a KPI) and PLAN215 (a goal's element without a planned approach)."""
    for g in plan["goals"]:
        measured = any(g["id"] in (k.get("goals") or []) or set(k["elements"]) & set(g["elements"])
                       for k in plan["kpis"])
        if not measured:
            add("goal", g["id"], "medium", "PLAN210", f"goal {g['id']} has no KPI",
                "add a KPI that names the goal (goals: [" + g["id"] + "]) or ties to its elements")
    planned = set(planned_approaches(plan, catalogue=catalogue)["element"])
    goal_els = sorted({e for g in plan["goals"] for e in g["elements"]}, key=lambda e: int(e[1:]))
    for el in goal_els:
        if el not in planned:
            add("element", el, "medium", "PLAN215", f"element {el} is a goal's element but no phase plans an approach for it",
                f"add an approach serving {el} to a phase (sedamkit.methods.catalogue.search(element='{el}'))")


def _readiness_flags(plan, readiness, add):
    """PLAN211 (stage 01 said "not now"), PLAN208 (blocking gap ignored), PLAN209 (weak area ignored)."""
    readiness = check_readiness(readiness)
    if readiness.get("decision") == "not_now":
        add("readiness", "decision", "high", "PLAN211",
            "stage 01 concluded 'not now'; the plan goes ahead against that advice",
            "address the blocking gaps first, or record why the plan proceeds")
    for r in check_gaps(plan, readiness).itertuples():
        if r.ignored_blocking:
            add("readiness", r.area, "high", "PLAN208", f"blocking gap '{r.area}' from stage 01 is not addressed",
                f"add '{r.area}' to the 'addresses' of a goal, phase or risk mitigation that deals with it")
        elif r.weakest and not r.addressed:
            add("readiness", r.area, "low", "PLAN209", f"weak area '{r.area}' from stage 01 is not addressed",
                f"consider a goal or phase that addresses '{r.area}'")


def flags_shown(flags, plan, readiness=None, language: str | None = "en"):
    """:func:`plan_flags` as notebook 02 shows it, in the reader's language.

    In a language other than English, each flag's ``severity``, ``message`` and ``fix`` are the report's words
    in that language (``rpt.flag.<code>``, ``frx.fix.<code>``), with
    the thing each flag is about named (a KPI, goal, phase, risk, readiness area, principle or element).
    English keeps the rules' own texts. For display only — :func:`plan_flags` is the data stage 06 reads.

    >>> from sedamkit.stages.daap.api import new_plan
    >>> p = new_plan("D", "m", "2025-01-01", "2025-12-31")
    >>> f = flags_shown(plan_flags(p), p, language="fr")
    >>> "PLAN202" in set(f["code"]), f.loc[f["code"] == "PLAN202", "fix"].iloc[0].startswith("ajouter")
    (True, True)
    """
    from ...core.prose import Prose
    from ..improvement.texts import flag_fix

    tx = Prose(language)
    if tx.language == "en" or flags is None or not len(flags):
        return flags
    kpis = [k for k in (plan.get("kpis") or []) if isinstance(k, dict)]
    names = {"kpi": {k.get("id"): tx.kpi(k) for k in kpis},
             "goal": {g.get("id"): tx.tr("rpt.goal_named", id=g.get("id")) for g in plan.get("goals") or []
                      if isinstance(g, dict)},
             "phase": {ph.get("id"): ph.get("name") or ph.get("id") for ph in plan.get("phases") or []
                       if isinstance(ph, dict)},
             "risk": {r.get("id"): tx.tr("rpt.risk_named", id=r.get("id")) for r in plan.get("risks") or []
                      if isinstance(r, dict)},
             "area": {a.get("area"): a.get("title") for a in (readiness or {}).get("areas") or []
                      if isinstance(a, dict)},
             "touchpoint": {}}
    out = flags.copy()
    recs = flags.to_dict("records")
    out["severity"] = [tx.tr(f"rpt.severity.{s}") if s in SEVERITY_ORDER else s for s in flags["severity"]]
    out["message"] = [tx.flag_text(f, names) for f in recs]
    out["fix"] = [flag_fix(tx, f["code"], f["id"], f["fix"]) for f in recs]
    return out
