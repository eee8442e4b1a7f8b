"""The shop floor's outputs of a real run: the one-page window card (both languages, its numbers, type sizes, Hangul
and QR code) and the control-plan extract (its rows are the windows)."""
import base64
import csv
import html
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from conftest import make_engagement, module_engagements, saved_run
from mfgxai.engagement.runstore import RunFolder, latest_good
from mfgxai.floor.card import write_card
from mfgxai.floor.controlplan import COLUMNS
from mfgxai.floor.sheet import EDGES
from mfgxai.i18n import number, span, t
from mfgxai.processes import get_spec, process_names
from openpyxl import load_workbook

pypdf = pytest.importorskip("pypdf")
zxingcpp = pytest.importorskip("zxingcpp")
APP = "http://factory.example:8866/"
BODY_PT, NAME_PT = 14, 18


def _mfgxai(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mfgxai", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def floor(tmp_path_factory):
    """A small welding engagement run once (which writes its card and control plan), then a card in each language."""
    with module_engagements(tmp_path_factory, "floor") as root:
        make_engagement(root, "welding", slug="floor")
        ran = _mfgxai("run", "floor")
        assert ran.returncode == 0, ran.stdout + ran.stderr
        run = latest_good("floor", "welding")
        cards = {}
        for language in ("en", "ko"):
            made = _mfgxai("card", "floor", "--language", language, "--app-url", APP)
            assert made.returncode == 0, made.stdout + made.stderr
            cards[language] = run.card_stem(language, "A4").with_suffix(".pdf")
        planned = _mfgxai("control-plan", "floor")
        assert planned.returncode == 0, planned.stdout + planned.stderr
        yield run, cards, ran.stdout


def _sized_text(pdf) -> list[tuple[str, float]]:
    """Every piece of text on the page with its size in points as printed."""
    pieces = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]))  # the text and page matrices' vertical scale
            pieces.append((text, size * scale))
    pypdf.PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return pieces


def _windows(run) -> list[dict]:
    return [w for w in run.explanations()["windows"] if w["low"] is not None or w["high"] is not None]


def test_every_good_run_writes_its_card_and_control_plan(floor):
    run, _, said = floor
    assert run.card_stem("en", "A4").with_suffix(".pdf").is_file()
    assert run.control_plan_stem.with_suffix(".xlsx").is_file() and "card and control plan" in said


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_card_is_one_page_with_every_window_as_explanations_states_it(floor, language):
    run, cards, _ = floor
    reader = pypdf.PdfReader(cards[language])
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    flat = " ".join(text.split())
    spec = get_spec("welding")
    assert _windows(run), "the welding demo states windows"
    for window in _windows(run):
        assert spec.column(window["feature"]).label(language, False) in flat
        for edge in ("low", "high"):
            if window[edge] is not None:
                assert number(window[edge], language) in flat, (window["feature"], edge)
        if window["low"] is not None and window["high"] is not None:
            assert " ".join(span(window["low"], window["high"], window["unit"], language).split()) in flat
    assert t("card_based_on", language, parts=run.manifest().rows["rows_accepted"], item=spec.item(language)) in flat


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_card_reads_at_arms_length(floor, language):
    run, cards, _ = floor
    pieces = _sized_text(cards[language])
    assert pieces and min(size for _, size in pieces) >= BODY_PT - 0.05
    names = {get_spec("welding").column(w["feature"]).label(language, False) for w in _windows(run)}
    name_sizes = [size for text, size in pieces if text.strip() in names]
    assert name_sizes and min(name_sizes) >= NAME_PT - 0.05


def test_the_korean_card_is_in_korean(floor):
    _, cards, _ = floor
    text = pypdf.PdfReader(cards["ko"]).pages[0].extract_text()
    assert sum("가" <= c <= "힣" for c in text) > 50


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_qr_code_opens_the_app(floor, language, tmp_path):
    from PIL import Image

    _, cards, _ = floor
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(cards[language]), str(tmp_path / "card")],
                   check=True)
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "card.png"))
    assert [code.text for code in found] == [APP]


def test_the_control_plan_rows_are_the_windows(floor):
    run, _, _ = floor
    language = run.manifest().language
    book = load_workbook(run.control_plan_stem.with_suffix(".xlsx"))
    rows = [[cell.value for cell in row] for row in book.active.iter_rows()]
    header = [t(key, language) for key in COLUMNS]
    table = rows[rows.index(header) + 1:]
    with open(run.control_plan_stem.with_suffix(".csv"), encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == [header, *table]
    windows = {get_spec("welding").column(w["feature"]).label(language, True): w for w in _windows(run)}
    spec_at, reaction_at = COLUMNS.index("cp_spec"), COLUMNS.index("cp_reaction")
    assert {row[COLUMNS.index("cp_characteristic")] for row in table} == set(windows)
    for row in table:
        window = windows[row[COLUMNS.index("cp_characteristic")]]
        assert row[spec_at] == span(window["low"], window["high"], window["unit"], language)
        for side, edge in zip(EDGES, ("low", "high")):
            assert (window[edge] is not None) == (number(window[edge], language) in row[reaction_at])


@pytest.mark.parametrize("name", process_names())
def test_every_adjustable_setting_says_what_goes_wrong_beyond_its_edges(name):
    for column in get_spec(name).columns:
        if column.role == "controllable" and column.kind == "number":
            assert column.floor and (column.floor.below or column.floor.above), column.name


class _Appendix(HTMLParser):
    """The floor appendix of a report page: the card's page (the iframe's srcdoc) and the control plan's cells."""

    def __init__(self) -> None:
        super().__init__()
        self.card, self.rows, self.in_plan, self.in_cell = None, [], False, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "iframe" and attrs.get("class") == "card":
            self.card = attrs["srcdoc"]
        self.in_plan |= tag == "table" and attrs.get("class") == "control-plan"
        if self.in_plan and tag == "tr":
            self.rows.append([])
        if self.in_plan and tag in ("td", "th"):
            self.in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        self.in_plan &= tag != "table"
        self.in_cell &= tag not in ("td", "th")

    def handle_data(self, data):
        if self.in_cell:
            self.rows[-1][-1] += data


def test_the_report_appendix_shows_the_card_and_the_control_plan(floor):
    run, _, _ = floor
    language = run.manifest().language
    appendix = _Appendix()
    appendix.feed((run.path / "report.html").read_text(encoding="utf-8"))
    card = html.unescape(re.sub(r"<[^>]+>", " ", appendix.card or ""))  # the card as the run printed it
    with open(run.control_plan_stem.with_suffix(".csv"), encoding="utf-8-sig", newline="") as handle:
        assert appendix.rows == list(csv.reader(handle))
    printed = "".join(page.extract_text() for page in pypdf.PdfReader(run.path / "report.pdf").pages)
    assert t("floor_appendix", language) in printed
    for window in _windows(run):  # the card's own numbers, in its page and printed inside the report
        stated = span(window["low"], window["high"], window["unit"], language).replace(" ", "")
        assert stated in card.replace(" ", "") and stated in printed.replace(" ", "")


def test_the_app_offers_the_card_and_the_control_plan_for_download(floor):
    from mfgxai.app.results import engagement_results
    from mfgxai.app.tabs import downloads

    run, _, _ = floor
    language = run.manifest().language
    links = re.findall(r"download='([^']+)' href='data:[\w/.-]+;base64,([^']+)'>([^<]+)</a>",
                       downloads(engagement_results("floor").processes["welding"], language).value)
    files = [run.card_stem(language, "A4").with_suffix(".pdf"), run.control_plan_stem.with_suffix(".xlsx")]
    assert {name: base64.b64decode(data) for name, data, _ in links} == {path.name: path.read_bytes() for path in files}
    assert [label for *_, label in links] == [t("app_download_card", language), t("app_download_plan", language)]


@pytest.fixture(scope="module", params=process_names())
def process_run(request, tmp_path_factory):
    """A small saved run of each process (as the notebook saves it), for its cards."""
    with saved_run(tmp_path_factory, f"card-{request.param}", 3_000, request.param) as (analysis, _):
        yield RunFolder(analysis.run_dir)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_process_has_a_one_page_card_in_both_languages(process_run, language, tmp_path):
    from PIL import Image

    pdf = write_card(process_run, language, "A4", APP)
    printed = pypdf.PdfReader(pdf).pages
    text = printed[0].extract_text().replace(" ", "")
    assert len(printed) == 1
    spec = get_spec(process_run.manifest().process)
    for window in _windows(process_run):
        assert span(window["low"], window["high"], window["unit"], language).replace(" ", "") in text
    pieces = _sized_text(pdf)
    names = {spec.column(w["feature"]).label(language, False) for w in _windows(process_run)}
    assert min(size for _, size in pieces) >= BODY_PT - 0.05
    large = [piece.strip() for piece, size in pieces if size >= NAME_PT - 0.05 and piece.strip()]
    assert all(any(piece in name for piece in large) for name in names)  # each name large (a long one wraps)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "card")], check=True)
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(tmp_path / "card.png"))] == [APP]
    assert (re.search("[가-힣]", text) is not None) == (language == "ko")
    parts = process_run.manifest().rows["rows_accepted"]
    assert t("card_based_on", language, parts=parts, item=spec.item(language)).replace(
        " ", "") in text
