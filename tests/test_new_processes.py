"""Die casting and injection moulding came in as one spec and one notebook each: their machines' quirks are the
spec's (sentinels for "no reading"), and a real KAMP export maps as a new client's file."""
import pandas as pd
import pytest
from conftest import DATA, make_engagement
from mfgxai.engagement.config import load_engagement
from mfgxai.explain.tables import _centres
from mfgxai.ingest.scaffold import new_engagement
from mfgxai.ingest.validate import validate_process

KAMP_CASTING = DATA / "diecasting_kamp_tm_carrier" / "casting_test.csv"


def test_a_no_reading_sentinel_is_a_gap_not_an_out_of_range_value(engagements, tmp_path):
    folder = make_engagement(tmp_path, "diecasting", rows=1_000)
    raw = pd.read_csv(next((folder / "data").iterdir()), dtype=str)
    assert (raw.filter(like="Upper die temperature 3") == "1449.0").mean().iloc[0] > 0.8
    validated = validate_process(load_engagement("test-client"), "diecasting")
    assert not any("1449" in reason for reason in validated.quarantine["reason"])
    temperature = validated.data["upper_mold_temp3"]
    assert temperature.isna().mean() > 0.8 and temperature.max() < 600
    assert any("upper_mold_temp3" in n and "1449, the machine's 'no reading'" in n for n in validated.notes)  # said


def test_category_codes_that_look_like_numbers_stay_categories():
    assert _centres(["8412", "8573", "8917"], categorical=True) == ["8412", "8573", "8917"]
    assert _centres(["1", "3", "5"]) == [2.0, 4.0]


@pytest.mark.skipif(not KAMP_CASTING.exists(), reason=f"the data folder lacks {KAMP_CASTING.name} (KAMP casting)")
def test_a_kamp_casting_export_is_a_new_clients_file(engagements):
    new_engagement("대성다이텍", "diecasting", KAMP_CASTING, slug="kamp")
    config = load_engagement("kamp").processes["diecasting"]
    assert not config.extra_columns and not config.ignore and config.columns["passorfail"] == "quality"
    assert config.columns["physical_strength"] == "clamping_force"
    validated = validate_process(load_engagement("kamp"), "diecasting")
    quality = validated.quality()
    assert quality["rows_accepted"] >= 0.95 * quality["rows_read"]
    assert validated.data["upper_mold_temp3"].isna().mean() > 0.8  # 1449 read as "no reading"
    assert validated.data["quality"].mean() == pytest.approx(0.04, abs=0.01)


KAMP_MOULDING = DATA / "injection_kamp_cn7_rg3" / "labeled_data_RG3.csv"


@pytest.mark.skipif(not KAMP_MOULDING.exists(), reason=f"the data folder lacks {KAMP_MOULDING.name} (KAMP moulding)")
def test_a_kamp_moulding_export_is_a_new_clients_file_and_its_reason_is_left_out(engagements):
    new_engagement("대성사출", "injection", KAMP_MOULDING, slug="kamp")
    config = load_engagement("kamp").processes["injection"]
    assert config.columns["PassOrFail"] == "quality" and config.columns["Max_Injection_Pressure"] == "injection_pressure"
    assert "Reason" in config.ignore  # written on the defects only ('None' on good parts): it gives the answer away
    assert set(config.extra_columns) == {"PART_FACT_PLAN_DATE", "PART_FACT_SERIAL"}
    validated = validate_process(load_engagement("kamp"), "injection")
    assert validated.quality()["rows_accepted"] == 1_256 and int(validated.data["quality"].sum()) == 32


def test_the_catalogue_spans_six_processes_and_never_merges_classes_silently():
    from mfgxai.ingest.catalogue import catalogue

    entries = catalogue().values()
    openable_processes = {e.process for e in entries if e.process and e.target_kind != "multiclass"}
    assert len(entries) >= 12 and len(openable_processes) >= 6, openable_processes
    for entry in entries:  # one class against the rest: the entry's words say which classes were put together
        if len(entry.negative) > 1 or len(entry.positive) > 1:
            assert any("class" in c.en for c in entry.caveats), entry.name


def test_torque_written_nm_is_newton_metres():
    from mfgxai.ingest.units import conversion

    assert conversion("Nm", "N·m").scale == 1.0 and conversion("kNm", "N·m").scale == 1000.0
