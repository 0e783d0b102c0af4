"""sedam compare: a progress report from two runs of one client (the second made by copying the client
folder and changing answers), refused for two clients; a part missing from a run says so in one line."""
import json
import re
import shutil
import subprocess

import pytest
import yaml

from sedamkit.core.errors import SedamError
from sedamkit.delivery import runner
from sedamkit.delivery.cli import main
from sedamkit.delivery.compare import compare_runs, load_run, progress_tables

STAGES = ["01", "02", "03", "05", "06"]   # what the four parts need (05 needs 02's plan)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    from conftest import ROOT

    base = tmp_path_factory.mktemp("cmp")
    client = base / "clients" / "demo"
    shutil.copytree(ROOT / "datasets/demo", client)
    run_a = runner.run_client(client, runs_root=base / "runs", stages=STAGES, progress=False, log=None, pdf=False)
    # the follow-up: better data capabilities, a more mature E3, last cycle's actions to check
    for f in (client / "answers/01_necessity_feasibility").glob("*.json"):
        doc = json.loads(f.read_text())
        doc["answers"] = {k: (min(5, v + 1) if k.startswith("cap_") and isinstance(v, int) else v)
                          for k, v in doc["answers"].items()}
        f.write_text(json.dumps(doc))
    app = yaml.safe_load((client / "application.yaml").read_text())
    elements = app.get("elements", app)
    elements["E3"]["maturity"] = 3
    (client / "application.yaml").write_text(yaml.safe_dump(app, allow_unicode=True))
    shutil.copy(run_a / "next_cycle_actions.yaml", client / "previous_actions.yaml")
    run_b = runner.run_client(client, runs_root=base / "runs", stages=STAGES, progress=False, log=None, pdf=False)
    return run_a, run_b, client, base


def _visible(html: str) -> str:
    html = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'alt="[^"]*"', "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_progress_report_of_two_runs_of_one_client(runs, tmp_path):
    run_a, run_b, _, _ = runs
    parts = progress_tables(load_run(run_a), load_run(run_b))
    cap = [r for r in parts["readiness"] if r["then"] is not None and r["now"] is not None]
    assert any(r["now"] > r["then"] for r in cap)                      # the changed answers show
    assert all(r["now"] >= r["then"] for r in cap)
    assert parts["overall"][1] > parts["overall"][0] and all(parts["decision"])
    e3 = [c for c in parts["coverage"] if c["now"] == 3 and c["then"] == 1]
    assert len(e3) == 1 and len(parts["coverage"]) == 9
    assert parts["kpis"] and all(k["then_status"] and k["now_status"] for k in parts["kpis"])
    kinds = {r["kind"] for r in parts["actions"]}
    assert kinds == {"kpi", "top"}
    assert all(r["state"] != "not_checked" for r in parts["actions"] if r["kind"] == "kpi")   # B checked them
    assert all(r["state"] in ("done", "open", "unknown_stage") for r in parts["actions"] if r["kind"] == "top")

    html_path = compare_runs(run_a, run_b, tmp_path / "out", log=None)
    html = html_path.read_text()
    for h in ("Readiness and decision", "KPIs against the plan", "Coverage of the nine elements",
              "Improvement actions"):
        assert f"{h}</h2>" in html
    assert 'src="data:image/png;base64,' in html and "Not compared" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    text = _visible(html)
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text.replace("next_cycle_actions", "").replace("previous_actions", "")), \
        re.findall(r"\b[a-z]+_[a-z_]+\b", text)
    assert "True" not in text and "False" not in text and "nan" not in text.split()
    pdf = tmp_path / "out" / "progress.pdf"
    if pdf.is_file():
        assert "(A4)" in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout


def test_french_and_a_part_missing_from_a_run(runs, tmp_path):
    run_a, run_b, client, _ = runs
    cfg = client / "client.yaml"
    old = cfg.read_text()
    try:
        cfg.write_text(re.sub(r"(?m)^language:.*$", "language: fr", old))
        partial = tmp_path / "partial"
        shutil.copytree(run_b, partial)
        (partial / "results" / "05_evaluation.json").unlink()
        html = compare_runs(run_a, partial, tmp_path / "fr", pdf=False).read_text()
    finally:
        cfg.write_text(old)
    assert '<html lang="fr">' in html and "Préparation et décision</h2>" in html
    missing = re.findall(r"<p class='muted missing'>(.*?)</p>", html)
    assert len(missing) == 1 and "Pas de comparaison" in missing[0] and "B" in missing[0]


def test_two_clients_and_wrong_folders_are_refused(runs, tmp_path, capsys):
    from conftest import ROOT

    run_a, run_b, _, base = runs
    other = runner.run_client(ROOT / "datasets/brightlane", runs_root=base / "other", stages=["01"], progress=False,
                              log=None, pdf=False)
    with pytest.raises(SedamError) as e:
        compare_runs(run_a, other, tmp_path / "x", pdf=False)
    assert e.value.problems[0].code == "CMP001"
    assert not (tmp_path / "x").exists()
    assert main(["compare", str(run_a), str(other), "--out", str(tmp_path / "y"), "--no-pdf"]) == 1
    assert "CMP001" in capsys.readouterr().err
    with pytest.raises(SedamError) as e:
        compare_runs(run_a, tmp_path, pdf=False)
    assert e.value.problems[0].code == "CMP002"
    with pytest.raises(SedamError) as e:
        compare_runs(run_a, run_a, pdf=False)
    assert e.value.problems[0].code == "CMP003"
    assert main(["compare", str(run_a), str(run_b), "--out", str(tmp_path / "z"), "--no-pdf"]) == 0
    assert (tmp_path / "z" / "progress.html").is_file()
