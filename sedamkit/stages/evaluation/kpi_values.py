"""Stage 05, step 2: every KPI of the plan computed from the data (clauses 6.2 a) 3), 7.3.2.4)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ...core.errors import Problem, Problems, SedamError
from .common import ALL, PERIOD_FORMS, mid_period, period_of, plan_result, to_date

__all__ = ["kpi_values", "read_dataset", "FORMULAS", "Formula", "CUSTOM_FUNCTION", "kpi_function", "cost_reference", "COLUMNS"]

#: The columns of :func:`kpi_values`.
COLUMNS = ["kpi_id", "kpi", "name", "unit", "direction", "period", "period_start", "as_of", "region", "value",
           "ci_low", "ci_high", "n", "measurable", "reason"]


def _read_dataset(client, name, cache, files=None):
    """(DataFrame or None, reason code, reason text); ``files`` gets the path of each file read."""
    from ...core.tables import read_table

    if name in cache:
        return cache[name]
    rel = ((client or {}).get("data") or {}).get(name)
    if rel is None:
        out = (None, "EVAL102", f"client.yaml names no {name!r} data file (data: {{{name}: data/<file>.csv}})")
    else:
        path = Path(client["dir"]) / rel
        if not path.is_file():
            out = (None, "EVAL103", f"data file {rel} is missing")
        else:
            try:
                out = (read_table(path, code="EVAL103", missing_code="EVAL103"), None, None)
                if files is not None:
                    files[name] = str(path)
            except SedamError as e:  # unreadable file: treat as missing, with the reason
                out = (None, "EVAL103", f"data file {rel} cannot be read ({e.problems[0].message})")
    cache[name] = out
    return out


#: The public name of the dataset reader (other modules reuse it, with its cache and its reasons).
read_dataset = _read_dataset


def _rename(frame, value, low, high, n):
    import numpy as np

    out = frame.rename(columns={value: "value", low: "ci_low", high: "ci_high", n: "n"})
    for c in ("ci_low", "ci_high"):
        if c not in out:
            out[c] = np.nan
    return out


def cost_reference(df, columns, period, region, start, probs):
    """Reference cost per group for the cost reduction rate: the cost per job (``columns``: cost, then
    jobs; cost alone: cost per period) over the periods that end before the plan starts (the baseline
    periods); the first period when there are none."""
    import numpy as np
    import pandas as pd

    from ...core.tables import numeric

    columns = [columns] if isinstance(columns, str) else list(columns)
    c = numeric(df, columns[0], probs, what="costs")
    d = pd.DataFrame({"p": df[period].astype(str), "c": c})
    d["j"] = numeric(df, columns[1], probs, what="jobs") if len(columns) > 1 else 1.0
    if region:
        d["r"] = df[region].astype(str)
    per = {p: period_of(p) for p in d["p"].unique()}
    d["end"] = d["p"].map(lambda p: per[p].end_time if per[p] is not None else pd.NaT)
    base = d[d["end"] < start] if start is not None else d.iloc[0:0]
    known = [p for p in per if per[p] is not None]
    if base.empty and known:
        first = min(known, key=lambda p: per[p].start_time)
        base = d[d["p"] == first]

    def unit_cost(b):   # per job: total cost over total jobs; without jobs: mean cost per period
        if len(columns) > 1:
            jobs = b["j"].sum()
            return float(b["c"].sum() / jobs) if jobs > 0 else np.nan
        return float(b.groupby("p")["c"].sum().mean()) if len(b) else np.nan

    out = {"All": unit_cost(base)}
    if region:
        for r, g in base.groupby("r"):
            out[r] = unit_cost(g)
    return out


def _csat(df, columns, by, confidence, period, ref):
    from ...methods import cx

    return _rename(cx.csat(df, columns[0], by=by, confidence=confidence), "csat", "ci_low", "ci_high", "n")


def _nps(df, columns, by, confidence, period, ref):
    from ...methods import cx

    return _rename(cx.nps(df, columns[0], by=by, confidence=confidence), "nps", "ci_low", "ci_high", "n")


def _ces(df, columns, by, confidence, period, ref):
    from ...methods import cx

    return _rename(cx.ces(df, columns[0], by=by, confidence=confidence), "mean", "mean_ci_low", "mean_ci_high", "n")


def _retention(df, columns, by, confidence, period, ref):
    from ...methods import cx

    t = cx.retention_rate(df, start=columns[0], retained=columns[1], by=by, confidence=confidence)
    return _rename(t, "retention_rate", "ci_low", "ci_high", "customers_start")


def _employee_satisfaction(df, columns, by, confidence, period, ref):
    from ...methods import cx

    t = cx.employee_satisfaction(df, mean=columns[0], sd=columns[1], n=columns[2], by=by, confidence=confidence)
    return _rename(t, "mean_satisfaction", "ci_low", "ci_high", "n")


def _process_time(df, columns, by, confidence, period, ref):
    from ...methods import cx

    t = cx.process_completion_time(df, mean=columns[0], sd=columns[1], n=columns[2], by=by, confidence=confidence)
    return _rename(t, "mean_minutes", "ci_low", "ci_high", "n")


def _turnover(df, columns, by, confidence, period, ref):
    from ...methods import cx

    t = cx.employee_turnover(df, leavers=columns[0], employees=list(columns[1:]), by=by, confidence=confidence)
    return _rename(t, "turnover_rate", "ci_low", "ci_high", "headcount")


def _cost_reduction(df, columns, by, confidence, period, ref):
    from ...methods import cx

    groups = [b for b in by if b != period]
    t = cx.cost_reduction_rate(df, cost=columns[0], jobs=columns[1] if len(columns) > 1 else None, period=period,
                               by=groups or None, baseline=ref)
    t["n"] = 1
    return _rename(t, "cost_reduction_rate", "ci_low", "ci_high", "n")


def _custom_mean(df, columns, by, confidence, period, ref):
    from ...methods import cx

    t = cx.mean_table(df, by, value=columns[0], confidence=confidence, what=f"column {columns[0]}", prefix="mean")
    return _rename(t, "mean", "ci_low", "ci_high", "n")


@dataclass(frozen=True)
class Formula:
    """How stage 05 computes one kind of KPI.

    Attributes
    ----------
    compute : callable
        ``fn(df, columns, by, confidence, period, ref) -> DataFrame`` with the ``by`` columns plus
        ``value``, ``ci_low``, ``ci_high`` and ``n``, one row per group.
    reference : callable or None
        ``fn(df, column, period, region, start, probs) -> {"All": x, region: x, ...}``: a reference
        the formula needs from the data before the plan starts (the cost reduction rate's baseline cost).
    """
    compute: Callable
    reference: Callable | None = None


#: The function name a custom KPI (``kpi: custom`` in the plan) is computed with: the mean of its column.
CUSTOM_FUNCTION = "custom"

#: The ``compute.function`` names of the KPI catalogue (``sedamkit/data/kpis.yaml``) → implementation.
#: A catalogue KPI is computed by the entry its ``function`` names; one the table lacks is ``EVAL106``.
FORMULAS = {
    "sedamkit.cx.csat": Formula(_csat),
    "sedamkit.cx.nps": Formula(_nps),
    "sedamkit.cx.ces": Formula(_ces),
    "sedamkit.cx.retention_rate": Formula(_retention),
    "sedamkit.cx.employee_satisfaction": Formula(_employee_satisfaction),
    "sedamkit.cx.process_completion_time": Formula(_process_time),
    "sedamkit.cx.employee_turnover": Formula(_turnover),
    "sedamkit.cx.cost_reduction_rate": Formula(_cost_reduction, reference=cost_reference),
    CUSTOM_FUNCTION: Formula(_custom_mean),
}


def kpi_function(kpi: dict, catalogue_kpis: dict | None = None) -> str | None:
    """The function name a plan KPI is computed with: its catalogue entry's ``compute.function``
    (:data:`CUSTOM_FUNCTION` for a custom KPI); None when the catalogue does not know the KPI.

    >>> kpi_function({"kpi": "nps"}), kpi_function({"kpi": "custom"}), kpi_function({"kpi": "happiness"})
    ('sedamkit.cx.nps', 'custom', None)
    """
    if kpi.get("kpi") == "custom":
        return CUSTOM_FUNCTION
    if catalogue_kpis is None:
        from ...methods.catalogue import load_kpis

        catalogue_kpis = load_kpis()
    return ((catalogue_kpis.get(kpi.get("kpi")) or {}).get("compute") or {}).get("function")


def kpi_values(plan_or_result, client: dict | None = None, *, datasets: dict | None = None, period: str = "quarter",
               region: str = "region", confidence: float = 0.95, strict: bool = True):
    """Every KPI of the plan computed from the data, per period, for all regions pooled and per region.

    Parameters
    ----------
    plan_or_result : dict
        Stage 02's result ``data`` (or a plan dict): its ``kpis`` name each KPI's ``dataset`` and
        ``columns`` (from the KPI catalogue, or a custom KPI's ``data``).
    client : dict, optional
        The client config: ``data: {name: file}`` says where each dataset is.
    datasets : dict, optional
        ``{name: DataFrame}``, used before reading any file (tests, or data already loaded).
    period, region : str
        Column names of the period labels (``2025Q1``, ``2025-03``, ``2025``) and of the region or
        branch. A dataset without the region column gives pooled rows only.
    strict : bool
        Bad values in a dataset raise ``DATA002`` (default); ``False`` lists the KPI as not measurable.

    Returns
    -------
    pandas.DataFrame
        One row per KPI × period × region (``region`` = :data:`ALL` for the pooled value), in plan
        order then period order: ``kpi_id``, ``kpi``, ``name``, ``unit``, ``direction``, ``period``
        (label), ``period_start``, ``as_of`` (the middle of the period), ``region``, ``value``,
        ``ci_low``, ``ci_high`` (95 % interval, NaN when none), ``n`` (answers, customers, employees
        or jobs behind the value), ``measurable`` (bool) and ``reason`` ("" when measurable). A KPI that
        cannot be computed has exactly one row with ``measurable = False`` and the reason
        (``EVAL101``–``EVAL106``).
    """
    import pandas as pd

    pr = plan_result(plan_or_result)
    if not (isinstance(confidence, (int, float)) and 0 < confidence < 1):
        raise SedamError(Problem("EVAL002", None, "confidence", f"confidence must be between 0 and 1, got {confidence!r}",
                                 "use e.g. 0.95"))
    from ...methods.catalogue import load_kpis

    job = _Job(client=client, period=period, region=region, confidence=confidence, strict=strict,
               start=to_date(pr["period"]["start"]) if pr.get("period", {}).get("start") else None,
               cache={name: (df, None, None) for name, df in (datasets or {}).items()}, probs=Problems(),
               catalogue_kpis=load_kpis(), checked=set(), files={})
    frames = [f for f in (_one_kpi(k, job) for k in pr["kpis"]) if f is not None]
    job.probs.raise_if_any("the KPI data have problems")
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["value"] = out["value"].astype(float)
    out["ci_low"] = out["ci_low"].astype(float)
    out["ci_high"] = out["ci_high"].astype(float)
    return out


@dataclass
class _Job:
    """What :func:`kpi_values` computes every KPI with (its parameters, the datasets read, the problems)."""
    client: dict | None
    period: str
    region: str
    confidence: float
    strict: bool
    start: object
    cache: dict
    probs: Problems
    catalogue_kpis: dict
    checked: set          # datasets whose rows and periods were checked (each is reported once)
    files: dict           # dataset name -> the file it was read from


def _not_measurable(k, code, text):
    """The one row of a KPI that cannot be computed."""
    import numpy as np
    import pandas as pd

    return pd.DataFrame([{"kpi_id": k["id"], "kpi": k["kpi"], "name": k["name"], "unit": k["unit"],
                          "direction": k["direction"], "period": None, "period_start": pd.NaT, "as_of": pd.NaT,
                          "region": ALL, "value": np.nan, "ci_low": np.nan, "ci_high": np.nan, "n": 0,
                          "measurable": False, "reason": f"{code}: {text}"}], columns=COLUMNS)


def _inputs(k, job):
    """``(formula, data frame, None)`` for a KPI that can be tried, else ``(None, None, (code, text))``."""
    columns, dataset = list(k.get("columns") or []), k.get("dataset")
    if k["kpi"] == "custom" and not columns:
        return None, None, ("EVAL101", "custom KPI names no data column; add data: {dataset, column} to the plan")
    formula = FORMULAS.get(kpi_function(k, job.catalogue_kpis))
    if formula is None:
        return None, None, ("EVAL106", f"the kit has no formula for {k['kpi']!r}")
    if not dataset:
        return None, None, ("EVAL102", "the KPI names no dataset")
    df, code, text = _read_dataset(job.client, dataset, job.cache, job.files)
    if df is None:
        return None, None, (code, text)
    absent = [c for c in columns + [job.period] if c not in df.columns]
    if absent:
        return None, None, ("EVAL104", f"dataset {dataset!r} has no column(s) {', '.join(absent)}")
    return formula, df, None


def _period_map(df, dataset, job):
    """``({label: pandas.Period}, labels)`` of a dataset's period column (labels strictly 2025Q1, 2025-03
    or 2025, ordered by date); ``(None, None)`` when the file has no data rows (``DATA005``) or a label
    cannot be read (``EVAL005`` naming the file rows). Each dataset's problems are added once."""
    from ...core.tables import periods, require_rows

    file = job.files.get(dataset)
    probs = Problems(file)
    if file is not None and not require_rows(df, probs, what=f"dataset {dataset!r}"):
        pmap, labels = None, None
    else:
        pmap, labels = periods(df, job.period, probs, forms=PERIOD_FORMS, code="EVAL005",
                               what=f"dataset {dataset!r}")
    if probs and dataset not in job.checked:
        job.probs.extend(probs.items)
    job.checked.add(dataset)
    return (None, None) if probs else (pmap, labels)


def _compute_parts(k, formula, df, labels, job):
    """The pooled table and, when the data have regions, the per-region one (raises ``SedamError``)."""
    columns, period, region = list(k.get("columns") or []), job.period, job.region
    has_region = bool(region) and region in df.columns
    ref = None
    if formula.reference is not None:
        sub_probs = Problems()
        ref = formula.reference(df, columns, period, region if has_region else None, job.start, sub_probs)
        sub_probs.raise_if_any("cannot compute the cost reduction rate")
    data = df.assign(**{period: labels})
    pooled = formula.compute(data, columns, [period], job.confidence, period, ref["All"] if ref else None)
    pooled["region"] = ALL
    parts = [pooled]
    if has_region:
        data = data.assign(**{region: data[region].astype(str)})
        reg = formula.compute(data, columns, [period, region], job.confidence, period,
                              {r: v for r, v in ref.items() if r != "All"} if ref else None)
        parts.append(reg.rename(columns={region: "region"}))
    return parts


def _one_kpi(k, job):
    """One KPI's rows: its values, or its not-measurable row; None when its data have problems (in ``job.probs``)."""
    import pandas as pd

    formula, df, why = _inputs(k, job)
    if why is not None:
        return _not_measurable(k, *why)
    dataset = k.get("dataset")
    pmap, labels = _period_map(df, dataset, job)
    if pmap is None:
        return None
    try:
        parts = _compute_parts(k, formula, df, labels, job)
    except SedamError as e:
        if not job.strict:
            return _not_measurable(k, e.problems[0].code, e.problems[0].message)
        for p in e.problems:
            job.probs.add(p.code, f"KPI {k['id']} ({dataset}): {p.where or ''}".rstrip(": "), p.message, p.fix,
                          file=str(p.file) if p.file else job.files.get(dataset))
        return None
    t = pd.concat(parts, ignore_index=True).rename(columns={job.period: "period"})
    t = t[t["n"].fillna(0) > 0]
    t = t[pd.to_numeric(t["value"], errors="coerce").notna()]
    if t.empty:
        return _not_measurable(k, "EVAL105", f"dataset {dataset!r} has no values for this KPI")
    t["period_start"] = t["period"].map(lambda p: pmap[p].start_time)
    t["as_of"] = t["period"].map(lambda p: mid_period(pmap[p]))
    for key in ("kpi", "name", "unit", "direction"):
        t[key] = k[key]
    t["kpi_id"] = k["id"]
    t["measurable"] = True
    t["reason"] = ""
    t["_r"] = (t["region"] != ALL).astype(int)
    t = t.sort_values(["period_start", "_r", "region"], kind="stable")
    return t[COLUMNS]
