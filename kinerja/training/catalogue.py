"""The catalogue of training programs: which programs exist, and which features call for each.

Evaluators edit ``parameters/training_catalogue.yaml``, not the code;
:func:`load_catalogue` reads it and checks it against a pydantic model of
the file, so that a mistake is one sentence naming the file and the key
(``training_catalogue.yaml: key 'programs.manajemen_waktu.jp' must be a
number greater than 0 (the program's length in JP), not 'dua'.``) before
any cluster is described.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, get_args

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from kinerja.core.errors import DataError
from kinerja.training.features import FEATURE_NAMES

__all__ = ["CATALOGUE_PATH", "Catalogue", "Program", "load_catalogue"]

CATALOGUE_PATH = Path(__file__).resolve().parents[2] / "parameters" / "training_catalogue.yaml"
"""The catalogue of programs read by :func:`load_catalogue` by default."""


@dataclass(frozen=True)
class Program:
    """A training program of the catalogue.

    Attributes
    ----------
    code
        Identifier (``manajemen_waktu``).
    name
        Name shown in reports and lists ("Manajemen Waktu").
    description
        What it teaches, one sentence.
    jp
        Length in JP, when known.
    low, high
        Features whose low (z <= -threshold) or high (z >= threshold) value
        calls for the program; any one suffices.
    threshold
        The z-score threshold (positive).
    """

    code: str
    name: str
    description: str
    jp: float | None
    low: tuple[str, ...]
    high: tuple[str, ...]
    threshold: float

    def triggered_by(self, z: Mapping[str, float]) -> list[tuple[str, str, float]]:
        """The (feature, "low"/"high", z) of ``z`` that call for the program."""
        known = {name: float(value) for name, value in z.items() if not math.isnan(value)}
        found = [(f, "low", known[f]) for f in self.low if f in known and known[f] <= -self.threshold]
        found += [(f, "high", known[f]) for f in self.high if f in known and known[f] >= self.threshold]
        return found


@dataclass(frozen=True)
class Catalogue:
    """Training programs and the words that describe features.

    Attributes
    ----------
    programs
        Code -> program, in the file's order.
    threshold
        Default |z| from which a cluster mean counts as distinctive.
    phrases
        Feature -> {"low": sentence, "high": sentence} for descriptions.
    labels
        Feature -> short label (overrides :data:`FEATURES`).
    source
        The file read, or None.
    """

    programs: dict[str, Program]
    threshold: float
    phrases: dict[str, dict[str, str]]
    labels: dict[str, str]
    source: Path | None = None

    def names(self) -> dict[str, str]:
        """Program code -> name."""
        return {code: program.name for code, program in self.programs.items()}


# --- the file, as pydantic models -----------------------------------------------------------------

_OWN_ERROR = "catalogue"
"""Type of the errors raised below, whose message is already the problem in words."""


def _code(value: object) -> object:
    if not isinstance(value, str) or not value.isidentifier():
        raise PydanticCustomError(_OWN_ERROR, "must be a code of letters, digits and underscores, "
                                              "such as manajemen_waktu")
    return value


def _feature_name(value: object) -> object:
    if value not in FEATURE_NAMES:
        raise PydanticCustomError(_OWN_ERROR, "is not a feature; the features are {features}",
                                  {"features": ", ".join(FEATURE_NAMES)})
    return value


def _feature_list(value: object) -> object:
    """None or one name -> a list; a list must hold feature names only (anything else fails as not a list)."""
    if value is None:
        return ()
    listed = [value] if isinstance(value, str) else value
    if isinstance(listed, (list, tuple, set, frozenset)):
        for name in listed:
            if name not in FEATURE_NAMES:
                raise PydanticCustomError(_OWN_ERROR, "names {name}, which is not a feature; the features are "
                                                      "{features}",
                                          {"name": repr(name), "features": ", ".join(FEATURE_NAMES)})
    return listed


def _none_is_empty(value: object) -> object:
    return {} if value is None else value  # ``features:`` with nothing under it


_Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
_Positive = Annotated[float, Field(strict=True, gt=0, allow_inf_nan=False)]
_Features = Annotated[tuple[str, ...], BeforeValidator(_feature_list)]
_THRESHOLD = "a number greater than 0 (a z-score such as 0.8)"


class _FeatureWords(BaseModel):
    """Words for one feature: a short label, and a sentence for a low and for a high value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: _Text | None = Field(None, description="a non-empty text")
    low: _Text | None = Field(None, description="a non-empty text")
    high: _Text | None = Field(None, description="a non-empty text")


class _ProgramEntry(BaseModel):
    """One program of the file; the threshold, when absent, is the file's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: _Text = Field(description="the program's name (a non-empty text)")
    description: _Text = Field("", description="a non-empty text saying what the program teaches")
    jp: _Positive | None = Field(None, description="a number greater than 0 (the program's length in JP)")
    low: _Features = Field((), description="a list of feature names")
    high: _Features = Field((), description="a list of feature names")
    threshold: _Positive | None = Field(None, description=_THRESHOLD)

    @model_validator(mode="after")
    def _names_a_feature(self) -> _ProgramEntry:
        if not self.low and not self.high:
            raise PydanticCustomError(_OWN_ERROR, "names no feature; give at least one under low or high")
        return self


class _CatalogueFile(BaseModel):
    """``training_catalogue.yaml``: the default threshold, words per feature, and the programs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: _Positive = Field(0.8, description=_THRESHOLD)
    features: Annotated[
        dict[Annotated[str, BeforeValidator(_feature_name)], _FeatureWords], BeforeValidator(_none_is_empty),
    ] = Field(default_factory=dict, description="a mapping of feature names to their words")
    programs: dict[Annotated[str, BeforeValidator(_code)], _ProgramEntry] = Field(
        min_length=1, description="a mapping of program codes to programs, with at least one program")

    def catalogue(self, source: Path | None) -> Catalogue:
        """The programs and words, as :class:`Catalogue` holds them."""
        programs = {
            code: Program(code=code, name=entry.name, description=entry.description, jp=entry.jp,
                          low=entry.low, high=entry.high,
                          threshold=self.threshold if entry.threshold is None else entry.threshold)
            for code, entry in self.programs.items()
        }
        labels = {name: words.label for name, words in self.features.items() if words.label is not None}
        phrases = {name: {side: text for side in ("low", "high") if (text := getattr(words, side)) is not None}
                   for name, words in self.features.items()}
        return Catalogue(programs, self.threshold, phrases, labels, source)


def _shape(path: tuple[str | int, ...]) -> tuple[Any, str | None]:
    """The model or type that checks the value at a key path, and the field's description of it."""
    shape: Any = _CatalogueFile
    description = None
    for part in path:
        if isinstance(shape, type) and issubclass(shape, BaseModel):
            field = shape.model_fields[str(part)]
            shape, description = field.annotation, field.description
        else:  # a mapping of codes or names: ``part`` is a key, its value has the mapping's value type
            shape, description = get_args(shape)[-1], None
    return shape, description


def _keys(model: type[BaseModel]) -> str:
    return ", ".join(model.model_fields)


def _expected(path: tuple[str | int, ...]) -> str:
    shape, description = _shape(path)
    if isinstance(shape, type) and issubclass(shape, BaseModel):
        return f"a mapping with the keys {_keys(shape)}"
    return description or "something else"


def _sentence(file: Path, error: ErrorDetails) -> str:
    """One sentence for a problem pydantic found: the file, the key path, and what the key must be."""
    path = tuple(part for part in error["loc"] if part != "[key]")  # a bad key is reported at its own path
    if not path:
        return f"{file.name} must be a mapping with the keys {_keys(_CatalogueFile)}."
    key = ".".join(str(part) for part in path)  # lists are checked whole, so every part is a key
    if error["type"] == _OWN_ERROR:
        problem = error["msg"]
    elif error["type"] == "extra_forbidden":
        shape, _ = _shape(path[:-1])
        problem = f"is unknown; the keys allowed here are {_keys(shape)}"
    elif error["type"] == "missing":
        problem = f"is missing; give {_expected(path)}"
    else:
        problem = f"must be {_expected(path)}, not {error['input']!r}"
    return f"{file.name}: key {key!r} {problem}."


def load_catalogue(path: str | os.PathLike[str] | None = None) -> Catalogue:
    """Read and check the catalogue of training programs.

    The file (default ``parameters/training_catalogue.yaml``) is YAML::

        threshold: 0.8            # |z| from which a cluster mean is low or high
        features:                 # optional: words for the descriptions
          on_time_rate:
            label: tepat waktu
            low: Laporan harian sering terlambat
            high: Laporan harian tepat waktu
        programs:
          manajemen_waktu:
            name: Manajemen Waktu
            description: Merencanakan dan melaporkan pekerjaan tepat waktu
            jp: 16                # optional
            low: [on_time_rate]   # features whose low value calls for it
            high: []              # ... or whose high value does
            threshold: 1.0        # optional, overrides the default

    Parameters
    ----------
    path
        The YAML file; None for the project's catalogue.

    Returns
    -------
    Catalogue

    Raises
    ------
    DataError
        When the file cannot be read or is not YAML, or for an unknown key,
        an unknown feature, a program without a name or without any feature,
        a threshold or JP that is not a number greater than 0, or an empty
        text; the message is one sentence naming the file and the key (the
        first problem found, when there are several).
    """
    file = Path(path) if path is not None else CATALOGUE_PATH
    try:
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise DataError(f"the training catalogue {file} cannot be read: {error.strerror}.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise DataError(f"{file.name} is not valid YAML{where}: {getattr(error, 'problem', None) or error}.") from None
    try:
        parsed = _CatalogueFile.model_validate(document)
    except ValidationError as error:
        raise DataError(_sentence(file, error.errors()[0])) from None
    return parsed.catalogue(file)
