"""Advice as a record: a run's operating windows frozen, with date, run and the consultant's note.

Advice is never re-estimated: later data is measured against the advice that was given. Each piece of advice is
one file, `engagements/<slug>/advice/<process>/<time>.json`; the newest is the advice in force.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..engagement.config import engagement_dir, load_engagement
from ..engagement.runstore import RunFolder, find_run, latest_good, read_json, write_json
from ..errors import EngagementError

ADOPTED = 0.10  # a setting whose share inside its window rose this much moved as advised: its shift is no fault


class AdvisedWindow(BaseModel):
    """One setting's window as advised: either edge may be open."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    feature: str
    unit: str = ""
    low: float | None = None
    high: float | None = None

    def inside(self, values):
        """Which values lie inside the window (a missing value does not)."""
        low = -float("inf") if self.low is None else self.low
        high = float("inf") if self.high is None else self.high
        return (values >= low) & (values <= high)


class Advice(BaseModel):
    """What the client was advised for one process, from which run and data, and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    process: str
    run_id: str
    advised: str  # UTC time, ISO 8601
    note: str = ""
    data: list[str]  # the data files the advised run learnt from: the 'before' period
    windows: list[AdvisedWindow]


def advice_dir(slug: str, process: str) -> Path:
    return engagement_dir(slug) / "advice" / process


def advise(slug: str, process: str, note: str = "", run_id: str | None = None) -> tuple[Advice, Path]:
    """Freeze a good run's operating windows (the latest by default) as the advice in force."""
    engagement = load_engagement(slug)
    engagement.process(process)
    run = find_run(slug, process, run_id) if run_id else latest_good(slug, process)
    if run is None or not run.manifest().ok:
        raise EngagementError(f"{slug}/{process}: no finished run{f' {run_id!r}' if run_id else ''} to advise from. "
                              f"Run `mfgxai run {slug} --process {process}` first.")
    windows = [AdvisedWindow(feature=w["feature"], unit=w.get("unit") or "", low=w["low"], high=w["high"])
               for w in run.explanations().get("windows", []) if w["low"] is not None or w["high"] is not None]
    if not windows:
        raise EngagementError(f"{slug}/{process}: run {run.run_id} states no operating window, so there is no "
                              "advice to record.")
    now = datetime.now(timezone.utc)
    advice = Advice(process=process, run_id=run.run_id, advised=now.isoformat(timespec="seconds"), note=note,
                    data=[Path(f["file"]).name for f in run.manifest().data], windows=windows)
    folder = advice_dir(slug, process)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{now:%Y%m%d-%H%M%S}.json"
    if path.exists():
        raise EngagementError(f"{path} already exists: advice is recorded at most once a second.")
    write_json(path, advice.model_dump())
    return advice, path


def advice_in_force(slug: str, process: str) -> Advice | None:
    """The newest advice recorded for a process, or None."""
    files = sorted(advice_dir(slug, process).glob("*.json"))
    return Advice.model_validate(read_json(files[-1])) if files else None


def advised_run(slug: str, advice: Advice) -> RunFolder:
    """The run the advice was taken from (it must still exist: its model is what new data is checked against)."""
    run = find_run(slug, advice.process, advice.run_id)
    if run is None:
        raise EngagementError(f"{slug}/{advice.process}: the advised run {advice.run_id} is missing from runs/; "
                              "its model is needed to check new data. Restore it, or record new advice.")
    return run


def adopted(adoption_rows: list[dict]) -> set[str]:
    """The settings that moved into their advised windows."""
    return {w["feature"] for w in adoption_rows if w["inside_after"] - w["inside_before"] >= ADOPTED}
