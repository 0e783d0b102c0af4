"""Shared fixtures (the scratch-folder setup for every test lives in the top-level conftest.py)."""
import copy
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def spec_dict():
    """The shipped stage 01 questionnaire as a plain dict (copy it before changing it)."""
    import yaml

    return yaml.safe_load((ROOT / "sedamkit/data/questionnaires/necessity_feasibility.yaml").read_text())


@pytest.fixture
def spec_data(spec_dict):
    return copy.deepcopy(spec_dict)


@pytest.fixture(scope="session")
def spec():
    from sedamkit.core.spec import load_spec

    return load_spec("necessity_feasibility")


@pytest.fixture
def demo_copy(tmp_path):
    """A writable copy of the demo client folder."""
    dest = tmp_path / "demo"
    shutil.copytree(ROOT / "datasets" / "demo", dest)
    return dest
