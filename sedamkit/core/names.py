"""Names: what a client or a learner reads instead of an id, in their language (the report and the notebooks).

Every id a stage result holds (an element ``E6``, an approach ``chatbot``, a KPI ``csat``, a principle,
a readiness area, an improvement heading, a plan rule's code) becomes a name here. English names come
from the kit's catalogues (``core.model``, ``data/approaches.yaml``, ``data/kpis.yaml``,
``data/plan_checks.yaml``); French names and every sentence the report builds from an id live in
``data/i18n/ui_report.yaml`` (keys ``rpt.*``). An id the kit does not know is shown humanised
(``video_consultation`` → "video consultation"), never raw.

The functions take a :class:`~sedamkit.core.prose.Prose` (its ``tr`` and ``language``), such as the
report's :class:`~sedamkit.delivery.report_context.ReportContext`.
"""
from __future__ import annotations

import functools
import re

__all__ = ["humanise", "element", "approach", "kpi", "principle", "prep_item", "heading", "quadrant",
           "candidate_title", "flag_text", "gap_reasons", "has_key", "catalogue_names"]


def humanise(x) -> str:
    """An id written as words: ``video_consultation`` → ``video consultation`` (no underscore left).

    >>> humanise("video_consultation"), humanise("dp_customer_photos"), humanise(None)
    ('video consultation', 'dp customer photos', '')
    """
    return re.sub(r"[_\s]+", " ", "" if x is None else str(x)).strip()


def has_key(key: str) -> bool:
    """Whether the text catalogue holds ``key``."""
    from .i18n import catalogue

    return key in catalogue()


def _lookup(ctx, key: str, english: str | None) -> str:
    """The catalogue text of ``key`` in the report's language; ``english`` (the kit's catalogue name) for
    English or when the key is absent."""
    if has_key(key) and (ctx.language != "en" or not english):
        return ctx.tr(key)
    return english if english else ""


@functools.lru_cache(maxsize=1)
def catalogue_names() -> dict:
    """``{approach id: English name}`` of the shipped catalogue of digital approaches."""
    from .datafiles import load_data

    data = load_data("approaches.yaml")
    return {a["id"]: a["name"] for a in data.get("approaches", [])}


@functools.lru_cache(maxsize=1)
def _kpi_names() -> dict:
    from .datafiles import load_data

    return {k["id"]: k["name"] for k in (load_data("kpis.yaml").get("kpis") or [])}


@functools.lru_cache(maxsize=1)
def _prep_labels() -> dict:
    from .datafiles import load_data

    items = ((load_data("plan_checks.yaml").get("preparation") or {}).get("items")) or []
    return {i["id"]: i["label"] for i in items}


def element(ctx, eid) -> str:
    """The element's name (``E6`` → "Designing and renewing outstanding customer experiences")."""
    from .model import ELEMENTS

    names = {e.id: e.name for e in ELEMENTS}
    return _lookup(ctx, f"rpt.element.{eid}", names.get(eid)) or humanise(eid)


def approach(ctx, aid, name: str | None = None) -> str:
    """A digital approach's name; ``name`` is the one a result carries (an approach the client added, or a
    kit approach the client renamed: both shown as written, :func:`sedamkit.core.kittext.kit_text`)."""
    from .kittext import kit_text

    if aid in catalogue_names():
        return kit_text("approach", aid, ctx.language, shown=name)
    return name or humanise(aid)


def kpi(ctx, row: dict) -> str:
    """A KPI's name: the catalogue's in the report's language for a catalogue KPI, else the plan's own."""
    cat_id = row.get("kpi")
    plan_name = row.get("name")
    if cat_id and cat_id != "custom" and cat_id in _kpi_names():
        if plan_name and plan_name != _kpi_names()[cat_id]:
            return str(plan_name)  # the client renamed it
        return _lookup(ctx, f"rpt.kpi.{cat_id}", _kpi_names()[cat_id])
    return str(plan_name) if plan_name else humanise(row.get("kpi_id") or row.get("id"))


def principle(ctx, pid) -> str:
    from .model import PRINCIPLES

    return _lookup(ctx, f"rpt.principle.{pid}", PRINCIPLES.get(pid, (None,))[0]) or humanise(pid)


def prep_item(ctx, iid) -> str:
    return _lookup(ctx, f"rpt.prep.{iid}", _prep_labels().get(iid)) or humanise(iid)


def heading(ctx, hid) -> str:
    """An improvement heading of clause 8.2 (``customer_centric`` → "Customer-centric service improvement")."""
    return ctx.tr(f"rpt.heading.{hid}") if has_key(f"rpt.heading.{hid}") else humanise(hid)


def quadrant(ctx, q) -> str:
    return ctx.tr(f"rpt.quadrant.{q}") if has_key(f"rpt.quadrant.{q}") else humanise(q)


def gap_reasons(ctx, gap: dict, target: int = 3) -> str:
    """Why an element is a gap, from its numbers (never the result's English reason string)."""
    reasons = []
    m = gap.get("maturity")
    if m is not None and m < target:
        reasons.append(ctx.tr("rpt.gap.maturity", maturity=ctx.n(m), target=ctx.n(target)))
    if not gap.get("n_in_use"):
        reasons.append(ctx.tr("rpt.gap.nothing_in_use"))
    if gap.get("n_planned") == 0:
        reasons.append(ctx.tr("rpt.gap.nothing_planned"))
    return (" ; " if getattr(ctx, "language", "en") == "fr" else "; ").join(reasons)


def candidate_title(ctx, c: dict, names: dict) -> str:
    """An improvement candidate's title, rebuilt from its kind and what it is about.

    ``names`` maps ids to names for this report (``kpi``, ``area``, ``touchpoint`` dicts).
    """
    kind, ref = c.get("kind"), c.get("ref")
    key = f"rpt.cand.{kind}"
    if kind == "plan_flag":
        code, _, about = str(ref).partition("_")
        flag = {"code": code, "id": about, "source": _flag_source(code)}
        return ctx.tr("rpt.cand.plan_flag", what=flag_text(ctx, flag, names, short=True))
    what = {"kpi_off_track": lambda: names["kpi"].get(ref, humanise(ref)),
            "kpi_not_measurable": lambda: names["kpi"].get(ref, humanise(ref)),
            "element_gap": lambda: element(ctx, ref),
            "approach_poor": lambda: approach(ctx, ref),
            "readiness_gap": lambda: names["area"].get(ref, humanise(ref)),
            "pain_point": lambda: names["touchpoint"].get(ref, humanise(ref)),
            "must_be_weak": lambda: humanise(ref),
            "region_lagging": lambda: str(ref)}.get(kind)
    if has_key(key):
        return ctx.tr(key, what=what() if what else humanise(ref))
    return humanise(c.get("title") or ref)


_FLAG_SOURCES = {"PLAN201": "risk", "PLAN216": "risk", "PLAN204": "preparation", "PLAN205": "principles",
                 "PLAN206": "principles", "PLAN207": "principles", "PLAN208": "readiness", "PLAN209": "readiness",
                 "PLAN210": "goal", "PLAN215": "element", "PLAN212": "kpi", "PLAN213": "kpi", "PLAN101": "kpi",
                 "PLAN103": "kpi", "PLAN104": "kpi", "PLAN102": "phase", "PLAN105": "choice"}


def _flag_source(code: str) -> str:
    return _FLAG_SOURCES.get(code, "plan")


def flag_text(ctx, flag: dict, names: dict, *, short: bool = False) -> str:
    """What a plan flag says, in the report's language, with the thing it is about named.

    The flag's code picks the sentence (``rpt.flag.PLAN201``); its id is turned into a name by the
    kind of thing it is about (a KPI, a risk, a principle, a readiness area, a goal, an element).
    """
    code, fid = flag.get("code"), flag.get("id")
    src = flag.get("source") or _flag_source(code)
    namer = {"kpi": lambda: names["kpi"].get(fid, humanise(fid)),
             "principles": lambda: principle(ctx, fid),
             "readiness": lambda: names["area"].get(fid, humanise(fid)),
             "preparation": lambda: prep_item(ctx, fid),
             "element": lambda: element(ctx, fid),
             "goal": lambda: names["goal"].get(fid, str(fid)),
             "risk": lambda: names["risk"].get(fid, str(fid)),
             "phase": lambda: names["phase"].get(fid, str(fid)),
             "choice": lambda: approach(ctx, fid)}.get(src, lambda: "")
    key = f"rpt.flag.{code}"
    if code == "PLAN105" and src == "choice" and fid not in (None, "", "plan"):
        key = "rpt.flag.PLAN105_one"        # one chosen approach whose reason or principle checks are missing
    text = ctx.tr(key, what=namer()) if has_key(key) else ctx.tr("rpt.flag.other")
    if short:
        text = text.rstrip(".")
    return text[:1].upper() + text[1:]
