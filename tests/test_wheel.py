"""The kit as someone who does `pip install` gets it: a wheel built from the project, installed into a
fresh virtual environment, run from an empty folder away from the checkout.

The fresh environment borrows the test environment's third-party packages through a .pth file (the
tests run offline, so nothing is downloaded), but not sedamkit itself: the package, its notebooks and
its demo client must all come from the wheel.
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _tracked_copy(dest: Path) -> Path:
    """The project's files as a fresh clone has them (no venv, no build leftovers)."""
    try:
        files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        names = [n for n in files.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()
                 and not {".venv", ".git", "runs", "build", "dist"} & set(p.relative_to(ROOT).parts)]
    for n in names:
        src, out = ROOT / n, dest / n
        out.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), out)
        elif src.is_file():
            shutil.copy2(src, out)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    src = _tracked_copy(tmp / "src")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                        "-q", "-w", str(tmp / "dist"), str(src)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    wheel = next((tmp / "dist").glob("sedamkit-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "_sedam_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    r = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q",
                        str(wheel)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return {"wheel": wheel, "venv": venv, "py": py, "site": site, "tmp": tmp}


def _env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEDAM_", "PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    return env


def test_the_wheel_carries_the_notebooks_and_the_demo(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    for nb in ("00_start_here", "01_necessity_feasibility", "02_daap", "03_application", "04_customer_experience",
               "05_evaluation", "06_improvement", "90_class_results"):
        assert f"sedamkit/notebooks/{nb}.ipynb" in names
    assert "sedamkit/notebooks/app/01_self_assessment.ipynb" in names
    for f in ("client.yaml", "plan.yaml", "application.yaml", "journey.yaml", "data/kano_survey.csv",
              "answers/01_necessity_feasibility/ceo.json"):
        assert f"sedamkit/datasets/demo/{f}" in names
    assert "sedamkit/data/error_codes.yaml" in names


def test_a_client_runs_end_to_end_from_an_empty_folder(installed):
    work = installed["tmp"] / "empty"
    work.mkdir()
    env = _env()
    bin_ = installed["venv"] / "bin"
    where = subprocess.run([str(installed["py"]), "-c", "import sedamkit.core.paths as p; print(p.PACKAGE_DIR);"
                            " print(p.demo_dir())"], capture_output=True, text=True, cwd=work, env=env, check=True)
    pkg, demo = (Path(x) for x in where.stdout.split())
    assert installed["site"] in pkg.parents and not str(pkg).startswith(str(ROOT))   # not the checkout
    r = subprocess.run([str(bin_ / "sedam"), "new-client", "Wheel Test"], capture_output=True, text=True,
                       cwd=work, env=env)
    assert r.returncode == 0, r.stderr
    client = work / "clients" / "wheel-test"
    assert (client / "client.yaml").is_file()
    for p in demo.rglob("*"):              # the demo's files copied in, its config renamed
        if p.is_file() and p.name != "client.yaml":
            out = client / p.relative_to(demo)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, out)
    cfg = yaml.safe_load((demo / "client.yaml").read_text())
    cfg.update(name="Wheel Test", id="wheel-test")
    (client / "client.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True))
    r = subprocess.run([str(bin_ / "sedam"), "run", "clients/wheel-test", "-q", "--no-pdf"], capture_output=True,
                       text=True, cwd=work, env=env, timeout=900)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    run_dir = next((work / "runs" / "wheel-test").iterdir())
    manifest = json.loads((run_dir / "run.json").read_text())
    assert [s["stage"] for s in manifest["stages"]] == ["01_necessity_feasibility", "02_daap", "03_application",
                                                        "04_customer_experience", "05_evaluation", "06_improvement"]
    assert all(s["status"] == "ok" for s in manifest["stages"]) and manifest["status"] == "ok"
    assert len(list((run_dir / "results").glob("*.json"))) == 6 and (run_dir / "report.html").is_file()
    assert "Wheel Test" in (run_dir / "report.html").read_text()


def test_a_run_with_no_stage_to_run_is_an_error_not_done(installed):
    work = installed["tmp"] / "nothing"
    work.mkdir()
    env = _env()
    bin_ = installed["venv"] / "bin"
    subprocess.run([str(bin_ / "sedam"), "new-client", "Empty One"], capture_output=True, cwd=work, env=env, check=True)
    cfg = work / "clients" / "empty-one" / "client.yaml"
    cfg.write_text(cfg.read_text().replace("stages: all", "stages: []") if "stages: all" in cfg.read_text()
                   else cfg.read_text() + "\nstages: []\n")
    r = subprocess.run([str(bin_ / "sedam"), "run", "clients/empty-one", "-q", "--no-pdf"], capture_output=True,
                       text=True, cwd=work, env=env)
    assert r.returncode == 1 and "RUN004" in r.stderr and "Done" not in r.stdout
    assert not (work / "runs").exists()
