"""Stage 04's section of the client report: ``section(ctx)`` returns the executive-summary lines and
the section's HTML (``ctx`` is a :class:`sedamkit.delivery.report.ReportContext`).

The findings are written here from the result's numbers, in the report's language (not the stage's
English sentences); touchpoints are named by the journey, Kano features by their names. A part whose
data is missing says in one line what data it needs. The region tests (``metrics.region_tests``) and the
delight indicators (``metrics.delight``) get a short table each, with each test's name and a plain
verdict after Holm's correction."""
from __future__ import annotations

from ...core.text import esc
from .texts import finding_texts, metric_text, touchpoint_names

__all__ = ["section", "metric_text"]

_KANO = {"M": "must_be", "O": "one_dimensional", "A": "attractive", "I": "indifferent", "R": "reverse", "Q": "questionable"}


def _region_tests(ctx, m) -> str:
    import pandas as pd

    tests = pd.DataFrame(m.get("region_tests") or [])
    if tests.empty:
        return ""
    tests["metric_name"] = tests["metric"].map(lambda x: ctx.tr(f"rpt.metric_name.{x}") if x in ("nps", "csat", "ces", "ces_agree") else str(x).upper())
    tests["pair"] = [ctx.tr("rpt.vs", a=a, b=b) for a, b in zip(tests["region_a"], tests["region_b"])]
    tests["interval"] = [ctx.tr("rpt.interval", low=ctx.signed(lo, 1), high=ctx.signed(hi, 1)) for lo, hi in zip(tests["ci_low"], tests["ci_high"])]
    tests["test"] = tests["method"].map(lambda x: ctx.tr(f"std.test.{x}") if x in ("welch_t", "newcombe", "nps_normal") else ctx.humanise(x))
    tests["verdict"] = tests["significant"].map(lambda s: ctx.tr("std.test.significant") if s is True else ctx.tr("std.test.not_significant"))
    n_sig = int((tests["significant"] == True).sum())  # noqa: E712 — NaN is not significant
    lead = ctx.count("rpt.region_tests_lead", n_sig, total=ctx.n(len(tests)))
    return (f"<h3>{esc(ctx.tr('rpt.h.region_tests'))}</h3><p>{esc(lead)}</p>"
            + ctx.table(tests, "region_tests", ctx.tr("rpt.cap_region_tests", quarter=ctx.period(m.get("quarter"))),
                        cols=[("metric_name", "rpt.col.measure", "text"), ("pair", "rpt.col.regions", "text"),
                              ("difference", "rpt.col.difference", "signed"), ("interval", "rpt.col.interval", "text"),
                              ("p_adjusted", "rpt.col.p_holm", "p"), ("test", "rpt.col.test", "text"),
                              ("verdict", "rpt.col.verdict", "text")]))


def _delight(ctx, m) -> str:
    import pandas as pd

    dl = m.get("delight") or {}
    rows = [{"label": ctx.tr(f"std.delight.{k}") if k in ("csat_top_box", "nps_top_score", "delighted_comments") else v.get("label"),
             "value": v.get("value"), "interval": ctx.tr("rpt.interval", low=ctx.pct(v.get("ci_low"), 1), high=ctx.pct(v.get("ci_high"), 1)),
             "n": v.get("n")} for k, v in dl.items() if isinstance(v, dict) and v.get("value") is not None]
    if not rows:
        return ""
    return (f"<h3>{esc(ctx.tr('rpt.h.delight'))}</h3>"
            + ctx.table(pd.DataFrame(rows), "delight", ctx.tr("rpt.cap_delight"),
                        cols=[("label", "rpt.col.indicator", "text"), ("value", "rpt.col.share", "pct1"),
                              ("interval", "rpt.col.interval", "text"), ("n", "rpt.col.n", "int")]))


def section(ctx):
    import pandas as pd

    d = ctx.results["04_customer_experience"]
    metrics = d.get("metrics") or {}
    skipped = d.get("skipped") or {}
    tps = touchpoint_names(d)
    q = ctx.period(metrics.get("quarter"))
    facts = [metric_text(ctx, metrics.get("overall") or {})]
    if d.get("pain_points") or d.get("moments_at_risk"):
        facts.append(ctx.count("rpt.sum_cx_pain", len(d.get("pain_points") or []),
                               moments=ctx.n(len(d.get("moments_at_risk") or []))))
    if d.get("must_be_weak"):
        facts.append(ctx.count("rpt.sum_cx_basics", len(d["must_be_weak"])))
    head = ctx.tr("report.sum_cx", quarter=q) if q else ctx.stage_title("04_customer_experience")
    summary = [("reason", f"<b>{esc(head)}:</b> " + esc("; ".join(f for f in facts if f)) + ".")]
    known = ("kano", "metrics", "journey", "ratings")
    if len(skipped) == 1:
        k = next(iter(skipped))
        body = [ctx.missing(f"rpt.cx_missing.{k}" if k in known else "rpt.cx_missing.other")]
    elif skipped:  # one line for every part left out
        body = [ctx.missing("rpt.cx_missing_many", parts="; ".join(
            ctx.tr(f"rpt.cx_part.{k}") if k in known else ctx.humanise(k) for k in skipped))]
    else:
        body = []
    body.append("<ul>" + "".join(f"<li>{esc(f)}</li>" for f in finding_texts(ctx, d, tps)) + "</ul>")
    body.append(_region_tests(ctx, metrics))
    body.append(_delight(ctx, metrics))
    kano = pd.DataFrame(d.get("kano") or [])
    if not kano.empty:
        kano["feature_name"] = kano["feature"].map(ctx.humanise)
        kano["category_word"] = kano["category"].map(lambda c: ctx.tr(f"rpt.kano.{_KANO[c]}") if c in _KANO else str(c))
        alt = ctx.tr("rpt.alt_kano") + ": " + "; ".join(
            f"{r.feature_name} {r.category_word} ({ctx.n(r.better, 2)} / {ctx.signed(r.worse, 2)})" for r in kano.itertuples()) + "."
        body.append(ctx.figure("04_kano_better_worse", alt, ctx.tr("report.cap_kano")))
        body.append(ctx.table(kano, "kano", ctx.tr("report.cap_kano_table"),
                              cols=[("feature_name", "rpt.col.feature", "text"), ("category_word", "rpt.col.category", "text"),
                                    ("better", "rpt.col.better", "n2"), ("worse", "rpt.col.worse", "signed2"),
                                    ("significant", "rpt.col.clear", "yesno"), ("n", "rpt.col.n", "int")]))
    if "ratings" not in skipped and "journey" not in skipped:
        alt = ctx.tr("rpt.alt_curve") + ": " + "; ".join(f"{p['name']} {ctx.n(p['mean'], 2)}" for p in d.get("pain_points", [])[:5]) + "."
        body.append(ctx.figure("04_emotion_curve", alt, ctx.tr("report.cap_curve")))
    if d.get("pain_points"):
        body.append(ctx.table(pd.DataFrame(d["pain_points"]), "pain_points", ctx.tr("report.cap_pain"),
                              cols=[("name", "rpt.col.touchpoint", "text"), ("mean", "rpt.col.mean", "n2"),
                                    ("n", "rpt.col.n", "int"), ("share_low", "rpt.col.share_low", "share")]))
    moves = pd.DataFrame(d.get("moves", []))
    if not moves.empty:
        moves["move_word"] = moves["move"].map(lambda x: ctx.tr("rpt.move." + x.replace(" ", "_")) if ctx.has("rpt.move." + x.replace(" ", "_")) else x)
        grouped = (moves.groupby("move_word", sort=False)["name"].agg(lambda s: ", ".join(dict.fromkeys(s)))
                   .reset_index())
        body.append(ctx.table(grouped, "touchpoint_moves", ctx.tr("report.cap_moves"), export=moves,
                              cols=[("move_word", "rpt.col.move", "text"), ("name", "rpt.col.touchpoints", "text")]))
    if d.get("privacy_gaps"):
        pg = pd.DataFrame(d["privacy_gaps"])
        pg["tp"] = pg["touchpoint"].map(lambda t: tps.get(t, ctx.humanise(t)))
        body.append(ctx.table(pg, "privacy_gaps", ctx.tr("report.cap_privacy"),
                              cols=[("observes", "rpt.col.observes", "text"), ("tp", "rpt.col.touchpoint", "text")]))
    neg = pd.DataFrame(d.get("negative_comments", []))
    if not neg.empty:
        neg["tp"] = neg["touchpoint"].map(lambda t: tps.get(t, ctx.humanise(t)))
        body.append(ctx.table(neg.head(8), "negative_comments", ctx.tr("report.cap_negative"), export=neg,
                              cols=[("tp", "rpt.col.touchpoint", "text"), ("comment", "rpt.col.comment", "text"),
                                    ("compound", "rpt.col.tone", "signed2")]))
    if "metrics" not in skipped:
        alt = ctx.tr("rpt.alt_nps_trend")
        body.append(ctx.figure("04_nps_trend", alt, ctx.tr("rpt.cap_nps_trend")))
    return summary, "\n".join(b for b in body if b)
