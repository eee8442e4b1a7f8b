"""Executing a process notebook for one engagement with papermill, into a run folder with a manifest."""
from __future__ import annotations

import os
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import nbformat

from ..engagement.config import load_engagement
from ..engagement.runstore import Manifest, RunFolder, fingerprint, read_json, staging_folder, write_json
from ..errors import RunError
from ..paths import notebook_template
from .kernels import PrivateKernelManager
from .notebooks import HEAD

KERNEL_NAME = "mfgxai"
RECORDED_PACKAGES = ("mfgxai", "interpret-core", "papermill", "pandas", "numpy", "scikit-learn", "nbconvert",
                     "voila", "ipywidgets", "pydantic", "pint", "python-calamine", "matplotlib")


@dataclass
class RunResult:
    """What one run produced: its folder and manifest."""

    run: RunFolder
    manifest: Manifest

    @property
    def folder(self) -> Path:
        return self.run.path

    @property
    def ok(self) -> bool:
        return self.manifest.ok


def _package_versions() -> dict[str, str]:
    versions = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def kernel_name() -> str:
    """The project's own kernel when installed (`make setup`), else the default Python kernel."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL_NAME if KERNEL_NAME in KernelSpecManager().find_kernel_specs() else "python3"


def new_run_id() -> str:
    return f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def _failure(exc: Exception) -> dict:
    """The failing cell and the error in plain words (the user's message for our own errors)."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return {"cell": exc.cell_index, "error": exc.ename, "message": exc.evalue}
    return {"cell": None, "error": type(exc).__name__, "message": str(exc)}


def run_process(slug: str, process: str, progress: bool = False, parameters: dict | None = None) -> RunResult:
    """Run notebooks/<process>.ipynb for an engagement; the folder appears only when the run ends."""
    import papermill

    engagement = load_engagement(slug)
    config = engagement.process(process)
    template = notebook_template(process)
    run_id = new_run_id()
    staging = staging_folder(engagement.slug, process, run_id)
    params = {"engagement": str(engagement.folder), "process": process, "run_dir": str(staging.path),
              **(parameters or {})}
    manifest = {"run_id": run_id, "engagement": engagement.slug, "client": engagement.client,
                "process": process, "language": params.get("language") or engagement.language,
                **fingerprint(engagement, process),
                "parameters": {k: v for k, v in params.items() if k not in ("engagement", "run_dir")},
                "seed": config.seed, "packages": _package_versions(),
                "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    start = time.perf_counter()
    try:
        papermill.execute_notebook(str(template), str(staging.notebook_path), parameters=params,
                                   kernel_name=kernel_name(), progress_bar=progress,
                                   cwd=str(template.parent), language="python",
                                   kernel_manager_class=PrivateKernelManager)
        manifest.update(status="ok")
    except Exception as exc:  # every failure is recorded, none replaces a good run
        manifest.update(status="failed", failure=_failure(exc))
    except BaseException:  # interrupted (Ctrl-C, a stopped batch): leave no half-written folder
        shutil.rmtree(staging.path, ignore_errors=True)
        raise
    _own_heading(staging.notebook_path, engagement, process)
    manifest["seconds"] = round(time.perf_counter() - start, 2)
    manifest["ended"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if staging.quality_path.exists():
        manifest["rows"] = read_json(staging.quality_path)
    write_json(staging.manifest_path, manifest)
    os.replace(staging.path, staging.final_path)
    return RunResult(RunFolder(staging.final_path), Manifest.model_validate(manifest))


def _own_heading(path: Path, engagement, process: str) -> None:
    """An executed notebook of a process filed under the closest spec (laser welding read by the welding notebook)
    heads with the process's own name and says which notebook read it: its head cell's heading (the spec's process)
    and first paragraph (what that notebook looks for) give way to them; how to run it stays."""
    title = engagement.process_titles.get(process)
    if title is None or not path.exists():
        return
    notebook = nbformat.read(path, as_version=4)
    head = next((c for c in notebook.cells if c.cell_type == "markdown" and HEAD in c.metadata.get("tags", [])), None)
    if head is None or not head.source.startswith("# "):
        return
    spec_heading, _, about = head.source.partition("\n\n")
    spec, how = spec_heading[2:].strip(), about.partition("\n\n")[2]
    head.source = "\n\n".join([f"# {title.en}", f"*{title.en} data, read with `notebooks/{process}.ipynb` ({spec}): a "
                                "section needing columns this data lacks says so, and its report leaves it out.*",
                                *([how] if how else [])])
    nbformat.write(notebook, path)


def run_or_raise(slug: str, process: str, progress: bool = False, parameters: dict | None = None) -> RunResult:
    """Like run_process, but a failed run raises a RunError with the notebook's message."""
    result = run_process(slug, process, progress, parameters)
    if not result.ok:
        failure = result.manifest.failure
        raise RunError(f"{slug}/{process} failed in notebook cell {failure['cell']}: {failure['message']} "
                       f"(details: {result.run.manifest_path}). The last good run is untouched.")
    return result
