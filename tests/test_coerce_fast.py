"""The fast routes for big text files (a column cast by pyarrow at once, text cleaned in Arrow, the next batch read
on another thread) give what the cell-by-cell routes give."""
import numpy as np
import pandas as pd
import pytest
from mfgxai.ingest.streaming import read_ahead
from mfgxai.ingest.values import TEXT, Style, clean_text, parse_numbers, parse_times

NUMBERS = [["12.5", None, "-3e2", "7"], ["12.5", " N/A ", "9.85kA", "1,234"], ["12,5", "3,25", None, "-"]]
TIMES = [["2026-11-02 06:05:00", None, "2026-11-02T18:00:01"], ["2026-11-02 06:05:00", " - ", "2026-11-03"],
         ["2026-11-02 오후 6:05:00", "02.11.2026 06:05", None]]


@pytest.mark.parametrize("cells", NUMBERS)
def test_numbers_read_alike_from_arrow_and_python_text(cells):
    arrow = pd.Series(cells, dtype=TEXT, index=range(2, 2 + len(cells)))
    fast, fast_bad = parse_numbers(arrow, "kA")
    slow, slow_bad = parse_numbers(arrow.astype(object), "kA")
    pd.testing.assert_series_equal(fast, slow, check_dtype=False)
    assert fast_bad.tolist() == slow_bad.tolist()


def test_plain_numbers_are_cast_at_once():
    numbers, bad = parse_numbers(pd.Series(["12.5", None, "-3e2", "7"], dtype=TEXT))
    np.testing.assert_array_equal(numbers.to_numpy(), [12.5, np.nan, -300.0, 7.0])
    assert not bad.any()


def test_a_column_known_to_hold_decimal_commas_is_not_cast_as_plain_numbers():
    style = Style()
    parse_numbers(pd.Series(["12,5", "3,25"], dtype=TEXT), style=style)  # an earlier batch
    numbers, bad = parse_numbers(pd.Series(["1.000", "7"], dtype=TEXT), style=style)
    assert numbers.tolist() == [1000.0, 7.0] and not bad.any() and style.settled()


@pytest.mark.parametrize("cells", TIMES)
def test_times_read_alike_from_arrow_and_python_text(cells):
    arrow = pd.Series(cells, dtype=TEXT)
    fast, fast_bad = parse_times(arrow)
    slow, slow_bad = parse_times(arrow.astype(object))
    pd.testing.assert_series_equal(fast, slow)
    assert fast_bad.tolist() == slow_bad.tolist() == [False] * len(cells)


def test_text_is_stripped_and_placeholders_are_missing():
    cleaned = clean_text(pd.Series([" L1 ", "-", None, "없음", " N/A", "B 2"], dtype=TEXT, index=range(5, 11)))
    assert cleaned.tolist() == ["L1", pd.NA, pd.NA, pd.NA, pd.NA, "B 2"]
    assert cleaned.index.tolist() == list(range(5, 11)) and cleaned.dtype == TEXT


def test_read_ahead_keeps_order_passes_errors_and_stops_early():
    closed = []

    def items(fail_at=None):
        try:
            for i in range(5):
                if i == fail_at:
                    raise ValueError(f"bad item {i}")
                yield i
        finally:
            closed.append(True)

    assert list(read_ahead(items())) == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="bad item 3"):
        list(read_ahead(items(fail_at=3)))
    ahead = read_ahead(items())
    assert next(ahead) == 0
    ahead.close()
    assert closed == [True, True, True]
