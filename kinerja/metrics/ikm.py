"""Community satisfaction: the IKM of an SKM survey (PermenPANRB 14/2017).

A respondent answers nine unsur (elements of the service) from 1 (worst) to
4 (best). Per unsur the NRR (nilai rata-rata) is the mean of the answers
given; the IKM is the weighted sum of the nine NRR times 25, on a scale of
25 to 100, and its grade (mutu) follows from the IKM rounded to two decimals.

The functions take a DataFrame with the nine canonical unsur columns of
:data:`kinerja.data.dictionary.UNSUR` (values 1-4 or missing) and return numbers,
small dataclasses or DataFrames. :mod:`kinerja.metrics.ikm_survey` reads a
survey export into such a frame and reports on it as ``kinerja ikm`` does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from kinerja.core.formatting import number
from kinerja.data.dictionary import UNSUR

__all__ = [
    "UNSUR_COLUMNS",
    "UNSUR_MEANING",
    "WEIGHTS",
    "Grade",
    "IkmResult",
    "bootstrap_ci",
    "compute_ikm",
    "grade",
    "ikm_by",
    "ikm_with_ci",
    "ikm_from_nrr",
    "krejcie_morgan",
    "nrr",
    "period_of",
    "round_half_up",
    "sample_adequacy",
    "weakest_unsur",
]

UNSUR_COLUMNS: tuple[str, ...] = tuple(name for name, _, _ in UNSUR)
"""Canonical column names of the nine unsur, in the regulation's order."""

_LABELS: dict[str, str] = {name: label for name, label, _ in UNSUR}
_CODES: dict[str, str] = {name: f"U{i}" for i, name in enumerate(UNSUR_COLUMNS, start=1)}

WEIGHTS: dict[str, tuple[int, int]] = {"exact": (1, 9), "0.11": (11, 100), "0.111": (111, 1000)}
"""Accepted weights per unsur as fractions: the regulation's 1/9, and the
rounded 0.11 and 0.111 of legacy hand calculations."""

_ANSWERS = (1, 2, 3, 4)
_LOWEST_IKM = Decimal("24.75")
"""All answers 1 with the legacy weight 0.11: 9 x 1 x 0.11 x 25. It is below
the 25.00 of the grade table only because of the rounded weight, so it is
graded D rather than refused."""
_BOOTSTRAP_CELLS = 4_000_000
"""Resampled row indices held in memory at once by :func:`bootstrap_ci`."""


# --- grades and rounding -------------------------------------------------------------------------


@dataclass(frozen=True)
class Grade:
    """The mutu pelayanan of an IKM.

    Attributes
    ----------
    letter
        "A", "B", "C" or "D".
    label
        Kinerja unit pelayanan as the regulation words it ("Sangat Baik" ...).
    label_en
        The label in English.
    """

    letter: str
    label: str
    label_en: str


_GRADES: tuple[tuple[Decimal, Grade], ...] = (
    (Decimal("88.31"), Grade("A", "Sangat Baik", "Very good")),
    (Decimal("76.61"), Grade("B", "Baik", "Good")),
    (Decimal("65.00"), Grade("C", "Kurang Baik", "Less than good")),
    (_LOWEST_IKM, Grade("D", "Tidak Baik", "Not good")),
)


def round_half_up(value: float, places: int = 2) -> float:
    """Round as people do by hand: halves away from zero, on the decimal value.

    Python's ``round`` works on the binary value, which is often a little
    below the written half: ``round(76.125, 2)`` gives 76.12; this gives
    76.13, as a calculator would.

    Parameters
    ----------
    value
        The number to round; its shortest decimal form (``repr``) is rounded.
    places
        Decimals to keep.
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot round {value!r}; a finite number is needed.")
    return float(_decimal(value, places))


def _decimal(value: float, places: int) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def grade(ikm: float) -> Grade:
    """Return the grade (mutu) of an IKM, read on the IKM rounded to two decimals.

    ======  ==============  =============
    mutu    IKM             kinerja unit
    ======  ==============  =============
    A       88.31 - 100.00  Sangat Baik
    B       76.61 - 88.30   Baik
    C       65.00 - 76.60   Kurang Baik
    D       25.00 - 64.99   Tidak Baik
    ======  ==============  =============

    Parameters
    ----------
    ikm
        The IKM, rounded or not: 88.305 rounds half up to 88.31 and is an A;
        76.6049 rounds to 76.60 and is a C.

    Raises
    ------
    ValueError
        When the rounded IKM is above 100 or below 24.75. Values from 24.75 to
        25.00 are graded D: the legacy weight 0.11 gives 24.75 when every
        answer is 1.
    """
    if not math.isfinite(ikm):
        raise ValueError(f"ikm must be a number from 25 to 100, not {ikm!r}.")
    rounded = _decimal(ikm, 2)
    if not _LOWEST_IKM <= rounded <= 100:
        raise ValueError(f"ikm must be from 25 to 100 (24.75 with the legacy weight 0.11), not {ikm!r}.")
    return next(found for floor, found in _GRADES if rounded >= floor)


# --- NRR and IKM -----------------------------------------------------------------------------------


def _weight(weight: str) -> tuple[int, int]:
    if not isinstance(weight, str) or weight not in WEIGHTS:
        accepted = ", ".join(repr(name) for name in WEIGHTS)
        raise ValueError(f"weight must be one of {accepted}, not {weight!r}.")
    return WEIGHTS[weight]


def _ikm_from_total(total: float | np.ndarray | pd.Series, weight: str) -> float | np.ndarray | pd.Series:
    # Multiply before dividing so that all answers 4 give exactly 100, 99 and 99.9.
    numerator, denominator = _weight(weight)
    return total * 25 * numerator / denominator


def _answers(responses: pd.DataFrame) -> np.ndarray:
    """Return the nine unsur of ``responses`` as floats (NaN = blank), after checking them.

    Raises
    ------
    ValueError
        When an unsur column is missing or holds anything but 1, 2, 3, 4 or blank.
    """
    missing = [name for name in UNSUR_COLUMNS if name not in responses.columns]
    if missing:
        raise ValueError(f"responses lack the unsur columns {', '.join(missing)}; expected the nine columns "
                         f"{', '.join(UNSUR_COLUMNS)}.")
    answers = np.empty((len(responses), len(UNSUR_COLUMNS)))
    for position, name in enumerate(UNSUR_COLUMNS):
        cells = responses[name]
        numbers = pd.to_numeric(cells, errors="coerce").astype("Float64")
        values = numbers.to_numpy(dtype=float, na_value=np.nan)
        bad = (cells.notna().to_numpy() & np.isnan(values)) | (~np.isnan(values) & ~np.isin(values, _ANSWERS))
        if bad.any():
            first = int(np.argmax(bad))
            raise ValueError(f"responses column {name!r} has the answer {_show(cells.iloc[first])} in row "
                             f"{responses.index[first]}; answers are 1, 2, 3 or 4, or blank.")
        answers[:, position] = values
    return answers


def _show(value: object) -> str:
    # numpy 2 shows np.int64(5) in a repr; a user wrote 5.
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return f"{value:g}"
    return repr(value)


def _and(items: Sequence[str], word: str = "and") -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def _nrr_of(answers: np.ndarray) -> np.ndarray:
    given = (~np.isnan(answers)).sum(axis=0)
    total = np.nansum(answers, axis=0)
    return np.divide(total, given, out=np.full(total.shape, np.nan), where=given > 0)


def nrr(responses: pd.DataFrame) -> pd.Series:
    """Return the NRR of each unsur: the sum of its answers over the number given.

    A blank answer is left out of its own unsur only; the respondent's other
    answers count.

    Parameters
    ----------
    responses
        One row per respondent with the nine canonical unsur columns.

    Returns
    -------
    pandas.Series
        Indexed by the canonical unsur names in the regulation's order; NaN
        for an unsur nobody answered.

    Raises
    ------
    ValueError
        When an unsur column is missing or holds an answer other than 1-4.
    """
    return pd.Series(_nrr_of(_answers(responses)), index=pd.Index(UNSUR_COLUMNS, name="unsur"), name="nrr")


def ikm_from_nrr(nrr: pd.Series | Mapping[str, float], weight: str = "exact") -> float:
    """Return the IKM: the sum over the nine unsur of NRR x weight x 25, unrounded.

    Parameters
    ----------
    nrr
        NRR per unsur, keyed by the canonical unsur names.
    weight
        ``"exact"`` for the regulation's 1/9; ``"0.11"`` or ``"0.111"`` for
        the rounded weights of legacy hand calculations. With all answers 4
        they give 100, 99 and 99.9.

    Raises
    ------
    ValueError
        For another weight, a missing unsur, an unsur without answers (NaN)
        or an NRR outside 1 to 4.
    """
    _weight(weight)
    values = pd.Series(nrr, dtype="float64")
    missing = [name for name in UNSUR_COLUMNS if name not in values.index]
    if missing:
        raise ValueError(f"nrr lacks the unsur {', '.join(missing)}; the IKM needs all nine.")
    values = values.reindex(list(UNSUR_COLUMNS))
    unanswered = [f"{_CODES[name]} {_LABELS[name]}" for name in UNSUR_COLUMNS if np.isnan(values[name])]
    if unanswered:
        raise ValueError(f"no respondent answered unsur {_and(unanswered)}; the IKM needs an NRR for all nine.")
    outside = values[(values < 1) | (values > 4)]
    if len(outside):
        raise ValueError(f"the NRR of {outside.index[0]!r} is {outside.iloc[0]!r}; an NRR is from 1 to 4.")
    return float(_ikm_from_total(float(values.sum()), weight))


# --- results ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class IkmResult:
    """The IKM of a set of responses.

    Attributes
    ----------
    n
        Respondents who answered at least one unsur.
    ikm
        The IKM, unrounded.
    ikm_rounded
        The IKM rounded half up to two decimals, on which the grade is read.
    grade, label
        Mutu ("A".."D") and kinerja unit ("Sangat Baik".."Tidak Baik").
    weight
        The weight used: ``"exact"`` (1/9), ``"0.11"`` or ``"0.111"``.
    nrr
        NRR per unsur, unrounded, in the regulation's order.
    """

    n: int
    ikm: float
    ikm_rounded: float
    grade: str
    label: str
    weight: str
    nrr: pd.Series

    def to_dict(self) -> dict[str, object]:
        """Return the result for JSON: IKM to 2 decimals, NRR to 4, unsur by canonical name."""
        return {
            "n": self.n,
            "ikm": self.ikm_rounded,
            "grade": self.grade,
            "label": self.label,
            "weight": self.weight,
            "nrr": {name: round_half_up(float(value), 4) for name, value in self.nrr.items()},
        }


def compute_ikm(responses: pd.DataFrame, weight: str = "exact") -> IkmResult:
    """Compute the IKM of a set of responses.

    Parameters
    ----------
    responses
        One row per respondent with the nine canonical unsur columns (1-4 or
        missing). Rows without any answer are not counted as respondents.
    weight
        See :func:`ikm_from_nrr`.

    Raises
    ------
    ValueError
        When an answer is not 1-4 (naming the column and the value), an
        unsur column is missing or nobody answered an unsur.
    """
    _weight(weight)
    answers = _answers(responses)
    n = int((~np.isnan(answers)).any(axis=1).sum())
    if n == 0:
        raise ValueError("responses hold no answers; the IKM needs at least one respondent.")
    values = pd.Series(_nrr_of(answers), index=pd.Index(UNSUR_COLUMNS, name="unsur"), name="nrr")
    ikm = ikm_from_nrr(values, weight)
    found = grade(ikm)
    return IkmResult(n, ikm, round_half_up(ikm, 2), found.letter, found.label, weight, values)


def _keys(responses: pd.DataFrame, by: str | Sequence[str]) -> list[str]:
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ValueError("by must name at least one column to group by.")
    for key in keys:
        if key in UNSUR_COLUMNS:
            raise ValueError(f"cannot group by the unsur column {key!r}; group by a unit, service or period.")
        if key not in responses.columns:
            raise ValueError(f"responses have no column {key!r} to group by.")
    return keys


def _nrr_by(responses: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Respondents (``n``) and NRR per unsur for each group, indexed by the group keys."""
    answers = pd.DataFrame(_answers(responses), columns=list(UNSUR_COLUMNS))
    frame = pd.concat([responses[keys].reset_index(drop=True), answers], axis=1)
    frame = frame[answers.notna().any(axis=1)]
    groups = frame.groupby(keys, dropna=False, sort=True, observed=True)
    table = groups[list(UNSUR_COLUMNS)].sum() / groups[list(UNSUR_COLUMNS)].count()
    table.insert(0, "n", groups.size())
    return table


def ikm_by(responses: pd.DataFrame, by: str | Sequence[str], weight: str = "exact") -> pd.DataFrame:
    """Compute the IKM of each group: unit, service type, quarter, semester ...

    Parameters
    ----------
    responses
        One row per respondent with the nine canonical unsur columns and the
        columns named by ``by``. For periods, add a column with
        :func:`period_of` first.
    by
        Column or columns to group by. Blank keys form a group of their own.
    weight
        See :func:`ikm_from_nrr`.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by the keys: the key columns, ``n``
        (respondents), the NRR of each unsur (canonical names), ``ikm``
        (unrounded), ``ikm_rounded``, ``grade`` and ``label``. A group in
        which nobody answered some unsur has a missing IKM and grade.
    """
    _weight(weight)
    table = _nrr_by(responses, _keys(responses, by))
    table["ikm"] = _ikm_from_total(table[list(UNSUR_COLUMNS)].sum(axis=1, skipna=False), weight)
    known = table["ikm"].notna()
    grades = table.loc[known, "ikm"].map(grade)
    table["ikm_rounded"] = table.loc[known, "ikm"].map(lambda value: round_half_up(value, 2))
    table["grade"] = grades.map(lambda found: found.letter).astype("str")
    table["label"] = grades.map(lambda found: found.label).astype("str")
    return table.reset_index()


def period_of(dates: pd.Series, period: str) -> pd.Series:
    """Label each date with its quarter ("2026-Q3") or semester ("2026-S2").

    Parameters
    ----------
    dates
        Dates (datetime64); missing dates get a missing label.
    period
        ``"quarter"`` (as :attr:`kinerja.core.periods.Quarter.label`) or ``"semester"``
        (S1 January-June, S2 July-December).
    """
    if period not in ("quarter", "semester"):
        raise ValueError(f"period must be 'quarter' or 'semester', not {period!r}.")
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise ValueError(f"dates must be datetime64 values, not {dates.dtype}; read them with pandas.to_datetime.")
    quarter = dates.dt.quarter.astype("Int64")
    number = quarter if period == "quarter" else (quarter + 1) // 2
    letter = "Q" if period == "quarter" else "S"
    years = dates.dt.year.astype("Int64").astype("string")
    return (years + f"-{letter}" + number.astype("string")).rename(period)


def weakest_unsur(responses: pd.DataFrame, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Return the unsur with the lowest NRR, overall or per group.

    Parameters
    ----------
    responses
        One row per respondent with the nine canonical unsur columns.
    by
        Column or columns to group by (e.g. ``"unit_code"``); None for all
        responses together.

    Returns
    -------
    pandas.DataFrame
        One row per group: the key columns, ``unsur`` (canonical name),
        ``code`` ("U1".."U9"), ``label`` and ``nrr``. Of unsur with equal NRR
        the first in the regulation's order is named; an unsur nobody in the
        group answered is not a candidate.
    """
    if by is None:
        table = nrr(responses).to_frame().T.reset_index(drop=True).rename_axis(columns=None)
        keys: list[str] = []
    else:
        keys = _keys(responses, by)
        table = _nrr_by(responses, keys).reset_index()
    values = table[list(UNSUR_COLUMNS)].to_numpy(dtype=float)
    # argmin returns the first of equal minima: the earlier unsur in the regulation.
    lowest = np.where(np.isnan(values), np.inf, values).argmin(axis=1)
    names = [UNSUR_COLUMNS[position] for position in lowest]
    return table[keys].assign(
        unsur=names,
        code=[_CODES[name] for name in names],
        label=[_LABELS[name] for name in names],
        nrr=values[np.arange(len(values)), lowest],
    )


# --- sample size and uncertainty ---------------------------------------------------------------


def krejcie_morgan(population: int, chi2: float = 3.841, p: float = 0.5, d: float = 0.05) -> int:
    """Return the minimum sample for a population (Krejcie and Morgan, 1970).

    S = X2 N P (1 - P) / (d2 (N - 1) + X2 P (1 - P)), rounded half-up to a
    whole respondent. PermenPANRB 14/2017 points to the published table, and
    half-up rounding reproduces every entry of it (N = 50 gives 44 from the
    formula's 44.34, 100 gives 80, 500 gives 217 from 217.47, 1,000 gives
    278); rounding up would disagree with about half of them.

    Parameters
    ----------
    population
        N, the number of people served in the period (a whole number, 1 or more).
    chi2
        X2, chi-square for one degree of freedom at the confidence wanted
        (3.841 for 95 %).
    p
        P, the assumed proportion (0.5 gives the largest sample).
    d
        d, the margin of error.
    """
    if isinstance(population, bool) or not isinstance(population, (int, np.integer, float, np.floating)) or (
            not float(population).is_integer() or population < 1):
        raise ValueError(f"population must be a whole number of 1 or more, not {population!r}.")
    if not (chi2 > 0 and 0 < p < 1 and 0 < d < 1):
        raise ValueError(f"need chi2 > 0, 0 < p < 1 and 0 < d < 1; got chi2={chi2!r}, p={p!r}, d={d!r}.")
    size = chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))
    # Round off float noise first, so that a written half (x.5) is not rounded down from x.4999999999.
    return min(int(population), int(_decimal(round(size, 9), 0)))


def sample_adequacy(counts: pd.Series, populations: pd.Series | Mapping[object, int]) -> pd.DataFrame:
    """Compare each unit's number of respondents with its Krejcie-Morgan minimum.

    Parameters
    ----------
    counts
        Respondents per unit (e.g. the ``n`` of :func:`ikm_by`, indexed by unit).
    populations
        People served per unit in the period. A unit with a population but no
        respondents counts 0 respondents.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit: ``population``, ``minimum``, ``actual``,
        ``adequate`` (missing when the population is unknown) and ``warning``,
        an Indonesian sentence for a report when the sample is too small or
        the population unknown, empty otherwise.
    """
    counts = pd.Series(counts)
    populations = pd.Series(populations, dtype="Int64")
    index = counts.index.append(populations.index[~populations.index.isin(counts.index)])
    population = populations.reindex(index)
    actual = counts.reindex(index).fillna(0).astype("int64")
    minimum = population.map(krejcie_morgan, na_action="ignore").astype("Int64")
    adequate = (actual >= minimum).astype("boolean")
    warning = pd.Series("", index=index, dtype="str")
    for unit in index:
        if pd.isna(population[unit]):
            warning[unit] = "Populasi tidak diketahui, sehingga sampel minimum tidak dapat dihitung"
        elif not adequate[unit]:
            warning[unit] = (f"Sampel {number(actual[unit])} responden kurang dari minimum {number(minimum[unit])} "
                             f"(Krejcie-Morgan, populasi {number(population[unit])})")
    return pd.DataFrame({"population": population, "minimum": minimum, "actual": actual,
                         "adequate": adequate, "warning": warning}, index=index)


def bootstrap_ci(responses: pd.DataFrame, weight: str = "exact", n_boot: int = 2000, level: float = 0.95,
                 random_state: int | np.random.Generator | None = 0) -> tuple[float, float]:
    """Return a percentile bootstrap confidence interval of the IKM.

    Respondents are resampled with replacement ``n_boot`` times; each
    resample's NRR and IKM are recomputed, and the interval is formed by the
    ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles of those IKM.

    Parameters
    ----------
    responses
        One row per respondent with the nine canonical unsur columns.
    weight
        See :func:`ikm_from_nrr`.
    n_boot
        Number of resamples.
    level
        Confidence level, between 0 and 1.
    random_state
        Seed or generator; the same seed gives the same interval.

    Returns
    -------
    (float, float)
        Lower and upper bound, unrounded. Resamples in which nobody answered
        some unsur (possible when an unsur has few answers) have no IKM and
        are left out.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}.")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be a whole number of 1 or more, not {n_boot!r}.")
    answers = _answers(responses)
    answers = answers[~np.isnan(answers).all(axis=1)]
    if len(answers) == 0:
        raise ValueError("responses hold no answers; the IKM needs at least one respondent.")
    # Refuse what compute_ikm refuses (an unknown weight, an unsur nobody answered) before resampling.
    ikm_from_nrr(pd.Series(_nrr_of(answers), index=UNSUR_COLUMNS), weight)
    given = ~np.isnan(answers)
    values = np.where(given, answers, 0.0)
    n = len(answers)
    rng = np.random.default_rng(random_state)
    ikms = np.empty(n_boot)
    chunk = max(1, _BOOTSTRAP_CELLS // n)
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        rows = rng.integers(0, n, size=(size, n))
        # How often each respondent is drawn in each resample, so sums are one matrix product.
        drawn = np.bincount((rows + n * np.arange(size)[:, None]).ravel(), minlength=size * n).reshape(size, n)
        totals, answered = drawn @ values, drawn @ given
        resampled = np.divide(totals, answered, out=np.full(totals.shape, np.nan), where=answered > 0)
        ikms[start:start + size] = _ikm_from_total(resampled.sum(axis=1), weight)
    alpha = (1 - level) / 2
    low, high = np.quantile(ikms[~np.isnan(ikms)], [alpha, 1 - alpha])
    return float(low), float(high)


# --- for reports -------------------------------------------------------------------------------

UNSUR_MEANING: dict[str, str] = {
    "persyaratan": "warga merasa persyaratan layanan belum jelas atau memberatkan; umumkan daftar syarat "
                   "yang lengkap di loket dan di media sosial unit",
    "sistem_mekanisme_prosedur": "alur dan prosedur layanan dirasa berbelit; sederhanakan langkah dan "
                                 "pasang bagan alur di ruang tunggu",
    "waktu_penyelesaian": "layanan dirasa lambat selesai; pantau waktu penyelesaian dan umumkan janji "
                          "waktu layanan",
    "biaya_tarif": "warga meragukan kewajaran atau kejelasan biaya; umumkan tarif resmi (atau bahwa "
                   "layanan gratis) secara terbuka",
    "produk_spesifikasi_jenis_pelayanan": "hasil layanan tidak sesuai dengan yang dijanjikan dalam "
                                          "standar pelayanan; periksa kembali standar dan hasilnya",
    "kompetensi_pelaksana": "petugas dinilai kurang menguasai tugasnya; pertimbangkan pelatihan teknis",
    "perilaku_pelaksana": "kesopanan dan keramahan petugas dinilai kurang; pertimbangkan pelatihan "
                          "pelayanan prima dan komunikasi efektif",
    "penanganan_pengaduan_saran_masukan": "pengaduan dan saran dirasa tidak ditindaklanjuti; percepat "
                                          "tindak lanjut dan umumkan hasilnya",
    "sarana_prasarana": "ruang tunggu, toilet atau peralatan dinilai kurang memadai; periksa kondisi "
                        "sarana dan prasarana",
}
"""What a low NRR of each unsur means, in plain Indonesian, with a first step to take."""


def ikm_with_ci(responses: pd.DataFrame, by: str | Sequence[str], weight: str = "exact", n_boot: int = 2000,
                level: float = 0.95, random_state: int = 0) -> pd.DataFrame:
    """Compute :func:`ikm_by` with a bootstrap confidence interval for each group.

    Parameters
    ----------
    responses, by, weight
        As for :func:`ikm_by`.
    n_boot, level, random_state
        As for :func:`bootstrap_ci`; every group uses the same seed, so the
        table is reproducible.

    Returns
    -------
    pandas.DataFrame
        The table of :func:`ikm_by` with ``ci_low`` and ``ci_high``
        (missing where the IKM is).
    """
    table = ikm_by(responses, by, weight)
    keys = _keys(responses, by)
    bounds: dict[tuple, tuple[float, float]] = {}
    for key, group in responses.groupby(keys, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        try:
            bounds[key] = bootstrap_ci(group, weight, n_boot, level, random_state)
        except ValueError:
            # No IKM for this group (an unsur nobody answered): no interval either.
            bounds[key] = (np.nan, np.nan)
    found = [bounds.get(tuple(row), (np.nan, np.nan)) for row in table[keys].itertuples(index=False, name=None)]
    table["ci_low"] = [low for low, _ in found]
    table["ci_high"] = [high for _, high in found]
    return table
