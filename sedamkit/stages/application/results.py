"""Stage 03's inputs and its result computed from the assessment file."""
from __future__ import annotations

from pathlib import Path

__all__ = ["assessment_file", "compute", "validate_assessment_input"]


def assessment_file(client, answers_dir=None) -> Path:
    """The assessment a batch run reads: the working copy when present, else the client's file."""
    from .api import assessment_source

    cdir = Path(client["dir"])
    return assessment_source(cdir / (client.get("application") or "application.yaml"),
                             Path(answers_dir) if answers_dir is not None else cdir / "answers")


def compute(client, answers_dir=None, *, results=None, interactive=False, language=None):
    """The coverage result, or None when the client has no assessment file."""
    from ..daap.api import load_plan
    from ..daap.results import plan_file
    from .api import load_assessment, stage_result

    cdir = Path(client["dir"])
    path = cdir / (client.get("application") or "application.yaml")
    if not path.is_file():
        return None
    adir = Path(answers_dir) if answers_dir is not None else cdir / "answers"
    return stage_result(load_assessment(path), load_plan(plan_file(client, adir)))


def validate_assessment_input(client, stage_ids=None) -> None:
    from .api import load_assessment

    load_assessment(assessment_file(client))
