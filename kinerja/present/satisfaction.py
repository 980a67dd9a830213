"""What ``kepuasan_masyarakat`` shows: the IKM and the complaints of a quarter, from its one evaluation.

:class:`SatisfactionPage` turns the quarter's
:class:`~kinerja.quarter.figures.SatisfactionFigures` into the page's tables,
sentences and figures. It computes nothing the evaluation has not: the IKM
of a unit here is the one the summary and the quarterly page show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from kinerja.core.formatting import number, percent
from kinerja.core.periods import Quarter
from kinerja.core.privacy import mask_names
from kinerja.data.dictionary import UNSUR
from kinerja.metrics import ikm
from kinerja.present import plots
from kinerja.present.report import escape_markdown
from kinerja.quarter.evaluation import QuarterResults

__all__ = ["GRADE_LIMITS", "SatisfactionPage"]

GRADE_LIMITS = {"batas A": 88.31, "batas B": 76.61, "batas C": 65.0}
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
    """

    results: QuarterResults
    names: pd.Series

    @classmethod
    def build(cls, results: QuarterResults, units: pd.DataFrame) -> SatisfactionPage:
        """The page of ``results``; ``units`` gives the names."""
        return cls(results, units.drop_duplicates("unit_code").set_index("unit_code")["unit_name"])

    def _name(self, code: str) -> str:
        return self.names.get(code, code)

    def _short(self, label: str) -> str:
        return Quarter.parse(label).label_id.replace("Triwulan", "TW")

    @property
    def per_unit(self) -> pd.DataFrame:
        """IKM per unit with its interval and change, indexed by unit code."""
        return self.results.satisfaction.per_unit.set_index("unit_code")

    @property
    def low(self) -> pd.DataFrame:
        """Units of grade C or D."""
        return self.per_unit[self.per_unit["grade"].isin(["C", "D"])]

    def parameters(self, data: str, language: str, privacy: str) -> dict[str, Any]:
        """The parameters table's rows."""
        options = self.results.options
        return {"data": data, "triwulan": self.results.quarter.label_id, "bahasa": language, "privasi": privacy,
                "bobot IKM": "1/9 (tepat)" if options.weight == "exact" else options.weight,
                "pembanding (triwulan)": options.compare_quarters,
                "standar pengaduan (hari kerja)": options.complaint_standard_days, "bootstrap": options.n_boot}

    def summary(self) -> str:
        """The organisation's IKM and the units that need attention, as Markdown."""
        overall = self.results.satisfaction.overall
        q = self.results.quarter
        if overall.empty:
            return f"Tidak ada jawaban survei kepuasan masyarakat pada {q.label_id}, sehingga IKM belum diketahui."
        row = overall.iloc[0]
        weight = "1/9" if self.results.options.weight == "exact" else self.results.options.weight
        lines = [f"**IKM seluruh unit {q.label_id}: {number(row['ikm_rounded'], 2)} (mutu {row['grade']}, "
                 f"{row['label']})** dari {number(row['n'])} responden; bobot {weight}."]
        if self.low.empty:
            lines.append("Semua unit bermutu A atau B.")
        for code, unit in self.low.iterrows():
            change = "" if pd.isna(unit["change"]) else \
                f", berubah {number(unit['change'], 2)} poin dari triwulan lalu ({self.results.previous.label_id})"
            lines.append(f"- Perlu perhatian: **{escape_markdown(self._name(code))}** IKM "
                         f"{number(unit['ikm_rounded'], 2)} (mutu {unit['grade']}, {unit['label']}){change}.")
        return "\n".join(lines)

    def ikm_table(self) -> pd.DataFrame:
        """IKM per unit with its 95 % interval, grade and change from the previous quarter."""
        table = self.per_unit
        return pd.DataFrame({
            "Unit": [self._name(u) for u in table.index],
            "Responden": [number(n) for n in table["n"]],
            "IKM": [number(v, 2) for v in table["ikm_rounded"]],
            "Selang 95%": [f"{number(lo, 2)}–{number(hi, 2)}" for lo, hi in zip(table["ci_low"], table["ci_high"])],
            "Mutu": table["grade"].to_numpy(),
            "Kinerja unit": table["label"].to_numpy(),
            f"Perubahan dari {self.results.previous.label_id}": [number(c, 2) for c in table["change"]],
        })

    def unsur_figure(self) -> Figure | None:
        """NRR per unsur and unit; None without responses."""
        table = self.per_unit
        if table.empty:
            return None
        labels = {name: f"U{i} {label}" for i, (name, label, _) in enumerate(UNSUR, start=1)}
        heat = table[list(ikm.UNSUR_COLUMNS)].rename(index=self._name, columns=labels)
        return plots.heatmap(heat, title=f"NRR per unsur dan unit, {self.results.quarter.label_id}",
                             colorbar_label="NRR (1–4)", center=76.61 / 25, limits=(2.5, 4.0), decimals=2,
                             high_label="di atas batas mutu B", low_label="di bawah batas mutu B")

    def _trend_wide(self) -> pd.DataFrame:
        trend = self.results.satisfaction.trend
        window = [q.label for q in self.results.window]
        return trend.pivot(index="unit_code", columns="quarter", values="ikm").reindex(columns=window)

    def trend_figure(self) -> Figure | None:
        """IKM per unit over the window, the units that need attention highlighted."""
        trend = self.results.satisfaction.trend
        if trend.empty:
            return None
        frame = trend.assign(Unit=trend["unit_code"].map(self._name), Triwulan=trend["quarter"].map(self._short))
        return plots.trend_against_standard(
            frame, "Triwulan", "ikm", group="Unit", order=[self._short(q.label) for q in self.results.window],
            standards=GRADE_LIMITS, value_format="number",
            highlight=[self._name(u) for u in self.low.index] or None, others_label="unit lain",
            title="IKM per unit (unit yang perlu perhatian ditebalkan)", x_label="Triwulan", y_label="IKM")

    def trend_table(self) -> pd.DataFrame:
        """IKM per unit and quarter of the window."""
        wide = self._trend_wide()
        table = wide.rename(index=self._name).map(lambda v: number(v, 2)).rename_axis("Unit").reset_index()
        table.columns = ["Unit", *[q.label_id for q in self.results.window]]
        return table

    def adequacy(self, populations: dict[str, int] | None) -> pd.DataFrame:
        """Respondents against the Krejcie–Morgan minimum of each unit's population (visits when not given)."""
        if populations is None:
            service = self.results.units.services
            population = service[service["quarter"] == self.results.quarter.label].set_index("unit_code")["visits"]
        else:
            population = pd.Series(populations, dtype="Int64")
        adequacy = ikm.sample_adequacy(self.per_unit["n"], population)
        return pd.DataFrame({
            "Unit": [self._name(u) for u in adequacy.index],
            "Populasi": [number(v) if pd.notna(v) else "tidak diketahui" for v in adequacy["population"]],
            "Minimum": [number(v) if pd.notna(v) else "–" for v in adequacy["minimum"]],
            "Responden": [number(v) for v in adequacy["actual"]],
            "Catatan": adequacy["warning"].to_numpy(),
        })

    def weakest_table(self) -> pd.DataFrame:
        """Per unit, the weakest unsur, what it means and where to start."""
        weakest = self.results.satisfaction.weakest.set_index("unit_code")
        return pd.DataFrame({
            "Unit": [self._name(u) for u in weakest.index],
            "Unsur": [f"{c} {label}" for c, label in zip(weakest["code"], weakest["label"])],
            "NRR": [number(v, 2) for v in weakest["nrr"]],
            "Artinya": [ikm.UNSUR_MEANING[u] for u in weakest["unsur"]],
        })

    def complaints_lead(self) -> str:
        """The organisation's complaints in one sentence."""
        overall = self.results.satisfaction.complaints_overall
        q, days = self.results.quarter, self.results.options.complaint_standard_days
        if overall.empty:
            return f"Tidak ada tabel pengaduan dalam data, sehingga pengaduan {q.label_id} belum diketahui."
        row = overall.iloc[0]
        return (f"**{number(row['received'])} pengaduan** diterima pada {q.label_id}; "
                f"{percent(row['share_within_standard'])} selesai dalam {days} hari kerja; "
                f"median lama penyelesaian {number(row['median_workdays_to_resolve'], 1)} hari kerja.")

    def complaints_table(self) -> pd.DataFrame:
        """Complaints per unit that received one or has a backlog."""
        summary = self.results.satisfaction.complaints
        summary = summary[(summary["received"] > 0) | (summary["open_over_standard"] > 0)]
        return pd.DataFrame({
            "Unit": [self._name(u) for u in summary["unit_code"]],
            "Diterima": summary["received"].map(number).to_numpy(),
            "Selesai": summary["resolved"].map(number).to_numpy(),
            "Masih terbuka": summary["open"].map(number).to_numpy(),
            "Median hari kerja": summary["median_workdays_to_resolve"].map(lambda v: number(v, 1)).to_numpy(),
            "Dalam standar": summary["share_within_standard"].map(percent).to_numpy(),
            "Tunggakan": summary["open_over_standard"].map(number).to_numpy(),
        })

    def complaint_figures(self) -> list[Figure]:
        """Complaints per channel this quarter, and per quarter over the window."""
        channels, trend = self.results.satisfaction.channels, self.results.satisfaction.complaint_trend
        if channels.empty and trend.empty:
            return []
        q = self.results.quarter
        return [plots.count_bars(channels, "channel", "complaints", title=f"Saluran pengaduan, {q.label_id}",
                                 count_label="Jumlah pengaduan"),
                plots.trend_against_standard(trend.assign(Triwulan=trend["quarter"].astype(str).map(self._short)),
                                             "Triwulan", "received", value_format="count",
                                             title="Pengaduan per triwulan, seluruh unit", x_label="Triwulan",
                                             y_label="Pengaduan diterima")]

    def surges(self) -> str:
        """The units whose complaints jumped, in one sentence; empty when none did."""
        surges = self.results.satisfaction.surges
        if surges.empty:
            return ""
        n = self.results.options.compare_quarters
        return (f"Lonjakan pengaduan (paling sedikit 5 dan dua kali rata-rata {n} triwulan sebelumnya): " + "; ".join(
            f"**{escape_markdown(self._name(u))}** {number(r)} pengaduan (sebelumnya rata-rata {number(m, 1)})"
            for u, r, m in surges[["unit_code", "received", "previous_mean"]].itertuples(index=False)) + ".")

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
        return pd.DataFrame({"Unit": [self._name(u) for u in chosen["unit_code"]],
                             "Saran": mask_names(chosen["comment"], employee_names).to_numpy()})

    def headlines(self) -> tuple[list[dict[str, str]], list[dict[str, str]], dict[str, Any]]:
        """Headlines, attention and details for the leadership summary."""
        overall, complaints = self.results.satisfaction.overall, self.results.satisfaction.complaints_overall
        days = self.results.options.complaint_standard_days
        headlines = []
        if not overall.empty:
            row = overall.iloc[0]
            headlines.append({"label": "IKM seluruh unit", "value": f"{number(row['ikm_rounded'], 2)} (mutu "
                                                                     f"{row['grade']}, {row['label']})", "change": ""})
        if not complaints.empty:
            row = complaints.iloc[0]
            headlines.append({"label": "Pengaduan diterima", "value": number(row["received"]),
                              "change": f"{percent(row['share_within_standard'])} selesai dalam {days} hari kerja"})
        previous = self.results.previous.label_id
        attention = [{"unit": self._name(u), "why": f"IKM {number(unit['ikm_rounded'], 2)}, mutu {unit['grade']} "
                      f"({unit['label']})" + ("" if pd.isna(unit["change"]) else
                                              f"; berubah {number(unit['change'], 2)} poin dari {previous}")}
                     for u, unit in self.low.iterrows()]
        n = self.results.options.compare_quarters
        attention += [{"unit": self._name(u), "why": f"Lonjakan pengaduan: {number(r)} triwulan ini, rata-rata "
                                                    f"{number(m, 1)} pada {n} triwulan sebelumnya"}
                      for u, r, m in self.results.satisfaction.surges[["unit_code", "received", "previous_mean"]]
                      .itertuples(index=False)]
        grades = [{"unit": self._name(u), "ikm": number(unit["ikm_rounded"], 2), "grade": unit["grade"],
                   "label": unit["label"]} for u, unit in self.per_unit.iterrows()]
        return headlines, attention, {"weight": self.results.options.weight, "grades": grades}
