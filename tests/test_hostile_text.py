"""A run on data whose texts carry markup, script and formulas: nothing runs, everything shows as text.

Issue "Trustworthy with personal data and hostile input", item 2. A small demo
data set gets hostile strings in every kind of text that comes from data
(unit names, employee names, IKM comments, activity descriptions, complaint
texts and categories, service types); every notebook runs on it and the
published pages are checked as text, as HTML and in a browser.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kinerja.data.dictionary import normalise_header
from kinerja.data.loading import load_dataset
from kinerja.demo import generate_demo
from kinerja.run import runner
from tests.browser import find_chromium, open_browser

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
LINK = "[klik](javascript:alert(1))"
HOSTILE = (SCRIPT, IMAGE, LINK)
FORMULA = '=HYPERLINK("http://x","klik")'

ONERROR_ATTRIBUTE = r"""<[a-z][a-z0-9]*(?:\s+[^\s=>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*\s+onerror\s*="""
"""A tag with an onerror attribute; " onerror=" escaped inside another attribute's quoted value (alt text) is none."""
UNITS = {"KEL-MYR": SCRIPT, "PKM-KTW": IMAGE, "KEL-CKB": LINK}
"""Units whose name gets a hostile suffix: the IKM and waiting-time units that the summary flags, and one more."""


def _cycle(index: int) -> str:
    return HOSTILE[index % len(HOSTILE)]


def _read_csv(path: Path, **options) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, **options)


def _write_csv(frame: pd.DataFrame, path: Path, **options) -> None:
    frame.to_csv(path, index=False, **options)


def _rewrite_sheet(path: Path, header_row: int, change, rename_unit) -> None:
    """Open an XLSX, call ``change(header, row_cells)`` for every data row, and save it."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[header_row]]
    for number, row in enumerate(sheet.iter_rows(min_row=header_row + 1), start=0):
        for cell in row:
            rename_unit(cell)
        change(number, {name: cell for name, cell in zip(header, row)})
    workbook.save(path)


def make_hostile(folder: Path) -> dict[str, list[str]]:
    """Write hostile strings into the text cells of a demo folder; return the NIPs given hostile names."""
    # Units: a hostile suffix on three names; the files that name units by name follow the rename.
    units = _read_csv(folder / "unit_kerja.csv")
    renamed = {}
    for code, suffix in UNITS.items():
        at = units.index[units["Kode Unit"] == code][0]
        old = units.at[at, "Nama Unit"]
        units.at[at, "Nama Unit"] = f"{old} {suffix}"
        renamed[normalise_header(old)] = units.at[at, "Nama Unit"]
    _write_csv(units, folder / "unit_kerja.csv")

    def unit_cell(cell) -> None:
        if isinstance(cell.value, str) and normalise_header(cell.value) in renamed:
            cell.value = renamed[normalise_header(cell.value)]

    def unit_column(values: pd.Series) -> pd.Series:
        return values.map(lambda value: renamed.get(normalise_header(value), value))

    # Employees: hostile names for employees the demo gives a training need (so some reach the
    # restricted participant list); the NIP cells stay text cells.
    truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    needy = [nip for nip, need in truth["training_needs"].items() if need != "none"]
    names = {nip: f"{FORMULA}" if i % 4 == 3 else f"Warga {i} {_cycle(i)}" for i, nip in enumerate(needy[:8])}

    applied: set[str] = set()

    def employee(number: int, cells: dict) -> None:
        nip = cells["NIP"].value
        if nip in names:
            cells["Nama"].value = names[nip]
            cells["Nama"].data_type = "s"  # text typed as text, not a formula openpyxl would write
            applied.add(nip)
        assert not isinstance(nip, str) or cells["NIP"].data_type == "s"

    _rewrite_sheet(folder / "pegawai.xlsx", 4, employee, unit_cell)

    def behaviour(number: int, cells: dict) -> None:
        if cells["NIP"].value in names:
            cells["Nama"].value = names[cells["NIP"].value]
            cells["Nama"].data_type = "s"

    _rewrite_sheet(folder / "perilaku.xlsx", 2, behaviour, unit_cell)

    # IKM: unit names, a hostile comment on every third comment, one service type.
    def response(number: int, cells: dict) -> None:
        if cells["Saran"].value and number % 3 == 0:
            cells["Saran"].value = f"{cells['Saran'].value} {_cycle(number // 3)}"
        if cells["Jenis Layanan"].value == "Legalisasi Dokumen":
            cells["Jenis Layanan"].value = f"Legalisasi Dokumen {SCRIPT}"

    _rewrite_sheet(folder / "skm.xlsx", 2, response, unit_cell)

    # Activities: every tenth description.
    activities = _read_csv(folder / "aktivitas.csv")
    rows = activities.index[activities.index % 10 == 0]
    activities.loc[rows, "Uraian Aktivitas"] = [f"{text} {_cycle(i)}" for i, text in
                                                enumerate(activities.loc[rows, "Uraian Aktivitas"])]
    _write_csv(activities, folder / "aktivitas.csv")

    # Visits: one service type.
    visits = _read_csv(folder / "kunjungan.csv")
    visits["unit_code"] = unit_column(visits["unit_code"])
    visits.loc[visits["service_type"] == "Surat Pengantar Nikah", "service_type"] = f"Surat Pengantar Nikah {IMAGE}"
    _write_csv(visits, folder / "kunjungan.csv")

    # Complaints (cp1252, semicolons, CRLF as the demo writes them): every text, one category.
    complaints = _read_csv(folder / "pengaduan.csv", sep=";", encoding="cp1252")
    complaints["Unit"] = unit_column(complaints["Unit"])
    complaints["Isi Pengaduan"] = [f"{text} {_cycle(i)}" for i, text in enumerate(complaints["Isi Pengaduan"])]
    category = complaints["Kategori"].value_counts().index[0]
    complaints.loc[complaints["Kategori"] == category, "Kategori"] = f"{category} {LINK}"
    _write_csv(complaints, folder / "pengaduan.csv", sep=";", encoding="cp1252", lineterminator="\r\n")
    # Forums: unit names follow the rename, every fourth topic is hostile.
    forums = _read_csv(folder / "forum.csv")
    forums["Unit"] = unit_column(forums["Unit"])
    forums.loc[forums.index % 4 == 0, "Topik"] = [f"{text} {_cycle(i)}" for i, text in
                                                 enumerate(forums.loc[forums.index % 4 == 0, "Topik"])]
    _write_csv(forums, folder / "forum.csv")

    # Follow-up actions: unit names follow the rename, every action and its evidence carry hostile text.
    def action(number: int, cells: dict) -> None:
        cells["Rencana Tindak Lanjut"].value = f"{cells['Rencana Tindak Lanjut'].value} {_cycle(number)}"
        if cells["Bukti Dukung"].value:
            cells["Bukti Dukung"].value = f"{cells['Bukti Dukung'].value} {_cycle(number + 1)}"

    _rewrite_sheet(folder / "tindak_lanjut.xlsx", 2, action, unit_cell)
    survey = openpyxl.load_workbook(folder / "survei_perubahan.xlsx")
    for row in survey.active.iter_rows():
        for cell in row:
            unit_cell(cell)
    survey.save(folder / "survei_perubahan.xlsx")
    return {"formula": [nip for nip in applied if names[nip] == FORMULA],
            "markup": [nip for nip in applied if names[nip] != FORMULA]}


def test_hostile_notes_and_kinds_of_absences_and_observations_are_kept_as_written(tmp_path):
    staff, supervisor = "199207152019031005", "198503122010012002"
    _write_csv(pd.DataFrame({"Kode Unit": ["KEC"], "Nama Unit": ["Kantor Camat Cakranegara"],
                             "Jenis Unit": ["kecamatan"]}), tmp_path / "unit_kerja.csv")
    _write_csv(pd.DataFrame({"NIP": [staff, supervisor], "Nama": ["I Made Suarta", "Baiq Nurul Aini"],
                             "Unit Kerja": "KEC", "Golongan": "III/a", "Jabatan": "Staf", "Jenis Kelamin": ["L", "P"]}),
               tmp_path / "pegawai.csv")
    texts = [*HOSTILE, FORMULA]
    days = [f"{day:02d}/08/2026" for day in range(3, 3 + 2 * len(texts), 2)]
    # Free-text kinds are kept as written, so a hostile kind must survive as well as a hostile note.
    _write_csv(pd.DataFrame({"NIP": staff, "Jenis Cuti": texts, "Tgl Mulai": days, "Tgl Selesai": days,
                             "Keterangan": texts}), tmp_path / "cuti.csv")
    _write_csv(pd.DataFrame({"NIP": staff, "NIP Atasan": supervisor, "Tanggal": days, "Nilai": "Harmonis",
                             "Sifat": "Positif", "Catatan": texts}), tmp_path / "pengamatan.csv", sep=";")
    dataset = load_dataset(tmp_path, cache=False)
    assert dataset.rejects.empty and dataset.notes.empty
    assert dataset.absences["note"].tolist() == dataset.absences["kind"].tolist() == texts
    assert dataset.observations["note"].tolist() == texts


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-data")
    generate_demo(folder, employees=60, seed=0)
    planted = make_hostile(folder)
    dataset = load_dataset(folder)  # the snapshot it leaves is what the run then opens
    params = folder.parent / "hostile.yaml"
    params.write_text(f"data: {folder}\n", encoding="utf-8")
    output = tmp_path_factory.mktemp("hostile-reports")
    result = runner.run(params, output=output, jobs=2, progress=False)
    return result, output, dataset, planted


def pages_of(result, output) -> list[Path]:
    return [output / "index.html", *sorted(result.folder.glob("*.html"))]


class _Tags(HTMLParser):
    """Collect every start tag with its attributes (text and escaped text are not tags)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def test_the_hostile_folder_still_validates_and_carries_the_strings(hostile_run):
    _, _, dataset, planted = hostile_run
    # Only the rows the demo plants as bad are rejected: the hostile texts and renamed units lose nothing.
    truth = json.loads((dataset.folder / "ground_truth.json").read_text(encoding="utf-8"))
    assert len(dataset.rejects) == len(truth["bad_rows"]), dataset.rejects.head(20).to_string()
    units = dataset.units["unit_name"].tolist()
    assert all(any(text in name for name in units) for text in HOSTILE)
    employees = dataset.employees
    assert set(planted["formula"] + planted["markup"]) <= set(employees["nip"])
    assert planted["formula"] and (employees["name"] == FORMULA).any()
    assert dataset.to_pandas("complaints")["text"].str.contains(SCRIPT, regex=False).any()
    assert dataset.to_pandas("ikm_responses")["comment"].str.contains(IMAGE, regex=False).any()
    assert dataset.to_pandas("activities")["description"].str.contains(LINK, regex=False).any()


def test_every_notebook_runs_on_hostile_text(hostile_run):
    result, *_ = hostile_run
    assert result.status == "ok", result.summary_table() + "".join(
        f"\n{r.name}: {r.failure.error[:2000]}" for r in result.notebooks if r.failure)


def test_no_page_carries_hostile_markup(hostile_run):
    result, output, *_ = hostile_run
    for page in pages_of(result, output):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script", text, re.IGNORECASE), page.name
        parser = _Tags()
        parser.feed(text)
        parser.close()
        for tag, attrs in parser.tags:
            assert tag not in ("script", "iframe", "object", "embed"), (page.name, tag)
            for name, value in attrs:
                assert not name.lower().startswith("on"), (page.name, tag, name)
                target = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
                assert not target.startswith(("javascript:", "vbscript:")), (page.name, tag, name, value)
                if name.lower() in ("src", "href"):
                    assert target.startswith(("data:", "#")) or not re.match(r"^[a-z][a-z0-9+.-]*:", target), \
                        (page.name, tag, name, value)
        # The same, as plain patterns on the raw text: escaped text (&lt;script&gt;) never matches.
        assert not re.search(ONERROR_ATTRIBUTE, text, re.IGNORECASE), page.name
        assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", text, re.IGNORECASE), page.name


def test_hostile_text_is_shown_as_text(hostile_run):
    result, output, *_ = hostile_run
    shown = {page.name: page.read_text(encoding="utf-8") for page in pages_of(result, output)}
    every = "\n".join(shown.values())
    # The flagged unit names reach the run index (the summary's list of what needs attention), escaped.
    index = (result.folder / "index.html").read_text(encoding="utf-8")
    assert "Kantor Lurah Mayura &lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "&lt;img src=x onerror=alert(1)&gt;" in every
    assert re.search(r"\[klik\]\(javascript:alert\(1\)\)", every)


@pytest.mark.skipif(find_chromium() is None and not os.environ.get("CI"),
                    reason="chromium is not installed (.ci/run installs it)")
def test_hostile_pages_open_in_chromium_without_dialogs_or_requests(hostile_run, tmp_path):
    result, output, *_ = hostile_run
    browser = open_browser()
    try:
        for page in pages_of(result, output):
            visit = browser.visit(page, tmp_path / f"{page.parent.name}-{page.stem}.png")
            assert visit.dialogs == [], page.name
            assert visit.errors == [], page.name
            assert [url for url in visit.requests if not url.startswith(("file://", "data:"))] == [], page.name
    finally:
        browser.close()


def test_the_restricted_participant_list_holds_no_formula(hostile_run):
    result, _, _, planted = hostile_run
    files = sorted((result.folder / "restricted").glob("peserta_pelatihan_*.xlsx"))
    assert files, "the training notebook wrote no participant list"
    seen = []
    for path in files:
        workbook = openpyxl.load_workbook(path)
        for sheet in workbook:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith("="), (path.name, sheet.title, cell.coordinate)
                        seen.append(cell.value)
    # The planted formula name is on the list, shown as text.
    assert "'" + FORMULA in seen or any(FORMULA in value for value in seen)
