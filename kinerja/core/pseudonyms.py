"""Keyed pseudonyms for research data (privacy level ``research``).

A plain hash of a NIP is no pseudonym: there are few enough NIPs that anyone
can hash them all and look the answer up. A keyed hash (HMAC-SHA-256) can
only be recomputed by whoever holds the key, and the same key gives the same
pseudonym in every run, so answers of the same person can be linked across
quarters without the NIP.

The key is read from the environment, never from the parameters file (which
is copied into the manifest and into every executed notebook):

- ``KINERJA_PSEUDONYM_KEY``: the key itself, at least 32 characters; or
- ``KINERJA_PSEUDONYM_KEY_FILE``: a file holding the key, outside the project
  folder (so it is never committed or shipped with the reports).

Generate a key once with ``python -c "import secrets; print(secrets.token_urlsafe(32))"``
and keep it where the data steward keeps passwords: losing it means losing
the link between waves; leaking it lets the holder recompute pseudonyms from
NIPs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from kinerja.core.errors import DataError

KEY_VARIABLE = "KINERJA_PSEUDONYM_KEY"
KEY_FILE_VARIABLE = "KINERJA_PSEUDONYM_KEY_FILE"
MIN_KEY_LENGTH = 32
"""Characters a key must have: ``secrets.token_urlsafe(32)`` gives 43."""
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def load_key(environ: Mapping[str, str] | None = None, *, project: Path = PROJECT_ROOT) -> bytes:
    """Return the pseudonym key from the environment.

    Parameters
    ----------
    environ
        The environment to read; default ``os.environ``.
    project
        The project folder, inside which a key file is refused.

    Raises
    ------
    DataError
        When no key is given, the key file is missing, unreadable or inside
        the project folder, or the key is shorter than 32 characters. The
        sentence never contains the key.
    """
    environ = os.environ if environ is None else environ
    if environ.get(KEY_VARIABLE):
        key, source = environ[KEY_VARIABLE].strip(), f"the variable {KEY_VARIABLE}"
    elif environ.get(KEY_FILE_VARIABLE):
        path = Path(environ[KEY_FILE_VARIABLE]).expanduser().resolve()
        if path.is_relative_to(project.resolve()):
            raise DataError(f"the pseudonym key file {path} is inside the project folder {project}; keep it "
                            f"outside (it must never be committed or shipped with the reports).")
        try:
            key = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise DataError(f"the pseudonym key file {path} ({KEY_FILE_VARIABLE}) does not exist.") from None
        except (OSError, UnicodeDecodeError) as error:
            raise DataError(f"the pseudonym key file {path} cannot be read: {type(error).__name__}.") from None
        source = f"the file {path}"
    else:
        raise DataError(f"privacy level research needs a pseudonym key: set {KEY_VARIABLE} to a secret of at "
                        f"least {MIN_KEY_LENGTH} characters, or {KEY_FILE_VARIABLE} to a file outside the "
                        f"project that holds it (see docs/privacy.md).")
    if len(key) < MIN_KEY_LENGTH:
        raise DataError(f"the pseudonym key in {source} has {len(key)} characters; it needs at least "
                        f"{MIN_KEY_LENGTH} (e.g. python -c \"import secrets; print(secrets.token_urlsafe(32))\").")
    return key.encode("utf-8")


def pseudonymise(values: pd.Series, key: bytes, *, prefix: str = "R-", length: int = 16) -> pd.Series:
    """Replace each value by its keyed pseudonym.

    Parameters
    ----------
    values
        Identifiers such as NIPs; leading and trailing spaces are ignored,
        missing values stay missing.
    key
        The secret key (:func:`load_key`).
    prefix, length
        The pseudonym is ``prefix`` and the first ``length`` hexadecimal
        digits of HMAC-SHA-256(key, value): 16 digits make a collision among
        a million people about one in 36 million.

    Returns
    -------
    pandas.Series
        Pseudonyms (string dtype), same index.
    """
    if not key:
        raise ValueError("key must not be empty")
    if not 8 <= length <= 64:
        raise ValueError(f"length must be between 8 and 64 hexadecimal digits, not {length}")

    def one(value: object) -> object:
        if pd.isna(value):
            return pd.NA
        digest = hmac.new(key, str(value).strip().encode("utf-8"), hashlib.sha256).hexdigest()
        return prefix + digest[:length]

    return values.map(one).astype("string")
