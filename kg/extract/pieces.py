"""Long articles parsed in pieces: within spaCy's ``max_length``, with memory bounded, offsets kept.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters, error E088), and its memory grows
with the length of the texts in a batch (a 990 KB article in one Doc peaked at 3.3 GB). An article longer
than :data:`PIECE_CHARS` is cut at paragraph breaks (else line breaks, sentence ends, spaces) into pieces
that concatenate back to exactly its text; the pieces go through the same ``nlp.pipe`` stream as the other
articles and are joined with ``Doc.from_docs`` into one Doc whose text is the article's, so every
character offset refers to the whole article.
"""
from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING
from collections.abc import Iterable, Iterator

from kg.errors import KgError
from kg.model import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# A long news article is ~20,000 characters: those are parsed whole, as before; longer ones in pieces of
# at most this size, so that a batch of pieces holds about what a batch of long articles holds.
PIECE_CHARS = 20_000
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


def cut_points(text: str, size: int = PIECE_CHARS) -> list[int]:
    """Offsets that cut ``text`` into pieces of at most ``size`` characters, at the best break in each window."""
    cuts: list[int] = []
    start = 0
    while len(text) - start > size:
        cut = _best_break(text, start, start + size)
        cuts.append(cut)
        start = cut
    return cuts


def _best_break(text: str, start: int, end: int) -> int:
    """The last paragraph break, else line break, sentence end or space in the second half of the window."""
    low = start + (end - start) // 2
    for sep in ("\n\n", "\n"):
        at = text.rfind(sep, low, end)
        if at >= 0:
            return at + len(sep)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, low, end)]
    if ends:
        return ends[-1]
    for i in range(end - 1, low - 1, -1):
        if text[i].isspace():
            return i + 1
    return end  # one 10,000-character "word": cut anyway, the text still concatenates back exactly


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    bounds = [0, *cut_points(text, size), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def pipe_in_pieces(nlp: Language, articles: Iterable[Article], batch_size: int = 16,
                   n_process: int = 1) -> Iterator[tuple[Doc, Article]]:
    """Like ``nlp.pipe(..., as_tuples=True)`` over the articles' texts, with long texts parsed in pieces."""
    import numpy
    from spacy.tokens import Doc

    def stream() -> Iterator[tuple[str, tuple[Article, int]]]:
        for article in articles:
            parts = pieces(article.text) if len(article.text) > PIECE_CHARS else [article.text]
            for part in parts[:-1]:
                yield part, (article, 0)
            yield parts[-1], (article, len(parts))  # the count marks an article's last piece

    done: list[Doc] = []
    for doc, (article, count) in nlp.pipe(stream(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        if count != 1:  # a piece: its tok2vec tensor (~400 bytes a token) is not read after the pipeline
            doc.tensor = numpy.zeros((0,), dtype="float32")
        done.append(doc)
        if not count:
            continue
        whole = done[0] if count == 1 else Doc.from_docs(  # type: ignore[call-arg]  # doc.pyi lacks exclude=
            done, ensure_whitespace=False, exclude=["tensor"])
        done = []
        if whole.text != article.text:  # a guarantee evidence offsets rest on: fail loudly, never misplace
            raise KgError(f"{article.file}: its pieces did not join back to its text; report this as a kg bug")
        yield whole, article
