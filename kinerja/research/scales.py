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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from kinerja.core.errors import DataError

__all__ = [
    "DEFAULT_MAX_MISSING_SHARE",
    "INSTRUMENTS_DIR",
    "TOTAL",
    "Instrument",
    "InvalidResponses",
    "Item",
    "ScoreResult",
    "Subscale",
    "Text",
    "available_instruments",
    "load_instrument",
]

INSTRUMENTS_DIR = Path(__file__).resolve().parents[2] / "parameters" / "instruments"
"""Where `load_instrument` looks up an instrument given by name."""

DEFAULT_MAX_MISSING_SHARE = 0.2
"""Largest share of a scale's items that may be unanswered for a prorated score."""

TOTAL = "total"
"""Column of `ScoreResult.scores` holding the mean over all items."""

_TOP_KEYS = {"name": True, "citation": True, "notes": False, "answers": True, "items": True,
             "subscales": False, "scoring": False}
_ANSWER_KEYS = {"min": True, "max": True, "labels": False}
_ITEM_KEYS = {"id": True, "text": True, "reverse": False}
_TEXT_KEYS = {"id": True, "en": True}
_SUBSCALE_KEYS = {"name": True, "items": True}
_SCORING_KEYS = {"max_missing_share": False}


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
    return _Reader(path).instrument(document)


def _resolve(path_or_name: str | os.PathLike[str]) -> Path:
    if not isinstance(path_or_name, (str, os.PathLike)):
        raise TypeError(f"path_or_name must be a path or an instrument name, got "
                        f"{type(path_or_name).__name__}.")
    text = os.fspath(path_or_name)
    looks_like_path = (isinstance(path_or_name, os.PathLike) or os.sep in text or "/" in text
                       or text.endswith((".yaml", ".yml")))
    path = Path(text) if looks_like_path else INSTRUMENTS_DIR / f"{text}.yaml"
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


def _check_share(share: object, what: str) -> None:
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share < 1:
        raise ValueError(f"{what} must be a number from 0 up to (not including) 1, got {share!r}.")


class _Reader:
    """Turns a parsed YAML document into an `Instrument`, naming the bad key."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, key: str, problem: str) -> DataError:
        return DataError(f"{self.path.name}: key {key!r} {problem}.")

    def mapping(self, value: Any, key: str, allowed: Mapping[str, bool]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a mapping with keys {', '.join(allowed)}, "
                                 f"got {_describe(value)}")
        unknown = [k for k in value if k not in allowed]
        if unknown:
            raise self.fail(_join(key, unknown[0]),
                            f"is not known; expected one of {', '.join(allowed)}")
        missing = [k for k, required in allowed.items() if required and k not in value]
        if missing:
            raise self.fail(_join(key, missing[0]), "is missing")
        return value

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be non-empty text, got {_describe(value)}")
        return value.strip()

    def whole(self, value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, got {_describe(value)}")
        return value

    def two_languages(self, value: Any, key: str) -> Text:
        value = self.mapping(value, key, _TEXT_KEYS)
        return Text(id=self.text(value["id"], _join(key, "id")),
                    en=self.text(value["en"], _join(key, "en")))

    def instrument(self, document: Any) -> Instrument:
        if document is None:
            raise DataError(f"{self.path.name} is empty; expected an instrument with keys "
                            f"{', '.join(k for k, required in _TOP_KEYS.items() if required)}.")
        top = self.mapping(document, "(top level)", _TOP_KEYS)
        minimum, maximum, labels = self.answers(top["answers"])
        items = self.items(top["items"])
        subscales = self.subscales(top.get("subscales") or {}, [item.id for item in items])
        scoring = self.mapping(top.get("scoring") or {}, "scoring", _SCORING_KEYS)
        share = scoring.get("max_missing_share", DEFAULT_MAX_MISSING_SHARE)
        try:
            _check_share(share, "max_missing_share")
        except ValueError:
            raise self.fail("scoring.max_missing_share",
                            f"must be a number from 0 up to (not including) 1, got {share!r}") from None
        notes = top.get("notes")
        return Instrument(
            name=self.text(top["name"], "name"),
            citation=self.text(top["citation"], "citation"),
            minimum=minimum,
            maximum=maximum,
            labels=labels,
            items=items,
            subscales=subscales,
            max_missing_share=float(share),
            notes=self.text(notes, "notes") if notes is not None else "",
            source=self.path,
        )

    def answers(self, value: Any) -> tuple[int, int, dict[int, Text]]:
        answers = self.mapping(value, "answers", _ANSWER_KEYS)
        minimum = self.whole(answers["min"], "answers.min")
        maximum = self.whole(answers["max"], "answers.max")
        if minimum >= maximum:
            raise self.fail("answers.min", f"must be below answers.max, got min {minimum} "
                                           f"and max {maximum}")
        labels = {}
        raw = answers.get("labels") or {}
        if not isinstance(raw, dict):
            raise self.fail("answers.labels", f"must map answer points to texts, got {_describe(raw)}")
        for point, label in raw.items():
            key = f"answers.labels.{point}"
            if isinstance(point, bool) or not isinstance(point, int) or not minimum <= point <= maximum:
                raise self.fail(key, f"is not an answer point; expected whole numbers "
                                     f"{minimum}..{maximum}")
            labels[point] = self.two_languages(label, key)
        return minimum, maximum, dict(sorted(labels.items()))

    def items(self, value: Any) -> tuple[Item, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail("items", f"must be a non-empty list of items, got {_describe(value)}")
        items: list[Item] = []
        seen: dict[str, int] = {}
        for position, raw in enumerate(value):
            key = f"items[{position}]"
            raw = self.mapping(raw, key, _ITEM_KEYS)
            item_id = self.text(raw["id"], f"{key}.id")
            if item_id in seen:
                raise self.fail(f"{key}.id", f"repeats item id {item_id!r} of items[{seen[item_id]}]; "
                                             f"item ids must be unique")
            seen[item_id] = position
            if item_id == TOTAL:
                raise self.fail(f"{key}.id", f"may not be {TOTAL!r}, the name of the total score")
            reverse = raw.get("reverse", False)
            if not isinstance(reverse, bool):
                raise self.fail(f"{key}.reverse", f"of item {item_id!r} must be true or false, "
                                                  f"got {_describe(reverse)}")
            items.append(Item(item_id, self.two_languages(raw["text"], f"{key}.text"), reverse))
        return tuple(items)

    def subscales(self, value: Any, item_ids: Sequence[str]) -> tuple[Subscale, ...]:
        if not isinstance(value, dict):
            raise self.fail("subscales", f"must map subscale names to their items, "
                                         f"got {_describe(value)}")
        known = set(item_ids)
        subscales = []
        for name, raw in value.items():
            key = f"subscales.{name}"
            if not isinstance(name, str) or not name.isidentifier():
                raise self.fail(key, "must be a name of letters, digits and underscores "
                                     "(it becomes a column name)")
            if name == TOTAL or name in known:
                raise self.fail(key, "must differ from 'total' and from the item ids")
            raw = self.mapping(raw, key, _SUBSCALE_KEYS)
            members = raw["items"]
            if not isinstance(members, list) or not members:
                raise self.fail(f"{key}.items", f"must be a non-empty list of item ids, "
                                                f"got {_describe(members)}")
            for member in members:
                if member not in known:
                    raise self.fail(f"{key}.items", f"names unknown item {member!r}; the items "
                                                    f"are {', '.join(item_ids)}")
            repeated = sorted({m for m in members if members.count(m) > 1})
            if repeated:
                raise self.fail(f"{key}.items", f"lists item {repeated[0]!r} more than once")
            subscales.append(Subscale(name, self.two_languages(raw["name"], f"{key}.name"),
                                      tuple(members)))
        return tuple(subscales)


def _join(key: str, child: object) -> str:
    return str(child) if key == "(top level)" else f"{key}.{child}"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{type(value).__name__} {shown}"
