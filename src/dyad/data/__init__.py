"""Bundled data files: dictionaries, lexicons and phrase lists (see README.md)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dyad.errors import DataFileError

# libyaml's safe loader when PyYAML was built with it: the publisher tables (1,592
# entries) load in 0.06 s instead of 0.35 s, a cost every process pays once.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_yaml(name: str) -> Any:
    """Load one bundled YAML data file once per process."""
    path = resources.files("dyad.data").joinpath(name)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(str(path), f"cannot be read as YAML ({exc})") from None


def read_csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, stripped row) of a CSV data file after checking its header and row widths."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise DataFileError(str(path), f"cannot be read ({exc.strerror})") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = [col for col in required if col not in (reader.fieldnames or [])]
        if missing:
            raise DataFileError(str(path), f"the header lacks the column(s) {', '.join(missing)}")
        for row in reader:
            if None in row or any(value is None for value in row.values()):
                raise DataFileError(f"{path}, line {reader.line_num}", "the row has the wrong number of fields")
            yield reader.line_num, {key: value.strip() for key, value in row.items()}
