"""Actors: the dictionary of who is who, and importers for other dictionaries.

The resolver (mention -> actor in context) builds on `load_dictionary()`.
"""

from .dictionary import ActorDictionary, Metonym, load_dictionary
from .importers import import_csv_actors, import_phoenix_actors
from .names import normalise, spelling_key
from .records import Actor, Role, cameo_code

__all__ = [
    "Actor",
    "ActorDictionary",
    "Metonym",
    "Role",
    "cameo_code",
    "import_csv_actors",
    "import_phoenix_actors",
    "load_dictionary",
    "normalise",
    "spelling_key",
]
