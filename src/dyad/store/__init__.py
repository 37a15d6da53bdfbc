"""The store: where raw inputs, documents and every later record are kept.

    Store          the narrow interface every stage uses (open, add_batch, record reads, search);
                   pages, counts and listings read through dyad.queries instead
    schema         the tables, in SQLAlchemy Core, for SQLite and PostgreSQL alike
    migrations     named, recorded schema steps; SCHEMA_VERSION counts them
    engine         store locations, connection pragmas, transactions
    rows           records to rows and back
    search         ranked full-text search with snippets (SQLite FTS5)
    counts         what counts, once: the SQL conditions every count takes
    dyad_months    the events that count per pair, month and quad class, kept by triggers
"""

from dyad.store.migrations import SCHEMA_VERSION
from dyad.store.search import QueryError, SearchHit
from dyad.store.store import BatchResult, Store

__all__ = ["SCHEMA_VERSION", "BatchResult", "QueryError", "SearchHit", "Store"]
