"""What ``indikator_triwulan`` shows: tables, sentences and figures of one quarter, from its one evaluation.

:class:`QuarterPage` takes the quarter's :class:`~kinerja.quarter.evaluation.QuarterResults`,
the units table and the run's :class:`~kinerja.core.privacy.PrivacyPolicy`,
and gives each section of the page as a DataFrame, Markdown or a figure. It
computes nothing new: every number is one of the evaluation's, so the same
figure on the summary and on a feedback page is the same number. Two periods
are named on the page: the *previous quarter* ("triwulan lalu") and the
*baseline* (the median of the quarters before, for flags).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from kinerja.core.formatting import long_date, number, percent, signed_change
from kinerja.core.privacy import PrivacyPolicy
from kinerja.metrics import distribution_rules, flags, skp
from kinerja.metrics.distribution_rules import DistributionCheck
from kinerja.present import plots
from kinerja.quarter.evaluation import QuarterResults

__all__ = ["EKINERJA_METRICS", "QuarterPage"]

EKINERJA_METRICS = frozenset({"reporting_rate", "on_time_rate", "approval_lag_median_hours"})
"""Unit indicators that describe the unit's ASN, hidden for a unit under the smallest group."""
_PEOPLE_METRICS = EKINERJA_METRICS | {"capaian_median"}
_PREDIKAT_COLOURS = ["#b42318", "#e07b39", "#f2c14e", "#8cc084", "#1a7f3c"]


def _share_row(label: str, now: float | None, before: float | None) -> list[str]:
    return [label, percent(now, 1), percent(before, 1), signed_change(now, before, 1, " poin persen", 100)]


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
    """

    results: QuarterResults
    units: pd.DataFrame
    policy: PrivacyPolicy
    organisation_predikat: str
    selected: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, results: QuarterResults, units: pd.DataFrame, policy: PrivacyPolicy,
              organisation_predikat: str) -> QuarterPage:
        """The page of ``results`` for the units its options select (every unit when None)."""
        known = list(units.drop_duplicates("unit_code")["unit_code"])
        chosen = known if results.options.units is None else [u for u in known if u in results.options.units]
        return cls(results, units.drop_duplicates("unit_code"), policy, organisation_predikat, chosen)

    # --- who is shown ---------------------------------------------------------------------------

    @property
    def names(self) -> pd.Series:
        """unit_code -> unit name."""
        return self.units.set_index("unit_code")["unit_name"]

    @property
    def headcount(self) -> pd.Series:
        """ASN per selected unit, in the quarter's evaluation."""
        staff = self.results.of_quarter("predikat", self.results.quarter)
        return staff.groupby("unit_code").size().reindex(self.selected, fill_value=0)

    @property
    def small(self) -> set[str]:
        """Selected units with too few ASN to be shown on their own."""
        return set(self.headcount.index[self.policy.too_small(self.headcount)])

    @property
    def people_units(self) -> list[str]:
        """Selected units with ASN that may be shown on their own."""
        count = self.headcount
        return [u for u in self.selected if count[u] > 0 and u not in self.small]

    @property
    def puskesmas(self) -> list[str]:
        """Selected units that are Puskesmas."""
        types = self.units.set_index("unit_code")["unit_type"].str.lower()
        return [u for u in self.selected if types.get(u) == "puskesmas"]

    def small_note(self) -> str:
        """The sentence that says small units are counted but not shown; empty when there are none."""
        if not self.small:
            return ""
        return (f"\n\n{len(self.small)} unit dengan kurang dari {self.policy.min_group} pegawai tidak ditampilkan "
                f"sendiri-sendiri; pegawainya tetap dihitung dalam angka seluruh organisasi.")

    def parameters(self, data: str, language: str, privacy: str) -> dict[str, Any]:
        """The parameters table's rows: what was evaluated and against what."""
        options, window = self.results.options, self.results.window
        return {
            "data": data, "triwulan": self.results.quarter.label_id,
            "dibandingkan dengan": f"{self.results.previous.label_id} (triwulan lalu); median "
                                   f"{options.compare_quarters} triwulan {window[0].label_id} s.d. "
                                   f"{window[-2].label_id} untuk penandaan (pembanding)",
            "bahasa": language, "privasi": privacy,
            "unit": "semua" if options.units is None else ", ".join(self.selected),
            "toleransi keterlambatan e-Kinerja (hari)": options.late_tolerance_days,
            "tanpa laporan (hari kerja terakhir)": options.no_report_days,
            "standar pelaporan per unit": percent(options.reporting_standard),
            "standar waktu tunggu (menit)": options.waiting_standard_minutes,
            "predikat organisasi (SE MenPANRB 3/2023)": self.organisation_predikat,
            "kelompok terkecil yang ditampilkan (pegawai)": self.policy.min_group,
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
        """The organisation's predikat distribution against SE MenPANRB 3/2023; None without ratings."""
        counts = self._rated(quarter_label or self.results.quarter.label)["predikat"].value_counts()
        return distribution_rules.check_distribution(counts, self.organisation_predikat) if counts.sum() > 0 else None

    def _capaian(self, quarter_label: str) -> pd.Series:
        rated = self._rated(quarter_label)
        return rated["capaian"]

    # --- sections ---------------------------------------------------------------------------------

    def attention(self) -> pd.DataFrame:
        """The units that need attention: indicator, this quarter, the baseline it is judged against, why."""
        judged = self.results.units.flags
        flagged = judged[judged["flagged"] & judged["unit_code"].isin(self.selected)]
        hidden = flagged["unit_code"].isin(self.small) & flagged["metric"].isin(_PEOPLE_METRICS)
        kinds = {name: rule.kind for name, rule in flags.DEFAULT_RULES.items()}
        shown = lambda v, m, hide: "–" if hide else flags.format_value(v, kinds[m])
        messages = [f"{label} di {name} perlu perhatian (angka tidak ditampilkan: unit kurang dari "
                    f"{self.policy.min_group} pegawai)" if hide else message
                    for label, name, message, hide in zip(flagged["label"], flagged["unit_name"],
                                                          flagged["message"], hidden)]
        baseline = f"Pembanding (median {self.results.options.compare_quarters} triwulan sebelumnya)"
        return pd.DataFrame({
            "Unit": flagged["unit_name"].to_numpy(),
            "Ukuran": flagged["label"].to_numpy(),
            "Triwulan ini": [shown(v, m, h) for v, m, h in zip(flagged["value"], flagged["metric"], hidden)],
            baseline: [shown(v, m, h) for v, m, h in zip(flagged["baseline"], flagged["metric"], hidden)],
            "Yang perlu diperhatikan": messages,
        })

    def attention_list(self) -> list[dict[str, str]]:
        """The attention table as the summary reads it: unit and why."""
        table = self.attention()
        return [{"unit": unit, "why": why} for unit, why in zip(table["Unit"], table["Yang perlu diperhatikan"])]

    def summary(self) -> pd.DataFrame:
        """The quarter against the previous quarter, for the organisation and each Puskesmas."""
        q, previous = self.results.quarter, self.results.previous
        options = self.results.options
        now, before = self._organisation(q.label), self._organisation(previous.label)
        rate = lambda row, column: None if row is None else row[column]
        meets_now, meets_before, total = self._meets()
        silent_now, silent_before = self._silent(q.label), self._silent(previous.label)
        check_now, check_before = self.predikat_check(q.label), self.predikat_check(previous.label)
        verdict = lambda check: "–" if check is None else ("memenuhi" if check.holds else "tidak memenuhi")
        rows = [
            _share_row("Tingkat pelaporan e-Kinerja (seluruh ASN)", rate(now, "reporting_rate"),
                       rate(before, "reporting_rate")),
            [f"Unit yang memenuhi standar pelaporan (≥ {percent(options.reporting_standard)})",
             f"{meets_now} dari {total}", "–" if meets_before is None else f"{meets_before} dari {total}",
             signed_change(meets_now, meets_before, 0, " unit")],
            _share_row("Laporan e-Kinerja tepat waktu", rate(now, "on_time_rate"), rate(before, "on_time_rate")),
            ["Median lama persetujuan atasan",
             "–" if now is None else f"{number(now['approval_lag_median_hours'], 1)} jam",
             "–" if before is None else f"{number(before['approval_lag_median_hours'], 1)} jam",
             signed_change(rate(now, "approval_lag_median_hours"), rate(before, "approval_lag_median_hours"), 1,
                           " jam")],
            [f"ASN tanpa laporan e-Kinerja pada {options.no_report_days} hari kerja terakhir",
             number(silent_now["without_report"].sum()),
             number(silent_before["without_report"].sum()) if before is not None else "–",
             signed_change(silent_now["without_report"].sum(),
                           silent_before["without_report"].sum() if before is not None else None)],
            _share_row("Median capaian SKP pegawai", self._capaian(q.label).median(),
                       self._capaian(previous.label).median()),
            [f"Sebaran predikat sesuai SE MenPANRB 3/2023 (organisasi {self.organisation_predikat})",
             verdict(check_now), verdict(check_before), ""],
        ]
        rows += self._puskesmas_rows()
        return pd.DataFrame(rows, columns=["Ukuran", q.label_id, previous.label_id, "Perubahan"])

    def _service_value(self, column: str, unit: str, quarter_label: str, table: str = "services") -> float:
        frame = getattr(self.results.units, table).set_index(["unit_code", "quarter"])
        return frame[column].get((unit, quarter_label), float("nan")) if column in frame else float("nan")

    def waiting_time(self, unit: str) -> tuple[float, float]:
        """The median waiting time of a Puskesmas in the quarter and the previous one (NaN when unknown)."""
        return (self._service_value("waiting_median_minutes", unit, self.results.quarter.label),
                self._service_value("waiting_median_minutes", unit, self.results.previous.label))

    def _puskesmas_rows(self) -> list[list[str]]:
        q, previous, names = self.results.quarter.label, self.results.previous.label, self.names
        standard = self.results.options.waiting_standard_minutes
        rows = []
        for unit in self.puskesmas:
            now_wait, before_wait = self.waiting_time(unit)
            rows.append([f"Waktu tunggu (median), {names[unit]}", flags.format_value(now_wait, "minutes"),
                         flags.format_value(before_wait, "minutes"), signed_change(now_wait, before_wait, 0, " menit")])
            rows.append(_share_row(f"Pasien dilayani ≤ {standard} menit, {names[unit]}",
                                   self._service_value("within_standard_share", unit, q),
                                   self._service_value("within_standard_share", unit, previous)))
            now_ikm = self._service_value("ikm_rounded", unit, q, "patient_ikm")
            before_ikm = self._service_value("ikm_rounded", unit, previous, "patient_ikm")
            rows.append([f"IKM pasien, {names[unit]}", flags.format_value(now_ikm, "ikm"),
                         flags.format_value(before_ikm, "ikm"), signed_change(now_ikm, before_ikm, 2, " poin")])
        if self.puskesmas:
            service = self.results.units.services
            served = service[service["unit_code"].isin(self.puskesmas)].groupby("quarter")["served"].sum()
            now_served, before_served = served.get(q), served.get(previous)
            rows.append(["Layanan diberikan, semua Puskesmas", number(now_served), number(before_served),
                         signed_change(now_served, before_served)])
        return rows

    def capaian_lead(self) -> str:
        """The organisation's median capaian, in one sentence."""
        capaian = self._capaian(self.results.quarter.label)
        return (f"Median capaian seluruh pegawai {self.results.quarter.label_id}: **{percent(capaian.median(), 1)}** "
                f"({number(capaian.notna().sum())} pegawai dengan capaian)." + self.small_note())

    def capaian_table(self) -> pd.DataFrame:
        """Capaian per unit: ASN, with capaian, median, mean, the previous quarter's median and the change."""
        table = self.results.unit_capaian
        now = table[table["quarter"] == self.results.quarter.label].set_index("unit_code")
        before = table[table["quarter"] == self.results.previous.label].set_index("unit_code")["capaian_median"]
        shown = [u for u in self.people_units if u in now.index]
        now = now.reindex(shown)
        return pd.DataFrame({
            "Unit": [self.names[u] for u in shown],
            "Pegawai": [number(v) for v in now["n_employees"]],
            "Dengan capaian": [number(v) for v in now["n_with_capaian"]],
            "Median": [percent(v, 1) for v in now["capaian_median"]],
            "Rata-rata": [percent(v, 1) for v in now["capaian_mean"]],
            "Median triwulan lalu": [percent(before.get(u), 1) for u in shown],
            "Perubahan": [signed_change(v, before.get(u), 1, " poin persen", 100)
                          for u, v in zip(shown, now["capaian_median"])],
        })

    def capaian_figure(self) -> Figure | None:
        """The distribution of capaian per shown unit; None when nobody has one."""
        rated = self._rated(self.results.quarter.label)
        plotted = rated[rated["unit_code"].isin(self.people_units) & rated["capaian"].notna()]
        if plotted.empty:
            return None
        plotted = plotted.assign(Unit=plotted["unit_code"].map(self.names))
        return plots.distribution_by_group(
            plotted, "capaian", "Unit", title=f"Sebaran capaian SKP per unit, {self.results.quarter.label_id}",
            value_label="Capaian SKP pegawai",
            references={f"Sesuai Ekspektasi ({percent(skp.DEFAULT_MEETS)})": skp.DEFAULT_MEETS,
                        f"Di Atas Ekspektasi ({percent(skp.DEFAULT_ABOVE)})": skp.DEFAULT_ABOVE},
            references_title="Acuan hasil kerja")

    def missing_capaian(self) -> pd.DataFrame | str:
        """Per unit, indicators and ASN without capaian and why; a sentence when there are none."""
        missing = self.results.units.missing_capaian
        missing = missing[missing["unit_code"].isin(self.selected)]
        if missing.empty:
            return f"Semua pegawai dan semua indikator SKP {self.results.quarter.label_id} memiliki capaian."
        label = f"Unit kecil (< {self.policy.min_group} pegawai)"
        missing = missing.assign(unit=[label if u in self.small else self.names[u] for u in missing["unit_code"]])
        summary = missing.groupby(["unit", "kind", "reason"], sort=False)["count"].sum().reset_index()
        return pd.DataFrame({
            "Unit": summary["unit"],
            "Jenis": summary["kind"].map({"indicator": "indikator", "employee": "pegawai"}),
            "Alasan": summary["reason"],
            "Jumlah": [number(v) for v in summary["count"]],
        })

    def _unit_checks(self) -> pd.DataFrame:
        rated = self._rated(self.results.quarter.label)
        distribution = distribution_rules.predikat_distribution(rated[rated["unit_code"].isin(self.people_units)])
        return distribution_rules.check_distributions(distribution, self.organisation_predikat)

    def predikat_lines(self) -> str:
        """The organisation's predikat distribution and its check, as Markdown."""
        q = self.results.quarter
        check = self.predikat_check()
        if check is None:
            return f"Belum ada pegawai yang dinilai pada {q.label_id}, sehingga sebaran predikat belum dapat diperiksa."
        holds = self._unit_checks().groupby("unit_code")["holds"].all()
        rated = self._rated(q.label)
        counts = rated["predikat"].value_counts()
        spread = ", ".join(f"{label} {percent(counts.get(label, 0) / check.n, 1)}" for label in skp.PREDIKAT)
        lines = [f"**Seluruh organisasi ({number(check.n)} pegawai dinilai): sebaran predikat "
                 f"{'memenuhi' if check.holds else 'tidak memenuhi'} SE MenPANRB 3/2023 untuk organisasi "
                 f"berpredikat {check.organisation_predikat}.**", "", f"Sebaran: {spread}.", ""]
        lines += [f"- {'✓' if ok else '✗'} {message}." for ok, message in zip(check.rules["holds"], check.rules["message"])]
        lines += ["", f"Per unit: {number(int((~holds).sum()))} dari {number(len(holds))} unit tidak memenuhi aturan "
                      "yang sama (rinciannya di tabel di bawah)."]
        unrated = int(rated["predikat"].isna().sum())
        if unrated:
            lines.append(f"{number(unrated)} pegawai belum memiliki predikat (penilaian hasil kerja atau perilaku "
                         "kosong).")
        return "\n".join(lines) + self.small_note()

    def _distribution(self) -> pd.DataFrame:
        rated = self._rated(self.results.quarter.label)
        distribution = distribution_rules.predikat_distribution(rated[rated["unit_code"].isin(self.people_units)])
        return distribution[distribution["n"] > 0]

    def predikat_figure(self) -> Figure | None:
        """Predikat shares per shown unit; None without ratings."""
        distribution = self._distribution()
        if distribution.empty:
            return None
        order = [self.names[u] for u in self.people_units if u in set(distribution["unit_code"])]
        frame = distribution.assign(Unit=distribution["unit_code"].map(self.names),
                                    Predikat=distribution["predikat"].astype(str))
        return plots.share_bars(frame, "Unit", "Predikat", "share",
                                title=f"Sebaran predikat per unit, {self.results.quarter.label_id}",
                                x_label="Bagian pegawai unit", category_order=list(skp.PREDIKAT), group_order=order,
                                palette=_PREDIKAT_COLOURS[::-1], legend_title="Predikat")

    def predikat_table(self) -> pd.DataFrame | None:
        """Predikat shares per shown unit and its check; None without ratings."""
        distribution = self._distribution()
        if distribution.empty:
            return None
        wide = distribution.pivot(index="unit_code", columns="predikat", values="share")
        wide = wide.reindex(index=[u for u in self.people_units if u in wide.index], columns=list(skp.PREDIKAT))
        rated_n = distribution.groupby("unit_code")["n"].first()
        verdict = {unit: "memenuhi" if rules["holds"].all() else "; ".join(rules.loc[~rules["holds"], "message"])
                   for unit, rules in self._unit_checks().groupby("unit_code")}
        table = pd.DataFrame({"Unit": [self.names[u] for u in wide.index],
                              "Dinilai": [number(rated_n[u]) for u in wide.index]})
        for label in skp.PREDIKAT:
            table[label] = [percent(v, 1) for v in wide[label]]
        table["Pemeriksaan SE MenPANRB 3/2023"] = [verdict.get(u, "–") for u in wide.index]
        return table

    def reporting_lines(self) -> str:
        """e-Kinerja reporting of the organisation, in three sentences."""
        q, options = self.results.quarter, self.results.options
        now = self._organisation(q.label)
        silent = self._silent(q.label)
        meets, _, total = self._meets()
        tolerance = "pada hari yang sama" if options.late_tolerance_days == 0 else \
            f"paling lambat {options.late_tolerance_days} hari setelahnya"
        end = silent["window_end"].max() if len(silent) else pd.NaT
        lines = [
            f"**{meets} dari {total} unit** memenuhi standar pelaporan {percent(options.reporting_standard)} pada "
            f"{q.label_id}; tingkat pelaporan seluruh ASN "
            f"{percent(now['reporting_rate'], 1) if now is not None else '–'}.",
            f"Laporan yang dikirim tepat waktu ({tolerance}): "
            f"{percent(now['on_time_rate'], 1) if now is not None else '–'}; median lama persetujuan atasan "
            f"{number(now['approval_lag_median_hours'], 1) if now is not None else '–'} jam.",
            f"Pada {options.no_report_days} hari kerja terakhir triwulan (sampai "
            f"{long_date(pd.Timestamp(end).date()) if pd.notna(end) else '–'}), "
            f"**{number(int(silent['without_report'].sum()))} ASN** di "
            f"{number(int((silent['without_report'] > 0).sum()))} unit tidak melaporkan kegiatan apa pun.",
        ]
        return "\n\n".join(lines) + self.small_note()

    def reporting_table(self) -> pd.DataFrame:
        """e-Kinerja per shown unit."""
        q, options = self.results.quarter, self.results.options
        reporting = self._unit_reporting(q.label)
        table = reporting.reindex([u for u in self.people_units if u in reporting.index]).join(
            self._silent(q.label)[["without_report"]], how="left")
        return pd.DataFrame({
            "Unit": [self.names[u] for u in table.index],
            "Pegawai": [number(v) for v in table["employees"]],
            "Hari kerja": [number(v) for v in table["workdays"]],
            "Tingkat pelaporan": [percent(v, 1) for v in table["reporting_rate"]],
            "Memenuhi standar": ["ya" if v >= options.reporting_standard else "tidak" for v in table["reporting_rate"]],
            "Tepat waktu": [percent(v, 1) for v in table["on_time_rate"]],
            "Median persetujuan (jam)": [number(v, 1) for v in table["approval_lag_median_hours"]],
            "Persentil 90 persetujuan (jam)": [number(v, 1) for v in table["approval_lag_p90_hours"]],
            "Belum disetujui": [percent(v, 1) for v in table["never_approved_share"]],
            f"Tanpa laporan {options.no_report_days} hari kerja terakhir (ASN)":
                [number(v) for v in table["without_report"]],
        })

    def weekly_figure(self) -> Figure | None:
        """Weekly reporting rate by unit type against the standard; None without activity."""
        weekly = self.results.units.weekly
        weekly = weekly[weekly["unit_code"].isin(self.people_units)]
        if weekly.empty:
            return None
        types = self.units.set_index("unit_code")["unit_type"].str.lower()
        weeks = sorted(weekly["week_start"].unique())
        labels = {week: long_date(pd.Timestamp(week).date())[:-5] for week in weeks}
        frame = weekly.assign(**{"Jenis unit": weekly["unit_code"].map(types).str.capitalize(),
                                 "Minggu": weekly["week_start"].map(labels)})
        standard = self.results.options.reporting_standard
        return plots.trend_against_standard(
            frame, "Minggu", "reporting_rate", group="Jenis unit", order=[labels[w] for w in weeks],
            standards={f"standar {percent(standard)}": standard}, band=("pi", 50),
            band_label="pita: separuh unit di tengah", legend_title="Jenis unit",
            title=f"Tingkat pelaporan e-Kinerja per minggu, {self.results.quarter.label_id} (garis: rata-rata unit)",
            x_label="Minggu mulai (Senin)", y_label="Tingkat pelaporan")

    def _short(self, label: str) -> str:
        return next(q.label_id.replace("Triwulan", "TW") for q in self.results.window if q.label == label)

    def health_table(self) -> pd.DataFrame | str:
        """Visits, waiting time and patient IKM of each Puskesmas over the window."""
        if not self.puskesmas:
            return "Tidak ada Puskesmas di antara unit yang dipilih."
        service, patients = self.results.units.services, self.results.units.patient_ikm
        health = service[service["unit_code"].isin(self.puskesmas)].merge(
            patients[["quarter", "unit_code", "ikm_rounded", "n"]], on=["quarter", "unit_code"], how="left")
        order = {unit: i for i, unit in enumerate(self.puskesmas)}
        health = health.sort_values(["unit_code", "quarter"], key=lambda c: c.map(order) if c.name == "unit_code"
                                    else c, kind="stable")
        standard = self.results.options.waiting_standard_minutes
        return pd.DataFrame({
            "Puskesmas": [self.names[u] for u in health["unit_code"]],
            "Triwulan": health["quarter"].map(self._short),
            "Kunjungan": [number(v) for v in health["visits"]],
            "Layanan diberikan": [number(v) for v in health["served"]],
            "Median tunggu": [flags.format_value(v, "minutes") for v in health["waiting_median_minutes"]],
            "Persentil 90 tunggu": [flags.format_value(v, "minutes") for v in health["waiting_p90_minutes"]],
            f"Dilayani ≤ {standard} menit": [percent(v, 1) for v in health["within_standard_share"]],
            "IKM pasien": [flags.format_value(v, "ikm") for v in health["ikm_rounded"]],
            "Responden IKM": [number(v) for v in health["n"]],
        })

    def waiting_figures(self) -> list[Figure]:
        """The waiting time (median and p90) and the share served within the standard, per Puskesmas."""
        service = self.results.units.services
        health = service[service["unit_code"].isin(self.puskesmas)]
        if health.empty:
            return []
        health = health.assign(Puskesmas=health["unit_code"].map(self.names),
                               Triwulan=health["quarter"].map(self._short))
        order = [self._short(q.label) for q in self.results.window]
        standard = self.results.options.waiting_standard_minutes
        waits = health.melt(id_vars=["Triwulan", "Puskesmas"], value_vars=["waiting_median_minutes",
                                                                          "waiting_p90_minutes"],
                            var_name="Ukuran", value_name="menit")
        waits["Ukuran"] = waits["Ukuran"].map({"waiting_median_minutes": "median",
                                               "waiting_p90_minutes": "persentil 90"})
        return [
            plots.trend_against_standard(waits, "Triwulan", "menit", group="Puskesmas", style="Ukuran", order=order,
                                         standards={f"standar {standard} menit": standard}, value_format="number",
                                         title="Waktu tunggu rawat jalan", x_label="Triwulan",
                                         y_label="Waktu tunggu (menit)"),
            plots.trend_against_standard(health, "Triwulan", "within_standard_share", group="Puskesmas",
                                         order=order, title="Bagian pasien yang dilayani dalam standar",
                                         x_label="Triwulan", y_label=f"Pasien dilayani ≤ {standard} menit"),
        ]

    def services_table(self) -> pd.DataFrame | str:
        """Every unit with visits in the quarter."""
        service = self.results.units.services
        current = service[(service["quarter"] == self.results.quarter.label) & service["unit_code"].isin(self.selected)]
        if current.empty:
            return f"Tidak ada kunjungan yang tercatat pada {self.results.quarter.label_id}."
        standard = self.results.options.waiting_standard_minutes
        return pd.DataFrame({
            "Unit": [self.names[u] for u in current["unit_code"]],
            "Kunjungan": [number(v) for v in current["visits"]],
            "Layanan diberikan": [number(v) for v in current["served"]],
            "Tidak terlayani": [percent(v, 1) for v in current["unserved_share"]],
            "Median tunggu": [flags.format_value(v, "minutes") for v in current["waiting_median_minutes"]],
            f"Dilayani ≤ {standard} menit": [percent(v, 1) for v in current["within_standard_share"]],
        })

    def headlines(self) -> tuple[list[dict[str, str]], dict[str, Any]]:
        """The headlines and details the leadership summary reads (:func:`kinerja.present.report.save_headlines`)."""
        q, previous, options = self.results.quarter, self.results.previous, self.results.options
        now, before = self._organisation(q.label), self._organisation(previous.label)
        meets_now, meets_before, total = self._meets()
        headlines = [
            {"label": f"Unit yang memenuhi standar pelaporan e-Kinerja (≥ {percent(options.reporting_standard)})",
             "value": f"{meets_now} dari {total} unit", "change": signed_change(meets_now, meets_before, 0, " unit")},
            {"label": "Tingkat pelaporan e-Kinerja seluruh ASN",
             "value": percent(None if now is None else now["reporting_rate"], 1),
             "change": signed_change(None if now is None else now["reporting_rate"],
                                     None if before is None else before["reporting_rate"], 1, " poin persen", 100)},
        ]
        for unit in self.puskesmas:
            now_wait, before_wait = self.waiting_time(unit)
            headlines.append({"label": f"Waktu tunggu (median), {self.names[unit]}",
                              "value": f"{flags.format_value(now_wait, 'minutes')} (standar "
                                       f"{options.waiting_standard_minutes} menit)",
                              "change": f"{signed_change(now_wait, before_wait, 0, ' menit')} dari "
                                        f"{previous.label_id}"})
        check = self.predikat_check()
        details: dict[str, Any] = {"organisation_predikat": self.organisation_predikat,
                                   "reporting_standard": percent(options.reporting_standard)}
        if check is not None:
            headlines.append({"label": f"Sebaran predikat pegawai (SE MenPANRB 3/2023, organisasi "
                                       f"{self.organisation_predikat})",
                              "value": "memenuhi" if check.holds else "tidak memenuhi: " + "; ".join(check.failures),
                              "change": ""})
            counts = self._rated(q.label)["predikat"].value_counts()
            holds = self._unit_checks().groupby("unit_code")["holds"].all()
            details["predikat_check"] = {
                "holds": check.holds, "n": number(check.n),
                "distribution": [{"predikat": label, "count": number(int(counts.get(label, 0))),
                                  "share": percent(counts.get(label, 0) / check.n, 1)} for label in skp.PREDIKAT],
                "rules": [{"rule": rule, "holds": bool(ok), "message": message} for rule, ok, message
                          in zip(check.rules["rule"], check.rules["holds"], check.rules["message"])],
                "units_failing": int((~holds).sum()), "units_checked": len(holds),
            }
        return headlines, details
