"""Shared pieces of stage 02 (the DAAP plan): readiness areas, element ids, the plan checks data
(``sedamkit/data/plan_checks.yaml``) and the small value helpers the other modules of
:mod:`sedamkit.stages.daap` use. Users reach the public names through :mod:`sedamkit.stages.daap.api`
(``sk.plan``)."""
from __future__ import annotations

import copy
import datetime as _dt
import functools
from importlib import resources
from pathlib import Path

from ...core.fileio import read_yaml
from ...core.paths import demo_dir

__all__ = ["ELEMENT_IDS", "CHECKS_PATH", "DEMO_PLAN", "READINESS_AREAS", "AREA_IDS", "SECTIONS", "SEVERITY_ORDER",
           "load_checks", "checks_data", "parse_date", "is_num", "is_text", "approach_links"]

#: The demo client's plan (Northwind Home Services), shipped inside the package.
DEMO_PLAN = demo_dir() / "plan.yaml"


ELEMENT_IDS = tuple(f"E{i}" for i in range(1, 10))


CHECKS_PATH = Path(str(resources.files("sedamkit") / "data" / "plan_checks.yaml"))


#: Readiness area ids of stage 01, by group.
READINESS_AREAS = {
    "need": ("strategy_impact", "experience_impact", "trends_and_demand"),
    "foundations": ("talent", "digital_facilities", "technical_support", "funding"),
    "capabilities": ("data_collection", "data_analysis", "personalization", "smart_interaction",
                     "experience_monitoring", "internal_platforms", "digital_openness", "security_privacy"),
}


AREA_IDS = tuple(a for g in READINESS_AREAS.values() for a in g)


SECTIONS = {"goals": "goal", "kpis": "KPI", "phases": "phase", "risks": "risk"}


SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@functools.lru_cache(maxsize=4)
def _checks_cached(path: str) -> dict:
    return read_yaml(path, code="PLAN000")


def load_checks(path=None) -> dict:
    """The plan checks (risk threshold, preparation items, principle questions) as a dict copy.

    >>> load_checks()["risk"]["threshold"]
    12
    """
    return copy.deepcopy(_checks_cached(str(path or CHECKS_PATH)))


def checks_data(checks):
    return _checks_cached(str(CHECKS_PATH)) if checks is None else checks


def parse_date(value):
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v


def is_text(v):
    return isinstance(v, str) and v.strip() != ""


def approach_links(entry):
    """(approach id, explicit elements or None) of a phase's approach entry."""
    if isinstance(entry, dict):
        return entry.get("approach"), entry.get("elements")
    return entry, None
