"""The gazetteer's names as an on-disk SQLite index, so a question or a query parameter looks up a few names
without loading the whole gazetteer (~0.3 s of unmarshalling per process): built once from ``Gazetteer.load()``
and kept next to the gazetteer's cache. Its key is the size and modification time of every file the gazetteer
is built from (a stat each, where the gazetteer's own content digest costs ~0.1 s per process): a changed file
rebuilds it. kg.graph.placelookup reads it for a name no stored label matches."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import tempfile
import threading
from functools import cache
from pathlib import Path

import kg.places.gazetteer as gazetteer_module
import kg.text as text_module
from kg.places.gazetteer import DATA_DIR, DATA_FILES, GEONAMES_DIR, Gazetteer
from kg.text import fold

_BASE = "urn:kg-base:"  # stands for the store's base IRI in the index


class PlaceNames:
    """IRIs (as the store's Minter would mint them) of every gazetteer place called a name. One connection,
    shared by the threads of a process (``kg.run_query`` may be called from several) behind a lock."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or index_path()
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                if not self._path.exists():
                    _build(self._path)
                self._db = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, check_same_thread=False)
            except (OSError, sqlite3.Error):  # no writable cache: an index in memory for this process
                self._db = sqlite3.connect(":memory:", check_same_thread=False)
                _fill(self._db)
        return self._db

    def iris(self, name: str, base: str) -> tuple[str, ...]:
        key = fold(name)
        if not key:
            return ()
        with self._lock:
            rows = self._connect().execute("SELECT iri FROM names WHERE name = ? ORDER BY rank", (key,)).fetchall()
        return tuple(base + iri[len(_BASE):] if iri.startswith(_BASE) else iri for (iri,) in rows)


def index_path() -> Path:
    digest = hashlib.sha256(sys.version.encode())
    sources = (Path(gazetteer_module.__file__), Path(text_module.__file__), Path(__file__),
               *(DATA_DIR / n for n in DATA_FILES),
               *sorted(GEONAMES_DIR.glob("*")))
    for source in sources:
        stat = source.stat()
        digest.update(f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"
    return cache / f"place-names-{digest.hexdigest()[:16]}.sqlite"


def _build(path: Path) -> None:
    """Write the index atomically; a failed write leaves no file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".place-names-")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        _fill(db)
        db.close()
        os.replace(tmp, path)
        for old in (*path.parent.glob("place-names-*.sqlite"), *path.parent.glob("ask-names-*.sqlite")):
            if old != path:  # "ask-names-": the index's name before it moved out of kg.ask
                old.unlink(missing_ok=True)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _fill(db: sqlite3.Connection) -> None:
    from kg.graph.rdf import Minter  # only to build the index

    gazetteer = Gazetteer.load()
    minter = Minter(_BASE)
    names = sorted({name for name, _ in gazetteer.surface_forms()})
    db.execute("CREATE TABLE names (name TEXT NOT NULL, rank INTEGER NOT NULL, iri TEXT NOT NULL)")
    db.executemany("INSERT INTO names VALUES (?, ?, ?)", (
        (name, rank, minter.place(place).value)
        for name in names for rank, place in enumerate(gazetteer.candidates(name))
    ))
    db.execute("CREATE INDEX by_name ON names (name)")
    db.commit()


@cache
def shared() -> PlaceNames:
    return PlaceNames()
