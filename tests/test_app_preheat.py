"""The preheated kernels' wait for their visitor, without a browser (sedamkit.ui.app_request, app_voila).

The stall of issue #16 (a preheated page load that waited 60-90 s, once in three suite runs): Voila's
``wait_for_request`` gives the kernel's query socket 5 s to open and then runs the page without its
visitor's request, and Voila's socket handler, when a socket closes before it opened, removes another
waiting kernel's entry. These tests pin the kit's answers: retry until the socket opens, a coded page when
it never does, and a socket handler that loses no request.
"""
import asyncio
import json
import socket
import threading
import time

import pytest

from sedamkit.core.errors import SedamError
from sedamkit.ui import app_request


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_later(port, delay, payload, stop):
    """A websocket server on ``port`` that starts ``delay`` seconds late and sends ``payload`` on connect."""
    import websockets

    async def handler(ws):
        await ws.send(payload)
        await ws.wait_closed()

    async def main():
        await asyncio.sleep(delay)
        async with websockets.serve(handler, "127.0.0.1", port):
            while not stop.is_set():
                await asyncio.sleep(0.05)

    threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()


def test_a_query_socket_that_opens_late_is_tried_again(monkeypatch, capfd):
    """The server answers 1.5 s late (Voila's helper would have given up a slow one at 5 s): the kernel
    keeps trying, gets its request, and writes one ready line once the socket is open."""
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-late")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    port, stop = _free_port(), threading.Event()
    _serve_later(port, 1.5, json.dumps({"QUERY_STRING": "respondent=Zo%C3%AB"}), stop)
    try:
        t0 = time.monotonic()
        info = app_request.receive_request(f"ws://127.0.0.1:{port}/voila/query/k-late", open_timeout=0.5, budget=30)
        assert time.monotonic() - t0 >= 1.4
    finally:
        stop.set()
    assert info == {"QUERY_STRING": "respondent=Zo%C3%AB"}
    import os

    assert os.environ["QUERY_STRING"] == "respondent=Zo%C3%AB"
    err = capfd.readouterr().err
    assert err.count(app_request.READY_MARK) == 1 and app_request.RETRY_MARK in err


def test_a_query_socket_that_never_opens_gives_a_coded_page(monkeypatch):
    port = _free_port()  # nothing listens
    assert app_request.receive_request(f"ws://127.0.0.1:{port}/q", open_timeout=0.2, budget=0.5) is None
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setitem(app_request._STATE, "waited", False)
    monkeypatch.setattr(app_request, "warm_up", lambda: None)
    monkeypatch.setattr(app_request, "receive_request", lambda: None)
    for language, words in (("en", "reload the page"), ("fr", "rechargez la page")):
        monkeypatch.setenv("SEDAM_APP_LANGUAGE", language)
        monkeypatch.setitem(app_request._STATE, "waited", False)
        with pytest.raises(SedamError) as e:
            app_request.wait_for_visitor()
        problem = e.value.problems[0]
        assert problem.code == "WEB011" and words in problem.fix
    assert app_request.preheated() is False  # the kernel does not wait twice


def test_the_query_url_is_voilas():
    env = {"VOILA_APP_IP": "10.0.0.5", "VOILA_APP_PORT": "9000", "VOILA_KERNEL_ID": "abc",
           "VOILA_SERVER_URL": "/room/"}
    assert app_request.query_url(env) == "ws://10.0.0.5:9000/room/voila/query/abc"


class _Closed:
    """Stands for a websocket connection that has closed."""

    def is_closing(self):
        return True


def _handler(kernel=None):
    from sedamkit.ui.app_voila import LocalRequestInfoHandler

    h = LocalRequestInfoHandler.__new__(LocalRequestInfoHandler)
    h.ws_connection = _Closed()
    if kernel:
        h.kernel_id = kernel
    return h


def test_the_query_socket_handler_loses_no_request(monkeypatch):
    from voila.request_info_handler import RequestInfoSocketHandler as Base

    monkeypatch.setattr(Base, "_waiters", {})
    monkeypatch.setattr(Base, "_cache", {})
    waiting = _handler()
    sent = []
    waiting.write_message = lambda m, binary=False: sent.append(m)
    waiting.open("k-waiting")  # a warm kernel waits for its visitor
    assert Base._waiters == {"k-waiting": waiting}
    # a socket that closes without having opened (a kernel that gave up its handshake): Voila's own
    # handler removed the last waiting kernel's entry here, so that kernel's visitor waited for ever
    _handler().on_close()
    assert Base._waiters == {"k-waiting": waiting}
    # a request written to a socket that has just closed is kept for the kernel's next try
    gone = _handler("k-gone")
    Base._waiters["k-gone"] = gone
    Base.send_updates({"kernel_id": "k-gone", "payload": '{"QUERY_STRING": "respondent=Ann"}'})
    gone.on_close()
    assert "k-gone" not in Base._waiters and Base._cache["k-gone"] == '{"QUERY_STRING": "respondent=Ann"}'
    back = _handler()
    back.write_message = lambda m, binary=False: sent.append(m)
    back.open("k-gone")
    assert sent == ['{"QUERY_STRING": "respondent=Ann"}']
    # a request before its kernel connected is cached and given on open (Voila's rule, kept)
    Base.send_updates({"kernel_id": "k-new", "payload": "{}"})
    assert Base._cache["k-new"] == "{}"


def test_the_preheated_pool_says_what_memory_it_costs_and_refuses_too_much():
    from sedamkit.ui.app_server import KERNEL_MB, preheat_memory

    assert preheat_memory(8, 1, available_mb=64000) == 8 * KERNEL_MB
    with pytest.raises(SedamError) as e:
        preheat_memory(8, 4, available_mb=1000)
    assert e.value.problems[0].code == "WEB012" and "--pool-size" in e.value.problems[0].fix


def test_a_page_without_a_warm_kernel_says_it_is_being_prepared():
    from types import SimpleNamespace

    from voila.request_info_handler import RequestInfoSocketHandler as Base

    from sedamkit.ui.app_voila import page_is_warm, starting_notice

    class Done:
        def __init__(self, result):
            self._r = result

        def done(self):
            return True

        def cancelled(self):
            return False

        def exception(self):
            return None

        def result(self):
            return self._r

    running = SimpleNamespace(done=lambda: False)
    km = SimpleNamespace(_pools={"a.ipynb": [Done({"kernel_id": "k1", "task": running})], "b.ipynb": []})
    assert not page_is_warm(km, "a.ipynb")  # started, still warming up (no query socket yet)
    Base._waiters["k1"] = object()
    try:
        assert page_is_warm(km, "a.ipynb")
    finally:
        del Base._waiters["k1"]
    assert not page_is_warm(km, "b.ipynb") and not page_is_warm(km, "c.ipynb") and not page_is_warm(object(), "a.ipynb")
    for lang, words in (("en", "being prepared"), ("fr", "se prépare")):
        notice = starting_notice(lang)
        assert notice.startswith("<!DOCTYPE html>") and words in notice and 'id="sedam-starting"' in notice
