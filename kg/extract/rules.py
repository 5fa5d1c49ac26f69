"""The trigger rule table (kg/data/rules.toml): which lemma lists, in which construction, make which event.

Rules are data with an explicit precedence; the construction tests they name live in
kg/extract/triggers.py. Loading checks every name against the registry, the lexicon and the tests, so a
misspelled type, list or test is an error at once, not a rule that silently never fires.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import KgError
from kg.extract.lexicon import DATA, Lexicon, load_lexicon
from kg.registry import EVENT_CODES

RULES_FILE: Path = DATA / "rules.toml"
POS = ("verb", "noun")
_FIELDS = ("name", "pos", "precedence", "type", "lemmas", "test", "example")
_OPTIONAL = ("also",)


@dataclass(frozen=True)
class Rule:
    name: str
    pos: str  # "verb" or "noun": which tokens it is tried on
    precedence: int  # lowest first; the first rule whose test accepts the token makes the trigger
    type: str  # the event type it makes (kg/data/event_types.toml)
    lemmas: tuple[str, ...]  # lexicon lists "<section>.<key>" whose words can trigger it
    test: str  # a construction test of kg/extract/triggers.py
    example: str  # hand-built tokens in which the rule fires for each of its words (tests/test_rules.py)
    words: frozenset[str]
    also: str = ""  # a rule also tried on the token when this one fires: the word makes a second event


@dataclass(frozen=True)
class RuleTable:
    rules: tuple[Rule, ...]  # in precedence order
    overlaps: dict[str, str]  # a word listed for two event types -> how the rules tell them apart
    by_lemma: dict[tuple[str, str], tuple[Rule, ...]]  # (pos, lemma) -> its rules in precedence order
    lemmas: frozenset[str]  # every lemma some rule can fire on

    def candidates(self, pos: str, lemma: str) -> tuple[Rule, ...]:
        return self.by_lemma.get((pos, lemma), ())

    def rule(self, name: str) -> Rule:
        return next(r for r in self.rules if r.name == name)


def words_of(lex: Lexicon, ref: str) -> frozenset[str]:
    """The words of a lexicon list named "<section>.<key>" (an event type's block, or "cues")."""
    section, _, key = ref.partition(".")
    if section == "cues":
        if key not in lex.cues:
            raise KgError(f"{RULES_FILE.name}: lemmas {ref!r}: no list {key!r} in [cues] of lexicon.toml; "
                          f"one of {', '.join(sorted(lex.cues))}")
        return lex.cues[key]
    return lex.words(section, key)  # the lexicon refuses an unknown section or key


def load_rules(test_names: frozenset[str], path: Path = RULES_FILE) -> RuleTable:
    lex = load_lexicon()
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    rules = []
    for row in raw.get("rule", []):
        if sorted(set(row) - set(_OPTIONAL)) != sorted(_FIELDS):
            raise KgError(f"{path.name}: rule {row.get('name', row)!r} has fields {sorted(row)}; "
                          f"each rule needs exactly {', '.join(_FIELDS)} (and may have {', '.join(_OPTIONAL)})")
        where = f"{path.name}: rule {row['name']!r}"
        if row["pos"] not in POS:
            raise KgError(f"{where}: pos {row['pos']!r}; one of {', '.join(POS)}")
        if row["type"] not in EVENT_CODES:
            raise KgError(f"{where}: type {row['type']!r}; one of {', '.join(EVENT_CODES)}")
        if row["test"] not in test_names:
            raise KgError(f"{where}: test {row['test']!r}; one of {', '.join(sorted(test_names))}")
        words = frozenset().union(*(words_of(lex, ref) for ref in row["lemmas"]))
        rules.append(Rule(row["name"], row["pos"], int(row["precedence"]), row["type"], tuple(row["lemmas"]),
                          row["test"], row["example"], words, row.get("also", "")))
    names = [r.name for r in rules]
    for rule in rules:
        if rule.also and (rule.also not in names or rule.also == rule.name):
            raise KgError(f"{path.name}: rule {rule.name!r}: also {rule.also!r} is not another rule; "
                          f"one of {', '.join(n for n in names if n != rule.name)}")
    if len(set(names)) != len(names) or len({r.precedence for r in rules}) != len(rules):
        raise KgError(f"{path.name}: rule names and precedences must be unique")
    rules.sort(key=lambda r: r.precedence)
    by_lemma: dict[tuple[str, str], list[Rule]] = {}
    for rule in rules:
        for word in rule.words:
            by_lemma.setdefault((rule.pos, word), []).append(rule)
    return RuleTable(tuple(rules), dict(raw.get("overlaps", {})),
                     {k: tuple(v) for k, v in by_lemma.items()}, frozenset(w for r in rules for w in r.words))


@cache
def rule_table(test_names: frozenset[str]) -> RuleTable:
    return load_rules(test_names)
