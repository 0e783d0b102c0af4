"""Stage 05, step 5: periods and regions compared (clause 7.3.2.3)."""
from __future__ import annotations

import math

from .common import ALL, EXACT_KPIS, plan_result, to_date

__all__ = ["period_changes", "lagging_regions"]


# =============================================================================== periods and regions
def _se(row):
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
        se = math.sqrt(_se(a) ** 2 + _se(b) ** 2)
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


