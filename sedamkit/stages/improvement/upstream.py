"""The earlier results stage 06 reads, and the plan this cycle was evaluated against."""
from __future__ import annotations

from pathlib import Path

from .. import get
from .common import EARLIER_STAGES, STAGE

__all__ = ["earlier_results", "plan_in_use"]


# =============================================================================== earlier results
def earlier_results(ctx) -> tuple[dict, list[str]]:
    """Every earlier stage's result ``{stage_id: data}`` and the notes about missing ones.

    The stages are those stage 06's definition names (:data:`EARLIER_STAGES`); its ``upstream``
    ones (stage 02) are required (``RES001`` in batch mode when the run should have produced them),
    the optional ones are read through ``ctx.upstream`` too: a missing one is computed from the
    client's files in interactive mode or left out with a note
    (:func:`sedamkit.stages.evaluation.upstream.earlier_result`).
    """
    from ..evaluation.upstream import earlier_result

    required = set(get(STAGE).upstream)
    results, notes = {}, []
    for sid in EARLIER_STAGES:
        data, note = earlier_result(ctx, sid, results=results, required=sid in required)
        if data is not None:
            results[sid] = data
        if note:
            notes.append(note)
    return results, notes


def plan_in_use(ctx, results: dict) -> Path:
    """The plan file this cycle was evaluated against: the one stage 02's result names
    (``plan_file``), else the working copy or the client's plan (:func:`sedamkit.stages.daap.api.plan_source`)."""
    from ..daap.results import plan_file

    pf = (results.get("02_daap") or {}).get("plan_file")
    if pf and Path(pf).is_file():
        return Path(pf)
    return plan_file(ctx.client, ctx.answers_dir)


