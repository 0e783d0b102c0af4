"""Stage 06's sentences in the reader's language (``en`` or ``fr``): candidate titles (the client report's
function, :func:`sedamkit.core.names.candidate_title`), the lists by heading, the plan-version lines, the
cycle summary and the line under the result. English titles stay the stage's own; in another language a
candidate's title is rebuilt from its kind and what it is about, as the report does.

>>> heading_title("customer_centric", "fr")
'Amélioration du service centrée sur le client (8.2.3)'
>>> quadrant_word("quick_win", "fr"), quadrant_word("quick_win", "en")
('gain rapide', 'quick win')
"""
from __future__ import annotations

from pathlib import Path

from ...core.prose import Prose
from ...core.text import md, md_code
from .common import HEADINGS, QUADRANT_LABELS

__all__ = ["names_for", "candidate_titles", "former_candidate_title", "candidate_detail", "change_reason", "in_language", "heading_title", "quadrant_word", "heading_lists",
           "candidates_line", "plan_version_line", "next_actions_line", "result_line", "flag_fix"]


def names_for(tx, results: dict | None = None) -> dict:
    """``{kind: {id: name}}`` of the KPIs, goals, phases, risks, readiness areas and touchpoints of the
    earlier results (``results``, or ``tx.results`` for the report's context), in ``tx``'s language."""
    from ..daap.report import plan_names

    results = getattr(tx, "results", None) if results is None else results
    results = results or {}
    if getattr(tx, "results", None) is None:
        tx.results = results   # plan_names reads stage 01's areas from it
    d2 = results.get("02_daap") or {"kpis": (results.get("05_evaluation") or {}).get("kpis") or []}
    names = plan_names(tx, d2)
    for k in (results.get("05_evaluation") or {}).get("kpis") or []:
        names["kpi"].setdefault(k["kpi_id"], tx.kpi(k))
    if tx.language != "en":
        names["area"] = {a: _area_name(a, n, tx.language) for a, n in names["area"].items()}
    d4 = results.get("04_customer_experience") or {}
    for key in ("pain_points", "moments_at_risk", "moves"):
        for r in d4.get(key) or []:
            names["touchpoint"].setdefault(r.get("touchpoint"), r.get("name"))
    return names


def _area_name(area: str, name, language: str) -> str:
    """A readiness area's name in ``language``: stage 01's questionnaire's, unless the result names it
    otherwise than the questionnaire's English (a client's own wording is kept)."""
    from ...core.errors import SedamError
    from ...core.spec import load_spec

    try:
        spec = load_spec("necessity_feasibility", language)
    except SedamError:
        return name
    a = next((a for a in spec.areas if a["id"] == area), None)
    if a is None or (name and name != a["title"].get("en")):
        return name
    return spec.text(a["title"]) or name


def candidate_titles(candidates, results: dict, language: str = "en") -> list[str]:
    """The titles of ``candidates`` (a DataFrame or records) in ``language``: the stage's own in English,
    rebuilt from kind and subject otherwise (:func:`sedamkit.core.names.candidate_title`)."""
    recs = candidates.to_dict("records") if hasattr(candidates, "to_dict") else list(candidates)
    tx = Prose(language)
    if tx.language == "en":
        return [str(c.get("title")) for c in recs]
    names = names_for(tx, results)
    return [tx.candidate_title(c, names) for c in recs]


#: The candidate kind of an id's stage and short word (``s01_gap_…`` is a readiness gap, ``s03_gap_…`` an element gap).
_KIND_OF = {("01", "gap"): "readiness_gap", ("02", "flag"): "plan_flag", ("03", "gap"): "element_gap",
            ("04", "mustbe"): "must_be_weak", ("04", "pain"): "pain_point", ("05", "kpi"): "kpi_off_track",
            ("05", "unmeasured"): "kpi_not_measurable", ("05", "approach"): "approach_poor",
            ("05", "mission"): "mission", ("05", "region"): "region_lagging"}


def former_candidate_title(cid: str, results: dict | None = None, language: str = "en") -> str:
    """The title of a candidate known only by its id (one scored earlier and no longer listed), rebuilt from
    the id's stage, kind and subject, never the bare id.

    >>> former_candidate_title("s02_flag_plan211_decision", {}, "fr")
    'Programme : La décision de maturité était « pas maintenant »'
    >>> former_candidate_title("zz", {}, "fr")
    'Une piste qui n’est plus dans la liste'
    """
    import re

    from ...core.names import catalogue_names

    tx = Prose(language)
    m = re.match(r"^s(\d\d)_([a-z]+)(?:_(.+))?$", str(cid))
    kind = _KIND_OF.get((m.group(1), m.group(2))) if m else None
    if kind is None:
        return tx.tr("frx.im.former_candidate")
    ref = m.group(3) or ""
    names = names_for(tx, results or {})
    known = {"readiness_gap": names.get("area", {}), "kpi_off_track": names.get("kpi", {}),
             "kpi_not_measurable": names.get("kpi", {}), "pain_point": names.get("touchpoint", {}),
             "approach_poor": catalogue_names(), "element_gap": {f"E{i}": "" for i in range(1, 20)}}.get(kind, {})
    # ids are lower-cased in candidate ids: find the subject's own spelling
    ref = next((k for k in known if re.sub(r"[^a-z0-9]+", "_", str(k).lower()) == ref), ref)
    if kind == "readiness_gap" and not names.get("area", {}).get(ref):
        names.setdefault("area", {})[ref] = _area_name(ref, None, tx.language) or ref
    if kind == "plan_flag":
        code, _, about = ref.partition("_")
        ref = f"{code.upper()}_{about}" if about else code.upper()
    return tx.candidate_title({"kind": kind, "ref": ref}, names)


def in_language(table, results: dict, language: str = "en", candidates=None):
    """A copy of a candidates (or ranked) table with its ``title`` and ``detail`` in ``language``;
    ``candidates`` (the full table) lends what a sample of it lacks (``kind``, ``ref``, ``fix``, ``weak_on``)."""
    out = table.copy()
    recs = table.to_dict("records")
    if candidates is not None and len(candidates) and "candidate" in table:
        full = {c["candidate"]: c for c in candidates.to_dict("records")}
        recs = [{**full.get(r["candidate"], {}), **r} for r in recs]
    if len(out) and "title" in out:
        out["title"] = candidate_titles(recs, results, language)
    if len(out) and "detail" in out and Prose(language).language != "en":
        tx = Prose(language)
        out["detail"] = [candidate_detail(tx, c, results or {}) for c in recs]
    return out


def heading_title(hid: str, language: str = "en") -> str:
    """A heading of 8.2 with its clause: "Optimizing the DAAP (8.2.2)"."""
    clause, title = HEADINGS[hid]
    if Prose(language).language == "en":
        return f"{title} ({clause})"
    return Prose(language).heading(hid)


def quadrant_word(q, language: str = "en") -> str:
    """A quadrant of the impact/effort grid in words."""
    tx = Prose(language)
    return QUADRANT_LABELS.get(q, str(q)) if tx.language == "en" else tx.quadrant(q)


def heading_lists(ranked, by_heading: dict, results: dict, language: str = "en") -> list[str]:
    """One Markdown block per heading: its title, then its candidates (id, title, quadrant)."""
    tx = Prose(language)
    titles = dict(zip(ranked["candidate"], candidate_titles(ranked, results, language))) if len(ranked) else {}
    quads = dict(zip(ranked["candidate"], ranked["quadrant"])) if len(ranked) else {}
    out = []
    for h, ids in by_heading.items():
        lines = [f"- {md(r)} · **{md(titles.get(r, r))}** ({quadrant_word(quads.get(r), language)})" for r in ids]
        out.append(f"**{heading_title(h, language)}**\n\n" + ("\n".join(lines) if lines else "- " + tx.tr("frx.im.nothing")))
    return out


def candidates_line(candidates, language: str = "en") -> str:
    """"**23 candidates** — by source: 02: 4, 03: 3, …"."""
    tx = Prose(language)
    by = ", ".join(f"{s[:2]}: {tx.n(n)}" for s, n in candidates["source"].value_counts().sort_index().items())
    return tx.tr("frx.im.candidates." + ("one" if len(candidates) == 1 else "other"), n=tx.n(len(candidates)), by=by)


def plan_version_line(files: dict, language: str = "en") -> str:
    """Where the new plan version is, whether it was written now, and that the old plan is untouched."""
    tx = Prose(language)
    where = files.get("where")
    rule = tx.tr(f"frx.im.where.{where}") if where in ("working_copy", "run_folder") else str(files.get("rule") or "")
    return tx.tr("frx.im.new_plan", new=md_code(files["new"]), old=md_code(files["old"]), rule=rule,
                 state=tx.tr("frx.im.written_now" if files.get("created") else "frx.im.already_held"))


def next_actions_line(path, language: str = "en") -> str:
    """Where this cycle's KPI actions are kept for the next cycle's check."""
    return Prose(language).tr("frx.im.next_actions", path=md_code(path), file=md_code("previous_actions.yaml"))


def result_line(result: dict, path, language: str = "en") -> str:
    """The line under stage 06's result."""
    tx = Prose(language)
    return tx.tr("frx.im.result_written", path=md_code(path),
                 candidates=tx.count("frx.im.n_candidates", result.get("n_candidates", 0)),
                 quick_wins=tx.count("frx.im.n_quick_wins", len(result.get("quick_wins") or [])),
                 changes=tx.count("frx.im.n_changes", len(result.get("changes") or [])))


def _plan_file(files, key) -> str:
    return md_code(Path(files[key]).name)


def _by(rows, key) -> dict:
    return {str(r.get(key)): r for r in rows or [] if isinstance(r, dict)}


def flag_fix(tx, code, ref, fallback) -> str:
    """A plan flag's fix in ``tx``'s language (``frx.fix.<code>``), the English fix when there is none."""
    from ...core.names import prep_item

    key = f"frx.fix.{code}"
    if code == "PLAN105" and ref not in (None, "", "plan"):
        key = "frx.fix.PLAN105_one"          # one chosen approach, not the list of approaches without a choice
    if not tx.has(key):
        return str(fallback or "")
    return tx.tr(key, id=ref, label=prep_item(tx, ref) if code == "PLAN204" else ref)


def candidate_detail(tx, c: dict, results: dict) -> str:
    """Why a candidate is one, in ``tx``'s language, from the earlier results' numbers (its English
    ``detail`` when the language is English or the numbers are not there)."""
    kind, ref, detail = c.get("kind"), str(c.get("ref")), c.get("detail")
    if tx.language == "en":
        return detail
    r1, r3, r4, r5 = (results.get(s) or {} for s in ("01_necessity_feasibility", "03_application",
                                                      "04_customer_experience", "05_evaluation"))
    if kind == "plan_flag":
        code, _, about = ref.partition("_")
        return flag_fix(tx, code, about, c.get("fix") or detail)
    if kind == "pain_point" and ref in _by(r4.get("pain_points"), "touchpoint"):
        return tx.tr("frx.detail.pain_point", mean=tx.n(_by(r4["pain_points"], "touchpoint")[ref].get("mean"), 2))
    if kind == "must_be_weak" and ref in _by(r4.get("must_be_weak"), "feature"):
        m = _by(r4["must_be_weak"], "feature")[ref]
        return tx.tr("frx.detail.must_be_weak", touchpoint=m.get("touchpoint_name") or m.get("worst_touchpoint"),
                     mean=tx.n(m.get("mean_rating"), 2))
    if kind == "kpi_off_track" and ref in _by(r5.get("kpis"), "kpi_id"):
        k = _by(r5["kpis"], "kpi_id")[ref]
        return tx.tr("frx.detail.kpi_off_track", latest=tx.n(k.get("latest"), 2), expected=tx.n(k.get("expected"), 2),
                     target=tx.n(k.get("target"), 0 if float(k.get("target") or 0).is_integer() else 2))
    if kind == "kpi_not_measurable":
        return tx.tr("frx.detail.kpi_not_measurable")
    if kind == "element_gap" and ref in _by(r3.get("gaps"), "element"):
        return tx.gap_reasons(_by(r3["gaps"], "element")[ref])
    if kind == "approach_poor" and c.get("weak_on"):
        weak = c["weak_on"] if isinstance(c["weak_on"], (list, tuple)) else str(c["weak_on"]).split(",")
        return tx.tr("frx.detail.approach_poor", criteria=tx.join(
            tx.tr(f"rpt.rating.{w.strip()}") if tx.has(f"rpt.rating.{w.strip()}") else w.strip() for w in weak if w.strip()))
    if kind == "region_lagging" and ref in _by(r5.get("lagging_regions"), "region"):
        return tx.tr("frx.detail.region_lagging", kpis=_by(r5["lagging_regions"], "region")[ref].get("kpis", "").replace(",", ", "))
    if kind == "mission" and (r5.get("mission") or {}).get("overall") is not None:
        m = r5["mission"]
        weak = "; ".join(str(w.get("text", "")).rstrip(".") for w in m.get("weak_items") or [])
        weak = weak.replace("; ", " ; ") if tx.language == "fr" else weak
        return tx.tr("frx.detail.mission", score=tx.n(m["overall"], 0)) + (tx.tr("frx.detail.mission_weak", items=weak) if weak else "")
    if kind == "readiness_gap" and ref in _by(r1.get("areas"), "area"):
        return tx.tr("frx.detail.readiness_gap", score=tx.n(_by(r1["areas"], "area")[ref].get("score"), 0))
    return detail


def _criteria(tx, weak_on) -> str:
    """The rating criteria an approach was rated poorly on, in words, in ``tx``'s language."""
    weak = weak_on if isinstance(weak_on, (list, tuple)) else str(weak_on or "").split(",")
    weak = sorted({w.strip() for w in weak if w and w.strip()})
    return tx.join(tx.tr(f"rpt.rating.{w}") if tx.has(f"rpt.rating.{w}") else w for w in weak)


def change_reason(tx, change: dict, candidate: dict | None, results: dict) -> str:
    """Why a plan change is proposed, in ``tx``'s language (the change's English ``reason`` in English).

    Told from what the change does and the kind of candidate it comes from (``frx.im.why.*``): a met KPI's
    next target, an off-track KPI re-based and its recovery phase, a KPI to start measuring, an approach to
    train on, to drop (with the root cause the plan records) or whose root cause is to be written first, a
    plan flag's fix; otherwise why the candidate is one (:func:`candidate_detail`).
    """
    import re

    if tx.language == "en":
        return change.get("reason")
    kind, cid = change.get("change"), change.get("id")
    ckind = (candidate or {}).get("kind")
    ref = (candidate or {}).get("ref")
    if kind == "update_kpi" and change.get("candidate") is None:
        return tx.tr("frx.im.why.met_kpi", kpi=cid)
    if candidate is None:
        return change.get("reason")
    if ckind == "kpi_off_track":
        if kind == "update_kpi":
            return tx.tr("frx.im.why.rebased", kpi=cid)
        return tx.tr("frx.im.why.recovery", kpi=ref, detail=candidate_detail(tx, candidate, results))
    if ckind == "kpi_not_measurable" and kind == "new_phase":
        return tx.tr("frx.im.why.measure", kpi=ref)
    if ckind == "approach_poor":
        name, crit = tx.approach(ref), _criteria(tx, candidate.get("weak_on"))
        if kind == "new_phase":
            return tx.tr("frx.im.why.adoption", approach=name)
        if kind == "drop_approach":
            m = re.search(r"; root cause: (.*): dropped$", str(change.get("reason") or ""), flags=re.S)
            if m:
                return tx.tr("frx.im.why.dropped", approach=name, criteria=crit, cause=m.group(1))
            return change.get("reason")       # written in this language already (propose_changes' language)
        if kind == "manual":
            return tx.tr("frx.im.why.root_cause_first", approach=name, criteria=crit)
    return candidate_detail(tx, candidate, results)
