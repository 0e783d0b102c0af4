"""Nothing lost, nothing injected, never a traceback: paths stay in the client folder, outputs stay out
of it, silent accepts are refused, workers die with their parent, interrupted runs say so and leave
no kernel files behind."""
import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from sedamkit import runner
from sedamkit.core.config import load_client, validate_client_config
from sedamkit.core.errors import SedamError


def _edit(client, **fields):
    cfg = yaml.safe_load((client / "client.yaml").read_text())
    for k, v in fields.items():
        if v is None:
            cfg.pop(k, None)
        else:
            cfg[k] = v
    (client / "client.yaml").write_text(yaml.safe_dump(cfg, sort_keys=False))
    return cfg


def _codes(client):
    with pytest.raises(SedamError) as ei:
        load_client(client)
    return ei.value


# -- 1. paths an input names stay inside the client folder -------------------------------------------

@pytest.fixture
def outside(tmp_path):
    d = tmp_path / "elsewhere"
    d.mkdir()
    (d / "ops.csv").write_text("region,month\nNorth,2025-01\n")
    (d / "plan.yaml").write_text("goals: []\n")
    return d


def test_absolute_path_outside_is_refused_naming_field_and_fix(demo_copy, outside):
    _edit(demo_copy, data={"operations": str(outside / "ops.csv")})
    err = _codes(demo_copy)
    assert err.codes == ["CFG009"]
    p = err.problems[0]
    assert p.where == "data.operations" and "absolute" in p.message and "allow_outside" in p.fix


def test_dotdot_escaping_the_folder_is_refused(demo_copy, outside):
    _edit(demo_copy, plan="../elsewhere/plan.yaml")
    err = _codes(demo_copy)
    assert err.codes == ["CFG009"] and err.problems[0].where == "plan" and "'..'" in err.problems[0].message


def test_dotdot_staying_inside_is_fine(demo_copy):
    _edit(demo_copy, plan="data/../plan.yaml")
    assert load_client(demo_copy)["plan"] == "data/../plan.yaml"


@pytest.mark.parametrize("field", ["journey", "application"])
def test_symlink_pointing_outside_is_refused(demo_copy, outside, field):
    (demo_copy / "link.yaml").symlink_to(outside / "plan.yaml")
    _edit(demo_copy, **{field: "link.yaml"})
    err = _codes(demo_copy)
    assert err.codes == ["CFG009"] and err.problems[0].where == field and "symlink" in err.problems[0].message


def test_symlinked_data_folder_is_refused(demo_copy, outside):
    (demo_copy / "shared").symlink_to(outside, target_is_directory=True)
    _edit(demo_copy, data={"operations": "shared/ops.csv"})
    assert _codes(demo_copy).codes == ["CFG009"]


def test_allow_outside_lets_a_named_folder_in(demo_copy, outside):
    _edit(demo_copy, data={"operations": str(outside / "ops.csv")}, allow_outside=[str(outside)])
    assert load_client(demo_copy)["data"]["operations"].endswith("ops.csv")
    # relative to the client folder works too; other folders stay refused
    _edit(demo_copy, data={"operations": "../elsewhere/ops.csv"}, allow_outside=["../elsewhere"])
    load_client(demo_copy)
    _edit(demo_copy, data={"operations": "../elsewhere/ops.csv"}, allow_outside=["../other"])
    assert _codes(demo_copy).codes == ["CFG009"]


def test_allow_outside_must_be_a_list_of_paths(demo_copy):
    _edit(demo_copy, allow_outside="/srv")
    assert _codes(demo_copy).codes == ["CFG002"]


def test_the_template_documents_allow_outside(root):
    text = (root / "sedamkit/templates/client/client.yaml").read_text()
    assert re.search(r"^allow_outside: \[\]$", text, re.M) and "CFG009" in text


def test_run_refuses_an_outside_path_before_anything_is_written(demo_copy, outside, tmp_path):
    _edit(demo_copy, journey=str(outside / "plan.yaml"))
    with pytest.raises(SedamError) as ei:
        runner.run_client(demo_copy, runs_root=tmp_path / "runs", log=None)
    assert "CFG009" in ei.value.codes
    assert not (tmp_path / "runs").exists()


# -- 3. silent accepts ------------------------------------------------------------------------------

def test_thresholds_for_a_misspelt_questionnaire(demo_copy):
    _edit(demo_copy, thresholds={"necesity_feasibility": {"go_min_overall": 65}})
    err = _codes(demo_copy)
    assert err.codes == ["CFG007"]
    assert err.problems[0].where == "thresholds.necesity_feasibility" and "'necessity_feasibility'" in err.problems[0].fix


@pytest.mark.parametrize("over", [
    {"not_now_below": 80, "go_min_overall": 60},
    {"not_now_below": 75},        # above the questionnaire's go_min_overall (70)
    {"go_min_overall": 30},       # below the questionnaire's not_now_below (40)
])
def test_inconsistent_thresholds(demo_copy, over):
    _edit(demo_copy, thresholds={"necessity_feasibility": over})
    err = _codes(demo_copy)
    assert err.codes == ["CFG010"] and "not_now_below" in err.problems[0].message


def test_consistent_thresholds_pass():
    cfg = {"name": "X", "id": "x", "thresholds": {"necessity_feasibility": {"not_now_below": 50, "go_min_overall": 50}}}
    assert not validate_client_config(cfg, "client.yaml")
