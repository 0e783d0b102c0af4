"""Importance–performance analysis (Martilla & James 1977): item means, the crosshair, the
quadrants, and the grid plot."""
from __future__ import annotations

import pandas as pd

from ..core.errors import Problems
from ..core.tables import numeric, require_columns
from .cx_base import check_scale

__all__ = ['IPA_QUADRANTS', 'ipa', 'plot_ipa', 'quadrant_names', 'ipa_shown']


#: Quadrant names of the importance–performance grid (Martilla & James 1977).
IPA_QUADRANTS = {
    (True, False): "Concentrate here",       # important, performing poorly
    (True, True): "Keep up the good work",   # important, performing well
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}
#: The catalogue key (``fig.ipa.q.<key>``) of each quadrant name, in the order of :data:`IPA_QUADRANTS`.
_KEYS = ("concentrate", "keep", "low", "overkill")


def quadrant_names(language="en") -> dict:
    """The quadrants' names in ``language`` (``ui_fig.yaml``), keyed by the quadrant :func:`ipa` writes.

    >>> quadrant_names("fr")["Concentrate here"]
    'Concentrer les efforts ici'
    """
    from ..core.i18n import t

    return dict(zip(IPA_QUADRANTS.values(), (t(f"fig.ipa.q.{k}", language) for k in _KEYS)))


def ipa_shown(table, language="en"):
    """:func:`ipa` output as a notebook shows it, each ``quadrant`` named in ``language``.

    English (or no table) gives ``table`` itself; the data :func:`ipa` returns and a stage result keeps
    stay as they are.

    >>> import pandas as pd
    >>> ipa_shown(pd.DataFrame({"item": ["a"], "quadrant": ["Low priority"]}), "fr")["quadrant"].tolist()
    ['Faible priorité']
    """
    from ..core.i18n import normalise_language

    if table is None or normalise_language(language) == "en" or "quadrant" not in table:
        return table
    names = quadrant_names(language)
    return table.assign(quadrant=[names.get(q, q) for q in table["quadrant"]])


def ipa(data, *, item="item", importance="importance", performance="performance", crosshair="means",
        scale=(1, 5)):
    """Importance–performance analysis: mean importance and performance per item and its quadrant.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent × item (or already one row per item).
    item, importance, performance : str
        Column names.
    crosshair : {"means", "midpoint"}
        Where the grid is split: at the means of the item means ("means", the
        data-centred view) or at the middle of ``scale`` ("midpoint").
    scale : (number, number)
        The answer scale; used for the midpoint and the plot limits.

    Returns
    -------
    pandas.DataFrame
        One row per item: ``item`` (named as the input column), ``n``,
        ``importance`` and ``performance`` (means), ``gap`` (performance −
        importance), ``importance_cut`` and ``performance_cut`` (the crosshair),
        ``quadrant`` (Concentrate here / Keep up the good work / Low priority /
        Possible overkill). Sorted with "Concentrate here" first, by gap.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"item": ["speed", "price", "app", "tone"], "importance": [4.6, 4.2, 2.1, 2.5],
    ...                    "performance": [2.4, 4.1, 4.4, 2.0]})
    >>> ipa(df, crosshair="midpoint")[["item", "quadrant"]]
        item               quadrant
    0  speed       Concentrate here
    1  price  Keep up the good work
    2   tone           Low priority
    3    app      Possible overkill
    """
    probs = Problems()
    require_columns(data, [item, importance, performance], what="IPA data", probs=probs)
    if crosshair not in ("means", "midpoint"):
        probs.add("CX001", "crosshair", f"crosshair must be 'means' or 'midpoint', got {crosshair!r}",
                  "use crosshair='means' or crosshair='midpoint'")
    lo, hi = check_scale(scale, probs)
    probs.raise_if_any("cannot run the importance–performance analysis")
    imp = numeric(data, importance, probs, what="importance")
    perf = numeric(data, performance, probs, what="performance")
    probs.raise_if_any("cannot run the importance–performance analysis")
    frame = pd.DataFrame({item: data[item].to_numpy(), "importance": imp, "performance": perf})
    g = frame.groupby(item, sort=False)
    out = g.agg(n=("importance", "size"), importance=("importance", "mean"),
                performance=("performance", "mean")).reset_index()
    out["gap"] = out["performance"] - out["importance"]
    if crosshair == "means":
        ic, pc = out["importance"].mean(), out["performance"].mean()
    else:
        ic = pc = (lo + hi) / 2
    out["importance_cut"] = ic
    out["performance_cut"] = pc
    out["quadrant"] = [IPA_QUADRANTS[(bool(i >= ic), bool(p >= pc))]
                       for i, p in zip(out["importance"], out["performance"])]
    order = {name: i for i, name in enumerate(IPA_QUADRANTS.values())}
    out["_o"] = out["quadrant"].map(order)
    return out.sort_values(["_o", "gap"], kind="stable").drop(columns="_o").reset_index(drop=True)


def plot_ipa(table, *, item=None, ax=None, scale=None, title=None, language="en"):
    """Plot the importance–performance grid from :func:`ipa` output; returns the Axes.

    Points are labelled with the item; the crosshair is drawn as dashed lines and
    each quadrant carries its name (so colour is not the only cue). Fixed text is in ``language``
    (``ui_fig.yaml``).
    """
    from ..core.i18n import t
    from .plots import PALETTE, get_ax

    names = quadrant_names(language)

    ax = get_ax(ax, figsize=(6.5, 5))
    item = item or table.columns[0]
    ic = float(table["importance_cut"].iloc[0])
    pc = float(table["performance_cut"].iloc[0])
    colours = {q: PALETTE[i] for i, q in enumerate(IPA_QUADRANTS.values())}
    markers = dict(zip(IPA_QUADRANTS.values(), "o^sD"))
    for q, sub in table.groupby("quadrant", sort=False):
        ax.scatter(sub["performance"], sub["importance"], color=colours[q], marker=markers[q], s=50,
                   label=names.get(q, q), zorder=3)
    for _, r in table.iterrows():
        ax.annotate(str(r[item]), (r["performance"], r["importance"]), xytext=(4, 4),
                    textcoords="offset points", fontsize=8)
    ax.axvline(pc, color="#555555", linestyle="--", linewidth=1)
    ax.axhline(ic, color="#555555", linestyle="--", linewidth=1)
    if scale is not None:
        ax.set_xlim(*scale)
        ax.set_ylim(*scale)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    style = dict(fontsize=8, color="#444444", alpha=0.9)
    ax.text(x0 + 0.02 * (x1 - x0), y1 - 0.03 * (y1 - y0), names["Concentrate here"], va="top", **style)
    ax.text(x1 - 0.02 * (x1 - x0), y1 - 0.03 * (y1 - y0), names["Keep up the good work"], va="top", ha="right",
            **style)
    ax.text(x0 + 0.02 * (x1 - x0), y0 + 0.03 * (y1 - y0), names["Low priority"], **style)
    ax.text(x1 - 0.02 * (x1 - x0), y0 + 0.03 * (y1 - y0), names["Possible overkill"], ha="right", **style)
    ax.set_xlabel(t("fig.ipa.x", language))
    ax.set_ylabel(t("fig.ipa.y", language))
    ax.set_title(title or t("fig.ipa.title", language))
    return ax
