"""The apps' layer order (README, "Architecture"), as pyproject.toml's import-linter contract states it."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
#: Imports inside functions the project allows, each where Django needs one (the issue's ceiling).
MOST_IMPORTS_INSIDE_FUNCTIONS = 15


def project_modules():
    for package in CONFIG["root_packages"]:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imports_inside_functions(path: Path):
    """
    (line number, whether it says why) of every import written inside a function of ``path``: the
    reason is a comment on the import's line or above the imports it opens.
    """
    lines = path.read_text().splitlines()
    found = []

    def explained(number):
        above = number - 1
        while above > 0 and lines[above - 1].lstrip().startswith(("from ", "import ")):
            above -= 1
        return "#" in lines[number - 1] or (above > 0 and lines[above - 1].lstrip().startswith("#"))

    def visit(node, inside_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom) and inside_function:
                found.append((child.lineno, explained(child.lineno)))
            visit(child, inside_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(ast.parse(path.read_text()), False)
    return found


def test_no_module_imports_from_a_layer_above_its_own():
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([linter, "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_app_of_the_project_has_its_place_in_the_layers():
    placed = {app.strip() for layer in CONFIG["contracts"][0]["layers"] for app in layer.split("|")}
    project_apps = {config.name for config in apps.get_app_configs() if (ROOT / config.name).is_dir()}
    assert project_apps - {"tests"} <= placed
    assert placed <= set(CONFIG["root_packages"])


def test_imports_inside_functions_are_few_and_each_says_why():
    found = [(path, number, why) for path in project_modules() for number, why in imports_inside_functions(path)]
    unexplained = [f"{path.relative_to(ROOT)}:{number}" for path, number, why in found if not why]
    assert unexplained == []
    assert len(found) <= MOST_IMPORTS_INSIDE_FUNCTIONS, [f"{p.relative_to(ROOT)}:{n}" for p, n, _ in found]
