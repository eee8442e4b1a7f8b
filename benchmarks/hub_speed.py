"""The centre's hub: ten clients log in one after another; login → interactive app per client, and memory.

    .venv/bin/python benchmarks/hub_speed.py [--clients 10] [--rows 2000] [--idle 20]

Builds --clients throw-away welding engagements (--rows parts each, one run each as `mfgxai run` does) and their
hub users in a temporary folder, starts `mfgxai hub` (JupyterHub, configurable-http-proxy, the idle culler) and
logs each client in with headless Chromium (Debian's): the time from pressing "Sign in" to the app's overview
shown, its Voilà started on demand. Then the memory of the hub and everything it started (proxy, culler, each
client's proxy, Voilà and kernels: the sum of their resident sets) with all apps up, and again once the culler
has stopped them (--idle seconds unused). Target: ≤ 10 s from login to interactive. Beside it, in the same run, the
first client's app as `mfgxai app` serves it on a laptop (its own Voilà, no hub): start → interactive and memory.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time

import psutil
from _common import demo_engagement, scratch_engagements
from _served import CHROMIUM, CHROMIUM_ARGS, free_port, listening, wait_for
from playwright.sync_api import sync_playwright

TARGET = 10.0
APP = ".mfgxai-cards, .mfgxai-message"


def _memory(hub: psutil.Process) -> float:
    """MB resident in the hub's whole process tree."""
    total = 0
    for process in [hub] + hub.children(recursive=True):
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def _login(browser, url: str, name: str, password: str) -> float:
    """Seconds from "Sign in" to the client's app shown; the page stays open."""
    page = browser.new_context().new_page()
    page.set_default_timeout(120_000)
    page.goto(url + "hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    started = time.perf_counter()
    page.click("#login_submit")
    page.wait_for_selector(APP, state="visible")
    return time.perf_counter() - started


def _single_app(browser, slug: str) -> tuple[float, float]:
    """`mfgxai app`'s own server for one client: seconds from its start to the app shown, and MB of its processes."""
    from mfgxai.app import serve

    server = serve.AppServer.of(slug, free_port(), token="benchmark-token")
    started = time.perf_counter()
    process = subprocess.Popen(server.command(), env=server.environment(), cwd=serve.notebooks_dir(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: listening(server.port), 120, "mfgxai app")
        page = browser.new_context().new_page()
        page.set_default_timeout(120_000)
        page.goto(server.url)
        page.wait_for_selector(APP, state="visible")
        seconds = time.perf_counter() - started
        time.sleep(2)  # the spare kernel Voilà pre-heats for the next visit, as the hub's apps have theirs
        return seconds, _memory(psutil.Process(process.pid))
    finally:
        process.terminate()
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--rows", type=int, default=2_000)
    parser.add_argument("--idle", type=int, default=20, help="seconds unused before an app is culled")
    options = parser.parse_args()
    with scratch_engagements() as scratch:
        os.environ["MFGXAI_HUB"] = str(scratch / "hub")
        from mfgxai.hub import users
        from mfgxai.hub.access import read_log
        from mfgxai.hub.config import HubSettings, start_hub
        from mfgxai.run.runner import run_or_raise

        names = [f"client{n:02d}" for n in range(1, options.clients + 1)]
        for n, name in enumerate(names):
            demo_engagement(scratch, "welding", name, options.rows, seed=n + 1)
            run_or_raise(name, "welding")
            users.add_user(name, name, password=f"{name}-password")
        settings = HubSettings(port=free_port(), hub_port=free_port(), proxy_api_port=free_port(),
                               idle_seconds=options.idle, cull_every=5, activity_seconds=5)
        url = f"http://127.0.0.1:{settings.port}/"
        with open(scratch / "hub.log", "wb") as log:
            process = start_hub(settings, stdout=log, stderr=log)
        hub = psutil.Process(process.pid)
        try:
            wait_for(lambda: listening(settings.port), 60, "the hub")
            time.sleep(3)  # the hub's own API and the culler start after the proxy
            idle = _memory(hub)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                single, single_mb = _single_app(browser, names[0])
                print(f"{names[0]} by `mfgxai app`: start → interactive {single:.1f} s, {single_mb:,.0f} MB",
                      flush=True)
                seconds = []
                for name in names:
                    seconds.append(_login(browser, url, name, f"{name}-password"))
                    print(f"{name}: login → interactive {seconds[-1]:.1f} s", flush=True)
                up = _memory(hub)
                browser.close()
            wait_for(lambda: all(read_log(name)[-1]["event"] == "stopped" for name in names), options.idle + 120,
                     "every app culled")
            time.sleep(2)
            culled = _memory(hub)
        finally:
            for member in [hub] + hub.children(recursive=True):
                try:
                    member.kill()
                except psutil.NoSuchProcess:
                    pass
    median, each = statistics.median(seconds), (up - idle) / len(names)
    print(f"login → interactive: median {median:.1f} s, max {max(seconds):.1f} s "
          f"(target ≤ {TARGET:.0f} s: {'met' if max(seconds) <= TARGET else 'missed'}); "
          f"`mfgxai app` start → interactive {single:.1f} s (the hub's median: {median / single:.2f}× that)")
    print(f"memory of the hub's processes: {idle:,.0f} MB idle, {up:,.0f} MB with {len(names)} apps up "
          f"({each:,.0f} MB an app; `mfgxai app` alone {single_mb:,.0f} MB, {each / single_mb:.2f}×), "
          f"{culled:,.0f} MB after culling")


if __name__ == "__main__":
    main()
