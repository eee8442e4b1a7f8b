"""Runs through real papermill kernels: artifacts, manifest, failures that keep the last good run."""
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import make_engagement
from jupyter_core.utils import run_sync
from mfgxai.engagement.runstore import latest_good
from mfgxai.model.fit import load_model
from mfgxai.processes import process_names
from mfgxai.run.kernels import PrivateKernelManager
from mfgxai.run.runner import run_process

ARTIFACTS = {"executed.ipynb", "model.joblib", "metrics.json", "explanations.json", "manifest.json",
             "quarantine.csv", "data_quality.json"}


@pytest.mark.parametrize("process", process_names())
def test_process_notebook_runs_end_to_end(engagements, tmp_path, process):
    language = "ko" if process in ("welding", "battery") else "en"
    make_engagement(tmp_path, process, client="한빛 테스트" if language == "ko" else "Test Client",
                    language=language, suffix=".xlsx" if process == "painting" else ".csv")
    result = run_process("test-client", process)
    assert result.ok, result.manifest.failure
    assert ARTIFACTS <= {p.name for p in result.folder.iterdir()}
    manifest = result.manifest.model_dump()
    assert manifest["rows"]["rows_read"] == 4_000
    assert manifest["rows"]["rows_accepted"] + manifest["rows"]["rows_quarantined"] == 4_000
    assert len(manifest["template"]["sha256"]) == 64 and len(manifest["data"][0]["sha256"]) == 64
    assert manifest["packages"]["interpret-core"] == "0.7.8" and manifest["seed"] == 42
    metrics = json.loads((result.folder / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["ebm"]["roc_auc"] > 0.6
    load_model(result.run.model_path, metrics["model_sha256"])
    explanations = json.loads((result.folder / "explanations.json").read_text(encoding="utf-8"))
    assert {"importances", "shapes", "windows", "interactions"} <= set(explanations)
    narrative = " ".join(explanations["narrative"])
    assert ("유지하세요" if language == "ko" else "Keep ") in narrative
    assert "logit" not in narrative and "score" not in narrative
    executed = json.loads((result.folder / "executed.ipynb").read_text(encoding="utf-8"))
    assert executed["metadata"]["papermill"]["parameters"]["run_dir"].endswith(result.folder.name[-6:])
    assert latest_good("test-client", process).path == result.folder


def test_failed_run_keeps_the_last_good_run_and_says_why(engagements, tmp_path):
    folder = make_engagement(tmp_path, "welding", rows=2_000)
    good = run_process("test-client", "welding")
    assert good.ok
    data = next((folder / "data").iterdir())
    frame = pd.read_csv(data, dtype=str)
    frame["Weld quality"] = "OK"
    frame.to_csv(data, index=False)
    failed = run_process("test-client", "welding")
    assert not failed.ok and failed.manifest.status == "failed"
    failure = failed.manifest.failure
    assert failure["error"] == "DataError" and "holds only good parts" in failure["message"]
    assert isinstance(failure["cell"], int)
    assert latest_good("test-client", "welding").path == good.folder
    assert (good.folder / "model.joblib").exists()


def test_same_data_and_seed_give_the_same_numbers(engagements, tmp_path):
    make_engagement(tmp_path, "pressing", rows=2_000)
    first, second = run_process("test-client", "pressing"), run_process("test-client", "pressing")
    read = [json.loads((r.folder / "metrics.json").read_text()) for r in (first, second)]
    for metrics in read:
        metrics.pop("model_sha256"), metrics.pop("fit_seconds")
    assert read[0] == read[1]
    windows = [json.loads((r.folder / "explanations.json").read_text())["windows"] for r in (first, second)]
    assert windows[0] == windows[1]


def test_run_kernels_talk_over_private_sockets_that_go_with_them():
    manager = PrivateKernelManager(kernel_name="python3")
    folder = Path(manager.socket_folder)
    run_sync(manager.start_kernel)()
    try:
        client = manager.client()
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=60)
        assert manager.transport == "ipc" and oct(folder.stat().st_mode & 0o777) == "0o700"
        assert sorted(p.name for p in folder.iterdir()) == sorted(f"kernel-{port}" for port in manager.ports)
        client.stop_channels()
    finally:
        run_sync(manager.shutdown_kernel)(now=True)
    assert not folder.exists()
