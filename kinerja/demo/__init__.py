"""Synthetic Cakranegara data with planted effects, for the demo and the tests."""

from __future__ import annotations

from kinerja.demo.generator import (
    DEFAULT_CHUNK_EMPLOYEES,
    DEFAULT_QUARTERS,
    DEMO_FILES,
    GENERATOR_VERSION,
    demo_folder,
    draw_activities,
    generate_demo,
    generate_demo_parquet,
    load_demo,
)

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
