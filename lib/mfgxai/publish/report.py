"""Reviewer reports: executed notebooks through our nbconvert template to offline HTML, printed to PDF."""
from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

import nbformat

from ..engagement.config import load_engagement
from ..engagement.runstore import RUN_ID, RunFolder, find_run, latest_good
from ..explain import actions
from ..explain.fonts import font_face_css
from ..i18n import day, t
from ..paths import jupyter_data_dir
from .appendix import ReportError, run_facts
from .browser import BrowserError, destination_pages, print_pdf
from .cells import RUN_KEY

TEMPLATE = "mfgxai_report"
FORMATS = ("html", "pdf")
FONT_SLOT = "/* fonts */"
PAGE_SLOT = re.compile(r"<!--page:([\w-]+)-->")


def export_report(run_folder: str | Path, formats=FORMATS) -> dict[str, Path]:
    """report.html and/or report.pdf of one good run, written into its run folder."""
    run = RunFolder(Path(run_folder))
    return _export([run.path], run.report_stem, formats)


def export_portfolio(slug: str, formats=FORMATS) -> dict[str, Path]:
    """One report over the latest good run of each process: engagements/<slug>/reports/portfolio.*."""
    engagement = load_engagement(slug)
    runs = [run.path for process in engagement.processes if (run := latest_good(engagement.slug, process))]
    if not runs:
        raise ReportError(f"{slug} has no good run yet: run `mfgxai run {slug}` first.")
    return _export(runs, engagement.folder / "reports" / "portfolio", formats)


def export_reports(slug: str, process: str | None = None, run: str | None = None, formats=FORMATS) -> list[Path]:
    """Reports of the chosen runs, plus the portfolio when neither a process nor a run is named."""
    paths = [path for folder in _chosen_runs(slug, process, run) for path in export_report(folder, formats).values()]
    if not process and not run:
        paths.extend(export_portfolio(slug, formats).values())
    return paths


def _chosen_runs(slug: str, process: str | None = None, run: str | None = None) -> list[Path]:
    """A named run, else the latest good run of the named process or of every process that has one."""
    engagement = load_engagement(slug)
    processes = [process] if process else list(engagement.processes)
    for name in processes:
        engagement.process(name)
    if run:
        if not RUN_ID.fullmatch(run):
            raise ReportError(f"'{run}' is not a run id (e.g. 20260101T120000Z-1a2b3c).")
        found = [folder.path for name in processes if (folder := find_run(engagement.slug, name, run))]
        if not found:
            raise ReportError(f"{slug} has no run {run} (runs are in {engagement.folder / 'runs'}).")
        return found
    latest = [folder.path for name in processes if (folder := latest_good(engagement.slug, name))]
    if not latest:
        raise ReportError(f"{slug} has no good run of {', '.join(processes)} yet: run `mfgxai run {slug}` first.")
    return latest


def _export(runs: list[Path], stem: Path, formats) -> dict[str, Path]:
    _check_formats(formats)
    return write_page(render_html(runs), stem, formats)


def _check_formats(formats) -> None:
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ReportError(f"Unknown report format {sorted(unknown) or formats}; use html, pdf or both.")


def write_page(page: str, stem: Path, formats=FORMATS) -> dict[str, Path]:
    """Write <stem>.html/.pdf: drafted in a hidden folder beside them, moved into place only when complete."""
    _check_formats(formats)
    stem.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{stem.name}-", dir=stem.parent) as scratch:
        draft = Path(scratch) / f"{stem.name}.html"
        draft.write_text(page, encoding="utf-8")
        drafts = {"html": draft} if "html" in formats else {}
        if "pdf" in formats:
            try:
                drafts["pdf"] = _print(draft)
            except BrowserError as exc:
                html_path = _place(draft, stem.with_suffix(".html"))
                raise BrowserError(f"{exc} The HTML report was written: {html_path}") from exc
        return {kind: _place(path, stem.with_suffix(f".{kind}")) for kind, path in drafts.items()}


def _print(draft: Path) -> Path:
    """Print the draft to PDF, then once more with the page of each contents entry filled in."""
    pdf = print_pdf(draft, draft.with_suffix(".pdf"))
    pages = destination_pages(pdf)
    if pages:
        page = PAGE_SLOT.sub(lambda slot: str(pages.get(slot.group(1), "")), draft.read_text(encoding="utf-8"))
        draft.write_text(page, encoding="utf-8")
        print_pdf(draft, pdf)
    return pdf


def _place(draft: Path, target: Path) -> Path:
    os.replace(draft, target)
    return target


def render_html(runs: list[Path], kind: str = "", client: str = "", before: list | None = None,
                process: str = "") -> str:
    """The page of runs: cover (kind, name and the process's own name may be given), contents, `before` cells,
    outputs, appendices."""
    from nbconvert import HTMLExporter

    facts = [{**run, "process": process or run["process"]} for run in map(run_facts, runs)]
    client, language = client or facts[0]["client"], facts[0]["language"]
    say = partial(t, language=language)
    processes = " · ".join(run["process"] for run in facts)
    kind = kind or say("portfolio_report" if len(runs) > 1 else "run_report")
    periods = [run["period"] for run in facts if run["period"]]
    period = (f"{_day(min(p[0] for p in periods), language)} – {_day(max(p[1] for p in periods), language)}"
              if periods else "")
    report = {"language": language, "t": say, "kind": kind, "client": client, "processes": processes,
              "title": f"{client} — {processes} — {kind}", "running_head": _css_string(f"{client} · {processes}"),
              "period": period, "actions_header": [say(k) for k in actions.COLUMNS],
              "cover": [(say("run_id"), ", ".join(run["run_id"] for run in facts)),
                        (say("report_date"), _day(None, language)), (say("report_language"), say("language_name"))],
              "runs": facts}
    templates = jupyter_data_dir() / "nbconvert" / "templates"
    exporter = HTMLExporter(template_name=TEMPLATE, extra_template_basedirs=[str(templates)])
    page, _ = exporter.from_notebook_node(_report_notebook(runs, before or []), resources={"report": report})
    return page.replace(FONT_SLOT, font_face_css(page), 1)


def _report_notebook(runs: list[Path], before: list):
    """The runs' executed notebooks one after another (after `before`), each cell marked with its run's process."""
    notebooks = [nbformat.read(RunFolder(folder).notebook_path, as_version=4) for folder in runs]
    for folder, notebook in zip(runs, notebooks):
        for cell in notebook.cells:
            cell.metadata[RUN_KEY] = folder.parent.name
            if "id" in cell:
                cell.id = f"{folder.parent.name}-{cell.id}"[:64]
    merged = notebooks[0]
    merged.cells = [*before, *(cell for notebook in notebooks for cell in notebook.cells)]
    return merged


def _day(iso: str | None, language: str) -> str:
    """A date in the report's language (today when none is given)."""
    return day(datetime.fromisoformat(iso) if iso else datetime.now(timezone.utc), language)


def _css_string(text: str) -> str:
    """A CSS string literal of text that can close neither its quotes nor the style element."""
    return '"' + "".join(c if c.isalnum() or c in " .,·—-_()" else f"\\{ord(c):x} " for c in text) + '"'
