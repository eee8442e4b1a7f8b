"""Properties: any table within a spec's ranges survives a file round trip; numbers parse however written."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from mfgxai.ingest.io import read_table
from mfgxai.ingest.values import parse_numbers
from mfgxai.processes import get_spec

NUMBERS = [c for c in get_spec("welding").columns if c.kind == "number"]
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
CATEGORY = st.text(alphabet=HANGUL, min_size=1, max_size=6) | st.sampled_from(["L1", "GA", "야간조", "B동"])
EXAMPLES = settings(max_examples=12, deadline=None)


@st.composite
def tables(draw) -> pd.DataFrame:
    """1–15 rows of welding readings (6 decimals) inside their physical ranges, and Korean categories."""
    rows = draw(st.integers(1, 15))
    readings = {c.en: st.floats(c.low, c.high).map(lambda v: round(v, 6)) for c in NUMBERS}
    columns = {name: draw(st.lists(values, min_size=rows, max_size=rows)) for name, values in readings.items()}
    columns["라인"] = draw(st.lists(CATEGORY, min_size=rows, max_size=rows))
    return pd.DataFrame(columns)


def _round_trip(table: pd.DataFrame, name: str, write) -> None:
    """Write the table, read it back and compare every cell exactly."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        write(path)
        frame = read_table(path)
    assert list(frame.columns) == list(table.columns)
    assert frame.index.tolist() == list(range(2, len(table) + 2))
    for c in NUMBERS:
        numbers, bad = parse_numbers(frame[c.en])
        assert not bad.any() and numbers.tolist() == table[c.en].tolist(), c.en
    assert frame["라인"].tolist() == table["라인"].tolist()


@EXAMPLES
@given(table=tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp949"]))
def test_csv_round_trip(table, encoding):
    _round_trip(table, "table.csv", lambda path: table.to_csv(path, index=False, encoding=encoding))


@EXAMPLES
@given(table=tables())
def test_xlsx_round_trip(table):
    _round_trip(table, "table.xlsx", lambda path: table.to_excel(path, index=False))


def _fraction(mark: str, digits: str) -> str:
    return mark + digits if digits else ""


STYLES = {
    "plain": lambda whole, digits: f"{whole}{_fraction('.', digits)}",
    "thousands": lambda whole, digits: f"{whole:,}{_fraction('.', digits)}",
    "decimal comma": lambda whole, digits: f"{whole}{_fraction(',', digits)}",
    "dots and decimal comma": lambda whole, digits: f"{whole:,}".replace(",", ".") + _fraction(",", digits),
}
COMMA_DECIMALS = ("decimal comma", "dots and decimal comma")


@st.composite
def written_numbers(draw) -> tuple[list[str], list[float]]:
    """A column of numbers in one writing style, and their values.

    A column tells its style by its values: with a decimal comma, the first value has a fraction of 1–2 digits
    ('1,234' alone reads as 1234 and '1.000' as 1.0, the English way).
    """
    style = draw(st.sampled_from(sorted(STYLES)))
    digits = st.text(alphabet="0123456789", min_size=1, max_size=2 if style in COMMA_DECIMALS else 4)
    sign, whole = st.sampled_from(["", "-"]), st.integers(0, 10**9)
    first = st.tuples(sign, whole, digits if style in COMMA_DECIMALS else st.none() | digits)
    values = [draw(first), *draw(st.lists(st.tuples(sign, whole, st.none() | digits), max_size=7))]
    texts = [sign + STYLES[style](whole, fraction or "") for sign, whole, fraction in values]
    expected = [float(f"{sign}{whole}.{fraction or 0}") for sign, whole, fraction in values]
    return texts, expected


@settings(max_examples=200, deadline=None)
@given(column=written_numbers())
def test_numbers_parse_to_their_value_however_written(column):
    texts, expected = column
    numbers, bad = parse_numbers(pd.Series(texts, dtype=str))
    assert not bad.any() and numbers.tolist() == expected
