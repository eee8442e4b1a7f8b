"""Cell values as people write them: missing markers, numbers with separators, signs or units in the
cell, and dates and times in Korean, European, ISO or Excel-serial form — each decided per column."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .units import UnitMismatch, conversion, same_unit

NA_TOKENS = frozenset({"", "-", "--", "n/a", "na", "nan", "none", "null", "#n/a", "없음", "미측정", "결측"})
NA_CELLS = sorted({variant for token in NA_TOKENS for variant in (token, token.upper(), token.capitalize())}
                  | {"NaN", "N/A", "#N/A"})  # the tokens as people type them, matched without folding case
NA_ARRAY = pa.array(NA_CELLS)
TEXT = pd.StringDtype("pyarrow")
CAST_BLOCK = 65_536  # cells cast at once: a block with a word in it is searched cell by cell
_PLAIN_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_NUMBER_WITH_UNIT = r"(?P<number>[+-]?(?:\d[\d,.' ]*\d|\d)(?:[eE][+-]?\d+)?)\s*(?P<unit>[^\d\s].*?)?"
_VALUE = re.compile(r"[+-]?[\d.,]*\d[\d.,]*(?:[eE][+-]?\d+)?\s*[a-zA-Z°%µΩ/]{0,6}|"
                    r"\d{1,4}\s*[-./년]\s*\d{1,2}\s*[-./월]\s*\d{1,4}.*|\d{1,2}:\d{2}.*")
_ISO_INSTANT = r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXCEL_SERIALS = (20_000, 80_000)  # 1954 … 2119 as Excel day numbers
_YMD = (r"(?P<year>\d{4})\s*[-./년]\s*(?P<month>\d{1,2})\s*[-./월]\s*(?P<day>\d{1,2})\s*[.일]?")
_DMY = (r"(?P<first>\d{1,2})\s*[./-]\s*(?P<second>\d{1,2})\s*[./-]\s*(?P<year>\d{4})")
_CLOCK = (r"(?:[T\s]+(?:(?P<ampm1>오전|오후|AM|PM|am|pm)\s*)?(?P<hour>\d{1,2}):(?P<minute>\d{2})"
          r"(?::(?P<second_>\d{2}(?:\.\d+)?))?\s*(?P<ampm2>오전|오후|AM|PM|am|pm)?)?\s*(?:[+-]\d{2}:?\d{2}|Z)?")
YMD_TIME = re.compile(rf"^\s*{_YMD}{_CLOCK}\s*$")
DMY_TIME = re.compile(rf"^\s*{_DMY}{_CLOCK}\s*$")


def is_missing(values: pd.Series) -> pd.Series:
    """Empty cells and the usual placeholders ('-', 'N/A', '없음', …)."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # each distinct value looked at once
        return pd.Series(per_value(values, lambda cells: is_missing(cells).to_numpy(), True), index=values.index)
    if not (values.dtype == object or isinstance(values.dtype, pd.StringDtype)):
        return values.isna()  # a typed column (numbers, times) holds no placeholder text
    cells = arrow_text(values)
    if cells is not None:
        placeholder = pc.is_in(pc.utf8_trim_whitespace(cells), value_set=NA_ARRAY)
        return pd.Series(pc.or_kleene(pc.is_null(cells), placeholder).to_numpy(zero_copy_only=False),
                         index=values.index)
    text = values.astype("string").str.strip().str.lower()
    return values.isna() | text.isin(NA_TOKENS).fillna(True)


def clean_text(values: pd.Series) -> pd.Series:
    """Cells as text without outer space, placeholders ('-', 'N/A', '없음', …) missing; by pyarrow at once (a
    column of categories: each distinct value once)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, distinct = values.cat.codes.to_numpy(), clean_text(pd.Series(values.cat.categories, dtype=TEXT))
        cells = arrow_text(distinct).take(pa.array(codes, mask=codes < 0))
        return pd.Series(pd.arrays.ArrowStringArray(cells), index=values.index, copy=False)
    cells = pc.utf8_trim_whitespace(arrow_text(values.astype(TEXT)))
    placeholder = pc.is_in(cells, value_set=NA_ARRAY)
    if pc.any(placeholder).as_py():
        cells = pc.if_else(placeholder, pa.scalar(None, cells.type), cells)
    return pd.Series(pd.arrays.ArrowStringArray(cells), index=values.index, copy=False)


def per_value(values: pd.Series, look, missing) -> np.ndarray:
    """`look` (text cells → an array) applied to each distinct value of a column of categories and spread over
    its cells; an empty cell takes `missing`."""
    found = np.asarray(look(pd.Series(values.cat.categories, dtype=TEXT)))
    return np.append(found, np.array([missing], dtype=found.dtype))[values.cat.codes.to_numpy()]


def arrow_text(values: pd.Series) -> pa.Array | None:
    """The pyarrow string array behind a text column (the readers' columns are), else None."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        cells = pa.array(values.array)
        if isinstance(cells, pa.ChunkedArray):
            return cells.chunk(0) if cells.num_chunks == 1 else cells.combine_chunks()
        return cells
    return None


def looks_like_value(values: pd.Series) -> pd.Series:
    """Cells that read as a value (a number, a number with a unit, a date or a time) rather than a name."""
    typed = values.map(lambda v: isinstance(v, (int, float, dt.date, dt.time, dt.datetime, np.number))
                       and not isinstance(v, bool))
    text = values.astype("string").str.strip()
    return typed | text.str.fullmatch(_VALUE).fillna(False).astype(bool)


def normalise(values: pd.Series) -> pd.Series:
    """Text with full-width forms folded (NFKC), U+2212 minus as '-', outer space stripped."""
    text = values.astype("string").str.strip()
    odd = ~text.str.fullmatch(r"[\x20-\x7e]*").fillna(True)
    if odd.any():
        text[odd] = text[odd].str.normalize("NFKC").str.replace("\u2212", "-", regex=False).str.strip()
    return text


@dataclass
class Style:
    """How one column writes numbers and dates, decided from all its values. Evidence is added as batches are
    read; each batch is read with the decisions known so far (`used`), and when those differ from the ones
    reached over the whole column (`settled()` is False), `fix()` keeps the latter for a second reading."""

    comma: bool = False  # a cell that is not a plain number holds a comma: every cell is read as written
    commas: bool = False  # a number holds a comma …
    grouped: bool = True  # … each in thousands groups ('1,234') …
    points: bool = False  # … or some hold a comma and a point …
    comma_last: bool = True  # … the comma after the point in each of those ('1.234,5')
    month_over_12: bool = False  # a year-last date's second part exceeds 12 …
    day_over_12: bool = False  # … its first part does …
    slashes: bool = True  # … every year-last date is written with '/'
    fixed: dict[str, bool] | None = None
    used: set[tuple[str, bool]] = field(default_factory=set)

    def decisions(self) -> dict[str, bool]:
        decimal_comma = self.commas and (self.comma_last if self.points else not self.grouped)
        return {"comma": self.comma, "decimal_comma": decimal_comma,
                "month_first": self.month_over_12 or (not self.day_over_12 and self.slashes)}

    def decide(self, name: str) -> bool:
        value = (self.fixed or self.decisions())[name]
        self.used.add((name, value))
        return value

    def settled(self) -> bool:
        final = self.decisions()
        return self.fixed is not None or all(final[name] == value for name, value in self.used)

    def fix(self) -> None:
        self.fixed, self.used = self.decisions(), set()


def parse_numbers(values: pd.Series, unit: str = "", mains_hz: float = 60.0,
                  style: Style | None = None) -> tuple[pd.Series, pd.Series]:
    """Numbers from cells with thousands separators, decimal commas, full-width digits or a unit in the cell
    (converted to `unit` when it differs); returns (numbers, unparsable). `style` carries the column's
    decisions from batch to batch (by default the values are the whole column)."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.astype(float), pd.Series(False, index=values.index)
    style = style or Style()
    fast = _cast(values, pa.float64())
    if fast is not None and not style.decide("comma"):  # every filled cell a plain number: cast at once
        return fast, pd.Series(False, index=values.index)
    missing = is_missing(values)
    numbers = _plain_numbers(values, missing)
    rest = numbers.isna() & ~missing
    if rest.any():
        numbers[rest] = _instants(values[rest])
    instant = rest & numbers.notna()
    rest &= ~instant
    style.comma |= bool(rest.any() and values[rest].astype("string").str.contains(",", regex=False).any())
    if style.decide("comma"):
        rest = ~missing & ~instant  # a comma somewhere: '1.000' may be a thousand, decided from the whole column
    if rest.any():
        numbers[rest] = _parse_text(normalise(values[rest]), unit, mains_hz, style)
    bad = numbers.isna() & ~missing
    return numbers, bad


def _cast(values: pd.Series, kind: pa.DataType) -> pd.Series | None:
    """A text column cast by pyarrow as a whole (missing cells staying missing), or None when a cell does not
    cast: the cell-by-cell reading then decides."""
    cells = arrow_text(values)
    if cells is None:
        return None
    try:
        typed = cells.cast(kind)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return pd.Series(typed.to_numpy(zero_copy_only=False), index=values.index)


def _plain_numbers(values: pd.Series, missing: pd.Series) -> pd.Series:
    """Cells that are plain numbers ('12.5', '-3e2') as floats, others NaN. A text column is cast by pyarrow
    in blocks; only a block holding something else is searched cell by cell."""
    cells = arrow_text(values)
    if cells is None:
        return pd.to_numeric(values.where(~missing), errors="coerce").astype(float)
    skip, empty = pa.array(missing.to_numpy()), pa.scalar(None, pa.string())
    blocks = []
    for start in range(0, len(cells), CAST_BLOCK):
        block = pc.if_else(skip.slice(start, CAST_BLOCK), empty, cells.slice(start, CAST_BLOCK))
        try:
            blocks.append(block.cast(pa.float64()))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            plain = pc.match_substring_regex(block, _PLAIN_NUMBER)
            blocks.append(pc.if_else(plain, block, pa.scalar(None, pa.string())).cast(pa.float64()))
    numbers = pa.concat_arrays(blocks) if blocks else pa.array([], pa.float64())
    return pd.Series(numbers.to_numpy(zero_copy_only=False), index=values.index)


def _instants(values: pd.Series) -> pd.Series:
    """ISO dates and times ('2026-11-02 06:05:00') as nanoseconds since 1970, as a column typed as times
    gives them; NaN for other cells."""
    instants = pd.Series(np.nan, index=values.index)
    found = values.astype("string").str.match(_ISO_INSTANT).fillna(False).astype(bool)
    if found.any():
        stamps = pd.to_datetime(values[found].astype("string"), format="ISO8601", errors="coerce")
        nanoseconds = stamps.astype("datetime64[ns]").to_numpy().view("int64")
        instants[found] = np.where(stamps.notna(), nanoseconds, np.nan)
    return instants


def _parse_text(text: pd.Series, unit: str, mains_hz: float, style: Style) -> pd.Series:
    parts = text.str.replace("\u2212", "-", regex=False).str.extract(f"^{_NUMBER_WITH_UNIT}$")
    digits = parts["number"].str.replace(r"[' ]", "", regex=True)
    _comma_evidence(digits.dropna(), style)
    if style.decide("decimal_comma"):
        digits = digits.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        digits = digits.str.replace(",", "", regex=False)
    numbers = pd.to_numeric(digits, errors="coerce").astype(float)
    written = parts["unit"].str.strip()
    for written_unit in written.dropna().unique():
        chosen = written == written_unit
        if unit and same_unit(written_unit, unit):
            continue
        try:
            change = conversion(written_unit, unit, mains_hz) if unit else None
        except UnitMismatch:
            change = None
        numbers[chosen] = change.apply(numbers[chosen]) if change else np.nan
    return numbers


def _comma_evidence(digits: pd.Series, style: Style) -> None:
    """What numbers written with a comma say: '12,5' and '1.234,5' decimal commas, '1,234' and '1,234.5' not."""
    with_comma = digits[digits.str.contains(",", regex=False)]
    if with_comma.empty:
        return
    both = with_comma[with_comma.str.contains(".", regex=False)]
    style.commas, style.points = True, style.points or not both.empty
    style.comma_last &= bool((both.str.rfind(",") > both.str.rfind(".")).all())
    style.grouped &= bool(with_comma.str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+").all())


def parse_times(values: pd.Series, style: Style | None = None) -> tuple[pd.Series, pd.Series]:
    """Timestamps in ISO, Korean (오전/오후, 2026. 11. 2., 2026년 11월 2일), European day-first or Excel-serial
    form, decided per column (`style` carries that decision from batch to batch); returns (times, unparsable)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values, pd.Series(False, index=values.index)
    iso = _cast(values, pa.timestamp("ns"))
    if iso is None:  # a cell that is no ISO time, or a placeholder that is not empty ('N/A', ' - ')
        missing = is_missing(values)
        iso = _cast(values.mask(missing), pa.timestamp("ns")) if missing.any() else None
    if iso is not None:  # every filled cell an ISO 8601 time ('2026-11-02 06:05:00'), parsed at once by pyarrow
        return iso, pd.Series(False, index=values.index)
    times = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    typed = values.map(lambda v: isinstance(v, (dt.datetime, dt.date, pd.Timestamp))) if values.dtype == object \
        else pd.Series(False, index=values.index)
    if typed.any():
        times[typed] = pd.to_datetime(values[typed].astype(object))
    numbers = _plain_numbers(values, missing | typed)
    serial = numbers.between(*EXCEL_SERIALS)
    if serial.any():
        times[serial] = (EXCEL_EPOCH + pd.to_timedelta(numbers[serial], unit="D")).dt.round("ms")
    rest = times.isna() & ~missing & ~serial
    if rest.any():
        text = normalise(values[rest])
        times[rest] = pd.to_datetime(text, errors="coerce", format="ISO8601")
        rest = times.isna() & ~missing & ~serial
        if rest.any():
            times[rest] = _written_times(text[rest[rest].index], style or Style())
    rest = times.isna() & ~missing & ~serial
    if rest.any():
        times[rest] = pd.to_datetime(values[rest].astype(str), errors="coerce", format="mixed")
    return times, times.isna() & ~missing


def _written_times(text: pd.Series, style: Style) -> pd.Series:
    """Year-first (ISO-like and Korean) and year-last (European day-first, or month-first) dates with clocks."""
    parts = text.str.extract(YMD_TIME).astype(object)
    year_last = parts["year"].isna()
    if year_last.any():
        dmy = text[year_last].str.extract(DMY_TIME).astype(object)
        first, second = pd.to_numeric(dmy["first"]), pd.to_numeric(dmy["second"])
        style.month_over_12 |= bool((second > 12).any())
        style.day_over_12 |= bool((first > 12).any())
        style.slashes &= bool(text[year_last].str.contains("/").all())
        dmy["month"], dmy["day"] = (first, second) if style.decide("month_first") else (second, first)
        parts.loc[year_last] = dmy[parts.columns]
    number = {k: pd.to_numeric(parts[k]) for k in ("year", "month", "day", "hour", "minute", "second_")}
    hour, seconds = number["hour"].fillna(0), number["second_"].fillna(0)
    ampm = parts["ampm1"].fillna(parts["ampm2"]).astype("string").str.upper().replace({"오전": "AM", "오후": "PM"})
    pm, am = (ampm.eq(half).fillna(False).astype(bool) for half in ("PM", "AM"))
    hour = hour.mask(pm & hour.lt(12), hour + 12).mask(am & hour.eq(12), 0)
    stamps = pd.to_datetime(pd.DataFrame({"year": number["year"], "month": number["month"], "day": number["day"],
                                          "hour": hour, "minute": number["minute"].fillna(0),
                                          "second": seconds.astype(int)}), errors="coerce")
    return stamps + pd.to_timedelta(seconds % 1, unit="s")


def header_unit(header: str) -> tuple[str, str]:
    """Split 'Current [kA]' or '전류(kA)' into ('Current', 'kA')."""
    match = re.fullmatch(r"\s*(.*?)\s*[\(\[]\s*([^\)\]]*?)\s*[\)\]]\s*", header)
    return (match.group(1), match.group(2)) if match else (header.strip(), "")
