"""The data-set catalogue: public manufacturing data, one declarative dataset.yaml per data set."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ..engagement.config import Engagement, ExtraColumn, Names, engagement_dir, load_engagement
from ..errors import MfgxaiError
from ..i18n import pick
from ..paths import catalogue_dir, data_dir
from ..processes import get_spec
from .scaffold import new_engagement, write_engagement_yaml

IgnoreReason = Literal["id", "leakage", "constant"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Text(_Strict):
    """The same text in English and Korean."""

    en: str
    ko: str

    def __call__(self, language: str) -> str:
        return pick(self.en, self.ko, language)


class DatasetEntry(_Strict):
    """One data set: its file (read from the data folder, checked by its sha256), source and licence, and how
    its columns map onto a process."""

    name: str
    title: Text
    process: str | None = None
    process_name: Text | None = None  # what the set's process is, when it is filed under the closest spec
    file: str
    folder: str | None = None  # the data folder's sub-folder holding the file, when not named after the entry
    sha256: str
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
        """The data file in the data folder: in its sub-folder (named after the entry unless `folder` says), or
        directly in it."""
        folder = data_dir()
        named = folder / (self.folder or self.name) / self.file
        return named if named.exists() or not (folder / self.file).exists() else folder / self.file

    def process_label(self, language: str) -> str:
        """The set's own name for its process (laser welding filed under the spot-welding spec), else the spec's."""
        return self.process_name(language) if self.process_name else get_spec(self.process).label(language)

    @property
    def slug(self) -> str:
        return self.name.replace("_", "-")

    @property
    def status(self) -> Literal["present", "missing", "different"]:
        """Whether the data folder holds this entry's file, byte for byte."""
        if not self.path.is_file():
            return "missing"
        return "present" if _sha256(self.path, self.path.stat().st_mtime_ns) == self.sha256 else "different"

    @property
    def openable(self) -> bool:
        return self.process is not None and self.target_kind != "multiclass" and self.status == "present"


@lru_cache(maxsize=64)
def _sha256(path: Path, modified: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for piece in iter(lambda: handle.read(1 << 20), b""):
            digest.update(piece)
    return digest.hexdigest()


def catalogue() -> dict[str, DatasetEntry]:
    """Every catalogued data set by name, by process (those fitting none last)."""
    entries = [_read(path) for path in sorted(catalogue_dir().glob("*/dataset.yaml"))]
    return {e.name: e for e in sorted(entries, key=lambda e: (e.process or "~", e.name))}


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
    """An engagement from a catalogued data set, made as from a client's file plus the entry's column map."""
    entry = get_entry(name)
    if not entry.openable:
        raise MfgxaiError(f"Data set '{name}' cannot be opened: {unopenable_reason(entry)}.")
    slug = slug or entry.slug
    # opened again: the data set's own engagement is redone in place (a changed file kept under data/replaced-*);
    # a folder of that name holding another client's engagement stops with new_engagement's error
    again = (engagement_dir(slug) / "engagement.yaml").exists() and load_engagement(slug).client == entry.title.en
    folder, _ = new_engagement(entry.title.en, entry.process, entry.path, slug=None if again else slug,
                               target=entry.target, language=language, into=slug if again else None, replace=again,
                               positive=entry.positive or None, negative=entry.negative or None,
                               target_kind="continuous" if entry.target_kind == "continuous" else None)
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
    engagement = engagement.model_copy(update={"processes": {**engagement.processes, entry.process: config},
                                               **_names(entry, engagement)})
    write_engagement_yaml(engagement, folder / "engagement.yaml")
    return folder


def _names(entry: DatasetEntry, engagement: Engagement) -> dict:
    """The engagement's names as the entry gives them: the set's title as the client, its own process name."""
    titles = {k: v for k, v in engagement.process_titles.items() if k != entry.process}
    if entry.process_name:
        titles[entry.process] = Names(**entry.process_name.model_dump())
    return {"client_names": Names(**entry.title.model_dump()), "process_titles": titles}


def name_engagement(entry: DatasetEntry) -> None:
    """An engagement opened before its entry named it (or since renamed) takes the entry's names."""
    engagement = load_engagement(entry.slug)
    names = _names(entry, engagement)
    if {k: getattr(engagement, k) for k in names} != names:
        write_engagement_yaml(engagement.model_copy(update=names), engagement.folder / "engagement.yaml")


def unopenable_reason(entry: DatasetEntry) -> str:
    """Why an entry cannot be opened, with what to do about it."""
    if entry.process is None:
        return "it fits none of the process specs"
    if entry.target_kind == "multiclass":
        return f"its target '{entry.target}' has many classes, which the process models do not take"
    if entry.status == "missing":
        return (f"its file {entry.file} is not in the data folder {data_dir()} (set MFGXAI_DATA to the folder "
                f"holding it). Get it from {entry.url} ({entry.source})")
    return (f"{entry.path} is not the catalogued file (its sha256 differs from {entry.sha256[:12]}…); "
            f"get the original from {entry.url}")
