"""Synthetic Cakranegara data with planted effects, for the demo and the tests.

The modules, each answering one question:

- :mod:`~kinerja.demo.folder`: the demo data folder (:func:`generate_demo`), its cache
  (:func:`demo_folder`, :func:`load_demo`) and ``ground_truth.json``;
- :mod:`~kinerja.demo.parquet`: the e-Kinerja part at any scale, as Parquet
  (:func:`generate_demo_parquet`);
- :mod:`~kinerja.demo.planted`: the structure planted for the analyses to find;
- :mod:`~kinerja.demo.generator`: one draw's state and its people (employees, training
  needs, resistance to change);
- :mod:`~kinerja.demo.organisation`: who works where (units, roles, positions);
- :mod:`~kinerja.demo.activities`: the e-Kinerja activity model (:func:`draw_activities`);
- :mod:`~kinerja.demo.performance`, :mod:`~kinerja.demo.services`,
  :mod:`~kinerja.demo.personnel`: the tables drawn from the people (activities, SKP and
  behaviour; visits, IKM survey and complaints; employee register, trainings, sosialisasi and
  change survey);
- :mod:`~kinerja.demo.absences`, :mod:`~kinerja.demo.observations`: leave and official travel
  (and the reports they remove), supervisors' direct observations;
- :mod:`~kinerja.demo.participation`: forum topics and the follow-up register (tindak lanjut);
- :mod:`~kinerja.demo.writers`: CSV and XLSX writing, dates and timestamps as exported;
- :mod:`~kinerja.demo.names`: plausible Lombok names;
- :mod:`~kinerja.demo.catalogue`: the YAML catalogues of literal tables next to the modules
  (``organisation.yaml``, ``work.yaml``, ``services.yaml``, ``trainings.yaml``, ``names.yaml``,
  ``absences.yaml``, ``observations.yaml``, ``participation.yaml``).
"""

from __future__ import annotations

from kinerja.demo.activities import draw_activities
from kinerja.demo.folder import DEMO_FILES, demo_folder, generate_demo, load_demo
from kinerja.demo.generator import DEFAULT_QUARTERS, GENERATOR_VERSION
from kinerja.demo.parquet import DEFAULT_CHUNK_EMPLOYEES, generate_demo_parquet

__all__ = [
    "DEFAULT_CHUNK_EMPLOYEES",
    "DEFAULT_QUARTERS",
    "DEMO_FILES",
    "GENERATOR_VERSION",
    "demo_folder",
    "draw_activities",
    "generate_demo",
    "generate_demo_parquet",
    "load_demo",
]
