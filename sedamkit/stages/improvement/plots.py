"""Stage 06's figure: the impact/effort matrix."""
from __future__ import annotations

from .common import EFFORT_LOW_BELOW, HEADINGS, HEADINGS_FR, IMPACT_HIGH_ABOVE

__all__ = ["plot_matrix"]


# =============================================================================== plot
def plot_matrix(ranked, *, ax=None, label_top: int = 12, language="en"):
    """The impact/effort matrix: one point per scored candidate, quadrants shaded and named, the top
    ``label_top`` labelled with their rank. Marker shape = heading. Fixed text is in ``language``
    (``ui_fig.yaml``; the headings' French titles from :data:`HEADINGS_FR`). Returns the Axes."""
    from matplotlib.lines import Line2D

    from ...core.i18n import t

    from ...methods.plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(8.5, 6.5))
    ax.axvspan(0.6, EFFORT_LOW_BELOW, ymin=(IMPACT_HIGH_ABOVE - 0.6) / 4.8, ymax=1, color="#009E73", alpha=0.10)
    ax.axvline(EFFORT_LOW_BELOW, color="#777777", linewidth=0.8, linestyle="--")
    ax.axhline(IMPACT_HIGH_ABOVE, color="#777777", linewidth=0.8, linestyle="--")
    for x, y, key in ((1.8, 5.25, "quick_wins"), (4.2, 5.25, "major"), (1.8, 0.78, "fill_ins"),
                      (4.2, 0.78, "thankless")):
        ax.text(x, y, t(f"fig.matrix.{key}", language), ha="center", va="center", fontsize=8, color="#444444", weight="bold")
    markers = {"optimize_daap": "o", "customer_centric": "s", "internal_system": "^", "business_model": "D"}
    sc = ranked[ranked["quadrant"] != "not_scored"]
    jit = {}
    for r in sc.itertuples():
        key = (round(r.effort, 2), round(r.impact, 2))
        jit[key] = jit.get(key, -1) + 1
        dx = 0.09 * jit[key]
        colour = PALETTE[list(HEADINGS).index(r.heading)]
        ax.plot(r.effort + dx, r.impact, marker=markers[r.heading], color=colour, markersize=8, alpha=0.9,
                markeredgecolor="#333333", markeredgewidth=0.5, linestyle="none")
        if r.rank <= label_top:
            ax.annotate(str(r.rank), (r.effort + dx, r.impact), xytext=(-3, 6 + 7 * (jit[key] % 2)),
                        textcoords="offset points", fontsize=7)
    ax.set_xlim(0.6, 5.4)
    ax.set_ylim(0.6, 5.4)
    ax.set_xlabel(t("fig.matrix.x", language))
    ax.set_ylabel(t("fig.matrix.y", language))
    ax.set_title(t("fig.matrix.title", language), fontsize=10)
    # the legend below the square plot, inside the figure (beside it, it pushed the axis label out)
    ax.legend(handles=[Line2D([], [], marker=markers[h], color=PALETTE[i], linestyle="none", markeredgecolor="#333333",
                              label=f"{HEADINGS[h][0]} {HEADINGS_FR[h] if language == 'fr' else HEADINGS[h][1]}") for i, h in enumerate(HEADINGS)],
              loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=7, frameon=False)
    ax.set_aspect("equal")
    return ax


