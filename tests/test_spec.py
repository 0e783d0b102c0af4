"""Questionnaire specs: the shipped one is valid and every error code can be provoked."""
import pytest

from sedamkit.core.errors import SedamError
from sedamkit.core.spec import list_specs, load_spec, spec_from_dict


def codes_of(data):
    with pytest.raises(SedamError) as ei:
        spec_from_dict(data, file="q.yaml")
    return ei.value


def test_shipped_spec_meets_the_brief(spec):
    assert "necessity_feasibility" in list_specs()
    assert len(spec.items) >= 24
    ids = spec.item_ids
    assert len(ids) == len(set(ids))
    for it in spec.items:
        assert it.clause.startswith("6.1"), it.id
        assert it.weight >= 0 and it.scale in spec.scales
    groups = {a["group"] for a in spec.areas}
    assert groups == {"need", "foundations", "capabilities"}
    from sedamkit.core.model import CAPABILITIES

    assert set(CAPABILITIES) <= {a["id"] for a in spec.areas}
    for key in ("not_now_below", "go_min_overall", "blocking_below"):
        assert key in spec.decision


@pytest.mark.parametrize("mutate, code, where", [
    (lambda d: d["items"].append(dict(d["items"][0])), "SPEC002", "need_strategy_gap_tools"),
    (lambda d: d["items"][3].update(scale="agree7"), "SPEC003", "items[3].scale"),
    (lambda d: d["items"][4].update(weight=-1), "SPEC004", "items[4].weight"),
    (lambda d: d["items"][5].update(area="nowhere"), "SPEC005", "items[5].area"),
    (lambda d: d["items"][0].update(show_if={"item": "talent_specify", "min": 3}), "SPEC006", "items[0].show_if"),
    (lambda d: d.update(languages=["en", "fr", "de"]), "SPEC007", "text"),
    (lambda d: d["items"][1].update(id="Bad-Id"), "SPEC008", "items[1].id"),
    (lambda d: d["scales"]["agree5"].update(min=5, max=1), "SPEC009", "scales.agree5"),
    (lambda d: d["decision"].update(not_now_below=90, go_min_overall=60), "SPEC010", "decision"),
    (lambda d: d["areas"].append({"id": "empty_area", "group": "need", "title": {"en": "E"}}), "SPEC011", "empty_area"),
    (lambda d: d["items"][2].update(colour="red"), "SPEC001", "items[2]"),
    (lambda d: d.pop("scales"), "SPEC001", "(top level)"),
])
def test_each_error_code_names_the_place_and_the_fix(spec_data, mutate, code, where):
    mutate(spec_data)
    err = codes_of(spec_data)
    hits = [p for p in err.problems if p.code == code]
    assert hits, err
    assert any(where in (p.where or "") for p in hits), [str(p) for p in hits]
    assert all(p.file == "q.yaml" and p.fix for p in hits)
    assert code in str(err) and "Fix:" in str(err)


def test_all_problems_are_reported_together(spec_data):
    spec_data["items"][3]["scale"] = "nope"
    spec_data["items"][4]["weight"] = -2
    spec_data["items"].append(dict(spec_data["items"][0]))
    err = codes_of(spec_data)
    assert {"SPEC002", "SPEC003", "SPEC004"} <= set(err.codes)


def test_unknown_field_suggests_the_allowed_ones(spec_data):
    spec_data["items"][0]["wieght"] = 2
    err = codes_of(spec_data)
    assert "wieght" in str(err) and "weight" in err.problems[0].fix


def test_broken_yaml_and_unknown_name(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nitems: [\n")
    with pytest.raises(SedamError) as ei:
        load_spec(bad)
    assert ei.value.codes == ["SPEC012"] and "line" in str(ei.value)
    with pytest.raises(SedamError) as ei:
        load_spec("no_such_questionnaire")
    assert "necessity_feasibility" in ei.value.problems[0].fix


def test_show_if_controls_visibility(spec):
    follow = spec.item("cap_security_followup")
    assert not spec.visible(follow, {})
    assert spec.visible(follow, {"cap_security_incidents": 2})
    assert not spec.visible(follow, {"cap_security_incidents": 4})


def test_text_falls_back_to_english(spec):
    with pytest.warns(UserWarning, match="English"):
        de = spec.with_overrides(language="de")
    assert de.text({"en": "hello"}) == "hello"
    fr = spec.with_overrides(language="fr")
    assert fr.text({"en": "hello", "fr": "bonjour"}) == "bonjour"
    assert fr.text(spec.items[0].text) != spec.items[0].text["en"]


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d["items"][4].update(weight=float("nan")), "items[4]"),
    (lambda d: d["items"][4].update(weight=float("inf")), "items[4]"),
    (lambda d: d["items"][4].update(weight=float("-inf")), "items[4]"),
    (lambda d: d["decision"].update(not_now_below=float("nan")), "decision.not_now_below"),
    (lambda d: d["decision"].update(go_min_overall=float("inf")), "decision.go_min_overall"),
    (lambda d: d.setdefault("scoring", {}).update(consensus_max_sd=float("nan")), "scoring.consensus_max_sd"),
    (lambda d: d["areas"][0].update(min_score=float("nan")), "areas[0]"),
    (lambda d: d["items"][0].update(show_if={"item": "x", "min": float("nan")}), "items[0]"),
])
def test_non_finite_numbers_are_spec013(spec_data, mutate, where):
    mutate(spec_data)
    err = codes_of(spec_data)
    hits = [p for p in err.problems if p.code == "SPEC013"]
    assert hits, err
    assert any(where in (p.where or "") for p in hits) and all(p.fix for p in hits)
    # reported once, not again as a schema (SPEC001) problem at the same place
    assert not [p for p in err.problems if p.code == "SPEC001" and p.where == hits[0].where]


def test_non_finite_weight_in_a_yaml_file_is_refused(tmp_path, spec_data):
    import yaml

    spec_data["items"][0]["weight"] = float("nan")
    f = tmp_path / "q.yaml"
    f.write_text(yaml.safe_dump(spec_data, allow_unicode=True))
    with pytest.raises(SedamError) as ei:
        load_spec(f)
    assert ei.value.codes == ["SPEC012"] and "finite" in str(ei.value)


def test_mixed_key_types_in_an_unknown_field_do_not_crash(spec_data):
    spec_data["items"][0][1] = "x"
    spec_data["items"][0]["zz"] = "y"
    err = codes_of(spec_data)
    assert "SPEC001" in err.codes
