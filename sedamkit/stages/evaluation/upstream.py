"""Earlier stages' results as stage 05 (and 06) read them: thin wrappers over the one accessor,
:func:`sedamkit.stages.results.upstream`, kept for the notebooks' ``(data, note)`` calls."""
from __future__ import annotations

__all__ = ["earlier_result", "compute_result"]


def earlier_result(ctx, stage_id: str, *, results: dict | None = None, required: bool = True):
    """Read an earlier stage's result; return ``(data, note)``.

    ``ctx.upstream`` (:func:`sedamkit.stages.results.upstream`) decides:

    * The result is in the output folder → it is used (``note`` is "").
    * Missing, in interactive mode → it is computed on the fly from the client's files
      (:func:`compute_result`) and ``note`` says so (the note the context records in ``ctx.notes``).
    * Missing, in batch mode → ``RES001`` when that stage belongs to the client's run (it should have
      run first); when it does not (no notebook for it, or left out of ``stages``) it is computed
      from the files with a note, or ``(None, note)`` when it cannot be.
    * ``required=False``: a result that cannot be computed gives ``(None, note)`` instead of an error;
      the note is the :class:`~sedamkit.core.stagedef.Skip` recorded in ``ctx.skips``.

    ``results`` is accepted for compatibility: the results already read through ``ctx`` are the
    inputs of a result computed here. ``data`` is a plain dict the caller may change.
    """
    from ..results import upstream

    n_notes, n_skips = len(ctx.notes), len(ctx.skips)
    res = upstream(ctx, stage_id, required=required)
    if res is None:
        note = str(ctx.skips[-1]) if len(ctx.skips) > n_skips else f"No result of stage {stage_id} yet."
        return None, note
    if len(ctx.notes) > n_notes:
        return res.to_dict(), ctx.notes[-1]
    note = "" if not res.computed else (f"*Note:* stage {res.stage.id} has no result in `{ctx.output_dir}` yet, so "
                                        "it was computed here from the client's files. Run that notebook to see and adjust it.")
    return res.to_dict(), note


def compute_result(client, stage_id: str, answers_dir=None, *, results=None, interactive=False, language=None):
    """An earlier stage's result computed from the client's files (None when the kit cannot): the stage
    definition's ``compute`` (see :mod:`sedamkit.stages.results`).

    ``results`` may hold results already known (``{stage_id: data}``), reused as inputs.
    """
    from .. import get

    stage = get(stage_id)
    if stage.compute is None:
        return None
    return stage.call("compute", client, answers_dir, results=dict(results or {}), interactive=interactive,
                      language=language)
