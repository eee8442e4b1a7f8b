"""Reading a client file into a table — at once, or a big text file in batches: any format `formats` knows,
the header found by `headers`."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import psutil
import pyarrow as pa

from ..errors import DataError
from .formats import file_format, read_grid, sheet_names
from .headers import LeftOut, find_layout, shape, table_from_grid
from .streaming import BATCH_ROWS, text_batches
from .values import NA_CELLS

FIRST_DATA_ROW = 2  # row numbers are as a spreadsheet shows them: header on row 1
MAX_FILE_MB_VARIABLE = "MFGXAI_MAX_FILE_MB"  # a fixed limit for one file, when set
READ_MEMORY = {"text": 3.0, "parquet": 6.0}  # peak memory while a file is read and checked, × its size (measured:
WORKBOOK_MEMORY = 20.0  # a text file 2.6×); a workbook (zipped XML) or Parquet (compressed) is read whole
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


@dataclass
class Batches:
    """A client file's data rows as `read_table` gives them, in batches (one for a file read whole), and what
    the reader noticed — complete once every batch was read."""

    frames: Iterator[pd.DataFrame]
    notes: list[str]


def read_batches(path: str | Path, sheet: str | int | None = None, rows: int = BATCH_ROWS,
                 whole: bool = False, kind_of: Callable[[str], pa.DataType] | None = None) -> Batches:
    """The data rows of a client file, a text file's `rows` at a time as text (a frame's cells are the
    same whichever batch they are in); other formats, or `whole`, as one frame from `read_table`. With
    `kind_of` (a header's type), a text file's columns are converted as they are read (numbers, times,
    categories) where the first records all convert. A batch may raise `streaming.Retype`: the file is
    then to be read without `kind_of`; or `streaming.Reread`: it is then to be read `whole`."""
    path = Path(path)
    _check_file(path)
    kind = file_format(path)
    if kind != "text" or whole:
        frame = read_table(path, sheet)
        return Batches(iter([frame]), frame.attrs[NOTES])
    grid = read_grid(path, sheet, kind)
    notes = list(grid.notes)
    where = str(path) if sheet is None else f"{path}, sheet '{sheet}'"
    return Batches(_shaped(grid, where, rows, notes, kind_of), notes)


def _shaped(grid, where: str, rows: int, notes: list[str], kind_of) -> Iterator[pd.DataFrame]:
    layout, left_out, read = find_layout(grid, where), LeftOut(), 0
    types = _types(grid.cells.loc[layout.first_data:], layout, kind_of) if kind_of else {}
    for body in text_batches(grid.text, layout.first_data, rows, types):
        frame = shape(body, layout, where, left_out)
        read += len(frame)
        if len(frame):
            yield frame
    if not read:
        raise DataError(f"{where}: the file has a header but no data rows.")
    notes += layout.notes + left_out.notes()


def _types(head: pd.DataFrame, layout, kind_of: Callable[[str], pa.DataType]) -> dict[int, pa.DataType]:
    """Per grid column, the type `kind_of` gives its header, where every filled cell of the first records
    converts to it (a column that does not is read as text from the start)."""
    types = {}
    for position, name in layout.names.items():
        kind = pa.string() if pd.isna(name) else kind_of(str(name).strip())
        if kind != pa.string() and position in head:
            cells = head[position].dropna().astype(str).str.strip()
            try:
                pa.array(cells[~cells.isin(NA_CELLS)], pa.string()).cast(kind)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
            types[position] = kind
    return types


def excel_sheets(path: Path) -> list[str]:
    """The sheet names of a workbook, in order (none for other formats)."""
    return sheet_names(path)


def _check_file(path: Path) -> None:
    """A file that exists, is not empty and can be read in the memory this machine has free (or under
    `MFGXAI_MAX_FILE_MB`, when set)."""
    if not path.is_file():
        raise DataError(f"{path}: file not found.")
    size = path.stat().st_size
    if size == 0:
        raise DataError(f"{path}: the file is empty (0 bytes).")
    limit = os.environ.get(MAX_FILE_MB_VARIABLE)
    if limit is not None and size > float(limit) * 2**20:
        raise DataError(f"{path}: the file is {size / 2**20:,.1f} MB, above the {float(limit):g} MB limit for one "
                        f"file ({MAX_FILE_MB_VARIABLE}). Split it into several files listed under `data`, or raise "
                        "the limit if this machine has the memory.")
    need, free = size * READ_MEMORY.get(file_format(path), WORKBOOK_MEMORY), psutil.virtual_memory().available
    if need > free:
        raise DataError(f"{path}: the file is {size / 2**20:,.0f} MB; reading and checking it takes about "
                        f"{need / 2**30:,.1f} GB of memory, and this machine has {free / 2**30:,.1f} GB free. Split it "
                        "into several files listed under `data` (each is read and checked on its own), or run it on "
                        "a machine with more memory free.")
