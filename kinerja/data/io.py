"""Read exported files (CSV, XLSX, Parquet) into raw tables with canonical headers.

Reading is separate from validation: here a file becomes a DataFrame whose
index is the row number a user sees in the file, whose known columns carry
canonical names and whose cells are still as written (text for CSV, the
cell's own type for XLSX). Problems with the whole file raise ``DataError``,
whose message is one sentence naming the file, whatever the library that read
it raised; problems with single rows (too many fields, a row above the header
that is not a title) become rejects.

Reading is bounded so that a small file cannot take long: a table has at most
``MAX_COLUMNS`` columns and a workbook is streamed. A sheet is read to its
last row, also below a long run of blank rows, so that no row is lost; the
rows a workbook leaves out (a styled empty cell at A1048576) cost next to
nothing.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from kinerja.core.errors import DataError
from kinerja.data.dictionary import Table, header_lookup, normalise_header
from kinerja.data.reasons import delimiter_name, english

DATA_SUFFIXES = (".csv", ".xlsx", ".parquet")
HEADER_SEARCH_ROWS = 30
"""Title rows above the header are skipped; the header is sought in this many rows."""
DELIMITERS = (",", ";", "\t")
RESERVED_COLUMNS = frozenset({"source_row"})
"""Names the loader adds itself; a file's own column of that name is renamed."""
MAX_COLUMNS = 1_000
"""A table has at most this many columns: a header row whose last name is further
right is refused. In a workbook, cells right of this column (plus one, so that
a header too wide is seen) are not read; in a CSV a row with text there is a reject."""
_XLSX_MERGES_MAX_BYTES = 20_000_000
"""Merged cells are filled when the sheet's XML is at most this large: merges are
listed after the data, so finding them reads the XML a second time. Above it a
merged range keeps its value in its top-left cell only."""
_MERGE_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([^"]{1,40})"')
_BYTE_ORDER_MARKS = ((b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"))
_SHOWN = 60
"""A value quoted in a message is cut to this many characters."""


@dataclass
class RowProblem:
    """A row that could not be read into the table at all."""

    row: int
    column: str
    value: str
    reason: str


@dataclass
class RawTable:
    """A file read into canonical columns, not yet validated.

    Attributes
    ----------
    table
        The dictionary's definition of the table.
    path
        The file read.
    frame
        One row per non-blank data row, indexed by the row number in the file.
        Known columns have canonical names; other columns keep their header.
    unknown_columns
        Headers the dictionary does not know, kept as they are.
    problems
        Rows that could not be read (too many fields, or a row above the
        header that is not a title).
    """

    table: Table
    path: Path
    frame: pd.DataFrame
    unknown_columns: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        """Non-blank data rows in the file, including unreadable ones."""
        return len(self.frame) + len(self.problems)


def read_table_file(path: Path, table: Table) -> RawTable:
    """Read one file of ``table``.

    Parameters
    ----------
    path
        A ``.csv``, ``.xlsx`` or ``.parquet`` file.
    table
        The table the file holds.

    Returns
    -------
    RawTable
        The rows below the header, and as problems the rows that could not be
        read, so that every non-blank row but the header and titles is one or
        the other.

    Raises
    ------
    DataError
        When the file cannot be read (damaged, of a mixed encoding), has no
        recognisable header, a header wider than ``MAX_COLUMNS`` or lacks a
        required column.
    """
    suffix = path.suffix.lower()
    delimiter: str | None = None
    if suffix == ".csv":
        grid, widths, delimiter = _read_csv_grid(path)
    elif suffix == ".xlsx":
        grid, widths = _read_xlsx_grid(path)
    elif suffix == ".parquet":
        return _read_parquet(path, table)
    else:
        raise DataError(f"{path.name}: files of type {_short(suffix) or '(none)'} are not read; "
                        f"save the table as .csv, .xlsx or .parquet.")
    if grid.empty:
        raise DataError(f"{path.name} is empty; expected a header row with the columns of the "
                        f"{table.name} table ({_expected_headers(table)}).")
    position = _find_header(grid, table, path, delimiter)
    header_row = int(grid.index[position])
    header = grid.iloc[position].tolist()
    if delimiter is None:
        named = int(widths.iloc[position])  # a workbook's row is read up to MAX_COLUMNS + 1; this is its width
    else:
        header = header[: int(widths.iloc[position])]
        named = _filled_width(header)
    if named > MAX_COLUMNS:
        raise DataError(f"{path.name} has {named:,} columns in its header row {header_row}, more than the "
                        f"{MAX_COLUMNS:,} a table may have; remove the columns that are not part of the "
                        f"{table.name} table.")
    header = header[:MAX_COLUMNS]
    columns, unknown = map_header(header, table, path, header_row)
    problems = _above_header(grid.iloc[:position], header_row, delimiter)
    data = grid.iloc[position + 1:]
    if delimiter is not None:
        data, ragged = _split_off_ragged(data, widths.iloc[position + 1:], len(header), delimiter)
        problems += ragged
    frame = _name_columns(data, header, columns)
    return RawTable(table, path, frame, unknown, problems)


def _expected_headers(table: Table) -> str:
    return ", ".join(
        column.aliases[0] if column.aliases else column.name for column in table.columns if column.required
    )


def _decode(path: Path, data: bytes) -> str:
    """The text of a CSV file: UTF-8, UTF-16 with a byte-order mark, or Windows cp1252."""
    if data.startswith(b"PK\x03\x04"):
        raise DataError(f"{path.name} is an Excel or zip file, not CSV text; rename it to .xlsx "
                        f"or export it again as CSV.")
    for mark, encoding, name in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                text = data[len(mark):].decode(encoding)
            except UnicodeDecodeError as error:
                raise DataError(f"{path.name} starts as {name} text but byte {error.start + len(mark) + 1} "
                                f"is not {name}; export it again as CSV UTF-8.") from None
            if "\x00" in text:
                raise DataError(f"{path.name} holds binary data after its {name} byte-order mark; expected "
                                f"a CSV export (UTF-8, UTF-16 or Windows cp1252).")
            return text
    if b"\x00" in data[:65536]:
        raise DataError(f"{path.name} holds binary data (or UTF-16 text without a byte-order mark), not CSV "
                        f"text; expected a CSV export (UTF-8, UTF-16 or Windows cp1252).")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    _refuse_mixed_encodings(path, data)
    try:
        # Excel on Windows saves "CSV" in the ANSI code page, cp1252 here.
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise DataError(f"{path.name} is neither UTF-8 nor Windows cp1252 text (byte "
                        f"{error.start + 1} cannot be read); export it again as CSV UTF-8.") from None


def _refuse_mixed_encodings(path: Path, data: bytes) -> None:
    """Refuse text that is not UTF-8 as a whole but has UTF-8 lines beyond ASCII: two encodings in one file.

    Read as cp1252, its UTF-8 lines would turn into nonsense ("CafÃ©"); read as
    UTF-8, its other lines cannot be read at all.
    """
    first_utf8 = first_other = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            first_other = first_other or number
        else:
            first_utf8 = first_utf8 or number
        if first_utf8 and first_other:
            raise DataError(f"{path.name} mixes two encodings: line {first_utf8} is UTF-8 text but line "
                            f"{first_other} is not (it may be Windows cp1252); save the whole file again "
                            f"as CSV UTF-8.")


def _choose_delimiter(text: str) -> str:
    sample = [line for line in _first_lines(text, 60) if line.strip()]
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        widths = [len(fields) for fields in csv.reader(sample, delimiter=delimiter)]
        widths = [w for w in widths if w > 1]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _first_lines(text: str, count: int) -> list[str]:
    """``text.splitlines()[:count]``, without splitting the rest of a large text."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        # With a line after them, the first ``count`` lines and their ends lie whole inside the part.
        if len(lines) > count or size >= len(text):
            return lines[:count]
        size *= 4


def _read_csv_grid(path: Path) -> tuple[pd.DataFrame, pd.Series, str]:
    """Read a CSV file into a grid of text cells indexed by line number.

    Returns the grid (blank lines removed), the number of fields of each row
    and the delimiter.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataError(f"{path.name} cannot be read: {error.strerror}.") from None
    text = _decode(path, data)
    if csv.field_size_limit() < len(text):
        # No field is longer than the text. The limit is the process's and is never lowered again,
        # so that a reader in another thread keeps the limit it relies on.
        csv.field_size_limit(len(text))
    delimiter = _choose_delimiter(text)
    grid = _fast_csv_grid(text, delimiter)
    if grid is None:
        grid = _careful_csv_grid(path, text, delimiter)
    width = grid.attrs.pop("widths", None)
    if grid.shape[1] > len(grid):  # numpy: a wide grid compares slowly column by column
        filled = (grid.to_numpy(dtype=object) != "").any(axis=1)
    else:  # column by column: a long grid turns slowly into Python objects
        filled = grid.ne("").any(axis=1).to_numpy(dtype=bool)
    widths = pd.Series(width if width is not None else grid.shape[1], index=grid.index)
    if filled.all():  # no blank line: a copy of every cell would only cost time
        return grid, widths, delimiter
    return grid[filled], widths[filled], delimiter


def _fast_csv_grid(text: str, delimiter: str) -> pd.DataFrame | None:
    """Parse a regular CSV with Arrow's or pandas' C parser; None when it is not regular.

    A file is regular when every line has the same number of fields and no
    quoted field spans lines, so that record i is line i + 1. Arrow's parser
    (on every core, straight into Arrow text) reads files whose every line
    has as many fields as the first; pandas' also pads shorter lines.
    """
    grid = _arrow_csv_grid(text, delimiter)
    if grid is None:
        try:
            grid = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str, na_filter=False,
                               skip_blank_lines=False, engine="c", quotechar='"')
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
            return None
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if len(grid) != lines or text.count("\r") != text.count("\r\n"):  # a lone carriage return ends a line too
        return None
    grid.index = pd.RangeIndex(1, len(grid) + 1, name="row")
    return grid


def _arrow_csv_grid(text: str, delimiter: str) -> pd.DataFrame | None:
    """Every line as a row of text cells, as pandas' C parser gives them; None unless all have the first's width."""
    first = next(csv.reader([_first_lines(text, 1)[0]] if text.strip() else [], delimiter=delimiter), None)
    if not first:
        return None
    names = [str(position) for position in range(len(first))]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, quote_char='"', ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    # One chunk per column: the reader's many blocks (hundreds in a large log) made every later selection of rows
    # (``take``) walk them all, about a fifth of validating a large table.
    grid = table.combine_chunks().to_pandas(types_mapper={pa.string(): pd.StringDtype(na_value=float("nan"))}.get)
    grid.columns = pd.RangeIndex(len(names))
    return grid


def _careful_csv_grid(path: Path, text: str, delimiter: str) -> pd.DataFrame:
    """Parse any CSV with the csv module, keeping line numbers and field counts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbers: list[int] = []
    rows: list[list[str]] = []
    line = 1
    try:
        for fields in reader:
            numbers.append(line)
            rows.append(fields)
            line = reader.line_num + 1
    except csv.Error as error:
        raise DataError(f"{path.name} line {reader.line_num} cannot be read as CSV ({_short(str(error))}); "
                        f"check the quotes in that line.") from None
    widths = [len(fields) for fields in rows]
    width = max(widths, default=0)
    grid = pd.DataFrame([fields + [""] * (width - len(fields)) for fields in rows],
                        index=pd.Index(numbers, name="row"), dtype="str")
    grid.attrs["widths"] = widths
    return grid


def _read_xlsx_grid(path: Path) -> tuple[pd.DataFrame, pd.Series]:
    """Read the first sheet that holds data into a grid indexed by Excel row number.

    The workbook is streamed (openpyxl's read-only mode), so memory follows the
    data rather than the sheet's extent. Returns the non-blank rows, at most
    ``MAX_COLUMNS + 1`` cells wide, and the width of each up to its last
    non-blank cell (also beyond that bound). A grid without rows means that
    every sheet is empty.
    """
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 - zipfile, zlib, XML and openpyxl raise many types for a damaged file
        raise _unreadable_workbook(path, error) from None
    rows: dict[int, list[Any]] = {}
    widths: dict[int, int] = {}
    try:
        if not workbook.worksheets:
            raise DataError(f"{path.name} is not a readable Excel workbook (it holds no worksheet); open it in "
                            f"Excel and save it again as .xlsx.")
        for sheet in workbook.worksheets:
            rows, widths = _sheet_rows(sheet)
            if rows:
                # openpyxl keeps the sheet's part of the zip only privately; merges are read from it.
                _fill_merged_cells(path, sheet._worksheet_path, rows)
                break
    except (DataError, MemoryError):
        raise
    except Exception as error:  # noqa: BLE001 - as above, while the rows are read
        raise _unreadable_workbook(path, error) from None
    finally:
        workbook.close()
    index = pd.Index(list(rows), name="row", dtype="int64")
    width = max((len(cells) for cells in rows.values()), default=0)
    grid = pd.DataFrame([cells + [None] * (width - len(cells)) for cells in rows.values()], index=index,
                        columns=range(width), dtype=object)
    return grid, pd.Series(widths, index=index, dtype="int64")


def _sheet_rows(sheet: Any) -> tuple[dict[int, list[Any]], dict[int, int]]:
    """The non-blank rows of a read-only sheet by row number, and their widths (see ``_read_xlsx_grid``)."""
    # A sheet's recorded dimension may be wrong; without it, rows end at their last cell.
    sheet.reset_dimensions()
    rows: dict[int, list[Any]] = {}
    widths: dict[int, int] = {}
    # Row i of the iteration is row i of the sheet: openpyxl yields the rows the file leaves out as empty.
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        width = _filled_width(cells)
        if not width:
            continue
        rows[number] = list(cells[: min(width, MAX_COLUMNS + 1)])
        widths[number] = width
    return rows, widths


def _fill_merged_cells(path: Path, member: str, rows: dict[int, list[Any]]) -> None:
    """Give every cell of a merged range in ``rows`` the value of its top-left cell, as Excel shows it.

    Read-only mode does not see merged ranges, so they are read from the
    sheet's XML ``member`` when it is at most ``_XLSX_MERGES_MAX_BYTES`` long.
    Only rows that hold a value are filled, each cell at most once.
    """
    from openpyxl.utils.cell import range_boundaries

    with zipfile.ZipFile(path) as archive, archive.open(member) as source:
        xml = source.read(_XLSX_MERGES_MAX_BYTES + 1)
    if len(xml) > _XLSX_MERGES_MAX_BYTES:
        return
    numbers = list(rows)
    width = max(len(cells) for cells in rows.values())
    budget = len(numbers) * width  # merged ranges do not overlap, so they fill at most every cell once
    for match in _MERGE_CELL.finditer(xml):
        try:
            left, top, right, bottom = range_boundaries(match.group(1).decode("ascii"))
        except (ValueError, TypeError, UnicodeDecodeError):
            continue  # a damaged merge is only lost formatting
        if None in (left, top, right, bottom) or top not in rows or not 0 < left <= len(rows[top]):
            continue
        value = rows[top][left - 1]
        right = min(right, width)
        for number in numbers[bisect_left(numbers, top):bisect_right(numbers, bottom)]:
            budget -= max(right - left + 1, 0)
            if budget < 0:
                return
            cells = rows[number]
            cells.extend([None] * (right - len(cells)))
            cells[left - 1:right] = [value] * (right - left + 1)


def _unreadable_workbook(path: Path, error: Exception) -> DataError:
    """The sentence for a workbook that openpyxl could not read, saying what is wrong without its words."""
    if isinstance(error, OSError) and error.errno is not None:
        return DataError(f"{path.name} cannot be read: {error.strerror}.")
    cause = error.__cause__ if isinstance(error, ValueError) and error.__cause__ is not None else error
    if not zipfile.is_zipfile(path):
        what = "it is not a complete zip archive, as every .xlsx file is"
    elif isinstance(cause, KeyError):
        what = "a part of the workbook is missing"
    elif isinstance(cause, (ParseError, ExpatError, ValueError)):
        what = "the XML inside it is damaged"
    elif isinstance(cause, IndexError):
        what = "a cell refers to text or a style the workbook does not hold"
    else:
        what = "the file is damaged"
    return DataError(f"{path.name} is not a readable Excel workbook ({what}); open it in Excel and save it "
                     f"again as .xlsx.")


def _read_parquet(path: Path, table: Table) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - pyarrow raises many types for a broken file
        raise DataError(f"{path.name} is not a readable Parquet file (it is damaged or not Parquet); write it "
                        f"again with pandas or pyarrow.") from None
    if len(frame.columns) > MAX_COLUMNS:
        raise DataError(f"{path.name} has {len(frame.columns):,} columns, more than the {MAX_COLUMNS:,} a table "
                        f"may have; remove the columns that are not part of the {table.name} table.")
    columns, unknown = map_header(list(frame.columns), table, path, header_row=None)
    frame.columns = [columns.get(i, str(name)) for i, name in enumerate(frame.columns)]
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    return RawTable(table, path, frame, unknown)


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip()) or (
        isinstance(cell, float) and math.isnan(cell)
    )


def _filled_width(cells: Sequence[object]) -> int:
    """The position after the last non-blank cell of ``cells``; 0 when every cell is blank."""
    width = len(cells)
    while width and _blank(cells[width - 1]):
        width -= 1
    return width


def _find_header(grid: pd.DataFrame, table: Table, path: Path, delimiter: str | None) -> int:
    """Return the position in ``grid`` of the row that best matches the table's headers."""
    lookup = header_lookup(table)
    best_position, best_hits = 0, 0
    for position, cells in enumerate(grid.head(HEADER_SEARCH_ROWS).to_numpy(dtype=object).tolist()):
        hits = len({lookup[key] for cell in cells if (key := normalise_header(cell)) in lookup})
        if hits > best_hits:
            best_position, best_hits = position, hits
    if best_hits == 0:
        first = [cell for cell in grid.iloc[0].tolist() if not _blank(cell)]
        if delimiter is not None and len(first) == 1 and re.search(r"[|,;\t]", str(first[0])):
            raise DataError(f"{path.name} has a single column {_short(str(first[0]))!r}; expected "
                            f"columns separated by commas or semicolons.")
        raise DataError(f"{path.name} has no header row for the {table.name} table in its first "
                        f"{HEADER_SEARCH_ROWS} rows; expected headers such as {_expected_headers(table)}.")
    return best_position


def map_header(header: list[object], table: Table, path: Path,
                header_row: int | None) -> tuple[dict[int, str], list[str]]:
    """Map header positions to canonical names; return the map and unknown headers."""
    lookup = header_lookup(table)
    priority = {
        normalise_header(alias): rank
        for column in table.columns
        for rank, alias in enumerate((column.name, *column.aliases))
    }
    chosen: dict[str, tuple[int, int]] = {}
    for position, cell in enumerate(header):
        key = normalise_header(cell) if not _blank(cell) else ""
        if key in lookup:
            name = lookup[key]
            rank = priority[key]
            if name not in chosen or rank < chosen[name][1]:
                chosen[name] = (position, rank)
    columns = {position: name for name, (position, _) in chosen.items()}
    missing = [name for name in table.required_columns if name not in chosen]
    if missing:
        column = table.column(missing[0])
        where = f" (header in row {header_row})" if header_row else ""
        found = _short(", ".join(_short(str(cell).strip()) for cell in header if not _blank(cell)), 80)
        raise DataError(
            f"{path.name}{where} has no column {column.name!r} for the {table.name} table; expected a "
            f"header such as {', '.join(repr(a) for a in (column.aliases or (column.name,))[:3])}; "
            f"found: {found}."
        )
    for group in table.one_of:
        if not any(name in chosen for name in group):
            raise DataError(f"{path.name} needs at least one of the columns "
                            f"{' or '.join(repr(n) for n in group)} for the {table.name} table.")
    unknown = [str(cell).strip() for position, cell in enumerate(header)
               if position not in columns and not _blank(cell)]
    return columns, unknown


def _above_header(rows: pd.DataFrame, header_row: int, delimiter: str | None) -> list[RowProblem]:
    """Reject the rows above the header but for titles.

    A title is a row whose non-blank cells all hold one text: a single cell
    ("LAPORAN AKTIVITAS TRIWULAN III"), or one merged over several cells. Any
    other row above the header holds data the header does not name, so it is
    counted as a reject rather than lost.
    """
    problems: list[RowProblem] = []
    for number, cells in zip(rows.index, rows.to_numpy(dtype=object).tolist(), strict=True):
        if len({str(cell).strip() for cell in cells if not _blank(cell)}) > 1:
            shown = _join(cells[: _filled_width(cells)], delimiter or " | ")
            problems.append(RowProblem(int(number), "", shown, english("above_header", header=header_row)))
    return problems


def _split_off_ragged(data: pd.DataFrame, widths: pd.Series, width: int,
                      delimiter: str) -> tuple[pd.DataFrame, list[RowProblem]]:
    """Take out rows whose fields do not line up with the header."""
    problems: list[RowProblem] = []
    beyond = data.iloc[:, width:].ne("").any(axis=1) if data.shape[1] > width else pd.Series(False, index=data.index)
    single = (widths == 1) & (width > 1) & data.iloc[:, 0].str.contains(r"[,;\t]", regex=True)
    for number in data.index[beyond | single]:
        cells = data.loc[number].tolist()[: int(widths[number])]
        if beyond[number]:
            reason = english("too_many_fields", fields=len(cells), width=width, delimiter=_name_delimiter(delimiter))
        else:
            reason = english("not_separated", delimiter=_name_delimiter(delimiter))
        problems.append(RowProblem(int(number), "", _join(cells, delimiter), reason))
    return data[~(beyond | single)], problems


def _name_columns(data: pd.DataFrame, header: list[object], columns: dict[int, str]) -> pd.DataFrame:
    """Keep the header's columns under canonical or original names."""
    keep: dict[int, str] = {}
    for position in range(min(len(header), data.shape[1])):
        if position in columns:
            keep[position] = columns[position]
        elif not _blank(header[position]):
            keep[position] = str(header[position]).strip()
        elif data.iloc[:, position].map(lambda cell: not _blank(cell)).any():
            keep[position] = f"unnamed_{position + 1}"
    names: list[str] = []
    for name in keep.values():
        unique, n = name, 2
        while unique in names or unique in RESERVED_COLUMNS:
            unique, n = f"{name} ({n})", n + 1
        names.append(unique)
    frame = data.iloc[:, list(keep)].copy()
    frame.columns = names
    frame.index.name = "row"
    return frame


def _join(cells: list[object], delimiter: str) -> str:
    return _short(delimiter.join("" if cell is None else str(cell) for cell in cells), 200)


def _short(text: str, limit: int = _SHOWN) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name_delimiter(delimiter: str) -> str:
    return delimiter_name({",": "comma", ";": "semicolon", "\t": "tab"}[delimiter])
