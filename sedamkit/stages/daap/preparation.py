"""The preparation checklist of clause 6.2 c): its items, the plan's status per item and the score."""
from __future__ import annotations

from .common import checks_data
from .validate import validate_plan

__all__ = ["preparation_items", "preparation_summary", "preparation_score"]


def preparation_items(checks=None):
    """The preparation checklist of clause 6.2 c), one row per item.

    Columns: ``item`` (id), ``clause``, ``label``.

    >>> preparation_items()["item"].tolist()
    ['team', 'shared_understanding', 'stakeholder_communication', 'planning_embedding', 'support_systems']
    """
    import pandas as pd

    return pd.DataFrame([{"item": i["id"], "clause": i["clause"], "label": i["label"]}
                         for i in checks_data(checks)["preparation"]["items"]], columns=["item", "clause", "label"])


def _prep_status(val):
    return val.get("status") if isinstance(val, dict) else val


def preparation_summary(plan, *, checks=None):
    """Status of each preparation item of clause 6.2 c).

    Returns
    -------
    pandas.DataFrame
        One row per checklist item, in checklist order: ``item``, ``clause``, ``label``, ``status``
        (not_started / in_progress / done; a missing item is ``not_started``), ``weight`` (0, 0.5, 1
        from ``status_weights``), ``notes``, ``owner``.

    >>> from sedamkit.stages.daap.api import new_plan, set_preparation
    >>> p = set_preparation(new_plan("D", "m", "2025-01-01", "2025-12-31"), "team", "in_progress")
    >>> preparation_summary(p)[["item", "status", "weight"]].head(2).values.tolist()
    [['team', 'in_progress', 0.5], ['shared_understanding', 'not_started', 0.0]]
    """
    import pandas as pd

    chk = checks_data(checks)
    plan = validate_plan(plan, checks=checks)
    w = chk["preparation"]["status_weights"]
    rows = []
    for it in chk["preparation"]["items"]:
        val = plan["preparation"].get(it["id"])
        st = _prep_status(val) or "not_started"
        extra = val if isinstance(val, dict) else {}
        rows.append({"item": it["id"], "clause": it["clause"], "label": it["label"], "status": st,
                     "weight": float(w[st]), "notes": extra.get("notes") or "", "owner": extra.get("owner") or ""})
    return pd.DataFrame(rows, columns=["item", "clause", "label", "status", "weight", "notes", "owner"])


def preparation_score(plan, *, checks=None) -> float:
    """Preparation progress 0–100: the mean status weight over all checklist items × 100.

    >>> from sedamkit.stages.daap.api import new_plan, set_preparation
    >>> p = new_plan("D", "m", "2025-01-01", "2025-12-31")
    >>> p = set_preparation(set_preparation(p, "team", "done"), "support_systems", "in_progress")
    >>> preparation_score(p)   # (1 + 0.5 + 0 + 0 + 0) / 5 * 100
    30.0
    """
    s = preparation_summary(plan, checks=checks)
    return round(float(s["weight"].mean() * 100), 2) if len(s) else 0.0
