"""The quarterly and IKM pages speak the language they are built with, over the same numbers of one evaluation."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from kinerja.core.formatting import number
from kinerja.core.privacy import PrivacyPolicy
from kinerja.metrics import ikm
from kinerja.present.quarterly import QuarterPage
from kinerja.present.satisfaction import SatisfactionPage
from kinerja.quarter.evaluation import QuarterResults

QUARTER = "2026-Q3"


@pytest.fixture(scope="module")
def results(demo_evaluation) -> QuarterResults:
    assert str(demo_evaluation.quarter) == QUARTER
    return demo_evaluation


@pytest.fixture(scope="module")
def quarter_pages(results, demo_dataset) -> dict[str, QuarterPage]:
    policy = PrivacyPolicy.for_level("leadership", 5)
    return {language: QuarterPage.build(results, demo_dataset.units, policy, "Baik", language=language)
            for language in ("id", "en")}


@pytest.fixture(scope="module")
def satisfaction_pages(results, demo_dataset) -> dict[str, SatisfactionPage]:
    return {language: SatisfactionPage.build(results, demo_dataset.units, language=language)
            for language in ("id", "en")}


def test_pages_are_in_indonesian_unless_told_otherwise(results, demo_dataset):
    quarter = QuarterPage.build(results, demo_dataset.units, PrivacyPolicy.for_level("leadership", 5), "Baik")
    satisfaction = SatisfactionPage.build(results, demo_dataset.units)
    assert quarter.language == satisfaction.language == "id"
    assert quarter.parameters("demo", "leadership")["triwulan"] == "Triwulan III 2026"


def test_an_unknown_language_is_refused_when_the_page_is_built(results, demo_dataset):
    with pytest.raises(ValueError, match="'fr'"):
        SatisfactionPage.build(results, demo_dataset.units, language="fr")


@pytest.mark.parametrize(("language", "columns"), [
    ("id", ["Ukuran", "Triwulan III 2026", "Triwulan II 2026", "Perubahan"]),
    ("en", ["Measure", "Q3 2026", "Q2 2026", "Change"]),
])
def test_the_summary_table_names_both_quarters_in_the_chosen_language(quarter_pages, language, columns):
    assert list(quarter_pages[language].summary().columns) == columns


def test_the_english_tables_write_the_same_numbers_with_the_english_decimal_mark(quarter_pages):
    indonesian = quarter_pages["id"].reporting_table()["Tingkat pelaporan"]
    english = quarter_pages["en"].reporting_table()["Reporting rate"]
    assert english.str.fullmatch(r"\d{1,3}\.\d%").all()
    assert english.tolist() == indonesian.str.replace(",", ".").tolist()


def test_the_english_summary_writes_changes_in_english(quarter_pages):
    summary = quarter_pages["en"].summary()
    reporting = summary[summary["Measure"] == "e-Kinerja reporting rate (all ASN)"].iloc[0]
    assert reporting["Change"] == "unchanged" or reporting["Change"].endswith(" percentage points")


@pytest.mark.parametrize(("language", "grade_word"), [("id", "mutu"), ("en", "grade")])
def test_the_ikm_sentence_names_the_ikm_of_the_evaluation(satisfaction_pages, results, language, grade_word):
    overall = results.satisfaction.overall.iloc[0]
    label = overall["label"] if language == "id" else ikm.grade(overall["ikm_rounded"]).label_en
    expected = f"{number(overall['ikm_rounded'], 2, language)} ({grade_word} {overall['grade']}, {label})"
    assert expected in satisfaction_pages[language].summary().splitlines()[0]


def test_the_ikm_table_gives_each_unit_the_grade_of_its_ikm_in_english(satisfaction_pages, results):
    table = satisfaction_pages["en"].ikm_table()
    expected = [ikm.grade(value).label_en for value in results.satisfaction.per_unit["ikm_rounded"]]
    assert table["Unit performance"].tolist() == expected
    assert "Change from Q2 2026" in table.columns


def test_the_attention_list_is_the_attention_table_in_either_language(quarter_pages):
    for page, unit, why in [(quarter_pages["id"], "Unit", "Yang perlu diperhatikan"),
                            (quarter_pages["en"], "Unit", "What needs attention")]:
        table = page.attention()
        assert page.attention_list() == [{"unit": u, "why": w} for u, w in zip(table[unit], table[why])]
    assert len(quarter_pages["id"].attention()) == len(quarter_pages["en"].attention()) > 0


def test_headlines_are_in_the_chosen_language(quarter_pages, satisfaction_pages):
    labels = [item["label"] for item in quarter_pages["en"].headlines()[0] + satisfaction_pages["en"].headlines()[0]]
    assert "e-Kinerja reporting rate of all ASN" in labels and "IKM of the 13 units surveyed" in labels
    assert not any("seluruh" in label or "Waktu tunggu" in label for label in labels)


def test_every_section_of_both_pages_can_be_shown_in_english(quarter_pages, satisfaction_pages, demo_dataset):
    quarter, satisfaction = quarter_pages["en"], satisfaction_pages["en"]
    shown = [getattr(quarter, name)() for name in (
        "attention", "summary", "capaian_lead", "capaian_table", "capaian_figure", "missing_capaian",
        "predikat_lines", "predikat_figure", "predikat_table", "reporting_lines", "reporting_table", "weekly_figure",
        "work_lines", "work_table", "health_table", "services_table")]
    shown += quarter.waiting_figures() + satisfaction.complaint_figures()
    shown += [getattr(satisfaction, name)() for name in (
        "summary", "ikm_table", "unsur_figure", "trend_figure", "trend_table", "weakest_table", "complaints_lead",
        "complaints_table", "surges")]
    shown.append(satisfaction.adequacy())
    figures = [item for item in shown if isinstance(item, Figure)]
    labels = " | ".join(text for figure in figures for ax in figure.axes
                        for text in (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()))
    for figure in figures:
        plt.close(figure)
    assert len(figures) == 9 and all(item is not None for item in shown)
    assert "Outpatient waiting time" in labels and "Quarter" in labels
    assert not any(word in labels for word in ("Triwulan", "menit", "Sebaran", "Tingkat", "Pengaduan"))


def test_the_organisation_ikm_names_the_units_surveyed_and_how_many_samples_are_short(results, demo_dataset):
    page = SatisfactionPage.build(results, demo_dataset.units, populations={"KEL-MYR": 10, "PKM-KTW": 100_000})
    surveyed = results.satisfaction.per_unit.set_index("unit_code")["n"]
    # Given populations only for two units: Mayura (10 users) needs krejcie_morgan(10) = 10 respondents, Karang
    # Taliwang (100,000 users) needs 383; the others' populations are unknown.
    short = int(surveyed["KEL-MYR"] < ikm.krejcie_morgan(10)) + int(surveyed["PKM-KTW"] < ikm.krejcie_morgan(100_000))
    assert short == 1  # the demo surveys well over 10 in Mayura, far under 383 in Karang Taliwang
    summary = page.summary()
    assert f"IKM {len(surveyed)} unit yang disurvei" in summary
    assert f"Sampel belum memadai di {short} dari {len(surveyed)} unit" in summary
    badges = page.sample()
    assert (badges["KEL-MYR"], badges["PKM-KTW"], badges["KEL-CKB"]) == (
        "memadai", "sampel belum memadai", "populasi tidak diketahui")
    headline = page.headlines()[0][0]
    assert headline["label"] == f"IKM {len(surveyed)} unit yang disurvei"
    assert headline["value"].endswith(f"sampel belum memadai di {short} dari {len(surveyed)} unit")


def test_no_predikat_share_of_one_to_four_asn_is_shown_on_a_leadership_page(quarter_pages, results):
    page = quarter_pages["id"]
    table = page.predikat_table().set_index("Unit")
    rated = results.of_quarter("predikat", results.quarter)
    names = page.names
    shown_small = []
    for unit, persons in rated[rated["unit_code"].isin(page.people_units)].groupby("unit_code"):
        counts = persons["predikat"].value_counts()
        for label, count in counts.items():
            if 0 < count < page.policy.min_group and table.loc[names[unit], label].endswith("%"):
                shown_small.append((unit, label, count))
    assert shown_small == []
    assert (table.to_numpy() == "<5").any()  # the demo has small cells, so the check above is not empty


def test_the_work_section_adds_up_the_evaluation_and_names_no_kind_of_a_person(quarter_pages, results):
    page = quarter_pages["id"]
    shown = set(page.people_units)
    kinds = results.work.absence_kinds[results.work.absence_kinds["unit_code"].isin(shown)]
    lines = page.work_lines()
    assert f"**{number(int(kinds['days'].sum()), 0, 'id')} hari-pegawai**" in lines
    assert "Cuti Melahirkan" in lines  # among the kinds counted over the units, with no name or NIP
    table = page.work_table().set_index("Unit")
    absent = results.units.reporting[results.units.reporting["quarter"] == results.quarter.label].set_index(
        "unit_code")["absence_days"]
    for code in page.people_units:
        assert table.loc[page.names[code], "Hari cuti/dinas/diklat (tidak dihitung)"] == number(int(absent[code]), 0,
                                                                                                  "id")
    links = results.work.unit_links.set_index("unit_code")
    lowest = links.loc[[u for u in page.people_units], "linked_share"].idxmin()
    assert f"Bagian terendah: {page.names[lowest]}" in lines
    names = set(results.reporting["name"].dropna()) | set(results.reporting["nip"])
    assert not any(name in lines or name in table.to_string() for name in names)
