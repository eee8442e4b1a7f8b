"""Timing a web app the way its user meets it: server start, first page, later visits, what-if round trips."""
from __future__ import annotations

import socket
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

CHROMIUM = "/usr/bin/chromium"  # Debian's; never a downloaded browser
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1300, "height": 1000}
SLOW = 900_000  # ms: the slowest apps take minutes to start


@dataclass
class ServedApp:
    """An app under test: how to start it, where it answers, and how its user reaches a chart and a what-if."""

    name: str
    command: list[str]
    environment: dict
    cwd: Path
    url: str
    log: Path
    interactive: str                                   # selector visible once the page can be used
    first_chart: Callable | None = None                # page → None: from interactive to a chart shown
    whatif: Callable = lambda page, presses: []        # page, presses → round-trip seconds
    ready_for_visit: Callable = lambda log, visit: True  # e.g. the pre-heated kernel pool refilled
    port: int = 0


@dataclass
class Timings:
    start_to_interactive: float = 0.0
    start_to_chart: float | None = None
    first_visit: float = 0.0                     # a browser with nothing cached, server warm
    later_visits: list[float] = field(default_factory=list)
    round_trips: list[float] = field(default_factory=list)

    @property
    def later(self) -> float:
        return statistics.median(self.later_visits or [self.first_visit])

    @property
    def round_trip(self) -> float | None:
        return statistics.median(self.round_trips) if self.round_trips else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.1)


def _open(context, url: str, interactive: str):
    """A new page at `url`; returns it and the seconds until `interactive` is visible."""
    page = context.new_page()
    page.set_default_timeout(SLOW)
    start = time.perf_counter()
    page.goto(url, timeout=SLOW)
    page.wait_for_selector(interactive, state="visible")
    return page, time.perf_counter() - start


def measure(browser, app: ServedApp, loads: int, presses: int) -> Timings:
    """Start the server, open the page as soon as it listens, then a cold-cache visit and later visits."""
    timings = Timings()
    started = time.perf_counter()
    process = subprocess.Popen(app.command, env=app.environment, cwd=app.cwd, stdout=app.log.open("w"),
                               stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: listening(app.port) or process.poll() is not None, SLOW / 1000, f"{app.name}: no server")
        if process.poll() is not None:
            raise RuntimeError(f"{app.name} stopped; see {app.log}")
        context = browser.new_context(viewport=VIEWPORT)
        page, _ = _open(context, app.url, app.interactive)
        timings.start_to_interactive = time.perf_counter() - started
        if app.first_chart:
            app.first_chart(page)
            timings.start_to_chart = time.perf_counter() - started
        context.close()
        context = browser.new_context(viewport=VIEWPORT)
        for visit in range(1, loads + 1):
            wait_for(lambda: app.ready_for_visit(app.log, visit), 300, f"{app.name}: not ready for visit {visit}")
            page, seconds = _open(context, app.url, app.interactive)
            if visit == 1:
                timings.first_visit = seconds
            else:
                timings.later_visits.append(seconds)
            timings.round_trips += app.whatif(page, presses)
            page.close()
        context.close()
    finally:
        process.terminate()
        process.wait(timeout=60)
    print(f"{app.name}: {timings.start_to_interactive:.1f} s from start to interactive, first visit "
          f"{timings.first_visit:.2f} s, later {timings.later:.2f} s", flush=True)
    return timings


def round_trips(page, presses: int, change: Callable, shown: str) -> list[float]:
    """Seconds from each change of a what-if input until the text of `shown` changes."""
    target = page.locator(shown).first.element_handle()
    trips = []
    for i in range(presses):
        before = target.text_content()
        start = time.perf_counter()
        change(i)
        page.wait_for_function("([e, b]) => e.textContent !== b", arg=[target, before], timeout=60_000)
        trips.append(time.perf_counter() - start)
    return trips
