"""Voila for a workshop: the app server that :func:`sedamkit.ui.app_server.start` runs.

``python -m sedamkit.ui.app_voila ROOT [voila options]`` is Voila (``voila.app.Voila``) with three changes,
all in Jupyter's own terms (its token, its identity provider, its handlers):

- **The code page.** A page opened without the workshop code (Jupyter's token) gets a plain page in the
  client's language (``SEDAM_APP_LANGUAGE``) with status 403 and a box to type the code, instead of
  Jupyter's English login page and a redirect (:class:`WorkshopLoginHandler`, :func:`refusal_page`).
  A typed code is compared as :func:`sedamkit.ui.app_server.normalise_code` makes it (``ab3-k7q`` works).
- **Every other request without the code is refused** (403): that is Jupyter's rule for its handlers
  (kernels, websockets, contents); Voila's preheat query socket, which has no check of its own, answers
  only this machine (the kernels ask it for their visitor's request).
- Nothing else: static assets (Voila's JavaScript, the template's CSS) stay public, as in Jupyter.

This module runs inside the server process; it imports Voila and Jupyter Server and only light parts of
the kit (the text catalogue).
"""
from __future__ import annotations

import html
import ipaddress
import os

from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.auth.login import LoginFormHandler
from tornado import web
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from .app_server import normalise_code

__all__ = ["refusal_page", "WorkshopIdentityProvider", "WorkshopLoginHandler", "WorkshopVoila", "main"]


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
    lang = html.escape(language)
    wrong_html = f'<p class="sedam-code-wrong" role="alert">{html.escape(ui["app.code.wrong"])}</p>' if wrong else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(ui["app.code.title"])}</title><link rel="icon" href="data:;base64,=">
<style>
 body {{ font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; margin: 0; background: #f4f6f8; color: #1a1a1a; }}
 main {{ max-width: 34em; margin: 12vh auto; background: #fff; padding: 1.5em 2em; border-radius: 8px;
        box-shadow: 0 2px 8px rgba(0,0,0,.12); }}
 h1 {{ font-size: 1.4em; margin: 0 0 .4em 0; color: #0057a3; }}
 label {{ display: block; font-weight: 600; margin: 1em 0 .3em 0; }}
 input {{ font-size: 1.3em; letter-spacing: .15em; text-transform: uppercase; padding: .3em .5em; width: 9em; }}
 button {{ font-size: 1em; padding: .5em 1.2em; margin-left: .5em; background: #0057a3; color: #fff; border: 0; border-radius: 4px; }}
 .sedam-code-wrong {{ color: #b00020; font-weight: 600; }}
</style></head>
<body><main class="sedam-code-page">
<h1>{html.escape(ui["app.code.title"])}</h1>
<p>{html.escape(ui["app.code.why"])}</p>
{wrong_html}
<form method="post" action="{html.escape(action)}">{xsrf}
<label for="sedam-code">{html.escape(ui["app.code.label"])}</label>
<input id="sedam-code" name="password" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus>
<button type="submit">{html.escape(ui["app.code.button"])}</button>
</form>
<p><small>{html.escape(ui["app.code.help"])}</small></p>
</main></body></html>"""


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
    """For the page handlers: without the code, the code page with status 403 (no redirect)."""

    async def prepare(self, *, _redirect_to_login=True):
        try:
            await super().prepare(_redirect_to_login=False)
        except web.HTTPError as e:
            if e.status_code != 403 or self.request.method not in ("GET", "HEAD"):
                raise
            _render_refusal(self)


class WorkshopPageHandler(_PlainRefusal, TornadoVoilaHandler):
    """Voila's page handler behind the code page."""


class WorkshopTreeHandler(_PlainRefusal, TornadoVoilaTreeHandler):
    """Voila's folder handler (a redirect to the landing page) behind the code page."""


class LocalRequestInfoHandler(RequestInfoSocketHandler):
    """Voila's preheat query socket, answering only this machine (the kernels ask it for their request)."""

    def prepare(self):
        ip = (self.request.remote_ip or "").split("%")[0]
        own = {os.environ.get("VOILA_APP_IP", "127.0.0.1")}
        try:
            local = ipaddress.ip_address(ip).is_loopback or ip in own
        except ValueError:
            local = False
        if not local:
            raise web.HTTPError(403)


_SWAP = {RequestInfoSocketHandler: LocalRequestInfoHandler, TornadoVoilaHandler: WorkshopPageHandler,
         TornadoVoilaTreeHandler: WorkshopTreeHandler}


class WorkshopVoila(Voila):
    """Voila with the workshop's identity provider and handlers (see the module docstring)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.identity_provider_class = WorkshopIdentityProvider

    def init_handlers(self):
        return [(h[0], _SWAP.get(h[1], h[1]), *h[2:]) for h in super().init_handlers()]


def main(argv=None):
    """Start the workshop server (``python -m sedamkit.ui.app_voila``)."""
    WorkshopVoila.launch_instance(argv=argv)


if __name__ == "__main__":
    main()
