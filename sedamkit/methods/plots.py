"""Shared plotting helpers.

Every plot function in sedamkit takes ``ax=None`` and returns the Axes; none
changes global matplotlib state (no rcParams, no style.use). matplotlib is
imported only when a plot is asked for.

The palette is Okabe–Ito, readable for colour-blind readers; where colour
carries meaning, plots also use labels or hatching.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["new_figure", "show_inline", "PALETTE", "STATUS_COLOURS", "grid_1_to_5", "STATUS_HATCHES", "get_ax", "save_figure", "figure_formats", "figure_png", "SAVE_DPI", "SHOW_DPI", "spread_apart", "radar", "sedam_map", "sedam_model", "pyramid"]

#: Okabe–Ito colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
#: Colours for traffic-light statuses, paired with hatches so colour is not the only cue.
STATUS_COLOURS = {"good": "#009E73", "warn": "#E69F00", "bad": "#D55E00", "none": "#999999"}
STATUS_HATCHES = {"good": "", "warn": "//", "bad": "xx", "none": ".."}


_INLINE_READY = False


def show_inline() -> None:
    """Let IPython show the kit's figures as images (JupyterLab, Voila, papermill, nbconvert).

    Figures made without pyplot have no rich display until IPython's PNG formatter knows
    :class:`matplotlib.figure.Figure` (ipykernel registers it only when pyplot is imported). This
    registers it once, in the running kernel only; outside IPython it does nothing. No pyplot, no
    rcParams: the figures themselves are untouched.
    """
    global _INLINE_READY
    if _INLINE_READY:
        return
    _INLINE_READY = True
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    from matplotlib.figure import Figure

    shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)


#: The resolution of the PNG a figure is saved in, and of the one shown in a notebook.
SAVE_DPI, SHOW_DPI = 120, 100


def figure_png(fig):
    """The PNG a notebook shows for ``fig``: the very PNG :func:`save_figure` wrote, when the figure has
    not changed since (drawing a figure twice — once for the file, once for the screen — was the largest
    cost of a run's figures); otherwise a fresh rendering. Shown at the notebook's usual size
    (``SHOW_DPI``), so the saved 120 dpi image is only sharper, never bigger.
    """
    saved = getattr(fig, "_sedam_png", None)
    if saved is not None:
        data, (w, h) = saved
        return data, {"width": round(w * SHOW_DPI / SAVE_DPI), "height": round(h * SHOW_DPI / SAVE_DPI)}
    from IPython.core.pylabtools import print_figure

    return print_figure(fig, "png", bbox_inches="tight", dpi=SHOW_DPI)


def _remember_png(fig, data: bytes) -> None:
    """Keep the saved PNG on the figure for :func:`figure_png`, until any part of the figure changes
    (matplotlib marks a changed artist and its figure *stale*; the callback drops the copy)."""
    import struct

    w, h = struct.unpack(">II", data[16:24])          # the PNG header's IHDR width and height
    fig._sedam_png = (data, (w, h))
    previous = fig.stale_callback

    def forget(artist, val):
        if val:
            fig._sedam_png = None
            fig.stale_callback = previous
        if previous is not None:
            previous(artist, val)

    fig.stale_callback = forget


def new_figure(**kw):
    """A new :class:`~matplotlib.figure.Figure` (constrained layout unless ``layout`` is given) that
    shows as an image when it is a cell's last expression (see :func:`show_inline`)."""
    from matplotlib.figure import Figure

    show_inline()
    kw.setdefault("layout", "constrained")
    return Figure(**kw)


def get_ax(ax=None, *, polar=False, figsize=(6, 4)):
    """Return ``ax`` or a new Axes on a new Figure (no pyplot state is touched)."""
    if ax is not None:
        return ax
    fig = new_figure(figsize=figsize)
    return fig.add_subplot(projection="polar" if polar else None)


def spread_apart(values, gap: float) -> list:
    """Positions for labels at ``values`` (one axis, data units) moved apart just enough that neighbours
    are at least ``gap`` apart, keeping their order and, as far as it can, their mean; returned in the
    order given. Used to keep end-of-line labels from overlapping.

    >>> spread_apart([1.0, 1.1, 5.0], 0.5)
    [0.8, 1.3, 5.0]
    """
    order = sorted(range(len(values)), key=lambda i: values[i])
    # clusters of labels closer than gap, each centred on its members' mean (merged until none touch)
    blocks = []  # [first sorted index, count, centre]
    for k, i in enumerate(order):
        blocks.append([k, 1, float(values[i])])
        while len(blocks) > 1:
            (k0, n0, c0), (k1, n1, c1) = blocks[-2], blocks[-1]
            if (c1 - (n1 - 1) * gap / 2) - (c0 + (n0 - 1) * gap / 2) >= gap:
                break
            blocks[-2:] = [[k0, n0 + n1, (c0 * n0 + c1 * n1) / (n0 + n1)]]
    out = [0.0] * len(values)
    for k0, n, c in blocks:
        for j in range(n):
            out[order[k0 + j]] = round(c + (j - (n - 1) / 2) * gap, 10)
    return out


def grid_1_to_5(ax, xlabel: str, ylabel: str):
    """Set up ``ax`` as a 1–5 × 1–5 rating grid (risk matrix, co-creation grid); return it."""
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def figure_formats() -> tuple:
    """The formats figures are saved in: PNG (what the report and readers use), plus those named in
    ``SEDAM_FIGURE_FORMATS`` (comma-separated, e.g. ``png,svg``) when set.

    >>> figure_formats() if "SEDAM_FIGURE_FORMATS" not in __import__("os").environ else ("png",)
    ('png',)
    """
    import os

    named = [f.strip().lower() for f in os.environ.get("SEDAM_FIGURE_FORMATS", "").split(",") if f.strip()]
    return tuple(dict.fromkeys(["png"] + [f for f in named if f in ("png", "svg", "pdf")]))


def save_figure(fig_or_ax, output_dir, name: str, formats=None) -> list[Path]:
    """Save a figure as ``<output_dir>/figures/<name>.<fmt>`` (atomically); return the paths.

    ``formats`` defaults to :func:`figure_formats` (PNG; SVG only when asked for: drawing SVG doubles
    the time a figure takes and nobody in a run reads it).
    """
    import io

    formats = figure_formats() if formats is None else formats

    from ..core.fileio import atomic_write_bytes

    fig = getattr(fig_or_ax, "figure", fig_or_ax)
    paths = []
    png = None
    for fmt in formats:
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=SAVE_DPI, bbox_inches="tight", metadata=_metadata(fmt))
        paths.append(atomic_write_bytes(Path(output_dir) / "figures" / f"{name}.{fmt}", buf.getvalue()))
        if fmt == "png":
            png = buf.getvalue()
    if png is not None:
        _remember_png(fig, png)
    return paths


def _metadata(fmt):
    # reproducible files: no creation date in the output
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None}
    return {}


def radar(scores, *, labels=None, ax=None, title=None, max_value=100, spread=None, colour=None):
    """Radar (spider) chart of scores on 0–``max_value``.

    Parameters
    ----------
    scores : pandas.Series or dict
        One value per axis, in drawing order; NaN values are drawn at 0 and marked "n/a".
    labels : list of str, optional
        Axis labels; defaults to the index of ``scores``.
    spread : pandas.Series or dict, optional
        Half-width of a band drawn around the line (for example the standard deviation
        across respondents).
    """
    import numpy as np
    import pandas as pd

    s = pd.Series(scores, dtype=float)
    labels = list(labels) if labels is not None else [str(i) for i in s.index]
    n = len(s)
    ax = get_ax(ax, polar=True, figsize=(6.5, 6.5))
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    vals = s.fillna(0).to_numpy()
    closed_a = np.append(angles, angles[0])
    colour = colour or PALETTE[0]
    ax.plot(closed_a, np.append(vals, vals[0]), color=colour, linewidth=2, marker="o")
    ax.fill(closed_a, np.append(vals, vals[0]), color=colour, alpha=0.15)
    if spread is not None:
        sp = pd.Series(spread, dtype=float).reindex(s.index).fillna(0).to_numpy()
        lo, hi = np.clip(vals - sp, 0, max_value), np.clip(vals + sp, 0, max_value)
        ax.fill_between(closed_a, np.append(lo, lo[0]), np.append(hi, hi[0]), color=colour, alpha=0.12,
                        hatch="..", linewidth=0)
    ax.set_xticks(angles)
    ax.set_xticklabels([f"{lab}\n(n/a)" if np.isnan(v) else lab for lab, v in zip(labels, s)], fontsize=8)
    ax.set_ylim(0, max_value)
    # radial labels half-way between two spokes, and none on the outer ring, so that no number sits on
    # an axis label (the outer ring is the maximum, which the title gives)
    ax.set_yticks([25, 50, 75] if max_value == 100 else ax.get_yticks()[:-1])
    ax.set_rlabel_position(float(np.degrees(np.pi / max(n, 1))))
    ax.tick_params(axis="y", labelsize=7)
    if title:
        ax.set_title(title, pad=18)
    return ax


def sedam_map(stages, ax=None, highlight=None):
    """Draw the kit's stage notebooks (not the model's steps: see :func:`sedam_model`) as boxes with arrows.

    ``stages`` are objects with ``id``, ``number`` and ``name`` (``sk.stages.STAGES``); those numbered 1 and
    up that a client run executes are drawn. ``highlight`` is a stage id or number to emphasise."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    ax = get_ax(ax, figsize=(9, 4.2))
    stages = [s for s in stages if s.number >= 1 and getattr(s, "runs", True)]
    xs = [0.08 + i * 0.168 for i in range(len(stages))]
    y = 0.55
    for i, (s, x) in enumerate(zip(stages, xs)):
        on = highlight in (s.id, s.number)
        box = FancyBboxPatch((x - 0.07, y - 0.16), 0.14, 0.32, boxstyle="round,pad=0.01",
                             facecolor=PALETTE[0] if on else "#e8f1f8", edgecolor=PALETTE[0], linewidth=1.5)
        ax.add_patch(box)
        wrapped = _wrap(s.name, 14)
        ax.text(x, y + 0.07, f"{s.number}", ha="center", va="center", fontsize=13, weight="bold",
                color="white" if on else PALETTE[0])
        ax.text(x, y - 0.05, wrapped, ha="center", va="center", fontsize=7.5,
                color="white" if on else "black")
        ax.text(x, y - 0.22, f"clause {s.clause}", ha="center", va="top", fontsize=7, color="#444444")
        if i < len(stages) - 1:
            ax.add_patch(FancyArrowPatch((x + 0.072, y), (xs[i + 1] - 0.072, y), arrowstyle="-|>",
                                         mutation_scale=12, color="#444444"))
    # feedback loop: improvement back to the programme
    ax.add_patch(FancyArrowPatch((xs[-1], y + 0.17), (xs[1], y + 0.17), connectionstyle="arc3,rad=0.35",
                                 arrowstyle="-|>", mutation_scale=12, color=PALETTE[1], linewidth=1.5))
    ax.text((xs[1] + xs[-1]) / 2, 0.97, "improvement feeds the next programme", ha="center", fontsize=8,
            color=PALETTE[1])
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    ax.set_title("The kit's six stage notebooks (stage 04 is the model's 7.4, taken out of application)",
                 fontsize=10)
    return ax


def sedam_model(ax=None, highlight=None):
    """Draw the model of clause 5 as its five steps, with customer-experience design (7.4) inside step 3.

    Each box names its clause and the kit's stage notebooks for it (:data:`sedamkit.core.model.MODEL_STEPS`);
    an arrow leads from improvement back to the programme. ``highlight`` is a step number to emphasise.

    >>> ax = sedam_model()
    >>> len([p for p in ax.patches if type(p).__name__ == "FancyBboxPatch"])
    6
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from ..core.model import MODEL_STEPS

    ax = get_ax(ax, figsize=(10, 4.6))
    n = len(MODEL_STEPS)
    width, gap = 0.17, (1 - 0.04 - 0.17 * n) / (n - 1)
    xs = [0.02 + width / 2 + i * (width + gap) for i in range(n)]
    y = 0.52
    for i, ((number, name, clause, stages), x) in enumerate(zip(MODEL_STEPS, xs)):
        on = highlight == number
        ax.add_patch(FancyBboxPatch((x - width / 2, y - 0.26), width, 0.52, boxstyle="round,pad=0.01",
                                    facecolor=PALETTE[0] if on else "#e8f1f8", edgecolor=PALETTE[0], linewidth=1.5))
        ink = "white" if on else "black"
        ax.text(x, y + 0.19, f"{number}", ha="center", va="center", fontsize=13, weight="bold",
                color="white" if on else PALETTE[0])
        ax.text(x, y + 0.06, _wrap(name, 18), ha="center", va="center", fontsize=7.5, color=ink)
        ax.text(x, y - 0.34, f"clause {clause}\nkit: " + ", ".join(s[:2] for s in stages), ha="center", va="top",
                fontsize=7, color="#444444")
        if len(stages) > 1:   # 7.4 drawn inside application, hatched, with its own notebook named
            ax.add_patch(FancyBboxPatch((x - width / 2 + 0.012, y - 0.23), width - 0.024, 0.12,
                                        boxstyle="round,pad=0.005", facecolor="white", edgecolor=PALETTE[1],
                                        hatch="//", linewidth=1.2))
            ax.text(x, y - 0.17, "7.4 customer experience\n(own notebook: 04)", ha="center", va="center",
                    fontsize=6.5, color="black", bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
        if i < n - 1:
            ax.add_patch(FancyArrowPatch((x + width / 2 + 0.003, y), (xs[i + 1] - width / 2 - 0.003, y),
                                         arrowstyle="-|>", mutation_scale=12, color="#444444"))
    ax.add_patch(FancyArrowPatch((xs[-1], y + 0.27), (xs[1], y + 0.27), connectionstyle="arc3,rad=0.3",
                                 arrowstyle="-|>", mutation_scale=12, color=PALETTE[1], linewidth=1.5))
    ax.text((xs[1] + xs[-1]) / 2, 0.86, "improvement feeds the next programme", ha="center", fontsize=8,
            color="#8a5a00")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_axis_off()
    ax.set_title("The model of clause 5 (SEDAM): five steps", fontsize=10, pad=14)
    return ax


def pyramid(ax=None):
    """Draw the four-level pyramid of service excellence with satisfaction / delight brackets."""
    from matplotlib.patches import Polygon

    from ..core.model import PYRAMID

    ax = get_ax(ax, figsize=(7, 4.5))
    n = len(PYRAMID)
    for i, (name, line, effect) in enumerate(PYRAMID):
        y0, y1 = i / n, (i + 1) / n
        w0, w1 = 1 - y0 * 0.8, 1 - y1 * 0.8
        colour = PALETTE[0] if effect == "satisfaction" else PALETTE[1]
        ax.add_patch(Polygon([(-w0 / 2, y0), (w0 / 2, y0), (w1 / 2, y1), (-w1 / 2, y1)], closed=True,
                             facecolor=colour, alpha=0.25 + 0.15 * i, edgecolor="white", linewidth=2,
                             hatch="" if effect == "satisfaction" else "//"))
        ax.text(0, (y0 + y1) / 2, f"{i + 1}. {name}", ha="center", va="center", fontsize=9, weight="bold")
    ax.annotate("", xy=(0.62, 0.0), xytext=(0.62, 0.5), arrowprops=dict(arrowstyle="-", linewidth=2))
    ax.text(0.65, 0.25, "satisfaction\n(levels 1–2)", va="center", fontsize=8)
    ax.annotate("", xy=(0.62, 0.5), xytext=(0.62, 1.0), arrowprops=dict(arrowstyle="-", linewidth=2,
                                                                          color=PALETTE[1]))
    ax.text(0.65, 0.75, "delight\n(levels 3–4)", va="center", fontsize=8, color="#8a5a00")
    ax.set_xlim(-0.6, 1.0)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    ax.set_title("The pyramid of service excellence (ISO 23592)", fontsize=10)
    return ax


def _wrap(text, width):
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def readiness_radar(areas, ax=None, title=None, *, language="en"):
    """Radar of stage 01 area means with a band of ± one SD across respondents.

    ``areas`` is :func:`sedamkit.methods.scoring.area_summary` (columns ``title``, ``mean``, ``sd``,
    ``threshold``); the dashed line is each area's blocking threshold. Fixed text is in ``language``
    (``ui_fig.yaml``).
    """
    import numpy as np

    from ..core.i18n import t

    labels = [_wrap(t, 18) for t in areas["title"]]
    ax = radar(areas["mean"].to_numpy(), labels=labels, ax=ax, title=title or t("fig.radar.title", language),
               spread=areas["sd"].fillna(0).to_numpy())
    n = len(areas)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    th = areas["threshold"].to_numpy(dtype=float)
    ax.plot(np.append(angles, angles[0]), np.append(th, th[0]), color=PALETTE[3], linestyle="--",
            linewidth=1, label=t("fig.radar.threshold", language))
    ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.12), fontsize=7, frameon=False)
    return ax


def respondent_heatmap(by_respondent, areas, ax=None, title=None, labels=None, *, language="en"):
    """Respondents × areas heat map with the score written in each cell (where people disagree).

    ``by_respondent`` is :func:`sedamkit.methods.scoring.respondent_scores` per area; ``areas`` gives the
    order and titles and marks areas without consensus with a ``≠``. ``labels`` maps respondent ids to
    what the figure shows (:func:`sedamkit.core.respondents.labels`: pseudonyms, roles or names); without
    it the ids are shown. Fixed text and the numbers are in ``language`` (``ui_fig.yaml``, :mod:`~sedamkit.core.numfmt`).
    """
    import numpy as np

    from ..core.i18n import t
    from ..core.numfmt import number

    table = by_respondent.pivot(index="respondent", columns="area", values="score").reindex(columns=areas["area"])
    ax = get_ax(ax, figsize=(max(6, 0.55 * len(areas) + 2), 0.45 * len(table) + 2.2))
    data = table.to_numpy(dtype=float)
    im = ax.imshow(np.ma.masked_invalid(data), cmap="cividis", vmin=0, vmax=100, aspect="auto")
    for (i, j), v in np.ndenumerate(data):
        if not np.isnan(v):
            ax.text(j, i, number(v, language), ha="center", va="center", fontsize=7,
                    color="white" if v < 55 else "black")
    flags = ["" if c else " ≠" for c in areas["consensus"]]
    ax.set_xticks(range(len(areas)), [_wrap(t, 16) + f for t, f in zip(areas["title"], flags)],
                  rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(table)), [(labels or {}).get(r, r) for r in table.index], fontsize=8)
    ax.set_title((title or t("fig.heatmap.title", language)) + "  " + t("fig.heatmap.no_consensus", language), fontsize=9)
    ax.figure.colorbar(im, ax=ax, shrink=0.8, label=t("fig.heatmap.score", language))
    return ax
