"""The shop-floor commands: `mfgxai card` (the one-page window card) and `mfgxai control-plan`."""
from __future__ import annotations

from typing import Optional

import typer

from ..engagement.runstore import RunFolder


def card(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p", help="One process only."),
         language: Optional[str] = typer.Option(None, "--language", "-l", help="ko or en (default: the "
                                                "engagement's)."),
         size: str = typer.Option("A4", "--size", help="A4, or A5 (without the defect rates)."),
         app_url: Optional[str] = typer.Option(None, "--app-url", help="The app address the QR code opens (default: "
                                               "MFGXAI_APP_URL, else the address `mfgxai app` prints, without token).")):
    """Print the one-page window card of the latest good run of each process, for the machine."""
    from ..floor.card import write_card
    from .console import console

    for run in _runs(slug, process):
        console.print(f"Wrote {write_card(run, language, size.upper(), app_url)}")


def control_plan(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p", help="One process only."),
                 language: Optional[str] = typer.Option(None, "--language", "-l", help="ko or en (default: the "
                                                        "engagement's).")):
    """Write the control-plan extract (XLSX and CSV, AIAG / IATF 16949 columns) of the latest good run of each
    process, prefilled from its operating windows."""
    from ..floor.controlplan import write_control_plan
    from .console import console

    for run in _runs(slug, process):
        for path in write_control_plan(run, language).values():
            console.print(f"Wrote {path}")


def _runs(slug: str, process: str | None) -> list[RunFolder]:
    from ..engagement.config import load_engagement
    from ..floor.sheet import chosen_run

    engagement = load_engagement(slug)
    names = [process] if process else list(engagement.processes)
    for name in names:
        engagement.process(name)
    return [chosen_run(engagement.slug, name) for name in names]
