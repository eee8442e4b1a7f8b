"""Batch runs: a process pool and a Dask cluster give the sequential results; skips, failures, kills."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest
from conftest import make_engagement
from mfgxai.centre.batch import Job, plan, run_batch, unchanged
from mfgxai.cli import app
from mfgxai.engagement.runstore import latest_good, runs_dir
from mfgxai.errors import MfgxaiError
from mfgxai.run.runner import run_process
from typer.testing import CliRunner

ROWS = 1_500


def _numbers(folder) -> dict:
    metrics = json.loads((folder / "metrics.json").read_text())
    metrics.pop("fit_seconds"), metrics.pop("model_sha256")
    return metrics


@pytest.fixture
def portfolio(engagements, tmp_path):
    make_engagement(tmp_path, "welding", client="Alpha", slug="alpha", rows=ROWS)
    make_engagement(tmp_path, "painting", client="Beta", slug="beta", rows=ROWS, seed=8)
    return plan()


def test_pool_matches_sequential_then_skips_what_is_unchanged(portfolio):
    assert portfolio == [Job("alpha", "welding"), Job("beta", "painting")]
    sequential = {job: _numbers(run_process(job.slug, job.process).folder) for job in portfolio}
    seen = []
    outcomes = run_batch(portfolio, workers=2, force=True, on_done=seen.append)
    assert [o.status for o in outcomes] == ["ok", "ok"] and len(seen) == 2
    for outcome in outcomes:
        assert _numbers(latest_good(outcome.job.slug, outcome.job.process).path) == sequential[outcome.job]

    again = run_batch(portfolio, workers=2)
    assert [o.status for o in again] == ["skipped", "skipped"]
    data = next((runs_dir("beta", "painting").parent.parent / "data").iterdir())
    frame = pd.read_csv(data, dtype=str)
    frame.iloc[:20].to_csv(data, mode="a", header=False, index=False)  # the client sent more rows
    assert not unchanged(Job("beta", "painting")) and unchanged(Job("alpha", "welding"))
    third = run_batch(portfolio, workers=2)
    assert [o.status for o in third] == ["skipped", "ok"]


@pytest.fixture
def cluster(engagements, tmp_path):
    """A Dask scheduler and two workers, each a process of its own as on a real cluster; yields a client and the
    workers' processes by address."""
    from distributed import Client

    dask, address_file = Path(sys.executable).with_name("dask"), tmp_path / "scheduler.json"
    started = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                 "--scheduler-file", address_file], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    deadline = time.monotonic() + 60
    while not address_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    started += [subprocess.Popen([dask, "worker", "--scheduler-file", address_file, "--nthreads", "1", "--no-nanny",
                                  "--no-dashboard", "--name", f"worker-{i}"], env=os.environ.copy(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(2)]
    client = Client(scheduler_file=str(address_file), timeout=60)
    try:
        client.wait_for_workers(2, timeout=60)
        by_pid = {process.pid: process for process in started}
        yield client, {address: by_pid[pid] for address, pid in client.run(os.getpid).items()}
    finally:
        client.close()
        for process in started:
            process.kill()
            process.wait(timeout=30)


def test_dask_cluster_matches_sequential(portfolio, cluster):
    client, _ = cluster
    job = portfolio[0]
    sequential = _numbers(run_process(job.slug, job.process).folder)
    outcomes = run_batch([job], scheduler=client, force=True)
    assert outcomes[0].status == "ok", outcomes[0].message
    assert _numbers(latest_good(job.slug, job.process).path) == sequential


def test_a_worker_killed_mid_batch_its_job_runs_again_and_nothing_is_half_written(portfolio, cluster):
    client, workers = cluster
    killed = []

    def kill_a_busy_worker():
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            busy = sorted(address for address, keys in client.processing().items() if keys)
            if busy and all(list(runs_dir(job.slug, job.process).glob(".tmp-*")) for job in portfolio):
                time.sleep(2)  # mid-run: both kernels are executing their notebooks
                worker = workers[busy[0]]
                tree = psutil.Process(worker.pid).children(recursive=True)
                worker.kill()
                killed.append(psutil.wait_procs(tree, timeout=60))
                return
            time.sleep(0.2)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    outcomes = run_batch(portfolio, scheduler=client, force=True)
    killer.join()
    assert killed, "no worker was killed mid-run"
    assert not killed[0][1], "the killed worker's kernel ended with it"
    assert [o.status for o in outcomes] == ["ok", "ok"], [o.message for o in outcomes]
    for job in portfolio:
        runs = runs_dir(job.slug, job.process)
        assert [p.name for p in runs.iterdir()] == [latest_good(job.slug, job.process).path.name], \
            "one good run per job, and no staging folder of the killed run"


def test_failures_do_not_stop_the_batch_and_exit_non_zero(portfolio):
    data = next((runs_dir("alpha", "welding").parent.parent / "data").iterdir())
    frame = pd.read_csv(data, dtype=str)
    frame["Weld quality"] = "OK"
    frame.to_csv(data, index=False)
    result = CliRunner().invoke(app, ["batch", "--workers", "2"])
    assert result.exit_code == 1
    assert "failed alpha/welding" in result.output and "holds only good parts" in result.output
    good = latest_good("beta", "painting").path
    assert good is not None and latest_good("alpha", "welding") is None
    # the good run got its report within the batch
    assert (good / "report.pdf").read_bytes().startswith(b"%PDF") and "Beta" in (good / "report.html").read_text(
        encoding="utf-8")


def test_a_killed_run_leaves_the_last_good_run_and_no_visible_folder(portfolio):
    good = run_process("alpha", "welding")
    parent = runs_dir("alpha", "welding")
    child = subprocess.Popen([sys.executable, "-m", "mfgxai", "run", "alpha", "-p", "welding"],
                             env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(parent.glob(".tmp-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # mid-run: the kernel is executing the notebook
    tree = psutil.Process(child.pid).children(recursive=True)  # the kernel runs in a session of its own
    os.killpg(child.pid, signal.SIGKILL)
    for process in tree:
        process.kill()
    child.wait(timeout=30)
    psutil.wait_procs(tree, timeout=30)
    visible = [p.name for p in parent.iterdir() if not p.name.startswith(".")]
    assert visible == [good.folder.name]
    assert latest_good("alpha", "welding").path == good.folder
    assert (good.folder / "model.joblib").exists()
    assert list(parent.glob(".tmp-*")), "the killed run's staging folder stays hidden"
    assert list(Path(tempfile.gettempdir()).glob(f"mfgxai-kernel-{child.pid}-*")), "its kernel's socket folder too"
    run_batch([Job("alpha", "welding")], workers=1, force=True)
    assert not list(parent.glob(".tmp-*")), "a batch clears what killed runs of its jobs left behind"
    assert not list(Path(tempfile.gettempdir()).glob(f"mfgxai-kernel-{child.pid}-*")), "and the next kernel its sockets"


def test_portfolio_overview_lists_every_run_without_client_rows(portfolio, engagements):
    run_batch(portfolio, workers=2)
    result = CliRunner().invoke(app, ["portfolio"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(engagements / "overview.csv", encoding="utf-8-sig")
    assert set(zip(table["engagement"], table["process"])) == {("alpha", "welding"), ("beta", "painting")}
    for row in table.itertuples():
        metrics = json.loads((latest_good(row.engagement, row.process).path / "metrics.json").read_text())
        assert row.ebm == pytest.approx(metrics["ebm"]["roc_auc"]) and row.rows == ROWS
    page = (engagements / "overview.html").read_text(encoding="utf-8")
    assert "Alpha" in page and "Beta" in page
    assert "http" not in page.replace("xmlns='http://www.w3.org/2000/svg'", ""), "no address outside the page"
    assert "class='process-windows' data-process='welding'" in page  # windows drawn for every process with one
    first_part = pd.read_csv(next((engagements / "alpha" / "data").iterdir()), dtype=str).iloc[0]
    assert first_part["Part ID"] not in page, "no client data rows in the overview"


def test_a_scheduler_without_dask_installed_names_the_extra(engagements, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the scheduler extra were not installed
    with pytest.raises(MfgxaiError, match=r"scheduler extra: pip install -e '\.\[scheduler\]'"):
        run_batch([Job("alpha", "welding")], scheduler="tcp://127.0.0.1:8786", force=True)
