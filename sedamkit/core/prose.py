"""Sentences the kit writes from numbers and names, in the reader's language.

:class:`Prose` carries one language and the helpers every kit-made sentence needs: the catalogue text
(:func:`sedamkit.core.i18n.t`), singular or plural (``key.one`` / ``key.other``, never "(s)"), a list
in prose ("a, b and c" / "a, b et c") and numbers written by :mod:`sedamkit.core.numfmt`. The client
report's :class:`~sedamkit.delivery.report_context.ReportContext` is a :class:`Prose` too, so a stage
package and the report write one text with one function.

:func:`fill` fills a template whose placeholders carry Python format specs (``{mean:.2f}``,
``{share:.0%}``, ``{target:g}``), as the rules of :mod:`sedamkit.methods.journey_moves` do, writing
each number the language's way.

>>> p = Prose("fr")
>>> p.n(2.546, 2), p.pct(17.2), p.join(["a", "b", "c"])
('2,55', '17\\xa0%', 'a, b et c')
>>> p.count("frx.respondents", 1), Prose("en").count("frx.respondents", 3)
('1 répondant', '3 respondents')
>>> fill("rated {mean:.2f}, {share:.0%} low, target {target:g}", {"mean": 2.546, "share": 0.13, "target": 4}, "fr")
'rated 2,55, 13\\xa0% low, target 4'
>>> fill("rated {mean:.2f}", {"mean": 2.546}, "en")
'rated 2.55'
"""
from __future__ import annotations

import re
import string

from . import numfmt
from .i18n import normalise_language

__all__ = ["Prose", "fill"]


class Prose:
    """Text helpers bound to one ``language`` (``en`` or ``fr``)."""

    def __init__(self, language: str | None = "en"):
        self.language = normalise_language(language)

    # ------------------------------------------------------------ text
    def tr(self, key: str, **kw) -> str:
        """The catalogue text ``key`` in this language (see :func:`sedamkit.core.i18n.t`)."""
        from .i18n import t

        return t(key, self.language, **kw)

    @staticmethod
    def has(key: str) -> bool:
        """Whether the text catalogue holds ``key``."""
        from .i18n import catalogue

        return key in catalogue()

    def count(self, key: str, n, **kw) -> str:
        """``key.one`` when ``n`` is 1 (0 or 1 in French), else ``key.other``, with ``{n}`` written for the
        language."""
        one = n == 1 or (self.language == "fr" and n == 0)
        return self.tr(f"{key}.{'one' if one else 'other'}", n=self.n(n), **kw)

    def yesno(self, value) -> str:
        return self.tr("rpt.yes") if bool(value) else self.tr("rpt.no")

    def join(self, items) -> str:
        """Items as one list in prose: "a, b and c" / "a, b et c"."""
        items = [str(i) for i in items if i not in (None, "")]
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + " " + self.tr("rpt.and") + " " + items[-1]

    @staticmethod
    def humanise(x) -> str:
        """An id written as words: ``video_consultation`` → ``video consultation``."""
        return re.sub(r"[_\s]+", " ", "" if x is None else str(x)).strip()

    # ------------------------------------------------------------ numbers
    def n(self, x, decimals: int = 0) -> str:
        return numfmt.number(x, self.language, decimals)

    def g(self, x) -> str:
        """A number with no more decimals than it needs, up to two (4 → "4", 5.2 → "5.2", 93.64 → "93.64")."""
        try:
            v = round(float(x), 2)
        except (TypeError, ValueError):
            return str(x)
        return self.n(v, 0 if v.is_integer() else 1 if round(v, 1) == v else 2)

    def pct(self, x, decimals: int = 0) -> str:
        """A value already in percent (77.4 → "77%")."""
        return numfmt.percent(x, self.language, decimals, scale=100)

    def share(self, x, decimals: int = 0) -> str:
        """A share from 0 to 1 (0.68 → "68%")."""
        return numfmt.percent(x, self.language, decimals)

    def signed(self, x, decimals: int = 1) -> str:
        return numfmt.signed(x, self.language, decimals)

    def score(self, x) -> str:
        return numfmt.score(x, self.language)

    def date(self, x) -> str:
        """A date in the long style; French writes the first of the month as "1er"."""
        text = numfmt.date(x, self.language)
        return "1er" + text[1:] if self.language == "fr" and text.startswith("1 ") else text

    def period(self, q) -> str:
        """A survey period: ``2025Q4`` → "Q4 2025" / "T4 2025"; anything else as it is."""
        m = re.fullmatch(r"(\d{4})[-\s]?Q([1-4])", str(q or ""))
        return self.tr("rpt.quarter", q=m.group(2), year=m.group(1)) if m else str(q or "")


    # ------------------------------------------------------------ names (sedamkit.core.names)
    def element(self, eid) -> str:
        from . import names
        return names.element(self, eid)

    def approach(self, aid, name=None) -> str:
        from . import names
        return names.approach(self, aid, name)

    def approaches(self, ids) -> str:
        if isinstance(ids, str):
            ids = [i for i in ids.split(",") if i]
        return ", ".join(self.approach(a) for a in ids or [])

    def kpi(self, row: dict) -> str:
        from . import names
        return names.kpi(self, row)

    def principle(self, pid) -> str:
        from . import names
        return names.principle(self, pid)

    def prep_item(self, iid) -> str:
        from . import names
        return names.prep_item(self, iid)

    def heading(self, hid) -> str:
        from . import names
        return names.heading(self, hid)

    def quadrant(self, q) -> str:
        from . import names
        return names.quadrant(self, q)

    def flag_text(self, flag: dict, about: dict) -> str:
        """A plan flag as a sentence; ``about`` maps ids to names (``{"kpi": {...}, "goal": ...}``)."""
        from . import names
        return names.flag_text(self, flag, about)

    def candidate_title(self, cand: dict, about: dict) -> str:
        from . import names
        return names.candidate_title(self, cand, about)

    def gap_reasons(self, gap: dict) -> str:
        from . import names
        return names.gap_reasons(self, gap)


class _Filler(string.Formatter):
    """Formats numbers with a spec (``.2f``, ``.0%``, ``g``) through :mod:`numfmt` for ``language``."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def format_field(self, value, spec):
        if self.language == "en" or isinstance(value, bool) or not isinstance(value, (int, float)):
            return super().format_field(value, spec)
        m = re.fullmatch(r"\.(\d+)([f%])", spec or "")
        if m:
            d = int(m.group(1))
            return numfmt.percent(value, self.language, d) if m.group(2) == "%" else numfmt.number(value, self.language, d)
        if spec in ("", "g"):
            v = float(value)
            return numfmt.number(v, self.language, 0 if v.is_integer() else 2)
        return super().format_field(value, spec)


class _Keep(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def fill(template: str, values: dict, language: str | None = "en") -> str:
    """``template`` with ``values`` filled in, numbers written the ``language``'s way; an unknown
    placeholder is left as it is, and a template that cannot be filled is returned unchanged."""
    try:
        return _Filler(normalise_language(language)).vformat(str(template or ""), (), _Keep(values))
    except (ValueError, TypeError, KeyError, IndexError):
        return str(template or "")
