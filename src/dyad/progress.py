"""Progress display for long runs: a live line on a terminal, silence elsewhere."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn


class Progress:
    """Show running counts on stderr while work goes on, only when stderr is a terminal."""

    def __init__(self, description: str, *, enabled: bool | None = None) -> None:
        console = Console(stderr=True)
        self.enabled = console.is_terminal if enabled is None else enabled
        self._bar = RichProgress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not self.enabled,
        )
        self._task = self._bar.add_task(description, total=None, counts="")

    def __enter__(self) -> Progress:
        self._bar.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bar.stop()

    def update(self, **counts: int) -> None:
        """Show the latest counts, e.g. update(inputs=10, documents=12)."""
        text = " · ".join(f"{value:,} {name}" for name, value in counts.items())
        self._bar.update(self._task, counts=text)
