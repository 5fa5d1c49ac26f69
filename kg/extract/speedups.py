"""kg's speed-ups of spaCy, in one place and switchable: same annotations, less time.

- the model's attribute ruler and lemmatizer swapped for compiled/cached equivalents (:func:`compile_model_rules`);
- while a build parses (:func:`tuned`): thinc's numpy matmul instead of blis for the models it loads, and one
  BLAS thread per process. Both are process-wide, so :func:`tuned` restores them on exit: a notebook that
  calls ``kg.build()`` keeps its own threads and ops afterwards.

``KG_FAST=0`` (or ``kg.build(..., fast=False)``, ``kg build --no-fast``) turns all of them off.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from functools import lru_cache
from typing import Any

from spacy.attrs import IDS, MORPH, NORM
from spacy.language import Language
from spacy.tokens import Doc, Token

_BLAS_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_ATTR_NAMES = {value: name.lower() for name, value in IDS.items()}
# attributes of the word type (Lexeme) as well as the token: AttributeRuler sets both
_LEXICAL = frozenset({"lower", "shape", "prefix", "suffix", "is_alpha", "is_digit", "is_lower", "is_upper",
                      "is_title", "is_punct", "is_space", "is_stop", "like_num", "like_url", "like_email"})


def enabled(fast: bool | None = None) -> bool:
    """Whether to use the speed-ups: ``fast`` when given, else the ``KG_FAST`` environment variable (default on)."""
    if fast is not None:
        return fast
    return os.environ.get("KG_FAST", "1").strip().lower() not in ("0", "false", "no", "off")


@contextmanager
def tuned(fast: bool | None = None) -> Iterator[None]:
    """Within the block: numpy matmul for models loaded now (measured with bench/run.py on a 2-core EPYC VM:
    1.3-1.5x the parser's words/s, identical tags, arcs and entities) and one BLAS thread, unless the user set
    a count in the environment (OpenBLAS otherwise starts a thread per core whose spinning doubles the CPU of
    a parse for ~5% more speed, and makes ``--jobs N`` processes fight over cores). Restored on exit.
    Only thinc's default CPU ops are replaced; ops a caller chose (GPU, Apple) are left alone."""
    if not enabled(fast):
        yield
        return
    from thinc.api import NumpyOps, get_current_ops, set_current_ops
    from threadpoolctl import threadpool_limits

    with ExitStack() as stack:
        current = get_current_ops()
        if type(current) is NumpyOps and getattr(current, "use_blis", False):
            set_current_ops(NumpyOps(use_blis=False))
            stack.callback(set_current_ops, current)
        if not any(os.environ.get(name) for name in _BLAS_ENV):
            stack.enter_context(threadpool_limits(limits=1, user_api="blas"))
        yield


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


@Language.factory("kg_attribute_ruler", default_config={"source": "attribute_ruler"})
def make_attribute_ruler(nlp: Language, name: str, source: str) -> CompiledAttributeRuler:
    return CompiledAttributeRuler(nlp.get_pipe(source))


@Language.factory("kg_lemmatizer", default_config={"source": "lemmatizer"})
def make_lemmatizer(nlp: Language, name: str, source: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.get_pipe(source))


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
                _set_attrs(doc[i], attrs)
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


def _set_attrs(token: Token, attrs: Attrs) -> None:
    """Set what a rule sets through Token's public setters, as spaCy's AttributeRuler does (token and word)."""
    for attr, value in attrs.items():
        if attr == "_":
            for key, ext in value.items():
                token._.set(key, ext)
        elif attr == MORPH:
            token.set_morph(value)
        else:
            name = _ATTR_NAMES[attr]
            setattr(token, name, value)
            if attr != NORM and name in _LEXICAL:
                setattr(token.lex, name, value)
