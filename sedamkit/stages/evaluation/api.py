"""Stage 05 — evaluation against the plan (ISO/DTS 19384 clause 8.1).

Clause 8.1 is known to the kit by its headings only (8.1.1 general, 8.1.2 mission statement,
8.1.3 performance measurement indicators, 8.1.4 performance evaluation). The method below is the
kit's own, built on clause 6.2 a) 3) (KPIs with targets in the DAAP), 7.3.2.3 (comparing customer
feedback across periods and regions) and 7.3.2.4 (the list of indicators).

What stage 05 does
------------------
1. **Mission review** — the client's service excellence mission (``mission`` in ``client.yaml``, else
   the DAAP's) is reviewed with the shipped questionnaire ``mission_review`` (scored like stage 01:
   0–100 per area; :data:`MISSION_SOUND_FROM` and :data:`MISSION_WEAK_BELOW` give the verdict).
2. **KPIs from data** — :func:`kpi_values` computes every KPI of the plan from the dataset the KPI
   catalogue (or a custom KPI's ``data``) names, per period and per region, with intervals from
   :mod:`sedamkit.cx`. A KPI that cannot be computed gets one row with ``measurable = False`` and the
   reason (codes ``EVAL101``–``EVAL106``): it is never left out.
3. **Against the plan** — :func:`kpi_status` (rules below).
4. **Suitable, beneficial, adequately used** — each planned approach is rated 1–5 on the three
   criteria (:func:`approach_spec`, :func:`approach_ratings`); an approach whose mean on any criterion
   is below :data:`POOR_BELOW` (3, the middle of the scale; exactly 3 is not poor) is *rated poorly*
   and goes to stage 06.
5. **Periods and regions** (7.3.2.3) — :func:`period_changes` and :func:`lagging_regions`.

Status rules (:func:`kpi_status`)
---------------------------------
For each KPI, the *latest* value is the pooled value (all regions) of the latest period with data.

* A period's value stands for the **middle of the period** (a quarter's survey answers are spread
  over the quarter), so its date is ``as_of = period start + (period end − period start) / 2``,
  rounded down to the day (2025Q4 → 2025-11-15).
* Planned progress is linear from the baseline at the plan's start (``period.start`` of the DAAP) to
  the target at the KPI's due date: ``f = clip((as_of − start) / (due − start), 0, 1)`` and
  ``expected = baseline + f × (target − baseline)``.
* **met** — the target is reached in the KPI's direction: ``latest ≥ target`` (higher is better) or
  ``latest ≤ target`` (lower is better). Reaching the target exactly counts as met.
* **on track** — not met, and the latest value is at or beyond the expected point:
  ``latest ≥ expected`` (higher) or ``latest ≤ expected`` (lower). Exactly on the line is on track.
* **off track** — neither.
* **not measurable** — no value (no data column, file or rows).
* Values are compared after rounding to 9 decimals, so floating-point noise never decides a status.
* A KPI without a baseline in the plan uses the data's last value before the plan start (or its
  first value), and the row says so (``baseline_source = "data"``).

*Change larger than its uncertainty* (``significant``): the change is ``latest − baseline``; it is
larger than its uncertainty when the baseline lies outside the latest value's 95 % interval (on the
side of the change). The plan's baseline is taken as a fixed number. The cost reduction rate is an
accounting ratio without a sampling interval: any change counts (``uncertainty = "exact"``).

Answers layout
--------------
Each questionnaire of the stage has its own folder, so :func:`sedamkit.core.answers.load_all` validates
every file against the one spec it belongs to::

    answers/05_evaluation/mission/<respondent>.json      mission_review (shipped spec)
    answers/05_evaluation/approaches/<respondent>.json   approach_ratings (built from the plan)

The approach-ratings spec is built at run time from the plan. Item ids are
``<approach>__suitable``, ``<approach>__beneficial`` and ``<approach>__used``. An approach answered
earlier but no longer in the plan stays in the spec (group "no longer planned"), so a saved file
stays valid and nothing typed is lost; it is not scored.

Error codes
-----------
=======  =========================================================================
EVAL001  the plan (or stage 02 result) has no usable KPI list
EVAL002  a parameter is not valid (confidence, as_of, criterion)
EVAL003  an approach-ratings file is not valid (item id not ``<approach>__<criterion>``)
EVAL004  a rated approach is not in the catalogue of digital approaches
EVAL005  a period label cannot be read as a period (write e.g. 2025Q1, 2025-03 or 2025)
=======  =========================================================================

Reasons a KPI is not measurable (in the ``reason`` column, not raised)
----------------------------------------------------------------------
=======  =========================================================================
EVAL101  a custom KPI names no data column
EVAL102  the KPI's dataset is not named under ``data:`` in client.yaml
EVAL103  the data file named in client.yaml is missing
EVAL104  the dataset lacks a column the KPI needs
EVAL105  the dataset has no values for the KPI
EVAL106  the kit has no formula for this catalogue KPI
=======  =========================================================================

Bad values inside a dataset (text where a number belongs, answers off the scale) are raised as
``DATA002`` by :mod:`sedamkit.cx` (``strict=True``, the default) — a KPI is not hidden because its
data are wrong; with ``strict=False`` such a KPI is listed as not measurable with the problem.

Examples
--------
>>> import pandas as pd
>>> plan = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
...         "kpis": [{"id": "K1", "kpi": "custom", "name": "Calls", "unit": "n", "direction": "lower",
...                   "baseline": 10, "target": 6, "due": "2025-12-31", "dataset": "ops", "columns": ["calls"]}]}
>>> df = pd.DataFrame({"quarter": ["2025Q2", "2025Q2"], "region": ["N", "S"], "calls": [7.0, 9.0]})
>>> v = kpi_values(plan, datasets={"ops": df})
>>> s = kpi_status(v, plan)
>>> s[["kpi_id", "latest", "expected", "status"]].round(2).values.tolist()
[['K1', 8.0, 8.52, 'on_track']]
"""
from __future__ import annotations

import copy
import math
import re
from pathlib import Path

from ...core.errors import Problem, Problems, SedamError
from ...core.exercises import Feedback, check_number, exercise

__all__ = [
    "STAGE", "STATUSES", "STATUS_LABELS", "STATUS_STYLE", "CRITERIA", "POOR_BELOW", "MISSION_SOUND_FROM",
    "MISSION_WEAK_BELOW", "ALL", "answers_folder", "load_answers", "questionnaire_form", "earlier_result",
    "compute_result", "plan_result", "mission_text", "mission_review", "MissionReview", "kpi_values",
    "expected_value", "status_of", "kpi_status", "status_counts", "status_table", "approach_spec",
    "approach_ratings", "period_changes", "lagging_regions", "plot_dashboard", "plot_regions",
    "plot_approach_ratings", "stage_result", "result_from_files", "validate_client_inputs",
    "check_statuses", "check_expected_value", "first_values",
]

STAGE = "05_evaluation"
#: The four statuses, in report order.
STATUSES = ("met", "on_track", "off_track", "not_measurable")
STATUS_LABELS = {"met": "met", "on_track": "on track", "off_track": "off track", "not_measurable": "not measurable"}
#: Colour (Okabe–Ito) and hatch per status; plots always print the status in words as well.
STATUS_STYLE = {"met": ("#009E73", ""), "on_track": ("#56B4E9", "//"), "off_track": ("#D55E00", "xx"),
                "not_measurable": ("#999999", "..")}
#: The three questions of the approach review, with their labels.
CRITERIA = {"suitable": "suitable", "beneficial": "beneficial", "used": "adequately used"}
_CRITERIA_FR = {"suitable": "adaptée", "beneficial": "bénéfique", "used": "suffisamment utilisée"}
#: An approach is rated poorly when its mean on any criterion is below this (1–5 scale).
POOR_BELOW = 3.0
#: Mission verdict: overall score (0–100) at least this → "sound"; an item below MISSION_WEAK_BELOW is weak.
MISSION_SOUND_FROM = 70.0
MISSION_WEAK_BELOW = 50.0
#: The label of the pooled (all regions) rows.
ALL = "All"
_DIGITS = 9
_EXACT_KPIS = ("cost_reduction_rate",)


# =============================================================================== answers and forms
def answers_folder(which: str, stage: str = STAGE) -> str:
    """The answers sub-folder of one questionnaire of a stage: ``"05_evaluation/mission"``."""
    return f"{stage}/{which}"


def _saved_item_ids(folder) -> set:
    """Item ids present in the answers files of ``folder`` (read leniently; bad files are skipped)."""
    import json

    ids = set()
    for p in sorted(Path(folder).glob("*.json")):
        try:
            doc = json.loads(p.read_text(encoding="utf-8"))
        except Exception:
            continue
        if isinstance(doc, dict):
            for key in ("answers", "comments"):
                if isinstance(doc.get(key), dict):
                    ids.update(str(k) for k in doc[key])
    return ids


def load_answers(answers_dir, spec, which: str, stage: str = STAGE) -> list[dict]:
    """Every respondent's answers for one questionnaire of a stage (coded error listing every bad file)."""
    from ...core.answers import load_all

    return load_all(answers_dir, spec, answers_folder(which, stage))


def questionnaire_form(ctx, spec, which: str, live=None, stage: str = STAGE):
    """In interactive mode, the autosaving form of ``ctx.respondent`` for one questionnaire, saving to
    ``<answers_dir>/<stage>/<which>/<respondent>.json``; in batch mode ``None``.

    (``ctx.form`` saves to the stage folder itself; the questionnaires of stages 05 and 06 each
    need their own sub-folder.)
    """
    if not ctx.interactive:
        return None
    from ...core.answers import answers_path
    from ...ui.forms import questionnaire_form as _form

    return _form(spec, answers_path(ctx.answers_dir, answers_folder(which, stage), ctx.respondent),
                 ctx.respondent, live=live)


# =============================================================================== earlier results
def _in_run(client, stage_id) -> bool:
    from ..results import in_run

    return in_run(client, stage_id)


def earlier_result(ctx, stage_id: str, *, results: dict | None = None, required: bool = True):
    """Read an earlier stage's result; return ``(data, note)``.

    * The result is in the output folder → it is used (``note`` is "").
    * Missing, in interactive mode → it is computed on the fly from the client's files
      (:func:`compute_result`) and ``note`` says so.
    * Missing, in batch mode → ``RES001`` when that stage belongs to the client's run (it should have
      run first); when it does not (no notebook for it, or left out of ``stages``) it is computed
      from the files with a note, or ``(None, note)`` when it cannot be.
    * ``required=False``: a result that cannot be computed gives ``(None, note)`` instead of an error.
    """
    from ...core.results import has_result, read_result

    if has_result(ctx.output_dir, stage_id):
        return read_result(ctx.output_dir, stage_id), ""
    if not ctx.interactive and _in_run(ctx.client, stage_id):
        if required:
            read_result(ctx.output_dir, stage_id)  # raises RES001 naming the stage to run first
        return None, f"No result of stage {stage_id} in this run; its findings are left out."
    try:
        data = compute_result(ctx.client, stage_id, ctx.answers_dir, results=results,
                              interactive=ctx.interactive, language=ctx.language)
    except SedamError as e:
        if required:
            raise
        return None, f"No result of stage {stage_id}, and it could not be computed here ({e.problems[0].code}); left out."
    if data is None:
        if required:
            read_result(ctx.output_dir, stage_id)
        return None, f"No result of stage {stage_id} yet; its findings are left out."
    return data, (f"*Note:* stage {stage_id} has no result in `{ctx.output_dir}` yet, so it was computed "
                  "here from the client's files. Run that notebook to see and adjust it.")


def _plan_path(client, answers_dir=None, interactive=False) -> Path:
    """The plan a stage reads (:func:`sedamkit.stages.daap.results.plan_file`)."""
    from ..daap.results import plan_file

    return plan_file(client, answers_dir)


def compute_result(client, stage_id: str, answers_dir=None, *, results=None, interactive=False, language=None):
    """An earlier stage's result computed from the client's files (None when the kit cannot): the stage
    definition's ``compute`` (see :mod:`sedamkit.stages.results`).

    ``results`` may hold results already known (``{stage_id: data}``), reused as inputs.
    """
    from .. import get

    stage = get(stage_id)
    if stage.compute is None:
        return None
    return stage.call("compute", client, answers_dir, results=dict(results or {}), interactive=interactive,
                      language=language)


def plan_result(plan_or_result) -> dict:
    """Stage 02's result ``data`` from either that result or a plan dict (validated)."""
    if not isinstance(plan_or_result, dict):
        raise SedamError(Problem("EVAL001", None, "plan", "the plan is not a mapping",
                                 "pass the stage 02 result or a plan loaded with sedamkit.stages.daap.api.load_plan"))
    kpis = plan_or_result.get("kpis")
    if isinstance(kpis, list) and all(isinstance(k, dict) and "columns" in k for k in kpis) \
            and "period" in plan_or_result:
        return plan_or_result
    if isinstance(kpis, list) and "goals" in plan_or_result and "phases" in plan_or_result:
        from ..daap.api import stage_result

        return stage_result(plan_or_result)
    raise SedamError(Problem("EVAL001", None, "kpis", "this is neither a plan nor a stage 02 result with KPIs",
                             "run stage 02 first, or load the plan with sedamkit.stages.daap.api.load_plan"))


# =============================================================================== mission review
def mission_text(client: dict, plan_or_result=None) -> dict:
    """The mission under review: ``{"text", "source"}`` — the client config's ``mission``, else the plan's.

    >>> mission_text({"mission": "Fix it right"}, {"mission": "Plan text"})
    {'text': 'Fix it right', 'source': 'client.yaml'}
    """
    text = str((client or {}).get("mission") or "").strip()
    if text:
        return {"text": text, "source": "client.yaml"}
    text = str((plan_or_result or {}).get("mission") or "").strip()
    return {"text": text, "source": "DAAP" if text else None}


class MissionReview:
    """Scores of the mission review (see :func:`mission_review`).

    Attributes: ``areas`` (:func:`sedamkit.methods.scoring.area_summary`), ``items`` (one row per item:
    ``item``, ``area``, ``text``, ``score`` mean 0–100, ``n``), ``overall`` (0–100 or NaN),
    ``verdict`` (``sound`` | ``revise`` | ``not_reviewed``), ``weak_items`` (item ids scoring below
    :data:`MISSION_WEAK_BELOW`), ``respondents``, ``comments`` (records).
    """

    def __init__(self, docs, spec, mission=None):
        from ...core.answers import responses_frame
        from ...methods.scoring import area_summary, item_scores, overall_summary

        self.spec, self.mission = spec, mission or {}
        r = responses_frame(docs, spec)
        self.respondents = sorted(r["respondent"].unique().tolist()) if len(r) else []
        self.areas = area_summary(r, spec)
        ov = overall_summary(r, spec)
        self.overall = ov["mean"]
        s = item_scores(r, spec)
        per = s.groupby("item")["score"].agg(["mean", "count"]) if len(s) else None
        rows = []
        for it in spec.items:
            m = float(per.loc[it.id, "mean"]) if per is not None and it.id in per.index else math.nan
            n = int(per.loc[it.id, "count"]) if per is not None and it.id in per.index else 0
            rows.append({"item": it.id, "area": it.area, "text": spec.text(it.text), "score": m, "n": n})
        import pandas as pd

        self.items = pd.DataFrame(rows, columns=["item", "area", "text", "score", "n"])
        self.weak_items = self.items.loc[self.items["score"] < MISSION_WEAK_BELOW, "item"].tolist()
        if not self.respondents or self.overall != self.overall:
            self.verdict = "not_reviewed"
        else:
            self.verdict = "sound" if self.overall >= MISSION_SOUND_FROM and not self.weak_items else "revise"
        self.comments = r.loc[r["comment"] != "", ["respondent", "item", "value", "comment"]].to_dict("records")

    def summary_markdown(self) -> str:
        label = {"sound": "sound — keep it", "revise": "revise the weak points",
                 "not_reviewed": "not reviewed yet (no answers)"}[self.verdict]
        lines = [f"**Mission** ({self.mission.get('source') or 'none'}): *{self.mission.get('text') or '—'}*", "",
                 f"**Verdict: {label}**"]
        if self.verdict != "not_reviewed":
            lines[-1] += f" — overall {self.overall:.0f} / 100 from {len(self.respondents)} respondent(s)."
        for iid in self.weak_items:
            row = self.items.set_index("item").loc[iid]
            lines.append(f"- weak ({row['score']:.0f}): {row['text']}")
        return "\n".join(lines)

    def _repr_markdown_(self):
        return self.summary_markdown()

    def to_result(self) -> dict:
        return {"text": self.mission.get("text"), "source": self.mission.get("source"),
                "respondents": self.respondents, "overall": _num(self.overall), "verdict": self.verdict,
                "areas": {r.area: _num(r.mean) for r in self.areas.itertuples()},
                "weak_items": [{"item": i, "text": t, "score": _num(s)} for i, t, s in
                               self.items.loc[self.items["item"].isin(self.weak_items), ["item", "text", "score"]]
                               .itertuples(index=False)]}


def mission_review(docs, spec, mission=None) -> MissionReview:
    """Score the mission review answers (``docs`` from :func:`load_answers`); see :class:`MissionReview`.

    Rules: items are scored 0–100 and weighted as in stage 01; the verdict is ``sound`` when the
    overall score is at least :data:`MISSION_SOUND_FROM` and no item is weak (mean below
    :data:`MISSION_WEAK_BELOW`), ``revise`` otherwise, ``not_reviewed`` without answers.

    >>> from sedamkit.core.spec import load_spec
    >>> spec = load_spec("mission_review")
    >>> docs = [{"respondent": "a", "answers": {i: 5 for i in spec.item_ids}}]
    >>> mission_review(docs, spec).verdict
    'sound'
    >>> docs[0]["answers"]["mission_staff_can_explain"] = 2
    >>> r = mission_review(docs, spec); r.verdict, r.weak_items
    ('revise', ['mission_staff_can_explain'])
    """
    return MissionReview(docs, spec, mission)


# =============================================================================== KPI values
def _period(label, probs=None, where=None):
    import pandas as pd

    try:
        return pd.Period(str(label).strip())
    except Exception:
        if probs is not None:
            probs.add("EVAL005", where, f"{label!r} cannot be read as a period",
                      "write periods like 2025Q1 (quarter), 2025-03 (month) or 2025 (year)")
        return None


def _mid(per):
    return (per.start_time + (per.end_time - per.start_time) / 2).floor("D")


def _date(value):
    import pandas as pd

    return pd.Timestamp(str(value))


def _read_dataset(client, name, cache):
    """(DataFrame or None, reason code, reason text)."""
    import pandas as pd

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
                df = pd.read_excel(path) if path.suffix.lower() in (".xlsx", ".xls") else pd.read_csv(path)
                out = (df, None, None)
            except Exception as e:  # unreadable file: treat as missing, with the reason
                out = (None, "EVAL103", f"data file {rel} cannot be read ({type(e).__name__})")
    cache[name] = out
    return out


def _rename(frame, value, low, high, n):
    import numpy as np

    out = frame.rename(columns={value: "value", low: "ci_low", high: "ci_high", n: "n"})
    for c in ("ci_low", "ci_high"):
        if c not in out:
            out[c] = np.nan
    return out


def _compute(kpi, df, columns, by, confidence, period, ref=None):
    """One KPI per group: the ``by`` columns plus ``value``, ``ci_low``, ``ci_high``, ``n``."""
    from ...methods import cx

    if kpi == "csat":
        return _rename(cx.csat(df, columns[0], by=by, confidence=confidence), "csat", "ci_low", "ci_high", "n")
    if kpi == "nps":
        return _rename(cx.nps(df, columns[0], by=by, confidence=confidence), "nps", "ci_low", "ci_high", "n")
    if kpi == "ces":
        return _rename(cx.ces(df, columns[0], by=by, confidence=confidence), "mean", "mean_ci_low", "mean_ci_high", "n")
    if kpi == "retention_rate":
        t = cx.retention_rate(df, start=columns[0], retained=columns[1], by=by, confidence=confidence)
        return _rename(t, "retention_rate", "ci_low", "ci_high", "customers_start")
    if kpi == "employee_satisfaction":
        t = cx.employee_satisfaction(df, mean=columns[0], sd=columns[1], n=columns[2], by=by, confidence=confidence)
        return _rename(t, "mean_satisfaction", "ci_low", "ci_high", "n")
    if kpi == "process_completion_time":
        t = cx.process_completion_time(df, mean=columns[0], sd=columns[1], n=columns[2], by=by, confidence=confidence)
        return _rename(t, "mean_minutes", "ci_low", "ci_high", "n")
    if kpi == "employee_turnover":
        t = cx.employee_turnover(df, leavers=columns[0], employees=list(columns[1:]), by=by, confidence=confidence)
        return _rename(t, "turnover_rate", "ci_low", "ci_high", "headcount")
    if kpi == "cost_reduction_rate":
        groups = [b for b in by if b != period]
        t = cx.cost_reduction_rate(df, cost=columns[0], period=period, by=groups or None, baseline=ref)
        t["n"] = 1
        return _rename(t, "cost_reduction_rate", "ci_low", "ci_high", "n")
    if kpi == "custom":
        t = cx._mean_table(df, by, value=columns[0], confidence=confidence, what=f"column {columns[0]}", prefix="mean")
        return _rename(t, "mean", "ci_low", "ci_high", "n")
    return None


def _cost_reference(df, column, period, region, start, probs):
    """Reference cost per group for the cost reduction rate: the mean cost per period over the periods
    that end before the plan starts (the baseline periods); the first period when there are none."""
    import numpy as np
    import pandas as pd

    from ...methods.cx import _numeric

    c = _numeric(df, column, probs, what="costs")
    d = pd.DataFrame({"p": df[period].astype(str), "c": c})
    if region:
        d["r"] = df[region].astype(str)
    per = {p: _period(p) for p in d["p"].unique()}
    d["end"] = d["p"].map(lambda p: per[p].end_time if per[p] is not None else pd.NaT)
    base = d[d["end"] < start] if start is not None else d.iloc[0:0]
    if base.empty:
        first = min((p for p in per if per[p] is not None), key=lambda p: per[p].start_time)
        base = d[d["p"] == first]
    tot = base.groupby("p")["c"].sum().mean()
    out = {"All": float(tot) if tot == tot else np.nan}
    if region:
        for r, g in base.groupby("r"):
            out[r] = float(g.groupby("p")["c"].sum().mean())
    return out


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
    import numpy as np
    import pandas as pd

    pr = plan_result(plan_or_result)
    if not (isinstance(confidence, (int, float)) and 0 < confidence < 1):
        raise SedamError(Problem("EVAL002", None, "confidence", f"confidence must be between 0 and 1, got {confidence!r}",
                                 "use e.g. 0.95"))
    start = _date(pr["period"]["start"]) if pr.get("period", {}).get("start") else None
    cache = {name: (df, None, None) for name, df in (datasets or {}).items()}
    probs = Problems()
    frames = []
    cols = ["kpi_id", "kpi", "name", "unit", "direction", "period", "period_start", "as_of", "region", "value",
            "ci_low", "ci_high", "n", "measurable", "reason"]

    def missing(k, code, text):
        frames.append(pd.DataFrame([{"kpi_id": k["id"], "kpi": k["kpi"], "name": k["name"], "unit": k["unit"],
                                     "direction": k["direction"], "period": None, "period_start": pd.NaT,
                                     "as_of": pd.NaT, "region": ALL, "value": np.nan, "ci_low": np.nan,
                                     "ci_high": np.nan, "n": 0, "measurable": False,
                                     "reason": f"{code}: {text}"}], columns=cols))

    for k in pr["kpis"]:
        columns = list(k.get("columns") or [])
        dataset = k.get("dataset")
        if k["kpi"] == "custom" and not columns:
            missing(k, "EVAL101", "custom KPI names no data column; add data: {dataset, column} to the plan")
            continue
        if k["kpi"] not in ("csat", "nps", "ces", "retention_rate", "employee_satisfaction", "process_completion_time",
                            "employee_turnover", "cost_reduction_rate", "custom"):
            missing(k, "EVAL106", f"the kit has no formula for {k['kpi']!r}")
            continue
        if not dataset:
            missing(k, "EVAL102", "the KPI names no dataset")
            continue
        df, code, text = _read_dataset(client, dataset, cache)
        if df is None:
            missing(k, code, text)
            continue
        need = columns + [period]
        absent = [c for c in need if c not in df.columns]
        if absent:
            missing(k, "EVAL104", f"dataset {dataset!r} has no column(s) {', '.join(absent)}")
            continue
        labels = df[period].astype(str)
        pmap = {}
        bad = False
        for lab in labels.unique():
            pmap[lab] = _period(lab, probs, f"{dataset}: column '{period}'")
            bad = bad or pmap[lab] is None
        if bad:
            continue
        has_region = bool(region) and region in df.columns
        try:
            sub_probs = Problems()
            ref = None
            if k["kpi"] == "cost_reduction_rate":
                ref = _cost_reference(df, columns[0], period, region if has_region else None, start, sub_probs)
                sub_probs.raise_if_any("cannot compute the cost reduction rate")
            data = df.assign(**{period: labels})
            pooled = _compute(k["kpi"], data, columns, [period], confidence, period, ref=ref["All"] if ref else None)
            pooled["region"] = ALL
            parts = [pooled]
            if has_region:
                data = data.assign(**{region: data[region].astype(str)})
                reg = _compute(k["kpi"], data, columns, [period, region], confidence, period,
                               ref={r: v for r, v in ref.items() if r != "All"} if ref else None)
                reg = reg.rename(columns={region: "region"})
                parts.append(reg)
        except SedamError as e:
            if strict:
                for p in e.problems:
                    probs.add(p.code, f"KPI {k['id']} ({dataset}): {p.where or ''}".rstrip(": "), p.message, p.fix,
                              file=str(p.file) if p.file else None)
            else:
                missing(k, e.problems[0].code, e.problems[0].message)
            continue
        t = pd.concat(parts, ignore_index=True).rename(columns={period: "period"})
        t = t[t["n"].fillna(0) > 0]
        t = t[pd.to_numeric(t["value"], errors="coerce").notna()]
        if t.empty:
            missing(k, "EVAL105", f"dataset {dataset!r} has no values for this KPI")
            continue
        t["period_start"] = t["period"].map(lambda p: pmap[p].start_time)
        t["as_of"] = t["period"].map(lambda p: _mid(pmap[p]))
        for key in ("kpi", "name", "unit", "direction"):
            t[key] = k[key]
        t["kpi_id"] = k["id"]
        t["measurable"] = True
        t["reason"] = ""
        t["_r"] = (t["region"] != ALL).astype(int)
        t = t.sort_values(["period_start", "_r", "region"], kind="stable")
        frames.append(t[cols])
    probs.raise_if_any("the KPI data have problems")
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)
    out["value"] = out["value"].astype(float)
    out["ci_low"] = out["ci_low"].astype(float)
    out["ci_high"] = out["ci_high"].astype(float)
    return out


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
    s, d, a = _date(start), _date(due), _date(as_of)
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
    v, t, e = (round(sign * float(x), _DIGITS) for x in (latest, target, expected))
    if v >= t:
        return "met"
    if v >= e:
        return "on_track"
    return "off_track"


def _significant(kpi, latest, low, high, baseline):
    """(significant, uncertainty text)."""
    if kpi in _EXACT_KPIS:
        return (round(latest - baseline, _DIGITS) != 0), "exact"
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
                rows.append({**base, "baseline": _f(base["baseline"]), "latest_period": None, "latest": np.nan,
                             "ci_low": np.nan, "ci_high": np.nan, "as_of": None, "expected": np.nan,
                             "progress": np.nan, "change": np.nan, "significant": None, "uncertainty": "",
                             "status": "not_measurable", "reason": reason})
                continue
            last = r.iloc[-1]
            b = base["baseline"]
            if b is None or (isinstance(b, float) and math.isnan(b)):
                before = r[r["as_of"] < _date(start)]
                b = float((before if len(before) else r).iloc[-1 if len(before) else 0]["value"])
                base["baseline_source"] = "data"
            b = float(b)
            when = _date(as_of) if as_of is not None else last["as_of"]
            exp = expected_value(b, base["target"], start, base["due"], when)
            latest = float(last["value"])
            sig, unc = _significant(k["kpi"], latest, float(last["ci_low"]), float(last["ci_high"]), b)
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


def status_table(status):
    """A readable status table: status in words with a symbol, values rounded, change marked when it
    is larger than its uncertainty. Columns: KPI, name, direction, baseline, target, latest (period),
    expected now, change, beyond uncertainty, status."""
    import pandas as pd

    sym = {"met": "✔ met", "on_track": "➚ on track", "off_track": "✘ off track", "not_measurable": "? not measurable"}

    def fmt(x, unit=""):
        return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.1f}"

    rows = []
    for r in status.itertuples():
        rows.append({"KPI": r.kpi_id, "name": r.name, "unit": r.unit,
                     "better": "↑ higher" if r.direction == "higher" else "↓ lower",
                     "baseline": fmt(r.baseline), "target": fmt(r.target),
                     "latest": "—" if not isinstance(r.latest_period, str) else f"{fmt(r.latest)} ({r.latest_period})",
                     "expected now": fmt(r.expected), "change": fmt(r.change),
                     "beyond uncertainty": {True: "yes", False: "no", None: "—"}[r.significant],
                     "status": sym[r.status] + (f" — {r.reason}" if r.reason else "")})
    return pd.DataFrame(rows)


# =============================================================================== approach ratings
def _planned(pr):
    """[(approach, phase id, phase name)] in plan order, each approach once (its first phase)."""
    seen, out = set(), []
    for p in pr.get("phases") or []:
        for a in p.get("approaches") or []:
            aid = a if isinstance(a, str) else a.get("approach")
            if aid and aid not in seen:
                seen.add(aid)
                out.append((aid, p["id"], p.get("name", "")))
    return out


def _approach_names(catalogue=None):
    from ...methods.catalogue import _cat

    return {a["id"]: a["name"] for a in _cat(catalogue)["approaches"]}


_RATING_SCALE = {
    "min": 1, "max": 5, "allow_na": True, "na_label": {"en": "Don't know", "fr": "Je ne sais pas"},
    "labels": {1: {"en": "Not at all", "fr": "Pas du tout"}, 2: {"en": "Hardly", "fr": "À peine"},
               3: {"en": "Partly", "fr": "En partie"}, 4: {"en": "Largely", "fr": "Largement"},
               5: {"en": "Fully", "fr": "Entièrement"}}}
_CRITERION_TEXT = {
    "suitable": ("Suitable: {name} fits our customers, our staff and the size of our organization.",
                 "Adaptée : {name} convient à nos clients, à notre personnel et à la taille de notre organisation."),
    "beneficial": ("Beneficial: {name} brought a benefit we can point to (faster, easier, better rated, cheaper).",
                   "Bénéfique : {name} a apporté un gain que l'on peut montrer (plus rapide, plus simple, mieux noté, moins cher)."),
    "used": ("Adequately used: the people who should use {name} use it, as often as planned.",
             "Suffisamment utilisée : les personnes qui devraient utiliser {name} s'en servent, aussi souvent que prévu."),
}


def approach_spec(plan_or_result, *, answers_dir=None, language: str = "en", catalogue=None, stage: str = STAGE):
    """The approach-review questionnaire for this plan (built at run time with ``spec_from_dict``).

    One area per planned approach (grouped by its first phase), three items each:
    ``<approach>__suitable``, ``<approach>__beneficial``, ``<approach>__used`` on 1–5
    (1 not at all … 5 fully, "don't know" allowed), clause 8.1.4. Approaches found in saved answers
    under ``answers_dir`` but no longer planned are kept in a group "no longer planned".

    >>> pr = {"phases": [{"id": "P1", "name": "Start", "approaches": ["crm_system"]}]}
    >>> s = approach_spec(pr)
    >>> s.id, s.item_ids
    ('approach_ratings', ['crm_system__suitable', 'crm_system__beneficial', 'crm_system__used'])
    """
    from ...core.spec import spec_from_dict

    pr = plan_or_result if isinstance(plan_or_result, dict) else {}
    names = _approach_names(catalogue)
    planned = _planned(pr)
    extra = []
    if answers_dir is not None:
        ids = _saved_item_ids(Path(answers_dir) / answers_folder("approaches", stage))
        known = {a for a, _, _ in planned}
        for iid in sorted(ids):
            m = re.match(r"^([a-z][a-z0-9_]*?)__(suitable|beneficial|used)$", iid)
            if m and m.group(1) not in known and m.group(1) not in extra:
                extra.append(m.group(1))
    groups, areas, items = [], [], []
    phase_seen = []
    for aid, pid, pname in planned:
        gid = re.sub(r"[^a-z0-9_]", "_", f"phase_{pid.lower()}")
        if gid not in phase_seen:
            phase_seen.append(gid)
            groups.append({"id": gid, "clause": "8.1.4", "title": {"en": f"{pid} {pname}".strip(),
                                                                    "fr": f"Phase {pid} : {pname}".strip()}})
        areas.append({"id": aid, "group": gid, "clause": "8.1.4", "title": {"en": names.get(aid, aid),
                                                                           "fr": names.get(aid, aid)}})
    if extra:
        groups.append({"id": "no_longer_planned", "title": {"en": "No longer in the plan (kept, not scored)",
                                                            "fr": "Plus dans le programme (conservées, non comptées)"}})
        for aid in extra:
            areas.append({"id": aid, "group": "no_longer_planned", "title": {"en": names.get(aid, aid),
                                                                             "fr": names.get(aid, aid)}})
    for a in areas:
        name = a["title"]["en"]
        for crit, (en, fr) in _CRITERION_TEXT.items():
            items.append({"id": f"{a['id']}__{crit}", "area": a["id"], "scale": "rate5", "clause": "8.1.4",
                          "text": {"en": en.format(name=name), "fr": fr.format(name=name)}})
    if not items:  # a plan without approaches: one placeholder area keeps the spec valid
        groups = [{"id": "none", "title": {"en": "No approaches planned", "fr": "Aucune approche prévue"}}]
        areas = [{"id": "none_planned", "group": "none", "title": {"en": "None", "fr": "Aucune"}}]
        items = [{"id": "none_planned__suitable", "area": "none_planned", "scale": "rate5", "clause": "8.1.4",
                  "text": {"en": "No approach is planned.", "fr": "Aucune approche n'est prévue."}}]
    data = {"id": "approach_ratings", "version": 1, "stage": answers_folder("approaches", stage), "clause": "8.1.4",
            "languages": ["en", "fr"],
            "title": {"en": "Are the digital approaches suitable, beneficial and adequately used?",
                      "fr": "Les approches numériques sont-elles adaptées, bénéfiques et suffisamment utilisées ?"},
            "intro": {"en": "Rate each approach of the plan on the three questions. Put your evidence in the comment: "
                            "a figure, an example, a complaint, a usage log.",
                      "fr": "Notez chaque approche du programme sur les trois questions. Donnez votre preuve en "
                            "commentaire : un chiffre, un exemple, une réclamation, un journal d'utilisation."},
            "scales": {"rate5": copy.deepcopy(_RATING_SCALE)}, "groups": groups, "areas": areas, "items": items,
            "ui": {"comment_placeholder": {"en": "Evidence (a figure, an example…)", "fr": "Preuve (un chiffre, un exemple…)"}}}
    spec = spec_from_dict(data)
    spec.language = language or "en"
    return spec


def approach_ratings(docs, spec, plan_or_result=None, *, catalogue=None):
    """Mean rating per planned approach and criterion, with the evidence given.

    Returns
    -------
    pandas.DataFrame
        One row per planned approach, in plan order: ``approach``, ``name``, ``phase_id``,
        ``suitable``, ``beneficial``, ``used`` (means on 1–5, NaN when nobody rated), ``n``
        (respondents who rated it at all), ``rated`` (bool), ``poor`` (bool: a criterion mean below
        :data:`POOR_BELOW`), ``weak_on`` (comma-separated criteria below it), ``evidence``
        (``respondent: comment`` joined with `` | ``).
    """
    import pandas as pd

    from ...core.answers import responses_frame

    pr = plan_or_result if isinstance(plan_or_result, dict) else {}
    names = _approach_names(catalogue)
    r = responses_frame(docs, spec)
    r = r[r["item"].str.contains("__")]
    r = r.assign(approach=r["item"].str.split("__").str[0], criterion=r["item"].str.split("__").str[1])
    rows = []
    for aid, pid, _ in _planned(pr):
        sub = r[r["approach"] == aid]
        means = {c: float(sub.loc[sub["criterion"] == c, "value"].mean()) if len(sub) else math.nan for c in CRITERIA}
        n = int(sub.dropna(subset=["value"])["respondent"].nunique()) if len(sub) else 0
        weak = [c for c in CRITERIA if means[c] == means[c] and round(means[c], _DIGITS) < POOR_BELOW]
        ev = [f"{x.respondent}: {x.comment}" for x in sub.itertuples() if x.comment]
        rows.append({"approach": aid, "name": names.get(aid, aid), "phase_id": pid, **means, "n": n,
                     "rated": n > 0, "poor": bool(weak), "weak_on": ",".join(weak), "evidence": " | ".join(ev)})
    return pd.DataFrame(rows, columns=["approach", "name", "phase_id", *CRITERIA, "n", "rated", "poor", "weak_on",
                                       "evidence"])


# =============================================================================== periods and regions
def _se(row):
    lo, hi = row["ci_low"], row["ci_high"]
    if lo != lo or hi != hi:
        return 0.0 if row["kpi"] in _EXACT_KPIS else math.nan
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
    start = _date(pr["period"]["start"])
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
            if r.kpi in _EXACT_KPIS or r.ci_low != r.ci_low:
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


# =============================================================================== plots
_REGION_MARKERS = ["o", "s", "^", "v", "P", "X", "h"]
#: Okabe–Ito colours for regions, avoiding the target (vermillion) and status greens.
_REGION_COLOURS = ["#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#009E73"]


def _short(kpi, limit=32):
    """``K1 CSAT`` style title when the name is long and carries an abbreviation in brackets."""
    name = str(kpi["name"])
    if len(name) + len(kpi["id"]) + 1 > limit:
        m = re.search(r"\(([^)]{2,12})\)", name)
        name = m.group(1) if m else name[: limit - len(kpi["id"]) - 2] + "…"
    return f"{kpi['id']} {name}"
_REGION_STYLES = ["-", "--", "-.", ":"]


def _badge(ax, status, x=0.01, y=1.02):
    from matplotlib.patches import Rectangle

    colour, hatch = STATUS_STYLE[status]
    ax.add_patch(Rectangle((x, y), 0.07, 0.1, transform=ax.transAxes, facecolor=colour, hatch=hatch,
                           edgecolor="#333333", linewidth=0.6, clip_on=False))
    ax.text(x + 0.09, y + 0.05, STATUS_LABELS[status].upper(), transform=ax.transAxes, va="center", ha="left",
            fontsize=8, weight="bold", color="#222222")


def plot_dashboard(values, status, plan_or_result, *, ncols: int = 3, fig=None, regions: bool = True):
    """KPI dashboard: one small chart per KPI — the pooled trend with its 95 % band, one thin line per
    region, the target (dashed), the baseline (dotted) and the planned path from baseline to target,
    with the KPI's status as a coloured, hatched badge *and* in words. A not-measurable KPI gets an
    empty, dotted panel that says why. Returns the Figure.
    """
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from ...methods.plots import PALETTE

    pr = plan_result(plan_or_result)
    kpis = pr["kpis"]
    n = max(len(kpis), 1)
    nrows = math.ceil(n / ncols)
    fig = fig or Figure(figsize=(4.2 * ncols, 3.0 * nrows + 0.8), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    st = status.set_index("kpi_id")
    region_names = sorted(set(values.loc[values["region"] != ALL, "region"])) if len(values) else []
    start = _date(pr["period"]["start"])
    for ax, k in zip(axes, kpis):
        s = st.loc[k["id"]]
        ax.set_title(_short(k, 26), fontsize=9, loc="left", pad=16)
        _badge(ax, s["status"], x=0.62)
        v = values[(values["kpi_id"] == k["id"]) & values["measurable"].astype(bool)]
        if v.empty:
            ax.set_facecolor("#f4f4f4")
            ax.add_patch(__import__("matplotlib.patches", fromlist=["Rectangle"]).Rectangle(
                (0, 0), 1, 1, transform=ax.transAxes, facecolor="none", hatch="..", edgecolor="#bbbbbb"))
            reason = str(s["reason"]).split(": ", 1)[-1]
            import textwrap

            ax.text(0.5, 0.5, "not measurable\n" + "\n".join(textwrap.wrap(reason, 34)[:3]), ha="center",
                    va="center", fontsize=8, transform=ax.transAxes,
                    bbox={"facecolor": "white", "edgecolor": "#999999"})
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        allv = v[v["region"] == ALL]
        x = mdates.date2num(allv["as_of"])
        ax.fill_between(x, allv["ci_low"], allv["ci_high"], color=PALETTE[7], alpha=0.12, linewidth=0)
        ax.plot(x, allv["value"], color=PALETTE[7], linewidth=2, marker="o", markersize=3, zorder=3)
        if regions:
            for i, reg in enumerate(region_names):
                rv = v[v["region"] == reg]
                ax.plot(mdates.date2num(rv["as_of"]), rv["value"], color=_REGION_COLOURS[i % 6], linewidth=0.9,
                        linestyle=_REGION_STYLES[i % 4], marker=_REGION_MARKERS[i % 7], markersize=2.5, alpha=0.9)
        t, b = float(k["target"]), s["baseline"]
        ax.axhline(t, color=PALETTE[3], linestyle="--", linewidth=1.2)
        ax.text(1.0, t, f" target {t:g}", transform=ax.get_yaxis_transform(), va="center", ha="left",
                fontsize=7, color=PALETTE[3])
        if b == b:
            ax.axhline(b, color="#777777", linestyle=":", linewidth=1)
            due = _date(k["due"])
            ax.plot(mdates.date2num([start, due]), [b, t], color="#555555", linewidth=0.8, linestyle=(0, (4, 2, 1, 2)))
        ax.axvline(mdates.date2num(start), color="#bbbbbb", linewidth=0.8)
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
        ax.tick_params(labelsize=7)
        ax.set_ylabel(k["unit"], fontsize=7)
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.5)
        arrow = "↑ higher is better" if k["direction"] == "higher" else "↓ lower is better"
        ax.text(0.01, 0.02, arrow, transform=ax.transAxes, fontsize=6.5, color="#444444")
    for ax in axes[len(kpis):]:
        ax.set_visible(False)
    handles = [Line2D([], [], color=PALETTE[7], linewidth=2, marker="o", markersize=3, label="all regions (band: 95 % interval)")]
    if regions:
        handles += [Line2D([], [], color=_REGION_COLOURS[i % 6], linestyle=_REGION_STYLES[i % 4],
                           marker=_REGION_MARKERS[i % 7], markersize=3, label=reg) for i, reg in enumerate(region_names)]
    handles += [Line2D([], [], color=PALETTE[3], linestyle="--", label="target"),
                Line2D([], [], color="#777777", linestyle=":", label="baseline"),
                Line2D([], [], color="#555555", linestyle=(0, (4, 2, 1, 2)), label="planned path (on-track line)")]
    handles += [Patch(facecolor=STATUS_STYLE[s][0], hatch=STATUS_STYLE[s][1], edgecolor="#333333",
                      label=STATUS_LABELS[s]) for s in STATUSES]
    fig.legend(handles=handles, loc="outside lower center", ncol=min(6, len(handles)), fontsize=7, frameon=False)
    fig.suptitle(f"KPIs against the plan — {pr.get('client') or ''} (clause 8.1.3–8.1.4; vertical line: plan start)",
                 fontsize=10)
    return fig


def plot_regions(values, plan_or_result, *, ax=None, clip=(-150, 200)):
    """Progress to target per KPI and region: an arrow from the reference period (the last before the
    plan) to the latest period, on a common 0–100 % scale (0 = baseline, 100 = target). Regions have
    their own colour *and* marker; the pooled value is a black diamond. Values beyond ``clip`` are drawn
    at the edge with their number. Returns the Axes."""
    from matplotlib.lines import Line2D

    from ...methods.plots import PALETTE, get_ax

    pr = plan_result(plan_or_result)
    ch = period_changes(values, pr)
    kpis = [k for k in pr["kpis"] if k.get("baseline") is not None and float(k["target"]) != float(k["baseline"])
            and k["id"] in set(ch["kpi_id"])]
    regions = [ALL] + sorted(set(ch["region"]) - {ALL})
    ax = get_ax(ax, figsize=(9, 0.62 * max(len(kpis), 1) + 1.6))
    lo, hi = clip
    ax.axvspan(lo, 0, color="#D55E00", alpha=0.06)
    ax.axvline(0, color="#777777", linestyle=":", linewidth=1)
    ax.axvline(100, color=PALETTE[3], linestyle="--", linewidth=1.2)
    offs = {reg: (i - (len(regions) - 1) / 2) * (0.7 / max(len(regions), 1)) for i, reg in enumerate(regions)}
    for y, k in enumerate(kpis):
        span = float(k["target"]) - float(k["baseline"])
        for reg in regions:
            r = ch[(ch["kpi_id"] == k["id"]) & (ch["region"] == reg)]
            if r.empty:
                continue
            r = r.iloc[0]
            p0 = (r["from_value"] - float(k["baseline"])) / span * 100
            p1 = (r["to_value"] - float(k["baseline"])) / span * 100
            c0, c1 = min(max(p0, lo), hi), min(max(p1, lo), hi)
            yy = y + offs[reg]
            j = regions.index(reg) - 1
            colour = PALETTE[7] if reg == ALL else _REGION_COLOURS[j % 6]
            marker = "D" if reg == ALL else _REGION_MARKERS[j % 7]
            ax.plot([c0, c1], [yy, yy], color=colour, linewidth=1.8 if reg == ALL else 1.1, zorder=2)
            ax.plot([c0], [yy], marker="|", color=colour, markersize=7, zorder=2)
            ax.plot([c1], [yy], marker=marker, color=colour, markersize=6 if reg == ALL else 5, zorder=3,
                    markeredgecolor="white", markeredgewidth=0.5)
            if p1 != c1:
                ax.text(c1 + (3 if c1 >= hi else -3), yy, f"{p1:.0f}%", fontsize=6, va="center",
                        ha="left" if c1 >= hi else "right")
    ax.set_yticks(range(len(kpis)))
    ax.set_yticklabels([_short(k, 36) for k in kpis], fontsize=8)
    ax.text(0, -0.6, "baseline", ha="center", va="bottom", fontsize=7, color="#555555")
    ax.text(100, -0.6, "target", ha="center", va="bottom", fontsize=7, color=PALETTE[3])
    ax.set_ylim(len(kpis) - 0.5, -0.95)
    ax.set_xlim(lo - 30, hi + 30)
    ax.set_xlabel("progress from baseline (0 %) to target (100 %); shaded: worse than the baseline", fontsize=8)
    ref = ch["from_period"].iloc[0] if len(ch) else "?"
    last = ch["to_period"].iloc[0] if len(ch) else "?"
    ax.set_title(f"Regions compared: change from {ref} to {last} (clause 7.3.2.3)", fontsize=10)
    handles = [Line2D([], [], color=PALETTE[7] if reg == ALL else _REGION_COLOURS[(regions.index(reg) - 1) % 6],
                      marker="D" if reg == ALL else _REGION_MARKERS[(regions.index(reg) - 1) % 7], linewidth=1,
                      label="all regions" if reg == ALL else reg) for reg in regions]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7,
              title="| from  →  marker: to", title_fontsize=7)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.5)
    ax.tick_params(axis="x", labelsize=8)
    return ax


def plot_approach_ratings(ratings, *, ax=None):
    """Mean ratings (1–5) per approach and criterion as grouped bars; the poor line at
    :data:`POOR_BELOW`; approaches rated poorly are marked ``✘ poor`` and unrated ones ``not rated``.
    Returns the Axes."""
    import numpy as np

    from ...methods.plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(9, 0.45 * max(len(ratings), 1) + 1.4))
    hatches = ["", "//", ".."]
    y = np.arange(len(ratings))
    h = 0.26
    for j, crit in enumerate(CRITERIA):
        vals = ratings[crit].fillna(0).to_numpy()
        ax.barh(y + (j - 1) * h, vals, height=h, color=PALETTE[j], hatch=hatches[j], edgecolor="#333333",
                linewidth=0.4, label=CRITERIA[crit])
    for i, r in enumerate(ratings.itertuples()):
        note = "not rated" if not r.rated else ("✘ poor: " + r.weak_on.replace("used", "adequately used").replace(",", ", ") if r.poor else "")
        if note:
            ax.text(5.1, i, note, va="center", fontsize=7, color="#8a3b00" if r.poor else "#555555")
    ax.axvline(POOR_BELOW, color="#333333", linestyle="--", linewidth=1)
    ax.set_yticks(y)
    ax.set_yticklabels([f"{r.name[:38]}" for r in ratings.itertuples()], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 7.6)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_xlabel("mean rating (1 not at all … 5 fully); dashed: poor below 3", fontsize=8)
    ax.legend(loc="lower right", fontsize=7)
    ax.set_title("Suitable, beneficial, adequately used? (clause 8.1.4)", fontsize=10)
    return ax


# =============================================================================== result
def stage_result(plan_or_result, values, status, *, review=None, ratings=None, changes=None, lagging=None,
                 region_status=None) -> dict:
    """The ``data`` of stage 05's result.

    Keys
    ----
    - ``plan`` — ``{client, title, version, period}`` of the plan evaluated
    - ``as_of`` — the latest period with data (pooled)
    - ``mission`` — ``{text, source, respondents, overall, verdict, areas, weak_items}`` or None
    - ``kpis`` — records of :func:`kpi_status` (pooled), one per KPI of the plan
    - ``status_counts`` — ``{met, on_track, off_track, not_measurable}``
    - ``met``, ``on_track``, ``off_track``, ``not_measurable`` — KPI ids per status
    - ``kpi_regions`` — records of :func:`kpi_status` ``by_region=True`` (regions only)
    - ``approaches`` — records of :func:`approach_ratings`; ``poorly_rated`` — their ids; ``not_rated`` — ids
    - ``changes`` — records of :func:`period_changes` (largest first, at most 20)
    - ``lagging_regions`` — records of :func:`lagging_regions`
    """
    import json

    pr = plan_result(plan_or_result)
    meas = values[values["measurable"].astype(bool)] if len(values) else values
    out = {
        "plan": {"client": pr.get("client"), "title": pr.get("title"), "version": pr.get("version"),
                 "period": pr.get("period")},
        "as_of": str(meas.sort_values("period_start")["period"].iloc[-1]) if len(meas) else None,
        "mission": review.to_result() if review is not None else None,
        "kpis": _records(status),
        "status_counts": status_counts(status),
        **{s: status.loc[status["status"] == s, "kpi_id"].tolist() for s in STATUSES},
        "kpi_regions": _records(region_status[region_status["region"] != ALL]) if region_status is not None else [],
        "approaches": _records(ratings) if ratings is not None else [],
        "poorly_rated": ratings.loc[ratings["poor"], "approach"].tolist() if ratings is not None else [],
        "not_rated": ratings.loc[~ratings["rated"], "approach"].tolist() if ratings is not None else [],
        "changes": _records(changes.head(20)) if changes is not None else [],
        "lagging_regions": _records(lagging) if lagging is not None else [],
    }
    return json.loads(json.dumps(out, default=_json_default))


def result_from_files(client, answers_dir=None, *, results=None, interactive=False, language=None) -> dict:
    """Stage 05's whole result computed from a client's files (what the notebook does, in one call)."""
    from ...core.spec import load_spec

    results = dict(results or {})
    adir = Path(answers_dir) if answers_dir is not None else Path(client["dir"]) / "answers"
    pr = results.get("02_daap") or compute_result(client, "02_daap", adir, results=results, interactive=interactive)
    values = kpi_values(pr, client, strict=False)
    status = kpi_status(values, pr)
    mspec = load_spec("mission_review")
    review = mission_review(load_answers(adir, mspec, "mission"), mspec, mission_text(client, pr))
    aspec = approach_spec(pr, answers_dir=adir)
    ratings = approach_ratings(load_answers(adir, aspec, "approaches"), aspec, pr)
    return stage_result(pr, values, status, review=review, ratings=ratings, changes=period_changes(values, pr),
                        lagging=lagging_regions(values, pr), region_status=kpi_status(values, pr, by_region=True))


def _json_default(o):
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def _records(df) -> list:
    import numpy as np

    out = []
    for rec in df.to_dict("records"):
        clean = {}
        for k, v in rec.items():
            if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
                v = None if math.isnan(v) else ("inf" if v > 0 else "-inf")
            elif isinstance(v, np.floating):
                v = None if np.isnan(v) else float(v)
            elif v is not None and v.__class__.__name__ in ("NaTType",):
                v = None
            clean[k] = v
        out.append(clean)
    return out


def _num(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), 2)


def _f(x):
    return math.nan if x is None else float(x)


# =============================================================================== runner hook
_ITEM = re.compile(r"^([a-z][a-z0-9_]*?)__(suitable|beneficial|used)$")


def _check_generic_answers(folder, questionnaire, pattern, probs, known_ids=None, code_unknown=None, what="id"):
    """Structural check of answers files whose spec is built at run time."""
    from ...core.answers import RESPONDENT_RE
    from ...core.fileio import read_json

    for p in sorted(Path(folder).glob("*.json")):
        try:
            doc = read_json(p, code="ANS001")
        except SedamError as e:
            probs.extend(e.problems)
            continue
        f = str(p)
        if not isinstance(doc, dict) or not isinstance(doc.get("answers"), dict):
            probs.add("ANS002", "answers", "not an answers file (no 'answers' object)", "start from a file saved by the form",
                      file=f)
            continue
        if doc.get("questionnaire") != questionnaire:
            probs.add("ANS003", "questionnaire", f"these answers are for {doc.get('questionnaire')!r}, not {questionnaire!r}",
                      f"move the file to the folder of {doc.get('questionnaire')!r}", file=f)
            continue
        if not isinstance(doc.get("respondent"), str) or not RESPONDENT_RE.match(doc["respondent"]):
            probs.add("ANS009", "respondent", f"respondent id {doc.get('respondent')!r} cannot be used",
                      "use letters, digits, '-', '_' or '.'", file=f)
        for iid, value in list(doc["answers"].items()) + [(k, 0) for k in (doc.get("comments") or {})]:
            m = pattern.match(str(iid))
            if not m:
                probs.add("EVAL003" if questionnaire == "approach_ratings" else "IMP003", iid,
                          f"item id {iid!r} is not of the form <{what}>__<criterion>", "use the ids the form writes", file=f)
                continue
            if known_ids is not None and m.group(1) not in known_ids:
                probs.add(code_unknown, iid, f"{what} {m.group(1)!r} is unknown", "check the spelling", file=f)
        for iid, value in doc["answers"].items():
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or not 1 <= value <= 5:
                probs.add("ANS006", iid, f"value {value!r} is not a whole number from 1 to 5",
                          "give a whole number from 1 to 5, or null for don't know", file=f)


def validate_client_inputs(client: dict, stage_ids=None) -> None:
    """Runner hook: when stage 05 is selected, check its answers before any notebook runs.

    Checks the mission-review answers against the shipped spec (``answers/05_evaluation/mission``),
    and the approach ratings (``answers/05_evaluation/approaches``): structure, item ids
    ``<approach>__<criterion>`` with a catalogue approach (``EVAL003``, ``EVAL004``) and values 1–5.
    Missing answers are allowed (the result says "not reviewed" / "not rated").
    """
    if stage_ids is not None and STAGE not in stage_ids:
        return
    from ...core.answers import load_all
    from ...methods.catalogue import approach_ids
    from ...core.spec import load_spec

    adir = Path(client["dir"]) / "answers"
    probs = Problems()
    try:
        load_all(adir, load_spec("mission_review"), answers_folder("mission"))
    except SedamError as e:
        probs.extend(e.problems)
    _check_generic_answers(adir / answers_folder("approaches"), "approach_ratings", _ITEM, probs,
                           known_ids=set(approach_ids()), code_unknown="EVAL004", what="approach")
    stray = sorted(p.name for p in (adir / STAGE).glob("*.json")) if (adir / STAGE).is_dir() else []
    for name in stray:
        probs.add("EVAL003", name, "answers of stage 05 belong in a sub-folder (mission/ or approaches/)",
                  f"move {name} to answers/{STAGE}/mission/ or answers/{STAGE}/approaches/",
                  file=str(adir / STAGE / name))
    probs.raise_if_any("the stage 05 answers have problems")


# =============================================================================== exercises
def _norm_status(x):
    s = str(x or "").strip().lower().replace("-", "_").replace(" ", "_")
    return {"ontrack": "on_track", "offtrack": "off_track", "notmeasurable": "not_measurable",
            "not_measured": "not_measurable", "n/a": "not_measurable", "na": "not_measurable",
            "reached": "met", "achieved": "met"}.get(s, s)


@exercise("05_kpi_status")
def check_statuses(answer, status, plan=None, values=None) -> Feedback:
    """Exercise 05-A: the status of every KPI, by hand.

    ``answer``: ``{kpi_id: status}`` (``"on track"``, ``"On-track"`` and ``on_track`` are the same);
    ``status``: the output of :func:`kpi_status`. Recognised mistakes, for the first wrong KPI:
    "met" (or on track) for a lower-is-better KPI above its target (direction ignored); on track judged
    against the wrong baseline (the first measured value instead of the plan's); judged against the
    target instead of the planned path (off track although at or beyond the expected point); on track
    although below the expected point; a status for a KPI without data.
    """
    eid = "05_kpi_status"
    if isinstance(answer, (list, tuple)) and len(answer) == len(status):
        answer = dict(zip(status["kpi_id"], answer))
    if not isinstance(answer, dict) or not answer or all(v is None for v in answer.values()):
        return Feedback(False, "Answer with a dict like {'K1': 'met', 'K2': 'off track', …}, one entry per KPI.", eid)
    want = dict(zip(status["kpi_id"], status["status"]))
    missing = [k for k in want if k not in answer or answer[k] is None]
    if missing:
        return Feedback(False, f"Give a status for every KPI; missing: {', '.join(missing)}.", eid)
    rows = status.set_index("kpi_id")
    for kid, w in want.items():
        got = _norm_status(answer[kid])
        if got not in STATUSES:
            return Feedback(False, f"{kid}: {answer[kid]!r} is not a status; use met, on track, off track or "
                            "not measurable.", eid)
        if got == w:
            continue
        r = rows.loc[kid]
        if w == "not_measurable":
            return Feedback(False, f"{kid} has no data ({str(r['reason']).split(': ', 1)[-1]}): it is not measurable — "
                            "never guess a status for it.", eid)
        if got == "not_measurable":
            return Feedback(False, f"{kid} has a value ({r['latest']:.2f} in {r['latest_period']}); judge it.", eid)
        flipped = status_of(-r["latest"], -r["target"], -r["expected"], r["direction"])
        if r["direction"] == "lower" and got in ("met", "on_track") and got == flipped:
            return Feedback(False, f"{kid}: lower is better here. {r['latest']:.2f} is above the target "
                            f"{r['target']:g}, so it is not met — check the direction before comparing.", eid)
        if r["direction"] == "higher" and got == flipped:
            return Feedback(False, f"{kid}: higher is better here — check the direction before comparing.", eid)
        if w == "on_track" and got == "off_track":
            return Feedback(False, f"{kid}: the target is not reached yet, but {r['latest']:.2f} is at or beyond the "
                            f"expected point {r['expected']:.2f} on the planned path — that is on track.", eid)
        if w == "off_track" and got == "on_track":
            first = first_values(values).get(kid) if values is not None else None
            if first is not None and plan is not None:
                e2 = expected_value(first, r["target"], plan_result(plan)["period"]["start"], r["due"], r["as_of"])
                if status_of(r["latest"], r["target"], e2, r["direction"]) == "on_track":
                    return Feedback(False, f"{kid}: you drew the planned path from the first measured value; it "
                                    f"starts at the plan's baseline {r['baseline']:g}. Against it, the expected "
                                    f"point is {r['expected']:.2f} and {r['latest']:.2f} falls short.", eid)
            return Feedback(False, f"{kid}: {r['latest']:.2f} falls short of the expected point {r['expected']:.2f} "
                            f"(baseline {r['baseline']:g} → target {r['target']:g}), so it is off track.", eid)
        if w == "met":
            return Feedback(False, f"{kid}: {r['latest']:.2f} reaches the target {r['target']:g} in the KPI's "
                            "direction — that is met (reaching it exactly counts).", eid)
        return Feedback(False, f"{kid}: not {STATUS_LABELS[got]}; compare the latest value with the target first, "
                        "then with the expected point.", eid)
    counts = status_counts(status)
    return Feedback(True, "All statuses right: " + ", ".join(f"{counts[s]} {STATUS_LABELS[s]}" for s in STATUSES) + ".",
                    eid)


def first_values(values) -> dict:
    """``{kpi_id: first pooled value}`` — used by the checks to spot the wrong-baseline mistake."""
    meas = values[values["measurable"].astype(bool) & (values["region"] == ALL)].sort_values("period_start")
    return {k: float(g["value"].iloc[0]) for k, g in meas.groupby("kpi_id")}


@exercise("05_expected_value")
def check_expected_value(answer, status, kpi_id: str, plan=None, values=None) -> Feedback:
    """Exercise 05-B: the expected (on-track) point of one KPI at its latest period.

    Recognised mistakes: the end of the period used instead of its middle (which gives the target
    itself at the due date); the first measured value used as the baseline; the fraction of time
    taken from the whole plan period end instead of the KPI's due date; the target given instead.
    """
    eid = "05_expected_value"
    rows = status.set_index("kpi_id")
    if kpi_id not in rows.index or rows.loc[kpi_id, "status"] == "not_measurable":
        return Feedback(False, f"Pick a measurable KPI; {kpi_id} has no value.", eid)
    r = rows.loc[kpi_id]
    pr = plan_result(plan) if plan is not None else None
    start = pr["period"]["start"] if pr else None
    expected = float(r["expected"])
    mistakes = {}
    if pr is not None:
        import pandas as pd

        per = pd.Period(str(r["latest_period"]))
        mistakes["You placed the value at the end of its period; a period's value stands for its middle."] = \
            expected_value(r["baseline"], r["target"], start, r["due"], per.end_time)
        if values is not None:
            fv = first_values(values).get(kpi_id)
            if fv is not None and abs(fv - r["baseline"]) > 1e-9:
                mistakes["You started the planned path at the first measured value; it starts at the plan's "
                         "baseline."] = expected_value(fv, r["target"], start, r["due"], r["as_of"])
        end = pr["period"].get("end")
        if end and str(end) != str(r["due"]):
            mistakes["You used the plan's end date; the path ends at the KPI's own due date."] = \
                expected_value(r["baseline"], r["target"], start, end, r["as_of"])
    mistakes["That is the target; the expected point is part of the way there, in proportion to the time elapsed."] = \
        float(r["target"])
    tol = max(abs(float(r["target"]) - float(r["baseline"])) * 0.01, 1e-6)
    mistakes = {m: v for m, v in mistakes.items() if abs(v - expected) > tol}
    return check_number(answer, expected, tol=tol, mistakes=mistakes, exercise_id=eid)
