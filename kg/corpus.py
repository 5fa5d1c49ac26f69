"""The real-text development corpus (``tests/realworld/*.toml``, format in its README).

A passage is a short verbatim quote from a news page with the events a careful reader takes from it. The
corpus is scored like a gold CSV: each passage becomes an article (its text, outlet and publication date) and
each expected event a gold row, so ``kg eval`` reads a corpus folder as it reads ``seeds/gold.csv``.
"""
from __future__ import annotations

import csv
import tempfile
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.evaluate import EvalResult
from kg.extract.lexicon import load_lexicon
from kg.model import DEFAULT_MODEL

POLARITIES = ("asserted", "claimed", "denied")
_PASSAGE_FIELDS = {"id", "conflict", "url", "outlet", "site", "published", "text", "note", "wrong", "expect"}
_EXPECT_FIELDS = {"type", "place", "province", "country", "date", "polarity", "actor", "sources", "background", "note"}
_REQUIRED = ("id", "conflict", "url", "outlet", "published", "text")
GOLD_COLUMNS = ("file", "event_type", "place", "province", "country", "date", "actor", "reported_by",
                "polarity", "evidence", "background")


@dataclass(frozen=True)
class Expected:
    """One event a reader takes from a passage."""

    type: str
    place: str
    province: str
    country: str
    date: str
    polarity: str
    actor: str
    sources: tuple[str, ...]
    background: bool


@dataclass(frozen=True)
class Passage:
    """A quoted passage with its page, outlet, date and expected events."""

    id: str
    conflict: str
    url: str
    outlet: str
    site: str
    published: date
    text: str
    note: str
    wrong: bool
    expect: tuple[Expected, ...]
    source: Path

    @property
    def file(self) -> str:
        """The article file name the passage is built from."""
        return f"{self.id}.txt"


def event_types() -> tuple[str, ...]:
    """The event types a passage may expect: those of the lexicon."""
    return tuple(load_lexicon().events)


def corpus_files(path: Path) -> list[Path]:
    """The corpus's TOML files: ``path`` itself, or every ``*.toml`` in the folder."""
    if path.is_dir():
        files = sorted(path.glob("*.toml"))
        if not files:
            raise InputError(f"{path}: no *.toml passage files; see tests/realworld/README.md for the format")
        return files
    return [path]


def is_corpus(path: Path) -> bool:
    """Whether ``path`` is a passage corpus (a TOML file or a folder of them) rather than a gold CSV."""
    return path.suffix == ".toml" or (path.is_dir() and any(path.glob("*.toml")))


def load_corpus(path: Path) -> list[Passage]:
    """Every passage of the corpus, checked: InputError names the file, passage, field and the fix."""
    passages: list[Passage] = []
    seen: dict[str, Path] = {}
    for file in corpus_files(path):
        for passage in _read_file(file):
            if passage.id in seen:
                raise InputError(f"{file}: passage id {passage.id!r} is also in {seen[passage.id]}; ids must be unique")
            seen[passage.id] = file
            passages.append(passage)
    return passages


def _read_file(file: Path) -> list[Passage]:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"cannot read corpus file {file}: {err.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"{file}: not valid TOML ({err}); see tests/realworld/README.md") from None
    tables = data.get("passage")
    if not isinstance(tables, list):
        raise InputError(f"{file}: no [[passage]] tables; see tests/realworld/README.md for the format")
    return [_passage(file, table) for table in tables]


def _passage(file: Path, table: dict[str, object]) -> Passage:
    where = f"{file}: passage {table.get('id', '?')!r}"
    unknown = set(table) - _PASSAGE_FIELDS
    if unknown:
        raise InputError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}; "
                         f"fields are {', '.join(sorted(_PASSAGE_FIELDS))}")
    for name in _REQUIRED:
        if not isinstance(table.get(name), str) or not str(table[name]).strip():
            raise InputError(f"{where}: field {name!r} must be a non-empty string")
    published = _iso(where, "published", str(table["published"]))
    if published is None:
        raise InputError(f"{where}: published must be an ISO date (YYYY-MM-DD)")
    expect = table.get("expect", [])
    if not isinstance(expect, list):
        raise InputError(f"{where}: expect must be a list of [[passage.expect]] tables")
    return Passage(
        id=str(table["id"]), conflict=str(table["conflict"]), url=str(table["url"]), outlet=str(table["outlet"]),
        site=str(table.get("site", "")), published=published, text=str(table["text"]),
        note=str(table.get("note", "")), wrong=bool(table.get("wrong", False)),
        expect=tuple(_expected(where, e) for e in expect), source=file,
    )


def _expected(where: str, table: object) -> Expected:
    if not isinstance(table, dict):
        raise InputError(f"{where}: each expect entry must be a table")
    unknown = set(table) - _EXPECT_FIELDS
    if unknown:
        raise InputError(f"{where}: unknown expect field(s) {', '.join(sorted(unknown))}; "
                         f"fields are {', '.join(sorted(_EXPECT_FIELDS))}")
    kind = str(table.get("type", ""))
    if kind not in event_types():
        raise InputError(f"{where}: expect type {kind!r} is not one of {', '.join(event_types())}")
    polarity = str(table.get("polarity", "asserted"))
    if polarity not in POLARITIES:
        raise InputError(f"{where}: expect polarity {polarity!r} is not one of {', '.join(POLARITIES)}")
    when = str(table.get("date", ""))
    if when:
        _iso(where, "date", when)
    sources = table.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise InputError(f"{where}: expect sources must be a list of strings")
    return Expected(kind, str(table.get("place", "")), str(table.get("province", "")), str(table.get("country", "")),
                    when, polarity, str(table.get("actor", "")), tuple(sources), bool(table.get("background", False)))


def _iso(where: str, field: str, value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{where}: {field} {value!r} is not an ISO date (YYYY-MM-DD)") from None


def write_articles(passages: Iterable[Passage], folder: Path) -> Path:
    """Each passage as ``<id>.txt`` with an ``articles.csv`` (url, outlet, date) in ``folder``; the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "articles.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("file", "url", "headline", "publisher", "date_published"))
        for p in passages:
            (folder / p.file).write_text(p.text, encoding="utf-8")
            # several passages quote one page: the fragment keeps each its own article (identity is the url)
            writer.writerow((p.file, f"{p.url}#{p.id}", "", p.outlet, p.published.isoformat()))
    return folder


def gold_rows(passages: Sequence[Passage]) -> list[dict[str, str]]:
    """The expected events as gold rows (seeds/gold.csv columns); no time cue scores as the publication day."""
    rows = []
    for p in passages:
        for e in p.expect:
            rows.append({
                "file": p.file, "event_type": e.type, "place": e.place, "province": e.province,
                "country": e.country,
                "date": "" if e.background and not e.date else (e.date or p.published.isoformat()),
                "actor": e.actor, "reported_by": "; ".join(e.sources), "polarity": e.polarity,
                "evidence": p.text, "background": "true" if e.background else "",
            })
    return rows


@dataclass(frozen=True)
class CorpusResult:
    """The scores of a corpus run and the passages kg still gets wrong."""

    score: EvalResult
    passages: int
    wrong: tuple[Passage, ...]

    def to_text(self) -> str:
        """The score tables, then the passages still wrong, one line each."""
        lines = [self.score.to_text().rstrip("\n"), "",
                 f"passages still wrong: {len(self.wrong)} of {self.passages}"]
        lines += [f"  {p.id}  ({p.conflict}){'  — ' + p.note if p.note else ''}" for p in self.wrong]
        return "\n".join(lines) + "\n"


def wrong_passages(passages: Sequence[Passage], result: EvalResult) -> tuple[Passage, ...]:
    """Passages with a missed or spurious unit in any metric."""
    files = {m.file for m in (*result.missed, *result.spurious)}
    return tuple(p for p in passages if p.file in files)


def evaluate_corpus(path: Path, model: str = DEFAULT_MODEL, jobs: int = 1) -> CorpusResult:
    """Build every passage of the corpus into a scratch store and score the ``events`` rows."""
    from kg.builder import build
    from kg.evaluate import default_place_key, score_rows
    from kg.graph.query import run_query
    from kg.graph.store import open_store

    passages = load_corpus(path)
    # the store may still be flushing its last files when it is closed: a leftover scratch file is harmless
    with tempfile.TemporaryDirectory(prefix="kg-corpus-", ignore_cleanup_errors=True) as scratch:
        folder = write_articles(passages, Path(scratch) / "articles")
        with open_store(Path(scratch) / "store") as kgs:
            build([folder], kgs, model=model, jobs=jobs)
            rows = run_query(kgs.store, "events", {}).as_dicts()
    result = score_rows(gold_rows(passages), rows, default_place_key)
    return CorpusResult(result, len(passages), wrong_passages(passages, result))
