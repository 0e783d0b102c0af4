"""The risk register (clause 6.2 b) 4)): scores, levels, flagged risks, and the risk matrix plot."""
from __future__ import annotations

from .common import checks_data
from .validate import validate_plan

__all__ = ["risk_level", "risk_table", "plot_risk_matrix"]


def risk_level(score, chk):
    rc = chk["risk"]
    return "high" if score >= rc["threshold"] else ("medium" if score >= rc["medium_from"] else "low")


def risk_table(plan, *, checks=None):
    """The risk register with scores (6.2 b) 4)).

    ``score = likelihood × impact`` (1–25). A score at or above ``risk.threshold`` of
    ``plan_checks.yaml`` (12) is ``high``; from ``risk.medium_from`` (6) it is ``medium``.

    Returns
    -------
    pandas.DataFrame
        One row per risk, highest score first (ties in plan order): ``risk_id``, ``category``,
        ``description``, ``likelihood``, ``impact``, ``score``, ``level`` (low / medium / high),
        ``at_threshold`` (score ≥ threshold), ``privacy`` (category is privacy or data_security),
        ``owner``, ``mitigation``, ``has_mitigation``, ``flagged`` (at threshold and no mitigation).

    >>> from sedamkit.stages.daap.api import add_risk, new_plan
    >>> p = new_plan("Demo", "Serve well", "2025-01-01", "2025-12-31")
    >>> p = add_risk(p, {"id": "R1", "description": "leak", "category": "privacy", "likelihood": 3, "impact": 4})
    >>> risk_table(p)[["score", "level", "flagged"]].values.tolist()
    [[12, 'high', True]]
    """
    import pandas as pd

    chk = checks_data(checks)
    plan = validate_plan(plan, checks=checks)
    priv = set(chk["risk"]["privacy_categories"])
    rows = []
    for r in plan["risks"]:
        score = int(r["likelihood"]) * int(r["impact"])
        mit = (r.get("mitigation") or "").strip()
        at = score >= chk["risk"]["threshold"]
        rows.append({"risk_id": r["id"], "category": r["category"], "description": r["description"],
                     "likelihood": int(r["likelihood"]), "impact": int(r["impact"]), "score": score,
                     "level": risk_level(score, chk), "at_threshold": at, "privacy": r["category"] in priv,
                     "owner": r.get("owner") or "", "mitigation": mit, "has_mitigation": bool(mit),
                     "flagged": at and not mit})
    df = pd.DataFrame(rows, columns=["risk_id", "category", "description", "likelihood", "impact", "score", "level",
                                     "at_threshold", "privacy", "owner", "mitigation", "has_mitigation", "flagged"])
    return df.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def plot_risk_matrix(plan, *, ax=None, checks=None, language="en"):
    """Likelihood × impact matrix with the risk ids placed in their cells.

    Cells are coloured and hatched by level (low / medium / high, from ``plan_checks.yaml``), and
    each cell shows its score; risks at or above the threshold without a mitigation are marked
    ``!`` and drawn bold. Fixed text is in ``language`` (``ui_fig.yaml``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Patch, Rectangle

    from ...core.i18n import t
    from ...methods.plots import STATUS_COLOURS, STATUS_HATCHES, get_ax, grid_1_to_5

    chk = checks_data(checks)
    tab = risk_table(plan, checks=checks)
    ax = get_ax(ax, figsize=(6.5, 5.5))
    look = {"low": "good", "medium": "warn", "high": "bad"}
    for lk in range(1, 6):
        for im in range(1, 6):
            lvl = look[risk_level(lk * im, chk)]
            ax.add_patch(Rectangle((lk - 0.5, im - 0.5), 1, 1, facecolor=STATUS_COLOURS[lvl], alpha=0.3,
                                   hatch=STATUS_HATCHES[lvl], edgecolor="white", linewidth=1.5))
            ax.text(lk + 0.45, im - 0.45, str(lk * im), ha="right", va="bottom", fontsize=6, color="#555555")
    for (lk, im), grp in tab.groupby(["likelihood", "impact"]):
        labels = [f"{r.risk_id}{'!' if r.flagged else ''}" for r in grp.itertuples()]
        bold = grp.flagged.any()
        ax.text(lk, im, "\n".join(labels[:4]) + ("\n…" if len(labels) > 4 else ""), ha="center", va="center",
                fontsize=8, weight="bold" if bold else "normal")
    grid_1_to_5(ax, t("fig.risk.likelihood", language), t("fig.risk.impact", language))
    ax.set_aspect("equal")
    thr = chk["risk"]["threshold"]
    ax.legend(handles=[Patch(facecolor=STATUS_COLOURS[look[k]], alpha=0.3, hatch=STATUS_HATCHES[look[k]], label=lab)
                       for k, lab in (("low", t("fig.risk.low", language, n=chk["risk"]["medium_from"])),
                                      ("medium", t("fig.risk.medium", language, n=thr)),
                                      ("high", t("fig.risk.high", language, n=thr)))],
              loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=7, title=t("fig.risk.score", language),
              title_fontsize=7)
    ax.set_title(t("fig.risk.title", language), fontsize=9)
    return ax
