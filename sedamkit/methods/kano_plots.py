"""Kano plots: the Better/Worse scatter and the continuous-analysis map."""
from __future__ import annotations

from .kano_classify import CATEGORIES, CATEGORY_NAMES

__all__ = ["plot_better_worse", "plot_continuous"]

_QUADRANT_LABELS = {"A": "Attractive", "O": "One-dimensional", "M": "Must-be", "I": "Indifferent"}


def plot_better_worse(table, *, ax=None, label="feature", category="category", title=None, language="en"):
    """Better/Worse scatter of :func:`summary` output; returns the Axes.

    x is the dissatisfaction when missing (|worse|), y the satisfaction when
    present (better); the lines at 0.5 split the square into the attractive
    (top left), one-dimensional (top right), must-be (bottom right) and
    indifferent (bottom left) quadrants. Markers differ by category, so colour
    is not the only cue. Fixed text is in ``language`` (``ui_fig.yaml``).
    """
    from ..core.i18n import catalogue, t
    from .plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(6.5, 5.5))
    names = {c: t(f"fig.kano.cat.{c}", language) if f"fig.kano.cat.{c}" in catalogue() else CATEGORY_NAMES.get(c, "")
             for c in CATEGORIES}
    colours = {k: PALETTE[i] for i, k in enumerate(CATEGORIES)}
    markers = dict(zip(CATEGORIES, "o^sDvX"))
    for cat, sub in table.groupby(category, sort=False):
        ax.scatter(-sub["worse"], sub["better"], s=60, color=colours.get(cat, PALETTE[7]),
                   marker=markers.get(cat, "o"), label=f"{cat} {names.get(cat, '')}", zorder=3)
    for _, r in table.iterrows():
        ax.annotate(str(r[label]), (-r["worse"], r["better"]), xytext=(5, 4), textcoords="offset points",
                    fontsize=8)
    ax.axhline(0.5, color="#666666", linestyle="--", linewidth=1)
    ax.axvline(0.5, color="#666666", linestyle="--", linewidth=1)
    style = dict(fontsize=9, color="#555555", weight="bold", alpha=0.8)
    ax.text(0.02, 0.98, t("fig.kano.q.attractive", language), va="top", **style)
    ax.text(0.98, 0.98, t("fig.kano.q.one_dimensional", language), va="top", ha="right", **style)
    ax.text(0.98, 0.02, t("fig.kano.q.must_be", language), ha="right", **style)
    ax.text(0.02, 0.02, t("fig.kano.q.indifferent", language), **style)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(t("fig.kano.x", language))
    ax.set_ylabel(t("fig.kano.y", language))
    ax.set_title(title or t("fig.kano.title", language))
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return ax


def plot_continuous(table, *, ax=None, label="feature", spread=True, title=None, language="en"):
    """Plot :func:`continuous` output: dysfunctional mean (x) against functional mean (y); returns the Axes.

    With ``spread=True`` each point carries ±1 standard deviation bars, so a
    feature that splits respondents shows long bars. The dashed lines at 2
    give the quadrants, labelled A, O, M, I. Fixed text is in ``language``; ``title`` defaults to
    "Kano continuous analysis (±1 SD)" in that language.
    """
    from ..core.i18n import t
    from .plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(6.5, 5.5))
    x, y = table["dysfunctional_mean"], table["functional_mean"]
    if spread:
        ax.errorbar(x, y, xerr=table["dysfunctional_sd"], yerr=table["functional_sd"], fmt="none",
                    ecolor=PALETTE[5], elinewidth=1, alpha=0.7, zorder=2)
    ax.scatter(x, y, s=55, color=PALETTE[0], zorder=3)
    for _, r in table.iterrows():
        ax.annotate(str(r[label]), (r["dysfunctional_mean"], r["functional_mean"]), xytext=(5, 4),
                    textcoords="offset points", fontsize=8)
    ax.axhline(2, color="#666666", linestyle="--", linewidth=1)
    ax.axvline(2, color="#666666", linestyle="--", linewidth=1)
    ax.axhline(0, color="#bbbbbb", linewidth=0.8)
    ax.axvline(0, color="#bbbbbb", linewidth=0.8)
    style = dict(fontsize=9, color="#555555", weight="bold", alpha=0.8)
    cat = {c: t(f"fig.kano.cat.{c}", language) for c in "AOMI"}
    ax.text(-1.9, 3.9, f"A {cat['A']}", va="top", **style)
    ax.text(3.9, 3.9, f"O {cat['O']}", va="top", ha="right", **style)
    ax.text(3.9, -1.9, f"M {cat['M']}", ha="right", **style)
    ax.text(-1.9, -1.9, f"I {cat['I']}", **style)
    ax.set_xlim(-2, 4)
    ax.set_ylim(-2, 4)
    ax.set_xlabel(t("kfr.fig.kano_cont.x", language))
    ax.set_ylabel(t("kfr.fig.kano_cont.y", language))
    ax.set_title(title or t("kfr.fig.kano_cont.title", language))
    return ax
