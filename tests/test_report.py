"""Reviewer reports through real nbconvert and real headless Chromium: content, offline HTML, Korean PDF."""
import html as markup
import json
import re
import shutil
import subprocess
from datetime import date

import nbformat
import numpy as np
import pandas as pd
import pytest
from conftest import make_engagement, module_engagements
from mfgxai.cli import app
from mfgxai.engagement.config import load_engagement
from mfgxai.engagement.runstore import latest_good
from mfgxai.explain import actions
from mfgxai.i18n import day
from mfgxai.ingest.catalogue import get_entry
from mfgxai.processes import get_spec
from mfgxai.publish.browser import BrowserError, print_pdf
from mfgxai.publish.cells import RUN_KEY
from mfgxai.publish.guidebook import _variables
from mfgxai.publish.report import export_report, render_html
from mfgxai.run.runner import run_process
from typer.testing import CliRunner

ROWS = 2_000
EXTERNAL = re.compile(r"""(?:src|href|srcset)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
                      re.IGNORECASE)
HANGUL = re.compile(r"[가-힣]")
cli = CliRunner()

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
                                reason="poppler-utils (pdftotext, pdfinfo) are needed to read the PDFs")


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def flat(text: str) -> str:
    """Whitespace-insensitive text, so lines wrapped differently in HTML and PDF compare equal."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def engagements_root(tmp_path_factory):
    """The module's engagements: a Korean welding client and an English pressing + painting client."""
    with module_engagements(tmp_path_factory, "report") as root:
        make_engagement(root, "welding", client="한빛 테스트", slug="hanbit-test", language="ko", rows=ROWS)
        for process in ("pressing", "painting"):
            make_engagement(root, process, client="Test Client", slug="test-client", language="en", rows=ROWS,
                            into=process == "painting")
        yield root / "engagements"


@pytest.fixture(scope="module")
def korean(engagements_root):
    return run_and_export("hanbit-test", "welding")


@pytest.fixture(scope="module")
def english(engagements_root):
    return run_and_export("test-client", "pressing")


@pytest.fixture(scope="module")
def painting(engagements_root):
    """`mfgxai run` of a process while the browser is broken: its output, run folder and the files right after."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MFGXAI_BROWSER", "/no/such/chromium")
        result = cli.invoke(app, ["run", "test-client", "--process", "painting"])
    assert result.exit_code == 0, result.output
    folder = latest_good("test-client", "painting").path
    return {"output": flat(result.output), "folder": folder, "files": {p.name for p in folder.iterdir()}}


def run_and_export(slug: str, process: str) -> dict:
    """One real run, its HTML + PDF report, and the artifacts the report is checked against."""
    result = run_process(slug, process)
    assert result.ok, result.manifest.failure
    paths = export_report(result.folder)
    return {"folder": result.folder, "paths": paths, "manifest": result.manifest.model_dump(),
            "html": paths["html"].read_text(encoding="utf-8"), "pdf": pdf_text(paths["pdf"]),
            "metrics": artifact(result.folder, "metrics.json"), "quality": artifact(result.folder, "data_quality.json"),
            "narrative": artifact(result.folder, "explanations.json")["narrative"]}


def artifact(folder, name: str) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("report", ["korean", "english"])
def test_report_holds_cover_metrics_findings_and_audit_trail(report, request):
    r = request.getfixturevalue(report)
    manifest, language = r["manifest"], r["manifest"]["language"]
    html, pdf = r["html"], flat(r["pdf"])
    assert {kind: path.name for kind, path in r["paths"].items()} == {"html": "report.html", "pdf": "report.pdf"}
    cover = [manifest["client"], get_spec(manifest["process"]).label(language), manifest["run_id"],
             "한국어" if language == "ko" else "English"]
    contents = ["목차", "부록 A. 데이터 품질", "부록 B. 실행 기록"] if language == "ko" else \
        ["Contents", "Appendix A. Data quality", "Appendix B. Run manifest"]
    for text in cover + contents:
        assert text in html and text in pdf, text
    primary = r["metrics"]["primary"]
    for model in ("ebm", "baseline"):
        shown = f"{r['metrics'][model][primary]:.3f}"
        assert shown in html and shown in pdf, (model, shown)
    sentence = flat(r["narrative"][1])
    assert sentence in flat(html) and sentence in pdf
    for sha in (manifest["data"][0]["sha256"], manifest["template"]["sha256"], r["metrics"]["model_sha256"]):
        assert sha in html and sha in pdf
    assert f"{r['quality']['rows_read']:,}" in pdf
    assert all(reason in html for reason in r["quality"]["reasons"])


def cells(table: str) -> list[tuple[str, ...]]:
    """The text of every body row of an HTML table."""
    return [tuple(markup.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row))
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.DOTALL)]


@pytest.mark.parametrize("report", ["korean", "english"])
def test_the_cover_names_period_reliability_and_the_three_actions_first(report, request):
    r = request.getfixturevalue(report)
    manifest, language, html = r["manifest"], r["manifest"]["language"], r["html"]
    cover = markup.unescape(html[html.index('<section class="cover">'):html.index("</section>")])
    explanations = artifact(r["folder"], "explanations.json")
    first, last = (date.fromisoformat(d) for d in explanations["period"])
    spec = get_spec(manifest["process"])
    item = spec.item(language)
    words = actions.reliability_words(r["metrics"], language, item)
    for text in (manifest["client"], spec.label(language), f"{day(first, language)} – {day(last, language)}",
                 words["headline"], words["words"], words["detail"]):
        assert flat(text) in flat(cover), text
    ranking = explanations["actions"]
    labels = {c.name: c.label(language, False) for c in spec.columns}
    table = cover[cover.index('<table class="cover-actions">'):]
    assert cells(table[:table.index("</table>")]) == actions.table_rows(ranking, labels, language, item)
    assert 1 <= len(actions.table_rows(ranking, labels, language, item)) <= 3
    assert actions.method_note(ranking, language, item) in cover
    main = html[html.index("<main>"):]  # findings first, then how they were found; one header row a table
    findings, data = ("결론", "데이터") if language == "ko" else ("Findings", "Data")
    assert main.index(f">{findings}</h2>") < main.index('class="dataframe actions-first"') < main.index(f">{data}</h2>")
    assert all(head.count("<tr") == 1 for head in re.findall(r"<thead>(.*?)</thead>", main, re.DOTALL))


@pytest.mark.parametrize("report", ["korean", "english"])
def test_a_caveat_is_never_a_bullet_of_its_own(report, request):
    r = request.getfixturevalue(report)
    caveat, keep = ("확인 필요", "유지하세요") if r["manifest"]["language"] == "ko" else ("Check with the process", "Keep ")
    for line in r["narrative"]:
        assert caveat not in line or (keep in line and line.index(keep) < line.index(caveat)), line


@pytest.mark.parametrize("report", ["korean", "english"])
def test_report_shows_no_code_and_no_raw_rows(report, request):
    r = request.getfixturevalue(report)
    for text in (r["html"], r["pdf"]):
        assert "analysis." not in text and "import " not in text and "In [" not in text
    process = r["manifest"]["process"]
    columns = load_engagement(r["manifest"]["engagement"]).process(process).columns
    id_header = next(header for header, name in columns.items() if name == get_spec(process).id_column)
    quarantined = pd.read_csv(r["folder"] / "quarantine.csv", dtype=str)[id_header]
    assert len(quarantined) and not any(part in r["html"] or part in r["pdf"] for part in quarantined)


@pytest.mark.parametrize("report", ["korean", "english"])
def test_html_works_offline(report, request):
    html = request.getfixturevalue(report)["html"]
    assert not EXTERNAL.search(html)
    assert "http://" not in html and "https://" not in html and "<script" not in html
    assert "@font-face" in html and "data:font/woff;base64," in html
    assert html.count('src="data:image/png;base64,') >= 3


def test_korean_pdf_is_a4_with_hangul_and_page_numbers(korean):
    pdf = str(korean["paths"]["pdf"])
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > 1 and "(A4)" in info
    assert len(HANGUL.findall(korean["pdf"])) > 300
    for page in (2, pages):
        assert re.search(rf"^{page}\s*/\s*{pages}$", korean["pdf"], re.MULTILINE), page
    manifest_page = next(number for number, text in enumerate(korean["pdf"].split("\f"), start=1)
                         if number > 2 and "부록 B. 실행 기록" in text)
    contents = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", pdf, "-"], capture_output=True,
                              text=True).stdout
    assert re.search(rf"부록 B\. 실행 기록\s+{manifest_page}$", contents, re.MULTILINE)


def printed_sizes(pdf, *needles: str) -> dict[str, float]:
    """The size in points, as printed, of the first piece of text holding each needle."""
    pypdf = pytest.importorskip("pypdf")
    found = {}

    def visit(text, cm, tm, font, size):
        for needle in needles:
            if needle in text and needle not in found:  # the text and page matrices' vertical scale
                found[needle] = size * (abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]))
    for page in pypdf.PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_a_guidebooks_wide_variables_table_fits_the_page_and_prints_at_full_size(english, tmp_path):
    """Chromium shrinks every page to fit the widest thing on any: long column names, a long German category,
    dates and a long line of output all fit within A4, so the text prints at the stylesheet's own sizes."""
    rows = 40
    raw = pd.DataFrame({"facility_operation_cycleTime": np.linspace(74, 268, rows),
                        "Max_Switch_Over_Pressure": np.linspace(500, 1_200, rows),
                        "Kategorie": ["Leitungsversatz/Schweißkurven", "Gutschweißung", "Sonotrodeneinsätze gewechselt",
                                      "Terminalversatz", "Öl auf Terminal"] * (rows // 5),
                        "PART_FACT_PLAN_DATE": pd.date_range("2020-10-16", periods=rows).date,
                        "T_sum": np.linspace(1e8, 1e9, rows), "Z_mean": np.linspace(0, 3_170, rows)})
    table = _variables(get_entry("welding_ultrasonic_wire_terminal"), raw, "en")
    assert "2020-10-16 – 2020-11-24" in table  # dates as dates, not nanoseconds since 1970
    warning = "/work/lib/mfgxai/explain/charts.py:43: UserWarning: Tight layout not applied. " * 4
    cell = nbformat.v4.new_markdown_cell(f"{table}\n\n```\n{warning}\n```", id="guidebook-1")
    cell.metadata[RUN_KEY] = "guidebook"
    page = tmp_path / "guidebook.html"
    page.write_text(render_html([english["folder"]], before=[cell]), encoding="utf-8")
    pdf = print_pdf(page, tmp_path / "guidebook.pdf")
    assert "(A4)" in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    sizes = printed_sizes(pdf, "Every column of the file", "Leitungsversatz", "Tight layout")
    assert sizes == pytest.approx({"Every column of the file": 10, "Leitungsversatz": 8.5, "Tight layout": 8.5},
                                  abs=0.05), "the pages were shrunk to fit something wider than A4"


def test_run_says_when_its_report_failed_and_keeps_the_run(painting):
    output, files = painting["output"], painting["files"]
    assert "Report not written" in output and "MFGXAI_BROWSER" in output and "The run itself is complete" in output
    assert artifact(painting["folder"], "manifest.json")["status"] == "ok"
    assert {"model.joblib", "metrics.json", "explanations.json", "report.html"} <= files
    assert "report.pdf" not in files and not [name for name in files if name.startswith(".")]


def test_cli_report_writes_run_reports_and_the_portfolio(english, painting):
    result = cli.invoke(app, ["report", "test-client"])
    assert result.exit_code == 0, result.output
    portfolio = english["folder"].parents[2] / "reports" / "portfolio.html"
    written = "".join(result.output.split())
    for path in (english["folder"] / "report.pdf", painting["folder"] / "report.pdf", portfolio,
                 portfolio.with_suffix(".pdf")):
        assert path.exists() and str(path) in written, path
    html = portfolio.read_text(encoding="utf-8")
    for run in (english["manifest"], artifact(painting["folder"], "manifest.json")):
        assert run["run_id"] in html and get_spec(run["process"]).label("en") in html
    assert "Explainable AI portfolio report" in html and html.count('class="part"') == 4  # 2 processes + 2 appendices

    only_html = cli.invoke(app, ["report", "test-client", "--process", "pressing", "--format", "html"])
    assert only_html.exit_code == 0 and "report.html" in only_html.output and "report.pdf" not in only_html.output
    for bad in (["--run", "../../etc"], ["--format", "docx"], ["--process", "welding"]):
        refused = cli.invoke(app, ["report", "test-client", *bad])
        assert refused.exit_code != 0 and refused.exception is not None


def test_without_a_browser_the_html_is_written_and_the_run_untouched(korean, tmp_path, monkeypatch):
    folder = korean["folder"]
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "report.html"}
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("MFGXAI_BROWSER", raising=False)
    with pytest.raises(BrowserError, match=r"No Chrome or Chromium found.*MFGXAI_BROWSER.*report\.html"):
        export_report(folder)
    assert (folder / "report.html").exists()
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "report.html"} == before
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]
