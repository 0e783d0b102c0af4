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

    Returns ``{"old": path, "new": path, "folder": path, "rule": text, "created": bool}``;
    ``created`` is False when the newest version already holds exactly this plan.
    """
    from ..daap import api as _plan

    old_plan_path = Path(old_plan_path)
    work = Path(answers_dir) / "02_daap" / "plan.yaml" if answers_dir is not None else None
    if interactive and work is not None and work.is_file():
        base, rule = work, "beside notebook 02's working copy (interactive)"
    else:
        base = Path(output_dir) / "plan" / "plan.yaml"
        rule = "in the run's output folder, next to a copy of the evaluated plan (the client folder is never written)"
        if not base.exists():
            base.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(old_plan_path, base)
    latest = _plan.latest_plan_path(base)
    text = plan_yaml(_plan.validate_plan(new_plan))
    if latest != base and latest.read_text(encoding="utf-8") == text:
        return {"old": str(base), "new": str(latest), "folder": str(base.parent), "rule": rule, "created": False}
    path = _plan.save_plan_version(new_plan, base)
    return {"old": str(base), "new": str(path), "folder": str(base.parent), "rule": rule, "created": True}


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


def changes_table(changes, candidates=None):
    """The changes as a readable table: ``#``, ``change``, ``item``, ``what changes``, ``why``,
    ``applied`` ("yes" or "by hand"), ``from`` (candidate title or "met KPI rule")."""
    import pandas as pd

    titles = dict(zip(candidates["candidate"], candidates["title"])) if candidates is not None and len(candidates) else {}
    rows = []
    for n, c in enumerate(changes, 1):
        if c["change"] == "update_kpi":
            what = ", ".join(f"{k}: {c['old'].get(k)} → {v}" for k, v in c["fields"].items())
        elif c["change"] == "new_phase":
            f = c["fields"]
            apps = [a if isinstance(a, str) else a["approach"] for a in f.get("approaches") or []]
            what = f"{f['id']} “{f['name']}” {f['start']} to {f['end']}" + (f"; approaches: {', '.join(apps)}" if apps else "")
        elif c["change"] == "drop_approach":
            what = f"remove {c['fields']['approach']} from {c['id']}"
        else:
            what = "to write by hand"
        rows.append({"#": n, "change": c["change"].replace("_", " "), "item": c["id"], "what changes": what,
                     "why": c["reason"], "applied": "yes" if c["applied"] else "by hand",
                     "from": titles.get(c["candidate"], "met KPI rule" if c["candidate"] is None else c["candidate"])})
    return pd.DataFrame(rows, columns=["#", "change", "item", "what changes", "why", "applied", "from"])


