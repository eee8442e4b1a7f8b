"""Where things live: every path the package uses comes from here."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def engagements_root() -> Path:
    """The folder holding one folder per client (MFGXAI_ENGAGEMENTS overrides the project's)."""
    return Path(os.environ.get("MFGXAI_ENGAGEMENTS", PROJECT_ROOT / "engagements"))


def notebooks_dir() -> Path:
    return PROJECT_ROOT / "notebooks"


def templates_dir() -> Path:
    return PROJECT_ROOT / "templates"


def jupyter_data_dir() -> Path:
    """Our templates laid out as a Jupyter data folder (share/jupyter) for nbconvert and Voilà."""
    return templates_dir() / "share" / "jupyter"


def notebook_template(process: str) -> Path:
    return notebooks_dir() / f"{process}.ipynb"


def datasets_dir() -> Path:
    """The bundled public data sets, one folder each with its dataset.yaml and licence."""
    return PROJECT_ROOT / "datasets"


def shared_datasets_dir() -> Path:
    """Public data sets that may not be bundled, kept beside the repository."""
    return PROJECT_ROOT.parent / "shared" / "datasets"
