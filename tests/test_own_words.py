"""Words that depend on what is being analysed: a process filed under the closest spec heads with its own name in
each language, a section the data cannot draw is left out of the report, and a notebook whose default engagement
is not there says what to do in one line."""
import shutil

import nbformat
import pytest
import yaml
from mfgxai import Analysis
from mfgxai.engagement.config import Engagement, load_engagement
from mfgxai.errors import EngagementError
from mfgxai.ingest.scaffold import new_engagement, write_engagement_yaml
from mfgxai.paths import notebook_template
from mfgxai.publish.cells import RUN_KEY, Contents, Language, Unavailable

ROWS = "current (kA),weld time (ms),power (W),result\n" + "".join(
    f"{9 + i % 3 * 0.5},{200 + i % 4 * 20},{1000 + i * 10},{'NG' if i % 7 == 0 else 'OK'}\n" for i in range(40))


@pytest.fixture
def laser(engagements, tmp_path):
    """A client's welding file, then told it is laser welding (as the catalogue tells it of a data set's entry)."""
    source = tmp_path / "laser.csv"
    source.write_text(ROWS, encoding="utf-8")
    folder, _ = new_engagement("Busbar Joining Co.", "welding", source)
    raw = load_engagement(folder).model_dump()
    raw.update(client_names={"en": "Busbar Joining Co.", "ko": "버스바 접합"},
               process_titles={"welding": {"en": "Laser welding", "ko": "레이저 용접"}})
    write_engagement_yaml(Engagement.model_validate(raw), folder / "engagement.yaml")
    return folder


def test_a_process_filed_under_the_closest_spec_heads_with_its_own_name_in_each_language(laser):
    engagement = load_engagement(laser)
    assert engagement.process_label("welding", "ko") == "레이저 용접"
    assert engagement.client_name("ko") == "버스바 접합" and engagement.client_name("en") == "Busbar Joining Co."
    korean = Analysis(str(laser), "welding", language="ko").title().data
    english = Analysis(str(laser), "welding", language="en").title().data
    assert korean.startswith("## 버스바 접합 — 레이저 용접\n") and "저항 점용접" not in korean
    assert english.startswith("## Busbar Joining Co\\. — Laser welding\n") and "spot" not in english
    raw = yaml.safe_load((laser / "engagement.yaml").read_text(encoding="utf-8"))
    assert raw["process_titles"] == {"welding": {"en": "Laser welding", "ko": "레이저 용접"}}


def test_an_engagement_without_names_of_its_own_uses_the_specs_and_writes_none(engagements, tmp_path):
    source = tmp_path / "spot.csv"
    source.write_text(ROWS, encoding="utf-8")
    folder, _ = new_engagement("Spot Co.", "welding", source)
    raw = yaml.safe_load((folder / "engagement.yaml").read_text(encoding="utf-8"))
    assert "client_names" not in raw and "process_titles" not in raw
    assert Analysis(str(folder), "welding", language="ko").title().data.startswith("## Spot Co\\. — 저항 점용접\n")
    raw["process_titles"] = {"painting": {"en": "Powder coating"}}
    (folder / "engagement.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(EngagementError, match="titles of processes the engagement does not have"):
        load_engagement(folder)


def _cell(kind: str, source: str, run: str = "welding", tags=(), outputs=()):
    cell = nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source)
    cell.metadata.update({RUN_KEY: run, "tags": list(tags)})
    if kind == "code":
        cell.outputs = list(outputs)
    return cell


def _shown(markdown: str, absent=None):
    return nbformat.v4.new_output("display_data", {"text/markdown": markdown},
                                  metadata={"text/markdown": {"mfgxai_absent": absent}} if absent else {})


def test_a_report_leaves_out_a_section_whose_every_chart_the_data_cannot_draw():
    note = "*Not shown, the data has no weld current and weld time.*"
    cells = [_cell("md", "## Operating windows"), _cell("code", "analysis.windows_table()", outputs=[_shown("|a|")]),
             _cell("md", "## The weldability lobe\n\nDefect risk over weld current × weld time", tags=["lang-en"]),
             _cell("md", "## 용접 가능 영역(로브)", tags=["lang-ko"]),
             _cell("code", 'analysis.risk_map("weld_current", "weld_time")',
                   outputs=[_shown(note, ["weld_current", "weld_time"])]),
             _cell("md", "## Casting pressure × speed, and the balance", run="diecasting"),
             _cell("code", "analysis.risk_map(...)", run="diecasting", outputs=[_shown("*Not shown*", ["a"])]),
             _cell("code", "analysis.risk_map(...)", run="diecasting", outputs=[_shown("![map](x.png)")]),
             _cell("md", "## Why this part was at risk"), _cell("md", "Prose alone stays.")]
    resources = {"report": {"language": "en", "runs": [{"anchor": "welding", "language": "en"},
                                                       {"anchor": "diecasting", "language": "en"}]}}
    notebook = nbformat.v4.new_notebook(cells=cells)
    for step in (Language(), Unavailable(), Contents()):
        notebook, resources = step.preprocess(notebook, resources)
    text = "\n".join(c.source for c in notebook.cells)
    assert "lobe" not in text and "로브" not in text and "weld current" not in text  # heading, prose and note gone
    assert "Casting pressure" in text and "Prose alone stays." in text  # one chart drawn: its section stays
    titles = [entry["title"] for entry in resources["report"]["contents"]]
    assert titles == ["Operating windows", "Casting pressure × speed, and the balance", "Why this part was at risk"]


def test_a_process_notebook_without_its_demo_engagement_stops_with_one_message(engagements, tmp_path):
    """Run All in JupyterLab on a clean checkout: the defaults name a demo engagement `mfgxai demo` writes."""
    import papermill
    from mfgxai.run.runner import kernel_name
    from papermill.exceptions import PapermillExecutionError

    folder = tmp_path / "notebooks"  # the default '../engagements/<demo>' then points at an empty checkout's
    folder.mkdir()
    shutil.copy(notebook_template("welding"), folder / "welding.ipynb")
    with pytest.raises(PapermillExecutionError) as raised:
        papermill.execute_notebook(str(folder / "welding.ipynb"), str(folder / "out.ipynb"),
                                   kernel_name=kernel_name(), progress_bar=False, cwd=str(folder))
    error = raised.value
    assert error.ename == "EngagementError"
    assert "`mfgxai demo`" in error.evalue and "set `engagement`" in error.evalue
    assert "../engagements/hanbit-autotech" in error.evalue
    assert len(error.traceback) == 1 and "Traceback" not in error.traceback[0]  # the message, not a traceback
    executed = nbformat.read(folder / "out.ipynb", as_version=4)
    ran = [c for c in executed.cells if c.cell_type == "code" and c.get("execution_count")]
    assert ran[-1].source.startswith("from mfgxai import Analysis")  # it stopped there: nothing after it ran


def test_a_run_made_before_its_process_had_its_own_name_is_no_longer_current(engagements, tmp_path):
    from mfgxai.engagement.runstore import Manifest, fingerprint, is_current

    source = tmp_path / "laser.csv"
    source.write_text(ROWS, encoding="utf-8")
    folder, _ = new_engagement("Busbar Joining Co.", "welding", source)
    before = load_engagement(folder)
    recorded = {key: value for key, value in fingerprint(before, "welding").items() if key != "names"}
    manifest = Manifest.model_validate({"run_id": "r", "engagement": before.slug, "client": before.client,
                                        "process": "welding", "language": "en", "started": "", **recorded})
    assert fingerprint(before, "welding")["names"] is None and is_current(manifest, before, "welding")
    named = Engagement.model_validate({**before.model_dump(),
                                       "process_titles": {"welding": {"en": "Laser welding", "ko": "레이저 용접"}}})
    assert not is_current(manifest, named, "welding")  # its headings would say the spec's name: run it again


def test_a_data_set_opened_before_its_entry_named_it_takes_the_entrys_names(engagements, tmp_path):
    from mfgxai.ingest.catalogue import get_entry, name_engagement

    entry = get_entry("welding_laser_steel_copper")
    source = tmp_path / "laser.csv"
    source.write_text(ROWS, encoding="utf-8")
    new_engagement(entry.title.en, "welding", source, slug=entry.slug)  # as `datasets open` wrote it before
    name_engagement(entry)
    engagement = load_engagement(entry.slug)
    assert engagement.process_label("welding", "ko") == "레이저 용접"
    assert engagement.client_name("ko") == "강–구리 겹치기 레이저 용접(스크리닝 실험)"
    written = (engagements / entry.slug / "engagement.yaml").read_text(encoding="utf-8")
    name_engagement(entry)  # named already: the file is left as it is
    assert (engagements / entry.slug / "engagement.yaml").read_text(encoding="utf-8") == written
