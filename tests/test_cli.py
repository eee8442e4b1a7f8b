"""The mfgxai command as a new user meets it: a real public data set with its own headers."""
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import DATA
from mfgxai.cli import app
from typer.testing import CliRunner

LASER = DATA / "welding_laser_steel_copper" / "laser_welding_steel_copper.csv"
runner = CliRunner()


@pytest.mark.skipif(not LASER.exists(), reason="the data folder (MFGXAI_DATA) lacks the real data sets")
def test_new_then_run_on_an_unseen_real_file(engagements, tmp_path):
    source = tmp_path / "laser.csv"
    shutil.copy(LASER, source)
    result = runner.invoke(app, ["new", "Busbar Joining Co.", "--process", "welding", "--data", str(source),
                                 "--target", "cracking in the weld metal (yes/no)"])
    assert result.exit_code == 0, result.output
    assert "engagement.yaml" in result.output and "check:" in result.output
    path = engagements / "busbar-joining-co" / "engagement.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    welding = config["processes"]["welding"]
    assert welding["positive"] == ["yes"] and welding["negative"] == ["no"]
    assert welding["extra_columns"]["power (W)"]["unit"] == "W"
    # the consultant marks the post-weld measurements as outcomes (they are known only after welding)
    for header in ("weld width steel (µm)", "weld width copper (µm)", "weld depth copper (µm)", "gap (µm)",
                   "count of cracks", "average crack lenght (µm)"):
        welding["extra_columns"][header]["role"] = "outcome"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")

    validated = runner.invoke(app, ["validate", "busbar-joining-co"])
    assert validated.exit_code == 0, validated.output
    assert "360 rows read, 360 accepted" in validated.output

    ran = runner.invoke(app, ["run", "busbar-joining-co"])
    assert ran.exit_code == 0, ran.output
    assert "roc_auc" in ran.output
    runs = list((engagements / "busbar-joining-co" / "runs" / "welding").glob("2*/model.joblib"))
    assert len(runs) == 1


def _mfgxai(*args: str) -> subprocess.CompletedProcess:
    """The installed command as a user types it, in a process of its own."""
    return subprocess.run([sys.executable, "-m", "mfgxai", *args], capture_output=True, text=True, timeout=120)


def test_user_errors_print_one_clear_line(engagements):
    result = _mfgxai("validate", "no-such-client")
    assert result.returncode == 1
    assert "Error:" in result.stdout and "engagement.yaml is missing" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_an_error_naming_a_header_with_brackets_prints_it_whole(engagements, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Current [kA],Result [/]\n10.1,OK\n9.8,OK\n", encoding="utf-8")
    result = _mfgxai("new", "Bracket Co", "--process", "welding", "--data", str(path), "--target", "Result [/]")
    out = " ".join(result.stdout.split())
    assert result.returncode == 1 and "column 'Result [/]': every row holds the same result (OK 2)" in out
    assert not any(engagements.iterdir())  # nothing written for a file that cannot be used
