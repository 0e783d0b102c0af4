"""Stage 01's improvement candidates for stage 06: the blocking readiness gaps the plan does not address."""
from __future__ import annotations

from ...core.errors import Problems

__all__ = ["candidates"]

STAGE = "01_necessity_feasibility"


def candidates(results: dict) -> list[dict]:
    """Blocking readiness gaps as candidates (all of them without stage 02; with it, only those the plan
    ignores), heading by area (:data:`sedamkit.stages.improvement.common.AREA_HEADINGS`).

    Parameters
    ----------
    results : dict
        ``{stage_id: result data}`` of the earlier stages.

    Returns
    -------
    list of dict
        :func:`sedamkit.stages.improvement.headings.candidate` dicts; ``IMP001`` is raised for a
        result of the wrong shape.

    >>> r1 = {"areas": [{"area": "funding", "title": "Funding", "score": 31.0}], "blocking_gaps": ["funding"]}
    >>> [(c["ref"], c["heading"], c["detail"]) for c in candidates({STAGE: r1})]
    [('funding', 'business_model', 'blocking readiness gap (score 31 of 100)')]
    >>> candidates({STAGE: r1, "02_daap": {"readiness": {"ignored_blocking": []}}})
    []
    """
    from ..improvement.headings import candidate, heading_for, listed

    r1, r2 = results.get(STAGE), results.get("02_daap")
    if not r1:
        return []
    probs = Problems()
    titles = {a.get("area"): a for a in listed(r1, "areas", STAGE, probs)}
    probs.raise_if_any("an earlier result cannot be read")
    gaps = list(r1.get("blocking_gaps") or [])
    if r2 and isinstance(r2.get("readiness"), dict) and "ignored_blocking" in r2["readiness"]:
        gaps = [g for g in gaps if g in set(r2["readiness"]["ignored_blocking"] or [])]
    out = []
    for g in gaps:
        a = titles.get(g, {})
        score = a.get("score")
        out.append(candidate(STAGE, "readiness_gap", g, f"Build up: {a.get('title') or g}",
                             f"blocking readiness gap (score {score:.0f} of 100)" if isinstance(score, (int, float))
                             else "blocking readiness gap", heading_for("readiness_gap", area=g), "high"))
    return out
