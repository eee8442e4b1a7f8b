"""Reading a client file into a table: any format `formats` knows, the header found by `headers`."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .errors import DataError
from .formats import file_format, read_grid, sheet_names
from .headers import table_from_grid

FIRST_DATA_ROW = 2  # row numbers are as a spreadsheet shows them: header on row 1
MAX_FILE_MB_VARIABLE = "MFGXAI_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 200
NOTES = "notes"  # frame.attrs key: what the reader noticed and left out, for the data-quality record


def read_table(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    """Every data row of a client file (cells as text or as the workbook typed them), indexed by its row
    number in the file; `frame.attrs['notes']` says what was read how and what was left out."""
    path = Path(path)
    _check_file(path)
    kind = file_format(path)
    where = str(path) if sheet is None else f"{path}, sheet '{sheet}'"
    if kind == "parquet":
        frame, notes = pd.read_parquet(path), []
        frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame), name="row")
    else:
        grid = read_grid(path, sheet, kind)
        frame, notes = table_from_grid(grid, where)
        notes = grid.notes + notes
    if frame.empty:
        raise DataError(f"{where}: the file has a header but no data rows.")
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.attrs[NOTES] = notes
    return frame


def excel_sheets(path: Path) -> list[str]:
    """The sheet names of a workbook, in order (none for other formats)."""
    return sheet_names(path)


def _check_file(path: Path) -> None:
    """A file that exists, is not empty and fits the memory limit for one file."""
    if not path.is_file():
        raise DataError(f"{path}: file not found.")
    size = path.stat().st_size
    if size == 0:
        raise DataError(f"{path}: the file is empty (0 bytes).")
    limit = float(os.environ.get(MAX_FILE_MB_VARIABLE, DEFAULT_MAX_FILE_MB))
    if size > limit * 2**20:
        raise DataError(f"{path}: the file is {size / 2**20:,.1f} MB, above the {limit:g} MB limit for one file "
                        f"({MAX_FILE_MB_VARIABLE}). Split it into several files listed under `data`, or raise "
                        "the limit if this machine has the memory.")
