"""Journey plots: the emotion curve and the co-creation grid."""
from __future__ import annotations

import math

import numpy as np

from .journey_model import Journey

__all__ = ["plot_emotion_curve", "plot_co_creation"]


# ----------------------------------------------------------------------------------------------
# plots


def plot_emotion_curve(curve, *, journey: Journey | None = None, ax=None, neutral=None, target=None,
                       title=None, language="en"):
    """Plot :func:`emotion_curve` output; returns the Axes.

    The line joins the mean ratings in journey order, with the interval as
    error bars. Stars mark moments of truth, downward triangles pain points
    (below neutral), so the meaning does not rest on colour; dashed lines give
    neutral (and the target), and stage names run along the top. Without ``title`` the title is
    "Emotion curve" with the journey's name; fixed text is in ``language`` (``ui_fig.yaml``).
    """
    from ..core.i18n import t
    from .plots import PALETTE, get_ax

    if title is None:
        title = t("fig.curve.title", language) + (f": {journey.name}" if journey is not None and journey.name else "")

    ax = get_ax(ax, figsize=(10, 4.5))
    if journey is not None:
        neutral = journey.scale["neutral"] if neutral is None else neutral
        target = journey.scale["target"] if target is None else target
    neutral = 3 if neutral is None else neutral
    x = np.arange(len(curve))
    y = curve["mean"].to_numpy(dtype=float)
    rated = ~np.isnan(y)
    ax.plot(x[rated], y[rated], color=PALETTE[0], linewidth=2, zorder=2)
    err = np.vstack([y - curve["ci_low"].to_numpy(float), curve["ci_high"].to_numpy(float) - y])
    ax.errorbar(x[rated], y[rated], yerr=np.nan_to_num(err[:, rated]), fmt="none", ecolor=PALETTE[5],
                elinewidth=1, capsize=3, zorder=1)
    pain = rated & (y < neutral)
    mot = curve["moment_of_truth"].to_numpy(bool)
    ax.scatter(x[rated & ~pain & ~mot], y[rated & ~pain & ~mot], color=PALETTE[0], s=40, zorder=3, label=t("fig.curve.touchpoint", language))
    ax.scatter(x[pain], y[pain], color=PALETTE[3], marker="v", s=80, zorder=4, label=t("fig.curve.pain", language))
    ax.scatter(x[mot & rated], y[mot & rated], facecolor="none", edgecolor="black", marker="*", s=260,
               zorder=5, label=t("fig.curve.moment", language))
    ax.axhline(neutral, color="#666666", linestyle="--", linewidth=1)
    # labels just outside the right spine (axes x, data y), so they never sit on the frame or a point
    ax.text(1.005, neutral, t("fig.neutral", language), transform=ax.get_yaxis_transform(), va="center", fontsize=7,
            color="#666666")
    if target is not None:
        ax.axhline(target, color=PALETTE[2], linestyle=":", linewidth=1)
        ax.text(1.005, target, t("fig.target", language), transform=ax.get_yaxis_transform(), va="center", fontsize=7,
                color=PALETTE[2])
    for i in np.where(~rated)[0]:
        ax.text(i, neutral, t("fig.not_rated", language), rotation=90, ha="center", va="center", fontsize=7, color="#999999")
    # stage bands
    stages = curve["stage_name"].tolist()
    start = 0
    for i in range(1, len(stages) + 1):
        if i == len(stages) or stages[i] != stages[start]:
            if start > 0:
                ax.axvline(start - 0.5, color="#cccccc", linewidth=1)
            ax.text((start + i - 1) / 2, 1.01, stages[start], transform=ax.get_xaxis_transform(), ha="center",
                    va="bottom", fontsize=8, weight="bold")
            start = i
    ax.set_xticks(x)
    ax.set_xticklabels(curve["name"], rotation=35, ha="right", fontsize=8)
    lo = np.nanmin(np.append(curve["ci_low"].to_numpy(float), neutral)) if rated.any() else neutral - 1
    hi = np.nanmax(np.append(curve["ci_high"].to_numpy(float), target or neutral)) if rated.any() else neutral + 1
    ax.set_ylim(min(lo, neutral) - 0.3, hi + 0.3)
    ax.set_xlim(-0.6, len(curve) - 0.4)
    ax.set_ylabel(t("fig.curve.mean", language))
    ax.set_title(title, pad=18)
    ax.legend(fontsize=7, loc="lower left", frameon=False)
    return ax


def plot_co_creation(table, *, ax=None, split=3, title=None, language="en"):
    """Plot :func:`co_creation` output as a 5 × 5 grid; returns the Axes.

    x is the provider's customer-centricity, y the customer's participation,
    both 1–5. The four zones are shaded and named; each touchpoint is a labelled
    point (points sharing a cell are spread so all names stay readable). Fixed text is in ``language``
    (``title`` defaults to "Co-creation by touchpoint" in it).
    """
    from matplotlib.patches import Rectangle

    from ..core.i18n import t

    from .plots import PALETTE, get_ax, grid_1_to_5

    ax = get_ax(ax, figsize=(6.5, 6))
    edge = split - 0.5
    zones = [((0.5, edge), (0.5, edge), t("kfr.fig.cocreation.standard", language), "#eeeeee", ""),
             ((edge, 5.5), (0.5, edge), t("kfr.fig.cocreation.provider_led", language), "#d9e8f5", "//"),
             ((0.5, edge), (edge, 5.5), t("kfr.fig.cocreation.self_service", language), "#fbe8c8", "\\\\"),
             ((edge, 5.5), (edge, 5.5), t("kfr.fig.cocreation.co_creation", language), "#cdeee2", "xx")]
    for (x0, x1), (y0, y1), label, colour, hatch in zones:
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=colour, edgecolor="white", hatch=hatch,
                               alpha=0.6, zorder=0))
        ax.text(x0 + 0.08, y1 - 0.08, label, va="top", fontsize=8, color="#444444", weight="bold")
    cells = {}
    for _, r in table.iterrows():
        key = (r["customer_centricity"], r["participation"])
        k = cells.get(key, 0)
        cells[key] = k + 1
        dx, dy = 0.18 * math.cos(k * 2.1), 0.18 * math.sin(k * 2.1) if k else 0
        ax.scatter(key[0] + (dx if k else 0), key[1] + dy, color=PALETTE[0], s=45, zorder=3)
        ax.annotate(str(r.get("name") or r["touchpoint"]), (key[0] + (dx if k else 0), key[1] + dy),
                    xytext=(5, -3), textcoords="offset points", fontsize=7)
    grid_1_to_5(ax, t("kfr.fig.cocreation.x", language), t("kfr.fig.cocreation.y", language))
    ax.set_title(title or t("kfr.fig.cocreation.title", language))
    return ax
