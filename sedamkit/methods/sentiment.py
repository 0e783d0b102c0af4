"""Sentiment of customer comments with VADER (vaderSentiment).

VADER is a rule-based scorer with its own word list; it ships with the
package, needs no training and works offline. Each comment gets four
scores: ``pos``, ``neu``, ``neg`` (shares of the text) and ``compound``
(−1 very negative … +1 very positive). The usual reading, used here, is
positive when compound ≥ 0.05, negative when ≤ −0.05, neutral in between.

What it cannot do — say so when you present the results:

* **English only.** Other languages score as neutral (the words are unknown),
  which silently inflates the neutral share; translate first or use another tool.
* **Sarcasm and irony** ("great, another two-hour wait") are read literally.
* **Domain words.** "Leak", "no-show", "callback" or "overcharged" are neutral
  or missing in a general word list although they are bad news in home repair;
  "killer deal" may read negative. Check the most negative and the neutral
  comments by hand, and treat the shares as a screening tool, not a measurement.
* **Mixed comments** (praise for the technician, anger about the invoice) get one
  number; split long comments by sentence if the touchpoint matters.
* **No context**: negations across sentences, comparisons and the customer's
  history are not understood; very short comments ("ok") are weak evidence.

Error codes
-----------
DATA001
    A required column is missing; the message lists the columns present.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"touchpoint": ["web", "web", "visit"],
...                    "comment": ["Booking was quick and easy, great!", "The form kept crashing. Awful.",
...                                "The technician arrived."]})
>>> scored = score_comments(df)
>>> scored["sentiment"].tolist()
['positive', 'negative', 'neutral']
>>> shares(scored, by="touchpoint")[["touchpoint", "n", "pct_positive", "pct_negative"]]
  touchpoint  n  pct_positive  pct_negative
0      visit  1           0.0           0.0
1        web  2          50.0          50.0
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.tables import as_list, require_columns

__all__ = ["POSITIVE", "NEGATIVE", "score_comments", "shares", "most_negative", "plot_shares"]

#: Compound score at or above which a comment counts as positive.
POSITIVE = 0.05
#: Compound score at or below which a comment counts as negative.
NEGATIVE = -0.05

_ANALYZER = None


def _analyzer():
    global _ANALYZER
    if _ANALYZER is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _ANALYZER = SentimentIntensityAnalyzer()
    return _ANALYZER


def score_comments(data, text="comment", *, positive=POSITIVE, negative=NEGATIVE):
    """Score every comment; empty or missing comments are dropped.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per comment; other columns (touchpoint, quarter …) are kept.
    text : str
        Column with the comment.
    positive, negative : float
        Compound cut-offs for the labels.

    Returns
    -------
    pandas.DataFrame
        The input rows that have a comment, with four columns added:
        ``compound`` (−1 … 1), ``pos``, ``neu``, ``neg`` (shares 0 … 1) and
        ``sentiment`` ("positive", "neutral" or "negative"). The index is kept,
        so results can be joined back.
    """
    require_columns(data, [text], what="the comments")
    col = data[text]
    keep = col.notna() & (col.astype(str).str.strip() != "")
    out = data[keep].copy()
    sia = _analyzer()
    # score each distinct text once (surveys repeat short answers)
    uniq, inv = np.unique(out[text].astype(str).to_numpy(), return_inverse=True)
    scores = np.array([[s["compound"], s["pos"], s["neu"], s["neg"]]
                       for s in (sia.polarity_scores(t) for t in uniq)]).reshape(-1, 4)
    s = scores[inv] if len(uniq) else np.zeros((0, 4))
    out["compound"], out["pos"], out["neu"], out["neg"] = s[:, 0], s[:, 1], s[:, 2], s[:, 3]
    out["sentiment"] = np.where(s[:, 0] >= positive, "positive", np.where(s[:, 0] <= negative, "negative",
                                                                           "neutral"))
    return out


def shares(scored, by=None):
    """Shares of positive, neutral and negative comments per group.

    Parameters
    ----------
    scored : pandas.DataFrame
        Output of :func:`score_comments`.
    by : str or list of str, optional
        Group columns (e.g. ``"touchpoint"`` or ``["quarter", "region"]``).

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns (sorted), ``n``, ``positive``, ``neutral``,
        ``negative`` (counts), ``pct_positive``, ``pct_neutral``,
        ``pct_negative`` (percent) and ``mean_compound``.
    """
    by = as_list(by)
    require_columns(scored, by + ["compound", "sentiment"], what="the scored comments")
    frame = scored.assign(_one=1)
    keys = by if by else ["_one"]
    g = frame.groupby(keys, sort=True)
    counts = pd.crosstab([frame[k] for k in keys], frame["sentiment"]).reindex(
        columns=["positive", "neutral", "negative"], fill_value=0)
    out = counts.reset_index()
    out.columns.name = None
    out.insert(len(keys), "n", counts.sum(axis=1).to_numpy())
    for k in ("positive", "neutral", "negative"):
        out[f"pct_{k}"] = 100 * out[k] / out["n"]
    out["mean_compound"] = g["compound"].mean().to_numpy()
    return out.drop(columns="_one") if not by else out


def most_negative(scored, k=10, *, by=None, text="comment"):
    """The ``k`` most negative comments (per group when ``by`` is given), for discussion.

    Returns
    -------
    pandas.DataFrame
        The scored rows, lowest ``compound`` first (within each group).
    """
    by = as_list(by)
    require_columns(scored, by + ["compound", text], what="the scored comments")
    ordered = scored.sort_values("compound", kind="stable")
    if by:
        ordered = ordered.groupby(by, sort=True, group_keys=False).head(k).sort_values(by + ["compound"],
                                                                                       kind="stable")
    else:
        ordered = ordered.head(k)
    return ordered


def plot_shares(table, *, label=None, ax=None, title=None, language="en"):
    """Stacked horizontal bars of :func:`shares` output (percent); returns the Axes.

    Negative is drawn first (left) and hatched, neutral grey, positive last, so
    the bars read without colour too. Fixed text and numbers are in ``language`` (``title`` defaults to
    "Sentiment of comments" in it).
    """
    from ..core.i18n import t
    from ..core.numfmt import percent
    from .plots import PALETTE, get_ax

    label = label or table.columns[0]
    ax = get_ax(ax, figsize=(7, 0.45 * len(table) + 1.5))
    y = np.arange(len(table))
    left = np.zeros(len(table))
    parts = [("pct_negative", t("kfr.fig.sentiment.negative", language), PALETTE[3], "xx"),
             ("pct_neutral", t("kfr.fig.sentiment.neutral", language), "#bbbbbb", ""),
             ("pct_positive", t("kfr.fig.sentiment.positive", language), PALETTE[2], "")]
    for col, name, colour, hatch in parts:
        vals = table[col].to_numpy(float)
        ax.barh(y, vals, left=left, color=colour, hatch=hatch, edgecolor="white", label=name)
        for yi, l, v in zip(y, left, vals):
            if v >= 8:
                ax.text(l + v / 2, yi, percent(v, language, decimals=0, scale=100), ha="center", va="center",
                        fontsize=7)
        left += vals
    ax.set_yticks(y)
    ax.set_yticklabels(table[label].astype(str) if label in table.columns else y)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(t("kfr.fig.sentiment.x", language))
    ax.set_title(title or t("kfr.fig.sentiment.title", language))
    ax.legend(fontsize=7, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.15), frameon=False)
    return ax
