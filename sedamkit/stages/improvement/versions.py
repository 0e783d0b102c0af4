"""Stage 06: the new plan written as a new version (never over the old one), its diff and the changes table."""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path

__all__ = ["write_plan_version", "plan_diff", "changes_table", "plan_yaml"]


def plan_yaml(plan) -> str:
    """A validated plan as the YAML text every saved version has (stage 02's writer)."""
    from ..daap.api import to_yaml

    return to_yaml(plan)


def write_plan_version(new_plan, old_plan_path, *, output_dir, answers_dir=None, interactive: bool = False) -> dict:
    """Write ``new_plan`` as a new version; never touch the old file (rules in the module docstring).

    Returns ``{"old": path, "new": path, "folder": path, "rule": text, "where": "working_copy" |
    "run_folder" (the rule as a word), "created": bool}``;
    ``created`` is False when the newest version already holds exactly this plan.
    """
    from ..daap import api as _plan

    old_plan_path = Path(old_plan_path)
    work = Path(answers_dir) / "02_daap" / "plan.yaml" if answers_dir is not None else None
    if interactive and work is not None and work.is_file():
        base, rule, where = work, "beside notebook 02's working copy (interactive)", "working_copy"
    else:
        base = Path(output_dir) / "plan" / "plan.yaml"
        rule = "in the run's output folder, next to a copy of the evaluated plan (the client folder is never written)"
        where = "run_folder"
        if not base.exists():
            base.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(old_plan_path, base)
    latest = _plan.latest_plan_path(base)
    text = plan_yaml(_plan.validate_plan(new_plan))
    if latest != base and latest.read_text(encoding="utf-8") == text:
        return {"old": str(base), "new": str(latest), "folder": str(base.parent), "rule": rule, "where": where, "created": False}
    path = _plan.save_plan_version(new_plan, base)
    return {"old": str(base), "new": str(path), "folder": str(base.parent), "rule": rule, "where": where, "created": True}


def plan_diff(old_path, new_path, *, context: int = 2) -> str:
    """A unified diff (``difflib``) of the two plan files as text (``---`` old, ``+++`` new).

    The old plan is first validated and written the way every saved version is (catalogue defaults
    filled in, comments dropped), so the diff shows only what the update changed.
    """
    import yaml

    from ..daap.api import validate_plan

    # compare like with like: the old plan validated and written the way a new version is written
    # (defaults such as a KPI's unit filled in, dates as text), so only real changes show
    a_norm = plan_yaml(validate_plan(yaml.safe_load(Path(old_path).read_text(encoding="utf-8")))).splitlines(keepends=True)
    b = Path(new_path).read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a_norm, b, fromfile=Path(old_path).name, tofile=Path(new_path).name, n=context))


def _word(tx, v) -> str:
    """A changed value for the reader: a number or a date written the reader's way, anything else as it is."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = float(v)
        return tx.n(v, 0 if v.is_integer() else 1 if round(v, 1) == v else 2)
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        return tx.date(v)
    return str(v)


def changes_table(changes, candidates=None, language: str = "en", results: dict | None = None):
    """The changes as a readable table: ``#``, ``change``, ``item``, ``what changes``, ``why``,
    ``applied`` ("yes" or "by hand"), ``from`` (candidate title or "met KPI rule"); the words in
    ``language`` (``en`` or ``fr``; ``results``, the earlier results, name the candidates in French)."""
    import pandas as pd

    from ...core.prose import Prose
    from .texts import candidate_titles, change_reason

    tx = Prose(language)
    en = tx.language == "en"
    titles = (dict(zip(candidates["candidate"], candidate_titles(candidates, results or {}, language)))
              if candidates is not None and len(candidates) else {})
    by_id = {c["candidate"]: c for c in candidates.to_dict("records")} if candidates is not None and len(candidates) else {}
    rows = []
    for n, c in enumerate(changes, 1):
        if c["change"] == "update_kpi":
            what = ", ".join(f"{k}: {c['old'].get(k)} → {v}" if en else
                             tx.tr("frx.im.what.field", field=tx.tr(f"frx.im.field.{k}") if tx.has(f"frx.im.field.{k}") else k,
                                   old=_word(tx, c["old"].get(k)), new=_word(tx, v))
                             for k, v in c["fields"].items())
        elif c["change"] == "new_phase":
            f = c["fields"]
            apps = [a if isinstance(a, str) else a["approach"] for a in f.get("approaches") or []]
            name = titles.get(c["candidate"], f["name"]) if not en else f["name"]
            what = tx.tr("frx.im.what.new_phase", id=f["id"], name=name, start=f["start"] if en else tx.date(f["start"]),
                         end=f["end"] if en else tx.date(f["end"]))
            what += tx.tr("frx.im.what.approaches", items=", ".join(apps if en else [tx.approach(a) for a in apps])) if apps else ""
        elif c["change"] == "drop_approach":
            what = tx.tr("frx.im.what.drop", approach=c["fields"]["approach"] if en else tx.approach(c["fields"]["approach"]), phase=c["id"])
        else:
            what = tx.tr("rpt.change.manual")
        why = change_reason(tx, c, by_id.get(c["candidate"]), results or {})
        rows.append({"#": n, "change": c["change"].replace("_", " ") if en else tx.tr(f"rpt.change.{c['change']}"),
                     "item": c["id"], "what changes": what, "why": why,
                     "applied": tx.tr("frx.im.applied" if c["applied"] else "frx.im.by_hand"),
                     "from": titles.get(c["candidate"], tx.tr("frx.im.met_kpi_rule") if c["candidate"] is None else c["candidate"])})
    if not en:
        cols = {k: tx.tr(f"frx.im.col.{k.replace(' ', '_').replace('#', 'n')}") for k in ["#", "change", "item", "what changes", "why", "applied", "from"]}
        return pd.DataFrame(rows, columns=list(cols)).rename(columns=cols)
    return pd.DataFrame(rows, columns=["#", "change", "item", "what changes", "why", "applied", "from"])


