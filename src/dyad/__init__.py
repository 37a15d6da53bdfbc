"""Dyad: a sourced, structured record of relations between states."""

from dyad.api import ingest, open
from dyad.errors import (
    ConfigError,
    DataFileError,
    DyadError,
    InputError,
    QueryError,
    StoreError,
    StoreUnavailable,
    TimeBudgetError,
)
from dyad.model import Document, Failure, Published, RawItem
from dyad.pipeline import IngestReport
from dyad.store import Store

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "DataFileError",
    "Document",
    "DyadError",
    "Failure",
    "IngestReport",
    "InputError",
    "Published",
    "QueryError",
    "RawItem",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "TimeBudgetError",
    "__version__",
    "ingest",
    "open",
]
