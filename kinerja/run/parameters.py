"""The parameters of a run, checked before any kernel starts.

A parameters file is YAML::

    quarter: 2026-Q3          # any accepted form; blank = latest complete quarter in the data
    data: ../data/2026-Q3     # a data folder (relative to this file) or "demo"
    language: id              # id or en
    privacy: leadership       # leadership, internal or research
    engine: duckdb            # duckdb (default) or spark: where the event tables live (docs/scale.md)
    spark_master: local[2]    # with engine spark only: local[N], local[*], spark://host:7077, ...
    kepuasan_masyarakat:      # a section per notebook: its own parameters
      weight: "0.11"

Papermill only warns about a parameter a notebook does not declare; here an
unknown key is an error that lists the valid ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kinerja.core.errors import DataError
from kinerja.core.periods import InvalidQuarter, Quarter
from kinerja.core.privacy import PRIVACY_LEVELS
from kinerja.data.engines import Engine
from kinerja.quarter.selection import DEMO

LANGUAGES = ("id", "en")
COMMON_KEYS = ("quarter", "data", "language", "privacy", "name", "engine", "spark_master")
"""Keys every run has; the runner passes them to every notebook (``name`` names the run; the
engine reaches the notebooks' kernels through environment variables, see :mod:`kinerja.data.engines`)."""
RUNNER_SUPPLIED = ("data", "quarter", "language", "privacy", "output")
"""Notebook parameters the runner sets itself; a notebook section may not set them."""


@dataclass(frozen=True)
class RunParameters:
    """Validated parameters of one run.

    Attributes
    ----------
    data
        ``"demo"`` or an absolute data folder.
    quarter
        The quarter, or None for the latest complete quarter in the data.
    language, privacy
        Report language and privacy level.
    name
        The run's name (its folder under the output folder); None for the quarter.
    engine
        Where the event tables live and the metrics run: the ``engine`` and
        ``spark_master`` keys.
    sections
        Per notebook, the parameters given for it.
    source
        The file read, or None for the built-in defaults.
    """

    data: str = DEMO
    quarter: Quarter | None = None
    language: str = "id"
    privacy: str = "leadership"
    name: str | None = None
    engine: Engine = Engine()
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: Path | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the parameters as plain values, for the manifest."""
        return {"data": self.data, "quarter": None if self.quarter is None else str(self.quarter),
                "language": self.language, "privacy": self.privacy, "name": self.name,
                "engine": self.engine.name, "spark_master": self.engine.spark_master, "sections": self.sections}


def read_parameters(path: str | Path | None, notebooks: dict[str, set[str]]) -> RunParameters:
    """Read and check a parameters file.

    Parameters
    ----------
    path
        A YAML file, or None for the built-in demo with defaults.
    notebooks
        Notebook name -> the parameters its ``parameters`` cell declares.

    Raises
    ------
    DataError
        One sentence naming the file and key: an unknown key (listing the
        valid ones), a bad quarter (listing the accepted forms), a missing data
        folder, a language, privacy level or engine that does not exist, a
        malformed ``spark_master`` or one given without ``engine: spark``.
    """
    if path is None:
        return RunParameters()
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"the parameters file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(f"the parameters file {path} cannot be read: {error}.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise DataError(f"{path.name}{where} is not valid YAML: {getattr(error, 'problem', error)}.") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise DataError(f"{path.name} must hold keys and values (quarter: ..., data: ...), not a {type(raw).__name__}.")
    valid = list(COMMON_KEYS) + sorted(notebooks)
    for key in raw:
        if key not in valid:
            raise DataError(f"{path.name}: unknown key {key!r}; valid keys are {', '.join(valid)}.")
    return RunParameters(
        data=_data(raw.get("data"), path),
        quarter=_quarter(raw.get("quarter"), path),
        language=_choice(raw.get("language", "id"), LANGUAGES, "language", path),
        privacy=_choice(raw.get("privacy", "leadership"), PRIVACY_LEVELS, "privacy", path),
        name=_name(raw.get("name"), path),
        engine=_engine(raw.get("engine", Engine().name), raw.get("spark_master"), path),
        sections={key: _section(key, value, notebooks[key], path) for key, value in raw.items() if key in notebooks},
        source=path.resolve(),
    )


def _data(value: object, path: Path) -> str:
    if value in (None, DEMO):
        return DEMO
    folder = (path.parent / str(value)).expanduser().resolve()
    if not folder.is_dir():
        raise DataError(f"{path.name}: the data folder {value!r} ({folder}) does not exist.")
    return str(folder)


def _quarter(value: object, path: Path) -> Quarter | None:
    if value in (None, ""):
        return None
    try:
        return Quarter.parse(str(value))
    except InvalidQuarter as error:
        raise DataError(f"{path.name}: key 'quarter': {error}") from None


def _choice(value: object, allowed: tuple[str, ...], key: str, path: Path) -> str:
    if value not in allowed:
        raise DataError(f"{path.name}: {key} {value!r} is not one of {', '.join(allowed)}.")
    return str(value)


def _engine(name: object, spark_master: object, path: Path) -> Engine:
    try:
        return Engine(name, spark_master)  # type: ignore[arg-type]
    except DataError as error:
        raise DataError(f"{path.name}: {error}") from None


def _name(value: object, path: Path) -> str | None:
    if value is None:
        return None
    text = str(value)
    if not text or any(ch in text for ch in "/\\:") or text.startswith("."):
        raise DataError(f"{path.name}: name {text!r} must be a plain folder name (no slashes, not starting with a dot).")
    return text


def _section(notebook: str, value: object, declared: set[str], path: Path) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DataError(f"{path.name}: section {notebook!r} must hold the notebook's parameters as keys and values.")
    allowed = sorted(declared - set(RUNNER_SUPPLIED))
    for key in value:
        if key not in allowed:
            raise DataError(f"{path.name}: unknown key {key!r} in section {notebook!r}; valid keys are "
                            f"{', '.join(allowed) or '(none)'}.")
    return dict(value)
