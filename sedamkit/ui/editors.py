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

Kernel-side use (tests, papermill): setting ``.value`` fires the observers and ``Button.click()``
fires the handlers, exactly as in the browser.
"""
from __future__ import annotations

import copy
from pathlib import Path

from ..core.errors import SedamError
from ..core.text import esc

__all__ = ["PlanEditor", "plan_editor", "AssessmentEditor", "assessment_editor", "CatalogueBrowser",
           "catalogue_browser", "missing_labels", "NEW"]

#: Value of the item pickers' "new item" entry.
NEW = "__new__"
_STYLE = {"description_width": "150px"}
_WIDE = {"width": "95%"}


def _status(ok: bool, text: str) -> str:
    colour, mark = ("#006644", "✔") if ok else ("#b00020", "✘")
    return (f"<div role='status' aria-live='polite' style='color:{colour};white-space:pre-wrap'>{mark} "
            f"{esc(text)}</div>")


def _problems_text(err: Exception) -> str:
    if isinstance(err, SedamError):
        return "not saved — " + "\n".join(str(p) for p in err.problems)
    return f"not saved — {type(err).__name__}: {err}"


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
    """Picker + fields + Save / Remove for one list section of the plan (goals, kpis, phases, risks)."""

    def __init__(self, editor, section: str, noun: str, fields: list):
        import ipywidgets as w

        self.editor, self.section, self.noun = editor, section, noun
        self.fields = {}
        self._specs = {}
        for key, kind, label, extra in fields:
            self.fields[key] = self._make(w, kind, label, extra)
            self._specs[key] = kind
        self.pick = w.Dropdown(description=f"{noun.capitalize()}", tooltip=f"choose a {noun} to edit, or a new one",
                               style=_STYLE)
        self.save_button = w.Button(description=f"Save {noun}", button_style="primary", icon="check",
                                    tooltip=f"validate this {noun} and save the plan")
        self.remove_button = w.Button(description=f"Remove {noun}", icon="trash",
                                      tooltip=f"remove the chosen {noun} from the plan")
        self._picking = False
        self.pick.observe(lambda ch: None if self._picking else self._load(), names="value")
        self.save_button.on_click(lambda _: self.save())
        self.remove_button.on_click(lambda _: self.remove())
        self._refresh_pick()
        self.widget = w.VBox([self.pick] + list(self.fields.values())
                             + [w.HBox([self.save_button, self.remove_button])])

    @staticmethod
    def _make(w, kind, label, extra):
        tip = (extra or {}).get("tooltip", label)
        if kind == "area":
            return w.Textarea(description=label, tooltip=tip, style=_STYLE, layout=_WIDE)
        if kind in ("text", "num", "date"):
            ph = {"date": "YYYY-MM-DD", "num": "a number"}.get(kind, "")
            return w.Text(description=label, tooltip=tip, placeholder=(extra or {}).get("placeholder", ph),
                          style=_STYLE, layout={"width": "60%"} if kind != "text" else _WIDE)
        if kind == "select":
            return w.Dropdown(description=label, tooltip=tip, options=extra["options"], style=_STYLE)
        if kind == "multi":
            return w.SelectMultiple(description=label, tooltip=tip, options=extra["options"],
                                    rows=min(8, max(3, len(extra["options"]))), style=_STYLE, layout=_WIDE)
        raise ValueError(kind)

    # -- state ------------------------------------------------------------------------
    def items(self):
        return self.editor.plan.get(self.section) or []

    def _refresh_pick(self, select=None):
        opts = [(f"— new {self.noun} —", NEW)] + [
            (f"{it['id']} · {str(it.get('name') or it.get('text') or it.get('description') or it.get('kpi') or '')[:60]}",
             it["id"]) for it in self.items()]
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
            self.editor._fail(ValueError(f"choose a {self.noun} to remove first"))
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

    def __init__(self, path, on_change=None):
        import ipywidgets as w

        from ..methods import catalogue as C
        from ..stages.daap import api as P
        from ..core.model import elements_frame

        self.path, self.on_change = Path(path), on_change
        self.plan = P.load_plan(self.path)  # an invalid or unreadable file raises here and is never overwritten
        self._loading = False
        self.status = w.HTML(_status(True, f"editing {self.path}"))
        els = [(f"{r.element} {r.element_name}", r.element) for r in elements_frame().itertuples()]
        areas = [(a, a) for grp in P.READINESS_AREAS.values() for a in grp]
        kcat = C.load_kpis()
        kpi_opts = [(f"{k} — {v['name']} ({v['unit']})", k) for k, v in kcat.items()] + [("custom — your own KPI", "custom")]
        apps = [(f"{r.name} ({r.approach})", r.approach) for r in C.approaches_frame().itertuples()]
        chk = P.load_checks()
        goal_opts = self._goal_options()

        self.general = _GeneralForm(self)
        self.goals = _SectionForm(self, "goals", "goal", [
            ("id", "text", "Goal id", {"placeholder": "G1"}),
            ("text", "area", "Goal", {"tooltip": "what the goal is, in one sentence"}),
            ("elements", "multi", "Elements", {"options": els, "tooltip": "the elements (E1–E9) the goal serves"}),
            ("addresses", "multi", "Addresses gaps", {"options": areas,
                                                      "tooltip": "stage 01 readiness areas this goal deals with"}),
        ])
        self.kpis = _SectionForm(self, "kpis", "KPI", [
            ("id", "text", "KPI id", {"placeholder": "KPI-1"}),
            ("kpi", "select", "Indicator", {"options": kpi_opts, "tooltip": "a KPI from the catalogue, or custom"}),
            ("name", "text", "Name", {"tooltip": "needed for a custom KPI; defaults to the catalogue name"}),
            ("baseline", "num", "Baseline", {"tooltip": "today's value; empty when not known yet"}),
            ("target", "num", "Target", {"tooltip": "the value to reach by the due date"}),
            ("unit", "text", "Unit", {"tooltip": "needed for a custom KPI; defaults from the catalogue"}),
            ("direction", "select", "Better when", {"options": [("(catalogue default)", None), ("higher", "higher"),
                                                               ("lower", "lower")],
                                                   "tooltip": "is a higher or a lower value better?"}),
            ("due", "date", "Due", {}),
            ("elements", "multi", "Elements", {"options": els, "tooltip": "defaults to the catalogue's elements"}),
            ("goals", "multi", "Goals", {"options": goal_opts, "tooltip": "the goals this KPI measures"}),
        ])
        self.phases = _SectionForm(self, "phases", "phase", [
            ("id", "text", "Phase id", {"placeholder": "P1"}),
            ("name", "text", "Name", {}),
            ("start", "date", "Start", {}),
            ("end", "date", "End", {}),
            ("resources.people_days", "num", "People-days", {"tooltip": "staff effort in person-days"}),
            ("resources.budget", "num", "Budget", {"tooltip": "money for the phase, in the plan's currency"}),
            ("goals", "multi", "Goals", {"options": goal_opts}),
            ("approaches", "multi", "Approaches", {"options": apps,
                                                   "tooltip": "digital approaches introduced in this phase"}),
            ("addresses", "multi", "Addresses gaps", {"options": areas}),
        ])
        levels = [(f"{i}", i) for i in range(1, 6)]
        self.risks = _SectionForm(self, "risks", "risk", [
            ("id", "text", "Risk id", {"placeholder": "R1"}),
            ("description", "area", "Risk", {"tooltip": "what could go wrong"}),
            ("category", "select", "Category", {"options": [(c, c) for c in chk["risk"]["categories"]],
                                                "tooltip": "privacy and data_security risks are asked for above all"}),
            ("likelihood", "select", "Likelihood", {"options": levels, "tooltip": "1 very unlikely … 5 very likely"}),
            ("impact", "select", "Impact", {"options": levels, "tooltip": "1 very small … 5 very severe"}),
            ("owner", "text", "Owner", {}),
            ("mitigation", "area", "Mitigation", {"tooltip": "how the risk will be reduced"}),
            ("addresses", "multi", "Addresses gaps", {"options": areas}),
        ])
        self.risk_score = w.HTML()
        for key in ("likelihood", "impact"):
            self.risks.fields[key].observe(lambda ch: self._show_score(), names="value")
        self._show_score()
        self.risks.widget.children = self.risks.widget.children[:6] + (self.risk_score,) + self.risks.widget.children[6:]

        # preparation checklist (6.2 c)): saved on each change
        self.preparation = {}
        prep_rows = [w.HTML("<p>Status of each preparation step (clause 6.2 c)). Saved on each change.</p>")]
        summary = P.preparation_summary(self.plan).set_index("item")
        for it in P.preparation_items().itertuples():
            dd = w.Dropdown(description=it.item.replace("_", " "), tooltip=f"{it.clause}: {it.label}",
                            options=[(s.replace("_", " "), s) for s in chk["preparation"]["statuses"]],
                            value=summary.at[it.item, "status"], style=_STYLE)
            dd.observe(lambda ch, i=it.item: self._set_preparation(i, ch["new"]), names="value")
            self.preparation[it.item] = dd
            prep_rows += [w.HTML(f"<small>{esc(it.clause)} — {esc(it.label)}</small>"), dd]

        # principles (clause 4): saved on each change
        self.principles = {}
        scale = chk["principles"]["scale"]
        opts = [("— not answered —", None)] + [(f"{k} – {v}", int(k)) for k, v in scale.items()]
        pr_rows = [w.HTML("<p>Answer each question for the plan as it stands (1 not at all … 5 fully). "
                          "Saved on each change.</p>")]
        q = P.principle_questions()
        for name, grp in q.groupby("principle_name", sort=False):
            pr_rows.append(w.HTML(f"<h4>{esc(name)}</h4>"))
            for r in grp.itertuples():
                val = self.plan["principles"].get(r.question)
                ans = val.get("answer") if isinstance(val, dict) else val
                dd = w.Dropdown(description=r.question, tooltip=r.text, options=opts, value=ans, style=_STYLE)
                dd.observe(lambda ch, qid=r.question: self._answer(qid, ch["new"]), names="value")
                self.principles[r.question] = dd
                pr_rows += [w.HTML(f"<small>{esc(r.text)}</small>"), dd]

        titles = ["Plan", "Goals", "KPIs", "Phases", "Risks", "Preparation", "Principles"]
        self.tabs = w.Tab(children=[self.general.widget, self.goals.widget, self.kpis.widget, self.phases.widget,
                                    self.risks.widget, w.VBox(prep_rows), w.VBox(pr_rows)], titles=titles)
        head = w.HTML(f"<h3>DAAP editor</h3><p><small>File: <code>{esc(str(self.path))}</code> — each "
                      "valid change is saved there at once; an invalid one is explained below and not saved."
                      "</small></p>")
        self.widget = w.VBox([head, self.status, self.tabs], layout={"max_width": "950px"})
        self.widget.add_class("sedam-plan-editor")

    # -- helpers ----------------------------------------------------------------------
    def _goal_options(self):
        return [(f"{g['id']} · {g['text'][:50]}", g["id"]) for g in self.plan.get("goals") or []]

    def _show_score(self):
        from ..stages.daap import api as P

        chk = P.load_checks()
        lk, im = self.risks.fields["likelihood"].value, self.risks.fields["impact"].value
        score = int(lk) * int(im)
        thr = chk["risk"]["threshold"]
        level = "high — needs a mitigation and an owner" if score >= thr else (
            "medium" if score >= chk["risk"]["medium_from"] else "low")
        self.risk_score.value = f"<small>score = likelihood × impact = {score} ({esc(level)})</small>"

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
        self.status.value = _status(True, f"saved to {self.path} · {n_high} high flag(s) on the plan")
        if self.on_change:
            self.on_change(new)
        return True

    def _fail(self, err):
        self.status.value = _status(False, _problems_text(err))

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
        p = editor.plan
        self.fields = {
            "title": w.Text(description="Title", value=_fmt(p.get("title")), style=_STYLE, layout=_WIDE),
            "mission": w.Textarea(description="Mission", value=_fmt(p.get("mission")), style=_STYLE, layout=_WIDE,
                                  tooltip="what the programme is for (6.2 a))"),
            "start": w.Text(description="Period start", value=_fmt(p["period"]["start"]), placeholder="YYYY-MM-DD",
                            style=_STYLE),
            "end": w.Text(description="Period end", value=_fmt(p["period"]["end"]), placeholder="YYYY-MM-DD",
                          style=_STYLE),
            "currency": w.Text(description="Currency", value=_fmt(p.get("currency")), style=_STYLE),
        }
        self.save_button = w.Button(description="Save plan details", button_style="primary", icon="check",
                                    tooltip="validate and save title, mission, period and currency")
        self.save_button.on_click(lambda _: self.save())
        self.widget = w.VBox(list(self.fields.values()) + [self.save_button])

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


def plan_editor(plan_path, on_change=None) -> PlanEditor:
    """A :class:`PlanEditor` on ``plan_path`` — pass the working copy from
    :func:`sedamkit.stages.daap.api.resolve_plan_path`. ``on_change(plan)`` runs after every successful save."""
    return PlanEditor(plan_path, on_change=on_change)


# --------------------------------------------------------------------------- assessment editor
class AssessmentEditor:
    """Edit a stage-03 assessment file: per element its maturity, approaches in use, other tools and
    evidence; the DAAP's planned approaches are shown (read-only) beside them. Saved on each change.

    Attributes: ``widget``, ``assessment`` (as last saved), ``element`` (Dropdown), ``maturity``,
    ``in_use`` (SelectMultiple), ``other_tools`` (Text, comma-separated), ``evidence`` (Textarea),
    ``planned`` (HTML), ``status`` (HTML).
    """

    def __init__(self, path, catalogue=None, plan_result=None, on_change=None):
        import ipywidgets as w

        from ..stages.application import api as A
        from ..methods.catalogue import as_catalogue
        from ..core.model import elements_frame

        self.path, self.catalogue, self.on_change = Path(path), catalogue, on_change
        self.assessment = A.load_assessment(self.path, catalogue=catalogue)  # raises on a bad file, never overwrites
        self.planned_ids = A.planned_by_element(plan_result, catalogue=catalogue)
        self._cat = as_catalogue(catalogue)
        self._names = {a["id"]: a["name"] for a in self._cat["approaches"]}
        self._loading = False
        lv = A.maturity_levels()
        self.status = w.HTML(_status(True, f"editing {self.path}"))
        self.element = w.Dropdown(description="Element", style=_STYLE, tooltip="the element to assess",
                                  options=[(f"{r.element} {r.element_name}", r.element)
                                           for r in elements_frame().itertuples()])
        self.maturity = w.Dropdown(description="Maturity", style=_STYLE, tooltip="0 none … 4 leading",
                                   options=[(f"{r.level} {r.name}", int(r.level)) for r in lv.itertuples()])
        self.maturity_help = w.HTML()
        self._level_text = dict(zip(lv.level, lv.description))
        self.in_use = w.SelectMultiple(description="In use", style=_STYLE, rows=10, layout=_WIDE,
                                       tooltip="catalogue approaches in use for this element (Ctrl/Cmd-click for several)")
        self.planned = w.HTML()
        self.other_tools = w.Text(description="Other tools", style=_STYLE, layout=_WIDE,
                                  placeholder="tools outside the catalogue, separated by commas",
                                  tooltip="tools outside the catalogue (not counted in the coverage)")
        self.evidence = w.Textarea(description="Evidence", style=_STYLE, layout=_WIDE,
                                   tooltip="what the maturity rating rests on")
        self.element.observe(lambda ch: self._load(), names="value")
        for wdg in (self.maturity, self.in_use, self.other_tools, self.evidence):
            wdg.observe(lambda ch: self._save(), names="value")
        head = w.HTML(f"<h3>Application assessment</h3><p><small>File: <code>{esc(str(self.path))}</code> "
                      "— every change is saved there at once.</small></p>")
        self.widget = w.VBox([head, self.status, self.element, self.maturity, self.maturity_help, self.in_use,
                              self.planned, self.other_tools, self.evidence], layout={"max_width": "950px"})
        self.widget.add_class("sedam-assessment-editor")
        self._load()

    def _options(self, el, current):
        mapped = [a["id"] for a in self._cat["approaches"] if any(lk["element"] == el for lk in a["elements"])]
        ids = mapped + [a for a in current if a not in mapped]
        return [(f"{self._names.get(a, a)} ({a})" + ("" if a in mapped else " — not mapped to this element"), a)
                for a in ids]

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
        if planned:
            items = ", ".join(esc(self._names.get(a, a)) + (" <i>(already in use)</i>" if a in in_use else "")
                              for a in planned)
            self.planned.value = f"<p><b>Planned by the DAAP for {el}:</b> {items}</p>"
        else:
            self.planned.value = f"<p><b>Planned by the DAAP for {el}:</b> nothing.</p>"

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
            self.status.value = _status(False, _problems_text(e))
            return
        self.assessment = new
        self.status.value = _status(True, f"{el} saved to {self.path}")
        if self.on_change:
            self.on_change(new)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def assessment_editor(path, catalogue=None, plan_result=None, on_change=None) -> AssessmentEditor:
    """An :class:`AssessmentEditor` on ``path`` (the working copy from
    :func:`sedamkit.stages.application.api.resolve_assessment_path`); ``plan_result`` is stage 02's result (or a plan)."""
    return AssessmentEditor(path, catalogue=catalogue, plan_result=plan_result, on_change=on_change)


# --------------------------------------------------------------------------- catalogue browser
class CatalogueBrowser:
    """Filter the catalogue of digital approaches by text, family and element.

    Attributes: ``widget``, ``text`` (Text), ``family`` and ``element`` (Dropdowns; ``None`` = all),
    ``table`` (HTML), ``count`` (HTML), ``frame`` (the filtered DataFrame, from
    :func:`sedamkit.methods.catalogue.search`).
    """

    def __init__(self, catalogue=None):
        import ipywidgets as w

        from ..methods import catalogue as C
        from ..core.model import elements_frame

        self.catalogue = catalogue
        fams = C.families_frame(catalogue)
        self.text = w.Text(description="Search", placeholder="words, e.g. survey", style=_STYLE,
                           tooltip="every word must appear in the name, description or family", continuous_update=True)
        self.family = w.Dropdown(description="Family", style=_STYLE, tooltip="kind of approach",
                                 options=[("all families", None)] + [(f"{r.family_name} ({r.n_approaches})", r.family)
                                                                    for r in fams.itertuples()])
        self.element = w.Dropdown(description="Element", style=_STYLE, tooltip="the element it serves",
                                  options=[("all elements", None)] + [(f"{r.element} {r.element_name}", r.element)
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
                      catalogue=self.catalogue)
        self.frame = df
        cols = ["approach", "name", "family_name", "elements"] + (["element_clauses"] if "element_clauses" in df else []) \
            + ["description"]
        self.count.value = f"<p role='status' aria-live='polite'>{len(df)} approach(es) match.</p>"
        self.table.value = ("<div style='max-height:420px;overflow:auto'>"
                            + df[cols].to_html(index=False, escape=True, border=0) + "</div>")

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def catalogue_browser(catalogue=None) -> CatalogueBrowser:
    """A :class:`CatalogueBrowser` over the kit's catalogue (or ``catalogue``)."""
    return CatalogueBrowser(catalogue)
