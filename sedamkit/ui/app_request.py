"""A preheated app kernel: warm up, then wait for the visitor's request (Voila's preheating).

With ``--preheat_kernel`` Voila starts each page's kernels before anyone asks and runs the page's cells
up to the point where the page needs its request. :func:`wait_for_visitor` is that point: called by
:func:`sedamkit.ui.context.open_stage` in interactive mode (so every app page has it, without a line in
its notebook), it imports and loads what every page needs (ipywidgets, matplotlib, the forms, the
scoring, the questionnaires, the client config; a first chart drawn off-screen), then calls
:func:`voila.utils.wait_for_request`, which returns when a person opens the page and puts that request's
``QUERY_STRING`` in ``os.environ``. Outside a preheated Voila kernel (JupyterLab, papermill, a kernel
Voila started for one request) it does nothing.
"""
from __future__ import annotations

import os

__all__ = ["wait_for_visitor", "preheated", "warm_up", "prepared_spec", "READY_MARK"]

#: What a preheated kernel writes to the server's log when it waits, warm, for its visitor.
READY_MARK = "[sedam] preheated page kernel ready:"

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


def wait_for_visitor() -> bool:
    """In a preheated kernel, warm up and wait for the visitor's request; True when it waited."""
    if not preheated():
        return False
    warm_up()
    import sys

    from voila.utils import wait_for_request

    # one line in the server's log per kernel ready for a visitor (see sedamkit.ui.app_server.wait_until_ready)
    print(f"{READY_MARK} {os.environ.get('VOILA_KERNEL_ID', '')}", file=sys.__stderr__, flush=True)

    wait_for_request()
    _STATE["waited"] = True
    return True
