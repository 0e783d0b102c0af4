"""Stage 03 worked examples for two sub-clauses of employee engagement (19384 7.3.2.3 and 7.3.2.4), on the
client's relationship survey (``data: {cx_survey: …}``):

- **customer feedback at team level** (7.3.2.3): CSAT and NPS per team (a column of the survey, the region by
  default) for the latest period, with the Wilson interval, shown only for teams with enough answers (a kit
  rule: below ``min_n`` a score says more about chance than about the team, and a small team's answers come
  close to naming people);
- **evaluation and recognition** (7.3.2.4): which teams earn recognition by a rule written down beforehand —
  the kit's rule: a reportable team whose CSAT interval lies wholly at or above the organization's CSAT for the
  period (so a team is recognised for being better, not for luck).

The team column and the thresholds are parameters; nothing here names a demo region.

>>> import pandas as pd
>>> cx = pd.DataFrame({"quarter": ["2025Q1"] * 6 + ["2025Q2"] * 6, "region": list("aabbbb") * 2,
...                    "csat": [5, 4, 1, 2, 5, 5] * 2, "nps": [10, 9, 0, 3, 10, 9] * 2})
>>> t = team_feedback(cx, min_n=3)
>>> t[["team", "n", "reportable"]].to_dict("records")
[{'team': 'a', 'n': 2, 'reportable': False}, {'team': 'b', 'n': 4, 'reportable': True}]
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["team_feedback_data", "team_feedback", "team_feedback_for", "recognised_teams", "MIN_TEAM_ANSWERS",
           "TEAM_COLUMNS"]

#: The kit's threshold: a team's score is shown from this many answers in the period on.
MIN_TEAM_ANSWERS = 30


def team_feedback_data(client) -> pd.DataFrame | None:
    """The client's relationship survey (``data.cx_survey``), or None when the client names none.
    A named file that is missing or unreadable raises a coded error (CFG004 / IO002)."""
    from ...core.tables import read_table

    rel = (client.get("data") or {}).get("cx_survey")
    if not rel:
        return None
    return read_table(Path(client["dir"]) / rel)


def team_feedback(cx: pd.DataFrame, *, team: str = "region", period: str = "quarter", score: str = "csat",
                  nps: str = "nps", min_n: int = MIN_TEAM_ANSWERS, which: str | None = None) -> pd.DataFrame:
    """CSAT (% satisfied, 4–5 of 5) and NPS per team for one period (the latest by default, or ``which``).

    Returns ``period``, ``team``, ``n``, ``csat``, ``ci_low``, ``ci_high`` (Wilson, percent), ``nps``,
    ``reportable`` (n ≥ ``min_n``), and the organization's row-weighted CSAT for the period in
    ``DataFrame.attrs["overall_csat"]``. Scores of teams that are not reportable are left empty (NaN).
    """
    from ...methods.cx import csat as _csat
    from ...methods.cx import nps as _nps

    if period in cx.columns:
        chosen = which if which is not None else sorted(cx[period].dropna().astype(str).unique())[-1]
        cx = cx[cx[period].astype(str) == str(chosen)]
    else:
        chosen = None
    c = _csat(cx, score, by=team)[[team, "n", "csat", "ci_low", "ci_high"]]
    out = c.rename(columns={team: "team"})
    if nps in cx.columns:
        out = out.merge(_nps(cx, nps, by=team)[[team, "nps"]].rename(columns={team: "team"}), on="team", how="left")
    out.insert(0, "period", chosen)
    out["reportable"] = out["n"] >= min_n
    for col in ("csat", "ci_low", "ci_high", "nps"):
        if col in out.columns:
            out.loc[~out["reportable"], col] = float("nan")
    overall = _csat(cx, score)["csat"].iloc[0] if len(cx) else float("nan")
    out.attrs["overall_csat"] = float(overall)
    return out.reset_index(drop=True)


def recognised_teams(table: pd.DataFrame, *, benchmark: float | None = None) -> list[str]:
    """The teams the kit's rule recognises: reportable, with the CSAT interval's lower end at or above the
    ``benchmark`` (default: the organization's CSAT for the period, ``table.attrs["overall_csat"]``)."""
    bench = table.attrs.get("overall_csat") if benchmark is None else benchmark
    ok = table[table["reportable"] & (table["ci_low"] >= bench)]
    return [str(t) for t in ok["team"]]


#: Columns tried, in order, as the team of :func:`team_feedback_for`.
TEAM_COLUMNS = ("team", "branch", "region", "channel")


def team_feedback_for(client, *, min_n: int = MIN_TEAM_ANSWERS, language: str | None = "en"):
    """``(table, note)`` for a stage-03 notebook: the team table of the client's relationship survey, or
    ``(None, why not)`` when the client names no survey, the survey has no team column (any of
    :data:`TEAM_COLUMNS`) or cannot be used (the coded problem's text). Stage 03 never fails on this optional
    worked example; stage 04 reports problems in the survey itself. The note is plain text in ``language``
    (``clz.nb03.team.*`` keys; a coded problem's text as the problem gives it)."""
    from ...core.errors import SedamError
    from ...core.i18n import t

    try:
        cx = team_feedback_data(client)
        if cx is None:
            return None, t("clz.nb03.team.no_survey", language)
        team = next((c for c in TEAM_COLUMNS if c in cx.columns), None)
        if team is None:
            return None, t("clz.nb03.team.no_column", language, columns=", ".join(TEAM_COLUMNS))
        return team_feedback(cx, team=team, min_n=min_n), t("clz.nb03.team.column", language, team=team)
    except SedamError as e:
        return None, str(e)
