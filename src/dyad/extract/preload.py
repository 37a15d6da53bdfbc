"""Warm the process that imports this module; the forkserver of ingest's workers does.

`dyad.parallel` names this module in the forkserver's preload list, so the
forkserver loads spaCy's model and builds every table once and each worker
forks ready, instead of spending 2 to 3 s of CPU on the same loading as the
other workers, inside the time a user waits for.
"""

from __future__ import annotations

from dyad.extract.warm import warm_up

try:
    warm_up()
except Exception:  # noqa: BLE001 - no model, say: each worker then reports it as it would without this
    pass
