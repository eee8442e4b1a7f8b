"""The data-set catalogue: public manufacturing data, one declarative dataset.yaml per data set."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .engagement import ExtraColumn, engagement_dir, load_engagement
from .errors import MfgxaiError
from .paths import datasets_dir, shared_datasets_dir
from .scaffold import new_engagement, write_engagement_yaml

IgnoreReason = Literal["id", "leakage", "constant"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Text(_Strict):
    """The same text in English and Korean."""

    en: str
    ko: str

    def __call__(self, language: str) -> str:
        return self.ko if language == "ko" else self.en


class DatasetEntry(_Strict):
    """One data set: its file, source and licence, and how its columns map onto a process."""

    name: str
    title: Text
    process: str | None = None
    file: str
    bundled: bool = True
    rows: int
    licence: str
    source: str
    url: str
    provenance: Text
    about: Text
    target: str
    target_kind: Literal["binary", "continuous", "multiclass"] = "binary"  # multiclass: listed, not opened
    positive: list[str] = []
    negative: list[str] = []
    columns: dict[str, str] = {}
    extra_columns: dict[str, ExtraColumn] = {}
    ignore: dict[str, IgnoreReason] = {}
    group_by: list[str] = []
    caveats: list[Text] = []

    @property
    def path(self) -> Path:
        """The data file: in the repository when bundled, else beside it in the shared data sets."""
        return (datasets_dir() if self.bundled else shared_datasets_dir()) / self.name / self.file

    @property
    def slug(self) -> str:
        return self.name.replace("_", "-")

    @property
    def openable(self) -> bool:
        return self.bundled and self.process is not None and self.target_kind != "multiclass"


def catalogue() -> dict[str, DatasetEntry]:
    """Every catalogued data set by name, bundled ones first."""
    entries = [_read(path) for path in sorted(datasets_dir().glob("*/dataset.yaml"))]
    return {e.name: e for e in sorted(entries, key=lambda e: (not e.bundled, e.process or "~", e.name))}


def _read(path: Path) -> DatasetEntry:
    try:
        return DatasetEntry.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise MfgxaiError(f"{path}: {exc}") from exc


def get_entry(name: str) -> DatasetEntry:
    entries = catalogue()
    if name not in entries:
        raise MfgxaiError(f"No data set '{name}'. Known: {', '.join(entries)} (see `mfgxai datasets`).")
    return entries[name]


def open_dataset(name: str, language: str = "en", slug: str | None = None) -> Path:
    """An engagement from a bundled data set, made as from a client's file plus the entry's column map."""
    entry = get_entry(name)
    if not entry.openable:
        why = "it fits none of the process specs" if entry.process is None else f"its licence ({entry.licence}) " \
              "keeps it out of the repository"
        raise MfgxaiError(f"Data set '{name}' is external and cannot be opened: {why}. See {entry.url}.")
    slug = slug or entry.slug
    # opened again: the data set's own engagement is redone in place (a changed file kept under data/replaced-*);
    # a folder of that name holding another client's engagement stops with new_engagement's error
    again = (engagement_dir(slug) / "engagement.yaml").exists() and load_engagement(slug).client == entry.title.en
    folder, _ = new_engagement(entry.title.en, entry.process, entry.path, slug=None if again else slug,
                               target=entry.target, language=language, into=slug if again else None, replace=again,
                               positive=entry.positive or None, negative=entry.negative or None)
    engagement = load_engagement(slug)
    guessed = engagement.processes[entry.process]
    declared = {*entry.extra_columns, *entry.ignore}
    config = guessed.model_copy(update={
        "columns": {**{h: c for h, c in guessed.columns.items() if h not in declared}, **entry.columns},
        "extra_columns": {**{h: c for h, c in guessed.extra_columns.items() if h not in declared},
                          **entry.extra_columns},
        "ignore": [*entry.ignore, *(h for h in guessed.ignore if h not in declared and h not in entry.columns)],
        "group_by": entry.group_by, "target_kind": entry.target_kind,
        "positive": entry.positive, "negative": entry.negative})
    engagement = engagement.model_copy(update={"processes": {**engagement.processes, entry.process: config}})
    write_engagement_yaml(engagement, folder / "engagement.yaml")
    return folder
