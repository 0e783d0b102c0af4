"""Relative paths on the command line are taken from the current folder, for every command; the
workspace is SEDAM_HOME or the current folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sedamkit.core.paths import demo_dir
from sedamkit.delivery.cli import _absolute_paths, build_parser

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("argv, attr", [
    (["run", "c", "--out", "r"], ("client", "out")),
    (["validate", "c"], ("path",)),
    (["validate", "c", "d"], ("path",)),
    (["new-client", "X", "--dir", "c"], ("dir",)),
    (["report", "r"], ("run_dir",)),
    (["app", "c"], ("client",)),
    (["class", "k", "--out", "o"], ("folder", "out")),
    (["edition", "student", "--out", "o"], ("out",)),
    (["batch", "c", "--out", "o"], ("out",)),
    (["compare", "a", "b", "--out", "o"], ("run_a", "run_b", "out")),
])
def test_every_command_takes_paths_from_the_current_folder(tmp_path, monkeypatch, argv, attr):
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(argv)
    _absolute_paths(args)
    for name in attr:
        value = getattr(args, name)
        for v in value if isinstance(value, list) else [value]:
            assert Path(v).parent == tmp_path, (name, v)


def _sedam(*argv, cwd, **env):
    return subprocess.run([sys.executable, "-m", "sedamkit.delivery.cli", *argv], capture_output=True, text=True,
                          cwd=cwd, env={**{k: v for k, v in os.environ.items() if k != "SEDAM_HOME"},
                                        "PYTHONPATH": str(ROOT), **env})


def test_validate_and_batch_globs_from_the_current_folder(tmp_path):
    shutil.copytree(demo_dir(), tmp_path / "clients" / "one")
    r = _sedam("validate", "clients/one", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert str(tmp_path / "clients" / "one") in r.stdout


def test_workspace_is_the_current_folder_without_sedam_home(tmp_path):
    r = _sedam("new-client", "Acme", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "clients" / "acme" / "client.yaml").is_file()
    assert not (ROOT / "clients" / "acme").exists()
