"""HTML of the feedback pages: one ASN's page, a unit's team page and the index.

The templates (``kinerja/present/templates/feedback/``) are filled from the
records of :func:`kinerja.feedback.build.build_feedback`; nothing is computed
here but wording, and the words are the text catalogue's
(``kinerja/core/text/feedback.yaml``). A training program's reasons are the
person's own figures against fixed standards ("capaian SKP Anda 85,0%, di
bawah standar 90%"), then the unit's survey or complaints worded as the
unit's; clusters and z-scores never reach a page. The e-Kinerja part says which working days were left
out of the reporting rate and why (by kind of absence), the minutes reported and the activities behind each
SKP indicator (those without any worded as a question, not a finding); direct observations stand beside the
BerAKHLAK ratings as evidence, on the person's own page and the team page only. The templates escape every text from
data (:mod:`kinerja.present.templating`), use the offline frame of the run
pages (inline styles, nothing loaded) and link only to the other pages of the set.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from kinerja.core.formatting import LANGUAGES, long_date, number, percent
from kinerja.core.text import Phrases, phrases, say
from kinerja.data.dictionary import BERAKHLAK
from kinerja.feedback.records import PPPK_MAX_JP
from kinerja.metrics import skp
from kinerja.metrics.absences import kind_order
from kinerja.present.templating import render
from kinerja.training import MIN_JP_PER_YEAR

if TYPE_CHECKING:
    from kinerja.core.periods import Quarter
    from kinerja.feedback.records import (
        AsnFeedback,
        FeedbackData,
        Finding,
        ProgramAdvice,
        ProgramReason,
    )

__all__ = ["LANGUAGES", "asn_page", "index_page", "unit_page"]

# Ratings, predikat, their sources and skp.REASONS are Indonesian terms; an English page adds a gloss.
_RATINGS_EN = {skp.ABOVE: "above expectations", skp.MEETS: "meets expectations", skp.BELOW: "below expectations"}
_PREDIKAT_EN = {"Sangat Baik": "very good", "Baik": "good", "Butuh Perbaikan": "needs improvement",
                "Kurang/Misconduct": "poor/misconduct", "Sangat Kurang": "very poor"}
_SOURCES_EN = {"tercatat": "recorded by the supervisor", "dihitung dari capaian": "computed from attainment",
               "dihitung dari BerAKHLAK": "computed from the BerAKHLAK ratings"}
_REASONS_EN = {
    "target_missing": "target blank", "target_zero": "target zero", "target_negative": "negative target",
    "realisation_missing": "realisation blank", "realisation_negative": "negative realisation",
    "realisation_zero_lower": "realisation zero on a lower-is-better indicator",
}
_PERCENT_VALUES = frozenset({"capaian", "previous", "threshold", "rate", "median", "standard"})
_COUNT_VALUES = frozenset({"met", "indicators", "days", "workdays", "available", "absent", "needed", "count"})
_JP_VALUES = frozenset({"jp", "minimum", "maximum", "missing", "program_jp"})
_VALUE_LABELS = dict(BERAKHLAK)
"""Training feature -> the BerAKHLAK value it is (``kolaboratif`` -> ``Kolaboratif``)."""
_OWN_SECTION = frozenset({"absences", "minutes", "skp_links", "observations"})
"""Unknown measures whose reason the page gives in their own part, not among the other observations."""


def _amount(value: float, language: str) -> str:
    """A target or realisation: whole numbers without decimals, others with up to two."""
    if value is None or math.isnan(value):
        return "–"
    if float(value).is_integer():
        return number(value, 0, language)
    return number(value, 2, language).rstrip("0").rstrip("," if language == "id" else ".")


def _jp(value: float | None, language: str) -> str:
    return "–" if value is None else number(value, 0 if float(value).is_integer() else 1, language)


def _rating(value: str | None, language: str) -> str:
    if value is None:
        return "–"
    return value if language == "id" else f"{value} ({_RATINGS_EN.get(value, value)})"


def _predikat(value: str | None, language: str) -> str:
    if value is None:
        return "–"
    return value if language == "id" else f"{value} ({_PREDIKAT_EN.get(value, value)})"


def _source(value: str | None, language: str) -> str:
    if value is None:
        return ""
    return f" ({value})" if language == "id" else f" ({_SOURCES_EN.get(value, value)})"


def _reason(code: str | None, language: str) -> str:
    if code is None:
        return ""
    return skp.REASONS.get(code, code) if language == "id" else _REASONS_EN.get(code, code)


def _days_of(days: float | None, workdays: float | None, available: float | None, language: str) -> str:
    """``57 dari 64 hari``, or ``52 dari 57 hari kerja tersedia`` when absences left days out of the rate's base."""
    if available is None or available == workdays:
        return say("feedback.days_of", language, days=number(days, 0, language), workdays=number(workdays, 0, language))
    if available == 0:
        return say("feedback.no_available_days", language)
    return say("feedback.days_of_available", language, days=number(days, 0, language),
               available=number(available, 0, language))


def _fill(template: str, finding: Finding, language: str, **extra: str) -> str:
    """The sentence of ``template`` with the finding's numbers formatted (the template escapes it)."""
    values: dict[str, str] = {"subject": finding.subject or ""}
    if "days" in finding.values:
        found = finding.values
        values["days_of"] = _days_of(found["days"], found.get("workdays"), found.get("available"), language)
    for name, value in finding.values.items():
        if name in _PERCENT_VALUES:
            values[name] = percent(value, 1 if name in ("capaian", "previous", "rate", "median") else 0, language)
        elif name in _COUNT_VALUES:
            values[name] = number(value, 0, language)
        elif name == "rise":  # a difference of two shares: percentage points, worded by the sentence
            values[name] = number(value * 100, 1, language)
        elif name in _JP_VALUES:
            values[name] = _jp(value, language)
        else:
            values[name] = _amount(value, language)
    return template.format(**values, **extra)


def _period(quarter: Quarter, w: Phrases, language: str) -> dict[str, str]:
    """What a JP sentence says besides numbers: the calendar year, its last day counted and the PNS rule."""
    return {"year": str(quarter.end.year), "end": long_date(quarter.end, language), "rule": w["pns_rule"]}


def _strength(finding: Finding, period: dict[str, str], language: str) -> str:
    """The sentence of a strength."""
    return _fill(say(f"feedback.strength_text.{finding.code}", language), finding, language, **period)


def _note(finding: Finding, language: str) -> str:
    """The sentence of a note: true of the person, neither a strength nor an area."""
    return _fill(say(f"feedback.note_text.{finding.code}", language), finding, language)


def _training_unavailable(data: FeedbackData, language: str) -> str | None:
    """Why no programme is proposed this quarter, in the page's language; None when programmes are."""
    if data.training_unavailable is None:
        return None
    reason = data.reasons.get("training_need", {}).get(language) or data.training_unavailable
    return f"{reason[:1].upper()}{reason[1:].rstrip('.')}."


def _unknown(record: AsnFeedback, data: FeedbackData, language: str) -> list[str]:
    """Why each measure of the person the data cannot give is unknown ("–" on the page, never 0)."""
    return [say("feedback.unknown.prefix", language, reason=data.reasons[part][language].rstrip("."))
            for part in record.unknown if part in data.reasons and part not in _OWN_SECTION]


def _sentence(text: str) -> str:
    """A reason as a sentence of its own: capital first letter, one full stop."""
    return f"{text[:1].upper()}{text[1:].rstrip('.')}."


def _why(part: str, data: FeedbackData, language: str) -> str:
    """Why ``part`` is unknown, without its full stop, to go inside a sentence ("–" if no reason is known)."""
    reason = data.reasons.get(part)
    return reason[language].rstrip(".") if reason else "–"


def _kinds(kinds: Sequence[tuple[str, int]], w: Phrases, language: str) -> str:
    """``Cuti Tahunan 5, Dinas Luar 2``: working days away by kind (an English page glosses the kinds)."""
    names = w["absence_kind"]
    return ", ".join(f"{names.get(kind, kind)} {number(days, 0, language)}" for kind, days in kinds)


def _absences(record: AsnFeedback, data: FeedbackData, w: Phrases, language: str) -> dict[str, str | None]:
    """What the e-Kinerja part says of absences: the days left out and why, and why leave was not subtracted."""
    excluded = None
    if record.absence_days and record.workdays is not None:
        template = w["absences_all"] if record.available == 0 else w["absences_excluded"]
        excluded = template.format(total=number(record.absence_days, 0, language),
                                   kinds=_kinds(record.absences, w, language),
                                   available=number(record.available, 0, language),
                                   workdays=number(record.workdays, 0, language))
    unknown = w["absences_unknown"].format(reason=_why("absences", data, language)) \
        if "absences" in record.unknown else None
    return {"excluded": excluded, "unknown": unknown}


def _minutes(record: AsnFeedback, data: FeedbackData, w: Phrases, language: str) -> dict[str, Any] | None:
    """The rows and sentences of the minutes part; None when the e-Kinerja reporting is unknown."""
    if not record.reporting_known:
        return None
    minutes = record.minutes
    if minutes is None:
        return {"unknown": say("feedback.unknown.prefix", language, reason=_why("minutes", data, language))}
    rows = [(w["minutes_median"],
             "–" if math.isnan(minutes.median) else w["minutes_value"].format(minutes=number(minutes.median, 0,
                                                                                             language)),
             w["minutes_days"].format(days=number(minutes.days, 0, language)) if minutes.days
             else w["minutes_no_days"], "minutes-median")]
    if minutes.minimum is not None and minutes.days:
        rows.append((w["minutes_under"].format(minimum=number(minutes.minimum, 0, language)),
                     percent(minutes.share_under, 1, language),
                     w["minutes_under_days"].format(under=number(minutes.days_under, 0, language),
                                                    days=number(minutes.days, 0, language)), "minutes-under"))
    return {"unknown": None, "rows": rows,
            "minimum": None if minutes.minimum is not None else w["minutes_no_minimum"],
            "implausible": w["minutes_implausible"].format(n=number(minutes.implausible_days, 0, language))
            if minutes.implausible_days else None}


def _links(record: AsnFeedback, data: FeedbackData, w: Phrases, language: str) -> dict[str, Any] | None:
    """The rows and the indicators without activity of the SKP-links part; None when reporting is unknown."""
    if not record.reporting_known:
        return None
    links = record.links
    if links is None:
        return {"unknown": say("feedback.unknown.prefix", language, reason=_why("skp_links", data, language))}
    rows = [(w["links_share"], percent(links.share, 1, language),
             w["links_of"].format(linked=number(links.linked, 0, language),
                                  activities=number(links.activities, 0, language))
             if links.activities else w["links_none"], "linked-share")]
    if links.indicators:
        rows.append((w["links_without"], number(len(links.without_activity), 0, language),
                     w["links_without_of"].format(indicators=number(links.indicators, 0, language)),
                     "without-activity-count"))
    return {"unknown": None, "rows": rows, "without": links.without_activity,
            "all_active": w["every_indicator_active"] if links.indicators and not links.without_activity else None,
            "no_skp": w["no_skp_to_link"] if not links.indicators else None}


def _observations(record: AsnFeedback, data: FeedbackData, w: Phrases, language: str) -> dict[str, Any]:
    """Counts per value beside the ratings, the latest positive note, or why there are none."""
    seen = record.observations
    if seen is None:
        return {"counts": None,
                "unknown": w["observations_unknown"].format(reason=_why("observations", data, language))}
    partial = data.reasons.get("observations_partial")
    latest = seen.latest_positive
    return {"counts": {label: (positive, attention) for label, positive, attention in seen.counts}, "unknown": None,
            "evidence": w["observations_evidence"].format(positive=number(seen.positive, 0, language),
                                                          attention=number(seen.needs_improvement, 0, language))
            if seen.positive or seen.needs_improvement else w["observations_none"],
            "latest": None if latest is None else
            (w["latest_positive"].format(date=long_date(latest.day, language), value=latest.value), latest.text),
            "partial": _sentence(partial[language]) if partial else None}


def _area(finding: Finding, w: Phrases, period: dict[str, str], language: str) -> tuple[str, str]:
    """(what, next step) of an area to develop."""
    if finding.code == "berakhlak_below":
        what = _fill(say("feedback.area_text.berakhlak_below.what", language), finding, language)
        return what, w["berakhlak_step"].get(finding.subject or "", "")
    indicator = finding.indicator
    extra = dict(period)
    if indicator is not None:
        unit = indicator.measure_unit or ""
        # The gap of a percentage is a difference of percentages: percentage points.
        extra |= {"measure_unit": unit if unit in ("", "%") else f" {unit}",
                  "gap_unit": w["points"] if unit == "%" else "" if unit == "" else f" {unit}",
                  "reason": _reason(indicator.reason_code, language)}
    key = finding.code
    if key == "indicator_low":
        key = f"indicator_low_{indicator.direction}"
    elif key == "jp_short" and finding.subject:
        key = "jp_short_program"
    what, step = (say(f"feedback.area_text.{key}.{part}", language) for part in ("what", "step"))
    return _fill(what, finding, language, **extra), _fill(step, finding, language, **extra)


def _quarter_label(quarter: Quarter, language: str) -> str:
    return quarter.label_id if language == "id" else quarter.label_en


def _reason_text(reason: ProgramReason, language: str) -> str:
    """One reason in words: the person's own figure and the standard it misses, or the unit's reason."""
    if reason.scope == "unit":
        return say("feedback.reason_unit", language, text=reason.text or "")
    if reason.rule == "berakhlak":
        return say("feedback.reason_rule.berakhlak", language, label=_VALUE_LABELS.get(reason.feature or "", ""),
                   rating=_rating(reason.rating, language), standard=_rating(reason.standard_rating, language))
    if reason.rule == "predikat":
        return say("feedback.reason_rule.predikat", language, rating=_predikat(reason.rating, language),
                   standard=_predikat(reason.standard_rating, language))
    return say(f"feedback.reason_rule.{reason.rule}", language, value=percent(reason.value, 1, language),
               standard=percent(reason.standard, 0, language))


def _reasons(program: ProgramAdvice, language: str) -> str:
    """Why a program is proposed, in words: the person's own figures against their standards, then the unit's."""
    return "; ".join(_reason_text(reason, language) for reason in program.reasons) + "."


def _jp_rule(record: AsnFeedback, w: Phrases, language: str) -> str:
    """The JP rule of the person's employment type: a PNS's right to a minimum, a PPPK's limit."""
    if record.employment_type == "PNS":
        return w["jp_rule_pns"].format(minimum=_jp(MIN_JP_PER_YEAR, language), rule=w["pns_rule"])
    if record.employment_type == "PPPK":
        return w["jp_rule_pppk"].format(maximum=_jp(PPPK_MAX_JP, language), rule=w["pppk_rule"])
    return w["jp_rule_unknown"]


def _wording(w: Phrases, language: str) -> dict[str, Any]:
    """What every feedback template reads: the catalogue's words ``w`` and the wording of ratings, amounts and JP."""
    return {"language": language, "w": w, "amount": partial(_amount, language=language),
            "jp": partial(_jp, language=language), "rating": partial(_rating, language=language),
            "predikat": partial(_predikat, language=language), "source": partial(_source, language=language),
            "reason": partial(_reason, language=language), "quarter_label": partial(_quarter_label, language=language)}


def asn_page(record: AsnFeedback, data: FeedbackData, language: str = "id") -> str:
    """Return the feedback page of one ASN: strengths, areas to develop with a next step each, then the details.

    The page holds this ASN's data and unit medians only: no colleague's name,
    NIP or value.
    """
    w = phrases("feedback", language)
    quarter = _quarter_label(data.quarter, language)
    period = _period(data.quarter, w, language)
    return render(
        "feedback/asn.html.j2", **_wording(w, language),
        title=f"{w['title']} · {record.name} · {quarter}", back=None, restricted=w["restricted"], demo=data.options.demo,
        record=record, quarter=quarter, quarter_end=data.quarter.end, options=data.options,
        training_unavailable=_training_unavailable(data, language),
        capaian_reason=record.capaian_reason if math.isnan(record.capaian) else None,
        strengths=[_strength(finding, period, language) for finding in record.strengths],
        notes=[_note(finding, language) for finding in record.notes] + _unknown(record, data, language),
        areas=[_area(finding, w, period, language) for finding in record.areas],
        jp_rule=_jp_rule(record, w, language), reasons=partial(_reasons, language=language),
        days_of=_days_of(record.days_reported, record.workdays, record.available, language),
        absences=_absences(record, data, w, language), minutes=_minutes(record, data, w, language),
        links=_links(record, data, w, language), observed=_observations(record, data, w, language),
    )


def _flags(member: AsnFeedback, data: FeedbackData, language: str) -> str:
    """The flags of a member of a team, in words, or a dash."""
    return "; ".join(say(f"feedback.flag_text.{code}", language,
                         standard=percent(data.options.reporting_standard, 0, language),
                         on_time=percent(data.options.on_time_standard, 0, language), n=data.options.no_report_days)
                     for code in member.flags) or "–"


def _team_work(members: Sequence[AsnFeedback], data: FeedbackData, w: Phrases, language: str) -> dict[str, Any]:
    """The team's working days away by kind, and per member the days away, linked share and idle indicators.

    Every figure is the member's own page's: the team page only adds them up.
    """
    days: dict[str, int] = {}
    people: dict[str, int] = {}
    for member in members:
        for kind, count in member.absences:
            days[kind] = days.get(kind, 0) + count
            people[kind] = people.get(kind, 0) + 1
    names = w["absence_kind"]
    kinds = [(names.get(kind, kind), number(days[kind], 0, language), number(people[kind], 0, language))
             for kind in kind_order(pd.Series(list(days), dtype="str"))]
    rows = []
    for member in members:
        away = number(member.absence_days, 0, language)
        if member.absences:
            away += f" ({_kinds(member.absences, w, language)})"
        links = member.links
        rows.append((member, away, "–" if links is None else percent(links.share, 1, language),
                     "–" if links is None or not links.indicators else
                     f"{number(len(links.without_activity), 0, language)} "
                     f"{w['links_without_of'].format(indicators=number(links.indicators, 0, language))}"))
    unknown = w["absences_unknown"].format(reason=_why("absences", data, language)) \
        if any("absences" in member.unknown for member in members) else None
    return {"kinds": kinds, "total": number(sum(days.values()), 0, language), "rows": rows, "unknown": unknown}


def _team_observations(members: Sequence[AsnFeedback], data: FeedbackData, w: Phrases,
                       language: str) -> dict[str, Any]:
    """Observations of the team: counts per value (positive, needing improvement) and each member's latest note
    needing improvement; or why there are none."""
    observed = [member for member in members if member.observations is not None]
    if not observed:
        return {"unknown": w["observations_unknown"].format(reason=_why("observations", data, language))}
    counts = {label: [0, 0] for _, label in BERAKHLAK}
    for member in observed:
        for label, positive, attention in member.observations.counts:
            counts.setdefault(label, [0, 0])
            counts[label][0] += positive
            counts[label][1] += attention
    notes = [(member, member.observations.latest_attention) for member in observed
             if member.observations.latest_attention is not None]
    partial = data.reasons.get("observations_partial")
    return {"unknown": None, "counts": [(label, positive, attention) for label, (positive, attention) in counts.items()],
            "notes": notes, "partial": _sentence(partial[language]) if partial else None}


def _programs(member: AsnFeedback) -> str:
    """The names of the programs proposed to a member of a team, or a dash."""
    return "–" if member.programs is None else (", ".join(p.name for p in member.programs) or "–")


def unit_page(unit: str, members: Sequence[AsnFeedback], links: Mapping[str, str], data: FeedbackData,
              language: str = "id") -> str:
    """Return the supervisor's page of a unit: the team's table, linking to each member's page.

    Parameters
    ----------
    unit
        The unit code.
    members
        The unit's records, in the order shown (by name).
    links
        NIP -> relative link of the member's page.
    """
    w = phrases("feedback", language)
    quarter = _quarter_label(data.quarter, language)
    name = data.unit_names.get(unit, unit)
    return render(
        "feedback/unit.html.j2", **_wording(w, language),
        title=f"{w['team']} {name} · {quarter}", back=None, restricted=w["restricted_team"], demo=data.options.demo,
        unit_name=name, quarter=quarter, members=members, first=members[0], links=links,
        without_data=sum(not member.has_data for member in members), stability=data.stability,
        flags=partial(_flags, data=data, language=language), programs=_programs,
        indicators=data.unit_indicators.get(unit, ()), compare_quarters=data.options.evaluation.compare_quarters,
        work=_team_work(members, data, w, language), observed=_team_observations(members, data, w, language),
    )


def index_page(groups: Mapping[str, Sequence[AsnFeedback]], links: Mapping[str, str], data: FeedbackData,
               language: str = "id") -> str:
    """Return the index of a set of feedback pages: one row per unit, linking to its team page."""
    w = phrases("feedback", language)
    quarter = _quarter_label(data.quarter, language)
    return render(
        "feedback/index.html.j2", **_wording(w, language),
        title=f"{w['index']} · {quarter}", back=None, restricted=w["restricted_team"], demo=data.options.demo,
        quarter=quarter, groups=groups, links=links, unit_names=data.unit_names,
    )
