"""Packaging: environment.yml and pyproject.toml pin the same packages; lib/ is committed."""
import ast
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _pins(requirements):
    return {r.split("==")[0].lower(): r.split("==")[1] for r in requirements}


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _pins(project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra])
    conda = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    pinned = {d.split("=")[0].lower(): d.split("=")[1] for d in conda if isinstance(d, str) and "=" in d}
    pinned.pop("python")
    from_pip = next(d["pip"] for d in conda if isinstance(d, dict))  # packages conda-forge does not carry
    pinned |= _pins([r for r in from_pip if "==" in r])
    assert pinned == wanted


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="an exported tree without git metadata")
def test_every_library_module_is_tracked_by_git():
    tracked = set(subprocess.run(["git", "ls-files", "lib/mfgxai"], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.split())
    on_disk = {str(path.relative_to(ROOT)) for path in (ROOT / "lib" / "mfgxai").rglob("*.py")}
    assert on_disk - tracked == set(), "modules that a clean checkout would lack"


LAYERS = ["processes", "engagement", "ingest", "model", "loop", "explain", "run", "app", "publish", "hub", "floor",
          "centre", "demo", "cli"]  # in README's order: each imports only those before it, and the modules beside them
BASE = {"errors", "paths", "i18n", "messages"}


def _imported_layers(path: Path) -> set[str]:
    """The top-level folders or modules of mfgxai that a module imports (relative imports resolved)."""
    package = list(path.relative_to(ROOT / "lib" / "mfgxai").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            target = package[:len(package) - node.level + 1] + (node.module.split(".") if node.module else [])
            found.update([target[0]] if target else [alias.name for alias in node.names])
    return found


def test_each_layer_imports_only_the_layers_above_it():
    wrong = []
    for rank, layer in enumerate(LAYERS):
        for path in sorted((ROOT / "lib" / "mfgxai" / layer).rglob("*.py")):
            below = _imported_layers(path) - BASE - set(LAYERS[:rank + 1])
            wrong += [f"{path.relative_to(ROOT)} imports {sorted(below)}"] if below else []
    assert wrong == []
    assert sorted(LAYERS) == sorted(p.name for p in (ROOT / "lib" / "mfgxai").iterdir()
                                    if p.is_dir() and p.name != "__pycache__"), "every folder is a listed layer"
