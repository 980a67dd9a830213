"""Name lists for the demo data of Kecamatan Cakranegara (Kota Mataram, NTB).

Cakranegara is home to Sasak Muslims (noble families carry the prefixes Lalu
for men and Baiq for women), Balinese Hindus (birth-order names Wayan, Made,
Nyoman, Ketut, Putu, Komang, Gede; caste titles Ida Bagus, Ida Ayu, Anak
Agung, I Gusti, Desak) and families from elsewhere in Indonesia. The name parts are in
``names.yaml``; they are read into tuples so that their order, and hence the generated
names, never depend on anything but the seed. Used by :mod:`kinerja.demo.generator` and
:mod:`kinerja.demo.personnel`.
"""

from __future__ import annotations

import numpy as np

from kinerja.demo.catalogue import catalogue, frozen

_NAMES = catalogue("names")
MUSLIM_MALE_FIRST: tuple[str, ...] = frozen(_NAMES["muslim_male_first"])
MUSLIM_MALE_LAST: tuple[str, ...] = frozen(_NAMES["muslim_male_last"])
MUSLIM_FEMALE_FIRST: tuple[str, ...] = frozen(_NAMES["muslim_female_first"])
MUSLIM_FEMALE_LAST: tuple[str, ...] = frozen(_NAMES["muslim_female_last"])
BALI_MALE_PREFIX: tuple[str, ...] = tuple(entry["prefix"] for entry in _NAMES["bali_male_prefix"])
BALI_MALE_PREFIX_WEIGHTS: tuple[float, ...] = tuple(entry["weight"] for entry in _NAMES["bali_male_prefix"])
BALI_MALE_NAME: tuple[str, ...] = frozen(_NAMES["bali_male_name"])
BALI_FEMALE_PREFIX: tuple[str, ...] = tuple(entry["prefix"] for entry in _NAMES["bali_female_prefix"])
BALI_FEMALE_PREFIX_WEIGHTS: tuple[float, ...] = tuple(entry["weight"] for entry in _NAMES["bali_female_prefix"])
BALI_FEMALE_NAME: tuple[str, ...] = frozen(_NAMES["bali_female_name"])

BALINESE_SHARE = 0.3
"""Share of Balinese Hindu names among the ASN of Cakranegara (assumed)."""
SASAK_NOBLE_SHARE = 0.2
"""Share of Lalu/Baiq names among the Muslim names (assumed)."""
HAJI_SHARE = 0.15
"""Share of Muslims aged 40 or more whose name carries H./Hj. (assumed)."""


def person_name(rng: np.random.Generator, female: bool, age: float, degree: str = "",
                prefix: str = "") -> str:
    """Return a plausible full name with academic degrees.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness; the number of draws does not depend on the
        outcome of earlier draws, so names stay reproducible.
    female : bool
        Gender of the person.
    age : float
        Age in years; H./Hj. is only given from 40.
    degree : str
        Degrees written after the name ("S.Kep., Ns."), or "".
    prefix : str
        Title written before the name ("dr.", "drg."), or "".
    """
    u_ethnic, u_noble, u_haji, u_two = rng.random(4)
    i1, i2 = rng.integers(0, 1_000_000, size=2)
    if u_ethnic < BALINESE_SHARE:
        if female:
            prefixes, weights, names = BALI_FEMALE_PREFIX, BALI_FEMALE_PREFIX_WEIGHTS, BALI_FEMALE_NAME
        else:
            prefixes, weights, names = BALI_MALE_PREFIX, BALI_MALE_PREFIX_WEIGHTS, BALI_MALE_NAME
        cumulative = np.cumsum(weights) / np.sum(weights)
        head = prefixes[int(np.searchsorted(cumulative, (i1 % 10_000) / 10_000, side="right"))]
        body = f"{head} {names[i2 % len(names)]}"
    else:
        if female:
            first = MUSLIM_FEMALE_FIRST[i1 % len(MUSLIM_FEMALE_FIRST)]
            last = MUSLIM_FEMALE_LAST[i2 % len(MUSLIM_FEMALE_LAST)]
            noble, haji = "Baiq", "Hj."
        else:
            first = MUSLIM_MALE_FIRST[i1 % len(MUSLIM_MALE_FIRST)]
            last = MUSLIM_MALE_LAST[i2 % len(MUSLIM_MALE_LAST)]
            noble, haji = "Lalu", "H."
        body = f"{first} {last}"
        if u_two < 0.25:
            # A single given name is common among older Sasak ASN.
            body = last if not female else f"{first} {last}"
        if u_noble < SASAK_NOBLE_SHARE:
            body = f"{noble} {body}"
        if age >= 40 and u_haji < HAJI_SHARE and not prefix:
            body = f"{haji} {body}"
    name = f"{prefix} {body}" if prefix else body
    return f"{name}, {degree}" if degree else name
