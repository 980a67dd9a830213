"""Questionnaire instruments as data, and the scoring of their answers.

An instrument (Oreg's Resistance to Change Scale, a TAM or UTAUT scale, ...)
is a YAML file in ``parameters/instruments/``; adding one needs no code.
`load_instrument` reads and checks the file, and `Instrument.score` turns a
table of answers (one row per respondent, one column per item) into
subscale and total scores.

The YAML layout, with every key the loader accepts::

    name: Resistance to Change Scale            # required, text
    citation: "Oreg, S. (2003). ..."            # required, text
    notes: "..."                                # optional, text
    answers:                                    # required
      min: 1                                    # required, whole number
      max: 6                                    # required, whole number > min
      labels:                                   # optional; keys min..max
        1: {id: Sangat tidak setuju, en: Strongly disagree}
    items:                                      # required, a list
      - id: rtc_1                               # required: the column name
        text: {id: "...", en: "..."}            # required, both languages
        reverse: true                           # optional, default false
    subscales:                                  # optional
      routine_seeking:                          # the score's column name
        name: {id: Pencarian rutinitas, en: Routine seeking}
        items: [rtc_1, rtc_2, rtc_3, rtc_4, rtc_5]
    scoring:                                    # optional
      max_missing_share: 0.2                    # default 0.2, 0 <= share < 1

The layout is the pydantic model `InstrumentSpec` (unknown keys are errors,
values keep their YAML type); `load_instrument` reports the first problem as
one sentence naming the file and the key path, such as
``scale.yaml: key 'items[2].text.en' is missing.``

``id`` and ``en`` are the ISO 639-1 codes of Bahasa Indonesia and English,
the two report languages.  Reverse keying is a flag on the item itself, so
the keying of an item is stated in exactly one place.

Scoring rules
-------------
- A reverse-keyed answer ``x`` becomes ``min + max - x``.
- A subscale score (and the total, over all items) is the mean of the
  answered items, *prorated*: it is given when at most
  ``max_missing_share`` of the scale's items are unanswered, and is missing
  otherwise.  Means rather than sums keep prorated and complete scores on
  the answer scale.
- The default ``max_missing_share`` is 0.2, the "at most 20% of the items"
  rule under which person-mean (prorated) scores were found to be as good
  as other replacements for Likert items (Downey & King, 1998, J. Gen.
  Psychol. 125(2), 175-191).  For Oreg's scale it allows one unanswered
  item of the five of routine seeking, none of a four-item subscale, and
  three of the 17 items in the total.
- An answer outside the instrument's range, or between two answer points
  (e.g. 2.5), is an error (`InvalidResponses`, a `ValueError`), not a
  missing value: it means the wrong instrument or an unchecked file, and
  quietly dropping it would bias the means.  The exception names the first
  bad cell and carries every bad cell in ``problems``.
"""

from __future__ import annotations

import math
import os
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kinerja.core.errors import DataError

__all__ = [
    "DEFAULT_MAX_MISSING_SHARE",
    "INSTRUMENTS_DIR",
    "TOTAL",
    "Instrument",
    "InstrumentSpec",
    "InvalidResponses",
    "Item",
    "ScoreResult",
    "Subscale",
    "Text",
    "available_instruments",
    "is_instrument_name",
    "load_instrument",
]

INSTRUMENTS_DIR = Path(__file__).resolve().parents[2] / "parameters" / "instruments"
"""Where `load_instrument` looks up an instrument given by name."""

DEFAULT_MAX_MISSING_SHARE = 0.2
"""Largest share of a scale's items that may be unanswered for a prorated score."""

TOTAL = "total"
"""Column of `ScoreResult.scores` holding the mean over all items."""

class InvalidResponses(DataError, ValueError):
    """Answers that cannot be scored; the message names the first bad cell.

    Attributes
    ----------
    problems : pandas.DataFrame
        Every bad cell, with columns ``row`` (index label), ``column``,
        ``value`` and ``reason``; empty when the problem is a whole column.
    """

    def __init__(self, message: str, problems: pd.DataFrame | None = None):
        super().__init__(message)
        self.problems = (problems if problems is not None
                         else pd.DataFrame(columns=["row", "column", "value", "reason"]))


@dataclass(frozen=True)
class Text:
    """A text in the two report languages.

    Attributes
    ----------
    id : str
        Bahasa Indonesia (ISO 639-1 ``id``).
    en : str
        English.
    """

    id: str
    en: str

    def get(self, language: str = "id") -> str:
        """The text in ``language`` (``"id"`` or ``"en"``)."""
        if language not in ("id", "en"):
            raise ValueError(f"language must be 'id' or 'en', got {language!r}.")
        return getattr(self, language)


@dataclass(frozen=True)
class Item:
    """One question of an instrument.

    Attributes
    ----------
    id : str
        The column holding its answers.
    text : Text
        The question, in both languages.
    reverse : bool
        Whether agreement means *less* of the construct, so that the answer
        is reverse-keyed (``min + max - x``) before scoring.
    """

    id: str
    text: Text
    reverse: bool = False


@dataclass(frozen=True)
class Subscale:
    """A named group of items scored together.

    Attributes
    ----------
    key : str
        Its column in `ScoreResult.scores`.
    name : Text
        Its name, in both languages.
    items : tuple of str
        The item ids, in the order the file gives them.
    """

    key: str
    name: Text
    items: tuple[str, ...]


@dataclass(frozen=True)
class ScoreResult:
    """Scores of every respondent, with what the missing answers cost.

    Attributes
    ----------
    scores : pandas.DataFrame
        One row per respondent (the index of the responses), one column per
        subscale in the file's order, then ``"total"``; float, missing
        (NaN) where too many items were unanswered.
    too_many_missing : pandas.Series
        Per score column, how many respondents have no score because more
        than ``max_missing_share`` of its items were unanswered (a blank
        questionnaire counts here too).
    prorated : pandas.Series
        Per score column, how many respondents have a score computed from
        fewer than all of its items.
    max_missing_share : float
        The share used.
    """

    scores: pd.DataFrame
    too_many_missing: pd.Series
    prorated: pd.Series
    max_missing_share: float


@dataclass(frozen=True)
class Instrument:
    """A questionnaire: its items, answer range, subscales and scoring rule.

    Build one with `load_instrument`; the constructor does not check its
    arguments.

    Attributes
    ----------
    name : str
    citation : str
    minimum, maximum : int
        The lowest and highest answer point.
    labels : dict of int to Text
        Labels of the answer points that have one.
    items : tuple of Item
    subscales : tuple of Subscale
    max_missing_share : float
        Default share of unanswered items up to which scores are prorated.
    notes : str
    source : pathlib.Path or None
        The file it was read from.
    """

    name: str
    citation: str
    minimum: int
    maximum: int
    labels: Mapping[int, Text]
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...] = ()
    max_missing_share: float = DEFAULT_MAX_MISSING_SHARE
    notes: str = ""
    source: Path | None = field(default=None, compare=False)

    @property
    def item_ids(self) -> list[str]:
        """The item ids (response columns), in the file's order."""
        return [item.id for item in self.items]

    @property
    def reversed_items(self) -> list[str]:
        """The ids of the reverse-keyed items."""
        return [item.id for item in self.items if item.reverse]

    def subscale(self, key: str) -> Subscale:
        """The subscale whose column is ``key``."""
        for subscale in self.subscales:
            if subscale.key == key:
                return subscale
        known = ", ".join(s.key for s in self.subscales) or "(none)"
        raise KeyError(f"{self.name} has no subscale {key!r}; its subscales are {known}.")

    def keyed_items(self, responses: pd.DataFrame) -> pd.DataFrame:
        """The item answers after reverse keying, ready for reliability analysis.

        Parameters
        ----------
        responses : pandas.DataFrame
            One row per respondent, with a column per item (other columns
            are ignored).  Missing answers are NaN or ``pd.NA``.

        Returns
        -------
        pandas.DataFrame
            Float columns in the instrument's item order, same index as
            ``responses``; a reverse-keyed answer ``x`` is ``min + max - x``.

        Raises
        ------
        InvalidResponses
            An item column is absent or not numeric, or an answer is outside
            ``minimum..maximum`` or not a whole answer point.
        """
        answers = self._answers(responses)
        reverse = [item.id for item in self.items if item.reverse]
        answers[reverse] = self.minimum + self.maximum - answers[reverse]
        return answers

    def score(self, responses: pd.DataFrame, max_missing_share: float | None = None) -> ScoreResult:
        """Subscale and total means per respondent, prorated over missing items.

        Parameters
        ----------
        responses : pandas.DataFrame
            One row per respondent, with a column per item; the index (e.g.
            respondent ids) is kept in the result.
        max_missing_share : float, optional
            Override the instrument's share (0 <= share < 1), e.g. for a
            sensitivity analysis.

        Returns
        -------
        ScoreResult

        Raises
        ------
        InvalidResponses
            As `keyed_items`.
        ValueError
            ``max_missing_share`` is outside ``[0, 1)``.
        """
        share = self.max_missing_share if max_missing_share is None else max_missing_share
        _check_share(share, "max_missing_share")
        keyed = self.keyed_items(responses)
        scales = [(s.key, list(s.items)) for s in self.subscales] + [(TOTAL, self.item_ids)]
        scores, too_many, prorated = {}, {}, {}
        for key, columns in scales:
            unanswered = keyed[columns].isna().sum(axis=1)
            # The small epsilon keeps 0.2 * 5 == 1 from becoming 0.999... .
            allowed = math.floor(share * len(columns) + 1e-9)
            usable = (unanswered <= allowed) & (unanswered < len(columns))
            scores[key] = keyed[columns].mean(axis=1).where(usable)
            too_many[key] = int((~usable).sum())
            prorated[key] = int((usable & (unanswered > 0)).sum())
        frame = pd.DataFrame(scores, index=keyed.index)
        return ScoreResult(
            scores=frame,
            too_many_missing=pd.Series(too_many, name="too_many_missing", dtype="int64"),
            prorated=pd.Series(prorated, name="prorated", dtype="int64"),
            max_missing_share=float(share),
        )

    def _answers(self, responses: pd.DataFrame) -> pd.DataFrame:
        """The item columns as floats, checked against the answer range."""
        if not isinstance(responses, pd.DataFrame):
            raise InvalidResponses(f"responses must be a pandas DataFrame, got "
                                   f"{type(responses).__name__}.")
        absent = [item for item in self.item_ids if item not in responses.columns]
        if absent:
            raise InvalidResponses(
                f"responses lack the item column(s) {', '.join(absent)} of {self.name}; "
                f"expected columns {self.item_ids[0]}..{self.item_ids[-1]}.")
        answers = {}
        for column in self.item_ids:
            values = responses[column]
            if isinstance(values, pd.DataFrame):
                raise InvalidResponses(f"responses have more than one column named {column!r}.")
            if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
                raise InvalidResponses(
                    f"column {column!r} holds {values.dtype} values, not numbers; "
                    f"expected answers {self.minimum}..{self.maximum}.")
            answers[column] = values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        frame = pd.DataFrame(answers, index=responses.index)
        self._check_range(frame)
        return frame

    def _check_range(self, frame: pd.DataFrame) -> None:
        values = frame.to_numpy()
        outside = (values < self.minimum) | (values > self.maximum)
        between = ~outside & ~np.isnan(values) & (values != np.round(values))
        bad = outside | between
        if not bad.any():
            return
        rows, columns = np.nonzero(bad)
        problems = pd.DataFrame({
            "row": frame.index[rows],
            "column": frame.columns[columns],
            "value": values[rows, columns],
            "reason": np.where(outside[rows, columns], "outside the answer range",
                               "between two answer points"),
        })
        first = problems.iloc[0]
        value = first["value"]
        shown = int(value) if float(value).is_integer() else value
        more = len(problems) - 1
        raise InvalidResponses(
            f"column {first['column']!r}, row {first['row']!r}: answer {shown} is "
            f"{first['reason']} ({self.minimum}..{self.maximum}) of {self.name}"
            + (f" ({more} more bad answer{'s' if more > 1 else ''} in .problems)." if more else "."),
            problems,
        )


def available_instruments() -> list[str]:
    """Names accepted by `load_instrument`: the YAML files in `INSTRUMENTS_DIR`."""
    if not INSTRUMENTS_DIR.is_dir():
        return []
    return sorted(path.stem for path in INSTRUMENTS_DIR.glob("*.yaml"))


def is_instrument_name(text: str) -> bool:
    """Whether `load_instrument` looks ``text`` up in `INSTRUMENTS_DIR` rather than reading it as a path."""
    return not (os.sep in text or "/" in text or text.endswith((".yaml", ".yml")))


def load_instrument(path_or_name: str | os.PathLike[str]) -> Instrument:
    """Read and check an instrument file.

    Parameters
    ----------
    path_or_name : str or path-like
        A path to a YAML file, or the name of a file in `INSTRUMENTS_DIR`
        without its ``.yaml`` suffix (e.g. ``"oreg_rtc"``).

    Returns
    -------
    Instrument

    Raises
    ------
    DataError
        The file is absent, is not YAML, or breaks a rule of the layout in
        this module's docstring (unknown or missing key, duplicate item id,
        subscale naming an unknown item, ``min >= max``, ...); the message
        names the file and the key.
    """
    path = _resolve(path_or_name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DataError(f"{path.name} cannot be read: {error.strerror}.") from None
    except UnicodeDecodeError:
        raise DataError(f"{path.name} is not UTF-8 text; save the instrument as UTF-8.") from None
    try:
        document = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as error:
        raise DataError(f"{path.name}: key {error.key!r} is given twice at line {error.line}; "
                        f"each key may appear once.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise DataError(f"{path.name} is not valid YAML{where}: "
                        f"{getattr(error, 'problem', None) or error}.") from None
    return _instrument(document, path)


def _resolve(path_or_name: str | os.PathLike[str]) -> Path:
    if not isinstance(path_or_name, (str, os.PathLike)):
        raise TypeError(f"path_or_name must be a path or an instrument name, got "
                        f"{type(path_or_name).__name__}.")
    text = os.fspath(path_or_name)
    by_name = isinstance(path_or_name, str) and is_instrument_name(text)
    path = INSTRUMENTS_DIR / f"{text}.yaml" if by_name else Path(text)
    if not path.is_file():
        known = ", ".join(available_instruments()) or "(none)"
        raise DataError(f"instrument {text!r} not found ({path}); give a YAML file or one of "
                        f"the names {known}.")
    return path


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int):
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line = key, line


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a key given twice (PyYAML keeps the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# --- the file layout, as pydantic models ------------------------------------------------

_SPEC = ConfigDict(extra="forbid", strict=True, frozen=True)
"""Unknown keys are errors, and no value changes type silently (``yes`` is not true, ``1`` no text)."""

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
MissingShare = Annotated[float, Field(ge=0, lt=1, strict=True)]
"""A share of unanswered items: 0 <= share < 1."""
_SHARE_RULE = "a number from 0 up to (not including) 1"
_MISSING_SHARE = TypeAdapter(MissingShare)


def _check_share(share: object, what: str) -> None:
    try:
        _MISSING_SHARE.validate_python(share)
    except ValidationError:
        raise ValueError(f"{what} must be {_SHARE_RULE}, got {share!r}.") from None


def _problem(problem: str, at: str = "") -> PydanticCustomError:
    """A rule of the layout broken: ``problem`` follows the key, ``at`` leads from where it is raised to the key."""
    return PydanticCustomError("instrument", problem, {"at": at})


class TextSpec(BaseModel):
    """A text in both report languages."""

    model_config = _SPEC
    id: NonEmptyText = Field(description="non-empty text")
    en: NonEmptyText = Field(description="non-empty text")

    def text(self) -> Text:
        return Text(id=self.id, en=self.en)


class AnswersSpec(BaseModel):
    """The answer points ``min..max`` and the labels of some of them."""

    model_config = _SPEC
    min: int = Field(description="a whole number")
    max: int = Field(description="a whole number")
    labels: dict[Any, TextSpec] | None = Field(None, description="a mapping of answer points to texts")

    @model_validator(mode="after")
    def _range(self) -> AnswersSpec:
        if self.min >= self.max:
            raise _problem(f"must be below answers.max, got min {self.min} and max {self.max}", at="min")
        for point in self.labels or {}:
            if isinstance(point, bool) or not isinstance(point, int) or not self.min <= point <= self.max:
                raise _problem(f"is not an answer point; expected whole numbers {self.min}..{self.max}",
                               at=f"labels.{point}")
        return self


class ItemSpec(BaseModel):
    """One question: its column, its text and its keying."""

    model_config = _SPEC
    id: NonEmptyText = Field(description="non-empty text")
    text: TextSpec
    reverse: bool = Field(False, description="true or false")

    @field_validator("id")
    @classmethod
    def _not_total(cls, value: str) -> str:
        if value == TOTAL:
            raise _problem(f"may not be {TOTAL!r}, the name of the total score")
        return value


class SubscaleSpec(BaseModel):
    """A named group of items."""

    model_config = _SPEC
    name: TextSpec
    items: list[Any] = Field(min_length=1, description="a non-empty list of item ids")


class ScoringSpec(BaseModel):
    """How missing answers are treated."""

    model_config = _SPEC
    max_missing_share: MissingShare = Field(DEFAULT_MAX_MISSING_SHARE, description=_SHARE_RULE)


class InstrumentSpec(BaseModel):
    """An instrument file, as this module's docstring lays it out; `to_instrument` gives the `Instrument`."""

    model_config = _SPEC
    name: NonEmptyText = Field(description="non-empty text")
    citation: NonEmptyText = Field(description="non-empty text")
    notes: NonEmptyText | None = Field(None, description="non-empty text")
    answers: AnswersSpec
    items: list[ItemSpec] = Field(min_length=1, description="a non-empty list of items")
    subscales: dict[Any, SubscaleSpec] | None = Field(None, description="a mapping of subscale names to their items")
    scoring: ScoringSpec | None = None

    @model_validator(mode="after")
    def _item_ids_and_subscales(self) -> InstrumentSpec:
        first: dict[str, int] = {}
        for position, item in enumerate(self.items):
            if item.id in first:
                raise _problem(f"repeats item id {item.id!r} of items[{first[item.id]}]; item ids must be unique",
                               at=f"items[{position}].id")
            first[item.id] = position
        known = list(first)
        for name, subscale in (self.subscales or {}).items():
            key = f"subscales.{name}"
            if not isinstance(name, str) or not name.isidentifier():
                raise _problem("must be a name of letters, digits and underscores (it becomes a column name)", at=key)
            if name == TOTAL or name in first:
                raise _problem("must differ from 'total' and from the item ids", at=key)
            for member in subscale.items:
                if member not in first:
                    raise _problem(f"names unknown item {member!r}; the items are {', '.join(known)}",
                                   at=f"{key}.items")
            repeated = sorted({m for m in subscale.items if subscale.items.count(m) > 1}, key=str)
            if repeated:
                raise _problem(f"lists item {repeated[0]!r} more than once", at=f"{key}.items")
        return self

    def to_instrument(self, source: Path | None = None) -> Instrument:
        """The `Instrument` this file describes."""
        labels = self.answers.labels or {}
        scoring = self.scoring or ScoringSpec()
        return Instrument(
            name=self.name,
            citation=self.citation,
            minimum=self.answers.min,
            maximum=self.answers.max,
            labels={point: labels[point].text() for point in sorted(labels)},
            items=tuple(Item(item.id, item.text.text(), item.reverse) for item in self.items),
            subscales=tuple(Subscale(name, spec.name.text(), tuple(spec.items))
                            for name, spec in (self.subscales or {}).items()),
            max_missing_share=float(scoring.max_missing_share),
            notes=self.notes or "",
            source=source,
        )


def _instrument(document: Any, path: Path) -> Instrument:
    if document is None:
        required = [name for name, info in InstrumentSpec.model_fields.items() if info.is_required()]
        raise DataError(f"{path.name} is empty; expected an instrument with keys {', '.join(required)}.")
    try:
        spec = InstrumentSpec.model_validate(document)
    except ValidationError as error:
        errors = error.errors(include_url=False)
        # An unknown key first: it is often a misspelt one, which pydantic would call missing.
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        raise DataError(_sentence(path, first)) from None
    return spec.to_instrument(source=path)


def _sentence(path: Path, error: Mapping[str, Any]) -> str:
    """Pydantic's first error as one sentence: ``file: key 'items[0].text.en' is missing.``"""
    key, info, target, owner = _locate(error["loc"])
    kind = error["type"]
    if kind == "instrument":
        at = (error.get("ctx") or {}).get("at", "")
        if at:
            key = f"{key}{at}" if not key or at.startswith("[") else f"{key}.{at}"
        problem = error["msg"]
    elif kind == "extra_forbidden":
        problem = f"is not known; expected one of {', '.join(owner.model_fields)}"
    elif kind == "missing":
        problem = "is missing"
    elif isinstance(target, type) and issubclass(target, BaseModel) and kind in ("model_type", "model_attributes_type",
                                                                                 "dict_type"):
        problem = f"must be a mapping with keys {', '.join(target.model_fields)}, got {_describe(error['input'])}"
    elif info is not None and info.description:
        problem = f"must be {info.description}, got {_describe(error['input'])}"
    else:
        problem = f"{error['msg'].replace('Input should be', 'must be')}, got {_describe(error['input'])}"
    return f"{path.name}: key {key or '(top level)'!r} {problem}."


def _locate(loc: tuple[Any, ...]) -> tuple[str, Any, Any, type[BaseModel]]:
    """For an error's location: the key path as written, the field it names last, the type there and its model."""
    key, info, target, owner = "", None, InstrumentSpec, InstrumentSpec
    for part in loc:
        target = _unwrap(target)
        if isinstance(target, type) and issubclass(target, BaseModel):
            owner = target
            info = target.model_fields.get(part) if isinstance(part, str) else None
            target = info.annotation if info is not None else None
            key = f"{key}.{part}" if key else str(part)
        elif typing.get_origin(target) is list and isinstance(part, int):
            target = typing.get_args(target)[0]
            key = f"{key}[{part}]"
        elif typing.get_origin(target) is dict and part != "[key]":
            target = typing.get_args(target)[1]
            key = f"{key}.{part}"
    return key, info, _unwrap(target), owner


def _unwrap(annotation: Any) -> Any:
    """The type inside ``Annotated[...]`` and ``... | None``."""
    while True:
        if typing.get_origin(annotation) is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            arms = [arm for arm in typing.get_args(annotation) if arm is not type(None)]
            if len(arms) != 1:
                return annotation
            annotation = arms[0]
        else:
            return annotation


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{type(value).__name__} {shown}"
