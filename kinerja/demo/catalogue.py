"""The demo's catalogues: the YAML files of :mod:`kinerja.demo`, read once.

``organisation.yaml`` (units and roles), ``work.yaml`` (activity descriptions and SKP
indicators), ``services.yaml`` (service types, survey respondents, suggestions and
complaints), ``trainings.yaml``, ``names.yaml``, ``absences.yaml`` (kinds of leave and
travel, how often, notes), ``observations.yaml`` (observers' notes) and ``participation.yaml`` (forum
topics, follow-up actions) hold the demo's literal
tables; the modules that draw from them turn them into the tuples they index. The order of
every list is part of the model: the random draws index into it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kinerja.research.scales import INSTRUMENTS_DIR

FOLDER = Path(__file__).resolve().parent
"""The folder of :mod:`kinerja.demo`, holding its modules and catalogues."""

SURVEY_INSTRUMENT = INSTRUMENTS_DIR / "oreg_rtc.yaml"
"""The instrument the demo's change survey answers: its reverse-keyed items are answered against the trait."""


@cache
def catalogue(name: str) -> dict[str, Any]:
    """The parsed ``<name>.yaml`` of this folder (cached: treat it as read-only)."""
    with (FOLDER / f"{name}.yaml").open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def frozen(value: Any) -> Any:
    """`value` with every list turned into a tuple, recursively (mappings stay mappings)."""
    if isinstance(value, list):
        return tuple(frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: frozen(item) for key, item in value.items()}
    return value


def source_files() -> list[Path]:
    """What the generated data depend on, sorted by name: every source and data file of :mod:`kinerja.demo`,
    and the survey's instrument (`SURVEY_INSTRUMENT`), whose keying decides how the survey is answered."""
    package = [path for path in FOLDER.iterdir()
               if path.is_file() and not path.name.startswith(".") and path.suffix not in (".pyc", ".pyo")]
    return sorted([*package, SURVEY_INSTRUMENT], key=lambda path: path.name)
