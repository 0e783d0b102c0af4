"""docs/data-formats.md is generated from the schemas and the stage inputs, and documents each input."""
from pathlib import Path

from sedamkit.delivery.formatsdoc import FILES, markdown

ROOT = Path(__file__).resolve().parents[1]


def test_page_is_current():
    assert (ROOT / "docs" / "data-formats.md").read_text(encoding="utf-8") == markdown(), \
        "docs/data-formats.md is stale: python -m sedamkit.delivery.formatsdoc > docs/data-formats.md"


def test_every_schema_and_dataset_is_documented():
    from sedamkit.core.paths import data_dir
    from sedamkit.stages import STAGES

    page = markdown()
    client_schemas = {p.name.split(".")[0] for p in (data_dir() / "schemas").glob("*.schema.json")} \
        - {"catalogue", "nbtext"}                # the kit's own data (catalogue, notebook translations), not a client's
    assert client_schemas <= set(FILES), client_schemas - set(FILES)
    for st in STAGES:
        for inp in st.inputs:
            if inp.kind == "dataset":
                assert f"`{inp.key}`" in page
            if inp.kind == "answers":
                assert f"`{inp.key}/`" in page
    for field in ("overlay_of", "questionnaires", "min_score", "go_min_overall", "importing.md"):
        assert field in page
