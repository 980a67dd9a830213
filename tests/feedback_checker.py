"""Read a feedback page as its reader would and list every statement that contradicts the page's own tables.

Used by ``tests/test_feedback_consistency.py`` and ``tests/test_feedback_work.py``; it reads the Indonesian
pages only. A statement is checked against the figures of the same page (the assessment, e-Kinerja, minutes,
SKP-link, indicator, BerAKHLAK and JP tables), never against the records behind the page, so that what is
checked is what a reader sees. :func:`team_contradictions` checks a team page against its members' pages.
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


def whole(text: str) -> int | None:
    """``"1.234"`` -> 1234; None for anything else."""
    found = re.fullmatch(r"\s*(\d{1,3}(?:\.\d{3})*|\d+)\s*", text)
    return int(found.group(1).replace(".", "")) if found else None


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


def _days_named(page: FeedbackPage, statement: str) -> str | None:
    """Why a reporting statement's days (``57 dari 64 hari``) are not the e-Kinerja table's, or None."""
    days = page.by_id.get("reporting-days")
    if days is None or f"({days})" in statement:
        return None
    return f"reporting: the days of the table ({days}) are not the statement's"


def _strength(page: FeedbackPage, statement: str, standards: Standards, pns: bool | None) -> str | None:
    """Why a strength is not one by the page's own figures, or None."""
    kind = _kind(statement)
    measures = _measures(page)
    if kind in measures:
        value, median = measures[kind]
        standard = getattr(standards, kind)
        if _shown(page, kind) not in statement:
            return f"{kind}: the own value {_shown(page, kind)} is not named"
        if kind == "reporting" and _days_named(page, statement):
            return _days_named(page, statement)
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
        if kind == "reporting" and _days_named(page, statement):
            return _days_named(page, statement)
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
    if statement.startswith("Tidak diketahui (–):"):
        return None  # why a measure is unknown: it names no figure
    kind = _kind(statement)
    if kind not in ("capaian", "reporting", "on_time"):
        return f"a note of unknown kind ({kind})"
    value, median = _measures(page)[kind]
    if _shown(page, kind) not in statement:
        return f"{kind}: the own value {_shown(page, kind)} is not named"
    if kind == "reporting" and _days_named(page, statement):
        return _days_named(page, statement)
    if "naik" in statement:
        trend = page.sections.get("Tren empat triwulan terakhir", Section()).rows[1:]
        before, now = (share(row[1]) for row in trend[-2:]) if len(trend) > 1 else (float("nan"), float("nan"))
        return None if now > before and now == value else "a rise the trend table does not show"
    if not value >= getattr(standards, kind):
        return f"{kind} {value} said to meet the standard {getattr(standards, kind)}"
    if "di bawah median unit" in statement and not value < median:
        return f"{kind} {value} said to be under the unit median {median}"
    return None


_EXCLUDED = re.compile(r"^([\d.]+) hari kerja tidak dihitung: (.+?)\. ")
_OVER_AVAILABLE = re.compile(r"dihitung atas ([\d.]+) hari kerja tersedia, yaitu ([\d.]+) hari kerja dikurangi "
                             r"([\d.]+) hari tersebut")
_AWAY_ALL = re.compile(r"seluruh ([\d.]+) hari kerja triwulan ini tertutup cuti")
_DAYS_OF = re.compile(r"^([\d.]+) dari ([\d.]+) hari( kerja tersedia)?$")
_OUT_OF = re.compile(r"^([\d.]+) dari ([\d.]+) (?:hari|kegiatan)$")
_NOT_JUDGED = ("menit kegiatan", "lebih dari 16 jam", "tanpa kegiatan tercatat", "pengamatan", "hari kerja tidak dihitung")
"""Words of the working record and of observations: evidence and questions, never a strength, note or area."""
MINUTES, LINKS = "Menit kerja yang dilaporkan", "Kegiatan dan indikator SKP"
EKINERJA, BERAKHLAK_HEADING = "Laporan harian e-Kinerja", "Nilai perilaku BerAKHLAK"


def kinds(text: str) -> dict[str, int]:
    """``"Cuti Tahunan 5, Dinas Luar 2"`` -> {kind: working days}."""
    found = {}
    for part in text.split(", "):
        kind, _, days = part.rpartition(" ")
        found[kind] = whole(days) if whole(days) is not None else -1
    return found


def absences(page: FeedbackPage) -> tuple[int, dict[str, int]] | None:
    """(working days not counted, by kind) as the page's e-Kinerja part says them; None when it says none."""
    said = _EXCLUDED.match(page.by_id.get("absences", ""))
    return (whole(said.group(1)) or 0, kinds(said.group(2))) if said else None


def _same_share(shown: str, part: int | None, whole_: int | None) -> bool:
    """Whether a share as shown (one decimal) is ``part / whole_``."""
    if part is None or not whole_:
        return shown == "–"
    return shown == f"{part / whole_ * 100:.1f}".replace(".", ",") + "%"


def _absences_said(page: FeedbackPage) -> list[str]:
    """Why the e-Kinerja part's days (reported, available, away by kind) do not add up, if they do not."""
    found = []
    if EKINERJA not in page.sections or "reporting-days" not in page.by_id:
        return found
    rate, days = page.by_id["reporting-rate"], page.by_id["reporting-days"]
    said = absences(page)
    if said is not None and sum(said[1].values()) != said[0]:
        found.append(f"the kinds {said[1]} do not add up to {said[0]} days")
    text = page.by_id.get("absences", "")
    counted = _DAYS_OF.match(days)
    if counted:
        reported, base = whole(counted.group(1)), whole(counted.group(2))
        if not _same_share(rate, reported, base):
            found.append(f"the rate {rate} is not {days}")
        if counted.group(3):  # over the available days: the excluded days must be said, and add up
            over = _OVER_AVAILABLE.search(text)
            if said is None or over is None:
                found.append(f"{days} without the working days not counted")
            elif not (whole(over.group(1)) == base and whole(over.group(3)) == said[0]
                      and whole(over.group(2)) - said[0] == base):
                found.append(f"{days} does not agree with: {text}")
        elif said is not None:
            found.append(f"{said[0]} days not counted, but the rate is over every working day ({days})")
    elif rate != "–":
        found.append(f"a rate {rate} without its days")
    elif said is not None or days == "tidak ada hari kerja tersedia":
        away = _AWAY_ALL.search(text)
        if said is None or away is None or whole(away.group(1)) != said[0]:
            found.append(f"an unknown rate, but not every working day is said away: {text}")
    return found


def _minutes_said(page: FeedbackPage) -> list[str]:
    """Why the minutes part's figures do not agree with each other, if they do not."""
    rows = page.table(MINUTES)
    median = next((cells for label, cells in rows.items() if label.startswith("Median menit")), None)
    if median is None:
        return []
    found = []
    days = re.search(r"dari ([\d.]+) hari kerja tersedia", median[1])
    n = whole(days.group(1)) if days else 0
    if (n == 0) != (median[0] == "–"):
        found.append(f"a median of {median[0]} over {median[1]}")
    for label, cells in rows.items():
        if label.startswith("Hari dengan kurang dari"):
            out_of = _OUT_OF.match(cells[1])
            if out_of is None or whole(out_of.group(2)) != n or not _same_share(cells[0], whole(out_of.group(1)), n):
                found.append(f"{label}: {cells[0]} is not {cells[1]} of {n} days")
    odd = re.search(r"pada ([\d.]+) hari tercatat lebih dari 16 jam", page.by_id.get("minutes-implausible", ""))
    if odd and not 0 < (whole(odd.group(1)) or 0) <= n:
        found.append(f"{odd.group(1)} days over 16 hours of {n} days with minutes")
    return found


def _links_said(page: FeedbackPage) -> list[str]:
    """Why the SKP-links part disagrees with itself or with the page's indicator table, if it does."""
    section = page.sections.get(LINKS)
    if section is None:
        return []
    rows = page.table(LINKS)
    found = []
    linked = rows.get("Kegiatan yang menyebut indikator SKP")
    if linked is not None:
        out_of = _OUT_OF.match(linked[1])
        if out_of and not _same_share(linked[0], whole(out_of.group(1)), whole(out_of.group(2))):
            found.append(f"a linked share {linked[0]} that is not {linked[1]}")
        if out_of is None and linked[0] != "–":
            found.append(f"a linked share {linked[0]} without activities")
    listed = section.items
    names = set(_indicators(page))
    idle = rows.get("Indikator SKP tanpa kegiatan tercatat")
    if idle is not None:
        total = re.fullmatch(r"dari ([\d.]+) indikator", idle[1])
        if whole(idle[0]) != len(listed) or total is None or not len(listed) <= (whole(total.group(1)) or 0) <= len(
                page.sections.get("Capaian per indikator SKP", Section()).rows[1:]):
            found.append(f"{idle[0]} {idle[1]} indicators without activity, {len(listed)} listed")
        if any("Setiap indikator SKP Anda" in text for text in section.paragraphs) and listed:
            found.append("every indicator said active, with indicators listed without activity")
    elif listed:
        found.append("indicators listed without activity, without an SKP")
    found += [f"{name!r} is not an indicator of the page" for name in listed if name not in names]
    return found


def observation_counts(page: FeedbackPage) -> dict[str, tuple[int, int]]:
    """Value -> (positive, needing improvement) from the BerAKHLAK table; empty when it shows no counts."""
    rows = page.sections.get(BERAKHLAK_HEADING, Section()).rows
    return {row[0]: (whole(row[2]) or 0, whole(row[3]) or 0) for row in rows if row[0] in VALUES and len(row) >= 4}


def _observations_said(page: FeedbackPage) -> list[str]:
    """Why the evidence sentence or the latest positive note disagrees with the counts of the table, if it does."""
    counts = observation_counts(page)
    found = []
    if "observations-unknown" in page.by_id:
        return ["counts of observations shown with no observation data"] if counts else []
    evidence = page.by_id.get("observations", "")
    said = re.search(r"([\d.]+) pengamatan positif dan ([\d.]+) pengamatan perlu perbaikan", evidence)
    positive, attention = (sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()))
    if said and (whole(said.group(1)), whole(said.group(2))) != (positive, attention):
        found.append(f"{evidence} but the table counts {positive} and {attention}")
    if "Belum ada pengamatan langsung" in evidence and positive + attention:
        found.append(f"no observation said, {positive + attention} counted")
    latest = re.match(r"Pengamatan positif terbaru \((.+), (.+?)\):", page.by_id.get("latest-positive", ""))
    if latest and counts.get(latest.group(2), (0, 0))[0] < 1:
        found.append(f"a latest positive note on {latest.group(2)}, which has no positive observation")
    return found


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
    found += [("absences", why) for why in _absences_said(page)]
    found += [("minutes", why) for why in _minutes_said(page)]
    found += [("skp_links", why) for why in _links_said(page)]
    found += [("observations", why) for why in _observations_said(page)]
    judged = [s for heading in ("Kekuatan", "Catatan lain") for s in page.sections.get(heading, Section()).items]
    judged += [s.split("Langkah berikutnya:")[0] for s in page.sections.get("Area pengembangan", Section()).items]
    found += [("work_judged", s) for s in judged if any(word in s.lower() for word in _NOT_JUDGED)]
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


TEAM_WORK, TEAM_OBSERVATIONS = "Hari kerja tidak dihitung dan kegiatan e-Kinerja", "Pengamatan langsung yang perlu perhatian"


def team_contradictions(team: str | FeedbackPage, members: dict[str, FeedbackPage]) -> list[tuple[str, str]]:
    """Every figure of a team page's working record and observations that its members' own pages do not show.

    ``members`` maps each member's name, as the team page shows it, to their page as read. The team's days
    away by kind are the sum of its members' pages; each member's days away, linked share and indicators
    without activity are their page's; the counts of observations per value are the sum of the members'
    BerAKHLAK tables, and a member's latest note needing improvement is on a value their page counts one for.
    """
    page = team if isinstance(team, FeedbackPage) else FeedbackPage(team)
    found: list[tuple[str, str]] = []
    rows = page.sections.get(TEAM_WORK, Section()).rows
    by_kind: dict[str, list[int]] = {}
    for member in members.values():
        said = absences(member)
        for kind, days in (said[1] if said else {}).items():
            by_kind.setdefault(kind, [0, 0])
            by_kind[kind][0] += days
            by_kind[kind][1] += 1
    shown = {row[0]: [whole(row[1]), whole(row[2])] for row in rows if len(row) == 3 and whole(row[1]) is not None}
    total = next((whole(row[1]) for row in rows if row and row[0] == "Jumlah"), None)
    shown.pop("Jumlah", None)
    if shown != by_kind:
        found.append(("team_absences", f"the team's days by kind {shown} are not its members' {by_kind}"))
    if total is not None and total != sum(days for days, _ in by_kind.values()):
        found.append(("team_absences", f"a total of {total} days away"))
    for row in rows:
        if len(row) != 5 or row[1] not in members:
            continue
        member = members[row[1]]
        said = absences(member)
        own = "0" if said is None else f"{said[0]} ({', '.join(f'{k} {v}' for k, v in said[1].items())})"
        if row[2] != own:
            found.append(("team_absences", f"{row[1]}: {row[2]} days away, their page says {own}"))
        links = member.table(LINKS)
        linked = links.get("Kegiatan yang menyebut indikator SKP", ["–"])[0]
        if row[3] != linked:
            found.append(("team_links", f"{row[1]}: linked share {row[3]}, their page says {linked}"))
        idle = links.get("Indikator SKP tanpa kegiatan tercatat")
        if row[4] != ("–" if idle is None else f"{idle[0]} {idle[1]}"):
            found.append(("team_links", f"{row[1]}: {row[4]} indicators without activity, their page says {idle}"))
    section = page.sections.get(TEAM_OBSERVATIONS, Section())
    counts = {row[0]: (whole(row[1]), whole(row[2])) for row in section.rows if len(row) == 3 and row[0] in VALUES}
    if counts:
        summed = {label: tuple(sum(observation_counts(member).get(label, (0, 0))[i] for member in members.values())
                               for i in (0, 1)) for label in VALUES}
        if counts != summed:
            found.append(("team_observations", f"counts per value {counts} are not the members' {summed}"))
    for row in section.rows:
        if len(row) == 4 and row[0] in members and observation_counts(members[row[0]]).get(row[2], (0, 0))[1] < 1:
            why = f"{row[0]}: a note needing improvement on {row[2]}, which their page does not count"
            found.append(("team_observations", why))
    return found
