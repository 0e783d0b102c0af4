"""Stage results: the JSON file each stage writes and the next stage reads.

A result lives at ``<output_dir>/results/<stage_id>.json`` and looks like::

    {"stage": "01_necessity_feasibility", "format": 1, "client": "demo",
     "sedamkit_version": "0.1.0", "created": "2026-11-22T10:00:00+00:00",
     "data": {...}}

``data`` is the stage's own content (documented in each stage's module).
Writes are atomic; reading a missing result tells the user which stage to run.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from .errors import Problem, SedamError
from .fileio import read_json, write_json

__all__ = ["result_path", "write_result", "read_result", "has_result", "FORMAT"]

FORMAT = 1


def result_path(output_dir, stage_id: str) -> Path:
    return Path(output_dir) / "results" / f"{stage_id}.json"


def write_result(output_dir, stage_id: str, data: dict, client: str | None = None) -> Path:
    """Write a stage's result atomically and return its path."""
    from .. import __version__

    doc = {"stage": stage_id, "format": FORMAT, "client": client, "sedamkit_version": __version__,
           "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "data": data}
    return write_json(result_path(output_dir, stage_id), doc)


def has_result(output_dir, stage_id: str) -> bool:
    return result_path(output_dir, stage_id).is_file()


def read_result(output_dir, stage_id: str) -> dict:
    """Return the ``data`` of a stage's result.

    Raises :class:`~sedamkit.core.errors.SedamError` ``RES001`` when the stage has not been run
    into ``output_dir`` and ``RES002`` when the file is not a stage result.
    """
    path = result_path(output_dir, stage_id)
    if not path.is_file():
        raise SedamError(Problem("RES001", str(path), stage_id, f"no result of stage {stage_id} yet",
                                 f"run notebook {stage_id}.ipynb (or 'sedam run') with the same output folder first"))
    doc = read_json(path, code="RES002", allow_nan=True)  # results may hold NaN for "no value"
    if not isinstance(doc, dict) or doc.get("stage") != stage_id or "data" not in doc:
        raise SedamError(Problem("RES002", str(path), "stage", "this file is not a result of " + stage_id,
                                 "re-run the stage to write it again"))
    if doc.get("format") != FORMAT:
        raise SedamError(Problem("RES003", str(path), "format",
                                 f"result format {doc.get('format')} is not the supported format {FORMAT}",
                                 "re-run the stage with this version of sedamkit"))
    return doc["data"]
