"""Stage 06: did last cycle's actions work? (clause 8.2 — improvement is a loop: check what the last
round of changes did before choosing the next one.)

Where the actions come from
---------------------------
The kit keeps no history of earlier cycles on its own (a run's stage 06 proposes changes and writes a
new plan version, but nothing says later which KPI each change was meant to move). So the last cycle's
actions are an optional input, ``previous_actions.yaml`` in the client folder (or the file
``previous_actions:`` names in client.yaml); its fields are in ``docs/data-formats.md`` and a commented
template is ``previous_actions.template.yaml``, written by ``sedam new-client``. Stage 06 writes ``next_cycle_actions.yaml`` in
the same format (:func:`next_cycle_actions`), so the next cycle starts from this one's actions.

The verdict per action (:func:`last_cycle`)
-------------------------------------------
* **before** — the KPI's pooled value in the period the action started (``since``); the ``before``
  written in the file when the data do not hold that period; without either, the value of the plan's
  baseline period (the last period ending before the plan starts).
* **after** — the KPI's pooled value in the latest period with data.
* **worked** — the KPI moved the right way (its direction in the plan) by more than its uncertainty:
  for a KPI computed from individual answers (CSAT, NPS, CES, a custom column) the test of the
  difference of :mod:`sedamkit.methods.cx_compare` at the 5 % level; for a KPI kept as one figure per
  period (retention, turnover, times) a z-test from the two periods' intervals; an accounting ratio
  without sampling error (cost reduction) counts any move; a ``before`` typed in the file is a fixed
  number, so the test asks whether it lies outside the latest value's 95 % interval.
* **not yet** — the KPI has values but did not move the right way by more than its uncertainty.
* **no data** — the KPI has no value for the latest period or none to start from.

Error codes
-----------
IMP005  the previous-actions file does not fit its schema (field, type)
IMP006  an action names a KPI the plan does not have
IMP007  an action's ``since`` cannot be read as a period (write 2024Q3, 2024-09 or 2024)
"""
from __future__ import annotations

import math
from pathlib import Path

from ...core.errors import Problems

__all__ = ["VERDICTS", "PREVIOUS_FILE", "previous_actions_file", "load_previous_actions", "last_cycle",
           "last_cycle_note", "next_cycle_actions", "check_last_cycle", "write_next_cycle_actions"]

#: The three verdicts, in report order.
VERDICTS = ("worked", "not_yet", "no_data")
#: The file stage 06 looks for in the client folder when client.yaml names none.
PREVIOUS_FILE = "previous_actions.yaml"


def previous_actions_file(client: dict) -> Path | None:
    """The client's previous-actions file: the one client.yaml names (``previous_actions:``), else
    ``previous_actions.yaml`` in the client folder when it exists; None when there is none."""
    cdir = Path(client.get("dir") or ".")
    named = client.get("previous_actions")
    if named:
        return cdir / named
    path = cdir / PREVIOUS_FILE
    return path if path.is_file() else None


def load_previous_actions(path, plan_or_result=None) -> dict:
    """Read and check a previous-actions file (schema ``previous_actions``; ``IMP005``); with the plan,
    also that every ``target_kpi`` is one of its KPIs (``IMP006``) and every ``since`` a period
    (``IMP007``). Every problem is raised at once, naming the file and the action."""
    from ...core.fileio import read_yaml
    from ...core.schema import check
    from ..evaluation.common import period_of

    path = Path(path)
    doc = read_yaml(path, code="IMP005")
    probs = Problems(str(path))
    check(doc, "previous_actions", probs, code="IMP005", file=str(path))
    if probs:
        probs.raise_if_any("the previous actions cannot be read")
    kpis = _plan_kpis(plan_or_result) if plan_or_result is not None else None
    for i, a in enumerate(doc["actions"]):
        where = f"actions[{i}]" + (f" ({a['id']})" if a.get("id") else "")
        if kpis is not None and _find_kpi(kpis, a["target_kpi"]) is None:
            probs.add("IMP006", f"{where}.target_kpi", f"the plan has no KPI {a['target_kpi']!r}",
                      f"use one of the plan's KPI ids: {', '.join(k['id'] for k in kpis)}")
        if a.get("since") is not None and period_of(str(a["since"])) is None:
            probs.add("IMP007", f"{where}.since", f"{a['since']!r} cannot be read as a period",
                      "write the period the action started like 2024Q3, 2024-09 or 2024")
    probs.raise_if_any("the previous actions do not fit the plan")
    return doc


def _plan_kpis(plan_or_result):
    from ..evaluation.common import plan_result

    return plan_result(plan_or_result)["kpis"]


def _find_kpi(kpis, name):
    """The plan KPI an action names: by id first, then by catalogue name (``csat``)."""
    return next((k for k in kpis if k["id"] == name), None) or next((k for k in kpis if k.get("kpi") == name), None)


def _row(values, kid, label):
    sub = values[(values["kpi_id"] == kid) & (values["region"] == "All") & values["measurable"].astype(bool)]
    if label is not None:
        sub = sub[sub["period"].astype(str) == str(label)]
    return None if sub.empty else sub.sort_values("period_start").iloc[-1]


def _baseline_label(values, kid, start):
    sub = values[(values["kpi_id"] == kid) & (values["region"] == "All") & values["measurable"].astype(bool)]
    if sub.empty:
        return None
    sub = sub.sort_values("period_start")
    from ..evaluation.common import period_of

    before = [p for p in sub["period"].astype(str) if period_of(p) is not None and period_of(p).end_time < start]
    return before[-1] if before else str(sub["period"].iloc[0])


def _judge(k, client, cache, values, a, start):
    """(before, after, since label, latest label, difference, p_value, method, moved_right, real)."""
    from ...methods.cx_compare import pair_test
    from ...methods.statistics import two_sided_z
    from ..evaluation.common import EXACT_KPIS
    from ..evaluation.compare import interval_se, kpi_answers

    since = str(a["since"]) if a.get("since") is not None else None
    label = since or (None if a.get("before") is not None else _baseline_label(values, k["id"], start))
    last = _row(values, k["id"], None)
    first = _row(values, k["id"], label) if label is not None else None
    if last is None or (first is None and a.get("before") is None) or (first is not None and
                                                                       first["period"] == last["period"]):
        return None
    sign = 1.0 if k["direction"] == "higher" else -1.0
    after = float(last["value"])
    if first is None:                                  # a fixed number typed in the file
        before = float(a["before"])
        diff = after - before
        lo, hi = last["ci_low"], last["ci_high"]
        real = (k["kpi"] in EXACT_KPIS or lo != lo) or (before < lo if diff > 0 else before > hi)
        return before, after, since, str(last["period"]), diff, None, "fixed_before", sign * diff > 0, bool(real)
    before = float(first["value"])
    got = kpi_answers(k, client, cache)
    if got is not None:
        metric, cut, vals, lab, _, _ = got
        r = pair_test(metric, vals[lab == str(last["period"])], vals[lab == str(first["period"])], cut=cut)
        p, method = r["p_value"], r["method"]
    elif k["kpi"] in EXACT_KPIS:
        p, method = (0.0 if after != before else 1.0), "exact"
    else:
        se = math.sqrt(interval_se(first) ** 2 + interval_se(last) ** 2)
        p = two_sided_z((after - before) / se) if se > 0 else (0.0 if after != before else 1.0)
        method = "z_from_intervals"
    diff = after - before
    return before, after, str(first["period"]), str(last["period"]), diff, p, method, sign * diff > 0, \
        bool(p == p and p < 0.05)


def last_cycle(previous: dict | None, plan_or_result, client: dict | None = None, *, values=None,
               datasets: dict | None = None, language: str = "en") -> list[dict]:
    """Per action of the last cycle: did its KPI move? (rules in the module docstring)

    Returns a list of dicts: ``id``, ``action``, ``target_kpi`` (the plan's KPI id), ``kpi_name``,
    ``since`` (the period of ``before``), ``latest`` (the period of ``after``), ``before``, ``after``,
    ``difference`` (after − before), ``p_value`` (None for a typed ``before``), ``method``, ``verdict``
    (one of :data:`VERDICTS`) and ``verdict_label`` (in ``language``). ``[]`` without previous actions.
    """
    from ...core.i18n import t
    from ..evaluation.common import plan_result, to_date
    from ..evaluation.kpi_values import kpi_values

    if not previous or not previous.get("actions"):
        return []
    pr = plan_result(plan_or_result)
    if values is None:
        values = kpi_values(pr, client, datasets=datasets, strict=False)
    start = to_date(pr["period"]["start"])
    cache = {name: (df, None, None) for name, df in (datasets or {}).items()}
    out = []
    for i, a in enumerate(previous["actions"]):
        k = _find_kpi(pr["kpis"], a["target_kpi"])
        if k is None:
            probs = Problems()
            probs.add("IMP006", f"actions[{i}].target_kpi", f"the plan has no KPI {a['target_kpi']!r}",
                      f"use one of the plan's KPI ids: {', '.join(x['id'] for x in pr['kpis'])}")
            probs.raise_if_any("the previous actions do not fit the plan")
        j = _judge(k, client, cache, values, a, start)
        rec = {"id": a.get("id") or f"A{i + 1}", "action": a["action"], "target_kpi": k["id"],
               "kpi_name": k.get("name"), "since": None, "latest": None, "before": a.get("before"), "after": None,
               "difference": None, "p_value": None, "method": None, "verdict": "no_data"}
        if j is not None:
            before, after, since, latest, diff, p, method, right, real = j
            rec.update({"since": since, "latest": latest, "before": round(before, 3), "after": round(after, 3),
                        "difference": round(diff, 3), "p_value": None if p is None else round(float(p), 4),
                        "method": method, "verdict": "worked" if right and real else "not_yet"})
        rec["verdict_label"] = t(f"std.verdict.{rec['verdict']}", language)
        out.append(rec)
    return out


def last_cycle_note(previous: dict | None, language: str = "en") -> str:
    """The one line shown when no previous cycle is recorded ("" when there is one)."""
    from ...core.i18n import t

    return "" if previous and previous.get("actions") else t("std.last_cycle.none", language)


def next_cycle_actions(changes, plan, *, cycle=None) -> dict:
    """This cycle's applied changes written as next cycle's ``previous_actions`` (same schema): one
    action per change that names a KPI (a re-based off-track KPI, named by its recovery phase; a met KPI
    with its next target). Each starts from the quarter the plan ends in (its value is the "before")."""
    from .changes import next_cycle

    nc = next_cycle(plan)
    end = str(plan["period"]["end"])
    since = f"{end[:4]}Q{(int(end[5:7]) - 1) // 3 + 1}"
    kpis = {k["id"] for k in plan.get("kpis") or []}
    phases = {c["candidate"]: c["fields"].get("name") for c in changes
              if c.get("applied") and c.get("change") == "new_phase" and c.get("candidate")}
    actions, seen = [], set()
    for c in changes:
        if not c.get("applied") or c.get("change") != "update_kpi" or c["id"] not in kpis or c["id"] in seen:
            continue
        seen.add(c["id"])
        text = phases.get(c.get("candidate")) or c["reason"]       # the recovery phase, when there is one
        actions.append({"id": f"A{len(actions) + 1}", "action": text, "target_kpi": c["id"], "since": since})
    return {"cycle": str(cycle or nc["start"][:4]), "recorded": nc["start"], "actions": actions}


def check_last_cycle(client: dict, results: dict, *, language: str | None = None) -> tuple[list[dict], str]:
    """What the notebook calls: ``(last_cycle records, note)`` for a client and the earlier results
    (stage 02's plan result is needed). Without a previous-actions file: ``([], "No previous cycle
    recorded …")``; a named file that is missing is ``IO001``/``IMP005``, never a silent skip."""
    lang = language or client.get("language") or "en"
    path = previous_actions_file(client)
    pr = results.get("02_daap")
    if path is None or pr is None:
        return [], last_cycle_note(None, lang)
    doc = load_previous_actions(path, pr)
    return last_cycle(doc, pr, client, language=lang), last_cycle_note(doc, lang)


def write_next_cycle_actions(changes, plan, output_dir) -> Path:
    """Write :func:`next_cycle_actions` as ``next_cycle_actions.yaml`` in the run's output folder
    (atomic); copy it into the client folder as ``previous_actions.yaml`` to check it next cycle."""
    import yaml

    from ...core.fileio import atomic_write_text

    doc = next_cycle_actions(changes, plan)
    head = ("# This cycle's actions that name a KPI, for the next cycle's check (stage 06, clause 8.2).\n"
            "# Copy it into the client folder as previous_actions.yaml after the next cycle has data.\n")
    path = Path(output_dir) / "next_cycle_actions.yaml"
    atomic_write_text(path, head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    return path
