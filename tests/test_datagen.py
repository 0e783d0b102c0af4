"""Demo data: byte-for-byte reproducible from the seed, CSV round trip, and the built-in story."""
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sedamkit as sk
from sedamkit import datagen

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo" / "data"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    paths = datagen.generate(out)
    return out, paths


def test_committed_files_are_the_generator_output(generated):
    out, paths = generated
    assert sorted(p.name for p in paths) == sorted(datagen.FILES.values())
    for name in datagen.FILES.values():
        assert (out / name).read_bytes() == (DEMO / name).read_bytes(), f"{name} differs: regenerate it"


def test_cli_writes_the_same_files(tmp_path):
    subprocess.run([sys.executable, "-m", "sedamkit.delivery.datagen", str(tmp_path), "--seed", str(datagen.DEFAULT_SEED)],
                   check=True, capture_output=True)
    for name in datagen.FILES.values():
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes()


def test_another_seed_gives_other_data(tmp_path):
    datagen.generate(tmp_path, seed=1)
    assert (tmp_path / "cx_survey.csv").read_bytes() != (DEMO / "cx_survey.csv").read_bytes()


def test_csv_reread_gives_the_same_frames():
    for name, frame in datagen.frames().items():
        again = pd.read_csv(DEMO / datagen.FILES[name])
        pd.testing.assert_frame_equal(again, frame, check_exact=True)
        assert datagen.to_csv_text(again) == (DEMO / datagen.FILES[name]).read_text(encoding="utf-8")


def test_kano_survey_shape_and_wordings():
    df = datagen.read_demo("kano_survey")
    assert len(df) >= 300
    feats = [c[: -len("_functional")] for c in df.columns if c.endswith("_functional")]
    assert 5 <= len(feats) <= 8
    assert df[f"{feats[0]}_functional"].dropna().str.match(r"(I|It) ").all()      # text, not codes
    cats = sk.kano.classify_survey(df, respondent="respondent", keep=["region"])
    s = sk.kano.summary(cats).set_index("feature")
    assert set(s["category"]) >= {"A", "O", "M", "I"}                            # something to teach


def test_ratings_refer_to_the_demo_journey():
    j = sk.journey.load_journey(ROOT / "datasets" / "demo" / "journey.yaml")
    r = datagen.read_demo("journey_ratings")
    assert set(r["touchpoint"]) == set(j.touchpoints["touchpoint"])
    assert r["rating"].between(1, 5).all()
    comments = r["comment"].dropna()
    assert comments.nunique() >= 50
    scored = sk.sentiment.score_comments(r)
    assert (scored["sentiment"] == "negative").sum() >= 50
    moves = sk.journey.suggest_moves(j, r)
    # every move shows up; "remove" only where the touchpoint is not some customers' only way in (4.3):
    # on the demo that rule keeps the weak touchpoint and proposes improving it instead
    assert set(moves["move"]) >= set(sk.journey.MOVES) - {"remove"}
    assert "remove" in set(moves["move"]) or (moves.get("rule") == "keep_sole_way_in").any()
    assert len(sk.journey.moments_at_risk(j, r)) >= 1


def test_cx_survey_covers_8_quarters_and_3_regions_with_a_lagging_region():
    cs = datagen.read_demo("cx_survey")
    assert sorted(cs["quarter"].unique()) == list(datagen.QUARTERS)
    assert set(cs["region"]) == set(datagen.REGIONS)
    n = sk.cx.nps(cs, "nps", by=["region"])
    first = sk.cx.nps(cs[cs["quarter"].isin(["2024Q1", "2024Q2"])], "nps", by="region").set_index("region")
    last = sk.cx.nps(cs[cs["quarter"].isin(["2025Q3", "2025Q4"])], "nps", by="region").set_index("region")
    gain = last["nps"] - first["nps"]
    assert gain["North"] > 15 and gain["Central"] > 15 and gain["South"] < gain["North"] / 2
    assert len(n) == 3


def test_operations_story_improves_stalls_worsens():
    o = datagen.read_demo("operations")
    assert len(o) == 24
    ret = sk.cx.retention_rate(o, by=["region", "quarter"]).pivot(index="quarter", columns="region",
                                                                  values="retention_rate")
    assert ret.loc["2025Q4", "North"] - ret.loc["2024Q1", "North"] > 4           # improves
    assert abs(ret.loc["2025Q4", "South"] - ret.loc["2024Q1", "South"]) < 2      # the South lags
    turn = sk.cx.employee_turnover(o, employees=["employees_start", "employees_end"], by="quarter")
    assert turn["turnover_rate"].iloc[-1] > turn["turnover_rate"].iloc[0] + 1.5  # worsens
    es = sk.cx.employee_satisfaction(o, mean="esat_mean", sd="esat_sd", n="esat_n", by="quarter")
    assert es["mean_satisfaction"].max() - es["mean_satisfaction"].min() < 0.15  # stalls
    cost = sk.cx.cost_reduction_rate(o, by="region").query("quarter == '2025Q4'").set_index("region")
    assert cost.loc["North", "cost_reduction_rate"] > 5 and cost.loc["South", "cost_reduction_rate"] < 0
    pt = sk.cx.process_completion_time(o, mean="process_minutes_mean", sd="process_minutes_sd",
                                       n="jobs_completed", by="quarter")
    assert pt["mean_minutes"].iloc[-1] < pt["mean_minutes"].iloc[0] - 15


def test_read_demo_unknown_name():
    with pytest.raises(sk.SedamError) as exc:
        datagen.read_demo("sales")
    assert exc.value.codes == ["DATA003"]


# --- the other fictional clients ------------------------------------------------------------------
@pytest.mark.parametrize("client", datagen.CLIENTS)
def test_committed_client_files_are_the_generator_output(client, tmp_path):
    folder = ROOT / "datasets" / client
    files = datagen.client_files(client)
    assert files, client
    for rel, data in files.items():
        if str(rel).endswith(".xlsx"):   # a workbook: the same sheets and cells (zip bytes vary with zlib builds)
            assert _cells((folder / rel).read_bytes()) == _cells(data), f"{client}/{rel} differs: regenerate it"
        else:
            assert (folder / rel).read_bytes() == data, f"{client}/{rel} differs: regenerate it"


def _cells(data: bytes) -> dict:
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    assert datagen.client_files(client) == files                                  # same bytes every time
    generated = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
                 if p.is_file() and p.parts[len(folder.parts)] in ("data", "answers", "exports")}
    assert generated == set(files), "a file in the client folder is not made by the generator"


def test_clients_are_unlike_the_demo_and_each_other():
    import yaml

    demo = yaml.safe_load((ROOT / "datasets/demo/client.yaml").read_text())
    seen_regions = [set(demo["regions"])]
    for client in datagen.CLIENTS:
        cfg = yaml.safe_load((ROOT / "datasets" / client / "client.yaml").read_text(encoding="utf-8"))
        assert cfg["id"] == client != demo["id"]
        assert not set(cfg["regions"]) & set().union(*seen_regions)
        seen_regions.append(set(cfg["regions"]))
        ops = pd.read_csv(ROOT / "datasets" / client / "data" / "operations.csv")
        assert set(ops["region"]) == set(cfg["regions"])
    hospital = yaml.safe_load((ROOT / "datasets/hopitaux-estuaire/client.yaml").read_text(encoding="utf-8"))
    assert hospital["language"] == "fr" and "ô" in hospital["name"]
    assert not {"kano_survey", "touchpoint_ratings"} & set(hospital["data"]) and "journey" not in hospital
    kano = pd.read_csv(ROOT / "datasets/brightlane/data/kano_survey.csv")
    feats = {c[: -len("_functional")] for c in kano.columns if c.endswith("_functional")}
    assert feats and not feats & set(datagen.KANO_FEATURES)


def test_french_team_has_accented_display_names():
    import json

    docs = [json.loads(p.read_text(encoding="utf-8"))
            for p in (ROOT / "datasets/hopitaux-estuaire/answers/01_necessity_feasibility").glob("*.json")]
    assert len(docs) == 5
    assert all(d["respondent"].isascii() for d in docs)
    assert sum(not d["name"].isascii() for d in docs) >= 4


def test_forms_export_matches_the_answer_files():
    """Microsoft Forms layout: ID, Start time, Completion time, Email, Name, one column per item headed by
    its text, answers as '4 - Agree' / 'Don’t know'; each cell is what the answer file holds."""
    import json

    from openpyxl import load_workbook

    from sedamkit.core.spec import load_spec

    spec = load_spec("necessity_feasibility")
    ws = load_workbook(ROOT / "datasets/brightlane/exports/self-assessment.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    assert head[:5] == ("ID", "Start time", "Completion time", "Email", "Name")
    assert list(head[5:]) == [spec.text(it.text, "en") for it in spec.items]
    folder = ROOT / "datasets/brightlane/answers/01_necessity_feasibility"
    by_name = {json.loads(p.read_text(encoding="utf-8"))["name"]: json.loads(p.read_text(encoding="utf-8"))
               for p in folder.glob("*.json")}
    assert len(rows) - 1 == len(by_name) == 6
    labels = {v: spec.text(lab, "en") for v, lab in spec.scales["agree5"].labels.items()}
    seen_dk = False
    for row in rows[1:]:
        doc = by_name[row[4]]
        for it, cell in zip(spec.items, row[5:]):
            if it.id not in doc["answers"]:
                assert cell is None
            elif doc["answers"][it.id] is None:
                assert cell == "Don\u2019t know"
                seen_dk = True
            else:
                assert cell.startswith(f"{doc['answers'][it.id]} - ")
    assert seen_dk
    assert labels[4] == "Agree"
