"""A text table's records in batches without holding the whole file: pyarrow's streaming CSV reader on the
file itself (UTF-8) or on a UTF-8 copy written a megabyte at a time (UTF-16, CP949). Cells are text, except in
the columns given a type (numbers, times, categories), which pyarrow converts as it parses."""
from __future__ import annotations

import codecs
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from .encodings import RECODE_BYTES
from .formats import TextSource, holds
from .values import NA_CELLS, TEXT

BATCH_ROWS = 1 << 17  # records checked at once
_DONE = object()  # the end of `read_ahead`'s items
BLOCK_BYTES = 1 << 18  # pyarrow reads up to 32 blocks ahead: small blocks keep that small


class Retype(Exception):
    """A cell does not convert to the type its column was read as: the file is to be read again as text."""


class Reread(Exception):
    """The batches read so far are to be thrown away and the file read whole: a record holds more or fewer
    cells than the first ones, or the text is not in the encoding its first lines are in."""


def text_batches(source: TextSource, first: int, rows: int = BATCH_ROWS,
                 types: dict[int, pa.DataType] | None = None) -> Iterator[pd.DataFrame]:
    """Every record from `first` on, `rows` at a time, indexed by record number: the cells of the columns
    in `types` (by position) converted to that type, the others text (placeholders such as '-' missing in
    both). `Retype` when a cell does not convert, `Reread` when the file cannot be read in batches. The next
    batch is read on another thread while this one is checked (pyarrow parses without holding the GIL)."""
    return read_ahead(_batches(source, first, rows, types or {}))


def read_ahead(items: Iterator) -> Iterator:
    """The items of `items`, the next one made on another thread while this one is used; an error made
    there is raised here, and stopping early stops it (waiting for the item in the making, no more)."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="mfgxai-reading")
    try:
        pending = pool.submit(next, items, _DONE)
        while (item := pending.result()) is not _DONE:
            pending = pool.submit(next, items, _DONE)
            yield item
    finally:
        pool.shutdown(wait=True)
        items.close()


def _batches(source: TextSource, first: int, rows: int, types: dict[int, pa.DataType]) -> Iterator[pd.DataFrame]:
    names = [f"c{i}" for i in range(source.width)]
    try:
        with _utf8_file(source) as utf8:
            reader = pacsv.open_csv(
                pa.OSFile(str(utf8)),
                read_options=pacsv.ReadOptions(column_names=names, skip_rows=source.lines_before[first - 1],
                                               block_size=BLOCK_BYTES),
                parse_options=pacsv.ParseOptions(delimiter=source.delimiter, quote_char=source.quote,
                                                 ignore_empty_lines=False,
                                                 newlines_in_values=holds(utf8, source.quote.encode())),
                convert_options=pacsv.ConvertOptions(column_types={name: types.get(i, pa.string())
                                                                   for i, name in enumerate(names)},
                                                     null_values=NA_CELLS, strings_can_be_null=True,
                                                     quoted_strings_can_be_null=True))
            pending, held, start = [], 0, first
            for batch in reader:
                pending.append(batch)
                held += batch.num_rows
                while held >= rows:
                    table = pa.Table.from_batches(pending)
                    yield _frame(table.slice(0, rows), start)
                    pending, held, start = table.slice(rows).to_batches(), held - rows, start + rows
            if held:
                yield _frame(pa.Table.from_batches(pending), start)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise (Retype if types else Reread)(str(exc)) from exc  # typed: try as text before reading whole


def _frame(table: pa.Table, start: int) -> pd.DataFrame:
    table = table.combine_chunks()  # one piece per column: each later look at a column takes it as it is
    frame = table.to_pandas(types_mapper=lambda kind: TEXT if pa.types.is_string(kind) else None)
    frame.columns = range(table.num_columns)
    frame.index = pd.RangeIndex(start, start + table.num_rows)
    return frame


@contextmanager
def _utf8_file(source: TextSource) -> Iterator[Path]:
    """The file itself when it is UTF-8, else a UTF-8 copy of it in the temporary folder (removed after)."""
    if source.encoding in ("utf-8", "utf-8-sig"):
        yield source.path
        return
    decoder = codecs.getincrementaldecoder(source.encoding)()
    with tempfile.NamedTemporaryFile(prefix="mfgxai-", suffix=".csv") as copy, open(source.path, "rb") as raw:
        for piece in iter(lambda: raw.read(RECODE_BYTES), b""):
            copy.write(decoder.decode(piece).encode("utf-8"))
        copy.write(decoder.decode(b"", final=True).encode("utf-8"))
        copy.flush()
        yield Path(copy.name)
