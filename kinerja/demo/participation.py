"""Citizens in the loop: forum topics (``forum.csv``) and the follow-up register (``tindak_lanjut.xlsx``).

Forums: every kelurahan holds a musrenbang kelurahan in the first quarter of each year and a
rembug warga in about half of the quarters; the kecamatan office and the Puskesmas hold a forum
konsultasi publik each semester. A session raises two to four topics, each about an IKM unsur
(weighted towards the weak ones) or about something else; a topic is answered some days later,
or stays open when that day is after the end of the demo.

Follow-up register: in each quarter after the first, about half of the service units plan an
action on their weakest unsur of the quarter before; forum topics in follow-up get an action; in
the last quarter the Puskesmas whose waiting time jumps gets an action on its complaint surge, and
the kelurahan whose IKM falls (the IKM unit) an action on the flag on its IKM.

Planted (:mod:`kinerja.demo.planted`, item 10): a forum topic of the IKM unit in the last quarter
about its weakest unsur of that quarter; an action done in the quarter before the last, followed
by a better NRR of its unsur in the last quarter (:func:`plant_improvement` makes the survey
show it); an overdue action. One bad row: a response dated before its forum. Drawn from the
streams ``forums``, ``follow_ups`` and ``follow_up_improvement``
(:meth:`~kinerja.demo.generator.Generator.stream`), so every other table keeps its numbers.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from kinerja.data.dictionary import UNSUR
from kinerja.data.vocabulary import FOLLOW_UP_HEADERS, FOLLOW_UP_SOURCE_WORDS, FOLLOW_UP_STATUS_WORDS
from kinerja.data.workbooks import write_table_xlsx
from kinerja.demo.catalogue import catalogue, frozen
from kinerja.demo.generator import Generator, bad_row
from kinerja.demo.planted import (
    FOLLOW_UP_DONE_UNIT,
    FOLLOW_UP_IMPROVEMENT,
    FOLLOW_UP_OVERDUE_DAYS,
    FOLLOW_UP_OVERDUE_UNIT,
    IKM_PLANTED_UNIT,
    WAITING_PLANTED_UNIT,
)
from kinerja.demo.writers import format_days

__all__ = ["FOLLOW_UP_FILE", "FORUM_FILE", "make_follow_ups", "make_forums", "plant_improvement", "unsur_nrr",
           "write_follow_ups"]

FORUM_FILE = "forum.csv"
"""The forum topics, with Indonesian headers and dd/mm/yyyy dates."""
FOLLOW_UP_FILE = "tindak_lanjut.xlsx"
"""The follow-up register, a workbook with a title row above the header."""

_CATALOGUE = frozen(catalogue("participation"))
_UNSUR_NAMES: tuple[str, ...] = tuple(name for name, _, _ in UNSUR)
_LABELS: dict[str, str] = {name: label for name, label, _ in UNSUR}
_WEIGHT_KEYS: tuple[str, ...] = tuple(_CATALOGUE["unsur_weights"])
_WEIGHTS = np.array([_CATALOGUE["unsur_weights"][key] for key in _WEIGHT_KEYS])
_SERVICE_TYPES = ("kecamatan", "kelurahan", "puskesmas")
_SURGE_CATEGORY = "Waktu Tunggu/Antrean"
_FLAG_REF = "IKM"


def unsur_nrr(answers: np.ndarray) -> np.ndarray:
    """The NRR of each of the nine unsur: the sum of the answers given over their number (blanks not counted)."""
    given = ~np.isnan(answers)
    return np.nansum(answers, axis=0) / given.sum(axis=0)


def _code(position: int) -> str:
    return f"U{position + 1}"


def plant_improvement(generator: Generator, answers_of: dict[tuple[str, int], np.ndarray]) -> None:
    """Raise, in place, the last quarter's answers of :data:`FOLLOW_UP_DONE_UNIT` to the unsur of its done action.

    The unsur is the unit's weakest of the quarter two before the last (the findings the action of the
    quarter before the last answers); an answer below 4 is one point higher with probability
    :data:`FOLLOW_UP_IMPROVEMENT`.

    Parameters
    ----------
    generator
        The demo's state.
    answers_of
        The survey answers per (unit code, quarter index), as drawn.
    """
    last = len(generator.quarters) - 1
    position = int(np.argmin(unsur_nrr(answers_of[(FOLLOW_UP_DONE_UNIT, max(0, last - 2))])))
    column = answers_of[(FOLLOW_UP_DONE_UNIT, last)][:, position]
    rng = generator.stream("follow_up_improvement")
    column[(column < 4) & (rng.random(len(column)) < FOLLOW_UP_IMPROVEMENT)] += 1


def _weakest(generator: Generator, unit: str, q: int) -> str:
    """The unsur with the lowest NRR of ``unit`` in quarter index ``q`` (the first of equal ones)."""
    return _UNSUR_NAMES[int(np.argmin(generator.nrr[unit][q]))]


def _written_unsur(name: str, i: int) -> str:
    """An unsur as offices write it, varying: ``U3``, ``Waktu Penyelesaian``, ``U3. Waktu Penyelesaian``."""
    code = _code(_UNSUR_NAMES.index(name))
    return (code, _LABELS[name], f"{code}. {_LABELS[name]}")[i % 3]


def make_forums(generator: Generator) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """``forum.csv``, with the planted topic on the weakest unsur and a response dated before its forum.

    Returns
    -------
    tuple
        The file's frame, and the topics as drawn (canonical values) for :func:`make_follow_ups`.
    """
    rng = generator.stream("forums")
    weekdays = generator.workdays[5]
    in_quarter = generator.quarter_index(weekdays)
    last = len(generator.quarters) - 1
    sessions: list[tuple[date, Any, str, bool]] = []
    for unit in (u for u in generator.units if u.unit_type in _SERVICE_TYPES):
        for q, quarter in enumerate(generator.quarters):
            days = weekdays[in_quarter == q]
            kinds = []
            if unit.unit_type == "kelurahan":
                if quarter.number == 1:
                    kinds.append("musrenbang_kelurahan")
                if rng.random() < 0.5:
                    kinds.append("rembug_warga")
            elif quarter.number in (2, 4):
                kinds.append("forum_konsultasi_publik")
            for kind in kinds:
                # Musrenbang kelurahan is held in January and February.
                span = min(len(days), 40) if kind == "musrenbang_kelurahan" else len(days)
                sessions.append((days[int(rng.integers(span))].astype(object), unit, kind, False))
            if unit.code == IKM_PLANTED_UNIT and q == last:
                sessions.append((days[len(days) // 2].astype(object), unit, "rembug_warga", True))
    topics: list[dict[str, Any]] = []
    for day, unit, kind, planted in sorted(sessions, key=lambda s: (s[0], s[1].code, s[2])):
        participants = int(rng.integers(20, 81))
        groups = {"women": round(participants * rng.uniform(0.3, 0.5)), "disability": int(rng.integers(0, 4)),
                  "leaders": int(rng.integers(2, 9))}
        for t in range(int(rng.integers(2, 5))):
            key = _WEIGHT_KEYS[int(rng.choice(len(_WEIGHT_KEYS), p=_WEIGHTS / _WEIGHTS.sum()))]
            if planted and t == 0:
                key = _weakest(generator, unit.code, last)
            texts = _CATALOGUE["topics"][key]
            responded = day + timedelta(days=int(rng.integers(3, 46)))
            status = str(rng.choice(["answered", "in_follow_up", "closed"], p=[0.4, 0.3, 0.3]))
            if responded > generator.reference or (planted and t == 0):
                status, responded = "open", None
            topics.append({"day": day, "unit": unit, "kind": kind, "participants": participants, **groups,
                           "unsur": None if key == "other" else key, "topic": texts[int(rng.integers(len(texts)))],
                           "status": status, "response": responded, "planted": planted and t == 0})
    numbers: dict[int, int] = {}
    for topic in topics:
        numbers[topic["day"].year] = numbers.get(topic["day"].year, 0) + 1
        topic["id"] = f"FRM-{topic['day'].year}-{numbers[topic['day'].year]:03d}"
    # Planted: the response to a topic of the middle quarter typed a month before its forum.
    middle = generator.quarters[len(generator.quarters) // 2]
    bad = next(i for i, t in enumerate(topics) if t["response"] is not None and t["day"] >= middle.start)
    written_response = [t["response"] for t in topics]
    written_response[bad] = topics[bad]["day"] - timedelta(days=30)
    frame = pd.DataFrame({
        "No Topik": [t["id"] for t in topics],
        "Tanggal Forum": format_days(np.array([t["day"] for t in topics], dtype="datetime64[D]"), "dmy"),
        "Unit": [t["unit"].name if i % 4 == 1 else t["unit"].code for i, t in enumerate(topics)],
        "Jenis Forum": [_CATALOGUE["kinds"][t["kind"]] for t in topics],
        "Jumlah Peserta": [t["participants"] for t in topics],
        "Perempuan": [t["women"] for t in topics],
        "Disabilitas": [t["disability"] for t in topics],
        "Tokoh Masyarakat": [t["leaders"] for t in topics],
        "Topik": [t["topic"] for t in topics],
        "Unsur": [None if t["unsur"] is None else _written_unsur(t["unsur"], i) for i, t in enumerate(topics)],
        "Kategori": [_CATALOGUE["categories"].get(t["unsur"]) for t in topics],
        "Status": [_CATALOGUE["statuses"][t["status"]] for t in topics],
        "Tanggal Tanggapan": ["" if day is None else format_days(np.array([day], dtype="datetime64[D]"), "dmy")[0]
                              for day in written_response],
    })
    generator.bad_rows.append(bad_row("forums", FORUM_FILE, bad + 2, "response_date", "response_before_forum",
                                      frame.at[bad, "Tanggal Tanggapan"], f"forum {frame.at[bad, 'Tanggal Forum']}"))
    planted = next(t for t in topics if t["planted"])
    position = _UNSUR_NAMES.index(planted["unsur"])
    generator.participation["forum_topic_on_weakest_unsur"] = {
        "unit_code": planted["unit"].code, "quarter": generator.quarters[last].label, "topic_id": planted["id"],
        "forum_date": planted["day"].isoformat(), "unsur": planted["unsur"], "code": _code(position),
        "nrr": float(generator.nrr[planted["unit"].code][last][position]),
    }
    generator.participation["forums"] = {"sessions": len(sessions), "topics": len(topics)}
    valid = [t for i, t in enumerate(topics) if i != bad]
    return frame, valid


def _action(q: int, unit: Any, kind: str, ref: str, action: str, due: date, status: str,
            done: date | None, evidence: str | None, planted: str = "") -> dict[str, Any]:
    return {"q": q, "unit": unit, "kind": kind, "ref": ref, "owner": _CATALOGUE["owners"][unit.unit_type],
            "action": action, "due": due, "status": status, "done": done, "evidence": evidence, "planted": planted}


def make_follow_ups(generator: Generator, topics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The actions of the follow-up register, with the planted done and overdue actions.

    Parameters
    ----------
    generator
        The demo's state, after :func:`make_forums`.
    topics
        The valid forum topics, as :func:`make_forums` returns them.

    Returns
    -------
    list of dict
        One action each, in the order of ``tindak_lanjut.xlsx``, with its ``id``.
    """
    rng = generator.stream("follow_ups")
    quarters = generator.quarters
    last = len(quarters) - 1
    evidence = _CATALOGUE["evidence"]
    planted_at = {(FOLLOW_UP_DONE_UNIT, last - 1), (FOLLOW_UP_OVERDUE_UNIT, last - 1)}
    actions: list[dict[str, Any]] = []
    for q in range(1, last + 1):
        quarter = quarters[q]
        for unit in (u for u in generator.units if u.unit_type in _SERVICE_TYPES):
            if (unit.code, q) in planted_at or rng.random() >= 0.5:
                continue
            unsur = _weakest(generator, unit.code, q - 1)
            done_day = quarter.start + timedelta(days=int(rng.integers(20, 101)))
            draw = rng.random()
            if q < last:
                status = "done" if draw < 0.75 else "dropped" if draw < 0.85 else "in_progress"
            else:
                status = "done" if draw < 0.2 and done_day <= generator.reference else (
                    "planned" if draw < 0.6 else "in_progress")
            done = done_day if status == "done" else None
            actions.append(_action(q, unit, "ikm_unsur", _written_unsur(unsur, len(actions)),
                                   _CATALOGUE["actions"][unsur], quarter.end, status, done,
                                   evidence[len(actions) % len(evidence)] if done else None))
    for topic in topics:
        if topic["status"] != "in_follow_up":
            continue
        q = int(generator.quarter_index(np.array([topic["response"]], dtype="datetime64[D]"))[0])
        due = topic["response"] + timedelta(days=60)
        done_day = topic["response"] + timedelta(days=int(rng.integers(5, 71)))
        done = done_day if rng.random() < 0.85 and done_day <= generator.reference else None
        actions.append(_action(q, topic["unit"], "forum_topic", topic["id"], _CATALOGUE["forum_action"],
                               due, "done" if done else "in_progress", done,
                               evidence[len(actions) % len(evidence)] if done else None))
    surge = generator.unit_by_code[WAITING_PLANTED_UNIT]
    actions.append(_action(last, surge, "complaint_surge", _SURGE_CATEGORY, _CATALOGUE["surge_action"],
                           generator.reference + timedelta(days=45), "planned", None, None))
    # The unit whose IKM falls in the last quarter answers the flag on it.
    actions.append(_action(last, generator.unit_by_code[IKM_PLANTED_UNIT], "flag", _FLAG_REF,
                           _CATALOGUE["flag_action"], generator.reference + timedelta(days=30), "planned", None, None))
    before = quarters[last - 1]
    source = max(0, last - 2)
    for code, planted in ((FOLLOW_UP_DONE_UNIT, "done"), (FOLLOW_UP_OVERDUE_UNIT, "overdue")):
        unit = generator.unit_by_code[code]
        unsur = _weakest(generator, code, source)
        due = before.end if planted == "done" else before.start + timedelta(days=FOLLOW_UP_OVERDUE_DAYS)
        done = before.end - timedelta(days=20) if planted == "done" else None
        actions.append(_action(last - 1, unit, "ikm_unsur", _written_unsur(unsur, 0),
                               _CATALOGUE["actions"][unsur], due, "done" if done else "in_progress", done,
                               evidence[0] if done else None, planted))
    actions.sort(key=lambda a: (a["q"], a["unit"].code, a["due"], a["kind"]))
    for number, action in enumerate(actions, start=1):
        action["id"] = f"TL-{number:03d}"
    _record_planted(generator, actions, source)
    return actions


def _record_planted(generator: Generator, actions: list[dict[str, Any]], source: int) -> None:
    """The planted actions as ``ground_truth.json`` records them."""
    last = len(generator.quarters) - 1
    done = next(a for a in actions if a["planted"] == "done")
    unsur = _weakest(generator, done["unit"].code, source)
    position = _UNSUR_NAMES.index(unsur)
    before, after = (float(generator.nrr[done["unit"].code][q][position]) for q in (last - 1, last))
    if after <= before:  # pragma: no cover - the raise is large against the noise
        raise RuntimeError(f"the planted better NRR of {unsur} in {done['unit'].code} did not appear")
    overdue = next(a for a in actions if a["planted"] == "overdue")
    generator.participation["action_done_then_better_nrr"] = {
        "action_id": done["id"], "unit_code": done["unit"].code, "quarter": generator.quarters[last - 1].label,
        "unsur": unsur, "code": _code(position), "weakest_in": generator.quarters[source].label,
        "due_date": done["due"].isoformat(), "done_date": done["done"].isoformat(),
        "nrr_before": before, "nrr_after": after, "nrr_quarters": [generator.quarters[last - 1].label,
                                                                   generator.quarters[last].label],
        "improvement_probability": FOLLOW_UP_IMPROVEMENT,
    }
    generator.participation["overdue_action"] = {
        "action_id": overdue["id"], "unit_code": overdue["unit"].code, "quarter": generator.quarters[last - 1].label,
        "due_date": overdue["due"].isoformat(), "status": overdue["status"],
    }
    generator.participation["follow_ups"] = {"actions": len(actions)}


def write_follow_ups(generator: Generator, actions: list[dict[str, Any]], path: Any) -> None:
    """Write ``tindak_lanjut.xlsx``: a title row, then one row per action, quarters as "Triwulan II 2026"."""
    rows = [[a["id"], generator.quarters[a["q"]].label_id, a["unit"].name, FOLLOW_UP_SOURCE_WORDS[a["kind"]], a["ref"],
             a["owner"], a["action"], a["due"], FOLLOW_UP_STATUS_WORDS[a["status"]], a["done"], a["evidence"]]
            for a in actions]
    write_table_xlsx(path, "Tindak Lanjut", ["RENCANA TINDAK LANJUT HASIL SKM, PENGADUAN DAN FORUM WARGA"],
                     FOLLOW_UP_HEADERS, rows, date_columns=[7, 9])
