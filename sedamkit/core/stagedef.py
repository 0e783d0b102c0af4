"""What a SEDAM stage is, as data: the :class:`StageDef` every stage declares once.

A stage definition says what the stage reads (its upstream stages and its inputs, each
required or optional with its validator), what it writes (its result and that result's
documented fields), how it shows in the report, its figures, its exercises and what it hands
to stage 06 as improvement candidates. The runner, ``sedam validate``, the report, the command
line, the editions and stage 06 loop over one registry of these
(:data:`sedamkit.stages.REGISTRY`); adding a stage touches one place.

The definitions are light: the functions they name are given as ``"module:function"``
references (relative to :mod:`sedamkit`) and imported on first use, so loading the registry
imports neither pandas nor matplotlib.

>>> inp = Input("journey", "client_file", required=False, default="journey.yaml",
...             what="the customer journey (YAML)")
>>> inp.config_key, inp.required
('journey', False)
>>> f = ResultField("decision", "go, prepare_first or not_now")
>>> f.name
'decision'
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable

__all__ = ["Input", "ResultField", "StageDef", "ref", "Skip"]


def ref(target: str | Callable | None) -> Callable | None:
    """The function a ``"module:function"`` reference names (``module`` relative to sedamkit)."""
    if target is None or callable(target):
        return target
    mod, _, name = target.partition(":")
    return getattr(importlib.import_module(f"sedamkit.{mod}"), name)


@dataclass(frozen=True)
class Skip:
    """A part of a stage left out, and why (shown in the notebook and the report)."""
    stage: str
    part: str
    reason: str
    fix: str = ""

    def __str__(self) -> str:
        return f"{self.part}: {self.reason}" + (f" ({self.fix})" if self.fix else "")


@dataclass(frozen=True)
class Input:
    """One input a stage takes.

    Attributes
    ----------
    key : str
        How the client names it: a top-level key of ``client.yaml`` for ``client_file``
        (``plan``), a key under ``data:`` for ``dataset`` (``kano_survey``), the answers
        sub-folder for ``answers`` (``05_evaluation/mission``).
    kind : str
        ``client_file``, ``dataset`` or ``answers``.
    required : bool
        A required input missing or wrong is a coded error before any kernel starts. An optional
        one the client did not name means the part of the stage that uses it is skipped with
        :attr:`skip_reason`; one the client names but that is missing or invalid is an error.
    default : str or None
        The file used when the client names none (``plan.yaml``); for optional client files the
        default counts as "named" only when the file exists.
    validate : str or callable or None
        ``"module:function"``; called as ``fn(client, path)`` and raises a coded
        :class:`~sedamkit.core.errors.SedamError`.
    what : str
        What the input is, in a few words (used in messages and documentation).
    part : str
        The part of the stage that needs it (in a skip message).
    columns : tuple
        For datasets: the columns the stage needs.
    load : str or callable or None
        For files: ``"module:function"`` loading and validating one such file by path
        (``sedam validate FILE`` uses it).
    marks : tuple
        Top-level fields that tell this kind of file from others (``sedam validate FILE``).
    """
    key: str
    kind: str
    required: bool = True
    default: str | None = None
    validate: str | Callable | None = None
    what: str = ""
    part: str = ""
    columns: tuple = ()
    load: str | Callable | None = None
    marks: tuple = ()

    @property
    def config_key(self) -> str:
        return f"data.{self.key}" if self.kind == "dataset" else self.key

    @property
    def skip_reason(self) -> str:
        named = f"'data: {{{self.key}: …}}'" if self.kind == "dataset" else f"'{self.key}: …'"
        return f"the client names no {self.what or self.key} ({named} in client.yaml)"


@dataclass(frozen=True)
class ResultField:
    """One documented field of a stage's result ``data``."""
    name: str
    description: str
    required: bool = True


@dataclass(frozen=True)
class StageDef:
    """One SEDAM stage, declared once.

    Attributes
    ----------
    id : str
        Notebook stem, answers folder and result file name (``02_daap``).
    number : int
    name, clause, summary : str
        Title, the clause(s) of ISO/DTS 19384 (or ISO/TS 24082) it covers, one line on what it does.
    notebook : str
        The notebook's file name inside :func:`sedamkit.core.paths.notebooks_dir`.
    upstream : tuple of str
        Stages whose results it reads and needs.
    optional_upstream : tuple of str
        Stages whose results it uses when present (the part that uses them is skipped otherwise).
    inputs : tuple of :class:`Input`
    questionnaires : tuple of str
        Questionnaire specs whose answers it reads (names in ``data/questionnaires``).
    result_fields : tuple of :class:`ResultField`
        The documented fields of its result; :meth:`StageContext.upstream` checks them.
    report : str or callable or None
        ``fn(report_ctx) -> (summary lines, section html)``.
    figures : tuple of str
        Names of the figures it saves (``01_readiness_radar``).
    exercises : tuple of str
        Exercise ids whose checks it registers.
    exercise_module : str or None
        The module that registers those checks.
    candidates : str or callable or None
        ``fn(results) -> list of candidate dicts`` for stage 06.
    compute : str or callable or None
        ``fn(client, answers_dir, results, interactive, language) -> data or None``: the result
        computed from the client's files, for a later stage opened before this one ran.
    validate : str or callable or None
        ``fn(client, stage_ids)``: checks across inputs that a schema cannot express; raises a
        coded error.
    """
    id: str
    number: int
    name: str
    clause: str
    summary: str
    notebook: str | None = None
    upstream: tuple = ()
    optional_upstream: tuple = ()
    inputs: tuple = ()
    questionnaires: tuple = ()
    result_fields: tuple = ()
    report: str | Callable | None = None
    figures: tuple = ()
    exercises: tuple = ()
    exercise_module: str | None = None
    candidates: str | Callable | None = None
    compute: str | Callable | None = None
    validate: str | Callable | None = None
    teaching_only: bool = field(default=False)

    # the Stage-like attributes older code reads
    @property
    def runs(self) -> bool:
        """Whether a client run executes this stage (the orientation notebook is teaching only)."""
        return not self.teaching_only

    def field_names(self) -> list[str]:
        return [f.name for f in self.result_fields]

    def call(self, what: str, *args, **kw):
        """Call the function named by field ``what`` (None when the stage has none)."""
        fn = ref(getattr(self, what))
        return None if fn is None else fn(*args, **kw)
