"""Stage 05's runner hook: its answers and the data its KPIs read, checked before any notebook runs."""
from __future__ import annotations

from pathlib import Path

from ...core.answers_check import check_generic_answers
from ...core.errors import Problems, SedamError
from .common import ITEM_RE, STAGE, answers_folder

__all__ = ["validate_client_inputs"]


def validate_client_inputs(client: dict, stage_ids=None) -> None:
    """Runner hook: when stage 05 is selected, check its answers before any notebook runs.

    Checks the mission-review answers against the shipped spec (``answers/05_evaluation/mission``),
    and the approach ratings (``answers/05_evaluation/approaches``): structure, item ids
    ``<approach>__<criterion>`` with a catalogue approach (``EVAL003``, ``EVAL004``) and values 1–5.
    Missing answers are allowed (the result says "not reviewed" / "not rated").

    Then the data every plan KPI reads from a file the client names under ``data:`` (the survey, the
    operations data): a column the KPI needs that the file lacks (``EVAL104``), a file with no data rows
    (``DATA005``), a period label not like 2025Q1, 2025-03 or 2025 (``EVAL005``, naming the file rows),
    text or non-finite numbers in a number column (``DATA002``) and impossible figures such as negative
    counts (``CX002``) — everything :func:`~sedamkit.stages.evaluation.kpi_values.kpi_values` would stop
    the notebook on. A KPI whose dataset the client does not name stays "not measurable" (no error);
    a plan that cannot be read is stage 02's to report.
    """
    if stage_ids is not None and STAGE not in stage_ids:
        return
    from ...core.answers import load_all
    from ...methods.catalogue import approach_ids
    from ...core.spec import client_spec

    adir = Path(client["dir"]) / "answers"
    probs = Problems()
    try:
        load_all(adir, client_spec(client, "mission_review"), answers_folder("mission"))
    except SedamError as e:
        probs.extend(e.problems)
    check_generic_answers(adir / answers_folder("approaches"), "approach_ratings", ITEM_RE, probs,
                          code_bad_id="EVAL003", known_ids=set(approach_ids()), code_unknown="EVAL004",
                          what="approach")
    stray = sorted(p.name for p in (adir / STAGE).glob("*.json")) if (adir / STAGE).is_dir() else []
    for name in stray:
        probs.add("EVAL003", name, "answers of stage 05 belong in a sub-folder (mission/ or approaches/)",
                  f"move {name} to answers/{STAGE}/mission/ or answers/{STAGE}/approaches/",
                  file=str(adir / STAGE / name))
    _check_kpi_data(client, probs)
    probs.raise_if_any("the stage 05 inputs have problems")


def _check_kpi_data(client: dict, probs: Problems) -> None:
    """The problems :func:`kpi_values` would raise for the client's KPI data, plus missing KPI columns."""
    from ...core.tables import read_table
    from ..daap.api import load_plan
    from .common import plan_result
    from .kpi_values import kpi_values

    cdir = Path(client["dir"])
    try:
        pr = plan_result(load_plan(cdir / (client.get("plan") or "plan.yaml")))
    except SedamError:
        return                                      # the plan's own problems are stage 02's
    named = client.get("data") or {}
    used = {k.get("dataset") for k in pr["kpis"] if k.get("dataset") in named and k.get("columns")}
    tables = {}
    for name in sorted(used):
        try:
            tables[name] = read_table(cdir / named[name])
        except SedamError as e:
            probs.extend(e.problems)
    for k in pr["kpis"]:
        df = tables.get(k.get("dataset"))
        if df is None:
            continue
        for c in [c for c in k["columns"] if c not in df.columns]:
            probs.add("EVAL104", f"KPI {k['id']} ({k['kpi']}): column '{c}'",
                      f"dataset {k['dataset']!r} has no column '{c}' the KPI needs; columns present: "
                      + ", ".join(map(str, df.columns)),
                      "add the column or correct the KPI's data in the plan", file=str(cdir / named[k["dataset"]]))
    try:
        kpi_values(pr, client)
    except SedamError as e:
        probs.extend(e.problems)


