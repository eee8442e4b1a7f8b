"""Reading client files: encodings, Excel, Parquet, numbers written the way people write them."""
import pandas as pd
import pytest
from mfgxai.errors import DataError
from mfgxai.ingest.io import read_table
from mfgxai.ingest.values import header_unit, parse_numbers

FRAME = pd.DataFrame({"용접 전류(kA)": ["10.1", "9.8"], "판정": ["양품", "불량"]})


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_csv_in_each_encoding_reads_korean_headers_and_values(tmp_path, encoding):
    path = tmp_path / "data.csv"
    FRAME.to_csv(path, index=False, encoding=encoding)
    frame = read_table(path)
    assert list(frame.columns) == ["용접 전류(kA)", "판정"]
    assert frame["판정"].tolist() == ["양품", "불량"]
    assert frame.index.tolist() == [2, 3], "rows are numbered as the spreadsheet shows them"


def test_semicolon_csv_with_decimal_commas(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("current;result\n12,5;OK\n9,75;NG\n", encoding="utf-8")
    numbers, bad = parse_numbers(read_table(path)["current"])
    assert numbers.tolist() == [12.5, 9.75] and not bad.any()


def test_xlsx_and_parquet(tmp_path):
    FRAME.to_excel(tmp_path / "data.xlsx", index=False)
    FRAME.to_parquet(tmp_path / "data.parquet")
    for name in ("data.xlsx", "data.parquet"):
        assert read_table(tmp_path / name)["판정"].tolist() == ["양품", "불량"]


@pytest.mark.parametrize("text, expected", [
    (["1,234", "12,345.5"], [1234.0, 12345.5]),
    (["12,5", "3,25"], [12.5, 3.25]),
    (["1.234,5", "2,0"], [1234.5, 2.0]),
    ([" 7 ", "-3.5e2"], [7.0, -350.0]),
])
def test_parse_numbers(text, expected):
    numbers, bad = parse_numbers(pd.Series(text))
    assert numbers.tolist() == expected and not bad.any()


def test_placeholders_are_missing_and_garbage_is_flagged():
    numbers, bad = parse_numbers(pd.Series(["-", "N/A", "없음", "", "12kA", "3"]))
    assert numbers.isna().tolist() == [True, True, True, True, True, False]
    assert bad.tolist() == [False, False, False, False, True, False]


def test_a_file_is_read_by_what_it_is_not_by_its_name(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("a,b\n1,2\n", encoding="utf-8")
    frame = read_table(fake)
    assert frame["b"].tolist() == [2], "a text file is typed as pyarrow infers it"
    assert "fake.xlsx is a text table despite its '.xlsx' name; read as such" in frame.attrs["notes"]
    FRAME.to_excel(tmp_path / "real.xlsx", index=False)
    (tmp_path / "real.xlsx").rename(tmp_path / "excel.csv")
    frame = read_table(tmp_path / "excel.csv")
    assert frame["판정"].tolist() == ["양품", "불량"] and frame.index.tolist() == [2, 3]
    assert "excel.csv is an Excel workbook despite its '.csv' name; read as such" in frame.attrs["notes"]


def test_binary_garbage_is_not_mistaken_for_text(tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(DataError, match="not text in an encoding the reader knows"):
        read_table(path)


@pytest.mark.parametrize("header, expected", [
    ("전류(kA)", ("전류", "kA")), ("Current [kA]", ("Current", "kA")), ("Shift", ("Shift", "")),
    ("자가 방전(OCV 강하)(mV/day)", ("자가 방전(OCV 강하)", "mV/day")),
])
def test_header_unit(header, expected):
    assert header_unit(header) == expected


def test_cp949_after_a_long_plain_ascii_start_is_still_read_as_cp949(tmp_path):
    """UTF-8 is decided from the first lines; a Korean value far down the file sends the reader back."""
    lines = ["part,current,result"] + [f"P{i:06d},{10 + i % 7 / 10},OK" for i in range(6000)] + ["P999999,9.9,불량"]
    path = tmp_path / "late-korean.csv"
    path.write_bytes("\n".join(lines).encode("cp949"))
    assert len(path.read_bytes()[:64 * 1024].decode("ascii")) == 64 * 1024, "the first 64 KB are plain ASCII"
    frame = read_table(path)
    assert frame["result"].iloc[-1] == "불량" and len(frame) == 6001
    assert "text encoding cp949" in frame.attrs["notes"]


def test_placeholders_in_a_number_column_leave_it_numeric(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("current,force,result\n10.5,-,OK\nN/A,3.2,NG\n없음,3.1,OK\n 9.5 ,n/a,OK\n", encoding="utf-8")
    frame = read_table(path)
    assert pd.api.types.is_float_dtype(frame["force"]), "'-' and 'n/a' are read as empty cells"
    assert frame["force"].isna().tolist() == [True, False, False, True]
    numbers, bad = parse_numbers(frame["current"])
    assert numbers.tolist()[0] == 10.5 and numbers.tolist()[3] == 9.5 and numbers.isna().sum() == 2 and not bad.any()


def test_a_quoted_line_break_inside_a_cell_keeps_the_record_whole(tmp_path):
    path = tmp_path / "memo.csv"
    path.write_text('part,current,force,memo,result\nP1,10.1,3.2,"tip changed\nat 06:00",OK\nP2,9.9,3.1,,NG\n'
                    'P3,9.7,3.0,,OK\n', encoding="utf-8")
    frame = read_table(path)
    assert frame["memo"].iloc[0] == "tip changed\nat 06:00" and frame["result"].tolist() == ["OK", "NG", "OK"]
    assert frame.index.tolist() == [2, 3, 4], "one spreadsheet row per record, line breaks inside cells or not"


@pytest.mark.parametrize("name, factor", [("data.csv", 3.0), ("data.xlsx", 20.0)])
def test_a_file_bigger_than_the_free_memory_can_read_stops_with_what_to_do(tmp_path, monkeypatch, name, factor):
    """There is no fixed size limit: a file is refused only when reading it would not fit in the memory free now
    (about 3× a text file's size, 20× a workbook's), unless MFGXAI_MAX_FILE_MB sets one."""
    from collections import namedtuple

    from mfgxai.ingest import io

    path = tmp_path / name
    (FRAME.to_excel if name.endswith("xlsx") else FRAME.to_csv)(path, index=False)
    size = path.stat().st_size
    memory = namedtuple("memory", "available")
    monkeypatch.setattr(io.psutil, "virtual_memory", lambda: memory(int(size * factor) + 1))
    assert read_table(path)["판정"].tolist() == ["양품", "불량"]  # just fits
    monkeypatch.setattr(io.psutil, "virtual_memory", lambda: memory(int(size * factor) - 1))
    with pytest.raises(DataError, match=rf"{name}: the file is 0 MB; reading and checking it takes about 0.0 GB of "
                                        r"memory, and this machine has 0.0 GB free\. Split it into several files"):
        read_table(path)
