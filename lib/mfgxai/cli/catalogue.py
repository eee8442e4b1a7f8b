"""The catalogue of public data sets: `mfgxai datasets` (present or missing, where to get them), `datasets open`
and `guidebook`."""
from __future__ import annotations

from typing import Optional

import typer
from rich.table import Table
from rich.text import Text

from .console import console

datasets_app = typer.Typer(help="The catalogue of public manufacturing data sets.")


@datasets_app.callback(invoke_without_command=True)
def datasets(context: typer.Context):
    """List the data sets: the synthetic demo processes and the real public ones, present in the data folder
    (MFGXAI_DATA) or missing, with where to get them."""
    if context.invoked_subcommand:
        return
    from ..demo.clients import DEMO_CLIENTS, DEMO_ROWS
    from ..ingest.catalogue import catalogue, unopenable_reason
    from ..paths import data_dir
    from ..processes import get_spec

    table = Table(title=f"Data sets (files read from {data_dir()}; MFGXAI_DATA sets the folder)")
    table.add_column("name", no_wrap=True)
    for header in ("process", "rows", "target", "licence", "data", "source"):
        table.add_column(header, justify="right" if header == "rows" else "left", overflow="fold")
    for _, slug, _, processes in DEMO_CLIENTS:
        for process, file_name in processes:
            table.add_row(f"{slug}/{process}", process, f"{DEMO_ROWS:,}", get_spec(process).target.en,
                          "synthetic (mfgxai)", "made by mfgxai", f"demo: {file_name}")
    entries = catalogue().values()
    for entry in entries:
        data = {"present": "present" if entry.openable else "present, listed only"}.get(entry.status, entry.status)
        process = f"{entry.process} ({entry.process_name.en})" if entry.process_name else entry.process or "–"
        table.add_row(entry.name, process, f"{entry.rows:,}", f"{entry.target} ({entry.target_kind})",
                      entry.licence, data, entry.url)
    console.print(table)
    for entry in (e for e in entries if not e.openable):
        console.print(Text(f"{entry.name}: {unopenable_reason(entry)}."), soft_wrap=True)


@datasets_app.command("open")
def datasets_open(name: str, language: str = typer.Option("en", help="ko or en."),
                  slug: Optional[str] = typer.Option(None, help="Engagement folder (default: from the name).")):
    """Create an engagement from a catalogued data set, the way a client's file is opened."""
    from ..ingest.catalogue import open_dataset

    folder = open_dataset(name, language, slug)
    console.print(f"Wrote [bold]{folder / 'engagement.yaml'}[/]; run it with `mfgxai run {folder.name}`.")


def guidebook(name: str, language: str = typer.Option("en", "--language", "-l", help="ko or en."),
              formats: str = typer.Option("html,pdf", "--format", "-f", help="html, pdf or html,pdf.")):
    """Write a data set's guidebook (source, variables, quality, model, caveats, use), running it if needed."""
    from ..publish.guidebook import build_guidebook

    console.print(f"Guidebook {name} ({language}) …")
    for path in build_guidebook(name, language, tuple(formats.replace(" ", "").split(","))).values():
        console.print(f"Wrote {path}")
