"""A battery's rows are cells (셀): no page of its app, its report, its card or its control plan calls them parts."""
import html
import re

import pytest
from conftest import make_engagement, module_engagements
from mfgxai.app.results import engagement_results
from mfgxai.app.tabs import ProcessView
from mfgxai.engagement.runstore import RunFolder
from mfgxai.floor import card, controlplan
from mfgxai.floor.sheet import sheet
from mfgxai.publish.report import render_html
from mfgxai.run.notebooks import built
from mfgxai.run.runner import run_process

PART = {"ko": re.compile("부품"), "en": re.compile(r"\bparts?\b", re.IGNORECASE)}
CELL = {"ko": "셀", "en": "cell"}


def _prose(notebook, language: str) -> str:
    return "\n".join(c.source for c in notebook.cells
                     if c.cell_type == "markdown" and f"lang-{language}" in c.metadata.get("tags", []))


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_battery_notebook_speaks_of_cells_the_welding_one_of_parts(language):
    battery, welding = _prose(built("battery"), language), _prose(built("welding"), language)
    assert not PART[language].findall(battery) and CELL[language] in battery.lower()
    assert PART[language].search(welding) and "{item" not in battery + welding


@pytest.fixture(scope="module")
def battery(tmp_path_factory):
    """A Korean and an English battery client, each run once."""
    with module_engagements(tmp_path_factory, "cells") as root:
        runs = {}
        for language in ("ko", "en"):
            slug = f"cells-{language}"
            make_engagement(root, "battery", client=f"Cell Co {language}", slug=slug, language=language, rows=2_000)
            run = run_process(slug, "battery")
            assert run.ok, run.manifest.failure
            runs[language] = run.folder
        yield runs


def _texts(widget) -> list[str]:
    """Every text a page of the app shows: HTML and labels, descriptions, options, tab titles, its children's."""
    found = [str(getattr(widget, name)) for name in ("value", "description", "placeholder")
             if isinstance(getattr(widget, name, None), str)]
    found += [str(label) for label in getattr(widget, "_options_labels", ())]
    found += list(getattr(widget, "titles", ()))
    for child in getattr(widget, "children", ()):
        found += _texts(child)
    return found


def _visible(page: str) -> str:
    """A page's words: no tags, no embedded images, fonts or styles."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"data:[\w/+.-]+;base64,[\w+/=]+", "", page)))


@pytest.mark.parametrize("language", ["ko", "en"])
def test_no_page_of_a_battery_app_calls_a_cell_a_part(battery, language):
    results = engagement_results(f"cells-{language}").processes["battery"]
    view = ProcessView(results, language)
    for index in range(len(view.keys)):
        view.tabs.selected_index = index  # every page is built when first opened
    words = "\n".join(_texts(view.tabs))
    assert all(box.children for box in view.tabs.children)
    assert not PART[language].findall(words), [line for line in words.splitlines() if PART[language].search(line)]
    assert words.lower().count(CELL[language]) >= 10


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_battery_report_card_and_control_plan_speak_of_cells(battery, language):
    run = RunFolder(battery[language])
    facts = sheet(run)
    pages = {"report": _visible(render_html([battery[language]])),
             "card": _visible(card.render(facts, "A4", "http://127.0.0.1:8866/", with_picture=False)),
             "control plan": "\n".join(" ".join(row) for row in controlplan.rows(facts))}
    for name, words in pages.items():
        found = [line for line in words.splitlines() if PART[language].search(line)]
        assert not found, (name, found)
    assert CELL[language] in pages["report"].lower() and CELL[language] in pages["card"].lower()
