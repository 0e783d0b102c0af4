"""The traceability matrix: every clause of ISO/DTS 19384 clauses 4–8 and ISO/TS 24082 clauses 4–5, where
the kit teaches it and what applies it.

``docs/traceability.md`` is generated (:func:`markdown`); regenerate it with one command::

    python -m sedamkit.delivery.traceability > docs/traceability.md

and ``tests/test_traceability.py`` fails when the page is stale, when a notebook claims a clause that none of
its sections teaches, when a tag names a clause that does not exist, and when a clause is taught nowhere.

Where the rows come from
------------------------
- **The clauses**: ``sedamkit/data/clauses.yaml`` — number, heading (headings may be cited) and how much of
  the clause the public preview gives (``text``, ``partial``, ``heading``). Where only the heading is known,
  or the preview stops inside the clause, the kit's material is its own and the matrix says so.
- **What teaches a clause** — a *section* of a notebook: a markdown cell whose first line is a ``##`` or
  ``###`` heading, with the cells after it up to the next heading. A section *teaches* a clause when it is
  tagged with it, in one of two ways:

  1. its heading names the clause: ``## 2. The mission statement (8.1.2)``, ``### Framing (24082 5.4.2)``.
     A number with a dot is a clause of 19384 unless ``24082`` stands before it in the heading (a
     ``19384`` switches back); a whole clause is written ``clause 4`` (``24082 clause 4``). A leading
     section number (``## 3.``) is not a clause.
  2. the heading cell's metadata lists it: ``{"sedam": {"teaches": ["6.1.1", "24082 5.3.3"]}}`` — for a
     section whose heading would grow too long.

  A mention in the body text does not count. A notebook *claims* the clauses of its ``metadata.sedam.clauses``;
  each claim must be taught by one of its own sections.
- **What applies a clause**: the ``clause`` fields of the package data — questionnaire items
  (``data/questionnaires/*.yaml``), catalogue entries (``data/approaches.yaml``: the clause a link cites, and
  every approach linked to an element under that element's clause), KPIs (``data/kpis.yaml``),
  plan checks (``data/plan_checks.yaml``; the principle questions count for 4.1–4.6 through
  :data:`sedamkit.core.model.PRINCIPLE_CLAUSES`). ``6.2 c) 1)`` applies 6.2.

>>> refs("## 4. Objectives, strategies and KPIs (6.2 a))")
[('19384', '6.2')]
>>> refs("### Framing the challenge (24082 5.4.2, 5.4.3; 19384 7.4.1.4)")
[('24082', '5.4.2'), ('24082', '5.4.3'), ('19384', '7.4.1.4')]
>>> refs("## 8. The principles (clause 4)"), refs("## 3. Scores per area")
([('19384', '4')], [])
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Section", "clauses", "refs", "tag_refs", "sections", "claims", "applied", "matrix", "problems", "markdown"]

_TOKEN = re.compile(r"\b(24082|19384)\b|\bclauses?\s+(\d+)\b|(?<![\d.])(\d+(?:\.\d+)+)(?![\d.]*\d)|\b(Annex [A-E])\b")
_DOCS = ("19384", "24082")


@dataclass
class Section:
    """One section of a notebook: its file, heading text, level, first cell and the clauses it teaches."""
    notebook: str
    heading: str
    level: int
    cell: int
    teaches: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.notebook} § {self.heading}"


def _data_dir() -> Path:
    from ..core.paths import data_dir

    return data_dir()


def clauses() -> list[dict]:
    """The clause list of ``data/clauses.yaml``, in document order (copies)."""
    from ..core.datafiles import load_data

    return list(load_data("clauses.yaml")["clauses"])


def _key(doc: str, clause: str) -> tuple:
    return (doc, clause)


def refs(text: str, *, doc: str = "19384") -> list[tuple[str, str]]:
    """The clauses a heading (or a tag such as ``24082 5.3.3``) names, as ``(document, clause)`` pairs."""
    text = re.sub(r"^#+\s*", "", str(text).strip())
    text = re.sub(r"^\d+\.\s+", "", text)           # the section's own number
    out = []
    for m in _TOKEN.finditer(text):
        if m.group(1):
            doc = m.group(1)
        else:
            c = m.group(2) or m.group(3) or m.group(4)
            if (doc, c) not in out:
                out.append((doc, c))
    return out


def _notebooks(folder=None) -> list[Path]:
    from ..core.paths import notebooks_dir

    return sorted(Path(folder or notebooks_dir()).glob("[0-9][0-9]_*.ipynb"))


def sections(path) -> list[Section]:
    """The sections of one notebook (``##`` and ``###`` headings) with the clauses each teaches."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "markdown":
            continue
        src = "".join(cell.get("source", [])) if isinstance(cell.get("source"), list) else cell.get("source", "")
        first = src.lstrip().splitlines()[0] if src.strip() else ""
        m = re.match(r"^(#{2,3})\s+(.*)$", first)
        if not m:
            continue
        taught = refs(first)
        for tag in ((cell.get("metadata") or {}).get("sedam") or {}).get("teaches") or []:
            taught += [r for r in tag_refs(tag) if r not in taught]
        out.append(Section(Path(path).name, m.group(2).strip(), len(m.group(1)), i, taught))
    return out


def tag_refs(tag: str) -> list[tuple[str, str]]:
    """The clauses one metadata tag names: like :func:`refs`, and a bare whole clause (``"4"``,
    ``"24082 5"``) counts too. A tag that names nothing gives ``[("?", tag)]``.

    >>> tag_refs("24082 5"), tag_refs("6.2 b)"), tag_refs("24082 Kano")
    ([('24082', '5')], [('19384', '6.2')], [('?', '24082 Kano')])
    """
    text = str(tag).strip()
    whole = re.fullmatch(r"(?:(24082|19384)\s+)?(?:clause\s+)?(\d+)", text)
    if whole:
        return [(whole.group(1) or "19384", whole.group(2))]
    return refs(text) or [("?", text)]


def claims(path) -> list[tuple[str, str]]:
    """The clauses a notebook's ``metadata.sedam.clauses`` claims, as ``(document, clause)`` pairs."""
    meta = json.loads(Path(path).read_text(encoding="utf-8")).get("metadata", {}).get("sedam", {})
    out = []
    for c in meta.get("clauses") or []:
        out += [g for g in tag_refs(c) if g not in out]
    return out


def _walk(node, label, source, found, parent_id=None):
    if isinstance(node, dict):
        pid = node.get("id", parent_id)
        c = node.get("clause")
        if isinstance(c, str) and pid is not None:
            for ref in refs(c)[:1] or ([("19384", c.strip())] if c.strip().isdigit() else []):
                found.setdefault(ref, {}).setdefault(label, []).append(str(pid))
        for k, v in node.items():
            if k != "clause":
                _walk(v, label, source, found, pid)
    elif isinstance(node, list):
        for v in node:
            _walk(v, label, source, found, parent_id)


def applied() -> dict:
    """``{(document, clause): {what: [ids]}}`` from the ``clause`` fields of the package data."""
    from ..core.datafiles import load_data
    from ..core.model import PRINCIPLE_CLAUSES

    found: dict = {}
    qdir = _data_dir() / "questionnaires"
    for p in sorted(qdir.glob("*.yaml")):
        doc = load_data(p)
        _walk(doc.get("items", doc), f"questionnaire {p.stem}", p, found)
    _walk(load_data("approaches.yaml")["approaches"], "catalogue", None, found)
    _walk(load_data("kpis.yaml"), "KPIs", None, found)
    from ..core.model import ELEMENTS

    element_clause = {e.id: e.clause for e in ELEMENTS}
    for a in load_data("approaches.yaml")["approaches"]:
        for e in a.get("elements") or []:
            c = element_clause.get(e.get("element"))
            if c:
                found.setdefault(("19384", c), {}).setdefault(f"catalogue, element {e['element']}", []).append(a["id"])
    checks = load_data("plan_checks.yaml")
    _walk(checks, "plan checks", None, found)
    for q in (checks.get("principles") or {}).get("questions") or []:
        clause = PRINCIPLE_CLAUSES.get(q.get("principle"))
        if clause:
            found.setdefault(("19384", clause), {}).setdefault("plan checks", []).append(q["id"])
    return found


def _teaching(folder=None) -> dict:
    out: dict = {}
    for p in _notebooks(folder):
        for s in sections(p):
            for r in s.teaches:
                out.setdefault(r, []).append(s)
    return out


def matrix(folder=None) -> list[dict]:
    """One row per clause: ``doc``, ``clause``, ``heading``, ``preview``, ``taught`` (sections), ``applied``."""
    teach, use = _teaching(folder), applied()
    return [{**c, "taught": teach.get(_key(c["doc"], c["clause"]), []),
             "applied": use.get(_key(c["doc"], c["clause"]), {})} for c in clauses()]


def problems(folder=None) -> list[str]:
    """What is wrong with the tags: unknown clauses, claims no section teaches, clauses taught nowhere."""
    known = {_key(c["doc"], c["clause"]) for c in clauses()}
    known |= {_key(a["doc"], a["annex"]) for a in _annexes()}
    out = []
    for p in _notebooks(folder):
        secs = sections(p)
        taught = {r for s in secs for r in s.teaches}
        for s in secs:
            out += [f"{s.label}: tags {d} {c}, which is not a clause of clauses.yaml" for d, c in s.teaches
                    if (d, c) not in known]
        for d, c in claims(p):
            if (d, c) not in known:
                out.append(f"{p.name}: metadata claims {d} {c}, which is not a clause of clauses.yaml")
            elif (d, c) not in taught:
                out.append(f"{p.name}: metadata claims {d} {c}, but none of its sections teaches it "
                           "(tag a heading, see sedamkit.delivery.traceability)")
    out += [f"{r['doc']} {r['clause']} ({r['heading']}) is taught in no notebook section"
            for r in matrix(folder) if not r["taught"]]
    return out


def _annexes() -> list[dict]:
    from ..core.datafiles import load_data

    return list(load_data("clauses.yaml").get("annexes") or [])


def _cell(text) -> str:
    return str(text).replace("|", "/").replace("\n", " ")


def _applied_text(what: dict, limit: int = 6) -> str:
    parts = []
    for label, ids in what.items():
        ids = list(dict.fromkeys(ids))
        shown = ", ".join(f"`{i}`" for i in ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
        parts.append(f"{label}: {shown}")
    return "; ".join(parts)


_PREVIEW = {"text": "", "partial": "preview stops inside this clause: the rest is the kit's own material",
            "heading": "kit's own material (only the heading is in the preview)"}


def markdown(folder=None) -> str:
    """``docs/traceability.md``: the matrix, one row per clause, and a count of what is covered."""
    from ..core.datafiles import load_data

    docs = load_data("clauses.yaml")["documents"]
    rows = matrix(folder)
    out = ["# Traceability: clause → notebook section → what applies it", "",
           "Generated by `python -m sedamkit.delivery.traceability > docs/traceability.md` from",
           "`sedamkit/data/clauses.yaml`, the section tags of the notebooks and the `clause` fields of the package",
           "data (see `sedamkit/delivery/traceability.py` for what counts as teaching). `tests/test_traceability.py`",
           "fails when this page is stale. Headings are those of the documents; everything else is the kit's own.", ""]
    taught = sum(1 for r in rows if r["taught"])
    out += [f"{taught} of {len(rows)} clauses are taught in a notebook section; "
            f"{sum(1 for r in rows if r['applied'])} are also applied by the kit's data "
            "(questionnaire items, catalogue entries, KPIs, plan checks).", ""]
    for doc, title in docs.items():
        out += [f"## {title}", "", "| clause | heading | taught in (notebook § section) | applied by | preview |",
                "| --- | --- | --- | --- | --- |"]
        for r in rows:
            if r["doc"] != doc:
                continue
            where = "<br>".join(f"`{s.notebook}` § {_cell(s.heading)}" for s in r["taught"]) or "**not covered**"
            note = _PREVIEW.get(r["preview"], "")
            if r.get("from") == "redline":
                note = (note + "; " if note else "") + "number from the working-draft redline"
            out.append(f"| {r['clause']} | {_cell(r['heading'])} | {where} | {_applied_text(r['applied']) or '—'} "
                       f"| {note or 'in the preview'} |")
        out.append("")
    ann = _annexes()
    if ann:
        out += ["## Annexes (known by their headings only)", "", "| document | annex | heading | taught in |",
                "| --- | --- | --- | --- |"]
        teach = _teaching(folder)
        for a in ann:
            where = "<br>".join(f"`{s.notebook}` § {_cell(s.heading)}" for s in teach.get((a["doc"], a["annex"]), []))
            out.append(f"| {a['doc']} | {a['annex']} | {_cell(a['heading'])} | {where or '—'} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover - the one regeneration command
    import sys

    sys.stdout.write(markdown())
