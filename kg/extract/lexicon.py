"""The extractor's language data (kg/data/*.toml, *.csv), loaded once."""
from __future__ import annotations

import csv
import difflib
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from kg.errors import LexiconError
from kg.model import ACTOR_SUBKINDS
from kg.registry import EVENT_CODES
from kg.text import word_key

DATA = Path(__file__).resolve().parent.parent / "data"
_NONE: frozenset[str] = frozenset()

# The closed set of lists an event type's block [events.<type>] may hold: a key outside it is a
# misspelling (an error at load), and asking for one is a bug (an error at once, never an empty list).
EVENT_KEYS: frozenset[str] = frozenset({
    "verbs", "nouns", "subjects", "objects",  # trigger verbs and nouns; who or what must take part
    "object_verbs", "loss_verbs", "take_verbs", "fall_verbs", "fall_not", "fall_pronouns", "owner_nouns",
    "control_nouns", "control_states", "control_verbs", "control_preps", "back_particles",
    "push_back", "push_particles", "origin_preps", "operation_nouns", "escape_verbs", "exit_verbs", "facility",
    "shoot", "shoot_complements", "expel_verbs", "home_verbs", "leave_verbs", "left_complements", "die_verbs",
    "particle_verbs", "particles", "drive_particles", "quantities", "inmates", "set_verbs", "free_words",
    "life_verbs", "lives", "undergone_nouns",
    "weapon_verbs", "weapons", "hold_verbs", "buildings",
    "flag_verbs", "flags", "flag_preps", "victory_verbs", "victories", "victory_preps", "hit_verbs", "aim_preps",
    "entry_verbs", "entry_preps", "under_verbs", "under_preps", "foothold_verbs", "footholds", "restore_verbs",
})
PLACE_KEYS: frozenset[str] = frozenset({
    "agent_nouns", "capital_modifiers", "city_nouns", "core_nouns", "country_nouns", "directions", "distance_units",
    "district_nouns", "example_preps", "facility_modifiers", "facility_nouns", "feature_nouns", "force_nouns",
    "metonym_heads", "name_articles", "name_links", "near_preps", "part_adjectives", "part_nouns", "province_nouns",
    "meeting_nouns", "route_verbs",
    "settlement_nouns", "setback_nouns", "tally_nouns", "where_words",
})
CUE_KEYS: frozenset[str] = frozenset({
    "actor_pronouns", "after_preps", "after_verbs", "anaphors", "aspect_verbs", "attempt_verbs", "away_types",
    "claimable_types", "compel_verbs", "control_denial", "defender_words", "denied_roles", "deny", "deny_phrasal",
    "destination_preps", "duration_units", "earlier_marks", "epistemic_modals", "factive_wh", "falsity",
    "first_person", "government_words", "headings", "hearsay_nouns", "hedge_adverbs", "hedge_phrases", "hedge_verbs",
    "held_since", "held_types", "held_until", "homeland_nouns", "irrealis", "irregular_words", "leader_nouns",
    "led_words", "liberation_words", "loyal_words", "manner_of", "manner_types", "negating_dets", "negating_preps",
    "on_the_spot", "ongoing_verbs", "order_verbs", "ordered_types", "origin_preps", "origin_types", "pause_nouns",
    "pending_words", "placed_later", "remain_verbs", "say", "sequence_preps", "speaking_verbs", "state_bodies",
    "state_pronouns", "state_verbs", "still_words", "story_types", "toll_types", "tried_types", "truth",
    "vague_past_adverbs", "witness_verbs",
})


@dataclass(frozen=True)
class Named:
    """A canonical actor or agency with its aliases (folded lower case)."""

    id: str
    label: str
    kind: str
    aliases: frozenset[str]
    country: str = ""  # a government force's state (ISO 3166-1 alpha-2); empty: any state, or not a state
    subkind: str = ""  # the finer kind within ``kind`` (kg.model.ACTOR_SUBKINDS); empty: none given


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
    forms: dict[str, str]  # inflection -> lemma, where the model's lemmatizer gets it wrong
    norms: dict[str, str]  # word -> the form the model reads it as, where it does not know the word
    demonyms: dict[str, str]  # "iraqi" -> "IQ": whose forces "Iraqi troops" are
    chained_dates: dict[str, int]  # "a day later" -> 1: days from the event the article dated last
    chained_deictic: frozenset[str]  # "this morning": in a quote, the day the quote was said

    def words(self, event: str, key: str) -> frozenset[str]:
        found = self._words.get((event, key))
        if found is not None:
            return found
        if event not in self.events or key not in EVENT_KEYS:
            raise LexiconError(f"no lexicon list {event}.{key}: events are {', '.join(self.events)}; "
                               f"keys are {', '.join(sorted(EVENT_KEYS))}")
        return _NONE

    @cached_property
    def speech_cues(self) -> frozenset[str]:
        """Lemmas of verbs that attribute a statement: say, deny and hedge verbs."""
        return self.cues["say"] | self.cues["deny"] | self.cues["hedge_verbs"]

    @cached_property
    def _words(self) -> dict[tuple[str, str], frozenset[str]]:
        # one flat dict: the extractor asks for word lists several hundred thousand times per 100 articles
        return {(event, key): words for event, table in self.events.items() for key, words in table.items()}

    @cached_property
    def trigger_lemmas(self) -> frozenset[str]:
        """Every lemma a trigger can have: a superset (all event word lists), so a token outside it is skipped
        before any look at its children (most tokens of an article)."""
        lists = [words for table in self.events.values() for words in table.values()]
        return frozenset().union(*lists, self.cues["control_denial"])

    def actor(self, text: str) -> Named | None:
        return _cached_find(self._actor_index, self._actor_hits, text)

    def agency(self, text: str) -> Named | None:
        return _cached_find(self._agency_index, self._agency_hits, text)

    @cached_property
    def _actor_hits(self) -> dict[str, Named | None]:
        return {}

    @cached_property
    def _agency_hits(self) -> dict[str, Named | None]:
        return {}

    @cached_property
    def _actor_index(self) -> dict[str, tuple[int, Named]]:
        return _index(self.actors)

    @cached_property
    def _agency_index(self) -> dict[str, tuple[int, Named]]:
        return _index(self.agencies)


def _index(table: tuple[Named, ...]) -> dict[str, tuple[int, Named]]:
    """Alias -> (row, entry) of the first row listing it: a lookup instead of a scan of the table."""
    out: dict[str, tuple[int, Named]] = {}
    for row, item in enumerate(table):
        for alias in item.aliases:
            out.setdefault(alias, (row, item))
    return out


_HITS_MAX = 50_000  # texts remembered per table: the same names recur in every article; bounded for long builds


def _cached_find(index: dict[str, tuple[int, Named]], hits: dict[str, Named | None], text: str) -> Named | None:
    if text in hits:
        return hits[text]
    found = _find(index, text)
    if len(hits) < _HITS_MAX:
        hits[text] = found
    return found


def _find(index: dict[str, tuple[int, Named]], text: str) -> Named | None:
    """The first row (in file order) listing the text, with or without a leading 'the'."""
    key = word_key(text)
    bare = key[4:] if key.startswith("the ") else key
    hits = [hit for hit in (index.get(key), index.get(bare)) if hit is not None]
    return min(hits, key=lambda h: h[0])[1] if hits else None


def _sets(table: dict[str, Any]) -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in table.items() if isinstance(v, list)}


def _named(path: Path, id_column: str) -> tuple[Named, ...]:
    with path.open(encoding="utf-8") as fh:
        rows = tuple(
            Named(
                id=row[id_column],
                label=row["label"],
                kind=row["kind"],
                aliases=frozenset(word_key(a) for a in row["aliases"].split("|") if a.strip()),
                country=(row.get("country") or "").strip(),
                subkind=(row.get("subkind") or "").strip(),
            )
            for row in csv.DictReader(fh)
        )
    for named in rows:
        allowed = ACTOR_SUBKINDS.get(named.kind, ())
        if named.subkind and named.subkind not in allowed:
            choices = ", ".join(allowed) or "none"
            raise LexiconError(f"{path}: row {named.id!r}: subkind {named.subkind!r} is not one for kind "
                               f"{named.kind!r} (choices: {choices}); fix the row or leave the subkind empty")
    return rows


def _check_keys(raw: dict[str, Any], path: Path) -> None:
    def closed(where: str, got: Any, allowed: frozenset[str]) -> None:
        for key in got:
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean {near[0]!r}? " if near else ""
                raise LexiconError(f"{path}: [{where}] {key!r} is not a known list; {hint}"
                                   f"add it to the keys in kg/extract/lexicon.py first if it is new")
    unknown = sorted(set(raw["events"]) - set(EVENT_CODES))
    if unknown:
        raise LexiconError(f"{path}: [events.{unknown[0]}] is not an event type; "
                           f"one of {', '.join(EVENT_CODES)} (kg/data/event_types.toml)")
    for event, table in raw["events"].items():
        closed(f"events.{event}", table, EVENT_KEYS)
    closed("places", raw["places"], PLACE_KEYS)
    closed("cues", raw["cues"], CUE_KEYS)


@cache
def load_lexicon() -> Lexicon:
    path = DATA / "lexicon.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    _check_keys(raw, path)
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
        forms={form: lemma for lemma, inflections in raw["forms"].items() for form in inflections},
        norms=dict(raw.get("norms", {})),
        demonyms=_demonyms(DATA / "demonyms.csv"),
        chained_dates={phrase: int(days) for phrase, days in raw["chained_dates"].items() if phrase != "deictic"},
        chained_deictic=frozenset(raw["chained_dates"]["deictic"]),
    )


def _demonyms(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {word_key(form): row["country"] for row in csv.DictReader(fh)
                for form in row["demonyms"].split("|") if form.strip()}
