"""The console the CLI prints its tables on."""

from __future__ import annotations

import os
import sys

from rich.console import Console

# Width of tables written to a pipe or a file: wide enough that no cell is cut or
# wrapped, so `dyad report | grep` and `> file` see whole rows (rich would
# otherwise assume 80 columns). A terminal keeps its own width, and COLUMNS=N sets one.
PIPE_WIDTH = 1000


def console() -> Console:
    """Make a console that prints at the terminal's width, or whole rows when piped."""
    chosen = sys.stdout.isatty() or os.environ.get("COLUMNS")  # a terminal's width, or one the user set
    return Console(highlight=False, width=None if chosen else PIPE_WIDTH)
