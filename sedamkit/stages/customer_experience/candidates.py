"""Stage 04's improvement candidates for stage 06: weak basics (Kano must-be features) and pain points."""
from __future__ import annotations

from ...core.errors import Problems

__all__ = ["candidates", "TOP_PAINS"]

STAGE = "04_customer_experience"
#: How many pain points (worst first) become candidates.
TOP_PAINS = 3


def _must_be(m, candidate):
    m = m if isinstance(m, dict) else {"feature": str(m)}
    feat = m.get("feature") or m.get("id") or "feature"
    tp, rating = m.get("worst_touchpoint"), m.get("mean_rating")
    detail = "must-be feature performing weakly" + (f" (worst touchpoint {m.get('touchpoint_name') or tp}, "
                                                    f"mean {rating:.2f})" if isinstance(rating, (int, float)) else "")
    return tp, candidate(STAGE, "must_be_weak", feat, f"Fix a basic: {str(feat).replace('_', ' ')}", detail,
                         "customer_centric", "high")


def candidates(results: dict) -> list[dict]:
    """Must-be features performing weakly, then the :data:`TOP_PAINS` worst pain points whose touchpoint
    no must-be candidate already names; all customer-centric (8.2.3).

    Parameters
    ----------
    results : dict
        ``{stage_id: result data}`` of the earlier stages.

    Returns
    -------
    list of dict
        :func:`sedamkit.stages.improvement.headings.candidate` dicts; ``IMP001`` is raised for a
        list field of the wrong type.

    >>> r4 = {"must_be_weak": [{"feature": "quote", "worst_touchpoint": "T2", "mean_rating": 2.5}],
    ...       "pain_points": [{"touchpoint": "T2", "mean": 2.1}, {"touchpoint": "T5", "mean": 2.4, "name": "Invoice"}]}
    >>> [(c["kind"], c["ref"]) for c in candidates({STAGE: r4})]
    [('must_be_weak', 'quote'), ('pain_point', 'T5')]
    """
    from ..improvement.headings import candidate, listed

    r4 = results.get(STAGE)
    probs = Problems()
    out, seen_tp = [], set()
    for m in listed(r4, "must_be_weak", STAGE, probs):
        tp, c = _must_be(m, candidate)
        seen_tp.add(tp)
        out.append(c)
    pains = [p if isinstance(p, dict) else {"touchpoint": str(p)} for p in listed(r4, "pain_points", STAGE, probs)]
    probs.raise_if_any("an earlier result cannot be read")
    pains = sorted(pains, key=lambda p: p.get("mean") if isinstance(p.get("mean"), (int, float)) else 99)
    for p in [p for p in pains if p.get("touchpoint") not in seen_tp][:TOP_PAINS]:
        mean = p.get("mean")
        out.append(candidate(STAGE, "pain_point", p.get("touchpoint"),
                             f"Remove a pain point: {p.get('name') or p.get('touchpoint')}",
                             f"pain point (mean rating {mean:.2f})" if isinstance(mean, (int, float)) else "pain point",
                             "customer_centric", "medium"))
    return out
