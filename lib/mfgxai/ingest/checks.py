"""One client file checked against a process spec, batch by batch: each batch's rows typed, the unusable
ones quarantined with their reasons, the accepted ones kept a column at a time; what only the whole file
can tell (an empty column, a column written in another unit prefix) is checked once every batch is in."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from .coerce import (
    DUPLICATE,
    REASON,
    Reading,
    coerce,
    conversion_notes,
    in_base_unit,
    numbers_of,
    own_categories_note,
    prefixed,
    problems,
)
from .memory import release_freed_memory
from .rejects import Duplicates, Tally, row_hashes, rows_text
from .values import is_missing

SOURCE_FILE, SOURCE_ROW = "source_file", "source_row"
HASHING = ThreadPoolExecutor(1, thread_name_prefix="mfgxai-hashing")  # numpy hashes and finds rows without the GIL
ITEM = "source_item"  # the `group_by` values of a row: rows of one item are never split apart


def _reasons_by_row(found: pd.DataFrame) -> pd.Series:
    """Each rejected row's reasons joined by '; ' in the order found, indexed by row in order."""
    rows, reasons = found["row"].to_numpy(dtype=np.int64), found[REASON].to_numpy(dtype=object)
    order = np.argsort(rows, kind="stable")
    rows, reasons = rows[order], reasons[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]][:len(rows)])
    joined = reasons[starts]
    ends = np.r_[starts[1:], len(rows)]
    for i in np.flatnonzero(ends - starts > 1):  # a row with several reasons: few
        joined[i] = "; ".join(reasons[starts[i]:ends[i]])
    return pd.Series(joined, index=pd.Index(rows[starts], name="row"), name=REASON, dtype=found[REASON].dtype)


class FileCheck:
    """The accepted rows, quarantined rows, reasons and notes of one file, gathered batch by batch."""

    def __init__(self, path: Path, where: str, number: int, reading: Reading) -> None:
        self.path, self.where, self.number, self.reading = path, where, number, reading
        self.tally, self.unfilled = Tally(), None  # unfilled: columns without a value so far
        self.duplicates = None if reading.config.keep_duplicates else Duplicates(reading.language)
        self.parts: dict[str, list] = {}  # accepted rows, a column at a time, as arrays (no index to repeat)
        self.rows: list[np.ndarray] = []
        self.rejected: list[pd.DataFrame] = []
        self.slips: dict[str, list] = {}  # per column: [slipped values' rows, first slipped value, values filled]
        self.own: dict[str, set] = {}  # per category column: values the spec does not list
        self.pending = None  # the batch checked last, its rows not yet sorted (see `add`)

    def add(self, table: pd.DataFrame) -> None:
        """Check one batch of the file's rows (indexed by row number, named by the client's headers). Its rows
        are sorted into accepted and quarantined once the next batch is typed (or at `settle`): the hashing
        thread has that long to find its duplicates."""
        config, reading = self.reading.config, self.reading
        if self.unfilled is None:
            self._check_headers(table)
        raw = table.drop(columns=[c for c in config.ignore if c in table.columns]).rename(columns=config.columns)
        self.unfilled = [c for c in self.unfilled if is_missing(raw[c]).all()]
        repeats = None if self.duplicates is None else HASHING.submit(self._repeats, table)
        typed, slots = coerce(raw, reading)
        self._note_evidence(typed)
        if config.group_by:
            typed[ITEM] = table[config.group_by].astype("string").fillna("").agg(" | ".join, axis=1)
        self.settle()
        self.pending = (raw, typed, slots, repeats)

    def settle(self) -> None:
        """Sort the rows of the batch checked last into accepted and quarantined, its duplicates found."""
        if self.pending is None:
            return
        (raw, typed, slots, repeats), self.pending = self.pending, None
        if repeats is not None and len(repeats.result()):
            slots[DUPLICATE, 0] = repeats.result()
        for key in sorted(slots):
            self.tally.add((self.number, *key), slots[key])
        found = pd.concat([slots[key] for key in sorted(slots)], ignore_index=True) if slots else problems([], "", "")
        reasons = _reasons_by_row(found)
        rejected = raw.loc[reasons.index].rename(columns=self.reading.headers).assign(
            **{SOURCE_FILE: self.path.name, REASON: reasons}).rename_axis(SOURCE_ROW).reset_index()
        if len(rejected) or not self.rejected:
            self.rejected = [r for r in self.rejected if len(r)] + [rejected]
        keep = ~raw.index.isin(reasons.index)
        for name, values in typed.items():
            self.parts.setdefault(name, []).append(values.array[keep])
        self.rows.append(raw.index.to_numpy(dtype=np.int64)[keep])

    def _repeats(self, table: pd.DataFrame) -> pd.DataFrame:
        """The problems of a batch's rows that repeat an earlier row in every cell, ignored columns too (on the
        hashing thread, which takes the batches in turn)."""
        return self.duplicates.find(table.index.to_numpy(dtype=np.int64), row_hashes(table))

    def _check_headers(self, table: pd.DataFrame) -> None:
        """Headers that cannot be mapped stop the file at once, naming them."""
        config, reading, where = self.reading.config, self.reading, self.where
        missing = [h for h in config.group_by if h not in table.columns]
        if missing:
            raise DataError(f"{where}: column(s) {missing} listed under `group_by` are not in the file. "
                            f"The file has: {list(table.columns)}.")
        missing = [h for h in config.columns if h not in table.columns]
        if missing:
            raise DataError(f"{where}: column(s) {missing} named in the column map are not in the file. "
                            f"The file has: {list(table.columns)}.")
        names = [config.columns.get(c, c) for c in table.columns if c not in config.ignore]
        known = {c.name for c in reading.columns} | {reading.target}
        unknown = [c for c in names if c not in known]
        if unknown:
            raise DataError(f"{where}: column(s) {unknown} are not in the column map. Map each to a canonical "
                            "name under `columns`, declare it under `extra_columns`, or list it under `ignore`.")
        if reading.target not in names:
            raise DataError(f"{where}: no result column. Map the client's result column to '{reading.target}' "
                            "under `columns`.")
        reading.prepare(names, where)
        self.unfilled = [c for c in names if c != reading.target]

    def _note_evidence(self, typed: dict[str, pd.Series]) -> None:
        """What the whole file is checked for once read: values in the base unit, categories of the client's own."""
        for c in self.reading.columns:
            values = typed.get(c.name)
            if values is None:
                continue
            if c.kind == "number" and prefixed(c):
                numbers = numbers_of(values)
                slipped = in_base_unit(c, numbers)
                seen = self.slips.setdefault(c.name, [[], None, 0])
                seen[0].append(values.index.to_numpy()[slipped])
                seen[1] = float(numbers[slipped][0]) if seen[1] is None and slipped.any() else seen[1]
                seen[2] += int((~np.isnan(numbers)).sum())
            elif c.kind not in ("number", "time") and c.categories and c.name != self.reading.target:
                self.own.setdefault(c.name, set()).update(set(values.unique()) - set(c.categories) - {pd.NA})

    def verify(self) -> None:
        """Stop with a clear message for a column empty in every row or mostly written in its base unit."""
        self.settle()
        headers = self.reading.headers
        if self.unfilled:
            raise DataError(f"{self.where}: column(s) {[headers.get(c, c) for c in self.unfilled]} are empty in "
                            "every row. List them under `ignore` (or export the file again with their values).")
        for c in self.reading.columns:
            if c.name not in self.slips:
                continue
            rows, example, filled = self.slips[c.name]
            rows = np.concatenate(rows)
            if len(rows) > filled / 2:
                base, factor = prefixed(c)
                raise DataError(f"{self.where}: column '{headers.get(c.name, c.name)}': {len(rows):,} of "
                                f"{filled:,} values ({rows_text(rows)}) look like {base}, expected {c.unit} — "
                                f"e.g. {example:g} {base} is {example / factor:g} {c.unit}, inside the physical "
                                f"range {c.low:g}–{c.high:g} {c.unit}. Convert the column to {c.unit}.")

    def notes(self) -> list[str]:
        """Per column, in order: how it was converted, or the categories of the client's own it holds."""
        converted, language = conversion_notes(self.reading), self.reading.language
        notes = [converted.get(c.name) or own_categories_note(self.own.get(c.name, set()), c, language)
                 for c in self.reading.columns]
        return [note for note in notes if note]

    def accepted(self) -> pd.DataFrame:
        """The accepted rows, joined a column at a time (each column's batches are let go once joined)."""
        self.duplicates = None  # the hashes of the rows seen are needed no more
        data = pd.DataFrame({SOURCE_ROW: np.concatenate(self.rows)})
        for name in [n for n in self.parts if n != ITEM] + [SOURCE_FILE] + [n for n in self.parts if n == ITEM]:
            if name == SOURCE_FILE:  # one category, not a million copies of the name
                data[SOURCE_FILE] = pd.Categorical.from_codes(np.zeros(len(data), dtype=np.int8), [self.path.name])
                continue
            pieces = self.parts.pop(name)
            data[name] = pd.concat([pd.Series(piece, copy=False) for piece in pieces], ignore_index=True)
            del pieces
            release_freed_memory()
        return data

    def quarantine(self) -> pd.DataFrame:
        return self.rejected[0] if len(self.rejected) == 1 else pd.concat(self.rejected, ignore_index=True)
