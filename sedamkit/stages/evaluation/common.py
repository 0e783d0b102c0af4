"""Stage 05's constants and the helpers its modules share: answers folders, the plan read as
stage 02's result, period labels and dates.

>>> to_date("2025-03-01").date(), mid_period(period_of("2025Q4")).date()
(datetime.date(2025, 3, 1), datetime.date(2025, 11, 15))
"""
from __future__ import annotations

import re

from ...core.errors import Problem, SedamError

__all__ = ["STAGE", "STATUSES", "STATUS_LABELS", "STATUS_STYLE", "CRITERIA", "POOR_BELOW", "MISSION_SOUND_FROM",
           "MISSION_WEAK_BELOW", "ALL", "DIGITS", "EXACT_KPIS", "ITEM_RE", "answers_folder", "load_answers",
           "plan_result", "period_of", "mid_period", "to_date"]

STAGE = "05_evaluation"
#: The four statuses, in report order.
STATUSES = ("met", "on_track", "off_track", "not_measurable")
STATUS_LABELS = {"met": "met", "on_track": "on track", "off_track": "off track", "not_measurable": "not measurable"}
#: Colour (Okabe–Ito) and hatch per status; plots always print the status in words as well.
STATUS_STYLE = {"met": ("#009E73", ""), "on_track": ("#56B4E9", "//"), "off_track": ("#D55E00", "xx"),
                "not_measurable": ("#999999", "..")}
#: The three questions of the approach review, with their labels.
CRITERIA = {"suitable": "suitable", "beneficial": "beneficial", "used": "adequately used"}
#: An approach is rated poorly when its mean on any criterion is below this (1–5 scale).
POOR_BELOW = 3.0
#: Mission verdict: overall score (0–100) at least this → "sound"; an item below MISSION_WEAK_BELOW is weak.
MISSION_SOUND_FROM = 70.0
MISSION_WEAK_BELOW = 50.0
#: The label of the pooled (all regions) rows.
ALL = "All"
#: Values are compared after rounding to this many decimals (floating-point noise never decides).
DIGITS = 9
#: KPIs that are accounting ratios without a sampling interval (any change counts).
EXACT_KPIS = ("cost_reduction_rate",)
#: Item ids of the approach ratings: ``<approach>__<criterion>``.
ITEM_RE = re.compile(r"^([a-z][a-z0-9_]*?)__(suitable|beneficial|used)$")


# =============================================================================== answers and forms
def answers_folder(which: str, stage: str = STAGE) -> str:
    """The answers sub-folder of one questionnaire of a stage: ``"05_evaluation/mission"``."""
    return f"{stage}/{which}"



def load_answers(answers_dir, spec, which: str, stage: str = STAGE) -> list[dict]:
    """Every respondent's answers for one questionnaire of a stage (coded error listing every bad file)."""
    from ...core.answers import load_all

    return load_all(answers_dir, spec, answers_folder(which, stage))


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


# =============================================================================== periods and dates
#: The period forms stage 05 reads (see :data:`sedamkit.core.tables.PERIOD_FORMS`): 2025Q1, 2025-03, 2025.
PERIOD_FORMS = ("quarter", "month", "year")


def period_of(label, probs=None, where=None):
    """A period label (``2025Q1``, ``2025-03``, ``2025`` and nothing else: ``Q1/2025``, ``2025-Q1`` or
    ``Q1 2025`` are refused) as a :class:`pandas.Period`; None (and an ``EVAL005`` added to ``probs``)
    when it cannot be read.

    >>> period_of("2025Q1"), period_of("Q1 2025"), period_of("2025-Q5")
    (Period('2025Q1', 'Q-DEC'), None, None)
    """
    from ...core.tables import period_label

    per = period_label(label, PERIOD_FORMS)
    if per is None and probs is not None:
        probs.add("EVAL005", where, f"{label!r} cannot be read as a period",
                  "write periods like 2025Q1 (quarter), 2025-03 (month) or 2025 (year)")
    return per


def mid_period(per):
    """The date a period's value stands for: its middle, rounded down to the day."""
    return (per.start_time + (per.end_time - per.start_time) / 2).floor("D")


def to_date(value):
    """A date-like value as a :class:`pandas.Timestamp`."""
    import pandas as pd

    return pd.Timestamp(str(value))

