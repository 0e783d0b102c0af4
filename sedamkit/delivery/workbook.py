"""One Excel workbook of every table a run exported: ``exports/tables.xlsx``, one sheet per table.

The report exports each of its tables as ``exports/<name>.csv`` and ``.xlsx``; a consultant who works
in a spreadsheet wants them in one file. :func:`tables_workbook` reads every ``exports/*.csv`` (the CSV
keeps what the report wrote, numbers as numbers), names each sheet in the report's language (a name
from the catalogue ``deliver.sheet.<name>`` when there is one, else the file name in words), at most 31
characters and unique, and puts a contents sheet first that lists every sheet with its file. Text cells a
spreadsheet would run as a formula are neutralised with :func:`sedamkit.core.text.safe_table`, as in
every other export; the file is written atomically.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

__all__ = ["tables_workbook", "sheet_names", "WORKBOOK"]

#: The workbook's file name under ``exports/``.
WORKBOOK = "tables.xlsx"
_BAD = re.compile(r"[\[\]:*?/\\]")


def _title(stem: str, language: str) -> str:
    from ..core.i18n import catalogue, t

    key = f"deliver.sheet.{stem}"
    if key in catalogue():
        return t(key, language)
    words = re.sub(r"[_\-.]+", " ", stem).strip()
    return (words[:1].upper() + words[1:]) or "Table"


def sheet_names(stems, language: str = "en", reserved=()) -> list[str]:
    """Readable, unique sheet names (≤ 31 characters, none of ``[]:*?/\\``) for the export file stems.

    >>> sheet_names(["readiness_areas", "a" * 40, "a" * 40 + "b", "x/y"], "en")
    ['Readiness by area', 'Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'Aaaaaaaaaaaaaaaaaaaaaaaaaaa (2)', 'X y']
    """
    used = {r.lower() for r in reserved}
    out = []
    for stem in stems:
        base = _BAD.sub(" ", _title(stem, language)).strip().strip("'")[:31] or "Table"
        name, n = base, 1
        while name.lower() in used:
            n += 1
            suffix = f" ({n})"
            name = base[:31 - len(suffix)].rstrip() + suffix
        used.add(name.lower())
        out.append(name)
    return out


def tables_workbook(run_dir, language: str = "en", out=None) -> Path | None:
    """Write ``<run_dir>/exports/tables.xlsx`` (or ``out``) from every ``exports/*.csv``; return it, or
    None when the run exported no table."""
    import pandas as pd

    from ..core.fileio import atomic_write_bytes
    from ..core.i18n import t
    from ..core.text import safe_table

    folder = Path(run_dir) / "exports"
    csvs = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if not csvs:
        return None
    contents_name = t("deliver.sheet.contents", language)
    names = sheet_names([c.stem for c in csvs], language, reserved=[contents_name])
    contents = pd.DataFrame({t("deliver.sheet.col_sheet", language): names,
                             t("deliver.sheet.col_file", language): [f"exports/{c.name}" for c in csvs]})
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        safe_table(contents).to_excel(xl, sheet_name=contents_name, index=False)
        for csv, name in zip(csvs, names):
            try:
                df = pd.read_csv(csv, keep_default_na=False, na_values=[""])
            except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError):
                df = pd.DataFrame()
            safe_table(df).to_excel(xl, sheet_name=name, index=False)
        for ws in xl.book.worksheets:  # columns wide enough to read, header row frozen
            ws.freeze_panes = "A2"
            for col in ws.columns:
                width = max((len(str(c.value)) for c in col if c.value is not None), default=8)
                ws.column_dimensions[col[0].column_letter].width = min(60, max(8, width + 2))
    return atomic_write_bytes(Path(out) if out else folder / WORKBOOK, buf.getvalue())
