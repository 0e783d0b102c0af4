"""The SEDAM stages, one package each, and the registry that everything looping over stages reads.

Each stage package declares a :class:`~sedamkit.core.stagedef.StageDef` named ``STAGE`` in its
``__init__`` (light: no pandas, no matplotlib) and keeps its logic in modules beside it. The runner,
``sedam validate``, the report, the command line, the editions and stage 06 iterate :data:`REGISTRY`;
adding a stage means adding a package and its name to :data:`_PACKAGES`.

>>> [s.id for s in STAGES][:3]
['00_start_here', '01_necessity_feasibility', '02_daap']
>>> get("2").id, get("05_evaluation").upstream
('02_daap', ('02_daap',))
"""
from __future__ import annotations

import importlib

from ..core.errors import Problem, SedamError
from ..core.stagedef import StageDef

__all__ = ["REGISTRY", "STAGES", "get", "run_order", "StageDef"]

_PACKAGES = ("start_here", "necessity_feasibility", "daap", "application", "customer_experience", "evaluation",
             "improvement", "design_project")

#: stage id -> its definition, in stage order
REGISTRY: dict[str, StageDef] = {}
for _name in _PACKAGES:
    _s = importlib.import_module(f"{__name__}.{_name}").STAGE
    REGISTRY[_s.id] = _s
#: the definitions in stage order
STAGES: tuple[StageDef, ...] = tuple(REGISTRY.values())


def get(stage_id) -> StageDef:
    """A stage by id (``02_daap``), number (``2``) or two-digit prefix (``"02"``); ``PARAM005`` if unknown."""
    key = str(stage_id).strip()
    for s in STAGES:
        if key in (s.id, str(s.number)) or (key.isdigit() and s.id[:2] == key.zfill(2)):
            return s
    raise SedamError(Problem("PARAM005", None, "stage", f"unknown stage {stage_id!r}",
                             f"use one of: {', '.join(s.id for s in STAGES)}"))


def run_order(stage_ids) -> list[str]:
    """The given stages, deduplicated and in stage order."""
    ids = {get(s).id for s in stage_ids}
    return [s.id for s in STAGES if s.id in ids]
