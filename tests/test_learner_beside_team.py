"""A learner on the demo client, past stage 01: in stage 05 (mission review, approach ratings) and stage 06
(impact and effort) the learner's own answers are kept out of the demo team's scores and shown beside them,
labelled, in the client's language. For a real client the learner is one of the team."""
from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from sedamkit.core.paths import demo_dir
from sedamkit.stages import learner


def _docs(folder):
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def test_split_works_on_documents_and_frames_and_only_on_the_demo(tmp_path):
    import pandas as pd

    docs = [{"respondent": "ceo"}, {"respondent": "me"}]
    team, mine = learner.learner_and_team(docs, "me", demo_dir())
    assert [d["respondent"] for d in team] == ["ceo"] and [d["respondent"] for d in mine] == ["me"]
    team, mine = learner.learner_and_team(docs, "me", tmp_path)           # a real client: the learner counts
    assert len(team) == 2 and len(mine) == 1
    frame = pd.DataFrame({"respondent": ["ceo", "me", "me"]})
    team, mine = learner.learner_and_team(frame, "me", demo_dir())
    assert list(team["respondent"]) == ["ceo"] and len(mine) == 2
    assert learner.learner_and_team(docs, "nobody", demo_dir())[1] == []


def test_beside_table_drops_what_the_learner_left_blank_and_is_none_when_all_blank():
    t = learner.beside_table({"a": "A", "b": "B", "c": "C"}, {"a": 1.234, "c": None}, {"a": 2, "b": 3, "c": 4},
                             "fr", digits=2)
    assert list(t.columns) == ["domaine", "vous", "l'équipe de direction"]
    assert t.values.tolist() == [["A", 1.23, 2.0]]
    assert learner.beside_table({"a": "A"}, {}, {"a": 1.0}) is None


def test_mission_review_beside_the_review_team_keeps_the_team_scores():
    import sedamkit as sk

    from sedamkit.core.spec import load_spec

    spec = load_spec("mission_review")
    team = _docs(demo_dir() / "answers" / "05_evaluation" / "mission")
    me = {"respondent": "me", "answers": {i: 5 for i in spec.item_ids}}
    kept, mine = learner.learner_and_team(team + [me], "me", demo_dir())
    before = sk.evaluation.mission_review(team, spec).areas
    after = sk.evaluation.mission_review(kept, spec).areas
    assert before["mean"].tolist() == after["mean"].tolist()
    table = sk.evaluation.mission_beside_team(mine, kept, spec, "fr")
    assert list(table.columns) == ["domaine", "vous", "l'équipe de revue"]
    assert (table["vous"] == 100).all()                                    # 5 on every item is 100 everywhere
    assert table["l'équipe de revue"].round(1).tolist() == before.set_index("area").loc[
        [a["id"] for a in spec.areas], "mean"].round(1).tolist()
    assert sk.evaluation.mission_beside_team([], kept, spec) is None


# ----------------------------------------------------------------------- the notebooks, as a learner runs them
@pytest.fixture(scope="module")
def learner_runs(tmp_path_factory):
    """Notebooks 05 and 06 executed on the demo twice: with the demo answers only, and with a learner's own
    files ("me") beside them."""
    from sedamkit.delivery.runner import run_notebook

    from sedamkit.core.paths import notebooks_dir

    base = tmp_path_factory.mktemp("learner")
    out = {}
    for case in ("team", "with_me"):
        answers = base / case / "answers"
        shutil.copytree(demo_dir() / "answers", answers)
        if case == "with_me":
            for folder in ("05_evaluation/mission", "05_evaluation/approaches", "06_improvement/scores"):
                src = sorted((answers / folder).glob("*.json"))[0]
                doc = json.loads(src.read_text(encoding="utf-8"))
                doc["respondent"] = "me"
                doc["answers"] = {k: (1 if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
                                  for k, v in doc["answers"].items()}
                (answers / folder / "me.json").write_text(json.dumps(doc), encoding="utf-8")
        for nb in ("05_evaluation", "06_improvement"):
            output = base / case / "out"
            run_notebook(notebooks_dir() / f"{nb}.ipynb", base / case / f"{nb}.ipynb",
                         {"client_dir": str(demo_dir()), "answers_dir": str(answers), "output_dir": str(output),
                          "interactive": True, "respondent": "me", "language": "fr"}, cwd=base / case)
        out[case] = base / case
    return out


def _result(run, stage):
    path = next((run / "out").rglob(f"{stage}.json"), None) or next((run / "out").rglob(f"*{stage}*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data = data.get("data", data)
    return json.loads(json.dumps(data).replace(str(run), "RUN"))     # the two runs' folders differ, nothing else


def _html_outputs(path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []))


@pytest.mark.parametrize("stage", ["05_evaluation", "06_improvement"])
def test_a_learner_s_answers_do_not_change_the_demo_team_s_result(learner_runs, stage):
    assert _result(learner_runs["with_me"], stage) == _result(learner_runs["team"], stage)


@pytest.mark.parametrize("stage, team_label", [("05_evaluation", "l'équipe de revue"),
                                               ("05_evaluation", "moyenne de l'équipe"),
                                               ("06_improvement", "moyenne de l'équipe")])
def test_the_learner_sees_their_answers_beside_the_team_in_french(learner_runs, stage, team_label):
    shown = _html_outputs(learner_runs["with_me"] / f"{stage}.ipynb")
    assert "vous" in shown and team_label in shown
    assert team_label not in _html_outputs(learner_runs["team"] / f"{stage}.ipynb")   # no learner, no table
