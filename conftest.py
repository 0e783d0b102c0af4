"""Test-session setup for every test folder (tests/, sedamkit/ doctests, notebooks/ under nbval).

Interactive notebook defaults write answers copies and results under the *scratch* folder; point it
at one temporary folder for the whole session, so tests never write into the workspace. pytest-xdist
workers and the kernels that nbval and papermill start inherit the variables.
"""
import os
import shutil
import tempfile

import pytest

if "SEDAM_TEST_SCRATCH" not in os.environ:  # the controller creates it; xdist workers inherit it
    os.environ["SEDAM_TEST_SCRATCH"] = tempfile.mkdtemp(prefix="sedam-test-")
os.environ["SEDAM_SCRATCH"] = os.environ["SEDAM_TEST_SCRATCH"]


def pytest_sessionfinish(session, exitstatus):
    if not hasattr(session.config, "workerinput"):
        shutil.rmtree(os.environ["SEDAM_TEST_SCRATCH"], ignore_errors=True)


@pytest.fixture(autouse=True)
def _english_feedback_by_default(monkeypatch):
    """Every test (doctests too) starts with English check feedback: ``open_stage(language="fr")`` sets the
    feedback language of the process, as a French notebook does, and tests share worker processes."""
    from sedamkit.core import exercises

    monkeypatch.setattr(exercises, "LANGUAGE", "en")
