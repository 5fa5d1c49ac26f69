"""Read articles and their metadata from files and folders.

>>> arts, warnings = read_articles([Path("seeds")])  # doctest: +SKIP
"""
from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable, Iterator

from kg.errors import InputError
from kg.jsonl import iter_jsonl
from kg.model import Article
from kg.source import (  # noqa: F401 - re-exported: callers read articles through kg.ingest
    MAX_ARTICLE_BYTES, Metadata, Source, article_id, clean, content_hash, decode_text, make_article, open_regular,
    parse_date, read_regular,
)

TEXT_SUFFIXES = (".txt", ".md")
# HTML is converted to text (markup stripped); that text is the article: offsets and hashes refer to it.
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIX = ".jsonl"
METADATA_COLUMNS = ("file", "url", "headline", "publisher", "date_published")
METADATA_NAME = "articles.csv"
# Project files that sit beside articles in a folder and are not articles.
NOT_ARTICLES = {"readme", "license", "licence", "changelog", "contributing"}
# csv's default field limit is 131,072 characters; a metadata field may be as long as an article, no longer.
CSV_FIELD_LIMIT = MAX_ARTICLE_BYTES


@dataclass(frozen=True)
class Ingested:
    """One input: an article with its warnings, or the one-line error that stopped it."""

    article: Article | None
    warnings: tuple[str, ...] = ()
    error: str | None = None


def read_metadata(path: Path) -> tuple[dict[str, Metadata], list[str]]:
    """Metadata rows keyed by file name (or path relative to the folder built); extra columns are ignored."""
    if csv.field_size_limit() < CSV_FIELD_LIMIT:  # process-wide, only ever raised to this bound
        csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        with open_regular(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as fh:
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
    except csv.Error as exc:
        where = f"{path}:{reader.line_num}" if "reader" in locals() else str(path)
        raise InputError(f"{where}: not a usable CSV ({exc}); fields may hold at most {CSV_FIELD_LIMIT:,} "
                         f"characters, quote fields that hold commas or line breaks") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read metadata ({exc}); give a UTF-8 CSV with --metadata") from None


def _metadata_rows(path: Path, reader: csv.DictReader[str]) -> tuple[dict[str, Metadata], list[str]]:
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
            url=clean(row.get("url")),
            headline=clean(row.get("headline")),
            publisher=clean(row.get("publisher")),
            date_published=when,
        )
    return rows, warnings


def discover(paths: Iterable[Path]) -> list[Path]:
    """Article files under the given files and folders, in a stable order."""
    return [source.path for source in sources(paths)]


def sources(paths: Iterable[Path]) -> list[Source]:
    """Each article file with its key: the path relative to the folder given, or a given file's name."""
    found: list[Source] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder; check the path")
        if path.is_dir():
            found.extend(
                Source(p, p.relative_to(path).as_posix()) for p in sorted(path.rglob("*"))
                # anything but a folder: a broken link, a FIFO or a socket fails with its name instead of vanishing
                if not p.is_dir()
                and p.suffix.lower() in (*TEXT_SUFFIXES, *HTML_SUFFIXES, JSONL_SUFFIX)
                and not p.name.startswith(".") and p.stem.lower() not in NOT_ARTICLES
            )
        else:
            found.append(Source(path, path.name))
    return found


def read_text(path: Path) -> str:
    """The file's text; a clear error for binary, non-UTF-8, oversized, unreadable or non-regular files."""
    return decode_text(read_regular(path), str(path))


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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002 - HTMLParser API
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


def read_articles(paths: Iterable[Path], metadata: Path | None = None) -> Iterator[Ingested]:
    """One Ingested per input file (per line of a .jsonl); metadata warnings come as their own items."""
    files = sources(list(paths))
    tables: dict[Path, tuple[dict[str, Metadata], list[str]]] = {}
    explicit = read_metadata(metadata) if metadata else None
    if explicit and metadata is not None:
        yield Ingested(None, tuple(explicit[1]))
        names = {p.path.name for p in files} | {p.key for p in files}
        yield Ingested(None, tuple(_unlisted(metadata, explicit[0], names, metadata.parent)))
    keys: dict[str, Path] = {}
    for source in files:
        path = source.path
        if source.key in keys:
            if _same_file(keys[source.key], path):  # given twice (a folder and a file in it): read once
                continue
            yield Ingested(None, error=f"{path}: has the same name, {source.key}, as {keys[source.key]}; "
                                       f"give their common folder so that each is named by its own path")
            continue
        keys[source.key] = path
        if path.suffix.lower() == JSONL_SUFFIX:
            try:
                for article, warnings, error in iter_jsonl(path, source.key):
                    yield Ingested(article, warnings, error)
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
        yield _one_text_file(source, table[0])


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a.absolute() == b.absolute()


def _unlisted(csv_path: Path, rows: dict[str, Metadata], found: set[str], folder: Path) -> list[str]:
    """A warning for each file the metadata lists that is neither among the inputs nor beside the CSV."""
    return [f"{csv_path}: lists {name}, which is not among the articles; check the name or remove the row"
            for name in rows if name not in found and not (folder / name).exists()]


def _sidecar(folder: Path) -> tuple[dict[str, Metadata], list[str]]:
    csv_path = folder / METADATA_NAME
    return read_metadata(csv_path) if csv_path.is_file() else ({}, [])


def _one_text_file(source: Source, table: dict[str, Metadata]) -> Ingested:
    path = source.path
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
    meta = table.get(source.key) or table.get(path.name)  # a --metadata CSV may name nested files by path
    if meta is None:
        meta = Metadata()
        warnings.append(f"{path}: no metadata row; publisher and date unknown, relative dates stay unresolved")
    else:
        if not meta.publisher:
            warnings.append(f"{path}: no publisher in the metadata")
        if not meta.date_published:
            warnings.append(f"{path}: no date_published; relative dates stay unresolved")
    return Ingested(make_article(text, source.key, meta), tuple(warnings))
