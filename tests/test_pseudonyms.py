"""Keyed pseudonyms: HMAC-SHA-256 of the identifier, key from the environment only."""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd
import pytest

from kinerja.core.errors import DataError
from kinerja.core.pseudonyms import (
    KEY_FILE_VARIABLE,
    KEY_VARIABLE,
    PROJECT_ROOT,
    load_key,
    pseudonymise,
)

KEY = "a-secret-of-more-than-thirty-two-characters"


def test_the_pseudonym_is_the_hmac_sha256_of_the_identifier():
    nips = pd.Series(["198503122010012003", " 199001012019031001 ", None])
    result = pseudonymise(nips, KEY.encode())
    # RFC 2104 HMAC computed independently with the standard library.
    expected = "R-" + hmac.new(KEY.encode(), b"198503122010012003", hashlib.sha256).hexdigest()[:16]
    assert result[0] == expected
    assert result[1] == "R-" + hmac.new(KEY.encode(), b"199001012019031001", hashlib.sha256).hexdigest()[:16]
    assert pd.isna(result[2])


def test_another_key_gives_other_pseudonyms_and_the_same_key_the_same():
    nips = pd.Series(["198503122010012003"])
    first = pseudonymise(nips, KEY.encode())[0]
    assert pseudonymise(nips, KEY.encode())[0] == first
    assert pseudonymise(nips, (KEY + "x").encode())[0] != first


def test_the_key_comes_from_the_variable_or_a_file_outside_the_project(tmp_path):
    assert load_key({KEY_VARIABLE: f"  {KEY}\n"}) == KEY.encode()
    key_file = tmp_path / "kunci.txt"
    key_file.write_text(KEY + "\n", encoding="utf-8")
    assert load_key({KEY_FILE_VARIABLE: str(key_file)}) == KEY.encode()


def test_without_a_key_the_sentence_says_how_to_give_one():
    with pytest.raises(DataError, match=f"privacy level research needs a pseudonym key: set {KEY_VARIABLE}"):
        load_key({})


def test_a_key_file_inside_the_project_is_refused():
    inside = PROJECT_ROOT / "parameters" / "kunci.txt"
    with pytest.raises(DataError, match="is inside the project folder"):
        load_key({KEY_FILE_VARIABLE: str(inside)})


def test_a_missing_key_file_is_named(tmp_path):
    with pytest.raises(DataError, match=r"kunci\.txt \(KINERJA_PSEUDONYM_KEY_FILE\) does not exist"):
        load_key({KEY_FILE_VARIABLE: str(tmp_path / "kunci.txt")})


def test_a_short_key_is_refused_without_showing_it():
    with pytest.raises(DataError, match="has 6 characters; it needs at least 32") as caught:
        load_key({KEY_VARIABLE: "rahasi"})
    assert "rahasi" not in str(caught.value)
