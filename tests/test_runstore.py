"""The run store owns the run folder: its file names, which runs are good, whether a run is still current."""
import ast
from pathlib import Path

import mfgxai
import pytest
from conftest import make_engagement
from mfgxai.engagement.config import load_engagement
from mfgxai.engagement.runstore import (
    Manifest,
    Metrics,
    RunFolder,
    find_run,
    fingerprint,
    good_runs,
    is_current,
    latest_good,
    runs_dir,
    stale_staging,
    write_json,
)
from pydantic import ValidationError

LIBRARY = Path(mfgxai.__file__).parent
ARTIFACT_NAMES = {Path(getattr(RunFolder(Path("x")), name)).name for name in dir(RunFolder) if name.endswith("_path")
                  and name not in ("final_path",)}


def _string_literals(path: Path) -> set[str]:
    """Every string constant of a module that could name a file: not docstrings, not prose (words with spaces,
    which may tell a reader where a file is)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and " " not in node.value}


def test_no_module_but_the_run_store_names_a_run_artifact():
    assert {"manifest.json", "metrics.json", "executed.ipynb", "model.joblib", "quarantine.csv"} <= ARTIFACT_NAMES
    found = {(module.name, name) for module in LIBRARY.rglob("*.py") if module.name != "runstore.py"
             for literal in _string_literals(module) for name in ARTIFACT_NAMES | {".tmp-", ".interactive"}
             if name in literal}
    assert not found, f"run artifact names outside the run store: {sorted(found)}"


def _manifest(run_id: str, status: str, language: str = "en") -> dict:
    return Manifest(run_id=run_id, engagement="test-client", client="Test Client", process="welding",
                    language=language, template={}, data=[], config={}, started="2026-01-01T00:00:00+00:00",
                    status=status).model_dump()


def test_good_runs_are_ended_successful_runs_newest_first(engagements):
    parent = runs_dir("test-client", "welding")
    for name, status in [("20260101T000000Z-aaaaaa", "ok"), ("20260301T000000Z-cccccc", "failed"),
                         ("20260201T000000Z-bbbbbb", "ok"), (".tmp-20260401T000000Z-dddddd", "ok"),
                         (".interactive", "ok")]:
        (parent / name).mkdir(parents=True)
        write_json(RunFolder(parent / name).manifest_path, _manifest(name.removeprefix(".tmp-"), status))
    (parent / "20260501T000000Z-eeeeee").mkdir()
    RunFolder(parent / "20260501T000000Z-eeeeee").manifest_path.write_text("{cut short", encoding="utf-8")
    assert [run.run_id for run in good_runs("test-client", "welding")] == ["20260201T000000Z-bbbbbb",
                                                                         "20260101T000000Z-aaaaaa"]
    assert latest_good("test-client", "welding") == RunFolder(parent / "20260201T000000Z-bbbbbb")
    assert latest_good("test-client", "painting") is None
    assert find_run("test-client", "welding", "20260301T000000Z-cccccc").manifest().status == "failed"
    assert find_run("test-client", "welding", "../../etc") is None and find_run("test-client", "welding", "x") is None
    assert [p.name for p in stale_staging("test-client", "welding")] == [".tmp-20260401T000000Z-dddddd"]
    staged = RunFolder(parent / ".tmp-20260401T000000Z-dddddd")
    assert staged.run_id == "20260401T000000Z-dddddd" and staged.final_path == parent / staged.run_id
    assert (staged.process, staged.slug) == ("welding", "test-client")


def test_a_run_is_current_until_its_data_template_or_configuration_changes(engagements, tmp_path):
    make_engagement(tmp_path, "welding", rows=300)
    engagement = load_engagement("test-client")
    manifest = Manifest.model_validate({**_manifest("r", "ok"), **fingerprint(engagement, "welding")})
    assert is_current(manifest, engagement, "welding")
    data = engagement.data_paths("welding")[0]
    data.write_bytes(data.read_bytes() + b"\n")
    assert not is_current(manifest, engagement, "welding"), "a changed data file makes the run stale"


def test_manifest_and_metrics_are_checked_when_read(tmp_path):
    run = RunFolder(tmp_path)
    write_json(run.manifest_path, {"run_id": "r", "status": "ok"})
    with pytest.raises(ValidationError, match="engagement"):
        run.manifest()
    write_json(run.metrics_path, {"kind": "binary", "primary": "roc_auc", "ebm": {"roc_auc": 0.8},
                                  "baseline": {"roc_auc": 0.7}, "test_rows": 10, "train_rows": 30,
                                  "model_sha256": "0" * 64, "language": "ko", "cv": None})
    assert run.metrics().scores == ("roc_auc", 0.8, 0.7)
    assert isinstance(run.metrics(), Metrics)
