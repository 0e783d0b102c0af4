"""Stage 05's sentences in the reader's language (``en`` or ``fr``), from ``ui_frx.yaml``: the plan line,
the mission under review, the mission review's summary, the KPI status counts and the line under the
result. Client text (plan title, mission) is escaped for Markdown; numbers and dates go through
:mod:`sedamkit.core.numfmt`.

>>> plan_line({"title": "P", "version": 1, "period": {"start": "2025-01-01", "end": "2026-12-31"},
...            "kpis": [1, 2], "phases": [1]}, "fr")
'**Programme :** P (version 1), du 1er janvier 2025 au 31 décembre 2026 — 2 indicateurs, 1 phase.'
>>> status_line({"met": 1, "on_track": 0, "off_track": 2, "not_measurable": 0}, "fr")
'1 atteint, 0 en bonne voie, 2 en retard, 0 non mesurable'
"""
from __future__ import annotations

from ...core.prose import Prose
from ...core.text import md

__all__ = ["approach_name", "plan_line", "mission_line", "mission_summary", "status_word", "status_line", "result_line", "notebook_text"]


def plan_line(plan_r: dict, language: str = "en") -> str:
    """"**Plan:** title (version 1), 2025-01-01 to 2026-12-31 — 8 KPIs, 4 phases." as Markdown."""
    tx = Prose(language)
    period = plan_r.get("period") or {}
    dates = (period.get("start"), period.get("end")) if tx.language == "en" else (tx.date(period.get("start")), tx.date(period.get("end")))
    return tx.tr("frx.ev.plan_line", title=md(plan_r.get("title")), version=md(plan_r.get("version")),
                 start=dates[0], end=dates[1], kpis=tx.count("rpt.n_kpis", len(plan_r.get("kpis") or [])),
                 phases=tx.count("rpt.n_phases", len(plan_r.get("phases") or [])))


def _source(tx, source) -> str:
    return md(source) if source else tx.tr("frx.ev.no_source")


def mission_line(mission: dict, language: str = "en") -> str:
    """The mission under review and where it comes from, as a Markdown quote."""
    tx = Prose(language)
    return tx.tr("frx.ev.mission_under_review", source=_source(tx, mission.get("source")), text=md(mission.get("text")))


def mission_summary(review, language: str = "en") -> str:
    """A :class:`~sedamkit.stages.evaluation.mission.MissionReview` in Markdown: the mission, the verdict
    with the overall score and the number of respondents, then the weak items."""
    tx = Prose(language)
    m = review.mission or {}
    lines = [tx.tr("frx.ev.mission", source=_source(tx, m.get("source")), text=md(m.get("text") or "—")), "",
             tx.tr("frx.ev.verdict", label=tx.tr(f"frx.ev.verdict.{review.verdict}"))]
    if review.verdict != "not_reviewed":
        lines[-1] += tx.tr("frx.ev.overall", score=tx.n(review.overall),
                           respondents=tx.count("frx.respondents", len(review.respondents)))
    for iid in review.weak_items:
        row = review.items.set_index("item").loc[iid]
        lines.append(tx.tr("frx.ev.weak_item", score=tx.n(row["score"]), text=md(row["text"])))
    return "\n".join(lines)


def status_word(status: str, language: str = "en") -> str:
    """A KPI status in words: ``on_track`` → "on track" / "en bonne voie"."""
    return Prose(language).tr(f"frx.ev.status.{status}")


def status_line(counts: dict, language: str = "en") -> str:
    """``{status: n}`` as "2 met, 1 on track, 5 off track, 1 not measurable"."""
    tx = Prose(language)
    return ", ".join(tx.count(f"rpt.n_status.{s}", n) for s, n in counts.items())


def approach_name(tx, a) -> str:
    """An approach named by a result (its id, or its English catalogue name) in ``tx``'s language."""
    from ...core.names import catalogue_names

    names = catalogue_names()
    ids = {name: aid for aid, name in names.items()}
    return tx.approach(a) if a in names else tx.approach(ids[a]) if a in ids else str(a)


def result_line(result: dict, path, language: str = "en") -> str:
    """The line under stage 05's result: where it was written, the status counts, what is rated poorly."""
    from ...core.text import md_code

    tx = Prose(language)
    poor = [md(approach_name(tx, p)) for p in result.get("poorly_rated") or []]
    return tx.tr("frx.ev.result_written", path=md_code(path), statuses=status_line(result.get("status_counts") or {}, language),
                 poor=tx.join(poor) if poor else tx.tr("rpt.none"))


def notebook_text(key: str, language: str = "en", **fields) -> str:
    """A fixed line of notebook 05 (``frx.ev.<key>``) in ``language``."""
    return Prose(language).tr(f"frx.ev.{key}", **fields)
