"""Shared fixtures: the real spaCy pipeline is loaded once per test session; outside programs are looked up once.

A test that needs a program pip cannot install (Raptor's rapper, Chromium, Java) asks for it through a fixture
below; the fixture skips it with the reason and the install command when the program is absent, and marks it
``system``. ``.ci/run`` installs the programs and sets ``KG_REQUIRE_SYSTEM=1``, which turns those skips into
failures, so CI runs every test. Tests asking for ``nlp`` (or another fixture that loads the model) are
marked ``model`` the same way, so ``-m "not model"`` leaves out every test that loads it.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Fixtures standing for programs outside pip, and fixtures that load the spaCy model.
SYSTEM_FIXTURES = frozenset({"rapper", "chromium", "java", "oxigraph_bin"})
MODEL_FIXTURES = frozenset({"nlp"})
REQUIRE_SYSTEM = "KG_REQUIRE_SYSTEM"


@pytest.hookimpl(tryfirst=True)  # before -m deselects: the markers must be on the items by then
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & SYSTEM_FIXTURES:
            item.add_marker(pytest.mark.system)
        if names & MODEL_FIXTURES:
            item.add_marker(pytest.mark.model)


def require_program(what: str, found: str | Path | None, install: str) -> str:
    """The program's path; else skip with the reason, or fail when KG_REQUIRE_SYSTEM=1 (CI)."""
    if found is not None:
        return str(found)
    reason = f"{what} is not installed ({install}; .ci/run does this)"
    if os.environ.get(REQUIRE_SYSTEM, "") not in ("", "0"):
        pytest.fail(f"{reason}; {REQUIRE_SYSTEM}=1 makes it mandatory", pytrace=False)
    pytest.skip(reason)


def _first_existing(*candidates: str) -> str | None:
    """The first candidate found on PATH or as an absolute path."""
    for name in candidates:
        path = shutil.which(name) if "/" not in name else (name if Path(name).is_file() else None)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def rapper() -> str:
    """Raptor's rapper, an RDF parser kg did not write."""
    return require_program("rapper (Raptor RDF parser)", _first_existing("rapper"), "apt-get install raptor2-utils")


@pytest.fixture(scope="session")
def chromium() -> str:
    """A Chromium for headless screenshots (driven by playwright, a pip package)."""
    found = _first_existing("chromium", "chromium-browser", "/usr/bin/chromium")
    return require_program("chromium", found, "apt-get install chromium")


@pytest.fixture(scope="session")
def java() -> str:
    """The Java runtime HermiT (owlready2's reasoner) runs on."""
    return require_program("java", _first_existing("java", "/usr/bin/java"), "apt-get install default-jre-headless")


@pytest.fixture(scope="session")
def oxigraph_bin() -> str:
    """The Oxigraph server binary (PyPI package oxigraph, in kg's test extra): a stand-in remote SPARQL server."""
    import shutil
    import sys

    beside = Path(sys.executable).parent / "oxigraph"
    found = beside if beside.is_file() else (Path(p) if (p := shutil.which("oxigraph")) else None)
    return require_program("the oxigraph server", found, "pip install 'kg[test]'")


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="module")
def query_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk kg store holding tests/cases/query_fixture.trig and the ontology graph."""
    import pyoxigraph

    from kg.store import open_store

    path = tmp_path_factory.mktemp("query-store") / "store"
    with open_store(path) as kgs:
        kgs.store.load(path=str(Path(__file__).parent / "cases" / "query_fixture.trig"), format=pyoxigraph.RdfFormat.TRIG)
        kgs.load_ontology()
    return path


@pytest.fixture(scope="session")
def seed_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk kg store with the seed articles built once per session by the real model (tests marked model)."""
    from kg.builder import build
    from kg.store import open_store

    path = tmp_path_factory.mktemp("seed-store") / "store"
    with open_store(path) as kgs:
        report = build([Path(__file__).resolve().parent.parent / "seeds"], kgs)
    assert not report.failed
    return path
