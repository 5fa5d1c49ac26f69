"""The package surface: what ``import kg`` offers, and nothing else (httpx's test of its exported names is the
model). The API functions are lazy (kg/__init__.py), every error class is importable from ``kg``, and importing
any submodule changes none of it."""
from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import types

import pytest

import kg
import kg.errors

API = ("Rows", "build", "open_store", "run_query", "sparql", "validate")


def _submodules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(kg.__path__, "kg."))


@pytest.fixture(scope="module")
def every_module() -> list[types.ModuleType]:
    """Every kg module imported (none loads the model or has an effect when imported)."""
    return [importlib.import_module(name) for name in _submodules()]


def _error_classes() -> list[type[kg.KgError]]:
    for name in _submodules():
        importlib.import_module(name)
    found: list[type[kg.KgError]] = []
    todo = [kg.KgError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(c for c in cls.__subclasses__() if c.__module__.startswith("kg."))
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


def test_all_lists_public_names_that_resolve() -> None:
    assert len(set(kg.__all__)) == len(kg.__all__)
    assert all(not name.startswith("_") or name == "__version__" for name in kg.__all__)
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    assert set(kg.__all__) <= set(dir(kg))


def test_no_other_public_name(every_module: list[types.ModuleType]) -> None:
    """Only __all__ and submodules (set by the import system) are reachable without an underscore."""
    stray = {name for name, value in vars(kg).items()
             if not name.startswith("_") and not isinstance(value, types.ModuleType)} - set(kg.__all__)
    assert not stray, f"public in kg but not in kg.__all__: {sorted(stray)}"


def test_star_import_gives_all_and_loads_no_nlp() -> None:
    code = ("import sys\nnames = {}\nexec('from kg import *', names)\n"
            "print(' '.join(sorted(set(names) - {'__builtins__'})))\n"
            "assert 'spacy' not in sys.modules and 'pyshacl' not in sys.modules\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == sorted(kg.__all__)


@pytest.mark.parametrize("name", API)
def test_api_names_are_the_api_after_importing_every_submodule(every_module: list[types.ModuleType],
                                                               name: str) -> None:
    from kg import api

    assert getattr(kg, name) is getattr(api, name)
    assert name in api.__all__


@pytest.mark.parametrize(
    "cls", [pytest.param(c, id=f"{c.__module__}.{c.__name__}") for c in _error_classes()])
def test_every_error_class_is_importable_from_kg(cls: type[kg.KgError]) -> None:
    assert cls.__name__ in kg.__all__
    assert getattr(kg, cls.__name__) is cls
    assert cls.__module__ == "kg.errors"  # one module holds them all: the CLI's one error path catches KgError
    assert cls.exit_code in (kg.errors.EXIT_NONCONFORMING, kg.errors.EXIT_CANNOT_RUN)


def test_no_submodule_is_named_like_a_public_name() -> None:
    """A submodule named like an API function would replace it on import (``import kg.validate``)."""
    top = {name.split(".")[1] for name in _submodules()}
    assert not top & set(kg.__all__)


def test_kg_is_a_plain_module() -> None:
    assert type(sys.modules["kg"]) is types.ModuleType
