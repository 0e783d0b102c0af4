"""Stage 01's result computed from a client's answers (for a later stage opened before 01 ran)."""
from __future__ import annotations

from pathlib import Path

__all__ = ["compute"]


def compute(client, answers_dir=None, *, results=None, interactive=False, language=None):
    """The readiness result from the answers files, or None when there are none."""
    from ...core.answers import load_all, responses_frame
    from ...core.spec import client_spec
    from ...methods.scoring import readiness

    adir = Path(answers_dir) if answers_dir is not None else Path(client["dir"]) / "answers"
    spec = client_spec(client, "necessity_feasibility", language="en")
    docs = load_all(adir, spec, "01_necessity_feasibility")
    return readiness(responses_frame(docs, spec), spec).to_result() if docs else None
