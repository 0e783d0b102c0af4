"""How respondents are shown to a client: by pseudonym (the default), by role, or by name.

A client report or figure that shows one person's answers shows a label, never the answers file's id.
The client's ``report: {respondents: pseudonyms | roles | names}`` setting picks the label:

- ``pseudonyms`` (default): "Respondent A", "Respondent B"… in the order of the ids;
- ``roles``: the ``role`` field of the person's answers file ("Finance director"); a person without one
  gets a pseudonym, and two people with the same role are numbered;
- ``names``: the ``name`` field of the answers file, else the id written as words.

The stage 01 heat map figure and the report use this one function, so the figure and the text agree.

>>> labels(["cfo", "ceo"], [], {}, "en")
{'cfo': 'Respondent A', 'ceo': 'Respondent B'}
>>> labels(["a", "b", "c"], [{"respondent": "a", "role": "CFO"}, {"respondent": "b", "role": "CFO"}],
...        {"report": {"respondents": "roles"}}, "fr")
{'a': 'CFO 1', 'b': 'CFO 2', 'c': 'Répondant A'}
>>> labels(["jo-li"], [{"respondent": "jo-li", "name": "Jo Li"}], {"report": {"respondents": "names"}})
{'jo-li': 'Jo Li'}
"""
from __future__ import annotations

import string
from pathlib import Path

__all__ = ["MODES", "mode_of", "labels", "read_answer_docs"]

#: the ways respondents can be shown; the first is the default
MODES = ("pseudonyms", "roles", "names")


def mode_of(client: dict | None) -> str:
    """The client's ``report.respondents`` setting, ``pseudonyms`` when absent."""
    rep = (client or {}).get("report") or {}
    mode = rep.get("respondents") if isinstance(rep, dict) else None
    return mode if mode in MODES else MODES[0]


def _letters(i: int) -> str:
    """A, B, … Z, AA, AB…"""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = string.ascii_uppercase[r] + out
    return out


def labels(ids, docs, client: dict | None = None, language: str | None = "en") -> dict:
    """``{respondent id: label}`` for ``ids`` (in order), from the answers documents ``docs`` (each a
    dict with ``respondent`` and maybe ``name`` / ``role``) and the client's setting."""
    from .i18n import t

    mode = mode_of(client)
    by_id = {str(d.get("respondent")): d for d in docs or [] if isinstance(d, dict)}
    out, n_pseudo = {}, 0
    roles = {}
    for rid in ids:
        doc = by_id.get(str(rid), {})
        if mode == "names":
            out[rid] = str(doc.get("name") or str(rid).replace("_", " ").replace("-", " ").title())
            continue
        if mode == "roles" and doc.get("role"):
            roles.setdefault(str(doc["role"]).strip(), []).append(rid)
            continue
        out[rid] = t("rpt.respondent", language, letter=_letters(n_pseudo))
        n_pseudo += 1
    for role, members in roles.items():
        for k, rid in enumerate(members, 1):
            out[rid] = role if len(members) == 1 else f"{role} {k}"
    return {rid: out[rid] for rid in ids}


def read_answer_docs(client: dict | None, stage_id: str) -> list[dict]:
    """The answers documents of ``stage_id`` in the client's folder (``answers/<stage>/*.json``); [] when
    there are none or the client is unknown. Unreadable files are left out (validation reports them)."""
    import json

    folder = Path((client or {}).get("dir") or ".") / "answers" / stage_id
    if not (client or {}).get("dir") or not folder.is_dir():
        return []
    docs = []
    for f in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(doc, dict):
            doc.setdefault("respondent", f.stem)
            docs.append(doc)
    return docs
