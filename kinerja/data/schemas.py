"""Validate a raw table: read each cell by its kind, then check it with pandera.

Validation turns a :class:`~kinerja.data.io.RawTable` into typed, canonical rows
and a list of rejects. Nothing is dropped silently: every row that fails is
reported with its row number, column, value and reason (an English sentence
from the text catalogue, :mod:`kinerja.data.reasons`). The steps are:

1. cells are read by the kind their column has in the data dictionary (a
   NIP, a date, a number with a decimal comma, an allowed value ...);
2. the typed rows are checked with a pandera schema built from the rules of
   :mod:`kinerja.data.rules`: blank required values, numeric bounds, and the
   rules that relate two columns (an approval before its submission, ...);
3. a row whose key repeats an earlier valid row is rejected as a duplicate
   naming the first occurrence.

A value that cannot be read in an optional column (one the file may lack,
``required=False`` in the dictionary) does not cost the row: the cell is left
blank and a note names file, row, column, value and reason
(``Validated.notes``). A value that breaks a rule rejects its row in any
column, as Parquet partitions of activities are judged
(:mod:`kinerja.data.partitioned`). A unit whose type is absent or blank gets
the type its name gives, also with a note; so do two absences of one NIP
whose days overlap, each naming the other, and both rows are kept.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from kinerja.core.formatting import quoted
from kinerja.core.nip import InvalidNip, parse_nip
from kinerja.core.periods import InvalidQuarter, Quarter
from kinerja.data.dictionary import (
    UNSUR_NAMES,
    Column,
    Table,
    choices_shown,
    normalise_header,
    plain_number,
    unit_type_from_name,
)
from kinerja.data.io import RawTable
from kinerja.data.nips import valid_as_written
from kinerja.data.reasons import english
from kinerja.data.rules import BLANK, needs_value, pandas_passes, rules_for

if TYPE_CHECKING:
    import pandera.pandas as pa

REJECT_COLUMNS = ["table", "file", "row", "column", "value", "reason"]
"""Columns of the rejects and of the notes."""

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")
_MONTH_FIRST = {"%d/%m/%Y": "%m/%d/%Y", "%d-%m-%Y": "%m-%d-%Y", "%d.%m.%Y": "%m.%d.%Y"}
"""The date formats of a column read month-first, in place of their day-first forms."""
_TWO_PARTS_FIRST = r"^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}(?!\d)"
"""A date whose day and month come before the year, in an order to decide."""
_TWO_PARTS_READS = 11
"""Characters ``_TWO_PARTS_FIRST`` reads at most: ten it matches and the one it looks ahead at."""
_TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%H.%M.%S", "%H.%M")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_DTYPES = {
    "integer": "Int64",
    "number": "Float64",
    "date": "datetime64[us]",
    "datetime": "datetime64[us]",
}


@dataclass
class Validated:
    """The outcome of validating one table.

    Attributes
    ----------
    table
        Canonical name of the table.
    file
        Name of the file read.
    frame
        Valid rows, typed, indexed by their row number in the file.
    rejects
        One row per problem, columns ``REJECT_COLUMNS``.
    rows_read
        Non-blank data rows in the file.
    rejected
        The rejected rows as far as they could be read (typed), so that other
        tables can say why a reference to them fails.
    notes
        One row per cell of a valid row that was left blank (a bad value in
        an optional column) or filled in (a unit type read from the name),
        and one per other absence an absence overlaps, columns
        ``REJECT_COLUMNS``. Notes reject nothing: ``rows_read`` is the valid
        rows plus the rejected rows.
    """

    table: str
    file: str
    frame: pd.DataFrame
    rejects: pd.DataFrame
    rows_read: int
    rejected: pd.DataFrame
    notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECT_COLUMNS))

    @property
    def rejected_rows(self) -> int:
        """Number of distinct rows rejected."""
        return int(self.rejects["row"].nunique()) if len(self.rejects) else 0


def validate(raw: RawTable) -> Validated:
    """Validate a raw table against its dictionary entry.

    Parameters
    ----------
    raw
        A table as read by :func:`kinerja.data.io.read_table_file`.

    Returns
    -------
    Validated
        Typed valid rows, the rejects and the notes, each naming file, row,
        column, value and reason.
    """
    table, frame = raw.table, raw.frame
    problems: list[tuple[int, str, str, str]] = [(p.row, p.column, p.value, p.reason) for p in raw.problems]
    notes: list[tuple[int, str, str, str]] = []
    blank = english(BLANK)
    typed = pd.DataFrame(index=frame.index)
    for column in table.columns:
        if column.name not in frame.columns:
            if column.default is not None:
                typed[column.name] = pd.Series(column.default, index=frame.index, dtype="str")
            continue
        values, errors = read_cells(frame[column.name], column)
        typed[column.name] = values
        for row, message in errors.items():
            noted = not column.required and message != blank
            (notes if noted else problems).append((row, column.name, _show(frame.at[row, column.name]), message))
    # Columns the dictionary does not know are kept, as text; added at once, so a wide file costs linear time.
    unknown = {name: _read_text(frame[name].where(~frame[name].map(_is_blank).astype(bool)), None)[0].astype("str")
               for name in frame.columns if name not in typed.columns}
    if unknown:
        typed = pd.concat([typed, pd.DataFrame(unknown, index=frame.index)], axis=1)
    inferred = _fill_unit_types(typed, problems) if table.name == "units" and "unit_name" in typed.columns else []

    def cell(row: int, column: str) -> str:
        return _show(frame.at[row, column]) if column in frame else ""

    failed = {row for row, *_ in problems}
    candidates = _rows(typed, ~typed.index.isin(failed))
    for row, column, reason in _check_with_pandera(candidates, table):
        problems.append((row, column, cell(row, column), reason))
        failed.add(row)
    candidates = _rows(typed, ~typed.index.isin(failed))
    for row, column, reason in _duplicates(candidates, table):
        problems.append((row, column, cell(row, column), reason))
        failed.add(row)

    is_failed = typed.index.isin(failed)
    # A rejected row's unreadable optional cells are part of why it was rejected.
    problems += [note for note in notes if note[0] in failed]
    notes = [note for note in notes + inferred if note[0] not in failed]
    if table.name == "absences":
        notes += [(row, "start_date", cell(row, "start_date"), reason)
                  for row, reason in _overlapping_spells(_rows(typed, ~is_failed))]
    return Validated(table.name, raw.path.name, _rows(typed, ~is_failed), _listing(raw, problems), raw.rows_read,
                     typed.loc[is_failed], _listing(raw, notes))


def _rows(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """``frame.loc[keep]``, without copying every cell of a table none of whose rows is left out."""
    return frame if keep.all() else frame.loc[keep]


def _listing(raw: RawTable, entries: list[tuple[int, str, str, str]]) -> pd.DataFrame:
    """Rejects or notes, one row per (row, column, value, reason), ordered by row and column."""
    listing = pd.DataFrame(
        [(raw.table.name, raw.path.name, row, column, value, reason) for row, column, value, reason in entries],
        columns=REJECT_COLUMNS,
    ).astype({"row": "int64"})
    return listing.sort_values(["row", "column"], kind="stable").reset_index(drop=True)


def _fill_unit_types(typed: pd.DataFrame, problems: list[tuple[int, str, str, str]]) -> list[tuple[int, str, str, str]]:
    """Give each unit whose type is absent or blank the type its name gives, and return a note for each.

    A unit whose name gives no type is added to ``problems``.
    """
    if "unit_type" not in typed.columns:
        typed["unit_type"] = pd.Series(pd.NA, index=typed.index, dtype="str")
    notes = []
    missing = typed["unit_type"].isna() & typed["unit_name"].notna()
    for row, name in typed.loc[missing, "unit_name"].items():
        unit_type = unit_type_from_name(name)
        if unit_type is None:
            problems.append((row, "unit_type", "", english("no_unit_type", name=quoted(name))))
        else:
            typed.at[row, "unit_type"] = unit_type
            notes.append((row, "unit_type", "", english("unit_type_inferred", unit_type=unit_type, name=repr(name))))
    return notes


def _overlapping_spells(spells: pd.DataFrame) -> list[tuple[int, str]]:
    """(row, reason) for each pair of absences of one NIP whose days overlap, once on each row, naming the other.

    The rows are kept: the days they share are counted once.
    """
    ordered = spells.dropna(subset=["nip", "start_date", "end_date"]).sort_values(["nip", "start_date", "end_date"])
    rows, nips = ordered.index.tolist(), ordered["nip"].tolist()
    starts, ends = ordered["start_date"].tolist(), ordered["end_date"].tolist()

    def reason(other: int) -> str:
        return english("overlaps", row=rows[other], start=f"{starts[other]:%Y-%m-%d}", end=f"{ends[other]:%Y-%m-%d}")

    found = []
    for first in range(len(rows)):
        # Ordered by start: the later spells that overlap this one come right after it.
        later = first + 1
        while later < len(rows) and nips[later] == nips[first] and starts[later] <= ends[first]:
            found += [(rows[first], reason(later)), (rows[later], reason(first))]
            later += 1
    return found


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)[:200]


# --- reading cells -----------------------------------------------------------------------------


def read_cells(cells: pd.Series, column: Column) -> tuple[pd.Series, dict[int, str]]:
    """Read the cells of one column by its kind.

    Parameters
    ----------
    cells
        Raw cells (text from CSV, typed values from XLSX or Parquet).
    column
        The dictionary's column.

    Returns
    -------
    values, errors
        Typed values (missing where blank or unreadable) and, per row number,
        the reason a cell could not be read or is blank though required.
    """
    if _repeats(cells):  # exports repeat dates, NIPs and codes a lot: each distinct value is read once
        codes, distinct = pd.factorize(cells, use_na_sentinel=False)  # a missing cell is a value of its own
        values, errors = _read_cells(pd.Series(distinct, dtype=cells.dtype), column)
        repeated = pd.Series(values.to_numpy()[codes], index=cells.index, dtype=values.dtype)
        failed = np.isin(codes, np.fromiter(errors, dtype=np.int64, count=len(errors)))
        return repeated, {row: errors[code] for row, code in zip(cells.index[failed], codes[failed], strict=True)}
    return _read_cells(cells, column)


_REPEATS_SAMPLE = 20_000
"""Cells, spread over a long text column, whose distinct values say whether the column's values repeat."""


def _repeats(cells: pd.Series) -> bool:
    """Whether a long text column holds at most half as many distinct values as cells, judged on a sample."""
    if not isinstance(cells.dtype, pd.StringDtype) or len(cells) < 2 * _REPEATS_SAMPLE:
        return False
    sample = cells.iloc[:: len(cells) // _REPEATS_SAMPLE]
    return sample.nunique(dropna=False) * 2 <= len(sample)


def _read_cells(cells: pd.Series, column: Column) -> tuple[pd.Series, dict[int, str]]:
    """:func:`read_cells`, cell by cell."""
    if isinstance(cells.dtype, pd.StringDtype):
        blank = cells.isna() | cells.str.strip().eq("")
    elif _holds_text(cells):
        blank = cells.map(_is_blank).astype(bool)
    else:  # numbers, dates or times: only a missing cell can be blank
        blank = cells.isna()
        blank[blank.to_numpy()] = cells[blank].map(_is_blank).to_numpy(dtype=bool)
    reader = _READERS[column.kind]
    values, errors = reader(cells.where(~blank), column)
    if column.default is not None:
        values = values.where(~blank, column.default)
    elif needs_value(column):
        for row in cells.index[blank]:
            errors.setdefault(row, english(BLANK))
    if column.kind in _DTYPES:
        values = values.astype(_DTYPES[column.kind])
    else:
        values = values.astype("str")
    return values, errors


_WITHOUT_TEXT = frozenset({"empty", "integer", "floating", "mixed-integer-float", "decimal", "complex", "boolean",
                           "datetime64", "datetime", "date", "timedelta64", "timedelta", "time", "period"})
"""What ``pandas.api.types.infer_dtype`` calls a column none of whose cells is text."""


def _holds_text(cells: pd.Series) -> bool:
    """Whether some cell may be text; pandas infers the kind of a whole column in C, not cell by cell."""
    return pd.api.types.infer_dtype(cells, skipna=True) not in _WITHOUT_TEXT


def _is_blank(cell: object) -> bool:
    if cell is None or cell is pd.NA or cell is pd.NaT:
        return True
    if isinstance(cell, float):
        return math.isnan(cell)
    return isinstance(cell, str) and not cell.strip()


def _by_unique(cells: pd.Series, read_one: Callable[[object], tuple[object, str | None]]
               ) -> tuple[pd.Series, dict[int, str]]:
    """Apply ``read_one`` once per distinct cell value: logs repeat values a lot."""
    present = cells.dropna()
    if isinstance(present.dtype, pd.StringDtype):
        codes, distinct = pd.factorize(present)
        results, errors = zip(*map(read_one, distinct)) if len(distinct) else ((), ())
        values = pd.Series(np.array(results, dtype=object)[codes], index=present.index)
        failed = np.array([bool(error) for error in errors], dtype=bool)[codes]
        return (values.reindex(cells.index),
                {row: errors[code] for row, code in zip(present.index[failed], codes[failed], strict=True)})
    # Typed cells (XLSX): 1, 1.0 and True are equal as keys, so key on the type too.
    keyed = {(type(value), value): read_one(value) for value in present}
    values = present.map(lambda v: keyed[(type(v), v)][0])
    errors = {row: keyed[(type(v), v)][1] for row, v in present.items() if keyed[(type(v), v)][1]}
    return values.reindex(cells.index), errors


_OTHER_WHITE_SPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                      "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
"""Every character but the space that Python's ``\\s`` matches in text; pyarrow's ``\\s`` misses some."""
_UNEVEN_SPACE = f"[{_OTHER_WHITE_SPACE}]|  "
"""What ``\\s+`` changes when made one space: two spaces, or any other white space (a pattern pyarrow runs)."""


def _read_text(cells: pd.Series, column: Column | None) -> tuple[pd.Series, dict[int, str]]:
    """Text with runs of white space made one space; a known value of ``column.choices`` in its canonical form."""
    if isinstance(cells.dtype, pd.StringDtype):
        # Python's regex for the few cells with white space other than single spaces; pyarrow finds them.
        uneven = cells.str.contains(_UNEVEN_SPACE, regex=True, na=False)
        text = cells.mask(uneven, cells[uneven].str.replace(r"\s+", " ", regex=True)).str.strip()
    else:
        def one(value: object) -> tuple[object, str | None]:
            if isinstance(value, float) and value.is_integer():
                return str(int(value)), None
            if isinstance(value, datetime):
                return value.isoformat(sep=" "), None
            return re.sub(r"\s+", " ", str(value)).strip(), None

        text, _ = _by_unique(cells, one)
    if column is not None and column.choices:
        lookup = _choice_lookup(column)
        text = text.map({value: lookup.get(_spelling(value), value) for value in text.dropna().unique()})
    return text, {}


def _read_nip(cells: pd.Series, column: Column) -> tuple[pd.Series, dict[int, str]]:
    today = date.today()

    def one(value: object) -> tuple[object, str | None]:
        try:
            return parse_nip(value, today).digits, None
        except InvalidNip as error:
            return None, str(error)

    if not isinstance(cells.dtype, pd.StringDtype):
        return _by_unique(cells, one)
    # Cells that are a valid NIP's 18 digits are judged column-wise; parse_nip reads the others.
    as_written = valid_as_written(cells, today)
    values, errors = _by_unique(cells.mask(as_written), one)
    return cells.where(as_written, values), errors


def _spelling(value: object) -> str:
    """A value as choices are matched: its letters and digits in lower case ("C.T." and "ct" alike); a value
    without any, such as "+" or "-", as written."""
    return normalise_header(value).replace(" ", "") or str(value).strip()


def _choice_lookup(column: Column) -> dict[str, str]:
    """Map each spelling of ``column.choices`` (:func:`_spelling`) to its canonical value."""
    lookup: dict[str, str] = {}
    for value, spellings in (column.choices or {}).items():
        for spelling in (value, *spellings):
            lookup[_spelling(spelling)] = value
    return lookup


def _read_choice(cells: pd.Series, column: Column) -> tuple[pd.Series, dict[int, str]]:
    lookup = _choice_lookup(column)
    allowed = choices_shown(column)

    def one(value: object) -> tuple[object, str | None]:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        found = lookup.get(_spelling(value))
        if found is None:
            return None, english("not_allowed", value=repr(str(value)[:60]), choices=allowed)
        return found, None

    return _by_unique(cells, one)


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_COMMA_DECIMAL = re.compile(r"[+-]?\d+,\d+")
_DOT_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_COMMA_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def _parse_number(value: object, comma_decimal: bool) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
    if comma_decimal and (_DOT_THOUSANDS.fullmatch(text) or _COMMA_DECIMAL.fullmatch(text)):
        return float(text.replace(".", "").replace(",", "."))
    if _PLAIN_NUMBER.fullmatch(text):
        return float(text)
    if _COMMA_DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    if _COMMA_THOUSANDS.fullmatch(text):
        return float(text.replace(",", ""))
    if _DOT_THOUSANDS.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    return None


def _read_number(cells: pd.Series, column: Column) -> tuple[pd.Series, dict[int, str]]:
    # A column written with decimal commas anywhere uses "." only for thousands.
    text = cells.dropna().astype(str)
    comma_decimal = bool(text.str.fullmatch(_COMMA_DECIMAL.pattern).any())
    whole = column.kind == "integer"
    answers = {normalise_header(label): i for i, label in enumerate(column.labels, start=1)}

    def one(value: object) -> tuple[object, str | None]:
        shown = repr(str(value)[:60])
        if column.duration:
            minutes = _minutes(value, comma_decimal)
            return (minutes, None) if minutes is not None else (None, english("not_duration", value=shown))
        number = _parse_number(value, comma_decimal)
        if number is None and answers:
            answer = answers.get(normalise_header(_OPTION_LETTER.sub("", str(value))))
            if answer is None:
                return None, english("not_answer", value=shown, question=UNSUR_NAMES.get(column.name, column.name),
                                     low=plain_number(column.minimum), high=plain_number(column.maximum),
                                     labels=", ".join(column.labels))
            return answer, None
        if number is None or (whole and not number.is_integer()):
            return None, english("not_whole_number" if whole else "not_number", value=shown)
        if whole and abs(number) > 2**53:
            return None, english("too_large", value=shown)
        return (int(number) if whole else number), None

    return _by_unique(cells, one)


_OPTION_LETTER = re.compile(r"^\s*\(?[a-d]\s*[.)]\s*", re.IGNORECASE)
"""The option letter of a questionnaire's answer: "a.", "B)", "(c)"."""
_CLOCK = re.compile(r"(\d{1,2}):([0-5]\d)(?::([0-5]\d))?")
_SPOKEN = re.compile(r"(?:(\d+(?:[.,]\d+)?) ?jam)? ?(?:(\d+) ?(?:menit|mnt))?")


def _minutes(value: object, comma_decimal: bool) -> int | None:
    """Whole minutes of a duration: 90, 1:30, 01:30:00, 90 menit, 1 jam 30 menit, 1,5 jam, an Excel time."""
    if isinstance(value, time):
        return _round_minutes(value.hour * 3600 + value.minute * 60 + value.second)
    if isinstance(value, timedelta):
        return _round_minutes(value.total_seconds())
    number = _parse_number(value, comma_decimal)
    if number is not None:
        return _whole(number)
    text = re.sub(r"\s+", " ", str(value).lower()).strip()
    clock = _CLOCK.fullmatch(text)
    if clock:
        return _round_minutes(int(clock[1]) * 3600 + int(clock[2]) * 60 + int(clock[3] or 0))
    spoken = _SPOKEN.fullmatch(text)
    if spoken and (spoken[1] or spoken[2]):
        hours = float((spoken[1] or "0").replace(",", "."))
        return _whole(round(hours * 60, 6) + int(spoken[2] or 0))
    return None


def _round_minutes(seconds: float) -> int:
    """Seconds as whole minutes, half a minute and more rounded up."""
    return int(seconds // 60) + (seconds % 60 >= 30)


def _whole(number: float) -> int | None:
    """``number`` as an int when it is whole and not too large, else None."""
    return int(number) if math.isfinite(number) and number.is_integer() and abs(number) <= 2**53 else None


def _read_quarter(cells: pd.Series, column: Column) -> tuple[pd.Series, dict[int, str]]:
    def one(value: object) -> tuple[object, str | None]:
        try:
            return Quarter.parse(str(value)).label, None
        except InvalidQuarter as error:
            return None, str(error).rstrip(".")

    return _by_unique(cells, one)


def _read_moments(cells: pd.Series, column: Column) -> tuple[pd.Series, dict[int, str]]:
    with_time = column.kind == "datetime"
    present = cells.dropna()
    holds_text = _holds_text(present)
    if holds_text and not isinstance(present.dtype, pd.StringDtype):
        is_text = present.map(lambda v: isinstance(v, str)).astype(bool)
    else:  # a text column, or one without any text
        is_text = pd.Series(holds_text, index=present.index)
    typed = _typed_moments(present[~is_text])
    result = typed.reindex(cells.index)
    text = present[is_text].str.strip()
    errors: dict[int, str] = {}
    month_first, mixed = _date_order(text)
    for row in mixed.index:
        errors[row] = english("mixed_date_order", column=column.name, **mixed[row])
    text = text.drop(mixed.index)
    dates = [_MONTH_FIRST.get(fmt, fmt) if month_first else fmt for fmt in _DATE_FORMATS]
    formats = [f"{d} {t}" for d in dates for t in _TIME_FORMATS] + dates
    if not with_time:
        # A date column reads the day of a date and time (a web form's timestamp).
        formats = dates + [f"{d} {t}" for d in dates for t in _TIME_FORMATS]
    remaining = text
    for fmt in _most_used_first(formats, text):
        if remaining.empty:
            break
        parsed = pd.to_datetime(remaining, format=fmt, errors="coerce")
        hit = parsed.notna()
        result[remaining.index[hit]] = parsed[hit]
        remaining = remaining[~hit]
    if with_time and not remaining.empty:
        # ISO 8601 with a "T" or an offset, as APIs export; offsets become local (WITA) time.
        has_offset = remaining.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True)
        parsed = pd.concat([
            pd.to_datetime(remaining[~has_offset], format="ISO8601", errors="coerce"),
            pd.to_datetime(remaining[has_offset], format="ISO8601", errors="coerce", utc=True)
            .dt.tz_convert("Asia/Makassar").dt.tz_localize(None),
        ]).astype("datetime64[us]")
        hit = parsed.notna()
        result[parsed.index[hit]] = parsed[hit]
        remaining = remaining[~remaining.index.isin(parsed.index[hit])]
    not_read = "not_date_time" if with_time else "not_date"
    for row in remaining.index:
        errors[row] = english(not_read, value=repr(str(cells[row])[:60]))
    for row in typed.index[typed.isna()]:
        errors[row] = english(not_read, value=repr(_show(cells[row])))
    if not with_time:
        result = result.dt.normalize()
    outside = result.notna() & ((result.dt.year < 1900) | (result.dt.year > 2100))
    for row in result.index[outside]:
        errors[row] = english("value_outside_years", value=repr(_show(cells[row])))
    result[outside] = pd.NaT
    return result, errors


def _date_order(text: pd.Series) -> tuple[bool, pd.Series]:
    """Decide, for a whole column, whether dates written d/m/yyyy or m/d/yyyy put the month first.

    A value whose second part is over 12 (3/14/2026) shows the month first; one
    whose first part is over 12 (14/3/2026) the day first. A column without
    either is read day-first. Never decided row by row: in a column showing
    both orders, every such date is in doubt.

    Returns
    -------
    month_first, mixed
        Whether to read the column month-first, and for a column showing both
        orders, per row with a date in doubt, the two examples for the reason
        ``mixed_date_order`` (empty otherwise).
    """
    # The pattern reads at most 11 characters, so the distinct beginnings decide: a column of
    # date-times has far fewer of them than values.
    beginnings = text.str.slice(0, _TWO_PARTS_READS)
    values = pd.Series(beginnings.unique(), dtype="str")
    parts = values.str.extract(_TWO_PARTS_FIRST).astype(float)
    day_first, month_first = values[parts[0] > 12], values[parts[1] > 12]
    if day_first.empty or month_first.empty:
        return not month_first.empty, pd.Series(dtype=object)

    def first_value(beginning: str) -> str:
        """The first value of the column that begins so (the first such distinct value)."""
        return text.iloc[int(beginnings.eq(beginning).to_numpy(dtype=bool).argmax())]

    example = {"day_first": repr(first_value(day_first.iloc[0])),
               "month_first": repr(first_value(month_first.iloc[0]))}
    in_doubt = text.str.match(_TWO_PARTS_FIRST)
    return False, pd.Series([example] * int(in_doubt.sum()), index=text.index[in_doubt], dtype=object)


def _most_used_first(formats: list[str], text: pd.Series, sample: int = 200) -> list[str]:
    """Order formats by how many of the first cells they read: a file mostly uses one format."""
    head = text.head(sample)
    if head.empty:
        return formats
    hits = {fmt: int(pd.to_datetime(head, format=fmt, errors="coerce").notna().sum()) for fmt in formats}
    return sorted(formats, key=lambda fmt: -hits[fmt])


def _typed_moments(cells: pd.Series) -> pd.Series:
    """:func:`_typed_moment` of each cell, as datetime64[us] (NaT where it gives none).

    A column of timestamps or of dates alone (Parquet) is converted at once.
    """
    if cells.dtype.kind == "M":
        return cells.astype("datetime64[us]")
    if not cells.empty and all(type(cell) is date for cell in cells):
        return pd.to_datetime(cells).astype("datetime64[us]")
    return pd.Series([_typed_moment(cell) for cell in cells], index=cells.index, dtype="datetime64[us]")


def _typed_moment(value: object) -> datetime | None:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        # An Excel serial date in a numeric cell (1900 date system).
        return _EXCEL_EPOCH + timedelta(days=float(value))
    return None


_READERS: dict[str, Callable[[pd.Series, Column], tuple[pd.Series, dict[int, str]]]] = {
    "text": _read_text,
    "unit": _read_text,
    "nip": _read_nip,
    "choice": _read_choice,
    "integer": _read_number,
    "number": _read_number,
    "date": _read_moments,
    "datetime": _read_moments,
    "quarter": _read_quarter,
}


# --- checking with pandera ---------------------------------------------------------------------


def build_schema(table: Table, present: set[str]) -> pa.DataFrameSchema:
    """Build the pandera schema of ``table`` for the columns ``present`` in a file.

    Each column is checked for its type; every rule of :func:`kinerja.data.rules.rules_for`
    that the columns allow is a DataFrame check whose error is ``"column: reason"``.

    Parameters
    ----------
    table
        The dictionary's table.
    present
        Canonical columns found in the file (optional ones may be absent).
    """
    import pandera.pandas as pa  # only validation needs it: opening a stored snapshot does not (0.8 s to import)

    columns = {column.name: pa.Column(_DTYPES.get(column.kind, "str"), nullable=True)
               for column in table.columns if column.name in present}
    checks = [pa.Check(pandas_passes(rule), error=f"{rule.column}: {rule.reason}", name=f"{table.name}.{rule.column}")
              for rule in rules_for(table) if rule.applies(present)]
    return pa.DataFrameSchema(columns, checks=checks, strict=False, coerce=False)


def _check_with_pandera(frame: pd.DataFrame, table: Table) -> list[tuple[int, str, str]]:
    if frame.empty:
        return []
    from pandera.errors import SchemaErrors

    schema = build_schema(table, set(frame.columns))
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as errors:
        return _failures(errors.failure_cases)
    return []


def _failures(cases: pd.DataFrame) -> list[tuple[int, str, str]]:
    """The first failing rule of each (row, column); any other failure (a column's type) is a bug."""
    found: dict[tuple[int, str], str] = {}
    for case in cases.itertuples(index=False):
        if case.schema_context != "DataFrameSchema" or case.index is None or pd.isna(case.index):
            raise ValueError(f"pandera reported a failure that is not a rule of a row: {case.check}")
        column, _, reason = str(case.check).partition(": ")
        found.setdefault((int(case.index), column), reason)
    return [(row, column, reason) for (row, column), reason in found.items()]


def _duplicates(frame: pd.DataFrame, table: Table) -> list[tuple[int, str, str]]:
    key = [name for name in table.key if name in frame.columns]
    has_key = frame[key].notna().all(axis=1) if key else pd.Series(False, index=frame.index)
    found: list[tuple[int, str, str]] = []
    checks = [(key, has_key)]
    if table.whole_row_duplicates:
        checks.append((list(frame.columns), ~has_key))
    for subset, rows in checks:
        part = frame.loc[rows, subset] if subset else frame.iloc[0:0]
        if part.empty:
            continue
        repeated = part.duplicated(keep=False)
        if not repeated.any():
            continue
        groups = part[repeated].astype(str).groupby(list(part.columns), sort=False, dropna=False)
        column = subset[0] if subset is key else frame.columns[0]
        for _, group in groups:
            first = int(group.index[0])
            reason = (english("duplicate_key", first=first, columns=", ".join(subset)) if subset is key
                      else english("duplicate_row", first=first))
            for row in group.index[1:]:
                found.append((int(row), column, reason))
    return found
