"""Stage 05's result computed from the client's files."""
from __future__ import annotations

from pathlib import Path

__all__ = ["compute"]


def compute(client, answers_dir=None, *, results=None, interactive=False, language=None):
    from .api import result_from_files

    adir = Path(answers_dir) if answers_dir is not None else Path(client["dir"]) / "answers"
    return result_from_files(client, adir, results=results, interactive=interactive, language=language)
