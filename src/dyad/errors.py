"""The errors Dyad raises, all under one root so callers can catch one type.

    DyadError
     ├── InputError       one input (file, JSONL line, WARC record) cannot be read
     ├── QueryError       a search query cannot be understood
     ├── StoreError       the store is missing, locked, or from a newer Dyad
     ├── ConfigError      a setting or option has a value Dyad cannot use
     ├── DataFileError    a bundled or user-supplied data file is malformed
     └── TimeBudgetError  one document's step ran past its time budget; the run goes on

Messages are full sentences that say what happened and what to do. The CLI shows
them without a traceback; the web app turns them into a status and a page.
"""

from __future__ import annotations


class DyadError(Exception):
    """Root of every error Dyad raises on purpose."""


class InputError(DyadError):
    """Report that one input cannot be turned into documents; the batch goes on."""

    def __init__(self, location: str, reason: str) -> None:
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason


class QueryError(DyadError):
    """Report a search query that cannot be understood, saying how to write one."""


class StoreError(DyadError):
    """Report a store that cannot be opened, read or written."""


class ConfigError(DyadError):
    """Report a setting or option with an unusable value."""


class DataFileError(DyadError):
    """Report a data file (dictionary, lexicon, phrase list) that does not validate."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}. Fix the file or remove it from the configuration.")
        self.path = path
        self.reason = reason


class TimeBudgetError(DyadError):
    """Report a step on one document that ran past its time budget; the batch goes on without it."""
