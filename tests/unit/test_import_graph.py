"""The package's import graph, lazy and TYPE_CHECKING imports counted: no circle; words never import figures.

Issue 20: ``analysis/lmm.py`` imported ``analysis/inference.py`` lazily while inference imported lmm
under TYPE_CHECKING, and the narrative imported figure modules to learn which model and subjects
they drew. Both are decided once, upstream, now; this test keeps it so.
"""

from __future__ import annotations

import ast
from pathlib import Path

import reportgen

PACKAGE = Path(reportgen.__file__).parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("reportgen", *path.relative_to(PACKAGE).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports anywhere in its text (top level, lazy or typing)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reportgen"):
                for alias in node.names:  # "from reportgen.analysis import lmm" is the module lmm
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("reportgen")}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle_counting_lazy_and_typing_imports() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_words_never_import_figures() -> None:
    graph = _graph()
    narrative = [m for m in graph if m == "reportgen.narrative" or m.startswith("reportgen.narrative.")]
    assert narrative
    for module in narrative:
        assert not {m for m in graph[module] if m.startswith("reportgen.figures")}, module


def test_statistics_import_no_figures_or_words() -> None:
    graph = _graph()
    for module in (m for m in graph if m.startswith("reportgen.analysis")):
        imported = graph[module]
        assert not {m for m in imported if m.startswith(("reportgen.figures", "reportgen.narrative"))}, module
