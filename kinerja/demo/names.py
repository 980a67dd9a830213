"""Name lists for the demo data of Kecamatan Cakranegara (Kota Mataram, NTB).

Cakranegara is home to Sasak Muslims (noble families carry the prefixes Lalu
for men and Baiq for women), Balinese Hindus (birth-order names Wayan, Made,
Nyoman, Ketut, Putu, Komang, Gede; caste titles Ida Bagus, Ida Ayu, Anak
Agung, I Gusti, Desak) and families from elsewhere in Indonesia. Only used by
:mod:`kinerja.demo.generator`; the lists are tuples so that their order, and hence the
generated names, never depend on anything but the seed.
"""

from __future__ import annotations

import numpy as np

MUSLIM_MALE_FIRST: tuple[str, ...] = (
    "Muhammad", "Ahmad", "Abdul", "Hasan", "Zainal", "Sahnan", "Hairul", "Rusdi",
    "Fathurrahman", "Imam", "Agus", "Zulkifli", "Syamsul", "Saiful", "Hamdan", "Mansur",
    "Arif", "Fauzan", "Rizal", "Junaidi", "Supardi", "Suhaimi", "Mahsun", "Nasrullah",
    "Khairul", "Azhar", "Muhir", "Sapoan", "Hadiatullah", "Ilham", "Rahmat", "Taufik",
    "Sukri", "Amrullah", "Ikhwan", "Badrun", "Ridwan", "Yusuf", "Hamzan", "Jumadil",
)
MUSLIM_MALE_LAST: tuple[str, ...] = (
    "Hidayat", "Rahman", "Hakim", "Ramdhani", "Fadli", "Mardi", "Sahid", "Maulana",
    "Zulhadi", "Irwan", "Wahyudi", "Jayadi", "Suhardi", "Ardiansyah", "Kurniawan", "Hadi",
    "Firmansyah", "Pratama", "Zaini", "Anwar", "Iqbal", "Mahyudin", "Syahroni", "Azmi",
    "Sopian", "Hamdi", "Bahri", "Ismail", "Harianto", "Saputra",
)
MUSLIM_FEMALE_FIRST: tuple[str, ...] = (
    "Siti", "Nurul", "Sri", "Dewi", "Nur", "Rina", "Husnul", "Eka", "Ida", "Endang",
    "Yuliana", "Nining", "Rini", "Lale", "Aminah", "Fatimah", "Zuhriah", "Rohani",
    "Hartini", "Mulyani", "Rabiatul", "Wiwik", "Maya", "Laila", "Ainun", "Sukmawati",
)
MUSLIM_FEMALE_LAST: tuple[str, ...] = (
    "Rahmawati", "Hidayati", "Nurhayati", "Sumiati", "Kartini", "Wahyuni", "Apriani",
    "Safitri", "Marlina", "Ernawati", "Fitriani", "Lestari", "Khotimah", "Aini",
    "Maulida", "Zahra", "Sulistiawati", "Handayani", "Rosmiati", "Yuniarti", "Komalasari",
    "Susilawati", "Hasanah", "Mardiana", "Indriani", "Febriani", "Jannah", "Kurniasih",
)

BALI_MALE_PREFIX: tuple[str, ...] = (
    "I Made", "I Gede", "I Wayan", "I Nyoman", "I Ketut", "I Putu", "I Komang",
    "Ida Bagus", "Anak Agung Gede", "I Gusti Ngurah", "I Gusti Bagus",
)
BALI_MALE_PREFIX_WEIGHTS: tuple[float, ...] = (
    0.16, 0.12, 0.14, 0.10, 0.08, 0.10, 0.08, 0.07, 0.06, 0.05, 0.04,
)
BALI_MALE_NAME: tuple[str, ...] = (
    "Suarta", "Wirawan", "Sudarma", "Adnyana", "Artawan", "Darmawan", "Suardana",
    "Mahendra", "Wiratama", "Arsana", "Budiarta", "Sukadana", "Mertayasa", "Widiarsa",
    "Ardana", "Sudiarta", "Putra Wijaya", "Sedana", "Astawa", "Sutama", "Oka Wirawan",
    "Yudiantara", "Pasek Suyasa", "Swastika", "Dharma Putra", "Agus Susila",
)
BALI_FEMALE_PREFIX: tuple[str, ...] = (
    "Ni Luh", "Ni Made", "Ni Wayan", "Ni Komang", "Ni Ketut", "Ni Putu", "Ni Nyoman",
    "Ida Ayu", "Anak Agung Ayu", "Desak Made", "I Gusti Ayu",
)
BALI_FEMALE_PREFIX_WEIGHTS: tuple[float, ...] = (
    0.15, 0.14, 0.12, 0.10, 0.07, 0.12, 0.08, 0.07, 0.06, 0.04, 0.05,
)
BALI_FEMALE_NAME: tuple[str, ...] = (
    "Ariani", "Sukmawati", "Purnamasari", "Suryani", "Sriasih", "Dewi Lestari", "Ratnadi",
    "Wulandari", "Sugiani", "Yuliastini", "Ardani", "Mariani", "Sumartini", "Astiti",
    "Widiasih", "Indrayani", "Puspawati", "Eka Pertiwi", "Sri Wahyuni", "Kartika Dewi",
    "Suciati", "Rai Juliantari",
)

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
