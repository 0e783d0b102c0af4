"""App mode: the questionnaire stages served to a room as a web app with Voila.

``sedam app [CLIENT] [--host ADDRESS] [--port N] [--code CODE] [--pool-size N] [--no-browser]`` (and
``make app``) calls :func:`serve`. The server lives in :mod:`sedamkit.ui.app_server` (re-exported here:
:func:`start`, :func:`serve`, :class:`AppServer` …) and :mod:`sedamkit.ui.app_voila`:

- it listens on ``127.0.0.1`` unless a ``host`` is given (``0.0.0.0``: the room's network);
- a **workshop code** (Jupyter's token) is made at start or given, and printed in the join link
  (``…/index.ipynb?token=CODE``); a page, kernel or API request without it is refused (403), and a person
  gets a plain page in the client's language where the code can be typed;
- a **facilitator key** is made at start or given and printed, apart, in the facilitator's links
  (``…/02_plan.ipynb?token=CODE&key=KEY``); the facilitator's pages show their content only with it
  (:func:`sedamkit.ui.app_facilitator.facilitator_allowed`);
- **preheated kernels** (Voila's ``--preheat_kernel``, a pool per page) wait for their visitor with the
  kit already imported (:func:`sedamkit.ui.app_request.wait_for_visitor`), so a page opens in about a second;
- the ``sedam`` template of ``sedamkit/templates/app/`` removes the only external request of Voila 0.5's
  ``lab`` template (Font Awesome from a CDN; the icons ship in Voila's own bundle), turns the folder
  listing into a redirect to the landing page ``index.ipynb``, and lays the page out for people (no
  code; the live panel beside the form from 1100 px wide, below that a short bar pinned to the bottom
  with the two scores and a button that opens the rest).

No request leaves the machine. Each page is a thin notebook in ``notebooks/app/`` whose logic lives
here: :func:`stage_page` (the header with the client's name and the stage, a name prompt, the autosaving
form and a live panel with a chart) and :func:`landing` (the client's stages with links and progress).
**Every string is in the client's language** (``sedamkit/data/i18n/ui_app.yaml``; ``?language=`` in
the address overrides it) and numbers are written by :mod:`sedamkit.core.numfmt`.

**Names.** Nobody answers under a shared default: a page without ``?respondent=NAME`` asks for a name
first. Any name works ("José", "Anne Marie"): the answers file is named by a safe id made from it
(:func:`sedamkit.core.answers.safe_respondent_id`), the name is kept as typed and shown. Answers go to
the same files as in JupyterLab (see :func:`sedamkit.ui.context.open_stage`). Two people typing one name
would share a file, so a name typed on the landing page or a stage page that already has answers is asked
about first ("is it you? if not, add an initial"); a blank name gets a message. Pages never show a
server path or a traceback: a problem is its code and its fix in plain words (:func:`problem_html`), and
the form's status line says "saved at 10:02:17" rather than where.

To add a stage page: add an :class:`AppStage` to :data:`APP_STAGES` and a notebook
``notebooks/app/<notebook>.ipynb`` modelled on ``01_self_assessment.ipynb`` (``tests/test_app.py``
checks that the two agree); give its title in both languages (a ``{"en": …, "fr": …}`` title, or the
key ``app.page.<notebook>`` in a catalogue).

Error codes
-----------
WEB001  the client folder does not exist
WEB002  the client folder holds no ``client.yaml``
WEB003  Voila is not installed
WEB004  the port is not usable (out of range, or taken by another program)
WEB005  the app notebooks are missing (``notebooks/app/``)
WEB006  the Voila server stopped before it listened on its port, or never listened
WEB007  an unknown app page
WEB008  a workshop code that is not 4 to 32 letters or digits
WEB009  a ``--host`` that is not an IP address of this machine
WEB010  a pool size out of range
"""
from __future__ import annotations

import html
import json
import math
import os
from dataclasses import dataclass

from ..core.errors import Problem, SedamError
from .app_server import (ALL_ADDRESSES, HOST, TEMPLATE, AppServer, app_dir, app_environment, free_port, new_code,
                         port_is_free, resolve_client, serve, start, template_root, voila_command, wait_for_port)

__all__ = ["AppStage", "APP_STAGES", "TEMPLATE", "app_stage", "app_dir", "template_root", "resolve_client",
           "voila_command", "app_environment", "free_port", "port_is_free", "wait_for_port", "AppServer",
           "start", "serve", "new_code", "ALL_ADDRESSES", "stage_page", "StagePage", "live_summary", "LiveSummary",
           "summary_html", "area_chart_png", "landing", "Landing", "HOST", "page_header", "problem_html",
           "shown_as_problem", "CHART_WIDTH_PX", "CHART_FONT_PT"]

#: The landing page's name form adds ``typed=1``: the name was typed there (not carried by a link), so a
#: name that already has answers is asked about ("is it you?") rather than taken over silently.
TYPED_PARAM = "typed"
#: The live chart's width on the page, in CSS pixels (its PNG has twice as many, for sharp screens).
CHART_WIDTH_PX = 372
#: The live chart's text size at the size shown, in points (1 pt = 4/3 CSS px).
CHART_FONT_PT = 10


def _t(key: str, language, **fields) -> str:
    from ..core.i18n import t

    return t(key, language, **fields)


@dataclass(frozen=True)
class AppStage:
    """One page of the app: a questionnaire stage.

    Attributes
    ----------
    notebook : str — the page's notebook stem in ``notebooks/app/``
    stage : str — the SEDAM stage id (:data:`sedamkit.stages.STAGES`), which names the answers folder
    questionnaire : str — the questionnaire id (``sedamkit/data/questionnaires/<id>.yaml``)
    title : str or dict — the page's title in the header and on the landing page (``{"en": …, "fr": …}``,
        or English only when the catalogue has ``app.page.<notebook>``)
    """

    notebook: str
    stage: str
    questionnaire: str
    title: object

    def title_in(self, language=None) -> str:
        """The title in ``language``: the catalogue's ``app.page.<notebook>``, else :attr:`title`.

        >>> app_stage("01").title_in("fr")
        'Autoévaluation : nécessité et faisabilité'
        """
        from ..core.i18n import catalogue, normalise_language

        lang = normalise_language(language)
        texts = catalogue().get(f"app.page.{self.notebook}")
        if texts is None and isinstance(self.title, dict):
            texts = self.title
        if texts is None:
            return str(self.title)
        return texts.get(lang) or texts.get("en") or str(self.title)


#: The app's questionnaire pages, in the order the landing page lists them.
APP_STAGES = (
    AppStage("01_self_assessment", "01_necessity_feasibility", "necessity_feasibility",
             "Self-assessment: necessity and feasibility"),
    # stage 05 and 06 questionnaires (pages of sedamkit.ui.app_pages)
    AppStage("05_mission_review", "05_evaluation", "mission_review", "Review of the mission"),
    AppStage("05_approach_ratings", "05_evaluation", "approach_ratings", "Ratings of the digital approaches"),
    AppStage("06_scores", "06_improvement", "improvement_scores", "Impact and effort of the improvements"),
)


def app_stage(key: str) -> AppStage:
    """The :class:`AppStage` whose notebook, stage id or stage number is ``key``.

    >>> app_stage("01").notebook
    '01_self_assessment'
    >>> app_stage("01_self_assessment").questionnaire
    'necessity_feasibility'
    >>> app_stage("09")
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: 1 problem found:
      [WEB007] stage: no app page for '09'. Fix: use one of: 01_self_assessment, 05_mission_review, 05_approach_ratings, 06_scores
    """
    for s in APP_STAGES:
        if key in (s.notebook, s.stage, s.stage[:2]):
            return s
    raise SedamError(Problem("WEB007", None, "stage", f"no app page for {key!r}",
                             "use one of: " + ", ".join(s.notebook for s in APP_STAGES)))


# -- the pages ------------------------------------------------------------------------------------

def _esc(x) -> str:
    return html.escape(str(x))


def _query_suffix(ctx) -> str:
    """``?respondent=...`` when the respondent is not the default, so links keep it (the name as typed)."""
    from urllib.parse import urlencode

    if ctx.respondent in ("me", ""):
        return ""
    return "?" + urlencode({"respondent": getattr(ctx, "respondent_name", None) or ctx.respondent})


def problem_html(error, language: str | None = "en", title: str | None = None) -> str:
    """A coded problem for a page, in plain words: message, code and fix. No traceback, no server path,
    no source code (an unexpected error shows only its kind)."""
    from ..core.i18n import ui_strings

    ui = ui_strings(language, "form.")
    if isinstance(error, SedamError):
        items = "".join(f'<li><b>{_esc(p.message.rstrip("."))}</b> <small>({_esc(p.code)})</small>'
                        + (f"<br>{_esc(ui['form.fix'] + _t('pages.colon', language))} {_esc(p.fix)}" if p.fix else "") + "</li>"
                        for p in error.problems)
    else:
        items = f"<li><b>{_esc(type(error).__name__)}</b></li>"
    return (f'<div class="sedam-problem" role="alert"><h2>{_esc(title or ui["form.problem"])}</h2>'
            f"<ul>{items}</ul></div>")


class shown_as_problem:
    """``with shown_as_problem(): ...`` in an app notebook: a problem inside is displayed with
    :func:`problem_html` instead of a traceback."""

    def __init__(self, language=None):
        self.language = language

    def __enter__(self):
        return self

    def __exit__(self, kind, error, tb):
        if error is None or not isinstance(error, Exception):
            return False
        from IPython.display import HTML, display

        display(HTML(problem_html(error, self.language or os.environ.get("SEDAM_APP_LANGUAGE"))))
        return True


class LiveSummary:
    """The live score: this respondent's and the team's overall score, the decision, and a chart.

    Rendered as HTML (with the chart as an inline PNG, so nothing is fetched). The score elements
    carry CSS classes for tests and styles: ``sedam-live``, ``sedam-score-you``, ``sedam-score-team``,
    ``sedam-decision``, ``sedam-answered``.
    """

    def __init__(self, html_text: str):
        self.html = html_text

    def _repr_html_(self):
        return self.html

    def __repr__(self):
        import re

        return re.sub(r"<[^>]+>", " ", re.sub(r"<img[^>]*>", "", self.html)).split("  ")[0].strip() or "LiveSummary"


def _fmt(x, language="en") -> str:
    from ..core.numfmt import number

    return number(x, language, 0)


_DECISION_KEYS = {"go": "report.decision_go", "prepare_first": "report.decision_prepare_first",
                  "not_now": "report.decision_not_now", "not_assessed": "report.decision_not_assessed"}


def summary_html(readiness, respondent: str, answered: int, total: int, chart: str | None = None,
                 language: str | None = "en") -> str:
    """The live summary's HTML from a :class:`sedamkit.methods.scoring.Readiness` of every respondent.

    ``chart`` is a base64 PNG (see :func:`live_summary`), shown :data:`CHART_WIDTH_PX` wide.

    >>> from sedamkit.core.spec import load_spec
    >>> from sedamkit.core.answers import responses_frame
    >>> from sedamkit.methods.scoring import readiness
    >>> spec = load_spec("necessity_feasibility")
    >>> r = readiness(responses_frame([{"respondent": "me", "answers": {"talent_specify": 5}}], spec), spec)
    >>> h = summary_html(r, "me", 1, 33)
    >>> '<span class="sedam-score-you">100</span>' in h, '<span class="sedam-answered">1/33</span>' in h
    (True, True)
    >>> "Score de l’équipe" in summary_html(r, "me", 1, 33, language="fr")
    True
    """
    from ..core.i18n import ui_strings

    ui = ui_strings(language, "app.live.")
    by = readiness.overall.get("by_respondent", {})
    you = by.get(respondent)
    team = readiness.overall.get("mean")
    label = _t(_DECISION_KEYS[readiness.decision["decision"]], language)
    n = readiness.overall.get("n", 0)
    count = lambda k: _fmt(k, language)  # noqa: E731
    parts = [
        '<div class="sedam-live" role="status" aria-live="polite">',
        f"<h4>{_esc(ui['app.live.title'])}</h4>",
        '<table class="sedam-live-table">',
        f'<tr><th scope="row">{_esc(ui["app.live.your_score"])}</th><td><span class="sedam-score-you">'
        f'{_fmt(you, language)}</span> / 100</td></tr>',
        f'<tr><th scope="row">{_esc(ui["app.live.team_score"])}</th><td><span class="sedam-score-team">'
        f'{_fmt(team, language)}</span> / 100 <small>({_esc(ui["app.live.respondents_" + ("one" if n == 1 else "many")].format(n=count(n)))})</small></td></tr>',
        f'<tr><th scope="row">{_esc(ui["app.live.team_decision"])}</th><td><b class="sedam-decision">{_esc(label)}</b></td></tr>',
        f'<tr><th scope="row">{_esc(ui["app.live.you_answered"])}</th><td><span class="sedam-answered">'
        f'{count(answered)}/{count(total)}</span></td></tr>',
        "</table>",
    ]
    if chart:
        parts.append(f'<img class="sedam-live-chart" width="{CHART_WIDTH_PX}" alt="{_esc(ui["app.live.chart_alt"])}" '
                     f'src="data:image/png;base64,{chart}"/>')
    parts.append(f"<p><small>{_esc(ui['app.live.note'])}</small></p></div>")
    return "".join(parts)


def area_chart_png(areas, mine=None, language="en") -> str:
    """A horizontal bar chart of area scores (base64 PNG); no pyplot, no global state.

    Drawn at 192 dpi and shown :data:`CHART_WIDTH_PX` CSS pixels wide (96 per inch), so its
    :data:`CHART_FONT_PT`-point text is that size on the page. Area names sit above their bars.
    """
    import base64
    import io

    from matplotlib.figure import Figure

    from ..core.i18n import ui_strings
    from ..methods.plots import PALETTE

    ui = ui_strings(language, "app.live.")
    fs = CHART_FONT_PT
    titles = [t if len(t) <= 46 else t[:45] + "…" for t in areas["title"]]
    n = len(areas)
    y = [float(n - 1 - i) for i in range(n)]
    fig = Figure(figsize=(CHART_WIDTH_PX / 96, 0.42 * n + 0.95), dpi=192)
    ax = fig.add_subplot()
    means = areas["mean"].fillna(0).to_numpy(dtype=float)
    ax.barh(y, means, color=PALETTE[0], height=0.34, label=ui["app.live.team"])
    ax.scatter(areas["threshold"].to_numpy(dtype=float), y, marker="|", s=120, color=PALETTE[3],
               label=ui["app.live.threshold"], zorder=3)
    if mine is not None:
        vals = [mine.get(a, math.nan) for a in areas["area"]]
        ax.scatter(vals, y, marker="o", s=22, color=PALETTE[1], label=ui["app.live.you"], zorder=4)
    for yi, title in zip(y, titles):
        ax.text(0, yi + 0.22, title, fontsize=fs, va="bottom", ha="left")
    ax.set_yticks([])
    ax.set_ylim(-0.5, n - 0.5 + 0.45)
    ax.set_xlim(0, 100)
    ax.tick_params(axis="x", labelsize=fs)
    ax.set_xlabel(ui["app.live.axis"], fontsize=fs)
    ax.legend(fontsize=fs, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False,
              handletextpad=0.3, columnspacing=1.0, borderaxespad=0.1)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(left=0.03, right=0.93, top=1 - 0.42 / fig.get_figheight(),
                        bottom=0.55 / fig.get_figheight())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def live_summary(ctx, spec, *, chart: bool = True):
    """A function for the form's ``live=``: the :class:`LiveSummary` recomputed from the answers files.

    Every respondent's answers file of the stage is read (so the team score includes colleagues),
    scored with :func:`sedamkit.methods.scoring.readiness`, and shown with this respondent's own score, in
    the page's language. The result is cached on the answers themselves: typing a comment does not
    redraw the chart.
    """
    cache = {}

    def live():
        from ..core.answers import responses_frame
        from ..methods.scoring import readiness, respondent_scores

        docs = ctx.answers(spec)
        key = json.dumps([ctx.respondent, [[d.get("respondent"), d.get("answers")] for d in docs]],
                         sort_keys=True, default=str)
        if key in cache:
            return cache[key]
        responses = responses_frame(docs, spec)
        ready = readiness(responses, spec)
        own = next((d for d in docs if d.get("respondent") == ctx.respondent), {"answers": {}})
        shown = [i for i in spec.items if spec.visible(i, own.get("answers", {}))]
        answered = sum(1 for i in shown if i.id in own.get("answers", {}))
        png = None
        if chart:
            per = respondent_scores(responses, spec, "area") if len(responses) else None
            mine = None
            if per is not None and len(per):
                mine = dict(per.loc[per["respondent"] == ctx.respondent, ["area", "score"]].itertuples(index=False))
            png = area_chart_png(ready.areas, mine, ctx.language)
        cache.clear()
        cache[key] = LiveSummary(summary_html(ready, ctx.respondent, answered, len(shown), png, ctx.language))
        return cache[key]

    return live


from ..core.text import french_spaces  # noqa: E402 - kept beside its users


def _offers_dont_know(spec) -> bool:
    """Whether a questionnaire has a "Don't know" answer (a scale that allows it)."""
    return spec is None or any(getattr(sc, "allow_na", False) for sc in (getattr(spec, "scales", None) or {}).values())


def _header_html(ctx, app: AppStage, spec=None) -> str:
    from ..core.i18n import catalogue, ui_strings

    lang = ctx.language
    ui = ui_strings(lang, "app.header.")
    client = ctx.client
    who = getattr(ctx, "respondent_name", "") or ctx.respondent
    page_key, summary_key = f"app.page_summary.{app.questionnaire}", f"app.stage_summary.{ctx.stage.id}"
    summary = (_t(page_key, lang) if page_key in catalogue() else
               _t(summary_key, lang) if summary_key in catalogue() else ctx.stage.summary)
    return (
        f'<header class="sedam-header" lang="{_esc(lang)}" data-sedam-title="{_esc(app.title_in(lang))}" '
        # the words of the live panel's open/close button on narrow screens (the page template adds it)
        f'data-sedam-live-show="{_esc(_t("app.live.show", lang))}" data-sedam-live-hide="{_esc(_t("app.live.hide", lang))}">'
        f'<nav><a class="sedam-home sedam-nav" href="index.ipynb{_query_suffix(ctx)}">{_esc(ui["app.header.home"])}</a></nav>'
        f'<p class="sedam-client">{_esc(client.get("name") or ctx.client_id)}'
        + (f' <small>· {_esc(client["sector"])}</small>' if client.get("sector") else "")
        + "</p>"
        f'<h1 class="sedam-stage">{_esc(ui["app.header.stage"].format(n=f"{ctx.stage.number:02d}"))} · '
        f'{_esc(french_spaces(app.title_in(lang), lang))}</h1>'
        f'<p class="sedam-clause">{_esc(ui["app.header.clause"].format(clause=ctx.stage.clause))} — {_esc(summary)}</p>'
        + (f'<p class="sedam-respondent">{_esc(ui["app.header.answering_as"])} <b class="sedam-who">{_esc(who)}</b>. '
           if who else '<p class="sedam-respondent">')
        # "Don't know is better than a guess" only where the questionnaire has that answer
        + f'{_esc(ui["app.header.saved_note" if _offers_dont_know(spec) else "app.header.saved_note_no_na"])}</p>'
        "</header>"
    )


def page_header(ctx, app: AppStage) -> str:
    """The header of a page (client, stage, clause, who answers) as HTML, for pages built elsewhere
    (:mod:`sedamkit.ui.app_pages`)."""
    return _header_html(ctx, app)


class StagePage:
    """A stage page: the header, then the form (with the live summary under or beside it).

    Without a respondent (no ``?respondent=`` in the address and ``respondent=""``), the page first asks
    for a name (:attr:`name_box`, :attr:`name_button`) and saves nothing until one is given. A problem
    (a corrupt answers file, a blank name) is shown in plain words (:func:`problem_html`).

    Attributes
    ----------
    ctx : sedamkit.ui.context.StageContext
    spec : sedamkit.core.spec.Spec
    form : sedamkit.ui.forms.QuestionnaireForm or None (batch mode, or no name yet)
    live : the callable given to the form (see :func:`live_summary`)
    header : str — the header's HTML
    widget : ipywidgets.VBox — what the page shows (interactive mode)
    """

    def __init__(self, ctx, app: AppStage, chart: bool = True, *, spec=None, live=None, lead: str = ""):
        self.ctx, self.app, self.chart, self.lead = ctx, app, chart, lead
        # a page may bring its own questionnaire, live panel and lead text (sedamkit.ui.app_pages)
        self.spec = ctx.spec(app.questionnaire) if spec is None else spec
        self.live = live_summary(ctx, self.spec, chart=chart) if live is None else live
        self.form, self.widget, self.name_box, self.name_button, self.message = None, None, None, None, None
        self.same_button = self.other_button = self._asking = None
        self.header = _header_html(ctx, app, self.spec) + lead
        if not ctx.interactive:
            return
        import ipywidgets as w
        from ..core.i18n import ui_strings

        ui = ui_strings(ctx.language, "form.")
        self._header = w.HTML(self.header)
        self.message = w.HTML()
        self.message.add_class("sedam-page-message")
        self.widget = w.VBox([self._header, self.message])
        if ctx.respondent:
            self._open_form()
            return
        self.name_box = w.Text(description=ui["form.name_label"], placeholder=ui["form.name_placeholder"],
                               tooltip=ui["form.name_help"], style={"description_width": "110px"},
                               continuous_update=False, layout=w.Layout(width="360px"))
        self.name_box.add_class("sedam-name")
        self.name_box.observe(lambda ch: self.set_name(ch["new"]) if ch["new"].strip() else None, "value")  # Enter
        self.name_button = w.Button(description=ui["form.name_button"], button_style="primary",
                                    tooltip=ui["form.name_help"])
        self.name_button.add_class("sedam-name-button")
        self.name_button.on_click(lambda _b: self.set_name(self.name_box.value))
        self._prompt = w.VBox([w.HTML(f"<p>{_esc(ui['form.name_help'])}</p>"),
                               w.HBox([self.name_box, self.name_button])])
        self._prompt.add_class("sedam-name-prompt")
        self.widget.children = [self._header, self._prompt, self.message]

    def set_name(self, name, confirmed: bool = False) -> bool:
        """Answer as ``name`` on this page and show the form; a problem is shown, never raised.

        A typed name that already has answers on this page may be someone else's (two "Marie" in one
        room): unless ``confirmed``, the page first asks whether it is the same person
        (:attr:`same_button` continues, :attr:`other_button` goes back to the name box) and returns False."""
        if self.form is not None and str(name).strip() == self.ctx.respondent_name:
            return True  # Enter, then the button: one form
        if self._asking is not None and not confirmed and str(name).strip() == self._asking:
            return False  # Enter, then the button: one question
        try:
            previous = (self.ctx.respondent, self.ctx.respondent_name)
            self.ctx.set_respondent(name)
            if not confirmed and self.ctx.answers_file(self.spec).exists():
                self.ctx.respondent, self.ctx.respondent_name = previous
                self._ask_same_person(str(name).strip())
                return False
            self.header = _header_html(self.ctx, self.app, self.spec) + self.lead
            self._header.value = self.header
        except SedamError as e:
            self.message.value = problem_html(e, self.ctx.language, title=_t("app.name_problem", self.ctx.language))
            return False
        self._asking = None
        return self._open_form()

    def _ask_same_person(self, name: str) -> None:
        """"This name already has answers: is it you?" with a button for each answer."""
        import ipywidgets as w

        lang = self.ctx.language
        self._asking = name
        self.same_button = w.Button(description=_t("app.name_taken.same", lang, name=name), button_style="primary",
                                     layout=w.Layout(width="auto", max_width="100%"))
        self.same_button.add_class("sedam-name-same")
        self.same_button.on_click(lambda _b: self.set_name(name, confirmed=True))
        self.other_button = w.Button(description=_t("app.name_taken.other", lang), layout=w.Layout(width="auto"))
        self.other_button.add_class("sedam-name-other")
        self.other_button.on_click(lambda _b: self._change_name())
        self.message.value = (f'<p class="sedam-name-taken" role="alert"><b>{_esc(_t("app.name_taken.question", lang))}</b>'
                              f' {_esc(_t("app.name_taken.help", lang, name=name))}</p>')
        self._choice = w.HBox([self.same_button, self.other_button], layout=w.Layout(flex_flow="row wrap"))
        self._choice.add_class("sedam-name-choice")
        self.widget.children = [self._header, self._prompt, self.message, self._choice]

    def _change_name(self) -> None:
        self._asking = None
        self.message.value = ""
        self.widget.children = [self._header, self._prompt, self.message]
        if self.name_box is not None:
            self.name_box.value = ""

    def _open_form(self) -> bool:
        try:
            self.form = self.ctx.form(self.spec, live=self.live)
        except Exception as e:  # a corrupt answers file: say so, in plain words
            self.message.value = problem_html(e, self.ctx.language)
            return False
        self.message.value = ""
        self.widget.children = [self._header, self.message, self.form.widget]
        return True

    def _ipython_display_(self):
        from IPython.display import HTML, Markdown, display

        if self.widget is not None:
            display(self.widget)
        else:  # batch mode: no form, the summary of the answers files
            display(HTML(self.header))
            display(Markdown(f"Batch mode: answers are read from `{self.ctx.answers_dir / self.ctx.stage.id}`."))
            display(self.live())


def stage_page(ctx, questionnaire: str | None = None, *, chart: bool = True) -> StagePage:
    """The page for ``ctx``'s stage (see :class:`StagePage`); display it as the notebook's last cell."""
    from . import app_pages

    if questionnaire in app_pages.PAGES:  # stage 05 and 06 pages: questionnaires built from the client's plan
        return app_pages.questionnaire_page(ctx, questionnaire, chart=chart)
    app = app_stage(ctx.stage.id)
    if questionnaire is not None and questionnaire != app.questionnaire:
        app = AppStage(app.notebook, app.stage, questionnaire, app.title)
    return StagePage(ctx, app, chart=chart)


class Landing:
    """The landing page: the client, and each app stage with a link and this respondent's progress.

    Attributes
    ----------
    client : dict — the client config
    rows : list of dict — ``notebook``, ``title``, ``stage``, ``clause``, ``answered``, ``total``, ``respondents``
    respondent : str
    html : str
    """

    def __init__(self, client, rows, respondent, query="", language="en", ask: str | None = None):
        self.client, self.rows, self.respondent, self.query = client, rows, respondent, query
        self.language, self.ask = language, ask

    @property
    def _ui(self) -> dict:
        from ..core.i18n import ui_strings

        return ui_strings(self.language, "form.")

    def _name_form(self, prompt: str) -> str:
        ui = self._ui
        # typed=1: the name was typed here (a link or a reload does not carry it), see landing()
        return ('<form class="sedam-name-prompt" method="get" action="index.ipynb">'
                f'<label>{_esc(prompt)} <input name="respondent" required '
                f'placeholder="{_esc(ui["form.name_placeholder"])}"></label> '
                f'<input type="hidden" name="{TYPED_PARAM}" value="1">'
                f'<button type="submit">{_esc(ui["form.name_button"])}</button></form>')

    def _who(self, ui) -> str:
        """Who answers, or the name prompt; first the question when the typed name already has answers."""
        if self.ask == "blank":
            return (f'<p class="sedam-name-blank" role="alert">{_esc(_t("app.name_blank", self.language))}</p>'
                    + self._name_form(self._ui["form.name_label"]))
        if self.ask == "taken":
            from urllib.parse import urlencode

            same = "index.ipynb?" + urlencode({"respondent": self.respondent})
            return (f'<div class="sedam-name-taken" role="alert"><p><b>{_esc(_t("app.name_taken.question", self.language))}</b> '
                    f'{_esc(_t("app.name_taken.help", self.language, name=self.respondent))}</p>'
                    f'<p><a class="sedam-name-same sedam-nav" href="{_esc(same)}">'
                    f'{_esc(_t("app.name_taken.same", self.language, name=self.respondent))}</a></p>'
                    + self._name_form(_t("app.name_taken.other_label", self.language))
                    + "</div>")
        if self.respondent:
            return (f'<p>{_esc(ui["app.landing.answering_as"])} <b class="sedam-respondent">{_esc(self.respondent)}</b>.</p>'
                    + self._name_form(ui["app.landing.other_name"]))
        return self._name_form(self._ui["form.name_label"]) + f'<p>{_esc(self._ui["form.name_help"])}</p>'

    @property
    def html(self) -> str:
        from ..core.i18n import ui_strings
        from ..core.numfmt import number

        ui = ui_strings(self.language, "app.landing.")
        lang = self.language
        c = self.client
        out = [f'<div class="sedam-landing" lang="{_esc(lang)}" data-sedam-title="{_esc(ui["app.landing.title"])}">',
               f'<p class="sedam-client">{_esc(c.get("name") or c.get("id"))}'
               + (f' <small>· {_esc(c["sector"])}</small>' if c.get("sector") else "") + "</p>",
               f"<h1>{_esc(ui['app.landing.title'])}</h1>",
               f"<p>{_esc(ui['app.landing.intro'])}</p>",
               self._who(ui),
               f'<div class="sedam-stages-wrap"><table class="sedam-stages"><thead><tr><th scope="col">{_esc(ui["app.landing.stage"])}</th>'
               f'<th scope="col">{_esc(ui["app.landing.clause"])}</th>'
               f'<th scope="col">{_esc(ui["app.landing.progress"])}</th>'
               f'<th scope="col">{_esc(ui["app.landing.respondents"])}</th></tr></thead><tbody>']
        for r in self.rows:
            out.append(f'<tr><td><a class="sedam-stage-link sedam-nav" href="{_esc(r["notebook"])}.ipynb{_esc(self.query)}">'
                       f'{r["number"]:02d} · {_esc(french_spaces(r["title"], self.language))}</a></td><td>{_esc(r["clause"])}</td>'
                       f'<td><progress max="{r["total"]}" value="{r["answered"]}" aria-label="{_esc(ui["app.landing.progress"])}"></progress> '
                       f'<span class="sedam-progress">{number(r["answered"], lang)}/{number(r["total"], lang)}</span></td>'
                       f'<td>{number(r["respondents"], lang)}</td></tr>')
        out.append("</tbody></table></div></div>")
        return "".join(out)

    def _repr_html_(self):
        return self.html

    def __repr__(self):
        lines = [f"{self.client.get('name')} — respondent {self.respondent}"]
        lines += [f"{r['notebook']}: {r['answered']}/{r['total']}" for r in self.rows]
        return "\n".join(lines)


def landing(client_dir=None, answers_dir=None, output_dir=None, interactive: bool = True, language=None,
            respondent: str = "") -> Landing:
    """The landing page for the parameters of ``notebooks/app/index.ipynb`` (the stage parameters).

    For each :data:`APP_STAGES` page: the respondent's answered/total items and how many people
    have answered, read from the same answers files the forms save to.
    """
    from ..core.answers import read_answers
    from .app_pages import PAGES, page_spec, page_title
    from .context import open_stage

    rows, ctx, has_answers = [], None, False
    for app in APP_STAGES:
        ctx = open_stage(app.stage, client_dir=client_dir, answers_dir=answers_dir, output_dir=output_dir,
                         interactive=interactive, language=language, respondent=respondent)
        spec = page_spec(ctx, app.questionnaire)
        path = ctx.answers_file(spec) if ctx.respondent else None
        answers = read_answers(path, spec)["answers"] if path is not None and path.exists() else {}
        has_answers = has_answers or bool(path is not None and path.exists())
        shown = [i for i in spec.items if spec.visible(i, answers)]
        folder = ctx.answers_dir / (spec.stage or ctx.stage.id)
        title = page_title(app.questionnaire, ctx.language) if app.questionnaire in PAGES else app.title_in(ctx.language)
        rows.append({"notebook": app.notebook, "title": title, "stage": ctx.stage.id,
                     "number": ctx.stage.number, "clause": ctx.stage.clause,
                     "answered": sum(1 for i in shown if i.id in answers), "total": len(shown),
                     "respondents": len(list(folder.glob("*.json"))) if folder.is_dir() else 0})
    ask, query = None, {}
    if interactive:
        from urllib.parse import parse_qs

        query = parse_qs(os.environ.get("QUERY_STRING", ""), keep_blank_values=True)
    if "respondent" in query and not ctx.respondent:
        ask = "blank"  # "   " typed: say so, rather than the same page again
    elif query.get(TYPED_PARAM) and ctx.respondent and has_answers:
        ask = "taken"  # typed here, and answers under that name exist: maybe someone else's
    suffix = "" if ask else _query_suffix(ctx)  # the stage links name nobody until that is settled
    return Landing(ctx.client, rows, ctx.respondent_name if ctx.respondent else "", suffix, ctx.language, ask=ask)
