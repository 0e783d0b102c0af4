"""The short lines notebook 01 prints, in the notebook's language (``clz.nb01.*`` keys of
``data/i18n/ui_clz.yaml``); numbers with :mod:`sedamkit.core.numfmt`. Re-exported by
:mod:`sedamkit.stages.exercises` (``sk.exercises``), which notebook 01 already uses."""
from __future__ import annotations

__all__ = ["readiness_line", "area_exercise_line", "result_written_note"]


def readiness_line(ready, language: str | None = "en") -> str:
    """Need and feasibility on 0–100 and who answered, as one plain-text line (for ``print``).

    ``ready`` is a :class:`sedamkit.methods.scoring.Readiness` (or anything with ``roles`` and
    ``respondents``).

    >>> from types import SimpleNamespace as N
    >>> r = N(roles={"need": {"mean": 62.04}, "feasibility": {"mean": 48.25}}, respondents=["r1", "r2"])
    >>> readiness_line(r, "en")
    'Need: 62.0 / 100 · feasibility: 48.2 / 100 (respondents: r1, r2)'
    >>> readiness_line(r, "fr")
    'Besoin : 62,0 / 100 · faisabilité : 48,2 / 100 (répondants : r1, r2)'
    """
    from ...core.i18n import t
    from ...core.numfmt import number

    def mean(role):
        return number((ready.roles.get(role) or {}).get("mean"), language, 1)

    return t("clz.nb01.readiness", language, need=mean("need"), feasibility=mean("feasibility"),
             respondents=", ".join(str(r) for r in ready.respondents))


def area_exercise_line(respondent, area, language: str | None = "en") -> str:
    """Whose answers and which area exercise 01-A uses, as one plain-text line (for ``print``).

    >>> area_exercise_line("r2", "funding", "fr")
    'Répondant : r2, domaine : funding'
    """
    from ...core.i18n import t

    return t("clz.nb01.exercise", language, respondent=respondent, area=area)


def result_written_note(path, language: str | None = "en") -> str:
    """Where stage 01's result was written, as Markdown (the path as code).

    >>> result_written_note("/x/result.json", "fr")
    'Résultat écrit dans `/x/result.json`.'
    """
    from ...core.i18n import t
    from ...core.text import md_code

    return t("clz.nb01.result", language, path=md_code(path))
