"""What ``ringkasan_pimpinan`` shows: the leadership summary, from the headlines the other reports saved.

Each report saves its headlines, the units that need attention and a few
details (:func:`kinerja.present.report.save_headlines`); every one of those
numbers comes from the quarter's one evaluation. The functions here arrange
them for the summary page, in the language of the run, with the words of the
text catalogue (``ringkasan.*``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kinerja.core.text import phrases, say
from kinerja.present.report import attention_by_unit, escape_markdown

__all__ = ["RESEARCH_HEADLINES", "attention_caveat", "attention_details", "grades_table", "key_numbers",
           "predikat_section", "reports_section", "training_section"]

Artefacts = list[dict[str, Any]]

RESEARCH_HEADLINES: dict[str, tuple[str, ...] | None] = {
    "resistensi_perubahan": None,
    "klaster_pelatihan": ("klaster.headline_clusters",),
}
"""Headlines that are research statistics (reliability, cluster stability), left to the research pages: per
notebook, the catalogue keys of their labels, or None for all of its headlines."""


def _by_name(artefacts: Artefacts) -> dict[str, dict[str, Any]]:
    return {artefact["notebook"]: artefact for artefact in artefacts}


def attention_details(artefacts: Artefacts) -> str:
    """Markdown: per unit, most reasons first, every reason the reports gave, with links to those reports."""
    pages = {artefact["title"]: f"{artefact['notebook']}.html" for artefact in artefacts}
    lines = []
    for row in attention_by_unit(artefacts).itertuples(index=False):
        reports = ", ".join(f"[{escape_markdown(title)}]({pages[title]})" for title in row.reports.split("; "))
        lines.append(f"- **{escape_markdown(row.unit)}** ({reports})")
        lines += [f"    - {escape_markdown(reason)}" for reason in row.reasons.splitlines()]
    return "\n".join(lines)


def key_numbers(artefacts: Artefacts, language: str = "id") -> pd.DataFrame:
    """The reports' headlines for leadership (not :data:`RESEARCH_HEADLINES`): measure, value, change, report."""
    words = phrases("ringkasan.summary", language)
    columns = [words["label"], words["value"], words["change"], words["source"]]
    return pd.DataFrame([[item["label"], item["value"], item.get("change", ""), artefact["title"]]
                         for artefact in artefacts for item in artefact["headlines"]
                         if not _is_research(artefact["notebook"], item["label"], language)], columns=columns)


def _is_research(notebook: str, label: str, language: str) -> bool:
    if notebook not in RESEARCH_HEADLINES:
        return False
    keys = RESEARCH_HEADLINES[notebook]
    return keys is None or label in {say(key, language) for key in keys}


def grades_table(artefacts: Artefacts, language: str = "id") -> pd.DataFrame | None:
    """IKM and grade per unit from ``kepuasan_masyarakat``; None when that report is not in the run."""
    artefact = _by_name(artefacts).get("kepuasan_masyarakat")
    if artefact is None:
        return None
    words = phrases("ringkasan.summary", language)
    return pd.DataFrame(artefact["details"]["grades"]).rename(
        columns={"unit": words["unit"], "ikm": words["ikm"], "grade": words["mutu"], "label": words["performance"],
                 "sample": words["sample"]})


def predikat_section(artefacts: Artefacts, language: str = "id") -> tuple[pd.DataFrame, str] | None:
    """The predikat distribution and its check from ``indikator_triwulan``: a table and Markdown; None without it."""
    details = _by_name(artefacts).get("indikator_triwulan", {}).get("details", {})
    check = details.get("predikat_check")
    if not check:
        return None
    words = phrases("ringkasan.predikat", language)
    table = pd.DataFrame(check["distribution"]).rename(columns={
        "predikat": words["predikat"], "count": words["count"], "share": words["share"]})
    lines = [words["verdict"].format(n=check["n"], org=details.get("organisation_predikat", ""),
                                     result=words["holds" if check["holds"] else "fails"]), ""]
    lines += [f"- {'✓' if rule['holds'] else '✗'} {rule['message']}" for rule in check["rules"]]
    lines += ["", words["units"].format(failing=check["units_failing"], checked=check["units_checked"])]
    if check.get("units_unjudged"):
        lines.append(words["unjudged"].format(n=check["units_unjudged"]))
    return table, "\n".join(lines)


def training_section(artefacts: Artefacts, language: str = "id") -> tuple[pd.DataFrame | None, str] | None:
    """Proposed programmes from ``klaster_pelatihan``: a table (None when none) and a note; None without it."""
    artefact = _by_name(artefacts).get("klaster_pelatihan")
    if artefact is None:
        return None
    words = phrases("ringkasan.training", language)
    details = artefact.get("details", {})
    if not details.get("programs"):
        return None, words["none"]
    table = pd.DataFrame(details["programs"]).rename(columns={
        "program": words["program"], "participants": words["participants"], "batches": words["batches"],
        "below_min_jp": words["below"]})
    return table, words["note"].format(clusters=int(details.get("clusters", 0)),
                                       capacity=int(details.get("capacity", 0)))


def reports_section(states: list[dict[str, Any]], language: str = "id") -> str:
    """Markdown list of the run's reports: which ran, which ran without some sections, which were skipped or failed.

    Parameters
    ----------
    states
        :func:`kinerja.present.report.load_report_states` of the run (the summary itself is not among them).
    language
        ``"id"`` or ``"en"``.
    """
    words = phrases("ringkasan.reports", language)
    lines = []
    for state in states:
        title = f"[{escape_markdown(state.get('title') or state['name'])}]({state['name']}.html)"
        if state["status"] == "ok" and state.get("skipped_sections"):
            lines.append(words["partial"].format(title=title, sections=", ".join(state["skipped_sections"])))
        elif state["status"] == "ok":
            lines.append(words["ran"].format(title=title))
        elif state["status"] == "skipped":
            lines.append(words["skipped"].format(title=title, reason=state.get("reason") or ""))
        else:
            lines.append(words["failed"].format(title=title, reason=_first_line(state.get("reason") or "")))
    return "\n".join(f"- {line}" for line in lines)


def attention_caveat(states: list[dict[str, Any]], language: str = "id") -> str | None:
    """The sentence under "what needs attention" when some report did not run in full; None when all did.

    Shown instead of "no unit needs attention" too: the summary never says that about a report that did not run.
    """
    incomplete = [state for state in states if state["status"] != "ok" or state.get("skipped_sections")]
    if not incomplete:
        return None
    return phrases("ringkasan.summary", language)["none_of_those_run"].format(n=len(incomplete))


def _first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
