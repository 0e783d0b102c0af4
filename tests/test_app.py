"""sedamkit.ui.app without a browser: pages, live score, landing page, server command and errors, notebooks."""
import json
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import sedamkit.ui.app as app
import sedamkit.ui.app_server as app_server
from sedamkit.core.answers import save_answers
from sedamkit.core.errors import SedamError
from sedamkit.core.params import PARAMETERS
from sedamkit.ui.context import open_stage

from conftest import ROOT

APP_NOTEBOOKS = sorted((ROOT / "notebooks" / "app").glob("*.ipynb"))


# -- notebooks and registry --------------------------------------------------------------------------

def test_every_app_stage_has_its_notebook_and_back():
    stems = {p.stem for p in APP_NOTEBOOKS}
    assert "index" in stems
    from sedamkit.ui.app_facilitator import FACILITATOR_PAGES  # the facilitator's pages (tests/test_app_pages.py)

    assert stems - {"index"} == {s.notebook for s in app.APP_STAGES} | {p[0] for p in FACILITATOR_PAGES}
    for s in app.APP_STAGES:
        nb = nbformat.read(ROOT / "notebooks" / "app" / f"{s.notebook}.ipynb", as_version=4)
        assert nb.metadata["sedam"]["stage"] == s.stage and nb.metadata["sedam"]["questionnaire"] == s.questionnaire
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert f'open_stage("{s.stage}"' in code and f'stage_page(ctx, "{s.questionnaire}")' in code


@pytest.mark.parametrize("path", APP_NOTEBOOKS, ids=lambda p: p.stem)
def test_app_notebooks_are_thin_clean_and_parametrized(path):
    import papermill

    raw = json.loads(path.read_text())
    dirty = [i for i, c in enumerate(raw["cells"]) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them before committing"
    assert raw["metadata"]["kernelspec"]["name"] == "python3"
    nb = nbformat.read(path, as_version=4)
    assert len([c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]) == 1
    assert set(papermill.inspect_notebook(str(path))) == set(PARAMETERS)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert "import sedamkit as sk" in code[0]
    assert sum(len(s.splitlines()) for s in code) <= 20, "app notebooks stay thin: logic goes to sedamkit/app.py"


def test_app_stage_lookup():
    assert app.app_stage("01_necessity_feasibility").notebook == "01_self_assessment"
    with pytest.raises(SedamError) as e:
        app.app_stage("02")
    assert e.value.codes == ["WEB007"]


# -- the Voila template ----------------------------------------------------------------------------------

def test_template_removes_every_external_link_of_voilas_lab_template():
    """Every https URL Voila's lab template links must be one our template strips (catches Voila upgrades)."""
    import voila.paths

    lab = None
    for root in voila.paths._default_root_dirs():
        p = Path(root) / "voila" / "templates" / "lab" / "index.html.j2"
        if p.is_file():
            lab = p.read_text()
            break
    assert lab is not None
    ours = (app.template_root() / "voila" / "templates" / app.TEMPLATE / "index.html.j2").read_text()
    links = [line.strip() for line in lab.splitlines() if re.search(r"(href|src)=\"https?://", line)]
    assert links, "expected the Font Awesome CDN links in voila's lab template"
    for link in links:
        assert f"replace('{link}', '')" in ours, f"not stripped: {link}"
    conf = json.loads((app.template_root() / "voila" / "templates" / app.TEMPLATE / "conf.json").read_text())
    assert conf["base_template"] == "lab"


def test_tree_pages_redirect_to_the_landing_page():
    import jinja2

    folder = app.template_root() / "voila" / "templates" / app.TEMPLATE
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)))
    contents = {"content": [{"type": "notebook", "path": "01_self_assessment.ipynb",
                             "name": "01_self_assessment.ipynb"}]}
    for name in ("tree.html", "tree-lab.html"):
        text = env.get_template(name).render(base_url="/", query="respondent=ana", contents=contents)
        assert 'url=/voila/render/index.ipynb?respondent=ana"' in text, name
        assert "https://" not in text and "http://" not in text


# -- server helpers ---------------------------------------------------------------------------------------

def test_command_and_environment():
    cmd = app.voila_command(Path("/nb/app"), 9999, python="py", code="ROOM42", host="0.0.0.0", pool_size=2)
    assert cmd[:4] == ["py", "-m", "sedamkit.ui.app_voila", "/nb/app"]
    assert {"--no-browser", "--port=9999", "--Voila.ip=0.0.0.0", "--template=sedam", "--Voila.token=ROOM42",
            "--preheat_kernel=True", "--pool_size=2", "--Voila.port_retries=0",
            "--VoilaConfiguration.allow_template_override=NO"} <= set(cmd)
    plain = app.voila_command(Path("/nb/app"), 9999, python="py", pool_size=0)
    assert "--Voila.ip=127.0.0.1" in plain and not [c for c in plain if "token" in c or "preheat" in c]
    env = app.app_environment(Path("/c/acme"), base={"PATH": "/bin", "SEDAM_APP_URL": "stale"})
    assert env["SEDAM_CLIENT"] == "/c/acme" and env["PATH"] == "/bin" and env["SEDAM_APP"] == "1"
    assert env["JUPYTER_PATH"] == str(app.template_root()) and "SEDAM_APP_URL" not in env
    env = app.app_environment("/c", base={}, url="http://127.0.0.3:1/x?token=ROOM42", language="fr", host="127.0.0.3")
    assert env["SEDAM_APP_URL"].endswith("token=ROOM42") and env["SEDAM_APP_LANGUAGE"] == "fr"
    assert env["VOILA_APP_IP"] == "127.0.0.3"


def test_resolve_client_codes(tmp_path, demo_copy):
    assert app.resolve_client(None) == (ROOT / "datasets" / "demo").resolve()
    assert app.resolve_client(str(demo_copy)) == demo_copy
    with pytest.raises(SedamError) as e:
        app.resolve_client(tmp_path / "missing")
    assert e.value.codes == ["WEB001"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(SedamError) as e:
        app.resolve_client(tmp_path / "empty")
    assert e.value.codes == ["WEB002"] and "client.yaml" in e.value.problems[0].file


def test_start_refuses_a_taken_port_and_a_bad_client(tmp_path):
    with socket.socket() as s:
        s.bind((app.HOST, 0))
        s.listen()
        port = s.getsockname()[1]
        assert not app.port_is_free(port)
        with pytest.raises(SedamError) as e:
            app.start(None, port=port)
        assert e.value.codes == ["WEB004"] and f"--port {port + 1}" in str(e.value)
    with pytest.raises(SedamError) as e:
        app.start(None, port=70000)
    assert e.value.codes == ["WEB004"]
    with pytest.raises(SedamError) as e:
        app.start(tmp_path / "nowhere")
    assert e.value.codes == ["WEB001"]


def test_start_without_voila(monkeypatch):
    monkeypatch.setitem(sys.modules, "voila", None)  # import voila -> ImportError
    with pytest.raises(SedamError) as e:
        app.start(None)
    assert e.value.codes == ["WEB003"] and "[app]" in str(e.value)


def test_wait_for_port_reports_a_dead_server_and_a_timeout():
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    proc.wait()
    with pytest.raises(SedamError) as e:
        app.wait_for_port(app.free_port(), timeout=30, process=proc)
    assert e.value.codes == ["WEB006"] and "exit code 3" in str(e.value)
    with pytest.raises(SedamError) as e:
        app.wait_for_port(app.free_port(), timeout=0.2)
    assert e.value.codes == ["WEB006"]
    with socket.socket() as s:
        s.bind((app.HOST, 0))
        s.listen()
        assert app.wait_for_port(s.getsockname()[1], timeout=5) < 5


def test_serve_prints_opens_the_browser_and_returns_the_exit_code(monkeypatch, capsys):
    stopped, opened = [], []

    class Proc:
        def wait(self):
            return 7

    class Server:
        client_dir, url, process = Path("/c/demo"), "http://127.0.0.1:1/voila/render/index.ipynb?token=ROOM42", Proc()
        host, port, code, links = "127.0.0.1", 1, "ROOM42", ["http://127.0.0.1:1/voila/render/index.ipynb?token=ROOM42"]

        def stop(self):
            stopped.append(True)

    monkeypatch.setattr(app_server, "start", lambda client, port, **kw: Server())
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", opened.append)
    assert app.serve("x", port=1, open_browser=True) == 7
    assert opened == [Server.url] and stopped
    out = capsys.readouterr().out
    assert Server.url in out and "Workshop code: ROOM42" in out
    opened.clear()
    assert app.serve("x", port=1, open_browser=False) == 7 and opened == []


def test_page_urls():
    server = app.AppServer(subprocess.Popen([sys.executable, "-c", "pass"]), 8870, "/c")
    server.process.wait()
    assert server.url == "http://127.0.0.1:8870/voila/render/index.ipynb"
    assert server.page_url("01_self_assessment", respondent="ceo").endswith("01_self_assessment.ipynb?respondent=ceo")
    assert server.stop() == 0
    room = app.AppServer(server.process, 8870, "/c", host="0.0.0.0", code="ROOM42")
    assert room.base_url == "http://127.0.0.1:8870/"
    assert room.url == "http://127.0.0.1:8870/voila/render/index.ipynb?token=ROOM42"
    assert room.page_url("01_self_assessment", respondent="José").endswith("?respondent=Jos%C3%A9&token=ROOM42")
    assert room.page_url("index", with_code=False).endswith("index.ipynb")
    assert all(u.endswith(":8870/voila/render/index.ipynb?token=ROOM42") for u in room.links)


# -- pages ---------------------------------------------------------------------------------------------

@pytest.fixture
def ctx(tmp_path, monkeypatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("SEDAM_CLIENT", raising=False)
    answers = tmp_path / "answers"
    shutil.copytree(ROOT / "datasets" / "demo" / "answers", answers)
    return open_stage("01_necessity_feasibility", answers_dir=str(answers), output_dir=str(tmp_path / "out"),
                      interactive=True, respondent="me")


def _num(html, cls):
    return re.search(rf'class="{cls}">([^<]*)<', html).group(1)


def test_live_summary_follows_the_answers_files(ctx):
    spec = ctx.spec("necessity_feasibility")
    live = app.live_summary(ctx, spec, chart=False)
    first = live()
    h = first._repr_html_()
    assert _num(h, "sedam-score-you") == "—" and _num(h, "sedam-answered") == "0/42"
    team_before = _num(h, "sedam-score-team")
    assert re.fullmatch(r"\d+", team_before)
    assert live() is first, "unchanged answers: the summary is reused"
    path = ctx.answers_file(spec)
    doc = {"questionnaire": spec.id, "version": spec.version, "respondent": "me", "updated": None,
           "answers": {"need_strategy_gap_tools": 5}, "comments": {}}
    save_answers(path, doc, spec)
    h2 = live()._repr_html_()
    assert _num(h2, "sedam-score-you") == "100" and _num(h2, "sedam-answered") == "1/42"
    assert "(5 respondents)" in h2
    again = live()
    doc["comments"] = {"need_strategy_gap_tools": "minutes"}
    save_answers(path, doc, spec)
    assert live() is again, "a comment does not change the score: no redraw"
    doc["answers"]["need_strategy_link"] = 1
    save_answers(path, doc, spec)
    you = int(_num(live()._repr_html_(), "sedam-score-you"))
    assert 0 < you < 100


def test_live_summary_chart_is_an_inline_png(ctx):
    h = app.live_summary(ctx, ctx.spec("necessity_feasibility"))()._repr_html_()
    m = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', h)
    import base64

    assert m and base64.b64decode(m.group(1))[:4] == b"\x89PNG"
    assert "http" not in h.replace(m.group(0), "")


def test_stage_page_interactive_and_batch(ctx, tmp_path):
    page = app.stage_page(ctx, "necessity_feasibility", chart=False)
    assert page.form is not None and page.form.live is page.live
    assert "Northwind Home Services" in page.header and "Stage 01" in page.header
    assert 'href="index.ipynb"' in page.header
    page.form.answer("talent_specify", 4)  # as a click would: saves, then the live summary is recomputed
    assert json.loads(ctx.answers_file(page.spec).read_text())["answers"] == {"talent_specify": 4}
    batch = open_stage("01_necessity_feasibility", answers_dir=str(ctx.answers_dir), output_dir=str(tmp_path / "o"),
                       interactive=False)
    assert app.stage_page(batch, chart=False).form is None


def test_query_string_respondent_is_kept_in_links(tmp_path, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "respondent=ceo")
    monkeypatch.delenv("SEDAM_CLIENT", raising=False)
    answers = tmp_path / "answers"
    shutil.copytree(ROOT / "datasets" / "demo" / "answers", answers)
    land = app.landing(answers_dir=str(answers), output_dir=str(tmp_path / "out"))
    assert land.respondent == "ceo"
    row = land.rows[0]
    assert row["notebook"] == "01_self_assessment" and row["answered"] == row["total"] > 0
    assert row["respondents"] == 4
    assert 'href="01_self_assessment.ipynb?respondent=ceo"' in land.html
    assert "Northwind Home Services" in land.html and "ceo" in repr(land)


def test_landing_for_a_new_respondent_and_a_client_from_the_environment(tmp_path, monkeypatch, demo_copy):
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.setenv("SEDAM_CLIENT", str(demo_copy))  # as 'sedam app CLIENT' sets it
    land = app.landing()
    assert land.client["dir"] == str(demo_copy) or Path(land.client["dir"]) == demo_copy
    assert land.rows[0]["answered"] == 0 and 'href="01_self_assessment.ipynb"' in land.html


# -- no shared default respondent; names; problems in plain words -------------------------------------------

@pytest.fixture
def nameless(tmp_path, monkeypatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("SEDAM_CLIENT", raising=False)
    answers = tmp_path / "answers"
    shutil.copytree(ROOT / "datasets" / "demo" / "answers", answers)
    return open_stage("01_necessity_feasibility", answers_dir=str(answers), output_dir=str(tmp_path / "out"),
                      interactive=True, respondent="")


def test_a_page_without_a_respondent_asks_for_a_name_and_saves_nothing_before(nameless):
    folder = nameless.answers_dir / nameless.stage.id
    before = sorted(p.name for p in folder.iterdir())
    page = app.stage_page(nameless, "necessity_feasibility", chart=False)
    assert page.form is None and page.name_box is not None and page.name_button is not None
    assert not (folder / "me.json").exists() and sorted(p.name for p in folder.iterdir()) == before
    page.name_box.value = "   "
    page.name_button.click()                                   # a blank name: a coded problem, in words
    assert page.form is None and "ANS009" in page.message.value and "Traceback" not in page.message.value
    page.name_box.value = "José"
    page.name_button.click()
    assert page.form is not None and page.form in [page.form] and page.form.widget in page.widget.children
    assert "José" in page.header
    page.form.answer("talent_specify", 4)
    path = nameless.answers_file(page.spec)
    assert path.stem.startswith("jose-") and json.loads(path.read_text(encoding="utf-8"))["name"] == "José"
    assert not (folder / "me.json").exists()


def test_a_name_in_the_address_becomes_a_safe_id(tmp_path, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "respondent=Anne%20Marie")
    monkeypatch.delenv("SEDAM_CLIENT", raising=False)
    ctx = open_stage("01_necessity_feasibility", answers_dir=str(tmp_path / "a"), output_dir=str(tmp_path / "o"),
                     interactive=True, respondent="")
    assert ctx.respondent.startswith("anne-marie-") and ctx.respondent_name == "Anne Marie"
    page = app.stage_page(ctx, "necessity_feasibility", chart=False)
    assert page.form is not None and "Anne Marie" in page.header
    assert 'href="index.ipynb?respondent=Anne+Marie"' in page.header


def test_the_landing_page_without_a_name_asks_for_one(nameless, tmp_path):
    land = app.landing(answers_dir=str(nameless.answers_dir), output_dir=str(tmp_path / "out"), respondent="")
    assert 'name="respondent"' in land.html and land.rows[0]["answered"] == 0
    assert 'href="01_self_assessment.ipynb"' in land.html


def test_a_problem_on_a_page_is_shown_in_plain_words(nameless, capsys):
    spec = nameless.spec("necessity_feasibility")
    nameless.set_respondent("ceo")
    path = nameless.answers_file(spec)
    path.write_text('{"broken')                                # a corrupt answers file
    page = app.stage_page(nameless, "necessity_feasibility", chart=False)
    assert page.form is None and "ANS001" in page.message.value
    assert str(path.parent) not in page.message.value and "Traceback" not in page.message.value
    with app.shown_as_problem():
        open_stage("09_nope")
    out = capsys.readouterr().out
    assert "Traceback" not in out
    h = app.problem_html(ValueError("/srv/secret/path.py line 3"))
    assert "secret" not in h and "ValueError" in h


# -- the workshop server: code, host, pool ---------------------------------------------------------------

def test_workshop_code_host_and_pool_problems_are_coded(tmp_path):
    with pytest.raises(SedamError) as e:
        app.start(None, code="é!")
    assert e.value.codes == ["WEB008"]
    with pytest.raises(SedamError) as e:
        app.start(None, host="not-an-address")
    assert e.value.codes == ["WEB009"]
    with pytest.raises(SedamError) as e:  # a documentation address (TEST-NET-3): not this machine's; bind only
        app.start(None, host="203.0.113.7", port=8866)
    assert e.value.codes == ["WEB009"] and "0.0.0.0" in str(e.value)
    with pytest.raises(SedamError) as e:
        app.start(None, pool_size=99)
    assert e.value.codes == ["WEB010"]


def test_codes_are_short_unambiguous_and_compared_as_typed():
    codes = {app.new_code() for _ in range(50)}
    assert len(codes) > 45 and all(len(c) == 6 and not set(c) & set("01IOL") for c in codes)
    assert app_server.check_code(" room-42 ") == "ROOM42"
    assert app_server.join_links("0.0.0.0", 9000, "ROOM42")[0].endswith(":9000/voila/render/index.ipynb?token=ROOM42")
    assert app_server.connect_host("0.0.0.0") == "127.0.0.1"


def test_the_code_page_is_plain_and_in_the_clients_language():
    from sedamkit.ui.app_voila import refusal_page

    fr = refusal_page("fr", action="/login?next=%2Fvoila%2Frender%2Findex.ipynb", wrong=True)
    assert 'lang="fr"' in fr and "Cet atelier demande son code" in fr and "Ce code n’est pas celui" in fr
    assert 'name="password"' in fr and "jupyter" not in fr.lower() and "http" not in fr
    assert "This workshop needs its code" in refusal_page("en")


def test_app_pages_hide_the_answers_path(ctx, monkeypatch):
    monkeypatch.setenv("SEDAM_APP", "1")
    spec = ctx.spec("necessity_feasibility")
    form = ctx.form(spec)
    form._status_ok()  # noqa: SLF001 - the status line as a save writes it
    assert "saved at" in form.status.value and str(ctx.answers_dir) not in form.status.value
    monkeypatch.delenv("SEDAM_APP")
    assert ctx.form(spec).show_path is True  # JupyterLab: the file is named


def test_the_preheat_query_socket_answers_only_this_machine(monkeypatch):
    """Voila's /voila/query socket hands a kernel its visitor's request (with the code in it): only the
    kernels, on this machine, may ask."""
    from types import SimpleNamespace

    from tornado.web import HTTPError

    from sedamkit.ui.app_voila import LocalRequestInfoHandler

    monkeypatch.setenv("VOILA_APP_IP", "192.0.2.2")
    handler = LocalRequestInfoHandler.__new__(LocalRequestInfoHandler)
    for ip in ("127.0.0.1", "::1", "192.0.2.2"):
        handler.request = SimpleNamespace(remote_ip=ip)
        handler.prepare()
    for ip in ("192.0.2.9", "198.51.100.4", "", "not-an-ip"):
        handler.request = SimpleNamespace(remote_ip=ip)
        with pytest.raises(HTTPError) as e:
            handler.prepare()
        assert e.value.status_code == 403


def test_a_preheated_kernel_gives_its_prepared_questionnaire_once(monkeypatch, demo_copy):
    from sedamkit.core.config import load_client
    from sedamkit.stages import REGISTRY
    from sedamkit.ui import app_request

    monkeypatch.setenv("SEDAM_CLIENT", str(demo_copy))
    monkeypatch.setattr(app_request, "_PREPARED", {})
    app_request.warm_up()
    client = load_client(demo_copy, stage_ids=REGISTRY)
    spec = app_request.prepared_spec(client, "necessity_feasibility", "en")
    assert spec is not None and spec.id == "necessity_feasibility"
    assert app_request.prepared_spec(client, "necessity_feasibility", "en") is None  # given once
    assert app_request.prepared_spec({**client, "dir": "/elsewhere"}, "kano", "en") is None
    assert app_request.wait_for_visitor() is False  # not in a preheated Voila kernel: nothing to wait for
