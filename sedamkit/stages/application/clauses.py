"""Clause 7 of ISO/DTS 19384 sub-clause by sub-clause: heading (cited), the kit's own one-line summary, how
much of it the preview gives, and the catalogue approaches whose link cites it (``data/clauses.yaml`` and
``data/approaches.yaml``).

>>> g = clause_guide()
>>> g.iloc[0]["clause"], bool(g["summary"].str.len().gt(0).all())
('7', True)
>>> "online_survey" in g.set_index("clause").at["7.3.2.3", "approaches"]
True
"""
from __future__ import annotations

import pandas as pd

__all__ = ["clause_guide"]

_PREVIEW = {"text": "in the preview", "partial": "preview stops inside; rest is the kit's own",
            "heading": "heading only; the kit's own material"}


def clause_guide(prefix: str = "7") -> pd.DataFrame:
    """One row per 19384 clause under ``prefix``: ``clause``, ``heading``, ``summary`` (the kit's words),
    ``preview``, ``approaches`` (catalogue ids citing the clause, comma-separated), ``kit_links`` (for an
    element's clause, 7.2.1 … 7.5.2: the approaches the kit links to that element on its own judgement)."""
    from ...core.datafiles import load_data
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
        rows.append({"clause": n, "heading": c["heading"], "summary": c.get("summary", ""),
                     "preview": _PREVIEW.get(c.get("preview"), "") + (" (working-draft number)"
                                                                       if c.get("from") == "redline" else ""),
                     "approaches": ", ".join(dict.fromkeys(cited.get(n, []))),
                     "kit_links": ", ".join(dict.fromkeys(kit.get(element_of.get(n), [])))})
    return pd.DataFrame(rows)
