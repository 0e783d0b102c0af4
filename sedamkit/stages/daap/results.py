"""Stage 02's inputs and its result computed from the plan file."""
from __future__ import annotations

from pathlib import Path

__all__ = ["plan_file", "compute", "validate_plan_input"]


def plan_file(client, answers_dir=None) -> Path:
    """The plan a stage reads: the working copy notebook 02 edits (``<answers_dir>/02_daap/plan.yaml``)
    when there is one, else the client's plan file (nothing is created)."""
    from .api import plan_source

    client_plan = Path(client["dir"]) / (client.get("plan") or "plan.yaml")
    return plan_source(client_plan, answers_dir) if answers_dir is not None else client_plan


def compute(client, answers_dir=None, *, results=None, interactive=False, language=None):
    from .api import load_plan, stage_result

    adir = Path(answers_dir) if answers_dir is not None else Path(client["dir"]) / "answers"
    path = plan_file(client, adir)
    return stage_result(load_plan(path), (results or {}).get("01_necessity_feasibility"), plan_file=path)


def validate_plan_input(client, stage_ids=None) -> None:
    """The plan the batch run will read loads and validates (``PLAN000`` when missing)."""
    from .api import load_plan

    load_plan(plan_file(client, Path(client["dir"]) / "answers"))
