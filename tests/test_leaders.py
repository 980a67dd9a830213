"""A unit head's hasil kerja follows the unit's performance (PermenPANRB 6/2022; DOMAIN.md)."""

from __future__ import annotations

import pandas as pd
import pytest

from kinerja.metrics.leaders import expected_hasil_kerja, head_ratings

UNITS = pd.DataFrame({"unit_code": ["KEC", "KEL-A", "KEL-B", "PKM"],
                      "unit_type": ["kecamatan", "kelurahan", "kelurahan", "puskesmas"]})
EMPLOYEES = pd.DataFrame({
    "nip": ["1", "2", "3", "4", "5", "6"],
    "position": ["Camat", "Sekretaris Camat", "Lurah", "LURAH ", "Kepala  Puskesmas", "Perawat Ahli Pertama"],
    "unit_code": ["KEC", "KEC", "KEL-A", "KEL-B", "PKM", "PKM"],
})
RATED = pd.DataFrame({
    "nip": ["1", "2", "3", "4", "5", "6"],
    "hasil_kerja_rating": ["Di Atas Ekspektasi", "Di Bawah Ekspektasi", "Di Atas Ekspektasi", "Sesuai Ekspektasi",
                           "Di Bawah Ekspektasi", "Di Bawah Ekspektasi"],
    "hasil_kerja_source": "tercatat",
})


@pytest.mark.parametrize(("unit", "head"), [("Istimewa", "Di Atas Ekspektasi"), ("Baik", "Sesuai Ekspektasi"),
                                            ("Butuh Perbaikan", "Di Bawah Ekspektasi"),
                                            ("Kurang", "Di Bawah Ekspektasi"), ("Sangat Kurang", "Di Bawah Ekspektasi")])
def test_each_unit_predikat_gives_its_heads_hasil_kerja(unit, head):
    assert expected_hasil_kerja(unit) == head


def test_only_heads_are_compared_and_only_where_the_units_predikat_is_known():
    heads = head_ratings(RATED, EMPLOYEES, UNITS, {"KEC": "Baik", "KEL-A": "Istimewa", "PKM": "Butuh Perbaikan"})
    by_nip = heads.set_index("nip")
    assert list(by_nip.index) == ["1", "3", "4", "5"]  # not the Sekretaris Camat, not the nurse
    assert by_nip.loc["1", "expected"] == "Sesuai Ekspektasi" and by_nip.loc["1", "agrees"] is False
    assert by_nip.loc["3", "agrees"] is True
    assert by_nip.loc["4", "unit_predikat"] is None and by_nip.loc["4", "agrees"] is None
    assert by_nip.loc["5", "agrees"] is True


def test_the_page_counts_heads_and_names_units_only_where_single_persons_may_be_shown(demo_dataset,
                                                                                      demo_evaluation):
    from kinerja.core.privacy import PrivacyPolicy
    from kinerja.present.quarterly import QuarterPage

    results = demo_evaluation
    assert str(results.quarter) == "2026-Q3"
    employees, behaviour = demo_dataset.employees, demo_dataset.behaviour
    camat = employees.loc[employees["position"] == "Camat", "nip"].iloc[0]
    recorded = behaviour.loc[(behaviour["nip"] == camat) & (behaviour["quarter"] == "2026-Q3"),
                             "hasil_kerja_rating"].iloc[0]
    pages = {level: QuarterPage.build(results, demo_dataset.units, PrivacyPolicy.for_level(level), "Baik")
             .leaders_lines(employees) for level in ("leadership", "internal")}
    heads = int(employees["position"].isin(["Camat", "Lurah", "Kepala Puskesmas", "Kepala Sekolah"]).sum())
    assert f"Dari {heads} pimpinan unit yang dinilai triwulan ini, 1 memimpin unit" in pages["leadership"]
    assert "Kantor Camat" not in pages["leadership"]
    line = f"- **Kantor Camat Cakranegara**: Camat tercatat {recorded}; kinerja unit Baik memberi Sesuai Ekspektasi."
    assert (line in pages["internal"]) == (recorded != "Sesuai Ekspektasi")
