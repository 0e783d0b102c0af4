"""Client runs for consultants: the report, batches of clients, parallel kernels without port races."""
import json
import re
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

from sedamkit import runner
from sedamkit.core.errors import SedamError
from sedamkit.delivery.report import export_table, safe_cell


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """Stage 01 for a client whose name and comments try to inject markup."""
    from conftest import ROOT

    base = tmp_path_factory.mktemp("hostile")
    client = base / "evil"
    shutil.copytree(ROOT / "datasets/demo", client)
    cfg = client / "client.yaml"
    cfg.write_text(cfg.read_text().replace("name: Northwind Home Services", 'name: "<script>alert(1)</script>"')
                   .replace("sector: Home repair and maintenance", 'sector: "<img src=x onerror=alert(2)>"'))
    ceo = client / "answers/01_necessity_feasibility/ceo.json"
    doc = json.loads(ceo.read_text())
    doc["comments"]["talent_specify"] = "=HYPERLINK(\"http://evil.example\") <b>bold</b>"
    ceo.write_text(json.dumps(doc))
    run_dir = runner.run_client(client, runs_root=base / "runs", stages=["01"], progress=False, log=None)
    return run_dir


def test_report_escapes_client_text_and_makes_no_requests(hostile_run):
    html = (hostile_run / "report.html").read_text()
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "onerror=alert" not in html.replace("onerror=alert(2)&gt;", "")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "no external resources"
    assert "http://" not in html and "https://" not in html


def test_report_has_summary_sections_and_text_alternatives(hostile_run):
    html = (hostile_run / "report.html").read_text()
    assert 'id="summary"' in html and "Executive summary" in html
    assert "id='01_necessity_feasibility'" in html and "Prepare first" in html
    imgs = re.findall(r"<img [^>]*>", html)
    assert imgs and all('alt="' in i and 'alt=""' not in i for i in imgs)
    assert all('src="data:image/png;base64,' in i for i in imgs)
    assert "Radar chart of readiness by area" in html


def test_report_pdf_when_weasyprint_is_present(hostile_run):
    from sedamkit.delivery.pdf import available

    if not available():
        pytest.skip("no WeasyPrint on this machine: report.pdf is skipped with a message")
    pdf = hostile_run / "report.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_exports_neutralise_formulas(tmp_path):
    import pandas as pd

    df = pd.DataFrame({"who": ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "fine"], "n": [1, -2, 3, 4, 5]})
    csv, xlsx = export_table(df, tmp_path, "t")
    back = pd.read_csv(csv)
    assert back["who"].tolist() == ["'=cmd|' /C calc'!A0", "'+1", "'-2", "'@SUM(A1)", "fine"]
    assert back["n"].tolist() == [1, -2, 3, 4, 5]               # numbers stay numbers
    assert pd.read_excel(xlsx)["who"].iloc[0].startswith("'=")
    assert safe_cell("\t=1") == "'\t=1"


def _exec_tiny(args):
    from pathlib import Path

    import nbformat

    from sedamkit.delivery.runner import run_notebook

    i, folder = args
    folder = Path(folder)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 6 * 7")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / f"in-{i}.ipynb")
    run_notebook(folder / f"in-{i}.ipynb", folder / f"out-{i}.ipynb", {}, cwd=folder, timeout=120)
    return i


def test_parallel_kernels_do_not_race(tmp_path):
    """20 notebook executions across 3 worker processes in one working directory: zero failures.

    With the default TCP transport such runs race for ports; with IPC sockets they raced for the
    socket file names until each kernel got its own prefix."""
    import multiprocessing

    with ProcessPoolExecutor(max_workers=3, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = list(pool.map(_exec_tiny, [(i, str(tmp_path)) for i in range(20)]))
    assert done == list(range(20))
    assert len(list(tmp_path.glob("out-*.ipynb"))) == 20


def test_ipc_transport_is_used():
    km = runner.IPCKernelManager(kernel_name="python3")
    assert km.transport == "ipc"


def test_batch_with_a_broken_client(tmp_path, root):
    clients = []
    for name in ("alpha", "broken", "gamma"):
        d = tmp_path / "clients" / name
        shutil.copytree(root / "datasets/demo", d)
        cfg = d / "client.yaml"
        text = cfg.read_text().replace("id: demo", f"id: {name}").replace("stages: all",
                                                                          "stages: [01_necessity_feasibility]")
        if name == "broken":
            text = text.replace("data/cx_survey.csv", "data/missing.csv")
        cfg.write_text(text)
        clients.append(d)
    r = subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "batch", str(tmp_path / "clients" / "*"),
                        "--out", str(tmp_path / "runs"), "--workers", "2", "-q", "--no-pdf"],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert re.search(r"alpha\s+ok", r.stdout) and re.search(r"gamma\s+ok", r.stdout)
    assert re.search(r"broken\s+invalid", r.stdout) and "CFG004" in r.stderr and "missing.csv" in r.stderr
    assert "2 of 3 clients finished" in r.stdout
    for ok in ("alpha", "gamma"):
        run = next((tmp_path / "runs" / ok).iterdir())
        assert json.loads((run / "run.json").read_text())["status"] == "ok"
        assert (run / "report.html").is_file()
    assert not (tmp_path / "runs" / "broken").exists()


@pytest.mark.parametrize("args, code", [
    (["--stages", "09"], "PARAM005"),
    (["-p", "interactive=yes"], "PARAM002"),
    (["-p", "respondnet=ana"], "PARAM001"),
])
def test_bad_run_arguments_fail_before_anything_is_written(demo_copy, tmp_path, args, code):
    r = subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "run", str(demo_copy), "--out",
                        str(tmp_path / "runs"), "-q", "--no-pdf", *args], capture_output=True, text=True)
    assert r.returncode == 1 and code in r.stderr and "Nothing was run" in r.stderr
    assert not (tmp_path / "runs").exists()


def test_missing_data_file_fails_validation(demo_copy, tmp_path):
    (demo_copy / "data/operations.csv").unlink()
    with pytest.raises(SedamError) as ei:
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", log=None)
    assert "CFG004" in ei.value.codes and "operations.csv" in str(ei.value)
    assert not (tmp_path / "runs").exists()


def test_french_client_gets_a_french_report(demo_copy, tmp_path):
    cfg = demo_copy / "client.yaml"
    cfg.write_text(cfg.read_text().replace("language: en", "language: fr"))
    run_dir = runner.run_client(demo_copy, runs_root=tmp_path / "runs", stages=["01"], progress=False, log=None,
                                pdf=False)
    import html as html_lib

    raw = (run_dir / "report.html").read_text()
    assert '<html lang="fr">' in raw
    html = html_lib.unescape(raw)
    for text in ("Synthèse", "Nécessité et faisabilité", "Se préparer d'abord", "sous son seuil",
                 "Maturité par domaine", "À propos de ce rapport"):
        assert text in html, text
    assert "Executive summary" not in html and "below its threshold" not in html
