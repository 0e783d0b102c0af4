"""The short lines notebook 03 prints, in the notebook's language (``kfr.nb03.*`` keys of
``data/i18n/ui_kitfr.yaml``): Markdown text, client text escaped."""
from __future__ import annotations

__all__ = ["plan_source_note", "assessment_note", "result_note"]


def plan_source_note(plan_from, language: str | None = "en") -> str:
    """Where the planned approaches come from (``"result"``: stage 02's result; else the source named).

    >>> plan_source_note("result", "fr")
    "Les approches prévues viennent du **résultat de l'étape 02**."
    """
    from ...core.i18n import t
    from ...core.text import md

    if plan_from == "result":
        return t("kfr.nb03.plan_from.result", language)
    return t("kfr.nb03.plan_from.file", language, source=md(plan_from))


def assessment_note(assessment: dict, path, language: str | None = "en") -> str:
    """Whose assessment this is, when it was made, and the file it was read from."""
    from ...core.i18n import t
    from ...core.text import md, md_code

    return t("kfr.nb03.assessment", language, client=md(assessment.get("client")),
             assessed=md(assessment.get("assessed")), path=md_code(path))


def result_note(path, result: dict, language: str | None = "en") -> str:
    """Where stage 03's result was written, its gaps and its first priority."""
    from ...core.i18n import t
    from ...core.text import md, md_code

    gaps = ", ".join(md(g["element"]) for g in result.get("gaps") or []) or t("kfr.none", language)
    order = result.get("priority_order") or []
    return t("kfr.nb03.result", language, path=md_code(path), gaps=gaps,
             first=md(order[0]) if order else t("kfr.none", language))
