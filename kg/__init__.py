"""kg: news articles to a validated RDF knowledge graph with provenance.

Notebook API (kg/api.py, imported on first use so ``import kg`` loads neither spaCy nor pyoxigraph):
``kg.build(paths, store=...)``, ``kg.open_store(...)``, ``kg.run_query(name, store=..., **params)``,
``kg.sparql(text, store=...)``, ``kg.validate(...)``. Every error kg raises is a ``kg.KgError``; its kinds
(``kg.InputError``, ``kg.StoreError``...) are importable from here too. Nothing else is public at this level:
``__all__`` is the list, and tests/test_package.py holds it to that.
"""
import typing as _typing

from kg.errors import (InputError, KgError, LexiconError, ModelError, QueryError, ShapesError, StoreError,
                       ValidationFailed)

if _typing.TYPE_CHECKING:
    from kg.api import Rows, build, open_store, run_query, sparql, validate

__version__ = "0.3.0"

_API = ("Rows", "build", "open_store", "run_query", "sparql", "validate")

__all__ = [
    "InputError",
    "KgError",
    "LexiconError",
    "ModelError",
    "QueryError",
    "Rows",
    "ShapesError",
    "StoreError",
    "ValidationFailed",
    "__version__",
    "build",
    "open_store",
    "run_query",
    "sparql",
    "validate",
]


def __getattr__(name: str) -> _typing.Any:
    # PEP 562: the API functions come from kg.api on first use. No submodule is named like one of them
    # (kg.builder, not kg.build), so importing a submodule never replaces a function here.
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
