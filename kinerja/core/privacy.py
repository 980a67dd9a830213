"""Keeping personal data out of reports meant for many readers.

Leadership pages show aggregates. Where a report quotes free text written by
citizens (IKM comments, complaints), the names of employees in it are masked
and the text is escaped when shown as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

PRIVACY_LEVELS = ("leadership", "internal", "research")
"""The privacy levels a run can have (docs/privacy.md)."""
MASK = "[nama]"
_TITLE_NAME = re.compile(r"\b(?:Pak|Bu|Bapak|Ibu|Mas|Mbak|Bli|Mbok|dr\.|Ns\.)\s+[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*")
"""A form of address followed by capitalised words: how Indonesian comments name a person."""
_TITLES = re.compile(r"^(?:(?:dr|drg|Dr|Drs|Dra|Ir|H|Hj|Prof)\.\s*)+")


def _name_core(name: object) -> str:
    """A name without academic degrees and titles: ``dr. Baiq Siti, M.Kes.`` -> ``Baiq Siti``."""
    core = str(name).split(",")[0]
    return _TITLES.sub("", core).strip()


def mask_names(texts: pd.Series, names: Iterable[str] = ()) -> pd.Series:
    """Replace person names in free text with ``[nama]``.

    Parameters
    ----------
    texts
        Free text, e.g. citizens' comments.
    names
        Known names (the employees table's ``name``); each is masked where it
        appears in full, ignoring case and academic degrees.

    Notes
    -----
    Names written after a form of address (``Pak Made``, ``Bu Siti``) are
    masked even when they are nobody's name in the data. Single name words
    are not masked on their own: many are also ordinary words ("Bagus",
    "Indah"). The rule cannot catch every name; reports therefore show only a
    small sample of comments.
    """
    cores = {core for core in map(_name_core, names) if len(core) >= 5}
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, cores), key=len, reverse=True)) + r")\b",
                         re.IGNORECASE) if cores else None

    def one(text: object) -> object:
        if not isinstance(text, str):
            return text
        masked = pattern.sub(MASK, text) if pattern else text
        return _TITLE_NAME.sub(MASK, masked)

    return texts.map(one)
