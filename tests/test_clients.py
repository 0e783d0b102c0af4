"""Clients unlike the demo, end to end: the French hospital group, the retailer, and a client holding
only a self-assessment. Each reaches a report; a stage without its inputs is skipped with its reason
in run.json and in the report."""
import json
import shutil
import subprocess
import sys

import pytest

from sedamkit.delivery import datagen
from sedamkit.stages import STAGES

pytestmark = pytest.mark.notebook






def _run(root, client_dir, out, *extra):
    r = subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "run", str(client_dir), "--out", str(out),
                        "-q", "--no-pdf", *extra], capture_output=True, text=True, cwd=str(out))
    return r


def _only_run(out, client_id):
    runs = list((out / client_id).iterdir())
    assert len(runs) == 1
    return runs[0]


@pytest.fixture(scope="module")
def client_runs(tmp_path_factory, root):
    """One run of each new client (shared by the tests of this module)."""
    out = tmp_path_factory.mktemp("client-runs")
    done = {}
    for cid in datagen.CLIENTS:
        r = _run(root, root / "datasets" / cid, out)
        assert r.returncode == 0, (cid, r.stdout[-2000:], r.stderr[-3000:])
        done[cid] = _only_run(out, cid)
    return done


@pytest.mark.parametrize("cid", datagen.CLIENTS)
def test_each_client_reaches_a_report(client_runs, cid):
    run = client_runs[cid]
    m = json.loads((run / "run.json").read_text())
    assert m["status"] == "ok" and m["client"] == cid
    ran = [s["stage"] for s in m["stages"] if s["status"] == "ok"]
    assert ran[:2] == ["01_necessity_feasibility", "02_daap"] and "04_customer_experience" in ran
    assert [s["stage"] for s in m["stages"]] == [s.id for s in STAGES if s.runs]       # every stage was planned
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "id='01_necessity_feasibility'" in html and "id='05_evaluation'" in html
    for sid in ran:
        doc = json.loads((run / "results" / f"{sid}.json").read_text())
        assert doc["client"] == cid


def test_the_french_client_gets_a_french_report(client_runs):
    html = (client_runs["hopitaux-estuaire"] / "report.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    assert "Hôpitaux de l&#x27;Estuaire" in html or "Hôpitaux de l'Estuaire" in html
    assert "Synthèse" in html or "Résumé" in html


@pytest.mark.parametrize("cid, lacking", [("hopitaux-estuaire", {"kano", "journey", "ratings"}),
                                          ("brightlane", {"journey", "ratings"})])
def test_stage_04_runs_with_the_parts_each_client_has(client_runs, cid, lacking):
    import re
    from html import unescape

    run = client_runs[cid]
    r4 = json.loads((run / "results" / "04_customer_experience.json").read_text())["data"]
    assert set(r4["skipped"]) == lacking
    assert r4["metrics"]["overall"]["nps"]["n"] > 0
    assert bool(r4["kano"]) == ("kano" not in lacking)
    figures = {p.stem for p in (run / "figures").glob("04_*.png")}
    assert "04_nps_trend" in figures and "04_emotion_curve" not in figures
    text = unescape(re.sub(r"<[^>]+>", " ", (run / "report.html").read_text(encoding="utf-8")))
    from sedamkit.core.i18n import t

    lang = "fr" if cid == "hopitaux-estuaire" else "en"
    assert text.count(t("rpt.cx_missing_many", lang, parts="")[:20]) == 1       # one line for the missing parts
    for part in r4["skipped"]:
        assert t(f"rpt.cx_part.{part}", lang) in text.replace("\xa0", " ")


def test_the_retailers_custom_kpi_is_measured_from_its_column(client_runs):
    r5 = json.loads((client_runs["brightlane"] / "results" / "05_evaluation.json").read_text())["data"]
    k = {x["kpi_id"]: x for x in r5["kpis"]}
    assert k["M6"]["status"] != "not_measurable", k["M6"]
    assert k["M6"]["latest"] < 24


def test_a_client_with_only_a_self_assessment_runs_to_a_report(tmp_path, root):
    cdir = tmp_path / "solo"
    (cdir / "answers").mkdir(parents=True)
    (cdir / "client.yaml").write_text("name: Solo Studio\nid: solo-studio\nlanguage: en\n", encoding="utf-8")
    src = root / "datasets" / "brightlane" / "answers" / "01_necessity_feasibility"
    shutil.copytree(src, cdir / "answers" / "01_necessity_feasibility")
    out = tmp_path / "runs"
    out.mkdir()
    r = _run(root, cdir, out)
    assert r.returncode == 0, r.stderr[-3000:]
    run = _only_run(out, "solo-studio")
    m = json.loads((run / "run.json").read_text())
    status = {s["stage"]: s for s in m["stages"]}
    assert status["01_necessity_feasibility"]["status"] == "ok"
    for sid in ("02_daap", "03_application", "04_customer_experience", "05_evaluation", "06_improvement"):
        assert status[sid]["status"] == "skipped" and status[sid]["reason"], sid
    assert "plan" in status["02_daap"]["reason"]
    assert "02_daap" in status["05_evaluation"]["reason"]
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "Digital approach application programme: not in this run, because none of its inputs was supplied" in html
    assert "id='01_necessity_feasibility'" in html


def test_a_plan_named_by_stages_but_missing_is_an_error_not_a_skip(tmp_path, root):
    cdir = tmp_path / "solo"
    (cdir / "answers").mkdir(parents=True)
    (cdir / "client.yaml").write_text("name: Solo\nid: solo\n", encoding="utf-8")
    shutil.copytree(root / "datasets" / "hopitaux-estuaire" / "answers" / "01_necessity_feasibility",
                    cdir / "answers" / "01_necessity_feasibility")
    r = _run(root, cdir, tmp_path, "--stages", "01_necessity_feasibility,02_daap")
    assert r.returncode == 1
    assert "plan" in r.stderr.lower()


@pytest.fixture(scope="module")
def upstream_run(tmp_path_factory, root):
    """A run of the retailer's stages 01 and 02 only, for --from."""
    out = tmp_path_factory.mktemp("from-runs")
    r = _run(root, root / "datasets" / "brightlane", out, "--stages", "01_necessity_feasibility,02_daap")
    assert r.returncode == 0, r.stderr[-3000:]
    return out, _only_run(out, "brightlane")


def test_stage_05_alone_reuses_an_earlier_runs_results(upstream_run, root):
    import hashlib

    out, first = upstream_run
    r = _run(root, root / "datasets" / "brightlane", out, "--stages", "05_evaluation", "--from", str(first))
    assert r.returncode == 0, r.stderr[-3000:]
    second = max((out / "brightlane").iterdir())
    assert second != first
    m = json.loads((second / "run.json").read_text())
    assert [s["stage"] for s in m["stages"]] == ["05_evaluation"] and m["stages"][0]["status"] == "ok"
    assert m["from_run"] == str(first)
    lent = (first / "results" / "02_daap.json").read_bytes()
    assert m["reused"]["02_daap"]["sha256"] == hashlib.sha256(lent).hexdigest()
    assert (second / "results" / "02_daap.json").read_bytes() == lent
    r5 = json.loads((second / "results" / "05_evaluation.json").read_text())["data"]
    assert {k["kpi_id"] for k in r5["kpis"]} == {k["id"] for k in json.loads(lent)["data"]["kpis"]}


def test_from_a_run_of_another_client_or_without_the_result_is_a_coded_error(upstream_run, root, tmp_path):
    out, first = upstream_run
    r = _run(root, root / "datasets" / "hopitaux-estuaire", tmp_path, "--stages", "05_evaluation", "--from", str(first))
    assert r.returncode == 1 and "[RUN008]" in r.stderr and "brightlane" in r.stderr
    r = _run(root, root / "datasets" / "brightlane", tmp_path, "--stages", "05_evaluation", "--from", str(tmp_path))
    assert r.returncode == 1 and "[RUN008]" in r.stderr
    partial = tmp_path / "partial"
    shutil.copytree(first, partial)
    (partial / "results" / "02_daap.json").unlink()
    r = _run(root, root / "datasets" / "brightlane", tmp_path, "--stages", "05_evaluation", "--from", str(partial))
    assert r.returncode == 1 and "[RUN009]" in r.stderr and "02_daap" in r.stderr
    assert not (tmp_path / "brightlane").exists()                                   # nothing was started


def test_exported_tables_carry_the_ids_the_next_answers_need(tmp_path, root):
    """The candidates table has the candidate ids the improvement scores are keyed by, and the approach
    table the approach ids of the approach ratings: a consultant fills the next input from the export."""
    import pandas as pd

    from sedamkit.core.results import write_result
    from sedamkit.delivery.report import build_report

    snap = json.loads((root / "tests" / "data" / "demo_results.json").read_text())
    for sid, data in snap.items():
        write_result(tmp_path, sid, data, client="x")
    build_report(tmp_path, pdf=False, log=None)
    cands = pd.read_csv(tmp_path / "exports" / "improvement_candidates.csv")
    scores = json.loads(next((root / "datasets/demo/answers/06_improvement/scores").glob("*.json")).read_text())
    keyed = {k.rsplit("__", 1)[0] for k in scores["answers"]}
    assert keyed <= set(cands["candidate"])
    appr = pd.read_csv(tmp_path / "exports" / "approach_ratings.csv")
    ratings = json.loads(next((root / "datasets/demo/answers/05_evaluation/approaches").glob("*.json")).read_text())
    assert {k.rsplit("__", 1)[0] for k in ratings["answers"]} <= set(appr["approach"])
