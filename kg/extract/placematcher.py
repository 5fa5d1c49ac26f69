"""The gazetteer's place names marked in a parsed Doc: :class:`PlaceMatcher`, the ``kg_places`` component that
:mod:`kg.extract.nlp` adds after the model's NER (the names it is fed are the gazetteer's, by kg.executor)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.extract.spans import glued, overlaps, trim_before
from kg.text import fold

PLACE_LABEL = "GPE"
_OVERRIDABLE = {"GPE", "LOC", "ORG", "PERSON", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}  # the gazetteer overrides
_MAX_NGRAM = 5
# "Herat" is a city and a province: news mostly means the city unless it says "province".
_KIND_PRIORITY = {"country": 0, "city": 1, "province": 2}
# Names inside these longer entities stay theirs: "Save the Children", "Ahmad Rashid Karimi".
_PROTECTED = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "FAC", "PRODUCT"}


class PlaceMatcher:
    """Marks gazetteer names as GPE entities (kb_id = place kind), overriding the model's guess.

    A dict lookup over capitalised n-grams: the same effect as an EntityRuler fed with every GeoNames name,
    without compiling ~10^5 phrase patterns at each start."""

    def __init__(self, forms: Iterable[tuple[str, str]], place_nouns: frozenset[str] = frozenset(),
                 titles: frozenset[str] = frozenset(), name_links: frozenset[str] = frozenset(),
                 noun_kinds: dict[str, str] | None = None, articles: frozenset[str] = frozenset(),
                 facilities: frozenset[str] = frozenset(), facility_words: frozenset[str] = frozenset(),
                 peoples: frozenset[str] = frozenset()) -> None:
        self.place_nouns = place_nouns
        self.facilities, self.facility_words = facilities, facilities | facility_words  # "Tripoli Airport"
        self.articles = articles  # "el-Fasher": a lowercase article that starts a name
        self.name_links = name_links  # "the town of X", "a village called X"
        self._ids: tuple[set[int], set[int], set[int]] | None = None
        self.noun_kinds = noun_kinds or {}  # "town" -> "city": the kind a place noun gives the name after it
        self.titles = titles  # "Central African Republic President X": a title after a place ends the name
        self.peoples = peoples  # "the Afghan city": a people's adjective is no name ("Hadrut town", tagged NORP, is)
        self.set_forms(forms)

    def set_forms(self, forms: Iterable[tuple[str, str]]) -> None:
        """The names to mark: (folded name, place kind) pairs."""
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
        named, after_noun = self._named_by_noun(doc, covered)
        # "the town of X": a known name after a place noun is that place, whatever longer name the model saw
        found = [m for m in matches if m.start in after_noun or not self._inside_name(m, covered, ents)] + named
        if not found:
            return doc
        kept = [e for e in ents if not any(overlaps(e, m) for m in found) or e.label_ not in _OVERRIDABLE]
        doc.ents = filter_spans([*(trim_before(e, found) for e in kept), *found])
        return doc

    def _inside_name(self, match: Span, covered: set[int], ents: Sequence[Span]) -> bool:
        """Part of a longer name ('Save the Children', 'Babur Eshchi'), unless the rest is places too."""
        doc = match.doc
        for e in ents:
            if e.label_ in _PROTECTED and e.start <= match.start and match.end <= e.end and len(e) > len(match):
                rest = [t.lower_ for t in doc[match.end:e.end]]
                if rest[-1:] and rest[-1] in self.facilities and set(rest) <= self.facility_words and match[
                        0].lower_ not in self.facility_words and all(
                        t.pos_ == "DET" for t in doc[e.start:match.start]):
                    return False
                run = self._run(e, match)
                if any(t.i not in covered and not self._filler(t) and self._named(t) for t in run):
                    return True
                # "Ahmad Rashid": a person's name made of place names; "Kunduz metropolis" is not one
                if e.label_ == "PERSON" and len(run) > len(match) and not any(self._filler(t) for t in run):
                    return True
        neighbours = [doc[i] for i in (match.start - 1, match.end) if 0 <= i < len(doc)]
        return any(t.pos_ == "PROPN" and t.i not in covered and not self._filler(t) and t.ent_type_ not in (
            "DATE", "TIME") and t.lower_ not in self.titles | self.peoples for t in neighbours)

    def _named_by_noun(self, doc: Doc, covered: set[int]) -> tuple[list[Span], set[int]]:
        """'the town of X', 'the villages of X and Y', 'X, a small town': a name the gazetteer lacks is a place
        when its noun says so, whatever the model guessed (it often tags an unknown town a person); and where
        such names start."""
        out: list[Span] = []
        starts: set[int] = set()
        lowers = doc.to_array(LOWER).tolist()  # ids, not Token objects: this runs over every word
        if self._ids is None:  # string hashes do not depend on the vocab: computed once
            strings = doc.vocab.strings
            self._ids = ({strings.add(n) for n in self.place_nouns}, {strings.add(w) for w in self.name_links},
                         {strings.add(_plural(n)) for n in self.place_nouns})
        nouns, links, plurals = self._ids
        for i in range(len(lowers) - 2):
            if lowers[i + 1] not in links or (lowers[i] not in nouns and lowers[i] not in plurals):
                continue
            start = i + 2
            starts.add(start)
            plural = lowers[i] in plurals
            names = self._name_list(doc, start, covered) if plural else [self._name_at(doc, start, covered)]
            kind = self.noun_kinds.get(_singular(doc[i].lower_, self.place_nouns), "")
            out += [Span(doc, a, b, label=PLACE_LABEL, kb_id=kind) for a, b in names if b > a]
        for i in range(1, len(lowers)):
            noun, plural = lowers[i] in nouns, lowers[i] in plurals
            if not (noun or plural):
                continue  # most words: no Token built
            kind = self.noun_kinds.get(_singular(doc[i].lower_, self.place_nouns), "")
            if noun and i >= 3:
                out += self._apposed(doc, i, covered)
            before = doc[i - 1]  # "X city", not "the Afghan city" nor "Chaung-U Township"
            if plural or (kind == "city" and noun and before.tag_ == "NNP" and doc[i - 2].text != "-" and not (
                    before.ent_type_ == "NORP" and before.lower_ in self.peoples)):
                out += [Span(doc, a, b, label=PLACE_LABEL, kb_id=kind) for a, b in self._listed_before(doc, i, covered)]
        return filter_spans(out), starts

    def _listed_before(self, doc: Doc, noun: int, covered: set[int]) -> list[tuple[int, int]]:
        """'torched A B and C D villages': the unknown names listed before a plural place noun."""
        out: list[tuple[int, int]] = []
        j = noun - 1
        while j >= 0:
            end = j + 1
            # (the tagger calls some such words ADJ or INTJ; "Azerbaijani Shusha city": a people's word is apart)
            while j >= 0 and _name_word(doc[j]) and doc[j].lower_ not in self.peoples:
                j -= 1
            if j + 1 == end:
                break
            if any(k not in covered for k in range(j + 1, end)):  # a known name alone is the gazetteer's
                out.append((j + 1, end))
            if j >= 0 and doc[j].lower_ in ("and", "or"):
                j -= 1
            if j >= 0 and doc[j].text == ",":
                j -= 1
            if j < 0 or not doc[j].text[:1].isupper() or j == end - 1:
                break
        return out

    def _name_at(self, doc: Doc, start: int, covered: set[int]) -> tuple[int, int]:
        """The capitalised proper-noun run at ``start``, which a known name does not start ('X Bazar' is one
        unknown name even if 'Bazar' is a town); (start, start) when none."""
        end = start
        while end < len(doc) and (end > start or end not in covered) and doc[end].pos_ == "PROPN" \
                and doc[end].text[:1].isupper():
            end += 1
        return start, end

    def _name_list(self, doc: Doc, start: int, covered: set[int]) -> list[tuple[int, int]]:
        """'the towns of A, B and C': every name of the list (known ones are the gazetteer's already)."""
        out, i = [], start
        while i < len(doc):
            a, b = self._name_at(doc, i, covered)
            if b == a and i not in covered:
                break
            out.append((a, b))
            i = b if b > a else next((j for j in range(i, len(doc)) if j not in covered), len(doc))
            if i < len(doc) and doc[i].text == ",":
                i += 1
            if i < len(doc) and doc[i].lower_ in ("and", "or"):
                i += 1
            if i >= len(doc) or not doc[i].text[:1].isupper():
                break
        return out

    def _apposed(self, doc: Doc, noun: int, covered: set[int]) -> list[Span]:
        """'X, a small border town': an unknown name set beside an indefinite place noun."""
        j = noun - 1
        while j > 0 and noun - j <= 3 and doc[j].pos_ in ("ADJ", "NOUN") and doc[j].text.islower():
            j -= 1
        if doc[j].lower_ not in ("a", "an") or doc[j - 1].text != "," or j < 2:
            return []
        end = j - 1
        begin = end
        while begin > 0 and doc[begin - 1].pos_ == "PROPN" and doc[begin - 1].text[:1].isupper() \
                and begin - 1 not in covered:
            begin -= 1
        if begin == end or (begin > 0 and doc[begin - 1].pos_ == "PROPN") or (end - 1) in covered:
            return []
        return [Span(doc, begin, end, label=PLACE_LABEL, kb_id=self.noun_kinds.get(doc[noun].lower_, ""))]

    def _run(self, ent: Span, match: Span) -> list[Token]:
        """The words of the model's entity joined to the match by names or fillers: not past an ordinary word
        ('the Syrian Democratic Forces entered Raqqa') nor a people's word ('Azerbaijani Shusha')."""
        doc, start, end = match.doc, match.start, match.end
        while start > ent.start and (self._named(doc[start - 1]) or self._filler(doc[start - 1])) and (
                doc[start - 1].lower_ not in self.peoples):
            start -= 1
        while end < ent.end and (self._named(doc[end]) or self._filler(doc[end])):
            end += 1
        return list(doc[start:end])

    @staticmethod
    def _named(tok: Token) -> bool:  # ("Bentiu marks": the model's entity ran on into an ordinary word)
        return tok.pos_ == "PROPN" or tok.text[:1].isupper()

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
        tok = toks[i]
        if not texts[i][:1].isupper() and not (tok.lower_ in self.articles and texts[i + 1 : i + 2] == ["-"]):
            return None
        # a following space keeps this word the first folded word of every n-gram starting here
        if tok.whitespace_ and _first_folded_word(tok.text) not in self.first_words:
            return None
        for n in range(min(_MAX_NGRAM, len(toks) - i), 0, -1):
            last = toks[i + n - 1]
            text = "".join(texts[i : i + n - 1]) + last.text
            if last.is_punct or last.tag_ == "POS" or "\n" in text:  # "X's": the name is X
                continue
            if n > 1 and last.text.islower() and last.lower_ in self.place_nouns and i + n < len(toks) and (
                    toks[i + n].lower_ in self.name_links):
                continue  # "the southern Gaza city of Khan Younis": the noun heads "city of Y", X is apart
            kind = self.kinds.get(fold(text))
            if not kind:
                continue
            span = doc[i : i + n]
            if not glued(span) and (any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 2) for t in toks[i : i + n])
                                     or span.ents):
                return Span(doc, i, i + n, label=PLACE_LABEL, kb_id=kind)
        return None


@lru_cache(maxsize=65_536)
def _first_folded_word(word: str) -> str:
    """The first word of ``fold(word)`` (cached: the same capitalised words recur in every article)."""
    return fold(word).split(" ", 1)[0]


def _plural(noun: str) -> str:
    """'city' -> 'cities', 'town' -> 'towns', 'suburb' -> 'suburbs'."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")


def _singular(word: str, nouns: frozenset[str]) -> str:
    return word if word in nouns else next((n for n in nouns if _plural(n) == word), word)


def _name_word(tok: Token) -> bool:
    """A capitalised content word inside a sentence: part of a name whatever the tagger made of it."""
    return tok.text[:1].isupper() and not tok.is_sent_start and tok.pos_ not in _NOT_NAME_POS


_NOT_NAME_POS = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PRON", "PUNCT", "AUX", "NUM", "PART"})
