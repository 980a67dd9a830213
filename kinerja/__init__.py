"""kinerja: a workbench for evaluating ASN performance in Kecamatan Cakranegara.

The public API for notebooks and researchers::

    from kinerja import load_dataset, Quarter
    dataset = load_dataset("data/2026-Q3")
    dataset.employees            # pandas DataFrame
    dataset.activities           # Ibis table in an embedded DuckDB
    dataset.rejects              # every rejected row, with its reason
"""

from kinerja.dataset import Dataset, load_dataset
from kinerja.errors import DataError, KinerjaError
from kinerja.nip import InvalidNip, Nip, parse_nip
from kinerja.periods import InvalidQuarter, Quarter, WorkCalendar

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
