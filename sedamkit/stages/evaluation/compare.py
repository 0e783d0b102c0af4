"""Stage 05, step 5: periods and regions compared (clause 7.3.2.3)."""
from __future__ import annotations

import math

from .common import ALL, EXACT_KPIS, plan_result, to_date

__all__ = ["period_changes", "lagging_regions", "period_tests", "kpi_answers", "kpi_summaries", "interval_se",
           "TESTED_FUNCTIONS", "SUMMARY_TESTS"]


# =============================================================================== periods and regions
def interval_se(row):
    """The standard error behind a KPI row's 95 % interval (0 for an exact figure, NaN without an interval)."""
    lo, hi = row["ci_low"], row["ci_high"]
    if lo != lo or hi != hi:
        return 0.0 if row["kpi"] in EXACT_KPIS else math.nan
    return (hi - lo) / (2 * 1.959964)


def period_changes(values, plan_or_result, *, reference: str | None = None):
    """How each KPI moved between a reference period and the latest one, pooled and per region (7.3.2.3).

    The reference is the last period that ends before the plan starts (the baseline period), or the
    first period with data; ``reference=`` names another period label.

    Returns
    -------
    pandas.DataFrame
        One row per KPI and region; changes larger than their uncertainty first, then by
        ``abs(share)`` largest first (ties: plan order, ``All`` before the regions):
        ``kpi_id``, ``name``, ``unit``, ``direction``, ``region``, ``from_period``, ``to_period``,
        ``from_value``, ``to_value``, ``change`` (to − from), ``improvement`` (the change signed so
        that positive is better), ``share`` (improvement as a percent of the planned improvement
        |target − baseline|; NaN when that is 0), ``z`` (change / its standard error, from the two
        intervals; inf for exact figures), ``significant`` (|z| ≥ 1.96).
    """
    import numpy as np
    import pandas as pd

    pr = plan_result(plan_or_result)
    start = to_date(pr["period"]["start"])
    kp = {k["id"]: k for k in pr["kpis"]}
    meas = values[values["measurable"].astype(bool)]
    rows = []
    for (kid, reg), g in meas.groupby(["kpi_id", "region"], sort=False):
        g = g.sort_values("period_start")
        if reference is not None:
            ref = g[g["period"] == reference]
        else:
            before = g[g["period_start"] < start]
            ref = before.tail(1) if len(before) else g.head(1)
        if ref.empty or len(g) < 2:
            continue
        a, b = ref.iloc[0], g.iloc[-1]
        if a["period"] == b["period"]:
            continue
        k = kp[kid]
        sign = 1.0 if k["direction"] == "higher" else -1.0
        change = float(b["value"] - a["value"])
        planned = abs(float(k["target"]) - float(k["baseline"])) if k.get("baseline") is not None else np.nan
        se = math.sqrt(interval_se(a) ** 2 + interval_se(b) ** 2)
        z = (math.inf if change else 0.0) if se == 0 else (change / se if se == se else np.nan)
        rows.append({"kpi_id": kid, "name": k["name"], "unit": k["unit"], "direction": k["direction"], "region": reg,
                     "from_period": a["period"], "to_period": b["period"], "from_value": float(a["value"]),
                     "to_value": float(b["value"]), "change": change, "improvement": sign * change,
                     "share": sign * change / planned * 100 if planned else np.nan, "z": z,
                     "significant": bool(abs(z) >= 1.959964) if z == z else None})
    out = pd.DataFrame(rows, columns=["kpi_id", "name", "unit", "direction", "region", "from_period", "to_period",
                                      "from_value", "to_value", "change", "improvement", "share", "z", "significant"])
    key = out.assign(_s=out["significant"].fillna(False).astype(bool), _a=out["share"].abs().fillna(-1))
    return key.sort_values(["_s", "_a"], ascending=[False, False], kind="stable") \
        .drop(columns=["_s", "_a"]).reset_index(drop=True)


def lagging_regions(values, plan_or_result=None):
    """Regions that lag the company on each KPI in the latest period.

    A region *lags* on a KPI when its latest value is worse than the pooled value (in the KPI's
    direction) by more than the region's own uncertainty — the pooled value lies outside the region's
    95 % interval; for an exact figure (cost reduction) any shortfall counts.

    Returns
    -------
    pandas.DataFrame
        One row per region, most lagging first (ties: region name): ``region``, ``n_lagging``,
        ``kpis`` (comma-separated KPI ids), ``n_kpis`` (KPIs measured for the region), ``gaps`` (text:
        ``K1 −4.2`` …, the shortfall in the KPI's unit).
    """
    import pandas as pd

    meas = values[values["measurable"].astype(bool)]
    info = {}
    for kid, g in meas.groupby("kpi_id", sort=False):
        last = g["period_start"].max()
        g = g[g["period_start"] == last]
        allv = g[g["region"] == ALL]
        if allv.empty:
            continue
        ref = float(allv["value"].iloc[0])
        sign = 1.0 if g["direction"].iloc[0] == "higher" else -1.0
        for r in g[g["region"] != ALL].itertuples():
            d = info.setdefault(r.region, {"kpis": [], "n": 0, "gaps": []})
            d["n"] += 1
            worse = sign * (r.value - ref) < 0
            if r.kpi in EXACT_KPIS or r.ci_low != r.ci_low:
                beyond = worse
            else:
                beyond = (ref > r.ci_high) if sign > 0 else (ref < r.ci_low)
            if worse and beyond:
                d["kpis"].append(kid)
                d["gaps"].append(f"{kid} {r.value - ref:+.1f}")
    rows = [{"region": reg, "n_lagging": len(d["kpis"]), "kpis": ",".join(d["kpis"]), "n_kpis": d["n"],
             "gaps": ", ".join(d["gaps"])} for reg, d in info.items()]
    out = pd.DataFrame(rows, columns=["region", "n_lagging", "kpis", "n_kpis", "gaps"])
    return out.sort_values(["n_lagging", "region"], ascending=[False, True], kind="stable").reset_index(drop=True)




#: KPI function -> (metric of :mod:`sedamkit.methods.cx_compare`, the lowest answer that counts for a share):
#: the KPIs computed from one row per answer, whose change between two periods can be tested.
TESTED_FUNCTIONS = {"sedamkit.cx.csat": ("csat", 4), "sedamkit.cx.nps": ("nps", None),
                    "sedamkit.cx.ces": ("ces", None), "custom": ("mean", None)}


def kpi_answers(kpi: dict, client=None, cache=None, *, period: str = "quarter", region: str = "region"):
    """The individual answers behind a KPI, for a test of its change: ``(metric, cut, values, period
    labels, regions or None, {label: Period} in date order)``; None when the KPI is not computed from
    one row per answer (:data:`TESTED_FUNCTIONS`) or its data cannot be read (stage 05's own checks
    report why)."""
    import numpy as np
    import pandas as pd

    from ...core.errors import Problems
    from ...core.tables import periods
    from .common import PERIOD_FORMS
    from .kpi_values import kpi_function, read_dataset

    fn = kpi_function(kpi)
    cols, name = list(kpi.get("columns") or []), kpi.get("dataset")
    if fn not in TESTED_FUNCTIONS or not cols or not name:
        return None
    df, _, _ = read_dataset(client, name, {} if cache is None else cache)
    if df is None or cols[0] not in df.columns or period not in df.columns or not len(df):
        return None
    probs = Problems()
    pmap, labels = periods(df, period, probs, forms=PERIOD_FORMS, code="EVAL005", what=f"dataset {name!r}")
    if probs or len(pmap) < 2:
        return None
    vals = pd.to_numeric(df[cols[0]], errors="coerce").to_numpy(dtype=float)
    reg = None
    if region in df.columns:
        reg = np.where(df[region].notna().to_numpy(), df[region].astype(str).to_numpy(), "")
    metric, cut = TESTED_FUNCTIONS[fn]
    return metric, cut, vals, labels.to_numpy(), reg, pmap


#: KPI function -> (kind of test, the result column holding the count of "yes"): the KPIs kept as one row
#: per period and region (operations data) whose change can still be tested from the counts, means,
#: standard deviations and sizes each row records. A share (retention, turnover) is tested with Newcombe's
#: interval and the two-proportion z-test, each customer or employee one trial (for turnover an
#: approximation: the headcount is an average); a mean (employee satisfaction, process time) with Welch's
#: test from the pooled mean, standard deviation and size. The cost reduction rate is an accounting ratio
#: of totals, not a sample: it has no test.
SUMMARY_TESTS = {"sedamkit.cx.retention_rate": ("share", "customers_retained"),
                 "sedamkit.cx.employee_turnover": ("share", "leavers"),
                 "sedamkit.cx.employee_satisfaction": ("mean", None),
                 "sedamkit.cx.process_completion_time": ("mean", None)}


def kpi_summaries(kpi: dict, client=None, cache=None, *, period: str = "quarter", region: str = "region"):
    """The per-period summaries behind an operations KPI, for a test of its change: ``(kind, table,
    {label: Period} in date order)`` where ``table`` has one row per period label (``_period``) and region
    (``region``, ``All`` for the pooled row) with ``k`` and ``n`` (shares) or ``mean``, ``sd`` and ``n``
    (means), computed by the KPI's own formula; None when the KPI is not one of :data:`SUMMARY_TESTS` or its
    data cannot be read (stage 05's own checks report why)."""
    import pandas as pd

    from ...core.errors import Problems, SedamError
    from ...core.tables import periods
    from .common import PERIOD_FORMS
    from .kpi_values import FORMULAS, kpi_function, read_dataset

    fn = kpi_function(kpi)
    cols, name = list(kpi.get("columns") or []), kpi.get("dataset")
    if fn not in SUMMARY_TESTS or not cols or not name:
        return None
    df, _, _ = read_dataset(client, name, {} if cache is None else cache)
    if df is None or period not in df.columns or not len(df) or any(c not in df.columns for c in cols):
        return None
    probs = Problems()
    pmap, labels = periods(df, period, probs, forms=PERIOD_FORMS, code="EVAL005", what=f"dataset {name!r}")
    if probs or len(pmap) < 2:
        return None
    data = df.assign(_period=labels.to_numpy())
    kind, k_col = SUMMARY_TESTS[fn]
    compute = FORMULAS[fn].compute
    parts = []
    try:
        for by in (["_period"], ["_period", region]):
            if region not in data.columns and len(by) > 1:
                continue
            t = compute(data, cols, by, 0.95, "_period", None)
            if len(by) == 1:
                t[region] = ALL
            parts.append(t)
    except SedamError:      # bad counts or columns: stage 05's KPI table says why
        return None
    t = pd.concat(parts, ignore_index=True)
    if kind == "share":
        t = t.rename(columns={k_col: "k"})
        keep = ["k", "n"]
    else:
        t = t.rename(columns={"value": "mean"})
        keep = ["mean", "sd", "n"]
    t = t[t[region].notna()].rename(columns={region: "region"})
    t["region"] = t["region"].astype(str)
    return kind, t[["_period", "region", *keep]].reset_index(drop=True), pmap


def _summary_test(kind, a, b) -> dict:
    """The test of ``a − b`` for two summary rows (see :func:`kpi_summaries`); shares in percentage points."""
    from ...methods.statistics import newcombe_interval, welch_from_stats

    if kind == "share":
        r = newcombe_interval(a["k"], a["n"], b["k"], b["n"])
        r.update({x: 100 * r[x] for x in ("difference", "ci_low", "ci_high")})
        va = 100 * a["k"] / a["n"] if a["n"] else math.nan
        vb = 100 * b["k"] / b["n"] if b["n"] else math.nan
    else:
        r = welch_from_stats(a["mean"], a["sd"], a["n"], b["mean"], b["sd"], b["n"])
        va, vb = float(a["mean"]), float(b["mean"])
    r.update({"value_a": va, "value_b": vb, "n_a": int(a["n"]), "n_b": int(b["n"])})
    return r


def _baseline_and_latest(pmap, start):
    order = list(pmap)
    before = [p for p in order if pmap[p].end_time < start]
    return (before[-1] if before else order[0]), order[-1]


def _answer_rows(k, got, start, sign):
    """Tested rows of a KPI computed from one row per answer (pooled first, then each region)."""
    from ...methods.cx_compare import pair_test

    metric, cut, vals, lab, reg, pmap = got
    base, last = _baseline_and_latest(pmap, start)
    if base == last:
        return []
    groups = [(ALL, slice(None))]
    if reg is not None:
        groups += [(r, reg == r) for r in sorted(set(reg[reg != ""]))]
    rows = []
    for reg_name, mask in groups:
        v, lb = vals[mask], lab[mask]
        a, b = v[lb == last], v[lb == base]
        if len(a) < 2 or len(b) < 2:
            continue
        r = pair_test(metric, a, b, cut=cut)
        rows.append(_row(k, metric, reg_name, last, base, r, sign))
    return rows


def _summary_rows(k, got, start, sign):
    """Tested rows of an operations KPI from its per-period summaries (pooled first, then each region)."""
    kind, table, pmap = got
    base, last = _baseline_and_latest(pmap, start)
    if base == last:
        return []
    rows = []
    regions = [ALL] + sorted(set(table["region"]) - {ALL})
    for reg_name in regions:
        g = table[table["region"] == reg_name].set_index("_period")
        if last not in g.index or base not in g.index:
            continue
        a, b = g.loc[last], g.loc[base]
        if min(a["n"], b["n"]) < 2:
            continue
        rows.append(_row(k, kind, reg_name, last, base, _summary_test(kind, a, b), sign))
    return rows


def _row(k, metric, region, last, base, r, sign) -> dict:
    return {"kpi_id": k["id"], "name": k.get("name"), "metric": metric, "region": region,
            "period_a": last, "period_b": base, **{x: r[x] for x in (
                "value_a", "value_b", "n_a", "n_b", "difference", "ci_low", "ci_high", "p_value", "method")},
            "_sign": sign}


def period_tests(plan_or_result, client: dict | None = None, *, datasets: dict | None = None,
                 period: str = "quarter", region: str = "region", alpha: float = 0.05) -> list[dict]:
    """Did a KPI really move between the baseline period and the latest one? A test of the change for
    every KPI that has a sampling error, pooled and per region (7.3.2.3).

    - KPIs computed from one row per answer (CSAT, NPS, CES, a custom KPI's column: see
      :data:`TESTED_FUNCTIONS`) are tested from the answers, as in :mod:`sedamkit.methods.cx_compare`
      (NPS difference with its variance, Newcombe for shares, Welch for means);
    - operations KPIs kept as one row per period and region (retention, turnover, employee satisfaction,
      process time: :data:`SUMMARY_TESTS`) are tested from the counts, or means, spreads and sizes, the
      rows record (Newcombe for shares, Welch from summary statistics for means);
    - the cost reduction rate is a ratio of accounting totals with no sampling error: it is not tested and
      its change stays in :func:`period_changes`.

    The baseline period is the last one that ends before the plan starts (the first with data when
    none does); the latest is the last period with data. Each KPI's pooled change is its own question
    (``p_adjusted`` = ``p_value``); its regions are several tests of one question, so Holm's correction
    runs over the regions of each KPI.

    Returns
    -------
    list of dict
        ``kpi_id``, ``name``, ``metric`` (``csat``, ``nps``, ``ces``, ``mean`` for answers; ``share`` or
        ``mean`` for operations summaries), ``region`` (``All`` for pooled), ``period_a`` (latest),
        ``period_b`` (baseline), ``value_a``, ``value_b``, ``n_a``, ``n_b``, ``difference`` (latest −
        baseline, in the KPI's unit; 4 decimals), ``ci_low``, ``ci_high``, ``p_value``, ``p_adjusted``
        (6 decimals), ``method``, ``significant`` and ``improved`` (significant and in the KPI's direction).
    """
    from ...methods.statistics import holm

    pr = plan_result(plan_or_result)
    start = to_date(pr["period"]["start"])
    cache = {name: (df, None, None) for name, df in (datasets or {}).items()}
    pooled, regional = [], []
    for k in pr["kpis"]:
        sign = 1.0 if k.get("direction", "higher") == "higher" else -1.0
        got = kpi_answers(k, client, cache, period=period, region=region)
        if got is not None:
            rows = _answer_rows(k, got, start, sign)
        else:
            summ = kpi_summaries(k, client, cache, period=period, region=region)
            if summ is None:
                continue
            rows = _summary_rows(k, summ, start, sign)
        pooled += [r for r in rows if r["region"] == ALL]
        regional.append([r for r in rows if r["region"] != ALL])
    for family in [[r] for r in pooled] + regional:     # each KPI's pooled row is its own question
        adj, sig = holm([r["p_value"] for r in family], alpha) if family else ([], [])
        for r, p_adj, s in zip(family, adj, sig):
            sign = r.pop("_sign")
            r.update({k: round(float(r[k]), 4) for k in ("value_a", "value_b", "difference", "ci_low", "ci_high")})
            r["p_value"], r["p_adjusted"], r["significant"] = round(float(r["p_value"]), 6), round(p_adj, 6), s
            r["improved"] = bool(s and sign * r["difference"] > 0)
    out = pooled + [r for fam in regional for r in fam]
    order_ids = {k["id"]: i for i, k in enumerate(pr["kpis"])}
    out.sort(key=lambda r: (order_ids[r["kpi_id"]], r["region"] != ALL, r["region"]))
    return out
