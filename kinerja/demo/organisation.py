"""Who works where in the demo: the units of Kecamatan Cakranegara, their roles and positions.

The catalogue is ``organisation.yaml``: the kecamatan office, ten kelurahan offices and two
Puskesmas with their staff at about 1,000 ASN, the Puskesmas staff mix, the PPPK shares and
the roles. This module scales the units to any number of ASN (:func:`plan_units`), staffs
each unit with role keys (:func:`unit_roles`) and builds the roles from the catalogue, using
the ladders of the civil service for Kepala Seksi, pelaksana and jabatan fungsional.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from kinerja.core.periods import WorkCalendar
from kinerja.data.dictionary import PNS_GOLONGAN
from kinerja.demo.catalogue import catalogue, frozen

MIN_EMPLOYEES = 60
"""Fewer ASN cannot staff the kecamatan office, ten kelurahan and two Puskesmas."""

_CATALOGUE = catalogue("organisation")
_KECAMATAN: dict[str, Any] = _CATALOGUE["kecamatan"]
KECAMATAN_CODE: str = _KECAMATAN["code"]
"""The code of the kecamatan office, whose head (the camat) supervises the lurah."""

_G = {name: index for index, name in enumerate(PNS_GOLONGAN)}
"""Index of each PNS golongan/ruang, I/a = 0 ... IV/e = 16."""


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    unit_type: str
    workdays_per_week: int
    size: int


def plan_units(employees: int) -> list[Unit]:
    """Units and their staff numbers, scaled from about 1,000 ASN to `employees`."""
    scale = employees / 1000

    def unit(code: str, name: str, unit_type: str, size: int) -> Unit:
        days = WorkCalendar.for_unit_type(unit_type).workdays_per_week
        return Unit(code, name, unit_type, days, size)

    units = [unit(_KECAMATAN["code"], _KECAMATAN["name"], "kecamatan", max(4, round(_KECAMATAN["size"] * scale)))]
    units += [unit(entry["code"], f"Kantor Lurah {entry['name']}", "kelurahan", max(3, round(entry["size"] * scale)))
              for entry in _CATALOGUE["kelurahan"]]
    units += [unit(entry["code"], entry["name"], "puskesmas", max(6, round(entry["size"] * scale)))
              for entry in _CATALOGUE["puskesmas"]]
    rest = employees - sum(u.size for u in units)
    school_size, pattern = _CATALOGUE["schools"]["size"], _CATALOGUE["schools"]["size_pattern"]
    schools = max(1, round(rest / school_size))
    if rest < 3 * schools:
        raise ValueError(f"employees must be at least {MIN_EMPLOYEES}, not {employees}.")
    sizes = [rest // schools + (1 if i < rest % schools else 0) for i in range(schools)]
    # Vary school sizes by a pattern of paired offsets, keeping the total.
    for i in range(0, schools - 1, 2):
        offset = pattern[(i // 2) % len(pattern)]
        offset = max(-(sizes[i] - 3), min(offset, sizes[i + 1] - 3))
        sizes[i] += offset
        sizes[i + 1] -= offset
    units += [unit(f"SDN-{i + 1:02d}", f"SD Negeri {i + 1} Cakranegara", "sekolah", size)
              for i, size in enumerate(sizes)]
    return units


# --- roles -------------------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    """Positions of a role with the same class, golongan range, degrees and PPPK golongan."""
    positions: tuple[str, ...]
    position_class: str
    start: int
    lo: int
    hi: int
    degrees: tuple[str, ...]
    pppk: str | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class Role:
    variants: tuple[Variant, ...]
    group: str
    age_min: float = 22
    female: float = 0.45
    prefix: str = ""
    head: bool = False
    entry_min: float = 22
    entry_max: float = 35


_S1_KANTOR: tuple[str, ...] = frozen(_CATALOGUE["degrees"]["s1_kantor"])
_D3_KANTOR: tuple[str, ...] = frozen(_CATALOGUE["degrees"]["d3_kantor"])


def _v(positions: str | tuple[str, ...], cls: str, start: str, lo: str, hi: str,
       degrees: tuple[str, ...], pppk: str | None = None, weight: float = 1.0) -> Variant:
    if isinstance(positions, str):
        positions = (positions,)
    return Variant(positions, cls, _G[start], _G[lo], _G[hi], degrees, pppk, weight)


def _pelaksana(group: str, sma: tuple[str, ...], d3: tuple[str, ...], s1: tuple[str, ...]) -> Role:
    return Role((
        _v(sma, "pelaksana", "II/a", "II/a", "III/b", ("",), "V", 0.4),
        _v(d3, "pelaksana", "II/c", "II/c", "III/b", _D3_KANTOR, "VII", 0.25),
        _v(s1, "pelaksana", "III/a", "III/a", "III/b", _S1_KANTOR, "IX", 0.35),
    ), group)


def _kasi(title: str, group: str = "kasi", degrees: tuple[str, ...] = _S1_KANTOR) -> Role:
    return Role((_v(title, "pengawas", "III/a", "III/c", "III/d", degrees),), group, age_min=33)


def _profession(name: str, group: str, female: float, terampil: str | None, ahli: str | None,
                prefix: str = "", ahli_master: str | None = None, entry_min: float = 22) -> Role:
    variants: list[Variant] = []
    if terampil:
        variants += [
            _v(f"{name} Terampil", "fungsional_terampil", "II/c", "II/c", "II/d", (terampil,), "VII", 0.2),
            _v(f"{name} Mahir", "fungsional_terampil", "II/c", "III/a", "III/b", (terampil,), None, 0.15),
            _v(f"{name} Penyelia", "fungsional_terampil", "II/c", "III/c", "III/d", (terampil,), None, 0.1),
        ]
    if ahli is not None:
        variants += [
            _v(f"{name} Ahli Pertama", "fungsional_ahli", "III/a", "III/a", "III/b", (ahli,), "IX", 0.35),
            _v(f"{name} Ahli Muda", "fungsional_ahli", "III/a", "III/c", "III/d",
               (ahli, ahli_master or ahli), None, 0.2),
        ]
    return Role(tuple(variants), group, female=female, prefix=prefix, entry_min=entry_min)


_ROLE_OPTIONS = ("age_min", "female", "prefix", "head", "entry_min")


def _role(spec: dict[str, Any]) -> Role:
    """A role from its entry in ``organisation.yaml`` (see the comment there)."""
    spec = frozen(spec)
    if "kasi" in spec:
        return _kasi(spec["kasi"], spec.get("group", "kasi"), spec.get("degrees", _S1_KANTOR))
    if "pelaksana" in spec:
        titles = spec["pelaksana"]
        return _pelaksana(spec["group"], titles["sma"], titles["d3"], titles["s1"])
    if "profession" in spec:
        return _profession(spec["profession"], spec["group"], spec["female"], spec.get("terampil"),
                           spec.get("ahli"), spec.get("prefix", ""), spec.get("ahli_master"),
                           spec.get("entry_min", 22))
    variants = tuple(_v(v["positions"], v["class"], *v["golongan"], v["degrees"], v.get("pppk"), v.get("weight", 1.0))
                     for v in spec["variants"])
    return Role(variants, spec["group"], **{key: spec[key] for key in _ROLE_OPTIONS if key in spec})


ROLES: dict[str, Role] = {key: _role(spec) for key, spec in _CATALOGUE["roles"].items()}
"""Every role by key: its positions and who holds them."""

_PUSKESMAS_MIX: tuple[tuple[str, float], ...] = tuple(_CATALOGUE["puskesmas_mix"].items())
PPPK_SHARE: dict[str, float] = dict(_CATALOGUE["pppk_share"])
"""Probability that an ASN who may be PPPK is PPPK, by unit type."""


def _allocate(total: int, shares: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `shares` by largest remainder."""
    raw = np.asarray(shares, dtype=float) / float(np.sum(shares)) * total
    counts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts.tolist()


def unit_roles(unit: Unit, rng: np.random.Generator) -> list[str]:
    """Role keys of the staff of a unit, the head first."""
    if unit.unit_type == "kecamatan":
        fixed = ["camat", "sekcam", "kasubag_umum", "kasubag_keu", "kasi_pem", "kasi_trantib", "kasi_pm",
                 "kasi_pelayanan", "pranata_komputer", "arsiparis", "analis_kebijakan"]
        rest = "pelaksana_kantor"
    elif unit.unit_type == "kelurahan":
        fixed = ["lurah", "seklur", "kasi_kel_pem", "kasi_kel_ekbang", "kasi_kel_kesos"]
        rest = "pelaksana_kantor"
    elif unit.unit_type == "puskesmas":
        fixed = ["kapus", "kasubag_tu", "dokter", "perawat", "bidan"]
        others = _allocate(max(0, unit.size - len(fixed)), [share for _, share in _PUSKESMAS_MIX])
        fixed += [role for (role, _), count in zip(_PUSKESMAS_MIX, others) for _ in range(count)]
        rest = "pelaksana_puskesmas"
    else:
        admin = max(1, round(0.12 * unit.size)) if unit.size >= 4 else 0
        fixed = ["kepsek"] + ["guru"] * (unit.size - 1 - admin) + ["admin_sekolah"] * admin
        rest = "guru"
    roles = fixed[: unit.size]
    roles += [rest] * (unit.size - len(roles))
    return roles
