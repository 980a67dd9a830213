"""Forums and the follow-up register on the pages (issue 18): the loop across two demo quarters, the planted topic.

``ground_truth.json`` says what the demo planted (:mod:`kinerja.demo.participation`): an action
done in the quarter before the last and followed by a better NRR, an overdue action of that
quarter, and a forum topic of the last quarter about its unit's weakest unsur. The pages are
built from the quarter's one evaluation; these tests read them as a reader would.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from kinerja.core.periods import Quarter
from kinerja.data.loading import dataset_from_frames
from kinerja.data.vocabulary import UNSUR_NAMES
from kinerja.present.participation import ParticipationPage
from kinerja.quarter.evaluation import QuarterOptions, QuarterResults, evaluate_quarter

OPTIONS = QuarterOptions(n_boot=20)


@pytest.fixture(scope="module")
def planted(demo: Path) -> dict:
    return json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))["participation"]


@pytest.fixture(scope="module")
def quarters(demo_dataset, planted) -> dict[str, QuarterResults]:
    """The evaluation of the quarter the planted actions are planned in, and of the quarter after it."""
    planned = Quarter.parse(planted["overdue_action"]["quarter"])
    return {"planned": evaluate_quarter(demo_dataset, planned, OPTIONS),
            "next": evaluate_quarter(demo_dataset, planned.next(), OPTIONS)}


def page(results: QuarterResults, dataset, language: str = "id") -> ParticipationPage:
    return ParticipationPage.build(results, dataset.units, dataset.employees, language)


def unit_name(dataset, code: str) -> str:
    return dataset.units.set_index("unit_code").at[code, "unit_name"]


def rows_of(table: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    return table[table[column] == value]


# --- the loop across two quarters ------------------------------------------------------------------------


def test_the_planted_actions_are_new_in_their_quarter(quarters, demo_dataset, planted):
    new = page(quarters["planned"], demo_dataset).new_table()
    for key, status in (("action_done_then_better_nrr", None), ("overdue_action", "sedang berjalan")):
        action = planted[key]
        mine = rows_of(new, "Unit", unit_name(demo_dataset, action["unit_code"]))
        due = pd.Timestamp(action["due_date"]).strftime("%d/%m/%Y")
        assert due in set(mine["Batas waktu"]), key
        if status:
            assert status in set(mine.loc[mine["Batas waktu"] == due, "Status"])


def test_next_quarter_shows_the_done_action_done_and_the_overdue_one_overdue(quarters, demo_dataset, planted):
    shown = page(quarters["next"], demo_dataset)
    previous = shown.previous_table()
    for key, outcome in (("action_done_then_better_nrr", "selesai tepat waktu"),
                         ("overdue_action", "melewati batas waktu")):
        action = planted[key]
        mine = rows_of(previous, "Unit", unit_name(demo_dataset, action["unit_code"]))
        row = mine[mine["Batas waktu"] == pd.Timestamp(action["due_date"]).strftime("%d/%m/%Y")]
        assert outcome in set(row["Hasil"]), key
    done = planted["action_done_then_better_nrr"]
    assert pd.Timestamp(done["done_date"]).strftime("%d/%m/%Y") in set(previous["Tanggal selesai"])


def test_the_overdue_action_is_flagged_with_its_days_overdue(quarters, demo_dataset, planted):
    action = planted["overdue_action"]
    evaluated = quarters["next"]
    overdue = page(evaluated, demo_dataset).overdue_table()
    mine = rows_of(overdue, "Unit", unit_name(demo_dataset, action["unit_code"]))
    days = (pd.Timestamp(evaluated.quarter.end) - pd.Timestamp(action["due_date"])).days
    assert str(days) in set(mine["Hari terlambat"])
    attention = page(evaluated, demo_dataset).headlines()[1]
    assert any(item["unit"] == unit_name(demo_dataset, action["unit_code"]) and "melewati batas waktu" in item["why"]
               for item in attention)


def test_the_nrr_after_the_done_action_is_the_planted_improvement(quarters, demo_dataset, planted):
    done = planted["action_done_then_better_nrr"]
    after = page(quarters["next"], demo_dataset).after_table()
    row = after[(after["Unit"] == unit_name(demo_dataset, done["unit_code"]))
                & (after["Unsur"] == UNSUR_NAMES[done["unsur"]])]
    before_column, after_column = (f"NRR {Quarter.parse(q).label_id}" for q in done["nrr_quarters"])
    assert row[before_column].tolist() == [f"{done['nrr_before']:.2f}".replace(".", ",")]
    assert row[after_column].tolist() == [f"{done['nrr_after']:.2f}".replace(".", ",")]
    assert row["Perubahan"].iloc[0].startswith("+")


def test_the_lead_counts_what_the_previous_table_lists(quarters, demo_dataset):
    shown = page(quarters["next"], demo_dataset)
    outcomes = shown.previous_table()["Hasil"]
    done = int(outcomes.isin(["selesai tepat waktu", "selesai terlambat"]).sum())
    lead = shown.follow_up_lead()
    assert f"Dari {len(outcomes)} tindakan" in lead and f": {done} selesai" in lead
    assert f"{len(shown.new_table())} tindakan baru tercatat" in lead


# --- the forum topic on the weakest unsur ------------------------------------------------------------------


def test_the_planted_topic_is_beside_its_units_weakest_unsur(quarters, demo_dataset, planted):
    topic = planted["forum_topic_on_weakest_unsur"]
    results = quarters["next"]
    assert results.quarter.label == topic["quarter"]
    text = demo_dataset.forums.set_index("topic_id").at[topic["topic_id"], "topic"]
    table = page(results, demo_dataset).weakest_table()
    row = rows_of(table, "Unit", unit_name(demo_dataset, topic["unit_code"]))
    assert row["Unsur terlemah"].tolist() == [UNSUR_NAMES[topic["unsur"]]]
    assert text in row["Topik forum tentang unsur ini"].iloc[0]


def test_the_ikm_page_of_the_run_links_the_planted_topic_to_the_weakest_unsur(demo_run, demo_dataset, planted):
    result, _ = demo_run
    topic = planted["forum_topic_on_weakest_unsur"]
    text = demo_dataset.forums.set_index("topic_id").at[topic["topic_id"], "topic"]
    page_html = (result.folder / "kepuasan_masyarakat.html").read_text(encoding="utf-8")
    rows = [html.unescape(re.sub(r"<[^>]+>", " ", row)) for row in re.findall(r"<tr.*?</tr>", page_html, re.S)]
    linked = [row for row in rows if unit_name(demo_dataset, topic["unit_code"]) in row and text in row]
    assert linked and UNSUR_NAMES[topic["unsur"]] in linked[0]


def test_the_quarterly_page_of_the_run_shows_the_follow_up_sections(demo_run):
    result, _ = demo_run
    text = html.unescape(re.sub(r"<[^>]+>", " ", (result.folder / "indikator_triwulan.html").read_text("utf-8")))
    for heading in ("Tindakan triwulan lalu dan hasilnya", "Tindakan yang melewati batas waktu",
                    "Tindakan baru triwulan ini"):
        assert heading in text


# --- unknown is said as unknown ---------------------------------------------------------------------------


def test_without_registers_the_sections_say_why_and_count_nothing(quarters, demo_dataset):
    reasons = {"forums": {"id": "Data forum warga tidak tersedia.", "en": "No forum data."},
               "follow_ups": {"id": "Register tindak lanjut tidak tersedia.", "en": "No follow-up register."}}
    results = replace(quarters["next"], unavailable=quarters["next"].unavailable | reasons)
    shown = page(results, demo_dataset)
    assert shown.forum_lead() == reasons["forums"]["id"]
    assert shown.follow_up_lead() == reasons["follow_ups"]["id"]
    headlines, _ = shown.headlines()
    assert [h["value"] for h in headlines] == ["–", "–"]
    assert page(results, demo_dataset, "en").forum_lead() == reasons["forums"]["en"]


def test_a_dataset_without_the_registers_names_the_files_to_add(demo_dataset):
    frames = {name: demo_dataset.to_pandas(name).drop(columns="source_row", errors="ignore")
              for name in ("units", "employees", "ikm_responses")}
    results = evaluate_quarter(dataset_from_frames(frames), Quarter(2026, 3), OPTIONS)
    assert results.why("forums") and results.why("follow_ups")
    assert results.participation.open_topics.empty and results.participation.new_actions.empty


def test_the_participation_tables_round_trip_through_the_stored_evaluation(quarters, tmp_path):
    results = quarters["next"]
    results.save(tmp_path / "evaluasi")
    loaded = QuarterResults.load(tmp_path / "evaluasi")
    for name in ("previous_actions", "overdue_actions", "weakest_topics", "open_topics"):
        pd.testing.assert_frame_equal(getattr(loaded.participation, name), getattr(results.participation, name),
                                      check_dtype=False)


def test_a_public_table_names_a_forum_topic_source_without_its_reference(quarters, demo_dataset):
    results = quarters["next"]
    actions = results.participation.new_actions.copy()
    actions.loc[actions["source_kind"] == "forum_topic", "source_ref"] = "Keluhan warga tentang Pak Made di loket"
    changed = replace(results, participation=replace(results.participation, new_actions=actions))
    public = page(changed, demo_dataset).new_table(public=True)
    internal = page(changed, demo_dataset).new_table()
    assert "Topik forum" in set(public["Sumber"]) and not public["Sumber"].str.contains("loket").any()
    assert "Unit" not in public.columns
    assert internal["Sumber"].str.contains("Keluhan warga tentang").any()
    assert not internal["Sumber"].str.contains("Made").any()  # a name after a form of address is masked
