"""Keeping personal data out of reports meant for many readers: the privacy policy of a run.

A run has a privacy level (docs/privacy.md). :class:`PrivacyPolicy` is built
from it once and answers every question a page or the runner asks: may
individuals be named, are restricted attachments written, is research data
pseudonymous, does the run write only the pages for citizens (``publik``),
and what is the smallest group a figure may describe.
:meth:`PrivacyPolicy.too_small` and :func:`suppress_small_counts` are the one
way small groups are hidden.

Leadership pages show aggregates. Where a report quotes free text written by
citizens (IKM comments, complaints), the names of employees in it are masked
and the text is escaped when shown as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from kinerja.core.formatting import number

__all__ = ["DEFAULT_MIN_GROUP", "MASK", "PRIVACY_LEVELS", "PrivacyPolicy", "SuppressedCounts", "mask_names",
           "suppress_small_counts"]

PRIVACY_LEVELS = ("leadership", "internal", "research", "publik")
"""The privacy levels a run can have (docs/privacy.md); ``publik`` writes only the pages for citizens."""
DEFAULT_MIN_GROUP = 5
"""The fewest persons a figure on a shared page may describe: a count, a share, a mean or a unit's figures."""


@dataclass(frozen=True)
class PrivacyPolicy:
    """What a run at one privacy level may show and store.

    Attributes
    ----------
    level
        One of :data:`PRIVACY_LEVELS`.
    min_group
        The fewest persons a figure may describe on a page of this level;
        1 at ``internal``, where pages are for those who may see everyone,
        and never fewer than :data:`DEFAULT_MIN_GROUP` at ``publik``, where
        anyone may read them.
    """

    level: str
    min_group: int

    @classmethod
    def for_level(cls, level: str, min_group: int = DEFAULT_MIN_GROUP) -> PrivacyPolicy:
        """The policy of ``level``; ``min_group`` applies where the level hides small groups (at ``publik``, at least
        :data:`DEFAULT_MIN_GROUP`).

        Raises
        ------
        ValueError
            For an unknown level or a ``min_group`` below 1.
        """
        if level not in PRIVACY_LEVELS:
            raise ValueError(f"privacy level {level!r} is not one of {', '.join(PRIVACY_LEVELS)}.")
        if isinstance(min_group, bool) or not isinstance(min_group, (int, np.integer)) or min_group < 1:
            raise ValueError(f"the smallest group must be a whole number of persons, 1 or more, not {min_group!r}.")
        if level == "internal":
            return cls(level, 1)
        return cls(level, max(int(min_group), DEFAULT_MIN_GROUP) if level == "publik" else int(min_group))

    @property
    def names_individuals(self) -> bool:
        """Whether restricted attachments that name ASN (feedback pages, participant lists) are written."""
        return self.level not in ("research", "publik")

    @property
    def public(self) -> bool:
        """Whether the run writes only the pages for citizens: no report notebook, annex, rejects or
        ``restricted/`` file (:mod:`kinerja.present.public`)."""
        return self.level == "publik"

    @property
    def pseudonymous(self) -> bool:
        """Whether personal values are replaced by pseudonyms even in the run's own restricted files."""
        return self.level == "research"

    def too_small(self, persons: pd.Series | int) -> pd.Series | bool:
        """Whether a group of ``persons`` (1 or more) is too small to be shown on its own; 0 describes nobody."""
        return (persons > 0) & (persons < self.min_group)

    def suppress(self, counts: pd.DataFrame) -> SuppressedCounts:
        """:func:`suppress_small_counts` with this policy's smallest group."""
        return suppress_small_counts(counts, self.min_group)

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
    everyone = _names_pattern(tuple(sorted(cores))) if cores else None
    # An ASCII text can only contain a name whose first word it contains: such a text is searched for those
    # names alone, with the same pattern rules, which is far faster than one pattern of thousands of names.
    by_first_word: dict[str, set[str]] = {}
    for core in cores:
        words = _WORD.findall(core.lower())
        if core.isascii() and words:
            by_first_word.setdefault(words[0], set()).add(core)
    always = frozenset(core for core in cores if not core.isascii() or not _WORD.search(core))

    def one(text: object) -> object:
        if not isinstance(text, str):
            return text
        if everyone is not None and not text.isascii():
            text = everyone.sub(MASK, text)
        elif everyone is not None:
            words = set(_WORD.findall(text.lower())) & by_first_word.keys()
            candidates = always.union(*(by_first_word[word] for word in words))
            if candidates:
                text = _names_pattern(tuple(sorted(candidates))).sub(MASK, text)
        return _TITLE_NAME.sub(MASK, text)

    return texts.map(one)


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def _names_pattern(cores: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for ``cores``, each as a whole word sequence and in any case, the longest tried first."""
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, cores), key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


@dataclass(frozen=True, eq=False)
class SuppressedCounts:
    """A table of counts of people with the small cells hidden, from :func:`suppress_small_counts`.

    Attributes
    ----------
    counts
        The table (nullable ``Int64``), NA where a cell is hidden.
    primary
        True where a cell was hidden because it counts fewer than
        ``min_count`` people (but at least one).
    secondary
        True where a cell was hidden only so that a small cell cannot be
        worked out from its row or column total.
    min_count
        The threshold.
    """

    counts: pd.DataFrame
    primary: pd.DataFrame
    secondary: pd.DataFrame
    min_count: int

    @property
    def hidden(self) -> pd.DataFrame:
        """True where a cell is hidden, for either reason."""
        return self.primary | self.secondary

    def labels(self, language: str = "id") -> pd.DataFrame:
        """The table as text for a report: a number, ``"<5"`` (too few people) or ``"*"`` (hidden with it)."""
        text = self.counts.astype("object").map(lambda v: "–" if v is pd.NA else number(int(v), 0, language))
        text = text.mask(self.primary, f"<{self.min_count}")
        return text.mask(self.secondary, "*")


def suppress_small_counts(counts: pd.DataFrame, min_count: int = DEFAULT_MIN_GROUP) -> SuppressedCounts:
    """Hide the cells of a table of counts that describe fewer than ``min_count`` people.

    A cell of 1 to ``min_count`` - 1 is hidden (primary suppression); zero
    is shown, since it describes nobody. Because reports also show row and
    column totals (people per unit, per cluster, per program), hidden cells
    could be worked out by subtraction: from a row or column with a single
    hidden cell, or with only small cells hidden whose sum leaves one
    possibility (two hidden cells summing to 2 are both 1). In such a line
    one more cell is hidden (secondary suppression): the smallest non-zero
    cell still shown, else the smallest shown (the first on a tie), so that
    the least information is lost. This repeats until no row or column is
    exposed. It is the usual heuristic, not an exact audit of every
    combination of totals.

    Parameters
    ----------
    counts
        Whole numbers of people, 0 or more, without missing values (e.g.
        ``pd.crosstab`` of units by cluster).
    min_count
        The smallest count shown (a whole number, 1 or more; 1 hides
        nothing).

    Returns
    -------
    SuppressedCounts
        The table with NA in the hidden cells, which cells were hidden and
        why, and :meth:`SuppressedCounts.labels` for display.

    Raises
    ------
    ValueError
        For a count that is missing, negative or not whole, or a bad
        ``min_count``.
    """
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ValueError(f"min_count must be a whole number of people, 1 or more, not {min_count!r}.")
    values = counts.apply(pd.to_numeric, errors="coerce").astype("float64")
    bad = values.isna() | (values < 0) | (values != np.floor(values))
    if bad.to_numpy().any():
        row, column = next((r, c) for r in counts.index for c in counts.columns if bad.loc[r, c])
        raise ValueError(f"counts must be whole numbers of 0 or more; the cell ({row!r}, {column!r}) holds "
                         f"{counts.loc[row, column]!r}.")
    matrix = values.to_numpy()
    primary = (matrix > 0) & (matrix < min_count)
    hidden = primary.copy()

    def exposed(hide: np.ndarray, small: np.ndarray, line: np.ndarray) -> bool:
        n = int(hide.sum())
        if n != 1 and (n == 0 or (hide & ~small).any()):
            return False  # nothing hidden, or a hidden cell of unknown size keeps the others safe
        total = line[hide].sum()
        return n == 1 or total == n or total == n * (min_count - 1)

    changed = True
    while changed:
        changed = False
        for hide, small, data in ((hidden, primary, matrix), (hidden.T, primary.T, matrix.T)):  # rows, columns
            for i in range(hide.shape[0]):
                shown = np.flatnonzero(~hide[i])
                if len(shown) and exposed(hide[i], small[i], data[i]):
                    positive = shown[data[i, shown] > 0]
                    candidates = positive if len(positive) else shown
                    hide[i, candidates[np.argmin(data[i, candidates])]] = True  # a view: marks ``hidden``
                    changed = True
    frame = pd.DataFrame(matrix, index=counts.index, columns=counts.columns).astype("int64").astype("Int64")
    primary_frame = pd.DataFrame(primary, index=counts.index, columns=counts.columns)
    secondary_frame = pd.DataFrame(hidden & ~primary, index=counts.index, columns=counts.columns)
    return SuppressedCounts(frame.mask(pd.DataFrame(hidden, index=counts.index, columns=counts.columns)),
                            primary_frame, secondary_frame, int(min_count))
