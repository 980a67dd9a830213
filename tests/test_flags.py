"""Trends and flags: a unit below a standard or worsening beyond a threshold, said in Indonesian."""

from __future__ import annotations

import json
import statistics

import pandas as pd
import pytest

from kinerja.data.loading import dataset_from_frames
from kinerja.metrics import flags, registry

NAMES = {"PKM": "Puskesmas Karang Taliwang", "KEL": "Kantor Lurah Mayura"}
QUARTERS = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]


def metrics(series: dict[tuple[str, str], list[float]]) -> pd.DataFrame:
    """(unit, metric) -> values of 2025-Q3 .. 2026-Q3 (None: no value that quarter)."""
    rows = [{"quarter": quarter, "unit_code": unit, "metric": metric, "value": value}
            for (unit, metric), values in series.items() for quarter, value in zip(QUARTERS, values)
            if value is not None]
    return pd.DataFrame(rows)


def test_waiting_time_above_standard_and_worse_reads_as_one_sentence():
    table = metrics({("PKM", "waiting_median_minutes"): [37, 38, 38, 40, 71]})
    result = flags.flag_metrics(table, "2026-Q3", unit_names=NAMES)
    assert len(result) == 1
    row = result.iloc[0]
    assert row["message"] == ("Waktu tunggu di Puskesmas Karang Taliwang naik dari 38 ke 71 menit "
                              "(pembanding: median 4 triwulan sebelumnya); standar 60 menit")
    assert (row["value"], row["baseline"], row["previous_value"], row["standard"]) == (71, 38, 40, 60)
    assert row["below_standard"] and row["worsened"]


def test_stable_metrics_within_standard_are_not_flagged():
    table = metrics({("PKM", "waiting_median_minutes"): [37, 38, 38, 40, 41],
                     ("KEL", "ikm"): [84.1, 83.5, 85.0, 84.2, 83.9]})
    assert flags.flag_metrics(table, "2026-Q3").empty
    everything = flags.flag_metrics(table, "2026-Q3", include_unflagged=True)
    assert len(everything) == 2 and not everything["flagged"].any()


def test_worsening_beyond_the_threshold_is_flagged_even_within_the_standard():
    table = metrics({("PKM", "waiting_median_minutes"): [20, 20, 21, 19, 40]})
    row = flags.flag_metrics(table, "2026-Q3", unit_names=NAMES).iloc[0]
    assert not row["below_standard"] and row["worsened"]
    assert row["message"] == ("Waktu tunggu di Puskesmas Karang Taliwang naik dari 20 ke 40 menit (pembanding: median 4 triwulan sebelumnya), "
                              "perubahan 20 menit "
                              "melewati batas 15 menit; standar 60 menit masih terpenuhi")


def test_a_change_equal_to_the_threshold_is_not_flagged():
    table = metrics({("PKM", "waiting_median_minutes"): [20, 20, 20, 20, 35]})
    assert flags.flag_metrics(table, "2026-Q3").empty


def test_above_the_standard_without_worsening_says_so():
    table = metrics({("PKM", "waiting_median_minutes"): [62, 63, 61, 62, 63]})
    row = flags.flag_metrics(table, "2026-Q3", unit_names=NAMES).iloc[0]
    assert row["below_standard"] and not row["worsened"]
    assert row["message"] == ("Waktu tunggu di Puskesmas Karang Taliwang 63 menit, di atas standar 60 menit "
                              "(median 4 triwulan sebelumnya: 62 menit)")


def test_ikm_below_grade_b_gives_the_grades():
    table = metrics({("KEL", "ikm"): [83.39, 82.39, 83.40, 83.28, 72.08]})
    row = flags.flag_metrics(table, "2026-Q3", unit_names=NAMES).iloc[0]
    assert row["baseline"] == pytest.approx(statistics.median([83.39, 82.39, 83.40, 83.28]))
    assert row["message"] == ("IKM di Kantor Lurah Mayura turun dari 83,34 (mutu B) ke 72,08 (mutu C) (pembanding: median 4 triwulan sebelumnya); "
                              "standar 76,61 (mutu B)")


def test_shares_are_written_as_indonesian_percentages():
    table = metrics({("KEL", "reporting_rate"): [0.9, 0.9, 0.9, 0.9, 0.755]})
    row = flags.flag_metrics(table, "2026-Q3", unit_names=NAMES).iloc[0]
    assert row["message"] == ("Tingkat pelaporan e-Kinerja di Kantor Lurah Mayura turun dari 90% ke 75,5%"
                              " (pembanding: median 4 triwulan sebelumnya); standar 80%")


def test_without_history_only_the_standard_is_checked():
    table = metrics({("PKM", "waiting_median_minutes"): [None, None, None, None, 65],
                     ("KEL", "on_time_rate"): [None, None, None, None, 0.1]})
    result = flags.flag_metrics(table, "2026-Q3", unit_names=NAMES)
    assert result["unit_code"].tolist() == ["PKM"]
    assert result.iloc[0]["message"] == "Waktu tunggu di Puskesmas Karang Taliwang 65 menit, di atas standar 60 menit"


def test_compare_quarters_sets_the_baseline_window():
    table = metrics({("PKM", "waiting_median_minutes"): [40, 40, 40, 20, 45]})
    assert flags.flag_metrics(table, "2026-Q3", compare_quarters=4).empty  # baseline 40
    row = flags.flag_metrics(table, "2026-Q3", compare_quarters=1).iloc[0]  # baseline: 2026-Q2 alone
    assert (row["baseline"], row["worsened"]) == (20, True)
    assert flags.compare_quarters_of("2026-Q3", 2)[0].label == "2026-Q1"
    with pytest.raises(ValueError, match="compare_quarters"):
        flags.flag_metrics(table, "2026-Q3", compare_quarters=0)


def test_standards_and_thresholds_can_be_overridden_or_switched_off():
    table = metrics({("PKM", "waiting_median_minutes"): [58, 59, 60, 59, 63]})
    assert len(flags.flag_metrics(table, "2026-Q3")) == 1
    assert flags.flag_metrics(table, "2026-Q3", standards={"waiting_median_minutes": None}).empty
    tight = flags.flag_metrics(table, "2026-Q3", standards={"waiting_median_minutes": None},
                               max_worsening={"waiting_median_minutes": 2})
    assert tight.iloc[0]["worsened"]
    with pytest.raises(ValueError, match="'waiting'"):
        flags.flag_metrics(table, "2026-Q3", standards={"waiting": 30})


def test_a_rule_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        flags.MetricRule("x", "X", True, None, 1.0, "dollars")


def test_format_value_uses_decimal_comma_and_thousands_dot():
    assert flags.format_value(1234.0, "minutes") == "1.234 menit"
    assert flags.format_value(0.853, "share") == "85,3%"
    assert flags.format_value(0.85, "capaian") == "85%"
    assert flags.format_value(72.08, "ikm") == "72,08 (mutu C)"
    assert flags.format_value(17.4, "hours") == "17,4 jam"


def test_demo_flags_of_the_last_quarter_are_the_planted_problems_only(demo, demo_dataset):
    truth = json.loads((demo / "ground_truth.json").read_text())
    result = flags.quarter_flags(demo_dataset, "2026-Q3")
    found = set(zip(result["unit_code"], result["metric"]))
    waiting = truth["waiting_time"]
    ikm_unit = truth["ikm"]["unit_code"]
    assert (waiting["unit_code"], "waiting_median_minutes") in found
    assert (ikm_unit, "ikm") in found
    # The share served within 60 minutes collapses with the same planted waiting time.
    assert found <= {(waiting["unit_code"], "waiting_median_minutes"), (waiting["unit_code"], "within_standard_share"),
                     (ikm_unit, "ikm")}
    before = [waiting["median_by_quarter"][q] for q in ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]]
    message = result.set_index(["unit_code", "metric"]).loc[(waiting["unit_code"], "waiting_median_minutes"), "message"]
    assert message == (f"Waktu tunggu di {waiting['unit_name']} naik dari {statistics.median(before):.0f} ke "
                       f"{waiting['median_after_minutes']:.0f} menit (pembanding: median 4 triwulan sebelumnya); standar 60 menit")


def test_quarters_before_the_activity_log_starts_get_no_reporting_metrics(demo_dataset):
    # The demo's e-Kinerja log starts at the rollout on 2024-10-01.
    table = registry.unit_indicators(demo_dataset, ["2024-Q3", "2024-Q4"])
    reporting = table[table["metric"] == "reporting_rate"]
    assert set(reporting["quarter"]) == {"2024-Q4"}


def test_a_one_quarter_baseline_is_named_as_the_quarter_before():
    table = metrics({("PKM", "waiting_median_minutes"): [40, 40, 40, 20, 45]})
    row = flags.flag_metrics(table, "2026-Q3", compare_quarters=1, unit_names=NAMES).iloc[0]
    assert "(pembanding: triwulan sebelumnya)" in row["message"]


def test_every_registered_indicator_has_a_rule_and_a_label_in_both_languages():
    assert list(flags.DEFAULT_RULES) == list(registry.INDICATORS)
    for indicator in registry.INDICATORS.values():
        assert indicator.label("id") and indicator.label("en")
        assert flags.DEFAULT_RULES[indicator.name].standard == indicator.standard


def test_an_indicator_whose_tables_are_absent_gives_no_rows(demo_dataset):
    kept = ("units", "employees", "skp", "activities")
    without_visits = dataset_from_frames({name: demo_dataset.to_pandas(name) for name in kept})
    table = registry.unit_indicators(without_visits, ["2026-Q3"])
    assert set(table["metric"]) == {"reporting_rate", "on_time_rate", "approval_lag_median_hours", "capaian_median"}
