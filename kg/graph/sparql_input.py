"""Ad hoc SPARQL as a user hands it over: ``@FILE`` read safely, updates refused by name, engine errors in one line.

``kg sparql`` is read-only, so a SPARQL Update is refused before the engine sees it. The test is the first
keyword after the prologue (``BASE``/``PREFIX`` declarations and comments): every query starts with SELECT,
CONSTRUCT, ASK or DESCRIBE there and every update with one of :data:`UPDATE_KEYWORDS`, so the scan cannot
refuse a query; strings and IRIs only ever come after that keyword, except inside the prologue's IRIs, which
are skipped whole (a ``#`` in ``<http://x#>`` is not a comment).
"""
from __future__ import annotations

import re
import stat
from pathlib import Path

from kg.errors import QueryError

# Larger than any query a person writes or a VALUES block of a few thousand rows; a bound for `@/dev/zero`.
MAX_QUERY_BYTES = 10 * 1024 * 1024
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
READ_ONLY = "read-only: kg sparql runs queries; use kg build / kg remove to change the store"
_MAX_MESSAGE = 300

_PROLOGUE = re.compile(
    r"""\s+                                   # whitespace
      | \#[^\n\r]*                            # a comment, to the end of its line
      | (?i:PREFIX)\s*[^\s:<>]*:\s*<[^<>]*>   # PREFIX pname: <iri>
      | (?i:BASE)\s*<[^<>]*>                  # BASE <iri>
    """,
    re.VERBOSE,
)
_KEYWORD = re.compile(r"[A-Za-z]+")


def read_query_arg(arg: str) -> str:
    """The query text of a ``kg sparql`` argument: itself, or the UTF-8 text of FILE for ``@FILE``."""
    if not arg.startswith("@"):
        return arg
    name = arg[1:]
    if not name:
        raise QueryError("'@' needs a file name, e.g. kg sparql @query.rq; or give the query text itself")
    path = Path(name)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise QueryError(f"{name}: is a folder, not a query file; give @FILE with the SPARQL text")
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            raise QueryError(f"{name}: not a regular file; save the query to a file and give @FILE")
        with path.open("rb") as handle:
            data = handle.read(MAX_QUERY_BYTES + 1)
    except FileNotFoundError:
        raise QueryError(f"{name}: no such query file; check the path after '@' (or give the query text)") from None
    except OSError as exc:
        raise QueryError(f"{name}: cannot read the query file ({exc.strerror or exc}); check the path") from None
    if len(data) > MAX_QUERY_BYTES:
        raise QueryError(f"{name}: larger than {MAX_QUERY_BYTES // (1024 * 1024)} MB; a query file is SPARQL text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QueryError(
            f"{name}: not UTF-8 text (bad byte at offset {exc.start}); a query file is SPARQL text saved as UTF-8"
        ) from None
    if "\x00" in text:
        raise QueryError(f"{name}: a binary file (it holds NUL bytes); a query file is SPARQL text saved as UTF-8")
    return text


def update_keyword(text: str) -> str | None:
    """The SPARQL Update keyword the text starts with (after its prologue), or None for anything else."""
    pos = 0
    while (skip := _PROLOGUE.match(text, pos)) is not None and skip.end() > pos:
        pos = skip.end()
    word = _KEYWORD.match(text, pos)
    if word is None:
        return None
    keyword = word.group().upper()
    return keyword if keyword in UPDATE_KEYWORDS else None


def refuse_update(text: str) -> None:
    """QueryError when ``text`` is empty or a SPARQL Update: kg sparql only reads."""
    if not text.strip():
        raise QueryError("the query is empty; give the SPARQL text, or @FILE to read it from a file")
    keyword = update_keyword(text)
    if keyword is not None:
        raise QueryError(f"{READ_ONLY} ({keyword} is SPARQL Update)")


def engine_error(exc: Exception) -> QueryError:
    """A pyoxigraph error (syntax, evaluation, SERVICE or other IO) as one line."""
    if isinstance(exc, SyntaxError):
        return QueryError(f"SPARQL syntax error: {one_line(str(exc))}; fix the query")
    return QueryError(f"SPARQL query failed: {one_line(str(exc)) or type(exc).__name__}")


def one_line(text: str) -> str:
    """Whitespace runs (newlines included) as one space, cut to a readable length.

    The engine's syntax errors list every expected token, Unicode ranges included: hundreds of characters
    over several lines; the position and the first few expected tokens are what a person can act on.
    """
    flat = " ".join(text.split())
    if len(flat) <= _MAX_MESSAGE:
        return flat
    cut = flat.rfind(", ", 0, _MAX_MESSAGE)
    return flat[: cut if cut > 0 else _MAX_MESSAGE] + ", …"
