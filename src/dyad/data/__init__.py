"""Bundled data files: dictionaries, lexicons and phrase lists (see README.md)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from dyad.errors import DataFileError


@cache
def load_yaml(name: str) -> Any:
    """Load one bundled YAML data file once per process."""
    path = resources.files("dyad.data").joinpath(name)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(str(path), f"cannot be read as YAML ({exc})") from None
