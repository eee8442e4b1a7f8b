"""Reviewer reports: executed notebooks through our nbconvert template to offline HTML, printed to PDF."""
from __future__ import annotations

import csv
import html
import os
import re
import tempfile
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

import nbformat
import pandas as pd
from nbconvert.preprocessors import Preprocessor

from ..engagement.config import load_engagement
from ..engagement.runstore import RUN_ID, Manifest, Metrics, RunFolder, find_run, latest_good
from ..errors import MfgxaiError
from ..explain import actions
from ..explain.fonts import font_face_css
from ..i18n import MISSING, day, fixed, span, t
from ..ingest.validate import process_columns
from ..paths import jupyter_data_dir
from ..processes import get_spec
from .browser import BrowserError, destination_pages, print_pdf

TEMPLATE = "mfgxai_report"
FORMATS = ("html", "pdf")
FONT_SLOT = "/* fonts */"
PAGE_SLOT = re.compile(r"<!--page:([\w-]+)-->")
RUN_KEY = "mfgxai_run"
LANGUAGE_TAG = "lang-"  # a notebook cell in one language: lang-en, lang-ko
COMPARISON_TAG = "comparison"  # a cell of the section on what changed since the advice
COUNTS = ("rows_read", "rows_accepted", "rows_quarantined")
SHAPE_COLUMNS = ["feature", "category", "x_low", "x_high"]
RANGE_DIGITS = 6  # significant digits of the appendix's data ranges: the data's own precision
HEADING = re.compile(r"^#{1,3}[ \t]+(.+?)[ \t]*$", re.MULTILINE)
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


class ReportError(MfgxaiError):
    """A report that cannot be made (no good run, unknown format); run folders stay as they are."""


class Language(Preprocessor):
    """Keeps each run's prose in its run's language: a cell tagged `lang-<xx>` for another language is left out."""

    def preprocess(self, nb, resources):
        report = resources.get("report", {})
        languages = {run["anchor"]: run["language"] for run in report.get("runs", [])}
        nb.cells = [cell for cell in nb.cells
                    if _in_language(cell, languages.get(cell.metadata.get(RUN_KEY), report.get("language")))]
        return nb, resources


def _in_language(cell, language: str | None) -> bool:
    tagged = [tag for tag in cell.metadata.get("tags", []) if tag.startswith(LANGUAGE_TAG)]
    return not tagged or f"{LANGUAGE_TAG}{language}" in tagged


class Comparison(Preprocessor):
    """Leaves out the section on what changed since the advice (the cells tagged `comparison`) of a run that has
    no comparison: its code cells showed nothing, so its prose would stand alone."""

    def preprocess(self, nb, resources):
        compared = {cell.metadata.get(RUN_KEY) for cell in nb.cells
                    if COMPARISON_TAG in cell.metadata.get("tags", [])
                    and any(out.output_type in ("execute_result", "display_data") for out in cell.get("outputs", []))}
        nb.cells = [cell for cell in nb.cells if COMPARISON_TAG not in cell.metadata.get("tags", [])
                    or cell.metadata.get(RUN_KEY) in compared]
        return nb, resources


class Contents(Preprocessor):
    """Gives every heading an id and lists them for the contents; a run's first heading is its part title."""

    def preprocess(self, nb, resources):
        self.entries, self.parts = [], set()
        for cell in nb.cells:
            run = cell.metadata.get(RUN_KEY, "run")
            if cell.cell_type == "markdown":
                cell.source = self._anchor(cell.source, run)
            for output in cell.get("outputs", []):
                if "text/markdown" in output.get("data", {}):
                    output.data["text/markdown"] = self._anchor(output.data["text/markdown"], run)
        resources.setdefault("report", {})["contents"] = self.entries
        return nb, resources

    def _anchor(self, markdown: str, run: str) -> str:
        return HEADING.sub(lambda match: self._heading(match.group(1), run), markdown)

    def _heading(self, title: str, run: str) -> str:
        level = 2 if run in self.parts else 1
        self.parts.add(run)
        anchor = f"{run}-{len(self.entries) + 1}"
        title = MARKDOWN_ESCAPE.sub(r"\1", title)
        self.entries.append({"id": anchor, "title": title, "level": level})
        return f'<h{level} id="{anchor}" class="{"section" if level == 2 else "part"}">{html.escape(title)}</h{level}>'


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

    facts = [{**run, "process": process or run["process"]} for run in map(_run_facts, runs)]
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


def _run_facts(folder: Path) -> dict:
    """What the cover and the appendices show of one run, as rows ready to print."""
    run = RunFolder(folder)
    manifest = run.manifest()
    if not manifest.ok:
        raise ReportError(f"{folder} is a failed run; reports are made of good runs only.")
    metrics, quality = run.metrics(), run.quality()
    language = manifest.language
    say = partial(t, language=language)
    process = manifest.process
    spec = get_spec(process)
    label = spec.label(language)
    explanations = run.explanations()
    columns = _columns(folder, process)
    return {"anchor": process, "process": label, "client": manifest.client, "language": manifest.language,
            "run_id": manifest.run_id, "period": explanations.get("period"),
            "reliability": actions.reliability_words(metrics.model_dump(), language, spec.item(language)),
            **_cover_actions(explanations.get("actions"), columns, spec.item(language), language),
            "quality": [(say("files"), ", ".join(quality["files"])),
                        *((say(key), fixed(quality[key], language, 0)) for key in COUNTS)],
            "reasons": [(reason, fixed(count, language, 0)) for reason, count in quality["reasons"].items()],
            "notes": quality.get("notes", []),
            "ranges": _ranges(folder, process, columns, manifest.language),
            "manifest": _manifest_rows(manifest, metrics, label, say),
            "hashes": [(manifest.template["path"], manifest.template["sha256"]),
                       *((data["file"], data["sha256"]) for data in manifest.data),
                       (run.model_path.name, metrics.model_sha256)],
            "packages": sorted(manifest.packages.items()),
            "floor": _floor(run, language)}


def _floor(run: RunFolder, language: str) -> dict | None:
    """What the run wrote for the shop floor, as the report's appendix shows it: the window card's page (the A4 card
    in the run's language) and the control-plan extract's rows; none when the run wrote no control plan."""
    plan = run.control_plan_stem.with_suffix(".csv")
    if not plan.is_file():
        return None
    with open(plan, encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    card = run.card_stem(language, "A4").with_suffix(".html")
    return {"card": card.read_text(encoding="utf-8") if card.is_file() else None, "card_file": card.with_suffix(".pdf").name,
            "plan_files": f"{plan.with_suffix('.xlsx').name}, {plan.name}", "header": header, "rows": rows}


def _manifest_rows(manifest: Manifest, metrics: Metrics, label: str, say) -> list[tuple[str, str]]:
    """The run's identity, timing, parameters and settings (hashes and packages are tables of their own)."""
    return [(say("run_id"), manifest.run_id), (say("engagement"), manifest.engagement),
            (say("client"), manifest.client), (say("process"), f"{label} ({manifest.process})"),
            (say("started"), f"{datetime.fromisoformat(manifest.started):%Y-%m-%d %H:%M:%S}"),
            (say("duration"), say("seconds_value", seconds=manifest.seconds)), (say("status"), manifest.status),
            (say("parameters"), _listed(manifest.parameters)), (say("seed"), str(manifest.seed)),
            (say("model_settings"), _listed(metrics.settings))]


def _listed(values: dict) -> str:
    return ", ".join(f"{key} = {value}" for key, value in values.items())


def _columns(folder: Path, process: str) -> list:
    """The columns of the client's data for a run's process, as its engagement maps them."""
    config = load_engagement(folder.parents[2]).process(process)
    present = {*config.columns.values(), *config.extra_columns}
    return [column for column in process_columns(get_spec(process), config) if column.name in present]


def _cover_actions(ranking: dict | None, columns: list, item: str, language: str) -> dict:
    """The cover's ranked actions as table rows, and the note on how they were computed (or why there are none)."""
    if not ranking or not ranking["items"]:
        key = "actions_none" if ranking else "actions_old_run"
        return {"actions": [], "actions_note": t(key, language, item=item)}
    labels = {column.name: column.label(language, False) for column in columns}
    return {"actions": actions.table_rows(ranking, labels, language, item),
            "actions_note": actions.method_note(ranking, language, item)}


def _ranges(folder: Path, process: str, columns: list, language: str) -> list[tuple[str, str, str]]:
    """Per column of the client's data: the range its values had to lie in and what the training data spanned."""
    shapes = pd.DataFrame(RunFolder(folder).explanations()["shapes"], columns=SHAPE_COLUMNS)
    return [(column.label(language, False),
             *_column_ranges(column, shapes[shapes["feature"] == column.name], language))
            for column in columns if column.kind in ("number", "category")]


def _column_ranges(column, shape: pd.DataFrame, language: str) -> tuple[str, str]:
    """(allowed, observed): physical limits or known categories, and the span or categories the model saw."""
    if column.kind == "category":
        return tuple(", ".join(column.category(c, language) for c in values) or MISSING
                     for values in (column.categories, shape["category"].dropna()))
    seen = span(shape["x_low"].min(), shape["x_high"].max(), column.unit, language, RANGE_DIGITS)
    return span(column.low, column.high, column.unit, language, RANGE_DIGITS) or MISSING, seen or MISSING


def _day(iso: str | None, language: str) -> str:
    """A date in the report's language (today when none is given)."""
    return day(datetime.fromisoformat(iso) if iso else datetime.now(timezone.utc), language)


def _css_string(text: str) -> str:
    """A CSS string literal of text that can close neither its quotes nor the style element."""
    return '"' + "".join(c if c.isalnum() or c in " .,·—-_()" else f"\\{ord(c):x} " for c in text) + '"'
