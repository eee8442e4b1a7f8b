"""The process notebooks read like their reports: prose in markdown cells per language, shared sections
from one place, one or two calls a code cell."""
import ast

import nbformat
from conftest import make_engagement
from mfgxai.cli import app
from mfgxai.paths import notebook_template
from mfgxai.processes import process_names
from mfgxai.publish.cells import RUN_KEY, Comparison, Language
from mfgxai.run.notebooks import VIEW_SLOT, built, shared_sections, sources, stale
from mfgxai.run.runner import kernel_name
from nbclient import NotebookClient
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook
from typer.testing import CliRunner


def _notebook(process: str) -> nbformat.NotebookNode:
    return nbformat.read(notebook_template(process), as_version=4)


def test_committed_notebooks_carry_the_shared_sections_as_they_are_now():
    assert stale() == []
    result = CliRunner().invoke(app, ["notebooks", "--check"])
    assert result.exit_code == 0, result.output


def test_an_edited_shared_section_reaches_every_process_notebook_and_own_cells_stay():
    shared = shared_sections()
    data = next(c for c in shared.cells if c.source.startswith("## Data"))
    data.source += "\n\nA sentence the consultant added."
    for process in process_names():
        before, after = sources(_notebook(process)), sources(built(process, shared))
        assert len(after) == len(before) and sum(a != b for a, b in zip(after, before)) == 1
        assert any("A sentence the consultant added." in text for _, text, _ in after)
        assert [c for c in after if "own-view" in c[2]] == [c for c in before if "own-view" in c[2]]
    assert sum(VIEW_SLOT in c.metadata.get("tags", []) for c in shared.cells) == 1


def test_every_section_is_prose_in_both_languages_and_code_cells_are_one_or_two_calls():
    for process in process_names():
        cells = _notebook(process).cells
        headings = [(c.metadata.get("tags", []), c.source.splitlines()[0]) for c in cells
                    if c.cell_type == "markdown" and c.source.startswith("## ")]
        english = [h for tags, h in headings if "lang-en" in tags]
        korean = [h for tags, h in headings if "lang-ko" in tags]
        assert len(english) == len(korean) >= 8, process
        assert any("Operating windows" in h for h in english) and any("권장 운전 범위" in h for h in korean)
        for cell in cells:
            if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
                statements = ast.parse(cell.source).body
                assert 1 <= len(statements) <= 3 and "section(" not in cell.source, (process, cell.source)
            assert not cell.get("outputs"), "templates are committed without outputs"


def test_a_report_keeps_each_runs_prose_in_that_runs_language():
    cells = []
    for run in ("welding", "painting"):
        for language in ("en", "ko"):
            cell = nbformat.v4.new_markdown_cell(f"## {run} {language}")
            cell.metadata.update({"tags": [f"lang-{language}"], RUN_KEY: run})
            cells.append(cell)
    untagged = nbformat.v4.new_markdown_cell("## shared")
    notebook = nbformat.v4.new_notebook(cells=[*cells, untagged])
    resources = {"report": {"language": "ko", "runs": [{"anchor": "welding", "language": "ko"},
                                                       {"anchor": "painting", "language": "en"}]}}
    kept, _ = Language().preprocess(notebook, resources)
    assert [c.source for c in kept.cells] == ["## welding ko", "## painting en", "## shared"]


def test_a_report_leaves_out_what_changed_for_a_run_that_has_no_comparison():
    cells = []
    for run, shown in (("welding", True), ("painting", False)):
        heading = nbformat.v4.new_code_cell("analysis.changes_heading()")
        if shown:
            heading.outputs = [nbformat.v4.new_output("execute_result", {"text/markdown": "## What changed"})]
        else:  # a warning is no comparison
            heading.outputs = [nbformat.v4.new_output("stream", name="stderr", text="FutureWarning")]
        prose = nbformat.v4.new_markdown_cell(f"{run}: since the advice")
        for cell in (heading, prose):
            cell.metadata.update({"tags": ["comparison"], RUN_KEY: run})
        data = nbformat.v4.new_markdown_cell(f"## {run} data")
        data.metadata[RUN_KEY] = run
        cells += [heading, prose, data]
    kept, _ = Comparison().preprocess(nbformat.v4.new_notebook(cells=cells), {})
    assert [c.source for c in kept.cells] == ["analysis.changes_heading()", "welding: since the advice",
                                              "## welding data", "## painting data"]


def _shown(cell) -> list:
    """What a code cell shows: its outputs without execution counts."""
    return [{key: value for key, value in output.items() if key != "execution_count"} for output in cell.outputs]


def test_running_any_cell_again_changes_nothing(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding", rows=1_200)
    (tmp_path / "run").mkdir()
    template = notebook_template("welding")
    notebook = parameterize_notebook(load_notebook_node(str(template)),
                                     {"engagement": str(folder), "process": "welding", "run_dir": str(tmp_path / "run")})
    code = [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    client = NotebookClient(notebook, kernel_name=kernel_name(), timeout=600,
                            resources={"metadata": {"path": str(template.parent)}})
    with client.setup_kernel():
        for index, cell in code:
            client.execute_cell(cell, index)
        first = {index: _shown(cell) for index, cell in code}
        assert any("text/markdown" in output.get("data", {}) for outputs in first.values() for output in outputs)
        for index, cell in reversed(code):  # each cell once more, last first: nothing depends on the order
            client.execute_cell(cell, index)
            assert _shown(cell) == first[index], f"cell {index} ({cell.source.splitlines()[0]}) changed when run again"
