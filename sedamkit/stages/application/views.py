"""Stage 03 views and files: the coverage plot, the runner's input check, where the assessment
lives (the working-copy rule) and the plan input of the notebook."""
from __future__ import annotations

from pathlib import Path

from ...core.errors import SedamError
from ...core.paths import working_copy, working_source
from .assessment import ELEMENT_IDS, load_assessment, new_assessment, planned_by_element, validate_assessment
from .assessment import DEMO_APPLICATION  # noqa: F401  (doctests)

__all__ = ['plot_coverage', 'validate_client_inputs', 'WORKING_ASSESSMENT', 'working_assessment_path', 'assessment_source', 'resolve_assessment_path', 'plan_input', 'planned_frame']


# --------------------------------------------------------------------------- plot
def _kit_name(kind, key, name, language):
    """The kit's own English name of a maturity level or dimension in ``language``; a name the client
    changed is drawn as written."""
    from ...core.i18n import catalogue, t

    k = f"fig.{kind}.{key}"
    return t(k, language) if k in catalogue() and name == t(k, "en") else name


def plot_coverage(coverage, *, ax=None, title=None, language="en"):
    """Coverage grid: the nine elements as columns grouped by the four dimensions; rows are
    approaches in use, approaches planned and maturity.

    Count cells are shaded by count and print the number (an empty count is dotted); maturity cells
    use the traffic-light colours *and* hatches (0–1 bad, 2 warn, 3–4 good) and print the level
    name. Gap elements are outlined in bold and marked "gap". Fixed text is in ``language`` (``ui_fig.yaml``).

    Parameters
    ----------
    coverage : pandas.DataFrame
        Output of :func:`coverage_table`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Rectangle

    from ...core.i18n import t
    from ...core.model import DIMENSIONS
    from ...methods.plots import PALETTE, STATUS_COLOURS, STATUS_HATCHES, get_ax

    cov = coverage.reset_index(drop=True)
    ax = get_ax(ax, figsize=(11, 4.2))
    n = len(cov)
    rows = [(t("fig.coverage.in_use", language), "n_in_use"), (t("fig.coverage.planned", language), "n_planned"),
            (t("fig.coverage.maturity", language), "maturity")]
    top = max(int(cov[["n_in_use", "n_planned"]].to_numpy().max()), 1)
    for j, r in enumerate(cov.itertuples()):
        for i, (label, col) in enumerate(rows):
            y = len(rows) - 1 - i
            v = int(getattr(r, col))
            if col == "maturity":
                st = "bad" if v <= 1 else "warn" if v == 2 else "good"
                ax.add_patch(Rectangle((j, y), 1, 1, facecolor=STATUS_COLOURS[st], alpha=0.45,
                                       hatch=STATUS_HATCHES[st], edgecolor="white", linewidth=2))
                ax.text(j + 0.5, y + 0.5, f"{v}\n{_kit_name('maturity', v, r.maturity_name, language)}", ha="center", va="center", fontsize=8)
            else:
                colour = PALETTE[0] if col == "n_in_use" else PALETTE[1]
                cell = Rectangle((j, y), 1, 1, facecolor=colour if v else "white",
                                 alpha=0.12 + 0.6 * v / top if v else 1.0, hatch="" if v else "..",
                                 edgecolor="white", linewidth=2)
                if not v and hasattr(cell, "set_hatchcolor"):
                    cell.set_hatchcolor("#bbbbbb")
                ax.add_patch(cell)
                ax.text(j + 0.5, y + 0.5, str(v), ha="center", va="center", fontsize=10,
                        weight="bold" if v else "normal", color="black" if v else "#777777")
        if bool(getattr(r, "is_gap", False)):
            ax.add_patch(Rectangle((j + 0.03, 0.03), 0.94, len(rows) - 0.06, fill=False, edgecolor="#000000",
                                   linewidth=2))
    # dimension headers
    for d in DIMENSIONS:
        idx = [j for j, r in enumerate(cov.itertuples()) if r.dimension == d.id]
        if not idx:
            continue
        x0, x1 = min(idx), max(idx) + 1
        ax.plot([x0 + 0.05, x1 - 0.05], [len(rows) + 0.15] * 2, color="#333333", linewidth=1.5)
        ax.text((x0 + x1) / 2, len(rows) + 0.25, f"{d.id} {_kit_name('dimension', d.id, d.name, language)}", ha="center", va="bottom", fontsize=7.5,
                wrap=True)
        if x0 > 0:
            ax.axvline(x0, color="#333333", linewidth=1)
    ax.set_xlim(0, n)
    ax.set_ylim(0, len(rows) + 0.8)
    ax.set_xticks([j + 0.5 for j in range(n)])
    ax.set_xticklabels([f"{r.element}" + ("\n" + t("fig.coverage.gap", language) if bool(getattr(r, "is_gap", False)) else "")
                        for r in cov.itertuples()], fontsize=9)
    ax.tick_params(axis="x", length=0, pad=3)
    ax.set_yticks([len(rows) - 1 - i + 0.5 for i in range(len(rows))])
    ax.set_yticklabels([lab for lab, _ in rows], fontsize=9)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_title(title or t("fig.coverage.title", language), fontsize=10)
    return ax


def validate_client_inputs(client: dict, stage_ids=None) -> None:
    """Runner hook: when stage 03 is selected, load and validate the client's assessment file.

    ``client`` is a loaded client config (``dir``, optional ``application`` file name, default
    ``application.yaml``). Raises the assessment's :class:`SedamError` (``APP000`` when missing).
    """
    if stage_ids is not None and "03_application" not in stage_ids:
        return
    cdir = Path(client["dir"])
    load_assessment(assessment_source(cdir / (client.get("application") or "application.yaml"), cdir / "answers"))


# --------------------------------------------------------------------------- where the assessment lives
#: Folder (under the answers folder) and file name of the assessment's working copy.
WORKING_ASSESSMENT = Path("03_application") / "application.yaml"


def working_assessment_path(answers_dir) -> Path:
    """Where the assessment's working copy lives: ``<answers_dir>/03_application/application.yaml``."""
    return Path(answers_dir) / WORKING_ASSESSMENT


def assessment_source(client_file, answers_dir) -> Path:
    """The assessment file a batch run reads: the working copy when it exists, else the client's file."""
    return working_source(client_file, working_assessment_path(answers_dir))


def resolve_assessment_path(client_file, answers_dir, interactive: bool, *, client_name=None) -> Path:
    """The assessment file stage 03 reads and the editor saves to — the same working-copy rule as
    the plan (:func:`sedamkit.stages.daap.api.resolve_plan_path`).

    Interactive: ``<answers_dir>/03_application/application.yaml``, copied once from the client's
    file (or a blank assessment when the client has none) and never replaced; refused inside the
    read-only demo folder (``APP009``). Batch: the working copy when present, else the client's
    file; nothing is written.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> resolve_assessment_path(DEMO_APPLICATION, d, False) == DEMO_APPLICATION
    True
    >>> resolve_assessment_path(DEMO_APPLICATION, d, True).relative_to(d).as_posix()
    '03_application/application.yaml'
    """
    import yaml

    def blank():
        return yaml.safe_dump(new_assessment(client_name), sort_keys=False, allow_unicode=True)

    return working_copy(client_file, working_assessment_path(answers_dir), interactive, validate=load_assessment,
                        blank=blank, exists_code="APP008", demo_code="APP009")


def plan_input(ctx):
    """Stage 02's result for a stage-03 run, and where it came from.

    Returns ``(plan_result, source)``: the ``data`` of ``02_daap`` in the run's output folder
    (``source = "result"``); when stage 02 has not been run into this folder, the stage-02 result
    computed from the plan file stage 02 would read (working copy, else the client's plan; ``source``
    is then ``"plan file <path>"``); ``(None, "none")`` when there is no plan at all.
    """
    from ..daap import api as _plan

    try:
        return ctx.read_result("02_daap"), "result"
    except SedamError as e:
        if e.codes != ["RES001"]:
            raise
    path = _plan.plan_source(ctx.client_file("plan", "plan.yaml"), ctx.answers_dir)
    if not path.is_file():
        return None, "none"
    return _plan.stage_result(_plan.load_plan(path), plan_file=path), f"plan file {path}"


def planned_frame(plan=None, assessment=None):
    """The plan's approaches per element, next to what is in use.

    Returns
    -------
    pandas.DataFrame
        One row per element: ``element``, ``planned`` (all approach ids the plan brings, comma-separated),
        ``already_in_use`` (those of them already in use — they do not count as planned), and
        ``n_new`` (planned and not in use). ``already_in_use`` is empty without an assessment.
    """
    import pandas as pd

    planned = planned_by_element(plan)
    in_use = {el: [] for el in ELEMENT_IDS}
    if assessment is not None:
        a = validate_assessment(assessment)
        in_use = {el: a["elements"][el]["in_use"] for el in ELEMENT_IDS}
    rows = [{"element": el, "planned": ", ".join(planned[el]),
             "already_in_use": ", ".join(x for x in planned[el] if x in in_use[el]),
             "n_new": sum(1 for x in planned[el] if x not in in_use[el])} for el in ELEMENT_IDS]
    return pd.DataFrame(rows, columns=["element", "planned", "already_in_use", "n_new"])
