"""Proposed follow-up actions (tindak lanjut) from a quarter's findings, as a workbook the units complete.

:func:`propose_actions` reads the quarter's one evaluation
(:class:`~kinerja.quarter.evaluation.QuarterResults`) and proposes, per
unit, an action on each finding that asks for one:

- ``ikm_unsur``: the unit's weakest unsur of the SKM, with the first step
  the IKM page gives for it (:data:`kinerja.metrics.ikm.UNSUR_MEANING`);
- ``complaint_surge``: a jump in the unit's complaints;
- ``flag``: a unit indicator flagged below its standard or worse than its
  past (:func:`kinerja.metrics.flags.flag_metrics`);
- ``forum_topic``: a topic raised at a forum and still without a response.

A finding that already has an action planned in the quarter (the same unit,
source kind and source) is not proposed again. Nothing is recomputed.

:func:`write_action_draft` writes the proposals as the follow-up register is
written (:data:`kinerja.data.vocabulary.FOLLOW_UP_HEADERS`: the same Indonesian headers, unit
names, source and status words), with a column that says why each action is
proposed. Once a unit names the jabatan responsible (Penanggung Jawab: a
position, never a person), its rows read back as valid ``tindak_lanjut.xlsx``
rows; the loader keeps the extra column as one it does not know.

The draft names no person: the findings are about units, and the employees'
names given are masked in the topics citizens wrote
(:func:`kinerja.core.privacy.mask_names`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from kinerja.core.formatting import number
from kinerja.core.periods import Quarter
from kinerja.core.privacy import mask_names
from kinerja.core.text import say
from kinerja.data.vocabulary import (
    FOLLOW_UP_HEADERS,
    FOLLOW_UP_SOURCE_WORDS,
    FOLLOW_UP_STATUS_WORDS,
    normalise_header,
    unsur_named,
)
from kinerja.data.workbooks import write_table_xlsx
from kinerja.metrics.ikm import UNSUR_MEANING
from kinerja.quarter.evaluation import QuarterResults

__all__ = ["DRAFT_COLUMNS", "DRAFT_FILE", "SOURCE_KINDS", "propose_actions", "write_action_draft"]

SOURCE_KINDS: tuple[str, ...] = ("ikm_unsur", "complaint_surge", "flag", "forum_topic")
"""The findings an action is proposed for, in the order a unit's proposals are listed."""
DRAFT_COLUMNS: tuple[str, ...] = ("action_id", "quarter", "unit_code", "source_kind", "source_ref", "owner_position",
                                  "action", "due_date", "status", "finding")
"""The columns of :func:`propose_actions`: those of the follow_ups table, and ``finding``."""
DRAFT_FILE = "tindak_lanjut_usulan.xlsx"
"""The draft's file name, beside the quarter's reports."""

_PROPOSED = ("unit_code", "source_kind", "source_ref", "action", "finding")
"""What a finding itself proposes; the other columns are the same for every proposal."""
_TEXT = "cli.tindak_lanjut"
"""The draft's words in the text catalogue."""


def propose_actions(results: QuarterResults, units: pd.DataFrame, language: str = "id", *,
                    employee_names: Iterable[str] = (), due_date: date | None = None) -> pd.DataFrame:
    """Propose a follow-up action for each finding of the quarter that has none planned yet.

    Parameters
    ----------
    results
        The quarter's evaluation; only its tables are read.
    units
        The units table: the proposals are listed unit by unit in its order.
    language
        ``"id"`` (default) or ``"en"``, for the findings and the suggested
        actions; the first steps on an unsur, the flags' messages and the
        topics stay Indonesian, as on the pages.
    employee_names
        Names masked wherever a topic citizens wrote mentions them.
    due_date
        The due date of every proposal; default the last day of the quarter
        after the evaluated one.

    Returns
    -------
    pandas.DataFrame
        One row per proposal, columns :data:`DRAFT_COLUMNS`: ``action_id``
        (``USL-2026Q3-001``), ``quarter`` (the evaluated one), ``unit_code``,
        ``source_kind`` (one of :data:`SOURCE_KINDS`), ``source_ref`` (the
        unsur as ``U3. Waktu Penyelesaian``, the flagged indicator's label,
        the topic's id, or the topic when it has none), ``owner_position``
        (blank: the unit names a jabatan), ``action`` (suggested),
        ``due_date``, ``status`` (``planned``) and ``finding`` (why it is
        proposed).
    """
    names = tuple(employee_names)
    proposals = [*_on_weakest_unsur(results, language), *_on_surges(results, language),
                 *_on_flags(results, language), *_on_open_topics(results, language, names)]
    planned = results.participation.new_actions[["unit_code", "source_kind", "source_ref"]]
    registered = {(unit, kind, _same_source(kind, ref)) for unit, kind, ref in planned.itertuples(index=False)}
    fresh = [found for found in proposals
             if registered.isdisjoint((found["unit_code"], found["source_kind"], key) for key in found["keys"])]
    frame = pd.DataFrame(fresh, columns=[*_PROPOSED, "keys"])
    order = {code: position for position, code in enumerate(units["unit_code"])}
    frame = frame.assign(
        unit_order=frame["unit_code"].map(order).fillna(len(order)),
        kind_order=frame["source_kind"].map({kind: position for position, kind in enumerate(SOURCE_KINDS)}),
    ).sort_values(["unit_order", "unit_code", "kind_order"], kind="stable").reset_index(drop=True)
    quarter = results.quarter
    return frame.assign(
        action_id=[f"USL-{quarter.year}Q{quarter.number}-{n:03d}" for n in range(1, len(frame) + 1)],
        quarter=quarter.label, owner_position=None, due_date=pd.Timestamp(due_date or quarter.next().end),
        status="planned",
    )[list(DRAFT_COLUMNS)]


def _same_source(kind: str, ref: object) -> str | None:
    """The source an action of ``kind`` answers, as two spellings of it compare equal.

    The unsur named for ``ikm_unsur``; the reference ignoring case, spaces and
    punctuation for a flag or a forum topic; nothing for a complaint surge,
    since a unit's complaints surge at most once a quarter.
    """
    if kind == "complaint_surge" or not isinstance(ref, str):
        return None
    return unsur_named(ref) if kind == "ikm_unsur" else normalise_header(ref)


def _proposal(unit: str, kind: str, ref: str, action: str, finding: str, *aliases: str) -> dict[str, Any]:
    """One proposal; ``keys``: its source as :func:`_same_source` reads ``ref`` and any other name it goes by."""
    return {"unit_code": unit, "source_kind": kind, "source_ref": ref, "action": action, "finding": finding,
            "keys": tuple(_same_source(kind, name) for name in (ref, *aliases))}


def _on_weakest_unsur(results: QuarterResults, language: str) -> list[dict[str, Any]]:
    """Per unit surveyed, its weakest unsur: what a low NRR means as the finding, the first step as the action."""
    proposals = []
    for row in results.satisfaction.weakest.to_dict("records"):
        meaning, _, step = UNSUR_MEANING[row["unsur"]].partition("; ")
        finding = say(f"{_TEXT}.finding.ikm_unsur", language, nrr=number(row["nrr"], 2, language), meaning=meaning)
        proposals.append(_proposal(row["unit_code"], "ikm_unsur", f"{row['code']}. {row['label']}",
                                   step[:1].upper() + step[1:], finding))
    return proposals


def _on_surges(results: QuarterResults, language: str) -> list[dict[str, Any]]:
    """Per unit whose complaints surged: received against the mean of the quarters before."""
    quarter = results.quarter.label_id if language == "id" else results.quarter.label_en
    return [_proposal(row["unit_code"], "complaint_surge", say(f"{_TEXT}.surge_ref", language),
                      say(f"{_TEXT}.action.complaint_surge", language),
                      say(f"{_TEXT}.finding.complaint_surge", language, received=number(row["received"], 0, language),
                          quarter=quarter, mean=number(row["previous_mean"], 1, language)))
            for row in results.satisfaction.surges.to_dict("records")]


def _on_flags(results: QuarterResults, language: str) -> list[dict[str, Any]]:
    """Per flagged indicator of a unit: the flag's message as the finding; known by its label or its name."""
    flags = results.units.flags
    flagged = flags[flags["flagged"].fillna(False).astype(bool)]
    return [_proposal(row["unit_code"], "flag", row["label"],
                      say(f"{_TEXT}.action.flag", language, indicator=row["label"]), row["message"], row["metric"])
            for row in flagged.to_dict("records")]


def _on_open_topics(results: QuarterResults, language: str, names: tuple[str, ...]) -> list[dict[str, Any]]:
    """Per topic still without a response: the topic (names masked) and its age as the finding."""
    still_open = results.participation.open_topics
    topics = mask_names(still_open["topic"].astype("str"), names)
    ids = still_open["topic_id"] if "topic_id" in still_open else pd.Series(pd.NA, index=still_open.index)
    proposals = []
    for unit, topic_id, topic, days in zip(still_open["unit_code"], ids, topics, still_open["age_days"]):
        ref = topic if pd.isna(topic_id) else str(topic_id)
        finding = say(f"{_TEXT}.finding.forum_topic", language, topic=topic, days=number(days, 0, language))
        proposals.append(_proposal(unit, "forum_topic", ref, say(f"{_TEXT}.action.forum_topic", language), finding))
    return proposals


def write_action_draft(proposals: pd.DataFrame, path: str | Path, units: pd.DataFrame,
                       language: str = "id") -> Path:
    """Write the proposals as a workbook in the follow-up register's layout, for the units to complete.

    A title row and a note on how to complete it stand above the header
    (:data:`~kinerja.data.vocabulary.FOLLOW_UP_HEADERS` and the finding);
    units are written by name, quarters as "Triwulan III 2026", sources and
    statuses in the register's Indonesian words. The file is written beside
    ``path`` and moved into place when complete.

    Parameters
    ----------
    proposals
        As :func:`propose_actions` returns them.
    path
        The ``.xlsx`` file to write; its folder is created when missing.
    units
        The units table, for the units' names (a code it lacks is written as is).
    language
        ``"id"`` (default) or ``"en"``, for the title, the note and the finding's
        header; the headers the loader reads stay Indonesian.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    target = Path(path)
    names = dict(zip(units["unit_code"], units["unit_name"]))
    rows = [[row["action_id"], Quarter.parse(row["quarter"]).label_id, names.get(row["unit_code"], row["unit_code"]),
             FOLLOW_UP_SOURCE_WORDS[row["source_kind"]], row["source_ref"],
             None if pd.isna(row["owner_position"]) else row["owner_position"], row["action"],
             pd.Timestamp(row["due_date"]).date(), FOLLOW_UP_STATUS_WORDS[row["status"]], None, None, row["finding"]]
            for row in proposals.to_dict("records")]
    header = [*FOLLOW_UP_HEADERS, say(f"{_TEXT}.finding_header", language)]
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        write_table_xlsx(Path(scratch), "Tindak Lanjut", [say(f"{_TEXT}.title", language),
                                                          say(f"{_TEXT}.note", language)],
                         header, rows, date_columns=[FOLLOW_UP_HEADERS.index("Batas Waktu")])
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return target
