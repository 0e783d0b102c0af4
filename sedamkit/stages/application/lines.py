"""More short lines notebook 03 shows, in the notebook's language (``clz.nb03.*`` keys of
``data/i18n/ui_clz.yaml``): the team-feedback example (7.3.2.3, 7.3.2.4) and the lines the exercises
print. Numbers with :mod:`sedamkit.core.numfmt`; client text escaped in Markdown."""
from __future__ import annotations

__all__ = ["team_feedback_note", "recognised_note", "coverage_exercise_line", "priority_exercise_line"]


def team_feedback_note(table, note: str, language: str | None = "en") -> str:
    """Markdown above the team table: why the section is skipped (``table`` None), else the note of
    :func:`~sedamkit.stages.application.teams.team_feedback_for` and the organization's CSAT for the period.

    >>> team_feedback_note(None, "no survey", "fr")
    'Section ignorée : no survey.'
    """
    from ...core.i18n import t
    from ...core.numfmt import percent
    from ...core.text import md

    if table is None:
        return t("clz.nb03.team.skipped", language, why=md(note))
    text = md(note)
    return t("clz.nb03.team.csat", language, note=text[:1].upper() + text[1:], period=md(table.period.iloc[0]),
             csat=percent(table.attrs.get("overall_csat"), language, 1, scale=100))


def recognised_note(recognised, language: str | None = "en") -> str:
    """Markdown naming the teams recognised this period (client names escaped), or saying none is.

    >>> recognised_note([], "fr"), recognised_note(["Nord"], "en")
    ('Reconnues pour cette période : aucune', 'Recognised this period: Nord')
    """
    from ...core.i18n import t
    from ...core.text import md

    names = ", ".join(md(x) for x in recognised or []) or t("clz.nb03.none_f", language)
    return t("clz.nb03.recognised", language, teams=names)


def coverage_exercise_line(element, in_use, in_plan, language: str | None = "en") -> str:
    """What exercise 03-A counts, as plain text (for ``print``): the element, its approaches in use and in
    the plan (approach ids).

    >>> print(coverage_exercise_line("E4", ["a"], ["a", "b"], "fr"))
    Élément E4
    en usage : a
    dans le programme : a, b
    """
    from ...core.i18n import t

    def ids(xs):
        return ", ".join(str(x) for x in xs) if xs else t("clz.nb03.none_f", language)

    return t("clz.nb03.ex_coverage", language, element=element, in_use=ids(in_use), in_plan=ids(in_plan))


def priority_exercise_line(element, row, weights: dict, top, language: str | None = "en") -> str:
    """The figures exercise 03-B needs, as plain text (for ``print``): the element's maturity and number of
    planned approaches (``row``: a row of the coverage table), the priority weights and the top importance.

    >>> from types import SimpleNamespace as N
    >>> priority_exercise_line("E2", N(maturity=1, n_planned=0), {"weakness": 0.5}, 3, "fr")
    'Élément E2 : maturité 1, approches prévues 0, pondérations weakness = 0,5, maximum 3'
    """
    from ...core.i18n import t
    from ...core.numfmt import number

    def num(x):  # as few decimals as the value needs, at most 2
        try:
            v = round(float(x), 2)
        except (TypeError, ValueError):
            return str(x)
        return number(v, language, next((d for d in (0, 1) if v == round(v, d)), 2)) if v == v else number(v, language)

    w = ", ".join(f"{k} = {num(v)}" for k, v in (weights or {}).items())
    return t("clz.nb03.ex_priority", language, element=element, maturity=num(row.maturity),
             n_planned=num(row.n_planned), weights=w, top=num(top))
