"""Accessibility: labelled widgets, keyboard use, colour-blind-safe charts with patterns or labels."""
import pytest

from sedamkit import classroom, plots
from sedamkit.ui.forms import QuestionnaireForm

OKABE_ITO = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"}


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_input_widget_has_a_readable_label(spec, tmp_path, language):
    import ipywidgets as w

    form = QuestionnaireForm(spec.with_overrides(language=language), tmp_path / "me.json", "me")
    inputs = [x for x in _walk(form.widget) if isinstance(x, (w.ToggleButtons, w.Text, w.IntProgress))]
    assert len(inputs) == 2 * len(spec.items) + 1
    for x in inputs:
        assert x.description.strip(), x                      # rendered as a <label> by ipywidgets 8
        assert x.tooltip and x.tooltip.strip(), x           # the accessible description (title)
        assert not x.description_allow_html                  # read as plain text
    for item in spec.items:
        choice = form._choices[item.id]
        assert spec.with_overrides(language=language).text(item.text) in choice.tooltip
        assert len(choice.tooltips) == len(choice.options) and all(t.strip() for t in choice.tooltips)
        # each scale point is announced with its meaning, not just "4"
        labelled = [t for (label, v), t in zip(choice.options, choice.tooltips) if v != "na"]
        assert all(" – " in t for t in labelled), labelled
        assert str(choice.options[0][1]) in choice.tooltips[0]


def test_keyboard_alone_is_enough(spec, tmp_path):
    import ipywidgets as w

    form = QuestionnaireForm(spec, tmp_path / "me.json", "me")
    for x in _walk(form.widget):
        if isinstance(x, (w.ToggleButtons, w.Text)):
            assert x.tabbable is not False and not x.disabled   # reachable with Tab, usable with Space/Enter
    assert "Tab" in form.widget.children[0].value              # the keyboard help is on the form


def test_the_save_status_is_announced_and_not_only_coloured(spec, tmp_path):
    form = QuestionnaireForm(spec, tmp_path / "me.json", "me")
    form.answer("talent_specify", 3)
    assert "role='status'" in form.status.value and "aria-live='polite'" in form.status.value
    assert "✔ saved to" in form.status.value


def test_palette_is_okabe_ito():
    assert set(plots.PALETTE) == OKABE_ITO
    assert set(plots.STATUS_COLOURS) == set(plots.STATUS_HATCHES)
    assert len(set(plots.STATUS_HATCHES.values())) == len(plots.STATUS_HATCHES)   # a pattern per status


def _hex(c):
    from matplotlib.colors import to_hex

    return to_hex(c).upper()


@pytest.fixture(scope="module")
def class_results(tmp_path_factory):
    folder = classroom.demo_class(tmp_path_factory.mktemp("cls") / "class")
    return classroom.load_class(folder, salt="a11y")


def test_class_charts_use_the_palette_and_a_pattern_where_colour_means_something(class_results):
    allowed = {c.upper() for c in OKABE_ITO} | {"#FFFFFF", "#DDDDDD"}
    ax = classroom.plot_kano(class_results)
    cells = list(ax.patches)
    assert cells and {_hex(p.get_facecolor()) for p in cells} <= allowed
    mismatched = int((~class_results.kano["match"]).sum())
    assert sum(1 for p in cells if p.get_hatch()) == mismatched > 0
    letters = {t.get_text() for t in ax.texts}
    assert letters & set("AOMI")                                  # the category is written, not only coloured

    ax = classroom.plot_disagreement(class_results)
    bars = ax.patches
    split = class_results.disagreement.dropna(subset=["sd"]).head(15)
    assert sum(1 for b in bars if b.get_hatch()) == int((~split["consensus"]).sum())
    assert {_hex(b.get_facecolor()) for b in bars} <= allowed
    assert any("≠" in t.get_text() for t in ax.texts)

    ax = classroom.plot_completion(class_results)
    hatches = {b.get_hatch() or "" for b in ax.patches}
    assert len(hatches) >= 2 and all(t.get_text().isdigit() for t in ax.texts)

    ax = classroom.plot_readiness(class_results)
    labels = ax.get_legend_handles_labels()[1]
    assert {"student", "class mean", "blocking threshold"} <= set(labels)


def test_stage_01_charts_mark_meaning_without_colour(spec):
    import pandas as pd

    from sedamkit.core.answers import responses_frame
    from sedamkit.methods.scoring import readiness

    docs = [{"respondent": "a", "answers": {i: 4 for i in spec.item_ids[:10]}},
            {"respondent": "b", "answers": {i: 1 for i in spec.item_ids[:10]}}]
    ready = readiness(responses_frame(docs, spec), spec)
    ax = plots.readiness_radar(ready.areas)
    assert "blocking threshold" in ax.get_legend_handles_labels()[1]
    assert any(line.get_linestyle() == "--" for line in ax.lines)           # a dashed line, not only a colour
    ax = plots.respondent_heatmap(ready.by_respondent, ready.areas)
    assert any(t.get_text().isdigit() for t in ax.texts)                    # scores written in the cells
    assert ax.images[0].get_cmap().name == "cividis"                        # colour-blind-safe colour map
    assert isinstance(ready.areas, pd.DataFrame)
