"""The extractor's language data (kg/data/*.toml, *.csv), loaded once."""
from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Named:
    """A canonical actor or agency with its aliases (folded lower case)."""

    id: str
    label: str
    kind: str
    aliases: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    events: dict[str, dict[str, frozenset[str]]]
    places: dict[str, frozenset[str]]
    cues: dict[str, frozenset[str]]
    hedge_phrases: tuple[str, ...]
    qualifiers: dict[str, str]
    roles: frozenset[str]
    bodies: frozenset[str]
    ordinals: dict[str, int]
    actors: tuple[Named, ...]
    agencies: tuple[Named, ...]

    def words(self, event: str, key: str) -> frozenset[str]:
        return self.events.get(event, {}).get(key, frozenset())

    def actor(self, text: str) -> Named | None:
        return _find(self.actors, text)

    def agency(self, text: str) -> Named | None:
        return _find(self.agencies, text)


def _find(table: tuple[Named, ...], text: str) -> Named | None:
    key = _norm(text)
    bare = key[4:] if key.startswith("the ") else key
    for item in table:
        if key in item.aliases or bare in item.aliases:
            return item
    return None


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’s", "").replace("'s", "").split())


def _sets(table: dict[str, Any]) -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in table.items() if isinstance(v, list)}


def _named(path: Path, id_column: str) -> tuple[Named, ...]:
    with path.open(encoding="utf-8") as fh:
        return tuple(
            Named(
                id=row[id_column],
                label=row["label"],
                kind=row["kind"],
                aliases=frozenset(_norm(a) for a in row["aliases"].split("|") if a.strip()),
            )
            for row in csv.DictReader(fh)
        )


@cache
def load_lexicon() -> Lexicon:
    raw = tomllib.loads((DATA / "lexicon.toml").read_text(encoding="utf-8"))
    cues = raw["cues"]
    return Lexicon(
        events={name: _sets(table) for name, table in raw["events"].items()},
        places=_sets(raw["places"]),
        cues=_sets(cues),
        hedge_phrases=tuple(cues["hedge_phrases"]),
        qualifiers=dict(raw["qualifiers"]),
        roles=frozenset(raw["roles"]["nouns"]),
        bodies=frozenset(raw["roles"]["bodies"]),
        ordinals={k: int(v) for k, v in raw["ordinals"].items()},
        actors=_named(DATA / "actors.csv", "id"),
        agencies=_named(DATA / "agencies.csv", "label"),
    )
