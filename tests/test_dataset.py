"""Replacing one table of a loaded dataset with another file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinerja.core.errors import DataError
from kinerja.data.dictionary import TABLES
from kinerja.data.loading import load_dataset, with_table_file

BAD = Path(__file__).parent / "data" / "bad"


def test_a_replaced_event_table_leaves_the_original_dataset_as_it_was(tmp_path):
    original = load_dataset(BAD / "cp1252_accents", cache=False)
    other = tmp_path / "pengaduan_lain.csv"
    other.write_text("No Pengaduan;Unit;Saluran;Tanggal Diterima;Tanggal Selesai;Status\n"
                     "P-9;KEL-MY;WhatsApp;05/08/2026 10.00;;Baru\nP-10;KEL-XX;WhatsApp;05/08/2026 11.00;;Baru\n",
                     encoding="utf-8")
    replaced = with_table_file(original, other, TABLES["complaints"])
    assert replaced.to_pandas("complaints")["complaint_id"].tolist() == ["P-9"]
    assert sorted(original.to_pandas("complaints")["complaint_id"]) == ["P-001", "P-002"]
    (reject,) = replaced.rejects.to_dict(orient="records")
    assert (reject["file"], reject["row"], reject["column"]) == ("pengaduan_lain.csv", 3, "unit_code")
    assert replaced.counts["complaints"].rows == 2 and replaced.counts["complaints"].rejected == 1


def test_a_missing_replacement_file_is_named():
    dataset = load_dataset(BAD / "cp1252_accents", cache=False)
    with pytest.raises(DataError, match="tidak_ada.csv for the complaints table does not exist"):
        with_table_file(dataset, BAD / "tidak_ada.csv", TABLES["complaints"])
