"""`mfgxai new` maps headers as Korean and German plants write them, says how, and asks what it cannot tell."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml
from mfgxai.demo.synth import generate
from mfgxai.engagement.config import load_engagement
from mfgxai.errors import DataError
from mfgxai.ingest.mapping import guess_column_map
from mfgxai.ingest.scaffold import new_engagement
from mfgxai.ingest.validate import validate_process
from mfgxai.processes import get_spec

SPEC = get_spec("welding")


def _file(tmp_path, rename: dict, change=lambda frame: frame, rows: int = 300):
    frame = change(generate(SPEC, rows, seed=4)).rename(columns=rename)
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    return path


def test_short_korean_headers_map_by_alias_fuzzy_score_and_unit():
    headers = ["일시", "전류(kA)", "시간(ms)", "가압력(kN)", "두께(mm)", "팁드레싱후타점", "판정", "작업자"]
    matches, unmapped = guess_column_map(headers, SPEC)
    found = {m.header: (m.canonical, m.how) for m in matches}
    assert found["전류(kA)"] == ("weld_current", "label")
    assert found["시간(ms)"] == ("weld_time", "label")
    assert found["두께(mm)"] == ("sheet_thickness", "label")
    assert found["팁드레싱후타점"][0] == "welds_since_dressing" and found["팁드레싱후타점"][1].startswith("fuzzy 0.9")
    assert found["판정"] == ("quality", "exact") and unmapped == ["작업자"]


def test_a_unit_names_the_only_column_it_can_be_and_is_converted():
    matches, _ = guess_column_map(["Strom [A]", "Kraft (N)", "Schweißzeit (cycles)", "Ergebnis"], SPEC)
    found = {m.header: m for m in matches}
    assert (found["Strom [A]"].canonical, found["Strom [A]"].how) == ("weld_current", "unit")
    assert found["Strom [A]"].conversion == "A → kA, ×0.001"
    assert (found["Kraft (N)"].canonical, found["Kraft (N)"].conversion) == ("electrode_force", "N → kN, ×0.001")
    assert "Schweißzeit (cycles)" not in found, "three welding columns are in ms: a unit alone cannot tell"
    matches, unmapped = guess_column_map(["weld width steel (µm)", "weld depth copper (µm)"], SPEC)
    assert not matches, "two length columns in the file: neither is the sheet thickness by unit alone"


def test_io_nio_labels_and_the_map_written_with_what_to_check(engagements, tmp_path):
    path = _file(tmp_path, {"timestamp": "Zeit", "weld_current": "WC (kA)", "electrode_force": "EF (N)",
                            "welds_since_dressing": "팁드레싱후타점", "quality": "Ergebnis"},
                 lambda f: f.assign(quality=f["quality"].map({"NG": "NIO", "OK": "IO"}),
                                    electrode_force=f["electrode_force"] * 1000))
    seen = []
    folder, _ = new_engagement("Werk Süd", "welding", path, report=seen.extend)
    config = yaml.safe_load((folder / "engagement.yaml").read_text(encoding="utf-8"))["processes"]["welding"]
    assert config["positive"] == ["NIO"] and config["negative"] == ["IO"]
    assert "팁드레싱후타점: welds_since_dressing  # check: fuzzy" in (folder / "engagement.yaml").read_text("utf-8")
    assert {m.header: m.canonical for m in seen}["EF (N)"] == "electrode_force"
    result = validate_process(load_engagement(folder.name), "welding")
    assert result.quality()["rows_quarantined"] == 0
    assert result.data["electrode_force"].between(1.5, 7).all()


def test_a_measured_result_becomes_a_continuous_target(engagements, tmp_path):
    path = _file(tmp_path, {"quality": "인장전단강도(kN)"},
                 lambda f: f.assign(quality=(8 + f["weld_current"] * 0.3).round(2)))
    folder, notes = new_engagement("세진산업", "welding", path)
    engagement = load_engagement(folder.name)
    assert engagement.processes["welding"].target_kind == "continuous"
    assert any("measured values: the target is continuous" in note for note in notes)
    result = validate_process(engagement, "welding")
    assert result.quality()["rows_accepted"] == 300 and result.data["quality"].between(9, 14).all()


def test_an_undecided_label_stops_new_with_the_question_and_the_answer_works(engagements, tmp_path):
    def rework(frame):
        frame["quality"] = frame["quality"].map({"NG": "불합격", "OK": "합격"})
        frame.loc[:29, "quality"] = "재작업"
        return frame
    path = _file(tmp_path, {"quality": "판정"}, rework)
    with pytest.raises(DataError, match=r"column '판정': 합격 \d+, 재작업 30, 불합격 \d+ — what are 재작업\? Answer "
                                        r"with --positive \(defect labels\) and --negative"):
        new_engagement("세진산업", "welding", path)
    assert not (engagements / "sejinsaneop").exists() and not list(engagements.iterdir())
    folder, _ = new_engagement("세진산업", "welding", path, positive=["불합격", "재작업"], negative=["합격"])
    result = validate_process(load_engagement(folder.name), "welding")
    assert int(result.data["quality"].sum()) >= 30


def test_an_id_column_the_spec_does_not_know_is_ignored(engagements, tmp_path):
    path = _file(tmp_path, {"part_id": "Barcode"})
    folder, notes = new_engagement("Werk Nord", "welding", path)
    config = load_engagement(folder.name).processes["welding"]
    assert config.ignore == ["Barcode"] and "Barcode" not in config.extra_columns
    assert any("'Barcode' holds a different text in almost every row" in note for note in notes)


def test_the_printed_map_is_a_table(engagements, tmp_path):
    from mfgxai.cli import app
    from typer.testing import CliRunner

    path = _file(tmp_path, {"weld_current": "전류(kA)", "electrode_force": "EF (N)", "quality": "판정"})
    out = CliRunner().invoke(app, ["new", "대성정밀", "--process", "welding", "--data", str(path)])
    assert out.exit_code == 0, out.output
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:5]]
            for line in out.output.splitlines() if line.count("│") >= 5}
    assert rows["전류(kA)"] == ["weld_current", "label", ""]
    assert rows["EF (N)"] == ["electrode_force", "label", "N → kN, ×0.001"]


def test_class_codes_with_one_good_code_named_make_every_other_code_a_defect(engagements, tmp_path):
    """A visual-testing export: 0 = correct weld, 1…20 = kinds of imperfection (whole numbers, not a measurement)."""
    path = _file(tmp_path, {"quality": "Imperfection_id"},
                 lambda f: f.assign(quality=[0 if q == "OK" else 1 + i % 14 for i, q in enumerate(f["quality"])]))
    with pytest.raises(DataError, match="which is the defect"):
        new_engagement("Arc Co", "welding", path, target="Imperfection_id")
    folder, _ = new_engagement("Arc Co", "welding", path, target="Imperfection_id", negative=["0"])
    config = load_engagement(folder.name).processes["welding"]
    assert config.target_kind == "binary" and config.negative == ["0"] and "0" not in config.positive
    result = validate_process(load_engagement(folder.name), "welding")
    assert result.quality()["rows_quarantined"] == 0 and 0 < result.data["quality"].mean() < 0.3


def test_a_text_column_that_tells_the_result_is_left_out(engagements, tmp_path):
    path = _file(tmp_path, {"quality": "Ergebnis"},
                 lambda f: f.assign(Beschreibung=f["quality"].map({"NG": "Riss", "OK": "in Ordnung"})))
    folder, notes = new_engagement("Werk Ost", "welding", path)
    config = load_engagement(folder.name).processes["welding"]
    assert "Beschreibung" in config.ignore and "Beschreibung" not in config.extra_columns
    assert any("'Beschreibung' tells the result exactly" in note for note in notes)
