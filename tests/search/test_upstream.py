"""
search/backends/sqlite.py and postgres.py re-implement modelsearch's ``add_items`` (which offers no
hook for the indexed text). When upstream changes those methods, these tests fail so that the
re-implementations are compared with the new upstream code before anyone upgrades.
"""

import ast
import hashlib
import importlib.util
from pathlib import Path

import pytest

UPSTREAM = Path(importlib.util.find_spec("modelsearch").origin).parent


def method_fingerprint(module: str, cls: str, method: str) -> str:
    """A hash of the method's syntax tree: formatting and comments don't change it."""
    tree = ast.parse((UPSTREAM / module).read_text(encoding="utf-8"))
    owner = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == cls)
    function = next(node for node in owner.body if isinstance(node, ast.FunctionDef) and node.name == method)
    return hashlib.sha256(ast.dump(function).encode()).hexdigest()[:16]


@pytest.mark.parametrize(
    ("module", "cls", "method", "fingerprint"),
    [
        ("backends/database/sqlite/sqlite.py", "SQLiteIndex", "add_items", "c3a9d9bb357553f4"),
        ("backends/database/postgres/postgres.py", "PostgresIndex", "add_items", "e9fb47ea14bf742f"),
        ("backends/database/sqlite/sqlite.py", "ObjectIndexer", "prepare_value", "d5e8fc9c00a8f8f6"),
        ("backends/database/postgres/postgres.py", "ObjectIndexer", "prepare_value", "d5e8fc9c00a8f8f6"),
    ],
)
def test_reimplemented_modelsearch_methods_are_unchanged_upstream(module, cls, method, fingerprint):
    assert method_fingerprint(module, cls, method) == fingerprint, (
        f"modelsearch changed {cls}.{method}: compare it with PM1's version in search/backends/ and update both"
    )
