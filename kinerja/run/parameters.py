"""The parameters of a run, checked before any kernel starts.

A parameters file is YAML::

    quarter: 2026-Q3          # any accepted form; blank = latest complete quarter in the data
    data: ../data/2026-Q3     # a data folder (relative to this file) or "demo"
    language: id              # id or en
    privacy: leadership       # leadership, internal, research or publik (pages for citizens only)
    timezone: Asia/Makassar   # the office's time zone for the times pages show (WITA; Asia/Jakarta is WIB)
    engine: duckdb            # duckdb (default) or spark: where the event tables live (docs/scale.md)
    spark_master: local[2]    # with engine spark only: local[N], local[*], spark://host:7077, ...
    kepuasan_masyarakat:      # a section per notebook: its own parameters
      weight: "0.11"

The keys every run has are the fields of :class:`CommonParameters`; a
notebook's section is checked against the pydantic model of its options in
:data:`NOTEBOOK_OPTIONS` (:class:`IndikatorTriwulanOptions`, ...). Each default
lives in its model, which takes it from the module that uses it where that
module names one (``ekinerja.DEFAULT_NO_REPORT_DAYS``, ...). A notebook's
``parameters`` cell repeats the defaults as literals, because papermill needs
them there; tests/test_notebook_options.py holds the two equal.

Papermill only warns about a parameter a notebook does not declare; here an
unknown key is an error that lists the valid ones. Every error is one
sentence naming the file and the key path, such as ``triwulan.yaml:
indikator_triwulan.reporting_standard must be a share between 0 and 1 (0.8 is
80 percent), not 1.5.``
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kinerja import research, training
from kinerja.core.errors import DataError
from kinerja.core.formatting import LANGUAGES, OFFICE_TIMEZONE
from kinerja.core.periods import InvalidQuarter, Quarter
from kinerja.core.privacy import DEFAULT_MIN_GROUP, PRIVACY_LEVELS, PrivacyPolicy
from kinerja.data.engines import DEFAULT_ENGINE, ENGINES, Engine
from kinerja.data.quality import REJECT_LIMIT, REJECT_WARNING
from kinerja.metrics import (
    complaints,
    distribution_rules,
    ekinerja,
    flags,
    ikm,
    services,
    skp,
)
from kinerja.metrics.registry import DEFAULT_REPORTING_STANDARD
from kinerja.quarter.evaluation import QuarterOptions
from kinerja.quarter.selection import DEMO
from kinerja.research import scales

__all__ = [
    "COMMON_KEYS",
    "LANGUAGES",
    "NOTEBOOK_OPTIONS",
    "RUNNER_SUPPLIED",
    "CommonParameters",
    "IndikatorTriwulanOptions",
    "KepuasanMasyarakatOptions",
    "KlasterPelatihanOptions",
    "NotebookOptions",
    "ResistensiPerubahanOptions",
    "RingkasanPimpinanOptions",
    "RunParameters",
    "read_parameters",
]

RUNNER_SUPPLIED = ("data", "quarter", "language", "privacy", "output", "evaluation")
"""Notebook parameters the runner sets itself; a notebook section may not set them."""

_WEIGHTS = tuple(ikm.WEIGHTS)
_ORGANISATION_PREDIKAT = distribution_rules.ORGANISATION_PREDIKAT
_METHODS = training.METHODS
_DAY_UNITS = ("workdays", "calendar")
_GROUP_ATTRIBUTES = research.GROUP_ATTRIBUTES
_CONFIG = ConfigDict(extra="forbid", strict=True, frozen=True)
"""Unknown keys are errors, and no value changes type silently (``yes`` is no number, ``1`` no text)."""

_NonEmpty = Annotated[str, Field(min_length=1)]
_Count = Annotated[int, Field(ge=1)]
"""A whole number, at least 1."""
_NonNegative = Annotated[int, Field(ge=0)]


def _problem(sentence: str) -> PydanticCustomError:
    """A validation error worded by us: the sentence after the file name, ``{key}`` standing for the key path."""
    return PydanticCustomError("kinerja", sentence)


class CommonParameters(BaseModel):
    """The keys every run has; the runner passes them to every notebook.

    ``name`` names the run (its folder under the output folder); the engine
    reaches the notebooks' kernels through environment variables (see
    :mod:`kinerja.data.engines`). Validate with ``context={"folder": ...}``,
    the folder a relative ``data`` folder is read from (that of the file).
    """

    model_config = ConfigDict(**_CONFIG, arbitrary_types_allowed=True)

    quarter: Quarter | None = Field(None, description="a quarter such as 2026-Q3, or blank for the latest "
                                                      "complete quarter in the data")
    data: str = Field(DEMO, description="'demo' or a data folder")
    language: Literal[LANGUAGES] = "id"
    privacy: Literal[PRIVACY_LEVELS] = "leadership"
    name: str | None = Field(None, description="a plain folder name")
    engine: Literal[ENGINES] = DEFAULT_ENGINE
    spark_master: str | None = Field(None, description="a Spark master such as local[*] or spark://host:7077")
    reject_warning: float = Field(REJECT_WARNING, ge=0, le=1, description="the rejected share of a table past which "
                                                                          "its pages warn, e.g. 0.05")
    reject_limit: float = Field(REJECT_LIMIT, gt=0, le=1, description="the rejected share of a table past which its "
                                                                      "measures are not computed, e.g. 0.5")
    timezone: str = Field(OFFICE_TIMEZONE, description="an IANA time zone such as Asia/Makassar (WITA), "
                                                       "Asia/Jakarta (WIB) or Asia/Jayapura (WIT)")

    @field_validator("quarter", mode="before")
    @classmethod
    def _quarter(cls, value: object) -> Quarter | None:
        if value is None or value == "":
            return None
        if isinstance(value, Quarter):
            return value
        try:
            return Quarter.parse(str(value))
        except InvalidQuarter as error:
            raise _problem(f"key '{{key}}': {error}") from None

    @field_validator("data", mode="before")
    @classmethod
    def _data(cls, value: object, info: ValidationInfo) -> str:
        if value is None or value == DEMO:
            return DEMO
        base = Path((info.context or {}).get("folder", "."))
        folder = (base / str(value)).expanduser().resolve()
        if not folder.is_dir():
            raise _problem(f"the data folder {value!r} ({folder}) does not exist.")
        return str(folder)

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> str | None:
        if value is None:
            return None
        text = str(value)
        if not text or any(ch in text for ch in "/\\:") or text.startswith("."):
            raise _problem(f"{{key}} {text!r} must be a plain folder name (no slashes, not starting with a dot).")
        return text

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise _problem(f"{{key}} {value!r} is not a time zone; give an IANA name such as Asia/Makassar (WITA), "
                           "Asia/Jakarta (WIB) or Asia/Jayapura (WIT).") from None
        return value

    @model_validator(mode="after")
    def _spark_master(self) -> CommonParameters:
        try:
            self.run_engine()
        except DataError as error:  # a spark_master without engine spark, or a malformed one
            raise _problem(str(error)) from None
        return self

    def run_engine(self) -> Engine:
        """The :class:`~kinerja.data.engines.Engine` the ``engine`` and ``spark_master`` keys name."""
        return Engine(self.engine, self.spark_master)


COMMON_KEYS = tuple(CommonParameters.model_fields)
"""Keys every run has (:class:`CommonParameters`)."""


class NotebookOptions(BaseModel):
    """The options of one notebook: the names its ``parameters`` cell declares but those the runner sets.

    Subclasses name their notebook in ``notebook``; their defaults are the
    ones the notebook's ``parameters`` cell must hold.
    """

    model_config = _CONFIG
    notebook: ClassVar[str]


class IndikatorTriwulanOptions(NotebookOptions):
    """``indikator_triwulan``: the quarter's indicators per unit and what needs attention."""

    notebook: ClassVar[str] = "indikator_triwulan"

    units: Annotated[list[_NonEmpty], Field(min_length=1)] | _NonEmpty | None = Field(
        None, description="a list of unit codes, or unit codes separated by commas, or blank for every unit")
    compare_quarters: _Count = Field(flags.DEFAULT_COMPARE_QUARTERS,
                                     description="a whole number of earlier quarters, at least 1")
    late_tolerance_days: _NonNegative = Field(ekinerja.DEFAULT_LATE_TOLERANCE_DAYS,
                                              description="a whole number of calendar days, 0 or more")
    no_report_days: _Count = Field(ekinerja.DEFAULT_NO_REPORT_DAYS,
                                   description="a whole number of working days, at least 1")
    minimum_daily_minutes: Annotated[int, Field(ge=1, le=1440)] | None = Field(
        None, description="a whole number of minutes from 1 to 1440, or blank for no minimum")
    reporting_standard: float = Field(DEFAULT_REPORTING_STANDARD, gt=0, le=1,
                                      description="a share between 0 and 1 (0.8 is 80 percent)")
    waiting_standard_minutes: _Count = Field(services.DEFAULT_STANDARD_MINUTES,
                                             description="a whole number of minutes, at least 1")
    organisation_predikat: Literal[_ORGANISATION_PREDIKAT] = "Baik"
    unit_predikat: dict[str, Literal[_ORGANISATION_PREDIKAT]] | None = Field(
        None, description="unit codes with their predikat kinerja organisasi, e.g. {KEL-MYR: Baik}")
    min_group_size: _Count = Field(DEFAULT_MIN_GROUP, description="a whole number of employees, at least 1")


class KepuasanMasyarakatOptions(NotebookOptions):
    """``kepuasan_masyarakat``: the IKM and complaints."""

    notebook: ClassVar[str] = "kepuasan_masyarakat"

    weight: Literal[_WEIGHTS] = QuarterOptions.weight
    compare_quarters: _Count = Field(flags.DEFAULT_COMPARE_QUARTERS,
                                     description="a whole number of earlier quarters, at least 1")
    complaint_standard_days: _Count = Field(complaints.DEFAULT_STANDARD_DAYS,
                                            description="a whole number of working days, at least 1")
    populations: dict[_NonEmpty, _Count] | None = Field(
        None, description="unit codes with their number of service users (whole numbers, at least 1), or blank "
                          "for the visits in the data")
    n_boot: _Count = Field(QuarterOptions.n_boot, description="a whole number of bootstrap resamples, at least 1")
    comment_sample: _NonNegative = Field(8, description="a whole number of comments, 0 or more")

    @field_validator("weight", mode="before")
    @classmethod
    def _weight_as_written(cls, value: object) -> object:
        # YAML reads an unquoted 0.11 as a number; the weights are named by how they are written.
        return repr(value) if isinstance(value, float) else value


class KlasterPelatihanOptions(NotebookOptions):
    """``klaster_pelatihan``: training need by clusters, and participant lists."""

    notebook: ClassVar[str] = "klaster_pelatihan"

    k: Literal["auto"] | Annotated[int, Field(ge=2)] = Field(
        QuarterOptions.k, description="'auto' or a whole number of clusters, at least 2")
    method: Literal[_METHODS] = QuarterOptions.method
    capacity: _Count = Field(training.DEFAULT_CAPACITY, description="a whole number of participants, at least 1")
    catalogue: _NonEmpty | None = Field(None, description="the path of a catalogue YAML file, or blank for "
                                                          "parameters/training_catalogue.yaml")
    random_state: _NonNegative = Field(QuarterOptions.random_state, description="a whole number, 0 or more")
    min_cell_size: _Count = Field(DEFAULT_MIN_GROUP, description="a whole number of people, at least 1")
    capaian_standard: float = Field(QuarterOptions.capaian_standard, gt=0, le=2,
                                    description="a capaian share such as 0.9 (90 %) below which a person gets training")
    predikat_standard: Literal[tuple(skp.PREDIKAT[1:])] = QuarterOptions.predikat_standard  # type: ignore[valid-type]


class ResistensiPerubahanOptions(NotebookOptions):
    """``resistensi_perubahan``: resistance to change and the adoption of e-Kinerja."""

    notebook: ClassVar[str] = "resistensi_perubahan"

    instrument: _NonEmpty = Field("oreg_rtc", description="the name of a file in parameters/instruments or the path "
                                                          "of an instrument YAML file")
    survey: _NonEmpty | None = Field(None, description="the path of a survey file (csv, xlsx or parquet), or blank for "
                                                       "the data's change_survey table")
    rollout: dt.date | None = Field(None, description="a date such as 2024-10-01, or blank for the first "
                                                      "activity in the log")
    observed_until: dt.date | None = Field(None, description="a date such as 2024-12-31, or blank for the last "
                                                             "activity in the log")
    day_unit: Literal[_DAY_UNITS] = "workdays"
    adoption_within_days: _Count = Field(30, description="a whole number of days, at least 1")
    sosialisasi_topic: _NonEmpty | None = Field(None, description="the title of a sosialisasi topic, or blank for "
                                                                  "every session")
    sosialisasi_randomised: bool = Field(False, description="true or false")
    # Every grouping but the unit by default: per unit is asked for by adding unit_code.
    group_attributes: Annotated[list[Literal[_GROUP_ATTRIBUTES]], Field(min_length=1)] = Field(
        default_factory=lambda: [name for name in _GROUP_ATTRIBUTES if name != "unit_code"],
        description=f"a list of one or more of {', '.join(_GROUP_ATTRIBUTES)}")
    controls: list[_NonEmpty] = Field(default_factory=lambda: list(research.DEFAULT_CONTROLS),
                                      description="a list of control variables such as age")
    ci: float = Field(0.95, gt=0, lt=1, description="a confidence level between 0 and 1, such as 0.95")
    n_boot: _Count = Field(1000, description="a whole number of bootstrap resamples, at least 1")
    random_state: _NonNegative = Field(0, description="a whole number, 0 or more")

    @field_validator("rollout", "observed_until", mode="before")
    @classmethod
    def _day(cls, value: object) -> object:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value  # refused below, with the expected form
        return value

    @field_validator("instrument")
    @classmethod
    def _known_instrument(cls, value: str) -> str:
        # A path is read relative to the notebook; a name is checked here, before any kernel starts.
        known = scales.available_instruments()
        if scales.is_instrument_name(value) and value not in known:
            raise _problem(f"{{key}} {value!r} is not an instrument of parameters/instruments; use one of "
                           f"{', '.join(known) or '(none)'} or the path of an instrument YAML file.")
        return value

    @field_validator("observed_until")
    @classmethod
    def _after_rollout(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        rollout = info.data.get("rollout")
        if value is not None and rollout is not None and value < rollout:
            raise _problem(f"{{key}} ({value}) is before the rollout ({rollout}).")
        return value


class RingkasanPimpinanOptions(NotebookOptions):
    """``ringkasan_pimpinan``: the leadership summary; it reads the other reports and has no options."""

    notebook: ClassVar[str] = "ringkasan_pimpinan"


NOTEBOOK_OPTIONS: dict[str, type[NotebookOptions]] = {model.notebook: model for model in (
    IndikatorTriwulanOptions, KepuasanMasyarakatOptions, KlasterPelatihanOptions, ResistensiPerubahanOptions,
    RingkasanPimpinanOptions)}
"""Notebook name -> the model of its options. A notebook without one has its values passed on unchecked."""


_COMMON_DEFAULTS = CommonParameters()
_DEFAULT_ENGINE = _COMMON_DEFAULTS.run_engine()


@dataclass(frozen=True)
class RunParameters:
    """Validated parameters of one run; the defaults are those of :class:`CommonParameters`.

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
    reject_warning, reject_limit
        Rejected shares of a table past which its pages warn, and past which it is withheld
        (:mod:`kinerja.data.quality`).
    timezone
        The office's IANA time zone: pages show times in it, with its abbreviation (WITA).
    sections
        Per notebook, the parameters given for it (checked by its model in
        :data:`NOTEBOOK_OPTIONS`, as plain YAML values: dates as text).
    source
        The file read, or None for the built-in defaults.
    """

    data: str = _COMMON_DEFAULTS.data
    quarter: Quarter | None = _COMMON_DEFAULTS.quarter
    language: str = _COMMON_DEFAULTS.language
    privacy: str = _COMMON_DEFAULTS.privacy
    name: str | None = _COMMON_DEFAULTS.name
    engine: Engine = _DEFAULT_ENGINE
    reject_warning: float = _COMMON_DEFAULTS.reject_warning
    reject_limit: float = _COMMON_DEFAULTS.reject_limit
    timezone: str = _COMMON_DEFAULTS.timezone
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: Path | None = None

    @property
    def policy(self) -> PrivacyPolicy:
        """The run's privacy policy, built once from its level."""
        return PrivacyPolicy.for_level(self.privacy)

    def quarter_options(self) -> QuarterOptions:
        """The options of the quarter's one evaluation: the :class:`QuarterOptions` keys of every section.

        :func:`read_parameters` has checked that no two sections give one of
        them different values.
        """
        return QuarterOptions(**_shared_options(self.sections))

    def shared_for(self, declared: set[str]) -> dict[str, Any]:
        """The evaluation's options a notebook declares, so that its own values are the run's."""
        return {key: value for key, value in _shared_options(self.sections).items() if key in declared}

    def as_dict(self) -> dict[str, Any]:
        """Return the parameters as plain values, for the manifest."""
        return {"data": self.data, "quarter": None if self.quarter is None else str(self.quarter),
                "language": self.language, "privacy": self.privacy, "name": self.name,
                "engine": self.engine.name, "spark_master": self.engine.spark_master,
                "reject_warning": self.reject_warning, "reject_limit": self.reject_limit, "timezone": self.timezone,
                "sections": self.sections}


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
        malformed ``spark_master`` or one given without ``engine: spark``, or
        a notebook option its model refuses (naming what it must be).
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
    given = {key: value for key, value in raw.items() if key not in notebooks}
    try:
        common = CommonParameters.model_validate(given, context={"folder": path.parent})
    except ValidationError as error:
        valid = list(COMMON_KEYS) + sorted(notebooks)
        raise DataError(_sentence(path, error, CommonParameters, given, valid)) from None
    sections = {key: _section(key, value, notebooks[key], path) for key, value in raw.items() if key in notebooks}
    _check_shared(sections, path)
    return RunParameters(
        data=common.data,
        quarter=common.quarter,
        language=common.language,
        privacy=common.privacy,
        name=common.name,
        engine=common.run_engine(),
        reject_warning=common.reject_warning,
        reject_limit=common.reject_limit,
        timezone=common.timezone,
        sections=sections,
        source=path.resolve(),
    )


_SHARED = tuple(field.name for field in dataclass_fields(QuarterOptions))
"""Notebook options that are options of the quarter's evaluation: one value per run."""


def _shared_options(sections: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {key: value for section in sections.values() for key, value in section.items() if key in _SHARED}


def _check_shared(sections: dict[str, dict[str, Any]], path: Path) -> None:
    """Refuse two sections that give one evaluation option different values."""
    seen: dict[str, tuple[str, object]] = {}
    for notebook, section in sections.items():
        for key, value in section.items():
            if key not in _SHARED:
                continue
            first = seen.setdefault(key, (notebook, value))
            if first[1] != value:
                raise DataError(f"{path.name}: {key} is {first[1]!r} in section {first[0]!r} and {value!r} in section "
                                f"{notebook!r}; the quarter is evaluated once for every page, so give it one value.")


def _section(notebook: str, value: object, declared: set[str], path: Path) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DataError(f"{path.name}: section {notebook!r} must hold the notebook's parameters as keys and values.")
    # What the notebook declares is what papermill can set; its model says what each value may be.
    allowed = sorted(declared - set(RUNNER_SUPPLIED))
    for key in value:
        if key not in allowed:
            raise DataError(f"{path.name}: unknown key {key!r} in section {notebook!r}; valid keys are "
                            f"{', '.join(allowed) or '(none)'}.")
    model = NOTEBOOK_OPTIONS.get(notebook)
    if model is None:
        return dict(value)
    try:
        options = model.model_validate(value)
    except ValidationError as error:
        valid = [key for key in model.model_fields if key in allowed]
        raise DataError(_sentence(path, error, model, value, valid, section=notebook)) from None
    return options.model_dump(mode="json", include=set(value))


def _sentence(path: Path, error: ValidationError, model: type[BaseModel], given: dict, valid: list[str],
              section: str | None = None) -> str:
    """The first error pydantic found, as one sentence naming the file and the key path."""
    errors = error.errors(include_url=False)
    # An unknown key first: it is often a misspelt one, whose value the others then miss.
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    name = first["loc"][0] if first["loc"] else None
    key = ".".join(str(part) for part in (section, name) if part is not None)
    where = f" in section {section!r}" if section else ""
    if first["type"] == "kinerja":
        return f"{path.name}: {first['msg'].replace('{key}', key)}"
    if first["type"] == "extra_forbidden":
        return f"{path.name}: unknown key {name!r}{where}; valid keys are {', '.join(valid) or '(none)'}."
    value = given.get(name)
    info = model.model_fields.get(name) if isinstance(name, str) else None
    if info is not None and info.description:
        return f"{path.name}: {key} must be {info.description}, not {_shown(value)}."
    if first["type"] == "literal_error" and info is not None:
        return f"{path.name}: {key} {value!r} is not one of {', '.join(map(str, _choices(info.annotation)))}."
    return f"{path.name}: {key} {first['msg'].replace('Input should be', 'must be')}, not {_shown(value)}."


def _choices(annotation: object) -> list[object]:
    """The values a Literal annotation (maybe inside Optional) allows."""
    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    return [choice for arg in typing.get_args(annotation) for choice in _choices(arg)]


def _shown(value: object) -> str:
    if value is None:
        return "blank"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
