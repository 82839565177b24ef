"""Fail when a function in the app is longer than the house limit (40 lines), so that long ones are split by
meaning when they are written rather than found later.

A function's length runs from its `def` line to its last line, docstring and blank lines included; decorators
are not counted. A nested function counts on its own, and inside the function that holds it.
Usage: python tools/check_function_length.py [--max N] [folder or file ...]   (default: negotiations/, without
its tests/ and migrations/ folders). Prints each offender as path:line: name is N lines, and exits 1 if any.
"""

import argparse
import ast
import sys
from pathlib import Path

MAX_LINES = 40
DEFAULT_ROOTS = ["negotiations"]
# Tests read best as one story per test, and migrations are generated: neither is held to the limit.
SKIPPED_FOLDERS = {"tests", "migrations"}


def python_files(root):
    """The .py files under `root` (or `root` itself), leaving out the skipped folders below it."""
    if root.is_file():
        return [root]
    return sorted(
        path for path in root.rglob("*.py") if not SKIPPED_FOLDERS.intersection(path.relative_to(root).parts[:-1])
    )


def long_functions(path, max_lines):
    """(line, name, length) of each function in the file longer than `max_lines`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > max_lines:
                found.append((node.lineno, node.name, length))
    return sorted(found)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=MAX_LINES, help="the longest a function may be, in lines")
    parser.add_argument("roots", nargs="*", default=DEFAULT_ROOTS, help="folders or files to check")
    args = parser.parse_args(argv)
    offenders = 0
    for root in args.roots:
        for path in python_files(Path(root)):
            for line, name, length in long_functions(path, args.max):
                print(f"{path}:{line}: {name} is {length} lines (at most {args.max})")
                offenders += 1
    if offenders:
        print(f"{offenders} function(s) longer than {args.max} lines: split them by what each part does.")
    return 1 if offenders else 0


if __name__ == "__main__":
    sys.exit(main())
