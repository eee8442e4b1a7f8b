"""Validation: each bad-input kind gives a clear error or a quarantined row with its reason."""
import pandas as pd
import pytest
from conftest import make_engagement
from mfgxai.engagement.config import load_engagement
from mfgxai.errors import DataError
from mfgxai.ingest.validate import validate_process, write_quarantine


def _file(folder):
    return next((folder / "data").iterdir())


def _edit(folder, change):
    """Rewrite the engagement's CSV through a function of its text frame."""
    path = _file(folder)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame)
    frame.to_csv(path, index=False)
    return path


def test_demo_file_validates_and_counts_add_up(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding")
    result = validate_process(load_engagement("test-client"), "welding")
    quality = result.quality()
    assert quality["rows_read"] == 4_000
    assert quality["rows_accepted"] + quality["rows_quarantined"] == quality["rows_read"]
    assert quality["rows_quarantined"] > 0, "the demo file carries a few bad rows on purpose"
    assert result.data["quality"].isin([0, 1]).all()
    write_quarantine(result, folder / "quarantine.csv")
    saved = pd.read_csv(folder / "quarantine.csv", encoding="utf-8-sig")
    assert len(saved) == quality["rows_quarantined"] and saved["reason"].str.len().gt(0).all()


def test_rows_with_bad_values_are_quarantined_with_row_column_and_reason(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding")

    def damage(frame):
        frame.loc[0, "Weld current [kA]"] = "twelve"
        frame.loc[1, "Weld current [kA]"] = "120"
        frame.loc[2, "Weld quality"] = "maybe"
    _edit(folder, damage)
    result = validate_process(load_engagement("test-client"), "welding")
    q = result.quarantine.set_index("source_row")
    assert q.loc[2, "reason"] == "weld_current: 'twelve' is not a number in kA"
    assert q.loc[3, "reason"] == "weld_current: 120.0 kA is outside the physical range 4–16 kA"
    assert q.loc[4, "reason"].startswith("quality: label is not a defect label (ng) or a good label (ok)")
    assert q.loc[2, "Weld current [kA]"] == "twelve", "quarantine keeps the row as the client wrote it"
    assert len(result.data) + len(result.quarantine) == 4_000


def test_a_korean_client_reads_the_reasons_in_korean(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding", language="ko")
    path = _file(folder)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="cp949")
    current = next(c for c in frame.columns if "kA" in c)
    frame.loc[0, current], frame.loc[1, current] = "열둘", "120"
    frame.to_csv(path, index=False, encoding="cp949")
    result = validate_process(load_engagement("test-client"), "welding")
    q = result.quarantine.set_index("source_row")
    assert q.loc[2, "reason"] == "용접 전류(weld_current): '열둘'은(는) 숫자가 아닙니다 (단위 kA)"
    assert q.loc[3, "reason"] == "용접 전류(weld_current): 120.0 kA은(는) 물리 범위(4–16 kA)를 벗어났습니다"
    assert result.reasons["용접 전류(weld_current): 물리 범위 4–16 kA 밖"] >= 1
    assert all("outside" not in reason and "not a" not in reason for reason in result.reasons)


def test_missing_mapped_column_names_file_and_column(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding")
    path = _edit(folder, lambda f: f.pop("Electrode force [kN]"))
    with pytest.raises(DataError, match=rf"{path.name}: column\(s\) \['Electrode force \[kN\]'\] named in the column map are not in the file"):
        validate_process(load_engagement("test-client"), "welding")


def test_unknown_column_is_an_error_with_the_fix(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding")
    _edit(folder, lambda f: f.insert(0, "Operator", "kim"))
    with pytest.raises(DataError, match=r"\['Operator'\] are not in the column map.*extra_columns.*ignore"):
        validate_process(load_engagement("test-client"), "welding")


def test_single_class_target_and_too_few_defects(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding")
    _edit(folder, lambda f: f.__setitem__("Weld quality", "OK"))
    with pytest.raises(DataError, match="holds only good parts"):
        validate_process(load_engagement("test-client"), "welding")

    def three_defects(frame):
        frame["Weld quality"] = "OK"
        frame.loc[:2, "Weld quality"] = "NG"
    _edit(folder, three_defects)
    with pytest.raises(DataError, match=r"only 3 defective parts in 3,?9\d\d rows"):
        validate_process(load_engagement("test-client"), "welding")


def test_too_few_usable_rows(engagements, tmp_path):
    folder = make_engagement(tmp_path, "painting")
    _edit(folder, lambda f: f.__setitem__("Booth temperature [°C]", "999"))
    with pytest.raises(DataError, match=r"only 0 usable rows of 4,000 read\. At least 30 are needed to fit a "
                                        r"model\. Top reasons: 4,000 rows: booth_temperature: 999\.0 °C is outside "
                                        r"the physical range 5–45 °C"):
        validate_process(load_engagement("test-client"), "painting")


def test_korean_cp949_file_with_korean_labels(engagements, tmp_path):
    make_engagement(tmp_path, "battery", client="한빛", slug="hanbit", language="ko")
    result = validate_process(load_engagement("hanbit"), "battery")
    assert len(result.data) > 3_900
    assert 0.01 < result.data["eol_result"].mean() < 0.08
