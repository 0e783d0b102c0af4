"""The facilitator key (issue #16): the facilitator's three app pages show their content only when their
query string carries the key the server made (or was given), which reaches the kernels in an environment
variable; anyone else gets one plain, translated line (WEB052). Also the key's checks (WEB050, WEB051), the
facilitator's links apart from the join links and the command line option."""
import re
import shutil

import pytest

pytest.importorskip("ipywidgets")

import sedamkit.ui.app_facilitator as fac
import sedamkit.ui.app_server as srv
from sedamkit.core.errors import SedamError
from sedamkit.core.i18n import catalogue
from sedamkit.ui.context import open_stage

from conftest import ROOT

KEY = "Fac-Key_2026x"
PAGES = (("01_necessity_feasibility", fac.facilitator_page), ("02_daap", fac.plan_page),
         ("03_application", fac.assessment_page))


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """``open(client, stage, query)``: a context as an app kernel has it, with the facilitator key set."""
    monkeypatch.delenv("SEDAM_CLIENT", raising=False)
    monkeypatch.delenv(fac.URL_ENV, raising=False)
    monkeypatch.setenv("SEDAM_APP", "1")
    monkeypatch.setenv(srv.KEY_ENV, KEY)

    def open_(client, stage, query=""):
        monkeypatch.setenv("QUERY_STRING", query)
        answers = tmp_path / client / "answers"
        if not answers.exists():
            shutil.copytree(ROOT / "datasets" / client / "answers", answers)
        return open_stage(stage, client_dir=str(ROOT / "datasets" / client), answers_dir=str(answers),
                          output_dir=str(tmp_path / client / "out"), respondent="")

    return open_


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.parametrize("client", ("demo", "hopitaux-estuaire"))
@pytest.mark.parametrize("stage,make", PAGES)
def test_without_the_key_a_page_shows_only_the_notice(app_env, client, stage, make):
    for query in ("token=ABC234", "token=ABC234&key=wrong-key-1", "key=", f"key={KEY[:-1]}"):
        ctx = app_env(client, stage, query)
        page = make(ctx)
        assert isinstance(page, fac.FacilitatorOnly), query
        assert page.widget is None and page.editor is None
        assert "WEB052" in page.html and KEY not in page.html
        lang = ctx.language
        assert catalogue()["editors.facilitator_only_title"][lang].replace("’", "&#x27;") in page.html \
            or catalogue()["editors.facilitator_only_title"][lang] in page.html
        if lang == "fr":
            assert "animateur" in _text(page.html) and "facilitator" not in _text(page.html).lower()
        # nothing of the page itself: no table of answers, no editor, no join link
        assert "sedam-facilitator\"" not in page.html and "sedam-join" not in page.html


@pytest.mark.parametrize("stage,make", PAGES)
def test_with_the_key_the_page_is_built(app_env, stage, make):
    ctx = app_env("demo", stage, f"token=ABC234&key={KEY}")
    page = make(ctx)
    assert not isinstance(page, fac.FacilitatorOnly)
    assert page.widget is not None
    if hasattr(page, "stop"):
        page.stop()


def test_allowed_rules():
    base = {"SEDAM_APP": "1", srv.KEY_ENV: KEY}
    assert fac.facilitator_allowed({**base, "QUERY_STRING": f"key={KEY}"})
    assert fac.facilitator_allowed({**base, "QUERY_STRING": f"respondent=x&key={KEY}&token=A"})
    assert not fac.facilitator_allowed({**base, "QUERY_STRING": ""})
    assert not fac.facilitator_allowed({**base, "QUERY_STRING": f"key={KEY.lower()}"})
    assert not fac.facilitator_allowed({"SEDAM_APP": "1", "QUERY_STRING": "key="})  # app without a key: closed
    assert fac.facilitator_allowed({"QUERY_STRING": ""})  # JupyterLab / batch: open


def test_the_comparison_is_hmac_compare_digest(monkeypatch):
    seen = []
    real = fac.hmac.compare_digest
    monkeypatch.setattr(fac.hmac, "compare_digest", lambda a, b: seen.append((a, b)) or real(a, b))
    assert fac.facilitator_allowed({"SEDAM_APP": "1", srv.KEY_ENV: KEY, "QUERY_STRING": f"key={KEY}"})
    assert seen == [(KEY.encode(), KEY.encode())]


def test_key_checks():
    assert srv.check_key(f"  {KEY} ") == KEY
    k = srv.new_key()
    assert srv.check_key(k) == k and k != srv.new_key()
    for bad in ("short", "with space inside", "é" * 10, "x" * 65, ""):
        with pytest.raises(SedamError) as e:
            srv.check_key(bad)
        assert e.value.codes == ["WEB050"]
    with pytest.raises(SedamError) as e:
        srv.check_key("room4242", code="ROOM4242")
    assert e.value.codes == ["WEB051"]


def test_the_key_reaches_the_kernels_and_only_the_facilitators_links():
    env = srv.app_environment("/c/acme", base={srv.KEY_ENV: "old-old-old"}, key=KEY,
                              url="http://127.0.0.1:8866/voila/render/index.ipynb?token=AB3K7Q")
    assert env[srv.KEY_ENV] == KEY and KEY not in env["SEDAM_APP_URL"]
    assert srv.KEY_ENV not in srv.app_environment("/c/acme", base={srv.KEY_ENV: "old-old-old"})
    links = srv.facilitator_links("127.0.0.1", 8866, "AB3K7Q", KEY)
    assert [l.split("/render/")[1].split("?")[0] for l in links] == ["facilitator.ipynb", "02_plan.ipynb",
                                                                     "03_assessment.ipynb"]
    assert all(f"key={KEY}" in l and "token=AB3K7Q" in l for l in links)
    assert all("key=" not in l for l in srv.join_links("127.0.0.1", 8866, "AB3K7Q"))


def test_server_urls_carry_the_key_on_facilitator_pages_only():
    s = srv.AppServer(process=None, port=8866, client_dir="/c/acme", code="AB3K7Q", facilitator_key=KEY)
    assert f"key={KEY}" in s.page_url("02_plan") and "key=" not in s.page_url("05_mission_review")
    assert "key=" not in s.url and len(s.facilitator_links) == 3
    assert "key=" not in s.page_url("facilitator", with_code=False)


def test_serve_prints_the_facilitators_links_apart(monkeypatch, capsys):
    class Proc:
        pid, returncode = 0, 0

        def wait(self):
            return 0

        def poll(self):
            return 0

    made = {}

    def fake_start(client, port, **kw):
        made.update(kw)
        return srv.AppServer(Proc(), 8866, "/c/acme", code="AB3K7Q", facilitator_key=kw["facilitator_key"] or "made-key-1")

    monkeypatch.setattr(srv, "start", fake_start)
    monkeypatch.setattr(srv.AppServer, "stop", lambda self, timeout=15.0: 0)
    assert srv.serve("/c/acme", open_browser=False, facilitator_key=KEY) == 0
    out = capsys.readouterr().out
    join, _, fac_part = out.partition("For the facilitator only")
    assert "index.ipynb?token=AB3K7Q" in join and KEY not in join
    assert fac_part.count(f"key={KEY}") == 3 and made["facilitator_key"] == KEY


def test_command_line_option(monkeypatch):
    from sedamkit.delivery import cli

    seen = {}
    monkeypatch.setattr("sedamkit.ui.app.serve", lambda *a, **kw: seen.update(kw) or 0)
    assert cli.main(["app", "--no-browser", "--facilitator-key", KEY]) == 0
    assert seen["facilitator_key"] == KEY


def test_a_bad_key_stops_the_start_before_any_server(monkeypatch):
    pytest.importorskip("voila")
    with pytest.raises(SedamError) as e:
        srv.start(None, facilitator_key="no")
    assert e.value.codes == ["WEB050"]
    with pytest.raises(SedamError) as e:
        srv.start(None, code="ROOM4242", facilitator_key="room4242")
    assert e.value.codes == ["WEB051"]


def test_links_to_the_participants_pages_drop_the_key(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", f"token=AB3K7Q&key={KEY}&respondent=jose")
    h = fac.page_links("en")
    assert 'href="05_mission_review.ipynb?token=AB3K7Q"' in h
    assert f'href="02_plan.ipynb?token=AB3K7Q&amp;key={KEY}"' in h and "respondent" not in h
