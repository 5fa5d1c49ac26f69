"""Refusing SPARQL that would make the engine fetch from other hosts (SERVICE), before it runs.

pyoxigraph's ``Store.query`` (0.5) evaluates ``SERVICE <http://...>`` by sending an HTTP request and has no
option to turn that off, so kg scans the exact text it is about to hand to the engine and refuses it first.
"""
from __future__ import annotations

import re

from kg.errors import QueryError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape_codepoints(text: str) -> str:
    r"""Apply SPARQL's \uXXXX / \UXXXXXXXX codepoint escapes (SPARQL 1.1 §19.2: done before parsing)."""

    def one(match: re.Match[str]) -> str:
        value = int(match.group(1) or match.group(2), 16)
        return chr(value) if value <= 0x10FFFF else match.group(0)

    # repeat to a fixed point: more than SPARQL does, but only ever finds more to refuse
    for _ in range(8):
        decoded = _ESCAPE.sub(one, text)
        if decoded == text:
            break
        text = decoded
    return text


def uses_service(text: str) -> bool:
    """True if the text could contain a SPARQL SERVICE clause.

    A plain case-insensitive substring test on the unescaped text: it also matches "service" inside a
    literal, an IRI, a prefixed name or a comment. Those false positives are accepted on purpose, since
    refusing a harmless query is safe and a SPARQL tokenizer of our own could disagree with Oxigraph's.
    """
    return "service" in unescape_codepoints(text).casefold()


def refuse_service(text: str, option: str = "--allow-service (Python: allow_service=True)") -> None:
    """QueryError if ``text`` may use SERVICE; ``option`` is what the caller can pass to run it anyway."""
    if uses_service(text):
        raise QueryError(
            "the query may use SPARQL SERVICE, which fetches data from other hosts (the word 'service' "
            f"anywhere in it counts); pass {option} to run it"
        )


__all__ = ["refuse_service", "unescape_codepoints", "uses_service"]
