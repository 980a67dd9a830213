"""Read exported files (CSV, XLSX, Parquet) into raw tables with canonical headers.

Reading is separate from validation: here a file becomes a DataFrame whose
index is the row number a user sees in the file, whose known columns carry
canonical names and whose cells are still as written (text for CSV, the
cell's own type for XLSX). Problems with the whole file raise ``DataError``;
problems with single rows (too many fields) become rejects.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kinerja.dictionary import Table, header_lookup, normalise_header
from kinerja.errors import DataError

DATA_SUFFIXES = (".csv", ".xlsx", ".parquet")
HEADER_SEARCH_ROWS = 30
"""Title rows above the header are skipped; the header is sought in this many rows."""
DELIMITERS = (",", ";", "\t")
_XLSX_FILL_MERGED_MAX_BYTES = 20_000_000
"""Below this size a workbook is opened fully so merged cells can be filled;
above it, read-only streaming keeps memory flat."""


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
        Rows that could not be read (for example too many fields).
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

    Raises
    ------
    DataError
        When the file cannot be read, has no recognisable header or lacks a
        required column.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, problems, delimiter = _read_csv_rows(path)
    elif suffix == ".xlsx":
        rows, problems, delimiter = _read_xlsx_rows(path), [], None
    elif suffix == ".parquet":
        return _read_parquet(path, table)
    else:
        raise DataError(f"{path.name}: files of type {suffix or '(none)'} are not read; "
                        f"save the table as .csv, .xlsx or .parquet.")
    if not rows:
        raise DataError(f"{path.name} is empty; expected a header row with the columns of the "
                        f"{table.name} table ({_expected_headers(table)}).")
    header_index = _find_header(rows, table, path, delimiter)
    header_row, header = rows[header_index]
    columns, unknown = _map_header(header, table, path, header_row)
    data = rows[header_index + 1:]
    frame, width_problems = _build_frame(data, header, columns, delimiter)
    raw = RawTable(table, path, frame, unknown, problems + width_problems)
    return raw


def _expected_headers(table: Table) -> str:
    return ", ".join(
        column.aliases[0] if column.aliases else column.name for column in table.columns if column.required
    )


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise DataError(f"{path.name} is an Excel or zip file, not CSV text; rename it to .xlsx "
                        f"or export it again as CSV.")
    if b"\x00" in data[:65536]:
        raise DataError(f"{path.name} holds binary data, not CSV text; expected a CSV export "
                        f"(UTF-8 or Windows cp1252).")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Windows saves "CSV" in the ANSI code page, cp1252 here.
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise DataError(f"{path.name} is neither UTF-8 nor Windows cp1252 text (byte "
                        f"{error.start + 1} cannot be read); export it again as CSV UTF-8.") from None


def _choose_delimiter(text: str) -> str:
    sample = [line for line in text.splitlines()[:60] if line.strip()]
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


def _read_csv_rows(path: Path) -> tuple[list[tuple[int, list[object]]], list[RowProblem], str]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataError(f"{path.name} cannot be read: {error.strerror}.") from None
    text = _decode(path, data)
    delimiter = _choose_delimiter(text)
    rows: list[tuple[int, list[object]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for fields in reader:
            if any(cell.strip() for cell in fields):
                rows.append((line, list(fields)))
            line = reader.line_num + 1
    except csv.Error as error:
        raise DataError(f"{path.name} line {reader.line_num}: {error}; check the quotes in that line.") from None
    return rows, [], delimiter


def _read_xlsx_rows(path: Path) -> list[tuple[int, list[object]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        small = path.stat().st_size <= _XLSX_FILL_MERGED_MAX_BYTES
        workbook = openpyxl.load_workbook(path, read_only=not small, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as error:
        raise DataError(f"{path.name} is not a readable Excel workbook (.xlsx): "
                        f"{str(error) or type(error).__name__}.") from None
    try:
        sheet = workbook.worksheets[0]
        fills: dict[tuple[int, int], object] = {}
        if small:
            # A merged cell shows one value over its whole range; read it that way.
            for merged in sheet.merged_cells.ranges:
                value = sheet.cell(merged.min_row, merged.min_col).value
                for row in range(merged.min_row, merged.max_row + 1):
                    for col in range(merged.min_col, merged.max_col + 1):
                        fills[(row, col)] = value
        rows: list[tuple[int, list[object]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            for (row, col), value in fills.items() if fills else ():
                if row == number and col - 1 < len(cells):
                    cells[col - 1] = value
            if any(not _blank(cell) for cell in cells):
                rows.append((number, cells))
        return rows
    finally:
        workbook.close()


def _read_parquet(path: Path, table: Table) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # pyarrow raises many types for a broken file
        raise DataError(f"{path.name} is not a readable Parquet file: {error}.") from None
    columns, unknown = _map_header(list(frame.columns), table, path, header_row=None)
    frame.columns = [columns.get(i, str(name)) for i, name in enumerate(frame.columns)]
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    return RawTable(table, path, frame, unknown)


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip()) or (
        isinstance(cell, float) and cell != cell
    )


def _find_header(rows: list[tuple[int, list[object]]], table: Table, path: Path,
                 delimiter: str | None) -> int:
    lookup = header_lookup(table)
    best_index, best_hits = 0, 0
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = len({lookup[key] for cell in cells if (key := normalise_header(cell)) in lookup})
        if hits > best_hits:
            best_index, best_hits = index, hits
    if best_hits == 0:
        first = rows[0][1]
        if delimiter is not None and len(first) == 1 and re.search(r"[|,;\t]", str(first[0])):
            raise DataError(f"{path.name} has a single column {str(first[0])[:60]!r}; expected "
                            f"columns separated by commas or semicolons.")
        raise DataError(f"{path.name} has no header row for the {table.name} table in its first "
                        f"{HEADER_SEARCH_ROWS} rows; expected headers such as {_expected_headers(table)}.")
    return best_index


def _map_header(header: list[object], table: Table, path: Path,
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
        found = ", ".join(str(cell) for cell in header if not _blank(cell))[:200]
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


def _build_frame(data: list[tuple[int, list[object]]], header: list[object], columns: dict[int, str],
                 delimiter: str | None) -> tuple[pd.DataFrame, list[RowProblem]]:
    width = len(header)
    names: list[str] = []
    keep: list[int] = []
    for position in range(width):
        if position in columns:
            names.append(columns[position])
            keep.append(position)
        elif not _blank(header[position]):
            names.append(str(header[position]).strip())
            keep.append(position)
    problems: list[RowProblem] = []
    numbers: list[int] = []
    records: list[list[object]] = []
    for number, cells in data:
        extra = [cell for cell in cells[width:] if not _blank(cell)]
        if extra and delimiter is not None:
            problems.append(RowProblem(number, "", _join(cells, delimiter),
                                       f"row has {len(cells)} fields where the header has {width}; "
                                       f"quote text that contains {_name_delimiter(delimiter)}"))
            continue
        if delimiter is not None and width > 1 and len(cells) == 1 and re.search(r"[,;\t]", cells[0]):
            problems.append(RowProblem(number, "", str(cells[0])[:200],
                                       f"row is not separated by {_name_delimiter(delimiter)} like the header"))
            continue
        if len(cells) < width:
            cells = cells + [None] * (width - len(cells))
        numbers.append(number)
        records.append([cells[position] for position in keep])
    frame = pd.DataFrame(records, columns=names, index=pd.Index(numbers, name="row"), dtype=object)
    return frame, problems


def _join(cells: list[object], delimiter: str) -> str:
    return delimiter.join("" if cell is None else str(cell) for cell in cells)[:200]


def _name_delimiter(delimiter: str) -> str:
    return {",": "commas", ";": "semicolons", "\t": "tabs"}[delimiter]
