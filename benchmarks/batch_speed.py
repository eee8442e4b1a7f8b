"""N engagement × process runs: one by one with plain papermill vs `mfgxai batch`, in the same run.

Usage: .venv/bin/python benchmarks/batch_speed.py [--jobs 8] [--rows 5000] [--workers 2]
Target (DESIGN §8): batch wall ≤ 1.15 × (sum of single runs) / workers.
"""
from __future__ import annotations

import argparse
import os
import time

from _common import demo_engagement, scratch_engagements


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with scratch_engagements() as scratch:
        import papermill

        from mfgxai.centre.batch import plan, run_batch
        from mfgxai.engagement.config import load_engagement
        from mfgxai.model.fit import EBM_JOBS_VARIABLE
        from mfgxai.paths import notebook_template
        from mfgxai.processes import process_names
        from mfgxai.run.runner import kernel_name

        names = process_names()
        for i in range(args.jobs):
            demo_engagement(scratch, names[i % len(names)], f"client-{i:02d}", args.rows, seed=i)
        jobs = plan()
        os.environ[EBM_JOBS_VARIABLE] = "1"  # the same EBM work per run in both modes
        singles = []
        for job in jobs:
            out = scratch / f"{job.slug}-{job.process}.ipynb"
            (scratch / out.stem).mkdir()
            started = time.perf_counter()
            papermill.execute_notebook(str(notebook_template(job.process)), str(out), kernel_name=kernel_name(),
                                       parameters={"engagement": str(load_engagement(job.slug).folder),
                                                   "process": job.process, "run_dir": str(scratch / out.stem)},
                                       cwd=str(notebook_template(job.process).parent), progress_bar=False)
            singles.append(time.perf_counter() - started)
        total = sum(singles)
        started = time.perf_counter()
        outcomes = run_batch(jobs, workers=args.workers, force=True)
        wall = time.perf_counter() - started
        assert all(o.status == "ok" for o in outcomes), [o.message for o in outcomes if o.status != "ok"]
        ideal = total / args.workers
        print(f"jobs {len(jobs)} × {args.rows:,} rows, {args.workers} workers")
        print(f"sequential plain papermill: {total:7.1f} s ({total / len(jobs):.1f} s a run)")
        print(f"mfgxai batch:               {wall:7.1f} s")
        print(f"speed-up {total / wall:.2f}×; batch wall / (sum / workers) = {wall / ideal:.2f} (target ≤ 1.15)")
        print("seconds a run, single vs in the batch:",
              ", ".join(f"{s:.0f}/{o.seconds:.0f}" for s, o in zip(singles, outcomes)))


if __name__ == "__main__":
    main()
