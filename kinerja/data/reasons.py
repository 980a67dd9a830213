"""Why a row was rejected, in Indonesian and English, from the text catalogue.

Every reason is an entry ``rejects.reason.<key>`` of ``core/text/rejects.yaml``.
The loader writes a reject's ``reason`` as the entry's English sentence with
its placeholders filled (:func:`english`), and ``Dataset.rejects`` keeps only
that sentence: the command line, ``rejects_full.csv`` and the snapshots keep
their columns. :func:`reason_in` says a reason in another language by reading
the key and the values back from the English sentence (each entry's English
text, with its placeholders as gaps, is a pattern) and filling the entry in
that language. A sentence no entry matches stays as it is.

A refused NIP or quarter is kept as :mod:`kinerja.core.nip` and
:mod:`kinerja.core.periods` word it; the catalogue's entries for them are
worded the same, so those reasons are said in both languages too.

Examples
--------
>>> english("not_number", value="'empat'")
"'empat' is not a number"
>>> read_reason("'empat' is not a number")
('not_number', {'value': "'empat'"})
>>> say_in("'empat' is not a number", "id")
"'empat' bukan angka"
"""

from __future__ import annotations

import re
import string
from functools import cache

import pandas as pd

from kinerja.core.formatting import LANGUAGES
from kinerja.core.text import catalogue, say
from kinerja.data.dictionary import TABLES

__all__ = ["column_header", "delimiter_name", "english", "read_reason", "reason_in", "reason_keys", "say_in"]

_REASONS = "rejects.reason."
_DELIMITERS = "rejects.delimiter."
_NUMBERS = frozenset({"low", "high"})
"""Placeholders that hold a number, written with the language's decimal mark."""
_COLUMNS = frozenset({"column", "columns", "other", "others"})
"""Placeholders that hold the dictionary's names of columns, said as the headers exports give them."""
_CANONICAL = re.compile(r" \([a-z_]+\)(?=;|$)")
"""A code in brackets after the words files write for it, in a list of choices
(:func:`kinerja.data.dictionary.choices_shown`): ``Disetujui, Diterima (approved)``."""


def english(key: str, /, **values: object) -> str:
    """The reason ``key`` as the English sentence ``Dataset.rejects`` holds, with ``values`` filled in.

    Raises
    ------
    kinerja.core.text.TextMissing
        When the catalogue has no reason ``key``.
    """
    return say(_REASONS + key, "en", **values)


def delimiter_name(name: str) -> str:
    """How an English reason names a delimiter: ``"comma"``, ``"semicolon"`` or ``"tab"``."""
    return say(_DELIMITERS + name, "en")


def reason_keys() -> list[str]:
    """Every reason of the catalogue, by key (``"blank"``, ``"not_number"``, ...)."""
    return [key.removeprefix(_REASONS) for key in catalogue() if key.startswith(_REASONS)]


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each reason's English text as a pattern, the most literal first, so that the most particular entry wins."""
    found = []
    for key in reason_keys():
        parts = list(string.Formatter().parse(catalogue()[_REASONS + key]["en"]))
        pattern = "".join(re.escape(literal) + ("" if name is None else f"(?P<{name}>.*?)")
                          for literal, name, _, _ in parts)
        found.append((sum(len(literal) for literal, *_ in parts), key, re.compile(pattern, re.DOTALL)))
    return tuple((key, pattern) for _, key, pattern in sorted(found, key=lambda item: -item[0]))


def read_reason(sentence: str) -> tuple[str, dict[str, str]] | None:
    """The key and the placeholder values of an English reason; None when no entry words it so."""
    for key, pattern in _patterns():
        found = pattern.fullmatch(sentence)
        if found:
            return key, found.groupdict()
    return None


def say_in(sentence: str, language: str) -> str:
    """The English reason ``sentence`` in ``language``; as it is when the catalogue does not word it.

    Raises
    ------
    ValueError
        When ``language`` is not one of :data:`~kinerja.core.formatting.LANGUAGES`.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not supported; use one of {', '.join(LANGUAGES)}.")
    read = read_reason(sentence) if language != "en" and isinstance(sentence, str) else None
    if read is None:
        return sentence
    key, values = read
    return say(_REASONS + key, language, **{name: _value_in(name, value, language) for name, value in values.items()})


@cache
def _headers() -> dict[str, str]:
    """Each column name of the dictionary and the first header it lists for it, over every table."""
    headers: dict[str, str] = {}
    for table in TABLES.values():
        for column in table.columns:
            headers.setdefault(column.name, column.aliases[0] if column.aliases else column.name)
    return headers


def column_header(name: str) -> str:
    """The header exports usually give the dictionary's column ``name`` ("submitted_at": "Waktu Lapor").

    A name the dictionary does not know (a file's own column) is returned as it is.
    """
    return _headers().get(name, name)


def _value_in(name: str, value: str, language: str) -> str:
    if name in _COLUMNS:
        return re.sub(r"[a-z0-9]+(?:_[a-z0-9]+)*", lambda found: column_header(found.group(0)), value)
    if name == "choices":
        return _CANONICAL.sub("", value)
    if name == "delimiter":
        for key, entry in catalogue().items():
            if key.startswith(_DELIMITERS) and entry["en"] == value:
                return entry[language]
    if name in _NUMBERS and language == "id" and re.fullmatch(r"-?\d+\.\d+", value):
        return value.replace(".", ",")
    return value


def reason_in(rejects: pd.DataFrame, language: str = "id") -> pd.Series:
    """The reasons of ``rejects`` (as ``Dataset.rejects``) in ``language``, on the same index.

    Parameters
    ----------
    rejects
        Rejected rows with an English ``reason`` column.
    language
        ``"id"`` or ``"en"``.

    Returns
    -------
    pandas.Series
        One sentence per reject; a reason the catalogue does not word stays in English.
    """
    reasons = rejects["reason"]
    said = {sentence: say_in(sentence, language) for sentence in reasons.dropna().unique()}
    return reasons.astype(object).map(said).rename("reason")
