"""kg's rule components give every token exactly what the spaCy components they replace give it.

kg.extract.speedups.CompiledAttributeRuler against spaCy's AttributeRuler, kg.extract.speedups.CachedLemmatizer against spaCy's
Lemmatizer, and kg.extract.speedups.compile_model_rules (which swaps them into a loaded pipeline).

Unit tests build Docs by hand (tags, dependencies) and compare the two rulers fed the same rules, covering
each form the compiled ruler handles itself (one token, several tokens, IN / NOT_IN / REGEX, a negative
target index, a later rule overriding an earlier one) and the forms it leaves to a Matcher (quantifiers,
attributes it does not read). The last test runs the real model's own rules over model-parsed text.
"""
from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from kg.extract.speedups import CachedLemmatizer, CompiledAttributeRuler, compile_model_rules

RULES = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "VBD"}], [{"TAG": "VBN"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past"}},
    {"patterns": [[{"TAG": "DT", "LOWER": {"IN": ["the", "this"]}}]], "attrs": {"POS": "DET", "MORPH": "Definite=Def"}},
    # a later rule on the same token wins: "something" tagged NN is a pronoun
    {"patterns": [[{"TAG": "NN", "LOWER": "something"}]], "attrs": {"POS": "PRON", "LEMMA": "something"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'?$"}}]], "attrs": {"LEMMA": "nothing"}},
    {"patterns": [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": "DT"}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "going"}, "index": 0},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to", "POS": "PART"}, "index": -1},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], "attrs": {"POS": "VERB"}, "index": 1},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
    # forms left to a Matcher: a quantifier, and an attribute the compiled ruler does not read
    {"patterns": [[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], "attrs": {"POS": "ADJ", "MORPH": "Degree=Sup"}, "index": -1},
    {"patterns": [[{"LENGTH": 1, "TAG": "."}]], "attrs": {"POS": "PUNCT"}},
]

SENTENCES = [
    # words, tags, deps, heads (absolute)
    (["The", "city", "fell", "."], ["DT", "NN", "VBD", "."], ["det", "nsubj", "ROOT", "punct"], [1, 2, 2, 2]),
    (["Something", "happened", "to", "this", "town", "nothin'", "else"],
     ["NN", "VBD", "IN", "DT", "NN", "NN", "RB"], ["nsubj", "ROOT", "prep", "det", "pobj", "npadvmod", "advmod"],
     [1, 1, 1, 4, 2, 1, 5]),
    (["They", "were", "gon", "na", "take", "that", "."], ["PRP", "VBD", "VBG", "TO", "VB", "DT", "."],
     ["nsubj", "aux", "ROOT", "aux", "xcomp", "dobj", "punct"], [2, 2, 2, 4, 2, 4, 2]),
    (["There", "was", "a", "very", "very", "big", "attack", "\n", "gon", "na"],
     ["EX", "VBD", "DT", "RB", "RB", "JJ", "NN", "_SP", "VBG", "TO"],
     ["expl", "ROOT", "det", "advmod", "advmod", "amod", "attr", "dep", "ROOT", "aux"], [1, 1, 6, 5, 5, 6, 1, 6, 8, 8]),
]


def _doc(vocab, words, tags, deps, heads) -> Doc:
    return Doc(vocab, words=words, spaces=[True] * len(words), tags=tags, deps=deps, heads=heads)


def _state(doc: Doc) -> list[tuple]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.norm_) for t in doc]


def _rulers(rules: list[dict]) -> tuple[AttributeRuler, CompiledAttributeRuler]:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(rules)
    return ruler, CompiledAttributeRuler(ruler)


@pytest.mark.parametrize("words, tags, deps, heads", SENTENCES)
def test_same_tokens_as_spacys_attribute_ruler(words, tags, deps, heads):
    ruler, compiled = _rulers(RULES)
    expected = _state(ruler(_doc(ruler.vocab, words, tags, deps, heads)))
    assert _state(compiled(_doc(ruler.vocab, words, tags, deps, heads))) == expected


def test_rules_change_what_they_should():
    """The reference itself is exercised: overrides, both ends of a two-token rule, the Matcher fallback."""
    ruler, compiled = _rulers(RULES)
    something = compiled(_doc(ruler.vocab, *SENTENCES[1]))
    assert (something[0].pos_, something[0].lemma_, str(something[0].morph)) == ("PRON", "something", "Number=Sing")
    assert something[3].pos_ == "DET" and something[5].lemma_ == "nothing"
    gonna = compiled(_doc(ruler.vocab, *SENTENCES[2]))
    assert (gonna[2].lemma_, gonna[3].lemma_, gonna[3].pos_) == ("going", "to", "PART")
    assert gonna[5].pos_ == "PRON"  # a DT that is not a determiner (NOT_IN)
    there = compiled(_doc(ruler.vocab, *SENTENCES[3]))
    assert there[1].pos_ == "VERB" and there[5].pos_ == "ADJ" and str(there[5].morph) == "Degree=Sup"
    assert there[7].pos_ == "SPACE" and there[9].lemma_ == "to"


def test_only_unsupported_forms_go_to_the_matcher():
    _, compiled = _rulers(RULES)
    assert sorted(compiled.kept) == [10, 11]
    assert len(compiled.multi) == 3


def test_an_out_of_range_target_fails_as_in_spacy():
    ruler, compiled = _rulers([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}, "index": 2}])
    with pytest.raises(ValueError):
        ruler(_doc(ruler.vocab, *SENTENCES[0]))
    with pytest.raises(ValueError):
        compiled(_doc(ruler.vocab, *SENTENCES[0]))


def test_the_models_rules_give_the_same_tokens(nlp):
    """en_core_web_sm's own rules over text the model tagged and parsed, exercising its contraction rules."""
    from kg.model import DEFAULT_MODEL

    reference = spacy.load(DEFAULT_MODEL).get_pipe("attribute_ruler")
    compiled = nlp.get_pipe("kg_attribute_ruler")
    assert "attribute_ruler" not in nlp.pipe_names
    text = ("There is nothing left, officials said on Friday. Let's go, y'all: we're gonna see what they ain't "
            "telling us.\n\nThe Taliban captured the city of Zaranj, which is the capital of Nimroz province. "
            "Those fighters that freed 400 prisoners could have been stopped, but weren't. Didn't I tell you?")
    with nlp.select_pipes(enable=["tok2vec", "tagger", "kg_paragraphs", "parser"]):
        parsed = nlp(text)
    expected = _state(reference(parsed.copy()))
    assert _state(compiled(parsed.copy())) == expected
    lets = [t for t in compiled(parsed.copy()) if t.text == "'s" and t.nbor(-1).lower_ == "let"]
    assert [t.lemma_ for t in lets] == ["us"]  # a two-token rule of the model fired


def test_extension_values_from_several_rules_add_up():
    from spacy.tokens import Token

    for name in ("kg_test_first", "kg_test_second"):
        Token.set_extension(name, default=None, force=True)
    rules = [{"patterns": [[{"TAG": "NN"}]], "attrs": {"_": {"kg_test_first": "noun"}}},
             {"patterns": [[{"LOWER": "city"}]], "attrs": {"_": {"kg_test_second": "city"}}}]
    ruler, compiled = _rulers(rules)

    def read(doc: Doc) -> list[tuple[str | None, str | None]]:
        return [(t._.kg_test_first, t._.kg_test_second) for t in doc]

    expected = read(ruler(_doc(ruler.vocab, *SENTENCES[0])))
    assert expected[1] == ("noun", "city")
    assert read(compiled(_doc(ruler.vocab, *SENTENCES[0]))) == expected


def test_cached_lemmatizer_gives_the_models_lemmas(nlp):
    """The model's own lemmatizer and tables over model-tagged text, twice (the second Doc hits the cache)."""
    from kg.model import DEFAULT_MODEL

    reference = spacy.load(DEFAULT_MODEL).get_pipe("lemmatizer")
    cached = nlp.get_pipe("kg_lemmatizer")
    assert isinstance(cached, CachedLemmatizer) and "lemmatizer" not in nlp.pipe_names
    text = ("Fighters seized the cities and freed hundreds of prisoners; officials were saying they had fled. "
            "The Taliban's spokesman denied it.\n\nBetter days? The best-known commanders went home.")
    with nlp.select_pipes(enable=["tok2vec", "tagger", "kg_paragraphs", "parser", "kg_attribute_ruler"]):
        tagged = nlp(text)
    expected = [t.lemma_ for t in reference(tagged.copy())]
    assert {"seize", "city", "free", "prisoner", "say", "flee", "deny", "go"} <= set(expected)
    for _ in range(2):
        assert [t.lemma_ for t in cached(tagged.copy())] == expected


def test_cached_lemmatizer_keeps_lemmas_already_set():
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lemmatizer.initialize(lookups=_lookups({"went": "go", "cities": "city"}))
    cached = CachedLemmatizer(lemmatizer)
    cached(nlp.make_doc("warm up"))  # the first Doc goes through spaCy's call, which checks the tables
    doc = nlp.make_doc("cities went cities")
    doc[2].lemma_ = "metropolis"
    assert [t.lemma_ for t in cached(doc)] == ["city", "go", "metropolis"]


def _lookups(table: dict[str, str]):
    from spacy.lookups import Lookups

    lookups = Lookups()
    lookups.add_table("lemma_lookup", table)
    return lookups


def test_compile_model_rules_swaps_only_spacys_own_components():
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert compile_model_rules(nlp) == ["attribute_ruler", "lemmatizer"]
    assert nlp.pipe_names == ["kg_attribute_ruler", "kg_lemmatizer"]

    other = spacy.blank("en")
    other.add_pipe("attribute_ruler")
    other.add_pipe("kg_test_own_lemmatizer", name="lemmatizer")
    assert compile_model_rules(other) == ["attribute_ruler"]
    assert other.pipe_names == ["kg_attribute_ruler", "lemmatizer"]
    assert compile_model_rules(spacy.blank("en")) == []


class OwnLemmatizer(Lemmatizer):
    """A lemmatizer of someone else's: it may read token attributes beyond form, POS and morphology."""


@Language.factory("kg_test_own_lemmatizer")
def _own_lemmatizer(nlp: Language, name: str) -> OwnLemmatizer:
    return OwnLemmatizer(nlp.vocab, None, name, mode="lookup")


def test_lemma_forms_fix_what_the_lemmatizer_leaves() -> None:
    """kg_lemma_forms: every [forms] inflection gets its lemma; "re-" + a trigger verb is the re-verb."""
    import spacy
    from spacy.tokens import Doc

    from kg.extract.lexicon import load_lexicon
    from kg.extract.nlp import fix_lemmas

    forms = load_lexicon().forms
    words = [*forms, "re", "-", "captured", "re", "-", "elected", "seized"]
    lemmas = [*forms, "re", "-", "capture", "re", "-", "elect", "seize"]  # what the model's lemmatizer gives
    doc = fix_lemmas(Doc(spacy.blank("en").vocab, words=words, lemmas=lemmas))  # English lexical attributes
    assert [t.lemma_ for t in doc][: len(forms)] == list(forms.values())
    assert [t.lemma_ for t in doc][len(forms):] == ["re", "-", "recapture", "re", "-", "elect", "seize"]


def test_norms_are_what_the_model_reads(nlp) -> None:
    """[norms]: each word the model does not know is read (its norm) as the form the lexicon gives, capitalised
    or not; its text and offsets stay the article's."""
    from kg.extract.lexicon import load_lexicon

    norms = load_lexicon().norms
    assert norms
    for word, norm in norms.items():
        for form in (word, word.capitalize()):
            doc = nlp(f"Troops {form} the town.")
            assert (doc[1].text, doc[1].norm_, doc[1].idx) == (form, norm, 7)
