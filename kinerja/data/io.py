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

from kinerja.core.errors import DataError
from kinerja.data.dictionary import Table, header_lookup, normalise_header
from kinerja.data.reasons import delimiter_name, english

DATA_SUFFIXES = (".csv", ".xlsx", ".parquet")
HEADER_SEARCH_ROWS = 30
"""Title rows above the header are skipped; the header is sought in this many rows."""
DELIMITERS = (",", ";", "\t")
RESERVED_COLUMNS = frozenset({"source_row"})
"""Names the loader adds itself; a file's own column of that name is renamed."""
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
        grid, widths, delimiter = _read_csv_grid(path)
    elif suffix == ".xlsx":
        grid, widths, delimiter = _read_xlsx_grid(path), None, None
    elif suffix == ".parquet":
        return _read_parquet(path, table)
    else:
        raise DataError(f"{path.name}: files of type {suffix or '(none)'} are not read; "
                        f"save the table as .csv, .xlsx or .parquet.")
    if grid.empty:
        raise DataError(f"{path.name} is empty; expected a header row with the columns of the "
                        f"{table.name} table ({_expected_headers(table)}).")
    position = _find_header(grid, table, path, delimiter)
    header_row = int(grid.index[position])
    header = grid.iloc[position].tolist()
    if widths is not None:
        header = header[: int(widths.iloc[position])]
    columns, unknown = map_header(header, table, path, header_row)
    data = grid.iloc[position + 1:]
    problems: list[RowProblem] = []
    if widths is not None and delimiter is not None:
        data, problems = _split_off_ragged(data, widths.iloc[position + 1:], len(header), delimiter)
    frame = _name_columns(data, header, columns)
    return RawTable(table, path, frame, unknown, problems)


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
    delimiter = _choose_delimiter(text)
    grid = _fast_csv_grid(text, delimiter)
    if grid is None:
        grid = _careful_csv_grid(path, text, delimiter)
    width = grid.attrs.pop("widths", None)
    filled = grid.ne("").any(axis=1)
    widths = pd.Series(width if width is not None else grid.shape[1], index=grid.index)
    return grid[filled], widths[filled], delimiter


def _fast_csv_grid(text: str, delimiter: str) -> pd.DataFrame | None:
    """Parse a regular CSV with pandas' C parser; None when it is not regular.

    A file is regular when every line has the same number of fields and no
    quoted field spans lines, so that record i is line i + 1.
    """
    try:
        grid = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str, na_filter=False,
                           skip_blank_lines=False, engine="c", quotechar='"')
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if len(grid) != lines or "\r" in text.replace("\r\n", ""):
        return None
    grid.index = pd.RangeIndex(1, len(grid) + 1, name="row")
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
        raise DataError(f"{path.name} line {reader.line_num}: {error}; check the quotes in that line.") from None
    widths = [len(fields) for fields in rows]
    width = max(widths, default=0)
    grid = pd.DataFrame([fields + [""] * (width - len(fields)) for fields in rows],
                        index=pd.Index(numbers, name="row"), dtype="str")
    grid.attrs["widths"] = widths
    return grid


def _read_xlsx_grid(path: Path) -> pd.DataFrame:
    """Read the first sheet of a workbook into a grid indexed by Excel row number."""
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
        rows = [list(values) for values in sheet.iter_rows(values_only=True)]
        if small:
            # A merged cell shows one value over its whole range; read it that way.
            for merged in sheet.merged_cells.ranges:
                value = rows[merged.min_row - 1][merged.min_col - 1]
                for row in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                    for col in range(merged.min_col - 1, min(merged.max_col, len(rows[row]))):
                        rows[row][col] = value
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as error:
        raise DataError(f"{path.name} is not a readable Excel workbook (.xlsx): "
                        f"{str(error) or type(error).__name__}.") from None
    finally:
        workbook.close()
    width = max((len(row) for row in rows), default=0)
    grid = pd.DataFrame([row + [None] * (width - len(row)) for row in rows],
                        index=pd.RangeIndex(1, len(rows) + 1, name="row"), dtype=object)
    filled = grid.map(lambda cell: not _blank(cell)).any(axis=1) if len(grid) else pd.Series(dtype=bool)
    return grid[filled]


def _read_parquet(path: Path, table: Table) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # pyarrow raises many types for a broken file
        raise DataError(f"{path.name} is not a readable Parquet file: {error}.") from None
    columns, unknown = map_header(list(frame.columns), table, path, header_row=None)
    frame.columns = [columns.get(i, str(name)) for i, name in enumerate(frame.columns)]
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    return RawTable(table, path, frame, unknown)


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip()) or (
        isinstance(cell, float) and cell != cell
    )


def _find_header(grid: pd.DataFrame, table: Table, path: Path, delimiter: str | None) -> int:
    """Return the position in ``grid`` of the row that best matches the table's headers."""
    lookup = header_lookup(table)
    best_position, best_hits = 0, 0
    for position, cells in enumerate(grid.head(HEADER_SEARCH_ROWS).itertuples(index=False)):
        hits = len({lookup[key] for cell in cells if (key := normalise_header(cell)) in lookup})
        if hits > best_hits:
            best_position, best_hits = position, hits
    if best_hits == 0:
        first = [cell for cell in grid.iloc[0].tolist() if not _blank(cell)]
        if delimiter is not None and len(first) == 1 and re.search(r"[|,;\t]", str(first[0])):
            raise DataError(f"{path.name} has a single column {str(first[0])[:60]!r}; expected "
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
    return delimiter.join("" if cell is None else str(cell) for cell in cells)[:200]


def _name_delimiter(delimiter: str) -> str:
    return delimiter_name({",": "comma", ";": "semicolon", "\t": "tab"}[delimiter])
