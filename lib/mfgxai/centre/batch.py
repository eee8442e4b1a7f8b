"""Batch runs over many engagements × processes: a local process pool or a Dask cluster."""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from ..engagement.config import list_engagements, load_engagement
from ..engagement.runstore import is_current, latest_good, stale_staging
from ..errors import MfgxaiError
from ..floor import for_the_floor
from ..model.fit import EBM_JOBS_VARIABLE
from ..run.runner import run_process

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")  # OpenMP/BLAS pools


@dataclass(frozen=True)
class Job:
    """One engagement × process to run."""

    slug: str
    process: str

    @property
    def name(self) -> str:
        return f"{self.slug}/{self.process}"


@dataclass
class Outcome:
    """What happened to a job: ran ok, failed (with the message) or skipped as unchanged."""

    job: Job
    status: str
    seconds: float = 0.0
    folder: str = ""
    message: str = ""
    metrics: dict = field(default_factory=dict)


def plan(slugs: list[str] | None = None, process: str | None = None) -> list[Job]:
    """Every selected engagement × process (all engagements when none is named)."""
    jobs = []
    for slug in slugs or list_engagements():
        engagement = load_engagement(slug)
        names = [process] if process else list(engagement.processes)
        jobs.extend(Job(slug, name) for name in names if name in engagement.processes)
    if not jobs:
        raise MfgxaiError("Nothing to run: no engagement has the selected process.")
    return jobs


def unchanged(job: Job) -> bool:
    """Whether the latest good run used the same template, data and configuration."""
    latest = latest_good(job.slug, job.process)
    return latest is not None and is_current(latest.manifest(), load_engagement(job.slug), job.process)


def execute(job: Job, ebm_jobs: int, reports: bool = False) -> Outcome:
    """Run one job in this process (a pool or Dask worker), then its report if asked; never raises."""
    for variable in (EBM_JOBS_VARIABLE, *THREAD_VARIABLES):  # inherited by the run's kernel
        os.environ[variable] = str(ebm_jobs)
    started = time.perf_counter()
    try:
        result = run_process(job.slug, job.process)
    except MfgxaiError as exc:
        return Outcome(job, "failed", time.perf_counter() - started, message=str(exc))
    seconds = time.perf_counter() - started
    if not result.ok:
        failure = result.manifest.failure
        return Outcome(job, "failed", seconds, str(result.folder), f"cell {failure['cell']}: {failure['message']}")
    metric, ebm, baseline = result.run.metrics().scores
    notes = (for_the_floor(result.folder), _report(result.folder)) if reports else ()  # the report shows the card
    return Outcome(job, "ok", seconds, str(result.folder), "; ".join(notes),
                   metrics={"metric": metric, "ebm": ebm, "baseline": baseline})


def _report(folder: Path) -> str:
    """Export a good run's HTML and PDF report; a report problem is told, the run stays as it is."""
    from ..publish.report import export_report

    try:
        return "report: " + ", ".join(path.name for path in export_report(folder).values())
    except Exception as exc:  # the run is complete and good: a report problem must not fail the job
        return f"report not written ({exc}); retry with `mfgxai report … --run {folder.name}`"


def discard_staging(jobs: list[Job]) -> int:
    """Remove staging folders that killed runs of these jobs left behind; returns how many."""
    import shutil

    stale = [folder for job in jobs for folder in stale_staging(job.slug, job.process)]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return len(stale)


def run_batch(jobs: list[Job], workers: int | None = None, scheduler=None, force: bool = False,
              on_done=None, reports: bool = False) -> list[Outcome]:
    """Run jobs in parallel; `scheduler` is a Dask address or Client, else a local process pool.

    `on_done(outcome)` is told of every skipped or finished job (for progress displays); `reports` exports
    each good run's HTML and PDF report in the worker that ran it.
    """
    notify = on_done or (lambda outcome: None)
    outcomes, todo = [], []
    for job in jobs:
        if not force and unchanged(job):
            outcomes.append(Outcome(job, "skipped", message="unchanged since the last good run"))
            notify(outcomes[-1])
        else:
            todo.append(job)
    discard_staging(todo)
    cores = os.cpu_count() or 1
    workers = max(1, min(workers or cores, len(todo) or 1))
    ebm_jobs = max(1, cores // workers)
    if scheduler is not None:
        outcomes += _on_dask(todo, scheduler, ebm_jobs, reports, notify)
    elif todo:
        outcomes += _on_pool(todo, workers, ebm_jobs, reports, notify)
    discard_staging(todo)  # what runs killed with their worker left behind (each job ran again elsewhere)
    order = {job: i for i, job in enumerate(jobs)}
    return sorted(outcomes, key=lambda o: order[o.job])


def _on_pool(jobs: list[Job], workers: int, ebm_jobs: int, reports: bool, notify) -> list[Outcome]:
    done = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(execute, job, ebm_jobs, reports): job for job in jobs}
        try:
            for future in as_completed(futures):
                done.append(_collect(future.result, futures[future]))
                notify(done[-1])
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return done


def _on_dask(jobs: list[Job], scheduler, ebm_jobs: int, reports: bool, notify) -> list[Outcome]:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise MfgxaiError("`--scheduler` runs on a Dask cluster, which needs the scheduler extra: "
                          "pip install -e '.[scheduler]'") from None

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        futures = client.map(execute, jobs, ebm_jobs=ebm_jobs, reports=reports, pure=False)
        names = {future.key: job for future, job in zip(futures, jobs)}
        done = []
        for future in dask_completed(futures):
            done.append(_collect(future.result, names[future.key]))
            notify(done[-1])
        return done
    finally:
        if client is not scheduler:
            client.close()


def _collect(result, job: Job) -> Outcome:
    """A finished future's outcome; a worker that died is a failed job, not a stopped batch."""
    try:
        return result()
    except Exception as exc:
        return Outcome(job, "failed", message=f"worker failed: {type(exc).__name__}: {exc}")
