"""What the resistance study shows: its tables and the sentences that carry its numbers, in one language.

Every function takes a `kinerja.research.study.ResistanceStudy` (or one of its
results) and a language, and returns a DataFrame for `kinerja.present.report.table`
or a Markdown string; the words come from the text catalogue
(``kinerja/core/text/resistensi.yaml``) and the numbers are written as
reports in that language write them (`kinerja.core.formatting`).  Prose that
names no number of the run is in the notebook's Markdown cells, not here.

The arguments every function shares: ``study``, the `ResistanceStudy` to
show, and ``language``, ``"id"`` (the default) or ``"en"``.  A part of the
study that could not be computed is shown as the sentence saying why (its
entry in `ResistanceStudy.errors`), never as an empty table or a zero.

Examples
--------
>>> interval(0.92, 0.94, "id"), interval(0.92, 0.94, "en")
('[0,92; 0,94]', '[0.92, 0.94]')
>>> p_value(0.0004, "id"), p_value(0.0213, "en")
('< 0,001', '0.021')
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from kinerja.core.formatting import apa_in, long_date, number, percent
from kinerja.core.periods import Quarter
from kinerja.core.text import Phrases, phrases
from kinerja.present.report import (
    escape_markdown,
    language_name,
    privacy_name,
    quality_annex,
    table_label,
)
from kinerja.research.adoption_models import RegressionResult, regression_terms
from kinerja.research.groups import MIN_GROUP_N, WELCH_MIN_N, GroupComparison
from kinerja.research.scales import TOTAL
from kinerja.research.study import SOSIALISASI_OUTCOMES, ResistanceStudy

__all__ = [
    "SIGNIFICANCE",
    "adoption_curves",
    "adoption_markdown",
    "annex_counts",
    "annex_rejects",
    "apa",
    "ci_label",
    "coefficients_table",
    "comparison_reason",
    "comparisons_markdown",
    "comparisons_table",
    "completeness",
    "day",
    "descriptives_by_group",
    "descriptives_markdown",
    "descriptives_overall",
    "extract_markdown",
    "group_label",
    "group_means_frame",
    "headline_details",
    "headlines",
    "instrument_items",
    "instrument_markdown",
    "interval",
    "km_markdown",
    "km_table",
    "limitations_markdown",
    "logit_markdown",
    "ols_markdown",
    "p_value",
    "parameter_values",
    "reliability_items",
    "reliability_markdown",
    "reliability_scales",
    "response_rates",
    "sample_markdown",
    "sosialisasi_markdown",
    "sosialisasi_table",
    "span",
    "summary_markdown",
    "term_labels",
    "weak_items_markdown",
]

SIGNIFICANCE = 0.05
"""Group differences with a smaller p are named in the summary (the catalogue's sentence says p < .05)."""

_QUALITY_TABLES = ("change_survey", "employees", "units", "sosialisasi", "activities")
"""The tables the study reads, in the order the annex lists them."""


def _words(language: str) -> Phrases:
    return phrases("resistensi", language)


def _n(value: Any, language: str, decimals: int = 2) -> str:
    return number(value, decimals, language)


def _ci_label(study: ResistanceStudy, words: Phrases) -> str:
    return words["ci"].format(level=f"{round(study.options.ci * 100)}%")


def ci_label(study: ResistanceStudy, language: str = "id") -> str:
    """The name of the study's intervals, e.g. ``IK 95%`` or ``95% CI``."""
    return _ci_label(study, _words(language))


def _total_alpha(study: ResistanceStudy, language: str) -> str:
    """The total score's alpha in APA style, or a dash when it could not be computed."""
    results = study.reliability.results
    return apa(results[TOTAL].apa(), language) if TOTAL in results else "–"


def apa(statistics: str, language: str = "id") -> str:
    """Statistics in English APA style, as the ``apa()`` of a research result gives them, written in ``language``.

    See :func:`kinerja.core.formatting.apa_in`; the Indonesian words (``IK``, ``selisih``) are the catalogue's.

    Examples
    --------
    >>> apa("α = .93, 95% CI [.92, .94]", "id")
    'α = 0,93; IK 95% [0,92; 0,94]'
    >>> apa("M = 2.99 vs 3.48, difference = -0.49, 95% CI [-0.60, -0.37]", "id")
    'M = 2,99 vs 3,48; selisih = −0,49; IK 95% [−0,60; −0,37]'
    >>> apa("α = .93, 95% CI [.92, .94]", "en")
    'α = .93, 95% CI [.92, .94]'
    """
    english, said = phrases("resistensi.apa_terms", "en"), phrases("resistensi.apa_terms", language)
    return apa_in(statistics, language, {english[key]: said[key] for key in english})


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


# --------------------------------------------------------------------------------------
# Numbers, days and labels
# --------------------------------------------------------------------------------------

def interval(low: float, high: float, language: str = "id", decimals: int = 2) -> str:
    """An interval in brackets; Indonesian separates the ends with ``;`` because its decimal mark is ``,``."""
    separator = "; " if language == "id" else ", "
    return f"[{_n(low, language, decimals)}{separator}{_n(high, language, decimals)}]"


def p_value(p: float | None, language: str = "id") -> str:
    """A p value to three decimals, ``< 0,001`` below that, and a dash when there is none."""
    if p is None or not math.isfinite(p):
        return "–"
    return f"< {_n(0.001, language, 3)}" if p < 0.001 else _n(p, language, 3)


def day(stamp: Any, language: str = "id") -> str:
    """A day as ``3 Oktober 2024``; a dash for no day."""
    if stamp is None or pd.isna(stamp):
        return "–"
    return long_date(pd.Timestamp(stamp).date(), language)


def span(first: Any, last: Any, language: str = "id") -> str:
    """A period of days, ``first–last``; one day when both ends agree."""
    if pd.Timestamp(first) == pd.Timestamp(last):
        return day(first, language)
    return f"{day(first, language)}–{day(last, language)}"


def _group_label(study: ResistanceStudy, words: Phrases, attribute: str, group: Any) -> str:
    if group is None or pd.isna(group):
        return words["unknown"]
    if attribute == "unit_code":
        return str(study.unit_names.get(group, group))
    if attribute == "resistance_tertile":
        return words["tertile"].get(group, group)
    return str(group)


def group_label(study: ResistanceStudy, attribute: str, group: Any, language: str = "id") -> str:
    """A group as a report names it: a unit by its name, a tertile in words, a missing group as unknown."""
    return _group_label(study, _words(language), attribute, group)


def _term_labels(study: ResistanceStudy, words: Phrases, result: RegressionResult) -> list[str]:
    labels = []
    for _, row in regression_terms(result).iterrows():
        name = words["variables"].get(row["variable"], row["variable"])
        if pd.isna(row["level"]):
            labels.append(name)
        else:
            level = words["vs"].format(level=_group_label(study, words, row["variable"], row["level"]),
                                       reference=_group_label(study, words, row["variable"], row["reference"]))
            labels.append(f"{name}: {level}")
    return labels


def term_labels(study: ResistanceStudy, result: RegressionResult, language: str = "id") -> list[str]:
    """The coefficients' names in words, e.g. ``Jenis unit: sekolah (dibanding kecamatan)``."""
    return _term_labels(study, _words(language), result)


def _reason(study: ResistanceStudy, words: Phrases, comparison: GroupComparison) -> str:
    if comparison.method == "welch":
        reasons = [words["why_welch"].format(welch=WELCH_MIN_N)]
    elif min(comparison.group_sizes) < WELCH_MIN_N:
        reasons = [words["why_small"].format(n=min(comparison.group_sizes), welch=WELCH_MIN_N)]
    else:
        reasons = [words["why_flat"]]
    if comparison.excluded:
        groups = ", ".join(_group_label(study, words, comparison.attribute, g) for g in comparison.excluded)
        reasons.append(words["why_excluded"].format(min_n=MIN_GROUP_N, groups=groups))
    if not math.isfinite(comparison.ci_low):
        reasons.append(words["why_no_ci"])
    return "; ".join(reasons)


def comparison_reason(study: ResistanceStudy, comparison: GroupComparison, language: str = "id") -> str:
    """Why the comparison used its test, which groups it left out, and why it has no interval if so.

    The rule is `kinerja.research.compare_groups`'s: Welch's ANOVA when every
    group compared has at least `WELCH_MIN_N` respondents, Kruskal-Wallis when
    a group is smaller or a group's scores are all equal.
    """
    return _reason(study, _words(language), comparison)


# --------------------------------------------------------------------------------------
# Parameters and summary
# --------------------------------------------------------------------------------------

def parameter_values(study: ResistanceStudy, *, data: str, quarter: Quarter, privacy: str,
                     language: str = "id") -> dict[str, Any]:
    """The run's parameters by their labels in ``language``, with the follow-up days actually used.

    For :func:`kinerja.present.report.parameters_block`.
    """
    words, options = _words(language), study.options
    name = words["parameters"]
    rollout, until = day(study.rollout, language), day(study.observed_until, language)
    counts = study.dataset.counts
    survey = options.survey or (counts["change_survey"].file if "change_survey" in counts else "–")
    return {
        name["data"]: data, name["instrument"]: study.instrument.name, name["survey"]: survey,
        name["quarter"]: quarter.label_id if language == "id" else quarter.label_en,
        name["language"]: language_name(language), name["privacy"]: privacy_name(privacy, language),
        name["rollout"]: rollout if options.rollout else words["rollout_default"].format(date=rollout),
        name["observed_until"]: until if options.observed_until else words["until_default"].format(date=until),
        name["day_unit"]: words[options.day_unit], name["adoption_within_days"]: options.adoption_within_days,
        name["sosialisasi_topic"]: options.sosialisasi_topic or words["all_sessions"],
        name["sosialisasi_randomised"]: words["yes"] if options.sosialisasi_randomised else words["no"],
        name["group_attributes"]: ", ".join(_short_name(words, "attr", a) for a in options.group_attributes),
        name["controls"]: ", ".join(_short_name(words, "variables", c) for c in options.controls),
        name["ci"]: f"{round(options.ci * 100)}%", name["n_boot"]: options.n_boot,
        name["random_state"]: options.random_state,
    }


def _short_name(words: Phrases, group: str, key: str) -> str:
    """``Kelompok usia (tahun)`` -> ``kelompok usia``: a label shortened to run inside a sentence."""
    return words[group].get(key, key).split(" (")[0].lower()


def summary_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """The summary of findings, one bullet per analysis that has a result."""
    words = _words(language)
    ci = _ci_label(study, words)
    sample = study.sample
    lines = [words["s_sample"].format(n=_n(sample.respondents, language, 0),
                                      rate=percent(sample.response_rate, 1, language),
                                      alpha=_total_alpha(study, language))]
    if (ols := study.ols) is not None:
        controls = ", ".join(_short_name(words, "variables", c) for c in study.options.controls
                             if c not in ols.dropped_controls)
        lines.append(words["s_slope"].format(
            sign="+" if ols.estimate > 0 else "", b=_n(ols.estimate, language, 1),
            unit=words[study.options.day_unit], ci=ci, interval=interval(ols.ci_low, ols.ci_high, language, 1),
            controls=controls or words["none"]))
    if (survival := study.survival) is not None:
        medians = survival.medians()
        lines.append(words["s_km"].format(
            medians="; ".join(f"{_group_label(study, words, 'resistance_tertile', g)} {_n(m, language, 0)}"
                              for g, m in zip(medians["group"], medians["median_days"])),
            logrank=apa(survival.logrank.apa(), language)))
    if (logit := study.logit) is not None:
        row = logit.coefficients.loc[logit.exposure_term]
        lines.append(words["s_logit"].format(
            days=study.options.adoption_within_days, or_=_n(row["odds_ratio"], language), ci=ci,
            interval=interval(row["or_ci_low"], row["or_ci_high"], language)))
    different = [f"{_short_name(words, 'attr', a)} ({apa(c.apa(), language)})" for a, c in study.comparisons.items()
                 if c.test.p_value < SIGNIFICANCE]
    lines.append(words["s_groups"].format(items="; ".join(different)) if different else words["s_no_groups"])
    if (total := study.sosialisasi.get(TOTAL)) is not None:
        d = total.difference
        lines.append(words["s_sosialisasi"].format(
            d=_n(d.difference, language), ci=ci, interval=interval(d.ci_low, d.ci_high, language)))
    return _bullets(lines)


# --------------------------------------------------------------------------------------
# 1. Instrument, 2. Sample
# --------------------------------------------------------------------------------------

def instrument_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """The instrument: name, items, answer range, reference, answer labels, scoring and reversed items."""
    words, scale = _words(language), study.instrument
    answers = "; ".join(f"{point} = {text.get(language)}" for point, text in sorted(scale.labels.items()))
    paragraphs = [
        words["instrument_lead"].format(name=escape_markdown(scale.name), k=len(scale.items),
                                        s=len(scale.subscales), lo=scale.minimum, hi=scale.maximum),
        f"*{words['citation']}:* {escape_markdown(scale.citation)}",
        f"*{words['answers']}:* {escape_markdown(answers)}" if answers else "",
        words["scoring"].format(share=percent(scale.max_missing_share, 0, language)),
        words["reversed"].format(items=", ".join(scale.reversed_items) or words["none"]),
        # The instrument file's notes are in English only: an Indonesian page leaves them to the limitations.
        f"*{words['notes']}:* {escape_markdown(scale.notes)}" if scale.notes and language == "en" else "",
    ]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def instrument_items(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """One row per item: id, subscale (the first listing it), text and whether it is reverse-keyed."""
    words, scale = _words(language), study.instrument
    home: dict[str, str] = {}
    for subscale in scale.subscales:
        for item in subscale.items:
            home.setdefault(item, subscale.name.get(language))
    return pd.DataFrame({
        words["item"]: scale.item_ids,
        words["subscale"]: [home.get(item.id, "–") for item in scale.items],
        words["text"]: [item.text.get(language) for item in scale.items],
        words["reverse"]: [words["yes"] if item.reverse else "" for item in scale.items],
    })


def sample_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """Who answered, the response rate, the linkage and the follow-up; then what the group rows hold."""
    words, sample = _words(language), study.sample
    period = span(*study.survey_period, language) if study.survey_period else "–"
    lead = words["sample_lead"].format(
        n=_n(sample.respondents, language, 0), employees=_n(sample.employees, language, 0),
        rate=percent(sample.response_rate, 1, language), linked=_n(sample.linked, language, 0), period=period,
        rollout=day(study.rollout, language), until=day(study.observed_until, language),
        unit=words[study.options.day_unit])
    groups = words["sample_groups"].format(date=day(sample.at, language), min_n=MIN_GROUP_N)
    if sample.linked < sample.respondents:
        groups += " " + words["unlinked"].format(n=_n(sample.respondents - sample.linked, language, 0))
    return f"{lead}\n\n{groups}"


def response_rates(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """Employees, respondents and the response rate per group; small groups suppressed."""
    words, groups = _words(language), study.sample.by_group
    return pd.DataFrame({
        words["attribute"]: [words["attr"].get(a, a) for a in groups["attribute"]],
        words["group"]: [_group_label(study, words, a, g) for a, g in zip(groups["attribute"], groups["group"])],
        words["employees"]: [_n(v, language, 0) for v in groups["employees"]],
        words["respondents"]: groups["respondents_label"],
        words["response_rate"]: [words["suppressed"].format(min_n=MIN_GROUP_N) if hidden
                                 else percent(rate, 1, language)
                                 for hidden, rate in zip(groups["suppressed"], groups["response_rate"])],
    })


def _scale_name(study: ResistanceStudy, words: Phrases, language: str, key: Any) -> str:
    names = {s.key: s.name.get(language) for s in study.instrument.subscales} | {TOTAL: words["total_name"]}
    return names.get(key, key)


def completeness(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """Per scale: respondents with a score, with a prorated score, and without one."""
    words, scores = _words(language), study.scores
    columns = list(scores.scores.columns)
    return pd.DataFrame({
        words["scale"]: [_scale_name(study, words, language, c) for c in columns],
        words["scored"]: [_n(scores.scores[c].notna().sum(), language, 0) for c in columns],
        words["prorated"]: [_n(scores.prorated[c], language, 0) for c in columns],
        words["unscored"]: [_n(scores.too_many_missing[c], language, 0) for c in columns],
    })


# --------------------------------------------------------------------------------------
# 3. Reliability, 4. Descriptives
# --------------------------------------------------------------------------------------

def reliability_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """The total score's alpha, in APA style."""
    return _words(language)["reliability_lead"].format(total=_total_alpha(study, language))


def reliability_scales(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """Alpha with its interval, and standardised alpha, per subscale and for the total."""
    words, scales = _words(language), study.reliability.scales
    return pd.DataFrame({
        words["scale"]: [_scale_name(study, words, language, s) for s in scales["scale"]],
        words["k_items"]: scales["n_items"],
        words["n"]: [_n(v, language, 0) for v in scales["n_respondents"]],
        words["complete"]: [_n(v, language, 0) for v in scales["n_complete"]],
        words["alpha"]: [_n(v, language) for v in scales["alpha"]],
        _ci_label(study, words): [interval(lo, hi, language) for lo, hi in zip(scales["ci_low"], scales["ci_high"])],
        words["std_alpha"]: [_n(v, language) for v in scales["standardised_alpha"]],
        words["apa"]: [apa(text, language) for text in scales["apa"]],
    })


def weak_items_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """The items flagged as weak (`ResistanceStudy.weak_items`), or none."""
    words = _words(language)
    return words["reliability_flags"].format(items=", ".join(study.weak_items) or words["none"])


def reliability_items(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """Per item, after reverse keying: mean, sd, item-rest r and alpha if deleted, in its subscale and the total."""
    words, items = _words(language), study.reliability.items
    statistics = {"mean": "mean", "sd": "sd", "r_sub": "subscale_r", "aid_sub": "subscale_alpha_if_deleted",
                  "r_total": "total_r", "aid_total": "total_alpha_if_deleted"}
    return pd.DataFrame({
        words["item"]: items["item"],
        words["subscale"]: [_scale_name(study, words, language, s) if isinstance(s, str) else "–"
                            for s in items["subscale"]],
        words["reverse"]: [words["yes"] if r else "" for r in items["reverse"]],
        words["n"]: [_n(v, language, 0) for v in items["n_answered"]],
    } | {words[label]: [_n(v, language) for v in items[column]] for label, column in statistics.items()})


def descriptives_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """The range of the scores and how their intervals are computed."""
    scale = study.instrument
    return _words(language)["descriptives_lead"].format(lo=scale.minimum, hi=scale.maximum)


def _describe(study: ResistanceStudy, words: Phrases, language: str, frame: pd.DataFrame) -> dict[str, list]:
    return {
        words["mean"]: [_n(v, language) for v in frame["mean"]],
        words["sd"]: [_n(v, language) for v in frame["sd"]],
        words["median"]: [_n(v, language) for v in frame["median"]],
        _ci_label(study, words): ["–" if hidden else interval(lo, hi, language)
                                  for hidden, lo, hi in zip(frame["suppressed"], frame["ci_low"], frame["ci_high"])],
    }


def descriptives_overall(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """n, mean, sd, median and the interval of the mean of every score."""
    words, overall = _words(language), study.overall
    return pd.DataFrame({
        words["scale"]: [_scale_name(study, words, language, s) for s in overall["score"]],
        words["n"]: overall["n_label"],
    } | _describe(study, words, language, overall))


def descriptives_by_group(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """The total score per group of every attribute; small groups suppressed."""
    words, groups = _words(language), study.by_group
    return pd.DataFrame({
        words["attribute"]: [words["attr"].get(a, a) for a in groups["attribute"]],
        words["group"]: [_group_label(study, words, a, g) for a, g in zip(groups["attribute"], groups["group"])],
        words["n"]: [words["suppressed"].format(min_n=MIN_GROUP_N) if hidden else label
                     for hidden, label in zip(groups["suppressed"], groups["n_label"])],
    } | _describe(study, words, language, groups))


# --------------------------------------------------------------------------------------
# 5. Group comparisons
# --------------------------------------------------------------------------------------

def group_means_frame(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """The total score's mean and interval per group that is shown, for a figure of means by group.

    Columns ``attribute`` and ``group`` (both in words), ``mean``, ``ci_low`` and ``ci_high``;
    suppressed groups are left out.
    """
    words, shown = _words(language), study.by_group[~study.by_group["suppressed"]]
    return pd.DataFrame({
        "attribute": [words["attr"].get(a, a) for a in shown["attribute"]],
        "group": [_group_label(study, words, a, g) for a, g in zip(shown["attribute"], shown["group"])],
        "mean": shown["mean"].to_numpy(), "ci_low": shown["ci_low"].to_numpy(),
        "ci_high": shown["ci_high"].to_numpy(),
    })


def comparisons_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """The rule that chooses each comparison's test, with the bootstrap used for its interval."""
    options = study.options
    return _words(language)["comparisons_lead"].format(
        min_n=MIN_GROUP_N, welch=WELCH_MIN_N, n_boot=_n(options.n_boot, language, 0), seed=options.random_state)


def comparisons_table(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """One row per attribute: test, groups, n, p, effect size with its interval, APA, and why this test.

    An attribute that could not be compared has its reason in the last column.
    """
    words = _words(language)
    ci = _ci_label(study, words)
    columns = [words[k] for k in ("attribute", "test", "k", "n", "p", "effect")] + [ci] + \
        [words["statistic"], words["reason"]]
    rows = []
    for attribute in study.options.group_attributes:
        name = words["attr"].get(attribute, attribute)
        c = study.comparisons.get(attribute)
        if c is None:
            rows.append({words["attribute"]: name, words["test"]: words["not_tested"],
                         words["reason"]: study.errors.get(f"comparison:{attribute}", "–")})
            continue
        symbol = "ω²" if c.effect_size_name == "omega_squared" else "ε²"
        rows.append({
            words["attribute"]: name, words["test"]: words[c.method], words["k"]: len(c.groups),
            words["n"]: _n(c.n, language, 0), words["p"]: p_value(c.test.p_value, language),
            words["effect"]: f"{symbol} = {_n(c.effect_size, language)}",
            ci: interval(c.ci_low, c.ci_high, language) if math.isfinite(c.ci_low) else "–",
            words["statistic"]: apa(c.apa(), language), words["reason"]: _reason(study, words, c),
        })
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------
# 6. Adoption
# --------------------------------------------------------------------------------------

def adoption_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """How adoption is measured, and how many linked respondents had reported by the end of follow-up."""
    words = _words(language)
    return words["adoption_lead"].format(
        unit=words[study.options.day_unit], rollout=day(study.rollout, language),
        days=study.options.adoption_within_days, reported=_n(study.reported, language, 0),
        linked=_n(len(study.linked), language, 0), until=day(study.observed_until, language))


def _failed(study: ResistanceStudy, words: Phrases, model: str) -> str:
    return words["model_failed"].format(error=escape_markdown(study.errors.get(model, "–")))


def ols_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """The linear model's n, R² and resistance coefficient, or why it could not be estimated."""
    words, ols = _words(language), study.ols
    if ols is None:
        return _failed(study, words, "ols")
    return words["ols_lead"].format(n=_n(ols.n, language, 0), r2=_n(ols.fit_statistic, language, 3),
                                    apa=apa(ols.apa(), language))


def logit_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """The logistic model's heading (it names the days), then its result or why it could not be estimated."""
    words, logit = _words(language), study.logit
    days = study.options.adoption_within_days
    heading = f"### {words['h_logit'].format(days=days)}"
    if logit is None:
        return f"{heading}\n\n{_failed(study, words, 'logit')}"
    lead = words["logit_lead"].format(days=days, share=percent(study.early_adoption_share, 1, language),
                                      apa=apa(logit.apa(), language), n=_n(logit.n, language, 0),
                                      r2=_n(logit.fit_statistic, language, 3))
    return f"{heading}\n\n{lead}"


def coefficients_table(study: ResistanceStudy, result: RegressionResult, language: str = "id") -> pd.DataFrame:
    """The coefficients of an adoption model, labelled: b and its SE for OLS, odds ratios for a logit.

    A logit's intercept (the odds at zero resistance) is left out.
    """
    words = _words(language)
    ci = _ci_label(study, words)
    labels = pd.Series(_term_labels(study, words, result), index=result.coefficients.index)
    if result.kind == "logit":
        rows = result.coefficients.drop(index="Intercept", errors="ignore")
        return pd.DataFrame({
            words["variable"]: labels.reindex(rows.index).tolist(),
            words["or"]: [_n(v, language) for v in rows["odds_ratio"]],
            ci: [interval(lo, hi, language) for lo, hi in zip(rows["or_ci_low"], rows["or_ci_high"])],
            words["p"]: [p_value(p, language) for p in rows["p_value"]],
        })
    rows = result.coefficients
    return pd.DataFrame({
        words["variable"]: labels.tolist(),
        words["b"]: [_n(v, language) for v in rows["estimate"]],
        words["se"]: [_n(v, language) for v in rows["se"]],
        ci: [interval(lo, hi, language) for lo, hi in zip(rows["ci_low"], rows["ci_high"])],
        words["p"]: [p_value(p, language) for p in rows["p_value"]],
    })


def km_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """The log-rank test of the adoption curves, or why they could not be estimated."""
    words = _words(language)
    if study.survival is None:
        return _failed(study, words, "survival")
    return words["km_lead"].format(apa=apa(study.survival.logrank.apa(), language))


def km_table(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """Per resistance tertile: its score range, n, how many reported, and the median days to the first report."""
    words = _words(language)
    if study.survival is None:
        return pd.DataFrame()
    medians, ranges = study.survival.medians(), study.tertile_ranges
    return pd.DataFrame({
        words["tertile_h"]: [_group_label(study, words, "resistance_tertile", g) for g in medians["group"]],
        words["range"]: [f"{_n(ranges.at[g, 'min'], language)}–{_n(ranges.at[g, 'max'], language)}"
                         for g in medians["group"]],
        words["n"]: [_n(v, language, 0) for v in medians["n"]],
        words["events"]: [_n(v, language, 0) for v in medians["events"]],
        words["median_days"]: [_n(v, language, 0) for v in medians["median_days"]],
    })


def adoption_curves(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """The Kaplan-Meier curves as the share who have reported by each day, for a figure.

    Columns ``group`` (the tertile in words, with its n), ``time``, ``adopted``
    and its interval ``low`` and ``high``; empty when the curves could not be estimated.
    """
    words = _words(language)
    if study.survival is None:
        return pd.DataFrame(columns=["group", "time", "adopted", "low", "high"])
    curves = study.survival.to_frame()
    names = {g: f"{_group_label(study, words, 'resistance_tertile', g)} (n = {curve.n})"
             for g, curve in study.survival.curves.items()}
    return pd.DataFrame({
        "group": pd.Categorical(curves["group"].map(names), categories=list(names.values())),
        "time": curves["time"].to_numpy(dtype=float), "adopted": curves["adopted"].to_numpy(dtype=float),
        "low": 1 - curves["ci_high"].to_numpy(dtype=float), "high": 1 - curves["ci_low"].to_numpy(dtype=float),
    })


# --------------------------------------------------------------------------------------
# 7. Sosialisasi, 8. Limitations, annex, extract
# --------------------------------------------------------------------------------------

def sosialisasi_table(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """Attendees against non-attendees per outcome: means, the difference, and the difference with controls."""
    words = _words(language)
    ci = _ci_label(study, words)
    rows = []
    for outcome, result in study.sosialisasi.items():
        d, r = result.difference, result.regression
        decimals = 2 if outcome == TOTAL else 1
        rows.append({
            words["outcome"]: words["outcomes"].get(outcome, outcome), words["attended"]: _n(d.n_a, language, 0),
            words["not_attended"]: _n(d.n_b, language, 0), words["mean_attended"]: _n(d.mean_a, language, decimals),
            words["mean_not"]: _n(d.mean_b, language, decimals),
            words["difference"]: _n(d.difference, language, decimals),
            ci: interval(d.ci_low, d.ci_high, language, decimals), words["p"]: p_value(d.p_value, language),
            words["adjusted"]: f"{_n(r.estimate, language, decimals)} {interval(r.ci_low, r.ci_high, language, decimals)}",
            f"{words['p']} ({words['adjusted'].lower()})": p_value(r.p_value, language),
        })
    return pd.DataFrame(rows)


def sosialisasi_markdown(study: ResistanceStudy, language: str = "id") -> str:
    """One finding per outcome (or why it could not be compared), then what the design can and cannot show."""
    words, findings, design = _words(language), [], None
    for outcome in SOSIALISASI_OUTCOMES:
        result = study.sosialisasi.get(outcome)
        if result is None:
            error = study.errors.get(f"sosialisasi:{outcome}", "–")
            findings.append(words["no_sosialisasi"].format(error=escape_markdown(error)))
            continue
        findings.append(f"{result.finding(language)} ({apa(result.difference.apa(), language)})")
        design = result.design
    text = _bullets(findings)
    return text if design is None else f"{text}\n\n**{words['design_h']}.** {design.get(language)}"


def limitations_markdown(study: ResistanceStudy, demo: bool, language: str = "id") -> str:
    """The limitations that name this run's figures, and the demo data's when ``demo``."""
    words = _words(language)
    sessions = (words["sessions"].format(period=span(*study.session_period, language))
                if study.session_period else "")
    values = {"period": span(*study.survey_period, language) if study.survey_period else "–",
              "rollout": day(study.rollout, language), "sessions": sessions,
              "linked": _n(study.sample.linked, language, 0), "n": _n(study.sample.respondents, language, 0),
              "alpha": _total_alpha(study, language)}
    items = [text.format(**values) for text in words["limitations"]]
    return _bullets(items + ([words["demo_limitation"]] if demo else []))


def annex_counts(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """Rows read, valid and rejected per table the study read."""
    words, counts = _words(language), study.dataset.counts
    used = [name for name in _QUALITY_TABLES if study.dataset.has(name)]
    return pd.DataFrame({
        words["table"]: [table_label(name, language) for name in used],
        words["file"]: [counts[name].file for name in used],
        words["rows"]: [_n(counts[name].rows, language, 0) for name in used],
        words["valid"]: [_n(counts[name].valid, language, 0) for name in used],
        words["rejected"]: [_n(counts[name].rejected, language, 0) for name in used],
    })


def annex_rejects(study: ResistanceStudy, language: str = "id") -> pd.DataFrame:
    """The rejected survey and sosialisasi rows, personal values hidden, headers and reasons in ``language``."""
    return quality_annex(study.dataset, [name for name in ("change_survey", "sosialisasi") if study.dataset.has(name)],
                         language)


def extract_markdown(study: ResistanceStudy, file: str, language: str = "id") -> str:
    """Where the research extract was written, and how its pseudonyms link."""
    return _words(language)["extract"].format(n=_n(len(study.table), language, 0), file=escape_markdown(file))


# --------------------------------------------------------------------------------------
# Headlines for the leadership summary
# --------------------------------------------------------------------------------------

def headlines(study: ResistanceStudy, language: str = "id") -> list[dict[str, str]]:
    """The key numbers (``label``, ``value``, ``change``) the leadership summary shows."""
    words = _words(language)
    ci = _ci_label(study, words)
    lines = []
    if (ols := study.ols) is not None:
        statement = words["h_slower"] if ols.ci_low > 0 else words["h_faster"] if ols.ci_high < 0 \
            else words["h_unclear"]
        value = words["h_value"].format(
            sign="+" if ols.estimate > 0 else "", b=_n(ols.estimate, language, 1),
            unit=words[study.options.day_unit], ci=ci, interval=interval(ols.ci_low, ols.ci_high, language, 1))
        lines.append({"label": words["h_label"], "value": f"{statement}: {value}", "change": ""})
    if (alpha := study.reliability.results.get(TOTAL)) is not None:
        lines.append({"label": words["h_alpha"], "change": "", "value": apa(alpha.apa(), language)})
    if (total := study.sosialisasi.get(TOTAL)) is not None:
        d = total.difference
        lines.append({"label": words["h_sos"], "value": words["h_sos_value"].format(
            d=_n(d.difference, language), ci=ci, interval=interval(d.ci_low, d.ci_high, language)), "change": ""})
    return lines


def headline_details(study: ResistanceStudy) -> dict[str, Any]:
    """The numbers behind the headlines, unformatted, for the leadership summary."""
    ols, alpha = study.ols, study.reliability.results.get(TOTAL)
    return {
        "respondents": study.sample.respondents, "response_rate": study.sample.response_rate,
        "alpha_total": None if alpha is None else alpha.alpha,
        "days_per_point": None if ols is None else {"estimate": ols.estimate, "ci_low": ols.ci_low,
                                                    "ci_high": ols.ci_high, "unit": study.options.day_unit,
                                                    "n": ols.n},
        "logrank": None if study.survival is None else study.survival.logrank.apa(),
    }
