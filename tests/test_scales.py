"""Specification of instruments as data and of their scoring.

Oreg's (2003) Resistance to Change Scale ships in
parameters/instruments/oreg_rtc.yaml; the TAM example in tam_pu.yaml shows
that another instrument needs no code.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from kinerja.core.errors import DataError
from kinerja.data.dictionary import OREG_ITEMS
from kinerja.research.reliability import cronbach_alpha
from kinerja.research.scales import (
    DEFAULT_MAX_MISSING_SHARE,
    INSTRUMENTS_DIR,
    Instrument,
    InvalidResponses,
    ScoreResult,
    available_instruments,
    load_instrument,
)

ROOT = Path(__file__).resolve().parents[1]

ROUTINE_SEEKING = ["rtc_1", "rtc_2", "rtc_3", "rtc_4", "rtc_5"]


@pytest.fixture(scope="module")
def oreg() -> Instrument:
    return load_instrument("oreg_rtc")


def _answers(value: float = 3, respondents=("R1",)) -> pd.DataFrame:
    """Every Oreg item answered ``value`` by each respondent."""
    return pd.DataFrame({item: [value] * len(respondents) for item in OREG_ITEMS},
                        index=pd.Index(list(respondents), name="respondent_id"))


# --- the shipped Oreg scale -----------------------------------------------------


def test_oreg_scale_is_found_by_name_and_lives_in_parameters():
    assert INSTRUMENTS_DIR == ROOT / "parameters" / "instruments"
    assert {"oreg_rtc", "tam_pu"} <= set(available_instruments())
    assert load_instrument(INSTRUMENTS_DIR / "oreg_rtc.yaml") == load_instrument("oreg_rtc")


def test_oreg_scale_has_the_17_items_of_the_change_survey_table(oreg):
    assert oreg.item_ids == list(OREG_ITEMS)
    assert len(oreg.items) == 17


def test_oreg_scale_has_the_four_subscales_with_their_items(oreg):
    assert {s.key: list(s.items) for s in oreg.subscales} == {
        "routine_seeking": ROUTINE_SEEKING,
        "emotional_reaction": ["rtc_6", "rtc_7", "rtc_8", "rtc_9"],
        "short_term_focus": ["rtc_10", "rtc_11", "rtc_12", "rtc_13"],
        "cognitive_rigidity": ["rtc_14", "rtc_15", "rtc_16", "rtc_17"],
    }
    assert oreg.subscale("routine_seeking").name.en == "Routine seeking"


def test_items_4_and_14_of_oreg_are_reverse_scored(oreg):
    # Issue #16: item 14 ("I often change my mind") is reverse-scored too (Oreg, 2003); see test_oreg_key.py.
    assert oreg.reversed_items == ["rtc_4", "rtc_14"]


def test_oreg_answers_are_six_point_agreement_labelled_in_both_languages(oreg):
    assert (oreg.minimum, oreg.maximum) == (1, 6)
    assert sorted(oreg.labels) == [1, 2, 3, 4, 5, 6]
    assert oreg.labels[1].en == "Strongly disagree"
    assert oreg.labels[6].get("id") == "Sangat setuju"
    assert all(item.text.id and item.text.en for item in oreg.items)
    assert "Oreg" in oreg.citation and "10.1037/0021-9010.88.4.680" in oreg.citation
    assert oreg.max_missing_share == DEFAULT_MAX_MISSING_SHARE == 0.2


# --- reverse keying -------------------------------------------------------------


def test_answer_2_to_items_4_and_14_is_keyed_as_5(oreg):
    keyed = oreg.keyed_items(_answers(2))
    assert keyed.loc["R1", "rtc_4"] == keyed.loc["R1", "rtc_14"] == 5  # 1 + 6 - 2
    assert (keyed.drop(columns=["rtc_4", "rtc_14"]) == 2).all().all()


def test_keyed_items_are_the_item_columns_only_in_instrument_order(oreg):
    responses = _answers(3)[list(reversed(OREG_ITEMS))].assign(age=40, unit_code="KEC")
    keyed = oreg.keyed_items(responses)
    assert list(keyed.columns) == list(OREG_ITEMS)
    assert keyed.dtypes.eq("float64").all()


def test_responses_are_not_modified(oreg):
    responses = _answers(2)
    before = responses.copy()
    oreg.score(responses)
    pd.testing.assert_frame_equal(responses, before)


# --- scoring and proration ------------------------------------------------------


def test_complete_answers_give_subscale_and_total_means(oreg):
    responses = _answers(2)
    responses["rtc_1"] = 6
    scores = oreg.score(responses).scores
    assert list(scores.columns) == ["routine_seeking", "emotional_reaction", "short_term_focus",
                                    "cognitive_rigidity", "total"]
    # routine seeking: 6, 2, 2, 5 (item 4 reversed), 2
    assert scores.loc["R1", "routine_seeking"] == pytest.approx(17 / 5)
    assert scores.loc["R1", "emotional_reaction"] == 2
    # cognitive rigidity: 5 (item 14 reversed), 2, 2, 2
    assert scores.loc["R1", "cognitive_rigidity"] == pytest.approx(11 / 4)
    # Issue #16: item 14 is keyed 5 as well, no longer 2.
    assert scores.loc["R1", "total"] == pytest.approx((6 + 5 + 5 + 14 * 2) / 17)


def test_one_of_five_routine_items_missing_is_the_mean_of_the_other_four(oreg):
    responses = _answers(2)
    responses["rtc_1"] = 6
    responses["rtc_3"] = np.nan
    result = oreg.score(responses)
    assert result.scores.loc["R1", "routine_seeking"] == pytest.approx((6 + 2 + 5 + 2) / 4)
    assert result.prorated["routine_seeking"] == 1
    assert result.too_many_missing["routine_seeking"] == 0


def test_two_of_five_routine_items_missing_is_missing_and_counted(oreg):
    responses = _answers(3, respondents=("R1", "R2"))
    responses.loc["R1", ["rtc_2", "rtc_5"]] = np.nan
    result = oreg.score(responses)
    assert np.isnan(result.scores.loc["R1", "routine_seeking"])
    assert result.scores.loc["R2", "routine_seeking"] == pytest.approx((4 * 3 + 4) / 5)  # rtc_4: 4
    assert result.too_many_missing["routine_seeking"] == 1
    # 2 of 17 is within the 20% of the total, so the total is prorated over 15 items
    # (rtc_4 and, since issue #16, rtc_14 keyed 4).
    assert result.scores.loc["R1", "total"] == pytest.approx((13 * 3 + 4 + 4) / 15)
    assert result.prorated["total"] == 1


def test_one_missing_item_of_a_four_item_subscale_is_too_many_at_20_percent(oreg):
    responses = _answers(4)
    responses["rtc_7"] = np.nan
    result = oreg.score(responses)
    assert np.isnan(result.scores.loc["R1", "emotional_reaction"])
    assert result.too_many_missing["emotional_reaction"] == 1
    assert result.too_many_missing["short_term_focus"] == 0


def test_total_allows_three_of_seventeen_missing_but_not_four(oreg):
    responses = _answers(4, respondents=("three", "four"))
    responses.loc["three", ["rtc_1", "rtc_6", "rtc_10"]] = np.nan
    responses.loc["four", ["rtc_1", "rtc_6", "rtc_10", "rtc_14"]] = np.nan
    result = oreg.score(responses)
    # rtc_4 and, since issue #16, rtc_14 keyed 3.
    assert result.scores.loc["three", "total"] == pytest.approx((12 * 4 + 3 + 3) / 14)
    assert np.isnan(result.scores.loc["four", "total"])
    assert result.too_many_missing["total"] == 1


def test_a_blank_questionnaire_has_no_scores_and_is_counted_everywhere(oreg):
    responses = _answers(np.nan)
    result = oreg.score(responses)
    assert result.scores.isna().all().all()
    assert (result.too_many_missing == 1).all()


def test_max_missing_share_can_be_overridden_for_a_sensitivity_analysis(oreg):
    responses = _answers(4)
    responses["rtc_7"] = np.nan
    result = oreg.score(responses, max_missing_share=0.25)
    assert result.scores.loc["R1", "emotional_reaction"] == 4
    assert result.max_missing_share == 0.25


@pytest.mark.parametrize("share", [1, 1.5, -0.1, "0.2"])
def test_max_missing_share_outside_zero_one_is_refused(oreg, share):
    with pytest.raises(ValueError, match="max_missing_share"):
        oreg.score(_answers(3), max_missing_share=share)


def test_respondent_ids_carry_through_to_the_scores(oreg):
    responses = _answers(3, respondents=("A-17", "B-02", "C-99"))
    result = oreg.score(responses)
    pd.testing.assert_index_equal(result.scores.index, responses.index)
    assert isinstance(result, ScoreResult)
    assert list(result.too_many_missing.index) == list(result.scores.columns)


def test_nullable_integer_answers_with_pd_na_are_scored(oreg):
    responses = _answers(5).astype("Int64")
    responses.loc["R1", "rtc_1"] = pd.NA
    scores = oreg.score(responses).scores
    assert scores.loc["R1", "routine_seeking"] == pytest.approx((5 + 5 + 2 + 5) / 4)


# --- answers that cannot be scored ----------------------------------------------


def test_answer_outside_the_range_names_column_row_and_value(oreg):
    responses = _answers(3, respondents=("R1", "R2"))
    responses.loc["R2", "rtc_9"] = 7
    with pytest.raises(ValueError, match=r"column 'rtc_9', row 'R2': answer 7 is outside"):
        oreg.score(responses)


def test_every_bad_answer_is_listed_in_problems(oreg):
    responses = _answers(3.0, respondents=("R1", "R2"))
    responses.loc["R1", "rtc_2"] = 0
    responses.loc["R2", "rtc_3"] = 2.5
    with pytest.raises(InvalidResponses, match=r"1 more bad answer") as caught:
        oreg.keyed_items(responses)
    problems = caught.value.problems
    assert problems[["row", "column", "value"]].values.tolist() == [
        ["R1", "rtc_2", 0.0], ["R2", "rtc_3", 2.5]]
    assert problems["reason"].tolist() == ["outside the answer range", "between two answer points"]
    assert isinstance(caught.value, DataError)


def test_missing_item_column_is_named(oreg):
    with pytest.raises(InvalidResponses, match="lack the item column.*rtc_17"):
        oreg.score(_answers(3).drop(columns="rtc_17"))


def test_text_answers_are_refused_with_the_column_named(oreg):
    responses = _answers(3)
    responses["rtc_5"] = "setuju"
    with pytest.raises(InvalidResponses, match="column 'rtc_5' holds .* not numbers"):
        oreg.score(responses)


# --- another instrument with no code --------------------------------------------


def test_tam_example_loads_and_scores_on_its_own_range():
    tam = load_instrument("tam_pu")
    assert (tam.minimum, tam.maximum) == (1, 7)
    assert tam.item_ids == ["tam_pu_1", "tam_pu_2", "tam_pu_3", "tam_pu_4"]
    assert tam.reversed_items == []
    responses = pd.DataFrame({"tam_pu_1": [7, 1], "tam_pu_2": [6, np.nan],
                              "tam_pu_3": [7, 2], "tam_pu_4": [6, 3]}, index=["x", "y"])
    result = tam.score(responses)
    assert result.scores.loc["x", "perceived_usefulness"] == pytest.approx(6.5)
    assert result.scores.loc["y", "perceived_usefulness"] == pytest.approx(2.0)  # 1 of 4 missing
    with pytest.raises(InvalidResponses, match="answer 8 is outside"):
        tam.score(responses.assign(tam_pu_1=[8, 1]))


def _minimal() -> dict:
    return {
        "name": "Example scale",
        "citation": "Nobody (2024).",
        "answers": {"min": 1, "max": 5,
                    "labels": {1: {"id": "Sangat tidak setuju", "en": "Strongly disagree"},
                               5: {"id": "Sangat setuju", "en": "Strongly agree"}}},
        "items": [
            {"id": "q1", "text": {"id": "Satu", "en": "One"}},
            {"id": "q2", "text": {"id": "Dua", "en": "Two"}, "reverse": True},
            {"id": "q3", "text": {"id": "Tiga", "en": "Three"}},
        ],
        "subscales": {"first_two": {"name": {"id": "Dua pertama", "en": "First two"},
                                    "items": ["q1", "q2"]}},
        "scoring": {"max_missing_share": 0.5},
    }


def _write(tmp_path: Path, document, name: str = "example.yaml") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str)
                    else yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_a_new_instrument_file_is_scored_with_no_code(tmp_path):
    instrument = load_instrument(_write(tmp_path, _minimal()))
    responses = pd.DataFrame({"q1": [5, 4], "q2": [2, np.nan], "q3": [1, 3]})
    scores = instrument.score(responses).scores
    assert scores.loc[0, "first_two"] == pytest.approx((5 + 4) / 2)  # q2: 1 + 5 - 2
    assert scores.loc[1, "first_two"] == pytest.approx(4)  # 1 of 2 missing <= 50%
    assert scores.loc[0, "total"] == pytest.approx((5 + 4 + 1) / 3)
    assert instrument.score(responses, max_missing_share=0.4).too_many_missing["first_two"] == 1


def test_keyed_items_feed_cronbach_alpha(oreg):
    rng = np.random.default_rng(17)
    level = rng.integers(1, 7, size=40)
    responses = pd.DataFrame(
        {item: np.clip(level + rng.integers(-1, 2, size=40), 1, 6) for item in OREG_ITEMS})
    responses["rtc_4"] = 7 - responses["rtc_4"]  # the reverse-worded item, answered consistently
    keyed = oreg.keyed_items(responses)
    assert cronbach_alpha(keyed[ROUTINE_SEEKING]).alpha > cronbach_alpha(
        responses[ROUTINE_SEEKING]).alpha


# --- bad instrument files -------------------------------------------------------


def _broken(change) -> dict:
    document = copy.deepcopy(_minimal())
    change(document)
    return document


BAD_FILES = {
    "unknown top-level key": (lambda d: d.update(version=2), "'version' is not known"),
    "unknown item key": (lambda d: d["items"][0].update(revers=True), r"'items\[0\]\.revers' is not known"),
    "unknown scoring key": (lambda d: d["scoring"].update(threshold=0.3), "'scoring.threshold' is not known"),
    "missing key": (lambda d: d.pop("citation"), "'citation' is missing"),
    "missing text language": (lambda d: d["items"][1]["text"].pop("en"), r"'items\[1\]\.text\.en' is missing"),
    "missing subscale name": (lambda d: d["subscales"]["first_two"].pop("name"),
                              "'subscales.first_two.name' is missing"),
    "subscale names unknown item": (lambda d: d["subscales"]["first_two"]["items"].append("q9"),
                                    "'subscales.first_two.items' names unknown item 'q9'"),
    "subscale repeats an item": (lambda d: d["subscales"]["first_two"]["items"].append("q1"),
                                 "'subscales.first_two.items' lists item 'q1' more than once"),
    "subscale named total": (lambda d: d["subscales"].update(total=d["subscales"]["first_two"]),
                             "'subscales.total' must differ"),
    "min not below max": (lambda d: d["answers"].update(min=5), "'answers.min' must be below answers.max"),
    "min not a whole number": (lambda d: d["answers"].update(min=0.5), "'answers.min' must be a whole number"),
    "duplicate item ids": (lambda d: d["items"][2].update(id="q1"),
                           r"'items\[2\]\.id' repeats item id 'q1'"),
    "reverse not true or false": (lambda d: d["items"][0].update(reverse="ya"),
                                  r"'items\[0\]\.reverse' must be true or false, got str 'ya'"),
    "label outside the range": (lambda d: d["answers"]["labels"].update({7: {"id": "x", "en": "x"}}),
                                "'answers.labels.7' is not an answer point"),
    "share of 1": (lambda d: d["scoring"].update(max_missing_share=1),
                   "'scoring.max_missing_share' must be a number from 0"),
    "no items": (lambda d: d.update(items=[]), "'items' must be a non-empty list"),
    "items not a list": (lambda d: d.update(items={"q1": "One"}), "'items' must be a non-empty list"),
    "empty text": (lambda d: d["items"][0]["text"].update(id=" "), r"'items\[0\]\.text\.id' must be non-empty"),
    "empty notes": (lambda d: d.update(notes=""), "'notes' must be non-empty text"),
    "item not a mapping": (lambda d: d["items"].__setitem__(0, "q1"),
                           r"'items\[0\]' must be a mapping with keys id, text, reverse, got str 'q1'"),
    "text not a mapping": (lambda d: d["items"][0].update(text="Satu"),
                           r"'items\[0\]\.text' must be a mapping with keys id, en"),
    "item named total": (lambda d: d["items"][0].update(id="total"), r"'items\[0\]\.id' may not be 'total'"),
    "reverse as a number": (lambda d: d["items"][1].update(reverse=1),
                            r"'items\[1\]\.reverse' must be true or false, got int 1"),
    "min as true": (lambda d: d["answers"].update(min=True), "'answers.min' must be a whole number, got bool True"),
    "labels not a mapping": (lambda d: d["answers"].update(labels=["x"]), "'answers.labels' must be a mapping"),
    "label point as text": (lambda d: d["answers"]["labels"].update({"satu": {"id": "x", "en": "x"}}),
                            "'answers.labels.satu' is not an answer point"),
    "subscale name with a space": (lambda d: d["subscales"].update({"first two": d["subscales"]["first_two"]}),
                                   "'subscales.first two' must be a name of letters, digits and underscores"),
    "subscale named as an item": (lambda d: d["subscales"].update(q3=d["subscales"]["first_two"]),
                                  "'subscales.q3' must differ from 'total' and from the item ids"),
    "subscale without items": (lambda d: d["subscales"]["first_two"].update(items=[]),
                               "'subscales.first_two.items' must be a non-empty list of item ids"),
    "share as text": (lambda d: d["scoring"].update(max_missing_share="0.2"),
                      "'scoring.max_missing_share' must be a number from 0 up to"),
    "misspelt required key": (lambda d: d.update(citaton=d.pop("citation")),
                              "'citaton' is not known; expected one of name, citation"),
}


@pytest.mark.parametrize("change, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_instrument_file_names_the_file_and_the_key(tmp_path, change, message):
    path = _write(tmp_path, _broken(change), name="broken_scale.yaml")
    with pytest.raises(DataError, match=message) as caught:
        load_instrument(path)
    assert str(caught.value).startswith("broken_scale.yaml: key ")
    assert "\n" not in str(caught.value)


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    with pytest.raises(DataError, match=r"list\.yaml: key '\(top level\)' must be a mapping with keys name, "
                                        r"citation, notes, answers, items, subscales, scoring, got list"):
        load_instrument(_write(tmp_path, "- name\n- items\n", name="list.yaml"))


def test_a_key_given_twice_is_refused(tmp_path):
    text = yaml.safe_dump(_minimal(), allow_unicode=True) + "name: Second name\n"
    with pytest.raises(DataError, match=r"twice.yaml: key 'name' is given twice at line \d+"):
        load_instrument(_write(tmp_path, text, name="twice.yaml"))


def test_invalid_yaml_names_the_file_and_line(tmp_path):
    with pytest.raises(DataError, match=r"bad.yaml is not valid YAML at line \d+"):
        load_instrument(_write(tmp_path, "name: [unclosed\nitems: 3\n", name="bad.yaml"))


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(DataError, match="empty.yaml is empty"):
        load_instrument(_write(tmp_path, "", name="empty.yaml"))


def test_an_unknown_instrument_name_lists_the_known_ones():
    with pytest.raises(DataError, match="'utaut' not found.*oreg_rtc.*tam_pu"):
        load_instrument("utaut")
