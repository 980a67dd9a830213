"""Exceptions that reach the user as one clear sentence."""

from __future__ import annotations


class KinerjaError(Exception):
    """Base class for errors the command line reports as one sentence."""


class DataError(KinerjaError):
    """A file, column or value that cannot be used, named in the message.

    The message is one sentence naming the file, the column or key and what
    was expected, so that the command line can print it without a traceback.
    """
