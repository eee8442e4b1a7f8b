"""A client file's cells as a grid, whatever program wrote it: the format is told by content, not by name.

Text (CSV/TSV/TXT in UTF-8 ± BOM, UTF-16 with BOM, CP949/EUC-KR; delimiter and quoting found by
clevercsv), Excel and OpenDocument workbooks (.xlsx/.xlsm/.xlsb/.xls/.ods through python-calamine),
an HTML table saved with an .xls name (as web MES "export to Excel" buttons write), and Parquet.
"""
from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import clevercsv
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from python_calamine import CalamineWorkbook

from ..errors import DataError
from .encodings import BOMS, RECODE_BYTES, SNIFF_BYTES, as_utf8, decode
from .values import NA_CELLS

DIALECT_CHARS = 8 * 1024  # the sample the delimiter and quoting are decided from
HEAD_RECORDS = 200
FORMAT_NAMES = {"xlsx": "an Excel workbook", "xlsb": "an Excel binary workbook", "xls": "an Excel 97-2003 workbook",
                "ods": "an OpenDocument spreadsheet", "html": "an HTML table",
                "text": "a text table"}
EXPECTED_SUFFIXES = {"xlsx": {".xlsx", ".xlsm"}, "xlsb": {".xlsb"}, "xls": {".xls"}, "ods": {".ods"},
                     "html": {".html", ".htm", ".xls"},
                     "text": {".csv", ".tsv", ".txt", ".dat", ".prn"}}


@dataclass
class TextSource:
    """Where a text table's records are and how they are written, for reading them in batches."""

    path: Path
    encoding: str  # as decided from the first lines
    delimiter: str
    quote: str
    width: int  # cells in the widest of the first records
    lines_before: list[int]  # [k]: physical lines above record k + 1 (quoted line breaks)


@dataclass
class Grid:
    """The cells of one table (no header decided yet), the merged header ranges and what was noticed."""

    cells: pd.DataFrame  # object cells, NaN where empty; index = row number in the file (1 = first)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # ((row, col), (row, col))
    notes: list[str] = field(default_factory=list)
    typed: bool = False  # cells carry their own types (Excel, Parquet) rather than text
    rest: Callable[[int], pd.DataFrame] | None = None  # text files: every record from the given one on
    text: TextSource | None = None  # text files: for reading the records in batches


def file_format(path: Path) -> str:
    """'xlsx', 'xlsb', 'ods', 'xls', 'html', 'parquet' or 'text', from the first bytes of the file."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument" in head:
            return "ods"
        return "xlsb" if _zip_has(path, "xl/workbook.bin") else "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head.startswith(b"PAR1"):
        return "parquet"
    start = _decoded_start(head).lstrip().lower()
    if start.startswith(("<!doctype html", "<html", "<table", "<?xml")) or (start.startswith("<") and "<table" in start):
        return "html"
    return "text"


def _zip_has(path: Path, member: str) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _decoded_start(head: bytes) -> str:
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    return head.decode("utf-8", errors="ignore")


def read_grid(path: Path, sheet: str | int | None = None, kind: str | None = None) -> Grid:
    """The cells of a text, HTML or workbook file as a grid; a file whose name says another format is read by what it is, with a note."""
    kind = kind or file_format(path)
    grid = {"text": _text_grid, "html": _html_grid}.get(kind, _workbook_grid)(path, sheet)
    if path.suffix.lower() not in EXPECTED_SUFFIXES[kind]:
        grid.notes.append(f"{path.name} is {FORMAT_NAMES[kind]} despite its '{path.suffix}' name; read as such")
    return grid


# --- text ---------------------------------------------------------------------------------------------------------

def _dialect(text: str) -> tuple[str, str]:
    """(delimiter, quote character) of the table, from its first lines, by clevercsv's data consistency measure."""
    sample = text[:DIALECT_CHARS]
    if len(text) > DIALECT_CHARS:
        sample = sample[:sample.rfind("\n") + 1] or sample
    found = clevercsv.Detector().detect(sample, delimiters=[",", ";", "\t", "|"])
    if found is None or not found.delimiter:
        return ",", '"'
    return found.delimiter, found.quotechar or '"'


def _text_grid(path: Path, sheet=None) -> Grid:
    """The first records as a grid to find the header in; `rest` reads every record from one on, typed. A UTF-8
    file is read from disk by pyarrow; other encodings are re-encoded to UTF-8 in memory first."""
    with open(path, "rb") as handle:
        start = handle.read(SNIFF_BYTES)
    source, encoding = as_utf8(start, path, whole=False)
    streamed = encoding in ("utf-8", "utf-8-sig")
    head = source[:SNIFF_BYTES].decode("utf-8", errors="ignore")  # a character cut at the end is dropped
    delimiter, quote = _dialect(head)
    reader = csv.reader(io.StringIO(head), delimiter=delimiter, quotechar=quote)
    records, lines_before = [], [0]  # lines_before[k]: physical lines above record k + 1 (quoted line breaks)
    for row in itertools.islice(reader, HEAD_RECORDS):
        records.append(row)
        lines_before.append(reader.line_num)
    width = max((len(row) for row in records), default=1)
    cells = pd.DataFrame([row + [""] * (width - len(row)) for row in records], dtype=object).replace("", np.nan)
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    notes = [] if encoding in ("utf-8", "utf-8-sig") else [f"text encoding {encoding}"]
    if delimiter != ",":
        notes.append(f"cells separated by {_DELIMITER_NAMES.get(delimiter, repr(delimiter))}")

    def rest(first: int) -> pd.DataFrame:
        skip, dialect = lines_before[first - 1], (delimiter, quote, width)
        body = _columnar(path, *dialect, skip, typed=True) if streamed else None  # a typed read checks the UTF-8
        if body is None:
            whole, found = as_utf8(path.read_bytes(), path)  # all of it: CP949 may start with plain ASCII lines
            notes.extend([f"text encoding {found}"] if found != encoding else [])
            for typed in (True, False):
                body = _columnar(whole, *dialect, skip, typed=typed) if body is None else body
        if body is None:
            body = _ragged(whole.decode("utf-8"), delimiter, quote, width, path)
            body.index = pd.RangeIndex(1, len(body) + 1)
            return body.loc[first:]
        body.index = pd.RangeIndex(first, first + len(body))
        return body
    return Grid(cells, notes=notes, rest=rest,
                text=TextSource(path, encoding, delimiter, quote, width, lines_before))


def _columnar(utf8: bytes | Path, delimiter: str, quote: str, width: int, skip_lines: int,
              typed: bool) -> pd.DataFrame | None:
    """The records below `skip_lines` lines through pyarrow's CSV reader — typed by pyarrow's inference, or
    all as text — or None when a record does not have exactly `width` cells, a later value does not fit
    the inferred type or a cell is not UTF-8 (the next reader handles those)."""
    names = [f"c{i}" for i in range(width)]
    ragged = []

    def note_ragged(row) -> str:
        ragged.append(row)
        return "skip"
    types = {} if typed else {n: pa.string() for n in names}
    try:
        table = pacsv.read_csv(
            pa.BufferReader(utf8) if isinstance(utf8, bytes) else pa.OSFile(str(utf8)),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=skip_lines, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=quote, ignore_empty_lines=False,
                                             newlines_in_values=holds(utf8, quote.encode()),  # unquoted cells hold no line break
                                             invalid_row_handler=note_ragged),
            convert_options=pacsv.ConvertOptions(column_types=types, null_values=NA_CELLS if typed else [""],
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True,
                                                 true_values=[], false_values=[]))
    except pa.ArrowInvalid:
        return None
    if ragged or any(pa.types.is_binary(kind) for kind in table.schema.types):
        return None
    cells = table.to_pandas(self_destruct=True, split_blocks=True,
                            types_mapper=lambda kind: pd.StringDtype("pyarrow") if pa.types.is_string(kind) else None)
    cells.columns = range(width)
    return cells


def holds(utf8: bytes | Path, byte: bytes) -> bool:
    if isinstance(utf8, bytes):
        return byte in utf8
    with open(utf8, "rb") as handle:
        return any(byte in piece for piece in iter(lambda: handle.read(RECODE_BYTES), b""))


def _ragged(text: str, delimiter: str, quote: str, width: int, path: Path) -> pd.DataFrame:
    """Records of any length, row by row, padded to `width`; a longer record is a clear error."""
    try:
        return pd.read_csv(io.StringIO(text), sep=delimiter, quotechar=quote, header=None, names=range(width),
                           index_col=False, dtype=str, keep_default_na=False, na_values=[""],
                           skip_blank_lines=False)
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            expected, line, saw = found.groups()
            raise DataError(f"{path}: row {line} has {saw} cells, the header has {expected}. Is a delimiter "
                            "inside an unquoted value (e.g. 1,234 in a comma-separated file)?") from exc
        raise DataError(f"{path}: not a readable table ({exc}).") from exc


_DELIMITER_NAMES = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


# --- workbooks ----------------------------------------------------------------------------------------------------

def workbook(path: Path) -> CalamineWorkbook:
    """An open workbook (any Excel or OpenDocument format); a damaged one is a clear error."""
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    except Exception as exc:  # calamine's errors are about the client's file, not about us
        raise DataError(f"{path}: not a readable workbook ({type(exc).__name__}: {str(exc)[:200]}). "
                        "Open it in Excel and save it again as .xlsx.") from exc


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, in order (an empty list for other formats)."""
    if file_format(path) not in ("xlsx", "xlsb", "xls", "ods"):
        return []
    return list(workbook(path).sheet_names)


def _workbook_grid(path: Path, sheet: str | int | None) -> Grid:
    book = workbook(path)
    names = list(book.sheet_names)
    if not (sheet is None or sheet in names or (isinstance(sheet, int) and 0 <= sheet < len(names))):
        raise DataError(f"{path}: there is no sheet '{sheet}'. The workbook has: {names}. Set `sheet` to one of them.")
    chosen = book.get_sheet_by_index(sheet or 0) if sheet is None or isinstance(sheet, int) \
        else book.get_sheet_by_name(sheet)
    rows = chosen.to_python(skip_empty_area=False)
    cells = pd.DataFrame(rows, dtype=object).replace("", np.nan) if rows else pd.DataFrame(dtype=object)
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    merged = [((a + 0, b), (c, d)) for (a, b), (c, d) in (chosen.merged_cell_ranges or [])]
    return Grid(cells, merged=merged, typed=True)


# --- other formats ------------------------------------------------------------------------------------------------

def _html_grid(path: Path, sheet=None) -> Grid:
    text, _ = decode(path.read_bytes(), path)
    try:
        tables = pd.read_html(io.StringIO(text), header=None, keep_default_na=False, displayed_only=False)
    except ValueError as exc:
        raise DataError(f"{path}: an HTML page without a table ({exc}). Export the data again as CSV or XLSX.") from exc
    table = max(tables, key=lambda frame: frame.size)
    if not isinstance(table.columns, pd.RangeIndex):  # a <thead> row: keep it as the grid's first row
        table = pd.concat([pd.DataFrame([list(table.columns)]), table.set_axis(range(table.shape[1]), axis=1)],
                          ignore_index=True)
    cells = table.astype(object).where(table.astype(str).ne(""), np.nan)
    cells.columns = range(cells.shape[1])
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    notes = [f"the largest of {len(tables)} HTML tables was read"] if len(tables) > 1 else []
    return Grid(cells.astype(object), notes=notes)
