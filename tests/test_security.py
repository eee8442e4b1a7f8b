"""Injection and isolation: names and parameters stay text, clients stay apart, models and inputs untouched."""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import joblib
import markdown_it
import nbformat
import pytest
from conftest import make_engagement
from mfgxai.engagement.config import load_engagement
from mfgxai.engagement.runstore import sha256
from mfgxai.errors import EngagementError, MfgxaiError
from mfgxai.ingest.scaffold import new_engagement
from mfgxai.model.fit import load_model
from mfgxai.paths import notebook_template
from mfgxai.publish.report import export_report
from mfgxai.run.runner import run_process
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

ROOT = Path(__file__).resolve().parents[1]
ROWS = 1_500
BANDIT_SKIPS = {
    "B404": "subprocess is imported to start Chromium (PDF) and Voilà, both with fixed argument lists",
    "B603": "those subprocess calls pass argument lists, never a shell, and no client text",
    "B606": "os.exec* replaces the CLI process with Voilà, again with a fixed argument list",
}


def hostile(sentinel: Path) -> str:
    """A display name that would run code, break a string, a heading or a page if it were not kept as text."""
    return (f'Evil "Co"\'s {{x}} ${{y}}"); __import__("pathlib").Path("{sentinel}").touch()  #\n'
            f'"""\'\'\'\n<script>alert(1)</script> *bold* [link](http://x) \\ 한빛')


def _rendered_heading(markdown: str) -> str:
    """The text a reader sees for a Markdown output's first heading."""
    page = markdown_it.MarkdownIt("commonmark").render(markdown)
    heading = re.search(r"<h2>(.*?)</h2>", page, re.DOTALL).group(1)
    assert "<" not in heading, "no markup of the name survives"
    return html.unescape(heading)


@pytest.fixture
def hostile_run(engagements, tmp_path):
    """A real small run of an engagement whose client name is hostile; data hashes taken before it."""
    sentinel = tmp_path / "executed-by-a-name"
    folder = make_engagement(tmp_path, "welding", client=hostile(sentinel), rows=ROWS)
    before = {p: sha256(p) for p in (folder / "data").iterdir()}
    result = run_process("test-client", "welding")
    return result, sentinel, before


@pytest.mark.slow
def test_a_hostile_client_name_runs_as_text_and_inputs_stay_untouched(hostile_run):
    result, sentinel, before = hostile_run
    assert result.ok, result.manifest.failure
    assert not sentinel.exists()
    name = hostile(sentinel)
    assert result.manifest.client == name
    executed = nbformat.read(result.folder / "executed.ipynb", as_version=4)
    title = next(o.data["text/markdown"] for c in executed.cells if c.cell_type == "code"
                 for o in c.get("outputs", []) if "text/markdown" in o.get("data", {}))
    assert _rendered_heading(title) == f"{' '.join(name.split())} — Resistance spot welding"
    assert {p: sha256(p) for p in before} == before, "a run never changes the client's files"
    page = export_report(result.folder, formats=("html",))["html"].read_text(encoding="utf-8")
    assert "<script>alert" not in page and html.escape("<script>alert(1)</script>") in page


def test_papermill_parameters_are_assigned_as_literal_strings(tmp_path):
    sentinel = tmp_path / "executed-by-a-parameter"
    value = hostile(sentinel)
    parameters = {"engagement": value, "process": value, "run_dir": value, "language": value}
    notebook = parameterize_notebook(load_notebook_node(str(notebook_template("welding"))), parameters,
                                     language="python")
    injected = next(c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", []))
    namespace: dict = {}
    exec(compile(injected.source, "injected-parameters", "exec"), namespace)  # the cell the kernel would run
    assert {k: namespace[k] for k in parameters} == parameters
    assert not sentinel.exists()


@pytest.mark.parametrize("target", ["outside", "other client", "data folder"])
def test_symlinked_data_leading_out_of_the_engagement_is_refused(engagements, tmp_path, target):
    folder = make_engagement(tmp_path, "welding", rows=200)
    other = make_engagement(tmp_path, "welding", client="Other", slug="other", rows=200)
    data = next((folder / "data").iterdir())
    data.unlink()
    if target == "data folder":
        (folder / "data").rmdir()
        (folder / "data").symlink_to(other / "data")
    else:
        secret = tmp_path / "secret.csv"
        secret.write_text("a,b\n1,2\n", encoding="utf-8")
        data.symlink_to(secret if target == "outside" else next((other / "data").iterdir()))
    with pytest.raises(EngagementError, match="lies outside the engagement folder"):
        load_engagement("test-client").data_paths("welding")


def test_new_never_writes_through_a_symlink_into_another_client(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding", rows=200)
    other = make_engagement(tmp_path, "welding", client="Other", slug="other", rows=200)
    theirs = next((other / "data").iterdir())
    mine = next((folder / "data").iterdir())
    mine.unlink()
    mine.symlink_to(theirs)
    before = sha256(theirs)
    source = tmp_path / mine.name
    source.write_bytes(theirs.read_bytes() + b"\n")
    with pytest.raises(EngagementError, match="symbolic link"):
        new_engagement("Test Client", "welding", source, into="test-client", replace=True)
    assert sha256(theirs) == before


def test_new_leaves_the_source_file_as_it_was(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding", rows=200)
    source = tmp_path / "welding_export.csv"
    before = sha256(source)
    new_engagement("Test Client", "welding", source, into="test-client", replace=True)
    assert sha256(source) == before == sha256(folder / "data" / source.name)


class _RunsCode:
    """An object whose unpickling would create a file."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def test_load_model_refuses_a_file_that_is_not_the_recorded_one(tmp_path):
    joblib.dump({"ebm": None, "features": []}, tmp_path / "model.joblib")
    recorded = sha256(tmp_path / "model.joblib")
    assert load_model(tmp_path / "model.joblib", recorded)["features"] == []
    sentinel = tmp_path / "unpickled"
    joblib.dump(_RunsCode(sentinel), tmp_path / "model.joblib")  # swapped after the run recorded its hash
    with pytest.raises(MfgxaiError, match="does not match its run manifest; refusing to load it"):
        load_model(tmp_path / "model.joblib", recorded)
    assert not sentinel.exists()


def test_bandit_finds_no_medium_or_high_issue_in_the_library():
    bandit = Path(sys.executable).with_name("bandit")
    found = subprocess.run([str(bandit), "--recursive", "--quiet", "--severity-level", "medium",
                            "--skip", ",".join(BANDIT_SKIPS), "--format", "json", str(ROOT / "lib")],
                           capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    report = json.loads(found.stdout)
    issues = [f"{i['filename']}:{i['line_number']} {i['test_id']} {i['issue_text']}" for i in report["results"]]
    assert not issues and not report["errors"], issues or report["errors"]
