"""End-to-end run seconds and peak memory (RSS of all processes: runner + kernel) at growing sizes, beside reading +
validating the same file against a plain `pyarrow.csv.read_csv` of it (each in a fresh process, in the same run).

Usage: .venv/bin/python benchmarks/scale.py [--rows 1000000 3000000 10000000] [--process welding]
Targets: 10M rows end to end ≤ 5 minutes and ≤ 4 GB peak; read + validate within 3× the plain Arrow read; growth
no worse than linear. The client file is generated outside the measured processes.
"""
from __future__ import annotations

import argparse
import shutil
import threading
import time
from concurrent.futures import ProcessPoolExecutor

import psutil
from _common import demo_engagement, scratch_engagements
from read_speed import measure


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
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 3_000_000, 10_000_000])
    parser.add_argument("--process", default="welding")
    args = parser.parse_args()
    with scratch_engagements() as scratch:
        from mfgxai.run.runner import run_process

        previous = None
        print(f"{'rows':>10s} {'file MB':>8s} | {'read+valid s':>12s} {'arrow s':>8s} {'ratio':>6s} | {'run s':>7s} "
              f"{'peak MB':>8s} {'s/row growth':>13s}")
        for rows in args.rows:
            slug = f"scale-{rows}"
            with ProcessPoolExecutor(1) as helper:  # the client file is made outside the measured processes
                helper.submit(demo_engagement, scratch, args.process, slug, rows).result()
            path = next((scratch / "engagements" / slug / "data").glob("*.csv"))
            arrow, ours = (measure(kind, path, scratch / "engagements", process=args.process)
                           for kind in ("arrow-csv", slug))
            with PeakMemory() as memory:
                started = time.perf_counter()
                result = run_process(slug, args.process)
                seconds = time.perf_counter() - started
            assert result.ok, result.manifest.failure
            growth = "" if previous is None else f"{(seconds / rows) / (previous[1] / previous[0]):13.2f}"
            print(f"{rows:10,d} {path.stat().st_size / 2**20:8.0f} | {ours['seconds']:12.1f} {arrow['seconds']:8.2f} "
                  f"{ours['seconds'] / arrow['seconds']:6.2f} | {seconds:7.1f} {memory.peak / 2**20:8.0f} {growth}",
                  flush=True)
            previous = (rows, seconds)
            shutil.rmtree(scratch / "engagements" / slug)  # the next size's disk

if __name__ == "__main__":
    main()
