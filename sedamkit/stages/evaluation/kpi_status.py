"""Stage 05, step 3: each KPI against the plan — expected point, status, uncertainty (clause 8.1.4)."""
from __future__ import annotations

import math

from ...core.errors import Problem, SedamError
from ...core.jsonsafe import float_or_nan
from .common import ALL, DIGITS, EXACT_KPIS, STATUSES, plan_result, to_date

__all__ = ["expected_value", "status_of", "significant", "kpi_status", "status_counts", "status_table"]


# =============================================================================== status
def expected_value(baseline, target, start, due, as_of) -> float:
    """The on-track threshold: linear from ``baseline`` at ``start`` to ``target`` at ``due``.

    >>> expected_value(70, 80, "2025-01-01", "2025-12-31", "2025-07-02")
    75.0
    >>> expected_value(70, 80, "2025-01-01", "2025-12-31", "2026-03-01")   # after the due date
    80.0
    >>> expected_value(70, 80, "2025-01-01", "2025-12-31", "2024-11-15")   # before the start
    70.0
    """
    s, d, a = to_date(start), to_date(due), to_date(as_of)
    span = (d - s).total_seconds()
    f = 1.0 if span <= 0 else min(max((a - s).total_seconds() / span, 0.0), 1.0)
    return float(baseline) + f * (float(target) - float(baseline))


def status_of(latest, target, expected, direction: str) -> str:
    """The status of one value (see the module docstring).

    >>> status_of(82, 82, 80, "higher"), status_of(81, 82, 80, "higher"), status_of(80, 82, 80, "higher")
    ('met', 'on_track', 'on_track')
    >>> status_of(79.9, 82, 80, "higher"), status_of(3.0, 2.8, 2.9, "lower"), status_of(None, 1, 1, "lower")
    ('off_track', 'off_track', 'not_measurable')
    """
    if latest is None or (isinstance(latest, float) and math.isnan(latest)):
        return "not_measurable"
    if direction not in ("higher", "lower"):
        raise SedamError(Problem("EVAL002", None, "direction", f"direction {direction!r} is not higher or lower",
                                 "set direction: higher or lower in the plan"))
    sign = 1.0 if direction == "higher" else -1.0
    v, t, e = (round(sign * float(x), DIGITS) for x in (latest, target, expected))
    if v >= t:
        return "met"
    if v >= e:
        return "on_track"
    return "off_track"


def significant(kpi, latest, low, high, baseline):
    """Whether a change is larger than its uncertainty: ``(True | False | None, uncertainty text)``
    (rules in :mod:`sedamkit.stages.evaluation.api`).

    >>> significant("csat", 75.0, 71.0, 79.0, 70.0), significant("cost_reduction_rate", 1.0, float("nan"), float("nan"), 0.0)
    ((True, '95% interval'), (True, 'exact'))
    """
    if kpi in EXACT_KPIS:
        return (round(latest - baseline, DIGITS) != 0), "exact"
    if low != low or high != high:
        return None, "no interval"
    if latest > baseline:
        return bool(low > baseline), "95% interval"
    if latest < baseline:
        return bool(high < baseline), "95% interval"
    return False, "95% interval"


def kpi_status(values, plan_or_result, *, by_region: bool = False, as_of=None):
    """Each KPI's latest value against its baseline and target, with its status.

    Parameters
    ----------
    values : pandas.DataFrame
        Output of :func:`kpi_values`.
    plan_or_result : dict
        Stage 02's result (or the plan): baselines, targets, due dates and the plan's start.
    by_region : bool
        False (default): one row per KPI for the pooled value. True: one row per KPI and region
        (the same targets applied to each region; not-measurable KPIs appear once, as ``All``).
    as_of : date-like, optional
        Judge every latest value as of this date instead of the middle of its period.

    Returns
    -------
    pandas.DataFrame
        In plan order: ``kpi_id``, ``kpi``, ``name``, ``unit``, ``direction``, ``region``, ``baseline``,
        ``baseline_source`` (``plan`` | ``data``), ``target``, ``due``, ``latest_period``, ``latest``,
        ``ci_low``, ``ci_high``, ``as_of``, ``expected`` (on-track threshold at ``as_of``),
        ``progress`` (percent of the way from baseline to target; NaN when they are equal),
        ``change`` (latest − baseline), ``significant`` (True / False / None, see the module
        docstring), ``uncertainty``, ``status`` (one of :data:`STATUSES`), ``reason``.
    """
    import numpy as np
    import pandas as pd

    pr = plan_result(plan_or_result)
    start = pr["period"]["start"]
    rows = []
    for k in pr["kpis"]:
        v = values[values["kpi_id"] == k["id"]] if len(values) else values
        meas = v[v["measurable"].astype(bool)] if len(v) else v
        regions = [ALL] + (sorted(set(meas["region"]) - {ALL}) if by_region and len(meas) else [])
        for reg in regions:
            base = {"kpi_id": k["id"], "kpi": k["kpi"], "name": k["name"], "unit": k["unit"],
                    "direction": k["direction"], "region": reg, "baseline": k.get("baseline"),
                    "baseline_source": "plan", "target": float(k["target"]), "due": str(k["due"])}
            r = meas[meas["region"] == reg].sort_values("period_start") if len(meas) else meas
            if not len(r):
                reason = v["reason"].iloc[0] if len(v) and v["reason"].iloc[0] else "no value for this region"
                rows.append({**base, "baseline": float_or_nan(base["baseline"]), "latest_period": None, "latest": np.nan,
                             "ci_low": np.nan, "ci_high": np.nan, "as_of": None, "expected": np.nan,
                             "progress": np.nan, "change": np.nan, "significant": None, "uncertainty": "",
                             "status": "not_measurable", "reason": reason})
                continue
            last = r.iloc[-1]
            b = base["baseline"]
            if b is None or (isinstance(b, float) and math.isnan(b)):
                before = r[r["as_of"] < to_date(start)]
                b = float((before if len(before) else r).iloc[-1 if len(before) else 0]["value"])
                base["baseline_source"] = "data"
            b = float(b)
            when = to_date(as_of) if as_of is not None else last["as_of"]
            exp = expected_value(b, base["target"], start, base["due"], when)
            latest = float(last["value"])
            sig, unc = significant(k["kpi"], latest, float(last["ci_low"]), float(last["ci_high"]), b)
            span = base["target"] - b
            rows.append({**base, "baseline": b, "latest_period": last["period"], "latest": latest,
                         "ci_low": float(last["ci_low"]), "ci_high": float(last["ci_high"]),
                         "as_of": str(pd.Timestamp(when).date()), "expected": exp,
                         "progress": (latest - b) / span * 100 if span else np.nan, "change": latest - b,
                         "significant": sig, "uncertainty": unc,
                         "status": status_of(latest, base["target"], exp, k["direction"]), "reason": ""})
    cols = ["kpi_id", "kpi", "name", "unit", "direction", "region", "baseline", "baseline_source", "target", "due",
            "latest_period", "latest", "ci_low", "ci_high", "as_of", "expected", "progress", "change", "significant",
            "uncertainty", "status", "reason"]
    return pd.DataFrame(rows, columns=cols)


def status_counts(status) -> dict:
    """``{status: count}`` over :data:`STATUSES` (zeros included).

    >>> import pandas as pd
    >>> status_counts(pd.DataFrame({"status": ["met", "met", "off_track"]}))
    {'met': 2, 'on_track': 0, 'off_track': 1, 'not_measurable': 0}
    """
    vc = status["status"].value_counts()
    return {s: int(vc.get(s, 0)) for s in STATUSES}


def status_table(status, language: str = "en"):
    """A readable status table: status in words with a symbol, values rounded, change marked when it
    is larger than its uncertainty. Columns: KPI, name, direction, baseline, target, latest (period),
    expected now, change, beyond uncertainty, status; in ``language`` (``en`` or ``fr``: French headers,
    words and decimal commas)."""
    import pandas as pd

    from ...core import numfmt
    from ...core.prose import Prose
    from .reasons import reason_shown

    tx = Prose(language)
    mark = {"met": "✔", "on_track": "➚", "off_track": "✘", "not_measurable": "?"}

    def fmt(x, unit=""):
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "—"
        return f"{x:,.1f}" if tx.language == "en" else numfmt.number(x, tx.language, 1)

    rows = []
    for r in status.itertuples():
        rows.append({"KPI": r.kpi_id, "name": r.name, "unit": r.unit,
                     "better": ("↑ " if r.direction == "higher" else "↓ ") + tx.tr(f"frx.ev.direction.{'higher' if r.direction == 'higher' else 'lower'}"),
                     "baseline": fmt(r.baseline), "target": fmt(r.target),
                     "latest": "—" if not isinstance(r.latest_period, str) else f"{fmt(r.latest)} ({tx.period(r.latest_period) if tx.language != 'en' else r.latest_period})",
                     "expected now": fmt(r.expected), "change": fmt(r.change),
                     "beyond uncertainty": "—" if r.significant is None else tx.yesno(r.significant),
                     "status": f"{mark[r.status]} {tx.tr('frx.ev.status.' + r.status)}"
                               + (f" — {reason_shown(r.reason, tx.language)}" if r.reason else "")})
    if tx.language != "en":
        return pd.DataFrame(rows).rename(columns={c: tx.tr(f"frx.ev.col.{c.replace(' ', '_')}") for c in rows[0]} if rows else {})
    return pd.DataFrame(rows)


