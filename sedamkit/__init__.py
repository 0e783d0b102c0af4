"""sedamkit — the helper package of the SEDAM workbook.

SEDAM is the service excellence digital approach model of ISO/DTS 19384; the
kit also carries the design tools of ISO/TS 24082 (Kano, journeys, touchpoints
and data points). Notebooks call this package; all logic lives here.

``import sedamkit as sk`` is cheap: submodules (and with them pandas,
matplotlib and ipywidgets) load on first use, e.g. ``sk.scoring``.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBMODULES = {
    "model", "errors", "fileio", "paths", "spec", "answers", "scoring", "forms", "plots", "results",
    "runner", "cli", "config", "stage", "exercises", "kano", "cx", "journey", "sentiment", "datagen",
    "plan", "catalogue", "application", "evaluation", "improvement", "report", "bench", "editors", "design",
    "app", "editions", "classroom", "i18n",
}

__all__ = sorted(_SUBMODULES) + ["SedamError", "Problem", "open_stage", "__version__"]


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in ("SedamError", "Problem"):
        from . import errors

        return getattr(errors, name)
    if name == "open_stage":
        from .stage import open_stage

        return open_stage
    raise AttributeError(f"module 'sedamkit' has no attribute {name!r}")


def __dir__():
    return __all__
