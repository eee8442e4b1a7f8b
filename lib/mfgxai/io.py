"""Reading client files (CSV in UTF-8/BOM/CP949, XLSX, Parquet) and parsing their numbers."""
from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError

NA_TOKENS = frozenset({"", "-", "--", "n/a", "na", "nan", "none", "null", "#n/a", "없음", "미측정", "결측"})
ENCODINGS = ("utf-8-sig", "cp949")
FIRST_DATA_ROW = 2  # row numbers are as a spreadsheet shows them: header on row 1
HEADER_SEARCH_ROWS = 20  # title rows above the header are looked for this far down
MAX_FILE_MB_VARIABLE = "MFGXAI_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 200


def read_table(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    """Every row of a client file as text, indexed by its row number in the file."""
    path = Path(path)
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame = _with_header(_read_excel(path, sheet), path)
    elif suffix == ".parquet":
        frame = pd.read_parquet(path)
        frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame), name="row")
    elif suffix in (".csv", ".txt", ".tsv"):
        frame = _with_header(_read_csv(path), path)
    else:
        raise DataError(f"{path}: unsupported file type '{suffix}'. Use .csv, .xlsx or .parquet.")
    if frame.empty:
        raise DataError(f"{path}: the file has a header but no data rows.")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


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


def detect_encoding(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) or CP949, the encoding of Korean Excel exports."""
    for encoding in ENCODINGS:
        try:
            raw.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    raise DataError(f"{path}: the text is neither UTF-8 nor CP949 (EUC-KR). Save it as UTF-8 CSV and try again.")


def _read_csv(path: Path) -> pd.DataFrame:
    """The file's cells as a grid (no header yet), one grid row per line of the file."""
    raw = path.read_bytes()
    if raw[:2] == b"PK":
        raise DataError(f"{path}: this is an Excel (zip) file with a .csv name. Rename it to .xlsx.")
    text = raw.decode(detect_encoding(raw, path))
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    head = text.splitlines()[:HEADER_SEARCH_ROWS]
    width = max(len(row) for row in csv.reader(head, delimiter=delimiter))
    try:
        return pd.read_csv(io.StringIO(text), sep=delimiter, header=None, names=range(width), index_col=False,
                           dtype=str, keep_default_na=False, na_values=[""], skip_blank_lines=False)
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            expected, line, saw = found.groups()
            raise DataError(f"{path}: row {line} has {saw} cells, the header has {expected}. Is a delimiter "
                            "inside an unquoted value (e.g. 1,234 in a comma-separated file)?") from exc
        raise DataError(f"{path}: not a readable table ({exc}).") from exc


def excel_sheets(path: Path) -> list[str]:
    """The sheet names of a workbook, in order."""
    with _workbook(path) as book:
        return list(book.sheet_names)


def _workbook(path: Path) -> pd.ExcelFile:
    with open(path, "rb") as handle:
        if handle.read(2) != b"PK":
            raise DataError(f"{path}: not a valid Excel file (is it a CSV with an .xlsx name?).")
    try:
        return pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:  # whatever openpyxl trips over, the client's workbook is the problem
        raise DataError(f"{path}: not a readable Excel workbook ({exc}).") from exc


def _read_excel(path: Path, sheet: str | int | None) -> pd.DataFrame:
    """One sheet's cells as a grid (no header yet); a sheet that does not exist names those that do."""
    with _workbook(path) as book:
        names = list(book.sheet_names)
        if not (sheet is None or sheet in names or (isinstance(sheet, int) and 0 <= sheet < len(names))):
            raise DataError(f"{path}: there is no sheet '{sheet}'. The workbook has: {names}. "
                            "Set `sheet` to one of them.")
        return pd.read_excel(book, sheet_name=0 if sheet is None else sheet, header=None, dtype=object)


def _with_header(grid: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Find the header below any title rows, fold a units row into it, number rows as the file does."""
    grid = grid.dropna(axis=1, how="all")
    filled = grid.head(HEADER_SEARCH_ROWS).notna().sum(axis=1)
    if filled.empty or filled.max() == 0:
        raise DataError(f"{path}: no table found (every cell is empty).")
    header = int(filled.index[filled >= filled.mode().max()][0])  # title rows above it hold fewer cells
    names, body = grid.loc[header], grid.loc[header + 1:].dropna(how="all")
    _check_headless(names, body, path)
    if _is_units_row(body):
        names = [name if pd.isna(unit) else f"{name} ({str(unit).strip()})" for name, unit in zip(names, body.iloc[0])]
        body = body.iloc[1:]
    columns = [str(name).strip() for name in names]
    _check_unique(columns, grid.columns, path)
    body = body.set_axis(columns, axis=1)
    body.index = pd.Index(body.index + 1, name="row")
    return body


def _check_headless(names: pd.Series, body: pd.DataFrame, path: Path) -> None:
    """Values under an empty header cell: usually an unquoted delimiter shifted the row."""
    stray = body.loc[:, names.isna()].notna()
    if stray.any().any():
        row = int(stray.any(axis=1).idxmax())
        position = int(stray.loc[row].idxmax())
        raise DataError(f"{path}: row {row + 1} has a value in column {position + 1}, which has no header. Give "
                        "that column a header, or quote values holding the delimiter (e.g. \"1,234\").")


def _is_units_row(body: pd.DataFrame) -> bool:
    """A row right under the header with only units ('kA', 'ms') above columns of numbers."""
    if len(body) < 2:
        return False
    cells, below = body.iloc[0].dropna(), body.iloc[1:HEADER_SEARCH_ROWS]
    if cells.empty or parse_numbers(cells.astype(str))[0].notna().any():
        return False
    return all(parse_numbers(below[column])[0].notna().mean() > 0.5 for column in cells.index)


def _check_unique(columns: list[str], positions, path: Path) -> None:
    """Each header once: a repeated header cannot be mapped to one column."""
    seen: dict[str, list[int]] = {}
    for name, position in zip(columns, positions):
        seen.setdefault(name, []).append(int(position) + 1)
    repeated = {name: where for name, where in seen.items() if len(where) > 1}
    if repeated:
        listed = "; ".join(f"'{name}' (columns {', '.join(map(str, where))})" for name, where in repeated.items())
        raise DataError(f"{path}: column header(s) appear more than once: {listed}. Give each column its own name.")


def is_missing(values: pd.Series) -> pd.Series:
    """Empty cells and the usual placeholders ('-', 'N/A', '없음', …)."""
    text = values.astype("string").str.strip().str.lower()
    return values.isna() | text.isin(NA_TOKENS).fillna(True)


def _decimal_comma(text: pd.Series) -> bool:
    """Whether a column writes decimals with a comma ('12,5'; '1.234,5')."""
    with_comma = text[text.str.contains(",", regex=False)]
    if with_comma.empty:
        return False
    both = with_comma[with_comma.str.contains(".", regex=False)]
    if not both.empty:
        return bool((both.str.rfind(",") > both.str.rfind(".")).all())
    return not with_comma.str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+").all()


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers from text with thousands separators or decimal commas; returns (numbers, unparsable)."""
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.astype(float)
        return numbers, pd.Series(False, index=values.index)
    missing = is_missing(values)
    text = values.astype("string").str.strip().str.replace(r"\s", "", regex=True).where(~missing)
    if _decimal_comma(text.dropna()):
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(",", "", regex=False)
    numbers = pd.to_numeric(text, errors="coerce").astype(float)
    bad = numbers.isna() & ~missing
    return numbers.where(~bad, np.nan), bad


def parse_times(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Timestamps in any common format; returns (times, unparsable)."""
    missing = is_missing(values)
    times = pd.to_datetime(values.where(~missing), errors="coerce", format="mixed")
    return times, times.isna() & ~missing


def header_unit(header: str) -> tuple[str, str]:
    """Split 'Current [kA]' or '전류(kA)' into ('Current', 'kA')."""
    match = re.fullmatch(r"\s*(.*?)\s*[\(\[]\s*([^\)\]]*?)\s*[\)\]]\s*", header)
    return (match.group(1), match.group(2)) if match else (header.strip(), "")
