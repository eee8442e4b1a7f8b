"""End-to-end run seconds and peak memory (RSS of all processes: runner + kernel) at growing sizes.

Usage: .venv/bin/python benchmarks/scale.py [--rows 10000 100000 1000000] [--process welding]
Targets (issue 6): 1M rows end to end ≤ 4 minutes and ≤ 2 GB peak; growth no worse than linear.
"""
from __future__ import annotations

import argparse
import threading
import time
from concurrent.futures import ProcessPoolExecutor

import psutil

from _common import demo_engagement, scratch_engagements


class PeakMemory:
    """Samples the RSS of this process and all its children every 0.2 s; keeps the peak."""

    def __init__(self):
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--process", default="welding")
    args = parser.parse_args()
    with scratch_engagements() as scratch:
        from mfgxai.run.runner import run_process

        previous = None
        print(f"{'rows':>10s} {'seconds':>8s} {'peak MB':>8s} {'s/row growth':>13s}")
        for rows in args.rows:
            slug = f"scale-{rows}"
            with ProcessPoolExecutor(1) as helper:  # the client file is made outside the measured processes
                helper.submit(demo_engagement, scratch, args.process, slug, rows).result()
            with PeakMemory() as memory:
                started = time.perf_counter()
                result = run_process(slug, args.process)
                seconds = time.perf_counter() - started
            assert result.ok, result.manifest.failure
            growth = "" if previous is None else f"{(seconds / rows) / (previous[1] / previous[0]):13.2f}"
            print(f"{rows:10,d} {seconds:8.1f} {memory.peak / 2**20:8.0f} {growth}", flush=True)
            previous = (rows, seconds)


if __name__ == "__main__":
    main()
