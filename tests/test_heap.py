"""What analysis loads is frozen out of the collector's full passes once per process, and nothing after."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import gc
from dyad.actors import load_dictionary
from dyad.extract.annotate import annotate_documents
from dyad.model import Document

def doc(n):
    return Document(id=f"d{n}", source="t", part=0, raw_sha256="0" * 64, language="en",
                    text="Ana Sousa met the Norwegian foreign minister in Oslo on Monday.")

assert gc.get_freeze_count() == 0
annotate_documents([doc(1)], load_dictionary())
first = gc.get_freeze_count()
kept = [object() for _ in range(50_000)]  # the caller's objects, made after
annotate_documents([doc(2)], load_dictionary())
print(first, gc.get_freeze_count())
"""


def test_the_model_and_dictionary_are_frozen_once_and_later_objects_are_not() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=300)
    first, second = map(int, done.stdout.split())
    assert first > 100_000  # spaCy's model and the actor dictionary: a large heap, now out of full collections
    assert second == first  # a later batch freezes nothing: its objects stay collectable
