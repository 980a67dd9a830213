"""kinerja: a workbench for evaluating ASN performance in Kecamatan Cakranegara.

The public API for notebooks and researchers::

    from kinerja import Quarter, load_dataset
    dataset = load_dataset("data/2026-Q3")
    dataset.employees            # pandas DataFrame
    dataset.activities           # Ibis table in an embedded DuckDB
    dataset.rejects              # every rejected row, with its reason
"""

from kinerja.core.errors import DataError, KinerjaError
from kinerja.core.nip import InvalidNip, Nip, parse_nip
from kinerja.core.periods import InvalidQuarter, Quarter, WorkCalendar
from kinerja.data.dataset import Dataset
from kinerja.data.loading import load_dataset

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Dataset",
    "InvalidNip",
    "InvalidQuarter",
    "KinerjaError",
    "Nip",
    "Quarter",
    "WorkCalendar",
    "load_dataset",
    "parse_nip",
]
