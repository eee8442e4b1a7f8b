"""Taking a client's file in: `mfgxai new` (the column map it guessed) and `mfgxai validate`."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table
from rich.text import Text

from .console import console


def new(client: str = typer.Argument(..., help="Client display name (any script)."),
        process: str = typer.Option(..., "--process", "-p", help="Production process of the file."),
        data: Path = typer.Option(..., "--data", "-d", help="The client's CSV, XLSX or Parquet file."),
        slug: Optional[str] = typer.Option(None, help="Folder name of a new engagement (default: from the client "
                                           "name, Korean romanised)."),
        into: Optional[str] = typer.Option(None, help="Add the process to this existing engagement of the same "
                                           "client instead."),
        replace: bool = typer.Option(False, "--replace", help="With --into: replace a process it already has "
                                     "(its old data files are kept in data/replaced-<time>/)."),
        target: Optional[str] = typer.Option(None, help="Header of the result column, if not guessed."),
        language: Optional[str] = typer.Option(None, help="ko or en (default: ko when the client name or the "
                                               "file's headers are Korean; with --into, the engagement's)."),
        sheet: Optional[str] = typer.Option(None, help="Worksheet of an Excel file (default: the first)."),
        positive: Optional[list[str]] = typer.Option(None, help="A label of the result column that means a defect "
                                                     "(repeat for several; alone: every other label is good)."),
        negative: Optional[list[str]] = typer.Option(None, help="A label that means a good part (repeat for "
                                                     "several; alone: every other label is a defect).")):
    """Create an engagement from a client's file (or add a process to one with --into)."""
    from rich.markup import escape

    from ..ingest.scaffold import new_engagement

    folder, notes = new_engagement(client, process, data, slug=slug, target=target, language=language, sheet=sheet,
                                   into=into, replace=replace, positive=positive, negative=negative,
                                   report=_print_map)
    action = f"Added {escape(process)} to" if into else "Wrote"
    console.print(f"{action} [bold]{escape(str(folder / 'engagement.yaml'))}[/] "
                  f"(data copied to {escape(str(folder / 'data'))}).")
    for note in notes:  # headers such as 'Current [kA]' are text, not markup
        console.print(f"  [yellow]check:[/] {escape(note)}")


def _print_map(matches) -> None:
    """The column map `new` guessed: client header, canonical column, how it matched, unit conversion."""
    table = Table(title="Column map", title_justify="left")
    for heading in ("client header", "column", "matched", "unit conversion"):
        table.add_column(heading)
    for m in matches:
        style = "" if m.sure else "yellow"
        table.add_row(*(Text(cell) for cell in (m.header, m.canonical, m.how, m.conversion)), style=style)
    console.print(table)
    if not all(m.sure for m in matches):
        console.print("  [yellow]check:[/] the yellow rows were guessed; each is marked '# check' in engagement.yaml")


def validate(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p")):
    """Check an engagement's data against its process specs, without modelling; the rows that would be
    quarantined are written to engagements/<slug>/validation/<process>/quarantine.csv."""
    from rich.markup import escape

    from ..engagement.config import load_engagement
    from ..ingest.validate import check_modelable, validate_process

    engagement = load_engagement(slug)
    for name in [process] if process else list(engagement.processes):
        result = validate_process(engagement, name, check=False)
        quarantine = report_checked(f"{slug}/{name}:", result, engagement.folder / "validation" / name,
                                    "would be quarantined", reasons=10)
        quality = result.quality()
        for note in quality["notes"]:
            console.print(f"  [dim]read:[/] {escape(note)}")
        for warning in quality["warnings"]:
            console.print(f"  [yellow]warning:[/] {escape(warning)}")
        check_modelable(result, engagement, name, quarantine)


def report_checked(label: str, result, folder: Path, verb: str, reasons: int) -> Path:
    """Write a check's rejected rows to `folder`/quarantine.csv and print its counts and top reasons."""
    from rich.markup import escape

    from ..engagement.runstore import QUARANTINE
    from ..ingest.validate import write_quarantine

    folder.mkdir(parents=True, exist_ok=True)
    quarantine = write_quarantine(result, folder / QUARANTINE)
    quality = result.quality()
    console.print(f"{escape(label)} {quality['rows_read']:,} rows read, {quality['rows_accepted']:,} accepted, "
                  f"{quality['rows_quarantined']:,} {verb}"
                  + (f" (listed in {escape(str(quarantine))})." if len(result.quarantine) else "."))
    for reason in result.top_reasons(n=reasons):
        console.print(f"  {escape(reason)}")
    return quarantine
