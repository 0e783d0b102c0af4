"""Stage 03's improvement candidates for stage 06: the element gaps with the highest priority."""
from __future__ import annotations

from ...core.errors import Problems

__all__ = ["candidates", "TOP"]

STAGE = "03_application"
#: How many element gaps (by rank) become candidates.
TOP = 3


def candidates(results: dict) -> list[dict]:
    """The :data:`TOP` element gaps by rank, heading by dimension.

    Parameters
    ----------
    results : dict
        ``{stage_id: result data}`` of the earlier stages.

    Returns
    -------
    list of dict
        :func:`sedamkit.stages.improvement.headings.candidate` dicts; ``IMP001`` is raised when
        ``gaps`` is not a list.

    >>> gaps = [{"element": "E8", "rank": 2, "dimension": "D4"}, {"element": "E5", "rank": 1, "dimension": "D3"}]
    >>> [(c["ref"], c["heading"]) for c in candidates({STAGE: {"gaps": gaps}})]
    [('E5', 'customer_centric'), ('E8', 'internal_system')]
    """
    from ..improvement.headings import candidate, heading_for, listed

    probs = Problems()
    gaps = listed(results.get(STAGE), "gaps", STAGE, probs)
    probs.raise_if_any("an earlier result cannot be read")
    return [candidate(STAGE, "element_gap", g.get("element"),
                      f"Close the gap in {g.get('element')} {g.get('element_name', '')}".strip(),
                      g.get("reasons") or "element gap",
                      heading_for("element_gap", g.get("element"), dimension=g.get("dimension")), "medium")
            for g in sorted(gaps, key=lambda g: g.get("rank", 99))[:TOP]]
