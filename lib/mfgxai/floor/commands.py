"""The shop-floor commands (`mfgxai card`, `mfgxai control-plan`), registered on `mfgxai` by `mfgxai.cli`, and what
every good run writes for the floor."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..runstore import RunFolder


def card(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p", help="One process only."),
         language: Optional[str] = typer.Option(None, "--language", "-l", help="ko or en (default: the "
                                                "engagement's)."),
         size: str = typer.Option("A4", "--size", help="A4, or A5 (without the defect rates)."),
         app_url: Optional[str] = typer.Option(None, "--app-url", help="The app address the QR code opens (default: "
                                               "MFGXAI_APP_URL, else the address `mfgxai app` prints, without token).")):
    """Print the one-page window card of the latest good run of each process, for the machine."""
    from ..cli.console import console
    from .card import write_card

    for run in _runs(slug, process):
        console.print(f"Wrote {write_card(run, language, size.upper(), app_url)}")


def control_plan(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p", help="One process only."),
                 language: Optional[str] = typer.Option(None, "--language", "-l", help="ko or en (default: the "
                                                        "engagement's).")):
    """Write the control-plan extract (XLSX and CSV, AIAG / IATF 16949 columns) of the latest good run of each
    process, prefilled from its operating windows."""
    from ..cli.console import console
    from .controlplan import write_control_plan

    for run in _runs(slug, process):
        for path in write_control_plan(run, language).values():
            console.print(f"Wrote {path}")


def _runs(slug: str, process: str | None) -> list[RunFolder]:
    from ..engagement import load_engagement
    from .sheet import chosen_run

    engagement = load_engagement(slug)
    names = [process] if process else list(engagement.processes)
    for name in names:
        engagement.process(name)
    return [chosen_run(engagement.slug, name) for name in names]


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
