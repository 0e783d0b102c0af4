"""The plan's timeline: phases as a Gantt chart with their approaches and the KPI due dates."""
from __future__ import annotations

from .common import approach_links, parse_date
from .validate import validate_plan

__all__ = ["plot_timeline"]


def plot_timeline(plan, *, ax=None, catalogue=None, show_kpis=True, language="en"):
    """Gantt-style timeline of the phases, each bar labelled with its approaches.

    The overall period is shaded; KPI due dates are marked with diamonds along the top
    (``show_kpis``). Colours only tell phases apart; every bar carries its id and name. Fixed text
    is in ``language`` (``ui_fig.yaml``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import textwrap

    import matplotlib.dates as mdates

    from ...core.i18n import t
    from ...methods.catalogue import approach_label, get_approach
    from ...methods.plots import PALETTE, get_ax

    plan = validate_plan(plan, catalogue=catalogue)
    used = {approach_links(a)[0] for p in plan["phases"] for a in p["approaches"]}
    names = {aid: (approach_label(aid, language, get_approach(aid, catalogue)["name"]) if catalogue is None
                   else get_approach(aid, catalogue)["name"]) for aid in used}
    phases = plan["phases"]
    ax = get_ax(ax, figsize=(10, 1.3 + 1.1 * max(len(phases), 1)))
    ps, pe = parse_date(plan["period"]["start"]), parse_date(plan["period"]["end"])
    ax.axvspan(mdates.date2num(ps), mdates.date2num(pe) + 1, color="#eeeeee", zorder=0, label=t("fig.timeline.period", language))
    for i, p in enumerate(phases):
        s, e = mdates.date2num(parse_date(p["start"])), mdates.date2num(parse_date(p["end"])) + 1
        colour = PALETTE[i % len(PALETTE)]
        ax.barh(i, e - s, left=s, height=0.55, color=colour, alpha=0.35, edgecolor=colour, linewidth=1.5, zorder=2)
        apps = [names.get(approach_links(a)[0], approach_links(a)[0]) for a in p["approaches"]]
        label = "; ".join(apps) if apps else t("fig.timeline.no_approaches", language)
        right = (e - mdates.date2num(ps)) > 0.6 * (mdates.date2num(pe) - mdates.date2num(ps))
        ax.text(e - 2 if right else s + 2, i, "\n".join(textwrap.wrap(label, 55)[:3]), va="center",
                ha="right" if right else "left", fontsize=7, zorder=3)
    ax.set_yticks(range(len(phases)))
    ax.set_yticklabels([f"{p['id']} {p['name']}" for p in phases], fontsize=8)
    ax.invert_yaxis()
    if show_kpis and plan["kpis"]:
        due: dict = {}
        for k in plan["kpis"]:
            due.setdefault(k["due"], []).append(k["id"])
        for d, ids in due.items():
            x = mdates.date2num(parse_date(d))
            ax.plot([x], [-0.7], marker="D", color=PALETTE[7], markersize=5, zorder=3, clip_on=False)
            ax.text(x - 5, -0.7, ",".join(ids) if len(ids) <= 3 else t("fig.timeline.kpis", language, n=len(ids)), ha="right",
                    va="center", fontsize=7)
        ax.text(mdates.date2num(ps), -0.7, t("fig.timeline.kpi_due", language), ha="right", va="center", fontsize=7)
    ax.set_ylim(len(phases) - 0.4, -1.0)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#cccccc", linewidth=0.5, zorder=1)
    client = plan.get("client") or ""
    ax.set_title(t("fig.timeline.title", language) + (f" — {client}" if client else "")
                 + (" (article 6.2 b))" if language == "fr" else " (clause 6.2 b))"), fontsize=10)
    return ax
