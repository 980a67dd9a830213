"""The package's layers, as docs/architecture.md draws them, hold in the code."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

PROJECT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 800


def _contracts() -> list[dict]:
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_layers_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(PROJECT / "pyproject.toml")], cwd=PROJECT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_layers_contract_ignores_no_import_and_covers_every_subpackage():
    (contract,) = _contracts()
    assert contract["type"] == "layers"
    assert "ignore_imports" not in contract
    assert contract.get("exhaustive") is True
    subpackages = sorted(path.parent.name for path in (PROJECT / "kinerja").glob("*/__init__.py"))
    assert sorted(contract["layers"]) == subpackages


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            module, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[module] = min(low[module], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[module])
                if low[module] == index[module]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == module:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))
    return components


def test_cycle_finder_finds_a_planted_cycle():
    graph = grimp.ImportGraph()
    for module in ("a", "b", "c", "d"):
        graph.add_module(module)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    graph.add_import(importer="d", imported="a")
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycle_between_modules():
    graph = grimp.build_graph("kinerja", exclude_type_checking_imports=False)
    assert _cycles(graph) == []


def test_no_module_is_longer_than_the_limit():
    long = {str(path.relative_to(PROJECT)): count for path in (PROJECT / "kinerja").rglob("*.py")
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


MAX_CELL_LINES = 25
"""The longest code cell a notebook may have: notebooks call the package, show and explain."""


def _code_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


def _defines(source: str) -> bool:
    return any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))
               for node in ast.walk(ast.parse(source)))


def test_no_notebook_defines_a_function_or_a_class():
    defining = {path.name: [i for i, source in enumerate(_code_cells(path)) if _defines(source)]
                for path in sorted((PROJECT / "notebooks").glob("*.ipynb"))}
    assert {name: cells for name, cells in defining.items() if cells} == {}


def test_no_notebook_code_cell_is_longer_than_the_limit():
    long = {(path.name, i): len(source.splitlines()) for path in sorted((PROJECT / "notebooks").glob("*.ipynb"))
            for i, source in enumerate(_code_cells(path)) if len(source.splitlines()) > MAX_CELL_LINES}
    assert long == {}


def test_the_notebook_checks_see_a_planted_function():
    assert _defines("x = 1\ndef helper():\n    return x\n")
    assert _defines("f = lambda v: v + 1")
    assert not _defines("display(table)\nx = [v for v in range(3)]")
