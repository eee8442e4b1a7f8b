"""The run store: the one owner of engagements/<slug>/runs/<process>/<run-id>/ — its layout, the typed
manifest and metrics, which runs are good and whether a run is still current for its engagement."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..paths import notebook_template
from .config import Engagement, engagement_dir

STAGING = ".tmp-"  # a run being written; renamed to its id when it ends
INTERACTIVE = ".interactive"  # a notebook run by hand in JupyterLab: never counted as a run
RUN_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]*")
QUARANTINE = "quarantine.csv"  # rejected rows and their reasons, in a run's folder or `validate`'s


class Manifest(BaseModel):
    """What a run was: who, which process, its inputs' fingerprint, parameters, packages, timing and outcome."""

    model_config = ConfigDict(extra="allow")

    run_id: str
    engagement: str
    client: str
    process: str
    language: str
    template: dict
    data: list[dict]
    config: dict
    parameters: dict = {}
    seed: int | None = None
    packages: dict[str, str] = {}
    started: str
    ended: str | None = None
    seconds: float | None = None
    status: Literal["ok", "failed"] | None = None
    failure: dict | None = None
    rows: dict = {}

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class Metrics(BaseModel):
    """How well the run's model did on the held-out parts, beside the baseline, and how it was fitted."""

    model_config = ConfigDict(extra="allow")

    kind: Literal["binary", "continuous"]
    primary: str
    ebm: dict[str, float | dict[str, int]]  # a binary model's confusion counts beside its scores
    baseline: dict[str, float | dict[str, int]]
    test_rows: int
    train_rows: int
    model_sha256: str
    language: str
    threshold: float | None = None
    defect_rate_test: float | None = None
    settings: dict = {}
    cv: dict | None = None

    @property
    def scores(self) -> tuple[str, float, float]:
        """(the primary metric's name, the EBM's value, the baseline's value)."""
        return self.primary, self.ebm[self.primary], self.baseline[self.primary]


@dataclass(frozen=True)
class RunFolder:
    """One run's folder and its artifacts, named by what they are."""

    path: Path

    manifest_path = property(lambda self: self.path / "manifest.json")
    metrics_path = property(lambda self: self.path / "metrics.json")
    explanations_path = property(lambda self: self.path / "explanations.json")
    quality_path = property(lambda self: self.path / "data_quality.json")
    quarantine_path = property(lambda self: self.path / QUARANTINE)
    notebook_path = property(lambda self: self.path / "executed.ipynb")
    model_path = property(lambda self: self.path / "model.joblib")
    scoring_path = property(lambda self: self.path / "scoring.json")
    parts_path = property(lambda self: self.path / "parts.parquet")
    holdout_path = property(lambda self: self.path / "holdout.parquet")
    report_stem = property(lambda self: self.path / "report")  # report.html, report.pdf
    comparison_path = property(lambda self: self.path / "comparison.json")  # the loop's figures against the advice
    control_plan_stem = property(lambda self: self.path / "control-plan")  # control-plan.xlsx, control-plan.csv

    def card_stem(self, language: str, size: str) -> Path:
        """The shop-floor window card of this run in a language and paper size: card-ko-a4.pdf."""
        return self.path / f"card-{language}-{size.lower()}"

    @property
    def app_paths(self) -> tuple[Path, ...]:
        """What the app reads of a run."""
        return (self.manifest_path, self.metrics_path, self.explanations_path, self.scoring_path, self.parts_path,
                self.holdout_path)

    @property
    def run_id(self) -> str:
        return self.path.name.removeprefix(STAGING)

    @property
    def process(self) -> str:
        return self.path.parent.name

    @property
    def slug(self) -> str:
        return self.path.parents[2].name

    @property
    def final_path(self) -> Path:
        """Where a staged run's folder will be once it ends (the folder itself for an ended run)."""
        return self.path.parent / self.run_id

    def manifest(self) -> Manifest:
        return Manifest.model_validate(read_json(self.manifest_path))

    def metrics(self) -> Metrics:
        return Metrics.model_validate(read_json(self.metrics_path))

    def explanations(self) -> dict:
        return read_json(self.explanations_path)

    def quality(self) -> dict:
        return read_json(self.quality_path)

    def comparison(self) -> dict:
        return read_json(self.comparison_path)

    def has_manifest(self) -> bool:
        return self.manifest_path.is_file()


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, payload: dict, indent: int | None = 2) -> None:
    """UTF-8 JSON with Korean text kept readable."""
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=indent), encoding="utf-8")


def runs_dir(slug: str, process: str) -> Path:
    return engagement_dir(slug) / "runs" / process


def find_run(slug: str, process: str, run_id: str) -> RunFolder | None:
    """An ended run by its id, or None."""
    run = RunFolder(runs_dir(slug, process) / run_id)
    return run if RUN_ID.fullmatch(run_id) and run.has_manifest() else None


def good_runs(slug: str, process: str) -> list[RunFolder]:
    """Every ended run whose manifest says it succeeded, newest first (staging and interactive folders never,
    nor a folder whose manifest is not one)."""
    runs = [RunFolder(path.parent) for path in runs_dir(slug, process).glob("[!.]*/manifest.json")]
    return sorted((run for run in runs if _succeeded(run)), key=lambda run: run.run_id, reverse=True)


def _succeeded(run: RunFolder) -> bool:
    try:
        return run.manifest().ok
    except (ValueError, OSError):  # pydantic's ValidationError and json's JSONDecodeError are ValueErrors
        return False


def latest_good(slug: str, process: str) -> RunFolder | None:
    runs = good_runs(slug, process)
    return runs[0] if runs else None


def staging_folder(slug: str, process: str, run_id: str) -> RunFolder:
    """A new run's folder while it is written: made here, renamed to its id when the run ends."""
    run = RunFolder(runs_dir(slug, process) / f"{STAGING}{run_id}")
    run.path.mkdir(parents=True)
    return run


def interactive_folder(engagement: Engagement, process: str) -> RunFolder:
    """The folder a notebook run by hand writes into."""
    run = RunFolder(runs_dir(engagement.slug, process) / INTERACTIVE)
    run.path.mkdir(parents=True, exist_ok=True)
    return run


def stale_staging(slug: str, process: str) -> list[Path]:
    """Staging folders that killed runs left behind."""
    return list(runs_dir(slug, process).glob(f"{STAGING}*"))


def fingerprint(engagement: Engagement, process: str) -> dict:
    """What decides a run's result: template and data hashes and the process's configuration."""
    template = notebook_template(process)
    title = engagement.process_titles.get(process)
    names = {"client": engagement.client_names.model_dump() if engagement.client_names else None,
             "process": title.model_dump() if title else None}  # the run's headings say them
    return {"template": {"path": template.name, "sha256": sha256(template)},
            "data": [{"file": p.name, "sha256": sha256(p)} for p in engagement.data_paths(process) if p.exists()],
            "config": engagement.process(process).model_dump(mode="json"),
            "names": names if any(names.values()) else None}  # None: as recorded before names were kept


def is_current(manifest: Manifest, engagement: Engagement, process: str) -> bool:
    """Whether a run used the template, data and configuration the engagement has now."""
    recorded = manifest.model_dump()
    return all(recorded.get(key) == value for key, value in fingerprint(engagement, process).items())


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
