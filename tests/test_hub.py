"""The centre's hub for real: JupyterHub, configurable-http-proxy, the idle culler and each client's Voilà app,
driven in headless Chromium. Two clients and a consultant; each client sees only its own app."""
import asyncio
import json
import os
import shutil
import socket
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
from conftest import make_engagement, module_engagements
from mfgxai.cli import app
from mfgxai.hub import users
from mfgxai.hub.access import read_log
from mfgxai.hub.config import HubSettings, start_hub
from tornado.httpclient import HTTPClientError
from tornado.websocket import websocket_connect
from typer.testing import CliRunner

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
              pytest.mark.skipif(not shutil.which("configurable-http-proxy"), reason="no configurable-http-proxy")]
CLIENTS = {"alpha": ("alpha-welding", "Alpha Welding"), "beta": ("beta-press", "Beta Press")}
PASSWORDS = {"alpha": "alpha-password-1", "beta": "beta-password-22", "kim": "consultant-pw-333"}
APP = ".mfgxai-cards, .mfgxai-message"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(process: psutil.Process) -> None:
    """The hub and all it started (proxy, culler, apps, kernels)."""
    family = [process] + process.children(recursive=True)
    for member in family:
        try:
            member.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(family, timeout=10)
    for member in alive:
        member.kill()


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with module_engagements(tmp_path_factory, "hub") as root, pytest.MonkeyPatch.context() as patch:
        patch.setenv("MFGXAI_HUB", str(root / "hub"))
        for slug, client in CLIENTS.values():
            make_engagement(root, "welding", client=client, slug=slug, rows=1_000)
        for name, (slug, _) in CLIENTS.items():
            users.add_user(name, slug, password=PASSWORDS[name])
        users.add_user("kim", None, admin=True, password=PASSWORDS["kim"])
        settings = HubSettings(port=_free_port(), hub_port=_free_port(), proxy_api_port=_free_port(),
                               idle_seconds=10, cull_every=5, activity_seconds=5)
        with open(root / "hub.log", "wb") as log:
            process = start_hub(settings, stdout=log, stderr=log)
        url = f"http://127.0.0.1:{settings.port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "hub/api/", timeout=2)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, (root / "hub.log").read_text()
                time.sleep(0.5)
        try:
            yield url
        finally:
            _stop(psutil.Process(process.pid))


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def _login(browser, hub: str, name: str):
    """A new browser (own cookies) logged in as `name`: the page where the hub's login led."""
    page = browser.new_context().new_page()
    page.set_default_timeout(60_000)
    page.goto(hub + "hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORDS[name])
    page.click("#login_submit")
    return page


def _websocket_status(url: str) -> int:
    """The status a websocket to `url` is answered with, from a client holding no cookie (101: opened)."""
    async def connect() -> int:
        try:
            (await websocket_connect(url.replace("http", "ws", 1))).close()
            return 101
        except HTTPClientError as error:
            return error.code

    with ThreadPoolExecutor(1) as thread:  # playwright's loop runs in this one
        return thread.submit(asyncio.run, connect()).result()


def _header(page) -> str:
    page.wait_for_selector(APP, state="visible")
    return page.locator("header h1.client").text_content()


def test_passwords_are_hashed_and_checked(hub):
    stored = (users.hub_dir() / "users.json").read_text()
    assert PASSWORDS["alpha"] not in stored and "scrypt$" in stored
    assert users.check_password("alpha", PASSWORDS["alpha"])["engagement"] == "alpha-welding"
    assert users.check_password("alpha", PASSWORDS["beta"]) is None
    with pytest.raises(users.HubError, match="exists already"):
        users.add_user("alpha", "alpha-welding", password="another-password")
    with pytest.raises(users.HubError, match="--engagement"):
        users.add_user("nobody", None)
    users.add_user("gamma", "beta-press", password="gamma-password-1")
    new = users.reset_password("gamma")
    assert users.check_password("gamma", "gamma-password-1") is None and users.check_password("gamma", new)
    users.remove_user("gamma")
    assert users.check_password("gamma", new) is None
    with pytest.raises(users.HubError, match="No hub user gamma"):
        users.reset_password("gamma")


def test_each_client_sees_only_its_own_app(hub, browser):
    beta = _login(browser, hub, "beta")
    assert _header(beta) == "Beta Press"
    alpha = _login(browser, hub, "alpha")
    started = time.monotonic()
    assert _header(alpha) == "Alpha Welding"
    print(f"alpha: login → app in {time.monotonic() - started:.1f} s")
    assert alpha.url.startswith(hub + "user/alpha/") and "Beta" not in alpha.content()
    refused = ["user/beta/", "user/beta/voila/static/voila.js", "user/alpha/%2e%2e/beta/", "user/beta%2F",
               "user/alpha/voila/files/engagement.yaml", "user/alpha/voila/files/..%2F..%2Fbeta-press",
               "user/alpha/api/kernels", "user/alpha/api/contents", "user/alpha/lab", "user/alpha/tree",
               "user/alpha/terminals/websocket/1", "hub/api/users", "hub/api/users/beta", "hub/admin"]
    for path in refused:
        response = alpha.request.get(hub + path)
        assert response.status in (403, 404), (path, response.status, response.url)
        assert "Beta Press" not in response.text(), path
    kernel = alpha.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                            ".find(n => n.includes('/api/kernels/'))").split("/api/kernels/")[1][:36]
    assert _websocket_status(f"{hub}user/alpha/api/kernels/{kernel}/channels") == 403  # the page's own kernel
    voila = [p for p in psutil.process_iter(["cmdline"]) if "voila" in (p.info["cmdline"] or [])[:3]
             and p.environ().get("MFGXAI_APP_ENGAGEMENT") == "alpha-welding"]
    assert len(voila) == 1 and voila[0].environ()["JUPYTERHUB_API_TOKEN"] == ""  # no hub credentials in the app
    started = alpha.request.post(hub + "hub/api/users/beta/server", headers={"Referer": hub + "hub/home"})
    assert started.status in (403, 404)
    assert any(e["user"] == "alpha" and e["event"] == "opened" for e in read_log("alpha-welding"))
    assert {e["user"] for e in read_log("beta-press")} == {"beta"}
    beta.context.close()
    alpha.context.close()


def test_the_consultant_opens_both_apps(hub, browser):
    kim = _login(browser, hub, "kim")
    kim.wait_for_url("**/hub/admin**")
    for name, (slug, client) in CLIENTS.items():
        kim.goto(f"{hub}user/{name}/")
        if "oauth2/authorize" in kim.url:  # the hub asks a consultant once per client app and session
            kim.locator("form [type=submit]").first.click()
        assert _header(kim) == client
        assert [e["event"] for e in read_log(slug) if e["user"] == "kim"] == ["opened"]
    kim.context.close()


def test_a_client_logs_out_from_the_apps_header(hub, browser):
    beta = _login(browser, hub, "beta")
    assert _header(beta) == "Beta Press"
    logout = beta.locator("header a.logout")
    assert logout.text_content() == "Log out" and logout.get_attribute("href") == "/hub/logout"
    logout.click()
    beta.wait_for_url("**/hub/login**")
    beta.goto(f"{hub}user/beta/")
    beta.wait_for_url("**/hub/login**")  # the app asks for the login again
    assert "Beta Press" not in beta.content()
    beta.context.close()


def test_an_idle_app_is_culled_and_comes_back_on_the_next_visit(hub, browser):
    deadline = time.monotonic() + 60  # the pages are closed: 10 s idle, culled within the next 5 s
    while not any(e["event"] == "stopped" for e in read_log("alpha-welding")) and time.monotonic() < deadline:
        time.sleep(1)
    assert [e["event"] for e in read_log("alpha-welding")][-1] == "stopped"
    alpha = _login(browser, hub, "alpha")
    assert _header(alpha) == "Alpha Welding"
    assert [e["event"] for e in read_log("alpha-welding")][-2:] == ["started", "opened"]
    alpha.context.close()
    shown = CliRunner().invoke(app, ["hub", "access", "alpha-welding", "--json"])
    assert json.loads(shown.stdout) == read_log("alpha-welding")
    assert [(e["user"], e["event"]) for e in read_log("alpha-welding")][:2] == [("alpha", "started"), ("alpha", "opened")]
