"""Client app speed: navigation → interactive page and time per what-if update, ours vs a naive app.

    .venv/bin/python benchmarks/app_speed.py [--rows 100000] [--loads 4]

Builds a throw-away welding engagement of --rows parts in a temporary folder and runs it as
`mfgxai run` does. Ours: `mfgxai app` (Voilà with a pre-heated kernel; scoring.json scored with
numpy), and the same without pre-heating. Naive: a notebook that validates the data and retrains the
EBM on every page load, then scores the what-if with interpret. All are served by Voilà with our
template on this machine and opened in headless Chromium (Debian's, never a download); times are
medians. Interactive = the overview's risk figures visible (naive: its risk visible); a first visit
(the browser has not cached Voilà's scripts yet) is shown apart from later visits. Per what-if
update: the browser round trip (slider key → new risk shown), and in this process the scoring alone
(risk + contributions: numpy tables vs interpret) and our whole callback (with reason codes and
suggestions). Targets (DESIGN.md §8): ≤ 3 s to interactive, ≤ 100 ms per what-if update.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import tempfile
import time
from dataclasses import replace
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SLUG, PROCESS, SETTING = "app-speed", "welding", "weld_current"
TARGET_INTERACTIVE, TARGET_UPDATE = 3.0, 0.100
NAIVE_SOURCE = f'''import os
import ipywidgets as w
from mfgxai.engagement import load_engagement
from mfgxai.explain import typical_part
from mfgxai.model import fit
from mfgxai.validate import validate_process

model = fit(validate_process(load_engagement(os.environ["MFGXAI_APP_ENGAGEMENT"]), "{PROCESS}"), seed=42)
part = typical_part(model)[model.features]
values = model.train["{SETTING}"]
slider = w.FloatSlider(value=float(part["{SETTING}"][0]), min=float(values.min()), max=float(values.max()),
                       step=0.01, description="Weld current (kA)")
risk = w.HTML().add_class("mfgxai-risk").add_class("mfgxai-whatif-risk")


def show(_=None):
    part["{SETTING}"] = slider.value
    model.ebm.eval_terms(part)
    risk.value = f"<div class='value'>{{model.ebm.predict_proba(part)[0, 1] * 100:.1f}}%</div>"


slider.observe(show, "value")
show()
w.VBox([slider, risk])
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_engagement(root: Path, rows: int) -> Path:
    """A demo-like welding engagement of `rows` parts, run once (the app reads this run)."""
    from mfgxai.demo import client_frame
    from mfgxai.runner import run_or_raise
    from mfgxai.scaffold import new_engagement

    path = root / "welding_export.csv"
    client_frame(PROCESS, "en", rows, seed=5).to_csv(path, index=False)
    new_engagement("Benchmark Welding", PROCESS, path, slug=SLUG, language="en")
    start = time.perf_counter()
    folder = run_or_raise(SLUG, PROCESS).folder
    print(f"run of {rows:,} rows: {time.perf_counter() - start:.1f} s ({folder.name})")
    return folder


def serve(command: list[str], environment: dict, log: Path) -> subprocess.Popen:
    from mfgxai.paths import notebooks_dir

    return subprocess.Popen(command, env=environment, cwd=notebooks_dir(), stdout=log.open("w"),
                            stderr=subprocess.STDOUT)


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.2)


def pool_filled(log: Path, times: int) -> bool:
    return log.read_text(errors="replace").count("is filled with") >= times


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def measure_page(browser, url: str, interactive: str, open_whatif: bool, presses: int) -> tuple[float, list[float]]:
    """Seconds from navigation to `interactive` visible, then round trips of slider key → new risk."""
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.set_default_timeout(900_000)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(interactive, state="visible")
    seconds = time.perf_counter() - start
    if open_whatif:
        page.locator(".mfgxai-sections .lm-TabBar-tab", has_text="What-if").click()
    risk = page.locator(".mfgxai-whatif-risk .value")
    risk.wait_for()
    page.locator(".widget-slider", has_text="Weld current (kA)").locator(".noUi-handle").focus()
    trips = []
    for key in ["End", "Home"] * (presses // 2):
        before = risk.text_content()
        start = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function("b => document.querySelector('.mfgxai-whatif-risk .value').textContent !== b",
                               arg=before, timeout=30_000)
        trips.append(time.perf_counter() - start)
    page.close()
    return seconds, trips


def median_ms(action, repeats: int = 200) -> float:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def server_times(run: Path) -> dict[str, float]:
    """Milliseconds per what-if in this process: our scoring, our whole callback, interpret's scoring."""
    import joblib
    import pandas as pd

    from mfgxai.results import engagement_results
    from mfgxai.whatif import WhatIf

    results = engagement_results(SLUG).processes[PROCESS]
    scorer, whatif = results.scorer, WhatIf(results, "en")
    slider = whatif.controls[SETTING]
    ebm = joblib.load(run / "model.joblib")["ebm"]
    part = pd.DataFrame([scorer.typical()])[list(ebm.feature_names_in_)]

    def interpret_scoring(i):
        part[SETTING] = slider.min if i % 2 else slider.max
        ebm.eval_terms(part)
        ebm.predict_proba(part)

    return {"scoring": median_ms(lambda i: scorer.explain({**scorer.typical(), SETTING: slider.min if i % 2
                                                           else slider.max})),
            "callback": median_ms(lambda i: setattr(slider, "value", slider.min if i % 2 else slider.max)),
            "interpret": median_ms(interpret_scoring)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--loads", type=int, default=4, help="page loads per app: a first, then later visits "
                        "(naive: one, after ours, so with the browser's cache as warm as ours)")
    parser.add_argument("--presses", type=int, default=10, help="slider moves timed per page")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        os.environ["MFGXAI_ENGAGEMENTS"] = str(root / "engagements")
        (root / "engagements").mkdir()
        run = make_engagement(root, args.rows)
        from mfgxai import app

        naive_notebook = root / "naive.ipynb"
        naive_notebook.write_text(json.dumps({
            "cells": [{"cell_type": "code", "execution_count": None, "id": "naive", "metadata": {}, "outputs": [],
                       "source": NAIVE_SOURCE}],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
        results, processes = {}, []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for name, preheat in (("ours", True), ("ours, no pre-heat", False), ("naive", False)):
                    server = replace(app.AppServer.of(SLUG, free_port(), token="benchmark-token"), preheat=preheat)
                    command = server.command(naive_notebook if name == "naive" else None)
                    if name == "naive":
                        command.append("--VoilaExecutor.timeout=1800")
                    log = root / f"voila-{len(processes)}.log"
                    processes.append(serve(command, server.environment(), log))
                    wait_for(lambda: listening(server.port), 60, f"{name}: server did not start")
                    loads, trips = [], []
                    for load in range(1 if name == "naive" else args.loads):
                        if preheat:
                            wait_for(lambda: pool_filled(log, load + 1), 120, f"{name}: kernel pool not filled")
                        interactive = ".mfgxai-cards .card" if name != "naive" else ".mfgxai-whatif-risk .value"
                        seconds, round_trips = measure_page(browser, server.url, interactive, name != "naive",
                                                            args.presses)
                        loads.append(seconds)
                        trips += round_trips
                        print(f"{name}: interactive in {seconds:.2f} s, round trip "
                              f"{statistics.median(round_trips) * 1000:.0f} ms")
                    results[name] = (loads[0], statistics.median(loads[1:] or loads), statistics.median(trips))
                    processes[-1].terminate()
                    processes[-1].wait(timeout=30)
            finally:
                for process in processes:
                    if process.poll() is None:
                        process.terminate()
                        process.wait(timeout=30)
                browser.close()
        server = server_times(run)

    ours, cold, naive = results["ours"], results["ours, no pre-heat"], results["naive"]
    print(f"\nClient app, {args.rows:,}-row welding engagement (medians)")
    print(f"{'':40}{'ours':>8}{'no pre-heat':>13}{'naive':>8}{'naive/ours':>12}")
    print(f"{'to interactive, first visit (s)':40}{ours[0]:>8.2f}{cold[0]:>13.2f}{'–':>8}")
    print(f"{'to interactive, later visits (s)':40}{ours[1]:>8.2f}{cold[1]:>13.2f}{naive[1]:>8.2f}"
          f"{naive[1] / ours[1]:>11.1f}×")
    print(f"{'what-if browser round trip (ms)':40}{ours[2] * 1000:>8.0f}{cold[2] * 1000:>13.0f}"
          f"{naive[2] * 1000:>8.0f}{naive[2] / ours[2]:>11.1f}×")
    print(f"{'what-if scoring: risk + contributions (ms)':40}{server['scoring']:>8.2f}{'':>13}"
          f"{server['interpret']:>8.2f}{server['interpret'] / server['scoring']:>11.1f}×")
    print(f"{'what-if callback, all of it (ms)':40}{server['callback']:>8.2f}")
    update = max(ours[2], server["callback"] / 1000)
    print(f"targets: interactive ≤ {TARGET_INTERACTIVE:.0f} s {'met' if ours[1] <= TARGET_INTERACTIVE else 'MISSED'}; "
          f"what-if ≤ {TARGET_UPDATE * 1000:.0f} ms {'met' if update <= TARGET_UPDATE else 'MISSED'}")


if __name__ == "__main__":
    main()
