"""The data-set catalogue: real public data opened like a client's file, run honestly, explained in guidebooks."""
import json
import re
import subprocess

import nbformat
import pandas as pd
import pytest
import yaml
from mfgxai.app.results import engagement_results
from mfgxai.app.tabs import ProcessView
from mfgxai.cli import app
from mfgxai.engagement.config import load_engagement
from mfgxai.errors import MfgxaiError
from mfgxai.explain import narrate
from mfgxai.explain.windows import withheld_reason
from mfgxai.i18n import number
from mfgxai.ingest.catalogue import catalogue, get_entry, open_dataset
from mfgxai.ingest.io import read_table
from mfgxai.ingest.validate import validate_process
from mfgxai.model import heldout
from mfgxai.paths import catalogue_dir, data_dir
from mfgxai.publish.guidebook import build_guidebook, current_run
from mfgxai.publish.report import export_report
from mfgxai.run.runner import run_process
from typer.testing import CliRunner

runner = CliRunner()
PRESENT = [e.name for e in catalogue().values() if e.openable]  # empty (the tests skip) without the data folder
GPL = "welding_arc_kuka_vt"
PAINT = "painting_paint_thickness_doe"
NO_DATA = "the data folder (MFGXAI_DATA) lacks the real data sets"
needs_data = pytest.mark.skipif(PAINT not in PRESENT, reason=NO_DATA)


def test_the_catalogue_holds_entries_and_licence_notes_never_the_data():
    for folder in catalogue_dir().iterdir():
        assert {p.name for p in folder.iterdir()} <= {"dataset.yaml", "LICENSE.md"}, folder
    for entry in catalogue().values():
        assert len(entry.sha256) == 64 and entry.path.parent in (data_dir(), data_dir() / (entry.folder or entry.name))


@needs_data
def test_catalogue_lists_demo_and_real_sets_and_opens_one(engagements):
    assert {"pressing_tsid_coin_stamping", PAINT, "welding_laser_steel_copper", "pressing_shear_cutting_fe_sim",
            "steel_plates_faults"} <= set(PRESENT)
    for name in PRESENT:
        entry = get_entry(name)
        assert (catalogue_dir() / name / "LICENSE.md").exists() and len(read_table(entry.path)) == entry.rows
    listed = runner.invoke(app, ["datasets"], terminal_width=250)
    assert listed.exit_code == 0, listed.output
    for name in (*PRESENT, GPL, "hanbit-autotech/welding"):
        assert name in listed.output
    assert "GPL-3.0" in listed.output and "many classes" in listed.output
    opened = runner.invoke(app, ["datasets", "open", PAINT, "--language", "ko"])
    assert opened.exit_code == 0, opened.output
    assert load_engagement("painting-paint-thickness-doe").language == "ko"


@needs_data
def test_a_missing_or_changed_file_is_listed_as_such_and_refused_with_where_to_get_it(engagements, tmp_path,
                                                                                      monkeypatch):
    original = get_entry(PAINT).path
    monkeypatch.setenv("MFGXAI_DATA", str(tmp_path))
    listed = runner.invoke(app, ["datasets"], terminal_width=250)
    assert listed.exit_code == 0 and listed.output.count("missing") >= len(PRESENT), listed.output
    with pytest.raises(MfgxaiError, match=r"paint_2\.csv is not in the data folder .*MFGXAI_DATA.*"
                                          r"https://.*Dean"):
        open_dataset(PAINT)
    (tmp_path / original.name).write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))
    assert get_entry(PAINT).status == "different"
    with pytest.raises(MfgxaiError, match="not the catalogued file"):
        open_dataset(PAINT)
    (tmp_path / original.name).write_bytes(original.read_bytes())  # the file dropped straight into the folder
    assert get_entry(PAINT).status == "present" and open_dataset(PAINT).name == "painting-paint-thickness-doe"


@pytest.mark.parametrize("name", PRESENT or [pytest.param(None, marks=pytest.mark.skip(reason=NO_DATA))])
def test_each_real_set_opens_through_the_client_file_path(engagements, name):
    entry = get_entry(name)
    folder = open_dataset(name)
    text = (folder / "engagement.yaml").read_text(encoding="utf-8")
    assert text.startswith("# mfgxai engagement") and (folder / "data" / entry.file).exists()
    config = yaml.safe_load(text)["processes"][entry.process]
    assert config["target_kind"] == entry.target_kind and set(config["ignore"]) == set(entry.ignore)
    validated = validate_process(load_engagement(entry.slug), entry.process)
    quality = validated.quality()  # a real machine's reading errors (a 0 °C melt) go to quarantine: a few at most
    assert quality["rows_accepted"] + quality["rows_quarantined"] == entry.rows
    assert quality["rows_quarantined"] <= 0.01 * entry.rows, quality["reasons"]
    features = {c.name for c in validated.features}
    assert not features & set(entry.ignore)
    assert not features & {h for h, c in entry.extra_columns.items() if c.role == "outcome"}


def test_a_multiclass_set_is_listed_but_not_opened(engagements):
    with pytest.raises(MfgxaiError, match="many classes"):
        open_dataset(GPL)
    entry = get_entry(GPL)
    if entry.status == "present":
        assert len(pd.read_csv(entry.path)) == entry.rows


def test_windows_are_withheld_for_small_data_and_measured_results():
    assert withheld_reason("binary", 39, 6) == "few_rows"
    assert withheld_reason("binary", 360, 12) == "few_defects"
    assert withheld_reason("continuous", 5_000, None) == "continuous"
    assert withheld_reason("binary", 360, 51) is None
    assert "only 39 rows" in narrate.withheld_sentence("few_rows", 39, 6, (200, 30), "en")
    assert "39건뿐" in narrate.withheld_sentence("few_rows", 39, 6, (200, 30), "ko")


@needs_data
@pytest.mark.parametrize("name, items", [("pressing_tsid_coin_stamping", None), ("welding_laser_steel_copper", 90)])
def test_small_real_sets_run_with_cross_validation(engagements, name, items):
    entry = get_entry(name)
    open_dataset(name)
    result = run_process(entry.slug, entry.process)
    assert result.ok, result.manifest.failure
    cv = json.loads((result.folder / "metrics.json").read_text(encoding="utf-8"))["cv"]
    assert cv["rows"] == entry.rows and cv["folds"] * cv["repeats"] == 10 and cv["ebm"]["sd"] >= 0
    explanations = json.loads((result.folder / "explanations.json").read_text(encoding="utf-8"))
    narrative = " ".join(explanations["narrative"])
    assert "cross-validation" in narrative and "±" in narrative
    assert cv.get("items") == items  # the laser welds: four cross-sections each, never split apart
    assert (f"the same item ({items} items) were kept on one side of every split" in narrative) == bool(items)
    stated = [w for w in explanations["windows"] if w["low"] is not None or w["high"] is not None]
    if entry.rows < 200:
        assert not stated and "cannot be trusted" in narrative and "Keep " not in narrative
    else:
        assert stated and "Keep " in narrative


@needs_data
def test_guidebook_of_the_paint_experiment_in_both_languages(engagements):
    name = "painting_paint_thickness_doe"
    english = build_guidebook(name, "en", ("html",))["html"].read_text(encoding="utf-8")
    korean_pdf = build_guidebook(name, "ko")["pdf"]
    korean = subprocess.run(["pdftotext", "-layout", str(korean_pdf), "-"], capture_output=True, text=True,
                            check=True).stdout
    for text in ("Purpose and source", "Variables", "Target and balance", "Caveats", "belt speed (coded 0/1)",
                 "CC0", "Small sample: 32 rows", "no operating window", "mfgxai datasets open " + name):
        assert text.lower() in english.lower(), text
    assert re.search(r"RMSE, 5-fold cross-validation × 2 \(mean ± sd\)", english)
    assert re.search(r"\d\.\d{3} ± \d\.\d{3}", english)
    for text in ("데이터셋 가이드북", "목적과 출처", "유의 사항", "표본이 작습니다(32행)", "교차검증", "벨트 속도"):
        assert text in korean, text
    assert re.search(r"\d\.\d{3} ± \d\.\d{3}", korean)


def test_a_guidebooks_column_names_stay_literal_and_wrap_at_their_underscores():
    from mfgxai.publish.guidebook import _name
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    for name, shown in (("Sum_of_Luminosity", "Sum_<wbr>of_<wbr>Luminosity"), ("_x_|y*z*", "_<wbr>x_<wbr>|y*z*"),
                        ("<b>&amp", "&lt;b&gt;&amp;amp"), ("용접 전류(kA)", "용접 전류(kA)")):
        page = markdown2html_mistune(f"| column | n |\n| --- | --- |\n| {_name(name)} | 1 |\n")
        assert f"<td><code>{shown}</code></td>" in page, page  # no emphasis, no third cell, no tag

@needs_data
def test_a_set_filed_under_the_closest_process_keeps_its_own_name(engagements):
    name = "welding_laser_steel_copper"  # read with the resistance-spot-welding spec, but laser welding it is
    for language, own, spec in (("en", "Laser welding", "Resistance spot welding"), ("ko", "레이저 용접", "저항 점용접")):
        page = build_guidebook(name, language, ("html",))["html"].read_text(encoding="utf-8")
        cover = page[page.index('<section class="cover">'):page.index("</section>")]
        assert f'<p class="processes">{own}</p>' in cover and spec not in cover
        assert re.search(rf"@top-left {{ content: \"[^\"]* · {own}\"; }}", page)  # every page's running head
        assert spec not in " ".join(re.findall(r"<h2[^>]*>([^<]*)</h2>", page))  # no appendix header says the spec
        assert re.search(rf"<td>{spec} \(<code>welding</code>\)</td>", page)  # the purpose table says whose spec
        title = get_entry(name).title(language)  # the run's part heading: the set's own title and process
        assert re.search(rf'class="part" id="welding-\d+">{re.escape(title)} — {own}</h1>', page)
        assert "lobe" not in page and "로브" not in page  # no weld current or time: no weldability lobe
    korean = export_report(current_run(get_entry(name), "ko"), ("html",))["html"].read_text(encoding="utf-8")
    cover = korean[korean.index('<section class="cover">'):korean.index("</section>")]
    assert "강–구리 겹치기 레이저 용접" in cover and "Laser-welded" not in cover and "레이저 용접" in cover
    executed = nbformat.read(current_run(get_entry(name), "en") / "executed.ipynb", as_version=4)
    assert executed.cells[0].source.startswith("# Laser welding\n\n*Laser welding data, read with "
                                               "`notebooks/welding.ipynb` (Resistance spot welding)")
    assert "expulsion" not in executed.cells[0].source  # the spot-welding notebook's aims are not the data's
    lobe = next(c for c in executed.cells if "risk_map" in c.source)  # the notebook says plainly why there is none
    assert lobe.outputs[0].data["text/markdown"] == "*Not shown, the data has no weld current and weld time.*"


@needs_data
def test_the_app_of_a_measured_result_builds_and_judges_it_by_its_errors(engagements):
    entry = get_entry("painting_paint_thickness_doe")
    open_dataset(entry.name)
    assert run_process(entry.slug, entry.process).ok
    results = engagement_results(entry.slug).processes[entry.process]
    view = ProcessView(results, "en")
    for index in range(len(view.keys)):  # every page builds for a measured result, not only a defect flag
        view.tabs.selected_index = index
    assert all(box.children for box in view.tabs.children)
    view.tabs.selected_index = view.keys.index("app_quality")
    sentence = view.tabs.children[view.tabs.selected_index].children[0].children[1].value
    found = heldout.errors(results.holdout["prediction"], results.holdout["observed"])
    assert found["rmse"] == pytest.approx(results.metrics["ebm"]["rmse"], rel=1e-9)
    assert f"off by {number(found['mae'], 'en')} on average" in sentence and number(found["rmse"], "en") in sentence
