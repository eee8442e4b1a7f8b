"""The `mfgxai` command: a thin layer over library calls; user errors print one clear message."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import MfgxaiError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Explainable AI for manufacturing engagements.")
console = Console(width=None if sys.stdout.isatty() else 120)
state = {"debug": False}


@app.callback()
def _options(debug: bool = typer.Option(False, "--debug", help="Show tracebacks.")):
    state["debug"] = debug


@app.command()
def new(client: str = typer.Argument(..., help="Client display name (any script)."),
        process: str = typer.Option(..., "--process", "-p", help="Production process of the file."),
        data: Path = typer.Option(..., "--data", "-d", help="The client's CSV, XLSX or Parquet file."),
        slug: Optional[str] = typer.Option(None, help="Folder name (derived from the client name by default)."),
        target: Optional[str] = typer.Option(None, help="Header of the result column, if not guessed."),
        language: Optional[str] = typer.Option(None, help="ko or en (default: ko for Korean names).")):
    """Create an engagement (or add a process to one) from a client's file."""
    from .scaffold import new_engagement

    folder, notes = new_engagement(client, process, data, slug=slug, target=target, language=language)
    console.print(f"Wrote [bold]{folder / 'engagement.yaml'}[/] (data copied to {folder / 'data'}).")
    for note in notes:
        console.print(f"  [yellow]check:[/] {note}")


@app.command()
def validate(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p")):
    """Check an engagement's data against its process specs, without modelling."""
    from .engagement import load_engagement
    from .validate import validate_process

    engagement = load_engagement(slug)
    for name in [process] if process else list(engagement.processes):
        quality = validate_process(engagement, name).quality()
        console.print(f"{slug}/{name}: {quality['rows_read']:,} rows read, {quality['rows_accepted']:,} accepted, "
                      f"{quality['rows_quarantined']:,} would be quarantined.")
        for reason, count in quality["reasons"].items():
            console.print(f"  {count:>6,} × {reason}")


@app.command()
def run(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p", help="One process only.")):
    """Run the process notebooks of an engagement into new run folders."""
    from .engagement import load_engagement
    from .runner import run_or_raise

    engagement = load_engagement(slug)
    results = []
    for name in [process] if process else list(engagement.processes):
        console.print(f"Running {slug}/{name} …")
        results.append(run_or_raise(slug, name, progress=True))
    _summary(results)


@app.command()
def demo(regenerate: bool = typer.Option(False, help="Rewrite the demo engagements' data files first.")):
    """Run every demo engagement × process and print a summary."""
    from .demo import DEMO_CLIENTS, write_demo_engagements
    from .engagement import engagement_dir
    from .runner import run_or_raise

    if regenerate or not all((engagement_dir(c[1]) / "engagement.yaml").exists() for c in DEMO_CLIENTS):
        write_demo_engagements()
    results = []
    for _, slug, _, processes in DEMO_CLIENTS:
        for process, _ in processes:
            console.print(f"Running {slug}/{process} …")
            results.append(run_or_raise(slug, process, progress=True))
    _summary(results)


def _summary(results) -> None:
    """One line per run: rows, EBM vs baseline on the held-out parts, seconds; then the run folders."""
    import json

    table = Table(title="Runs")
    for header in ("client", "process", "rows", "accepted", "quarantined", "EBM", "baseline", "seconds"):
        table.add_column(header, justify="left" if header in ("client", "process") else "right")
    for result in results:
        m, rows = result.manifest, result.manifest.get("rows", {})
        metrics = json.loads((result.folder / "metrics.json").read_text(encoding="utf-8"))
        key = metrics["primary"]
        table.add_row(m["client"], m["process"], f"{rows.get('rows_read', 0):,}", f"{rows.get('rows_accepted', 0):,}",
                      f"{rows.get('rows_quarantined', 0):,}", f"{key} {metrics['ebm'][key]:.3f}",
                      f"{key} {metrics['baseline'][key]:.3f}", f"{m['seconds']:.1f}")
    console.print(table)
    for result in results:
        console.print(f"  {result.manifest['engagement']}/{result.manifest['process']}: {result.folder}")


def main() -> None:
    try:
        app(prog_name="mfgxai")
    except MfgxaiError as exc:
        if state["debug"]:
            raise
        console.print(f"[red]Error:[/] {exc}")
        sys.exit(1)
