"""The engine reads from the bottom up: a module imports (at module level) only
modules of its own layer or below — model ← readers ← checks ← runner ← report ←
reporters ← CLI — and the module-level import graph has no cycle. Imports inside
functions (lazy ones, e.g. numpy only when aligning) and under TYPE_CHECKING are not
edges: they do not run when the module loads."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "qa_core"

#: layer of each module, by longest matching prefix; the package `qa_core` itself is a
#: facade on top (it re-exports for plugin authors), except the names its first lines
#: define before any import (`hookimpl`, `__version__`), which sit at the bottom
LAYERS = [
    ("model", ["qa_core.errors", "qa_core.model", "qa_core.text", "qa_core.mqm", "qa_core.files", "qa_core.formats",
               "qa_core.inline", "qa_core.hookspecs", "qa_core.rules", "qa_core.findings", "qa_core.findings_store", "qa_core.glossary",
               "qa_core.limits", "qa_core.plugin_errors", "qa_core.cache", "qa_core.digests", "qa_core.distributions", "qa_core.lazy",
               "qa_core.records", "qa_core.project"]),
    ("readers", ["qa_core.readers", "qa_core.documents", "qa_core.glossaries", "qa_core.resources", "qa_core.plurals"]),
    ("checks", ["qa_core.config", "qa_core.check", "qa_core.sentences", "qa_core.quantities", "qa_core.align",
                "qa_core.engine", "qa_core.suppression"]),
    ("runner", ["qa_core.manager", "qa_core.workers", "qa_core.runner", "qa_core.cluster"]),
    ("report", ["qa_core.report", "qa_core.writeback"]),
    ("reporters", ["qa_core.reporters", "qa_core.writers"]),
    ("cli", ["qa_core.align.command", "qa_core.align.lexicon_command", "qa_core.commands", "qa_core.report_command", "qa_core.cli", "qa_core.__main__",
             "qa_core.pytest_plugin", "qa_core.testing", "qa_core"]),
]
BOTTOM_NAMES = {"hookimpl", "__version__"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _layer(module: str) -> int:
    best, rank = -1, None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), index
    assert rank is not None, f"{module} has no layer in tests/test_layers.py"
    return rank


def _top_level_imports(path: Path, modules) -> set[str]:
    found: set[str] = set()

    def visit(nodes) -> None:
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.split(".")[0] == "qa_core":
                names = {alias.name for alias in node.names}
                subs = {f"{node.module}.{n}" for n in names if f"{node.module}.{n}" in modules}
                found.update(subs)
                rest = names - {s.rsplit(".", 1)[1] for s in subs}
                if node.module == "qa_core" and rest <= BOTTOM_NAMES:
                    continue
                if rest:
                    found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "qa_core")
            visit(ast.iter_child_nodes(node) if not isinstance(node, (ast.Import, ast.ImportFrom)) else ())

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _top_level_imports(path, modules) - {name} for name, path in modules.items()}


def test_every_module_imports_only_its_layer_or_below():
    upward = []
    for module, imports in sorted(_graph().items()):
        for target in sorted(imports):
            if module.startswith(target + "."):
                continue  # a package's own __init__ runs first: not an edge up
            if _layer(target) > _layer(module):
                upward.append(f"{module} ({LAYERS[_layer(module)][0]}) imports {target} ({LAYERS[_layer(target)][0]})")
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_the_module_level_import_graph_has_no_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def walk(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if node.startswith(nxt + "."):
                continue
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]) if nxt in stack else f"{node} -> {nxt}")
            elif nxt in graph and state.get(nxt) is None:
                walk(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            walk(node, [node])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
