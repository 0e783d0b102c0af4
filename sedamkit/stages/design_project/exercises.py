"""Companion 07 exercise checks (registered on import): match situations to the four principles, write a
"how might we" question, judge a design option from the three perspectives."""
from __future__ import annotations

import re

from ...core.exercises import Feedback, answer_spec, exercise, msg, num
from .api import PASS_FROM, PERSPECTIVES, evaluate_design
from .content import DESIGN_PRINCIPLES

__all__ = ["SITUATIONS", "check_principle_match", "check_hmw_question", "check_design_evaluation",
           "expected_principle_match", "expected_design_evaluation"]

#: Exercise 07-A: situations (the kit's own) and the principle of 24082 clause 4 each shows best.
SITUATIONS = {
    "a": ("A technician may rearrange the visit when the customer explains the usual plan does not suit them "
          "today.", "adaptive"),
    "b": ("Customers vote in the app on which new option gets built next, and see the result.", "co_creative"),
    "c": ("The team studies the anxious wait before the technician arrives and designs to calm it.", "emotional"),
    "d": ("A much-loved idea is shelved because the company could not staff it every day of the week.",
          "consistent"),
}


def _principle(text) -> str | None:
    t = str(text or "").strip().casefold().replace("-", "_").replace(" ", "_")
    for pid, (clause, name, _) in DESIGN_PRINCIPLES.items():
        if t in (pid, clause, name.casefold().replace("-", "_").replace(" ", "_")) or (t and name.casefold().startswith(t.replace("_", " "))):
            return pid
    return None


def expected_principle_match(**_) -> dict:
    """Exercise 07-A's expected answer: ``{situation letter: principle id}`` (names and clauses as variants)."""
    variants = {pid: [clause, name] for pid, (clause, name, _) in DESIGN_PRINCIPLES.items()}
    return answer_spec({k: want for k, (_, want) in SITUATIONS.items()}, "mapping", variants=variants)


def expected_design_evaluation(option: dict, **_) -> dict:
    """Exercise 07-C's expected answer: the verdict and the weakest perspective."""
    want = evaluate_design(option)
    return answer_spec({"verdict": answer_spec(want["verdict"], "choice", choices=["go", "rework", "drop"]),
                        "weakest": answer_spec(want["weakest"], "choice", choices=list(PERSPECTIVES))}, "fields")


@exercise("07_principle_match", expected=expected_principle_match)
def check_principle_match(answer):
    """Exercise 07-A: ``answer`` maps each situation letter (a–d) to a principle: its id (``emotional``,
    ``adaptive``, ``co_creative``, ``consistent``), name or 24082 clause (``4.2`` …). Feedback names every
    mismatch with what the principle it shows asks."""
    ex = "07_principle_match"
    if not hasattr(answer, "items"):
        return Feedback(False, msg("learn.ex.07.pm_dict"), ex)
    given = {str(k).strip().casefold(): _principle(v) for k, v in answer.items()}
    missing = [k for k in SITUATIONS if not given.get(k)]
    if missing:
        return Feedback(False, msg("learn.ex.07.pm_missing", which=", ".join(missing), ids=", ".join(DESIGN_PRINCIPLES)),
                        ex)
    wrong = [k for k, (_, want) in SITUATIONS.items() if given[k] != want]
    if not wrong:
        return Feedback(True, msg("learn.ex.07.pm_right"), ex)
    tips = [msg("learn.ex.07.pm_wrong", k=k, given=given[k], says=msg(f"learn.principle.{SITUATIONS[k][1]}"))
            for k in wrong]
    return Feedback(False, " ".join(tips), ex)


_PRESCRIBE = re.compile(r"\b(by|with|using|through)\s+(an?\s+|the\s+)?(app|chatbot|ai|software|platform|sms|"
                        r"text message|email|website|portal|system)\b|\b(build|install|buy|launch)\b"
                        # the same in French: « avec une appli », « grâce à un logiciel », « installer »
                        r"|\b(avec|par|via|en utilisant|grâce à)\s+(une?\s+|la\s+|le\s+|l'|des\s+)?(appli|application|"
                        r"chatbot|ia|logiciel|plateforme|sms|e-?mail|courriel|site|portail|système)\b"
                        r"|\b(construire|installer|acheter|lancer|développer)\b", re.I)
#: The openings of a "how might we" question, in English and in French.
_HMW_START = re.compile(r"(how\s+might\s+we|comment\s+pourrions[\s-]*nous|comment\s+pourrait[\s-]*on)\b", re.I)


def _words(text) -> set:
    return {w for w in re.findall(r"[^\W_]+", str(text).casefold()) if len(w) > 2}  # letters of any language


@exercise("07_hmw_question")
def check_hmw_question(answer, touchpoint: str, touchpoint_name: str | None = None):
    """Exercise 07-B: a "how might we" question for one touchpoint (id and name from the client's journey).

    Accepted: starts with "How might we" (or, in French, « Comment pourrions-nous »), ends with "?", names the touchpoint (a word of its name or id),
    6–35 words, and leaves the solution open (no "by using an app", "build", "install"). Feedback says which
    of these is missing."""
    ex = "07_hmw_question"
    text = str(answer or "").strip()
    if not text:
        return Feedback(False, msg("learn.ex.07.hmw_text"), ex)
    msgs = []
    if not _HMW_START.match(text):
        msgs.append(msg("learn.ex.07.hmw_start"))
    if not text.endswith("?"):
        msgs.append(msg("learn.ex.07.hmw_mark"))
    n = len(text.split())
    if n < 6:
        msgs.append(msg("learn.ex.07.hmw_short"))
    if n > 35:
        msgs.append(msg("learn.ex.07.hmw_long"))
    names = _words(touchpoint) | _words(touchpoint_name or "")
    names -= {"the", "and", "for", "our", "les", "des", "pour", "nos", "une"}
    if names and not (_words(text) & names):
        msgs.append(msg("learn.ex.07.hmw_touchpoint", name=touchpoint_name or touchpoint))
    if _PRESCRIBE.search(text):
        msgs.append(msg("learn.ex.07.hmw_open"))
    if msgs:
        return Feedback(False, " ".join(msgs), ex)
    return Feedback(True, msg("learn.ex.07.hmw_right"), ex)


@exercise("07_design_evaluation", expected=expected_design_evaluation)
def check_design_evaluation(answer, option: dict):
    """Exercise 07-C: the verdict on a design option and its weakest perspective.

    ``answer`` is ``{"verdict": "go" | "rework" | "drop", "weakest": "customer" | "capability" |
    "sustainability"}``. Recognised mistake: averaging the three scores (a strong perspective does not make up
    for a failing one)."""
    ex = "07_design_evaluation"
    if not hasattr(answer, "items"):
        return Feedback(False, msg("learn.ex.07.de_dict"), ex)
    a = {str(k).strip().casefold(): str(v or "").strip().casefold() for k, v in answer.items()}
    want = evaluate_design(option)
    msgs = []
    if a.get("verdict") != want["verdict"]:
        mean = sum(want["scores"].values()) / len(want["scores"])
        if a.get("verdict") == "go" and want["failing"] and mean >= PASS_FROM:
            msgs.append(msg("learn.ex.07.de_average", mean=num(mean, 1), pass_from=num(PASS_FROM)))
        else:
            msgs.append(msg("learn.ex.07.de_count", pass_from=num(PASS_FROM)))
    if a.get("weakest") not in PERSPECTIVES:
        msgs.append(msg("learn.ex.07.de_name", ids=", ".join(PERSPECTIVES)))
    elif a.get("weakest") != want["weakest"]:
        msgs.append(msg("learn.ex.07.de_lowest"))
    if msgs:
        return Feedback(False, " ".join(msgs), ex)
    return Feedback(True, msg("learn.ex.07.de_right", verdict=want["verdict"], weakest=want["weakest"],
                              score=num(want["scores"][want["weakest"]])), ex)
