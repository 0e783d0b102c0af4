"""The kit's own data texts in the reader's language: one function for editors, reports, figures and notebooks.

The kit's data files are written in English: the catalogue of digital approaches
(``data/approaches.yaml``: approach names and descriptions, family names and descriptions), the maturity
levels (``data/application_maturity.yaml``), the plan checks (``data/plan_checks.yaml``: principle
questions, their answer scale, the preparation steps), the KPI catalogue (``data/kpis.yaml``) and the
elements and principles of :mod:`sedamkit.core.model`. Their other languages live in the text catalogue
(``data/i18n/ui*.yaml``), **one key per text, keyed by the data id** — never beside the English in the
data file, so a client's own catalogue or plan keeps the kit's data format:

===================  ================================================  ===================================
kind                 English text (the data file)                      catalogue key
===================  ================================================  ===================================
``approach``         ``approaches[id].name``                           ``rpt.approach.<id>``
``approach_desc``    ``approaches[id].description``                    ``kit.approach.<id>.description``
``family``           ``families[id].name``                             ``kit.family.<id>.name``
``family_desc``      ``families[id].description``                      ``kit.family.<id>.description``
``maturity``         ``levels[n].name``                                ``fig.maturity.<n>``
``maturity_desc``    ``levels[n].description``                         ``kit.maturity.<n>.description``
``question``         ``principles.questions[id].text``                 ``kit.principle_question.<id>``
``scale``            ``principles.scale[n]``                           ``editors.principle_scale.<n>``
``prep``             ``preparation.items[id].label``                   ``rpt.prep.<id>``
``kpi``              ``kpis[id].name``                                 ``rpt.kpi.<id>``
``kpi_def``          ``kpis[id].definition``                           ``kit.kpi.<id>.definition``
``principle``        ``core.model.PRINCIPLES[id]`` name                ``rpt.principle.<id>``
``element``          ``core.model.ELEMENTS`` name                      ``rpt.element.<id>``
``clause_heading``   ``clauses[clause].heading`` (19384, clause 7)     ``kit.clause_heading.<clause>``
``clause_summary``   ``clauses[clause].summary`` (19384, clause 7)     ``kit.clause_summary.<clause>``
===================  ================================================  ===================================

:func:`kit_text` is the one lookup. **A client's own text always wins**: pass the text the data in hand
carries as ``shown`` (a name from a client's catalogue or plan); when it differs from the kit's English
for that id — the client renamed it, or the id is the client's own — it is returned as written.
Otherwise the kit's text is returned in ``language`` (English when the catalogue has no translation).
``tests/test_kit_data_french.py`` checks that every kit text has its French, and that the English copy
each catalogue entry carries still matches the data file.

Examples
--------
>>> kit_text("family", "platforms", "fr")
'Plateformes et canaux'
>>> kit_text("family", "platforms", "en")
'Platforms and channels'
>>> kit_text("approach", "chatbot", "fr", shown="Our helper bot")   # the client renamed it
'Our helper bot'
>>> kit_text("approach", "own_tool", "fr", shown="Own tool")          # the client's own approach
'Own tool'
>>> kit_text("maturity", 3, "fr")
'Établie'
"""
from __future__ import annotations

import functools
import re

__all__ = ["KINDS", "FRAME_COLUMNS", "kit_text", "kit_english", "kit_key", "localise_frame", "missing_kit_texts"]

#: ``{kind: catalogue key template}`` (see the table above).
KINDS = {
    "approach": "rpt.approach.{id}", "approach_desc": "kit.approach.{id}.description",
    "family": "kit.family.{id}.name", "family_desc": "kit.family.{id}.description",
    "maturity": "fig.maturity.{id}", "maturity_desc": "kit.maturity.{id}.description",
    "question": "kit.principle_question.{id}", "scale": "editors.principle_scale.{id}",
    "prep": "rpt.prep.{id}", "kpi": "rpt.kpi.{id}", "kpi_def": "kit.kpi.{id}.definition",
    "principle": "rpt.principle.{id}",
    "element": "rpt.element.{id}",
    "clause_heading": "kit.clause_heading.{id}", "clause_summary": "kit.clause_summary.{id}",
}


def kit_key(kind: str, ident) -> str:
    """The catalogue key of the kit text ``kind`` / ``ident``.

    >>> kit_key("approach_desc", "chatbot")
    'kit.approach.chatbot.description'
    """
    return KINDS[kind].format(id=ident)


@functools.lru_cache(maxsize=None)
def _english(kind: str) -> dict:
    from .datafiles import load_data

    if kind in ("approach", "approach_desc"):
        field = "name" if kind == "approach" else "description"
        return {a["id"]: a[field] for a in load_data("approaches.yaml")["approaches"]}
    if kind in ("family", "family_desc"):
        field = "name" if kind == "family" else "description"
        return {k: v[field] for k, v in load_data("approaches.yaml")["families"].items()}
    if kind in ("maturity", "maturity_desc"):
        field = "name" if kind == "maturity" else "description"
        return {str(k): v[field] for k, v in load_data("application_maturity.yaml")["levels"].items()}
    chk = load_data("plan_checks.yaml") if kind in ("question", "scale", "prep") else None
    if kind == "question":
        return {q["id"]: q["text"] for q in chk["principles"]["questions"]}
    if kind == "scale":
        return {str(k): v for k, v in chk["principles"]["scale"].items()}
    if kind == "prep":
        return {i["id"]: i["label"] for i in chk["preparation"]["items"]}
    if kind in ("kpi", "kpi_def"):
        field = "name" if kind == "kpi" else "definition"
        return {k["id"]: k[field] for k in load_data("kpis.yaml")["kpis"]}
    if kind in ("clause_heading", "clause_summary"):
        field = "heading" if kind == "clause_heading" else "summary"
        return {str(c["clause"]): c[field] for c in load_data("clauses.yaml")["clauses"]
                if c["doc"] == "19384" and c.get("summary")}
    from .model import ELEMENTS, PRINCIPLES

    if kind == "principle":
        return {k: v[0] for k, v in PRINCIPLES.items()}
    if kind == "element":
        return {e.id: e.name for e in ELEMENTS}
    raise KeyError(f"unknown kind of kit text {kind!r}; use one of {', '.join(KINDS)}")


def kit_english(kind: str) -> dict:
    """``{id: English text}`` of every kit text of ``kind`` (ids as strings), in data-file order.

    >>> kit_english("maturity")["0"]
    'None'
    """
    return dict(_english(kind))


def _same(a, b) -> bool:
    return re.sub(r"\s+", " ", str(a)).strip() == re.sub(r"\s+", " ", str(b)).strip()


def kit_text(kind: str, ident, language: str | None = "en", shown: str | None = None) -> str:
    """The kit's text ``kind`` of ``ident`` in ``language``; ``shown`` (the text the data in hand carries)
    when the client changed it or the id is not the kit's.

    Falls back to English when the catalogue has no ``language`` text, to ``shown`` and then to the id
    when the kit does not know ``ident``.
    """
    from .i18n import normalise_language, translated

    english = _english(kind).get(str(ident))
    if english is None:
        return str(shown) if shown not in (None, "") else str(ident)
    if shown not in (None, "") and not _same(shown, english):
        return str(shown)
    lang = normalise_language(language)
    return translated(kit_key(kind, ident), lang, english) if lang != "en" else english


def missing_kit_texts(language: str = "fr") -> list[str]:
    """Catalogue keys of kit texts that have no ``language`` text (should be empty).

    >>> missing_kit_texts("fr")
    []
    """
    from .i18n import catalogue, normalise_language

    lang = normalise_language(language)
    cat = catalogue()
    return sorted(kit_key(kind, i) for kind in KINDS for i in _english(kind)
                  if not (cat.get(kit_key(kind, i)) or {}).get(lang))


#: ``(id column, text column, kind)``: the kit texts :func:`localise_frame` recognises in a table.
FRAME_COLUMNS = [("kpi", "name", "kpi"), ("kpi", "definition", "kpi_def"), ("approach", "name", "approach"), ("approach", "description", "approach_desc"),
                 ("element", "element_name", "element"), ("principle", "principle_name", "principle"),
                 ("family", "family_name", "family"), ("item", "label", "prep"), ("question", "text", "question")]


def localise_frame(df, language: str | None = "en"):
    """A copy of the table ``df`` whose kit texts are in ``language``: for each pair of
    :data:`FRAME_COLUMNS` the table has (an id column and its text), every text that is still the kit's
    English becomes the kit's text in ``language`` (a client's own text stays). English: ``df`` itself.
    For tables a notebook shows — never for results written to files.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"kpi": ["nps", "custom"], "name": ["Net promoter score (NPS)", "Calls"]})
    >>> localise_frame(df, "fr")["name"].tolist()
    ['Score de recommandation net (NPS)', 'Calls']
    """
    from .i18n import normalise_language

    lang = normalise_language(language)
    if lang == "en" or df is None or not len(df):
        return df
    out = df.copy()
    done = set()
    for id_col, text_col, kind in FRAME_COLUMNS:
        if id_col in out.columns and text_col in out.columns and text_col not in done:
            done.add(text_col)
            out[text_col] = [kit_text(kind, i, lang, shown=v) if isinstance(v, str) else v
                             for i, v in zip(out[id_col], out[text_col])]
    return out
