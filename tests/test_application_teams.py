"""Stage 03's worked examples for 19384 7.3.2.3 (feedback per team) and 7.3.2.4 (recognition by a rule)."""
import pandas as pd
import pytest

from sedamkit.stages.application.clauses import clause_guide
from sedamkit.stages.application.teams import recognised_teams, team_feedback
from sedamkit.stages.exercises import check


def _survey():
    rows = []
    for q in ("2025Q1", "2025Q2"):
        rows += [{"quarter": q, "region": "Hill", "csat": 5, "nps": 10}] * 60            # clearly better
        rows += [{"quarter": q, "region": "Vale", "csat": 4 if i % 10 < 8 else 2, "nps": 8} for i in range(40)]
        rows += [{"quarter": q, "region": "Dock", "csat": 1, "nps": 2}] * 20
        rows += [{"quarter": q, "region": "Tiny", "csat": 5, "nps": 10}] * 5              # too few answers
    return pd.DataFrame(rows)


def test_latest_period_small_teams_hidden():
    cx = _survey()
    cx.loc[cx.quarter == "2025Q1", "csat"] = 1
    t = team_feedback(cx, min_n=30).set_index("team")
    assert set(t.period) == {"2025Q2"}
    assert t.loc["Hill", "csat"] == 100 and not t.loc["Tiny", "reportable"] and pd.isna(t.loc["Tiny", "csat"])


def test_recognition_needs_the_interval_above_the_benchmark():
    t = team_feedback(_survey(), min_n=30)
    bench = t.attrs["overall_csat"]
    vale = t.set_index("team").loc["Vale"]
    assert vale.csat > bench > vale.ci_low               # higher point value, interval reaching below
    assert recognised_teams(t) == ["Hill"]


def test_recognition_exercise_feedback():
    t = team_feedback(_survey(), min_n=30)
    assert check("03_recognised_teams", ["hill"], table=t).ok
    fb = check("03_recognised_teams", ["Hill", "Vale"], table=t)
    assert not fb.ok and "interval" in fb.message
    fb = check("03_recognised_teams", ["Hill", "Tiny"], table=t)
    assert not fb.ok and "too few answers" in fb.message
    missed = check("03_recognised_teams", [], table=t).message
    assert "left out 1 team" in missed and "Hill" not in missed      # a count, never the answer itself
    assert not check("03_recognised_teams", "Hill", table=t).ok
    assert not check("03_recognised_teams", [], table=None).ok


def test_clause_guide_covers_every_part_of_clause_7_and_marks_the_kits_own():
    g = clause_guide().set_index("clause")
    assert {"7.1", "7.3.2.3", "7.4.3.3", "7.5.2"} <= set(g.index)
    assert g.loc["7.5.1", "preview"].startswith("heading only") and g.loc["7.5.1", "kit_links"]
    assert "kano_analysis" in g.loc["7.4.1.4", "approaches"]


def test_stage_03_never_fails_on_the_optional_team_example(tmp_path):
    from sedamkit.stages.application.teams import team_feedback_for

    assert team_feedback_for({"dir": str(tmp_path)})[0] is None                       # no survey named
    (tmp_path / "cx.csv").write_text("quarter,csat,nps\n2025Q1,5,9\n")
    table, note = team_feedback_for({"dir": str(tmp_path), "data": {"cx_survey": "cx.csv"}})
    assert table is None and "columns" in note                                        # no team column
    table, note = team_feedback_for({"dir": str(tmp_path), "data": {"cx_survey": "missing.csv"}})
    assert table is None and "CFG004" in note                                         # coded, not a traceback
    (tmp_path / "cx2.csv").write_text("quarter,branch,csat,nps\n2025Q1,A,5,9\n")
    table, note = team_feedback_for({"dir": str(tmp_path), "data": {"cx_survey": "cx2.csv"}})
    assert list(table.team) == ["A"] and "branch" in note
