"""Companion 07's text in the reader's language (``en`` or ``fr``): the kit's summaries of 24082 clauses
4 and 5 (:mod:`.content`, English) with their French in ``ui_frx.yaml`` (keys ``frx.dp.*``), and the
lines the notebook prints around them. English is the content module's own text.

>>> principle_name("co_creative", "fr")
'Co-création avec le client'
>>> print(self_check_lines("fr")[0])
1. [Émotionnel] Nous savons quels moments de notre parcours portent les émotions les plus fortes, bonnes ou mauvaises.
"""
from __future__ import annotations

from ...core.prose import Prose
from .content import ACTIVITIES, DESIGN_PRINCIPLES, PERSPECTIVES, SELF_CHECK

__all__ = ["principle_name", "principle_asks", "self_check_lines", "situation_lines", "perspective_lines",
           "activities", "persona_lines", "label"]


def _fr(language) -> bool:
    return Prose(language).language != "en"


def principle_name(pid: str, language: str = "en") -> str:
    """A design principle's name (``co_creative`` → "Co-creative with customer")."""
    return Prose(language).tr(f"frx.dp.principle.{pid}") if _fr(language) else DESIGN_PRINCIPLES[pid][1]


def principle_asks(pid: str, language: str = "en") -> str:
    """What a design principle asks, in the kit's words."""
    return Prose(language).tr(f"frx.dp.asks.{pid}") if _fr(language) else DESIGN_PRINCIPLES[pid][2]


def self_check_lines(language: str = "en") -> list[str]:
    """The self-check statements, numbered, with their principle: "1. [Emotional] We know …"."""
    tx = Prose(language)
    if not _fr(language):
        return [f"{i}. [{p}] {s}" for i, (p, s) in enumerate(SELF_CHECK, start=1)]
    return [f"{i}. [{principle_name(p, language)}] {tx.tr(f'frx.dp.self_check.{i}')}" for i, (p, _) in enumerate(SELF_CHECK, start=1)]


def situation_lines(situations: dict, language: str = "en") -> list[str]:
    """Exercise 07-A's situations: "a) A technician may …"."""
    tx = Prose(language)
    return [f"{k}) " + (tx.tr(f"frx.dp.situation.{k}") if _fr(language) and tx.has(f"frx.dp.situation.{k}") else s)
            for k, (s, _) in situations.items()]


def perspective_lines(language: str = "en") -> list[str]:
    """The three perspectives of 5.7 with the kit's question for each."""
    tx = Prose(language)
    if not _fr(language):
        return [f"{c} {n}: {q}" for c, n, q in PERSPECTIVES.values()]
    return [f"{c} {tx.tr(f'frx.dp.perspective.{k}')} : {tx.tr(f'frx.dp.question.{k}')}" for k, (c, _, _) in PERSPECTIVES.items()]


def activities(language: str = "en") -> list[tuple]:
    """:data:`~.content.ACTIVITIES` in ``language``: ``(clause, activity, produces, in_the_kit)``."""
    if not _fr(language):
        return list(ACTIVITIES)
    tx = Prose(language)
    return [(c, tx.tr(f"frx.dp.activity.{c}"), tx.tr(f"frx.dp.produces.{c}"), tx.tr(f"frx.dp.in_kit.{c}"))
            for c, *_ in ACTIVITIES]


def label(key: str, language: str = "en", **fields) -> str:
    """A fixed line of companion 07 (``frx.dp.<key>``) in ``language``."""
    return Prose(language).tr(f"frx.dp.{key}", **fields)


def persona_lines(who: dict, language: str = "en") -> str:
    """A :func:`~.api.persona` as Markdown bullets, each key in words (client text escaped)."""
    from ...core.text import md

    tx = Prose(language)
    def name(k):
        return tx.tr(f"frx.dp.persona.{k}") if tx.has(f"frx.dp.persona.{k}") else k.replace("_", " ")
    def value(k, v):
        return tx.share(v) if k == "share" and isinstance(v, float) else md(v)
    sep = " :" if tx.language == "fr" else ":"
    return "\n".join(f"- **{md(name(k))}{sep}** {value(k, v)}" for k, v in who.items() if v is not None)
