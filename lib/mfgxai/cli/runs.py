"""Running process notebooks and what follows a run: `run`, `demo`, `batch`, `report`, `portfolio`, `app`,
and `notebooks` that writes the shared sections into each process notebook."""
from __future__ import annotations

import os
from typing import Optional

import typer
from rich.table import Table
from rich.text import Text

from ..floor import for_the_floor
from .catalogue import guidebook
from .console import console, state


def run(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p", help="One process only.")):
    """Run the process notebooks of an engagement into new run folders."""
    from ..engagement.config import load_engagement
    from ..run.runner import run_or_raise

    engagement = load_engagement(slug)
    results = []
    for name in [process] if process else list(engagement.processes):
        console.print(f"Running {slug}/{name} …")
        results.append(_with_report(run_or_raise(slug, name, progress=True)))
    _summary(results)


def demo(regenerate: bool = typer.Option(False, help="Rewrite the demo engagements' data files first."),
         guidebooks: bool = typer.Option(False, help="Also build the guidebooks of the catalogue's data sets present "
                                         "(en, ko; about an hour on 2 cores).")):
    """Write the demo engagements if missing, run every demo engagement × process, print a summary and go once round
    the consulting loop (the data-set guidebooks too with --guidebooks)."""
    from ..demo.clients import DEMO_CLIENTS, write_demo_engagements
    from ..engagement.config import engagement_dir
    from ..run.runner import run_or_raise

    if regenerate or not all((engagement_dir(c[1]) / "engagement.yaml").exists() for c in DEMO_CLIENTS):
        write_demo_engagements()
    results = []
    for _, slug, _, processes in DEMO_CLIENTS:
        for process, _ in processes:
            console.print(f"Running {slug}/{process} …")
            results.append(_with_report(run_or_raise(slug, process, progress=True)))
    _summary(results)
    _demo_loop()
    if guidebooks:
        from ..ingest.catalogue import catalogue
        from ..publish.report import FORMATS

        for entry in catalogue().values():
            if entry.openable:
                for language in ("en", "ko"):
                    guidebook(entry.name, language, ",".join(FORMATS))
    console.print("\nEach client's web app (the address with its access token is printed on start):")
    for port, (client, slug, _, _) in enumerate(DEMO_CLIENTS, start=8866):
        console.print(f"  {client}: .venv/bin/mfgxai app {slug} --port {port}")


def _demo_loop() -> None:
    """The consulting loop once for one demo client and process: the run just made is recorded as the advice, the
    next six months' file (generated with the advice followed) is added, the process runs again and the comparison's
    verdicts are printed. Done once: a later demo runs on both files and prints its comparison."""
    import json
    import tempfile

    from rich.markup import escape

    from ..demo.clients import DEMO_CLIENTS, DEMO_LOOP, write_next_period
    from ..engagement.config import load_engagement
    from ..engagement.runstore import latest_good
    from ..loop.advice import advise
    from ..loop.drops import add_drop
    from ..run.runner import run_or_raise

    number, process, file_name, note = DEMO_LOOP
    slug = DEMO_CLIENTS[number][1]
    engagement = load_engagement(slug)
    console.print(f"\nThe consulting loop for {slug}/{process}:")
    if f"data/{file_name}" not in engagement.process(process).data:
        advice, path = advise(slug, process, note)
        console.print(f"  advice of run {advice.run_id} recorded in {escape(str(path.relative_to(engagement.folder)))}")
        with tempfile.TemporaryDirectory() as scratch:
            checked = add_drop(slug, process, write_next_period(scratch))
        quality = checked.quality()
        console.print(f"  added data/{escape(file_name)} (the next six months, advice followed): "
                      f"{quality['rows_read']:,} rows read, {quality['rows_accepted']:,} accepted")
        console.print(f"  Running {slug}/{process} again on both files …")
        _with_report(run_or_raise(slug, process, progress=True))
    run = latest_good(slug, process)
    if run is None or not run.comparison_path.exists():
        console.print("  [yellow]No comparison in the latest run.[/]")
        return
    figures = json.loads(run.comparison_path.read_text(encoding="utf-8"))
    console.print(f"  since the advice of {figures['advice']['advised'][:10]} (run {figures['advice']['run_id']}; "
                  f"new files: {escape(', '.join(figures['after_files']))}), kept in "
                  f"{escape(str(run.comparison_path.relative_to(engagement.folder)))}:")
    for sentence in figures["verdicts"]:
        console.print(f"  {escape(sentence)}")


def write_notebooks(check: bool = typer.Option(False, "--check", help="Only list the stale ones; exit 1 if any.")):
    """Write the shared sections (notebooks/shared-sections.ipynb) into every process notebook, around each
    notebook's own cells."""
    from ..run.notebooks import SHARED, stale, write_all

    if check:
        behind = stale()
        for process in behind:
            console.print(f"notebooks/{process}.ipynb differs from notebooks/{SHARED}")
        raise typer.Exit(1 if behind else 0)
    written = write_all()
    console.print("\n".join(f"Wrote {path}" for path in written) or "Every process notebook is up to date.")


def batch(slugs: list[str] = typer.Argument(None, help="Engagements (default: all)."),
          process: Optional[str] = typer.Option(None, "--process", "-p", help="One process only."),
          workers: Optional[int] = typer.Option(None, "--workers", "-w", help="Parallel runs (default: cores)."),
          scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address, e.g. tcp://host:8786."),
          force: bool = typer.Option(False, "--force", help="Repeat runs whose data and template are unchanged."),
          reports: bool = typer.Option(True, "--reports/--no-reports", help="Write each new run's HTML and PDF "
                                       "report.")):
    """Run many engagements × processes in parallel; unchanged runs are skipped, failures reported."""
    from ..centre.batch import plan, run_batch
    from ..run.progress import BatchProgress

    jobs = plan(slugs, process)
    with BatchProgress(console, len(jobs), workers or min(len(jobs), os.cpu_count() or 1)) as display:
        outcomes = run_batch(jobs, workers, scheduler, force, on_done=display.update, reports=reports)
    _batch_summary(outcomes)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


def portfolio(language: str = typer.Option("en", "--language", "-l", help="The centre's language: en or ko.")):
    """Write the centre's overview of all engagements (overview.csv, and overview.html in the centre's language)
    and show it."""
    from ..centre.portfolio import overview, write_overview

    table = overview()
    if table.empty:
        console.print("No engagement has a good run yet: run `mfgxai batch` first.")
        return
    paths = write_overview(table, language=language)
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


def report(slug: str, process: Optional[str] = typer.Option(None, "--process", "-p", help="One process only."),
           run: Optional[str] = typer.Option(None, "--run", help="One run id (default: the latest good run)."),
           formats: str = typer.Option("html,pdf", "--format", "-f", help="html, pdf or html,pdf.")):
    """Write report.html/.pdf of the latest good runs (or one run) and, for all processes, the portfolio."""
    from ..publish.report import export_reports

    for path in export_reports(slug, process, run, tuple(formats.replace(" ", "").split(","))):
        console.print(f"Wrote {path}")


def _with_report(result):
    """Write a finished run's card and control plan, then its HTML and PDF report (whose appendix shows them); a
    failure is said, the run stays as it is."""
    from ..publish.report import export_report

    console.print(Text(f"  {for_the_floor(result.folder)}"))
    try:
        paths = export_report(result.folder)
        console.print(f"  report: {', '.join(path.name for path in paths.values())} in {result.folder}")
    except Exception as exc:  # the run is complete and good: a report problem must not stop the batch
        if state["debug"]:
            raise
        console.print(f"  [yellow]Report not written:[/] {exc}\n  The run itself is complete; retry with "
                      f"`mfgxai report {result.manifest.engagement} --run {result.manifest.run_id}`.")
    return result


def serve_app(slug: str, port: int = typer.Option(8866, help="Port to listen on."),
              host: str = typer.Option("127.0.0.1", help="Address to listen on (this machine only by default)."),
              token: Optional[str] = typer.Option(None, help="Access token (default: a new random one)."),
              max_kernels: int = typer.Option(4, min=2, help="Most kernels (~250 MB each) at once, the spare "
                                                             "included; a page beyond takes the quietest one's.")):
    """Serve one engagement's web app to its client managers (Voilà, token required; Ctrl-C stops it)."""
    from ..app.serve import serve

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
