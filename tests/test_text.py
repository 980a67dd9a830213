"""The text catalogue: every entry in both languages, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from kinerja.core import text
from kinerja.core.text import TextMissing, phrases, say


def _placeholders(value: object) -> set[str]:
    if isinstance(value, str):
        return {name for _, name, _, _ in string.Formatter().parse(value) if name}
    if isinstance(value, list):
        return set().union(*map(_placeholders, value)) if value else set()
    if isinstance(value, dict):
        return {f"{key}:{name}" for key, item in value.items() for name in _placeholders(item)}
    return set()


def test_every_entry_has_the_same_placeholders_in_both_languages():
    differing = {key: (_placeholders(entry["id"]), _placeholders(entry["en"]))
                 for key, entry in text.catalogue().items()
                 if _placeholders(entry["id"]) != _placeholders(entry["en"])}
    assert differing == {}


def test_lists_and_mappings_have_the_same_shape_in_both_languages():
    for key, entry in text.catalogue().items():
        if isinstance(entry["id"], list):
            assert len(entry["id"]) == len(entry["en"]), key
        if isinstance(entry["id"], dict):
            assert set(entry["id"]) == set(entry["en"]), key


def test_say_fills_placeholders_in_the_chosen_language():
    assert say("pages.stopped_by", "id", cause="disk penuh") == "terhenti karena galat: disk penuh"
    assert say("pages.stopped_by", "en", cause="disk full") == "broke off with an error: disk full"


def test_an_unknown_key_is_named_in_the_error():
    with pytest.raises(TextMissing, match="pages.no_such_text"):
        say("pages.no_such_text")


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="'fr'"):
        phrases("pages", "fr")


def test_an_entry_missing_a_language_is_refused(tmp_path, monkeypatch):
    (tmp_path / "broken.yaml").write_text("greeting:\n  id: Halo\n", encoding="utf-8")
    monkeypatch.setattr(text, "CATALOGUE_FOLDER", tmp_path)
    text.catalogue.cache_clear()
    try:
        with pytest.raises(TextMissing, match="broken.yaml.*greeting"):
            text.catalogue()
    finally:
        monkeypatch.undo()
        text.catalogue.cache_clear()


def test_grouped_entries_read_as_nested_phrases(tmp_path, monkeypatch):
    (tmp_path / "demo.yaml").write_text("attr:\n  age:\n    id: usia\n    en: age\n", encoding="utf-8")
    monkeypatch.setattr(text, "CATALOGUE_FOLDER", tmp_path)
    text.catalogue.cache_clear()
    try:
        assert phrases("demo", "id")["attr"].get("age") == "usia"
        assert phrases("demo", "en")["attr"].get("unknown", "unknown") == "unknown"
    finally:
        monkeypatch.undo()
        text.catalogue.cache_clear()
