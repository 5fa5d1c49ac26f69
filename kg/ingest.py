"""Read articles and their metadata from files and folders.

>>> arts, warnings = read_articles([Path("seeds")])  # doctest: +SKIP
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from html.parser import HTMLParser
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError
from kg.model import Article

TEXT_SUFFIXES = (".txt", ".md")
# HTML is converted to text (markup stripped); that text is the article: offsets and hashes refer to it.
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIX = ".jsonl"
METADATA_COLUMNS = ("file", "url", "headline", "publisher", "date_published")
METADATA_NAME = "articles.csv"
# Project files that sit beside articles in a folder and are not articles.
NOT_ARTICLES = {"readme", "license", "licence", "changelog", "contributing"}
# Larger inputs are almost always a mistake (a dump, a binary); the parser would take minutes.
MAX_ARTICLE_BYTES = 2_000_000


@dataclass(frozen=True)
class Ingested:
    """One input: an article with its warnings, or the one-line error that stopped it."""

    article: Article | None
    warnings: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class Metadata:
    url: str | None = None
    headline: str | None = None
    publisher: str | None = None
    date_published: date | None = None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id(url: str | None, text_hash: str) -> str:
    """Stable id: from the url when known (the same story re-fetched keeps its id), else the text."""
    basis = f"url:{url.strip()}" if url and url.strip() else f"text:{text_hash}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def parse_date(value: str | None, where: str) -> tuple[date | None, str | None]:
    """An ISO date, or None with a warning naming the bad value."""
    if value is None or not value.strip():
        return None, None
    try:
        return date.fromisoformat(value.strip()[:10]), None
    except ValueError:
        return None, f"{where}: date_published {value!r} is not an ISO date (YYYY-MM-DD); relative dates stay unresolved"


def read_metadata(path: Path) -> tuple[dict[str, Metadata], list[str]]:
    """Metadata rows keyed by file name; extra columns are ignored."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            if "file" not in header:
                raise InputError(
                    f"{path}: metadata has no 'file' column (found {', '.join(header) or 'no header'}); "
                    f"the header must name columns among {','.join(METADATA_COLUMNS)}"
                )
            rows, warnings = _metadata_rows(path, reader)
            missing = [c for c in METADATA_COLUMNS if c not in header]
            if missing:
                warnings.insert(0, f"{path}: no {', '.join(missing)} column; add it to the header "
                                   f"({','.join(METADATA_COLUMNS)}) or those fields stay unknown")
            return rows, warnings
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read metadata ({exc}); give a UTF-8 CSV with --metadata") from None


def _metadata_rows(path: Path, reader: csv.DictReader) -> tuple[dict[str, Metadata], list[str]]:
    rows: dict[str, Metadata] = {}
    warnings: list[str] = []
    for n, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            warnings.append(f"{path}:{n}: row without a file name skipped")
            continue
        if name in rows:
            warnings.append(f"{path}:{n}: {name} listed twice; the first row is used")
            continue
        when, warn = parse_date(row.get("date_published"), f"{path}:{n}")
        if warn:
            warnings.append(warn)
        rows[name] = Metadata(
            url=_clean(row.get("url")),
            headline=_clean(row.get("headline")),
            publisher=_clean(row.get("publisher")),
            date_published=when,
        )
    return rows, warnings


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def discover(paths: Iterable[Path]) -> list[Path]:
    """Article files under the given files and folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder; check the path")
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                # a broken link is kept so that it fails with its name instead of vanishing
                if (p.is_file() or (p.is_symlink() and not p.exists()))
                and p.suffix.lower() in (*TEXT_SUFFIXES, *HTML_SUFFIXES, JSONL_SUFFIX)
                and not p.name.startswith(".") and p.stem.lower() not in NOT_ARTICLES
            )
        else:
            found.append(path)
    return found


def read_text(path: Path) -> str:
    """The file's text; a clear error for binary, non-UTF-8, oversized or unreadable files."""
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a folder, not an article file; rename it or give its files")
        size = path.stat().st_size  # before reading: a 50 MB dump is refused without loading it
        if size > MAX_ARTICLE_BYTES:
            raise InputError(
                f"{path}: {size:,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte article limit; split it into articles"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); check that it exists and is readable") from None
    if len(raw) > MAX_ARTICLE_BYTES:  # grew while being read
        raise InputError(
            f"{path}: {len(raw):,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte article limit; split it into articles"
        )
    if b"\x00" in raw:
        raise InputError(f"{path}: looks binary (NUL bytes); give UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 (byte {exc.start}); convert it, e.g. iconv -f cp1252 -t utf-8"
        ) from None


_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
               "article", "section", "header", "footer", "blockquote", "figcaption", "title", "pre", "hr"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


class _TextOfHtml(HTMLParser):
    """Visible text of an HTML page: one paragraph per block element, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ARG002 - HTMLParser API
        if tag in _SKIP_TAGS and tag != "head":
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and tag != "head":
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:4096]))


def html_to_text(markup: str) -> str:
    """The text kg extracts from an HTML article (stdlib html.parser): paragraphs separated by a blank line.

    This text *is* the article for kg: the content hash and every evidence offset refer to it, not to the markup.
    """
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def make_article(text: str, file: str, meta: Metadata) -> Article:
    text_hash = content_hash(text)
    return Article(
        id=article_id(meta.url, text_hash),
        text=text,
        file=file,
        content_hash=text_hash,
        url=meta.url,
        headline=meta.headline,
        publisher=meta.publisher,
        date_published=meta.date_published,
    )


def iter_jsonl(path: Path) -> Iterator[Ingested]:
    """One article per line: a ``text`` field plus the metadata fields."""
    for n, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Ingested(None, error=f"{where}: not JSON ({exc.msg}); each line must be one JSON object")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            yield Ingested(None, error=f"{where}: no 'text' field with the article; each line needs \"text\": \"...\"")
            continue
        when, warn = parse_date(obj.get("date_published"), where)
        meta = Metadata(
            url=_clean(obj.get("url")),
            headline=_clean(obj.get("headline")),
            publisher=_clean(obj.get("publisher")),
            date_published=when,
        )
        name = _clean(obj.get("file")) or f"{path.name}#{n}"
        yield Ingested(make_article(obj["text"], name, meta), tuple(w for w in (warn,) if w))


def read_articles(paths: Iterable[Path], metadata: Path | None = None) -> Iterator[Ingested]:
    """One Ingested per input file (per line of a .jsonl); metadata warnings come as their own items."""
    files = discover(list(paths))
    tables: dict[Path, tuple[dict[str, Metadata], list[str]]] = {}
    explicit = read_metadata(metadata) if metadata else None
    if explicit:
        yield Ingested(None, tuple(explicit[1]))
    if explicit:
        names = {p.name for p in files}
        yield Ingested(None, tuple(_unlisted(metadata, explicit[0], names, metadata.parent)))
    for path in files:
        if path.suffix.lower() == JSONL_SUFFIX:
            try:
                yield from iter_jsonl(path)
            except InputError as exc:
                yield Ingested(None, error=str(exc))
            continue
        if explicit is None and path.parent not in tables:
            try:
                tables[path.parent] = _sidecar(path.parent)
            except InputError as exc:  # this folder's articles are still built, without metadata
                tables[path.parent] = ({}, [])
                yield Ingested(None, error=str(exc))
            csv_path = path.parent / METADATA_NAME
            yield Ingested(None, (*tables[path.parent][1],
                                  *_unlisted(csv_path, tables[path.parent][0], set(), path.parent)))
        table = explicit or tables[path.parent]
        yield _one_text_file(path, table[0])


def _unlisted(csv_path: Path, rows: dict[str, Metadata], found: set[str], folder: Path) -> list[str]:
    """A warning for each file the metadata lists that is neither among the inputs nor beside the CSV."""
    return [f"{csv_path}: lists {name}, which is not among the articles; check the name or remove the row"
            for name in rows if name not in found and not (folder / name).exists()]


def _sidecar(folder: Path) -> tuple[dict[str, Metadata], list[str]]:
    csv_path = folder / METADATA_NAME
    return read_metadata(csv_path) if csv_path.is_file() else ({}, [])


def _one_text_file(path: Path, table: dict[str, Metadata]) -> Ingested:
    try:
        text = read_text(path)
    except InputError as exc:
        return Ingested(None, error=str(exc))
    warnings: list[str] = []
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(text):
        text = html_to_text(text)
        warnings.append(f"{path}: HTML converted to text; evidence offsets count characters of that text")
    if not text.strip():
        return Ingested(None, error=f"{path}: empty article skipped; give it text")
    meta = table.get(path.name)
    if meta is None:
        meta = Metadata()
        warnings.append(f"{path}: no metadata row; publisher and date unknown, relative dates stay unresolved")
    else:
        if not meta.publisher:
            warnings.append(f"{path}: no publisher in the metadata")
        if not meta.date_published:
            warnings.append(f"{path}: no date_published; relative dates stay unresolved")
    return Ingested(make_article(text, path.name, meta), tuple(warnings))
