"""The project's import structure: no file imports itself back through others, and the
newsroom's staff machinery stays generic (it knows translatable models, not articles).

The graph is read from the source with ``ast``: every ``import`` of a project module,
including those inside functions, which would otherwise hide a cycle. Run this file
as a script to print the graph's cycles.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "node_modules", ".git", "media", "staticfiles", "__pycache__"}
#: What wires the apps together: the only newsroom modules that may import the apps.
WIRING = {"newsroom.urls", "newsroom.settings"}
APPS = ("articles", "people", "devdata")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Every project module by dotted name."""
    modules = {}
    for path in ROOT.rglob("*.py"):
        if SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
            continue
        modules[_module_name(path)] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module that importing ``name`` loads last (None: not ours)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imported(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from a import b" loads a.b when b is a module, else a.
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = _resolve(name, modules)
            if target is not None and target != module:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Project module → the project modules it imports (anywhere in the file)."""
    modules = project_modules()
    return {module: _imported(module, path, modules) for module, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def shortest_cycle(graph: dict[str, set[str]], start: str, members: set[str]) -> list[str]:
    """One shortest cycle through ``start`` inside a component (breadth first), for messages."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & members):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    return []


def newsroom_to_apps(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports of the apps from newsroom modules other than the URLconf and settings."""
    return sorted(
        (module, target)
        for module, targets in graph.items()
        if (module == "newsroom" or module.startswith("newsroom.")) and module not in WIRING
        for target in targets
        if target.split(".")[0] in APPS
    )


def _describe(graph: dict[str, set[str]], components: list[list[str]]) -> str:
    lines = []
    for component in components:
        lines.append(f"{len(component)} modules: {', '.join(component)}")
        lines.append("  e.g. " + " → ".join(shortest_cycle(graph, component[0], set(component))))
    return "\n".join(lines)


def test_no_import_cycle():
    graph = import_graph()
    components = cycles(graph)
    assert not components, "Modules that import each other:\n" + _describe(graph, components)


def test_newsroom_does_not_import_the_apps():
    edges = newsroom_to_apps(import_graph())
    assert not edges, "newsroom imports the apps: " + ", ".join(f"{a} → {b}" for a, b in edges)


def test_the_graph_sees_imports_inside_functions():
    """The checks would be blind to the cycles that matter without these edges."""
    graph = import_graph()
    assert "newsroom.roles" in graph["newsroom.apps"]  # imported inside a signal handler
    assert "articles.revisions" in graph["articles.apps"]  # imported in ready()


if __name__ == "__main__":
    graph = import_graph()
    components = cycles(graph)
    print(_describe(graph, components) or "no cycle")
    for module, target in newsroom_to_apps(graph):
        print(f"newsroom → app: {module} → {target}")
