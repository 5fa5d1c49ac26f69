"""Words of a question with their offsets: one linear scan, no pattern that can backtrack."""
from __future__ import annotations

import re
from dataclasses import dataclass

# A word is letters/digits joined by single inner marks ("Pul-e-Khumri", "2021-08-06", "army's"); each
# repetition starts with a mark the word class excludes, so a match has one parse and the scan is linear.
_WORD = re.compile(r"[^\W_]+(?:['’\-./][^\W_]+)*|[–—-]")


@dataclass(frozen=True)
class Token:
    text: str
    low: str  # lower case, straight apostrophe, possessive "'s" dropped
    start: int
    end: int


def tokenize(question: str) -> tuple[Token, ...]:
    out: list[Token] = []
    for match in _WORD.finditer(question):
        text = match.group()
        low = text.lower().replace("’", "'")
        if low.endswith("'s") and len(low) > 2:
            low = low[:-2]
        out.append(Token(text, low, match.start(), match.end()))
    return tuple(out)


def span_text(question: str, tokens: tuple[Token, ...], start: int, end: int) -> str:
    """The question's own text from token ``start`` to token ``end`` (exclusive)."""
    return question[tokens[start].start:tokens[end - 1].end]
