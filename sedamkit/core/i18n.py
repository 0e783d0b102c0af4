"""Translations: the fixed text of forms and reports, and the glossary, in English and French.

Three kinds of text carry a language:

* **questionnaires** hold their own text per language (``{en: ..., fr: ...}`` in the YAML file,
  looked up by :meth:`sedamkit.core.spec.Spec.text`); :func:`missing_in_spec` lists the ids that have
  no text in a language;
* **fixed strings** of the forms, the report and the class results live in
  ``sedamkit/data/i18n/ui.yaml`` and ``ui_<part>.yaml`` beside it, one key per string (``form.comment``), looked up by :func:`t`;
* the **glossary** of the method's terms (``sedamkit/data/i18n/glossary.yaml``), shown by
  :func:`glossary`. Its definitions are the kit's own words.

The language comes from the notebook's ``language`` parameter or the client config's
``language`` (``en`` or ``fr``). A text missing in the chosen language falls back to English,
and a :class:`MissingTranslationWarning` lists every missing id at once (once per language
and catalogue, not once per string).

Error codes
-----------
I18N001  an unknown text id was asked for (a typo in the code or a custom catalogue)
I18N002  a text has no translation in the chosen language (a *warning*: English is shown)
I18N003  a catalogue entry is not valid (not a ``{language: text}`` mapping, or no English)
I18N004  a glossary entry is not valid (missing term or definition in a language)

Examples
--------
>>> t("form.comment", "fr")
'Commentaire'
>>> t("form.question", "en", n=3)
'Q3'
>>> t("form.nope", "en")
Traceback (most recent call last):
...
sedamkit.core.errors.SedamError: 1 problem found:
  [I18N001] ui.yaml: form.nope: no text with this id. Fix: use one of the keys in sedamkit/data/i18n/ui.yaml, or add it there
>>> sorted(LANGUAGES)
['en', 'fr']
"""
from __future__ import annotations

from . import paths as _paths

import functools
import warnings
from pathlib import Path

from .errors import Problem, Problems, SedamError

__all__ = ["LANGUAGES", "UI_FILE", "GLOSSARY_FILE", "MissingTranslationWarning", "t", "translated", "ui_strings",
           "catalogue", "missing", "missing_in_spec", "spec_text_ids", "warn_missing", "glossary",
           "load_glossary", "validate_catalogue", "validate_glossary", "normalise_language", "check_spec"]

#: The languages the kit is written in (those of the ISO documents).
LANGUAGES = ("en", "fr")
I18N_DIR = _paths.data_dir() / "i18n"
UI_FILE = I18N_DIR / "ui.yaml"
GLOSSARY_FILE = I18N_DIR / "glossary.yaml"


class MissingTranslationWarning(UserWarning):
    """A text has no translation in the chosen language; English is shown instead (I18N002)."""


def normalise_language(language) -> str:
    """``None`` or ``""`` → ``"en"``; ``"FR"`` / ``"fr-CA"`` → ``"fr"``.

    >>> normalise_language(None), normalise_language("FR-ca")
    ('en', 'fr')
    """
    if not language:
        return "en"
    return str(language).strip().lower().replace("_", "-").split("-")[0] or "en"


# ---------------------------------------------------------------- catalogues
def validate_catalogue(data, file: str = "ui.yaml") -> Problems:
    """Every problem in a catalogue mapping ``{key: {language: text}}`` (I18N003)."""
    probs = Problems(file)
    if not isinstance(data, dict):
        probs.add("I18N003", None, "the catalogue is not a mapping of ids to texts",
                  "write one 'key: {en: ..., fr: ...}' per line")
        return probs
    for key, texts in data.items():
        if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
            probs.add("I18N003", str(key), "the entry is not a {language: text} mapping",
                      "write it as '{en: \"...\", fr: \"...\"}'")
        elif "en" not in texts:
            probs.add("I18N003", str(key), "the entry has no English text (English is the fallback)",
                      "add 'en: ...'")
    return probs


@functools.lru_cache(maxsize=None)
def _load_catalogue(path: str) -> dict:
    from .fileio import read_yaml

    data = read_yaml(path, code="I18N003") or {}
    validate_catalogue(data, Path(path).name).raise_if_any(f"the text catalogue {path} is not valid")
    return data


@functools.lru_cache(maxsize=None)
def _shipped_catalogue() -> dict:
    """``ui.yaml`` merged with every ``ui_<part>.yaml`` beside it (the report's, the app's…); a key
    defined in two files is I18N003, so one part can never silently override another's text."""
    merged, where = {}, {}
    probs = Problems("i18n")
    for f in [UI_FILE] + sorted(p for p in I18N_DIR.glob("ui_*.yaml")):
        for key, texts in _load_catalogue(str(f)).items():
            if key in merged:
                probs.add("I18N003", key, f"defined in both {where[key]} and {f.name}",
                          "keep the key in one of the two files")
                continue
            merged[key], where[key] = texts, f.name
    probs.raise_if_any("the text catalogues are not valid")
    return merged


def catalogue(path=None) -> dict:
    """The fixed-text catalogue ``{key: {language: text}}`` (default: the shipped ``ui.yaml`` with
    the ``ui_*.yaml`` files beside it)."""
    return _load_catalogue(str(path)) if path else _shipped_catalogue()


def missing(language: str, cat: dict | None = None) -> list[str]:
    """Ids of a catalogue that have no text in ``language``, sorted.

    >>> missing("en")
    []
    >>> missing("fr", {"a": {"en": "A"}, "b": {"en": "B", "fr": "B"}})
    ['a']
    """
    cat = catalogue() if cat is None else cat
    return sorted(k for k, v in cat.items() if not (isinstance(v, dict) and v.get(language)))


_WARNED: set = set()


def warn_missing(ids, language: str, what: str = "ui.yaml", *, stacklevel: int = 3) -> None:
    """Warn once (per language and ``what``) that ``ids`` fall back to English."""
    ids = sorted(set(ids))
    if not ids or (language, what, tuple(ids)) in _WARNED:
        return
    _WARNED.add((language, what, tuple(ids)))
    shown = ", ".join(ids[:40]) + (f" … ({len(ids)} in all)" if len(ids) > 40 else "")
    warnings.warn(f"[I18N002] {what}: no {language!r} text for {len(ids)} id(s), English is shown: {shown}",
                  MissingTranslationWarning, stacklevel=stacklevel)


def translated(key: str, language: str | None, default: str) -> str:
    """``key``'s text in ``language`` when the catalogue has it and the language is not English, else
    ``default`` (the kit's own English name, or a name the client wrote): for names of the kit's data
    (KPIs, principles, approaches) drawn in figures and panels.

    >>> translated("rpt.principle.best_fit", "fr", "Best fit"), translated("rpt.principle.best_fit", "en", "Best fit")
    ('Adéquation', 'Best fit')
    """
    if language and language != "en" and key in catalogue():
        return t(key, language)
    return default


def t(key: str, language: str | None = "en", *, cat: dict | None = None, **fields) -> str:
    """The text ``key`` in ``language``, English when it has no translation (with a warning).

    ``fields`` fill the ``{placeholders}`` of the text. An unknown key is a coded error
    (I18N001): a misspelt key should fail loudly in the tests, not show a blank.
    """
    cat = catalogue() if cat is None else cat
    lang = normalise_language(language)
    if key not in cat:
        raise SedamError(Problem("I18N001", "ui.yaml", key, "no text with this id",
                                 "use one of the keys in sedamkit/data/i18n/ui.yaml, or add it there"))
    texts = cat[key]
    text = texts.get(lang)
    if not text:
        warn_missing(missing(lang, cat), lang, "ui.yaml")
        text = texts["en"]
    return text.format(**fields) if fields else text


def ui_strings(language: str | None = "en", prefix: str = "", cat: dict | None = None) -> dict:
    """Every fixed string (or those whose key starts with ``prefix``) in ``language``.

    Missing translations are English, and one warning lists them.

    >>> ui_strings("fr", "exercise.")["exercise.not_yet"]
    'Pas encore'
    """
    cat = catalogue() if cat is None else cat
    lang = normalise_language(language)
    keys = [k for k in cat if k.startswith(prefix)]
    gaps = [k for k in keys if not cat[k].get(lang)]
    if gaps:
        warn_missing(gaps, lang, "ui.yaml")
    return {k: cat[k].get(lang) or cat[k]["en"] for k in keys}


# ---------------------------------------------------------------- questionnaires
def spec_text_ids(spec) -> dict:
    """Every text of a questionnaire by a readable id: ``{id: {language: text}}``.

    Ids: ``title``, ``intro``, ``scales.<scale>.labels.<value>``, ``scales.<scale>.na_label``,
    ``groups.<id>.title``, ``groups.<id>.help``, ``areas.<id>.title``, ``items.<id>.text``,
    ``items.<id>.help``, ``ui.<key>``. ``spec`` is a :class:`~sedamkit.core.spec.Spec` or the YAML dict.
    """
    get = (lambda o, k, d=None: o.get(k, d)) if isinstance(spec, dict) else (lambda o, k, d=None: getattr(o, k, d))
    out = {"title": get(spec, "title")}
    if get(spec, "intro"):
        out["intro"] = get(spec, "intro")
    for sid, sc in (get(spec, "scales") or {}).items():
        labels = sc["labels"] if isinstance(sc, dict) else sc.labels
        for v, lab in labels.items():
            out[f"scales.{sid}.labels.{v}"] = lab
        na = sc.get("na_label") if isinstance(sc, dict) else sc.na_label
        if na:
            out[f"scales.{sid}.na_label"] = na
    for g in get(spec, "groups") or []:
        out[f"groups.{g['id']}.title"] = g["title"]
        if g.get("help"):
            out[f"groups.{g['id']}.help"] = g["help"]
    for a in get(spec, "areas") or []:
        out[f"areas.{a['id']}.title"] = a["title"]
    for it in get(spec, "items") or []:
        iid, text, hlp = (it["id"], it["text"], it.get("help")) if isinstance(it, dict) else (it.id, it.text, it.help)
        out[f"items.{iid}.text"] = text
        if hlp:
            out[f"items.{iid}.help"] = hlp
    for k, v in (get(spec, "ui") or {}).items():
        out[f"ui.{k}"] = v
    return out


def missing_in_spec(spec, language: str) -> list[str]:
    """Ids of a questionnaire's texts that have no ``language`` version (see :func:`spec_text_ids`).

    >>> from sedamkit.core.spec import load_spec
    >>> missing_in_spec(load_spec("necessity_feasibility"), "fr")
    []
    """
    lang = normalise_language(language)
    return sorted(k for k, v in spec_text_ids(spec).items() if not (isinstance(v, dict) and v.get(lang)))


def check_spec(spec, language: str | None = None) -> list[str]:
    """Warn (once) listing the questionnaire ids without text in ``language``; return them."""
    lang = normalise_language(language or getattr(spec, "language", "en"))
    gaps = missing_in_spec(spec, lang)
    sid = spec.get("id") if isinstance(spec, dict) else spec.id
    warn_missing(gaps, lang, f"questionnaire {sid}")
    return gaps


# ---------------------------------------------------------------- glossary
def validate_glossary(data, file: str = "glossary.yaml") -> Problems:
    """Every problem in a glossary mapping (I18N004)."""
    probs = Problems(file)
    if not isinstance(data, dict) or not data:
        probs.add("I18N004", None, "the glossary is empty or not a mapping", "write 'term_id: {en: ..., fr: ...}'")
        return probs
    for tid, entry in data.items():
        if not isinstance(entry, dict):
            probs.add("I18N004", str(tid), "the entry is not a mapping", "give en: and fr: with term and definition")
            continue
        for lang in LANGUAGES:
            part = entry.get(lang)
            for field in ("term", "definition"):
                if not isinstance(part, dict) or not str(part.get(field) or "").strip():
                    probs.add("I18N004", f"{tid}.{lang}.{field}", f"no {lang!r} {field}",
                              f"add '{lang}: {{term: ..., definition: ...}}'")
    return probs


@functools.lru_cache(maxsize=None)
def load_glossary(path=None) -> dict:
    """The glossary as ``{term_id: {"ref": str, "en": {term, definition}, "fr": {...}}}``."""
    from .fileio import read_yaml

    p = str(path or GLOSSARY_FILE)
    data = read_yaml(p, code="I18N004")
    validate_glossary(data, Path(p).name).raise_if_any(f"the glossary {p} is not valid")
    return data


def glossary(language: str | None = None, *, search: str | None = None):
    """The glossary as a table, sorted by the term in ``language`` (English by default).

    Columns: ``id``; ``term_en``; ``term_fr``; ``definition`` (in ``language``); ``ref`` (where the
    workbook uses the idea: a clause, a source, or "workbook" for the kit's own notions).
    ``search`` keeps the rows whose terms or definition contain it (any case).

    >>> g = glossary("fr")
    >>> len(g) >= 25, list(g.columns)
    (True, ['id', 'term_en', 'term_fr', 'definition', 'ref'])
    >>> glossary(search="promoter")["id"].tolist()
    ['nps']
    """
    import pandas as pd

    lang = normalise_language(language)
    if lang not in LANGUAGES:
        warn_missing(["glossary"], lang, "glossary.yaml")
        lang = "en"
    rows = [{"id": tid, "term_en": e["en"]["term"], "term_fr": e["fr"]["term"],
             "definition": e[lang]["definition"], "ref": str(e.get("ref", ""))}
            for tid, e in load_glossary().items()]
    df = pd.DataFrame(rows, columns=["id", "term_en", "term_fr", "definition", "ref"])
    if search:
        s = search.lower()
        hit = (df["term_en"].str.lower().str.contains(s, regex=False) | df["term_fr"].str.lower().str.contains(s, regex=False)
               | df["definition"].str.lower().str.contains(s, regex=False))
        df = df[hit]
    key = "term_fr" if lang == "fr" else "term_en"
    return df.sort_values(key, key=lambda c: c.str.lower(), kind="stable").reset_index(drop=True)
