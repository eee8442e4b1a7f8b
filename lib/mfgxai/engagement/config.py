"""Engagements: engagement.yaml (validated with pydantic), the folder layout and runs on disk."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import EngagementError
from ..i18n import pick
from ..paths import engagements_root

SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExtraColumn(_Strict):
    """A client-specific column the process spec does not know, declared with its meaning."""

    en: str
    ko: str = ""
    unit: str = ""
    kind: Literal["number", "category"] = "number"
    role: Literal["controllable", "measured", "context", "outcome"] = "measured"
    low: float | None = None
    high: float | None = None


class Names(_Strict):
    """A name as each language writes it (Korean falls back on the English)."""

    en: str = Field(min_length=1)
    ko: str = ""

    def __call__(self, language: str) -> str:
        return pick(self.en, self.ko or self.en, language)


class ProcessConfig(_Strict):
    """How one client file maps onto one process."""

    data: list[str] = Field(min_length=1)
    sheet: str | int | None = None
    columns: dict[str, str] = {}
    extra_columns: dict[str, ExtraColumn] = {}
    ignore: list[str] = []
    target_kind: Literal["binary", "continuous"] = "binary"
    positive: list[str] = []
    negative: list[str] = []
    exclude: list[str] = []
    group_by: list[str] = []  # columns naming one item measured in several rows: its rows stay on one side of a split
    units: dict[str, str] = {}  # header → its unit, where the header does not say it (converted to the spec's)
    mains_hz: float = Field(60.0, gt=0)  # mains frequency for weld times written in cycles (60 Hz in Korea)
    keep_duplicates: bool = False  # the client really repeats identical measurements
    test_size: float = Field(0.2, gt=0.05, lt=0.5)
    seed: int = 42

    @field_validator("data", "positive", "negative", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return [value] if isinstance(value, (str, int, float)) else value


class Engagement(_Strict):
    """engagement.yaml: who the client is and how each of its processes is analysed."""

    client: str = Field(min_length=1)
    slug: str
    language: Literal["ko", "en"] = "en"
    processes: dict[str, ProcessConfig] = Field(min_length=1)
    client_names: Names | None = None  # the client's name in each language, where it has both (a data set's title)
    process_titles: dict[str, Names] = {}  # a process in the client's own words when it is filed under the closest
    #                                        spec: laser welding read by the welding (spot-welding) spec

    @field_validator("slug")
    @classmethod
    def _safe_slug(cls, value: str) -> str:
        if not SLUG_PATTERN.fullmatch(value):
            raise ValueError("a slug is 1-63 lowercase letters, digits or '-', starting with a letter or digit")
        return value

    @field_validator("process_titles")
    @classmethod
    def _titles_of_own_processes(cls, value: dict, info) -> dict:
        unknown = set(value) - set(info.data.get("processes") or value)
        if unknown:
            raise ValueError(f"titles of processes the engagement does not have: {sorted(unknown)}")
        return value

    @field_validator("processes")
    @classmethod
    def _known_processes(cls, value: dict) -> dict:
        from ..processes import process_names

        unknown = set(value) - set(process_names())
        if unknown:
            raise ValueError(f"unknown process {sorted(unknown)}; known: {', '.join(process_names())}")
        return value

    @property
    def folder(self) -> Path:
        return engagement_dir(self.slug)

    def client_name(self, language: str) -> str:
        """The client's name as a report in this language writes it."""
        return self.client_names(language) if self.client_names else self.client

    def process_label(self, process: str, language: str) -> str:
        """What a process is called in this engagement: its own title (laser welding), else its spec's name."""
        from ..processes import get_spec

        title = self.process_titles.get(process)
        return title(language) if title else get_spec(process).label(language)

    def process(self, name: str) -> ProcessConfig:
        if name not in self.processes:
            raise EngagementError(f"Engagement '{self.slug}' has no process '{name}'. "
                                  f"It has: {', '.join(self.processes)}.")
        return self.processes[name]

    def data_paths(self, process: str) -> list[Path]:
        """The process's data files, which must lie inside the engagement folder."""
        folder = self.folder.resolve()
        paths = []
        for entry in self.process(process).data:
            path = (folder / entry).resolve()
            if not path.is_relative_to(folder):
                raise EngagementError(f"{self.slug}/engagement.yaml: data file '{entry}' lies outside the "
                                      "engagement folder. Copy the file into the engagement's data/ folder.")
            paths.append(path)
        return paths


HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff]")
COMPANY_FORM = re.compile(r"\(\s*[주유]\s*\)|주식\s*회사|유한\s*회사")  # (주) ㈜ 주식회사, (유) 유한회사


def has_hangul(text: str) -> bool:
    return bool(HANGUL.search(unicodedata.normalize("NFC", str(text))))


def slugify(name: str) -> str:
    """A folder name from a client's display name: Korean romanised (Revised Romanization), other scripts
    transliterated, company forms such as (주)/㈜/주식회사 dropped; a name with nothing left gets a stable
    `client-<6 hex>` from its text."""
    from korean_romanizer.romanizer import Romanizer
    from slugify import slugify as transliterate

    text = unicodedata.normalize("NFKC", name).strip()
    without_form = COMPANY_FORM.sub(" ", text)
    if any(ch.isalnum() for ch in without_form):
        text = without_form
    text = re.sub("[가-힣]+", lambda m: f" {Romanizer(m.group()).romanize()} ", text)  # 한빛Auto: hanbit-auto
    slug = transliterate(text, max_length=63, word_boundary=True)
    if not SLUG_PATTERN.fullmatch(slug):
        digest = hashlib.sha256(unicodedata.normalize("NFC", name.strip()).encode("utf-8")).hexdigest()[:6]
        slug = f"client-{digest}"
    return slug


def engagement_dir(slug: str) -> Path:
    """The folder of an engagement; refuses names that would leave the engagements folder."""
    if not SLUG_PATTERN.fullmatch(slug or ""):
        raise EngagementError(f"'{slug}' is not a valid engagement name (lowercase letters, digits, '-').")
    root = engagements_root().resolve()
    folder = (root / slug).resolve()
    if folder.parent != root:
        raise EngagementError(f"Engagement '{slug}' points outside {root} (a symbolic link?). Refusing it.")
    return folder


def load_engagement(slug_or_path: str | Path) -> Engagement:
    """Read and validate engagement.yaml for a slug, or an engagement folder path."""
    candidate = Path(slug_or_path)
    folder = candidate if candidate.is_dir() and (candidate / "engagement.yaml").exists() \
        else engagement_dir(str(slug_or_path))
    path = folder / "engagement.yaml"
    if not path.exists():
        raise EngagementError(f"No engagement at {folder}: engagement.yaml is missing. "
                              "Create one with `mfgxai new`.")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        engagement = Engagement.model_validate(raw)
    except yaml.YAMLError as exc:
        raise EngagementError(f"{path}: not valid YAML ({exc}).") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise EngagementError(f"{path}: {problems}") from exc
    if engagement.folder.resolve() != folder.resolve():
        raise EngagementError(f"{path}: slug '{engagement.slug}' does not match the folder name '{folder.name}'.")
    return engagement


def has_engagement(slug_or_path: str | Path) -> bool:
    """Whether there is an engagement.yaml for a slug, or in a folder."""
    if (Path(slug_or_path) / "engagement.yaml").is_file():
        return True
    return bool(SLUG_PATTERN.fullmatch(str(slug_or_path))) and \
        (engagements_root() / str(slug_or_path) / "engagement.yaml").is_file()


def list_engagements() -> list[str]:
    """Slugs of every engagement folder with an engagement.yaml."""
    root = engagements_root()
    return sorted(p.parent.name for p in root.glob("*/engagement.yaml"))

