"""The distribution of predikat over an organisation's employees and the pattern of SE MenPANRB 3/2023.

SE MenPANRB 3/2023 sets out how the predikat of an organisation's employees
(:func:`kinerja.metrics.skp.employee_predikat`) are expected to be
distributed, by the organisation's own predikat: :func:`predikat_distribution`
counts the predikat per unit, :func:`check_distribution` checks one
distribution against each bound of the pattern and :func:`check_distributions`
checks every unit. The SE guides the assessing official, so a distribution
outside a bound is "tidak sesuai pola distribusi SE 3/2023", not a broken
rule; the sentences come from the text catalogue (``distribution.*``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from kinerja.core.formatting import percent
from kinerja.core.text import phrases
from kinerja.metrics.skp import (
    BAIK,
    BUTUH_PERBAIKAN,
    KURANG,
    PREDIKAT,
    SANGAT_BAIK,
    SANGAT_KURANG,
    _require,
)

__all__ = [
    "MIN_RATED",
    "ORGANISATION_PREDIKAT",
    "DistributionCheck",
    "check_distribution",
    "check_distributions",
    "predikat_distribution",
]

ORGANISATION_PREDIKAT: tuple[str, ...] = ("Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")
"""Predikat of an organisation, on which SE MenPANRB 3/2023 makes the distribution pattern depend."""

MIN_RATED = 10
"""Fewest employees with a predikat whose distribution is checked. The pattern's shares move in steps
of 10 %; with fewer employees one employee is already more than 10 %, so such shares cannot be judged."""

_ALIASES: dict[str, str] = {"cukup": BUTUH_PERBAIKAN, "butuh perbaikan/cukup": BUTUH_PERBAIKAN}
"""Recorded forms of a predikat besides its label: "Butuh Perbaikan/Cukup" is one predikat."""


def predikat_distribution(predikat_table: pd.DataFrame, by: str | None = "unit_code") -> pd.DataFrame:
    """Count the predikat of employees per unit (or overall) and give their shares.

    Parameters
    ----------
    predikat_table
        A table with a ``predikat`` column, e.g. :func:`kinerja.metrics.skp.employee_predikat`.
    by
        The column to group by (default ``unit_code``); None for one
        distribution over every row.

    Returns
    -------
    pandas.DataFrame
        Long: one row per group and predikat (all five, best first, zero
        counts included): the ``by`` column, ``predikat``, ``count``,
        ``share`` (of employees with a predikat in the group), ``n``
        (employees with a predikat) and ``n_unrated`` (rows without one).
    """
    keys = [by] if by is not None else []
    _require(predikat_table, ["predikat", *keys], "predikat_table")
    frame = predikat_table[[*keys, "predikat"]].copy()
    frame["predikat"] = frame["predikat"].map(_predikat_label)
    if not keys:
        frame["_all"] = "semua"
        keys = ["_all"]
    rated = frame[frame["predikat"].notna()]
    counts = pd.crosstab([rated[k] for k in keys], rated["predikat"]).reindex(columns=list(PREDIKAT), fill_value=0)
    groups = pd.Index(pd.unique(frame[keys[0]]), name=keys[0]).sort_values()
    counts = counts.reindex(groups, fill_value=0)
    unrated = frame[frame["predikat"].isna()].groupby(keys[0]).size().reindex(groups, fill_value=0)
    long = counts.stack().rename("count").reset_index()
    long.columns = [keys[0], "predikat", "count"]
    n = long.groupby(keys[0])["count"].transform("sum")
    long["share"] = (long["count"] / n.where(n > 0)).astype("float64")
    long["n"] = n.astype("int64")
    long["n_unrated"] = long[keys[0]].map(unrated).astype("int64")
    long["count"] = long["count"].astype("int64")
    long["predikat"] = pd.Categorical(long["predikat"], categories=list(PREDIKAT), ordered=True)
    long = long.sort_values([keys[0], "predikat"]).reset_index(drop=True)
    return long.drop(columns="_all") if keys == ["_all"] else long


def _predikat_label(value: object) -> str | None:
    """The predikat label of a recorded predikat in any case and spacing ("Cukup" is Butuh Perbaikan)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, str):
        written = re.sub(r"\s*/\s*", "/", " ".join(value.split()).lower())
        for label in PREDIKAT:
            if written == label.lower():
                return label
        if written in _ALIASES:
            return _ALIASES[written]
    raise ValueError(f"{value!r} is not a predikat; use one of {', '.join(PREDIKAT)} (Butuh Perbaikan may be "
                     "written Cukup).")


@dataclass(frozen=True, eq=False)
class DistributionCheck:
    """One distribution of predikat checked against the pattern of SE MenPANRB 3/2023.

    Attributes
    ----------
    organisation_predikat
        The organisation's predikat the pattern was chosen by.
    n
        Employees with a predikat.
    rules
        One row per bound of the pattern: ``rule`` (the bound, e.g. "Baik
        paling banyak 70%"), ``holds`` (nullable boolean: whether the
        distribution is within the bound, missing when it cannot be judged),
        ``share`` (the share the bound reads) and ``message`` (a sentence
        saying whether the distribution is in line with the bound).
    note
        Why the distribution was not checked (fewer than :data:`MIN_RATED`
        employees with a predikat); empty when it was.
    """

    organisation_predikat: str
    n: int
    rules: pd.DataFrame
    note: str = ""

    @property
    def judged(self) -> bool:
        """Whether there are enough employees with a predikat (:data:`MIN_RATED`) to judge shares of 10 %."""
        return self.n >= MIN_RATED

    @property
    def holds(self) -> bool | None:
        """Whether the distribution is within every bound; None when it cannot be judged."""
        return bool(self.rules["holds"].all()) if self.judged else None

    @property
    def failures(self) -> list[str]:
        """The sentences of the bounds the distribution is outside of; none when it cannot be judged."""
        if not self.judged:
            return []
        return self.rules.loc[~self.rules["holds"].astype(bool), "message"].tolist()


def _pct(share: float, language: str = "id") -> str:
    whole = abs(share * 100 - round(share * 100)) < 1e-9
    return percent(share, 0 if whole else 1, language)


def _organisation(value: object) -> str:
    if isinstance(value, str):
        for label in ORGANISATION_PREDIKAT:
            if " ".join(value.split()).lower() == label.lower():
                return label
    raise ValueError(f"organisation_predikat {value!r} is not a predikat of an organisation; use one of "
                     f"{', '.join(ORGANISATION_PREDIKAT)}.")


def _counts(counts: Mapping[str, int] | pd.Series) -> dict[str, int]:
    values = dict(pd.Series(counts, dtype="object").items()) if not isinstance(counts, Mapping) else dict(counts)
    found = {label: 0 for label in PREDIKAT}
    for key, value in values.items():
        label = _predikat_label(key)
        if label is None:
            raise ValueError(f"counts has a blank key; its keys are predikat: {', '.join(PREDIKAT)}.")
        number = float(value)
        if number < 0 or not number.is_integer():
            raise ValueError(f"counts of {label!r} is {value!r}; a count is a whole number of 0 or more.")
        found[label] += int(number)
    return found


def check_distribution(counts: Mapping[str, int] | pd.Series, organisation_predikat: str,
                       language: str = "id") -> DistributionCheck:
    """Check a distribution of predikat against each bound of the pattern of SE MenPANRB 3/2023.

    ===============  ==============================================================================
    organisation     pattern of its employees' predikat
    ===============  ==============================================================================
    Istimewa         Sangat Baik more than half and at most 70 % ("sebagian besar (maksimal 70%)")
    Baik             Baik more than half and at most 70 %; some Butuh Perbaikan and/or
                     Kurang/Misconduct
    Butuh Perbaikan  at least 60 % Butuh Perbaikan; at most 10 % Sangat Baik
    Kurang           at least 60 % Kurang/Misconduct; at least 10 % Butuh Perbaikan; at most 10 %
                     Sangat Baik
    Sangat Kurang    at least 60 % Sangat Kurang; at least 10 % Kurang/Misconduct and/or Butuh
                     Perbaikan; no Sangat Baik
    ===============  ==============================================================================

    Each bound is one rule, so a report names the bound a distribution is
    outside of. "At least 10 % Kurang/Misconduct and/or Butuh Perbaikan" is
    read as the two shares together. Shares are of the employees with a
    predikat, compared exactly (7 of 10 is 70 %, within "at most 70 %").
    With fewer than :data:`MIN_RATED` employees a distribution is not judged:
    every ``holds`` is missing and :attr:`DistributionCheck.note` says why.

    Parameters
    ----------
    counts
        Employees per predikat, keyed by the predikat labels (any case;
        "Cukup" is Butuh Perbaikan); absent predikat count 0. E.g. one unit of
        :func:`predikat_distribution` as ``dist.set_index("predikat")["count"]``.
    organisation_predikat
        Istimewa, Baik, Butuh Perbaikan, Kurang or Sangat Kurang (any case).
    language
        The language of the ``rule`` and ``message`` sentences, ``"id"`` (default) or ``"en"``.

    Returns
    -------
    DistributionCheck
        Each bound with ``holds`` and a sentence, e.g. "Sangat Baik 75%,
        melebihi batas atas 70%: tidak sesuai pola distribusi SE 3/2023 untuk
        organisasi berpredikat Istimewa".

    Raises
    ------
    ValueError
        For an unknown organisation predikat or predikat key, a negative or
        fractional count, counts that add up to no employee, or an unknown language.
    """
    organisation = _organisation(organisation_predikat)
    found = _counts(counts)
    n = sum(found.values())
    if n == 0:
        raise ValueError("counts hold no employee with a predikat, so the distribution cannot be checked.")
    words = phrases("distribution", language)
    judged = n >= MIN_RATED
    whom = words["organisation"].format(organisation=organisation)
    rows: list[dict[str, object]] = []

    def add(kind: str, labels: tuple[str, ...], holds: bool, limit: int | None = None) -> None:
        count = sum(found[label] for label in labels)
        values = {"label": words["and_or"].join(labels), "limit": None if limit is None else _pct(limit / 100, language),
                  "share": _pct(count / n, language), "count": count, "organisation": whom}
        rule = words["rule"][kind].format(labels=values["label"], **values)
        if judged:
            joined = words["and_or" if holds else "or"].join(labels)
            message = words["holds" if holds else "departs"][kind].format(**{**values, "labels": joined})
        else:
            message = words["unjudged"].format(rule=rule, min_rated=MIN_RATED)
        rows.append({"rule": rule, "holds": holds if judged else pd.NA, "share": count / n, "message": message})

    def more_than_half(label: str) -> None:
        add("more_than_half", (label,), 2 * found[label] > n)

    def at_most(label: str, limit: int) -> None:
        add("at_most", (label,), 100 * found[label] <= limit * n, limit)

    def at_least(labels: tuple[str, ...], limit: int) -> None:
        add("at_least", labels, 100 * sum(found[label] for label in labels) >= limit * n, limit)

    if organisation == "Istimewa":
        more_than_half(SANGAT_BAIK)
        at_most(SANGAT_BAIK, 70)
    elif organisation == "Baik":
        more_than_half(BAIK)
        at_most(BAIK, 70)
        add("some", (BUTUH_PERBAIKAN, KURANG), found[BUTUH_PERBAIKAN] + found[KURANG] > 0)
    elif organisation == "Butuh Perbaikan":
        at_least((BUTUH_PERBAIKAN,), 60)
        at_most(SANGAT_BAIK, 10)
    elif organisation == "Kurang":
        at_least((KURANG,), 60)
        at_least((BUTUH_PERBAIKAN,), 10)
        at_most(SANGAT_BAIK, 10)
    else:
        at_least((SANGAT_KURANG,), 60)
        at_least((KURANG, BUTUH_PERBAIKAN), 10)
        add("none", (SANGAT_BAIK,), found[SANGAT_BAIK] == 0)
    rules = pd.DataFrame(rows, columns=["rule", "holds", "share", "message"])
    rules["holds"] = rules["holds"].astype("boolean")
    note = "" if judged else words["too_few"].format(n=n, min_rated=MIN_RATED, one=_pct(1 / n, language))
    return DistributionCheck(organisation, n, rules, note)


def check_distributions(distribution: pd.DataFrame, organisation_predikat: str | Mapping[str, str],
                        by: str = "unit_code", language: str = "id") -> pd.DataFrame:
    """Run :func:`check_distribution` for every unit of a :func:`predikat_distribution`.

    Parameters
    ----------
    distribution
        The long table of :func:`predikat_distribution`.
    organisation_predikat
        One predikat for every unit, or a mapping unit -> predikat; units
        missing from the mapping are not checked.
    by
        The unit column.
    language
        The language of the sentences, ``"id"`` (default) or ``"en"``.

    Returns
    -------
    pandas.DataFrame
        One row per unit and bound: ``by``, ``organisation_predikat``, ``n``,
        ``judged`` (False for a unit under :data:`MIN_RATED` employees with a
        predikat, whose ``holds`` are missing), ``rule``, ``holds``, ``share``,
        ``message``. Units without any rated employee are left out.
    """
    _require(distribution, (by, "predikat", "count"), "distribution")
    parts = []
    for unit, rows in distribution.groupby(by, sort=True, observed=True):
        wanted = organisation_predikat.get(unit) if isinstance(organisation_predikat, Mapping) \
            else organisation_predikat
        if wanted is None or rows["count"].sum() == 0:
            continue
        result = check_distribution(rows.set_index("predikat")["count"].astype(int).to_dict(), wanted, language)
        parts.append(result.rules.assign(**{by: unit, "organisation_predikat": result.organisation_predikat,
                                            "n": result.n, "judged": result.judged}))
    columns = [by, "organisation_predikat", "n", "judged", "rule", "holds", "share", "message"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]
