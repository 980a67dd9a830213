"""The IKM truth of the demo data, checked from both sides.

``ground_truth.json`` records the IKM of every service unit and quarter. Here
it is recomputed by hand from ``skm.xlsx`` read with plain pandas, with the
formula of PermenPANRB 14/2017 written out (so a wrong formula in the
generator fails), and compared with what the pipeline computes from the
loaded data set (so a wrong formula in :mod:`kinerja.metrics.ikm` fails).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from kinerja.metrics.services import satisfaction

UNSUR_HEADERS = [
    "Persyaratan", "Sistem, Mekanisme, dan Prosedur", "Waktu Penyelesaian", "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan", "Kompetensi Pelaksana", "Perilaku Pelaksana",
    "Penanganan Pengaduan, Saran dan Masukan", "Sarana dan Prasarana",
]
"""The nine unsur as the survey export heads them (the file has 8 and 9 swapped)."""
HAND_CHECKED_UNITS = ["KEL-MYR", "KEC-CKR", "PKM-CKR"]
"""The planted kelurahan, the kecamatan (whose survey has the bad row) and a Puskesmas."""


@pytest.fixture(scope="module")
def truth(demo: Path) -> dict:
    return json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))


def hand_ikm(answers: pd.DataFrame) -> float:
    """IKM rounded half up to two decimals: NRR = sum / answers given; IKM = (sum of NRR x 1/9) x 25."""
    nrr = [Fraction(int(answers[column].sum()), int(answers[column].count())) for column in UNSUR_HEADERS]
    ikm = sum(nrr, Fraction(0)) * Fraction(1, 9) * 25
    return math.floor(ikm * 100 + Fraction(1, 2)) / 100


def hand_grade(ikm: float) -> str:
    """Mutu of an IKM rounded to two decimals: A 88.31-100, B 76.61-88.30, C 65.00-76.60, D 25.00-64.99."""
    return "A" if ikm >= 88.31 else "B" if ikm >= 76.61 else "C" if ikm >= 65.00 else "D"


def test_the_hand_computation_counts_only_the_answers_given():
    answers = pd.DataFrame({column: [4.0, 4.0] for column in UNSUR_HEADERS})
    assert hand_ikm(answers) == 100.0
    answers["Persyaratan"] = [1.0, None]
    assert hand_ikm(answers) == 91.67  # (1 + 8 x 4) / 9 x 25 = 91.666...
    assert hand_ikm(answers.assign(**{column: 1.0 for column in UNSUR_HEADERS})) == 25.0
    assert [hand_grade(value) for value in (88.31, 88.30, 76.61, 76.60, 65.00, 64.99)] == list("ABBCCD")


def test_ground_truth_ikm_is_the_hand_computation_from_the_raw_survey(demo, truth):
    skm = pd.read_excel(demo / "skm.xlsx", header=1)
    skm.index = skm.index + 3  # Excel rows: title in row 1, header in row 2
    bad = [entry["row"] for entry in truth["bad_rows"] if entry["file"] == "skm.xlsx"]
    assert bad
    skm = skm.drop(index=bad)
    units = pd.read_csv(demo / "unit_kerja.csv")
    code_of = dict(zip(units["Nama Unit"], units["Kode Unit"])) | dict(zip(units["Kode Unit"], units["Kode Unit"]))
    unit = skm["Unit Layanan"].map(code_of)
    assert unit.notna().all()
    quarter = skm["Tanggal"].dt.year.astype(str) + "-Q" + skm["Tanggal"].dt.quarter.astype(str)
    recorded = truth["ikm"]["ikm_by_unit_quarter"]
    for code in HAND_CHECKED_UNITS:
        by_quarter = {label: hand_ikm(group) for label, group in skm[unit == code].groupby(quarter[unit == code])}
        assert by_quarter == recorded[code], code
    planted = truth["ikm"]
    assert planted["ikm_by_quarter"] == recorded[planted["unit_code"]]
    before = truth["quarters"][-2]
    assert planted["ikm_before"] == recorded[planted["unit_code"]][before]
    assert planted["ikm_after"] == recorded[planted["unit_code"]][planted["quarter"]]
    assert (planted["grade_before"], planted["grade_after"]) == (
        hand_grade(planted["ikm_before"]), hand_grade(planted["ikm_after"])) == ("B", "C")


def test_the_pipeline_ikm_agrees_with_the_ground_truth(demo_dataset, truth):
    table = satisfaction(demo_dataset, truth["quarters"])
    recorded = truth["ikm"]["ikm_by_unit_quarter"]
    expected = {(code, label): value for code, quarters in recorded.items() for label, value in quarters.items()}
    computed = dict(zip(zip(table["unit_code"], table["quarter"]), table["ikm_rounded"]))
    assert computed == expected
    assert list(table["grade"]) == [hand_grade(value) for value in table["ikm_rounded"]]
