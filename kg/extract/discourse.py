"""Denials that point back at a report: 'the army refutes that claim', 'the ministry denied the claims',
'a report dismissed by the rebels', 'the spokesman rejects the X claim as propaganda', '"This is not true"'.
The sentence names no event of its own; what it denies is the taking the article reported just before (or, after
a verdict that points at nothing yet, the taking someone is said to claim next).
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract.attribution import sentence_sources
from kg.extract.context import ArticleContext
from kg.extract.polarity import _negates, _phrasal
from kg.model import EventFact
from kg.model import Span as TextSpan

# what a side claims and the other side denies
DENIABLE = ("capture", "recapture")


def denial_cue(sent: Span, ctx: ArticleContext) -> Token | None:
    """The verb of a sentence that denies a report it only points to, or None."""
    cues = ctx.lex.cues
    reports, pointers = cues["hearsay_nouns"], cues["anaphors"]
    deny_words = cues["deny"] | {phrase.split()[0] for phrase in cues["deny_phrasal"]}
    doc = sent.doc
    for i in range(sent.start, sent.end):
        if ctx.lemmas[i] not in deny_words:  # most words: a list lookup, no Token built
            continue
        tok = doc[i]
        # ("did not confirm the report", "could not be confirmed" only hedge it: cues.hedge_phrases)
        if tok.pos_ != "VERB" or (ctx.lemmas[i] not in cues["deny"] and _phrasal(tok) not in cues["deny_phrasal"]):
            continue
        if tok.dep_ in ("acl", "relcl") and tok.head.lemma_.lower() in reports:
            return tok  # "a report dismissed by the insurgents", "..., a claim the army denied"
        # "refutes that claim" is sometimes parsed as a clause "that claim(s)" with nothing after it
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") or (
            c.dep_ == "ccomp" and c.lemma_.lower() in reports
            and not any(d.dep_ in ("dobj", "ccomp") for d in c.children))]
        if _phrasal(tok) in cues["deny_phrasal"]:  # "cast doubt on Russia's claims"
            objects += [p for prep in tok.children if prep.dep_ == "prep" for p in prep.children if p.dep_ == "pobj"]
        if any(o.lemma_.lower() in reports or o.lower_ in pointers for o in objects):
            return tok
    return _verdict(sent, ctx)


def _verdict(sent: Span, ctx: ArticleContext) -> Token | None:
    """'"This is not true," the spokesman said', 'these reports are baseless': a copula calling what it points
    to (or a report) false."""
    cues = ctx.lex.cues
    doc = sent.doc
    for i in range(sent.start, sent.end):
        if ctx.lemmas[i] != "be":  # most words: a list lookup, no Token built
            continue
        tok = doc[i]
        if not any(
                s.dep_ == "nsubj" and (s.lower_ in cues["anaphors"] or s.lemma_.lower() in cues["hearsay_nouns"])
                for s in tok.children):
            continue
        said = [c for c in tok.children if c.dep_ in ("acomp", "attr")]
        negated = any(_negates(c) for c in tok.children)
        if any(c.lemma_.lower() in cues["falsity"] or (negated and c.lemma_.lower() in cues["truth"]) for c in said):
            return tok
    return None


def referred_denials(sent: Span, cue: Token, earlier: list[EventFact], evidence: TextSpan,
                     ctx: ArticleContext) -> list[EventFact]:
    """Denied copies of the takings ``earlier`` reported (the X claim: those at X), sourced to this sentence."""
    claimed = [e for e in earlier if e.type in DENIABLE and e.polarity != "denied" and e.place is not None]
    named = {t.lower_ for o in cue.children if o.dep_ in ("dobj", "nsubjpass")
             for t in o.children if t.dep_ == "compound" and t.pos_ == "PROPN"}
    if named:
        claimed = [e for e in claimed if e.place is not None and
                   named & {w.lower() for w in (e.place.name or e.place.text).split()}] or claimed
    sources = sentence_sources(sent, cue, cue, ctx.lex, ctx.last_person)
    return [replace(e, polarity="denied", evidence=evidence, sources=sources, count=None, ordinal=None)
            for e in claimed]
