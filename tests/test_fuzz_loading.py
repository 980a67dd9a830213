"""Seeded mutations of a small data folder: each ends in one DataError sentence or in accounted rows, quickly.

A folder of units (CSV), employees (XLSX) and activities (CSV) is mutated one
file at a time, as a fuzz campaign did: bytes flipped, inserted or cut, lines
repeated, dropped or moved, a long cell, another delimiter or encoding, a
damaged or cut workbook. Loading it must raise a one-line DataError or count
every row it read as valid or rejected, within seconds and a bounded memory.
A failing case is named by its seed; rerun it with ``-k 'seed-N'``.
"""

from __future__ import annotations

import io
import random
import resource
import shutil
import time
import zipfile
import zlib
from collections.abc import Callable

import openpyxl
import pytest

from kinerja.core.errors import DataError
from kinerja.data.loading import load_dataset

UNITS = "Kode Unit,Nama Unit,Jenis Unit\nKEC,Kantor Camat Cakranegara,kecamatan\nKEL-MY,Kantor Lurah Mayura,kelurahan\n"
EMPLOYEES = [
    ["NIP", "Nama", "Unit Kerja", "Golongan", "Jabatan", "Jenis Kelamin", "Tanggal Lahir"],
    ["196608011988031001", "Lalu Ahmad Zaini", "KEC", "IV/b", "Camat", "L", "01/08/1966"],
    ["198503122010012002", "Baiq Nurul Aini", "Kantor Lurah Mayura", "III/c", "Lurah", "P", "12/03/1985"],
    ["199207152019031005", "I Made Suarta", "KEL-MY", "III/a", "Pengadministrasi Umum", "L", "15/07/1992"],
]
ACTIVITIES = (
    "NIP,Tanggal,Waktu Lapor,Waktu Persetujuan,Status,Uraian\n"
    "196608011988031001,2026-08-03,2026-08-03 15:10:00,2026-08-04 08:00:00,disetujui,Rapat koordinasi\n"
    '199207152019031005,2026-08-03,2026-08-03 16:00:00,,diajukan,"Input data, penduduk"\n'
    "198503122010012002,2026-08-04,2026-08-04 16:30:00,,diajukan,Rapat lingkungan – café\n"
)
FILES = ("unit_kerja.csv", "pegawai.xlsx", "aktivitas.csv")
SEEDS = range(150)
SECONDS = 10
MEMORY_KB = 2_000_000
"""Growth of the process's peak resident memory a case may cause (ru_maxrss is in kilobytes on Linux)."""

Mutation = Callable[[random.Random, bytes], bytes]


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    for row in EMPLOYEES:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BASE = {"unit_kerja.csv": UNITS.encode(), "pegawai.xlsx": _workbook(), "aktivitas.csv": ACTIVITIES.encode()}


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    return b"\n".join(lines[: at + 1] + [lines[at]] * rng.randint(1, 3) + lines[at + 1:])


def delete_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def long_cell(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    lines[at] += b"," + rng.choice([b"x", b"panjang ", b'"']) * rng.choice([5_000, 140_000, 300_000])
    return b"\n".join(lines)


def move_header_down(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    at = rng.randrange(1, len(lines))
    return b"\n".join(lines[1: at + 1] + [lines[0]] + lines[at + 1:])


def title_rows(rng: random.Random, data: bytes) -> bytes:
    titles = [b"LAPORAN TRIWULAN III", b"Keadaan per,30/09/2026", b"", b",,,"]
    return b"\n".join(rng.sample(titles, rng.randint(1, 4))) + b"\n" + data


def blank_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 5)):
        lines.insert(rng.randrange(len(lines) + 1), rng.choice([b"", b",,,,", b"   ", b"\r"]))
    return b"\n".join(lines)


def change_delimiter(rng: random.Random, data: bytes) -> bytes:
    new = rng.choice([b";", b"\t", b"|"])
    lines = _lines(data)
    chosen = range(len(lines)) if rng.random() < 0.5 else [rng.randrange(len(lines))]
    for at in chosen:
        lines[at] = lines[at].replace(b",", new)
    return b"\n".join(lines)


def wide_row(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    lines[at] += b",k" * rng.choice([50, 999, 1_500, 10_000])
    return b"\n".join(lines)


def reencode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    choice = rng.randrange(3)
    if choice == 0:
        return text.encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be"]))
    if choice == 1:
        return text.encode("cp1252", errors="replace")
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    lines[at] = "Café “kutip” – " + lines[at]
    return "\n".join(lines[:at]).encode() + b"\n" + "\n".join(lines[at:]).encode("cp1252", errors="replace")


def corrupt_member(rng: random.Random, data: bytes) -> bytes:
    """Rewrite the workbook with one member cut, flipped, left out or reaching the last cell of a sheet."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        members = {name: source.read(name) for name in source.namelist()}
    except (zipfile.BadZipFile, zlib.error, EOFError):  # already damaged by an earlier mutation
        return flip_bytes(rng, data)
    victim = rng.choice(list(members))
    how = rng.randrange(4)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            if name == victim:
                if how == 0:
                    continue
                content = (truncate(rng, content) if how == 1 else flip_bytes(rng, content) if how == 2
                           else content.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="0"/>'
                                                b"</row></sheetData>"))
            target.writestr(name, content)
    return buffer.getvalue()


TEXT_MUTATIONS: tuple[Mutation, ...] = (flip_bytes, truncate, insert_bytes, duplicate_line, delete_line, long_cell,
                                        move_header_down, title_rows, blank_lines, change_delimiter, wide_row,
                                        reencode)
XLSX_MUTATIONS: tuple[Mutation, ...] = (corrupt_member, corrupt_member, corrupt_member, flip_bytes, truncate,
                                        insert_bytes)


def mutate(seed: int) -> tuple[str, bytes, list[str]]:
    """The file that case ``seed`` mutates, its mutated bytes and the mutations applied."""
    rng = random.Random(seed)
    name = FILES[seed % len(FILES)]
    data = BASE[name]
    applied = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        mutation = rng.choice(XLSX_MUTATIONS if name.endswith(".xlsx") else TEXT_MUTATIONS)
        if data:
            data = mutation(rng, data)
            applied.append(mutation.__name__)
    return name, data, applied


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed-{seed}")
def test_a_mutated_file_is_refused_in_one_sentence_or_every_row_is_accounted_for(tmp_path, seed):
    folder = tmp_path / "data"
    folder.mkdir()
    for name, content in BASE.items():
        (folder / name).write_bytes(content)
    name, data, applied = mutate(seed)
    (folder / name).write_bytes(data)
    memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        dataset = load_dataset(folder, cache=False)
    except DataError as error:
        sentence = str(error)
        assert "\n" not in sentence and len(sentence) < 400 and sentence.endswith("."), (applied, sentence)
    else:
        for table, count in dataset.counts.items():
            assert count.rows == count.valid + count.rejected, (applied, table, count)
        reasons = [*dataset.rejects["reason"], *dataset.notes["reason"]]
        assert all(len(reason) < 400 for reason in reasons), (applied, max(reasons, key=len)[:200])
    assert time.perf_counter() - started < SECONDS, applied
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory < MEMORY_KB, applied
    shutil.rmtree(folder)
