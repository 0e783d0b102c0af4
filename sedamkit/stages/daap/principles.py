"""The principles check (clause 4): the questions, the plan's scores per principle and their plot."""
from __future__ import annotations

from .common import checks_data, is_text
from .validate import validate_plan

__all__ = ["principle_questions", "principles_check", "plot_principles"]


def principle_questions(checks=None, language=None):
    """The principle-check questions (clause 4), one row each.

    Columns: ``question`` (id), ``principle`` (id of :data:`sedamkit.core.model.PRINCIPLES`),
    ``principle_name``, ``text``; names and questions in ``language`` (the kit's wording translated by
    :func:`sedamkit.core.kittext.kit_text`; a question a client's checks file words itself is kept).

    >>> q = principle_questions()
    >>> bool(q.groupby("principle").size().between(2, 3).all()), q.principle.nunique()
    (True, 6)
    >>> principle_questions(language="fr").set_index("question").at["security_3", "principle_name"]
    'Sécurité et fiabilité'
    """
    import pandas as pd

    from ...core.kittext import kit_text
    from ...core.model import PRINCIPLES

    rows = [{"question": q["id"], "principle": q["principle"],
             "principle_name": kit_text("principle", q["principle"], language, shown=PRINCIPLES[q["principle"]][0]),
             "text": kit_text("question", q["id"], language, shown=q["text"])}
            for q in checks_data(checks)["principles"]["questions"]]
    return pd.DataFrame(rows, columns=["question", "principle", "principle_name", "text"])


def principles_check(plan, *, checks=None, language=None):
    """Score the plan against the six principles of clause 4.

    Each principle's score is its mean answer on the 1–5 scale mapped to 0–100:
    ``(mean − 1) / 4 × 100``; unanswered questions are left out of the mean.

    Returns
    -------
    pandas.DataFrame
        One row per principle, in :data:`sedamkit.core.model.PRINCIPLES` order: ``principle``,
        ``principle_name``, ``n_questions``, ``answered``, ``mean_answer``, ``score`` (0–100, NaN
        when unanswered), ``with_evidence`` (answers that cite evidence), ``status``:
        ``unanswered`` (no answer), ``weak`` (score < ``weak_below``), ``incomplete`` (some
        questions open) or ``ok``.

    >>> from sedamkit.stages.daap.api import answer_principle, new_plan
    >>> p = new_plan("D", "m", "2025-01-01", "2025-12-31")
    >>> p = answer_principle(answer_principle(p, "security_1", 2), "security_2", 3)
    >>> row = principles_check(p).set_index("principle").loc["security"]
    >>> float(row.score), row.status   # mean 2.5 -> (2.5 - 1) / 4 * 100
    (37.5, 'weak')

    Kit texts (names of KPIs, approaches, elements, principles) are in ``language`` when given
    (:func:`sedamkit.core.kittext.localise_frame`); none: as stored.
    """
    import math

    import pandas as pd

    from ...core.model import PRINCIPLES

    chk = checks_data(checks)
    plan = validate_plan(plan, checks=checks)
    weak = chk["principles"]["weak_below"]
    rows = []
    for pid, (pname, _) in PRINCIPLES.items():
        qs = [q["id"] for q in chk["principles"]["questions"] if q["principle"] == pid]
        answers, evid = [], 0
        for q in qs:
            val = plan["principles"].get(q)
            ans = val.get("answer") if isinstance(val, dict) else val
            if ans is not None:
                answers.append(float(ans))
                if isinstance(val, dict) and is_text(val.get("evidence")):
                    evid += 1
        mean = sum(answers) / len(answers) if answers else math.nan
        score = (mean - 1) / 4 * 100 if answers else math.nan
        status = ("unanswered" if not answers else "weak" if score < weak
                  else "incomplete" if len(answers) < len(qs) else "ok")
        rows.append({"principle": pid, "principle_name": pname, "n_questions": len(qs), "answered": len(answers),
                     "mean_answer": mean, "score": round(score, 2) if answers else math.nan,
                     "with_evidence": evid, "status": status})
    from ...core.kittext import localise_frame

    return localise_frame(pd.DataFrame(rows, columns=["principle", "principle_name", "n_questions", "answered", "mean_answer",
                                       "score", "with_evidence", "status"]), language)


def plot_principles(plan, *, ax=None, checks=None, language="en"):
    """Horizontal bars of the principle scores (0–100), hatched by status, with the weak line.

    Unanswered principles are drawn as an empty, dotted bar labelled "not answered". Fixed text and
    numbers are in ``language`` (``ui_fig.yaml``, :mod:`~sedamkit.core.numfmt`).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ...core.i18n import t
    from ...core.numfmt import number
    from ...methods.plots import STATUS_COLOURS, STATUS_HATCHES, get_ax

    chk = checks_data(checks)
    pc = principles_check(plan, checks=checks)
    ax = get_ax(ax, figsize=(7, 3.5))
    look = {"ok": "good", "incomplete": "warn", "weak": "bad", "unanswered": "none"}
    for i, r in enumerate(pc.itertuples()):
        st = look[r.status]
        val = 0 if r.status == "unanswered" else r.score
        ax.barh(i, max(val, 1), color=STATUS_COLOURS[st], alpha=0.6, hatch=STATUS_HATCHES[st], edgecolor="#333333")
        ax.text(max(val, 1) + 1.5, i, t("fig.principles.not_answered", language) if r.status == "unanswered"
                else f"{number(val, language)} ({t(f'fig.principles.{r.status}', language)})",
                va="center", fontsize=8)
    ax.axvline(chk["principles"]["weak_below"], color="#333333", linestyle="--", linewidth=1)
    ax.set_yticks(range(len(pc)))
    from ...core.i18n import translated

    ax.set_yticklabels([translated(f"rpt.principle.{r.principle}", language, r.principle_name) for r in pc.itertuples()],
                       fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 115)
    ax.set_xlabel(t("fig.principles.x", language))
    ax.set_title(t("fig.principles.title", language), fontsize=10)
    return ax
