"""Unit tests of kg.extract / kg.extract.attribution / kg.extract.placematcher.PlaceMatcher on hand-built spaCy Docs.

No statistical model is loaded: every Doc is built from a compact token spec whose analysis was
copied from what en_core_web_sm gives for the sentence (with gazetteer places marked as GPE
entities whose kb_id is the place kind, the way kg.extract.placematcher.PlaceMatcher marks them).

Spec tuple: (text, pos, tag, dep, head, lemma, ent)
  head: index of the head token *within the same sentence* (a ROOT points at itself)
  ent:  "O", "B-ORG", "I-PERSON", ... ; "B-GPE:city" gives the entity kb_id "city"
"""
from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.extract.attribution import article_credits
from kg.extract import can_be, extract, kind_of
from kg.extract.lexicon import load_lexicon
from kg.model import Article, EventFact, Extraction
from kg.extract.nlp import mark_paragraphs
from kg.extract.placematcher import PlaceMatcher

SAT = date(2021, 8, 7)  # a Saturday: "Friday" is 2021-08-06, "Thursday" 2021-08-05
VOCAB = spacy.blank("en").vocab
_NO_SPACE_BEFORE = {".", ",", "'s", "’s", ")", ":", ";", "?", "!"}


# ---------------------------------------------------------------- doc builder

def build(*sentences: list[tuple]) -> Doc:
    """A Doc from one or more sentence specs (heads sentence-local), entities with kb_id set."""
    words, pos, tags, deps, heads, lemmas, ents = [], [], [], [], [], [], []
    for sent in sentences:
        offset = len(words)
        for text, p, tag, dep, head, lemma, ent in sent:
            words.append(text)
            pos.append(p)
            tags.append(tag)
            deps.append(dep)
            heads.append(offset + head)
            lemmas.append(lemma)
            ents.append(ent)
    spaces = [
        i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE and words[i] != "("
        and not words[i].isspace() and not words[i + 1].isspace()
        for i in range(len(words))
    ]
    doc = Doc(VOCAB, words=words, spaces=spaces, pos=pos, tags=tags, deps=deps, heads=heads, lemmas=lemmas)
    doc.ents = _spans(doc, ents)
    return doc


def _spans(doc: Doc, iob: list[str]) -> list[Span]:
    out: list[Span] = []
    start = label = kb = None
    for i, tag in enumerate([*iob, "O"]):
        if start is not None and not tag.startswith("I-"):
            out.append(Span(doc, start, i, label=label, kb_id=kb or ""))
            start = None
        if tag.startswith("B-"):
            label, _, kb = tag[2:].partition(":")
            start = i
    return out


def article_for(doc: Doc, published: date | None = SAT) -> Article:
    return Article(id="t1", text=doc.text, file="t1.txt", content_hash="h", date_published=published)


def run(*sentences: list[tuple], published: date | None = SAT) -> Extraction:
    doc = build(*sentences)
    result = extract(doc, article_for(doc, published))
    for e in result.events:
        _check_evidence(result.article, e)
    return result


def _check_evidence(article: Article, e: EventFact) -> None:
    assert article.text[e.evidence.start:e.evidence.end] == e.evidence.text
    if e.place is not None:
        assert article.text[e.place.span.start:e.place.span.end] == e.place.span.text


def of_type(result: Extraction, etype: str) -> list[EventFact]:
    return [e for e in result.events if e.type == etype]


def place_names(events: list[EventFact]) -> list[str]:
    return [e.place.name or e.place.text for e in events]


# ---------------------------------------------------------------- sentences (analyses from en_core_web_sm)

PUNCT = lambda head: (".", "PUNCT", ".", "punct", head, ".", "O")  # noqa: E731

FELL_ON_FRIDAY = [
    ("Kunduz", "PROPN", "NNP", "nsubj", 1, "Kunduz", "B-GPE:city"),
    ("fell", "VERB", "VBD", "ROOT", 1, "fall", "O"),
    ("to", "ADP", "IN", "prep", 1, "to", "O"),
    ("the", "DET", "DT", "det", 4, "the", "O"),
    ("Taliban", "PROPN", "NNP", "pobj", 2, "Taliban", "B-ORG"),
    ("on", "ADP", "IN", "prep", 1, "on", "O"),
    ("Friday", "PROPN", "NNP", "pobj", 5, "Friday", "B-DATE"),
    PUNCT(1),
]

CAPTURED_X_CITY = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("Taliban", "PROPN", "NNP", "nsubj", 2, "Taliban", "B-ORG"),
    ("captured", "VERB", "VBD", "ROOT", 2, "capture", "O"),
    ("Taloqan", "PROPN", "NNP", "compound", 4, "Taloqan", "B-GPE:city"),
    ("city", "NOUN", "NN", "dobj", 2, "city", "O"),
    PUNCT(2),
]

TOOK_CONTROL_OF_X = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("militants", "NOUN", "NNS", "nsubj", 2, "militant", "O"),
    ("took", "VERB", "VBD", "ROOT", 2, "take", "O"),
    ("control", "NOUN", "NN", "dobj", 2, "control", "O"),
    ("of", "ADP", "IN", "prep", 3, "of", "O"),
    ("Aybak", "PROPN", "NNP", "pobj", 4, "Aybak", "B-GPE:city"),
    PUNCT(2),
]

TOOK_CONTROL_OF_COMPOUND = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("militants", "NOUN", "NNS", "nsubj", 2, "militant", "O"),
    ("took", "VERB", "VBD", "ROOT", 2, "take", "O"),
    ("control", "NOUN", "NN", "dobj", 2, "control", "O"),
    ("of", "ADP", "IN", "prep", 3, "of", "O"),
    ("the", "DET", "DT", "det", 6, "the", "O"),
    ("governor", "NOUN", "NN", "poss", 8, "governor", "O"),
    ("'s", "PART", "POS", "case", 6, "'s", "O"),
    ("compound", "NOUN", "NN", "pobj", 4, "compound", "O"),
    ("in", "ADP", "IN", "prep", 8, "in", "O"),
    ("Aybak", "PROPN", "NNP", "pobj", 9, "Aybak", "B-GPE:city"),
    PUNCT(2),
]

SEIZED_CITIES_OF_A_AND_B = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("Taliban", "PROPN", "NNP", "nsubj", 2, "Taliban", "B-ORG"),
    ("seized", "VERB", "VBD", "ROOT", 2, "seize", "O"),
    ("the", "DET", "DT", "det", 4, "the", "O"),
    ("cities", "NOUN", "NNS", "dobj", 2, "city", "O"),
    ("of", "ADP", "IN", "prep", 4, "of", "O"),
    ("Farah", "PROPN", "NNP", "pobj", 5, "Farah", "B-GPE:city"),
    ("and", "CCONJ", "CC", "cc", 6, "and", "O"),
    ("Maymana", "PROPN", "NNP", "conj", 6, "Maymana", "B-GPE:city"),
    PUNCT(2),
]


def freed_prisoners(qualifier: str | None) -> list[tuple]:
    """'The insurgents freed [about] 400 prisoners in Farah.'"""
    q = [(qualifier, "ADP", "IN", "quantmod", 4, qualifier, "B-CARDINAL")] if qualifier else []
    shift = len(q)
    return [
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("insurgents", "NOUN", "NNS", "nsubj", 2, "insurgent", "O"),
        ("freed", "VERB", "VBD", "ROOT", 2, "free", "O"),
        *q,
        ("400", "NUM", "CD", "nummod", 4 + shift, "400", "I-CARDINAL" if q else "B-CARDINAL"),
        ("prisoners", "NOUN", "NNS", "dobj", 2, "prisoner", "O"),
        ("in", "ADP", "IN", "prep", 2, "in", "O"),
        ("Farah", "PROPN", "NNP", "pobj", 5 + shift, "Farah", "B-GPE:city"),
        PUNCT(2),
    ]


RELEASED_ALL_INMATES = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("Taliban", "PROPN", "NNP", "nsubj", 2, "Taliban", "B-ORG"),
    ("released", "VERB", "VBD", "ROOT", 2, "release", "O"),
    ("all", "PRON", "DT", "dobj", 2, "all", "O"),
    ("of", "ADP", "IN", "prep", 3, "of", "O"),
    ("the", "DET", "DT", "det", 6, "the", "O"),
    ("inmates", "NOUN", "NNS", "pobj", 4, "inmate", "O"),
    ("in", "ADP", "IN", "prep", 6, "in", "O"),
    ("Farah", "PROPN", "NNP", "pobj", 7, "Farah", "B-GPE:city"),
    PUNCT(2),
]

RETAKEN_BY_GOVERNMENT_FORCES = [
    ("Taloqan", "PROPN", "NNP", "nsubjpass", 2, "Taloqan", "B-GPE:city"),
    ("was", "AUX", "VBD", "auxpass", 2, "be", "O"),
    ("retaken", "VERB", "VBN", "ROOT", 2, "retake", "O"),
    ("by", "ADP", "IN", "agent", 2, "by", "O"),
    ("government", "NOUN", "NN", "compound", 5, "government", "O"),
    ("forces", "NOUN", "NNS", "pobj", 3, "force", "O"),
    PUNCT(2),
]

CAPTURED_BY_TALIBAN = [
    ("Maymana", "PROPN", "NNP", "nsubjpass", 2, "Maymana", "B-GPE:city"),
    ("was", "AUX", "VBD", "auxpass", 2, "be", "O"),
    ("captured", "VERB", "VBN", "ROOT", 2, "capture", "O"),
    ("by", "ADP", "IN", "agent", 2, "by", "O"),
    ("the", "DET", "DT", "det", 5, "the", "O"),
    ("Taliban", "PROPN", "NNP", "pobj", 3, "Taliban", "B-ORG"),
    PUNCT(2),
]

RESIDENTS_OF_MAYMANA = [  # no event: gives the article its city
    ("Residents", "NOUN", "NNS", "nsubj", 3, "resident", "O"),
    ("of", "ADP", "IN", "prep", 0, "of", "O"),
    ("Maymana", "PROPN", "NNP", "pobj", 1, "Maymana", "B-GPE:city"),
    ("were", "AUX", "VBD", "ROOT", 3, "be", "O"),
    ("afraid", "ADJ", "JJ", "acomp", 3, "afraid", "O"),
    PUNCT(3),
]

DENIED_CITY_HAD_FALLEN = [
    ("He", "PRON", "PRP", "nsubj", 1, "he", "O"),
    ("denied", "VERB", "VBD", "ROOT", 1, "deny", "O"),
    ("reports", "NOUN", "NNS", "dobj", 1, "report", "O"),
    ("the", "DET", "DT", "det", 4, "the", "O"),
    ("city", "NOUN", "NN", "nsubj", 6, "city", "O"),
    ("had", "AUX", "VBD", "aux", 6, "have", "O"),
    ("fallen", "VERB", "VBN", "relcl", 2, "fall", "O"),
    PUNCT(1),
]

TALIBAN_SAY_CAPTURED = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("Taliban", "PROPN", "NNP", "nsubj", 2, "Taliban", "B-ORG"),
    ("say", "VERB", "VBP", "ROOT", 2, "say", "O"),
    ("they", "PRON", "PRP", "nsubj", 5, "they", "O"),
    ("have", "AUX", "VBP", "aux", 5, "have", "O"),
    ("captured", "VERB", "VBN", "ccomp", 2, "capture", "O"),
    ("Aybak", "PROPN", "NNP", "dobj", 5, "Aybak", "B-GPE:city"),
    PUNCT(2),
]

CLAIMED_TO_HAVE_SEIZED = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("militants", "NOUN", "NNS", "nsubj", 2, "militant", "O"),
    ("claimed", "VERB", "VBD", "ROOT", 2, "claim", "O"),
    ("to", "PART", "TO", "aux", 5, "to", "O"),
    ("have", "AUX", "VB", "aux", 5, "have", "O"),
    ("seized", "VERB", "VBN", "xcomp", 2, "seize", "O"),
    ("Farah", "PROPN", "NNP", "dobj", 5, "Farah", "B-GPE:city"),
    PUNCT(2),
]

CAPTURED_NOT_CONFIRMED = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("Taliban", "PROPN", "NNP", "nsubj", 2, "Taliban", "B-ORG"),
    ("captured", "VERB", "VBD", "ROOT", 2, "capture", "O"),
    ("Kunduz", "PROPN", "NNP", "dobj", 2, "Kunduz", "B-GPE:city"),
    (",", "PUNCT", ",", "punct", 2, ",", "O"),
    ("but", "CCONJ", "CC", "cc", 2, "but", "O"),
    ("this", "PRON", "DT", "nsubjpass", 10, "this", "O"),
    ("could", "AUX", "MD", "aux", 10, "could", "O"),
    ("not", "PART", "RB", "neg", 10, "not", "O"),
    ("be", "AUX", "VB", "auxpass", 10, "be", "O"),
    ("confirmed", "VERB", "VBN", "conj", 2, "confirm", "O"),
    PUNCT(10),
]

IF_X_FALLS = [
    ("If", "SCONJ", "IN", "mark", 2, "if", "O"),
    ("Kunduz", "PROPN", "NNP", "nsubj", 2, "Kunduz", "B-GPE:city"),
    ("falls", "VERB", "VBZ", "advcl", 8, "fall", "O"),
    (",", "PUNCT", ",", "punct", 8, ",", "O"),
    ("the", "DET", "DT", "det", 5, "the", "O"),
    ("north", "NOUN", "NN", "nsubjpass", 8, "north", "O"),
    ("will", "AUX", "MD", "aux", 8, "will", "O"),
    ("be", "AUX", "VB", "auxpass", 8, "be", "O"),
    ("lost", "VERB", "VBN", "ROOT", 8, "lose", "O"),
    PUNCT(8),
]

COULD_TAKE_X = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("Taliban", "PROPN", "NNP", "nsubj", 3, "Taliban", "B-ORG"),
    ("could", "AUX", "MD", "aux", 3, "could", "O"),
    ("take", "VERB", "VB", "ROOT", 3, "take", "O"),
    ("Taloqan", "PROPN", "NNP", "dobj", 3, "Taloqan", "B-GPE:city"),
    PUNCT(3),
]

OFFICIALS_IN_X_SAID = [
    ("Officials", "NOUN", "NNS", "nsubj", 3, "official", "O"),
    ("in", "ADP", "IN", "prep", 0, "in", "O"),
    ("Maymana", "PROPN", "NNP", "pobj", 1, "Maymana", "B-GPE:city"),
    ("said", "VERB", "VBD", "ROOT", 3, "say", "O"),
    ("the", "DET", "DT", "det", 5, "the", "O"),
    ("Taliban", "PROPN", "NNP", "nsubj", 6, "Taliban", "B-ORG"),
    ("attacked", "VERB", "VBD", "ccomp", 3, "attack", "O"),
    ("overnight", "ADV", "RB", "advmod", 6, "overnight", "B-TIME"),
    PUNCT(3),
]

KUNDUZ_WAS_CALM = [
    ("Kunduz", "PROPN", "NNP", "nsubj", 1, "Kunduz", "B-GPE:city"),
    ("was", "AUX", "VBD", "ROOT", 1, "be", "O"),
    ("calm", "ADJ", "JJ", "acomp", 1, "calm", "O"),
    PUNCT(1),
]

SEIZED_THE_INITIATIVE = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("Taliban", "PROPN", "NNP", "nsubj", 2, "Taliban", "B-ORG"),
    ("seized", "VERB", "VBD", "ROOT", 2, "seize", "O"),
    ("the", "DET", "DT", "det", 4, "the", "O"),
    ("initiative", "NOUN", "NN", "dobj", 2, "initiative", "O"),
    PUNCT(2),
]

FELL_GOVERNOR_TOLD_REUTERS = [
    ("Kunduz", "PROPN", "NNP", "nsubj", 1, "Kunduz", "B-GPE:city"),
    ("fell", "VERB", "VBD", "ccomp", 5, "fall", "O"),
    (",", "PUNCT", ",", "punct", 5, ",", "O"),
    ("the", "DET", "DT", "det", 4, "the", "O"),
    ("governor", "NOUN", "NN", "nsubj", 5, "governor", "O"),
    ("told", "VERB", "VBD", "ROOT", 5, "tell", "O"),
    ("Reuters", "PROPN", "NNP", "dobj", 5, "Reuters", "B-ORG"),
    PUNCT(5),
]

FELL_ACCORDING_TO_DEPUTY_GOVERNOR = [
    ("Farah", "PROPN", "NNP", "nsubj", 1, "Farah", "B-GPE:city"),
    ("fell", "VERB", "VBD", "ROOT", 1, "fall", "O"),
    (",", "PUNCT", ",", "punct", 1, ",", "O"),
    ("according", "VERB", "VBG", "prep", 1, "accord", "O"),
    ("to", "ADP", "IN", "prep", 3, "to", "O"),
    ("its", "PRON", "PRP$", "poss", 7, "its", "O"),
    ("deputy", "NOUN", "NN", "compound", 7, "deputy", "O"),
    ("governor", "NOUN", "NN", "pobj", 4, "governor", "O"),
    PUNCT(1),
]

GOVERNOR_Y_SAID = [
    ("Governor", "PROPN", "NNP", "compound", 2, "Governor", "O"),
    ("Ahmad", "PROPN", "NNP", "compound", 2, "Ahmad", "B-PERSON"),
    ("Karimi", "PROPN", "NNP", "nsubj", 3, "Karimi", "I-PERSON"),
    ("said", "VERB", "VBD", "ROOT", 3, "say", "O"),
    ("Aybak", "PROPN", "NNP", "nsubj", 6, "Aybak", "B-GPE:city"),
    ("had", "AUX", "VBD", "aux", 6, "have", "O"),
    ("fallen", "VERB", "VBN", "ccomp", 3, "fall", "O"),
    PUNCT(3),
]


OFFICIALS_SAID_ON_FRIDAY_THAT = [
    ("Officials", "NOUN", "NNS", "nsubj", 1, "official", "O"),
    ("said", "VERB", "VBD", "ROOT", 1, "say", "O"),
    ("on", "ADP", "IN", "prep", 1, "on", "O"),
    ("Friday", "PROPN", "NNP", "pobj", 2, "Friday", "B-DATE"),
    ("that", "SCONJ", "IN", "mark", 7, "that", "O"),
    ("Kunduz", "PROPN", "NNP", "nsubj", 7, "Kunduz", "B-GPE:city"),
    ("had", "AUX", "VBD", "aux", 7, "have", "O"),
    ("fallen", "VERB", "VBN", "ccomp", 1, "fall", "O"),
    PUNCT(1),
]

HE_SAID_ALSO_CAPTURED = [
    ("He", "PRON", "PRP", "nsubj", 1, "he", "O"),
    ("said", "VERB", "VBD", "ROOT", 1, "say", "O"),
    ("the", "DET", "DT", "det", 3, "the", "O"),
    ("Taliban", "PROPN", "NNP", "nsubj", 5, "Taliban", "B-ORG"),
    ("also", "ADV", "RB", "advmod", 5, "also", "O"),
    ("captured", "VERB", "VBD", "ccomp", 1, "capture", "O"),
    ("Farah", "PROPN", "NNP", "dobj", 5, "Farah", "B-GPE:city"),
    PUNCT(1),
]

THREATENED_TO_CAPTURE = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("Taliban", "PROPN", "NNP", "nsubj", 2, "Taliban", "B-ORG"),
    ("threatened", "VERB", "VBD", "ROOT", 2, "threaten", "O"),
    ("to", "PART", "TO", "aux", 4, "to", "O"),
    ("capture", "VERB", "VB", "xcomp", 2, "capture", "O"),
    ("Kunduz", "PROPN", "NNP", "dobj", 4, "Kunduz", "B-GPE:city"),
    PUNCT(2),
]

CITY_HAS_NOT_FALLEN = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("city", "NOUN", "NN", "nsubj", 4, "city", "O"),
    ("has", "AUX", "VBZ", "aux", 4, "have", "O"),
    ("not", "PART", "RB", "neg", 4, "not", "O"),
    ("fallen", "VERB", "VBN", "ROOT", 4, "fall", "O"),
    PUNCT(4),
]

FREED_MORE_THAN_400 = [
    ("The", "DET", "DT", "det", 1, "the", "O"),
    ("militants", "NOUN", "NNS", "nsubj", 2, "militant", "O"),
    ("freed", "VERB", "VBD", "ROOT", 2, "free", "O"),
    ("more", "ADJ", "JJR", "amod", 5, "more", "B-CARDINAL"),
    ("than", "ADP", "IN", "quantmod", 5, "than", "I-CARDINAL"),
    ("400", "NUM", "CD", "nummod", 6, "400", "I-CARDINAL"),
    ("prisoners", "NOUN", "NNS", "dobj", 2, "prisoner", "O"),
    ("in", "ADP", "IN", "prep", 2, "in", "O"),
    ("Farah", "PROPN", "NNP", "pobj", 7, "Farah", "B-GPE:city"),
    PUNCT(2),
]


# ---------------------------------------------------------------- the doc builder itself

def test_builder_makes_the_text_and_entities_it_is_given():
    doc = build(RESIDENTS_OF_MAYMANA, FELL_ON_FRIDAY)
    assert doc.text == "Residents of Maymana were afraid. Kunduz fell to the Taliban on Friday."
    assert [s.text for s in doc.sents] == ["Residents of Maymana were afraid.", "Kunduz fell to the Taliban on Friday."]
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("Maymana", "GPE", "city"), ("Kunduz", "GPE", "city"), ("Taliban", "ORG", ""), ("Friday", "DATE", ""),
    ]


# ---------------------------------------------------------------- captures

def test_fell_to_the_taliban_on_friday():
    result = run(FELL_ON_FRIDAY)
    assert len(result.events) == 1
    (e,) = result.events
    assert e.type == "capture"
    assert e.trigger == "fall"
    assert e.place.name == "Kunduz" and e.place.kind == "city"
    assert e.date.value == date(2021, 8, 6) and e.date.precision == "day"
    assert e.actors == ("Taliban",)
    assert e.polarity == "asserted"
    assert e.evidence.text == "Kunduz fell to the Taliban on Friday."


def test_captured_x_city():
    (e,) = run(CAPTURED_X_CITY).events
    assert (e.type, e.place.name, e.place.kind, e.actors) == ("capture", "Taloqan", "city", ("Taliban",))
    assert e.date.precision == "publication" and e.date.value == SAT


def test_passive_captured_by_the_taliban():
    (e,) = run(CAPTURED_BY_TALIBAN).events
    assert (e.type, e.place.name, e.actors, e.polarity) == ("capture", "Maymana", ("Taliban",), "asserted")


def test_took_control_of_x_is_a_capture():
    (e,) = run(TOOK_CONTROL_OF_X).events
    assert (e.type, e.trigger, e.place.name) == ("capture", "take", "Aybak")


def test_took_control_of_the_governors_compound_is_an_attack():
    result = run(TOOK_CONTROL_OF_COMPOUND)
    assert of_type(result, "capture") == []
    attacks = of_type(result, "attack")
    assert len(attacks) == 1
    assert attacks[0].trigger == "take"
    assert attacks[0].place.name == "Aybak"


def test_seized_the_cities_of_a_and_b_gives_two_captures():
    result = run(SEIZED_CITIES_OF_A_AND_B)
    caps = of_type(result, "capture")
    assert sorted(place_names(caps)) == ["Farah", "Maymana"]
    assert all(e.actors == ("Taliban",) for e in caps)
    assert len(result.events) == 2


# ---------------------------------------------------------------- prison releases, recaptures

@pytest.mark.parametrize("qualifier, expected", [(None, None), ("about", "about")])
def test_freed_400_prisoners(qualifier, expected):
    (e,) = run(freed_prisoners(qualifier)).events
    assert e.type == "prison_release"
    assert e.place.name == "Farah"
    assert e.count is not None
    assert (e.count.value, e.count.unit, e.count.qualifier) == (400, "prisoner", expected)


def test_freed_more_than_400_prisoners():
    (e,) = run(FREED_MORE_THAN_400).events
    assert e.type == "prison_release"
    assert (e.count.value, e.count.unit, e.count.qualifier) == (400, "prisoner", "more than")


def test_released_all_of_the_inmates():
    (e,) = run(RELEASED_ALL_INMATES).events
    assert (e.type, e.trigger, e.place.name, e.actors) == ("prison_release", "release", "Farah", ("Taliban",))
    assert e.count is None


def test_retaken_by_government_forces_is_a_recapture():
    (e,) = run(RETAKEN_BY_GOVERNMENT_FORCES).events
    assert (e.type, e.trigger, e.place.name, e.polarity) == ("recapture", "retake", "Taloqan", "asserted")


def test_retaken_by_government_forces_has_the_agent_as_actor():
    (e,) = run(RETAKEN_BY_GOVERNMENT_FORCES).events
    assert e.actors == ("Government forces",)


# ---------------------------------------------------------------- polarity

def test_denied_reports_the_city_had_fallen():
    result = run(RESIDENTS_OF_MAYMANA, DENIED_CITY_HAD_FALLEN)
    (e,) = of_type(result, "capture")
    assert e.polarity == "denied"
    assert e.place.name == "Maymana"  # "the city" resolves to the city named before
    assert e.place.text == "city"
    assert e.evidence.text == "He denied reports the city had fallen."


def test_city_has_not_fallen_is_denied():
    result = run(RESIDENTS_OF_MAYMANA, CITY_HAS_NOT_FALLEN)
    (e,) = result.events
    assert (e.type, e.place.name, e.polarity) == ("capture", "Maymana", "denied")


@pytest.mark.parametrize(
    "spec, place",
    [(TALIBAN_SAY_CAPTURED, "Aybak"), (CLAIMED_TO_HAVE_SEIZED, "Farah"), (CAPTURED_NOT_CONFIRMED, "Kunduz")],
    ids=["taliban-say-they-captured", "claimed-to-have-seized", "could-not-be-confirmed"],
)
def test_claimed(spec, place):
    (e,) = run(spec).events
    assert (e.type, e.place.name, e.polarity) == ("capture", place, "claimed")


def test_taliban_say_they_have_captured_credits_the_taliban():
    (e,) = run(TALIBAN_SAY_CAPTURED).events
    assert e.actors == ("Taliban",)  # "they" is the article's armed group


@pytest.mark.parametrize(
    "sentences",
    [(IF_X_FALLS,), (COULD_TAKE_X,), (THREATENED_TO_CAPTURE,), (OFFICIALS_IN_X_SAID,),
     (KUNDUZ_WAS_CALM, SEIZED_THE_INITIATIVE)],
    ids=["if-x-falls", "could-take-x", "threatened-to-capture", "officials-in-x-said", "seized-the-initiative"],
)
def test_no_event(sentences):
    assert run(*sentences).events == ()


# ---------------------------------------------------------------- attribution in the sentence

def test_fell_the_governor_told_reuters():
    (e,) = run(FELL_GOVERNOR_TOLD_REUTERS).events
    assert (e.type, e.place.name, e.polarity) == ("capture", "Kunduz", "asserted")
    agents = {(a.agent.name, a.agent.kind) for a in e.sources}
    assert ("Reuters", "news_agency") in agents
    governor = [a for a in e.sources if a.agent.kind == "person"]
    assert len(governor) == 1
    assert "governor" in (governor[0].agent.role or governor[0].agent.name)
    assert governor[0].agent.named is False
    assert all(a.cue == "tell" for a in e.sources)


def test_according_to_its_deputy_governor():
    (e,) = run(FELL_ACCORDING_TO_DEPUTY_GOVERNOR).events
    assert (e.type, e.place.name) == ("capture", "Farah")
    (src,) = e.sources
    assert src.cue == "according to"
    assert src.agent.kind == "person" and src.agent.named is False
    assert "deputy governor" in (src.agent.role, src.agent.name)


def test_governor_y_said():
    (e,) = run(GOVERNOR_Y_SAID).events
    assert (e.type, e.place.name) == ("capture", "Aybak")
    people = [a for a in e.sources if a.agent.kind == "person"]
    assert len(people) == 1
    assert people[0].agent.name == "Ahmad Karimi"
    assert people[0].agent.role == "governor"
    assert people[0].agent.named is True
    assert people[0].cue == "say"


def test_he_said_is_the_person_named_before():
    result = run(GOVERNOR_Y_SAID, HE_SAID_ALSO_CAPTURED)
    (e,) = [x for x in result.events if x.place.name == "Farah"]
    assert e.type == "capture" and e.actors == ("Taliban",)
    assert [(a.agent.name, a.agent.role, a.cue) for a in e.sources] == [("Ahmad Karimi", "governor", "say")]


def test_date_on_the_statement_only():
    (e,) = run(OFFICIALS_SAID_ON_FRIDAY_THAT).events
    assert (e.type, e.place.name) == ("capture", "Kunduz")
    assert e.date.value == date(2021, 8, 6) and e.date.precision == "statement"
    (src,) = e.sources
    assert (src.agent.name, src.agent.named, src.cue) == ("Officials", False, "say")


def test_without_publication_date_a_weekday_is_kept_as_text():
    (e,) = run(FELL_ON_FRIDAY, published=None).events
    assert e.date.value is None and e.date.text == "Friday" and e.date.precision == "day"


# ---------------------------------------------------------------- evidence spans

ALL_EVENT_DOCS = [
    (FELL_ON_FRIDAY,), (CAPTURED_X_CITY,), (CAPTURED_BY_TALIBAN,), (TOOK_CONTROL_OF_X,),
    (TOOK_CONTROL_OF_COMPOUND,), (SEIZED_CITIES_OF_A_AND_B,), (freed_prisoners("about"),),
    (RELEASED_ALL_INMATES,), (RETAKEN_BY_GOVERNMENT_FORCES,), (RESIDENTS_OF_MAYMANA, DENIED_CITY_HAD_FALLEN),
    (TALIBAN_SAY_CAPTURED,), (CLAIMED_TO_HAVE_SEIZED,), (CAPTURED_NOT_CONFIRMED,),
    (FELL_GOVERNOR_TOLD_REUTERS,), (FELL_ACCORDING_TO_DEPUTY_GOVERNOR,), (GOVERNOR_Y_SAID,),
    # several sentences in one article: offsets past the first sentence
    (KUNDUZ_WAS_CALM, RESIDENTS_OF_MAYMANA, FELL_ON_FRIDAY, SEIZED_CITIES_OF_A_AND_B),
]


@pytest.mark.parametrize("sentences", ALL_EVENT_DOCS, ids=lambda s: " | ".join(" ".join(t[0] for t in x) for x in s)[:60])
def test_evidence_is_the_article_text(sentences):
    doc = build(*sentences)
    article = article_for(doc)
    result = extract(doc, article)
    assert result.events
    for e in result.events:
        assert article.text[e.evidence.start:e.evidence.end] == e.evidence.text
        assert e.evidence.text in [s.text.strip() for s in doc.sents]
        assert article.text[e.place.span.start:e.place.span.end] == e.place.span.text == e.place.text


def test_evidence_after_a_headline_line_break():
    headline = [
        ("Kunduz", "PROPN", "NNP", "nsubj", 1, "Kunduz", "B-GPE:city"),
        ("falls", "VERB", "VBZ", "ROOT", 1, "fall", "O"),
    ]
    body = [("\n", "SPACE", "_SP", "dep", 3, "\n", "O")] + [
        (t, p, tag, dep, h + 1, lem, ent) for t, p, tag, dep, h, lem, ent in SEIZED_CITIES_OF_A_AND_B
    ]
    doc = build(headline, body)
    assert doc.text == "Kunduz falls\nThe Taliban seized the cities of Farah and Maymana."
    result = run(headline, body)
    got = sorted((e.place.name, e.evidence.start, e.evidence.text) for e in result.events)
    body_start = len("Kunduz falls\n")
    assert got == [
        ("Farah", body_start, "The Taliban seized the cities of Farah and Maymana."),
        ("Kunduz", 0, "Kunduz falls"),  # the headline is a sentence of its own
        ("Maymana", body_start, "The Taliban seized the cities of Farah and Maymana."),
    ]


def test_events_of_a_multi_sentence_article_keep_their_own_sentence():
    result = run(KUNDUZ_WAS_CALM, RESIDENTS_OF_MAYMANA, FELL_ON_FRIDAY, SEIZED_CITIES_OF_A_AND_B)
    got = sorted((e.place.name, e.evidence.text) for e in result.events)
    assert got == [
        ("Farah", "The Taliban seized the cities of Farah and Maymana."),
        ("Kunduz", "Kunduz fell to the Taliban on Friday."),
        ("Maymana", "The Taliban seized the cities of Farah and Maymana."),
    ]


# ---------------------------------------------------------------- article credits

@pytest.mark.parametrize(
    "text, agencies",
    [
        ("Kunduz fell on Friday, officials said.\n(With inputs from AFP)", ["AFP"]),
        ("Taloqan fell on Friday. (With inputs from AFP and Reuters)", ["AFP", "Reuters"]),
        ("KABUL, Aug 8 (Reuters) - The Taliban captured Aybak on Sunday.", ["Reuters"]),
        ("The Taliban captured Farah on Friday, officials said. — AFP", ["AFP"]),
        ("The Taliban captured Farah on Friday, officials said.\n— AFP\n", ["AFP"]),
        ("Maymana fell to the Taliban on Thursday.\n(Xinhua)", ["Xinhua"]),
        ("Pul-e-Alam was calm on Friday.\nSource: GNA", ["GNA"]),
        ("Kunduz fell, the governor told Reuters.\nFighting continued in the north-east.", []),
        ("Officials in Pul-e-Alam said the city was calm.", []),
    ],
    ids=["with-inputs", "with-inputs-two", "dateline", "trailing-dash", "dash-own-line", "paren-last-line",
         "source-line", "reuters-in-sentence", "hyphenated-place"],
)
def test_article_credits(text, agencies):
    credits = article_credits(text, load_lexicon()).agents
    assert [a.agent.name for a in credits] == agencies
    assert all(a.agent.kind == "news_agency" and a.cue == "credit" for a in credits)


def test_article_credits_ap_dateline_with_country():
    text = "KABUL, Afghanistan (AP) — The Taliban captured Aybak on Sunday."
    assert [a.agent.name for a in article_credits(text, load_lexicon()).agents] == ["AP"]


def test_extract_carries_the_article_credits():
    credit_line = [
        ("—", "PUNCT", ":", "punct", 1, "—", "O"),
        ("AFP", "PROPN", "NNP", "ROOT", 1, "AFP", "B-ORG"),
    ]
    result = run(FELL_ON_FRIDAY, credit_line)
    assert result.article.text.endswith("Friday. — AFP")
    assert [(a.agent.name, a.agent.kind, a.cue) for a in result.credits] == [("AFP", "news_agency", "credit")]
    assert len(of_type(result, "capture")) == 1


# ---------------------------------------------------------------- kg_paragraphs

def test_mark_paragraphs_starts_a_sentence_after_a_line_break():
    doc = Doc(VOCAB, words=["Kunduz", "falls", "\n", "The", "Taliban", "advanced"],
              spaces=[True, False, False, True, True, False])
    doc = mark_paragraphs(doc)
    assert doc[3].is_sent_start is True
    assert not doc[1].is_sent_start


@pytest.mark.parametrize("words, tags", [
    (["Rebels", "seized", "the", "town", "\n", "of", "Kidal"], ["NNS", "VBD", "DT", "NN", "_SP", "IN", "NNP"]),
    (["Rebels", "entered", "Gao", "on", "\n", "Saturday"], ["NNS", "VBD", "NNP", "IN", "_SP", "NNP"]),
])
def test_mark_paragraphs_leaves_a_hard_wrapped_line_in_its_sentence(words, tags):
    doc = Doc(VOCAB, words=words, spaces=[w != "\n" and n + 1 < len(words) and words[n + 1] != "\n"
                                          for n, w in enumerate(words)], tags=tags)
    doc = mark_paragraphs(doc)
    assert not doc[5].is_sent_start


def test_mark_paragraphs_still_ends_a_heading_at_a_line_break():
    doc = Doc(VOCAB, words=["Rebels", "seize", "Gao", "\n", "Rebels", "entered", "Gao"],
              spaces=[True, True, False, False, True, True, False], tags=["NNS", "VBP", "NNP", "_SP", "NNS", "VBD", "NNP"])
    doc = mark_paragraphs(doc)
    assert doc[4].is_sent_start is True


# ---------------------------------------------------------------- PlaceMatcher

FORMS = [("kunduz", "city"), ("kunduz", "province"), ("maymana", "city"), ("rashid", "city"),
         ("hope", "city"), ("farah", "province"), ("farah", "city"), ("pul e alam", "city"),
         ("afghanistan", "country")]


def matcher() -> PlaceMatcher:
    return PlaceMatcher(FORMS, frozenset({"city"}))


def ents(doc: Doc) -> list[tuple[str, str, str]]:
    """Each entity with its likeliest gazetteer reading (kb_id lists every reading, "city+province")."""
    return [(e.text, e.label_, kind_of(e) or "") for e in doc.ents]


def test_placematcher_keeps_every_reading_of_a_name():
    doc = matcher()(build([("Farah", "PROPN", "NNP", "ROOT", 0, "Farah", "O")]))
    (ent,) = doc.ents
    assert can_be(ent, "city") and can_be(ent, "province") and kind_of(ent) == "city"


def test_placematcher_marks_a_propn_with_its_kind():
    doc = build([
        ("Fighting", "NOUN", "NN", "nsubj", 1, "fighting", "O"),
        ("reached", "VERB", "VBD", "ROOT", 1, "reach", "O"),
        ("Kunduz", "PROPN", "NNP", "dobj", 1, "Kunduz", "O"),
        PUNCT(1),
    ])
    assert ents(matcher()(doc)) == [("Kunduz", "GPE", "city")]  # city wins over province


def test_placematcher_country_kind():
    doc = build([
        ("Fighting", "NOUN", "NN", "nsubj", 1, "fighting", "O"),
        ("spread", "VERB", "VBD", "ROOT", 1, "spread", "O"),
        ("across", "ADP", "IN", "prep", 1, "across", "O"),
        ("Afghanistan", "PROPN", "NNP", "pobj", 2, "Afghanistan", "B-GPE"),
        PUNCT(1),
    ])
    assert ents(matcher()(doc)) == [("Afghanistan", "GPE", "country")]


def test_placematcher_marks_a_name_that_starts_with_a_hyphened_lowercase_article():
    # "seized el-Fasher", "the town of al-Qaim": the model tags such names ORG or PERSON; the whole form is the place
    forms = [("el fasher", "city"), ("al qaim", "city")]
    words = ["Rebels", "seized", "el", "-", "Fasher", "and", "al", "-", "Qaim", "."]
    doc = Doc(VOCAB, words=words, spaces=[True, True, False, False, True, True, False, False, False, False],
              pos=["NOUN", "VERB", "PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN", "PUNCT", "PROPN", "PUNCT"],
              ents=["O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "I-PERSON", "O"])
    marked = PlaceMatcher(forms, articles=frozenset({"el", "al"}))(doc)
    assert ents(marked) == [("el-Fasher", "GPE", "city"), ("al-Qaim", "GPE", "city")]
    # without the article list, a lowercase word starts no name
    plain = Doc(VOCAB, words=words, spaces=[True, True, False, False, True, True, False, False, False, False],
                pos=["NOUN", "VERB", "PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN", "PUNCT", "PROPN", "PUNCT"])
    assert ents(PlaceMatcher(forms)(plain)) == []


def test_placematcher_marks_the_city_a_facility_is_named_for():
    # "the Tripoli International Airport": the city; "Kamal Adwan Hospital": a person's name, left alone
    forms = [("tripoli", "city"), ("kamal", "city")]
    words = ["Rebels", "took", "the", "Tripoli", "International", "Airport", "and", "Kamal", "Adwan", "Hospital", "."]
    pos = ["NOUN", "VERB", "DET", "PROPN", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "PROPN", "PUNCT"]
    iob = ["O", "O", "B-FAC", "I-FAC", "I-FAC", "I-FAC", "O", "B-FAC", "I-FAC", "I-FAC", "O"]
    matcher = PlaceMatcher(forms, facilities=frozenset({"airport", "hospital"}),
                           facility_words=frozenset({"international"}))
    doc = matcher(Doc(VOCAB, words=words, pos=pos, ents=iob))
    assert ents(doc) == [("Tripoli", "GPE", "city"), ("Kamal Adwan Hospital", "FAC", "")]


def test_placematcher_leaves_a_name_inside_a_longer_person():
    doc = build([
        ("Abdul", "PROPN", "NNP", "compound", 2, "Abdul", "B-PERSON"),
        ("Rashid", "PROPN", "NNP", "compound", 2, "Rashid", "I-PERSON"),
        ("Dostum", "PROPN", "NNP", "nsubj", 3, "Dostum", "I-PERSON"),
        ("arrived", "VERB", "VBD", "ROOT", 3, "arrive", "O"),
        ("in", "ADP", "IN", "prep", 3, "in", "O"),
        ("Maymana", "PROPN", "NNP", "pobj", 4, "Maymana", "B-GPE"),
        PUNCT(3),
    ])
    assert ents(matcher()(doc)) == [("Abdul Rashid Dostum", "PERSON", ""), ("Maymana", "GPE", "city")]


def test_placematcher_leaves_a_name_inside_an_unlabelled_proper_name():
    # "Rashid" next to other proper nouns the NER did not label is still part of a name
    doc = build([
        ("Abdul", "PROPN", "NNP", "compound", 2, "Abdul", "O"),
        ("Rashid", "PROPN", "NNP", "compound", 2, "Rashid", "O"),
        ("Dostum", "PROPN", "NNP", "nsubj", 3, "Dostum", "O"),
        ("spoke", "VERB", "VBD", "ROOT", 3, "speak", "O"),
        PUNCT(3),
    ])
    assert ents(matcher()(doc)) == []


def test_placematcher_ignores_a_lower_case_common_word():
    doc = build([
        ("Residents", "NOUN", "NNS", "nsubj", 1, "resident", "O"),
        ("lost", "VERB", "VBD", "ROOT", 1, "lose", "O"),
        ("hope", "NOUN", "NN", "dobj", 1, "hope", "O"),
        PUNCT(1),
    ])
    assert ents(matcher()(doc)) == []


def test_placematcher_ignores_a_capitalised_common_noun_at_sentence_start():
    # capitalised but not a proper noun (and not an entity): "Hope" opening a sentence
    doc = build([
        ("Hope", "NOUN", "NN", "nsubj", 1, "hope", "O"),
        ("faded", "VERB", "VBD", "ROOT", 1, "fade", "O"),
        PUNCT(1),
    ])
    assert ents(matcher()(doc)) == []


@pytest.mark.parametrize("label", ["ORG", "PERSON"])
def test_placematcher_overrides_a_single_token_guess(label):
    doc = build([
        ("The", "DET", "DT", "det", 1, "the", "O"),
        ("Taliban", "PROPN", "NNP", "nsubj", 2, "Taliban", "B-ORG"),
        ("captured", "VERB", "VBD", "ROOT", 2, "capture", "O"),
        ("Farah", "PROPN", "NNP", "dobj", 2, "Farah", f"B-{label}"),
        PUNCT(2),
    ])
    assert ents(matcher()(doc)) == [("Taliban", "ORG", ""), ("Farah", "GPE", "city")]


def test_placematcher_multi_token_hyphenated_name():
    doc = build([
        ("Pul", "PROPN", "NNP", "compound", 4, "Pul", "O"),
        ("-", "PUNCT", "HYPH", "punct", 0, "-", "O"),
        ("e", "PROPN", "NNP", "compound", 4, "e", "O"),
        ("-", "PUNCT", "HYPH", "punct", 2, "-", "O"),
        ("Alam", "PROPN", "NNP", "nsubj", 5, "Alam", "O"),
        ("fell", "VERB", "VBD", "ROOT", 5, "fall", "O"),
        PUNCT(5),
    ])
    # no spaces inside the name
    doc = Doc(doc.vocab, words=[t.text for t in doc], spaces=[False, False, False, False, True, False, False],
              pos=[t.pos_ for t in doc], tags=[t.tag_ for t in doc], deps=[t.dep_ for t in doc],
              heads=[t.head.i for t in doc], lemmas=[t.lemma_ for t in doc])
    assert doc.text == "Pul-e-Alam fell."
    assert ents(matcher()(doc)) == [("Pul-e-Alam", "GPE", "city")]


def test_placematched_doc_feeds_extract():
    """PlaceMatcher's output is what extract reads: an ORG guess for a town becomes a capture."""
    doc = build([
        ("Kunduz", "PROPN", "NNP", "nsubj", 1, "Kunduz", "B-ORG"),
        ("fell", "VERB", "VBD", "ROOT", 1, "fall", "O"),
        ("to", "ADP", "IN", "prep", 1, "to", "O"),
        ("the", "DET", "DT", "det", 4, "the", "O"),
        ("Taliban", "PROPN", "NNP", "pobj", 2, "Taliban", "B-ORG"),
        PUNCT(1),
    ])
    assert extract(doc, article_for(doc)).events == ()  # an ORG is not a place
    doc = matcher()(doc)
    (e,) = extract(doc, article_for(doc)).events
    assert (e.type, e.place.name, e.place.kind, e.actors) == ("capture", "Kunduz", "city", ("Taliban",))


def test_placematcher_a_weekday_after_the_name_is_not_part_of_it():
    doc = build([
        ("Taliban", "PROPN", "NNP", "compound", 1, "Taliban", "B-ORG"),
        ("fighters", "NOUN", "NNS", "nsubj", 2, "fighter", "O"),
        ("captured", "VERB", "VBD", "ROOT", 2, "capture", "O"),
        ("Farah", "PROPN", "NNP", "compound", 4, "Farah", "B-PERSON"),
        ("Sunday", "PROPN", "NNP", "npadvmod", 2, "Sunday", "B-DATE"),
        PUNCT(2),
    ])
    assert ents(matcher()(doc)) == [("Taliban", "ORG", ""), ("Farah", "GPE", "city"), ("Sunday", "DATE", "")]


def noun_matcher() -> PlaceMatcher:
    return PlaceMatcher(FORMS, frozenset({"town", "village"}), name_links=frozenset({"of"}),
                        noun_kinds={"town": "city", "village": "district"})


def test_placematcher_names_every_town_of_a_plural_noun_list():
    # "seized the towns of Hit and Kubaisa": unknown names the model calls a person or nothing
    doc = build([
        ("Fighters", "NOUN", "NNS", "nsubj", 1, "fighter", "O"),
        ("seized", "VERB", "VBD", "ROOT", 1, "seize", "O"),
        ("the", "DET", "DT", "det", 3, "the", "O"),
        ("towns", "NOUN", "NNS", "dobj", 1, "town", "O"),
        ("of", "ADP", "IN", "prep", 3, "of", "O"),
        ("Hit", "PROPN", "NNP", "pobj", 4, "Hit", "O"),
        ("and", "CCONJ", "CC", "cc", 5, "and", "O"),
        ("Kubaisa", "PROPN", "NNP", "conj", 5, "Kubaisa", "B-PERSON"),
        PUNCT(1),
    ])
    assert ents(noun_matcher()(doc)) == [("Hit", "GPE", "city"), ("Kubaisa", "GPE", "city")]


def test_placematcher_names_a_town_set_beside_an_indefinite_place_noun():
    doc = build([
        ("Forces", "NOUN", "NNS", "nsubj", 1, "force", "O"),
        ("captured", "VERB", "VBD", "ROOT", 1, "capture", "O"),
        ("Shire", "PROPN", "NNP", "dobj", 1, "Shire", "B-ORG"),
        (",", "PUNCT", ",", "punct", 2, ",", "O"),
        ("a", "DET", "DT", "det", 6, "a", "O"),
        ("sizeable", "ADJ", "JJ", "amod", 6, "sizeable", "O"),
        ("town", "NOUN", "NN", "appos", 2, "town", "O"),
        PUNCT(1),
    ])
    assert ents(noun_matcher()(doc)) == [("Shire", "GPE", "city")]


def test_placematcher_leaves_a_name_beside_a_definite_noun_phrase():
    # "Smith, the town's mayor": only an indefinite place noun says what the name is
    doc = build([
        ("Smith", "PROPN", "NNP", "nsubj", 4, "Smith", "B-PERSON"),
        (",", "PUNCT", ",", "punct", 0, ",", "O"),
        ("the", "DET", "DT", "det", 3, "the", "O"),
        ("town", "NOUN", "NN", "appos", 0, "town", "O"),
        ("spoke", "VERB", "VBD", "ROOT", 4, "speak", "O"),
        PUNCT(4),
    ])
    assert ents(noun_matcher()(doc)) == [("Smith", "PERSON", "")]
