"""Clause 7 of ISO/DTS 19384 sub-clause by sub-clause: heading (cited), the kit's own one-line summary, how
much of it the preview gives, and the catalogue approaches whose link cites it (``data/clauses.yaml`` and
``data/approaches.yaml``).

>>> g = clause_guide()
>>> g.iloc[0]["clause"], bool(g["summary"].str.len().gt(0).all())
('7', True)
>>> "online_survey" in g.set_index("clause").at["7.3.2.3", "approaches"]
True
>>> clause_guide(language="fr").set_index("clause").at["7.3.2", "heading"]
'Engagement des employés'
"""
from __future__ import annotations

import pandas as pd

__all__ = ["clause_guide"]

#: How much of a clause the public preview gives: catalogue keys (``data/i18n/ui_clz.yaml``).
_PREVIEW = {"text": "clz.preview.text", "partial": "clz.preview.partial", "heading": "clz.preview.heading"}


def clause_guide(prefix: str = "7", language: str | None = "en") -> pd.DataFrame:
    """One row per 19384 clause under ``prefix``: ``clause``, ``heading``, ``summary`` (the kit's words),
    ``preview``, ``approaches`` (catalogue ids citing the clause, comma-separated), ``kit_links`` (for an
    element's clause, 7.2.1 … 7.5.2: the approaches the kit links to that element on its own judgement).
    Headings, summaries and preview notes are in ``language`` (:func:`sedamkit.core.kittext.kit_text`,
    kinds ``clause_heading`` and ``clause_summary``); clause numbers and approach ids stay as they are."""
    from ...core.datafiles import load_data
    from ...core.i18n import t
    from ...core.kittext import kit_text
    from ...core.model import ELEMENTS

    cited: dict = {}
    kit: dict = {}
    for a in load_data("approaches.yaml")["approaches"]:
        for e in a.get("elements") or []:
            if e.get("source") == "clause" and e.get("clause"):
                cited.setdefault(str(e["clause"]), []).append(a["id"])
            elif e.get("source") == "kit":
                kit.setdefault(e["element"], []).append(a["id"])
    element_of = {el.clause: el.id for el in ELEMENTS}
    rows = []
    for c in load_data("clauses.yaml")["clauses"]:
        n = str(c["clause"])
        if c["doc"] != "19384" or not (n == prefix or n.startswith(prefix + ".")):
            continue
        preview = t(_PREVIEW[c["preview"]], language) if c.get("preview") in _PREVIEW else ""
        summary = kit_text("clause_summary", n, language) if c.get("summary") else ""
        rows.append({"clause": n, "heading": kit_text("clause_heading", n, language, shown=c["heading"]),
                     "summary": summary,
                     "preview": preview + (t("clz.preview.redline", language) if c.get("from") == "redline" else ""),
                     "approaches": ", ".join(dict.fromkeys(cited.get(n, []))),
                     "kit_links": ", ".join(dict.fromkeys(kit.get(element_of.get(n), [])))})
    return pd.DataFrame(rows)
