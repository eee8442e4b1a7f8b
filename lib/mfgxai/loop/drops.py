"""Data over time: a process takes further files from the client ('drops'); the earlier ones stay."""
from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from ..engagement.config import load_engagement
from ..errors import EngagementError
from ..ingest.scaffold import write_engagement_yaml
from ..ingest.validate import ValidatedData, validate_process


def add_drop(slug: str, process: str, data_file: str | Path) -> ValidatedData:
    """Copy a new file of the client's into the engagement's data/ and list it after the process's earlier
    files; the drop is validated on its own first (same column map), so a file that does not fit changes nothing.
    Returns the drop's own validation (counts, reasons, quarantined rows)."""
    engagement = load_engagement(slug)
    config = engagement.process(process)
    source = Path(data_file)
    if not source.is_file():
        raise EngagementError(f"{source}: file not found.")
    entry = f"data/{source.name}"
    copy = engagement.folder / entry
    if entry in config.data:
        raise EngagementError(f"{slug}/{process} already has {entry}. A new drop needs a file name of its own "
                              "(e.g. with the month in it); nothing was changed.")
    if copy.exists() and not filecmp.cmp(copy, source, shallow=False):
        raise EngagementError(f"engagements/{slug}/{entry} already exists with other content. Rename the new file "
                              "and run again; nothing was changed.")
    if copy.is_symlink() or copy.parent.is_symlink():
        raise EngagementError(f"{copy}: the file or its data folder is a symbolic link; refusing to write through it.")
    fresh = not copy.exists()
    copy.parent.mkdir(parents=True, exist_ok=True)
    if fresh:
        shutil.copy2(source, copy)
    drop_only = engagement.model_copy(update={"processes": {**engagement.processes,
                                                            process: config.model_copy(update={"data": [entry]})}})
    try:
        checked = validate_process(drop_only, process, check=False)
    except Exception:
        if fresh:
            copy.unlink()
        raise
    listed = config.model_copy(update={"data": [*config.data, entry]})
    updated = engagement.model_copy(update={"processes": {**engagement.processes, process: listed}})
    write_engagement_yaml(updated, engagement.folder / "engagement.yaml")
    return checked
