"""Stage 06's runner hook: the score files checked before any notebook runs."""
from __future__ import annotations

import re
from pathlib import Path

from ...core.errors import Problems
from .common import STAGE

__all__ = ["validate_client_inputs"]


# =============================================================================== runner hook
def validate_client_inputs(client: dict, stage_ids=None) -> None:
    """Runner hook: when stage 06 is selected, check the score files
    (``answers/06_improvement/scores/*.json``): structure, item ids ``<candidate>__impact|effort``
    (``IMP003``) and values 1–5. Missing scores are allowed (candidates are then "not scored").
    Then last cycle's actions, when the client has them (``IMP005``; ``IMP006`` against the plan when it
    can be read; ``IMP007``)."""
    if stage_ids is not None and STAGE not in stage_ids:
        return
    from ...core.answers_check import check_generic_answers

    adir = Path(client["dir"]) / "answers"
    probs = Problems()
    check_generic_answers(adir / STAGE / "scores", "improvement_scores",
                          re.compile(r"^([a-z][a-z0-9_]*?)__(impact|effort)$"), probs, code_bad_id="IMP003",
                          what="candidate")
    if (adir / STAGE).is_dir():
        for p in sorted((adir / STAGE).glob("*.json")):
            probs.add("IMP003", p.name, "answers of stage 06 belong in the sub-folder scores/",
                      f"move {p.name} to answers/{STAGE}/scores/", file=str(p))
    from ...core.errors import SedamError
    from .previous import load_previous_actions, previous_actions_file

    path = previous_actions_file(client)
    if path is not None and path.is_file():     # a named file that is missing is config's CFG004
        try:
            load_previous_actions(path, _plan_or_none(client))
        except SedamError as e:
            probs.extend(e.problems)
    probs.raise_if_any("the stage 06 inputs have problems")




def _plan_or_none(client):
    """The client's plan when it can be read (its own problems are stage 02's to report), else None."""
    from ...core.errors import SedamError
    from ..daap.api import load_plan

    path = Path(client["dir"]) / (client.get("plan") or "plan.yaml")
    try:
        return load_plan(path) if path.is_file() else None
    except SedamError:
        return None
