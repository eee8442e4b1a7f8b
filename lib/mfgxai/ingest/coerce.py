"""Typing client rows (a whole file or one batch of it) against a process spec: numbers in the spec's unit,
times, result labels and text, and every cell that cannot be used as a (row, reason, kind) problem."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..engagement.config import ProcessConfig
from ..errors import DataError
from ..i18n import pick, t
from ..processes import Column, ProcessSpec
from .mapping import label_key
from .units import Conversion, UnitMismatch, conversion
from .values import (
    TEXT,
    Style,
    arrow_text,
    clean_text,
    header_unit,
    parse_numbers,
    parse_times,
)

UNIT_PREFIXES = {"k": 1e3, "m": 1e-3}  # kA written in A, ms written in s, …
BASE_UNITS = frozenset({"A", "N", "V", "W", "Ω", "g", "m", "s", "Pa", "rpm"})
REASON, KIND = "reason", "kind"
PARSE, TARGET, RANGE, DUPLICATE = 0, 1, 2, 3  # problem slots, in the order reasons are listed
CATEGORIES = pa.dictionary(pa.int32(), pa.string())  # a column of few values: each value parsed once
READ_TYPES = {"number": pa.float64(), "time": pa.timestamp("ns"), "category": CATEGORIES}


@dataclass
class Reading:
    """How one file's columns are read: the spec and the client's settings, each number column's change of
    unit (decided from its header) and each column's style (decided from all its values)."""

    spec: ProcessSpec
    config: ProcessConfig
    columns: list[Column]
    language: str
    changes: dict[str, Conversion | None] = field(default_factory=dict)
    styles: dict[str, Style] = field(default_factory=dict)
    gaps: dict[str, int] = field(default_factory=dict)  # per column, the machine's "no reading" values read as gaps

    @property
    def target(self) -> str:
        return self.spec.target.name

    @property
    def headers(self) -> dict[str, str]:
        """Canonical name → the client's header, to name columns in the client's words."""
        return {canonical: header for header, canonical in self.config.columns.items()}

    def prepare(self, present: list[str], where: str) -> None:
        """Each present number column's change of unit; a unit of another quantity stops with a clear error."""
        for c in self.columns:
            if c.kind != "number" or c.name not in present or c.name == self.target or c.name in self.changes:
                continue
            header, written = self.headers.get(c.name, c.name), self.written(c)
            try:
                self.changes[c.name] = conversion(written, c.unit, self.config.mains_hz) if c.unit else None
            except UnitMismatch:
                raise DataError(f"{where}: column '{header}' is written in {written}, which does not measure "
                                f"{c.en.lower()} ({c.unit}). Map it to another column, or state its unit under "
                                "`units`.") from None

    def written(self, c: Column) -> str:
        """The unit the client wrote a column in: stated in engagement.yaml, else in its header, else the spec's."""
        header = self.headers.get(c.name, c.name)
        return self.config.units.get(header) or header_unit(header)[1] or c.unit

    def style(self, name: str) -> Style:
        return self.styles.setdefault(name, Style())

    def arrow_type(self, header: str) -> pa.DataType:
        """The type a text file's column can be read as at once: numbers and times as the spec has them, the
        other columns (and those rows are grouped by, ignored or not in the spec) as text."""
        config, name = self.config, self.config.columns.get(header, header)
        column = next((c for c in self.columns if c.name == name), None)
        if header in config.ignore or header in config.group_by:
            return pa.string()
        if name == self.target:
            return pa.float64() if config.target_kind == "continuous" else CATEGORIES
        return READ_TYPES.get(column.kind, pa.string()) if column else pa.string()


def problems(rows, reasons, kinds) -> pd.DataFrame:
    """A (row, reason, kind) table: the reason names the value, the kind groups reasons for counting."""
    return pd.DataFrame({"row": list(rows), REASON: reasons, KIND: kinds})


def named(column, language: str) -> str:
    """A column as a reason names it: its name, and for Korean readers its Korean label first."""
    return pick(column.name, f"{column.ko}({column.name})", language)


def unit_of(column: Column) -> str:
    return f" {column.unit}" if column.unit else ""


def coerce(raw: pd.DataFrame, reading: Reading) -> tuple[dict[str, pd.Series], dict[tuple, pd.DataFrame]]:
    """Typed columns and, per slot, what cannot be used — (PARSE, i), (TARGET, 0), (RANGE, i); slots without a
    problem are left out."""
    typed, slots, language = {}, {}, reading.language
    for i, c in enumerate(reading.columns):
        if c.name not in raw.columns or c.name == reading.target:
            continue
        values, name = raw[c.name], named(c, language)
        if c.kind == "number":
            numbers, bad = parse_numbers(values, reading.written(c), reading.config.mains_hz, reading.style(c.name))
            if c.sentinels:  # the machine's "no reading" (a thermocouple's 1449) is a gap, not a value
                no_reading = numbers.isin(c.sentinels)
                reading.gaps[c.name] = reading.gaps.get(c.name, 0) + int(no_reading.sum())
                numbers = numbers.mask(no_reading)
            change = reading.changes.get(c.name)
            typed[c.name] = change.apply(numbers) if change else numbers
            if bad.any():
                unit_in = t("q_unit_in", language).format(unit=c.unit) if c.unit else ""
                slots[PARSE, i] = problems(
                    raw.index[bad], [t("q_not_number", language).format(column=name, value=v, unit_in=unit_in)
                                     for v in values[bad]],
                    t("q_not_number_kind", language).format(column=name, unit_in=unit_in))
        elif c.kind == "time":
            typed[c.name], bad = parse_times(values, reading.style(c.name))
            if bad.any():
                slots[PARSE, i] = problems(
                    raw.index[bad], [t("q_not_time", language).format(column=name, value=v) for v in values[bad]],
                    t("q_not_time_kind", language).format(column=name))
        else:
            typed[c.name] = text(values)
    typed[reading.target], bad, why = _encode_target(raw[reading.target], reading)
    if bad.any():
        slots[TARGET, 0] = problems(raw.index[bad], why, why)
    slots.update(_range_reasons(typed, reading.columns, language))
    return typed, slots


def conversion_notes(reading: Reading) -> dict[str, str]:
    """Per converted column, the note saying how ('가압력: kgf → kN, ×0.00981')."""
    return {c.name: t("q_unit_converted", reading.language).format(column=named(c, reading.language),
                                                                   conversion=reading.changes[c.name].describe())
            for c in reading.columns if reading.changes.get(c.name)}


def _encode_target(values: pd.Series, reading: Reading):
    """0/1 for a binary target (unknown labels are reasons), floats for a continuous one."""
    spec, config, language = reading.spec, reading.config, reading.language
    name = named(spec.target, language)
    if config.target_kind == "continuous":
        numbers, bad = parse_numbers(values, style=reading.style(spec.target.name))
        return numbers, bad | numbers.isna(), t("q_result_missing", language).format(column=name)
    positive = {label_key(v) for v in (config.positive or [spec.target.positive])}
    negative = {label_key(v) for v in (config.negative or [spec.target.negative])}
    cells = pa.array(values.array) if isinstance(values.dtype, pd.CategoricalDtype) else \
        pc.dictionary_encode(arrow_text(values.astype(TEXT)))  # each label read once, not in every row
    keys = [label_key(label) for label in pc.utf8_lower(pc.utf8_trim_whitespace(cells.dictionary)).to_pylist()]
    codes = np.array([1.0 if key in positive else 0.0 if key in negative else np.nan for key in keys] + [np.nan])
    encoded = pd.Series(codes[pc.fill_null(cells.indices, len(keys)).to_numpy(zero_copy_only=False)],
                        index=values.index, copy=False)
    why = t("q_label", language).format(column=name, positive=", ".join(sorted(positive)),
                                        negative=", ".join(sorted(negative)))
    return encoded, encoded.isna(), why


def prefixed(c: Column) -> tuple[str, float] | None:
    """A bounded column's unit as a prefix on a base unit: 'kA' → ('A', 1000), 'ms' → ('s', 0.001)."""
    factor, base = UNIT_PREFIXES.get(c.unit[:1]), c.unit[1:]
    if factor is None or base.split("/")[0] not in BASE_UNITS or c.low is None or c.high is None:
        return None
    return base, factor


def in_base_unit(c: Column, values: np.ndarray) -> np.ndarray:
    """Values outside the range that fall inside it once read in the base unit (10,500 A is 10.5 kA)."""
    base, factor = prefixed(c)
    return ~_inside(values, c.low, c.high) & _inside(values / factor, c.low, c.high)


def _inside(values: np.ndarray, low: float, high: float) -> np.ndarray:
    return (values >= low) & (values <= high)  # a gap (NaN) is not inside


def numbers_of(values: pd.Series) -> np.ndarray:
    """A typed number column as floats, gaps NaN."""
    return values.to_numpy(dtype=float, na_value=np.nan)


def _range_reasons(typed: dict[str, pd.Series], columns: list[Column], language: str) -> dict[tuple, pd.DataFrame]:
    """Per bounded number column, one row per value outside its physical range: (row, reason, kind)."""
    found = {}
    for i, c in enumerate(columns):
        if c.kind != "number" or c.name not in typed or (c.low is None and c.high is None):
            continue
        values = numbers_of(typed[c.name])
        low, high = (float("-inf") if c.low is None else c.low), (float("inf") if c.high is None else c.high)
        outside = ~np.isnan(values) & ~_inside(values, low, high)
        if not outside.any():
            continue
        words = {"column": named(c, language), "unit": unit_of(c), "high": f"{c.high:g}" if c.high is not None else "∞",
                 "low": f"{c.low:g}" if c.low is not None else "−∞"}
        slipped = in_base_unit(c, values[outside]) if prefixed(c) else np.zeros(int(outside.sum()), dtype=bool)
        hint = t("q_unit_slip", language).format(base=prefixed(c)[0], unit=c.unit) if prefixed(c) else ""
        reasons = [t("q_outside", language).format(value=v, hint=hint if s else "", **words)
                   for v, s in zip(values[outside].tolist(), slipped)]
        found[RANGE, i] = problems(typed[c.name].index[outside], reasons,
                                   t("q_outside_kind", language).format(**words))
    return found


def text(values: pd.Series) -> pd.Series:
    """Category or id cells as text ('1' for a workbook's 1.0), missing markers as missing."""
    cells = values
    if pd.api.types.is_float_dtype(values) and values.dropna().mod(1).eq(0).all():
        cells = values.astype("Int64")  # lines read as numbers 1.0, 2.0 are the categories '1', '2'
    elif values.dtype == object:  # a workbook's cells: 1.0 in a category column means '1'
        whole = values.map(lambda v: isinstance(v, float) and v.is_integer())
        cells = values.where(~whole, values[whole].map(lambda v: str(int(v)))) if whole.any() else values
    return clean_text(cells)


def own_categories_note(own: set, c: Column, language: str) -> str | None:
    """A note when a category column holds values the spec does not list (lines 1/2 for L1…L3): kept as is."""
    own = sorted(own)
    if not own:
        return None
    listed = ", ".join(own[:5]) + (f" (+{len(own) - 5})" if len(own) > 5 else "")
    return t("q_own_categories", language).format(column=named(c, language), values=listed,
                                                 spec=", ".join(c.categories))
