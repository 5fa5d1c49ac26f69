"""The words a question is read with: event words from the extractor's lexicon (with their inflections),
question words, polarity words, and the function words that carry no meaning of their own."""
from __future__ import annotations

from functools import cache

from kg.extract.lexicon import load_lexicon
from kg.registry import EVENT_CODES, EVENT_REGISTRY

EVENT_TYPES: tuple[str, ...] = EVENT_CODES
# Plural labels for the interpretation line, in EVENT_TYPES order.
TYPE_LABELS: dict[str, str] = {t.code: t.plural for t in EVENT_REGISTRY.values()}

# Lexicon lists a question may use: the others only count in the extractor's sentence contexts
# ("charge", "hand", "member" would misread questions).
_LISTS: dict[str, tuple[str, ...]] = {
    "capture": ("verbs", "object_verbs", "take_verbs", "fall_verbs", "nouns"),
    "recapture": ("verbs", "nouns"),
    "attack": ("verbs", "nouns"),
    "prison_release": ("verbs", "nouns", "facility"),
    "killing": ("verbs", "shoot", "nouns"),
    "withdrawal": ("verbs", "nouns"),
    "evacuation": ("verbs", "nouns"),
    "displacement": ("verbs", "nouns"),
}
_SKIP_LEMMAS = frozenset({"assume", "break", "challenge", "target", "arrive", "member", "criminal", "hold"})
# A question word that names one event where the lexicon lists it under several.
_PREFERRED: dict[str, tuple[str, ...]] = {
    "evacuate": ("evacuation",), "liberate": ("recapture",), "flee": ("displacement", "withdrawal"),
    "free": ("prison_release",), "release": ("prison_release",),
}
# Words the lexicon leaves to context that a question means plainly.
_EXTRA: dict[str, tuple[str, ...]] = {
    "prisoner": ("prison_release",), "inmate": ("prison_release",), "detainee": ("prison_release",),
    "jailbreak": ("prison_release",), "die": ("killing",), "dead": ("killing",), "casualty": ("killing",),
    "captor": ("capture",), "takeover": ("capture",), "refugee": ("displacement",),
}

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "take": ("took", "taken"), "fall": ("fell", "fallen"), "seize": (), "overrun": ("overran",),
    "lose": ("lost",), "shoot": ("shot",), "fight": ("fought",), "flee": ("fled",),
    "withdraw": ("withdrew", "withdrawn"),
    "retake": ("retook", "retaken"), "regain": (), "strike": ("struck", "stricken"), "slay": ("slew", "slain"),
    "drive": ("drove", "driven"), "beat": ("beaten",), "gain": (), "win": ("won",), "hold": ("held",),
    "die": ("died", "dying"), "free": ("freed", "freeing"), "flee_": (),
}


def inflections(lemma: str) -> frozenset[str]:
    """The lemma and its regular forms (+s, +ed, +ing, y→ied) plus the irregular ones listed above."""
    forms = {lemma, *_IRREGULAR.get(lemma, ())}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith(("s", "x", "sh", "ch")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        if len(lemma) > 2 and lemma[-1] in "bdgmnprt" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "rob" -> "robbed"
    return frozenset(forms)


@cache
def event_words() -> dict[str, tuple[str, ...]]:
    """Every inflected form of every question-usable event word -> the event types it names."""
    lexicon = load_lexicon()
    lemmas: dict[str, list[str]] = {}
    for event, keys in _LISTS.items():
        for key in keys:
            for lemma in lexicon.words(event, key):
                if lemma not in _SKIP_LEMMAS:
                    lemmas.setdefault(lemma, []).append(event)
    for lemma, extra in _EXTRA.items():
        lemmas.setdefault(lemma, []).extend(extra)
    out: dict[str, tuple[str, ...]] = {}
    for lemma, named in lemmas.items():
        types = _PREFERRED.get(lemma) or tuple(e for e in EVENT_TYPES if e in named)
        for form in inflections(lemma):
            out[form] = tuple(dict.fromkeys(out.get(form, ()) + types))
    return out


POLARITY_WORDS: dict[str, str] = {
    **{w: "denied" for w in ("deny", "denied", "denies", "denying", "denial", "denials", "rejected", "refuted",
                             "dismissed")},
    **{w: "claimed" for w in ("claim", "claimed", "claims", "claiming", "alleged", "allegedly", "reportedly",
                              "unconfirmed", "unverified", "rumoured", "rumored")},
    **{w: "asserted" for w in ("confirm", "confirmed", "confirms", "confirming", "confirmation", "verified")},
}
POLARITY_LABELS = {"asserted": "asserted", "claimed": "claimed only", "denied": "denied"}

# Verbs of reporting: "who reported X" asks for sources, "who took X" for actors.
SPEECH_WORDS = frozenset({
    "report", "reported", "reports", "reporting", "say", "said", "says", "tell", "told", "announce", "announced",
    "state", "stated", "according", "source", "sources", "outlet", "outlets", "agency", "agencies", "media",
    "publisher", "publishers", "newspaper", "newspapers", "wrote", "write", "cover", "covered", "mention",
    "mentioned", "attribute", "attributed",
} | {w for w, p in POLARITY_WORDS.items() if p in ("denied", "asserted")} | {"claim", "claimed", "claims"})
SOURCE_NOUNS = frozenset({"source", "sources", "outlet", "outlets", "agency", "agencies", "media", "publisher",
                          "publishers", "newspaper", "newspapers", "reporter", "reporters"})
PLACE_NOUNS = frozenset({"city", "cities", "town", "towns", "place", "places", "province", "provinces",
                         "location", "locations", "where", "district", "districts", "area", "areas"})
CAPITAL_NOUNS = frozenset({"capital", "capitals"})
CAPITAL_MODIFIERS = frozenset({"provincial", "regional", "state", "district"})
DATE_NOUNS = frozenset({"when", "date", "dates", "day", "days"})
EVENT_NOUNS = frozenset({"event", "events", "happen", "happened", "happens", "happening", "occur", "occurred",
                         "incident", "incidents", "news", "going", "timeline", "chronology", "list", "show",
                         "everything", "all", "anything", "reported", "report", "reports"})
CONFLICT_WORDS = frozenset({"disagree", "disagreement", "disagreements", "conflict", "conflicts", "conflicting",
                            "contradict", "contradicts", "contradictory", "contradiction", "contradictions",
                            "dispute", "disputed", "disputes", "inconsistent", "inconsistency", "differ"})
AUXILIARIES = frozenset({"did", "do", "does", "was", "were", "is", "are", "has", "have", "had", "can", "could"})
# Units a "how many" question may count (kg:countUnit values are singular lemmas).
COUNT_UNITS: dict[str, str] = {
    "prisoners": "prisoner", "inmates": "inmate", "detainees": "detainee", "people": "person", "persons": "person",
    "civilians": "civilian", "children": "child", "fighters": "fighter", "soldiers": "soldier", "troops": "troop",
    "families": "family", "refugees": "refugee", "women": "woman", "dead": "person", "killed": "person",
}
PLURALS: dict[str, str] = {"person": "people", "child": "children", "woman": "women", "family": "families"}
# Generic words for fighters that name no actor in the actor table: they narrow nothing.
GENERIC_ACTORS = frozenset({"militants", "militant", "insurgents", "insurgent", "fighters", "rebels", "group",
                            "groups", "forces", "force", "armed", "islamist", "islamists", "jihadists"})
NEGATIONS = frozenset({"not", "never", "no", "didn't", "wasn't", "weren't", "hasn't", "haven't", "isn't",
                       "aren't", "don't", "doesn't", "nor", "without", "except"})
FUNCTION_WORDS = frozenset("""
a an the of in on at to by for from with about into onto over under during and or but so than then as that this
these those it its it's they them their there here which what who whom whose when where why how many much
did do does done was were is are be been being has have had will would can could should may might must
me my i we us our you your please tell give list show find any some all every each ever also just only still
get got see know want like kind sort number total count times time much more most other such
both either same yet already afterwards later earlier around near city cities town towns place places
were area which's break breaks name whats what's anyone anybody someone somebody one ones up out off
""".split())
