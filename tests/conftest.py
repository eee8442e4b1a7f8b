"""Shared fixtures: an isolated engagements folder and small demo engagements in it."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from mfgxai.demo.clients import client_frame
from mfgxai.ingest.scaffold import new_engagement
from mfgxai.paths import data_dir

DATA = data_dir()  # the real public data sets (MFGXAI_DATA)
SMALL_ROWS = 4_000


@pytest.fixture
def engagements(tmp_path, monkeypatch) -> Path:
    """An empty engagements folder that every mfgxai call in the test uses."""
    root = tmp_path / "engagements"
    root.mkdir()
    monkeypatch.setenv("MFGXAI_ENGAGEMENTS", str(root))
    return root


@contextmanager
def module_engagements(tmp_path_factory, name: str):
    """The same for a module's fixture: a folder holding an empty engagements folder, in use while open."""
    root = tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MFGXAI_ENGAGEMENTS", str(root / "engagements"))
        (root / "engagements").mkdir()
        yield root


def make_engagement(tmp_path: Path, process: str, client: str = "Test Client", slug: str = "test-client",
                    language: str = "en", rows: int = SMALL_ROWS, seed: int = 7, suffix: str = ".csv",
                    into: bool = False) -> Path:
    """A demo-like client file for a process turned into an engagement via `mfgxai new` (`into`: added to the
    existing engagement `slug`, as `mfgxai new --into`)."""
    frame = client_frame(process, language, rows, seed)
    path = tmp_path / f"{process}_export{suffix}"
    if suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_csv(path, index=False, encoding="cp949" if language == "ko" else "utf-8")
    if into:
        folder, _ = new_engagement(client, process, path, into=slug, language=language)
    else:
        folder, _ = new_engagement(client, process, path, slug=slug, language=language)
    return folder


@contextmanager
def saved_run(tmp_path_factory, slug: str, rows: int, process: str = "welding"):
    """A small analysis of a process saved as a run is: (the analysis, its results read back as the app reads them)."""
    from mfgxai import Analysis
    from mfgxai.app.results import read_results
    from mfgxai.engagement.runstore import Manifest, RunFolder, write_json

    with module_engagements(tmp_path_factory, slug) as root:
        make_engagement(root, process, slug=slug, rows=rows)
        folder = root / "run"
        folder.mkdir()
        analysis = Analysis(slug, process, str(folder))
        analysis.load_data()
        analysis.fit()
        analysis.save()
        run = RunFolder(folder)
        write_json(run.manifest_path, Manifest(run_id="run", engagement=slug, client=slug.title(), process=process,
                                               language="en", template={}, data=[], config={},
                                               started="2026-01-01T00:00:00+00:00", status="ok",
                                               rows={k: v for k, v in analysis.data.quality().items()
                                                     if k.startswith("rows_")}).model_dump())
        yield analysis, read_results(process, run, root)
