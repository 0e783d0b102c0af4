"""The SEDAM model as data: pyramid levels, dimensions, elements, capabilities,
principles. (The stages are :mod:`sedamkit.stages`.)

Clause numbers are those of ISO/DTS 19384 unless marked "24082". All wording
is the kit's own summary, not text from the standards.

>>> len(ELEMENTS), len(DIMENSIONS), len(CAPABILITIES), len(PRINCIPLES)
(9, 4, 8, 6)
>>> element("E5").dimension
'D3'
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Dimension", "Element", "DIMENSIONS", "ELEMENTS", "CAPABILITIES",
           "PRINCIPLES", "PRINCIPLE_CLAUSES", "PYRAMID", "MODEL_STEPS", "element", "elements_frame"]


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    clause: str


@dataclass(frozen=True)
class Element:
    id: str
    dimension: str
    name: str
    clause: str


DIMENSIONS = (
    Dimension("D1", "Leadership and strategy", "7.2"),
    Dimension("D2", "Culture and employee engagement", "7.3"),
    Dimension("D3", "Creating outstanding customer experiences", "7.4"),
    Dimension("D4", "Operational service excellence", "7.5"),
)

ELEMENTS = (
    Element("E1", "D1", "Vision, mission and strategy", "7.2.1"),
    Element("E2", "D1", "Leadership and management", "7.2.2"),
    Element("E3", "D2", "Service excellence culture", "7.3.1"),
    Element("E4", "D2", "Employee engagement", "7.3.2"),
    Element("E5", "D3", "Understanding customer needs, expectations and desires", "7.4.1"),
    Element("E6", "D3", "Designing and renewing outstanding customer experiences", "7.4.2"),
    Element("E7", "D3", "Service innovation management", "7.4.3"),
    Element("E8", "D4", "Efficient processes and structures around the customer experience", "7.5.1"),
    Element("E9", "D4", "Monitoring service excellence activities and results", "7.5.2"),
)

#: The eight digital capabilities of clause 6.1.2 b), as short ids and our own names.
CAPABILITIES = {
    "data_collection": "Collect and join up customer data from every channel",
    "data_analysis": "Analyse customer data for today's and tomorrow's needs",
    "personalization": "Create personalized service solutions",
    "smart_interaction": "Interact intelligently and respond in time",
    "experience_monitoring": "Monitor the customer experience intelligently",
    "internal_platforms": "Run internal platforms intelligently",
    "digital_openness": "Be digitally open to partners and ecosystems",
    "security_privacy": "Keep data secure and protect privacy",
}

#: The six principles for digital approaches (clause 4), our own names and one-line summaries. The clause asks
#: for each of them and ranks none above another. Where the kit is stricter on security (stage 01 blocks on data
#: security and privacy below 60 instead of 45), that is the kit's own rule, not the clause's.
PRINCIPLES = {
    "best_fit": ("Best fit", "The approach suits this organization's size, strategy and customers."),
    "security": ("Security and reliability", "Services stay secure and dependable, with particular attention to data "
                 "security."),
    "inclusivity": ("Inclusivity", "Nobody is shut out; vulnerable people and minors are protected."),
    "ethics": ("Ethical compliance", "No customer or employee is treated unfairly by the system."),
    "environment": ("Environmental sustainability", "Digital approaches cut the service's footprint (fewer needless "
                    "trips and steps, leaner processes), and the tools themselves are built and run green."),
    "uniformity": ("Uniformity and sharing", "Common terms and codes; systems work across platforms."),
}

#: The clause of 19384 clause 4 each principle comes from.
PRINCIPLE_CLAUSES = {"best_fit": "4.1", "security": "4.2", "inclusivity": "4.3", "ethics": "4.4",
                     "environment": "4.5", "uniformity": "4.6"}

#: The pyramid of service excellence (ISO 23592), bottom to top.
PYRAMID = (
    ("Core service proposition", "The basic promise is kept, every time.", "satisfaction"),
    ("Feedback and complaint management", "Problems are heard, fixed and learned from.", "satisfaction"),
    ("Individual excellent service", "The service is shaped around the person.", "delight"),
    ("Surprisingly excellent service", "The customer gets more than they imagined.", "delight"),
)

#: The five steps of the model of clause 5, in the kit's words: (step, name, clause, the kit's stages for it).
#: Customer-experience design (7.4) is part of step 3, application; the kit gives it a notebook of its own
#: (stage 04), which is why the kit has six stage notebooks for five steps.
MODEL_STEPS = (
    (1, "Assess necessity and feasibility", "6.1", ("01_necessity_feasibility",)),
    (2, "Devise the DAAP and prepare for it", "6.2", ("02_daap",)),
    (3, "Apply digital approaches in the four dimensions and nine elements", "7",
     ("03_application", "04_customer_experience")),
    (4, "Evaluate: suitable, beneficial, adequately used?", "8.1", ("05_evaluation",)),
    (5, "Improve where needed", "8.2", ("06_improvement",)),
)


def element(element_id: str) -> Element:
    for e in ELEMENTS:
        if e.id == element_id:
            return e
    raise KeyError(f"unknown element {element_id!r}; known: {', '.join(e.id for e in ELEMENTS)}")


def elements_frame(language=None):
    """The nine elements as a DataFrame.

    Columns: ``element`` (E1…E9), ``element_name``, ``clause``, ``dimension`` (D1…D4),
    ``dimension_name``.

    Kit texts (names of KPIs, approaches, elements, principles) are in ``language`` when given
    (:func:`sedamkit.core.kittext.localise_frame`); none: as stored.
    """
    import pandas as pd

    dims = {d.id: d.name for d in DIMENSIONS}
    from .kittext import localise_frame

    return localise_frame(pd.DataFrame([
        {"element": e.id, "element_name": e.name, "clause": e.clause,
         "dimension": e.dimension, "dimension_name": dims[e.dimension]} for e in ELEMENTS]), language)
