"""JSON Lines input: each line is its own article, with its own size limit and its own one-line error.

The file is streamed line by line (a .jsonl may hold any number of articles; only one line is in memory),
and lines end at ``\\n`` only: U+2028, U+2029 and U+0085 are ordinary characters inside a JSON string.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO
from collections.abc import Iterator

from kg.errors import InputError
from kg.model import Article
from kg.source import MAX_ARTICLE_BYTES, Metadata, clean, decode_text, make_article, open_regular, parse_date

STRING_FIELDS = ("text", "file", "url", "headline", "publisher", "date_published")


def iter_jsonl(path: Path, key: str) -> Iterator[tuple[Article | None, tuple[str, ...], str | None]]:
    """(article, warnings, error) per non-blank line; ``key`` names the file, its lines are ``key#<n>``."""
    with open_regular(path) as fh:
        for n, raw in _lines(fh, path):
            where = f"{path}:{n}"
            if raw is None:
                yield None, (), (f"{where}: line is over the {MAX_ARTICLE_BYTES:,}-byte article limit; "
                                 "split it into articles")
                continue
            if not raw.strip():
                continue
            try:
                yield (*_article(raw, where, f"{key}#{n}"), None)
            except InputError as exc:
                yield None, (), str(exc)


def _lines(fh: BinaryIO, path: Path) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines split on b"\\n"; an over-long line is skipped to its end without being kept (None)."""
    n = 0
    try:
        while True:
            line = fh.readline(MAX_ARTICLE_BYTES + 2)
            if not line:
                return
            n += 1
            if len(line) - line.endswith(b"\n") > MAX_ARTICLE_BYTES:
                while line and not line.endswith(b"\n"):
                    line = fh.readline(1 << 20)
                yield n, None
                continue
            yield n, line
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); check that it exists and is readable") from None


def _article(raw: bytes, where: str, name: str) -> tuple[Article | None, tuple[str, ...]]:
    text = decode_text(raw, where)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg}); each line must be one JSON object") from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply; each line must be one flat JSON object") from None
    except ValueError as exc:  # e.g. an integer of over 4,300 digits
        raise InputError(f"{where}: not usable JSON ({_first_clause(exc)}); "
                         "each line must be one JSON object") from None
    if not isinstance(obj, dict):
        raise InputError(f"{where}: no 'text' field with the article; each line needs \"text\": \"...\"")
    for field in STRING_FIELDS:
        _check_string(obj.get(field), field, where)
    if not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise InputError(f"{where}: no 'text' field with the article; each line needs \"text\": \"...\"")
    if "\x00" in obj["text"]:
        raise InputError(f"{where}: 'text' holds a NUL character; give plain text")
    when, warn = parse_date(obj.get("date_published"), where)
    meta = Metadata(url=clean(obj.get("url")), headline=clean(obj.get("headline")),
                    publisher=clean(obj.get("publisher")), date_published=when)
    return make_article(obj["text"], clean(obj.get("file")) or name, meta), tuple(w for w in (warn,) if w)


def _check_string(value: Any, field: str, where: str) -> None:
    """A string field must be a string (or null) that can be written as UTF-8: no lone surrogate."""
    if value is None:
        return
    if not isinstance(value, str):
        raise InputError(f"{where}: '{field}' is a JSON {_json_type(value)}, not a string; "
                         f"write it as \"{field}\": \"...\" or leave it out")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{where}: '{field}' holds a lone surrogate (\\u{ord(value[exc.start]):04x} at "
                         f"character {exc.start}); fix the text's encoding") from None


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _first_clause(exc: Exception) -> str:
    return str(exc).split(";")[0].split(":")[0].strip()[:80]
