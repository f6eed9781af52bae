"""No import cycles: every module can be understood (and loaded) after the ones it imports.

grimp (import-linter's engine, see make lint) reads every import, also those inside functions,
so a cycle cannot hide behind a local import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

import config

PACKAGES = ("app", "api", "media", "competencies", "mobile_web")

#: Cycles waiting for work in progress elsewhere, as (importer, imported) imports to leave out.
KNOWN: set[tuple[str, str]] = set()


def find_cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """One cycle through each import that takes part in one, shortest first."""
    cycles: dict[frozenset[str], tuple[str, ...]] = {}
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycles.setdefault(frozenset(back), (importer, *back))
    return sorted(cycles.values(), key=len)


def test_the_import_graph_has_no_cycles():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    for importer, imported in KNOWN:
        assert graph.direct_import_exists(importer=importer, imported=imported), "gone: unlist it"
        graph.remove_import(importer=importer, imported=imported)
    assert [" -> ".join(cycle) for cycle in find_cycles(graph)] == []


def test_the_settings_import_nothing_of_the_app():
    """config.py is the bottom layer (grimp sees packages only, so it is read here)."""
    tree = ast.parse(Path(config.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {
        a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names
    }
    assert sorted(m for m in imported if m and m.split(".")[0] in PACKAGES) == []


def test_a_cycle_through_a_local_import_is_found(tmp_path, monkeypatch):
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "orders.py").write_text("from shop import stock\n")
    (package / "stock.py").write_text("def refill():\n    from shop import orders\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("shop", cache_dir=None)
    assert find_cycles(graph) == [("shop.orders", "shop.stock", "shop.orders")]
