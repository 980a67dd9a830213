"""SKP: capaian of result indicators, ratings and predikat.

PermenPANRB 6/2022 rates each ASN's hasil kerja (results) and perilaku kerja
(behaviour) as ``Di Atas Ekspektasi``, ``Sesuai Ekspektasi`` or ``Di Bawah
Ekspektasi`` and combines the two ratings into a predikat kinerja through a
fixed matrix (:func:`predikat`). The limits SE MenPANRB 3/2023 sets on how the
predikat of an organisation's employees may be distributed are checked in
:mod:`kinerja.metrics.distribution_rules`.

Capaian (attainment) of an indicator is realisasi / target, or target /
realisasi when lower is better (e.g. waiting time). It is shown uncapped; a
cap is a parameter. An indicator whose capaian cannot be computed gets no
number (NaN) and a reason, never an infinity:

=========================  =====================================  ==========================
``reason_code``            ``reason`` (shown in reports)          when
=========================  =====================================  ==========================
``target_missing``         target kosong                          target blank
``target_zero``            target nol                             target 0
``target_negative``        target negatif                         target below 0
``realisation_missing``    realisasi kosong                       realisation blank
``realisation_negative``   realisasi negatif                      realisation below 0
``realisation_zero_lower`` realisasi nol pada indikator turun     lower is better, realisation 0
=========================  =====================================  ==========================

The codes are stable English identifiers for programs; the Indonesian label
is what a report shows. A realisation of 0 on a higher-is-better indicator
is a valid capaian of 0.

The regulation does not fix numbers for turning capaian into a rating of
hasil kerja. :func:`hasil_kerja_rating` therefore takes the thresholds as
parameters; the defaults (Di Atas from 110 %, Sesuai from 90 %) are a choice
of this project. Likewise the rule deriving perilaku kerja from the seven
BerAKHLAK ratings (:func:`perilaku_from_berakhlak`) is a parameterised
project choice, used only when the behaviour table records no
``perilaku_rating``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kinerja.core.periods import Quarter
from kinerja.data.dictionary import BERAKHLAK

__all__ = [
    "ABOVE",
    "BELOW",
    "BERAKHLAK_COLUMNS",
    "DEFAULT_ABOVE",
    "DEFAULT_MEETS",
    "DEFAULT_MIN_ABOVE",
    "DEFAULT_MIN_BELOW",
    "MEETS",
    "PREDIKAT",
    "PREDIKAT_MATRIX",
    "RATING_LABELS",
    "REASONS",
    "capaian_per_employee",
    "capaian_per_indicator",
    "capaian_per_unit",
    "employee_predikat",
    "hasil_kerja_rating",
    "missing_capaian",
    "normalise_rating",
    "perilaku_from_berakhlak",
    "predikat",
    "predikat_series",
]

ABOVE = "Di Atas Ekspektasi"
MEETS = "Sesuai Ekspektasi"
BELOW = "Di Bawah Ekspektasi"
RATING_LABELS: tuple[str, ...] = (ABOVE, MEETS, BELOW)
"""The three ratings of hasil kerja, perilaku kerja and each BerAKHLAK value, best first."""

_RATING_FORMS: dict[str, str] = {
    "di atas ekspektasi": ABOVE, "di atas": ABOVE,
    "sesuai ekspektasi": MEETS, "sesuai": MEETS,
    "di bawah ekspektasi": BELOW, "di bawah": BELOW,
}
_ACCEPTED_RATINGS = ("'Di Atas Ekspektasi', 'Sesuai Ekspektasi' or 'Di Bawah Ekspektasi' (any case), "
                     "or the short forms 'di atas', 'sesuai', 'di bawah'")

SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG = (
    "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang")
PREDIKAT: tuple[str, ...] = (SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)
"""The five predikat kinerja pegawai, best first."""

PREDIKAT_MATRIX: dict[tuple[str, str], str] = {
    (ABOVE, BELOW): KURANG, (ABOVE, MEETS): BAIK, (ABOVE, ABOVE): SANGAT_BAIK,
    (MEETS, BELOW): KURANG, (MEETS, MEETS): BAIK, (MEETS, ABOVE): BAIK,
    (BELOW, BELOW): SANGAT_KURANG, (BELOW, MEETS): BUTUH_PERBAIKAN, (BELOW, ABOVE): BUTUH_PERBAIKAN,
}
"""(hasil kerja, perilaku kerja) -> predikat, PermenPANRB 6/2022."""

REASONS: dict[str, str] = {
    "target_missing": "target kosong",
    "target_zero": "target nol",
    "target_negative": "target negatif",
    "realisation_missing": "realisasi kosong",
    "realisation_negative": "realisasi negatif",
    "realisation_zero_lower": "realisasi nol pada indikator turun",
    "no_indicator_with_capaian": "tidak ada indikator dengan capaian",
    "zero_weight": "bobot indikator yang bercapaian nol",
    "no_skp": "tidak ada SKP pada triwulan ini",
}
"""Reason code -> Indonesian label, for a capaian that could not be computed."""

DEFAULT_ABOVE = 1.10
"""Default lowest capaian rated Di Atas Ekspektasi (a project choice, not a regulation)."""
DEFAULT_MEETS = 0.90
"""Default lowest capaian rated Sesuai Ekspektasi (a project choice, not a regulation)."""
DEFAULT_MIN_BELOW = 2
"""Default number of BerAKHLAK values Di Bawah Ekspektasi that make perilaku Di Bawah (project choice)."""
DEFAULT_MIN_ABOVE = 3
"""Default number of BerAKHLAK values Di Atas Ekspektasi, none below, that make perilaku Di Atas (project choice)."""

BERAKHLAK_COLUMNS: tuple[str, ...] = tuple(name for name, _ in BERAKHLAK)

_DIRECTIONS = {"higher": "higher", "naik": "higher", "lower": "lower", "turun": "lower"}


# --- helpers -------------------------------------------------------------------------------------


def _require(frame: pd.DataFrame, columns: tuple[str, ...] | list[str], argument: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{argument} must be a pandas DataFrame, not {type(frame).__name__}.")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{argument} lacks the column(s) {', '.join(missing)}; it has "
                         f"{', '.join(map(str, frame.columns))}.")


def _numbers(frame: pd.DataFrame, column: str, argument: str) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() & frame[column].notna()
    if bad.any():
        row = bad.idxmax()
        raise ValueError(f"{argument} column {column!r} holds {frame[column][row]!r} in row {row}; "
                         f"expected a number or blank.")
    return values.astype("float64")


def _quarter_labels(values: pd.Series) -> pd.Series:
    """Quarter labels ("2026-Q3") of a column written in any form `Quarter.parse` reads."""
    mapping = {value: Quarter.parse(value).label for value in pd.unique(values.dropna())}
    return values.map(mapping)


def _in_quarter(frame: pd.DataFrame, quarter: Quarter | str | None, argument: str) -> pd.DataFrame:
    """The rows of ``frame`` for ``quarter`` (all rows when None), with quarter labels normalised."""
    if "quarter" not in frame.columns:
        if quarter is not None:
            raise ValueError(f"{argument} has no quarter column, so it cannot be filtered to {quarter}.")
        return frame
    frame = frame.assign(quarter=_quarter_labels(frame["quarter"]))
    if quarter is None:
        return frame
    return frame[frame["quarter"] == Quarter.parse(quarter).label]


def _check_cap(cap: float | None) -> None:
    if cap is not None and (isinstance(cap, bool) or not isinstance(cap, (int, float)) or not cap > 0
                            or math.isinf(cap)):
        raise ValueError(f"cap must be None (uncapped) or a positive number such as 1.2, not {cap!r}.")


def normalise_rating(value: object, argument: str = "rating") -> str:
    """Return the canonical rating label for a label in any case or a short form.

    Parameters
    ----------
    value
        ``"Di Atas Ekspektasi"``, ``"Sesuai Ekspektasi"`` or ``"Di Bawah
        Ekspektasi"`` in any case and spacing, or ``"di atas"``, ``"sesuai"``,
        ``"di bawah"``.
    argument
        Name of the argument, for the error message.

    Raises
    ------
    ValueError
        For anything else, naming the argument, the value and the accepted labels.
    """
    if isinstance(value, str):
        found = _RATING_FORMS.get(" ".join(value.split()).lower())
        if found is not None:
            return found
    raise ValueError(f"{argument} {value!r} is not a rating; use {_ACCEPTED_RATINGS}.")


def _ratings(values: pd.Series, argument: str) -> pd.Series:
    """Canonical labels of a Series of ratings; missing stays missing."""
    mapping = {value: normalise_rating(value, argument) for value in pd.unique(values.dropna())}
    return values.map(mapping).astype("str")


def _direction(frame: pd.DataFrame) -> pd.Series:
    if "direction" not in frame.columns:
        return pd.Series("higher", index=frame.index, dtype="str")
    raw = frame["direction"]
    text = raw.astype("str").str.strip().str.lower()
    blank = raw.isna() | (text == "")
    direction = text.map(_DIRECTIONS)
    bad = direction.isna() & ~blank
    if bad.any():
        row = bad.idxmax()
        raise ValueError(f"skp column 'direction' holds {raw[row]!r} in row {row}; expected 'higher' or 'lower' "
                         f"('naik' or 'turun'), or blank for higher.")
    return direction.where(~blank, "higher").astype("str")


# --- capaian -------------------------------------------------------------------------------------


def capaian_per_indicator(skp: pd.DataFrame, quarter: Quarter | str | None = None,
                          cap: float | None = None) -> pd.DataFrame:
    """Compute the capaian (attainment) of each SKP indicator.

    Parameters
    ----------
    skp
        The skp table: ``nip``, ``target``, ``realisation`` and optionally
        ``quarter``, ``direction`` (``higher``/``lower``, also ``naik``/
        ``turun``; blank or absent: higher) and ``weight``.
    quarter
        Keep only this quarter (a `Quarter` or text such as ``"2026-Q3"``);
        None keeps every row.
    cap
        None (default) leaves capaian uncapped, as the regulation shows it;
        a positive number (e.g. 1.2) caps each indicator's capaian there.

    Returns
    -------
    pandas.DataFrame
        The rows of ``skp`` with ``direction`` normalised, ``quarter`` as
        labels like ``"2026-Q3"``, and:

        - ``capaian``: realisasi / target (higher is better) or target /
          realisasi (lower is better), capped when ``cap`` is given; NaN when
          it cannot be computed;
        - ``capped``: whether the cap lowered the value;
        - ``reason_code`` and ``reason``: why there is no capaian (see the
          module docstring), missing when there is one.

    Raises
    ------
    ValueError
        When a column is missing, a target or realisation is not a number,
        a direction is unknown or ``cap`` is not a positive number.

    Examples
    --------
    A target of 100 realised as 80 gives 0.8; a waiting time with target 45
    minutes realised as 60 (lower is better) gives 45 / 60 = 0.75.
    """
    _require(skp, ("nip", "target", "realisation"), "skp")
    _check_cap(cap)
    frame = _in_quarter(skp, quarter, "skp").copy()
    target = _numbers(frame, "target", "skp")
    realisation = _numbers(frame, "realisation", "skp")
    direction = _direction(frame)
    lower = direction == "lower"
    conditions = [
        target.isna(), target == 0, target < 0, realisation.isna(), realisation < 0,
        lower & (realisation == 0),
    ]
    codes = ["target_missing", "target_zero", "target_negative", "realisation_missing", "realisation_negative",
             "realisation_zero_lower"]
    code = pd.Series(np.select(conditions, codes, default=""), index=frame.index)
    ok = code == ""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(lower, target / realisation, realisation / target)
    value = pd.Series(np.where(ok, ratio, np.nan), index=frame.index, dtype="float64")
    capped = pd.Series(False, index=frame.index)
    if cap is not None:
        capped = value > cap
        value = value.where(~capped, float(cap))
    frame["direction"] = direction
    frame["capaian"] = value
    frame["capped"] = capped.astype(bool)
    frame["reason_code"] = code.where(~ok).astype("str")
    frame["reason"] = code.map(REASONS).where(~ok).astype("str")
    return frame


def capaian_per_employee(skp: pd.DataFrame, quarter: Quarter | str | None = None,
                         cap: float | None = None) -> pd.DataFrame:
    """Compute each employee's capaian: the weighted mean over their indicators.

    Weights come from the ``weight`` column (percent). When an employee's
    SKP has no weight column, or any of their indicators lacks a weight, or
    the weights sum to 0, all their indicators weigh the same.

    An indicator without capaian (see :func:`capaian_per_indicator`) is left
    out of the mean and the remaining weights are rescaled to sum to one; it
    is counted in ``n_without_capaian`` and ``weight_share`` tells how much
    of the employee's total weight the mean covers. An employee none of whose
    indicators has a capaian gets NaN and a reason.

    Parameters
    ----------
    skp, quarter, cap
        As for :func:`capaian_per_indicator`; the cap applies to each
        indicator before averaging.

    Returns
    -------
    pandas.DataFrame
        One row per employee (and quarter, when the table has one): ``nip``,
        ``quarter``, ``capaian``, ``n_indicators``, ``n_with_capaian``,
        ``n_without_capaian``, ``weighting`` (``"bobot"`` when the weights
        were used, ``"sama rata"`` for equal weights), ``weight_share`` and
        ``reason`` (missing when there is a capaian).

    Examples
    --------
    Indicators with capaian 0.8 (weight 60) and 1.1 (weight 40) give
    0.8 x 0.6 + 1.1 x 0.4 = 0.92.
    """
    indicators = capaian_per_indicator(skp, quarter, cap)
    keys = ["nip", "quarter"] if "quarter" in indicators.columns else ["nip"]
    has = indicators["capaian"].notna()
    if "weight" in indicators.columns:
        weight = _numbers(indicators, "weight", "skp")
        if (weight < 0).any():
            row = (weight < 0).idxmax()
            raise ValueError(f"skp column 'weight' holds {weight[row]!r} in row {row}; weights are 0 or more.")
    else:
        weight = pd.Series(np.nan, index=indicators.index)
    parts = pd.DataFrame({
        **{key: indicators[key] for key in keys},
        "weight": weight, "weight_known": weight.notna(), "has": has,
        "value": indicators["capaian"].fillna(0.0),
    })
    groups = parts.groupby(keys, sort=True, dropna=False)
    all_known = groups["weight_known"].transform("all")
    total = groups["weight"].transform("sum")
    use_weights = all_known & (total > 0)
    effective = parts["weight"].where(use_weights, 1.0)
    parts["numerator"] = effective * parts["value"] * parts["has"]
    parts["denominator"] = effective * parts["has"]
    parts["total"] = effective
    parts["use_weights"] = use_weights
    summary = parts.groupby(keys, sort=True, dropna=False).agg(
        n_indicators=("has", "size"), n_with_capaian=("has", "sum"), numerator=("numerator", "sum"),
        denominator=("denominator", "sum"), total=("total", "sum"), use_weights=("use_weights", "all"),
    ).reset_index()
    known = summary["denominator"] > 0
    summary["capaian"] = (summary["numerator"] / summary["denominator"].where(known)).astype("float64")
    summary["n_without_capaian"] = summary["n_indicators"] - summary["n_with_capaian"]
    summary["weighting"] = np.where(summary["use_weights"], "bobot", "sama rata")
    summary["weight_share"] = (summary["denominator"] / summary["total"]).astype("float64")
    reason = np.where(summary["n_with_capaian"] == 0, REASONS["no_indicator_with_capaian"],
                      np.where(~known, REASONS["zero_weight"], None))
    summary["reason"] = pd.Series(reason, index=summary.index).astype("str")
    summary["n_with_capaian"] = summary["n_with_capaian"].astype("int64")
    return summary[[*keys, "capaian", "n_indicators", "n_with_capaian", "n_without_capaian", "weighting",
                    "weight_share", "reason"]]


def capaian_per_unit(employee_capaian: pd.DataFrame, employees: pd.DataFrame) -> pd.DataFrame:
    """Summarise employees' capaian per unit: count, median and mean.

    Parameters
    ----------
    employee_capaian
        The result of :func:`capaian_per_employee`.
    employees
        The employees table (``nip``, ``unit_code``).

    Returns
    -------
    pandas.DataFrame
        One row per unit (and quarter): ``unit_code``, ``quarter``,
        ``n_employees`` (employees of the unit in ``employees``),
        ``n_with_capaian``, ``capaian_median`` and ``capaian_mean`` (over the
        employees with a capaian). Employees missing from ``employees`` are
        left out.
    """
    _require(employee_capaian, ("nip", "capaian"), "employee_capaian")
    _require(employees, ("nip", "unit_code"), "employees")
    staff = employees[["nip", "unit_code"]].drop_duplicates("nip")
    merged = employee_capaian.merge(staff, on="nip", how="inner")
    keys = ["unit_code", "quarter"] if "quarter" in merged.columns else ["unit_code"]
    table = merged.groupby(keys, sort=True).agg(
        n_with_capaian=("capaian", "count"), capaian_median=("capaian", "median"),
        capaian_mean=("capaian", "mean"),
    ).reset_index()
    size = staff.groupby("unit_code").size().rename("n_employees")
    table = table.merge(size, left_on="unit_code", right_index=True, how="left")
    return table[[*keys, "n_employees", "n_with_capaian", "capaian_median", "capaian_mean"]]


def missing_capaian(skp: pd.DataFrame, employees: pd.DataFrame, quarter: Quarter | str,
                    cap: float | None = None) -> pd.DataFrame:
    """Count, per unit, the indicators and the employees of a quarter without capaian, and why.

    Indicators get the reasons of :func:`capaian_per_indicator`; employees
    those of :func:`capaian_per_employee`, plus ``no_skp`` ("tidak ada SKP
    pada triwulan ini") for an employee of ``employees`` with no SKP row in
    the quarter. Counts only, so that a page can say what is missing without
    naming anyone.

    Parameters
    ----------
    skp
        The skp table (with a ``quarter`` column).
    employees
        The employees table (``nip``, ``unit_code``); SKP rows of NIPs not in
        it are left out.
    quarter
        The quarter.
    cap
        As for :func:`capaian_per_indicator` (a cap never removes a capaian).

    Returns
    -------
    pandas.DataFrame
        One row per unit, kind and reason with a count above 0, sorted by
        unit, kind and reason: ``unit_code``, ``kind`` (``"indicator"`` or
        ``"employee"``), ``reason_code``, ``reason`` (Indonesian, see
        :data:`REASONS`) and ``count``. Empty when every indicator and every
        employee has a capaian.
    """
    _require(employees, ("nip", "unit_code"), "employees")
    staff = employees[["nip", "unit_code"]].drop_duplicates("nip")
    label = Quarter.parse(quarter).label
    indicators = capaian_per_indicator(skp, label, cap).merge(staff, on="nip", how="inner")
    per_employee = capaian_per_employee(skp, label, cap)
    per_employee = per_employee.assign(reason_code=per_employee["reason"].map(
        {text: code for code, text in REASONS.items()}).astype("str"))
    rated = staff.merge(per_employee[["nip", "reason_code"]], on="nip", how="left", indicator=True)
    rated["reason_code"] = rated["reason_code"].where(rated["_merge"] == "both", "no_skp")
    parts = [
        indicators.loc[indicators["reason_code"].notna(), ["unit_code", "reason_code"]].assign(kind="indicator"),
        rated.loc[rated["reason_code"].notna(), ["unit_code", "reason_code"]].assign(kind="employee"),
    ]
    columns = ["unit_code", "kind", "reason_code", "reason", "count"]
    found = pd.concat(parts, ignore_index=True)
    if found.empty:
        return pd.DataFrame({"unit_code": pd.Series(dtype="str"), "kind": pd.Series(dtype="str"),
                             "reason_code": pd.Series(dtype="str"), "reason": pd.Series(dtype="str"),
                             "count": pd.Series(dtype="int64")})[columns]
    table = found.groupby(["unit_code", "kind", "reason_code"], sort=False).size().rename("count").reset_index()
    table["reason"] = table["reason_code"].map(REASONS)
    order = {code: i for i, code in enumerate(REASONS)}
    table = table.assign(_kind=table["kind"].map({"indicator": 0, "employee": 1}),
                         _reason=table["reason_code"].map(order))
    table = table.sort_values(["unit_code", "_kind", "_reason"], kind="stable")[columns].reset_index(drop=True)
    return table.astype({"unit_code": "str", "kind": "str", "reason_code": "str", "reason": "str",
                         "count": "int64"})


# --- ratings and predikat ------------------------------------------------------------------------


def hasil_kerja_rating(capaian: float | pd.Series, above: float = DEFAULT_ABOVE,
                       meets: float = DEFAULT_MEETS) -> str | None | pd.Series:
    """Rate hasil kerja from capaian.

    PermenPANRB 6/2022 leaves the numbers to the evaluating supervisor; the
    defaults here are a project choice: capaian of at least 1.10 (110 %) is
    Di Atas Ekspektasi, at least 0.90 Sesuai Ekspektasi, below that Di Bawah
    Ekspektasi.

    Parameters
    ----------
    capaian
        A number or a Series; NaN or None gives no rating (None, or a missing
        value in a Series).
    above
        Lowest capaian rated Di Atas Ekspektasi.
    meets
        Lowest capaian rated Sesuai Ekspektasi; must be below ``above``.

    Raises
    ------
    ValueError
        When ``meets`` is not below ``above`` or either is negative.
    """
    if not (isinstance(above, (int, float)) and isinstance(meets, (int, float)) and 0 <= meets < above):
        raise ValueError(f"need 0 <= meets < above; got meets={meets!r}, above={above!r}.")
    if isinstance(capaian, pd.Series):
        values = pd.to_numeric(capaian, errors="raise").astype("float64")
        labels = np.select([values >= above, values >= meets, values < meets], [ABOVE, MEETS, BELOW], default="")
        return pd.Series(labels, index=capaian.index, name="hasil_kerja_rating").replace("", None).astype("str")
    if capaian is None or (isinstance(capaian, float) and math.isnan(capaian)):
        return None
    if isinstance(capaian, bool) or not isinstance(capaian, (int, float, np.integer, np.floating)):
        raise ValueError(f"capaian must be a number, not {capaian!r}.")
    return ABOVE if capaian >= above else MEETS if capaian >= meets else BELOW


def predikat(hasil: str, perilaku: str) -> str:
    """Return the predikat kinerja from the ratings of hasil kerja and perilaku kerja.

    ====================  =================  ===============  ===============
    hasil \\ perilaku      Di Bawah           Sesuai           Di Atas
    ====================  =================  ===============  ===============
    Di Atas               Kurang/Misconduct  Baik             Sangat Baik
    Sesuai                Kurang/Misconduct  Baik             Baik
    Di Bawah              Sangat Kurang      Butuh Perbaikan  Butuh Perbaikan
    ====================  =================  ===============  ===============

    Parameters
    ----------
    hasil, perilaku
        ``"Di Atas Ekspektasi"``, ``"Sesuai Ekspektasi"`` or ``"Di Bawah
        Ekspektasi"`` in any case, or the short forms ``"di atas"``,
        ``"sesuai"``, ``"di bawah"``.

    Raises
    ------
    ValueError
        For any other value, naming the argument and the accepted labels.

    Examples
    --------
    >>> predikat("Di Atas Ekspektasi", "sesuai")
    'Baik'
    """
    return PREDIKAT_MATRIX[(normalise_rating(hasil, "hasil"), normalise_rating(perilaku, "perilaku"))]


def predikat_series(hasil: pd.Series, perilaku: pd.Series) -> pd.Series:
    """Vectorised :func:`predikat`: the predikat of each pair of ratings.

    Parameters
    ----------
    hasil, perilaku
        Series of the same length, read pairwise by position. A missing
        rating on either side gives a missing predikat.

    Returns
    -------
    pandas.Series
        Named ``predikat``, with the index of ``hasil``.

    Raises
    ------
    ValueError
        When the lengths differ or a value is not a rating.
    """
    hasil, perilaku = pd.Series(hasil), pd.Series(perilaku)
    if len(hasil) != len(perilaku):
        raise ValueError(f"hasil has {len(hasil)} values but perilaku has {len(perilaku)}; they are read in pairs.")
    left = _ratings(hasil, "hasil").to_numpy(dtype=object)
    right = _ratings(perilaku, "perilaku").to_numpy(dtype=object)
    values = [PREDIKAT_MATRIX[(h, p)] if isinstance(h, str) and isinstance(p, str) else None
              for h, p in zip(left, right)]
    return pd.Series(values, index=hasil.index, name="predikat", dtype="str")


def perilaku_from_berakhlak(behaviour: pd.DataFrame, min_below: int = DEFAULT_MIN_BELOW,
                            min_above: int = DEFAULT_MIN_ABOVE) -> pd.Series:
    """Rate perilaku kerja from the seven BerAKHLAK ratings.

    The rule (a project choice; the regulation leaves it to the supervisor):
    ``min_below`` or more values Di Bawah Ekspektasi give Di Bawah; otherwise
    ``min_above`` or more values Di Atas Ekspektasi with none Di Bawah give
    Di Atas; anything else is Sesuai. With the defaults (2 and 3) a single
    value below expectations is a point for coaching, not by itself a
    rating below expectations.

    Parameters
    ----------
    behaviour
        The behaviour table with the seven BerAKHLAK columns
        (:data:`BERAKHLAK_COLUMNS`); ratings in any form :func:`normalise_rating`
        reads.
    min_below, min_above
        Counts from 1 to 7.

    Returns
    -------
    pandas.Series
        Named ``perilaku_rating``, on the index of ``behaviour``; missing for
        a row with a missing BerAKHLAK rating.
    """
    _require(behaviour, BERAKHLAK_COLUMNS, "behaviour")
    for name, value in (("min_below", min_below), ("min_above", min_above)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= 7:
            raise ValueError(f"{name} must be a whole number from 1 to 7, not {value!r}.")
    ratings = pd.DataFrame({column: _ratings(behaviour[column], column) for column in BERAKHLAK_COLUMNS})
    below = (ratings == BELOW).sum(axis=1)
    above = (ratings == ABOVE).sum(axis=1)
    complete = ratings.notna().all(axis=1)
    labels = np.where(below >= min_below, BELOW, np.where((above >= min_above) & (below == 0), ABOVE, MEETS))
    return pd.Series(labels, index=behaviour.index, name="perilaku_rating").where(complete).astype("str")


def employee_predikat(skp: pd.DataFrame, behaviour: pd.DataFrame, quarter: Quarter | str,
                      employees: pd.DataFrame | None = None, *, cap: float | None = None,
                      above: float = DEFAULT_ABOVE, meets: float = DEFAULT_MEETS,
                      min_below: int = DEFAULT_MIN_BELOW, min_above: int = DEFAULT_MIN_ABOVE,
                      use_recorded: bool = True) -> pd.DataFrame:
    """Rate hasil kerja and perilaku kerja of each employee in a quarter and give the predikat.

    A rating recorded in the behaviour table (``hasil_kerja_rating``,
    ``perilaku_rating``) is used as recorded. Where it is absent, hasil kerja
    is rated from the employee's capaian (:func:`hasil_kerja_rating`) and
    perilaku from the seven BerAKHLAK values (:func:`perilaku_from_berakhlak`).
    The ``*_source`` columns say which.

    Parameters
    ----------
    skp, behaviour
        The skp and behaviour tables.
    quarter
        The quarter evaluated.
    employees
        The employees table; when given, every employee gets a row (with
        ``name`` and ``unit_code``), rated or not. Otherwise the employees
        found in ``skp`` or ``behaviour``.
    cap, above, meets, min_below, min_above
        See :func:`capaian_per_employee`, :func:`hasil_kerja_rating` and
        :func:`perilaku_from_berakhlak`.
    use_recorded
        True (default) uses the ratings the behaviour table records; False
        ignores them and computes both ratings, e.g. to compare the
        supervisors' ratings with the rules.

    Returns
    -------
    pandas.DataFrame
        One row per employee: ``nip``, (``name``, ``unit_code``), ``quarter``,
        ``capaian``, ``hasil_kerja_rating``, ``hasil_kerja_source``,
        ``perilaku_rating``, ``perilaku_source`` and ``predikat`` (missing
        when either rating is missing). Sources are ``"tercatat"``
        (recorded), ``"dihitung dari capaian"``, ``"dihitung dari BerAKHLAK"``
        or missing.
    """
    label = Quarter.parse(quarter).label
    _require(behaviour, ("nip",), "behaviour")
    capaian = capaian_per_employee(skp, label, cap)[["nip", "capaian"]]
    rated = _in_quarter(behaviour, label, "behaviour").drop_duplicates("nip")
    if employees is not None:
        _require(employees, ("nip", "unit_code"), "employees")
        columns = [c for c in ("nip", "name", "unit_code") if c in employees.columns]
        base = employees[columns].drop_duplicates("nip")
    else:
        base = pd.DataFrame({"nip": pd.unique(pd.concat([capaian["nip"], rated["nip"]]))})
    table = base.merge(capaian, on="nip", how="left")
    table.insert(len(base.columns), "quarter", label)

    recorded_hasil = _recorded(rated, "hasil_kerja_rating") if use_recorded else pd.Series(dtype="str")
    computed_hasil = hasil_kerja_rating(table["capaian"], above, meets)
    hasil = table["nip"].map(recorded_hasil).astype("str")
    table["hasil_kerja_source"] = np.where(hasil.notna(), "tercatat",
                                           np.where(computed_hasil.notna(), "dihitung dari capaian", None))
    table["hasil_kerja_rating"] = hasil.fillna(computed_hasil).astype("str")

    recorded_perilaku = _recorded(rated, "perilaku_rating") if use_recorded else pd.Series(dtype="str")
    if all(column in rated.columns for column in BERAKHLAK_COLUMNS) and len(rated):
        computed = pd.Series(perilaku_from_berakhlak(rated, min_below, min_above).to_numpy(),
                             index=rated["nip"].to_numpy())
    else:
        computed = pd.Series(dtype="str")
    perilaku = table["nip"].map(recorded_perilaku).astype("str")
    computed_perilaku = table["nip"].map(computed).astype("str")
    table["perilaku_source"] = np.where(perilaku.notna(), "tercatat",
                                        np.where(computed_perilaku.notna(), "dihitung dari BerAKHLAK", None))
    table["perilaku_rating"] = perilaku.fillna(computed_perilaku).astype("str")
    table["hasil_kerja_source"] = table["hasil_kerja_source"].astype("str")
    table["perilaku_source"] = table["perilaku_source"].astype("str")
    table["predikat"] = predikat_series(table["hasil_kerja_rating"], table["perilaku_rating"])
    order = [*base.columns, "quarter", "capaian", "hasil_kerja_rating", "hasil_kerja_source", "perilaku_rating",
             "perilaku_source", "predikat"]
    return table[order].reset_index(drop=True)


def _recorded(rated: pd.DataFrame, column: str) -> pd.Series:
    """Recorded ratings by NIP (canonical labels), empty when the column is absent."""
    if column not in rated.columns:
        return pd.Series(dtype="str")
    return pd.Series(_ratings(rated[column], column).to_numpy(), index=rated["nip"].to_numpy()).dropna()

