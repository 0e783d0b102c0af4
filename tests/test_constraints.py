"""The tested set of versions: constraints.txt pins every dependency pyproject.toml names (core and
every extra) at a version inside pyproject's range, and make installs through it."""
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _pins() -> dict:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not a 'name==version' pin"
            pins[canonicalize_name(name)] = version
    return pins


def _requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in project.get("optional-dependencies", {}).values():
        reqs += [Requirement(r) for r in extra]
    return reqs


def test_every_dependency_is_pinned_inside_its_range():
    pins = _pins()
    problems = []
    for req in _requirements():
        name = canonicalize_name(req.name)
        if name not in pins:
            problems.append(f"{req.name}: not pinned in constraints.txt (run 'make constraints')")
        elif not req.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{req.name}: pinned {pins[name]} is outside pyproject's range {req.specifier}")
    assert not problems, "\n".join(problems)


def test_make_installs_through_the_constraints():
    make = (ROOT / "Makefile").read_text()
    pip_line = next(line for line in make.splitlines() if re.match(r"PIP\s*:=", line))
    assert "-c constraints.txt" in pip_line


def test_make_lab_runs_as_root():
    make = (ROOT / "Makefile").read_text()
    assert "--allow-root" in make and "$(LAB_FLAGS)" in make
