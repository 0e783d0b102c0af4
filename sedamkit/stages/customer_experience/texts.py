"""Stage 04's sentences, written from the result's numbers in the reader's language: one function per
text, used by the notebook and by the client report alike (``tx`` is a :class:`sedamkit.core.prose.Prose`,
or the report's :class:`~sedamkit.delivery.report_context.ReportContext`, which is one).

- :func:`metric_text` — "NPS 29.9 (95% interval 24.5 to 35.3), CSAT 77.4% satisfied, CES 4.64 of 7";
- :func:`finding_texts` — the findings: Kano categories, weak basics, pain points, moments of truth at
  risk, privacy gaps, unobserved moments of truth, the tone of comments;
- :func:`findings` — what the notebook lists at the end of the stage: the latest quarter's metrics, the
  findings and the widest gap between regions;
- :func:`notebook_text` — the notebook's fixed lines (headings of tables, "nothing to show" notes).

Touchpoints are named by the journey and Kano features by their names, never by their ids.

>>> r = {"kano": [], "must_be_weak": [], "pain_points": [{"touchpoint": "web", "name": "Website", "mean": 2.5}],
...      "moments_at_risk": [], "privacy_gaps": [], "unobserved_touchpoints": [], "sentiment": {}, "metrics": {}}
>>> findings(r, "fr")
['Points de douleur (note moyenne sous la neutralité) : Website (2,50).']
"""
from __future__ import annotations

from ...core.prose import Prose

__all__ = ["metric_text", "touchpoint_names", "finding_texts", "findings", "notebook_text", "reliability_reason"]

_KANO = {"M": "must_be", "O": "one_dimensional", "A": "attractive"}


def metric_text(tx, m: dict) -> str:
    """NPS, CSAT and CES of one period, each written once: "NPS 29.9 (95% interval 24.5 to 35.3), …"."""
    parts = []
    for key, fmt in (("nps", lambda v: tx.n(v, 1)), ("csat", lambda v: tx.pct(v, 1)), ("ces", lambda v: tx.n(v, 2))):
        v = m.get(key) or {}
        if v.get("value") is None:
            continue
        parts.append(tx.tr(f"rpt.metric.{key}", value=fmt(v["value"]), low=fmt(v.get("ci_low")), high=fmt(v.get("ci_high"))))
    return ", ".join(parts)


def touchpoint_names(d) -> dict:
    """``{touchpoint id: name}`` from every part of a stage 04 result that names touchpoints."""
    names = {}
    for key in ("pain_points", "moments_at_risk", "moves", "unobserved_touchpoints"):
        for r in d.get(key) or []:
            if r.get("touchpoint") and r.get("name"):
                names[r["touchpoint"]] = r["name"]
    for r in (d.get("sentiment") or {}).get("by_touchpoint") or []:
        if r.get("touchpoint") and r.get("name"):
            names[r["touchpoint"]] = r["name"]
    return names


def _feature(tx, f) -> str:
    from .inputs import feature_label

    return feature_label(f) if f is not None else tx.humanise(f)


def finding_texts(tx, d, tps: dict | None = None) -> list[str]:
    """The findings of a stage 04 result ``d`` as sentences in ``tx``'s language."""
    tps = touchpoint_names(d) if tps is None else tps
    out = []
    kano = d.get("kano") or []
    for code in ("M", "O", "A"):
        feats = [_feature(tx, k["feature"]) for k in kano if k.get("category") == code]
        if feats:
            out.append(tx.tr(f"rpt.find.kano_{_KANO[code]}", features=tx.join(feats)))
    for w in d.get("must_be_weak") or []:
        out.append(tx.tr("rpt.find.must_be_weak", feature=_feature(tx, w.get("feature")),
                         touchpoint=w.get("touchpoint_name") or tps.get(w.get("worst_touchpoint"), tx.humanise(w.get("worst_touchpoint"))),
                         rating=tx.n(w.get("mean_rating"), 2)))
    pp = d.get("pain_points") or []
    if pp:
        out.append(tx.tr("rpt.find.pain", items=tx.join(f"{p['name']} ({tx.n(p['mean'], 2)})" for p in pp)))
    mar = d.get("moments_at_risk") or []
    if mar:
        target = (d.get("journey") or {}).get("scale", {}).get("target") or mar[0].get("target")
        out.append(tx.tr("rpt.find.moments", target=tx.n(target, 0), items=tx.join(
            f"{p['name']} ({tx.n(p['mean'], 2)})" if p.get("mean") is not None else f"{p['name']} ({tx.tr('frx.not_rated')})"
            for p in mar)))
    pg = d.get("privacy_gaps") or []
    if pg:
        out.append(tx.count("rpt.find.privacy", len(pg), items=tx.join(
            f"{g.get('observes') or tx.humanise(g.get('data_point'))} ({tps.get(g.get('touchpoint'), tx.humanise(g.get('touchpoint')))})"
            for g in pg)))
    un = [u for u in d.get("unobserved_touchpoints") or [] if u.get("moment_of_truth")]
    if un:
        out.append(tx.tr("rpt.find.unobserved", items=tx.join(u.get("name") or tx.humanise(u["touchpoint"]) for u in un)))
    s = d.get("sentiment") or {}
    if (s.get("overall") or {}).get("n"):
        most = s.get("most_negative_touchpoint") or {}
        out.append(tx.tr("rpt.find.sentiment", share=tx.pct(s["overall"].get("pct_negative")),
                         touchpoint=most.get("name") or tx.humanise(most.get("touchpoint")),
                         touch_share=tx.pct(most.get("pct_negative"))))
    return out


def _region_gap(tx, m) -> str | None:
    """The widest NPS gap between regions with its test, or None."""
    wb = next((t for t in m.get("region_tests") or [] if t.get("metric") == "nps" and t.get("worst_best")), None)
    if not wb:
        return None
    p = wb["p_adjusted"]
    return tx.tr("frx.find.nps_regions." + ("real" if wb["significant"] else "noise"),
                 low_region=wb["region_b"], low=tx.n(wb["value_b"], 1), high_region=wb["region_a"],
                 high=tx.n(wb["value_a"], 1), diff=tx.n(wb["difference"], 1), ci_low=tx.n(wb["ci_low"], 1),
                 ci_high=tx.n(wb["ci_high"], 1), p=("< " + tx.n(0.001, 3)) if p < 0.001 else "= " + tx.n(p, 3))


def findings(result: dict, language: str = "en") -> list[str]:
    """Short sentences for the end of the stage, from a :func:`~sedamkit.stages.customer_experience.summary.stage_result`
    dict, in ``language``: the latest quarter's NPS, CSAT and CES, the findings (:func:`finding_texts`)
    and the widest NPS gap between regions with its test."""
    tx = Prose(language)
    m = result.get("metrics") or {}
    out = []
    if m.get("overall"):
        out.append(tx.tr("frx.find.metrics", quarter=tx.period(m.get("quarter")), metrics=metric_text(tx, m["overall"])))
        gap = _region_gap(tx, m)
        if gap:
            out.append(gap)
    return out + finding_texts(tx, result)


def reliability_reason(language: str = "en") -> str:
    """Why no Cronbach's alpha is computed for the customer survey (no multi-item Likert block)."""
    return Prose(language).tr("frx.cx.no_alpha")


def notebook_text(key: str, language: str = "en", **fields) -> str:
    """A fixed line of notebook 04 (``frx.cx.<key>`` of ``ui_frx.yaml``) in ``language``: a table's
    heading (``pain_points``, ``moments_at_risk``, ``privacy_gaps``, ``unobserved``), a note when there
    is nothing to show (``one_region``, ``no_ipa``, ``no_ideas``) or the line under the result
    (``result_written``, with ``path``)."""
    return Prose(language).tr(f"frx.cx.{key}", **fields)
