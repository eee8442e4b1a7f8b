"""Checking client data against a process spec: clear errors for the file, quarantine for rows."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .engagement import Engagement, ProcessConfig
from .errors import DataError
from .i18n import t
from .io import is_missing, parse_numbers, parse_times, read_table
from .processes import Column, ProcessSpec, get_spec

MIN_ROWS = 30
MIN_DEFECTS = 5
UNIT_PREFIXES = {"k": 1e3, "m": 1e-3}  # kA written in A, ms written in s, …
BASE_UNITS = frozenset({"A", "N", "V", "W", "Ω", "g", "m", "s", "Pa", "rpm"})
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

    @property
    def features(self) -> list[Column]:
        return [c for c in self.columns if c.is_feature and c.name != self.target]

    def quality(self) -> dict:
        """Row counts and reasons for the manifest and the data-quality appendix."""
        read = len(self.data) + len(self.quarantine)
        return {"files": self.files, "rows_read": read, "rows_accepted": len(self.data),
                "rows_quarantined": len(self.quarantine), "reasons": self.reasons, "warnings": self.warnings}


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
    empty = [headers.get(c, c) for c in frame.columns if c != target and is_missing(frame[c]).all()]
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
        values = typed[c.name].dropna()
        slips = values[_in_base_unit(c, values)]
        if len(slips) > len(values) / 2:
            (base, factor), example = _prefixed(c), slips.iloc[0]
            raise DataError(f"{path}: column '{headers.get(c.name, c.name)}': {len(slips):,} of {len(values):,} "
                            f"values ({_rows_text(slips.index)}) look like {base}, expected {c.unit} — e.g. "
                            f"{example:g} {base} is {example / factor:g} {c.unit}, inside the "
                            f"physical range {c.low:g}–{c.high:g} {c.unit}. Convert the column to {c.unit}.")


def _label_key(value) -> str:
    text = str(value).strip().lower()
    try:
        number = float(text)
        return str(int(number)) if number.is_integer() else text
    except ValueError:
        return text


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
    positive = {_label_key(v) for v in (config.positive or [spec.target.positive])}
    negative = {_label_key(v) for v in (config.negative or [spec.target.negative])}
    keys = values.map(_label_key)
    encoded = keys.map(lambda k: 1 if k in positive else 0 if k in negative else None)
    why = t("q_label", language).format(column=name, positive=", ".join(sorted(positive)),
                                        negative=", ".join(sorted(negative)))
    return encoded, encoded.isna(), why


def _range_schema(columns: list[Column]) -> pa.DataFrameSchema:
    checks = {}
    for c in columns:
        if c.kind == "number" and (c.low is not None or c.high is not None):
            bounds = pa.Check.in_range(c.low if c.low is not None else float("-inf"),
                                       c.high if c.high is not None else float("inf"))
            checks[c.name] = pa.Column(float, bounds, nullable=True, required=False)
    return pa.DataFrameSchema(checks)


def _range_reasons(frame: pd.DataFrame, columns: list[Column], language: str) -> pd.DataFrame:
    """One row per out-of-range value: (row, reason), via pandera's lazy validation."""
    try:
        _range_schema(columns).validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
        by_name = {c.name: c for c in columns}

        def words(c: Column) -> dict:
            return {"column": _named(c, language), "unit": _unit(c), "low": f"{c.low:g}", "high": f"{c.high:g}"}

        def reason(case) -> str:
            c = by_name[case["column"]]
            slipped = _prefixed(c) and _in_base_unit(c, pd.Series([float(case["failure_case"])])).iloc[0]
            hint = t("q_unit_slip", language).format(base=_prefixed(c)[0], unit=c.unit) if slipped else ""
            return t("q_outside", language).format(value=case["failure_case"], hint=hint, **words(c))

        def kind(name: str) -> str:
            return t("q_outside_kind", language).format(**words(by_name[name]))
        return _problems(cases["index"].astype(int), cases.apply(reason, axis=1).tolist(),
                         cases["column"].map(kind).tolist())
    return _problems([], [], [])


def _problems(rows, reasons, kinds) -> pd.DataFrame:
    """A (row, reason, kind) table: the reason names the value, the kind groups reasons for counting."""
    return pd.DataFrame({"row": list(rows), REASON: reasons, KIND: kinds})


def _coerce_file(raw: pd.DataFrame, columns: list[Column], spec: ProcessSpec, config: ProcessConfig,
                 target: str, language: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Typed columns plus a (row, reason) table of everything that cannot be used."""
    typed, problems = pd.DataFrame(index=raw.index), []
    for c in columns:
        if c.name not in raw.columns or c.name == target:
            continue
        values, name = raw[c.name], _named(c, language)
        if c.kind == "number":
            typed[c.name], bad = parse_numbers(values)
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
            typed[c.name] = values.astype("string").str.strip().where(~is_missing(values))
    typed[target], bad, why = _encode_target(raw[target], spec, config, language)
    problems.append(_problems(raw.index[bad], why, why))
    problems.append(_range_reasons(typed, columns, language))
    return typed, pd.concat(problems, ignore_index=True)


def validate_process(engagement: Engagement, process: str) -> ValidatedData:
    """Read every data file of a process, type and check it; rejected rows go to quarantine."""
    spec, config = get_spec(process), engagement.process(process)
    columns = process_columns(spec, config)
    target = spec.target.name
    accepted, quarantined, files, kinds = [], [], [], []
    headers = _client_headers(config)
    for path in engagement.data_paths(process):
        where = str(path) if config.sheet is None else f"{path}, sheet '{config.sheet}'"
        table = read_table(path, config.sheet)
        items = _items(table, config, where)
        raw = _rename(table, config, columns, target, where)
        if target not in raw.columns:
            raise DataError(f"{where}: no result column. Map the client's result column to '{target}' "
                            "under `columns`.")
        typed, problems = _coerce_file(raw, columns, spec, config, target, engagement.language)
        _check_units(typed, columns, headers, where)
        reasons = problems.groupby("row")[REASON].agg("; ".join)
        kinds.append(problems[KIND])
        accepted.append(typed.drop(index=reasons.index).assign(**{SOURCE_FILE: path.name, **items}))
        rejected = raw.loc[reasons.index].rename(columns=headers).assign(
            **{SOURCE_FILE: path.name, REASON: reasons})
        quarantined.append(rejected.rename_axis(SOURCE_ROW).reset_index())
        files.append(path.name)
    data = pd.concat(accepted).rename_axis(SOURCE_ROW).reset_index()
    quarantine = pd.concat(quarantined, ignore_index=True)
    present = [c for c in columns if c.name in data.columns]
    result = ValidatedData(data, quarantine, present, target, config.target_kind, files,
                           {k: int(v) for k, v in pd.concat(kinds).value_counts().items()},
                           _constant_warnings(data, present, target, engagement.language))
    _check_modelable(result, engagement, process)
    return result


def _constant_warnings(data: pd.DataFrame, columns: list[Column], target: str, language: str) -> list[str]:
    """Features holding one value in every accepted row: kept, but they cannot explain anything."""
    warnings = []
    for c in columns:
        values = data[c.name].dropna() if c.is_feature and c.name != target else pd.Series()
        if len(values) and values.nunique() == 1:
            warnings.append(t("q_constant", language).format(column=_named(c, language), value=values.iloc[0],
                                                             unit=_unit(c)))
    return warnings


def _check_modelable(result: ValidatedData, engagement: Engagement, process: str) -> None:
    """Stop with a clear message when the accepted rows cannot support a model."""
    where = f"{engagement.slug}/{process} ({', '.join(result.files)})"
    n = len(result.data)
    if n < MIN_ROWS:
        raise DataError(f"{where}: only {n} usable rows (of {n + len(result.quarantine)} read; see "
                        f"quarantine.csv). At least {MIN_ROWS} are needed to fit a model.")
    if result.target_kind == "binary":
        defects = int(result.data[result.target].sum())
        if defects in (0, n):
            only = "defects" if defects else "good parts"
            raise DataError(f"{where}: column '{result.target}' holds only {only}. A model needs both "
                            "good and defective parts; check the positive/negative labels.")
        if defects < MIN_DEFECTS:
            raise DataError(f"{where}: only {defects} defective parts in {n} rows; at least {MIN_DEFECTS} "
                            "are needed to learn what drives defects.")


def write_quarantine(result: ValidatedData, folder: Path) -> Path:
    """quarantine.csv (UTF-8 with BOM so Excel shows Korean) with every rejected row and its reason."""
    path = folder / "quarantine.csv"
    result.quarantine.to_csv(path, index=False, encoding="utf-8-sig")
    return path
