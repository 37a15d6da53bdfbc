"""The one bounded cache: it forgets everything once full, and nothing fills one at import time."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dyad.caches import Bounded


def test_a_full_cache_forgets_everything_then_keeps_the_new_entry() -> None:
    cache: Bounded[str, int] = Bounded(3)
    assert [cache.put(k, n) for n, k in enumerate("abc")] == [0, 1, 2]
    assert dict(cache) == {"a": 0, "b": 1, "c": 2}
    assert cache.put("d", 3) == 3 and dict(cache) == {"d": 3}
    cache["d"] = 4  # a plain write is allowed and does not count twice
    assert cache.get("d") == 4 and len(cache) == 1


def test_a_cache_holds_at_least_one_entry() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Bounded(0)


# Imports every dyad module but the one that warms a process on purpose, then lists
# the module-level bounded caches that hold anything.
_IMPORT_ALL = """
import importlib, pkgutil, dyad
from dyad.caches import Bounded
names = [m.name for m in pkgutil.walk_packages(dyad.__path__, "dyad.") if m.name != "dyad.extract.preload"]
modules = [importlib.import_module(name) for name in names]
caches = [(m.__name__, k) for m in modules for k, v in vars(m).items() if isinstance(v, Bounded)]
assert len(caches) >= 4, caches
print([(name, key) for name, key in caches if len(getattr(importlib.import_module(name), key))])
"""


def test_importing_dyad_fills_no_cache() -> None:
    run = subprocess.run([sys.executable, "-c", _IMPORT_ALL], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
