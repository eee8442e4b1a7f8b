"""A live batch display: done / running / failed / skipped / left, elapsed and estimated time."""
from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


class BatchProgress:
    """Use as a context manager; pass `update` to run_batch as its on_done callback."""

    def __init__(self, console: Console, total: int, workers: int):
        self.total, self.workers, self.counts = total, workers, Counter()
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("left ~"), TimeRemainingColumn(),
                                 console=console, transient=False)
        self.task = self.progress.add_task(self._text(), total=total)

    def _text(self) -> str:
        finished = sum(self.counts.values())
        running = min(self.workers, self.total - finished)
        left = self.total - finished - running
        c = self.counts
        return f"ok {c['ok']} · running {running} · failed {c['failed']} · skipped {c['skipped']} · queued {left}"

    def update(self, outcome) -> None:
        self.counts[outcome.status] += 1
        self.progress.update(self.task, advance=1, description=self._text())
        if outcome.status == "failed":
            self.progress.console.print(f"[red]failed[/] {outcome.job.name}: {outcome.message}")

    def __enter__(self) -> "BatchProgress":
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()
