"""Dyad's modules import one another without cycles, and the stages never import the runner.

The graph is read from the source with ast: every import, at the top of a
module or inside a function (a lazy import is still a dependency), except
those under `if TYPE_CHECKING:`, which never run. A package's implicit import
of its parents is not an edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dyad

PACKAGE = Path(dyad.__file__).parent
RUNNERS = {"dyad.pipeline", "dyad.parallel", "dyad.distributed", "dyad.api", "dyad.cli"}
STAGES = ("dyad.ingest", "dyad.extract", "dyad.link")


def module_files(root: Path) -> dict[str, Path]:
    found = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _typing_only(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return skipped


def imports_of(name: str, source: str, modules: set[str], is_package: bool = False) -> set[str]:
    """The dyad modules that module `name` imports, given its source."""
    tree = ast.parse(source)
    skipped = _typing_only(tree)
    package = name if is_package else name.rpartition(".")[0]
    named: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                whole = f"{base}.{alias.name}"
                named.add(whole if whole in modules else base)
    found = set()
    for module in named:
        while module and module not in modules:
            module = module.rpartition(".")[0]
        if module and module != name:
            found.add(module)
    return found


def import_graph() -> dict[str, set[str]]:
    files = module_files(PACKAGE)
    names = set(files)
    return {name: imports_of(name, path.read_text(encoding="utf-8"), names, path.name == "__init__.py")
            for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def test_dyad_modules_import_one_another_without_cycles() -> None:
    graph = import_graph()
    assert len(graph) > 100 and graph["dyad.pipeline"] >= {"dyad.ingest.work", "dyad.link.run"}
    assert cycles(graph) == []


def test_the_stages_never_import_the_runner() -> None:
    graph = import_graph()
    offending = {name: sorted(graph[name] & RUNNERS) for name in graph
                 if name.startswith(STAGES) and graph[name] & RUNNERS}
    assert offending == {}


def test_the_queries_reach_no_view_command_export_or_runner() -> None:
    graph = import_graph()
    outside = ("dyad.web", "dyad.cli", "dyad.export", *RUNNERS)
    queries = [name for name in graph if name.startswith("dyad.queries.")]
    assert len(queries) >= 10
    reached: set[str] = set()
    todo = list(queries)
    while todo:
        for module in graph[todo.pop()] - reached:
            reached.add(module)
            todo.append(module)
    assert sorted(m for m in reached if m.startswith(outside)) == []


def test_the_cycle_finder_finds_cycles_through_lazy_imports_but_not_typing_ones() -> None:
    modules = {"dyad.a", "dyad.b", "dyad.c", "dyad.d"}
    a = imports_of("dyad.a", "from dyad.b import thing\n", modules)
    b = imports_of("dyad.b", "def later():\n    from dyad import c\n", modules)
    c = imports_of("dyad.c", "import dyad.a\n", modules)
    d = imports_of("dyad.d", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from dyad.a import x\n",
                   modules)
    assert (a, b, c, d) == ({"dyad.b"}, {"dyad.c"}, {"dyad.a"}, set())
    assert cycles({"dyad.a": a, "dyad.b": b, "dyad.c": c, "dyad.d": d}) == [["dyad.a", "dyad.b", "dyad.c"]]
    assert cycles({"dyad.a": a, "dyad.b": set(), "dyad.c": c, "dyad.d": d}) == []
    assert imports_of("dyad.x.y", "from . import z\nfrom .. import a\n", {"dyad.x.z", "dyad.a", "dyad.x"}) == {
        "dyad.x.z", "dyad.a"}
