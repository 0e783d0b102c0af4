"""Voila for a workshop: the app server that :func:`sedamkit.ui.app_server.start` runs.

``python -m sedamkit.ui.app_voila ROOT [voila options]`` is Voila (``voila.app.Voila``) with these changes,
all in Jupyter's own terms (its token, its identity provider, its handlers, its kernel manager):

- **The code page.** A page opened without the workshop code (Jupyter's token) gets a plain page in the
  client's language (``SEDAM_APP_LANGUAGE``) with status 403 and a box to type the code, instead of
  Jupyter's English login page and a redirect (:class:`WorkshopLoginHandler`, :func:`refusal_page`).
  A typed code is compared as :func:`sedamkit.ui.app_server.normalise_code` makes it (``ab3-k7q`` works).
- **Every other request without the code is refused** (403): that is Jupyter's rule for its handlers
  (kernels, websockets, contents); Voila's preheat query socket, which has no check of its own, answers
  only this machine (the kernels ask it for their visitor's request).
- **No secret stays in the address.** Jupyter Server turns ``?token=CODE`` into its login cookie but
  leaves the code in the address bar; a facilitator's link carries ``?key=KEY`` too. After the first
  page, the browser is sent to the same page without them (:func:`facilitator_cookie` keeps the key as
  an HttpOnly, SameSite=Strict cookie); a wrong or missing key still gets the facilitator page's notice
  (WEB052, from the page itself).
- **No wait without end on a kernel.** The server's waits for a kernel's replies and outputs poll in
  slices (:func:`sliced_get_msg`), so a missed wake-up of a ZeroMQ socket costs half a second instead of
  a page that never comes.
- **A page left gives its kernel back.** The page's "I am leaving" beacon (Voila's shutdown request, let
  through by the ``_xsrf`` cookie) shuts its kernel down once the kernel is idle, so clicks sent just
  before leaving are saved first (:class:`WorkshopShutdownHandler`).
- **A page left without a word gives its kernel back too** (a phone that drops a tab, a laptop closed, a
  browser that crashed: no beacon; :class:`WorkshopKernelManager`, Jupyter Server's kernel manager with its
  own culling rule). Jupyter's culler cannot be used as it is: it frees a kernel whose last activity is
  older than the limit and that has no connection *at that moment*, and a page still loading on a busy machine (its kernel websocket
  opens only once the page has arrived) or whose websocket dropped for a moment has none, so its kernel
  was freed at once. Here a kernel is freed only after it has had no connection *continuously* for the
  limit, counted from the later of its last activity and the moment its last connection closed; a kernel
  handed to a page that has not connected yet waits longer (:data:`FIRST_CONNECTION_SECONDS` at least);
  preheated kernels waiting in Voila's pool and busy kernels are never freed (:func:`kernel_to_free`).
- Nothing else: static assets (Voila's JavaScript, the template's CSS) stay public, as in Jupyter.

This module runs inside the server process; it imports Voila and Jupyter Server and only light parts of
the kit (the text catalogue).
"""
from __future__ import annotations

import html
import ipaddress
import os

from dataclasses import dataclass
from datetime import datetime

from jupyter_core.utils import ensure_async
from jupyter_server._tz import utcnow
from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.auth.login import LoginFormHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from .app_server import (FACILITATOR_NOTEBOOKS, FIRST_CONNECTION_SECONDS, KEY_COOKIE, KEY_ENV, KEY_HEADER, KEY_PARAM,
                         facilitator_proof, normalise_code)

__all__ = ["refusal_page", "not_found_page", "loading_texts", "WorkshopIdentityProvider", "WorkshopLoginHandler",
           "WorkshopVoila", "main", "page_is_warm", "starting_notice", "facilitator_cookie", "POLL_SLICE",
           "sliced_get_msg", "bounded_polls", "LEAVE_QUIET", "LEAVE_LONGEST", "shutdown_when_idle",
           "WorkshopShutdownHandler", "WorkshopKernelManager", "kernel_to_free"]


def _language() -> str:
    return os.environ.get("SEDAM_APP_LANGUAGE") or "en"


def refusal_page(language: str = "en", *, action: str = "/login", wrong: bool = False, xsrf: str = "") -> str:
    """The page people get without the workshop code: what happened, what to do, a box to type the code.

    >>> p = refusal_page("fr")
    >>> "<html lang=\\"fr\\">" in p and "code de l’atelier" in p and "Traceback" not in p
    True
    """
    from ..core.i18n import ui_strings

    ui = ui_strings(language, "app.code.")
    wrong_html = f'<p class="sedam-code-wrong" role="alert">{html.escape(ui["app.code.wrong"])}</p>' if wrong else ""
    return _plain_page(language, ui["app.code.title"], """ label { display: block; font-weight: 600; margin: 1em 0 .3em 0; }
 input { font-size: 1.3em; letter-spacing: .15em; text-transform: uppercase; padding: .3em .5em; width: 9em; }
 button { font-size: 1em; padding: .5em 1.2em; margin-left: .5em; background: #0057a3; color: #fff; border: 0; border-radius: 4px; }
 .sedam-code-wrong { color: #b00020; font-weight: 600; }
""", "sedam-code-page", f"""<p>{html.escape(ui["app.code.why"])}</p>
{wrong_html}
<form method="post" action="{html.escape(action)}">{xsrf}
<label for="sedam-code">{html.escape(ui["app.code.label"])}</label>
<input id="sedam-code" name="password" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus>
<button type="submit">{html.escape(ui["app.code.button"])}</button>
</form>
<p><small>{html.escape(ui["app.code.help"])}</small></p>""")


def not_found_page(language: str = "en", *, home: str = "/") -> str:
    """The page people get for an address the workshop does not have (status 404), in the client's language,
    with a link back to the list of stages; instead of Jupyter's English "404: Not Found" page.

    >>> p = not_found_page("fr")
    >>> "<html lang=\\"fr\\">" in p and "Page introuvable" in p and "404" not in p
    True
    """
    from ..core.i18n import ui_strings

    ui = ui_strings(language, "app.not_found.")
    return _plain_page(language, ui["app.not_found.title"], " a { color: #0057a3; }\n", "sedam-not-found",
                       f"""<p>{html.escape(ui["app.not_found.why"])}</p>
<p><a href="{html.escape(home)}">{html.escape(ui["app.not_found.home"])}</a></p>""")


def _plain_page(language: str, title: str, css: str, main_class: str, body: str) -> str:
    """The workshop's own small pages (the code page, the 404 page): one card on a grey page, in
    ``language``, titled ``title``; ``css`` adds rules, ``body`` is HTML after the title."""
    return f"""<!DOCTYPE html>
<html lang="{html.escape(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><link rel="icon" href="data:;base64,=">
<style>
 body {{ font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; margin: 0; background: #f4f6f8; color: #1a1a1a; }}
 main {{ max-width: 34em; margin: 12vh auto; background: #fff; padding: 1.5em 2em; border-radius: 8px;
        box-shadow: 0 2px 8px rgba(0,0,0,.12); }}
 h1 {{ font-size: 1.4em; margin: 0 0 .4em 0; color: #0057a3; }}
""" + css + f"""</style></head>
<body><main class="{main_class}">
<h1>{html.escape(title)}</h1>
{body}
</main></body></html>"""


def loading_texts(language: str = "en") -> dict:
    """The words the ``sedam`` template shows while a page runs (instead of Voila's English "Executing 2 of
    3" and "Loading widget..."): ``start``, ``running`` (with ``{i}`` and ``{n}``) and ``widget``; given to the template
    as ``resources.sedam`` (:meth:`WorkshopVoila.setup_template_dirs`).

    >>> loading_texts("fr")["widget"]
    'Affichage de la page…'
    """
    from ..core.i18n import ui_strings

    ui = ui_strings(language, "app.loading.")
    return {"language": language, "start": ui["app.loading.start"], "running": ui["app.loading.running"],
            "widget": ui["app.loading.widget"]}


def _render_refusal(handler, *, wrong: bool = False, status: int = 403) -> None:
    """Finish ``handler`` with the code page; the form comes back to the page that was asked for."""
    from urllib.parse import parse_qsl, urlencode

    from tornado.escape import url_escape

    if handler.request.path.rstrip("/").endswith("/login"):
        target = handler.get_argument("next", default=handler.base_url)
    else:
        query = [(k, v) for k, v in parse_qsl(handler.request.query, keep_blank_values=True) if k != "token"]
        target = handler.request.path + (f"?{urlencode(query)}" if query else "")
    action = f"{handler.base_url}login?next={url_escape(target)}"
    try:
        xsrf = handler.xsrf_form_html()
    except Exception:  # noqa: BLE001 - no xsrf support on this handler: the form works without it
        xsrf = ""
    handler.set_status(status)
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.set_header("Cache-Control", "no-store")
    handler.finish(refusal_page(_language(), action=action, wrong=wrong, xsrf=xsrf))


class WorkshopLoginHandler(LoginFormHandler):
    """Jupyter's login form handler with the workshop's code page (403, or 401 for a wrong code)."""

    def _render(self, message=None):
        _render_refusal(self, wrong=bool(message), status=401 if message else 403)


class WorkshopIdentityProvider(PasswordIdentityProvider):
    """Jupyter's token identity provider; codes compare as people type them, the login page is ours."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.login_handler_class = WorkshopLoginHandler
        if self.token:
            self.token = normalise_code(self.token)

    def get_token(self, handler):
        return normalise_code(super().get_token(handler))

    def process_login_form(self, handler):
        if self.token and normalise_code(handler.get_argument("password", default="")) == self.token:
            return self.generate_anonymous_user(handler)
        return None


class _PlainRefusal:
    """For the page handlers: without the code, the code page with status 403 (no redirect); an address the
    workshop does not have gets its own page (:func:`not_found_page`, status 404)."""

    def write_error(self, status_code, **kwargs):
        if status_code != 404:
            return super().write_error(status_code, **kwargs)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        return self.finish(not_found_page(_language(), home=self.base_url))

    async def prepare(self, *, _redirect_to_login=True):
        try:
            await super().prepare(_redirect_to_login=False)
        except web.HTTPError as e:
            if e.status_code != 403 or self.request.method not in ("GET", "HEAD"):
                raise
            _render_refusal(self)
            return
        # The _xsrf cookie lets the page's beforeunload beacon (voila/api/shutdown) through: a page left
        # gives its kernel back (WorkshopShutdownHandler, once the kernel has finished what it was doing).
        self.xsrf_token  # noqa: B018 - reading it sets the cookie
        facilitator_cookie(self)
        if self.request.method == "GET" and _secrets_in_address(self):
            self.redirect(_without_secrets(self))


def _is_facilitator_page(handler) -> bool:
    name = handler.request.path.rstrip("/").rsplit("/", 1)[-1]
    return name.removesuffix(".ipynb") in FACILITATOR_NOTEBOOKS


def facilitator_cookie(handler) -> bool:
    """On a facilitator page: a right ``?key=`` sets the facilitator's cookie (HttpOnly, SameSite=Strict,
    the app's path, for the browser session); a right cookie (or key) makes the server set the
    :data:`~sedamkit.ui.app_server.KEY_HEADER` request header the page's kernel reads. The header from
    the browser is always dropped. True when the request is the facilitator's."""
    import hmac

    handler.request.headers.pop(KEY_HEADER, None)
    key = os.environ.get(KEY_ENV, "")
    if not key or not _is_facilitator_page(handler):
        return False
    proof = facilitator_proof(key)
    given = handler.get_query_argument(KEY_PARAM, "").strip()
    if given and hmac.compare_digest(given.encode("utf-8"), key.encode("utf-8")):
        handler.set_cookie(KEY_COOKIE, proof, path=handler.base_url, httponly=True, samesite="Strict")
    elif not hmac.compare_digest((handler.get_cookie(KEY_COOKIE) or "").encode("utf-8"), proof.encode("utf-8")):
        return False
    handler.request.headers[KEY_HEADER] = proof
    return True


def _secrets_in_address(handler) -> bool:
    """The address holds the workshop code (once it logged the browser in) or a facilitator key."""
    args = handler.request.query_arguments
    return KEY_PARAM in args or ("token" in args and getattr(handler, "_token_authenticated", False))


def _without_secrets(handler) -> str:
    """The same page's address without ``token`` and ``key`` (the cookies carry them now)."""
    from urllib.parse import parse_qsl, urlencode

    query = [(k, v) for k, v in parse_qsl(handler.request.query, keep_blank_values=True) if k not in ("token", KEY_PARAM)]
    return handler.request.path + (f"?{urlencode(query)}" if query else "")


def page_is_warm(kernel_manager, notebook: str) -> bool:
    """True when a visitor of ``notebook`` now gets a kernel that is ready for them: the first of Voila's
    preheated kernels for it has started and waits on its query socket (or has already run its page)."""
    pool = (getattr(kernel_manager, "_pools", None) or {}).get(notebook) or []
    if not pool or not pool[0].done() or pool[0].cancelled() or pool[0].exception() is not None:
        return False
    content = pool[0].result()
    return content["kernel_id"] in RequestInfoSocketHandler._waiters or content["task"].done()


def starting_notice(language: str = "en") -> str:
    """What a visitor sees at once when no warm kernel waits for the page (a room opening it together, a
    page that is not preheated): the page is being prepared, wait, do not reload. It goes out before the
    page (the first bytes of the answer) and removes itself when the page has arrived.

    >>> "Votre page se prépare" in starting_notice("fr") and "<!DOCTYPE html>" in starting_notice()
    True
    """
    from ..core.i18n import ui_strings

    ui = ui_strings(language, "app.starting.")
    return ('<!DOCTYPE html><meta charset="utf-8"><div id="sedam-starting" class="sedam-starting" role="status" '
            'style="font:18px/1.5 system-ui,sans-serif;max-width:32em;margin:10vh auto;padding:1em 2em;'
            'background:#fff;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.12);color:#1a1a1a">'
            f'<p style="font-size:1.3em;color:#0057a3;margin:0 0 .4em 0">{html.escape(ui["app.starting.title"])}</p>'
            f'<p style="margin:0">{html.escape(ui["app.starting.text"])}</p></div>'
            '<script>document.addEventListener("DOMContentLoaded",function(){'
            'var e=document.getElementById("sedam-starting");if(e){e.remove();}});</script>\n')


class WorkshopPageHandler(_PlainRefusal, TornadoVoilaHandler):
    """Voila's page handler behind the code page; a page without a warm kernel first says it is starting."""

    async def get(self, path=None):
        from pathlib import Path

        name = path or ""
        if name.endswith(".ipynb") and (Path.cwd() / name).is_file() and not page_is_warm(self.kernel_manager, name):
            self.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
            self.write(starting_notice(_language()))
            self.flush()
        return await super().get(path)


class WorkshopNotFoundHandler(web.RequestHandler):
    """Any address no handler serves: the workshop's own 404 page (:func:`not_found_page`), not Tornado's."""

    def prepare(self):
        raise web.HTTPError(404)

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(not_found_page(_language(), home=self.settings.get("base_url") or "/"))


class WorkshopTreeHandler(_PlainRefusal, TornadoVoilaTreeHandler):
    """Voila's folder handler (a redirect to the landing page) behind the code page."""


class LocalRequestInfoHandler(RequestInfoSocketHandler):
    """Voila's preheat query socket, answering only this machine (the kernels ask it for their request),
    and never losing a visitor's request.

    Voila's handler (0.5.13) keeps one socket per waiting kernel in ``_waiters`` and loses a request in two
    ways, both seen when the server answers slowly: a socket that closes without having opened (a kernel
    that gave up the handshake) removes the entry of *another* waiting kernel (the last one in the dict),
    whose visitor then waits for ever; and a request written to a socket that has just closed is dropped.
    Here a socket removes only its own entry, and every request is kept in ``_cache`` for its kernel, so a
    kernel that connects again (:func:`sedamkit.ui.app_request.receive_request` retries) gets it.
    """

    kernel_id = None

    def open(self, kernel_id: str) -> None:
        self.kernel_id = kernel_id
        RequestInfoSocketHandler._waiters[kernel_id] = self
        if kernel_id in RequestInfoSocketHandler._cache:
            self.write_message(RequestInfoSocketHandler._cache[kernel_id])

    def on_close(self) -> None:
        if self.kernel_id is not None and RequestInfoSocketHandler._waiters.get(self.kernel_id) is self:
            del RequestInfoSocketHandler._waiters[self.kernel_id]

    def write_message(self, message, binary=False):
        from tornado.websocket import WebSocketClosedError

        if self.kernel_id is not None:  # kept: the kernel may have dropped this socket and come back
            RequestInfoSocketHandler._cache[self.kernel_id] = message
        try:
            return super().write_message(message, binary)
        except WebSocketClosedError:
            self.log_closed()
            return None

    def log_closed(self) -> None:
        import logging

        logging.getLogger("sedam").warning("query socket of kernel %s closed; its request is kept for it",
                                           self.kernel_id)

    def prepare(self):
        ip = (self.request.remote_ip or "").split("%")[0]
        own = {os.environ.get("VOILA_APP_IP", "127.0.0.1")}
        try:
            local = ipaddress.ip_address(ip).is_loopback or ip in own
        except ValueError:
            local = False
        if not local:
            raise web.HTTPError(403)


#: Seconds a left page's kernel must have been idle (nothing running, no output) before it is shut down:
#: clicks sent just before the page was left are saved first.
LEAVE_QUIET = 2.0
#: Longest wait (seconds) for that quiet; then a kernel with no page connected is shut down anyway.
LEAVE_LONGEST = 120.0


async def shutdown_when_idle(kernel_manager, kernel_id: str, *, quiet: float = LEAVE_QUIET,
                             longest: float = LEAVE_LONGEST, step: float = 0.5, log=None) -> bool:
    """Shut down the kernel of a page that was left, without losing what the page sent last: wait until no
    browser is connected to it (the page's socket closes just after it says it leaves) and the kernel has
    been idle for ``quiet`` seconds (the answers still queued are saved first); after ``longest`` seconds a
    kernel with no connection is shut down anyway, one whose page is connected again is kept (a reload that
    did not leave, another tab). True when it was shut down.
    """
    import asyncio
    import time

    from jupyter_server._tz import utcnow

    t0 = time.monotonic()
    while kernel_id in kernel_manager:
        connected = (getattr(kernel_manager, "_kernel_connections", None) or {}).get(kernel_id, 0) > 0
        kernel = kernel_manager.get_kernel(kernel_id)
        last = getattr(kernel, "last_activity", None)
        idle = getattr(kernel, "execution_state", "idle") == "idle" and (
            last is None or (utcnow() - last).total_seconds() >= quiet)
        late = time.monotonic() - t0 >= longest
        if not connected and (idle or late):
            if log is not None:
                log.info("[sedam] page left: kernel %s shut down (%s)", kernel_id,
                         "idle" if idle else f"still busy after {longest:.0f} s")
            await kernel_manager.shutdown_kernel(kernel_id)
            return True
        if late:
            if log is not None:
                log.info("[sedam] page left but connected again: kernel %s kept", kernel_id)
            return False
        await asyncio.sleep(step)
    return False


class WorkshopShutdownHandler(VoilaShutdownKernelHandler):
    """Voila's "page left" beacon: the kernel is shut down once its last work is done
    (:func:`shutdown_when_idle`), not at once; the beacon gets its answer at once."""

    @web.authenticated
    async def post(self, kernel_id):
        import asyncio

        km = self.kernel_manager
        if kernel_id in km and not _in_pool(km, kernel_id):
            task = asyncio.ensure_future(shutdown_when_idle(km, kernel_id, log=self.log))
            _LEAVING.add(task)
            task.add_done_callback(_LEAVING.discard)
        self.set_status(204)
        self.finish()


def _in_pool(kernel_manager, kernel_id: str) -> bool:
    """The kernel still waits in a page's preheated pool (no page has it yet)."""
    for pool in (getattr(kernel_manager, "_pools", None) or {}).values():
        for f in pool:
            if f.done() and not f.cancelled() and f.exception() is None and f.result().get("kernel_id") == kernel_id:
                return True
    return False


_LEAVING: set = set()  # running shutdown_when_idle tasks (kept referenced until done)

#: Longest single wait (seconds) of the server on a kernel's reply or output socket; see :func:`sliced_get_msg`.
POLL_SLICE = 0.5


async def sliced_get_msg(self, timeout: float | None = None):
    """:meth:`jupyter_client.channels.AsyncZMQSocketChannel.get_msg` that never waits on one poll longer than
    :data:`POLL_SLICE`: it polls again until a message is there or ``timeout`` (seconds; None: no limit) has
    passed, then raises :class:`queue.Empty` as the original does.

    Why: a ZeroMQ socket tells the event loop about new messages through an edge-triggered file descriptor;
    when anything reads the socket's events before the loop does, the edge is used up and a poll with no
    time limit never wakes, although the message waits in the socket (measured in #16: the server's cell
    runner waited for a page's reply for ever while the kernel was idle and the reply sat in the queue;
    about 1 preheated load in 40 on a loaded 2-core machine). Each new poll first looks at the socket's
    events, so a missed wake-up now costs at most one slice. nbclient waits with no limit for the reply of
    the cell that waits for the visitor, so without this the page never came.
    """
    import time
    from queue import Empty

    assert self.socket is not None
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        left = POLL_SLICE if deadline is None else min(POLL_SLICE, max(0.0, deadline - time.monotonic()))
        if await self.socket.poll(int(left * 1000)):
            return await self._recv()
        if deadline is not None and time.monotonic() >= deadline:
            raise Empty


def bounded_polls() -> None:
    """Make the server's kernel clients wait in slices (:func:`sliced_get_msg`); idempotent."""
    from jupyter_client.channels import AsyncZMQSocketChannel

    AsyncZMQSocketChannel.get_msg = sliced_get_msg


# -- giving back the kernels of pages left -------------------------------------------------------------

def kernel_to_free(*, now: datetime, last_activity: datetime | None, connections: int, connected_once: bool,
                   since: datetime | None, limit: float, first_connection: float = FIRST_CONNECTION_SECONDS,
                   busy: bool = False) -> float | None:
    """The workshop's rule for one kernel handed to a page: None while it stays, else the seconds it has
    been without a connection (it is to be freed).

    ``since`` is the moment its last connection closed (``connected_once``) or, for a kernel whose page has
    not connected yet, the moment it was handed to the page. A kernel with a connection stays, however old
    its last activity; so does a busy one. Without a connection it is freed once ``limit`` seconds have
    passed since the later of ``since`` and ``last_activity``; before its first connection, once
    ``max(limit, first_connection)`` have (a page still arriving on a busy machine is not freed).

    >>> from datetime import datetime, timedelta
    >>> t0 = datetime(2026, 1, 1, 9, 0)
    >>> left = dict(last_activity=t0, connections=0, connected_once=True, since=t0 + timedelta(seconds=50), limit=600)
    >>> kernel_to_free(now=t0 + timedelta(seconds=600), **left) is None     # closed 550 s ago: stays
    True
    >>> kernel_to_free(now=t0 + timedelta(seconds=700), **left)              # closed 650 s ago: freed
    650.0
    """
    if limit <= 0 or connections > 0 or busy or since is None:
        return None
    start = max(since, last_activity) if last_activity is not None else since
    seconds = (now - start).total_seconds()
    wait = limit if connected_once else max(limit, first_connection)
    return seconds if seconds > wait else None


@dataclass
class _Watched:
    """What the workshop's kernel manager knows of one kernel beyond Jupyter's table."""

    page: str               # the page's notebook stem ('' until known)
    preheated: bool         # started for Voila's pool (handed to a page later) or for one page at once
    handed: datetime | None = None   # when a page got it (a preheated one: first seen out of the pool)
    connected_once: bool = False
    closed: datetime | None = None   # when its last connection closed


class WorkshopKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager with the workshop's rule for the kernels of pages left (see the
    module docstring and :func:`kernel_to_free`).

    Jupyter's own options set it: ``cull_idle_timeout`` is the limit (seconds without a connection; 0:
    never free), ``cull_interval`` how often the kernels are looked at, ``cull_busy`` (off) whether a busy
    kernel may be freed; :attr:`first_connection_grace` is the longer wait of a kernel whose page never
    connected. Voila's pool class (``voila.voila_kernel_manager``) is built on top of this one (Voila's
    ``multi_kernel_manager_class``): its own check keeps the kernels waiting in the pool, and
    :meth:`cull_kernel_if_idle` checks again. Each kernel freed is logged with its page and how long it
    had been without a connection.
    """

    first_connection_grace = Integer(FIRST_CONNECTION_SECONDS, config=True,
                                     help="Seconds a kernel handed to a page waits for the page's first "
                                          "connection before it may be freed (at least cull_idle_timeout).")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._watched: dict[str, _Watched] = {}
        self.freed: list[tuple[str, str, float]] = []   # (kernel id, page, seconds without a connection)

    def _now(self) -> datetime:
        return utcnow()

    # -- what Jupyter's table does not hold: whether and when a page connected -----------------------------

    def watch_kernel(self, kernel_id: str, env: dict | None = None) -> None:
        """Start following a kernel just started with environment ``env`` (Voila's: ``VOILA_PREHEAT``
        says a pool kernel, ``SCRIPT_NAME`` the page of one started for a visitor)."""
        env = env or {}
        preheated = str(env.get("VOILA_PREHEAT", "")) == "True"
        page = os.path.basename(str(env.get("SCRIPT_NAME", ""))).removesuffix(".ipynb")
        self._watched[kernel_id] = _Watched(page=page, preheated=preheated,
                                            handed=None if preheated else self._now())

    async def start_kernel(self, **kwargs):
        kernel_id = await super().start_kernel(**kwargs)
        if kernel_id not in self._watched:
            self.watch_kernel(kernel_id, kwargs.get("env"))
        return kernel_id

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        w = self._watched.get(kernel_id)
        if w is not None:
            w.connected_once, w.closed = True, None

    def notify_disconnect(self, kernel_id):
        super().notify_disconnect(kernel_id)
        w = self._watched.get(kernel_id)
        if w is not None and self._kernel_connections.get(kernel_id, 0) <= 0:
            w.closed = self._now()

    def in_pool(self, kernel_id: str) -> bool:
        """The kernel waits in Voila's pool of preheated kernels (no page has it yet)."""
        for pool in (getattr(self, "_pools", None) or {}).values():
            for task in list(pool):
                try:
                    if task.done() and task.result().get("kernel_id") == kernel_id:
                        return True
                except Exception:  # noqa: BLE001 - a pool kernel that failed to start: not this one
                    continue
        return False

    def _page_of(self, kernel_id: str, w: _Watched) -> str:
        if not w.page:
            finder = getattr(self, "_get_notebook_from_kernel", None)   # Voila's pool class
            name = finder(kernel_id) if finder else None
            w.page = os.path.basename(name).removesuffix(".ipynb") if name else ""
        return w.page or "?"

    # -- the culler --------------------------------------------------------------------------------------

    def initialize_culler(self):
        """Jupyter's periodic culler (its ``cull_kernels`` every ``cull_interval`` s) with this rule's words
        in the log instead of Jupyter's "Culling kernels with idle durations ..."."""
        if not self._initialized_culler and self.cull_idle_timeout > 0 and self._culler_callback is None:
            from tornado.ioloop import PeriodicCallback

            if self.cull_interval <= 0:
                self.cull_interval = self.cull_interval_default
            self._culler_callback = PeriodicCallback(self.cull_kernels, 1000 * self.cull_interval)
            self.log.info("A page left gives its kernel back after %s s without a connection (looked at every "
                          "%s s; a page that has not connected yet gets %s s); preheated kernels are kept",
                          self.cull_idle_timeout, self.cull_interval,
                          max(self.cull_idle_timeout, self.first_connection_grace))
            self._culler_callback.start()
        self._initialized_culler = True

    async def cull_kernels(self):
        for kernel_id in [k for k in self._watched if k not in self._kernels]:
            del self._watched[kernel_id]            # shut down (freed, or the server stopping)
        await super().cull_kernels()

    async def cull_kernel_if_idle(self, kernel_id):
        kernel = self._kernels.get(kernel_id)
        if kernel is None:
            return
        if getattr(kernel, "execution_state", None) == "dead":
            return await ensure_async(super().cull_kernel_if_idle(kernel_id))   # Jupyter's: shut it down
        w = self._watched.get(kernel_id)
        if w is None or self.cull_idle_timeout <= 0 or self.in_pool(kernel_id):
            return   # still starting (not yet followed), culling off, or waiting in the pool
        now = self._now()
        if w.handed is None:          # a preheated kernel first seen out of the pool: a page has just got it
            w.handed = now
        connections = self._kernel_connections.get(kernel_id, 0)
        seconds = kernel_to_free(now=now, last_activity=getattr(kernel, "last_activity", None),
                                 connections=connections, connected_once=w.connected_once,
                                 since=(w.closed or w.handed) if w.connected_once else w.handed,
                                 limit=self.cull_idle_timeout, first_connection=self.first_connection_grace,
                                 busy=not self.cull_busy and getattr(kernel, "execution_state", "") == "busy")
        if seconds is None:
            return
        page = self._page_of(kernel_id, w)
        if w.connected_once:
            self.log.info("Freeing the kernel of a page left: page %r had no connection for %d s (limit %d s); "
                          "kernel %s", page, seconds, self.cull_idle_timeout, kernel_id)
        else:
            self.log.info("Freeing the kernel of a page that never connected: page %r got it %d s ago "
                          "(limit %d s); kernel %s", page, seconds,
                          max(self.cull_idle_timeout, self.first_connection_grace), kernel_id)
        self.freed.append((kernel_id, page, seconds))
        await ensure_async(self.shutdown_kernel(kernel_id))


_SWAP = {RequestInfoSocketHandler: LocalRequestInfoHandler, TornadoVoilaHandler: WorkshopPageHandler,
         TornadoVoilaTreeHandler: WorkshopTreeHandler, VoilaShutdownKernelHandler: WorkshopShutdownHandler}


class WorkshopVoila(Voila):
    """Voila with the workshop's identity provider, handlers and kernel manager (see the module docstring)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.identity_provider_class = WorkshopIdentityProvider

    def init_handlers(self):
        return [(h[0], _SWAP.get(h[1], h[1]), *h[2:]) for h in super().init_handlers()]

    def init_settings(self):
        # Voila builds its kernel manager (with its pool) on this class
        self.voila_configuration.multi_kernel_manager_class = WorkshopKernelManager
        settings = super().init_settings()
        settings["default_handler_class"] = WorkshopNotFoundHandler
        return settings

    def setup_template_dirs(self):
        """Voila's template set-up, then the workshop's loading words for the template
        (``resources.sedam``, :func:`loading_texts`)."""
        super().setup_template_dirs()
        vc = self.voila_configuration.config.VoilaConfiguration
        given = vc.get("resources") if "resources" in vc else None
        vc.resources = {**(given if isinstance(given, dict) else {}), "sedam": loading_texts(_language())}


def main(argv=None):
    """Start the workshop server (``python -m sedamkit.ui.app_voila``)."""
    bounded_polls()
    WorkshopVoila.launch_instance(argv=argv)


if __name__ == "__main__":
    main()
