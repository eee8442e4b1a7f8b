"""Client app speed: server start, navigation → interactive page and what-if updates; ours vs naive vs explainerdashboard.

    .venv/bin/python benchmarks/app_speed.py [--rows 100000] [--loads 4] [--peer-venv DIR | --no-peer]

Builds a throw-away welding engagement of --rows parts in a temporary folder and runs it as
`mfgxai run` does. Ours: `mfgxai app` (Voilà with a pre-heated kernel; scoring.json scored with
numpy), and the same without pre-heating. Naive: a notebook that validates the data and retrains the
EBM on every page load, then scores the what-if with interpret; served by Voilà with our template.
Peer: explainerdashboard 0.5.8 on the same EBM and the latest 1,000 held-out parts (it explains an EBM
with kernel SHAP), run from its own venv (made once under --peer-venv; never an mfgxai dependency).
Every app is opened in headless Chromium (Debian's, never a download): once as soon as its server
listens (start → interactive, start → first chart), then in a fresh browser (first visit, nothing
cached) and again (later visits); medians. Per what-if update: the browser round trip (input changed
→ new risk shown), and in this process the scoring alone (numpy tables vs interpret) and our whole
callback. Targets (DESIGN.md §8): ≤ 3 s to interactive, ≤ 100 ms per what-if update, faster than
explainerdashboard from start to first chart.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

from _common import demo_engagement, scratch_engagements
from _peer import DEFAULT_VENV, explainerdashboard, export, peer_python
from _served import CHROMIUM, CHROMIUM_ARGS, ServedApp, Timings, free_port, measure, round_trips

SLUG, PROCESS, SETTING = "app-speed", "welding", "weld_current"
TARGET_INTERACTIVE, TARGET_UPDATE = 3.0, 0.100
NAIVE_SOURCE = f'''import os
import ipywidgets as w
from mfgxai.engagement.config import load_engagement
from mfgxai.explain.tables import typical_part
from mfgxai.model.fit import fit
from mfgxai.ingest.validate import validate_process

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


def make_engagement(scratch: Path, rows: int) -> Path:
    """A demo-like welding engagement of `rows` parts, run once (every app reads this run)."""
    from mfgxai.run.runner import run_or_raise

    demo_engagement(scratch, PROCESS, SLUG, rows, seed=5)
    start = time.perf_counter()
    folder = run_or_raise(SLUG, PROCESS).folder
    print(f"run of {rows:,} rows: {time.perf_counter() - start:.1f} s ({folder.name})", flush=True)
    return folder


def slider_trips(page, presses: int, open_whatif: bool) -> list[float]:
    """Round trips of the weld current slider: End and Home keys in turn, until the shown risk changes."""
    if open_whatif:
        page.locator(".mfgxai-sections .lm-TabBar-tab", has_text="What-if").click()
    page.locator(".mfgxai-whatif-risk .value").wait_for()
    page.locator(".widget-slider", has_text="Weld current (kA)").locator(".noUi-handle").focus()
    return round_trips(page, presses, lambda i: page.keyboard.press("End" if i % 2 == 0 else "Home"),
                       ".mfgxai-whatif-risk")


def drivers_chart(page) -> None:
    page.locator(".mfgxai-sections .lm-TabBar-tab", has_text="Drivers").click()
    page.locator(".mfgxai-chart").first.wait_for(state="visible")


def pool_refilled(log: Path, visit: int) -> bool:
    """Voilà has pre-heated a kernel for this visit (one fill at start, one after each page)."""
    return log.read_text(errors="replace").count("is filled with") >= visit + 1


def voila_apps(scratch: Path) -> list[ServedApp]:
    """Ours with and without pre-heating, and the naive notebook, each served by Voilà on a port of its own."""
    from mfgxai.app import serve

    naive_notebook = scratch / "naive.ipynb"
    naive_notebook.write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": "naive", "metadata": {}, "outputs": [],
                   "source": NAIVE_SOURCE}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    apps = []
    for name, preheat in (("ours", True), ("ours, no pre-heat", False), ("naive", False)):
        server = replace(serve.AppServer.of(SLUG, free_port(), token="benchmark-token"), preheat=preheat)
        naive = name == "naive"
        command = server.command(naive_notebook if naive else None) + (["--VoilaExecutor.timeout=1800"] * naive)
        apps.append(ServedApp(
            name, command, server.environment(), naive_notebook.parent if naive else serve.notebooks_dir(), server.url,
            scratch / f"voila-{len(apps)}.log", ".mfgxai-whatif-risk .value" if naive else ".mfgxai-cards .card",
            first_chart=None if naive else drivers_chart,
            whatif=lambda page, presses, naive=naive: slider_trips(page, presses, not naive),
            ready_for_visit=pool_refilled if preheat else ServedApp.ready_for_visit, port=server.port))
    return apps


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

    from mfgxai.app.results import engagement_results
    from mfgxai.app.whatif import WhatIf

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


def row(label: str, values: list, unit: float = 1.0, digits: int = 2) -> str:
    """A table row: one column per app, then naive/ours and explainerdashboard/ours."""
    cells = [f"{v * unit:>12.{digits}f}" if v is not None else f"{'–':>12}" for v in values]
    ratios = [f"{v / values[0]:>12.1f}×" if v is not None and values[0] else f"{'–':>13}" for v in values[2:]]
    return f"{label:42}{''.join(cells)}{''.join(ratios)}"


def report(rows: int, timings: dict[str, Timings], server: dict[str, float]) -> None:
    names = ["ours", "ours, no pre-heat", "naive", "explainerdashboard"]
    apps = [timings.get(name) for name in names]

    def values(read):
        return [read(app) if app else None for app in apps]

    print(f"\nClient app, {rows:,}-row welding engagement (medians)")
    print(f"{'':42}{'ours':>12}{'no pre-heat':>12}{'naive':>12}{'explainerd.':>12}{'naive/ours':>13}{'peer/ours':>13}")
    print(row("server start → interactive (s)", values(lambda a: a.start_to_interactive)))
    print(row("server start → first chart (s)", values(lambda a: a.start_to_chart)))
    print(row("navigation → interactive, first visit (s)", values(lambda a: a.first_visit)))
    print(row("navigation → interactive, later visits (s)", values(lambda a: a.later if a.later_visits else None)))
    print(row("what-if browser round trip (ms)", values(lambda a: a.round_trip), 1000, 0))
    print(row("what-if scoring, risk + contributions (ms)", [server["scoring"], None, server["interpret"], None]))
    print(row("what-if callback, all of it (ms)", [server["callback"], None, None, None]))
    ours, peer = timings["ours"], timings.get("explainerdashboard")
    update = max(ours.round_trip, server["callback"] / 1000)
    verdicts = [f"interactive ≤ {TARGET_INTERACTIVE:.0f} s {'met' if ours.first_visit <= TARGET_INTERACTIVE else 'MISSED'}",
                f"what-if ≤ {TARGET_UPDATE * 1000:.0f} ms {'met' if update <= TARGET_UPDATE else 'MISSED'}"]
    if peer:
        verdicts.append(f"first chart before explainerdashboard's "
                        f"{'met' if ours.start_to_chart < peer.start_to_chart else 'MISSED'}")
    print("targets: " + "; ".join(verdicts))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--loads", type=int, default=4, help="visits per app after the first page (naive: 1)")
    parser.add_argument("--presses", type=int, default=10, help="what-if changes timed per visit")
    parser.add_argument("--peer-venv", type=Path, default=DEFAULT_VENV, help="explainerdashboard's own venv "
                        "(made here on first use)")
    parser.add_argument("--no-peer", action="store_true", help="skip explainerdashboard")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    python = None if args.no_peer else peer_python(args.peer_venv)
    with scratch_engagements() as scratch:
        run = make_engagement(scratch, args.rows)
        apps = voila_apps(scratch)
        if python:
            files = export(run, SLUG, PROCESS, scratch)
            apps.append(explainerdashboard(python, files, SETTING, scratch / "peer.log"))
        timings = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for app in apps:
                    timings[serve.name] = measure(browser, app, 1 if serve.name == "naive" else args.loads, args.presses)
            finally:
                browser.close()
        report(args.rows, timings, server_times(run))


if __name__ == "__main__":
    main()
