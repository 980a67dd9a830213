"""Whether a unit head's recorded hasil kerja follows the unit's performance.

For the head of a unit (Camat, Lurah, Kepala Puskesmas, Kepala Sekolah) the
unit's performance is the leader's hasil kerja (PermenPANRB 6/2022, as read
in ``docs/methods.md``): a unit with predikat kinerja organisasi Istimewa
gives its head Di Atas Ekspektasi, Baik gives Sesuai Ekspektasi, and Butuh
Perbaikan, Kurang or Sangat Kurang give Di Bawah Ekspektasi. The data hold a
unit's predikat only where the run gives it (``organisation_predikat`` for
the kecamatan, ``unit_predikat`` per unit); elsewhere the comparison is
unknown, not made.

Examples
--------
>>> expected_hasil_kerja("Baik"), expected_hasil_kerja("Kurang"), expected_hasil_kerja(None)
('Sesuai Ekspektasi', 'Di Bawah Ekspektasi', None)
"""

from __future__ import annotations

import pandas as pd

from kinerja.data.dictionary import normalise_header

__all__ = ["HASIL_KERJA_OF_UNIT", "HEAD_POSITIONS", "expected_hasil_kerja", "head_ratings"]

HEAD_POSITIONS = {"kecamatan": "camat", "kelurahan": "lurah", "puskesmas": "kepala puskesmas",
                  "sekolah": "kepala sekolah"}
"""The jabatan that heads each kind of unit (compared without case and repeated spaces)."""

HASIL_KERJA_OF_UNIT = {
    "Istimewa": "Di Atas Ekspektasi",
    "Baik": "Sesuai Ekspektasi",
    "Butuh Perbaikan": "Di Bawah Ekspektasi",
    "Kurang": "Di Bawah Ekspektasi",
    "Sangat Kurang": "Di Bawah Ekspektasi",
}
"""The hasil kerja of a unit's head that follows from the unit's predikat kinerja organisasi."""


def expected_hasil_kerja(unit_predikat: str | None) -> str | None:
    """The head's hasil kerja that ``unit_predikat`` gives; None when the unit's predikat is not known."""
    return None if unit_predikat is None else HASIL_KERJA_OF_UNIT[unit_predikat]


def head_ratings(predikat: pd.DataFrame, employees: pd.DataFrame, units: pd.DataFrame,
                 unit_predikat: dict[str, str]) -> pd.DataFrame:
    """Each unit head's recorded hasil kerja against the one the unit's performance gives.

    Parameters
    ----------
    predikat
        One quarter's rows of ``QuarterResults.predikat`` (``nip``,
        ``hasil_kerja_rating``, ``hasil_kerja_source``).
    employees
        The employees table (``nip``, ``position``, ``unit_code``).
    units
        The units table (``unit_code``, ``unit_type``).
    unit_predikat
        The predikat kinerja organisasi of the units whose performance is known.

    Returns
    -------
    pandas.DataFrame
        One row per head with a rating this quarter: ``unit_code``, ``nip``,
        ``position``, ``recorded`` (hasil kerja as recorded), ``source``,
        ``unit_predikat`` (None when unknown), ``expected`` and ``agrees``
        (None when the unit's performance is unknown).
    """
    kinds = units.drop_duplicates("unit_code").set_index("unit_code")["unit_type"]
    staff = employees.assign(unit_type=employees["unit_code"].map(kinds))
    heads = staff[staff["position"].map(normalise_header) == staff["unit_type"].map(HEAD_POSITIONS)]
    rated = heads.merge(predikat[["nip", "hasil_kerja_rating", "hasil_kerja_source"]], on="nip")
    known = rated["unit_code"].map(unit_predikat)
    expected = known.map(expected_hasil_kerja, na_action="ignore")
    return pd.DataFrame({
        "unit_code": rated["unit_code"], "nip": rated["nip"], "position": rated["position"],
        "recorded": rated["hasil_kerja_rating"], "source": rated["hasil_kerja_source"],
        "unit_predikat": known.astype(object).where(known.notna(), None),
        "expected": expected.astype(object).where(expected.notna(), None),
        "agrees": [None if pd.isna(want) else bool(got == want) for got, want in zip(rated["hasil_kerja_rating"],
                                                                                      expected, strict=True)],
    }).reset_index(drop=True)
