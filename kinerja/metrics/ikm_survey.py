"""A survey export file: reading it and reporting its IKM, as ``kinerja ikm`` does.

:func:`responses_from_file` reads a survey export (CSV, XLSX or Parquet) into
the frame of nine canonical unsur columns that the functions of
:mod:`kinerja.metrics.ikm` take; :func:`survey_report` is what ``kinerja ikm``
prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from kinerja.core.errors import DataError
from kinerja.data.dataset import reject_summary
from kinerja.data.dictionary import TABLES, Table, header_lookup, normalise_header
from kinerja.data.io import read_table_file
from kinerja.data.schemas import Validated, validate
from kinerja.metrics.ikm import (
    _CODES,
    _LABELS,
    UNSUR_COLUMNS,
    IkmResult,
    _and,
    compute_ikm,
    ikm_by,
    period_of,
    round_half_up,
    sample_adequacy,
)

__all__ = ["SurveyReport", "responses_from_file", "survey_report"]


def _survey_table(unsur_required: bool) -> Table:
    """The ikm_responses table for a standalone export: only the nine unsur may be required."""
    table = TABLES["ikm_responses"]
    columns = tuple(
        replace(column, required=False, nullable=True) if column.name in ("unit_code", "survey_date")
        else replace(column, required=unsur_required) if column.name in UNSUR_COLUMNS
        else column
        for column in table.columns
    )
    return replace(table, columns=columns)


_SURVEY = _survey_table(unsur_required=True)
_SURVEY_ANY_UNSUR = _survey_table(unsur_required=False)


def _or(items: Sequence[str]) -> str:
    return _and(items, "or")


def _missing_unsur(path: Path) -> list[str]:
    """The unsur a readable file lacks; empty when the file cannot be read at all."""
    try:
        raw = read_table_file(path, _SURVEY_ANY_UNSUR)
    except DataError:
        return []
    return [name for name in UNSUR_COLUMNS if name not in raw.frame.columns]


def responses_from_file(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a survey export (CSV, XLSX or Parquet) into valid responses and rejects.

    Headers are matched by name (``U1``..``U9``, ``Unsur 1`` or the unsur's
    name, in any case and order), so forms that swap unsur 8 and 9 are read
    right. Unlike a data folder's ``skm`` table, the unit and the survey date
    may be absent or blank: only the nine unsur are needed.

    Parameters
    ----------
    path
        The export.

    Returns
    -------
    valid, rejects
        Typed valid rows indexed by their row number in the file, and one row
        per problem (columns of :data:`kinerja.data.schemas.REJECT_COLUMNS`), e.g.
        an answer outside 1 to 4. Without a questionnaire number column,
        respondents who gave identical answers all count: identical answers
        are common, so they are not taken for duplicates.

    Raises
    ------
    DataError
        When the file is missing or unreadable, or lacks unsur columns (all
        named in one sentence).
    """
    checked = _validated_survey(Path(path))
    return checked.frame, checked.rejects


def _validated_survey(path: Path) -> Validated:
    """The survey export validated: valid rows, rejects and notes (see :func:`responses_from_file`)."""
    if not path.is_file():
        raise DataError(f"{path} does not exist; expected a survey export (.csv or .xlsx).")
    try:
        raw = read_table_file(path, _SURVEY)
    except DataError:
        missing = _missing_unsur(path)
        if not missing:
            raise
        named = [f"{_CODES[name]} {_LABELS[name]}" for name in missing]
        noun = "column" if len(named) == 1 else "columns"
        raise DataError(f"{path.name} lacks the unsur {noun} {_and(named)}; expected headers U1..U9 or "
                        f"the unsur names.") from None
    return validate(raw)


_PERIOD_WORDS = {"quarter": "quarter", "triwulan": "quarter", "semester": "semester"}


def _group_column(responses: pd.DataFrame, name: str, file: str) -> tuple[pd.DataFrame, str]:
    """Find the column ``name`` means, matched ignoring case; quarter or semester from survey_date."""
    wanted = normalise_header(name)
    canonical = header_lookup(_SURVEY).get(wanted)
    if canonical in responses.columns:
        return responses, canonical
    for column in responses.columns:
        if normalise_header(column) == wanted:
            return responses, column
    if wanted in _PERIOD_WORDS and "survey_date" in responses.columns:
        period = _PERIOD_WORDS[wanted]
        return responses.assign(**{period: period_of(responses["survey_date"], period)}), period
    choices = [column for column in responses.columns if column not in UNSUR_COLUMNS]
    if "survey_date" in responses.columns:
        choices += list(dict.fromkeys(_PERIOD_WORDS.values()))
    if not choices:
        raise DataError(f"{file} has no column {name!r} to group by; it has no columns besides the unsur.")
    raise DataError(f"{file} has no column {name!r} to group by; expected one of {_or(choices)}.")


@dataclass(frozen=True, eq=False)
class SurveyReport:
    """What ``kinerja ikm`` reports on one survey export.

    Attributes
    ----------
    file
        Name of the export.
    result
        The IKM of all valid responses.
    rejects
        Rejected rows with row number, column, value and reason.
    notes
        Valid rows with a cell that could not be read and was left blank (an
        optional column, e.g. a survey date written wrongly), with the same
        columns as ``rejects``.
    by
        Column grouped by, or None.
    groups
        :func:`~kinerja.metrics.ikm.ikm_by` on ``by``, or None.
    adequacy
        :func:`~kinerja.metrics.ikm.sample_adequacy` of the whole survey (one row), or None when no
        population was given.
    """

    file: str
    result: IkmResult
    rejects: pd.DataFrame
    notes: pd.DataFrame
    by: str | None = None
    groups: pd.DataFrame | None = None
    adequacy: pd.DataFrame | None = None

    def to_dict(self) -> dict[str, object]:
        """Return the report for JSON (see ``kinerja ikm --json``)."""
        summary = self.result.to_dict()
        if self.groups is not None:
            summary["groups"] = [self._group_dict(row) for _, row in self.groups.iterrows()]
        summary["rejected"] = int(self.rejects["row"].nunique())
        summary["notes"] = [{"row": int(note.row), "column": note.column, "value": note.value, "reason": note.reason}
                            for note in self.notes.itertuples(index=False)]
        if self.adequacy is not None:
            line = self.adequacy.iloc[0]
            summary["minimum_sample"] = int(line["minimum"])
            summary["sample_adequate"] = bool(line["adequate"])
        return summary

    def _group_dict(self, row: pd.Series) -> dict[str, object]:
        known = pd.notna(row["ikm"])
        return {
            "group": _group_value(row[self.by]),
            "n": int(row["n"]),
            "ikm": float(row["ikm_rounded"]) if known else None,
            "grade": row["grade"] if known else None,
            "label": row["label"] if known else None,
            "weight": self.result.weight,
            "nrr": {name: round_half_up(float(row[name]), 4) if pd.notna(row[name]) else None
                    for name in UNSUR_COLUMNS},
        }

    def to_text(self) -> str:
        """Return the report as lines for a terminal."""
        result = self.result
        rejected = int(self.rejects["row"].nunique())
        weight = "exact (1/9)" if result.weight == "exact" else result.weight
        lines = [
            f"Survey: {self.file}",
            f"Respondents: {result.n} ({rejected} {'row' if rejected == 1 else 'rows'} rejected)",
            f"IKM: {result.ikm_rounded:.2f}, grade {result.grade} ({result.label}); weight {weight}",
            "NRR per unsur:",
            *(f"  {_CODES[name]:<3} {_LABELS[name]:<40} {value:.4f}" for name, value in result.nrr.items()),
        ]
        if self.adequacy is not None:
            line = self.adequacy.iloc[0]
            lines.append(f"Sample: {line['warning']}." if line["warning"] else
                         f"Sample: {line['actual']} respondents, at least the minimum {line['minimum']} "
                         f"(Krejcie-Morgan, population {line['population']}).")
        if self.groups is not None and self.by is not None:
            lines += _group_lines(self.groups, self.by)
        if rejected:
            lines.append(f"Rejected rows ({rejected}):")
            lines += [f"  {text}" for text in reject_summary(self.rejects, len(self.rejects))]
        if len(self.notes):
            lines.append(f"Cells left blank in rows that count ({len(self.notes)}):")
            lines += [f"  {text}" for text in reject_summary(self.notes, len(self.notes))]
        return "\n".join(lines)


def _group_lines(groups: pd.DataFrame, by: str) -> list[str]:
    """One line per group: key, n, IKM, grade, label and NRR per unsur."""
    names = [_group_value(value) or "(blank)" for value in groups[by]]
    width = max(len(by), *(len(name) for name in names))
    codes = " ".join(f"{_CODES[name]:>6}" for name in UNSUR_COLUMNS)
    lines = [f"By {by}:", f"  {by:<{width}} {'n':>5} {'IKM':>6} grade label        NRR {codes}"]
    for name, (_, row) in zip(names, groups.iterrows()):
        known = pd.notna(row["ikm"])
        ikm = f"{row['ikm_rounded']:6.2f}" if known else f"{'-':>6}"
        grade_text = f"{row['grade'] if known else '-':<5} {row['label'] if known else '-':<12}"
        nrr_text = " ".join(f"{row[unsur]:6.4f}" if pd.notna(row[unsur]) else f"{'-':>6}"
                            for unsur in UNSUR_COLUMNS)
        lines.append(f"  {name:<{width}} {int(row['n']):>5} {ikm} {grade_text}     {nrr_text}")
    return lines


def _group_value(value: object) -> str | None:
    if pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def survey_report(path: str | Path, weight: str = "exact", by: str | None = None,
                  population: int | None = None) -> SurveyReport:
    """Read a survey export and compute what ``kinerja ikm`` reports.

    Parameters
    ----------
    path
        The export (see :func:`responses_from_file`).
    weight
        See :func:`kinerja.metrics.ikm.ikm_from_nrr`.
    by
        A column to group by: a canonical name or any header of the file,
        matched ignoring case; ``quarter`` or ``semester`` are derived from
        the survey date when the file has no such column.
    population
        People served, for the Krejcie-Morgan minimum sample.

    Raises
    ------
    DataError
        When the file cannot be used, ``by`` names no column, no row is valid
        or nobody answered an unsur.
    """
    path = Path(path)
    checked = _validated_survey(path)
    responses, rejects = checked.frame, checked.rejects
    if responses.empty and rejects.empty:
        raise DataError(f"{path.name} has no responses below its header, so there is no IKM to compute.")
    if responses.empty:
        first = next(iter(reject_summary(rejects, 1)))
        rows = int(rejects["row"].nunique())
        which = "its only row was" if rows == 1 else f"all {rows} rows were"
        raise DataError(f"{path.name} has no valid responses, so there is no IKM to compute; {which} "
                        f"rejected, e.g. {first}.")
    try:
        result = compute_ikm(responses, weight)
        groups = None
        if by is not None:
            responses, by = _group_column(responses, by, path.name)
            groups = ikm_by(responses, by, weight)
        adequacy = None
        if population is not None:
            adequacy = sample_adequacy(pd.Series({path.name: result.n}), {path.name: population})
    except ValueError as error:
        raise DataError(f"{path.name}: {error}") from None
    return SurveyReport(path.name, result, rejects, checked.notes, by, groups, adequacy)
