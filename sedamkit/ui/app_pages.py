"""App pages of the stage 05 and 06 questionnaires: the mission review, the approach ratings and the
impact/effort scores of the improvement candidates.

Each page is a :class:`sedamkit.ui.app.StagePage` (the header, the name prompt, the autosaving form of
one respondent) given the questionnaire the stage notebook builds, a lead text and a live panel of its
own:

============================  ======================  ==================================================
page (``notebooks/app/``)     questionnaire            answers folder, built as the stage builds it
============================  ======================  ==================================================
``05_mission_review``         ``mission_review``       ``05_evaluation/mission`` (the shipped YAML)
``05_approach_ratings``       ``approach_ratings``     ``05_evaluation/approaches``
                                                       (:func:`sedamkit.stages.evaluation.api.approach_spec`
                                                       of the plan, stage 02's result)
``06_scores``                 ``improvement_scores``   ``06_improvement/scores``
                                                       (:func:`sedamkit.stages.improvement.api.scores_spec`
                                                       of the candidates of stages 01–05)
============================  ======================  ==================================================

So an answer given in the app is read by the stage notebook and by ``sedam run``, and the other way round.
When a page has nothing to ask (no mission, no planned approach, no improvement candidate), it says so in
one line and shows no form (:class:`NothingToAsk`). Texts come from ``ui_pages.yaml`` in the page's
language; numbers are written with :mod:`sedamkit.core.numfmt`; client text is escaped.
"""
from __future__ import annotations

import json

from ..core.i18n import t
from ..core.numfmt import number
from ..core.prose import Prose
from ..core.text import esc

__all__ = ["PAGES", "page_spec", "page_title", "questionnaire_page", "page_data", "PageData", "NothingToAsk",
           "mission_live", "approaches_live", "scores_live", "LivePanel", "quadrant_label", "area_table",
           "TABLE_CSS", "TABLE_STYLE", "LEFT"]

#: The questionnaires these pages ask: id → (stage, answers sub-folder name).
PAGES = {"mission_review": ("05_evaluation", "mission"),
         "approach_ratings": ("05_evaluation", "approaches"),
         "improvement_scores": ("06_improvement", "scores")}

#: Inline styles of the tables (the page's own CSS right-aligns every cell): text left, numbers right.
TABLE_STYLE = 'style="border-collapse:collapse;width:100%"'
LEFT = 'style="text-align:left"'
#: The style sheet of the pages' tables (class ``sedam-tbl``): first column left, numbers right, 13 px, and
#: columns as wide as their content (JupyterLab's own style fixes every table's columns to equal widths).
TABLE_CSS = ("<style>table.sedam-tbl {table-layout:auto} table.sedam-tbl th, table.sedam-tbl td {text-align:right;"
             " padding:2px 5px; font-size:13px; vertical-align:top} table.sedam-tbl th:first-child,"
             " table.sedam-tbl td:first-child {text-align:left; overflow-wrap:anywhere; min-width:8em}"
             " table.sedam-tbl tr.sedam-no-consensus td {background:#fdf0e6}"
             " .sedam-page-lead blockquote {white-space:normal; margin:0.3em 0 0.6em 1em; max-width:820px;"
             " font-style:italic}</style>")


def page_title(questionnaire: str, language: str | None = "en") -> str:
    """The page's title in ``language``.

    >>> page_title("improvement_scores", "fr")
    'Effet et effort des améliorations'
    """
    return t(f"pages.title.{questionnaire}", language)


class PageData:
    """What a stage 05/06 page asks, built from the client's files as the stage notebook builds it.

    Attributes
    ----------
    questionnaire : str — a key of :data:`PAGES`
    spec : sedamkit.core.spec.Spec — the questionnaire (its ``stage`` names the answers folder)
    context : dict — ``mission`` (``{"text", "source"}``), ``plan`` (stage 02's result) or
        ``candidates`` (the DataFrame of :func:`sedamkit.stages.improvement.api.collect_candidates`)
    empty : bool — True when there is nothing to ask (then :attr:`reason` says why, in one line)
    reason : str
    lead : str — the HTML shown above the form
    """

    def __init__(self, questionnaire, spec, context, empty, reason, lead):
        self.questionnaire, self.spec, self.context = questionnaire, spec, context
        self.empty, self.reason, self.lead = empty, reason, lead


def _lead(text: str) -> str:
    return f'<div class="sedam-page-lead"><p>{text}</p></div>'


def page_data(ctx, questionnaire: str) -> PageData:
    """The :class:`PageData` of ``questionnaire`` for ``ctx`` (a context of the page's stage)."""
    lang = ctx.language
    if questionnaire == "mission_review":
        from ..stages.evaluation.api import earlier_result, mission_text

        plan_r, _note = earlier_result(ctx, "02_daap", required=False)
        mission = mission_text(ctx.client, plan_r)
        spec = ctx.spec("mission_review")
        if not mission["text"]:
            return PageData(questionnaire, spec, {"mission": mission}, True, t("pages.mission_none", lang), "")
        lead = (TABLE_CSS + f'<div class="sedam-page-lead sedam-mission"><p><b>{esc(t("pages.mission_lead", lang))}</b> '
                f'<small>({esc(t("pages.mission_source", lang, source=mission["source"]))})</small></p>'
                f'<blockquote>{esc(mission["text"])}</blockquote></div>')
        return PageData(questionnaire, spec, {"mission": mission}, False, "", lead)
    if questionnaire == "approach_ratings":
        from ..stages.evaluation.api import approach_spec, earlier_result
        from ..stages.evaluation.approaches import planned_approaches

        plan_r, _note = earlier_result(ctx, "02_daap")
        spec = approach_spec(plan_r, answers_dir=ctx.answers_dir, language=lang)
        n = len(planned_approaches(plan_r))
        if not n:
            return PageData(questionnaire, spec, {"plan": plan_r}, True, t("pages.approaches_none", lang), "")
        return PageData(questionnaire, spec, {"plan": plan_r}, False, "",
                        _lead(esc(Prose(lang).count("pages.approaches_lead", n))))
    if questionnaire == "improvement_scores":
        from ..stages.improvement.api import collect_candidates, earlier_results, scores_spec

        results, _notes = earlier_results(ctx)
        cands = collect_candidates(results)
        spec = scores_spec(cands, answers_dir=ctx.answers_dir, language=lang, results=results)
        if not len(cands):
            return PageData(questionnaire, spec, {"candidates": cands}, True, t("pages.scores_none", lang), "")
        return PageData(questionnaire, spec, {"candidates": cands}, False, "",
                        _lead(esc(Prose(lang).count("pages.scores_lead", len(cands)))))
    from ..core.errors import Problem, SedamError

    raise SedamError(Problem("WEB007", None, "questionnaire", f"no stage 05/06 app page asks {questionnaire!r}",
                             "use one of: " + ", ".join(PAGES)))


def page_spec(ctx, questionnaire: str):
    """The questionnaire of an app page: built as its stage builds it for the pages of :data:`PAGES`,
    the shipped YAML (``ctx.spec``) for the others (stage 01)."""
    if questionnaire in PAGES:
        return page_data(ctx, questionnaire).spec
    return ctx.spec(questionnaire)


# -- live panels ---------------------------------------------------------------------------------------

class LivePanel:
    """A live panel's HTML (shown under the form, beside it in the app). CSS classes: ``sedam-live``,
    ``sedam-answered`` (this respondent's answered/total), ``sedam-respondents``, and one per table."""

    def __init__(self, html_text: str):
        self.html = html_text

    def _repr_html_(self):
        return self.html

    def __repr__(self):
        import re

        text = re.sub(r"<style>.*?</style>", "", self.html, flags=re.S)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


def _cached(ctx, spec, docs_of, build):
    """A ``live=`` callable: ``build(docs, own)`` recomputed only when the saved answers change."""
    cache = {}

    def live():
        docs = docs_of()
        key = json.dumps([[d.get("respondent"), d.get("answers")] for d in docs], sort_keys=True, default=str)
        if key not in cache:
            own = next((d for d in docs if d.get("respondent") == ctx.respondent), {"answers": {}})
            cache.clear()
            cache[key] = LivePanel(build(docs, own))
        return cache[key]

    return live


def _panel(ctx, spec, docs, own, body: str, note: str = "pages.live_note") -> str:
    lang = ctx.language
    answers = own.get("answers", {})
    shown = [i for i in spec.items if spec.visible(i, answers)]
    answered = sum(1 for i in shown if i.id in answers)
    n = sum(1 for d in docs if any(v is not None for v in (d.get("answers") or {}).values()))
    return (TABLE_CSS + '<div class="sedam-live" role="status" aria-live="polite">'
            f'<h4>{esc(t("pages.live_title", lang))}</h4><table class="sedam-live-table">'
            f'<tr><th scope="row">{esc(t("pages.you_answered", lang))}</th>'
            f'<td><span class="sedam-answered">{answered}/{len(shown)}</span></td></tr>'
            f'<tr><th scope="row">{esc(t("pages.respondents", lang))}</th>'
            f'<td><span class="sedam-respondents">{n}</span></td></tr></table>'
            f"{body}<p><small>{esc(t(note, lang))}</small></p></div>")


def _head(keys, language) -> str:
    return "".join(f'<th scope="col"{" " + LEFT if i == 0 else ""}>{esc(t(k, language))}</th>' for i, k in enumerate(keys))


def area_table(areas, language, cls: str = "sedam-area-table", *, compact: bool = False) -> str:
    """Per area: mean, spread (and range unless ``compact``) and the agreement flag of the kit's consensus
    rule, as HTML (``areas`` from :func:`sedamkit.methods.scoring.area_summary`)."""
    keys = (("pages.area", "pages.mean_short", "pages.spread_short", "pages.agreement_short") if compact else
            ("pages.area", "pages.mean", "pages.spread", "pages.range", "pages.agreement"))
    rows = []
    for r in areas.itertuples():
        flag = t("pages.agree", language) if r.consensus else t("pages.disagree_short" if compact else "pages.disagree", language)
        rng = "" if compact else f"<td>{'—' if r.n == 0 else number(r.min, language) + '–' + number(r.max, language)}</td>"
        rows.append(f'<tr class="sedam-area-{esc(r.area)}{"" if r.consensus else " sedam-no-consensus"}">'
                    f"<td {LEFT}>{esc(r.title)}</td><td>{number(r.mean, language)}</td><td>{number(r.sd, language)}</td>"
                    f"{rng}<td>{esc(flag) if r.n else '—'}</td></tr>")
    return (f'<table class="sedam-tbl {cls}" {TABLE_STYLE}><thead><tr>{_head(keys, language)}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def mission_live(ctx, spec):
    """The mission review's live panel: the team's overall score and verdict, and per area the mean,
    spread and agreement (:func:`sedamkit.stages.evaluation.api.mission_review`)."""
    from ..stages.evaluation.api import load_answers, mission_review

    lang = ctx.language

    def build(docs, own):
        review = mission_review(docs, spec)
        body = (f'<p>{esc(t("pages.team_score", lang) + t("pages.colon", lang))} <b class="sedam-score-team">{number(review.overall, lang)}</b>'
                f' / 100 · {esc(t("pages.verdict", lang) + t("pages.colon", lang))} '
                f'<b class="sedam-verdict">{esc(t("pages.verdict." + review.verdict, lang))}</b></p>'
                + area_table(review.areas, lang, compact=True))
        return _panel(ctx, spec, docs, own, body)

    return _cached(ctx, spec, lambda: load_answers(ctx.answers_dir, spec, "mission"), build)


def approaches_live(ctx, spec, plan_r):
    """The approach ratings' live panel: per planned approach the mean of each criterion and who rated it
    (:func:`sedamkit.stages.evaluation.api.approach_ratings`); a mean below the stage's threshold is marked."""
    from ..stages.evaluation.api import POOR_BELOW, approach_ratings, load_answers

    lang = ctx.language

    def build(docs, own):
        ratings = approach_ratings(docs, spec, plan_r)
        names = {a["id"]: spec.text(a["title"]) for a in spec.areas}   # in the page's language
        crits = ("suitable", "beneficial", "used")
        head = _head([f"pages.{k}" for k in ("approach", *crits)], lang)
        rows = []
        for r in ratings.itertuples():
            cells = []
            for c in crits:
                v = getattr(r, c)
                weak = v == v and round(v, 9) < POOR_BELOW
                cells.append(f'<td class="{"sedam-weak" if weak else ""}">{number(v, lang, 1)}'
                             + (" ⚠" if weak else "") + "</td>")
            rows.append(f'<tr class="sedam-approach-{esc(r.approach)}"><td {LEFT}>{esc(names.get(r.approach) or r.name)} <small>({r.n})</small></td>'
                        + "".join(cells) + "</tr>")
        body = (f'<table class="sedam-tbl sedam-approach-table" {TABLE_STYLE}><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
                f'</table><p><small>{esc(t("pages.ratings_scale", lang, threshold=number(POOR_BELOW, lang)))}'
                "</small></p>")
        return _panel(ctx, spec, docs, own, body)

    return _cached(ctx, spec, lambda: load_answers(ctx.answers_dir, spec, "approaches"), build)


def _short(text, n: int = 70) -> str:
    text = str(text)
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def quadrant_label(quadrant: str, language: str | None = "en") -> str:
    """The impact/effort quadrant in words.

    >>> quadrant_label("quick_win", "fr")
    'gain rapide'
    """
    return t(f"pages.quadrant.{quadrant}", language)


def scores_live(ctx, spec, candidates, top: int = 8):
    """The scores' live panel: the first ``top`` candidates of the stage 06 ranking with their mean
    impact and effort and their quadrant (:func:`sedamkit.stages.improvement.api.rank`)."""
    from ..stages.improvement.api import candidate_scores, load_scores, rank

    lang = ctx.language

    def build(docs, own):
        ranked = rank(candidate_scores(candidates, docs, spec)).head(top)
        titles = {a["id"]: spec.text(a["title"]) for a in spec.areas}   # in the page's language
        head = _head([f"pages.{k}" for k in ("candidate", "impact", "effort", "quadrant")], lang)
        rows = "".join(f'<tr class="sedam-candidate-{esc(r.candidate)}"><td {LEFT} title="{esc(titles.get(r.candidate, r.title))}">{r.rank}. '
                       f"{esc(_short(titles.get(r.candidate, r.title)))}</td>"
                       f"<td>{number(r.impact, lang, 1)}</td><td>{number(r.effort, lang, 1)}</td>"
                       f'<td class="sedam-quadrant">{esc(quadrant_label(r.quadrant, lang))}</td></tr>'
                       for r in ranked.itertuples())
        body = (f'<p><small>{esc(t("pages.top_ranked", lang, n=len(ranked)))}</small></p>'
                f'<table class="sedam-tbl sedam-scores-table" {TABLE_STYLE}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')
        return _panel(ctx, spec, docs, own, body, "pages.live_note_scores")

    return _cached(ctx, spec, lambda: load_scores(ctx.answers_dir, spec), build)


# -- the pages -----------------------------------------------------------------------------------------

class NothingToAsk:
    """A stage 05/06 page with nothing to ask for this client: the header and one line saying why.

    Attributes: ``ctx``, ``data`` (:class:`PageData`), ``header``, ``html``, ``form`` (always None),
    ``widget`` (None).
    """

    form = None
    widget = None

    def __init__(self, ctx, app, data: PageData, header: str):
        self.ctx, self.app, self.data, self.header = ctx, app, data, header
        self.html = header + f'<p class="sedam-nothing-to-ask">{esc(data.reason)}</p>'

    def _repr_html_(self):
        return self.html

    def __repr__(self):
        return self.data.reason


def questionnaire_page(ctx, questionnaire: str, *, chart: bool = True):
    """The app page of a stage 05/06 questionnaire (a key of :data:`PAGES`) for ``ctx``.

    A :class:`sedamkit.ui.app.StagePage` with the questionnaire, lead text and live panel of the stage,
    or a :class:`NothingToAsk` when the client gives nothing to ask. ``chart`` is accepted for the same
    call as stage 01 (these panels are tables).
    """
    from .app import APP_STAGES, AppStage, StagePage, page_header

    app = next(a for a in APP_STAGES if a.questionnaire == questionnaire)
    app = AppStage(app.notebook, app.stage, app.questionnaire, page_title(questionnaire, ctx.language))
    data = page_data(ctx, questionnaire)
    if data.empty:
        return NothingToAsk(ctx, app, data, page_header(ctx, app))
    if questionnaire == "mission_review":
        live = mission_live(ctx, data.spec)
    elif questionnaire == "approach_ratings":
        live = approaches_live(ctx, data.spec, data.context["plan"])
    else:
        live = scores_live(ctx, data.spec, data.context["candidates"])
    return StagePage(ctx, app, chart=chart, spec=data.spec, live=live, lead=data.lead)
