"""Natural features named like a division or a town: "the Red Sea" is the sea, not the Red Sea governorate;
"the Swat valley" is not the town. The gazetteer holds no natural features, so such a name links to nothing,
unless the text calls it a division ("the Red Sea state", "Red Sea governorate").

The words are the lexicon's (kg/data/lexicon.toml, ``[places]``): ``feature_nouns`` and ``province_nouns``.
"""
from __future__ import annotations

import functools
import re
import tomllib

from kg.model import PlaceMention
from kg.places.gazetteer import DATA_DIR

_WORDS = re.compile(r"[A-Za-z]+")
_ARTICLE_BEFORE = re.compile(r"\bthe\s+(?:[a-z]+\s+)?$", re.I)  # "the Red Sea", "the key Red Sea port city"
_FEATURE_OF_BEFORE = re.compile(r"\bthe\s+([A-Z][a-z]+)\s+of\s+$")  # "the Gulf of X", "the Sea of X"


@functools.cache
def _nouns() -> tuple[frozenset[str], frozenset[str]]:
    """(feature nouns, division nouns), each with its plain plural ("mountain" -> "mountains")."""
    places = tomllib.loads((DATA_DIR / "lexicon.toml").read_text(encoding="utf-8"))["places"]

    def forms(words: list[str]) -> frozenset[str]:
        return frozenset(w.lower() for word in words for w in (word, word + "s"))

    return forms(places["feature_nouns"]), forms(places["province_nouns"])


def division_nouns() -> frozenset[str]:
    """The nouns that call a name a first-level division ("province", "states")."""
    return _nouns()[1]


def feature_nouns() -> frozenset[str]:
    """The nouns that make a name a natural feature ("sea", "mountains")."""
    return _nouns()[0]


def names_a_feature(mention: PlaceMention, text: str) -> bool:
    """Whether the mention is a natural feature: a name of two words or more that the text writes after "the"
    and that ends with a feature noun ("the Red Sea") or starts with one ("the Gulf of Aden"), and that the
    next word does not call a division ("the Red Sea state"); or a name the text writes after "the <feature
    noun> of" ("Aden" in "the Gulf of Aden")."""
    features, divisions = _nouns()
    of = _FEATURE_OF_BEFORE.search(text[max(0, mention.span.start - 24):mention.span.start])
    if of is not None and of.group(1).lower() in features:
        return True
    words = _WORDS.findall(mention.text)
    definite = bool(words) and words[0].lower() == "the"
    words = words[1:] if definite else words
    before = text[max(0, mention.span.start - 8):mention.span.start]
    if len(words) < 2 or not (definite or _ARTICLE_BEFORE.search(before)):
        return False
    if words[-1].lower() not in features and not (words[0][0].isupper() and words[0].lower() in features):
        return False
    after = _WORDS.match(text[mention.span.end:].lstrip())
    return after is None or after.group().lower() not in divisions
