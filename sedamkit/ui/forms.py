"""ipywidgets forms rendered from a questionnaire spec, saving every change.

This is the only module that imports ipywidgets. A form shows one respondent's
answers; each change (a choice or a keystroke in a comment) is validated and saved
atomically to the respondent's answers file, so a kernel restart or a closed tab
loses nothing. Reopening the form reads the file back. Scoring never reads widgets:
it reads the answers files.

A file that exists but cannot be read is reported and left untouched; the form then
refuses to open rather than overwrite it.

Language
--------
Questions come from the spec in its language (``spec.language``, set from the notebook's or the
client's ``language``); the form's own words (``Comment``, ``Don't know``, ``saved to`` …) come
from :mod:`sedamkit.core.i18n`. A text missing in that language is shown in English, and one
warning lists the missing ids.

Accessibility
-------------
* Every input has a label a screen reader announces: the answer buttons carry the description
  ``Q<n>`` (rendered as a ``<label>``) and a ``tooltip`` with the whole question (the element's
  accessible description); each button has a tooltip naming its scale point; the comment box has
  the description ``Comment`` and a tooltip naming its question; the progress bar says how many
  questions are answered.
* Keyboard alone is enough: answers are real ``<button>`` elements and comments ``<input>``
  elements, so Tab moves through them in question order, Space or Enter picks the focused answer,
  and typing fills the comment. Nothing needs a mouse or hover; the saved / not-saved status is
  announced (``role="status"``, ``aria-live="polite"``).
* Colour is never the only cue: the status starts with ✔ or a written "not saved"; the chosen answer
  is filled dark with white bold text and a thick outline (:data:`FORM_CSS`), not only a darker grey.
* Each item shows its number once: in the answer buttons' label (``Q<n>``), not again in the question.
* The progress count is stable: it counts the questions every respondent gets; a follow-up item that
  appears after a low answer is shown and saved but neither raises the total nor the answered count.
* Labels are never cut: the form's labels and buttons wrap instead of ending in "…" (at 1280 px too).

Several writers
---------------
Two forms may answer as the same respondent (two tabs, or JupyterLab and the app). A form never
rewrites the whole file from its own copy: each save sends only the items and comments changed in
this form since its last save to :func:`sedamkit.core.answers.merge_save`, which merges them into
the file on disk under a lock. When the merged file holds answers saved elsewhere, the form updates
its widgets to them and its status line says "updated with answers saved elsewhere". :meth:`sync`
is the cheap check (the file's inode, mtime and size) that does the same without a save (the app
calls it when the page is used; a notebook may call it any time). A save that fails (a lock not obtained, an invalid value) keeps the
change in the form and sends it again with the next one. A form keeps the file as it last wrote it
(``merge_save``'s ``cache``), so its next click does not parse the file again unless another writer
changed it.

Saving on app pages
-------------------
Every click is written before the next one is handled (about 20 ms: the merge, validation and an
atomic, fsynced write); the live panel, which reads every respondent's file and draws a chart, is
redrawn once a burst is over. Beside the status line the form carries the words "saving…" and
"Connection lost …" (:attr:`pending`, from the catalogue); the app page's script shows the first while a
click has not yet been handled by the kernel (instead of "✔ saved at"), and the second when the page's
kernel connection is lost (``sedamkit/templates/app/voila/templates/sedam/index.html.j2``).
"""
from __future__ import annotations

import os
from pathlib import Path

from ..core.answers import CLEAR, file_version, merge_save, new_answers, read_answers
from ..core.errors import Problem, SedamError
from ..core.i18n import check_spec, ui_strings
from ..core.i18n import t as t_ui
from ..core.text import esc

__all__ = ["QuestionnaireForm", "questionnaire_form", "NA"]

NA = "na"  # widget value for "don't know"; saved as null
#: seconds after the last save before the live panel is redrawn, in a kernel (see ``_schedule_live``)
LIVE_DELAY = 0.4
#: longest a live panel waits while clicks keep coming, in seconds
LIVE_MAX_WAIT = 2.0


#: The form's own style: a chosen answer that stands out, labels and buttons that wrap instead of being cut.
FORM_CSS = """<style>
.sedam-form .widget-toggle-button, .sedam-form .jupyter-button { min-width: 2.6em; white-space: normal;
  height: auto; overflow: visible; text-overflow: clip; }
.sedam-form .widget-toggle-button.mod-active, .sedam-form .jupyter-button.mod-active {
  background: #0b3d91; color: #fff; font-weight: bold; outline: 3px solid #0b3d91; outline-offset: 1px; }
.sedam-form .widget-label, .sedam-form .widget-label-basic { overflow: visible; text-overflow: clip;
  white-space: normal; }
.sedam-form .sedam-pending { display: none; }  /* shown only by the app page's script, while a click is saved */
</style>"""

class QuestionnaireForm:
    """A questionnaire form for one respondent.

    Parameters
    ----------
    spec : sedamkit.core.spec.Spec
    path : path of the respondent's answers file (created on the first answer)
    respondent : str
    on_change : callable(doc) -> None, optional
        Called after every successful save with the saved answers document.
    live : callable() -> object, optional
        Called after saves; whatever it returns (a figure, a DataFrame, text) is shown
        under the form, for example the scores recomputed from the answers files. Outside a
        kernel's event loop it runs after every save; in a kernel (the app) once a burst of clicks
        is over (see ``live_delay``), so the clicks are saved without waiting for the panel.
    name : str, optional
        The respondent's name as typed (kept in the file as ``"name"``).
    live_delay : float, optional
        Seconds after the last save before the live panel is redrawn in a kernel (default
        :data:`LIVE_DELAY`; 0 redraws after every save).

    Attributes
    ----------
    widget : ipywidgets.VBox — display this (or the form object itself)
    doc : the answers document as last saved or read, with this form's unsaved changes
    """

    def __init__(self, spec, path, respondent: str, on_change=None, live=None, name: str | None = None,
                 live_delay: float | None = None):
        import ipywidgets as w

        self.spec, self.path, self.respondent, self.name = spec, Path(path), respondent, name
        self.on_change, self.live = on_change, live
        self.live_delay = LIVE_DELAY if live_delay is None else float(live_delay)
        self._live_timer = None                   # the live panel's pending redraw (in a kernel)
        self._live_first = None                   # when the oldest change not yet in the live panel came
        # read first: a corrupt file raises here and is never overwritten
        self.doc = read_answers(self.path, spec) if self.path.exists() else new_answers(spec, respondent, name)
        if self.doc["respondent"] != respondent:
            raise SedamError(Problem("ANS011", str(self.path), "respondent",
                                     f"the file holds the answers of {self.doc['respondent']!r}, not {respondent!r}",
                                     "open the form of that respondent, or answer under another name"))
        self._version = file_version(self.path)   # what this form last read or wrote
        self._pending = {"answers": {}, "comments": {}}  # changed here, not saved yet
        self._save_cache = {}                     # merge_save's: the file as this form last wrote it
        self._applying = False                    # True while the form sets its own widgets
        self._choices, self._comments, self._boxes = {}, {}, {}
        t = spec.text
        self.language = getattr(spec, "language", "en") or "en"
        check_spec(spec, self.language)           # warns once, listing ids without a translation
        self.ui = ui_strings(self.language, "form.")
        #: the status line names the answers file, except under ``sedam app`` (``SEDAM_APP`` set)
        self.show_path = not os.environ.get("SEDAM_APP")
        self.status = w.HTML()
        self.status.add_class("sedam-status")
        # shown by the app page's script (sedamkit/templates/app/…/index.html.j2) while a click is on its way
        # to the kernel, and when the connection to the kernel is lost; the words come from the catalogue
        self.pending = w.HTML(
            f"<span class='sedam-pending-text' role='status' aria-live='polite'>{esc(self.ui['form.saving'])}</span>"
            f"<span class='sedam-lost-text' hidden>{esc(self.ui['form.connection_lost'])}</span>")
        self.pending.add_class("sedam-pending")
        self.progress = w.IntProgress(min=0, max=len(spec.items), description=self.ui["form.answered"],
                                      tooltip=self.ui["form.progress"], layout=w.Layout(width="320px"))
        self.progress.add_class("sedam-progress")
        self.output = w.Output()
        self.output.add_class("sedam-live-output")
        rows = [w.HTML(FORM_CSS + f"<h3>{esc(t(spec.title))}</h3>"
                       + (f"<p>{esc(t(spec.intro))}</p>" if spec.intro else "")
                       + f"<p class='sedam-keyboard-help'><small>{esc(self.ui['form.keyboard_help'])}"
                       "</small></p>"),
                w.HBox([self.progress, self.status, self.pending])]
        number = 0
        clause = esc(self.ui["form.clause"])
        for group in spec.groups:
            rows.append(w.HTML(f"<h4>{esc(t(group['title']))}"
                               + (f" <small>({clause} {esc(group['clause'])})</small>" if group.get("clause") else "")
                               + "</h4>"))
            for area in [a for a in spec.areas if a["group"] == group["id"]]:
                for item in [i for i in spec.items if i.area == area["id"]]:
                    number += 1
                    rows.append(self._item_box(w, item, number))
        rows.append(self.output)
        self.widget = w.VBox(rows, layout=w.Layout(max_width="900px"))
        self.widget.add_class("sedam-form")
        self._refresh(save=False)

    # -- building ----------------------------------------------------------------
    def _item_box(self, w, item, number):
        spec, t = self.spec, self.spec.text
        scale = spec.scales[item.scale]
        options = [(str(v), v) for v in scale.values]
        tooltips = [t(scale.labels.get(v, {})) or str(v) for v in scale.values]
        ui = self.ui
        if scale.allow_na:
            options.append((t(getattr(scale, "na_label", None)) or ui["form.dont_know"], NA))
            tooltips.append(ui["form.not_counted"])
        # a tooltip names each scale point, so "1"…"5" are read out with their meaning
        tooltips = [tip if tip == str(v) or v == NA else f"{v} – {tip}" for (_, v), tip in zip(options, tooltips)]
        current = self.doc["answers"].get(item.id, "unset")
        value = NA if current is None else (None if current == "unset" else current)
        label = ui["form.question"].format(n=number)
        question = t(item.text)
        choice = w.ToggleButtons(options=options, value=value, tooltips=tooltips, description=label,
                                 tooltip=ui["form.question_long"].format(n=number, text=question),
                                 style={"button_width": "auto", "description_width": "40px"})
        choice.add_class(f"sedam-item-{item.id}")
        placeholder = (spec.ui_text("comment_placeholder", "") if self._has_language(spec.ui.get("comment_placeholder"))
                       else "") or ui["form.comment_placeholder"]
        comment = w.Text(value=self.doc.get("comments", {}).get(item.id, ""),
                         placeholder=placeholder, description=ui["form.comment"],
                         tooltip=ui["form.comment_tooltip"].format(n=number), layout=w.Layout(width="95%"),
                         style={"description_width": "90px"})
        comment.add_class(f"sedam-comment-{item.id}")
        ends = f"{t(scale.labels.get(scale.min, {}))} … {t(scale.labels.get(scale.max, {}))}"
        text = w.HTML(f"<b>{esc(question)}</b> "
                      f"<small style='color:#555'>{esc(ui['form.scale_and_clause'].format(ends=ends, clause=item.clause))}"
                      "</small>")
        choice.observe(lambda ch, i=item.id: self._on_choice(i, ch["new"]), names="value")
        comment.observe(lambda ch, i=item.id: self._on_comment(i, ch["new"]), names="value")
        self._choices[item.id], self._comments[item.id] = choice, comment
        box = w.VBox([text, choice, comment], layout=w.Layout(margin="0 0 10px 0"))
        box.add_class("sedam-item")
        self._boxes[item.id] = box
        return box

    def _has_language(self, texts) -> bool:
        return isinstance(texts, dict) and bool(texts.get(self.language))

    # -- events --------------------------------------------------------------------
    def _on_choice(self, item_id, value):
        if self._applying:
            return
        if value is None:
            self.doc["answers"].pop(item_id, None)
            self._pending["answers"][item_id] = CLEAR
        else:
            self.doc["answers"][item_id] = None if value == NA else int(value)
            self._pending["answers"][item_id] = self.doc["answers"][item_id]
        self._refresh(save=True)

    def _on_comment(self, item_id, text):
        if self._applying:
            return
        self.doc.setdefault("comments", {})[item_id] = text
        self._pending["comments"][item_id] = text
        self._refresh(save=True)

    # -- answers saved elsewhere ----------------------------------------------------------
    def _shown(self) -> tuple:
        """What the form holds: answers and non-empty comments."""
        return dict(self.doc["answers"]), {k: v for k, v in (self.doc.get("comments") or {}).items() if v}

    def _with_pending(self, doc) -> dict:
        """``doc`` (read from disk) with this form's unsaved changes on top."""
        doc = dict(doc, answers=dict(doc["answers"]), comments=dict(doc.get("comments") or {}))
        for iid, v in self._pending["answers"].items():
            if v is CLEAR:
                doc["answers"].pop(iid, None)
            else:
                doc["answers"][iid] = v
        doc["comments"].update(self._pending["comments"])
        return doc

    def _show_doc(self, doc) -> bool:
        """Make ``doc`` the form's document and set the widgets to it; True when anything changed."""
        before = self._shown()
        self.doc = doc
        if self._shown() == before:
            return False
        self._applying = True
        try:
            for iid, choice in self._choices.items():
                current = doc["answers"].get(iid, "unset")
                value = NA if current is None else (None if current == "unset" else current)
                if choice.value != value:
                    choice.value = value
                text = (doc.get("comments") or {}).get(iid) or ""
                if self._comments[iid].value != text:
                    self._comments[iid].value = text
        finally:
            self._applying = False
        return True

    def sync(self) -> bool:
        """Take in answers saved elsewhere since this form last read or wrote the file.

        A cheap check first (the file's inode, mtime and size); only a changed file is read. This
        form's unsaved changes stay on top. Returns True (and says so in the status line) when the
        widgets changed.
        """
        version = file_version(self.path)
        if version == self._version or version is None:
            return False
        try:
            disk = read_answers(self.path, self.spec)
        except SedamError as e:
            self._status_problem(e)
            return False
        self._version = version
        changed = self._show_doc(self._with_pending(disk))
        if changed:
            self._refresh(save=False)
            self._status_ok(elsewhere=True)
        return changed

    # -- status line -----------------------------------------------------------------------
    def _status_ok(self, elsewhere: bool = False):
        note = f" · {esc(self.ui['form.updated_elsewhere'])}" if elsewhere else ""
        if self.show_path:
            where = f"{esc(self.ui['form.saved_to'])} <code>{esc(str(self.path))}</code>"
        else:  # app pages (sedam app): participants never see a server path
            import datetime

            where = esc(t_ui("app.saved_at", self.language, time=datetime.datetime.now().strftime("%H:%M:%S")))
        self.status.value = (f"<span role='status' aria-live='polite' style='color:#006644'>✔ "
                             f"{where}{note}</span>")
        if elsewhere:
            self.status.add_class("sedam-elsewhere")
        else:
            self.status.remove_class("sedam-elsewhere")

    def _status_problem(self, error):
        """The problem in plain words (message, code, fix); never a traceback or a server path."""
        if isinstance(error, SedamError):
            words = "; ".join(f"{p.message.rstrip('.')} ({p.code}). {self.ui['form.fix']}{t_ui('pages.colon', self.language)} {p.fix}"
                              if p.fix else f"{p.message} ({p.code})" for p in error.problems)
        else:
            words = type(error).__name__
        self.status.value = (f"<span role='status' aria-live='polite' style='color:#b00020'>✘ "
                             f"{esc(self.ui['form.not_saved'])}: {esc(words)} — "
                             f"{esc(self.ui['form.not_saved_retry'])}</span>")

    def _refresh(self, save: bool):
        saved = self._save() if save else None
        answers = self.doc["answers"]
        for item in self.spec.items:
            self._boxes[item.id].layout.display = None if self.spec.visible(item, answers) else "none"
        # the count covers the questions everyone gets, so it does not jump when a follow-up appears
        shown = [i for i in self.spec.items if not i.show_if]
        done = sum(1 for i in shown if i.id in answers)
        self.progress.max, self.progress.value = len(shown), done
        self.progress.description = f"{done}/{len(shown)}"
        if save:
            if not saved:
                return
            if self.on_change:
                self.on_change(self.doc)
        if self.live is not None:
            self._schedule_live()

    def _schedule_live(self):
        """Redraw the live panel: at once outside a kernel's event loop (tests, scripts); in a kernel
        (the app) :attr:`live_delay` seconds after the last save, so a burst of clicks is saved at once,
        one after the other, and the panel (scores read from every answers file, a chart) is drawn once
        for the burst — but at least every :data:`LIVE_MAX_WAIT` seconds while clicks keep coming."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.live_delay <= 0:
            self._show_live()
            return
        now = loop.time()
        if self._live_timer is not None:
            self._live_timer.cancel()
        if self._live_first is None:
            self._live_first = now
        delay = max(0.0, min(self.live_delay, self._live_first + LIVE_MAX_WAIT - now))
        self._live_timer = loop.call_later(delay, self._show_live)

    def _save(self) -> bool:
        """Merge this form's changes into the file; show answers saved elsewhere. False when not saved."""
        try:
            doc, version = merge_save(self.path, self.spec, self.respondent, self._pending, name=self.name,
                                      cache=self._save_cache)
        except Exception as e:  # keep the typed value in the form and say why it was not saved
            self._status_problem(e)
            return False
        self._pending = {"answers": {}, "comments": {}}
        self._version = version
        elsewhere = self._show_doc(doc)  # the merged file differs from what this form showed
        self._status_ok(elsewhere)
        return True

    def _show_live(self):
        """Show what :attr:`live` returns in :attr:`output` (set as the widget's outputs, so it works from
        a timer outside any cell or message; a problem is shown in plain words, never a traceback)."""
        self._live_timer = self._live_first = None
        try:
            shown = self.live()
        except Exception as e:
            from .app import problem_html

            self.output.outputs = (_display_data(_HTMLText(problem_html(e, self.language))),)
            return
        self.output.outputs = () if shown is None else (_display_data(getattr(shown, "figure", shown)),)

    # -- programmatic use (tests, batch) ----------------------------------------------
    def answer(self, item_id: str, value, comment: str | None = None) -> None:
        """Set an answer as a user would (fires the same save path as a click)."""
        self._choices[item_id].value = NA if value is None else value
        if comment is not None:
            self._comments[item_id].value = comment

    @property
    def answered(self) -> int:
        return len(self.doc["answers"])

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


class _HTMLText:
    def __init__(self, text):
        self.text = text

    def _repr_html_(self):
        return self.text


def _display_data(obj) -> dict:
    """``obj`` as one ``display_data`` output (its HTML, PNG … as IPython would display it)."""
    from IPython import get_ipython

    ip = get_ipython()
    if ip is not None:
        data, metadata = ip.display_formatter.format(obj)
    else:  # no IPython (a script or a test): text, and HTML when the object has it
        data, metadata = {"text/plain": repr(obj) if not isinstance(obj, str) else obj}, {}
        html = getattr(obj, "_repr_html_", None)
        if callable(html) and html() is not None:
            data["text/html"] = html()
    return {"output_type": "display_data", "data": data, "metadata": metadata}


def questionnaire_form(spec, path, respondent: str, on_change=None, live=None, name=None,
                       live_delay=None) -> QuestionnaireForm:
    """Build a :class:`QuestionnaireForm` (see there)."""
    return QuestionnaireForm(spec, path, respondent, on_change=on_change, live=live, name=name,
                             live_delay=live_delay)
