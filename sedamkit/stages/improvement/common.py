"""Stage 06's constants: the four 8.2 headings, the rules that place candidates under them, the quadrants,
and which stages feed stage 06 (read from the registry of stage definitions)."""
from __future__ import annotations

from .. import get, run_order

__all__ = ["STAGE", "EARLIER_STAGES", "HEADINGS", "HEADINGS_FR", "AREA_HEADINGS", "DIMENSION_HEADINGS",
           "CUSTOMER_KPIS", "QUADRANTS", "QUADRANT_LABELS", "IMPACT_HIGH_ABOVE", "EFFORT_LOW_BELOW", "STAGE_NO",
           "DIGITS"]


STAGE = "06_improvement"
#: The stages whose results feed stage 06, in stage order: its definition's upstream and optional
#: upstream stages (``01_necessity_feasibility`` … ``05_evaluation``).
EARLIER_STAGES = tuple(run_order(get(STAGE).upstream + get(STAGE).optional_upstream))
#: The four headings of clause 8.2: id → (clause, title).
HEADINGS = {
    "optimize_daap": ("8.2.2", "Optimizing the DAAP"),
    "customer_centric": ("8.2.3", "Customer-centric service improvement"),
    "internal_system": ("8.2.4", "Internal service-system improvement"),
    "business_model": ("8.2.5", "Business development strategy and business model"),
}
#: The headings' French titles.
HEADINGS_FR = {
    "optimize_daap": "Optimiser le programme (DAAP)",
    "customer_centric": "Amélioration du service centrée sur le client",
    "internal_system": "Amélioration du système de service interne",
    "business_model": "Stratégie de développement et modèle d'affaires",
}
#: Readiness areas of stage 01 → heading.
AREA_HEADINGS = {
    "strategy_impact": "business_model", "trends_and_demand": "business_model", "funding": "business_model",
    "experience_impact": "customer_centric", "data_collection": "customer_centric",
    "data_analysis": "customer_centric", "personalization": "customer_centric",
    "smart_interaction": "customer_centric", "experience_monitoring": "customer_centric",
    "talent": "internal_system", "digital_facilities": "internal_system", "technical_support": "internal_system",
    "internal_platforms": "internal_system", "digital_openness": "internal_system",
    "security_privacy": "internal_system",
}
#: Dimensions of the SEDAM model → heading (element gaps, custom KPIs).
DIMENSION_HEADINGS = {"D1": "business_model", "D2": "internal_system", "D3": "customer_centric",
                      "D4": "internal_system"}
#: KPIs customers give (an off-track one is a customer-centric candidate).
CUSTOMER_KPIS = ("csat", "nps", "ces", "retention_rate")
#: Quadrants of the impact/effort matrix, in ranking order.
QUADRANTS = ("quick_win", "major_project", "fill_in", "thankless", "not_scored")
QUADRANT_LABELS = {"quick_win": "quick win", "major_project": "major project", "fill_in": "fill-in",
                   "thankless": "thankless task", "not_scored": "not scored"}
#: Impact above this is high; effort below this is low (1–5 scale; 3 itself is neither).
IMPACT_HIGH_ABOVE = 3.0
EFFORT_LOW_BELOW = 3.0
#: Stage id → its number (earlier stages rank first on ties).
STAGE_NO = {s: get(s).number for s in EARLIER_STAGES}
#: Scores are compared after rounding to this many decimals.
DIGITS = 9

