"""The distribution of predikat over an organisation's employees and the rules of SE MenPANRB 3/2023.

SE MenPANRB 3/2023 limits how the predikat of an organisation's employees
(:func:`kinerja.metrics.skp.employee_predikat`) may be distributed, by the
organisation's own predikat: :func:`predikat_distribution` counts the
predikat per unit, :func:`check_distribution` checks one distribution
against the rules and :func:`check_distributions` checks every unit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from kinerja.core.formatting import percent
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
    "ORGANISATION_PREDIKAT",
    "DistributionCheck",
    "check_distribution",
    "check_distributions",
    "predikat_distribution",
]

ORGANISATION_PREDIKAT: tuple[str, ...] = ("Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")
"""Predikat of an organisation, on which SE MenPANRB 3/2023 makes the distribution rules depend."""


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
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, str):
        for label in PREDIKAT:
            if " ".join(value.split()).lower() == label.lower():
                return label
    raise ValueError(f"{value!r} is not a predikat; use one of {', '.join(PREDIKAT)}.")


@dataclass(frozen=True, eq=False)
class DistributionCheck:
    """The rules of SE MenPANRB 3/2023 checked on one distribution of predikat.

    Attributes
    ----------
    organisation_predikat
        The organisation's predikat the rules were chosen by.
    n
        Employees with a predikat.
    rules
        One row per rule: ``rule`` (the rule in Indonesian), ``holds`` (bool),
        ``share`` (the share the rule reads) and ``message`` (an Indonesian
        sentence saying that it holds or how it fails).
    """

    organisation_predikat: str
    n: int
    rules: pd.DataFrame

    @property
    def holds(self) -> bool:
        """Whether every rule holds."""
        return bool(self.rules["holds"].all())

    @property
    def failures(self) -> list[str]:
        """The sentences of the rules that fail."""
        return self.rules.loc[~self.rules["holds"], "message"].tolist()


def _pct(share: float) -> str:
    whole = abs(share * 100 - round(share * 100)) < 1e-9
    return percent(share, 0 if whole else 1)


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


def check_distribution(counts: Mapping[str, int] | pd.Series, organisation_predikat: str) -> DistributionCheck:
    """Check a distribution of predikat against the rule of SE MenPANRB 3/2023.

    ===============  ==============================================================================
    organisation     rules on its employees' predikat
    ===============  ==============================================================================
    Istimewa         at most 70 % Sangat Baik
    Baik             at most 70 % Baik; some Butuh Perbaikan and/or Kurang/Misconduct
    Butuh Perbaikan  at least 60 % Butuh Perbaikan; at most 10 % Sangat Baik
    Kurang           at least 60 % Kurang/Misconduct; at least 10 % Butuh Perbaikan; at most 10 %
                     Sangat Baik
    Sangat Kurang    at least 60 % Sangat Kurang; at least 10 % Kurang/Misconduct and Butuh
                     Perbaikan together; no Sangat Baik
    ===============  ==============================================================================

    "At least 10 % Kurang/Misconduct and/or Butuh Perbaikan" is read as the
    two shares together. Shares are of the employees with a predikat.

    Parameters
    ----------
    counts
        Employees per predikat, keyed by the predikat labels (any case);
        absent predikat count 0. E.g. one unit of :func:`predikat_distribution`
        as ``dist.set_index("predikat")["count"]``.
    organisation_predikat
        Istimewa, Baik, Butuh Perbaikan, Kurang or Sangat Kurang (any case).

    Returns
    -------
    DistributionCheck
        Each rule with ``holds`` and an Indonesian sentence, e.g. "Sangat
        Baik 75% melebihi batas 70% untuk organisasi berpredikat Istimewa".

    Raises
    ------
    ValueError
        For an unknown organisation predikat or predikat key, a negative or
        fractional count, or counts that add up to no employee.
    """
    organisation = _organisation(organisation_predikat)
    found = _counts(counts)
    n = sum(found.values())
    if n == 0:
        raise ValueError("counts hold no employee with a predikat, so the distribution cannot be checked.")
    share = {label: count / n for label, count in found.items()}
    suffix = f"untuk organisasi berpredikat {organisation}"
    rows: list[dict[str, object]] = []

    def at_most(label: str, limit: float) -> None:
        value = share[label]
        holds = value <= limit + 1e-12
        verb = "tidak melebihi" if holds else "melebihi"
        rows.append({"rule": f"{label} paling banyak {_pct(limit)}", "holds": holds, "share": value,
                     "message": f"{label} {_pct(value)} {verb} batas {_pct(limit)} {suffix}"})

    def at_least(labels: tuple[str, ...], limit: float) -> None:
        value = sum(share[label] for label in labels)
        name = " dan/atau ".join(labels)
        holds = value >= limit - 1e-12
        verb = "memenuhi" if holds else "kurang dari"
        rows.append({"rule": f"{name} paling sedikit {_pct(limit)}", "holds": holds, "share": value,
                     "message": f"{name} {_pct(value)} {verb} batas minimal {_pct(limit)} {suffix}"})

    if organisation == "Istimewa":
        at_most(SANGAT_BAIK, 0.70)
    elif organisation == "Baik":
        at_most(BAIK, 0.70)
        value = share[BUTUH_PERBAIKAN] + share[KURANG]
        holds = found[BUTUH_PERBAIKAN] + found[KURANG] > 0
        message = (f"Ada pegawai berpredikat Butuh Perbaikan dan/atau Kurang/Misconduct ({_pct(value)}) "
                   f"sebagaimana disyaratkan {suffix}" if holds else
                   f"Tidak ada pegawai berpredikat Butuh Perbaikan atau Kurang/Misconduct, padahal harus ada "
                   f"{suffix}")
        rows.append({"rule": "Ada Butuh Perbaikan dan/atau Kurang/Misconduct", "holds": holds, "share": value,
                     "message": message})
    elif organisation == "Butuh Perbaikan":
        at_least((BUTUH_PERBAIKAN,), 0.60)
        at_most(SANGAT_BAIK, 0.10)
    elif organisation == "Kurang":
        at_least((KURANG,), 0.60)
        at_least((BUTUH_PERBAIKAN,), 0.10)
        at_most(SANGAT_BAIK, 0.10)
    else:
        at_least((SANGAT_KURANG,), 0.60)
        at_least((KURANG, BUTUH_PERBAIKAN), 0.10)
        holds = found[SANGAT_BAIK] == 0
        message = (f"Tidak ada pegawai berpredikat Sangat Baik, sesuai ketentuan {suffix}" if holds else
                   f"Ada {found[SANGAT_BAIK]} pegawai berpredikat Sangat Baik ({_pct(share[SANGAT_BAIK])}), "
                   f"padahal tidak boleh ada {suffix}")
        rows.append({"rule": "Tidak ada Sangat Baik", "holds": holds, "share": share[SANGAT_BAIK],
                     "message": message})
    rules = pd.DataFrame(rows, columns=["rule", "holds", "share", "message"])
    rules["holds"] = rules["holds"].astype(bool)
    return DistributionCheck(organisation, n, rules)


def check_distributions(distribution: pd.DataFrame, organisation_predikat: str | Mapping[str, str],
                        by: str = "unit_code") -> pd.DataFrame:
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

    Returns
    -------
    pandas.DataFrame
        One row per unit and rule: ``by``, ``organisation_predikat``, ``n``,
        ``rule``, ``holds``, ``share``, ``message``. Units without any rated
        employee are left out.
    """
    _require(distribution, (by, "predikat", "count"), "distribution")
    parts = []
    for unit, rows in distribution.groupby(by, sort=True, observed=True):
        wanted = organisation_predikat.get(unit) if isinstance(organisation_predikat, Mapping) \
            else organisation_predikat
        if wanted is None or rows["count"].sum() == 0:
            continue
        result = check_distribution(rows.set_index("predikat")["count"].astype(int).to_dict(), wanted)
        parts.append(result.rules.assign(**{by: unit, "organisation_predikat": result.organisation_predikat,
                                            "n": result.n}))
    columns = [by, "organisation_predikat", "n", "rule", "holds", "share", "message"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]
