"""The house limit on function length (tools/check_function_length.py, run by `make lint`) holds at 40 lines
and fails at 41."""

import subprocess
import sys
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parents[2] / "tools" / "check_function_length.py"


def function_of(lines):
    """A function `lines` long from its `def` line to its last, docstring included."""
    body = [f"    x{n} = {n}" for n in range(lines - 3)]
    return "\n".join(["@decorated", "def long_enough():", '    """Decorators do not count."""', *body, "    return 0"])


def check(folder):
    return subprocess.run([sys.executable, CHECKER, folder], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(("lines", "passes"), [(40, True), (41, False)])
def test_a_function_longer_than_40_lines_fails_the_check(tmp_path, lines, passes):
    (tmp_path / "module.py").write_text(function_of(lines) + "\n")
    result = check(tmp_path)
    assert (result.returncode == 0) is passes
    if not passes:
        assert f"module.py:2: long_enough is {lines} lines" in result.stdout


def test_tests_and_migrations_are_not_held_to_the_limit(tmp_path):
    for folder in ("tests", "migrations"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "module.py").write_text(function_of(41) + "\n")
    assert check(tmp_path).returncode == 0
