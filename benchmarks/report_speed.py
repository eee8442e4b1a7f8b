"""Seconds and sizes of reviewer reports per run, against stock `jupyter nbconvert --to html` + printing it.

    .venv/bin/python benchmarks/report_speed.py [slug ...]    (default: the demo engagements)

Reports the latest good run of every process (make some with `mfgxai demo`). Ours: HTML from the
run folder (our template, font subset embedded) and PDF from the run folder (HTML + headless
Chromium), each timed end to end in one warm process. Baseline: the stock lab template as a
subprocess (what a consultant would type), then the same Chromium printing its HTML. Target
(DESIGN.md §8): PDF ≤ 10 s per run.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

PDF_TARGET_SECONDS = 10.0


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def ours(folder: Path) -> dict:
    from mfgxai.publish.report import export_report

    html, html_s = timed(lambda: export_report(folder, formats=("html",))["html"])
    pdf, pdf_s = timed(lambda: export_report(folder, formats=("pdf",))["pdf"])
    return {"html_s": html_s, "pdf_s": pdf_s, "html_kb": html.stat().st_size / 1024,
            "pdf_kb": pdf.stat().st_size / 1024}


def baseline(folder: Path, scratch: Path) -> dict:
    from mfgxai.publish.browser import print_pdf

    jupyter = Path(sys.executable).with_name("jupyter")
    command = [str(jupyter), "nbconvert", "--to", "html", "--no-input", "--output-dir", str(scratch),
               "--output", folder.parent.name, str(folder / "executed.ipynb")]
    _, html_s = timed(lambda: subprocess.run(command, check=True, capture_output=True))
    html = scratch / f"{folder.parent.name}.html"
    pdf, print_s = timed(lambda: print_pdf(html, html.with_suffix(".pdf")))
    return {"html_s": html_s, "pdf_s": html_s + print_s, "html_kb": html.stat().st_size / 1024,
            "pdf_kb": pdf.stat().st_size / 1024}


def latest_runs(slugs: list[str]) -> list[tuple[str, Path]]:
    from mfgxai.engagement.config import load_engagement
    from mfgxai.engagement.runstore import latest_good

    runs = []
    for slug in slugs:
        for process in load_engagement(slug).processes:
            if run := latest_good(slug, process):
                runs.append((f"{slug}/{process}", run.path))
    return runs


def main(slugs: list[str]) -> None:
    from mfgxai.demo.clients import DEMO_CLIENTS

    _, import_s = timed(lambda: __import__("mfgxai.publish.report"))
    runs = latest_runs(slugs or [client[1] for client in DEMO_CLIENTS])
    if not runs:
        sys.exit("No good runs to report on: run `mfgxai demo` first.")
    timed(lambda: ours(runs[0][1]))  # warm-up: the first report also loads fonts and templates
    print(f"importing mfgxai.publish.report: {import_s:.1f} s (once per process)\n")
    header = f"{'run':34} {'':9} {'HTML s':>7} {'PDF s':>7} {'HTML KB':>8} {'PDF KB':>8}"
    print(header + "\n" + "-" * len(header))
    slowest = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for name, folder in runs:
            mine, stock = ours(folder), baseline(folder, Path(scratch))
            slowest = max(slowest, mine["pdf_s"])
            for label, row in (("mfgxai", mine), ("baseline", stock)):
                print(f"{name if label == 'mfgxai' else '':34} {label:9} {row['html_s']:7.2f} {row['pdf_s']:7.2f} "
                      f"{row['html_kb']:8.0f} {row['pdf_kb']:8.0f}")
            print(f"{'':34} {'ratio':9} {mine['html_s'] / stock['html_s']:7.2f} {mine['pdf_s'] / stock['pdf_s']:7.2f} "
                  f"{mine['html_kb'] / stock['html_kb']:8.2f} {mine['pdf_kb'] / stock['pdf_kb']:8.2f}")
    verdict = "meets" if slowest <= PDF_TARGET_SECONDS else "MISSES"
    print(f"\nslowest PDF report: {slowest:.2f} s — {verdict} the {PDF_TARGET_SECONDS:.0f} s target")


if __name__ == "__main__":
    main(sys.argv[1:])
