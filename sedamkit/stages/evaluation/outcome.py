"""Stage 05's result: its ``data`` from the tables, or computed from a client's files in one call."""
from __future__ import annotations

from pathlib import Path

from ...core.jsonsafe import json_safe, records
from .approaches import approach_ratings, approach_spec
from .common import ALL, STATUSES, load_answers, plan_result
from .compare import lagging_regions, period_changes, period_tests
from .kpi_status import kpi_status, status_counts
from .kpi_values import kpi_values
from .mission import mission_review, mission_text
from .upstream import compute_result

__all__ = ["stage_result", "result_from_files"]

#: Infinite numbers in stage 05's result are written "inf" / "-inf" (an exact change's z-score), as always.
_INFINITY = "text"


# =============================================================================== result
def stage_result(plan_or_result, values, status, *, review=None, ratings=None, changes=None, lagging=None,
                 region_status=None, period_tests=None) -> dict:
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
    - ``period_tests`` — :func:`~sedamkit.stages.evaluation.compare.period_tests`: per KPI computed from
      individual answers, the change from the baseline period (``period_b``) to the latest (``period_a``)
      with ``difference``, ``ci_low``, ``ci_high``, ``p_value``, ``p_adjusted``, ``method``,
      ``significant``, ``improved``, pooled and per region (``[]`` when not computed)
    - ``delivery`` — the programme's own delivery per phase (planned against delivered, spend against
      budget): records of :func:`sedamkit.stages.daap.programme.delivery` as of the KPIs' latest date
    """
    from ..daap.programme import delivery
    pr = plan_result(plan_or_result)
    meas = values[values["measurable"].astype(bool)] if len(values) else values
    out = {
        "plan": {"client": pr.get("client"), "title": pr.get("title"), "version": pr.get("version"),
                 "period": pr.get("period")},
        "as_of": str(meas.sort_values("period_start")["period"].iloc[-1]) if len(meas) else None,
        "mission": review.to_result() if review is not None else None,
        "kpis": records(status, infinity=_INFINITY),
        "status_counts": status_counts(status),
        **{s: status.loc[status["status"] == s, "kpi_id"].tolist() for s in STATUSES},
        "kpi_regions": records(region_status[region_status["region"] != ALL], infinity=_INFINITY) if region_status is not None else [],
        "approaches": records(ratings, infinity=_INFINITY) if ratings is not None else [],
        "poorly_rated": ratings.loc[ratings["poor"], "approach"].tolist() if ratings is not None else [],
        "not_rated": ratings.loc[~ratings["rated"], "approach"].tolist() if ratings is not None else [],
        "changes": records(changes.head(20), infinity=_INFINITY) if changes is not None else [],
        "lagging_regions": records(lagging, infinity=_INFINITY) if lagging is not None else [],
        "period_tests": list(period_tests or []),
    }
    as_of = status["as_of"].dropna().max() if "as_of" in status and status["as_of"].notna().any() else None
    out["delivery"] = records(delivery(pr, as_of=as_of or _period_end(out["as_of"])), infinity=_INFINITY) \
        if pr.get("phases") else []
    return json_safe(out, infinity=_INFINITY)


def _period_end(label):
    """The last day of a period label such as ``2025Q4`` (None when there is none or it cannot be read)."""
    from .common import period_of

    p = period_of(label) if label else None
    return None if p is None else p.end_time.normalize()


def result_from_files(client, answers_dir=None, *, results=None, interactive=False, language=None) -> dict:
    """Stage 05's whole result computed from a client's files (what the notebook does, in one call)."""
    from ...core.spec import client_spec

    results = dict(results or {})
    adir = Path(answers_dir) if answers_dir is not None else Path(client["dir"]) / "answers"
    pr = results.get("02_daap") or compute_result(client, "02_daap", adir, results=results, interactive=interactive)
    values = kpi_values(pr, client, strict=False)
    status = kpi_status(values, pr)
    mspec = client_spec(client, "mission_review")
    review = mission_review(load_answers(adir, mspec, "mission"), mspec, mission_text(client, pr))
    aspec = approach_spec(pr, answers_dir=adir)
    ratings = approach_ratings(load_answers(adir, aspec, "approaches"), aspec, pr)
    return stage_result(pr, values, status, review=review, ratings=ratings, changes=period_changes(values, pr),
                        lagging=lagging_regions(values, pr), region_status=kpi_status(values, pr, by_region=True),
                        period_tests=period_tests(pr, client))
