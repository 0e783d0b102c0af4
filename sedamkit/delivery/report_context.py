"""What a stage's report section gets: :class:`ReportContext`, the run's results and helpers that write
every number, name and table cell the way the client reads it.

- Numbers, percentages, money, scores and dates go through :mod:`sedamkit.core.numfmt` in the report's
  language (``ctx.n``, ``ctx.pct``, ``ctx.money``, ``ctx.score``, ``ctx.date``, ``ctx.signed``).
- Ids become names through :mod:`sedamkit.core.names` (``ctx.element``, ``ctx.approach``…).
- ``ctx.count(key, n)`` picks the singular or plural text (``key.one`` / ``key.other``): no "(s)".
- ``ctx.table`` renders a table with human column headers and formatted cells; date and number cells do
  not wrap. The raw data goes to the CSV/XLSX exports.
"""
from __future__ import annotations

import base64
from pathlib import Path

from ..core import numfmt
from ..core.prose import Prose
from ..core.text import esc, write_table_safely

__all__ = ["ReportContext", "export_table"]


def export_table(df, out_dir, name: str) -> list[Path]:
    """Write ``df`` as ``<out_dir>/exports/<name>.csv`` and ``.xlsx`` with text cells neutralised
    (:func:`~sedamkit.core.text.write_table_safely`, the kit's one writer for spreadsheet tables)."""
    folder = Path(out_dir) / "exports"
    csv = write_table_safely(df, folder / f"{name}.csv")
    xlsx = write_table_safely(df, folder / f"{name}.xlsx", excel=True, sheet_name=name[:31])
    return [csv, xlsx]


#: cell kinds that are numbers or dates: they never wrap and align right
_NUMERIC = {"int", "n1", "n2", "pct", "pct1", "share", "money", "date", "score", "signed", "signed2", "p"}


class ReportContext(Prose):
    """What a section function gets: the run folder, its results, the client, helpers (the text and
    number helpers of :class:`~sedamkit.core.prose.Prose`, in the report's language)."""

    def __init__(self, run_dir: Path, client: dict, results: dict, manifest: dict, language: str = "en"):
        self.run_dir, self.client, self.results, self.manifest = Path(run_dir), client, results, manifest
        self.language = language
        self.exports: list[Path] = []
        self.used_keys: set[str] = set()   # every catalogue key the report used (tests compare languages)
        self._labels: dict | None = None

    # ------------------------------------------------------------ text
    def tr(self, key: str, **kw) -> str:
        """The report's fixed text ``key`` in the report's language (see :mod:`sedamkit.core.i18n`)."""
        from ..core.i18n import t

        self.used_keys.add(key)
        return t(key, self.language, **kw)

    def money(self, x, currency=None) -> str:
        return numfmt.money(x, currency, self.language)

    def stage_title(self, sid) -> str:
        return self.tr("stage." + sid)

    def respondent_labels(self) -> dict:
        """``{respondent id: label}`` as the client's ``report.respondents`` setting asks (default
        pseudonyms), shared with the stage 01 heat map (:func:`sedamkit.core.respondents.labels`)."""
        if self._labels is None:
            from ..core.respondents import labels, read_answer_docs

            ids = (self.results.get("01_necessity_feasibility") or {}).get("respondents") or []
            docs = read_answer_docs(self.client, "01_necessity_feasibility")
            self._labels = labels(ids, docs, self.client, self.language)
        return self._labels

    # ------------------------------------------------------------ blocks
    def figure(self, name: str, alt: str, caption: str = "") -> str:
        """An ``<figure>`` with the PNG embedded, or "" when the run has no such figure."""
        path = self.run_dir / "figures" / f"{name}.png"
        if not path.is_file():
            return ""
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
        return f'<figure><img src="data:image/png;base64,{data}" alt="{esc(alt)}">{cap}</figure>'

    def cell(self, v, kind="text", currency=None) -> str:
        """One value written for a table cell of ``kind`` (text, int, n1, n2, pct, pct1, share, money,
        date, score, signed, signed2, p, yesno, approaches, list)."""
        import pandas as pd

        if kind == "yesno":
            return self.yesno(v)
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return numfmt.MISSING
        fmt = {"int": lambda x: self.n(x), "n1": lambda x: self.n(x, 1), "n2": lambda x: self.n(x, 2),
               "pct": lambda x: self.pct(x), "pct1": lambda x: self.pct(x, 1), "share": lambda x: self.share(x),
               "money": lambda x: self.money(x, currency), "date": self.date, "score": self.score,
               "signed": lambda x: self.signed(x, 1), "signed2": lambda x: self.signed(x, 2),
               "p": lambda x: ("< " + self.n(0.001, 3)) if float(x) < 0.001 else self.n(x, 3),
               "approaches": self.approaches,
               "list": lambda x: ", ".join(map(str, x)) if isinstance(x, (list, tuple)) else str(x)}.get(kind)
        if fmt is not None:
            try:
                return fmt(v)
            except (TypeError, ValueError):
                return str(v)
        if isinstance(v, (list, tuple)):
            return ", ".join(map(str, v))
        if isinstance(v, float):
            return self.n(v, 1)
        return str(v)

    def table(self, df, name: str | None = None, caption: str = "", cols=None, currency=None, export=None) -> str:
        """An escaped HTML table (and CSV/XLSX exports of ``export`` or ``df`` when ``name`` is given).

        ``cols`` lists ``(field, header key, kind)``: the columns shown, their headers (catalogue keys)
        and how each cell is written (:meth:`cell`). Without ``cols`` every column is shown as text.
        """
        if name:
            self.exports += export_table(df if export is None else export, self.run_dir, name)
        if cols is None:
            cols = [(c, None, "text") for c in df.columns]
        head = "".join(f"<th scope='col'>{esc(self.tr(h) if h else c)}</th>" for c, h, _ in cols)
        rows = []
        for rec in df.to_dict("records"):
            cells = []
            for c, _, kind in cols:
                cls = " class='num'" if kind in _NUMERIC else ""
                cells.append(f"<td{cls}>{esc(self.cell(rec.get(c), kind, currency))}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        cap = f"<caption>{esc(caption)}</caption>" if caption else ""
        return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"

    def missing(self, key: str, **kw) -> str:
        """The one line a part of a section shows when its input is missing: what and how to supply it."""
        return f"<p class='missing'>{esc(self.tr(key, **kw))}</p>"
