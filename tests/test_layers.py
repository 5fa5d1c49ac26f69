"""The package layout shows the flow: each stage folder imports only from the folders below it.

    base (errors, model, registry, resources, text, csvrows)  <  kg/extract  <  kg/places  <  kg/graph  <  the rest

(ingest, build, executor and the interfaces — cli, api, serve, report, ask, evaluate — sit at the top).
The imports are read from the source with ast, so a new module is checked without listing it.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"
BASE = {"kg", "kg.errors", "kg.model", "kg.registry", "kg.resources", "kg.text", "kg.csvrows"}
ORDER = ("kg.extract", "kg.places", "kg.graph")  # each may import the ones before it, and BASE


def _module(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("kg"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg") and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return out


def _unit(module: str) -> str:
    for folder in ORDER:
        if module == folder or module.startswith(folder + "."):
            return folder
    return module


def _allowed(folder: str, target: str) -> bool:
    if target in BASE or not target.startswith("kg."):
        return True
    unit = _unit(target)
    if unit not in ORDER:  # "kg.errors.KgError" and the like: a name inside a base module
        return ".".join(target.split(".")[:2]) in BASE
    return ORDER.index(unit) <= ORDER.index(folder)


@pytest.mark.parametrize("folder", ORDER)
def test_a_stage_folder_imports_only_from_below(folder):
    bad = []
    for path in sorted((KG / folder.split(".")[1]).rglob("*.py")):
        for target in sorted(_imports(path)):
            if not _allowed(folder, target):
                bad.append(f"{_module(path)} imports {target}")
    assert bad == []


def test_base_modules_import_only_each_other():
    bad = [f"{m} imports {t}" for m in sorted(BASE - {"kg"}) for t in sorted(_imports(KG / (m.split('.')[1] + ".py")))
           if ".".join(t.split(".")[:2]) not in BASE]
    assert bad == []
