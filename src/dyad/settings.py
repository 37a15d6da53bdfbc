"""Settings, declared as data: each has a name, a default and a help line.

Values come, last one winning, from the defaults below, a `dyad.toml` in the
working directory (or the file named by `DYAD_CONFIG`), `DYAD_<NAME>`
environment variables, and command-line options.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from dyad.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "dyad.db", "Store to use: a SQLite file path or a postgresql:// URL."),
    Setting(
        "max_document_bytes",
        20_000_000,
        "Largest single document (a .txt/.html file, a JSONL line, a WARC record) read, in bytes.",
    ),
    Setting("batch_size", 200, "Raw inputs written to the store per transaction."),
    Setting(
        "analyse",
        True,
        "Analyse documents during ingest (parse, actors, dates). Off stores text only; "
        "the next ingest with it on analyses what was skipped.",
    ),
    Setting(
        "link",
        True,
        "Link documents across the corpus during ingest (copies, citations, stories). Off loads "
        "faster; the next ingest with it on links what was skipped.",
    ),
    Setting(
        "min_language_chars",
        40,
        "Texts with fewer letters than this get language `und` (undetermined) and are not analysed.",
    ),
    Setting(
        "workers",
        1,
        "Processes that read, clean and analyse documents during ingest (the store keeps one writer). "
        "With --engine dask, the number of workers of the local Dask cluster.",
    ),
)


@dataclass(frozen=True)
class Settings:
    """The resolved value of every setting in SETTINGS."""

    db: str = "dyad.db"
    max_document_bytes: int = 20_000_000
    batch_size: int = 200
    analyse: bool = True
    link: bool = True
    min_language_chars: int = 40
    workers: int = 1

    def with_overrides(self, **values: Any) -> Settings:
        """Return a copy with the given non-None values replaced."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _coerce(name: str, value: Any, default: Any) -> Any:
    """Convert a text value from a file or the environment to the default's type."""
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in {"1", "true", "yes", "on"}:
            return True
        if str(value).strip().lower() in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"Setting {name!r} must be true or false, got {value!r}.")
    if not isinstance(default, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"Setting {name!r} must be a whole number, got {value!r}. "
            f"Fix it in dyad.toml or DYAD_{name.upper()}."
        ) from None


def load_settings(config: str | os.PathLike[str] | None = None) -> Settings:
    """Read settings from dyad.toml and DYAD_* variables over the defaults."""
    values: dict[str, Any] = {}
    path = Path(config or os.environ.get("DYAD_CONFIG", "dyad.toml"))
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path} is not valid TOML ({exc}). Fix or remove it.") from None
    known = {s.name: s for s in SETTINGS}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(
            f"{path} sets unknown setting(s) {', '.join(unknown)}. "
            f"Known settings: {', '.join(known)}."
        )
    for name in known:
        env = os.environ.get(f"DYAD_{name.upper()}")
        if env is not None:
            values[name] = env
    resolved = {n: _coerce(n, v, known[n].default) for n, v in values.items()}
    return Settings(**resolved)


assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS], "SETTINGS and Settings differ"
