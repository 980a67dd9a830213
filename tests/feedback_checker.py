"""Read a feedback page as its reader would and list every statement that contradicts the page's own tables.

Used by ``tests/test_feedback_consistency.py``; it reads the Indonesian pages only. A statement is checked
against the figures of the same page (the assessment, e-Kinerja, indicator, BerAKHLAK and JP tables), never
against the records behind the page, so that what is checked is what a reader sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kinerja.data.dictionary import BERAKHLAK

VALUES = tuple(label for _, label in BERAKHLAK)
RATINGS = ("Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Di Atas Ekspektasi")
_RATING = re.compile("|".join(RATINGS), re.IGNORECASE)
_LABEL = {label: re.compile(rf"\b{re.escape(label)}\b") for label in VALUES}  # case-sensitive: "Kompeten" ≠ "kompetensi"
_CHANGE_IN_PERCENT = re.compile(r"\b(?:sebesar|naik|turun|bertambah|berkurang)\s+[\d.,]+\s*%")
_PNS_RULE = ("PP 11/2017", "203 ayat (4)", "PP 17/2020")
_PPPK_RULE = ("PP 49/2018", "pasal 40")


@dataclass
class Section:
    """One h2/h3 section of a page: its list items, table rows (cells) and paragraphs."""

    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


class FeedbackPage(HTMLParser):
    """A feedback page cut into sections, with the text of every element that has an id."""

    VOID = frozenset({"br", "meta", "img", "hr", "input", "link"})

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, Section] = {"": Section()}
        self.by_id: dict[str, str] = {}
        self.text = ""
        self._heading = ""
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self._row: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "tr":
            self._row = []
        if tag not in self.VOID:
            self._open.append((tag, dict(attrs), []))
        elif tag == "br" and self._open:
            self._open[-1][2].append(" ")

    def handle_endtag(self, tag) -> None:
        if not self._open or self._open[-1][0] != tag:
            return
        _, attrs, parts = self._open.pop()
        text = re.sub(r"\s+", " ", "".join(parts)).strip()
        if self._open:
            self._open[-1][2].append(text if tag not in ("li", "p", "td", "th") else f" {text} ")
        if attrs.get("id"):
            self.by_id[str(attrs["id"])] = text
        section = self.sections[self._heading]
        if tag in ("h2", "h3"):
            self._heading = text
            self.sections[text] = Section()
        elif tag == "li" and not any(name == "li" for name, _, _ in self._open):
            section.items.append(text)
        elif tag == "p":
            section.paragraphs.append(text)
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(text)
        elif tag == "tr" and self._row is not None:
            section.rows.append(self._row)
            self._row = None
        if tag == "body":
            self.text = text

    def handle_data(self, data) -> None:
        if self._open:
            self._open[-1][2].append(data)

    def table(self, heading: str) -> dict[str, list[str]]:
        """First cell -> the other cells, for the rows of a section's tables."""
        section = self.sections.get(heading, Section())
        return {row[0]: row[1:] for row in section.rows if row}

    def statements(self) -> list[str]:
        """Every list item and paragraph of the page: what the page says in sentences."""
        return [text for section in self.sections.values() for text in section.items + section.paragraphs]


def share(text: str) -> float:
    """``"82,4%"`` -> 0.824; NaN for a dash or anything else."""
    found = re.fullmatch(r"(-?[\d.]*\d(?:,\d+)?)%", text.strip())
    return float(found.group(1).replace(".", "").replace(",", ".")) / 100 if found else float("nan")


def amount(text: str) -> float:
    """``"12 JP"`` or ``"12,5"`` -> the number; NaN for a dash."""
    found = re.match(r"\s*(-?[\d.]*\d(?:,\d+)?)", text)
    return float(found.group(1).replace(".", "").replace(",", ".")) if found else float("nan")


@dataclass(frozen=True)
class Standards:
    """The standards a page judges by."""

    capaian: float = 0.9
    indicator_met: float = 1.0
    reporting: float = 0.8
    on_time: float = 0.8
    min_jp: float = 20.0


def _ratings(page: FeedbackPage) -> dict[str, str]:
    return {row[0]: row[1] for row in page.sections.get("Nilai perilaku BerAKHLAK", Section()).rows
            if len(row) > 1 and row[0] in VALUES}


def _berakhlak(page: FeedbackPage) -> list[tuple[str, str]]:
    """Statements that give a BerAKHLAK value a rating the page's own table does not."""
    own = _ratings(page)
    found = []
    for statement in page.statements():
        for part in re.split(r";|\.(?:\s|$)", statement):
            if "rata-rata kelompok" in part.lower():
                continue  # a statement about a group, worded as one
            pieces = [part] if len({m.lower() for m in _RATING.findall(part)}) <= 1 else part.split(",")
            for piece in pieces:
                said = {m.lower() for m in _RATING.findall(piece)}
                if len(said) != 1:
                    continue
                rating = said.pop()
                for label, pattern in _LABEL.items():
                    if pattern.search(piece) and own.get(label, "–").lower() != rating:
                        found.append(("berakhlak", f"{label} ({own.get(label, '–')}): {statement}"))
    return found


def _shown(page: FeedbackPage, kind: str) -> str:
    """The person's own value of a measure, as the page's table shows it."""
    if kind == "capaian":
        return page.table("Penilaian triwulan ini").get("Capaian SKP", ["–"])[0].split(" ")[0]
    label = "Hari kerja dengan laporan" if kind == "reporting" else "Laporan tepat waktu"
    return page.table("Laporan harian e-Kinerja").get(label, ["–"])[0]


def _measures(page: FeedbackPage) -> dict[str, tuple[float, float]]:
    """Measure -> (the person's value, the unit median) from the page's tables."""
    assessment = page.table("Penilaian triwulan ini")
    ekinerja = page.table("Laporan harian e-Kinerja")
    capaian = assessment.get("Capaian SKP", ["–", "–"])
    reporting = ekinerja.get("Hari kerja dengan laporan", ["–", "–", "–"])
    on_time = ekinerja.get("Laporan tepat waktu", ["–", "–", "–"])
    return {"capaian": (share(capaian[0].split(" ")[0]), share(capaian[-1])),
            "reporting": (share(reporting[0]), share(reporting[-1])),
            "on_time": (share(on_time[0]), share(on_time[-1]))}


def _indicators(page: FeedbackPage) -> dict[str, tuple[str, str]]:
    """Indicator name -> (capaian as shown, note) from the page's indicator table."""
    rows = page.sections.get("Capaian per indikator SKP", Section()).rows
    return {row[0]: (row[6], row[7]) for row in rows[1:] if len(row) >= 8}


def _jp(page: FeedbackPage) -> float:
    rows = page.table("Pengembangan kompetensi")
    year = next((cells for label, cells in rows.items() if label.startswith("JP pelatihan tahun")), None)
    return amount(year[0]) if year else float("nan")


def _kind(statement: str) -> str:
    """What a strength, note or area is about, from its words."""
    if statement.startswith("Indikator") or "indikator SKP" in statement:
        return "indicator"
    if "BerAKHLAK" in statement or any(pattern.search(statement) for pattern in _LABEL.values()):
        return "berakhlak"
    if " JP" in statement:
        return "jp"
    if "tepat waktu" in statement:
        return "on_time"
    if "e-Kinerja" in statement:
        return "reporting"
    if "SKP" in statement:
        return "capaian" if re.search(r"\d", statement) else "no_skp"
    return "unknown"


def _strength(page: FeedbackPage, statement: str, standards: Standards, pns: bool | None) -> str | None:
    """Why a strength is not one by the page's own figures, or None."""
    kind = _kind(statement)
    measures = _measures(page)
    if kind in measures:
        value, median = measures[kind]
        standard = getattr(standards, kind)
        if _shown(page, kind) not in statement:
            return f"{kind}: the own value {_shown(page, kind)} is not named"
        if not value >= standard:
            return f"{kind} {value:.3f} below the standard {standard}"
        if value < median:
            return f"{kind} {value:.3f} below the unit median {median:.3f}"
        return None
    if kind == "berakhlak":
        return None  # checked with every other BerAKHLAK statement
    if kind == "indicator":
        shown = [name for name in _indicators(page) if name in statement]
        low = [name for name in shown if not share(_indicators(page)[name][0]) >= standards.indicator_met]
        return f"indicators below target: {low}" if low or not shown else None
    if kind == "jp":
        if pns is not True:
            return "a JP minimum called met for an ASN who is not a PNS"
        return None if _jp(page) >= standards.min_jp else f"JP {_jp(page)} below {standards.min_jp}"
    return f"a strength of unknown kind ({kind})"


def _area(page: FeedbackPage, statement: str, standards: Standards, pns: bool | None) -> str | None:
    """Why an area to develop does not name the person's own value below its standard, or None."""
    kind = _kind(statement)
    if kind in ("reporting", "on_time"):
        value, _ = _measures(page)[kind]
        shown = _shown(page, kind)
        if shown not in statement:
            return f"{kind}: the own value {shown} is not named"
        return None if value < getattr(standards, kind) else f"{kind} {value} is not below the standard"
    if kind == "indicator":
        indicators = _indicators(page)
        named = [name for name in indicators if f"“{name}”" in statement]
        if len(named) != 1:
            return f"names {len(named)} indicators of the table"
        shown, note = indicators[named[0]]
        if shown == "–":
            return None if note and note in statement else "a missing capaian without its reason"
        if shown not in statement:
            return f"the indicator's capaian {shown} is not named"
        return None if share(shown) < standards.capaian else f"indicator at {shown} is not below the standard"
    if kind == "jp":
        if pns is not True:
            return "a JP shortfall of an ASN who is not a PNS"
        jp = _jp(page)
        if not re.search(rf"\b{jp:.0f} JP\b", statement):
            return f"the own JP {jp:.0f} is not named"
        return None if jp < standards.min_jp else "JP not below the minimum"
    if kind == "berakhlak":
        ratings = _ratings(page)
        named = [label for label, pattern in _LABEL.items() if pattern.search(statement)]
        if not named or any(ratings.get(label) != "Di Bawah Ekspektasi" for label in named):
            return "a value not rated Di Bawah Ekspektasi"
        return None if all(_RATING.search(statement) for _ in named) else "the value's own rating is not named"
    if kind == "no_skp":
        return None if "Tidak ada indikator SKP" in page.text else "no SKP said, with indicators in the table"
    return f"an area of unknown kind ({kind})"


def _note(page: FeedbackPage, statement: str, standards: Standards) -> str | None:
    """Why a note (at the standard but under the unit median, or rising) is untrue by the page's figures, or None."""
    kind = _kind(statement)
    if kind not in ("capaian", "reporting", "on_time"):
        return f"a note of unknown kind ({kind})"
    value, median = _measures(page)[kind]
    if _shown(page, kind) not in statement:
        return f"{kind}: the own value {_shown(page, kind)} is not named"
    if "naik" in statement:
        trend = page.sections.get("Tren empat triwulan terakhir", Section()).rows[1:]
        before, now = (share(row[1]) for row in trend[-2:]) if len(trend) > 1 else (float("nan"), float("nan"))
        return None if now > before and now == value else "a rise the trend table does not show"
    if not value >= getattr(standards, kind):
        return f"{kind} {value} said to meet the standard {getattr(standards, kind)}"
    if "di bawah median unit" in statement and not value < median:
        return f"{kind} {value} said to be under the unit median {median}"
    return None


def employment_type(page: FeedbackPage) -> bool | None:
    """True for a PNS, False for a PPPK, None when the page does not say."""
    shown = page.by_id.get("employment-type", "")
    return True if shown.startswith("PNS") else False if shown.startswith("PPPK") else None


def contradictions(text: str | FeedbackPage, standards: Standards = Standards(),
                   pns: bool | None = None) -> list[tuple[str, str]]:
    """Every statement of a feedback page (HTML, or as read) that contradicts the page's own figures, as (check, why).

    ``pns`` is the ASN's employment type when the page does not show it (older pages).
    """
    page = text if isinstance(text, FeedbackPage) else FeedbackPage(text)
    shown = employment_type(page)
    pns = shown if shown is not None else pns
    found = _berakhlak(page)
    for statement in page.sections.get("Kekuatan", Section()).items:
        why = _strength(page, statement, standards, pns)
        if why:
            found.append(("strength", f"{why}: {statement}"))
    for statement in page.sections.get("Catatan lain", Section()).items:
        why = _note(page, statement, standards)
        if why:
            found.append(("note", f"{why}: {statement}"))
    for statement in page.sections.get("Area pengembangan", Section()).items:
        what = statement.split("Langkah berikutnya:")[0]
        why = _area(page, what, standards, pns)
        if why:
            found.append(("area", f"{why}: {statement}"))
    found += [("z_score", statement) for statement in page.statements() if re.search(r"\bz\s*=", statement)]
    found += [("percentage_points", statement) for statement in page.statements()
              if _CHANGE_IN_PERCENT.search(statement)]
    jp_statements = [s for s in page.statements() if " JP" in s] + [
        " ".join(row) for row in page.sections.get("Pengembangan kompetensi", Section()).rows]
    if pns is False:
        found += [("jp_pppk_right", s) for s in jp_statements if re.search(r"\bhak\b", s, re.IGNORECASE)]
    if pns is False and not any(all(part in s for part in _PPPK_RULE) for s in jp_statements):
        found.append(("jp_pppk_citation", "PPPK hours without PP 49/2018 art. 40"))
    if pns is True and _jp(page) < standards.min_jp:
        cited = [s for s in page.sections.get("Area pengembangan", Section()).items
                 if _kind(s) == "jp" and all(part in s for part in _PNS_RULE)]
        if not cited:
            found.append(("jp_pns_citation", f"JP {_jp(page):.0f} under {standards.min_jp:.0f} without the rule"))
    return found
