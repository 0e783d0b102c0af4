"""The DAAP as a programme to deliver (6.2): who measures each KPI, from which source and how often;
why each approach was chosen and how it meets each clause 4 principle; what each phase delivers and
what it actually spent. :func:`programme_warnings` adds the plan's warnings, :func:`delivery` is the
table stage 05 judges the programme's own delivery with.

Warning codes
-------------
PLAN104  a KPI names no owner, data source or measuring frequency
PLAN105  a chosen approach has no recorded reason, or no check against a clause 4 principle
"""
from __future__ import annotations

__all__ = ["programme_warnings", "delivery", "choices", "root_cause", "kpi_measurement", "kpi_measurement_shown",
           "delivery_shown", "delivered_text"]

_PRINCIPLES = ("best_fit", "security", "inclusivity", "ethics", "environment", "uniformity")


def _list(plan, key):
    v = plan.get(key) if isinstance(plan, dict) else None
    return [x for x in v if isinstance(x, dict)] if isinstance(v, list) else []


def programme_warnings(plan, warns) -> None:
    """Add PLAN104 and PLAN105 to ``warns`` (a :class:`~sedamkit.core.errors.Problems`)."""
    for i, k in enumerate(plan.get("kpis") or [] if isinstance(plan.get("kpis"), list) else []):
        if not isinstance(k, dict):
            continue
        missing = [f for f in ("owner", "data_source", "frequency") if not k.get(f)]
        if missing:
            warns.add("PLAN104", f"kpis[{i}]", f"KPI {k.get('id')!r} names no {', '.join(missing)}",
                      "add owner (who measures it), data_source (where the figures come from) and frequency "
                      "(weekly, monthly, quarterly, half_yearly or yearly)")
    chosen = {c.get("approach"): (i, c) for i, c in enumerate(_list(plan, "choices"))}
    used = []
    for p in _list(plan, "phases"):
        for a in p.get("approaches") or []:
            aid = a if isinstance(a, str) else (a.get("approach") if isinstance(a, dict) else None)
            if aid and aid not in used:
                used.append(aid)
    unchosen = [a for a in used if a not in chosen]
    if unchosen:
        warns.add("PLAN105", "choices", f"no recorded reason for {len(unchosen)} approach(es): {', '.join(unchosen)}",
                  "add '- approach: <id>' under choices with reason: and principles: (one line per clause 4 "
                  "principle)")
    for aid, (i, c) in chosen.items():
        gaps = [] if c.get("reason") else ["reason"]
        checked = {k for k, v in (c.get("principles") or {}).items() if isinstance(v, str) and v.strip()}
        gaps += [p for p in _PRINCIPLES if p not in checked]
        if gaps:
            warns.add("PLAN105", f"choices[{i}]", f"approach {aid!r} has no {', '.join(gaps)}",
                      "give the reason and one short check per clause 4 principle (best_fit, security, "
                      "inclusivity, ethics, environment, uniformity)")


def kpi_measurement(plan):
    """Who measures each KPI, from what and how often (6.2 a) 3)): ``kpi_id``, ``name``, ``owner``,
    ``data_source``, ``frequency`` (None when not written) and ``complete`` (all three written).

    >>> kpi_measurement({"kpis": [{"id": "K1", "name": "CSAT", "owner": "CX lead", "frequency": "quarterly"}]})[
    ...     ["kpi_id", "data_source", "complete"]].values.tolist()
    [['K1', None, False]]
    """
    import pandas as pd

    rows = [{"kpi_id": k.get("id"), "name": k.get("name"),
             **{f: (k.get(f) or None) for f in ("owner", "data_source", "frequency")}} for k in _list(plan, "kpis")]
    out = pd.DataFrame(rows, columns=["kpi_id", "name", "owner", "data_source", "frequency"])
    out["complete"] = out[["owner", "data_source", "frequency"]].notna().all(axis=1)
    return out


def kpi_measurement_shown(plan, language: str | None = "en"):
    """:func:`kpi_measurement` as notebook 02 shows it, in ``language``: headers from the catalogue
    (``clz.nb02.col.*``), the kit's KPI name in ``language`` when the plan gives none or keeps the kit's
    English (a name the client wrote stays), a field not written as "—", ``complete`` as yes / no.
    For display only — :func:`kpi_measurement` is the data.

    >>> kpi_measurement_shown({"kpis": [{"id": "K1", "kpi": "nps", "owner": "CX"}]}, "fr").iloc[0].tolist()
    ['K1', 'Score de recommandation net (NPS)', 'CX', '—', '—', 'non']
    """
    from ...core.i18n import t
    from ...core.kittext import kit_text
    from ...core.numfmt import MISSING

    out = kpi_measurement(plan)
    names = [(k.get("kpi"), k.get("name") or None) for k in _list(plan, "kpis")]
    out["name"] = [kit_text("kpi", i, language, shown=n) if i else (n or MISSING) for i, n in names]
    for f in ("owner", "data_source", "frequency"):
        out[f] = [MISSING if v is None or v != v else str(v) for v in out[f]]   # None, or NaN beside text
    out["complete"] = out["complete"].map(lambda v: t("clz.yes" if v else "clz.no", language)).astype(object)
    return out.rename(columns={c: t(f"clz.nb02.col.{c}", language) for c in out.columns})


def choices(plan):
    """The choices as a DataFrame: ``approach``, ``reason``, one column per clause 4 principle (the check,
    or None), ``root_cause``."""
    import pandas as pd

    rows = [{"approach": c.get("approach"), "reason": c.get("reason"),
             **{p: (c.get("principles") or {}).get(p) for p in _PRINCIPLES}, "root_cause": c.get("root_cause")}
            for c in _list(plan, "choices")]
    return pd.DataFrame(rows, columns=["approach", "reason", *_PRINCIPLES, "root_cause"])


def root_cause(plan, approach):
    """The root cause recorded for ``approach`` under the plan's choices, or None."""
    for c in _list(plan, "choices"):
        if c.get("approach") == approach and isinstance(c.get("root_cause"), str) and c["root_cause"].strip():
            return c["root_cause"].strip()
    return None


def delivered_text(tx, n_due: int, n_done: int) -> str:
    """"2 of 3 phases due so far have been delivered." (French agrees with the phases delivered)."""
    one = n_due == 1 if tx.language == "en" else n_done <= 1
    return tx.tr(f"rpt.delivery_lead.{'one' if one else 'other'}", n=tx.n(n_due), done=tx.n(n_done))


def delivery(plan, as_of=None, language: str = "en"):
    """Delivery of the programme itself, per phase: planned against delivered, spend against budget.

    Returns a DataFrame: ``phase``, ``name``, ``end`` (planned), ``status`` (as recorded; ``"not
    recorded"`` when absent), ``due`` (the planned end is on or before ``as_of``), ``delivered``
    (bool), ``deliverables`` (count), ``budget``, ``spent`` (None when not recorded), ``spend_ratio``
    (spent / budget), and a final row ``phase="total"``: ``status`` says how many due phases were delivered,
    ``delivered`` is True when all were, budget and spent are summed over the phases that record both.
    In a ``language`` other than English the statuses are words of that language (``en``: the plan's ids).

    >>> plan = {"phases": [{"id": "P1", "name": "A", "end": "2025-03-31", "status": "delivered",
    ...          "resources": {"budget": 100}, "spent": 120, "deliverables": ["x"]},
    ...         {"id": "P2", "name": "B", "end": "2025-12-31", "resources": {"budget": 50}}]}
    >>> d = delivery(plan, as_of="2025-06-30")
    >>> d[["phase", "status", "due", "delivered", "spend_ratio"]].values.tolist()
    [['P1', 'delivered', True, True, 1.2], ['P2', 'not recorded', False, False, nan], ['total', '1 of 1 phase due so far has been delivered.', True, True, 1.2]]
    """
    import datetime as dt

    import pandas as pd

    as_of = pd.Timestamp(as_of or dt.date.today())
    rows = []
    for p in _list(plan, "phases"):
        budget = p["budget"] if "budget" in p else (p.get("resources") or {}).get("budget")   # a result or a plan
        spent = p.get("spent")
        end = pd.to_datetime(str(p.get("end")), errors="coerce")
        rows.append({"phase": p.get("id"), "name": p.get("name"), "end": str(p.get("end")),
                     "status": p.get("status") or "not recorded", "due": bool(end == end and end <= as_of),
                     "delivered": p.get("status") == "delivered", "deliverables": len(p.get("deliverables") or []),
                     "budget": budget, "spent": spent,
                     "spend_ratio": round(spent / budget, 3) if isinstance(spent, (int, float)) and budget else None})
    both = [r for r in rows if isinstance(r["spent"], (int, float)) and r["budget"]]
    b, s = sum(r["budget"] for r in both), sum(r["spent"] for r in both)
    n_due, n_done = sum(r["due"] for r in rows), sum(r["delivered"] and r["due"] for r in rows)
    from ...core.prose import Prose

    tx = Prose(language)
    if tx.language != "en":
        for r in rows:
            key = f"rpt.phase_status.{r['status']}"
            r["status"] = tx.tr(key) if tx.has(key) else tx.tr("rpt.phase_status.none") if r["status"] == "not recorded" else r["status"]
    rows.append({"phase": "total", "name": "", "end": "", "status": delivered_text(tx, n_due, n_done),
                 "due": n_due > 0, "delivered": n_due > 0 and n_done == n_due,
                 "deliverables": sum(r["deliverables"] for r in rows), "budget": b or None, "spent": s or None,
                 "spend_ratio": round(s / b, 3) if b else None})
    return pd.DataFrame(rows)


def delivery_shown(plan, language: str | None = "en", as_of=None):
    """:func:`delivery` as notebook 02 shows it: statuses and the total row in ``language`` (as
    :func:`delivery` writes them), a figure not recorded as "—". For display only — :func:`delivery` is the data.

    >>> plan = {"phases": [{"id": "P1", "name": "A", "end": "2025-03-31", "status": "delivered"},
    ...                    {"id": "P2", "name": "B", "end": "2025-06-30"}]}
    >>> delivery_shown(plan, "en", as_of="2025-12-31")["spent"].tolist()
    ['—', '—', '—']
    """
    from ...core.numfmt import MISSING

    out = delivery(plan, as_of=as_of, language=language or "en")
    for col in ("spent", "spend_ratio"):
        out[col] = [MISSING if v is None or v != v else v for v in out[col]]
    return out
