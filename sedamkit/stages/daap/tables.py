"""Tables of a plan for the notebook and later stages: KPIs with their targets, phases, planned
approaches per element, goals and the readiness areas they address."""
from __future__ import annotations

from .common import approach_links, is_num
from .validate import validate_plan

__all__ = ["kpi_table", "phase_table", "planned_approaches", "goal_table", "addresses_table"]


def kpi_table(plan, *, kpis=None, language=None):
    """The plan's KPIs with their targets (6.2 a) 3)).

    Returns
    -------
    pandas.DataFrame
        One row per KPI, in plan order:

        - ``kpi_id`` — the plan's id (``K1`` …)
        - ``kpi`` — catalogue id or ``custom``
        - ``name``, ``unit``, ``direction`` (``higher`` / ``lower`` is better)
        - ``baseline``, ``target`` (float; baseline NaN when unknown)
        - ``change`` — target − baseline; ``change_pct`` — change as % of |baseline| (NaN if 0 or unknown)
        - ``target_ok`` — False when the target is on the wrong side of the baseline (PLAN101)
        - ``due`` — ``YYYY-MM-DD``
        - ``elements``, ``goals`` — comma-separated ids
        - ``computable`` — True for catalogue KPIs and custom KPIs that name a data column
        - ``dataset``, ``columns`` — where stage 05 computes it (comma-separated columns)

    >>> from sedamkit.stages.daap.api import add_kpi, kpi_from_catalogue, new_plan
    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p = add_kpi(p, kpi_from_catalogue("ces", "K1", baseline=4.0, target=5.0, due="2025-12-31"))
    >>> kpi_table(p)[["kpi_id", "change", "change_pct", "target_ok", "computable"]].values.tolist()
    [['K1', 1.0, 25.0, True, True]]

    Kit texts (names of KPIs, approaches, elements, principles) are in ``language`` when given
    (:func:`sedamkit.core.kittext.localise_frame`); none: as stored.
    """
    import math

    import pandas as pd

    from ...methods.catalogue import load_kpis

    plan = validate_plan(plan)
    kcat = load_kpis() if kpis is None else kpis
    rows = []
    for k in plan["kpis"]:
        b = float(k["baseline"]) if is_num(k.get("baseline")) else math.nan
        t = float(k["target"])
        d = k["direction"]
        entry = kcat.get(k["kpi"]) or {}
        comp = entry.get("compute") or {}
        data = k.get("data") or {}
        if k["kpi"] == "custom":
            dataset, cols, computable = data.get("dataset"), data.get("column") or "", bool(data.get("column"))
        else:
            dataset, cols, computable = comp.get("dataset"), ",".join(comp.get("columns") or []), True
        change = t - b
        rows.append({"kpi_id": k["id"], "kpi": k["kpi"], "name": k["name"], "unit": k["unit"], "direction": d,
                     "baseline": b, "target": t, "change": change,
                     "change_pct": (change / abs(b) * 100) if (b == b and b != 0) else math.nan,
                     "target_ok": not (b == b and ((d == "higher" and t < b) or (d == "lower" and t > b))),
                     "due": k["due"], "elements": ",".join(k["elements"]), "goals": ",".join(k.get("goals") or []),
                     "computable": computable, "dataset": dataset, "columns": cols})
    cols = ["kpi_id", "kpi", "name", "unit", "direction", "baseline", "target", "change", "change_pct", "target_ok",
            "due", "elements", "goals", "computable", "dataset", "columns"]
    from ...core.kittext import localise_frame

    return localise_frame(pd.DataFrame(rows, columns=cols), language)


def phase_table(plan):
    """The phases (6.2 b) 1)-3)).

    Returns
    -------
    pandas.DataFrame
        One row per phase, in plan order: ``phase_id``, ``name``, ``start``, ``end`` (Timestamps),
        ``days`` (end − start + 1), ``people_days``, ``budget`` (float, NaN when not given),
        ``goals``, ``approaches`` (comma-separated ids), ``n_approaches``.
    """
    import math

    import pandas as pd

    plan = validate_plan(plan)
    rows = []
    for p in plan["phases"]:
        res = p.get("resources") or {}
        s, e = pd.Timestamp(p["start"]), pd.Timestamp(p["end"])
        apps = [approach_links(a)[0] for a in p["approaches"]]
        rows.append({"phase_id": p["id"], "name": p["name"], "start": s, "end": e, "days": (e - s).days + 1,
                     "people_days": float(res.get("people_days", math.nan)) if res.get("people_days") is not None else math.nan,
                     "budget": float(res["budget"]) if res.get("budget") is not None else math.nan,
                     "goals": ",".join(p.get("goals") or []), "approaches": ",".join(apps), "n_approaches": len(apps)})
    return pd.DataFrame(rows, columns=["phase_id", "name", "start", "end", "days", "people_days", "budget", "goals",
                                       "approaches", "n_approaches"])


def planned_approaches(plan, *, catalogue=None):
    """Which approach the plan brings to which element, in which phase (tidy).

    A bare approach id serves every element the catalogue maps it to; ``{approach, elements}``
    narrows it.

    Returns
    -------
    pandas.DataFrame
        One row per (element, approach, phase): ``element``, ``approach``, ``name`` (catalogue
        name), ``phase_id``, ``start``, ``end`` (``YYYY-MM-DD``). Sorted by element, start, approach.

    >>> from sedamkit.stages.daap.api import add_phase, new_plan
    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p = add_phase(p, {"id": "P1", "name": "Listen", "start": "2025-01-01", "end": "2025-03-31",
    ...                   "approaches": ["crm_system", {"approach": "online_survey", "elements": ["E5"]}]})
    >>> planned_approaches(p)[["element", "approach"]].values.tolist()
    [['E5', 'crm_system'], ['E5', 'online_survey'], ['E8', 'crm_system']]
    """
    import pandas as pd

    from ...methods.catalogue import get_approach

    plan = validate_plan(plan, catalogue=catalogue)
    used = {approach_links(a)[0] for p in plan["phases"] for a in p["approaches"]}
    cat = {aid: get_approach(aid, catalogue) for aid in used}
    rows = []
    for p in plan["phases"]:
        for entry in p["approaches"]:
            aid, els = approach_links(entry)
            a = cat[aid]
            for el in (els or [lk["element"] for lk in a["elements"]]):
                rows.append({"element": el, "approach": aid, "name": a["name"], "phase_id": p["id"],
                             "start": p["start"], "end": p["end"]})
    df = pd.DataFrame(rows, columns=["element", "approach", "name", "phase_id", "start", "end"])
    return df.sort_values(["element", "start", "approach"], kind="stable").reset_index(drop=True)


def goal_table(plan):
    """The goals (6.2 a) 1)-2)) with how many KPIs measure them.

    Returns
    -------
    pandas.DataFrame
        One row per goal: ``goal_id``, ``text``, ``elements``, ``addresses`` (comma-separated), ``n_kpis``
        (KPIs naming the goal or sharing an element with it).

    >>> from sedamkit.stages.daap.api import DEMO_PLAN, load_plan
    >>> goal_table(load_plan(DEMO_PLAN))[["goal_id", "elements", "n_kpis"]].head(2).values.tolist()
    [['G1', 'E5,E9', 4], ['G2', 'E6,E8', 6]]
    """
    import pandas as pd

    plan = validate_plan(plan)
    rows = [{"goal_id": g["id"], "text": g["text"], "elements": ",".join(g["elements"]),
             "addresses": ",".join(g.get("addresses") or []),
             "n_kpis": sum(1 for k in plan["kpis"] if g["id"] in (k.get("goals") or [])
                           or set(k["elements"]) & set(g["elements"]))} for g in plan["goals"]]
    return pd.DataFrame(rows, columns=["goal_id", "text", "elements", "addresses", "n_kpis"])


def addresses_table(plan):
    """Which goal, phase or risk says it addresses which stage-01 readiness area (tidy).

    Returns
    -------
    pandas.DataFrame
        Columns ``section`` (goals / phases / risks), ``id``, ``area``; one row per listed area.

    >>> from sedamkit.stages.daap.api import DEMO_PLAN, load_plan
    >>> addresses_table(load_plan(DEMO_PLAN)).query("area == 'talent'")["id"].tolist()
    ['G3', 'P2', 'R3']
    """
    import pandas as pd

    plan = validate_plan(plan)
    rows = [{"section": sec, "id": item["id"], "area": a}
            for sec in ("goals", "phases", "risks") for item in plan[sec] for a in item.get("addresses") or []]
    return pd.DataFrame(rows, columns=["section", "id", "area"])
