"""The short lines notebook 02 prints about the plan, in the notebook's language (``kfr.nb02.*`` keys of
``data/i18n/ui_kitfr.yaml``): Markdown text, client text escaped."""
from __future__ import annotations

__all__ = ["plan_file_note", "plan_heading", "result_note", "weak_principles_note", "preparation_note"]


def plan_file_note(path, language: str | None = "en") -> str:
    """Which plan file this run reads, as Markdown.

    >>> plan_file_note("/x/plan.yaml", "fr")
    'Fichier du programme pour cette exécution : `/x/plan.yaml`'
    """
    from ...core.i18n import t
    from ...core.text import md_code

    return t("kfr.nb02.plan_file", language, path=md_code(path))


def plan_heading(plan: dict, language: str | None = "en") -> str:
    """The plan's title, period and mission, as Markdown (the client's words escaped).

    >>> plan_heading({"title": "P", "period": {"start": "2025-01-01", "end": "2025-12-31"}, "mission": "M"}, "fr")
    '**P** · du 1er janvier 2025 au 31 décembre 2025\\n\\n> M'
    """
    from ...core.i18n import t
    from ...core.numfmt import date
    from ...core.text import md

    def day(x):
        text = date(x, language)
        return "1er" + text[1:] if language == "fr" and text.startswith("1 ") else text

    period = plan.get("period") or {}
    title = md(plan.get("title") or t("kfr.nb02.plan", language))
    span = t("kfr.nb02.period", language, start=day(period.get("start")), end=day(period.get("end")))
    return f"**{title}** · {span}\n\n> {md(plan.get('mission'))}"


def result_note(path, result: dict, language: str | None = "en") -> str:
    """Where stage 02's result was written, its number of flags and the blocking gaps it leaves out."""
    from ...core.i18n import t
    from ...core.text import md, md_code

    ignored = (result.get("readiness") or {}).get("ignored_blocking", [])
    return t("kfr.nb02.result", language, path=md_code(path), n=len(result.get("flags") or []),
             ignored=", ".join(md(x) for x in ignored) or t("kfr.none", language))


def weak_principles_note(principles, language: str | None = "en") -> str:
    """The principles that are weak or unanswered (from :func:`principles_check`), as Markdown.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"principle": ["ethics"], "principle_name": ["Ethical compliance"], "status": ["weak"]})
    >>> weak_principles_note(df, "fr")
    'Faibles ou sans réponse : Conformité éthique'
    """
    from ...core.i18n import t
    from ...core.kittext import kit_text
    from ...core.text import md

    rows = principles[principles["status"].isin(["weak", "unanswered"])]
    names = [md(kit_text("principle", p, language, shown=n)) for p, n in zip(rows["principle"], rows["principle_name"])]
    return t("kfr.nb02.weak_principles", language, names=", ".join(names) or t("kfr.none", language))


def preparation_note(plan, language: str | None = "en") -> str:
    """The plan's preparation score (6.2 c)), as Markdown: ``Preparation: **60 / 100**``."""
    from ...core.i18n import t
    from ...core.numfmt import score
    from .preparation import preparation_score

    return t("kfr.nb02.preparation", language, score=score(preparation_score(plan), language))
