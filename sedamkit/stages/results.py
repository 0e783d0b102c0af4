"""Reading an earlier stage's result: the one accessor every stage uses (``ctx.upstream(...)``).

:func:`upstream` looks for the result in the run's output folder. When it is not there:

* in interactive mode, or when the stage is not part of the client's run (left out of
  ``stages``), it is computed from the client's files with the stage definition's ``compute``,
  and the context records a note saying so;
* in a batch run that includes the stage, a required result is ``RES001`` (the stage should
  have run first); an optional one is ``None`` with a :class:`~sedamkit.core.stagedef.Skip`.

What comes back is an :class:`UpstreamResult`: a read-only mapping whose documented fields
(the definition's ``result_fields``) are checked once, so consumers index it directly instead
of guarding every read.

Error codes
-----------
RES001  no result of a required stage in this run (run that stage first)
RES004  a result lacks a field its stage documents (written by another version; re-run it)
"""
from __future__ import annotations

from collections.abc import Mapping

from ..core.errors import Problem, SedamError
from ..core.stagedef import Skip

__all__ = ["UpstreamResult", "upstream", "in_run", "check_fields"]


class UpstreamResult(Mapping):
    """A stage's result ``data``, read-only, with its fields checked against the stage definition.

    ``r["kpis"]`` or ``r.kpis``; ``r.to_dict()`` gives a deep copy a caller may change;
    ``r.computed`` tells whether it was computed from files rather than read from the run.
    """

    def __init__(self, stage, data: dict, *, computed: bool = False, source: str = ""):
        self.stage, self._data, self.computed, self.source = stage, data, computed, source

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def __getattr__(self, name):
        try:
            return self.__dict__["_data"][name]
        except KeyError:
            raise AttributeError(name) from None

    def to_dict(self) -> dict:
        import copy

        return copy.deepcopy(self._data)

    def __repr__(self):
        return f"UpstreamResult({self.stage.id}, fields={list(self._data)})"


def check_fields(stage, data, source: str = "") -> None:
    """``RES004`` when ``data`` lacks a required field of ``stage``'s result."""
    if not isinstance(data, dict):
        raise SedamError(Problem("RES002", source or None, stage.id, f"the result of {stage.id} is not a mapping",
                                 f"re-run stage {stage.id}"))
    missing = [f.name for f in stage.result_fields if f.required and f.name not in data]
    if missing:
        raise SedamError(Problem("RES004", source or None, ", ".join(missing),
                                 f"the result of {stage.id} lacks {', '.join(missing)}",
                                 f"re-run stage {stage.id} with this version of sedamkit"))


def in_run(client: dict, stage_id: str) -> bool:
    """Whether a client's run includes ``stage_id`` (its ``stages`` list, or all)."""
    from . import get

    wanted = client.get("stages", "all")
    if wanted in (None, "all"):
        return True
    try:
        return stage_id in {get(s).id for s in wanted}
    except SedamError:
        return True


def upstream(ctx, stage_id: str, *, required: bool = True):
    """The result of ``stage_id`` for the stage ``ctx`` runs (see the module docstring)."""
    from ..core.i18n import t
    from ..core.results import has_result, read_result, result_path
    from ..core.text import md_code
    from . import get

    stage = get(stage_id)
    lang = getattr(ctx, "language", "en")
    cache = ctx.__dict__.setdefault("_upstream", {})
    if stage.id in cache:
        return cache[stage.id]
    path = result_path(ctx.output_dir, stage.id)
    if has_result(ctx.output_dir, stage.id):
        data = read_result(ctx.output_dir, stage.id)
        check_fields(stage, data, str(path))
        res = UpstreamResult(stage, data, source=str(path))
    elif not ctx.interactive and in_run(ctx.client, stage.id):
        if required:
            read_result(ctx.output_dir, stage.id)  # RES001, naming the stage to run first
        ctx.skips.append(Skip(ctx.stage.id, stage.name, t("learn.skip.not_in_run", lang, stage=stage.id)))
        res = None
    else:
        known = {sid: r._data for sid, r in cache.items() if r is not None}
        try:
            data = stage.call("compute", ctx.client, ctx.answers_dir, results=known,
                              interactive=ctx.interactive, language=ctx.language)
        except SedamError as e:
            if required:
                raise
            ctx.skips.append(Skip(ctx.stage.id, stage.name, t("learn.skip.not_computed", lang, stage=stage.id,
                                                                code=e.problems[0].code)))
            data = None
        if data is None:
            if required:
                read_result(ctx.output_dir, stage.id)
            if not ctx.skips or ctx.skips[-1].part != stage.name:
                ctx.skips.append(Skip(ctx.stage.id, stage.name, t("learn.skip.no_result", lang, stage=stage.id)))
            res = None
        else:
            check_fields(stage, data)
            res = UpstreamResult(stage, data, computed=True)
            ctx.notes.append(t("learn.note.computed", lang, stage=stage.id, folder=md_code(ctx.output_dir)))
    cache[stage.id] = res
    return res
