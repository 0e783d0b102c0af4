"""Answers saved for an earlier version of a questionnaire, read under the current one.

When a questionnaire changes its items (an item that asked two things at once is split, an item
moves to another area), its version goes up and a *version map* says how the old ids are read:
``sedamkit/data/questionnaires/versions/<questionnaire id>.yaml``::

    1:                       # answers saved for version 1 ...
      to: 2                  # ... are read as version 2
      items:
        talent_skills: [talent_specify, talent_operate, talent_improve]

Every new item takes the old item's answer (its comment goes to the first new item), and the answers
document records it under
``carried_over`` (``{new item: old item}``), so a form or a report can say which answers were given
to an older wording. A respondent who answers a carried-over item again replaces it (the record of
that item is dropped on save). Old ids that the map does not name are kept as they are; steps are
applied one after another (1 → 2 → 3). An answers file of a version with no map, or newer than the
questionnaire, is left alone and :func:`sedamkit.core.answers.validate_answers` reports ANS004.

>>> from sedamkit.core.spec import load_spec
>>> spec = load_spec("necessity_feasibility")
>>> old = {"questionnaire": spec.id, "version": 1, "respondent": "r1",
...        "answers": {"talent_skills": 4, "funding_budget": 2}, "comments": {"talent_skills": "two people"}}
>>> new = upgrade_answers(old, spec)
>>> new["version"] == spec.version, new["answers"]["talent_operate"], new["answers"]["funding_budget"]
(True, 4, 2)
>>> new["carried_over"]["talent_improve"], new["comments"]["talent_specify"]
('talent_skills', 'two people')
"""
from __future__ import annotations

from .paths import data_dir

__all__ = ["upgrade_answers", "version_map", "carried_over"]


def version_map(questionnaire_id: str) -> dict:
    """The version map of a questionnaire: ``{old version: {"to": version, "items": {old: [new, ...]}}}``
    (empty when the questionnaire never changed its items)."""
    from .datafiles import load_data

    path = data_dir() / "questionnaires" / "versions" / f"{questionnaire_id}.yaml"
    if not path.is_file():
        return {}
    raw = load_data(path) or {}
    return {int(k): v for k, v in raw.items()}


def upgrade_answers(doc, spec):
    """``doc`` read under ``spec``'s current version when a version map leads there; otherwise ``doc``
    unchanged (also when it is not an answers document at all: validation reports that)."""
    if not (isinstance(doc, dict) and doc.get("questionnaire") == spec.id and isinstance(doc.get("version"), int)
            and isinstance(doc.get("answers"), dict)):
        return doc
    steps = version_map(spec.id)
    version, seen = doc["version"], set()
    while version != spec.version and version in steps and version not in seen:
        seen.add(version)
        version = int(steps[version]["to"])
    if version != spec.version:
        return doc
    out = dict(doc, answers=dict(doc["answers"]), comments=dict(doc.get("comments") or {}),
               carried_over=dict(doc.get("carried_over") or {}))
    version = doc["version"]
    while version != spec.version:
        step = steps[version]
        for old, news in (step.get("items") or {}).items():
            origin = out["carried_over"].pop(old, old)
            if old in out["answers"]:
                value = out["answers"].pop(old)
                for new in news:
                    out["answers"].setdefault(new, value)
                    out["carried_over"][new] = origin
            if old in out["comments"] and news:   # one comment, kept once: on the first new item
                out["comments"].setdefault(news[0], out["comments"].pop(old))
        version = int(step["to"])
    out["version"] = spec.version
    if not out["carried_over"]:
        out.pop("carried_over")
    return out


def carried_over(docs) -> dict:
    """``{respondent: {new item: old item}}`` for the answers documents that hold carried-over answers."""
    return {d["respondent"]: dict(d["carried_over"]) for d in docs if d.get("carried_over")}
