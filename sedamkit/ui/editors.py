"""Widget editors for stages 02 and 03: the DAAP plan editor, the assessment editor and the
catalogue browser.

This is one of the three modules that import ipywidgets (with :mod:`sedamkit.forms` and
:mod:`sedamkit.app`); it imports them inside the functions, so ``import sedamkit.editors`` stays
cheap. Like the questionnaire form, an editor works on a *file*, never on notebook state:

* it opens the file (an unreadable or invalid file raises and is left untouched);
* every change is validated with :mod:`sedamkit.plan` / :mod:`sedamkit.application` helpers and,
  only when valid, written atomically over the file (``overwrite=True``);
* an invalid change shows the coded problems (``[PLAN007] … Fix: …``) in the editor's status line,
  keeps what the user typed in the widgets and leaves the file as it was;
* reopening the editor on the same file restores the last saved state.

Give the editors the *working copy* (:func:`sedamkit.stages.daap.api.resolve_plan_path`,
:func:`sedamkit.stages.application.api.resolve_assessment_path`), never a client's committed file.

Saving: list items (goals, KPIs, phases, risks) and the plan's general fields are saved with their
**Save** button, because an item is only valid once several fields are filled in; the preparation
checklist, the principle answers and every field of the assessment editor save on each change.

Accessibility: every input and button carries a ``description`` (rendered as its ``<label>``, read by
screen readers) and, where the label is short, a ``tooltip`` with the full text; the status line is a
``role="status"`` live region and starts with ✔ or ✘, so colour is never the only cue.
:func:`missing_labels` lists any input without a description (the tests use it).

Language: every label, button, heading and message comes from ``sedamkit/data/i18n/ui_editors.yaml``
in the editor's ``language=`` (English or French); names of elements, approaches, KPIs, principles,
maturity levels and preparation steps are the report's French names (``rpt.*`` keys) beside the kit's
English catalogue names; the principle questions, level descriptions, family names and approach
descriptions are the kit's French texts too (:func:`sedamkit.core.kittext.kit_text`; a client's own
wording is kept as written).

Layout and paths: labels take their own width (``description_width='initial'``) and inputs and buttons
are as wide as their text needs (``Layout(width='auto')``), so no label or button is cut at 1280 px.
Under ``sedam app`` (``SEDAM_APP`` set) the editors show the file's name only, never a server path, also
inside problem messages (:func:`shown_path`, :func:`scrub_paths`).

Kernel-side use (tests, papermill): setting ``.value`` fires the observers and ``Button.click()``
fires the handlers, exactly as in the browser.
"""
from __future__ import annotations

import copy
import os
import re
from pathlib import Path

from ..core.errors import SedamError
from ..core.i18n import catalogue as _catalogue
from ..core.i18n import normalise_language, t
from ..core.kittext import kit_text
from ..core.text import esc
from ..methods.catalogue import approach_label

__all__ = ["PlanEditor", "plan_editor", "AssessmentEditor", "assessment_editor", "CatalogueBrowser",
           "catalogue_browser", "missing_labels", "NEW", "shown_path", "scrub_paths", "named"]

#: Value of the item pickers' "new item" entry.
NEW = "__new__"
#: Labels as wide as their text (never cut); inputs fill the rest of the line.
_STYLE = {"description_width": "initial"}
_WIDE = {"width": "95%"}
_AUTO = {"width": "auto"}
_ABS_PATH = re.compile(r"(?<![\w.:/])(?:[A-Za-z]:)?[/\\](?:[^\s/\\'\"<>:]+[/\\])+([^\s/\\'\"<>:]+)")


def _t(key: str, language, **fields) -> str:
    return t(f"editors.{key}", language, **fields)


def named(prefix: str, ident, english, language) -> str:
    """The name of a catalogue thing (element, approach, KPI …) in ``language``: the catalogue key
    ``prefix.ident`` of the text catalogue when it has that language, else the kit's ``english`` name.

    >>> named("rpt.element", "E1", "Vision, mission and strategy", "fr")
    'Vision, mission et stratégie'
    >>> named("rpt.element", "E99", "Nothing", "fr")
    'Nothing'
    """
    lang = normalise_language(language)
    if lang != "en":
        entry = _catalogue().get(f"{prefix}.{ident}") or {}
        if entry.get(lang):
            return entry[lang]
    return english


def _app() -> bool:
    return bool(os.environ.get("SEDAM_APP"))


def shown_path(path) -> str:
    """The file as an editor shows it: its name only under ``sedam app`` (``SEDAM_APP`` set), else the path."""
    return Path(path).name if _app() else str(path)


def scrub_paths(text: str) -> str:
    """``text`` with every absolute path cut to its last part under ``sedam app`` (unchanged elsewhere).

    >>> import os; os.environ["SEDAM_APP"] = "1"
    >>> scrub_paths("[PLAN007] /srv/ws/answers/02_daap/plan.yaml: kpis: bad date")
    '[PLAN007] plan.yaml: kpis: bad date'
    >>> del os.environ["SEDAM_APP"]
    """
    return _ABS_PATH.sub(r"\1", str(text)) if _app() else str(text)


def _status(ok: bool, text: str) -> str:
    colour, mark = ("#006644", "✔") if ok else ("#b00020", "✘")
    return (f"<div role='status' aria-live='polite' style='color:{colour};white-space:pre-wrap;"
            f"overflow-wrap:anywhere'>{mark} {esc(scrub_paths(text))}</div>")


def _area_options(readiness_areas: dict, language) -> list:
    """The readiness areas a goal, phase or risk can address, as (name, id): named as stage 01's questionnaire
    names them in ``language`` (the id shown only for an area it does not know)."""
    from ..core.spec import load_spec

    try:
        spec = load_spec("necessity_feasibility", language)
        titles = {a["id"]: spec.text(a["title"]) for a in spec.areas}
    except SedamError:  # the names are a help; the ids still work
        titles = {}
    return [(titles.get(a) or a, a) for grp in readiness_areas.values() for a in grp]


#: Problems the plan editor often shows, as (code, what its English message says, catalogue key): in another
#: language the message and fix are the catalogue's ``editors.problem.KEY`` / ``editors.problem_fix.KEY``
#: with the values the English message names (:func:`_problem_words`).
_PROBLEM_WORDS = [
    ("PLAN008", re.compile(r"^the period ends \((?P<end>[^)]*)\) before it starts \((?P<start>[^)]*)\)$"), "period_ends_early"),
    ("PLAN008", re.compile(r"^phase (?P<id>.+) ends \((?P<end>[^)]*)\) before it starts \((?P<start>[^)]*)\)$"),
     "phase_ends_early"),
    ("PLAN004", re.compile(r"^duplicate .+ id (?P<id>.+) \(first at (?P<first>[^)]*)\)$"), "duplicate_id"),
    ("PLAN004", re.compile(r"^approach (?P<id>.+) listed twice in this phase$"), "approach_twice"),
    ("PLAN012", re.compile(r"^no goal with id (?P<id>.+)$"), "no_such_goal"),
]


def _problem_words(p, language) -> tuple[str, str]:
    """A problem's message and fix in ``language`` (English, or a code the catalogue does not word: as raised)."""
    message, fix = str(p.message).rstrip("."), p.fix
    if normalise_language(language) == "en":
        return message, fix
    for code, pattern, key in _PROBLEM_WORDS:
        m = pattern.match(message) if code == p.code else None
        if m:
            return _t(f"problem.{key}", language, **m.groupdict()), _t(f"problem_fix.{key}", language)
    return message, fix


def _problem_line(p, language) -> str:
    place = ": ".join(str(x) for x in (shown_path(p.file) if p.file else None, p.where) if x not in (None, ""))
    message, fix = _problem_words(p, language)
    colon = t("pages.colon", language)
    text = f"[{p.code}] " + (f"{place}{colon} " if place else "") + message + "."
    return text + (f" {t('form.fix', language)}{colon} {fix}" if fix else "")


def _problems_text(err: Exception, language="en") -> str:
    head = _t("not_saved", language) + " — "
    if isinstance(err, SedamError):
        return head + "\n".join(_problem_line(p, language) for p in err.problems)
    if isinstance(err, _Refusal):
        return head + str(err)
    return head + f"{type(err).__name__}: {err}"


class _Refusal(Exception):
    """An editor action that cannot be done (its text is already in the editor's language)."""


def _num(text):
    """Text from a number box → int/float; '' → None; anything else is passed on as typed, so the
    plan's validation reports it with its code (PLAN011)."""
    t = str(text).strip()
    if t == "":
        return None
    try:
        x = float(t.replace(",", "."))
    except ValueError:
        return t
    return int(x) if x.is_integer() else x


def _clip(text, n: int = 100) -> str:
    """An option's text up to ``n`` characters, shortened at a word with "…" (the list is as wide as the
    editor: about 100 characters fit at 1280 px).

    >>> _clip("Listen to every patient after the visit and act on what they say", 40)
    'Listen to every patient after the visit…'
    """
    text = " ".join(str(text).split())
    if len(text) <= n:
        return text
    cut = text[:n - 1]
    if text[n - 1] != " " and " " in cut:  # the cut falls inside a word: drop that word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _text(value):
    t = str(value).strip() if value is not None else ""
    return t or None


def _fmt(value) -> str:
    return "" if value is None else str(value)


def missing_labels(widget) -> list:
    """Inputs and buttons under ``widget`` that have no ``description`` (should be empty)."""
    import ipywidgets as w

    out, stack = [], [widget]
    while stack:
        x = stack.pop()
        if isinstance(x, (w.ValueWidget, w.Button)) and not isinstance(x, (w.HTML, w.Label, w.Output)) \
                and not (getattr(x, "description", "") or "").strip():
            out.append(x)
        stack.extend(getattr(x, "children", ()) or ())
    return out


# --------------------------------------------------------------------------- plan editor
class _SectionForm:
    """Picker + fields + Save / Remove for one list section of the plan (goals, kpis, phases, risks).

    ``fields`` is a list of ``(key, kind, extra)``; a field's label is the catalogue text
    ``editors.<section>.<key>`` and its tooltip ``editors.<section>.<key>.help`` when there is one."""

    def __init__(self, editor, section: str, fields: list):
        import ipywidgets as w

        self.editor, self.section = editor, section
        self.language = lang = editor.language
        self.fields = {}
        self._specs = {}
        for key, kind, extra in fields:
            label = _t(f"{section}.{key}", lang)
            tip = _t(f"{section}.{key}.help", lang) if f"editors.{section}.{key}.help" in _catalogue() else label
            self.fields[key] = self._make(w, kind, label, tip, extra or {}, lang)
            self._specs[key] = kind
        self.pick = w.Dropdown(description=_t(f"{section}.pick", lang), tooltip=_t(f"{section}.pick_help", lang),
                               style=_STYLE, layout=_WIDE)
        self.save_button = w.Button(description=_t(f"{section}.save", lang), button_style="primary", icon="check",
                                    tooltip=_t(f"{section}.save_help", lang), layout=_AUTO)
        self.remove_button = w.Button(description=_t(f"{section}.remove", lang), icon="trash",
                                      tooltip=_t(f"{section}.remove_help", lang), layout=_AUTO)
        self._picking = False
        self.pick.observe(lambda ch: None if self._picking else self._load(), names="value")
        self.save_button.on_click(lambda _: self.save())
        self.remove_button.on_click(lambda _: self.remove())
        self._refresh_pick()
        self.widget = w.VBox([self.pick] + list(self.fields.values())
                             + [w.HBox([self.save_button, self.remove_button], layout={"flex_flow": "row wrap"})])

    @staticmethod
    def _make(w, kind, label, tip, extra, lang):
        if kind == "area":
            return w.Textarea(description=label, tooltip=tip, style=_STYLE, layout=_WIDE)
        if kind in ("text", "num", "date"):
            ph = {"date": _t("date_placeholder", lang), "num": _t("number_placeholder", lang)}.get(kind, "")
            return w.Text(description=label, tooltip=tip, placeholder=extra.get("placeholder", ph),
                          style=_STYLE, layout={"width": "60%"} if kind != "text" else _WIDE)
        if kind == "select":
            return w.Dropdown(description=label, tooltip=tip, options=extra["options"], style=_STYLE, layout=_WIDE)
        if kind == "multi":
            return w.SelectMultiple(description=label, tooltip=tip, options=extra["options"],
                                    rows=min(8, max(3, len(extra["options"]))), style=_STYLE, layout=_WIDE)
        raise ValueError(kind)

    # -- state ------------------------------------------------------------------------
    def items(self):
        return self.editor.plan.get(self.section) or []

    def _label(self, it) -> str:
        """An item as its picker names it; a catalogue KPI the plan did not rename by the kit's name in the
        editor's language (the plan itself keeps what it holds)."""
        text = it.get("name") or it.get("text") or it.get("description") or it.get("kpi") or ""
        if self.section == "kpis" and it.get("kpi") not in (None, "custom"):
            text = kit_text("kpi", it["kpi"], self.language, shown=text)
        return f"{it['id']} · {_clip(text)}"

    def _refresh_pick(self, select=None):
        opts = [(_t(f"{self.section}.new", self.language), NEW)] + [
            (self._label(it), it["id"]) for it in self.items()]
        self._picking = True
        try:
            self.pick.options = opts
            self.pick.value = select if select in [v for _, v in opts] else NEW
        finally:
            self._picking = False
        self._load()

    def current(self):
        for it in self.items():
            if it["id"] == self.pick.value:
                return it
        return None

    def _load(self):
        """Fill the fields from the chosen item (blank for a new one)."""
        item = self.current() or {}
        for key, wdg in self.fields.items():
            kind = self._specs[key]
            val = _get(item, key)
            if kind == "multi":
                ids = [a.get("approach") if isinstance(a, dict) else a for a in (val or [])]
                allowed = {v for _, v in wdg.options}
                wdg.value = tuple(x for x in ids if x in allowed)
            elif kind == "select":
                allowed = [v for _, v in wdg.options]
                wdg.value = val if val in allowed else allowed[0]
            else:
                wdg.value = _fmt(val)

    def collect(self) -> dict:
        """The item as the fields say (``None`` = leave the field out)."""
        old = self.current() or {}
        out: dict = {}
        for key, wdg in self.fields.items():
            kind = self._specs[key]
            if kind == "num":
                val = _num(wdg.value)
            elif kind == "multi":
                val = list(wdg.value) or None
                if key == "approaches" and val:  # keep an approach's narrowed elements
                    prev = {(a.get("approach") if isinstance(a, dict) else a): a for a in old.get("approaches") or []}
                    val = [copy.deepcopy(prev.get(a, a)) for a in val]
            elif kind == "select":
                val = wdg.value
            else:
                val = _text(wdg.value)
            _put(out, key, val)
        return out

    # -- actions ----------------------------------------------------------------------
    def save(self) -> bool:
        from ..stages.daap import api as P

        item = self.collect()
        cur = self.pick.value
        try:
            if cur == NEW:
                new = P.add_item(self.editor.plan, self.section, _drop_none(item))
            else:
                new = P.update_item(self.editor.plan, self.section, cur, item)
        except SedamError as e:
            self.editor._fail(e)
            return False
        if not self.editor._commit(new):
            return False
        self._refresh_pick(select=item.get("id"))
        return True

    def remove(self) -> bool:
        from ..stages.daap import api as P

        if self.pick.value == NEW:
            self.editor._fail(_Refusal(_t(f"{self.section}.remove_first", self.language)))
            return False
        try:
            new = P.remove_item(self.editor.plan, self.section, self.pick.value)
        except SedamError as e:
            self.editor._fail(e)
            return False
        if self.editor._commit(new):
            self._refresh_pick()
            return True
        return False


def _get(item, key):
    if "." in key:
        head, tail = key.split(".", 1)
        return (item.get(head) or {}).get(tail)
    return item.get(key)


def _put(out, key, val):
    if "." in key:
        head, tail = key.split(".", 1)
        sub = out.get(head) or {}
        if val is not None:
            sub[tail] = val
        out[head] = sub or None
    else:
        out[key] = val


def _drop_none(d):
    return {k: v for k, v in d.items() if v is not None}


class PlanEditor:
    """Edit a DAAP plan file with widgets (see the module docstring for the saving rules).

    Attributes
    ----------
    widget : the editor (display it, or the editor object itself)
    plan : the plan as last saved (validated dict)
    general, goals, kpis, phases, risks : the section forms (``.pick``, ``.fields``, ``.save_button``,
        ``.remove_button``; ``general`` has ``.fields`` and ``.save_button``)
    preparation : ``{item id: Dropdown}``; principles : ``{question id: Dropdown}``
    status : the status line (HTML)
    """

    def __init__(self, path, on_change=None, language=None):
        import ipywidgets as w

        from ..methods import catalogue as C
        from ..stages.daap import api as P
        from ..core.model import elements_frame

        self.path, self.on_change = Path(path), on_change
        self.language = lang = normalise_language(language)
        self.plan = P.load_plan(self.path)  # an invalid or unreadable file raises here and is never overwritten
        self._loading = False
        self.status = w.HTML(_status(True, _t("editing", lang, file=shown_path(self.path))))
        els = [(f"{r.element} {named('rpt.element', r.element, r.element_name, lang)}", r.element)
               for r in elements_frame().itertuples()]
        areas = _area_options(P.READINESS_AREAS, lang)
        kcat = C.load_kpis()
        kpi_opts = [(f"{k} — {named('rpt.kpi', k, v['name'], lang)} ({v['unit']})", k) for k, v in kcat.items()] \
            + [(_t("kpis.custom", lang), "custom")]
        apps = [(f"{named('rpt.approach', r.approach, r.name, lang)} ({r.approach})", r.approach)
                for r in C.approaches_frame().itertuples()]
        chk = P.load_checks()
        goal_opts = self._goal_options()

        self.general = _GeneralForm(self)
        self.goals = _SectionForm(self, "goals", [
            ("id", "text", {"placeholder": "G1"}), ("text", "area", None),
            ("elements", "multi", {"options": els}), ("addresses", "multi", {"options": areas}),
        ])
        self.kpis = _SectionForm(self, "kpis", [
            ("id", "text", {"placeholder": "KPI-1"}), ("kpi", "select", {"options": kpi_opts}),
            ("name", "text", None), ("baseline", "num", None), ("target", "num", None), ("unit", "text", None),
            ("direction", "select", {"options": [(_t("kpis.direction.default", lang), None),
                                                 (_t("kpis.direction.higher", lang), "higher"),
                                                 (_t("kpis.direction.lower", lang), "lower")]}),
            ("due", "date", None), ("elements", "multi", {"options": els}), ("goals", "multi", {"options": goal_opts}),
        ])
        self.phases = _SectionForm(self, "phases", [
            ("id", "text", {"placeholder": "P1"}), ("name", "text", None), ("start", "date", None),
            ("end", "date", None), ("resources.people_days", "num", None), ("resources.budget", "num", None),
            ("goals", "multi", {"options": goal_opts}), ("approaches", "multi", {"options": apps}),
            ("addresses", "multi", {"options": areas}),
        ])
        levels = [(f"{i}", i) for i in range(1, 6)]
        cats = [(named("editors.risk_category", c, c.replace("_", " "), lang), c) for c in chk["risk"]["categories"]]
        self.risks = _SectionForm(self, "risks", [
            ("id", "text", {"placeholder": "R1"}), ("description", "area", None),
            ("category", "select", {"options": cats}), ("likelihood", "select", {"options": levels}),
            ("impact", "select", {"options": levels}), ("owner", "text", None), ("mitigation", "area", None),
            ("addresses", "multi", {"options": areas}),
        ])
        self.risk_score = w.HTML()
        for key in ("likelihood", "impact"):
            self.risks.fields[key].observe(lambda ch: self._show_score(), names="value")
        self._show_score()
        self.risks.widget.children = self.risks.widget.children[:6] + (self.risk_score,) + self.risks.widget.children[6:]

        # preparation checklist (6.2 c)): saved on each change
        self.preparation = {}
        prep_rows = [w.HTML(f"<p>{esc(_t('preparation.intro', lang))}</p>")]
        summary = P.preparation_summary(self.plan).set_index("item")
        statuses = [(named("rpt.prep_status", st, st.replace("_", " "), lang), st) for st in chk["preparation"]["statuses"]]
        for it in P.preparation_items().itertuples():
            label = named("editors.prep_item", it.item, it.item.replace("_", " "), lang)
            text = named("rpt.prep", it.item, it.label, lang)
            dd = w.Dropdown(description=label, tooltip=f"{it.clause}: {text}", options=statuses,
                            value=summary.at[it.item, "status"], style=_STYLE, layout=_AUTO)
            dd.observe(lambda ch, i=it.item: self._set_preparation(i, ch["new"]), names="value")
            self.preparation[it.item] = dd
            prep_rows += [w.HTML(f"<small>{esc(it.clause)} — {esc(text)}</small>"), dd]

        # principles (clause 4): saved on each change
        self.principles = {}
        scale = chk["principles"]["scale"]
        opts = [(_t("principles.not_answered", lang), None)] + [
            (f"{k} – {kit_text('scale', k, lang, shown=v)}", int(k)) for k, v in scale.items()]
        pr_rows = [w.HTML(f"<p>{esc(_t('principles.intro', lang))}</p>")]
        q = P.principle_questions(language=lang)
        for (pid, name), grp in q.groupby(["principle", "principle_name"], sort=False):
            pr_rows.append(w.HTML(f"<h4>{esc(name)}</h4>"))
            for r in grp.itertuples():
                val = self.plan["principles"].get(r.question)
                ans = val.get("answer") if isinstance(val, dict) else val
                dd = w.Dropdown(description=r.question, tooltip=r.text, options=opts, value=ans, style=_STYLE,
                                layout=_AUTO)
                dd.observe(lambda ch, qid=r.question: self._answer(qid, ch["new"]), names="value")
                self.principles[r.question] = dd
                pr_rows += [w.HTML(f"<small>{esc(r.text)}</small>"), dd]

        titles = [_t(f"tab.{k}", lang) for k in ("plan", "goals", "kpis", "phases", "risks", "preparation", "principles")]
        self.tabs = w.Tab(children=[self.general.widget, self.goals.widget, self.kpis.widget, self.phases.widget,
                                    self.risks.widget, w.VBox(prep_rows), w.VBox(pr_rows)], titles=titles)
        head = w.HTML(f"<h3>{esc(_t('plan_title', lang))}</h3><p><small>"
                      f"{esc(_t('plan_file', lang, file='{file}')).format(file='<code>' + esc(shown_path(self.path)) + '</code>')}"
                      "</small></p>")
        self.widget = w.VBox([head, self.status, self.tabs], layout={"max_width": "950px"})
        self.widget.add_class("sedam-plan-editor")

    # -- helpers ----------------------------------------------------------------------
    def _goal_options(self):
        return [(f"{g['id']} · {_clip(g['text'])}", g["id"]) for g in self.plan.get("goals") or []]

    def _show_score(self):
        from ..stages.daap import api as P

        chk = P.load_checks()
        lk, im = self.risks.fields["likelihood"].value, self.risks.fields["impact"].value
        score = int(lk) * int(im)
        thr = chk["risk"]["threshold"]
        level = "high" if score >= thr else ("medium" if score >= chk["risk"]["medium_from"] else "low")
        text = _t("risks.score", self.language, score=score, level=_t(f"risks.level.{level}", self.language))
        self.risk_score.value = f"<small>{esc(text)}</small>"

    def _commit(self, new) -> bool:
        from ..stages.daap import api as P

        try:
            P.save_plan(new, self.path, overwrite=True)
        except (SedamError, OSError) as e:
            self._fail(e)
            return False
        self.plan = new
        goal_opts = self._goal_options()
        for form in (self.kpis, self.phases):  # goal ids may have changed
            keep = form.fields["goals"].value
            self._loading = True
            try:
                form.fields["goals"].options = goal_opts
                form.fields["goals"].value = tuple(g for g in keep if g in {v for _, v in goal_opts})
            finally:
                self._loading = False
        n_high = int((P.plan_flags(new).severity == "high").sum())
        self.status.value = _status(True, _t("plan_saved", self.language, file=shown_path(self.path), n=n_high))
        if self.on_change:
            self.on_change(new)
        return True

    def _fail(self, err):
        self.status.value = _status(False, _problems_text(err, self.language))

    def _set_preparation(self, item, status):
        from ..stages.daap import api as P

        if self._loading:
            return
        old = self.plan["preparation"].get(item)
        extra = old if isinstance(old, dict) else {}
        try:
            new = P.set_preparation(self.plan, item, status, notes=extra.get("notes"), owner=extra.get("owner"))
        except SedamError as e:
            self._fail(e)
            return
        self._commit(new)

    def _answer(self, question, answer):
        from ..stages.daap import api as P

        if self._loading:
            return
        old = self.plan["principles"].get(question)
        evidence = old.get("evidence") if isinstance(old, dict) else None
        try:
            new = P.answer_principle(self.plan, question, answer, evidence=evidence)
        except SedamError as e:
            self._fail(e)
            return
        self._commit(new)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


class _GeneralForm:
    """Title, mission, overall period and currency of the plan."""

    def __init__(self, editor):
        import ipywidgets as w

        self.editor = editor
        lang = editor.language
        p = editor.plan
        date = _t("date_placeholder", lang)

        def label(key):
            return _t(f"general.{key}", lang)

        self.fields = {
            "title": w.Text(description=label("title"), value=_fmt(p.get("title")), style=_STYLE, layout=_WIDE),
            "mission": w.Textarea(description=label("mission"), value=_fmt(p.get("mission")), style=_STYLE,
                                  layout=_WIDE, tooltip=label("mission.help")),
            "start": w.Text(description=label("start"), value=_fmt(p["period"]["start"]), placeholder=date,
                            style=_STYLE, layout=_AUTO),
            "end": w.Text(description=label("end"), value=_fmt(p["period"]["end"]), placeholder=date,
                          style=_STYLE, layout=_AUTO),
            "currency": w.Text(description=label("currency"), value=_fmt(p.get("currency")), style=_STYLE,
                               layout=_AUTO),
        }
        self.save_button = w.Button(description=label("save"), button_style="primary", icon="check",
                                    tooltip=label("save.help"), layout=_AUTO)
        self.save_button.on_click(lambda _: self.save())
        self.widget = w.VBox(list(self.fields.values()) + [w.HBox([self.save_button])])

    def save(self) -> bool:
        from ..stages.daap import api as P

        new = copy.deepcopy(self.editor.plan)
        f = self.fields
        for key in ("title", "mission", "currency"):
            val = _text(f[key].value)
            if val is None:
                new.pop(key, None)
            else:
                new[key] = val
        new["period"] = {"start": _text(f["start"].value), "end": _text(f["end"].value)}
        try:
            new = P.validate_plan(new)
        except SedamError as e:
            self.editor._fail(e)
            return False
        return self.editor._commit(new)


def plan_editor(plan_path, on_change=None, language=None) -> PlanEditor:
    """A :class:`PlanEditor` on ``plan_path`` — pass the working copy from
    :func:`sedamkit.stages.daap.api.resolve_plan_path`. ``on_change(plan)`` runs after every successful save;
    ``language`` (``en`` or ``fr``, None: English) is the language of its labels and messages."""
    return PlanEditor(plan_path, on_change=on_change, language=language)


# --------------------------------------------------------------------------- assessment editor
class AssessmentEditor:
    """Edit a stage-03 assessment file: per element its maturity, approaches in use, other tools and
    evidence; the DAAP's planned approaches are shown (read-only) beside them. Saved on each change.

    Attributes: ``widget``, ``assessment`` (as last saved), ``element`` (Dropdown), ``maturity``,
    ``in_use`` (SelectMultiple), ``other_tools`` (Text, comma-separated), ``evidence`` (Textarea),
    ``planned`` (HTML), ``status`` (HTML).
    """

    def __init__(self, path, catalogue=None, plan_result=None, on_change=None, language=None):
        import ipywidgets as w

        from ..stages.application import api as A
        from ..methods.catalogue import as_catalogue
        from ..core.model import elements_frame

        self.path, self.catalogue, self.on_change = Path(path), catalogue, on_change
        self.language = lang = normalise_language(language)
        self.assessment = A.load_assessment(self.path, catalogue=catalogue)  # raises on a bad file, never overwrites
        self.planned_ids = A.planned_by_element(plan_result, catalogue=catalogue)
        self._cat = as_catalogue(catalogue)
        self._names = {a["id"]: approach_label(a["id"], lang, a["name"]) for a in self._cat["approaches"]}
        self._loading = False
        lv = A.maturity_levels(language=lang)
        self.status = w.HTML(_status(True, _t("editing", lang, file=shown_path(self.path))))
        self.element = w.Dropdown(description=_t("assess.element", lang), style=_STYLE, layout=_WIDE,
                                  tooltip=_t("assess.element.help", lang),
                                  options=[(f"{r.element} {named('rpt.element', r.element, r.element_name, lang)}",
                                            r.element) for r in elements_frame().itertuples()])
        self.maturity = w.Dropdown(description=_t("assess.maturity", lang), style=_STYLE, layout=_AUTO,
                                   tooltip=_t("assess.maturity.help", lang),
                                   options=[(named("rpt.maturity", int(r.level), f"{r.level} {r.name}", lang), int(r.level))
                                            for r in lv.itertuples()])
        self.maturity_help = w.HTML()
        self._level_text = dict(zip(lv.level, lv.description))
        self.in_use = w.SelectMultiple(description=_t("assess.in_use", lang), style=_STYLE, rows=10, layout=_WIDE,
                                       tooltip=_t("assess.in_use.help", lang))
        self.planned = w.HTML()
        self.other_tools = w.Text(description=_t("assess.other_tools", lang), style=_STYLE, layout=_WIDE,
                                  placeholder=_t("assess.other_tools.placeholder", lang),
                                  tooltip=_t("assess.other_tools.help", lang))
        self.evidence = w.Textarea(description=_t("assess.evidence", lang), style=_STYLE, layout=_WIDE,
                                   tooltip=_t("assess.evidence.help", lang))
        self.element.observe(lambda ch: self._load(), names="value")
        for wdg in (self.maturity, self.in_use, self.other_tools, self.evidence):
            wdg.observe(lambda ch: self._save(), names="value")
        file = "<code>" + esc(shown_path(self.path)) + "</code>"
        head = w.HTML(f"<h3>{esc(_t('assess.title', lang))}</h3><p><small>"
                      f"{esc(_t('assess.file', lang, file='{file}')).format(file=file)}</small></p>")
        self.widget = w.VBox([head, self.status, self.element, self.maturity, self.maturity_help, self.in_use,
                              self.planned, self.other_tools, self.evidence], layout={"max_width": "950px"})
        self.widget.add_class("sedam-assessment-editor")
        self._load()

    def _options(self, el, current):
        mapped = [a["id"] for a in self._cat["approaches"] if any(lk["element"] == el for lk in a["elements"])]
        ids = mapped + [a for a in current if a not in mapped]
        extra = " — " + _t("assess.not_mapped", self.language)
        return [(f"{self._names.get(a, a)} ({a})" + ("" if a in mapped else extra), a) for a in ids]

    def _load(self):
        el = self.element.value
        entry = self.assessment["elements"][el]
        self._loading = True
        try:
            self.in_use.options = self._options(el, entry["in_use"])
            self.in_use.value = tuple(entry["in_use"])
            self.maturity.value = int(entry["maturity"])
            self.other_tools.value = ", ".join(entry.get("other_tools") or [])
            self.evidence.value = entry.get("evidence") or ""
        finally:
            self._loading = False
        self._show_context()

    def _show_context(self):
        el = self.element.value
        self.maturity_help.value = f"<small>{esc(self._level_text.get(self.maturity.value, ''))}</small>"
        planned = self.planned_ids.get(el) or []
        in_use = set(self.in_use.value)
        lang = self.language
        already = f" <i>({esc(_t('assess.already_in_use', lang))})</i>"
        items = ", ".join(esc(self._names.get(a, a)) + (already if a in in_use else "") for a in planned) \
            if planned else esc(_t("assess.planned_nothing", lang))
        self.planned.value = (f"<p><b>{esc(_t('assess.planned', lang, element=el) + t('pages.colon', lang))}</b> "
                              f"{items}</p>")

    def _save(self):
        from ..stages.application import api as A

        self._show_context()
        if self._loading:
            return
        el = self.element.value
        tools = [t.strip() for t in self.other_tools.value.split(",") if t.strip()]
        try:
            new = A.set_element(self.assessment, el, maturity=self.maturity.value, in_use=list(self.in_use.value),
                                other_tools=tools, evidence=self.evidence.value, catalogue=self.catalogue)
            A.save_assessment(new, self.path, overwrite=True, catalogue=self.catalogue)
        except (SedamError, OSError) as e:
            self.status.value = _status(False, _problems_text(e, self.language))
            return
        self.assessment = new
        self.status.value = _status(True, _t("assess.saved", self.language, element=el, file=shown_path(self.path)))
        if self.on_change:
            self.on_change(new)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def assessment_editor(path, catalogue=None, plan_result=None, on_change=None, language=None) -> AssessmentEditor:
    """An :class:`AssessmentEditor` on ``path`` (the working copy from
    :func:`sedamkit.stages.application.api.resolve_assessment_path`); ``plan_result`` is stage 02's result (or a
    plan); ``language`` (``en`` or ``fr``, None: English) that of its labels and messages."""
    return AssessmentEditor(path, catalogue=catalogue, plan_result=plan_result, on_change=on_change,
                            language=language)


# --------------------------------------------------------------------------- catalogue browser
class CatalogueBrowser:
    """Filter the catalogue of digital approaches by text, family and element.

    Attributes: ``widget``, ``text`` (Text), ``family`` and ``element`` (Dropdowns; ``None`` = all),
    ``table`` (HTML), ``count`` (HTML), ``frame`` (the filtered DataFrame, from
    :func:`sedamkit.methods.catalogue.search`).
    """

    def __init__(self, catalogue=None, language=None):
        import ipywidgets as w

        from ..methods import catalogue as C
        from ..core.model import elements_frame

        self.catalogue = catalogue
        self.language = lang = normalise_language(language)
        fams = C.families_frame(catalogue, language=lang)
        self.text = w.Text(description=_t("browse.search", lang), placeholder=_t("browse.search.placeholder", lang),
                           style=_STYLE, layout=_AUTO, tooltip=_t("browse.search.help", lang), continuous_update=True)
        self.family = w.Dropdown(description=_t("browse.family", lang), style=_STYLE, layout=_AUTO,
                                 tooltip=_t("browse.family.help", lang),
                                 options=[(_t("browse.all_families", lang), None)]
                                 + [(f"{r.family_name} ({r.n_approaches})", r.family) for r in fams.itertuples()])
        self.element = w.Dropdown(description=_t("browse.element", lang), style=_STYLE, layout=_AUTO,
                                  tooltip=_t("browse.element.help", lang),
                                  options=[(_t("browse.all_elements", lang), None)]
                                  + [(f"{r.element} {named('rpt.element', r.element, r.element_name, lang)}", r.element)
                                     for r in elements_frame().itertuples()])
        self.count = w.HTML()
        self.table = w.HTML()
        for wdg in (self.text, self.family, self.element):
            wdg.observe(lambda ch: self.update(), names="value")
        self.widget = w.VBox([w.HBox([self.text, self.family, self.element], layout={"flex_flow": "row wrap"}),
                              self.count, self.table], layout={"max_width": "1100px"})
        self.widget.add_class("sedam-catalogue-browser")
        self.update()

    def update(self):
        from ..methods import catalogue as C

        df = C.search(self.text.value or None, family=self.family.value, element=self.element.value,
                      catalogue=self.catalogue, language=self.language)
        self.frame = df
        cols = ["approach", "name", "family_name", "elements"] + (["element_clauses"] if "element_clauses" in df else []) \
            + ["description"]
        lang = self.language
        self.count.value = f"<p role='status' aria-live='polite'>{esc(_t('browse.count', lang, n=len(df)))}</p>"
        shown = df[cols].copy()
        shown.columns = [_t(f"browse.col.{c}", lang) for c in cols]
        self.table.value = ("<div style='max-height:420px;overflow:auto'>"
                            + shown.to_html(index=False, escape=True, border=0) + "</div>")

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def catalogue_browser(catalogue=None, language=None) -> CatalogueBrowser:
    """A :class:`CatalogueBrowser` over the kit's catalogue (or ``catalogue``), labelled in ``language``."""
    return CatalogueBrowser(catalogue, language=language)
