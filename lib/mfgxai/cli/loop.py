"""The consulting loop's commands: `mfgxai add` (the next file), `advise` (windows recorded as advice), `compare`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer


def _only_process(slug: str, process: Optional[str]) -> str:
    from ..engagement.config import load_engagement
    from ..errors import EngagementError

    names = list(load_engagement(slug).processes)
    if process is None and len(names) > 1:
        raise EngagementError(f"{slug} has several processes ({', '.join(names)}): name one with --process.")
    return process or names[0]


def add(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p"),
        data: Path = typer.Option(..., "--data", "-d", help="The client's new file (same export as before).")):
    """Add the client's next file to a process: earlier files stay; the new one is checked on its own first and its
    rejected rows listed in engagements/<slug>/validation/<process>/<file>/quarantine.csv."""
    from ..engagement.config import load_engagement
    from ..loop.drops import add_drop
    from .console import console
    from .intake import report_checked

    process = _only_process(slug, process)
    checked = add_drop(slug, process, data)
    report_checked(f"{slug}/{process}: added data/{data.name} —", checked,
                   load_engagement(slug).folder / "validation" / process / data.name, "quarantined", reasons=5)
    console.print(f"Next: `mfgxai run {slug} --process {process}`, then `mfgxai compare {slug} --process {process}`.")


def advise(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p"),
           note: str = typer.Option("", help="What was agreed with the client, in a sentence."),
           run: Optional[str] = typer.Option(None, help="The run to take the windows from (default: the latest good)."),
           ):
    """Record the operating windows of a run as the advice given to the client (never re-estimated later)."""
    from rich.markup import escape

    from ..i18n import span
    from ..loop.advice import advise as record
    from .console import console

    process = _only_process(slug, process)
    advice, path = record(slug, process, note, run)
    console.print(f"{slug}/{process}: advice of run {advice.run_id} recorded in {escape(str(path))}")
    for w in advice.windows:
        console.print(f"  {w.feature}: {span(w.low, w.high, w.unit, 'en')}")


def compare(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p"),
            as_json: bool = typer.Option(False, "--json", help="Print every figure as JSON.")):
    """The data since the advice against the data it was drawn from: drift, the model on the new data, the defect
    rate before and after, adoption of each window, in words (kept as comparison.json in the latest run)."""
    from rich.markup import escape

    from ..loop.compare import compare as figures_of
    from ..loop.compare import save_comparison
    from .console import console

    process = _only_process(slug, process)
    figures = figures_of(slug, process)
    save_comparison(slug, process, figures)
    if as_json:
        typer.echo(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
        return
    console.print(f"{slug}/{process}: since the advice of {figures['advice']['advised'][:10]} "
                  f"(run {figures['advice']['run_id']}; new files: {escape(', '.join(figures['after_files']))})")
    for sentence in figures["verdicts"]:
        console.print(f"  {escape(sentence)}")
