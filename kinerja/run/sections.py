"""Which sections of a notebook the data can fill, decided before its kernel starts.

A notebook declares what each section needs by tagging the section's cells
``needs-<table>`` (``needs-complaints``; several tags: every one is needed).
Before a run executes a notebook, :func:`plan_notebook` looks at the data:

* a section whose table is absent, or holds no row for the quarter, is left
  out; its heading stays, followed by one sentence saying which data are
  missing and that the section was skipped;
* a section whose table covers only part of the quarter runs, under a
  warning naming the span the data cover;
* a notebook none of whose tables is usable is *skipped* (``dilewati``): it is
  not executed, it does not make the run fail, and the summary lists it with
  the missing tables.

Cells without a ``needs-`` tag always run: the set-up, the headlines, the
annex. They read the quarter's evaluation, which says itself what it could
not compute.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Literal

import nbformat

from kinerja.core.periods import Quarter
from kinerja.core.text import say
from kinerja.data.coverage import PERIODIC, dataset_coverage, quarter_note
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import TABLES
from kinerja.data.quality import REJECT_WARNING, reject_shares

__all__ = ["NEEDS_TAG", "NotebookPlan", "TableState", "needed_tables", "plan_notebook", "sections_needing",
           "table_states"]

NEEDS_TAG = "needs-"
"""Prefix of the cell tags that name a table a section needs."""

State = Literal["absent", "withheld", "none", "partial", "full"]


@dataclass(frozen=True)
class TableState:
    """Whether one table can serve the quarter, and the sentence that says why not.

    ``withheld``: read, but most of its rows were rejected
    (:func:`kinerja.data.quality.withhold_unusable`). ``warning`` is a
    sentence shown above the sections that use a table: a quarter covered
    only in part, or more rows rejected than the warning threshold.
    """

    table: str
    state: State
    note: str | None = None
    warning: str | None = None

    @property
    def usable(self) -> bool:
        """Whether sections that need the table run (fully or partly covered)."""
        return self.state in ("partial", "full")


@dataclass
class NotebookPlan:
    """A notebook as it will run: the cells kept, and what was left out and why.

    Attributes
    ----------
    notebook
        The notebook to execute (sections without data replaced by a note).
    needs
        Every table the notebook's sections declare.
    states
        Whether each of them can serve the quarter.
    skipped_sections
        Headings of the sections left out.
    warnings
        Sentences shown because a table covers only part of the quarter.
    kept_cells
        How many cells that declare a table stay.
    """

    notebook: nbformat.NotebookNode
    needs: list[str]
    states: dict[str, TableState]
    skipped_sections: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kept_cells: int = 0

    def reason(self, tables: list[str], language: str = "id") -> str:
        """Why ``tables`` cannot serve the quarter, in one sentence per kind of reason."""
        absent = [table for table in tables if self.states[table].state == "absent"]
        sentences = [say("coverage.absent", language, table=_capital(_names(absent, language)))] if absent else []
        sentences += [self.states[table].note or "" for table in tables if table not in absent]
        return " ".join(sentences)

    @property
    def skipped(self) -> bool:
        """Whether the notebook has nothing to show: every cell that declares a table is left out."""
        return bool(self.needs) and self.kept_cells == 0

    @property
    def unusable(self) -> list[str]:
        """The declared tables that are absent or do not cover the quarter."""
        return [table for table in self.needs if not self.states[table].usable]


def needed_tables(notebook: nbformat.NotebookNode) -> list[str]:
    """The tables a notebook's cells declare, in dictionary order.

    Raises
    ------
    ValueError
        When a tag names no table of the data dictionary (a typo would skip a section for ever).
    """
    named = {tag[len(NEEDS_TAG):] for cell in notebook.cells for tag in _tags(cell) if tag.startswith(NEEDS_TAG)}
    unknown = sorted(named - set(TABLES))
    if unknown:
        raise ValueError(f"the tag {NEEDS_TAG}{unknown[0]} names no table; the tables are {', '.join(TABLES)}.")
    return [name for name in TABLES if name in named]


def sections_needing(notebook: nbformat.NotebookNode) -> dict[str, list[str]]:
    """For each table a notebook declares, the (second-level) headings of the sections that need it, in order."""
    found: dict[str, list[str]] = {}
    for cell in notebook.cells:
        heading = cell.cell_type == "markdown" and cell.source.lstrip().startswith("## ")
        for tag in _tags(cell):
            if heading and tag.startswith(NEEDS_TAG):
                found.setdefault(tag[len(NEEDS_TAG):], []).append(cell.source.lstrip("# ").splitlines()[0])
    return found


def table_states(dataset: Dataset, quarter: Quarter, tables: list[str], language: str = "id",
                 reject_warning: float = REJECT_WARNING) -> dict[str, TableState]:
    """For each table: absent, not covering ``quarter``, covering part of it, or covering all of it.

    Only a periodic table (:data:`~kinerja.data.coverage.PERIODIC`) is judged by its dates; a one-off
    collection such as the change survey serves every quarter.
    """
    spans = dataset_coverage(dataset)
    shares = reject_shares(dataset)
    states: dict[str, TableState] = {}
    for table in tables:
        rejected = shares[table].describe(language) if table in shares else None
        if table in dataset.withheld:
            states[table] = TableState(table, "withheld", say("coverage.unusable", language, share=rejected))
            continue
        if not dataset.has(table):
            states[table] = TableState(table, "absent", say("coverage.absent", language,
                                                            table=_capital(_names([table], language))))
            continue
        state: State = spans[table].state(quarter) if table in PERIODIC and table in spans else "full"
        note = quarter_note(spans[table], quarter, language) if state != "full" else None
        warnings = [_capital(note)] if note and state == "partial" else []
        if table in shares and shares[table].level(warning=reject_warning, limit=1.0) == "warning":
            warnings.append(rejected)
        states[table] = TableState(table, state, _capital(note) if note else None, " ".join(warnings) or None)
    return states


def plan_notebook(notebook: nbformat.NotebookNode, dataset: Dataset, quarter: Quarter,
                  language: str = "id", reject_warning: float = REJECT_WARNING) -> NotebookPlan:
    """Decide which sections of ``notebook`` run on ``dataset`` for ``quarter``.

    Parameters
    ----------
    notebook
        The notebook (already reduced to the run's language); not changed.
    dataset
        The data of the run.
    quarter
        The quarter evaluated.
    language
        The language of the notes put in place of skipped sections.
    reject_warning
        The rejected share of a table past which its sections carry a warning.
    """
    needs = needed_tables(notebook)
    states = table_states(dataset, quarter, needs, language, reject_warning)
    plan = NotebookPlan(copy.deepcopy(notebook), needs, states)
    cells: list[nbformat.NotebookNode] = []
    noted: tuple[str, ...] | None = None
    for cell in plan.notebook.cells:
        wanted = tuple(tag[len(NEEDS_TAG):] for tag in _tags(cell) if tag.startswith(NEEDS_TAG))
        missing = tuple(table for table in wanted if not states[table].usable)
        if not wanted:
            cells.append(cell)
            noted = None
            continue
        heading = cell.cell_type == "markdown" and cell.source.lstrip().startswith("#")
        if missing:
            if heading:
                cells.append(cell)
                if cell.source.lstrip().startswith("## "):  # the sections a reader sees in the contents
                    plan.skipped_sections.append(cell.source.lstrip("# ").splitlines()[0])
            if missing != noted:
                cells.append(_note(f"{plan.reason(list(missing), language)} {say('coverage.section_skipped', language)}"))
                noted = missing
            continue
        noted = None
        cells.append(cell)
        plan.kept_cells += 1
        warnings = [states[table].warning for table in wanted if states[table].warning]
        if heading and warnings:
            plan.warnings += [warning for warning in warnings if warning not in plan.warnings]
            cells.append(_note(" ".join(warnings)))
    plan.notebook.cells = cells
    return plan


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _names(tables: list[str], language: str) -> str:
    """``data SKP, perilaku kerja dan aktivitas``: the tables' short names after one word for data."""
    names = [say(f"coverage.short.{table}", language) for table in tables]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {say('coverage.and', language)} {names[-1]}"
    return say("coverage.data_of", language, names=joined)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _note(text: str) -> nbformat.NotebookNode:
    """A Markdown cell with one sentence about missing or partial data."""
    return nbformat.v4.new_markdown_cell(f"> ⚠ {text}", metadata={"tags": ["kinerja-data-note"]})
