"""Honest with partial data: a measure over a period, unit or person the data do not cover is unknown, not 0.

Every data set here is cut from one small demo (60 ASN, 2024-Q4 to 2026-Q3) with a planted, checkable fact:
data of one quarter only, a folder with units, staff and the SKM survey only, a quarter after the data end,
and one unit whose e-Kinerja records end a quarter early.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kinerja.core.periods import Quarter
from kinerja.data.coverage import DATE_COLUMNS
from kinerja.data.dataset import Dataset
from kinerja.data.loading import dataset_from_frames
from kinerja.demo import load_demo
from kinerja.feedback.build import build_feedback
from kinerja.feedback.pages import asn_page
from kinerja.metrics import ekinerja
from kinerja.quarter.evaluation import QuarterOptions, QuarterResults, evaluate_quarter

QUARTER = Quarter(2026, 3)
OPTIONS = QuarterOptions(n_boot=20)
CUT_UNIT = "KEL-CKB"
"""The unit whose e-Kinerja records end with 2026-Q2 in :func:`unit_cut_early`."""


def subset(dataset: Dataset, tables: tuple[str, ...] | None = None, first: Quarter | None = None,
           drop: pd.Series | None = None) -> Dataset:
    """The demo's ``tables`` (all by default), dated rows from ``first`` on; ``drop`` masks activity rows out."""
    frames = {}
    for name in tables or dataset.tables:
        frame = dataset.to_pandas(name).drop(columns="source_row", errors="ignore")
        column = DATE_COLUMNS.get(name)
        if first is not None and column == "quarter":
            frame = frame[frame["quarter"].map(Quarter.parse) >= first]
        elif first is not None and column is not None:
            frame = frame[pd.to_datetime(frame[column]) >= pd.Timestamp(first.start)]
        if name == "activities" and drop is not None:
            frame = frame[~drop(frame)]
        frames[name] = frame.reset_index(drop=True)
    return dataset_from_frames(frames)


@pytest.fixture(scope="module")
def demo_small() -> Dataset:
    return load_demo(employees=60)


@pytest.fixture(scope="module")
def full(demo_small) -> QuarterResults:
    return evaluate_quarter(demo_small, QUARTER, OPTIONS)


@pytest.fixture(scope="module")
def one_quarter(demo_small) -> tuple[Dataset, QuarterResults]:
    data = subset(demo_small, first=QUARTER)
    return data, evaluate_quarter(data, QUARTER, OPTIONS)


# --- (a) data of one quarter only ------------------------------------------------------------------


def test_one_quarter_raises_no_surge_and_says_the_history_is_short(one_quarter):
    _, results = one_quarter
    assert results.satisfaction.surges.empty
    assert results.why("complaint_surges") == "riwayat belum cukup: 1 triwulan"
    assert results.why("complaint_surges", "en") == "not enough history: 1 quarter(s)"


def test_one_quarter_raises_no_trend_flag_and_has_no_baseline(one_quarter):
    judged = one_quarter[1].units.flags
    assert len(judged) and not judged["worsened"].any()
    assert judged["baseline"].isna().all() and (judged["history"] == 1).all()
    assert not judged["message"].str.contains("pembanding").any()


def test_one_quarter_jp_of_twelve_months_is_unknown_with_its_reason(one_quarter):
    data, results = one_quarter
    assert results.why("jp_last_12_months").startswith("JP 12 bulan terakhir tidak dapat dihitung: data pelatihan "
                                                       "mencakup 0")
    recommendations = results.training_need.recommendations
    assert recommendations["jp_last_12_months"].isna().all() and recommendations["below_min_jp"].isna().all()
    feedback = build_feedback(data, results)
    for record in feedback.records.values():
        assert record.jp_last_12_months is None and record.jp_year is None
        assert {"jp_year", "jp_last_12_months"} <= set(record.unknown)
        assert "below_min_jp" not in record.flags
        assert not {f.code for f in record.areas + record.strengths} & {"jp_short", "jp_met"}
    page = asn_page(next(iter(feedback.records.values())), feedback)
    assert "JP 12 bulan terakhir tidak dapat dihitung" in page and "baru mengikuti 0 JP" not in page


# --- (b) units, staff and the SKM survey only ------------------------------------------------------


@pytest.fixture(scope="module")
def survey_only(demo_small) -> tuple[Dataset, QuarterResults]:
    data = subset(demo_small, ("units", "employees", "ikm_responses"))
    return data, evaluate_quarter(data, QUARTER, OPTIONS)


def test_survey_only_gives_the_ikm_of_the_full_data(survey_only, full):
    _, results = survey_only
    pd.testing.assert_frame_equal(results.satisfaction.overall, full.satisfaction.overall)
    pd.testing.assert_frame_equal(results.satisfaction.per_unit, full.satisfaction.per_unit)
    ikm = results.units.flags[results.units.flags["metric"] == "ikm"]
    assert len(ikm) == len(full.units.flags[full.units.flags["metric"] == "ikm"])


def test_survey_only_names_why_the_rest_is_unavailable(survey_only):
    _, results = survey_only
    for part, table in (("predikat", "data SKP"), ("reporting", "data aktivitas e-Kinerja"),
                        ("training_need", "data SKP"), ("complaints", "data pengaduan"),
                        ("indicators.services", "data kunjungan layanan"),
                        ("jp_last_12_months", "riwayat pelatihan")):
        assert table in results.why(part), part
    assert results.why("satisfaction") is None and results.why("indicators.patient_satisfaction") is None
    assert results.training_need is None and results.training_unavailable
    assert results.predikat.empty and "predikat" in results.predikat.columns
    assert results.reporting.empty and "reporting_rate" in results.reporting.columns
    assert results.satisfaction.complaints.empty and results.units.reporting.empty


def test_survey_only_round_trips_and_gives_pages_that_say_there_are_no_data(survey_only, tmp_path):
    data, results = survey_only
    results.save(tmp_path / "evaluasi")
    loaded = QuarterResults.load(tmp_path / "evaluasi")
    assert loaded.unavailable == results.unavailable
    feedback = build_feedback(data, loaded)
    record = next(iter(feedback.records.values()))
    assert not record.has_data and not record.reporting_known and record.days_reported is None
    assert record.strengths == () and record.areas == () and "no_data" in record.flags
    assert 'id="no-data"' in asn_page(record, feedback)


# --- (c) a quarter after the data end --------------------------------------------------------------


def test_a_quarter_after_the_data_flags_no_unit_and_leaves_reporting_unknown(demo_small):
    after = Quarter(2027, 1)
    results = evaluate_quarter(demo_small, after, OPTIONS)
    assert not results.units.flags["flagged"].any()
    assert not results.units.flags["message"].str.contains("ke 0%").any()
    assert not results.reporting_known(after) and results.silent.empty
    assert results.units.reporting["reporting_rate"].isna().all()
    assert results.units.reporting["days_reported"].isna().all()
    assert not (results.units.organisation_reporting["quarter"] == after.label).any()
    assert "tidak tercakup" in results.why("reporting")


# --- (d) one unit whose e-Kinerja records end a quarter early ---------------------------------------


@pytest.fixture(scope="module")
def unit_cut_early(demo_small) -> tuple[Dataset, QuarterResults]:
    staff = set(demo_small.employees.loc[demo_small.employees["unit_code"] == CUT_UNIT, "nip"])
    data = subset(demo_small, drop=lambda rows: rows["nip"].isin(staff)
                  & (pd.to_datetime(rows["activity_date"]) >= pd.Timestamp(QUARTER.start)))
    return data, evaluate_quarter(data, QUARTER, OPTIONS)


def test_a_unit_whose_log_ends_early_is_unknown_and_only_that_unit(unit_cut_early, full):
    data, results = unit_cut_early
    assert ekinerja.known_units(data, QUARTER) == set(data.units["unit_code"]) - {CUT_UNIT}
    assert not results.reporting_known(QUARTER, CUT_UNIT) and results.reporting_known(QUARTER)
    per_unit = results.units.reporting[results.units.reporting["quarter"] == QUARTER.label].set_index("unit_code")
    assert pd.isna(per_unit.loc[CUT_UNIT, "reporting_rate"]) and not per_unit.loc[CUT_UNIT, "known"]
    others = per_unit.drop(index=CUT_UNIT)
    expected = full.units.reporting[full.units.reporting["quarter"] == QUARTER.label].set_index("unit_code")
    pd.testing.assert_series_equal(others["reporting_rate"], expected.loc[others.index, "reporting_rate"])
    people = results.of_quarter("reporting", QUARTER)
    assert people.loc[people["unit_code"] == CUT_UNIT, "reporting_rate"].isna().all()
    reporting_flags = results.units.flags[results.units.flags["metric"] == "reporting_rate"]
    assert CUT_UNIT not in set(reporting_flags["unit_code"]) and len(reporting_flags)
    staff = set(data.employees.loc[data.employees["unit_code"] == CUT_UNIT, "nip"])
    assert not staff & set(results.silent["nip"])
    feedback = build_feedback(data, results)
    for nip in staff:
        record = feedback.records[nip]
        assert "reporting_unit" in record.unknown and "reporting_below_standard" not in record.flags
