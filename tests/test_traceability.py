"""The traceability matrix (docs/traceability.md): current, every clause taught, every claim backed by a
section, every tag a real clause. Regenerate with: python -m sedamkit.delivery.traceability > docs/traceability.md"""
import json

import pytest

from sedamkit.delivery import traceability as tr

from conftest import ROOT


def test_the_page_is_current():
    assert (ROOT / "docs" / "traceability.md").read_text(encoding="utf-8") == tr.markdown(), \
        "docs/traceability.md is stale: python -m sedamkit.delivery.traceability > docs/traceability.md"


def test_no_tag_problem_and_nothing_not_covered():
    assert tr.problems() == []
    assert "not covered" not in tr.markdown()


def test_the_clause_list_has_every_numbered_clause_of_both_documents():
    rows = {(c["doc"], c["clause"]) for c in tr.clauses()}
    for doc, top in (("19384", ("4", "5", "6", "7", "8")), ("24082", ("4", "5"))):
        assert {(doc, t) for t in top} <= rows
    # known only from the table of contents, or from the redline
    assert {("19384", "7.5.2"), ("19384", "8.2.5"), ("19384", "7.4.3.3"), ("24082", "5.7.4")} <= rows
    # every parent of a sub-clause is listed too
    for doc, c in rows:
        if "." in c:
            assert (doc, c.rsplit(".", 1)[0]) in rows, (doc, c)
    # past the previews the page says the material is the kit's own
    page = tr.markdown()
    line = next(x for x in page.splitlines() if x.startswith("| 8.1.2 |"))
    assert "kit's own material" in line


def _nb(tmp_path, cells, clauses):
    nb = {"cells": [{"cell_type": "markdown", "metadata": m, "source": s} for s, m in cells],
          "metadata": {"sedam": {"clauses": clauses}}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "01_x.ipynb").write_text(json.dumps(nb))
    return tmp_path


def test_a_claim_without_a_teaching_section_is_reported(tmp_path):
    folder = _nb(tmp_path, [("# 01 · Title (6.1.1)", {}), ("## 1. Needs", {}), ("Body text about 6.1.2.", {})],
                 ["6.1.1", "6.1.2"])
    probs = tr.problems(folder)
    # the title and the body do not teach; both claims are unbacked
    assert any("claims 19384 6.1.1" in p for p in probs) and any("claims 19384 6.1.2" in p for p in probs)


def test_a_heading_or_a_metadata_tag_teaches(tmp_path):
    folder = _nb(tmp_path, [("## 1. Needs (6.1.1)", {}), ("### Foundations", {"sedam": {"teaches": ["6.1.2"]}})],
                 ["6.1.1", "6.1.2"])
    probs = tr.problems(folder)
    assert not any("claims" in p for p in probs)
    taught = {r["clause"]: r["taught"] for r in tr.matrix(folder) if r["doc"] == "19384"}
    assert [s.heading for s in taught["6.1.2"]] == ["Foundations"]


def test_a_tag_naming_no_clause_is_reported(tmp_path):
    folder = _nb(tmp_path, [("## 1. Wrong (6.9)", {}), ("## 2. Also wrong", {"sedam": {"teaches": ["24082 9.1"]}})],
                 ["24082 Kano"])
    probs = tr.problems(folder)
    assert any("tags 19384 6.9" in p for p in probs) and any("tags 24082 9.1" in p for p in probs)
    assert any("claims ? 24082 Kano" in p for p in probs)


@pytest.mark.parametrize("heading,want", [
    ("## 2. The mission statement (8.1.2)", [("19384", "8.1.2")]),
    ("## 6. Risks (6.2 b) 4))", [("19384", "6.2")]),
    ("### Co-creation (24082 5.6; 19384 7.4.2.2)", [("24082", "5.6"), ("19384", "7.4.2.2")]),
    ("## 3. Scores per area", []),
    ("## 1. Kano (24082 Annex B)", [("24082", "Annex B")]),
])
def test_heading_parsing(heading, want):
    assert tr.refs(heading) == want


def test_the_catalogue_says_how_many_kit_links_sit_inside_the_previews():
    """approaches.yaml's header names its kit-own links inside the previewed clauses (elements E1–E7)."""
    from sedamkit.core.datafiles import load_data

    inside = sorted(a["id"] for a in load_data("approaches.yaml")["approaches"] for e in a["elements"]
                    if e["source"] == "kit" and e["element"] not in ("E8", "E9"))
    header = (ROOT / "sedamkit" / "data" / "approaches.yaml").read_text(encoding="utf-8").split("format:")[0]
    words = {3: "three", 6: "six", 9: "nine", 10: "ten", 12: "twelve"}
    assert f"in {words.get(len(inside), len(inside))} places inside the previewed" in header
    assert all(i in header for i in inside)
