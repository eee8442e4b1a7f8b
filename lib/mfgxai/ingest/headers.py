"""Headers as people make them: title rows, stacked header rows from merged cells, a units row,
header lines repeated mid-file, totals rows at the foot and empty spacer columns."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import DataError
from .formats import Grid
from .values import looks_like_value, per_value

HEADER_SEARCH_ROWS = 30  # the header is looked for this far down
MAX_HEADER_ROWS = 3  # stacked header rows from merged cells
FOOTER_WORDS = ("합계", "총계", "총합", "소계", "평균", "누계", "계", "total", "totals", "grand total", "sum", "subtotal",
                "average", "mean", "avg")
FOOTER = rf"^\s*[\[(]?\s*({'|'.join(FOOTER_WORDS)})(\s|$|[:)\]])"  # run by pyarrow's regex engine
_FOOTER_STARTS = pa.array(sorted({w[0] for w in FOOTER_WORDS} | {w[0].upper() for w in FOOTER_WORDS} | {"[", "("}
                                 | set(" \t\n\f\r")))  # and the spaces `\s` takes before the word


@dataclass
class Layout:
    """Where a grid's table is: its first data row, a name per grid column (NaN: none), the header row's
    cells (to know it when repeated) and what was noticed about the header."""

    first_data: int
    names: dict
    header: pd.Series
    notes: list[str]


@dataclass
class LeftOut:
    """Rows left out of the data so far: header lines repeated inside it and totals rows."""

    repeats: list[int] = field(default_factory=list)
    footers: list[int] = field(default_factory=list)
    example: list[str] = field(default_factory=list)  # the first totals row's first cells

    def notes(self) -> list[str]:
        notes = [f"{_count(len(self.repeats), 'repeated header line')} left out ({_rows(self.repeats)})"] \
            if self.repeats else []
        if self.footers:
            notes.append(f"{_count(len(self.footers), 'totals/average row')} left out ({_rows(self.footers)}: "
                         f"{' · '.join(self.example)})")
        return notes


def table_from_grid(grid: Grid, where: str) -> tuple[pd.DataFrame, list[str]]:
    """(rows under the header as text/typed cells, indexed by file row; notes on what was left out)."""
    layout, left_out = find_layout(grid, where), LeftOut()
    body = shape(grid.rest(layout.first_data) if grid.rest else grid.cells.loc[layout.first_data:], layout, where,
                 left_out)
    return body, layout.notes + left_out.notes()


def find_layout(grid: Grid, where: str) -> Layout:
    """The header of a grid: title rows skipped, stacked header rows joined, a units row folded in."""
    cells = grid.cells.dropna(axis=1, how="all")
    if cells.empty or cells.head(HEADER_SEARCH_ROWS).notna().sum().sum() == 0:
        raise DataError(f"{where}: no table found (every cell is empty).")
    first_data = _first_data_row(cells, where)
    header_rows = _header_rows(cells, first_data, grid.merged)
    names = _joined_names(cells, header_rows, grid.merged)
    units = _units_row(cells, header_rows[-1], first_data)
    if units is not None:
        names = [name if pd.isna(unit) else f"{name} ({str(unit).strip()})" for name, unit in zip(names, units)]
    notes = []
    if len(header_rows) > 1:
        columns = [str(name).strip() for name in names if not pd.isna(name)]
        groups = set(cells.loc[header_rows[0]].dropna().astype(str).str.strip())
        example = next((c for c in columns if c.split()[0] in groups and c not in groups), columns[0])
        notes.append(f"{len(header_rows)} header rows (merged cells) joined into one, e.g. '{example}'")
    return Layout(first_data, dict(zip(cells.columns, names)), cells.loc[header_rows[-1]], notes)


def shape(body: pd.DataFrame, layout: Layout, where: str, left_out: LeftOut) -> pd.DataFrame:
    """Rows under the header (all of them, or a batch) named by it, without empty rows, repeated header lines
    and totals rows (noted in `left_out`)."""
    empty = body.isna().all(axis=1)
    body = body[~empty] if empty.any() else body
    names = [layout.names.get(position, float("nan")) for position in body.columns]
    _check_headless(names, body, body.columns, where)
    columns = [str(name).strip() for name in names]
    keep = [name != "nan" for name in columns]
    positions = [p for p, k in zip(body.columns, keep) if k]
    body, columns = body.loc[:, keep], [c for c, k in zip(columns, keep) if k]
    _check_unique(columns, positions, where)
    body = body.set_axis(columns, axis=1)
    body = _without_repeats_and_footers(body, layout.header[positions], left_out)
    body.index = pd.Index(body.index, name="row")
    return body


def _first_data_row(cells: pd.DataFrame, where: str) -> int:
    """The first row whose cells are mostly values (numbers, dates) rather than words."""
    head = cells.head(HEADER_SEARCH_ROWS + MAX_HEADER_ROWS + 2)
    width = head.notna().sum(axis=1).max()
    for row, values in head.iterrows():
        filled = values.dropna()
        if len(filled) >= max(2, 0.5 * width) and looks_like_value(filled).sum() >= max(1, 0.3 * len(filled)):
            return int(row) if _has_header_above(cells, int(row)) else int(row) + 1
    filled = head.notna().sum(axis=1)
    rows = filled.index[filled >= filled[filled > 0].mode().max()]  # words only: the header is the first full row
    if len(rows) < 2 and cells.notna().any(axis=1).sum() < 2:
        raise DataError(f"{where}: the file has a header but no data rows.")
    return int(rows[1]) if len(rows) > 1 else int(rows[0]) + 1


def _has_header_above(cells: pd.DataFrame, row: int) -> bool:
    return bool(cells.loc[:row - 1].notna().any(axis=None)) if row > cells.index[0] else False


def _header_rows(cells: pd.DataFrame, first_data: int, merged) -> list[int]:
    """The header row right above the data (or above a units row), with stacked rows above it."""
    above = [r for r in cells.index[cells.index < first_data] if cells.loc[r].notna().any()]
    if above and _is_units_row(cells.loc[above[-1]]) and len(above) > 1:
        above = above[:-1]
    if not above:
        raise DataError("no header row found above the data")
    main = above[-1]
    rows = [main]
    for row in reversed([r for r in above if r < main][-(MAX_HEADER_ROWS - 1):]):
        if row != rows[0] - 1 or not _stacks_over(cells.loc[row], cells.loc[rows[0]], row, merged):
            break
        rows.insert(0, row)
    return rows


def _stacks_over(upper: pd.Series, lower: pd.Series, row: int, merged) -> bool:
    """Whether a row is an upper header row: each of its cells spans a group of lower cells (a merged cell)
    or stands over an empty lower cell (a name merged downwards), and it has at least two cells."""
    filled = upper.notna()
    if filled.sum() < 2:
        return False
    spans = {left for (top, left), (bottom, right) in merged if top + 1 == row and right > left}
    following_empty = (~filled).shift(-1, fill_value=False) & lower.notna().shift(-1, fill_value=False)
    return all(pd.isna(lower[c]) or c in spans or (not merged and following_empty[c])
               for c in upper.index[filled])


def _joined_names(cells: pd.DataFrame, rows: list[int], merged) -> list:
    """One name per column: stacked header cells joined top to bottom ('용접조건 전류(kA)')."""
    stack = cells.loc[rows].copy()
    for (top, left), (bottom, right) in merged:  # a merged cell's text belongs to every column it spans
        row = top + 1
        if row in stack.index and bottom + 1 <= rows[-1]:
            positions = [c for c in stack.columns if left <= c <= right]
            stack.loc[row, positions] = cells.loc[row, left]
    if not merged and len(rows) > 1:
        for row in rows[:-1]:  # text formats keep a merged cell's text in its first column only
            below = stack.loc[rows[-1]].notna()
            spans = stack.loc[row].ffill().where(below & stack.loc[row].isna() & _continues(stack, row, rows[-1]))
            stack.loc[row] = stack.loc[row].fillna(spans)
    names = []
    for column in stack.columns:
        parts = [str(v).strip() for v in stack[column].dropna()]
        parts = [p for i, p in enumerate(parts) if p and (i == 0 or p != parts[i - 1])]
        names.append(" ".join(parts) if parts else float("nan"))
    return names


def _continues(stack: pd.DataFrame, row: int, last: int) -> pd.Series:
    """Empty upper cells that continue a group started to their left (whose own column has a lower cell)."""
    group_open = (stack.loc[row].notna() & stack.loc[last].notna()).astype(float).where(stack.loc[row].notna())
    return group_open.ffill().fillna(0).astype(bool)


def _units_row(cells: pd.DataFrame, header: int, first_data: int):
    """A row between the header and the data with only units ('kA', 'ms')."""
    gap = cells.index[(cells.index > header) & (cells.index < first_data)]
    between = [r for r in gap if cells.loc[r].notna().any()]
    return cells.loc[between[0]].tolist() if len(between) == 1 and _is_units_row(cells.loc[between[0]]) else None


def _is_units_row(values: pd.Series) -> bool:
    filled = values.dropna().astype(str).str.strip()
    return bool(len(filled)) and filled.str.len().max() <= 12 and not looks_like_value(filled).any() \
        and filled.str.fullmatch(r"[^\s]+").all()


def _check_headless(names: list, body: pd.DataFrame, positions, where: str) -> None:
    """Values under an empty header cell: usually an unquoted delimiter shifted the row."""
    empty = [p for p, name in zip(positions, names) if pd.isna(name)]
    stray = body[empty].notna() if empty else pd.DataFrame()
    if not stray.empty and stray.any(axis=None):
        row = int(stray.any(axis=1).idxmax())
        position = int(stray.loc[row].idxmax())
        raise DataError(f"{where}: row {row} has a value in column {position + 1}, which has no header. Give "
                        "that column a header, or quote values holding the delimiter (e.g. \"1,234\").")


def _check_unique(columns: list[str], positions, where: str) -> None:
    """Each header once: a repeated header cannot be mapped to one column."""
    seen: dict[str, list[int]] = {}
    for name, position in zip(columns, positions):
        seen.setdefault(name, []).append(int(position) + 1)
    repeated = {name: places for name, places in seen.items() if len(places) > 1}
    if repeated:
        listed = "; ".join(f"'{name}' (columns {', '.join(map(str, p))})" for name, p in repeated.items())
        raise DataError(f"{where}: column header(s) appear more than once: {listed}. Give each column its own name.")


def _without_repeats_and_footers(body: pd.DataFrame, header: pd.Series, left_out: LeftOut) -> pd.DataFrame:
    """Leave out header lines repeated inside the data (concatenated exports) and totals/averages rows."""
    names = header.astype("string").str.strip().set_axis(body.columns)
    textual = [c for c in body.columns if body[c].dtype == object
               or isinstance(body[c].dtype, (pd.StringDtype, pd.CategoricalDtype))]
    candidates = _first_cell_is(body, names, textual)
    repeats = np.zeros(len(body), dtype=bool)
    if len(candidates):
        text = body.loc[candidates].astype("string").apply(lambda column: column.str.strip())
        matches = text.eq(names).sum(axis=1) >= max(2, 0.6 * names.notna().sum())
        repeats = body.index.isin(matches.index[matches])
    footers = np.zeros(len(body), dtype=bool)
    for column in [c for c in body.columns[:3] if c in textual]:
        cells = body[column]
        footers |= per_value(cells, _footers, False) if isinstance(cells.dtype, pd.CategoricalDtype) \
            else _footers(cells)
    footers &= ~repeats
    if footers.any() and not left_out.footers:
        left_out.example = body[footers].iloc[0].dropna().astype(str).head(4).tolist()
    left_out.repeats += [int(r) for r in body.index[repeats]]
    left_out.footers += [int(r) for r in body.index[footers]]
    left_out_here = repeats | footers
    return body[~left_out_here] if left_out_here.any() else body


def _first_cell_is(body: pd.DataFrame, names: pd.Series, textual: list) -> pd.Index:
    """The rows whose first header's cell is that header (a repeated header line's first cell); the strip and
    compare run only on cells holding the header somewhere (a cheap pass first)."""
    first = names.first_valid_index()
    if first not in textual:  # a typed column holds no repeated header
        return body.index[:0]
    cells = body[first].astype(pd.StringDtype("pyarrow"))
    holding = pc.fill_null(pc.match_substring(pa.array(cells.array), names[first]), False)
    found = cells[holding.to_numpy(zero_copy_only=False)]
    return found.index[found.str.strip().eq(names[first]).fillna(False).astype(bool)]


def _footers(cells: pd.Series) -> np.ndarray:
    """Cells that open a totals row ('합계', 'Total:'); the regex runs only on cells starting with a footer
    word's first letter or a space (a cheap pass first)."""
    cells = pa.array(cells.astype(pd.StringDtype("pyarrow")).array)
    starts = pc.is_in(pc.utf8_slice_codeunits(cells, 0, 1), value_set=_FOOTER_STARTS)
    found = np.zeros(len(cells), dtype=bool)
    where = np.flatnonzero(pc.fill_null(starts, False).to_numpy(zero_copy_only=False))
    if len(where):
        matches = pc.match_substring_regex(cells.take(pa.array(where)), FOOTER, ignore_case=True)
        found[where] = pc.fill_null(matches, False).to_numpy(zero_copy_only=False)
    return found


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}{'s' if n != 1 else ''}"


def _rows(rows: list[int]) -> str:
    return f"row {rows[0]}" if len(rows) == 1 else f"rows {', '.join(map(str, rows[:5]))}" + \
        (f" and {len(rows) - 5:,} more" if len(rows) > 5 else "")
