"""sedamkit — the helper package of the SEDAM workbook.

SEDAM is the service excellence digital approach model of ISO/DTS 19384; the
kit also carries the design tools of ISO/TS 24082 (Kano, journeys, touchpoints
and data points). Notebooks call this package; all logic lives here.

The package is in layers, and imports only point down them::

    core      errors, files, paths, config, questionnaire specs, answers, results, the stage context
    methods   kano, cx, journey, sentiment, scoring (readiness), plots, catalogue — DataFrames in and out
    stages    one definition per SEDAM stage (what it reads, needs, writes and shows) and its logic
    ui        forms, editors, app pages — the only users of ipywidgets
    delivery  runner, report, command line, editions, classroom, benchmarks, demo data generator

``import sedamkit as sk`` is cheap: the public modules below (and with them pandas,
matplotlib and ipywidgets) load on first use, e.g. ``sk.scoring``. ``docs/api.md`` lists
what each offers; everything else is private to its layer.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: The public surface: the short name notebooks and users call, and the module behind it.
PUBLIC_MODULES = {
    "errors": "core.errors", "fileio": "core.fileio", "paths": "core.paths", "config": "core.config",
    "spec": "core.spec", "answers": "core.answers", "results": "core.results", "stage": "ui.context",
    "model": "core.model", "i18n": "core.i18n", "respondents": "core.respondents", "exercises": "stages.exercises",
    "kano": "methods.kano", "cx": "methods.cx", "journey": "methods.journey", "sentiment": "methods.sentiment",
    "scoring": "methods.scoring", "plots": "methods.plots", "catalogue": "methods.catalogue",
    "stages": "stages",
    "plan": "stages.daap.api", "application": "stages.application.api", "design": "stages.customer_experience.api",
    "design_project": "stages.design_project.api",
    "evaluation": "stages.evaluation.api", "improvement": "stages.improvement.api",
    "forms": "ui.forms", "editors": "ui.editors", "app": "ui.app", "app_pages": "ui.app_pages",
    "app_facilitator": "ui.app_facilitator",
    "runner": "delivery.runner", "report": "delivery.report", "cli": "delivery.cli",
    "editions": "delivery.editions", "classroom": "delivery.classroom", "bench": "delivery.bench",
    "datagen": "delivery.datagen", "batch": "delivery.batch",
}

__all__ = sorted(PUBLIC_MODULES) + ["SedamError", "Problem", "open_stage", "__version__"]


def __getattr__(name):
    if name in PUBLIC_MODULES:
        return importlib.import_module(f"{__name__}.{PUBLIC_MODULES[name]}")
    if name in ("SedamError", "Problem"):
        from .core import errors

        return getattr(errors, name)
    if name == "open_stage":
        from .ui.context import open_stage

        return open_stage
    raise AttributeError(f"module 'sedamkit' has no attribute {name!r}")


def __dir__():
    return __all__
