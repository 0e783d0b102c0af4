"""Stage 03 tables: approach status, coverage per element, importance, priorities, gaps,
suggestions and the stage result."""
from __future__ import annotations

from .assessment import (ELEMENT_IDS, assessment_warnings, goals_and_kpis, levels_or_default, planned_by_element,
                         validate_assessment)
from .assessment import DEMO_APPLICATION, load_assessment, new_assessment, set_element  # noqa: F401  (doctests)

__all__ = ['approach_status', 'coverage_table', 'element_importance', 'priorities', 'gap_list', 'suggestions', 'stage_result']


# --------------------------------------------------------------------------- tables
def approach_status(assessment, plan=None, *, catalogue=None):
    """Every (element, approach) pair with its status — the tidy base of the coverage views.

    Returns
    -------
    pandas.DataFrame
        Columns: ``element``, ``approach``, ``name``, ``family``, ``status`` (``in_use`` /
        ``planned`` / ``absent``), ``mapped`` (the catalogue maps the approach to this element),
        ``source`` (``clause`` / ``kit``, missing when not mapped), ``clause``. Sorted by element,
        status (in_use, planned, absent), then catalogue order.

    >>> a = set_element(new_assessment(), "E2", in_use=["kpi_dashboard"])
    >>> s = approach_status(a, {"planned_approaches": {"E2": ["webinars"]}})
    >>> s[s.element == "E2"]["status"].value_counts().to_dict()
    {'absent': 6, 'in_use': 1, 'planned': 1}
    """
    import pandas as pd

    from ...methods.catalogue import as_catalogue

    a = validate_assessment(assessment, catalogue=catalogue)
    cat = as_catalogue(catalogue)
    planned = planned_by_element(plan, catalogue=catalogue)
    order = {x["id"]: i for i, x in enumerate(cat["approaches"])}
    info = {x["id"]: x for x in cat["approaches"]}
    link = {(lk["element"], x["id"]): lk for x in cat["approaches"] for lk in x["elements"]}
    rows = []
    for el in ELEMENT_IDS:
        in_use = a["elements"][el]["in_use"]
        ids = list(dict.fromkeys(in_use + [i for i in planned[el] if i in info]
                                 + [x["id"] for x in cat["approaches"] if (el, x["id"]) in link]))
        for aid in ids:
            st = "in_use" if aid in in_use else "planned" if aid in planned[el] else "absent"
            lk = link.get((el, aid))
            rows.append({"element": el, "approach": aid, "name": info[aid]["name"], "family": info[aid]["family"],
                         "status": st, "mapped": lk is not None, "source": lk["source"] if lk else None,
                         "clause": lk.get("clause") if lk else None, "_o": order[aid]})
    df = pd.DataFrame(rows, columns=["element", "approach", "name", "family", "status", "mapped", "source", "clause",
                                     "_o"])
    st_order = {"in_use": 0, "planned": 1, "absent": 2}
    df = df.assign(_s=df.status.map(st_order)).sort_values(["element", "_s", "_o"], kind="stable")
    return df.drop(columns=["_s", "_o"]).reset_index(drop=True)


def coverage_table(assessment, plan=None, *, catalogue=None, levels=None, language=None):
    """Coverage per element: maturity and counts of approaches in use, planned and absent.

    Returns
    -------
    pandas.DataFrame
        One row per element E1 … E9:

        - ``element``, ``element_name``, ``dimension`` (D1…D4), ``dimension_name``
        - ``maturity`` (0–4), ``maturity_name``
        - ``n_in_use`` — approaches in use (catalogue ids)
        - ``n_planned`` — approaches the plan adds (planned and not in use)
        - ``n_absent`` — catalogue approaches for the element neither in use nor planned
        - ``n_catalogue`` — catalogue approaches mapped to the element
        - ``n_other_tools`` — tools in use outside the catalogue
        - ``in_use``, ``planned`` — comma-separated ids
        - ``is_gap`` — maturity below ``target_maturity`` or nothing in use

    >>> a = set_element(new_assessment(), "E9", maturity=3, in_use=["kpi_dashboard"])
    >>> cov = coverage_table(a, {"planned_approaches": {"E9": ["kpi_dashboard", "process_mining"]}})
    >>> row = cov.set_index("element").loc["E9"]
    >>> int(row.n_in_use), int(row.n_planned), bool(row.is_gap)   # kpi_dashboard is in use already
    (1, 1, False)

    Kit texts (names of KPIs, approaches, elements, principles) are in ``language`` when given
    (:func:`sedamkit.core.kittext.localise_frame`); none: as stored.
    """
    import pandas as pd

    from ...methods.catalogue import as_catalogue
    from ...core.model import elements_frame

    lv = levels_or_default(levels)
    a = validate_assessment(assessment, catalogue=catalogue)
    st = approach_status(a, plan, catalogue=catalogue)
    names = {int(k): v["name"] for k, v in lv["levels"].items()}
    cat = as_catalogue(catalogue)
    n_cat = {el: sum(1 for x in cat["approaches"] for lk in x["elements"] if lk["element"] == el)
             for el in ELEMENT_IDS}
    rows = []
    for e in elements_frame().itertuples():
        sub = st[st.element == e.element]
        entry = a["elements"][e.element]
        m = entry["maturity"]
        n_use = int((sub.status == "in_use").sum())
        rows.append({"element": e.element, "element_name": e.element_name, "dimension": e.dimension,
                     "dimension_name": e.dimension_name, "maturity": m, "maturity_name": names.get(m, str(m)),
                     "n_in_use": n_use, "n_planned": int((sub.status == "planned").sum()),
                     "n_absent": int((sub.status == "absent").sum()), "n_catalogue": n_cat[e.element],
                     "n_other_tools": len(entry.get("other_tools") or []),
                     "in_use": ",".join(sub.loc[sub.status == "in_use", "approach"]),
                     "planned": ",".join(sub.loc[sub.status == "planned", "approach"]),
                     "is_gap": bool(m < lv["target_maturity"] or n_use == 0)})
    from ...core.kittext import localise_frame

    return localise_frame(pd.DataFrame(rows, columns=["element", "element_name", "dimension", "dimension_name", "maturity",
                                       "maturity_name", "n_in_use", "n_planned", "n_absent", "n_catalogue",
                                       "n_other_tools", "in_use", "planned", "is_gap"]), language)


def element_importance(plan=None):
    """How many of the plan's goals and KPIs tie to each element.

    Returns
    -------
    pandas.DataFrame
        One row per element: ``element``, ``n_goals``, ``n_kpis``, ``importance`` (= n_goals +
        n_kpis), ``importance_norm`` (importance ÷ the largest importance; 0 when the plan ties
        nothing to any element).

    >>> p = {"goals": [{"id": "G1", "elements": ["E5", "E6"]}], "kpis": [{"id": "K1", "elements": ["E5"]}]}
    >>> element_importance(p).set_index("element").loc[["E5", "E6"], "importance_norm"].tolist()
    [1.0, 0.5]
    """
    import pandas as pd

    goals, kpis = goals_and_kpis(plan)
    rows = []
    for el in ELEMENT_IDS:
        ng = sum(1 for g in goals if el in (g.get("elements") or []))
        nk = sum(1 for k in kpis if el in (k.get("elements") or []))
        rows.append({"element": el, "n_goals": ng, "n_kpis": nk, "importance": ng + nk})
    df = pd.DataFrame(rows, columns=["element", "n_goals", "n_kpis", "importance"])
    top = df["importance"].max()
    return df.assign(importance_norm=(df["importance"] / top) if top > 0 else 0.0)


def priorities(assessment, plan=None, *, catalogue=None, levels=None, language=None):
    """Rank the elements: weak, important to the plan and not covered by a planned approach first.

    The score and the tie-breaking are defined in the module docstring.

    Returns
    -------
    pandas.DataFrame
        One row per element, best priority first: ``rank`` (1 …), ``element``, ``element_name``,
        ``dimension``, ``maturity``, ``n_in_use``, ``n_planned``, ``n_goals``, ``n_kpis``,
        ``weakness``, ``importance`` (normalised 0–1), ``uncovered`` (0/1), ``score`` (0–100,
        rounded to 2 decimals), ``is_gap``.

    >>> a = new_assessment()
    >>> for el, m in zip([f"E{i}" for i in range(1, 10)], [4, 4, 4, 4, 1, 1, 4, 4, 4]):
    ...     a = set_element(a, el, maturity=m, in_use=[] if m < 4 else ["kpi_dashboard"])
    >>> pr = priorities(a, {"goals": [{"id": "G1", "elements": ["E6"]}], "kpis": [],
    ...                     "planned_approaches": {"E5": ["crm_system"]}})
    >>> pr[["element", "score"]].head(2).values.tolist()    # E6: 100*(.4*.75+.3*1+.3*1); E5: 100*(.4*.75)
    [['E6', 90.0], ['E5', 30.0]]

    Kit texts (names of KPIs, approaches, elements, principles) are in ``language`` when given
    (:func:`sedamkit.core.kittext.localise_frame`); none: as stored.
    """
    lv = levels_or_default(levels)
    w = lv["priority_weights"]
    cov = coverage_table(assessment, plan, catalogue=catalogue, levels=levels)
    imp = element_importance(plan)
    df = cov.merge(imp, on="element", how="left")
    weakness = (4 - df["maturity"]) / 4
    uncovered = (df["n_planned"] == 0).astype(int)
    score = 100 * (w["weakness"] * weakness + w["importance"] * df["importance_norm"] + w["uncovered"] * uncovered)
    df = df.assign(weakness=weakness, uncovered=uncovered, score=score.round(2), _o=range(len(df)))
    df = df.sort_values(["score", "maturity", "importance", "n_in_use", "_o"],
                        ascending=[False, True, False, True, True], kind="stable")
    df = df.assign(rank=range(1, len(df) + 1)).reset_index(drop=True)
    df = df.drop(columns=["importance"]).rename(columns={"importance_norm": "importance"})
    from ...core.kittext import localise_frame

    return localise_frame(df[["rank", "element", "element_name", "dimension", "maturity", "n_in_use", "n_planned", "n_goals",
               "n_kpis", "weakness", "importance", "uncovered", "score", "is_gap"]], language)


def gap_list(assessment, plan=None, *, catalogue=None, levels=None, language=None):
    """The gap elements with the reasons they are gaps, in priority order.

    Returns
    -------
    pandas.DataFrame
        One row per gap element: ``rank`` (priority rank among all elements), ``element``,
        ``element_name``, ``dimension``, ``maturity``, ``n_in_use``, ``n_planned``, ``score``,
        ``reasons`` (``; ``-separated: "maturity 1 below 3", "nothing in use",
        "no planned approach"; in ``language`` when given, ``clz.nb03.reason.*`` keys).

    >>> a = set_element(new_assessment(), "E1", maturity=3, in_use=["kpi_dashboard"])
    >>> "E1" in gap_list(a)["element"].tolist(), len(gap_list(a))
    (False, 8)

    Kit texts (names of KPIs, approaches, elements, principles) are in ``language`` when given
    (:func:`sedamkit.core.kittext.localise_frame`); none: as stored.
    """
    import pandas as pd

    from ...core.i18n import t

    lang = language or "en"
    lv = levels_or_default(levels)
    pr = priorities(assessment, plan, catalogue=catalogue, levels=levels)
    rows = []
    for r in pr[pr.is_gap].itertuples():
        reasons = []
        if r.maturity < lv["target_maturity"]:
            reasons.append(t("clz.nb03.reason.maturity", lang, maturity=r.maturity, target=lv["target_maturity"]))
        if r.n_in_use == 0:
            reasons.append(t("clz.nb03.reason.nothing_in_use", lang))
        if r.n_planned == 0:
            reasons.append(t("clz.nb03.reason.no_planned", lang))
        rows.append({"rank": r.rank, "element": r.element, "element_name": r.element_name, "dimension": r.dimension,
                     "maturity": r.maturity, "n_in_use": r.n_in_use, "n_planned": r.n_planned, "score": r.score,
                     "reasons": t("clz.nb03.reason.sep", lang).join(reasons)})
    from ...core.kittext import localise_frame

    return localise_frame(pd.DataFrame(rows, columns=["rank", "element", "element_name", "dimension", "maturity", "n_in_use",
                                       "n_planned", "score", "reasons"]), language)


def suggestions(assessment, plan=None, *, catalogue=None, per_element: int | None = 3, gaps_only=True, levels=None,
                language=None):
    """Catalogue approaches to consider for each gap (or every element with ``gaps_only=False``).

    Candidates serve the element (catalogue), and are neither in use nor planned for it. Order
    within an element: number of gap elements the approach serves (desc), clause-cited link before
    the kit's own, catalogue order.

    Returns
    -------
    pandas.DataFrame
        Columns: ``element``, ``element_rank`` (priority rank of the element), ``suggestion`` (1 …
        within the element), ``approach``, ``name``, ``family``, ``source``, ``clause``,
        ``serves_gaps`` (how many gap elements the approach serves), ``description``. Elements in
        priority order.

    >>> a = new_assessment()
    >>> s = suggestions(a, per_element=1)
    >>> s[s.element == "E7"][["approach", "serves_gaps"]].values.tolist()
    [['digital_management_system', 3]]

    Kit texts (names of KPIs, approaches, elements, principles) are in ``language`` when given
    (:func:`sedamkit.core.kittext.localise_frame`); none: as stored.
    """
    import pandas as pd

    from ...methods.catalogue import as_catalogue

    cat = as_catalogue(catalogue)
    pr = priorities(assessment, plan, catalogue=catalogue, levels=levels)
    st = approach_status(assessment, plan, catalogue=catalogue)
    gaps = set(pr.loc[pr.is_gap, "element"])
    targets = pr[pr.is_gap] if gaps_only else pr
    info = {x["id"]: x for x in cat["approaches"]}
    order = {x["id"]: i for i, x in enumerate(cat["approaches"])}
    n_gaps = {x["id"]: sum(1 for lk in x["elements"] if lk["element"] in gaps) for x in cat["approaches"]}
    rows = []
    for r in targets.itertuples():
        cand = st[(st.element == r.element) & (st.status == "absent")]
        cand = cand.assign(g_=cand.approach.map(n_gaps), c_=(cand.source != "clause").astype(int),
                           o_=cand.approach.map(order)).sort_values(["g_", "c_", "o_"], ascending=[False, True, True],
                                                                    kind="stable")
        if per_element is not None:
            cand = cand.head(per_element)
        for i, c in enumerate(cand.itertuples(), start=1):
            rows.append({"element": r.element, "element_rank": r.rank, "suggestion": i, "approach": c.approach,
                         "name": c.name, "family": c.family, "source": c.source, "clause": c.clause,
                         "serves_gaps": int(c.g_), "description": info[c.approach]["description"]})
    from ...core.kittext import localise_frame

    return localise_frame(pd.DataFrame(rows, columns=["element", "element_rank", "suggestion", "approach", "name", "family",
                                       "source", "clause", "serves_gaps", "description"]), language)


def stage_result(assessment, plan=None, *, catalogue=None, levels=None, plan_source=None,
                 assessment_file=None) -> dict:
    """The ``data`` of stage 03's result.

    Keys
    ----
    - ``client``, ``assessed``
    - ``maturity`` — ``{E1: level, …}``; ``maturity_mean`` — mean over the nine elements
    - ``dimension_maturity`` — ``{D1: mean, …}``
    - ``in_use``, ``planned`` — ``{E1: [approach ids], …}`` (planned = in the plan, not yet in use)
    - ``coverage`` — records of :func:`coverage_table`
    - ``gaps`` — records of :func:`gap_list`
    - ``priorities`` — records of :func:`priorities` (rank order); ``priority_order`` — element ids
    - ``suggestions`` — ``{element: [approach ids]}`` for the gaps (top 3 each)
    - ``warnings`` — APP101 problems as text
    - ``plan_planned`` — ``{E1: [approach ids], …}``: everything the plan brings (stage 02's
      ``planned_approaches``), including approaches already in use
    - ``plan_source`` — where the plan came from (``result`` = stage 02's result, or a plan file);
      ``assessment_file`` — the assessment file read (when given)

    >>> from sedamkit import plan as _plan
    >>> r = stage_result(load_assessment(DEMO_APPLICATION), _plan.load_plan(_plan.DEMO_PLAN))
    >>> len(r["priority_order"]), round(r["maturity_mean"], 2)
    (9, 1.44)
    """
    import json

    a = validate_assessment(assessment, catalogue=catalogue)
    cov = coverage_table(a, plan, catalogue=catalogue, levels=levels)
    pr = priorities(a, plan, catalogue=catalogue, levels=levels)
    gl = gap_list(a, plan, catalogue=catalogue, levels=levels)
    sg = suggestions(a, plan, catalogue=catalogue, levels=levels)
    dims = cov.groupby("dimension", sort=True)["maturity"].mean().round(2).to_dict()
    out = {
        "client": a.get("client"), "assessed": a.get("assessed"),
        "maturity": dict(zip(cov.element, cov.maturity.astype(int))),
        "maturity_mean": round(float(cov.maturity.mean()), 2),
        "dimension_maturity": dims,
        "in_use": {r.element: r.in_use.split(",") if r.in_use else [] for r in cov.itertuples()},
        "planned": {r.element: r.planned.split(",") if r.planned else [] for r in cov.itertuples()},
        "coverage": cov.to_dict("records"),
        "gaps": gl.to_dict("records"),
        "priorities": pr.to_dict("records"),
        "priority_order": pr["element"].tolist(),
        "suggestions": {el: grp["approach"].tolist() for el, grp in sg.groupby("element", sort=False)},
        "warnings": [str(w) for w in assessment_warnings(a, catalogue=catalogue)],
        "plan_planned": planned_by_element(plan, catalogue=catalogue),
        "plan_source": plan_source,
        "assessment_file": str(assessment_file) if assessment_file is not None else None,
    }
    return json.loads(json.dumps(out, default=lambda o: o.item() if hasattr(o, "item") else str(o)))
