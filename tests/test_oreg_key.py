"""The scoring key of Oreg's Resistance to Change Scale, checked against the published one (issue #16).

The key below is copied from the paper, not from parameters/instruments/oreg_rtc.yaml:
Oreg, S. (2003). Resistance to change: Developing an individual differences measure.
Journal of Applied Psychology, 88(4), 680-693. 17 items answered 1 (strongly disagree)
to 6 (strongly agree); four subscales; items 4 and 14 reverse-scored.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kinerja.research.scales import TOTAL, load_instrument

# --- the published key, as data ------------------------------------------------------
PUBLISHED_ITEMS = 17
PUBLISHED_ANSWERS = (1, 6)
PUBLISHED_SUBSCALES = {
    "routine_seeking": [1, 2, 3, 4, 5],
    "emotional_reaction": [6, 7, 8, 9],
    "short_term_focus": [10, 11, 12, 13],
    "cognitive_rigidity": [14, 15, 16, 17],
}
# Item 4 "Whenever my life forms a stable routine, I look for ways to change it"; item 14 "I often change my mind".
PUBLISHED_REVERSED = [4, 14]


@pytest.fixture(scope="module")
def oreg():
    return load_instrument("oreg_rtc")


def _number(oreg, item_id: str) -> int:
    """The published number of an item: its place in the questionnaire."""
    return oreg.item_ids.index(item_id) + 1


def test_items_and_answer_range_are_the_published_ones(oreg):
    assert len(oreg.items) == PUBLISHED_ITEMS
    assert oreg.item_ids == [f"rtc_{n}" for n in range(1, PUBLISHED_ITEMS + 1)]
    assert (oreg.minimum, oreg.maximum) == PUBLISHED_ANSWERS


def test_subscales_hold_the_published_items(oreg):
    loaded = {s.key: [_number(oreg, item) for item in s.items] for s in oreg.subscales}
    assert loaded == PUBLISHED_SUBSCALES


def test_reverse_scored_items_are_the_published_ones(oreg):
    assert [_number(oreg, item) for item in oreg.reversed_items] == PUBLISHED_REVERSED


def _answers(**overrides: int) -> pd.DataFrame:
    """One respondent answering 5 to every item but those given as ``rtc_<n>=answer``."""
    row = {f"rtc_{n}": 5 for n in range(1, 18)} | overrides
    return pd.DataFrame([row], index=pd.Index(["R1"], name="respondent_id"))


def test_strongly_agreeing_with_item_14_lowers_cognitive_rigidity(oreg):
    base = oreg.score(_answers()).scores.loc["R1"]
    flexible = oreg.score(_answers(rtc_14=6)).scores.loc["R1"]
    # Answered 5, item 14 is keyed 1 + 6 - 5 = 2: (2 + 5 + 5 + 5) / 4.
    assert base["cognitive_rigidity"] == pytest.approx(17 / 4)
    # Answered 6 ("I often change my mind": strongly agree), it is keyed 1: (1 + 5 + 5 + 5) / 4 = 4,
    # a quarter point lower; unreversed it would have been (6 + 5 + 5 + 5) / 4 = 5.25.
    assert flexible["cognitive_rigidity"] == pytest.approx(16 / 4)
    assert base["cognitive_rigidity"] - flexible["cognitive_rigidity"] == pytest.approx(1 / 4)
    # The total (items 4 and 14 keyed) falls by a seventeenth; the other subscales do not move.
    assert base[TOTAL] == pytest.approx((15 * 5 + 2 + 2) / 17)
    assert base[TOTAL] - flexible[TOTAL] == pytest.approx(1 / 17)
    others = ["routine_seeking", "emotional_reaction", "short_term_focus"]
    assert (flexible[others] == base[others]).all()


def test_demo_survey_answers_the_reversed_items_against_the_planted_resistance(demo):
    truth = json.loads((demo / "ground_truth.json").read_text(encoding="utf-8"))
    assert truth["resistance_adoption"]["reverse_keyed_items"] == PUBLISHED_REVERSED
    survey = pd.read_excel(demo / "survei_perubahan.xlsx", header=2, dtype={"NIP": str})
    answers = survey[[f"Q{n}" for n in range(1, 18)]].astype(float)
    answers.columns = [f"rtc_{n}" for n in range(1, 18)]
    answers = answers[(answers.isna() | answers.isin(range(1, 7))).all(axis=1)]  # the planted bad row out
    planted = pd.Series(truth["resistance_adoption"]["resistance"]).reindex(survey.loc[answers.index, "NIP"])
    planted.index = answers.index
    assert planted.notna().all()
    raw = answers.corrwith(planted)
    assert (raw[["rtc_4", "rtc_14"]] < -0.5).all() and (raw.drop(["rtc_4", "rtc_14"]) > 0.5).all()
    oreg = load_instrument("oreg_rtc")
    assert (oreg.keyed_items(answers).corrwith(planted) > 0.5).all()
    assert (oreg.score(answers).scores.corrwith(planted) > 0.8).all()
