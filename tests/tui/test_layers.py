"""The terminal UI talks to the library only through ``qa``, never to ``qa.index`` directly."""

from __future__ import annotations

import ast

from tests.conftest import ROOT


def _imported_modules(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_the_tui_imports_no_index_module() -> None:
    imported = {
        path.relative_to(ROOT).as_posix(): _imported_modules(path.read_text(encoding="utf-8"))
        for path in (ROOT / "tui").rglob("*.py")
    }
    assert imported, "no TUI module found"
    reaching_in = {
        path: sorted(m for m in modules if m.startswith(("qa.index", "index")))
        for path, modules in imported.items()
    }
    assert {path: found for path, found in reaching_in.items() if found} == {}
