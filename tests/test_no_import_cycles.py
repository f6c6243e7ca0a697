"""No module of the rule book imports one that imports it back, even inside a function.

The loader reads rule files, the linter checks loaded rule sets, the compiler turns them into
durable rulesets, and ``rulebook/check.py`` (``rules check``) sits above all three, passing the
compiler to the linter. A cycle would mean one of them can no longer be read, tested or swapped
on its own (design.md, "Things to untangle").
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tsumitate"


def _imports(path: Path, module: str) -> set[str]:
    """Modules of the package this file imports, anywhere in it (top level or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [target] + [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        out |= {n for n in names if n.startswith("tsumitate.")}
    return out


def _graph(folder: Path, prefix: str) -> dict[str, set[str]]:
    modules = {}
    for path in sorted(folder.glob("*.py")):
        name = prefix if path.name == "__init__.py" else f"{prefix}.{path.stem}"
        modules[name] = path
    return {name: {m for m in _imports(path, name) if m in modules and m != name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_rule_book_modules_import_each_other_in_one_direction_only():
    graph = _graph(PACKAGE / "rulebook", "tsumitate.rulebook")
    assert "tsumitate.rulebook.load" in graph and graph["tsumitate.rulebook.lint"]
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


def test_the_linter_imports_neither_the_loader_nor_the_compiler_nor_durable():
    graph = _graph(PACKAGE / "rulebook", "tsumitate.rulebook")
    lint = _imports(PACKAGE / "rulebook" / "lint.py", "tsumitate.rulebook.lint")
    assert not {"tsumitate.rulebook.load", "tsumitate.rulebook.compile", "tsumitate.engine"} & (lint | graph["tsumitate.rulebook.lint"])
