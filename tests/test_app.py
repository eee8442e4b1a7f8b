"""The client app for real: Voilà serving one engagement, driven in headless Chromium."""
import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pandas as pd
import psutil
import pytest
from conftest import make_engagement, module_engagements
from mfgxai.app import serve as mfgxai_app
from mfgxai.app.results import engagement_results
from mfgxai.app.server import CappedKernelManager, login_page
from mfgxai.app.whatif import WhatIf
from mfgxai.engagement.runstore import Manifest, RunFolder
from mfgxai.errors import EngagementError
from mfgxai.i18n import t
from mfgxai.model.scoring import Scorer
from mfgxai.run.runner import run_process

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SECRET = "beta-secret-7f3a"  # written into engagement B's run folder: must never reach A's app
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """Status and body of a GET (redirects followed); errors are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def _serve(slug: str, **options):
    server = mfgxai_app.AppServer.of(slug, _free_port(), **options)
    process = server.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return server, process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"voila for {slug} exited with {process.returncode}")
            time.sleep(0.3)
    process.terminate()
    raise TimeoutError(f"voila for {slug} did not listen within 60 s")


def _fake_run(folder, process: str) -> None:
    """A good-looking run of engagement B holding a secret in every file the app would read."""
    run = folder / "runs" / process / "20990101T000000Z-b0b0b0"
    run.mkdir(parents=True)
    for name in ("metrics.json", "explanations.json", "scoring.json"):
        (run / name).write_text(json.dumps({"status": "ok", "secret": SECRET}), encoding="utf-8")
    manifest = Manifest(run_id=run.name, engagement=folder.name, client=SECRET, process=process, language="en",
                        template={}, data=[], config={}, started="2099-01-01T00:00:00+00:00", status="ok")
    (run / "manifest.json").write_text(manifest.model_dump_json(), encoding="utf-8")
    (run / "chart.png").write_bytes(SECRET.encode())


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    """Engagement A (a real welding run) and an empty one, each with its own app; B only has files."""
    servers = []
    with module_engagements(tmp_path_factory, "app") as root:
        make_engagement(root, "welding", client="Alpha Welding 알파", slug="alpha", rows=4_000)  # three actions
        run = run_process("alpha", "welding")
        assert run.ok, run.manifest.failure
        _fake_run(make_engagement(root, "pressing", client="Beta Press", slug="beta", rows=2_000), "pressing")
        make_engagement(root, "painting", client="Empty Paint Co", slug="empty", rows=2_000)
        try:
            servers = [_serve("alpha"), _serve("empty")]
            yield {"root": root, "run": run.folder, "alpha": servers[0][0], "empty": servers[1][0],
                   "alpha_process": servers[0][1]}
        finally:
            for _, process in servers:
                process.terminate()
            for _, process in servers:
                process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.set_default_timeout(30_000)
    page.outside = []
    page.on("request", lambda r: page.outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    yield page
    page.close()


def _open(page, server):
    page.goto(server.url)
    page.wait_for_selector(".mfgxai-cards, .mfgxai-message", state="visible")


def _kernels(process: subprocess.Popen) -> int:
    """How many kernels a Voilà server runs: its child processes (all kernels) not yet ended."""
    def running(child: psutil.Process) -> bool:
        try:
            return child.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    return sum(map(running, psutil.Process(process.pid).children()))


def _wait_for_kernels(process: subprocess.Popen, enough, seconds: float = 60) -> int:
    """The number of kernels once `enough(number)` holds, or the last number seen after `seconds`."""
    deadline = time.monotonic() + seconds
    while not enough(number := _kernels(process)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return number


def _tab(page, title: str) -> None:
    page.locator(".mfgxai-sections .lm-TabBar-tab", has_text=title).click()


def test_page_shows_the_client_and_the_drivers_without_any_cdn(apps, page):
    _open(page, apps["alpha"])
    assert page.locator("header h1.client").text_content() == "Alpha Welding 알파"
    assert "Alpha Welding 알파" in page.title()
    importances = json.loads((apps["run"] / "explanations.json").read_text(encoding="utf-8"))["importances"]
    top = importances[0]["label"]
    assert "biggest drivers of defects" in page.locator(".mfgxai-findings").text_content()
    _tab(page, "Drivers")
    sentence = page.locator(".mfgxai-sentence").first
    sentence.wait_for()
    assert top.lower() in sentence.text_content().lower()
    page.locator("img.mfgxai-chart").first.wait_for()
    assert "Traceback" not in page.content()
    assert page.outside == []


def test_the_overview_lists_first_the_three_actions_the_library_ranks(apps, page):
    from mfgxai.engagement.config import load_engagement
    from mfgxai.explain import actions
    from mfgxai.ingest.validate import validate_process
    from mfgxai.model.fit import split

    _open(page, apps["alpha"])
    first = page.locator(".mfgxai-cards .card").first
    assert first.locator("h3").text_content() == "Actions first"
    results = engagement_results("alpha").processes["welding"]
    engagement = load_engagement("alpha")
    config, data = engagement.process("welding"), validate_process(engagement, "welding", check=False)
    _, latest = split(data.data, data.target, data.target_kind, config.test_size, config.seed, results.spec.time_column)
    ranking = actions.rank(results.scorer, latest, results.table("windows"), results.metrics["ebm"]["roc_auc"],
                           results.spec.time_column)  # worked out again: the saved model on the held-out latest parts
    items = first.locator("ol.actions > li")
    assert items.count() == 3
    for n, action in enumerate(ranking["items"][:3]):
        cells = actions.describe(action, results.columns[action["feature"]].label("en", False), ranking["parts"], "en",
                                 "part")
        shown = items.nth(n)
        assert shown.get_attribute("data-feature") == action["feature"]
        assert shown.locator(".setting").text_content() == cells["setting"]
        assert shown.locator(".window").text_content() == cells["window"]
        assert shown.locator(".figures").text_content() == (
            f"{cells['outside']} of recent parts outside · avoids {cells['avoidable']} · confidence {cells['confidence']}")
    assert "defects a month" in items.first.text_content()
    cards = page.locator(".mfgxai-cards").text_content()
    assert "(observed)" in cards and "(model's estimate)" in cards and "which is why the two differ" in cards
    assert "Catches" in page.locator(".mfgxai-cards .card.reliability").text_content()


def test_what_if_slider_gives_the_risk_scoring_computes(apps, page):
    _open(page, apps["alpha"])
    _tab(page, "What-if")
    risk = page.locator(".mfgxai-whatif-risk .value")
    risk.wait_for()
    before = risk.text_content()
    scorer = Scorer.load(RunFolder(apps["run"]).scoring_path)
    slider = page.locator(".widget-slider", has_text="Weld current (kA)")
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("Home")  # the lowest current in the data: far below the window
    page.wait_for_function(  # the curve is drawn last: once its marker is left of the window, all is updated
        "() => { const s = document.querySelector('.mfgxai-whatif .mfgxai-curve-chart');"
        " return +s.querySelector('line.current').getAttribute('x1') < +s.querySelector('rect.window').getAttribute('x'); }")
    current = float(slider.locator(".widget-readout").text_content())
    expected, _ = scorer.explain({**scorer.typical(), "weld_current": current})
    assert risk.text_content() != before and risk.text_content() == f"{expected:.1f}%"
    assert "Raise weld current" in page.locator(".mfgxai-suggestions").text_content()
    assert page.locator(".mfgxai-whatif .mfgxai-curve-picker select").input_value() == "Weld current (kA)"
    drawn = page.locator(".mfgxai-whatif .mfgxai-curve-chart polyline:not(.other)").nth(1).get_attribute("points")
    same = WhatIf(engagement_results("alpha").processes["welding"], "en")
    same.controls["weld_current"].value = current
    assert f"points='{drawn}'" in same.curve.chart.value  # the exact scores along the current, drawn


def test_part_explainer_shows_reason_codes_and_hands_a_part_to_the_what_if(apps, page):
    _open(page, apps["alpha"])
    _tab(page, "Part explainer")
    table = page.locator(".mfgxai-part .mfgxai-reasons")
    table.wait_for()
    parts = pd.read_parquet(apps["run"] / "parts.parquet")
    scorer = Scorer.load(RunFolder(apps["run"]).scoring_path)
    riskiest = scorer.predict(parts.iloc[[0]])[0] * 100
    assert page.locator(".mfgxai-part .mfgxai-risk .value").text_content() == f"{riskiest:.1f}%"
    rows = table.locator("tbody tr")
    assert rows.count() >= 3
    assert any(unit in table.text_content() for unit in (" kA", " ms", " kN"))
    assert parts.loc[0, "part_id"] in page.locator(".mfgxai-part .mfgxai-sentence").text_content()
    page.locator(".mfgxai-part-picker select").select_option(index=5)
    page.wait_for_function("id => !document.querySelector('.mfgxai-part .mfgxai-sentence').textContent.includes(id)",
                           arg=parts.loc[0, "part_id"])
    assert parts.loc[5, "part_id"] in page.locator(".mfgxai-part .mfgxai-sentence").text_content()
    shown = page.locator(".mfgxai-part .mfgxai-risk .value").text_content()
    page.get_by_role("button", name="Try changes in the what-if").click()
    page.locator(".mfgxai-whatif-risk .value").wait_for()
    assert page.locator(".mfgxai-whatif-risk .value").text_content() == shown


def test_a_request_without_the_token_is_refused(apps):
    server, process = apps["alpha"], apps["alpha_process"]
    base = f"http://127.0.0.1:{server.port}"
    opener = urllib.request.build_opener(_NoRedirect)
    for url in (f"{base}/", f"{base}/?token=wrong-{server.token}"):
        with pytest.raises(urllib.error.HTTPError) as answer:
            opener.open(url, timeout=20)
        assert answer.value.code in (302, 403) and "/login" in answer.value.headers.get("Location", "/login")
    assert server.token not in " ".join(process.args)


def test_a_link_without_its_token_gets_a_page_in_the_apps_language(apps, page):
    server = apps["alpha"]
    page.goto(f"http://127.0.0.1:{server.port}/")
    assert "/login" in page.url and page.locator("h1").text_content() == t("app_login_title", server.language)
    assert "Jupyter" not in page.content() and not page.outside
    page.fill("#password_input", f"wrong-{server.token}")
    page.click("#login_submit")
    assert page.locator(".error").text_content() == t("app_login_wrong", server.language)
    page.fill("#password_input", server.token)  # the key pasted from the link opens the app
    page.click("#login_submit")
    page.wait_for_selector(".mfgxai-cards", state="visible")
    korean = login_page("ko", "/login?next=%2F", "")
    assert t("app_login_title", "ko") in korean and t("app_login_open", "ko") in korean and "lang='ko'" in korean
    assert "--PageLogin.language=ko" in mfgxai_app.AppServer("x", "X", "ko", "127.0.0.1", 1, "t").command()


def test_the_token_and_login_of_one_app_do_not_open_another(apps, page):
    alpha, empty = apps["alpha"], apps["empty"]
    _open(page, alpha)  # logged in to A: its cookie is in this browser now
    for url in (f"http://127.0.0.1:{empty.port}/", f"http://127.0.0.1:{empty.port}/?token={alpha.token}"):
        page.goto(url)
        assert "/login" in page.url and not page.locator(".mfgxai-message").count()


def test_closed_and_reloaded_pages_give_their_kernels_back(apps, browser):
    server, process = _serve("alpha")  # a server of its own: no kernel of another test's page
    context = browser.new_context()  # one manager's browser: its tabs share the login and XSRF cookies
    try:
        for number in range(5):
            page = context.new_page()
            _open(page, server)
            assert _wait_for_kernels(process, lambda n: n >= 2) >= 2  # the page's own kernel and a new spare
            if number == 2:
                page.reload()
                page.wait_for_selector(".mfgxai-cards", state="visible")
            page.close(run_before_unload=True)  # as a tab closed by hand: the page asks for its kernel's end
        assert _wait_for_kernels(process, lambda n: n <= 1, seconds=30) <= 1  # the spare alone
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=20)


def test_a_page_beyond_the_cap_takes_the_quiet_pages_kernel_and_that_page_says_so(apps, browser):
    server, process = _serve("alpha", max_kernels=2)
    contexts = [browser.new_context() for _ in range(2)]  # two managers
    try:
        quiet, newcomer = (context.new_page() for context in contexts)
        _open(quiet, server)
        _open(newcomer, server)  # took the spare; its replacement ends the quiet page's kernel
        quiet.locator("#mfgxai-ended").wait_for(state="visible", timeout=60_000)
        assert "Reload it to continue" in quiet.locator("#mfgxai-ended").text_content()
        assert newcomer.locator("#mfgxai-ended").is_hidden() and _kernels(process) <= 2
        _tab(newcomer, "What-if")  # the newcomer's page works
        newcomer.locator(".mfgxai-whatif-risk .value").wait_for()
    finally:
        for context in contexts:
            context.close()
        process.terminate()
        process.wait(timeout=20)


def test_a_kernel_beyond_the_cap_replaces_the_one_used_least_recently():
    async def scenario():
        manager = CappedKernelManager(max_kernels=2, kernel_manager_class="mfgxai.app.server.AppKernelManager")
        clients = []

        async def start() -> str:
            """A kernel, once it answers."""
            kernel_id = await manager.start_kernel(kernel_name="python3")
            clients.append(manager.get_kernel(kernel_id).client())
            clients[-1].start_channels()
            await clients[-1].wait_for_ready(timeout=60)
            return kernel_id

        try:
            first, second = await asyncio.gather(start(), start())  # at the same moment: sockets apart
            await clients[0].execute_interactive("1 + 1", timeout=60)  # the first page is used again
            while manager.get_kernel(first).last_activity <= manager.get_kernel(second).last_activity:
                await asyncio.sleep(0.1)
            third = await start()
            return first, third, set(manager.list_kernel_ids())
        finally:
            for client in clients:
                client.stop_channels()
            await manager.shutdown_all()

    with ThreadPoolExecutor(1) as thread:  # an event loop of its own: playwright's runs in this thread
        first, third, alive = thread.submit(asyncio.run, asyncio.wait_for(scenario(), 180)).result()
    assert alive == {first, third}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("path", [
    "voila/files/../../{B}/metrics.json",
    "voila/files/..%2F..%2F{B_ENCODED}%2Fmetrics.json",
    "voila/files/%2e%2e/%2e%2e/{B}/chart.png",
    "voila/files/%2E%2E%2F%2E%2E%2F{B}/chart.png",
    "voila/files/{B_ABSOLUTE}/metrics.json",
    "voila/static/..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2F{B_ABSOLUTE}/metrics.json",
    "voila/templates/mfgxai_app/static/..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2F{B_ABSOLUTE}/metrics.json",
    "voila/labextensions/..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2F{B_ABSOLUTE}/metrics.json",
    "voila/render/{B_ABSOLUTE}/metrics.json",
    "api/contents/{B_ABSOLUTE}/metrics.json",
    "..%2F..%2F{B}/metrics.json",
])
def test_the_app_of_a_cannot_load_a_file_of_b(apps, path):
    root = apps["root"] / "engagements"
    run = root / "beta" / "runs" / "pressing" / "20990101T000000Z-b0b0b0"
    relative = os.path.relpath(run, mfgxai_app.app_notebook().parent)
    url_path = path.format(B=relative, B_ENCODED=relative.replace("/", "%2F"), B_ABSOLUTE=str(run).lstrip("/"))
    server = apps["alpha"]
    status, body = _get(f"http://127.0.0.1:{server.port}/{url_path}?token={server.token}")
    assert SECRET not in body, status  # refused (403/404) or answered with the login or app page, never B's file


def test_a_run_linked_in_from_elsewhere_is_refused(apps, monkeypatch, tmp_path):
    monkeypatch.setenv("MFGXAI_ENGAGEMENTS", str(apps["root"] / "engagements"))
    folder = make_engagement(tmp_path, "welding", client="Gamma", slug="gamma", rows=2_000)
    runs = folder / "runs" / "welding"
    runs.mkdir(parents=True)
    (runs / "20990101T000000Z-c0c0c0").symlink_to(apps["run"], target_is_directory=True)
    with pytest.raises(EngagementError, match="outside the engagement"):
        engagement_results("gamma")


def test_every_page_builds_without_interpret(apps):
    code = ("import sys; from mfgxai.app.tabs import ProcessView; from mfgxai.app.results import engagement_results; "
            "view = ProcessView(engagement_results('alpha').processes['welding'], 'ko'); "
            "[setattr(view.tabs, 'selected_index', i) for i in range(len(view.keys))]; "
            "assert all(box.children for box in view.tabs.children) and len(view.keys) == 7; "
            "assert 'interpret' not in sys.modules and 'sklearn' not in sys.modules")
    environment = {**os.environ, "MFGXAI_ENGAGEMENTS": str(apps["root"] / "engagements")}
    subprocess.run([sys.executable, "-c", code], check=True, env=environment)


def test_a_run_saved_before_the_app_is_named_not_hidden(apps, monkeypatch):
    monkeypatch.setenv("MFGXAI_ENGAGEMENTS", str(apps["root"] / "engagements"))
    old = apps["root"] / "engagements" / "beta" / "runs" / "pressing" / "20990101T000000Z-b0b0b0"
    found = engagement_results("beta")
    assert found.processes == {} and found.missing == {"pressing": "old_run"} and not (old / "parts.parquet").exists()


def test_an_engagement_without_a_good_run_gets_a_helpful_page(apps, page):
    _open(page, apps["empty"])
    message = page.locator(".mfgxai-message").text_content()
    assert "The analysis for Empty Paint Co is not ready yet." in message and "mfgxai run empty" in message
    assert "Traceback" not in page.content() and "Error" not in message


def _confusion_counts(page) -> dict:
    table = page.locator(".mfgxai-confusion")
    return {cell: int(table.locator(f"td.{cell}").text_content().replace(",", "")) for cell in ("tp", "fp", "fn", "tn")}


def test_model_quality_counts_the_held_out_parts_at_any_alarm_level(apps, page):
    from mfgxai.model import heldout

    _open(page, apps["alpha"])
    _tab(page, "Model quality")
    page.locator(".mfgxai-confusion").wait_for()
    metrics = json.loads((apps["run"] / "metrics.json").read_text(encoding="utf-8"))
    holdout = pd.read_parquet(apps["run"] / "holdout.parquet")
    slider = page.locator(".widget-slider", has_text="Alarm level")
    before = _confusion_counts(page)
    assert list(holdout.columns) == ["risk", "defect"]  # the model's output and the result only, no settings or ids
    assert sum(before.values()) == metrics["test_rows"] == len(holdout)
    shown = float(slider.locator(".widget-readout").text_content())
    assert shown == round(metrics["threshold"] * 100, 1)
    expected = heldout.confusion(holdout["risk"], holdout["defect"], shown / 100)
    assert before == {cell: expected[cell] for cell in before}
    assert f"catches {expected['tp']:,} of {expected['tp'] + expected['fn']:,} defective parts" in (
        page.locator(".mfgxai-quality .mfgxai-sentence").text_content())
    shown_before = page.locator(".mfgxai-confusion").text_content()  # read before the key: the reply can be quick
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("Home")  # an alarm for every part: every defect caught, every good part a false alarm
    page.wait_for_function("text => document.querySelector('.mfgxai-confusion').textContent !== text",
                           arg=shown_before)
    after = _confusion_counts(page)
    moved = float(slider.locator(".widget-readout").text_content())
    expected = heldout.confusion(holdout["risk"], holdout["defect"], moved / 100)
    assert after != before and after == {cell: expected[cell] for cell in after}
    assert "Traceback" not in page.content()


@contextmanager
def _looped(tmp_path_factory, language: str, client: str, note: str):
    """A welding engagement in `language` once round the consulting loop — run, advice, the next months' file, run
    again — and its app: the latest run has a comparison.json. Yields the app's server, the comparison and the run's
    folder (the engagements folder in the environment is the last module fixture's)."""
    from mfgxai.demo.clients import ENCODINGS, NEXT_PERIODS, client_frame
    from mfgxai.loop.advice import advise
    from mfgxai.loop.drops import add_drop

    with module_engagements(tmp_path_factory, f"looped-{language}") as root:
        make_engagement(root, "welding", client=client, slug="looped", language=language, rows=2_000)
        assert run_process("looped", "welding").ok
        advise("looped", "welding", note)
        after = root / "welding_next.csv"
        client_frame("welding", language, 2_000, 99, NEXT_PERIODS["welding"]).to_csv(
            after, index=False, encoding=ENCODINGS.get(language, "utf-8"))
        add_drop("looped", "welding", after)
        run = run_process("looped", "welding")
        comparison = RunFolder(run.folder).comparison_path
        assert run.ok and comparison.exists(), run.manifest.failure
        server, process = _serve("looped")
        try:
            yield server, json.loads(comparison.read_text(encoding="utf-8")), run.folder
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def looped(tmp_path_factory):
    with _looped(tmp_path_factory, "ko", "한빛 루프", "용접 전류를 권장 범위 안에 유지") as served:
        yield served


@pytest.fixture(scope="module")
def looped_en(tmp_path_factory):
    with _looped(tmp_path_factory, "en", "Northfield Loop", "Keep the weld current inside its window") as served:
        yield served


def _rate_rows(page) -> list[list[str]]:
    """The Progress tab's defect-rate table, cell by cell, its spaces as a reader sees them."""
    heading = page.locator(".mfgxai-progress h3")
    heading.wait_for()
    return [[" ".join(cell.split()) for cell in row.locator("td").all_text_contents()]
            for row in page.locator(".mfgxai-progress-tables table").first.locator("tbody tr").all()]


def test_the_progress_tab_shows_the_comparison_of_the_latest_run_in_korean(looped, browser, page):
    from datetime import datetime

    server, figures, _ = looped
    _open(page, server)
    _tab(page, "진행 상황")
    rows = _rate_rows(page)
    advised = datetime.fromisoformat(figures["advice"]["advised"])
    assert page.locator(".mfgxai-progress h3").text_content() == \
        f"{advised.year}년 {advised.month}월 {advised.day}일 조언 이후 달라진 점"
    rate = figures["defect_rate"]
    before, after = rate["before"], rate["after"]
    assert rows[0] == ["조언 전", f"{before['parts']:,}", f"{before['defects']:,}", f"{100 * before['rate']:.1f}%",
                       f"{100 * before['low']:.1f}% ~ {100 * before['high']:.1f}%"]
    assert rows[1][:4] == ["조언 후", f"{after['parts']:,}", f"{after['defects']:,}", f"{100 * after['rate']:.1f}%"]
    assert rows[2][3:] == [f"{100 * rate['difference']:+.1f}%p",
                           f"{100 * rate['low']:+.1f}%p ~ {100 * rate['high']:+.1f}%p"]
    findings = page.locator(".mfgxai-sections .mfgxai-findings").last.text_content()
    assert figures["verdicts"][0] in findings
    assert f"불량률이 {100 * before['rate']:.1f}%에서 {100 * after['rate']:.1f}%" in findings
    assert "Traceback" not in page.content() and page.outside == []


def test_the_progress_tab_shows_the_comparison_of_the_latest_run_in_english(looped_en, browser, page):
    from datetime import datetime

    server, figures, _ = looped_en
    _open(page, server)
    _tab(page, "Progress")
    rows = _rate_rows(page)
    advised = datetime.fromisoformat(figures["advice"]["advised"])
    assert page.locator(".mfgxai-progress h3").text_content() == \
        f"What changed since the advice of {advised.day} {advised:%B %Y}"
    rate = figures["defect_rate"]
    before, after = rate["before"], rate["after"]
    assert rows[0] == ["Before the advice", f"{before['parts']:,}", f"{before['defects']:,}",
                       f"{100 * before['rate']:.1f}%", f"{100 * before['low']:.1f}% to {100 * before['high']:.1f}%"]
    assert rows[1] == ["Since the advice", f"{after['parts']:,}", f"{after['defects']:,}",
                       f"{100 * after['rate']:.1f}%", f"{100 * after['low']:.1f}% to {100 * after['high']:.1f}%"]
    assert rows[2][3:] == [f"{100 * rate['difference']:+.1f} pp",
                           f"{100 * rate['low']:+.1f} pp to {100 * rate['high']:+.1f} pp"]
    findings = page.locator(".mfgxai-sections .mfgxai-findings").last.text_content()
    assert figures["verdicts"][0] in findings
    assert f"The defect rate fell from {100 * before['rate']:.1f}% to {100 * after['rate']:.1f}%" in findings
    assert not re.search("[가-힣]", page.locator(".mfgxai-progress").text_content())
    assert "Traceback" not in page.content() and page.outside == []


def test_the_report_of_the_latest_run_says_what_changed_since_the_advice_in_korean(looped, monkeypatch):
    """The same Korean run's report, as nbconvert writes it: the section on what changed, its sentences and figures."""
    from datetime import datetime
    from html import unescape

    from mfgxai.publish.report import export_report

    _, figures, folder = looped
    monkeypatch.setenv("MFGXAI_ENGAGEMENTS", str(folder.parents[3]))  # its own, whichever module fixture came last
    page = export_report(folder, ("html",))["html"].read_text(encoding="utf-8")
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<img[^>]*>", "", page))).split())
    advised = datetime.fromisoformat(figures["advice"]["advised"])
    heading = f"{advised.year}년 {advised.month}월 {advised.day}일 조언 이후 달라진 점"
    assert text.count(heading) == 2  # the contents and the section
    section = text[text.rindex(heading):text.index("고객 파일을 공정 기준과 대조했습니다")]
    advice, rate = figures["advice"], figures["defect_rate"]
    assert (f"조언의 근거 실행: {advice['run_id']}. 조언 전 데이터: welding_export.csv. 조언 후 데이터: "
            "welding_next.csv. 고객과 합의한 내용: 용접 전류를 권장 범위 안에 유지") in section
    assert "두 기간 모두 이번 실행이 아니라 조언한 실행의 모델로 평가합니다" in section  # the notebook's Korean prose
    assert figures["verdicts"] and all(sentence in section for sentence in figures["verdicts"])
    for name, period in (("조언 전", rate["before"]), ("조언 후", rate["after"])):
        assert (f"{name} {period['parts']:,} {period['defects']:,} {100 * period['rate']:.1f}% "
                f"{100 * period['low']:.1f}% ~ {100 * period['high']:.1f}%") in section
    assert (f"변화 {100 * rate['difference']:+.1f}%p {100 * rate['low']:+.1f}%p ~ {100 * rate['high']:+.1f}%p"
            in section)
    current = next(w for w in figures["adoption"] if w["feature"] == "weld_current")
    assert (f"{100 * current['inside_before']:.0f}% {100 * current['inside_after']:.0f}% "
            f"{current['cpk_before']:.2f} {current['cpk_after']:.2f}") in section
    drift = next(d for d in figures["drift"] if d["feature"] == "weld_current")
    assert f"용접 전류 {drift['psi']:.2f} 콜모고로프–스미르노프 < 0.001 0.0% 조언대로 이동" in section
    model = figures["model"]
    assert f"{model['auc']:.2f} ({model['auc_low']:.2f} ~ {model['auc_high']:.2f})" in section
    assert f"판정 {t('changes_retrain' if model['retrain'] else 'changes_holds', 'ko')}" in section
    assert not re.search(r"Before the advice|Since the advice|What changed", section)
    chart = page[page.rindex(heading):page.index("고객 파일을 공정 기준과 대조했습니다")]
    assert len(re.findall(r'<figure class="chart">\s*<img[^>]*src="data:image/png;base64,', chart)) == 1  # p-chart
