"""The first screen of the leadership summary: key figures as cards, units by indicator as a grid, what needs attention.

Every figure comes from the quarter's one evaluation (:class:`~kinerja.quarter.evaluation.QuarterResults`),
which the runner stored in the run folder, and, for the check of the predikat
distribution, from the headlines ``indikator_triwulan`` saved
(:func:`kinerja.present.report.save_headlines`). A figure the data cannot
tell is "tidak diketahui" with the reason, never 0.

Each card and each cell has a status: ``good`` (meets its standard and did
not worsen), ``attention`` (misses its standard or worsened past its limit:
the evaluation's flag) or ``unknown``. Pages show the status in a
colour-blind-safe colour and in a word or symbol as well. Cells and findings
link to the section of the report page that explains them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd

from kinerja.core.formatting import number, percent, signed_change
from kinerja.core.periods import Quarter
from kinerja.core.text import Phrases, phrases
from kinerja.metrics.ikm import grade, round_half_up
from kinerja.metrics.registry import INDICATORS
from kinerja.present.templating import render
from kinerja.quarter.evaluation import QuarterOptions, QuarterResults, evaluate_quarter
from kinerja.quarter.selection import choose_quarter, open_dataset

__all__ = ["COMPLAINTS", "SECTIONS", "AttentionItem", "Card", "Cell", "GridRow", "attention_items", "cards",
           "change", "first_screen", "heading_id", "section_links", "status_grid", "summary_evaluation"]

GOOD, ATTENTION, UNKNOWN, NOT_MEASURED = "good", "attention", "unknown", "none"
"""The statuses of a card or a cell (``none``: the indicator is not measured in that unit)."""
COMPLAINTS = "complaints"
"""The grid's column for complaint surges, after the registry's indicators."""
GOOD_PREDIKAT = ("Sangat Baik", "Baik")
"""The predikat counted as "Baik atau lebih"."""
SECTIONS: dict[str, tuple[str, str]] = {
    "waiting_median_minutes": ("indikator_triwulan", "Layanan"),
    "within_standard_share": ("indikator_triwulan", "Layanan"),
    "unserved_share": ("indikator_triwulan", "Layanan"),
    "ikm": ("kepuasan_masyarakat", "IKM per unit"),
    "reporting_rate": ("indikator_triwulan", "Kepatuhan e-Kinerja"),
    "on_time_rate": ("indikator_triwulan", "Kepatuhan e-Kinerja"),
    "approval_lag_median_hours": ("indikator_triwulan", "Kepatuhan e-Kinerja"),
    "capaian_median": ("indikator_triwulan", "Capaian SKP"),
    "predikat": ("indikator_triwulan", "Predikat dan pemeriksaan distribusi"),
    COMPLAINTS: ("kepuasan_masyarakat", "Pengaduan"),
}
"""Topic -> (report notebook, heading of the section that explains it). The headings are the notebooks' own
(written once, in Indonesian, for both languages); a test checks that each one is in its notebook."""


@dataclass(frozen=True)
class Card:
    """One key figure: its value against its standard, the change since the previous quarter, a status."""

    key: str
    title: str
    value: str
    standard: str
    arrow: str
    change: str
    status: str
    meaning: str
    link: str


@dataclass(frozen=True)
class Cell:
    """One unit's status on one indicator: ``symbol`` and ``note`` (the cell's title) say it in words."""

    status: str
    symbol: str
    note: str
    link: str
    finding: str = ""
    """The plain sentence "Yang perlu perhatian" shows, for a cell that needs attention."""


@dataclass(frozen=True)
class GridRow:
    """One unit's row of the grid."""

    unit: str
    cells: list[Cell]

    @property
    def needs_attention(self) -> bool:
        """Whether any indicator of the unit needs attention."""
        return any(cell.status == ATTENTION for cell in self.cells)


@dataclass(frozen=True)
class AttentionItem:
    """One entry of "Yang perlu perhatian": a unit (or the whole kecamatan) and its findings, each with a link."""

    unit: str
    findings: list[tuple[str, str]]


def summary_evaluation(data: str, quarter: str | None, evaluation: str | None) -> QuarterResults:
    """The quarter's evaluation for the summary: the run's stored one, or, opened by hand, computed here.

    Parameters
    ----------
    data
        ``"demo"`` or a data folder (read only when ``evaluation`` is None).
    quarter
        The quarter, or None for the latest complete one in the data.
    evaluation
        The folder of the run's stored evaluation, or None (a run at privacy ``research`` stores none).
    """
    if evaluation is not None:
        return QuarterResults.load(evaluation)
    dataset = open_dataset(data)
    return evaluate_quarter(dataset, choose_quarter(dataset, quarter), QuarterOptions())


def heading_id(text: str) -> str:
    """The ``id`` nbconvert gives a Markdown heading (``"IKM per unit"`` -> ``"IKM-per-unit"``)."""
    return quote(text.replace(" ", "-"), safe="?/:@!$&'()*+,;=")


def section_links(output: str | Path | None) -> dict[str, str]:
    """Topic -> link to the section of a report page of the run in ``output`` that explains it.

    A section that is not on the page (the report skipped it, or did not run)
    links to the page's top; a report without an executed notebook gives no
    link (""), and so does a notebook opened by hand (``output`` None).
    """
    links: dict[str, str] = {}
    if output is None:
        return dict.fromkeys(SECTIONS, "")
    for topic, (name, heading) in SECTIONS.items():
        path = Path(output) / "notebooks" / f"{name}.ipynb"
        if not path.is_file():
            links[topic] = ""
            continue
        # Read as plain JSON (nbformat 4): nbformat and its schema checks would double the summary kernel's start.
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        sources = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"]
        headings = {line.lstrip("#").strip() for source in sources for line in source.splitlines()
                    if line.startswith("#")}
        links[topic] = f"{name}.html#{heading_id(heading)}" if heading in headings else f"{name}.html"
    return links


def change(now: float | None, before: float | None, decimals: int = 0, suffix: str = "", scale: float = 1,
           language: str = "id") -> tuple[str, str]:
    """The arrow (↑, ↓, → or "" when unknown) and the signed change, as :func:`signed_change` writes it."""
    text = signed_change(now, before, decimals, suffix, scale, language)
    if text == "–":
        return "", text
    difference = round((float(now) - float(before)) * scale, decimals)  # type: ignore[arg-type]
    return ("↑" if difference > 0 else "↓" if difference < 0 else "→"), text


def _shown(value: float, kind: str, language: str) -> str:
    """An indicator's value with its unit, in ``language``: ``73 menit``, ``85,3%``, ``72,08 (mutu C)``."""
    w = phrases("ringkasan.units", language)
    if kind == "minutes":
        return w["minutes"].format(n=number(value, 0, language))
    if kind == "hours":
        return w["hours"].format(n=number(value, 1, language))
    if kind == "ikm":
        rounded = round_half_up(value, 2)
        return w["ikm"].format(n=number(rounded, 2, language), grade=grade(rounded).letter)
    return percent(value, 1, language)


def _card(w: Phrases, key: str, link: str, **fields: str) -> Card:
    values = {"value": "", "standard": "", "arrow": "", "change": "", "meaning": ""} | fields
    return Card(key=key, title=w[f"{key}.title"], link=link, **values)


def _unknown(w: Phrases, key: str, link: str, reason: str | None) -> Card:
    return _card(w, key, link, value=w["unknown"], status=UNKNOWN, meaning=reason or w["no_rows"])


def _ikm_card(results: QuarterResults, w: Phrases, link: str, language: str) -> Card:
    overall = results.satisfaction.overall
    if overall.empty:
        return _unknown(w, "ikm", link, results.why("satisfaction", language))
    standard = INDICATORS["ikm"].standard or 0.0
    per_unit = results.satisfaction.per_unit
    trend = results.satisfaction.trend
    before = trend[trend["quarter"] == results.previous.label]
    below = per_unit[per_unit["ikm_rounded"] < standard]
    below_before = int((before["ikm"].map(lambda v: round_half_up(v, 2)) < standard).sum())
    arrow, _ = change(len(below), below_before, language=language)
    row = overall.iloc[0]
    names = ", ".join(_unit_names(results)[code] for code in below["unit_code"])
    return _card(w, "ikm", link, value=_shown(row["ikm"], "ikm", language),
                 standard=w["ikm.standard"].format(standard=_shown(standard, "ikm", language)),
                 arrow=arrow if len(before) else "",
                 change=w["ikm.change"].format(n=len(below), total=len(per_unit),
                                               before=below_before if len(before) else "–",
                                               previous=_quarter(results.previous, language)),
                 status=ATTENTION if len(below) or row["ikm_rounded"] < standard else GOOD,
                 meaning=w["ikm.below"].format(units=names) if len(below) else w["ikm.all_meet"])


def _reporting_card(results: QuarterResults, w: Phrases, link: str, language: str) -> Card:
    organisation = results.units.organisation_reporting.set_index("quarter")["reporting_rate"]
    now = organisation.get(results.quarter.label)
    if now is None or pd.isna(now):
        return _unknown(w, "reporting", link, results.why("reporting", language))
    before = organisation.get(results.previous.label)
    standard = results.options.reporting_standard
    arrow, text = change(now, before, 1, w["points"], 100, language)
    rates = _indicator(results, "reporting_rate")
    known = rates[rates["value"].notna()]
    meeting = int((~known["below_standard"].astype(bool)).sum())
    return _card(w, "reporting", link, value=percent(now, 1, language),
                 standard=w["at_least"].format(standard=percent(standard, 0, language)), arrow=arrow,
                 change=w["since"].format(change=text, previous=_quarter(results.previous, language)),
                 status=GOOD if now >= standard else ATTENTION,
                 meaning=w["reporting.meaning"].format(n=meeting, total=len(known)))


def _predikat_card(results: QuarterResults, artefacts: list[dict[str, Any]], w: Phrases, link: str,
                   language: str) -> Card:
    rated = results.predikat[results.predikat["predikat"].notna()]
    shares = rated.groupby("quarter")["predikat"].agg(lambda p: p.isin(GOOD_PREDIKAT).mean())
    now = shares.get(results.quarter.label)
    if now is None:
        return _unknown(w, "predikat", link, results.why("predikat", language))
    arrow, text = change(now, shares.get(results.previous.label), 1, w["points"], 100, language)
    details = next((a["details"] for a in artefacts if a["notebook"] == "indikator_triwulan"), {})
    check = details.get("predikat_check")
    if check is None:
        status, meaning = UNKNOWN, w["predikat.unchecked"]
    elif check["holds"]:
        status, meaning = GOOD, w["predikat.holds"]
    else:
        failed = "; ".join(rule["rule"] for rule in check["rules"] if not rule["holds"])
        status, meaning = ATTENTION, w["predikat.fails"].format(rules=failed)
    return _card(w, "predikat", link, value=percent(now, 1, language),
                 standard=w["predikat.standard"].format(organisation=details.get("organisation_predikat", "–")),
                 arrow=arrow, change=w["since"].format(change=text, previous=_quarter(results.previous, language)),
                 status=status, meaning=meaning)


def _complaints_card(results: QuarterResults, w: Phrases, link: str, language: str) -> Card:
    satisfaction = results.satisfaction
    if satisfaction.complaints_overall.empty:
        return _unknown(w, "complaints", link, results.why("complaints", language))
    overall = satisfaction.complaints_overall.iloc[0]
    received = int(overall["received"])
    trend = satisfaction.complaint_trend.dropna(subset=["received"]).set_index("quarter")["received"]
    before = trend.get(results.previous.label)
    arrow, text = change(received, before, language=language)
    highest = len(trend) > 1 and received == trend.max() and (trend == received).sum() == 1
    rose = before is not None and received > before
    lines = [w["complaints.highest"].format(quarters=len(trend))] if highest else []
    if len(satisfaction.surges):
        lines.append(w["complaints.surges"].format(n=len(satisfaction.surges)))
    lines.append(w["complaints.resolved"].format(share=percent(overall["share_within_standard"], 0, language),
                                                days=results.options.complaint_standard_days))
    return _card(w, "complaints", link, value=number(received, 0, language),
                 standard=w["complaints.standard"].format(days=results.options.complaint_standard_days),
                 arrow=arrow,
                 change=w["complaints.change"].format(before="–" if before is None else number(before, 0, language),
                                                      now=number(received, 0, language), change=text,
                                                      previous=_quarter(results.previous, language)),
                 status=ATTENTION if (highest and rose) or len(satisfaction.surges) else GOOD,
                 meaning="; ".join(lines))


def _waiting_card(results: QuarterResults, w: Phrases, link: str, language: str) -> Card:
    rows = _indicator(results, "waiting_median_minutes")
    rows = rows[rows["value"].notna()]
    if rows.empty:
        return _unknown(w, "waiting", link, results.why(f"indicators.{INDICATORS['waiting_median_minutes'].source.name}",
                                                        language))
    longest = rows.loc[rows["value"].idxmax()]
    over = rows[rows["below_standard"].astype(bool)]
    arrow, text = change(longest["value"], longest["previous_value"], 0, w["minutes"], language=language)
    meaning = (w["waiting.over"].format(n=len(over), total=len(rows)) if len(over)
               else w["waiting.within"].format(total=len(rows)))
    return _card(w, "waiting", link, value=_shown(longest["value"], "minutes", language),
                 standard=w["at_most"].format(standard=_shown(longest["standard"], "minutes", language)), arrow=arrow,
                 change=w["waiting.change"].format(unit=longest["unit_name"], change=text,
                                                   previous=_quarter(results.previous, language)),
                 status=ATTENTION if len(over) else GOOD, meaning=meaning)


def cards(results: QuarterResults, artefacts: list[dict[str, Any]], links: dict[str, str],
          language: str = "id") -> list[Card]:
    """The five key figures of the quarter: IKM, e-Kinerja reporting, predikat, complaints, waiting time.

    Parameters
    ----------
    results
        The quarter's evaluation.
    artefacts
        The headlines the reports saved (:func:`kinerja.present.report.load_headlines`): the predikat
        card reads the check of the distribution ``indikator_triwulan`` saved.
    links
        :func:`section_links` of the run.
    language
        ``"id"`` or ``"en"``.
    """
    w = phrases("ringkasan.cards", language)
    return [_ikm_card(results, w, links["ikm"], language), _reporting_card(results, w, links["reporting_rate"], language),
            _predikat_card(results, artefacts, w, links["predikat"], language),
            _complaints_card(results, w, links[COMPLAINTS], language),
            _waiting_card(results, w, links["waiting_median_minutes"], language)]


def _indicator(results: QuarterResults, metric: str) -> pd.DataFrame:
    flags = results.units.flags
    return flags[(flags["metric"] == metric) & (flags["quarter"] == results.quarter.label)]


def _unit_names(results: QuarterResults) -> dict[str, str]:
    flags = results.units.flags
    return dict(zip(flags["unit_code"], flags["unit_name"], strict=False))


def _quarter(quarter: Quarter, language: str) -> str:
    return quarter.label_id if language == "id" else quarter.label_en


def _indicator_cell(row: pd.Series | None, metric: str, reason: str | None, w: Phrases, link: str,
                    language: str) -> Cell:
    indicator = INDICATORS[metric]
    label = indicator.label(language)
    if row is None:
        if reason:
            return Cell(UNKNOWN, "?", w["unknown_note"].format(label=label, reason=reason), link)
        return Cell(NOT_MEASURED, "", w["not_measured"].format(label=label), "")
    if pd.isna(row["value"]):
        return Cell(UNKNOWN, "?", w["unknown_note"].format(label=label, reason=reason or w["no_value"]), link)
    value = _shown(row["value"], indicator.kind, language)
    if not row["flagged"]:
        return Cell(GOOD, "✓", w["good_note"].format(label=label, value=value), link)
    shown = {"label": label, "value": value,
             "standard": "–" if pd.isna(row["standard"]) else _shown(row["standard"], indicator.kind, language),
             "baseline": "–" if pd.isna(row["baseline"]) else _shown(row["baseline"], indicator.kind, language)}
    kind = "both" if row["below_standard"] and row["worsened"] else "below" if row["below_standard"] else "worse"
    finding = w[f"finding.{kind}"].format(**shown)
    return Cell(ATTENTION, "!", finding, link, finding)


def _complaint_cell(results: QuarterResults, unit: str, w: Phrases, link: str, language: str) -> Cell:
    label = w["complaints"]
    reason = results.why("complaints", language) or results.why("complaint_surges", language)
    if reason:
        return Cell(UNKNOWN, "?", w["unknown_note"].format(label=label, reason=reason), link)
    surges = results.satisfaction.surges.set_index("unit_code")
    if unit in surges.index:
        surge = surges.loc[unit]
        finding = w["finding.surge"].format(now=number(surge["received"], 0, language),
                                            before=number(surge["previous_mean"], 1, language),
                                            quarters=results.options.compare_quarters)
        return Cell(ATTENTION, "!", finding, link, finding)
    # A unit without a row received no complaint: the complaints table covers the quarter (reason is None).
    received = results.satisfaction.complaints.set_index("unit_code")["received"].get(unit, 0)
    return Cell(GOOD, "✓", w["good_note"].format(label=label, value=number(received, 0, language)), link)


def status_grid(results: QuarterResults, links: dict[str, str], language: str = "id") -> tuple[list[str], list[GridRow]]:
    """The grid of units by indicator: short column names, and one row per unit, those needing attention first.

    A cell is ``attention`` where the evaluation flagged the indicator (missed
    its standard or worsened past its limit), ``unknown`` ("?") where the
    indicator applies but its value is not known (the note says why),
    ``none`` where the unit does not measure it (no service counter, no
    survey), and ``good`` otherwise. The last column is complaint surges.
    """
    w = phrases("ringkasan.grid", language)
    flags = results.units.flags
    flags = flags[flags["quarter"] == results.quarter.label].set_index(["unit_code", "metric"])
    metrics = list(INDICATORS)
    reasons = {metric: results.why(f"indicators.{INDICATORS[metric].source.name}", language) for metric in metrics}
    rows = []
    for code, name in _unit_names(results).items():
        cells = [_indicator_cell(flags.loc[(code, metric)] if (code, metric) in flags.index else None, metric,
                                 reasons[metric], w, links[metric], language) for metric in metrics]
        cells.append(_complaint_cell(results, code, w, links[COMPLAINTS], language))
        rows.append(GridRow(name, cells))
    # Most findings first; then units with something unknown; the order of the evaluation among equals.
    rows.sort(key=lambda row: (-sum(cell.status == ATTENTION for cell in row.cells),
                               -any(cell.status == UNKNOWN for cell in row.cells)))
    return [w[f"column.{metric}"] for metric in [*metrics, COMPLAINTS]], rows


def attention_items(results: QuarterResults, rows: list[GridRow], links: dict[str, str],
                    language: str = "id") -> list[AttentionItem]:
    """What needs attention in plain words: first the kecamatan-wide changes, then each unit the grid marks."""
    w = phrases("ringkasan.grid", language)
    items = []
    trend = results.satisfaction.complaint_trend.dropna(subset=["received"]).set_index("quarter")["received"]
    now, before = trend.get(results.quarter.label), trend.get(results.previous.label)
    if now is not None and before is not None and now > before and len(trend) > 1 and (trend >= now).sum() == 1:
        items.append(AttentionItem(w["organisation"], [(w["finding.complaints_rise"].format(
            before=number(before, 0, language), now=number(now, 0, language), quarters=len(trend)), links[COMPLAINTS])]))
    for row in rows:
        if row.needs_attention:
            findings = list(dict.fromkeys((cell.finding, cell.link) for cell in row.cells if cell.status == ATTENTION))
            items.append(AttentionItem(row.unit, findings))
    return items


def first_screen(results: QuarterResults, artefacts: list[dict[str, Any]], output: str | Path | None,
                 language: str = "id", caveat: str | None = None) -> str:
    """The HTML of the summary's first screen: cards, then "Yang perlu perhatian" beside the grid.

    The fragment carries its own styles (classes ``kpi-cards``, ``kpi-card``,
    ``status-grid``), so it reads the same in JupyterLab and on the run's index.

    Parameters
    ----------
    results, artefacts
        As for :func:`cards`.
    output
        The run's folder (for :func:`section_links`), or None.
    language
        ``"id"`` or ``"en"``.
    caveat
        :func:`kinerja.present.summary.attention_caveat`: said under "Yang perlu perhatian", and instead of "no
        unit needs attention", when some report did not run in full.
    """
    links = section_links(output)
    columns, rows = status_grid(results, links, language)
    return render("summary_first_screen.html.j2", cards=cards(results, artefacts, links, language), columns=columns,
                  rows=rows, attention=attention_items(results, rows, links, language), caveat=caveat,
                  w=phrases("ringkasan.grid", language), language=language)
