"""Client data stays with its client: a client's app, served by Voilà for its own engagement, cannot fetch the centre's
portfolio page nor any file of another client — by path tricks on Voilà's handlers, with its token or its login cookie
in headless Chromium. Both clients are real runs; the portfolio is written beside them as `mfgxai portfolio` does."""
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import make_engagement, module_engagements
from mfgxai.app import serve as mfgxai_app
from mfgxai.centre.portfolio import overview, write_overview
from mfgxai.engagement.runstore import latest_good
from mfgxai.publish.report import export_report
from mfgxai.run.runner import run_process
from test_app import CHROMIUM, _open, _serve, browser, page  # noqa: F401 (the browser fixtures)

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")
OTHER = "Beta Stamping 베타프레스"  # the other client: its name is on the portfolio and in its own files only
UP = "..%2F" * 16  # far enough up from any of Voilà's roots to reach /

# How a page could ask Voilà for a file: {rel} is the file's path from the app's folder (Voilà's root), {abs} its
# absolute path without the leading slash; each handler Voilà mounts, and a few it does not.
TRICKS = {
    "files": "voila/files/{rel}",
    "files-encoded-slashes": "voila/files/{rel_slashes}",
    "files-encoded-dots": "voila/files/{rel_dots}",
    "files-double-encoded": "voila/files/{rel_double}",
    "files-backslashes": "voila/files/{rel_backslashes}",
    "files-absolute": "voila/files/{abs}",
    "files-absolute-slash": "voila/files/%2F{abs}",
    "root-relative": "{rel}",
    "root-encoded-dots": "{rel_dots}",
    "static": "voila/static/" + UP + "{abs}",
    "template-static": "voila/templates/mfgxai_app/static/" + UP + "{abs}",
    "template-named-up": "voila/templates/%2E%2E/static/" + UP + "{abs}",
    "labextensions": "voila/labextensions/" + UP + "{abs}",
    "themes": "voila/api/themes/" + UP + "{abs}",
    "render": "voila/render/{abs}",
    "tree": "voila/tree/{abs}",
    "voila-contents": "voila/api/contents/{abs}",
    "contents": "api/contents/{abs}",
    "server-files": "files/{abs}",
    "nbconvert": "nbconvert/html/{abs}",
}


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    """Two clients with real runs (A welding, B pressing), B's report, the centre's portfolio, and A's app."""
    with module_engagements(tmp_path_factory, "isolation") as root:
        engagements = root / "engagements"
        # just above SMALL_DATA_ROWS once a few bad rows are quarantined: one fit each, no cross-validation
        mine = make_engagement(root, "welding", client="Alpha Welding", slug="alpha", rows=1_100)
        theirs = make_engagement(root, "pressing", client=OTHER, slug="beta", rows=1_100, seed=11)
        for slug, process in (("alpha", "welding"), ("beta", "pressing")):
            assert run_process(slug, process).ok
        run = latest_good("beta", "pressing")
        export_report(run.path, formats=("html",))
        pages = write_overview(overview(), engagements)
        files = {"overview.html": pages["html"], "overview.csv": pages["csv"],
                 "other's engagement.yaml": theirs / "engagement.yaml",
                 "other's data": next((theirs / "data").iterdir()),
                 "other's report": run.path / "report.html", "other's manifest": run.path / "manifest.json",
                 "other's parts": run.path / "parts.parquet", "other's model": run.path / "model.joblib",
                 "other's quarantine": run.path / "quarantine.csv",
                 "own data": next((mine / "data").iterdir())}  # the app shows findings, never a file, even its own
        server, process = _serve("alpha")
        try:
            yield {"server": server, "files": files}
        finally:
            process.terminate()
            process.wait(timeout=20)


def _addresses(path: Path) -> dict[str, str]:
    """Every trick's URL path for one file."""
    rel = os.path.relpath(path, mfgxai_app.app_notebook().parent)
    forms = {"rel": rel, "rel_slashes": rel.replace("/", "%2F"), "rel_dots": rel.replace("..", "%2e%2e"),
             "rel_double": rel.replace("..", "%252e%252e").replace("/", "%252F"),
             "rel_backslashes": rel.replace("/", "%5C"), "abs": str(path).lstrip("/")}
    return {name: trick.format(**forms) for name, trick in TRICKS.items()}


def _marks(path: Path) -> list[bytes]:
    """Pieces of a file that no answer may hold: three 48-byte runs from its start, middle and end."""
    content = path.read_bytes()
    assert len(content) > 200, path
    return [content[i:i + 48] for i in (0, len(content) // 2, len(content) - 48)]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_files_exist_where_the_tricks_point(clients):
    """The tricks aim at real files: the paths are right, so a refusal is a refusal and not a miss."""
    for name, path in clients["files"].items():
        assert path.is_file() and _marks(path), name
    assert OTHER in clients["files"]["overview.html"].read_text(encoding="utf-8")


@pytest.mark.parametrize("target", ["overview.html", "overview.csv", "other's engagement.yaml", "other's data",
                                    "other's report", "other's manifest", "other's parts", "other's model",
                                    "other's quarantine", "own data"])
def test_no_trick_fetches_a_file_through_the_app_with_its_token(clients, target):
    server, path = clients["server"], clients["files"][target]
    marks, leaked = _marks(path), []
    for trick, address in _addresses(path).items():
        status, body = _get(f"http://127.0.0.1:{server.port}/{address}?token={server.token}")
        if any(mark in body for mark in marks) or OTHER.encode() in body:
            leaked.append(f"{trick} ({status})")
    assert not leaked, f"{target} reached A's app by {', '.join(leaked)}"


def test_no_trick_fetches_the_portfolio_or_another_clients_files_from_the_logged_in_page(clients, page):  # noqa: F811
    """In Chromium, logged in to A's app (its cookie, same origin): fetch() every trick from the page itself."""
    server = clients["server"]
    _open(page, server)
    fetch = "async u => { const r = await fetch(u); return [r.status, await r.text()]; }"
    leaked = []
    for target in ("overview.html", "overview.csv", "other's engagement.yaml", "other's data", "other's report",
                   "other's quarantine"):
        path = clients["files"][target]
        marks = [mark.decode("utf-8", "ignore")[4:-4] for mark in _marks(path)]  # whole characters of the text
        for trick, address in _addresses(path).items():
            status, body = page.evaluate(fetch, f"http://127.0.0.1:{server.port}/{address}")
            if any(mark and mark in body for mark in marks) or OTHER in body:
                leaked.append(f"{target} by {trick} ({status})")
    assert not leaked, leaked
    assert page.locator(".mfgxai-cards").count(), "the app itself still opens for A"
