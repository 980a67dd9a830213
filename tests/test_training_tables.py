"""What klaster_pelatihan shows of the training need: small counts hidden, sentences that agree with the tables."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from kinerja import training
from kinerja.core.errors import DataError
from kinerja.core.periods import Quarter
from kinerja.core.privacy import PrivacyPolicy
from kinerja.present import training_tables as tables
from kinerja.quarter.evaluation import (
    QuarterOptions,
    QuarterResults,
    TrainingNeed,
)

QUARTER = Quarter.parse("2026-Q3")
UNITS = pd.DataFrame({"unit_code": ["A", "B", "C"], "unit_name": ["Kantor A", "Puskesmas B", "Sekolah C"],
                      "unit_type": ["kantor", "puskesmas", "sekolah"]})
PROFILE_COLUMNS = ["skp_attainment", "reporting_rate", "on_time_rate", "interpersonal_score", "tenure_years"]


def recommendations(rows: list[tuple[str, int, tuple[str, ...], float, str | None]]) -> pd.DataFrame:
    """Recommendations as the evaluation stores them, from (unit, cluster, programmes, JP, employment type) per ASN."""
    frame = pd.DataFrame(rows, columns=["unit_code", "cluster", "programs", "jp_last_12_months", "employment_type"])
    frame.index = pd.Index([f"19800101200501{i:04d}" for i in range(len(frame))], name="nip")
    frame["name"] = [f"ASN {i}" for i in range(len(frame))]
    pns = frame["employment_type"] == "PNS"
    frame["below_min_jp"] = ((frame["jp_last_12_months"] < training.MIN_JP_PER_YEAR) & pns).astype("boolean")
    frame.loc[frame["jp_last_12_months"].isna() | frame["employment_type"].isna(), "below_min_jp"] = pd.NA
    return frame


def page_of(rows, level: str = "leadership", capacity: int = 4, unit_reasons: pd.DataFrame | None = None,
            stability: float = 0.9, silhouette: float = 0.5) -> tables.TrainingPage:
    recs = recommendations(rows)
    n_clusters = int(recs["cluster"].max()) + 1
    profiles = pd.DataFrame(0.0, index=pd.Index(range(n_clusters), name="cluster"), columns=PROFILE_COLUMNS)
    reasons = unit_reasons if unit_reasons is not None else pd.DataFrame(columns=["unit_code", "program", "reason"])
    own = pd.DataFrame(columns=list(training.REASON_COLUMNS))
    # These tests read no diagnostic of the clustering: they are empty.
    features = training.TrainingFeatures(QUARTER, pd.DataFrame(index=recs.index), recs[["name", "unit_code"]],
                                         pd.DataFrame(), pd.DataFrame(index=recs.index))
    components = training.PrincipalComponents(pd.DataFrame(), pd.Series(dtype="float64"), pd.DataFrame())
    need = TrainingNeed(recs, profiles, reasons, own, stability, silhouette, features, pd.DataFrame(), np.empty(0),
                        components)
    results = SimpleNamespace(quarter=QUARTER, options=QuarterOptions(), unavailable={}, training_need=need,
                              training_unavailable=None)
    return tables.training_page(results, UNITS, PrivacyPolicy.for_level(level), capacity)


def people(unit: str, n: int, cluster: int = 0, programs: tuple[str, ...] = (), jp: float = 24.0,
           kind: str | None = "PNS"):
    return [(unit, cluster, programs, jp, kind)] * n


def numbers(text: str) -> list[int]:
    """The whole numbers of an Indonesian sentence, in order (``1.000`` is one thousand; shares are skipped)."""
    return [int(n.replace(".", "")) for n in re.findall(r"(?<![\d,])\d{1,3}(?:\.\d{3})*(?![\d,%])", text)]


# --- counts of people per unit ---------------------------------------------------------------------------


CLUSTERED = (people("A", 12, 0) + people("A", 3, 1) + people("A", 5, 2) + people("B", 10, 0) + people("B", 6, 1)
             + people("B", 7, 2) + people("C", 8, 0) + people("C", 7, 1) + people("C", 6, 2))


def test_a_unit_cluster_cell_under_the_smallest_group_reads_below_the_minimum():
    shown = tables.clusters_by_unit(page_of(CLUSTERED)).set_index("Unit")
    assert shown.loc["Kantor A", "Klaster 1"] == "<5"
    assert shown.loc["Kantor A", "Jumlah ASN"] == "20"


def test_a_cell_that_would_give_the_small_one_away_through_the_unit_total_is_hidden_too():
    shown = tables.clusters_by_unit(page_of(CLUSTERED)).set_index("Unit")
    # Kantor A has 20 ASN: with 12 and 5 shown, the 3 would follow by subtraction.
    assert "*" in shown.loc["Kantor A", ["Klaster 0", "Klaster 2"]].tolist()


def test_at_the_internal_level_every_count_is_shown_and_no_note_explains_hidden_cells():
    page = page_of(CLUSTERED, level="internal")
    shown = tables.clusters_by_unit(page).set_index("Unit")
    assert shown.loc["Kantor A", ["Klaster 0", "Klaster 1", "Klaster 2"]].tolist() == ["12", "3", "5"]
    assert tables.small_note(page) == ""


def test_the_note_names_the_policys_smallest_group():
    assert "kurang dari 5 ASN" in tables.small_note(page_of(CLUSTERED))


# --- fewer than 20 JP ------------------------------------------------------------------------------------


JP = (people("A", 2, jp=8.0) + people("A", 18) + people("B", 10, jp=4.0) + people("B", 10)
      + people("C", 6, jp=12.0) + people("C", 14))


def test_a_unit_with_few_asn_under_20_jp_shows_neither_their_number_nor_their_share():
    shown = tables.jp_by_unit(page_of(JP)).set_index("Unit")
    assert shown.loc["Kantor A", ["PNS", "Kurang dari 20 JP", "Bagian"]].tolist() == ["20", "<5", "*"]
    assert shown.loc["Puskesmas B", ["Kurang dari 20 JP", "Bagian"]].tolist() == ["10", "50,0%"]


def test_a_small_jp_count_cannot_be_worked_out_from_the_total_the_sentence_gives():
    page = page_of(JP)
    assert re.search(r"\*\*(\d+) dari (\d+) PNS\*\*", tables.jp_markdown(page)).groups() == ("18", "60")
    shown = tables.jp_by_unit(page).set_index("Unit")
    # 18 - 10 would leave Kantor A's 2 if Sekolah C's 6 were shown.
    assert shown.loc["Sekolah C", "Kurang dari 20 JP"] == "*"


def test_a_unit_almost_all_under_20_jp_hides_its_count_since_the_few_others_would_follow():
    shown = tables.jp_by_unit(page_of(people("A", 18, jp=0.0) + people("A", 2) + people("B", 20))).set_index("Unit")
    assert shown.loc["Kantor A", "Kurang dari 20 JP"] == "*"
    assert shown.loc["Kantor A", "Bagian"] == "*"


def test_pppk_with_few_jp_are_not_counted_short_of_the_pns_right_and_shares_are_of_the_pns():
    page = page_of(people("A", 10, jp=8.0) + people("A", 10) + people("B", 20, jp=4.0, kind="PPPK")
                   + people("B", 5, jp=4.0, kind=None))
    text = tables.jp_markdown(page)
    assert "**10 dari 20 PNS** (50,0%) mengikuti kurang dari 20 JP (hak PNS, PP 11/2017 pasal 203 ayat (4) " \
           "sebagaimana diubah dengan PP 17/2020)." in text
    assert "20 PPPK tidak dihitung" in text and "PP 49/2018 pasal 40" in text
    assert "Status PNS/PPPK 5 ASN tidak diketahui" in text
    assert "**10 dari 20 PNS** (50,0%)" in tables.summary_markdown(page)
    assert tables.headlines(page)[-1] == {"label": "PNS dengan kurang dari 20 JP dalam 12 bulan terakhir",
                                         "value": "10 dari 20 PNS (50,0%)", "change": ""}
    shown = tables.jp_by_unit(page, "en").set_index("Unit")
    assert shown.loc["Puskesmas B", ["PNS", "Fewer than 20 JP", "Share"]].tolist() == ["0", "0", "–"]


def test_without_training_records_no_sentence_or_headline_counts_asn_under_20_jp():
    page = page_of(people("A", 10, jp=float("nan")))
    assert not page.jp_known
    assert tables.jp_markdown(page) == "JP 12 bulan terakhir tidak dapat dihitung: data tidak memuat riwayat pelatihan."
    assert "20 JP" not in tables.summary_markdown(page)
    assert [h["label"] for h in tables.headlines(page)] == ["ASN yang diusulkan mengikuti pelatihan",
                                                           "Klaster kebutuhan pelatihan"]


# --- programmes, batches and the summary -----------------------------------------------------------------


PROGRAMMES = (people("A", 9, 0, ("manajemen_waktu",), jp=10.0) + people("A", 6, 1)
              + people("B", 5, 0, ("manajemen_waktu", "literasi_digital")) + people("C", 5, 1))


def test_the_summary_counts_the_proposed_asn_programmes_and_batches_the_programme_table_shows():
    page = page_of(PROGRAMMES, capacity=4)
    proposed, programmes, batches, capacity = numbers(tables.summary_markdown(page).split("\n\n")[1])
    shown = tables.programs_frame(page).set_index("Program")
    participants = shown["Peserta"].astype(int)
    assert proposed == 14 == len(page.recommendations[page.proposed])
    assert programmes == int((participants > 0).sum()) == 2
    assert batches == shown["Angkatan"].astype(int).sum() == 4 + 2  # 14 in batches of 4, then 5 in batches of 4
    assert capacity == 4
    assert participants["Manajemen Waktu"] == 14 and participants["Literasi Digital"] == 5


def test_the_details_for_the_leadership_summary_are_the_programme_tables_numbers():
    page = page_of(PROGRAMMES, capacity=4)
    details = tables.headline_details(page, None)
    shown = tables.programs_frame(page).set_index("Program")
    assert [(p["program"], p["participants"], p["batches"], p["below_min_jp"]) for p in details["programs"]] == [
        (name, shown.loc[name, "Peserta"], shown.loc[name, "Angkatan"], shown.loc[name, "PNS di bawah 20 JP"])
        for name in ("Manajemen Waktu", "Literasi Digital")]
    assert shown.loc["Manajemen Waktu", "PNS di bawah 20 JP"] == "9"


def test_unit_reasons_reach_leadership_once_per_unit_and_programme():
    reasons = pd.DataFrame({"unit_code": ["B", "B"], "program": ["pelayanan_prima"] * 2,
                            "reason": ["Perilaku petugas dinilai rendah", "Kompetensi petugas dinilai rendah"]})
    page = page_of(PROGRAMMES, unit_reasons=reasons)
    assert tables.attention(page) == [{"unit": "Puskesmas B", "why": "Perilaku petugas dinilai rendah; Kompetensi "
                                       "petugas dinilai rendah: diusulkan Pelayanan Prima untuk seluruh ASN unit"}]
    assert tables.unit_triggers_frame(page)["ASN unit"].tolist() == ["5", "5"]


def test_unstable_clusters_are_brought_to_leaderships_attention():
    page = page_of(PROGRAMMES, stability=0.5)
    assert tables.attention(page)[-1]["unit"] == "Seluruh ASN"
    assert tables.attention(page_of(PROGRAMMES, stability=0.9)) == []


# --- participant lists and a missing training need -------------------------------------------------------


def test_no_participant_list_is_written_at_the_research_level_and_the_page_says_so():
    text = tables.participants_markdown(page_of(PROGRAMMES, level="research"), None)
    assert "*penelitian*" in text and "tidak ditulis" in text


def test_a_notebook_opened_on_its_own_names_the_file_a_run_would_write():
    text = tables.participants_markdown(page_of(PROGRAMMES), None)
    assert "peserta\\_pelatihan\\_2026-Q3.xlsx" in text


def test_an_evaluation_without_training_need_is_refused_with_its_reason():
    results = SimpleNamespace(quarter=QUARTER, options=QuarterOptions(), unavailable={}, training_need=None,
                              training_unavailable="The data hold no SKP table.")
    with pytest.raises(DataError, match="no SKP table"):
        tables.training_page(results, UNITS, PrivacyPolicy.for_level("leadership"))


def test_english_tables_write_english_numbers_and_headers():
    shown = tables.programs_frame(page_of(PROGRAMMES * 80, capacity=30), "en").set_index("Programme")
    assert shown.loc["Manajemen Waktu", "Participants"] == "1,120"


# --- the demo's stored evaluation ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_page(demo_dataset, demo_evaluation, tmp_path_factory):
    folder = tmp_path_factory.mktemp("evaluasi")
    assert demo_evaluation.quarter == QUARTER
    demo_evaluation.save(folder)
    page = tables.training_page(QuarterResults.load(folder), demo_dataset.units, PrivacyPolicy.for_level("leadership"))
    return page, training.build_features(demo_dataset, QUARTER)


def test_the_stored_evaluations_clusters_are_described_as_the_fitted_clusterer_describes_them(demo_page):
    page, features = demo_page
    clusterer = training.TrainingNeedClusterer(random_state=0).fit(features.cluster_features)
    described = training.describe_clusters(clusterer, page.catalogue, features)
    shown = tables.clusters_frame(page, features)
    assert shown["Ciri klaster"].tolist() == described["description"].tolist()
    assert shown["ASN"].tolist() == [str(n) for n in described["size"]]
    # A cluster proposes nothing: the column counts its members' own programmes.
    members = page.recommendations[page.recommendations["cluster"] == 1]
    communication = int(members["programs"].map(lambda codes: "komunikasi_efektif" in codes).sum())
    assert f"Komunikasi Efektif ({communication})" in shown.loc[1, "Program anggota (ASN)"]


def test_the_standards_table_counts_the_asn_whose_own_figures_miss_each_standard(demo_page):
    page, _ = demo_page
    shown = tables.standards_frame(page).set_index("Aturan")
    own = page.need.own_reasons
    capaian = shown.loc["Capaian SKP di bawah standar"]
    assert capaian["Standar"] == "90%" and capaian["Program"] == "Kompetensi Teknis"
    assert int(capaian["ASN"]) == own.loc[own["rule"] == "capaian", "nip"].nunique() > 0
    assert shown.loc["Hari kerja dengan laporan e-Kinerja di bawah standar", "Standar"] == "80%"


def test_without_a_clear_group_structure_the_page_says_so_and_describes_no_cluster():
    page = page_of(PROGRAMMES, silhouette=0.18)
    assert not page.structured
    summary = tables.summary_markdown(page)
    assert summary.startswith("**Tidak ada struktur kelompok yang jelas**: silhouette terbaik 0,18, di bawah 0,25")
    assert "hanya berasal dari aturan perorangan dan unit" in summary
    assert tables.clusters_frame(page, None).empty
    assert tables.headlines(page)[1]["value"].startswith("tidak ada struktur kelompok yang jelas")
    # The proposals are the rules' all the same: the programme table is unchanged.
    assert tables.programs_frame(page).equals(tables.programs_frame(page_of(PROGRAMMES)))


def test_the_components_are_those_of_the_standardised_clustering_measures(demo_page):
    _, features = demo_page
    components = training.principal_components(features.cluster_features)
    assert components.points.index.equals(features.cluster_features.index)
    assert components.points.mean().abs().max() < 1e-9
    total = len(features.cluster_features.columns)  # standardised: every column has variance 1
    assert components.points.var(ddof=0).sum() == pytest.approx(components.explained.sum() * total)
