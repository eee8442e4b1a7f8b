"""Reading and validating big client files against a plain read of the same file, in the same run.

    .venv/bin/python benchmarks/read_speed.py [--rows 1000000] [--xlsx-rows 200000] [--repeat 3]

For a welding CSV (UTF-8 and CP949) and an XLSX, prints seconds and peak memory of mfgxai's read +
validate (separate processes, so peaks do not mix) beside plain `pandas.read_csv(engine="pyarrow")`
and `pandas.read_excel(engine="calamine")`, and the ratios; for CSV also beside `pyarrow.csv.read_csv`
alone (no pandas frame). Each is run `--repeat` times, alternating, and the fastest run counts (the
machine is shared: the slower runs measure the neighbours). Targets: within 3× of the plain read for
CSV, peak memory at most 3× the file's size.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import scratch_engagements  # noqa: E402

MEASURE = r"""
import json, sys, threading, time
import psutil
kind, path, root = sys.argv[1], sys.argv[2], sys.argv[3]
import os; os.environ["MFGXAI_ENGAGEMENTS"] = root
import pandas as pd
from mfgxai.engagement.config import load_engagement
from mfgxai.ingest.validate import validate_process
me, peak = psutil.Process(), [0]
def sample():  # resident memory every 5 ms (ru_maxrss would carry the parent's peak over the fork)
    while True:
        peak[0] = max(peak[0], me.memory_info().rss)
        time.sleep(0.005)
threading.Thread(target=sample, daemon=True).start()
time.sleep(0.05)
before = me.memory_info().rss
start = time.perf_counter()
if kind == "plain-csv":
    rows = len(pd.read_csv(path, engine="pyarrow", encoding=sys.argv[4]))
elif kind == "arrow-csv":
    import pyarrow.csv as pacsv
    rows = pacsv.read_csv(path, read_options=pacsv.ReadOptions(encoding=sys.argv[4])).num_rows
elif kind == "plain-xlsx":
    rows = len(pd.read_excel(path, engine="calamine"))
elif kind == "plain-openpyxl":
    rows = len(pd.read_excel(path, engine="openpyxl"))
else:
    result = validate_process(load_engagement(kind), sys.argv[5])
    rows = len(result.data)
seconds = time.perf_counter() - start
time.sleep(0.02)
print(json.dumps({"seconds": seconds, "peak_mb": peak[0] / 2**20, "import_mb": before / 2**20, "rows": rows}))
"""


def measure(kind: str, path: Path, root: Path, encoding: str = "utf-8", process: str = "welding") -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, kind, str(path), str(root), encoding, process],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fastest(kinds: list[str], path: Path, root: Path, encoding: str, repeat: int) -> list[dict]:
    """Per kind, its fastest of `repeat` runs; the kinds take turns, so a busy spell slows each alike."""
    runs = [[measure(kind, path, root, encoding) for kind in kinds] for _ in range(repeat)]
    return [min((run[i] for run in runs), key=lambda m: m["seconds"]) for i in range(len(kinds))]


def welding_file(folder: Path, rows: int, suffix: str, encoding: str = "utf-8") -> Path:
    """Demo welding records as a Korean client exports them (Korean headers), made outside the timing."""
    from mfgxai.demo.clients import client_frame

    frame = client_frame("welding", "ko", rows, seed=5)
    path = folder / f"welding-{rows}{suffix}"
    if suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_csv(path, index=False, encoding=encoding)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from mfgxai.ingest.scaffold import new_engagement

    with scratch_engagements() as scratch, tempfile.TemporaryDirectory() as files:
        root = scratch / "engagements"
        cases = [("csv-utf8", args.rows, ".csv", "utf-8"), ("csv-cp949", args.rows, ".csv", "cp949"),
                 ("xlsx", args.xlsx_rows, ".xlsx", "utf-8")]
        print(f"{'file':<10} {'rows':>10} {'MB':>7} | {'plain s':>8} {'ours s':>8} {'ratio':>6} | "
              f"{'plain +MB':>9} {'ours +MB':>9} {'ours / file':>11} | {'arrow s':>7} {'ratio':>6}   "
              "(+MB: peak above the idle process; arrow: pyarrow.csv.read_csv alone)")
        for slug, rows, suffix, encoding in cases:
            path = welding_file(Path(files), rows, suffix, encoding)
            new_engagement("Read Speed", "welding", path, slug=slug, language="ko")
            copy = root / slug / "data" / path.name
            kinds = ["plain-xlsx", slug] if suffix == ".xlsx" else ["plain-csv", slug, "arrow-csv"]
            plain, ours, *arrow = fastest(kinds, copy, root, encoding, args.repeat)
            size = copy.stat().st_size / 2**20
            versus = f" | {arrow[0]['seconds']:>7.2f} {ours['seconds'] / arrow[0]['seconds']:>6.2f}" if arrow else ""
            print(f"{slug:<10} {rows:>10,} {size:>7.1f} | {plain['seconds']:>8.2f} {ours['seconds']:>8.2f} "
                  f"{ours['seconds'] / plain['seconds']:>6.2f} | {plain['peak_mb'] - plain['import_mb']:>9.0f} "
                  f"{ours['peak_mb'] - ours['import_mb']:>9.0f} {(ours['peak_mb'] - ours['import_mb']) / size:>11.2f}"
                  + versus)
            if suffix == ".xlsx":
                slow = measure("plain-openpyxl", copy, root)
                print(f"{'':<10} openpyxl reads the same workbook in {slow['seconds']:.2f} s "
                      f"({slow['seconds'] / plain['seconds']:.1f}× calamine)")


if __name__ == "__main__":
    main()
