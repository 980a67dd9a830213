"""What is known of a respondent or an employee on a day: age, tenure, golongan and unit.

Age, tenure, golongan, unit and PNS/PPPK come from the survey when it holds
them (they describe the respondent at the survey date) and otherwise from
the employees table: age in completed years at the survey date from
``birth_date`` or the NIP's birth date; tenure in years (days / 365.25)
from the NIP's TMT (a PNS NIP records the TMT CPNS month, a PPPK NI only
the year, taken as 1 January); employment type from the table or the NIP's
layout.  ``golongan_group`` is the roman group of a PNS golongan (I, II,
III, IV) and ``"PPPK"`` for a PPPK.  Bands are left-closed intervals:
``"30-39"`` means 30 <= age < 40, ``"5-9"`` means 5 <= tenure < 10 years.

`kinerja.research.respondents.respondent_table` gives every respondent these
attributes; `kinerja.research.groups.sample_summary` gives them to every
employee, to count response rates by group.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from kinerja.core.nip import InvalidNip, parse_nip
from kinerja.data.dataset import Dataset

__all__ = [
    "AGE_BAND_EDGES",
    "GOLONGAN_GROUPS",
    "TENURE_BAND_EDGES",
]

AGE_BAND_EDGES: tuple[float, ...] = (30, 40, 50)
"""Default age bands: <30, 30-39, 40-49, 50+."""

TENURE_BAND_EDGES: tuple[float, ...] = (5, 10, 20)
"""Default tenure bands in years of service: <5, 5-9, 10-19, 20+."""

GOLONGAN_GROUPS: tuple[str, ...] = ("I", "II", "III", "IV", "PPPK")
"""Values of ``golongan_group``, in order."""


def _check_edges(edges: Sequence[float], name: str) -> tuple[float, ...]:
    try:
        values = tuple(float(e) for e in edges)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a sequence of numbers, got {edges!r}.") from None
    if not values or any(b <= a for a, b in zip(values, values[1:])) or any(not math.isfinite(v) for v in values):
        raise ValueError(f"{name} must be one or more finite, strictly increasing edges, got {edges!r}.")
    return values


def _band_labels(edges: tuple[float, ...]) -> list[str]:
    def show(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else f"{value:g}"

    labels = [f"<{show(edges[0])}"]
    for low, high in zip(edges, edges[1:]):
        upper = show(high - 1) if float(low).is_integer() and float(high).is_integer() else f"<{show(high)}"
        labels.append(f"{show(low)}-{upper}")
    labels.append(f"{show(edges[-1])}+")
    return labels


def _bands(values: pd.Series, edges: tuple[float, ...]) -> pd.Series:
    labels = _band_labels(edges)
    numeric = values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    cut = pd.cut(numeric, bins=[-np.inf, *edges, np.inf], right=False, labels=labels)
    return pd.Series(pd.Categorical(cut, categories=labels, ordered=True), index=values.index)


def _completed_years(later: pd.Timestamp, earlier: date) -> float:
    years = later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))
    return float(years)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame.columns else pd.Series(pd.NA, index=frame.index, dtype="object")


def _attributes(dataset: Dataset, survey: pd.DataFrame, age_edges: tuple[float, ...],
                tenure_edges: tuple[float, ...]) -> pd.DataFrame:
    """The attributes of every row of ``survey`` (its ``nip`` and ``survey_date``) on its survey date."""
    index = survey.index
    employees = dataset.to_pandas("employees").set_index("nip") if dataset.has("employees") else None
    nips = survey["nip"]
    linked = nips.notna() & (nips.isin(employees.index) if employees is not None else False)

    def from_employees(column: str) -> pd.Series:
        if employees is None or column not in employees.columns:
            return pd.Series(pd.NA, index=index, dtype="object")
        return pd.Series(nips.map(employees[column]).to_numpy(), index=index)

    parsed = {}
    for respondent, nip in nips.dropna().items():
        try:
            parsed[respondent] = parse_nip(nip)
        except InvalidNip:
            continue

    age = pd.to_numeric(_column(survey, "age"), errors="coerce").astype("Float64")
    tenure = pd.to_numeric(_column(survey, "tenure_years"), errors="coerce").astype("Float64")
    birth = pd.to_datetime(from_employees("birth_date"), errors="coerce")
    derived_age, derived_tenure, nip_kind = {}, {}, {}
    for respondent in index:
        when = survey.at[respondent, "survey_date"]
        record = parsed.get(respondent)
        born = birth.get(respondent)
        born = born.date() if isinstance(born, pd.Timestamp) and not pd.isna(born) else (
            record.birth_date if record else None)
        if born is not None and not pd.isna(when):
            derived_age[respondent] = _completed_years(when, born)
        if record is not None and not pd.isna(when):
            derived_tenure[respondent] = max(0.0, (when.date() - record.tmt).days / 365.25)
            nip_kind[respondent] = record.kind
    age = age.fillna(pd.Series(derived_age, index=index, dtype="Float64"))
    tenure = tenure.fillna(pd.Series(derived_tenure, index=index, dtype="Float64"))

    def first_present(*series: pd.Series) -> pd.Series:
        result = pd.Series(pd.NA, index=index, dtype="object")
        for candidate in series:
            candidate = candidate.astype("object").where(candidate.notna(), None)
            result = result.where(result.notna(), candidate)
        return result.astype("string")

    employment = first_present(_column(survey, "employment_type"), from_employees("employment_type"),
                               pd.Series(nip_kind, index=index, dtype="object"))
    golongan = first_present(_column(survey, "golongan"), from_employees("golongan"))
    unit = first_present(_column(survey, "unit_code"), from_employees("unit_code"))
    units = dataset.to_pandas("units").set_index("unit_code") if dataset.has("units") else None
    unit_type = (unit.map(units["unit_type"]) if units is not None
                 else pd.Series(pd.NA, index=index)).astype("string")

    return pd.DataFrame({
        "linked": linked.astype(bool),
        "age": age.astype(float),
        "age_band": _bands(age, age_edges),
        "tenure_years": tenure.astype(float),
        "tenure_band": _bands(tenure, tenure_edges),
        "golongan": golongan,
        "golongan_group": _golongan_group(golongan, employment),
        "employment_type": employment,
        "unit_code": unit,
        "unit_type": unit_type,
    }, index=index)


def _golongan_group(golongan: pd.Series, employment: pd.Series) -> pd.Series:
    groups = []
    for value, kind in zip(golongan, employment):
        known = isinstance(kind, str)  # NA when neither the survey, the employees nor the NIP tell
        if (known and kind == "PPPK") or (isinstance(value, str) and "/" not in value and not known):
            groups.append("PPPK")
        elif isinstance(value, str) and "/" in value:
            groups.append(value.split("/")[0])
        else:
            groups.append(None)
    return pd.Series(pd.Categorical(groups, categories=list(GOLONGAN_GROUPS), ordered=True), index=golongan.index)
