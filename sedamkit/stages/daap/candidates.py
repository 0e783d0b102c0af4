"""Stage 02's improvement candidates for stage 06: the plan's own flags."""
from __future__ import annotations

from ...core.errors import Problems

__all__ = ["candidates", "LEFT_TO_OTHER_STAGES"]

STAGE = "02_daap"
#: Plan flags stages 01 and 05 already turn into candidates of their own.
LEFT_TO_OTHER_STAGES = ("PLAN208", "PLAN209", "PLAN213")


def candidates(results: dict) -> list[dict]:
    """Plan flags of severity high or medium (except :data:`LEFT_TO_OTHER_STAGES`), under 8.2.2.

    Parameters
    ----------
    results : dict
        ``{stage_id: result data}`` of the earlier stages.

    Returns
    -------
    list of dict
        :func:`sedamkit.stages.improvement.headings.candidate` dicts (with the flag's ``fix`` and
        ``code``); ``IMP001`` is raised when ``flags`` is not a list.

    >>> flags = [{"code": "PLAN201", "id": "R1", "severity": "high", "message": "m", "fix": "f"},
    ...          {"code": "PLAN208", "id": "K1", "severity": "high", "message": "m", "fix": "f"}]
    >>> [c["ref"] for c in candidates({STAGE: {"flags": flags}})]
    ['PLAN201_R1']
    """
    from ..improvement.headings import candidate, listed

    probs = Problems()
    flags = listed(results.get(STAGE), "flags", STAGE, probs)
    probs.raise_if_any("an earlier result cannot be read")
    return [candidate(STAGE, "plan_flag", f"{f.get('code')}_{f.get('id')}", f"Plan: {f.get('message')}",
                      f"{f.get('code')}: {f.get('fix')}", "optimize_daap", f.get("severity"), fix=f.get("fix"),
                      code=f.get("code"))
            for f in flags
            if f.get("severity") in ("high", "medium") and f.get("code") not in LEFT_TO_OTHER_STAGES]
