"""Stage 06, step 1: the improvement candidates of every earlier stage, in one table."""
from __future__ import annotations

import re

from ...core.errors import Problems, SedamError

__all__ = ["collect_candidates", "SHORT"]

#: The short word of each candidate kind in candidate ids (``s05_kpi_k3``, ``s04_pain_t5``).
SHORT = {"readiness_gap": "gap", "plan_flag": "flag", "element_gap": "gap", "must_be_weak": "mustbe",
         "pain_point": "pain", "kpi_off_track": "kpi", "kpi_not_measurable": "unmeasured",
         "approach_poor": "approach", "mission": "mission", "region_lagging": "region"}


def _slug(*parts) -> str:
    s = "_".join(str(p) for p in parts if p not in (None, ""))
    s = re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")
    return s if re.match(r"^[a-z]", s) else f"c_{s}"


def collect_candidates(results: dict):
    """Improvement candidates from the earlier stages' results (``{stage_id: data}``): each stage
    definition's ``candidates`` (``sedamkit.stages.<stage>.candidates``), in stage order.

    Returns
    -------
    pandas.DataFrame
        One row per candidate, by source stage then the order found: ``candidate`` (stable
        snake_case id, e.g. ``s05_kpi_k3``), ``source`` (stage id), ``kind``, ``ref`` (the id it is
        about), ``title`` (short), ``detail`` (why), ``heading`` (one of :data:`HEADINGS`),
        ``severity`` (``high`` / ``medium`` / ``low``, from the source where it has one).
    """
    import pandas as pd

    from .. import STAGES

    probs, rows = Problems(), []
    for stage in STAGES:
        try:
            found = stage.call("candidates", results) or []
        except SedamError as e:
            probs.extend(e.problems)
            continue
        rows += [{"candidate": _slug(f"s{c['source'][:2]}", SHORT[c["kind"]], None if c["kind"] == "mission" else c["ref"]),
                  **c, "ref": str(c["ref"])} for c in found]
    probs.raise_if_any("an earlier result cannot be read")
    cols = ["candidate", "source", "kind", "ref", "title", "detail", "heading", "severity"]
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=cols + ["fix", "code", "weak_on"])
    for c in ("fix", "code", "weak_on"):
        if c not in df:
            df[c] = None
    # ids are unique: a repeated id gets a suffix
    counts = {}
    ids = []
    for cid in df["candidate"]:
        counts[cid] = counts.get(cid, 0) + 1
        ids.append(cid if counts[cid] == 1 else f"{cid}_{counts[cid]}")
    df["candidate"] = ids
    return df[cols + ["fix", "code", "weak_on"]].reset_index(drop=True)
