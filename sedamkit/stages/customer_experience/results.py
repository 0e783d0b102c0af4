"""Stage 04's result computed from the client's data files and journey."""
from __future__ import annotations

__all__ = ["compute"]


def compute(client, answers_dir=None, *, results=None, interactive=False, language=None):
    from .api import load_inputs, stage_result

    return stage_result(load_inputs(client))
