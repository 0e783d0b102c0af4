"""The context a stage notebook works in: validated parameters, resolved paths,
the client's config, its answers and where results go.

Every stage notebook starts with::

    ctx = sk.open_stage("01_necessity_feasibility", client_dir=client_dir, answers_dir=answers_dir,
                        output_dir=output_dir, interactive=interactive, language=language,
                        respondent=respondent)

so parameter checking and path handling live here, tested once, and the same rules
hold in JupyterLab, Voila and papermill runs.

Parameter problems have the PARAM codes of :mod:`sedamkit.core.params`.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs

from ..core.errors import Problem, SedamError
from ..core.params import PARAMETERS, validate_parameters

__all__ = ["open_stage", "StageContext", "PARAMETERS", "validate_parameters"]

class StageContext:
    """Paths, config and helpers for one stage run. Create it with :func:`open_stage`.

    Attributes
    ----------
    stage : sedamkit.core.model.Stage
    client : dict — the validated client config (see :func:`sedamkit.core.config.load_client`)
    client_id, client_dir, answers_dir, output_dir : identifiers and absolute paths
    interactive : bool — True in JupyterLab and Voila, False in batch runs
    language : str
    respondent : str — whose answers the form edits in interactive mode (the file's name); ``""`` when
        no one is named yet (an app page then asks for a name, see :meth:`set_respondent`)
    respondent_name : str — the name as the person typed it (``"José"``; the id is ``jose-…``)
    """

    def __init__(self, stage, client, answers_dir, output_dir, interactive, language, respondent, name=None):
        self.stage, self.client = stage, client
        self.client_id = client.get("id")
        self.client_dir = Path(client["dir"])
        self.answers_dir, self.output_dir = Path(answers_dir), Path(output_dir)
        self.interactive, self.language, self.respondent = interactive, language, respondent
        self.respondent_name = name or respondent

    def set_respondent(self, name: str) -> str:
        """Answer as the person ``name`` (any text; ANS009 when blank); returns the respondent id."""
        from ..core.answers import safe_respondent_id

        self.respondent = safe_respondent_id(name)
        self.respondent_name = str(name).strip()
        return self.respondent

    # -- questionnaires -----------------------------------------------------------
    def spec(self, name: str):
        """Load a questionnaire with the client's threshold overrides and language applied."""
        from ..core.i18n import check_spec
        from ..core.spec import client_spec
        from .app_request import prepared_spec

        spec = prepared_spec(self.client, name, self.language) or client_spec(self.client, name, language=self.language)
        check_spec(spec, self.language)  # warns once, listing ids with no text in this language
        return spec

    def answers_file(self, spec) -> Path:
        """``<answers_dir>/<spec.stage or this stage>/<respondent>.json`` (a spec may name a sub-folder,
        e.g. ``05_evaluation/mission``, when a stage has several questionnaires)."""
        from ..core.answers import answers_path

        return answers_path(self.answers_dir, spec.stage or self.stage.id, self.respondent)

    def form(self, spec, live=None):
        """In interactive mode, the respondent's form (autosaving); in batch mode ``None``."""
        if not self.interactive:
            return None
        from .forms import questionnaire_form

        name = self.respondent_name if self.respondent_name != self.respondent else None
        return questionnaire_form(spec, self.answers_file(spec), self.respondent, live=live, name=name)

    def answers(self, spec) -> list[dict]:
        """Every respondent's answers for this stage (coded error listing every bad file)."""
        from ..core.answers import load_all

        return load_all(self.answers_dir, spec, spec.stage or self.stage.id)

    def responses(self, spec):
        """The long answers frame (see :func:`sedamkit.core.answers.responses_frame`)."""
        from ..core.answers import responses_frame

        return responses_frame(self.answers(spec), spec)

    # -- files ------------------------------------------------------------------------
    def data_path(self, key: str) -> Path:
        """Absolute path of a data file named in the client config (``data: {key: file}``)."""
        rel = (self.client.get("data") or {}).get(key)
        if rel is None:
            raise SedamError(Problem("CFG004", str(self.client_dir / "client.yaml"), f"data.{key}",
                                     f"the config names no {key!r} data file",
                                     f"add 'data: {{{key}: data/<file>.csv}}' to client.yaml"))
        return self.client_dir / rel

    def client_file(self, key: str, default: str) -> Path:
        """Absolute path of a client file such as the plan (``plan: plan.yaml``)."""
        return self.client_dir / (self.client.get(key) or default)

    def save_figure(self, fig_or_ax, name: str):
        from ..methods.plots import save_figure

        return save_figure(fig_or_ax, self.output_dir, f"{self.stage.id[:2]}_{name}")

    def write_result(self, data: dict) -> Path:
        from ..core.results import write_result

        return write_result(self.output_dir, self.stage.id, data, client=self.client_id)

    def read_result(self, stage_id: str) -> dict:
        from ..core.results import read_result

        return read_result(self.output_dir, stage_id)

    def upstream(self, stage_id: str, *, required: bool | None = None):
        """An earlier stage's result, through the one accessor that knows its fields.

        See :func:`sedamkit.stages.results.upstream`: read from this run's output folder; in
        interactive mode (or when the stage is not part of the client's run) computed from the
        client's files; a required result that is missing raises ``RES001``, an optional one gives
        ``None`` and a :class:`~sedamkit.core.stagedef.Skip` in :attr:`skips`.
        """
        from ..stages.results import upstream

        if required is None:
            required = stage_id in self.stage.upstream
        return upstream(self, stage_id, required=required)

    @property
    def notes(self) -> list:
        """Notes about results computed on the fly (see :meth:`upstream`)."""
        return self.__dict__.setdefault("_notes", [])

    @property
    def skips(self) -> list:
        """Parts of this stage left out so far, each with its reason (see :meth:`upstream`)."""
        return self.__dict__.setdefault("_skips", [])

    def skipped_markdown(self) -> str:
        """The skips as a Markdown list for the notebook, in the context's language ("" when nothing was left
        out)."""
        from ..core.i18n import catalogue, t
        from ..core.text import md
        from ..stages import STAGES

        names = {st.name: f"stage.{st.id}" for st in STAGES if f"stage.{st.id}" in catalogue()}

        def what(s):  # an earlier stage left out is named in the language too
            part = t(names[s.part], self.language) if s.part in names else s.part
            return t("learn.banner.part_reason", self.language, part=part, reason=s.reason) + (
                f" ({s.fix})" if s.fix else "")

        return "\n".join("- " + t("learn.banner.left_out", self.language, what=md(what(s))) for s in self.skips)

    def stage_name(self) -> str:
        """This stage's name in the context's language (``stage.<id>`` or ``learn.stage.<id>`` in the catalogue)."""
        from ..core.i18n import catalogue, t

        for key in (f"stage.{self.stage.id}", f"learn.stage.{self.stage.id}"):
            if key in catalogue():
                return t(key, self.language)
        return self.stage.name

    def summary(self) -> str:
        """The stage banner: stage and clause, client, mode, where answers are saved and results go, and the
        notes about earlier results and parts left out, as Markdown in the context's language
        (``learn.banner.*`` in ``ui_learn.yaml``)."""
        from ..core.i18n import t
        from ..core.text import md, md_code

        lang = self.language
        mode = t("learn.banner.interactive" if self.interactive else "learn.banner.batch", lang)
        answers = t("learn.banner.answers" if self.interactive else "learn.banner.answers_read", lang,
                    path=md_code(self.answers_dir / self.stage.id))
        lines = [t("learn.banner.stage", lang, number=f"{self.stage.number:02d}", name=md(self.stage_name()),
                   clause=md(self.stage.clause)),
                 t("learn.banner.client", lang, name=md(self.client.get("name")), id=md_code(self.client_id))
                 + " · " + t("learn.banner.mode", lang, mode=mode),
                 answers, t("learn.banner.results", lang, path=md_code(self.output_dir))]
        text = "  \n".join(lines)
        extra = [str(n) for n in self.notes] + ([self.skipped_markdown()] if self.skips else [])
        return text + ("\n\n" + "\n\n".join(extra) if extra else "")

    def text(self, key: str, **fields) -> str:
        """The catalogue text ``key`` in this stage's language (:func:`sedamkit.core.i18n.t`)."""
        from ..core.i18n import t

        return t(key, self.language, **fields)

    def batch_note(self, what: str, path) -> str:
        """The Markdown line a notebook shows instead of a form or editor in batch mode, in this stage's language:
        ``what`` (``answers``, ``ratings``, ``scores``, ``plan`` or ``assessment``) is read from ``path``."""
        from ..core.text import md_code

        return self.text(f"learn.batch.{what}", path=md_code(path))

    def live_table(self, frame):
        """A live panel's table in this stage's language: column names from ``learn.live.col.<column>`` (other
        columns keep theirs) and decimal numbers written the language's way (one decimal; a pandas ``Styler``)."""
        from ..core.i18n import catalogue
        from ..core.numfmt import number
        from ..core.text import esc

        names = {c: self.text(f"learn.live.col.{c}") for c in frame.columns if f"learn.live.col.{c}" in catalogue()}
        out = frame.rename(columns=names)
        floats = [c for c in out.columns if str(out[c].dtype).startswith("float")]
        lang = self.language
        fmt = {c: (lambda v: number(v, lang, 1)) if c in floats else (lambda v: esc(str(v))) for c in out.columns}
        return out.style.format(fmt).format_index(lambda v: esc(str(v)), axis=1).hide(axis="index")

    def _repr_markdown_(self):
        return self.summary()


def open_stage(stage_id: str, client_dir=None, answers_dir=None, output_dir=None, interactive: bool = True,
               language=None, respondent: str = "me") -> StageContext:
    """Validate a notebook's parameters and return its :class:`StageContext`.

    ``client_dir=None`` means the client named by the ``SEDAM_CLIENT`` environment variable (set by
    ``sedam app``), else the demo client. In interactive mode a ``respondent=`` or ``language=`` in the
    page's query string (Voila passes it as ``QUERY_STRING``) overrides the parameter; a name there
    (``?respondent=José``) becomes a safe id (:func:`sedamkit.core.answers.safe_respondent_id`) and is
    kept as ``respondent_name``. ``respondent=""`` names no one: an app page asks for a name. Relative paths are resolved against the
    workspace (see :mod:`sedamkit.paths`). In interactive mode with the demo client, answers
    go to ``<workspace>/answers/demo/`` (a copy), never into the committed demo data. ``language=None``
    means the language of a non-English edition around the current folder
    (:func:`sedamkit.core.paths.edition_language`), else the client's ``language:``, else English; the
    context's ``client["language"]`` is then that language.
    """
    from ..core import paths
    from ..core.answers import check_respondent, safe_respondent_id
    from ..core.config import load_client
    from ..stages import REGISTRY
    from ..stages import get as find_stage

    validate_parameters({"client_dir": client_dir, "answers_dir": answers_dir, "output_dir": output_dir,
                         "interactive": interactive, "language": language, "respondent": respondent})
    name = None
    if interactive:  # app mode: the server names the client; the page's query string the respondent
        from .app_request import wait_for_visitor

        wait_for_visitor()  # a preheated app kernel waits here for its visitor's request (else nothing)
        client_dir = client_dir or os.environ.get("SEDAM_CLIENT") or None
        query = parse_qs(os.environ.get("QUERY_STRING", ""))
        if query.get("respondent") and query["respondent"][0].strip():
            name = query["respondent"][0].strip()
            respondent = safe_respondent_id(name)
        if query.get("language") and language is None:
            language = query["language"][0]
    st = find_stage(stage_id)  # PARAM005 when unknown
    cdir = paths.demo_dir() if client_dir is None else paths.resolve(client_dir)
    if not cdir.is_dir():
        raise SedamError(Problem("PARAM003", str(cdir), "client_dir", "client folder not found",
                                 "give the folder that holds client.yaml, or None for the demo client"))
    if respondent != "":  # "" names no one yet (an app page asks); anything else must be an id
        check_respondent(respondent)
    client = load_client(cdir, stage_ids=REGISTRY)
    client.setdefault("id", cdir.name)
    lang = language or paths.edition_language() or client.get("language", "en")  # see paths.edition_language
    client["language"] = lang  # what the stage's own notes (inputs found, parts left out) are written in
    adir = paths.resolve(answers_dir) if answers_dir else paths.default_answers_dir(cdir, client["id"], interactive)
    odir = paths.resolve(output_dir) if output_dir else paths.default_output_dir(client["id"])
    odir.mkdir(parents=True, exist_ok=True)
    from ..core.exercises import feedback_language, record_to

    feedback_language(lang)  # batch runs too: the checks' feedback in the client's language
    if interactive:  # a learner's exercise results reach the class results (exercises.json)
        record_to(adir, language=lang)
    else:  # batch runs record nothing, but the checks still answer in the stage's language
        from ..core import exercises as _feedback
        from ..core.i18n import normalise_language

        _feedback.LANGUAGE = normalise_language(lang)
    return StageContext(st, client, adir, odir, interactive, lang, respondent, name)
