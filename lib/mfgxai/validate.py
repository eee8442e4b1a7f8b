"""Checking client data against a process spec: clear errors for the file, quarantine for rows."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .engagement import Engagement, ProcessConfig
from .errors import DataError
from .i18n import t
from .io import NOTES, read_table
from .mapping import label_key
from .units import UnitMismatch, conversion
from .values import header_unit, is_missing, parse_numbers, parse_times
from .processes import Column, ProcessSpec, get_spec

MIN_ROWS = 30
MIN_DEFECTS = 5
UNIT_PREFIXES = {"k": 1e3, "m": 1e-3}  # kA written in A, ms written in s, …
BASE_UNITS = frozenset({"A", "N", "V", "W", "Ω", "g", "m", "s", "Pa", "rpm"})
HASHED_COLUMNS = 4  # measured columns hashed to find candidate duplicate rows
SOURCE_FILE, SOURCE_ROW, REASON, KIND = "source_file", "source_row", "reason", "kind"
ITEM = "source_item"  # the `group_by` values of a row: rows of one item are never split apart


@dataclass
class ValidatedData:
    """Accepted rows with canonical columns, the quarantined rows with reasons, and the counts."""

    data: pd.DataFrame
    quarantine: pd.DataFrame
    columns: list[Column]
    target: str
    target_kind: str
    files: list[str]
    reasons: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the files were read and converted, what was left out
    examples: dict[str, str] = field(default_factory=dict)  # per reason kind, the first rejected value's reason

    @property
    def features(self) -> list[Column]:
        return [c for c in self.columns if c.is_feature and c.name != self.target]

    def quality(self) -> dict:
        """Row counts and reasons for the manifest and the data-quality appendix."""
        read = len(self.data) + len(self.quarantine)
        return {"files": self.files, "rows_read": read, "rows_accepted": len(self.data),
                "rows_quarantined": len(self.quarantine), "reasons": self.reasons, "warnings": self.warnings,
                "notes": self.notes}

    def top_reasons(self, n: int = 3) -> list[str]:
        """The most frequent reasons rows were rejected, with counts and one example each."""
        return [f"{count:,} row{'s' if count != 1 else ''}: {self.examples.get(kind, kind)}"
                for kind, count in list(self.reasons.items())[:n]]


def process_columns(spec: ProcessSpec, config: ProcessConfig) -> list[Column]:
    """The spec's columns plus the client's declared extra columns."""
    extras = [Column(name=name, **extra.model_dump()) for name, extra in config.extra_columns.items()]
    return [*spec.columns, *extras]


def _client_headers(config: ProcessConfig) -> dict[str, str]:
    """Canonical name → the client's header, to name columns in the client's words."""
    return {canonical: header for header, canonical in config.columns.items()}


def _rename(frame: pd.DataFrame, config: ProcessConfig, columns: list[Column], target: str,
            path: str) -> pd.DataFrame:
    """Map client headers to canonical names; unknown, missing or empty columns are errors."""
    missing = [h for h in config.columns if h not in frame.columns]
    if missing:
        raise DataError(f"{path}: column(s) {missing} named in the column map are not in the file. "
                        f"The file has: {list(frame.columns)}.")
    frame = frame.drop(columns=[c for c in config.ignore if c in frame.columns]).rename(columns=config.columns)
    known = {c.name for c in columns} | {target}
    unknown = [c for c in frame.columns if c not in known]
    if unknown:
        raise DataError(f"{path}: column(s) {unknown} are not in the column map. Map each to a canonical "
                        "name under `columns`, declare it under `extra_columns`, or list it under `ignore`.")
    headers = _client_headers(config)
    empty = [headers.get(c, c) for c in frame.columns if c != target and is_missing(frame[c].head(1_000)).all()
             and is_missing(frame[c]).all()]
    if empty:
        raise DataError(f"{path}: column(s) {empty} are empty in every row. List them under `ignore` "
                        "(or export the file again with their values).")
    return frame


def _items(frame: pd.DataFrame, config: ProcessConfig, path: str) -> dict[str, pd.Series]:
    """{ITEM: each row's item, from the `group_by` columns} (empty without `group_by`)."""
    if not config.group_by:
        return {}
    missing = [h for h in config.group_by if h not in frame.columns]
    if missing:
        raise DataError(f"{path}: column(s) {missing} listed under `group_by` are not in the file. "
                        f"The file has: {list(frame.columns)}.")
    return {ITEM: frame[config.group_by].astype("string").fillna("").agg(" | ".join, axis=1)}


def _prefixed(c: Column) -> tuple[str, float] | None:
    """A bounded column's unit as a prefix on a base unit: 'kA' → ('A', 1000), 'ms' → ('s', 0.001)."""
    factor, base = UNIT_PREFIXES.get(c.unit[:1]), c.unit[1:]
    if factor is None or base.split("/")[0] not in BASE_UNITS or c.low is None or c.high is None:
        return None
    return base, factor


def _in_base_unit(c: Column, values: pd.Series) -> pd.Series:
    """Values outside the range that fall inside it once read in the base unit (10,500 A is 10.5 kA)."""
    base, factor = _prefixed(c)
    return ~values.between(c.low, c.high) & (values / factor).between(c.low, c.high)


def _rows_text(rows) -> str:
    """Spreadsheet row numbers in a few words: 'row 7', 'rows 2–301', 'rows 4, 9, 12 and 40 more'."""
    rows = sorted(int(r) for r in rows)
    if len(rows) == 1:
        return f"row {rows[0]}"
    if rows[-1] - rows[0] == len(rows) - 1:
        return f"rows {rows[0]}–{rows[-1]}"
    more = f" and {len(rows) - 5:,} more" if len(rows) > 5 else ""
    return f"rows {', '.join(map(str, rows[:5]))}{more}"


def _check_units(typed: pd.DataFrame, columns: list[Column], headers: dict[str, str], path: str) -> None:
    """Stop when most of a column is off by a unit prefix (A instead of kA): every row would be rejected."""
    for c in columns:
        if c.name not in typed.columns or c.kind != "number" or _prefixed(c) is None:
            continue
        values = typed[c.name]
        slips, filled = values[_in_base_unit(c, values)], int(values.notna().sum())
        if len(slips) > filled / 2:
            (base, factor), example = _prefixed(c), slips.iloc[0]
            raise DataError(f"{path}: column '{headers.get(c.name, c.name)}': {len(slips):,} of {filled:,} "
                            f"values ({_rows_text(slips.index)}) look like {base}, expected {c.unit} — e.g. "
                            f"{example:g} {base} is {example / factor:g} {c.unit}, inside the "
                            f"physical range {c.low:g}–{c.high:g} {c.unit}. Convert the column to {c.unit}.")


def _named(column, language: str) -> str:
    """A column as a reason names it: its name, and for Korean readers its Korean label first."""
    return f"{column.ko}({column.name})" if language == "ko" else column.name


def _unit(column: Column) -> str:
    return f" {column.unit}" if column.unit else ""


def _encode_target(values: pd.Series, spec: ProcessSpec, config: ProcessConfig, language: str):
    """0/1 for a binary target (unknown labels are reasons), floats for a continuous one."""
    name = _named(spec.target, language)
    if config.target_kind == "continuous":
        numbers, bad = parse_numbers(values)
        return numbers, bad | numbers.isna(), t("q_result_missing", language).format(column=name)
    positive = {label_key(v) for v in (config.positive or [spec.target.positive])}
    negative = {label_key(v) for v in (config.negative or [spec.target.negative])}
    labels = values.astype("string").str.strip().str.lower()
    keys = pd.Series(labels.unique()).dropna()
    by_key = {label: label_key(label) for label in keys}
    defect = labels.isin([k for k, v in by_key.items() if v in positive]).fillna(False).astype(bool)
    good = labels.isin([k for k, v in by_key.items() if v in negative]).fillna(False).astype(bool)
    encoded = pd.Series(np.where(defect, 1.0, np.where(good, 0.0, np.nan)), index=labels.index)
    why = t("q_label", language).format(column=name, positive=", ".join(sorted(positive)),
                                        negative=", ".join(sorted(negative)))
    return encoded, encoded.isna(), why


def _range_reasons(frame: pd.DataFrame, columns: list[Column], language: str) -> pd.DataFrame:
    """One row per value outside its column's physical range: (row, reason, kind)."""
    found = [_problems([], [], [])]
    for c in columns:
        if c.kind != "number" or c.name not in frame.columns or (c.low is None and c.high is None):
            continue
        values = frame[c.name]
        low, high = (float("-inf") if c.low is None else c.low), (float("inf") if c.high is None else c.high)
        outside = values.notna() & ~values.between(low, high)
        if not outside.any():
            continue
        words = {"column": _named(c, language), "unit": _unit(c), "low": f"{c.low:g}" if c.low is not None else "−∞",
                 "high": f"{c.high:g}" if c.high is not None else "∞"}
        slipped = _in_base_unit(c, values[outside]) if _prefixed(c) else pd.Series(False, index=values[outside].index)
        hint = t("q_unit_slip", language).format(base=_prefixed(c)[0], unit=c.unit) if _prefixed(c) else ""
        reasons = [t("q_outside", language).format(value=v, hint=hint if s else "", **words)
                   for v, s in zip(values[outside], slipped)]
        found.append(_problems(values.index[outside], reasons, t("q_outside_kind", language).format(**words)))
    return pd.concat(found, ignore_index=True)


def _problems(rows, reasons, kinds) -> pd.DataFrame:
    """A (row, reason, kind) table: the reason names the value, the kind groups reasons for counting."""
    return pd.DataFrame({"row": list(rows), REASON: reasons, KIND: kinds})


def _written_unit(c: Column, header: str, config: ProcessConfig) -> str:
    """The unit the client wrote a column in: stated in engagement.yaml, else in its header, else the spec's."""
    return config.units.get(header) or header_unit(header)[1] or c.unit


def _number_column(values: pd.Series, c: Column, header: str, config: ProcessConfig, where: str,
                   language: str) -> tuple[pd.Series, pd.Series, str | None]:
    """(numbers in the spec's unit, unparsable cells, a note on the conversion if one was made)."""
    written = _written_unit(c, header, config)
    numbers, bad = parse_numbers(values, written, config.mains_hz)
    try:
        change = conversion(written, c.unit, config.mains_hz) if c.unit else None
    except UnitMismatch:
        raise DataError(f"{where}: column '{header}' is written in {written}, which does not measure "
                        f"{c.en.lower()} ({c.unit}). Map it to another column, or state its unit under `units`.") \
            from None
    if change is None:
        return numbers, bad, None
    note = t("q_unit_converted", language).format(column=_named(c, language), conversion=change.describe())
    return change.apply(numbers), bad, note


def _coerce_file(raw: pd.DataFrame, columns: list[Column], spec: ProcessSpec, config: ProcessConfig,
                 target: str, language: str, where: str) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Typed columns, a (row, reason, kind) table of everything that cannot be used, and conversion notes."""
    typed, problems, notes = pd.DataFrame(index=raw.index), [], []
    headers = _client_headers(config)
    for c in columns:
        if c.name not in raw.columns or c.name == target:
            continue
        values, name = raw[c.name], _named(c, language)
        if c.kind == "number":
            typed[c.name], bad, note = _number_column(values, c, headers.get(c.name, c.name), config, where, language)
            notes += [note] if note else []
            unit_in = t("q_unit_in", language).format(unit=c.unit) if c.unit else ""
            problems.append(_problems(
                raw.index[bad], [t("q_not_number", language).format(column=name, value=v, unit_in=unit_in)
                                 for v in values[bad]],
                t("q_not_number_kind", language).format(column=name, unit_in=unit_in)))
        elif c.kind == "time":
            typed[c.name], bad = parse_times(values)
            problems.append(_problems(
                raw.index[bad], [t("q_not_time", language).format(column=name, value=v) for v in values[bad]],
                t("q_not_time_kind", language).format(column=name)))
        else:
            typed[c.name] = _text(values)
            notes += _own_categories(typed[c.name], c, language)
    typed[target], bad, why = _encode_target(raw[target], spec, config, language)
    problems.append(_problems(raw.index[bad], why, why))
    problems.append(_range_reasons(typed, columns, language))
    return typed, pd.concat(problems, ignore_index=True), notes


def _text(values: pd.Series) -> pd.Series:
    """Category or id cells as text ('1' for a workbook's 1.0), missing markers as missing."""
    text = values
    if pd.api.types.is_float_dtype(values) and values.dropna().mod(1).eq(0).all():
        text = values.astype("Int64")  # lines read as numbers 1.0, 2.0 are the categories '1', '2'
    elif values.dtype == object:  # a workbook's cells: 1.0 in a category column means '1'
        whole = values.map(lambda v: isinstance(v, float) and v.is_integer())
        text = values.where(~whole, values[whole].map(lambda v: str(int(v)))) if whole.any() else values
    text = text.astype("string").str.strip()
    return text.where(~is_missing(text))


def _own_categories(values: pd.Series, c: Column, language: str) -> list[str]:
    """A note when a category column holds values the spec does not list (lines 1/2 for L1…L3): kept as is."""
    own = sorted(set(values.unique()) - set(c.categories) - {pd.NA}) if c.categories else []
    if not own:
        return []
    listed = ", ".join(own[:5]) + (f" (+{len(own) - 5})" if len(own) > 5 else "")
    return [t("q_own_categories", language).format(column=_named(c, language), values=listed,
                                                  spec=", ".join(c.categories))]


def _duplicates(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Rows identical in every cell to an earlier row (a data collector that sent a block twice)."""
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])][:HASHED_COLUMNS]
    if numeric:  # rows equal in every cell are equal in a few numbers first: a cheap hash narrows them down
        hashes = pd.util.hash_pandas_object(table[numeric], index=False)
        table = table[hashes.duplicated(keep=False).to_numpy()]
    involved = table.duplicated(keep=False)
    if not involved.any():
        return _problems([], [], [])
    rows = table[involved]
    first = pd.Series(rows.index, index=rows.index).groupby([rows[c] for c in rows.columns], dropna=False,
                                                             sort=False).transform("first")
    repeated = first[first != first.index]
    return _problems(repeated.index, [t("q_duplicate", language).format(row=r) for r in repeated],
                     t("q_duplicate_kind", language))


def validate_process(engagement: Engagement, process: str, check: bool = True) -> ValidatedData:
    """Read every data file of a process, type and check it; rejected rows go to quarantine. With
    `check=False` a result too small to model is returned rather than refused (see `check_modelable`)."""
    spec, config = get_spec(process), engagement.process(process)
    columns = process_columns(spec, config)
    target = spec.target.name
    accepted, quarantined, files, problems_seen, notes = [], [], [], [], []
    headers = _client_headers(config)
    for path in engagement.data_paths(process):
        where = str(path) if config.sheet is None else f"{path}, sheet '{config.sheet}'"
        table = read_table(path, config.sheet)
        notes += [f"{path.name}: {note}" for note in table.attrs.get(NOTES, [])]
        items = _items(table, config, where)
        raw = _rename(table, config, columns, target, where)
        if target not in raw.columns:
            raise DataError(f"{where}: no result column. Map the client's result column to '{target}' "
                            "under `columns`.")
        typed, problems, converted = _coerce_file(raw, columns, spec, config, target, engagement.language, where)
        if not config.keep_duplicates:  # every cell of the file counts, ignored columns too
            problems = pd.concat([problems, _duplicates(table, engagement.language)], ignore_index=True)
        notes += [n for n in converted if n not in notes]
        _check_units(typed, columns, headers, where)
        reasons = problems.groupby("row")[REASON].agg("; ".join)
        problems_seen.append(problems)
        rejected = raw.loc[reasons.index].rename(columns=headers).assign(
            **{SOURCE_FILE: path.name, REASON: reasons})
        quarantined.append(rejected.rename_axis(SOURCE_ROW).reset_index())
        del table, raw  # the client's cells are let go before the typed rows are copied
        accepted.append(typed.drop(index=reasons.index).assign(**{SOURCE_FILE: path.name, **items}))
        files.append(path.name)
    data = (accepted[0] if len(accepted) == 1 else pd.concat(accepted)).rename_axis(SOURCE_ROW).reset_index()
    quarantine = pd.concat(quarantined, ignore_index=True)
    present = [c for c in columns if c.name in data.columns]
    every = pd.concat(problems_seen, ignore_index=True)
    result = ValidatedData(data, quarantine, present, target, config.target_kind, files,
                           {k: int(v) for k, v in every[KIND].value_counts().items()},
                           _constant_warnings(data, present, target, engagement.language), notes,
                           every.drop_duplicates(KIND).set_index(KIND)[REASON].to_dict())
    if check:
        check_modelable(result, engagement, process)
    return result


def _constant_warnings(data: pd.DataFrame, columns: list[Column], target: str, language: str) -> list[str]:
    """Features holding one value in every accepted row: kept, but they cannot explain anything."""
    warnings = []
    for c in columns:
        values = data[c.name] if c.is_feature and c.name != target else pd.Series(dtype=float)
        first = values.first_valid_index()
        if first is not None and (values.eq(values[first]) | values.isna()).all():
            warnings.append(t("q_constant", language).format(column=_named(c, language), value=values[first],
                                                             unit=_unit(c)))
    return warnings


def check_modelable(result: ValidatedData, engagement: Engagement, process: str,
                    quarantine: Path | None = None) -> None:
    """Stop with a clear message when the accepted rows cannot support a model; the message gives the top
    reasons rows were rejected and where the quarantined rows are."""
    where = f"{engagement.slug}/{process} ({', '.join(result.files)})"
    n = len(result.data)
    if n < MIN_ROWS:
        reasons = "; ".join(result.top_reasons()) or "none rejected"
        listed = f" Every rejected row and its reason: {quarantine}." if quarantine else ""
        raise DataError(f"{where}: only {n} usable rows of {n + len(result.quarantine):,} read. At least "
                        f"{MIN_ROWS} are needed to fit a model. Top reasons: {reasons}.{listed}")
    if result.target_kind == "binary":
        defects = int(result.data[result.target].sum())
        if defects in (0, n):
            only = "defects" if defects else "good parts"
            raise DataError(f"{where}: column '{result.target}' holds only {only}. A model needs both "
                            "good and defective parts; check the positive/negative labels.")
        if defects < MIN_DEFECTS:
            raise DataError(f"{where}: only {defects} defective parts in {n} rows; at least {MIN_DEFECTS} "
                            "are needed to learn what drives defects.")


def write_quarantine(result: ValidatedData, path: Path) -> Path:
    """Every rejected row and its reason as CSV (UTF-8 with BOM so Excel shows Korean)."""
    result.quarantine.to_csv(path, index=False, encoding="utf-8-sig")
    return path
