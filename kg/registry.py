"""The event-type registry (kg/data/event_types.toml): the one list of what kg extracts.

The model's codes, the RDF classes, the vocabulary, the question words and the exports derive from it;
tests/test_registry.py checks the ontology, the shapes and the lexicon against it.

>>> EVENT_REGISTRY["prison_release"].ontology_class
'PrisonRelease'
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError

REGISTRY_FILE = Path(__file__).resolve().parent / "data" / "event_types.toml"
_FIELDS = ("class", "label", "plural", "acled_event_type", "acled_sub_event_type", "object_is_place")


@dataclass(frozen=True)
class EventType:
    """One kind of event: its code (results, lexicon block, rules), ontology class and ACLED types."""

    code: str
    ontology_class: str
    label: str
    plural: str
    acled_event_type: str  # "" where ACLED codes no such event
    acled_sub_event_type: str
    object_is_place: bool  # "seized X": the object is the place; "attacked forces in X": a target


def _load(path: Path) -> dict[str, EventType]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    out: dict[str, EventType] = {}
    for code, row in raw.items():
        if not isinstance(row, dict) or sorted(row) != sorted(_FIELDS):
            got = sorted(row) if isinstance(row, dict) else row
            raise KgError(f"{path}: [{code}] has {got!r}; each type needs exactly {', '.join(_FIELDS)}")
        out[code] = EventType(code, row["class"], row["label"], row["plural"],
                              row["acled_event_type"], row["acled_sub_event_type"], bool(row["object_is_place"]))
    return out


EVENT_REGISTRY: dict[str, EventType] = _load(REGISTRY_FILE)
EVENT_CODES: tuple[str, ...] = tuple(EVENT_REGISTRY)


def event_type(code: str) -> EventType:
    try:
        return EVENT_REGISTRY[code]
    except KeyError:
        raise KgError(f"unknown event type {code!r}; one of {', '.join(EVENT_CODES)} "
                      f"(add it to {REGISTRY_FILE.name} first)") from None
