"""The few errors kg raises; each message names the bad value, the valid choices and the fix.

Exit codes follow one rule for every command: 0 success, 1 the data does not conform,
2 kg could not run (bad input, missing model, store in use...).
"""
from __future__ import annotations

EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_CANNOT_RUN = 2


class KgError(Exception):
    """Base class: a one-line, user-facing message; never a traceback."""

    exit_code: int = EXIT_CANNOT_RUN


class InputError(KgError):
    """An article, metadata file or path cannot be read as given."""


class ModelError(KgError):
    """The spaCy pipeline asked for is not installed or cannot load."""


class StoreError(KgError):
    """The store cannot be opened (missing, in use, unreachable) or written."""


class QueryError(KgError):
    """An unknown named query, a missing or malformed parameter, or bad SPARQL."""


class ShapesError(KgError):
    """The SHACL shapes cannot be loaded or used."""


class LexiconError(KgError):
    """kg's language data names a list that does not exist (a misspelled key or event type)."""


class ValidationFailed(KgError):
    """The data does not conform to the shapes (exit code 1)."""

    exit_code = EXIT_NONCONFORMING
