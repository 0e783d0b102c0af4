"""A restart of the workshop server: the same code and facilitator key, and a quick restart on the same port."""
import socket
import stat
import sys

import pytest

from sedamkit.core.errors import SedamError
from sedamkit.ui import app_server as srv


def test_the_code_and_key_are_kept_between_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("SEDAM_SCRATCH", str(tmp_path))
    code, key, same = srv.workshop_secrets("cafe-lumiere")
    assert not same and srv.check_code(code) == code and srv.check_key(key, code) == key
    path = srv.workshop_state_file("cafe-lumiere")
    assert path == tmp_path / "runs" / "cafe-lumiere" / "app" / "workshop.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in path.parent.iterdir() if p.name != path.name]  # no temporary file left behind
    assert srv.workshop_secrets("cafe-lumiere") == (code, key, True)  # the restart: same code, same key
    other = srv.workshop_secrets("another-client")
    assert other[0] != code and other[1] != key  # per client


def test_given_and_fresh_codes_override_and_are_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("SEDAM_SCRATCH", str(tmp_path))
    code, key, _ = srv.workshop_secrets("acme")
    assert srv.workshop_secrets("acme", "room-42") == ("ROOM42", key, False)
    assert srv.workshop_secrets("acme") == ("ROOM42", key, True)
    assert srv.workshop_secrets("acme", key="Anna-2026-plan") == ("ROOM42", "Anna-2026-plan", True)
    fresh_code, fresh_key, same = srv.workshop_secrets("acme", fresh=True)
    assert not same and fresh_code != "ROOM42" and fresh_key != "Anna-2026-plan"
    assert srv.workshop_secrets("acme")[:2] == (fresh_code, fresh_key)
    with pytest.raises(SedamError) as e:
        srv.workshop_secrets("acme", "é!")
    assert e.value.codes == ["WEB008"]
    assert srv.workshop_secrets("acme")[:2] == (fresh_code, fresh_key)  # a refused code changes nothing


def test_a_damaged_state_file_gives_new_secrets(tmp_path, monkeypatch):
    monkeypatch.setenv("SEDAM_SCRATCH", str(tmp_path))
    path = srv.workshop_state_file("acme")
    path.parent.mkdir(parents=True)
    path.write_text('{"code": "é!", "key": 3', encoding="utf-8")
    code, key, same = srv.workshop_secrets("acme")
    assert not same and srv.check_code(code) == code
    assert srv.workshop_secrets("acme") == (code, key, True)


def test_the_start_message_says_it_is_the_same_code(monkeypatch, capsys):
    class Proc:
        def wait(self):
            return 0

        def poll(self):
            return 0

    seen = {}

    def fake_start(client, port, **kw):
        seen.update(kw)
        server = srv.AppServer(Proc(), 8866, "/c/acme", code="AB3K7Q", facilitator_key="made-key-1")
        server.same_code = not kw.get("new")
        return server

    monkeypatch.setattr(srv, "start", fake_start)
    monkeypatch.setattr(srv.AppServer, "stop", lambda self, timeout=15.0: 0)
    assert srv.serve("/c/acme", open_browser=False) == 0
    assert "same code and facilitator key as last time" in capsys.readouterr().out
    assert srv.serve("/c/acme", open_browser=False, new=True) == 0
    assert seen["new"] is True and "as last time" not in capsys.readouterr().out


def test_new_code_on_the_command_line(monkeypatch):
    from sedamkit.delivery import cli

    seen = {}
    monkeypatch.setattr("sedamkit.ui.app.serve", lambda *a, **kw: seen.update(kw) or 0)
    assert cli.main(["app", "--no-browser", "--new-code"]) == 0
    assert seen["new"] is True


def test_time_wait_sockets_do_not_block_a_restart_on_the_same_port():
    # a server that answered a connection and stopped leaves its side in TIME_WAIT (it closed first)
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((srv.HOST, 0))
    server.listen()
    port = server.getsockname()[1]
    client = socket.create_connection((srv.HOST, port))
    conn, _ = server.accept()
    conn.close()  # the server's side closes first: TIME_WAIT on the server's port
    server.close()
    client.close()
    with socket.socket() as plain:  # what the old check did: a bind without SO_REUSEADDR is refused
        with pytest.raises(OSError):
            plain.bind((srv.HOST, port))
    assert srv.port_is_free(port)
    assert srv._check_port(port, srv.HOST) == port


def test_a_listening_program_is_reported_at_once(tmp_path, monkeypatch):
    import time

    monkeypatch.setitem(sys.modules, "voila", None)  # the port is checked before anything else
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((srv.HOST, 0))
        s.listen()
        port = s.getsockname()[1]
        assert not srv.port_is_free(port)
        t0 = time.monotonic()
        with pytest.raises(SedamError) as e:
            srv.start(tmp_path / "nowhere", port=port)
        assert time.monotonic() - t0 < 5
    assert e.value.codes == ["WEB004"] and "taken by another program" in str(e.value)
