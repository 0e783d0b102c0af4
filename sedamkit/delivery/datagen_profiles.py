"""Profiles of the fictional clients that :mod:`sedamkit.delivery.datagen` generates besides the demo.

Each profile says what makes the client unlike the demo: its folder, seed, regions, quarters, which
data sets it has (and which it lacks), its Kano features, its management team and how that team rates
each area of the self-assessment. Everything is invented; no profile describes a real organisation
or person. The demo itself is generated from the constants of :mod:`sedamkit.delivery.datagen`.

* ``hopitaux-estuaire`` — a hospital group answering in French: no journey, no Kano survey, no
  touchpoint ratings, no approach ratings and no improvement scores; five managers with accented names.
* ``brightlane`` — a clothing retailer with four regions (one is its web shop), its own Kano features,
  a custom KPI (online returns) with its column in the operations data, and its self-assessment as a
  Microsoft Forms export (``exports/self-assessment.xlsx``) beside the answer files it stands for.
"""
from __future__ import annotations

__all__ = ["PROFILES"]

#: Kano features of the retailer: id → (description, true shares of A, O, M, I, R, Q).
_RETAIL_FEATURES = {
    "click_and_collect": ("Order online and pick up in a shop within two hours", (0.12, 0.40, 0.34, 0.10, 0.01, 0.03)),
    "virtual_try_on": ("Try clothes on a photo of yourself in the app", (0.38, 0.08, 0.03, 0.36, 0.12, 0.03)),
    "free_returns": ("Return any order free of charge, in a shop or by post", (0.08, 0.22, 0.56, 0.11, 0.01, 0.02)),
    "size_advice": ("Advice on the right size from your past orders", (0.44, 0.26, 0.04, 0.22, 0.02, 0.02)),
    "stock_check": ("See which shop has your size in stock right now", (0.22, 0.41, 0.12, 0.21, 0.01, 0.03)),
    "styling_chat": ("A chat with a stylist while you shop online", (0.26, 0.06, 0.02, 0.50, 0.13, 0.03)),
}

#: Kano answer wordings of the retailer's survey tool (other words than the demo's).
_RETAIL_WORDS = {
    1: (["I would like it", "I like it"], [0.8, 0.2]),
    2: (["It must be that way", "I expect it"], [0.5, 0.5]),
    3: (["I am neutral", "Neutral"], [0.6, 0.4]),
    4: (["I can live with it", "I can tolerate it"], [0.7, 0.3]),
    5: (["I dislike it", "I would dislike it"], [0.6, 0.4]),
}

PROFILES = {
    "hopitaux-estuaire": {
        "seed": 24082,
        "language": "fr",
        "regions": ("Rive-Nord", "Rive-Sud", "Côte-d'Émeraude"),
        "region_weights": (0.45, 0.35, 0.20),
        "quarters": tuple(f"{y}Q{q}" for y, q in ((2024, 3), (2024, 4), (2025, 1), (2025, 2), (2025, 3), (2025, 4))),
        "kano": None,
        "cx": {"per_cell": 90, "channels": ("urgences", "consultation", "hospitalisation"),
               "channel_p": (0.35, 0.40, 0.25), "promoters": (0.28, 0.40), "detractors": (0.30, 0.20),
               "satisfied": (0.66, 0.74), "ces_p": (0.08, 0.10, 0.16, 0.20, 0.22, 0.15, 0.09),
               "offset": {"Rive-Nord": 0.02, "Rive-Sud": 0.0, "Côte-d'Émeraude": -0.05}},
        "ops": {"customers": None,
                "staff": {"Rive-Nord": 1480, "Rive-Sud": 1120, "Côte-d'Émeraude": 540},
                "cost": None, "custom": None,
                "turnover": (0.048, 0.041), "esat": 3.25, "minutes": (262.0, 231.0), "cases_per_staff": 2.4},
        "team": [  # (respondent id, display name, role); ids are what an import of the names would give
            ("helene-le-bihan", "Hélène Le Bihan", "Directrice générale"),
            ("francois-quere", "François Quéré", "Directeur administratif et financier"),
            ("anais-ndiaye", "Anaïs N'Diaye", "Directrice des soins"),
            ("joel-prigent", "Joël Prigent", "Directeur des systèmes d'information"),
            ("maelle-gueguen", "Maëlle Guéguen", "Directrice des ressources humaines"),
        ],
        "self_assessment": {  # area → true mean on 1–5; a few items answered "Je ne sais pas"
            "strategy_impact": 4.3, "experience_impact": 4.5, "trends_and_demand": 3.6, "talent": 2.4,
            "digital_facilities": 2.9, "technical_support": 3.1, "funding": 2.6, "data_collection": 2.7,
            "data_analysis": 2.2, "personalization": 2.0, "smart_interaction": 2.6, "experience_monitoring": 3.0,
            "internal_platforms": 3.2, "digital_openness": 2.5, "security_privacy": 3.9},
        "comments": {
            "talent_specify": "Peu de profils data en interne ; deux postes d'ingénieur biomédical vacants.",
            "funding_budget": "Le budget numérique dépend encore des appels à projets régionaux.",
            "cap_privacy_notice": "Consentement recueilli à l'admission, mais pas pour les enquêtes de suivi.",
        },
        "mission": {"team": ("helene-le-bihan", "anais-ndiaye", "maelle-gueguen"), "mean": 3.4,
                    "comments": {"mission_staff_can_explain": "Les équipes de nuit connaissent mal la mission.",
                                 "mission_used_in_recognition": "Aucun lien avec les entretiens annuels."}},
        "approaches": None,
        "export": None,
        "updated": "2026-03-09T08:30:00+00:00",
    },
    "brightlane": {
        "seed": 4082,
        "language": "en",
        "regions": ("Harbourside", "Uplands", "Riverside", "Web shop"),
        "region_weights": (0.30, 0.20, 0.20, 0.30),
        "quarters": tuple(f"{y}Q{q}" for y, q in ((2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2),
                                                   (2025, 3), (2025, 4))),
        "kano": {"n": 240, "features": _RETAIL_FEATURES, "words": _RETAIL_WORDS, "prefix": "C",
                 "segment": ("membership", ("member", "guest"), (0.55, 0.45))},
        "cx": {"per_cell": 120, "channels": ("shop", "web", "app"), "channel_p": (0.5, 0.3, 0.2),
               "promoters": (0.30, 0.38), "detractors": (0.24, 0.21), "satisfied": (0.74, 0.78),
               "ces_p": (0.03, 0.05, 0.10, 0.17, 0.27, 0.24, 0.14),
               "offset": {"Harbourside": 0.03, "Uplands": -0.02, "Riverside": 0.0, "Web shop": -0.04}},
        "ops": {"customers": {"Harbourside": 18400, "Uplands": 9100, "Riverside": 11800, "Web shop": 26500},
                "staff": {"Harbourside": 96, "Uplands": 51, "Riverside": 64, "Web shop": 38},
                "cost": {"Harbourside": 1_310_000.0, "Uplands": 720_000.0, "Riverside": 905_000.0,
                         "Web shop": 1_020_000.0},
                "custom": {"column": "online_returns_pct", "start": 24.0, "end": 19.5},
                "turnover": (0.071, 0.064), "esat": 3.48, "minutes": None, "cases_per_staff": None},
        "team": [
            ("priya-raman", "Priya Raman", "Chief executive"),
            ("tomasz-wojcik", "Tomasz Wójcik", "Head of e-commerce"),
            ("grace-okafor", "Grace Okafor", "Finance director"),
            ("liam-byrne", "Liam Byrne", "Head of stores"),
            ("sofia-marques", "Sofia Marques", "People director"),
            ("ken-watanabe", "Ken Watanabe", "IT manager"),
        ],
        "self_assessment": {
            "strategy_impact": 3.9, "experience_impact": 4.2, "trends_and_demand": 4.4, "talent": 3.2,
            "digital_facilities": 3.6, "technical_support": 3.4, "funding": 3.7, "data_collection": 3.8,
            "data_analysis": 3.1, "personalization": 2.8, "smart_interaction": 3.3, "experience_monitoring": 2.9,
            "internal_platforms": 2.7, "digital_openness": 3.5, "security_privacy": 3.0},
        "comments": {},
        "mission": None,
        "approaches": {"team": ("priya-raman", "tomasz-wojcik"), "mean": 3.7},
        "export": {"file": "exports/self-assessment.xlsx", "start": "2026-02-16T09:05:00",
                   "domain": "brightlane.example"},
        "updated": "2026-02-16T09:05:00+00:00",
    },
}

