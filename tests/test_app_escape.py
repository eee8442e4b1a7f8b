"""The app's header shows a client name as text: markup in the name is neither rendered nor run."""
import os
import re
from pathlib import Path

import jinja2
import pytest
from conftest import make_engagement, module_engagements
from mfgxai.paths import jupyter_data_dir
from mfgxai.run.runner import run_process
from test_app import CHROMIUM, _open, _serve, browser, page  # noqa: F401 (the browser fixtures)

HOSTILE = "<img src=x onerror=alert(1)>"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")


def _template() -> Path:
    return next(jupyter_data_dir().glob("**/voila/templates/mfgxai_app/index.html.j2"))


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """A small real run of an engagement whose client name is an HTML tag with a script, and its app."""
    with module_engagements(tmp_path_factory, "escape") as root:
        # just above SMALL_DATA_ROWS once a few bad rows are quarantined: one fit, no cross-validation
        make_engagement(root, "welding", client=HOSTILE, slug="hostile", rows=1_100)
        run = run_process("hostile", "welding")
        assert run.ok, run.manifest.failure
        server, process = _serve("hostile")
        try:
            yield server
        finally:
            process.terminate()
            process.wait(timeout=20)


def test_the_header_shows_a_hostile_client_name_as_text(hostile_app, page):  # noqa: F811
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _open(page, hostile_app)
    header = page.locator("header.mfgxai-header")
    assert header.locator("h1.client").text_content() == HOSTILE
    assert header.locator("img").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert HOSTILE in page.title()
    page.wait_for_timeout(300)  # an <img src=x> would have failed to load and fired onerror by now
    assert dialogs == []


def test_the_page_title_script_cannot_be_closed_by_a_name():
    """The one place the name is written inside <script>: tojson writes < > & ' as \\u escapes."""
    line = next(line for line in _template().read_text(encoding="utf-8").splitlines() if "document.title" in line)
    name = "</script><script>alert(1)</script>'\"&"
    rendered = jinja2.Environment(autoescape=False).from_string(line).render(  # nbconvert's setting
        resources={"client": name, "title": "Process analysis"})
    assert rendered.count("</script>") == 1 and rendered.endswith(";</script>")
    assert "<script>alert" not in rendered and re.search(r"\\u003c/script\\u003e", rendered)
