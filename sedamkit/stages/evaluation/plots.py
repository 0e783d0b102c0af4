"""Stage 05's figures: the KPI dashboard, the regions compared and the approach ratings."""
from __future__ import annotations

import math
import re

from .common import ALL, CRITERIA, POOR_BELOW, STATUS_STYLE, STATUSES, plan_result, to_date
from .compare import period_changes
from .reasons import reason_text

__all__ = ["plot_dashboard", "plot_regions", "plot_approach_ratings"]


# =============================================================================== plots
_REGION_MARKERS = ["o", "s", "^", "v", "P", "X", "h"]
#: Okabe–Ito colours for regions, avoiding the target (vermillion) and status greens.
_REGION_COLOURS = ["#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#009E73"]


def _kpi_name(kpi, language="en"):
    """The KPI's name: a catalogue KPI the client did not rename is named in ``language``."""
    from ...core.kittext import kit_text

    name = str(kpi["name"])
    cat = kpi.get("kpi")
    if cat and cat != "custom":
        name = kit_text("kpi", cat, language, shown=name)
    return name


def _short(kpi, limit=32, language="en"):
    """``K1 CSAT`` style title when the name is long and carries an abbreviation in brackets; a catalogue
    KPI the client did not rename is named in ``language``."""
    name = _kpi_name(kpi, language)
    if len(name) + len(kpi["id"]) + 1 > limit:
        m = re.search(r"\(([^)]{2,12})\)", name)
        name = m.group(1) if m else name[: limit - len(kpi["id"]) - 2] + "…"
    return f"{kpi['id']} {name}"


def _wrapped(kpi, width=26, language="en"):
    """A panel title on at most two lines of ``width`` characters, cut between words: ``K1 CSAT`` when
    the name carries an abbreviation in brackets, else the whole name (an ellipsis only when even two
    lines cannot hold it).

    >>> _wrapped({"id": "K4", "name": "Customer retention rate", "kpi": "retention_rate"}, language="fr")
    'K4 Taux de fidélisation\\ndes clients'
    """
    import textwrap

    name = _kpi_name(kpi, language)
    m = re.search(r"\(([^)]{2,12})\)", name)
    if m and len(name) + len(kpi["id"]) + 1 > width:
        return f"{kpi['id']} {m.group(1)}"
    lines = textwrap.wrap(f"{kpi['id']} {name}", width, break_long_words=True)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "\n".join(lines)


_REGION_STYLES = ["-", "--", "-.", ":"]


def _status_word(status, language):
    from ...core.i18n import t

    return t(f"fig.status.{status}", language)


def _num(x, language):
    """A value drawn in a figure: as many decimals as it has (up to 2), in the reader's way."""
    from ...core.numfmt import number

    x = float(x)
    decimals = next((d for d in (0, 1) if round(x, d) == round(x, 6)), 2)
    return number(x, language, decimals)


def _badge(ax, status, x=0.01, y=1.02, language="en"):
    from matplotlib.patches import Rectangle

    colour, hatch = STATUS_STYLE[status]
    ax.add_patch(Rectangle((x, y), 0.07, 0.1, transform=ax.transAxes, facecolor=colour, hatch=hatch,
                           edgecolor="#333333", linewidth=0.6, clip_on=False))
    ax.text(x + 0.09, y + 0.05, _status_word(status, language).upper(), transform=ax.transAxes, va="center", ha="left",
            fontsize=8, weight="bold", color="#222222")


def _empty_panel(ax, reason, language="en"):
    """A not-measurable KPI: an empty, dotted panel that says why."""
    import textwrap

    from matplotlib.patches import Rectangle

    ax.set_facecolor("#f4f4f4")
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor="none", hatch="..", edgecolor="#bbbbbb"))
    ax.text(0.5, 0.5, _status_word("not_measurable", language) + "\n" + "\n".join(textwrap.wrap(reason, 34)[:3]), ha="center",
            va="center", fontsize=8, transform=ax.transAxes, bbox={"facecolor": "white", "edgecolor": "#999999"})
    ax.set_xticks([])
    ax.set_yticks([])


def _kpi_panel(ax, k, v, baseline, start, region_names, regions, language="en"):
    """One measurable KPI: pooled trend and band, region lines, target, baseline and planned path."""
    import matplotlib.dates as mdates

    from ...core.i18n import t as tr
    from ...methods.plots import PALETTE

    allv = v[v["region"] == ALL]
    x = mdates.date2num(allv["as_of"])
    ax.fill_between(x, allv["ci_low"], allv["ci_high"], color=PALETTE[7], alpha=0.12, linewidth=0)
    ax.plot(x, allv["value"], color=PALETTE[7], linewidth=2, marker="o", markersize=3, zorder=3)
    if regions:
        for i, reg in enumerate(region_names):
            rv = v[v["region"] == reg]
            ax.plot(mdates.date2num(rv["as_of"]), rv["value"], color=_REGION_COLOURS[i % 6], linewidth=0.9,
                    linestyle=_REGION_STYLES[i % 4], marker=_REGION_MARKERS[i % 7], markersize=2.5, alpha=0.9)
    t, b = float(k["target"]), baseline
    ax.axhline(t, color=PALETTE[3], linestyle="--", linewidth=1.2)
    ax.text(1.0, t, f" {tr('fig.target', language)} {_num(t, language)}", transform=ax.get_yaxis_transform(), va="center", ha="left",
            fontsize=7, color=PALETTE[3])
    if b == b:
        ax.axhline(b, color="#777777", linestyle=":", linewidth=1)
        due = to_date(k["due"])
        ax.plot(mdates.date2num([start, due]), [b, t], color="#555555", linewidth=0.8, linestyle=(0, (4, 2, 1, 2)))
    ax.axvline(mdates.date2num(start), color="#bbbbbb", linewidth=0.8)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.tick_params(labelsize=7)
    ax.set_ylabel(k["unit"], fontsize=7)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.5)
    arrow = tr("fig.kpi.higher" if k["direction"] == "higher" else "fig.kpi.lower", language)
    ax.text(0.01, 0.02, arrow, transform=ax.transAxes, fontsize=6.5, color="#444444")


def _dashboard_legend(region_names, regions, language="en"):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from ...core.i18n import t

    from ...methods.plots import PALETTE

    handles = [Line2D([], [], color=PALETTE[7], linewidth=2, marker="o", markersize=3, label=t("fig.kpi.band", language))]
    if regions:
        handles += [Line2D([], [], color=_REGION_COLOURS[i % 6], linestyle=_REGION_STYLES[i % 4],
                           marker=_REGION_MARKERS[i % 7], markersize=3, label=reg) for i, reg in enumerate(region_names)]
    handles += [Line2D([], [], color=PALETTE[3], linestyle="--", label=t("fig.target", language)),
                Line2D([], [], color="#777777", linestyle=":", label=t("fig.baseline", language)),
                Line2D([], [], color="#555555", linestyle=(0, (4, 2, 1, 2)), label=t("fig.kpi.path", language))]
    handles += [Patch(facecolor=STATUS_STYLE[s][0], hatch=STATUS_STYLE[s][1], edgecolor="#333333",
                      label=_status_word(s, language)) for s in STATUSES]
    return handles


def plot_dashboard(values, status, plan_or_result, *, ncols: int = 3, fig=None, regions: bool = True,
                   language: str = "en"):
    """KPI dashboard: one small chart per KPI — the pooled trend with its 95 % band, one thin line per
    region, the target (dashed), the baseline (dotted) and the planned path from baseline to target,
    with the KPI's status as a coloured, hatched badge *and* in words. A not-measurable KPI gets an
    empty, dotted panel that says why. Fixed text and numbers are in ``language`` (``ui_fig.yaml``,
    :mod:`~sedamkit.core.numfmt`). Returns the Figure.
    """
    from ...core.i18n import t
    from ...methods.plots import new_figure

    pr = plan_result(plan_or_result)
    kpis = pr["kpis"]
    n = max(len(kpis), 1)
    nrows = math.ceil(n / ncols)
    fig = fig or new_figure(figsize=(4.2 * ncols, 3.0 * nrows + 0.8))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    st = status.set_index("kpi_id")
    region_names = sorted(set(values.loc[values["region"] != ALL, "region"])) if len(values) else []
    start = to_date(pr["period"]["start"])
    for ax, k in zip(axes, kpis):
        s = st.loc[k["id"]]
        ax.set_title(_wrapped(k, 26, language), fontsize=9, loc="left", pad=16, linespacing=1.1)
        _badge(ax, s["status"], x=0.62, language=language)
        v = values[(values["kpi_id"] == k["id"]) & values["measurable"].astype(bool)]
        if v.empty:
            _empty_panel(ax, reason_text(s["reason"], language), language)
        else:
            _kpi_panel(ax, k, v, s["baseline"], start, region_names, regions, language)
    for ax in axes[len(kpis):]:
        ax.set_visible(False)
    handles = _dashboard_legend(region_names, regions, language)
    fig.legend(handles=handles, loc="outside lower center", ncol=min(6, len(handles)), fontsize=7, frameon=False)
    client = pr.get("client") or ""
    fig.suptitle(t("fig.kpi.title", language) + (f" — {client}" if client else "") + " " + t("fig.kpi.title_note", language),
                 fontsize=10)
    return fig


def plot_regions(values, plan_or_result, *, ax=None, clip=(-150, 200), language="en"):
    """Progress to target per KPI and region: an arrow from the reference period (the last before the
    plan) to the latest period, on a common 0–100 % scale (0 = baseline, 100 = target). Regions have
    their own colour *and* marker; the pooled value is a black diamond. Values beyond ``clip`` are drawn
    at the edge with their number. Fixed text and numbers are in ``language``. Returns the Axes."""
    from matplotlib.lines import Line2D

    from ...core.i18n import t
    from ...core.numfmt import percent

    from ...methods.plots import PALETTE, get_ax

    pr = plan_result(plan_or_result)
    ch = period_changes(values, pr)
    kpis = [k for k in pr["kpis"] if k.get("baseline") is not None and float(k["target"]) != float(k["baseline"])
            and k["id"] in set(ch["kpi_id"])]
    regions = [ALL] + sorted(set(ch["region"]) - {ALL})
    ax = get_ax(ax, figsize=(9, 0.62 * max(len(kpis), 1) + 1.6))
    lo, hi = clip
    ax.axvspan(lo, 0, color="#D55E00", alpha=0.06)
    ax.axvline(0, color="#777777", linestyle=":", linewidth=1)
    ax.axvline(100, color=PALETTE[3], linestyle="--", linewidth=1.2)
    offs = {reg: (i - (len(regions) - 1) / 2) * (0.7 / max(len(regions), 1)) for i, reg in enumerate(regions)}
    for y, k in enumerate(kpis):
        span = float(k["target"]) - float(k["baseline"])
        for reg in regions:
            r = ch[(ch["kpi_id"] == k["id"]) & (ch["region"] == reg)]
            if r.empty:
                continue
            r = r.iloc[0]
            p0 = (r["from_value"] - float(k["baseline"])) / span * 100
            p1 = (r["to_value"] - float(k["baseline"])) / span * 100
            c0, c1 = min(max(p0, lo), hi), min(max(p1, lo), hi)
            yy = y + offs[reg]
            j = regions.index(reg) - 1
            colour = PALETTE[7] if reg == ALL else _REGION_COLOURS[j % 6]
            marker = "D" if reg == ALL else _REGION_MARKERS[j % 7]
            ax.plot([c0, c1], [yy, yy], color=colour, linewidth=1.8 if reg == ALL else 1.1, zorder=2)
            ax.plot([c0], [yy], marker="|", color=colour, markersize=7, zorder=2)
            ax.plot([c1], [yy], marker=marker, color=colour, markersize=6 if reg == ALL else 5, zorder=3,
                    markeredgecolor="white", markeredgewidth=0.5)
            if p1 != c1:
                ax.text(c1 + (3 if c1 >= hi else -3), yy, percent(p1, language, scale=100), fontsize=6, va="center",
                        ha="left" if c1 >= hi else "right")
    ax.set_yticks(range(len(kpis)))
    ax.set_yticklabels([_short(k, 36, language) for k in kpis], fontsize=8)
    ax.text(0, -0.6, t("fig.baseline", language), ha="center", va="bottom", fontsize=7, color="#555555")
    ax.text(100, -0.6, t("fig.target", language), ha="center", va="bottom", fontsize=7, color=PALETTE[3])
    ax.set_ylim(len(kpis) - 0.5, -0.95)
    ax.set_xlim(lo - 30, hi + 30)
    ax.set_xlabel(t("fig.regions.x", language), fontsize=8)
    ref = ch["from_period"].iloc[0] if len(ch) else "?"
    last = ch["to_period"].iloc[0] if len(ch) else "?"
    ax.set_title(t("fig.regions.title", language, ref=ref, last=last), fontsize=10)
    handles = [Line2D([], [], color=PALETTE[7] if reg == ALL else _REGION_COLOURS[(regions.index(reg) - 1) % 6],
                      marker="D" if reg == ALL else _REGION_MARKERS[(regions.index(reg) - 1) % 7], linewidth=1,
                      label=t("fig.all_regions", language) if reg == ALL else reg) for reg in regions]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7,
              title=t("fig.regions.legend", language), title_fontsize=7)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.5)
    ax.tick_params(axis="x", labelsize=8)
    return ax


def plot_approach_ratings(ratings, *, ax=None, language="en"):
    """Mean ratings (1–5) per approach and criterion as grouped bars; the poor line at
    :data:`POOR_BELOW`; approaches rated poorly are marked ``✘ poor`` and unrated ones ``not rated``.
    Fixed text is in ``language`` (``ui_fig.yaml``). Returns the Axes."""
    import numpy as np

    from ...core.i18n import t
    from ...methods.plots import PALETTE, get_ax

    ax = get_ax(ax, figsize=(9, 0.45 * max(len(ratings), 1) + 1.4))
    hatches = ["", "//", ".."]
    y = np.arange(len(ratings))
    h = 0.26
    for j, crit in enumerate(CRITERIA):
        vals = ratings[crit].fillna(0).to_numpy()
        ax.barh(y + (j - 1) * h, vals, height=h, color=PALETTE[j], hatch=hatches[j], edgecolor="#333333",
                linewidth=0.4, label=t(f"fig.ratings.{crit}", language))
    for i, r in enumerate(ratings.itertuples()):
        weak = ", ".join(t(f"fig.ratings.{c}", language) for c in str(r.weak_on).split(",") if c in CRITERIA)
        note = t("fig.not_rated", language) if not r.rated else (t("fig.ratings.poor", language, weak=weak) if r.poor else "")
        if note:
            ax.text(5.1, i, note, va="center", fontsize=7, color="#8a3b00" if r.poor else "#555555")
    ax.axvline(POOR_BELOW, color="#333333", linestyle="--", linewidth=1)
    ax.set_yticks(y)
    from ...methods.catalogue import approach_label

    names = [approach_label(getattr(r, "approach", ""), language, r.name) for r in ratings.itertuples()]
    ax.set_yticklabels([n if len(n) <= 38 else n[:37] + "…" for n in names], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 7.6)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_xlabel(t("fig.ratings.x", language), fontsize=8)
    ax.legend(loc="lower right", fontsize=7)
    ax.set_title(t("fig.ratings.title", language), fontsize=10)
    return ax


