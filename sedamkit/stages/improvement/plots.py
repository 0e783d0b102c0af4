"""Stage 06's figure: the impact/effort matrix."""
from __future__ import annotations

from .common import EFFORT_LOW_BELOW, HEADINGS, IMPACT_HIGH_ABOVE

__all__ = ["plot_matrix"]


# =============================================================================== plot
def plot_matrix(ranked, *, ax=None, label_top: int = 12):
    """The impact/effort matrix: one point per scored candidate, quadrants shaded and named, the top
    ``label_top`` labelled with their rank. Marker shape = heading. Returns the Axes."""
    from matplotlib.lines import Line2D

    from ...methods.plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(8.5, 6.5))
    ax.axvspan(0.6, EFFORT_LOW_BELOW, ymin=(IMPACT_HIGH_ABOVE - 0.6) / 4.8, ymax=1, color="#009E73", alpha=0.10)
    ax.axvline(EFFORT_LOW_BELOW, color="#777777", linewidth=0.8, linestyle="--")
    ax.axhline(IMPACT_HIGH_ABOVE, color="#777777", linewidth=0.8, linestyle="--")
    for x, y, text in ((1.8, 5.25, "QUICK WINS (do first)"), (4.2, 5.25, "MAJOR PROJECTS"),
                       (1.8, 0.78, "FILL-INS"), (4.2, 0.78, "THANKLESS TASKS")):
        ax.text(x, y, text, ha="center", va="center", fontsize=8, color="#444444", weight="bold")
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
    ax.set_xlabel("effort (1 very little … 5 very much)")
    ax.set_ylabel("impact (1 very small … 5 very large)")
    ax.set_title("Improvement candidates: impact against effort (clause 8.2); numbers = rank", fontsize=10)
    # the legend below the square plot, inside the figure (beside it, it pushed the axis label out)
    ax.legend(handles=[Line2D([], [], marker=markers[h], color=PALETTE[i], linestyle="none", markeredgecolor="#333333",
                              label=f"{HEADINGS[h][0]} {HEADINGS[h][1]}") for i, h in enumerate(HEADINGS)],
              loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=7, frameon=False)
    ax.set_aspect("equal")
    return ax


