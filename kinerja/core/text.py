"""Every sentence the workbench shows, in Indonesian and English, from one catalogue.

The catalogue is the YAML files in ``kinerja/core/text/``. Each file is a
namespace named after it (``pages.yaml`` holds ``pages.*``); inside, an entry
is a mapping with exactly the keys ``id`` and ``en``, and entries may be
grouped under further keys. An entry's value is a sentence with
``{placeholders}`` for :meth:`str.format`, or, where a page needs it, a list
or mapping of such sentences (the same shape in both languages).

Indonesian comes first: it is the language of the reports; English is there
for researchers and visitors. A missing translation is an error when the
catalogue is read, not a blank on a page.

Examples
--------
>>> say("pages.all_runs", "id")
'Semua proses evaluasi'
>>> phrases("pages", "en")["all_runs"]
'All runs'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kinerja.core.formatting import LANGUAGES

__all__ = ["CATALOGUE_FOLDER", "Phrases", "TextMissing", "catalogue", "phrases", "say"]

CATALOGUE_FOLDER = Path(__file__).with_name("text")
"""The folder of the catalogue's YAML files, one per namespace."""
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextMissing(KeyError):
    """A key that is not in the catalogue, or a catalogue entry without one of the languages."""

    def __str__(self) -> str:
        return str(self.args[0])


def _is_entry(node: object) -> bool:
    return isinstance(node, dict) and set(node) == set(LANGUAGES)


def _flatten(node: object, prefix: str, file: Path, into: dict[str, dict[str, Any]]) -> None:
    if _is_entry(node):
        shapes = {type(node[language]).__name__ for language in LANGUAGES}
        if len(shapes) > 1 or any(node[language] in (None, "") for language in LANGUAGES):
            raise TextMissing(f"{file.name}: the entry {prefix!r} must hold text of the same kind in "
                              f"{' and '.join(LANGUAGES)}.")
        into[prefix] = node
        return
    if not isinstance(node, dict) or not node:
        raise TextMissing(f"{file.name}: {prefix!r} must be an entry with the keys {' and '.join(LANGUAGES)}, "
                          "or a group of entries.")
    for key, child in node.items():
        _flatten(child, f"{prefix}.{key}", file, into)


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    """Every entry of the catalogue, by dotted key (``namespace.group.key``), read once.

    Raises
    ------
    TextMissing
        When an entry lacks a language or a file is not a mapping of entries.
    """
    entries: dict[str, dict[str, Any]] = {}
    for file in sorted(CATALOGUE_FOLDER.glob("*.yaml")):
        # libyaml's loader when PyYAML has it: the same documents, read about 7 times faster than in Python.
        _flatten(yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER), file.stem, file, entries)
    return entries


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not supported; use one of {', '.join(LANGUAGES)}.")


def say(key: str, language: str = "id", /, **values: object) -> str:
    """The sentence ``key`` in ``language``, with ``values`` filled into its placeholders.

    Raises
    ------
    TextMissing
        When ``key`` is not in the catalogue.
    ValueError
        When ``language`` is not one of :data:`~kinerja.core.formatting.LANGUAGES`.
    """
    _check_language(language)
    entries = catalogue()  # outside the try: a broken catalogue file is its own error, not a missing key
    try:
        text = entries[key][language]
    except KeyError:
        raise TextMissing(f"the text catalogue has no entry {key!r}.") from None
    return text.format(**values) if values else text


_CHILDREN: dict[str, tuple[dict[str, dict[str, Any]], list[str]]] = {}
"""Prefix -> (the catalogue it was looked up in, the names under it)."""


def _children(prefix: str) -> list[str]:
    """The names directly under ``prefix`` in the catalogue, in its order: looked up once per prefix and catalogue."""
    entries = catalogue()
    known = _CHILDREN.get(prefix)
    if known is None or known[0] is not entries:
        start = f"{prefix}."
        known = entries, list(dict.fromkeys(key[len(start):].split(".")[0] for key in entries if key.startswith(start)))
        _CHILDREN[prefix] = known
    return known[1]


class Phrases(Mapping[str, Any]):
    """The entries under one prefix, in one language: ``phrases("pages", "id")["all_runs"]``.

    Grouped entries come back as :class:`Phrases` themselves, so that a page can
    write ``T["attr"].get(name, name)``.
    """

    def __init__(self, prefix: str, language: str) -> None:
        _check_language(language)
        self.prefix, self.language = prefix, language
        self._keys = _children(prefix)
        if not self._keys:
            raise TextMissing(f"the text catalogue has no entries under {prefix!r}.")

    def __getitem__(self, key: str) -> Any:
        full = f"{self.prefix}.{key}"
        entries = catalogue()
        if full in entries:
            return entries[full][self.language]
        if key in self._keys:
            return Phrases(full, self.language)
        raise TextMissing(f"the text catalogue has no entry {full!r}.")

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def phrases(prefix: str, language: str = "id") -> Phrases:
    """The entries under ``prefix`` in ``language``, as a read-only mapping (see :class:`Phrases`)."""
    return Phrases(prefix, language)
