"""Customer journeys: stages, touchpoints, data points and co-creation, as data.

A journey is a YAML file (see ``datasets/demo/journey.yaml``)::

    journey:  {id: ..., name: ..., scale: {min: 1, max: 5, neutral: 3, target: 4}}
    stages:       [{id, name}, ...]                                   # in order
    touchpoints:  [{id, name, stage, owner, channel, moment_of_truth, description?}, ...]
    data_points:  [{id, touchpoint, observes, method, personal_data, privacy_measure?}, ...]
    co_creation:  [{touchpoint, customer_centricity, participation, note?}, ...]

``owner`` is who runs the touchpoint: ``brand`` (the organisation), ``partner``
(a supplier or intermediary acting for it), ``customer`` (something the
customer does or owns) or ``social`` (outside anyone's control: reviews,
word of mouth, media). ``channel`` is ``physical`` or ``virtual``. A *moment
of truth* is a touchpoint that decides how the customer judges the whole
service. ``scale`` describes the ratings: ``neutral`` is the point below
which a rating is negative, ``target`` the level a moment of truth should
reach (default: halfway between neutral and max).

Ratings are a separate DataFrame, one row per respondent and touchpoint
(``touchpoint``, ``rating``, optionally ``respondent`` and ``comment``). From
them come the emotion curve (:func:`emotion_curve`, :func:`plot_emotion_curve`),
pain points, moments of truth at risk and the suggested touchpoint moves —
optimize, create, smooth the flow, remove — which follow rules kept in a data
file (``sedamkit/data/journey_rules.yaml``), not in code.

Error codes
-----------
JRN001
    The journey or rules file cannot be read (missing, not valid YAML).
JRN002
    A required field is missing (names the field path, e.g. ``touchpoints[3].owner``).
JRN003
    A field has a value that is not allowed (owner, channel, yes/no field, scale, level).
JRN004
    Two stages, touchpoints or data points share an id.
JRN005
    A reference to an unknown stage or touchpoint.
JRN006
    Ratings name touchpoints the journey does not have (names the rows).
JRN007
    A rules file is not valid (unknown move, operator, scope or field).
DATA001 / DATA002
    A ratings column is missing / a rating is not a number or lies outside the scale.

Examples
--------
>>> j = journey_from_dict({
...     "journey": {"id": "demo", "name": "Demo", "scale": {"min": 1, "max": 5, "neutral": 3}},
...     "stages": [{"id": "book", "name": "Book"}, {"id": "visit", "name": "Visit"}],
...     "touchpoints": [
...         {"id": "web", "name": "Web form", "stage": "book", "owner": "brand", "channel": "virtual",
...          "moment_of_truth": False},
...         {"id": "door", "name": "At the door", "stage": "visit", "owner": "brand",
...          "channel": "physical", "moment_of_truth": True}]})
>>> import pandas as pd
>>> ratings = pd.DataFrame({"touchpoint": ["web", "web", "door", "door"], "rating": [2, 3, 4, 3]})
>>> emotion_curve(j, ratings)[["touchpoint", "n", "mean", "below_neutral"]]
  touchpoint  n  mean  below_neutral
0        web  2   2.5           True
1       door  2   3.5          False
>>> moments_at_risk(j, ratings)[["touchpoint", "mean", "target", "gap"]]
  touchpoint  mean  target  gap
0       door   3.5     4.0 -0.5
"""
from __future__ import annotations

from .journey_curve import (CO_CREATION_ZONES, co_creation, data_points, emotion_curve, moments_at_risk, pain_points,
                            privacy_gaps, stage_summary, unused_data_points)
from .journey_model import CHANNELS, MOVES, OWNERS, Journey, journey_from_dict, load_journey
from .journey_moves import load_rules, suggest_moves
from .journey_plots import plot_co_creation, plot_emotion_curve

__all__ = [
    "Journey", "OWNERS", "CHANNELS", "MOVES", "load_journey", "journey_from_dict", "load_rules",
    "emotion_curve", "stage_summary", "pain_points", "moments_at_risk", "suggest_moves",
    "data_points", "privacy_gaps", "unused_data_points", "co_creation", "plot_emotion_curve", "plot_co_creation",
    "CO_CREATION_ZONES",
]
