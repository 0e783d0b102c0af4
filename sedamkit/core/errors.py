"""Coded errors: every problem with user input carries a stable code, the file,
the place (item id, field or row), what is wrong and how to fix it.

Validation collects *all* problems first and raises one :class:`SedamError`
that lists them, so a questionnaire or a dataset is fixed in one pass.

Codes are grouped by prefix, one prefix per kind of input:

========  ==========================================================
prefix    input
========  ==========================================================
SPEC      questionnaire specs (``sedamkit/data/questionnaires/*.yaml``)
ANS       answers files (``answers/<stage>/<respondent>.json``, CSV/Excel)
CFG       client configs (``client.yaml``)
PARAM     notebook / run parameters
RES       stage results (``results/<stage>.json``)
PLAN      DAAP plan files
CAT       the catalogue of digital approaches
APP       the application assessment (stage 03)
WEB       the workshop web app (``sedam app``)
EDU       editions (student / trainer)
CLS       class results
I18N      translations
NBT       translations of the notebooks' Markdown cells (``data/i18n/notebooks/``)
RUN       runs of a client's stages
PRF       running stages side by side in one client run (``sedam run --jobs``)
CMP       progress reports comparing two runs (``sedam compare``)
RPT       the client report (logo, report settings)
EVAL      stage 05 evaluation (KPIs, approach ratings)
IMP       stage 06 improvement (candidates, scores, plan versions)
KANO      Kano survey data
CX        customer-metric data
JRN       journeys, touchpoints and data points
DES       the design project (companion 07): self-check answers, design options
DATA      datasets in general (missing file, missing column, bad value)
IO        reading and writing files
========  ==========================================================

Examples
--------
>>> p = Problem("SPEC002", "q.yaml", "items[3].scale", "scale 'agree7' is not defined",
...             "define it under 'scales' or use one of: agree5")
>>> print(p)
[SPEC002] q.yaml: items[3].scale: scale 'agree7' is not defined. Fix: define it under 'scales' or use one of: agree5
>>> err = SedamError([p])
>>> err.codes
['SPEC002']
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from os import PathLike

__all__ = ["Problem", "SedamError", "Problems", "SHOW_PER_CODE"]


@dataclass(frozen=True)
class Problem:
    """One problem with user input.

    Attributes
    ----------
    code : str
        Stable code such as ``"SPEC002"``; tests and documentation rely on it.
    file : str or None
        The file the problem is in (as the user would type it).
    where : str or None
        The item id, field path (``items[3].scale``) or row (``row 12``).
    message : str
        What is wrong, in plain words.
    fix : str
        What to do about it.
    """

    code: str
    file: str | None
    where: str | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        place = ": ".join(str(x) for x in (self.file, self.where) if x not in (None, ""))
        text = f"[{self.code}] " + (f"{place}: " if place else "") + self.message.rstrip(".") + "."
        if self.fix:
            text += f" Fix: {self.fix}"
        return text

    def to_dict(self) -> dict:
        return asdict(self)


#: ``str(SedamError)`` shows at most this many problems of each code.
SHOW_PER_CODE = 20


class SedamError(ValueError):
    """One or more :class:`Problem` s found in user input.

    ``str(err)`` lists the problems one a line, at most :data:`SHOW_PER_CODE` of each code, then
    ``… and K more [CODE]`` for the rest (a file with 1.5 million unknown ids gives a short text,
    not hundreds of MB). ``err.problems`` still carries *every* problem as data, ``err.codes``
    their codes and :meth:`to_frame` all of them as a table.

    >>> err = SedamError([Problem("ANS005", "a.json", f"q{n}", "unknown item id") for n in range(25)])
    >>> len(err.problems), str(err).splitlines()[-1]
    (25, '  … and 5 more [ANS005]')
    """

    def __init__(self, problems, summary: str | None = None):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        n = len(self.problems)
        self.summary = summary or (f"{n} problem found" if n == 1 else f"{n} problems found")
        super().__init__(self.__str__())

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    def __str__(self) -> str:
        shown: dict = {}
        lines = [self.summary + ":"]
        for p in self.problems:
            n = shown.get(p.code, 0)
            shown[p.code] = n + 1
            if n < SHOW_PER_CODE:
                lines.append("  " + str(p))
        lines += [f"  … and {n - SHOW_PER_CODE} more [{code}]" for code, n in shown.items() if n > SHOW_PER_CODE]
        return "\n".join(lines)

    def to_frame(self):
        """The problems as a DataFrame (code, file, where, message, fix)."""
        import pandas as pd

        return pd.DataFrame([p.to_dict() for p in self.problems],
                            columns=["code", "file", "where", "message", "fix"])


class Problems:
    """Collects problems, then raises them together.

    >>> probs = Problems("plan.yaml")
    >>> probs.add("PLAN001", "kpis[0].target", "no target given", "add 'target: <number>'")
    >>> len(probs)
    1
    >>> probs.raise_if_any("the plan is not valid")
    Traceback (most recent call last):
    ...
    sedamkit.core.errors.SedamError: the plan is not valid:
      [PLAN001] plan.yaml: kpis[0].target: no target given. Fix: add 'target: <number>'
    """

    def __init__(self, file: str | PathLike | None = None):
        self.file = None if file is None else str(file)
        self.items: list[Problem] = []

    def add(self, code: str, where: str | None, message: str, fix: str = "", file=None) -> None:
        self.items.append(Problem(code, self.file if file is None else str(file), where, message, fix))

    def extend(self, problems) -> None:
        self.items.extend(problems)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, summary: str | None = None) -> None:
        if self.items:
            raise SedamError(self.items, summary)
