"""The actor dictionary a store's documents are read with: the bundled actors and those a user imported.

Ingest, the follow-up and `dyad actors show` build it the same way; the
workers of a run, which cannot open the store, build it from the imported
actors the run hands them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .dictionary import ActorDictionary, bundled_actors, load_dictionary
from .records import Actor

if TYPE_CHECKING:
    from dyad.store import Store


def imported_actors(store: Store) -> list[Actor]:
    """Return the actors a user imported into the store."""
    return list(store.iter_actors(origin="import"))


def with_imported(imported: list[Actor]) -> ActorDictionary:
    """Return the bundled dictionary, plus the imported actors when there are any."""
    if not imported:
        return load_dictionary()
    actors, metonyms, titles = bundled_actors()
    return ActorDictionary([*actors, *imported], metonyms, titles)


def dictionary_for(store: Store) -> ActorDictionary:
    """Return the bundled actor dictionary, plus the actors a user imported into this store."""
    return with_imported(imported_actors(store))
