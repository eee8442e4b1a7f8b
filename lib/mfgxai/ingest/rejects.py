"""Rows that cannot be used, counted across batches and files: reasons by kind with an example each, and
exact duplicates of an earlier row of the same file."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..i18n import t
from .coerce import KIND, REASON, problems
from .values import arrow_text, per_value

MISSING_HASH = 0x9E3779B97F4A7C15  # an empty text cell
FEW_SAMPLE = 1024  # a text column's first cells, to tell a column of few values from one of names or ids


class Tally:
    """How many rows each kind of reason rejected and the first reason of each kind; listed by count, ties in
    the order the kinds first appear (file, then problem slot)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.first: dict[str, tuple] = {}
        self.examples: dict[str, str] = {}

    def add(self, where: tuple, table: pd.DataFrame) -> None:
        kinds, reasons = table[KIND].to_numpy(), table[REASON].to_numpy()
        for kind in pd.unique(kinds):  # in order of first appearance (a slot's table is mostly of one kind)
            chosen = kinds == kind
            self.counts[kind] = self.counts.get(kind, 0) + int(chosen.sum())
            self.first.setdefault(kind, where)
            self.examples.setdefault(kind, reasons[chosen.argmax()])

    def merge(self, other: Tally) -> None:
        for kind, count in other.counts.items():
            self.counts[kind] = self.counts.get(kind, 0) + count
            self.first.setdefault(kind, other.first[kind])
            self.examples.setdefault(kind, other.examples[kind])

    def reasons(self) -> dict[str, int]:
        return dict(sorted(self.counts.items(), key=lambda item: (-item[1], self.first[item[0]])))


class Duplicates:
    """Rows identical in every cell to an earlier row of the file (a data collector that sent a block twice),
    found batch by batch: each row's cells are hashed, and the first row of each hash is kept."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.hashes = np.empty(0, dtype=np.uint64)  # sorted
        self.rows = np.empty(0, dtype=np.int32)  # the first row with each hash (a file has < 2³¹ rows)

    def find(self, rows: np.ndarray, hashes: np.ndarray) -> pd.DataFrame:
        """The (row, reason, kind) problems of a batch's rows (their numbers and `row_hashes`) that repeat an
        earlier row."""
        codes, distinct = pd.factorize(hashes)  # codes in order of first appearance
        first = rows[np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)]
        order = np.argsort(distinct)
        ordered, first = distinct[order], first[order]
        place = np.searchsorted(self.hashes, ordered)  # sorted needles: searchsorted walks the kept hashes once
        seen = place < len(self.hashes)
        seen[seen] = self.hashes[place[seen]] == ordered[seen]
        first[seen] = self.rows[place[seen]]
        self.hashes = np.insert(self.hashes, place[~seen], ordered[~seen])
        self.rows = np.insert(self.rows, place[~seen], first[~seen])
        earlier = np.empty_like(first)
        earlier[order] = first
        earlier = earlier[codes]
        repeated = np.flatnonzero(earlier != rows)
        return problems(rows[repeated], [t("q_duplicate", self.language).format(row=r) for r in earlier[repeated]],
                        t("q_duplicate_kind", self.language))


def row_hashes(table: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per row of every cell: text columns hashed from their Arrow buffers eight bytes at a
    time, numbers and times from their eight bytes, other columns as pandas hashes them, the columns' hashes
    mixed in order."""
    rows = np.zeros(len(table), dtype=np.uint64)
    for column in table.columns:
        values = table[column]
        if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
            cells = pa.array(values.array)
            hashes = _text_hashes(cells.combine_chunks() if isinstance(cells, pa.ChunkedArray) else cells)
        elif isinstance(values.dtype, pd.CategoricalDtype):  # as its values hash in a text column
            hashes = per_value(values, lambda cells: _text_hashes(arrow_text(cells)), np.uint64(MISSING_HASH))
        elif values.dtype.kind in "fMm" and values.dtype.itemsize == 8:  # a gap is one NaN (NaT) bit pattern
            hashes = values.to_numpy().view(np.uint64)
        else:
            hashes = pd.util.hash_pandas_object(values, index=False).to_numpy()
        rows = _mix(rows ^ hashes)
    return rows


def _mix(h: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: every input bit moves about half the output bits."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _text_hashes(cells: pa.Array) -> np.ndarray:
    """A hash per text cell from its UTF-8 bytes (its length first, then each 8-byte word), missing cells
    one fixed value. A column of few distinct values (a line, a shift) hashes each value once."""
    if pc.count_distinct(cells.slice(0, FEW_SAMPLE)).as_py() < FEW_SAMPLE // 8:
        encoded = pc.dictionary_encode(cells)  # an empty cell takes the hash after the values' (none may be filled)
        known = np.append(_cell_hashes(encoded.dictionary), np.uint64(MISSING_HASH))
        return known[pc.fill_null(encoded.indices, len(encoded.dictionary)).to_numpy(zero_copy_only=False)]
    return _cell_hashes(cells)


def _cell_hashes(cells: pa.Array) -> np.ndarray:
    """`_text_hashes` cell by cell: as many passes as the longest cell has words."""
    width = 8 if pa.types.is_large_string(cells.type) else 4
    _, offsets, data = cells.buffers()
    offsets = np.frombuffer(offsets, dtype=f"<i{width}", count=len(cells) + 1, offset=cells.offset * width)
    padded = np.zeros((0 if data is None else data.size) + 8, dtype=np.uint8)
    padded[:-8] = np.frombuffer(data, dtype=np.uint8) if data is not None else padded[:0]
    words = np.ndarray(shape=(len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))  # a word at every byte
    starts, lengths = offsets[:-1].astype(np.int64), np.diff(offsets).astype(np.int64)
    hashes = _mix(lengths.astype(np.uint64) + np.uint64(1))
    for k in range(0, int(lengths.max(initial=0)), 8):
        left = lengths - k
        live = left > 0
        tail = np.minimum(np.maximum(left, 0), 8).astype(np.uint64) * np.uint64(8)  # bits of this word in the cell
        keep = np.where(tail == 64, np.uint64(2**64 - 1), (np.uint64(1) << (tail & np.uint64(63))) - np.uint64(1))
        word = words[np.where(live, starts + k, 0)] & keep
        hashes = np.where(live, _mix(hashes ^ word), hashes)
    if cells.null_count:
        hashes[cells.is_null().to_numpy(zero_copy_only=False)] = np.uint64(MISSING_HASH)
    return hashes


def rows_text(rows) -> str:
    """Spreadsheet row numbers in a few words: 'row 7', 'rows 2–301', 'rows 4, 9, 12 and 40 more'."""
    rows = sorted(int(r) for r in rows)
    if len(rows) == 1:
        return f"row {rows[0]}"
    if rows[-1] - rows[0] == len(rows) - 1:
        return f"rows {rows[0]}–{rows[-1]}"
    more = f" and {len(rows) - 5:,} more" if len(rows) > 5 else ""
    return f"rows {', '.join(map(str, rows[:5]))}{more}"
