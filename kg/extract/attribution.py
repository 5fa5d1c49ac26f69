"""Who an article credits: wire credits and datelines, speakers of cue verbs, 'according to'."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.lexicon import Lexicon
from kg.extract.nlp import entity_of
from kg.model import Agent, Attribution
from kg.text import DATELINE

if TYPE_CHECKING:  # spaCy's types only: its Docs come from kg.extract.nlp
    from spacy.tokens import Span, Token

_PRONOUNS = {"he", "she", "they"}
_DETS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those"}


@dataclass(frozen=True)
class ArticleCredits:
    agents: tuple[Attribution, ...]


def article_credits(text: str, lex: Lexicon) -> ArticleCredits:
    """Agencies the article as a whole credits: '(With inputs from AFP)', 'KABUL, Aug 8 (Reuters) -', '— AFP'."""
    found: dict[str, Attribution] = {}
    for chunk in _credit_chunks(text):
        for part in re.split(r",|\band\b|/|&", chunk):
            named = lex.agency(part.strip(" .-–—"))
            if named is not None:
                found.setdefault(named.label, Attribution(Agent(named.label, named.kind), cue="credit"))
    return ArticleCredits(tuple(found.values()))


_CREDIT_PATTERNS = (
    re.compile(r"\(\s*with (?:inputs|input|agency inputs) from ([^)]{2,80})\)", re.I),
    re.compile(r"[-–—]\s*([A-Za-z][A-Za-z ]{1,30}?)\s*$", re.M),
    re.compile(r"^\s*\(([A-Za-z][A-Za-z ]{1,30})\)\s*$", re.M),
    re.compile(r"\(([A-Za-z][A-Za-z ]{1,30})\)\s*$"),
    re.compile(r"^\s*Source:\s*([^\n]{2,60})$", re.M | re.I),
    re.compile(r"^\s*(Agency Report)\s*$", re.M),
)


def _credit_chunks(text: str) -> list[str]:
    inputs, *others = _CREDIT_PATTERNS
    datelines = [m["credit"] for m in DATELINE.finditer(text) if m["credit"]]  # 'KABUL, Aug 8 (Reuters) -'
    return [m.group(1) for m in inputs.finditer(text)] + datelines + [
        m.group(1) for pat in others for m in pat.finditer(text)]


# ---------------------------------------------------------------- speakers in a sentence

def sentence_sources(sent: Span, trigger: Token, cue: Token | None, lex: Lexicon,
                     last_person: list[Attribution]) -> tuple[Attribution, ...]:
    """Who the sentence says reported this event."""
    out: list[Attribution] = []
    verbs = [a for a in trigger.ancestors if a.lemma_.lower() in lex.speech_cues]
    if not verbs and sent.root.lemma_.lower() in lex.speech_cues and sent.root != trigger:
        verbs = [sent.root]
    if cue is not None and cue not in verbs and cue.lemma_.lower() in lex.speech_cues:
        verbs.insert(0, cue)
    for verb in verbs[:2]:
        out.extend(_verb_sources(verb, lex, last_person))
    out.extend(_according_to(sent, lex, last_person))
    return _unique(out)


def speaker_of(sent: Span, lex: Lexicon, last_person: list[Attribution], lemmas: list[str],
               persons: list[Span]) -> Attribution | None:
    """The named person speaking in this sentence, for 'he said' in the next ones.

    ``lemmas`` (the Doc's, lower-cased, by token) and ``persons`` (its PERSON entities) are computed once per Doc."""
    doc = sent.doc
    for i in range(sent.start, sent.end):
        if lemmas[i] in lex.speech_cues:
            for attr in _verb_sources(doc[i], lex, last_person):
                if attr.agent.kind == "person" and attr.agent.named:
                    return attr
    for ent in persons:
        if sent.start <= ent.start < sent.end:
            role = _role_of(ent.root, lex)
            if role:
                return Attribution(Agent(ent.text, "person", role), cue=None)
    return None


def _verb_sources(verb: Token, lex: Lexicon, last_person: list[Attribution]) -> list[Attribution]:
    cue = verb.lemma_.lower()
    out: list[Attribution] = []
    for subj in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
        agent = agent_of(subj, lex, last_person)
        if agent is not None:
            out.append(Attribution(agent, cue))
    for obj in (c for c in verb.children if c.dep_ in ("dative", "dobj", "npadvmod")):
        named = _agency_at(obj, lex)
        if named is not None:
            out.append(Attribution(named, cue))
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            named = _agency_at(pobj, lex)
            if named is not None:
                out.append(Attribution(named, cue))
    return out


def _according_to(sent: Span, lex: Lexicon, last_person: list[Attribution]) -> list[Attribution]:
    """'according to X', and its paraphrase 'in line with X' (machine-spun copy writes it)."""
    out = []
    for tok in sent:
        linker = ("to" if tok.lower_ == "according"
                  else "with" if tok.lower_ == "line" and tok.head.lower_ == "in" else None)
        if linker:
            for to in (c for c in tok.children if c.lower_ == linker):
                for pobj in (c for c in to.children if c.dep_ == "pobj"):
                    agent = agent_of(pobj, lex, last_person)
                    if agent is not None:
                        out.append(Attribution(agent, "according to"))
    return out


def _agency_at(tok: Token, lex: Lexicon) -> Agent | None:
    phrase = _phrase(tok)
    named = lex.agency(phrase) or lex.agency(tok.text)
    if named is None:
        for c in tok.children:
            if c.dep_ == "compound" and (named := lex.agency(c.text)):
                break
    return Agent(named.label, named.kind) if named is not None else None


def _phrase(tok: Token) -> str:
    """The noun phrase without relative clauses, appositions and punctuation."""
    skip = {t.i for c in tok.children if c.dep_ in ("relcl", "acl", "appos", "punct", "prep", "cc", "conj")
            for t in c.subtree}
    return _join([t for t in tok.subtree if t.i not in skip and t.dep_ != "punct"])


def _join(tokens: list[Token]) -> str:
    """Tokens as the text spells them ("region's", not "region 's")."""
    return "".join(t.text_with_ws for t in tokens).strip()


def agent_of(tok: Token, lex: Lexicon, last_person: list[Attribution]) -> Agent | None:
    """The agent a subject noun phrase names, with role where given."""
    if tok.lower_ in _PRONOUNS:
        return last_person[0].agent if last_person and tok.lower_ != "they" else None
    agency = _agency_at(tok, lex)
    if agency is not None:
        return agency
    named = lex.actor(_phrase(tok))
    if named is not None:
        kind = named.kind if named.kind in ("armed_group", "government_force") else "organisation"
        return Agent(named.label, kind)
    person = _person(tok, lex)
    if person is not None:
        return person
    if tok.ent_type_ in ("ORG", "NORP", "GPE"):
        return Agent(_strip_det(_phrase(tok)), "organisation")
    if tok.lemma_.lower() in lex.roles or any(c.lemma_.lower() in lex.roles
                                              for c in tok.children if c.dep_ == "compound"):
        return _unnamed(tok, last_person)
    if tok.lemma_.lower() in lex.bodies:
        return Agent(_strip_det(_phrase(tok)), "organisation")  # "the Afghan defence ministry"
    return None


def _person(tok: Token, lex: Lexicon) -> Agent | None:
    """'Qader Malia, the deputy governor', 'Governor X', 'the council chief, X'."""
    if tok.ent_type_ == "PERSON":
        ent = entity_of(tok)
        name = ent.text if ent is not None else tok.text
        return Agent(name, "person", _role_of(tok, lex))
    for app in (c for c in tok.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"):
        ent = entity_of(app)
        return Agent(ent.text if ent is not None else app.text, "person", _strip_det(_role_phrase(tok)))
    return None


def _role_of(tok: Token, lex: Lexicon) -> str | None:
    """A role given in apposition or as a title before the name."""
    return _role_text(tok, lex) or None


def _role_text(tok: Token, lex: Lexicon) -> str | None:
    for app in (c for c in tok.children if c.dep_ == "appos"):
        if app.lemma_.lower() in lex.roles:
            return _strip_det(_role_phrase(app))
    titles = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ != "PERSON"
              and c.lemma_.lower() in lex.roles]
    if titles:
        return _join(sorted({s for t in titles for s in t.subtree}, key=lambda t: t.i)).lower()
    if tok.head.dep_ == "appos" or tok.dep_ == "appos":
        head = tok.head
        if head.lemma_.lower() in lex.roles:
            return _strip_det(_role_phrase(head))
    return None


def _role_phrase(tok: Token) -> str:
    """'the deputy governor', 'head of the provincial council': the role noun and its modifiers."""
    drop = {t.i for c in tok.children if c.dep_ in ("appos", "relcl", "acl", "punct", "cc", "conj") for t in c.subtree}
    words = [t for t in tok.subtree if t.i not in drop and t.ent_type_ != "PERSON"]
    return _join(words)


def _unnamed(tok: Token, last_person: list[Attribution]) -> Agent:
    phrase = _strip_det(_phrase(tok))
    # "the governor" after "Governor X said" is X
    for attr in last_person:
        if attr.agent.role and tok.lemma_.lower() in attr.agent.role.split():
            return attr.agent
    return Agent(phrase, "person", role=None, named=False)


def _strip_det(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _DETS:
        words = words[1:]
    return " ".join(words)


def _unique(items: list[Attribution]) -> tuple[Attribution, ...]:
    seen: dict[tuple[str, str], Attribution] = {}
    for a in items:
        seen.setdefault((a.agent.kind, a.agent.name.lower()), a)
    return tuple(seen.values())
