"""What every report notebook does the same way: show the parameters, save
headline numbers, show tables and the data-quality annex.

A notebook's parameters cell holds at least ``data`` (``"demo"`` or a data
folder), ``quarter`` (``None`` for the latest complete quarter in the data),
``language`` (``"id"`` or ``"en"``), ``privacy`` and ``output`` (where the
runner wants artefacts; ``None`` when the notebook is opened by hand).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML

from kinerja.core.formatting import number
from kinerja.core.periods import Quarter
from kinerja.core.pseudonyms import pseudonymise
from kinerja.core.text import phrases, say
from kinerja.data.coverage import PER_UNIT, PERIODIC, dataset_coverage
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import TABLES
from kinerja.data.reasons import column_header, reason_in
from kinerja.present.long_tables import mark_rows
from kinerja.present.templating import render

PERSONAL_COLUMNS = frozenset({"nip", "supervisor_nip", "name", "comment", "text", "description", "respondent_id"})
"""Columns whose values identify a person or may quote one; hidden in reports."""
NIP_COLUMNS = frozenset({"nip", "supervisor_nip"})
HIDDEN = "(disembunyikan)"
_NIP_LIKE = re.compile(r"\d(?:[ .]?\d){14,}|\d\.\d+[eE][+]\d+")
"""Digit runs as long as a NIP, spaced or not, and numbers in scientific notation."""


def parameters_table(parameters: dict[str, Any], language: str = "id") -> pd.DataFrame:
    """Return the parameters of a run as a two-column table, indexed by the parameter's label.

    Whole numbers are written with the language's thousands separator (``2.000``); other values as they are.
    """
    words = phrases("parameter.header", language)
    rows = [(name, _parameter_value(value, language)) for name, value in parameters.items()]
    return pd.DataFrame(rows, columns=[words["name"], words["value"]]).set_index(words["name"])


def _parameter_value(value: object, language: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value, 0, language)
    return str(value)


def parameters_block(parameters: dict[str, Any], language: str = "id") -> HTML:
    """Show a report's parameters folded away under "Parameter teknis", with their labels in ``language``.

    Parameters
    ----------
    parameters
        Label -> value, labels already in ``language`` (e.g. a page's ``parameters()``).
    language
        ``"id"`` or ``"en"``.
    """
    shown = _html(parameters_table(parameters, language).reset_index())
    return HTML(render("parameters.html.j2", table=shown, language=language))


def language_name(language: str) -> str:
    """The name of a report language in that language: ``Bahasa Indonesia``, ``English``."""
    return say(f"parameter.language_name.lang_{language}", language)


def privacy_name(level: str, language: str = "id") -> str:
    """A privacy level (``leadership``, ``internal``, ``research``) as a page in ``language`` names it."""
    return say(f"parameter.privacy_level.{level}", language)


def escape_markdown(text: object) -> str:
    """Escape text from data before it goes into Markdown, so it shows as written and never as markup."""
    escaped = html.escape(str(text), quote=True)
    return re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", escaped)


def table(frame: pd.DataFrame, misses: Sequence[bool] | None = None) -> HTML:
    """Show a table for reading: no index column, every cell escaped, long texts in full.

    ``misses`` says per row whether it misses its standard: those rows are highlighted, and a long table shows
    them first with the others folded away (:mod:`kinerja.present.long_tables`).
    """
    return HTML(_html(frame) if misses is None else mark_rows(_html(frame), misses))


def save_headlines(output: str | Path | None, notebook: str, *, title: str, quarter: str,
                   headlines: list[dict[str, str]], attention: list[dict[str, str]],
                   details: dict[str, Any] | None = None) -> Path | None:
    """Save what a notebook tells leadership, for the summary (``ringkasan_pimpinan``).

    Parameters
    ----------
    output
        The run's output folder; None (a notebook opened by hand) saves nothing.
    notebook
        The notebook's name, e.g. ``"kepuasan_masyarakat"``.
    title
        The report's title.
    quarter
        The quarter covered, e.g. ``"2026-Q3"``.
    headlines
        Key numbers, already formatted: ``{"label", "value", "change"}`` each.
    attention
        What needs attention: ``{"unit", "why"}`` each, in plain words.
    details
        Anything else the summary shows for this report (JSON-serialisable).
    """
    if output is None:
        return None
    folder = Path(output) / "artefacts"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{notebook}.json"
    artefact = {"notebook": notebook, "title": title, "quarter": quarter, "headlines": headlines,
                "attention": attention, "details": details or {}}
    path.write_text(json.dumps(artefact, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path


def load_headlines(output: str | Path | None) -> list[dict[str, Any]]:
    """Return the artefacts saved by :func:`save_headlines` in a run's folder, by notebook name."""
    if output is None:
        return []
    folder = Path(output) / "artefacts"
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]


REPORT_STATES = "reports.json"
"""File of a run's folder saying how each report went: written by the runner before the summary runs."""


def load_report_states(output: str | Path | None) -> dict[str, list]:
    """How the run went, for the summary; empty lists outside a run.

    Returns
    -------
    dict
        ``reports``: per report ``name``, ``title``, ``status`` (ok, skipped,
        failed), ``reason``, ``skipped_sections``; ``warnings``: one sentence
        per table with too many rows rejected.
    """
    if output is None or not (Path(output) / REPORT_STATES).is_file():
        return {"reports": [], "warnings": []}
    return json.loads((Path(output) / REPORT_STATES).read_text(encoding="utf-8"))


def attention_by_unit(artefacts: list[dict[str, Any]]) -> pd.DataFrame:
    """Gather what needs attention from every report, one row per unit, most reasons first.

    Returns
    -------
    pandas.DataFrame
        ``unit``, ``reasons`` (one line per reason), ``reports`` (the reports
        that raised them) and ``count``; ties keep the order the reports gave.
    """
    rows: dict[str, dict[str, list[str]]] = {}
    for artefact in artefacts:
        for item in artefact["attention"]:
            entry = rows.setdefault(item["unit"], {"reasons": [], "reports": []})
            entry["reasons"].append(item["why"])
            if artefact["title"] not in entry["reports"]:
                entry["reports"].append(artefact["title"])
    table = pd.DataFrame(
        [{"unit": unit, "reasons": "\n".join(entry["reasons"]), "reports": "; ".join(entry["reports"]),
          "count": len(entry["reasons"])} for unit, entry in rows.items()],
        columns=["unit", "reasons", "reports", "count"],
    )
    return table.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)


def quality_annex(dataset: Dataset, tables: list[str], language: str = "id") -> pd.DataFrame:
    """Return the rejected rows of ``tables``, for a report's data-quality annex.

    Reports are read beyond the restricted circle at every privacy level, so
    the values of personal columns (NIP, names, free text) are hidden; the row
    number still lets an evaluator find them in the file or in the run's
    restricted ``rejects_full.csv``.

    Parameters
    ----------
    dataset
        The loaded data.
    tables
        Canonical names of the tables the report reads.
    language
        ``"id"`` or ``"en"``: the headers (Tabel, Berkas, Baris, Kolom, Nilai,
        Alasan) and the reasons are in this language, from the text catalogue.
        In Indonesian, a table is named as readers call it (``pegawai``) and a
        column by the header exports give it (``Waktu Lapor``); in English
        both keep the data dictionary's names.
    """
    return _annex_rows(dataset.rejects, tables, language)


ANNEX_ROWS = 200
"""Rejected rows a page lists one by one; past this, the page counts them by reason (all are in ``rejects.csv``)."""
ANNEX_REASONS = 20
"""Most frequent reasons a page counts when it does not list every rejected row."""


def annex_table(annex: pd.DataFrame, language: str = "id", limit: int = ANNEX_ROWS) -> HTML:
    """Show rejected rows on a page: all of them, or past ``limit`` the most frequent reasons and the first rows.

    A file whose rows are mostly rejected can hold hundreds of thousands of
    rejects; a page listing them all would weigh hundreds of megabytes. The
    run's ``rejects.csv`` keeps every one.

    Parameters
    ----------
    annex
        Rejects as :func:`quality_annex` gives them (headers in ``language``).
    language
        ``"id"`` or ``"en"``.
    limit
        Rows listed one by one.
    """
    return HTML(annex_html(annex, language, limit))


def annex_html(annex: pd.DataFrame, language: str = "id", limit: int = ANNEX_ROWS) -> str:
    """The HTML of :func:`annex_table`, for pages built outside a notebook (the run's annex)."""
    listed = _html(annex.head(limit))
    if len(annex) <= limit:
        return listed
    column = phrases("rejects.column", language)
    grouped = (annex.groupby([column["table"], column["column"], column["reason"]], sort=False).size()
               .rename(column["row"]).sort_values(ascending=False, kind="stable").head(ANNEX_REASONS).reset_index())
    grouped[column["row"]] = grouped[column["row"]].map(lambda n: number(n, 0, language))
    lead = say("pages.annex_overview", language, n=number(len(annex), 0, language), reasons=len(grouped),
               limit=number(limit, 0, language))
    return f"<p>{html.escape(lead)}</p>\n{_html(grouped)}\n{listed}"


def _html(frame: pd.DataFrame) -> str:
    shown = frame.astype(object).where(frame.notna(), "–")
    # Line breaks inside a cell (several reasons) are kept as lines.
    return shown.to_html(index=False, escape=True, border=0).replace("\\n", "<br>")


def notes_annex(dataset: Dataset, tables: list[str], language: str = "id") -> pd.DataFrame:
    """Return the notes on kept rows of ``tables`` (a cell blanked or filled in), shown as :func:`quality_annex` shows rejects."""
    return _annex_rows(dataset.notes, tables, language)


def _annex_rows(rows: pd.DataFrame, tables: list[str], language: str) -> pd.DataFrame:
    unknown = [name for name in tables if name not in TABLES]
    if unknown:
        raise ValueError(f"no table called {unknown[0]!r}; the tables are {', '.join(TABLES)}")
    chosen = rows[rows["table"].isin(tables)]
    # Said in the language first, so that hiding finds the values in the sentence it shows.
    shown = hide_personal_values(chosen.assign(reason=reason_in(chosen, language)))
    shown = shown.sort_values(["table", "row"], kind="stable").reset_index(drop=True)
    if language != "en":
        shown = shown.assign(table=shown["table"].map(lambda name: table_label(name, language)),
                             column=shown["column"].map(column_header))
    return shown.rename(columns=dict(phrases("rejects.column", language)))


def table_label(name: str, language: str = "id") -> str:
    """A table as a page names it in ``language``: ``pegawai`` for employees; in English the dictionary's name."""
    return name if language == "en" else say(f"coverage.short.{name}", language)


def coverage_annex(dataset: Dataset, quarter: Quarter, language: str = "id") -> pd.DataFrame:
    """Each dated table's span and whether it covers ``quarter``: table, file, first and last date, rows, this quarter."""
    words = phrases("coverage.annex_columns", language)
    rows = [{words["table"]: table_label(name, language), words["file"]: dataset.counts[name].file if name in dataset.counts else "",
             words["first"]: span.first.strftime("%d/%m/%Y") if span.first else "–",
             words["last"]: span.last.strftime("%d/%m/%Y") if span.last else "–",
             words["rows"]: number(span.rows, 0, language),
             words["quarter"]: say(f"coverage.state.{span.state(quarter)}", language) if name in PERIODIC else "–"}
            for name, span in dataset_coverage(dataset).items()]
    return pd.DataFrame(rows, columns=[words[key] for key in ("table", "file", "first", "last", "rows", "quarter")])


def unit_coverage_annex(dataset: Dataset, quarter: Quarter, units: pd.DataFrame | None = None,
                        language: str = "id") -> pd.DataFrame:
    """The units whose own rows cover ``quarter`` less than their table does: table, unit, first and last date, state.

    A unit whose log stops early is unknown for the rest of the quarter, not
    silent; this lists where that happens, so a reader can tell the two apart.
    """
    words = phrases("coverage.annex_columns", language)
    names = {} if units is None else dict(zip(units["unit_code"], units["unit_name"], strict=False))
    rows = []
    for name, span in dataset_coverage(dataset).items():
        if name not in PER_UNIT or span.by_unit is None or span.state(quarter) == "none":
            continue
        for unit in span.by_unit.itertuples(index=False):
            own = replace(span, first=unit.first, last=unit.last, rows=int(unit.rows), by_unit=None)
            if own.state(quarter) != span.state(quarter):
                rows.append({words["table"]: table_label(name, language), words["unit"]: names.get(unit.unit_code, unit.unit_code),
                             words["first"]: unit.first.strftime("%d/%m/%Y"),
                             words["last"]: unit.last.strftime("%d/%m/%Y"),
                             words["quarter"]: say(f"coverage.state.{own.state(quarter)}", language)})
    columns = [words[key] for key in ("table", "unit", "first", "last", "quarter")]
    return pd.DataFrame(rows, columns=columns)


def implausible_annex(days: pd.DataFrame, employees: pd.DataFrame, units: pd.DataFrame,
                      language: str = "id") -> pd.DataFrame:
    """The days with more than 16 hours of activities, by unit and date, without the person.

    Parameters
    ----------
    days
        :func:`kinerja.metrics.work_minutes.implausible_days` (``nip``, ``day``, ``minutes``, ``activities``).
    employees, units
        The employees and units tables, for each day's unit name.
    language
        ``"id"`` or ``"en"``.

    Returns
    -------
    pandas.DataFrame
        Unit, date, minutes and activities, headers in ``language``; empty when there are no such days.
    """
    words = phrases("pages.implausible_columns", language)
    columns = [words[key] for key in ("unit", "day", "minutes", "activities")]
    if days.empty:
        return pd.DataFrame(columns=columns)
    unit_of = employees.drop_duplicates("nip").set_index("nip")["unit_code"]
    name_of = units.set_index("unit_code")["unit_name"]
    codes = days["nip"].map(unit_of)
    return pd.DataFrame({
        columns[0]: codes.map(name_of).fillna(codes).to_numpy(),
        columns[1]: pd.to_datetime(days["day"]).dt.strftime("%d/%m/%Y").to_numpy(),
        columns[2]: [number(value, 0, language) for value in days["minutes"]],
        columns[3]: [number(value, 0, language) for value in days["activities"]],
    })


def hide_personal_values(rejects: pd.DataFrame, key: bytes | None = None) -> pd.DataFrame:
    """Hide the values of personal columns in rejects, in the value and in the reason.

    Parameters
    ----------
    rejects
        Rejects as in ``Dataset.rejects`` (``column``, ``value``, ``reason``).
    key
        A pseudonym key (:func:`kinerja.core.pseudonyms.load_key`): NIPs then become
        their keyed pseudonyms, so a researcher can match a reject to the
        research extract; other personal values are hidden.
    """
    rejects = rejects.copy()
    values = rejects["value"].astype(str)
    personal = rejects["column"].isin(PERSONAL_COLUMNS)
    shown = pd.Series(HIDDEN, index=rejects.index, dtype="object")
    if key is not None:
        nips = rejects["column"].isin(NIP_COLUMNS) & rejects["value"].notna()
        shown[nips] = pseudonymise(values[nips], key).astype(object)
    rejects["reason"] = [
        _mask_numbers(reason.replace(value, new) if hide and value else reason)
        for reason, value, new, hide in zip(rejects["reason"], values, shown, personal)
    ]
    rejects["value"] = rejects["value"].astype(object).where(~personal, shown)
    return rejects


def _mask_numbers(text: str) -> str:
    return _NIP_LIKE.sub(HIDDEN, text)
