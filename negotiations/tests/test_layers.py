"""The layers of pyproject.toml's import-linter contracts hold, and breaking one fails `make lint`."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def copy_of_the_code(tmp_path):
    shutil.copytree(ROOT / "negotiations", tmp_path / "negotiations", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_import(tree, module, line):
    path = tree / (module.replace(".", "/") + ".py")
    path.write_text(f"{line}\n{path.read_text()}")


def test_the_code_keeps_every_contract(copy_of_the_code):
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 0, result.stdout
    assert "4 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # one page family reaching into another
        ("negotiations.compare.views", "from negotiations.explorer import facets", "Entry points, then page families"),
        # the domain reaching up to the page cache
        ("negotiations.models", "from negotiations.web import caching", "The domain knows no page cache"),
        # pure logic reaching for the ORM
        ("negotiations.compare.comparison", "from negotiations import models", "pure logic knows no ORM"),
        # data fetching reaching for the request's page machinery
        ("negotiations.topics.fetch", "from negotiations.web import pages", "Data fetching knows no request"),
    ],
)
def test_breaking_a_contract_fails(copy_of_the_code, module, line, contract):
    add_import(copy_of_the_code, module, line)
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 1
    broken = result.stdout.split("Broken contracts")[1]
    assert contract in " ".join(broken.split())
