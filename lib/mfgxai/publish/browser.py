"""Printing HTML to PDF with an installed Chrome or Chromium, headless; nothing is downloaded."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import MfgxaiError

BROWSER_VARIABLE = "MFGXAI_BROWSER"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")
BROWSER_PATHS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
)
PRINT_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-pdf-header-footer")
PRINT_TIMEOUT = 120
PAGE_TREE_NODE = re.compile(rb"(\d+) 0 obj\s*<</Type /Pages\s*/Count \d+\s*/Kids \[([^\]]*)\]")
NAMED_DESTINATIONS = re.compile(rb"/Dests (\d+) 0 R")
DESTINATION = re.compile(rb"/([\w.-]+) \[(\d+) 0 R /XYZ")


class BrowserError(MfgxaiError):
    """No Chrome/Chromium to print with, or it failed to print."""


def find_browser() -> Path:
    """MFGXAI_BROWSER if set, else the first Chrome/Chromium on PATH or in its usual install folder."""
    configured = os.environ.get(BROWSER_VARIABLE)
    if configured:
        found = shutil.which(configured)
        if not found:
            raise BrowserError(f"{BROWSER_VARIABLE}={configured} is not an executable Chrome or Chromium.")
        return Path(found)
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return Path(found)
    for path in map(Path, BROWSER_PATHS):
        if path.exists():
            return path
    raise BrowserError("No Chrome or Chromium found to print the PDF. Install one (Debian: apt-get install "
                       f"chromium) or set {BROWSER_VARIABLE} to its path.")


def print_pdf(html: Path, pdf: Path) -> Path:
    """Print a local HTML file to PDF; the page's CSS @page rules set paper, margins and page numbers."""
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="mfgxai-browser-", ignore_cleanup_errors=True) as profile:
        command = [str(browser), *PRINT_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                   Path(html).resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=PRINT_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise BrowserError(f"{browser} did not finish printing {html.name} within {PRINT_TIMEOUT} s.") from exc
    if done.returncode or not pdf.exists() or not pdf.stat().st_size:
        said = "\n".join(done.stderr.strip().splitlines()[-3:])
        raise BrowserError(f"{browser} could not print {html.name} (exit code {done.returncode}): {said}")
    return pdf


def destination_pages(pdf: Path) -> dict[str, int]:
    """The page (from 1) each link target of a Chromium PDF lands on, by element id; empty if not readable."""
    data = Path(pdf).read_bytes()
    tree = {int(node): [int(kid) for kid in re.findall(rb"(\d+) 0 R", kids)]
            for node, kids in PAGE_TREE_NODE.findall(data)}
    roots = set(tree) - {kid for kids in tree.values() for kid in kids}
    catalog = NAMED_DESTINATIONS.search(data)
    if len(roots) != 1 or not catalog:
        return {}
    number = {page: index for index, page in enumerate(_leaves(tree, roots.pop()), start=1)}
    names = re.search(rb"\b%d 0 obj\s*<<(.*?)>>\s*endobj" % int(catalog.group(1)), data, re.DOTALL)
    return {name.decode(): number[int(page)] for name, page in DESTINATION.findall(names.group(1) if names else b"")
            if int(page) in number}


def _leaves(tree: dict[int, list[int]], node: int) -> list[int]:
    """The pages under a page-tree node, in reading order."""
    return [leaf for kid in tree[node] for leaf in (_leaves(tree, kid) if kid in tree else [kid])]
