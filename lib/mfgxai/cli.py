"""The `mfgxai` command: a thin layer over library calls; user errors print one clear message."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import MfgxaiError
from .floor.commands import card, control_plan, for_the_floor
from .loop.commands import add, advise, compare

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

    from .scaffold import new_engagement

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


@app.command()
def validate(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p")):
    """Check an engagement's data against its process specs, without modelling; the rows that would be
    quarantined are written to engagements/<slug>/validation/<process>/quarantine.csv."""
    from rich.markup import escape

    from .engagement import load_engagement
    from .validate import check_modelable, validate_process

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

    from .runstore import QUARANTINE
    from .validate import write_quarantine

    folder.mkdir(parents=True, exist_ok=True)
    quarantine = write_quarantine(result, folder / QUARANTINE)
    quality = result.quality()
    console.print(f"{escape(label)} {quality['rows_read']:,} rows read, {quality['rows_accepted']:,} accepted, "
                  f"{quality['rows_quarantined']:,} {verb}"
                  + (f" (listed in {escape(str(quarantine))})." if len(result.quarantine) else "."))
    for reason in result.top_reasons(n=reasons):
        console.print(f"  {escape(reason)}")
    return quarantine


@app.command()
def run(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p", help="One process only.")):
    """Run the process notebooks of an engagement into new run folders."""
    from .engagement import load_engagement
    from .runner import run_or_raise

    engagement = load_engagement(slug)
    results = []
    for name in [process] if process else list(engagement.processes):
        console.print(f"Running {slug}/{name} …")
        results.append(_with_report(run_or_raise(slug, name, progress=True)))
    _summary(results)


@app.command()
def demo(regenerate: bool = typer.Option(False, help="Rewrite the demo engagements' data files first."),
         guidebooks: bool = typer.Option(True, help="Also build the guidebooks of the data sets present (en, ko).")):
    """Run every demo engagement × process, print a summary, then build the data-set guidebooks."""
    from .demo import DEMO_CLIENTS, write_demo_engagements
    from .engagement import engagement_dir
    from .runner import run_or_raise

    if regenerate or not all((engagement_dir(c[1]) / "engagement.yaml").exists() for c in DEMO_CLIENTS):
        write_demo_engagements()
    results = []
    for _, slug, _, processes in DEMO_CLIENTS:
        for process, _ in processes:
            console.print(f"Running {slug}/{process} …")
            results.append(_with_report(run_or_raise(slug, process, progress=True)))
    _summary(results)
    if guidebooks:
        from .catalogue import catalogue
        from .report import FORMATS

        for entry in catalogue().values():
            if entry.openable:
                for language in ("en", "ko"):
                    guidebook(entry.name, language, ",".join(FORMATS))
    console.print("\nEach client's web app (the address with its access token is printed on start):")
    for port, (client, slug, _, _) in enumerate(DEMO_CLIENTS, start=8866):
        console.print(f"  {client}: .venv/bin/mfgxai app {slug} --port {port}")


@app.command("notebooks")
def write_notebooks(check: bool = typer.Option(False, "--check", help="Only list the stale ones; exit 1 if any.")):
    """Write the shared sections (notebooks/shared-sections.ipynb) into every process notebook, around each
    notebook's own cells."""
    from .notebooks import SHARED, stale, write_all

    if check:
        behind = stale()
        for process in behind:
            console.print(f"notebooks/{process}.ipynb differs from notebooks/{SHARED}")
        raise typer.Exit(1 if behind else 0)
    written = write_all()
    console.print("\n".join(f"Wrote {path}" for path in written) or "Every process notebook is up to date.")


datasets_app = typer.Typer(help="The catalogue of public manufacturing data sets.")
app.add_typer(datasets_app, name="datasets")


@datasets_app.callback(invoke_without_command=True)
def datasets(context: typer.Context):
    """List the data sets: the synthetic demo processes and the real public ones, present in the data folder
    (MFGXAI_DATA) or missing, with where to get them."""
    if context.invoked_subcommand:
        return
    from .catalogue import catalogue, unopenable_reason
    from .demo import DEMO_CLIENTS, DEMO_ROWS
    from .paths import data_dir
    from .processes import get_spec

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
        table.add_row(entry.name, entry.process or "–", f"{entry.rows:,}", f"{entry.target} ({entry.target_kind})",
                      entry.licence, data, entry.url)
    console.print(table)
    for entry in (e for e in entries if not e.openable):
        console.print(Text(f"{entry.name}: {unopenable_reason(entry)}."), soft_wrap=True)


@datasets_app.command("open")
def datasets_open(name: str, language: str = typer.Option("en", help="ko or en."),
                  slug: Optional[str] = typer.Option(None, help="Engagement folder (default: from the name).")):
    """Create an engagement from a catalogued data set, the way a client's file is opened."""
    from .catalogue import open_dataset

    folder = open_dataset(name, language, slug)
    console.print(f"Wrote [bold]{folder / 'engagement.yaml'}[/]; run it with `mfgxai run {folder.name}`.")


@app.command()
def guidebook(name: str, language: str = typer.Option("en", "--language", "-l", help="ko or en."),
              formats: str = typer.Option("html,pdf", "--format", "-f", help="html, pdf or html,pdf.")):
    """Write a data set's guidebook (source, variables, quality, model, caveats, use), running it if needed."""
    from .guidebook import build_guidebook

    console.print(f"Guidebook {name} ({language}) …")
    for path in build_guidebook(name, language, tuple(formats.replace(" ", "").split(","))).values():
        console.print(f"Wrote {path}")


@app.command()
def batch(slugs: list[str] = typer.Argument(None, help="Engagements (default: all)."),
          process: Optional[str] = typer.Option(None, "--process", "-p", help="One process only."),
          workers: Optional[int] = typer.Option(None, "--workers", "-w", help="Parallel runs (default: cores)."),
          scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address, e.g. tcp://host:8786."),
          force: bool = typer.Option(False, "--force", help="Repeat runs whose data and template are unchanged."),
          reports: bool = typer.Option(True, "--reports/--no-reports", help="Write each new run's HTML and PDF "
                                       "report.")):
    """Run many engagements × processes in parallel; unchanged runs are skipped, failures reported."""
    from .batch import plan, run_batch
    from .progress import BatchProgress

    jobs = plan(slugs, process)
    with BatchProgress(console, len(jobs), workers or min(len(jobs), os.cpu_count() or 1)) as display:
        outcomes = run_batch(jobs, workers, scheduler, force, on_done=display.update, reports=reports)
    _batch_summary(outcomes)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


@app.command()
def portfolio():
    """Write the overview of all engagements (overview.csv and overview.html) and show it."""
    from .portfolio import overview, write_overview

    table = overview()
    if table.empty:
        console.print("No engagement has a good run yet: run `mfgxai batch` first.")
        return
    paths = write_overview(table)
    view = Table(title="Portfolio")
    for header in ("client", "process", "rows", "defect_rate", "ebm", "baseline", "settings_outside_window"):
        view.add_column(header)
    for row in table.itertuples():
        view.add_row(row.client, row.process, f"{row.rows:,}", f"{row.defect_rate:.1%}", f"{row.ebm:.3f}",
                     f"{row.baseline:.3f}", str(row.settings_outside_window))
    console.print(view)
    console.print(f"Wrote {paths['csv']} and {paths['html']}")


def _batch_summary(outcomes) -> None:
    table = Table(title="Batch")
    for header in ("engagement", "process", "status", "EBM", "baseline", "seconds", "note"):
        table.add_column(header, justify="right" if header == "seconds" else "left")
    for o in outcomes:
        m = o.metrics
        table.add_row(o.job.slug, o.job.process, o.status, f"{m['metric']} {m['ebm']:.3f}" if m else "",
                      f"{m['metric']} {m['baseline']:.3f}" if m else "", f"{o.seconds:.1f}", o.message)
    console.print(table)


@app.command()
def report(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p", help="One process only."),
           run: Optional[str] = typer.Option(None, "--run", help="One run id (default: the latest good run)."),
           formats: str = typer.Option("html,pdf", "--format", "-f", help="html, pdf or html,pdf.")):
    """Write report.html/.pdf of the latest good runs (or one run) and, for all processes, the portfolio."""
    from .report import export_reports

    for path in export_reports(slug, process, run, tuple(formats.replace(" ", "").split(","))):
        console.print(f"Wrote {path}")


def _with_report(result):
    """Export a finished run's HTML and PDF report; a report failure is said, the run stays as it is."""
    from .report import export_report

    try:
        paths = export_report(result.folder)
        console.print(f"  report: {', '.join(path.name for path in paths.values())} in {result.folder}")
    except Exception as exc:  # the run is complete and good: a report problem must not stop the batch
        if state["debug"]:
            raise
        console.print(f"  [yellow]Report not written:[/] {exc}\n  The run itself is complete; retry with "
                      f"`mfgxai report {result.manifest.engagement} --run {result.manifest.run_id}`.")
    console.print(Text(f"  {for_the_floor(result.folder)}"))
    return result


@app.command("app")
def serve_app(slug: str, port: int = typer.Option(8866, help="Port to listen on."),
              host: str = typer.Option("127.0.0.1", help="Address to listen on (this machine only by default)."),
              token: Optional[str] = typer.Option(None, help="Access token (default: a new random one)."),
              max_kernels: int = typer.Option(4, min=2, help="Most kernels (~250 MB each) at once, the spare "
                                                             "included; a page beyond takes the quietest one's.")):
    """Serve one engagement's web app to its client managers (Voilà, token required; Ctrl-C stops it)."""
    from .app import serve

    serve(slug, port, host, token, max_kernels,
          announce=lambda text: console.print(text, soft_wrap=True, highlight=False))


def _summary(results) -> None:
    """One line per run: rows, EBM vs baseline on the held-out parts, seconds; then the run folders."""
    table = Table(title="Runs")
    for header in ("client", "process", "rows", "accepted", "quarantined", "EBM", "baseline", "seconds"):
        table.add_column(header, justify="left" if header in ("client", "process") else "right")
    for result in results:
        m, rows = result.manifest, result.manifest.rows
        key, ebm, baseline = result.run.metrics().scores
        table.add_row(m.client, m.process, f"{rows.get('rows_read', 0):,}", f"{rows.get('rows_accepted', 0):,}",
                      f"{rows.get('rows_quarantined', 0):,}", f"{key} {ebm:.3f}", f"{key} {baseline:.3f}",
                      f"{m.seconds:.1f}")
    console.print(table)
    for result in results:
        console.print(f"  {result.manifest.engagement}/{result.manifest.process}: {result.folder}")


for command in (add, advise, compare, card):
    app.command()(command)
app.command("control-plan")(control_plan)


def main() -> None:
    try:
        app(prog_name="mfgxai")
    except MfgxaiError as exc:
        if state["debug"]:
            raise
        message = Text("Error: ", style="red").append(str(exc), style="default")  # '[kA]' in a message is text
        console.print(message, soft_wrap=True)  # a path in the message stays whole
        sys.exit(1)
