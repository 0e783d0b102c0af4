"""The figures the client report shows: drawn for every client in ``datasets/``, their text never spills
out of the figure, never collides with other text on the same Axes (issue #12), and is in the client's
language (issue #14).

The figures are made the way a run makes them: the code cells of the stage notebooks 01–06 are executed in
batch mode (as papermill does, without a kernel), each ``ctx.save_figure(...)`` call is caught, and each
caught figure is drawn on an Agg canvas and measured.
"""
from __future__ import annotations

import contextlib
import io
import json
import shutil

import pytest

from sedamkit.core import paths

#: The notebooks whose figures the report shows.
NOTEBOOKS = ["01_necessity_feasibility", "02_daap", "03_application", "04_customer_experience",
             "05_evaluation", "06_improvement"]
#: The figures the report shows (names given to ``ctx.save_figure``, with the stage prefix).
REPORT_FIGURES = {"01_readiness_radar", "01_respondent_heatmap", "02_timeline", "02_risk_matrix",
                  "03_coverage", "04_kano_better_worse", "04_emotion_curve", "04_ipa", "04_nps_trend",
                  "04_csat_trend", "04_ces_trend", "05_kpi_dashboard", "05_regions", "05_approach_ratings",
                  "06_impact_effort"}
#: Figures the notebooks show besides, whose fixed text is in the client's language too.
TRANSLATED = REPORT_FIGURES | {"02_principles", "04_kano_continuous", "04_co_creation", "04_sentiment"}
CLIENTS = [("demo", None), ("demo", "fr"), ("hopitaux-estuaire", None), ("brightlane", None)]
#: Pixels of tolerance at the figure's edge, and the overlap area (px²) two texts may share.
EDGE, OVERLAP = 1.0, 4.0


def _run_notebooks(client_dir, out, language):
    """Execute the stage notebooks' code cells in order; return ``{figure name: Figure}``."""
    import nbformat

    from sedamkit.core.errors import SedamError
    from sedamkit.delivery.runner import plan_stages
    from sedamkit.core.config import load_client
    from sedamkit.methods import plots
    from sedamkit.stages import REGISTRY

    client = load_client(client_dir, stage_ids=REGISTRY)
    running = {st.id for st, skip in plan_stages(client, REGISTRY) if skip is None}
    caught = {}
    original = plots.save_figure

    def catch(fig_or_ax, output_dir, name, formats=None):
        caught[name] = getattr(fig_or_ax, "figure", fig_or_ax)
        return []

    plots.save_figure = catch
    try:
        for nb_name in NOTEBOOKS:
            if nb_name not in running:
                continue
            nb = nbformat.read(paths.notebooks_dir() / f"{nb_name}.ipynb", as_version=4)
            ns = {}
            for cell in nb.cells:
                if cell.cell_type != "code":
                    continue
                src = cell.source
                if "tags" in cell.metadata and "parameters" in cell.metadata["tags"]:
                    src += (f"\nclient_dir = {str(client_dir)!r}\nanswers_dir = {str(client_dir / 'answers')!r}"
                            f"\noutput_dir = {str(out)!r}\ninteractive = False\nlanguage = {language!r}\n")
                with contextlib.redirect_stdout(io.StringIO()):
                    try:
                        exec(compile(src, f"{nb_name}.ipynb", "exec"), ns)
                    except SedamError as e:  # an exercise check may refuse; the figures do not depend on it
                        if "check(" not in src:
                            raise AssertionError(f"{nb_name}: {e}\n{src}") from e
    finally:
        plots.save_figure = original
    return caught


@pytest.fixture(scope="module")
def figures(tmp_path_factory, root):
    """``{(client, language): {figure name: Figure}}`` for every client."""
    done = {}
    for cid, language in CLIENTS:
        base = tmp_path_factory.mktemp(f"fig-{cid}")
        client_dir = base / cid
        shutil.copytree(root / "datasets" / cid, client_dir)
        out = base / "run"
        out.mkdir()
        done[(cid, language)] = _run_notebooks(client_dir, out, language)
    return done


def _texts(fig):
    """Visible, non-empty texts matplotlib draws in ``fig``: ``(Axes or None, Text, pixel box)``.

    Per Axes: titles, axis labels, the tick labels drawn (those inside the view), texts and annotations,
    legend texts and title; for the figure: its texts, suptitle and legends.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []

    seen = set()

    def add(owner, items):
        for t in items:
            if t is not None and id(t) not in seen and t.get_visible() and t.get_text().strip():
                seen.add(id(t))
                found.append((owner, t, t.get_window_extent(renderer)))

    def legend_texts(leg):
        return [] if leg is None or not leg.get_visible() else [*leg.get_texts(), leg.get_title()]

    for ax in fig.axes:
        if not ax.get_visible():
            continue
        items = [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts,
                 *legend_texts(ax.get_legend())]
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis._update_ticks():
                items += [tick.label1, tick.label2]
        add(ax, items)
    add(None, [*fig.texts, getattr(fig, "_suptitle", None), *(x for leg in fig.legends for x in legend_texts(leg))])
    return found


def _quad(t, box, renderer):
    """The four corners (pixels) of ``t``'s box as drawn, rotated with the text: a rotated label's
    axis-aligned extent is far larger than the label, so two slanted neighbours would seem to overlap."""
    import math

    angle = t.get_rotation() % 360
    if angle % 90 == 0:
        return [(box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)]
    t.set_rotation(0)
    flat = t.get_window_extent(renderer)
    t.set_rotation(angle)
    w, h, a = flat.width, flat.height, math.radians(angle)
    u, v = (math.cos(a), math.sin(a)), (-math.sin(a), math.cos(a))
    pts = [(0, 0), (w * u[0], w * u[1]), (w * u[0] + h * v[0], w * u[1] + h * v[1]), (h * v[0], h * v[1])]
    dx, dy = box.x0 - min(x for x, _ in pts), box.y0 - min(y for _, y in pts)
    return [(x + dx, y + dy) for x, y in pts]


def _area(poly):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]))) / 2


def _overlap(p, q):
    """Area shared by two convex polygons (Sutherland–Hodgman clipping of ``p`` by ``q``)."""
    def ccw(poly):
        s = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]))
        return poly if s >= 0 else poly[::-1]

    out, q = ccw(p), ccw(q)
    for (ax, ay), (bx, by) in zip(q, q[1:] + q[:1]):
        inside = lambda pt: (bx - ax) * (pt[1] - ay) - (by - ay) * (pt[0] - ax) >= 0
        pts, out = out, []
        for i, cur in enumerate(pts):
            prev = pts[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(_cross(prev, cur, (ax, ay), (bx, by)))
                out.append(cur)
            elif inside(prev):
                out.append(_cross(prev, cur, (ax, ay), (bx, by)))
        if not out:
            return 0.0
    return _area(out)


def _cross(p1, p2, a, b):
    (x1, y1), (x2, y2), (x3, y3), (x4, y4) = p1, p2, a, b
    d = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
    if d == 0:
        return p2
    k = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / d
    return (x1 + k * (x2 - x1), y1 + k * (y2 - y1))


def _problems(fig):
    """What is wrong with the text of ``fig``: texts spilling out of it, texts of one Axes overlapping."""
    W, H = fig.bbox.width, fig.bbox.height
    texts = _texts(fig)
    renderer = fig.canvas.get_renderer()
    out = []
    for ax, t, b in texts:
        if b.x0 < -EDGE or b.y0 < -EDGE or b.x1 > W + EDGE or b.y1 > H + EDGE:
            out.append(f"spills out of the figure: {t.get_text()!r} {tuple(round(v) for v in b.extents)} in {W:.0f}x{H:.0f}")
    quads = [_quad(t, b, renderer) for _, t, b in texts]
    for i, (ax, t, b) in enumerate(texts):
        for j in range(i + 1, len(texts)):
            ax2, t2, b2 = texts[j]
            if ax is not ax2 or not b.overlaps(b2):
                continue
            shared = _overlap(quads[i], quads[j])
            if shared > OVERLAP:
                out.append(f"overlap {shared:.0f} px²: {t.get_text()!r} and {t2.get_text()!r}")
    return out


@pytest.mark.parametrize("client", CLIENTS, ids=[f"{c}-{lang or 'own'}" for c, lang in CLIENTS])
def test_report_figures_have_no_spilling_or_colliding_labels(figures, client):
    figs = figures[client]
    shown = REPORT_FIGURES & set(figs)
    assert {"01_readiness_radar", "02_timeline"} <= shown, sorted(figs)
    bad = {name: _problems(figs[name]) for name in sorted(shown)}
    bad = {k: v for k, v in bad.items() if v}
    assert not bad, json.dumps(bad, indent=1, ensure_ascii=False)


def test_the_checker_sees_collisions_and_spills_but_not_slanted_neighbours():
    from sedamkit.methods.plots import new_figure

    fig = new_figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, "one label here")
    ax.text(0.52, 0.5, "another label")
    ax.text(-0.5, 0.5, "far out to the left", transform=ax.transAxes)
    problems = _problems(fig)
    assert any("overlap" in p and "another label" in p for p in problems), problems
    assert any("spills" in p and "far out" in p for p in problems), problems

    fig = new_figure(figsize=(6, 3))
    ax = fig.add_subplot()
    ax.set_xticks(range(8), [f"a long tick label {i}" for i in range(8)], rotation=40, ha="right")
    assert _problems(fig) == []


def _english_fragments():
    """The fixed parts (placeholders cut out) of each English text of ``ui_fig.yaml`` that French writes
    otherwise: none may be drawn in a French figure."""
    import re

    import yaml

    i18n = paths.notebooks_dir().parent / "data" / "i18n"
    cat = yaml.safe_load((i18n / "ui_fig.yaml").read_text(encoding="utf-8"))
    kit = yaml.safe_load((i18n / "ui_kitfr.yaml").read_text(encoding="utf-8"))
    cat.update({k: v for k, v in kit.items() if k.startswith("kfr.fig.")})
    french = " ".join(v["fr"] for v in cat.values()).lower()
    frags = set()
    for v in cat.values():
        if v["en"] == v["fr"]:
            continue
        for part in re.split(r"\{[^}]*\}", v["en"]):
            part = part.strip(" |:;").lower()
            if len(part) >= 4 and part not in french:
                frags.add(part)
    return frags


@pytest.mark.parametrize("client", [("hopitaux-estuaire", None), ("demo", "fr")], ids=["hopitaux-estuaire", "demo-fr"])
def test_french_figures_draw_no_english_fixed_text(figures, client):
    frags = _english_fragments()
    assert {"target", "mean rating", "quick wins (do first)"} <= frags
    found = {}
    for name in sorted(TRANSLATED & set(figures[client])):
        for _, t, _ in _texts(figures[client][name]):
            text = t.get_text().lower()
            hits = sorted(f for f in frags if f in text)
            if hits:
                found.setdefault(name, []).append((t.get_text(), hits))
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("client", [("hopitaux-estuaire", None), ("demo", "fr")], ids=["hopitaux-estuaire", "demo-fr"])
def test_french_kpi_titles_are_wrapped_not_cut(figures, client):
    """The dashboard's panel titles hold the whole French KPI name on up to two lines (issue #14)."""
    fig = figures[client]["05_kpi_dashboard"]
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible() and ax.get_title(loc="left")]
    assert titles
    assert all(t.count("\n") <= 1 and "…" not in t for t in titles), titles
    assert any("\n" in t for t in titles), titles                  # French names are long: some wrap
