"""Any bytes in a data file end in valid rows, rejects or one DataError, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.core.errors import DataError
from kinerja.data.loading import load_dataset

UNITS = b"Kode Unit,Nama Unit,Jenis Unit\nKEC,Kantor Camat Cakranegara,kecamatan\n"
HEADER = "NIP;Nama;Unit Kerja;Golongan;Jabatan;Jenis Kelamin;Tanggal Lahir;Waktu Lapor"

cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["19660801 198803 1 001", "1.96608011988031E+17", "=HYPERLINK(\"http://x\")", "31/02/2026",
                     "III/a", "L", "kec", "2026-08-03T16:32:00+08:00", "1.250,5", "\x00", "\"", "x" * 5000]),
)
row = st.lists(cell, min_size=0, max_size=10)


def _check(folder: Path) -> None:
    try:
        dataset = load_dataset(folder, cache=False)
    except DataError as error:
        assert str(error).strip() and "\n" not in str(error)
        return
    for count in dataset.counts.values():
        assert count.rows == count.valid + count.rejected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, max_size=8), delimiter=st.sampled_from([";", ",", "\t"]))
def test_random_csv_cells_never_crash_the_loader(tmp_path_factory, rows, delimiter):
    folder = tmp_path_factory.mktemp("csv")
    (folder / "unit_kerja.csv").write_bytes(UNITS)
    text = "\n".join([HEADER.replace(";", delimiter)] + [delimiter.join(r) for r in rows])
    (folder / "pegawai.csv").write_text(text, encoding="utf-8", errors="surrogatepass")
    _check(folder)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), cut=st.integers(min_value=0, max_value=400))
def test_random_or_truncated_bytes_never_crash_the_loader(tmp_path_factory, data, cut):
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "unit_kerja.csv").write_bytes(UNITS[:cut] + data)
    (folder / "pegawai.xlsx").write_bytes(_workbook()[: cut * 20] + data)
    _check(folder)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.one_of(cell, st.integers(), st.floats(allow_nan=True), st.datetimes(),
                                        st.booleans(), st.none()), max_size=8), max_size=6))
def test_random_xlsx_cells_never_crash_the_loader(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("xlsx")
    (folder / "unit_kerja.csv").write_bytes(UNITS)
    (folder / "pegawai.xlsx").write_bytes(_workbook(rows))
    _check(folder)


def _workbook(rows: list[list[object]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    for values in rows or [["19660801 198803 1 001", "Lalu Ahmad", "KEC", "IV/a", "Camat", "L", "01/08/1966"]]:
        sheet.append([_printable(v) for v in values])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _printable(value: object) -> object:
    # openpyxl refuses control characters in cells; offices cannot type them either.
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable())
    return value
