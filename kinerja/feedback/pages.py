"""HTML of the feedback pages: one ASN's page, a unit's team page and the index.

Templates are filled from the records of :func:`kinerja.feedback.build.build_feedback`;
nothing is computed here but wording. Every text from data goes through
:func:`html.escape`, pages use the offline frame of :func:`kinerja.present.pages.page`
(inline styles, nothing loaded) and link only to the other pages of the set.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from kinerja.core.formatting import LANGUAGES, long_date, number, percent
from kinerja.metrics import skp
from kinerja.present import pages

if TYPE_CHECKING:
    from kinerja.core.periods import Quarter
    from kinerja.feedback.records import AsnFeedback, FeedbackData, Finding, Indicator

__all__ = ["LANGUAGES", "asn_page", "index_page", "unit_page"]

_STYLE = """<style>
.restricted { border: 2px solid #b42318; background: #fff4f2; padding: 0.5rem 0.8rem; border-radius: 6px; }
.notice { border-left: 4px solid #123c69; background: #eef2f6; padding: 0.6rem 0.9rem; }
.next { display: block; margin-top: 0.2rem; }
td.number { white-space: nowrap; }
@media print { header, nav { display: none; } main { box-shadow: none; margin: 0; max-width: none; } }
</style>"""

_WORDS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Umpan Balik Kinerja", "team": "Tim", "all_units": "Semua unit", "back_team": "← Tim {unit}",
        "back_units": "← Semua unit",
        "restricted": "TERBATAS: berisi data pribadi satu ASN, untuk percakapan kinerja antara ASN dan atasannya. "
                      "Jangan diunggah atau dibagikan lebih luas.",
        "restricted_team": "TERBATAS: berisi nama dan penilaian ASN unit ini, untuk atasan dan pengelola "
                           "kepegawaian. Jangan diunggah atau dibagikan lebih luas.",
        "name": "Nama", "nip": "NIP", "unit": "Unit kerja", "position": "Jabatan", "golongan": "Golongan",
        "period": "Periode",
        "no_data": "Belum ada data kinerja Anda untuk {quarter}: tidak ada SKP, penilaian perilaku, maupun laporan "
                   "e-Kinerja yang tercatat. Bila ini keliru, hubungi pengelola kepegawaian; halaman ini akan terisi "
                   "setelah datanya masuk.",
        "strengths": "Kekuatan", "areas": "Area pengembangan", "next_step": "Langkah berikutnya:",
        "no_strengths": "Data triwulan ini belum menunjukkan kekuatan yang menonjol; bahas bersama atasan hal-hal yang "
                        "sudah berjalan baik.",
        "no_strengths_data": "Belum dapat dinilai karena tidak ada data triwulan ini.",
        "no_areas": "Tidak ada area yang perlu dikembangkan menurut data triwulan ini; sepakati bersama atasan satu "
                    "target pengembangan untuk triwulan berikutnya.",
        "assessment": "Penilaian triwulan ini", "measure": "Ukuran", "you": "Anda", "unit_median": "Median unit",
        "capaian": "Capaian SKP", "hasil_kerja": "Hasil kerja", "perilaku": "Perilaku kerja",
        "predikat": "Predikat kinerja",
        "predikat_note": "Predikat ditentukan dari hasil kerja dan perilaku kerja (PermenPANRB 6/2022). Capaian 90% "
                         "atau lebih dinilai Sesuai Ekspektasi dan 110% atau lebih Di Atas Ekspektasi (ambang pilihan "
                         "proyek) bila atasan tidak mencatat penilaiannya.",
        "indicators": "Capaian per indikator SKP", "indicator": "Indikator", "direction": "Arah",
        "attainment": "Capaian",
        "target": "Target", "realisation": "Realisasi", "measure_unit": "Satuan", "weight": "Bobot",
        "note": "Keterangan", "higher": "naik (makin besar makin baik)", "lower": "turun (makin kecil makin baik)",
        "no_indicators": "Tidak ada indikator SKP yang tercatat untuk triwulan ini.",
        "capaian_note": "Capaian adalah realisasi dibagi target (target dibagi realisasi untuk indikator yang makin "
                        "kecil makin baik), tanpa batas atas; capaian SKP Anda adalah rata-rata berbobot indikatornya.",
        "ekinerja": "Laporan harian e-Kinerja", "reporting": "Hari kerja dengan laporan",
        "on_time": "Laporan tepat waktu", "days_of": "{days} dari {workdays} hari",
        "same_day": "pada hari kegiatan", "within": "paling lambat {days} hari setelah hari kegiatan",
        "ekinerja_note": "Tepat waktu berarti dikirim {tolerance}. Median unit adalah nilai tengah ASN di unit Anda, "
                         "bukan nilai orang tertentu.",
        "no_ekinerja": "Data e-Kinerja tidak memuat kegiatan apa pun pada triwulan ini.",
        "silent": "Tidak ada laporan pada {n} hari kerja terakhir triwulan ini.",
        "berakhlak": "Nilai perilaku BerAKHLAK", "value": "Nilai", "rating": "Penilaian",
        "no_behaviour": "Penilaian perilaku triwulan ini belum tercatat.",
        "trend": "Tren empat triwulan terakhir", "quarter": "Triwulan",
        "development": "Pengembangan kompetensi",
        "jp_year": "JP pelatihan tahun {year} (sampai {end})", "jp_right": "Hak paling sedikit",
        "jp_12": "JP 12 bulan terakhir (dasar usulan pelatihan)",
        "no_trainings_table": "Data tidak memuat riwayat pelatihan, sehingga JP tidak dapat dihitung.",
        "trainings": "Pelatihan yang diikuti tahun ini", "program": "Program", "start": "Mulai", "end": "Selesai",
        "no_trainings": "Belum ada pelatihan yang tercatat tahun ini.",
        "programs": "Program pelatihan yang diusulkan",
        "programs_note": "Usulan berasal dari pengelompokan statistik (klaster) semua ASN dan dari survei kepuasan "
                         "serta pengaduan unit; atasan dan pengelola kepegawaian yang memutuskan.",
        "no_programs": "Tidak ada program yang diusulkan dari data triwulan ini.",
        "programs_unavailable": "Usulan program pelatihan tidak tersedia untuk triwulan ini.",
        "why": "Alasan", "from_cluster": "profil klaster Anda", "from_unit": "survei kepuasan atau pengaduan unit Anda",
        "imputed": "sebagian ukuran Anda kosong dan diisi median unit",
        "team_summary": "{n} ASN; median unit: capaian SKP {capaian}, hari kerja dengan laporan {reporting}, laporan "
                        "tepat waktu {on_time}.",
        "without_data": "{n} ASN belum memiliki data triwulan ini.", "flags": "Tanda", "no": "No",
        "stability": "Kestabilan klaster pelatihan: {verdict} ({meaning}).",
        "team_note": "Diurutkan menurut nama, bukan menurut nilai. Setiap nama menautkan ke halaman umpan balik "
                     "ASN itu.",
        "index": "Umpan balik individu", "asn": "ASN", "units_note": "Satu halaman tim per unit; setiap halaman "
                                                                      "ASN memuat data satu orang saja.",
        "page_files": "Halaman ASN dinamai dengan kode samaran, bukan NIP.",
    },
    "en": {
        "title": "Performance Feedback", "team": "Team", "all_units": "All units", "back_team": "← Team {unit}",
        "back_units": "← All units",
        "restricted": "RESTRICTED: personal data of one civil servant, for the performance conversation between "
                      "the civil servant and their supervisor. Do not upload or share further.",
        "restricted_team": "RESTRICTED: names and ratings of this unit's civil servants, for the supervisor and "
                           "the personnel office. Do not upload or share further.",
        "name": "Name", "nip": "NIP", "unit": "Unit", "position": "Position", "golongan": "Rank (golongan)",
        "period": "Period",
        "no_data": "There are no performance data for you in {quarter}: no SKP, no behaviour rating and no e-Kinerja "
                   "report were recorded. If this is wrong, contact the personnel office; this page fills in once "
                   "the data arrive.",
        "strengths": "Strengths", "areas": "Areas to develop", "next_step": "Next step:",
        "no_strengths": "This quarter's data show no particular strength yet; discuss with your supervisor what "
                        "is going well.",
        "no_strengths_data": "Cannot be assessed: there are no data for this quarter.",
        "no_areas": "The data of this quarter show no area to develop; agree with your supervisor on one "
                    "development goal for next quarter.",
        "assessment": "This quarter's assessment", "measure": "Measure", "you": "You", "unit_median": "Unit median",
        "capaian": "SKP attainment (capaian)", "hasil_kerja": "Results (hasil kerja)",
        "perilaku": "Behaviour (perilaku kerja)", "predikat": "Performance rating (predikat)",
        "predikat_note": "The predikat follows from the results and behaviour ratings (PermenPANRB 6/2022). When the "
                         "supervisor recorded no rating, attainment of 90% or more counts as Sesuai Ekspektasi and "
                         "110% or more as Di Atas Ekspektasi (a project choice).",
        "indicators": "Attainment per SKP indicator", "indicator": "Indicator", "direction": "Direction",
        "attainment": "Attainment",
        "target": "Target", "realisation": "Realisation", "measure_unit": "Unit", "weight": "Weight",
        "note": "Note", "higher": "higher is better", "lower": "lower is better",
        "no_indicators": "No SKP indicator was recorded for this quarter.",
        "capaian_note": "Attainment is realisation over target (target over realisation where lower is better), "
                        "uncapped; your SKP attainment is the weighted mean over your indicators.",
        "ekinerja": "Daily e-Kinerja reports", "reporting": "Working days with a report",
        "on_time": "Reports on time", "days_of": "{days} of {workdays} days",
        "same_day": "on the day of the activity", "within": "at most {days} days after the day of the activity",
        "ekinerja_note": "On time means submitted {tolerance}. The unit median is the middle value of the civil "
                         "servants of your unit, not anyone's own value.",
        "no_ekinerja": "The e-Kinerja data hold no activity in this quarter.",
        "silent": "No report on the last {n} working days of this quarter.",
        "berakhlak": "BerAKHLAK behaviour ratings", "value": "Value", "rating": "Rating",
        "no_behaviour": "No behaviour rating was recorded for this quarter.",
        "trend": "Trend over the last four quarters", "quarter": "Quarter",
        "development": "Competency development",
        "jp_year": "JP of training in {year} (to {end})", "jp_right": "Right to at least",
        "jp_12": "JP in the last 12 months (basis of the training proposals)",
        "no_trainings_table": "The data hold no training records, so JP cannot be counted.",
        "trainings": "Trainings this year", "program": "Program", "start": "Start", "end": "End",
        "no_trainings": "No training recorded this year yet.",
        "programs": "Recommended training programs",
        "programs_note": "Proposals come from a statistical grouping (clusters) of all civil servants and from the "
                         "unit's satisfaction survey and complaints; the supervisor and the personnel office decide.",
        "no_programs": "No program is proposed from this quarter's data.",
        "programs_unavailable": "Training proposals are not available for this quarter.",
        "why": "Why", "from_cluster": "your cluster's profile", "from_unit": "your unit's survey or complaints",
        "imputed": "some of your measures were missing and filled with the unit median",
        "team_summary": "{n} civil servants; unit medians: SKP attainment {capaian}, working days with a report "
                        "{reporting}, reports on time {on_time}.",
        "without_data": "{n} civil servants have no data for this quarter.", "flags": "Flags", "no": "No",
        "stability": "Stability of the training clusters: {verdict} ({meaning}).",
        "team_note": "Sorted by name, not by score. Each name links to that civil servant's feedback page.",
        "index": "Individual feedback", "asn": "Civil servants",
        "units_note": "One team page per unit; each civil servant's page holds the data of one person only.",
        "page_files": "Pages of civil servants are named by a pseudonymous code, not the NIP.",
    },
}

_STRENGTHS: dict[str, dict[str, str]] = {
    "id": {
        "capaian_above": "Capaian SKP Anda {capaian}, di atas ekspektasi (paling sedikit {threshold}).",
        "capaian_meets": "Capaian SKP Anda {capaian}, sesuai ekspektasi (paling sedikit {threshold}).",
        "capaian_rising": "Capaian SKP Anda naik dari {previous} pada triwulan lalu menjadi {capaian}.",
        "indicators_met": "{met} dari {indicators} indikator SKP mencapai atau melampaui target: {subject}.",
        "reporting": "Anda melaporkan kegiatan di e-Kinerja pada {rate} hari kerja ({days} dari {workdays} hari); "
                     "median unit {median}.",
        "on_time": "{rate} laporan harian Anda dikirim tepat waktu; median unit {median}.",
        "berakhlak_above": "Dinilai di atas ekspektasi pada nilai BerAKHLAK: {subject}.",
        "jp_met": "Anda sudah mengikuti {jp} JP pengembangan kompetensi tahun ini, memenuhi hak paling sedikit "
                  "{minimum} JP.",
    },
    "en": {
        "capaian_above": "Your SKP attainment is {capaian}, above expectations (at least {threshold}).",
        "capaian_meets": "Your SKP attainment is {capaian}, meeting expectations (at least {threshold}).",
        "capaian_rising": "Your SKP attainment rose from {previous} last quarter to {capaian}.",
        "indicators_met": "{met} of {indicators} SKP indicators reached or passed their target: {subject}.",
        "reporting": "You reported your activities in e-Kinerja on {rate} of working days ({days} of {workdays}); "
                     "unit median {median}.",
        "on_time": "{rate} of your daily reports were submitted on time; unit median {median}.",
        "berakhlak_above": "Rated above expectations on the BerAKHLAK values: {subject}.",
        "jp_met": "You have followed {jp} JP of competency development this year, meeting the right to at least "
                  "{minimum} JP.",
    },
}

_AREAS: dict[str, dict[str, tuple[str, str]]] = {
    "id": {
        "no_skp": ("Belum ada SKP Anda yang tercatat untuk triwulan ini.",
                   "Susun dan sepakati SKP (indikator, target dan bobot) bersama atasan pada awal triwulan "
                   "berikutnya."),
        "indicator_low_higher": ("Indikator “{subject}” tercapai {capaian} (realisasi {realisation} dari target "
                                 "{target}{measure_unit}), di bawah {threshold}.",
                                 "Sepakati dengan atasan rencana bulanan untuk menambah realisasi sebesar "
                                 "{gap}{measure_unit} agar target tercapai pada triwulan berikutnya."),
        "indicator_low_lower": ("Indikator “{subject}” (makin kecil makin baik) tercapai {capaian} (realisasi "
                                "{realisation}, target {target}{measure_unit}), di bawah {threshold}.",
                                "Sepakati dengan atasan langkah untuk menurunkan realisasi sebesar "
                                "{gap}{measure_unit} sampai target pada triwulan berikutnya."),
        "indicator_missing": ("Indikator “{subject}” belum memiliki capaian ({reason}).",
                              "Lengkapi target dan realisasi indikator ini di SKP bersama atasan sebelum akhir "
                              "triwulan berikutnya."),
        "reporting_low": ("Laporan harian e-Kinerja ada pada {rate} hari kerja ({days} dari {workdays} hari), di bawah "
                          "standar {standard}; median unit {median}.",
                          "Isi laporan e-Kinerja setiap hari kerja: paling sedikit {needed} dari {workdays} hari "
                          "kerja pada triwulan berikutnya."),
        "on_time_low": ("{rate} laporan harian dikirim tepat waktu, di bawah {standard}; median unit {median}.",
                        "Kirim laporan pada hari kegiatan itu juga: sisihkan sepuluh menit sebelum jam pulang untuk "
                        "mengisi e-Kinerja."),
        "jp_short": ("Tahun ini Anda baru mengikuti {jp} JP dari hak paling sedikit {minimum} JP (kurang {missing} "
                     "JP).",
                     "Ajukan pelatihan atau kegiatan pengembangan kompetensi sebanyak {missing} JP kepada pengelola "
                     "kepegawaian sebelum akhir tahun."),
        "jp_short_program": ("Tahun ini Anda baru mengikuti {jp} JP dari hak paling sedikit {minimum} JP (kurang "
                             "{missing} JP).",
                             "Daftarkan diri pada program {subject} ({program_jp} JP) yang diusulkan di bawah, melalui "
                             "atasan atau pengelola kepegawaian, sebelum akhir tahun."),
        "berakhlak_below": ("Nilai {subject} dinilai di bawah ekspektasi.", ""),
    },
    "en": {
        "no_skp": ("No SKP of yours was recorded for this quarter.",
                   "Draft and agree on your SKP (indicators, targets and weights) with your supervisor at the start "
                   "of next quarter."),
        "indicator_low_higher": ("Indicator “{subject}” reached {capaian} (realisation {realisation} of target "
                                 "{target}{measure_unit}), below {threshold}.",
                                 "Agree with your supervisor on a monthly plan to add {gap}{measure_unit} to the "
                                 "realisation so that the target is met next quarter."),
        "indicator_low_lower": ("Indicator “{subject}” (lower is better) reached {capaian} (realisation "
                                "{realisation}, target {target}{measure_unit}), below {threshold}.",
                                "Agree with your supervisor on steps to bring the realisation down by "
                                "{gap}{measure_unit} to the target next quarter."),
        "indicator_missing": ("Indicator “{subject}” has no attainment ({reason}).",
                              "Complete the target and realisation of this indicator in the SKP with your supervisor "
                              "before the end of next quarter."),
        "reporting_low": ("Daily e-Kinerja reports exist for {rate} of working days ({days} of {workdays}), below the "
                          "standard of {standard}; unit median {median}.",
                          "Report in e-Kinerja every working day: at least {needed} of {workdays} working days next "
                          "quarter."),
        "on_time_low": ("{rate} of daily reports were on time, below {standard}; unit median {median}.",
                        "Report on the day of the activity itself: keep ten minutes before going home to fill in "
                        "e-Kinerja."),
        "jp_short": ("This year you have followed {jp} JP of the right to at least {minimum} JP ({missing} JP short).",
                     "Apply to the personnel office for training or other development activities of {missing} JP "
                     "before the end of the year."),
        "jp_short_program": ("This year you have followed {jp} JP of the right to at least {minimum} JP ({missing} JP "
                             "short).",
                             "Enrol in the proposed program {subject} ({program_jp} JP) below, through your "
                             "supervisor or the personnel office, before the end of the year."),
        "berakhlak_below": ("The value {subject} was rated below expectations.", ""),
    },
}

_BERAKHLAK_STEPS: dict[str, dict[str, str]] = {
    "id": {
        "Berorientasi Pelayanan": "Minta umpan balik singkat dari pengguna layanan atau rekan setiap minggu, dan bahas "
                                  "satu perbaikan bersama atasan setiap bulan.",
        "Akuntabel": "Catat setiap janji kerja dan tenggatnya, dan beri tahu atasan lebih awal bila ada yang berisiko "
                     "terlambat.",
        "Kompeten": "Pilih satu keterampilan kerja yang ingin ditingkatkan dan sepakati dengan atasan cara belajarnya "
                    "(pelatihan, pendampingan atau belajar mandiri) triwulan ini.",
        "Harmonis": "Sepakati dengan atasan satu kebiasaan kerja sama yang ingin diperbaiki, misalnya cara "
                    "menyampaikan pendapat dalam rapat, dan tinjau bersama setiap bulan.",
        "Loyal": "Pelajari kembali kode etik dan aturan disiplin ASN bersama atasan, dan sepakati satu hal konkret "
                 "yang dijaga triwulan ini.",
        "Adaptif": "Ikuti sosialisasi atau pelatihan cara kerja atau aplikasi baru berikutnya, dan terapkan satu "
                   "perubahan dalam pekerjaan sehari-hari.",
        "Kolaboratif": "Ambil peran dalam satu kegiatan tim lintas seksi triwulan ini dan bagikan hasil kerja Anda "
                       "kepada rekan.",
    },
    "en": {
        "Berorientasi Pelayanan": "Ask a service user or a colleague for brief feedback every week, and discuss one "
                                  "improvement with your supervisor every month.",
        "Akuntabel": "Write down every work commitment with its deadline, and tell your supervisor early when one "
                     "risks being late.",
        "Kompeten": "Choose one work skill to improve and agree with your supervisor how to learn it (training, "
                    "coaching or self-study) this quarter.",
        "Harmonis": "Agree with your supervisor on one habit of working together to improve, such as how you give "
                    "your view in meetings, and review it together every month.",
        "Loyal": "Go through the code of ethics and the ASN discipline rules with your supervisor, and agree on one "
                 "concrete point to keep this quarter.",
        "Adaptif": "Join the next briefing or training on a new way of working or a new application, and apply one "
                   "change in your daily work.",
        "Kolaboratif": "Take a role in one cross-section team activity this quarter and share your work results with "
                       "colleagues.",
    },
}

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
_FLAGS = {
    "id": {"no_data": "tanpa data triwulan ini", "hasil_kerja_below": "hasil kerja di bawah ekspektasi",
           "perilaku_below": "perilaku di bawah ekspektasi", "indicator_missing": "indikator SKP tanpa capaian",
           "reporting_below_standard": "pelaporan e-Kinerja di bawah {standard}",
           "on_time_below_standard": "laporan tepat waktu di bawah {on_time}",
           "no_recent_report": "tanpa laporan {n} hari kerja terakhir",
           "below_min_jp": "kurang dari 20 JP dalam 12 bulan"},
    "en": {"no_data": "no data this quarter", "hasil_kerja_below": "results below expectations",
           "perilaku_below": "behaviour below expectations", "indicator_missing": "SKP indicator without attainment",
           "reporting_below_standard": "e-Kinerja reporting below {standard}",
           "on_time_below_standard": "reports on time below {on_time}",
           "no_recent_report": "no report in the last {n} working days",
           "below_min_jp": "under 20 JP in 12 months"},
}
_PERCENT_VALUES = frozenset({"capaian", "previous", "threshold", "rate", "median", "standard"})
_COUNT_VALUES = frozenset({"met", "indicators", "days", "workdays", "needed", "count"})


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


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


def _fill(template: str, finding: Finding, language: str, **extra: str) -> str:
    """The sentence of ``template`` with the finding's numbers formatted, escaped as a whole."""
    values: dict[str, str] = {"subject": finding.subject or ""}
    for name, value in finding.values.items():
        if name in _PERCENT_VALUES:
            values[name] = percent(value, 1 if name in ("capaian", "previous", "rate", "median") else 0, language)
        elif name in _COUNT_VALUES:
            values[name] = number(value, 0, language)
        elif name in ("jp", "minimum", "missing", "program_jp"):
            values[name] = _jp(value, language)
        else:
            values[name] = _amount(value, language)
    return _e(template.format(**values, **extra))


def _area(finding: Finding, language: str) -> tuple[str, str]:
    """(what, next step) of an area to develop, escaped."""
    areas = _AREAS[language]
    if finding.code == "berakhlak_below":
        what, _ = areas["berakhlak_below"]
        return _fill(what, finding, language), _e(_BERAKHLAK_STEPS[language].get(finding.subject or "", ""))
    indicator = finding.indicator
    extra = {}
    if indicator is not None:
        unit = indicator.measure_unit or ""
        extra = {"measure_unit": unit if unit in ("", "%") else f" {unit}",
                 "reason": _reason(indicator.reason_code, language)}
    key = finding.code
    if key == "indicator_low":
        key = f"indicator_low_{indicator.direction}"
    elif key == "jp_short" and finding.subject:
        key = "jp_short_program"
    what, step = areas[key]
    return _fill(what, finding, language, **extra), _fill(step, finding, language, **extra)


def _table(header: Sequence[str], rows: Sequence[str]) -> str:
    head = "".join(f"<th>{_e(cell)}</th>" for cell in header)
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _identity(record: AsnFeedback, w: Mapping[str, str], quarter_label: str) -> str:
    rows = [("name", record.name), ("nip", record.nip), ("unit", record.unit_name),
            ("position", record.position or "–"), ("golongan", record.golongan or "–"), ("period", quarter_label)]
    return "<table>" + "".join(f'<tr><th>{_e(w[key])}</th><td id="{key}">{_e(value)}</td></tr>'
                               for key, value in rows) + "</table>"


def _findings(record: AsnFeedback, w: Mapping[str, str], language: str) -> str:
    if not record.has_data:
        strengths = f"<p>{_e(w['no_strengths_data'])}</p>"
    elif record.strengths:
        strengths = "<ul>" + "".join(f"<li>{_fill(_STRENGTHS[language][f.code], f, language)}</li>"
                                     for f in record.strengths) + "</ul>"
    else:
        strengths = f"<p>{_e(w['no_strengths'])}</p>"
    if record.areas:
        items = []
        for finding in record.areas:
            what, step = _area(finding, language)
            items.append(f'<li>{what}<span class="next"><strong>{_e(w["next_step"])}</strong> {step}</span></li>')
        areas = "<ol>" + "".join(items) + "</ol>"
    else:
        areas = f"<p>{_e(w['no_areas'] if record.has_data else w['no_strengths_data'])}</p>"
    return f"<h2>{_e(w['strengths'])}</h2>{strengths}<h2>{_e(w['areas'])}</h2>{areas}"


def _assessment(record: AsnFeedback, w: Mapping[str, str], language: str) -> str:
    capaian = percent(record.capaian, 1, language)
    if math.isnan(record.capaian) and record.capaian_reason:
        capaian += f" ({record.capaian_reason})"
    rows = [
        f'<tr><td>{_e(w["capaian"])}</td><td id="capaian" class="number">{_e(capaian)}</td>'
        f'<td id="capaian-unit" class="number">{_e(percent(record.unit_capaian_median, 1, language))}</td></tr>',
        f'<tr><td>{_e(w["hasil_kerja"])}</td><td id="hasil-kerja">{_e(_rating(record.hasil_kerja_rating, language))}'
        f'{_e(_source(record.hasil_kerja_source, language))}</td><td>–</td></tr>',
        f'<tr><td>{_e(w["perilaku"])}</td><td id="perilaku">{_e(_rating(record.perilaku_rating, language))}'
        f'{_e(_source(record.perilaku_source, language))}</td><td>–</td></tr>',
        f'<tr><td>{_e(w["predikat"])}</td><td id="predikat"><strong>{_e(_predikat(record.predikat, language))}'
        f"</strong></td><td>–</td></tr>",
    ]
    return (f"<h2>{_e(w['assessment'])}</h2>" + _table([w["measure"], w["you"], w["unit_median"]], rows)
            + f'<p class="muted">{_e(w["predikat_note"])}</p>')


def _indicator_row(indicator: Indicator, language: str, w: Mapping[str, str]) -> str:
    weight = "–" if math.isnan(indicator.weight) else f"{_amount(indicator.weight, language)}%"
    return (f'<tr data-indicator="{_e(indicator.indicator_id or "")}"><td>{_e(indicator.name)}</td>'
            f"<td>{_e(w.get(indicator.direction, indicator.direction))}</td>"
            f'<td class="number">{_e(_amount(indicator.target, language))}</td>'
            f'<td class="number">{_e(_amount(indicator.realisation, language))}</td>'
            f"<td>{_e(indicator.measure_unit or '–')}</td><td class=\"number\">{_e(weight)}</td>"
            f'<td class="number capaian">{_e(percent(indicator.capaian, 1, language))}</td>'
            f"<td>{_e(_reason(indicator.reason_code, language))}</td></tr>")


def _indicator_table(record: AsnFeedback, w: Mapping[str, str], language: str) -> str:
    if not record.indicators:
        return f"<h2>{_e(w['indicators'])}</h2><p>{_e(w['no_indicators'])}</p>"
    header = [w["indicator"], w["direction"], w["target"], w["realisation"], w["measure_unit"], w["weight"],
              w["attainment"], w["note"]]
    return (f"<h2>{_e(w['indicators'])}</h2>"
            + _table(header, [_indicator_row(i, language, w) for i in record.indicators])
            + f'<p class="muted">{_e(w["capaian_note"])}</p>')


def _ekinerja(record: AsnFeedback, data: FeedbackData, w: Mapping[str, str], language: str) -> str:
    title = f"<h2>{_e(w['ekinerja'])}</h2>"
    if not record.reporting_known:
        return title + f"<p>{_e(w['no_ekinerja'])}</p>"
    days = w["days_of"].format(days=number(record.days_reported, 0, language),
                               workdays=number(record.workdays, 0, language))
    rows = [
        f'<tr><td>{_e(w["reporting"])}</td><td id="reporting-rate" class="number">'
        f"{_e(percent(record.reporting_rate, 1, language))}</td><td>{_e(days)}</td>"
        f'<td id="reporting-rate-unit" class="number">{_e(percent(record.unit_reporting_median, 1, language))}</td>'
        f"</tr>",
        f'<tr><td>{_e(w["on_time"])}</td><td id="on-time-rate" class="number">'
        f"{_e(percent(record.on_time_rate, 1, language))}</td><td></td>"
        f'<td id="on-time-rate-unit" class="number">{_e(percent(record.unit_on_time_median, 1, language))}</td></tr>',
    ]
    tolerance_days = data.options.late_tolerance_days
    tolerance = w["same_day"] if tolerance_days == 0 else w["within"].format(days=tolerance_days)
    silent = f"<p>{_e(w['silent'].format(n=data.options.no_report_days))}</p>" if record.no_recent_report else ""
    return (title + _table([w["measure"], w["you"], w["note"], w["unit_median"]], rows) + silent
            + f'<p class="muted">{_e(w["ekinerja_note"].format(tolerance=tolerance))}</p>')


def _berakhlak(record: AsnFeedback, w: Mapping[str, str], language: str) -> str:
    title = f"<h2>{_e(w['berakhlak'])}</h2>"
    if all(rating is None for _, rating in record.berakhlak):
        return title + f"<p>{_e(w['no_behaviour'])}</p>"
    rows = [f"<tr><td>{_e(label)}</td><td>{_e(_rating(rating, language))}</td></tr>"
            for label, rating in record.berakhlak]
    return title + _table([w["value"], w["rating"]], rows)


def _quarter_label(quarter: Quarter, language: str) -> str:
    return quarter.label_id if language == "id" else quarter.label_en


def _trend(record: AsnFeedback, w: Mapping[str, str], language: str) -> str:
    rows = [f'<tr data-quarter="{_e(point.quarter.label)}"><td>{_e(_quarter_label(point.quarter, language))}</td>'
            f'<td class="number">{_e(percent(point.capaian, 1, language))}</td>'
            f"<td>{_e(_predikat(point.predikat, language))}</td>"
            f'<td class="number">{_e(percent(point.reporting_rate, 1, language))}</td>'
            f'<td class="number">{_e(percent(point.on_time_rate, 1, language))}</td></tr>' for point in record.trend]
    return (f"<h2>{_e(w['trend'])}</h2>"
            + _table([w["quarter"], w["capaian"], w["predikat"], w["reporting"], w["on_time"]], rows))


def _programs(record: AsnFeedback, data: FeedbackData, w: Mapping[str, str], language: str) -> str:
    title = f"<h3>{_e(w['programs'])}</h3>"
    if record.programs is None:
        return title + f"<p>{_e(w['programs_unavailable'])}</p>" + \
            f'<p class="muted">{_e(data.training_unavailable or "")}</p>'
    if not record.programs:
        return title + f"<p>{_e(w['no_programs'])}</p>"
    items = []
    for program in record.programs:
        length = f" ({_jp(program.jp, language)} JP)" if program.jp else ""
        origin = w["from_cluster"] if program.source == "cluster" else w["from_unit"]
        why = "; ".join(program.reasons) or origin
        note = f"; {w['imputed']}" if program.imputed else ""
        items.append(f"<li><strong>{_e(program.name)}</strong>{_e(length)}: {_e(program.description)}"
                     f"<br><span class=\"muted\">{_e(w['why'])}: {_e(why)} ({_e(origin)}{_e(note)})</span></li>")
    return title + "<ul>" + "".join(items) + f'</ul><p class="muted">{_e(w["programs_note"])}</p>'


def _development(record: AsnFeedback, data: FeedbackData, w: Mapping[str, str], language: str) -> str:
    title = f"<h2>{_e(w['development'])}</h2>"
    end = data.quarter.end
    if record.jp_year is None:
        jp = f"<p>{_e(w['no_trainings_table'])}</p>"
    else:
        label = w["jp_year"].format(year=end.year, end=long_date(end, language))
        rows = [f'<tr><td>{_e(label)}</td><td id="jp-year" class="number">{_e(_jp(record.jp_year, language))} JP</td>'
                f"<td>{_e(w['jp_right'])} 20 JP</td></tr>"]
        if record.jp_last_12_months is not None:
            rows.append(f'<tr><td>{_e(w["jp_12"])}</td><td id="jp-12" class="number">'
                        f"{_e(_jp(record.jp_last_12_months, language))} JP</td><td></td></tr>")
        jp = _table([w["measure"], w["you"], ""], rows)
        if record.trainings:
            jp += f"<h3>{_e(w['trainings'])}</h3>" + _table(
                [w["program"], w["start"], w["end"], "JP"],
                [f"<tr><td>{_e(t.program)}</td><td>{_e(long_date(t.start, language))}</td>"
                 f"<td>{_e(long_date(t.end, language) if t.end else '–')}</td>"
                 f'<td class="number">{_e(_jp(t.jp, language))}</td></tr>' for t in record.trainings])
        else:
            jp += f"<p>{_e(w['no_trainings'])}</p>"
    return title + jp + _programs(record, data, w, language)


def asn_page(record: AsnFeedback, data: FeedbackData, language: str = "id") -> str:
    """Return the feedback page of one ASN: strengths, areas to develop with a next step each, then the details.

    The page holds this ASN's data and unit medians only: no colleague's name,
    NIP or value.
    """
    w = _WORDS[language]
    quarter = _quarter_label(data.quarter, language)
    notice = "" if record.has_data else f'<p class="notice" id="no-data">{_e(w["no_data"].format(quarter=quarter))}</p>'
    body = (f"{_STYLE}<nav><a href=\"index.html\">{_e(w['back_team'].format(unit=record.unit_name))}</a></nav>"
            f'<p class="restricted">{_e(w["restricted"])}</p>'
            f"<h1>{_e(w['title'])} · {_e(quarter)}</h1>{_identity(record, w, quarter)}{notice}"
            f"{_findings(record, w, language)}{_assessment(record, w, language)}"
            f"{_indicator_table(record, w, language)}{_ekinerja(record, data, w, language)}"
            f"{_berakhlak(record, w, language)}{_trend(record, w, language)}"
            f"{_development(record, data, w, language)}")
    return pages.page(f"{w['title']} · {record.name} · {quarter}", body, language=language)


def _flag_text(code: str, data: FeedbackData, language: str) -> str:
    return _FLAGS[language][code].format(standard=percent(data.options.reporting_standard, 0, language),
                                         on_time=percent(data.options.on_time_standard, 0, language),
                                         n=data.options.no_report_days)


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
    w = _WORDS[language]
    quarter = _quarter_label(data.quarter, language)
    name = data.unit_names.get(unit, unit)
    first = members[0]
    summary = w["team_summary"].format(
        n=number(len(members), 0, language), capaian=percent(first.unit_capaian_median, 1, language),
        reporting=percent(first.unit_reporting_median, 1, language),
        on_time=percent(first.unit_on_time_median, 1, language))
    without = sum(not member.has_data for member in members)
    rows = []
    for position, member in enumerate(members, start=1):
        programs = "–" if member.programs is None else (", ".join(p.name for p in member.programs) or "–")
        flags = "; ".join(_flag_text(code, data, language) for code in member.flags) or "–"
        rows.append(f'<tr><td class="number">{position}</td><td><a href="{_e(links[member.nip])}">{_e(member.name)}</a>'
                    f"</td><td>{_e(member.position or '–')}</td>"
                    f'<td class="number">{_e(percent(member.capaian, 1, language))}</td>'
                    f"<td>{_e(_predikat(member.predikat, language))}</td><td>{_e(flags)}</td>"
                    f"<td>{_e(programs)}</td></tr>")
    stability = "" if data.stability is None else \
        f'<p class="muted">{_e(w["stability"].format(verdict=data.stability[0], meaning=data.stability[1]))}</p>'
    body = (f"{_STYLE}<nav><a href=\"../index.html\">{_e(w['back_units'])}</a></nav>"
            f'<p class="restricted">{_e(w["restricted_team"])}</p>'
            f"<h1>{_e(w['team'])} {_e(name)} · {_e(quarter)}</h1><p>{_e(summary)}</p>"
            + (f"<p>{_e(w['without_data'].format(n=number(without, 0, language)))}</p>" if without else "")
            + _table([w["no"], w["name"], w["position"], w["capaian"], w["predikat"], w["flags"], w["programs"]], rows)
            + f'<p class="muted">{_e(w["team_note"])}</p>{stability}')
    return pages.page(f"{w['team']} {name} · {quarter}", body, language=language)


def index_page(groups: Mapping[str, Sequence[AsnFeedback]], links: Mapping[str, str], data: FeedbackData,
               language: str = "id") -> str:
    """Return the index of a set of feedback pages: one row per unit, linking to its team page."""
    w = _WORDS[language]
    quarter = _quarter_label(data.quarter, language)
    rows = [f'<tr><td><a href="{_e(links[unit])}">{_e(data.unit_names.get(unit, unit))}</a></td>'
            f'<td class="number">{_e(number(len(members), 0, language))}</td>'
            f'<td class="number">{_e(number(sum(not m.has_data for m in members), 0, language))}</td></tr>'
            for unit, members in groups.items()]
    no_data = _FLAGS[language]["no_data"]
    body = (f'{_STYLE}<p class="restricted">{_e(w["restricted_team"])}</p>'
            f"<h1>{_e(w['index'])} · {_e(quarter)}</h1>"
            + _table([w["unit"], w["asn"], no_data[:1].upper() + no_data[1:]], rows)
            + f'<p class="muted">{_e(w["units_note"])} {_e(w["page_files"])}</p>')
    return pages.page(f"{w['index']} · {quarter}", body, language=language)
