"""Stage 06 checks last cycle's actions (clause 8.2): worked / not yet / no data on the demo, the one
line for a client without the input, the coded errors of a bad file, and the file written for next time."""
import shutil

import pytest
import yaml

from sedamkit import evaluation as ev
from sedamkit import improvement as imp
from sedamkit.core.config import load_client
from sedamkit.core.errors import SedamError

from conftest import ROOT


def _plan(cl):
    return ev.compute_result(cl, "02_daap")


def test_demo_actions_get_each_verdict_from_the_data():
    cl = load_client(ROOT / "datasets" / "demo")
    pr = _plan(cl)
    recs, note = imp.check_last_cycle(cl, {"02_daap": pr})
    assert note == ""
    by = {r["id"]: r for r in recs}
    for r in recs:
        assert {"action", "target_kpi", "before", "after", "verdict"} <= set(r)
    values = ev.kpi_values(pr, cl, strict=False)
    pooled = values[values.region == ev.ALL]
    # A1 (K1, CSAT, since 2024Q2): before and after are the KPI table's own values, and the rise is real
    k1 = pooled[pooled.kpi_id == "K1"].set_index("period")["value"]
    assert by["A1"]["before"] == pytest.approx(k1["2024Q2"], abs=1e-3)
    assert by["A1"]["after"] == pytest.approx(k1.iloc[-1], abs=1e-3)
    assert by["A1"]["verdict"] == "worked" and by["A1"]["method"] == "newcombe" and by["A1"]["p_value"] < 0.05
    # A2 (CES): no real change since 2024Q3 -> not yet
    assert by["A2"]["verdict"] == "not_yet" and by["A2"]["p_value"] > 0.05
    # A3 (turnover, lower is better): it rose -> not yet
    assert by["A3"]["verdict"] == "not_yet" and by["A3"]["difference"] > 0
    # A4 (process time, lower is better): it fell clearly -> worked
    assert by["A4"]["verdict"] == "worked" and by["A4"]["difference"] < 0
    # A5 (first-time fix, no data column) -> no data, the typed 'before' kept
    assert by["A5"]["verdict"] == "no_data" and by["A5"]["after"] is None and by["A5"]["before"] == 78
    assert by["A2"]["verdict_label"] == "not yet"


@pytest.mark.parametrize("name", ["brightlane", "hopitaux-estuaire"])
def test_a_client_without_previous_actions_gets_one_line(name):
    cl = load_client(ROOT / "datasets" / name)
    recs, note = imp.check_last_cycle(cl, {"02_daap": _plan(cl)})
    assert recs == []
    if cl.get("language") == "fr":
        assert note.startswith("Aucun cycle précédent enregistré")
    else:
        assert note.startswith("No previous cycle recorded")
    res = imp.stage_result(imp.collect_candidates({}), _empty_ranked(), [], last_cycle=recs, last_cycle_note=note)
    assert res["last_cycle"] == [] and res["last_cycle_note"] == note


def _empty_ranked():
    import pandas as pd

    cols = ["candidate", "source", "kind", "ref", "title", "detail", "heading", "severity", "impact", "effort", "n",
            "quadrant", "net", "rank"]
    return pd.DataFrame(columns=cols)


def test_bad_previous_actions_are_coded_errors(demo_copy):
    cl = load_client(demo_copy)
    pr = _plan(cl)
    path = demo_copy / "previous_actions.yaml"
    path.write_text("actions:\n  - action: x\n    target_kpi: K99\n    since: Q3/2024\n  - target_kpi: K1\n",
                    encoding="utf-8")
    with pytest.raises(SedamError) as e:
        imp.load_previous_actions(path, pr)
    assert [p.code for p in e.value.problems] == ["IMP005"]          # the schema first: action missing
    path.write_text("actions:\n  - action: x\n    target_kpi: K99\n    since: Q3/2024\n", encoding="utf-8")
    with pytest.raises(SedamError) as e:
        imp.load_previous_actions(path, pr)
    assert sorted(p.code for p in e.value.problems) == ["IMP006", "IMP007"]
    assert all(str(path) in str(p.file) for p in e.value.problems)
    # the runner hook reports the file before any notebook runs
    path.write_text("actions: nope\n", encoding="utf-8")
    with pytest.raises(SedamError) as e:
        imp.validate_client_inputs(cl)
    assert "IMP005" in {p.code for p in e.value.problems}


def test_a_named_file_that_is_missing_is_an_error_not_a_skip(demo_copy):
    from sedamkit.core.config import validate_client_config

    cfg = yaml.safe_load((demo_copy / "client.yaml").read_text(encoding="utf-8"))
    cfg["previous_actions"] = "history/actions.yaml"
    probs = validate_client_config(cfg, "client.yaml", demo_copy)
    assert any(p.code == "CFG004" and p.where == "previous_actions" for p in probs.items)


def test_next_cycle_actions_round_trip(demo_copy, tmp_path):
    cl = load_client(demo_copy)
    plan = ev.plan_result(_plan(cl))
    from sedamkit.stages.daap.api import load_plan

    p = load_plan(demo_copy / "plan.yaml")
    changes = [{"candidate": None, "change": "update_kpi", "section": "kpis", "id": "K1", "fields": {},
                "old": {}, "applied": True, "reason": "K1 met its target: the next target is one planned step further"},
               {"candidate": "x", "change": "manual", "section": None, "id": "m", "fields": {}, "old": {},
                "applied": False, "reason": "by hand"}]
    out = imp.write_next_cycle_actions(changes, p, tmp_path)
    doc = imp.load_previous_actions(out, plan)                      # valid input for the next cycle
    assert [a["target_kpi"] for a in doc["actions"]] == ["K1"]
    assert doc["actions"][0]["since"] == "2025Q4"
    shutil.copyfile(out, demo_copy / "previous_actions.yaml")
    recs, _ = imp.check_last_cycle(cl, {"02_daap": _plan(cl)})
    assert [r["verdict"] for r in recs] == ["no_data"]              # no data after 2025Q4 yet
