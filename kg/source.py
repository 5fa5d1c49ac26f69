"""Where an article comes from: its identity (source key), its metadata, and reading its bytes safely.

The first ingest module: ``kg.ingest`` and ``kg.jsonl`` build on it.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.model import Article

# Larger inputs are almost always a mistake (a dump, a binary); the parser would take minutes.
MAX_ARTICLE_BYTES = 2_000_000


@dataclass(frozen=True)
class Source:
    """An input file and its key: the path relative to the folder given to ``kg build`` (posix form), or the
    name of a file given directly. The key is stored as ``kg:file`` and names the article when it has no url."""

    path: Path
    key: str


@dataclass(frozen=True)
class Metadata:
    url: str | None = None
    headline: str | None = None
    publisher: str | None = None
    date_published: date | None = None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id(url: str | None, source: str) -> str:
    """Stable id: from the url when known (the same story re-fetched keeps its id), else from the source key,
    so that editing an article's text replaces its graph instead of adding a second one."""
    basis = f"url:{url.strip()}" if url and url.strip() else f"file:{source}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def parse_date(value: str | None, where: str) -> tuple[date | None, str | None]:
    """An ISO date, or None with a warning naming the bad value."""
    if value is None or not value.strip():
        return None, None
    try:
        return date.fromisoformat(value.strip()[:10]), None
    except ValueError:
        return None, (f"{where}: date_published {value!r} is not an ISO date (YYYY-MM-DD); "
                      "relative dates stay unresolved")


def clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def make_article(text: str, file: str, meta: Metadata) -> Article:
    text_hash = content_hash(text)
    return Article(
        id=article_id(meta.url, file),
        text=text,
        file=file,
        content_hash=text_hash,
        url=meta.url,
        headline=meta.headline,
        publisher=meta.publisher,
        date_published=meta.date_published,
    )


def open_regular(path: Path) -> BinaryIO:
    """The file opened for reading, refused unless it is a regular file: a FIFO would block the build, a
    device such as /dev/zero would be read until memory runs out. O_NONBLOCK makes opening a FIFO return
    at once so that fstat can refuse it."""
    try:
        _refuse_special(path, os.stat(path).st_mode)  # a socket cannot even be opened: say what it is first
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise InputError(f"{path}: is a folder, not an article file; rename it or give its files") from None
        raise InputError(f"{path}: cannot read ({exc.strerror}); check that it exists and is readable") from None
    try:
        _refuse_special(path, os.fstat(fd).st_mode)  # what was opened, should the path have changed since
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _refuse_special(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder, not an article file; rename it or give its files")
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: is a {_kind(mode)}, not a regular file; kg reads only regular files, "
                         f"copy its content into a file")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def too_big(path: Path | str, size: int) -> InputError:
    return InputError(f"{path}: {size:,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte article limit; "
                      f"split it into articles")


def read_regular(path: Path, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """At most ``limit`` bytes of a regular file; over it, an error before (by size) or while reading."""
    with open_regular(path) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size  # before reading: a 50 MB dump is refused without loading it
            if size > limit:
                raise too_big(path, size)
            raw = fh.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror}); check that it exists and is readable") from None
    if len(raw) > limit:  # grew while being read
        raise too_big(path, len(raw))
    return raw


def decode_text(raw: bytes, where: str) -> str:
    """UTF-8 text (a BOM dropped); one-line errors for NUL bytes and other encodings."""
    if b"\x00" in raw:
        raise InputError(f"{where}: looks binary (NUL bytes); give UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 (byte {exc.start}); convert it, e.g. iconv -f cp1252 -t utf-8") from None
