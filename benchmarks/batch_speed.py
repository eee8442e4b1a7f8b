"""Many engagement × process runs through `mfgxai batch`: wall time against the ideal, in the same run.

Usage: .venv/bin/python benchmarks/batch_speed.py [--engagements 8] [--processes 1] [--rows 5000] [--workers 2]
                                                   [--singles] [--scheduler tcp://HOST:PORT]

The ideal is the sum of the runs' own times divided by the workers: the batch can do no better than keep every
worker busy. The run times are those measured inside the batch, or, with --singles, those of the same notebooks
run one by one with plain papermill beforehand (slower: every run twice). --scheduler sends the batch to a running
Dask cluster (`dask scheduler`, then `dask worker --nthreads 1 …` on each machine); --workers then says how many
workers it has. The issue's case, 60 clients × 4 processes with small files:

    .venv/bin/python benchmarks/batch_speed.py --engagements 60 --processes 4 --rows 1000

Target (DESIGN §8): batch wall ≤ 1.1 × ideal.
"""
from __future__ import annotations

import argparse
import os
import time

from _common import demo_engagement, scratch_engagements


def plain_papermill_seconds(jobs, scratch) -> list[float]:
    """Each job's notebook run once with plain papermill, one after another."""
    import papermill
    from mfgxai.engagement.config import load_engagement
    from mfgxai.paths import notebook_template
    from mfgxai.run.runner import kernel_name

    seconds = []
    for job in jobs:
        out = scratch / f"{job.slug}-{job.process}.ipynb"
        (scratch / out.stem).mkdir()
        started = time.perf_counter()
        papermill.execute_notebook(str(notebook_template(job.process)), str(out), kernel_name=kernel_name(),
                                   parameters={"engagement": str(load_engagement(job.slug).folder),
                                               "process": job.process, "run_dir": str(scratch / out.stem)},
                                   cwd=str(notebook_template(job.process).parent), progress_bar=False)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engagements", type=int, default=8)
    parser.add_argument("--processes", type=int, default=1, help="processes per engagement")
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--singles", action="store_true", help="also run every notebook alone first")
    parser.add_argument("--scheduler", help="a running Dask scheduler's address")
    args = parser.parse_args()
    with scratch_engagements() as scratch:
        from mfgxai.centre.batch import plan, run_batch
        from mfgxai.model.fit import EBM_JOBS_VARIABLE
        from mfgxai.processes import process_names

        names = process_names()
        for i in range(args.engagements):
            for k in range(args.processes):
                demo_engagement(scratch, names[(i + k) % len(names)], f"client-{i:02d}", args.rows, seed=i)
        jobs = plan()
        os.environ[EBM_JOBS_VARIABLE] = "1"  # the same EBM work per run in both modes
        singles = plain_papermill_seconds(jobs, scratch) if args.singles else None
        started = time.perf_counter()
        outcomes = run_batch(jobs, workers=args.workers, scheduler=args.scheduler, force=True)
        wall = time.perf_counter() - started
        assert all(o.status == "ok" for o in outcomes), [o.message for o in outcomes if o.status != "ok"]
        inside = sum(o.seconds for o in outcomes)
        where = f"Dask cluster {args.scheduler}" if args.scheduler else "local process pool"
        print(f"jobs {len(jobs)} ({args.engagements} engagements × {args.processes}) × {args.rows:,} rows, "
              f"{args.workers} workers, {where}")
        print(f"batch wall:                        {wall:8.1f} s")
        print(f"sum of run times inside the batch: {inside:8.1f} s ({inside / len(jobs):.1f} s a run)")
        print(f"batch wall / (sum / workers) = {wall / (inside / args.workers):.2f} (target ≤ 1.1)")
        if singles:
            total = sum(singles)
            print(f"sequential plain papermill:        {total:8.1f} s; batch wall / (that / workers) = "
                  f"{wall / (total / args.workers):.2f}")


if __name__ == "__main__":
    main()
