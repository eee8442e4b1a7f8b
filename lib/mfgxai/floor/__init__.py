"""For the shop floor: a run's operating windows as a one-page card at the machine and as a control-plan extract."""
from __future__ import annotations

from pathlib import Path

from ..engagement.runstore import RunFolder


def for_the_floor(folder: Path) -> str:
    """Write a good run's card and control-plan extract; a problem is told, never raised: the run stays good."""
    from .card import write_card
    from .controlplan import write_control_plan

    run = RunFolder(Path(folder))
    try:
        written = [write_card(run), *write_control_plan(run).values()]
        return "card and control plan: " + ", ".join(path.name for path in written)
    except Exception as exc:  # the run is complete and good: a card problem is a note, not a failed run
        return f"card not written ({exc}); retry with `mfgxai card {run.slug} --process {run.process}`"
