"""Rows that cannot be used, counted across batches and files: reasons by kind with an example each, and
exact duplicates of an earlier row of the same file."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .coerce import KIND, REASON, problems
from .i18n import t

MISSING_HASH = 0x9E3779B97F4A7C15  # an empty text cell


class Tally:
    """How many rows each kind of reason rejected and the first reason of each kind; listed by count, ties in
    the order the kinds first appear (file, then problem slot)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.first: dict[str, tuple] = {}
        self.examples: dict[str, str] = {}

    def add(self, where: tuple, table: pd.DataFrame) -> None:
        for kind, rows in table.groupby(KIND, sort=False)[REASON]:
            self.counts[kind] = self.counts.get(kind, 0) + len(rows)
            self.first.setdefault(kind, where)
            self.examples.setdefault(kind, rows.iloc[0])

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
        self.rows = np.empty(0, dtype=np.int64)  # the first row with each hash

    def find(self, table: pd.DataFrame) -> pd.DataFrame:
        """The (row, reason, kind) problems of a batch's rows that repeat an earlier row."""
        rows = table.index.to_numpy(dtype=np.int64)
        codes, uniques = pd.factorize(_row_hashes(table))  # uniques in order of first appearance
        first = rows[np.unique(codes, return_index=True)[1]]
        place = np.searchsorted(self.hashes, uniques)
        seen = place < len(self.hashes)
        seen[seen] = self.hashes[place[seen]] == uniques[seen]
        first[seen] = self.rows[place[seen]]
        new = np.flatnonzero(~seen)
        order = new[np.argsort(uniques[new], kind="stable")]
        at = np.searchsorted(self.hashes, uniques[order])
        self.hashes, self.rows = np.insert(self.hashes, at, uniques[order]), np.insert(self.rows, at, first[order])
        earlier = first[codes]
        repeated = np.flatnonzero(earlier != rows)
        return problems(rows[repeated], [t("q_duplicate", self.language).format(row=r) for r in earlier[repeated]],
                        t("q_duplicate_kind", self.language))


def _row_hashes(table: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per row of every cell. A text column's distinct values are hashed once each (pyarrow's
    dictionary encoding), other columns as pandas hashes them."""
    hashes = {}
    for i, column in enumerate(table.columns):
        values = table[column]
        if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
            cells = pa.array(values.array)
            encoded = pc.dictionary_encode(cells.combine_chunks() if isinstance(cells, pa.ChunkedArray) else cells)
            distinct = pd.util.hash_pandas_object(pd.Series(pd.arrays.ArrowStringArray(
                encoded.dictionary.cast(pa.large_string()))), index=False).to_numpy()
            codes = pc.fill_null(encoded.indices, len(distinct)).to_numpy(zero_copy_only=False)
            hashes[i] = np.append(distinct, np.uint64(MISSING_HASH))[codes]
        else:
            hashes[i] = pd.util.hash_pandas_object(values, index=False).to_numpy()
    return pd.util.hash_pandas_object(pd.DataFrame(hashes, index=table.index), index=False).to_numpy()


def rows_text(rows) -> str:
    """Spreadsheet row numbers in a few words: 'row 7', 'rows 2–301', 'rows 4, 9, 12 and 40 more'."""
    rows = sorted(int(r) for r in rows)
    if len(rows) == 1:
        return f"row {rows[0]}"
    if rows[-1] - rows[0] == len(rows) - 1:
        return f"rows {rows[0]}–{rows[-1]}"
    more = f" and {len(rows) - 5:,} more" if len(rows) > 5 else ""
    return f"rows {', '.join(map(str, rows[:5]))}{more}"
