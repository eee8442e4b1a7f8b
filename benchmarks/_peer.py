"""explainerdashboard, the peer app, in a throw-away venv of its own: never a dependency of mfgxai."""
from __future__ import annotations

import subprocess
import sys
import venv
from importlib.metadata import version
from pathlib import Path

from _served import ServedApp, free_port, round_trips

PEER = "explainerdashboard==0.5.8"
SHARED = ("interpret-core", "scikit-learn", "pandas", "pyarrow", "joblib")  # pinned to ours: the same model loads
DEFAULT_VENV = Path.home() / ".cache" / "mfgxai-benchmarks" / "explainerdashboard"
SCRIPT = Path(__file__).parent / "peers" / "explainerdashboard_app.py"
PEER_PARTS = 1_000  # explainerdashboard's kernel SHAP takes about a minute per 1,000 parts here


def peer_python(folder: Path) -> Path:
    """The peer venv's Python, made on first use (pip from PyPI, a few minutes)."""
    python = folder / "bin" / "python"
    if not python.exists():
        print(f"making the explainerdashboard venv in {folder} (once) …", flush=True)
        venv.create(folder, with_pip=True)
        pins = [f"{name}=={version(name)}" for name in SHARED]
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", PEER, *pins], check=True)
    return python


def export(run: Path, slug: str, process: str, folder: Path) -> tuple[Path, Path, str]:
    """The run's EBM alone and its latest held-out parts (features + target), as the peer reads them."""
    import joblib

    from mfgxai.engagement.config import load_engagement
    from mfgxai.model.fit import split
    from mfgxai.processes import get_spec
    from mfgxai.ingest.validate import validate_process

    saved = joblib.load(run / "model.joblib")
    model, parts = folder / "peer-model.joblib", folder / "peer-parts.parquet"
    joblib.dump(saved["ebm"], model)
    validated = validate_process(load_engagement(slug), process)
    _, test = split(validated.data, saved["target"], saved["kind"], 0.2, 42, get_spec(process).time_column)
    latest = test.tail(PEER_PARTS)
    latest[saved["features"]].assign(**{saved["target"]: latest[saved["target"]].astype(int)}).reset_index(
        drop=True).to_parquet(parts)
    return model, parts, saved["target"]


def explainerdashboard(python: Path, files: tuple[Path, Path, str], setting: str, log: Path) -> ServedApp:
    """The peer serving our model: first chart = its importances; what-if = type a setting, wait for the risk.

    Typed values are the median and the 5th percentile of its parts (its inputs ignore values beyond their
    range): the median first, untimed, so that every timed value differs from the one before.
    """
    import pandas as pd

    model, parts, target = files
    port = free_port()
    values = [round(v, 1) for v in pd.read_parquet(parts)[setting].quantile([0.05, 0.5])]

    def whatif(page, presses):
        page.locator("span", has_text="What if...").click()
        page.get_by_role("button", name="Random Index").click()
        field = page.locator(f"[id^='feature-input-{setting}-input']")
        page.wait_for_function(f"() => document.querySelector(\"[id^='feature-input-{setting}-input']\").value")
        prediction = ".card:has(h3:text-is('Prediction')):visible"
        field.fill(str(values[1]))
        page.wait_for_timeout(1500)  # the prediction at the median settles
        return round_trips(page, presses, lambda i: field.fill(str(values[i % 2])), prediction)

    return ServedApp("explainerdashboard", [str(python), str(SCRIPT), str(model), str(parts), target, str(port)],
                     {"PATH": "/usr/bin:/bin", "HOME": str(Path.home())}, log.parent, f"http://127.0.0.1:{port}/",
                     log, ".js-plotly-plot .main-svg", first_chart=lambda page: None, whatif=whatif, port=port)


if __name__ == "__main__":
    print(peer_python(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_VENV))
