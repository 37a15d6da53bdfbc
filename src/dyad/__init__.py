"""Dyad: a sourced, structured record of relations between states."""

from dyad.errors import ConfigError, DataFileError, DyadError, InputError, StoreError
from dyad.model import Document, Failure, Published, RawItem

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "DataFileError",
    "Document",
    "DyadError",
    "Failure",
    "InputError",
    "Published",
    "RawItem",
    "StoreError",
    "__version__",
]
