"""Service innovation management (19384 7.4.3, element E7) worked on a client's stage-04 data: a first idea
pipeline, each idea with the evidence behind it, so a team starts its innovation process from what customers
said rather than from a blank page.

Sources, in this order:

- **delighters** — Kano attractive features (largest Better first); one that no touchpoint delivers yet is a
  *new* offer, one delivered by a touchpoint rated below neutral is to be made reliable first, one delivered
  well is to be made more visible;
- **new touchpoints** — the journey's ``create`` moves (a stage with no touchpoint customers enjoy);
- **rethink** — features most customers are indifferent to although a touchpoint delivers them: effort that
  could go to the ideas above.

>>> from sedamkit.stages.customer_experience.api import DEMO_CLIENT, load_inputs
>>> p = idea_pipeline(load_inputs(DEMO_CLIENT))
>>> list(p.columns)
['idea', 'source', 'evidence', 'next_step']
>>> p.source.iloc[0]
'delighter'
"""
from __future__ import annotations

import pandas as pd

__all__ = ["idea_pipeline"]


def idea_pipeline(inputs, language: str = "en") -> pd.DataFrame:
    """Ideas for the innovation pipeline from the client's data: ``idea``, ``source`` (delighter, new
    touchpoint, rethink: the kind, always these English words), ``evidence`` (the numbers behind it),
    ``next_step``; ideas, evidence and next steps are in ``language`` (``en`` or ``fr``). Without a Kano
    survey there are no delighter or rethink ideas, without a rated journey no new touchpoints (the table
    may be empty)."""
    from ...core.prose import Prose
    from ...methods.journey import emotion_curve, suggest_moves
    from .analysis import kano_categories
    from .inputs import feature_label

    tx = Prose(language)
    cols = ["idea", "source", "evidence", "next_step"]
    kano, rated = inputs.categories is not None, inputs.journey is not None and inputs.ratings is not None
    s = kano_categories(inputs) if kano else pd.DataFrame(columns=["feature", "category", "better", "worse"])
    rows = []
    means = (emotion_curve(inputs.journey, inputs.ratings).set_index("touchpoint")["mean"] if rated
             else pd.Series(dtype=float))
    neutral = inputs.journey.scale["neutral"] if inputs.journey is not None else float("nan")
    for _, f in s[s["category"] == "A"].sort_values("better", ascending=False, kind="stable").iterrows():
        tps = inputs.links.get(str(f.feature)) or []
        rated = [float(means[t]) for t in tps if t in means.index and pd.notna(means[t])]
        name = feature_label(f.feature)
        if not tps:
            idea, step = tx.tr("frx.idea.offer", name=name), tx.tr("frx.idea.offer_step")
        elif rated and min(rated) < neutral:
            idea, step = tx.tr("frx.idea.reliable", name=name, rating=tx.n(min(rated), 2)), tx.tr("frx.idea.reliable_step")
        else:
            idea, step = tx.tr("frx.idea.visible", name=name), tx.tr("frx.idea.visible_step")
        rows.append({"idea": idea, "source": "delighter", "evidence": tx.tr("frx.idea.attractive", better=tx.n(f.better, 2)),
                     "next_step": step})
    moves = suggest_moves(inputs.journey, inputs.ratings, language=tx.language) if rated else pd.DataFrame(columns=["move"])
    for _, m in moves[moves["move"] == "create"].iterrows():
        rows.append({"idea": tx.tr("frx.idea.new_touchpoint", stage=m["name"]), "source": "new touchpoint",
                     "evidence": str(m["reason"]), "next_step": tx.tr("frx.idea.new_touchpoint_step")})
    for _, f in s[s["category"] == "I"].sort_values("better", kind="stable").iterrows():
        if inputs.links.get(str(f.feature)):
            rows.append({"idea": tx.tr("frx.idea.rethink", name=feature_label(f.feature)), "source": "rethink",
                         "evidence": tx.tr("frx.idea.indifferent", better=tx.n(f.better, 2), worse=tx.n(f.worse, 2)),
                         "next_step": tx.tr("frx.idea.rethink_step")})
    return pd.DataFrame(rows, columns=cols)
