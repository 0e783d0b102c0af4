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
    # set, then removed: monkeypatch then removes the QUERY_STRING receive_request puts in os.environ after the
    # test (delenv of an absent variable records nothing, and the leaked name changed other tests' respondent)
    monkeypatch.setenv("QUERY_STRING", "")
    monkeypatch.delenv("QUERY_STRING")
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


# -- the server's waits on a kernel's sockets (the last stall of #16) ------------------------------------

def _pair():
    import zmq
    import zmq.asyncio

    ctx = zmq.asyncio.Context()
    a, b = ctx.socket(zmq.PAIR), ctx.socket(zmq.PAIR)
    port = a.bind_to_random_port("tcp://127.0.0.1")
    b.connect(f"tcp://127.0.0.1:{port}")
    return ctx, a, b


def _use_up_the_edge(sock):
    """What happened in the server: something read the socket's events before the event loop did, so the
    edge-triggered descriptor that wakes a waiting poll was used up while the message sat in the queue."""
    import zmq

    time.sleep(0.3)  # the message reaches the socket's queue; the loop has not looked yet
    assert zmq.Socket.shadow(sock.underlying).get(zmq.EVENTS) & zmq.POLLIN


class _Channel:
    """The two things :func:`sliced_get_msg` uses of a jupyter_client channel."""

    def __init__(self, sock):
        self.socket = sock

    async def _recv(self):
        return await self.socket.recv()


def test_a_missed_wake_up_stalls_a_poll_without_limit_and_not_a_sliced_one():
    """A poll with no time limit (nbclient's wait for a cell's reply) never wakes after a missed edge; the
    server's sliced wait (sedamkit.ui.app_voila.sliced_get_msg) gets the message within one slice."""
    from sedamkit.ui.app_voila import POLL_SLICE, sliced_get_msg

    async def main():
        ctx, a, b = _pair()
        try:
            await b.send(b"warm")
            assert await a.recv() == b"warm"
            plain = asyncio.ensure_future(a.poll(None))  # jupyter_client's get_msg(timeout=None)
            await asyncio.sleep(0.05)
            await b.send(b"reply 1")
            _use_up_the_edge(a)
            done, _ = await asyncio.wait({plain}, timeout=3 * POLL_SLICE + 1)
            assert not done, "the plain poll woke: the missed wake-up was not reproduced"
            plain.cancel()

            sliced = asyncio.ensure_future(sliced_get_msg(_Channel(a)))
            await asyncio.sleep(0.05)
            t0 = time.monotonic()
            got = await asyncio.wait_for(sliced, timeout=30)
            assert got == b"reply 1"
            waited = time.monotonic() - t0

            nxt = asyncio.ensure_future(sliced_get_msg(_Channel(a)))  # and again, edge used up mid-wait
            await asyncio.sleep(0.05)
            await b.send(b"reply 2")
            _use_up_the_edge(a)
            assert await asyncio.wait_for(nxt, timeout=30) == b"reply 2"
            return waited
        finally:
            a.close(0)
            b.close(0)
            ctx.term()

    waited = asyncio.run(main())
    print(f"sliced wait got the waiting message after {waited:.2f} s (slice {POLL_SLICE} s)")


def test_the_sliced_wait_keeps_get_msgs_time_limit():
    """A time limit still raises queue.Empty when it passes (nbclient's timeouts rely on it), also when it is
    shorter or longer than a slice; a message in time is returned."""
    from queue import Empty

    from sedamkit.ui.app_voila import POLL_SLICE, sliced_get_msg

    async def main():
        ctx, a, b = _pair()
        try:
            for limit in (0.2, POLL_SLICE * 2.5):
                t0 = time.monotonic()
                with pytest.raises(Empty):
                    await sliced_get_msg(_Channel(a), timeout=limit)
                assert limit - 0.05 <= time.monotonic() - t0 < limit + 5
            later = asyncio.ensure_future(sliced_get_msg(_Channel(a), timeout=20))
            await asyncio.sleep(POLL_SLICE * 1.5)
            await b.send(b"in time")
            assert await later == b"in time"
        finally:
            a.close(0)
            b.close(0)
            ctx.term()

    asyncio.run(main())


def test_the_workshop_server_waits_in_slices(monkeypatch):
    """The server (``python -m sedamkit.ui.app_voila`` runs :func:`main`) puts the sliced wait on
    jupyter_client's async channels before Voila starts."""
    from jupyter_client.channels import AsyncZMQSocketChannel as Channel

    from sedamkit.ui import app_voila

    monkeypatch.setattr(Channel, "get_msg", Channel.get_msg)  # put back after the test
    assert Channel.get_msg is not app_voila.sliced_get_msg
    seen = []
    monkeypatch.setattr(app_voila.WorkshopVoila, "launch_instance",
                        classmethod(lambda cls, argv=None: seen.append(Channel.get_msg)))
    app_voila.main([])
    app_voila.bounded_polls()  # twice is harmless
    assert seen == [app_voila.sliced_get_msg] and Channel.get_msg is app_voila.sliced_get_msg


# -- a page left gives its kernel back (Voila's beacon, made safe for the last clicks) -----------------

class _Kernel:
    def __init__(self, state="idle", ago=10.0):
        import datetime

        from jupyter_server._tz import utcnow

        self.execution_state = state
        self.last_activity = utcnow() - datetime.timedelta(seconds=ago)


class _Manager:
    """The parts of Jupyter's kernel manager shutdown_when_idle uses."""

    def __init__(self, kernel, connections=0):
        self.kernels = {"k1": kernel}
        self._kernel_connections = {"k1": connections}
        self.shut = []

    def __contains__(self, kid):
        return kid in self.kernels

    def get_kernel(self, kid):
        return self.kernels[kid]

    async def shutdown_kernel(self, kid):
        self.shut.append(kid)
        del self.kernels[kid]


def _run(coro):
    return asyncio.run(coro)


def test_a_left_idle_kernel_is_shut_down_at_once():
    from sedamkit.ui.app_voila import shutdown_when_idle

    km = _Manager(_Kernel("idle", ago=10))
    assert _run(shutdown_when_idle(km, "k1", step=0.01)) is True and km.shut == ["k1"]


def test_a_left_kernel_still_saving_is_shut_down_only_when_quiet():
    """The clicks sent just before leaving are still being saved: wait until the kernel is idle and quiet."""
    from sedamkit.ui.app_voila import shutdown_when_idle

    kernel = _Kernel("busy", ago=0)
    km = _Manager(kernel)

    async def main():
        task = asyncio.ensure_future(shutdown_when_idle(km, "k1", quiet=0.3, step=0.02))
        await asyncio.sleep(0.3)
        assert km.shut == [], "shut down while the kernel was still saving"
        from jupyter_server._tz import utcnow

        kernel.execution_state, kernel.last_activity = "idle", utcnow()   # the last save just finished
        await asyncio.sleep(0.1)
        assert km.shut == [], "shut down before the quiet time"
        return await asyncio.wait_for(task, 10)

    assert _run(main()) is True and km.shut == ["k1"]


def test_a_kernel_whose_page_stays_connected_is_kept():
    """The beacon came but the page is connected again (or never left): the kernel stays."""
    from sedamkit.ui.app_voila import shutdown_when_idle

    km = _Manager(_Kernel("idle", ago=60), connections=1)
    assert _run(shutdown_when_idle(km, "k1", longest=0.2, step=0.02)) is False and km.shut == []


def test_a_page_socket_that_closes_after_the_beacon_is_waited_for():
    from sedamkit.ui.app_voila import shutdown_when_idle

    km = _Manager(_Kernel("idle", ago=60), connections=1)

    async def main():
        task = asyncio.ensure_future(shutdown_when_idle(km, "k1", longest=10, step=0.02))
        await asyncio.sleep(0.1)
        assert km.shut == []
        km._kernel_connections["k1"] = 0          # the page's socket closes just after its beacon
        return await asyncio.wait_for(task, 10)

    assert _run(main()) is True


def test_a_kernel_busy_for_too_long_after_its_page_left_is_shut_down_anyway():
    from sedamkit.ui.app_voila import shutdown_when_idle

    km = _Manager(_Kernel("busy", ago=0))
    assert _run(shutdown_when_idle(km, "k1", longest=0.2, step=0.02)) is True


def test_a_kernel_already_gone_is_not_shut_down_twice():
    from sedamkit.ui.app_voila import shutdown_when_idle

    km = _Manager(_Kernel())
    del km.kernels["k1"]
    assert _run(shutdown_when_idle(km, "k1", step=0.01)) is False and km.shut == []
