"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinerja.dataset import Dataset, load_dataset
from kinerja.demo import demo_folder


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Path:
    """The default demo data set (1,000 ASN, 8 quarters), generated once per test session."""
    return demo_folder(cache=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def demo_dataset(demo) -> Dataset:
    """The default demo data set, loaded and validated."""
    return load_dataset(demo)
