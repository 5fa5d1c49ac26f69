"""Who did it and how many: actor labels, a state's forces, counts and ordinals."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.common import Trigger, _children, _entity_of, _said_by, kind_of, say_verb
from kg.text import word_key
from kg.extract.context import ArticleContext
from kg.model import Count

_GENERIC_FIGHTERS = {"militant", "insurgent", "fighter", "rebel", "jihadist", "group", "extremist", "islamist"}


def event_count(trig: Trigger, ctx: ArticleContext) -> Count | None:
    for obj in _children(trig.token, "dobj", "nsubjpass", "nsubj"):
        count = _count_of(obj, ctx)
        if count is not None:
            return count
    return None


def _count_of(noun: Token, ctx: ArticleContext) -> Count | None:
    target = noun
    if noun.like_num or noun.lemma_.lower() in ("all", "dozen", "hundred", "thousand"):
        for prep in _children(noun, "prep"):
            if prep.lower_ == "of":
                target = (_children(prep, "pobj") or [noun])[0]
    nums = [c for c in list(target.children) + ([noun] if noun != target else []) if c.like_num]
    if not nums:
        return None
    num = nums[0]
    try:
        value = int(num.text.replace(",", ""))
    except ValueError:
        return None
    span_text = " ".join(t.lower_ for t in num.subtree)
    before = target.doc[max(num.i - 2, 0): num.i].text.lower()
    qualifier = next((q for k, q in ctx.lex.qualifiers.items() if before.endswith(k) or span_text.startswith(k)), None)
    return Count(value=value, unit=target.lemma_.lower(), qualifier=qualifier)


def ordinal_of(sent: Span, ctx: ArticleContext) -> int | None:
    doc, nouns = sent.doc, ctx.lex.places["city_nouns"]
    for i in range(sent.start, sent.end):
        if ctx.lemmas[i] in nouns:
            for c in doc[i].children:
                if c.dep_ == "amod" and c.lower_ in ctx.lex.ordinals:
                    return ctx.lex.ordinals[c.lower_]
                if c.dep_ == "amod" and c.lower_[:-2].isdigit() and c.lower_[-2:] in ("st", "nd", "rd", "th"):
                    return int(c.lower_[:-2])
    return None


def _calls_capital(sent: Span, ctx: ArticleContext) -> bool:
    doc = sent.doc
    return any(
        ctx.lemmas[i] == "capital" and any(c.lower_ in ctx.lex.places["capital_modifiers"] for c in doc[i].children)
        for i in range(sent.start, sent.end)
    )




def actor_label(tok: Token | None, ctx: ArticleContext) -> str | None:
    if tok is None:
        return None
    phrase = " ".join(t.text for t in tok.subtree if t.dep_ not in ("relcl", "acl", "punct") and t.head.dep_ != "relcl")
    named = ctx.lex.actor(phrase) or ctx.lex.actor(tok.text)
    if named is None and tok.ent_type_ in ("ORG", "NORP"):
        ent = _entity_of(tok)
        named = ctx.lex.actor(ent.text) if ent is not None else None
    if named is not None:
        return named.label
    generic = tok.lemma_.lower() in _GENERIC_FIGHTERS or tok.lemma_.lower() in ctx.lex.places["force_nouns"]
    if generic:
        # "M23 rebels", "Houthi fighters", "Wagner-led forces", "forces loyal to X": the group named with them
        for mod in _group_modifiers(tok, ctx):
            return mod
    if tok.ent_type_ == "ORG":
        ent = _entity_of(tok)
        if ent is not None and _a_group(ent, ctx):
            return _bare(ent.text)  # an armed group the table does not know, as the article names it
    if tok.lemma_.lower() in _GENERIC_FIGHTERS or tok.lower_ == "they":
        return ctx.main_actor
    return None


def actor_kind(label: str | None, ctx: ArticleContext) -> str:
    """The kind kg/data/actors.csv gives the actor labelled ``label``: its subkind ("rebel_group"), else its
    kind ("armed_group"); "" for one the table does not know."""
    named = ctx.lex.actor(label) if label else None
    return (named.subkind or named.kind) if named is not None and named.label == label else ""


def actor_country(label: str | None, ctx: ArticleContext) -> str:
    """The state whose forces kg/data/actors.csv says the actor labelled ``label`` is (ISO 3166-1 alpha-2);
    "" for an armed group, forces of no one state, or an actor the table does not know."""
    named = ctx.lex.actor(label) if label else None
    return named.country if named is not None and named.label == label else ""


def _group_modifiers(tok: Token, ctx: ArticleContext) -> list[str]:
    out = []
    for mod in tok.children:
        target = mod
        if mod.dep_ == "amod" and mod.lemma_.lower() in ctx.lex.cues["loyal_words"]:
            target = next((p for prep in _children(mod, "prep") for p in _children(prep, "pobj")), mod)
        elif mod.dep_ not in ("compound", "amod", "nmod", "poss", "npadvmod"):
            continue
        # "Wagner-led": the name is the compound of "led"
        if target.lower_ in ctx.lex.cues["led_words"]:
            target = next((c for c in target.children if c.dep_ in ("compound", "npadvmod")), target)
        ent = _entity_of(target)
        if ent is None or ent.label_ not in ("ORG", "NORP", "PERSON"):
            continue
        named = ctx.lex.actor(ent.text)
        if named is not None:
            out.append(named.label)
        elif ent.label_ != "NORP" or _bare(ent.text).lower() not in ctx.lex.demonyms:
            out.append(_bare(ent.text) if target is mod else f"Forces loyal to {_bare(ent.text)}")
    return out


def _a_group(ent: Span, ctx: ArticleContext) -> bool:
    """An organisation that can act in a war: not a news outlet or agency, not a place, not a state body
    the cue words name ('the ministry')."""
    return not ctx.lex.agency(ent.text) and not ent.kb_id_ and len(ent) <= 6


def _bare(text: str) -> str:
    words = text.split()
    return " ".join(words[1:] if words and words[0].lower() == "the" else words)


def actor_state(tok: Token | None, ctx: ArticleContext) -> str | None:
    """The state whose forces the actor is: its ISO code, "*" for a state's forces named generically
    ("government troops"), None for an armed group or an unknown actor."""
    if tok is None:
        return None
    phrase = " ".join(t.text for t in tok.subtree if t.dep_ not in ("relcl", "acl", "punct") and t.head.dep_ != "relcl")
    ent = _entity_of(tok)  # ("His Libyan National Army (LNA)": the name the table knows is the entity's)
    named = ctx.lex.actor(phrase) or (ctx.lex.actor(ent.text) if ent is not None else None) or ctx.lex.actor(tok.text)
    if named is not None:
        return (named.country or "*") if named.kind == "government_force" else None
    leader = _leader_state(tok, ctx)
    if leader is not None:
        return leader
    if tok.ent_type_ == "GPE" and (ent := _entity_of(tok)) is not None and kind_of(ent) == "country":
        return ctx.lex.demonyms.get(word_key(ent.text))  # "Russia has taken over X": the state's own forces
    if tok.lower_ in ctx.lex.cues["state_pronouns"]:
        return _speakers_country(tok, ctx)  # "Azerbaijan said it had captured X"
    # ("the Ukrainian flag was raised over X": a state's flag stands for its forces)
    body = tok.lemma_.lower() in ctx.lex.cues["state_bodies"]
    if not body and tok.lemma_.lower() not in ctx.lex.places["force_nouns"] | ctx.lex.words("capture", "flags"):
        return None
    states: list[str] = []
    # "Iraqi troops", "Ukraine's forces", "the Malian army"; "Rwandan and Mozambican troops": both states
    mods = [m for m in tok.children if m.dep_ in ("amod", "compound", "poss", "nmod")]
    for mod in [*mods, *(c for m in mods for c in m.conjuncts)]:
        ent = _entity_of(mod)
        state = ctx.lex.demonyms.get(" ".join((ent.text if ent is not None else mod.text).lower().split()))
        if state is not None and state not in states:
            states.append(state)
        elif mod.lemma_.lower() in ctx.lex.cues["government_words"] and not states:
            return "*"
        elif mod.dep_ == "poss" and mod.lower_ in ctx.lex.cues["state_pronouns"] and not states:
            return _speakers_country(tok, ctx)  # "Russia's Defence Ministry said its troops had taken X"
        elif mod.lemma_.lower() in ctx.lex.cues["homeland_nouns"] and not states and any(
                c.dep_ == "poss" and c.pos_ == "PRON" for c in mod.children):
            return _speakers_country(tok, ctx)  # "the president said his country's army had taken X"
    return "|".join(states) or ("*" if body else None)


def _speakers_country(tok: Token, ctx: ArticleContext) -> str | None:
    """'Azerbaijan said it had captured X', 'Russia's Defence Ministry said its troops took Y', 'Azerbaijani President
    X announced that his country's army had taken Z': the state of who says it (a country named, a leader of it, or
    the country owning the body that speaks), or None."""
    said = _said_by(tok, ctx.lex)
    if not said or said[0] == tok:
        return None
    # ("Sudan's paramilitary group Rapid Support Forces (RSF) said it...": the name set beside the speaker)
    for speaker in [*said, *(a for s in said for a in s.children if a.dep_ == "appos")]:
        body = _entity_of(speaker)
        named = ctx.lex.actor(body.text if body is not None else speaker.text)
        if (named is not None and named.kind != "government_force") or speaker.lemma_.lower() in ctx.lex.cues[
                "irregular_words"]:
            return None  # "Sudan's paramilitary RSF said it seized X": a group of the country, not its state
    leader = _leader_state(said[0], ctx)
    if leader is not None:
        return leader
    for word in (said[0], *(c for c in said[0].children if c.dep_ in ("poss", "compound", "amod"))):
        ent = _entity_of(word) if word.ent_type_ in ("GPE", "NORP") else None
        state = ctx.lex.demonyms.get(word_key(ent.text)) if ent is not None else None
        if state is not None:
            return state
    return None


def _leader_state(tok: Token, ctx: ArticleContext) -> str | None:
    """'Azerbaijani President Ilham Aliyev', 'Iraqi Prime Minister X': a state's leader claiming a taking speaks for
    that state's forces (its ISO code), else None."""
    leaders, doc = ctx.lex.cues["leader_nouns"], tok.doc
    if tok.ent_type_ != "PERSON" and tok.lemma_.lower() not in leaders:
        return None  # (most subjects: no entity looked up)
    ent = _entity_of(tok)
    if ent is not None and ent.label_ == "PERSON":
        start = ent.start  # the words before the name: "Azerbaijani President | Ilham Aliyev"
    elif tok.lemma_.lower() in leaders:
        start = tok.i + 1  # the title itself is the subject: "Iraqi Prime Minister | Haider al-Abadi"
    else:
        return None
    titled = False
    for k in range(start - 1, max(start - 5, tok.sent.start) - 1, -1):
        word = doc[k]
        if word.lemma_.lower() in leaders:
            titled = True
        elif titled and (state := ctx.lex.demonyms.get(word.lower_)) is not None:
            return state
        elif word.pos_ not in ("PROPN", "NOUN"):
            return None
    return None


def speaker_side(trig: Trigger, ctx: ArticleContext) -> Token | None:
    """'"Our forces have total control of X," a spokesman for Y said', '"X is under our control"': a taking the
    speaker tells in the first person is done by the side the speaker speaks for, when the speaker's words name
    it; None when the actor is not the first person or the speaker names no side."""
    first = ctx.lex.cues["first_person"]
    own = trig.actor_token if trig.actor_token is not None else trig.token
    if own.lower_ not in first and not any(c.dep_ == "poss" and c.lower_ in first for c in own.children):
        return None
    verb = say_verb(trig.token, ctx.lex)
    if verb is None:
        return None
    # the speaker's words: the say verb's own, outside the clause said and whom it was told to ("told AFP");
    # not only its subject, which the parser loses after a closing quote ('," Ali Musa, spokesman for Y, told')
    said = next(c for c in verb.children if trig.token in c.subtree)
    for part in verb.children:
        if part == said or part.dep_ in ("dobj", "dative"):
            continue
        for tok in part.subtree:
            if tok.pos_ in ("NOUN", "PROPN") and (
                    actor_state(tok, ctx) is not None or ctx.lex.actor(actor_label(tok, ctx) or "") is not None):
                return tok
    return None


def acting_countries(doc: Doc, ctx: ArticleContext) -> tuple[str, ...]:
    """The country names the article tells as who acts or speaks ('Russia said', 'Russia's defence ministry',
    'held by Ukraine'), once per such mention, when it also names or calls by its people another country ('a
    Ukrainian official'): who they are, not where its events are (kg.places.context). In an article of one
    country ('Iraq's government overran X') the name still says where."""
    lex = ctx.lex
    who = lex.places["force_nouns"] | lex.places["metonym_heads"] | lex.places["agent_nouns"] | lex.bodies | (
        lex.roles | lex.cues["hearsay_nouns"] | lex.cues["leader_nouns"] | lex.cues["state_bodies"])
    acting: list[tuple[str, str]] = []
    elsewhere: set[str] = set()  # the states named otherwise, or by their people
    for ent in doc.ents:
        state = lex.demonyms.get(word_key(ent.text)) if ent.label_ in ("GPE", "NORP") else None
        if state is None:
            continue
        root = ent.root
        owner = root.dep_ in ("poss", "compound") and (
            root.head.lemma_.lower() in who or any(c.dep_ == "compound" and c.i > root.i and c.lemma_.lower() in who
                                                   for c in root.head.children))
        agent = root.dep_ == "pobj" and root.head.lower_ == "by"
        if ent.label_ == "GPE" and kind_of(ent) == "country" and (root.dep_ == "nsubj" or owner or agent):
            acting.append((ent.text, state))
        else:
            elsewhere.add(state)
    return tuple(name for name, state in acting if elsewhere - {state, *(s for _, s in acting)})
