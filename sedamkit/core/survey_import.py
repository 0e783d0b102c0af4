"""Survey exports in: Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics, LimeSurvey, SPSS.

:func:`read_export` reads the file (CSV in any usual encoding and separator through
:func:`sedamkit.core.tables.read_table`, Excel, SPSS ``.sav`` with its value labels) and finds its
header rows: one (Google Forms, Microsoft Forms, LimeSurvey), two (SurveyMonkey: question row and
sub-answer row) or three (Qualtrics: names, question texts, ``ImportId`` row). :func:`plan_import`
matches every column to a questionnaire item (by id, or by the item's text in any language of the
spec, compared by :func:`sedamkit.core.labels.norm`), reads every answer (a number, a number with
its label, a label in any language, a "don't know" form), makes respondent ids and lists every
problem at once. The mapping it used is returned as a dict for ``imports/<spec>.mapping.yaml``
(:func:`merge_mapping`, :func:`mapping_yaml`), where the user's entries win the next time.

Error codes
-----------
ANS006  an answer is not a scale value, label or "don't know" form
ANS007  the respondent column named on the command line is not in the export
ANS008  the same respondent appears twice
ANS013  a column matches no questionnaire item (and is not a known metadata column)
ANS014  the export maps to no item of the questionnaire
ANS015  an answers file of an imported respondent exists (``--replace`` not given)
ANS016  an entry of the mapping file is not valid
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from .errors import Problem, Problems, SedamError
from .labels import is_dont_know, norm, split_labelled

__all__ = ["import_export", "read_export", "plan_import", "merge_mapping", "mapping_yaml", "slug_id", "META_COLUMNS", "SKIP",
           "DONT_KNOW_VALUE"]

#: in the mapping file: a column that is not a question, or a value that counts as not answered
SKIP = "skip"
#: in the mapping file: a value that means "don't know"
DONT_KNOW_VALUE = "dont_know"

#: headers (folded by :func:`norm`) the tools write that are not questions
META_COLUMNS = frozenset(norm(x) for x in (
    "Timestamp", "Horodateur", "Email address", "Email Address", "Adresse e-mail", "Adresse courriel", "Score",
    "ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Heure de début",
    "Heure de fin", "Adresse de messagerie", "Nom", "Total points", "Quiz feedback",
    "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "First Name", "Last Name",
    "Custom Data 1", "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
    "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
    "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
    "Response Type", "IP Address", "Start Date", "End Date", "Recorded Date", "Response ID",
    "id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl",
    "token", "Date submitted", "Last page", "Start language", "Response ID", "Date started",
    "Date last action", "respondent", "name", "display name"))
_RESPONDENT = [norm(x) for x in ("respondent",)]
_NAMES = [norm(x) for x in ("Name", "Full name", "Nom", "Display name", "Nom complet")]
_EMAILS = [norm(x) for x in ("Email address", "Email", "E-mail", "Adresse e-mail", "Adresse courriel",
                              "Courriel", "RecipientEmail", "Email Address", "Adresse de messagerie")]
_IDS = [norm(x) for x in ("Respondent ID", "ResponseId", "Response ID", "id", "ID")]


# -- reading ---------------------------------------------------------------------------------------

def read_export(path, *, sheet=0):
    """``(headers, rows, first_row)``: per column the header texts to match (name, question text,
    sub-question), the data rows as lists of cells, and the file row number of the first data row."""
    path = Path(path)
    if path.suffix.lower() in (".sav", ".zsav"):
        return _read_sav(path)
    from .tables import read_table

    df = read_table(path, code="ANS001", missing_code="IO001", sheet=sheet, header=None, dtype=object,
                    keep_default_na=False)
    grid = [[_text(c) for c in row] for row in df.itertuples(index=False)]
    if not grid:
        raise SedamError(Problem("ANS014", str(path), None, "the file is empty",
                                 "export the survey again with its header row and answers"))
    top = grid[0]
    if len(grid) >= 3 and any(c.startswith('{"ImportId"') for c in grid[2]):  # Qualtrics
        heads = [[a, b] + ([b.rsplit(" - ", 1)[1]] if " - " in b else []) for a, b in zip(top, grid[1])]
        return heads, grid[3:], 4  # a matrix row's text is "Question - Statement"
    second = grid[1] if len(grid) > 1 else []
    monkey = {"respondent id", "collector id"} <= {norm(c) for c in top} or \
        any(norm(c) in ("response", "open-ended response", "réponse") for c in second)
    if monkey:  # SurveyMonkey: question row (blank over its sub-columns), then sub-answer row
        headers, last = [], ""
        for a, b in zip(top, second):
            last = a or last
            plain = not b or norm(b) in ("response", "open-ended response", "réponse")
            cands = [last] if plain else [b, f"{last} - {b}"]
            headers.append(cands if a or b else [""])
        return headers, grid[2:], 3
    headers = []
    for h in top:  # Google Forms grid "Question [Row]", LimeSurvey "code [sub]"
        m = re.fullmatch(r"(.*?)\s*\[(.+)\]", h, re.S)
        headers.append([h, m.group(2), m.group(1)] if m else [h])
    return headers, grid[1:], 2


def _read_sav(path):
    try:
        import pyreadstat
    except ImportError:
        raise SedamError(Problem("ANS001", str(path), None, "reading SPSS files needs pyreadstat",
                                 "pip install 'sedamkit[import]', or export the survey as CSV")) from None
    try:
        df, meta = pyreadstat.read_sav(str(path), apply_value_formats=True)
    except Exception as e:  # noqa: BLE001 — a broken file is the user's, not our bug
        raise SedamError(Problem("ANS001", str(path), None, f"cannot read the SPSS file ({e})",
                                 "export the survey again as .sav or CSV")) from None
    labels = meta.column_names_to_labels or {}
    headers = [[str(c)] + ([labels[c]] if labels.get(c) else []) for c in df.columns]
    rows = [[_text(c) for c in r] for r in df.itertuples(index=False)]
    return headers, rows, 2


def _text(cell) -> str:
    if cell is None or (isinstance(cell, float) and cell != cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return unicodedata.normalize("NFC", str(cell)).strip()


# -- respondent ids --------------------------------------------------------------------------------

def slug_id(text: str) -> str:
    """An ASCII id for a name or e-mail: ``"José Álvarez"`` → ``"jose-alvarez"``, an e-mail → the
    slug of its local part (``"ana.lima@x.org"`` → ``"ana-lima"``); ``""`` when nothing is left.

    >>> slug_id("José Álvarez"), slug_id("ana.lima@example.org"), slug_id("  Zoë O'Neil ")
    ('jose-alvarez', 'ana-lima', 'zoe-o-neil')
    """
    text = str(text).strip()
    if re.fullmatch(r"[^@\s]+@[^@\s]+", text):
        text = text.split("@")[0]
    a = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", a).strip("-")[:48].strip("-")


def _respondent_column(headers, rows, wanted):
    """(index of the id column or None, index of the display-name column or None, problems)."""
    flat = [[norm(c) for c in h if c] for h in headers]

    def find(names):
        for want in names:
            for i, h in enumerate(flat):
                if h and h[0] == want and any(r[i] and norm(r[i]) not in ("anonymous", "anonyme")
                                              for r in rows if i < len(r)):
                    return i
        return None
    name_col = find(_NAMES)
    if wanted:
        i = next((i for i, h in enumerate(flat) if norm(wanted) in h), None)
        return i, name_col if name_col is not None else i, i is None
    for group in (_RESPONDENT, _NAMES, _EMAILS, _IDS):
        i = find(group)
        if i is not None:
            return i, name_col if name_col is not None else i, False
    return None, name_col, False


# -- matching --------------------------------------------------------------------------------------

def _item_keys(spec):
    """folded text -> item id, for ids (also without underscores, as LimeSurvey codes) and texts."""
    keys = {}
    for it in spec.items:
        keys.setdefault(norm(it.id), it.id)
        keys.setdefault(re.sub(r"[^a-z0-9]", "", it.id.lower()), it.id)
        for text in (it.text or {}).values():
            keys.setdefault(norm(text), it.id)
    return keys


def _value_of(text, scale, values_map):
    """(value, ok): value an int, None (don't know) or SKIP; ok False when it cannot be read."""
    key = norm(text)
    for k, v in values_map.items():
        if norm(k) == key:
            return (None if v == DONT_KNOW_VALUE else v), True
    na = list((scale.na_label or {}).values()) if isinstance(scale.na_label, dict) else [scale.na_label or ""]
    if is_dont_know(text, [x for x in na if x]):
        return (None if scale.allow_na else SKIP), True
    number, label = split_labelled(text)
    labels = {v: {norm(x) for x in (lab.values() if isinstance(lab, dict) else [lab]) if x}
              for v, lab in scale.labels.items()}
    if number is not None:
        if label and norm(label) not in labels.get(number, set()):
            return None, False
        return number, isinstance(number, int) and scale.min <= number <= scale.max
    hits = [v for v, labs in labels.items() if key in labs]
    return (hits[0], True) if len(hits) == 1 else (None, False)


def _match_columns(headers, spec, user_cols, own, probs, where):
    """``(columns, comments, cmap)``: column index -> item id, column index -> item id of a comment
    column, and header -> item id / skip / None for the mapping file; ANS013 for what matches nothing."""
    keys = _item_keys(spec)
    columns, used, cmap, comments = {}, {}, {}, {}
    for i, cands in enumerate(headers):
        label = next((c for c in cands if c), "")
        if not label or i in own:
            continue
        if label.endswith("__comment") and label[:-9] in spec.item_ids:
            comments[i] = label[:-9]
            continue
        if label in user_cols:
            target = user_cols[label]
            if target not in (None, "", SKIP) and target not in spec.item_ids:
                cmap[label] = target  # reported as ANS016 above; kept for the user to correct
                continue
        else:
            target = next((keys[norm(c)] for c in cands if c and norm(c) in keys), None)
            if target is None and norm(label) in META_COLUMNS:
                target = SKIP
        cmap[label] = target
        if target in (None, ""):
            probs.add("ANS013", f"column {i + 1} ({label[:80]!r})", "matches no question of "
                      f"{spec.id!r}", f"add a line under 'columns:' in {where}: {json.dumps(label)}: <item id> "
                      "(or: skip), then run sedam import again")
        elif target != SKIP:
            if target in used:
                probs.add("ANS013", f"column {i + 1} ({label[:80]!r})", f"answers item {target!r} as column "
                          f"{used[target] + 1} does", f"map one of the two to 'skip' under 'columns:' in {where}")
            used[target] = i
            columns[i] = target
    return columns, comments, cmap


#: The warning code of questions that have no column in an export (they stay unanswered).
_NO_COLUMN = "ANS017"


def _read_rows(path, spec, rows, first, rcol, ncol, columns, comments, values_map, known_resp, probs):
    """``(docs, ids, unread)``: one answers document per row, respondent key -> id, and
    (text, item) -> rows of the answers that could not be read."""
    from .answers import new_answers, validate_answers

    docs, seen, ids, unread, cache = [], {}, {}, {}, {}
    scale_of = {it.id: it.scale for it in spec.items}
    taken = set(known_resp.values())
    for n, row in enumerate(rows):
        rown = n + first
        if not any(row):
            continue
        raw = row[rcol] if rcol is not None and rcol < len(row) else ""
        if rcol is not None and not raw:
            probs.add("ANS009", f"row {rown}", "no respondent name or id in this row",
                      "fill the respondent column in the export, or remove the row")
            continue
        key = raw or f"row {rown}"
        if key in seen:
            probs.add("ANS008", f"row {rown}", f"respondent {raw!r} already appears in row {seen[key]}",
                      "keep one row per respondent in the export (delete the older answer)")
            continue
        seen[key] = rown
        rid = known_resp.get(key) or _new_id(raw, rown, first, taken)
        taken.add(rid)
        ids[key] = rid
        name = row[ncol] if ncol is not None and ncol < len(row) and row[ncol] else raw
        doc = new_answers(spec, rid, name=name or None)
        for i, iid in columns.items():
            text = row[i] if i < len(row) else ""
            if not text:
                continue
            sid = scale_of[iid]
            if (text, sid) not in cache:  # one reading per distinct answer and scale
                cache[text, sid] = _value_of(text, spec.scales[sid], values_map)
            value, ok = cache[text, sid]
            if not ok:
                unread.setdefault((text, iid), []).append(rown)
            elif value != SKIP:
                doc["answers"][iid] = value
        for i, iid in comments.items():
            if i < len(row) and row[i]:
                doc["comments"][iid] = row[i]
        for p in validate_answers(doc, spec, file=str(path)).items:
            probs.add(p.code, f"row {rown}, {p.where}", p.message, p.fix)
        docs.append(doc)
    return docs, ids, unread


def plan_import(path, spec, *, respondent_column=None, mapping=None, sheet=0):
    """Read an export and turn it into answers documents, or raise every problem at once.

    Returns ``(docs, mapping, notes)``: the answers documents (not saved), the mapping used (columns,
    values, respondents; see :func:`mapping_yaml`) and notes for the user (e.g. ids made from rows).
    ``mapping`` is an earlier mapping (from the mapping file): its entries win over what is detected.
    """
    mapping = mapping or {}
    where = mapping.get("file") or f"CLIENT_DIR/imports/{spec.id}.mapping.yaml (sedam import writes it)"
    probs = Problems(path)
    headers, rows, first = read_export(path, sheet=sheet)
    user_cols = dict(mapping.get("columns") or {})
    values_map = dict(mapping.get("values") or {})
    known_resp = dict(mapping.get("respondents") or {})
    _check_mapping(user_cols, values_map, spec, probs, where)
    from .answers import RESPONDENT_RE

    for who, rid in list(known_resp.items()):
        if not (isinstance(rid, str) and RESPONDENT_RE.fullmatch(rid)):
            probs.add("ANS016", f"respondents: {who!r}", f"{rid!r} cannot be used as a respondent id",
                      f"in {where}, use letters, digits, '-', '_' or '.' (e.g. \"ana-lima\")")
            del known_resp[who]
    rcol, ncol, missing = _respondent_column(headers, rows, respondent_column or mapping.get("respondent_column"))
    if missing:
        present = ", ".join(h[0] for h in headers if h and h[0])
        probs.add("ANS007", "header", f"no column {respondent_column or mapping.get('respondent_column')!r}; "
                  f"columns are: {present}", "give --respondent-column with one of those headers (a name or "
                  "e-mail column), or leave it out to number the respondents by row")
        probs.raise_if_any(f"the export {path} cannot be imported")
    columns, comments, cmap = _match_columns(headers, spec, user_cols, (rcol, ncol), probs, where)
    if not columns:
        probs.add("ANS014", "header", f"no column matches a question of {spec.id!r}; headers: "
                  + ", ".join(h[0][:40] for h in headers if h and h[0])[:400],
                  f"check --spec, or map the question columns under 'columns:' in {where}")
    notes = [] if rcol is not None else [
        "no name or e-mail column: respondents are numbered by row (respondent-001, ...); "
        "give --respondent-column to use one"]
    docs, ids, unread = _read_rows(path, spec, rows, first, rcol, ncol, columns, comments, values_map,
                                   known_resp, probs)
    for (text, iid), rs in unread.items():
        sc = spec.scales[spec.item(iid).scale]
        rtext = ("row " if len(rs) == 1 else "rows ") + ", ".join(map(str, rs[:5])) + (" …" if len(rs) > 5 else "")
        probs.add("ANS006", f"{rtext}, column {iid}",
                  f"{text!r} is not a value of the scale {sc.min}–{sc.max}, one of its labels or 'don't know'",
                  f"add a line under 'values:' in {where}: {json.dumps(text)}: <number {sc.min}–{sc.max}> "
                  "(or: dont_know, or: skip), then run sedam import again")
    out_map = {"columns": cmap, "values": values_map, "respondents": ids,
               "respondent_column": headers[rcol][0] if rcol is not None else None}
    mapped = {iid for iid in columns.values()}
    if columns:
        absent = [i for i in spec.item_ids if i not in mapped]
        if absent:
            notes.append(f"[{_NO_COLUMN}] {len(absent)} question(s) of {spec.id!r} have no column in the export and stay "
                         f"unanswered: {', '.join(absent[:8])}" + (" …" if len(absent) > 8 else "")
                         + f". Fix: if the export has them under other headers, map them under 'columns:' in "
                         f"{where} and import again; if the form did not ask them, nothing to do")
    if probs:
        raise _Failed(probs.items, out_map, path)
    return docs, out_map, notes


class _Failed(SedamError):
    """The problems of an import, with the mapping found so far (written for review)."""

    def __init__(self, problems, mapping, path):
        super().__init__(problems, f"the export {path} cannot be imported; nothing was written")
        self.mapping = mapping


def _new_id(raw, rown, first, taken):
    base = slug_id(raw) if raw else ""
    if not base or base.isdigit():
        base = f"respondent-{int(base) if base.isdigit() else rown - first + 1:03d}"
    rid, k = base, 2
    while rid in taken:
        rid, k = f"{base}-{k}", k + 1
    return rid


def _check_mapping(cols, values, spec, probs, where):
    items = set(spec.item_ids)
    for col, target in cols.items():
        if target not in (None, "", SKIP) and target not in items:
            probs.add("ANS016", f"columns: {col!r}", f"{target!r} is not an item of {spec.id!r}",
                      f"in {where}, write one of the item ids ({', '.join(spec.item_ids[:4])}, ...) or skip")
    for text, v in values.items():
        if not (v in (DONT_KNOW_VALUE, SKIP) or (isinstance(v, int) and not isinstance(v, bool))):
            probs.add("ANS016", f"values: {text!r}", f"{v!r} is not a whole number, dont_know or skip",
                      f"in {where}, write the scale number the answer stands for, or dont_know, or skip")


# -- the mapping file ------------------------------------------------------------------------------

def merge_mapping(old: dict | None, new: dict) -> dict:
    """The mapping to keep: every entry of ``old`` (the user's file) wins; entries found now are added;
    an entry left empty (``null``) is filled when a match is found now."""
    old = old or {}
    out = {"questionnaire": new.get("questionnaire", old.get("questionnaire")),
           "respondent_column": old.get("respondent_column") or new.get("respondent_column")}
    for part in ("columns", "values", "respondents"):
        merged = dict(new.get(part) or {})
        for k, v in (old.get(part) or {}).items():
            if v not in (None, "") or k not in merged:
                merged[k] = v
        out[part] = merged
    return out


def mapping_yaml(m: dict) -> str:
    """The mapping file's text, commented for review."""
    def q(x):
        return json.dumps(x, ensure_ascii=False)

    lines = ["# How `sedam import` reads this questionnaire's survey exports. Review it; edit any line and run",
             "# the import again: your entries win and are never overwritten.",
             "#   columns:     export header -> item id, or skip (not a question)",
             "#   values:      answer text -> scale number, or dont_know, or skip (not answered)",
             "#   respondents: name, e-mail or row -> the respondent id (the answers file's name)",
             f"questionnaire: {q(m.get('questionnaire'))}",
             f"respondent_column: {q(m.get('respondent_column'))}", "columns:"]
    for k, v in (m.get("columns") or {}).items():
        lines.append(f"  {q(k)}: {q(v)}" + ("   # not matched: write an item id, or skip" if v in (None, "") else ""))
    lines.append("values:" + ("" if m.get("values") else " {}"))
    lines += [f"  {q(k)}: {q(v)}" for k, v in (m.get("values") or {}).items()]
    lines.append("respondents:" + ("" if m.get("respondents") else " {}"))
    lines += [f"  {q(k)}: {q(v)}" for k, v in (m.get("respondents") or {}).items()]
    return "\n".join(lines) + "\n"


def import_export(path, client_dir, spec, *, respondent_column=None, mapping_file=None, replace=False,
                  sheet=0) -> dict:
    """Import an export into ``CLIENT_DIR/answers/<stage>/``: what ``sedam import`` does.

    The mapping file (default ``CLIENT_DIR/imports/<spec>.mapping.yaml``) is read first (its entries
    win), then written back merged, also when the import has problems, so the user can fill in what
    did not match. Answers files of respondents that already have one are refused (ANS015) unless
    ``replace``; nothing is written until every problem is solved. Returns ``{"written": [paths],
    "mapping": path, "notes": [...], "respondents": n}``.
    """
    from .answers import answers_path, save_answers
    from .fileio import atomic_write_text, read_yaml

    client_dir = Path(client_dir)
    mfile = Path(mapping_file) if mapping_file else client_dir / "imports" / f"{spec.id}.mapping.yaml"
    old = read_yaml(mfile, code="ANS016") if mfile.is_file() else {}
    if old is not None and not isinstance(old, dict):
        raise SedamError(Problem("ANS016", str(mfile), None, "the mapping file is not a mapping",
                                 "delete it and run sedam import again to get a fresh one"))
    old = dict(old or {})
    old["file"] = str(mfile)

    def keep(found):
        merged = merge_mapping(old, dict(found, questionnaire=spec.id))
        text = mapping_yaml(merged)
        if not mfile.is_file() or mfile.read_text(encoding="utf-8") != text:
            atomic_write_text(mfile, text)

    try:
        docs, found, notes = plan_import(path, spec, respondent_column=respondent_column, mapping=old, sheet=sheet)
    except _Failed as e:
        keep(e.mapping)
        raise SedamError(e.problems, f"{e.summary}; the mapping found so far is in {mfile}") from None
    stage = spec.stage or spec.id
    answers_dir = client_dir / "answers"
    targets = [(answers_path(answers_dir, stage, d["respondent"]), d) for d in docs]
    if not replace:
        probs = Problems()
        for p, d in targets:
            if p.exists():
                probs.add("ANS015", d["respondent"], f"{p} already holds answers of {d['respondent']!r}",
                          "add --replace to overwrite them with the export's answers, or change that "
                          f"respondent's id under 'respondents:' in {mfile}", file=str(p))
        if probs:
            keep(found)
        probs.raise_if_any("nothing was imported: answers files exist")
    written = [save_answers(p, d, spec) for p, d in targets]
    keep(found)
    return {"written": written, "mapping": mfile, "notes": notes, "respondents": len(docs),
            "answers": sum(len(d["answers"]) for d in docs)}
