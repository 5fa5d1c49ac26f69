"""The flow's rules, read from the imports: each outside library through one door, rdf and nlp without the
gazetteer, no private spaCy API. Imports under ``if TYPE_CHECKING:`` are annotations only and do not count."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[1] / "kg"
# the graph layer (kg/graph/ once the folders move): RDF terms, the store and its helpers, queries, validation
PYOXIGRAPH_DOOR = {"kg.graph.vocab", "kg.graph.rdf", "kg.graph.rdf_files", "kg.graph.store", "kg.graph.storefs", "kg.graph.storecheck", "kg.graph.memguard",
                   "kg.graph.remote", "kg.graph.query", "kg.graph.placelookup", "kg.graph.export", "kg.graph.validation", "kg.graph.export_acled",
                   "kg.graph.export_geojson", "kg.graph.export_events", "kg.graph.event_records", "kg.graph.values"}
SPACY_DOOR = {"kg.extract.nlp", "kg.extract.placematcher", "kg.extract.pieces", "kg.extract.speedups", "kg.extract"}


def _module(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path) -> set[str]:
    """Every module the file imports outside ``if TYPE_CHECKING:`` blocks, top level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
               for child in node.body for n in ast.walk(child)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {_module(p): p for p in sorted(KG.rglob("*.py")) if "data" not in p.relative_to(KG).parts}


def _behind(module: str, door: set[str]) -> bool:
    return any(module == d or module.startswith(d + ".") for d in door)


def _importers(library: str) -> set[str]:
    return {name for name, path in MODULES.items()
            if any(m == library or m.startswith(library + ".") for m in _runtime_imports(path))}


@pytest.mark.parametrize(("library", "door"), [("pyoxigraph", PYOXIGRAPH_DOOR), ("spacy", SPACY_DOOR),
                                               ("thinc", {"kg.extract.speedups"}), ("threadpoolctl", {"kg.extract.speedups"})])
def test_each_outside_library_comes_in_through_its_door(library: str, door: set[str]) -> None:
    importers = _importers(library)
    assert importers, f"no module imports {library}: the test would pass vacuously"
    assert {m for m in importers if not _behind(m, door)} == set()


@pytest.mark.parametrize("module", ["kg.graph.rdf", "kg.extract.nlp"])
def test_rdf_and_nlp_import_no_gazetteer(module: str) -> None:
    assert not {m for m in _runtime_imports(MODULES[module]) if m.startswith("kg.places.gazetteer")}


def test_no_private_spacy_api() -> None:
    private = {name: sorted(m for m in _runtime_imports(path) if m.startswith("spacy") and "._" in m)
               for name, path in MODULES.items()}
    assert {name: found for name, found in private.items() if found} == {}


def test_modules_stay_within_400_lines() -> None:
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
