"""kg: news articles to a validated RDF knowledge graph with provenance.

Notebook API (kg/api.py, imported on first use so ``import kg`` loads neither spaCy nor pyoxigraph):
``kg.build(paths, store=...)``, ``kg.open_store(...)``, ``kg.run_query(name, store=..., **params)``,
``kg.sparql(text, store=...)``, ``kg.validate(...)``.
"""
import sys as _sys
import types as _types

__version__ = "0.1.0"

_API = frozenset({"Rows", "build", "open_store", "run_query", "sparql", "validate"})


def __getattr__(name: str):  # noqa: ANN202 - PEP 562 lazy attributes
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


class _Package(_types.ModuleType):
    """Keeps ``kg.build`` / ``kg.validate`` the API functions: importing the submodules kg.build and
    kg.validate would otherwise set those package attributes to the modules (they stay in sys.modules)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in ("build", "validate") and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
