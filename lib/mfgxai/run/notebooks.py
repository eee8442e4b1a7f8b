"""The process notebooks from one place: the sections every process shares live in
notebooks/shared-sections.ipynb, each process notebook keeps its own cells (tagged `own-head`, `own-view`),
and `mfgxai notebooks` writes every process notebook as its own cells around the shared ones."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

from ..i18n import field
from ..paths import notebook_template, notebooks_dir
from ..processes import get_spec, process_names

SHARED = "shared-sections.ipynb"
HEAD, VIEW = "own-head", "own-view"  # a process's intro and parameters; its domain view
VIEW_SLOT = "slot-own-view"  # where in the shared sections the process's domain view goes
SHARED_ONLY = "shared-only"  # the shared sections' own introduction, not copied
LANGUAGE = "lang-"  # a markdown cell in one language: lang-en, lang-ko
ITEM = re.compile(r"\{item(?::([^{}]*))?\}")  # the process's word for what a row is made on: {item}, {item:capital}


def shared_sections() -> nbformat.NotebookNode:
    return nbformat.read(notebooks_dir() / SHARED, as_version=4)


def built(process: str, shared: nbformat.NotebookNode | None = None) -> nbformat.NotebookNode:
    """The process notebook as it should be: its head cells, the shared sections with its view in the slot."""
    notebook = nbformat.read(notebook_template(process), as_version=4)
    own = {tag: [c for c in notebook.cells if tag in c.metadata.get("tags", [])] for tag in (HEAD, VIEW)}
    cells = [*own[HEAD]]
    for cell in (shared or shared_sections()).cells:
        tags = cell.metadata.get("tags", [])
        cells.extend(own[VIEW] if VIEW_SLOT in tags else [] if SHARED_ONLY in tags else [_own_words(cell, process)])
    notebook.cells = cells
    for number, cell in enumerate(cells):
        cell.id = f"{process}-{number:02d}"
    return notebook


def _own_words(cell: nbformat.NotebookNode, process: str) -> nbformat.NotebookNode:
    """A shared cell in the process's words: `{item}` in its prose becomes the spec's part or cell in the cell's
    language ('{item:capital}', '{item:을}' as in the message catalogue)."""
    copy = nbformat.from_dict(cell)
    language = next((tag[len(LANGUAGE):] for tag in copy.metadata.get("tags", []) if tag.startswith(LANGUAGE)), None)
    if copy.cell_type == "markdown" and language:
        item = get_spec(process).item(language)
        copy.source = ITEM.sub(lambda found: field(item, found[1] or "", language), copy.source)
    return copy


def sources(notebook: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    """What a reader sees of a notebook: each cell's kind, text and tags."""
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in notebook.cells]


def stale() -> list[str]:
    """The process notebooks whose shared sections differ from notebooks/shared-sections.ipynb."""
    return [p for p in process_names()
            if sources(built(p)) != sources(nbformat.read(notebook_template(p), as_version=4))]


def write_all() -> list[Path]:
    """Rewrite every stale process notebook from its own cells and the shared sections; returns those written."""
    written = []
    for process in stale():
        nbformat.write(built(process), notebook_template(process))
        written.append(notebook_template(process))
    return written
