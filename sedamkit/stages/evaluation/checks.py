"""Stage 05's runner hook: its answers checked before any notebook runs."""
from __future__ import annotations

from pathlib import Path

from ...core.answers_check import check_generic_answers
from ...core.errors import Problems, SedamError
from .common import ITEM_RE, STAGE, answers_folder

__all__ = ["validate_client_inputs"]


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
    check_generic_answers(adir / answers_folder("approaches"), "approach_ratings", ITEM_RE, probs,
                          code_bad_id="EVAL003", known_ids=set(approach_ids()), code_unknown="EVAL004",
                          what="approach")
    stray = sorted(p.name for p in (adir / STAGE).glob("*.json")) if (adir / STAGE).is_dir() else []
    for name in stray:
        probs.add("EVAL003", name, "answers of stage 05 belong in a sub-folder (mission/ or approaches/)",
                  f"move {name} to answers/{STAGE}/mission/ or answers/{STAGE}/approaches/",
                  file=str(adir / STAGE / name))
    probs.raise_if_any("the stage 05 answers have problems")


