"""Readiness gaps: which of stage 01's blocking gaps and weakest areas the plan addresses, stage 01's
result for a run, and a short summary of it."""
from __future__ import annotations

from ...core.text import md, md_code

from ...core.errors import Problems, SedamError
from .common import AREA_IDS, READINESS_AREAS, is_num
from .validate import validate_plan

__all__ = ["check_readiness", "check_gaps", "readiness_input", "readiness_markdown", "gap_check_skipped_note"]


def check_readiness(readiness):
    probs = Problems()
    if not isinstance(readiness, dict):
        probs.add("PLAN017", "readiness", "readiness data is not a mapping",
                  "pass the data of stage 01's result: sedamkit.core.results.read_result(out, '01_necessity_feasibility')")
        probs.raise_if_any("cannot read the readiness data")
    for key in ("blocking_gaps", "weakest"):
        val = readiness.get(key, [])
        if not isinstance(val, list):
            probs.add("PLAN017", f"readiness.{key}", f"'{key}' is not a list of area ids", "re-run stage 01")
            continue
        for j, a in enumerate(val):
            if a not in AREA_IDS:
                probs.add("PLAN017", f"readiness.{key}[{j}]", f"unknown readiness area {a!r}", "re-run stage 01")
    areas = readiness.get("areas", [])
    if not isinstance(areas, list) or not all(isinstance(a, dict) and "area" in a for a in areas):
        probs.add("PLAN017", "readiness.areas", "'areas' is not a list of {area, …} records", "re-run stage 01")
    probs.raise_if_any("the readiness data is not a stage-01 result")
    return readiness


def check_gaps(plan, readiness):
    """Which of stage 01's blocking gaps and weakest areas the plan addresses.

    An area is *addressed* when a goal, a phase or a risk lists its id under ``addresses``.

    Parameters
    ----------
    plan : dict
    readiness : dict
        The ``data`` of stage 01's result (``blocking_gaps``, ``weakest``, ``areas``).

    Returns
    -------
    pandas.DataFrame
        One row per area that is blocking or among the weakest (blocking first, in stage 01's
        order): ``area``, ``title``, ``group``, ``score`` (NaN when stage 01 gave none),
        ``blocking``, ``weakest``, ``addressed``, ``addressed_by`` (comma-separated goal / phase /
        risk ids), ``ignored_blocking`` (blocking and not addressed — the plan must fix these).

    >>> from sedamkit.stages.daap.api import add_goal, new_plan
    >>> p = new_plan("D", "m", "2025-01-01", "2025-12-31")
    >>> p = add_goal(p, {"id": "G1", "text": "Train staff", "elements": ["E4"], "addresses": ["talent"]})
    >>> r = {"blocking_gaps": ["talent", "funding"], "weakest": ["funding", "personalization"], "areas": []}
    >>> check_gaps(p, r)[["area", "addressed", "ignored_blocking"]].values.tolist()
    [['talent', True, False], ['funding', False, True], ['personalization', False, False]]
    """
    import math

    import pandas as pd

    plan = validate_plan(plan)
    readiness = check_readiness(readiness)
    info = {a["area"]: a for a in readiness.get("areas", [])}
    blocking = list(dict.fromkeys(readiness.get("blocking_gaps", [])))
    weakest = list(dict.fromkeys(readiness.get("weakest", [])))
    by: dict[str, list[str]] = {}
    for sec in ("goals", "phases", "risks"):
        for item in plan[sec]:
            for a in item.get("addresses") or []:
                by.setdefault(a, []).append(item["id"])
    group_of = {a: g for g, ids in READINESS_AREAS.items() for a in ids}
    rows = []
    for area in blocking + [a for a in weakest if a not in blocking]:
        meta = info.get(area, {})
        addressed = bool(by.get(area))
        rows.append({"area": area, "title": meta.get("title", area), "group": meta.get("group", group_of.get(area)),
                     "score": float(meta["score"]) if is_num(meta.get("score")) else math.nan,
                     "blocking": area in blocking, "weakest": area in weakest, "addressed": addressed,
                     "addressed_by": ",".join(by.get(area, [])), "ignored_blocking": area in blocking and not addressed})
    return pd.DataFrame(rows, columns=["area", "title", "group", "score", "blocking", "weakest", "addressed",
                                       "addressed_by", "ignored_blocking"])


def readiness_input(ctx):
    """Stage 01's result for a stage-02 run, and where it came from.

    Returns ``(readiness, source)``: the ``data`` of ``01_necessity_feasibility`` in the run's output
    folder (``source = "result"``); when that stage has not been run into this folder, the readiness
    recomputed from the stage-01 answers in ``ctx.answers_dir`` (``"answers"``); else ``(None, "none")``
    — the readiness checks are then skipped.
    """
    from ...core.answers import load_all, responses_frame
    from ...methods.scoring import readiness

    sid = "01_necessity_feasibility"
    try:
        return ctx.read_result(sid), "result"
    except SedamError as e:
        if e.codes != ["RES001"]:
            raise
    spec = ctx.spec("necessity_feasibility")
    docs = load_all(ctx.answers_dir, spec, sid)
    if not docs:
        return None, "none"
    return readiness(responses_frame(docs, spec), spec).to_result(), "answers"


def readiness_markdown(readiness, source: str = "result", language: str | None = "en") -> str:
    """A short Markdown summary, in ``language``, of what stage 01 asks the plan to address
    (``clz.nb02.*`` keys of ``data/i18n/ui_clz.yaml``; area ids as code, area titles escaped).

    >>> print(readiness_markdown({"decision": "prepare_first", "overall": 51.6, "blocking_gaps": []}, language="fr"))
    D'après le résultat de l'étape 01 : décision **Se préparer d'abord**, maturité globale 52 / 100.
    Aucun écart bloquant.
    """
    from ...core.i18n import catalogue, t
    from ...core.numfmt import number

    if readiness is None:
        return t("clz.nb02.no_readiness", language)
    origin = t(f"clz.nb02.from.{source}", language) if source in ("result", "answers") else md(source)
    titles = {a["area"]: a.get("title", a["area"]) for a in readiness.get("areas", [])}
    gaps = readiness.get("blocking_gaps") or []
    decision = str(readiness.get("decision", "?"))
    key = f"report.decision_{decision}"
    shown = t(key, language) if key in catalogue() else md(decision.replace("_", " "))
    overall = (t("clz.nb02.overall", language, score=number(readiness["overall"], language, 0))
               if is_num(readiness.get("overall")) else "")
    lines = [t("clz.nb02.decision", language, origin=origin, decision=shown, overall=overall)]
    if gaps:
        lines.append(t("clz.nb02.gaps", language))
        lines += [f"- {md_code(a)} — {md(titles.get(a, a))}" for a in gaps]
    else:
        lines.append(t("clz.nb02.no_gaps", language))
    weak = [a for a in readiness.get("weakest") or [] if a not in gaps]
    if weak:
        lines.append(t("clz.nb02.weak", language, areas=", ".join(md_code(a) for a in weak)))
    return "\n".join(lines)


def gap_check_skipped_note(language: str | None = "en") -> str:
    """Markdown for notebook 02 when there is no readiness data, so the gap check is skipped.

    >>> gap_check_skipped_note("fr")
    "Aucune donnée de maturité : la vérification des écarts n'est pas faite."
    """
    from ...core.i18n import t

    return t("clz.nb02.gap_check_skipped", language)
