"""Client files as other programs write them — xlwt .xls, odfpy .ods, openpyxl merged headers, Excel's UTF-16
"Unicode text", web-MES HTML saved as .xls, European controllers — each read through `mfgxai new` + validate."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlwt
from mfgxai.demo.synth import generate
from mfgxai.engagement.config import load_engagement
from mfgxai.ingest.scaffold import new_engagement
from mfgxai.ingest.validate import validate_process
from mfgxai.processes import get_spec

SPEC = get_spec("welding")
ROWS = 240
KO = {c.name: c.ko for c in SPEC.columns} | {"quality": "판정"}
UNITS = {c.name: c.unit for c in SPEC.columns}
NUMERIC = [c.name for c in SPEC.columns if c.kind == "number"]
GROUP = {"weld_current": "용접조건", "weld_time": "용접조건", "electrode_force": "용접조건"}


def records(rows: int = ROWS) -> pd.DataFrame:
    """Welding records with canonical names and Python values (datetimes, floats, labels 불량/양품)."""
    frame = generate(SPEC, rows, seed=11)
    frame["quality"] = frame["quality"].map({"NG": "불량", "OK": "양품"})
    frame[NUMERIC] = frame[NUMERIC].round(2)
    return frame


def korean_ampm(stamp: pd.Timestamp) -> str:
    """Korean Excel's way: 2026-11-02 오후 3:04:05."""
    half = "오전" if stamp.hour < 12 else "오후"
    return f"{stamp:%Y-%m-%d} {half} {(stamp.hour % 12) or 12}:{stamp:%M:%S}"


def two_header_rows(frame: pd.DataFrame) -> list[list]:
    """The upper header row (a group over three settings, other names merged downwards) and the lower row."""
    upper, lower = [], []
    for name in frame.columns:
        label = f"{KO[name]}({UNITS[name]})" if UNITS.get(name) else KO[name]
        upper.append(GROUP.get(name, label) if name not in GROUP or name == "weld_current" else None)
        lower.append(label if name in GROUP else None)
    return [upper, lower]


def load(path: Path, client: str = "대성정밀", slug: str = "daeseong", **options):
    new_engagement(client, "welding", path, slug=slug, **options)
    return validate_process(load_engagement(slug), "welding")


def assert_same_records(result, frame: pd.DataFrame, quarantined: int = 0):
    """Every row accepted (but the expected quarantined ones), settings and timestamps as written."""
    quality = result.quality()
    assert quality["rows_read"] == len(frame) and quality["rows_quarantined"] == quarantined, quality
    data = result.data.set_index("part_id").loc[frame["part_id"]]
    np.testing.assert_allclose(data["weld_current"], frame["weld_current"], atol=1e-9)
    np.testing.assert_allclose(data["electrode_force"], frame["electrode_force"], atol=1e-9)
    stamps = pd.to_datetime(data["timestamp"]).dt.round("s").to_numpy()
    assert (stamps == frame["timestamp"].dt.round("s").to_numpy()).all()
    assert (data["quality"].to_numpy() == (frame["quality"] == "불량").astype(int).to_numpy()).all()


def test_excel_unicode_text_with_korean_ampm_and_two_header_rows(engagements, tmp_path):
    """UTF-16 LE with BOM, tab-separated, 오전/오후 timestamps, a merged '용접조건' group over three headers."""
    frame = records()
    rows = two_header_rows(frame) + frame.assign(timestamp=frame["timestamp"].map(korean_ampm)).values.tolist()
    path = tmp_path / "용접실적.txt"
    text = "\r\n".join("\t".join("" if v is None else str(v) for v in row) for row in rows)
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    result = load(path)
    assert_same_records(result, frame)
    assert any("2 header rows (merged cells) joined" in note for note in result.notes)
    assert any("utf-16" in note for note in result.notes)


def test_xls_from_xlwt_with_merged_headers_title_and_totals_row(engagements, tmp_path):
    """Excel 97-2003 written by xlwt: a title, merged header cells, real dates, a 합계 row at the foot."""
    frame = records()
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("용접실적")
    sheet.write(0, 0, "2026년 11월 용접 실적 (2라인)")
    names = list(frame.columns)
    first, last = names.index("weld_current"), names.index("electrode_force")
    for col, name in enumerate(names):
        label = f"{KO[name]}({UNITS[name]})" if UNITS.get(name) else KO[name]
        if first <= col <= last:
            sheet.write(3, col, label)
        elif name not in GROUP:
            sheet.write_merge(2, 3, col, col, label)
    sheet.write_merge(2, 2, first, last, "용접조건")
    stamp = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")
    for r, values in enumerate(frame.itertuples(index=False), start=4):
        for col, value in enumerate(values):
            if isinstance(value, pd.Timestamp):
                sheet.write(r, col, value.to_pydatetime(), stamp)
            else:
                sheet.write(r, col, value)
    sheet.write(4 + len(frame), 0, "합계")
    sheet.write(4 + len(frame), names.index("quality"), f"불량 {int((frame['quality'] == '불량').sum())}건")
    path = tmp_path / "실적.xls"
    book.save(str(path))
    result = load(path)
    assert_same_records(result, frame)
    assert any("totals/average row left out" in note and f"row {5 + len(frame)}" in note for note in result.notes)


def test_semicolon_decimal_comma_and_units_in_cells(engagements, tmp_path):
    """A European controller: ';' separated, '9,85kA' and '240 ms' in the cells, day-first dates."""
    frame = records()
    text = frame.copy().astype(object)
    for name in ("weld_current", "weld_time", "electrode_force"):
        text[name] = [f"{v:.2f}".replace(".", ",") + ("" if i % 2 else " ") + UNITS[name]
                      for i, v in enumerate(frame[name])]
    for name in ("sheet_thickness", "squeeze_time", "hold_time", "welds_since_dressing"):
        text[name] = frame[name].map(lambda v: f"{v:.2f}".replace(".", ","))
    text["timestamp"] = frame["timestamp"].dt.strftime("%d.%m.%Y %H:%M:%S")
    path = tmp_path / "Schweissdaten.csv"
    text.rename(columns=lambda c: SPEC.column(c).en if c != "quality" else "Weld quality") \
        .to_csv(path, sep=";", index=False, encoding="utf-8")
    result = load(path, client="Daeseong Precision", slug="daeseong-precision")
    assert_same_records(result, frame)


def test_html_table_saved_as_xls_and_an_ods_workbook(engagements, tmp_path):
    frame = records()
    labelled = frame.rename(columns=KO)
    html = tmp_path / "MES_export.xls"
    labelled.assign(**{KO["timestamp"]: frame["timestamp"].dt.strftime("%Y.%m.%d %H:%M:%S")}) \
        .to_html(html, index=False)
    assert_same_records(load(html, slug="html-client"), frame)
    ods = tmp_path / "실적.ods"
    labelled.to_excel(ods, index=False, engine="odf")
    assert_same_records(load(ods, slug="ods-client"), frame)


def test_openpyxl_merged_group_header_and_excel_serial_dates(engagements, tmp_path):
    frame = records()
    book = openpyxl.Workbook()
    sheet = book.active
    for row in two_header_rows(frame):
        sheet.append(row)
    names = list(frame.columns)
    for col, name in enumerate(names, start=1):
        if name not in GROUP:
            sheet.merge_cells(start_row=1, end_row=2, start_column=col, end_column=col)
    first = names.index("weld_current") + 1
    sheet.merge_cells(start_row=1, end_row=1, start_column=first, end_column=first + 2)
    serial = (frame["timestamp"] - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1)
    for values in frame.assign(timestamp=serial).itertuples(index=False):
        sheet.append(list(values))
    path = tmp_path / "실적.xlsx"
    book.save(path)
    assert_same_records(load(path), frame)


def test_full_width_digits_unicode_minus_remarks_with_line_breaks_crlf_and_bom(engagements, tmp_path):
    frame = records()
    text = frame.rename(columns=KO).astype(object)
    text[KO["weld_current"]] = frame["weld_current"].map(lambda v: f"{v:.2f}".translate(
        str.maketrans("0123456789.", "０１２３４５６７８９．")))
    text["비고"] = ["전극 교체\n후 재용접" if i % 7 == 0 else "" for i in range(len(frame))]
    text.loc[3, KO["squeeze_time"]] = "\u22125"  # −5 ms: outside the physical range, quarantined
    path = tmp_path / "실적.csv"
    text.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    result = load(path)
    quality = result.quality()
    assert quality["rows_read"] == len(frame) and quality["rows_quarantined"] == 1
    assert "가압 시간(squeeze_time): -5.0 ms" in result.quarantine["reason"].iloc[0]
    assert result.quarantine["source_row"].tolist() == [5]
    np.testing.assert_allclose(result.data["weld_current"], frame.drop(index=3)["weld_current"])


def test_a_block_sent_twice_is_quarantined_as_duplicates(engagements, tmp_path):
    frame = records()
    doubled = pd.concat([frame, frame.iloc[100:130]], ignore_index=True).rename(columns=KO)
    path = tmp_path / "실적.csv"
    doubled.to_csv(path, index=False)
    result = load(path)
    quality = result.quality()
    assert quality["rows_read"] == len(frame) + 30 and quality["rows_quarantined"] == 30
    assert result.quarantine["reason"].iloc[0] == "102행과 같은 중복 행"
    assert result.quarantine["source_row"].iloc[0] == len(frame) + 2


def test_columns_in_other_units_are_converted_and_said(engagements, tmp_path):
    frame = records()
    text = frame.rename(columns=KO)
    text = text.rename(columns={KO["weld_current"]: "용접 전류(A)", KO["electrode_force"]: "가압력(kgf)",
                                KO["weld_time"]: "통전 시간(cycles)"})
    text["용접 전류(A)"] = frame["weld_current"] * 1000
    text["가압력(kgf)"] = frame["electrode_force"] / 0.00980665
    text["통전 시간(cycles)"] = frame["weld_time"] * 60 / 1000
    path = tmp_path / "실적.csv"
    text.to_csv(path, index=False)
    result = load(path)
    assert_same_records(result, frame)
    np.testing.assert_allclose(result.data["weld_time"], frame["weld_time"], rtol=1e-9)
    assert "용접 전류(weld_current): A → kA, ×0.001" in result.notes
    assert "가압력(electrode_force): kgf → kN, ×0.00980665" in result.notes
    assert "통전 시간(weld_time): cycles → ms, ×16.6667 (60 Hz)" in result.notes


@pytest.mark.parametrize("written, expected", [
    ("2026. 11. 2. 오후 3:04", dt.datetime(2026, 11, 2, 15, 4)),
    ("2026년 11월 2일 오전 12:30:15", dt.datetime(2026, 11, 2, 0, 30, 15)),
    ("2026-11-02 오후 12:05:00", dt.datetime(2026, 11, 2, 12, 5)),
    ("02.11.2026 06:05", dt.datetime(2026, 11, 2, 6, 5)),
    ("2026-11-02T06:05:00", dt.datetime(2026, 11, 2, 6, 5)),
    ("45963.25", dt.datetime(2025, 11, 2, 6, 0)),
])
def test_dates_as_people_write_them(written, expected):
    from mfgxai.ingest.values import parse_times

    times, bad = parse_times(pd.Series([written, written]))
    assert not bad.any() and times.iloc[0] == pd.Timestamp(expected)


def test_day_first_or_month_first_is_decided_per_column():
    from mfgxai.ingest.values import parse_times

    day_first, _ = parse_times(pd.Series(["02/11/2026", "25/11/2026"]))
    month_first, _ = parse_times(pd.Series(["11/02/2026", "11/25/2026"]))
    assert day_first.iloc[0] == month_first.iloc[0] == pd.Timestamp(2026, 11, 2)


def _mfgxai(*args: str) -> subprocess.CompletedProcess:
    """The command as a consultant types it."""
    return subprocess.run([str(Path(sys.executable).parent / "mfgxai"), *args], capture_output=True, text=True,
                          timeout=900, env=os.environ.copy())


@pytest.mark.slow
def test_unicode_text_with_ampm_two_header_rows_and_lines_1_2_runs_end_to_end(engagements, tmp_path):
    """The combination through `mfgxai new` + `mfgxai run`: a model, and the own categories noted."""
    frame = records(1_200)
    frame["line"] = frame["line"].map({"L1": 1, "L2": 2, "L3": 2})
    rows = two_header_rows(frame) + frame.assign(timestamp=frame["timestamp"].map(korean_ampm)).values.tolist()
    path = tmp_path / "용접실적.txt"
    path.write_bytes(b"\xff\xfe" + "\r\n".join("\t".join("" if v is None else str(v) for v in row)
                                              for row in rows).encode("utf-16-le"))
    made = _mfgxai("new", "대성정밀", "--process", "welding", "--data", str(path), "--slug", "daeseong")
    assert made.returncode == 0, made.stdout + made.stderr
    ran = _mfgxai("run", "daeseong")
    assert ran.returncode == 0 and "Traceback" not in ran.stdout + ran.stderr, ran.stdout + ran.stderr
    run = next((engagements / "daeseong" / "runs" / "welding").glob("2*"))
    quality = json.loads((run / "data_quality.json").read_text(encoding="utf-8"))
    assert quality["rows_read"] == 1_200 and quality["rows_accepted"] == 1_200
    assert any("라인(line): 1, 2 값은 L1, L2, L3에 없어" in note for note in quality["notes"])
    report = (run / "report.html").read_text(encoding="utf-8")  # the data-quality appendix says how it was read
    assert "파일을 읽은 방식" in report and "2 header rows (merged cells) joined" in report
    assert "text encoding utf-16" in report
    metrics = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["ebm"]["roc_auc"] > 0.5 and (run / "model.joblib").stat().st_size > 10_000


@pytest.mark.slow
def test_a_run_left_with_too_few_rows_says_why_and_keeps_its_quarantine(engagements, tmp_path):
    frame = records(200).rename(columns=KO)
    path = tmp_path / "실적.csv"
    frame.to_csv(path, index=False)
    assert _mfgxai("new", "세진산업", "--process", "welding", "--data", str(path), "--slug", "sejin").returncode == 0
    copy = engagements / "sejin" / "data" / "실적.csv"
    copy.write_text(copy.read_text(encoding="utf-8").replace("2026-", "내일-"), encoding="utf-8")
    ran = _mfgxai("run", "sejin")
    output = " ".join((ran.stdout + ran.stderr).split())
    assert ran.returncode != 0 and "Traceback" not in output
    assert "only 0 usable rows of 200 read" in output
    assert "200 rows: 일시(timestamp): '내일-" in output
    listed = re.search(r"Every rejected row and its reason: (\S+quarantine\.csv)", output).group(1)
    quarantine = pd.read_csv(listed, encoding="utf-8-sig")
    assert len(quarantine) == 200 and quarantine["reason"].str.contains("날짜/시간이 아닙니다").all()
