"""The design project of ISO/TS 24082 (companion notebook 07), worked on a client's stage-04 data.

Everything here is read from the client's files (the demo when none is given): the journey and its
touchpoint ratings, the Kano survey, the relationship survey and the comments. Nothing names a demo id.

- :func:`principles_table`, :func:`self_check` — the four principles of clause 4 and a 1–5 self-check;
- :func:`design_process` — the activities of clause 5 in order (5.1), what each produces and where the kit
  does it;
- :func:`project_plan` — a first plan of a design project (5.2) scoped on the client's weakest journey stage;
- :func:`persona`, :func:`empathy_map` — empathy tools (5.3.3) built from the data;
- :func:`design_challenge` — problem and ideal-state statements and "how might we" questions (5.4.2);
- :func:`value_proposition` — a draft unique value proposition from the Kano results (5.4.3);
- :func:`evaluate_design` — a design option judged from the customer, capability and sustainability
  perspectives (5.7).

Error codes
-----------
DES001  a self-check answer is not a whole number from 1 to 5, or names no known question
DES002  a design option lacks a perspective score, or a score is not a whole number from 1 to 5

>>> inp = load_demo()
>>> ch = design_challenge(inp)
>>> ch["hmw"][0].startswith("How might we")
True
>>> evaluate_design({"customer": 4, "capability": 2, "sustainability": 4})["verdict"]
'rework'
"""
from __future__ import annotations

import pandas as pd

from ...core.errors import Problems
from .content import ACTIVITIES, DESIGN_PRINCIPLES, PERSPECTIVES, SELF_CHECK
from .texts import label, perspective_lines, persona_lines, self_check_lines, situation_lines

__all__ = ["DESIGN_PRINCIPLES", "SELF_CHECK", "ACTIVITIES", "PERSPECTIVES", "load_demo", "principles_table",
           "self_check", "design_process", "weakest_stage", "project_plan", "persona", "empathy_map",
           "design_challenge", "value_proposition", "evaluate_design", "PASS_FROM", "self_check_lines",
           "situation_lines", "perspective_lines", "persona_lines", "label", "model_question"]

#: A perspective passes from this score (1–5) on; a design passes when every perspective does.
PASS_FROM = 3


def load_demo():
    """The demo client's stage-04 inputs (for examples and tests)."""
    from ..customer_experience.api import DEMO_CLIENT, load_inputs

    return load_inputs(DEMO_CLIENT)


def principles_table(language: str = "en") -> pd.DataFrame:
    """The four principles: ``clause`` (24082), ``principle``, ``asks`` (the kit's words), in ``language``."""
    from .texts import principle_asks, principle_name

    return pd.DataFrame([{"clause": c, "principle": principle_name(pid, language), "asks": principle_asks(pid, language)}
                         for pid, (c, _, _) in DESIGN_PRINCIPLES.items()])


def _whole_1_5(v) -> int | None:
    if isinstance(v, bool):
        return None
    try:
        x = float(str(v).strip())
    except (TypeError, ValueError):
        return None
    return int(x) if x.is_integer() and 1 <= x <= 5 else None


def self_check(answers, language: str = "en") -> pd.DataFrame:
    """Score the principle self-check: ``answers`` maps question numbers (1…8, as in :data:`SELF_CHECK`) to
    1–5; unanswered questions are left out. ``name`` and ``next_step`` are in ``language``.

    Returns ``principle``, ``clause``, ``name``, ``n_answered``, ``score`` (0–100: (mean − 1) / 4 × 100, NaN
    when nothing is answered), ``weak`` (score below 50), ``next_step``. Raises DES001 for a bad answer.

    >>> self_check({1: 5, 2: 3, 3: 1})[["principle", "score", "weak"]].head(2).to_dict("records")
    [{'principle': 'emotional', 'score': 75.0, 'weak': False}, {'principle': 'adaptive', 'score': 0.0, 'weak': True}]
    """
    from .texts import label, principle_asks, principle_name

    probs = Problems()
    got: dict = {}
    for k, v in dict(answers or {}).items():
        key = str(k).strip()
        q = int(key) if key.isdigit() and 1 <= int(key) <= len(SELF_CHECK) else None
        if q is None:
            probs.add("DES001", f"question {k!r}", "no such self-check question",
                      f"number the questions 1 to {len(SELF_CHECK)}")
            continue
        if v is None:
            continue
        a = _whole_1_5(v)
        if a is None:
            probs.add("DES001", f"question {q}", f"answer {v!r} is not a whole number from 1 to 5",
                      "answer 1 (not at all) … 5 (fully), or leave it out")
            continue
        got[q] = a
    probs.raise_if_any()
    rows = []
    for pid, (clause, name, asks) in DESIGN_PRINCIPLES.items():
        vals = [got[i + 1] for i, (p, _) in enumerate(SELF_CHECK) if p == pid and i + 1 in got]
        score = (sum(vals) / len(vals) - 1) / 4 * 100 if vals else float("nan")
        weak = bool(vals) and score < 50
        step = (label("step.answer", language) if not vals else
                label("step.work", language, asks=principle_asks(pid, language)) if weak else label("step.keep", language))
        rows.append({"principle": pid, "clause": clause, "name": principle_name(pid, language), "n_answered": len(vals),
                     "score": round(score, 1) if vals else score, "weak": weak, "next_step": step})
    return pd.DataFrame(rows)


def design_process(language: str = "en") -> pd.DataFrame:
    """The design activities of clause 5 in their usual order (5.1.2 fixes none; they feed each other and are
    repeated): ``clause``, ``activity``, ``produces``, ``in_the_kit``, in ``language``."""
    from .texts import activities

    return pd.DataFrame([dict(zip(("clause", "activity", "produces", "in_the_kit"), a)) for a in activities(language)])


def _curve(inputs):
    from ...methods.journey import emotion_curve

    return emotion_curve(inputs.journey, inputs.ratings)


def weakest_stage(inputs) -> dict:
    """The journey stage with the lowest mean touchpoint rating, and its weakest touchpoint.

    Returns ``stage``, ``stage_name``, ``mean`` (of its rated touchpoints), ``touchpoint``, ``touchpoint_name``,
    ``touchpoint_mean``, ``moment_of_truth`` (of that touchpoint).
    """
    c = _curve(inputs).dropna(subset=["mean"])
    by = c.groupby(["stage", "stage_name"], sort=False)["mean"].mean().reset_index()
    st = by.sort_values("mean", kind="stable").iloc[0]
    tp = c[c.stage == st.stage].sort_values("mean", kind="stable").iloc[0]
    return {"stage": str(st.stage), "stage_name": str(st.stage_name), "mean": float(st["mean"]),
            "touchpoint": str(tp.touchpoint), "touchpoint_name": str(tp["name"]),
            "touchpoint_mean": float(tp["mean"]), "moment_of_truth": bool(tp.moment_of_truth)}


def project_plan(inputs, *, weeks: int = 10, language: str = "en") -> pd.DataFrame:
    """A first plan of a design project (5.2) on the client's weakest journey stage.

    One row per phase: ``phase``, ``clause`` (24082), ``weeks`` (whole weeks, summing to ``weeks`` when
    ``weeks`` ≥ 6), ``customers_involved`` (how), ``methods``, ``responsible``, ``deliverable``; time for an
    iteration is planned from the start. The scope line (stage, touchpoint, target customers) is in
    ``DataFrame.attrs["scope"]``. Text in ``language`` (``en`` or ``fr``).
    """
    from ...core.prose import Prose
    from .texts import label

    tx = Prose(language)
    w = weakest_stage(inputs)
    share = (("Plan and set up", "5.2", 1, "recruit 8–12 customers for interviews and tests",
              "stakeholder map, risk and opportunity list", "project lead", "project charter"),
             ("Understand and empathize", "5.3", 2, "interviews, shadowing a visit, the survey data",
              "interviews, shadowing, Kano and journey data", "design team", "persona and empathy map"),
             ("Define the challenge", "5.4", 1, "customers check the problem statement",
              "problem and ideal-state statements, 'how might we'", "design team",
              "design challenge and value proposition"),
             ("Design touchpoints and data points", "5.5–5.6", 3, "co-design workshop",
              "journey mapping, touchpoint moves, co-creation grid", "design team with front-line staff",
              "new journey stage, touchpoint moves, data points"),
             ("Prototype and evaluate", "5.7", 2, "customers test the prototype",
              "prototype tests, capability and sustainability review", "project lead with operations",
              "evaluation on three perspectives"),
             ("Iterate", "5.1.2", 1, "customers test the revised design", "repeat the step that fell short",
              "design team", "revised design"))
    # every phase gets one week; the rest goes by weight, largest remainders first
    total = sum(x[2] for x in share)
    spare = max(0, int(weeks) - len(share))
    exact = [x[2] * spare / total for x in share]
    alloc = [1 + int(e) for e in exact]
    for i in sorted(range(len(share)), key=lambda i: exact[i] - int(exact[i]), reverse=True)[:spare - sum(int(e) for e in exact)]:
        alloc[i] += 1
    if tx.language != "en":
        share = [(tx.tr(f"frx.dp.plan.{i}.phase"), x[1], x[2], tx.tr(f"frx.dp.plan.{i}.customers"),
                  tx.tr(f"frx.dp.plan.{i}.methods"), tx.tr(f"frx.dp.plan.{i}.responsible"),
                  tx.tr(f"frx.dp.plan.{i}.deliverable")) for i, x in enumerate(share, start=1)]
    df = pd.DataFrame([{"phase": x[0], "clause": x[1], "weeks": a, "customers_involved": x[3], "methods": x[4],
                        "responsible": x[5], "deliverable": x[6]} for x, a in zip(share, alloc)])
    who = persona(inputs).get("customer_type")
    n2 = (lambda v: f"{v:.2f}") if tx.language == "en" else (lambda v: tx.n(v, 2))
    df.attrs["scope"] = (label("scope", language, stage=w["stage_name"], mean=n2(w["mean"]), touchpoint=w["touchpoint_name"],
                               tp_mean=n2(w["touchpoint_mean"]))
                         + (label("scope_who", language, who=who) if who else "."))
    return df


def persona(inputs) -> dict:
    """A data-based persona sketch: the commonest customer type and region of the Kano survey, the channel
    most used in the relationship survey, the feature they count on most (the Kano must-be or one-dimensional
    feature with the largest Worse) and what delights them most (largest Better among attractive features).

    Keys: ``customer_type``, ``share``, ``region``, ``channel``, ``counts_on``, ``delighted_by``, ``frustration``
    (the lowest-rated touchpoint), ``journey_persona`` (the journey file's own persona line, if any).
    """
    from ..customer_experience.analysis import kano_categories

    k = inputs.kano_survey
    out = {}
    if "customer_type" in k.columns and k["customer_type"].notna().any():
        vc = k["customer_type"].astype(str).value_counts()
        out.update(customer_type=vc.index[0], share=round(float(vc.iloc[0] / vc.sum()), 2))
    else:
        out.update(customer_type=None, share=None)
    out["region"] = (k["region"].astype(str).value_counts().index[0] if "region" in k.columns and k["region"].notna().any()
                     else None)
    cx = inputs.cx_survey
    out["channel"] = (cx["channel"].astype(str).value_counts().index[0] if "channel" in cx.columns and len(cx) else None)
    s = kano_categories(inputs)
    core = s[s["category"].isin(["M", "O"])].sort_values("worse", kind="stable")
    out["counts_on"] = str(core.iloc[0]["feature"]) if len(core) else None
    att = s[s["category"] == "A"].sort_values("better", ascending=False, kind="stable")
    out["delighted_by"] = str(att.iloc[0]["feature"]) if len(att) else None
    w = _curve(inputs).dropna(subset=["mean"]).sort_values("mean", kind="stable")
    out["frustration"] = str(w.iloc[0]["name"]) if len(w) else None
    out["journey_persona"] = (inputs.journey.meta or {}).get("persona")
    return out


def empathy_map(inputs, *, k: int = 2, language: str = "en") -> pd.DataFrame:
    """An empathy map from the data: four quadrants, ``quadrant`` (says, thinks, does, feels) and ``evidence``
    (one row each, up to ``k`` items joined), with ``source`` saying which data it comes from.

    *Says*: the most positive and most negative comments; *thinks*: the features customers expect (Kano
    must-be) and those they are indifferent to; *does*: the channels they use, by share; *feels*: the
    highest- and lowest-rated touchpoints. What the data cannot show (e.g. what people think but never say)
    is for interviews and shadowing to add. Text in ``language`` (quadrant ids stay as they are).
    """
    from ...core.prose import Prose
    from .texts import label

    tx = Prose(language)
    en = tx.language == "en"
    from ..customer_experience.analysis import kano_categories
    from ...methods.sentiment import score_comments

    r = inputs.ratings
    says = []
    if "comment" in r.columns and r["comment"].notna().any():
        sc = score_comments(r.dropna(subset=["comment"]))
        sc = sc.drop_duplicates("comment").sort_values("compound", kind="stable")
        says = [f"“{c}”" for c in list(sc["comment"].head(1)) + list(sc["comment"].tail(1))]
    s = kano_categories(inputs)
    must = ", ".join(map(str, s.loc[s.category == "M", "feature"])) or label("em.none_found", language)
    indiff = ", ".join(map(str, s.loc[s.category == "I", "feature"].head(k))) or label("em.none_found", language)
    cx = inputs.cx_survey
    does = (", ".join(f"{ch} {sh:.0%}" if en else f"{ch} {tx.share(sh)}"
                      for ch, sh in cx["channel"].astype(str).value_counts(normalize=True).items())
            if "channel" in cx.columns and len(cx) else label("em.no_channels", language))
    c = _curve(inputs).dropna(subset=["mean"]).sort_values("mean", kind="stable")
    feels = (label("em.feels", language, best=", ".join(c["name"].tail(k)[::-1]), worst=", ".join(c["name"].head(k)))
             if len(c) else label("em.no_ratings", language))
    return pd.DataFrame([
        {"quadrant": "says", "evidence": " · ".join(says) or label("em.no_comments", language),
         "source": label("em.src.says", language)},
        {"quadrant": "thinks", "evidence": label("em.thinks", language, must=must, indiff=indiff),
         "source": label("em.src.thinks", language)},
        {"quadrant": "does", "evidence": does, "source": label("em.src.does", language)},
        {"quadrant": "feels", "evidence": feels, "source": label("em.src.feels", language)},
    ])


def design_challenge(inputs, *, n: int = 3, language: str = "en") -> dict:
    """The design challenge (5.4.2) from the data: a ``problem`` statement, an ``ideal`` (ideal-state)
    statement and up to ``n`` ``hmw`` ("how might we") questions, one per weakest touchpoint, moments of truth
    first. Also ``touchpoints`` (the ids used, in that order). In ``language`` (``en`` or ``fr``: French
    questions start « Comment pourrions-nous … »)."""
    from ...core.prose import Prose
    from .texts import label

    tx = Prose(language)
    n2 = (lambda v: f"{v:.2f}") if tx.language == "en" else (lambda v: tx.n(v, 2))
    g = (lambda v: f"{v:g}") if tx.language == "en" else (lambda v: tx.n(v, 0 if float(v).is_integer() else 2))
    c = _curve(inputs).dropna(subset=["mean"])
    neutral, target = inputs.journey.scale["neutral"], inputs.journey.scale["target"]
    low = c[c["mean"] < target].sort_values(["moment_of_truth", "mean"], ascending=[False, True], kind="stable")
    low = low.head(n)
    w = weakest_stage(inputs)
    problem = label("problem", language, touchpoint=w["touchpoint_name"], mean=n2(w["touchpoint_mean"]),
                    low=g(inputs.journey.scale["min"]), high=g(inputs.journey.scale["max"]), neutral=g(neutral),
                    stage=w["stage_name"])
    ideal = label("ideal", language, stage=w["stage_name"], target=g(target))
    hmw = [label("hmw.moment" if row.moment_of_truth else "hmw.easy", language, name=row["name"], mean=n2(row["mean"]))
           for _, row in low.iterrows()]
    return {"problem": problem, "ideal": ideal, "hmw": hmw, "touchpoints": [str(t) for t in low["touchpoint"]]}


def value_proposition(inputs, *, organization: str | None = None, language: str = "en") -> dict:
    """A draft unique value proposition (5.4.3) from the Kano results: promise the must-be features without
    fail, compete on the best one-dimensional one, stand out with the strongest attractive one.

    Keys: ``basics`` (M), ``performance`` (O, largest Better), ``delighter`` (A, largest Better), ``statement``
    (in ``language``).
    """
    from .texts import label
    from ..customer_experience.analysis import kano_categories
    from ..customer_experience.inputs import feature_label

    s = kano_categories(inputs)

    def top(cat, col="better"):
        d = s[s.category == cat].sort_values(col, ascending=False, kind="stable")
        return [str(f) for f in d["feature"]]

    basics, perf, att = top("M"), top("O"), top("A")
    lab = lambda f: feature_label(f)  # noqa: E731
    who = organization or inputs.client.get("name") or label("vp.we", language)
    parts = []
    if basics:
        parts.append(label("vp.basics", language, items=", ".join(lab(f) for f in basics)))
    if perf:
        parts.append(label("vp.best", language, item=lab(perf[0])))
    if att:
        parts.append(label("vp.surprises", language, item=lab(att[0])))
    statement = f"{who} " + (", ".join(parts[:-1]) + " " + label("vp.and", language) + " " + parts[-1] if len(parts) > 1 else
                             (parts[0] if parts else label("vp.nothing", language))) + "."
    return {"basics": basics, "performance": perf[:1], "delighter": att[:1], "statement": statement}


def model_question(touchpoint_name, language: str = "en") -> str:
    """Exercise 07-B's model answer: a "how might we" question about ``touchpoint_name`` in ``language``."""
    return label("model_hmw", language, name=touchpoint_name)


def evaluate_design(option) -> dict:
    """Judge a design option from the three perspectives of 5.7.

    ``option`` maps ``customer``, ``capability`` and ``sustainability`` to 1–5 (5 = fully convincing); other
    keys (``name``, notes) are kept. Returns ``scores``, ``failing`` (perspectives below :data:`PASS_FROM`),
    ``weakest`` and ``verdict``: ``go`` (all pass), ``rework`` (one fails), ``drop`` (two or more fail).
    Raises DES002 when a perspective is missing or a score is not a whole number from 1 to 5.
    """
    probs = Problems()
    scores = {}
    for p in PERSPECTIVES:
        v = (option or {}).get(p)
        a = _whole_1_5(v)
        if a is None:
            probs.add("DES002", p, "missing" if v is None else f"{v!r} is not a whole number from 1 to 5",
                      f"give {p} a score from 1 (not convincing) to 5 (fully convincing)")
        scores[p] = a
    probs.raise_if_any()
    failing = [p for p in PERSPECTIVES if scores[p] < PASS_FROM]
    weakest = min(PERSPECTIVES, key=lambda p: (scores[p], list(PERSPECTIVES).index(p)))
    verdict = "go" if not failing else "rework" if len(failing) == 1 else "drop"
    return {"name": (option or {}).get("name"), "scores": scores, "failing": failing, "weakest": weakest,
            "verdict": verdict}
