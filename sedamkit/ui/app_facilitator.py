"""The facilitator's pages of the app: the live view of the room's answers, and the stage 02 plan and
stage 03 assessment editors.

Facilitator view (``notebooks/app/facilitator.ipynb``, :func:`facilitator_page`)
    How many people have answered each questionnaire (stage 01, the stage 05 mission review and approach
    ratings, the stage 06 scores); per stage 01 area the team's mean, spread (sd) and range and the
    agreement flag of the kit's own consensus rule (:func:`sedamkit.methods.scoring.area_summary`: an
    area's respondents disagree when the sd of their area scores is above the questionnaire's
    ``scoring.consensus_max_sd``); the stage 01 decision as it stands, with its reasons
    (:func:`sedamkit.methods.scoring.readiness`); the mission review's verdict. Numbers are the stage's
    own, from the same answers files: nothing is scored twice.

    The view re-reads the answers folders every :data:`REFRESH_SECONDS` seconds (an asyncio task on the
    kernel's event loop, the loop ipywidgets already runs on; a thread timer when there is no running
    loop) and on its **Refresh now** button; it redraws only when a file changed (names, sizes and
    modification times); the line "Read at 16:26:43" shows every check's time, so a quiet room does not
    look like a frozen view.

    The join link is read from the environment variable ``SEDAM_APP_URL`` (the server sets it to the
    address participants open, workshop code included) and shown as text and as a QR code drawn by
    ``segno`` as inline SVG (nothing fetched). Without the variable the page says there is no link and
    shows no code; a value that is not an ``http(s)://`` address is WEB030.

Editor pages (``02_plan.ipynb``, ``03_assessment.ipynb``: :func:`plan_page`, :func:`assessment_page`)
    The widgets of :mod:`sedamkit.ui.editors` on the workshop's working copies (the files the stage
    notebooks use, :func:`sedamkit.stages.daap.api.resolve_plan_path`,
    :func:`sedamkit.stages.application.api.resolve_assessment_path`), under the app's header.

Facilitator key
    The three pages are the facilitator's: under ``sedam app`` they show their content only when the page's
    query string carries the facilitator key (``?key=KEY``, compared with :func:`hmac.compare_digest` to
    ``SEDAM_APP_FACILITATOR_KEY``, which the server hands its kernels). Without it a page shows one plain,
    translated line saying it is for the facilitator (WEB052) and reads nothing (:func:`facilitator_allowed`,
    :class:`FacilitatorOnly`). Outside the app (JupyterLab, batch runs) the pages are open.

Error codes
-----------
WEB030  ``SEDAM_APP_URL`` is set but is not an ``http://`` or ``https://`` address
WEB052  a facilitator page opened without the facilitator key (shown on the page, never raised)
"""
from __future__ import annotations

import hmac
import json
import os
import time
from pathlib import Path

from ..core.errors import Problem, SedamError
from ..core.i18n import t
from ..core.numfmt import number
from ..core.text import esc

__all__ = ["REFRESH_SECONDS", "REFRESH_FOR", "URL_ENV", "QUESTIONNAIRES", "join_url", "qr_svg", "answer_counts", "folder_state",
           "FacilitatorView", "facilitator_page", "plan_page", "assessment_page", "EditorPage", "page_links",
           "FACILITATOR_PAGES", "facilitator_allowed", "FacilitatorOnly"]

#: Seconds between two automatic re-reads of the answers folders.
REFRESH_SECONDS = 3.0
#: Automatic re-reads stop after this many seconds (a long workshop day); the button still re-reads. A page
#: left open in a forgotten tab so stops reading files and sending updates.
REFRESH_FOR = 10 * 3600.0
#: The environment variable holding the participants' join link (set by the app server).
URL_ENV = "SEDAM_APP_URL"
#: The questionnaires counted on the facilitator view: (answers sub-folder, notebook of its page, title key).
QUESTIONNAIRES = (("01_necessity_feasibility", "01_self_assessment", "pages.self_assessment"),
                  ("05_evaluation/mission", "05_mission_review", "pages.title.mission_review"),
                  ("05_evaluation/approaches", "05_approach_ratings", "pages.title.approach_ratings"),
                  ("06_improvement/scores", "06_scores", "pages.title.improvement_scores"))
#: The facilitator's pages: (notebook, stage id, title key).
FACILITATOR_PAGES = (("facilitator", "01_necessity_feasibility", "pages.title.facilitator"),
                     ("02_plan", "02_daap", "pages.title.plan"),
                     ("03_assessment", "03_application", "pages.title.assessment"))


# -- the join link ---------------------------------------------------------------------------------------

def join_url(environ=None) -> str | None:
    """The participants' link from ``SEDAM_APP_URL`` (None when unset or blank); WEB030 when it is not an
    http(s) address.

    >>> join_url({"SEDAM_APP_URL": "http://10.0.0.5:8866/voila/render/index.ipynb?code=k2"})
    'http://10.0.0.5:8866/voila/render/index.ipynb?code=k2'
    >>> join_url({}) is None
    True
    >>> join_url({"SEDAM_APP_URL": "file:///etc/passwd"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: 1 problem found:
      [WEB030] SEDAM_APP_URL: the join link is not a web address ...
    """
    from urllib.parse import urlparse

    env = os.environ if environ is None else environ
    url = str(env.get(URL_ENV) or "").strip()
    if not url:
        return None
    u = urlparse(url)
    if u.scheme not in ("http", "https") or not u.hostname:
        raise SedamError(Problem("WEB030", None, URL_ENV, f"the join link is not a web address ({u.scheme or 'no'} scheme)",
                                 "start the workshop with 'sedam app', which sets it, or set it to http://HOST:PORT/…"))
    return url


def qr_svg(url: str, title: str = "", scale: int = 5) -> str:
    """The QR code of ``url`` as inline SVG (``segno``, error correction M); ``title`` is its text
    alternative."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=scale, title=title or url, dark="#000", light="#fff")


# -- the facilitator key -----------------------------------------------------------------------------------

def facilitator_allowed(environ=None) -> bool:
    """True when this page may show the facilitator's content: the server vouches for the facilitator's
    cookie (``HTTP_X_SEDAM_FACILITATOR`` holds :func:`sedamkit.ui.app_server.facilitator_proof` of the key),
    or its query string (``QUERY_STRING``) carries the key of ``SEDAM_APP_FACILITATOR_KEY`` as ``key=``; outside the app (no ``SEDAM_APP``, no key) always.
    Under the app without a key set, never (a server that made no key lets no one in).

    >>> facilitator_allowed({"SEDAM_APP": "1", "SEDAM_APP_FACILITATOR_KEY": "s3cret-key", "QUERY_STRING": "token=AB&key=s3cret-key"})
    True
    >>> facilitator_allowed({"SEDAM_APP": "1", "SEDAM_APP_FACILITATOR_KEY": "s3cret-key", "QUERY_STRING": "token=AB"})
    False
    >>> facilitator_allowed({})
    True
    """
    from urllib.parse import parse_qs

    from .app_server import KEY_ENV, KEY_HEADER, KEY_PARAM, facilitator_proof

    env = os.environ if environ is None else environ
    key = str(env.get(KEY_ENV) or "")
    if not key:
        return not env.get("SEDAM_APP")
    proof = str(env.get("HTTP_" + KEY_HEADER.upper().replace("-", "_")) or "")
    if proof and hmac.compare_digest(proof.encode("utf-8"), facilitator_proof(key).encode("utf-8")):
        return True  # the server found the facilitator's cookie (sedamkit.ui.app_voila)
    given = (parse_qs(env.get("QUERY_STRING", "")).get(KEY_PARAM) or [""])[0]
    return hmac.compare_digest(given.strip().encode("utf-8"), key.encode("utf-8"))


class FacilitatorOnly:
    """What a facilitator page shows to anyone without the facilitator key: one plain line in the client's
    language (coded WEB052), nothing read, nothing editable.

    Attributes: ``ctx``, ``problem`` (the :class:`~sedamkit.core.errors.Problem`), ``html``; ``editor``,
    ``widget`` (always None).
    """

    editor = None
    widget = None

    def __init__(self, ctx):
        from .app import problem_html

        lang = ctx.language
        self.ctx = ctx
        self.problem = Problem("WEB052", None, "key", t("editors.facilitator_only", lang),
                               t("editors.facilitator_only_fix", lang))
        self.html = ('<div class="sedam-facilitator-only">'
                     + problem_html(SedamError(self.problem), lang, title=t("editors.facilitator_only_title", lang))
                     + "</div>")

    def _repr_html_(self):
        return self.html

    def __repr__(self):
        return f"[WEB052] {self.problem.message}"


# -- reading the answers folders ---------------------------------------------------------------------------

def folder_state(answers_dir) -> tuple:
    """What changes when any answers file of :data:`QUESTIONNAIRES` changes: (folder, name, size, mtime)."""
    out = []
    for sub, _nb, _key in QUESTIONNAIRES:
        folder = Path(answers_dir) / sub
        for p in sorted(folder.glob("*.json")) if folder.is_dir() else ():
            try:
                st = p.stat()
            except OSError:
                continue
            out.append((sub, p.name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def _has_answers(path: Path) -> bool:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    answers = doc.get("answers") if isinstance(doc, dict) else None
    return isinstance(answers, dict) and any(v is not None for v in answers.values())


def answer_counts(answers_dir) -> list[dict]:
    """Per questionnaire of :data:`QUESTIONNAIRES`: ``folder``, ``notebook``, ``title_key``, ``people``
    (answers files holding at least one answer; "don't know" only does not count)."""
    rows = []
    for sub, nb, key in QUESTIONNAIRES:
        folder = Path(answers_dir) / sub
        n = sum(1 for p in folder.glob("*.json") if _has_answers(p)) if folder.is_dir() else 0
        rows.append({"folder": sub, "notebook": nb, "title_key": key, "people": n})
    return rows


def _query(key: bool = True) -> str:
    """The page's query string (the workshop code travels in it), minus the respondent, for links; minus
    the facilitator key too unless ``key`` (links to the participants' pages do not carry it)."""
    from urllib.parse import parse_qsl, urlencode

    from .app_server import KEY_PARAM

    drop = {"respondent"} if key else {"respondent", KEY_PARAM}
    pairs = [(k, v) for k, v in parse_qsl(os.environ.get("QUERY_STRING", "")) if k not in drop]
    return "?" + urlencode(pairs) if pairs else ""


def page_links(language) -> str:
    """Links to the participants' pages and the facilitator pages (keeping the workshop code)."""
    q, q_public = esc(_query()), esc(_query(key=False))
    parts = [f'<a class="sedam-nav" href="{nb}.ipynb{q_public}">{esc(t(key, language))}</a>' for _s, nb, key in QUESTIONNAIRES]
    fac = [f'<a class="sedam-nav" href="{nb}.ipynb{q}">{esc(t(key, language))}</a>' for nb, _s, key in FACILITATOR_PAGES]
    return (f'<p class="sedam-page-links"><b>{esc(t("pages.fac_pages", language) + t("pages.colon", language))}</b> ' + " · ".join(parts)
            + f'<br><b>{esc(t("pages.fac_editors", language) + t("pages.colon", language))}</b> ' + " · ".join(fac) + "</p>")


def _header(ctx, title_key: str) -> str:
    lang = ctx.language
    c = ctx.client
    return ('<header class="sedam-header">'
            f'<nav><a class="sedam-home sedam-nav" href="index.ipynb{esc(_query(key=False))}">{esc(t("pages.back", lang))}</a>'
            f' · <a class="sedam-nav" href="facilitator.ipynb{esc(_query())}">{esc(t("pages.to_facilitator", lang))}</a></nav>'
            f'<p class="sedam-client">{esc(c.get("name") or ctx.client_id)}'
            + (f' <small>· {esc(c["sector"])}</small>' if c.get("sector") else "") + "</p>"
            f'<h1 class="sedam-stage">{esc(t(title_key, lang))}</h1></header>')


# -- the facilitator view -------------------------------------------------------------------------------------

class FacilitatorView:
    """The live view of the room (see the module docstring). Build it with :func:`facilitator_page`.

    Attributes
    ----------
    ctx : the stage 01 context (its answers folder is the workshop's)
    spec : the stage 01 questionnaire
    readiness : sedamkit.methods.scoring.Readiness — of the answers as last read
    counts : list of dict — :func:`answer_counts` as last read
    mission : sedamkit.stages.evaluation.api.MissionReview or None
    url : str or None — the join link
    html : str — the view's body as last drawn
    reads : int — how many times the answers were read (a refresh with no change does not re-read)
    widget : ipywidgets.VBox or None (batch mode)
    """

    def __init__(self, ctx, interval: float = REFRESH_SECONDS, environ=None, refresh_for: float = REFRESH_FOR):
        self.ctx, self.interval, self.refresh_for = ctx, float(interval), float(refresh_for)
        self.spec = ctx.spec("necessity_feasibility")
        self.url = join_url(environ)
        self.reads, self._state, self._task, self._timer = 0, None, None, None
        self.readiness = self.counts = self.mission = None
        self.html, self.read_at = "", None
        self.widget = self._body = self.button = self._stamp = None
        self.refresh()
        if ctx.interactive:
            self._build_widget()

    # -- numbers ------------------------------------------------------------------------
    def _read(self):
        from ..core.answers import load_all, responses_frame
        from ..methods.scoring import readiness

        docs = load_all(self.ctx.answers_dir, self.spec, self.ctx.stage.id, strict=False)
        self.readiness = readiness(responses_frame(docs, self.spec), self.spec)
        self.counts = answer_counts(self.ctx.answers_dir)
        self.mission = self._mission()
        self.reads += 1

    def _mission(self):
        from ..stages.evaluation.api import load_answers, mission_review

        mspec = self.ctx.spec("mission_review")
        try:
            docs = load_answers(self.ctx.answers_dir, mspec, "mission")
        except SedamError:
            return None
        return mission_review(docs, mspec) if docs else None

    def refresh(self) -> bool:
        """Re-read the answers when a file changed and redraw; True when something changed.

        The time shown ("Read at 16:26:43") is the last check's, changed or not: a quiet room does not
        look like a frozen view."""
        state = folder_state(self.ctx.answers_dir)
        self.read_at = time.strftime("%H:%M:%S")
        if self._stamp is not None:
            self._stamp.value = self._stamp_html()
        if state == self._state and self.readiness is not None:
            return False
        self._state = state
        self._read()
        self.html = self._html()
        if self._body is not None:
            self._body.value = self.html
        return True

    # -- drawing ------------------------------------------------------------------------
    def _html(self) -> str:
        from .app_pages import LEFT, TABLE_CSS, area_table

        lang = self.ctx.language
        r = self.readiness
        out = [TABLE_CSS + '<div class="sedam-facilitator">',
               f'<p>{esc(t("pages.fac_intro", lang, seconds=number(self.interval, lang)))}</p>',
               f'<h2>{esc(t("pages.fac_answered", lang))}</h2><table class="sedam-tbl sedam-counts"><thead><tr>'
               f'<th scope="col" {LEFT}>{esc(t("pages.fac_questionnaire", lang))}</th>'
               f'<th scope="col">{esc(t("pages.fac_people", lang))}</th></tr></thead><tbody>']
        for c in self.counts:
            out.append(f'<tr class="sedam-count-{esc(c["notebook"])}"><td {LEFT}>{esc(t(c["title_key"], lang))}</td>'
                       f'<td class="sedam-count">{c["people"]}</td></tr>')
        out.append("</tbody></table>")
        d = r.decision
        label = t(f"report.decision_{d['decision']}", lang)
        roles = r.roles
        out.append(f'<h2>{esc(t("pages.fac_decision", lang) + t("pages.colon", lang))} <b class="sedam-decision">{esc(label)}</b></h2>'
                   f'<p>{esc(t("pages.fac_need", lang) + t("pages.colon", lang))} <b class="sedam-need">{number(roles["need"]["mean"], lang)}</b>'
                   f' / 100 · {esc(t("pages.fac_feasibility", lang) + t("pages.colon", lang))} '
                   f'<b class="sedam-feasibility">{number(roles["feasibility"]["mean"], lang)}</b> / 100</p>'
                   '<ul class="sedam-reasons">' + "".join(f"<li>{esc(x)}</li>" for x in d["reasons"]) + "</ul>")
        n_dis = int((~r.areas["consensus"]).sum())
        out.append(f'<h2>{esc(t("pages.fac_readiness", lang))}</h2>'
                   f'<p><b class="sedam-disagreements">{esc(t("pages.fac_disagreements", lang, n=n_dis))}</b> · '
                   f'<small>{esc(t("pages.fac_consensus_rule", lang, sd=number(self.spec.scoring.get("consensus_max_sd", 20), lang)))}'
                   "</small></p>" + area_table(r.areas, lang, "sedam-area-table sedam-readiness-table"))
        if self.mission is not None:
            m = self.mission
            out.append(f'<h2>{esc(t("pages.fac_mission", lang))}</h2><p>{esc(t("pages.team_score", lang) + t("pages.colon", lang))} '
                       f'<b class="sedam-mission-score">{number(m.overall, lang)}</b> / 100 · {esc(t("pages.verdict", lang) + t("pages.colon", lang))} '
                       f'<b class="sedam-mission-verdict">{esc(t("pages.verdict." + m.verdict, lang))}</b></p>'
                       + area_table(m.areas, lang, "sedam-area-table sedam-mission-table"))
        out.append("</div>")
        return "".join(out)

    def _stamp_html(self) -> str:
        """When the answers were last checked (every refresh, not only those that found a change)."""
        return (f'<p class="sedam-read-at-line"><small class="sedam-read-at">'
                f'{esc(t("pages.fac_updated", self.ctx.language, time=self.read_at))}</small></p>')

    def join_html(self) -> str:
        """The join link and its QR code (or one line saying there is none)."""
        lang = self.ctx.language
        if not self.url:
            return f'<aside class="sedam-join"><p class="sedam-no-link">{esc(t("pages.fac_no_link", lang))}</p></aside>'
        svg = qr_svg(self.url, t("pages.fac_qr_alt", lang, url=self.url))
        return (f'<aside class="sedam-join"><h2>{esc(t("pages.fac_join", lang))}</h2>'
                f'<div class="sedam-qr" role="img" aria-label="{esc(t("pages.fac_qr_alt", lang, url=self.url))}">{svg}</div>'
                f'<p><a class="sedam-join-link" href="{esc(self.url)}">{esc(self.url)}</a></p>'
                f'<p><small>{esc(t("pages.fac_join_help", lang))}</small></p></aside>')

    def _build_widget(self):
        import ipywidgets as w

        lang = self.ctx.language
        self._body = w.HTML(self.html)
        self._body.add_class("sedam-facilitator-body")
        self._stamp = w.HTML(self._stamp_html())
        self._stamp.add_class("sedam-facilitator-stamp")
        self.button = w.Button(description=t("pages.fac_refresh", lang), tooltip=t("pages.fac_refresh_help", lang),
                               icon="refresh")
        self.button.add_class("sedam-refresh")
        self.button.on_click(lambda _b: self.refresh())
        head = w.HTML(_header(self.ctx, "pages.title.facilitator") + page_links(lang))
        join = w.HTML(self.join_html(), layout=w.Layout(flex="0 0 300px"))
        self.widget = w.HBox([w.VBox([head, self.button, self._stamp, self._body], layout=w.Layout(flex="1 1 auto")), join])
        self.widget.add_class("sedam-facilitator-page")

    # -- automatic refresh ------------------------------------------------------------------
    def start(self):
        """Re-read every :attr:`interval` seconds from now on (on the kernel's event loop)."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:
            self._task = loop.create_task(self._tick())
        else:  # no running loop (a plain Python process): a daemon thread timer
            import threading

            until = time.monotonic() + self.refresh_for

            def again():
                self._safe_refresh()
                if self._timer is not None and time.monotonic() < until:
                    self._timer = threading.Timer(self.interval, again)
                    self._timer.daemon = True
                    self._timer.start()

            self._timer = threading.Timer(self.interval, again)
            self._timer.daemon = True
            self._timer.start()
        return self

    def stop(self):
        """Stop the automatic re-reads."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self._timer is not None:
            timer, self._timer = self._timer, None
            timer.cancel()

    def _safe_refresh(self):
        try:
            self.refresh()
        except Exception as e:  # a half-written file or a broken one: say so, keep refreshing
            from .app import problem_html

            if self._body is not None:
                self._body.value = problem_html(e, self.ctx.language) + self.html

    async def _tick(self):
        import asyncio

        until = time.monotonic() + self.refresh_for
        while time.monotonic() < until:
            await asyncio.sleep(self.interval)
            self._safe_refresh()

    def _ipython_display_(self):
        from IPython.display import HTML, display

        if self.widget is not None:
            display(self.widget)
        else:
            display(HTML(_header(self.ctx, "pages.title.facilitator") + self.join_html() + self._stamp_html() + self.html))


def facilitator_page(ctx, interval: float = REFRESH_SECONDS, environ=None,
                     refresh_for: float = REFRESH_FOR) -> FacilitatorView:
    """The facilitator view for the stage 01 context ``ctx``; refreshing on its own in interactive mode
    (every ``interval`` seconds, for ``refresh_for`` seconds). Without the facilitator key under the app, a
    :class:`FacilitatorOnly` page."""
    if not facilitator_allowed():
        return FacilitatorOnly(ctx)
    view = FacilitatorView(ctx, interval=interval, environ=environ, refresh_for=refresh_for)
    if ctx.interactive:
        view.start()
    return view


# -- the editor pages ------------------------------------------------------------------------------------------

class EditorPage:
    """A facilitator page holding one editor of :mod:`sedamkit.ui.editors` under the app's header.

    Attributes: ``ctx``, ``path`` (the working copy edited), ``editor`` (None in batch mode), ``header``,
    ``widget``.
    """

    def __init__(self, ctx, title_key: str, path: Path, make_editor):
        self.ctx, self.path = ctx, Path(path)
        lang = ctx.language
        try:
            shown = self.path.relative_to(ctx.answers_dir)  # never a server path on a page
        except ValueError:
            shown = Path(self.path.name)
        self.header = (_header(ctx, title_key)
                       + f'<p class="sedam-editor-intro">{esc(t("pages.editor_intro", lang, file=shown.as_posix()))}</p>')
        self.editor = make_editor(self.path) if ctx.interactive else None
        self.widget = None
        if self.editor is not None:
            import ipywidgets as w

            self.widget = w.VBox([w.HTML(self.header), self.editor.widget])
            self.widget.add_class("sedam-editor-page")

    def _ipython_display_(self):
        from IPython.display import HTML, display

        if self.widget is not None:
            display(self.widget)
        else:
            display(HTML(self.header + f"<p>{esc(t('pages.batch', self.ctx.language))}</p>"))


def plan_page(ctx) -> EditorPage:
    """The stage 02 plan editor (:func:`sedamkit.ui.editors.plan_editor`) on the plan's working copy
    (a :class:`FacilitatorOnly` page without the facilitator key under the app)."""
    if not facilitator_allowed():
        return FacilitatorOnly(ctx)
    from ..stages.daap.api import resolve_plan_path
    from .editors import plan_editor

    path = resolve_plan_path(ctx.client_file("plan", "plan.yaml"), ctx.answers_dir, ctx.interactive)
    return EditorPage(ctx, "pages.title.plan", path, lambda p: plan_editor(p, language=ctx.language))


def assessment_page(ctx) -> EditorPage:
    """The stage 03 assessment editor (:func:`sedamkit.ui.editors.assessment_editor`) on the assessment's
    working copy, with the plan's approaches beside each element (stage 02's result); a
    :class:`FacilitatorOnly` page without the facilitator key under the app."""
    if not facilitator_allowed():
        return FacilitatorOnly(ctx)
    from ..stages.application.api import plan_input, resolve_assessment_path
    from .editors import assessment_editor

    plan_result, _source = plan_input(ctx)
    path = resolve_assessment_path(ctx.client_file("application", "application.yaml"), ctx.answers_dir,
                                   ctx.interactive, client_name=ctx.client.get("name"))
    return EditorPage(ctx, "pages.title.assessment", path,
                      lambda p: assessment_editor(p, plan_result=plan_result, language=ctx.language))
