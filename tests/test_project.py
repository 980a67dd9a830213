"""The project's own files agree with each other."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from kinerja.data.dictionary import render_markdown

ROOT = Path(__file__).resolve().parents[1]


def _pins(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for requirement in requirements:
        name, _, version = requirement.partition("==")
        pins[re.sub(r"\[.*\]", "", name).lower()] = version
    return pins


def _pyproject_pins() -> dict[str, str]:
    """The pins of the dependencies and of every extra (the Makefile installs them all)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return _pins(project["dependencies"] + [requirement for extra in project["optional-dependencies"].values()
                                            for requirement in extra])


def test_environment_yml_pins_the_same_packages_as_pyproject():
    wanted = _pyproject_pins()
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert _pins([line for line in pip_section if not line.startswith("-e")]) == wanted
    assert "-e ." in pip_section


def test_constraints_lock_every_direct_dependency_at_the_pyproject_version():
    wanted = _pyproject_pins()
    lines = [line for line in (ROOT / "constraints.txt").read_text().splitlines() if "==" in line]
    locked = _pins(lines)
    assert {name: locked.get(name) for name in wanted} == wanted


def test_data_dictionary_page_is_generated_from_the_code():
    page = (ROOT / "docs" / "data-dictionary.md").read_text()
    assert page.strip() == render_markdown().strip(), "run: kinerja dictionary > docs/data-dictionary.md"
