"""The store folder on disk: what may be opened, atomic creation, locks, and damage as one line.

Oxigraph keeps its data in RocksDB files; the rules here decide, before RocksDB touches a folder, whether
kg may open it, so that a refused writer leaves the folder exactly as it was (RocksDB rotates its LOG and
writes a new MANIFEST/OPTIONS on every writable open, even one that then fails on the lock).
"""
from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Callable, Iterator

from pyoxigraph import Store

from kg.errors import StoreError

SERVE_LOCK = "kg-serve.lock"  # held (flock, shared) by every `kg serve` of the store; writers take it exclusively
CREATING = ".creating-"  # a store being created: <parent>/.<name>.creating-<pid>-<random>, renamed when ready
_OWN_FILES = {SERVE_LOCK}


def damage_text(exc: BaseException) -> str | None:
    """What RocksDB says is damaged ("block checksum mismatch in 000017.sst offset 28414"), or None when
    the error is not about damaged files."""
    text = " ".join(str(exc).split())
    low = text.lower()
    if not any(word in low for word in ("corruption", "checksum mismatch", "bad magic number", "bad block",
                                         "truncated", "malformed")):
        return None
    what = re.sub(r"^.*?(?:Corruption|IO error):\s*", "", text)
    what = re.split(r":\s*stored\b|\s+The file |\s+in \S+ offset ", what)[0].strip(" .:")
    where = re.search(r"in \S*?([^/\s]+\.(?:sst|log)|MANIFEST-\d+|CURRENT|OPTIONS-\d+)(?: offset (\d+))?", text)
    where = where or re.search(r"The file \S*?([^/\s]+) may be corrupted()", text)
    if where and where.group(1) not in what:
        what += f" in {where.group(1)}" + (f" offset {where.group(2)}" if where.group(2) else "")
    return what[:200]


def damaged(path: Path | str, what: str) -> StoreError:
    return StoreError(f"store is damaged: {path}: {what} — restore a backup (kg backup) or rebuild "
                      f"(kg build ARTICLES --store NEW_FOLDER)")


def as_store_error(path: Path | str, exc: BaseException) -> StoreError | None:
    """A pyoxigraph error raised while reading or writing, as kg's one line; None if it is not one kg knows."""
    if isinstance(exc, StoreError):
        return None  # already kg's own line (it may quote another file: an export's full disk)
    what = damage_text(exc)
    if what is not None:
        return damaged(path, what)
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "no space left" in str(exc).lower():
        return StoreError(f"{path}: the disk is full (stored graphs are intact; the batch being written was "
                          f"not stored); free space and run the build again")
    return None


def _lock_holder(lock_file: Path) -> int | None:
    """The pid holding RocksDB's POSIX lock on LOCK, read from /proc/locks (no fd opened: closing any fd of
    a file drops all of this process's fcntl locks on it, which would unlock a store we hold ourselves)."""
    try:
        st = lock_file.stat()
        table = Path("/proc/locks").read_text()
    except OSError:
        return None
    inode = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in table.splitlines():
        fields = line.split()
        if "POSIX" in fields and len(fields) >= 6 and fields[5] == inode:
            try:
                return int(fields[4])
            except ValueError:
                return None
    return None


def in_use(path: Path) -> StoreError:
    return StoreError(f"{path}: store is in use by another kg process; wait for it to finish")


def check_writable(path: Path) -> bool:
    """Refuse, before anything is written, a writer kg must not let RocksDB loose on. True: the store exists;
    False: there is nothing there yet (create it)."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not a store folder; pass a folder with --store")
    if not path.exists():
        return False
    if not (path / "CURRENT").exists():
        if any(p.name not in _OWN_FILES for p in path.iterdir()):
            raise StoreError(f"{path}: this folder is not a kg store (no CURRENT file) and not empty; "
                             f"nothing was written; choose a new or empty folder with --store")
        return False
    holder = _lock_holder(path / "LOCK")
    if holder is not None and holder != os.getpid():
        raise in_use(path)
    return True


def create(path: Path, open_writer: Callable[[Path], Store]) -> None:
    """Create a store atomically: initialise it in a folder beside ``path`` and rename it into place, so a
    kill at any moment leaves either no store or one readers can open (never a half-created folder)."""
    parent = path.parent if str(path.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the store folder ({exc.strerror}); check the path") from None
    _remove_stale(parent, path.name)
    tmp = parent / f".{path.name}{CREATING}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        store = open_writer(tmp)
        store.flush()
        del store  # closes RocksDB: its files are complete before the rename makes them visible
        if path.is_dir() and not (path / "CURRENT").exists():
            for own in _OWN_FILES & {p.name for p in path.iterdir()}:
                os.replace(path / own, tmp / own)
            path.rmdir()  # the empty folder the user named; rename cannot replace a non-empty one
        os.rename(tmp, path)
    except StoreError as exc:  # from open_writer: name the store the user gave, not the folder beside it
        raise StoreError(str(exc).replace(str(tmp), str(path))) from None
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST) and (path / "CURRENT").exists():
            return  # another writer created it first: open that one (its lock decides who writes)
        error = as_store_error(path, exc)
        raise error or StoreError(f"{path}: cannot create the store ({exc}); check the path and free space") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _remove_stale(parent: Path, name: str) -> None:
    """Folders left by creations that were killed (their pid is gone)."""
    for left in parent.glob(f".{name}{CREATING}*"):
        pid = left.name[len(f".{name}{CREATING}"):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(left, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def serving_lock(path: str | Path) -> Iterator[Path]:
    """Held by ``kg serve`` for as long as it serves ``path``: a shared flock on <store>/kg-serve.lock, so
    several servers may serve one store, and a writer (``open_store`` without read_only) is refused with one
    line while any holds it. Raises StoreError if a writer holds the store now (a build is running)."""
    folder = Path(path)
    if not (folder / "CURRENT").exists():
        raise StoreError(f"{folder}: no kg store here; build one with 'kg build ARTICLES --store {folder}'")
    try:
        fd = os.open(folder / SERVE_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{folder}: cannot create {SERVE_LOCK} ({exc.strerror}); kg serve needs a writable "
                         f"store folder to announce itself to builds") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{folder}: a build is writing this store; serve it when the build has finished") from None
        yield folder / SERVE_LOCK
    finally:
        os.close(fd)


@contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """A writer's exclusive hold on kg-serve.lock (if a server ever announced itself): no `kg serve` starts
    while it writes, and it is refused while one serves."""
    try:
        fd = os.open(path / SERVE_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write in the store folder ({exc.strerror}); check its permissions") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if _lock_holder(path / "LOCK") == os.getpid():
                raise in_use(path) from None  # this process writes it already (flock is per open file)
            raise StoreError(f"{path}: store is being served by kg serve; stop the server first, or build into "
                             f"another folder and serve that one") from None
        yield
    finally:
        os.close(fd)
