"""ipywidgets forms rendered from a questionnaire spec, saving every change.

This is the only module that imports ipywidgets. A form shows one respondent's
answers; each change (a choice or a keystroke in a comment) is validated and saved
atomically to the respondent's answers file, so a kernel restart or a closed tab
loses nothing. Reopening the form reads the file back. Scoring never reads widgets:
it reads the answers files.

A file that exists but cannot be read is reported and left untouched; the form then
refuses to open rather than overwrite it.
"""
from __future__ import annotations

import html
from pathlib import Path

from .answers import new_answers, read_answers, save_answers

__all__ = ["QuestionnaireForm", "questionnaire_form", "NA"]

NA = "na"  # widget value for "don't know"; saved as null


class QuestionnaireForm:
    """A questionnaire form for one respondent.

    Parameters
    ----------
    spec : sedamkit.spec.Spec
    path : path of the respondent's answers file (created on the first answer)
    respondent : str
    on_change : callable(doc) -> None, optional
        Called after every successful save with the saved answers document.
    live : callable() -> object, optional
        Called after every save; whatever it returns (a figure, a DataFrame, text) is shown
        under the form, for example the scores recomputed from the answers files.

    Attributes
    ----------
    widget : ipywidgets.VBox — display this (or the form object itself)
    doc : the answers document as last saved
    """

    def __init__(self, spec, path, respondent: str, on_change=None, live=None):
        import ipywidgets as w

        self.spec, self.path, self.respondent = spec, Path(path), respondent
        self.on_change, self.live = on_change, live
        # read first: a corrupt file raises here and is never overwritten
        self.doc = read_answers(self.path, spec) if self.path.exists() else new_answers(spec, respondent)
        self._choices, self._comments, self._boxes = {}, {}, {}
        t = spec.text
        self.status = w.HTML()
        self.progress = w.IntProgress(min=0, max=len(spec.items), description="Answered",
                                      layout=w.Layout(width="320px"))
        self.output = w.Output()
        rows = [w.HTML(f"<h3>{html.escape(t(spec.title))}</h3>"
                       + (f"<p>{html.escape(t(spec.intro))}</p>" if spec.intro else "")),
                w.HBox([self.progress, self.status])]
        number = 0
        for group in spec.groups:
            rows.append(w.HTML(f"<h4>{html.escape(t(group['title']))}"
                               + (f" <small>(clause {html.escape(group['clause'])})</small>" if group.get("clause") else "")
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
        if scale.allow_na:
            options.append((t(getattr(scale, "na_label", None)) or "Don't know", NA))
            tooltips.append("Not counted in the score")
        current = self.doc["answers"].get(item.id, "unset")
        value = NA if current is None else (None if current == "unset" else current)
        label = f"Q{number}"
        choice = w.ToggleButtons(options=options, value=value, tooltips=tooltips, description=label,
                                 style={"button_width": "auto", "description_width": "40px"})
        choice.add_class(f"sedam-item-{item.id}")
        comment = w.Text(value=self.doc.get("comments", {}).get(item.id, ""),
                         placeholder=spec.ui_text("comment_placeholder", "Evidence or comment (optional)"),
                         description="Comment", layout=w.Layout(width="95%"),
                         style={"description_width": "70px"})
        comment.add_class(f"sedam-comment-{item.id}")
        ends = f"{t(scale.labels.get(scale.min, {}))} … {t(scale.labels.get(scale.max, {}))}"
        text = w.HTML(f"<b>Q{number}.</b> {html.escape(t(item.text))} "
                      f"<small style='color:#555'>({html.escape(ends)}; clause {html.escape(item.clause)})</small>")
        choice.observe(lambda ch, i=item.id: self._on_choice(i, ch["new"]), names="value")
        comment.observe(lambda ch, i=item.id: self._on_comment(i, ch["new"]), names="value")
        self._choices[item.id], self._comments[item.id] = choice, comment
        box = w.VBox([text, choice, comment], layout=w.Layout(margin="0 0 10px 0"))
        box.add_class("sedam-item")
        self._boxes[item.id] = box
        return box

    # -- events --------------------------------------------------------------------
    def _on_choice(self, item_id, value):
        if value is None:
            self.doc["answers"].pop(item_id, None)
        else:
            self.doc["answers"][item_id] = None if value == NA else int(value)
        self._refresh(save=True)

    def _on_comment(self, item_id, text):
        self.doc.setdefault("comments", {})[item_id] = text
        self._refresh(save=True)

    def _refresh(self, save: bool):
        answers = self.doc["answers"]
        for item in self.spec.items:
            self._boxes[item.id].layout.display = None if self.spec.visible(item, answers) else "none"
        shown = [i for i in self.spec.items if self.spec.visible(i, answers)]
        done = sum(1 for i in shown if i.id in answers)
        self.progress.max, self.progress.value = len(shown), done
        self.progress.description = f"{done}/{len(shown)}"
        if save:
            try:
                save_answers(self.path, self.doc, self.spec)
                self.status.value = (f"<span style='color:#006644'>✔ saved to <code>{html.escape(str(self.path))}"
                                     "</code></span>")
            except Exception as e:  # keep the typed value in the form and say why it was not saved
                self.status.value = f"<span style='color:#b00020'>not saved: {html.escape(str(e))}</span>"
                return
            if self.on_change:
                self.on_change(self.doc)
        if self.live is not None:
            self._show_live()

    def _show_live(self):
        from IPython.display import display

        self.output.clear_output(wait=True)
        with self.output:
            shown = self.live()
            if shown is not None:
                display(getattr(shown, "figure", shown))

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


def questionnaire_form(spec, path, respondent: str, on_change=None, live=None) -> QuestionnaireForm:
    """Build a :class:`QuestionnaireForm` (see there)."""
    return QuestionnaireForm(spec, path, respondent, on_change=on_change, live=live)
