"""Store queries and writes for commitments and their follow-up.

A mixin of Store, kept in its own module so the store's core stays small.
"""

from __future__ import annotations


class CommitmentQueries:
    """Store methods for commitments: write, list by status, update status."""
