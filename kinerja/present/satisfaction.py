"""What ``kepuasan_masyarakat`` shows: the IKM and the complaints of a quarter, from its one evaluation.

:class:`SatisfactionPage` turns the quarter's
:class:`~kinerja.quarter.figures.SatisfactionFigures` into the page's tables,
sentences and figures. It computes nothing the evaluation has not: the IKM
of a unit here is the one the summary and the quarterly page show.

The page speaks its ``language``: headers, sentences and figure labels come
from the text catalogue (``kepuasan.*``), numbers are written the way that
language writes them and a unit's kinerja ("Baik") is the grade's English
label in English. The names and meanings of the unsur
(:data:`kinerja.data.dictionary.UNSUR`, :data:`kinerja.metrics.ikm.UNSUR_MEANING`),
the warnings of the sample check (:func:`kinerja.metrics.ikm.sample_adequacy`)
and what people wrote stay Indonesian.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from kinerja.core.privacy import mask_names
from kinerja.data.dictionary import UNSUR
from kinerja.metrics import ikm
from kinerja.present import plots
from kinerja.present.report import escape_markdown, language_name, privacy_name
from kinerja.present.wording import Wording
from kinerja.quarter.evaluation import QuarterResults

__all__ = ["GRADE_LIMITS", "SatisfactionPage"]

GRADE_LIMITS = {"A": 88.31, "B": 76.61, "C": 65.0}
"""The lower IKM of grades A, B and C (PermenPANRB 14/2017), drawn on the trend."""


@dataclass(frozen=True, eq=False)
class SatisfactionPage:
    """The sections of the IKM and complaints page.

    Attributes
    ----------
    results
        The quarter's evaluation.
    names
        unit_code -> unit name.
    populations
        Unit code -> service users, for the minimum sample; None for the visits in the data.
    language
        The language of the page's words and numbers, ``"id"`` (default) or ``"en"``.
    words
        The page's sentences (``kepuasan.*``) and number formats in ``language``.
    """

    results: QuarterResults
    names: pd.Series
    language: str = "id"
    populations: dict[str, int] | None = None
    words: Wording = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", Wording("kepuasan", self.language))

    @classmethod
    def build(cls, results: QuarterResults, units: pd.DataFrame, language: str = "id",
              populations: dict[str, int] | None = None) -> SatisfactionPage:
        """The page of ``results`` in ``language``; ``units`` gives the names, ``populations`` the service users."""
        return cls(results, units.drop_duplicates("unit_code").set_index("unit_code")["unit_name"], language,
                   populations)

    def _name(self, code: str) -> str:
        return self.names.get(code, code)

    def kinerja_label(self, row: pd.Series) -> str:
        """The kinerja unit pelayanan of a row with ``ikm_rounded`` and ``label``, in the page's language."""
        if self.language == "id" or pd.isna(row["ikm_rounded"]):
            return row["label"]
        return ikm.grade(row["ikm_rounded"]).label_en

    def _graded(self, row: pd.Series) -> str:
        """A row's IKM with its grade and kinerja: "80,12 (mutu B, Baik)"."""
        return self.words.say("graded", ikm=self.words.number(row["ikm_rounded"], 2), grade=row["grade"],
                              label=self.kinerja_label(row))

    @property
    def per_unit(self) -> pd.DataFrame:
        """IKM per unit with its interval and change, indexed by unit code."""
        return self.results.satisfaction.per_unit.set_index("unit_code")

    @property
    def low(self) -> pd.DataFrame:
        """Units of grade C or D."""
        return self.per_unit[self.per_unit["grade"].isin(["C", "D"])]

    def parameters(self, data: str, privacy: str) -> dict[str, Any]:
        """The parameters table's rows."""
        options, w = self.results.options, self.words
        name = w.phrases("parameters")
        return {name["data"]: data, name["quarter"]: w.quarter(self.results.quarter),
                name["language"]: language_name(self.language), name["privacy"]: privacy_name(privacy, self.language),
                name["weight"]: name["exact"] if options.weight == "exact" else options.weight,
                name["compare"]: options.compare_quarters,
                name["complaint_standard"]: options.complaint_standard_days, name["bootstrap"]: options.n_boot}

    def summary(self) -> str:
        """The organisation's IKM and the units that need attention, as Markdown."""
        overall, w = self.results.satisfaction.overall, self.words
        quarter = w.quarter(self.results.quarter)
        if overall.empty:
            return w.say("summary.none", quarter=quarter)
        row = overall.iloc[0]
        weight = "1/9" if self.results.options.weight == "exact" else self.results.options.weight
        units, short = len(self.per_unit), self._short()
        lines = [w.say("summary.overall", units=w.number(units), quarter=quarter, graded=self._graded(row),
                       n=w.number(row["n"]), weight=weight)]
        if short:
            lines.append(w.say("summary.short_samples", short=w.number(short), units=w.number(units)))
        lines += [w.say("summary.unknown", part=w.say(f"headlines.{part}"), reason=reason) for part, reason in self._unknown()]
        if self.low.empty:
            lines.append(w.say("summary.all_good"))
        for code, unit in self.low.iterrows():
            change = "" if pd.isna(unit["change"]) else \
                w.say("summary.change", change=w.number(unit["change"], 2), previous=w.quarter(self.results.previous))
            lines.append(w.say("summary.low", unit=escape_markdown(self._name(code)), graded=self._graded(unit),
                               change=change))
        return "\n".join(lines)

    def _unknown(self) -> list[tuple[str, str]]:
        """The complaint figures this quarter cannot give, with why: the complaints, or else only their surges."""
        for part in ("complaints", "complaint_surges"):
            reason = self.results.why(part, self.language)
            if reason:
                return [(part, reason)]
        return []

    def ikm_table(self) -> pd.DataFrame:
        """IKM per unit with its 95 % interval, grade and change from the previous quarter."""
        table, w = self.per_unit, self.words
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: [self._name(u) for u in table.index],
            column["respondents"]: [w.number(n) for n in table["n"]],
            column["ikm"]: [w.number(v, 2) for v in table["ikm_rounded"]],
            column["interval"]: [f"{w.number(lo, 2)}–{w.number(hi, 2)}"
                                 for lo, hi in zip(table["ci_low"], table["ci_high"])],
            column["grade"]: table["grade"].to_numpy(),
            column["kinerja"]: [self.kinerja_label(row) for _, row in table.iterrows()],
            column["change"].format(previous=w.quarter(self.results.previous)):
                [w.number(c, 2) for c in table["change"]],
            column["sample"]: self.sample().reindex(table.index).to_numpy(),
        })

    def unsur_figure(self) -> Figure | None:
        """NRR per unsur and unit; None without responses."""
        table, w = self.per_unit, self.words
        if table.empty:
            return None
        labels = {name: f"U{i} {label}" for i, (name, label, _) in enumerate(UNSUR, start=1)}
        heat = table[list(ikm.UNSUR_COLUMNS)].rename(index=self._name, columns=labels)
        return plots.heatmap(heat, title=w.say("unsur.title", quarter=w.quarter(self.results.quarter)),
                             colorbar_label=w.say("unsur.colorbar"), center=GRADE_LIMITS["B"] / 25,
                             limits=(2.5, 4.0), decimals=2, high_label=w.say("unsur.high"),
                             low_label=w.say("unsur.low"), language=self.language)

    def _trend_wide(self) -> pd.DataFrame:
        trend = self.results.satisfaction.trend
        window = [q.label for q in self.results.window]
        return trend.pivot(index="unit_code", columns="quarter", values="ikm").reindex(columns=window)

    def trend_figure(self) -> Figure | None:
        """IKM per unit over the window, the units that need attention highlighted."""
        trend, w = self.results.satisfaction.trend, self.words
        if trend.empty:
            return None
        quarter = w.say("column.quarter")
        frame = trend.assign(Unit=trend["unit_code"].map(self._name), **{quarter: trend["quarter"].map(w.short_quarter)})
        return plots.trend_against_standard(
            frame, quarter, "ikm", group="Unit", order=[w.short_quarter(q) for q in self.results.window],
            standards={w.say("grade_limit", grade=grade): limit for grade, limit in GRADE_LIMITS.items()},
            value_format="number", highlight=[self._name(u) for u in self.low.index] or None,
            others_label=w.say("trend.others"), title=w.say("trend.title"), x_label=quarter,
            y_label=w.say("trend.y"), language=self.language)

    def trend_table(self) -> pd.DataFrame:
        """IKM per unit and quarter of the window."""
        wide, w = self._trend_wide(), self.words
        table = wide.rename(index=self._name).map(lambda v: w.number(v, 2)).reset_index()
        table.columns = [w.say("column.unit"), *[w.quarter(q) for q in self.results.window]]
        return table

    def sample_check(self) -> pd.DataFrame:
        """Per unit: population, Krejcie–Morgan minimum, respondents, ``adequate`` (NA when the population is unknown)."""
        if self.populations is None and "visits" not in self.results.units.services.columns:
            population = pd.Series(dtype="Int64")  # no visits table: the population is unknown, not 0
        elif self.populations is None:
            service = self.results.units.services
            population = service[service["quarter"] == self.results.quarter.label].set_index("unit_code")["visits"]
        else:
            population = pd.Series(self.populations, dtype="Int64")
        return ikm.sample_adequacy(self.per_unit["n"], population)

    def sample(self) -> pd.Series:
        """Per surveyed unit, whether its sample is adequate, short, or cannot be judged, in the page's words."""
        adequacy = self.sample_check().reindex(self.per_unit.index)
        return pd.Series([self.words.say("sample.unknown") if pd.isna(ok) else
                          self.words.say("sample.adequate" if ok else "sample.short")
                          for ok in adequacy["adequate"]], index=adequacy.index, dtype="str")

    def _short(self) -> int:
        """Surveyed units whose sample is short of the minimum."""
        return int((self.sample_check().reindex(self.per_unit.index)["adequate"] == False).sum())

    def adequacy(self) -> pd.DataFrame:
        """Respondents against the Krejcie–Morgan minimum of each unit's population (visits when not given)."""
        w = self.words
        adequacy = self.sample_check()
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: [self._name(u) for u in adequacy.index],
            column["population"]: [w.number(v) if pd.notna(v) else w.say("unknown_population")
                                   for v in adequacy["population"]],
            column["minimum"]: [w.number(v) if pd.notna(v) else "–" for v in adequacy["minimum"]],
            column["respondents"]: [w.number(v) for v in adequacy["actual"]],
            column["note"]: adequacy["warning"].to_numpy(),
        })

    def weakest_table(self) -> pd.DataFrame:
        """Per unit, the weakest unsur, what it means and where to start."""
        weakest, w = self.results.satisfaction.weakest.set_index("unit_code"), self.words
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: [self._name(u) for u in weakest.index],
            column["unsur"]: [f"{c} {label}" for c, label in zip(weakest["code"], weakest["label"])],
            column["nrr"]: [w.number(v, 2) for v in weakest["nrr"]],
            column["meaning"]: [ikm.UNSUR_MEANING[u] for u in weakest["unsur"]],
        })

    def complaints_lead(self) -> str:
        """The organisation's complaints in one sentence."""
        overall, w = self.results.satisfaction.complaints_overall, self.words
        quarter, days = w.quarter(self.results.quarter), self.results.options.complaint_standard_days
        if overall.empty:
            return self.results.why("complaints", self.language) or w.say("complaints.none", quarter=quarter)
        row = overall.iloc[0]
        return w.say("complaints.lead", received=w.number(row["received"]), quarter=quarter,
                     within=w.say("within_standard", share=w.percent(row["share_within_standard"]), days=days),
                     median=w.number(row["median_workdays_to_resolve"], 1))

    def complaints_table(self) -> pd.DataFrame:
        """Complaints per unit that received one or has a backlog."""
        summary, w = self.results.satisfaction.complaints, self.words
        summary = summary[(summary["received"] > 0) | (summary["open_over_standard"] > 0)]
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: [self._name(u) for u in summary["unit_code"]],
            column["received"]: summary["received"].map(w.number).to_numpy(),
            column["resolved"]: summary["resolved"].map(w.number).to_numpy(),
            column["open"]: summary["open"].map(w.number).to_numpy(),
            column["median_days"]: summary["median_workdays_to_resolve"].map(lambda v: w.number(v, 1)).to_numpy(),
            column["within_standard"]: summary["share_within_standard"].map(w.percent).to_numpy(),
            column["backlog"]: summary["open_over_standard"].map(w.number).to_numpy(),
        })

    def complaint_figures(self) -> list[Figure]:
        """Complaints per channel this quarter, and per quarter over the window."""
        channels, trend = self.results.satisfaction.channels, self.results.satisfaction.complaint_trend
        if channels.empty and trend.empty:
            return []
        w = self.words
        quarter = w.say("column.quarter")
        return [plots.count_bars(channels, "channel", "complaints",
                                 title=w.say("complaints.channels", quarter=w.quarter(self.results.quarter)),
                                 count_label=w.say("complaints.count"), language=self.language),
                plots.trend_against_standard(trend.assign(**{quarter: trend["quarter"].astype(str)
                                                             .map(w.short_quarter)}),
                                             quarter, "received", value_format="count",
                                             title=w.say("complaints.trend"), x_label=quarter,
                                             y_label=w.say("complaints.received"), language=self.language)]

    def _surges(self) -> list[tuple[str, int, float]]:
        """The units whose complaints jumped: unit code, complaints received, the mean of the quarters before."""
        surges = self.results.satisfaction.surges
        return list(surges[["unit_code", "received", "previous_mean"]].itertuples(index=False, name=None))

    def surges(self) -> str:
        """The units whose complaints jumped, in one sentence; empty when none did."""
        surges, w = self._surges(), self.words
        if not surges:
            return self.results.why("complaint_surges", self.language) or ""
        return w.say("surges.lead", n=self.results.options.compare_quarters, surges="; ".join(
            w.say("surges.unit", unit=escape_markdown(self._name(u)), received=w.number(r), mean=w.number(m, 1))
            for u, r, m in surges))

    def comments(self, responses: pd.DataFrame, employee_names: pd.Series, sample: int) -> pd.DataFrame:
        """A fixed random sample of the quarter's comments, names masked.

        Parameters
        ----------
        responses
            The SKM responses (``ikm_responses``), with ``survey_date``, ``unit_code`` and ``comment``.
        employee_names
            Names to mask wherever they appear.
        sample
            How many comments.
        """
        period = ikm.period_of(responses["survey_date"], "quarter")
        comments = responses[(period == self.results.quarter.label)].dropna(subset=["comment"])
        chosen = comments.sample(min(sample, len(comments)), random_state=0) if len(comments) else comments
        column = self.words.phrases("column")
        return pd.DataFrame({column["unit"]: [self._name(u) for u in chosen["unit_code"]],
                             column["comment"]: mask_names(chosen["comment"], employee_names).to_numpy()})

    def headlines(self) -> tuple[list[dict[str, str]], list[dict[str, str]], dict[str, Any]]:
        """Headlines, attention and details for the leadership summary."""
        overall, complaints = self.results.satisfaction.overall, self.results.satisfaction.complaints_overall
        days, w = self.results.options.complaint_standard_days, self.words
        headlines = []
        if not overall.empty:
            units, short = len(self.per_unit), self._short()
            graded = self._graded(overall.iloc[0])
            headlines.append({"label": w.say("headlines.ikm", units=w.number(units)),
                              "value": w.say("sample.short_value", graded=graded, short=w.number(short),
                                             units=w.number(units)) if short else graded, "change": ""})
        if not complaints.empty:
            row = complaints.iloc[0]
            headlines.append({"label": w.say("headlines.received"), "value": w.number(row["received"]),
                              "change": w.say("within_standard", share=w.percent(row["share_within_standard"]),
                                              days=days)})
        # What could not be judged is said as unknown, with the reason: never as "no complaints" or "no surge".
        headlines += [{"label": w.say(f"headlines.{part}"), "value": "–", "change": reason}
                      for part, reason in self._unknown()]
        previous = w.quarter(self.results.previous)
        attention = [{"unit": self._name(u), "why": w.say("headlines.low", ikm=w.number(unit["ikm_rounded"], 2),
                                                          grade=unit["grade"], label=self.kinerja_label(unit))
                      + ("" if pd.isna(unit["change"]) else
                         w.say("headlines.low_change", change=w.number(unit["change"], 2), previous=previous))}
                     for u, unit in self.low.iterrows()]
        n = self.results.options.compare_quarters
        attention += [{"unit": self._name(u), "why": w.say("headlines.surge", received=w.number(r),
                                                           mean=w.number(m, 1), n=n)}
                      for u, r, m in self._surges()]
        sample = self.sample()
        grades = [{"unit": self._name(u), "ikm": w.number(unit["ikm_rounded"], 2), "grade": unit["grade"],
                   "label": self.kinerja_label(unit), "sample": sample[u]} for u, unit in self.per_unit.iterrows()]
        return headlines, attention, {"weight": self.results.options.weight, "grades": grades}
