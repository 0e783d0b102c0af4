"""Every stage notebook 00–07, already executed, opened in JupyterLab in Debian's Chromium: its figures are
rendered as images, as many as the notebook holds, and a screenshot of each lands in ``test-output/lab/``.

The notebooks are executed first with papermill in batch mode on the demo (outputs kept, into a tmp folder),
then a JupyterLab server (``--allow-root`` when run as root; offline; every request that would leave the machine
is blocked and recorded, see tests/browser_support.py) opens each one without running it. The count of
``<img>`` elements in the rendered output areas must equal the count of image outputs the notebook holds (each
figure cell shows one, a few show several); no output shows ``<Figure size`` as text.
"""
from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from browser_support import ROOT, WAIT_MS, LabServer, jupyter_env, lab_settings, log_tail, open_page, require_browser_stack

pytestmark = pytest.mark.browser

STAGES = ["00_start_here", "01_necessity_feasibility", "02_daap", "03_application", "04_customer_experience",
          "05_evaluation", "06_improvement", "07_design_project"]
SHOTS = ROOT / "test-output" / "lab"


def _images(nb) -> int:
    return sum("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {})
               for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The stage notebooks run in batch mode on the demo, one after another (a stage reads the one before)."""
    import papermill

    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    root.mkdir()
    results = tmp / "results"
    for stem in STAGES:
        papermill.execute_notebook(str(ROOT / "notebooks" / f"{stem}.ipynb"), str(root / f"{stem}.ipynb"),
                                   parameters={"interactive": False, "output_dir": str(results)},
                                   kernel_name="python3", cwd=str(root), progress_bar=False, execution_timeout=600)
    return tmp, root


def test_the_executed_notebooks_hold_figures_as_images_only(executed):
    _, root = executed
    for stem in STAGES:
        nb = nbformat.read(root / f"{stem}.ipynb", as_version=4)
        text = json.dumps([o for c in nb.cells for o in c.get("outputs", []) if "image/png" not in o.get("data", {})])
        assert "<Figure size" not in text, stem
        if stem not in ("00_start_here", "07_design_project"):
            assert _images(nb) > 0, stem


def test_jupyterlab_renders_every_figure_of_every_stage_notebook(executed):
    require_browser_stack("jupyterlab")
    from playwright.sync_api import sync_playwright

    tmp, root = executed
    env = jupyter_env(tmp)
    lab_settings(tmp / "jupyter_config_dir")
    log = tmp / "lab.log"
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    server = LabServer(root, env, log)
    counts = {}
    try:
        server.wait(timeout=90)
        with sync_playwright() as pw:
            browser, context, guard, page = open_page(pw)
            page.set_viewport_size({"width": 1280, "height": 1000})
            for stem in STAGES:
                want = _images(nbformat.read(root / f"{stem}.ipynb", as_version=4))
                # a workspace of its own, reset, so JupyterLab shows this notebook and restores no other
                page.goto(f"{server.base_url}lab/workspaces/{stem}/tree/{stem}.ipynb?reset&token={server.TOKEN}")
                page.wait_for_function(
                    "p => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
                    " return !!w && !!w.context && w.context.path === p && !!w.node.querySelector('.jp-Cell'); }",
                    arg=f"{stem}.ipynb", timeout=WAIT_MS)
                # wait until every image output is in the page (a loaded machine renders slowly); never a sleep
                page.wait_for_function(
                    "n => { const w = window.jupyterapp.shell.currentWidget;"
                    " const imgs = w.node.querySelectorAll('.jp-OutputArea-output img');"
                    " return imgs.length >= n && [...imgs].every(i => i.complete && i.naturalWidth > 0); }",
                    arg=want, timeout=WAIT_MS)
                got = page.evaluate("() => window.jupyterapp.shell.currentWidget.node"
                                    ".querySelectorAll('.jp-OutputArea-output img').length")
                counts[stem] = (got, want)
                page.screenshot(path=str(SHOTS / f"{stem}.png"), full_page=False)
                if want:  # a second shot at the first figure, to look at
                    page.evaluate("() => window.jupyterapp.shell.currentWidget.node"
                                  ".querySelector('.jp-OutputArea-output img').scrollIntoView({block: 'start'})")
                    page.wait_for_function("() => { const i = window.jupyterapp.shell.currentWidget.node"
                                           ".querySelector('.jp-OutputArea-output img').getBoundingClientRect();"
                                           " return i.top >= 0 && i.top < window.innerHeight; }")
                    page.screenshot(path=str(SHOTS / f"{stem}_figure.png"), full_page=False)
            context.close()
            browser.close()
        print("screenshots:", SHOTS, counts)
        assert all(got == want for got, want in counts.values()), counts
        assert sum(w for _, w in counts.values()) >= 10
        assert guard.blocked == [], f"requests that would have left the machine: {guard.blocked}"
    except BaseException:
        print(log_tail(log))
        raise
    finally:
        server.stop()
