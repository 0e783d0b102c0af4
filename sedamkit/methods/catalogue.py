"""The catalogue of digital approaches and the KPI catalogue (clause 7, clause 7.3.2.4).

ISO/DTS 19384 points to an Annex B (a classification of digital approaches) and an Annex C
(approaches against the nine elements) that are not in the sources. The kit ships its own
catalogue in ``sedamkit/data/approaches.yaml``: each approach has a stable snake_case ``id``, a
``name``, a ``family`` (the kit's own classification), a ``description`` in the kit's words and the
``elements`` it serves. Each element link says where it comes from: ``source: clause`` with the
clause whose practice names this kind of approach (7.2.1.1 … 7.4.3.2), or ``source: kit`` where
the link is the kit's own judgement (above all for E8 and E9: clause 7.5 is not in the sources).

The KPI catalogue (``sedamkit/data/kpis.yaml``) holds the indicators clause 7.3.2.4 lists, each
with ``id``, ``name``, ``unit``, ``direction`` (``higher`` or ``lower`` is better), a
``definition``, the ``elements`` it informs and ``compute`` (``dataset``, ``columns``, ``method``)
so stage 05 can compute it.

The catalogue's structure is the JSON Schema ``sedamkit/data/schemas/catalogue.schema.json``;
:func:`validate_catalogue` adds the checks a schema cannot make (duplicate ids, unknown families).

Error codes
-----------
======  ===============================================================
CAT000  the catalogue file cannot be read (missing or not valid YAML)
CAT001  the file is not a mapping, or ``approaches`` / ``families`` / ``kpis`` is missing or of the wrong type
CAT002  a required field is missing or empty
CAT003  duplicate id
CAT004  unknown element (not E1–E9)
CAT005  unknown family
CAT006  bad element source: ``source`` not ``clause`` / ``kit``, or a clause missing or not in clause 7
CAT007  id is not snake_case
CAT008  invalid value (KPI direction, ``compute`` not a mapping with ``dataset`` and ``columns``)
CAT009  unknown search filter value (family or element)
======  ===============================================================

Examples
--------
>>> cat = load_catalogue()
>>> len(cat["approaches"]) >= 40
True
>>> search("kano")[["approach", "family"]].to_dict("records")
[{'approach': 'kano_analysis', 'family': 'analytics_ai'}]
>>> sorted(load_kpis())[:3]
['ces', 'cost_reduction_rate', 'csat']
"""
from __future__ import annotations

import copy
import re
from importlib import resources
from pathlib import Path

from ..core.errors import Problems, SedamError  # noqa: F401  (SedamError: named in doctests)
from ..core.datafiles import load_data
from ..core.schema import check, document_order

__all__ = ["load_catalogue", "validate_catalogue", "as_catalogue", "approaches", "approach", "families",
           "approach_names", "approach_ids", "get_approach", "approach_label", "localised", "families_frame",
           "approaches_frame", "approach_elements", "search", "element_counts", "load_kpis",
           "validate_kpis", "kpis_frame", "DEFAULT_CATALOGUE", "DEFAULT_KPIS"]

_DATA = resources.files("sedamkit") / "data"
#: Path of the catalogue shipped with the kit.
DEFAULT_CATALOGUE = Path(str(_DATA / "approaches.yaml"))
#: Path of the KPI catalogue shipped with the kit.
DEFAULT_KPIS = Path(str(_DATA / "kpis.yaml"))

_ELEMENT_IDS = tuple(f"E{i}" for i in range(1, 10))
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


# --------------------------------------------------------------------------- approaches
def validate_catalogue(data, file=None) -> dict:
    """Check a catalogue mapping; return it (a deep copy) or raise one :class:`SedamError`.

    Parameters
    ----------
    data : dict
        ``{"families": {id: {"name", "description"}}, "approaches": [ {...}, ... ]}``.
    file : str, optional
        Shown in the problems.

    Returns
    -------
    dict
        The same content; every element link carries ``source`` and ``clause`` (``None`` for
        ``source: kit``).

    Examples
    --------
    >>> bad = {"families": {"x": {"name": "X"}}, "approaches": [
    ...     {"id": "a", "name": "A", "family": "y", "description": "d",
    ...      "elements": [{"element": "E10", "source": "kit"}]}]}
    >>> try:
    ...     validate_catalogue(bad, "cat.yaml")
    ... except SedamError as e:
    ...     print(e.codes)
    ['CAT005', 'CAT004']
    """
    probs = Problems(file)
    data = _normalise_links(copy.deepcopy(data))
    check(data, "catalogue", probs, code="CAT001", ids=False)
    if isinstance(data, dict):
        _check_references(data, probs)
    probs.items = document_order(probs.items, data)
    probs.raise_if_any("the catalogue of digital approaches is not valid")
    for a in data["approaches"]:
        for link in a["elements"]:
            if link["source"] == "kit":
                link.setdefault("clause", None)
    return data


def _normalise_links(data):
    """The spellings the catalogue accepts on purpose: an element link given as a plain string
    (``- E5``) is ``{element: E5, source: kit}``; a link with a clause and no source is a clause link."""
    apps = data.get("approaches") if isinstance(data, dict) else None
    for a in apps if isinstance(apps, list) else []:
        els = a.get("elements") if isinstance(a, dict) else None
        for j, link in enumerate(els if isinstance(els, list) else []):
            if isinstance(link, str):
                els[j] = {"element": link, "source": "kit"}
            elif isinstance(link, dict) and "source" not in link and link.get("clause"):
                link["source"] = "clause"
    return data


def _check_references(data, probs):
    """What the schema cannot check: duplicate approach ids, families that exist, an element
    listed twice for one approach (CAT003, CAT005)."""
    fams = data.get("families") if isinstance(data.get("families"), dict) else {}
    apps = data.get("approaches") if isinstance(data.get("approaches"), list) else []
    seen: dict[str, int] = {}
    for i, a in enumerate(apps):
        if not isinstance(a, dict):
            continue
        where, aid, fam = f"approaches[{i}]", a.get("id"), a.get("family")
        if isinstance(aid, str) and aid:
            if aid in seen:
                probs.add("CAT003", f"{where}.id", f"duplicate id {aid!r} (first at approaches[{seen[aid]}])",
                          "give every approach its own id")
            else:
                seen[aid] = i
        if isinstance(fam, str) and fam and fams and fam not in fams:
            probs.add("CAT005", f"{where}.family", f"unknown family {fam!r}", "use one of: " + ", ".join(fams))
        els = a.get("elements") if isinstance(a.get("elements"), list) else []
        seen_el = set()
        for j, link in enumerate(els):
            el = link.get("element") if isinstance(link, dict) else None
            if el in _ELEMENT_IDS and el in seen_el:
                probs.add("CAT003", f"{where}.elements[{j}].element", f"element {el} listed twice",
                          "list each element once")
            seen_el.add(el)


def load_catalogue(path=None) -> dict:
    """Load and validate a catalogue (the kit's own when ``path`` is None).

    Returns a fresh copy each call, so callers may change it freely.

    >>> cat = load_catalogue()
    >>> sorted(cat)[:2]
    ['approaches', 'families']
    """
    return load_data(Path(path or DEFAULT_CATALOGUE), code="CAT000", check=validate_catalogue)


def _cat(catalogue):
    """The catalogue for ``catalogue`` (None: the kit's; a path: that file; a dict: itself), as a copy."""
    if catalogue is None or isinstance(catalogue, (str, Path)):
        return load_catalogue(catalogue)
    return copy.deepcopy(catalogue)


def as_catalogue(catalogue=None) -> dict:
    """The whole catalogue as a dict copy: the kit's (``None``), a file's (a path) or a copy of a
    catalogue dict already loaded.

    >>> sorted(as_catalogue())[:2]
    ['approaches', 'families']
    """
    return _cat(catalogue)


def approaches(catalogue=None) -> list[dict]:
    """Every approach entry (copies), in catalogue order.

    >>> [a["id"] for a in approaches()][:2]
    ['online_survey', 'realtime_feedback']
    """
    return _cat(catalogue)["approaches"]


def approach(approach_id: str, catalogue=None) -> dict:
    """One approach entry (a copy); an unknown id raises ``KeyError``.

    >>> approach("crm_system")["family"]
    'data_collection'
    """
    for a in _cat(catalogue)["approaches"]:
        if a["id"] == approach_id:
            return a
    raise KeyError(f"unknown approach {approach_id!r}; see sedamkit.methods.catalogue.approach_ids()")


def families(catalogue=None) -> dict:
    """The families, ``{family_id: {"name", "description"}}`` (a copy), in catalogue order.

    >>> list(families())[:2]
    ['data_collection', 'analytics_ai']
    """
    return _cat(catalogue)["families"]


def approach_names(catalogue=None) -> dict:
    """``{approach_id: name}`` for every approach, in catalogue order.

    >>> approach_names()["crm_system"]
    'Customer relationship management (CRM) system'
    """
    return {a["id"]: a["name"] for a in _cat(catalogue)["approaches"]}


def approach_ids(catalogue=None) -> list[str]:
    """Ids of all approaches, in catalogue order.

    >>> "crm_system" in approach_ids()
    True
    """
    return [a["id"] for a in _cat(catalogue)["approaches"]]


def get_approach(approach_id: str, catalogue=None) -> dict:
    """One approach entry (a copy); an unknown id raises ``KeyError`` (same as :func:`approach`).

    >>> get_approach("crm_system")["family"]
    'data_collection'
    """
    return approach(approach_id, catalogue)


def approach_label(approach_id: str, language: str | None = "en", default: str | None = None) -> str:
    """An approach's name in ``language`` (:func:`sedamkit.core.kittext.kit_text`): the kit's name in
    ``language`` for a shipped approach (``rpt.approach.<id>``), unless ``default`` — the name the data in
    hand carries — differs from the kit's (the client renamed it); ``default`` for an approach a client
    added, else the id.

    >>> approach_label("crm_system", "en")
    'Customer relationship management (CRM) system'
    >>> approach_label("not_shipped", "fr", "Our own tool")
    'Our own tool'
    >>> approach_label("chatbot", "fr"), approach_label("chatbot", "fr", "Bot Bob")
    ('Agent conversationnel et assistant virtuel', 'Bot Bob')
    """
    from ..core.kittext import kit_text

    return kit_text("approach", approach_id, language, shown=default)


def localised(catalogue=None, language=None) -> dict:
    """A copy of the catalogue whose approach and family names and descriptions are in ``language``:
    the kit's texts translated (:func:`sedamkit.core.kittext.kit_text`), a client's own or renamed text
    kept as written. English (or ``None``): the catalogue unchanged.

    >>> localised(language="fr")["families"]["platforms"]["name"]
    'Plateformes et canaux'
    >>> localised(language="fr")["approaches"][0]["description"][:26]
    'Questionnaires en ligne ou'
    """
    return _localised(_cat(catalogue), language)


def _localised(cat: dict, language) -> dict:
    from ..core.i18n import normalise_language
    from ..core.kittext import kit_text

    if normalise_language(language) == "en":
        return cat
    for fid, f in cat["families"].items():
        f["name"] = kit_text("family", fid, language, shown=f.get("name"))
        f["description"] = kit_text("family_desc", fid, language, shown=f.get("description"))
    for a in cat["approaches"]:
        a["name"] = kit_text("approach", a["id"], language, shown=a.get("name"))
        a["description"] = kit_text("approach_desc", a["id"], language, shown=a.get("description"))
    return cat


def families_frame(catalogue=None, language=None):
    """The families as a DataFrame.

    Columns: ``family`` (id), ``family_name``, ``description``, ``n_approaches``. Names and descriptions
    are in ``language`` (the kit's texts, :func:`sedamkit.core.kittext.kit_text`; a client's own wording
    is kept as written).

    >>> families_frame()["family"].tolist()[:2]
    ['data_collection', 'analytics_ai']
    >>> families_frame(language="fr")["family_name"].iloc[0]
    'Collecte de données et retours'
    """
    import pandas as pd

    cat = _localised(_cat(catalogue), language)
    counts: dict[str, int] = {}
    for a in cat["approaches"]:
        counts[a["family"]] = counts.get(a["family"], 0) + 1
    return pd.DataFrame([{"family": fid, "family_name": f.get("name", fid),
                          "description": f.get("description", ""), "n_approaches": counts.get(fid, 0)}
                         for fid, f in cat["families"].items()],
                        columns=["family", "family_name", "description", "n_approaches"])


def approaches_frame(catalogue=None, language=None):
    """One row per approach.

    Columns: ``approach`` (id), ``name``, ``family``, ``family_name``, ``description``,
    ``elements`` (comma-separated element ids, e.g. ``"E4,E5,E9"``), ``n_elements``,
    ``clauses`` (comma-separated clauses cited, empty when all links are the kit's own),
    ``kit_only`` (True when no link cites a clause). Names and descriptions are in ``language``
    (see :func:`localised`).

    >>> df = approaches_frame()
    >>> df.loc[df.approach == "online_survey", "elements"].item()
    'E4,E5,E9'
    """
    import pandas as pd

    cat = _localised(_cat(catalogue), language)
    rows = []
    for a in cat["approaches"]:
        els = [link["element"] for link in a["elements"]]
        clauses = [link["clause"] for link in a["elements"] if link.get("clause")]
        rows.append({"approach": a["id"], "name": a["name"], "family": a["family"],
                     "family_name": cat["families"].get(a["family"], {}).get("name", a["family"]),
                     "description": a["description"], "elements": ",".join(els), "n_elements": len(els),
                     "clauses": ",".join(dict.fromkeys(clauses)), "kit_only": not clauses})
    return pd.DataFrame(rows, columns=["approach", "name", "family", "family_name", "description", "elements",
                                       "n_elements", "clauses", "kit_only"])


def approach_elements(catalogue=None):
    """The approach × element links, one row each (tidy).

    Columns: ``approach``, ``name``, ``family``, ``element`` (E1…E9), ``source`` (``clause`` or
    ``kit``), ``clause`` (missing for ``kit``).

    >>> df = approach_elements()
    >>> df[df.approach == "crm_system"][["element", "source"]].values.tolist()
    [['E5', 'clause'], ['E8', 'kit']]
    >>> df[df.approach == "crm_system"]["clause"].fillna("-").tolist()
    ['7.4.1.2', '-']
    """
    import pandas as pd

    rows = [{"approach": a["id"], "name": a["name"], "family": a["family"], "element": link["element"],
             "source": link["source"], "clause": link.get("clause")}
            for a in _cat(catalogue)["approaches"] for link in a["elements"]]
    return pd.DataFrame(rows, columns=["approach", "name", "family", "element", "source", "clause"])


def element_counts(catalogue=None):
    """How many approaches serve each element, split by link source.

    Columns: ``element`` (all nine, in order), ``n_approaches``, ``n_clause``, ``n_kit``.

    >>> element_counts()["element"].tolist() == [f"E{i}" for i in range(1, 10)]
    True
    """
    import pandas as pd

    links = approach_elements(catalogue)
    rows = []
    for el in _ELEMENT_IDS:
        sub = links[links.element == el]
        rows.append({"element": el, "n_approaches": len(sub), "n_clause": int((sub.source == "clause").sum()),
                     "n_kit": int((sub.source == "kit").sum())})
    return pd.DataFrame(rows, columns=["element", "n_approaches", "n_clause", "n_kit"])


def search(text: str | None = None, family=None, element=None, source: str | None = None, catalogue=None,
           language=None):
    """Filter the catalogue by free text, family, element and link source.

    Parameters
    ----------
    text : str, optional
        Case-insensitive; every word must appear in the id, name, description or family name.
    family : str or list of str, optional
        Family id(s).
    element : str or list of str, optional
        Element id(s); an approach matches when it serves any of them.
    source : {"clause", "kit"}, optional
        With ``element``: only links of that source; alone: approaches with at least one such link.
    catalogue : dict or path, optional
        Defaults to the kit's catalogue.
    language : str, optional
        Names and descriptions in this language (see :func:`localised`); ``text`` matches them too.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`approaches_frame`, plus (when ``element`` is given) ``element_clauses``:
        the clauses (or ``kit``) behind the links to the filtered elements. Sorted by family order, then
        catalogue order. Unknown family or element ids raise ``CAT009``.

    Examples
    --------
    >>> search(element="E7", family="platforms")["approach"].tolist()
    ['excellence_database', 'idea_management_platform']
    >>> search("survey", element="E4")[["approach", "element_clauses"]].values.tolist()
    [['online_survey', 'E4: 7.3.2.3'], ['employee_survey', 'E4: 7.3.2.5']]
    """
    cat = _localised(_cat(catalogue), language)
    df = approaches_frame(cat)
    fams = [family] if isinstance(family, str) else list(family or [])
    els = [element] if isinstance(element, str) else list(element or [])
    probs = Problems()
    for f in fams:
        if f not in cat["families"]:
            probs.add("CAT009", "family", f"unknown family {f!r}", "use one of: " + ", ".join(cat["families"]))
    for e in els:
        if e not in _ELEMENT_IDS:
            probs.add("CAT009", "element", f"unknown element {e!r}", "use one of E1 … E9")
    if source not in (None, "clause", "kit"):
        probs.add("CAT009", "source", f"unknown source {source!r}", "use 'clause' or 'kit'")
    probs.raise_if_any("cannot search the catalogue")
    keep = []
    clauses = []
    for a in cat["approaches"]:
        links = [lk for lk in a["elements"] if (not els or lk["element"] in els)
                 and (source is None or lk["source"] == source)]
        ok = bool(links) if (els or source) else True
        if fams and a["family"] not in fams:
            ok = False
        if ok and text:
            hay = " ".join([a["id"], a["name"], a["description"],
                            cat["families"].get(a["family"], {}).get("name", "")]).lower()
            ok = all(w in hay for w in str(text).lower().split())
        keep.append(ok)
        clauses.append("; ".join(f"{lk['element']}: {lk.get('clause') or 'kit'}" for lk in links))
    df = df.assign(element_clauses=clauses)[keep]
    if not els:
        df = df.drop(columns="element_clauses")
    order = {f: i for i, f in enumerate(cat["families"])}
    df = df.assign(_f=df["family"].map(order)).sort_values("_f", kind="stable").drop(columns="_f")
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------- KPIs
def validate_kpis(data, file=None) -> dict:
    """Check a KPI catalogue mapping; return ``{kpi_id: entry}`` or raise one :class:`SedamError`.

    >>> try:
    ...     validate_kpis({"kpis": [{"id": "x", "name": "X", "unit": "%", "direction": "up",
    ...                              "definition": "d", "elements": ["E5"]}]}, "k.yaml")
    ... except SedamError as e:
    ...     print(e.problems[0])
    [CAT008] k.yaml: kpis[0].direction: direction 'up' is not 'higher' or 'lower'. Fix: write 'direction: higher' or 'direction: lower'
    """
    probs = Problems(file)
    items = data.get("kpis") if isinstance(data, dict) else None
    if not isinstance(items, list):
        probs.add("CAT001", "kpis", "'kpis' is missing or not a list", "add a 'kpis:' list")
        probs.raise_if_any("the KPI catalogue is not valid")
    out: dict[str, dict] = {}
    for i, k in enumerate(items):
        where = f"kpis[{i}]"
        if not isinstance(k, dict):
            probs.add("CAT001", where, "entry is not a mapping", "write the entry as 'id: …, name: …'")
            continue
        for field in ("id", "name", "unit", "direction", "definition"):
            if not isinstance(k.get(field), str) or not k.get(field).strip():
                probs.add("CAT002", f"{where}.{field}", f"'{field}' is missing or empty", f"add '{field}: <text>'")
        kid = k.get("id")
        if isinstance(kid, str) and kid:
            if not _SNAKE.match(kid):
                probs.add("CAT007", f"{where}.id", f"id {kid!r} is not snake_case", "use lower-case letters, digits and _")
            if kid in out:
                probs.add("CAT003", f"{where}.id", f"duplicate KPI id {kid!r}", "give every KPI its own id")
        if isinstance(k.get("direction"), str) and k["direction"] not in ("higher", "lower"):
            probs.add("CAT008", f"{where}.direction", f"direction {k['direction']!r} is not 'higher' or 'lower'",
                      "write 'direction: higher' or 'direction: lower'")
        for j, el in enumerate(k.get("elements") or []):
            if el not in _ELEMENT_IDS:
                probs.add("CAT004", f"{where}.elements[{j}]", f"unknown element {el!r}", "use one of E1 … E9")
        comp = k.get("compute")
        if comp is not None and not (isinstance(comp, dict) and comp.get("dataset") and comp.get("columns")):
            probs.add("CAT008", f"{where}.compute", "'compute' needs a 'dataset' and a list of 'columns'",
                      "write compute: {dataset: survey, columns: [csat]}")
        if isinstance(kid, str) and kid not in out:
            out[kid] = copy.deepcopy(k)
    probs.raise_if_any("the KPI catalogue is not valid")
    return out


def load_kpis(path=None) -> dict:
    """Load the KPI catalogue as ``{kpi_id: entry}`` (a fresh copy).

    >>> load_kpis()["nps"]["direction"]
    'higher'
    """
    return load_data(Path(path or DEFAULT_KPIS), code="CAT000", check=validate_kpis)


def kpis_frame(kpis=None, language=None):
    """The KPI catalogue as a DataFrame.

    Columns: ``kpi`` (id), ``name``, ``unit``, ``direction``, ``definition``, ``elements``
    (comma-separated), ``clause``, ``dataset``, ``columns`` (comma-separated), ``method``,
    ``function`` (the sedamkit function that computes it, e.g. ``sedamkit.methods.cx.nps``).

    >>> kpis_frame().set_index("kpi").loc["employee_turnover", "direction"]
    'lower'

    Kit texts (names of KPIs, approaches, elements, principles) are in ``language`` when given
    (:func:`sedamkit.core.kittext.localise_frame`); none: as stored.
    """
    import pandas as pd

    kp = load_kpis() if kpis is None else kpis
    rows = []
    for kid, k in kp.items():
        comp = k.get("compute") or {}
        rows.append({"kpi": kid, "name": k["name"], "unit": k["unit"], "direction": k["direction"],
                     "definition": k["definition"], "elements": ",".join(k.get("elements") or []),
                     "clause": k.get("clause"), "dataset": comp.get("dataset"),
                     "columns": ",".join(comp.get("columns") or []), "method": comp.get("method"),
                     "function": comp.get("function")})
    from ..core.kittext import localise_frame

    return localise_frame(pd.DataFrame(rows, columns=["kpi", "name", "unit", "direction", "definition", "elements", "clause",
                                       "dataset", "columns", "method", "function"]), language)
