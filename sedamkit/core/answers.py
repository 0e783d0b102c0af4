"""Answers files: read, validate against a spec, save atomically, merge respondents.

One file per respondent and stage: ``<answers_dir>/<stage_id>/<respondent>.json``::

    {"questionnaire": "necessity_feasibility", "version": 1, "respondent": "ceo",
     "updated": "2026-11-22T10:00:00+00:00",
     "answers": {"need_strategy_gap": 4, "talent_skills": null, ...},
     "comments": {"need_strategy_gap": "Two projects stalled last year"}}

``null`` means "don't know" (allowed where the scale has ``allow_na``); an item
that is absent has not been answered yet. Saving never drops anything the user
typed: comments of items that became hidden are kept, and a corrupt file is
reported and left untouched.

Error codes
-----------
ANS001  the file cannot be read or is not valid JSON (it is left untouched)
ANS002  the file is not an answers object (missing or mistyped field)
ANS003  the answers belong to another questionnaire
ANS004  the answers belong to another version of the questionnaire
ANS005  unknown item id
ANS006  value outside the item's scale, or of the wrong type
ANS007  a CSV/Excel export has no respondent column
ANS008  the same respondent appears twice
ANS009  a respondent id that cannot be used as a file name
"""
from __future__ import annotations

from .schema import check

import datetime as _dt
import math
import re
from pathlib import Path

from .errors import Problem, Problems, SedamError
from .fileio import read_json, write_json

__all__ = ["Answers", "new_answers", "read_answers", "validate_answers", "save_answers", "answers_path",
           "load_all", "responses_frame", "import_table", "RESPONDENT_RE"]

RESPONDENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

Answers = dict  # the JSON document described above


def answers_path(answers_dir, stage_id: str, respondent: str) -> Path:
    """Where a respondent's answers for a stage live."""
    check_respondent(respondent)
    return Path(answers_dir) / stage_id / f"{respondent}.json"


def check_respondent(respondent: str, file=None) -> None:
    if not isinstance(respondent, str) or not RESPONDENT_RE.match(respondent):
        raise SedamError(Problem("ANS009", file, "respondent", f"respondent id {respondent!r} cannot be used",
                                 "use letters, digits, '-', '_' or '.', up to 64 characters (e.g. 'ceo' or 'r01')"))


def new_answers(spec, respondent: str) -> dict:
    """An empty answers document for ``spec`` and ``respondent``."""
    check_respondent(respondent)
    return {"questionnaire": spec.id, "version": spec.version, "respondent": respondent,
            "updated": None, "answers": {}, "comments": {}}


def validate_answers(doc, spec, file: str | None = None) -> Problems:
    """Every problem of an answers document against ``spec``."""
    probs = Problems(file)
    if not isinstance(doc, dict):
        probs.add("ANS002", None, "the file does not hold a JSON object", "start from a file saved by the form")
        return probs
    check(doc, "answers", probs, code="ANS002")
    if probs:
        return probs
    if doc["questionnaire"] != spec.id:
        probs.add("ANS003", "questionnaire", f"these answers are for {doc['questionnaire']!r}, not {spec.id!r}",
                  f"move the file to the folder of stage {doc['questionnaire']!r}, or answer {spec.id!r}")
        return probs
    if doc["version"] != spec.version:
        probs.add("ANS004", "version", f"answers are for version {doc['version']} of {spec.id!r}; the "
                  f"questionnaire is now version {spec.version}",
                  "re-answer with the current form, or migrate the item ids listed in the changelog")
    if not RESPONDENT_RE.match(doc["respondent"]):
        probs.add("ANS009", "respondent", f"respondent id {doc['respondent']!r} cannot be used",
                  "use letters, digits, '-', '_' or '.'")
    known = set(spec.item_ids)
    for iid, value in doc["answers"].items():
        if iid not in known:
            probs.add("ANS005", iid, f"unknown item id {iid!r}",
                      "check the spelling against the questionnaire, or remove the entry")
            continue
        scale = spec.scales[spec.item(iid).scale]
        if value is None:
            if not scale.allow_na:
                probs.add("ANS006", iid, "'don't know' (null) is not allowed for this item",
                          f"give a whole number from {scale.min} to {scale.max}")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
            probs.add("ANS006", iid, f"value {value!r} is not a whole number",
                      f"give a whole number from {scale.min} to {scale.max}")
        elif not scale.min <= value <= scale.max:
            probs.add("ANS006", iid, f"value {value} is outside the scale {scale.min}–{scale.max}",
                      f"give a whole number from {scale.min} to {scale.max}")
    for iid in doc.get("comments", {}):
        if iid not in known:
            probs.add("ANS005", f"comments.{iid}", f"comment for unknown item id {iid!r}",
                      "check the spelling against the questionnaire")
    return probs


def read_answers(path, spec) -> dict:
    """Read and validate one answers file; raises a coded error listing every problem."""
    doc = read_json(path, code="ANS001")
    validate_answers(doc, spec, file=str(path)).raise_if_any(f"the answers file {path} is not valid")
    doc.setdefault("comments", {})
    doc["answers"] = {k: (None if v is None else int(v)) for k, v in doc["answers"].items()}
    return doc


def save_answers(path, doc, spec) -> Path:
    """Validate and save an answers document atomically (temporary file, then rename)."""
    doc = dict(doc)
    doc["updated"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    validate_answers(doc, spec, file=str(path)).raise_if_any(f"not saved: the answers for {path} are not valid")
    # keep a stable order: items in questionnaire order
    order = {iid: n for n, iid in enumerate(spec.item_ids)}
    doc["answers"] = dict(sorted(doc["answers"].items(), key=lambda kv: order.get(kv[0], 1e9)))
    doc["comments"] = {k: v for k, v in sorted(doc.get("comments", {}).items(),
                                               key=lambda kv: order.get(kv[0], 1e9)) if v}
    return write_json(path, doc)


def load_all(answers_dir, spec, stage_id: str | None = None, *, strict: bool = True) -> list[dict]:
    """Read every respondent's answers for a stage, sorted by respondent.

    With ``strict=True`` (the default) problems in *any* file are collected and raised together;
    with ``strict=False`` bad files are skipped with a warning naming them.
    """
    import warnings

    folder = Path(answers_dir) / (stage_id or spec.stage or spec.id)
    docs, problems = [], []
    for p in sorted(folder.glob("*.json")):
        try:
            docs.append(read_answers(p, spec))
        except SedamError as e:
            problems.extend(e.problems)
    if problems:
        if strict:
            raise SedamError(problems, f"answers in {folder} have problems")
        warnings.warn("skipped answers files with problems:\n" + "\n".join(map(str, problems)), stacklevel=2)
    return docs


def responses_frame(docs, spec):
    """Long DataFrame of answers, one row per respondent and item shown to them.

    Columns: ``respondent``; ``item``; ``area``; ``group``; ``value`` (float, NaN for "don't know" or
    not yet answered); ``comment`` (str, "" when none); ``visible`` (bool, the item's ``show_if``
    holds for this respondent — hidden items are kept here but never scored).
    """
    import pandas as pd

    area_group = {a["id"]: a["group"] for a in spec.areas}
    rows = []
    for d in docs:
        ans, com = d["answers"], d.get("comments", {})
        for it in spec.items:
            v = ans.get(it.id)
            rows.append({"respondent": d["respondent"], "item": it.id, "area": it.area,
                         "group": area_group[it.area], "value": math.nan if v is None else float(v),
                         "comment": com.get(it.id, ""), "visible": spec.visible(it, ans)})
    return pd.DataFrame(rows, columns=["respondent", "item", "area", "group", "value", "comment", "visible"])


def import_table(path, spec, *, respondent_column: str = "respondent", sheet=0) -> list[dict]:
    """Answers from a CSV or Excel export: one row per respondent, one column per item id.

    Columns named ``<item_id>__comment`` hold comments; other columns that are not item ids
    (timestamps, e-mail…) are ignored. Empty cells are "not answered"; cells reading ``na``,
    ``n/a`` or ``don't know`` are "don't know". Every problem is reported with its row
    (as a spreadsheet numbers it: the header is row 1) and column.
    """
    import pandas as pd

    path = Path(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            df = pd.read_excel(path, sheet_name=sheet, dtype=object)
        else:
            df = pd.read_csv(path, dtype=object, keep_default_na=False)
    except FileNotFoundError:
        raise SedamError(Problem("ANS001", str(path), None, "file not found", "check the path")) from None
    except Exception as e:  # pandas raises many kinds for unreadable files
        raise SedamError(Problem("ANS001", str(path), None, f"cannot read the table ({e})",
                                 "export it again as CSV (UTF-8) or .xlsx")) from None
    probs = Problems(path)
    if respondent_column not in df.columns:
        probs.add("ANS007", "header", f"no {respondent_column!r} column; columns are: {', '.join(map(str, df.columns))}",
                  f"add a column {respondent_column!r} with one id per row, or pass respondent_column=")
        probs.raise_if_any()
    known = set(spec.item_ids)
    docs, seen = [], {}
    for n, row in df.iterrows():
        rown = n + 2
        rid = str(row[respondent_column]).strip()
        if not RESPONDENT_RE.match(rid):
            probs.add("ANS009", f"row {rown}, column {respondent_column}", f"respondent id {rid!r} cannot be used",
                      "use letters, digits, '-', '_' or '.'")
            continue
        if rid in seen:
            probs.add("ANS008", f"row {rown}", f"respondent {rid!r} already appears in row {seen[rid]}",
                      "keep one row per respondent")
            continue
        seen[rid] = rown
        doc = new_answers(spec, rid)
        for col in df.columns:
            cell = row[col]
            text = "" if cell is None or (isinstance(cell, float) and math.isnan(cell)) else str(cell).strip()
            if col in known:
                if text == "":
                    continue
                if text.lower() in ("na", "n/a", "don't know", "dont know"):
                    doc["answers"][col] = None
                    continue
                try:
                    num = float(text)
                except ValueError:
                    probs.add("ANS006", f"row {rown}, column {col}", f"{text!r} is not a number",
                              "give the scale value as a number")
                    continue
                doc["answers"][col] = int(num) if num == int(num) else num
            elif str(col).endswith("__comment") and str(col)[:-9] in known and text:
                doc["comments"][str(col)[:-9]] = text
        for p in validate_answers(doc, spec, file=str(path)).items:
            probs.add(p.code, f"row {rown}, column {p.where}", p.message, p.fix)
        docs.append(doc)
    probs.raise_if_any(f"the table {path} has problems")
    return docs
