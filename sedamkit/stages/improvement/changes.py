"""Stage 06, step 4: the top actions as changes to the plan for the next cycle, and the new plan."""
from __future__ import annotations

import copy
import datetime as _dt
import re

from ...core.errors import Problem, SedamError

__all__ = ["next_cycle", "plan_target", "propose_changes", "apply_changes"]


# =============================================================================== plan changes
def _d(x):
    return x if isinstance(x, _dt.date) else _dt.date.fromisoformat(str(x)[:10])


def next_cycle(plan) -> dict:
    """The next cycle after the plan's period: ``{start, end}`` (ISO dates), one year long.

    >>> next_cycle({"period": {"start": "2025-01-01", "end": "2025-12-31"}})
    {'start': '2026-01-01', 'end': '2026-12-31'}
    """
    end = _d(plan["period"]["end"])
    start = end + _dt.timedelta(days=1)
    try:
        nend = end.replace(year=end.year + 1)
    except ValueError:  # 29 February
        nend = end.replace(year=end.year + 1, day=28)
    return {"start": start.isoformat(), "end": nend.isoformat()}


def _add_months(d, months):
    y, m = divmod(d.month - 1 + months, 12)
    import calendar

    return d.replace(year=d.year + y, month=m + 1, day=min(d.day, calendar.monthrange(d.year + y, m + 1)[1]))


def plan_target(latest, baseline, target, unit) -> float:
    """A met KPI's next target: one planned step beyond its latest value, capped at 100 for percentages.

    >>> plan_target(89.6, 85, 89, "%"), plan_target(155.4, 184, 160, "minutes"), plan_target(99, 90, 97, "%")
    (93.6, 131.4, 100.0)
    """
    step = float(target) - float(baseline)
    new = round(float(latest) + step, 2)
    if unit == "%":
        new = min(new, 100.0)
    return new


def propose_changes(actions, plan, results: dict, *, catalogue=None, language: str | None = "en") -> list[dict]:
    """Turn the top actions (and met KPIs) into changes to the plan for the next cycle.

    Returns a list of dicts: ``candidate`` (id or None for the met-KPI rule), ``change``
    (``update_kpi``, ``new_phase``, ``drop_approach``, ``manual``), ``section`` (``kpis``,
    ``phases`` or None), ``id`` (the item changed or added), ``fields`` (dict of new values),
    ``old`` (dict of old values), ``applied`` (False for manual changes), ``reason`` (text).
    ``reason`` and the names of new phases are in ``language`` (:func:`.texts.change_reason`): they go
    into the next plan version and the next cycle's actions, which the client reads.
    """
    from ...core.prose import Prose
    from ...methods.catalogue import approach_ids

    tx = Prose(language)
    p = _Proposal(plan, results, set(approach_ids(catalogue)), tx)
    for r in actions.itertuples():
        p.action(r)
    p.met_kpis()
    if tx.language != "en":
        from .texts import change_reason

        by_id = {r["candidate"]: r for r in actions.to_dict("records")} if len(actions) else {}
        for c in p.changes:
            c["reason"] = change_reason(tx, c, by_id.get(c["candidate"]), results)
    return p.changes


class _Proposal:
    """The changes :func:`propose_changes` builds, one action at a time (phases numbered on from the plan's)."""

    def __init__(self, plan, results, known, tx):
        self.tx, self.en = tx, tx.language == "en"
        self.known, self.nc = known, next_cycle(plan)
        self.ns = _d(self.nc["start"])
        r5 = results.get("05_evaluation") or {}
        self.r3 = results.get("03_application") or {}
        self.status = {k.get("kpi_id"): k for k in r5.get("kpis") or []}
        self.kpis = {k["id"]: k for k in plan.get("kpis") or []}
        self.phases = plan.get("phases") or []
        self.plan = plan
        self.goals = plan.get("goals") or []
        nums = [int(m.group(1)) for p in self.phases for m in [re.match(r"^P(\d+)$", str(p.get("id")))] if m]
        self.next_no = max(nums, default=0) + 1
        self.changes = []

    def phase(self, cand, name, *, approaches=(), goal_ids=(), addresses=(), big=False, reason=""):
        pid = f"P{self.next_no}"
        self.next_no += 1
        end = _add_months(self.ns, 6 if big else 3) - _dt.timedelta(days=1)
        fields = {"id": pid, "name": name[:80], "start": self.ns.isoformat(), "end": end.isoformat()}
        if goal_ids:
            fields["goals"] = list(dict.fromkeys(goal_ids))
        fields["approaches"] = [a for a in approaches if (a if isinstance(a, str) else a["approach"]) in self.known]
        if addresses:
            fields["addresses"] = list(addresses)
        self.changes.append({"candidate": cand, "change": "new_phase", "section": "phases", "id": pid,
                             "fields": fields, "old": {}, "applied": True, "reason": reason})

    def goals_for(self, elements):
        return [g["id"] for g in self.goals if set(g.get("elements") or []) & set(elements or [])]

    def action(self, r):
        big = r.quadrant == "major_project"
        if r.kind == "kpi_off_track" and r.ref in self.kpis:
            self.kpi_off_track(r, big)
        elif r.kind == "kpi_not_measurable" and r.ref in self.kpis:
            name = self.kpis[r.ref].get('name') or r.ref
            self.phase(r.candidate, f"Measure {r.ref}: {name}" if self.en else self.tx.tr("frx.im.phase.measure", kpi=r.ref, name=name),
                       approaches=["automated_kpi_extraction"], goal_ids=self.kpis[r.ref].get("goals") or [], big=big,
                       reason=f"{r.ref} has no data; also name its data column in the plan (data: {{dataset, column}})")
        elif r.kind == "approach_poor":
            self.approach_poor(r, big)
        elif r.kind == "element_gap":
            sugg = (self.r3.get("suggestions") or {}).get(r.ref, [])[:2]
            self.phase(r.candidate, r.title, approaches=[{"approach": a, "elements": [r.ref]} for a in sugg],
                       goal_ids=self.goals_for([r.ref]), big=big, reason=f"element gap {r.ref}")
        elif r.kind == "readiness_gap":
            self.phase(r.candidate, r.title, addresses=[r.ref], big=big, reason=f"blocking readiness gap {r.ref}")
        elif r.kind in ("must_be_weak", "pain_point", "region_lagging"):
            els = ["E6", "E8"] if r.kind != "region_lagging" else ["E5", "E9"]
            self.phase(r.candidate, r.title, goal_ids=self.goals_for(els), big=big, reason=r.detail)
        else:  # plan flags, the mission: a person writes the change
            self.changes.append({"candidate": r.candidate, "change": "manual", "section": None, "id": r.ref,
                                 "fields": {}, "old": {}, "applied": False,
                                 "reason": (r.fix if isinstance(getattr(r, "fix", None), str) and r.fix else r.detail)})

    def kpi_off_track(self, r, big):
        k, s = self.kpis[r.ref], self.status.get(r.ref, {})
        fields = {"due": self.nc["end"]}
        if isinstance(s.get("latest"), (int, float)):
            fields["baseline"] = round(float(s["latest"]), 2)
        self.changes.append({"candidate": r.candidate, "change": "update_kpi", "section": "kpis", "id": r.ref,
                             "fields": fields, "old": {f: k.get(f) for f in fields}, "applied": True,
                             "reason": f"{r.ref} is off track: re-based on its latest value, due in the next cycle"})
        name = k.get('name') or k.get('kpi')
        self.phase(r.candidate, f"Recover {r.ref}: {name}" if self.en else self.tx.tr("frx.im.phase.recover", kpi=r.ref, name=name),
                   goal_ids=k.get("goals") or [],
                   big=big, reason=f"recovery phase for off-track {r.ref}")

    def approach_poor(self, r, big):
        weak = set(str(r.weak_on or "").split(","))
        if not weak & {"suitable", "beneficial"}:
            self.phase(r.candidate, f"Adoption: {r.title.replace('Rethink ', '')}" if self.en
                       else self.tx.tr("frx.im.phase.adoption", approach=self.tx.approach(r.ref)),
                       approaches=[r.ref, "elearning_platform"], big=big,
                       reason=f"{r.ref} fits and helps but is little used: training and adoption")
            return
        from ..daap.programme import root_cause

        cause = root_cause(self.plan, r.ref)
        if cause is None:   # 8.2: find the root cause before dropping an approach
            self.changes.append({"candidate": r.candidate, "change": "manual", "section": "choices", "id": r.ref,
                                 "fields": {}, "old": {}, "applied": False,
                                 "reason": f"{r.ref} rated poorly on {', '.join(sorted(weak - {''}))}: record its "
                                           "root cause first (under choices: root_cause) — was it the approach, or "
                                           "how it was introduced? Only then decide to drop it"})
            return
        for p in self.phases:
            ids = [a if isinstance(a, str) else a.get("approach") for a in p.get("approaches") or []]
            if r.ref in ids:
                self.changes.append({"candidate": r.candidate, "change": "drop_approach", "section": "phases",
                                     "id": p["id"], "fields": {"approach": r.ref}, "old": {"approaches": ids},
                                     "applied": True,
                                     "reason": f"{r.ref} rated poorly on {', '.join(sorted(weak - {''}))}; root "
                                               f"cause: {cause}: dropped"})

    def met_kpis(self):
        """Continuous improvement: a met KPI gets the next target."""
        for kid, s in self.status.items():
            if s.get("status") == "met" and kid in self.kpis and isinstance(s.get("latest"), (int, float)):
                k = self.kpis[kid]
                base = k.get("baseline") if k.get("baseline") is not None else s.get("baseline")
                fields = {"baseline": round(float(s["latest"]), 2),
                          "target": plan_target(s["latest"], base, k["target"], k.get("unit")), "due": self.nc["end"]}
                self.changes.append({"candidate": None, "change": "update_kpi", "section": "kpis", "id": kid,
                                     "fields": fields, "old": {f: k.get(f) for f in fields}, "applied": True,
                                     "reason": f"{kid} met its target: the next target is one planned step further"})


def apply_changes(plan, changes, *, catalogue=None) -> dict:
    """A new validated plan with the applied changes; the period extended to the next cycle and the
    version raised. The input plan is not changed. A change the plan rejects raises ``IMP004``
    followed by the plan's own problems."""
    from ..daap import api as _plan

    new = copy.deepcopy(plan)
    nc = next_cycle(plan)
    new["period"] = {"start": str(plan["period"]["start"]), "end": nc["end"]}
    new["version"] = int(plan.get("version") or 1) + 1
    try:
        for c in changes:
            if not c.get("applied"):
                continue
            if c["change"] == "update_kpi":
                new = _plan.update_kpi(new, c["id"], c["fields"], catalogue=catalogue)
            elif c["change"] == "new_phase":
                new = _plan.add_phase(new, c["fields"], catalogue=catalogue)
            elif c["change"] == "drop_approach":
                i = next(i for i, p in enumerate(new["phases"]) if p["id"] == c["id"])
                apps = [a for a in new["phases"][i].get("approaches") or []
                        if (a if isinstance(a, str) else a.get("approach")) != c["fields"]["approach"]]
                new = _plan.update_phase(new, c["id"], {"approaches": apps}, catalogue=catalogue)
        return _plan.validate_plan(new, catalogue=catalogue)
    except SedamError as e:
        raise SedamError([Problem("IMP004", None, "changes", "a proposed change does not fit the plan",
                                  "see the plan problems below")] + e.problems) from None


