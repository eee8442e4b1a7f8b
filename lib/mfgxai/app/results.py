"""A finished run's saved results read back for the app: no interpret, no retraining, one engagement only."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..engagement.config import Engagement, load_engagement
from ..engagement.runstore import RunFolder, latest_good, read_json
from ..errors import EngagementError
from ..model.scoring import Scorer, effects
from ..processes import Column, ProcessSpec, get_spec


def _inside(path: Path, root: Path) -> Path:
    """The file's real path, refused when it lies outside the engagement (a symbolic link, `..`)."""
    real = path.resolve()
    if not real.is_relative_to(root.resolve()):
        raise EngagementError(f"{path} lies outside the engagement folder {root}; refusing to read it.")
    return real


@dataclass
class ProcessResults:
    """The latest good run of one process: metrics, explanation tables, scoring tables, parts and held-out outputs."""

    process: str
    folder: Path
    manifest: dict
    metrics: dict
    explanations: dict
    scorer: Scorer
    parts: pd.DataFrame
    holdout: pd.DataFrame  # every held-out part: risk and defect, or prediction and observed
    comparison: dict | None = None  # the data since the advice against the advice (mfgxai.loop), when there is one
    downloads: dict[str, Path] = field(default_factory=dict)  # the card and control plan the run wrote, by format

    @property
    def spec(self) -> ProcessSpec:
        return get_spec(self.process)

    @property
    def binary(self) -> bool:
        return self.scorer.kind == "binary"

    @cached_property
    def columns(self) -> dict[str, Column]:
        """The model's features with labels, units and physical ranges as saved with the run."""
        keys = ("name", "en", "ko", "unit", "kind", "role", "low", "high")
        return {name: Column(**{k: f[k] for k in keys}, categories=tuple(f.get("categories", ())),
                             category_ko=f.get("category_ko", {})) for name, f in self.scorer.features.items()}

    def table(self, name: str) -> pd.DataFrame:
        """An explanation table (importances, shapes, windows, interactions) as a DataFrame."""
        return pd.DataFrame(self.explanations.get(name, []))

    @cached_property
    def typical_output(self) -> float:
        """The typical part's defect risk in % (or predicted value)."""
        return self.scorer.explain(self.scorer.typical())[0]

    @cached_property
    def effect_scale(self) -> float:
        """The largest effect of any term on any held-out part (%p or units): one scale for every part's bars."""
        scores = self.scorer.contributions(self.parts)
        return float(np.abs(effects(self.scorer.decision(scores)[:, None], scores, self.scorer.kind)).max()) or 1.0

    def risk_grid(self, x: str, y: str, steps: int = 40) -> pd.DataFrame:
        """Defect risk in % (or the prediction) over two settings' data range, everything else typical."""
        features = self.scorer.features
        gx, gy = (np.linspace(features[f]["data_low"], features[f]["data_high"], steps) for f in (x, y))
        xx, yy = np.meshgrid(gx, gy, indexing="ij")
        frame = {**{f: np.full(xx.size, v) for f, v in self.scorer.typical().items()},
                 x: xx.ravel(), y: yy.ravel()}
        output = self.scorer.predict(frame) * (100 if self.binary else 1)
        return pd.DataFrame({x: xx.ravel(), y: yy.ravel(), "output": output})


def read_results(process: str, run: RunFolder, root: Path) -> ProcessResults:
    """Load a run folder's app files, each checked to lie inside the engagement folder `root`."""
    for path in run.app_paths:
        _inside(path, root)
    manifest = run.manifest()
    floor = {"pdf": run.card_stem(manifest.language, "A4").with_suffix(".pdf"),
             "xlsx": run.control_plan_stem.with_suffix(".xlsx")}
    return ProcessResults(process, run.path, manifest.model_dump(), run.metrics().model_dump(),
                          run.explanations(), Scorer(read_json(run.scoring_path)), pd.read_parquet(run.parts_path),
                          pd.read_parquet(run.holdout_path),
                          read_json(_inside(run.comparison_path, root)) if run.comparison_path.exists() else None,
                          {kind: _inside(path, root) for kind, path in floor.items() if path.exists()})


@dataclass
class EngagementResults:
    """What the app shows for one client: the engagement and, per process, its results or why there are none."""

    engagement: Engagement
    processes: dict[str, ProcessResults]
    missing: dict[str, str]  # process -> "no_run" or "old_run"


def engagement_results(slug: str) -> EngagementResults:
    """The latest good run of every process of one engagement (a run saved before the app: 'old_run')."""
    engagement = load_engagement(slug)
    root = engagement.folder
    found, missing = {}, {}
    for process in engagement.processes:
        run = latest_good(engagement.slug, process)
        if run is None:
            missing[process] = "no_run"
        elif not all(path.exists() for path in run.app_paths):
            missing[process] = "old_run"
        else:
            found[process] = read_results(process, run, root)
    return EngagementResults(engagement, found, missing)
