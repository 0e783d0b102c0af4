"""Nothing injected: client text planted with markup never reaches a notebook output or the report
as live HTML or Markdown (issue "Nothing lost, nothing injected, never a traceback").

The demo client is copied and a marker holding an image with ``onerror``, a ``javascript:`` Markdown
link and a ``<script>`` is planted in every free-text field: client, plan, journey, application
assessment, the region names and comments of the data CSVs and the answers' comments. Every stage
runs with papermill; every output of every executed notebook (HTML, Markdown, widget state) and
``report.html`` are scanned. Escaped forms (``&lt;img``) are fine; live ones are not.
"""
import json
import re
import shutil

import pytest
import yaml

from conftest import ROOT

MARK = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) <script>sedam()</script>"
#: a region name with the marker's tags but no comma or quote, so the CSVs stay plain
REGION_MARK = "South <img src=x onerror=alert(1)><script>sedam()</script>"

#: live markup in HTML: a tag that is really open, an event handler inside a tag, a javascript: href
LIVE_HTML = [re.compile(p, re.I) for p in (r"<img\b", r"<script\b", r"<[^>]*\bonerror\s*=",
                                            r"href\s*=\s*[\"']?\s*javascript:")]
#: Markdown renders raw HTML too, and makes links of [text](target)
LIVE_MD = LIVE_HTML + [re.compile(r"\]\(\s*<?\s*javascript:", re.I)]
#: the figures the report embeds itself (base64 PNG or SVG, quoted, no handler)
OWN_FIGURE = re.compile(r'<img src="data:image/(?:png|svg\+xml);base64,[A-Za-z0-9+/=]*"')


def live_markup(text: str, markdown: bool = True) -> list[str]:
    """The live markup found in ``text`` (empty when it is safe); ``markdown`` adds Markdown links.

    >>> live_markup("&lt;img src=x onerror=alert(1)&gt; \\\\[x\\\\]\\\\(javascript:alert(1)\\\\)")
    []
    >>> live_markup('<p><img src=x onerror=alert(1)></p>')
    ['<img', '<img src=x onerror=']
    >>> live_markup("[x](javascript:alert(1))"), live_markup("[x](javascript:alert(1))", markdown=False)
    (['](javascript:'], [])
    >>> live_markup('<img src="data:image/png;base64,iVBO" alt="a">')
    []
    """
    text = OWN_FIGURE.sub("", text)
    return [m.group(0) for rx in (LIVE_MD if markdown else LIVE_HTML) for m in rx.finditer(text)]


def _plant(value):
    return f"{value} {MARK}" if value else MARK


def _rewrite_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _client(d):
    d["name"] = _plant(d["name"])
    d["sector"] = _plant(d.get("sector"))
    d["mission"] = _plant(d["mission"])
    d["regions"] = [REGION_MARK if r == "South" else r for r in d["regions"]]
    if isinstance(d.get("contact"), dict):
        d["contact"]["name"] = _plant(d["contact"].get("name"))


def _plan(d):
    d["client"] = _plant(d.get("client"))
    d["title"] = _plant(d.get("title"))
    d["mission"] = _plant(d["mission"])
    for g in d["goals"]:
        g["text"] = _plant(g["text"])
    for p in d["phases"]:
        p["name"] = _plant(p["name"])
    for r in d["risks"]:
        r["description"] = _plant(r["description"])
        r["owner"] = _plant(r.get("owner"))
        if r.get("mitigation"):
            r["mitigation"] = _plant(r["mitigation"])
    for k in d["kpis"]:
        if k.get("name"):
            k["name"] = _plant(k["name"])
    for key, item in (d.get("preparation") or {}).items():
        if isinstance(item, dict) and item.get("notes"):
            item["notes"] = _plant(item["notes"])
    for key, item in (d.get("principles") or {}).items():
        if isinstance(item, dict) and item.get("evidence"):
            item["evidence"] = _plant(item["evidence"])


def _journey(d):
    j = d["journey"]
    j["name"] = _plant(j["name"])
    j["organisation"] = _plant(j.get("organisation"))
    j["persona"] = _plant(j.get("persona"))
    for s in d["stages"]:
        s["name"] = _plant(s["name"])
    for t in d["touchpoints"]:
        t["name"] = _plant(t["name"])
        t["description"] = _plant(t.get("description"))
    for p in d["data_points"]:
        p["observes"] = _plant(p["observes"])
        p["method"] = _plant(p["method"])
        if p.get("privacy_measure"):
            p["privacy_measure"] = _plant(p["privacy_measure"])
    for c in d.get("co_creation") or []:
        if c.get("note"):
            c["note"] = _plant(c["note"])


def _application(d):
    d["client"] = _plant(d.get("client"))
    d["assessor"] = _plant(d.get("assessor"))
    for el in d["elements"].values():
        el["evidence"] = _plant(el.get("evidence"))
        if el.get("other_tools"):
            el["other_tools"] = [_plant(t) for t in el["other_tools"]]
        if el.get("notes"):
            el["notes"] = _plant(el["notes"])


def _csvs(data_dir):
    import pandas as pd

    for path in sorted(data_dir.glob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "region" in df.columns:
            df["region"] = df["region"].replace({"South": REGION_MARK})
        if "comment" in df.columns:
            df["comment"] = [f"{c} {MARK}" if c else c for c in df["comment"]]
        df.to_csv(path, index=False)


def _answers(answers_dir):
    for path in sorted(answers_dir.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("comments"):
            data["comments"] = {k: _plant(v) for k, v in data["comments"].items()}
            path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def planted_client(dest):
    """A copy of the demo client with the marker in every free-text field."""
    shutil.copytree(ROOT / "datasets" / "demo", dest)
    _rewrite_yaml(dest / "client.yaml", _client)
    _rewrite_yaml(dest / "plan.yaml", _plan)
    _rewrite_yaml(dest / "journey.yaml", _journey)
    _rewrite_yaml(dest / "application.yaml", _application)
    _csvs(dest / "data")
    _answers(dest / "answers")
    return dest


def _texts(output):
    """The rendered texts of one notebook output: HTML, Markdown, SVG, widget views, JS."""
    data = output.get("data") or {}
    for mime, value in data.items():
        if mime == "text/plain" or mime.startswith("image/png"):
            continue
        yield mime, value if isinstance(value, str) else "".join(value) if isinstance(value, list) \
            else json.dumps(value)


def notebook_leaks(nb: dict) -> list[tuple]:
    leaks = []
    for i, cell in enumerate(nb.get("cells", [])):
        for out in cell.get("outputs", []) or []:
            for mime, text in _texts(out):
                found = live_markup(text, markdown=mime == "text/markdown")
                if found:
                    leaks.append((i, mime, found[:3], "".join(cell.get("source", ""))[:120]))
    widgets = json.dumps((nb.get("metadata") or {}).get("widgets") or {})
    if live_markup(widgets):
        leaks.append(("metadata", "widgets", live_markup(widgets)[:3], ""))
    return leaks


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory):
    from sedamkit.delivery.runner import run_client

    base = tmp_path_factory.mktemp("inject")
    client = planted_client(base / "client")
    run = run_client(client, runs_root=base / "runs", progress=False, log=None, pdf=False)
    return run


def test_the_planted_client_is_valid():
    """The planted copy still validates: regions stay consistent across the files."""
    import tempfile
    from pathlib import Path

    from sedamkit.delivery.runner import validate_client

    with tempfile.TemporaryDirectory() as tmp:
        client = validate_client(planted_client(Path(tmp) / "client"))
        assert MARK in client["name"] and REGION_MARK in client["regions"]


@pytest.mark.notebook
def test_the_run_with_planted_text_succeeds(planted_run):
    manifest = json.loads((planted_run / "run.json").read_text())
    assert manifest["status"] == "ok", manifest
    assert all(s["status"] == "ok" for s in manifest["stages"]), manifest["stages"]


def _notebook(run, stage):
    path = run / "notebooks" / f"{stage}.ipynb"
    assert path.is_file(), path
    return json.loads(path.read_text(encoding="utf-8"))


STAGES = ["01_necessity_feasibility", "02_daap", "03_application", "04_customer_experience",
          "05_evaluation", "06_improvement"]


@pytest.mark.notebook
@pytest.mark.parametrize("stage", STAGES)
def test_no_planted_markup_is_live_in_a_notebook(planted_run, stage):
    nb = _notebook(planted_run, stage)
    text = json.dumps(nb)
    assert "onerror" in text, "the marker did not reach the notebook: the test plants nothing"
    leaks = notebook_leaks(nb)
    assert not leaks, "\n".join(map(str, leaks))


@pytest.mark.notebook
def test_no_planted_markup_is_live_in_the_report(planted_run):
    html = (planted_run / "report.html").read_text(encoding="utf-8")
    assert "onerror" in html
    found = live_markup(html, markdown=False)
    assert not found, found[:5]
