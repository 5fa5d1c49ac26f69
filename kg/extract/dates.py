"""When: a date in the trigger's phrase or clause, the statement's day, the dateline, or the publication day."""
from __future__ import annotations

from dataclasses import replace
from datetime import date as Date
from datetime import timedelta
from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.common import Trigger, _children, _entity_of, lost_sequence_prep
from kg.extract.context import ArticleContext
from kg.model import DateValue, EventFact
from kg.extract.temporal import is_vague_past
from kg.extract.temporal import resolve as resolve_date


# a date this long before the report, told under an event with no date of its own, makes that event a recap
_STALE = timedelta(days=60)


def _today(ctx: ArticleContext) -> Date | None:
    return ctx.today or ctx.article.date_published


def event_date(trig: Trigger, sent: Span, ctx: ArticleContext) -> DateValue:
    published = _today(ctx)
    # "seizing and taking control of the city this Saturday": a conjunct's date is the event's too
    irrealis = ctx.lex.cues["irrealis"]
    # (not a conjunct that only may happen: "have taken X and would pull out on Thursday")
    conjuncts = [c for c in trig.token.conjuncts
                 if not any(a.dep_ == "aux" and a.lemma_.lower() in irrealis for a in c.children)]
    climbed = _climb_until_cue(trig.token, ctx)
    # ("took control of X, the capital of Y State on Saturday": the date the parser hangs on the place's apposition)
    apposed = [a for r in trig.place_roots for a in r.children if a.dep_ == "appos"]
    for tokens in ([trig.token], apposed, conjuncts, climbed):
        if tokens is conjuncts and (sequenced := _sequenced(trig.token, ctx)) is not None:
            return sequenced  # no date of its own: counted from the clause it follows
        if tokens is climbed and _followed(trig, ctx):
            return DateValue(value=None, text="", precision="earlier")
        for t in tokens:
            for ent in [*_dates_near(t), *_subject_dates(t)]:
                # ("seized X on Saturday. The army had departed the previous day": the day before Saturday)
                value = _chained(ent.text, ctx) or resolve_date(ent.text, published)
                if value is not None:
                    return _speakers_day(ent.text, trig, ctx) or value
                if t == trig.token and is_vague_past(ent.text):  # "three weeks ago": before, but no day
                    return DateValue(value=None, text=ent.text, precision="earlier")
    if _recalled(trig.token, ctx) or _held_perfect(trig, ctx) or any(
            c.dep_ == "advmod" and c.lower_ in ctx.lex.cues["vague_past_adverbs"] for c in trig.token.children):
        return DateValue(value=None, text="", precision="earlier")  # ("a town they recently seized")
    long_ago = _long_before(trig.token, ctx)
    if long_ago is not None:
        return long_ago
    fight = _in_the_fight(trig, ctx) or _won_after(trig, ctx)
    if fight is not None:
        return fight
    # "a post on Saturday saying that his troops have taken X": the report's day is the statement's
    cues = _cue_ancestors(trig.token, ctx)
    for t in [x for cue in cues for x in (cue, *([cue.head] if cue.dep_ in ("acl", "advcl") else []))]:
        for ent in _dates_near(t):
            value = resolve_date(ent.text, published)
            if value is not None:
                return replace(value, precision="statement")
    leading = _line_date(sent, ctx)
    if leading is not None:
        return leading
    filed = ctx.filed[1]
    if filed is not None and filed.value is not None:
        return replace(filed, precision="publication")  # the day the report was filed
    return DateValue(value=published, text="", precision="publication")


def _long_before(tok: Token, ctx: ArticleContext) -> DateValue | None:
    """'occupied Gao in the aftermath of a coup on March 22, 2012' in a 2013 article: a taking told only with a
    date of its own phrase deep below it, months before the report, is background (not the publication day)."""
    published = ctx.article.date_published
    if published is None:
        return None
    skip = {d.i for c in tok.subtree if c.dep_ in ("relcl", "acl", "ccomp", "advcl") and c != tok for d in c.subtree}
    for t in tok.subtree:
        if t.i in skip or t.ent_type_ != "DATE" or t.ent_iob_ != "B":
            continue
        ent = _entity_of(t)
        value = resolve_date(ent.text, published) if ent is not None else None
        if value is not None and value.value is not None and value.value < published - _STALE:
            return DateValue(value=None, text=ent.text if ent is not None else "", precision="earlier")
    return None


def _recalled(tok: Token, ctx: ArticleContext) -> bool:
    """An event the text recalls, before what it reports, with no date of its own: 'since the fall of X',
    'the rebels who had captured and held X', 'home to both before it fell', 'three years after taking X'."""
    cues = ctx.lex.cues
    while tok.dep_ == "conj" and tok.head != tok:  # "who had captured and held X"
        tok = tok.head
    marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
    if (tok.dep_ == "pobj" and tok.head.lower_ in cues["held_since"]) or marks & cues["held_since"]:
        return True  # the start of what the article reports, not an event of its day
    if tok.dep_ == "relcl" and tok.head.lemma_.lower() not in cues["hearsay_nouns"] and any(
            a.dep_ == "aux" and a.tag_ == "VBD" and a.lemma_.lower() == "have" for a in tok.children):
        return True  # the pluperfect of a description: "the rebels, who had seized X, ..." ("reports the city
        # had fallen" is what was reported, parsed as a relative clause)
    if tok.dep_ == "advcl" and marks & cues["earlier_marks"] and tok.head.dep_ == "relcl":
        return True  # "X, which was home to both before it fell"
    prep = tok.head
    return tok.dep_ in ("pcomp", "pobj") and prep.lower_ in cues["after_preps"] and any(
        c.dep_ == "npadvmod" and c.lemma_.lower() in cues["duration_units"] for c in prep.children)


def _followed(trig: Trigger, ctx: ArticleContext) -> bool:
    """'bearing down on X after a six-month slog following the capture of Y', 'the retaking of X followed the
    capture of Y': a taking named as what came before, with no date of its own, is background (the date of the
    clause it hangs from is the later event's)."""
    tok, cues = trig.token, ctx.lex.cues
    if trig.type not in cues["held_types"] or tok.pos_ != "NOUN":
        return False
    return (tok.dep_ == "pobj" and tok.head.lower_ in cues["after_preps"]) or (
        tok.dep_ == "dobj" and tok.head.lemma_.lower() in cues["after_verbs"])


def _held_perfect(trig: Trigger, ctx: ArticleContext) -> bool:
    """'Gao had been under the control of MUJAO', 'Timbuktu and Kidal have been under rebel control': a hold that
    began before, on no day the text gives (not 'X is under rebel control', which may be the taking)."""
    tok = trig.token
    if trig.type not in ctx.lex.cues["held_types"] or tok.pos_ != "NOUN" or tok.dep_ != "pobj":
        return False
    verb = tok.head.head
    return verb.lemma_ == "be" and any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)


def _in_the_fight(trig: Trigger, ctx: ArticleContext) -> DateValue | None:
    """'Troops clashed with rebels in X on Friday. Two more were killed in the fighting': what happened in the
    fight just reported (in the sentence before) is of its day."""
    if ctx.last_day is None or ctx.last_place is None:
        return None
    if ctx.last_place[0] >= trig.token.sent.start or not ctx.in_reach(ctx.last_place[0], trig.token.i):
        return None  # (a fight of this sentence dates it directly)
    nouns, pointers = ctx.lex.words("attack", "nouns"), ctx.lex.cues["anaphors"] | {"the"}
    for prep in trig.token.children:
        for noun in _children(prep, "pobj") if prep.dep_ == "prep" else []:
            if noun.lemma_.lower() in nouns and any(c.dep_ == "det" and c.lower_ in pointers for c in noun.children):
                return DateValue(value=ctx.last_day, text="", precision="day")
    return None


def _won_after(trig: Trigger, ctx: ArticleContext) -> DateValue | None:
    """'rebels are in full control of X after two hours of fierce battles on Tuesday morning': a taking with no
    date of its own was won on the day of the fighting it followed."""
    if trig.type not in ctx.lex.cues["held_types"]:
        return None
    for head in [trig.token, *_climb_until_cue(trig.token, ctx)[:2]]:
        for prep in _children(head, "prep"):
            if prep.lower_ not in ctx.lex.cues["after_preps"]:
                continue
            for tok in prep.subtree:
                ent = _entity_of(tok) if tok.ent_type_ == "DATE" else None
                value = resolve_date(ent.text, _today(ctx)) if ent is not None else None
                if value is not None and value.precision == "day":
                    return value
    return None


def _speakers_day(text: str, trig: Trigger, ctx: ArticleContext) -> DateValue | None:
    """'"We took the city this morning," he said on Friday': a quote's today is the day it was said."""
    if " ".join(text.lower().split()) not in ctx.lex.chained_deictic:
        return None
    for verb in _cue_ancestors(trig.token, ctx):
        for ent in _dates_near(verb):
            said = resolve_date(ent.text, _today(ctx))
            if said is not None and said.value is not None and said.precision == "day":
                return replace(said, text=text)
    return None


def _chained(text: str, ctx: ArticleContext) -> DateValue | None:
    """'a day later', 'the next morning', 'hours before': counted from the event the article dated last."""
    phrase = " ".join(text.lower().split())
    phrase = phrase[3:] if phrase.startswith("on ") else phrase
    days = ctx.lex.chained_dates.get(phrase)
    if days is None or ctx.last_day is None:
        return None
    return DateValue(value=ctx.last_day + timedelta(days=days), text=text, precision="day")


def _sequenced(tok: Token, ctx: ArticleContext) -> DateValue | None:
    """'The attack came a day after the rebels seized X': the clause after 'a day after' is a day earlier
    than the one it hangs from (that clause's date, else the last the article gave)."""
    sequence = ctx.lex.cues["sequence_preps"]
    if tok.dep_ == "advcl":  # "... a day after the rebels seized X"
        mark = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ in sequence), None)
        holder, main = tok, tok.head
    elif tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ in sequence:  # "a day after the fall of X / taking X"
        mark, holder, main = tok.head, tok.head, tok.head.head
    elif (lost := lost_sequence_prep(tok, ctx.lex)) is not None:  # "came a day after the rebels ... seized X"
        mark, holder, main = lost, lost, tok.head
    else:
        return None
    if mark is None:
        return None
    # the duration hangs on the clause or the preposition, or the preposition on it ("a day after the fall")
    spans = [(c, main) for c in holder.children if c.dep_ == "npadvmod" and c.i < mark.i]
    if holder != mark:  # ("a day after the rebels seized X": the parser may hang "a day" on "after" itself)
        spans += [(c, main) for c in mark.children if c.dep_ == "npadvmod" and c.i < mark.i]
    if holder.head.dep_ == "npadvmod" and holder.head.i < mark.i:
        spans.append((holder.head, holder.head.head))
    for duration, followed in spans:
        phrase = " ".join(t.lower_ for t in tok.doc[duration.left_edge.i: mark.i + 1])
        days = ctx.lex.chained_dates.get(phrase)
        if days is None:
            continue
        base = next((v.value for e in _dates_near(followed) if (v := resolve_date(e.text, _today(ctx)))
                     is not None and v.precision == "day"), None)
        if base is None and any(s.dep_ == "nsubj" and any(c.dep_ == "prep" and c.lower_ == "of" for c in s.children)
                                and any(s.lemma_.lower() in ctx.lex.words(kind, "nouns") for kind in ctx.lex.events)
                                for s in followed.children):
            # "the capture of X comes a day after ...": counted from the undated event the clause names, the
            # article's news of the day it was published ("the attack came a day after": the one just reported)
            base = _today(ctx)
        base = base or ctx.last_day
        if base is not None:
            return DateValue(value=base - timedelta(days=days), text=phrase, precision="day")
    return None


def _line_date(sent: Span, ctx: ArticleContext) -> DateValue | None:
    """'Aug. 9 - AYBAK: ...': a factbox entry's leading date dates the events on its line."""
    text = ctx.article.text  # Doc.text rebuilds the string on every access
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    for ent in ctx.dates:
        if line_start <= ent.start_char <= line_start + 2 and ent.end_char <= sent.end_char:
            after = text[ent.end_char: ent.end_char + 3].strip()
            if after[:1] in ("-", "–", "—", ":"):
                return resolve_date(ent.text, _today(ctx))
    return None


def _climb_until_cue(tok: Token, ctx: ArticleContext) -> list[Token]:
    """The verbs this trigger hangs from ('fighting continued on Tuesday'), stopping at a cue verb."""
    out: list[Token] = []
    nominal = ("nsubj", "nsubjpass", "dobj", "pobj", "prep")
    while tok.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl", "pcomp", *nominal) and tok.head != tok:
        tok = tok.head
        if tok.lemma_.lower() in ctx.lex.cues["say"]:
            break
        out.append(tok)
    return out


def _cue_ancestors(tok: Token, ctx: ArticleContext) -> list[Token]:
    cues = ctx.lex.cues["say"] | ctx.lex.cues["deny"] | ctx.lex.cues["hedge_verbs"]  # ("Late Thursday, X claimed")
    return [a for a in tok.ancestors if a.lemma_.lower() in cues]


def _dates_near(tok: Token) -> Iterator[Span]:
    """DATE/TIME entities in this token's phrase ('into Herat on Thursday', 'when a bomb exploded on
    Tuesday'), nearest first; not from other clauses."""
    frontier, seen = [(c, 1) for c in tok.children], set()
    while frontier:
        child, depth = frontier.pop(0)
        if child.i in seen or depth > 3:
            continue
        seen.add(child.i)
        if child.ent_type_ in ("DATE", "TIME") and child.dep_ in (
                "npadvmod", "tmod", "advmod", "nmod", "pobj", "compound", "poss", "nummod"):  # ("a 2012 insurrection")
            ent = _entity_of(child)
            if ent is not None:
                yield ent
            # "Thursday evening" split into DATE + TIME by the model: the whole phrase resolves
            yield child.doc[child.left_edge.i: child.right_edge.i + 1]
            continue
        if child.dep_ in ("prep", "pobj") or (child.dep_ == "advcl" and any(
            m.dep_ == "advmod" and m.lower_ == "when" for m in child.children)):
            frontier.extend((c, depth + 1) for c in child.children)


def _subject_dates(verb: Token) -> list[Span]:
    """'Islamic State on Sunday seized X': the parser hangs the date between subject and verb on the subject."""
    out: list[Span] = []
    for subj in verb.children:
        if subj.dep_ in ("nsubj", "nsubjpass") and subj.i < verb.i:
            for prep in subj.children:
                if prep.dep_ == "prep" and subj.i < prep.i < verb.i:
                    out.extend(ent for p in prep.children if p.ent_type_ in ("DATE", "TIME")
                               and (ent := _entity_of(p)) is not None)
    return out


def _recap(when: DateValue, published: Date | None) -> bool:
    """A month or a year before the publication month: what the story recalls, not what it reports."""
    if when.precision not in ("month", "year") or when.value is None or published is None:
        return False
    return when.value < published.replace(day=1)


def _share_dates(events: list[EventFact], published: Date | None) -> list[EventFact]:
    """Mentions of one event without a date of their own take the date the article gives it elsewhere (not a
    recap's: "IS took over X in January 2014" does not date "the fall of X" the article reports)."""
    dated: dict[tuple[str, str], set[tuple[DateValue, tuple[str, ...]]]] = {}
    for e in events:
        if e.date.precision != "publication" and e.date.value is not None and not _recap(e.date, published):
            dated.setdefault(_event_key(e), set()).add((e.date, e.actors))
    out = []
    for e in events:
        # (not from another side's taking of the place: "X was in the army's control; a day earlier it had
        # fallen to IS")
        known = {d for d, actors in dated.get(_event_key(e), set())
                 if not actors or not e.actors or set(actors) & set(e.actors)}
        if e.date.precision == "publication" and len({d.value for d in known}) == 1:
            e = replace(e, date=sorted(known, key=lambda d: d.precision)[0])
        out.append(e)
    return out


def _event_key(e: EventFact) -> tuple[str, str]:
    return e.type, ((e.place.name or e.place.text) if e.place else "").lower()
