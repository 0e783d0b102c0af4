"""App mode: the questionnaire stages served as a web app with Voila.

``sedam app [CLIENT] [--port N] [--no-browser]`` (and ``make app``) calls :func:`serve`: it starts
Voila on ``127.0.0.1`` with ``notebooks/app/`` as its root, the client folder passed to the kernels
through the ``SEDAM_CLIENT`` environment variable, and the ``sedam`` template of
``sedamkit/templates/app/`` which

- removes the only external request of Voila 0.5's default ``lab`` template (the Font Awesome
  stylesheets from a CDN; the same icons ship inside Voila's own bundle, served locally),
- turns the folder listing into a redirect to the landing page ``index.ipynb``, and
- lays the page out for people rather than for programmers (no code, the live score beside the form).

No request leaves the machine. Each page is a thin notebook in ``notebooks/app/`` whose logic lives
here: :func:`stage_page` (the header with the client's name and the stage, the autosaving form and a
live score with a small chart) and :func:`landing` (the client's stages with links and progress).
Answers go to the same files as in JupyterLab (see :func:`sedamkit.ui.context.open_stage`); the page's
query string may name the respondent (``?respondent=ceo``).

To add a stage page: add an :class:`AppStage` to :data:`APP_STAGES` and a notebook
``notebooks/app/<notebook>.ipynb`` modelled on ``01_self_assessment.ipynb`` (``tests/test_app.py``
checks that the two agree).

Error codes
-----------
WEB001  the client folder does not exist
WEB002  the client folder holds no ``client.yaml``
WEB003  Voila is not installed
WEB004  the port is not usable (out of range, or taken by another program)
WEB005  the app notebooks are missing (``notebooks/app/``)
WEB006  the Voila server stopped before it listened on its port, or never listened
WEB007  an unknown app page
"""
from __future__ import annotations

from ..core import paths as _paths

import html
import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Problem, SedamError

__all__ = ["AppStage", "APP_STAGES", "TEMPLATE", "app_stage", "app_dir", "template_root", "resolve_client",
           "voila_command", "app_environment", "free_port", "port_is_free", "wait_for_port", "AppServer",
           "start", "serve", "stage_page", "StagePage", "live_summary", "LiveSummary", "summary_html",
           "landing", "Landing", "HOST", "page_header", "problem_html", "shown_as_problem"]

HOST = "127.0.0.1"
#: The Voila template shipped in ``sedamkit/templates/app/voila/templates/``.
TEMPLATE = "sedam"


@dataclass(frozen=True)
class AppStage:
    """One page of the app: a questionnaire stage.

    Attributes
    ----------
    notebook : str — the page's notebook stem in ``notebooks/app/``
    stage : str — the SEDAM stage id (:data:`sedamkit.stages.STAGES`), which names the answers folder
    questionnaire : str — the questionnaire id (``sedamkit/data/questionnaires/<id>.yaml``)
    title : str — the page's title in the header and on the landing page
    """

    notebook: str
    stage: str
    questionnaire: str
    title: str


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


# -- the server -----------------------------------------------------------------------------------

def app_dir() -> Path:
    """The folder Voila serves: ``notebooks/app/`` in the workspace."""
    from ..core.paths import notebooks_dir

    return notebooks_dir() / "app"


def template_root() -> Path:
    """The Jupyter data folder holding the ``sedam`` Voila template (put first on ``JUPYTER_PATH``)."""
    return _paths.templates_dir() / "app"


def resolve_client(client=None) -> Path:
    """The absolute client folder for ``client`` (None: the demo client); WEB001/WEB002 when unusable.

    >>> resolve_client(None).name
    'demo'
    >>> resolve_client("no/such/folder")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: 1 problem found:
      [WEB001] .../no/such/folder: client_dir: the client folder does not exist. Fix: ...
    """
    from ..core import paths

    cdir = paths.demo_dir() if client is None else paths.resolve(client)
    if not cdir.is_dir():
        raise SedamError(Problem("WEB001", str(cdir), "client_dir", "the client folder does not exist",
                                 "give the folder that holds client.yaml (e.g. clients/acme-care), "
                                 "or create one with 'sedam new-client NAME'"))
    if not (cdir / "client.yaml").is_file():
        raise SedamError(Problem("WEB002", str(cdir / "client.yaml"), "client_dir",
                                 "the folder holds no client.yaml",
                                 "give the folder that holds client.yaml, or run 'sedam new-client NAME'"))
    return cdir


def voila_command(root, port: int, *, python: str | None = None, template: str = TEMPLATE) -> list[str]:
    """The command line that serves the app folder ``root`` on ``127.0.0.1:port``.

    No browser (:func:`serve` opens one once the port listens), the ``sedam`` template and light
    theme (no override from the URL), sources stripped, and no tracebacks on the page (the pages show
    coded problems in plain words themselves, see :func:`problem_html`).

    >>> cmd = voila_command("/x/notebooks/app", 8866, python="python")
    >>> cmd[:4]
    ['python', '-m', 'voila', '/x/notebooks/app']
    >>> "--port=8866" in cmd and "--Voila.ip=127.0.0.1" in cmd and "--template=sedam" in cmd
    True
    """
    return [python or sys.executable, "-m", "voila", str(root), "--no-browser", f"--port={int(port)}",
            f"--Voila.ip={HOST}", f"--template={template}", "--theme=light",
            "--VoilaConfiguration.allow_template_override=NO", "--VoilaConfiguration.allow_theme_override=NO",
            "--VoilaConfiguration.strip_sources=True", "--VoilaConfiguration.show_tracebacks=False"]


def app_environment(client_dir, base=None) -> dict:
    """The server's environment: ``base`` (default ``os.environ``) plus ``SEDAM_CLIENT`` and the
    template folder first on ``JUPYTER_PATH``. Kernels inherit it.

    >>> env = app_environment("/clients/acme", base={"JUPYTER_PATH": "/elsewhere"})
    >>> env["SEDAM_CLIENT"]
    '/clients/acme'
    >>> env["JUPYTER_PATH"].split(os.pathsep)[1]
    '/elsewhere'
    """
    env = dict(os.environ if base is None else base)
    env["SEDAM_CLIENT"] = str(client_dir)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(template_root()), env.get("JUPYTER_PATH")) if p)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def free_port(host: str = HOST) -> int:
    """A TCP port on ``host`` that nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_is_free(port: int, host: str = HOST) -> bool:
    """True when a server could listen on ``host:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, int(port)))
        except OSError:
            return False
    return True


def wait_for_port(port: int, host: str = HOST, timeout: float = 60.0, process=None) -> float:
    """Wait until ``host:port`` accepts connections; return the seconds waited.

    A TCP connect, not an HTTP request (with Voila, every GET of a page starts a kernel). Raises
    WEB006 when ``process`` (a :class:`subprocess.Popen`) ends first or ``timeout`` passes.
    """
    t0 = time.monotonic()
    while True:
        try:
            with socket.create_connection((host, int(port)), timeout=1):
                return time.monotonic() - t0
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            raise SedamError(Problem("WEB006", None, f"{host}:{port}",
                                     f"the server stopped (exit code {process.returncode}) before it listened",
                                     "read the server's messages above (for the app: is Voila installed? 'pip install -e .[app]')"))
        if time.monotonic() - t0 > timeout:
            raise SedamError(Problem("WEB006", None, f"{host}:{port}",
                                     f"nothing listened on the port within {timeout:.0f} s",
                                     "read the server's messages; try another --port"))
        time.sleep(0.05)  # polling interval of the connect loop


class AppServer:
    """A running app server (see :func:`start`); stop it with :meth:`stop` or use it as a context manager.

    Attributes
    ----------
    process : subprocess.Popen — the Voila process (leader of its own process group)
    port : int
    client_dir : pathlib.Path
    url : str — the landing page, e.g. ``http://127.0.0.1:8866/voila/render/index.ipynb``
    base_url : str — ``http://127.0.0.1:<port>/``
    """

    def __init__(self, process, port, client_dir):
        self.process, self.port, self.client_dir = process, int(port), Path(client_dir)
        self.base_url = f"http://{HOST}:{self.port}/"

    @property
    def url(self) -> str:
        return self.page_url("index")

    def page_url(self, notebook: str, **query) -> str:
        """The URL of an app page (``index`` or a notebook stem), with an optional query string."""
        from urllib.parse import urlencode

        q = f"?{urlencode(query)}" if query else ""
        return f"{self.base_url}voila/render/{notebook}.ipynb{q}"

    def stop(self, timeout: float = 15.0) -> int:
        """Terminate the server and its kernels (the whole process group); return the exit code."""
        p = self.process
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        try:  # kernels left behind in the group
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        return p.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start(client=None, port: int | None = None, *, env: dict | None = None, stdout=None, stderr=None,
          timeout: float = 60.0) -> AppServer:
    """Start the app server for ``client`` and wait until it listens; return an :class:`AppServer`.

    Parameters
    ----------
    client : client folder (None: the demo client)
    port : TCP port on 127.0.0.1 (None: a free one)
    env : base environment for the server and its kernels (default ``os.environ``)
    stdout, stderr : where the server's output goes (default: inherited)
    timeout : seconds to wait for the port
    """
    try:
        import voila  # noqa: F401  (only to report a missing install clearly)
    except ImportError:
        raise SedamError(Problem("WEB003", None, "voila", "Voila is not installed",
                                 "run 'make app', or: .venv/bin/pip install -e '.[app]'")) from None
    cdir = resolve_client(client)
    from ..core.config import load_client
    from ..stages import REGISTRY

    load_client(cdir, stage_ids=REGISTRY)  # a broken client.yaml is reported here, with every problem, not in each page
    root = app_dir()
    if not (root / "index.ipynb").is_file():
        raise SedamError(Problem("WEB005", str(root), None, "the app notebooks are missing",
                                 "run the app from a checkout of the workbook, or set SEDAM_HOME to one"))
    port = free_port() if port is None else int(port)
    if not 0 < port < 65536:
        raise SedamError(Problem("WEB004", None, "port", f"port {port} is out of range", "use 1024-65535"))
    if not port_is_free(port):
        raise SedamError(Problem("WEB004", None, "port", f"port {port} on {HOST} is taken by another program",
                                 f"stop that program or pass another port, e.g. --port {port + 1}"))
    proc = subprocess.Popen(voila_command(root, port), cwd=str(root), env=app_environment(cdir, env),
                            stdout=stdout, stderr=stderr, start_new_session=True)
    server = AppServer(proc, port, cdir)
    try:
        wait_for_port(port, timeout=timeout, process=proc)
    except BaseException:
        server.stop()
        raise
    return server


def serve(client=None, port: int = 8866, open_browser: bool = True) -> int:
    """Serve the app for ``client`` until Ctrl+C; return the server's exit code (0 after Ctrl+C).

    Called by ``sedam app``. Prints the landing page's URL, opens it in a browser when asked,
    and stops the server and its kernels on the way out.
    """
    server = start(client, port)
    print(f"SEDAM app for {server.client_dir} at {server.url}\nPress Ctrl+C to stop.", flush=True)
    import threading

    if threading.current_thread() is threading.main_thread():  # a SIGTERM stops the server's group too
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        return server.process.wait()
    except KeyboardInterrupt:
        server.stop()
        return 0
    finally:
        server.stop()


# -- the pages ------------------------------------------------------------------------------------

def _esc(x) -> str:
    return html.escape(str(x))


def _query_suffix(ctx) -> str:
    """``?respondent=...`` when the respondent is not the default, so links keep it (the name as typed)."""
    from urllib.parse import urlencode

    if ctx.respondent in ("me", ""):
        return ""
    return "?" + urlencode({"respondent": getattr(ctx, "respondent_name", None) or ctx.respondent})


def problem_html(error, language: str | None = "en") -> str:
    """A coded problem for a page, in plain words: message, code and fix. No traceback, no server path,
    no source code (an unexpected error shows only its kind)."""
    from ..core.i18n import ui_strings

    ui = ui_strings(language, "form.")
    if isinstance(error, SedamError):
        items = "".join(f'<li><b>{_esc(p.message.rstrip("."))}</b> <small>({_esc(p.code)})</small>'
                        + (f"<br>{_esc(ui['form.fix'])}: {_esc(p.fix)}" if p.fix else "") + "</li>"
                        for p in error.problems)
    else:
        items = f"<li><b>{_esc(type(error).__name__)}</b></li>"
    return (f'<div class="sedam-problem" role="alert"><h2>{_esc(ui["form.problem"])}</h2>'
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

        display(HTML(problem_html(error, self.language)))
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


def _fmt(x) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.0f}"


def summary_html(readiness, respondent: str, answered: int, total: int, chart: str | None = None) -> str:
    """The live summary's HTML from a :class:`sedamkit.methods.scoring.Readiness` of every respondent.

    >>> from sedamkit.core.spec import load_spec
    >>> from sedamkit.core.answers import responses_frame
    >>> from sedamkit.methods.scoring import readiness
    >>> spec = load_spec("necessity_feasibility")
    >>> r = readiness(responses_frame([{"respondent": "me", "answers": {"talent_specify": 5}}], spec), spec)
    >>> h = summary_html(r, "me", 1, 33)
    >>> '<span class="sedam-score-you">100</span>' in h, '<span class="sedam-answered">1/33</span>' in h
    (True, True)
    """
    by = readiness.overall.get("by_respondent", {})
    you = by.get(respondent)
    team = readiness.overall.get("mean")
    label = {"go": "Go", "prepare_first": "Prepare first", "not_now": "Not now",
             "not_assessed": "Not assessed yet"}[readiness.decision["decision"]]
    n = readiness.overall.get("n", 0)
    parts = [
        '<div class="sedam-live" role="status" aria-live="polite">',
        "<h4>Live readiness score</h4>",
        '<table class="sedam-live-table">',
        f'<tr><th scope="row">Your score</th><td><span class="sedam-score-you">{_fmt(you)}</span> / 100</td></tr>',
        f'<tr><th scope="row">Team score</th><td><span class="sedam-score-team">{_fmt(team)}</span> / 100 '
        f"<small>({n} respondent{'s' if n != 1 else ''})</small></td></tr>",
        f'<tr><th scope="row">Team decision</th><td><b class="sedam-decision">{_esc(label)}</b></td></tr>',
        f'<tr><th scope="row">You answered</th><td><span class="sedam-answered">{answered}/{total}</span></td></tr>',
        "</table>",
    ]
    if chart:
        parts.append(f'<img class="sedam-live-chart" alt="Bar chart of the team score per area, 0 to 100, '
                     f'with each area threshold" src="data:image/png;base64,{chart}"/>')
    parts.append("<p><small>Scores 0–100, recomputed from every respondent's answers file after each save. "
                 "“Don't know” is left out.</small></p></div>")
    return "".join(parts)


def _area_chart(areas, mine=None) -> str:
    """A small horizontal bar chart of area scores (base64 PNG); no pyplot, no global state."""
    import base64
    import io

    from matplotlib.figure import Figure

    from ..methods.plots import PALETTE

    titles = [t if len(t) <= 30 else t[:29] + "…" for t in areas["title"]]
    y = list(range(len(areas)))[::-1]
    fig = Figure(figsize=(4.2, 0.22 * len(areas) + 0.9), dpi=90)
    ax = fig.add_subplot()
    means = areas["mean"].fillna(0).to_numpy(dtype=float)
    ax.barh(y, means, color=PALETTE[0], height=0.6, label="team")
    ax.scatter(areas["threshold"].to_numpy(dtype=float), y, marker="|", s=90, color=PALETTE[3],
               label="threshold", zorder=3)
    if mine is not None:
        vals = [mine.get(a, math.nan) for a in areas["area"]]
        ax.scatter(vals, y, marker="o", s=14, color=PALETTE[1], label="you", zorder=4)
    ax.set_yticks(y, titles, fontsize=6)
    ax.set_xlim(0, 100)
    ax.tick_params(axis="x", labelsize=6)
    ax.set_xlabel("score 0–100", fontsize=6)
    ax.legend(fontsize=6, loc="lower right", frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def live_summary(ctx, spec, *, chart: bool = True):
    """A function for the form's ``live=``: the :class:`LiveSummary` recomputed from the answers files.

    Every respondent's answers file of the stage is read (so the team score includes colleagues),
    scored with :func:`sedamkit.methods.scoring.readiness`, and shown with this respondent's own score. The
    result is cached on the answers themselves: typing a comment does not redraw the chart.
    """
    cache = {}

    def live():
        from ..core.answers import responses_frame
        from ..methods.scoring import readiness, respondent_scores

        docs = ctx.answers(spec)
        key = json.dumps([[d.get("respondent"), d.get("answers")] for d in docs], sort_keys=True, default=str)
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
            png = _area_chart(ready.areas, mine)
        cache.clear()
        cache[key] = LiveSummary(summary_html(ready, ctx.respondent, answered, len(shown), png))
        return cache[key]

    return live


def _header_html(ctx, app: AppStage) -> str:
    client = ctx.client
    who = getattr(ctx, "respondent_name", "") or ctx.respondent
    return (
        '<header class="sedam-header">'
        f'<nav><a class="sedam-home sedam-nav" href="index.ipynb{_query_suffix(ctx)}">← All stages</a></nav>'
        f'<p class="sedam-client">{_esc(client.get("name") or ctx.client_id)}'
        + (f' <small>· {_esc(client["sector"])}</small>' if client.get("sector") else "")
        + "</p>"
        f'<h1 class="sedam-stage">Stage {ctx.stage.number:02d} · {_esc(app.title)}</h1>'
        f'<p class="sedam-clause">ISO/DTS 19384, clause {_esc(ctx.stage.clause)} — {_esc(ctx.stage.summary)}</p>'
        + (f'<p class="sedam-respondent">Answering as <b>{_esc(who)}</b>. ' if who else '<p class="sedam-respondent">')
        + "Every click and comment is saved at once; come back any time and your answers are here. "
        "“Don't know” is better than a guess.</p>"
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
        self.header = _header_html(ctx, app) + lead
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
                               tooltip=ui["form.name_help"], style={"description_width": "90px"})
        self.name_box.add_class("sedam-name")
        self.name_button = w.Button(description=ui["form.name_button"], button_style="primary",
                                    tooltip=ui["form.name_help"])
        self.name_button.add_class("sedam-name-button")
        self.name_button.on_click(lambda _b: self.set_name(self.name_box.value))
        self._prompt = w.VBox([w.HTML(f"<p>{_esc(ui['form.name_help'])}</p>"),
                               w.HBox([self.name_box, self.name_button])])
        self._prompt.add_class("sedam-name-prompt")
        self.widget.children = [self._header, self._prompt, self.message]

    def set_name(self, name) -> bool:
        """Answer as ``name`` on this page and show the form; a problem is shown, never raised."""
        try:
            self.ctx.set_respondent(name)
            self.header = _header_html(self.ctx, self.app) + self.lead
            self._header.value = self.header
        except SedamError as e:
            self.message.value = problem_html(e, self.ctx.language)
            return False
        return self._open_form()

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

    def __init__(self, client, rows, respondent, query="", language="en"):
        self.client, self.rows, self.respondent, self.query = client, rows, respondent, query
        self.language = language

    @property
    def _ui(self) -> dict:
        from ..core.i18n import ui_strings

        return ui_strings(self.language, "form.")

    @property
    def html(self) -> str:
        c = self.client
        out = ['<div class="sedam-landing">',
               f'<p class="sedam-client">{_esc(c.get("name") or c.get("id"))}'
               + (f' <small>· {_esc(c["sector"])}</small>' if c.get("sector") else "") + "</p>",
               "<h1>SEDAM self-assessment</h1>",
               "<p>The questionnaires of the service excellence digital approach model (ISO/DTS 19384). "
               "Open a stage, answer the questions, and watch the readiness score change. Every answer is "
               "saved as you click.</p>",
               (f'<p>Answering as <b class="sedam-respondent">{_esc(self.respondent)}</b>. To answer as someone '
                "else, add <code>?respondent=NAME</code> to the address.</p>" if self.respondent else
                '<form class="sedam-name-prompt" method="get" action="index.ipynb">'
                f'<label>{_esc(self._ui["form.name_label"])} <input name="respondent" required></label> '
                f'<button type="submit">{_esc(self._ui["form.name_button"])}</button></form>'
                f'<p>{_esc(self._ui["form.name_help"])}</p>'),
               '<table class="sedam-stages"><thead><tr><th scope="col">Stage</th><th scope="col">Clause</th>'
               '<th scope="col">Your progress</th><th scope="col">Respondents</th></tr></thead><tbody>']
        for r in self.rows:
            out.append(f'<tr><td><a class="sedam-stage-link sedam-nav" href="{_esc(r["notebook"])}.ipynb{_esc(self.query)}">'
                       f'{r["number"]:02d} · {_esc(r["title"])}</a></td><td>{_esc(r["clause"])}</td>'
                       f'<td><progress max="{r["total"]}" value="{r["answered"]}" aria-label="answered"></progress> '
                       f'<span class="sedam-progress">{r["answered"]}/{r["total"]}</span></td>'
                       f'<td>{r["respondents"]}</td></tr>')
        out.append("</tbody></table></div>")
        return "".join(out)

    def _repr_html_(self):
        return self.html

    def __repr__(self):
        lines = [f"{self.client.get('name')} — respondent {self.respondent}"]
        lines += [f"{r['notebook']}: {r['answered']}/{r['total']}" for r in self.rows]
        return "\n".join(lines)


def landing(client_dir=None, answers_dir=None, output_dir=None, interactive: bool = True, language=None,
            respondent: str = "me") -> Landing:
    """The landing page for the parameters of ``notebooks/app/index.ipynb`` (the stage parameters).

    For each :data:`APP_STAGES` page: the respondent's answered/total items and how many people
    have answered, read from the same answers files the forms save to.
    """
    from ..core.answers import read_answers
    from .app_pages import PAGES, page_spec, page_title
    from .context import open_stage

    rows, ctx = [], None
    for app in APP_STAGES:
        ctx = open_stage(app.stage, client_dir=client_dir, answers_dir=answers_dir, output_dir=output_dir,
                         interactive=interactive, language=language, respondent=respondent)
        spec = page_spec(ctx, app.questionnaire)
        path = ctx.answers_file(spec) if ctx.respondent else None
        answers = read_answers(path, spec)["answers"] if path is not None and path.exists() else {}
        shown = [i for i in spec.items if spec.visible(i, answers)]
        folder = ctx.answers_dir / (spec.stage or ctx.stage.id)
        title = page_title(app.questionnaire, ctx.language) if app.questionnaire in PAGES else app.title
        rows.append({"notebook": app.notebook, "title": title, "stage": ctx.stage.id,
                     "number": ctx.stage.number, "clause": ctx.stage.clause,
                     "answered": sum(1 for i in shown if i.id in answers), "total": len(shown),
                     "respondents": len(list(folder.glob("*.json"))) if folder.is_dir() else 0})
    return Landing(ctx.client, rows, ctx.respondent_name if ctx.respondent else "", _query_suffix(ctx), ctx.language)
