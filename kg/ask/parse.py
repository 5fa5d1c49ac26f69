"""A question to a Frame: dates first, then names (actors, sources, places, longest first), then words."""
from __future__ import annotations

from functools import cache

from kg.ask.dates import scan_dates
from kg.ask.frame import MAX_QUESTION_CHARS, Frame, Ignored, NamedRef, PlaceRef
from kg.ask.knowledge import Knowledge
from kg.ask.tokens import Token, span_text, tokenize
from kg.ask.words import (
    AUXILIARIES, CAPITAL_NOUNS, CONFLICT_WORDS, COUNT_UNITS, DATE_NOUNS, EVENT_NOUNS, EVENT_TYPES, FUNCTION_WORDS,
    GENERIC_ACTORS, NEGATIONS, PLACE_NOUNS, POLARITY_WORDS, SOURCE_NOUNS, SPEECH_WORDS, event_words,
)
from kg.errors import QueryError
from kg.extract.lexicon import Named, load_lexicon
from kg.graph.placelookup import LEVEL_WORDS, prefer

EXAMPLES: tuple[str, ...] = (  # shown when nothing in a question can be used; <...> stands for a name in the graph
    "which capitals fell between 6 and 12 August",
    "what cities did <armed group> take on 6 August 2021",
    "when did <city> fall?",
    "who took <city>",
    "what happened in <country>",
    "who reported the fall of <city>",
    "what did <news agency> report",
    "who denied that <city> had fallen",
    "how many prisoners were freed in <city>",
    "did <city> fall?",
    "what do the reports disagree about",
)
_MAX_NAME = 5  # tokens in the longest actor, source or place name looked up
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "around", "of", "from", "to", "inside", "outside"})
_SPEAKING = frozenset({"say", "said", "says", "report", "reported", "reports", "claim", "claimed", "claims", "deny",
                       "denied", "denies", "confirm", "confirmed", "confirms", "announce", "announced", "tell",
                       "told"})
_WH = frozenset({"what", "which", "who", "whom", "whose", "when", "where", "how", "why"})


def parse(question: str, knowledge: Knowledge) -> Frame:
    """The Frame of ``question``; QueryError when it is too long or nothing in it can be used."""
    if len(question) > MAX_QUESTION_CHARS:
        raise QueryError(f"the question is {len(question)} characters long; ask in at most {MAX_QUESTION_CHARS}")
    tokens = tokenize(question)
    used = [False] * len(tokens)
    ignored: list[Ignored] = []
    fields: dict[str, object] = {}
    for hit in scan_dates(tokens, knowledge.newest):
        text = span_text(question, tokens, hit.start, hit.end)
        for k in range(hit.start, hit.end):
            used[k] = True
        if hit.error:
            ignored.append(Ignored(text, hit.error))
        elif "date_from" in fields or "date_to" in fields:
            ignored.append(Ignored(text, "one date or range per question"))
        else:
            fields["date_from"], fields["date_to"] = hit.first, hit.last
    places: list[PlaceRef] = []
    missing = _names(question, tokens, used, knowledge, fields, places, ignored)
    frame_words = _words(tokens, used, fields, ignored, question)
    if not places and missing:
        fields["place_missing"] = True
    elif places:
        fields.pop("place_missing", None)
    fields["places"] = tuple(places)
    if not (frame_words or fields.get("date_from") or fields.get("date_to") or places or missing
            or fields.get("actor") or fields.get("source")):
        examples = "; ".join(f'"{e}"' for e in EXAMPLES)
        raise QueryError(f"cannot understand the question {question!r}; kg ask answers questions such as: {examples}")
    return Frame(ignored=tuple(ignored), **fields)  # type: ignore[arg-type]


def _names(question: str, tokens: tuple[Token, ...], used: list[bool], knowledge: Knowledge,
           fields: dict[str, object], places: list[PlaceRef], ignored: list[Ignored]) -> bool:
    """Actors, sources and places, longest name first; True when a place was named that the graph lacks."""
    lexicon = load_lexicon()
    missing = False
    i = 0
    while i < len(tokens):
        if used[i] or not _nameable(tokens[i]):
            i += 1
            continue
        for n in range(min(_MAX_NAME, len(tokens) - i), 0, -1):
            if any(used[i:i + n]) or not _nameable(tokens[i + n - 1]):
                continue
            text = span_text(question, tokens, i, i + n)
            if text.endswith(("'s", "’s")):
                text = text[:-2]  # "Kandahar's prison"
            kind, value = _lookup(text, tokens[i:i + n], knowledge, lexicon)
            if kind is None:
                continue
            following = next((t.low for t in tokens[i + n:] if t.low not in ("have", "has", "had")), "")
            if kind == "actor" and (following in _SPEAKING or following in POLARITY_WORDS):
                kind = "source"  # "what did the Taliban claim": the actor speaks here
            if kind == "actor" or kind == "source":
                if kind in fields:
                    ignored.append(Ignored(text, f"one {kind} per question"))
                else:
                    fields[kind] = value
            elif kind == "place":
                refs = _prefer(value, tokens, i + n)  # type: ignore[arg-type]
                places.extend(r for r in refs if r not in places)
            else:
                if not _place_position(tokens, i, i + n):
                    continue  # a capitalised word that is also some town ("what did Babur say"): not read as one
                after_preposition = i and tokens[i - 1].low in _PLACE_PREPOSITIONS
                before = span_text(question, tokens, i - 1, i + n) if after_preposition else text
                ignored.append(Ignored(before, str(value)))
                missing = True
            for k in range(i, i + n):
                used[k] = True
            if i + n < len(tokens) and tokens[i + n].low in ("city", "province", "town", "country"):
                used[i + n] = True
            break
        i += 1
    return missing


@cache
def _vocabulary() -> frozenset[str]:
    """Words that are never part of a name in a question."""
    return frozenset(event_words().keys() | POLARITY_WORDS.keys() | SPEECH_WORDS | EVENT_NOUNS | PLACE_NOUNS
                     | CAPITAL_NOUNS | CONFLICT_WORDS | set(COUNT_UNITS))


def _place_position(tokens: tuple[Token, ...], start: int, end: int) -> bool:
    """Where a question names a place: after "in"/"of"/..., before "city"/"province", or next to an event
    word ("did Kunduz fall", "who took Kunduz")."""
    before = tokens[start - 1].low if start else ""
    after = tokens[end].low if end < len(tokens) else ""
    return (before in _PLACE_PREPOSITIONS or after in ("city", "province", "town", "country")
            or before in event_words() or after in event_words() or after in AUXILIARIES)


def _nameable(token: Token) -> bool:
    return token.low not in FUNCTION_WORDS or (token.text.isupper() and len(token.text) > 1)


def _lookup(text: str, span: tuple[Token, ...], knowledge: Knowledge, lexicon: object) -> tuple[str | None, object]:
    """What a span of the question names: an actor, a source, a place of the graph, or a place elsewhere."""
    vocabulary = any(t.low in _vocabulary() for t in span)
    actor: Named | None = lexicon.actor(text)  # type: ignore[attr-defined]
    if actor is not None and not (len(span) == 1 and not span[0].text[0].isupper() and len(text) < 4):
        return "actor", NamedRef(actor.label, tuple(sorted({actor.label.lower(), *actor.aliases})))
    agency: Named | None = lexicon.agency(text)  # type: ignore[attr-defined]
    if agency is not None and (len(text) > 3 or span[0].text.isupper()):
        return "source", NamedRef(agency.label, tuple(sorted({agency.label.lower(), *agency.aliases})))
    if span[0].text[:1].isupper() and (publisher := knowledge.publisher(text)):
        return "source", NamedRef(publisher, (publisher.lower(),))
    if vocabulary:
        return None, None
    if refs := knowledge.places(text):
        return "place", refs
    capitalised = all(t.text[:1].isupper() for t in span)
    if capitalised and (reason := knowledge.elsewhere(text)):
        return "elsewhere", reason
    return None, None


def _prefer(refs: tuple[PlaceRef, ...], tokens: tuple[Token, ...], after: int) -> tuple[PlaceRef, ...]:
    """A city and its province of one name: the word after it decides ("Herat province"), else the city; the
    library's one rule (kg.graph.placelookup.prefer), so ``kg query --param place=...`` means the same place."""
    following = tokens[after].low if after < len(tokens) else ""
    return prefer(refs, LEVEL_WORDS.get(following))


def _words(tokens: tuple[Token, ...], used: list[bool], fields: dict[str, object], ignored: list[Ignored],
           question: str) -> bool:
    """What is asked, event types, polarity, capital-only and leftovers; True when a word was understood."""
    lows = [t.low for t in tokens]
    types: list[str] = []
    understood = False
    leftovers: list[int] = []
    last_role = ""
    for k, token in enumerate(tokens):
        low = token.low
        if used[k]:
            continue
        nxt = lows[k + 1] if k + 1 < len(lows) else ""
        found = event_words().get(low)
        if found and nxt == "back" and "capture" in found:
            found = ("recapture",)
            used[k + 1] = True
        if low == "push" or low == "pushed":
            found = ("recapture",) if nxt == "back" else None
        if found:
            types.extend(t for t in found if t not in types)
        elif low in POLARITY_WORDS:
            fields.setdefault("polarity", POLARITY_WORDS[low])
        elif low in CAPITAL_NOUNS:
            fields["capital_only"] = True
        elif (role := _role(low)) and set(lows) & (_SPEAKING | POLARITY_WORDS.keys()) and (
                "source" not in fields or (k and lows[k - 1] == last_role)):
            if k and lows[k - 1] == last_role:  # "deputy governor"
                role = f"{_role(last_role)} {role}"
            fields["source"] = NamedRef(role, (role, role + "s"))  # "what did the governor deny"
            last_role = low
        elif low in NEGATIONS:
            ignored.append(Ignored(token.text, "negation is not supported; the answer lists what was reported"))
            continue
        elif not (low in FUNCTION_WORDS or low in SPEECH_WORDS or low in EVENT_NOUNS or low in PLACE_NOUNS
                  or low in CONFLICT_WORDS or low in DATE_NOUNS or low in GENERIC_ACTORS or low in COUNT_UNITS
                  or low in AUXILIARIES or low in SOURCE_NOUNS or low in {"provincial", "regional", "back"}):
            leftovers.append(k)
            continue
        understood = understood or low not in FUNCTION_WORDS | AUXILIARIES
        used[k] = True
    speaks = bool(set(lows) & _SPEAKING) and "source" not in fields
    place, name = _leftovers(question, tokens, leftovers, ignored, speaks)
    if place:
        fields["place_missing"] = True
    if name:
        fields["source_missing"] = True
    fields["types"] = tuple(t for t in EVENT_TYPES if t in types)
    fields["asks"] = _asks(lows, fields)
    if fields["asks"] == "count":
        after = lows[lows.index("many") + 1:][:2] if "many" in lows else []
        unit = next((COUNT_UNITS[w] for w in after if w in COUNT_UNITS), None)
        if unit is not None:
            fields["count_unit"] = unit
    return understood or bool(types)


def _noun_follows(after: list[str], nouns: frozenset[str]) -> bool:
    """ "which cities", "what was the first provincial capital": the noun comes before any verb or preposition."""
    for word in after:
        if word in nouns:
            return True
        if word in event_words() or word in EVENT_NOUNS or word in _PLACE_PREPOSITIONS or word == "on":
            return False
    return False


def _role(low: str) -> str | None:
    """A person's role noun ("governor", "officials") that the graph keeps as kg:role or as a label."""
    roles = load_lexicon().roles - {"source", "head", "member", "general", "police", "resident"}
    return low if low in roles else low[:-1] if low.endswith("s") and low[:-1] in roles else None


def _leftovers(question: str, tokens: tuple[Token, ...], leftovers: list[int], ignored: list[Ignored],
               speaks: bool) -> tuple[bool, bool]:
    """Runs of unused words, each named once; whether one reads as an unknown place ("in Atlantis") and
    whether one reads as an unknown source ("what did Babur Eshchi say")."""
    run: list[int] = []
    place = source = False
    for k in [*leftovers, -2]:
        if run and k != run[-1] + 1:
            start, end = run[0], run[-1] + 1
            if start and tokens[start - 1].low in _PLACE_PREPOSITIONS and tokens[start].text[:1].isupper():
                ignored.append(Ignored(span_text(question, tokens, start - 1, end),
                                       "not a place, actor or source kg knows"))
                place = True
            elif speaks and start and all(t.text[:1].isupper() for t in tokens[start:end]):
                ignored.append(Ignored(span_text(question, tokens, start, end), "no such source in the graph"))
                source = True
            else:
                ignored.append(Ignored(span_text(question, tokens, start, end), "not a word kg ask uses"))
            run = []
        if k >= 0:
            run.append(k)
    return place, source


def _asks(lows: list[str], fields: dict[str, object]) -> str:
    """What kind of answer the question wants."""
    words = set(lows)
    first = next((w for w in lows if w not in ("and", "so", "then", "please", "tell", "me", "us")), "")
    if words & CONFLICT_WORDS:
        return "conflicts"
    if "how" in words and ("many" in words or "much" in words):
        return "count"
    if first in AUXILIARIES and not words & _WH:
        return "yesno"
    if "who" in lows and lows.index("who") + 2 < len(lows) and lows[lows.index("who") + 1] in ("was", "were") \
            and lows[lows.index("who") + 2] in event_words():
        return "events"  # "who was killed": the graph names no victims; the events and their evidence
    says = bool(words & {"say", "says", "said", "state", "states", "claim", "claims"})
    nouns = SOURCE_NOUNS | ({"reports", "articles"} if says else set())  # "what reports say X fell"
    asked_source = any(w in {"which", "what"} and nouns & set(lows[k + 1:k + 4]) for k, w in enumerate(lows))
    if "who" in words or "whom" in words or asked_source:
        speech = words & (SPEECH_WORDS - SOURCE_NOUNS - {"claim", "claimed", "claims"}) or "according" in words
        if speech or asked_source or fields.get("polarity") == "denied" or words & {"source", "sources"}:
            return "sources"
        return "actors"
    if "when" in words or words & {"date", "dates"} or ("day" in words and words & {"what", "which"}):
        return "dates"
    nouns = PLACE_NOUNS | CAPITAL_NOUNS
    if "where" in words or any(w in {"which", "what", "list", "name"} and _noun_follows(lows[k + 1:k + 6], nouns)
                               for k, w in enumerate(lows)):
        return "places"
    return "events"
