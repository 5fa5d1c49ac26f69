"""Span arithmetic for the place matcher: where a gazetteer match meets the model's entities."""
from __future__ import annotations

from spacy.tokens import Span


def glued(span: Span) -> bool:
    """'Pul' in 'Pul-e-Charkhi': a hyphen without spaces joins the match to more of a longer name."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    return (after is not None and after.text == "-" and not span[-1].whitespace_ and not after.whitespace_) or (
        before is not None and before.text == "-" and not before.whitespace_ and span.start > 1
        and not doc[span.start - 2].whitespace_)


def trim_before(ent: Span, found: list[Span]) -> Span:
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


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
