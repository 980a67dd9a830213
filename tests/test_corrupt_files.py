"""Damaged, huge, oddly encoded and oddly laid out files: one DataError sentence or accounted rows, quickly.

Each case is a file a fuzz campaign or an office produced: a damaged workbook,
a cell or a sheet far larger than its data, rows above the header, UTF-16 or a
file of two encodings, the data on a second sheet. The loader must refuse a
file with one sentence naming it, or read it with every row valid or rejected.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from kinerja.core.errors import DataError
from kinerja.data.dataset import Dataset
from kinerja.data.io import MAX_COLUMNS
from kinerja.data.loading import load_dataset
from kinerja.data.reasons import read_reason

UNITS = "Kode Unit,Nama Unit,Jenis Unit\nKEC,Kantor Camat Cakranegara,kecamatan\nKEL-MY,Kantor Lurah Mayura,kelurahan\n"
HEADER = ["NIP", "Nama", "Unit Kerja", "Golongan", "Jabatan", "Jenis Kelamin", "Tanggal Lahir"]
ROWS = [
    ["196608011988031001", "Lalu Ahmad Zaini", "KEC", "IV/b", "Camat", "L", "01/08/1966"],
    ["198503122010012002", "Baiq Nurul Aini", "Kantor Lurah Mayura", "III/c", "Lurah", "P", "12/03/1985"],
    ["199207152019031005", "I Made Suarta", "KEL-MY", "III/a", "Pengadministrasi Umum", "L", "15/07/1992"],
]
ACTIVITIES = "NIP,Tanggal,Waktu Lapor,Waktu Persetujuan,Status,Uraian\n"
ACTIVITY = "196608011988031001,2026-08-03,2026-08-03 15:10:00,2026-08-04 08:00:00,disetujui,{text}\n"


def folder_with(tmp_path: Path, name: str, content: bytes) -> Path:
    """A data folder of two units and the file ``name`` (the employees, unless ``name`` says otherwise)."""
    folder = tmp_path / "data"
    folder.mkdir(parents=True)
    (folder / "unit_kerja.csv").write_text(UNITS, encoding="utf-8")
    (folder / name).write_bytes(content)
    return folder


def employees_csv(rows: list[list[str]] = ROWS, header: list[str] = HEADER) -> str:
    return "".join(",".join(row) + "\n" for row in [header, *rows])


def workbook(sheets: dict[str, list[list[object]]] | None = None,
             edit: Callable[[openpyxl.Workbook], None] | None = None) -> bytes:
    """A workbook with one sheet per entry of ``sheets`` (the employees on one sheet by default)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in (sheets or {"Data": [HEADER, *ROWS]}).items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if edit is not None:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, edit: Callable[[str, bytes], bytes | None]) -> bytes:
    """The zip ``data`` with each member as ``edit(name, content)`` returns it (None leaves it out)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = edit(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return buffer.getvalue()


def member_offset(data: bytes, member: str) -> int:
    """Where the compressed bytes of ``member`` start in the zip ``data``."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + name_length + extra_length


def refusal(folder: Path, file: str) -> str:
    """The DataError sentence of loading ``folder``, checked to be one short sentence naming ``file``."""
    started = time.perf_counter()
    with pytest.raises(DataError) as raised:
        load_dataset(folder, cache=False)
    sentence = str(raised.value)
    assert time.perf_counter() - started < 10, sentence
    assert "\n" not in sentence and sentence.endswith(".") and len(sentence) < 300, sentence
    assert file in sentence
    return sentence


def loaded(folder: Path, seconds: float = 10) -> Dataset:
    """The dataset of ``folder``, read within ``seconds``, with every row read valid or rejected."""
    started = time.perf_counter()
    dataset = load_dataset(folder, cache=False)
    assert time.perf_counter() - started < seconds
    for name, count in dataset.counts.items():
        assert count.rows == count.valid + count.rejected, name
    return dataset


SHEET = "xl/worksheets/sheet1.xml"
DAMAGED_WORKBOOKS: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "not a zip": lambda data: b"NIP,Nama\n" + data[:50],
    "bad shared-string index": lambda data: rezip(data, lambda name, content: content.replace(
        b'<c r="A1" t="inlineStr"><is><t>NIP</t></is></c>', b'<c r="A1" t="s"><v>7</v></c>')
        if name == SHEET else content),
    "missing sheet": lambda data: rezip(data, lambda name, content: None if name == SHEET else content),
    "broken sheet xml": lambda data: rezip(data, lambda name, content: content[: len(content) // 2]
                                           if name == SHEET else content),
    "broken workbook xml": lambda data: rezip(data, lambda name, content: content[:100]
                                              if name == "xl/workbook.xml" else content),
    "bad deflate data": lambda data: data[: member_offset(data, SHEET)] + b"\x00"
                                     + data[member_offset(data, SHEET) + 1:],
    "damaged sheet data": lambda data: data[: member_offset(data, SHEET) + 40] + b"\x55"
                            + data[member_offset(data, SHEET) + 41:],
}


@pytest.mark.parametrize("damage", sorted(DAMAGED_WORKBOOKS))
def test_a_damaged_workbook_is_one_sentence_saying_to_save_it_again(tmp_path, damage):
    folder = folder_with(tmp_path, "pegawai.xlsx", DAMAGED_WORKBOOKS[damage](workbook()))
    sentence = refusal(folder, "pegawai.xlsx")
    assert sentence.startswith("pegawai.xlsx is not a readable Excel workbook (")
    assert sentence.endswith("; open it in Excel and save it again as .xlsx.")


def test_a_workbook_without_its_styles_is_read(tmp_path):
    data = rezip(workbook(edit=lambda book: setattr(book.active["A1"], "font", Font(bold=True))),
                 lambda name, content: None if name == "xl/styles.xml" else content)
    dataset = loaded(folder_with(tmp_path, "pegawai.xlsx", data))
    assert dataset.counts["employees"].valid == 3


def test_a_styled_empty_cell_at_the_last_row_of_a_sheet_is_read_quickly(tmp_path):
    def style_last_row(book: openpyxl.Workbook) -> None:
        book.active["A1048576"].font = Font(bold=True)
        book.active["XFD2"].font = Font(bold=True)

    dataset = loaded(folder_with(tmp_path, "pegawai.xlsx", workbook(edit=style_last_row)), seconds=5)
    assert dataset.counts["employees"].valid == 3


def test_rows_below_a_long_run_of_styled_blank_rows_are_read_with_their_row_numbers(tmp_path):
    def gap_then_a_row(book: openpyxl.Workbook) -> None:
        for row in range(5, 5 + 1_500):  # blank rows that exist in the file, as a styled range leaves them
            book.active.cell(row=row, column=1).font = Font(bold=True)
        for column, value in enumerate(ROWS[0], start=1):
            book.active.cell(row=1_510, column=column, value=value.replace("1988031001", "1988031002")
                             if isinstance(value, str) else value)

    dataset = loaded(folder_with(tmp_path, "pegawai.xlsx", workbook(edit=gap_then_a_row)))
    assert dataset.counts["employees"].rows == 4
    assert dataset.employees["source_row"].tolist() == [2, 3, 4, 1_510]


def test_the_data_on_the_second_sheet_are_read_when_the_first_is_empty(tmp_path):
    data = workbook({"Petunjuk": [], "Data": [HEADER, *ROWS]})
    dataset = loaded(folder_with(tmp_path, "pegawai.xlsx", data))
    assert dataset.counts["employees"].valid == 3
    assert dataset.employees["source_row"].tolist() == [2, 3, 4]


def test_a_workbook_whose_sheets_are_all_empty_is_empty(tmp_path):
    sentence = refusal(folder_with(tmp_path, "pegawai.xlsx", workbook({"Satu": [], "Dua": [[None, " "]]})),
                       "pegawai.xlsx")
    assert sentence.startswith("pegawai.xlsx is empty; expected a header row")


def test_merged_cells_of_a_small_workbook_are_filled(tmp_path):
    def merge(book: openpyxl.Workbook) -> None:
        book.active["D3"] = None
        book.active.merge_cells("D2:D3")

    dataset = loaded(folder_with(tmp_path, "pegawai.xlsx", workbook(edit=merge)))
    assert dataset.employees["golongan"].tolist()[:2] == ["IV/b", "IV/b"]


def test_a_cell_of_140000_characters_is_read(tmp_path):
    folder = folder_with(tmp_path, "pegawai.csv", employees_csv().encode())
    text = "panjang " * 17_500 + "\nbaris kedua"  # a quoted line break: the csv module reads this file
    (folder / "aktivitas.csv").write_text(ACTIVITIES + ACTIVITY.format(text=f'"{text}"'), encoding="utf-8")
    dataset = loaded(folder)
    assert dataset.counts["activities"].valid == 1
    assert dataset.to_pandas("activities")["description"].str.startswith("panjang panjang").tolist() == [True]
    assert dataset.to_pandas("activities")["description"].str.len().iloc[0] > 140_000


def test_a_file_of_10000_columns_is_refused_at_once(tmp_path):
    header = HEADER + [f"Kolom {i}" for i in range(10_000 - len(HEADER))]
    folder = folder_with(tmp_path, "pegawai.csv", employees_csv(header=header).encode())
    assert refusal(folder, "pegawai.csv") == (
        f"pegawai.csv has 10,000 columns in its header row 1, more than the {MAX_COLUMNS:,} a table may have; "
        f"remove the columns that are not part of the employees table.")


def test_rows_above_the_header_are_rejected_unless_they_are_titles(tmp_path):
    text = ("LAPORAN PEGAWAI TRIWULAN III,,,,,,\n" + ",".join(ROWS[0]) + "\n\nKeadaan per,30/09/2026,,,,,\n"
            + employees_csv(ROWS[1:]))
    dataset = loaded(folder_with(tmp_path, "pegawai.csv", text.encode()))
    assert dataset.counts["employees"].rows == 4
    assert dataset.counts["employees"].valid == 2
    rejects = dataset.rejects.set_index("row")
    assert rejects.index.tolist() == [2, 4]
    assert rejects.loc[2, "reason"] == "row is above the header (row 5); move it below the header or delete it"
    assert read_reason(rejects.loc[4, "reason"]) == ("above_header", {"header": "5"})
    assert len(rejects.loc[2, "value"]) <= 80


def test_a_merged_title_above_the_header_is_not_a_reject(tmp_path):
    def title(book: openpyxl.Workbook) -> None:
        book.active.insert_rows(1, 2)
        book.active["A1"] = "DAFTAR PEGAWAI"
        book.active.merge_cells("A1:G1")

    dataset = loaded(folder_with(tmp_path, "pegawai.xlsx", workbook(edit=title)))
    assert dataset.rejects.empty
    assert dataset.employees["source_row"].tolist() == [4, 5, 6]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(tmp_path, encoding):
    rows = [[*ROWS[0][:1], "Lalu Ahmad Zaini – Café", *ROWS[0][2:]], *ROWS[1:]]
    data = "\ufeff".encode(encoding) + employees_csv(rows).replace(",", "\t").encode(encoding)
    dataset = loaded(folder_with(tmp_path, "pegawai.csv", data))
    assert dataset.counts["employees"].valid == 3
    assert dataset.employees["name"].iloc[0] == "Lalu Ahmad Zaini – Café"


def test_utf16_without_a_byte_order_mark_is_refused(tmp_path):
    sentence = refusal(folder_with(tmp_path, "pegawai.csv", employees_csv().encode("utf-16-le")), "pegawai.csv")
    assert "UTF-16" in sentence


def test_a_file_mixing_utf8_and_cp1252_lines_is_refused_naming_the_first_cp1252_line(tmp_path):
    rows = [[*ROWS[0][:1], "Lalu Ahmad Zaini – Café", *ROWS[0][2:]], ROWS[1],
            [*ROWS[2][:1], "I Made “Suarta”", *ROWS[2][2:]]]
    lines = employees_csv(rows).splitlines(keepends=True)
    data = "".join(lines[:3]).encode("utf-8") + lines[3].encode("cp1252")
    assert refusal(folder_with(tmp_path, "pegawai.csv", data), "pegawai.csv") == (
        "pegawai.csv mixes two encodings: line 2 is UTF-8 text but line 4 is not (it may be Windows cp1252); "
        "save the whole file again as CSV UTF-8.")


def test_a_cp1252_file_is_still_read(tmp_path):
    rows = [[*ROWS[0][:1], "Lalu Ahmad Zaini – Café", *ROWS[0][2:]], *ROWS[1:]]
    dataset = loaded(folder_with(tmp_path, "pegawai.csv", employees_csv(rows).encode("cp1252")))
    assert dataset.employees["name"].iloc[0] == "Lalu Ahmad Zaini – Café"


def test_long_values_in_a_refusal_are_shortened(tmp_path):
    header = ["x" * 5_000, *HEADER[1:]]
    sentence = refusal(folder_with(tmp_path, "pegawai.csv", employees_csv(header=header).encode()), "pegawai.csv")
    assert "x" * 60 not in sentence and "…" in sentence
    single = refusal(folder_with(tmp_path / "single", "pegawai.csv", ("|".join(HEADER) + "y" * 5_000).encode()),
                     "pegawai.csv")
    assert single.startswith("pegawai.csv has a single column 'NIP|Nama|") and "…" in single
