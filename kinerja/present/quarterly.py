"""What ``indikator_triwulan`` shows: tables, sentences and figures of one quarter, from its one evaluation.

:class:`QuarterPage` takes the quarter's :class:`~kinerja.quarter.evaluation.QuarterResults`,
the units table and the run's :class:`~kinerja.core.privacy.PrivacyPolicy`,
and gives each section of the page as a DataFrame, Markdown or a figure. It
computes nothing new: every number is one of the evaluation's, so the same
figure on the summary and on a feedback page is the same number. Two periods
are named on the page: the *previous quarter* ("triwulan lalu") and the
*baseline* (the median of the quarters before, for flags).

The page speaks its ``language``: headers, sentences and figure labels come
from the text catalogue (``indikator.*``) and numbers are written the way that
language writes them; the sentences on the SE MenPANRB 3/2023 distribution
pattern (:mod:`kinerja.metrics.distribution_rules`) are written in it too.
Three things stay Indonesian in English: the values
:func:`kinerja.metrics.flags.format_value` writes (minutes, IKM with its
mutu), the flags' messages, and the reasons a capaian is missing
(:data:`kinerja.metrics.skp.REASONS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from kinerja.core.formatting import long_date
from kinerja.core.privacy import PrivacyPolicy, SuppressedCounts
from kinerja.core.text import say
from kinerja.metrics import distribution_rules, flags, leaders, skp
from kinerja.metrics.distribution_rules import DistributionCheck
from kinerja.metrics.registry import INDICATORS
from kinerja.present import plots
from kinerja.present.report import language_name, privacy_name
from kinerja.present.wording import Wording
from kinerja.quarter.evaluation import QuarterResults

__all__ = ["EKINERJA_METRICS", "QuarterPage"]

EKINERJA_METRICS = frozenset({"reporting_rate", "on_time_rate", "approval_lag_median_hours"})
"""Unit indicators that describe the unit's ASN, hidden for a unit under the smallest group."""
_PEOPLE_METRICS = EKINERJA_METRICS | {"capaian_median"}
_PREDIKAT_COLOURS = ["#b2182b", "#ef8a62", "#fddbc7", "#67a9cf", "#2166ac"]
"""Sangat Kurang to Sangat Baik: ColorBrewer's RdBu, which readers with red-green colour blindness tell apart."""
_HIDDEN_COLOUR = "#c9ced6"
"""Shares the privacy policy hides, drawn together."""


@dataclass(frozen=True, eq=False)
class QuarterPage:
    """The sections of the quarterly page, for the selected units.

    Attributes
    ----------
    results
        The quarter's evaluation.
    units
        The units table (``unit_code``, ``unit_name``, ``unit_type``).
    policy
        The run's privacy policy: units under its smallest group are not shown on their own.
    organisation_predikat
        The organisation's predikat, for the distribution rules of SE MenPANRB 3/2023.
    selected
        The unit codes shown, in the units table's order.
    language
        The language of the page's words and numbers, ``"id"`` (default) or ``"en"``.
    words
        The page's sentences (``indikator.*``) and number formats in ``language``.
    """

    results: QuarterResults
    units: pd.DataFrame
    policy: PrivacyPolicy
    organisation_predikat: str
    selected: list[str] = field(default_factory=list)
    language: str = "id"
    words: Wording = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", Wording("indikator", self.language))

    @classmethod
    def build(cls, results: QuarterResults, units: pd.DataFrame, policy: PrivacyPolicy,
              organisation_predikat: str, language: str = "id") -> QuarterPage:
        """The page of ``results`` for the units its options select (every unit when None), in ``language``."""
        known = list(units.drop_duplicates("unit_code")["unit_code"])
        chosen = known if results.options.units is None else [u for u in known if u in results.options.units]
        return cls(results, units.drop_duplicates("unit_code"), policy, organisation_predikat, chosen, language)

    # --- who is shown ---------------------------------------------------------------------------

    @cached_property
    def names(self) -> pd.Series:
        """unit_code -> unit name."""
        return self.units.set_index("unit_code")["unit_name"]

    @cached_property
    def headcount(self) -> pd.Series:
        """ASN per selected unit, in the quarter's evaluation."""
        staff = self.results.of_quarter("predikat", self.results.quarter)
        return staff.groupby("unit_code").size().reindex(self.selected, fill_value=0)

    @cached_property
    def small(self) -> set[str]:
        """Selected units with too few ASN to be shown on their own."""
        return set(self.headcount.index[self.policy.too_small(self.headcount)])

    @cached_property
    def people_units(self) -> list[str]:
        """Selected units with ASN that may be shown on their own."""
        return [u for u in self.selected if self.headcount[u] > 0 and u not in self.small]

    @property
    def puskesmas(self) -> list[str]:
        """Selected units that are Puskesmas, when the quarter's service figures are known (none otherwise)."""
        if self.results.why("indicators.services") is not None:
            return []
        types = self.units.set_index("unit_code")["unit_type"].str.lower()
        return [u for u in self.selected if types.get(u) == "puskesmas"]

    def _why(self, part: str) -> str | None:
        """Why a part of the evaluation is unknown this quarter, in the page's language; None when it is known."""
        return self.results.why(part, self.language)

    def _because(self, part: str) -> str:
        """The reason of an unknown part, to fill in a sentence that ends it."""
        return str(self._why(part)).rstrip(".")

    def small_note(self) -> str:
        """The sentence that says small units are counted but not shown; empty when there are none."""
        if not self.small:
            return ""
        return "\n\n" + self.words.say("small_note", n=len(self.small), min_group=self.policy.min_group)

    def parameters(self, data: str, privacy: str) -> dict[str, Any]:
        """The parameters table's rows: what was evaluated and against what."""
        options, window, w = self.results.options, self.results.window, self.words
        name = w.phrases("parameters")
        return {
            name["data"]: data, name["quarter"]: w.quarter(self.results.quarter),
            name["compared"]: w.say("parameters.compared_value", previous=w.quarter(self.results.previous),
                                    n=options.compare_quarters, first=w.quarter(window[0]),
                                    last=w.quarter(window[-2])),
            name["language"]: language_name(self.language), name["privacy"]: privacy_name(privacy, self.language),
            name["units"]: name["all_units"] if options.units is None else ", ".join(self.selected),
            name["late_tolerance"]: options.late_tolerance_days,
            name["no_report"]: options.no_report_days,
            name["reporting_standard"]: w.percent(options.reporting_standard),
            name["waiting_standard"]: options.waiting_standard_minutes,
            name["organisation_predikat"]: self.organisation_predikat,
            name["min_group"]: self.policy.min_group,
        }

    # --- figures of the organisation -------------------------------------------------------------

    def _organisation(self, quarter_label: str) -> pd.Series | None:
        rows = self.results.units.organisation_reporting
        rows = rows[rows["quarter"] == quarter_label]
        return rows.iloc[0] if len(rows) else None

    def _unit_reporting(self, quarter_label: str) -> pd.DataFrame:
        table = self.results.units.reporting
        table = table[table["quarter"] == quarter_label].set_index("unit_code")
        return table.reindex([u for u in self.selected if u in table.index])

    def _silent(self, quarter_label: str) -> pd.DataFrame:
        table = self.results.units.silent
        table = table[table["quarter"] == quarter_label].set_index("unit_code")
        return table.reindex([u for u in self.selected if u in table.index])

    def _meets(self) -> tuple[int, int | None, int]:
        """Units meeting the reporting standard now and in the previous quarter (None: unknown), of how many."""
        standard = self.results.options.reporting_standard
        now = self._unit_reporting(self.results.quarter.label)
        before = self._unit_reporting(self.results.previous.label)["reporting_rate"].reindex(now.index)
        known_before = self._organisation(self.results.previous.label) is not None
        return (int((now["reporting_rate"] >= standard).sum()),
                int((before >= standard).sum()) if known_before else None, len(now))

    def _rated(self, quarter_label: str) -> pd.DataFrame:
        rated = self.results.predikat
        return rated[(rated["quarter"] == quarter_label) & rated["unit_code"].isin(self.selected)]

    def predikat_check(self, quarter_label: str | None = None) -> DistributionCheck | None:
        """The organisation's predikat distribution against the pattern of SE MenPANRB 3/2023; None without ratings."""
        counts = self._rated(quarter_label or self.results.quarter.label)["predikat"].value_counts()
        if counts.sum() == 0:
            return None
        return distribution_rules.check_distribution(counts, self.organisation_predikat, self.language)

    def _capaian(self, quarter_label: str) -> pd.Series:
        rated = self._rated(quarter_label)
        return rated["capaian"]

    def _verdict(self, check: DistributionCheck | None) -> str:
        """Whether ``check`` is in line with the pattern ("sesuai pola ..."), or cannot be judged; "–" without one."""
        if check is None:
            return "–"
        if not check.judged:
            return self.words.say("predikat.unjudged", min_rated=distribution_rules.MIN_RATED)
        return self.words.say("predikat.in_line" if check.holds else "predikat.departs")

    # --- sections ---------------------------------------------------------------------------------

    def attention(self) -> pd.DataFrame:
        """The units that need attention: indicator, this quarter, the baseline it is judged against, why."""
        judged = self.results.units.flags
        flagged = judged[judged["flagged"] & judged["unit_code"].isin(self.selected)]
        hidden = flagged["unit_code"].isin(self.small) & flagged["metric"].isin(_PEOPLE_METRICS)
        kinds = {name: rule.kind for name, rule in flags.DEFAULT_RULES.items()}
        shown = lambda v, m, hide: "–" if hide else flags.format_value(v, kinds[m])
        labels = [INDICATORS[metric].label(self.language) for metric in flagged["metric"]]
        messages = [self.words.say("attention_hidden", label=label, unit=name, min_group=self.policy.min_group)
                    if hide else message
                    for label, name, message, hide in zip(labels, flagged["unit_name"], flagged["message"], hidden)]
        column = self.words.phrases("column")
        return pd.DataFrame({
            column["unit"]: flagged["unit_name"].to_numpy(),
            column["measure"]: labels,
            column["this_quarter"]: [shown(v, m, h) for v, m, h in zip(flagged["value"], flagged["metric"], hidden)],
            column["baseline"].format(n=self.results.options.compare_quarters):
                [self._baseline(v, m, h, n) for v, m, h, n in zip(flagged["baseline"], flagged["metric"], hidden,
                                                                   flagged["history"])],
            column["why"]: messages,
        })

    def _baseline(self, value: float, metric: str, hide: bool, history: int) -> str:
        """A flag's baseline as the attention table shows it; without one, why ("riwayat belum cukup: 1 triwulan")."""
        if hide:
            return "–"
        if pd.isna(value):
            quarters = int(history) if pd.notna(history) else 0
            return f"– ({say('coverage.history_short', self.language, quarters=quarters)})"
        return flags.format_value(value, flags.DEFAULT_RULES[metric].kind)

    def no_attention(self) -> str:
        """The sentence shown when no unit needs attention."""
        return self.words.say("no_attention", quarter=self.words.quarter(self.results.quarter))

    def attention_list(self) -> list[dict[str, str]]:
        """The attention table as the summary reads it: unit and why."""
        table, column = self.attention(), self.words.phrases("column")
        return [{"unit": unit, "why": why} for unit, why in zip(table[column["unit"]], table[column["why"]])]

    def _share_row(self, label: str, now: float | None, before: float | None) -> list[str]:
        w = self.words
        return [label, w.percent(now, 1), w.percent(before, 1), w.change(now, before, 1, "percentage_points", 100)]

    def summary(self) -> pd.DataFrame:
        """The quarter against the previous quarter, for the organisation and each Puskesmas.

        A measure unknown this quarter shows "–" and, in the change column, why.
        """
        q, previous = self.results.quarter, self.results.previous
        options, w = self.results.options, self.words
        measure = w.phrases("summary")
        now, before = self._organisation(q.label), self._organisation(previous.label)
        rate = lambda row, column: None if row is None else row[column]
        hours = lambda row: "–" if row is None else w.say("hours", value=w.number(row["approval_lag_median_hours"], 1))
        meets_now, meets_before, total = self._meets()
        silent_now, silent_before = self._silent(q.label), self._silent(previous.label)
        rows = [
            ("reporting", self._share_row(measure["reporting_rate"], rate(now, "reporting_rate"),
                                          rate(before, "reporting_rate"))),
            ("reporting", [measure["meeting_standard"].format(standard=w.percent(options.reporting_standard)),
                           w.say("count_of", count=meets_now, total=total),
                           "–" if meets_before is None else w.say("count_of", count=meets_before, total=total),
                           w.change(meets_now, meets_before, 0, "units")]),
            ("reporting", self._share_row(measure["on_time"], rate(now, "on_time_rate"), rate(before, "on_time_rate"))),
            ("reporting", [measure["approval_lag"], hours(now), hours(before),
                           w.change(rate(now, "approval_lag_median_hours"), rate(before, "approval_lag_median_hours"),
                                    1, "hours")]),
            ("reporting", [measure["silent"].format(days=options.no_report_days),
                           w.number(silent_now["without_report"].sum()),
                           w.number(silent_before["without_report"].sum()) if before is not None else "–",
                           w.change(silent_now["without_report"].sum(),
                                    silent_before["without_report"].sum() if before is not None else None)]),
            ("capaian", self._share_row(measure["capaian"], self._capaian(q.label).median(),
                                        self._capaian(previous.label).median())),
            ("predikat", [measure["predikat"].format(predikat=self.organisation_predikat),
                          self._verdict(self.predikat_check(q.label)),
                          self._verdict(self.predikat_check(previous.label)), ""]),
            *(("indicators.services", row) for row in self._puskesmas_rows()),
        ]
        shown = [[row[0], "–", row[2], reason] if (reason := self._why(part)) else row for part, row in rows]
        if self._why("indicators.services") and (self.units["unit_type"].str.lower() == "puskesmas").any():
            shown.append([w.say("unknown.indicators.services"), "–", "–", self._why("indicators.services")])
        column = w.phrases("column")
        return pd.DataFrame(shown, columns=[column["measure"], w.quarter(q), w.quarter(previous), column["change"]])

    def _service_value(self, column: str, unit: str, quarter_label: str, table: str = "services") -> float:
        frame = getattr(self.results.units, table).set_index(["unit_code", "quarter"])
        return frame[column].get((unit, quarter_label), float("nan")) if column in frame else float("nan")

    def waiting_time(self, unit: str) -> tuple[float, float]:
        """The median waiting time of a Puskesmas in the quarter and the previous one (NaN when unknown)."""
        return (self._service_value("waiting_median_minutes", unit, self.results.quarter.label),
                self._service_value("waiting_median_minutes", unit, self.results.previous.label))

    def _puskesmas_rows(self) -> list[list[str]]:
        q, previous, names, w = self.results.quarter.label, self.results.previous.label, self.names, self.words
        standard = self.results.options.waiting_standard_minutes
        rows = []
        for unit in self.puskesmas:
            now_wait, before_wait = self.waiting_time(unit)
            rows.append([w.say("summary.waiting", unit=names[unit]), flags.format_value(now_wait, "minutes"),
                         flags.format_value(before_wait, "minutes"), w.change(now_wait, before_wait, 0, "minutes")])
            rows.append(self._share_row(w.say("summary.within_standard", standard=standard, unit=names[unit]),
                                        self._service_value("within_standard_share", unit, q),
                                        self._service_value("within_standard_share", unit, previous)))
            now_ikm = self._service_value("ikm_rounded", unit, q, "patient_ikm")
            before_ikm = self._service_value("ikm_rounded", unit, previous, "patient_ikm")
            rows.append([w.say("summary.patient_ikm", unit=names[unit]), flags.format_value(now_ikm, "ikm"),
                         flags.format_value(before_ikm, "ikm"), w.change(now_ikm, before_ikm, 2, "points")])
        if self.puskesmas:
            service = self.results.units.services
            served = service[service["unit_code"].isin(self.puskesmas)].groupby("quarter")["served"].sum()
            now_served, before_served = served.get(q), served.get(previous)
            rows.append([w.say("summary.served"), w.number(now_served), w.number(before_served),
                         w.change(now_served, before_served)])
        return rows

    def capaian_lead(self) -> str:
        """The organisation's median capaian, in one sentence."""
        capaian, w = self._capaian(self.results.quarter.label), self.words
        return w.say("capaian.lead", quarter=w.quarter(self.results.quarter), median=w.percent(capaian.median(), 1),
                     n=w.number(capaian.notna().sum())) + self.small_note()

    def capaian_table(self) -> pd.DataFrame:
        """Capaian per unit: ASN, with capaian, median, mean, the previous quarter's median and the change."""
        table, w = self.results.unit_capaian, self.words
        now = table[table["quarter"] == self.results.quarter.label].set_index("unit_code")
        before = table[table["quarter"] == self.results.previous.label].set_index("unit_code")["capaian_median"]
        shown = [u for u in self.people_units if u in now.index]
        now = now.reindex(shown)
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: [self.names[u] for u in shown],
            column["employees"]: [w.number(v) for v in now["n_employees"]],
            column["with_capaian"]: [w.number(v) for v in now["n_with_capaian"]],
            column["median"]: [w.percent(v, 1) for v in now["capaian_median"]],
            column["mean"]: [w.percent(v, 1) for v in now["capaian_mean"]],
            column["median_before"]: [w.percent(before.get(u), 1) for u in shown],
            column["change"]: [w.change(v, before.get(u), 1, "percentage_points", 100)
                               for u, v in zip(shown, now["capaian_median"])],
        })

    def capaian_figure(self) -> Figure | None:
        """The distribution of capaian per shown unit; None when nobody has one."""
        rated = self._rated(self.results.quarter.label)
        plotted = rated[rated["unit_code"].isin(self.people_units) & rated["capaian"].notna()]
        if plotted.empty:
            return None
        plotted, w = plotted.assign(Unit=plotted["unit_code"].map(self.names)), self.words
        return plots.distribution_by_group(
            plotted, "capaian", "Unit", title=w.say("capaian.title", quarter=w.quarter(self.results.quarter)),
            value_label=w.say("capaian.value"),
            references={w.say("capaian.meets", value=w.percent(skp.DEFAULT_MEETS)): skp.DEFAULT_MEETS,
                        w.say("capaian.above", value=w.percent(skp.DEFAULT_ABOVE)): skp.DEFAULT_ABOVE},
            references_title=w.say("capaian.references"), language=self.language)

    def missing_capaian(self) -> pd.DataFrame | str:
        """Per unit, indicators and ASN without capaian and why; a sentence when there are none."""
        missing, w = self.results.units.missing_capaian, self.words
        missing = missing[missing["unit_code"].isin(self.selected)]
        if missing.empty:
            return w.say("missing.none", quarter=w.quarter(self.results.quarter))
        label = w.say("missing.small_units", min_group=self.policy.min_group)
        missing = missing.assign(unit=[label if u in self.small else self.names[u] for u in missing["unit_code"]])
        summary = missing.groupby(["unit", "kind", "reason"], sort=False)["count"].sum().reset_index()
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: summary["unit"],
            column["kind"]: summary["kind"].map(w.phrases("missing")["kinds"]),
            column["reason"]: summary["reason"],
            column["count"]: [w.number(v) for v in summary["count"]],
        })

    @cached_property
    def _unit_checks(self) -> pd.DataFrame:
        """The predikat distribution check of each shown unit (the table and the lines both show it)."""
        rated = self._rated(self.results.quarter.label)
        distribution = distribution_rules.predikat_distribution(rated[rated["unit_code"].isin(self.people_units)])
        return distribution_rules.check_distributions(distribution, self.organisation_predikat,
                                                      language=self.language)

    def _unit_verdicts(self) -> pd.DataFrame:
        """Per checked unit: ``judged`` (False under the fewest rated ASN) and ``holds`` (missing when not judged)."""
        checks = self._unit_checks
        verdicts = checks.groupby("unit_code")[["judged"]].first()
        verdicts["holds"] = checks.groupby("unit_code")["holds"].all().where(verdicts["judged"])
        return verdicts

    def _units_lines(self, verdicts: pd.DataFrame) -> list[str]:
        """How many judged units are not in line with the pattern, and how many could not be judged."""
        w, judged = self.words, verdicts[verdicts["judged"]]
        lines = []
        if len(judged):
            lines.append(w.say("predikat.units", failing=w.number(int((~judged["holds"].astype(bool)).sum())),
                               checked=w.number(len(judged))))
        if len(judged) < len(verdicts):
            lines.append(w.say("predikat.units_unjudged", n=w.number(len(verdicts) - len(judged)),
                               min_rated=distribution_rules.MIN_RATED))
        return lines

    def _unit_verdict(self, rules: pd.DataFrame, shares_hidden: bool = False) -> str:
        """One unit's check for the table: in line, the bounds it is outside of, or why it is not checked.

        With ``shares_hidden`` (the privacy policy hid some of the unit's shares) the bounds are not quoted,
        since their shares would give the hidden ones away.
        """
        if not rules["judged"].iloc[0]:
            return self.words.say("predikat.unjudged", min_rated=distribution_rules.MIN_RATED)
        if rules["holds"].all():
            return self.words.say("predikat.in_line")
        if shares_hidden:
            return self.words.say("predikat.departs")
        return "; ".join(rules.loc[~rules["holds"].astype(bool), "message"])

    def predikat_lines(self) -> str:
        """The organisation's predikat distribution and its check, as Markdown."""
        q, w = self.results.quarter, self.words
        check = self.predikat_check()
        if check is None:
            return w.say("predikat.none", quarter=w.quarter(q))
        rated = self._rated(q.label)
        counts = rated["predikat"].value_counts()
        spread = ", ".join(f"{label} {w.percent(counts.get(label, 0) / check.n, 1)}" for label in skp.PREDIKAT)
        if check.judged:
            lines = [w.say("predikat.verdict", n=w.number(check.n), result=self._verdict(check),
                           organisation_predikat=check.organisation_predikat), "",
                     w.say("predikat.spread", spread=spread), ""]
            lines += [f"- {'✓' if ok else '✗'} {message}."
                      for ok, message in zip(check.rules["holds"], check.rules["message"])]
        else:
            lines = [w.say("predikat.verdict_unjudged", note=check.note), "",
                     w.say("predikat.spread", spread=spread)]
        units = self._units_lines(self._unit_verdicts())
        lines += ["", " ".join(units)] if units else []
        unrated = int(rated["predikat"].isna().sum())
        if unrated:
            lines.append(w.say("predikat.unrated", n=w.number(unrated)))
        return "\n".join(lines) + self.small_note()

    def leaders_lines(self, employees: pd.DataFrame, unit_predikat: dict[str, str] | None = None) -> str:
        """Whether each unit head's recorded hasil kerja follows the unit's performance, as Markdown.

        The kecamatan office's performance is ``organisation_predikat``; other
        units' come from ``unit_predikat`` or are unknown. A head is one
        person, so below the policy's smallest group the page counts heads and
        names no unit.
        """
        w = self.words
        kecamatan = self.units.loc[self.units["unit_type"].str.lower() == "kecamatan", "unit_code"]
        known = {code: self.organisation_predikat for code in kecamatan} | (unit_predikat or {})
        heads = leaders.head_ratings(self.results.of_quarter("predikat", self.results.quarter).reset_index(),
                                     employees, self.units, known)
        heads = heads[heads["unit_code"].isin(self.selected)]
        judged, differs = heads[heads["agrees"].notna()], heads[heads["agrees"] == False]
        lines = [w.say("leaders.lead", heads=w.number(len(heads)), judged=w.number(len(judged)),
                       differs=w.number(len(differs)), unknown=w.number(len(heads) - len(judged)))]
        if len(differs) and not self.policy.too_small(1):
            lines += [w.say("leaders.unit", unit=self.names[row.unit_code], position=row.position,
                            recorded=row.recorded, predikat=row.unit_predikat, expected=row.expected)
                      for row in differs.itertuples(index=False)]
        return "\n".join(lines)

    def _distribution(self) -> pd.DataFrame:
        rated = self._rated(self.results.quarter.label)
        distribution = distribution_rules.predikat_distribution(rated[rated["unit_code"].isin(self.people_units)])
        return distribution[distribution["n"] > 0]

    @cached_property
    def _predikat_shares(self) -> tuple[pd.DataFrame, pd.Series, SuppressedCounts] | None:
        """Per shown unit (rows) and predikat (columns): shares, the ASN rated, and the counts the privacy policy
        hides (a share of one to four ASN describes them; cells that would give one away are hidden with it)."""
        distribution = self._distribution()
        if distribution.empty:
            return None
        wide = distribution.pivot(index="unit_code", columns="predikat", values="share")
        wide = wide.reindex(index=[u for u in self.people_units if u in wide.index], columns=list(skp.PREDIKAT))
        rated = distribution.groupby("unit_code")["n"].first().reindex(wide.index)
        counts = wide.fillna(0.0).mul(rated, axis=0).round().astype("int64")
        return wide, rated, self.policy.suppress(counts)

    def predikat_figure(self) -> Figure | None:
        """Predikat shares per shown unit, hidden shares drawn together in grey; None without ratings."""
        shares = self._predikat_shares
        if shares is None:
            return None
        wide, _, suppressed = shares
        w = self.words
        hidden_label = w.say("predikat.hidden_segment", min_group=self.policy.min_group)
        shown = wide.fillna(0.0).mask(suppressed.hidden, 0.0)
        shown[hidden_label] = wide.fillna(0.0).where(suppressed.hidden, 0.0).sum(axis=1)
        frame = shown.rename(index=self.names).rename_axis("Unit").reset_index().melt(
            id_vars="Unit", var_name="Predikat", value_name="share")
        return plots.share_bars(frame, "Unit", "Predikat", "share",
                                title=w.say("predikat.title", quarter=w.quarter(self.results.quarter)),
                                x_label=w.say("predikat.x"), category_order=[*skp.PREDIKAT, hidden_label],
                                group_order=[self.names[u] for u in wide.index],
                                palette=[*_PREDIKAT_COLOURS[::-1], _HIDDEN_COLOUR], legend_title=w.say("predikat.legend"),
                                language=self.language)

    def predikat_table(self) -> pd.DataFrame | None:
        """Predikat shares per shown unit and its check, small shares hidden; None without ratings."""
        shares = self._predikat_shares
        if shares is None:
            return None
        wide, rated, suppressed = shares
        w = self.words
        column = w.phrases("column")
        labels, hidden_rows = suppressed.labels(self.language), suppressed.hidden.any(axis=1)
        verdict = {unit: self._unit_verdict(rules, bool(hidden_rows.get(unit, False)))
                   for unit, rules in self._unit_checks.groupby("unit_code")}
        table = pd.DataFrame({column["unit"]: [self.names[u] for u in wide.index],
                              column["rated"]: [w.number(rated[u]) for u in wide.index]})
        for label in skp.PREDIKAT:
            table[label] = [labels.loc[u, label] if suppressed.hidden.loc[u, label] else w.percent(v, 1)
                            for u, v in zip(wide.index, wide[label])]
        table[column["predikat_check"]] = [verdict.get(u, "–") for u in wide.index]
        return table

    def hidden_note(self) -> str:
        """What "<5" and "*" mean in a table; empty when the privacy policy hides nothing."""
        return "" if self.policy.min_group <= 1 else self.words.say("hidden_note", min_group=self.policy.min_group)

    def reporting_lines(self) -> str:
        """e-Kinerja reporting of the organisation, in three sentences."""
        q, options, w = self.results.quarter, self.results.options, self.words
        now = self._organisation(q.label)
        silent = self._silent(q.label)
        meets, _, total = self._meets()
        tolerance = w.say("reporting.same_day") if options.late_tolerance_days == 0 else \
            w.say("reporting.within_days", days=options.late_tolerance_days)
        end = silent["window_end"].max() if len(silent) else pd.NaT
        of_now = lambda column, decimals, write: "–" if now is None else write(now[column], decimals)
        lines = [
            w.say("reporting.meets", meets=meets, total=total, standard=w.percent(options.reporting_standard),
                  quarter=w.quarter(q), rate=of_now("reporting_rate", 1, w.percent)),
            w.say("reporting.on_time", tolerance=tolerance, on_time=of_now("on_time_rate", 1, w.percent),
                  lag=of_now("approval_lag_median_hours", 1, w.number)),
            w.say("reporting.silent", days=options.no_report_days,
                  end=long_date(pd.Timestamp(end).date(), self.language) if pd.notna(end) else "–",
                  silent=w.number(int(silent["without_report"].sum())),
                  units=w.number(int((silent["without_report"] > 0).sum()))),
        ]
        return "\n\n".join(lines) + self.small_note()

    def _reporting_rows(self) -> pd.DataFrame:
        """e-Kinerja of the shown units, in table order, with ``meets``: the reporting rate meets the standard."""
        q, options = self.results.quarter, self.results.options
        reporting = self._unit_reporting(q.label)
        table = reporting.reindex([u for u in self.people_units if u in reporting.index]).join(
            self._silent(q.label)[["without_report"]], how="left")
        return table.assign(meets=table["reporting_rate"] >= options.reporting_standard)

    def reporting_misses(self) -> list[bool]:
        """Per row of :meth:`reporting_table`: whether its "Memenuhi standar" is no (highlighted on the page)."""
        return (~self._reporting_rows()["meets"]).tolist()

    def reporting_table(self) -> pd.DataFrame:
        """e-Kinerja per shown unit."""
        options, w = self.results.options, self.words
        table = self._reporting_rows()
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: [self.names[u] for u in table.index],
            column["employees"]: [w.number(v) for v in table["employees"]],
            column["workdays"]: [w.number(v) for v in table["workdays"]],
            column["reporting_rate"]: [w.percent(v, 1) for v in table["reporting_rate"]],
            column["meets_standard"]: [w.say("yes" if meets else "no") for meets in table["meets"]],
            column["on_time"]: [w.percent(v, 1) for v in table["on_time_rate"]],
            column["approval_median"]: [w.number(v, 1) for v in table["approval_lag_median_hours"]],
            column["approval_p90"]: [w.number(v, 1) for v in table["approval_lag_p90_hours"]],
            column["never_approved"]: [w.percent(v, 1) for v in table["never_approved_share"]],
            column["without_report"].format(days=options.no_report_days):
                self.policy.suppress(table[["without_report"]].fillna(0).astype("int64"))
                .labels(self.language)["without_report"].to_numpy(),
        })

    def work_lines(self) -> str:
        """Days left out of the reporting rate by kind, minutes per day and activities linked to SKP indicators."""
        w, work = self.words, self.results.work
        shown = set(self.people_units)
        kinds = work.absence_kinds[work.absence_kinds["unit_code"].isin(shown)]
        if self._why("absences") is not None:
            lines = [w.say("work.absences_unknown", reason=self._because("absences"))]
        elif kinds.empty:
            lines = [w.say("work.no_absences")]
        else:
            by_kind = kinds.groupby("kind")["days"].sum().sort_values(ascending=False, kind="stable")
            lines = [w.say("work.absences", days=w.number(int(by_kind.sum())),
                           kinds=", ".join(f"{kind} {w.number(int(days))}" for kind, days in by_kind.items()))]
        lines.append(self._minutes_line(shown))
        lines.append(self._links_line(shown))
        return "\n\n".join(lines) + self.small_note()

    def _minutes_line(self, shown: set[str]) -> str:
        w = self.words
        if self._why("minutes") is not None:
            return w.say("work.minutes_unknown", reason=self._because("minutes"))
        units = self.results.work.unit_minutes
        units = units[units["unit_code"].isin(shown) & units["known"].astype(bool)]
        medians = units["median_daily_minutes"].dropna()
        if medians.empty:
            return w.say("work.minutes_none")
        line = w.say("work.minutes", low=w.number(medians.min()), high=w.number(medians.max()))
        implausible = int(units["implausible_days"].sum())
        if implausible:
            line += " " + w.say("work.implausible", days=w.number(implausible))
        minimum = self.results.options.minimum_daily_minutes
        if minimum is not None:
            days = units["days_with_minutes"].sum()
            line += " " + w.say("work.under_minimum", minimum=w.number(minimum),
                                share=w.percent(units["days_under_minimum"].sum() / days if days else None, 1))
        return line

    def _links_line(self, shown: set[str]) -> str:
        w = self.words
        if self._why("skp_links") is not None:
            return w.say("work.links_unknown", reason=self._because("skp_links"))
        units = self.results.work.unit_links
        units = units[units["unit_code"].isin(shown) & units["known"].astype(bool)]
        activities = units["activities"].sum()
        if not activities:
            return w.say("work.links_none")
        lowest = units.dropna(subset=["linked_share"]).sort_values("linked_share", kind="stable").iloc[0]
        return w.say("work.links", share=w.percent(units["linked"].sum() / activities, 1),
                     without=w.number(int(units["indicators_without_activity"].sum())),
                     indicators=w.number(int(units["indicators"].sum())),
                     lowest=self.names[lowest["unit_code"]], lowest_share=w.percent(lowest["linked_share"], 1))

    def work_table(self) -> pd.DataFrame:
        """Per shown unit: working days left out for absences, minutes per day and activities linked to SKP."""
        q, w, work = self.results.quarter, self.words, self.results.work
        units = self.people_units
        absent = self._unit_reporting(q.label)["absence_days"] if self._why("absences") is None else None
        minutes = work.unit_minutes.set_index("unit_code").reindex(units)
        links = work.unit_links.set_index("unit_code").reindex(units)
        column = w.phrases("column")
        table = {
            column["unit"]: [self.names[u] for u in units],
            column["absence_days"]: ["–" if absent is None or u not in absent.index or pd.isna(absent[u])
                                     else w.number(int(absent[u])) for u in units],
            column["daily_minutes"]: [w.number(v) for v in minutes["median_daily_minutes"]],
        }
        if self.results.options.minimum_daily_minutes is not None:
            table[column["under_minimum"].format(minimum=w.number(self.results.options.minimum_daily_minutes))] = \
                [w.percent(v, 1) for v in minutes["share_under_minimum"]]
        table |= {
            column["implausible_days"]: ["–" if pd.isna(v) else w.number(int(v))
                                         for v in minutes["implausible_days"]],
            column["linked_share"]: [w.percent(v, 1) for v in links["linked_share"]],
            column["indicators_without_activity"]: ["–" if pd.isna(v) else w.number(int(v))
                                                    for v in links["indicators_without_activity"]],
        }
        return pd.DataFrame(table)

    def weekly_figure(self) -> Figure | None:
        """Weekly reporting rate by unit type against the standard; None without activity."""
        weekly, w = self.results.units.weekly, self.words
        weekly = weekly[weekly["unit_code"].isin(self.people_units)]
        if weekly.empty:
            return None
        types = self.units.set_index("unit_code")["unit_type"].str.lower()
        weeks = sorted(weekly["week_start"].unique())
        labels = {week: long_date(pd.Timestamp(week).date(), self.language)[:-5] for week in weeks}
        unit_type, week = w.say("weekly.unit_type"), w.say("weekly.week")
        frame = weekly.assign(**{unit_type: weekly["unit_code"].map(types).str.capitalize(),
                                 week: weekly["week_start"].map(labels)})
        standard = self.results.options.reporting_standard
        return plots.trend_against_standard(
            frame, week, "reporting_rate", group=unit_type, order=[labels[start] for start in weeks],
            standards={w.say("weekly.standard", standard=w.percent(standard)): standard}, band=("pi", 50),
            band_label=w.say("weekly.band"), legend_title=unit_type,
            title=w.say("weekly.title", quarter=w.quarter(self.results.quarter)),
            x_label=w.say("weekly.x"), y_label=w.say("weekly.y"), language=self.language)

    def health_table(self) -> pd.DataFrame | str:
        """Visits, waiting time and patient IKM of each Puskesmas over the window."""
        w = self.words
        if not self.puskesmas:
            return w.say("health.none")
        service, patients = self.results.units.services, self.results.units.patient_ikm
        health = service[service["unit_code"].isin(self.puskesmas)].merge(
            patients[["quarter", "unit_code", "ikm_rounded", "n"]], on=["quarter", "unit_code"], how="left")
        order = {unit: i for i, unit in enumerate(self.puskesmas)}
        health = health.sort_values(["unit_code", "quarter"], key=lambda c: c.map(order) if c.name == "unit_code"
                                    else c, kind="stable")
        column = w.phrases("column")
        return pd.DataFrame({
            column["puskesmas"]: [self.names[u] for u in health["unit_code"]],
            column["quarter"]: health["quarter"].map(w.short_quarter),
            column["visits"]: [w.number(v) for v in health["visits"]],
            column["served"]: [w.number(v) for v in health["served"]],
            column["waiting_median"]: [flags.format_value(v, "minutes") for v in health["waiting_median_minutes"]],
            column["waiting_p90"]: [flags.format_value(v, "minutes") for v in health["waiting_p90_minutes"]],
            column["within_standard"].format(standard=self.results.options.waiting_standard_minutes):
                [w.percent(v, 1) for v in health["within_standard_share"]],
            column["patient_ikm"]: [flags.format_value(v, "ikm") for v in health["ikm_rounded"]],
            column["respondents"]: [w.number(v) for v in health["n"]],
        })

    def waiting_figures(self) -> list[Figure]:
        """The waiting time (median and p90) and the share served within the standard, per Puskesmas."""
        service, w = self.results.units.services, self.words
        health = service[service["unit_code"].isin(self.puskesmas)]
        if health.empty:
            return []
        quarter, measure = w.say("waiting.quarter"), w.say("waiting.measure")
        health = health.assign(Puskesmas=health["unit_code"].map(self.names),
                               **{quarter: health["quarter"].map(w.short_quarter)})
        order = [w.short_quarter(q) for q in self.results.window]
        standard = self.results.options.waiting_standard_minutes
        waits = health.melt(id_vars=[quarter, "Puskesmas"], value_vars=["waiting_median_minutes",
                                                                       "waiting_p90_minutes"],
                            var_name=measure, value_name="minutes")
        waits[measure] = waits[measure].map({"waiting_median_minutes": w.say("waiting.median"),
                                             "waiting_p90_minutes": w.say("waiting.p90")})
        return [
            plots.trend_against_standard(waits, quarter, "minutes", group="Puskesmas", style=measure, order=order,
                                         standards={w.say("waiting.standard", standard=standard): standard},
                                         value_format="number", title=w.say("waiting.title"), x_label=quarter,
                                         y_label=w.say("waiting.y"), language=self.language),
            plots.trend_against_standard(health, quarter, "within_standard_share", group="Puskesmas",
                                         order=order, title=w.say("waiting.share_title"), x_label=quarter,
                                         y_label=w.say("waiting.share_y", standard=standard),
                                         language=self.language),
        ]

    def services_table(self) -> pd.DataFrame | str:
        """Every unit with visits in the quarter."""
        service, w = self.results.units.services, self.words
        current = service[(service["quarter"] == self.results.quarter.label) & service["unit_code"].isin(self.selected)]
        if current.empty:
            return w.say("services.none", quarter=w.quarter(self.results.quarter))
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: [self.names[u] for u in current["unit_code"]],
            column["visits"]: [w.number(v) for v in current["visits"]],
            column["served"]: [w.number(v) for v in current["served"]],
            column["unserved"]: [w.percent(v, 1) for v in current["unserved_share"]],
            column["waiting_median"]: [flags.format_value(v, "minutes") for v in current["waiting_median_minutes"]],
            column["within_standard"].format(standard=self.results.options.waiting_standard_minutes):
                [w.percent(v, 1) for v in current["within_standard_share"]],
        })

    def headlines(self) -> tuple[list[dict[str, str]], dict[str, Any]]:
        """The headlines and details the leadership summary reads (:func:`kinerja.present.report.save_headlines`)."""
        q, previous, options, w = self.results.quarter, self.results.previous, self.results.options, self.words
        now, before = self._organisation(q.label), self._organisation(previous.label)
        meets_now, meets_before, total = self._meets()
        unknown = self._why("reporting")
        headlines = [
            {"label": w.say("headlines.meeting_standard", standard=w.percent(options.reporting_standard)),
             "value": "–" if unknown else w.say("headlines.units_of", count=meets_now, total=total),
             "change": unknown or w.change(meets_now, meets_before, 0, "units")},
            {"label": w.say("headlines.reporting_rate"),
             "value": w.percent(None if now is None else now["reporting_rate"], 1),
             "change": unknown or w.change(None if now is None else now["reporting_rate"],
                                           None if before is None else before["reporting_rate"], 1,
                                           "percentage_points", 100)},
        ]
        headlines += [{"label": w.say(f"unknown.{part}"), "value": "–", "change": reason}
                      for part in ("predikat", "capaian") if (reason := self._why(part))]
        for unit in self.puskesmas:
            now_wait, before_wait = self.waiting_time(unit)
            headlines.append({"label": w.say("summary.waiting", unit=self.names[unit]),
                              "value": w.say("headlines.waiting", value=flags.format_value(now_wait, "minutes"),
                                             standard=options.waiting_standard_minutes),
                              "change": w.say("headlines.change_from", change=w.change(now_wait, before_wait, 0,
                                                                                       "minutes"),
                                              previous=w.quarter(previous))})
        check = self.predikat_check()
        details: dict[str, Any] = {"organisation_predikat": self.organisation_predikat,
                                   "reporting_standard": w.percent(options.reporting_standard)}
        if check is not None:
            # A departure's sentences already say "tidak sesuai pola distribusi SE 3/2023" and name the bound.
            headlines.append({"label": w.say("headlines.predikat", organisation_predikat=self.organisation_predikat),
                              "value": "; ".join(check.failures) if check.holds is False else self._verdict(check),
                              "change": ""})
        if check is not None and check.judged:
            # Only a judged check goes to the summary, which words a check as in line or not.
            counts = self._rated(q.label)["predikat"].value_counts()
            verdicts = self._unit_verdicts()
            judged = verdicts[verdicts["judged"]]
            details["predikat_check"] = {
                "holds": check.holds, "n": w.number(check.n),
                "distribution": [{"predikat": label, "count": w.number(int(counts.get(label, 0))),
                                  "share": w.percent(counts.get(label, 0) / check.n, 1)} for label in skp.PREDIKAT],
                "rules": [{"rule": rule, "holds": bool(ok), "message": message} for rule, ok, message
                          in zip(check.rules["rule"], check.rules["holds"], check.rules["message"])],
                "units_failing": int((~judged["holds"].astype(bool)).sum()), "units_checked": len(judged),
                "units_unjudged": len(verdicts) - len(judged),
            }
        return headlines, details
