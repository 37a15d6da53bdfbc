"""The errors Dyad raises, all under one root so callers can catch one type.

    DyadError
     ├── InputError       one input (file, JSONL line, WARC record) cannot be read
     ├── QueryError       a search query cannot be understood
     ├── StoreError       the store is missing, locked, or from a newer Dyad
     │    ├── StoreUnavailable  the store's database server cannot be reached (down, restarting,
     │    │                     connection lost): a condition to wait out, not a fault
     │    └── ReadTooLong  a read of the web app ran past its time limit (engine.time_limit)
     ├── ConfigError      a setting or option has a value Dyad cannot use
     ├── DataFileError    a bundled or user-supplied data file is malformed
     └── TimeBudgetError  one document's step ran past its time budget; the run goes on

Messages are full sentences that say what happened and what to do. The CLI shows
them without a traceback; the web app turns them into a status and a page.
No message carries SQL, its parameters or document text: `brief` says what an
unexpected exception was in one short line.
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


class StoreUnavailable(StoreError):
    """Report that the store's database server cannot be reached; trying again later may work."""

    def __init__(self, where: str, reason: str, message: str | None = None) -> None:
        super().__init__(message or (
            f"The store at {where} cannot be reached ({reason}). Check that its database server is "
            "running and reachable, then run the same command again: what was stored is kept."
        ))
        self.where = where
        self.reason = reason


class ReadTooLong(StoreError):
    """Report a web read that ran past its time limit: cut, so that one view cannot hold a server process."""


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


# An exception's message is cut to this many characters in messages: the reason, not the data.
BRIEF_CHARS = 200


def brief(exc: BaseException) -> str:
    """Say what an exception was in one short line: its type and the first line of its message.

    A database driver's error wrapped by SQLAlchemy is shown as the driver's
    own message, without the statement and the parameters (article text) that
    SQLAlchemy appends.
    """
    shown = getattr(exc, "orig", None) or exc  # sqlalchemy.exc.DBAPIError wraps the driver's error
    lines = str(shown).strip().splitlines()
    message = lines[0] if lines else ""
    if len(message) > BRIEF_CHARS:
        message = message[:BRIEF_CHARS] + "…"
    return f"{type(shown).__name__}: {message}" if message else type(shown).__name__
