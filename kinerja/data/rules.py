"""The rules a typed row must pass, declared once and checked on pandas or through Ibis.

Each rule names the column a failing row is rejected on, the reason given
(after the column name: "approved_at *is before submitted_at*"; a key of the
reasons in ``core/text/rejects.yaml``, see :mod:`kinerja.data.reasons`) and what it
checks, in a small declarative form: :class:`Required`, :class:`InRange`,
:class:`NotBefore`, :class:`GivenWhen`, :class:`AnyFilled`, or, for the few
rules too particular for those, a pandas function (:class:`Computed`).

Two translators turn a rule into a check: :func:`pandas_passes` for a pandas
DataFrame (:mod:`kinerja.data.schemas` runs it as a pandera check) and
:func:`ibis_fails` for an Ibis table (:mod:`kinerja.data.partitioned` runs it
on Parquet partitions in DuckDB or Spark). A file and a partition are
therefore judged by the same rules, with the same reasons.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

import ibis.expr.types as ir
import numpy as np
import pandas as pd

from kinerja.core.periods import Quarter
from kinerja.data.dictionary import (
    FORUM_GROUPS,
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    Column,
    Table,
    normalise_header,
    unsur_named,
)
from kinerja.data.reasons import english

__all__ = ["BLANK", "ROW_RULES", "AnyFilled", "Check", "Computed", "GivenWhen", "InRange", "NotBefore", "Required",
           "Rule", "ibis_fails", "needs_value", "pandas_passes", "rules_for", "skp_indicator_keys"]

BLANK = "blank"
"""The reason (its key) a required cell is blank, whether reading or a rule finds it."""

_TEXT_KINDS = ("text", "nip", "unit", "choice", "quarter")
"""Column kinds held as text, where an empty string is blank too."""


@dataclass(frozen=True)
class Required:
    """``column`` has a value in every row; with ``text``, an empty string is blank too."""

    column: str
    text: bool = False

    @property
    def needs(self) -> tuple[str, ...]:
        """Columns the check reads."""
        return (self.column,)


@dataclass(frozen=True)
class InRange:
    """``column``, when given, lies between ``minimum`` and ``maximum`` (inclusive)."""

    column: str
    minimum: float = -math.inf
    maximum: float = math.inf

    @property
    def needs(self) -> tuple[str, ...]:
        """Columns the check reads."""
        return (self.column,)


@dataclass(frozen=True)
class NotBefore:
    """``later``, when it and ``earlier`` are given, is not before ``earlier``.

    With ``day``, only the day of ``later`` counts: a report written on the
    day of the activity it reports is not before it.
    """

    later: str
    earlier: str
    day: bool = False

    @property
    def needs(self) -> tuple[str, ...]:
        """Columns the check reads."""
        return (self.later, self.earlier)


@dataclass(frozen=True)
class GivenWhen:
    """``column`` has a value in every row whose ``status`` column is ``status``."""

    status: str
    column: str

    @property
    def needs(self) -> tuple[str, ...]:
        """Columns the check reads."""
        return (self.column, "status")


@dataclass(frozen=True)
class AnyFilled:
    """At least one of ``columns`` that a file has is filled."""

    columns: tuple[str, ...]

    @property
    def needs(self) -> tuple[str, ...]:
        """Columns the check reads; none must all be there, it uses those present."""
        return ()


@dataclass(frozen=True)
class Computed:
    """A rule only a pandas function expresses: ``passes(frame)`` is True where a row is fine.

    Only the pandas path checks it; the tables with such rules (employees,
    observations) are never partitioned.
    """

    needs: tuple[str, ...]
    passes: Callable[[pd.DataFrame], pd.Series]


Check = Required | InRange | NotBefore | GivenWhen | AnyFilled | Computed
"""What a rule checks."""


@dataclass(frozen=True)
class Rule:
    """One rule of a table.

    Parameters
    ----------
    column
        The column a failing row is rejected on.
    reason_key
        Why: the key of a reason in the text catalogue (``rejects.reason.<key>``),
        a sentence that follows the column's name.
    check
        What the rule checks.
    values
        The reason's placeholders, as (name, value) pairs.
    """

    column: str
    reason_key: str
    check: Check
    values: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        """Why, in English, as ``Dataset.rejects`` gives it (:func:`kinerja.data.reasons.reason_in` translates it)."""
        return english(self.reason_key, **dict(self.values))

    def applies(self, present: set[str]) -> bool:
        """Whether a file with the columns ``present`` can be checked by the rule."""
        return all(name in present for name in (self.column, *self.check.needs))


def _nip_part(frame: pd.DataFrame, start: int, stop: int) -> pd.Series:
    return frame["nip"].str.slice(start, stop)


def _gender_agrees(frame: pd.DataFrame) -> pd.Series:
    from_nip = _nip_part(frame, 14, 15).map({"1": "L", "2": "P"})
    return frame["gender"].isna() | (frame["gender"] == from_nip)


def _birth_date_agrees(frame: pd.DataFrame) -> pd.Series:
    from_nip = pd.to_datetime(_nip_part(frame, 0, 8), format="%Y%m%d", errors="coerce")
    return frame["birth_date"].isna() | (frame["birth_date"] == from_nip)


def _kind_from_nip(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(np.where(_nip_part(frame, 12, 13).eq("2").fillna(False), "PPPK", "PNS"), index=frame.index)


def _employment_type_agrees(frame: pd.DataFrame) -> pd.Series:
    return frame["employment_type"].isna() | (frame["employment_type"] == _kind_from_nip(frame))


def _golongan_fits(frame: pd.DataFrame) -> pd.Series:
    kind = frame["employment_type"].fillna(_kind_from_nip(frame)) if "employment_type" in frame else (
        _kind_from_nip(frame))
    pns = frame["golongan"].isin(PNS_GOLONGAN)
    pppk = frame["golongan"].isin(PPPK_GOLONGAN)
    return frame["golongan"].isna() | ((kind == "PNS") & pns) | ((kind == "PPPK") & pppk)


def _observer_is_someone_else(frame: pd.DataFrame) -> pd.Series:
    return frame["observer_nip"].isna() | frame["nip"].isna() | (frame["observer_nip"] != frame["nip"])


def _within_participants(group: str) -> Callable[[pd.DataFrame], pd.Series]:
    def passes(frame: pd.DataFrame) -> pd.Series:
        return frame[group].isna() | frame["participants"].isna() | (frame[group] <= frame["participants"])
    return passes


def _not_before_quarter(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    def passes(frame: pd.DataFrame) -> pd.Series:
        starts = {label: pd.Timestamp(Quarter.parse(label).start) for label in frame["quarter"].dropna().unique()}
        first_day = frame["quarter"].map(starts)
        return frame[column].isna() | first_day.isna() | (frame[column] >= first_day)
    return passes


def _names_an_unsur(frame: pd.DataFrame) -> pd.Series:
    named = frame["source_ref"].map(lambda text: unsur_named(text) is not None, na_action="ignore")
    return frame["source_kind"].ne("ikm_unsur").fillna(True) | named.fillna(False).astype(bool)


def _rule(column: str, reason_key: str, check: Check, **values: str) -> Rule:
    return Rule(column, reason_key, check, tuple(values.items()))


_END_NOT_BEFORE_START = _rule("end_date", "before", NotBefore("end_date", "start_date"), other="start_date")


ROW_RULES: dict[str, tuple[Rule, ...]] = {
    "employees": (
        Rule("gender", "gender_nip", Computed(("nip",), _gender_agrees)),
        Rule("birth_date", "birth_date_nip", Computed(("nip",), _birth_date_agrees)),
        Rule("employment_type", "employment_type_nip", Computed(("nip",), _employment_type_agrees)),
        Rule("golongan", "golongan_type", Computed(("nip",), _golongan_fits)),
    ),
    "activities": (
        Rule("submitted_at", "before_activity_date", NotBefore("submitted_at", "activity_date", day=True)),
        _rule("approved_at", "before", NotBefore("approved_at", "submitted_at"), other="submitted_at"),
        Rule("approved_at", "blank_but_approved", GivenWhen("approved", "approved_at")),
    ),
    "visits": (
        _rule("service_start_at", "before", NotBefore("service_start_at", "arrival_at"), other="arrival_at"),
        _rule("service_end_at", "before", NotBefore("service_end_at", "service_start_at"), other="service_start_at"),
    ),
    "complaints": (
        _rule("resolved_at", "before", NotBefore("resolved_at", "received_at"), other="received_at"),
        Rule("resolved_at", "blank_but_resolved", GivenWhen("resolved", "resolved_at")),
    ),
    "forums": (
        _rule("response_date", "before", NotBefore("response_date", "forum_date"), other="forum_date"),
        Rule("response_date", "blank_but_answered", GivenWhen("answered", "response_date")),
        Rule("response_date", "blank_but_closed", GivenWhen("closed", "response_date")),
        *(Rule(name, "over_participants", Computed(("participants",), _within_participants(name)))
          for name, _, _ in FORUM_GROUPS),
    ),
    "follow_ups": (
        Rule("done_date", "blank_but_done", GivenWhen("done", "done_date")),
        Rule("due_date", "before_quarter", Computed(("quarter",), _not_before_quarter("due_date"))),
        Rule("done_date", "before_quarter", Computed(("quarter",), _not_before_quarter("done_date"))),
        Rule("source_ref", "not_an_unsur", Computed(("source_kind",), _names_an_unsur)),
    ),
    "trainings": (_END_NOT_BEFORE_START,),
    "absences": (_END_NOT_BEFORE_START,),
    "observations": (
        Rule("observer_nip", "own_nip", Computed(("nip",), _observer_is_someone_else)),
    ),
}
"""The rules relating columns of one row, per table."""


def needs_value(column: Column) -> bool:
    """Whether every row needs a value in ``column`` (it is not nullable and has no default)."""
    return not column.nullable and column.default is None


def rules_for(table: Table) -> tuple[Rule, ...]:
    """Every rule of ``table``, in the order a row is judged.

    Parameters
    ----------
    table
        The dictionary's table.

    Returns
    -------
    tuple of Rule
        First a value in each column that needs one, then the rules relating
        columns (``ROW_RULES``, at least one answer of a questionnaire, one of
        each ``one_of`` group), then the bounds of numeric columns.
    """
    required = [Rule(column.name, BLANK, Required(column.name, text=column.kind in _TEXT_KINDS))
                for column in table.columns if needs_value(column)]
    related = list(ROW_RULES.get(table.name, ()))
    if table.answered:
        key = "no_unsur" if table.name == "ikm_responses" else "no_item"
        related.append(Rule(table.answered[0], key, AnyFilled(table.answered)))
    for group in table.one_of:
        related.append(_rule(group[0], "one_of", AnyFilled(group), others=", ".join(group[1:])))
    bounded = []
    for column in table.columns:
        if column.minimum is not None or column.maximum is not None:
            low = -math.inf if column.minimum is None else column.minimum
            high = math.inf if column.maximum is None else column.maximum
            bounded.append(_rule(column.name, "outside", InRange(column.name, low, high),
                                 low=_number(low), high=_number(high)))
    return (*required, *related, *bounded)


def _number(value: float) -> str:
    return str(int(value)) if math.isfinite(value) and float(value).is_integer() else str(value)


def skp_indicator_keys(skp: pd.DataFrame) -> pd.DataFrame:
    """The indicators an activity's ``skp_indicator`` may name, per NIP and quarter, and the key each is stored as.

    An activity names an indicator of its employee's SKP in its quarter by the
    ``indicator_id`` or the ``indicator`` text, compared as
    :func:`~kinerja.data.dictionary.normalise_header` writes them. The key is
    the ``indicator_id`` when the SKP row has one, else its ``indicator`` as
    the skp table holds it. Where two indicators of one NIP and quarter are
    written alike, a code wins over a text, then the first row.

    Parameters
    ----------
    skp
        The valid rows of the skp table.

    Returns
    -------
    pandas.DataFrame
        ``nip``, ``quarter`` (``2026-Q3``), ``written`` and ``key``, one row per
        (nip, quarter, written).
    """
    texts = skp["indicator"]
    ids = skp["indicator_id"] if "indicator_id" in skp.columns else pd.Series(pd.NA, index=skp.index, dtype="str")
    keys = pd.concat([pd.DataFrame({"nip": skp["nip"], "quarter": skp["quarter"],
                                    "written": names.map(normalise_header, na_action="ignore"),
                                    "key": ids.fillna(texts)})
                      for names in (ids, texts)], ignore_index=True)
    keys = keys[keys["written"].notna() & keys["written"].ne("") & keys["key"].notna()]
    return keys.drop_duplicates(["nip", "quarter", "written"]).reset_index(drop=True).astype("str")


# --- the two translators -----------------------------------------------------------------------


def pandas_passes(rule: Rule) -> Callable[[pd.DataFrame], pd.Series]:
    """Translate ``rule`` into a function of a typed DataFrame, True where a row passes.

    Parameters
    ----------
    rule
        A rule that applies to the frame's columns (:meth:`Rule.applies`).

    Returns
    -------
    callable
        ``frame -> boolean Series`` on the frame's index, as a pandera
        DataFrame check expects.
    """
    check = rule.check
    match check:
        case Required(column, text):
            def passes(frame: pd.DataFrame) -> pd.Series:
                filled = frame[column].notna()
                return filled & frame[column].ne("") if text else filled
        case InRange(column, minimum, maximum):
            def passes(frame: pd.DataFrame) -> pd.Series:
                return frame[column].isna() | frame[column].between(minimum, maximum)
        case NotBefore(later, earlier, day):
            def passes(frame: pd.DataFrame) -> pd.Series:
                first = frame[earlier]
                second = frame[later].dt.normalize() if day else frame[later]
                return first.isna() | frame[later].isna() | (second >= first)
        case GivenWhen(status, column):
            def passes(frame: pd.DataFrame) -> pd.Series:
                return (frame["status"] != status) | frame[column].notna()
        case AnyFilled(columns):
            def passes(frame: pd.DataFrame) -> pd.Series:
                present = [name for name in columns if name in frame.columns]
                return frame[present].notna().any(axis=1)
        case Computed():
            passes = check.passes
    return passes


def ibis_fails(rule: Rule, rows: ir.Table) -> ir.BooleanValue:
    """Translate ``rule`` into an Ibis condition on ``rows``, True where a row fails.

    Parameters
    ----------
    rule
        A rule that applies to the table's columns (:meth:`Rule.applies`).
    rows
        The rows to judge, with canonical column names.

    Returns
    -------
    ibis.expr.types.BooleanValue
        Never missing: a comparison with a missing value passes, as on pandas.

    Raises
    ------
    TypeError
        For a :class:`Computed` rule, which only pandas can check.
    """
    check = rule.check
    match check:
        case Required(column, text):
            value = rows[column]
            fails = value.isnull() | (value == "") if text else value.isnull()
        case InRange(column, minimum, maximum):
            value = rows[column]
            sides = ([value < minimum] if math.isfinite(minimum) else []) + (
                [value > maximum] if math.isfinite(maximum) else [])
            fails = functools.reduce(operator.or_, sides)
        case NotBefore(later, earlier, day):
            fails = (rows[later].cast("date") if day else rows[later]) < rows[earlier]
        case GivenWhen(status, column):
            fails = (rows.status == status) & rows[column].isnull()
        case AnyFilled(columns):
            fails = functools.reduce(operator.and_, [rows[name].isnull() for name in columns if name in rows.columns])
        case Computed():
            raise TypeError(f"the rule '{rule.column} {rule.reason}' is a pandas function; Ibis cannot check it")
    return fails.fill_null(False)
