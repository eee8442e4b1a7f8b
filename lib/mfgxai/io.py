"""Reading client files (CSV in UTF-8/BOM/CP949, XLSX, Parquet) and parsing their numbers."""
from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError

NA_TOKENS = frozenset({"", "-", "--", "n/a", "na", "nan", "none", "null", "#n/a", "없음", "미측정", "결측"})
ENCODINGS = ("utf-8-sig", "cp949")
FIRST_DATA_ROW = 2  # row numbers are as a spreadsheet shows them: header on row 1


def read_table(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    """Every row of a client file as text, indexed by its row number in the file."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found.")
    if path.stat().st_size == 0:
        raise DataError(f"{path}: the file is empty (0 bytes).")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame = _read_excel(path, sheet)
    elif suffix == ".parquet":
        frame = pd.read_parquet(path)
    elif suffix in (".csv", ".txt", ".tsv"):
        frame = _read_csv(path)
    else:
        raise DataError(f"{path}: unsupported file type '{suffix}'. Use .csv, .xlsx or .parquet.")
    if frame.empty:
        raise DataError(f"{path}: the file has a header but no data rows.")
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame), name="row")
    return frame


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
    raw = path.read_bytes()
    if raw[:2] == b"PK":
        raise DataError(f"{path}: this is an Excel (zip) file with a .csv name. Rename it to .xlsx.")
    encoding = detect_encoding(raw, path)
    text = raw.decode(encoding)
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        return pd.read_csv(path, encoding=encoding, sep=delimiter, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise DataError(f"{path}: not a readable table ({exc}).") from exc


def _read_excel(path: Path, sheet: str | int | None) -> pd.DataFrame:
    with open(path, "rb") as handle:
        if handle.read(2) != b"PK":
            raise DataError(f"{path}: not a valid Excel file (is it a CSV with an .xlsx name?).")
    try:
        return pd.read_excel(path, sheet_name=0 if sheet is None else sheet, dtype=object, engine="openpyxl")
    except zipfile.BadZipFile as exc:
        raise DataError(f"{path}: not a valid Excel file (is it a CSV with an .xlsx name?).") from exc
    except ValueError as exc:
        raise DataError(f"{path}: {exc}") from exc


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
