"""The notebooks' teaching prose in the reader's language: translations of the Markdown cells.

The notebooks in ``notebooks/`` are written in English. The text of their Markdown cells in another
language lives beside the kit's other translations, one YAML file per notebook and language::

    sedamkit/data/i18n/notebooks/<language>/<notebook stem>.yaml

    format: 1
    notebook: 02_daap.ipynb
    language: fr
    header:                     # optional: the notebook's title and objectives (metadata.sedam)
      source: 0c3f5e2a9b1d      # header_hash() of the English title and objectives
      title: Le programme ...
      objectives:
      - Relier les objectifs ...
    cells:
      c04:                      # the cell's "id" in the .ipynb
        source: 5d41402abc4b    # first 12 hex digits of the SHA-1 of the English cell source
        text: |-
          ## 1. Ce que ...

The ``source`` hash ties each text to the English it translates (:func:`source_hash`). When the English
cell changes, its hash changes and the text is *stale*. :func:`translate_notebook` puts a text in place
only when its hash matches the current English; a cell whose text is stale or missing keeps its English
(never a text that says something else) and one :class:`NotebookTextWarning` per notebook lists them
(``NBT004``). The notebook's header (``metadata.sedam.title`` and ``objectives``, which the trainer's course
plan prints) is translated the same way: ``header:`` holds its French with the hash of the English title
and objectives (:func:`header_hash`); a missing or stale header keeps its English and is reported as the
gap ``header``. The file's structure is checked by ``sedamkit/data/schemas/nbtext.schema.json``; files are
read once per process (and again only when they change on disk).

Maintainers keep the texts in step with two commands (see ``docs/developing.md``)::

    python -m sedamkit.core.nbtext check [--language fr]      # every missing or stale cell; exit 1 if any
    python -m sedamkit.core.nbtext skeleton NOTEBOOK --language xx [--out FILE]

Error codes
-----------
NBT001  a notebook translation file cannot be read (not valid YAML, not UTF-8, a key twice)
NBT002  a notebook translation file does not have the agreed structure (format, fields, hashes, texts)
NBT003  a translation file's ``notebook`` or ``language`` is not the one its place says
NBT004  (warning) Markdown cells of a notebook have no current translation: English is shown for them
NBT005  a translation file has a text for a cell the notebook does not have, or that is not Markdown
NBT006  the translation tool was given a notebook that does not exist, or a language it cannot write

Examples
--------
>>> source_hash("hello")
'aaf4c61ddcc5'
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hello", id="c1"),
...                                      nbformat.v4.new_code_cell("x = 1", id="c2")])
>>> texts = {"c1": {"source": source_hash("# Hello"), "text": "# Bonjour"}}
>>> [c.source for c in apply_texts(nb, texts)[0].cells]
['# Bonjour', 'x = 1']
>>> texts["c1"]["source"] = "000000000000"          # the English changed since: keep it
>>> out, gaps = apply_texts(nb, texts)
>>> out.cells[0].source, [(g.cell, g.status) for g in gaps]
('# Hello', [('c1', 'stale')])
"""
from __future__ import annotations

import copy
import functools
import hashlib
import json
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from . import paths as _paths
from .errors import Problem, Problems, SedamError

__all__ = ["FORMAT", "NotebookTextWarning", "Gap", "source_hash", "texts_dir", "texts_file", "load_texts",
           "validate_texts", "apply_texts", "same_hash", "HEADER", "header_of", "header_hash", "load_header",
           "apply_header", "translate_notebook", "notebook_gaps", "check", "skeleton",
           "available_languages", "clear_cache", "main"]

#: The version of the file format (``format:`` in every file).
FORMAT = 1


#: The name a notebook's header goes by in gaps and in ``metadata.sedam.translation.untranslated``.
HEADER = "header"

#: The code of the warning that cells keep their English.
_STALE = "NBT004"


class NotebookTextWarning(UserWarning):
    """Markdown cells of a notebook have no current translation; their English is shown (``NBT004``)."""


@dataclass(frozen=True)
class Gap:
    """A Markdown cell without a current translation.

    ``status`` is ``missing`` (no text), ``stale`` (the text translates an older English),
    ``placeholder`` (the text is still the English, as a skeleton writes it) or ``unreadable`` (the
    file has problems; ``first_line`` then says which).
    """

    notebook: str
    cell: str
    status: str
    first_line: str

    def __str__(self) -> str:
        return f"{self.notebook}  {self.cell}  {self.status}  {self.first_line}"


def source_hash(source: str) -> str:
    """The first 12 hex digits of the SHA-1 of a cell's source (UTF-8): what ``source:`` records."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]


def header_of(nb) -> dict | None:
    """The English header a translation file's ``header:`` translates: ``{"title": str, "objectives":
    [str, …]}`` from ``metadata.sedam``; None when the notebook has neither a title nor objectives."""
    meta = nb.metadata.get("sedam", {}) or {}
    if "title" not in meta and "objectives" not in meta:
        return None
    return {"title": str(meta.get("title") or ""), "objectives": [str(o) for o in meta.get("objectives") or []]}


def header_hash(header: dict) -> str:
    """What ``header.source`` records: :func:`source_hash` of the header as JSON (keys sorted, not ASCII-escaped).

    >>> header_hash({"title": "Start here", "objectives": ["Read"]}) == source_hash(
    ...     '{"objectives": ["Read"], "title": "Start here"}')
    True
    """
    return source_hash(json.dumps({"title": header["title"], "objectives": list(header["objectives"])},
                                  sort_keys=True, ensure_ascii=False))


def same_hash(recorded, digest: str) -> bool:
    """Whether a file's ``source:`` is ``digest``. A hash of digits only that was written without quotes
    is read by YAML as a number (``955884507079``; with a leading 0 even as octal): it matches when the
    digest, read the same way, gives that number.

    >>> same_hash("0a1b2c3d4e5f", "0a1b2c3d4e5f"), same_hash(955884507079, "955884507079")
    (True, True)
    """
    if isinstance(recorded, str):
        return recorded == digest
    import yaml

    return not isinstance(recorded, bool) and isinstance(recorded, int) and digest.isdigit() \
        and yaml.safe_load(digest) == recorded


def texts_dir(language: str) -> Path:
    """The folder of a language's notebook texts: ``sedamkit/data/i18n/notebooks/<language>``."""
    return _paths.data_dir() / "i18n" / "notebooks" / language


def _stem(name) -> str:
    return Path(str(name)).name.removesuffix(".ipynb")


def texts_file(notebook, language: str) -> Path:
    """The translation file of ``notebook`` (a path, file name or stem) in ``language``."""
    return texts_dir(language) / f"{_stem(notebook)}.yaml"


def available_languages() -> list[str]:
    """The languages that have a folder of notebook texts, sorted."""
    root = _paths.data_dir() / "i18n" / "notebooks"
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


# ---------------------------------------------------------------- reading and validating
def validate_texts(data, file: str, *, notebook: str | None = None, language: str | None = None) -> Problems:
    """Every problem with the content of a translation file: its structure (``NBT002``, from the schema)
    and, when given, whether it names ``notebook`` and ``language`` (``NBT003``)."""
    from .schema import check as schema_check

    probs = Problems(file)
    if isinstance(data, dict) and isinstance(data.get("cells"), dict):
        for key in data["cells"]:
            if not isinstance(key, str):
                probs.add("NBT002", f"cells.{key}", f"the cell id {key!r} is read as a {type(key).__name__}, "
                          "not as text", f"quote it: '{key}':")
        if probs:
            return probs
    schema_check(data, "nbtext", probs, code="NBT002")
    if probs or not isinstance(data, dict):
        return probs
    if notebook is not None and data["notebook"] != f"{_stem(notebook)}.ipynb":
        probs.add("NBT003", "notebook", f"the file names {data['notebook']!r}, but its name says "
                  f"{_stem(notebook)}.ipynb", f"write 'notebook: {_stem(notebook)}.ipynb', or rename the file")
    if language is not None and data["language"] != language:
        probs.add("NBT003", "language", f"the file says language {data['language']!r}, but it is in the "
                  f"{language!r} folder", f"write 'language: {language}', or move the file")
    return probs


@functools.lru_cache(maxsize=128)
def _read(path: str, stamp) -> dict:
    from .fileio import read_yaml

    p = Path(path)
    data = read_yaml(p, code="NBT001")
    validate_texts(data, path, notebook=p.stem, language=p.parent.name).raise_if_any(
        f"the notebook texts {path} are not valid")
    return data


def load_texts(notebook, language: str, *, path=None) -> dict | None:
    """``{cell id: {"source": hash, "text": text}}`` of a notebook in ``language``; None when there is
    no file. A file that cannot be read or is not valid raises its coded problems (``NBT001``–``NBT003``).
    Each file is read once per process and again only when it changes (size or time)."""
    p = Path(path) if path else texts_file(notebook, language)
    try:
        st = p.stat()
    except OSError:
        return None
    return copy.deepcopy(_read(str(p), (st.st_mtime_ns, st.st_size))["cells"])


def load_header(notebook, language: str, *, path=None) -> dict | None:
    """The ``header:`` of a notebook's translation file (``{"source", "title", "objectives"}``); None when
    there is no file or it has no header. Problems of the file raise as for :func:`load_texts`."""
    p = Path(path) if path else texts_file(notebook, language)
    try:
        st = p.stat()
    except OSError:
        return None
    return copy.deepcopy(_read(str(p), (st.st_mtime_ns, st.st_size)).get("header"))


def clear_cache() -> None:
    """Forget every translation file read so far."""
    _read.cache_clear()


# ---------------------------------------------------------------- translating
def _first_line(source: str) -> str:
    return next((line.strip() for line in source.splitlines() if line.strip()), "")[:100]


def _markdown(nb):
    return [c for c in nb.cells if c.get("cell_type") == "markdown" and c.get("source", "").strip()]


def apply_texts(nb, texts: dict | None, name: str = "notebook") -> tuple:
    """``(translated copy of nb, gaps)``: each non-blank Markdown cell whose id has a text translating
    its current source gets that text; the others keep their English and are listed as :class:`Gap`."""
    out = copy.deepcopy(nb)
    texts = texts or {}
    gaps = []
    for cell in _markdown(out):
        entry = texts.get(cell.get("id"))
        status = None
        if entry is None:
            status = "missing"
        elif not same_hash(entry["source"], source_hash(cell.source)):
            status = "stale"
        elif entry["text"] == cell.source:
            status = "placeholder"
        else:
            cell.source = entry["text"]
        if status:
            gaps.append(Gap(name, str(cell.get("id")), status, _first_line(cell.source)))
    return out, gaps


def apply_header(nb, entry: dict | None, name: str = "notebook") -> Gap | None:
    """Put the translated title and objectives of ``entry`` (a file's ``header:``) in ``nb``'s
    ``metadata.sedam`` — changes ``nb`` in place; give it a copy — when ``entry`` translates its current
    English header (:func:`header_hash`). Returns the :class:`Gap` (cell ``header``: ``missing``,
    ``stale`` or ``placeholder``) when the English stays, None when it was translated or there is none."""
    english = header_of(nb)
    if english is None:
        return None
    status = None
    if entry is None:
        status = "missing"
    elif not same_hash(entry.get("source"), header_hash(english)) or \
            len(entry.get("objectives") or []) != len(english["objectives"]):
        status = "stale"
    elif entry.get("title") == english["title"] and list(entry.get("objectives") or []) == english["objectives"]:
        status = "placeholder"
    if status:
        return Gap(name, HEADER, status, english["title"][:100])
    meta = nb.metadata.setdefault("sedam", {})
    meta["title"], meta["objectives"] = entry["title"], list(entry["objectives"])
    return None


def _warn(name: str, language: str, gaps) -> None:
    shown = ", ".join(f"{g.cell} ({g.status})" for g in gaps[:20]) + (f" … ({len(gaps)} in all)" if len(gaps) > 20
                                                                       else "")
    cells = sum(1 for g in gaps if g.cell != HEADER)
    what = " and ".join((["the header (title and objectives)"] if cells < len(gaps) else [])
                        + ([f"{cells} Markdown cell(s)"] if cells else []))
    _say(f"[{_STALE}] {what} {'have' if cells else 'has'} no current {language!r} text, their English is shown: "
         f"{shown}. Fix: run 'python -m sedamkit.core.nbtext check --language {language}'", name)


def _say(message: str, where: str) -> None:
    """Warn, placed at the notebook (``where``) rather than at a line of the kit's code, so a console shows
    one line that names the notebook."""
    warnings.warn_explicit(message, NotebookTextWarning, where, 0, module="sedamkit.core.nbtext")


def translate_notebook(nb, language: str | None, name=None, *, warn: bool = True):
    """A copy of notebook ``nb`` with its Markdown in ``language`` (the notebook itself for English).

    ``name`` is the notebook's path, file name or stem (default: its ``metadata.sedam.stage``); it says
    which translation file applies. A Markdown cell keeps its English when its translation is missing or
    stale, and so does every cell when the file has problems; those cells are listed in one
    :class:`NotebookTextWarning` (``NBT004``, or the file's own codes) and in the copy's
    ``metadata.sedam.translation`` (``{"language", "untranslated": [cell ids]}``). The header's title and
    objectives are translated too (:func:`apply_header`); when they keep their English, ``header`` is
    among the gaps and the untranslated. Never raises for a translation problem: a run goes on in English
    where it must.
    """
    from .i18n import normalise_language

    lang = normalise_language(language)
    if lang == "en":
        return nb
    stem = _stem(name) if name else str((nb.metadata.get("sedam", {}) or {}).get("stage") or "notebook")
    label = f"notebooks/{stem}.ipynb"
    try:
        texts, header = load_texts(stem, lang), load_header(stem, lang)
    except SedamError as e:
        if warn:
            _say(f"the {lang!r} texts cannot be used, English is shown: " + "; ".join(str(p) for p in e.problems[:5]),
                 label)
        texts, header = {}, None
    out, gaps = apply_texts(nb, texts, label)
    gap = apply_header(out, header, label)
    gaps = ([gap] if gap else []) + gaps
    out.metadata.setdefault("sedam", {})["translation"] = {"language": lang, "untranslated": [g.cell for g in gaps]}
    if gaps and warn:
        _warn(label, lang, gaps)
    return out


def notebook_gaps(path, language: str) -> tuple:
    """``(gaps, problems)`` of one notebook file in ``language``: its Markdown cells without a current
    text, and the problems of its translation file (``NBT001``–``NBT003``, and ``NBT005`` for a text
    whose cell the notebook lacks or that is not Markdown)."""
    import nbformat

    path = Path(path)
    nb = nbformat.read(str(path), as_version=4)
    probs = Problems(str(texts_file(path, language)))
    label = f"{path.parent.name}/{path.name}"
    try:
        texts, header = load_texts(path, language), load_header(path, language)
    except SedamError as e:
        probs.extend(e.problems)
        return [Gap(label, "-", "unreadable", f"{len(e.problems)} problem(s) in {texts_file(path, language).name}")], \
            probs
    _, gaps = apply_texts(nb, texts, label)
    gap = apply_header(copy.deepcopy(nb), header, label)
    gaps = ([gap] if gap else []) + gaps
    if header is not None and header_of(nb) is None:
        probs.add("NBT005", HEADER, f"{path.name} has no title or objectives in metadata.sedam to translate",
                  "delete the header: entry (or give the notebook its header back)")
    md = {c.get("id") for c in _markdown(nb)}
    for cid in texts or {}:
        if cid not in md:
            probs.add("NBT005", f"cells.{cid}", f"{path.name} has no non-blank Markdown cell with id {cid!r}",
                      "delete this entry (or give the cell its id back)")
    return gaps, probs


def _notebooks(folder=None) -> list[Path]:
    root = Path(folder) if folder else _paths.notebooks_dir()
    return sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def check(languages=None, folder=None) -> tuple:
    """``(gaps, problems)`` of every notebook below ``folder`` (default the kit's ``notebooks/``) in each
    of ``languages`` (default every language with texts): what ``python -m sedamkit.core.nbtext check``
    prints. Notebooks without Markdown (the Voila app pages) have nothing to translate."""
    gaps, probs = [], Problems()
    for lang in languages or available_languages():
        for p in _notebooks(folder):
            g, pr = notebook_gaps(p, lang)
            gaps += g
            probs.extend(pr.items)
    return gaps, probs


# ---------------------------------------------------------------- the skeleton of a new file
def _block(text: str, indent: str) -> str:
    return "|-\n" + "\n".join((indent + line) if line else "" for line in text.split("\n"))


def _scalar(text: str, indent: str) -> str:
    """``text`` as a YAML block scalar when that reads back exactly, else as a quoted string."""
    import yaml

    block = _block(text, indent)
    try:
        if yaml.safe_load("x: " + block) == {"x": text} and not text[:1].isspace():
            return block
    except yaml.YAMLError:
        pass
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=10_000).strip()


def _key(cid: str) -> str:
    import yaml

    try:
        plain = yaml.safe_load(f"{cid}: 1") == {cid: 1}
    except yaml.YAMLError:
        plain = False
    return cid if plain else yaml.safe_dump(cid, default_style="'").strip().removesuffix("\n...")


def _header_lines(nb, old) -> list[str]:
    english = header_of(nb)
    if english is None:
        return []
    digest = header_hash(english)
    current = bool(old) and same_hash(old.get("source"), digest) and \
        len(old.get("objectives") or []) == len(english["objectives"])
    use = old if current else english
    lines = ["header:"]
    if old and not current:
        lines.append("  # stale header (translates an older English), to update:")
        lines += [("  #   " + line).rstrip() for line in [str(old.get("title", ""))]
                  + [f"- {o}" for o in old.get("objectives") or []]]
    lines += [f"  source: {_key(digest)}", f"  title: {_scalar(str(use['title']), '    ')}", "  objectives:"]
    lines += [f"  - {_scalar(str(o), '    ')}" for o in use["objectives"]]
    return lines if use["objectives"] else lines[:-1] + ["  objectives: []"]


def skeleton(notebook, language: str, *, keep=None, keep_header=None) -> str:
    """The text of a translation file for ``notebook`` in ``language``: the header (title and objectives
    of ``metadata.sedam``, when it has one) and every non-blank Markdown cell in notebook order, each with
    its current hash. A cell already translated (a current text in ``keep``, a ``{cell id: entry}``
    mapping) keeps its text, and so does a current header in ``keep_header``; any other gets its English
    as a placeholder (which ``check`` reports until it is translated), with a stale text shown above it
    as a comment."""
    import nbformat

    path = Path(notebook)
    nb = nbformat.read(str(path), as_version=4)
    keep = keep or {}
    lines = [f"# Text in {language!r} of the Markdown cells of notebooks/{path.name}, keyed by cell id.",
             "# `source` is the first 12 hex digits of the SHA-1 of the English cell source this text translates;",
             "# when the English cell changes, the check reports the text as stale.",
             f"format: {FORMAT}", f"notebook: {path.name}", f"language: {language}",
             *_header_lines(nb, keep_header), "cells:"]
    for cell in _markdown(nb):
        cid, digest = str(cell.get("id")), source_hash(cell.source)
        old = keep.get(cid)
        current = bool(old) and same_hash(old.get("source"), digest)
        text = old["text"] if current else cell.source
        lines.append(f"  {_key(cid)}:")
        if old and not current:
            lines.append("    # stale text (translates an older English), to update:")
            lines += [("    #   " + line).rstrip() for line in str(old.get("text", "")).split("\n")]
        lines += [f"    source: {_key(digest)}", f"    text: {_scalar(text, '      ')}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- command line
def _cmd_check(args) -> int:
    from .i18n import normalise_language

    langs = [normalise_language(args.language)] if args.language else None
    if langs == ["en"]:
        raise SedamError(Problem("NBT006", None, "--language", "English is the notebooks' own language",
                                 "give the language of the texts to check, e.g. --language fr"))
    gaps, probs = check(langs)
    for p in probs.items:
        print(p)
    for g in gaps:
        print(g)
    n = len(gaps) + len(probs.items)
    print(f"{n} problem(s): {len(gaps)} Markdown cell(s) without a current text" if n else
          "every Markdown cell has a current text")
    return 1 if n else 0


def _cmd_skeleton(args) -> int:
    from .fileio import atomic_write_text
    from .i18n import normalise_language

    lang = normalise_language(args.language)
    path = Path(args.notebook)
    if not path.is_file() and (_paths.notebooks_dir() / f"{_stem(path)}.ipynb").is_file():
        path = _paths.notebooks_dir() / f"{_stem(path)}.ipynb"
    probs = Problems("nbtext skeleton")
    if not path.is_file():
        probs.add("NBT006", str(args.notebook), "no such notebook", "give a notebook's path, e.g. notebooks/02_daap.ipynb")
    if lang == "en" or not lang.isalpha() or len(lang) != 2:
        probs.add("NBT006", "--language", f"{args.language!r} is not a language to translate into",
                  "give a two-letter code other than en (the notebooks' own language), e.g. --language fr")
    probs.raise_if_any("no skeleton was written")
    out = Path(args.out) if args.out else texts_file(path, lang)
    keep, keep_header = {}, None
    if out.is_file():
        try:
            keep, keep_header = load_texts(path, lang, path=out) or {}, load_header(path, lang, path=out)
        except SedamError as e:  # keep what can be read, as comments are lost anyway
            print(f"note: {out} has problems ({e.problems[0]}); its texts are not kept", file=sys.stderr)
    atomic_write_text(out, skeleton(path, lang, keep=keep, keep_header=keep_header))
    print(f"Wrote {out}: translate every text that is still English, then run the check")
    return 0


def main(argv=None) -> int:
    """``python -m sedamkit.core.nbtext check|skeleton …`` (see the module docstring)."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m sedamkit.core.nbtext",
                                 description="keep the notebooks' translated Markdown in step with the English")
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="list every Markdown cell without a current text; exit 1 if any")
    c.add_argument("--language", default=None, help="one language (default: every language with texts)")
    c.set_defaults(func=_cmd_check)
    s = sub.add_parser("skeleton", help="write a translation file with the English as placeholders")
    s.add_argument("notebook")
    s.add_argument("--language", required=True)
    s.add_argument("--out", default=None, help="where to write (default: the file's place in the package)")
    s.set_defaults(func=_cmd_skeleton)
    args = ap.parse_args(argv)
    try:
        return args.func(args)
    except SedamError as e:
        print(e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
