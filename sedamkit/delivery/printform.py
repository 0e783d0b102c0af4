"""A questionnaire on paper, for workshops without screens: ``sedam print SPEC_OR_CLIENT``.

:func:`questionnaire_html` lays a questionnaire spec out as an A4 form: the title and the
instructions, a line for the respondent's name and the date, then per group and area a heading
and its items, each numbered once, with one box to tick under each label of its scale (and the
"don't know" box when the scale has one), a line for evidence, and, for a conditional item, the
question it depends on. Every text comes from the spec in the chosen language and is escaped.

:func:`print_questionnaires` takes a questionnaire id, a questionnaire file, or a client folder (each
questionnaire then goes through :func:`sedamkit.core.spec.client_spec`, the function a stage loads its
questionnaires with, so the client's language and settings apply), writes
``<name>.<lang>.html`` into the output folder (default ``<workspace>/print``) and, with ``pdf=True``,
prints it offline to PDF (:func:`sedamkit.delivery.pdf.html_to_pdf`).

Error codes
-----------
EDU008  a questionnaire to print has no text in the chosen language
"""
from __future__ import annotations

from pathlib import Path

from ..core.errors import Problem, SedamError
from ..core.text import esc

__all__ = ["questionnaire_html", "print_questionnaires", "FORM_CSS"]

#: Fixed words of the paper form, per language (English when a language is missing).
_WORDS = {
    "en": {"name": "Name", "role": "Role", "date": "Date", "evidence": "Evidence or comment",
           "only_if": "Answer only if question {n} is {cond}.", "tick": "Tick one box per question.",
           "min": "at least {v}", "max": "at most {v}", "in": "one of {v}", "page": "Clause"},
    "fr": {"name": "Nom", "role": "Fonction", "date": "Date", "evidence": "Élément de preuve ou commentaire",
           "only_if": "Répondez seulement si la réponse à la question {n} est {cond}.",
           "tick": "Cochez une case par question.", "min": "au moins {v}", "max": "au plus {v}",
           "in": "parmi {v}", "page": "Article"},
}

FORM_CSS = """
@page { size: A4; margin: 12mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9pt; color: #000; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; }
.intro { margin: 0 0 3mm 0; }
.who { display: flex; gap: 6mm; margin: 0 0 4mm 0; }
.who span { flex: 1; border-bottom: 0.3mm solid #000; padding-top: 5mm; font-size: 8pt; }
h2 { font-size: 11.5pt; margin: 4mm 0 1mm 0; border-bottom: 0.5mm solid #000; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 9.5pt; margin: 2.5mm 0 1mm 0; break-after: avoid; page-break-after: avoid; }
.clause { font-weight: normal; color: #444; font-size: 8pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1mm; }
thead { display: table-header-group; }
th { font-size: 6.8pt; font-weight: normal; text-align: center; vertical-align: bottom; padding: 0 0.8mm 1mm;
     width: 15mm; line-height: 1.15; }
th.q { text-align: left; width: auto; }
td { vertical-align: top; padding: 1.3mm 0.8mm 1.6mm; border-top: 0.25mm solid #999; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { width: 8mm; font-weight: bold; }
td.box { text-align: center; }
.box span { display: inline-block; width: 4.2mm; height: 4.2mm; border: 0.35mm solid #000; }
.help, .cond { font-size: 7.5pt; color: #333; display: block; margin-top: 0.6mm; }
.evidence { display: block; margin-top: 1.8mm; border-bottom: 0.25mm dotted #555; font-size: 6.8pt; color: #555; height: 4mm; }
"""


def _words(language: str) -> dict:
    return {**_WORDS["en"], **_WORDS.get(language, {})}


def _condition(cond: dict, number: dict, w: dict) -> str:
    parts = []
    if "in" in cond:
        parts.append(w["in"].format(v=", ".join(map(str, cond["in"]))))
    if "min" in cond:
        parts.append(w["min"].format(v=cond["min"]))
    if "max" in cond:
        parts.append(w["max"].format(v=cond["max"]))
    return w["only_if"].format(n=number.get(cond["item"], cond["item"]), cond=", ".join(parts))


def questionnaire_html(spec) -> str:
    """The A4 paper form of ``spec`` in its language (:attr:`Spec.language`), as one HTML page."""
    lang = spec.language or "en"
    w = _words(lang)
    order = [(g, a, it) for g in spec.groups for a in spec.areas if a["group"] == g["id"]
             for it in spec.items if it.area == a["id"]]
    number = {it.id: n for n, (_, _, it) in enumerate(order, 1)}
    body, last_group, last_area = [], None, None

    def close():
        if last_area is not None:
            body.append("</tbody></table>")

    for g, a, it in order:
        if g["id"] != last_group:
            close()
            last_area = None
            body.append(f"<h2>{esc(spec.text(g['title']))} <span class='clause'>{esc(w['page'])} "
                        f"{esc(g.get('clause', ''))}</span></h2>")
            last_group = g["id"]
        sc = spec.scales[it.scale]
        labels = [spec.text(sc.labels[v]) for v in sc.values] + ([spec.text(sc.na_label)] if sc.allow_na else [])
        if a["id"] != last_area:
            close()
            heads = "".join(f"<th>{esc(lab)}</th>" for lab in labels)
            body.append(f"<h3>{esc(spec.text(a['title']))} <span class='clause'>{esc(a.get('clause', ''))}</span></h3>"
                        f"<table><thead><tr><th class='q' colspan='2'></th>{heads}</tr></thead><tbody>")
            last_area = a["id"]
        extra = ""
        if it.help:
            extra += f"<span class='help'>{esc(spec.text(it.help))}</span>"
        if it.show_if:
            extra += f"<span class='cond'>{esc(_condition(it.show_if, number, w))}</span>"
        boxes = "".join(f"<td class='box' title='{esc(lab)}'><span></span></td>" for lab in labels)
        body.append(f"<tr id='item-{esc(it.id)}'><td class='num'>{number[it.id]}</td><td class='q'>"
                    f"{esc(spec.text(it.text))}{extra}<span class='evidence'>{esc(w['evidence'])}</span></td>{boxes}</tr>")
    close()
    intro = f"<p class='intro'>{esc(spec.text(spec.intro))}</p>" if spec.intro else ""
    return f"""<!DOCTYPE html>
<html lang="{esc(lang)}"><head><meta charset="utf-8"><title>{esc(spec.text(spec.title))}</title>
<style>{FORM_CSS}</style></head><body>
<h1>{esc(spec.text(spec.title))}</h1>
{intro}<p class="intro">{esc(w['tick'])}</p>
<div class="who"><span>{esc(w['name'])}</span><span>{esc(w['role'])}</span><span>{esc(w['date'])}</span></div>
{''.join(body)}
</body></html>
"""


def _specs(source, language, name):
    """``[(spec, file stem)]`` for a questionnaire id, a questionnaire file or a client folder."""
    from ..core.config import load_client
    from ..core.spec import client_spec, list_specs, load_spec

    p = Path(source).expanduser()
    if p.is_dir():
        client = load_client(p)
        names = [name] if name else list_specs()
        return [(client_spec(client, n, language=language), n) for n in names]
    spec = load_spec(str(p.absolute()) if p.suffix else str(source))
    if language:
        spec.language = language
    return [(spec, spec.id)]


def print_questionnaires(source, out_dir=None, *, language: str | None = None, spec: str | None = None,
                         pdf: bool = False, log=print) -> list[Path]:
    """Write the paper form of each questionnaire of ``source``; return the files written (HTML, PDF).

    ``source`` is a questionnaire id, a questionnaire YAML file, or a client folder (then every shipped
    questionnaire, or only ``spec``). ``language`` defaults to the client's, else English; a
    questionnaire without text in it is refused (EDU008) before anything is written.
    """
    from ..core.fileio import atomic_write_text
    from ..core.paths import workspace
    from .pdf import html_to_pdf

    specs = _specs(source, language, spec)
    for s, _ in specs:
        if s.language not in s.languages:
            raise SedamError(Problem("EDU008", s.path, "language", f"the questionnaire has no {s.language!r} text",
                                     f"choose one of: {', '.join(s.languages)}"))
    out = Path(out_dir) if out_dir else workspace() / "print"
    written = []
    for s, stem in specs:
        page = atomic_write_text(out / f"{stem}.{s.language}.html", questionnaire_html(s))
        written.append(page)
        if pdf:
            made = html_to_pdf(page, log=log)
            if made:
                written.append(made)
    return written
