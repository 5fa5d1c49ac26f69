"""`kg check` (read every index of a store) and `kg backup` (a consistent, independent copy).

Oxigraph keeps each quad in several RocksDB indexes (gspo/gpos/gosp for named graphs, spog/posg/ospg for the
union, dspo/dpos/dosp for the default graph) plus a string table. A plain scan reads only gspo and dspo, so
damage in another index would show up only in some queries; the check reads each index through the quad
pattern that Oxigraph answers from it and compares the counts (measured: a flipped byte in any one of the
seven data files of a store is found). Every read stops at the first error: pyoxigraph's iterators repeat
a storage error forever, and a SPARQL query over such an iterator runs out of memory, so none is used here.
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import DefaultGraph, Quad, Store

from kg.errors import StoreError
from kg.graph.storefs import CREATING, as_store_error, damage_text, damaged


@dataclass(frozen=True)
class CheckReport:
    path: str
    quads: int
    graphs: int
    subjects: int
    predicates: int
    objects: int
    seconds: float

    def to_text(self) -> str:
        return (f"{self.path}: ok: {self.quads} quads in {self.graphs} named graphs ({self.subjects} subjects, "
                f"{self.predicates} predicates, {self.objects} objects), read through each of its indexes in "
                f"{self.seconds:.1f} s")


def probe(store: Store, deadline: float) -> str | None:
    """What is damaged, found by a plain scan (gspo, dspo) until ``deadline``; None if nothing was found."""
    try:
        for n, _ in enumerate(store):
            if n % 4096 == 0 and time.monotonic() > deadline:
                return None
        for g in store.named_graphs():
            if time.monotonic() > deadline:
                return None
            for _ in store.quads_for_pattern(None, None, None, g):
                pass
    except (OSError, RuntimeError, ValueError) as exc:
        return damage_text(exc) or " ".join(str(exc).split())[:200]
    return None


def _local(store: object, path: Path | str, command: str) -> None:
    if not isinstance(store, Store):
        raise StoreError(f"{path}: {command} works on a local store folder, not a SPARQL endpoint; "
                         f"run it where the store is")


def _count(quads: Iterable[Quad]) -> int:
    return sum(1 for _ in quads)


def check_store(store: Store, path: Path | str) -> CheckReport:
    """Read every quad through every index; StoreError "store is damaged: ..." at the first failure.

    Memory: the distinct subjects, predicates and objects of the store (and one graph's terms at a time)."""
    _local(store, path, "kg check")
    started = time.monotonic()
    try:
        return _check(store, str(path), started)
    except (OSError, RuntimeError, ValueError) as exc:
        error = as_store_error(path, exc)
        raise error or damaged(path, " ".join(str(exc).split())[:200]) from None


def _check(store: Store, path: str, started: float) -> CheckReport:
    subjects: set[Any] = set()
    predicates: set[Any] = set()
    objects: set[Any] = set()
    total = 0
    graphs = list(store.named_graphs())  # the graph table
    for g in [DefaultGraph(), *graphs]:  # gspo (dspo), and the string table for every term
        in_g: list[set[Any]] = [set(), set()]
        size = 0
        for q in store.quads_for_pattern(None, None, None, g):
            size += 1
            subjects.add(q.subject)
            predicates.add(q.predicate)
            objects.add(q.object)
            in_g[0].add(q.predicate)
            in_g[1].add(q.object)
        total += size
        # gpos (dpos) by predicate, gosp (dosp) by object: one graph's terms at a time
        for index, n in (("gpos", sum(_count(store.quads_for_pattern(None, t, None, g)) for t in in_g[0])),
                         ("gosp", sum(_count(store.quads_for_pattern(None, None, t, g)) for t in in_g[1]))):
            if n != size:
                raise damaged(path, f"index {index} holds {n} quads of graph {g} instead of {size}")
    if len(store) != total:
        raise damaged(path, f"the store counts {len(store)} quads but its graphs hold {total}")
    for index, n in (("spog/dspo", sum(_count(store.quads_for_pattern(t, None, None, None)) for t in subjects)),
                     ("posg/dpos", sum(_count(store.quads_for_pattern(None, t, None, None)) for t in predicates)),
                     ("ospg/dosp", sum(_count(store.quads_for_pattern(None, None, t, None)) for t in objects))):
        if n != total:
            raise damaged(path, f"index {index} holds {n} quads instead of {total}")
    return CheckReport(path, total, len(graphs), len(subjects), len(predicates), len(objects),
                       time.monotonic() - started)


@dataclass(frozen=True)
class BackupReport:
    target: str
    files: int
    bytes: int
    quads: int


def backup_store(store: Store, source: Path, target: Path) -> BackupReport:
    """A consistent copy of a store that may be in use (RocksDB checkpoint), then made independent: the
    checkpoint hard-links the immutable files, and a link shares the original's damage, so each linked file
    is copied. Written beside ``target`` and renamed into place: an interrupted backup leaves no target."""
    _local(store, source, "kg backup")
    if target.exists():
        raise StoreError(f"{target}: already exists; kg backup writes a new folder (remove it or pick another name)")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise StoreError(f"{target}: its folder {parent} does not exist; create it first")
    tmp = parent / f".{target.name}{CREATING}{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        store.backup(str(tmp))
        files = size = 0
        for f in sorted(tmp.iterdir()):
            files += 1
            size += f.stat().st_size
            if f.stat().st_nlink > 1:
                copy = f.with_name(f.name + ".copy")
                shutil.copyfile(f, copy)
                os.replace(copy, f)
        quads = len(Store.read_only(str(tmp)))
        if quads != len(store):
            raise StoreError(f"{target}: the copy holds {quads} quads, the store {len(store)}; "
                             f"run kg check on {source}")
        os.rename(tmp, target)
    except (OSError, RuntimeError, ValueError) as exc:
        error = as_store_error(source, exc)
        raise error or StoreError(f"{target}: the backup failed ({' '.join(str(exc).split())[:200]}); "
                                  f"nothing was written") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return BackupReport(str(target), files, size, quads)
