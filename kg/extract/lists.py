"""One event per place of a list: conjuncts ('Ghazni and Herat'), lists the parser did not join ('A B and C D
villages'), examples ('X, including A and B'), places set beside one another ('the capital X, the towns of
A and B') and a second list the parser joined to the first one's date."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.common import PLACE_LABELS, _children, _entity_of, _mention, _named_in, can_be, kind_of, named_by_noun
from kg.extract.context import ArticleContext
from kg.extract.lexicon import Lexicon
from kg.model import PlaceMention


def expand_conjuncts(places: list[PlaceMention], sent: Span, ctx: ArticleContext) -> list[PlaceMention]:
    """'Ghazni and Herat', 'Herat, and the cities of Kandahar and Lashkar Gah': one event per place."""
    out = list(places)
    names = {p.name for p in places}
    for p in places:
        head = _token_at(sent, p.span.start)
        if head is None:
            continue
        for conj in [*head.conjuncts, *_alongside(head, ctx.lex), *_listed_beside(head)]:
            for tok in [conj, *_named_in(conj)] if conj.lemma_.lower() in ctx.lex.places["city_nouns"] else [conj]:
                for t in [tok, *tok.conjuncts, *_listed_beside(tok)]:
                    ent = _entity_of(t)
                    if (ent is not None and ent.label_ in PLACE_LABELS and kind_of(ent) != "country"
                            and ent.text not in names):
                        # "liberated Gochehmedli, Chimen and Dedeli villages": towns the gazetteer lacks, like the first
                        unknown = kind_of(ent) is None and p.kind == "city" and ent.label_ in ("GPE", "LOC")
                        building = named_by_noun(ent, ctx.lex) if kind_of(ent) is None else None
                        out.append(building or _mention(ent, "city" if unknown else kind_of(ent)))
                        names.add(ent.text)
                    elif p.kind == "city" and _town_in_a_list(t, ent, ctx) and (ent or t).text not in names:
                        # "took Sake, Minova and Kalehe": the small model calls a listed town a person
                        out.append(_mention(ent if ent is not None else t.doc[t.i:t.i + 1], "city"))
                        names.add((ent or t).text)
        for ent in _listed_with(head, sent, ctx.lex):
            if ent.text not in names:  # "torched A B and C D villages": a list the parser did not join
                building = named_by_noun(ent, ctx.lex) if kind_of(ent) is None else None
                out.append(building or _mention(ent, kind_of(ent) or p.kind))
                names.add(ent.text)
    return out


def _listed_beside(tok: Token) -> list[Token]:
    """'the cities of Woldiya, Hara, Gobiye and Kobo': the parser sets the second name beside the first and joins
    the rest to it; names only, each with what is joined to it."""
    if tok.pos_ != "PROPN":
        return []  # ("near the capital, Mogadishu": the name of a noun, not a list)
    beside = [a for a in tok.children if a.dep_ == "appos" and a.pos_ == "PROPN" and a.i > tok.i and (
        (ent := _entity_of(a)) is None or kind_of(ent) not in ("province", "country"))]  # (not "X, Helmand")
    return [t for a in beside for t in (a, *a.conjuncts)]


def _alongside(tok: Token, lex: Lexicon) -> list[Token]:
    """'Poonch, including Balakote and Mendhar': the examples a place is given; 'the capital X, the towns of
    A and B': the other places set beside it."""
    out = [p for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in lex.places["example_preps"]
           for p in _children(prep, "pobj")]
    nouns = lex.places["city_nouns"]
    of = tok.head if tok.dep_ == "pobj" and tok.head.lower_ in lex.places["name_links"] else None
    if of is not None and of.head.lemma_.lower() in nouns and of.head.tag_ in ("NNS", "NNPS"):
        # "the cities of A, B, C": the parser sets the second name beside the first, and the rest after it
        out += [a for a in tok.children if a.dep_ == "appos" and a.pos_ == "PROPN"]
    # "control of A in P State and B in Q": the parser joins B to the province that places A (the phrase may
    # hang on A or on the noun "of A" hangs on)
    holders = [tok, tok.head.head] if tok.dep_ == "pobj" and tok.head.lower_ == "of" else [tok]
    out += [c for h in holders for prep in h.children if prep.dep_ == "prep" and prep.lower_ == "in" and prep.i > tok.i
            for q in _children(prep, "pobj")
            for c in q.conjuncts if c.pos_ == "PROPN" and (ent := _entity_of(c)) is not None
            # (a village the small model takes for a person: "A in P region, B and C in Q region")
            and (ent.label_ in PLACE_LABELS or (ent.label_ == "PERSON" and len(ent) <= 3))
            and not can_be(ent, "province") and not can_be(ent, "country")]
    # "liberated A, B and C villages of X district and the city of Y": a town joined to the noun set beside A
    # (or, as the parser may have it, to the district that noun is "of")
    beside = [a for a in tok.children if a.dep_ == "appos" and a.lemma_.lower() in lex.places["settlement_nouns"]]
    out += [c for a in [*beside, *(q for b in beside for p in _children(b, "prep") for q in _children(p, "pobj"))]
            for c in a.conjuncts if c.lemma_.lower() in nouns]
    if tok.dep_ == "appos" and tok.head.lemma_.lower() in nouns:
        out += [a for a in tok.head.children if a.dep_ == "appos" and a != tok and a.lemma_.lower() in nouns]
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in nouns:
        # "liberated Fuzuli city, Hadrut town": the parser sets the second name's noun beside the first's
        out += [a for a in tok.head.children if a.dep_ == "appos" and a.lemma_.lower() in nouns]
        # "the Dessie city and the corridor city, Kombolcha": the name set beside the other city noun
        out += [a for c in tok.head.conjuncts if c.lemma_.lower() in nouns for a in c.children
                if a.dep_ == "appos" and a.pos_ == "PROPN"]
    return out


def _listed_with(tok: Token, sent: Span, lex: Lexicon) -> list[Span]:
    """The place names next to this one in a plain list ('A, B and C'), each a local place the matcher named;
    not 'A, B region' (where A is) nor a list without an 'and'."""
    first = _entity_of(tok)
    if first is None:
        return []
    out: list[Span] = []
    joined = False
    doc = sent.doc
    for step in (1, -1):
        edge = first.end if step == 1 else first.start - 1
        while sent.start <= edge < sent.end:
            gap = edge
            while sent.start <= gap < sent.end and (doc[gap].text == "," or doc[gap].lower_ == "and"):
                joined = joined or doc[gap].lower_ == "and"
                gap += step
            ent = _entity_of(doc[gap]) if gap != edge and sent.start <= gap < sent.end else None
            if ent is None or ent.label_ not in PLACE_LABELS or can_be(ent, "country") or can_be(ent, "province") \
                    or (ent.end < len(doc) and doc[ent.end].lemma_.lower() in lex.places["province_nouns"]):
                break
            out.append(ent)
            edge = ent.end if step == 1 else ent.start - 1
    return out if joined else []


def _town_in_a_list(tok: Token, ent: Span | None, ctx: ArticleContext) -> bool:
    """A capitalised name listed with a town, that the model took for a person, an organisation (not an
    acronym) or nothing, and no actor."""
    if tok.pos_ != "PROPN" or not tok.is_title or (ent is not None and ent.label_ not in ("PERSON", "ORG")):
        return False
    text = ent.text if ent is not None else tok.text
    if ent is not None and ent.label_ == "ORG" and (len(ent) > 2 or text.isupper()):
        return False
    places = ctx.lex.places
    if tok.lemma_.lower() in places["province_nouns"] | places["city_nouns"] | places["district_nouns"]:
        return False  # "B in P State": the noun of a name, not a name
    if any(a.dep_ == "appos" and a.lemma_.lower() in ctx.lex.roles for a in tok.children):
        return False  # "In Kabul, Sediq Sediqqi, the Interior Ministry spokesman, ...": a person by a role
    return len(text.split()) <= 3 and not ctx.lex.actor(text) and not ctx.lex.agency(text)


def _token_at(sent: Span, char: int) -> Token | None:
    for tok in sent:
        if tok.idx == char:
            ent = _entity_of(tok)
            return ent.root if ent is not None else tok
    return None


def listed_after_date(trigger: Token, places: list[PlaceMention], ctx: ArticleContext) -> list[PlaceMention]:
    """'torched A and B villages on December 27 and C, D and E on Wednesday': the names the parser joins to the
    date of a list of towns are towns of the same event (not the places of its sentence)."""
    if not places or places[0].kind != "city":
        return []
    names = {p.name for p in places}
    out: list[PlaceMention] = []
    for day in (d for prep in _children(trigger, "prep") for d in _children(prep, "pobj") if d.ent_type_ == "DATE"):
        for name in day.conjuncts:
            if name.pos_ != "PROPN" or name.ent_type_ in ("DATE", "ORG", "NORP"):  # (a village read as a person: kept)
                continue
            ent = _entity_of(name)
            span = ent if ent is not None else name.doc[name.left_edge.i:name.i + 1]
            if span.text not in names and not ctx.lex.actor(span.text):
                names.add(span.text)
                out.append(_mention(span, (kind_of(ent) if ent is not None else None) or "city"))
    return out
