"""The demo data folder: :func:`generate_demo` writes it, :func:`demo_folder` caches it, :func:`load_demo` loads it.

`generate_demo` writes a data folder that looks like what the offices of the kecamatan
export (CSV and XLSX files with Indonesian headers, title rows, several date formats, a
cp1252 file, a semicolon file with decimal commas) and that follows
`kinerja.data.dictionary`, so the loader reads every row but a handful of planted bad ones.
``ground_truth.json`` records the structure planted on purpose (:mod:`kinerja.demo.planted`)
so that the analyses have something true to find.

The same arguments give byte-identical files: all randomness comes from
``numpy.random.default_rng(seed)``, drawn in the order of `generate_demo`, and from the
streams of the absences, the SKP indicators of the activities and the observations, each
derived from the seed (:meth:`~kinerja.demo.generator.Generator.stream`); nothing reads the
clock, and XLSX files are written with fixed document and zip timestamps.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import BERAKHLAK, UNSUR
from kinerja.data.engines import Engine
from kinerja.data.loading import load_dataset
from kinerja.data.workbooks import write_table_xlsx
from kinerja.demo.absences import ABSENCE_FILE, make_absences, remove_reports_while_away
from kinerja.demo.catalogue import source_files
from kinerja.demo.generator import (
    DEFAULT_QUARTERS,
    GENERATOR_VERSION,
    Generator,
    check_employees,
    parse_quarters,
)
from kinerja.demo.observations import OBSERVATION_FILE, make_observations
from kinerja.demo.participation import (
    FOLLOW_UP_FILE,
    FORUM_FILE,
    make_follow_ups,
    make_forums,
    write_follow_ups,
)
from kinerja.demo.performance import (
    link_indicators,
    make_activities,
    make_behaviour,
    make_skp,
)
from kinerja.demo.personnel import (
    SOSIALISASI_TOPIC,
    make_sosialisasi,
    make_survey,
    make_trainings,
    reversed_item_numbers,
    write_employees,
)
from kinerja.demo.planted import (
    DELAY_DAYS_PER_POINT,
    DELAY_GAMMA_SHAPE,
    DELAY_INTERCEPT_DAYS,
    IKM_PLANTED_UNIT,
    ON_TIME_PER_POINT,
    RESISTANCE_AGE_PER_YEAR,
    RESISTANCE_MEAN,
    RESISTANCE_SD,
    SOSIALISASI_ATTENDANCE,
    SOSIALISASI_EFFECT,
    TRAINING_NEED_FEATURES,
    WAITING_AFTER_MEDIAN,
    WAITING_BEFORE_MEDIAN,
    WAITING_PLANTED_UNIT,
    WAITING_STANDARD_MINUTES,
)
from kinerja.demo.services import make_complaints, make_skm, make_visits, skm_grade
from kinerja.demo.writers import write_csv

__all__ = ["DEMO_FILES", "demo_folder", "generate_demo", "ground_truth", "load_demo"]

DEMO_FILES: tuple[str, ...] = (
    "unit_kerja.csv",
    "pegawai.xlsx",
    "skp.csv",
    "perilaku.xlsx",
    "aktivitas.csv",
    "kunjungan.csv",
    "skm.xlsx",
    "pengaduan.csv",
    "pelatihan.csv",
    "sosialisasi.csv",
    "survei_perubahan.xlsx",
    ABSENCE_FILE,
    OBSERVATION_FILE,
    FORUM_FILE,
    FOLLOW_UP_FILE,
    "ground_truth.json",
)
"""The files `generate_demo` writes (and overwrites) in the output folder."""


def generate_demo(out: str | Path, employees: int = 1000, seed: int = 0,
                  quarters: str = DEFAULT_QUARTERS) -> Path:
    """Write the synthetic demo data set of Kecamatan Cakranegara into a folder.

    Parameters
    ----------
    out : str or Path
        Folder to write into; created when missing. Demo files already there
        are overwritten, other files are left alone.
    employees : int
        Number of ASN (at least 60). The units are scaled to it: the
        kecamatan office, ten kelurahan offices, two Puskesmas and enough
        primary schools to employ the rest.
    seed : int
        Seed of ``numpy.random.default_rng``; the same arguments give
        byte-identical files.
    quarters : str
        Quarter range "FIRST:LAST" (e.g. "2024-Q4:2026-Q3"), at least two
        quarters. e-Kinerja is rolled out on the first day of FIRST.

    Returns
    -------
    Path
        The folder, holding the files in `DEMO_FILES`.

    Raises
    ------
    ValueError
        If `employees` is below 60 or `quarters` is not a range of two or more quarters.
    """
    check_employees(employees)
    quarter_list = parse_quarters(quarters)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    generator = Generator(int(employees), int(seed), quarter_list)
    frame = generator.make_employees()
    generator.assign_training_needs(frame)
    generator.assign_resistance(frame)

    units = pd.DataFrame({
        "Kode Unit": [u.code for u in generator.units],
        "Nama Unit": [u.name for u in generator.units],
        "Jenis Unit": [u.unit_type for u in generator.units],
        "Hari Kerja": [u.workdays_per_week for u in generator.units],
    })
    write_csv(units, folder / "unit_kerja.csv")

    employee_info = write_employees(generator, frame, folder / "pegawai.xlsx")

    visits = make_visits(generator)
    write_csv(visits, folder / "kunjungan.csv")

    skm_rows = make_skm(generator)
    unsur_labels = [label for _, label, _ in UNSUR]
    skm_header = ["No Kuesioner", "Tanggal", "Unit Layanan", "Jenis Layanan", "Jenis Kelamin", "Umur", "Pendidikan",
                  "Pekerjaan", *unsur_labels[:7], unsur_labels[8], unsur_labels[7], "Saran"]
    first, last = quarter_list[0], quarter_list[-1]
    write_table_xlsx(folder / "skm.xlsx", "SKM",
                     [f"REKAPITULASI SURVEI KEPUASAN MASYARAKAT {first.label_id.upper()} - {last.label_id.upper()}"],
                     skm_header, skm_rows, date_columns=[1])

    skp, attainment = make_skp(generator, frame)
    write_csv(skp, folder / "skp.csv", sep=";", encoding="utf-8-sig", lineterminator="\r\n")

    behaviour_rows = make_behaviour(generator, frame, attainment)
    behaviour_header = ["NIP", "Nama", "Triwulan", *[label for _, label in BERAKHLAK], "Hasil Kerja",
                        "Perilaku Kerja"]
    write_table_xlsx(folder / "perilaku.xlsx", "Perilaku",
                     ["REKAPITULASI PENILAIAN PERILAKU KERJA (BerAKHLAK) ASN KECAMATAN CAKRANEGARA"],
                     behaviour_header, behaviour_rows)

    activities = make_activities(generator, frame)

    complaints = make_complaints(generator)
    write_csv(complaints, folder / "pengaduan.csv", sep=";", encoding="cp1252", lineterminator="\r\n")

    trainings = make_trainings(generator, frame)
    write_csv(trainings, folder / "pelatihan.csv")

    sosialisasi = make_sosialisasi(generator, frame)
    write_csv(sosialisasi, folder / "sosialisasi.csv")

    survey_rows = make_survey(generator, frame)
    survey_header = ["Responden", "NIP", "Tanggal", *[f"Q{i}" for i in range(1, 18)], "Unit Kerja", "Umur",
                     "Masa Kerja", "Golongan", "Status Kepegawaian"]
    write_table_xlsx(folder / "survei_perubahan.xlsx", "Survei",
                     ["SURVEI KESIAPAN MENGHADAPI PERUBAHAN (SKALA RESISTENSI OREG) - ASN KECAMATAN CAKRANEGARA",
                      None], survey_header, survey_rows)

    # Absences, the indicators activities name, observations, forums and follow-ups: each drawn from a stream of
    # its own and
    # after the rest, so that every other table keeps its numbers.
    absences, away = make_absences(generator, frame, trainings, activities)
    write_csv(absences, folder / ABSENCE_FILE)
    activities = remove_reports_while_away(generator, frame, activities, away)
    activities = link_indicators(generator, frame, activities, skp)
    write_csv(activities, folder / "aktivitas.csv")
    observations = make_observations(generator, frame, away)
    write_csv(observations, folder / OBSERVATION_FILE)
    forums, topics = make_forums(generator)
    write_csv(forums, folder / FORUM_FILE)
    actions = make_follow_ups(generator, topics)
    write_follow_ups(generator, actions, folder / FOLLOW_UP_FILE)

    truth = ground_truth(generator, frame, {
        "units": len(units), "employees": employee_info["rows"], "skp": len(skp),
        "behaviour": len(behaviour_rows), "activities": len(activities), "visits": len(visits),
        "ikm_responses": len(skm_rows), "complaints": len(complaints), "trainings": len(trainings),
        "sosialisasi": len(sosialisasi), "change_survey": len(survey_rows), "absences": len(absences),
        "observations": len(observations), "forums": len(forums), "follow_ups": len(actions),
    })
    text = json.dumps(truth, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    (folder / "ground_truth.json").write_text(text, encoding="utf-8", newline="\n")
    return folder


def ground_truth(generator: Generator, frame: pd.DataFrame, rows: dict[str, int]) -> dict[str, Any]:
    """What ``ground_truth.json`` records: the planted structure, as drawn, and the bad rows."""
    last = generator.quarters[-1].label
    before_quarters = [q.label for q in generator.quarters[:-1]]
    waiting = generator.waiting_medians[WAITING_PLANTED_UNIT]
    ikm = generator.ikm[IKM_PLANTED_UNIT]
    order = ["employees", "activities", "visits", "ikm_responses", "skp", "behaviour", "complaints", "change_survey",
             "absences", "observations", "forums", "follow_ups"]
    bad_rows = sorted(generator.bad_rows, key=lambda b: (order.index(b["table"]), b["row"]))
    reversed_items = reversed_item_numbers()
    return {
        "generated_with": GENERATOR_VERSION,
        "seed": generator.seed,
        "employees": generator.n_requested,
        "quarters": [q.label for q in generator.quarters],
        "rows": rows,
        "units": {u.code: {"name": u.name, "type": u.unit_type, "workdays_per_week": u.workdays_per_week,
                           "employees": u.size} for u in generator.units},
        "training_needs": dict(zip(frame["nip"], frame["training_need"])),
        "training_need_features": TRAINING_NEED_FEATURES,
        "training_need_rules": {
            "manajemen_waktu": "most daily reports submitted 2-6 days late (same-day probability 0.12-0.25)",
            "komunikasi_efektif": "Berorientasi Pelayanan, Harmonis and Kolaboratif rated Di Bawah Ekspektasi "
                                  "with probability 0.75 each quarter",
            "literasi_digital": "45-60% of working days reported after adoption (others 85-95%)",
            "kompetensi_teknis": "SKP attainment about 75% (others about 100%)",
        },
        "resistance_adoption": {
            "rollout_date": generator.rollout.isoformat(),
            "delay_rule": "working days from rollout to the first report = floor((delay_intercept_days + "
                          "delay_days_per_point * (resistance - 1)) * Gamma(shape, 1/shape)), capped",
            "delay_intercept_days": DELAY_INTERCEPT_DAYS,
            "delay_days_per_point": DELAY_DAYS_PER_POINT,
            "delay_gamma_shape": DELAY_GAMMA_SHAPE,
            "delay_unit": "working days of the unit's calendar, counted from the rollout date (day 0)",
            "cap_working_days": generator.adoption_caps,
            "on_time_probability_per_point": ON_TIME_PER_POINT,
            "resistance_scale": "1-6, as the Oreg items",
            "resistance_baseline": {"mean": RESISTANCE_MEAN, "sd": RESISTANCE_SD,
                                    "age_effect_per_year_over_40": RESISTANCE_AGE_PER_YEAR, "clipped_to": [1, 6]},
            "survey_item_rule": (f"item = clip(round(resistance + N(0, 0.9)), 1, 6); reverse-keyed items "
                                 f"{' and '.join(map(str, reversed_items))} answered as 7 minus that"),
            "reverse_keyed_items": reversed_items,
            "resistance": {nip: round(float(r), 4) for nip, r in zip(frame["nip"], frame["resistance"])},
            "first_report_date": {nip: pd.Timestamp(d).strftime("%Y-%m-%d")
                                  for nip, d in zip(frame["nip"], frame["adopt_date"])},
        },
        "sosialisasi": {
            "effect_on_resistance": SOSIALISASI_EFFECT,
            "effect_on_adoption_delay_days": SOSIALISASI_EFFECT * DELAY_DAYS_PER_POINT,
            "attendance_probability": SOSIALISASI_ATTENDANCE,
            "assignment": "independent random draw per ASN",
            "topic": SOSIALISASI_TOPIC,
            "session_dates": generator.session_dates,
            "attended": int(frame["sosialisasi"].sum()),
        },
        "waiting_time": {
            "unit_code": WAITING_PLANTED_UNIT,
            "unit_name": generator.unit_by_code[WAITING_PLANTED_UNIT].name,
            "quarter": last,
            "standard_minutes": WAITING_STANDARD_MINUTES,
            "median_before_minutes": float(np.median([waiting[q] for q in before_quarters])),
            "median_after_minutes": waiting[last],
            "generated_median_before": WAITING_BEFORE_MEDIAN,
            "generated_median_after": WAITING_AFTER_MEDIAN,
            "median_by_quarter": waiting,
            "median_by_unit_quarter": generator.waiting_medians,
            "note": "medians of service start minus arrival, in minutes, over served visits (bad rows excluded)",
        },
        "ikm": {
            "unit_code": IKM_PLANTED_UNIT,
            "unit_name": generator.unit_by_code[IKM_PLANTED_UNIT].name,
            "quarter": last,
            "ikm_before": ikm[before_quarters[-1]],
            "ikm_after": ikm[last],
            "grade_before": skm_grade(ikm[before_quarters[-1]]),
            "grade_after": skm_grade(ikm[last]),
            "weight": "1/9",
            "ikm_by_quarter": ikm,
            "ikm_by_unit_quarter": generator.ikm,
            "note": "IKM = mean over the nine unsur of NRR x 25, NRR ignoring blanks; bad rows excluded",
        },
        "absences": generator.absences,
        "skp_links": generator.skp_links,
        "observations": generator.observations,
        "participation": generator.participation,
        "bad_rows": bad_rows,
    }


def source_hash() -> str:
    """SHA-256 of every source and data file of :mod:`kinerja.demo` (names and bytes): the code behind the data."""
    code = hashlib.sha256()
    for path in source_files():
        content = path.read_bytes()
        code.update(f"{path.name}\0{len(content)}\0".encode())
        code.update(content)
    return code.hexdigest()


def demo_folder(employees: int = 1000, seed: int = 0, quarters: str = DEFAULT_QUARTERS,
                cache: str | Path | None = None) -> Path:
    """Return a folder holding the demo data, generating it on first use.

    Parameters
    ----------
    employees, seed, quarters
        As for :func:`generate_demo`.
    cache
        Folder for generated data sets; default ``$KINERJA_CACHE`` or
        ``~/.cache/kinerja``. Each data set is keyed by its arguments and a
        hash of every source and data file of :mod:`kinerja.demo`, so a
        changed generator never serves stale data.

    Notes
    -----
    The data are generated in a temporary folder and renamed into place, so
    notebooks started in parallel never see a half-written folder; a
    process that asks while another generates the same set waits for it
    (a lock file beside the folder) instead of generating it again.
    """
    root = Path(cache or os.environ.get("KINERJA_CACHE") or Path.home() / ".cache" / "kinerja")
    name = f"demo-{source_hash()[:12]}-n{employees}-s{seed}-{quarters.replace(':', '_')}"
    folder = root / name
    if (folder / "ground_truth.json").is_file():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    with (root / f".{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / "ground_truth.json").is_file():  # generated by the process that held the lock
            return folder
        scratch = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
        try:
            generate_demo(scratch, employees=employees, seed=seed, quarters=quarters)
            scratch.rename(folder)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return folder


def load_demo(employees: int = 1000, seed: int = 0, quarters: str = DEFAULT_QUARTERS,
              cache: str | Path | None = None, engine: Engine = Engine()) -> Dataset:
    """Load the built-in demo data set as a validated :class:`~kinerja.data.dataset.Dataset`.

    The data are synthetic (names and NIPs are made up) and are generated
    into a cache on first use (see :func:`demo_folder`); ``engine`` holds the
    event tables (:mod:`kinerja.data.engines`).
    """
    return load_dataset(demo_folder(employees, seed, quarters, cache), engine=engine)
