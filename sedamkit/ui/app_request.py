"""A preheated app kernel: warm up, then wait for the visitor's request (Voila's preheating).

With ``--preheat_kernel`` Voila starts each page's kernels before anyone asks and runs the page's cells
up to the point where the page needs its request. :func:`wait_for_visitor` is that point: called by
:func:`sedamkit.ui.context.open_stage` in interactive mode (so every app page has it, without a line in
its notebook), it imports and loads what every page needs (ipywidgets, matplotlib, the forms, the
scoring, the questionnaires, the client config; a first chart drawn off-screen), then waits on Voila's
query socket (``/voila/query/KERNEL_ID``) until a person opens the page, and puts that request's
``QUERY_STRING`` (and the rest of Voila's request info) in ``os.environ``. Outside a preheated Voila kernel
(JupyterLab, papermill, a kernel Voila started for one request) it does nothing.

Why not :func:`voila.utils.wait_for_request`: it gives the socket 5 s to open and, when the server is
slower than that (a loaded machine, the server busy starting kernels), it only warns and lets the page run
on *without* its visitor's request: the visitor then got a page rendered for nobody (no name, a name
prompt) and, through the server's socket handler, another waiting kernel could lose its visitor too (see
:class:`sedamkit.ui.app_voila.LocalRequestInfoHandler`). :func:`receive_request` tries again until the
socket opens (each try up to :data:`OPEN_TIMEOUT`, in all up to :data:`CONNECT_BUDGET`), logs each retry,
writes :data:`READY_MARK` only once the socket is open (so "ready" in the log means really waiting), and
when it never opens the page shows WEB011 (reload the page) instead of a page for nobody.

Error code: WEB011 (a preheated page that could not reach the server for its visitor's request).
"""
from __future__ import annotations

import os

__all__ = ["wait_for_visitor", "preheated", "warm_up", "prepared_spec", "READY_MARK", "RETRY_MARK", "query_url",
           "receive_request", "OPEN_TIMEOUT", "CONNECT_BUDGET"]

#: What a preheated kernel writes to the server's log when it waits, warm, for its visitor (its query
#: socket open).
READY_MARK = "[sedam] preheated page kernel ready:"
#: What it writes when the query socket did not open (or dropped) and it tries again.
RETRY_MARK = "[sedam] preheated page kernel retries its query socket:"
#: Seconds one try to open the query socket may take (Voila's own helper allows 5 s, then gives up).
OPEN_TIMEOUT = 30.0
#: Seconds a preheated kernel keeps trying to open its query socket before its page shows WEB011.
CONNECT_BUDGET = 600.0

_STATE = {"waited": False}
_PREPARED: dict = {}


def preheated() -> bool:
    """True in a kernel of Voila's preheated pool that has not had its visitor yet."""
    return os.environ.get("VOILA_PREHEAT") == "True" and not _STATE["waited"]


def warm_up() -> None:
    """Import and load, once, what every app page needs, so the visitor does not wait for it: the
    widgets, pandas, the text catalogue, every questionnaire, the client, the scoring of an empty
    questionnaire and one live chart drawn off-screen (fonts and renderer)."""
    import ipywidgets as w
    import pandas  # noqa: F401

    from ..core.answers import responses_frame
    from ..core.config import load_client
    from ..core.i18n import catalogue
    from ..core.paths import data_dir
    from ..core.spec import load_spec
    from ..methods.scoring import readiness
    from ..stages import REGISTRY
    from . import forms  # noqa: F401
    from .app import area_chart_png

    catalogue()
    from ..core.numfmt import LOCALES, number

    for language in LOCALES:  # Babel's locale data (its first load is slow)
        number(1234.5, language, 1)
    specs = []
    for path in sorted((data_dir() / "questionnaires").glob("*.yaml")):
        try:
            specs.append(load_spec(path.stem))
        except Exception:  # noqa: BLE001 - warming only: a page that needs it reports the problem itself
            pass
    client = os.environ.get("SEDAM_CLIENT")
    if client:
        try:
            config = load_client(client, stage_ids=REGISTRY)
            from ..core.spec import client_spec

            for spec in specs:  # the client's questionnaires in its language, ready for the page
                _PREPARED[(spec.id, config.get("language", "en"))] = client_spec(config, spec.id)
        except Exception:  # noqa: BLE001 - as above
            pass
    for spec in specs:
        if spec.id == "necessity_feasibility":
            ready = readiness(responses_frame([], spec), spec)
            area_chart_png(ready.areas.head(2), None, "en")
    made = [w.HTML("x"), w.ToggleButtons(options=[("1", 1)]), w.Text(), w.IntProgress(), w.Output(),
            w.Button(), w.HBox(), w.VBox()]
    for widget in made:  # widget classes and their traits loaded; nothing left for the page to fetch
        widget.close()


def prepared_spec(client: dict, name: str, language: str):
    """The questionnaire ``name`` for ``client`` in ``language`` as :func:`warm_up` prepared it before the
    visitor came (each one given out once), or None (not prepared, or another client)."""
    if os.path.realpath(str(client.get("dir", ""))) != os.path.realpath(os.environ.get("SEDAM_CLIENT", "")):
        return None
    return _PREPARED.pop((name, language), None)


def _log(line: str) -> None:
    import sys

    print(line, file=sys.__stderr__, flush=True)  # the kernel's stderr is the server's log


def query_url(env=None) -> str:
    """The address of this kernel's query socket, made from the variables Voila gives its kernels, as
    :func:`voila.utils.wait_for_request` makes it.

    >>> query_url({"VOILA_APP_IP": "127.0.0.1", "VOILA_APP_PORT": "8866", "VOILA_KERNEL_ID": "k1"})
    'ws://127.0.0.1:8866/voila/query/k1'
    """
    env = os.environ if env is None else env
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    return (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
            f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env.get('VOILA_KERNEL_ID', '')}")


async def _receive(url: str, open_timeout: float, budget: float, kernel: str):
    import asyncio
    import time

    import websockets

    t0, attempt, opened = time.monotonic(), 0, False
    while True:
        attempt += 1
        try:
            async with websockets.connect(url, open_timeout=open_timeout, proxy=None, max_size=None) as ws:
                if not opened:  # one ready line per kernel (sedamkit.ui.app_server.wait_until_ready counts them)
                    _log(f"{READY_MARK} {kernel} (query socket open after {time.monotonic() - t0:.1f} s, "
                         f"try {attempt})")
                opened = True
                return await ws.recv()
        except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as e:
            waited = time.monotonic() - t0
            _log(f"{RETRY_MARK} {kernel}: {type(e).__name__} after {waited:.1f} s (try {attempt})")
            if waited >= budget:
                return None
            await asyncio.sleep(min(2.0, 0.2 * attempt))


def receive_request(url: str | None = None, *, open_timeout: float = OPEN_TIMEOUT,
                    budget: float = CONNECT_BUDGET) -> dict | None:
    """Wait on the query socket ``url`` (default :func:`query_url`) for the visitor's request info, put it in
    ``os.environ`` and return it; None when the socket did not open within ``budget`` seconds.

    The wait runs in its own thread and event loop (the kernel's loop is busy running this cell), as
    Voila's helper does; unlike it, a socket that is slow to open or drops is tried again."""
    import asyncio
    import json
    import threading

    kernel = os.environ.get("VOILA_KERNEL_ID", "")
    url = url or query_url()
    got: dict = {}

    def inner():
        got["info"] = asyncio.run(_receive(url, open_timeout, budget, kernel))

    thread = threading.Thread(target=inner, name="sedam-visitor", daemon=True)
    thread.start()
    thread.join()
    if got.get("info") is None:
        return None
    info = {str(k): str(v) for k, v in json.loads(got["info"]).items()}
    os.environ.update(info)
    return info


def wait_for_visitor() -> bool:
    """In a preheated kernel, warm up and wait for the visitor's request; True when it waited.

    WEB011 when the server's query socket never opened (:data:`CONNECT_BUDGET`): the page then says to
    reload it, rather than showing a page made for nobody."""
    if not preheated():
        return False
    warm_up()
    info = receive_request()
    _STATE["waited"] = True
    if info is None:
        from ..core.errors import Problem, SedamError
        from ..core.i18n import ui_strings

        ui = ui_strings(os.environ.get("SEDAM_APP_LANGUAGE") or "en", "app.lost.")
        raise SedamError(Problem("WEB011", None, "preheat", ui["app.lost.message"], ui["app.lost.fix"]))
    return True
