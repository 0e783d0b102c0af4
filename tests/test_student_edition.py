"""The student edition handed out as it is: built by `sedam edition student`, copied to a folder far
from the checkout, and run by a Python that has only the kit's wheel installed (see test_wheel.py for
how the wheel is built and installed). Every notebook must run there, show its figures as images, hold
no model answer, and keep the learner's answers inside the copied folder."""
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from sedamkit import editions
from test_wheel import ROOT, _env, installed  # noqa: F401 — `installed` is the fixture

_RUN = r'''
import json, sys, nbformat
from nbclient import NotebookClient
nb_path, out_path = sys.argv[1], sys.argv[2]
nb = nbformat.read(nb_path, as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": sys.argv[3]}}).execute()
nbformat.write(nb, out_path)
'''


@pytest.fixture(scope="module")
def edition_run(installed, tmp_path_factory):  # noqa: F811
    """Build the edition with the wheel's own `sedam`, unzip it away from the checkout, execute it there."""
    tmp = tmp_path_factory.mktemp("handout")
    env = _env()
    # the kernel the notebooks run in is the fresh venv's Python, nothing else
    kdir = tmp / "jupyter" / "kernels" / "python3"
    kdir.mkdir(parents=True)
    (kdir / "kernel.json").write_text(json.dumps({
        "argv": [str(installed["py"]), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}))
    env.update(JUPYTER_PATH=str(tmp / "jupyter"), JUPYTER_DATA_DIR=str(tmp / "jupyter"),
               IPYTHONDIR=str(tmp / "ipython"), MPLBACKEND="Agg")
    r = subprocess.run([str(installed["venv"] / "bin" / "sedam"), "edition", "student", "--out", str(tmp / "dist" / "student")],
                       capture_output=True, text=True, cwd=tmp, env=env, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    zpath = tmp / "dist" / "student.zip"
    away = tmp / "laptop"
    with zipfile.ZipFile(zpath) as zf:
        zf.extractall(away)
    edition = away / "student"
    assert not str(edition).startswith(str(ROOT))
    executed = {}
    for nb in sorted(edition.rglob("*.ipynb")):
        out = tmp / "executed" / nb.relative_to(edition)
        out.parent.mkdir(parents=True, exist_ok=True)
        r = subprocess.run([str(installed["py"]), "-c", _RUN, str(nb), str(out), str(nb.parent)], capture_output=True,
                           text=True, cwd=nb.parent, env=env, timeout=900)
        executed[str(nb.relative_to(edition))] = (r.returncode, r.stderr[-3000:], out)
    return {"edition": edition, "zip": zpath, "executed": executed, "tmp": tmp, "env": env,
            "sedam": installed["venv"] / "bin" / "sedam"}


def test_the_zip_holds_the_notebooks_the_demo_data_and_a_readme(edition_run):
    names = zipfile.ZipFile(edition_run["zip"]).namelist()
    for f in ("00_start_here.ipynb", "01_necessity_feasibility.ipynb", "06_improvement.ipynb", "README.md",
              "EDITION.json", "datasets/demo/client.yaml", "datasets/demo/data/kano_survey.csv"):
        assert f"student/{f}" in names, f
    assert not [n for n in names if "90_class_results" in n]          # trainers only
    readme = (edition_run["edition"] / "README.md").read_text()
    assert "pip install sedamkit-" in readme and "-py3-none-any.whl" in readme
    assert "jupyter lab" in readme and "answers/" in readme and "sedam hand-in" in readme


def test_every_notebook_runs_from_the_wheel_away_from_the_checkout(edition_run):
    failed = {k: err for k, (rc, err, _) in edition_run["executed"].items() if rc != 0}
    assert len(edition_run["executed"]) >= 7
    assert not failed, "\n\n".join(f"{k}:\n{v}" for k, v in failed.items())


def test_every_figure_is_an_image_and_none_is_text(edition_run):
    shown = 0
    for name, (rc, _, out) in edition_run["executed"].items():
        if rc != 0:
            continue
        nb = json.loads(out.read_text())
        for cell in nb["cells"]:
            for o in cell.get("outputs", []):
                data = o.get("data", {})
                text = "".join(data.get("text/plain", "")) + "".join(o.get("text", ""))
                # a figure's output carries a text/plain fallback beside its image/png: only text alone is wrong
                assert "<Figure size" not in text or "image/png" in data, f"{name}: a figure shown as text"
                shown += "image/png" in data
        if name.startswith(("01_", "02_", "04_", "05_", "06_")):
            assert any("image/png" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", [])), \
                f"{name}: no figure at all"
    assert shown >= 5


def test_the_handed_out_notebooks_hold_no_model_answer(edition_run):
    probs = editions.find_model_answers(edition_run["edition"])
    assert not probs, "\n".join(map(str, probs.items))
    for _, (rc, _, out) in edition_run["executed"].items():    # nor do they once run
        assert '"solution"' not in out.read_text()


def test_answers_stay_in_the_copied_folder(edition_run):
    edition = edition_run["edition"]
    saved = list((edition / "answers").rglob("*.json"))
    assert saved, "no answers were kept in the edition folder"
    assert (edition / "runs").is_dir()                    # results of the session, also kept there
    assert not (edition / "app" / "answers").exists()     # app/ pages save beside the stages, not in app/


def test_the_learner_hands_in_from_the_copied_folder_and_the_class_reads_it(edition_run):
    edition, env, sedam = edition_run["edition"], edition_run["env"], str(edition_run["sedam"])
    r = subprocess.run([sedam, "hand-in", "--name", "Zoë Learner"], capture_output=True, text=True, cwd=edition,
                       env=env, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stdout + r.stderr + str(sorted(p.relative_to(edition) for p in (edition / "answers").rglob("*")))
    z = next((edition / "hand-in").glob("*.zip"))
    names = zipfile.ZipFile(z).namelist()
    assert any(n.endswith("/exercises.json") for n in names) and any(n.endswith("/manifest.json") for n in names)
    assert not any(n.endswith(("/ceo.json", "/cfo.json")) for n in names)      # the demo team's copies stay out
    klass = edition_run["tmp"] / "class"
    klass.mkdir()
    shutil.copy(z, klass)
    r = subprocess.run([sedam, "class", str(klass), "--real-names", "--out", str(edition_run["tmp"] / "class-out")],
                       capture_output=True, text=True, cwd=edition_run["tmp"], env=env)
    assert r.returncode == 0, r.stderr
    assert "Zoë Learner" in r.stdout and (edition_run["tmp"] / "class-out" / "class.html").is_file()
