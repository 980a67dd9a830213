"""Running a quarter: parameters, the notebook runner and the command line."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = PROJECT_ROOT / "notebooks"
"""The quarter's notebooks."""
