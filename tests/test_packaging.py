"""Packaging: environment.yml matches pyproject.toml; importing sedamkit stays light."""
import re
import subprocess
import sys
import tomllib

import yaml


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_what_pyproject_needs(root):
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    needed = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"]:
        needed |= {_name(r) for r in project["optional-dependencies"][extra]}
    env = yaml.safe_load((root / "environment.yml").read_text())
    deps = env["dependencies"]
    conda = {_name(d) for d in deps if isinstance(d, str)}
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    assert "python=3.11" in deps
    assert needed - conda == set(), f"add to environment.yml: {sorted(needed - conda)}"
    assert conda - needed - {"python", "pip"} == set(), "environment.yml lists packages pyproject does not"
    assert "-e ." in pip


def test_import_is_light():
    code = ("import sys, sedamkit as sk; sk.model; sk.spec.load_spec('necessity_feasibility'); "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'papermill') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


#: the user-interface modules; every other module is logic that works without widgets
UI_MODULES = {"forms.py", "editors.py", "app.py"}


def test_only_ui_modules_import_ipywidgets(root):
    for p in (root / "sedamkit").glob("*.py"):
        if p.name not in UI_MODULES:
            assert "import ipywidgets" not in p.read_text(), p.name


def test_readme_commands_are_the_ci_commands(root):
    readme = (root / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (root / ".ci/run").read_text()


def test_the_pdf_and_word_libraries_are_dependencies_everywhere(root):
    """report.pdf (WeasyPrint, offline) and report.docx (python-docx) need them in every install path."""
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    core = {_name(r) for r in project["dependencies"]}
    assert {"weasyprint", "python-docx"} <= core
    pinned = {_name(line) for line in (root / "constraints.txt").read_text().splitlines()
              if line and not line.startswith("#")}
    assert {"weasyprint", "python-docx"} <= pinned
