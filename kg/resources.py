"""Where the ontology, shapes and named queries live, installed or in a checkout."""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``ontology``, ``shapes`` or ``queries``: packaged copy first, then the checkout's."""
    for candidate in (_PKG / "_resources" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg resource folder {name!r} is missing; reinstall kg")
