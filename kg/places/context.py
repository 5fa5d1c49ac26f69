"""Where an article is: the names the linker reads as its context when it picks among same-named places.

- the places its events name (but natural features, kg.places.features);
- its dateline: the city it was filed from and the region after it ("ADEN, Yemen, March 3 (Reuters) -"), so a
  small town in the dateline's country or province wins over a bigger namesake elsewhere;
- the countries its text names ("Mozambique's"; not demonyms: "Russian forces" name who, not where), the
  first-level divisions of those countries it names, and the divisions it calls one ("Cabo Delgado province").

Each name is read by :meth:`kg.places.gazetteer.Gazetteer.resolve` as its most populous place.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from kg.model import Extraction
from kg.places.features import division_nouns, feature_nouns, names_a_feature
from kg.places.gazetteer import Gazetteer
from kg.text import dateline_end, leading_dateline

# A run of capitalised words, with the lower-case joints of names ("Democratic Republic of the Congo"):
# at most this many words in a name looked up.
_MAX_WORDS = 5
# a hyphenated compound is one word: "Russia-backed", "pro-Damascus" name an actor's side, not where
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F](?:[\w'’-]|\.(?=\w))*")
_JOINTS = frozenset({"of", "the", "and", "de", "du", "del", "al", "el"})
_POSSESSIVE = re.compile(r"['’]s?$")
# ", Yemen": the region a dateline gives after its city (kg.text.DATELINE reads it without naming it)
_DATELINE_REGION = re.compile(r",[ \t]*([A-Z][A-Za-z]+(?:[ \t]+[A-Z][A-Za-z]+)*)")


def article_context(extraction: Extraction, gaz: Gazetteer) -> tuple[str, ...]:
    """The names the article's places are resolved against (module docstring), without repeats."""
    text = extraction.article.text
    named = [e.place.name or e.place.text for e in extraction.events if e.place and not names_a_feature(e.place, text)]
    areas = areas_named(text, gaz, acting=extraction.acting_countries)
    return tuple(dict.fromkeys([*named, *dateline_names(extraction), *areas]))


def dateline_names(extraction: Extraction) -> list[str]:
    """The dateline's city (as the extractor read it, else as written) and the region after it."""
    names = []
    if extraction.dateline_place is not None:
        names.append(extraction.dateline_place.name or extraction.dateline_place.text)
    match = leading_dateline(extraction.article.text)
    if match is not None:
        names.append(match.group("place").strip())
        region = _DATELINE_REGION.match(extraction.article.text, match.end("place"))
        region_end = match.start("date") if match.group("date") else match.end()  # "KABUL, Aug 8": no region
        if region is not None and region.end() <= region_end:
            names.append(region.group(1))
    elif (caps := dateline_end(extraction.article.text)) > 0:
        # a dateline the pattern does not read ("GOMA, Democratic Republic of Congo, (Reuters) –"): its city
        names.append(extraction.article.text[:caps].strip())
    return names


def areas_named(text: str, gaz: Gazetteer, acting: Iterable[str] = ()) -> list[str]:
    """The countries the text names (their labels), the divisions of those countries it names and the divisions
    it calls one ("Idlib province", "Unity state"; read as their name's top place by the resolver). Each run
    of words is read as its longest known name: "South Sudan" is not "Sudan", "Port Sudan" not the country."""
    countries: dict[str, str] = {}  # label -> code
    # ("Russia said", "Russia's forces": who acts, not where; a country so named every time is left out)
    acts = Counter(acting)
    seen: Counter[str] = Counter()
    divisions: list[tuple[str, str]] = []  # (name, its country)
    called: list[str] = []  # divisions the text calls one ("Idlib province")
    called_by = division_nouns()
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        for name, end in reversed(_names_from(text, words, i)):
            found = gaz.candidates(name)
            if found:
                top = found[0]
                if top.kind == "country" and top.country_code:
                    seen[name] += 1
                    if seen[name] > acts[name]:
                        countries[top.label] = top.country_code
                elif top.kind == "province" and top.country_code:
                    divisions.append((name, top.country_code))
                if end + 1 < len(words) and words[end + 1][0].lower() in called_by \
                        and any(p.kind == "province" for p in found):
                    called.append(name)
                i = end
                break
        i += 1
    codes = set(countries.values())
    # a division counts only beside its country, where the text calls it one, or by a name of several words (no
    # feature's: "the Red Sea"): many one-word names are common words too ("Unity", "Lakes", "Centre")
    features = feature_nouns()
    long = [name for name, _ in divisions if len(name.split()) > 1 and name.split()[-1].lower() not in features]
    return [*countries, *dict.fromkeys([*(name for name, code in divisions if code in codes), *called, *long])]


def _names_from(text: str, words: list[tuple[str, int, int]], i: int) -> list[tuple[str, int]]:
    """The names starting at word ``i``, shortest first, with the index of their last word: runs of up to
    _MAX_WORDS words that start and end with a capitalised word, joints ("of the") inside."""
    if not words[i][0][0].isupper():
        return []
    names: list[tuple[str, int]] = []
    for j in range(i, min(i + _MAX_WORDS, len(words))):
        if j > i and text[words[j - 1][2]:words[j][1]].strip() not in ("", "-"):
            break  # punctuation between the words: not one name
        if not words[j][0][0].isupper():
            if words[j][0].lower() in _JOINTS:
                continue
            break
        names.append((_POSSESSIVE.sub("", text[words[i][1]:words[j][2]]), j))
    return names
