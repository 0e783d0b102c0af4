"""The 8.2 heading of an improvement candidate, and the helpers each stage's ``candidates(results)`` uses
(:mod:`sedamkit.stages.necessity_feasibility.candidates` and its siblings)."""
from __future__ import annotations

from ...core.errors import Problem, SedamError
from .common import AREA_HEADINGS, CUSTOMER_KPIS, DIMENSION_HEADINGS

__all__ = ["heading_for", "listed", "candidate"]


def _element_dimension(el):
    from ...core.model import element

    try:
        return element(el).dimension
    except KeyError:
        return None


def heading_for(kind: str, ref=None, *, kpi=None, elements=None, area=None, dimension=None) -> str:
    """The 8.2 heading of a candidate (rules in the module docstring).

    >>> heading_for("plan_flag"), heading_for("kpi_off_track", kpi="nps"), heading_for("kpi_off_track", kpi="employee_turnover")
    ('optimize_daap', 'customer_centric', 'internal_system')
    >>> heading_for("readiness_gap", area="funding"), heading_for("element_gap", dimension="D3")
    ('business_model', 'customer_centric')
    """
    if kind in ("plan_flag", "kpi_not_measurable", "approach_poor"):
        return "optimize_daap"
    if kind in ("must_be_weak", "pain_point", "region_lagging"):
        return "customer_centric"
    if kind == "mission":
        return "business_model"
    if kind == "readiness_gap":
        return AREA_HEADINGS.get(area or ref, "internal_system")
    if kind == "element_gap":
        return DIMENSION_HEADINGS.get(dimension or _element_dimension(ref), "internal_system")
    if kind == "kpi_off_track":
        if kpi in CUSTOMER_KPIS:
            return "customer_centric"
        if kpi == "custom" and elements:
            return DIMENSION_HEADINGS.get(_element_dimension(elements[0]), "internal_system")
        return "internal_system"
    raise SedamError(Problem("IMP002", None, "kind", f"unknown candidate kind {kind!r}", "see the module docstring"))


def listed(result, key, stage, probs) -> list:
    """``result[key]`` as a list (``[]`` when absent); a value that is not a list adds ``IMP001`` to ``probs``.

    >>> from sedamkit.core.errors import Problems
    >>> p = Problems()
    >>> listed({"flags": [1]}, "flags", "02_daap", p), listed(None, "flags", "02_daap", p), listed({"flags": "x"}, "flags", "02_daap", p)
    ([1], [], [])
    >>> [x.code for x in p.items]
    ['IMP001']
    """
    v = (result or {}).get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        probs.add("IMP001", f"{stage}.{key}", f"{key!r} should be a list, not {type(v).__name__}",
                  f"re-run stage {stage} with this version of sedamkit")
        return []
    return v


def candidate(source, kind, ref, title, detail, heading, severity="medium", **extra) -> dict:
    """One improvement candidate as a stage's ``candidates(results)`` returns it (stage 06 gives it its id).

    >>> candidate("02_daap", "plan_flag", "PLAN201_R1", "Plan: …", "PLAN201: …", "optimize_daap", "high")["heading"]
    'optimize_daap'
    """
    return {"source": source, "kind": kind, "ref": ref, "title": title, "detail": detail, "heading": heading,
            "severity": severity, **extra}
