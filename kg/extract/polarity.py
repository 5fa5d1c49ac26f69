"""Whether the text asserts, claims or denies an event, or only supposes it."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.common import Trigger, _children, _entity_of
from kg.extract.context import ArticleContext


def polarity(trig: Trigger, sent: Span, ctx: ArticleContext) -> tuple[str | None, Token | None]:
    """('asserted'|'claimed'|'denied', the cue token) or (None, None) for hypothetical events."""
    tok = trig.token
    cues = ctx.lex.cues
    if trig.denied or any(_negates(c) for c in tok.children):
        if any(c.dep_ == "aux" and c.lemma_.lower() in cues["irrealis"] for c in tok.children):
            return None, None  # "rebels say they won't attack X": an intent, not a denial
        if any(c.lower_ in cues["pending_words"] and c.dep_ == "advmod" for c in tok.children) or (
                any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children) and _ranked(tok.head)):
            # "the enemies have not yet entered the town", "the last town not to have fallen": no taking yet,
            # nor one disputed
            return None, None
        return "denied", tok
    if any(a.lower_ == "without" and a.dep_ == "prep" for a in list(tok.ancestors)[:3]):
        return "denied", tok  # "without admitting the loss of the town"
    auxes = [c.lemma_.lower() for c in tok.children if c.dep_ == "aux"]
    if any(a in cues["epistemic_modals"] for a in auxes) and "have" in auxes and tok.tag_ == "VBN":
        return "claimed", tok  # "residents may have fled": a guess about what happened, not a plan
    if any(a in cues["irrealis"] for a in auxes):
        return None, None
    lives = ctx.lex.words("killing", "lives")
    if tok.lemma_.lower() in cues["hedge_verbs"] and not any(c.lemma_.lower() in lives for c in tok.children):
        return "claimed", tok  # "claiming control of X": the trigger is itself the claim ("claimed the lives": not)
    ordered = trig.type in cues["ordered_types"] and tok.head.lemma_.lower() in cues["order_verbs"]
    # ("attempted to storm X": an assault tried is an assault made)
    tried = trig.type in cues["tried_types"] and tok.dep_ == "xcomp" and (
        tok.head.lemma_.lower() in cues["attempt_verbs"]) and tok.lemma_.lower() in ctx.lex.words(trig.type, "verbs")
    if _purpose(tok, cues) and not ordered and not tried:  # ("ordered residents to evacuate X" is the evacuation)
        return None, None
    ancestors = list(tok.ancestors)
    # the nearest cue verb owns the clause: "denied X and said fighting continued" denies only X
    # ("will deny the Shebab a base for attacks": to deny someone a thing is to keep it from them)
    cue_verb = next((a for a in ancestors if a.pos_ in ("VERB", "AUX") and (
        a.lemma_.lower() in cues["deny"] | cues["say"] or _phrasal(a) in cues["deny_phrasal"])
        and not any(c.dep_ == "dative" for c in a.children)), None)
    if cue_verb is not None and (cue_verb.lemma_.lower() in cues["deny"] or _phrasal(cue_verb) in cues["deny_phrasal"]):
        if any(_negates(c) for c in cue_verb.children):
            return "claimed", cue_verb  # "did not deny that X had fallen": a denial withheld, the claim stands
        # "denied responsibility for the attacks": the attacks are not denied, the part in them is; what the
        # denying verb's subject tells ("the pressure ... throws doubt on the strategy") is not denied either
        path = ancestors[:ancestors.index(cue_verb)]
        if not any(a.lemma_.lower() in cues["denied_roles"] for a in path) and (
                (path[-1] if path else tok).dep_ != "nsubj"):
            return "denied", cue_verb
    refuted = _called_false(ancestors, cues)
    if refuted is not None:
        return "denied", refuted
    # "the capture of X on Sunday could have repercussions": a dated event noun as subject is taken as given
    # ("the capture of X would be a gain" supposes it)
    given = tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and any(
        t.ent_type_ == "DATE" for t in tok.subtree)
    for anc in [] if given else _own_clause(tok, ancestors, cues["factive_wh"]):
        lemma = anc.lemma_.lower()
        if lemma in cues["say"] and not any(c.dep_ == "aux" and c.lower_ == "to" for c in anc.children):
            break  # what a source says is theirs to hedge, not the clause around it ("to declare X liberated": no
            # one said it yet)
        if (lemma in cues["irrealis"] and not (tried and anc == tok.head)) or any(
            (c.dep_ in ("mark", "aux") and c.lower_ in cues["irrealis"]) or _negates(c) for c in anc.children
        ):
            return None, None
    for anc in ancestors:
        lemma = anc.lemma_.lower()
        if lemma in cues["hearsay_nouns"] and anc.pos_ == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in cues["negating_dets"] for c in anc.children):
            return "denied", anc  # "there is no confirmed information about the capture of X"
        if lemma in cues["hedge_verbs"] or (lemma in cues["hearsay_nouns"] and anc.pos_ == "NOUN"):
            return "claimed", anc
        if lemma in cues["say"] | cues["hedge_verbs"] and _says_itself(
                anc, ctx, tok if trig.type in cues["claimable_types"] else None):
            return "claimed", anc
    if any(c.dep_ == "mark" and c.lower_ in cues["irrealis"] for c in tok.children):
        return None, None
    if any(c.lower_ in cues["hedge_adverbs"] for c in tok.children) or _hedged(sent, ctx):
        return "claimed", None
    if trig.type in cues["claimable_types"] and any(
            t.lower_ in cues["first_person"] and t.dep_ in ("nsubj", "nsubjpass", "poss")
            for c in tok.children for t in (c, *c.children)):
        return "claimed", None  # "Our forces took control of X", "X is under our control": the taker's word
    return "asserted", None


def _own_clause(tok: Token, ancestors: list[Token], factive: frozenset[str]) -> list[Token]:
    """The ancestors up to a relative clause's noun: "trying to retake X, a town that has fallen to the rebels"
    tells the fall as a fact, whatever the clause around the noun only intends, and so does a past participle on
    its noun ("boats are expected with people displaced from X"); "would be the last town to be retaken" and
    "which controls parts of X" are no past events of their own. Nor past a clause that asks why or how a thing
    happened ("it was not clear why troops had abandoned X"): what is explained took place."""
    out: list[Token] = []
    below = tok
    for anc in ancestors:
        if below.dep_ in ("relcl", "acl") and below.tag_ in ("VBD", "VBN") and not any(
                c.dep_ in ("aux", "auxpass") and c.lower_ == "to" for c in below.children):
            break
        if any(c.dep_ == "advmod" and c.lower_ in factive for c in below.children):
            break
        out.append(anc)
        below = anc
    return out


def _negates(tok: Token) -> bool:
    """A negation: the parser's "neg", or "n’t" with a curly apostrophe, which it tags as punctuation."""
    return tok.dep_ == "neg" or (tok.lower_ in ("n’t", "n't") and tok.head.pos_ in ("AUX", "VERB"))


def _phrasal(verb: Token) -> str:
    """'played down' -> 'play down', 'cast doubt on' -> 'cast doubt': a verb with its particle, else its object."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "") or next(
        (c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"), "")
    return f"{verb.lemma_.lower()} {particle}".strip()


def _called_false(ancestors: list[Token], cues: dict[str, frozenset[str]]) -> Token | None:
    """'the rebels' claim that they had taken X was false', 'reports that X fell are not true': a claim
    the sentence calls false."""
    for claim in ancestors:
        if claim.lemma_.lower() not in cues["hearsay_nouns"] or claim.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        verdict = claim.head
        complements = [c for c in verdict.children if c.dep_ in ("acomp", "attr", "oprd", "prep", "advcl")]
        words = {w.lemma_.lower() for c in complements for w in c.subtree}
        negated = any(_negates(c) for c in verdict.children)
        if words & cues["falsity"] or (negated and words & cues["truth"]):
            return verdict
    return None


def _purpose(tok: Token, cues: dict[str, frozenset[str]]) -> bool:
    """'an operation to retake X', 'plans to seize X': an aim, not an event (unless 'to have taken')."""
    infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)
    perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in tok.children)
    # "were forced to flee", "forced the rebels to retreat": compulsion says the infinitive happened
    # ("made another attempt this week to capture X": an adverbial infinitive is the aim of the making)
    compelled = tok.head.lemma_.lower() in cues["compel_verbs"] and tok.dep_ != "advcl"
    # ("announced an attack to capture X": an infinitive of purpose after a cue verb is still an aim)
    reported = compelled or tok.head.lemma_.lower() in cues["aspect_verbs"] or (
        tok.dep_ != "advcl" and tok.head.lemma_.lower() in cues["say"] | cues["hedge_verbs"] | cues["deny"])
    # "the first capital to fall": after an ordinal the infinitive states what happened
    return (infinitive and not perfect and not reported and not _ranked(tok.head)
            and tok.dep_ in ("acl", "advcl", "xcomp", "relcl")
            and (tok.head.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("xcomp", "advcl")))


def _ranked(noun: Token) -> bool:
    """'the first capital', 'the last major town': a noun an ordinal or superlative ranks."""
    return any(c.dep_ == "amod" and (c.ent_type_ == "ORDINAL" or c.tag_ == "JJS" or c.lower_ in ("last", "latest"))
               for c in noun.children)


def _says_itself(verb: Token, ctx: ArticleContext, taking: Token | None) -> bool:
    """'The Taliban say they have captured...', 'rebels said they had captured X': the only source is the actor
    itself (a force the speaker names by its noun only counts for a taking whose taker is the speaker's "they";
    "the army said it had withdrawn" is an admission, not a claim)."""
    subj = _children(verb, "nsubj")
    if not subj:
        return False
    taker = next((s for s in taking.children if s.dep_ == "nsubj"), None) if taking is not None else None
    if taker is not None and taker.lower_ in ctx.lex.cues["actor_pronouns"] and subj[0].lemma_.lower() in (
            ctx.lex.words("withdrawal", "subjects") | ctx.lex.places["force_nouns"]):
        return True
    words = [subj[0], *(c for c in subj[0].children if c.dep_ in ("compound", "amod", "poss"))]
    for word in words:  # "the Taliban", "a Taliban commander", "the group's spokesman"
        ent = _entity_of(word)
        named = ctx.lex.actor(ent.text if ent is not None else word.text)
        if named is not None and named.kind == "armed_group":
            return True
    return False


def _hedged(sent: Span, ctx: ArticleContext) -> bool:
    low = ctx.article.text[sent.start_char:sent.end_char].lower()
    if any(p in low for p in ctx.lex.hedge_phrases):
        return True
    # "X says A, however Y has denied X's version": a contested statement is only a claim
    lemmas = ctx.lemmas[sent.start:sent.end]
    cues = ctx.lex.cues
    return any(lemma in cues["deny"] for lemma in lemmas) and any(lemma in cues["say"] for lemma in lemmas)
