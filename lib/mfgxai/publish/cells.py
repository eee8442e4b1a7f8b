"""The report's notebook filters (nbconvert preprocessors named in the report template's conf.json): each run's
language, the since-advice section only where there is a comparison, no section whose charts the data cannot draw,
and numbered headings for the contents."""
from __future__ import annotations

import html
import re

from nbconvert.preprocessors import Preprocessor

from ..explain.display import ABSENT_KEY

RUN_KEY = "mfgxai_run"  # the metadata key marking each cell with its run's process
LANGUAGE_TAG = "lang-"  # a notebook cell in one language: lang-en, lang-ko
COMPARISON_TAG = "comparison"  # a cell of the section on what changed since the advice
HEADING = re.compile(r"^#{1,3}[ \t]+(.+?)[ \t]*$", re.MULTILINE)
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


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


class Unavailable(Preprocessor):
    """Leaves out a section whose every chart gave way to a note that the data lacks its columns (the weldability
    lobe of welds that have no weld current or time): its heading and prose would describe a chart not there."""

    def preprocess(self, nb, resources):
        sections, kept = [], []
        for cell in nb.cells:
            if not sections or _starts_section(cell) or cell.metadata.get(RUN_KEY) != sections[-1][0].metadata.get(
                    RUN_KEY):
                sections.append([])
            sections[-1].append(cell)
        for section in sections:
            shown = [out for cell in section for out in cell.get("outputs", [])
                     if out.output_type in ("execute_result", "display_data")]
            if not shown or not all(_absent(out) for out in shown):
                kept.extend(section)
        nb.cells = kept
        return nb, resources


def _starts_section(cell) -> bool:
    return cell.cell_type == "markdown" and bool(HEADING.match(cell.source))


def _absent(output) -> bool:
    """Whether an output is only the note that the data lacks a chart's columns."""
    return bool(output.get("metadata", {}).get("text/markdown", {}).get(ABSENT_KEY))


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
