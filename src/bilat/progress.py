"""A rich progress bar for long builds: documents done, of how many, and documents per second.

Shown on stderr when it is a terminal (or when ``BILAT_PROGRESS=1`` forces it), so that
logs, pipes and tests get the plain summary line only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Documents per second since the start. Not rich's recent-window speed: parallel
    workers hand results back in bursts, which makes a short window's rate swing wildly."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("")
        return Text(f"{task.completed / elapsed:,.1f} docs/s", style="progress.data.speed")


def wanted(console: Console, flag: bool | None) -> bool:
    """``flag`` if given; else a terminal on stderr, or ``BILAT_PROGRESS=1``."""
    if flag is not None:
        return flag
    return console.is_terminal or os.environ.get("BILAT_PROGRESS", "") == "1"


@contextmanager
def document_progress(console: Console, total: int | None,
                      label: str = "building") -> Iterator[Callable[[str], None]]:
    """A callback to call once per document done; the bar closes on exit."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               RateColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(label, total=total)

        def advance(_name: str) -> None:
            bar.advance(task)

        yield advance
