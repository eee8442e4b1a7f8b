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


def catalogue_dir() -> Path:
    """The catalogue: one folder per public data set with its dataset.yaml and licence note (never the data)."""
    return PROJECT_ROOT / "datasets"


def data_dir() -> Path:
    """Where the catalogue's data files are read: MFGXAI_DATA, else the shared data sets beside the checkout
    when they exist, else the catalogue's own folders (for files a user drops in)."""
    if os.environ.get("MFGXAI_DATA"):
        return Path(os.environ["MFGXAI_DATA"])
    shared = PROJECT_ROOT.parent / "shared" / "datasets"
    return shared if shared.is_dir() else catalogue_dir()
