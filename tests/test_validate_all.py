"""`sedam validate CLIENT_DIR` finds what a stage would stop on, before any stage runs.

For each error code of the registry that an input can cause, a bad input is built in a temp copy of
the demo client and `validate` must fail with that code (and, on the command line, without a
traceback). The codes are enumerated from the registry, so a new code fails `test_every_code_is_accounted_for`
until it gets a case here or a reason why no input can cause it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sedamkit.core.codes import CODES
from sedamkit.core.errors import SedamError
from sedamkit.core.paths import demo_dir
from sedamkit.delivery.runner import validate_client

ROOT = Path(__file__).resolve().parents[1]
ANS01 = "answers/01_necessity_feasibility"


def _sub(rel, old, new, count=1):
    def f(d):
        p = d / rel
        text = p.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        p.write_text(text.replace(old, new, count), encoding="utf-8")
    return f


def _write(rel, text):
    def f(d):
        (d / rel).parent.mkdir(parents=True, exist_ok=True)
        (d / rel).write_text(text, encoding="utf-8")
    return f


def _json(rel, change):
    def f(d):
        doc = json.loads((d / rel).read_text(encoding="utf-8"))
        change(doc)
        (d / rel).write_text(json.dumps(doc), encoding="utf-8")
    return f


def _append(text):
    def f(d):
        with open(d / "client.yaml", "a", encoding="utf-8") as fh:
            fh.write(text)
    return f


def _overlay(body):
    def f(d):
        _append("questionnaires:\n  necessity_feasibility: questionnaires/nf.yaml\n")(d)
        _write("questionnaires/nf.yaml", "overlay_of: necessity_feasibility\nversion: 1\n" + body)(d)
    return f


def _rm(rel):
    def f(d):
        p = d / rel
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    return f


def _csv_rows(rel, change):
    """Edit a data file's rows as a spreadsheet user would (list of lists, header first)."""
    import csv

    def f(d):
        with open(d / rel, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        change(rows)
        with open(d / rel, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
    return f


def _set_cell(col, value, row=1):
    def change(rows):
        rows[row][rows[0].index(col)] = value
    return change


def _ceo(change):
    return _json(f"{ANS01}/ceo.json", change)


CASES = {
    "CFG001": _write("client.yaml", "name: [unclosed\n"),
    "CFG002": _append("colr: '#112233'\n"),
    "CFG003": _sub("client.yaml", "stages: all", "stages: [01_necessity_feasibility, 09_nothing]"),
    "CFG004": _sub("client.yaml", "data/cx_survey.csv", "data/no_such_file.csv"),
    "CFG005": _sub("client.yaml", 'colour: "#0072B2"', "colour: blue"),
    "CFG006": _sub("client.yaml", "language: en", "language: xx"),
    "CFG007": _sub("client.yaml", "go_min_overall: 70", "go_min_overall: 170"),
    "CFG008": _sub("client.yaml", "id: demo", "id: Not A Folder"),
    "CFG009": _sub("client.yaml", "plan: plan.yaml", "plan: ../outside.yaml"),
    "CFG010": _sub("client.yaml", "go_min_overall: 70", "go_min_overall: 70\n    not_now_below: 90"),
    "CFG012": _append("figures: [png, gif]\n"),
    "ANS001": _write(f"{ANS01}/ceo.json", "{not json"),
    "ANS002": _ceo(lambda doc: doc.pop("answers")),
    "ANS003": _ceo(lambda doc: doc.update(questionnaire="mission_review")),
    "ANS004": _ceo(lambda doc: doc.update(version=99)),
    "ANS005": _ceo(lambda doc: doc["answers"].update(no_such_item=3)),
    "ANS006": _ceo(lambda doc: doc["answers"].update(need_cx_friction=9)),
    "ANS010": _rm(ANS01),
    "ANS011": _json(f"{ANS01}/cfo.json", lambda doc: doc.update(respondent="ceo")),
    "PLAN000": lambda d: (d / "plan.yaml").write_text("goals: [unclosed\n"),  # a plan that is not YAML
    "PLAN002": _sub("plan.yaml", "text: Hear every customer after every job and act on what they tell us within a week.",
                    'text: ""'),
    "PLAN004": _sub("plan.yaml", "{id: K2,", "{id: K1,"),
    "PLAN005": _sub("plan.yaml", "elements: [E5, E9]", "elements: [E5, E19]"),
    "PLAN007": _sub("plan.yaml", "start: 2025-01-06", "start: sometime"),
    "PLAN008": _sub("plan.yaml", "period: {start: 2025-01-01, end: 2025-12-31}", "period: {start: 2025-12-31, end: 2025-01-01}"),
    "PLAN012": _sub("plan.yaml", "due: 2025-12-31, goals: [G1],", "due: 2025-12-31, goals: [G77],"),
    "PLAN014": _sub("plan.yaml", "kpi: csat,", "kpi: csat_score,"),
    "APP000": _write("application.yaml", "elements: [unclosed\n"),
    "APP002": _sub("application.yaml", "  E1:\n", "  E10:\n"),
    "APP004": _sub("application.yaml", "maturity: 2", "maturity: 7"),
    "APP005": _sub("application.yaml", "in_use: [cloud_documents, website_app]", "in_use: [cloud_documents, crystal_ball]"),
    "JRN001": _write("journey.yaml", "journey: [unclosed\n"),
    "JRN003": _sub("journey.yaml", "owner: social", "owner: nobody_knows"),
    "JRN005": _sub("journey.yaml", "stage: discover", "stage: discovr"),
    "KANO001": _sub("data/kano_survey.csv", "I like it", "I lik it"),
    "DATA002": _csv_rows("data/cx_survey.csv", _set_cell("nps", "lots")),
    "DATA004": _csv_rows("data/journey_ratings.csv", _set_cell("quarter", "Q1 2025")),
    "DATA005": _csv_rows("data/operations.csv", lambda rows: rows[1:].clear() or del_rows(rows)),
    "EVAL003": _json("answers/05_evaluation/approaches/it_lead.json",
                     lambda doc: doc["answers"].update({"crm_system_suitable": 4})),
    "EVAL004": _json("answers/05_evaluation/approaches/it_lead.json",
                     lambda doc: doc["answers"].update({"crystal_ball__suitable": 4})),
    "EVAL005": _csv_rows("data/operations.csv", _set_cell("quarter", "spring")),
    "IMP003": _json("answers/06_improvement/scores/ceo.json",
                    lambda doc: doc["answers"].update({"s01_gap_personalization__size": 3})),
    "IMP005": _write("previous_actions.yaml", "actions: nope\n"),
    "IMP006": _sub("previous_actions.yaml", "target_kpi: K3", "target_kpi: K33"),
    "IMP007": _sub("previous_actions.yaml", "since: 2024Q3", "since: Q3/2024"),
    "SPEC001": _overlay("colour: red\n"),
    "SPEC002": _overlay("add: [{id: need_cx_friction, area: strategy_impact, scale: agree5, clause: '6.1', "
                        "text: {en: a, fr: b}}]\n"),
    "SPEC003": _overlay("add: [{id: need_new, area: strategy_impact, scale: no_scale, clause: '6.1', "
                        "text: {en: a, fr: b}}]\n"),
    "SPEC004": _overlay("weights: {need_cx_friction: -1}\n"),
    "SPEC005": _overlay("add: [{id: need_new, area: no_area, scale: agree5, clause: '6.1', text: {en: a, fr: b}}]\n"),
    "SPEC007": _overlay("add: [{id: need_new, area: strategy_impact, scale: agree5, clause: '6.1', text: {en: a}}]\n"),
    "SPEC008": _overlay("add: [{id: NeedNew, area: strategy_impact, scale: agree5, clause: '6.1', text: {en: a, fr: b}}]\n"),
    "SPEC010": _overlay("thresholds: {go_min_overal: 60}\n"),
    "SPEC012": _overlay("drop: [unclosed\n"),
    "SPEC014": _overlay("drop: [need_industri]\n"),
    # data files
    "IO002": lambda d: (_sub("client.yaml", "data/operations.csv", "data/operations.xlsx")(d),
                        (d / "data/operations.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")),
    "DATA001": _csv_rows("data/cx_survey.csv", lambda rows: rows[0].__setitem__(rows[0].index("nps"), "nps_score")),
    "CX002": _csv_rows("data/operations.csv", _set_cell("customers_retained", "999999")),
    "KANO002": _csv_rows("data/kano_survey.csv", lambda rows: _kano_codes(rows, bad="7")),
    "KANO005": _csv_rows("data/kano_survey.csv", lambda rows: rows.__setitem__(0, [
        c.replace("_functional", "_functionl") for c in rows[0]])),
    # journey
    "JRN002": _sub("journey.yaml", "    owner: social\n", ""),
    "JRN004": _sub("journey.yaml", "  - {id: book, name: Book}", "  - {id: discover, name: Book}"),
    "JRN006": _csv_rows("data/journey_ratings.csv", _set_cell("touchpoint", "the_van")),
    # plan
    "PLAN001": _write("plan.yaml", "- a list\n- not a plan\n"),
    "PLAN003": _sub("plan.yaml", "baseline: 72, target: 82,", "baseline: 72,"),
    "PLAN006": _sub("plan.yaml", "approaches: [crm_system, privacy", "approaches: [crystal_ball, privacy"),
    "PLAN009": _sub("plan.yaml", "likelihood: 3", "likelihood: 9"),
    "PLAN010": _sub("plan.yaml", "direction: higher\n    baseline: 78", "direction: upward\n    baseline: 78"),
    "PLAN011": _sub("plan.yaml", "people_days: 45, budget: 38000", "people_days: 45, budget: -5"),
    "PLAN013": _sub("plan.yaml", "addresses: [data_collection, experience_monitoring]",
                    "addresses: [data_colection, experience_monitoring]"),
    "PLAN015": _sub("plan.yaml", "best_fit_2: 3", "best_fit_2: 9"),
    "PLAN016": _sub("plan.yaml", "support_systems: not_started", "support_systems: not_started\n  coffee_machine: done"),
    # application assessment
    "APP001": _sub("application.yaml", "maturity: 2\n    in_use: [cloud_documents, website_app]",
                   "maturity: 2\n    in_use: 5"),
    "APP003": lambda d: _yaml("application.yaml", lambda doc: doc["elements"].pop("E2"))(d),
    "APP006": _sub("application.yaml", "in_use: [cloud_documents, website_app]", "in_use: [cloud_documents, cloud_documents]"),
    # stage 05 KPI data
    "EVAL104": _sub("plan.yaml", "    kpi: custom\n", "    kpi: custom\n    data: {dataset: operations, column: first_fix}\n"),
}


def _yaml(rel, change):
    def f(d):
        import yaml

        doc = yaml.safe_load((d / rel).read_text(encoding="utf-8"))
        change(doc)
        (d / rel).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return f


def _kano_codes(rows, bad):
    """The Kano survey as answer codes (1 like … 5 dislike), as some survey tools export it, with one bad code."""
    cols = [i for i, c in enumerate(rows[0]) if c.endswith(("_functional", "_dysfunctional"))]
    for r in rows[1:]:
        for i in cols:
            r[i] = "1" if rows[0][i].endswith("_functional") else "5"
    rows[1][cols[0]] = bad


def del_rows(rows):
    del rows[1:]


#: codes no client input can cause, with the reason
NOT_FROM_INPUTS = {
    "CFG013": "sedam new-client given a name that makes no folder name: a command's argument, not a client folder",
    "CFG014": "sedam new-client given an existing folder's name: a command's argument, not a client folder",
    "ANS007": "a CSV/Excel export without respondent column: 'sedam import' and 'validate FILE --spec', not a client folder",
    "ANS008": "a duplicate respondent in one table: import, not a client folder (one file per respondent)",
    "ANS009": "an answers file name is the respondent id; a bad name is ANS011",
    "ANS012": "a lock held by a concurrent save (forms), not an input",
    "APP007": "editing helper given the wrong object", "APP008": "editing helper overwrite", "APP009": "editing helper",
    "PLAN017": "editing helper given the wrong object", "PLAN018": "editing helper", "PLAN020": "editing helper",
    "PLAN021": "editing helper",
    "CX001": "a function parameter of the methods (scale, confidence), not a file",
    "DATA003": "read_demo asked for an unknown demo table (teaching helper)",
    "EVAL002": "a notebook parameter (confidence, as_of)", "EVAL001": "stage 02 reports an unusable plan first (PLAN codes)",
    "IMP001": "an earlier stage result of the wrong shape (written by the kit)", "IMP002": "a notebook parameter",
    "IMP004": "a change proposed in the notebook cannot be applied (the plan's own PLAN code is raised)",
    "KANO003": "a function parameter (evaluation table name)", "KANO004": "internal: both columns come from one table",
    "KANO006": "a counts table is built by the kit, not read",
    "SPEC006": "show_if of an added item naming a later one: covered by test_spec (validate_spec)",
    "SPEC009": "a scale's bounds: overlays cannot define scales (only shipped questionnaires)",
    "SPEC011": "an area with no items: covered by test_spec; overlays that drop every item of an area get it too",
    "SPEC013": "NaN in a shipped questionnaire: covered by test_spec",
    "IO001": "the folder itself missing (CFG001 for a folder without client.yaml)",
    "IO003": "YAML read errors carry the file's own code (CFG001, PLAN000, APP000, JRN001, SPEC012)",
    "IO004": "text read errors of other helpers",
    "CFG011": "needs two client folders: test_two_client_folders_with_one_id",
    "ANS013": "sedam import of a survey export (not a client folder input): tests/test_import.py",
    "ANS014": "sedam import of a survey export: tests/test_import.py",
    "ANS015": "sedam import over existing answer files: tests/test_import.py",
    "ANS016": "a bad entry in an import mapping file: tests/test_import.py",
    "ANS017": "a warning of sedam import (questions with no column in the export): tests/test_import.py",
    "CX003": "an unknown stage-04 part named in code (inputs.has/note), not in a client's files",
    "CX004": "an unknown metric or a share without its cut named in code (group_tests), not in a client's files",
    "JRN007": "the journey rules file ships with the kit; a custom one is passed in code (load_rules), never named "
              "in client.yaml",
    # not stops: stage 05 runs and lists the KPI as "not measurable" with this code as the reason (KPI table, report)
    "EVAL101": "not a stop: a KPI with no data is listed as not measurable (validate warns with PLAN213)",
    "EVAL102": "not a stop: a KPI whose dataset the client does not name is listed as not measurable",
    "EVAL103": "validate reports a missing data file as CFG004 before stage 05 could",
    "EVAL105": "not a stop: a dataset with no values for the KPI lists it as not measurable",
    "EVAL106": "no input can cause it: every function of the shipped KPI catalogue has a formula (test_evaluation)",
}


#: registry prefixes whose codes come from client inputs (others: runs, editions, class, web app, catalogue)
INPUT_PREFIXES = ("ANS", "CFG", "PLAN0", "APP0", "JRN", "KANO", "DATA", "EVAL0", "EVAL1", "IMP", "SPEC", "CX", "IO")


def _input_codes():
    return {c for c in CODES if c.startswith(INPUT_PREFIXES)}


def test_every_code_is_accounted_for():
    codes = _input_codes()
    unaccounted = codes - set(CASES) - set(NOT_FROM_INPUTS)
    assert not unaccounted, f"give these codes a case in CASES or a reason in NOT_FROM_INPUTS: {sorted(unaccounted)}"
    assert not set(CASES) & set(NOT_FROM_INPUTS), "a code has a case and a reason"
    assert not (set(CASES) | set(NOT_FROM_INPUTS)) - set(CODES), "a code here is no longer registered"


@pytest.fixture
def client(tmp_path):
    d = tmp_path / "client"
    shutil.copytree(demo_dir(), d)
    return d


@pytest.mark.parametrize("code", sorted(CASES))
def test_validate_finds_it(client, code):
    CASES[code](client)
    with pytest.raises(SedamError) as e:
        validate_client(client)
    codes = [p.code for p in e.value.problems]
    assert code in codes, [str(p) for p in e.value.problems]


@pytest.mark.parametrize("code", ["CFG005", "ANS006", "SPEC014", "DATA004", "PLAN007"])
def test_cli_says_it_without_a_traceback(client, code, tmp_path):
    CASES[code](client)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "validate", "client"], capture_output=True,
                         text=True, env=env, cwd=client.parent)
    assert out.returncode == 1 and f"[{code}]" in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_config_problem_does_not_hide_answer_problems(client):
    CASES["CFG005"](client)
    CASES["ANS006"](client)
    with pytest.raises(SedamError) as e:
        validate_client(client)
    assert {"CFG005", "ANS006"} <= {p.code for p in e.value.problems}


def test_fix_texts_name_no_python_parameters():
    """Fix texts are for someone at the command line: never `respondent_column=` or `mapping=` in a
    string the kit shows (a keyword argument in code is fine)."""
    bad = []
    for p in (ROOT / "sedamkit").rglob("*.py"):
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""["'{ ](respondent_column|mapping)=""", line) and re.search(r"""["'][^"']*(respondent_column|mapping)=""", line):
                if not line.lstrip().startswith((">>>", "#", "def ")):
                    bad.append(f"{p.relative_to(ROOT)}:{n}: {line.strip()[:90]}")
    assert not bad, bad


def test_data_rows_counted_as_a_spreadsheet_shows_them(client):
    """Header = row 1, first data row = row 2: a bad value in the 3rd data row is named row 4."""
    _csv_rows("data/cx_survey.csv", _set_cell("nps", "lots", row=3))(client)
    with pytest.raises(SedamError) as e:
        validate_client(client)
    msgs = [str(p) for p in e.value.problems if p.code == "DATA002"]
    assert msgs and any(re.search(r"\brows? 4\b", m) for m in msgs), msgs


def test_two_client_folders_with_one_id(tmp_path):
    for name in ("a", "b"):
        shutil.copytree(demo_dir(), tmp_path / name)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "validate", "a", "b"], capture_output=True,
                         text=True, env=env, cwd=tmp_path)
    assert out.returncode == 1 and "[CFG011]" in out.stderr and "Traceback" not in out.stderr, out.stderr
    _sub("client.yaml", "id: demo", "id: other-client")(tmp_path / "b")
    out = subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", "validate", "a", "b"], capture_output=True,
                         text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("OK: client folder") == 2
